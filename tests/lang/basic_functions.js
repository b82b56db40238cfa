// functions, closures, recursion, arguments, default/rest parameters
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
print(fact(10)); // expect: 3628800
function counter() { var c = 0; return { inc: function () { return ++c; }, get: function () { return c; } }; }
var c1 = counter(); c1.inc(); c1.inc(); print(c1.get()); // expect: 2
function args() { return arguments.length + ":" + Array.prototype.join.call(arguments, "-"); }
print(args(1, 2, 3), args()); // expect: 3:1-2-3 0:
function mapped(a, b) { arguments[0] = 10; b = 20; return a + "," + arguments[1]; }
print(mapped(1, 2)); // expect: 10,20
function unmapped(a) { "use strict"; arguments[0] = 10; return a; }
print(unmapped(1)); // expect: 1
function defaults(a, b = a + 1, c = b * 2) { return [a, b, c].join(); }
print(defaults(1), defaults(1, 5), defaults(1, undefined, 0)); // expect: 1,2,4 1,5,10 1,2,0
function rest(a, ...r) { return a + "|" + r.join(); }
print(rest(1, 2, 3), rest(1)); // expect: 1|2,3 1|
print(defaults.length, rest.length, fact.length, ((a, b) => 0).length); // expect: 1 1 1 2
print(fact.name, (function () {}).name === "", (() => 1).name); // expect: fact true 
var anon = function () {}; var arrow = () => {}; print(anon.name, arrow.name); // expect: anon arrow
var obj = { m() {}, get g() { return 1; }, ["comp" + "uted"]: function () {} };
print(obj.m.name, Object.getOwnPropertyDescriptor(obj, "g").get.name, obj.computed.name); // expect: m get g computed
function hoisted() { return inner(); function inner() { return "hoisted!"; } }
print(hoisted()); // expect: hoisted!
var self = function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }; print(self(15)); // expect: 610
print((function () { return typeof this; })(), (function () { "use strict"; return typeof this; })()); // expect: object undefined
var o2 = { v: 42, get() { return this.v; }, arrow: function () { return (() => this.v)(); } };
print(o2.get(), o2.arrow()); // expect: 42 42
function spread(a, b, c) { return a + b + c; }
print(spread(...[1, 2, 3]), spread(1, ...[2], ...[3])); // expect: 6 6
function deep(n) { return n == 0 ? 0 : 1 + deep(n - 1); } print(deep(5000)); // expect: 5000
function Ctor(x) { this.x = x; } Ctor.prototype.getX = function () { return this.x; };
var inst = new Ctor(7); print(inst.getX(), inst instanceof Ctor, inst.constructor === Ctor); // expect: 7 true true
function retObj() { this.a = 1; return { b: 2 }; } print(JSON.stringify(new retObj())); // expect: {"b":2}
function nt() { return new.target === nt; } print(nt(), new nt() instanceof nt); // expect: false true
print((x => x * 2)(4), ((x, y) => ({ x, y }))(1, 2).y); // expect: 8 2
var iife = (function (n) { return n + 1; })(1); print(iife); // expect: 2
