// Regression: when a dictionary shape with tombstones (deleted properties) filled up, growing
// it also dropped the tombstones, renumbering its entries without moving the object's slot
// values: properties read back other properties' values. Found running @babel/standalone.
var v = { a: 1, b: 2, c: 3 };
delete v.a;
v.d = 4; v.e = 5; v.f = 6; v.g = 7; v.h = 8;
delete v.b; delete v.c;
v.i = 9;
print(JSON.stringify(v));
var w = {};
for (var i = 0; i < 100; i++) w["k" + i] = i;
for (var i = 0; i < 100; i += 3) delete w["k" + i];
for (var i = 100; i < 300; i++) w["k" + i] = i;
var bad = 0;
for (var k in w) if (w[k] !== +k.slice(1)) bad++;
print(Object.keys(w).length, bad);
// expect: {"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}
// expect: 266 0
