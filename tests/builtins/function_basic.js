// Function.prototype.apply / call / bind / @@hasInstance and restricted properties.
function f(a, b) { return [this === undefined ? 'u' : typeof this, a, b].join(); }
function sf(a, b) { 'use strict'; return [this === undefined ? 'u' : typeof this, a, b].join(); }
print(sf.call(undefined, 1, 2), sf.apply(null, [3, 4]), sf.call(5)); // expect: u,1,2 object,3,4 number,,
print(sf.apply(undefined, {length: 2, 0: 'x', 1: 'y'})); // expect: u,x,y
print(sf.apply(undefined), sf.apply(undefined, null)); // expect: u,, u,,
try { sf.apply(undefined, 1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Function.prototype.call.call(1); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Function.prototype.apply.length, Function.prototype.call.length, Function.prototype.bind.length); // expect: 2 1 1
var b = sf.bind('t', 1);
print(b(2), b.name, b.length); // expect: string,1,2 bound sf 1
var bb = b.bind(null, 9);
print(bb(), bb.name, bb.length); // expect: string,1,9 bound bound sf 0
function Point(x, y) { this.x = x; this.y = y; }
var BP = Point.bind({ignored: true}, 10);
var pt = new BP(20);
print(pt.x, pt.y, pt instanceof Point, pt instanceof BP); // expect: 10 20 true true
print('prototype' in BP, typeof BP); // expect: false function
var anon = (function () {}).bind();
print(JSON.stringify(anon.name)); // expect: "bound "
var fl = function () {};
Object.defineProperty(fl, 'length', {value: Infinity});
print(fl.bind().length); // expect: Infinity
Object.defineProperty(fl, 'length', {value: -Infinity});
print(fl.bind().length); // expect: 0
Object.defineProperty(fl, 'length', {value: 2.7});
print(fl.bind(null, 1).length); // expect: 1
Object.defineProperty(fl, 'length', {value: '3'});
print(fl.bind().length); // expect: 0
Object.defineProperty(fl, 'name', {value: 42});
print(JSON.stringify(fl.bind().name)); // expect: "bound "
var arrow = () => 1;
try { new (arrow.bind())(); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Function.prototype.bind.call({}); } catch (e) { print(e.constructor.name); } // expect: TypeError
var d = Object.getOwnPropertyDescriptor(b, 'name');
print(d.writable, d.enumerable, d.configurable); // expect: false false true
print(Function.prototype[Symbol.hasInstance].call(Point, pt), Point[Symbol.hasInstance]({})); // expect: true false
var hd = Object.getOwnPropertyDescriptor(Function.prototype, Symbol.hasInstance);
print(hd.writable, hd.enumerable, hd.configurable, hd.value.name); // expect: false false false [Symbol.hasInstance]
var cd = Object.getOwnPropertyDescriptor(Function.prototype, 'caller');
print(typeof cd.get, cd.get === cd.set, cd.enumerable, cd.configurable); // expect: function true false true
var ad = Object.getOwnPropertyDescriptor(Function.prototype, 'arguments');
print(ad.get === cd.get); // expect: true
try { cd.get(); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Object.isExtensible(cd.get), cd.get.length, JSON.stringify(cd.get.name)); // expect: false 0 ""
print(Object.getOwnPropertyDescriptor(cd.get, 'length').configurable); // expect: false
var big = [];
for (var i = 0; i < 1000; i++) big.push(i);
print(Math.max.apply(null, big)); // expect: 999
var chain = function () { return arguments.length; };
for (var j = 0; j < 50; j++) chain = chain.bind(null, j);
print(chain(1, 2)); // expect: 52
