// DataView: constructor, getters, every get/set method, both byte orders
var buf = new ArrayBuffer(16);
var dv = new DataView(buf, 2, 12);
print(DataView.length, dv.byteLength, dv.byteOffset, dv.buffer === buf, Object.prototype.toString.call(dv));
print(new DataView(buf).byteLength, new DataView(buf, 16).byteLength, new DataView(buf, 4, undefined).byteLength);
try { DataView(buf); } catch (e) { print(e.name); }
try { new DataView({}); } catch (e) { print(e.name); }
try { new DataView(buf, 17); } catch (e) { print(e.name); }
try { new DataView(buf, 8, 9); } catch (e) { print(e.name); }
try { new DataView(buf, -1); } catch (e) { print(e.name); }
dv.setInt16(0, -2);
dv.setInt16(2, -2, true);
print(new Uint8Array(buf, 2, 4).join(), dv.getInt16(0), dv.getUint16(0), dv.getInt16(2, true), dv.getUint16(2, false));
dv.setUint32(4, 0xDEADBEEF);
print(dv.getUint32(4).toString(16), dv.getUint32(4, true).toString(16), dv.getInt32(4), dv.getInt8(4), dv.getUint8(4));
dv.setFloat32(0, 1.5);
print(dv.getFloat32(0), dv.getFloat32(0, true), new Uint8Array(buf, 2, 4).join());
dv.setFloat64(4, Math.PI, true);
print(dv.getFloat64(4, true), dv.getFloat64(4) === Math.PI);
dv.setFloat64(4, NaN);
print(new Uint8Array(buf, 6, 8).join(), dv.getFloat64(4));
dv.setFloat32(0, NaN);
print(new Uint8Array(buf, 2, 4).join());
dv.setUint32(0, 0x7FC00001);
print(dv.getFloat32(0));
dv.setInt8(0, 200); dv.setUint8(1, -1);
print(dv.getInt8(0), dv.getUint8(0), dv.getUint8(1));
try { dv.getInt32(9); } catch (e) { print(e.name); }
try { dv.setInt8(12, 0); } catch (e) { print(e.name); }
try { dv.getInt8(-1); } catch (e) { print(e.name); }
print(dv.getInt8(11), dv.getUint16(), dv.setInt8.length, dv.getInt16.length, dv.setFloat64.length);
dv.setBigInt64(0, -2n);
print(dv.getBigInt64(0), dv.getBigUint64(0), dv.getBigInt64(0, true));
dv.setBigUint64(0, 2n ** 64n + 5n, true);
print(dv.getBigUint64(0, true), dv.getInt32(0, true));
try { dv.setBigInt64(0, 1); } catch (e) { print(e.name); }
try { dv.setInt8(0, 1n); } catch (e) { print(e.name); }
var order = [];
try { dv.setUint8({ valueOf() { order.push("index"); return 100; } }, { valueOf() { order.push("value"); return 1; } }); } catch (e) { order.push(e.name); }
print(order.join());
try { DataView.prototype.getInt8.call(new Int8Array(4), 0); } catch (e) { print(e.name); }
try { DataView.prototype.byteLength; } catch (e) { print(e.name); }
var d0 = new DataView(new ArrayBuffer(0));
print(d0.byteLength);
try { d0.getInt8(0); } catch (e) { print(e.name); }
// expect: 1 12 2 true [object DataView]
// expect: 16 0 12
// expect: TypeError
// expect: TypeError
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: 255,254,254,255 -2 65534 -2 65279
// expect: deadbeef efbeadde -559038737 -34 222
// expect: 1.5 6.896490392174587e-41 63,192,0,0
// expect: 3.141592653589793 false
// expect: 127,248,0,0,0,0,0,0 NaN
// expect: 127,192,0,0
// expect: NaN
// expect: -56 200 255
// expect: RangeError
// expect: RangeError
// expect: RangeError
// expect: 0 51455 2 1 2
// expect: -2 18446744073709551614 -72057594037927937
// expect: 5 5
// expect: TypeError
// expect: TypeError
// expect: index,value,RangeError
// expect: TypeError
// expect: TypeError
// expect: 0
// expect: RangeError
