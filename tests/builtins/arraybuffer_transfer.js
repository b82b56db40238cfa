// ArrayBuffer.prototype.transfer / transferToFixedLength / detached (ES2024)
var b = new ArrayBuffer(4);
new Uint8Array(b).set([1, 2, 3, 4]);
var view = new Uint8Array(b);
var t = b.transfer();
print(b.detached, b.byteLength, t.detached, t.byteLength, new Uint8Array(t).join());
print(view.length, view.byteLength, view.byteOffset, view[0]);
try { b.slice(0); } catch (e) { print(e.name); }
try { b.transfer(); } catch (e) { print(e.name); }
try { new Uint8Array(b); } catch (e) { print(e.name); }
try { view.fill(0); } catch (e) { print(e.name); }
var t2 = t.transfer(6);
print(t2.byteLength, new Uint8Array(t2).join(), t2.resizable);
var t3 = t2.transfer(2);
print(t3.byteLength, new Uint8Array(t3).join());
var r = new ArrayBuffer(2, { maxByteLength: 10 });
var r2 = r.transfer(3);
print(r2.resizable, r2.maxByteLength, r2.byteLength);
var r3 = r2.transferToFixedLength();
print(r3.resizable, r3.maxByteLength, r3.byteLength, r2.detached);
try { new ArrayBuffer(2, { maxByteLength: 4 }).transfer(5); } catch (e) { print(e.name); }
print(b.maxByteLength, r.resizable, r.maxByteLength);
try { ArrayBuffer.prototype.transfer.call({}); } catch (e) { print(e.name); }
print(ArrayBuffer.prototype.transfer.length, ArrayBuffer.prototype.transferToFixedLength.name);
// expect: true 0 false 4 1,2,3,4
// expect: 0 0 0 undefined
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 6 1,2,3,4,0,0 false
// expect: 2 1,2
// expect: true 10 3
// expect: false 3 3 true
// expect: RangeError
// expect: 0 true 0
// expect: TypeError
// expect: 0 transferToFixedLength
