// Weak tables of several sizes, with deleted entries and dead keys: restoring and writing
// again must give the same bytes (regression: the collector copied a weak table's old bucket
// array before rebuilding it, leaving a dead cell sized by the table's history in the image).
var rows = []; for (var i = 0; i < 100; i++) rows.push({ id: i });
var small = new WeakMap(), mid = new WeakMap(), big = new WeakMap(), seen = new WeakSet();
for (var i = 0; i < 3; i++) small.set(rows[i], "s" + i);
for (var i = 0; i < 5; i++) mid.set(rows[i * 7], i);
for (var i = 0; i < 40; i++) { big.set(rows[i], { n: i }); seen.add(rows[i + 50]); }
for (var i = 0; i < 40; i += 3) big.delete(rows[i]);
(function () { var temp = {}; big.set(temp, "dies"); seen.add(temp); })();
var ref = new WeakRef(rows[99]);
print("A", small.get(rows[1]), mid.get(rows[28]), big.has(rows[3]), big.get(rows[4]).n, seen.has(rows[60]));
// expect: A s1 4 false 4 true
