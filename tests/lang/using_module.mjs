// `using` and `await using` at the top level of a module: disposed when its body ends
var log = [];
await using a = { async [Symbol.asyncDispose]() { print("module async dispose", log.join()); } };
using b = { [Symbol.dispose]() { log.push("b"); } };
log.push("body");
print("end of body");
// expect: end of body
// expect: module async dispose body,b
