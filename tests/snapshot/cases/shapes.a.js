// Shared shapes across a snapshot: A looks up every entry of long transition chains and
// iterates them, which builds their lookup indexes (src/shape.h); the snapshot must not
// contain them, so path 1 (indexes present when writing) and path 2 (restored, none) write
// the same bytes. Sealed, frozen and accessor entries go through the snapshot too.
function mk(n, tag) { var o = {}; for (var i = 0; i < n; i++) o[tag + i] = i; return o; }
var chains = [];
for (var n = 1; n <= 64; n += 9) chains.push(mk(n, "k"));
var sum = 0;
for (var o of chains) for (var k in o) sum += o[k];
for (var o of chains) sum += Object.keys(o).length + JSON.stringify(o).length;
var frozen = Object.freeze(mk(20, "f")), sealed = Object.seal(mk(20, "f"));
var both = Object.freeze(Object.seal(mk(20, "f")));
var acc = Object.freeze({ a: 1, get b() { return this.a + 1; } });
print("A", sum, Object.isFrozen(frozen), Object.isSealed(sealed), Object.isFrozen(both), acc.b);
// expect: A 8262 true true true 2
