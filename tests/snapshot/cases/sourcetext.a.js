// An ASCII script's source text is kept as UTF-8 bytes (like a wide one) and packed by the
// snapshot writer; after a restore Function.prototype.toString decodes it once and keeps the
// text until the next collection (function.c). Functions from this file and from an eval'd
// string (kept as the caller's string), called in turn, with collections in between.
function alpha(x) { return x + 1; }
function beta(y) { /* a comment that the source text keeps */ return y * 2; }
var gamma = (a, b) => a - b;
class Delta { method() { return "delta"; } static create() { return new Delta(); } }
var evalled = eval("(function epsilon() { return 'from eval'; })");
var filler = [];
for (var i = 0; i < 40; i++) filler.push("line " + i + " of padding so that this script is well over 512 bytes long");
print("A", alpha.toString(), gamma.toString().length, Delta.prototype.method.toString());
// expect: A function alpha(x) { return x + 1; } 15 method() { return "delta"; }
