var rest = [];
for (var m; (m = emoji.exec(text)) !== null;) rest.push(m.index + ":" + m[0].length);
print("B", rest.join(" "), emoji.lastIndex, emoji.flags, emoji.unicodeSets);
// expect: B 13:4 17:3 20:1 0 gv true
print("B", sets.exec("xabc")[0], sets.exec("xab"), folded.test("ABC1\uFE0F\u20E3abc"), behind.exec(family + "!")[1] === family, behind.exec("abc!")[1]);
// expect: B abc null true true abc
print("B", text.replace(/\p{RGI_Emoji}/gv, "E"), /[\p{RGI_Emoji}--\p{RGI_Emoji}]/v.test(family), new RegExp(sets.source, sets.flags).test(flagFR));
// expect: B aEbEEEabc false true
