#!/usr/bin/env python3
"""Snapshot round-trip, determinism and hostile-input tests.

For every tests/snapshot/cases/NAME.a.js + NAME.b.js pair (cryo gets the `// flags:` of A):
  path 1: cryo A B --snapshot-out S1
  path 2: cryo A --snapshot-out S0 ; cryo --snapshot-in S0 B --snapshot-out S2
  - both outputs equal the `// expect:` lines of A then B
  - S1 and S2 are byte-identical (a restored VM is indistinguishable, DESIGN C3)
  - running path 1 again, and with freshly allocated memory poisoned (CRYO_GC_POISON=1),
    gives the same bytes (C2); restoring S1 and writing again with nothing run gives S1
  - the compressed form restores to the same state
  - with --cryo2 (a build by another compiler), path 1 gives the same bytes
Hostile input: truncations and flipped bytes of a snapshot are refused with exit code 1 and
a message, never a crash; corrupt.py's fixtures (generated from golden/golden.js: truncations,
flipped bytes, lying lengths, wrong tags and versions, bad magic, a damaged zstd layer) the
same, also through an ASan build with --san. Goldens: the build writes golden/*.snap byte for
byte (golden/regen.py regenerates them after an intentional change).
Prints `N passed, N failed`."""
import argparse, glob, os, random, stat, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "golden"))
import corrupt  # noqa: E402
import regen  # noqa: E402


def expected(*files):
    out = []
    for f in files:
        for line in open(f, encoding="utf-8"):
            i = line.find("// expect: ")
            if i >= 0:
                out.append(line[i + len("// expect: "):].rstrip("\n").rstrip())
    return out


def case_flags(path):
    """Extra cryo arguments of a case: its `// flags: ...` lines (e.g. --test262), used by
    every run of the case, restores included."""
    flags = []
    for line in open(path, encoding="utf-8"):
        i = line.find("// flags: ")
        if i >= 0:
            flags += line[i + len("// flags: "):].split()
    return flags


def run(cmd, env=None, timeout=120):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)


def lines(s):
    return [l.rstrip() for l in s.splitlines()]


def case(res, cryo, cryo2, a, b, tmp):
    name = os.path.basename(a)[:-5]
    flags = case_flags(a)
    cmd = [cryo] + flags
    cmd2 = [cryo2] + flags if cryo2 else None
    exp = expected(a, b)
    s0, s1, s2 = (os.path.join(tmp, f"{name}.{i}.snap") for i in range(3))
    rc, out1, err1 = run(cmd + [a, b, "--snapshot-out", s1])
    res.check(f"{name}: one process", rc == 0 and lines(out1) == exp, f"rc={rc} out={lines(out1)} err={err1.strip()[:300]}")
    rc, outa, erra = run(cmd + [a, "--snapshot-out", s0])
    res.check(f"{name}: part A + snapshot", rc == 0, f"rc={rc} err={erra.strip()[:300]}")
    if rc != 0:
        return
    rc, outb, errb = run(cmd + ["--snapshot-in", s0, b, "--snapshot-out", s2])
    res.check(f"{name}: restore + part B", rc == 0 and lines(outa) + lines(outb) == exp,
              f"rc={rc} out={lines(outa) + lines(outb)} err={errb.strip()[:300]}")
    if not (os.path.exists(s1) and os.path.exists(s2)):
        return
    res.check(f"{name}: A;B and A->snapshot->B give identical snapshots", read(s1) == read(s2))
    s1b = os.path.join(tmp, f"{name}.again.snap")
    run(cmd + [a, b, "--snapshot-out", s1b])
    res.check(f"{name}: same program twice gives identical bytes", os.path.exists(s1b) and read(s1b) == read(s1))
    s1p = os.path.join(tmp, f"{name}.poison.snap")
    run(cmd + [a, b, "--snapshot-out", s1p], env={"CRYO_GC_POISON": "1"})
    res.check(f"{name}: poisoned memory gives identical bytes", os.path.exists(s1p) and read(s1p) == read(s1))
    s3 = os.path.join(tmp, f"{name}.resnap.snap")
    rc, _, err = run(cmd + ["--snapshot-in", s1, "--snapshot-out", s3])
    res.check(f"{name}: restore + snapshot is byte-identical", rc == 0 and os.path.exists(s3) and read(s3) == read(s1), err.strip()[:300])
    sz = os.path.join(tmp, f"{name}.z.snap")
    rc, _, err = run(cmd + [a, "--snapshot-out", sz, "--compress"])
    rc2, outz, err2 = run(cmd + ["--snapshot-in", sz, b])
    res.check(f"{name}: compressed snapshot restores", rc == 0 and rc2 == 0 and lines(outa) + lines(outz) == exp, (err + err2).strip()[:300])
    if cryo2:
        s4 = os.path.join(tmp, f"{name}.cc2.snap")
        rc, _, err = run(cmd2 + [a, b, "--snapshot-out", s4])
        res.check(f"{name}: other compiler gives identical bytes", rc == 0 and os.path.exists(s4) and read(s4) == read(s1), err.strip()[:300])


def hostile(res, cryo, tmp):
    src = os.path.join(tmp, "hostile.js")
    with open(src, "w") as f:
        f.write("var o = {a: [1, 2, 3], s: 'str' + 1, m: new Map([[1, {x: 2}]])};\n"
                "function f(x) { return () => x + o.a.length; }\nvar g = f(3);\n")
    snap = os.path.join(tmp, "hostile.snap")
    rc, _, err = run([cryo, src, "--snapshot-out", snap])
    res.check("hostile: base snapshot", rc == 0, err.strip()[:300])
    if rc != 0:
        return
    data = read(snap)
    rng = random.Random(1234)
    bad = os.path.join(tmp, "bad.snap")
    cuts = sorted(set([0, 1, 7, 8, 40, 79, 80, 95, 96] + [rng.randrange(len(data)) for _ in range(40)] + [len(data) - 1]))
    ok = True
    for cut in cuts:
        with open(bad, "wb") as f:
            f.write(data[:cut])
        rc, _, err = run([cryo, "snapshot", "check", bad])
        if rc != 1 or "snapshot" not in err:
            ok = False
            print(f"  truncation at {cut}: rc={rc} err={err.strip()[:200]}")
    res.check(f"hostile: {len(cuts)} truncations refused with exit 1", ok)
    ok = True
    for _ in range(60):
        pos = rng.randrange(len(data))
        b = bytearray(data)
        b[pos] ^= 1 << rng.randrange(8)
        with open(bad, "wb") as f:
            f.write(b)
        rc, _, err = run([cryo, "snapshot", "check", bad])
        if rc != 1:
            ok = False
            print(f"  flip at {pos}: rc={rc} err={err.strip()[:200]}")
    res.check("hostile: 60 flipped bytes refused with exit 1", ok)
    with open(bad, "wb") as f:
        f.write(b"CRYOSNAP" + b"\xff" * 200)
    rc, _, err = run([cryo, "snapshot", "check", bad])
    res.check("hostile: lying header refused", rc == 1, err.strip()[:200])
    rc, out, err = run([cryo, "snapshot", "hash", snap])
    res.check("hostile: hash prints the identity", rc == 0 and len(out.split()[0]) == 64, err.strip()[:200])
    rc, out, err = run([cryo, "snapshot", "info", snap])
    res.check("hostile: info describes the heap", rc == 0 and "objects by class" in out, err.strip()[:200])


def worker_snapshot(res, cryo, tmp):
    """A snapshot written by cryo-worker (which names its host functions, issueCommand and the
    rest) can be inspected by `cryo snapshot` (stand-ins for the host functions), while running
    it in a program without those functions is refused with a message naming one."""
    worker = os.path.join(os.path.dirname(cryo), "cryo-worker")
    if not os.path.exists(worker):
        print(f"  (no {worker}: worker snapshot inspection not tested)")
        return
    snap = os.path.join(tmp, "worker.snap")
    cmd_r, cmd_w = os.pipe()
    rep_r, rep_w = os.pipe()

    def fds():   # in the child: the pipes become fds 3 and 4 (via fresh fds, in case they are 3 or 4)
        a, b = os.dup(cmd_r), os.dup(rep_w)
        os.dup2(a, 3)
        os.dup2(b, 4)
    frames = [b"eglobalThis.kept = JSON.parse(JSON.stringify('\u1f60' + 'x'.repeat(5000)))", b"w" + snap.encode(), b"q"]
    p = subprocess.Popen([worker], preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL)
    os.close(cmd_r)
    os.close(rep_w)
    with os.fdopen(cmd_w, "wb") as w:
        w.write(b"".join(b"%d:%s," % (len(f), f) for f in frames))
    with os.fdopen(rep_r, "rb") as r:
        replies = r.read()
    rc = p.wait(timeout=60)
    res.check("worker snapshot: written by cryo-worker", rc == 0 and os.path.exists(snap), f"rc={rc} {replies[:200]!r}")
    if rc != 0:
        return
    rc, out, err = run([cryo, "snapshot", "check", snap])
    res.check("worker snapshot: `cryo snapshot check` validates it", rc == 0 and ": ok" in out, err.strip()[:300])
    rc, out, err = run([cryo, "snapshot", "info", snap])
    res.check("worker snapshot: `info` counts its host functions and lists the largest strings (packed)",
              rc == 0 and "host natives:  0" not in out and "largest strings" in out and "5001 chars packed" in out, (out + err)[-300:])
    rc, _, err = run([cryo, "--snapshot-in", snap, "-e", "print(kept.length)"])
    res.check("worker snapshot: running it without the worker's host functions is refused",
              rc == 1 and "needs host function" in err, err.strip()[:300])


def tools_diff(res, cryo, tmp):
    """`cryo snapshot diff` names the first values that differ by a path from the roots, Maps
    and Sets by insertion order (`.[[MapData]][1].value.balance`), compares strings by content
    across the two heaps (packed ones too: this once compared a Value of one heap inside the
    other and ran out of memory), says when only the layout differs, and exits 0/1/2; `hash`
    prints the identity `info` shows."""
    def snap(name, code):
        path = os.path.join(tmp, name + ".snap")
        rc, _, err = run([cryo, "-e", code, "--snapshot-out", path])
        if rc != 0:
            raise RuntimeError(f"{name}: {err}")
        return path
    r1 = snap("diff-r1", 'var registry = new Map([["alice", {balance: 10}], ["carol", 1], ["bob", {balance: 5}]]); '
                         'registry.delete("carol"); registry.set("dave", {balance: 1}); var s = new Set(["x", "y"]);')
    r2 = snap("diff-r2", 'var registry = new Map([["alice", {balance: 10}], ["bob", {balance: 6}], ["dave", {balance: 1}]]); '
                         'var s = new Set(["x", "z"]);')
    rc, out, err = run([cryo, "snapshot", "diff", r1, r2])
    res.check("diff: Map and Set entries by insertion order, with paths", rc == 1 and out.splitlines() == [
        'globalThis.s.[[SetData]][1]: strings differ ("y" vs "z")',
        "globalThis.registry.[[MapData]][1].value.balance: values differ (5 vs 6)"], f"rc={rc} {out!r} {err[:200]}")
    rc, out, _ = run([cryo, "snapshot", "diff", r1, r1])
    res.check("diff: identical snapshots", rc == 0 and out.startswith("identical"), f"rc={rc} {out!r}")
    text = 'var text = ("ħéllo \\u2603 wörld ").repeat(20000)'
    t1, t2 = snap("diff-t1", text), snap("diff-t2", text + ' + "!"')
    rc, out, err = run([cryo, "snapshot", "diff", t1, t2], timeout=60)
    res.check("diff: long (packed) strings compared by content", rc == 1 and out.startswith("globalThis.text: strings differ"),
              f"rc={rc} {out[:200]!r} {err[:200]}")
    l1 = snap("diff-l1", 'var t = "x".repeat(60) + "y".repeat(60)')
    l2 = snap("diff-l2", 'var t = "' + "x" * 60 + "y" * 60 + '"')
    rc, out, _ = run([cryo, "snapshot", "diff", l1, l2])
    res.check("diff: a rope and a flat string of the same text differ in layout only",
              rc == 1 and out.strip() == "heaps differ in layout only (no reachable value differs)", f"rc={rc} {out!r}")
    rc, out, _ = run([cryo, "snapshot", "diff", r1, os.path.join(tmp, "missing.snap")])
    res.check("diff: an unreadable snapshot exits 2", rc == 2, f"rc={rc}")
    rc1, h, _ = run([cryo, "snapshot", "hash", r1])
    rc2, info, _ = run([cryo, "snapshot", "info", r1])
    res.check("hash: the identity info shows", rc1 == 0 and rc2 == 0 and h.split()[0] in info, f"{h!r}")


def writer_bitmap(res, cryo, tmp):
    """The writer's collection marks the cell-start bitmap as it copies; cells allocated after
    it (a finalization cleanup job for a target that died in that collection) are marked by the
    writer. CRYO_GC_VERIFY=1 makes the writer check its bitmap against a walk of the heap."""
    snap = os.path.join(tmp, "finreg.snap")
    src = ("var log = []; var reg = new FinalizationRegistry(h => log.push(h));"
           "(function () { for (var i = 0; i < 3; i++) reg.register({ i }, 'held' + i); })();")
    rc, _, err = run([cryo, "-e", src, "--snapshot-out", snap], env={"CRYO_GC_VERIFY": "1"})
    res.check("writer bitmap: a finalization job allocated after the collection", rc == 0, err.strip()[:300])
    rc, out, err = run([cryo, "--snapshot-in", snap, "-e", "Promise.resolve().then(() => print(log.join()))"], env={"CRYO_GC_VERIFY": "1"})
    res.check("writer bitmap: the snapshot loads and runs the cleanup", rc == 0 and "held0,held1,held2" in out,
              (out + err).strip()[:300])


def writer_trail(res, cryo, tmp):
    """The writer hashes the pieces of the heap image its collection's scan has finished
    while the collection runs (GcTrail, heap.c); the weak rebuilds afterwards write into
    WeakMap tables, WeakRefs and shapes below the scan, whose pieces must then be hashed
    again, and finalization jobs may write anywhere. A 38 MB heap with weak structures
    near its start: CRYO_GC_VERIFY=1 makes the writer hash every piece again and abort on any
    difference, `snapshot check` recomputes the identity from the file, and a second run
    gives the same bytes."""
    src = ("var maps = [], refs = [], keys = [];"
           "for (var i = 0; i < 300; i++) {"
           "  var k = { key: i }; keys.push(k);"
           "  var m = new WeakMap(); m.set(k, i); m.set({ dead: i }, i); maps.push(m);"
           "  refs.push(new WeakRef(i % 2 ? k : { gone: i }));"
           "}"
           "var data = [];"
           "for (var i = 0; i < 60000; i++) data.push({ id: i, kids: [{ name: 'a' + i, deep: { n: [i, i + 1] } }, { name: 'b' + i }] });"
           "print(data.length, maps.length, refs.length);")
    fin = ("var reg = new FinalizationRegistry(h => print('cleanup', h));"
           "(function () { for (var i = 0; i < 3; i++) reg.register({ i }, i); })();")
    for name, code in (("weak", src), ("finreg", src + fin)):
        snaps = []
        for k in range(2):
            snap = os.path.join(tmp, f"trail-{name}-{k}.snap")
            rc, out, err = run([cryo, "-e", code, "--snapshot-out", snap, "--snapshot-timing"], env={"CRYO_GC_VERIFY": "1"})
            early = [w for w in err.split() if w.startswith("pieces_early=")]
            res.check(f"writer trail ({name}): pieces hashed during the collection are the image's",
                      rc == 0 and early and int(early[0].split("=")[1]) > 0, (err.strip()[-300:], early))
            snaps.append(read(snap))
        rc, out, err = run([cryo, "snapshot", "check", snap])
        res.check(f"writer trail ({name}): the file's identity checks", rc == 0, (out + err).strip()[:300])
        res.check(f"writer trail ({name}): the same bytes twice", snaps[0] == snaps[1])


def write_to_pipe(res, cryo, tmp):
    """--snapshot-out naming a FIFO (as /dev/stdout names a pipe) streams into it; regression:
    the writer's temporary file was renamed over the FIFO (over /dev/stdout, replacing it by a
    regular file, with nothing reaching the pipe)."""
    fifo = os.path.join(tmp, "out.fifo")
    os.mkfifo(fifo)
    reader = subprocess.Popen([cryo, "snapshot", "hash", fifo], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rc, _, err = run([cryo, "-e", "var piped = [1, 2, 3]", "--snapshot-out", fifo])
    out, rerr = reader.communicate(timeout=60)
    res.check("--snapshot-out a FIFO: written through the pipe", rc == 0 and reader.returncode == 0 and len(out.split()) == 2,
              (err + rerr.decode(errors="replace")).strip()[:300])
    res.check("--snapshot-out a FIFO: the FIFO is still a FIFO", stat.S_ISFIFO(os.stat(fifo).st_mode))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cryo", default="build/cryo")
    ap.add_argument("--cryo2", default=None, help="a cryo built by another compiler (C2 test)")
    ap.add_argument("--san", default=None, help="an ASan/UBSan build for the corrupt fixtures")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    cryo = os.path.abspath(args.cryo)
    cryo2 = os.path.abspath(args.cryo2) if args.cryo2 else None
    res = Results()
    files = args.cases or sorted(glob.glob(os.path.join(HERE, "cases", "*.a.js")))
    with tempfile.TemporaryDirectory() as tmp:
        for a in files:
            b = a[:-5] + ".b.js"
            case(res, cryo, cryo2, a, b, tmp)
        hostile(res, cryo, tmp)
        worker_snapshot(res, cryo, tmp)
        tools_diff(res, cryo, tmp)
        writer_bitmap(res, cryo, tmp)
        writer_trail(res, cryo, tmp)
        write_to_pipe(res, cryo, tmp)
    problems = regen.check(cryo)
    res.check("goldens: this build writes golden/*.snap byte for byte", not problems, "; ".join(problems))
    for name, _ in regen.GOLDENS:
        rc, _, err = run([cryo, "snapshot", "check", os.path.join(HERE, "golden", name)])
        res.check(f"goldens: {name} loads", rc == 0, err.strip()[:300])
    p, f = corrupt.test(cryo, os.path.abspath(args.san) if args.san else None, log=lambda m: print(m, flush=True))
    res.passed += p
    res.failed += f
    print(f"{res.passed} passed, {res.failed} failed")
    sys.exit(1 if res.failed else 0)


if __name__ == "__main__":
    main()
