// Seed program of the loader fuzzer (make fuzz): a small heap holding a packed string and
// packed source text (this file's own UTF-8 text: it has characters above U+00FF — ☃).
var packed = ("snow \u2603 and \ud83d\ude00, " + "a lone \ud800 surrogate; ").repeat(40);
var huffman = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x3b1 + i % 24) + (i * 7919 % 1000)).join(" ");
function f0(a) { return packed.length + a; }   function f1(a) { return packed.length + a * 2; }
function f2(a) { return packed.length + a * 3; } function f3(a) { return packed.length + a * 4; }
function f4(a) { return packed.length + a * 5; } function f5(a) { return packed.length + a * 6; }
function f6(a) { return packed.length + a * 7; } function f7(a) { return packed.length + a * 8; }
function f8(a) { return packed.length + a * 9; } function f9(a) { return packed.length + a * 10; }
