// parseInt, parseFloat, isNaN, isFinite, URI functions, escape/unescape, globals.
print(parseInt('42'), parseInt('  -42px'), parseInt('0x1F'), parseInt('1F', 16), parseInt('z', 36), parseInt('')); // expect: 42 -42 31 31 35 NaN
print(parseInt('101', 2), parseInt('0x10', 16), parseInt('0x10', 10), parseInt('12', 1), parseInt('12', 37), parseInt('12', 0)); // expect: 5 16 0 NaN NaN 12
print(parseInt('-0'), 1 / parseInt('-0'), parseInt('123456789012345678901234567890')); // expect: 0 -Infinity 1.2345678901234568e+29
print(parseInt('\u00a0\ufeff 7'), parseInt(null, 36), parseInt('0x'), parseInt('-0x1A')); // expect: 7 1112745 NaN -26
print(parseInt('900719925474099267'), parseInt('0b11'), parseInt(15.99), parseInt('1e3')); // expect: 900719925474099300 0 15 1
print(parseFloat('3.14abc'), parseFloat('  -.5'), parseFloat('1e3x'), parseFloat('Infinityx'), parseFloat('-Infinity'), parseFloat('e3')); // expect: 3.14 -0.5 1000 Infinity -Infinity NaN
print(parseFloat('0x10'), parseFloat('1e'), parseFloat('.e1'), parseFloat('+1.5e-2'), 1 / parseFloat('-0')); // expect: 0 1 NaN 0.015 -Infinity
print(isNaN('abc'), isNaN('12'), isNaN(NaN), isFinite('12'), isFinite(Infinity), isFinite(null)); // expect: true false true true false true
print(NaN, Infinity, undefined, typeof globalThis, globalThis.Math === Math); // expect: NaN Infinity undefined object true
var d = Object.getOwnPropertyDescriptor(globalThis, 'NaN');
print(d.writable, d.enumerable, d.configurable); // expect: false false false
var d2 = Object.getOwnPropertyDescriptor(globalThis, 'globalThis');
print(d2.writable, d2.enumerable, d2.configurable); // expect: true false true
var d3 = Object.getOwnPropertyDescriptor(globalThis, 'parseInt');
print(d3.writable, d3.enumerable, d3.configurable); // expect: true false true
print(encodeURIComponent('a b&c/d?é€😀'), encodeURI('http://x.y/a b?q=1&r=é#h')); // expect: a%20b%26c%2Fd%3F%C3%A9%E2%82%AC%F0%9F%98%80 http://x.y/a%20b?q=1&r=%C3%A9#h
print(encodeURIComponent("-_.!~*'()"), encodeURI(';/?:@&=+$,#')); // expect: -_.!~*'() ;/?:@&=+$,#
try { encodeURIComponent('\ud800'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { encodeURI('\udc00x'); } catch (e) { print(e.constructor.name); } // expect: URIError
print(decodeURIComponent('a%20b%26c%2Fd%3F%C3%A9%E2%82%AC%F0%9F%98%80'), decodeURI('%3B%2F%20%23x')); // expect: a b&c/d?é€😀 %3B%2F %23x
print(decodeURIComponent('%41%42'), decodeURI('%41%2f'), decodeURIComponent('%e2%82%ac')); // expect: AB A%2f €
try { decodeURIComponent('%'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%C3'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%C0%80'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%ED%A0%80'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%F4%90%80%80'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%80'); } catch (e) { print(e.constructor.name); } // expect: URIError
try { decodeURIComponent('%zz'); } catch (e) { print(e.constructor.name); } // expect: URIError
print(escape('a b+c/é\u2603'), unescape('%u2603%20%zz%4'), unescape(escape('ü€x'))); // expect: a%20b+c/%E9%u2603 ☃ %zz%4 ü€x
print(parseInt.length, parseFloat.length, encodeURI.length, isNaN.name); // expect: 2 1 1 isNaN
