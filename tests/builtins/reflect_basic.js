// Reflect.
function f(a, b) { return this.base + a + b; }
print(Reflect.apply(f, {base: 1}, [2, 3]), Reflect.apply(Math.max, null, {length: 2, 0: 4, 1: 9})); // expect: 6 9
try { Reflect.apply(1, null, []); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Reflect.apply(f, null); } catch (e) { print(e.constructor.name); } // expect: TypeError
function C(x) { this.x = x; this.nt = new.target; }
function D() {}
var c = Reflect.construct(C, [5]);
print(c.x, c.nt === C, c instanceof C); // expect: 5 true true
var c2 = Reflect.construct(C, [6], D);
print(c2.x, c2.nt === D, c2 instanceof D, c2 instanceof C); // expect: 6 true true false
try { Reflect.construct(C, [], Math.max); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Reflect.construct(() => 1, []); } catch (e) { print(e.constructor.name); } // expect: TypeError
var o = {};
print(Reflect.defineProperty(o, 'x', {value: 1}), Reflect.defineProperty(o, 'x', {value: 2}), o.x); // expect: true false 1
print(Reflect.deleteProperty(o, 'x'), Reflect.deleteProperty({y: 1}, 'y'), Reflect.deleteProperty(Object.freeze({z: 1}), 'z')); // expect: false true false
var g = {a: 1, get b() { return this.a; }};
print(Reflect.get(g, 'a'), Reflect.get(g, 'b', {a: 42}), Reflect.get([1, 2], 1)); // expect: 1 42 2
try { Reflect.get(1, 'a'); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(JSON.stringify(Reflect.getOwnPropertyDescriptor({a: 1}, 'a')), Reflect.getOwnPropertyDescriptor({}, 'a')); // expect: {"value":1,"writable":true,"enumerable":true,"configurable":true} undefined
print(Reflect.getPrototypeOf([]) === Array.prototype, Reflect.has({a: 1}, 'a'), Reflect.has({}, 'toString'), Reflect.has([], 'length')); // expect: true true true true
try { Reflect.getPrototypeOf(1); } catch (e) { print(e.constructor.name); } // expect: TypeError
var ne = {};
print(Reflect.isExtensible(ne), Reflect.preventExtensions(ne), Reflect.isExtensible(ne)); // expect: true true false
var sym = Symbol('s');
var k = {b: 1, 2: 1, a: 1, 1: 1};
k[sym] = 1;
print(Reflect.ownKeys(k).map(String).join(), typeof Reflect.ownKeys(k)[0]); // expect: 1,2,b,a,Symbol(s) string
print(Reflect.ownKeys([1, 2]).join()); // expect: 0,1,length
var s = {};
print(Reflect.set(s, 'x', 1), s.x, Reflect.set(Object.freeze({x: 1}), 'x', 2)); // expect: true 1 false
var recv = {};
var setter = {set v(x) { this.got = x; }};
print(Reflect.set(setter, 'v', 9, recv), recv.got, setter.got); // expect: true 9 undefined
print(Reflect.setPrototypeOf({}, null), Reflect.setPrototypeOf(Object.preventExtensions({}), {}), Reflect.setPrototypeOf(Object.preventExtensions({}), Object.prototype)); // expect: true false true
try { Reflect.setPrototypeOf({}, 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
var a1 = {};
var a2 = Object.create(a1);
print(Reflect.setPrototypeOf(a1, a2)); // expect: false
print(Reflect[Symbol.toStringTag], String(Reflect), Reflect.apply.length, Reflect.construct.length, Reflect.set.length); // expect: Reflect [object Reflect] 3 2 3
print(typeof Reflect, Object.keys(Reflect).length, Object.getOwnPropertyNames(Reflect).length); // expect: object 0 13
