print(m.getOrInsert("a", 9), m.getOrInsertComputed("c", function () { return 3; }), [...m.keys()].join()); // expect: 1 3 a,b,c
print(wm.getOrInsert(wkey, 0).n, wm.getOrInsertComputed({}, function () { return 5; })); // expect: 41 5
print(fromB64.toHex(), fromHex.toHex(), filled.toBase64({ omitPadding: true })); // expect: 48656c6c6f20576f726c64 cafe AQIDAA
print(Uint8Array.fromBase64(fromB64.toBase64({ alphabet: "base64url" }), { alphabet: "base64url" }).length); // expect: 11
release(21);
print("released"); // expect: released
print(JSON.isRawJSON(raw), Object.isFrozen(raw), JSON.stringify({ raw: raw })); // expect: true true {"raw":12345678901234567890}
// the fromAsync promises settle after the script, in the job queue:
// expect: fromAsync 2,42,6
// expect: fromAsync gen x,21
