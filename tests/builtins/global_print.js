print(Symbol('p'), 1, 'a', null, undefined, true); // expect: Symbol(p) 1 a null undefined true
console.log('log', 1); // expect: log 1
console.error('err'); // expect: err
console.warn('warn'); // expect: warn
console.info('info'); // expect: info
print(); // expect:
print({toString: function () { return 'custom'; }}); // expect: custom
print([1, [2, 3]], 'é', '\u2603'); // expect: 1,2,3 é ☃
