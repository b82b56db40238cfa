// Regression: runtime helpers (iterator steps, destructuring) registered C locals as roots
// and returned without popping them; the next collection wrote through dead stack slots.
// flags: --gc-stress
function* g() { for (let i = 0; i < 20; i++) yield { i }; }
const [first, ...rest] = g();
let total = 0;
for (const { i } of rest) total += i;
async function f() { let s = 0; for (const p of [1, 2, 3].map(async x => x * 2)) s += await p; return s; }
f().then(v => print(first.i, rest.length, total, v));
// expect: 0 19 190 12
