// Line tables are packed in blocks of 32 entries (funcdef.h "Packed position tables"); a
// position lookup binary-searches the blocks. Errors thrown from statements spread over
// several blocks of one long function (and of a long script) must report their own
// line:column: in `long`, line 2 + i holds statement i, indented by 1 + (7 * i) % 23.
function pos(e) { return e.stack.split("\n")[0].replace(/^.*:(\d+:\d+)\)?$/, "$1"); }
var src = ["function long(k) {"];
for (var i = 0; i < 120; i++)
    src.push(" ".repeat(1 + (i * 7) % 23) + (i % 13 ? "var v" + i + " = k + " + i + "; if (v" + i + " < 0) throw v" + i + ";" : "if (k === " + i + ") null.p;"));
src.push("}", "long;");
var long = (0, eval)(src.join("\n"));
var out = [];
for (var k = 0; k < 120; k += 13) try { long(k); } catch (e) { out.push(pos(e)); }
print(out.join(" "));
var script = [];
for (var j = 0; j < 60; j++) script.push("var w" + j + " = " + j + ";");
script.push("  null.q;");
try { (0, eval)(script.join("\n")); } catch (e) { print(pos(e)); }
// expect: 2:15 15:38 28:37 41:36 54:35 67:34 80:33 93:32 106:32 119:31
// expect: 61:3
