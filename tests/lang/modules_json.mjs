// ES2025 import attributes and JSON modules.
import data from "./modules_json_FIXTURE.json" with { type: "json" };
import { default as again } from "./modules_json_FIXTURE.json"
  with { 'type': "json" };
import * as ns from "./modules_json_FIXTURE.json" with { type: "json" };
import arr from "./modules_json_array_FIXTURE.json" with { type: "json" };
import { data as viaExport, ns as ns2 } from "./modules_json_reexport_FIXTURE.mjs";
import "./modules_lib_FIXTURE.mjs" with {};

print(data.name, data.list.join("|"), data.nested.a !== undefined);   // expect: cryo 1|2.5|true||xé true
// JSON.parse semantics: "__proto__" is an own data property, not the prototype
print(Object.getPrototypeOf(data) === Object.prototype, data.__proto__); // expect: true 7
print(data === again, data === ns.default, data === viaExport, ns === ns2);  // expect: true true true true
print(Object.keys(ns).join(), Object.isExtensible(data));             // expect: default true
print(arr.length, arr[1], Array.isArray(arr));                         // expect: 2 three true
data.added = 1;
print(again.added);                                                    // expect: 1

// dynamic import: same module record, `with` option
const d = await import("./modules_json_FIXTURE.json", { with: { type: "json" } });
print(d.default === data, d === ns);                                   // expect: true true
const d2 = await import("./modules_json_array_FIXTURE.json", { with: { type: "json" }, },);
print(d2.default === arr);                                             // expect: true

async function fails(label, promise) {
  try { await promise; print(label, "resolved"); }
  catch (e) { print(label, e.constructor.name, e.message.replace(/'[^']*\//g, "'")); }
}
// a JSON file without the attribute is an error
await fails("noattr", import("./modules_json_FIXTURE.json"));
// expect: noattr TypeError Cannot import JSON file 'modules_json_FIXTURE.json' without the import attribute with { type: 'json' }
await fails("text", import("./modules_json_FIXTURE.json", { with: { type: "text" } }));
// expect: text TypeError import attributes: type 'text' is not supported
await fails("key", import("./modules_json_FIXTURE.json", { with: { type: "json", mode: "x" } }));
// expect: key SyntaxError unsupported import attribute 'mode' (only 'type' is supported)
await fails("nonstr", import("./modules_json_FIXTURE.json", { with: { type: 1 } }));
// expect: nonstr TypeError import attribute values must be strings
await fails("opts", import("./modules_json_FIXTURE.json", 1));
// expect: opts TypeError import() options must be an object
await fails("with", import("./modules_json_FIXTURE.json", { with: "json" }));
// expect: with TypeError import() options.with must be an object
await fails("undef", import("./modules_lib_FIXTURE.mjs", { with: undefined }));
// expect: undef resolved
// a JavaScript file imported as JSON: JSON.parse fails with a SyntaxError
await fails("js", import("./modules_lib_FIXTURE.mjs", { with: { type: "json" } }));
// expect: js SyntaxError Unexpected token e in JSON at position 0
