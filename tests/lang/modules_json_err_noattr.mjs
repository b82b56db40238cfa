// A JSON file imported without `with { type: "json" }` fails before anything runs.
print("not reached");
import data from "./modules_json_FIXTURE.json";
// expect error: Uncaught TypeError: Cannot import JSON file
