// The v flag's properties of strings (\p{Basic_Emoji}, \p{RGI_Emoji}, ...): what each
// matches, longest string first, set operations with \q{} and other classes, lookbehind,
// /vi, and the early errors (\P{..} or [^..] that may contain strings; u mode).
function show(m) { return m ? JSON.stringify(m[0]) + "@" + m.index : "null"; }
function cps(s) { return Array.from(s, function (c) { return c.codePointAt(0).toString(16); }).join(" "); }
function run(src, flags, input) {
  var r;
  try { r = show(new RegExp(src, flags).exec(input)); } catch (e) { r = e.name; }
  print(src, flags, r);
}

// each property: a member, and strings that are not members
var family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}";   // ZWJ sequence, 7 code points
var kiss = "\u{1F469}\u200D\u2764\uFE0F\u200D\u{1F48B}\u200D\u{1F468}";
var thumbsDark = "\u{1F44D}\u{1F3FF}";                                     // modifier sequence
var flagFR = "\u{1F1EB}\u{1F1F7}", flagXX = "\u{1F1FD}\u{1F1FD}";
var scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
var keycap1 = "1\uFE0F\u20E3", copyright = "\u00A9\uFE0F", watch = "\u231A";
var props = ["Basic_Emoji", "Emoji_Keycap_Sequence", "RGI_Emoji_Modifier_Sequence",
             "RGI_Emoji_Flag_Sequence", "RGI_Emoji_Tag_Sequence", "RGI_Emoji_ZWJ_Sequence", "RGI_Emoji"];
var samples = [watch, copyright, "\u00A9", keycap1, "1\u20E3", thumbsDark, flagFR, flagXX, scotland, family, kiss, "a"];
for (var p of props) {
  var re = new RegExp("^\\p{" + p + "}$", "v"), hits = [];
  for (var s of samples) hits.push(re.test(s) ? 1 : 0);
  print(p, hits.join(""));
}
// expect: Basic_Emoji 110000000000
// expect: Emoji_Keycap_Sequence 000100000000
// expect: RGI_Emoji_Modifier_Sequence 000001000000
// expect: RGI_Emoji_Flag_Sequence 000000100000
// expect: RGI_Emoji_Tag_Sequence 000000001000
// expect: RGI_Emoji_ZWJ_Sequence 000000000110
// expect: RGI_Emoji 110101101110

// longest string first: the whole sequence, not its first emoji, and backtracking to a
// shorter member when the rest of the pattern needs it
print(cps(/\p{RGI_Emoji}/v.exec("x" + family + "y")[0]));
// expect: 1f468 200d 1f469 200d 1f467 200d 1f466
print(cps(/\p{RGI_Emoji}/v.exec(thumbsDark)[0]));
// expect: 1f44d 1f3ff
print(cps(/^(\p{RGI_Emoji})\u{1F3FF}$/v.exec(thumbsDark)[1]));
// expect: 1f44d
print(cps(/(\p{RGI_Emoji})\u200D/v.exec(family)[1]));   // man, woman, girl is RGI too
// expect: 1f468 200d 1f469 200d 1f467
print(/^\p{RGI_Emoji}+$/v.exec(family + flagFR + scotland + keycap1 + watch)[0].length);
// expect: 33
print(/^\p{RGI_Emoji}{2}$/v.test(family), /^\p{RGI_Emoji_Flag_Sequence}+$/v.test(flagFR + flagXX));
// expect: false false
run("[\\q{abc|ab|a|}]", "v", "abc");
// expect: [\q{abc|ab|a|}] v "abc"@0
run("[\\q{abc|ab|}a]", "v", "ab");
// expect: [\q{abc|ab|}a] v "ab"@0
run("[\\q{abc|ab|}x]", "v", "x");
// expect: [\q{abc|ab|}x] v "x"@0
run("[\\q{abc|ab|}x]c", "v", "abc");
// expect: [\q{abc|ab|}x]c v "abc"@0
run("^[\\q{abcd|ab|a}]cd", "v", "abcd");
// expect: ^[\q{abcd|ab|a}]cd v "abcd"@0
run("[\\q{abc|}a]b", "v", "ab");
// expect: [\q{abc|}a]b v "ab"@0
// the empty string is tried after the single characters
run("([\\q{|a}])a", "v", "aa");
// expect: ([\q{|a}])a v "aa"@0

// lookbehind matches the strings backwards, still longest first
print(cps(/(?<=(\p{RGI_Emoji}))!/v.exec(family + "!")[1]));
// expect: 1f468 200d 1f469 200d 1f467 200d 1f466
run("(?<=([\\q{abc|bc|c}]))d", "v", "abcd");
// expect: (?<=([\q{abc|bc|c}]))d v "d"@3
print(/(?<=([\q{abc|bc|c}]))d/v.exec("abcd")[1], /(?<=x([\q{abc|bc|c}]))d/v.exec("xbcd")[1]);
// expect: abc bc
print(/(?<=(?=[\q{ab|a}]b)..)c/v.exec("abc").index);
// expect: 2

// set operations with strings and classes
run("^[\\p{RGI_Emoji_Flag_Sequence}--\\q{\u{1F1EB}\u{1F1F7}}]$", "v", flagFR);
// expect: ^[\p{RGI_Emoji_Flag_Sequence}--\q{🇫🇷}]$ v null
run("^[\\p{RGI_Emoji_Flag_Sequence}&&\\q{\u{1F1EB}\u{1F1F7}|ab}]$", "v", flagFR);
// expect: ^[\p{RGI_Emoji_Flag_Sequence}&&\q{🇫🇷|ab}]$ v "🇫🇷"@0
run("^[\\p{RGI_Emoji}--\\p{RGI_Emoji_ZWJ_Sequence}]$", "v", family);
// expect: ^[\p{RGI_Emoji}--\p{RGI_Emoji_ZWJ_Sequence}]$ v null
run("[\\p{RGI_Emoji}--\\p{RGI_Emoji_ZWJ_Sequence}]", "v", family);
// expect: [\p{RGI_Emoji}--\p{RGI_Emoji_ZWJ_Sequence}] v "👨"@0
run("^[\\p{RGI_Emoji}&&\\p{Basic_Emoji}]$", "v", copyright + watch);
// expect: ^[\p{RGI_Emoji}&&\p{Basic_Emoji}]$ v null
print(/^[\p{RGI_Emoji}&&\p{Basic_Emoji}]+$/v.test(copyright + watch), /^[\p{RGI_Emoji}&&\p{Basic_Emoji}]$/v.test(keycap1));
// expect: true false
print(/^[\p{Basic_Emoji}&&\p{Emoji_Presentation}]$/v.test(watch), /^[\p{Basic_Emoji}&&\p{Emoji_Presentation}]$/v.test(copyright));
// expect: true false
print(/^[\p{RGI_Emoji_Flag_Sequence}\q{xy}a-c]+$/v.test("xy" + flagFR + "cab"), /^[\p{Basic_Emoji}--[\u231A]]$/v.test(watch));
// expect: true false
print(/^[[\p{RGI_Emoji_Tag_Sequence}\q{ab}]--\q{ab}]$/v.test(scotland), /^[[\p{RGI_Emoji_Tag_Sequence}\q{ab}]--\q{ab}]$/v.test("ab"));
// expect: true false
print(/^[\p{RGI_Emoji}--\p{RGI_Emoji}]$/v.test(watch), /[\p{RGI_Emoji}--\p{RGI_Emoji}]/v.test(family));
// expect: false false

// /vi: strings are compared after simple case folding
print(/^[\q{AbC}\p{Emoji_Keycap_Sequence}]+$/vi.test("abc" + keycap1 + "ABC"), /^[\q{ab|AB}]$/vi.test("aB"));
// expect: true true
print(/^\p{RGI_Emoji}$/vi.test(flagFR), /^(?i:[\q{Ab}])$/v.test("aB"), /^[\q{Ab}]$/v.test("aB"));
// expect: true true false

// early errors
var bad = ["\\P{RGI_Emoji}", "[\\P{Basic_Emoji}]", "[^\\p{RGI_Emoji}]", "[^\\p{RGI_Emoji_ZWJ_Sequence}a]",
           "[^\\q{ab}]", "[^\\q{}]", "[^\\q{a|bc}]", "[^[\\p{RGI_Emoji}]]", "[^\\p{RGI_Emoji}--\\p{RGI_Emoji}]",
           "[^\\q{ab}--a]", "[^\\q{ab}&&\\p{RGI_Emoji}]", "\\p{RGI_Emoji=Yes}", "\\p{rgi_emoji}",
           "\\p{Emoji_Keycap_Sequence=Y}", "[\\p{RGI_Emoji}-a]"];
for (var src of bad) run(src, "v", "");
// expect: \P{RGI_Emoji} v SyntaxError
// expect: [\P{Basic_Emoji}] v SyntaxError
// expect: [^\p{RGI_Emoji}] v SyntaxError
// expect: [^\p{RGI_Emoji_ZWJ_Sequence}a] v SyntaxError
// expect: [^\q{ab}] v SyntaxError
// expect: [^\q{}] v SyntaxError
// expect: [^\q{a|bc}] v SyntaxError
// expect: [^[\p{RGI_Emoji}]] v SyntaxError
// expect: [^\p{RGI_Emoji}--\p{RGI_Emoji}] v SyntaxError
// expect: [^\q{ab}--a] v SyntaxError
// expect: [^\q{ab}&&\p{RGI_Emoji}] v SyntaxError
// expect: \p{RGI_Emoji=Yes} v SyntaxError
// expect: \p{rgi_emoji} v SyntaxError
// expect: \p{Emoji_Keycap_Sequence=Y} v SyntaxError
// expect: [\p{RGI_Emoji}-a] v SyntaxError
// MayContainStrings is false: allowed
var good = ["[^\\q{a}]", "[^\\q{a|b}]", "[^\\p{RGI_Emoji}&&a]", "[^a&&\\p{RGI_Emoji}]", "[^a--\\p{RGI_Emoji}]",
            "[^[^\\p{Emoji}]]", "[^\\p{Emoji}]", "\\P{Emoji}"];
for (var src of good) run(src, "v", "x");
// expect: [^\q{a}] v "x"@0
// expect: [^\q{a|b}] v "x"@0
// expect: [^\p{RGI_Emoji}&&a] v "x"@0
// expect: [^a&&\p{RGI_Emoji}] v "x"@0
// expect: [^a--\p{RGI_Emoji}] v "x"@0
// expect: [^[^\p{Emoji}]] v null
// expect: [^\p{Emoji}] v "x"@0
// expect: \P{Emoji} v "x"@0
// properties of strings exist only with the v flag
for (var src of ["\\p{RGI_Emoji}", "[\\p{Basic_Emoji}]", "\\p{RGI_Emoji_Flag_Sequence}"]) run(src, "u", "");
// expect: \p{RGI_Emoji} u SyntaxError
// expect: [\p{Basic_Emoji}] u SyntaxError
// expect: \p{RGI_Emoji_Flag_Sequence} u SyntaxError
try { eval("/[^\\p{RGI_Emoji}]/v"); } catch (e) { print("literal", e.name); }
// expect: literal SyntaxError

// the string methods and flags
print(family.replace(/\p{RGI_Emoji}/gv, "E") + "|" + (flagFR + "a" + keycap1).replace(/\p{RGI_Emoji}/gv, "E"));
// expect: E|EaE
print((flagFR + flagFR + "x" + watch).match(/\p{RGI_Emoji}/gv).length, /\p{RGI_Emoji}/v.unicodeSets, /\p{RGI_Emoji}/v.flags);
// expect: 3 true v
