#!/bin/sh
# Builds and runs the numconv unit test (tests/unit/test_numconv.c) from the repository root.
#   sh tests/unit/numconv_check.sh            optimised build, full run
#   sh tests/unit/numconv_check.sh asan       -fsanitize=address,undefined build, full run
#   sh tests/unit/numconv_check.sh opt -q     further arguments go to the test (-q, -n N, -m N)
# CC selects the compiler (default cc). Exit status is the test's.
CC=${CC:-cc}
mode=${1:-opt}
[ $# -gt 0 ] && shift
case $mode in
opt) flags="-O2" ;;
asan) flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" ;;
*) echo "usage: $0 [opt|asan] [test options]" >&2; exit 2 ;;
esac
out=${TMPDIR:-/tmp}/test_numconv.$$
$CC -std=c11 -Wall -Wextra -Werror -ffp-contract=off $flags -Isrc src/numconv.c \
    tests/unit/test_numconv.c -o "$out" || exit 1
"$out" "$@"
rc=$?
rm -f "$out"
exit $rc
