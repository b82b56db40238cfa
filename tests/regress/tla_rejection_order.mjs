// When an async module rejects, its own import() promise is rejected before those of the
// modules waiting on it (AsyncModuleExecutionRejected: leaf to root). cryo rejected the
// parents first (found by test262 language/module-code/top-level-await/rejection-order.js).
import { p1, aStarted, bStarted } from "./tla_rejection_order_setup_FIXTURE.mjs";
const logs = [];
const all = Promise.all([
  bStarted.promise.then(() => import("./tla_rejection_order_a_FIXTURE.mjs").finally(() => logs.push("A")).catch(() => {})),
  import("./tla_rejection_order_b_FIXTURE.mjs").finally(() => logs.push("B")).catch(e => logs.push("B rejected " + e)),
]);
Promise.all([aStarted.promise, bStarted.promise]).then(() => p1.reject("boom"));
all.then(() => print(logs.join()));
// expect: B,A,B rejected boom
