// Uint8Array to/from base64 and hex (ES2026).
function show(u) { return "[" + Array.prototype.join.call(u, ",") + "]"; }
function err(f) { try { f(); return "no error"; } catch (e) { return e.constructor.name; } }
function res(r) { return r.read + "/" + r.written; }

var hello = new Uint8Array([72, 101, 108, 108, 111, 32, 87, 111, 114, 108, 100]);
print(hello.toBase64());                                    // expect: SGVsbG8gV29ybGQ=
print(hello.toBase64({ omitPadding: true }));               // expect: SGVsbG8gV29ybGQ
print(hello.toHex());                                       // expect: 48656c6c6f20576f726c64
var odd = new Uint8Array([251, 255, 191, 1]);
print(odd.toBase64(), odd.toBase64({ alphabet: "base64url" })); // expect: +/+/AQ== -_-_AQ==
print(odd.toBase64({ alphabet: "base64url", omitPadding: 1 })); // expect: -_-_AQ
print(new Uint8Array(0).toBase64() === "", new Uint8Array(0).toHex() === ""); // expect: true true
print(new Uint8Array([0, 15, 16, 255]).toHex());            // expect: 000f10ff
print(new Uint8Array([1, 2]).toBase64(), new Uint8Array([1]).toBase64({ omitPadding: true })); // expect: AQI= AQ
// a view at an offset encodes only its own bytes
print(new Uint8Array(hello.buffer, 6, 5).toBase64());       // expect: V29ybGQ=

print(show(Uint8Array.fromBase64("SGVsbG8gV29ybGQ=")));    // expect: [72,101,108,108,111,32,87,111,114,108,100]
print(show(Uint8Array.fromBase64(" SGVs\tbG8g\nV29y\fbGQ =\r")));  // expect: [72,101,108,108,111,32,87,111,114,108,100]
print(show(Uint8Array.fromBase64("-_-_AQ", { alphabet: "base64url" }))); // expect: [251,255,191,1]
print(err(() => Uint8Array.fromBase64("+/+/", { alphabet: "base64url" }))); // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("-_-_")));            // expect: SyntaxError
print(Object.getPrototypeOf(Uint8Array.fromBase64("")) === Uint8Array.prototype); // expect: true
print(Uint8Array.fromBase64.call(Int8Array, "AAAA").constructor.name); // expect: Uint8Array

// lastChunkHandling
print(show(Uint8Array.fromBase64("ZXhhZg")));               // expect: [101,120,97,102]
print(show(Uint8Array.fromBase64("ZXhhZh")));               // expect: [101,120,97,102]
print(err(() => Uint8Array.fromBase64("ZXhhZ")));           // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("ZXhhZg", { lastChunkHandling: "strict" }))); // expect: SyntaxError
print(show(Uint8Array.fromBase64("ZXhhZg==", { lastChunkHandling: "strict" }))); // expect: [101,120,97,102]
print(err(() => Uint8Array.fromBase64("ZXhhZh==", { lastChunkHandling: "strict" }))); // expect: SyntaxError
print(show(Uint8Array.fromBase64("ZXhhZh==")));             // expect: [101,120,97,102]
print(show(Uint8Array.fromBase64("ZXhhZg", { lastChunkHandling: "stop-before-partial" }))); // expect: [101,120,97]
print(show(Uint8Array.fromBase64("ZXhhZg=", { lastChunkHandling: "stop-before-partial" }))); // expect: [101,120,97]
print(err(() => Uint8Array.fromBase64("ZXhhZg=", { lastChunkHandling: "loose" }))); // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("ZXhhZ===")));        // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("ZXhhZg==A")));       // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("ZXhh=")));           // expect: SyntaxError
print(show(Uint8Array.fromBase64("ZXhhZmE=")), show(Uint8Array.fromBase64("ZXhhZm = = ".slice(0, 7)))); // expect: [101,120,97,102,97] [101,120,97,102]
print(err(() => Uint8Array.fromBase64("ZXhhZmE", { lastChunkHandling: "strict" }))); // expect: SyntaxError
print(err(() => Uint8Array.fromBase64("Zé==")));            // expect: SyntaxError

// option validation and order
print(err(() => Uint8Array.fromBase64(123)));               // expect: TypeError
print(err(() => Uint8Array.fromBase64(new String("AA=="))));  // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", null)));      // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", { alphabet: "base" }))); // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", { alphabet: "base64urlurl" }))); // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", { alphabet: "☉‿⊙" }))); // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", { alphabet: new String("base64") }))); // expect: TypeError
print(err(() => Uint8Array.fromBase64("AA==", { lastChunkHandling: "looss" }))); // expect: TypeError
var log = [];
var opts = { get alphabet() { log.push("alphabet"); return "base64url"; },
             get lastChunkHandling() { log.push("lch"); return "strict"; },
             get omitPadding() { log.push("omit"); return true; } };
Uint8Array.fromBase64("AAAA", opts);
new Uint8Array(2).toBase64(opts);
print(log.join());                                          // expect: alphabet,lch,alphabet,omit

// hex
print(show(Uint8Array.fromHex("48656C6c6f")));             // expect: [72,101,108,108,111]
print(err(() => Uint8Array.fromHex("486")));                // expect: SyntaxError
print(err(() => Uint8Array.fromHex("4g")));                 // expect: SyntaxError
print(err(() => Uint8Array.fromHex(" 48")));                // expect: SyntaxError
print(err(() => Uint8Array.fromHex(48)));                   // expect: TypeError
print(Uint8Array.fromHex("").length);                       // expect: 0

// setFromBase64 / setFromHex
var t = new Uint8Array(8);
print(res(t.setFromBase64("SGVsbG8gV29ybGQ=")), show(t));   // expect: 8/6 [72,101,108,108,111,32,0,0]
t = new Uint8Array(5);
print(res(t.setFromBase64("SGVsbG8gV29ybGQ=")), show(t));   // expect: 4/3 [72,101,108,0,0]
t = new Uint8Array(4);
print(res(t.setFromBase64("ZXhhZg==")), show(t));           // expect: 8/4 [101,120,97,102]
t = new Uint8Array(6);
print(res(t.setFromBase64("ZXhhZg", { lastChunkHandling: "stop-before-partial" })), show(t)); // expect: 4/3 [101,120,97,0,0,0]
t = new Uint8Array(6);
print(res(t.setFromBase64("ZXhhZmFi*AAA")), show(t));       // expect: 8/6 [101,120,97,102,97,98]
t = new Uint8Array(9);
print(err(() => t.setFromBase64("ZXhhZmFi*AAA")), show(t)); // expect: SyntaxError [101,120,97,102,97,98,0,0,0]
t = new Uint8Array(6);
print(err(() => t.setFromBase64("ZXhhZg", { lastChunkHandling: "strict" })), show(t)); // expect: SyntaxError [101,120,97,0,0,0]
print(res(new Uint8Array(0).setFromBase64("####")));       // expect: 0/0
print(res(new Uint8Array(10).setFromBase64("  ")));        // expect: 2/0
var sub = new Uint8Array(new ArrayBuffer(8), 2, 3);
print(res(sub.setFromHex("aabbccdd")), show(new Uint8Array(sub.buffer))); // expect: 6/3 [0,0,170,187,204,0,0,0]
t = new Uint8Array(4);
print(err(() => t.setFromHex("0102zz04")), show(t));        // expect: SyntaxError [1,2,0,0]
print(err(() => new Uint8Array(4).setFromHex("012")));     // expect: SyntaxError
print(err(() => new Uint8Array(0).setFromHex("012")));     // expect: SyntaxError
print(Object.getPrototypeOf(t.setFromHex("")) === Object.prototype, Object.keys(t.setFromHex("")).join()); // expect: true read,written

// receivers, detached and out-of-bounds buffers
print(err(() => Uint8Array.prototype.toBase64.call(new Int8Array(1)))); // expect: TypeError
print(err(() => Uint8Array.prototype.toHex.call(new Uint8ClampedArray(1)))); // expect: TypeError
print(err(() => Uint8Array.prototype.setFromHex.call([], "00"))); // expect: TypeError
print(err(() => new Uint8Array(1).setFromBase64(1)));      // expect: TypeError
var ab = new ArrayBuffer(4), d = new Uint8Array(ab);
ab.transfer();
print(err(() => d.toBase64()), err(() => d.toHex()), err(() => d.setFromBase64("")), err(() => d.setFromHex(""))); // expect: TypeError TypeError TypeError TypeError
// detaching in an options getter is seen by toBase64 (bytes read after the options)
var ab2 = new ArrayBuffer(3), d2 = new Uint8Array(ab2);
print(err(() => d2.toBase64({ get omitPadding() { ab2.transfer(); return false; } }))); // expect: TypeError
var ab3 = new ArrayBuffer(3), d3 = new Uint8Array(ab3);
print(err(() => d3.setFromBase64("AAAA", { get lastChunkHandling() { ab3.transfer(); return "loose"; } }))); // expect: TypeError
var rab = new ArrayBuffer(4, { maxByteLength: 8 }), d4 = new Uint8Array(rab, 2, 2);
rab.resize(3);
print(err(() => d4.toHex()), err(() => d4.setFromHex("00")));  // expect: TypeError TypeError
var d5 = new Uint8Array(rab);
print(res(d5.setFromHex("010203040506")), d5.length, d5.toHex()); // expect: 6/3 3 010203
// shrinking in a getter before the decode: the decoder sees the new length
var rab2 = new ArrayBuffer(6, { maxByteLength: 8 }), d6 = new Uint8Array(rab2);
print(res(d6.setFromBase64("AQIDBAUG", { get alphabet() { rab2.resize(3); return "base64"; } })), d6.toHex()); // expect: 4/3 010203

// round trips of every byte value, and long inputs
var all = new Uint8Array(256);
for (var i = 0; i < 256; i++) all[i] = i;
var b64 = all.toBase64(), hex = all.toHex();
print(b64.length, hex.length, show(Uint8Array.fromBase64(b64)) === show(all), show(Uint8Array.fromHex(hex)) === show(all)); // expect: 344 512 true true
print(show(Uint8Array.fromBase64(all.toBase64({ alphabet: "base64url", omitPadding: true }), { alphabet: "base64url" })) === show(all)); // expect: true
var big = new Uint8Array(6000);
for (var j = 0; j < big.length; j++) big[j] = (j * 7) & 255;
print(Uint8Array.fromBase64(big.toBase64()).toHex() === big.toHex()); // expect: true
print(Uint8Array.fromBase64.length, Uint8Array.fromHex.length, Uint8Array.prototype.toBase64.length, Uint8Array.prototype.setFromBase64.length); // expect: 1 1 0 1
print("fromBase64" in Int8Array, "toHex" in Int8Array.prototype); // expect: false false
