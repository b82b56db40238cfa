#!/bin/sh
# deps.sh — make sure the tools cryo needs to build and test are present on Debian 12.
# Installs missing packages with apt-get when run as root; otherwise says what to install.
set -e
need=""
command -v cc >/dev/null 2>&1 || need="$need build-essential"
command -v make >/dev/null 2>&1 || need="$need make"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v clang >/dev/null 2>&1 || need="$need clang"
[ -f /usr/include/zstd.h ] || need="$need libzstd-dev"
[ -f /usr/include/openssl/evp.h ] || need="$need libssl-dev"
[ -f /usr/include/sqlite3.h ] || need="$need libsqlite3-dev"
# the sanitizer runtimes (for `make SAN=1`)
if command -v cc >/dev/null 2>&1; then
    t=$(mktemp -d)
    echo 'int main(void){return 0;}' > "$t/t.c"
    cc -fsanitize=address,undefined "$t/t.c" -o "$t/t" >/dev/null 2>&1 || need="$need libasan8 libubsan1"
    rm -rf "$t"
fi
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "deps: installing:$need"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need
    else
        echo "deps: missing packages:$need" >&2
        echo "deps: run: sudo apt-get install -y$need" >&2
        exit 1
    fi
fi
