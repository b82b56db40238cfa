// BigInt64Array / BigUint64Array
var a = new BigInt64Array([1n, -1n, 2n ** 63n, 2n ** 64n + 3n]);
print(a.join(), a.length, a.BYTES_PER_ELEMENT, BigInt64Array.name, BigUint64Array.BYTES_PER_ELEMENT);
var u = new BigUint64Array(a.buffer);
print(u.join(), u[1] === 2n ** 64n - 1n, typeof u[0]);
try { new BigInt64Array([1]); } catch (e) { print(e.name); }
try { a[0] = 1; } catch (e) { print(e.name); }
try { new BigInt64Array(new Int8Array(1)); } catch (e) { print(e.name); }
try { new Int8Array(new BigInt64Array(1)); } catch (e) { print(e.name); }
try { new Int8Array(2).set(new BigInt64Array(1)); } catch (e) { print(e.name); }
a[0] = "12"; a[1] = true;
print(a[0], a[1], new BigUint64Array(new BigInt64Array([-5n])).join());
print(a.includes(12n), a.indexOf(1n), a.includes(12), a.fill(7n, 2).join(), a.map(x => x * 2n).join());
print(new BigInt64Array([3n, -5n, 2n ** 62n, 0n]).sort().join(), new BigUint64Array([3n, 2n ** 64n - 1n, 0n]).sort().join());
print(BigInt64Array.from([1n, 2n], x => x + 1n).join(), BigUint64Array.of(5n).join(), new BigInt64Array(2).with(0, 3n).join());
var s = new BigUint64Array(2);
s.set(new BigInt64Array([-1n]));
print(s.join(), Object.prototype.toString.call(s), JSON.stringify(Object.getOwnPropertyDescriptor(new BigInt64Array([9n]), 0).writable));
try { new BigInt64Array(1).fill(1); } catch (e) { print(e.name); }
// expect: 1,-1,-9223372036854775808,3 4 8 BigInt64Array 8
// expect: 1,18446744073709551615,9223372036854775808,3 true bigint
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 12 1 18446744073709551611
// expect: true 1 false 12,1,7,7 24,2,14,14
// expect: -5,0,3,4611686018427387904 0,3,18446744073709551615
// expect: 2,3 5 3,0
// expect: 18446744073709551615,0 [object BigUint64Array] true
// expect: TypeError
