// TypedArrays: constructors, element conversions, integer-indexed exotic behaviour
var ctors = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
print(ctors.map(C => C.BYTES_PER_ELEMENT + ":" + C.name + ":" + C.length).join(" "));
var TA = Object.getPrototypeOf(Int8Array);
print(TA.name, TA.length, Object.getPrototypeOf(Int8Array.prototype) === TA.prototype, TA.prototype.constructor === TA);
try { TA(); } catch (e) { print(e.name); }
try { new TA(); } catch (e) { print(e.name); }
try { Int8Array(2); } catch (e) { print(e.name); }
var vals = [0, 1, -1, 127, 128, 255, 256, -129, 1.5, 2.5, -0.5, 300.7, NaN, Infinity, -Infinity, 4294967296 + 5, 0x80000000];
print(Array.from(new Int8Array(vals)).join());
print(Array.from(new Uint8Array(vals)).join());
print(Array.from(new Uint8ClampedArray(vals)).join());
print(Array.from(new Int16Array(vals)).join());
print(Array.from(new Uint16Array(vals)).join());
print(Array.from(new Int32Array(vals)).join());
print(Array.from(new Uint32Array(vals)).join());
print(Array.from(new Float32Array([1.1, 0.1, 16777217, 3.4e39, -0, NaN])).join(), 1 / new Float32Array([-0])[0]);
print(Array.from(new Float64Array([1.1, -0, 1e308 * 10])).join(), Object.is(new Float64Array([-0])[0], -0));
print(Array.from(new Uint8ClampedArray([0.5, 1.5, 2.5, 3.5, 254.5, 255.5, -3])).join());
// construction from various sources
print(new Int8Array(3).length, new Int8Array().length, new Int16Array("2").length, new Int8Array([1, 2, 3]).join("-"));
print(new Int8Array({ length: 2, 0: 5, 1: "6" }).join(), new Int8Array(new Set([9, 8])).join(), new Float64Array(new Int8Array([-1, 2])).join());
var buf = new ArrayBuffer(8);
var i32 = new Int32Array(buf, 4);
var u8 = new Uint8Array(buf, 1, 2);
print(i32.length, i32.byteOffset, i32.byteLength, u8.length, u8.byteOffset, i32.buffer === buf);
try { new Int32Array(buf, 1); } catch (e) { print(e.name); }
try { new Int32Array(new ArrayBuffer(7)); } catch (e) { print(e.name); }
try { new Int8Array(buf, 4, 5); } catch (e) { print(e.name); }
try { new Int8Array(buf, 9); } catch (e) { print(e.name); }
try { new Int8Array(-1); } catch (e) { print(e.name); }
i32[0] = -2;
print(Array.from(new Uint8Array(buf)).join());
// exotic behaviour
var a = new Int16Array([10, 20, 30]);
print(a[1], a["1"], a[3], a["-0"], a[-1], a[1.5], a["1.0"], "1" in a, 3 in a, "-0" in a, "1.0" in a);
a[5] = 9; a[-1] = 9; a["1.5"] = 9; a.foo = 1; a["1.0"] = 2;
print(Object.keys(a).join(), a.length);
print(JSON.stringify(Object.getOwnPropertyDescriptor(a, 0)), Object.getOwnPropertyDescriptor(a, 3));
print(delete a[0], delete a[3], delete a.foo, a[0]);
print(Reflect.defineProperty(a, 0, { value: 99 }), a[0], Reflect.defineProperty(a, 0, { value: 1, enumerable: false }), Reflect.defineProperty(a, 0, { get() {} }), Reflect.defineProperty(a, 9, { value: 1 }));
print(Reflect.defineProperty(a, 1, { value: 5, writable: true, enumerable: true, configurable: true }), a[1], Reflect.defineProperty(a, 1, { configurable: false }));
print(Reflect.set(a, 0, "7"), a[0], Reflect.set(a, 10, 1), Reflect.has(a, 10));
var child = Object.create(a);
child[0] = 42;
print(a[0], child.hasOwnProperty(0), child[2]);
child[10] = 3;
print(child.hasOwnProperty(10));
var calls = [];
a[0] = { valueOf() { calls.push("v"); return 3; } };
print(a[0], calls.join());
print(Object.isExtensible(a), Object.isFrozen(new Int8Array(0)));
try { Object.freeze(new Int8Array(1)); } catch (e) { print(e.name); }
Object.freeze(new Int8Array(0));
print(Object.prototype.toString.call(a), a[Symbol.toStringTag], TA.prototype[Symbol.toStringTag]);
print(Object.getOwnPropertyNames(new Uint8Array(2)).join(), Reflect.ownKeys(TA.prototype).length > 30);
class Sub extends Uint8Array { sum() { return this.reduce((x, y) => x + y, 0); } }
var sub = new Sub([1, 2, 3]);
print(sub instanceof Sub, sub.sum(), sub.map(x => x * 2) instanceof Sub, sub.subarray(1).sum());
// expect: 1:Int8Array:3 1:Uint8Array:3 1:Uint8ClampedArray:3 2:Int16Array:3 2:Uint16Array:3 4:Int32Array:3 4:Uint32Array:3 4:Float32Array:3 8:Float64Array:3
// expect: TypedArray 0 true true
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 0,1,-1,127,-128,-1,0,127,1,2,0,44,0,0,0,5,0
// expect: 0,1,255,127,128,255,0,127,1,2,0,44,0,0,0,5,0
// expect: 0,1,0,127,128,255,255,0,2,2,0,255,0,255,0,255,255
// expect: 0,1,-1,127,128,255,256,-129,1,2,0,300,0,0,0,5,0
// expect: 0,1,65535,127,128,255,256,65407,1,2,0,300,0,0,0,5,0
// expect: 0,1,-1,127,128,255,256,-129,1,2,0,300,0,0,0,5,-2147483648
// expect: 0,1,4294967295,127,128,255,256,4294967167,1,2,0,300,0,0,0,5,2147483648
// expect: 1.100000023841858,0.10000000149011612,16777216,Infinity,0,NaN -Infinity
// expect: 1.1,0,Infinity true
// expect: 0,2,2,4,254,255,0
// expect: 3 0 2 1-2-3
// expect: 5,6 9,8 -1,2
// expect: 1 4 4 2 1 true
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: 0,0,0,0,254,255,255,255
// expect: 20 20 undefined undefined undefined undefined undefined true false false false
// expect: 0,1,2,foo,1.0 3
// expect: {"value":10,"writable":true,"enumerable":true,"configurable":true} undefined
// expect: false true true 10
// expect: true 99 false false false
// expect: true 5 false
// expect: true 7 true false
// expect: 7 true 30
// expect: false
// expect: 3 v
// expect: true false
// expect: TypeError
// expect: [object Int16Array] Int16Array undefined
// expect: 0,1 true
// expect: true 6 true 5
