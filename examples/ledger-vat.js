// ledger-vat.js — a ledger vat for the cryo vat store (docs/vat-store.md).
//
// Plain JavaScript, deterministic: its working state lives in the heap (Maps, arrays, plain
// objects), so a snapshot of the worker is the whole ledger. It also uses the vat store's
// syscalls (docs/vat-store.md, "Syscalls"): every account's balance and nonce is mirrored in
// the vatstore under `acct.ID` (written at the end of each delivery that changed it, read back
// and compared by `balance`), the last audit is kept under `audit`, and a transfer of 45 or
// more sends a `deposit` notice to the receiving account, in SwingSet's shape
// ["send", "o-ID", {methargs, result: null}] (it lands in the vat's outbox). Every
// delivery is one message, a UTF-8 JSON object given to handleCommand as an ArrayBuffer; the
// reply is a JSON object encoded the same way. Messages:
//
//   {"op":"open","id":"alice","amount":100,"key":"k"} open an account with a deposit; with a
//                                                     key, its transfers must be authenticated
//   {"op":"transfer","from":"alice","to":"bob","amount":5,"memo":"...","nonce":1,"mac":"..."}
//   {"op":"balance","id":"alice"}                     balance and the last few transfers
//   {"op":"top","n":5}                                the n richest accounts
//   {"op":"audit"}                                    totals; checks that money is conserved
//
// An authenticated transfer carries the account's next nonce (1, 2, ...) and
// mac = hex SHA-256 of `${key}|${from}|${to}|${amount}|${memo}|${nonce}` (SHA-256 is written
// below in JavaScript, as a vat without host crypto would). A valid MAC consumes the nonce
// even when the transfer is then refused (insufficient funds), so a client can count nonces
// without knowing balances (examples/ledger-messages.py does).
//
// A refused operation (unknown account, insufficient funds, bad amount) is a normal reply
// {"ok":false,"error":"..."}; malformed JSON throws (the worker replies `!SyntaxError...`).
//
//   build/cryo vat create DB ledger --source examples/ledger-vat.js
//   build/cryo vat deliver DB ledger '{"op":"open","id":"alice","amount":100}'

const HISTORY = 8;                 // transfers remembered per account

const accounts = new Map();        // id -> { id, balance, opened, sent, received, recent, key, nonce }
const byMemo = new Map();          // memo -> number of transfers carrying it
let minted = 0;                    // total deposited by `open`
let transfers = 0;                 // successful transfers
let refused = 0;                   // refused operations
let seq = 0;                       // deliveries seen

// SHA-256 (FIPS 180-4) of a Uint8Array, as 64 hex digits.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
const W = new Uint32Array(64);
function sha256hex(bytes) {
  const n = bytes.length, total = ((n + 9 + 63) >> 6) << 6;
  const m = new Uint8Array(total);
  m.set(bytes); m[n] = 0x80;
  const bits = n * 8;
  m[total - 4] = bits >>> 24; m[total - 3] = bits >>> 16; m[total - 2] = bits >>> 8; m[total - 1] = bits;
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
      h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15], b = W[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = W[i - 16] + s0 + W[i - 7] + s1;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  let out = "";
  for (const x of [h0, h1, h2, h3, h4, h5, h6, h7]) out += (x >>> 0).toString(16).padStart(8, "0");
  return out;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// One syscall to the vat store: [name, ...args] as JSON through issueCommand; the answer is
// ["ok", data] or ["error", message].
function syscall(...call) {
  const [status, data] = JSON.parse(decoder.decode(issueCommand(encoder.encode(JSON.stringify(call)).buffer)));
  if (status !== "ok") throw new Error(`syscall ${call[0]}: ${data}`);
  return data;
}

// A value as SwingSet capdata in @endo/marshal's smallcaps encoding (no slots here): "#" +
// JSON, with strings that start with one of the encoding's special characters ! to -
// escaped by a leading "!".
function capdata(v) {
  const esc = x => typeof x === "string" ? (/^[!-\-]/.test(x) ? `!${x}` : x)
    : Array.isArray(x) ? x.map(esc)
    : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, esc(y)])) : x;
  return { body: `#${JSON.stringify(esc(v))}`, slots: [] };
}

const NOTIFY = 45;                 // transfers of at least this much send a deposit notice
const dirty = new Set();           // accounts changed by the delivery in flight

// The vatstore record of an account.
function record(a) {
  return JSON.stringify([a.balance, a.nonce]);
}

// Write the records of the accounts this delivery changed, in the order they changed.
function persist() {
  for (const a of dirty) syscall("vatstoreSet", `acct.${a.id}`, record(a));
  dirty.clear();
}

function reply(value) {
  return encoder.encode(JSON.stringify(value)).buffer;
}

function amountOf(x) {
  if (!Number.isSafeInteger(x) || x <= 0) throw new RangeError(`bad amount ${x}`);
  return x;
}

function account(id) {
  const a = accounts.get(id);
  if (!a) throw new ReferenceError(`no account ${id}`);
  return a;
}

function remember(a, entry) {
  a.recent.push(entry);
  if (a.recent.length > HISTORY) a.recent.shift();
}

const ops = {
  open({ id, amount, key = "" }) {
    if (typeof id !== "string" || id === "") throw new TypeError("bad id");
    if (typeof key !== "string") throw new TypeError("bad key");
    if (accounts.has(id)) throw new Error(`account ${id} exists`);
    const a = { id, balance: amountOf(amount), opened: seq, sent: 0, received: 0, recent: [], key, nonce: 0 };
    accounts.set(id, a);
    dirty.add(a);
    minted += a.balance;
    return { id, balance: a.balance, accounts: accounts.size };
  },
  transfer({ from, to, amount, memo = "", nonce, mac }) {
    const a = account(from), b = account(to);
    const n = amountOf(amount);
    if (a.key) {
      if (nonce !== a.nonce + 1) throw new Error(`bad nonce ${nonce} for ${from} (expected ${a.nonce + 1})`);
      const want = sha256hex(encoder.encode(`${a.key}|${from}|${to}|${amount}|${memo}|${nonce}`));
      if (mac !== want) throw new Error(`bad mac for ${from}`);
      a.nonce = nonce;
      dirty.add(a);
    }
    if (a === b) throw new Error("transfer to self");
    if (a.balance < n) throw new Error(`insufficient funds in ${from}: ${a.balance} < ${n}`);
    a.balance -= n;
    b.balance += n;
    a.sent += n;
    b.received += n;
    transfers++;
    remember(a, [seq, -n, to]);
    remember(b, [seq, n, from]);
    dirty.add(a).add(b);
    if (memo) byMemo.set(memo, (byMemo.get(memo) ?? 0) + 1);
    if (n >= NOTIFY) syscall("send", `o-${to}`, { methargs: capdata(["deposit", [{ from, amount: n, memo, seq }]]), result: null });
    return { from: a.balance, to: b.balance, n: transfers };
  },
  balance({ id }) {
    const a = account(id);
    if (syscall("vatstoreGet", `acct.${id}`) !== record(a)) throw new Error(`vatstore disagrees about ${id}`);
    return { id, balance: a.balance, sent: a.sent, received: a.received, recent: a.recent };
  },
  top({ n = 5 }) {
    return [...accounts.values()]
      .sort((x, y) => y.balance - x.balance || (x.id < y.id ? -1 : 1))
      .slice(0, n)
      .map(a => [a.id, a.balance]);
  },
  audit() {
    let total = 0;
    for (const a of accounts.values()) total += a.balance;
    if (total !== minted) throw new Error(`ledger out of balance: ${total} != ${minted}`);
    const report = { accounts: accounts.size, total, transfers, refused, memos: byMemo.size, seq };
    syscall("vatstoreSet", "audit", JSON.stringify(report));
    return report;
  },
};

globalThis.handleCommand = function handleCommand(bytes) {
  seq++;
  const msg = JSON.parse(decoder.decode(bytes));
  const op = ops[msg.op];
  if (typeof op !== "function" || !Object.hasOwn(ops, msg.op)) throw new TypeError(`unknown op ${msg.op}`);
  try {
    const value = op(msg);
    persist();
    return reply({ ok: true, seq, value });
  } catch (e) {
    refused++;
    persist();
    return reply({ ok: false, seq, error: String(e.message) });
  }
};
