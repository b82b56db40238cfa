// liveslots_bundles.mjs — writes what `cryo vat create --boot ... --setup-file ...` needs to
// host a real SwingSet vat (tests/store/liveslots.py): the @agoric/xsnap-lockdown and
// @agoric/swingset-xsnap-supervisor bundles as JavaScript files that evaluate them (what
// SwingSet's xsnap manager evaluates on every worker start), and setBundle messages for the
// vat tests/worker/xsnap_client/vat-counter bundled by @endo/bundle-source. The packages are
// the ones `make test-xsnap-client` installs (tests/worker/xsnap_client/package.json).
// Run: node tests/store/liveslots_bundles.mjs OUTDIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const client = path.resolve(here, '../worker/xsnap_client');
const require = createRequire(path.join(client, 'package.json'));
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const out = process.argv[2];
if (!out) {
  console.error('usage: node liveslots_bundles.mjs OUTDIR');
  process.exit(2);
}
await load('@endo/init/debug.js');
const { getLockdownBundle } = await load('@agoric/xsnap-lockdown');
const { getSupervisorBundle } = await load('@agoric/swingset-xsnap-supervisor');
const { default: bundleSource } = await load('@endo/bundle-source');

fs.mkdirSync(out, { recursive: true });
const lockdown = await getLockdownBundle();
const supervisor = await getSupervisorBundle();
fs.writeFileSync(path.join(out, 'lockdown.js'), `(${lockdown.source}\n)()`.trim());
fs.writeFileSync(path.join(out, 'supervisor.js'), `(${supervisor.source}\n)()`.trim());
const vat = await bundleSource(path.join(client, 'vat-counter', 'counter.js'));
// two vats that differ only in their liveslots options (the divergence test swaps them)
for (const size of [2, 3]) {
  fs.writeFileSync(path.join(out, `setup-${size}.json`),
    JSON.stringify(['setBundle', 'v1', vat, { virtualObjectCacheSize: size }]));
}
console.log(`wrote ${out}: lockdown ${lockdown.source.length} bytes, supervisor ${supervisor.source.length}, ` +
  `vat bundle ${JSON.stringify(vat).length}`);
