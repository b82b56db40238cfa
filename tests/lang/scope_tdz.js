// block scoping, TDZ, hoisting, shadowing, closures in loops
print(typeof hoistedFn, hoistedVar); // expect: function undefined
var hoistedVar = 1; function hoistedFn() {}
{ let a = 1; { let a = 2; print(a); } print(a); } // expect: 2
// expect: 1
try { print(tdz); let tdz = 1; } catch (e) { print(e.name); } // expect: ReferenceError
function lateClosure() { var f = () => later; let later = "ok"; return f(); } print(lateClosure()); // expect: ok
function early() { var f = () => early2; f2(); let early2 = 1; function f2() { try { f(); } catch (e) { print("tdz in closure", e.name); } } } early(); // expect: tdz in closure ReferenceError
try { (function () { typeof tt; let tt; })(); } catch (e) { print("typeof tdz", e.name); } // expect: typeof tdz ReferenceError
switch (1) { case 0: let sv = 1; case 1: try { sv; } catch (e) { print("switch tdz", e.name); } } // expect: switch tdz ReferenceError
const c = { m: 1 }; c.m = 2; print(c.m); // expect: 2
let counter = 0; for (let i = 0; i < 3; i++) { setTimeoutLike(() => counter += i); } function setTimeoutLike(f) { f(); } print(counter); // expect: 3
if (true) { function blockFn() { return "block"; } } print(blockFn()); // expect: block
print(typeof laterBlockFn); { function laterBlockFn() {} } print(typeof laterBlockFn); // expect: undefined
// expect: function
var shadow = "outer"; function sh() { var shadow = "inner"; return shadow; } print(sh(), shadow); // expect: inner outer
let x = "let-global"; print(globalThis.x, x); // expect: undefined let-global
var vg = "var-global"; print(globalThis.vg); // expect: var-global
function params(a, b = () => a) { var a = "body"; return b(); } print(params("param")); // expect: param
const fns = []; for (const k of [1, 2]) fns.push(() => k); print(fns[0]() + fns[1]()); // expect: 3
label1: { let inner = 5; print(inner); } // expect: 5
