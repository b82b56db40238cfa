print("B", g.next().value, g.next("y").value);
var r = g.next(); print("B", r.value, r.done);
r = g.next(); print("B", r.value, r.done);
// expect: got y
// expect: B 2 3
// expect: B 4 false
// expect: B done true
