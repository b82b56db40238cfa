// String: constructor, statics, access, search, building
print(String(123), String(Symbol("x")), String(), new String("ab").length, typeof new String("a"));
print(String.fromCharCode(72, 105, 0x10041), String.fromCodePoint(0x1F600).length, String.raw`a\n${1}b`);
try { String.fromCodePoint(-1); } catch (e) { print(e.name); }
var s = "Hello, World";
print(s.at(-1), s.charAt(4), s.charCodeAt(1), s.codePointAt(0), s.charAt(99) === "", isNaN(s.charCodeAt(99)));
print("😀".codePointAt(0), "😀".codePointAt(1), "a".concat("b", 1, null));
print(s.indexOf("o"), s.indexOf("o", 5), s.lastIndexOf("o"), s.lastIndexOf("o", 5), s.indexOf(""), s.lastIndexOf(""));
print(s.includes("World"), s.startsWith("Hell"), s.endsWith("World"), s.startsWith("World", 7), s.endsWith("Hello", 5));
try { "a".startsWith(/a/); } catch (e) { print(e.name); }
print(s.slice(-5), s.slice(2, -2), s.substring(5, 2), s.substr(-5, 3), s.substr(1));
print("abc".padStart(6, "12"), "abc".padEnd(6), "|", "abc".padStart(2), "x".repeat(3), "".repeat(5) === "");
try { "a".repeat(-1); } catch (e) { print(e.name, e.message); }
print("  \t a b \n".trim() + "|", "  x ".trimStart() + "|", "|" + "  x ".trimEnd(), String.prototype.trimLeft === String.prototype.trimStart);
print("a,b,,c".split(","), "abc".split("").length, "a,b,c".split(",", 2), "abc".split().length, "".split(",").length, "".split("").length);
print("aXbXc".replace("X", "-"), "aXbXc".replaceAll("X", "-"), "abc".replace("b", "[$&$`$'$$]"), "abc".replace("b", (m, i, str) => m.toUpperCase() + i + str));
print("xx".replaceAll("", "-"), "abc".replace("z", "y"), "a$1".replace("a", "$1"));
print("İstanbul".toLowerCase().length, "ß".toUpperCase(), "ÿ".toUpperCase(), "ΑΣ".toLowerCase(), "abc".toUpperCase(), "ÀB".toLowerCase());
print("\u0041\u030A".normalize("NFC") === "\u00C5", "\u00C5".normalize("NFD").length, "ﬁ".normalize("NFKD"));
try { "a".normalize("X"); } catch (e) { print(e.name); }
print("a".localeCompare("b"), "b".localeCompare("a"), "a".localeCompare("a"), "\u0041\u030A".localeCompare("\u00C5"));
print("ab\uD800".isWellFormed(), "ab\uD800".toWellFormed().charCodeAt(2).toString(16), "ab".isWellFormed());
print([..."a😀b"].length, [..."a😀b"][1].length);
var it = "ab"[Symbol.iterator](); it.next(); it.next(); print(JSON.stringify(it.next()), Object.prototype.toString.call(it));
print("x".anchor('a"b'), "x".bold(), "x".link("u"), "x".fontsize(3), "x".sub());
print(new String("abc").valueOf(), String.prototype.toString.call("q"), Object("s") instanceof String);
try { String.prototype.valueOf.call({}); } catch (e) { print(e.name); }
try { String.prototype.trim.call(null); } catch (e) { print(e.name); }
print("abc".at(), "abc".substring(-1, 10), "abc".slice(NaN), "abc"[1], "abc".length);
print("aaa".lastIndexOf("a", -5), "abcabc".lastIndexOf("abc", 2), "abc".indexOf("c", -10));
var obj = { toString() { return "obj"; } }; print(String.prototype.concat.call(obj, "!"), "x".concat(obj));
print("a-b-c".split("-", 0).length, "test".split("t").join("|"), "ab".split("ab").length);

// expect: 123 Symbol(x)  2 object
// expect: HiA 2 a\n1b
// expect: RangeError
// expect: d o 101 72 true true
// expect: 128512 56832 ab1null
// expect: 4 8 8 4 0 12
// expect: true true true true true
// expect: TypeError
// expect: World llo, Wor llo Wor ello, World
// expect: 121abc abc    | abc xxx true
// expect: RangeError Invalid count value: -1
// expect: a b| x | |  x true
// expect: a,b,,c 3 a,b 1 1 0
// expect: a-bXc a-b-c a[bac$]c aB1abcc
// expect: -x-x- abc $1$1
// expect: 9 SS Ÿ ας ABC àb
// expect: true 2 fi
// expect: RangeError
// expect: -1 1 0 0
// expect: false fffd true
// expect: 3 2
// expect: {"done":true} [object String Iterator]
// expect: <a name="a&quot;b">x</a> <b>x</b> <a href="u">x</a> <font size="3">x</font> <sub>x</sub>
// expect: abc q true
// expect: TypeError
// expect: TypeError
// expect: a abc abc b 3
// expect: 0 0 2
// expect: obj! xobj
// expect: 0 |es| 2
