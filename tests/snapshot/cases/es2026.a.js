// ES2026 built-ins across a snapshot: Map/WeakMap filled by getOrInsert(Computed).
var m = new Map();
m.getOrInsert("a", 1);
m.getOrInsertComputed("b", function (k) { return k + k; });
var wkey = {};
var wm = new WeakMap();
wm.getOrInsertComputed(wkey, function () { return { n: 41 }; });
print(m.size, wm.get(wkey).n); // expect: 2 41
// Uint8Arrays made by fromBase64 / fromHex, and one filled by setFromBase64.
var fromB64 = Uint8Array.fromBase64("SGVsbG8gV29ybGQ=");
var fromHex = Uint8Array.fromHex("cafe");
var filled = new Uint8Array(4);
print(JSON.stringify(filled.setFromBase64("AQID")), fromHex.toBase64()); // expect: {"read":4,"written":3} yv4=
// An Array.fromAsync suspended at an Await (its state list and continuations in the heap).
var release;
var gate = new Promise(function (r) { release = r; });
var pending = Array.fromAsync({ length: 3, 0: 1, 1: gate, 2: 3 }, function (x) { return x * 2; });
pending.then(function (a) { print("fromAsync", a.join()); });
async function* slow() { yield "x"; yield await gate; }
Array.fromAsync(slow()).then(function (a) { print("fromAsync gen", a.join()); });
// A raw JSON object (class RawJSON) in the heap.
var raw = JSON.rawJSON("12345678901234567890");
