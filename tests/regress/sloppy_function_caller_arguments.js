// Regression: sloppy functions had no own "caller"/"arguments", so reading them hit the
// %ThrowTypeError% accessors of Function.prototype (test262 built-ins/Function/15.3.5.4_2-*gs,
// language/arguments-object/10.6-13-a-2). They now have frozen data properties (value
// undefined); strict functions, arrows, methods, generators, async functions and classes
// still have none.
function sloppy() { return sloppy.caller; }
print(sloppy(), sloppy.arguments);
// expect: undefined undefined
var d = Object.getOwnPropertyDescriptor(sloppy, 'caller');
print(d.writable, d.enumerable, d.configurable, 'value' in d);
// expect: false false false true
print(Object.getOwnPropertyNames(function () {}).join());
// expect: length,name,prototype,arguments,caller
print(Object.getOwnPropertyNames(Function('return 1')).join());
// expect: length,name,prototype,arguments,caller
var kinds = [function () { 'use strict'; }, () => 1, { m() {} }.m, function* () {}, async function () {}, class {}];
print(kinds.map(function (k) { return k.hasOwnProperty('caller') || k.hasOwnProperty('arguments'); }).join());
// expect: false,false,false,false,false,false
try { (function () { 'use strict'; }).caller; } catch (e) { print(e.name); }
// expect: TypeError
print(sloppy.bind(null).hasOwnProperty('caller'), Math.max.hasOwnProperty('caller'));
// expect: false false
