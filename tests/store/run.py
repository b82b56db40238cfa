#!/usr/bin/env python3
"""run.py — tests of the vat store and `cryo vat` (docs/vat-store.md).

    python3 tests/store/run.py --cryo build/cryo [--worker build/cryo-worker] [-k NAME]

Each test is a function below; the vat is examples/ledger-vat.js fed by
examples/ledger-messages.py, with a small snapshot interval so that every path (snapshot,
tail, fallback) is exercised quickly. What they show:
  basic        create / deliver / snapshot / restart / replay / log / status / check
  every        a vat restored from EVERY earlier snapshot and replayed to the end has the
               state hash of the vat that ran continuously; the full replay too
  kill9        `kill -9` of the delivering process at pseudo-random moments (fixed seeds),
               resumed each time: the store always checks clean and ends with exactly the
               transcript, snapshots and state hash of a process that never died
  between      the kill between a delivery's transaction and its snapshot's, made
               deterministically: the next process takes the due snapshot
  worker_kill  the worker killed under a delivery: the delivery is not recorded, a retry
               resumes
  corrupt      a flipped byte in a snapshot blob (fallback, --strict, --repair, check), in a
               transcript item (broken span hash chain), a rewritten transcript with a
               consistent chain (divergence)
  limits       meter limit (the delivery is not recorded), a malformed syscall answered, a
               source that throws, errors with their exit codes
  prune        retention keeps N blobs; replays still compare every recorded hash
  compilers    (with --worker2) a store written through one build of the worker replays
               through another (gcc / clang) with the same results and hashes
Prints `N passed, N failed`."""
import argparse, hashlib, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time, traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VAT = os.path.join(ROOT, "examples/ledger-vat.js")
GEN = os.path.join(ROOT, "examples/ledger-messages.py")
CRYO = WORKER = WORKER2 = None
TMP = None


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def vat(*args, rc=0, stdin=None, timeout=120):
    """Run `cryo vat ARGS`; check the exit code; return (stdout, stderr)."""
    cmd = [CRYO, "vat"] + [str(a) for a in args]
    if WORKER:
        cmd += ["--worker", WORKER]
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if rc is not None and p.returncode != rc:
        raise Fail(f"{' '.join(cmd[1:])}: exit {p.returncode}, expected {rc}\nstdout: {out[-800:]}\nstderr: {err[-800:]}")
    return out, err


def field(out, name):
    """The value of a `name:` line of restart/replay/deliver output."""
    for line in out.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    raise Fail(f"no '{name}:' line in:\n{out}")


def messages(n, name="msgs.txt", seed=12345):
    path = os.path.join(TMP, f"{seed}-{n}-{name}")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(subprocess.run([sys.executable, GEN, str(n), str(seed)], capture_output=True, check=True).stdout)
    return path


def new_store(name, every=10, extra=()):
    db = os.path.join(TMP, name + ".db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    vat("create", db, "ledger", "--source", VAT, "--snapshot-every", every, *extra)
    return db


def position(db):
    out, _ = vat("status", db, "ledger")
    return int(out.split("position")[1].split()[0])


# A reference run (continuous, never killed) shared by several tests: N messages, K=10.
N = 125
REF = {}


def reference():
    if not REF:
        db = new_store("reference")
        out, _ = vat("deliver", db, "ledger", "--file", messages(N), "--quiet", "--hash")
        REF["db"] = db
        REF["hash"] = field(out, "state hash")
        REF["log"] = vat("log", db, "ledger", "--count", "0")[0]
    return REF


def test_basic():
    db = new_store("basic", every=3)
    out, _ = vat("deliver", db, "ledger", '{"op":"open","id":"a","amount":10}', '{"op":"open","id":"b","amount":5}',
                 '{"op":"transfer","from":"a","to":"b","amount":3}', "not json")
    lines = out.splitlines()
    check(len(lines) == 4, f"four replies: {out}")
    check(lines[0].startswith('1 .{"ok":true,"seq":1'), lines[0])
    check(lines[2] == '3 .{"ok":true,"seq":3,"value":{"from":7,"to":8,"n":1}}', lines[2])
    check(lines[3].startswith("4 !SyntaxError"), lines[3])
    out, _ = vat("snapshot", db, "ledger")
    check(out.startswith("snapshot 4: sha256 "), out)
    vat("snapshot", db, "ledger", rc=1)                 # one snapshot per position
    log, _ = vat("log", db, "ledger", "--count", "0")
    check("positions 0..4" in log and "snapshots (3):" in log, log)
    for p in (0, 3, 4):
        check(f"\n  {p:10d}  " in log, f"snapshot {p} in log")
    out, _ = vat("restart", db, "ledger", "--hash")
    check(field(out, "position") == "4" and field(out, "started from").startswith("snapshot 4 "), out)
    check(field(out, "replayed").startswith("0 deliveries"), out)
    h = field(out, "state hash")
    out, _ = vat("replay", db, "ledger", "--hash")
    check(field(out, "started from").startswith("source"), out)
    check(field(out, "replayed").startswith("5 deliveries, 3 snapshots"), out)
    check(field(out, "state hash") == h, "replay hash == restart hash")
    out, _ = vat("restart", db, "ledger", "--to", 3, "--hash")
    check(field(out, "position") == "3" and field(out, "started from").startswith("snapshot 3 "), out)
    out, _ = vat("restart", db, "ledger", "--to", 2, "--hash")
    check(field(out, "position") == "2" and field(out, "started from").startswith("snapshot 0 "), out)
    out, _ = vat("deliver", db, "ledger", '{"op":"balance","id":"b"}')
    check(out.startswith('5 .{"ok":true,"seq":5,"value":{"id":"b","balance":8'), out)
    # a batch on standard input (regression: a stopped worker once closed fd 0)
    out, _ = vat("deliver", db, "ledger", "--file", "-", stdin=b'{"op":"audit"}\n{"op":"top","n":1}\n')
    check(out.startswith("6 .") and '7 .{"ok":true,"seq":7,"value":[["b",8]]}' in out, out)
    out, _ = vat("status", db)
    check(out.startswith("ledger") and "position 7" in out, out)
    out, _ = vat("check", db, "ledger")
    check(out.strip().endswith("ok"), out)


def test_every():
    ref = reference()
    db = ref["db"]
    log = ref["log"]
    snaps = [int(l.split()[0]) for l in log.split("snapshots (")[1].split("transcript")[0].splitlines()[1:]]
    check(snaps == list(range(0, N + 1, 10)), f"snapshot positions {snaps}")
    for s in snaps:
        out, _ = vat("restart", db, "ledger", "--from", s, "--hash")
        check(field(out, "state hash") == ref["hash"], f"restored from {s}: hash {field(out, 'state hash')} != {ref['hash']}")
        check(field(out, "replayed").startswith(f"{N - s} deliveries, {len([x for x in snaps if x > s])} snapshots"), out)
    out, _ = vat("replay", db, "ledger", "--hash")
    check(field(out, "state hash") == ref["hash"], "full replay hash")
    # intermediate positions too: from each snapshot to a point after it
    for s, to in ((0, 7), (50, 63), (110, 119)):
        a = field(vat("restart", db, "ledger", "--from", s, "--to", to, "--hash")[0], "state hash")
        b = field(vat("replay", db, "ledger", "--to", to, "--hash")[0], "state hash")
        check(a == b, f"state at {to} from snapshot {s} vs replay")


KILLS = []


def test_kill9():
    ref = reference()
    msgs = messages(N)
    for seed in (1, 2, 3, 4, 5, 6):
        rnd = random.Random(seed)
        first = 0.08
        for round_ in range(6):
            db = new_store(f"kill{seed}-{round_}")
            kills = kill_batches(db, rnd, msgs, first)
            if kills > 0:
                break
            first /= 4                      # the whole batch beat the first kill: aim earlier
        check(position(db) == N, f"seed {seed}: reached {position(db)}")
        check(kills > 0, f"seed {seed}: no kill landed")
        KILLS.append(kills)
        out, _ = vat("restart", db, "ledger", "--hash")
        check(field(out, "state hash") == ref["hash"], f"seed {seed}: restarted hash differs from the never-died one")
        log = vat("log", db, "ledger", "--count", "0")[0]
        check(log == ref["log"], f"seed {seed}: transcript/snapshots differ from the never-died run")


def kill_batches(db, rnd, msgs, longest):
    """Deliver the message file into db with `cryo vat deliver --resume`, killing each
    process with SIGKILL after a random delay below `longest` (which grows while kills land
    before any progress), until every message is in; checks the store after every kill.
    Returns the number of kills that landed."""
    kills = 0
    for attempt in range(200):
        before = position(db)
        if before >= N:
            break
        cmd = [CRYO, "vat", "deliver", db, "ledger", "--file", msgs, "--resume", "--quiet"]
        if WORKER:
            cmd += ["--worker", WORKER]
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.0, longest))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
        if position(db) == before:
            longest *= 1.5
        # the store is always consistent, whatever the moment of the kill
        out, _ = vat("check", db, "ledger")
        check(out.strip().endswith("ok"), f"check after a kill: {out}")
    return kills


def test_between():
    """The kill that lands after a delivery's transaction and before its snapshot's: the
    same store state, made deterministically. The next process takes the due snapshot."""
    ref = reference()
    db, con = copy_store(ref["db"], "between")
    con.execute("DELETE FROM transcript WHERE position > 120")
    con.execute("DELETE FROM snapshots WHERE position >= 120")
    con.commit()
    con.close()
    out, _ = vat("restart", db, "ledger")
    check(field(out, "replayed").startswith("10 deliveries, 0 snapshots re-taken and compared, 1 due snapshot caught up"), out)
    vat("deliver", db, "ledger", "--file", messages(N), "--resume", "--quiet")
    check(vat("log", db, "ledger", "--count", "0")[0] == ref["log"], "same transcript and snapshots as the never-died run")
    check(field(vat("restart", db, "ledger", "--from", 0, "--hash")[0], "state hash") == ref["hash"], "same state")
    # the same between `create`'s transactions: the vat row and its source, no snapshot 0
    db, con = copy_store(ref["db"], "between0")
    con.execute("DELETE FROM transcript WHERE position > 0")
    con.execute("DELETE FROM snapshots")
    con.commit()
    con.close()
    out, _ = vat("restart", db, "ledger")
    check(field(out, "started from").startswith("source") and "1 due snapshot caught up" in out, out)
    vat("deliver", db, "ledger", "--file", messages(N), "--resume", "--quiet")
    check(vat("log", db, "ledger", "--count", "0")[0] == ref["log"], "same history after a kill inside create")


def test_worker_kill():
    db = new_store("wkill")
    msgs = messages(40)
    # a worker killed while the store waits for its reply: nothing is recorded
    proc = subprocess.Popen([CRYO, "vat", "deliver", db, "ledger", "--file", "-"] + (["--worker", WORKER] if WORKER else []),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = open(msgs, "rb").read().splitlines()
    proc.stdin.write(b"\n".join(lines[:20]) + b"\n")
    proc.stdin.flush()
    # while its input stays open, every delivery is committed and its reply written at once
    for i in range(1, 21):
        got = proc.stdout.readline()
        check(got.startswith(b"%d ." % i), f"reply {i} while the input is open: {got!r}")
    check(position(db) == 20, "all 20 committed while waiting for input")
    kids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    check(len(kids) == 1, f"one worker child: {kids}")
    os.kill(int(kids[0]), signal.SIGKILL)
    proc.stdin.write(lines[20] + b"\n")
    proc.stdin.close()
    err = proc.stderr.read().decode()
    check(proc.wait() == 5, f"exit 5 when the worker dies: {err}")
    check("delivery 21 was not recorded" in err and "signal 9" in err, err)
    check(position(db) == 20, "position stays at 20")
    vat("deliver", db, "ledger", "--file", msgs, "--resume", "--quiet")
    check(position(db) == 40, "resumed to 40")
    vat("replay", db, "ledger")


def copy_store(src, name):
    dst = os.path.join(TMP, name + ".db")
    con = sqlite3.connect(src)
    out = sqlite3.connect(dst)
    con.backup(out)
    con.close()
    return dst, out


def test_corrupt():
    ref = reference()
    # 1. a flipped byte in the newest snapshot blob
    db, con = copy_store(ref["db"], "corrupt-snap")
    blob = bytearray(con.execute("SELECT compressed FROM snapshots WHERE position=120").fetchone()[0])
    blob[len(blob) // 2] ^= 0x20
    con.execute("UPDATE snapshots SET compressed=? WHERE position=120", (bytes(blob),))
    con.commit()
    con.close()
    out, err = vat("restart", db, "ledger", "--hash")
    check("snapshot at position 120" in err and "falling back" in err, err)
    check(field(out, "started from").startswith("snapshot 110 "), out)
    check(field(out, "state hash") == ref["hash"], "fallback reaches the same state")
    check(field(out, "fallbacks").startswith("1 corrupt"), out)
    out, err = vat("restart", db, "ledger", "--strict", rc=4)
    check("snapshot at position 120" in err, err)
    out, _ = vat("check", db, "ledger", rc=4)
    check("PROBLEMS FOUND" in out and "snapshot at position 120" in out, out)
    out, err = vat("restart", db, "ledger", "--repair")
    check("1 repaired" in out, out)
    out, _ = vat("check", db, "ledger")
    check(out.strip().endswith("ok"), out)
    out, _ = vat("restart", db, "ledger", "--strict", "--hash")
    check(field(out, "started from").startswith("snapshot 120 "), out)
    # 2. a flipped byte in a transcript item: the span hash chain breaks
    db, con = copy_store(ref["db"], "corrupt-item")
    r = bytearray(con.execute("SELECT result FROM transcript WHERE position=123").fetchone()[0])
    r[5] ^= 1
    con.execute("UPDATE transcript SET result=? WHERE position=123", (bytes(r),))
    con.commit()
    con.close()
    _, err = vat("restart", db, "ledger", rc=4)
    check("span hash chain broken at position 123" in err, err)
    _, err = vat("replay", db, "ledger", rc=4)
    check("span hash chain broken at position 123" in err, err)
    out, _ = vat("check", db, "ledger", rc=4)
    check("position 123: span hash chain broken" in out, out)
    vat("restart", db, "ledger", "--to", 122)             # before the damage: fine
    # 3. a rewritten result with a recomputed, consistent chain: the replay diverges
    db, con = copy_store(ref["db"], "rewritten")
    rows = con.execute("SELECT position, delivery, result, meter FROM transcript ORDER BY position").fetchall()
    span = bytes(32)
    for pos, d, res, meter in rows:
        if pos == 117:
            res = res.replace(b'"ok":true', b'"ok":1')
            con.execute("UPDATE transcript SET result=? WHERE position=117", (res,))
        ns = lambda b: str(len(b)).encode() + b":" + b + b","
        span = hashlib.sha256(span + hashlib.sha256(ns(d) + ns(res) + ns(meter.encode())).digest()).digest()
        con.execute("UPDATE transcript SET span_hash=? WHERE position=?", (span, pos))
        con.execute("UPDATE snapshots SET span_hash=? WHERE position=?", (span, pos))
    con.commit()
    con.close()
    out, _ = vat("check", db, "ledger")                   # the store is self-consistent...
    check(out.strip().endswith("ok"), out)
    _, err = vat("restart", db, "ledger", "--from", 110, rc=3)   # ...but not what the vat does
    check("diverged at position 117" in err, err)
    vat("restart", db, "ledger")                          # the tail after 120 is untouched


def test_limits():
    src = os.path.join(TMP, "spin.js")
    with open(src, "w") as f:
        f.write('globalThis.handleCommand = m => { const s = new TextDecoder().decode(m);\n'
                '  if (s === "spin") for (;;) {}\n'
                '  if (s === "ask") issueCommand(new ArrayBuffer(1));\n'
                '  return new TextEncoder().encode("got " + s).buffer; };\n')
    db = os.path.join(TMP, "limits.db")
    vat("create", db, "v", "--source", src, "--meter-limit", 1000000)
    out, err = vat("deliver", db, "v", "a", "spin", rc=5)
    check(out == "1 .got a\n", out)
    check("delivery 2 was not recorded" in err and "too much computation" in err, err)
    out, err = vat("deliver", db, "v", "ask")             # a malformed syscall gets an error answer
    check(out == "2 .got ask\n", out)
    out, _ = vat("deliver", db, "v", "b")
    check(out == "3 .got b\n", out)
    vat("replay", db, "v")
    # a vat named like an option is still a label to the worker
    vat("create", db, "-r", "--source", src)
    out, _ = vat("deliver", db, "-r", "x")
    check(out == "1 .got x\n", out)
    # errors and their exit codes
    vat("create", db, "v", "--source", src, rc=1)                       # exists
    bad = os.path.join(TMP, "throws.js")
    with open(bad, "w") as f:
        f.write("throw new Error('nope')")
    _, err = vat("create", db, "w", "--source", bad, rc=1)
    check("the source threw: Error: nope" in err, err)
    vat("status", db, "w", rc=1)                                         # was not created
    _, err = vat("deliver", db, "nosuch", "x", rc=1)
    check("no vat named nosuch" in err, err)
    _, err = vat("status", os.path.join(TMP, "missing.db"), rc=1)
    txt = os.path.join(TMP, "text.db")
    with open(txt, "w") as f:
        f.write("this is not a database, it is text " * 100)
    _, err = vat("status", txt, rc=1)
    check("not a database" in err or "not a cryo vat store" in err, err)
    other = os.path.join(TMP, "other.db")
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    _, err = vat("deliver", other, "v", "x", rc=1)
    check("not a cryo vat store" in err, err)
    vat("frobnicate", db, "v", rc=2)
    vat("deliver", db, rc=2)
    vat("restart", db, "v", "--from", "x", rc=2)
    vat("restart", db, "v", "--from", 3, rc=1)                           # no snapshot there
    vat("restart", db, "v", "--to", 99, rc=1)                            # beyond the end
    p = subprocess.run([CRYO, "vat", "restart", db, "v", "--worker", "/nonexistent/cryo-worker"], capture_output=True)
    check(p.returncode == 1 and b"cannot run" in p.stderr, p.stderr)


def test_prune():
    db = new_store("prune", every=10, extra=("--keep-snapshots", 2))
    vat("deliver", db, "ledger", "--file", messages(55), "--quiet")
    log = vat("log", db, "ledger")[0]
    check(log.count("(blob pruned)") == 4 and log.count(" zstd\n") == 2, log)
    out, _ = vat("restart", db, "ledger")
    check(field(out, "started from").startswith("snapshot 50 "), out)
    vat("restart", db, "ledger", "--from", 10, rc=1)
    out, _ = vat("replay", db, "ledger")
    check(field(out, "replayed").startswith("56 deliveries, 6 snapshots"), out)
    out, _ = vat("prune", db, "ledger", "--keep", 1)
    check("1 snapshot blobs dropped" in out, out)
    vat("check", db, "ledger")


def test_compilers():
    """A store written through one build of cryo-worker (gcc) replays through another
    (--worker2, e.g. clang): same results, meters and snapshot hashes (DESIGN C2/C3)."""
    if not WORKER2:
        raise Skip("needs --worker2")
    ref = reference()
    out, _ = vat("replay", ref["db"], "ledger", "--hash", "--worker", WORKER2)
    check(field(out, "replayed").startswith(f"{N + 1} deliveries, {N // 10 + 1} snapshots"), out)
    check(field(out, "state hash") == ref["hash"], "the other build reaches the same state")


TESTS = [test_basic, test_every, test_kill9, test_between, test_worker_kill, test_corrupt, test_limits, test_prune, test_compilers]


def main():
    global CRYO, WORKER, WORKER2, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--cryo", default=os.path.join(ROOT, "build/cryo"))
    ap.add_argument("--worker", default=None)
    ap.add_argument("--worker2", default=None, help="another build of cryo-worker for the compilers test")
    ap.add_argument("-k", default=None, help="run the tests whose name contains one of these (comma separated)")
    a = ap.parse_args()
    CRYO = os.path.abspath(a.cryo)
    WORKER = os.path.abspath(a.worker) if a.worker else None
    WORKER2 = os.path.abspath(a.worker2) if a.worker2 else None
    TMP = tempfile.mkdtemp(prefix="cryo-store-")
    passed = failed = 0
    try:
        for t in TESTS:
            if a.k and not any(k and k in t.__name__ for k in a.k.split(",")):
                continue
            t0 = time.time()
            try:
                t()
                passed += 1
                extra = f", {sum(KILLS)} kills over {len(KILLS)} seeds" if t is test_kill9 else ""
                print(f"ok    {t.__name__[5:]} ({time.time() - t0:.1f} s{extra})", flush=True)
            except Skip as e:
                print(f"skip  {t.__name__[5:]}: {e}", flush=True)
            except Exception as e:
                failed += 1
                detail = str(e) if isinstance(e, Fail) else traceback.format_exc()
                print(f"FAIL  {t.__name__[5:]}: {detail}", flush=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
