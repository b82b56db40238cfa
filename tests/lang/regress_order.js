// Evaluation order regressions: super[key] = v converts the key after the right-hand
// side; object environments (with) and bindings that vanish after resolution.
// (test262 covers the spec orders where V8 differs: binding targets in `with` resolved
// before the value is read, HasProperty again on every object-environment get/set.)
var log = [];
class B {}
class C extends B {
  m() {
    var prop = { toString() { log.push("key"); return "x"; } };
    super[prop] = (log.push("rhs"), 5);
    return this.x;
  }
}
print(new C().m(), log.join());

log = [];
var backing = { v: 1 };
var penv = new Proxy(backing, {
  get(t, k) { if (typeof k === "string") log.push("get:" + k); return t[k]; },
  set(t, k, v) { log.push("set:" + k); t[k] = v; return true; },
});
with (penv) { v += 1; }
print(backing.v, log.join());

function f() { "use strict"; return typeof undeclaredThing; }
print(f());

// expect: 5 rhs,key
// expect: 2 get:v,set:v
// expect: undefined
