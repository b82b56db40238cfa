// cryo-specific: Math.random is a seeded xorshift128+ (same sequence on every run/machine),
// and the ES2025/2026 functions f16round and sumPrecise.
print(Math.random(), Math.random(), Math.random()); // expect: 0.7389069755867078 0.9446910499402403 0.23933961269524306
print(Math.f16round(5.5), Math.f16round(5.05), Math.f16round(65504), Math.f16round(65520), Math.f16round(65519.99)); // expect: 5.5 5.05078125 65504 Infinity 65504
print(Math.f16round(2 ** -24), Math.f16round(2 ** -25), Math.f16round(2 ** -25 + 2 ** -60), 1 / Math.f16round(-0), Math.f16round(NaN)); // expect: 5.960464477539063e-8 0 5.960464477539063e-8 -Infinity NaN
print(Math.f16round(1.00048828125), Math.f16round(1.00146484375)); // expect: 1 1.001953125
print(Math.sumPrecise([1, 2, 3]), Math.sumPrecise([1e20, 0.1, -1e20]), Math.sumPrecise([0.1, 0.2]), Math.sumPrecise([])); // expect: 6 0.1 0.30000000000000004 0
print(1 / Math.sumPrecise([-0, -0]), Math.sumPrecise([-0, 0]), Math.sumPrecise([Infinity, 1]), Math.sumPrecise([Infinity, -Infinity]), Math.sumPrecise([NaN, 1])); // expect: -Infinity 0 Infinity NaN NaN
print(Math.sumPrecise([1e308, 1e308]), Math.sumPrecise([1e308, 1e308, -1e308]), Math.sumPrecise([5e-324, 5e-324]), Math.sumPrecise([-5e-324])); // expect: Infinity 1e+308 1e-323 -5e-324
print(Math.sumPrecise([2 ** 53, 1, 1]), Math.sumPrecise([2 ** 53, 1]), Math.sumPrecise([1.7976931348623157e308, 9.979201547673599e291])); // expect: 9007199254740994 9007199254740992 Infinity
print(Math.sumPrecise([1.7976931348623157e308, 9.979201547673598e291])); // expect: 1.7976931348623157e+308
try { Math.sumPrecise([1, '2']); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Math.sumPrecise(1); } catch (e) { print(e.constructor.name); } // expect: TypeError
