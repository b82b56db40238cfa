var n = 0; for (var i = 0; i < 40; i++) if (big.has(rows[i])) n++;
print("B", small.get(rows[2]), mid.get(rows[0]), mid.get(rows[35]), n, seen.has(rows[89]), seen.has(rows[90]), ref.deref().id);
// expect: B s2 0 undefined 26 true false 99
big.set(rows[0], "again"); mid.set(rows[1], "new");
print("B", big.get(rows[0]), mid.get(rows[1]), mid.has(rows[7]));
// expect: B again new true
