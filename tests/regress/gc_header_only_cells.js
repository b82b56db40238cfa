// Regression: a collection forwarded an empty (header-only) cell by writing its new address
// into the next cell's header, so string constants read back as other strings.
// flags: --gc-stress
print("x");
print(["q", "r"].join());
print(Symbol("p").toString(), JSON.stringify({}), [].length);
// expect: x
// expect: q,r
// expect: Symbol(p) {} 0
