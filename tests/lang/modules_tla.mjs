// Top-level await: a sibling without TLA is not blocked by a waiting module; importers
// run after their async dependencies; import() of a waiting module waits for it; a failed
// async module rejects every import() of it with the same error.
import { value } from "./modules_tla_slow_FIXTURE.mjs";
import { sib } from "./modules_tla_sibling_FIXTURE.mjs";
print("main", value, sib);
const ns = await import("./modules_tla_slow_FIXTURE.mjs");
print("imported", ns.value);
let e1, e2;
try { await import("./modules_tla_fail_FIXTURE.mjs"); } catch (e) { e1 = e; print("first", e.name, e.message); }
try { await import("./modules_tla_fail_FIXTURE.mjs"); } catch (e) { e2 = e; print("second", e.name, e1 === e2); }
const order = [];
Promise.resolve().then(() => order.push("tick1")).then(() => order.push("tick2"));
await null;
print(order.join());

// expect: slow start
// expect: sibling
// expect: slow end
// expect: main done 1
// expect: imported done
// expect: first RangeError tla failed
// expect: second RangeError true
// expect: tick1
