// Array.fromAsync (ES2026): async iterables, sync iterables, array-likes, mapper, thisArg,
// the `this` constructor, iterator closing and rejection.
function show(p, label) {
    return p.then(function (a) { print(label, Array.isArray(a) ? "[" + a.join(",") + "]" : String(a)); },
                  function (e) { print(label, "rejected", e instanceof Error ? e.constructor.name + ": " + e.message : String(e)); });
}
var log = [];
async function* agen() { yield 1; yield Promise.resolve(2); yield 3; }
var chain = Promise.resolve()
    .then(() => show(Array.fromAsync(agen()), "asyncgen"))
    .then(() => show(Array.fromAsync([Promise.resolve("a"), "b", Promise.resolve("c")]), "sync"))
    .then(() => show(Array.fromAsync({ length: 3, 0: 10, 1: Promise.resolve(20), 2: 30 }), "arraylike"))
    .then(() => show(Array.fromAsync(new Set([1, 2, 3]), function (x, i) { return x * this.m + i; }, { m: 10 }), "mapper"))
    .then(() => show(Array.fromAsync([1, 2], async (x) => x + 0.5), "asyncmapper"))
    .then(() => show(Array.fromAsync("héllo"), "string"))
    .then(() => show(Array.fromAsync({ length: 0 }), "empty"))
    .then(() => show(Array.fromAsync([1], 5), "badmapper"))
    .then(() => Array.fromAsync(null).catch((e) => print("null rejected", e.constructor.name)))
    .then(() => show(Array.fromAsync([Promise.reject(new RangeError("boom"))]), "rejectedvalue"))
    .then(function () {
        // a custom constructor: iterables construct with no arguments, array-likes with len
        function C() { log.push("C(" + Array.prototype.join.call(arguments) + ")"); }
        return Promise.all([Array.fromAsync.call(C, [7, 8]), Array.fromAsync.call(C, { length: 2, 0: "x", 1: "y" })])
            .then(function (r) { print("ctor", log.join(" "), r[0] instanceof C, r[0].length, r[0][1], r[1].length, r[1][0]); });
    })
    .then(function () {
        // a non-constructor `this` makes a plain array
        return Array.fromAsync.call({}, [1, 2]).then(function (a) { print("nonctor", Array.isArray(a), a.length); });
    })
    .then(function () {
        // the mapper throwing closes the iterator (return() is awaited) and rejects
        var closed = 0;
        var it = {
            [Symbol.asyncIterator]() { return this; },
            i: 0,
            next() { return Promise.resolve({ value: this.i++, done: false }); },
            return() { closed++; return Promise.resolve({ done: true }); },
        };
        return show(Array.fromAsync(it, function (x) { if (x === 2) throw new TypeError("stop"); return x; }), "mapthrow")
            .then(() => print("closed", closed, "at", it.i));
    })
    .then(function () {
        // a rejected mapper promise closes too; a rejecting next() does not
        var closed = 0, it = {
            [Symbol.asyncIterator]() { return this; },
            next() { return Promise.reject(new SyntaxError("next failed")); },
            return() { closed++; return {}; },
        };
        return show(Array.fromAsync(it), "nextreject").then(function () {
            var c2 = 0, it2 = {
                [Symbol.asyncIterator]() { return this; },
                next() { return { value: 1, done: false }; },
                return() { c2++; return {}; },
            };
            return show(Array.fromAsync(it2, () => Promise.reject("no")), "mapreject").then(() => print("closed", closed, c2));
        });
    })
    .then(function () {
        // a non-object result of next() rejects with a TypeError
        var it = { [Symbol.asyncIterator]() { return { next() { return 5; } }; } };
        return show(Array.fromAsync(it), "nonobject");
    })
    .then(function () {
        // async iterator is preferred over the sync one; the sync one is not even looked up
        var o = { get [Symbol.asyncIterator]() { log.push("async"); return undefined; },
                  get [Symbol.iterator]() { log.push("sync"); return function () { return [4, 5][Symbol.iterator](); }; } };
        log = [];
        return show(Array.fromAsync(o), "lookup").then(() => print(log.join()));
    });
// the call itself never throws synchronously, and returns a %Promise%
var p = Array.fromAsync(undefined);
print(p instanceof Promise, Array.fromAsync.length, Array.fromAsync.name); // expect: true 1 fromAsync
p.catch(function () {});
chain.then(() => print("done"));
// expect: asyncgen [1,2,3]
// expect: sync [a,b,c]
// expect: arraylike [10,20,30]
// expect: mapper [10,21,32]
// expect: asyncmapper [1.5,2.5]
// expect: string [h,é,l,l,o]
// expect: empty []
// expect: badmapper rejected TypeError: 5 is not a function
// expect: null rejected TypeError
// expect: rejectedvalue rejected RangeError: boom
// expect: ctor C() C(2) true 2 8 2 x
// expect: nonctor true 2
// expect: mapthrow rejected TypeError: stop
// expect: closed 1 at 3
// expect: nextreject rejected SyntaxError: next failed
// expect: mapreject rejected no
// expect: closed 0 1
// expect: nonobject rejected TypeError: Iterator result is not an object
// expect: lookup [4,5]
// expect: async,sync
// expect: done
