// if / loops / switch / labels / break / continue
var out = [];
for (var i = 0; i < 5; i++) { if (i == 3) continue; out.push(i); }
print(out.join()); // expect: 0,1,2,4
var j = 0; while (true) { if (++j > 4) break; } print(j); // expect: 5
var k = 10; do { k--; } while (k > 5); print(k); // expect: 5
outer: for (var a = 0; a < 3; a++) { for (var b = 0; b < 3; b++) { if (b == 1) continue outer; if (a == 2) break outer; out.push(a + "" + b); } }
print(out.join()); // expect: 0,1,2,4,00,10
function sw(x) {
  switch (x) {
    case 1: return "one";
    case "2": return "two-string";
    case 2: return "two";
    default: return "other";
    case 3: return "three";
  }
}
print(sw(1), sw(2), sw("2"), sw(3), sw(4)); // expect: one two two-string three other
function fall(x) { var r = ""; switch (x) { case 0: r += "a"; case 1: r += "b"; break; case 2: r += "c"; default: r += "d"; } return r; }
print(fall(0), fall(1), fall(2), fall(5)); // expect: ab b cd d
blk: { print("in"); if (true) break blk; print("never"); } // expect: in
var cnt = 0; for (;;) { if (cnt++ > 3) break; } print(cnt); // expect: 5
var s = 0; for (var q of [1, 2, 3]) s += q; print(s); // expect: 6
var keys = []; for (var key in { x: 1, y: 2, z: 3 }) keys.push(key); print(keys.join()); // expect: x,y,z
var fs = []; for (let n = 0; n < 3; n++) fs.push(() => n); print(fs.map(f => f()).join()); // expect: 0,1,2
var gs = []; for (var m = 0; m < 3; m++) gs.push(() => m); print(gs.map(f => f()).join()); // expect: 3,3,3
var hs = []; for (let v of ["a", "b"]) hs.push(() => v); print(hs.map(f => f()).join()); // expect: a,b
var r = []; for (const [x, y] of [[1, 2], [3, 4]]) r.push(x + y); print(r.join()); // expect: 3,7
lbl: for (var t of [1, 2, 3]) { for (;;) { if (t == 2) continue lbl; break; } r.push(t); } print(r.join()); // expect: 3,7,1,3
