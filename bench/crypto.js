// crypto.js — big-integer modular exponentiation and SHA-256 (written from scratch
// for cryo).
//
// Part 1: RSA-style arithmetic.  Unsigned big integers are little-endian arrays of
// 26-bit digits held in doubles (products of two digits stay below 2^53).  Modular
// exponentiation uses Montgomery multiplication; the result is cross-checked with
// the identity a^(x+y) = a^x * a^y (mod n).
// Part 2: SHA-256 over a byte array with int32 arithmetic, checked against the
// standard test vector for "abc".  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

const BITS = 26;
const BASE = 67108864;   // 2^26
const MASK = BASE - 1;

let seed = 0x2545F491;
/** xorshift32; returns an unsigned 32-bit integer. */
function rand32() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}

function randomBig(k) {
  const a = new Array(k);
  for (let i = 0; i < k; i++) a[i] = rand32() & MASK;
  return a;
}

/** Compares a and b of equal length: -1, 0 or 1. */
function cmp(a, b) {
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** a -= b in place (a >= b, same length). */
function subInPlace(a, b) {
  let borrow = 0;
  for (let i = 0; i < a.length; i++) {
    let x = a[i] - b[i] - borrow;
    if (x < 0) { x += BASE; borrow = 1; } else borrow = 0;
    a[i] = x;
  }
}

/** Sum of two equal-length numbers, one digit longer. */
function add(a, b) {
  const r = new Array(a.length + 1);
  let carry = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] + b[i] + carry;
    r[i] = x & MASK;
    carry = x >>> BITS;
  }
  r[a.length] = carry;
  return r;
}

/** Montgomery context for an odd modulus n of k digits. */
class Montgomery {
  constructor(n) {
    this.n = n;
    this.k = n.length;
    // -n^-1 mod 2^26 by Newton iteration (each step doubles the correct bits).
    const n0 = n[0];
    let inv = n0;
    for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(n0, inv)) & MASK;
    this.nInv = (BASE - inv) & MASK;
    this.t = new Array(this.k + 2).fill(0);
    // R^2 mod n, R = 2^(26k), by doubling 1 modulo n 2*26*k times.
    let r = new Array(this.k).fill(0);
    r[0] = 1;
    for (let i = 0; i < 2 * BITS * this.k; i++) r = this.double(r);
    this.r2 = r;
    const one = new Array(this.k).fill(0);
    one[0] = 1;
    this.one = one;
  }

  /** 2a mod n for a < n. */
  double(a) {
    const k = this.k;
    const r = new Array(k);
    let carry = 0;
    for (let i = 0; i < k; i++) {
      const x = a[i] * 2 + carry;
      r[i] = x & MASK;
      carry = x >>> BITS;
    }
    if (carry !== 0 || cmp(r, this.n) >= 0) subInPlace(r, this.n);
    return r;
  }

  /** a * b * R^-1 mod n (CIOS: interleaved multiplication and reduction). */
  mul(a, b) {
    const k = this.k, n = this.n, nInv = this.nInv, t = this.t;
    t.fill(0);
    for (let i = 0; i < k; i++) {
      const bi = b[i];
      let carry = 0;
      for (let j = 0; j < k; j++) {
        const x = t[j] + a[j] * bi + carry;
        carry = Math.floor(x / BASE);
        t[j] = x - carry * BASE;
      }
      let x = t[k] + carry;
      carry = Math.floor(x / BASE);
      t[k] = x - carry * BASE;
      t[k + 1] = carry;

      const m = Math.imul(t[0], nInv) & MASK;
      x = t[0] + m * n[0];
      carry = Math.floor(x / BASE);
      for (let j = 1; j < k; j++) {
        x = t[j] + m * n[j] + carry;
        carry = Math.floor(x / BASE);
        t[j - 1] = x - carry * BASE;
      }
      x = t[k] + carry;
      carry = Math.floor(x / BASE);
      t[k - 1] = x - carry * BASE;
      t[k] = t[k + 1] + carry;
    }
    const r = t.slice(0, k);
    if (t[k] !== 0 || cmp(r, n) >= 0) subInPlace(r, n);
    return r;
  }

  toMont(a) { return this.mul(a, this.r2); }
  fromMont(a) { return this.mul(a, this.one); }

  /** base^exp mod n, exp given as a digit array (any length). */
  pow(base, exp) {
    const b = this.toMont(base);
    let acc = this.toMont(this.one);
    for (let i = exp.length - 1; i >= 0; i--) {
      const d = exp[i];
      for (let bit = BITS - 1; bit >= 0; bit--) {
        acc = this.mul(acc, acc);
        if ((d >>> bit) & 1) acc = this.mul(acc, b);
      }
    }
    return this.fromMont(acc);
  }
}

function foldDigits(h, a) {
  for (let i = 0; i < a.length; i++) h = (Math.imul(h, 1000003) ^ a[i]) | 0;
  return h;
}

function rsaPart() {
  const K = 32;                         // 832-bit modulus
  const n = randomBig(K);
  n[0] |= 1;                            // odd, as Montgomery requires
  n[K - 1] |= 1 << (BITS - 1);          // full length
  const mont = new Montgomery(n);
  let h = 0;
  for (let trial = 0; trial < 1; trial++) {
    const a = randomBig(K);
    a[K - 1] &= MASK >>> 2;             // a < n
    const x = randomBig(K - 1), y = randomBig(K - 1);
    const ax = mont.pow(a, x);
    const ay = mont.pow(a, y);
    const axy = mont.pow(a, add(x, y));
    const prod = mont.fromMont(mont.mul(mont.toMont(ax), mont.toMont(ay)));
    if (cmp(prod, axy) !== 0) throw new Error('modular exponentiation self-check failed');
    const e = [65537];                  // public-exponent style short power
    h = foldDigits(h, mont.pow(axy, e));
    h = foldDigits(h, axy);
  }
  return h;
}

// ---- SHA-256 ----

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const rotr = (x, n) => (x >>> n) | (x << (32 - n));

/** SHA-256 of an array of bytes; returns 8 int32 words. */
function sha256(bytes) {
  const len = bytes.length;
  const padded = bytes.slice();
  padded.push(0x80);
  while (padded.length % 64 !== 56) padded.push(0);
  const bitLenHi = Math.floor(len / 0x20000000), bitLenLo = (len * 8) >>> 0;
  padded.push((bitLenHi >>> 24) & 255, (bitLenHi >>> 16) & 255, (bitLenHi >>> 8) & 255, bitLenHi & 255);
  padded.push(bitLenLo >>> 24, (bitLenLo >>> 16) & 255, (bitLenLo >>> 8) & 255, bitLenLo & 255);

  const H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Array(64).fill(0);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const p = off + i * 4;
      w[i] = (padded[p] << 24) | (padded[p + 1] << 16) | (padded[p + 2] << 8) | padded[p + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15], b = w[i - 2];
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K256[i] + w[i]) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
    H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
  }
  return H;
}

function hex(words) {
  let s = '';
  for (const x of words) s += (x >>> 0).toString(16).padStart(8, '0');
  return s;
}

function shaPart() {
  const abc = hex(sha256([97, 98, 99]));
  if (abc !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad') {
    throw new Error('sha256 self-check failed: ' + abc);
  }
  let data = [];
  for (let i = 0; i < 60000; i++) data.push(rand32() & 255);
  let h = 0;
  for (let round = 0; round < 12; round++) {
    const digest = sha256(data);
    h = foldDigits(h, digest);
    data[round] = digest[0] & 255;       // chain the rounds together
  }
  return h;
}

const r1 = rsaPart();
const r2 = shaPart();
out('crypto ' + (r1 >>> 0) + ' ' + (r2 >>> 0));
