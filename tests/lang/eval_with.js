// direct and indirect eval, with statements, dynamic scoping
var gx = "global";
function f() { var gx = "local"; return [eval("gx"), (0, eval)("gx")].join(); }
print(f()); // expect: local,global
function g() { eval("var added = 42"); return added; }
print(g()); // expect: 42
function h() { "use strict"; eval("var notAdded = 1"); return typeof notAdded; }
print(h()); // expect: undefined
print(eval("1; if (true) { 2; }"), eval("3; if (false) { 4; }"), eval("5; var z;")); // expect: 2 undefined 5
print(eval("let l = 7; l * 2"), typeof l); // expect: 14 undefined
var o = { a: 1, b: 2 };
with (o) { print(a + b); a = 10; var fromWith = b; } // expect: 3
print(o.a, fromWith); // expect: 10 2
function wf(obj) { with (obj) { return function () { return x; }; } }
print(wf({ x: "captured" })()); // expect: captured
var unsc = { v: "obj", [Symbol.unscopables]: { v: true } }; var v = "outer"; with (unsc) { print(v); } // expect: outer
function thisEval() { return eval("this.tag"); } print(thisEval.call({ tag: "T" })); // expect: T
function argsEval(a) { return eval("arguments[0] + a"); } print(argsEval(5)); // expect: 10
function closureEval() { var secret = "s"; return eval("(function () { return secret; })")(); } print(closureEval()); // expect: s
var indirect = eval; indirect("var madeGlobal = 'yes'"); print(madeGlobal); // expect: yes
function evalFn() { eval("function inner() { return 'inner'; }"); return inner(); } print(evalFn()); // expect: inner
try { eval("let dup = 1; let dup = 2;"); } catch (e) { print(e.name); } // expect: SyntaxError
print(eval("typeof eval"), eval("(function(){ return this; })()") === globalThis); // expect: function true
function nestedWith() { var x = "fn"; with ({}) { return eval("x"); } } print(nestedWith()); // expect: fn
function del() { eval("var d = 1"); var r = delete d; return r + "," + typeof d; } print(del()); // expect: true,undefined
var cnt = 0; with ({ get x() { cnt++; return 1; } }) { x; x; } print(cnt); // expect: 2
