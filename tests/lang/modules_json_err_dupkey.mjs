// Duplicate import attribute keys are an early error.
print("not reached");
import data from "./modules_json_FIXTURE.json" with { type: "json", "typ\u0065": "json" };
// expect syntax error: duplicate import attribute key
