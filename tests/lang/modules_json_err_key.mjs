// Only the `type` import attribute is supported: any other key is a SyntaxError.
print("not reached");
export * from "./modules_lib_FIXTURE.mjs" with { integrity: "x" };
// expect syntax error: unsupported import attribute
