// Inline caches for methods of primitive strings (cached on String.prototype's shape).
function f(s) { return s.toUpperCase(); }
print(f("a"), f("b"));
String.prototype.toUpperCase = function () { return "patched" + this; };
print(f("c"));
Object.defineProperty(String.prototype, "toUpperCase", { get() { return () => "getter"; }, configurable: true });
print(f("d"));
delete String.prototype.toUpperCase;
try { f("e"); } catch (e) { print(e.constructor.name); }
function g(s) { return s.length + s.foo; }
print(g("abc"), g("ab"));
String.prototype.foo = 1;
print(g("abc"));
function h(s) { return s.hasOwnProperty("length"); }
print(h("x"), h("y"));

// expect: A B
// expect: patchedc
// expect: getter
// expect: TypeError
// expect: NaN NaN
// expect: 4
// expect: true true
