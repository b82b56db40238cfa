// `using` declarations bind identifiers only
{ using x = null, { y } = {}; }
// expect syntax error: using declarations may not contain binding patterns
