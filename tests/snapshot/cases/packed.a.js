// Long UTF-16 strings are stored packed (compressed) by the snapshot writer (vm.h STR_PACKED):
// every way a string can be held must read back the same characters after a restore.
function sum(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; }
var unit = "const ŝtrïng = 'ħéllo wörld' + \u2028 x => x * 2; // \u034f comment\n";
var text = unit.repeat(40);                                   // compressible, wide
var astral = ("\ud83d\ude00 emoji \ud800 lone \udc00 high-low").repeat(30) + "\ud83d";
var shortWide = "\u0100".repeat(511);                        // below the default threshold
var noisy = "";                                                // wide and incompressible
for (var i = 0, x = 12345; i < 2000; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; noisy += String.fromCharCode(256 + (x >> 8) % 40000); }
var big = "\u0101 ten megabytes of text \u2603 ".repeat(400000);  // ~10 MB flat
var holder = { text: text, list: [astral, noisy, text], nested: { deep: [[big]] } };
var map = new Map([[text, "by-text"], ["k", astral]]);
var set = new Set([astral]);
var keyObj = {}; keyObj[shortWide + "\u0101"] = "long key";   // a 512-unit property key (an atom)
var sym = Symbol(text.slice(0, 600));
var rope = text + shortWide;                                    // a rope with a wide leaf
var flatRope = astral + noisy; flatRope.charCodeAt(3);          // flattened rope
var re = new RegExp("(?:" + text.slice(0, 700).replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&") + ")|\u0100+", "u");
var evalFn = (0, eval)("(function evalFn() { return '" + "\u0102".repeat(600) + "'.length; })");
var closure = (function () { var captured = astral + text; return function () { return captured; }; })();
// A table of small, similar functions, as bundles have: this file's UTF-8 text then packs.
var handlers = {
    alpha: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('alpha: bad message'); return ctx.reply({ kind: 'alpha', id: msg.id, value: msg.value * 1 }); },
    beta: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('beta: bad message'); return ctx.reply({ kind: 'beta', id: msg.id, value: msg.value * 2 }); },
    gamma: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('gamma: bad message'); return ctx.reply({ kind: 'gamma', id: msg.id, value: msg.value * 3 }); },
    delta: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('delta: bad message'); return ctx.reply({ kind: 'delta', id: msg.id, value: msg.value * 4 }); },
    epsilon: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('epsilon: bad message'); return ctx.reply({ kind: 'epsilon', id: msg.id, value: msg.value * 5 }); },
    zeta: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('zeta: bad message'); return ctx.reply({ kind: 'zeta', id: msg.id, value: msg.value * 6 }); },
    eta: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('eta: bad message'); return ctx.reply({ kind: 'eta', id: msg.id, value: msg.value * 7 }); },
    theta: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('theta: bad message'); return ctx.reply({ kind: 'theta', id: msg.id, value: msg.value * 8 }); },
    iota: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('iota: bad message'); return ctx.reply({ kind: 'iota', id: msg.id, value: msg.value * 9 }); },
    kappa: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('kappa: bad message'); return ctx.reply({ kind: 'kappa', id: msg.id, value: msg.value * 10 }); },
    lambda: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('lambda: bad message'); return ctx.reply({ kind: 'lambda', id: msg.id, value: msg.value * 11 }); },
    mu: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('mu: bad message'); return ctx.reply({ kind: 'mu', id: msg.id, value: msg.value * 12 }); },
    nu: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('nu: bad message'); return ctx.reply({ kind: 'nu', id: msg.id, value: msg.value * 13 }); },
    xi: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('xi: bad message'); return ctx.reply({ kind: 'xi', id: msg.id, value: msg.value * 14 }); },
    omicron: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('omicron: bad message'); return ctx.reply({ kind: 'omicron', id: msg.id, value: msg.value * 15 }); },
    pi: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('pi: bad message'); return ctx.reply({ kind: 'pi', id: msg.id, value: msg.value * 16 }); },
    rho: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('rho: bad message'); return ctx.reply({ kind: 'rho', id: msg.id, value: msg.value * 17 }); },
    sigma: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('sigma: bad message'); return ctx.reply({ kind: 'sigma', id: msg.id, value: msg.value * 18 }); },
    tau: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('tau: bad message'); return ctx.reply({ kind: 'tau', id: msg.id, value: msg.value * 19 }); },
    upsilon: function (msg, ctx) { if (!msg || typeof msg !== 'object') throw new TypeError('upsilon: bad message'); return ctx.reply({ kind: 'upsilon', id: msg.id, value: msg.value * 20 }); },
};
function wide() { return "ħéllo \u2603 wörld"; }   // this file is kept as UTF-8 source text, packed too
// many strings of different statistics: both payload modes and the coder's edge cases
var varied = [];
for (var v = 0, seed = 7; v < 120; v++) {
    var alphabet = [1, 2, 3, 16, 90, 300, 5000][v % 7], runs = v % 3, n = 512 + (v * 397) % 4000, str = "";
    while (str.length < n) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        var c = String.fromCharCode(0x100 + (seed >> 7) % alphabet);
        str += runs ? c.repeat(1 + (seed >> 3) % (runs * 9)) : c;
    }
    if (v % 5 == 0) str += "\ud800x\udbff\udfff";                 // lone and paired surrogates
    varied.push(str);
}
var variedSum = varied.reduce(function (a, s) { return (a * 7 + sum(s)) | 0; }, 0);
var sums = [sum(text), sum(astral), sum(noisy), sum(big), sum(shortWide)];
print("A", text.length, astral.length, noisy.length, big.length, rope.length, sums.join(","));
// expect: A 2320 781 2000 10400000 2831 1403293328,-1877965011,-741053303,-545638400,1214521600
