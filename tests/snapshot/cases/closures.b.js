c.inc();
shared[0](); shared[0]();
print("B", c.get(), shared[1]());
c.reset();
print("B", c.get());
// expect: B 3 13
// expect: B 0
