// Regression: the mapped arguments object of a sloppy function without parameters mapped
// its indices onto the parameters of the enclosing function's environment (the current env
// when the function has none of its own), so arguments[0] read the outer parameter instead
// of the argument (test262 built-ins/Promise/reject/capability-invocation.js).
function outer(p) {
  var inner = function () { return arguments; };
  var keep = function () { return p; };   // p lives in outer's environment
  return [inner(24601), keep()];
}
var r = outer('outer-param');
print(r[0].length, r[0][0], r[1]);
// expect: 1 24601 outer-param
var args;
var P = function (executor) {
  return new Promise(function () {
    executor(function () {}, function () { args = arguments; });
  });
};
Promise.reject.call(P, 7);
print(args.length, args[0]);
// expect: 1 7
// a zero-parameter function's arguments object is still mapped (callee, writable indices)
function zero() { arguments[0] = 'w'; return [arguments[0], arguments.callee === zero]; }
print(zero(1).join());
// expect: w,true
