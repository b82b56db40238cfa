// Part A: a JSON module and a JavaScript module loaded by import() before the snapshot.
var jsonNs, libNs;
import("./jsonmodule_FIXTURE.json", { with: { type: "json" } }).then(function (ns) {
    jsonNs = ns;
    ns.default.seen = "before";
    print(ns.default.name, ns.default.list.length, Object.keys(ns).join()); // expect: snap 3 default
});
import("./jsonmodule_FIXTURE.mjs").then(function (ns) {
    libNs = ns;
    print(ns.counter, ns.data === jsonNs.default); // expect: 0 true
});
