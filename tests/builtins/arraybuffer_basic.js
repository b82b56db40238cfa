// ArrayBuffer: constructor, isView, slice, species, getters, resize, transfer
var b = new ArrayBuffer(8);
print(b.byteLength, b.maxByteLength, b.resizable, b.detached, Object.prototype.toString.call(b));
print(ArrayBuffer.length, ArrayBuffer.name, ArrayBuffer.isView(b), ArrayBuffer.isView(new Int8Array(b)), ArrayBuffer.isView(new DataView(b)), ArrayBuffer.isView({}));
print(new ArrayBuffer().byteLength, new ArrayBuffer("3").byteLength, new ArrayBuffer(2.9).byteLength, new ArrayBuffer(undefined).byteLength);
try { ArrayBuffer(1); } catch (e) { print(e.name); }
try { new ArrayBuffer(-1); } catch (e) { print(e.name); }
try { new ArrayBuffer(9007199254740992); } catch (e) { print(e.name); }
try { new ArrayBuffer(7 * 1125899906842624); } catch (e) { print(e.name); }
var u = new Uint8Array(b);
for (var i = 0; i < 8; i++) u[i] = i * 10;
var s = b.slice(2, 5);
print(s.byteLength, Array.from(new Uint8Array(s)).join(), new Uint8Array(b.slice(-3)).join(), b.slice(6, 2).byteLength);
print(ArrayBuffer[Symbol.species] === ArrayBuffer, Object.getPrototypeOf(s) === ArrayBuffer.prototype);
class MyAB extends ArrayBuffer {}
var m = new MyAB(4);
print(m instanceof MyAB, m.slice(1) instanceof MyAB, m.byteLength);
var desc = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength");
print(typeof desc.get, desc.set, desc.enumerable, desc.configurable, desc.get.name);
try { ArrayBuffer.prototype.byteLength; } catch (e) { print(e.name); }
// resizable
var r = new ArrayBuffer(2, { maxByteLength: 6 });
print(r.byteLength, r.maxByteLength, r.resizable);
var ru = new Uint8Array(r);
ru[0] = 7; ru[1] = 9;
r.resize(5);
print(r.byteLength, ru.length, Array.from(ru).join());
r.resize(1);
print(r.byteLength, ru.length, ru[0], ru[1]);
try { r.resize(7); } catch (e) { print(e.name); }
try { b.resize(1); } catch (e) { print(e.name); }
try { new ArrayBuffer(4, { maxByteLength: 2 }); } catch (e) { print(e.name); }
print(new ArrayBuffer(1, { maxByteLength: undefined }).resizable, new ArrayBuffer(1, 5).resizable);
var fixedView = new Uint8Array(r, 0, 1);
r.resize(0);
print(fixedView.length, fixedView.byteOffset, fixedView[0]);
// expect: 8 8 false false [object ArrayBuffer]
// expect: 1 ArrayBuffer false true true false
// expect: 0 3 2 0
// expect: TypeError
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: 3 20,30,40 50,60,70 0
// expect: true true
// expect: true true 4
// expect: function undefined false true get byteLength
// expect: TypeError
// expect: 2 6 true
// expect: 5 5 7,9,0,0,0
// expect: 1 1 7 undefined
// expect: RangeError
// expect: TypeError
// expect: RangeError
// expect: false false
// expect: 0 0 undefined
