var proto = { greet() { return "hi " + this.name; } };
var o = Object.create(proto);
o.name = "o";
var acc = { _v: 1, get v() { return this._v * 10; }, set v(x) { this._v = x; } };
var frozen = Object.freeze({ a: 1, nested: { b: 2 } });
var dense = [1, 2, 3, 4];
var sparse = []; sparse[5] = "five"; sparse[100000] = "far";
var sym = Symbol("local"), reg = Symbol.for("registered");
var withSyms = { [sym]: "local-val", [reg]: "reg-val" };
var d = new Date(Date.UTC(2020, 1, 29, 12, 30));
var err = new TypeError("bad thing", { cause: 42 });
function add(a, b) { return a + b; }
var add5 = add.bind(null, 5);
print("A", o.greet(), acc.v, Object.isFrozen(frozen), sparse.length);
// expect: A hi o 10 true 100001
