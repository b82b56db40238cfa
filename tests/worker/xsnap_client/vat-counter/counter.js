// A SwingSet vat: the root object keeps a counter in its durable baggage (which liveslots
// stores through vatstore syscalls), a virtual-object kind with more instances than the
// liveslots cache holds (so state is read back through vatstoreGet), a throwing method and
// an async one, and a method that sends to an object it was given (a `send` syscall).
import { Far, E } from '@endo/far';

export function buildRootObject(vatPowers, vatParameters, baggage) {
  const { VatData } = globalThis;
  let count = baggage.has('count') ? baggage.get('count') : 0;
  const makeAccount = VatData.defineKind('account', owner => ({ owner, balance: 0 }), {
    deposit({ state }, n) { state.balance += n; return state.balance; },
    describe({ state }) { return `${state.owner}:${state.balance}`; },
  });
  const accounts = [];
  return Far('root', {
    incr(n) {
      count += n;
      if (baggage.has('count')) baggage.set('count', count);
      else baggage.init('count', count);
      return count;
    },
    open(owner) { accounts.push(makeAccount(owner)); return accounts.length - 1; },
    deposit(i, n) { return accounts[i].deposit(n); },
    report() { return accounts.map(a => a.describe()).join(' '); },
    boom() { throw Error(`boom at ${count}`); },
    async later(x) { await null; return x * 2; },
    tell(other, what) { E(other).hear(what, count); return 'told'; },
    params() { return vatParameters; },
  });
}
