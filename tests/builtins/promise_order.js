// Promise job ordering (must match the spec exactly).
print('sync start');
Promise.resolve().then(function () { print('a1'); }).then(function () { print('a2'); }).then(function () { print('a3'); });
Promise.resolve().then(function () { print('b1'); }).then(function () { print('b2'); }).then(function () { print('b3'); });
// resolving with a native promise takes two extra ticks
var p = new Promise(function (res) { res(Promise.resolve('inner')); });
p.then(function (v) { print('thenable ' + v); });
Promise.resolve().then(function () { print('t1'); }).then(function () { print('t2'); }).then(function () { print('t3'); }).then(function () { print('t4'); });
Promise.resolve().then(function () { print('c1'); }).then(function () { print('c2'); });
print('sync end');
// Expected output (spec order, as produced by V8):
// expect: sync start
// expect: sync end
// expect: a1
// expect: b1
// expect: t1
// expect: c1
// expect: a2
// expect: b2
// expect: t2
// expect: c2
// expect: a3
// expect: b3
// expect: thenable inner
// expect: t3
// expect: t4
