// flags: --test262
// Part A: a second realm (and a third made by it) with state in each, a suspended generator
// and an async function of the second realm waiting on a promise of ours, and a job it queued.
var $two = $262.createRealm();
var two = $two.global;
$two.evalScript("let tally = 0; var made = []; function bump(n) { tally += n; made.push([]); return tally; }");
var gen = two.eval("(function* () { var x = yield [] instanceof Array; yield [x, tally, [] instanceof Array]; })")();
print(gen.next().value, two.bump(2), [] instanceof Array); // expect: true 2 true
var resolveLater;
var waiting = new Promise(function (r) { resolveLater = r; });
two.eval("(async function (p) { var v = await p; print('awaited', v, tally, [] instanceof Array); })")(waiting);
var three = $two.createRealm().global;
three.eval("var deep = { kind: 'third' }");
var C = new two.Function();
C.prototype = null;
print(two.made[0] instanceof two.Array, two.made[0] instanceof Array, three.deep.kind); // expect: true false third
