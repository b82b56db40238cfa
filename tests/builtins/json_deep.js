// JSON: deep nesting parses (iteratively) and stringifies within the C-depth limit
// skip-sanitize
var deep = ""; for (var i = 0; i < 5000; i++) deep += "["; for (var i = 0; i < 5000; i++) deep += "]";
var d = JSON.parse(deep); var n = 0; while (Array.isArray(d) && d.length) { d = d[0]; n++; } print(n);
var mid = ""; for (var i = 0; i < 1000; i++) mid += "{\"a\":"; mid += "1"; for (var i = 0; i < 1000; i++) mid += "}";
print(JSON.stringify(JSON.parse(mid)) === mid);
var tooDeep = []; for (var i = 0; i < 1000000; i++) tooDeep = [tooDeep];
try { JSON.stringify(tooDeep); print("no error"); } catch (e) { print(e.name); }
// expect: 4999
// expect: true
// expect: RangeError
