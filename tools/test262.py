#!/usr/bin/env python3
"""Run a local test262 checkout against cryo and report conformance per directory.

Usage: tools/test262.py [--test262 DIR] [--cryo build/cryo] [-j N] [--timeout S]
                        [--exclude-features FILE] [--known FILE] [--update-known]
                        [--json OUT] [--engine-cmd CMD] [--max N] [-v] [paths...]

Paths are files or directories of the checkout, given as `test/built-ins/Array`,
`built-ins/Array` or an absolute path; default: test/language test/built-ins
test/annexB.  intl402/, staging/ and *_FIXTURE* files are always excluded.

How each test runs (the contract with cryo is in docs/testing.md):
  script tests  the program harness/assert.js + harness/sta.js (+ doneprintHandle.js
                for `async`) + includes + test source is written to a temporary file
                and run as `cryo --test262 FILE`; once sloppy and once with
                '"use strict";\\n' prepended, as the flags onlyStrict/noStrict allow.
                When the test mentions `import`, FILE lies in a temporary mirror of
                the test's directory (symlinks to every original file), so dynamic
                import('./x_FIXTURE.js') resolves relative to FILE.
  raw tests     `cryo --test262 ORIGINAL` (nothing prepended, sloppy only).
  module tests  `cryo --test262 PRELUDE --module ORIGINAL`, where PRELUDE is a
                temporary file holding the same harness files; cryo runs it as a
                classic script and then the module, in one realm; the test
                runs from its own path so `./x_FIXTURE.js` imports (and imports of
                the test itself) resolve.
Verdicts: negative tests pass iff the exit status is nonzero, the first non-empty
stderr line names the expected error type and, for phase parse/resolution, nothing
was printed to stdout; async tests pass iff stdout has a `Test262:AsyncTestComplete`
line and no `Test262:AsyncTestFailure` line; other tests pass iff the exit status is
0.  A test (file) passes iff all its variants pass.  Tests using an excluded feature,
or flagged CanBlockIsFalse (cryo's main agent can block), are skipped.

Known failures (--known, default tools/test262-known-failures.txt) is an exact, sorted
list of `test/PATH MODE` lines, MODE one of sloppy, strict, module, raw (or `file` for a
failure before any variant ran: unreadable file, bad front matter).  Every variant of a
test runs, so each failing (test, mode) pair is known separately.  New failures, listed
pairs that now pass (or whose test is now skipped or no longer has that mode), and listed
paths that no longer exist are all printed in two lists and make the exit status 1.
Entries outside the selected paths are ignored, so a subset run checks its part of the
list.  --update-known rewrites the list from this run (entries outside the selected paths
are kept).
"""

import argparse
import concurrent.futures
import json
import os
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PATHS = ['test/language', 'test/built-ins', 'test/annexB']
ALWAYS_EXCLUDED_DIRS = ('intl402', 'staging')
OUTPUT_CAP = 1024 * 1024

FRONT_MATTER_RE = re.compile(rb'/\*---(.*?)---\*/', re.S)
TOP_KEY_RE = re.compile(r'^([A-Za-z_][\w-]*):\s*(.*?)\s*$')
ITEM_RE = re.compile(r'^\s+-\s+(.*?)\s*$')
SUB_KEY_RE = re.compile(r'^\s+([A-Za-z_][\w-]*):\s*(.*?)\s*$')


# ---------------------------------------------------------------------------
# Front matter

class Meta:
    """The parts of a test's YAML front matter the runner needs."""
    __slots__ = ('includes', 'flags', 'features', 'negative_phase', 'negative_type', 'error')

    def __init__(self):
        self.includes = []
        self.flags = set()
        self.features = []
        self.negative_phase = None
        self.negative_type = None
        self.error = None        # front matter problem, reported as a failure


def yaml_list(value):
    """Items of an inline YAML flow list `[a, b]` (or a single scalar)."""
    value = value.strip()
    if value.startswith('[') and value.endswith(']'):
        value = value[1:-1]
    return [v.strip().strip('\'"') for v in value.split(',') if v.strip()]


def parse_front_matter(src):
    """Parses the /*--- ---*/ block: a YAML subset (top-level keys, flow or block
    lists, and the one-level `negative:` mapping).  Other keys are ignored."""
    meta = Meta()
    m = FRONT_MATTER_RE.search(src)
    if not m:
        meta.error = 'no front matter'
        return meta
    key = None
    for line in m.group(1).decode('utf-8', 'replace').splitlines():
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        top = TOP_KEY_RE.match(line)
        if top:
            key, value = top.group(1), top.group(2)
            if key == 'includes':
                meta.includes = yaml_list(value) if value else []
            elif key == 'flags':
                meta.flags = set(yaml_list(value)) if value else set()
            elif key == 'features':
                meta.features = yaml_list(value) if value else []
            elif key == 'negative' and value:
                meta.error = 'unsupported negative: %s' % value
            continue
        if key in ('includes', 'flags', 'features'):
            item = ITEM_RE.match(line)
            if item:
                v = item.group(1).strip('\'"')
                if key == 'includes':
                    meta.includes.append(v)
                elif key == 'flags':
                    meta.flags.add(v)
                else:
                    meta.features.append(v)
        elif key == 'negative':
            sub = SUB_KEY_RE.match(line)
            if sub:
                if sub.group(1) == 'phase':
                    meta.negative_phase = sub.group(2).strip('\'"')
                elif sub.group(1) == 'type':
                    meta.negative_type = sub.group(2).strip('\'"')
    if (meta.negative_phase is None) != (meta.negative_type is None):
        meta.error = 'incomplete negative: block'
    return meta


# ---------------------------------------------------------------------------
# Running processes

def run_capture(argv, timeout, cwd=None):
    """Runs argv; returns (exit code or None on timeout, stdout, stderr).

    Reads both pipes concurrently (at most OUTPUT_CAP bytes kept of each) and kills
    the child's process group on timeout.  A negative code is a signal number.
    """
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=cwd, start_new_session=True)
    except OSError as e:
        return 127, b'', ('cannot run %s: %s' % (argv[0], e)).encode()
    bufs = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    sel = selectors.DefaultSelector()
    for pipe in bufs:
        sel.register(pipe, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
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
    return (None if timed_out else proc.returncode), bytes(bufs[proc.stdout]), \
        bytes(bufs[proc.stderr])


# ---------------------------------------------------------------------------
# The node host used by --engine-cmd node (validates this runner, not cryo)

NODE_HOST = r'''
'use strict';
// Emulates cryo's test262 command line on node:
//   node --experimental-vm-modules HOST [--test262] [SCRIPT...] [--module FILE]
const fs = require('fs'), vm = require('vm'), path = require('path');

function print(...args) { process.stdout.write(args.map(String).join(' ') + '\n'); }
function describe(e) {
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      const name = (e.constructor && e.constructor.name) || e.name || 'Error';
      return name + ': ' + e.message;
    }
    return String(e);
  } catch (_) { return '<unprintable error>'; }
}
function report(e) {
  process.stderr.write('Uncaught ' + describe(e) + '\n');
  process.exit(1);
}
process.on('uncaughtException', report);
// test262: an unhandled promise rejection is not an error of the test.
process.on('unhandledRejection', () => {});

const modules = new Map();
function loadModule(file) {
  let m = modules.get(file);
  if (!m) {
    m = new vm.SourceTextModule(fs.readFileSync(file, 'utf8'), {
      identifier: file,
      initializeImportMeta(meta) { meta.url = 'file://' + file; },
      importModuleDynamically: dynamicImport,
    });
    modules.set(file, m);
  }
  return m;
}
function linker(specifier, referrer) {
  return loadModule(path.resolve(path.dirname(referrer.identifier), specifier));
}
const imports = new Map();   // file -> promise of its evaluated module
function importFile(file) {
  let p = imports.get(file);
  if (!p) {
    p = (async () => {
      const m = loadModule(file);
      if (m.status === 'unlinked') await m.link(linker);
      await m.evaluate();
      return m;
    })();
    imports.set(file, p);
  }
  return p;
}
function dynamicImport(specifier, referrer) {
  const base = referrer && referrer.identifier ? referrer.identifier : mainFile;
  return importFile(path.resolve(path.dirname(base), specifier));
}

function make262(global, runScript) {
  const r = {
    global,
    gc() { if (typeof globalThis.gc === 'function') return globalThis.gc(); throw new Error('gc not available'); },
    createRealm() {
      const ctx = vm.createContext();
      const g = vm.runInContext('this', ctx);
      const inner = make262(g, (src) => vm.runInContext(src, ctx));
      g.$262 = inner;
      g.print = print;
      return inner;
    },
    evalScript(src) { return runScript(String(src)); },
    detachArrayBuffer(buf) { structuredClone(buf, { transfer: [buf] }); return null; },
    agent: {
      start() { throw new Error('agents are not supported by the node host'); },
      broadcast() { throw new Error('agents are not supported by the node host'); },
      getReport() { return null; },
      sleep(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); },
      monotonicNow() { return performance.now(); },
    },
  };
  return r;
}

const args = process.argv.slice(2);
const jobs = [];            // [isModule, file] in command-line order, like cryo
let mainFile = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--test262') continue;
  if (args[i] === '--module') jobs.push([true, path.resolve(args[++i])]);
  else jobs.push([false, path.resolve(args[i])]);
}
globalThis.print = print;
globalThis.$262 = make262(globalThis, (src) => vm.runInThisContext(src, { importModuleDynamically: dynamicImport }));

(async () => {
  for (const [isModule, file] of jobs) {
    mainFile = file;
    if (isModule) {
      await importFile(file);
    } else {
      vm.runInThisContext(fs.readFileSync(file, 'utf8'),
                          { filename: file, importModuleDynamically: dynamicImport });
    }
  }
})().catch(report);
'''


# ---------------------------------------------------------------------------
# The runner

class Runner:
    def __init__(self, opts):
        self.opts = opts
        self.root = opts.test262
        self.harness_dir = os.path.join(self.root, 'harness')
        self.tmpdir = tempfile.mkdtemp(prefix='cryo-test262-')
        self.local = threading.local()
        self.harness_cache = {}     # file name -> bytes
        self.prelude_cache = {}     # (async, includes) -> bytes of the concatenated harness
        self.prelude_files = {}     # same key -> path of a file holding it
        self.lock = threading.Lock()
        self.counter = 0
        self.mirrors = {}           # checkout-relative directory -> mirror directory
        if opts.engine_cmd:
            argv = shlex.split(opts.engine_cmd)
            if os.path.basename(argv[0]) in ('node', 'nodejs'):
                host = os.path.join(self.tmpdir, 'node_host.js')
                with open(host, 'w') as f:
                    f.write(NODE_HOST)
                argv += ['--experimental-vm-modules', '--no-warnings', host]
            self.engine = argv
        else:
            self.engine = [opts.cryo]

    def harness_file(self, name):
        data = self.harness_cache.get(name)
        if data is None:
            with open(os.path.join(self.harness_dir, name), 'rb') as f:
                data = f.read()
            if not data.endswith(b'\n'):
                data += b'\n'
            self.harness_cache[name] = data
        return data

    def prelude(self, is_async, includes):
        key = (is_async, tuple(includes))
        data = self.prelude_cache.get(key)
        if data is None:
            names = ['assert.js', 'sta.js'] + (['doneprintHandle.js'] if is_async else [])
            names += [i for i in includes if i not in names]
            data = b''.join(self.harness_file(n) for n in names)
            self.prelude_cache[key] = data
        return data

    def prelude_path(self, is_async, includes):
        key = (is_async, tuple(includes))
        with self.lock:
            p = self.prelude_files.get(key)
            if p is None:
                p = os.path.join(self.tmpdir, 'prelude%d.js' % len(self.prelude_files))
                with open(p, 'wb') as f:
                    f.write(self.prelude(is_async, includes))
                self.prelude_files[key] = p
        return p

    def thread_id(self):
        n = getattr(self.local, 'n', None)
        if n is None:
            with self.lock:
                self.counter += 1
                n = self.local.n = self.counter
        return n

    def scratch(self, rel, src):
        """A temporary file name private to the calling worker thread.

        Tests that may import modules (the source mentions `import`) get a file in a
        mirror of their directory, whose other entries are symlinks to the originals,
        so `import('./x_FIXTURE.js')` (or of the test file itself) resolves."""
        if b'import' not in src:
            return os.path.join(self.tmpdir, 'test%d.js' % self.thread_id())
        reldir = os.path.dirname(rel)
        with self.lock:
            mdir = self.mirrors.get(reldir)
            if mdir is None:
                mdir = os.path.join(self.tmpdir, 'mirror', reldir)
                os.makedirs(mdir, exist_ok=True)
                odir = os.path.join(self.root, reldir)
                for name in os.listdir(odir):
                    if os.path.isfile(os.path.join(odir, name)):
                        os.symlink(os.path.join(odir, name), os.path.join(mdir, name))
                self.mirrors[reldir] = mdir
        return os.path.join(mdir, '__cryo_t262_%d.js' % self.thread_id())

    def run_test(self, rel):
        """Runs one test file: returns (status, reason, failed) with status pass/fail/skip,
        reason the first failure (or the skip reason) and failed a dict mode -> reason of
        every failing variant (all variants run, so each is reported)."""
        full = os.path.join(self.root, rel)

        def file_failure(reason):
            return 'fail', reason, {'file': reason}
        try:
            with open(full, 'rb') as f:
                src = f.read()
        except OSError as e:
            return file_failure('cannot read: %s' % e)
        meta = parse_front_matter(src)
        if meta.error:
            return file_failure('front matter: ' + meta.error)
        excluded = [f for f in meta.features if f in self.opts.excluded]
        if excluded:
            return 'skip', 'feature ' + excluded[0], {}
        if 'CanBlockIsFalse' in meta.flags and self.opts.can_block:
            return 'skip', 'CanBlockIsFalse', {}
        if 'CanBlockIsTrue' in meta.flags and not self.opts.can_block:
            return 'skip', 'CanBlockIsTrue', {}
        is_async = 'async' in meta.flags
        timeout = self.opts.timeout
        try:
            if 'raw' in meta.flags:
                variants = [('raw', self.engine + ['--test262', full])]
            elif 'module' in meta.flags:
                pre = self.prelude_path(is_async, meta.includes)
                variants = [('module', self.engine + ['--test262', pre, '--module', full])]
            else:
                modes = []
                if 'onlyStrict' not in meta.flags:
                    modes.append('sloppy')
                if 'noStrict' not in meta.flags:
                    modes.append('strict')
                variants = [(m, None) for m in modes]
                harness = self.prelude(is_async, meta.includes)
        except OSError as e:
            return file_failure('harness: %s' % e)
        failed = {}
        for mode, argv in variants:
            if argv is None:
                path = self.scratch(rel, src)
                with open(path, 'wb') as f:
                    if mode == 'strict':
                        f.write(b'"use strict";\n')
                    f.write(harness)
                    f.write(src)
                argv = self.engine + ['--test262', path]
            code, out, err = run_capture(argv, timeout, cwd=os.path.dirname(full))
            reason = judge(meta, is_async, code, out, err, timeout)
            if reason:
                failed[mode] = reason
        if failed:
            mode = next(iter(failed))
            return 'fail', '[%s] %s' % (mode, failed[mode]), failed
        return 'pass', '', {}


def first_line(data):
    for ln in data.decode('utf-8', 'replace').splitlines():
        if ln.strip():
            return ln.strip()[:200]
    return ''


def judge(meta, is_async, code, out, err, timeout):
    """None if the run passed, else a short reason."""
    if code is None:
        return 'timeout after %gs' % timeout
    if code < 0:
        return 'crashed with signal %d%s' % (-code, (': ' + first_line(err)) if err.strip() else '')
    if meta.negative_type:
        if code == 0:
            return 'expected %s (%s phase), but exit status 0' % (meta.negative_type,
                                                                   meta.negative_phase)
        line = first_line(err)
        if not re.search(r'(?<![\w$])' + re.escape(meta.negative_type) + r'(?![\w$])', line):
            return 'expected %s, got: %s' % (meta.negative_type, line or '(empty stderr)')
        if meta.negative_phase in ('parse', 'resolution') and out.strip():
            return 'output before a %s error: %s' % (meta.negative_phase, first_line(out))
        return None
    if is_async:
        lines = out.decode('utf-8', 'replace').splitlines()
        for ln in lines:
            if ln.startswith('Test262:AsyncTestFailure'):
                return ln.strip()[:200]
        if 'Test262:AsyncTestComplete' not in [ln.strip() for ln in lines]:
            return 'no Test262:AsyncTestComplete (exit %d)%s' % (
                code, (': ' + first_line(err)) if err.strip() else '')
        return None
    if code != 0:
        return 'exit %d: %s' % (code, first_line(err) or '(empty stderr)')
    return None


# ---------------------------------------------------------------------------
# Selection, known failures, report

def normalize_path(root, p):
    """Maps a user path to a checkout-relative path (`test/...`), or None."""
    cands = [p] if os.path.isabs(p) else [os.path.join(root, p), os.path.join(root, 'test', p)]
    for c in cands:
        if os.path.exists(c):
            return os.path.relpath(os.path.realpath(c), os.path.realpath(root))
    return None


def excluded_path(rel):
    parts = rel.split(os.sep)
    return any(d in parts for d in ALWAYS_EXCLUDED_DIRS)


def is_test(name):
    return name.endswith('.js') and '_FIXTURE' not in name


def collect(root, rels):
    tests = set()
    for rel in rels:
        full = os.path.join(root, rel)
        if os.path.isfile(full):
            if is_test(os.path.basename(rel)) and not excluded_path(rel):
                tests.add(rel)
            continue
        for d, dirs, files in os.walk(full):
            dirs[:] = sorted(x for x in dirs if x not in ALWAYS_EXCLUDED_DIRS)
            for f in files:
                if is_test(f):
                    r = os.path.relpath(os.path.join(d, f), root)
                    if not excluded_path(r):
                        tests.add(r)
    return sorted(tests)


def read_list(path):
    """Non-comment words of a file (first word of each line), in order."""
    items = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                items.append(line.split()[0])
    return items


KNOWN_MODES = ('sloppy', 'strict', 'module', 'raw', 'file')


def read_known(path):
    """The (test path, mode) pairs of a known-failures file; raises ValueError on a
    malformed line."""
    pairs = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if len(words) != 2 or words[1] not in KNOWN_MODES:
                raise ValueError('%s:%d: expected "test/PATH MODE" (MODE: %s), got %r'
                                 % (path, n, ', '.join(KNOWN_MODES), line))
            pairs.append((words[0], words[1]))
    return pairs


def compare_known(results, known, roots, root_dir):
    """Compares the failing (test, mode) pairs of a run with the known list.  Returns
    (new, fixed): lines for failures missing from the list, and for listed pairs that
    now pass, are skipped, were not run in that mode, or name a missing file.  Listed
    pairs outside the selected paths (and tests left out by --max) are not judged."""
    known_set = set(known)
    new, fixed = [], []
    for rel in sorted(results):
        status, _, failed = results[rel]
        for mode in sorted(failed):
            if (rel, mode) not in known_set:
                new.append('%s %s: %s' % (rel, mode, failed[mode]))
    for rel, mode in sorted(known_set):
        if rel in results:
            status, reason, failed = results[rel]
            if status == 'skip':
                fixed.append('%s %s: skipped now (%s)' % (rel, mode, reason))
            elif mode not in failed:
                fixed.append('%s %s: passes now' % (rel, mode))
        elif under(rel, roots) and not os.path.exists(os.path.join(root_dir, rel)):
            fixed.append('%s %s: no such test' % (rel, mode))
    return new, fixed


def write_known(path, pairs):
    """Writes the sorted known-failures file atomically."""
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write('# test262 (test, mode) pairs that cryo is known to fail: an exact list (see\n'
                '# docs/testing.md). Regenerate with tools/test262.py --update-known.\n')
        for rel, mode in sorted(set(pairs)):
            f.write('%s %s\n' % (rel, mode))
    os.replace(path + '.tmp', path)


def group_key(rel):
    """`language/expressions` for test/language/expressions/..., etc."""
    parts = rel.split('/')
    if parts and parts[0] == 'test':
        parts = parts[1:]
    if len(parts) >= 3:
        return parts[0] + '/' + parts[1]
    return parts[0] + '/.'


def under(rel, roots):
    return any(rel == r or rel.startswith(r.rstrip('/') + '/') or r in ('.', '') for r in roots)


def pct(a, b):
    return '%.1f%%' % (100.0 * a / b) if b else '-'


def print_report(results):
    groups = {}
    for rel, (status, _, _) in results.items():
        g = groups.setdefault(group_key(rel), {'pass': 0, 'fail': 0, 'skip': 0})
        g[status] += 1
    rows = []

    def row(name, g):
        run = g['pass'] + g['fail']
        return [name, str(g['pass']), str(run), pct(g['pass'], run), str(g['skip']),
                pct(g['pass'], run + g['skip'])]

    tops = {}
    for key in sorted(groups):
        g = groups[key]
        rows.append(row(key, g))
        t = tops.setdefault(key.split('/')[0], {'pass': 0, 'fail': 0, 'skip': 0})
        for k in g:
            t[k] += g[k]
    sep = None
    rows.append(sep)
    total = {'pass': 0, 'fail': 0, 'skip': 0}
    for name in sorted(tops):
        rows.append(row(name + ' (total)', tops[name]))
        for k in total:
            total[k] += tops[name][k]
    rows.append(sep)
    rows.append(row('TOTAL', total))
    header = ['directory', 'pass', 'run', 'pass%', 'skipped', 'pass/all']
    widths = [max(len(header[i]), *(len(r[i]) for r in rows if r)) for i in range(len(header))]

    def fmt(r):
        return '  '.join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                         for i, c in enumerate(r))
    print(fmt(header))
    for r in rows:
        print('-' * (sum(widths) + 2 * (len(widths) - 1)) if r is None else fmt(r))
    return groups, tops, total


def main():
    ap = argparse.ArgumentParser(description='Run test262 against cryo.')
    ap.add_argument('paths', nargs='*', help='test files/directories (default: %s)'
                    % ' '.join(DEFAULT_PATHS))
    ap.add_argument('--test262', default='/work/test262', help='test262 checkout')
    ap.add_argument('--cryo', default=os.path.join(REPO_DIR, 'build', 'cryo'))
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1)
    ap.add_argument('--timeout', type=float, default=10.0, help='seconds per run (default 10)')
    ap.add_argument('--exclude-features',
                    default=os.path.join(REPO_DIR, 'tools', 'test262-excluded-features.txt'))
    ap.add_argument('--known', default=os.path.join(REPO_DIR, 'tools',
                                                    'test262-known-failures.txt'),
                    help='exact list of failing "test/PATH MODE" pairs (/dev/null: none)')
    ap.add_argument('--update-known', action='store_true')
    ap.add_argument('--json', metavar='OUT', help='write per-test results and the summary')
    ap.add_argument('--engine-cmd', help='run another engine (e.g. node) instead of cryo')
    ap.add_argument('--can-block', default='true', choices=['true', 'false'],
                    help="the main agent's [[CanBlock]] (default true)")
    ap.add_argument('--max', type=int, default=0, help='run only the first N selected tests')
    ap.add_argument('--max-report', type=int, default=200,
                    help='print at most this many unexpected results (default 200)')
    ap.add_argument('-v', '--verbose', action='store_true', help='print every failure')
    opts = ap.parse_args()

    opts.test262 = os.path.abspath(opts.test262)
    opts.can_block = opts.can_block == 'true'
    if not os.path.isdir(os.path.join(opts.test262, 'harness')):
        print('test262.py: not a test262 checkout: %s' % opts.test262, file=sys.stderr)
        return 2
    if not opts.engine_cmd:
        if not (os.path.isfile(opts.cryo) and os.access(opts.cryo, os.X_OK)):
            print('test262.py: cryo binary not found: %s' % opts.cryo, file=sys.stderr)
            return 2
        opts.cryo = os.path.abspath(opts.cryo)
    opts.excluded = set(read_list(opts.exclude_features)) if opts.exclude_features else set()

    roots = []
    for p in (opts.paths or DEFAULT_PATHS):
        rel = normalize_path(opts.test262, p)
        if rel is None:
            print('test262.py: no such test path: %s' % p, file=sys.stderr)
            return 2
        roots.append(rel)
    tests = collect(opts.test262, roots)
    if opts.max:
        tests = tests[:opts.max]

    runner = Runner(opts)
    results = {}
    start = time.monotonic()
    progress = sys.stderr.isatty()
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
            futs = {pool.submit(runner.run_test, t): t for t in tests}
            done = 0
            for fut in concurrent.futures.as_completed(futs):
                t = futs[fut]
                try:
                    results[t] = fut.result()
                except Exception as e:  # a runner bug must not lose the whole run
                    results[t] = ('fail', 'runner error: %r' % e, {'file': 'runner error: %r' % e})
                done += 1
                if progress and done % 200 == 0:
                    sys.stderr.write('\r%d/%d' % (done, len(tests)))
                    sys.stderr.flush()
        if progress:
            sys.stderr.write('\r')
    finally:
        shutil.rmtree(runner.tmpdir, ignore_errors=True)
    elapsed = time.monotonic() - start

    groups, tops, total = print_report(results)

    # Known failures: an exact list of (test, mode) pairs.
    try:
        known = read_known(opts.known) if opts.known and os.path.exists(opts.known) else []
    except ValueError as e:
        print('test262.py: %s' % e, file=sys.stderr)
        return 2
    new, fixed = compare_known(results, known, roots, opts.test262)
    known_failed = sum(len(f) for _, _, f in results.values()) - len(new)
    if opts.verbose:
        known_set = set(known)
        for rel in sorted(results):
            for mode, reason in sorted(results[rel][2].items()):
                if (rel, mode) in known_set:
                    print('known failure %s %s: %s' % (rel, mode, reason))
    kname = opts.known
    if os.path.abspath(kname).startswith(REPO_DIR + os.sep):
        kname = os.path.relpath(os.path.abspath(kname), REPO_DIR)
    for title, lines in (('New failures (not in %s)' % kname, new),
                         ('Listed in %s but not failing (remove them)' % kname, fixed)):
        if not lines:
            continue
        print()
        print('%s: %d' % (title, len(lines)))
        for line in lines[:opts.max_report]:
            print('  ' + line)
        if len(lines) > opts.max_report:
            print('  ... and %d more' % (len(lines) - opts.max_report))

    if opts.update_known:
        keep = [k for k in known if k[0] not in results and not under(k[0], roots)]
        pairs = keep + [(rel, mode) for rel, (_, _, f) in results.items() for mode in f]
        write_known(opts.known, pairs)
        print('updated %s: %d entries (was %d)' % (opts.known, len(set(pairs)), len(set(known))))

    if opts.json:
        data = {
            'engine': opts.engine_cmd or opts.cryo,
            'test262': opts.test262,
            'seconds': round(elapsed, 1),
            'total': total,
            'top': tops,
            'dirs': groups,
            'tests': {rel: {'status': s, 'reason': r, 'failed_modes': f}
                      for rel, (s, r, f) in sorted(results.items())},
        }
        with open(opts.json, 'w') as f:
            json.dump(data, f, indent=1)

    print('%d known failures; %d new failures; %d listed but not failing' % (
        known_failed, len(new), len(fixed)))
    print('%d passed, %d failed, %d skipped of %d tests in %.0fs (%.1f%% of those run)' % (
        total['pass'], total['fail'], total['skip'], len(results), elapsed,
        100.0 * total['pass'] / max(1, total['pass'] + total['fail'])))
    if opts.update_known:
        return 0
    return 1 if new or fixed else 0


if __name__ == '__main__':
    sys.exit(main())
