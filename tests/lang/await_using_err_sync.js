// `await using` only in async code: elsewhere `await` is an identifier, and `await using x`
// is not an expression
function f() { await using x = null; }
// expect syntax error: SyntaxError
