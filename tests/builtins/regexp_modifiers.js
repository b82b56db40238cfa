// RegExp pattern modifiers (ES2025): (?ims-ims:...) turns i, m, s on or off in a group.
print(/(?i:a)b/.test('Ab'), /(?i:a)b/.test('AB'), /a(?-i:b)/i.test('Ab'), /a(?-i:b)/i.test('AB')); // expect: true false true false
print(/(?s:.)./.test('\n\n'), /(?s:.)./.test('\nx'), /(?-s:.)/s.test('\n')); // expect: false true false
print(/(?m:^b)/.test('a\nb'), /^b/.test('a\nb'), /(?-m:^b)/m.test('a\nb')); // expect: true false false
// backreferences and \b follow the modifiers in force where they stand
print(/(a)(?i:\1)/.test('aA'), /(a)\1/.test('aA'), /(a)(?-i:\1)/i.test('aA')); // expect: true false false
print(/(?<n>a)(?i:\k<n>)/.test('aA'), /(?i:\b)/u.test('\u017f'), /\b/u.test('\u017f')); // expect: true true false
print(/(?i:[a-c]+)d/.exec('aBcd')[0], /(?-i:[a-c])/i.test('B'), /(?i-s:.x)/s.test('\nX')); // expect: aBcd false false
print(/x(?i:y(?-i:z))/.test('xYz'), /x(?i:y(?-i:z))/.test('xYZ')); // expect: true false
print(/(?ims:^a.b$)/.source, /(?ims:^a.b$)/.test('x\nA\nB')); // expect: (?ims:^a.b$) true
for (var bad of ['(?ii:a)', '(?-:a)', '(?i-i:a)', '(?x:a)', '(?i', '(?-ms-i:a)', '(?I:a)']) {
  try { new RegExp(bad); print('accepted', bad); } catch (e) { print(e.name); }
}
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
