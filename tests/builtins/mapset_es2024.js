// Map.groupBy and the ES2025 Set methods (expectations written by hand: node 20 lacks them)
var grp = Map.groupBy([1, 2, 3, 4, 5], x => x % 2 ? "odd" : "even"); print(grp.get("odd").join(), grp.get("even").join(), [...grp.keys()].join());
var sa = new Set([1, 2, 3]), sb = new Set([2, 3, 4]);
print([...sa.union(sb)].join(), [...sa.intersection(sb)].join(), [...sa.difference(sb)].join(), [...sa.symmetricDifference(sb)].join());
print(sa.isSubsetOf(new Set([1, 2, 3, 4])), sa.isSupersetOf(new Set([1])), sa.isDisjointFrom(new Set([9])), sa.isDisjointFrom(sb));
// expect: 1,3,5 2,4 odd,even
// expect: 1,2,3,4 2,3 1 1,4
// expect: true true true false
