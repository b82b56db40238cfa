// Error.isError (ES2026)
print(Error.isError(new Error()), Error.isError(new TypeError()), Error.isError({}), Error.isError(Object.create(Error.prototype))); // expect: true true false false
print(Error.isError(1), Error.isError(), Error.isError.length); // expect: false false 1
class E2 extends Error {}
print(Error.isError(new E2())); // expect: true
