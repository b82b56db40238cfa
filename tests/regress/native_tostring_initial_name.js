// Regression: Function.prototype.toString of a built-in used its current "name" property,
// so a redefined name produced text outside the NativeFunction syntax; it now uses the
// [[InitialName]]. Bound functions, proxies and anonymous built-ins show no name.
Object.defineProperty(Math.max, 'name', { value: 'not a name()' });
print(Function.prototype.toString.call(Math.max));
// expect: function max() { [native code] }
print(Function.prototype.toString.call(Object.getOwnPropertyDescriptor(Map.prototype, 'size').get));
// expect: function get size() { [native code] }
print(Function.prototype.toString.call(Symbol.prototype[Symbol.toPrimitive]));
// expect: function [Symbol.toPrimitive]() { [native code] }
print(Function.prototype.toString.call(console.log));
// expect: function log() { [native code] }
function f(a) {}
print(Function.prototype.toString.call(f.bind(null)));
// expect: function () { [native code] }
print(Function.prototype.toString.call(new Proxy(f, {})));
// expect: function () { [native code] }
var res; new Promise(function (r) { res = r; });
print(Function.prototype.toString.call(res));
// expect: function () { [native code] }
