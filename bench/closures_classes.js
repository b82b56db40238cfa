// closures_classes.js — object-oriented and functional idioms of modern JavaScript
// (written from scratch for cryo).
//
// A small accounting simulation: class hierarchies with private fields and methods,
// static members, getters/setters and super calls; closures (counters, memoization,
// composition, an event emitter); array methods (map, filter, reduce, some, every,
// find, sort, flatMap); destructuring with defaults and rest; spread in arrays,
// calls and object literals.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

function makeRandom(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}
const rand = makeRandom(424242);

/** A minimal event emitter built from closures. */
function makeEmitter() {
  const listeners = new Map();
  return {
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, []);
      listeners.get(name).push(fn);
      return () => {
        const list = listeners.get(name);
        list.splice(list.indexOf(fn), 1);
      };
    },
    emit(name, ...args) {
      const list = listeners.get(name);
      if (list) for (const fn of [...list]) fn(...args);
    },
  };
}

function makeCounter(start = 0, step = 1) {
  let n = start;
  return { next: () => (n += step), get value() { return n; } };
}

const compose = (...fns) => (x) => fns.reduceRight((acc, f) => f(acc), x);

function memoize(fn) {
  const cache = new Map();
  return (k) => {
    if (cache.has(k)) return cache.get(k);
    const v = fn(k);
    cache.set(k, v);
    return v;
  };
}

class Account {
  static #nextId = 1;
  static count = 0;
  #id;
  #balance = 0;
  #log = [];

  constructor(owner, { limit = 0, currency = 'EUR' } = {}) {
    this.owner = owner;
    this.limit = limit;
    this.currency = currency;
    this.#id = Account.#nextId++;
    Account.count++;
  }
  get id() { return this.#id; }
  get balance() { return this.#balance; }
  set balance(v) { throw new Error('read-only'); }
  get history() { return this.#log.length; }

  #record(kind, amount) {
    this.#log.push({ kind, amount, after: this.#balance });
    if (this.#log.length > 64) this.#log = this.#log.slice(-32);
  }
  deposit(amount) {
    this.#balance += amount;
    this.#record('dep', amount);
    return this;
  }
  canWithdraw(amount) { return this.#balance - amount >= -this.limit; }
  withdraw(amount) {
    if (!this.canWithdraw(amount)) return false;
    this.#balance -= amount;
    this.#record('wd', amount);
    return true;
  }
  static compare(a, b) { return a.#balance - b.#balance || a.#id - b.#id; }
  static isAccount(x) { return #balance in x; }
  summary() {
    const [first = null, ...rest] = this.#log;
    return { id: this.#id, first: first && first.amount, n: rest.length + (first ? 1 : 0) };
  }
}

class SavingsAccount extends Account {
  #rateBp;
  constructor(owner, rateBp, opts) {
    super(owner, { ...opts, limit: 0 });
    this.#rateBp = rateBp;
  }
  accrue() {
    const interest = Math.floor((this.balance * this.#rateBp) / 10000);
    if (interest > 0) this.deposit(interest);
    return interest;
  }
  withdraw(amount) {
    // savings accounts charge a fee on withdrawal
    return super.withdraw(amount + 1);
  }
}

class Bank {
  #accounts = [];
  #events = makeEmitter();
  #transfers = makeCounter();
  constructor(name) { this.name = name; }
  open(kind, owner, ...rest) {
    const acct = kind === 'savings' ? new SavingsAccount(owner, ...rest) : new Account(owner, ...rest);
    this.#accounts.push(acct);
    this.#events.emit('open', acct);
    return acct;
  }
  on(name, fn) { return this.#events.on(name, fn); }
  get accounts() { return [...this.#accounts]; }
  get transfers() { return this.#transfers.value; }
  transfer(from, to, amount) {
    if (!from.withdraw(amount)) {
      this.#events.emit('bounce', from, amount);
      return false;
    }
    to.deposit(amount);
    this.#transfers.next();
    this.#events.emit('transfer', { from: from.id, to: to.id, amount });
    return true;
  }
  *[Symbol.iterator]() { yield* this.#accounts; }
}

function simulate(round) {
  const bank = new Bank('b' + round);
  let opened = 0, bounced = 0, volume = 0;
  bank.on('open', () => opened++);
  const stopBounce = bank.on('bounce', (acct, amount) => { bounced += amount > 500 ? 2 : 1; });
  bank.on('transfer', ({ amount, from, to }) => { volume += amount + ((from ^ to) & 1); });

  const owners = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal'];
  for (let i = 0; i < 40; i++) {
    const owner = owners[i % owners.length] + i;
    if (i % 3 === 0) bank.open('savings', owner, 150 + rand(200), { currency: 'USD' });
    else bank.open('checking', owner, { limit: rand(2) * 300 });
  }
  const accts = bank.accounts;
  accts.forEach((a) => a.deposit(100 + rand(900)));

  for (let step = 0; step < 300; step++) {
    const [a, b] = [accts[rand(accts.length)], accts[rand(accts.length)]];
    if (a !== b) bank.transfer(a, b, 1 + rand(700));
    if (step === 150) stopBounce();
    if (step % 50 === 49) {
      for (const acct of bank) if (acct instanceof SavingsAccount) acct.accrue();
    }
  }

  const score = memoize((a) => a.balance * 3 + a.history);
  const normalize = compose((x) => x | 0, (x) => x / 2, (x) => x + 7);
  const rich = accts.filter((a) => a.balance > 1000).map((a) => normalize(score(a)));
  const total = accts.reduce((s, { balance }) => s + balance, 0);
  const sorted = [...accts].sort(Account.compare);
  const { id: poorest } = sorted[0];
  const { id: richest, ...restOfRichest } = sorted[sorted.length - 1].summary();
  const anyNegative = accts.some((a) => a.balance < 0);
  const allAccounts = accts.every(Account.isAccount);
  const firstSaver = accts.find((a) => a instanceof SavingsAccount && a.balance > 500);
  const pairs = accts.slice(0, 10).flatMap((a, i) => [a.id, i]);
  const merged = { ...restOfRichest, poorest, richest, extra: pairs.length };

  let h = total;
  for (const r of rich) h = (Math.imul(h, 31) + r) | 0;
  h = (Math.imul(h, 31) + opened + bounced * 3 + bank.transfers) | 0;
  h = (Math.imul(h, 31) + (volume | 0) + Object.keys(merged).length + merged.n + merged.extra) | 0;
  h = (Math.imul(h, 31) + poorest * 7 + richest + (anyNegative ? 1 : 0) + (allAccounts ? 2 : 0)) | 0;
  h = (Math.imul(h, 31) + (firstSaver ? firstSaver.id : -1)) | 0;
  return h;
}

let checksum = 0;
for (let round = 0; round < 1500; round++) {
  checksum = (Math.imul(checksum, 1000003) ^ simulate(round)) | 0;
}
out('closures_classes ' + (checksum >>> 0) + ' ' + Account.count);
