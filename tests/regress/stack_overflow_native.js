// Regression: deep recursion through natives (map -> callback -> map ...) must end in a
// RangeError, not a C stack overflow.
// skip-sanitize
function f(n) { return n ? [1].map(() => f(n - 1))[0] + 1 : 0; }
try { f(1e6); print("no error"); } catch (e) { print(e instanceof RangeError, e.message); }
// expect: true Maximum call stack size exceeded
