// Array: constructor, statics, accessors and searching
print([1, 2, 3].length, new Array(5).length, Array(1, 2).join("-"), Array.of(7, 8).join());
print(Array.isArray([]), Array.isArray({}), Array.from("abc").join("|"), Array.from({ length: 3 }, (_, i) => i * 2).join());
print(Array.from(new Set([1, 2, 2, 3])).join(), Array.from([1, 2], function (x) { return x + this.k; }, { k: 10 }).join());
try { new Array(-1); } catch (e) { print(e.name, e instanceof RangeError); }
var a = [1, 2, 3, NaN, 2];
print(a.indexOf(2), a.lastIndexOf(2), a.indexOf(NaN), a.includes(NaN), a.at(-1), a.at(10));
print([1, 2, 3].indexOf(3, -1), [1, 2, 3].indexOf(1, 5), [, 1].indexOf(undefined), [, 1].includes(undefined));
print([5, 12, 8, 130].find(x => x > 10), [5, 12, 8, 130].findIndex(x => x > 10), [5, 12, 8, 130].findLast(x => x > 10), [5, 12, 8, 130].findLastIndex(x => x > 200));
print([1, [2, [3, [4]]]].flat().length, [1, [2, [3, [4]]]].flat(Infinity).join(), [1, 2].flatMap(x => [x, x * 2]).join());
print([1, 2, 3].concat([4, 5], 6, [[7]]).length, [].concat.call(1, 2).length);
var spreadable = { length: 2, 0: "a", 1: "b", [Symbol.isConcatSpreadable]: true };
print([0].concat(spreadable).join());
print([1, 2, 3, 4, 5].copyWithin(0, 3).join(), [1, 2, 3, 4, 5].copyWithin(1, 0, 3).join(), new Array(3).fill(7).join());
print([1, 2, 3].join(), [1, [2, [3]]].toString(), [null, undefined, 1].join("-"));
var cyc = [1, 2]; cyc.push(cyc); print(cyc.join());
print(Array.prototype.join.call({ length: 3, 0: "x", 2: "z" }, "+"));
print([1, 2, 3].keys().next().value, [...[7, 8].entries()].join(";"), [..."ab"].length);
print(Array.prototype[Symbol.iterator] === Array.prototype.values, Object.keys(Array.prototype[Symbol.unscopables]).length);
print(typeof [][Symbol.iterator]().next, Object.prototype.toString.call([][Symbol.iterator]()));
var it = [1, 2][Symbol.iterator](); it.next(); it.next(); print(JSON.stringify(it.next()));
print([3, 4].with(0, 9).join(), [1, 2, 3].toReversed().join(), [1, 2, 3, 4].toSpliced(1, 2, "x").join());
print(Array.from({ length: 2, 0: 1, 1: 2 }).join(), Array.prototype.at.call("xyz", 1));
class MyArr extends Array {}
var m = MyArr.from([1, 2, 3]);
print(m instanceof MyArr, m.map(x => x).constructor === MyArr, m.filter(x => x > 1).length);

// expect: 3 5 1-2 7,8
// expect: true false a|b|c 0,2,4
// expect: 1,2,3 11,12
// expect: RangeError true
// expect: 1 4 -1 true 2 undefined
// expect: 2 -1 -1 true
// expect: 12 1 130 -1
// expect: 3 1,2,3,4 1,2,2,4
// expect: 7 2
// expect: 0,a,b
// expect: 4,5,3,4,5 1,1,2,3,5 7,7,7
// expect: 1,2,3 1,2,3 --1
// expect: 1,2,
// expect: x++z
// expect: 0 0,7;1,8 2
// expect: true 16
// expect: function [object Array Iterator]
// expect: {"done":true}
// expect: 9,4 3,2,1 1,x,4
// expect: 1,2 y
// expect: true true 2
