// Part A: closures sharing a mutable variable
function makeCounter() {
  let n = 0;
  return { inc: () => ++n, get: () => n, reset() { n = 0; } };
}
var c = makeCounter();
c.inc(); c.inc();
var shared = (function () { let x = 10; return [() => x++, () => x]; })();
shared[0]();
print("A", c.get(), shared[1]());
// expect: A 2 11
