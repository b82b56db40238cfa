// Regression: parsing a BigInt from digits sized its limb buffer for decimal digits
// (len / 9 + 2 limbs), so a long hex (or binary) literal or BigInt("0x...") string wrote past
// the buffer and corrupted the C heap (test262 language/expressions/exponentiation/
// bigint-arithmetic.js crashed in free()).
var h = '0x' + 'F'.repeat(600);
var a = BigInt(h);
print(a === (1n << 2400n) - 1n, a.toString(16).length);
// expect: true 600
var b = BigInt('0b' + '1'.repeat(700));
print(b === (1n << 700n) - 1n);
// expect: true
print(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFn === (1n << 720n) - 1n);
// expect: true
print(0x123n ** 0x123n % 1000000007n);
// expect: 250624253
