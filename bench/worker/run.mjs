// bench/worker/run.mjs — cryo-worker beside Agoric's xsnap-worker, driven the same way by the
// unchanged @agoric/xsnap client (the one SwingSet uses), on the same machine in one run.
//
// Usage (after `make test-xsnap-client`, which installs the npm packages this reuses):
//   node bench/worker/run.mjs [--cryo build/cryo-worker] [--xsnap PATH/xsnap-worker]
//                             [-n DELIVERIES] [--map ENTRIES] [--closures N] [--blobs MB] [--runs R]
// Without --xsnap only cryo is measured. xsnap-worker is built from the @agoric/xsnap npm
// package's own sources (its postinstall step, `npm run build:from-env`, outside this repo).
//
// Phases, each measured as the worker process's CPU time (user + system, from /proc, so a
// busy machine does not skew it) and as wall time; the median of R runs:
//   boot       evaluate the SES lockdown bundle and the liveslots supervisor bundle, setBundle
//              with a vat bundled by @endo/bundle-source, startVat
//   deliver    N liveslots message deliveries to that vat (each with its vatstore syscalls)
//   vat-snap   write the vat's snapshot through makeSnapshotStream (bytes, time)
//   vat-load   a new worker from that snapshot, up to the reply of its first delivery
//   H-build    a plain worker builds heap H (as bench/snapshot does, smaller): `empty` runs
//              nothing (the engine's start-up heap), `map` a Map of ENTRIES small objects,
//              `closures` N closures each with its own environment, `blobs` MB megabytes of
//              distinct 4 KB strings and 1 MiB ArrayBuffers
//   H-snap     writes its snapshot (bytes)
//   H-load     a new worker from it, up to the reply of one `e` command
//   vat-rss, H-rss  the worker's resident memory (VmRSS) half a second after the deliveries /
//              the build, idle (the memory an operator pays per vat; in the size-ratio column)
// Ratios are cryo / xsnap (below 1: cryo is faster or smaller).
import * as proc from 'node:child_process';
import * as os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.resolve(here, '../../tests/worker/xsnap_client');
const require = createRequire(path.join(clientDir, 'package.json'));
const load = async name => import(require.resolve(name));

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const engines = [['cryo', path.resolve(opt('--cryo', path.resolve(here, '../../build/cryo-worker')))]];
if (opt('--xsnap')) engines.push(['xsnap', path.resolve(opt('--xsnap'))]);
const N = Number(opt('-n', 2000));
const MAP = Number(opt('--map', 100000));
const RUNS = Number(opt('--runs', 3));
const CLOSURES = Number(opt('--closures', 100000));
const BLOB_MB = Number(opt('--blobs', 10));
/** [name, code that builds it, code that reads it back after a load]. `empty` is a worker
 * that ran nothing (the engine's own start-up heap). */
const HEAPS = [
  ['empty', '0', '0'],
  ['map', `globalThis.m = new Map(); for (let i = 0; i < ${MAP}; i++) m.set(i, { id: i, name: 'item' + i, tags: [i & 7] });`,
    'globalThis.m.size'],
  ['closures', `globalThis.fs = []; for (let i = 0; i < ${CLOSURES}; i++) { let n = i; fs.push(() => n++); }`,
    'globalThis.fs.length'],
  ['blobs', `globalThis.strs = []; globalThis.bufs = [];
    const unit = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(114).slice(0, 4090);
    for (let i = 0; i < ${BLOB_MB} * 128; i++) strs.push((unit + (100000 + i)).toLowerCase());
    for (let j = 0; j < ${BLOB_MB} / 2; j++) { const u = new Uint8Array(1 << 20); for (let k = 0; k < u.length; k += 4096) u[k] = (j + k) & 255; bufs.push(u.buffer); }`,
    'globalThis.strs.length'],
];

await load('@endo/init/debug.js');
const { xsnap } = await load('@agoric/xsnap');
const { getLockdownBundle } = await load('@agoric/xsnap-lockdown');
const { getSupervisorBundle } = await load('@agoric/swingset-xsnap-supervisor');
const { default: bundleSource } = await load('@endo/bundle-source');
const { tmpName } = await load('tmp');
const lockdown = await getLockdownBundle();
const supervisor = await getSupervisorBundle();
const vatBundle = await bundleSource(path.join(clientDir, 'vat-counter', 'counter.js'));
const dec = new TextDecoder(), enc = new TextEncoder();
const TICK = 100; // clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux)

/** CPU seconds (user + system) the process `pid` has used so far. */
function cpuOf(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / TICK;
}

/** Resident set size of process `pid` in bytes (VmRSS). */
function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** A worker of engine `bin` whose process id is in `.pid`, with a vatstore-serving kernel. */
async function start(bin, snapshotStream) {
  const vatstore = new Map();
  let child;
  const spawn = (_b, a, o) => (child = proc.spawn(bin, a, o));
  const handleCommand = async msg => {
    const item = JSON.parse(dec.decode(msg));
    if (item[0] !== 'syscall') return enc.encode('null');
    const [op, k, v] = item[1];
    let r = ['ok', null];
    if (op === 'vatstoreGet') r = ['ok', vatstore.has(k) ? vatstore.get(k) : null];
    else if (op === 'vatstoreSet') vatstore.set(k, v);
    else if (op === 'vatstoreDelete') vatstore.delete(k);
    else if (op === 'vatstoreGetNextKey') r = ['ok', [...vatstore.keys()].filter(x => x > k).sort()[0] ?? null];
    return enc.encode(JSON.stringify(r));
  };
  const w = await xsnap({ name: 'bench', spawn, os: os.type(), fs: { ...fs, ...fs.promises, tmpName }, stderr: 'inherit',
    stdout: 'inherit', handleCommand, meteringLimit: 0, ...(snapshotStream ? { snapshotStream } : {}) });
  await w.isReady();
  return { w, pid: child.pid };
}

/** Runs `fn` and returns [cpu seconds of pid, wall seconds, fn's value]. */
async function measure(pid, fn) {
  const c0 = cpuOf(pid), t0 = performance.now();
  const v = await fn();
  return [cpuOf(pid) - c0, (performance.now() - t0) / 1000, v];
}
const msg = (i) => JSON.stringify(['deliver', ['message', 'o+0',
  { methargs: { body: `#${JSON.stringify(['incr', [i]])}`, slots: [] }, result: `p-${i + 1}` }]]);
async function snapshotBytes(w) {
  const chunks = [];
  for await (const c of w.makeSnapshotStream()) chunks.push(c);
  return Buffer.concat(chunks);
}

/** One run of every phase on engine `bin`: {phase: [cpu, wall, extra]}. */
async function runOnce(bin) {
  const out = {};
  const a = await start(bin);
  out.boot = (await measure(a.pid, async () => {
    await a.w.evaluate(`(${lockdown.source}\n)()`.trim());
    await a.w.evaluate(`(${supervisor.source}\n)()`.trim());
    await a.w.issueStringCommand(JSON.stringify(['setBundle', 'v1', vatBundle, {}]));
    await a.w.issueStringCommand(JSON.stringify(['deliver', ['startVat', { body: '#{}', slots: [] }]]));
  })).slice(0, 2);
  out.deliver = (await measure(a.pid, async () => {
    for (let i = 0; i < N; i++) await a.w.issueStringCommand(msg(i));
  })).slice(0, 2);
  await new Promise(r => setTimeout(r, 500));   // idle: cryo-worker gives back spare pages
  out['vat-rss'] = [rssOf(a.pid)];
  if (process.env.BENCH_KEEP_SNAPSHOT) fs.writeFileSync(`${process.env.BENCH_KEEP_SNAPSHOT}.${path.basename(bin)}`, await snapshotBytes(a.w));
  const [sc, sw, snap] = await measure(a.pid, () => snapshotBytes(a.w));
  out['vat-snap'] = [sc, sw, snap.length];
  await a.w.close();
  {
    const t0 = performance.now();
    const b = await start(bin, (async function* () { yield snap; })());
    await b.w.issueStringCommand(msg(N));
    out['vat-load'] = [cpuOf(b.pid), (performance.now() - t0) / 1000];
    await b.w.close();
  }
  // plain heaps, as bench/snapshot builds them (smaller): build, idle RSS, snapshot, load
  for (const [name, code, probe] of HEAPS) {
    const m = await start(bin);
    out[`${name}-build`] = (await measure(m.pid, () => m.w.evaluate(code))).slice(0, 2);
    await new Promise(r => setTimeout(r, 500));
    out[`${name}-rss`] = [rssOf(m.pid)];
    const [mc, mw, msnap] = await measure(m.pid, () => snapshotBytes(m.w));
    out[`${name}-snap`] = [mc, mw, msnap.length];
    await m.w.close();
    const t0 = performance.now();
    const b = await start(bin, (async function* () { yield msnap; })());
    await b.w.evaluate(probe);
    out[`${name}-load`] = [cpuOf(b.pid), (performance.now() - t0) / 1000];
    await b.w.close();
  }
  return out;
}

const median = xs => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const results = {};
for (const [name, bin] of engines) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await runOnce(bin));
  results[name] = {};
  for (const phase of Object.keys(runs[0])) {
    results[name][phase] = runs[0][phase].map((_, j) => median(runs.map(x => x[phase][j])));
  }
}
console.log(`worker benchmark: ${N} liveslots deliveries; heaps: empty, a Map of ${MAP} entries, ${CLOSURES} closures, ${BLOB_MB} MB of strings and ArrayBuffers; median of ${RUNS} runs; CPU s (wall s)`);
const fmt = (v) => (v.length === 1 ? `RSS ${(v[0] / 1e6).toFixed(1)} MB`
  : `${v[0].toFixed(3)} (${v[1].toFixed(3)})${v[2] !== undefined ? ` ${(v[2] / 1e6).toFixed(2)} MB` : ''}`);
const header = ['phase', ...engines.map(e => e[0]), ...(engines.length > 1 ? ['cpu ratio', 'size ratio'] : [])];
console.log(header.join('\t'));
for (const phase of Object.keys(results.cryo)) {
  const row = [phase, ...engines.map(e => fmt(results[e[0]][phase]))];
  if (engines.length > 1) {
    const c = results.cryo[phase], x = results.xsnap[phase];
    if (c.length === 1) row.push('', (c[0] / x[0]).toFixed(2));
    else row.push((c[0] / x[0]).toFixed(2), c[2] !== undefined ? (c[2] / x[2]).toFixed(2) : '');
  }
  console.log(row.join('\t'));
}
