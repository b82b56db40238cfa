// Object.prototype methods.
var o = {a: 1};
print(o.hasOwnProperty('a'), o.hasOwnProperty('toString'), 'abc'.hasOwnProperty('1')); // expect: true false true
try { Object.prototype.hasOwnProperty.call(null, 'a'); } catch (e) { print(e.constructor.name); } // expect: TypeError
var order = [];
try {
  Object.prototype.hasOwnProperty.call(undefined, {toString: function () { order.push('key'); return 'a'; }});
} catch (e) { order.push(e.constructor.name); }
print(order.join()); // expect: key,TypeError
print(Object.prototype.isPrototypeOf(o), Array.prototype.isPrototypeOf([]), o.isPrototypeOf(1)); // expect: true true false
print(Object.prototype.isPrototypeOf.call(null, 1)); // expect: false
print(o.propertyIsEnumerable('a'), [1].propertyIsEnumerable('length'), [1].propertyIsEnumerable(0)); // expect: true false true
print(o.toLocaleString()); // expect: [object Object]
var ts = Object.prototype.toString;
print(ts.call(undefined), ts.call(null), ts.call(1), ts.call('s'), ts.call(true)); // expect: [object Undefined] [object Null] [object Number] [object String] [object Boolean]
print(ts.call([]), ts.call(function () {}), ts.call(new Error('x')), ts.call(/x/), ts.call(new Date(0))); // expect: [object Array] [object Function] [object Error] [object RegExp] [object Date]
(function () { print(ts.call(arguments)); })(); // expect: [object Arguments]
print(ts.call(Symbol()), ts.call(Math), ts.call(JSON), ts.call(Promise.resolve())); // expect: [object Symbol] [object Math] [object JSON] [object Promise]
print(ts.call({[Symbol.toStringTag]: 'Custom'}), ts.call({[Symbol.toStringTag]: 1})); // expect: [object Custom] [object Object]
var arr = [];
arr[Symbol.toStringTag] = 'NotArray';
print(ts.call(arr), ts.call(new Map()), ts.call(new Proxy([], {}))); // expect: [object NotArray] [object Map] [object Array]
print(String({}), `${{}}`); // expect: [object Object] [object Object]
print(typeof Object.prototype.valueOf.call(1), o.valueOf() === o); // expect: object true
print({}.__proto__ === Object.prototype, Object.create(null).__proto__); // expect: true undefined
var child = {};
child.__proto__ = o;
print(child.a, Object.getPrototypeOf(child) === o); // expect: 1 true
child.__proto__ = 5;
print(Object.getPrototypeOf(child) === o); // expect: true
var desc = Object.getOwnPropertyDescriptor(Object.prototype, '__proto__');
print(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable, desc.get.name, desc.set.name); // expect: function function false true get __proto__ set __proto__
var g = {};
g.__defineGetter__('x', function () { return 7; });
g.__defineSetter__('x', function (v) { this.y = v; });
g.x = 3;
print(g.x, g.y, typeof g.__lookupGetter__('x'), typeof g.__lookupSetter__('x')); // expect: 7 3 function function
var h = Object.create(g);
print(h.__lookupGetter__('x') === g.__lookupGetter__('x'), h.__lookupGetter__('y'), h.__lookupGetter__('zz')); // expect: true undefined undefined
try { g.__defineGetter__('z', 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Object.keys(g).join()); // expect: x,y
print(Object.prototype.toString.length, Object.prototype.hasOwnProperty.name); // expect: 0 hasOwnProperty
