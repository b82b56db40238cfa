var k1 = { id: 1 }, k2 = { id: 2 };
var m = new Map([[k1, "one"], ["str", 2], [3, "three"]]);
m.set(k2, "two");
m.delete("str");
var s = new Set([k1, "x", 7]);
var wm = new WeakMap([[k1, "weak-one"]]);
var ws = new WeakSet([k2]);
print("A", m.size, s.size, wm.get(k1), ws.has(k2));
// expect: A 3 3 weak-one true
