// A JavaScript module that imports the JSON module statically.
import data from "./jsonmodule_FIXTURE.json" with { type: "json" };
export let counter = 0;
export function bump() { counter++; }
export { data };
