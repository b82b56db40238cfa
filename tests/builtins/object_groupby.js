// Object.groupBy (ES2024).
var g = Object.groupBy([1, 2, 3, 4, 5], function (x, i) { return x % 2 ? 'odd' : 'even'; });
print(Object.getPrototypeOf(g), Object.keys(g).join()); // expect: null odd,even
print(g.odd.join(), g.even.join(), Array.isArray(g.odd)); // expect: 1,3,5 2,4 true
var idx = [];
Object.groupBy('abc', function (c, i) { idx.push(i); return c; });
print(idx.join()); // expect: 0,1,2
var h = Object.groupBy([1.5, 2.5, 1.2], Math.floor);
print(Object.keys(h).join(), h[1].join()); // expect: 1,2 1.5,1.2
try { Object.groupBy([1], 'nope'); } catch (e) { print(e.constructor.name); } // expect: TypeError
try { Object.groupBy(null, function () {}); } catch (e) { print(e.constructor.name); } // expect: TypeError
print(Object.groupBy.length); // expect: 2
