// Part B: the realms, their lexical bindings, the suspended activations and
// GetPrototypeFromConstructor's realm fallback all carry across the snapshot.
print(two.bump(3), two.eval("tally"), typeof tally, two.Array !== Array, three.Array !== two.Array); // expect: 5 5 undefined true true
print(gen.next(7).value.join(), [] instanceof Array); // expect: 7,5,true true
print(Object.getPrototypeOf(Reflect.construct(Array, [], C)) === two.Array.prototype); // expect: true
resolveLater("late");
print(three.eval("Object.getPrototypeOf(deep) === Object.prototype"), three.$262.global === three); // expect: true true
// expect: awaited late 5 true
