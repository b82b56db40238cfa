// A resizable ArrayBuffer with a length-tracking Float16Array view and a DataView, and a
// detached buffer, across a snapshot.
var rab = new ArrayBuffer(4, { maxByteLength: 16 });
var halves = new Float16Array(rab);
var dv = new DataView(rab);
halves[0] = 1.337; halves[1] = -65504;
rab.resize(8);
halves[2] = 0.1;
var moved = new ArrayBuffer(8).transfer(2);
var old = new ArrayBuffer(3);
var fresh = old.transfer();
print(rab.byteLength, rab.maxByteLength, rab.resizable, halves.length, Array.from(halves).join());
// expect: 8 16 true 4 1.3369140625,-65504,0.0999755859375,0
print(old.detached, fresh.byteLength, moved.byteLength, moved.resizable);
// expect: true 3 2 false
