// for (using x in o) is an early error
function f() { for (using x in {}) {} }
// expect syntax error: for-in loop variable may not be a using declaration
