// JSON.parse source text access (ES2026): the reviver's context argument, JSON.rawJSON,
// JSON.isRawJSON and raw JSON in JSON.stringify.
function sources(text) {
    var out = [];
    JSON.parse(text, function (k, v, ctx) {
        out.push(k + "=" + ("source" in ctx ? ctx.source : "(none:" + typeof v + ")"));
        return v;
    });
    return out.join(" ");
}
print(sources('1.50'));                                       // expect: =1.50
print(sources(' -0 '));                                       // expect: =-0
print(sources('[1e3, "\\u0041b", true, false, null, 12345678901234567890]')); // expect: 0=1e3 1="\u0041b" 2=true 3=false 4=null 5=12345678901234567890 =(none:object)
print(sources('{"a": {"b": [ 0.10 ]}, "c": ""}'));          // expect: 0=0.10 b=(none:object) a=(none:object) c="" =(none:object)
print(sources('{"a": 1, "a": 2.0}'));                         // expect: a=2.0 =(none:object)
print(sources('[]'), sources('{}'));                          // expect: =(none:object) =(none:object)
// the context is a fresh ordinary object each time
var ctxs = [];
JSON.parse('[1, 2]', function (k, v, ctx) { ctxs.push(ctx); return v; });
print(ctxs.length, ctxs[0] !== ctxs[1], Object.getPrototypeOf(ctxs[0]) === Object.prototype, Object.keys(ctxs[0]).join()); // expect: 3 true true source
// a value the reviver changed before it is visited loses its source
print((function () {
    var out = [];
    JSON.parse('[1, 2, 3]', function (k, v, ctx) {
        if (k === "0") this[1] = 20;         // replaces the next element
        if (k === "1") this[2] = 3;          // same value as parsed: source kept
        out.push(k + ":" + ctx.source);
        return v;
    });
    return out.join(" ");
})());                                                        // expect: 0:1 1:undefined 2:3 :undefined
// keys added by the reviver are not visited (the key list is taken first); deleting works
print(JSON.stringify(JSON.parse('{"x": 1, "y": 2}', function (k, v, ctx) {
    if (k === "x") { this.z = 5; return undefined; }
    if (k === "z") return "z:" + ctx.source;
    return v;
})));                                                         // expect: {"y":2,"z":5}
// BigInt from the source text, the motivating use
var big = JSON.parse('{"id": 12345678901234567890}', function (k, v, ctx) {
    return typeof v === "number" && !Number.isSafeInteger(v) ? BigInt(ctx.source) : v;
});
print(typeof big.id, String(big.id));                         // expect: bigint 12345678901234567890
// two-byte source text
print(sources('["é", 1]'));                                   // expect: 0="é" 1=1 =(none:object)

// JSON.rawJSON / JSON.isRawJSON
var r = JSON.rawJSON("12345678901234567890");
print(JSON.isRawJSON(r), Object.getPrototypeOf(r), Object.isFrozen(r), r.rawJSON, Object.keys(r).join()); // expect: true null true 12345678901234567890 rawJSON
print(JSON.stringify({ big: r, list: [JSON.rawJSON('"s"'), JSON.rawJSON("null"), JSON.rawJSON("-1e-7")] })); // expect: {"big":12345678901234567890,"list":["s",null,-1e-7]}
print(JSON.stringify(r), JSON.stringify(JSON.rawJSON(true)), JSON.stringify([JSON.rawJSON(1.5)], null, 1)); // expect: 12345678901234567890 true [
// expect:  1.5
// expect: ]
print(JSON.isRawJSON({ rawJSON: "1" }), JSON.isRawJSON(1), JSON.isRawJSON(), JSON.isRawJSON(Object.freeze(Object.create(null)))); // expect: false false false false
function err(f) { try { f(); return "ok"; } catch (e) { return e.constructor.name; } }
print(err(() => JSON.rawJSON("")), err(() => JSON.rawJSON(" 1")), err(() => JSON.rawJSON("1\n")), err(() => JSON.rawJSON("\t1"))); // expect: SyntaxError SyntaxError SyntaxError SyntaxError
print(err(() => JSON.rawJSON("{}")), err(() => JSON.rawJSON("[1]")), err(() => JSON.rawJSON("1 2")), err(() => JSON.rawJSON("'x'"))); // expect: SyntaxError SyntaxError SyntaxError SyntaxError
print(err(() => JSON.rawJSON(Symbol())), err(() => JSON.rawJSON({ toString() { return "7"; } }))); // expect: TypeError ok
print(JSON.rawJSON.length, JSON.isRawJSON.length, JSON.rawJSON.name);   // expect: 1 1 rawJSON
// toJSON and the replacer may produce raw JSON; a raw object's own toJSON is never consulted
print(JSON.stringify({ d: { toJSON() { return JSON.rawJSON("1.0"); } } }, function (k, v) { return k === "e" ? JSON.rawJSON("2") : v; })); // expect: {"d":1.0}
print(JSON.stringify({ e: 0 }, function (k, v) { return k === "e" ? JSON.rawJSON("2") : v; })); // expect: {"e":2}
// rawJSON objects survive a round of structured use
var o = { n: JSON.rawJSON("1e400") };
print(JSON.stringify(o), JSON.parse(JSON.stringify(o)).n);    // expect: {"n":1e400} Infinity
