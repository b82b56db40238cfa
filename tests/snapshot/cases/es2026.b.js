print(m.getOrInsert("a", 9), m.getOrInsertComputed("c", function () { return 3; }), [...m.keys()].join()); // expect: 1 3 a,b,c
print(wm.getOrInsert(wkey, 0).n, wm.getOrInsertComputed({}, function () { return 5; })); // expect: 41 5
