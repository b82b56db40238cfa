// RegExps with the v flag (properties of strings, \q{} strings, set operations, /vi,
// lookbehind) and a global one part-way through a string: the compiled programs and
// lastIndex must work the same after a restore.
var family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}", flagFR = "\u{1F1EB}\u{1F1F7}";
var text = "a" + family + "b" + flagFR + "1\uFE0F\u20E3" + "\u231A" + "abc";
var emoji = /\p{RGI_Emoji}/gv;
var sets = new RegExp("[[\\p{RGI_Emoji_Flag_Sequence}\\q{abc|ab}]--\\q{ab}]", "v");
var folded = /^[\q{AbC}\p{Emoji_Keycap_Sequence}]+$/vi;
var behind = /(?<=([\q{abc|bc|c}\p{RGI_Emoji_ZWJ_Sequence}]))!/v;
var first = emoji.exec(text);
print("A", first[0] === family, first.index, emoji.lastIndex, sets.exec(text)[0] === flagFR);
// expect: A true 1 12 true
