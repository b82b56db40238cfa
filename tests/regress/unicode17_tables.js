// Regression: the Unicode tables moved from 16.0 to 17.0 (tools/ucd_from_git.py), and
// the RegExp case closure missed the new cased script Beria Erfe (U+16EA0..16ED3) because
// its hard-coded list of case-free ranges (regexp_parse.c case_gaps) still ran
// U+16E80..1E8FF.  The list is now generated with the tables (uni_case_gaps).
print(/[\u{16EA0}]/ui.test("\u{16EBB}"), /[\u{16EBB}]/ui.test("\u{16EA0}"));
// expect: true true
print(/\u{16EA0}/ui.test("\u{16EBB}"), /[^\u{16EA0}]/ui.test("\u{16EBB}"));
// expect: true false
print("\u{16EA0}".toLowerCase() === "\u{16EBB}", "\u{16EBB}".toUpperCase() === "\u{16EA0}");
// expect: true true
print("\uA7CE".toLowerCase() === "\uA7CF", /[\uA7CF]/ui.test("\uA7CE"));
// expect: true true
// New scripts of 17.0, by long and short name, and in Script_Extensions.
print(/\p{Script=Sidetic}/u.test("\u{10940}"), /\p{sc=Sidt}/u.test("\u{10940}"),
      /\p{Script=Tolong_Siki}/u.test("\u{11DB0}"), /\p{scx=Tols}/u.test("\u{11DB0}"),
      /\p{Script=Beria_Erfe}/u.test("\u{16EA0}"), /\p{Script=Tai_Yo}/u.test("\u{1E6C0}"),
      /\p{Script=Tayo}/u.test("\u{1E6C0}"));
// expect: true true true true true true true
print(/\p{Script=Latin}/u.test("\u{10940}"), /\p{Lo}/u.test("\u{10940}"),
      /\p{Cn}/u.test("\u{10940}"), /\p{Assigned}/u.test("\u{1FAC8}"),
      /\p{Extended_Pictographic}/u.test("\u{1FAC8}"));
// expect: false true false true true
// New letters are identifier characters.
var \u{10940}a = 1, b\u{11DE0} = 2;
print(\u{10940}a + b\u{11DE0}, /\p{ID_Start}/u.test("\u{1E6C0}"));
// expect: 3 true
