// Regression: interp_call_closure kept new_target in an unrooted C local across
// OrdinaryCreateFromConstructor, which runs the "prototype" trap of a proxy new_target and
// may collect; the frame then held a stale reference (crash under GC stress).
// flags: --gc-stress
var p = new Proxy(function () {}, { get: function (t, k) { var junk = []; for (var i = 0; i < 20; i++) junk.push({ i: i }); return k === 'prototype' ? 1 : undefined; } });
var o = new p();
print(Object.getPrototypeOf(o) === Object.prototype);
// expect: true
class Base { constructor() { this.made = new.target === q; } }
var q = new Proxy(Base, { get: function (t, k) { return k === 'prototype' ? Base.prototype : t[k]; } });
print(Reflect.construct(Base, [], q).made, new q() instanceof Base);
// expect: true true
