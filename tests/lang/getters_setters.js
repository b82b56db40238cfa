// accessors, defineProperty, proxies through the interpreter, inheritance of accessors
var log = [];
var obj = { _v: 1, get v() { log.push("get"); return this._v; }, set v(x) { log.push("set " + x); this._v = x; } };
obj.v = obj.v + 1; print(obj.v, log.join()); // expect: 2 get,set 2,get
var child = Object.create(obj); child.v = 10; print(child._v, obj._v, child.hasOwnProperty("_v")); // expect: 10 2 true
Object.defineProperty(obj, "ro", { value: 1, writable: false }); obj.ro = 2; print(obj.ro); // expect: 1
(function () { "use strict"; try { obj.ro = 2; } catch (e) { print(e.name); } })(); // expect: TypeError
var noSetter = { get only() { return 1; } }; noSetter.only = 5; print(noSetter.only); // expect: 1
var p = new Proxy({}, { get(t, k) { return "proxied:" + String(k); }, has(t, k) { return k === "yes"; } });
print(p.anything, "yes" in p, "no" in p); // expect: proxied:anything true false
var counter = 0; var q = new Proxy({ a: 1 }, { set(t, k, v) { counter++; t[k] = v * 2; return true; } }); q.a = 5; q.b = 1; print(q.a, q.b, counter); // expect: 10 2 2
class Temp { static #c = 0; get next() { return ++Temp.#c; } } var t = new Temp(); t.next; print(t.next); // expect: 2
var sym = Symbol("s"); var so = { [sym]: 1, get [Symbol.toStringTag]() { return "Custom"; } }; print(so[sym], String(so)); // expect: 1 [object Custom]
var arr = []; Object.defineProperty(arr, 0, { get() { return "g0"; } }); print(arr[0], arr.length); // expect: g0 1
var str = "hello"; print(str[1], str.length, str[10]); // expect: e 5 undefined
var num = 5; num.prop = 1; print(num.prop); // expect: undefined
Object.defineProperty(Number.prototype, "double", { get() { return this * 2; }, configurable: true }); print((21).double); // expect: 42
