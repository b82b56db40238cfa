// Part B: the warm caches hit, the cold template gets its caches now, and a changed global
// and a new prototype method are seen through both.
var s1 = 0, s2 = 0;
for (var j = 0; j < 50; j++) { s1 += warm(new P(j)); s2 += cold(new P(j)); }
print("B", s1, s2);
G = 7;
P.prototype.m = function () { return -1; };
print("B", warm(new P(2)), cold(new P(2)));
// expect: B 5200 5200
// expect: B 12 12
