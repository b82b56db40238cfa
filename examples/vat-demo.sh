#!/bin/sh
# vat-demo.sh — a ledger vat receives 100,000 deliveries with a snapshot every 1,000, its
# process is killed with kill -9 (once part-way, once after the last delivery), and
# `cryo vat restart` brings it back from the latest snapshot + the transcript tail. Prints
# the restart time next to the full replay time, the snapshot size and hash, and checks
# that the restarted vat has the state hash of a vat that never died (docs/vat-store.md).
# The vat makes syscalls (vatstore writes and reads, sends) in most deliveries: the demo
# ends with `cryo vat check`, which recomputes the vatstore and the outbox from the
# syscalls recorded in the transcript and compares them with the stored ones.
#
#   examples/vat-demo.sh            (after `make -j2`; N=..., K=..., BUILD=..., VAT=... to change)
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CRYO=$BUILD/cryo
N=${N:-100000}
K=${K:-1000}
VAT=${VAT:-examples/ledger-vat.js}
[ -x "$CRYO" ] && [ -x "$BUILD/cryo-worker" ] || { echo "vat-demo: build first: make -j2" >&2; exit 2; }
D=$(mktemp -d "${TMPDIR:-/tmp}/cryo-vat-demo.XXXXXX")
PIDS=""
cleanup() { for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$D"; }
trap cleanup EXIT HUP INT PIPE TERM
DB=$D/vats.db

pos() { "$CRYO" vat status "$DB" ledger | awk '{ print $3 }'; }
# wait until the vat's position reaches $1 (or the process $2 ends)
wait_pos() {
    while [ "$(pos)" -lt "$1" ] && kill -0 "$2" 2>/dev/null; do sleep 0.1; done
}
ms() { sed -n 's/^time: .*; \([0-9.]*\) ms with opening the store)$/\1/p'; }
field() { sed -n "s/^$1: *//p"; }

echo "== cryo vat demo: $N deliveries to $VAT, a snapshot every $K"
python3 examples/ledger-messages.py "$N" > "$D/messages.txt"
"$CRYO" vat create "$DB" ledger --source "$VAT" --snapshot-every "$K" > /dev/null

# 1. deliver; kill -9 the process at a random position between 30% and 70% of the way
target=$(od -An -N2 -tu2 /dev/urandom | awk -v n="$N" '{ printf "%d", n * (0.3 + 0.4 * $1 / 65535) }')
t0=$(date +%s.%N)
"$CRYO" vat deliver "$DB" ledger --file "$D/messages.txt" --quiet 2> "$D/deliver1.log" &
pid=$!
PIDS="$pid"
wait_pos "$target" "$pid"
what="kill -9 of the delivering process"
kill -9 "$pid" 2>/dev/null || what="(the delivering process finished before the kill)"
wait "$pid" 2>/dev/null || true
tk=$(date +%s.%N)
killed_at=$(pos)
echo "$what at position $killed_at" \
     "($(awk -v a="$t0" -v b="$tk" -v n="$killed_at" 'BEGIN { printf "%.0f", n / (b - a) }') deliveries/s, each one a SQLite transaction)"

# 2. restart after the kill: the latest snapshot + the transcript after it
"$CRYO" vat restart "$DB" ledger > "$D/restart1.txt"
echo "restart at $killed_at: $(field 'started from' < "$D/restart1.txt" | sed 's/ (.*//') + $(field replayed < "$D/restart1.txt" | sed 's/ deliveries.*//') transcript items in $(ms < "$D/restart1.txt") ms"

# 3. resume to N; the process stays up reading a pipe, and is killed after the last delivery
mkfifo "$D/feed"
"$CRYO" vat deliver "$DB" ledger --file "$D/feed" --resume --quiet 2> "$D/deliver2.log" &
pid=$!
(cat "$D/messages.txt"; exec sleep 3600) > "$D/feed" &
feeder=$!
PIDS="$pid $feeder"
wait_pos "$N" "$pid"
# ... and once it has also stored the snapshot due after the last delivery (it is then idle)
while [ "$("$CRYO" vat status "$DB" ledger | sed 's/.*snapshots \([0-9]*\).*/\1/')" -lt $((N / K + 1)) ] &&
      kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
kill -9 "$pid" 2>/dev/null || true
kill "$feeder" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
t1=$(date +%s.%N)
[ "$(pos)" -eq "$N" ] || { echo "vat-demo: the vat stopped at $(pos)" >&2; cat "$D/deliver2.log" >&2; exit 1; }
echo "kill -9 of the delivering process after delivery $N ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s of delivering, both runs)"

# 4. restart vs. full replay at N
"$CRYO" vat restart "$DB" ledger --hash > "$D/restart2.txt"
last=$(( (N / K - 1) * K ))
"$CRYO" vat restart "$DB" ledger --from "$last" > "$D/restart3.txt"
"$CRYO" vat replay "$DB" ledger --hash > "$D/replay.txt"
r2=$(ms < "$D/restart2.txt"); r3=$(ms < "$D/restart3.txt"); rp=$(ms < "$D/replay.txt")
tail2=$(field replayed < "$D/restart2.txt" | sed 's/ deliveries.*//')
from2=$(field 'started from' < "$D/restart2.txt" | sed 's/^snapshot \([0-9]*\).*/\1/')
echo
printf '%-44s %12s %14s\n' "bring the vat back to position $N" "time" "full replay /"
printf '%-44s %9.1f ms %13.0fx\n' "restart: snapshot $from2 + $tail2 deliveries" "$r2" "$(echo "$rp $r2" | awk '{ print $1 / $2 }')"
printf '%-44s %9.1f ms %13.0fx\n' "restart: snapshot $last + $((N - last)) deliveries" "$r3" "$(echo "$rp $r3" | awk '{ print $1 / $2 }')"
printf '%-44s %9.1f ms %13s\n' "full replay: source + $N deliveries" "$rp" "1x"
grep -q "caught up" "$D/restart2.txt" && echo "(the kill came before the last due snapshot was stored: the restart took it)"
echo "(times include opening the store, starting the worker and checking every replayed result;"
echo " the full replay also re-takes and compares all $((N / K + 1)) recorded snapshots)"
echo
echo "snapshot at $from2: $(field 'started from' < "$D/restart2.txt" | sed 's/^snapshot [0-9]* (//; s/)$//')"
"$CRYO" vat log "$DB" ledger --count 1 | sed -n 's/^  *\([0-9]*\)  \([0-9a-f]*\)  *\([0-9]*\) bytes  *\([0-9]*\) zstd$/\1 \3 \4/p' > "$D/sizes.txt"
awk '{ raw += $2; z += $3; n++ } END { printf "all %d snapshots stored: %.1f MB canonical, %.1f MB zstd\n", n, raw / 1e6, z / 1e6 }' "$D/sizes.txt"
h_restart=$(field 'state hash' < "$D/restart2.txt")
h_replay=$(field 'state hash' < "$D/replay.txt")
echo "state hash, restarted vat:        $h_restart"
echo "state hash, never-died (replay):  $h_replay"
if [ "$h_restart" = "$h_replay" ]; then
    echo "identical: the restarted vat is the vat that never died"
    echo "(the replay also matched every one of the $((N / K + 1)) snapshots written across the two kills)"
else
    echo "vat-demo: MISMATCH" >&2
    exit 1
fi
echo
"$CRYO" vat log "$DB" ledger --count 1 |
    sed -n 's/^\(vatstore: [0-9]* keys, [0-9]* bytes\), hash \([0-9a-f]\{16\}\)[0-9a-f]*; \(outbox: [0-9]* sends\); resolutions: [0-9]*; syscalls: \([0-9]*\)$/\4 syscalls recorded; \1 (hash \2...), \3/p'
tc0=$(date +%s.%N)
"$CRYO" vat check "$DB" ledger > "$D/check.txt" || { cat "$D/check.txt" >&2; exit 1; }
tc1=$(date +%s.%N)
echo "cryo vat check: $(tail -1 "$D/check.txt" | sed 's/^vat ledger: //') — the vatstore and outbox are the fold of the" \
     "recorded syscalls ($(awk -v a="$tc0" -v b="$tc1" 'BEGIN { printf "%.1f", b - a }') s)"
