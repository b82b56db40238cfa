// iterator protocol: custom iterables, closing on break/throw, spread, destructuring, generators as iterators
function mk(limit, log) {
  return { [Symbol.iterator]() { var i = 0; return { next() { log.push("next"); return { value: i, done: i++ >= limit }; }, return() { log.push("return"); return {}; } }; } };
}
var log = []; for (var x of mk(3, log)) { if (x == 1) break; } print(log.join()); // expect: next,next,return
log = []; try { for (var y of mk(3, log)) throw 1; } catch (e) {} print(log.join()); // expect: next,return
log = []; var [a, b] = mk(5, log); print(a, b, log.join()); // expect: 0 1 next,next,return
log = []; var [...all] = mk(2, log); print(all.join(), log.join()); // expect: 0,1 next,next,next
log = []; print([...mk(2, log)].length, log.length); // expect: 2 3
log = []; function* g() { try { yield* mk(3, log); } finally { log.push("gen-finally"); } } for (var z of g()) break; print(log.join()); // expect: next,return
var m = new Map([[1, "a"], [2, "b"]]); var out = []; for (var [k, v] of m) out.push(k + v); print(out.join()); // expect: 1a,2b
var strs = []; for (var ch of "a😀b") strs.push(ch.length); print(strs.join()); // expect: 1,2,1
var entries = Object.entries({ p: 1, q: 2 }).map(([k, v]) => k + v); print(entries.join()); // expect: p1,q2
log = []; try { var [c = (() => { throw new Error("x"); })()] = mk(0, log); } catch (e) { print(e.message, log.join()); } // expect: x next
var itr = [1, 2, 3][Symbol.iterator](); itr.next(); print([...itr].join()); // expect: 2,3
log = []; label: for (var w of mk(5, log)) { for (var w2 of mk(5, log)) { continue label; } } print(log.filter(s => s == "return").length); // expect: 5
