// A generator suspended inside blocks holding `using` bindings, an AsyncDisposableStack and a
// DisposableStack with resources; all of them are disposed after the restore (part B).
var log = [];
function R(n) { return { name: n, [Symbol.dispose]() { log.push("dispose " + this.name); } }; }
function* worker() {
  using outer = R("outer");
  for (using it of [R("iter0"), R("iter1")]) {
    using inner = R("inner");
    const got = yield it.name;
    log.push("got " + got);
  }
  yield "after loop";
}
var g = worker();
print("A", g.next().value);
// expect: A iter0
var throwing = worker();
throwing.next();
var stack = new DisposableStack();
stack.adopt("adopted", v => log.push("adopt " + v));
stack.use(R("stacked"));
var astack = new AsyncDisposableStack();
astack.defer(async () => log.push("async deferred"));
// an async function suspended in the middle of its `await using` disposal
var hlog = [], finishDispose;
async function holder() {
  await using first = { async [Symbol.asyncDispose]() { hlog.push("first disposed"); } };
  await using second = { [Symbol.asyncDispose]() { hlog.push("second started"); return new Promise(r => { finishDispose = r; }); } };
  hlog.push("body");
}
holder().then(() => print("holder done", hlog.join("|")));
print("A", hlog.join("|"));
// expect: A body|second started
