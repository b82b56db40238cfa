// Regression: Set.prototype.forEach kept its callback in an unrooted C local across calls
// that collect, then called a moved object.
// flags: --gc-stress
var grow = new Set([1]); var n = 0;
grow.forEach(x => { if (x < 5) grow.add(x + 1); n++; });
var m = new Map([["a", 1], ["b", 2]]); var keys = [];
m.forEach((v, k) => { keys.push(k + v); });
print(n, keys.join());
// expect: 5 a1,b2
