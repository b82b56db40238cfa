// Part A: inline caches are allocated at a template's first cache fill (funcdef.h FD_IC):
// `warm` fills its own-property, prototype, add and global sites before the snapshot;
// `cold` never runs before it, so its template is written without a cache array.
var G = 5;
class P { constructor(x) { this.x = x; } get twice() { return this.x * 2; } m() { return this.x + 1; } }
function warm(o) { var r = { a: o.x }; r.b = o.m(); r.c = G; r.d = o.twice; return r.a + r.b + r.c + r.d; }
function cold(o) { var r = { a: o.x }; r.b = o.m(); r.c = G; r.d = o.twice; return r.a + r.b + r.c + r.d; }
var sum = 0;
for (var i = 0; i < 50; i++) sum += warm(new P(i));
print("A", sum, warm({ x: 1, m() { return 0; }, twice: 3 }));
// expect: A 5200 9
