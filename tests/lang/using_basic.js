// `using` declarations (ES2026 explicit resource management): disposal order and exits
var log = [];
function R(n, fail) {
  return { [Symbol.dispose]() { log.push(n); if (fail) throw new Error(n); } };
}
function flush() { print(log.join(" ")); log = []; }

{ using a = R("a"), b = R("b"); using c = null, d = undefined; log.push("body"); }
flush();
// expect: body b a

function ret() { using a = R("f"); log.push("in f"); return "v"; }
log.push(ret());
flush();
// expect: in f f v

for (using x of [R("i1"), R("i2")]) log.push("iter");
flush();
// expect: iter i1 iter i2

var n = 0;
for (using y = R("for"); n < 2; n++) log.push("loop" + n);
flush();
// expect: loop0 loop1 for

out: { using q = R("break"); break out; }
for (var k = 0; k < 2; k++) { using z = R("cont" + k); continue; }
flush();
// expect: break cont0 cont1

for (using x of [R("brk-of"), R("never")]) break;
flush();
// expect: brk-of

// throw in the body, errors in disposal: SuppressedError chains, newest outermost
try {
  using a = R("d1", true);
  using b = R("d2", true);
  throw new Error("body");
} catch (e) {
  print(e.name, e.error.message, e.suppressed.name, e.suppressed.error.message,
        e.suppressed.suppressed.message);
}
// expect: SuppressedError d1 SuppressedError d2 body
log = [];
try { { using a = R("only", true); } } catch (e) { print(e.message, e instanceof SuppressedError); }
// expect: only false
log = [];
// a disposal error replaces a return value
function retThrows() { using a = R("r", true); return 1; }
try { retThrows(); } catch (e) { print("caught", e.message); }
// expect: caught r
log = [];

// bad values: TypeError at the declaration, earlier resources still disposed
try { using ok = R("ok"); using bad = {}; log.push("unreached"); } catch (e) { log.push(e.constructor.name); }
flush();
// expect: ok TypeError
try { using bad = 1; } catch (e) { print(e.constructor.name); }
// expect: TypeError
try { using bad = { [Symbol.dispose]: 1 }; } catch (e) { print(e.constructor.name); }
// expect: TypeError

// the method is read once, at the declaration, and called with the resource as this
var reads = 0;
var res = { get [Symbol.dispose]() { reads++; return function () { print("this ok", this === res); }; } };
{ using r = res; print("reads", reads); }
// expect: reads 1
// expect: this ok true

// const binding, TDZ
try { using c = null; c = 1; } catch (e) { print(e.constructor.name); }
// expect: TypeError
try { { print(early); using early = null; } } catch (e) { print(e.constructor.name); }
// expect: ReferenceError

// `using` is still an identifier where the grammar allows
var using = 3;
print(using, using in { 3: 1 });
// expect: 3 true
{
  using
  ident = 4;
}
print(ident);
// expect: 4
var of = [[9], [8], [7]];
for (using of of [0, 1, 2]) log.push(using);
flush();
// expect: 7
for (using of = null; ;) break;

// generators: return() and throw() dispose a suspended block
function* gen() { using a = R("gen"); yield 1; yield 2; }
var g = gen();
g.next();
print(JSON.stringify(g.return(9)), log.join());
// expect: {"value":9,"done":true} gen
log = [];
g = gen();
g.next();
try { g.throw(new Error("thrown")); } catch (e) { print(e.message, log.join()); }
// expect: thrown gen
log = [];

// switch: using inside a block of a case
switch (1) { case 1: { using s = R("case"); log.push("in case"); } }
flush();
// expect: in case case

// class static block and eval code inside a block
class C { static { using s = R("static"); } }
print(eval("{ using e = R('eval'); 42 }"), log.join());
// expect: 42 static,eval
