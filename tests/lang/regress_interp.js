// Regression tests for interpreter/compiler bugs found while running test262.
// for-of must keep the iterator result rooted while reading it through a Proxy
var res = new Proxy({}, { get(t, k) { return k === "done" ? false : k === "value" ? 23 : undefined; } });
var once = { [Symbol.iterator]() { var n = 0; return { next() { return n++ ? { done: true } : res; } }; } };
for (var x of once) print(x); // expect: 23
// super[key]: GetSuperBase before ToPropertyKey, key converted once
var order = [];
var proto = { k: "proto-k" };
var o2 = { __proto__: proto, m() { return super[{ toString() { order.push("key"); return "k"; } }]; } };
print(o2.m(), order.join()); // expect: proto-k key
// the completion value of a finally that breaks
print(eval('99; do { -99; try { 39 } catch (e) { -1 } finally { 42; break; -2 }; } while (false);')); // expect: 42
print(eval('99; do { -99; try { 39 } catch (e) { -1 } finally { break; -2 }; } while (false);')); // expect: undefined
// let in a for-of head is in its TDZ while the head expression runs
try { (function () { let q = 1; for (let q of [q]) {} })(); } catch (e) { print(e.name); } // expect: ReferenceError
// (a?.b)() keeps this
var a = { b() { return this === a; } }; print((a?.b)(), a?.b?.()); // expect: true true
// a throwing return() during a break closes the iterator only once
var closes = 0;
var it2 = { [Symbol.iterator]() { return { next() { return { value: 1, done: false }; }, return() { closes++; throw new Error("r"); } }; } };
try { for (var v of it2) break; } catch (e) { print(e.message, closes); } // expect: r 1
// empty try block with a destructuring catch parameter compiles
try {} catch ([e1 = 1]) {} print("ok"); // expect: ok
// with + labelled block + loops: stack depth bookkeeping
blk: { if (true) break blk; } for (;;) { break; } for (var q2 of [1]) ; print("loops ok"); // expect: loops ok
