// Boolean.
print(Boolean(), Boolean(0), Boolean(''), Boolean('0'), Boolean({}), Boolean(NaN), Boolean(-0)); // expect: false false false true true false false
var b = new Boolean(false);
print(typeof b, b ? 'truthy' : 'falsy', b.valueOf(), b.toString(), String(b)); // expect: object truthy false false false
print(true.toString(), false.valueOf(), Boolean.prototype.valueOf(), Boolean.prototype.toString()); // expect: true false false false
try { Boolean.prototype.toString.call(1); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Boolean.prototype.valueOf.call({}); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Object.prototype.toString.call(Boolean.prototype), Boolean.length, Boolean.name); // expect: [object Boolean] 1 Boolean
class B2 extends Boolean {}
var b2 = new B2(1);
print(b2 instanceof Boolean, b2.valueOf(), b2 instanceof B2); // expect: true true true
print(Object(true) instanceof Boolean, new Boolean(1) == true); // expect: true true
