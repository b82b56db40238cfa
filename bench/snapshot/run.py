#!/usr/bin/env python3
"""Snapshot speed benchmark: size, write time and load time of large heaps.

Usage: bench/snapshot/run.py [--cryo build/cryo] [-n RUNS] [--quick] [--json OUT] [heap ...]

Heaps (the JS builders in this directory):
  map100k     a Map of 100,000 entries of small objects        (map.js, N=100000)
  map1m       a Map of 1,000,000 entries of small objects      (map.js, N=1000000)
  closures1m  1,000,000 closures, each with its own environment (closures.js)
  blobs100m   100 MB of distinct flat strings and ArrayBuffers  (blobs.js, MB=100)
--quick runs each heap at a tenth of its size (map100k at 10,000 entries, ...) once.

For each heap, RUNS times (default 3), median reported:
  build   whole-process time of `cryo builder.js` (the time to rebuild the heap by
          re-running the script; process start-up included)
  write   `cryo builder.js --snapshot-out S [--compress] --snapshot-timing`: the in-process
          time of snap_write (collect = the full collection that canonicalizes the heap,
          stream = bitmap + hashes + compression + write(2)); fsync/rename reported apart
  load    `cryo --snapshot-in S -e 0 --snapshot-timing`: in-process time of snap_load (map or
          read + integrity check + validation), the time from main() to the first instruction,
          and the whole-process time (spawn to exit, VM teardown included). An uncompressed
          file's heap image is mapped, not read; "pipe" loads the same file through a pipe
          (`cat S | cryo --snapshot-in /dev/stdin`), where it is read
  CPU     the CPU time (user + system) of the thread doing the work, from the same runs: on a
          shared machine the wall times include waiting for a CPU, the CPU times do not. The
          writer hashes the bulk of the heap with SHA-256 on a second thread alongside; its CPU
          time is reported apart ("SHA thread"), and the write's CPU time is split into the
          collection and the stream. The loader validates on two threads, the helper first
          checksumming a mapped image: "CPU" is the loading thread's, "helper" the other's.
MB/s are 10^6 bytes of canonical (uncompressed) snapshot per second, for the compressed
form too, so that the two are comparable.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
NAN = float("nan")

HEAPS = {
    # name: (builder, prelude, quick prelude)
    "map100k": ("map.js", "var N = 100000;", "var N = 10000;"),
    "map1m": ("map.js", "var N = 1000000;", "var N = 100000;"),
    "closures1m": ("closures.js", "var N = 1000000;", "var N = 100000;"),
    "blobs100m": ("blobs.js", "var MB = 100;", "var MB = 10;"),
}

def timed(cmd):
    """Run cmd; return (wall seconds, {phase: {key: float}}) and raise on failure."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:400]}")
    phases = {}
    for line in p.stderr.decode(errors="replace").splitlines():
        if not line.startswith("snapshot-timing: "):
            continue
        words = line.split()[1:]
        phase = "start" if "=" in words[0] else words.pop(0)   # "first_instruction_ms=..." has none
        phases[phase] = {k: float(v) for k, v in (w.split("=") for w in words)}
    return wall, phases


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def bench_heap(cryo, name, runs, quick, tmp):
    builder, pre, qpre = HEAPS[name]
    src = os.path.join(HERE, builder)
    prelude = qpre if quick else pre
    snap = os.path.join(tmp, name + ".snap")
    zsnap = os.path.join(tmp, name + ".z.snap")
    r = {k: [] for k in ("build", "w_total", "w_collect", "w_stream", "w_sync", "w_proc", "w_cpu", "w_sha",
                         "w_collect_cpu", "zw_total", "zw_stream", "zw_cpu", "l_total", "l_stream", "l_validate",
                         "l_first", "l_proc", "l_cpu", "l_helper", "l_mapped", "pl_total", "pl_cpu",
                         "zl_total", "zl_first", "zl_proc", "zl_cpu")}
    size = zsize = 0
    for _ in range(runs):
        wall, _ = timed([cryo, "-e", prelude, src])
        r["build"].append(wall)
        wall, ph = timed([cryo, "--snapshot-timing", "-e", prelude, src, "--snapshot-out", snap])
        w = ph["write"]
        size = int(w["bytes"])
        r["w_total"].append(w["total_ms"] / 1e3)
        r["w_collect"].append(w["collect_ms"] / 1e3)
        r["w_stream"].append(w["stream_ms"] / 1e3)
        r["w_sync"].append(w["sync_ms"] / 1e3)
        r["w_proc"].append(wall)
        r["w_cpu"].append(w.get("cpu_ms", NAN) / 1e3)       # older builds print no CPU times
        r["w_sha"].append(w.get("sha_cpu_ms", NAN) / 1e3)
        r["w_collect_cpu"].append(w.get("collect_cpu_ms", NAN) / 1e3)
        wall, ph = timed([cryo, "--snapshot-timing", "-e", prelude, src, "--snapshot-out", zsnap, "--compress"])
        w = ph["write"]
        zsize = int(w["stored"])
        r["zw_total"].append(w["total_ms"] / 1e3)
        r["zw_stream"].append(w["stream_ms"] / 1e3)
        r["zw_cpu"].append(w.get("cpu_ms", NAN) / 1e3)
        wall, ph = timed([cryo, "--snapshot-timing", "--snapshot-in", snap, "-e", "0"])
        r["l_total"].append(ph["load"]["total_ms"] / 1e3)
        r["l_stream"].append(ph["load"]["stream_ms"] / 1e3)
        r["l_validate"].append(ph["load"]["validate_ms"] / 1e3)
        r["l_first"].append(ph["start"]["first_instruction_ms"] / 1e3)
        r["l_proc"].append(wall)
        r["l_cpu"].append(ph["load"].get("cpu_ms", NAN) / 1e3)
        r["l_helper"].append(ph["load"].get("sha_cpu_ms", NAN) / 1e3)
        r["l_mapped"].append(ph["load"].get("mapped", 0))
        _, ph = timed(["sh", "-c", f"cat '{snap}' | '{cryo}' --snapshot-timing --snapshot-in /dev/stdin -e 0"])
        r["pl_total"].append(ph["load"]["total_ms"] / 1e3)
        r["pl_cpu"].append(ph["load"].get("cpu_ms", NAN) / 1e3)
        wall, ph = timed([cryo, "--snapshot-timing", "--snapshot-in", zsnap, "-e", "0"])
        r["zl_total"].append(ph["load"]["total_ms"] / 1e3)
        r["zl_first"].append(ph["start"]["first_instruction_ms"] / 1e3)
        r["zl_proc"].append(wall)
        r["zl_cpu"].append(ph["load"].get("cpu_ms", NAN) / 1e3)
    out = {k: median(v) for k, v in r.items()}
    out["bytes"] = size
    out["zbytes"] = zsize
    return out


def mbs(nbytes, secs):
    return nbytes / 1e6 / secs if secs > 0 else NAN


def print_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print(" | ".join(c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("-|-".join("-" * w for w in widths))
    print()


def table(results):
    """Three tables: sizes and build time; writing; loading."""
    rows = [("heap", "snapshot MB", "zstd MB", "zstd ratio", "build s (re-run script)")]
    for name, x in results.items():
        rows.append((name, f"{x['bytes'] / 1e6:.1f}", f"{x['zbytes'] / 1e6:.1f}",
                     f"{x['bytes'] / max(x['zbytes'], 1):.1f}", f"{x['build']:.3f}"))
    print_table(rows)
    rows = [("write", "wall s (collect+stream)", "wall MB/s", "stream wall MB/s", "CPU s (collect+stream)",
             "CPU MB/s", "stream CPU MB/s", "SHA thread CPU s", "fsync s", "zstd wall MB/s", "zstd CPU MB/s",
             "process s")]
    for name, x in results.items():
        b = x["bytes"]
        scpu = x["w_cpu"] - x["w_collect_cpu"]
        rows.append((name, f"{x['w_total']:.3f} ({x['w_collect']:.3f}+{x['w_stream']:.3f})",
                     f"{mbs(b, x['w_total']):.0f}", f"{mbs(b, x['w_stream']):.0f}",
                     f"{x['w_cpu']:.3f} ({x['w_collect_cpu']:.3f}+{scpu:.3f})", f"{mbs(b, x['w_cpu']):.0f}",
                     f"{mbs(b, scpu):.0f}", f"{x['w_sha']:.3f}", f"{x['w_sync']:.3f}", f"{mbs(b, x['zw_total']):.0f}",
                     f"{mbs(b, x['zw_cpu']):.0f}", f"{x['w_proc']:.3f}"))
    print_table(rows)
    rows = [("load", "mapped", "wall s (map/read+validate)", "wall MB/s", "CPU s", "CPU MB/s", "helper CPU s",
             "first instr s", "process s", "pipe wall MB/s", "pipe CPU MB/s", "zstd wall MB/s", "zstd CPU MB/s")]
    for name, x in results.items():
        b = x["bytes"]
        rows.append((name, "yes" if x["l_mapped"] else "no", f"{x['l_total']:.3f} ({x['l_stream']:.3f}+{x['l_validate']:.3f})",
                     f"{mbs(b, x['l_total']):.0f}", f"{x['l_cpu']:.3f}", f"{mbs(b, x['l_cpu']):.0f}",
                     f"{x['l_helper']:.3f}", f"{x['l_first']:.3f}", f"{x['l_proc']:.3f}",
                     f"{mbs(b, x['pl_total']):.0f}", f"{mbs(b, x['pl_cpu']):.0f}", f"{mbs(b, x['zl_total']):.0f}",
                     f"{mbs(b, x['zl_cpu']):.0f}"))
    print_table(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cryo", default=os.path.join(HERE, "..", "..", "build", "cryo"))
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="heaps at a tenth of their size, one run")
    ap.add_argument("--json", help="also write the medians to this file")
    ap.add_argument("heaps", nargs="*")
    args = ap.parse_args()
    names = args.heaps or list(HEAPS)
    for n in names:
        if n not in HEAPS:
            ap.error(f"unknown heap {n} (known: {', '.join(HEAPS)})")
    runs = 1 if args.quick else args.runs
    cryo = os.path.abspath(args.cryo)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            print(f"... {n}", file=sys.stderr, flush=True)
            results[n] = bench_heap(cryo, n, runs, args.quick, tmp)
    print(f"cryo snapshot benchmark, median of {runs} run(s){' (quick: heaps at 1/10 size)' if args.quick else ''}; "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    table(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
