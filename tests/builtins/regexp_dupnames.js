// Duplicate named capture groups (ES2025): names may repeat in different alternatives.
// Expectations follow the ES2025 spec (node 20 predates the feature); test262's
// regexp-duplicate-named-groups tests pass.
var re = /(?<y>\d{4})-\d\d|\d\d-(?<y>\d{4})/;
print(re.exec("12-1999").groups.y, re.exec("2020-01").groups.y, JSON.stringify(Object.keys(re.exec("x 12-1999").groups)));
print(/(?:(?<a>x)|(?<a>y))\k<a>/.exec("yy")[0], /(?:(?<a>x)|(?<a>y))\k<a>/.test("xy"));
print("12-1999 2020-03".replace(/(?<y>\d{4})-\d\d|\d\d-(?<y>\d{4})/g, "[$<y>]"));
var d = /(?<a>x)|(?<a>y)/d.exec("y"); print(JSON.stringify(d.indices.groups), JSON.stringify(d.groups));
try { new RegExp("(?<a>x)(?<a>y)"); } catch (e) { print(e.name); }
try { new RegExp("(?<a>x)|(?:(?<a>y)|(?<a>z))"); print("ok"); } catch (e) { print(e.name); }
try { new RegExp("(?:(?<a>x)|y)(?<a>z)"); print("ok"); } catch (e) { print(e.name); }
try { new RegExp("(?<a>(?<a>x)|y)"); print("ok"); } catch (e) { print(e.name); }
print(/(?:(?:(?<a>x)|(?<a>y))\k<a>){2}/.exec("xxyy")[0]);

// expect: 1999 2020 ["y"]
// expect: yy false
// expect: [1999] [2020]
// expect: {"a":[0,1]} {"a":"y"}
// expect: SyntaxError
// expect: ok
// expect: SyntaxError
// expect: SyntaxError
// expect: xxyy
