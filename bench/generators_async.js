// generators_async.js — generators, iterators, promises and async/await (written from
// scratch for cryo).
//
// Part 1: lazy pipelines of generators (infinite sequences, map/filter/take
// combinators, yield*, values sent in with next(v), early exit with return),
// hand-written iterator objects, for-of, spread and destructuring of iterables.
// Part 2: an async "job queue" — async functions awaiting in loops, promise chains,
// Promise.all / race / allSettled, thrown and caught rejections.  Everything runs
// on the microtask queue (no timers).  Prints one checksum line when done.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

let seed = 77777;
function rand(n) {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
}

// ---- generators and iterators ----

function* naturals(from = 0) {
  for (let i = from; ; i++) yield i;
}
function* map(it, f) { for (const x of it) yield f(x); }
function* filter(it, p) { for (const x of it) if (p(x)) yield x; }
function* take(it, n) {
  if (n <= 0) return;
  for (const x of it) {
    yield x;
    if (--n === 0) return;
  }
}
function* concat(...its) { for (const it of its) yield* it; }

/** A generator that receives values through next(v): a running-average accumulator. */
function* averager() {
  let sum = 0, n = 0, v;
  for (;;) {
    v = yield n === 0 ? 0 : Math.floor(sum / n);
    if (v === undefined) return sum;
    sum += v;
    n++;
  }
}

/** A plain iterator object (no generator) over a numeric range. */
class Range {
  constructor(lo, hi, step = 1) { this.lo = lo; this.hi = hi; this.step = step; }
  [Symbol.iterator]() {
    let cur = this.lo;
    const { hi, step } = this;
    return {
      next: () => (cur < hi ? { value: (cur += step) - step, done: false } : { value: undefined, done: true }),
      [Symbol.iterator]() { return this; },
    };
  }
}

/** In-order traversal of a binary tree with recursive yield*. */
function* walk(node) {
  if (node === null) return;
  yield* walk(node.left);
  yield node.key;
  yield* walk(node.right);
}
function treeInsert(node, key) {
  if (node === null) return { key, left: null, right: null };
  if (key < node.key) node.left = treeInsert(node.left, key);
  else node.right = treeInsert(node.right, key);
  return node;
}

function generatorPart(round) {
  let h = round;
  const odds = filter(naturals(round), (x) => x % 2 === 1);
  const squares = map(odds, (x) => x * x);
  for (const s of take(squares, 200)) h = (Math.imul(h, 31) + s) | 0;

  const [a, b, ...rest] = take(concat(new Range(0, 5), naturals(100)), 50);
  h = (Math.imul(h, 31) + a + b + rest.length + rest[rest.length - 1]) | 0;

  const avg = averager();
  avg.next();
  for (let i = 0; i < 100; i++) h = (h + avg.next(rand(1000)).value) | 0;
  const fin = avg.next();
  h = (Math.imul(h, 31) + fin.value + (fin.done ? 1 : 0)) | 0;

  // early exit closes the generator: its finally block runs
  let closed = 0;
  function* guarded() {
    try { yield* naturals(); } finally { closed++; }
  }
  for (const x of guarded()) if (x > 30) break;
  h = (h + closed) | 0;

  let root = null;
  for (let i = 0; i < 150; i++) root = treeInsert(root, rand(10000));
  let prev = -1, count = 0;
  for (const k of walk(root)) {
    if (k < prev) throw new Error('walk out of order');
    prev = k;
    count++;
  }
  h = (Math.imul(h, 31) + count + prev) | 0;
  h = (h + [...new Range(0, 300, 3)].reduce((s, x) => s + x, 0)) | 0;
  const m = new Map(map(new Range(0, 40), (i) => [i, i * i]));
  for (const [k, v] of m) h = (h + k * v) | 0;
  return h;
}

// ---- promises and async functions ----

const tick = (v) => Promise.resolve(v);

async function fetchRecord(id) {
  const a = await tick(id * 3);
  const b = await tick(a + 1);
  if (id % 17 === 0) throw new RangeError('bad id ' + id);
  return { id, value: a ^ b };
}

async function processBatch(ids) {
  let total = 0, errors = 0;
  for (const id of ids) {
    try {
      const { value } = await fetchRecord(id);
      total += value;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      errors++;
    }
  }
  return { total, errors };
}

function chain(n) {
  let p = Promise.resolve(0);
  for (let i = 0; i < n; i++) p = p.then((x) => x + i);
  return p;
}

async function asyncPart(round) {
  let h = round;
  const ids = [];
  for (let i = 0; i < 40; i++) ids.push(1 + rand(500));
  const { total, errors } = await processBatch(ids);
  h = (Math.imul(h, 31) + total + errors) | 0;

  const all = await Promise.all(ids.slice(0, 10).map((id) => fetchRecord(id).then((r) => r.value, () => -1)));
  for (const v of all) h = (Math.imul(h, 31) + v) | 0;

  const settled = await Promise.allSettled([fetchRecord(17), fetchRecord(18), chain(50)]);
  for (const s of settled) h = (Math.imul(h, 31) + (s.status === 'fulfilled' ? 1 : 2)) | 0;
  h = (h + (await chain(100))) | 0;

  const first = await Promise.race([tick(round).then((x) => x + 1), new Promise((resolve) => resolve(-5))]);
  h = (Math.imul(h, 31) + first) | 0;

  try {
    await Promise.reject(new TypeError('expected'));
  } catch (e) {
    h = (h + e.message.length) | 0;
  }
  return h;
}

async function main() {
  let checksum = 0;
  for (let round = 0; round < 2000; round++) {
    checksum = (Math.imul(checksum, 1000003) ^ generatorPart(round)) | 0;
    checksum = (Math.imul(checksum, 1000003) ^ (await asyncPart(round))) | 0;
  }
  return checksum;
}

main().then(
  (c) => out('generators_async ' + (c >>> 0)),
  (e) => out('generators_async FAILED ' + e)
);
