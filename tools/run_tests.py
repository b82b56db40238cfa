#!/usr/bin/env python3
"""Runner for cryo's own JavaScript tests (tests/lang, tests/builtins, tests/regress).

Usage: tools/run_tests.py [--cryo build/cryo] [--known tests/known-failures.txt]
                          [-j N] [--timeout S] [--update-known] [-v]
                          [--engine-cmd CMD] [paths...]

A test is a .js file (a script) or a .mjs file (a module, run as `cryo --module FILE`).
Files whose name contains `_FIXTURE` or starts with `_` are helpers (e.g. modules a
test imports), not tests.  Expectations are comments inside the test:

  // expect: TEXT               one expected stdout line, in file order; stdout must
                                equal the list of these lines (trailing spaces stripped)
  // expect error: TEXT         exit code 1 and the first stderr line starts with TEXT
  // expect syntax error: TEXT  exit code 1, stderr contains "SyntaxError" and TEXT
  // flags: --foo --bar         extra arguments for cryo, before the file name
  // skip-sanitize              skipped when env CRYO_SANITIZE=1 or CRYO_GC_STRESS is set (too slow there)
  // skip-gc-stress             skipped when env CRYO_GC_STRESS is set (too slow there)

The directives may also follow code on the same line (`print(1); // expect: 1`).

Environment: CRYO_TEST_TIMEOUT multiplies the per-test timeout (default 10 s);
CRYO_TEST_ENV="NAME=VALUE ..." adds variables to the tests' environment (the rest of
the environment is passed through, so `CRYO_GC_STRESS=1 tools/run_tests.py` works too).

Known failures (--known, default tests/known-failures.txt): one test path per line
(relative to the repository root), `#` starts a comment.  The list must be exact: a
listed test that fails is a "known failure"; a listed test that passes, or a listed
path that does not exist, is an unexpected result.  --update-known rewrites the file.
The exit status is 0 iff there was no unexpected result.

--engine-cmd runs another engine instead of cryo (for testing this runner), e.g.
--engine-cmd node: the command is split like a shell would, `// flags:` are not
passed, and for node a prelude (-r) defines print and reports uncaught errors as
"Uncaught NAME: MESSAGE" like cryo does.
"""

import argparse
import concurrent.futures
import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PATHS = ['tests/lang', 'tests/builtins', 'tests/regress']
OUTPUT_CAP = 4 * 1024 * 1024   # bytes of stdout/stderr kept per test

DIRECTIVE_RE = re.compile(
    r'//\s*(expect syntax error|expect error|expect|flags)\s*:(.*)$|//\s*(skip-sanitize|skip-gc-stress)\b')

NODE_PRELUDE = r'''
'use strict';
// Prelude for running cryo tests under node (loaded with -r by tools/run_tests.py).
globalThis.print = (...args) => console.log(args.map(String).join(' '));
function report(e) {
  let msg;
  if (e !== null && typeof e === 'object' && 'name' in e) {
    msg = 'Uncaught ' + e.name + ': ' + e.message;
  } else {
    msg = 'Uncaught ' + String(e);
  }
  process.stderr.write(msg + '\n');
  process.exit(1);
}
process.on('uncaughtException', report);
process.on('unhandledRejection', report);
'''


def relpath(path):
    """Repository-relative path when inside the repository, else absolute."""
    ap = os.path.abspath(path)
    rel = os.path.relpath(ap, REPO_DIR)
    return ap if rel.startswith('..') else rel


def is_test_file(name):
    return name.endswith(('.js', '.mjs')) and '_FIXTURE' not in name and not name.startswith('_')


def collect(paths):
    """Test files (repository-relative, sorted) under the given files/directories."""
    found, missing = set(), []
    for p in paths:
        if os.path.isfile(p):
            found.add(relpath(p))
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in files:
                    if is_test_file(f):
                        found.add(relpath(os.path.join(root, f)))
        else:
            missing.append(p)
    return sorted(found), missing


class Spec:
    """Expectations parsed from a test file."""

    def __init__(self):
        self.stdout = []          # expected stdout lines
        self.error = None         # `expect error:` text (runtime error)
        self.syntax_error = None  # `expect syntax error:` text
        self.flags = []           # extra cryo arguments
        self.skip_sanitize = False
        self.skip_gc_stress = False
        self.problem = None       # malformed-test message


def directive_text(raw):
    """Text after `directive:`: one separating space removed, trailing space stripped."""
    if raw.startswith(' '):
        raw = raw[1:]
    return raw.rstrip()


def parse_spec(path):
    spec = Spec()
    try:
        with open(os.path.join(REPO_DIR, path) if not os.path.isabs(path) else path,
                  encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError as e:
        spec.problem = 'cannot read: %s' % e
        return spec
    for n, line in enumerate(text.splitlines(), 1):
        if '//' not in line:
            continue
        m = DIRECTIVE_RE.search(line)
        if not m:
            continue
        kind = m.group(1) or m.group(3)
        arg = directive_text(m.group(2) or '')
        if kind == 'expect':
            spec.stdout.append(arg)
        elif kind == 'expect error':
            if spec.error is not None or spec.syntax_error is not None:
                spec.problem = 'line %d: more than one error expectation' % n
            spec.error = arg
        elif kind == 'expect syntax error':
            if spec.error is not None or spec.syntax_error is not None:
                spec.problem = 'line %d: more than one error expectation' % n
            spec.syntax_error = arg
        elif kind == 'flags':
            try:
                spec.flags += shlex.split(arg)
            except ValueError as e:
                spec.problem = 'line %d: bad flags: %s' % (n, e)
        elif kind == 'skip-sanitize':
            spec.skip_sanitize = True
        elif kind == 'skip-gc-stress':
            spec.skip_gc_stress = True
    return spec


def run_capture(argv, timeout, env=None, cwd=None):
    """Runs argv; returns (exit code or None on timeout, stdout, stderr, seconds).

    Reads both pipes concurrently, keeping at most OUTPUT_CAP bytes of each, and kills
    the whole process group when the timeout expires.  A negative code is a signal.
    """
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=cwd,
                                start_new_session=True)
    except OSError as e:
        return 127, b'', ('cannot run %s: %s' % (argv[0], e)).encode(), 0.0
    bufs = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    sel = selectors.DefaultSelector()
    for pipe in bufs:
        sel.register(pipe, selectors.EVENT_READ)
    deadline = start + timeout
    timed_out = False
    try:
        while sel.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in sel.select(remaining):
                data = os.read(key.fd, 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                buf = bufs[key.fileobj]
                if len(buf) < OUTPUT_CAP:
                    buf += data[:OUTPUT_CAP - len(buf)]
        if not timed_out:
            try:
                proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                timed_out = True
    finally:
        sel.close()
        if timed_out or proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    elapsed = time.monotonic() - start
    return (None if timed_out else proc.returncode), bytes(bufs[proc.stdout]), \
        bytes(bufs[proc.stderr]), elapsed


def clip(s, n=100):
    s = s if len(s) <= n else s[:n] + '...'
    return repr(s)


def first_difference(expected, got):
    """Short description of the first differing stdout line."""
    for i in range(max(len(expected), len(got))):
        e = expected[i] if i < len(expected) else None
        g = got[i] if i < len(got) else None
        if e != g:
            return 'stdout line %d: expected %s, got %s' % (
                i + 1, '<end of output>' if e is None else clip(e),
                '<end of output>' if g is None else clip(g))
    return None


def check(spec, code, out, err):
    """None when the result matches the spec, else a one-line reason."""
    got = [ln.rstrip() for ln in out.decode('utf-8', 'replace').splitlines()]
    err_lines = err.decode('utf-8', 'replace').splitlines()
    first_err = err_lines[0].rstrip() if err_lines else ''
    if code is None:
        return 'timed out'
    if code < 0:
        return 'crashed: signal %d%s' % (-code, '; stderr: ' + clip(first_err) if first_err else '')
    diff = first_difference(spec.stdout, got)
    if spec.syntax_error is not None:
        if code != 1:
            return 'expected exit 1 with SyntaxError %s, got exit %d%s' % (
                clip(spec.syntax_error), code, '; stderr: ' + clip(first_err) if first_err else '')
        text = err.decode('utf-8', 'replace')
        if 'SyntaxError' not in text or spec.syntax_error not in text:
            return 'expected SyntaxError containing %s, got stderr %s' % (
                clip(spec.syntax_error), clip(first_err))
        return diff
    if spec.error is not None:
        if diff:
            return diff
        if code != 1:
            return 'expected exit 1 with %s, got exit %d' % (clip(spec.error), code)
        if not first_err.startswith(spec.error):
            return 'expected error %s, got %s' % (clip(spec.error), clip(first_err))
        return None
    if code != 0:
        return 'exit %d%s%s' % (code, '; stderr: ' + clip(first_err) if first_err else '',
                                '; ' + diff if diff else '')
    return diff


class Result:
    def __init__(self, path, status, reason='', seconds=0.0):
        self.path = path        # repository-relative test path
        self.status = status    # 'pass', 'fail' or 'skip'
        self.reason = reason    # why it failed / was skipped
        self.seconds = seconds


def run_test(path, opts):
    spec = parse_spec(path)
    if spec.problem:
        return Result(path, 'fail', 'malformed test: ' + spec.problem)
    if spec.skip_sanitize and (os.environ.get('CRYO_SANITIZE') == '1' or os.environ.get('CRYO_GC_STRESS')):
        return Result(path, 'skip', 'skip-sanitize')
    if spec.skip_gc_stress and os.environ.get('CRYO_GC_STRESS'):
        return Result(path, 'skip', 'skip-gc-stress')
    full = path if os.path.isabs(path) else os.path.join(REPO_DIR, path)
    if opts.engine_cmd:
        argv = list(opts.engine_argv) + [full]
    else:
        argv = [opts.cryo] + spec.flags + (['--module'] if path.endswith('.mjs') else []) + [full]
    code, out, err, secs = run_capture(argv, opts.timeout, env=opts.env,
                                       cwd=os.path.dirname(full))
    reason = check(spec, code, out, err)
    if code is None:
        reason = 'timed out after %gs' % opts.timeout
    return Result(path, 'fail' if reason else 'pass', reason or '', secs)


def read_known(path):
    """Known-failure entries (normalized relative paths), in file order."""
    entries = []
    if not path or not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(os.path.normpath(line))
    return entries


def write_known(path, entries):
    header = ('# Known failures of tools/run_tests.py: one test path per line.\n'
              '# The list is exact: remove a test as soon as it passes.\n'
              '# Regenerate with tools/run_tests.py --update-known.\n')
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write(header)
        for e in sorted(set(entries)):
            f.write(e + '\n')
    os.replace(path + '.tmp', path)


def under(path, roots):
    """True if repository-relative path lies in one of the selected roots."""
    for r in roots:
        r = relpath(r)
        if path == r or path.startswith(r.rstrip('/') + '/') or r == '.':
            return True
    return False


def make_env():
    env = dict(os.environ)
    extra = os.environ.get('CRYO_TEST_ENV', '')
    for item in shlex.split(extra):
        if '=' in item:
            k, v = item.split('=', 1)
            env[k] = v
    return env


def main():
    ap = argparse.ArgumentParser(description="Run cryo's JavaScript tests.")
    ap.add_argument('paths', nargs='*', help='test files or directories (default: %s)'
                    % ' '.join(DEFAULT_PATHS))
    ap.add_argument('--cryo', default=os.path.join(REPO_DIR, 'build', 'cryo'))
    ap.add_argument('--known', default=os.path.join(REPO_DIR, 'tests', 'known-failures.txt'),
                    help='known-failures file (default tests/known-failures.txt)')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1)
    ap.add_argument('--timeout', type=float, default=10.0, help='seconds per test (default 10)')
    ap.add_argument('--update-known', action='store_true',
                    help='rewrite the known-failures file from this run')
    ap.add_argument('--engine-cmd', help='run this engine command instead of cryo (e.g. node)')
    ap.add_argument('-v', '--verbose', action='store_true', help='list every test')
    opts = ap.parse_args()

    try:
        opts.timeout *= float(os.environ.get('CRYO_TEST_TIMEOUT', '1') or '1')
    except ValueError:
        ap.error('CRYO_TEST_TIMEOUT must be a number')
    opts.env = make_env()
    prelude_file = None
    if opts.engine_cmd:
        opts.engine_argv = shlex.split(opts.engine_cmd)
        if os.path.basename(opts.engine_argv[0]) in ('node', 'nodejs'):
            fd, prelude_file = tempfile.mkstemp(prefix='cryo-prelude-', suffix='.cjs')
            with os.fdopen(fd, 'w') as f:
                f.write(NODE_PRELUDE)
            opts.engine_argv[1:1] = ['-r', prelude_file]
    else:
        if not (os.path.isfile(opts.cryo) and os.access(opts.cryo, os.X_OK)):
            print('run_tests.py: cryo binary not found: %s' % opts.cryo, file=sys.stderr)
            return 2
        opts.cryo = os.path.abspath(opts.cryo)

    roots = opts.paths or [os.path.join(REPO_DIR, p) for p in DEFAULT_PATHS]
    tests, missing_roots = collect(roots)
    for m in missing_roots:
        if opts.paths:
            print('warning: no such test path: %s' % m)

    known_list = read_known(opts.known)
    known = set(known_list)
    try:
        results = []
        with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
            futs = [pool.submit(run_test, t, opts) for t in tests]
            for fut in futs:
                r = fut.result()
                results.append(r)
                if opts.verbose:
                    print('%-4s %s (%.2fs)%s' % (r.status.upper(), r.path, r.seconds,
                                                 ' ' + r.reason if r.reason else ''), flush=True)
    finally:
        if prelude_file:
            os.unlink(prelude_file)

    passed = [r for r in results if r.status == 'pass']
    skipped = [r for r in results if r.status == 'skip']
    unexpected = []          # lines describing unexpected results
    known_failed = []
    for r in results:
        if r.status == 'fail' and r.path in known:
            known_failed.append(r)
        elif r.status == 'fail':
            unexpected.append('FAIL %s: %s' % (r.path, r.reason))
        elif r.status == 'pass' and r.path in known:
            unexpected.append('FAIL %s: now passes — remove it from known-failures' % r.path)
    ran = {r.path for r in results}
    stale = []
    for k in known_list:
        if k in ran:
            continue
        if not os.path.exists(os.path.join(REPO_DIR, k)):
            stale.append(k)
            unexpected.append('FAIL %s: listed in known-failures but does not exist' % k)

    for line in unexpected:
        print(line)

    if opts.update_known:
        # Keep entries outside this run's scope that still exist; replace the rest.
        keep = [k for k in known_list if k not in ran and k not in stale and not under(k, roots)]
        new = keep + [r.path for r in results if r.status == 'fail']
        write_known(opts.known, new)
        print('updated %s: %d entries (was %d)' % (relpath(opts.known), len(set(new)), len(known)))

    n_failed = len([r for r in results if r.status == 'fail' and r.path not in known])
    n_failed += len([r for r in results if r.status == 'pass' and r.path in known]) + len(stale)
    n_passed = len([r for r in passed if r.path not in known])
    print('%d known failures, %d skipped' % (len(known_failed), len(skipped)))
    print('%d passed, %d failed' % (n_passed, n_failed))
    if opts.update_known:
        return 0
    return 0 if not unexpected else 1


if __name__ == '__main__':
    sys.exit(main())
