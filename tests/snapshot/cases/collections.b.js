m.set("later", 9);
print("B", [...m.keys()].map(k => typeof k === "object" ? "obj" + k.id : k).join(","));
print("B", m.get(k1), m.get(k2), m.get(3), s.has(k1), s.has("x"), wm.get(k1), ws.has(k2), ws.has(k1));
// expect: B obj1,3,obj2,later
// expect: B one two three true true weak-one true false
