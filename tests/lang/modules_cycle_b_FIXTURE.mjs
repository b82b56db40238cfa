import { a } from "./modules_cycle_a_FIXTURE.mjs";
export const b = "B";
try { a; } catch (e) { print("tdz", e.name); } // (printed first)
