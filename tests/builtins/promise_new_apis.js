// Promise.withResolvers (ES2024) and Promise.try (ES2025).
var r = Promise.withResolvers();
print(Object.keys(r).join(), r.promise instanceof Promise, typeof r.resolve, typeof r.reject); // expect: promise,resolve,reject true function function
r.promise.then(function (v) { print('withResolvers', v); });
r.resolve('ok');
Promise.try(function (a, b) { return a + b; }, 1, 2).then(function (v) { print('try', v); });
Promise.try(function () { throw 'thrown'; }).catch(function (e) { print('try caught', e); });
Promise.try(5).catch(function (e) { print('try non-callable', e.constructor.name); });
try { Promise.withResolvers.call(1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Promise.try.call(1, function () {}); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Promise.withResolvers.length, Promise.try.length); // expect: 0 1
// expect: withResolvers ok
// expect: try 3
// expect: try caught thrown
// expect: try non-callable TypeError
