// Function.prototype.toString returns the exact source text, also for sources holding
// characters above U+00FF (kept as UTF-8 when the source comes from a file) and lone
// surrogates in eval'd text (kept as the caller's string).
function héllo() { return "ὠ€"; }
print(héllo.toString());
// expect: function héllo() { return "ὠ€"; }
var f = eval("(function () { return '\uD800' + 'ὠ'; })");
print(f.toString() === "function () { return '\uD800' + 'ὠ'; }", f().length);
// expect: true 2
class K { m() { return 'Ω'; } static s = "ж"; }
print(K.toString());
// expect: class K { m() { return 'Ω'; } static s = "ж"; }
print(K.prototype.m.toString(), K.s);
// expect: m() { return 'Ω'; } ж
var g = new Function("a", "b", "return a + 'ж' + b");
print(g.toString().split("\n").join("|"), g(1, 2));
// expect: function anonymous(a,b|) {|return a + 'ж' + b|} 1ж2
var arrow = (x) => x + "✓";
print(arrow.toString(), `${(async function* ag() { yield "𝒳"; })}`);
// expect: (x) => x + "✓" async function* ag() { yield "𝒳"; }
