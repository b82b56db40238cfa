// An unsupported `type` value fails the load (before anything runs).
print("not reached");
import text from "./modules_json_FIXTURE.json" with { type: "text" };
// expect error: Uncaught TypeError: import attributes: type 'text' is not supported
