import { b } from "./modules_cycle_b_FIXTURE.mjs";
export const a = "A";
export function useB() { return b; }
