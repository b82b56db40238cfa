print('before'); // expect: before
throw new RangeError('out of range');
// expect error: Uncaught RangeError: out of range
