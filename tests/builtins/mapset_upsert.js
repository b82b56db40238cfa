// Map/WeakMap getOrInsert and getOrInsertComputed (ES2026 upsert).
var m = new Map();
print(m.getOrInsert("a", 1), m.getOrInsert("a", 2), m.get("a"));     // expect: 1 1 1
print(m.getOrInsert(-0, "z"), m.has(0), Object.is([...m.keys()][1], 0)); // expect: z true true
var calls = 0;
print(m.getOrInsertComputed("b", function (k) { calls++; return k + "!"; })); // expect: b!
print(m.getOrInsertComputed("b", function () { calls++; return "no"; }), calls); // expect: b! 1
// the callback sees the canonical key and its result overwrites a key it inserted
var seen;
print(m.getOrInsertComputed(-0, function () { return 7; }));          // expect: z
print(m.getOrInsertComputed(NaN, function (k) { seen = k; m.set(NaN, "inner"); return "outer"; }), seen, m.get(NaN)); // expect: outer NaN outer
print(m.size);                                                         // expect: 4
print([...m.keys()].join());                                           // expect: a,0,b,NaN
try { m.getOrInsertComputed("q", 5); } catch (e) { print(e.constructor.name, m.has("q")); } // expect: TypeError false
try { Map.prototype.getOrInsert.call(new Set(), 1, 2); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { m.getOrInsertComputed("t", function () { throw new RangeError("x"); }); } catch (e) { print(e.name, m.has("t")); } // expect: RangeError false
print(Map.prototype.getOrInsert.length, Map.prototype.getOrInsertComputed.length, Map.prototype.getOrInsertComputed.name); // expect: 2 2 getOrInsertComputed
// deleted-then-reinserted keys go to the end
m.delete("a");
m.getOrInsert("a", 9);
print([...m].join(";"));                                               // expect: 0,z;b,b!;NaN,outer;a,9
// growth through many insertions
var big = new Map();
for (var i = 0; i < 1000; i++) big.getOrInsertComputed(i, function (k) { return k * 2; });
print(big.size, big.get(999), big.getOrInsert(500, 0));                // expect: 1000 1998 1000

var wm = new WeakMap(), o = {}, s = Symbol("s");
print(wm.getOrInsert(o, 1), wm.getOrInsert(o, 2), wm.get(o));          // expect: 1 1 1
print(wm.getOrInsertComputed(s, function (k) { return typeof k; }));   // expect: symbol
print(wm.getOrInsertComputed(s, function () { return "no"; }));        // expect: symbol
try { wm.getOrInsert(1, 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { wm.getOrInsert(Symbol.for("reg"), 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { wm.getOrInsertComputed({}, null); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { WeakMap.prototype.getOrInsert.call(new Map(), o, 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
var o2 = {};
print(wm.getOrInsertComputed(o2, function (k) { wm.set(k, "inner"); return "outer"; }), wm.get(o2)); // expect: outer outer
// values survive a collection and stay weak
var keep = [];
for (var j = 0; j < 200; j++) { var kk = {}; keep.push(kk); wm.getOrInsertComputed(kk, function () { return { j: j }; }); }
print(wm.get(keep[123]).j);                                            // expect: 123
