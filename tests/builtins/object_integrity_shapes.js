// Object.freeze / Object.seal on ordinary objects move them to a shared frozen/sealed shape
// (one transition per shape): the attributes must be exactly those of SetIntegrityLevel, and
// objects of one shape, frozen or not, must keep behaving independently.
"use strict";
const mk = (i) => ({ a: i, b: "x" + i, get c() { return this.a * 2; }, set d(v) { this.a = v; } });
const objs = [];
for (let i = 0; i < 6; i++) objs.push(mk(i));
Object.freeze(objs[1]); Object.freeze(objs[3]); Object.seal(objs[4]);
const desc = (o) => Object.entries(Object.getOwnPropertyDescriptors(o))
  .map(([k, d]) => k + ":" + ("value" in d ? "v" + (d.writable ? "w" : "") : "acc") + (d.enumerable ? "e" : "") + (d.configurable ? "c" : "")).join(",");
print(desc(objs[0]));
// expect: a:vwec,b:vwec,c:accec,d:accec
print(desc(objs[1]));
// expect: a:ve,b:ve,c:acce,d:acce
print(desc(objs[4]));
// expect: a:vwe,b:vwe,c:acce,d:acce
// reads through one site see every object, frozen or not (inline caches keyed by shape)
let sum = 0;
for (let r = 0; r < 3; r++) for (const o of objs) sum += o.a + o.c + o.b.length;
print(sum);
// expect: 171
// writes: allowed on the unfrozen and the sealed one, refused on the frozen ones
const tryWrite = (o, v) => { try { o.a = v; return "ok"; } catch (e) { return e.name; } };
print(objs.map((o, i) => tryWrite(o, 100 + i)).join(" "), objs.map((o) => o.a).join(" "));
// expect: ok TypeError ok TypeError ok ok 100 1 102 3 104 105
// a setter on a frozen object still runs (its own writes are what fail)
try { objs[3].d = 9; } catch (e) { print("setter:", e.name); }
// expect: setter: TypeError
print(Object.isFrozen(objs[1]), Object.isSealed(objs[4]), Object.isFrozen(objs[4]), Object.isExtensible(objs[0]));
// expect: true true false true
// adding, deleting and redefining fail on the frozen and sealed ones
const tryOp = (f) => { try { f(); return "ok"; } catch (e) { return e.name; } };
print(tryOp(() => { objs[1].z = 1; }), tryOp(() => { delete objs[4].a; }),
      tryOp(() => Object.defineProperty(objs[1], "a", { value: 1 })), tryOp(() => Object.defineProperty(objs[1], "a", { value: 7 })));
// expect: TypeError TypeError ok TypeError
// freezing again, or freezing a sealed object, gives the same attributes
Object.freeze(objs[1]); Object.freeze(objs[4]);
print(desc(objs[4]), Object.isFrozen(objs[4]));
// expect: a:ve,b:ve,c:acce,d:acce true
// a frozen empty object, a frozen function and its prototype property
const f = function g() {}; Object.freeze(f);
print(Object.isFrozen({}), Object.isFrozen(Object.freeze({})), desc(f));
// expect: false true length:v,name:v,prototype:v
// objects frozen after a different history keep their own values
const p = { x: 1 }, q = { x: 2 }; q.y = 3; Object.freeze(p); Object.freeze(q);
print(p.x, q.x, q.y, JSON.stringify([p, q]));
// expect: 1 2 3 [{"x":1},{"x":2,"y":3}]
