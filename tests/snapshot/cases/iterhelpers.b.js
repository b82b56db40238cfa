print(chain.toArray().join(), JSON.stringify(chain.next()));
// expect: 55,77,88 {"done":true}
print(fm.toArray().join());
// expect: -1,2,-2,3,-3
print(wrapped.toArray().join());
// expect: w1,w2,w3
