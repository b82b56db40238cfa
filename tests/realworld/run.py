#!/usr/bin/env python3
"""run.py — real JavaScript programs under cryo, compared with node.

Each case loads one or more files of a pinned npm package (tests/realworld/package.json,
installed with `npm ci --ignore-scripts`) as a classic script, then runs a driver that does
real work with it: TypeScript type-checks and transpiles a program, Babel compiles modern
syntax down to ES5, Prettier and Terser reformat and minify code, acorn and esprima parse,
marked renders Markdown, lodash runs a tour of its API; multi-module CommonJS packages (ajv,
zod, immer, rxjs, handlebars, js-yaml, pako, decimal.js, dayjs, crypto-js) load through a small
`require` that runs each module with `new Function`. The same file runs under
`node` and under cryo; the outputs must be identical. Then the same program runs across a
snapshot: the library is loaded and written to a snapshot (twice, and the two files must be
byte-identical), a new process restores it and runs the driver, and the output must again be
node's (TypeScript's heap is about 49 MB). Prints `N passed, N failed`.

    python3 tests/realworld/run.py --cryo build/cryo [--keep DIR] [NAME ...]

These programs found engine bugs our own tests had missed (tests/regress: arguments mapped
onto an outer function's parameters, dictionary shapes losing values, sparse integer keys
growing dense storage)."""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NM = os.path.join(HERE, "node_modules")

# Runs first in both engines: a CommonJS-like `module`, `print` for node, `console` for cryo,
# and a `require` that only knows what the bundles ask for.
PRELUDE = r"""
var module = { exports: {} }, exports = module.exports;
var process;   /* hide node's: the bundles must take their plain-JavaScript paths in both engines */
if (typeof print === "undefined") globalThis.print = function () { console.log.apply(console, arguments); };
if (typeof console === "undefined") globalThis.console = { log: print, warn: print, error: print };
var require = function (m) { if (m === "@jridgewell/source-map") return {}; throw new Error("require " + m); };
function take() { var e = module.exports; module = { exports: {} }; exports = module.exports; return e; }
"""

TS_PROGRAM = r"""
interface Account { id: string; balance: bigint; owner?: { name: string } }
type Op = { kind: "deposit"; amount: bigint } | { kind: "withdraw"; amount: bigint };
function apply(a: Account, op: Op): Account {
  switch (op.kind) {
    case "deposit": return { ...a, balance: a.balance + op.amount };
    case "withdraw": return { ...a, balance: a.balance - op.amount };
  }
}
const acct: Account = { id: "a1", balance: 10n };
const name: string = acct.owner?.name ?? 42;
const ops: Op[] = [{ kind: "deposit", amount: 5n }, { kind: "refund", amount: 1n }];
class Ledger<T extends Account> { private items = new Map<string, T>(); add(x: T) { this.items.set(x.id, x); return this; } }
new Ledger<Account>().add(acct).add({ id: 2 });
enum Color { Red = 1, Green = 2, Blue = 4 }
export default function (c: Color): string { return Color[c]; }
"""

# A CommonJS loader for packages made of many modules: every .js/.cjs/.json file of the
# listed packages is embedded in a table; require() resolves relative paths, package names and
# package.json "main", and runs each module through `new Function` (so the Function
# constructor and direct module wrappers are exercised too).
CJS_LOADER = r"""
var process = { env: { NODE_ENV: "production" } };
if (typeof print === "undefined") globalThis.print = function () { console.log.apply(console, arguments); };
var FILES = __FILES__, CACHE = {};
function dirname(p) { return p.slice(0, p.lastIndexOf("/")); }
function norm(p) { var out = []; p.split("/").forEach(function (s) { if (s === "..") out.pop(); else if (s !== "." && s !== "") out.push(s); }); return "/" + out.join("/"); }
function resolveFile(p) {
  var c = [p, p + ".js", p + ".cjs", p + ".json"], i;
  for (i = 0; i < c.length; i++) if (FILES[c[i]] !== undefined) return c[i];
  if (FILES[p + "/package.json"] !== undefined) {
    var main = JSON.parse(FILES[p + "/package.json"]).main;
    if (main) { var r = resolveFile(norm(p + "/" + main)); if (r) return r; }
  }
  c = [p + "/index.js", p + "/index.cjs"];
  for (i = 0; i < c.length; i++) if (FILES[c[i]] !== undefined) return c[i];
  return null;
}
function resolveFrom(from, req) { return resolveFile(req[0] === "." || req[0] === "/" ? norm(dirname(from) + "/" + req) : "/nm/" + req); }
function load(path) {
  if (CACHE[path]) return CACHE[path].exports;
  var module = { exports: {} };
  CACHE[path] = module;
  if (/\.json$/.test(path)) return module.exports = JSON.parse(FILES[path]);
  var fn = new Function("module", "exports", "require", "__filename", "__dirname", FILES[path]);
  fn.call(module.exports, module, module.exports, function (r) {
    var p = resolveFrom(path, r);
    if (!p) throw new Error("cannot find " + r + " from " + path);
    return load(p);
  }, path, dirname(path));
  return module.exports;
}
function require(r) { var p = resolveFrom("/main.js", r); if (!p) throw new Error("cannot find " + r); return load(p); }
"""

# name -> (packages whose files are embedded, driver)
CJS_CASES = {
    "ajv": (["ajv", "fast-deep-equal", "json-schema-traverse", "fast-uri", "require-from-string"], r"""
var Ajv = require("ajv"); Ajv = Ajv.default || Ajv;
var ajv = new Ajv({ allErrors: true });
var validate = ajv.compile({ type: "object", properties: { foo: { type: "integer", minimum: 3 }, bar: { type: "string", pattern: "^a+$" },
  list: { type: "array", items: { enum: [1, 2] }, uniqueItems: true } }, required: ["foo"], additionalProperties: false });
print(validate({ foo: 4, bar: "aaa", list: [1, 2] }));
print(validate({ foo: 1, bar: "b", list: [1, 1, 3], extra: 1 }), JSON.stringify(validate.errors.map(function (e) { return e.instancePath + " " + e.keyword; })));
"""),
    "zod": (["zod"], r"""
var z = require("zod");
var User = z.object({ name: z.string().min(2), age: z.number().int().positive(), email: z.string().email().optional(), tags: z.array(z.string()).max(3) });
print(JSON.stringify(User.safeParse({ name: "Al", age: 3, tags: ["a"] })));
var r = User.safeParse({ name: "A", age: -1.5, email: "nope", tags: ["a", "b", "c", "d"] });
print(r.success, JSON.stringify(r.error.issues.map(function (i) { return i.path.join(".") + ":" + i.code; })));
print(JSON.stringify(z.union([z.string(), z.number()]).parse(5)), z.enum(["a", "b"]).options.join());
"""),
    "immer": (["immer"], r"""
var immer = require("immer");
immer.enableMapSet(); immer.enablePatches();
var base = { todos: [{ id: 1, done: false }, { id: 2, done: false }], meta: { n: 2 }, m: new Map([["k", { v: 1 }]]) };
var next = immer.produce(base, function (d) { d.todos[0].done = true; d.todos.push({ id: 3, done: false }); d.meta.n++; d.m.get("k").v = 2; });
print(base.todos[0].done, next.todos[0].done, next.todos.length, base.todos[1] === next.todos[1], next.meta.n, base.m.get("k").v, next.m.get("k").v, Object.isFrozen(next));
var patches = []; immer.produce(next, function (d) { delete d.meta; d.todos.splice(0, 1); }, function (p) { patches = p; });
print(JSON.stringify(patches));
"""),
    "rxjs": (["rxjs", "tslib"], r"""
var rx = require("rxjs"), op = require("rxjs/operators"), out = [];
rx.range(1, 20).pipe(op.filter(function (x) { return x % 3 === 0; }), op.map(function (x) { return x * 10; }),
  op.scan(function (a, x) { return a + x; }, 0), op.take(4)).subscribe({ next: function (v) { out.push(v); }, complete: function () { out.push("done"); } });
var s = new rx.Subject();
s.pipe(op.bufferCount(2), op.mergeMap(function (b) { return rx.of(b.join("+")); })).subscribe(function (v) { out.push(v); });
s.next(1); s.next(2); s.next(3); s.next(4); s.complete();
rx.from(Promise.resolve(42)).subscribe(function (v) { print("async", v); });
rx.combineLatest([rx.of(1, 2), rx.of("a")]).subscribe(function (v) { out.push(v.join()); });
print(out.join(" "));
"""),
    "handlebars": (["handlebars", "neo-async", "source-map", "wordwrap", "minimist"], r"""
var Handlebars = require("handlebars");
Handlebars.registerHelper("loud", function (s) { return s.toUpperCase(); });
Handlebars.registerPartial("foot", "<footer>{{year}}</footer>");
var t = Handlebars.compile("<h1>{{loud title}}</h1>{{#each items}}<li class='{{#if @first}}first{{/if}}'>{{@index}}: {{name}} {{{raw}}}</li>{{/each}}{{> foot}}");
print(t({ title: "hi", items: [{ name: "a<b", raw: "<i>x</i>" }, { name: "c" }], year: 2026 }));
"""),
    "js-yaml": (["js-yaml", "argparse"], r"""
var yaml = require("js-yaml");
print(JSON.stringify(yaml.load("a: 1\nb:\n  - x\n  - y: [1, 2.5, true, null]\nc: |\n  multi\n  line\nd: !!str 123\ne: 2001-12-14t21:59:43.10-05:00\n")));
print(yaml.dump({ list: [1, { k: "v" }], s: "needs: quoting", n: null, date: new Date(0) }));
"""),
    "pako": (["pako"], r"""
var pako = require("pako"), input = "";
for (var i = 0; i < 2000; i++) input += "line " + i + " " + (i * 7919 % 1000) + "\n";
var data = new Uint8Array(input.length); for (var i = 0; i < input.length; i++) data[i] = input.charCodeAt(i);
var def = pako.deflate(data, { level: 9 }), inf = pako.inflate(def), sum = 0;
for (var i = 0; i < def.length; i++) sum = (sum * 31 + def[i]) >>> 0;
print(data.length, def.length, sum, inf.length === data.length && inf.every(function (b, i) { return b === data[i]; }));
var gz = pako.gzip(data); print(gz.length, pako.ungzip(gz).length);
"""),
    "decimal.js": (["decimal.js"], r"""
var Decimal = require("decimal.js");
Decimal.set({ precision: 50 });
print(new Decimal(1).div(7).toString(), new Decimal(2).sqrt().toString(), new Decimal("0.1").plus("0.2").toString());
print(Decimal.exp(1).toFixed(40), Decimal.ln(10).toSignificantDigits(30).toString(), new Decimal(123.456).toExponential(5), Decimal.pow(2, 200).toString());
print(Decimal.sin(1).toString(), Decimal.atan2(1, 2).toString());
"""),
    "dayjs": (["dayjs"], r"""
var dayjs = require("dayjs"), d = dayjs("2024-02-28T10:20:30Z");
print(d.add(1, "day").toISOString(), d.add(1, "month").toISOString(), d.diff(dayjs("2020-01-01T00:00:00Z"), "day"), d.isBefore(dayjs("2025-01-01")));
print(dayjs(0).valueOf(), d.daysInMonth(), d.unix());
"""),
    "crypto-js": (["crypto-js"], r"""
var C = require("crypto-js");
print(C.SHA256("hello world").toString(), C.MD5("abc").toString(), C.SHA1("").toString());
print(C.HmacSHA512("msg", "key").toString().slice(0, 64), C.enc.Base64.stringify(C.enc.Utf8.parse("h\u00e9llo \u2713")), C.SHA3("x", { outputLength: 256 }).toString());
var iv = C.enc.Hex.parse("000102030405060708090a0b0c0d0e0f"), key = C.enc.Hex.parse("2b7e151628aed2a6abf7158809cf4f3c");
var ct = C.AES.encrypt("secret message", key, { iv: iv }); print(ct.toString(), C.AES.decrypt(ct, key, { iv: iv }).toString(C.enc.Utf8));
print(C.PBKDF2("pw", "salt", { keySize: 8, iterations: 100 }).toString());
"""),
}

CASES = {
    "typescript": (["typescript/lib/typescript.js"], r"""
var ts = take();
var files = { "lib.es5.d.ts": LIB_ES5, "main.ts": TS_PROGRAM };
var host = {
  getSourceFile: function (n, lv) { return files[n] !== undefined ? ts.createSourceFile(n, files[n], lv) : undefined; },
  getDefaultLibFileName: function () { return "lib.es5.d.ts"; },
  writeFile: function () {}, getCurrentDirectory: function () { return ""; }, getDirectories: function () { return []; },
  fileExists: function (n) { return files[n] !== undefined; }, readFile: function (n) { return files[n]; },
  getCanonicalFileName: function (n) { return n; }, useCaseSensitiveFileNames: function () { return true; },
  getNewLine: function () { return "\n"; }
};
var program = ts.createProgram(["main.ts"], { target: ts.ScriptTarget.ES2020, strict: true }, host);
ts.getPreEmitDiagnostics(program).forEach(function (d) {
  var lc = d.file ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1, character: -1 };
  print((d.file ? d.file.fileName : "") + ":" + (lc.line + 1) + ":" + (lc.character + 1) + " TS" + d.code + " " +
        ts.flattenDiagnosticMessageText(d.messageText, "\n"));
});
print(ts.transpileModule(TS_PROGRAM, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS } }).outputText);
"""),
    "babel": (["@babel/standalone/babel.js"], r"""
var Babel = take();
var src = "class A { #x = 1; static s = 2; get x() { return this.#x; } async *g() { for await (const v of this) yield v ?? 0; } }\n" +
  "const {a, ...rest} = obj; let f = (x = 1) => x ** 2; label: for (const [k, v] of Object.entries(o)) { if (k) continue label; }\n" +
  "const t = tag`a${1}b`; export default async function main() { await Promise.all([f(), f?.(2)]); }";
print(Babel.transform(src, { presets: [["env", { targets: { ie: 11 } }]] }).code);
print(Babel.transform("const el = <div className='x'>{items.map(i => <Item key={i} {...i} />)}</div>;", { presets: ["react"] }).code);
"""),
    "prettier": (["prettier/standalone.js", "prettier/plugins/babel.js", "prettier/plugins/estree.js"], r"""
var pestree = take(), pbabel = MODULES[1], prettier = MODULES[0];
prettier.format("const a={b:1,c:[1,2,3].map(x=>x*2)};function f(a,b){if(a){return b}else{return a+b}}\n" +
  "class K extends Base{static #p=1;async *gen(){yield* other()}}\nlet s = `t ${a+b} u`; x ??= y?.z", { parser: "babel", plugins: [pbabel, pestree] })
  .then(function (s) { print(s); }, function (e) { print("error", e); });
"""),
    "terser": (["terser/dist/bundle.min.js"], r"""
var Terser = take();
Terser.minify("function add(first, second) { var unused = 1; return first + second; }\n" +
  "class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }\n" +
  "for (let i = 0; i < 3; i++) console.log(add(i, 2), new Point(3, 4).norm());", { toplevel: true, mangle: true, compress: { passes: 2 } })
  .then(function (r) { print(r.code); }, function (e) { print("error", e); });
"""),
    "acorn": (["acorn/dist/acorn.js"], r"""
var acorn = take();
var ast = acorn.parse("async function* f(a, {b, ...c} = {}) { for await (const x of y) yield x?.z ?? 1n; }\n" +
  "class Q { #p = 1; static { } get [k]() { return this.#p; } }\nlabel: for (;;) break label;", { ecmaVersion: 2023, locations: true });
print(JSON.stringify(ast, function (k, v) { return typeof v === "bigint" ? v.toString() + "n" : v; }).length);
var n = 0; (function walk(x) { if (x && typeof x === "object") { if (x.type) n++; for (var k in x) walk(x[k]); } })(ast);
print(n, ast.body.map(function (s) { return s.type; }).join());
"""),
    "esprima": (["esprima/dist/esprima.js"], r"""
var esprima = take();
var r = esprima.parseScript("function f(a, b = 2, ...c) { return a + b * c.length; } var o = { x, y: [1, 2, ...z], get g() { return 1 } };", { range: true, tokens: true, comment: true });
print(JSON.stringify(r));
"""),
    "marked": (["marked/lib/marked.umd.js"], r"""
var marked = take().marked;
print(marked.parse("# Title\n\nSome *emph* and **strong** with `code` and a [link](http://x.y).\n\n- a\n- b\n  1. nested\n\n" +
  "```js\nlet x = 1;\n```\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n> quote with <b>html</b> &amp; entities\n"));
"""),
    "lodash": (["lodash/lodash.js"], r"""
var _ = take();
print(_.chunk([1, 2, 3, 4, 5], 2).length, _.sortBy([{ a: 3 }, { a: 1 }, { a: 2 }], "a").map(function (x) { return x.a; }).join());
print(_.template("hi <%= name %>! <% _.each(xs, function (x) { %><%- x %>,<% }); %>")({ name: "cryo", xs: ["<a>", "b"] }));
print(JSON.stringify(_.merge({ a: { b: 1 } }, { a: { c: 2 } })), JSON.stringify(_.cloneDeep({ a: [1, { b: new Date(0) }] })));
print(_.camelCase("foo bar-baz"), _.kebabCase("fooBar"), _.toPath("a.b[0].c").join("|"), _.get({ a: [{ b: 5 }] }, "a[0].b"));
print(JSON.stringify(_.groupBy([6.1, 4.2, 6.3], Math.floor)), JSON.stringify(_.zipObject(["a", "b"], [1, 2])));
var memo = _.memoize(function (n) { return n < 2 ? n : memo(n - 1) + memo(n - 2); }); print(memo(80));
print(_.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), _.uniqBy([2.1, 1.2, 2.3], Math.floor).join(), _.range(0, 20, 5).join());
"""),
}


# The clock of the runs across a snapshot: libraries read Date.now() while loading (lodash,
# babel, TypeScript), and two snapshots of the same state must be byte-identical (DESIGN C2).
CLOCK = "1700000000000"


def build_cjs_case(name):
    """(setup, driver) for CommonJS case `name`: the loader with the packages' files, and the
    driver."""
    pkgs, driver = CJS_CASES[name]
    files = {}
    skip = {"node_modules", "esm", "esm5", "es", "mjs", "types", "src", "test", "tests", "docs", "bundles"}
    for pkg in pkgs:
        root = os.path.join(NM, pkg)
        for dp, dn, fn in os.walk(root):
            dn[:] = sorted(d for d in dn if d not in skip)
            for f in sorted(fn):
                p = os.path.join(dp, f)
                if f.endswith((".js", ".cjs", ".json")) and os.path.getsize(p) < 3_000_000:
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        files["/nm/" + os.path.relpath(p, NM)] = fh.read()
    return CJS_LOADER.replace("__FILES__", json.dumps(files, sort_keys=True)), driver


def build_case(name):
    """(setup, driver) for case `name`: the prelude and the package files, then the driver.
    The program is setup + driver; the snapshot check runs them on either side of one."""
    if name in CJS_CASES:
        return build_cjs_case(name)
    files, driver = CASES[name]
    parts = [PRELUDE, "var MODULES = [];\n"]
    for i, f in enumerate(files):
        with open(os.path.join(NM, f), encoding="utf-8") as fh:
            parts.append(fh.read())
        parts.append("\n;MODULES.push(module.exports);\n" if i + 1 < len(files) else "\n;\n")
        if i + 1 < len(files):
            parts.append("module = { exports: {} }; exports = module.exports;\n")
    if name == "typescript":
        with open(os.path.join(NM, "typescript/lib/lib.es5.d.ts"), encoding="utf-8") as fh:
            parts.append("var LIB_ES5 = %s;\n" % json.dumps(fh.read()))
        parts.append("var TS_PROGRAM = %s;\n" % json.dumps(TS_PROGRAM))
    return "".join(parts), driver


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", "timeout after %ds" % timeout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cryo", default="build/cryo")
    ap.add_argument("--node", default="node")
    ap.add_argument("--keep", help="write the generated scripts into this directory")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("CRYO_REALWORLD_TIMEOUT", "180")))
    ap.add_argument("--no-snapshot", action="store_true", help="skip the runs across a snapshot")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    if not os.path.isdir(NM):
        print("tests/realworld: node_modules missing; run `npm ci --ignore-scripts` in tests/realworld")
        print("0 passed, 1 failed")
        return 1
    names = a.names or sorted(list(CASES) + list(CJS_CASES))
    tmp = a.keep or tempfile.mkdtemp(prefix="cryo-realworld-")
    os.makedirs(tmp, exist_ok=True)
    counts = [0, 0]

    def report(label, nrc, nout, nerr, crc, cout, cerr, extra=None):
        """Compare one cryo run with node's; print ok / FAIL with the first differing line."""
        if nrc != 0:
            print("FAIL %s: node itself failed (%s): %s" % (label, nrc, nerr.strip()[-300:]))
        elif extra:
            print("FAIL %s: %s" % (label, extra))
        elif crc != 0 or cout != nout:
            print("FAIL %s: %s; stderr: %s" % (label, "exit %s" % crc if crc != 0 else "output differs", cerr.strip()[-500:]))
            nl, cl = nout.splitlines(), cout.splitlines()
            for i in range(max(len(nl), len(cl))):
                x = nl[i] if i < len(nl) else "<end>"
                y = cl[i] if i < len(cl) else "<end>"
                if x != y:
                    print("  line %d\n    node: %s\n    cryo: %s" % (i + 1, x[:300], y[:300]))
                    break
        else:
            print("ok   %s (%d lines)" % (label, len(nout.splitlines())))
            counts[0] += 1
            return
        counts[1] += 1

    for name in names:
        setup, driver = build_case(name)
        path, a_path, b_path = (os.path.join(tmp, name + ext) for ext in (".js", ".A.js", ".B.js"))
        for f, text in ((path, setup + driver), (a_path, setup), (b_path, driver)):
            with open(f, "w", encoding="utf-8") as fh:
                fh.write(text)
        nrc, nout, nerr = run([a.node, path], a.timeout)
        report(name, nrc, nout, nerr, *run([a.cryo, path], a.timeout))
        if a.no_snapshot:
            continue
        # the same program across a snapshot: the loaded library is written (twice: the
        # bytes must be identical), restored in a new process, and the driver runs there
        snaps = [os.path.join(tmp, name + ".%d.snap" % i) for i in (1, 2)]
        problem = None
        for snap in snaps:
            rc, _, err = run([a.cryo, "--fixed-clock", CLOCK, a_path, "--snapshot-out", snap], a.timeout)
            if rc != 0:
                problem = "writing the snapshot: exit %s: %s" % (rc, err.strip()[-300:])
                break
        if not problem:
            with open(snaps[0], "rb") as f1, open(snaps[1], "rb") as f2:
                if f1.read() != f2.read():
                    problem = "two snapshots of the same state differ"
        crc, cout, cerr = (run([a.cryo, "--fixed-clock", CLOCK, "--snapshot-in", snaps[0], b_path], a.timeout)
                           if not problem else (0, "", ""))
        report(name + " (across a snapshot)", nrc, nout, nerr, crc, cout, cerr, problem)
        for snap in snaps:
            if os.path.exists(snap) and not a.keep:
                os.remove(snap)
    passed, failed = counts
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
