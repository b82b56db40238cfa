rab.resize(12);
halves[5] = 3.14159;
print(halves.length, halves[0], halves[1], halves[5], dv.byteLength, dv.getFloat16(10, true));
// expect: 6 1.3369140625 -65504 3.140625 12 3.140625
rab.resize(2);
print(halves.length, Array.from(halves).join(), old.detached, old.byteLength);
// expect: 1 1.3369140625 true 0
try { old.resize(1); } catch (e) { print(e.constructor.name); }
// expect: TypeError
