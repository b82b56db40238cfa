// async functions, await, promise ordering, async generators, for-await
var log = [];
async function a1() { log.push("a1 start"); var v = await 1; log.push("a1 got " + v); return v + 1; }
var p = a1(); log.push("after call");
p.then(v => { log.push("then " + v); });
Promise.resolve().then(() => log.push("micro"));
setTimeoutLike();
function setTimeoutLike() { Promise.resolve().then(() => Promise.resolve()).then(() => Promise.resolve()).then(() => print(log.join(" | "))); }

async function thrower() { await null; throw new Error("async boom"); }
thrower().catch(e => print("caught:", e.message));
async function tc() { try { await Promise.reject("rej"); } catch (e) { return "handled " + e; } }
tc().then(print);
const arrow = async x => x * 2; arrow(21).then(v => print("arrow", v));
class AC { async m() { return this.v; } v = "method"; } new AC().m().then(print);
async function* ag() { yield 1; await null; yield 2; return 3; }
(async () => { var out = []; for await (var v of ag()) out.push(v); print("for await", out.join()); })();
(async () => { var out = []; for await (var v of [Promise.resolve("x"), "y"]) out.push(v); print("sync iter", out.join()); })();
async function seq() { var r = []; for (var i = 0; i < 3; i++) r.push(await Promise.resolve(i)); return r.join(); } seq().then(v => print("seq", v));
var it = ag(); it.next().then(r => print("ag next", JSON.stringify(r)));
async function awaitThenable() { return await { then(res) { res("thenable"); } }; } awaitThenable().then(print);
// expect: arrow 42
// expect: method
// expect: caught: async boom
// expect: handled rej
// expect: ag next {"value":1,"done":false}
// expect: thenable
// expect: seq 0,1,2
// expect: sync iter x,y
// expect: a1 start | after call | a1 got 1 | micro | then 2
// expect: for await 1,2
