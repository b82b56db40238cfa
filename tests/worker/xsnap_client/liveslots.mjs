// liveslots.mjs — runs Agoric's real vat stack on build/cryo-worker, driven by the unchanged
// @agoric/xsnap client the way SwingSet's kernel drives xsnap-worker: evaluate the lockdown
// bundle (@agoric/xsnap-lockdown), then the supervisor bundle (liveslots,
// @agoric/swingset-xsnap-supervisor), then `setBundle` with a vat bundled here by
// @endo/bundle-source, then deliveries. The test plays the kernel: it answers the vat's
// syscalls (vatstore in a Map, everything else 'ok') and checks what the vat says back.
// A worker restored from a mid-run snapshot must then behave exactly like the one that kept
// running: same syscalls, same replies, same computrons, same snapshot hash (DESIGN C2/C3).
// Run: CRYO_WORKER=/abs/path/to/cryo-worker node liveslots.mjs   (after `npm ci --ignore-scripts`)
import '@endo/init/debug.js';
import * as proc from 'node:child_process';
import * as os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { tmpName } from 'tmp';
import { xsnap } from '@agoric/xsnap';
import { getLockdownBundle } from '@agoric/xsnap-lockdown';
import { getSupervisorBundle } from '@agoric/swingset-xsnap-supervisor';
import bundleSource from '@endo/bundle-source';
import { assert, eq } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = process.env.CRYO_WORKER || path.resolve(here, '../../../build/cryo-worker');
if (!fs.existsSync(WORKER)) {
  console.error(`cryo-worker not found at ${WORKER} (set CRYO_WORKER)`);
  process.exit(2);
}
const spawn = (_bin, args, opts) => proc.spawn(WORKER, args, opts);
const fsio = { ...fs, ...fs.promises, tmpName };
const dec = new TextDecoder();
const enc = new TextEncoder();


/** The kernel side of one vat: its vatstore, and every syscall and console line it sent. */
function makeKernel(vatstore = new Map()) {
  const syscalls = [];
  const consoleLines = [];
  function syscall(vso) {
    syscalls.push(vso);
    switch (vso[0]) {
      case 'vatstoreGet':
        return ['ok', vatstore.has(vso[1]) ? vatstore.get(vso[1]) : null];
      case 'vatstoreSet':
        vatstore.set(vso[1], vso[2]);
        return ['ok', null];
      case 'vatstoreDelete':
        vatstore.delete(vso[1]);
        return ['ok', null];
      case 'vatstoreGetNextKey': {
        const after = [...vatstore.keys()].filter(k => k > vso[1]).sort();
        return ['ok', after.length ? after[0] : null];
      }
      case 'send': case 'resolve': case 'subscribe': case 'dropImports':
      case 'retireImports': case 'retireExports': case 'abandonExports':
        return ['ok', null];
      default:
        return ['error', `unknown syscall ${vso[0]}`];
    }
  }
  async function handleCommand(msg) {
    const item = JSON.parse(dec.decode(msg));
    if (item[0] === 'syscall') return enc.encode(JSON.stringify(syscall(item[1])));
    if (item[0] === 'sourcedConsole' || item[0] === 'testLog') consoleLines.push(item.slice(1).join(' '));
    return enc.encode('null');
  }
  return { vatstore, syscalls, consoleLines, handleCommand };
}

/** A worker with the kernel `k`, optionally restored from `snapshotStream`. */
async function startWorker(k, snapshotStream) {
  return xsnap({ name: 'liveslots vat', spawn, os: os.type(), fs: fsio, stderr: 'inherit', stdout: 'inherit',
    handleCommand: k.handleCommand, meteringLimit: 0, ...(snapshotStream ? { snapshotStream } : {}) });
}

/** Send one tagged item to the supervisor; returns [reply, computrons]. */
async function send(w, item) {
  const r = await w.issueStringCommand(JSON.stringify(item));
  return [JSON.parse(r.reply), r.meterUsage.compute];
}
const capdata = v => ({ body: `#${JSON.stringify(v)}`, slots: [] });
const message = (method, args, result, slots = []) =>
  ['deliver', ['message', 'o+0', { methargs: { body: `#${JSON.stringify([method, args])}`, slots }, result }]];
/** The resolutions the vat reported since syscall index `from`, as {vpid: [isReject, body]}. */
function resolutions(k, from = 0) {
  const out = {};
  for (const s of k.syscalls.slice(from)) {
    if (s[0] === 'resolve') for (const [vpid, rej, data] of s[1]) out[vpid] = [rej, data.body];
  }
  return out;
}
async function snapshotHash(w) {
  const h = createHash('sha256');
  for await (const c of w.makeSnapshotStream()) h.update(c);
  return h.digest('hex');
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const lockdown = await getLockdownBundle();
const supervisor = await getSupervisorBundle();
const vatBundle = await bundleSource(path.join(here, 'vat-counter', 'counter.js'));

/** A worker with lockdown, supervisor and the vat bundle set up and started. */
async function startVat(k) {
  const w = await startWorker(k);
  await w.evaluate(`(${lockdown.source}\n)()`.trim());
  await w.evaluate(`(${supervisor.source}\n)()`.trim());
  eq((await send(w, ['setBundle', 'v1', vatBundle, { virtualObjectCacheSize: 2 }]))[0], ['dispatchReady'], 'setBundle');
  eq((await send(w, ['deliver', ['startVat', capdata({ name: 'counter' })]]))[0], ['ok', null, null], 'startVat');
  return w;
}

/** Deliveries after startVat, in order; the restore test splits them at SPLIT. */
const deliveries = [
  message('incr', [1], 'p-1'), message('incr', [2], 'p-2'), message('incr', [3], 'p-3'),
  message('open', ['alice'], 'p-4'), message('open', ['bob'], 'p-5'), message('open', ['carol'], 'p-6'),
  message('deposit', [0, 10], 'p-7'), message('deposit', [1, 20], 'p-8'), message('deposit', [2, 30], 'p-9'),
  message('deposit', [0, 5], 'p-10'),
  message('report', [], 'p-11'), message('boom', [], 'p-12'), message('later', [21], 'p-13'),
  message('tell', ['$0.Alleged: other', 'hi'], 'p-14', ['o-50']),
  message('params', [], 'p-15'),
  ['deliver', ['bringOutYourDead']],
  message('incr', [4], 'p-16'),
];
const SPLIT = 8;

test('lockdown, supervisor and a bundled vat start; startVat writes the baggage through vatstore', async () => {
  const k = makeKernel();
  const w = await startVat(k);
  assert(k.syscalls.some(s => s[0] === 'vatstoreSet'), 'startVat made vatstoreSet syscalls');
  assert(k.vatstore.size > 0, 'the vatstore holds liveslots state');
  await w.close();
});

test('deliveries: results, durable state, virtual objects through the vatstore, errors, sends', async () => {
  const k = makeKernel();
  const w = await startVat(k);
  const from = k.syscalls.length;
  for (const d of deliveries) eq((await send(w, d))[0][0], 'ok', `delivery ${JSON.stringify(d).slice(0, 60)}`);
  const r = resolutions(k, from);
  eq(r['p-1'], [false, '#1']);
  eq(r['p-3'], [false, '#6']);
  eq(r['p-6'], [false, '#2'], 'third account index');
  eq(r['p-10'], [false, '#15'], 'alice balance');
  eq(r['p-11'], [false, '#"alice:15 bob:20 carol:30"'], 'report reads every virtual object');
  assert(r['p-12'][0] === true && r['p-12'][1].includes('boom at 6'), `boom rejects: ${r['p-12']}`);
  eq(r['p-13'], [false, '#42'], 'async method');
  eq(r['p-14'], [false, '#"told"']);
  eq(r['p-15'], [false, '#{"name":"counter"}'], 'vatParameters');
  eq(r['p-16'], [false, '#10'], 'counter after bringOutYourDead');
  const sends = k.syscalls.filter(s => s[0] === 'send');
  eq(sends.length, 1, 'one send');
  eq(sends[0][1], 'o-50', 'send target');
  eq(sends[0][2].methargs.body, '#["hear",["hi",6]]', 'send methargs');
  const gets = k.syscalls.slice(from).filter(s => s[0] === 'vatstoreGet' && String(s[1]).startsWith('vom.'));
  assert(gets.length > 0, 'with a cache of 2, three accounts are read back from the vatstore');
  eq(JSON.parse(k.vatstore.get('vc.1.scount') ?? 'null'), capdata(10), 'the baggage entry "count" in the vatstore');
  await w.close();
});

test('restored from a mid-run snapshot, the vat behaves exactly like the one that kept running', async () => {
  const k0 = makeKernel();
  const w0 = await startVat(k0);
  for (const d of deliveries.slice(0, SPLIT)) await send(w0, d);
  const chunks = [];
  for await (const c of w0.makeSnapshotStream()) chunks.push(c);
  const bytes = Buffer.concat(chunks);
  async function* replay() { yield bytes; }
  const k1 = makeKernel(new Map(k0.vatstore));
  const w1 = await startWorker(k1, replay());
  const from0 = k0.syscalls.length;
  for (const d of deliveries.slice(SPLIT)) {
    const [r0, c0] = await send(w0, d);
    const [r1, c1] = await send(w1, d);
    eq(r1, r0, 'reply');
    eq(c1, c0, `computrons of ${JSON.stringify(d).slice(0, 60)}`);
  }
  eq(k1.syscalls, k0.syscalls.slice(from0), 'the same syscalls in the same order');
  eq([...k1.vatstore], [...k0.vatstore], 'the same vatstore');
  eq(await snapshotHash(w1), await snapshotHash(w0), 'snapshot hash');
  await w0.close();
  await w1.close();
});

test('two workers given the same deliveries write byte-identical snapshots', async () => {
  const run = async () => {
    const k = makeKernel();
    const w = await startVat(k);
    for (const d of deliveries) await send(w, d);
    const h = await snapshotHash(w);
    await w.close();
    return h;
  };
  eq(await run(), await run());
});

let passed = 0, failed = 0;
for (const t of tests) {
  try {
    await t.fn();
    passed += 1;
    console.log(`ok   ${t.name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${t.name}\n     ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
