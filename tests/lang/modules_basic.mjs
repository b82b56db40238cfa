// ES modules: named/default/namespace imports, live bindings, re-exports, import.meta, import()
import def, { counter, increment, Klass as K } from "./modules_lib_FIXTURE.mjs";
import * as ns from "./modules_lib_FIXTURE.mjs";
import { again, star } from "./modules_reexport_FIXTURE.mjs";
print(def(), counter, typeof K); // expect: default-fn 0 function
increment(); increment();
print(counter, ns.counter, again === ns.counter); // expect: 2 2 true
print(Object.keys(ns).join(), Object.prototype.toString.call(ns)); // expect: Klass,counter,default,increment [object Module]
print(star, Object.isFrozen(ns), Reflect.getPrototypeOf(ns)); // expect: from-star false null
try { ns.counter = 5; } catch (e) { print(e.name); } // expect: TypeError
try { counter = 1; } catch (e) { print(e.name); } // expect: TypeError
print(this === undefined, typeof import.meta, import.meta.url.endsWith("modules_basic.mjs")); // expect: true object true
const dyn = await import("./modules_lib_FIXTURE.mjs");
print(dyn === ns, dyn.counter); // expect: true 2
import("./modules_missing_FIXTURE.mjs").catch(e => print("missing:", e instanceof Error)); // expect: missing: true
