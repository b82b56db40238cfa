// Promise API.
var log = [];
var p1 = new Promise(function (res, rej) { res(1); res(2); rej(3); });
p1.then(function (v) { print('p1', v); });
var p2 = new Promise(function () { throw new TypeError('in executor'); });
p2.catch(function (e) { print('p2', e.name, e.message); });
var p3 = new Promise(function (res) { res(1); throw new Error('ignored'); });
p3.then(function (v) { print('p3', v); });
try { Promise(); } catch (e) { print(e.constructor.name); }
try { new Promise(1); } catch (e) { print(e.constructor.name); }
print(typeof Promise.prototype.then, Promise.length, Promise.prototype.then.length, Promise.name);
Promise.all([1, Promise.resolve(2), {then: function (r) { r(3); }}]).then(function (v) { print('all', v.join(), Array.isArray(v)); });
Promise.all([]).then(function (v) { print('all empty', v.length); });
Promise.all([1, Promise.reject('bad'), 3]).catch(function (e) { print('all rejected', e); });
Promise.allSettled([1, Promise.reject('no')]).then(function (r) { print('allSettled', JSON.stringify(r)); });
Promise.any([Promise.reject(1), Promise.resolve(2)]).then(function (v) { print('any', v); });
Promise.any([Promise.reject(1), Promise.reject(2)]).catch(function (e) { print('any rejected', e.constructor.name, e.errors.join(), e.message); });
Promise.any([]).catch(function (e) { print('any empty', e.constructor.name, e.errors.length); });
Promise.race([new Promise(function () {}), Promise.resolve('fast')]).then(function (v) { print('race', v); });
Promise.all(5).catch(function (e) { print('all non-iterable', e.constructor.name); });
var self = new Promise(function (r) { Promise.resolve().then(function () { r(self); }); });
self.catch(function (e) { print('self', e.constructor.name); });
Promise.resolve(42).finally(function () { return 'ignored'; }).then(function (v) { print('finally value', v); });
Promise.reject('r').finally(function () {}).catch(function (v) { print('finally reason', v); });
Promise.resolve(1).finally(function () { throw 'override'; }).catch(function (v) { print('finally throw', v); });
var pr = Promise.resolve(7);
var rj = Promise.reject(1); rj.catch(function () {});
print(Promise.resolve(pr) === pr, rj instanceof Promise);
Promise.reject(2).catch(function () {});
print(Object.prototype.toString.call(pr), Promise[Symbol.species] === Promise);
class MyP extends Promise {}
var mp = MyP.resolve(1);
print(mp instanceof MyP, mp.then(function () {}) instanceof MyP, MyP.resolve(mp) === mp, Promise.resolve(mp) === mp);
try { Promise.resolve.call(1); } catch (e) { print(e.constructor.name); }
try { Promise.prototype.then.call({}); } catch (e) { print(e.constructor.name); }
var caps = [];
function Fake(ex) { ex(function (v) { caps.push('res ' + v); }, function (v) { caps.push('rej ' + v); }); }
Promise.resolve.call(Fake, 'x');
Promise.reject.call(Fake, 'y');
print(caps.join());
// Expected output (spec order, as produced by V8):
// expect: TypeError
// expect: TypeError
// expect: function 1 2 Promise
// expect: true true
// expect: [object Promise] true
// expect: true true true false
// expect: TypeError
// expect: TypeError
// expect: res x,rej y
// expect: p1 1
// expect: p2 TypeError in executor
// expect: p3 1
// expect: all empty 0
// expect: any empty AggregateError 0
// expect: all non-iterable TypeError
// expect: all rejected bad
// expect: allSettled [{"status":"fulfilled","value":1},{"status":"rejected","reason":"no"}]
// expect: any 2
// expect: any rejected AggregateError 1,2 All promises were rejected
// expect: race fast
// expect: self TypeError
// expect: finally throw override
// expect: all 1,2,3 true
// expect: finally value 42
// expect: finally reason r
