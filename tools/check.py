#!/usr/bin/env python3
"""check.py — run every test suite CI runs and total the results.

Phases: unit tests (C), the JavaScript suite with the normal build, the same suite with the
ASan+UBSan build, the same suite under GC stress, the worker and vat store tests (normal and
ASan+UBSan), and the snapshot tests. Each phase prints
its own `N passed, N failed` line; this script prints the grand total last and exits non-zero
if any phase failed or ran no test."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOBS = str(os.cpu_count() or 2)

def run(title, cmd, env=None, sum_lines=False):
    print(f"== {title}: {' '.join(cmd)}", flush=True)
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run(cmd, cwd=ROOT, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(p.stdout)
    sys.stdout.flush()
    passed = failed = 0
    for m in re.finditer(r"^(?:\w+: )?(\d+) passed, (\d+) failed", p.stdout, re.M):
        if sum_lines:   # one summary line per program (the unit tests)
            passed, failed = passed + int(m.group(1)), failed + int(m.group(2))
        else:           # the last summary line is the phase's total
            passed, failed = int(m.group(1)), int(m.group(2))
    if p.returncode != 0 and failed == 0:
        failed = 1
    return passed, failed, p.returncode

def main():
    phases = []
    def must(cmd):
        r = subprocess.run(cmd, cwd=ROOT)
        if r.returncode != 0:
            print(f"build failed: {' '.join(cmd)}")
            print("0 passed, 1 failed")
            sys.exit(1)
    must(["make", "-j" + JOBS, "build/cryo"])
    phases.append(run("unit tests", ["make", "-s", "unit"], sum_lines=True))
    # every C function that calls vm_root opens VM_ROOT_SCOPE (src/heap.h): a static check
    phases.append(run("root scopes", ["sh", "-c", "sh tools/check_root_scopes.sh src/*.c src/builtins/*.c worker/*.c "
                                      "store/*.c tools/*.c && echo '1 passed, 0 failed' || echo '0 passed, 1 failed'"]))
    phases.append(run("JavaScript tests", ["python3", "tools/run_tests.py", "--cryo", "build/cryo"]))
    must(["make", "-j" + JOBS, "SAN=1", "build-san/cryo"])
    phases.append(run("JavaScript tests (ASan+UBSan)", ["python3", "tools/run_tests.py", "--cryo", "build-san/cryo"],
                      {"CRYO_SANITIZE": "1", "ASAN_OPTIONS": "detect_leaks=0", "CRYO_TEST_TIMEOUT": "4"}))
    phases.append(run("JavaScript tests (GC stress)", ["python3", "tools/run_tests.py", "--cryo", "build/cryo"],
                      {"CRYO_GC_STRESS": "1", "CRYO_TEST_TIMEOUT": "4"}))
    # cryo-worker: transcript tests (normal and ASan), then the @agoric/xsnap client driving it
    must(["make", "-j" + JOBS, "build/cryo-worker"])
    phases.append(run("worker transcripts", ["python3", "tests/worker/run.py", "--worker", "build/cryo-worker"]))
    must(["make", "-j" + JOBS, "SAN=1", "build-san/cryo-worker"])
    phases.append(run("worker transcripts (ASan+UBSan)", ["python3", "tests/worker/run.py", "--worker", "build-san/cryo-worker"],
                      {"ASAN_OPTIONS": "detect_leaks=0"}))
    # the vat store: `cryo vat` driving cryo-worker (kill -9, restart vs. never-died, corruption)
    phases.append(run("vat store", ["python3", "tests/store/run.py", "--cryo", "build/cryo"]))
    phases.append(run("vat store (ASan+UBSan)", ["python3", "tests/store/run.py", "--cryo", "build-san/cryo", "-k", "basic,every,between,corrupt,limits,prune,worker_kill,syscalls,fuzz,divergence,boundary,conflict,upgrade,exit"],
                      {"ASAN_OPTIONS": "detect_leaks=0"}))
    if subprocess.run(["sh", "-c", "command -v node && command -v npm"], cwd=ROOT, stdout=subprocess.DEVNULL).returncode == 0:
        phases.append(run("@agoric/xsnap client and Agoric liveslots against cryo-worker",
                          ["make", "-s", "test-xsnap-client"], sum_lines=True))
        # the vat store hosting a real SwingSet vat (lockdown + liveslots supervisor + a bundle)
        phases.append(run("vat store with Agoric liveslots", ["python3", "tests/store/liveslots.py", "--cryo", "build/cryo"]))
        phases.append(run("vat store with Agoric liveslots (ASan+UBSan)", ["python3", "tests/store/liveslots.py", "--cryo", "build-san/cryo"],
                          {"ASAN_OPTIONS": "detect_leaks=0"}))
        # real programs (TypeScript, Babel, Prettier, ...) from pinned npm packages, compared
        # with node's output, on the normal and the sanitizer build
        must(["sh", "-c", "cd tests/realworld && npm ci --ignore-scripts --no-audit --no-fund"])
        phases.append(run("real programs vs node", ["python3", "tests/realworld/run.py", "--cryo", "build/cryo"]))
        phases.append(run("real programs vs node (ASan+UBSan)", ["python3", "tests/realworld/run.py", "--cryo", "build-san/cryo"],
                          {"ASAN_OPTIONS": "detect_leaks=0"}))
    else:
        print("== @agoric/xsnap client, real programs: node/npm not found; install nodejs (>= 20) and npm to run them")
    if os.path.exists(os.path.join(ROOT, "tests/snapshot/run.py")):
        cmd = ["python3", "tests/snapshot/run.py", "--cryo", "build/cryo", "--san", "build-san/cryo"]
        # C2: the same program built by another compiler must write identical bytes
        if subprocess.run(["sh", "-c", "command -v clang"], cwd=ROOT, stdout=subprocess.DEVNULL).returncode == 0:
            must(["make", "-j" + JOBS, "CC=clang", "BUILD=build-clang", "build-clang/cryo", "build-clang/cryo-worker"])
            cmd += ["--cryo2", "build-clang/cryo"]
            phases.append(run("vat store (gcc store, clang worker)", ["python3", "tests/store/run.py", "--cryo", "build/cryo",
                                                                     "-k", "compilers", "--worker2", "build-clang/cryo-worker"]))
        phases.append(run("snapshot tests", cmd))
    tp = sum(p[0] for p in phases)
    tf = sum(p[1] for p in phases)
    bad = any(p[2] != 0 for p in phases)
    print(f"total: {tp} passed, {tf} failed")
    sys.exit(1 if (bad or tf or tp == 0) else 0)

if __name__ == "__main__":
    main()
