// Map / Set / WeakMap / WeakSet
var m = new Map([[1, "a"], ["1", "b"], [NaN, "n"], [-0, "z"]]);
print(m.size, m.get(1), m.get("1"), m.get(NaN), m.get(0), m.get(+0), m.has(-0), m.get(2));
m.set(1, "A").set({}, 1); print(m.size, m.get(1), m.delete(1), m.delete(1), m.size);
print([...m.keys()].map(String).join(), [...m.values()].join(), [...m].length, m[Symbol.iterator] === m.entries);
var order = new Map(); order.set("x", 1); order.set("y", 2); order.delete("x"); order.set("x", 3); print([...order.keys()].join());
var it = order.entries(); print(JSON.stringify(it.next().value)); order.set("z", 9); order.delete("x");
print(JSON.stringify(it.next().value), it.next().done, it.next().done);
var big = new Map(); for (var i = 0; i < 1000; i++) big.set("k" + i, i); for (var i = 0; i < 990; i++) big.delete("k" + i);
print(big.size, big.get("k995"), [...big.keys()][0]);
var live = new Map([[1, 1], [2, 2], [3, 3]]); var li = live.keys(); print(li.next().value);
for (var i = 4; i < 100; i++) live.set(i, i); for (var i = 1; i < 50; i++) live.delete(i);
print(li.next().value, li.next().value);
var cl = new Map([[1, 1], [2, 2]]); var ci = cl.values(); ci.next(); cl.clear(); cl.set(5, 5); print(ci.next().value, ci.next().done);
var fe = []; new Map([[1, 2]]).forEach(function (v, k, mm) { fe.push(v, k, mm instanceof Map, this.t); }, { t: "T" }); print(fe.join());
var s = new Set([1, 2, 2, "2", NaN, NaN]); print(s.size, s.has(NaN), s.has("2"), s.add(3) === s, s.size);
print([...s].join(), s.keys === s.values, Set.prototype[Symbol.iterator] === Set.prototype.values, JSON.stringify([...new Set([1]).entries()]));
var grow = new Set([1]); var n = 0; grow.forEach(x => { if (x < 5) grow.add(x + 1); n++; }); print(n);
print(Object.prototype.toString.call(new Map()), Object.prototype.toString.call(new Set().values()), String(Map[Symbol.species] === Map));
try { Map(); } catch (e) { print(e.name); }
try { Map.prototype.get.call({}, 1); } catch (e) { print(e.name); }
try { new Map([1]); } catch (e) { print(e.name); }
var wm = new WeakMap(); var k1 = {}, k2 = function () {};
wm.set(k1, 1).set(k2, 2); print(wm.get(k1), wm.has(k2), wm.delete(k2), wm.has(k2), wm.get({}), wm.has(1));
try { wm.set(1, 1); } catch (e) { print(e.name); }
var ws = new WeakSet([k1]); print(ws.has(k1), ws.has({}), ws.delete(k1), ws.has(k1));
try { ws.add("s"); } catch (e) { print(e.name); }
print(new Map([[{}, 1]]).size, new Set("hello").size, new Map(new Map([[1, 2]])).get(1));
var km = new Map(); km.set(1n, "big"); print(km.get(1n), km.has(2n));
var sym = Symbol("s"); var ms = new Map([[sym, 1]]); print(ms.get(sym));

// expect: 4 a b n z z true undefined
// expect: 5 A true false 4
// expect: 1,NaN,0,[object Object] b,n,z,1 4 true
// expect: y,x
// expect: ["y",2]
// expect: ["z",9] true true
// expect: 10 995 k990
// expect: 1
// expect: 50 51
// expect: 5 true
// expect: 2,1,true,T
// expect: 4 true true true 5
// expect: 1,2,2,NaN,3 true true [[1,1]]
// expect: 5
// expect: [object Map] [object Set Iterator] true
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 1 true true false undefined false
// expect: TypeError
// expect: true false true false
// expect: TypeError
// expect: 1 4 2
// expect: big false
// expect: 1
