// `using` directly in a case clause is an early error
switch (0) { case 0: using x = null; }
// expect syntax error: not allowed directly in a case clause
