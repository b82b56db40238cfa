// The program behind the golden snapshots (tests/snapshot/golden/README.md): a small heap
// with at least one cell of every kind and an object of most classes, including suspended
// generator and async frames and pending promise reactions.
var plain = { a: 1, b: "two", c: [1, , 3.5, -0, NaN], d: null, e: undefined, f: true };
var dict = { x: 1, y: 2, z: 3 };
delete dict.y;                                   // dictionary-mode shape with a tombstone
var utf16 = "snow \u2603 and \ud83d\ude00";
var packed = ("packed \u2603 string, " + "\ud83d\ude00").repeat(40);   // written packed (STR_PACKED)
var packedHuffman = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x3b1 + i % 24) + (i * 7919 % 1000)).join(" ");
var rope = "left side of a rope " + plain.b + " and the right side of it";
var sym = Symbol("local"), reg = Symbol.for("registered");
plain[sym] = "symbol-keyed";
var big = 2n ** 100n - 12345678901234567890n;
var map = new Map([[1, "one"], ["k", { v: 2 }], [sym, big]]);
var set = new Set([1, "s", plain]);
var wm = new WeakMap([[plain, "weak value"]]);
var ws = new WeakSet([dict]);
var wr = new WeakRef(plain);
var buf = new ArrayBuffer(24);
var u8 = new Uint8Array(buf, 4, 8), f64 = new Float64Array(2), dv = new DataView(buf);
u8.set([1, 2, 3, 250]);
f64[0] = Math.PI;
dv.setInt32(16, -7, true);
var date = new Date(86400000 * 365);
var re = /(\d+)-(?<word>[a-z]+)/giu;
re.lastIndex = 2;
var err = new RangeError("golden error");
var frozen = Object.freeze({ k: [1, 2] });
var acc = { _v: 1, get v() { return this._v; }, set v(x) { this._v = x; } };
var proxy = new Proxy({ t: 1 }, { get(t, k) { return k in t ? t[k] : "trap"; } });
var bound = function (a, b) { return this.n + a + b; }.bind({ n: 1 }, 2);
function counter(start) { var n = start; return { inc: function () { return ++n; }, get: () => n }; }
var ctr = counter(10);
ctr.inc();
class Point {
    #x; static count = 0;
    constructor(x, y) { this.#x = x; this.y = y; Point.count++; }
    get x() { return this.#x; }
    norm() { return Math.abs(this.#x) + Math.abs(this.y); }
}
class Point3 extends Point { constructor(x, y, z) { super(x, y); this.z = z; } }
var pts = [new Point(1, 2), new Point3(3, 4, 5)];
function* gen() { var i = 0; while (true) { var r = yield i++; if (r) i += r; } }
var g = gen();
g.next();
g.next(5);
var resolveLater;
var pending = new Promise(function (res) { resolveLater = res; });
var log = [];
pending.then(function (v) { log.push("then " + v); });
async function waiter() { var v = await pending; log.push("awaited " + v); return v; }
var waiting = waiter();
var args = (function () { return arguments; })(1, "a");
var json = JSON.parse('{"n":[1,2,{"m":"x"}],"s":"\\u00e9"}');
var holes = new Array(5);
holes[3] = "three";
var mit = map.entries();
mit.next();                                      // a Map iterator part way through
var grow = new Map([[0, 0]]), git = grow.keys();
for (var i = 1; i < 20; i++) grow.set(i, -i);    // rehashed: git still holds the obsolete table
// a function whose packed line table has two blocks (src/funcdef.h FD_LINE_BLOCK)
function longLines(a) {
    a += 0; a += 1; a += 2; a += 3; a += 4; a += 5; a += 6; a += 7;
    a += 8; a += 9; a += 10; a += 11; a += 12; a += 13; a += 14; a += 15;
    a += 16; a += 17; a += 18; a += 19; a += 20; a += 21; a += 22; a += 23;
    a += 24; a += 25; a += 26; a += 27; a += 28; a += 29; a += 30; a += 31;
    a += 32; a += 33; a += 34; a += 35; a += 36; a += 37; a += 38; a += 39;
    return a;
}
