// destructuring in declarations, assignments, parameters, loops
var [a, , b = 5, ...rest] = [1, 2, undefined, 4, 5];
print(a, b, rest.join()); // expect: 1 5 4,5
var { x, y: why = "dflt", z: { deep } = { deep: "d" }, ...others } = { x: 1, extra: 2, more: 3 };
print(x, why, deep, JSON.stringify(others)); // expect: 1 dflt d {"extra":2,"more":3}
let [[n1, n2], { k }] = [[10, 20], { k: 30 }]; print(n1 + n2 + k); // expect: 60
var p, q; [p, q] = [q, p] = [1, 2]; print(p, q); // expect: 1 2
var m = 1, n = 2; [m, n] = [n, m]; print(m, n); // expect: 2 1
var o = {}; ({ a: o.first, b: o["second"] } = { a: "A", b: "B" }); print(o.first, o.second); // expect: A B
function f({ name, age = 0 } = {}, [first, ...others] = []) { return name + ":" + age + ":" + first + ":" + others.length; }
print(f({ name: "n" }, [1, 2, 3]), f()); // expect: n:0:1:2 undefined:0:undefined:0
for (var [i, j] of [[1, 2], [3, 4]]) print(i * j); // expect: 2
// expect: 12
for (var { v } of [{ v: "v1" }]) print(v); // expect: v1
var [s1, s2, s3] = "ab"; print(s1, s2, s3); // expect: a b undefined
try { var { nothere } = null; } catch (e) { print(e.name); } // expect: TypeError
try { var [it] = {}; } catch (e) { print(e.name); } // expect: TypeError
var closed = false; var iter = { [Symbol.iterator]() { return { next() { return { value: 1, done: false }; }, return() { closed = true; return {}; } }; } };
var [only] = iter; print(only, closed); // expect: 1 true
var { [("com" + "puted")]: cv } = { computed: "C" }; print(cv); // expect: C
var { length } = "hello"; print(length); // expect: 5
var fnName = ({ fn = function () {} } = {}).fn; var { g = () => {} } = {}; print(g.name); // expect: g
var [d1 = 1, d2 = d1 + 1] = []; print(d1, d2); // expect: 1 2
var count = 0; var [e1 = ++count, e2 = ++count] = [undefined, 5]; print(e1, e2, count); // expect: 1 5 1
