// demo.js — a tour of what cryo runs. `build/cryo examples/demo.js`
class Ledger {
  #entries = new Map();
  credit(who, n) { this.#entries.set(who, (this.#entries.get(who) ?? 0) + n); return this; }
  *[Symbol.iterator]() { yield* [...this.#entries].sort((a, b) => b[1] - a[1]); }
  get total() { let t = 0; for (const [, n] of this.#entries) t += n; return t; }
}
const ledger = new Ledger().credit("ann", 30).credit("bob", 12).credit("ann", 5);
for (const [who, n] of ledger) print(`${who.padEnd(4)} ${String(n).padStart(4)}`);
print("total", ledger.total);

const fib = (n, memo = {}) => n < 2 ? n : memo[n] ??= fib(n - 1, memo) + fib(n - 2, memo);
print("fib(90) =", fib(90));

async function pipeline(xs) {
  const out = [];
  for await (const x of xs.map(async v => v * v)) out.push(x);
  return out;
}
pipeline([1, 2, 3, 4]).then(r => print("squares", JSON.stringify(r)));

const { a, ...rest } = { a: 1, b: 2, c: [3, { d: 4 }] };
print("rest", JSON.stringify(rest), "a", a);
print("math", Math.sin(1).toFixed(12), (0.1 + 0.2).toString(), 2 ** 53 + 1);
print("date", new Date(Date.UTC(2024, 0, 2, 3, 4, 5)).toISOString());
