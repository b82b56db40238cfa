// An unhandled rejection is reported by the host after the jobs ran.
Promise.reject(new TypeError('nobody catches this'));
var handledLater = Promise.reject(new Error('handled'));
handledLater.catch(function () { print('caught later'); });
print('end of script');
// expect: end of script
// expect: caught later
// expect error: Uncaught TypeError: nobody catches this
