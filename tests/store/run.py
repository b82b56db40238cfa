#!/usr/bin/env python3
"""run.py — tests of the vat store and `cryo vat` (docs/vat-store.md).

    python3 tests/store/run.py --cryo build/cryo [--worker build/cryo-worker] [-k NAME]

Each test is a function below; the vat is examples/ledger-vat.js (which makes vatstore and
send syscalls in most deliveries) fed by examples/ledger-messages.py, with a small snapshot
interval so that every path (snapshot, tail, fallback) is exercised quickly. What they show:
  basic        create / deliver / snapshot / restart / replay / log / status / check
  every        a vat restored from EVERY earlier snapshot and replayed to the end has the
               state hash of the vat that ran continuously; the full replay too
  kill9        `kill -9` of the delivering process at pseudo-random moments (fixed seeds),
               resumed each time: the store always checks clean and ends with exactly the
               transcript (syscalls included), snapshots, vatstore, outbox and state hash of
               a process that never died
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
  syscalls     every syscall and its answer, malformed syscall payloads, lone surrogates,
               limits, syscalls in the source, rollback of an unrecorded delivery's effects,
               the vatstore and outbox commands, check against a tampered vatstore
  fuzz         400 mutated syscalls: each answered ok or error, the store checks and replays
  divergence   a changed vat source or input (another syscall, one more, one fewer, another
               result) and a nondeterministic vat diverge with exit 3 naming the position
               and both syscalls
  boundary     syscalls at snapshot positions: restart from / to each side of a snapshot,
               the kill between a syscall-making delivery and its snapshot
  conflict     two processes deliver to one vat: the stale one gets exit 6, its syscalls'
               effects rolled back
  upgrade      a schema version 1 or 2 store is upgraded on the first writing command (2 with sends: refused)
  exit         an exit syscall: recorded, and the vat takes no more deliveries (exit 7)
  compilers    (with --worker2) a store written through one build of the worker replays
               through another (gcc / clang) with the same results and hashes
Prints `N passed, N failed`."""
import argparse, hashlib, json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time, traceback

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
        REF["log"] = state(db)
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
        check(state(db) == ref["log"], f"seed {seed}: transcript/snapshots/vatstore/outbox differ from the never-died run")


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
    truncate(con, 120)
    con.execute("DELETE FROM snapshots WHERE position >= 120")
    con.commit()
    con.close()
    out, _ = vat("restart", db, "ledger")
    check(field(out, "replayed").startswith("10 deliveries, 0 snapshots re-taken and compared, 1 due snapshot caught up"), out)
    vat("deliver", db, "ledger", "--file", messages(N), "--resume", "--quiet")
    check(state(db) == ref["log"], "same transcript, snapshots, vatstore and outbox as the never-died run")
    check(field(vat("restart", db, "ledger", "--from", 0, "--hash")[0], "state hash") == ref["hash"], "same state")
    # the same between `create`'s transactions: the vat row and its source, no snapshot 0
    db, con = copy_store(ref["db"], "between0")
    truncate(con, 0)
    con.execute("DELETE FROM snapshots")
    con.commit()
    con.close()
    out, _ = vat("restart", db, "ledger")
    check(field(out, "started from").startswith("source") and "1 due snapshot caught up" in out, out)
    vat("deliver", db, "ledger", "--file", messages(N), "--resume", "--quiet")
    check(state(db) == ref["log"], "same history after a kill inside create")


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


def ns(b):
    return str(len(b)).encode() + b":" + b + b","


def rechain(con):
    """Recompute every span hash (and snapshot row span) of the store's transcript from its
    contents (docs/vat-store.md): a rewrite that keeps the store self-consistent."""
    span = bytes(32)
    for pos, d, res, meter in con.execute("SELECT position, delivery, result, meter FROM transcript ORDER BY position").fetchall():
        h = ns(d) + ns(res) + ns(meter.encode())
        for call, ans in con.execute("SELECT syscall, answer FROM syscalls WHERE position=? ORDER BY n", (pos,)):
            h += ns(call) + ns(ans)
        span = hashlib.sha256(span + hashlib.sha256(h).digest()).digest()
        con.execute("UPDATE transcript SET span_hash=? WHERE position=?", (span, pos))
        con.execute("UPDATE snapshots SET span_hash=? WHERE position=?", (span, pos))


def truncate(con, last):
    """The store as a process killed right after committing delivery `last` left it: later
    items, their syscalls and sends removed, the vatstore rebuilt from the recorded syscalls."""
    con.execute("DELETE FROM transcript WHERE position > ?", (last,))
    con.execute("DELETE FROM syscalls WHERE position > ?", (last,))
    con.execute("DELETE FROM outbox WHERE position > ?", (last,))
    con.execute("DELETE FROM resolutions WHERE position > ?", (last,))
    con.execute("DELETE FROM exits WHERE position > ?", (last,))
    con.execute("DELETE FROM kvstore")
    for vat, call, ans in con.execute("SELECT vat, syscall, answer FROM syscalls ORDER BY vat, position, n").fetchall():
        if ans != b'["ok",null]':
            continue
        c = json.loads(call)
        k = lambda x: x.encode("utf-8", "surrogatepass")
        if c[0] == "vatstoreSet":
            con.execute("INSERT OR REPLACE INTO kvstore VALUES (?,?,?)", (vat, k(c[1]), k(c[2])))
        elif c[0] == "vatstoreDelete":
            con.execute("DELETE FROM kvstore WHERE vat=? AND key=?", (vat, k(c[1])))


def state(db, name="ledger"):
    """Everything `check` compares, as text: the log, the vatstore and the outbox."""
    return (vat("log", db, name, "--count", "0")[0] + vat("vatstore", db, name)[0] + vat("outbox", db, name)[0])


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
    res = con.execute("SELECT result FROM transcript WHERE position=117").fetchone()[0]
    con.execute("UPDATE transcript SET result=? WHERE position=117", (res.replace(b'"ok":true', b'"ok":1'),))
    rechain(con)
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


# A vat for the syscall tests: `raw BYTES` passes the rest of the message to issueCommand as
# it is and replies with the answer; `hex HH..` the same for bytes given in hex.
SYSVAT = r"""
const enc = new TextEncoder(), dec = new TextDecoder();
const raw = b => dec.decode(issueCommand(b));
function syscall(...a) {
  const [status, data] = JSON.parse(raw(enc.encode(JSON.stringify(a)).buffer));
  if (status !== "ok") throw new Error(data);
  return data;
}
syscall("vatstoreSet", "source", "ran");
let n = 0;
globalThis.handleCommand = m => {
  const s = dec.decode(m), sp = s.indexOf(" ");
  const op = sp < 0 ? s : s.slice(0, sp), arg = sp < 0 ? "" : s.slice(sp + 1);
  n++;
  let out = "";
  if (op === "raw") out = raw(enc.encode(arg).buffer);
  else if (op === "hex") out = raw(new Uint8Array(arg.match(/../g) ?? []).map((_, i) => parseInt(arg.slice(2 * i, 2 * i + 2), 16)).buffer);
  else if (op === "spin") { syscall("vatstoreSet", "spun", "yes"); for (;;) {} }
  else if (op === "throw") { syscall("vatstoreSet", "threw", String(n)); throw new Error("thrown"); }
  else if (op === "keys") { const ks = []; for (let k = ""; (k = syscall("vatstoreGetNextKey", k)) !== null;) ks.push(k); out = JSON.stringify(ks); }
  else if (op === "surrogate") { syscall("vatstoreSet", "s\ud800", "v\udc00x\u0000"); const v = syscall("vatstoreGet", "s\ud800"); out = JSON.stringify([v === "v\udc00x\u0000", v.length]); }
  else if (op === "long") { const k = "k".repeat(+arg); out = raw(enc.encode(JSON.stringify(["vatstoreSet", k, "v"])).buffer); }
  else if (op === "deep") { out = raw(enc.encode(`["testLog",${"[".repeat(+arg)}${"]".repeat(+arg)}]`).buffer); }
  else if (op === "count") { const k = "c:" + arg, v = syscall("vatstoreGet", k); syscall("vatstoreSet", k, String(+(v ?? 0) + 1)); out = String(v); }
  return enc.encode(out).buffer;
};
"""

MALFORMED = [
    ("raw not json", '["error","a syscall is a JSON array [name, ...arguments]"]'),
    ("raw {}", '["error","a syscall is a JSON array [name, ...arguments]"]'),
    ("raw []", '["error","a syscall is a JSON array [name, ...arguments] whose name is a string"]'),
    ("raw [1]", '["error","a syscall is a JSON array [name, ...arguments] whose name is a string"]'),
    ('raw ["nope",1]', '["error","unknown syscall \\"nope\\""]'),
    ('raw ["vatstoreGet"]', '["error","vatstoreGet takes 1 argument"]'),
    ('raw ["vatstoreGet","a","b"]', '["error","vatstoreGet takes 1 argument"]'),
    ('raw ["vatstoreSet","a"]', '["error","vatstoreSet takes 2 arguments"]'),
    ('raw ["vatstoreGet",1]', '["error","vatstoreGet: the key must be a string"]'),
    ('raw ["vatstoreSet","a",null]', '["error","vatstoreSet: the value must be a string"]'),
    ('raw ["vatstoreGet",""]', '["error","vatstoreGet: the key must be 1 to 2048 bytes"]'),
    ('raw ["vatstoreGet","a"] x', '["error","unexpected bytes after the syscall"]'),
    ('raw ["vatstoreGet","a', '["error","unterminated string"]'),
    ('raw ["vatstoreGet","\\x"]', '["error","bad escape in a string"]'),
    ('raw ["vatstoreGet","\\u12"]', '["error","bad \\\\u escape in a string"]'),
    ('raw ["send","t","m",[1,]]', '["error","unexpected character"]'),
    ('raw ["send","t","m",01]', '["error","expected \',\' or \']\'"]'),
    ('raw ["send","t","m",1.]', '["error","bad number"]'),
    ('raw ["send","t","m",1]', '["error","send takes 2 arguments"]'),
    ('raw ["send","",{}]', '["error","send: the target must be 1 to 2048 bytes"]'),
    ('raw ["send","t",{"methargs":{"body":"#1"}}]', '["error","send: the methargs must be capdata {body, slots}"]'),
    ('raw ["send","t",{"methargs":{"body":"#1","slots":[1]}}]', '["error","send: the methargs\'s slots must be strings of 1 to 2048 bytes"]'),
    ('raw ["send","t",{"methargs":{"body":"#1","slots":[]},"result":5}]', '["error","send: the result must be a vpid string (1 to 2048 bytes) or null"]'),
    ('raw ["send","t",{"result":"p+1","result":"p+2","methargs":{"body":"#1","slots":[]}}]', '["error","send: the message must be {methargs, result}"]'),
    ('raw ["resolve",[]]', '["error","resolve: the resolutions must be a non-empty array of [vpid, isReject, capdata]"]'),
    ('raw ["resolve",[["p-1",0,{"body":"#1","slots":[]}]]]', '["error","resolve: isReject must be true or false"]'),
    ('raw ["resolve",[["p-1",false]]]', '["error","resolve: a resolution is [vpid, isReject, capdata]"]'),
    ('raw ["subscribe",7]', '["error","subscribe: the vpid must be a string"]'),
    ('raw ["dropImports",["o-1",""]]', '["error","dropImports: the vrefs must be strings of 1 to 2048 bytes"]'),
    ('raw ["retireExports","o+1"]', '["error","retireExports: the vrefs must be an array of strings"]'),
    ('raw ["exit",1,{"body":"#1","slots":[]}]', '["error","exit: isFailure must be true or false"]'),
    ('raw ["callNow","d-1","m",{"body":"#[]","slots":[]}]', '["error","callNow: this vat store has no devices"]'),
    ('raw ["callNow","d-1","m"]', '["error","callNow takes 3 arguments"]'),
    ('raw ["syscall","vatstoreGet"]', '["error","syscall: the envelope is [\\"syscall\\", VatSyscallObject]"]'),
    ('raw ["syscall",["vatstoreGet"]]', '["error","vatstoreGet takes 1 argument"]'),
    ('raw ["syscall",["testLog","x"]]', '["error","syscall: the envelope holds a VatSyscallObject"]'),
    ('raw ["syscall",["resolve",[["p-1",false,{"body":"#2","slots":[]}]]]]', '["error","resolve: p-1 is resolved already"]'),
    ('raw ["resolve",[["p-9",false,{"body":"#2","slots":[]}],["p-9",true,{"body":"#2","slots":[]}]]]', '["error","resolve: p-9 is resolved already"]'),
    ("hex ", '["error","a syscall is a JSON array [name, ...arguments]"]'),
    ("hex " + b'["vatstoreGet","\xff"]'.hex(), '["error","a string is not UTF-8"]'),
    ("hex " + b'["vatstoreGet","\xed\xa0\x80"]'.hex(), '["error","a string is not UTF-8"]'),
    ("hex " + b'["vatstoreGet","a\x01"]'.hex(), '["error","control character in a string"]'),
    ("long 2049", '["error","vatstoreSet: the key must be 1 to 2048 bytes"]'),
    ("deep 300", '["error","nested deeper than 256"]'),
]


def sys_vat(name, every=4, extra=()):
    src = os.path.join(TMP, "sysvat.js")
    with open(src, "w") as f:
        f.write(SYSVAT)
    db = os.path.join(TMP, name + ".db")
    vat("create", db, "v", "--source", src, "--snapshot-every", every, *extra)
    return db


def test_syscalls():
    db = sys_vat("syscalls", extra=("--meter-limit", 3000000))
    good = [
        ('raw ["vatstoreGet","a"]', '["ok",null]'),
        ('raw ["vatstoreSet","a","1"]', '["ok",null]'),
        ('raw  [ "vatstoreGet" ,\t"a" ] ', '["ok","1"]'),
        ('raw ["vatstoreSet","b","x\\"y\\\\z\\n\\u0001\\u00e9\\ud83d\\ude00"]', '["ok",null]'),
        ('raw ["vatstoreGet","b"]', '["ok","x\\"y\\\\z\\u000a\\u0001\u00e9\U0001F600"]'),
        ('raw ["vatstoreGetNextKey",""]', '["ok","a"]'),
        ('raw ["vatstoreGetNextKey","a"]', '["ok","b"]'),
        ('raw ["vatstoreGetNextKey","source"]', '["ok",null]'),
        ('raw ["vatstoreDelete","a"]', '["ok",null]'),
        ('raw ["vatstoreDelete","a"]', '["ok",null]'),
        ('raw ["vatstoreGet","a"]', '["ok",null]'),
        ('raw ["send","o-1",{"methargs":{"body":"#[\\"hi\\",[1,2.5e3,-0,true,null,\\"s\\u0041\\"]]","slots":["o-2"]},"result":"p+1"}]', '["ok",null]'),
        ('raw ["syscall",["send","p-3",{"methargs":{"body":"#[]","slots":[]}}]]', '["ok",null]'),
        ('raw ["syscall",["vatstoreGet","b"]]', '["ok","x\\"y\\\\z\\u000a\\u0001\u00e9\U0001F600"]'),
        ('raw ["syscall",["resolve",[["p-1",false,{"body":"#1","slots":[]}],["p+2",true,{"body":"#\\"no\\"","slots":["o-4"]}]]]]', '["ok",null]'),
        ('raw ["subscribe","p-5"]', '["ok",null]'),
        ('raw ["syscall",["dropImports",["o-1","o-2"]]]', '["ok",null]'),
        ('raw ["retireImports",[]]', '["ok",null]'),
        ('raw ["syscall",["retireExports",["o+3"]]]', '["ok",null]'),
        ('raw ["abandonExports",["o+4"]]', '["ok",null]'),
        ('raw ["sourcedConsole","ls","log","hello",1,{"a":2}]', '["ok",null]'),
        ('raw ["testLog","t",[3]]', '["ok",null]'),
        ("long 2048", '["ok",null]'),
        ("deep 256", '["ok",null]'),
        ("surrogate", "[true,4]"),
        ("keys", json.dumps(["b", "k" * 2048, "source", "s\ud800"], separators=(",", ":"))),   # code point order
    ]
    cases = good + MALFORMED
    out, _ = vat("deliver", db, "v", *[c for c, _ in cases])
    lines = out.splitlines()
    check(len(lines) == len(cases), out)
    for i, ((msg, want), line) in enumerate(zip(cases, lines)):
        check(line == f"{i + 1} .{want}", f"{msg!r}: got {line!r}, want {i + 1} .{want}")
    # a delivery that throws keeps its syscalls' effects; one that is not recorded does not
    last = len(cases)
    out, _ = vat("deliver", db, "v", "throw")
    check(out == f"{last + 1} !Error: thrown\n", out)
    _, err = vat("deliver", db, "v", "spin", rc=5)
    check(f"delivery {last + 2} was not recorded" in err and "too much computation" in err, err)
    out, _ = vat("deliver", db, "v", 'raw ["vatstoreGet","spun"]', 'raw ["vatstoreGet","threw"]')
    check(out == f'{last + 2} .["ok",null]\n{last + 3} .["ok","{last + 1}"]\n', out)
    # the vatstore and outbox, as the commands show them
    kv, _ = vat("vatstore", db, "v")
    check(kv.splitlines() == ['"b" "x\\"y\\\\z\\u000a\\u0001\u00e9\U0001F600"', f'"{"k" * 2048}" "v"', '"source" "ran"',
                              '"s\\ud800" "v\\udc00x\\u0000"', f'"threw" "{last + 1}"'], kv)
    ob, _ = vat("outbox", db, "v")
    send = 1 + [c for c, _ in cases].index(good[11][0])
    check(ob == f'{send}.0 "o-1" {{"body":"#[\\"hi\\",[1,2.5e3,-0,true,null,\\"s\\u0041\\"]]","slots":["o-2"]}} "p+1"\n'
          f'{send + 1}.0 "p-3" {{"body":"#[]","slots":[]}} null\n', ob)
    res, _ = vat("resolutions", db, "v")
    check(res == f'{send + 3}.0 "p-1" fulfilled {{"body":"#1","slots":[]}}\n{send + 3}.0 "p+2" rejected {{"body":"#\\"no\\"","slots":["o-4"]}}\n', res)
    log, _ = vat("log", db, "v", "--count", "0")
    check("syscall 0: [\"vatstoreSet\",\"source\",\"ran\"] -> [\"ok\",null]" in log, "the source's syscall is item 0's")
    check("outbox: 2 sends; resolutions: 2;" in log and "vatstore: 5 keys" in log, log)
    check('syscall 0: ["sourcedConsole","ls","log","hello",1,{"a":2}] -> ["ok",null]' in log, "console recorded")
    check(vat("check", db, "v")[0].strip().endswith("ok"), "check")
    # replays answer from the transcript: same results, same state as the restart
    h1 = field(vat("restart", db, "v", "--hash")[0], "state hash")
    h2 = field(vat("replay", db, "v", "--hash")[0], "state hash")
    check(h1 == h2, "replay == restart")
    for p in range(0, last, 4):
        h = field(vat("restart", db, "v", "--from", p, "--hash")[0], "state hash")
        check(h == h1, f"restart from {p}")
    check(kv == vat("vatstore", db, "v")[0], "replays do not write the vatstore")
    # check notices a vatstore or an outbox that is not the transcript's
    bad, con = copy_store(db, "syscalls-kv")
    con.execute("UPDATE kvstore SET value=X'7878' WHERE key=CAST('source' AS BLOB)")
    con.commit()
    con.close()
    out, _ = vat("check", bad, "v", rc=4)
    check("vatstore: 1 keys differ" in out and "PROBLEMS FOUND" in out, out)
    bad, con = copy_store(db, "syscalls-resolutions")
    con.execute("UPDATE resolutions SET rejected=1 WHERE vpid=CAST('p-1' AS BLOB)")
    con.commit()
    con.close()
    out, _ = vat("check", bad, "v", rc=4)
    check("resolutions: 1 rows differ" in out, out)
    bad, con = copy_store(db, "syscalls-outbox")
    con.execute("DELETE FROM outbox")
    con.execute("INSERT INTO syscalls VALUES ('v', 99999, 0, X'5b5d', X'5b5d')")    # an orphan row
    con.commit()
    con.close()
    out, _ = vat("check", bad, "v", rc=4)
    check("syscall row (99999, 0) has no transcript item" in out, out)
    bad, con = copy_store(db, "syscalls-answer")
    con.execute("UPDATE syscalls SET answer=X'5b226f6b222c2232225d' WHERE position=3")   # ["ok","2"]
    con.commit()
    con.close()
    _, err = vat("replay", bad, "v", rc=4)
    check("span hash chain broken at position 3" in err, err)
    # an issueCommand that is not a syscall by the store's rules never stops the vat
    out, _ = vat("deliver", db, "v", "hex 00ff")
    check(out.endswith('.["error","a syscall is a JSON array [name, ...arguments]"]\n'), out)


def test_fuzz():
    """Mutated syscall bytes (fixed seed): every one gets an answer `["ok",...]` or
    `["error","..."]` (never a crash, never a stopped vat); the store checks clean and
    replays to the same state."""
    rnd = random.Random(7)
    seeds = [b'["vatstoreSet","k\\u00e9y","v\\ud800al"]', b'["vatstoreGet","k"]', b'["vatstoreGetNextKey",""]',
             b'["vatstoreDelete","k"]', b'["syscall",["send","t",{"methargs":{"body":"#[1,-2.5e-3,true,null,\\"x\\"]","slots":["o-1"]},"result":"p+1"}]]',
             b'["resolve",[["p-1",false,{"body":"#1","slots":[]}]]]', b'["sourcedConsole","ls","log",{"a":[1,-2.5e-3]}]']
    msgs = []
    for _ in range(400):
        b = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 2)):
            op, i = rnd.randrange(4), rnd.randrange(len(b) + 1)
            if op == 0 and i < len(b):
                b[i] = rnd.randrange(256)
            elif op == 1:
                b[i:i] = bytes([rnd.choice(b'"\\[]{},:0e-u \x00\xff\xed')])
            elif op == 2:
                del b[i:i + rnd.randint(1, 3)]
            else:
                b = b[:i]
        msgs.append("hex " + bytes(b).hex())
    db = sys_vat("fuzz", every=50)
    out, _ = vat("deliver", db, "v", "--file", "-", stdin="\n".join(msgs).encode() + b"\n")
    lines = out.splitlines()
    check(len(lines) == len(msgs), f"{len(lines)} replies")
    kinds = {"ok": 0, "error": 0}
    for i, line in enumerate(lines):
        pos, res = line.split(" ", 1)
        check(pos == str(i + 1) and res.startswith("."), line)
        ans = json.loads(res[1:])
        check(isinstance(ans, list) and len(ans) == 2 and ans[0] in kinds, line)
        kinds[ans[0]] += 1
    check(kinds["ok"] >= 10 and kinds["error"] >= 100, f"answers: {kinds}")
    check(vat("check", db, "v")[0].strip().endswith("ok"), "check")
    h = field(vat("restart", db, "v", "--hash")[0], "state hash")
    check(field(vat("replay", db, "v", "--hash")[0], "state hash") == h, "replay")


def test_divergence():
    db = sys_vat("diverge", every=3)
    msgs = ["count a", "count b", "count a", "count c", "count a", "count b", "count a"]
    vat("deliver", db, "v", *msgs)
    check(vat("vatstore", db, "v")[0] == '"c:a" "4"\n"c:b" "2"\n"c:c" "1"\n"source" "ran"\n', "counts")

    def altered(name, change):
        bad, con = copy_store(db, name)
        change(con)
        rechain(con)
        con.commit()
        con.close()
        return bad

    # the vat's input changed (delivery 5 asks for b, not a): another syscall at position 5
    bad = altered("div-input", lambda c: c.execute("UPDATE transcript SET delivery=CAST('?count b' AS BLOB) WHERE position=5"))
    _, err = vat("replay", bad, "v", rc=3)
    check('diverged at position 5: syscall #0 is ["vatstoreGet","c:b"]; the transcript has ["vatstoreGet","c:a"]' in err, err)
    _, err = vat("restart", bad, "v", "--from", 3, rc=3)
    check("diverged at position 5: syscall #0" in err, err)
    vat("restart", bad, "v", "--from", 6)                              # after the change: nothing to compare
    # the vat's source changed (another key prefix, same length): item 0 is the same size
    # and meter, the first delivery's syscalls differ
    def source(con):
        src = con.execute("SELECT delivery FROM transcript WHERE position=0").fetchone()[0]
        con.execute("UPDATE transcript SET delivery=? WHERE position=0", (src.replace(b'"c:" + arg', b'"C:" + arg'),))
        con.execute("DELETE FROM snapshots")      # they hold the old source
    bad = altered("div-source", source)
    _, err = vat("replay", bad, "v", rc=3)
    check('diverged at position 1: syscall #0 is ["vatstoreGet","C:a"]; the transcript has ["vatstoreGet","c:a"]' in err, err)
    # one recorded syscall fewer: the vat makes one more than the transcript has
    bad = altered("div-more", lambda c: c.execute("DELETE FROM syscalls WHERE position=4 AND n=1"))
    _, err = vat("replay", bad, "v", rc=3)
    check('diverged at position 4: the vat made syscall #1 ["vatstoreSet","c:c","1"]; the transcript has only 1 syscall there' in err, err)
    # one recorded syscall more: the vat makes fewer
    bad = altered("div-fewer", lambda c: c.execute("INSERT INTO syscalls VALUES ('v', 2, 2, CAST('[\"vatstoreGet\",\"x\"]' AS BLOB), CAST('[\"ok\",null]' AS BLOB))"))
    _, err = vat("restart", bad, "v", "--from", 0, rc=3)
    check('diverged at position 2: the vat made 2 syscalls; the transcript has 3 (the next one recorded is ["vatstoreGet","x"])' in err, err)
    # another recorded answer: the vat goes on from it, so its next syscall differs
    bad = altered("div-answer", lambda c: c.execute("UPDATE syscalls SET answer=CAST('[\"ok\",\"7\"]' AS BLOB) WHERE position=3 AND n=0"))
    _, err = vat("replay", bad, "v", rc=3)
    check('diverged at position 3: syscall #1 is ["vatstoreSet","c:a","8"]; the transcript has ["vatstoreSet","c:a","2"]' in err, err)
    check("cryo-worker" not in err, "the stopped worker says nothing: " + err)
    # another recorded delivery result
    bad = altered("div-result", lambda c: c.execute("UPDATE transcript SET result=CAST('.9' AS BLOB) WHERE position=3"))
    _, err = vat("replay", bad, "v", rc=3)
    check("diverged at position 3: the replayed result or meter differs" in err, err)
    # the intact store replays
    vat("replay", db, "v")
    # a nondeterministic vat: its worker gets another meter limit at every start (a wrapper
    # script), and the vat writes what currentMeterLimit() says into the vatstore
    real = WORKER or os.path.join(os.path.dirname(CRYO), "cryo-worker")
    wrap, count = os.path.join(TMP, "nondet-worker.sh"), os.path.join(TMP, "nondet.count")
    with open(wrap, "w") as f:
        f.write(f'#!/bin/sh\nn=$(cat {count} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > {count}\n'
                f'exec {real} "$@" -l $((100000000 + n))\n')
    os.chmod(wrap, 0o755)
    src = os.path.join(TMP, "nondet.js")
    with open(src, "w") as f:
        f.write('const enc = new TextEncoder(), dec = new TextDecoder();\n'
                'globalThis.handleCommand = m => { issueCommand(enc.encode(JSON.stringify(["vatstoreSet", "limit", '
                'String(currentMeterLimit())])).buffer); return m; };\n')
    nd = os.path.join(TMP, "nondet.db")
    run = lambda *a: subprocess.run([CRYO, "vat", *map(str, a), "--worker", wrap], capture_output=True)
    check(run("create", nd, "v", "--source", src).returncode == 0, "create")
    p = run("deliver", nd, "v", "a", "b")                   # worker start 2 (restart from snapshot 0)
    check(p.returncode == 0 and p.stdout == b"1 .a\n2 .b\n", p)
    p = run("replay", nd, "v")                              # worker start 3
    check(p.returncode == 3 and b'diverged at position 1: syscall #0 is ["vatstoreSet","limit","100000003"]; '
          b'the transcript has ["vatstoreSet","limit","100000002"]' in p.stderr, p)


def test_boundary():
    """Syscalls at snapshot positions: every delivery of this vat makes two, every 3rd is
    followed by a snapshot; each bring-up on either side of a snapshot reaches the state of
    the continuous run, and a restart at a snapshot delivers on with the live vatstore."""
    db = sys_vat("boundary", every=3)
    msgs = [f"count {'abc'[i % 3]}{i % 5}" for i in range(1, 14)]
    vat("deliver", db, "v", *msgs[:12], "--quiet")
    ref = field(vat("restart", db, "v", "--hash")[0], "state hash")
    for frm in (0, 3, 6, 9, 12):
        for to in (frm, frm + 1, 12):
            if to > 12:
                continue
            a = field(vat("restart", db, "v", "--from", frm, "--to", to, "--hash")[0], "state hash")
            b = field(vat("replay", db, "v", "--to", to, "--hash")[0], "state hash")
            check(a == b, f"from {frm} to {to}")
    check(field(vat("replay", db, "v", "--hash")[0], "state hash") == ref, "replay")
    # the kill between delivery 12 (two syscalls) and its snapshot
    cut, con = copy_store(db, "boundary-cut")
    con.execute("DELETE FROM snapshots WHERE position=12")
    con.commit()
    check(con.execute("SELECT count(*) FROM syscalls WHERE position=12").fetchone()[0] == 2, "item 12 has syscalls")
    con.close()
    out, _ = vat("deliver", cut, "v", msgs[12])
    check(out == f"13 .{vat('deliver', db, 'v', msgs[12])[0].split('.', 1)[1]}", out)
    check(state(cut, "v") == state(db, "v"), "same history as the never-killed store")


def test_conflict():
    """Two processes deliver to the same vat: the one whose worker is behind gets exit 6, and
    its delivery's syscalls (already written in its transaction) are rolled back with it."""
    db = sys_vat("conflict", every=0)
    cmd = [CRYO, "vat", "deliver", db, "v", "--file", "-"] + (["--worker", WORKER] if WORKER else [])
    a = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    a.stdin.write(b"count x\n")
    a.stdin.flush()
    check(a.stdout.readline() == b"1 .null\n", "A delivered 1")
    out, _ = vat("deliver", db, "v", "count x", 'raw ["vatstoreSet","b","by B"]')    # B: positions 2 and 3
    check(out == '2 .1\n3 .["ok",null]\n', out)
    a.stdin.write(b'raw ["vatstoreSet","a","by A"]\n')                              # A's worker is at 1
    a.stdin.close()
    err = a.stderr.read().decode()
    check(a.wait() == 6 and "appended by another process" in err, f"A: exit {a.returncode}: {err}")
    check(vat("vatstore", db, "v")[0] == '"b" "by B"\n"c:x" "2"\n"source" "ran"\n', "A's set was rolled back")
    check(vat("check", db, "v")[0].strip().endswith("ok"), "check")


def test_upgrade():
    """A schema version 1 store (no syscall tables) or 2 (another send shape, without sends)
    is upgraded by the first writing command; a version 2 store with sends is refused."""
    src = os.path.join(TMP, "plain.js")
    with open(src, "w") as f:
        f.write('globalThis.handleCommand = m => m;\n')
    db = os.path.join(TMP, "v1.db")
    vat("create", db, "p", "--source", src, "--snapshot-every", 2)
    vat("deliver", db, "p", "a", "b", "c")
    con = sqlite3.connect(db)
    con.executescript("DROP TABLE syscalls; DROP TABLE kvstore; DROP TABLE outbox; DROP TABLE resolutions; DROP TABLE exits; "
                      "DROP TABLE blobs; PRAGMA user_version=1;")
    con.close()
    _, err = vat("log", db, "p", rc=1)
    check("schema version 1" in err and "upgrades it" in err, err)
    out, _ = vat("restart", db, "p")
    check(field(out, "position") == "3", out)
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA user_version").fetchone()[0] == 3, "upgraded to 3")
    # version 2: the outbox of the old send shape, no resolutions, exits or blobs
    v2 = ("DROP TABLE outbox; DROP TABLE resolutions; DROP TABLE exits; DROP TABLE blobs; CREATE TABLE outbox (vat TEXT NOT NULL, "
          "position INTEGER NOT NULL, n INTEGER NOT NULL, target BLOB NOT NULL, method BLOB NOT NULL, args BLOB NOT NULL, "
          "PRIMARY KEY (vat, position, n)) WITHOUT ROWID; PRAGMA user_version=2;")
    con.executescript(v2)
    con.close()
    _, err = vat("status", db, rc=1)
    check("schema version 2" in err and "upgrades it" in err, err)
    out, _ = vat("restart", db, "p")
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA user_version").fetchone()[0] == 3, "2 upgraded to 3")
    con.executescript(v2 + "INSERT INTO outbox VALUES ('p', 1, 0, 't', 'm', '[]');")
    con.close()
    _, err = vat("restart", db, "p", rc=1)
    check("sends in that version's shape" in err, err)
    con = sqlite3.connect(db)
    con.executescript("DELETE FROM outbox;")
    con.close()
    vat("restart", db, "p")
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA user_version").fetchone()[0] == 3, "2 without sends upgraded to 3")
    con.close()
    check(vat("check", db, "p")[0].strip().endswith("ok"), "the version 1 hashes stay valid")
    out, _ = vat("deliver", db, "p", "d")
    check(out == "4 .d\n", out)
    vat("replay", db, "p")
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version=7")
    con.commit()
    con.close()
    _, err = vat("status", db, rc=1)
    check("schema version 7" in err, err)


def test_exit():
    """An exit syscall (raw, through a testing vat that forwards it) ends deliveries: exit 7."""
    src = os.path.join(TMP, "exitvat.js")
    with open(src, "w") as f:
        f.write('const e = new TextEncoder(), d = new TextDecoder();\n'
                'globalThis.handleCommand = m => e.encode(d.decode(issueCommand(m))).buffer;\n')
    db = os.path.join(TMP, "exit.db")
    vat("create", db, "x", "--source", src, "--snapshot-every", 2)
    out, err = vat("deliver", db, "x", '["syscall",["exit",true,{"body":"#\\"bye\\"","slots":[]}]]',
                   '["vatstoreSet","k","v"]', rc=7)
    check(out == '1 .["ok",null]\n', out)
    check("exited at position 1 (failure" in err and "no more deliveries" in err, err)
    _, err = vat("deliver", db, "x", '["vatstoreGet","k"]', rc=7)
    log = vat("log", db, "x")[0]
    check("exited: at position 1 (syscall 0), failure" in log, log)
    check(vat("check", db, "x")[0].strip().endswith("ok"), "check")
    vat("replay", db, "x")
    check(vat("vatstore", db, "x")[0] == "", "the message after the exit was not delivered")


def test_compilers():
    """A store written through one build of cryo-worker (gcc) replays through another
    (--worker2, e.g. clang): same results, meters and snapshot hashes (DESIGN C2/C3)."""
    if not WORKER2:
        raise Skip("needs --worker2")
    ref = reference()
    out, _ = vat("replay", ref["db"], "ledger", "--hash", "--worker", WORKER2)
    check(field(out, "replayed").startswith(f"{N + 1} deliveries, {N // 10 + 1} snapshots"), out)
    check(field(out, "state hash") == ref["hash"], "the other build reaches the same state")


TESTS = [test_basic, test_every, test_kill9, test_between, test_worker_kill, test_corrupt, test_limits, test_prune, test_syscalls,
         test_fuzz, test_divergence, test_boundary, test_conflict, test_upgrade, test_exit, test_compilers]


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
