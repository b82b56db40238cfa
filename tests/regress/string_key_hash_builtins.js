// Regression: strings built by String.prototype.repeat / toLowerCase / toUpperCase (and
// other builders that fill a fresh string) carried hash 0, so as Map/Set keys or property
// keys they did not match equal strings made elsewhere.
const m = new Map([["aaa", 1], ["xyz", 2]]);
print(m.get("a".repeat(3)), m.get("XYZ".toLowerCase()), m.has("xy" + "z"));
const s = new Set(["ABC"]);
print(s.has("abc".toUpperCase()), s.has("AB".repeat(1) + "C"));
const o = { aaaa: 7 };
print(o["aa".repeat(2)], Object.hasOwn(o, "AAAA".toLowerCase()));
// expect: 1 2 true
// expect: true true
// expect: 7 true
