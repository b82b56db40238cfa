// JSON modules export only "default": a named import fails at link time.
print("not reached");
import { name } from "./modules_json_FIXTURE.json" with { type: "json" };
// expect error: Uncaught SyntaxError: The requested module
