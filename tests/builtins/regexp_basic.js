// RegExp constructor, flags, source, toString, lastIndex and exec results
var re = /a(b)?(?<c>c)/dgi;
print(re.source, re.flags, re.global, re.ignoreCase, re.multiline, re.dotAll, re.unicode, re.sticky, re.hasIndices);
print(String(re), re.lastIndex, Object.keys(re).length, JSON.stringify(Object.getOwnPropertyDescriptor(re, "lastIndex")));
var m = re.exec("xxAC abc");
print(JSON.stringify(m), m.index, m.input, re.lastIndex, m.groups.c, Object.getPrototypeOf(m.groups));
print(JSON.stringify(m.indices), JSON.stringify(m.indices.groups));
print(Object.keys(m).join());
m = re.exec("xxAC abc");
print(m[0], m.index, re.lastIndex);
print(re.exec("xxAC abc"), re.lastIndex);
print(new RegExp("a/b").source, String(new RegExp("\n")), new RegExp("").source, String(RegExp.prototype), RegExp.prototype.source);
print(new RegExp("[/]").source, /\//.source, RegExp("a", "gimsuyd").flags);
var r1 = /x/g, r2 = RegExp(r1), r3 = new RegExp(r1), r4 = new RegExp(r1, "i");
print(r1 === r2, r1 === r3, r3.flags, r4.flags, r4.source);
print(RegExp.length, RegExp.name, RegExp[Symbol.species] === RegExp, typeof RegExp.prototype.exec);
print(RegExp.prototype.global, RegExp.prototype.flags, Object.prototype.toString.call(/x/));
try { RegExp.prototype.global.call; Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get.call({}); } catch (e) { print(e.name); }
try { new RegExp("a", "gg"); } catch (e) { print(e.name); }
try { new RegExp("a", "x"); } catch (e) { print(e.name); }
try { new RegExp("(", ""); } catch (e) { print(e.name); }
try { RegExp.prototype.exec.call({}, "a"); } catch (e) { print(e.name); }
var like = { source: "b+", flags: "g", [Symbol.match]: true, constructor: RegExp };
print(RegExp(like) === like, new RegExp(like).source, new RegExp(like).flags);
// sticky
var y = /a/y;
print(y.test("ba"), y.lastIndex, (y.lastIndex = 1, y.test("ba")), y.lastIndex, y.test("ba"), y.lastIndex);
// lastIndex coercion and writes
var g = /o/g;
g.lastIndex = "5";
print(g.exec("foo boo").index, g.lastIndex);
g.lastIndex = 100;
print(g.exec("foo"), g.lastIndex);
var nw = /a/g;
Object.defineProperty(nw, "lastIndex", { writable: false });
try { nw.exec("b"); } catch (e) { print(e.name); }
print(/a/.exec("b"), /(a)|b/.exec("b")[1], /(a)|b/.exec("b").length);
// compile (Annex B)
var c = /x/g;
print(c.compile("y+", "i") === c, c.source, c.flags, c.lastIndex, c.test("YY"));
try { c.compile(/z/, "g"); } catch (e) { print(e.name); }
print(c.compile(/z/m).flags);
// literal evaluation makes a new object each time
function lit() { return /q/g; }
print(lit() === lit(), lit().lastIndex);
// d flag without named groups
var d = /(x)(y)?/d.exec("zx");
print(JSON.stringify(d.indices), d.indices.groups, d.groups);

// expect: a(b)?(?<c>c) dgi true true false false false false true
// expect: /a(b)?(?<c>c)/dgi 0 0 {"value":0,"writable":true,"enumerable":false,"configurable":false}
// expect: ["AC",null,"C"] 2 xxAC abc 4 C null
// expect: [[2,4],null,[3,4]] {"c":[3,4]}
// expect: 0,1,2,index,input,groups,indices
// expect: abc 5 8
// expect: null 0
// expect: a\/b /\n/ (?:) /(?:)/ (?:)
// expect: [/] \/ dgimsuy
// expect: true false g i x
// expect: 2 RegExp true function
// expect: undefined  [object RegExp]
// expect: TypeError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: TypeError
// expect: true b+ g
// expect: false 0 true 2 false 0
// expect: 5 6
// expect: null 0
// expect: TypeError
// expect: null undefined 2
// expect: true y+ i 0 true
// expect: TypeError
// expect: m
// expect: false 0
// expect: [[1,2],[1,2],null] undefined undefined
