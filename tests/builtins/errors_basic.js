// Error, NativeErrors, AggregateError.
var e = new Error('boom');
print(e.message, e.name, String(e), e instanceof Error); // expect: boom Error Error: boom true
print(Object.prototype.hasOwnProperty.call(e, 'message'), Object.getOwnPropertyDescriptor(e, 'message').enumerable); // expect: true false
print(Object.prototype.hasOwnProperty.call(new Error(), 'message'), new Error().message === ''); // expect: false true
print(Error('x').message, Error('x') instanceof Error); // expect: x true
print(new Error(undefined).hasOwnProperty('message'), new Error(null).message); // expect: false null
var c = new Error('m', {cause: 0});
print(c.cause, c.hasOwnProperty('cause'), new Error('m', {}).hasOwnProperty('cause'), new Error('m', 1).hasOwnProperty('cause')); // expect: 0 true false false
print(Object.getOwnPropertyDescriptor(c, 'cause').enumerable); // expect: false
print(typeof e.stack, e.stack.split('\n')[0]); // expect: string Error: boom
print(new TypeError('t').stack.split('\n')[0]); // expect: TypeError: t
var kinds = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
kinds.forEach(function (K) {
  var x = new K('msg', {cause: 'why'});
  print(K.name, x.name, x.message, x.cause, x instanceof K, x instanceof Error, Object.getPrototypeOf(K) === Error, K.length);
});
// expect: EvalError EvalError msg why true true true 1
// expect: RangeError RangeError msg why true true true 1
// expect: ReferenceError ReferenceError msg why true true true 1
// expect: SyntaxError SyntaxError msg why true true true 1
// expect: TypeError TypeError msg why true true true 1
// expect: URIError URIError msg why true true true 1
print(Object.getPrototypeOf(TypeError.prototype) === Error.prototype, TypeError.prototype.message === '', TypeError.prototype.hasOwnProperty('toString')); // expect: true true false
print(Object.prototype.toString.call(Error.prototype), Object.prototype.toString.call(new RangeError())); // expect: [object Object] [object Error]
var ts = Error.prototype.toString;
print(ts.call({}), ts.call({name: 'N'}), ts.call({message: 'M'}), ts.call({name: '', message: 'M'}), ts.call({name: 'N', message: ''})); // expect: Error N Error: M M N
print(ts.call({name: undefined, message: undefined})); // expect: Error
try { ts.call(1); } catch (x) { print(x.constructor.name); } // expect: TypeError
var a = new AggregateError([1, 2], 'agg', {cause: 'c'});
print(a.name, a.message, a.errors.join(), a.cause, a instanceof Error, AggregateError.length); // expect: AggregateError agg 1,2 c true 2
print(Object.getOwnPropertyDescriptor(a, 'errors').enumerable, Array.isArray(a.errors)); // expect: false true
print(new AggregateError(new Set(['s'])).errors[0], new AggregateError([]).message); // expect: s 
try { new AggregateError(); } catch (x) { print(x.constructor.name); } // expect: TypeError
class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
var me = new MyError('mine');
print(me instanceof MyError, me instanceof Error, String(me), Object.prototype.toString.call(me)); // expect: true true MyError: mine [object Error]
var o = {};
Error.captureStackTrace(o);
print(typeof o.stack, o.stack.split('\n')[0], Object.getOwnPropertyDescriptor(o, 'stack').enumerable); // expect: string Error false
var o2 = {name: 'Custom', message: 'msg'};
Error.captureStackTrace(o2);
print(o2.stack.split('\n')[0]); // expect: Custom: msg
var msgOrder = [];
new Error({toString: function () { msgOrder.push('msg'); return 'm'; }}, {get cause() { msgOrder.push('cause'); return 1; }});
print(msgOrder.join()); // expect: msg,cause
print(Error.prototype.name, Error.prototype.message === '', Error.prototype.constructor === Error); // expect: Error true true
try { null.x; } catch (x) { print(x instanceof TypeError, x.constructor === TypeError); } // expect: true true
try { undefinedVariable; } catch (x) { print(x.name); } // expect: ReferenceError
