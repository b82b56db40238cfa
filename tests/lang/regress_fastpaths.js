// Fast paths: array iteration, generator for-of, private-name and define-field caches, %.
// Array iteration sees mutation during the loop and holes (read through the prototype).
var a = [1, 2, 3];
var seen = [];
for (var x of a) { seen.push(x); if (x === 1) a.push(4); if (x === 3) a.length = 3; }
print(seen.join());
Array.prototype[1] = "proto";
var h = [0, , 2];
print([...h].join(), (function () { var [p, q, r] = h; return q; })());
delete Array.prototype[1];
// Replacing %ArrayIteratorPrototype%.next is observed.
var AIP = Object.getPrototypeOf([][Symbol.iterator]());
var orig = AIP.next;
AIP.next = function () { var r = orig.call(this); if (!r.done) r.value *= 10; return r; };
var out = [];
for (var y of [1, 2]) out.push(y);
print(out.join(), [...[3, 4]].join());
var [d1, d2] = [5, 6];
print(d1, d2);
AIP.next = orig;
// Array.prototype[Symbol.iterator] replaced.
var saved = Array.prototype[Symbol.iterator];
Array.prototype[Symbol.iterator] = function* () { yield "x"; };
print([...[1, 2, 3]].join());
Array.prototype[Symbol.iterator] = saved;
// keys/entries iterators still work.
print([...["a", "b"].keys()].join(), [...["a", "b"].entries()].join("|"));
// Generators in for-of: return value ignored, yield* passes inner results through.
function* inner() { yield 1; yield 2; return "r"; }
function* outer() { var r = yield* inner(); yield r; return "ignored"; }
var g = [];
for (var v of outer()) g.push(v);
print(g.join());
var it = { [Symbol.iterator]() { return this; }, n: 0,
  next() { return { get done() { return it.n >= 2; }, value: it.n++ }; } };
function* deleg() { yield* it; }
var gg = [];
for (var w of deleg()) gg.push(w);
print(gg.join());
// A generator that throws inside for-of; a running generator.
function* bad() { yield 1; throw new Error("boom"); }
try { for (var b of bad()) print("got", b); } catch (e) { print("caught", e.message); }
var self;
function* selfish() { for (var z of self) yield z; }
self = selfish();
try { for (var s of self) ; } catch (e) { print(e.constructor.name, e.message); }
// Generator next replaced on the prototype: the replaced method is used.
function* gen3() { yield 1; }
var GP = Object.getPrototypeOf(gen3.prototype);
var gnext = GP.next;
GP.next = function () { var r = gnext.call(this); if (!r.done) r.value = "patched"; return r; };
for (var p3 of gen3()) print(p3);
GP.next = gnext;
var res = gen3().next();
print(JSON.stringify(res), Object.keys(res).join());
// Private names: one call site, several classes (different private names).
function makeClass() {
  return class { #v; constructor(v) { this.#v = v; } get() { return this.#v; } set(v) { this.#v = v; }
    static has(o) { return #v in o; } #m() { return "m" + this.#v; } callM() { return this.#m(); } };
}
var C1 = makeClass(), C2 = makeClass();
var o1 = new C1(1), o2 = new C2(2);
print(o1.get(), o2.get(), C1.prototype.get.call(o1));
try { C1.prototype.get.call(o2); } catch (e) { print(e.constructor.name); }
try { C2.prototype.set.call(o1, 5); } catch (e) { print(e.constructor.name); }
o1.set(7); print(o1.get(), o1.callM(), o2.callM(), C1.has(o2), C2.has(o2));
// Object literals: the same site with different incoming shapes and a prototype setter.
function mk(i) { var o = i & 1 ? { a: 1 } : {}; return o; }
function lit(i) { return { x: i, y: i * 2, z: [i] }; }
var sum = 0;
for (var i = 0; i < 50; i++) { var o = lit(i); sum += o.x + o.y + o.z[0]; }
print(sum, Object.keys(lit(1)).join());
Object.defineProperty(Object.prototype, "q", { set(v) { print("setter!"); }, configurable: true });
var lq = { q: 1 };
print(Object.getOwnPropertyNames(lq).join(), lq.q);
delete Object.prototype.q;
// % with doubles beyond int32.
print(4294967295 % 1000, -4294967295 % 1000, 1 / (-4294967296 % 2), 2 ** 52 % 7, 5.5 % 2, -0 % 5 === 0, 1 / (-0 % 5));
print(9007199254740993 % 10, 1e300 % 7, 3 % -2, -3 % 2);

// expect: 1,2,3
// expect: 0,proto,2 proto
// expect: 10,20 30,40
// expect: 50 60
// expect: x
// expect: 0,1 0,a|1,b
// expect: 1,2,r
// expect: 0
// expect: got 1
// expect: caught boom
// expect: TypeError Generator is already running
// expect: patched
// expect: {"value":1,"done":false} value,done
// expect: 1 2 1
// expect: TypeError
// expect: TypeError
// expect: 7 m7 m2 false true
// expect: 4900 x,y,z
// expect: q 1
// expect: 295 -295 -Infinity 2 1.5 true -Infinity
// expect: 2 1 1 -1
