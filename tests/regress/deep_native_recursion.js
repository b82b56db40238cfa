// Native recursion over deeply nested data (proxy chains, nested arrays, bound chains) ends
// in a RangeError, never a crash of the C stack (a chain of 300,000 proxies used to segfault).
// skip-gc-stress
function t(name, fn) { try { fn(); print(name, "ok"); } catch (e) { print(name, String(e)); } }
const N = 300000;
t("proxy get", () => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); p.x; });
t("proxy call", () => { let p = function(){}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); p(); });
t("bind", () => { let f = function(){}; for (let i = 0; i < N; i++) f = f.bind(null); f(); });
t("join", () => { let a = []; for (let i = 0; i < N; i++) a = [a]; a.join(); });
t("toString", () => { let a = []; for (let i = 0; i < N; i++) a = [a]; String(a); });
t("flat", () => { let a = []; for (let i = 0; i < N; i++) a = [a]; a.flat(Infinity); });
t("JSON.parse", () => { JSON.parse("[".repeat(N) + "]".repeat(N)); });
t("proto chain proxies has", () => { let p = {}; for (let i = 0; i < N; i++) p = Object.create(new Proxy(p, {})); "x" in p; });
t("structured", () => { let o = {}; for (let i = 0; i < N; i++) o = {o}; JSON.stringify(o); });
t("bound construct", () => { let f = function(){}; for (let i = 0; i < N; i++) f = f.bind(null); new f(); });
t("instanceof bound", () => { let f = function(){}; for (let i = 0; i < N; i++) f = f.bind(null); ({}) instanceof f; });
t("proxy ownKeys", () => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); Object.keys(p); });
t("proxy set", () => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); p.x = 1; });
t("getPrototypeOf", () => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); Object.getPrototypeOf(p); });
t("isArray", () => { let p = []; for (let i = 0; i < N; i++) p = new Proxy(p, {}); Array.isArray(p); });
t("revocable", () => { let p = {}; for (let i = 0; i < N; i++) p = Proxy.revocable(p, {}).proxy; p.x; });
// expect: proxy get RangeError: Maximum call stack size exceeded
// expect: proxy call RangeError: Maximum call stack size exceeded
// expect: bind ok
// expect: join RangeError: Maximum call stack size exceeded
// expect: toString RangeError: Maximum call stack size exceeded
// expect: flat RangeError: Maximum call stack size exceeded
// expect: JSON.parse ok
// expect: proto chain proxies has RangeError: Maximum call stack size exceeded
// expect: structured RangeError: Maximum call stack size exceeded
// expect: bound construct ok
// expect: instanceof bound RangeError: Maximum call stack size exceeded
// expect: proxy ownKeys RangeError: Maximum call stack size exceeded
// expect: proxy set RangeError: Maximum call stack size exceeded
// expect: getPrototypeOf RangeError: Maximum call stack size exceeded
// expect: isArray ok
// expect: revocable RangeError: Maximum call stack size exceeded
