// flags: --gc-stress
// JSON.stringify of a Proxy: the object being serialized stays rooted while its ownKeys
// trap runs (a collection there used to leave a stale reference: a crash under GC stress).
var target = { a: 1, b: { c: [1, 2] } };
var p = new Proxy(target, {
    ownKeys: function (t) { var junk = []; for (var i = 0; i < 50; i++) junk.push({ i: i }); return Reflect.ownKeys(t); },
});
print(JSON.stringify(p));                      // expect: {"a":1,"b":{"c":[1,2]}}
print(JSON.stringify({ x: p, y: [p] }));       // expect: {"x":{"a":1,"b":{"c":[1,2]}},"y":[{"a":1,"b":{"c":[1,2]}}]}
