// Float16Array, Math.f16round, DataView getFloat16/setFloat16 (ES2025): binary16 with
// round-to-nearest, ties to even.
var f = new Float16Array([1.337, 65504, 65519.99, 65520, -0, NaN, 0.1, 1 / 3]);
print(Array.from(f).join()); // expect: 1.3369140625,65504,65504,Infinity,0,NaN,0.0999755859375,0.333251953125
print(Object.is(f[4], -0), Float16Array.BYTES_PER_ELEMENT, f.byteLength); // expect: true 2 16
// ties: 1 + 2^-11 is half way between 1 and 1 + 2^-10 (even mantissa wins); 1 + 3 * 2^-11 rounds up
f[0] = 1 + Math.pow(2, -11); f[1] = 1 + 3 * Math.pow(2, -11);
print(f[0], f[1] === 1 + Math.pow(2, -9)); // expect: 1 true
// subnormals: the smallest is 2^-24; half of it rounds to 0 (even), a bit more rounds up
f[0] = Math.pow(2, -24); f[1] = Math.pow(2, -25); f[2] = Math.pow(2, -25) * 1.0001; f[3] = Math.pow(2, -14) * (1 - Math.pow(2, -11));
print(f[0] === Math.pow(2, -24), f[1], f[2] === Math.pow(2, -24), f[3] === Math.pow(2, -14)); // expect: true 0 true true
print(Math.f16round(5.5), Math.f16round(65519), Math.f16round(-70000), Math.f16round(1e-10)); // expect: 5.5 65504 -Infinity 0
var dv = new DataView(new ArrayBuffer(4));
dv.setFloat16(0, 1.5); dv.setFloat16(2, -2, true);
print(dv.getUint16(0).toString(16), dv.getFloat16(0), dv.getUint16(2, true).toString(16), dv.getFloat16(2, true)); // expect: 3e00 1.5 c000 -2
dv.setFloat16(0, NaN);
print(dv.getUint16(0).toString(16), dv.getFloat16(0)); // expect: 7e00 NaN
// every binary16 value round-trips through a double
var u = new Uint16Array(1), h = new Float16Array(u.buffer), bad = 0;
for (var i = 0; i < 65536; i++) {
  u[0] = i;
  var d = h[0];
  if (d !== d) continue;
  h[0] = d;
  if (u[0] !== i || Math.f16round(d) !== d) bad++;
}
print(bad); // expect: 0
print(Object.getPrototypeOf(Float16Array) === Object.getPrototypeOf(Int8Array), new Float16Array(3).fill(2.5).map(x => x * 2).join()); // expect: true 5,5,5
