// gen_regexp_cases.js — generates tests/unit/regexp_cases.txt, the expectations of
// tests/unit/test_regexp.c, by running every case under node (V8).
//   node tests/unit/gen_regexp_cases.js > tests/unit/regexp_cases.txt
//
// Line format (tab-separated): flags, pattern, subject, start, expected.
// Strings: printable ASCII as is except '\' written '\\', everything else as \uXXXX.
// expected: E (SyntaxError), N (no match), or the capture indices start,end,... (-1 when a
// group did not participate). start is the lastIndex used for g/y (0 otherwise).
'use strict';

function enc(s) {
  let o = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) o += '\\\\';
    else if (c >= 0x20 && c < 0x7f) o += s[i];
    else o += '\\u' + c.toString(16).padStart(4, '0');
  }
  return o;
}

const out = [];
function add(pattern, flags, subject, start) {
  start = start || 0;
  let exp;
  let re;
  try { re = new RegExp(pattern, flags + 'd'); } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    out.push([flags, enc(pattern), enc(subject), start, 'E'].join('\t'));
    return;
  }
  re.lastIndex = start;
  const m = re.exec(subject);
  // V8 may try start positions inside a surrogate pair in u mode (the spec's
  // AdvanceStringIndex never does): skip such results.
  const mid = i => i > 0 && i < subject.length && /[\ud800-\udbff]/.test(subject[i - 1]) && /[\udc00-\udfff]/.test(subject[i]);
  if (m && /[uv]/.test(flags) && m.indices.some(p => p && (mid(p[0]) || mid(p[1])))) return;
  if (!m) exp = 'N';
  else exp = m.indices.map(p => p ? p[0] + ',' + p[1] : '-1,-1').join(',');
  if (!(flags.includes('g') || flags.includes('y'))) start = 0;
  out.push([flags, enc(pattern), enc(subject), start, exp].join('\t'));
}

// --- hand-written cases -------------------------------------------------------------
const H = [
  // [pattern, flags, subjects...]
  ['abc', '', 'abc', 'xabcx', 'ab', ''],
  ['a|ab', '', 'abc'], ['ab|a', '', 'abc'], ['(a|ab)(c|bcd)(d*)', '', 'abcd'],
  ['a*', '', 'aaa', 'baaa', ''], ['a*?', '', 'aaa'], ['a+?', '', 'aaa'], ['a??b', '', 'ab', 'b'],
  ['a{2}', '', 'aaa', 'a'], ['a{2,}', '', 'aaaa', 'a'], ['a{2,3}', '', 'aaaa'], ['a{2,3}?', '', 'aaaa'],
  ['a{0}b', '', 'ab'], ['(a){0}b', '', 'ab'], ['(?:ab){2}', '', 'ababab'],
  ['(a)|(b)', '', 'b'], ['((a)|(b))+', '', 'ab', 'ba'], ['(z)((a+)?(b+)?(c))*', '', 'zaacbbbcac'],
  ['(a*)*', '', 'b', 'aab'], ['(a*)+', '', 'b'], ['(a|b)*c', '', 'ababc', 'abab'],
  ['(a?b??)*', '', 'ab'], ['(?:a?)*?b', '', 'aab'], ['(a*?)*', '', 'aa'], ['(?:(a)|b)*', '', 'ab', 'ba'],
  ['(a)*?b', '', 'aab'], ['(.*?)a(?!(a+)b\\2c)\\2(.*)', '', 'baaabaac'],
  ['(?=(a+))a*b\\1', '', 'baaabac'], ['(?=(a+))', '', 'baaabac'], ['(?!a)b', '', 'ab', 'b'],
  ['(?!(a))\\1b', '', 'b'], ['(?=a)*a', '', 'a'], ['(?=(a))?a', '', 'a'], ['(?:(?=(abc)))?a', '', 'abc'],
  ['(?:(?=(abc))){1,1}a', '', 'abc'], ['(?:(?=(abc))){0,1}a', '', 'abc'],
  ['(?<=a)b', '', 'ab', 'b', 'cb'], ['(?<!a)b', '', 'ab', 'cb'], ['(?<=(a+))b', '', 'aaab'],
  ['(?<=(\\d+)(\\d+))$', '', '1053'], ['(?<=\\1(a))b', '', 'aab', 'ab'], ['(?<=(?<!b)a)c', '', 'bac', 'aac'],
  ['(?<=a(?=b)b)c', '', 'abc'], ['(?<=([abc])+)d', '', 'abcd'], ['(?<=^|,)x', '', 'a,x', 'x'],
  ['(?<=\\b)[d-f]{3}', '', 'abc def'], ['(?<=$abc)def', '', 'abcdef'], ['(?<!abc)\\w\\w\\w', '', 'abcdef'],
  ['(?<=(c))def', '', 'abcdef'], ['(?<=(\\w){3})f', '', 'abcdef'], ['(?<=(.)(.)(.))f', '', 'abcdef'],
  ['(?<=a|bb)c', '', 'bbc', 'ac', 'bc'], ['(?<=a.*)c', '', 'axxc'], ['(?<=a.*?)c', 's', 'a\nxc'],
  ['(.)\\1', '', 'abba'], ['(.)\\1', 'i', 'aA'], ['\\1(a)', '', 'aa'], ['(a)|\\1b', '', 'b'],
  ['(?<x>a)\\k<x>', '', 'aa', 'ab'], ['\\k<x>(?<x>b)', '', 'bb'], ['(?<a>.)(?<b>.)\\k<b>\\k<a>', '', 'xyyx'],
  ['\\k<a>', '', 'k<a>'], ['\\k', '', 'k'], ['(?<a>a)\\k', '', 'ak'],
  ['^a', 'm', 'b\na'], ['a$', 'm', 'a\nb'], ['^a', '', 'b\na'], ['^$', 'm', 'a\n\nb'], ['$', '', 'ab'],
  ['\\ba', '', 'ba a'], ['\\Ba', '', 'ba a'], ['a\\b', '', 'ab a'], ['\\b', '', ''], ['\\B', '', ''],
  ['\\w+', '', ' _a9Z '], ['\\W+', '', 'ab#$cd'], ['\\d+', '', 'ab123'], ['\\D+', '', '12ab3'],
  ['\\s+', '', 'a \t\n\v\f\r\u00a0\u2028\ufeffb'], ['\\S+', '', '  ab  '],
  ['.', '', '\n', '\r', '\u2028', 'a'], ['.', 's', '\n'], ['a.c', '', 'a\nc', 'abc'],
  ['[abc]+', '', 'xabcab'], ['[^abc]+', '', 'abxyzc'], ['[a-c]+', '', 'dcbax'], ['[\\d-z]+', '', '1-z'],
  ['[\\w-]+', '', 'a-b_'], ['[-a]+', '', '-a-'], ['[a-]+', '', '-a-'], ['[\\b]', '', '\b'],
  ['[]', '', 'a'], ['[^]', '', '\n'], ['[\\]]', '', ']'], ['[\\-]', '', '-'], ['[\\c1]', '', '\u0011'],
  ['[\\c_]', '', '\u001f'], ['[\\c]', '', '\\', 'c'], ['\\c', '', '\\c'], ['\\cA', '', '\u0001'],
  ['\\c1', '', '\\c1'], ['[\\cz]', '', '\u001a'],
  ['\\x41', '', 'A'], ['\\x4', '', 'x4'], ['\\u0041', '', 'A'], ['\\u004', '', 'u004'],
  ['\\u{41}', '', 'A', 'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu'], ['\\u{41}', 'u', 'A'],
  ['\\0', '', '\0'], ['\\00', '', '\0'], ['\\07', '', '\x07'], ['\\101', '', 'A'], ['\\1', '', '\x01'],
  ['\\8', '', '8'], ['\\18', '', '\x018'], ['\\377', '', '\xff'], ['\\400', '', ' 0'], ['[\\1]', '', '\x01'],
  ['[\\8]', '', '8'], ['[\\09]', '', '\x009'], ['(a)\\2', '', 'a\x02'], ['(a)\\10', '', 'a\x08'],
  ['a{', '', 'a{'], ['a{1', '', 'a{1'], ['a{1,', '', 'a{1,'], ['a{,1}', '', 'a{,1}'], ['{', '', '{'],
  ['}', '', '}'], [']', '', ']'], ['x{2}{', '', 'xx{'], ['a{2,1}', '', ''], ['{1}', '', ''], ['a**', '', ''],
  ['a***', '', ''], ['+a', '', ''], ['a|*', '', ''], ['(', '', ''], [')', '', ''], ['(?', '', ''], ['(?x)', '', ''],
  ['[', '', ''], ['[a', '', ''], ['a\\', '', ''], ['[z-a]', '', ''], ['(?<a>a)(?<a>b)', '', ''],
  ['(?<1a>x)', '', ''], ['(?<a>x)\\k<b>', '', ''], ['(?<=a)*', '', ''], ['(?<!a)+', '', ''], ['^*', '', ''],
  ['$+', '', ''], ['\\b*', '', ''], ['(?<$a_\\u0062>x)\\k<$a_b>', '', 'xx'], ['(?<\\u{1d4d1}>x)', '', 'x'],
  ['(?<\ud835\udcd1>x)\\k<\\ud835\\udcd1>', '', 'xx'], ['(?<a\\uD835\\uDCD1>x)', '', 'x'],
  // unicode mode
  ['\\u{1F600}', 'u', '\u{1F600}'], ['^.$', 'u', '\u{1F600}'], ['^.$', '', '\u{1F600}'], ['^..$', '', '\u{1F600}'],
  ['\ud83d', 'u', '\u{1F600}', '\ud83d'], ['\ude00', 'u', '\u{1F600}', 'a\ude00'], ['[\ud83d\ude00]', 'u', '\u{1F600}'],
  ['[\ud83d\ude00]', '', '\ude00'], ['\\uD83D\\uDE00', 'u', '\u{1F600}'], ['[\\uD83D\\uDE00]+', 'u', '\u{1F600}\u{1F600}'],
  ['\\u{1F600}+', 'u', '\u{1F600}\u{1F600}x'], ['\ud83d\ude00+', '', '\ud83d\ude00\ude00'],
  ['[^a]', 'u', '\u{1F600}'], ['\\S', 'u', '\u{1F600}'], ['.\\b', 'u', 'a\u{1F600}'],
  ['(?<=\u{1F600})a', 'u', '\u{1F600}a'], ['(?<=.)a', 'u', '\u{1F600}a'], ['(?<=^.)a', 'u', '\u{1F600}a'],
  ['(?<=^.)a', '', '\u{1F600}a'], ['(.)\\1', 'u', '\u{1F600}\u{1F600}'], ['[\u{1F600}-\u{1F64F}]', 'u', '\u{1F610}'],
  ['\\p{Lu}+', 'u', 'abCDEf'], ['\\P{Lu}+', 'u', 'ABcdEF'], ['\\p{Script=Greek}+', 'u', 'abαβγd'],
  ['\\p{sc=Grek}', 'u', 'α'], ['\\p{scx=Grek}', 'u', '\u0342'], ['\\p{General_Category=Nd}+', 'u', 'x٠١٢'],
  ['\\p{ASCII_Hex_Digit}+', 'u', 'xyzABC123g'], ['[\\p{L}\\d]+', 'u', '-ab12-'], ['\\p{L}', '', 'p{L}'],
  ['\\p{Foo}', 'u', ''], ['\\p{Lu', 'u', ''], ['\\p', 'u', ''], ['\\p{}', 'u', ''], ['\\p{General_Category}', 'u', ''],
  ['\\p{Script}', 'u', ''], ['\\p{ASCII=Y}', 'u', ''], ['\\p{lu}', 'u', ''], ['\\p{Any}+', 'u', 'ab'],
  ['\\p{Assigned}', 'u', '\u0378a'], ['\\p{L}', 'ui', 'A'], ['\\P{Ll}', 'ui', 'a'], ['[^\\P{Ll}]', 'ui', 'A'],
  ['\\a', 'u', ''], ['\\-', 'u', ''], ['[\\-]', 'u', '-'], ['\\/', 'u', '/'], ['\\c', 'u', ''], ['\\c1', 'u', ''],
  ['[\\c1]', 'u', ''], ['\\x1', 'u', ''], ['\\u12', 'u', ''], ['\\u{110000}', 'u', ''], ['\\u{}', 'u', ''],
  ['\\1', 'u', ''], ['(a)\\1', 'u', 'aa'], ['(a)\\2', 'u', ''], ['\\8', 'u', ''], ['\\00', 'u', ''], ['\\0', 'u', '\0'],
  ['[\\1]', 'u', ''], ['[\\0]', 'u', '\0'], ['{', 'u', ''], ['}', 'u', ''], [']', 'u', ''], ['a{', 'u', ''],
  ['a{1', 'u', ''], ['(?=a)*', 'u', ''], ['(?=a)+', '', 'a'], ['[\\d-z]', 'u', ''], ['[a-\\d]', 'u', ''],
  ['\\k', 'u', ''], ['\\k<a>', 'u', ''], ['(?<a>.)\\k<a>', 'u', 'xx'], ['[\\k]', '', 'k'],
  ['[\\w-a]', '', 'w-'], ['\\u{1F600}', '', 'u'],
  // case-insensitive
  ['abc', 'i', 'ABC', 'aBc'], ['[a-z]+', 'i', 'ABCxyz'], ['[^a-z]', 'i', 'A1'], ['\\w', 'i', '\u017f', '\u212a'],
  ['\\w', 'iu', '\u017f', '\u212a'], ['\\W', 'iu', '\u017f', 's'], ['[\\W]', 'iu', 'S'], ['\\W', 'i', '\u017f'],
  ['\u017f', 'i', 's', 'S'], ['\u017f', 'iu', 's', 'S'], ['s', 'iu', '\u017f'], ['k', 'iu', '\u212a'], ['k', 'i', '\u212a'],
  ['\u00df', 'iu', '\u1e9e'], ['\u1e9e', 'i', '\u00df'], ['\u03a3', 'i', '\u03c2', '\u03c3'], ['\u03c2', 'iu', '\u03a3'],
  ['\u0390', 'i', '\u1fd3'], ['\u01c5', 'i', '\u01c4', '\u01c6'], ['\u01c5', 'iu', '\u01c4'],
  ['\u{10400}', 'iu', '\u{10428}'], ['\u{10400}', 'i', '\u{10428}'], ['[\u{10400}-\u{10410}]', 'iu', '\u{10430}'],
  ['(a)\\1', 'i', 'aA'], ['(\u017f)\\1', 'iu', '\u017fs'], ['(\u017f)\\1', 'i', '\u017fs'], ['\\u212a', 'i', 'k'],
  ['[\\u212a]', 'iu', 'k'], ['[^k]', 'iu', '\u212a'], ['[^\\u212a]', 'iu', 'K'], ['\\b', 'iu', '\u017f'],
  ['\\B', 'iu', '\u017f'], ['I', 'i', '\u0131', '\u0130', 'i'], ['I', 'iu', '\u0131', '\u0130', 'i'],
  ['[\u00e0-\u00ff]+', 'i', '\u00c0\u00dd\u0178'], ['\u00ff', 'i', '\u0178'], ['\u00b5', 'i', '\u039c', '\u03bc'],
  ['\u00b5', 'iu', '\u039c', '\u03bc'],
  // sticky and global
  ['a', 'y', 'ba', 'ab'], ['a', 'g', 'ba'], ['^a', 'y', 'ab'], ['b', 'y', 'ab'],
  // assorted
  ['(\\d+)-(\\d+)', '', 'tel 555-1234'], ['(?:(\\d+)\\.)?(\\d+)', '', 'v 1.2'], ['([a-z]+)@([a-z]+)\\.com', '', 'me@ex.com'],
  ['^(?:(a)|b)+$', '', 'ab'], ['^(?:(a)|b)+$', '', 'ba'], ['(a)?(b)?c', '', 'bc'], ['((a)|(b))*?c', '', 'abc'],
  ['(?:a|())*', '', 'aab'], ['(?:()|a)*', '', 'aab'], ['(()|a)+b', '', 'aab'], ['(a|)+b', '', 'aab'],
  ['(?:a*)*b', '', 'aaab'], ['(?:a+)+b', '', 'aaac'], ['(x+x+)+y', '', 'xxxxxxxxxxy'], ['(a|aa)+$', '', 'aaaaaaaab'],
  ['\\u2028', '', '\u2028'], ['[\\s\\S]', '', '\u2029'], ['^[^\\n]*$', 'm', 'ab\ncd'],
  ['\ud800', '', '\ud800'], ['[\ud800-\udbff][\udc00-\udfff]', '', '\u{1F600}'], ['[\ud800-\udbff]', 'u', '\u{1F600}'],
  ['^\\w{3,5}?$', '', 'abcd'], ['a{3}?', '', 'aaaa'], ['(?:a{2})*', '', 'aaaaa'], ['(a{2})*', '', 'aaaaa'],
  ['(?:(a)|(b)|(c))+', '', 'abcb'], ['(a)(?:b|(c))*', '', 'abcb'], ['(?:(?:(a)|b)c)*', '', 'acbc'],
  ['(?=(a))a(?!\\1b)', '', 'ab', 'ac'], ['(?:(?!x).)*', '', 'abxc'], ['(?:(?<!x).)*', '', 'axbc'],
];
for (const [p, f, ...subs] of H) {
  if (subs.length === 0) subs.push('');
  for (const s of subs) add(p, f, s, 0);
}
// lastIndex cases
add('a', 'g', 'aaa', 1); add('a', 'g', 'aaa', 3); add('a', 'y', 'bab', 1); add('a', 'y', 'bab', 2);
add('\udf06', 'gu', '\ud834\udf06', 1); add('.', 'gu', '\ud834\udf06', 1); add('', 'gu', '\ud834\udf06', 1);
add('\udf06', 'g', '\ud834\udf06', 1); add('x*', 'g', 'abc', 3); add('(?<=a)b', 'y', 'ab', 1);

// --- random cases ------------------------------------------------------------------
// `--random N SEED` writes only N random cases (a bigger fuzz run, not checked in).
const argv = process.argv.slice(2);
const fuzz = argv[0] === '--random';
if (fuzz) out.length = 0;
let seed = fuzz ? (+argv[2] || 99) : 12345;
function rnd(n) { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed % n; }
function pick(a) { return a[rnd(a.length)]; }
function atom(d, st) {
  const r = rnd(d >= 2 ? 6 : 14);
  switch (r) {
    case 0: case 1: case 2: return pick(['a', 'b', 'c', 'A', 'B', ' ', 's', '\u{1F600}', '\ud83d', '\u212a']);
    case 3: return pick(['.', '\\w', '\\W', '\\s', '\\d', '[ab]', '[^a]', '[a-c]', '[^bc ]', '\\b', '\\B', '^', '$']);
    case 4: return pick(['a', 'b']) + pick(['a', 'b', 'c']);
    case 5: return st.groups > 0 ? '\\' + (1 + rnd(st.groups)) : 'c';
    case 6: case 7: case 8: st.groups++; return '(' + alt(d + 1, st) + ')';
    case 9: return '(?:' + alt(d + 1, st) + ')';
    case 10: return '(?' + pick(['=', '!', '<=', '<!']) + alt(d + 1, st) + ')';
    case 11: st.groups++; return '(?<n' + st.groups + '>' + alt(d + 1, st) + ')';
    default: return pick(['a', 'b']);
  }
}
function quant() {
  const q = pick(['', '', '', '*', '+', '?', '{2}', '{1,2}', '{0,2}', '{2,}']);
  return q && rnd(3) === 0 ? q + '?' : q;
}
function seq(d, st) {
  let n = 1 + rnd(d >= 1 ? 2 : 4), s = '';
  for (let i = 0; i < n; i++) {
    const a = atom(d, st);
    s += a + (/^(\^|\$|\\b|\\B|\(\?<[=!])/.test(a) ? '' : quant());
  }
  return s;
}
function alt(d, st) {
  let s = seq(d, st);
  while (rnd(d >= 1 ? 6 : 4) === 0) s += '|' + seq(d, st);
  return s;
}
const FL = ['', '', 'i', 'm', 's', 'u', 'iu', 'y', 'g', 'mi', 'ui', 'is'];
const NR = fuzz ? +argv[1] : 3000;
for (let i = 0; i < NR; i++) {
  const p = alt(0, { groups: 0 });
  const f = pick(FL);
  let subj = '';
  const n = rnd(8);
  for (let k = 0; k < n; k++) subj += pick(['a', 'b', 'c', 'A', ' ', '\n', 'a', 'b', 'a', 'b', 'B', '\u017f', '\u{1F600}']);
  add(p, f, subj, f.includes('g') || f.includes('y') ? rnd(3) : 0);
}
process.stdout.write(out.join('\n') + '\n');
