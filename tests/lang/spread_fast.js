// Spread of arrays through the direct element copy, and the cases that must take the
// iterator protocol (holes, patched next, own or patched @@iterator).
const a = [1, 2, 3];
function f(...x) { return x.join('-'); }
let out = [];
for (let i = 0; i < 3; i++) out.push(f(...a), [...a, ...'xy'].join(''), [0, ...[4, , 5]].length);
print(out.join(' '));
// a hole reads the prototype chain through the generic path
Array.prototype[1] = 'P';
for (let i = 0; i < 2; i++) print([...[7, , 9]].join());
delete Array.prototype[1];
// a patched next is honoured
const saved = Object.getPrototypeOf([][Symbol.iterator]()).next;
let calls = 0;
Object.getPrototypeOf([][Symbol.iterator]()).next = function () { calls++; return saved.call(this); };
for (let i = 0; i < 2; i++) print([...a].length, calls);
Object.getPrototypeOf([][Symbol.iterator]()).next = saved;
// a patched @@iterator is honoured
const b = [1, 2];
for (let i = 0; i < 3; i++) { if (i === 1) b[Symbol.iterator] = function* () { yield 'own'; }; print([...b].join()); }
Array.prototype[Symbol.iterator] = function* () { yield 'proto'; };
for (let i = 0; i < 2; i++) print([...[5, 6]].join(), Math.max(...[1, 3]));
// expect: 1-2-3 123xy 4 1-2-3 123xy 4 1-2-3 123xy 4
// expect: 7,P,9
// expect: 7,P,9
// expect: 3 4
// expect: 3 8
// expect: 1,2
// expect: own
// expect: own
// expect: proto NaN
// expect: proto NaN
