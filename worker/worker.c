/* worker.c — cryo-worker: a vat worker speaking the netstring protocol of Agoric's
 * xsnap-worker, so that clients such as the @agoric/xsnap npm package drive it unchanged.
 * docs/worker-protocol.md is the specification; this file implements the process: the
 * command line, start-up (fresh realm or snapshot), the command loop, deliveries with
 * metering and quiescence, snapshots, and the exit codes.
 *
 *   cryo-worker [label ...] [-r PATH | -r @FD[:HINT]] [-l LIMIT] [-i INTERVAL] [-s KB]
 *               [-m MB] [-p] [-v] [-n] [-h]
 *
 * Commands arrive on fd 3 and replies leave on fd 4, one netstring each (netstring.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "worker.h"
#include "netstring.h"
#include "snapshot.h"

#define CMD_FD 3                     /* commands (and issueCommand answers) in */
#define REPLY_FD 4                   /* replies (and issueCommand queries) out */
#define MAX_TIMESTAMPS 100           /* timestamps reported per delivery (as xsnap) */
#define DEFAULT_MEMORY_LIMIT ((size_t)2 << 30)   /* live heap limit (xsnap: 2 GiB) */
/* Stack policy (docs/worker-protocol.md, exit code 12). The vat runs on a thread with a
 * fixed C stack, whatever `ulimit -s` says. Re-entries of the interpreter from C (callbacks,
 * getters, proxies calling JavaScript) are counted: beyond VAT_C_DEPTH_LIMIT they throw a
 * catchable RangeError at the same depth on every machine. Recursion the counter does not
 * see (deeply nested data in native code) that exhausts the stack itself is a termination,
 * exit 12, because the depth where a C stack runs out depends on the compiler. */
#define VAT_STACK_BYTES ((size_t)256 << 20)      /* reserved, touched only as used */
#define VAT_C_DEPTH_LIMIT 10000

/* The process-wide worker state (one VM per process). */
typedef struct Worker {
    VM *vm;                          /* the vat */
    uint64_t meter_limit;            /* -l: computrons per delivery (0 = no limit) */
    int ts_count;                    /* timestamps recorded in this delivery */
    struct timespec ts[MAX_TIMESTAMPS]; /* wall-clock times (reported to the parent only) */
    NsReader in;                     /* reader on CMD_FD */
} Worker;

static Worker W;

/* ---------------------------------------------------------------------------------------
 * Process-level failure
 * ------------------------------------------------------------------------------------- */

/* SIGPIPE: the parent closed one of our output pipes. Async-signal-safe. */
static void on_sigpipe(int sig) {
    (void)sig;
    static const char msg[] = "Caught SIGPIPE. Has parent died?\n";
    ssize_t r = write(2, msg, sizeof msg - 1);
    (void)r;
    _exit(WX_IO_ERROR);
}

/* Exit with `code` after printing "cryo-worker: what" (no output when what is NULL). */
static _Noreturn void die_plain(int code, const char *what) {
    if (what) fprintf(stderr, "cryo-worker: %s\n", what);
    fflush(stdout);
    fflush(stderr);
    _exit(code);
}

_Noreturn void worker_die(VM *vm, int code, const char *what) {
    if (vm && (vm->uncatchable == 2 || vm->oom)) die_plain(WX_NOT_ENOUGH_MEMORY, "not enough memory");
    if (vm && vm->uncatchable == 1) die_plain(WX_TOO_MUCH_COMPUTATION, "too much computation");
    if (vm && vm->uncatchable == 3) die_plain(WX_STACK_OVERFLOW, "stack overflow");
    die_plain(code, what);
}

/* End the process if a termination (meter, memory) is pending or the heap ran out. */
static void check_fatal(VM *vm) {
    if ((vm->has_exception && vm->uncatchable) || vm->oom) worker_die(vm, WX_UNHANDLED_EXCEPTION, "termination");
}

/* The parent is gone while we wait for (or read) a frame. */
static void die_read(NsStatus st) {
    if (st == NS_EOF || st == NS_TRUNCATED) {
        static const char msg[] = "Got EOF on netstring read. Has parent died?\n";
        ssize_t r = write(2, msg, sizeof msg - 1);
        (void)r;
        die_plain(WX_IO_ERROR, NULL);
    }
    int e = errno;
    char what[128], buf[200];
    ns_describe(&W.in, st, what, sizeof what);
    snprintf(buf, sizeof buf, "fd %d: %s%s%s", CMD_FD, what, st == NS_IO_ERROR ? ": " : "", st == NS_IO_ERROR ? strerror(e) : "");
    die_plain(WX_IO_ERROR, buf);
}

/* Write one frame to the parent or end the process. */
static void send_frame(const struct iovec *parts, int n) {
    if (ns_write(REPLY_FD, parts, n) < 0) {
        if (errno == EPIPE) on_sigpipe(SIGPIPE);
        char buf[128];
        snprintf(buf, sizeof buf, "cannot write to fd %d: %s", REPLY_FD, strerror(errno));
        die_plain(WX_IO_ERROR, buf);
    }
}

/* ---------------------------------------------------------------------------------------
 * Timestamps and the meter record
 * ------------------------------------------------------------------------------------- */

/* Record the wall-clock time now (kept C-side; JavaScript never sees it). */
static void stamp(void) {
    if (W.ts_count < MAX_TIMESTAMPS) clock_gettime(CLOCK_REALTIME, &W.ts[W.ts_count++]);
}

/* The meter record: {"currentHeapCount":N,"compute":N,"allocate":N,"timestamps":[...]}.
 * currentHeapCount = heap bytes in use (live data plus garbage not yet collected);
 * compute = computrons of this delivery; allocate = the bytes the heap may occupy before
 * the next collection (live after the last collection + the collection threshold). All
 * three are deterministic and carried by snapshots (DESIGN C3). */
static int meter_json(char *buf, size_t cap) {
    VM *vm = W.vm;
    uint64_t allocate = vm->live_after_gc + vm->gc_threshold;
    if (allocate < vm->top) allocate = vm->top;
    int n = snprintf(buf, cap, "{\"currentHeapCount\":%llu,\"compute\":%llu,\"allocate\":%llu,\"timestamps\":[",
                     (unsigned long long)vm->top, (unsigned long long)vm->meter, (unsigned long long)allocate);
    for (int i = 0; i < W.ts_count && (size_t)n < cap; i++)
        n += snprintf(buf + n, cap - (size_t)n, "%s%lld.%06ld", i ? "," : "",
                      (long long)W.ts[i].tv_sec, W.ts[i].tv_nsec / 1000);
    if ((size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, "]}");
    return (size_t)n < cap ? n : (int)cap - 1;
}

/* Reply `.` meter `\1` result. */
static void reply_ok(const void *result, size_t len) {
    stamp();
    char meter[MAX_TIMESTAMPS * 24 + 256];
    int ml = meter_json(meter, sizeof meter);
    static char dot[1] = { '.' }, sep[1] = { 1 };
    struct iovec parts[4] = {
        { dot, 1 }, { meter, (size_t)ml }, { sep, 1 }, { (void *)result, len },
    };
    send_frame(parts, 4);
}

/* Reply `!` message. */
static void reply_error(const char *msg) {
    static char bang[1] = { '!' };
    struct iovec parts[2] = { { bang, 1 }, { (void *)msg, strlen(msg) } };
    send_frame(parts, 2);
}

/* ---------------------------------------------------------------------------------------
 * issueCommand
 * ------------------------------------------------------------------------------------- */

void worker_issue_command(VM *vm, const uint8_t *query, size_t len, uint8_t **answer, size_t *answer_len) {
    (void)vm;
    stamp();
    static char q[1] = { '?' };
    struct iovec parts[2] = { { q, 1 }, { (void *)query, len } };
    send_frame(parts, 2);
    uint8_t *body;
    size_t blen;
    NsStatus st = ns_read(&W.in, NS_MAX_FRAME, &body, &blen);
    if (st != NS_OK) die_read(st);
    stamp();
    if (blen == 0 || body[0] != '/') {
        free(body);
        die_plain(WX_IO_ERROR, "expected a '/' answer to issueCommand on fd 3");
    }
    memmove(body, body + 1, blen - 1);
    *answer = body;
    *answer_len = blen - 1;
}

/* ---------------------------------------------------------------------------------------
 * Deliveries
 * ------------------------------------------------------------------------------------- */

/* The pending exception as a malloc'd UTF-8 string (String(error)); ends the process for
 * an uncatchable termination. */
static char *take_exception_text(VM *vm) {
    VM_ROOT_SCOPE(vm);
    check_fatal(vm);
    size_t mark = vm->nroots;
    Value e = vm_take_exception(vm);
    vm_root(vm, &e);
    size_t inner = vm->nroots;
    char *text = NULL;
    Value s = val_is_symbol(e) ? VAL_EXCEPTION : to_string(vm, e);
    vm->nroots = inner;
    if (s == VAL_EXCEPTION) {
        if (vm->has_exception) {
            check_fatal(vm);
            vm_take_exception(vm);
        }
        char buf[256];
        vm_describe_value(vm, e, buf, sizeof buf);
        text = strdup(buf);
    } else {
        text = str_to_utf8(vm, s, NULL);
    }
    vm->nroots = mark;
    if (!text) die_plain(WX_NOT_ENOUGH_MEMORY, "not enough memory");
    return text;
}

/* An exception escaped a callback nobody can catch (setImmediate, finalization cleanup). */
static void die_unhandled(VM *vm) {
    char *t = take_exception_text(vm);
    fprintf(stderr, "cryo-worker: unhandled exception: %s\n", t);
    free(t);
    die_plain(WX_UNHANDLED_EXCEPTION, NULL);
}

/* Run promise jobs (finalization cleanups included) and setImmediate callbacks until both
 * queues are empty: after each callback, every promise job it caused runs first. */
static void drain(VM *vm) {
    for (;;) {
        if (vm_run_jobs(vm) < 0) die_unhandled(vm);
        check_fatal(vm);
        if (!host_has_immediate(vm)) break;
        if (host_run_immediate(vm) < 0) die_unhandled(vm);
        check_fatal(vm);
    }
}

/* Start a delivery: fresh meter and limit, first timestamp. */
static void begin_delivery(uint64_t limit) {
    W.ts_count = 0;
    stamp();
    W.vm->meter = 0;
    W.vm->meter_limit = limit;
    W.vm->meter_next_check = 0;
}

/* End a delivery: account its computrons, forget unhandled rejections (they are not
 * reported, as in xsnap), drop C roots. */
static void end_delivery(void) {
    VM *vm = W.vm;
    check_fatal(vm);
    host_add_computrons(vm, vm->meter);
    vm->roots[ROOT_PENDING_REJECTIONS] = VAL_UNDEFINED;
    vm->nroots = 0;
}

/* The reply bytes of a result: an ArrayBuffer's bytes, or those of an ArrayBuffer in the
 * object's `result` property once the queues have drained, or none. Returns a malloc'd
 * copy (or NULL with *len 0), or sets *err when reading `result` threw. */
static uint8_t *result_bytes(VM *vm, Value *result, size_t *len, char **err) {
    const uint8_t *p;
    size_t n;
    *len = 0;
    if (!host_array_buffer_bytes(vm, *result, &p, &n)) {
        if (!val_is_object(*result)) return NULL;
        size_t mark = vm->nroots;
        Value key = atom_from_cstr(vm, "result");
        Value r = key == VAL_EXCEPTION ? key : obj_get(vm, *result, key, *result);
        vm->nroots = mark;
        if (r == VAL_EXCEPTION) { *err = take_exception_text(vm); return NULL; }
        *result = r;
        drain(vm);
        if (!host_array_buffer_bytes(vm, *result, &p, &n)) return NULL;
    }
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy) die_plain(WX_NOT_ENOUGH_MEMORY, "not enough memory");
    memcpy(copy, p, n);
    *len = n;
    return copy;
}

/* `e` (indirect eval of the body) and `?` (globalThis.handleCommand(ArrayBuffer)). */
static void deliver(char cmd, const uint8_t *payload, size_t n) {
    VM *vm = W.vm;
    VM_ROOT_SCOPE(vm);
    begin_delivery(W.meter_limit);
    Value result = VAL_UNDEFINED, arg = VAL_UNDEFINED;
    vm_root(vm, &result);
    vm_root(vm, &arg);
    /* engine calls may leave roots of their own dead locals: cut back after each one */
    size_t mark = vm->nroots;
    if (cmd == 'e') {
        arg = str_from_utf8(vm, (const char *)payload, n);
        vm->nroots = mark;
        result = arg == VAL_EXCEPTION ? arg : vm_indirect_eval_transient(vm, arg);
    } else {
        arg = host_array_buffer(vm, payload, n);
        vm->nroots = mark;
        Value global = vm_intrinsic(vm, INTR_GlobalObject);
        Value key = arg == VAL_EXCEPTION ? arg : atom_from_cstr(vm, "handleCommand");
        Value fn = key == VAL_EXCEPTION ? key : obj_get(vm, global, key, global);
        vm->nroots = mark;
        result = fn == VAL_EXCEPTION ? fn : vm_call(vm, fn, vm_intrinsic(vm, INTR_GlobalObject), 1, &arg);
    }
    vm->nroots = mark;
    char *err = NULL;
    if (result == VAL_EXCEPTION) {
        err = take_exception_text(vm);
        result = VAL_UNDEFINED;
    }
    drain(vm);
    size_t len = 0;
    uint8_t *bytes = err ? NULL : result_bytes(vm, &result, &len, &err);
    end_delivery();
    if (err) reply_error(err);
    else reply_ok(bytes, len);
    free(err);
    free(bytes);
}

/* Read a whole file (for `s` / `m`). NULL on failure. */
static char *read_whole_file(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { free(buf); buf = NULL; break; }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    *len = n;
    return buf;
}

/* `s` (run a script file) and `m` (run a module file): deprecated in xsnap-worker, kept for
 * compatibility. Success replies `.meter\1`, failure a bare `!`. */
static void run_file(char cmd, const uint8_t *payload, size_t n) {
    VM *vm = W.vm;
    begin_delivery(W.meter_limit);
    const char *path = (const char *)payload;
    size_t len = 0;
    char *src = strlen(path) == n ? read_whole_file(path, &len) : NULL;
    if (!src) fprintf(stderr, "cryo-worker: cannot read %s: %s\n", path, n ? strerror(errno) : "empty path");
    int ok = 0;
    if (src) {
        Value r = cmd == 's' ? vm_eval_script(vm, src, len, path) : vm_eval_module(vm, src, len, path);
        vm->nroots = 0;
        free(src);
        if (r == VAL_EXCEPTION) {
            char *t = take_exception_text(vm);
            fprintf(stderr, "cryo-worker: %s: %s\n", path, t);
            free(t);
        } else {
            ok = 1;
        }
        drain(vm);
    }
    end_delivery();
    if (ok) reply_ok(NULL, 0);
    else reply_error("");
}

/* Parse "@N" (a file descriptor); -1 if malformed. */
static int parse_fd(const char *s, const char **rest) {
    if (*s++ != '@' || *s < '0' || *s > '9') return -1;
    long fd = 0;
    while (*s >= '0' && *s <= '9') {
        fd = fd * 10 + (*s++ - '0');
        if (fd > 1000000) return -1;
    }
    if (rest) *rest = s;
    return (int)fd;
}

/* Write a snapshot to `path` in place: create or truncate, write, fsync. Not the atomic
 * temp-file-and-rename of snap_write_path: the @agoric/xsnap client opens the file before
 * it sends `w` and reads the snapshot through that descriptor, so the file must keep its
 * identity (xsnap-worker writes in place too). 0, or -1 with a message in err. */
static int write_snapshot_in_place(VM *vm, const char *path, SnapInfo *info, char *err, size_t errcap) {
    /* the heap may still be the mapped pages of the snapshot it was loaded from, which may
     * be this very file: make it private before the file is truncated */
    if (heap_unmap_file(vm) < 0) {
        snprintf(err, errcap, "snapshot: cannot copy the heap out of its snapshot file: %s", strerror(errno));
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errcap, "snapshot: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = snap_write_fd(vm, fd, 0, info, err, errcap);
    if (rc == 0 && fsync(fd) < 0) {
        snprintf(err, errcap, "snapshot: fsync of %s failed: %s", path, strerror(errno));
        rc = -1;
    }
    if (close(fd) < 0 && rc == 0) {
        snprintf(err, errcap, "snapshot: close of %s failed: %s", path, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* `w`: write a snapshot to the path in the body, or stream it to fd N for `@N`. The reply
 * carries the number of bytes written. */
static void write_snapshot(const uint8_t *payload, size_t n) {
    VM *vm = W.vm;
    begin_delivery(0);
    const char *target = (const char *)payload;
    char err[512] = "";
    SnapInfo info;
    int rc;
    if (strlen(target) != n || n == 0) {
        snprintf(err, sizeof err, "snapshot: bad target");
        rc = -1;
    } else if (target[0] == '@') {
        const char *rest;
        int fd = parse_fd(target, &rest);
        if (fd < 0 || *rest) { snprintf(err, sizeof err, "snapshot: bad file descriptor %s", target); rc = -1; }
        else rc = snap_write_fd(vm, fd, 0, &info, err, sizeof err);
    } else {
        rc = write_snapshot_in_place(vm, target, &info, err, sizeof err);
    }
    vm->nroots = 0;
    if (rc < 0) { reply_error(err); return; }
    char count[32];
    int cl = snprintf(count, sizeof count, "%llu", (unsigned long long)info.stored_bytes);
    reply_ok(count, (size_t)cl);
}

enum { IDLE_TRIM_MS = 200 };   /* a worker this long without a command gives back spare pages */

/* Before blocking for the next command: if none is buffered and none arrives within
 * IDLE_TRIM_MS, give the operating system back the heap pages without live data, so an idle
 * vat's resident memory is about its live heap rather than the collector's two spaces. A
 * busy worker keeps them (faulting them in again each collection would cost it up to a
 * quarter of its time). Only memory use depends on the timing, never the heap or the meter. */
static void trim_when_idle(void) {
    if (W.in.pos < W.in.len || !heap_trim_pending(W.vm)) return;
    struct pollfd p = { W.in.fd, POLLIN, 0 };
    if (poll(&p, 1, IDLE_TRIM_MS) == 0) heap_trim(W.vm);
}

/* The command loop: one frame, one command, until `q` or the parent closes fd 3. */
static void command_loop(void) {
    for (;;) {
        uint8_t *body;
        size_t len;
        trim_when_idle();
        NsStatus st = ns_read(&W.in, NS_MAX_FRAME, &body, &len);
        if (st == NS_EOF) die_plain(WX_SUCCESS, NULL);
        if (st != NS_OK) die_read(st);
        if (len == 0) die_plain(WX_IO_ERROR, "protocol error: empty command");
        char cmd = (char)body[0];
        switch (cmd) {
        case 'R': {
            static char dot[1] = { '.' };
            struct iovec part = { dot, 1 };
            send_frame(&part, 1);
            break;
        }
        case 'e': case '?': deliver(cmd, body + 1, len - 1); break;
        case 's': case 'm': run_file(cmd, body + 1, len - 1); break;
        case 'w': write_snapshot(body + 1, len - 1); break;
        case 'q':
            free(body);
            vm_free(W.vm);
            die_plain(WX_SUCCESS, NULL);
            break;
        default: {
            char msg[80];
            if (cmd >= 0x21 && cmd < 0x7F) snprintf(msg, sizeof msg, "protocol error: unknown command '%c'", cmd);
            else snprintf(msg, sizeof msg, "protocol error: unknown command byte 0x%02x", (unsigned)(uint8_t)cmd);
            die_plain(WX_IO_ERROR, msg);
        }
        }
        free(body);
    }
}


/* ---------------------------------------------------------------------------------------
 * Command line and start-up
 * ------------------------------------------------------------------------------------- */

static void usage(FILE *f) {
    fputs("usage: cryo-worker [label ...] [-r PATH | -r @FD[:HINT]] [-l LIMIT] [-i INTERVAL]\n"
          "                   [-s KB] [-m MB] [-p] [-v] [-n] [-h]\n"
          "  Runs a JavaScript vat driven over netstrings: commands on fd 3, replies on fd 4\n"
          "  (protocol of xsnap-worker; see docs/worker-protocol.md).\n"
          "  -r PATH       start from the snapshot in PATH instead of a fresh realm\n"
          "  -r @FD[:HINT] read the start-up snapshot from file descriptor FD (exactly its length)\n"
          "  -l LIMIT      computrons allowed per delivery (0 or absent: no limit)\n"
          "  -i INTERVAL   metering check interval (accepted; cryo checks at every check point)\n"
          "  -s KB         parser buffer size (accepted; cryo's parser has no fixed buffer)\n"
          "  -m MB         live heap limit in MiB (default 2048; cryo extension)\n"
          "  -p            print the meter before every print() line\n"
          "  -v            print the version and exit\n"
          "  -n            print the meter version and exit\n"
          "  -h            print this help and exit\n"
          "  Arguments without a leading '-' are labels and are ignored.\n"
          "exit codes: 0 success, 1 bad usage, 2 I/O or protocol error, 11 not enough memory,\n"
          "  12 stack overflow, 15 unhandled exception, 17 too much computation\n", f);
}

/* Parse a non-negative decimal integer option value; -1 on error. */
static int parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s) return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        if (v > (UINT64_MAX - 9) / 10) return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static void bad_usage(const char *what, const char *arg) {
    fprintf(stderr, "cryo-worker: %s%s%s\n", what, arg ? " " : "", arg ? arg : "");
    usage(stderr);
    exit(WX_BAD_USAGE);
}

/* What main() hands the vat thread. */
typedef struct VatStart {
    const char *snapshot;            /* -r argument, or NULL for a fresh realm */
    uint64_t memory_mb;              /* -m: live heap limit */
    int print_meter;                 /* -p */
} VatStart;

static void *vat_thread(void *arg);

int main(int argc, char **argv) {
    const char *snapshot = NULL;
    uint64_t memory_mb = DEFAULT_MEMORY_LIMIT >> 20, tmp;
    int print_meter = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') continue;                       /* a label */
        if (!strcmp(a, "-h")) { usage(stdout); return WX_SUCCESS; }
        if (!strcmp(a, "-v")) {
            printf("cryo-worker %s (cryo %s, meter %s)\n", CRYO_VERSION, CRYO_VERSION, WORKER_METER_VERSION);
            return WX_SUCCESS;
        }
        if (!strcmp(a, "-n")) { printf("%s\n", WORKER_METER_VERSION); return WX_SUCCESS; }
        if (!strcmp(a, "-p")) { print_meter = 1; continue; }
        if (strcmp(a, "-r") && strcmp(a, "-l") && strcmp(a, "-i") && strcmp(a, "-s") && strcmp(a, "-m"))
            bad_usage("unknown option", a);
        if (i + 1 >= argc) bad_usage("missing value for", a);
        const char *v = argv[++i];
        if (!strcmp(a, "-r")) {
            if (!*v) bad_usage("empty snapshot path", NULL);
            snapshot = v;
        } else if (parse_u64(v, &tmp) < 0) {
            bad_usage("bad number for", a);
        } else if (!strcmp(a, "-l")) {
            W.meter_limit = tmp;
        } else if (!strcmp(a, "-m")) {
            if (tmp == 0 || tmp > ((uint64_t)1 << 20)) bad_usage("bad memory limit", v);
            memory_mb = tmp;
        } else if (!strcmp(a, "-i") && tmp == 0) {
            bad_usage("bad metering interval", v);
        }
        /* -s: accepted and validated; it has no effect (see docs/worker-protocol.md) */
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigpipe;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);

    static VatStart start;
    start.snapshot = snapshot;
    start.memory_mb = memory_mb;
    start.print_meter = print_meter;
    pthread_attr_t attr;
    pthread_t tid;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, VAT_STACK_BYTES) != 0 ||
        pthread_create(&tid, &attr, vat_thread, &start) != 0)
        die_plain(WX_NOT_ENOUGH_MEMORY, "cannot start the vat thread: not enough memory");
    pthread_join(tid, NULL);
    return WX_SUCCESS;
}

/* The vat: load or create the VM, then serve commands until `q` or end of input. Every
 * exit goes through _exit (die_plain) or returns here with success. */
static void *vat_thread(void *arg) {
    const VatStart *start = arg;
    const char *snapshot = start->snapshot;
    VM *vm;
    char err[512];
    if (snapshot) {
        int fd = -1;
        if (snapshot[0] == '@') {
            const char *rest;
            fd = parse_fd(snapshot, &rest);
            if (fd < 0 || (*rest && *rest != ':')) bad_usage("bad snapshot descriptor", snapshot);
            /* fd is left open: closing it while the client still pipes into it (its source
             * stream may not have ended yet) can make the client drop the pipe half-way */
            vm = snap_load_fd(fd, host_register, NULL, NULL, err, sizeof err);
        } else {
            vm = snap_load_path(snapshot, host_register, NULL, NULL, err, sizeof err);
        }
        if (!vm || host_check(vm, err, sizeof err) < 0) {
            fprintf(stderr, "cryo-worker: cannot load snapshot %s: %s\n", snapshot, err);
            die_plain(WX_IO_ERROR, NULL);
        }
    } else {
        vm = vm_new(0);
        if (!vm) die_plain(WX_NOT_ENOUGH_MEMORY, "cannot create the VM: not enough memory");
        if (host_register(vm, NULL) < 0) die_plain(WX_NOT_ENOUGH_MEMORY, "cannot register host functions");
    }
    vm_set_stack_base(vm, VAT_STACK_BYTES);
    vm->c_depth_limit = VAT_C_DEPTH_LIMIT;
    vm->stack_overflow_fatal = 1;
    W.vm = vm;
    vm->host_opaque = &W;
    vm->nroots = 0;
    if (!host_present(vm) && host_install(vm) < 0) {
        if (vm->has_exception) free(take_exception_text(vm));
        die_plain(WX_NOT_ENOUGH_MEMORY, "cannot install the host globals");
    }
    vm->nroots = 0;
    size_t limit = (size_t)start->memory_mb << 20;
    vm->memory_limit = limit < vm->reserve_bytes ? limit : vm->reserve_bytes;
    host_set_hooks(vm, start->print_meter);
    ns_reader_init(&W.in, CMD_FD);
    command_loop();
    return NULL;
}
