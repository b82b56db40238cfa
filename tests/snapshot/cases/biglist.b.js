var n = 0, sum = 0;
for (var p = head; p; p = p.next) { n++; sum += p.v; }
print("B", n, sum, big.length, big.charCodeAt(12345));
// expect: B 200000 19999900000 10485760 120
