// Unicode mode, case folding, property escapes, lookbehind, multiline/dotAll
var s = "a😀b";
print(/^.$/u.test("😀"), /^.$/.test("😀"), /^..$/.test("😀"), s.match(/./gu).length, s.match(/./g).length);
print(/\u{1F600}/u.test("😀"), /[😀]/u.test("😀"), /[😀]/.test("\ude00"), /\ud83d/u.test("😀"), /\ud83d/.test("😀"));
print(/[\u{1F600}-\u{1F64F}]+/u.exec("x😀😃y")[0].length, /\S+/u.exec("😀 ")[0].length, /[^x]/u.exec("😀")[0].length);
var g = /(?:)/gu; g.lastIndex = 1; print(g.exec("😀").index, g.lastIndex);
print(/\w/i.test("\u017f"), /\w/iu.test("\u017f"), /\W/iu.test("\u017f"), /k/iu.test("\u212a"), /k/i.test("\u212a"));
print(/ß/iu.test("ẞ"), /σ/i.test("ς"), /Σ/iu.test("ς"), /\u{10400}/iu.test("\u{10428}"), /[a-z]/i.test("K"));
print(/(a)\1/i.test("aA"), /(ǅ)\1/i.test("ǅǆ"), /[^k]/iu.test("\u212a"), /ı/i.test("I"), /İ/i.test("i"));
print(/\p{Lu}+/u.exec("abCDe")[0], /\p{Script=Greek}+/u.exec("xαβγy")[0], /\P{L}+/u.exec("ab12cd")[0], /\p{Nd}/u.test("٣"));
print(/[\p{Lu}\d]+/u.exec("aB3Cd")[0], /\p{ASCII_Hex_Digit}+/u.exec("xyzA1f")[0], /\p{L}/iu.test("A"), /^\p{Any}$/u.test("😀"));
print(/(?<=\$)\d+(\.\d*)?/.exec("cost $10.53")[0], /(?<!\$)\b\d+/.exec("$4 and 7")[0], /(?<=(\d)(\d))x/.exec("12x").join());
print(/(?<=\1(a))b/.exec("aab").join(), /(?<=^|,)\w/g[Symbol.match]("a,b,,c"), /(?<=😀)x/u.test("😀x"), /(?<=^.)x/u.test("😀x"));
print(/^b/m.test("a\nb"), /a$/m.test("a\nb"), /a$/.test("a\nb"), /a.b/.test("a\nb"), /a.b/s.test("a\nb"), /a[^]b/.test("a\rb"));
print(/^$/gm[Symbol.replace]("a\n\nb", "X"), JSON.stringify("a\u2028b\u2029c".split(/^/m)).replace(/[\u2028\u2029]/g, function (c) { return "<" + c.charCodeAt(0).toString(16) + ">"; }));
var y = /\u{1F600}/uy; y.lastIndex = 1; print(y.test("😀😀"), y.lastIndex);
print("😀😀".replace(/(?:)/gu, "-"), "😀".replace(/(?:)/g, "-").length, "x😀".search(/\p{Emoji_Presentation}/u));
print(JSON.stringify(/(?<a>.)(?<b>.)?/du.exec("😀").indices), /\b/u.test("😀"), /\B/u.test("😀"));

// expect: true false true 3 4
// expect: true true true false true
// expect: 4 2 2
// expect: 0 0
// expect: false true false true false
// expect: true true true true true
// expect: true true false false false
// expect: CD αβγ 12 true
// expect: B3C A1f true true
// expect: 10.53 7 x,1,2
// expect: b,a a,b,c true true
// expect: true true false false true true
// expect: a
// expect: X
// expect: b ["a<2028>","b<2029>","c"]
// expect: true 2
// expect: -😀-😀- 5 1
// expect: [[0,2],[0,2],null] false true
