// Several realms in one VM ($262.createRealm): own intrinsics and globals, [[Realm]] of
// every kind of function, realm switching on calls / returns / throws / generators / jobs,
// GetPrototypeFromConstructor, ArraySpeciesCreate, eval and Function in their realm.
// flags: --test262
var $other = $262.createRealm();
var other = $other.global;

// separate intrinsics, globals and global lexical scopes; shared symbols
print(other === globalThis, other.Array === Array, other.Object.prototype === Object.prototype); // expect: false false false
print(typeof other.print, other.$262 === $other, other.$262.global === other); // expect: function true true
$other.evalScript("let lex = 'theirs'; var v = 1;");
let lex = "ours";
print(lex, other.eval("lex"), other.v, typeof v); // expect: ours theirs 1 undefined
print(other.Symbol.iterator === Symbol.iterator, other.Symbol.for("k") === Symbol.for("k")); // expect: true true
other.eval("print('printed from the other realm', typeof $262)"); // expect: printed from the other realm object

// objects made by the other realm's code use its intrinsics
var arr = other.eval("[1, 2, 3]");
print(arr instanceof Array, arr instanceof other.Array, Array.isArray(arr)); // expect: false true true
var f = other.eval("(function () { return [this === globalThis, [] instanceof Array, typeof this]; })");
print(f().join(), f.call(1).join()); // expect: true,true,object false,true,object
print(f.call(1)[0], other.Function("return this")() === other); // expect: false true
print(other.Function("return this").call(true).constructor === other.Boolean); // expect: true

// after a cross-realm call returns or throws, the caller's realm is current again
print([] instanceof Array, f()[1], [] instanceof Array); // expect: true true true
try { other.eval("null.x"); } catch (e) { print(e instanceof other.TypeError, e instanceof TypeError, [] instanceof Array); } // expect: true false true
try { other.Array.prototype.map.call(null); } catch (e) { print(e.constructor === other.TypeError); } // expect: true
try { other.eval("(class K {})")(); } catch (e) { print(e instanceof other.TypeError); } // expect: true
try { new (other.eval("(class extends Object { constructor() { return 1; } })"))(); } catch (e) { print(e instanceof TypeError); } // expect: true
try { new (other.eval("(class extends Object { constructor() {} })"))(); } catch (e) { print(e instanceof ReferenceError); } // expect: true

// GetPrototypeFromConstructor falls back to the new target's realm
var C = new other.Function();
C.prototype = null;
var made = [Object, Array, Map, Promise.bind(null, function () {}), Error, RegExp, Uint8Array, ArrayBuffer, Date, Function];
print(made.map(function (K) {
    var o = Reflect.construct(K, [], C);
    var name = K === made[3] ? "Promise" : K.name;
    return Object.getPrototypeOf(o) === other[name].prototype;
}).join()); // expect: true,true,true,true,true,true,true,true,true,true
var G = other.eval("(function* () { yield [] instanceof Array; })");
print(Object.getPrototypeOf(G()) === G.prototype, Object.getPrototypeOf(G.prototype) === other.eval("Object.getPrototypeOf(function* () {}).prototype")); // expect: true true
var revoked = Proxy.revocable(function () {}, {});
revoked.revoke();
try { Reflect.construct(Object, [], Function.prototype.bind.call(revoked.proxy)); } catch (e) { print("revoked", e instanceof TypeError); } // expect: revoked true
var bound = Function.prototype.bind.call(C);
print(Object.getPrototypeOf(new bound()) === other.Object.prototype); // expect: true

// ArraySpeciesCreate: another realm's %Array% counts as undefined
print(Array.prototype.map.call(arr, function (x) { return x; }).constructor === Array); // expect: true
print(other.Array.prototype.concat.call([1], [2]).constructor === other.Array); // expect: true
var sub = other.eval("(class extends Array {})");
print(Array.prototype.slice.call(new sub(1, 2, 3), 1) instanceof sub); // expect: true

// generators and async functions run in their realm across suspensions
var gen = G();
print(gen.next().value, [] instanceof Array); // expect: true true
// a yield makes its result object in the generator's realm, whichever `next` resumed it
var ourNext = Object.getPrototypeOf(function* () {}).prototype.next;
print(Object.getPrototypeOf(ourNext.call(G())) === other.Object.prototype, Object.getPrototypeOf(ourNext.call(gen)) === other.Object.prototype); // expect: true true

// eval and Function make code in their own realm; a direct eval stays in ours
var ev = other.eval;
print(ev("typeof lex"), eval("typeof lex"), (0, eval)("lex")); // expect: string string ours
print(new other.Function("return [] instanceof Array")(), other.Function.prototype.constructor === other.Function); // expect: true true

// tagged templates are cached per site, sites belong to one realm
var t1 = (function (s) { return s; })`x`;
var t2 = other.eval("(function (s) { return s; })`x`");
print(t1 === t2, Object.getPrototypeOf(t2) === other.Array.prototype); // expect: false true

// realms made from other realms
var third = $other.createRealm();
print(third.global !== other && third.global !== globalThis, third.global.$262 === third); // expect: true true
print(third.evalScript("[] instanceof Array"), third.global.eval("Array") !== other.Array); // expect: true true

// jobs run in the realm of the function they call (their output comes after the script's)
var AF = other.eval("(async function (p) { var a = await p; return [a, [] instanceof Array]; })");
AF(Promise.resolve(5)).then(function (r) { print("async", r.join(), [] instanceof Array); });
other.Promise.resolve(1).then(function () { print("job", [] instanceof Array); });
other.eval("Promise.resolve(2)").then(other.eval("(function (v) { print('their job', v, [] instanceof Array); })"));
// expect: job true
// expect: their job 2 true
// expect: async 5,true true
