// TypedArrays on resizable and detached buffers (ES2024 out-of-bounds semantics)
// (node 20 differs on two lines: it lacks the ES2024 [[PreventExtensions]] of typed arrays and
// restarts an exhausted iterator after a resize; the expectations follow the specification.)
var rab = new ArrayBuffer(4, { maxByteLength: 16 });
var track = new Uint8Array(rab);          // length-tracking
var fixed = new Uint8Array(rab, 0, 4);    // fixed length
var trackOff = new Uint16Array(rab, 2);   // length-tracking with offset
print(track.length, fixed.length, trackOff.length, trackOff.byteOffset);
rab.resize(8);
track.set([1, 2, 3, 4, 5, 6, 7, 8]);
print(track.length, fixed.length, trackOff.length, track.join(), fixed.join());
rab.resize(3);
print(track.length, fixed.length, fixed.byteLength, fixed.byteOffset, trackOff.length, trackOff.byteLength, track.join());
print(fixed[0], 0 in fixed, Object.keys(fixed).length, Object.keys(track).join());
try { fixed.join(); } catch (e) { print(e.name); }
try { fixed.at(0); } catch (e) { print(e.name); }
try { [...fixed]; } catch (e) { print(e.name); }
rab.resize(1);
print(trackOff.length, trackOff.byteOffset, track.length);
rab.resize(6);
print(fixed.length, fixed.join(), trackOff.length, trackOff.join());
print(Object.isExtensible(track), Reflect.preventExtensions(track), Reflect.preventExtensions(fixed), Reflect.preventExtensions(new Uint8Array(4)));
// the spec re-checks bounds after argument conversion
var r2 = new ArrayBuffer(4, { maxByteLength: 8 });
var ta = new Uint8Array(r2);
ta.set([1, 2, 3, 4]);
var evil = { valueOf() { r2.resize(2); return 0; } };
print(ta.fill(9, evil).join(), ta.length);
r2.resize(4);
ta.set([1, 2, 3, 4]);
print(ta.includes(undefined, { valueOf() { r2.resize(2); return 0; } }), ta.length);
r2.resize(4);
ta.set([1, 2, 3, 4]);
print(ta.indexOf(0, { valueOf() { r2.resize(3); return 0; } }), ta.join());
var it = ta.values();
print(it.next().value);
r2.resize(0);
print(JSON.stringify(it.next()));
r2.resize(3);
print(JSON.stringify(it.next()));
// a subarray with no end on a length-tracking array tracks too
var r3 = new ArrayBuffer(4, { maxByteLength: 8 });
var base = new Int8Array(r3);
var s1 = base.subarray(1), s2 = base.subarray(1, 3);
r3.resize(8);
print(s1.length, s2.length);
// DataView on a resizable buffer
var dv = new DataView(r3, 2);
var dvf = new DataView(r3, 2, 2);
print(dv.byteLength, dvf.byteLength);
r3.resize(3);
print(dv.byteLength);
try { dvf.byteLength; } catch (e) { print(e.name); }
try { dvf.getInt8(0); } catch (e) { print(e.name); }
// expect: 4 4 1 2
// expect: 8 4 3 1,2,3,4,5,6,7,8 1,2,3,4
// expect: 3 0 0 0 0 0 1,2,3
// expect: undefined false 0 0,1,2
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 0 0 1
// expect: 4 1,0,0,0 2 0,0
// expect: true false false true
// expect: 9,9 2
// expect: true 2
// expect: -1 1,2,3
// expect: 1
// expect: {"done":true}
// expect: {"done":true}
// expect: 7 2
// expect: 6 2
// expect: 1
// expect: TypeError
// expect: TypeError
