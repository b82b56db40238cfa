// Number constructor, statics and prototype.
print(Number(), Number('12'), Number(' 0x10 '), Number(''), Number('1e3'), Number(null), Number([5])); // expect: 0 12 16 0 1000 0 5
print(Number(undefined), Number('abc'), Number(true), Number('-Infinity'), Number('0b101'), Number('0o17')); // expect: NaN NaN 1 -Infinity 5 15
var n = new Number(3);
print(typeof n, n + 1, n.valueOf(), Object.prototype.toString.call(Number.prototype), Number.prototype.valueOf()); // expect: object 4 3 [object Number] 0
print(Number.EPSILON === Math.pow(2, -52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER); // expect: true 9007199254740991 -9007199254740991
print(Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY); // expect: 1.7976931348623157e+308 5e-324 NaN Infinity -Infinity
print(Number.isFinite(1), Number.isFinite('1'), Number.isFinite(Infinity), Number.isFinite(NaN)); // expect: true false false false
print(Number.isInteger(5), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(-0), Number.isInteger(Infinity)); // expect: true false false true false
print(Number.isNaN(NaN), Number.isNaN('NaN'), Number.isNaN(1)); // expect: true false false
print(Number.isSafeInteger(2 ** 53 - 1), Number.isSafeInteger(2 ** 53), Number.isSafeInteger(1.5)); // expect: true false false
print(Number.parseInt === parseInt, Number.parseFloat === parseFloat); // expect: true true
print((255).toString(16), (255).toString(2), (-255).toString(36), (0.5).toString(2), (3.75).toString(8)); // expect: ff 11111111 -73 0.1 3.6
print((1e21).toString(), (123.456).toString(), (1e-7).toString(), (-0).toString(), NaN.toString(2)); // expect: 1e+21 123.456 1e-7 0 NaN
try { (1).toString(1); } catch (e) { print(e.constructor.name); } // expect: RangeError
try { (1).toString(37); } catch (e) { print(e.constructor.name); } // expect: RangeError
print((1.005).toFixed(2), (0.5).toFixed(0), (1.45).toFixed(1), (123.456).toFixed(), (-1.5).toFixed(0), (1e21).toFixed(2)); // expect: 1.00 1 1.4 123 -2 1e+21
print((0).toFixed(2), (-0.0001).toFixed(2), (NaN).toFixed(2)); // expect: 0.00 -0.00 NaN
try { (1).toFixed(101); } catch (e) { print(e.constructor.name); } // expect: RangeError
try { (1).toFixed(Infinity); } catch (e) { print(e.constructor.name); } // expect: RangeError
print((123.456).toExponential(2), (0).toExponential(), (1e-10).toExponential(3), (123456).toExponential()); // expect: 1.23e+2 0e+0 1.000e-10 1.23456e+5
print(Infinity.toExponential(1000), (-1.5).toExponential(0)); // expect: Infinity -2e+0
try { (1).toExponential(-1); } catch (e) { print(e.constructor.name); } // expect: RangeError
print((123.456).toPrecision(4), (0.000123).toPrecision(2), (123456).toPrecision(2), (1.5).toPrecision(), (0).toPrecision(3)); // expect: 123.5 0.00012 1.2e+5 1.5 0.00
try { (1).toPrecision(0); } catch (e) { print(e.constructor.name); } // expect: RangeError
print(NaN.toPrecision(200)); // expect: NaN
print((1234.5).toLocaleString === Number.prototype.toLocaleString, typeof (5).toLocaleString()); // expect: true string
try { Number.prototype.toString.call('1'); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Number.prototype.valueOf.call({}); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Number.prototype.toFixed.call(new Number(2.5), 1)); // expect: 2.5
print(Number.length, Number.name, Number.prototype.toString.length, Number.prototype.toFixed.length); // expect: 1 Number 1 1
class N2 extends Number {}
print(new N2(7).valueOf(), new N2(7) instanceof N2); // expect: 7 true
print(Number(10n), Number(-(2n ** 64n))); // expect: 10 -18446744073709552000
print(Number('1_000'), Number('+.5'), Number('-.5e1'), Number('.'), Number('1.')); // expect: NaN 0.5 -5 NaN 1
