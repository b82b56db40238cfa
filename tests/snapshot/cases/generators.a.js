function* counter(limit) {
  for (let i = 0; i < limit; i++) {
    const got = yield i;
    if (got) print("got", got);
  }
  return "done";
}
var g = counter(5);
print("A", g.next().value, g.next("x").value);
// expect: got x
// expect: A 0 1
