#!/bin/sh
# parsecheck.sh - builds tools/parsecheck (the standalone lexer/parser driver) and runs the
# parser tests:
#   1. regression cases below (source, goal, expected outcome)
#   2. test262 (language/, built-ins/, annexB/; intl402 and staging are never visited):
#      negative parse/early tests must fail, everything else must parse (as a module when
#      flags contain `module`, with "use strict"; prepended for onlyStrict, both ways
#      otherwise). Tests of features outside ES2023 (tools/test262-excluded-features.txt)
#      are skipped. Negative tests about RegExp pattern syntax are counted separately.
#   3. the same test262 run (all features) under -fsanitize=address,undefined
#   4. pathologically nested input must give "too deeply nested", also under ASan
#   5. throughput on a ~20 MB script
#
# usage: tools/parsecheck.sh [quick]     (quick: skip the sanitizer and speed runs)
# env:   TEST262=/work/test262  BUILD=build/parsecheck  CC=gcc
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TEST262=${TEST262:-/work/test262}
BUILD=${BUILD:-$ROOT/build/parsecheck}
CC=${CC:-gcc}
mkdir -p "$BUILD"
cd "$ROOT"

SRCS="tools/parsecheck.c src/ast.c src/lexer.c src/parser.c src/parser_stmt.c src/parser_expr.c"
if [ -f src/unicode.c ] && [ -f src/unicode_tables.c ]; then
    SRCS="$SRCS src/unicode.c src/unicode_tables.c src/unicode_emoji.c"
else
    SRCS="$SRCS tools/unicode_fallback.c"   # test-only stand-in, never used by the engine
fi
CFLAGS="-std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE"
# link the RegExp engine's literal validator when it exists and links standalone
if grep -q "^int regexp_validate_literal" src/regexp_parse.c 2>/dev/null &&
   $CC $CFLAGS -O2 -DPARSECHECK_WITH_REGEXP -o "$BUILD/parsecheck" $SRCS src/regexp_parse.c 2>/dev/null; then
    SRCS="$SRCS src/regexp_parse.c"
    CFLAGS="$CFLAGS -DPARSECHECK_WITH_REGEXP"
fi
echo "== build ($CC $CFLAGS)"
$CC $CFLAGS -O2 -o "$BUILD/parsecheck" $SRCS
PC="$BUILD/parsecheck"
EXCL=""
[ -f tools/test262-excluded-features.txt ] && EXCL="-x tools/test262-excluded-features.txt"

# ---------------------------------------------------------------------------------------
echo "== regression cases"
T="$BUILD/case.js"
fails=0
total=0
# case GOAL EXPECT SOURCE   (GOAL: script|strict|module|eval; EXPECT: ok|error)
case_() {
    total=$((total + 1))
    printf '%s' "$3" > "$T"
    flag=""
    case "$1" in strict) flag=-s ;; module) flag=-m ;; eval) flag=-e ;; esac
    if "$PC" -q $flag "$T"; then got=ok; else got=error; fi
    if [ "$got" != "$2" ]; then
        fails=$((fails + 1))
        echo "FAIL [$1] expected $2, got $got: $3"
    fi
}
case_ script error 'function f() { "\01"; "use strict"; }'
case_ script error 'function f() { "use strict"; 010 }'
case_ script ok    'function f() { 010; "use strict"; }'
case_ script error '-a ** b'
case_ script ok    '(-a) ** b'
case_ script error 'typeof a ** b'
case_ strict error 'delete x'
case_ strict error 'delete ((x))'
case_ script error 'new.target'
case_ script ok    'function f(){ () => new.target }'
case_ script error 'a?.b`x`'
case_ script error 'a ?? b || c'
case_ script ok    'a ?? (b || c)'
case_ script error 'let let = 1'
case_ script error 'for (let of x);'
case_ script error 'for (let.x of y);'
case_ script ok    'for (let.x in y);'
case_ script error 'for (async of x);'
case_ script ok    'for (async of => 1;;) break;'
case_ script ok    'async function f() { for await (async of x); }'
case_ script error 'if (1) let [a] = 1'
case_ script ok    'if (1) let
x = 1'
case_ script error 'x = {a = 1}'
case_ script ok    '({a = 1} = {})'
case_ script error '[{a = 1}.b] = []'
case_ script error '({__proto__: 1, "__proto__": 2})'
case_ script ok    '({__proto__: a, __proto__: b} = {})'
case_ script ok    '({__proto__: 1, ["__proto__"]: 2, __proto__() {}, __proto__})'
case_ script error 'class A { constructor(){} constructor(){} }'
case_ script ok    'class A { get #x(){} set #x(v){} }'
case_ script error 'class A { get #x(){} static set #x(v){} }'
case_ script error 'class A { m() { this.#y } }'
case_ script ok    'class A { #y; m() { class B { n() { this.#y } } } }'
case_ script ok    'class A { #y; m(o) { return #y in o } }'
case_ script error 'class A { #y; m(o) { return 1 + #y in o } }'
case_ script error 'class A { #y; m() { delete this.#y } }'
case_ script error 'class A extends B { x = super() }'
case_ script ok    'class A extends B { x = super.y }'
case_ script ok    'class A extends B { constructor() { (() => super())() } }'
case_ script error 'class A { constructor() { super() } }'
case_ script error '({ m: function() { super.x } })'
case_ script error 'class A { x = () => arguments }'
case_ script error 'class A { static { await } }'
case_ script error 'class A { static prototype(){} }'
case_ script error 'class A { constructor = 1 }'
case_ script ok    'class A { get
m(){} }'
case_ script ok    'class A { get
*m(){} }'
case_ script error 'class A { x y }'
case_ module error 'export { a }'
case_ module error 'var a; export { a, a }'
case_ module ok    'export { x as "a b" } from "m"; export * as "c" from "n"'
case_ module error 'export { "x" }'
case_ module ok    'import { "a b" as c } from "m"; c'
case_ module error 'import { "\uD800" as c } from "m"'
case_ module ok    'await 1'
case_ script error 'await 1'
case_ script error 'async function f() { function g() { await 1 } }'
case_ script ok    'a => {}
(1)'
case_ script error 'a => {}.x'
case_ script error '({a: b.c}) => 1'
case_ script ok    '[a.b] = []'
case_ script error '((a)) => 1'
case_ script ok    '[(a)] = []'
case_ script error '[({a})] = []'
case_ script error '(a, a) => 1'
case_ script ok    'function f(a, a) {}'
case_ script error 'function f(a, a) { "use strict" }'
case_ script error 'function f(a = 1) { "use strict" }'
case_ script error 'function eval() { "use strict" }'
case_ script error 'function f(interface) { "use strict" }'
case_ script error 'async (await) => 1'
case_ script error 'async function f() { (x = await 1) => 1 }'
case_ script error 'function* g() { (x = yield) => 1 }'
case_ script error 'a: { continue a; }'
case_ script ok    'a: b: while(1) { continue a; }'
case_ script error 'while (1) L: function f(){}'
case_ script ok    'L: function f(){}'
case_ strict error 'L: function f(){}'
case_ script ok    'if (1) function f(){}'
case_ strict error 'if (1) function f(){}'
case_ script error '0_1'
case_ script error '1__0'
case_ script error '07n'
case_ script error '3in []'
case_ script error '`\u{110000}`'
case_ script ok    'tag`\u{110000}`'
case_ script error '/a/gg'
case_ script ok    '#!hashbang
1'
case_ eval   ok    '#!hashbang
1'
case_ script ok    '<!-- html comment
1'
case_ module error '<!-- html comment'
case_ script ok    '  --> html close comment on the first line'
case_ script ok    'x = 1
/* a */ --> comment'
case_ script error 'try {} catch ([e]) { var e }'
case_ script ok    'try {} catch (e) { var e; for (var e of []); }'
case_ script ok    'switch (1) { case 1: function a(){} case 2: function a(){} }'
case_ strict error 'switch (1) { case 1: function a(){} case 2: function a(){} }'
case_ script error '{ function a(){} function* a(){} }'
case_ module error 'function a(){} function a(){}'
case_ script ok    'f() = 1; f() += 1; f()++; for (f() in o);'
case_ strict error 'f() = 1'
case_ script error 'f() &&= 1'
case_ script error 'return'
case_ script ok    'function* g() { yield
1 }'
case_ script ok    'var \u0061wait'
case_ module error 'var \u0061wait'
echo "$((total - fails)) / $total regression cases"

echo "== dynamic functions"
dyn() {
    total=$((total + 1))
    if "$PC" --function "$1" "$2" "$3" > /dev/null; then got=ok; else got=error; fi
    if [ "$got" != "$4" ]; then fails=$((fails + 1)); echo "FAIL Function($1, '$2', '$3'): expected $4"; fi
}
dyn normal "a,b" "return a+b" ok
dyn normal "/*" "*/){" error
dyn normal "" "}); (function(){" error
dyn normal "a = 1" "'use strict'" error
dyn generator "a = yield" "" error
dyn async "await" "" error
dyn normal "a" "-->" ok
dyn normal "#!x" "" error
dyn asyncGenerator "x" "yield await x" ok

# ---------------------------------------------------------------------------------------
echo "== test262 ($TEST262)"
"$PC" --test262 "$TEST262" $EXCL -f "$BUILD/test262-failures.txt" || true
echo "   (failures listed in $BUILD/test262-failures.txt)"

if [ "${1:-}" = quick ]; then
    [ "$fails" = 0 ]
    exit $?
fi

# ---------------------------------------------------------------------------------------
echo "== sanitizers: test262, all features, every tree dumped, -fsanitize=address,undefined"
$CC $CFLAGS -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    -o "$BUILD/parsecheck-asan" $SRCS
ASAN_OPTIONS=detect_leaks=1 "$BUILD/parsecheck-asan" --test262 "$TEST262" -d -f "$BUILD/test262-asan-failures.txt" \
    > "$BUILD/asan.log" 2>&1 || true
if grep -q "ERROR: \|runtime error" "$BUILD/asan.log"; then
    fails=$((fails + 1))
    echo "FAIL: sanitizer report in $BUILD/asan.log"
else
    echo "   no sanitizer reports ($(grep agreement "$BUILD/asan.log"))"
fi

# ---------------------------------------------------------------------------------------
echo "== deep nesting"
D="$BUILD/deep.js"
deep() {
    python3 -c "$1" > "$D"
    for b in parsecheck parsecheck-asan; do
        out=$("$BUILD/$b" "$D" 2>&1 || true)
        case "$out" in
            *"too deeply nested"*) ;;
            *) fails=$((fails + 1)); echo "FAIL $b ($1): $(echo "$out" | head -c 200)" ;;
        esac
    done
}
deep "print('(' * 100000 + '1' + ')' * 100000)"
deep "print('[' * 100000 + ']' * 100000)"
deep "print('{' * 100000 + '}' * 100000)"
deep "print('x=' + '{a:' * 100000 + '1' + '}' * 100000)"
deep "print('!' * 100000 + 'x')"
deep "print('function f(){' * 50000 + '}' * 50000)"
deep "print('a=>' * 100000 + '1')"
deep "print('x' + '=y' * 100000)"
deep "print('\`\${' * 50000 + '1' + '}\`' * 50000)"
deep "print('new ' * 100000 + 'x')"
deep "print('if(1)' * 100000 + ';')"
deep "print('var ' + '[' * 100000 + ']' * 100000 + '=1')"
deep "print('class A{m(){' * 30000 + '}}' * 30000)"
deep "print('a?b:' * 100000 + 'c')"
deep "print('async ()=>' * 100000 + 'x')"
deep "print('(a=' * 100000 + '1' + ')' * 100000 + '=>1')"
echo "   done"

# ---------------------------------------------------------------------------------------
echo "== throughput"
B="$BUILD/big.js"
python3 - "$B" "$TEST262" <<'EOF'
import glob, sys
parts = []
for f in sorted(glob.glob('bench/*.js')) + sorted(glob.glob(sys.argv[2] + '/harness/*.js')):
    parts.append('(function(){\n' + open(f, encoding='utf-8').read() + '\n})();\n')
body = '\n'.join(parts)
out, size = [], 0
while size < 20000000:
    out.append(body)
    size += len(body)
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(out))
EOF
"$PC" --bench "$B" 5

echo "== $fails failure(s)"
[ "$fails" = 0 ]
