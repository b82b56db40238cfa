// classes: constructors, methods, static, accessors, inheritance, super
class A {
  constructor(x) { this.x = x; }
  get double() { return this.x * 2; }
  set double(v) { this.x = v / 2; }
  method() { return "A.method " + this.x; }
  static create() { return new this(10); }
  toString() { return "A(" + this.x + ")"; }
}
var a = new A(3);
print(a.x, a.double, a.method(), String(a)); // expect: 3 6 A.method 3 A(3)
a.double = 20; print(a.x); // expect: 10
print(A.create().x, typeof A, A.name, A.length); // expect: 10 function A 1
class B extends A {
  constructor(x, y) { super(x); this.y = y; }
  method() { return "B+" + super.method(); }
  static create() { return super.create(); }
}
var b = new B(1, 2);
print(b.x, b.y, b.method(), b instanceof A, b instanceof B); // expect: 1 2 B+A.method 1 true true
print(B.create() instanceof B, Object.getPrototypeOf(B) === A); // expect: true true
try { A(); } catch (e) { print(e.constructor.name, e.message); } // expect: TypeError Class constructor A cannot be invoked without 'new'
class C extends B {} var c = new C(5, 6); print(c.x, c.y, c.method()); // expect: 5 6 B+A.method 5
print(Object.getOwnPropertyNames(A.prototype).join()); // expect: constructor,double,method,toString
print(Object.keys(A.prototype).length, A.prototype.constructor === A); // expect: 0 true
var Anon = class {}; print(Anon.name); // expect: Anon
var named = class Inner { who() { return Inner.name; } }; print(named.name, new named().who()); // expect: Inner Inner
class D { ["comp" + 1]() { return 1; } static ["st"]() { return 2; } } print(new D().comp1(), D.st()); // expect: 1 2
class E extends null { constructor() { return Object.create(E.prototype); } } print(Object.getPrototypeOf(E.prototype)); // expect: null
class F extends Array {} var f = new F(); f.push(1, 2); print(f.length, f instanceof Array, Array.isArray(f)); // expect: 2 true true
class G { constructor() { this.v = new.target === G; } } class H extends G {} print(new G().v, new H().v); // expect: true false
class NoSuper extends A { constructor() { } } try { new NoSuper(); } catch (e) { print(e.name); } // expect: ReferenceError
class Twice extends A { constructor() { super(1); super(2); } } try { new Twice(); } catch (e) { print(e.name); } // expect: ReferenceError
class ArrowSuper extends A { constructor() { var f = () => super(9); f(); } } print(new ArrowSuper().x); // expect: 9
var obj = { __proto__: { greet() { return "proto"; } }, greet() { return "own+" + super.greet(); } };
print(obj.greet()); // expect: own+proto
class Acc { static #count = 0; static inc() { return ++Acc.#count; } } Acc.inc(); print(Acc.inc()); // expect: 2
