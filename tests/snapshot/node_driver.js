// Runs files as classic scripts in one global scope, draining microtasks between them
// (how `cryo A.js B.js` behaves). Used to check the expectations of the snapshot cases.
const vm = require('vm'); const fs = require('fs');
globalThis.print = (...a) => console.log(a.map(String).join(' '));
(async () => {
  for (const f of process.argv.slice(2)) {
    vm.runInThisContext(fs.readFileSync(f, 'utf8'), { filename: f });
    await new Promise(r => setImmediate(r));
  }
})();
