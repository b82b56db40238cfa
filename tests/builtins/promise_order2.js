// More ordering: async functions, await, finally, thenables, reject/catch.
async function f1() { print('f1 start'); await null; print('f1 after await'); return 'f1 done'; }
f1().then(function (v) { print(v); });
Promise.resolve().then(function () { print('p1'); }).then(function () { print('p2'); }).then(function () { print('p3'); });
var thenable = { then: function (r) { print('thenable.then called'); r('T'); } };
Promise.resolve(thenable).then(function (v) { print('resolved ' + v); });
Promise.reject(new Error('E')).catch(function (e) { print('caught ' + e.message); }).finally(function () { print('finally'); });
print('sync');
// Expected output (spec order, as produced by V8):
// expect: f1 start
// expect: sync
// expect: f1 after await
// expect: p1
// expect: thenable.then called
// expect: caught E
// expect: f1 done
// expect: p2
// expect: resolved T
// expect: finally
// expect: p3
