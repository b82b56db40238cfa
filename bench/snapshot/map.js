// Heap builder: a Map of N entries (N from the global `N`, default 100000), each value a
// small object {id, name, tags}. Used by bench/snapshot/run.py.
var N = typeof N === "number" ? N : 100000;
var m = new Map();
for (var i = 0; i < N; i++) m.set("k" + i, { id: i, name: "item" + i, tags: [i & 7, i % 10] });
