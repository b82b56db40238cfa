// Pattern syntax: early errors (new RegExp) in both modes, Annex B web-compat syntax
function ok(p, f) { try { new RegExp(p, f); return "ok"; } catch (e) { return e.name; } }
var cases = [
  ["a**", ""], ["a{2,1}", ""], ["{1}", ""], ["a{1}{", ""], ["(", ""], [")", ""], ["[", ""], ["[b-a]", ""],
  ["\\", ""], ["(?<a>x)(?<a>y)", ""], ["(?<a>x)\\k<b>", ""], ["\\k<a>", ""], ["(?<a>.)\\k", ""],
  ["(?<=a)*", ""], ["(?=a)*", ""], ["(?=a)*", "u"], ["a{", ""], ["a{", "u"], ["}", ""], ["}", "u"],
  ["]", ""], ["]", "u"], ["\\c", ""], ["\\c", "u"], ["[\\c]", ""], ["[\\c1]", ""], ["[\\c1]", "u"],
  ["\\u{110000}", "u"], ["\\u{10FFFF}", "u"], ["\\u{10FFFF}", ""], ["\\x4", "u"], ["\\1", "u"], ["(a)\\1", "u"],
  ["\\8", ""], ["\\8", "u"], ["\\00", "u"], ["\\a", "u"], ["\\-", "u"], ["[\\-]", "u"], ["[\\d-a]", ""],
  ["[\\d-a]", "u"], ["\\p{L}", "u"], ["\\p{Letter}", "u"], ["\\p{Script=Latin}", "u"], ["\\p{Latin}", "u"],
  ["\\p{Script_Extensions=Latn}", "u"], ["\\p{Block=Basic_Latin}", "u"], ["\\p{ L}", "u"], ["\\p{L", "u"],
  ["\\P{Any}", "u"], ["\\p{ASCII}", "u"], ["\\p{General_Category=L}", "u"], ["\\p{gc=Lu}", "u"],
  ["(?<𝒜>.)", ""], ["(?<\\u{1d49c}>.)", ""], ["(?<a\\uD835\\uDC9C>.)", "u"], ["(?<1>.)", ""], ["(?<>.)", ""],
  ["(?<a-b>.)", ""], ["(?:a|b", ""], ["a|*", ""], ["^*", ""], ["$*", "u"], ["\\b+", ""], ["(?<!a){2}", ""],
  ["x{99999999999999999999}", ""], ["x{2,99999999999999999999}", ""], ["x{99999999999999999999,2}", ""],
  ["[\\b]", "u"], ["\\B", "u"], ["(?i:a)", ""], ["(?", ""], ["(?x)", ""], ["a", "uv"], ["a", "v"], ["[a&&b]", "v"],
  ["[a--b]", "v"], ["[[a-z]--[aeiou]]", "v"], ["[a&&&b]", "v"], ["[(]", "v"], ["[\\q{abc|d}]", "v"],
  ["\\q{a}", "v"], ["[a-z&&b]", "v"], ["[^\\q{ab}]", "v"],
];
print(cases.map(function (c) { return ok(c[0], c[1]); }).join(" "));
// Annex B semantics
print(/\c/.test("\\c"), /[\c]/.test("c"), /[\c_]/.test("\x1f"), /\c1/.test("\\c1"), /a{/.test("a{"), /x{1,}y{/.test("xxy{"));
print(/\8/.test("8"), /\1(a)/.exec("a")[0], /\2(a)/.test("\x02a"), /[\1]/.test("\x01"), /\07/.test("\x07"), /\377/.test("\xff"));
print(/]/.test("]"), /}/.test("}"), /\u{3}/.test("uuu"), /\x1g/.test("x1g"), /\u12/.test("u12"), /\k/.test("k"));
print(/(?=a)?a/.exec("a")[0], /(?!a)+b/.test("b"), /\p{L}/.test("p{L}"), /[\p{L}]/.test("{"), /\_/.test("_"));
// numbered and named backreferences, forward references
print(/(a)\1/.test("aa"), /\1(a)/.exec("aa")[0], /(?<n>b)\k<n>/.test("bb"), /\k<n>(?<n>b)/.exec("bb")[0], /(?<n>b)?\k<n>c/.test("c"));
print(/(a)|\1b/.exec("b")[0], /(?:(a)|b)\1/.exec("ba")[0], /((a)|b)+\2/.exec("aba") + "");

// expect: SyntaxError SyntaxError SyntaxError ok SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError ok SyntaxError SyntaxError ok SyntaxError ok SyntaxError ok SyntaxError ok SyntaxError ok SyntaxError ok ok SyntaxError SyntaxError ok ok SyntaxError SyntaxError ok ok SyntaxError SyntaxError SyntaxError SyntaxError ok ok SyntaxError ok ok ok SyntaxError ok SyntaxError SyntaxError SyntaxError ok ok ok ok ok ok ok SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError SyntaxError ok ok SyntaxError ok ok ok SyntaxError SyntaxError SyntaxError ok ok ok ok SyntaxError SyntaxError ok SyntaxError SyntaxError SyntaxError
// expect: true true true true true true
// expect: true a true true true true
// expect: true true true true true true
// expect: a true true true true
// expect: true a true b true
// expect: b b ab,b,
