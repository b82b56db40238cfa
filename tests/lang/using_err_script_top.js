// `using` is not allowed at the top level of a script
using x = null;
// expect syntax error: using declarations are not allowed at the top level of a script
