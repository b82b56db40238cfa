print("B", g.next("x").value, log.join("|"));
// expect: B iter1 got x|dispose inner|dispose iter0
log = [];
print(JSON.stringify(g.return("stop")), log.join("|"));
// expect: {"value":"stop","done":true} dispose inner|dispose iter1|dispose outer
log = [];
try { throwing.throw(new Error("boom")); } catch (e) { print("thrown", e.message, log.join("|")); }
// expect: thrown boom dispose inner|dispose iter0|dispose outer
log = [];
stack.dispose();
print(log.join("|"), stack.disposed);
// expect: dispose stacked|adopt adopted true
log = [];
astack.disposeAsync().then(() => print("async done", log.join("|")));
// expect: async done async deferred
finishDispose();
// expect: holder done body|second started|first disposed
