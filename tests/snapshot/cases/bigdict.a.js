// An object with 100,000 properties (a dictionary shape whose keys live out of line) and
// deletions, across a snapshot.
var dict = {};
for (var i = 0; i < 100000; i++) dict["k" + i] = i;
for (var i = 0; i < 100000; i += 3) delete dict["k" + i];
print("A", Object.keys(dict).length, dict.k1, dict.k3);
// expect: A 66666 1 undefined
