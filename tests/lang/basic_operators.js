// Arithmetic, comparison, bitwise, logical and misc operators.
print(1 + 2, 5 - 7, 3 * 4, 7 / 2, 7 % 3, -7 % 3, 2 ** 10); // expect: 3 -2 12 3.5 1 -1 1024
print(0.1 + 0.2, 1 / 0, -1 / 0, 0 / 0); // expect: 0.30000000000000004 Infinity -Infinity NaN
print(2147483647 + 1, -2147483648 - 1, 65536 * 65536); // expect: 2147483648 -2147483649 4294967296
print(1 / (0 * -1), 1 / (-0 + 0)); // expect: -Infinity Infinity
print("a" + 1, 1 + "a", "x" + null, 1 + true, "3" * "4"); // expect: a1 1a xnull 2 12
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 31, -1 >> 28, -1 >>> 28, -1 >>> 0); // expect: 1 7 6 -6 -2147483648 -1 15 4294967295
print(1 < 2, 2 <= 2, "b" > "a", "10" < "9", 10 < 9, null >= 0, undefined < 1); // expect: true true true true false true false
print(1 == "1", 0 == false, null == undefined, null == 0, NaN == NaN, "" == 0); // expect: true true true false false true
print(1 === 1, "1" === 1, null === undefined, NaN !== NaN); // expect: true false false true
print(true && "x", 0 && "x", "" || "y", null ?? "z", 0 ?? "z", undefined ?? null); // expect: x 0 y z 0 null
print(typeof 1, typeof "s", typeof {}, typeof [], typeof null, typeof undefined, typeof function(){}, typeof Symbol()); // expect: number string object object object undefined function symbol
print(typeof undeclaredVariable, void 0, !0, !!"a", +"42", -"3", +true); // expect: undefined undefined true true 42 -3 1
var i = 5; print(i++, i, ++i, i--, --i); // expect: 5 6 7 7 5
var o = { n: 1 }; o.n += 2; o.n *= 3; o.n -= 1; o.n **= 2; print(o.n); // expect: 64
var a = [1, 2]; a[0] <<= 3; a[1] |= 4; print(a.join()); // expect: 8,6
var s = "ab"; s += "cd"; print(s); // expect: abcd
print((1, 2, 3)); // expect: 3
print(1 ? "t" : "f", 0 ? "t" : "f"); // expect: t f
print("a" in { a: 1 }, 0 in [1], 1 in [1], [] instanceof Array, {} instanceof Array); // expect: true true false true false
print(7 % -3, -7.5 % 2, 5.5 % 1); // expect: 1 -1.5 0.5
print(2 ** -1, (-2) ** 3, 2 ** 0.5); // expect: 0.5 -8 1.4142135623730951
var x = null; x ||= 5; print(x); x &&= 7; print(x); x ??= 9; print(x); // expect: 5
// expect: 7
// expect: 7
var y; y ??= "set"; print(y); // expect: set
print(10n + 20n, 2n ** 64n, -5n / 2n, typeof 1n); // expect: 30 18446744073709551616 -2 bigint
print(1n < 2, 2n == 2, 3n === 3); // expect: true true false
