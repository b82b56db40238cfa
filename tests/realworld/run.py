#!/usr/bin/env python3
"""run.py — real JavaScript programs under cryo, compared with node.

Each case loads one or more files of a pinned npm package (tests/realworld/package.json,
installed with `npm ci --ignore-scripts`) as a classic script, then runs a driver that does
real work with it: TypeScript type-checks and transpiles a program, Babel compiles modern
syntax down to ES5, Prettier and Terser reformat and minify code, acorn and esprima parse,
marked renders Markdown, lodash runs a tour of its API. The same file runs under
`node` and under cryo; the outputs must be identical. Prints `N passed, N failed`.

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


def build_case(name):
    """The script text for case `name`: prelude, the package files, the driver."""
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
    parts.append(driver)
    return "".join(parts)


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
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    if not os.path.isdir(NM):
        print("tests/realworld: node_modules missing; run `npm ci --ignore-scripts` in tests/realworld")
        print("0 passed, 1 failed")
        return 1
    names = a.names or sorted(CASES)
    tmp = a.keep or tempfile.mkdtemp(prefix="cryo-realworld-")
    os.makedirs(tmp, exist_ok=True)
    passed = failed = 0
    for name in names:
        path = os.path.join(tmp, name + ".js")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(build_case(name))
        nrc, nout, nerr = run([a.node, path], a.timeout)
        crc, cout, cerr = run([a.cryo, path], a.timeout)
        if nrc != 0:
            print("FAIL %s: node itself failed (%s): %s" % (name, nrc, nerr.strip()[-300:]))
            failed += 1
        elif crc != 0 or cout != nout:
            why = "exit %s" % crc if crc != 0 else "output differs"
            print("FAIL %s: %s; stderr: %s" % (name, why, cerr.strip()[-500:]))
            nl, cl = nout.splitlines(), cout.splitlines()
            for i in range(max(len(nl), len(cl))):
                x = nl[i] if i < len(nl) else "<end>"
                y = cl[i] if i < len(cl) else "<end>"
                if x != y:
                    print("  line %d\n    node: %s\n    cryo: %s" % (i + 1, x[:300], y[:300]))
                    break
            failed += 1
        else:
            print("ok   %s (%d lines)" % (name, len(nout.splitlines())))
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
