// WeakRef / FinalizationRegistry (API only; collection timing is not observed here)
var t = {}; var w = new WeakRef(t); print(w.deref() === t, Object.prototype.toString.call(w), typeof WeakRef.prototype.deref);
try { new WeakRef(1); } catch (e) { print(e.name); }
try { WeakRef({}); } catch (e) { print(e.name); }
var fr = new FinalizationRegistry(function (h) {}); var tok = {};
print(fr.register({}, "held", tok), fr.unregister(tok), fr.unregister(tok), Object.prototype.toString.call(fr));
try { fr.register(1, 2); } catch (e) { print(e.name); }
try { fr.register(tok, tok); } catch (e) { print(e.name); }
try { new FinalizationRegistry(1); } catch (e) { print(e.name); }
print(new WeakRef(Symbol("x")).deref().toString());

// expect: true [object WeakRef] function
// expect: TypeError
// expect: TypeError
// expect: undefined true false [object FinalizationRegistry]
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: Symbol(x)
