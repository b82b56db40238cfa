// A heap of about 100 MB: more than the 64 MB of old space a collection keeps committed, so
// the snapshot writer's collection runs with its helper thread that populates to-space pages
// ahead of the copy (heap.c). The bytes must not depend on it: the run with poisoned memory
// (where the old space stays committed and no helper runs) gives the same snapshot.
var rows = [];
for (var i = 0; i < 450000; i++) rows.push({ id: i, name: "row" + i, pair: [i, -i] });
var dropped = [];
for (var i = 0; i < 100000; i++) dropped.push({ g: i });
dropped = null;
print("A", rows.length, rows[70].name);
// expect: A 450000 row70
