// JSON: parse, reviver, stringify, gap, toJSON, cycles, errors
print(JSON.stringify({ a: 1, b: [1, "x", null, true], c: { d: undefined, e: function () {} } }));
print(JSON.stringify([undefined, function () {}, Symbol()]), JSON.stringify(undefined), JSON.stringify("a\"b\n\u0001"));
print(JSON.stringify({ a: [1, { b: 2 }] }, null, 2));
print(JSON.stringify([1, [2, []], {}], null, "--"));
print(JSON.stringify({ a: 1, b: 2, c: 3 }, ["a", "c"]), JSON.stringify({ a: 1, b: "x" }, (k, v) => typeof v === "number" ? v * 10 : v));
print(JSON.stringify(new Date(0)), JSON.stringify({ toJSON(k) { return "key:" + k; } }), JSON.stringify({ x: { toJSON(k) { return k; } } }));
print(JSON.stringify([new Number(3), new String("s"), new Boolean(false), NaN, Infinity, -0]));
print(JSON.stringify("\uD800"), JSON.stringify("\uD83D\uDE00"), JSON.stringify({ "\n": 1 }));
var c = {}; c.self = c;
try { JSON.stringify(c); } catch (e) { print(e.name, e.message.split("\n")[0]); }
try { JSON.stringify(1n); } catch (e) { print(e.name); }
var p = JSON.parse('{"a":[1,2,{"b":null}],"c":"\\u0041\\n","d":-1.5e2,"e":true,"f":{}}');
print(p.a.length, p.a[2].b, JSON.stringify(p.c), p.d, p.e, Object.keys(p.f).length);
print(JSON.parse("  [1, 2.5, -0, 1e3, 0.1]  ").join(), 1 / JSON.parse("-0"), JSON.parse('"x"'), JSON.parse("null"));
print(JSON.parse('{"a":1,"a":2}').a, JSON.parse('{"__proto__":1}').__proto__, Object.keys(JSON.parse('{"2":1,"1":2,"x":3}')).join());
var bad = ["{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "tru", "[1] x", "", "{'a':1}", "\"a\nb\""];
bad.forEach(function (b) { try { JSON.parse(b); print("no error", b); } catch (e) { print(e.name); } });
print(JSON.stringify(JSON.parse('[1,[2,[3]]]', (k, v) => Array.isArray(v) ? v : v * 2)));
print(JSON.stringify(JSON.parse('{"a":1,"b":2}', (k, v) => k === "a" ? undefined : v)));
print(Object.prototype.toString.call(JSON), JSON[Symbol.toStringTag]);
print(JSON.stringify({ a: 1 }, null, 20).length, JSON.stringify([], null, 2), JSON.stringify({}, null, 2));
print(JSON.stringify({ 1: 1, a: 2, [Symbol()]: 3 }), JSON.stringify(Object.create({ inh: 1 })));

// expect: {"a":1,"b":[1,"x",null,true],"c":{}}
// expect: [null,null,null] undefined "a\"b\n\u0001"
// expect: {
// expect:   "a": [
// expect:     1,
// expect:     {
// expect:       "b": 2
// expect:     }
// expect:   ]
// expect: }
// expect: [
// expect: --1,
// expect: --[
// expect: ----2,
// expect: ----[]
// expect: --],
// expect: --{}
// expect: ]
// expect: {"a":1,"c":3} {"a":10,"b":"x"}
// expect: "1970-01-01T00:00:00.000Z" "key:" {"x":"x"}
// expect: [3,"s",false,null,null,0]
// expect: "\ud800" "😀" {"\n":1}
// expect: TypeError Converting circular structure to JSON
// expect: TypeError
// expect: 3 null "A\n" -150 true 0
// expect: 1,2.5,0,1000,0.1 -Infinity x null
// expect: 2 1 1,2,x
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: [2,[4,[6]]]
// expect: {"b":2}
// expect: [object JSON] JSON
// expect: 20 [] {}
// expect: {"1":1,"a":2} {}
