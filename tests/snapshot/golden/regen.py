#!/usr/bin/env python3
"""Regenerate (or, with --check, verify) the golden snapshots in this directory.

    python3 tests/snapshot/golden/regen.py [--cryo build/cryo] [--check]

golden.snap and golden.z.snap are what `cryo golden.js --snapshot-out S [--compress]` writes.
--check writes them again to a temporary directory and exits 1 (naming the first differing
byte) unless the current build writes byte-identical files. Regenerate only for an
intentional change: a new format version, CRYO_VERSION, or a change to the initial realm
or the built-in function table (see README.md here)."""
import argparse, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = (("golden.snap", []), ("golden.z.snap", ["--compress"]))


def write(cryo, outdir):
    """Write the goldens into outdir; returns {name: bytes}."""
    out = {}
    for name, extra in GOLDENS:
        path = os.path.join(outdir, name)
        # run from this directory with a relative script name: the file name is kept in the
        # heap (function sources, stack traces), and must not depend on where the checkout is
        p = subprocess.run([os.path.abspath(cryo), "golden.js", "--snapshot-out", path] + extra, cwd=HERE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(f"cryo exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
        with open(path, "rb") as f:
            out[name] = f.read()
    return out


def check(cryo):
    """[] when the build writes the stored goldens byte for byte, else messages."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write(cryo, tmp)
    for name, data in fresh.items():
        try:
            with open(os.path.join(HERE, name), "rb") as f:
                stored = f.read()
        except OSError as e:
            problems.append(f"{name}: {e}")
            continue
        if stored != data:
            at = next((i for i in range(min(len(stored), len(data))) if stored[i] != data[i]), min(len(stored), len(data)))
            problems.append(f"{name}: this build writes different bytes (sizes {len(data)} vs stored {len(stored)}, "
                            f"first difference at byte {at}); if the change is intentional, run "
                            f"tests/snapshot/golden/regen.py")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cryo", default="build/cryo")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    cryo = os.path.abspath(args.cryo)
    if args.check:
        problems = check(cryo)
        for p in problems:
            print(p)
        print("goldens ok" if not problems else "goldens differ")
        sys.exit(1 if problems else 0)
    for name, data in write(cryo, HERE).items():
        print(f"wrote {name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
