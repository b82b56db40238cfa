// Regression: String, Number, Date and the Function constructors (Function,
// GeneratorFunction, AsyncFunction, AsyncGeneratorFunction) held new.target in an unrooted C
// local across ToString/ToNumber of their arguments, which may run JavaScript and collect;
// GetPrototypeFromConstructor then read a moved object (crash or wrong prototype).
// Each case runs in its own job with an empty job queue, so the job that churn() enqueues
// adds a root cell and shifts every object the stack references: a stale Value then names
// a different cell.
// flags: --gc-stress
function check(name, C, args) {
  function NT() {}
  var P = Object.create(C.prototype);
  NT.prototype = P;
  var o = Reflect.construct(C, args, NT);
  print(name, Object.getPrototypeOf(o) === P);
}
function churn() { Promise.resolve().then(function () {}); }
var v = { valueOf() { churn(); return 1; }, toString() { churn(); return "a"; } };
var big = { valueOf() { churn(); return 5n; } };
var cases = [
  ['String', String, [v]],
  ['Number', Number, [v]],
  ['Number(BigInt)', Number, [big]],
  ['Date', Date, [v]],
  ['Date(fields)', Date, [v, v, v, v, v, v, v]],
  ['Function', Function, [v, v]],
  ['GeneratorFunction', Object.getPrototypeOf(function* () {}).constructor, [v]],
  ['AsyncFunction', Object.getPrototypeOf(async function () {}).constructor, [v]],
  ['AsyncGeneratorFunction', Object.getPrototypeOf(async function* () {}).constructor, [v]],
];
function next(i) {
  if (i < cases.length) Promise.resolve().then(function () { check.apply(null, cases[i]); next(i + 1); });
}
next(0);
// expect: String true
// expect: Number true
// expect: Number(BigInt) true
// expect: Date true
// expect: Date(fields) true
// expect: Function true
// expect: GeneratorFunction true
// expect: AsyncFunction true
// expect: AsyncGeneratorFunction true
