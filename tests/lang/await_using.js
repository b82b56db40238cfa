// `await using` (ES2026): async disposal in async functions and async generators
var log = [];
function A(n, fail) {
  return { async [Symbol.asyncDispose]() { log.push(n); if (fail) throw new Error(n); } };
}
function S(n) { return { [Symbol.dispose]() { log.push("sync " + n); return "result ignored"; } }; }

async function main() {
  {
    await using a = A("a"), b = S("b"), c = null;
    using d = { [Symbol.dispose]() { log.push("plain d"); } };
    log.push("body");
  }
  print(log.join(", ")); log = [];

  // each disposal is awaited before the next one starts
  var order = [];
  {
    await using x = { [Symbol.asyncDispose]() { order.push("x start"); return new Promise(r => Promise.resolve().then(() => { order.push("x end"); r(); })); } };
    await using y = { [Symbol.asyncDispose]() { order.push("y start"); return Promise.resolve().then(() => order.push("y end")); } };
  }
  print(order.join(", "));

  // errors: the body's error is suppressed by a rejected disposal
  try {
    await using a = A("e1", true);
    throw new Error("body");
  } catch (e) { print(e.name, e.error.message, e.suppressed.message); }
  log = [];

  // a return value crosses the awaits
  async function f() { await using r = A("in f"); return "ret"; }
  print(await f(), log.join()); log = [];

  // for (await using x of ...) disposes each iteration
  for (await using it of [A("it1"), A("it2")]) log.push("iter");
  print(log.join()); log = [];

  // for await (await using ...) over an async iterable
  async function* src() { yield A("g1"); yield A("g2"); }
  for await (await using v of src()) log.push("v");
  print(log.join()); log = [];

  // null only: one await still happens
  var ticks = 0, done = false;
  (async () => { while (!done) { ticks++; await null; } })();
  { await using z = null; }
  done = true;
  print("awaited", ticks > 0);

  // not disposable
  try { await using bad = {}; } catch (e) { print(e.constructor.name); }

  // async generators: return() disposes with awaits
  async function* ag() { await using r = A("ag"); yield 1; yield 2; }
  var g = ag();
  await g.next();
  print(JSON.stringify(await g.return(5)), log.join()); log = [];
}
main().then(() => print("end"), e => print("failed", e));
// expect: body, plain d, sync b, a
// expect: y start, y end, x start, x end
// expect: SuppressedError e1 body
// expect: ret in f
// expect: iter,it1,iter,it2
// expect: v,g1,v,g2
// expect: awaited true
// expect: TypeError
// expect: {"value":5,"done":true} ag
// expect: end
