// Re-exports the JSON module under other names (export ... from ... with).
export { default as data } from "./modules_json_FIXTURE.json" with { type: "json" };
export * as ns from "./modules_json_FIXTURE.json" with { "type": 'json', };
