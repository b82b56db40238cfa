// Regression: in a sloppy function without parameters of its own, `arguments` was mapped onto
// the parameters of the enclosing function it captures from (its closure environment), so
// `func.apply(this, arguments)` in lodash's memoize passed `func` itself. Found running lodash.
function memo(func) { return function () { return func.apply(this, arguments); }; }
print(memo(function (s) { return typeof s + ":" + s; })("abc"));
function mk(f) { return function () { f; return arguments.length + ":" + arguments[0]; }; }
print(mk(1)("z"));
function outer(a) { return function (b) { a; arguments[0] = "C"; return arguments[0] + ":" + b; }; }
print(outer("A")("B"));
function own(a) { var g = () => a; arguments[0] = 5; return [a, g(), arguments[0]].join(); }
print(own(1));
// expect: string:abc
// expect: 1:z
// expect: C:C
// expect: 5,5,5
