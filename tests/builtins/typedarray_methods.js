// %TypedArray%.prototype methods and statics
var a = new Int16Array([5, 1, 4, 2, 3]);
print(a.at(0), a.at(-1), a.at(9), a.join(), a.join("|"), a.toString(), a.toLocaleString());
print(Int16Array.prototype.toString === Array.prototype.toString, Int16Array.prototype[Symbol.iterator] === Int16Array.prototype.values);
print([...a.keys()].join(), [...a.values()].join(), [...a.entries()].join(";"), [...a].length);
print(a.every(x => x > 0), a.some(x => x > 4), a.find(x => x > 3), a.findIndex(x => x > 3), a.findLast(x => x > 3), a.findLastIndex(x => x > 9));
var seen = [];
a.forEach(function (v, i, arr) { seen.push(v + "@" + i + (arr === a) + this.t); }, { t: "!" });
print(seen.join());
print(a.map(x => x * 100).join(), a.map(x => x * 100) instanceof Int16Array, a.filter(x => x % 2).join());
print(a.reduce((s, x) => s + x), a.reduce((s, x) => s + x, "#"), a.reduceRight((s, x) => s + x, ""));
try { new Int8Array(0).reduce((s, x) => s); } catch (e) { print(e.name); }
print(a.includes(4), a.includes(9), a.indexOf(4), a.indexOf(4, 3), a.lastIndexOf(1), a.lastIndexOf(5, -6), a.indexOf("4"));
print(new Float32Array([NaN]).includes(NaN), new Float32Array([NaN]).indexOf(NaN), new Float64Array([0]).includes(-0));
print(a.slice(1, 3).join(), a.slice(-2).join(), a.slice(3, 1).length, a.subarray(1, 3).join(), a.subarray(-2).byteOffset);
var sub = a.subarray(1, 4);
sub[0] = 77;
print(a[1], sub.length, sub.buffer === a.buffer);
print(new Int8Array([1, 2, 3, 4, 5]).copyWithin(0, 3).join(), new Int8Array([1, 2, 3, 4, 5]).copyWithin(1, 0, 3).join(), new Int8Array([1, 2, 3, 4, 5]).copyWithin(-2, -4, -3).join());
print(new Int8Array(4).fill(7).join(), new Int8Array(4).fill(7, 1, -1).join(), new Float32Array(2).fill("1.5").join(), new Uint8Array(3).fill(300, -1).join());
print(new Int8Array([1, 2, 3]).reverse().join(), new Int8Array([1, 2, 3, 4]).toReversed().join());
print(new Int8Array([3, -1, 2, 10]).sort().join(), new Float64Array([3, NaN, -0, 0, -Infinity, 1]).sort().join(), 1 / new Float64Array([0, -0]).sort()[0]);
print(new Uint8Array([3, 1, 2]).sort((x, y) => y - x).join(), new Int8Array([3, 1, 2]).toSorted().join(), new Int8Array([1, 2, 3]).with(-1, 9).join());
try { new Int8Array(2).with(2, 0); } catch (e) { print(e.name); }
try { new Int8Array(2).sort(1); } catch (e) { print(e.name); }
var t = new Uint8Array(6);
t.set([1, 2, 3]);
t.set(new Int8Array([-1, -2]), 3);
print(t.join());
t.set(t.subarray(0, 3), 2);
print(t.join());
try { t.set([1], 6); } catch (e) { print(e.name); }
try { t.set([1], -1); } catch (e) { print(e.name); }
var f = new Float64Array(new Uint8Array([0, 0, 0, 0, 0, 0, 240, 63]).buffer);
print(f.length + "," + f[0], Int8Array.from([1, 2, 3], x => x * 2).join(), Int8Array.from({ length: 2, 0: 9 }).join(), Int8Array.of(1, "2", 3).join());
print(Float32Array.from(new Set([0.5, 1.5])).join(), Uint8Array.from("123").join());
class My extends Uint8Array {}
print(My.from([1]) instanceof My, My.of(1, 2).length, Int8Array[Symbol.species] === Int8Array);
try { Int8Array.from.call({}, []); } catch (e) { print(e.name); }
try { Int8Array.prototype.join.call([1]); } catch (e) { print(e.name); }
try { Int8Array.prototype.length; } catch (e) { print(e.name); }
print(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), "length").get.call(new Int32Array(3)));
// species
class Sp extends Int8Array { static get [Symbol.species]() { return Uint8Array; } }
var sp = new Sp([1, 2, 3]);
print(sp.map(x => x + 1).constructor.name, sp.slice(1).constructor.name, sp.filter(x => x).constructor.name, sp.subarray(1).constructor.name);
class Bad extends Int8Array { static get [Symbol.species]() { return function () { return new Int8Array(1); }; } }
try { new Bad(3).slice(); } catch (e) { print(e.name); }
var mix = new Int8Array([1, 2, 3, 4]);
mix.constructor = { [Symbol.species]: Float64Array };
print(mix.slice(1, 3).join(), mix.slice(1, 3).constructor.name);
// expect: 5 3 undefined 5,1,4,2,3 5|1|4|2|3 5,1,4,2,3 5,1,4,2,3
// expect: true true
// expect: 0,1,2,3,4 5,1,4,2,3 0,5;1,1;2,4;3,2;4,3 5
// expect: true true 5 0 4 -1
// expect: 5@0true!,1@1true!,4@2true!,2@3true!,3@4true!
// expect: 500,100,400,200,300 true 5,1,3
// expect: 15 #51423 32415
// expect: TypeError
// expect: true false 2 -1 1 -1 -1
// expect: true -1 true
// expect: 1,4 2,3 0 1,4 6
// expect: 77 3 true
// expect: 4,5,3,4,5 1,1,2,3,5 1,2,3,2,5
// expect: 7,7,7,7 0,7,7,0 1.5,1.5 0,0,44
// expect: 3,2,1 4,3,2,1
// expect: -1,2,3,10 -Infinity,0,0,1,3,NaN -Infinity
// expect: 3,2,1 1,2,3 1,2,9
// expect: RangeError
// expect: TypeError
// expect: 1,2,3,255,254,0
// expect: 1,2,1,2,3,0
// expect: RangeError
// expect: RangeError
// expect: 1,1 2,4,6 9,0 1,2,3
// expect: 0.5,1.5 1,2,3
// expect: true 2 true
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: 3
// expect: Uint8Array Uint8Array Uint8Array Uint8Array
// expect: TypeError
// expect: 2,3 Float64Array
