// ES2026 built-ins across a snapshot: Map/WeakMap filled by getOrInsert(Computed).
var m = new Map();
m.getOrInsert("a", 1);
m.getOrInsertComputed("b", function (k) { return k + k; });
var wkey = {};
var wm = new WeakMap();
wm.getOrInsertComputed(wkey, function () { return { n: 41 }; });
print(m.size, wm.get(wkey).n); // expect: 2 41
