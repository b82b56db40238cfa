#!/usr/bin/env python3
"""Run the cryo benchmark programs under several engines and compare them.

Usage: bench/run.py [--cryo build/cryo] [--node node] [-n RUNS] [--timeout S]
                    [--json OUT] [program.js | name ...]

Engines: cryo (--cryo, default build/cryo), `node --jitless` (V8's interpreter),
QuickJS when --qjs PATH or env CRYO_QJS (or QJS) names a qjs binary, XS when env XST
names an xst binary (or Agoric's xsnap command line: see bench/README.md).  A peer that is not named or not found is skipped with a note.
Each program runs RUNS times per engine (default 3); the median wall time (with --cpu:
user + system CPU time of the child and its descendants, steadier on a loaded machine) and the
largest peak RSS (the child's rusage: through GNU time's %M when /usr/bin/time
exists, else os.wait4 directly) are reported.  Every
program prints exactly one checksum line; all engines must agree (the reference is
node's output when node ran, else the most common output).  A crash, timeout,
nonzero exit or checksum mismatch is reported as FAIL for that engine; the script
itself always exits 0 unless its arguments are wrong.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)


class RunResult:
    """Outcome of one process run."""

    def __init__(self, ok, wall, maxrss_kb, output, error, cpu=0.0):
        self.ok = ok                # exited 0 within the time limit
        self.wall = wall            # seconds, spawn to reap
        self.cpu = cpu              # user + system CPU seconds of the child (and its children)
        self.maxrss_kb = maxrss_kb  # peak resident set size of the child, KiB
        self.output = output        # last non-empty stdout line (the checksum)
        self.error = error          # short reason when not ok


def detect_gnu_time():
    """Path of GNU time if it works, else None.

    ru_maxrss of a child spawned straight from Python includes the memory of the
    forked Python copy (the kernel keeps the high-water mark across exec), which puts
    a floor of ~10 MB under every measurement.  GNU time forks from a tiny process,
    so its %M is the engine's own peak RSS; fall back to os.wait4 without it.
    """
    path = shutil.which('time') or ('/usr/bin/time' if os.path.exists('/usr/bin/time') else None)
    if path is None:
        return None
    with tempfile.NamedTemporaryFile('r', suffix='.time') as f:
        try:
            r = subprocess.run([path, '-f', '%M %x', '-o', f.name, 'true'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        words = f.read().split()
    if r.returncode == 0 and len(words) == 2 and words[0].isdigit():
        return path
    return None


GNU_TIME = None  # set in main()


def run_once(argv, timeout):
    """Runs argv once; measures wall time and peak RSS of the child."""
    time_file = None
    if GNU_TIME:
        fd, time_file = tempfile.mkstemp(suffix='.time')
        os.close(fd)
        argv = [GNU_TIME, '-f', '%M %x', '-o', time_file] + argv
    try:
        with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
            start = time.perf_counter()
            try:
                proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out_f,
                                        stderr=err_f, start_new_session=True)
            except OSError as e:
                return RunResult(False, 0.0, 0, '', 'cannot start: %s' % e)
            timed_out = []

            def kill():
                timed_out.append(True)
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                _, status, rusage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - start
            rc = proc.returncode = os.waitstatus_to_exitcode(status)
            out_f.seek(0)
            err_f.seek(0)
            out = out_f.read().decode('utf-8', 'replace')
            err = err_f.read().decode('utf-8', 'replace')
        maxrss = rusage.ru_maxrss
        if time_file:
            with open(time_file, errors='replace') as f:
                tlines = f.read().splitlines()
            words = tlines[-1].split() if tlines else []
            if len(words) == 2 and words[0].isdigit():
                maxrss = int(words[0])
            sig = [ln for ln in tlines if ln.startswith('Command terminated by signal')]
            if sig:
                rc = -int(sig[0].split()[-1])
            elif rc == 127 and 'cannot run' in err:
                return RunResult(False, wall, 0, '', 'cannot start: ' + err.strip()[:120])
    finally:
        if time_file:
            os.unlink(time_file)
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
    last = lines[-1] if lines else ''
    if timed_out:
        return RunResult(False, wall, maxrss, last, 'timeout after %gs' % timeout)
    if rc != 0:
        first_err = next((ln for ln in err.splitlines()
                          if ln.strip() and 'disabling flag' not in ln), '')
        why = ('killed by signal %d' % -rc) if rc < 0 else ('exit %d' % rc)
        return RunResult(False, wall, maxrss, last, (why + ': ' + first_err.strip())[:160])
    if len(lines) != 1:
        return RunResult(False, wall, maxrss, last,
                         'expected 1 output line, got %d' % len(lines))
    return RunResult(True, wall, maxrss, last, '', rusage.ru_utime + rusage.ru_stime)


class EngineStat:
    """Aggregated results of one engine on one program."""

    def __init__(self):
        self.time = None      # median wall seconds of successful runs
        self.rss_kb = None    # max peak RSS over runs
        self.output = None    # checksum line (if every run agreed)
        self.error = None     # reason for FAIL, or None


def engine_list(args):
    """[(name, argv-prefix)] of engines that are available, plus notes on missing ones."""
    engines, notes = [], []
    cryo = args.cryo
    if os.path.isfile(cryo) and os.access(cryo, os.X_OK):
        engines.append(('cryo', [os.path.abspath(cryo)]))
    else:
        notes.append('cryo: %s not found or not executable (reported as missing)' % cryo)
        engines.append(('cryo', None))
    node = shutil.which(args.node)
    if node:
        engines.append(('node', [node, '--jitless']))
    else:
        notes.append('node: %r not found' % args.node)
        engines.append(('node', None))
    qjs_path, qjs_from = args.qjs, '--qjs'
    for env in ('CRYO_QJS', 'QJS'):
        if not qjs_path and os.environ.get(env):
            qjs_path, qjs_from = os.environ[env], '$' + env
    peers = (('qjs', qjs_path, qjs_from, '--qjs PATH or $CRYO_QJS'),
             ('xs', os.environ.get('XST'), '$XST', '$XST'))
    for name, path, origin, how in peers:
        if not path:
            notes.append('%s: skipped (name the binary with %s)' % (name, how))
            continue
        resolved = shutil.which(path)
        if resolved:
            engines.append((name, [resolved]))
        else:
            notes.append('%s: skipped, %s=%r not found' % (name, origin, path))
    return engines, notes


def find_programs(names):
    """Resolves program names or paths; default: every bench/*.js."""
    if not names:
        return sorted(os.path.join(BENCH_DIR, f) for f in os.listdir(BENCH_DIR)
                      if f.endswith('.js'))
    progs = []
    for n in names:
        cands = [n, os.path.join(BENCH_DIR, n), os.path.join(BENCH_DIR, n + '.js')]
        hit = next((c for c in cands if os.path.isfile(c)), None)
        if hit is None:
            sys.exit('run.py: no such benchmark: %s' % n)
        progs.append(os.path.abspath(hit))
    return progs


def measure(argv, runs, timeout, cpu=False):
    """Runs argv `runs` times and aggregates (wall time, or CPU time when cpu)."""
    st = EngineStat()
    times, outputs, rss = [], set(), 0
    for _ in range(runs):
        r = run_once(argv, timeout)
        rss = max(rss, r.maxrss_kb)
        if not r.ok:
            st.error = r.error
            st.rss_kb = rss
            return st
        times.append(r.cpu if cpu else r.wall)
        outputs.add(r.output)
    st.rss_kb = rss
    if len(outputs) != 1:
        st.error = 'nondeterministic output: ' + ' / '.join(sorted(outputs))[:120]
        return st
    st.time = statistics.median(times)
    st.output = outputs.pop()
    return st


def fmt_time(st):
    if st is None:
        return '-'
    if st.error is not None:
        return 'FAIL'
    return '%.3f' % st.time


def fmt_rss(st):
    if st is None or st.rss_kb is None:
        return '-'
    return '%.0fM' % (st.rss_kb / 1024.0)


def fmt_ratio(a, b):
    if a is None or b is None or a.error or b.error or not b.time:
        return '-'
    return '%.2f' % (a.time / b.time)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('programs', nargs='*', help='benchmarks to run (default: all bench/*.js)')
    ap.add_argument('--cryo', default=os.path.join(REPO_DIR, 'build', 'cryo'),
                    help='path of the cryo binary (default build/cryo)')
    ap.add_argument('--node', default='node', help='node executable (run with --jitless)')
    ap.add_argument('--qjs', metavar='PATH',
                    help='QuickJS qjs binary (default: env CRYO_QJS, then QJS; skipped if none)')
    ap.add_argument('-n', '--runs', type=int, default=3, help='runs per engine (median taken)')
    ap.add_argument('--timeout', type=float, default=300.0, help='seconds per run')
    ap.add_argument('--json', metavar='OUT', help='also write the results as JSON')
    ap.add_argument('--cpu', action='store_true',
                    help='compare user+system CPU time instead of wall time (shared machines)')
    ap.add_argument('--no-gnu-time', action='store_true',
                    help='measure peak RSS with os.wait4 only (not via GNU time)')
    args = ap.parse_args()
    if args.runs < 1:
        ap.error('--runs must be >= 1')

    programs = find_programs(args.programs)
    global GNU_TIME
    GNU_TIME = None if args.no_gnu_time else detect_gnu_time()
    if not GNU_TIME:
        print('note: peak RSS from os.wait4 rusage; it includes a floor of the forked '
              'Python copy (about %.0f MB)' % (run_once(['true'], 10).maxrss_kb / 1024.0))
    engines, notes = engine_list(args)
    for n in notes:
        print('note: ' + n)
    names = [e[0] for e in engines]

    results = {}
    for prog in programs:
        pname = os.path.basename(prog)[:-3]
        row = {}
        for name, prefix in engines:
            if prefix is None:
                row[name] = None
                continue
            row[name] = measure(prefix + [prog], args.runs, args.timeout, args.cpu)
        # Reference checksum: node's, else the most common one.
        good = [st.output for st in row.values() if st is not None and st.error is None]
        ref = None
        if row.get('node') is not None and row['node'].error is None:
            ref = row['node'].output
        elif good:
            ref = max(sorted(set(good)), key=good.count)
        for st in row.values():
            if st is not None and st.error is None and st.output != ref:
                st.error = 'checksum %r != expected %r' % (st.output, ref)
        results[pname] = row
        status = ', '.join('%s %s' % (n, fmt_time(row[n])) for n in names)
        print('  %-18s %s' % (pname, status), flush=True)

    # The table.
    if args.cpu:
        print('times are user+system CPU seconds (--cpu)')
    header = ['program', 'cryo s', 'node-jitless s', 'cryo/node']
    extra = [n for n in names if n in ('qjs', 'xs')]
    for n in extra:
        header += ['%s s' % n, 'cryo/%s' % n]
    header += ['%s RSS' % n for n in names]
    rows = []
    for pname, row in results.items():
        line = [pname, fmt_time(row.get('cryo')), fmt_time(row.get('node')),
                fmt_ratio(row.get('cryo'), row.get('node'))]
        for n in extra:
            line += [fmt_time(row.get(n)), fmt_ratio(row.get('cryo'), row.get(n))]
        line += [fmt_rss(row.get(n)) for n in names]
        rows.append(line)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    print()
    print('  '.join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i])
                    for i, h in enumerate(header)))
    for r in rows:
        print('  '.join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                        for i, c in enumerate(r)))

    # Failures and a geometric-mean summary.
    fails = []
    for pname, row in results.items():
        for n in names:
            st = row.get(n)
            if st is not None and st.error is not None:
                fails.append('FAIL %s %s: %s' % (n, pname, st.error))
    if fails:
        print()
        for f in fails:
            print(f)
    summary = []
    for n in names:
        if n == 'node':
            continue
        ratios = [row[n].time / row['node'].time for row in results.values()
                  if row.get(n) and row.get('node') and row[n].error is None
                  and row['node'].error is None and row['node'].time]
        if ratios:
            geo = statistics.geometric_mean(ratios)
            summary.append('%s/node geomean %.2f over %d' % (n, geo, len(ratios)))
    for n in extra:
        ratios = [row['cryo'].time / row[n].time for row in results.values()
                  if row.get('cryo') and row.get(n) and row['cryo'].error is None
                  and row[n].error is None and row[n].time]
        if ratios:
            summary.append('cryo/%s geomean %.2f over %d' % (
                n, statistics.geometric_mean(ratios), len(ratios)))
    missing = [n for n, p in engines if p is None]
    print()
    print('summary: %d programs, %d engine failures%s%s' % (
        len(results), len(fails),
        ('; ' + '; '.join(summary)) if summary else '',
        ('; missing: ' + ', '.join(missing)) if missing else ''))

    if args.json:
        data = {p: {n: (None if st is None else {'time': st.time, 'rss_kb': st.rss_kb,
                                                 'output': st.output, 'error': st.error})
                    for n, st in row.items()} for p, row in results.items()}
        with open(args.json, 'w') as f:
            json.dump(data, f, indent=1, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
