// Math: constants and exact functions.
print(Math.PI, Math.E, Math.LN2, Math.LN10, Math.LOG2E, Math.LOG10E, Math.SQRT2, Math.SQRT1_2); // expect: 3.141592653589793 2.718281828459045 0.6931471805599453 2.302585092994046 1.4426950408889634 0.4342944819032518 1.4142135623730951 0.7071067811865476
var d = Object.getOwnPropertyDescriptor(Math, 'PI');
print(d.writable, d.enumerable, d.configurable, Math[Symbol.toStringTag], String(Math)); // expect: false false false Math [object Math]
print(Math.abs(-3), Math.abs('-2'), Math.abs(null), Math.abs(), 1 / Math.abs(-0)); // expect: 3 2 0 NaN Infinity
print(Math.ceil(1.2), Math.ceil(-1.2), 1 / Math.ceil(-0.5), Math.floor(-1.2), Math.floor(1.9), Math.trunc(-1.9), Math.trunc(1.9)); // expect: 2 -1 -Infinity -2 1 -1 1
print(Math.round(2.5), Math.round(-2.5), Math.round(0.49999999999999994), 1 / Math.round(-0.4), Math.round(-0.5000000000000001), Math.round(4503599627370495.5)); // expect: 3 -2 0 -Infinity -1 4503599627370496
print(Math.round(1.5), Math.round(-1.5), Math.round(Infinity), Math.round(NaN), Math.round(9007199254740991)); // expect: 2 -1 Infinity NaN 9007199254740991
print(Math.sign(-3), Math.sign(3), 1 / Math.sign(-0), Math.sign(NaN), Math.sign('5')); // expect: -1 1 -Infinity NaN 1
print(Math.sqrt(16), Math.sqrt(2), Math.sqrt(-1), 1 / Math.sqrt(-0)); // expect: 4 1.4142135623730951 NaN -Infinity
print(Math.max(), Math.min(), Math.max(1, 3, 2), Math.min(1, 3, 2), Math.max(1, NaN), 1 / Math.max(-0, 0), 1 / Math.min(0, -0)); // expect: -Infinity Infinity 3 1 NaN Infinity -Infinity
var calls = [];
Math.max({valueOf: function () { calls.push(1); return NaN; }}, {valueOf: function () { calls.push(2); return 1; }});
print(calls.join()); // expect: 1,2
print(Math.clz32(1), Math.clz32(0), Math.clz32(-1), Math.clz32(0x80000000), Math.clz32(2 ** 32)); // expect: 31 32 0 0 32
print(Math.imul(3, 4), Math.imul(-5, 12), Math.imul(0xffffffff, 5), Math.imul(0x7fffffff, 2)); // expect: 12 -60 -5 -2
print(Math.fround(5.5), Math.fround(5.05), Math.fround(2 ** 128), Math.fround(1e-46)); // expect: 5.5 5.050000190734863 Infinity 0
print(Math.hypot(3, 4), Math.hypot(), Math.hypot(NaN, Infinity), Math.hypot(-3), Math.hypot(1e200, 1e200)); // expect: 5 0 Infinity 3 1.414213562373095e+200
print(Math.pow(2, 10), Math.pow(1, Infinity), Math.pow(NaN, 0), Math.pow(-8, 1 / 3), 2 ** -1); // expect: 1024 NaN 1 NaN 0.5
print(Math.sin(0), Math.cos(0), Math.tan(0), Math.exp(0), Math.log(1), Math.atan2(0, -0), Math.atan2(1, 1) * 4); // expect: 0 1 0 1 0 3.141592653589793 3.141592653589793
print(Math.exp(1), Math.log(Math.E), Math.log2(8), Math.log10(1000), Math.cbrt(27), Math.cbrt(-8)); // expect: 2.718281828459045 1 3 3 3 -2
print(Math.asin(1) * 2, Math.acos(-1), Math.atan(Infinity) * 2, Math.sinh(0), Math.cosh(0), Math.tanh(Infinity)); // expect: 3.141592653589793 3.141592653589793 3.141592653589793 0 1 1
print(Math.asinh(0), Math.acosh(1), Math.atanh(0), Math.expm1(0), Math.log1p(0), Math.log(-1), Math.log(0)); // expect: 0 0 0 0 0 NaN -Infinity
print(Math.max.length, Math.hypot.length, Math.abs.name, Math.atan2.length, Math.random.length); // expect: 2 2 abs 2 0
var ok = true;
for (var i = 0; i < 1000; i++) { var r = Math.random(); if (!(r >= 0 && r < 1)) ok = false; }
print(ok); // expect: true
