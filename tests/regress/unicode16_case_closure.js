// Regression: the Unicode tables moved from 15.0 to 16.0 (tools/ucd_json_to_txt.py), and
// the RegExp case closure skipped U+FB05..FB06 because its hard-coded list of case-free
// ranges (regexp_parse.c case_gaps) predated "FB05; S; FB06" (test262
// built-ins/RegExp/unicode_full_case_folding.js).
print(/[\ufb05]/ui.test("\ufb06"), /[\ufb06]/ui.test("\ufb05"), /[\u0390]/ui.test("\u1fd3"));
// expect: true true true
print(/[\u{10D50}]/ui.test("\u{10D70}"), /\p{Script=Garay}/u.test("\u{10D50}"));
// expect: true true
print(/\p{Alphabetic}/u.test("\u0897"), /\p{ID_Start}/u.test("\u1C89"));
// expect: true true
var \u1C89x = 1;
print(\u1C89x);
// expect: 1
