// delete, in, instanceof + Symbol.hasInstance, optional chaining, typeof, comma, void
var o = { a: 1, nested: { b: { c: 3 } }, fn() { return this === o; } };
print(delete o.a, "a" in o, delete o.missing, delete o["nested"].b.c); // expect: true false true true
var frozen = Object.freeze({ x: 1 }); print(delete frozen.x); // expect: false
(function () { "use strict"; try { delete frozen.x; } catch (e) { print(e.name); } })(); // expect: TypeError
class Even { static [Symbol.hasInstance](n) { return n % 2 === 0; } } print(2 instanceof Even, 3 instanceof Even); // expect: true false
var n = null, u;
print(n?.x, u?.x.y.z, o?.nested?.b, o.missing?.(), o.fn?.(), o?.["fn"]()); // expect: undefined undefined [object Object] undefined true true
print(delete n?.x, typeof u?.x); // expect: true undefined
var calls = 0; function side() { calls++; return null; } side()?.a.b.c(); print(calls); // expect: 1
print((a => a?.b)({ b: 7 })); // expect: 7
class Priv { #p = 1; static has(x) { return #p in x; } } print(Priv.has(new Priv()), Priv.has({})); // expect: true false
try { Priv.has(1); } catch (e) { print(e.name); } // expect: TypeError
print(typeof typeof 1, typeof null, typeof [] , typeof class {}, typeof 1n); // expect: string object object function bigint
var i = 0; var r = (i++, i++, i); print(r, void i); // expect: 2 undefined
print([1, 2, 3].includes(2), "b" in { b: undefined }, 0 in "ab".split("")); // expect: true true true
var getterCalls = 0; var g = { get v() { getterCalls++; return 5; } }; g.v += 1; print(getterCalls, g.v); // expect: 1 5
var arr = [1, 2, 3]; arr.length = 1; print(arr.join(), arr.length); // expect: 1 1
arr[5] = 6; print(arr.length, arr[3], 3 in arr); // expect: 6 undefined false
print(1 < 2 < 3, 3 > 2 > 1, "2" > "12", 2 > "12"); // expect: true false true false
print(+[], +{}, [] + {}, [] == false, null == false); // expect: 0 NaN [object Object] true false
print(`${1}${"a"}${null}${undefined}${true}`); // expect: 1anullundefinedtrue
