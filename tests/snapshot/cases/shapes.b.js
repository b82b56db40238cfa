var sum2 = 0;
for (var o of chains) for (var k in o) sum2 += o[k];
for (var o of chains) sum2 += Object.keys(o).length + JSON.stringify(o).length;
sealed.f3 = 33; frozen.f3 = 33; both.f3 = 33;
var d = Object.getOwnPropertyDescriptor(both, "f19");
chains[7].extra = 1;
print("B", sum2 === sum, sealed.f3, frozen.f3, both.f3, d.writable, d.configurable, acc.b,
      Object.keys(chains[7]).length, chains[7].k63, mk(64, "k").k40);
// expect: B true 33 3 3 false false 2 65 63 40
