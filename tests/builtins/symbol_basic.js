// Symbol.
var s = Symbol('desc');
print(typeof s, s.toString(), s.description, String(s)); // expect: symbol Symbol(desc) desc Symbol(desc)
print(Symbol().toString(), Symbol().description, Symbol('').description === ''); // expect: Symbol() undefined true
print(Symbol(undefined).description, Symbol(null).description, Symbol(1).description); // expect: undefined null 1
print(Symbol('a') === Symbol('a'), Symbol.for('a') === Symbol.for('a'), Symbol.for('a') === Symbol('a')); // expect: false true false
print(Symbol.keyFor(Symbol.for('k')), Symbol.keyFor(Symbol('k')), Symbol.keyFor(Symbol.iterator)); // expect: k undefined undefined
print(Symbol.for().toString(), Symbol.keyFor(Symbol.for(1)) === '1'); // expect: Symbol(undefined) true
try { Symbol.keyFor('k'); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { new Symbol(); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { s + ''; } catch (e) { print(e.constructor.name); } // expect: TypeError
try { +s; } catch (e) { print(e.constructor.name); } // expect: TypeError
var w = Object(s);
print(typeof w, w instanceof Symbol, w.valueOf() === s, w[Symbol.toPrimitive]('x') === s, w == s); // expect: object true true true true
print(Symbol.prototype[Symbol.toStringTag], Object.prototype.toString.call(s)); // expect: Symbol [object Symbol]
print(Symbol.iterator.toString(), Symbol.asyncIterator.description, Symbol.hasInstance.toString()); // expect: Symbol(Symbol.iterator) Symbol.asyncIterator Symbol(Symbol.hasInstance)
var names = ['asyncIterator', 'hasInstance', 'isConcatSpreadable', 'iterator', 'match', 'matchAll', 'replace', 'search', 'species', 'split', 'toPrimitive', 'toStringTag', 'unscopables'];
print(names.every(function (n) { var d = Object.getOwnPropertyDescriptor(Symbol, n); return typeof d.value === 'symbol' && !d.writable && !d.configurable && !d.enumerable && d.value.description === 'Symbol.' + n; })); // expect: true
var tp = Object.getOwnPropertyDescriptor(Symbol.prototype, Symbol.toPrimitive);
print(tp.writable, tp.configurable, tp.value.name, tp.value.length); // expect: false true [Symbol.toPrimitive] 1
var dd = Object.getOwnPropertyDescriptor(Symbol.prototype, 'description');
print(typeof dd.get, dd.set, dd.get.name); // expect: function undefined get description
try { Symbol.prototype.toString.call('x'); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Symbol.prototype.description; } catch (e) { print(e.constructor.name); } // expect: TypeError
var o = {};
o[s] = 1;
print(o[s], Object.keys(o).length, Object.getOwnPropertySymbols(o)[0] === s); // expect: 1 0 true
print(Symbol.length, Symbol.name, Symbol.for.length, Symbol.keyFor.length); // expect: 0 Symbol 1 1
print(Reflect.construct(function () {}, [], Symbol) !== undefined); // expect: true
