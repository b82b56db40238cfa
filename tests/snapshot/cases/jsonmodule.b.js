// Part B: after a restore the registry still holds both modules: import() yields the same
// namespace objects and the JSON module's default export keeps its identity and state.
import("./jsonmodule_FIXTURE.json", { with: { type: "json" } }).then(function (ns) {
    print(ns === jsonNs, ns.default.seen, ns.default.list.join()); // expect: true before 1,x,
    return import("./jsonmodule_FIXTURE.mjs");
}).then(function (ns) {
    ns.bump();
    print(ns === libNs, ns.counter, ns.data === jsonNs.default); // expect: true 1 true
}).catch(function (e) { print("error", e); });
