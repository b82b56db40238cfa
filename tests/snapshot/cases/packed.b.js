print("B", sum(holder.text), sum(holder.list[0]), sum(holder.list[1]), sum(holder.nested.deep[0][0]), sum(shortWide));
// expect: B 1403293328 -1877965011 -741053303 -545638400 1214521600
print("B", holder.text === text, holder.list[2] === text, text === unit.repeat(40), map.get(unit.repeat(40)), map.get("k") === astral);
// expect: B true true true by-text true
print("B", set.has(astral), set.has(astral.slice(0, 5) + astral.slice(5)), keyObj[shortWide + "\u0101"], sym.description === text.slice(0, 600));
// expect: B true true long key true
print("B", rope.length, rope.slice(2630, 2645).length, rope === text + shortWide, flatRope === astral + noisy);
// expect: B 2831 15 true true
print("B", re.test(text.slice(0, 700)), re.test("\u0100\u0100"), re.source.length > 700, evalFn(), evalFn.toString().length);
// expect: B true true true 600 639
print("B", closure() === astral + text, JSON.parse(JSON.stringify(holder)).list[0] === astral, astral.codePointAt(0), astral.at(-1).charCodeAt(0));
// expect: B true true 128512 55357
print("B", text.indexOf("\u034f"), text.lastIndexOf("wörld"), text.split("\n").length, big.length, big.slice(-4), noisy.charCodeAt(1999));
// expect: B 48 2284 41 10400000 t ☃  30810
print("B", wide.toString(), wide(), sum.toString().length);
// expect: B function wide() { return "ħéllo \u2603 wörld"; } ħéllo ☃ wörld 111
print("B", handlers.sigma.toString().length, handlers.pi({ id: 7, value: 2 }, { reply: r => r.kind + r.id + "=" + r.value }));
// expect: B 175 pi7=32
print("B", varied.length, varied.reduce(function (a, s) { return (a * 7 + sum(s)) | 0; }, 0) === variedSum);
// expect: B 120 true
