var resolveLater;
var pending = new Promise(r => { resolveLater = r; });
var log = [];
async function waiter() {
  log.push("start");
  const v = await pending;
  log.push("resumed " + v);
  return v * 2;
}
var result = waiter();
result.then(v => print("then", v, log.join("|")));
pending.then(v => print("reaction", v));
print("A", log.join("|"));
// expect: A start
