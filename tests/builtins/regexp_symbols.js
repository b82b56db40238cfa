// String methods through RegExp.prototype[Symbol.*]
print("a1b22c333".match(/\d+/g), "a1b22".match(/\d+/).index, "abc".match(/x/g), "".match(/x*/g).length);
print(JSON.stringify("aXbX".match(/x/i)), "𝟘𝟙".match(/(?:)/gu).length, "𝟘𝟙".match(/(?:)/g).length);
print([..."a1b2c3".matchAll(/[a-z](\d)/g)].map(m => m[1] + "@" + m.index).join());
var it = "xx".matchAll(/x/g);
print(Object.prototype.toString.call(it), typeof it.next, it[Symbol.iterator]() === it, JSON.stringify(it.next()));
try { "x".matchAll(/x/); } catch (e) { print(e.name); }
print("John Smith".replace(/(\w+)\s(\w+)/, "$2, $1"), "aaa".replace(/a/g, "$&$&"), "abc".replace(/b/, "[$`|$'|$$]"));
print("2024-01-15".replace(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, "$<d>/$<m>/$<y>"), "ab".replace(/(a)/, "$2$1$01$10"));
print("abc".replace(/(?<x>b)/, "[$<y>]"), "abc".replace(/b/, "$<x>"), "x".replace(/x/, "$0"));
print("a-b-c".replace(/-/g, function (m, off, s) { return "(" + m + off + s.length + ")"; }));
print("k1=v1;k2=v2".replace(/(?<k>\w+)=(?<v>\w+)/g, (...args) => { var g = args[args.length - 1]; return g.v + ":" + g.k; }));
print("aaa".replace(/a*?/g, "-"), "abc".replace(/(?:)/g, "."), "𝟘".replace(/(?:)/gu, "."), "𝟘".replace(/(?:)/g, ".").length);
print("xAx".replaceAll(/a/gi, "$&$&"), "aaa".replaceAll(/a/g, (m, o) => o));
try { "a".replaceAll(/a/, "b"); } catch (e) { print(e.name); }
print("hello world".search(/o/), "hello".search(/z/), "abc".search(/c$/));
var s = /b/g; s.lastIndex = 2; print("abc".search(s), s.lastIndex);
print(JSON.stringify("a,b;c d".split(/[,; ]/)), JSON.stringify("a1b2c".split(/(\d)/)), JSON.stringify("abc".split(/(?:)/)));
print(JSON.stringify("a,b,c".split(/,/, 2)), JSON.stringify("".split(/x/)), JSON.stringify("".split(/(?:)/)), JSON.stringify("ab".split(/a*?/)));
print(JSON.stringify("a𝟘b".split(/(?:)/u)), JSON.stringify("a𝟘b".split(/(?:)/).length), JSON.stringify("test".split(/(t)?/)));
print(JSON.stringify("A<B>bold</B>and<CODE>coded</CODE>".split(/<(\/)?([^<>]+)>/)));
// species and subclassing
class MyRE extends RegExp {
  exec(s) { var m = super.exec(s); if (m) m[0] = m[0].toUpperCase(); return m; }
}
var my = new MyRE("b", "g");
print(my instanceof MyRE, my.test("abc"), "abcb".replace(my, "[$&]"), "abcb".match(my), JSON.stringify("abc".split(new MyRE("b"))));
class Sp extends RegExp { static get [Symbol.species]() { return RegExp; } }
print("a1b".split(new Sp("\\d")).join("|"));
// custom exec on a plain object
var fake = { exec() { return this.n++ < 2 ? { 0: "x", index: this.n, length: 1 } : null; }, n: 0, flags: "g", global: true, lastIndex: 0 };
print(RegExp.prototype[Symbol.replace].call(fake, "0123", "-"));
print(RegExp.prototype.test.call({ exec() { return {}; } }, "x"));
try { RegExp.prototype.test.call({ exec() { return 1; } }, "x"); } catch (e) { print(e.name); }
try { RegExp.prototype[Symbol.match].call({ exec: null, flags: "", __proto__: /z/ }, "z"); } catch (e) { print(e.name); }
// ToString of arguments and lastIndex observability
var calls = [];
var lr = /a/g;
lr.lastIndex = { valueOf() { calls.push("vo"); return 0; } };
print(lr.exec("ba").index, calls.join(), lr.lastIndex);
var nonglobal = /a/;
nonglobal.lastIndex = { valueOf() { calls.push("ng"); return 5; } };
print(nonglobal.exec("a").index, calls.join());

// expect: 1,22,333 1 null 1
// expect: ["X"] 3 5
// expect: 1@0,2@2,3@4
// expect: [object RegExp String Iterator] function true {"value":["x"],"done":false}
// expect: TypeError
// expect: Smith, John aaaaaa a[a|c|$]c
// expect: 15/01/2024 $2aaa0b
// expect: a[]c a$<x>c $0
// expect: a(-15)b(-35)c
// expect: v1:k1;v2:k2
// expect: -a-a-a- .a.b.c. .𝟘. 5
// expect: xAAx 012
// expect: TypeError
// expect: 4 -1 2
// expect: 1 2
// expect: ["a","b","c","d"] ["a","1","b","2","c"] ["a","b","c"]
// expect: ["a","b"] [""] [] ["a","b"]
// expect: ["a","𝟘","b"] 4 ["","t","e",null,"s","t",""]
// expect: ["A",null,"B","bold","/","B","and",null,"CODE","coded","/","CODE",""]
// expect: true true a[B]c[B] B,B ["a","c"]
// expect: a|b
// expect: 0--3
// expect: true
// expect: TypeError
// expect: TypeError
// expect: 1 vo 2
// expect: 0 vo,ng
