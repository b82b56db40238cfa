// spread, template literals, tagged templates, object literals
var arr = [1, 2, 3];
print([0, ...arr, 4].join(), [...""].length, [..."abc"].join("-")); // expect: 0,1,2,3,4 0 a-b-c
print(Math.max(...arr), Math.max(...arr, 10)); // expect: 3 10
var holes = [1, , 3]; print(holes.length, 1 in holes, [...holes].join()); // expect: 3 false 1,,3
var obj = { a: 1, ...{ b: 2, c: 3 }, d: 4, ...null, ...undefined }; print(JSON.stringify(obj)); // expect: {"a":1,"b":2,"c":3,"d":4}
var name = "world"; print(`hello ${name}! ${1 + 1} ${[1, 2]}`); // expect: hello world! 2 1,2
print(`line1
line2`); // expect: line1
// expect: line2
function tag(strings, ...vals) { return strings.raw.join("|") + "/" + strings.join("|") + "/" + vals.join(","); }
print(tag`a${1}b${2}c\n`); // expect: a|b|c\n/a|b|c
// expect: /1,2
function same(s) { return s; } var t1 = []; for (var i = 0; i < 2; i++) t1.push(same`x`); print(t1[0] === t1[1], Object.isFrozen(t1[0])); // expect: true true
var k = "key"; var lit = { [k]: 1, [k + "2"]: 2, 3: "three", "str": 4, short() { return "s"; }, get g() { return "got"; } };
print(lit.key, lit.key2, lit[3], lit.str, lit.short(), lit.g); // expect: 1 2 three 4 s got
var x = 1, y = 2; var sh = { x, y }; print(sh.x + sh.y); // expect: 3
var protoObj = { __proto__: { inherited: true } }; print(protoObj.inherited, Object.keys(protoObj).length); // expect: true 0
print(`${{ toString() { return "ts"; } }}`); // expect: ts
print(String.raw`\u{41}\x`); // expect: \u{41}\x
var dup = { a: 1, a: 2 }; print(dup.a); // expect: 2
print(Object.keys({ b: 1, a: 2, 1: 3, 0: 4 }).join()); // expect: 0,1,b,a
function f(...args) { return args.length; } print(f(...[1, 2], ...new Set([3, 4]))); // expect: 4
print(new Array(...[3]).length, new Date(...[2020, 0, 1]).getFullYear()); // expect: 3 2020
