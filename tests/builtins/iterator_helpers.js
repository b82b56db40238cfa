// Iterator helpers (ES2025): the Iterator constructor, Iterator.from and Iterator.prototype methods.
function* nat() { var i = 0; for (;;) yield i++; }
print(nat().map(x => x * x).filter(x => x % 2).drop(1).take(3).toArray().join()); // expect: 9,25,49
print([1, 2].values().flatMap(x => [x, x * 10]).toArray().join()); // expect: 1,10,2,20
print(nat().take(5).reduce((a, b) => a + b)); // expect: 10
print(nat().take(3).reduce((a, b) => a + b, 100)); // expect: 103
print(nat().some(x => x > 3), nat().take(4).every(x => x < 4), nat().find(x => x * x > 10)); // expect: true true 4
var seen = [];
[5, 6].values().forEach((v, i) => seen.push(v + '@' + i));
print(seen.join()); // expect: 5@0,6@1
print(typeof Iterator, Iterator.prototype === Object.getPrototypeOf(Object.getPrototypeOf([].values()))); // expect: function true
print(Object.prototype.toString.call(nat().map(x => x))); // expect: [object Iterator Helper]
try { new Iterator(); } catch (e) { print(e.constructor.name); } // expect: TypeError
class MyIt extends Iterator { next() { return { done: this.n > 2, value: this.n = (this.n || 0) + 1 }; } }
print(new MyIt().toArray().join()); // expect: 1,2,3
// Iterator.from wraps objects that only have next()
var plain = { i: 0, next() { return { done: this.i >= 2, value: this.i++ }; } };
var w = Iterator.from(plain);
print(w instanceof Iterator, w.map(x => x + 1).toArray().join()); // expect: true 1,2
print(Iterator.from('ab').toArray().join('-')); // expect: a-b
var g = nat();
print(Iterator.from(g) === g); // expect: true
// return() closes the underlying iterator, before and after the first next()
var closed = 0;
var src = { next() { return { done: false, value: 1 }; }, return() { closed++; return {}; }, __proto__: Iterator.prototype };
var h = src.map(x => x);
print(JSON.stringify(h.return()), closed); // expect: {"done":true} 1
h = src.filter(x => true); h.next();
print(JSON.stringify(h.return()), closed, JSON.stringify(h.next())); // expect: {"done":true} 2 {"done":true}
print(src.take(0).next().done, closed); // expect: true 3
// argument errors close the receiver
try { src.map(1); } catch (e) { print(e.constructor.name, closed); } // expect: TypeError 4
try { src.take(-1); } catch (e) { print(e.constructor.name, closed); } // expect: RangeError 5
try { src.drop(NaN); } catch (e) { print(e.constructor.name, closed); } // expect: RangeError 6
// a helper cannot be re-entered while it runs
var self;
self = nat().map(x => self.next());
try { self.next(); } catch (e) { print(e.constructor.name); } // expect: TypeError
// a throwing callback closes the underlying iterator
try { src.map(() => { throw 'boom'; }).next(); } catch (e) { print(e, closed); } // expect: boom 7
// flatMap rejects primitives other than iterables objects, and closes inner iterators on return
try { [1].values().flatMap(x => 'str').next(); } catch (e) { print(e.constructor.name); } // expect: TypeError
var innerClosed = 0;
var inner = { next() { return { done: false, value: 'i' }; }, return() { innerClosed++; return {}; }, [Symbol.iterator]() { return this; } };
var fm = src.flatMap(() => inner);
print(fm.next().value, fm.return().done, innerClosed, closed); // expect: i true 1 8
print(Iterator.prototype[Symbol.toStringTag], Iterator.prototype.constructor === Iterator); // expect: Iterator true
var o = Object.create(Iterator.prototype);
o[Symbol.toStringTag] = 'mine';
print(Object.prototype.toString.call(o), Object.getOwnPropertyDescriptor(o, Symbol.toStringTag).enumerable); // expect: [object mine] true
