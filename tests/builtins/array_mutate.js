// Array: mutators, sort, species, holes, generic array-likes
var a = [1, 2, 3];
print(a.push(4, 5), a.join(), a.pop(), a.shift(), a.unshift(0, 1), a.join());
print(a.reverse().join(), a.splice(1, 2).join(), a.join(), a.splice(1, 0, "a", "b").length, a.join());
print(a.slice(1, 3).join(), a.slice(-2).join(), a.slice().length);
var o = { length: 2, 0: "a", 1: "b" };
Array.prototype.push.call(o, "c"); print(o.length, o[2]);
print(Array.prototype.pop.call(o), o.length);
var s = [5, 1, 10, 2, 100];
print(s.sort().join(), s.sort((x, y) => x - y).join(), s.toSorted((x, y) => y - x).join(), s.join());
print([3, undefined, 1, , 2].sort().length, String([3, undefined, 1, , 2].sort()), 3 in [3, undefined, 1, , 2].sort());
var stable = [];
for (var i = 0; i < 50; i++) stable.push({ k: i % 3, i: i });
stable.sort((x, y) => x.k - y.k);
var ok = true;
for (var i = 1; i < 50; i++) if (stable[i - 1].k === stable[i].k && stable[i - 1].i > stable[i].i) ok = false;
print("stable", ok, stable[0].i, stable[49].i);
try { [2, 1].sort((x, y) => { throw new Error("cmp"); }); } catch (e) { print(e.message); }
try { [1].sort(1); } catch (e) { print(e.name); }
var big = []; for (var i = 0; i < 1000; i++) big.push((i * 7919) % 1000);
big.sort((x, y) => x - y); var sorted = true; for (var i = 1; i < 1000; i++) if (big[i - 1] > big[i]) sorted = false; print(sorted);
print([1, 2, 3].map(x => x * 2).join(), [1, 2, 3, 4].filter(x => x % 2).join(), [1, 2, 3].reduce((p, c) => p + c), [1, 2, 3].reduceRight((p, c) => p + c, ""));
print([1, 2].every(x => x > 0), [1, 2].some(x => x > 1), [, 1, , 2].map(x => x).length, 0 in [, 1].map(x => x));
var cnt = 0; [1, , 3].forEach(() => cnt++); print(cnt);
try { [].reduce((a, b) => a); } catch (e) { print(e.name); }
try { [].forEach(1); } catch (e) { print(e.name); }
var arr = [1, 2, 3]; arr.length = 1; print(arr.join(), arr.length);
var sp = [1, 2, 3]; sp.constructor = { [Symbol.species]: function (n) { return { length: 0, made: n }; } };
var r = sp.map(x => x); print(r.made, r[2], r.length);
print([].concat(1, [2], [[3]]).length, [1, 2, 3].splice(-1).join(), [1, 2, 3, 4, 5].splice(1, 1, 9, 9).join());
var big2 = new Array(10); big2[9] = 1; print(big2.indexOf(1), big2.lastIndexOf(1), big2.join("").length);
var u = [1, 2, 3]; print(u.unshift(), u.length, [].pop(), [].shift());
print(Array.prototype.slice.call("abc", 1).join(), Array.prototype.map.call("ab", x => x + x).join());
function args() { return Array.prototype.slice.call(arguments, 1); } print(args(1, 2, 3).join());
var holes = [1, , 3]; holes.reverse(); print(1 in holes, holes.join());
print([0, -0, NaN].includes(-0), [NaN].indexOf(NaN), [1, 2, 3].fill(0, 1, 2).join());
print([10, 1, 5].toSorted().join(), ["b", "a", "c"].sort().reverse().join(""));

// expect: 5 1,2,3,4,5 5 1 5 0,1,2,3,4
// expect: 4,3,2,1,0 3,2 4,1,0 0 4,a,b,1,0
// expect: a,b 1,0 5
// expect: 3 c
// expect: c 2
// expect: 1,10,100,2,5 1,2,5,10,100 100,10,5,2,1 1,2,5,10,100
// expect: 5 1,2,3,, true
// expect: stable true 0 47
// expect: cmp
// expect: TypeError
// expect: true
// expect: 2,4,6 1,3 6 321
// expect: true true 4 false
// expect: 2
// expect: TypeError
// expect: TypeError
// expect: 1 1
// expect: 3 3 0
// expect: 3 3 2
// expect: 9 9 1
// expect: 3 3 undefined undefined
// expect: b,c aa,bb
// expect: 2,3
// expect: false 3,,1
// expect: true -1 1,0,3
// expect: 1,10,5 cba
