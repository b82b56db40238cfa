#!/usr/bin/env python3
"""run.py — transcript tests for cryo-worker (docs/worker-protocol.md).

Each tests/worker/NAME.in is a script of one or more worker runs; the runner plays it
against the worker and compares a readable rendering of everything the worker did with
tests/worker/NAME.out. Then a few scenario checks (determinism of metering and snapshot
bytes across a snapshot/restore, DESIGN C2/C3) run. Prints `N passed, N failed`.

    python3 tests/worker/run.py --worker build/cryo-worker [--update] [NAME ...]

.in syntax (one item per line; `#` starts a comment line; $TMP is a per-test directory):
    %run [ARG ...]       start a worker run; ARGs follow the label argument ("test")
    %fd8 FILE [BYTES]    give the run fd 8: a pipe fed FILE's bytes then BYTES (escapes
                         allowed) and kept open until the worker exits
    %fd8-eof FILE        the same, closing the pipe after FILE's bytes
    %close-replies       close our end of fd 4 before sending anything
    %no-gc-stress        skip this test when CRYO_GC_STRESS is set (too slow there)
    %file NAME <<<       write the following block (up to a line `>>>`) to $TMP/NAME
    %truncate SRC N DST  write the first N bytes of SRC to DST
    %flip SRC N DST      write SRC with byte N inverted to DST
                         (file directives act just before the next run starts)
    %raw BYTES           write BYTES to fd 3 as they are (no netstring framing)
    BODY                 send one netstring whose body is BODY (escapes \\n \\t \\r \\0
                         \\\\ \\xHH); a BODY ending in `<<<` continues with the following
                         block, joined by newlines
A run without `%run` before its first item gets no extra arguments. After the last item
fd 3 is closed. The rendering lists every frame the worker wrote to fd 4 (`<< ` + body;
numbers in meter records shown as #, the byte count of a `w` reply checked against what
was written and shown as <N bytes ok>), what it wrote to fd 7, stdout, stderr and the exit
status.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys, tempfile, threading

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = float(os.environ.get("CRYO_WORKER_TEST_TIMEOUT", "30"))


def unescape(s):
    """Process \\n \\t \\r \\0 \\\\ \\xHH escapes into bytes."""
    out = bytearray()
    b = s.encode("utf-8")
    i = 0
    while i < len(b):
        c = b[i]
        if c == 0x5C and i + 1 < len(b):
            n = chr(b[i + 1])
            if n == "n": out.append(10); i += 2; continue
            if n == "t": out.append(9); i += 2; continue
            if n == "r": out.append(13); i += 2; continue
            if n == "0": out.append(0); i += 2; continue
            if n == "\\": out.append(0x5C); i += 2; continue
            if n == "x" and i + 3 < len(b) + 0:
                out.append(int(b[i + 2:i + 4].decode(), 16)); i += 4; continue
        out.append(c)
        i += 1
    return bytes(out)


def escape_bytes(b):
    """Render bytes readably: printable ASCII and UTF-8 as is, the rest as escapes."""
    s = b.decode("utf-8", errors="surrogateescape")
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\": out.append("\\\\")
        elif ch == "\n": out.append("\\n")
        elif 0xDC80 <= o <= 0xDCFF: out.append("\\x%02x" % (o - 0xDC00))
        elif o < 0x20 or o == 0x7F: out.append("\\x%02x" % o)
        else: out.append(ch)
    return "".join(out)


def netstring(b):
    return str(len(b)).encode() + b":" + b + b","


def parse_frames(data):
    """Split fd 4 output into frame bodies; a trailing partial frame is returned as None."""
    frames, i = [], 0
    while i < len(data):
        j = data.find(b":", i)
        if j < 0 or not data[i:j].isdigit():
            frames.append(None); break
        n = int(data[i:j])
        if j + 1 + n >= len(data) or data[j + 1 + n:j + 2 + n] != b",":
            frames.append(None); break
        frames.append(data[j + 1:j + 1 + n])
        i = j + 2 + n
    return frames


class Run:
    """One worker process of a transcript."""
    def __init__(self, args):
        self.args = args
        self.items = []          # ('frame', bytes) | ('raw', bytes)
        self.fd8 = None          # (path, trailer bytes)
        self.close_replies = False
        self.actions = []        # files to make before the run: (kind, args)


def parse_in(text, tmp):
    runs, pending = [], []
    lines = text.split("\n")
    i = 0
    cur = None

    def block(start):
        body, k = [], start
        while k < len(lines) and lines[k] != ">>>":
            body.append(lines[k]); k += 1
        if k == len(lines):
            raise ValueError("unterminated <<< block")
        return "\n".join(body), k + 1

    def new_run(args):
        nonlocal cur, pending
        cur = Run(args)
        cur.actions, pending = pending, []
        runs.append(cur)
        return cur

    def run():
        return cur if cur is not None else new_run([])

    while i < len(lines):
        line = lines[i].replace("$TMP", tmp)
        i += 1
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("%run"):
            new_run(line[4:].split())
        elif line.startswith("%fd8 ") or line.startswith("%fd8-eof "):
            eof = line.startswith("%fd8-eof ")
            parts = line.split(" ", 2)[1:]
            run().fd8 = (parts[0], unescape(parts[1]) if len(parts) > 1 else b"", eof)
        elif line == "%no-gc-stress":
            pass
        elif line == "%close-replies":
            run().close_replies = True
        elif line.startswith("%file "):
            name = line[6:].split()[0]
            content, i = block(i)
            pending.append(("file", os.path.join(tmp, name), content.replace("$TMP", tmp).encode("utf-8")))
        elif line.startswith("%truncate ") or line.startswith("%flip "):
            kind, src, n, dst = line[1:].split()
            pending.append((kind, src, int(n), dst))
        elif line.startswith("%raw "):
            run().items.append(("raw", unescape(line[5:])))
        elif line.startswith("%"):
            raise ValueError("unknown directive " + line)
        else:
            if line.endswith("<<<"):
                rest, i = block(i)
                body = unescape(line[:-3]) + rest.replace("$TMP", tmp).encode("utf-8")
            else:
                body = unescape(line)
            run().items.append(("frame", body))
    if pending:
        raise ValueError("a file directive must come before a run")
    if not runs:
        new_run([])
    return runs


def do_actions(run):
    """Make the files a run needs: %file, %truncate SRC N DST (first N bytes), %flip SRC N
    DST (byte N inverted)."""
    for a in run.actions:
        if a[0] == "file":
            with open(a[1], "wb") as f:
                f.write(a[2])
            continue
        with open(a[1], "rb") as f:
            data = bytearray(f.read())
        if a[0] == "truncate":
            data = data[:a[2]]
        elif a[2] < len(data):
            data[a[2]] ^= 0xFF
        with open(a[3], "wb") as f:
            f.write(data)


class Proc:
    """A spawned worker: pid, stdout / stderr pipes, wait with a timeout."""
    def __init__(self, worker, args, fds):
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        fds = dict(fds)
        fds[1], fds[2] = out_w, err_w
        # move every source above the targets first, so that no dup2 clobbers another source
        hi = {t: fcntl_dup_high(f) for t, f in fds.items()}
        actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0)]
        actions += [(os.POSIX_SPAWN_DUP2, h, t) for t, h in sorted(hi.items())]
        try:
            self.pid = os.posix_spawn(worker, [worker, "test"] + list(args), dict(os.environ), file_actions=actions)
        finally:
            for h in hi.values():
                os.close(h)
            os.close(out_w)
            os.close(err_w)
        self.returncode = None

    def wait(self, timeout):
        import time
        end = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
            if time.monotonic() > end:
                return None
            time.sleep(0.005)

    def kill(self):
        try:
            os.kill(self.pid, 9)
        except OSError:
            pass
        _, status = os.waitpid(self.pid, 0)
        self.returncode = os.waitstatus_to_exitcode(status)


def fcntl_dup_high(fd):
    import fcntl
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)


def reader(fd, sink):
    while True:
        try:
            d = os.read(fd, 1 << 16)
        except OSError:
            break
        if not d:
            break
        sink.append(d)


def play(worker, run, tmp, index):
    """Run one worker; returns a dict with frames, fd7, stdout, stderr, exit."""
    r3, w3 = os.pipe()
    r4, w4 = os.pipe()
    r7, w7 = os.pipe()
    fds = {3: r3, 4: w4, 7: w7}
    r8 = w8 = None
    if run.fd8:
        r8, w8 = os.pipe()
        fds[8] = r8
    p = Proc(worker, run.args, fds)
    for fd in (r3, w4, w7) + ((r8,) if r8 is not None else ()):
        os.close(fd)
    out4, out7, outo, oute = [], [], [], []
    threads = [threading.Thread(target=reader, args=(r7, out7)),
               threading.Thread(target=reader, args=(p.out_r, outo)),
               threading.Thread(target=reader, args=(p.err_r, oute))]
    if run.close_replies:
        os.close(r4)
    else:
        threads.append(threading.Thread(target=reader, args=(r4, out4)))
    if w8 is not None:
        def feed8():
            try:
                with open(run.fd8[0], "rb") as f:
                    view = memoryview(f.read() + run.fd8[1])
                while len(view):
                    n = os.write(w8, view[:1 << 16])
                    view = view[n:]
                if len(run.fd8) > 2 and run.fd8[2]:
                    os.close(w8)
            except OSError:
                pass
        threads.append(threading.Thread(target=feed8))

    def feed3():
        try:
            for kind, b in run.items:
                data = netstring(b) if kind == "frame" else b
                view = memoryview(data)
                while len(view):
                    n = os.write(w3, view[:1 << 16])
                    view = view[n:]
        except OSError:
            pass
        os.close(w3)
    threads.append(threading.Thread(target=feed3))
    for t in threads:
        t.daemon = True
        t.start()
    timed_out = p.wait(TIMEOUT) is None
    if timed_out:
        p.kill()
    if w8 is not None and not (len(run.fd8) > 2 and run.fd8[2]):
        os.close(w8)   # held open (never closed early) so that the worker cannot wait for EOF
    for t in threads:
        t.join(5)
    if not run.close_replies:
        os.close(r4)
    os.close(r7)
    os.close(p.out_r)
    os.close(p.err_r)
    fd7 = b"".join(out7)
    with open(os.path.join(tmp, "fd7-%d.bin" % index), "wb") as f:
        f.write(fd7)
    return {"frames": parse_frames(b"".join(out4)), "fd7": fd7, "stdout": b"".join(outo),
            "stderr": b"".join(oute), "exit": "timeout" if timed_out else p.returncode}


METER_RE = re.compile(rb'^\.\{"currentHeapCount":(\d+),"compute":(\d+),"allocate":(\d+),"timestamps":\[([0-9.,]*)\]\}\x01')


def render_run(run, res, tmp, index):
    def escape(b):
        return escape_bytes(b).replace(tmp, "$TMP")
    lines = ["== run %d:%s" % (index, "".join(" " + a.replace(tmp, "$TMP") for a in run.args))]
    commands = [b[:1] for kind, b in run.items if kind == "frame" and b[:1] not in (b"/",)]
    targets = [b[1:].decode("utf-8", "replace") for kind, b in run.items if kind == "frame" and b[:1] == b"w"]
    wcounts = []
    for body in res["frames"]:
        if body is None:
            lines.append("<< (partial frame)"); continue
        if body[:1] == b"?":
            lines.append("<< " + escape(body)); continue
        cmd = commands.pop(0) if commands else b""
        m = METER_RE.match(body)
        if m:
            nts = len(m.group(4).split(b",")) if m.group(4) else 0
            rest = body[m.end():]
            meter = '.{"currentHeapCount":#,"compute":#,"allocate":#,"timestamps":[%s]}\\x01' % ",".join(["#"] * nts)
            if cmd == b"w" and rest.isdigit():
                target = targets.pop(0) if targets else ""
                wcounts.append((target, int(rest)))
                lines.append("<< " + meter + "<%s>" % ("count" if target else "?"))
            else:
                lines.append("<< " + meter + escape(rest))
        else:
            if cmd == b"w" and targets:
                targets.pop(0)
            lines.append("<< " + escape(body))
    # the byte counts of `w` replies must match what was written
    fd7_total = sum(n for t, n in wcounts if t.startswith("@7"))
    if res["fd7"] or any(t.startswith("@7") for t, _ in wcounts):
        ok = fd7_total == len(res["fd7"])
        lines.append("fd7: %s (%s)" % ("snapshot" if res["fd7"][:8] == b"CRYOSNAP" else "data",
                                       "byte count matches the w replies" if ok else
                                       "MISMATCH: replies say %d, got %d" % (fd7_total, len(res["fd7"]))))
    last = {}
    for t, n in wcounts:
        if not t.startswith("@"):
            last[t] = n
    for t, n in last.items():
        size = os.path.getsize(t) if os.path.exists(t) else -1
        lines.append("file %s: %s" % (t.replace(tmp, "$TMP"), "byte count matches the w reply" if size == n else
                                      "MISMATCH: reply says %d, file has %d" % (n, size)))
    for name in ("stdout", "stderr"):
        text = res[name].decode("utf-8", "replace").replace(tmp, "$TMP")
        if name == "stdout":   # print() lines under -p carry the meter: engine-dependent
            text = re.sub(r"(?m)^\[\d+\] ", "[#] ", text)
        if text:
            lines.append(name + ":")
            lines.extend("| " + l for l in text.rstrip("\n").split("\n"))
    lines.append("exit: %s" % res["exit"])
    return lines


def run_transcript(worker, name):
    tmp = tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        with open(os.path.join(HERE, name + ".in"), encoding="utf-8") as f:
            runs = parse_in(f.read(), tmp)
        out = []
        for i, run in enumerate(runs, 1):
            do_actions(run)
            out.extend(render_run(run, play(worker, run, tmp, i), tmp, i))
        return "\n".join(out) + "\n"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Scenario checks
# ---------------------------------------------------------------------------------------

def drive(worker, bodies, args=(), fd8=None, tmp=None):
    """Run the worker over `bodies`; returns (frames, fd7 bytes, exit status)."""
    run = Run(list(args))
    run.items = [("frame", b) for b in bodies]
    if fd8:
        run.fd8 = fd8
    own = tmp is None
    tmp = tmp or tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        res = play(worker, run, tmp, 0)
    finally:
        if own:
            shutil.rmtree(tmp, ignore_errors=True)
    return res


def meter_of(body):
    m = METER_RE.match(body)
    if not m:
        raise AssertionError("not a success reply: %r" % body[:200])
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))), body[m.end():]


SETUP = [b"eglobalThis.log = []; globalThis.m = new Map(); for (let i = 0; i < 3000; i++) m.set('k' + i, {i});",
         b"eglobalThis.handleCommand = b => { const s = new TextDecoder().decode(b); log.push(s); "
         b"setImmediate(() => log.push(s + '!')); return new TextEncoder().encode(s + ':' + log.length + ':' + m.size).buffer; };",
         b"?first"]
WORK = [b"?second", b"efor (let i = 0; i < 2000; i++) m.delete('k' + i); gc(); JSON.stringify(log)",
        b"e(() => { const r = {}; Promise.resolve().then(() => { r.result = new TextEncoder().encode(String(performance.now())).buffer; }); return r; })()",
        b"?third"]


def scenario_restore_is_indistinguishable(worker):
    """DESIGN C3: continuing from a snapshot gives the same replies, the same metering and
    the same next snapshot as continuing the original."""
    a = drive(worker, SETUP + [b"w@7"] + WORK + [b"w@7"])   # writing counts as a collection
    b1 = drive(worker, SETUP + [b"w@7"])
    tmp = tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        snap = os.path.join(tmp, "s.bin")
        with open(snap, "wb") as f:
            f.write(b1["fd7"])
        b2 = drive(worker, WORK + [b"w@7"], args=["-r", "@8:snap"],
                   fd8=(snap, b"trailing bytes the worker must not read"), tmp=tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fa, fb = a["frames"][len(SETUP) + 1:], b2["frames"]
    assert a["exit"] == 0 and b2["exit"] == 0, (a["exit"], b2["exit"], b2["stderr"])
    assert len(fa) == len(fb) == len(WORK) + 1, (len(fa), len(fb))
    for x, y in zip(fa, fb):
        assert meter_of(x) == meter_of(y), (meter_of(x), meter_of(y))
    assert a["fd7"][:len(b1["fd7"])] == b1["fd7"], "first snapshot differs"
    assert a["fd7"][len(b1["fd7"]):] == b2["fd7"], "next snapshot differs"


def scenario_snapshots_are_canonical(worker):
    """DESIGN C2: the same inputs give byte-identical snapshots in two processes, and a
    snapshot of a restored worker is byte-identical to the snapshot it came from."""
    a = drive(worker, SETUP + [b"w@7"])
    b = drive(worker, SETUP + [b"w@7"], args=["unrelated-label", "-l", "123456789"])
    assert a["fd7"] == b["fd7"] and a["fd7"][:8] == b"CRYOSNAP", "snapshots differ"
    tmp = tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        snap = os.path.join(tmp, "s.bin")
        with open(snap, "wb") as f:
            f.write(a["fd7"])
        c = drive(worker, [b"w@7"], args=["-r", snap], tmp=tmp)
        assert c["fd7"] == a["fd7"], "snapshot of the restored worker differs"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def scenario_meter_is_deterministic(worker):
    """Same deliveries, same computrons and heap counts, in two processes."""
    a = drive(worker, SETUP + WORK)
    b = drive(worker, SETUP + WORK)
    ma = [meter_of(f) for f in a["frames"]]
    mb = [meter_of(f) for f in b["frames"]]
    assert ma == mb, (ma, mb)
    assert all(m[0][1] > 0 for m in ma), ma


def scenario_gc_stress(worker):
    """The protocol paths hold their values rooted: the same transcript under
    CRYO_GC_STRESS=1 gives the same replies (meters aside)."""
    env_old = os.environ.get("CRYO_GC_STRESS")
    try:
        os.environ["CRYO_GC_STRESS"] = "1"
        small = [b.replace(b"3000", b"300").replace(b"2000", b"200") for b in SETUP + WORK]
        a = drive(worker, small)
    finally:
        if env_old is None:
            del os.environ["CRYO_GC_STRESS"]
        else:
            os.environ["CRYO_GC_STRESS"] = env_old
    b = drive(worker, small)
    ra = [meter_of(f)[1] for f in a["frames"]]
    rb = [meter_of(f)[1] for f in b["frames"]]
    assert a["exit"] == 0 and ra[:-2] == rb[:-2], (a["exit"], a["stderr"], ra, rb)


def scenario_cli_snapshot(worker):
    """A snapshot written by the plain cryo tool (no worker host data) starts a worker, which
    adds its host globals. Skipped (passes) when build/cryo is not next to the worker."""
    cryo = os.path.join(os.path.dirname(worker), "cryo")
    if not os.path.exists(cryo):
        return
    tmp = tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        snap = os.path.join(tmp, "cli.snap")
        subprocess.run([cryo, "-e", "globalThis.fromCli = 'cli'", "--snapshot-out", snap], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = drive(worker, [b"enew TextEncoder().encode(fromCli + ' ' + typeof issueCommand).buffer", b"w@7"],
                  args=["-r", snap], tmp=tmp)
        assert r["exit"] == 0, (r["exit"], r["stderr"])
        assert meter_of(r["frames"][0])[1] == b"cli function", r["frames"]
        assert r["fd7"][:8] == b"CRYOSNAP"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def scenario_overwrite_loaded_snapshot(worker):
    """A worker restored from a file has its heap image mapped from that file; writing a
    snapshot in place over that very file (`w PATH`: truncate and rewrite) must first make the
    heap private, then give the same bytes and the same later behaviour as a worker restored
    from a copy (regression: it would read the truncated file's pages and die of SIGBUS)."""
    a = drive(worker, SETUP + [b"w@7"])
    tmp = tempfile.mkdtemp(prefix="cryo-worker-test-")
    try:
        snap, copy, other = (os.path.join(tmp, n) for n in ("s.bin", "copy.bin", "other.bin"))
        for path in (snap, copy):
            with open(path, "wb") as f:
                f.write(a["fd7"])
        r = drive(worker, [b"w" + snap.encode(), b"?second", b"w@7"], args=["-r", snap], tmp=tmp)
        c = drive(worker, [b"w" + other.encode(), b"?second", b"w@7"], args=["-r", copy], tmp=tmp)
        assert r["exit"] == 0 and c["exit"] == 0, (r["exit"], r["stderr"], c["exit"])
        with open(snap, "rb") as f:
            assert f.read() == a["fd7"], "in-place snapshot of the restored worker differs"
        assert r["fd7"] == c["fd7"] and list(map(meter_of, r["frames"])) == list(map(meter_of, c["frames"])), "behaviour after the in-place write differs"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


SCENARIOS = [scenario_restore_is_indistinguishable, scenario_snapshots_are_canonical,
             scenario_meter_is_deterministic, scenario_gc_stress, scenario_cli_snapshot,
             scenario_overwrite_loaded_snapshot]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", default=os.path.join(HERE, "..", "..", "build", "cryo-worker"))
    ap.add_argument("--update", action="store_true", help="rewrite the .out files")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    worker = os.path.abspath(a.worker)
    names = a.names or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".in"))
    passed = failed = skipped = 0
    for name in names:
        if name.startswith("scenario_"):
            continue
        if os.environ.get("CRYO_GC_STRESS") and "\n%no-gc-stress\n" in "\n" + open(os.path.join(HERE, name + ".in")).read():
            skipped += 1
            continue
        got = run_transcript(worker, name)
        outp = os.path.join(HERE, name + ".out")
        if a.update:
            with open(outp, "w", encoding="utf-8") as f:
                f.write(got)
        want = open(outp, encoding="utf-8").read() if os.path.exists(outp) else None
        if got == want:
            passed += 1
        else:
            failed += 1
            print("FAIL %s" % name)
            import difflib
            sys.stdout.writelines(difflib.unified_diff((want or "").splitlines(True), got.splitlines(True),
                                                       name + ".out", name + " (got)"))
    for sc in SCENARIOS:
        if a.names and sc.__name__ not in a.names:
            continue
        try:
            sc(worker)
            passed += 1
        except Exception as e:  # noqa: BLE001 - report any failure
            failed += 1
            print("FAIL %s: %s" % (sc.__name__, e))
    print("%d passed, %d failed%s" % (passed, failed, " (%d skipped under GC stress)" % skipped if skipped else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
