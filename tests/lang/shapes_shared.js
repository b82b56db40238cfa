// Shared shapes hold only their own entry; lookups and iteration go through a lookup index
// derived on demand and dropped by every collection (src/shape.h). Exercise lookups of every
// entry of long transition chains, iteration order, integrity (sealed/frozen) shapes and
// accessors, with collections in between (garbage(): more than the 8 MB the collector lets
// be allocated between collections), so indexes are rebuilt.
function garbage() { return new ArrayBuffer(9 << 20).byteLength; }

// chains of 1..70 properties (64 is the largest shared shape; beyond it a dictionary)
var objs = [];
for (var n = 1; n <= 70; n++) {
    var o = {};
    for (var j = 0; j < n; j++) o["p" + j] = j * 10 + n;
    objs.push(o);
}
function checkAll() {
    var bad = 0;
    for (var n = 1; n <= 70; n++) {
        var o = objs[n - 1];
        for (var j = 0; j < n; j++) if (o["p" + j] !== j * 10 + n) bad++;
        if (o["p" + n] !== undefined || ("p" + n) in o) bad++;
        var ks = Object.keys(o);
        if (ks.length !== n || ks[n - 1] !== "p" + (n - 1) || ks[0] !== "p0") bad++;
    }
    return bad;
}
print(checkAll());
garbage();
print(checkAll());

// two objects built alike share lookups; an object built differently gets its own order
var a = { x: 1, y: 2, z: 3 }, b = { x: 4, y: 5, z: 6 }, c = { z: 7, y: 8, x: 9 };
print(JSON.stringify(a), JSON.stringify(b), JSON.stringify(c), Object.keys(c).join());

// integrity shapes: seal, freeze, freeze after seal; flags seen through them
function mk(n) { var o = {}; for (var i = 0; i < n; i++) o["q" + i] = i; return o; }
var s1 = Object.seal(mk(12)), s2 = Object.seal(mk(12));
var f1 = Object.freeze(mk(12)), sf = Object.freeze(Object.seal(mk(12)));
garbage();
function desc(o, k) { var d = Object.getOwnPropertyDescriptor(o, k); return [d.writable, d.enumerable, d.configurable].join("/"); }
print(desc(s1, "q0"), desc(s1, "q11"), desc(f1, "q5"), desc(sf, "q11"), desc(sf, "q0"));
print(Object.isSealed(s1), Object.isFrozen(s1), Object.isFrozen(f1), Object.isFrozen(sf));
s1.q3 = 33; f1.q3 = 33; sf.q3 = 33;
print(s1.q3, f1.q3, sf.q3, JSON.stringify(sf).length, Object.keys(s2).length);

// accessors in a shared shape, frozen: the accessor stays an accessor, only non-configurable
var acc = { v: 1, get w() { return this.v + 1; }, set w(x) { this.v = x; } };
Object.freeze(acc);
var d = Object.getOwnPropertyDescriptor(acc, "w");
print(typeof d.get, typeof d.set, d.configurable, "writable" in d, acc.w);

// for-in and JSON over a long shared chain after a collection
var long = mk(40);
garbage();
var sum = 0, cnt = 0;
for (var k in long) { sum += long[k]; cnt++; }
print(cnt, sum, JSON.stringify(long).length);

// deleting makes a dictionary; the shared original is untouched
var e1 = mk(20), e2 = mk(20);
delete e1.q7;
print(Object.keys(e1).length, Object.keys(e2).length, e2.q7, e1.q7);
// expect: 0
// expect: 0
// expect: {"x":1,"y":2,"z":3} {"x":4,"y":5,"z":6} {"z":7,"y":8,"x":9} z,y,x
// expect: true/true/false true/true/false false/true/false false/true/false false/true/false
// expect: true false true true
// expect: 33 3 3 89 12
// expect: function function false false 2
// expect: 40 780 341
// expect: 19 20 7 undefined
