acc.v = 7;
print("B", o.greet(), acc.v, Object.isFrozen(frozen), frozen.nested.b);
print("B", dense.join(","), sparse[5], sparse[100000], Object.keys(sparse).join(","));
print("B", withSyms[sym], withSyms[Symbol.for("registered")], Symbol.keyFor(reg), sym.toString());
print("B", d.toISOString(), d.getUTCDay());
print("B", err.name, err.message, err.cause, err instanceof TypeError);
print("B", add5(10), add5.name, add5.length);
// expect: B hi o 70 true 2
// expect: B 1,2,3,4 five far 5,100000
// expect: B local-val reg-val registered Symbol(local)
// expect: B 2020-02-29T12:30:00.000Z 6
// expect: B TypeError bad thing 42 true
// expect: B 15 bound add 1
