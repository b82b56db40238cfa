// Regression: GetPrototypeFromConstructor fell back to the intrinsic prototype without
// GetFunctionRealm(newTarget), which throws a TypeError for a revoked proxy (test262
// built-ins/Function/internals/Construct/base-ctor-revoked-proxy.js).
var handle = Proxy.revocable(function () {}, { get: function () { handle.revoke(); } });
try { new handle.proxy(); print('no error'); } catch (e) { print(e.constructor === TypeError); }
// expect: true
// a live proxy whose "prototype" is not an object gets the fallback prototype
var p = new Proxy(function () {}, { get: function () { return 1; } });
print(Object.getPrototypeOf(new p()) === Object.prototype);
// expect: true
// a bound function is followed to its target
var h3 = Proxy.revocable(function () {}, {});
var b = Function.prototype.bind.call(h3.proxy, null);
h3.revoke();
try { Reflect.construct(function () {}, [], b); print('no error'); } catch (e) { print(e.constructor === TypeError); }
// expect: true
