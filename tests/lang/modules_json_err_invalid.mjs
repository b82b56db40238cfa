// An invalid JSON module is a SyntaxError before anything runs.
print("not reached");
import bad from "./modules_json_bad_FIXTURE.json" with { type: "json" };
// expect error: Uncaught SyntaxError: Unexpected
