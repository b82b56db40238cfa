// a using declaration needs an initializer
function f() { using x; }
// expect syntax error: missing initializer in using declaration
