// Regression: shortening an array with fast elements left index keys >= 2^31 (kept in the
// shape) in place. test262 built-ins/Array/length/S15.4.5.2_A3_T4.js
var x = [0, 1, 2];
x[4294967294] = 1;
print(x.length);
x.length = 2;
print(x[4294967294], x.length, Object.keys(x).join());
// expect: 4294967295
// expect: undefined 2 0,1
