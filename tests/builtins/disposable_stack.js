// DisposableStack, AsyncDisposableStack, SuppressedError, Symbol.dispose (ES2026)
print(typeof Symbol.dispose, String(Symbol.asyncDispose));
// expect: symbol Symbol(Symbol.asyncDispose)
var e = new SuppressedError(1, 2, "m");
print(e.error, e.suppressed, e.message, e instanceof Error, e.name, SuppressedError.length);
// expect: 1 2 m true SuppressedError 3
print(Object.getOwnPropertyNames(new SuppressedError(1, 2)).sort().join());
// expect: error,stack,suppressed
var log = [];
var s = new DisposableStack();
print(s.use(null), s.use(undefined));
// expect: null undefined
s.use({ [Symbol.dispose]() { log.push("use:" + (this.tag)); }, tag: "t" });
print(s.adopt(5, function (v) { "use strict"; log.push("adopt" + v + (this === undefined)); }));
// expect: 5
print(s.defer(() => log.push("defer")));
// expect: undefined
print(s.disposed, Object.prototype.toString.call(s));
// expect: false [object DisposableStack]
print(s.dispose(), log.join(), s.disposed, s.dispose());
// expect: undefined defer,adopt5true,use:t true undefined
try { s.use({ [Symbol.dispose]() {} }); } catch (x) { print(x.constructor.name); }
// expect: ReferenceError
try { new DisposableStack().use(1); } catch (x) { print(x.constructor.name); }
// expect: TypeError
try { new DisposableStack().use({}); } catch (x) { print(x.constructor.name); }
// expect: TypeError
try { DisposableStack(); } catch (x) { print(x.constructor.name); }
// expect: TypeError
try { DisposableStack.prototype.dispose.call(new AsyncDisposableStack()); } catch (x) { print(x.constructor.name); }
// expect: TypeError
var t = new DisposableStack();
t.defer(() => { throw new Error("first"); });
t.defer(() => { throw new Error("second"); });
t.defer(() => { throw new Error("third"); });
try { t.dispose(); } catch (x) {
  print(x.constructor.name, x.error.message, x.suppressed.constructor.name,
        x.suppressed.error.message, x.suppressed.suppressed.message);
}
// expect: SuppressedError first SuppressedError second third
var m1 = new DisposableStack();
m1.defer(() => print("moved resource disposed"));
var m2 = m1.move();
print(m1.disposed, m2.disposed, m2 instanceof DisposableStack);
// expect: true false true
m1.dispose();
m2[Symbol.dispose]();
// expect: moved resource disposed
class Sub extends DisposableStack {}
var sub = new Sub();
print(sub instanceof Sub, sub.move() instanceof Sub);
// expect: true false
var it = { __proto__: Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), return() { print("iterator return", arguments.length); } };
it[Symbol.dispose]();
// expect: iterator return 0

var alog = [];
var a = new AsyncDisposableStack();
a.use({ [Symbol.asyncDispose]() { alog.push("async"); return Promise.resolve(); } });
a.use({ [Symbol.dispose]() { alog.push("sync"); } });
a.use(null);
a.adopt(7, v => { alog.push("adopt" + v); });
a.defer(async () => { alog.push("defer"); throw new Error("boom"); });
print(Object.prototype.toString.call(a), AsyncDisposableStack.prototype[Symbol.asyncDispose] === AsyncDisposableStack.prototype.disposeAsync);
// expect: [object AsyncDisposableStack] true
a.disposeAsync().then(v => print("resolved", v), x => print("rejected", x.message, alog.join(), a.disposed));
a.disposeAsync().then(v => print("second disposeAsync", v));
AsyncDisposableStack.prototype.disposeAsync.call({}).catch(x => print("bad receiver", x.constructor.name));
var ai = { __proto__: Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype)),
           return() { print("async iterator return"); return 42; } };
ai[Symbol.asyncDispose]().then(v => print("asyncDispose ->", v));
// expect: async iterator return
// expect: second disposeAsync undefined
// expect: bad receiver TypeError
// expect: asyncDispose -> undefined
// expect: rejected boom defer,adopt7,sync,async true
