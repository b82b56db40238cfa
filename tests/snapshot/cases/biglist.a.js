var head = null;
for (var i = 0; i < 200000; i++) head = { v: i, next: head };
var big = "x".repeat(10 * 1024 * 1024);
print("A", head.v, big.length);
// expect: A 199999 10485760
