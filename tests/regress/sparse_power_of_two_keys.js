// Regression: integer keys 1, 2, 4, ... 2^30 on one object (a TypeScript flags enum) grew a
// dense elements array of 2^30 holes, and the heap ran out (TypeScript's own typescript.js
// could not load). Sparse keys must go to the slow (shape) representation.
// flags: --memory-limit 64
var Flags = {};
for (var k = 0; k <= 30; k++) Flags[Flags["F" + k] = 2 ** k] = "F" + k;
print(Flags[1], Flags[1073741824], Flags.F30, Object.keys(Flags).length);
var a = [];
for (var k = 0; k <= 30; k++) a[2 ** k] = k;
print(a.length, a[1 << 30], Object.keys(a).length);
var dense = [];
for (var i = 0; i < 5000; i++) dense[i * 2] = i;   // half full: stays dense and correct
print(dense.length, dense[9998], dense[9997]);
// expect: F0 F30 1073741824 62
// expect: 1073741825 30 31
// expect: 9999 4999 undefined
