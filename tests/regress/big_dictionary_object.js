// Regression: an object with more than 65,533 properties crashed (the shape's key count
// overflowed its 16-bit cell field); keys now move out of line past 32,768 (SHAPE_BIG).
// Also: 200,000 distinct string keys took seconds because each collection sorted the atom
// table with an insertion sort (now qsort).
// skip-gc-stress
var o = {};
for (var i = 0; i < 100000; i++) o["k" + i] = i;
var bad = 0;
for (var i = 0; i < 100000; i += 7) if (o["k" + i] !== i) bad++;
for (var i = 0; i < 100000; i += 2) delete o["k" + i];
o.extra = "x";
var keys = Object.keys(o);
print(keys.length, bad, o.k99999, o.k50000, keys[0], keys[keys.length - 1]);
var n = 0;
for (var k in o) n++;
print(n, JSON.stringify(o).length, Object.getOwnPropertyNames(o).length);
// expect: 50001 0 99999 undefined k1 extra
// expect: 50001 738903 50001
