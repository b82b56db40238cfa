// Getters through the property inline caches (own, prototype, grand-prototype accessors;
// native getters; redefinition; throws; method and compound-assignment sites).
class A { #v = 1; get v() { return this.#v; } set v(x) { this.#v = x; } get w() { return 2; } }
class B extends A { get u() { return this.v + 10; } }
const b = new B();
let s = 0;
for (let i = 0; i < 5; i++) { s += b.v + b.u + b.w; b.v = i; }
print(s);
const o = { get x() { return this === o; }, set y(v) {} };
let t = [];
for (let i = 0; i < 3; i++) t.push(o.x, o.y);
print(t.join());
const m = new Map([[1, 2]]);
let q = 0; for (let i = 0; i < 3; i++) q += m.size; print(q);
// getter replaced by a data property: the IC must not return the old pair
const p = { get z() { return 'g'; } };
const r = [];
for (let i = 0; i < 4; i++) { r.push(p.z); if (i === 1) Object.defineProperty(p, 'z', { value: 'd' }); }
print(r.join());
// getter throwing, method via getter, compound assignment through getter/setter
const th = { get bad() { throw new Error('boom'); } };
for (let i = 0; i < 2; i++) { try { th.bad; } catch (e) { print(e.message); } }
const mg = { get f() { return function () { return this === mg; }; } };
for (let i = 0; i < 2; i++) print(mg.f());
const cc = { _a: 1, get a() { return this._a; }, set a(v) { this._a = v; } };
for (let i = 0; i < 3; i++) cc.a += 2;
print(cc.a);
// sloppy getter sees a primitive this boxed; strict sees it raw
Object.defineProperty(Number.prototype, 'me', { get() { return typeof this; }, configurable: true });
for (let i = 0; i < 2; i++) print((5).me);
// expect: 74
// expect: true,,true,,true,
// expect: 3
// expect: g,g,d,d
// expect: boom
// expect: boom
// expect: true
// expect: true
// expect: 7
// expect: object
// expect: object
