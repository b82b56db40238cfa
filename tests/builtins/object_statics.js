// Object constructor and statics.
var o = Object(1);
print(typeof o, o instanceof Number, o.valueOf()); // expect: object true 1
var p = {};
print(Object(p) === p, typeof Object(), typeof Object(null)); // expect: true object object

var t = Object.assign({a: 1}, {b: 2}, null, undefined, 'xy', {c: 3});
print(JSON.stringify(t)); // expect: {"0":"x","1":"y","a":1,"b":2,"c":3}
var log = [];
var src = {};
Object.defineProperty(src, 'hidden', {value: 1, enumerable: false});
src.x = 1;
var target = { set x(v) { log.push('set x ' + v); } };
Object.assign(target, src);
print(log.join(), Object.keys(target).join()); // expect: set x 1 x

var c = Object.create({inherited: 1}, {own: {value: 2, enumerable: true}, hid: {value: 3}});
print(c.inherited, c.own, c.hid, Object.keys(c).join()); // expect: 1 2 3 own
print(Object.getPrototypeOf(Object.create(null))); // expect: null
try { Object.create(1); } catch (e) { print(e.constructor.name); } // expect: TypeError

var d = {};
Object.defineProperty(d, 'x', {get: function () { return 42; }, configurable: true});
print(d.x, JSON.stringify(Object.getOwnPropertyDescriptor(d, 'x'))); // expect: 42 {"enumerable":false,"configurable":true}
Object.defineProperties(d, {y: {value: 1, writable: true}, z: {value: 2, enumerable: true}});
print(JSON.stringify(Object.getOwnPropertyDescriptor(d, 'y'))); // expect: {"value":1,"writable":true,"enumerable":false,"configurable":false}
try { Object.defineProperty(1, 'x', {}); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Object.defineProperty(d, 'z', {value: 3}); } catch (e) { print(e.constructor.name); } // expect: TypeError

var e = {a: 1, b: 'two', [Symbol('s')]: 3};
print(JSON.stringify(Object.entries(e))); // expect: [["a",1],["b","two"]]
print(Object.keys(e).join(), Object.values(e).join()); // expect: a,b 1,two
print(Object.keys('ab').join()); // expect: 0,1
print(Object.keys({2: 1, 1: 1, b: 1, a: 1}).join()); // expect: 1,2,b,a

var f = Object.freeze({a: 1});
print(Object.isFrozen(f), Object.isSealed(f), Object.isExtensible(f)); // expect: true true false
f.a = 2;
print(f.a); // expect: 1
var s = Object.seal({a: 1});
s.a = 5; s.b = 1;
print(s.a, s.b, Object.isSealed(s), Object.isFrozen(s)); // expect: 5 undefined true false
print(Object.freeze(1), Object.isFrozen(1), Object.isSealed('x'), Object.isExtensible(1)); // expect: 1 true true false
print(Object.isFrozen({}), Object.isFrozen(Object.preventExtensions({}))); // expect: false true

var fe = Object.fromEntries([['a', 1], ['b', 2]]);
print(JSON.stringify(fe)); // expect: {"a":1,"b":2}
print(JSON.stringify(Object.fromEntries(new Map([['x', 1]])))); // expect: {"x":1}
try { Object.fromEntries([1]); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Object.fromEntries(); } catch (e) { print(e.constructor.name); } // expect: TypeError

var descs = Object.getOwnPropertyDescriptors({a: 1, get b() { return 2; }});
print(Object.keys(descs).join(), descs.a.value, typeof descs.b.get); // expect: a,b 1 function
print(Object.getOwnPropertyDescriptor({}, 'x')); // expect: undefined
print(Object.getOwnPropertyDescriptor('abc', 'length').value); // expect: 3

var sym = Symbol('k');
var g = {b: 1, a: 2, 1: 0};
g[sym] = 1;
Object.defineProperty(g, 'h', {value: 1});
print(Object.getOwnPropertyNames(g).join()); // expect: 1,b,a,h
print(Object.getOwnPropertySymbols(g).length, Object.getOwnPropertySymbols(g)[0] === sym); // expect: 1 true
print(Object.getOwnPropertyNames('ab').join()); // expect: 0,1,length

print(Object.getPrototypeOf([]) === Array.prototype, Object.getPrototypeOf(1) === Number.prototype); // expect: true true
try { Object.getPrototypeOf(null); } catch (e) { print(e.constructor.name); } // expect: TypeError
var proto = {hi: function () { return 'hi'; }};
var q = Object.setPrototypeOf({}, proto);
print(q.hi(), Object.setPrototypeOf(1, null)); // expect: hi 1
try { Object.setPrototypeOf({}, 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Object.setPrototypeOf(Object.preventExtensions({}), {}); } catch (e) { print(e.constructor.name); } // expect: TypeError
var cyc = {};
try { Object.setPrototypeOf(proto, q); } catch (e) { print(e.constructor.name); } // expect: TypeError

print(Object.hasOwn({a: 1}, 'a'), Object.hasOwn({a: 1}, 'b'), Object.hasOwn('ab', 1)); // expect: true false true
try { Object.hasOwn(null, 'a'); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Object.is(NaN, NaN), Object.is(0, -0), Object.is('a', 'a'), Object.is({}, {})); // expect: true false true false
var pe = {};
print(Object.preventExtensions(pe) === pe, Object.isExtensible(pe), Object.preventExtensions(2)); // expect: true false 2
pe.x = 1;
print(pe.x); // expect: undefined
print(Object.length, Object.name, Object.assign.length, Object.defineProperty.length); // expect: 1 Object 2 3
print(Object.prototype.constructor === Object); // expect: true
class Sub extends Object { constructor() { super(5); } }
print(typeof new Sub(), new Sub() instanceof Sub); // expect: object true
