// Regression: toLowerCase/toUpperCase (ASCII fast path), repeat and toWellFormed built
// their result with str_alloc_* but never stored its hash, so as a property key it was
// interned as a second, distinct atom and as a Map key it hashed as 0: lookups missed
// (test262 language/expressions/super/prop-poisoned-underscore-proto.js).
var o = { constructor: 1, abab: 2, 'x\uFFFD': 3 };
print(o['CONSTRUCTOR'.toLowerCase()], o['ab'.repeat(2)], o['x\uD800'.toWellFormed()], o['ABAB'.toLowerCase()]);
// expect: 1 2 3 2
print(Object.prototype['CONSTRUCTOR'.toLowerCase()] === Object);
// expect: true
var m = new Map([['abab', 'map'], ['ABC', 'upper']]);
print(m.get('ab'.repeat(2)), m.get('abc'.toUpperCase()), new Set(['zz']).has('z'.repeat(2)));
// expect: map upper true
var obj = { m() { return super['CONSTRUCTOR'.toLowerCase()]; } };
print(obj.m() === Object);
// expect: true
