// generators: yield, yield*, return/throw, iteration protocol
function* g1() { var x = yield 1; print("got", x); yield x * 2; return "done"; }
var it = g1();
print(JSON.stringify(it.next("ignored"))); // expect: {"value":1,"done":false}
print(JSON.stringify(it.next(21))); // expect: got 21
// expect: {"value":42,"done":false}
print(JSON.stringify(it.next())); // expect: {"value":"done","done":true}
print(JSON.stringify(it.next())); // expect: {"done":true}
function* range(n) { for (let i = 0; i < n; i++) yield i; }
print([...range(5)].join(), Array.from(range(3)).join()); // expect: 0,1,2,3,4 0,1,2
function* inner() { yield "a"; yield "b"; return "inner-ret"; }
function* outer() { var r = yield* inner(); yield r; yield* [1, 2]; }
print([...outer()].join()); // expect: a,b,inner-ret,1,2
function* fin() { try { yield 1; yield 2; } finally { print("cleanup"); } }
for (var v of fin()) { print(v); break; } // expect: 1
// expect: cleanup
var f2 = fin(); f2.next(); print(JSON.stringify(f2.return(99))); // expect: cleanup
// expect: {"value":99,"done":true}
function* catcher() { try { yield 1; } catch (e) { print("caught", e); yield 2; } }
var c = catcher(); c.next(); print(c.throw("err").value); // expect: caught err
// expect: 2
var c2 = catcher(); try { c2.throw("early"); } catch (e) { print("thrown out", e); } // expect: thrown out early
print(typeof g1, Object.getPrototypeOf(g1) === Object.getPrototypeOf(function* () {})); // expect: function true
var gen = g1(); print(gen[Symbol.iterator]() === gen, String(gen)); // expect: true [object Generator]
function* fib() { var [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
var fs = []; for (var n of fib()) { if (n > 50) break; fs.push(n); } print(fs.join()); // expect: 0,1,1,2,3,5,8,13,21,34
var obj = { *gen() { yield this.v; }, v: 7 }; print(obj.gen().next().value); // expect: 7
class K { *[Symbol.iterator]() { yield 1; yield 2; } } print([...new K()].join()); // expect: 1,2
function* argsGen() { yield arguments.length; yield arguments[1]; } print([...argsGen(5, 6)].join()); // expect: 2,6
function* delegThrow() { try { yield* catcher(); } finally { print("outer fin"); } }
var dt = delegThrow(); dt.next(); print(dt.throw("E").value); // expect: caught E
// expect: 2
print(JSON.stringify(dt.next())); // expect: outer fin
// expect: {"done":true}
var running; function* self() { try { running.next(); } catch (e) { yield e.constructor.name; } } running = self(); print(running.next().value); // expect: TypeError
