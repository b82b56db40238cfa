// RegExp.escape (ES2025).
print(RegExp.escape('a.b*c')); // expect: \x61\.b\*c
print(RegExp.escape('1+1=2')); // expect: \x31\+1\x3d2
print(RegExp.escape('(foo)[bar]{baz}|^$\\/')); // expect: \(foo\)\[bar\]\{baz\}\|\^\$\\\/
print(RegExp.escape(' \t\n,-')); // expect: \x20\t\n\x2c\x2d
print(RegExp.escape('\u2028\ufeff\ud800x') === '\\u2028\\ufeff\\ud800x'); // expect: true
print(RegExp.escape('_ok\u00e9\u{1F600}') === '_ok\u00e9\u{1F600}', RegExp.escape('\u00a0')); // expect: true \xa0
var s = 'price: $5.00 (approx.)';
print(new RegExp(RegExp.escape(s)).test('the ' + s + '!'), new RegExp(RegExp.escape(s)).test('price: $5x00 (approx.)')); // expect: true false
try { RegExp.escape(5); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(RegExp.escape.length, RegExp.escape.name); // expect: 1 escape
