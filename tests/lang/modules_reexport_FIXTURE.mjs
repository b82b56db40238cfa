export { counter as again } from "./modules_lib_FIXTURE.mjs";
export * from "./modules_star_FIXTURE.mjs";
