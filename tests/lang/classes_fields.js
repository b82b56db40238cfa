// class fields, private members, static blocks, brand checks
class P {
  pub = 1;
  #priv = 2;
  static sp = "static";
  ["computed" + "Field"] = 3;
  #method() { return this.#priv * 10; }
  get #acc() { return this.#priv + 100; }
  set #acc(v) { this.#priv = v; }
  read() { return [this.pub, this.#priv, this.computedField, this.#method(), this.#acc].join(); }
  write(v) { this.#acc = v; return this.#priv; }
  static has(o) { return #priv in o; }
  static { P.initialized = "yes"; }
}
var p = new P();
print(p.read(), p.write(7), P.sp, P.initialized); // expect: 1,2,3,20,102 7 static yes
print(P.has(p), P.has({})); // expect: true false
try { P.prototype.read.call({}); } catch (e) { print(e.name); } // expect: TypeError
print(Object.keys(p).join()); // expect: pub,computedField
class Q extends P { q = this.pub + 1; constructor() { super(); this.after = this.q; } }
var q = new Q(); print(q.q, q.after, q.read()); // expect: 2 2 1,2,3,20,102
class Counter { static #n = 0; static next() { return ++Counter.#n; } } Counter.next(); print(Counter.next()); // expect: 2
class Arrow { x = 5; f = () => this.x; } var ar = new Arrow(); var ff = ar.f; print(ff()); // expect: 5
class Names { f1 = function () {}; f2 = () => {}; static s = class {}; } var nm = new Names(); print(nm.f1.name, nm.f2.name, Names.s.name); // expect: f1 f2 s
class Order { a = (print("a"), 1); static b = (print("static b"), 2); c = (print("c"), 3); } // expect: static b
new Order(); // expect: a
// expect: c
class M { #x = 1; static peek(o) { return o.#x; } } try { M.peek({}); } catch (e) { print(e.name); } // expect: TypeError
class RO { #m() {} tryWrite() { this.#m = 1; } } try { new RO().tryWrite(); } catch (e) { print(e.name); } // expect: TypeError
class S { static x = 1; static y = S.x + 1; static { this.z = this.y + 1; } } print(S.x, S.y, S.z); // expect: 1 2 3
