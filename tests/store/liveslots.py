#!/usr/bin/env python3
"""liveslots.py — the vat store hosting a real SwingSet vat (docs/vat-store.md "Boot").

node writes Agoric's SES lockdown and liveslots supervisor bundles (tests/store/
liveslots_bundles.mjs, from the packages `make test-xsnap-client` installs) and setBundle
messages for tests/worker/xsnap_client/vat-counter; `cryo vat create --boot ... --setup-file`
boots the vat, and the tests drive it with SwingSet deliveries (`["deliver", VatDeliveryObject]`)
as SwingSet's kernel would, checking from the store what liveslots did through its syscalls:

  boot        the boot is item 0 (a manifest of three content-addressed blobs), a setup whose
              reply is an error stores nothing
  deliveries  startVat + messages: the resolutions (p-1 -> #1 ...), the rejected `boom`, the
              send to an imported o-50 in the outbox, the baggage (`vc.1.scount`) and virtual
              objects in the vatstore, console messages in the log; `check` refolds it all
  kill9       `kill -9` in the middle of a batch (several seeds), `--resume`: the same
              transcript, snapshots, vatstore, outbox, resolutions and state hash as the run
              that never died; restart from each snapshot and replay from the boot agree
  divergence  the same transcript under a vat booted with other liveslots options (its chain
              consistent): the replay stops at the first delivery that differs (exit 3)
  bench       (--bench N) times: create+boot, deliveries/s, restart vs replay, snapshot size

Usage: python3 tests/store/liveslots.py [--cryo build/cryo] [--bench N] [-k NAME,...]
Prints `N passed, N failed` (tools/check.py)."""
import argparse, hashlib, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRYO = TMP = BUNDLES = None
K = 7                      # snapshot every K deliveries


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what if len(what) < 3000 else what[:3000] + "...")


def vat(*args, rc=0, stdin=None):
    """Run `cryo vat ARGS`; check the exit code; (stdout, stderr)."""
    p = subprocess.run([CRYO, "vat", *map(str, args)], input=stdin, capture_output=True, timeout=600)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    check(p.returncode == rc, f"cryo vat {' '.join(map(str, args))}: exit {p.returncode}, wanted {rc}\n{out}\n{err}")
    return out, err


def field(out, name):
    m = re.search(rf"^{re.escape(name)}:\s*(.*)$", out, re.M)
    check(m is not None, f"no {name} in\n{out}")
    return m.group(1).strip()


def capdata(v, slots=()):
    return {"body": "#" + json.dumps(v, separators=(",", ":")), "slots": list(slots)}


def message(method, args, result, slots=()):
    return json.dumps(["deliver", ["message", "o+0", {"methargs": capdata([method, args], slots), "result": result}]],
                      separators=(",", ":"))


START = json.dumps(["deliver", ["startVat", capdata({"name": "counter"})]], separators=(",", ":"))
BOYD = '["deliver",["bringOutYourDead"]]'


def script():
    """The deliveries after startVat and what the vat must resolve: [(message, vpid, (rejected,
    body) or None)], the expected final count and the expected outbox."""
    out, count, balances, n = [], 0, [], 0

    def call(method, args, expect, slots=(), rejected=False):
        nonlocal n
        n += 1
        vpid = f"p-{n}"
        out.append((message(method, args, vpid, slots), vpid, None if expect is None else (rejected, expect)))
    for i in (1, 2, 3):
        count += i
        call("incr", [i], f"#{count}")
    for who in ("alice", "bob", "carol"):
        balances.append(0)
        call("open", [who], f"#{len(balances) - 1}")
    for acct, amt in ((0, 10), (1, 20), (2, 30), (0, 5)):
        balances[acct] += amt
        call("deposit", [acct, amt], f"#{balances[acct]}")
    call("report", [], '#"alice:15 bob:20 carol:30"')
    call("boom", [], None)                          # rejected: checked by hand
    call("later", [21], "#42")
    tell_count = count
    call("tell", ["$0.Alleged: other", "hi"], '#"told"', slots=["o-50"])
    call("params", [], '#{"name":"counter"}')
    out.append((BOYD, None, None))
    for i in range(24):
        if i % 3 == 0:
            count += i
            call("incr", [i], f"#{count}")
        elif i % 3 == 1:
            balances[i % 3] += i
            call("deposit", [i % 3, i], f"#{balances[i % 3]}")
        else:
            call("report", [], '#"' + " ".join(f"{w}:{b}" for w, b in zip(("alice", "bob", "carol"), balances)) + '"')
        if i % 8 == 7:
            out.append((BOYD, None, None))
    return out, count, tell_count


def bundles():
    global BUNDLES
    if BUNDLES:
        return BUNDLES
    d = os.path.join(TMP, "bundles")
    p = subprocess.run(["node", os.path.join(ROOT, "tests/store/liveslots_bundles.mjs"), d], capture_output=True, text=True)
    check(p.returncode == 0, f"liveslots_bundles.mjs failed (run `make test-xsnap-client` first):\n{p.stdout}\n{p.stderr}")
    BUNDLES = {k: os.path.join(d, f) for k, f in (("lockdown", "lockdown.js"), ("supervisor", "supervisor.js"),
                                                 ("setup2", "setup-2.json"), ("setup3", "setup-3.json"))}
    return BUNDLES


def create(name, setup="setup2", every=K, vatname="v", rc=0):
    b = bundles()
    db = os.path.join(TMP, name + ".db")
    out, err = vat("create", db, vatname, "--boot", b["lockdown"], "--boot", b["supervisor"], "--setup-file", b[setup],
                   "--snapshot-every", every, rc=rc)
    return db, out


def batch_file():
    path = os.path.join(TMP, "batch.txt")
    msgs, _, _ = script()
    with open(path, "w") as f:
        f.write("\n".join([START] + [m for m, _, _ in msgs]) + "\n")
    return path, 1 + len(msgs)


def state(db, name="v"):
    """Everything a store says about the vat, as text."""
    return "".join(vat(c, db, name, *(("--count", "0") if c == "log" else ()))[0]
                   for c in ("log", "vatstore", "outbox", "resolutions"))


REF = {}


def reference():
    """The run that never died: boot, then every delivery of the batch in one process."""
    if REF:
        return REF
    db, out = create("ref")
    path, n = batch_file()
    t0 = time.time()
    deliver_out, err = vat("deliver", db, "v", "--file", path, "--prints")
    REF.update(db=db, create=out, deliver=deliver_out, err=err, n=n, state=state(db), seconds=time.time() - t0,
               hash=field(vat("restart", db, "v", "--hash")[0], "state hash"))
    return REF


def test_boot():
    ref = reference()
    check("3 boot steps" in ref["create"] and "snapshot 0: sha256" in ref["create"], ref["create"])
    log = vat("log", ref["db"], "v", "--from", 0, "--count", 1)[0]
    steps = re.findall(r"boot step: ([e?]) ([0-9a-f]{64}) (\d+)", log)
    b = bundles()
    want = [(c, hashlib.sha256(open(b[k], "rb").read()).hexdigest(), str(os.path.getsize(b[k])))
            for c, k in (("e", "lockdown"), ("e", "supervisor"))]
    with open(b["setup2"], "rb") as f:
        setup = f.read().rstrip(b"\r\n")
    want.append(("?", hashlib.sha256(setup).hexdigest(), str(len(setup))))
    check(steps == want, f"boot manifest {steps}, wanted {want}")
    check('-> .["dispatchReady"]' in log, log)
    con = sqlite3.connect(ref["db"])
    rows = con.execute("SELECT lower(hex(hash)), size FROM blobs ORDER BY size").fetchall()
    con.close()
    check(sorted((h, str(n)) for h, n in rows) == sorted((h, n) for _, h, n in want), f"blobs {rows}")
    # a second vat booted from the same files shares the blobs
    db = os.path.join(TMP, "ref.db")
    b = bundles()
    vat("create", db, "v2", "--boot", b["lockdown"], "--boot", b["supervisor"], "--setup-file", b["setup2"], "--snapshot-every", 0)
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM blobs").fetchone()[0] == 3, "blobs are shared")
    con.close()
    out, _ = vat("check", ref["db"], "v")
    check("boot: 3 blobs ok" in out and out.strip().endswith("ok"), out)
    # a boot blob that is missing or not its bytes: a corrupt store (check, and a replay)
    for name, sql in (("blob-size", "UPDATE blobs SET size=size+1 WHERE size=(SELECT min(size) FROM blobs)"),
                      ("blob-gone", "DELETE FROM blobs WHERE size=(SELECT max(size) FROM blobs)")):
        bad = os.path.join(TMP, name + ".db")
        shutil.copy(ref["db"], bad)
        con = sqlite3.connect(bad)
        con.execute(sql)
        con.commit()
        con.close()
        out, _ = vat("check", bad, "v", rc=4)
        check("blob" in out and "PROBLEMS FOUND" in out, out)
        _, err = vat("replay", bad, "v", rc=4)
        check("blob" in err, err)
    # a setup whose reply is an error stores nothing
    bad = os.path.join(TMP, "bad-setup.json")
    with open(bad, "w") as f:
        f.write('["setBundel","v1",{},{}]\n')          # the supervisor answers ["bad tag", ...]
    db2 = os.path.join(TMP, "badsetup.db")
    _, err = vat("create", db2, "v", "--boot", b["lockdown"], "--boot", b["supervisor"], "--setup-file", bad, rc=1)
    check("boot step 3 (?) failed" in err, err)
    _, err = vat("status", db2, "v", rc=1)
    check("no vat named v" in err, err)
    vat("create", db2, "v", "--boot", b["lockdown"], "--source", b["supervisor"], rc=2)


def test_deliveries():
    ref = reference()
    lines = ref["deliver"].splitlines()
    check(len(lines) == ref["n"], f"{len(lines)} replies for {ref['n']} deliveries")
    msgs, count, tell_count = script()
    for i, (line, m) in enumerate(zip(lines, [START] + [m for m, _, _ in msgs])):
        if m == BOYD:    # bringOutYourDead reports liveslots' table sizes
            check(line.startswith(f'{i + 1} .["ok",{{"remotableRefCounts":'), line)
        else:
            check(line == f'{i + 1} .["ok",null,null]', line)
    res = {}
    for line in vat("resolutions", ref["db"], "v")[0].splitlines():
        m = re.match(r'^(\d+)\.(\d+) "([^"]+)" (fulfilled|rejected) (.*)$', line)
        check(m is not None, line)
        res[m.group(3)] = (m.group(4) == "rejected", json.loads(m.group(5))["body"])
    for _, vpid, want in msgs:
        if vpid and want is not None:
            check(res.get(vpid) == want, f"{vpid}: {res.get(vpid)}, wanted {want}")
    boom = res.get("p-12")
    check(boom and boom[0] and f"boom at {tell_count}" in boom[1], f"boom rejects: {boom}")
    check(res["p-1"] == (False, "#1"), "p-1 -> #1")
    ob = vat("outbox", ref["db"], "v")[0].splitlines()
    check(len(ob) == 1, ob)
    m = re.match(r'^(\d+)\.(\d+) "o-50" (\{.*\}) "(p\+\d+)"$', ob[0])
    check(m is not None, ob[0])
    check(json.loads(m.group(3)) == capdata(["hear", ["hi", tell_count]]), m.group(3))
    kv = dict(tuple(json.loads(x) for x in re.match(r'^(".*?(?<!\\)") (".*")$', line).groups())
              for line in vat("vatstore", ref["db"], "v")[0].splitlines())
    check(json.loads(kv.get("vc.1.scount", "null")) == capdata(count), f"vc.1.scount = {kv.get('vc.1.scount')}")
    check(any(k.startswith("vom.") for k in kv), "virtual objects in the vatstore")
    log = vat("log", ref["db"], "v", "--count", 0)[0]
    check('["subscribe","p+' in log and '["syscall",["send","o-50",' in log, "subscribe and send recorded")
    check('["sourcedConsole","ls","warn"' in log, "console messages recorded")
    check(" console ls warn: " in ref["err"], "--prints shows console messages")
    check(vat("check", ref["db"], "v")[0].strip().endswith("ok"), "check")


def test_kill9():
    ref = reference()
    path, n = batch_file()
    rnd = random.Random(11)
    kills = 0
    for seed in range(3):
        db, _ = create(f"kill{seed}")
        while True:
            p = subprocess.Popen([CRYO, "vat", "deliver", db, "v", "--file", path, "--resume", "--quiet"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # somewhere inside the batch, however fast this machine delivers it (the
            # reference run's time: a fixed range once let a fast run finish unkilled)
            time.sleep(rnd.uniform(0.1, 0.8) * ref["seconds"])
            if p.poll() is not None:
                check(p.returncode == 0, f"deliver exit {p.returncode}")
                break
            p.send_signal(signal.SIGKILL)
            p.wait()
            kills += 1
        out, _ = vat("deliver", db, "v", "--file", path, "--resume")
        check(out == "", f"nothing left to deliver: {out}")
        check(state(db) == ref["state"], f"seed {seed}: the store differs from the run that never died")
        check(field(vat("restart", db, "v", "--hash")[0], "state hash") == ref["hash"], "state hash")
        check(vat("check", db, "v")[0].strip().endswith("ok"), "check")
    check(kills >= 2, f"only {kills} kills")
    # every snapshot, and the boot, lead to the same state
    h = field(vat("replay", ref["db"], "v", "--hash")[0], "state hash")
    check(h == ref["hash"], "replay from the boot")
    for p in range(0, n, 2 * K):
        out = vat("restart", ref["db"], "v", "--from", p, "--hash")[0]
        check(field(out, "state hash") == ref["hash"], f"restart from {p}")
    return f"{kills} kills over 3 seeds"


def forge_transcript(db, src, dst):
    """Give vat `dst` (booted, position 0) the deliveries of vat `src`, with a span hash chain
    that is consistent: only a replay can tell that `dst` would not have made them."""
    con = sqlite3.connect(db)
    ns = lambda b: str(len(b)).encode() + b":" + b + b","
    span = con.execute("SELECT span_hash FROM transcript WHERE vat=? AND position=0", (dst,)).fetchone()[0]
    for pos, d, res, meter, comp in con.execute("SELECT position, delivery, result, meter, compute FROM transcript "
                                                "WHERE vat=? AND position>0 ORDER BY position", (src,)).fetchall():
        calls = con.execute("SELECT n, syscall, answer FROM syscalls WHERE vat=? AND position=? ORDER BY n", (src, pos)).fetchall()
        h = ns(d) + ns(res) + ns(meter.encode()) + b"".join(ns(c) + ns(a) for _, c, a in calls)
        span = hashlib.sha256(span + hashlib.sha256(h).digest()).digest()
        con.execute("INSERT INTO transcript VALUES (?,?,?,?,?,?,?)", (dst, pos, d, res, meter, comp, span))
        con.executemany("INSERT INTO syscalls VALUES (?,?,?,?,?)", [(dst, pos, k, c, a) for k, c, a in calls])
    con.commit()
    con.close()


def test_divergence():
    ref = reference()
    db = os.path.join(TMP, "diverge.db")
    shutil.copy(ref["db"], db)
    b = bundles()
    vat("create", db, "w", "--boot", b["lockdown"], "--boot", b["supervisor"], "--setup-file", b["setup3"], "--snapshot-every", 0)
    forge_transcript(db, "v", "w")
    out, _ = vat("check", db, "w", rc=4)     # the chain is consistent; only the derived tables were not forged
    check("span hash chain broken" not in out and "vatstore: " in out, out)
    _, err = vat("replay", db, "w", rc=3)
    # startVat already differs: the options live in the heap, so its meter's heap numbers do
    check(re.search(r"vat w diverged at position 1: the replayed result or meter differs", err) is not None, err)
    _, err = vat("deliver", db, "w", rc=3)
    check("diverged" in err, err)


def bench(n):
    """Times for the report: create+boot, deliveries/s, restart vs replay, snapshot size."""
    b = bundles()
    db = os.path.join(TMP, "bench.db")
    t0 = time.time()
    out, _ = vat("create", db, "v", "--boot", b["lockdown"], "--boot", b["supervisor"], "--setup-file", b["setup2"],
                 "--snapshot-every", 100)
    t_create = time.time() - t0
    msgs = [START]
    for i in range(n - 1):
        msgs.append(message(("incr", "open", "deposit", "report")[i % 4],
                            [[1], ["acct%d" % i], [i % 7, 3], []][i % 4], f"p-{i + 1}"))
        if i % 8 == 0:
            msgs[-1] = message("open", ["acct%d" % i], f"p-{i + 1}")
    path = os.path.join(TMP, "bench.txt")
    with open(path, "w") as f:
        f.write("\n".join(msgs) + "\n")
    t0 = time.time()
    _, err = vat("deliver", db, "v", "--file", path, "--quiet")
    t_deliver = time.time() - t0
    r_snap = vat("restart", db, "v")[0]
    r_prev = vat("restart", db, "v", "--from", (n // 100 - 1) * 100 if n >= 200 else 0)[0]
    r_full = vat("replay", db, "v")[0]
    print(f"  create+boot: {t_create * 1e3:.0f} ms wall ({out.splitlines()[0]})")
    print(f"  {out.splitlines()[1]}")
    print(f"  deliver {n}: {t_deliver:.2f} s wall, {n / t_deliver:.0f}/s; {err.strip()}")
    for what, o in (("restart (latest snapshot)", r_snap), ("restart (previous snapshot)", r_prev), ("replay (boot + all)", r_full)):
        print(f"  {what}: {field(o, 'time')}; {field(o, 'started from')[:40]}; replayed {field(o, 'replayed')}")
    st = vat("status", db, "v")[0]
    print(f"  {st.strip()}")


TESTS = [test_boot, test_deliveries, test_kill9, test_divergence]


def main():
    global CRYO, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--cryo", default=os.path.join(ROOT, "build/cryo"))
    ap.add_argument("-k", default="")
    ap.add_argument("--bench", type=int, default=0)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    CRYO = os.path.abspath(a.cryo)
    TMP = tempfile.mkdtemp(prefix="cryo-liveslots-")
    passed = failed = 0
    try:
        if a.bench:
            bench(a.bench)
            return 0
        want = set(a.k.split(",")) if a.k else None
        for t in TESTS:
            name = t.__name__[5:]
            if want and name not in want:
                continue
            t0 = time.time()
            try:
                note = t()
                passed += 1
                print(f"ok    {name} ({time.time() - t0:.1f} s{', ' + note if note else ''})", flush=True)
            except (Fail, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL  {name}: {e}", flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(TMP, ignore_errors=True)
        else:
            print(f"kept {TMP}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
