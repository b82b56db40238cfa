// The v flag (unicodeSets): set operations, nested classes, \q{} strings, /vi.
var tests = [
 ["[[a-z]--[aeiou]]+", "v", "hello world"], ["[\\w&&[^\\d]]+", "v", "ab12cd"], ["[\\q{abc|d}x]+", "v", "abcdxq"],
 ["[\\q{abc|ab|a}]", "v", "abc"], ["[\\q{}]", "v", "x"], ["^[\\q{}]$", "v", ""], ["[[abc]&&[bcd]&&[cde]]", "v", "abcde"],
 ["[\\p{L}--\\p{Lu}]+", "v", "ABcdE"], ["[^[a-z]&&[^c]]", "v", "c"],
  ["[^a]", "vi", "A"], ["[^\\q{a}]", "vi", "A"], ["\\p{Lu}", "vi", "a"], ["[\\q{AB}]", "vi", "ab"],
 ["[[a-z]--\\q{b}]+", "v", "abc"], ["[\\q{ab}--\\q{ab}]", "v", "ab"], ["[\\q{ab|c}&&\\q{ab}]", "v", "xab"],
 ["[a-c\\q{xyz}]{2}", "v", "axyz"], ["[\\d\\q{1|12|123}]+", "v", "12345"], ["[^\\d]", "v", "5x"], ["[\\&&]", "v", "&"],
 ["[a\\-]", "v", "-"], ["[\\(\\)]", "v", "("], ["[_-]", "v", "-"],
];
for (var t of tests) {
  var r;
  try { var m = new RegExp(t[0], t[1]).exec(t[2]); r = m ? JSON.stringify(m[0]) + "@" + m.index : "null"; } catch (e) { r = e.name; }
  print(t[0], t[1], r);
}

// expect: [[a-z]--[aeiou]]+ v "h"@0
// expect: [\w&&[^\d]]+ v "ab"@0
// expect: [\q{abc|d}x]+ v "abcdx"@0
// expect: [\q{abc|ab|a}] v "abc"@0
// expect: [\q{}] v ""@0
// expect: ^[\q{}]$ v ""@0
// expect: [[abc]&&[bcd]&&[cde]] v "c"@2
// expect: [\p{L}--\p{Lu}]+ v "cd"@2
// expect: [^[a-z]&&[^c]] v "c"@0
// expect: [^a] vi null
// expect: [^\q{a}] vi null
// expect: \p{Lu} vi "a"@0
// expect: [\q{AB}] vi "ab"@0
// expect: [[a-z]--\q{b}]+ v "a"@0
// expect: [\q{ab}--\q{ab}] v null
// expect: [\q{ab|c}&&\q{ab}] v "ab"@1
// expect: [a-c\q{xyz}]{2} v "axyz"@0
// expect: [\d\q{1|12|123}]+ v "12345"@0
// expect: [^\d] v "x"@1
// expect: [\&&] v "&"@0
// expect: [a\-] v "-"@0
// expect: [\(\)] v "("@0
// expect: [_-] v SyntaxError
