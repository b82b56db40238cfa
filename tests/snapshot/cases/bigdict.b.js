dict.added = "yes";
var bad = 0;
for (var i = 0; i < 100000; i++) if (dict["k" + i] !== (i % 3 ? i : undefined)) bad++;
print("B", Object.keys(dict).length, bad, dict.added, Object.keys(dict)[0]);
// expect: B 66667 0 yes k1
