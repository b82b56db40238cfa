var texts = [];
for (var round = 0; round < 3; round++) {
  texts.push(beta.toString(), alpha.toString(), Delta.create.toString(), evalled.toString());
  var junk = [];
  for (var j = 0; j < 200000; j++) junk.push({ j });   // collections between the rounds
}
print("B", texts.length, texts[0], texts[2], texts[3]);
// expect: B 12 function beta(y) { /* a comment that the source text keeps */ return y * 2; } create() { return new Delta(); } function epsilon() { return 'from eval'; }
print("B", texts[4] === texts[0], texts[9] === texts[1], texts[11] === texts[3], String(Delta).length);
// expect: B true true true 84
