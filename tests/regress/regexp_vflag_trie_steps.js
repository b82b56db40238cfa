// A property of strings tried at every position of a long text must not try its 382
// first code points one by one: the trie's siblings are split behind lookaround guards
// (regexp_parse.c str_siblings). Unguarded, this search needed over 100M computrons.
// flags: --meter-limit 15000000
var s = "漢字かなカナ한국어 0123456789".repeat(10000);
print(/\p{RGI_Emoji}/v.test(s), s.length, /(?<=\p{RGI_Emoji})x/v.test(s));
// expect: false 200000 false
var fam = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}";
print(("ab " + fam + " 12 \u{1F1EB}\u{1F1F7}").repeat(2000).match(/\p{RGI_Emoji}/gv).length);
// expect: 4000
