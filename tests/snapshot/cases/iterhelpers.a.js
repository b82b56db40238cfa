// Iterator helpers suspended half way: their state (underlying iterator, counter, remaining
// count, flatMap's inner iterator) is in the heap and must survive the snapshot.
function* nat() { var i = 0; for (;;) yield i++; }
var chain = nat().map((x, i) => x * 10 + i).filter(x => x % 3 !== 0).drop(1).take(5);
print(chain.next().value, chain.next().value);
// expect: 22 44
var fm = [1, 2, 3].values().flatMap(x => [x, -x].values());
print(fm.next().value);
// expect: 1
var wrapped = Iterator.from({ n: 0, next() { return { done: this.n > 3, value: this.n++ }; } }).map(x => 'w' + x);
print(wrapped.next().value);
// expect: w0
