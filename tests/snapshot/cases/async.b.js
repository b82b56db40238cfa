print("B start");
resolveLater(21);
// expect: B start
// expect: reaction 21
// expect: then 42 start|resumed 21
