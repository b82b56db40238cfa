// cyclic imports and TDZ across modules, top-level await ordering
// expect: tdz ReferenceError
import { a, useB } from "./modules_cycle_a_FIXTURE.mjs";
print(a, useB()); // expect: A B
import { later } from "./modules_tla_FIXTURE.mjs";
print(later); // expect: after await
