/* test_api.c — the embedding API (include/cryo.h) used the way an embedder would: create a
 * VM, register host functions, evaluate, call, drain jobs, read exceptions, and carry the
 * heap through a snapshot written to a callback stream (memory), to a pipe, and read back
 * from a stream with the host functions re-bound by name; a snapshot that needs a host
 * function the loader does not provide is refused with a message naming it; a second realm
 * through a snapshot. Exits nonzero on the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "cryo.h"

static int failures;

#define CHECK(cond, ...) do { \
        if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
                       fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
    } while (0)

/* Host function: sum of its numeric arguments times a factor kept in C. */
static double factor = 1;
static cryo_value host_sum(cryo_vm *vm, cryo_value this_val, int argc, const cryo_value *argv) {
    (void)this_val;
    double s = 0, d;
    for (int i = 0; i < argc; i++) {
        if (cryo_to_number(vm, argv[i], &d) < 0) return cryo_throw_error(vm, "TypeError", "not a number");
        s += d;
    }
    return cryo_number(s * factor);
}

/* Host function that always throws. */
static cryo_value host_fail(cryo_vm *vm, cryo_value this_val, int argc, const cryo_value *argv) {
    (void)this_val; (void)argc; (void)argv;
    return cryo_throw_error(vm, "RangeError", "host says no");
}

/* Evaluate src and return its completion value as a malloc'd string (NULL on exception,
 * with the exception text in *exc). */
static char *eval_str(cryo_vm *vm, const char *src, char **exc) {
    cryo_value v;
    *exc = NULL;
    if (cryo_eval(vm, src, strlen(src), "test.js", &v) < 0) { *exc = cryo_take_exception(vm); return NULL; }
    return cryo_to_utf8(vm, v, NULL);
}

/* Expect src to evaluate to `want`. */
static void expect(cryo_vm *vm, const char *src, const char *want) {
    char *exc, *got = eval_str(vm, src, &exc);
    CHECK(got && !strcmp(got, want), "%s: got %s (exception %s), want %s", src, got ? got : "NULL", exc ? exc : "none", want);
    free(got);
    free(exc);
}

/* A growable memory buffer used as a snapshot stream. */
typedef struct Buf { unsigned char *p; size_t len, cap, pos; } Buf;

static int buf_write(void *ctx, const void *data, size_t n) {
    Buf *b = ctx;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->len + n) cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

/* Reads in small, uneven pieces, as a socket might deliver them. */
static long buf_read(void *ctx, void *data, size_t n) {
    Buf *b = ctx;
    size_t k = b->len - b->pos;
    if (k > n) k = n;
    if (k > 777) k = 777;
    memcpy(data, b->p + b->pos, k);
    b->pos += k;
    return (long)k;
}

/* Setup callback re-binding the host functions a snapshot needs. */
static int setup_sum(cryo_vm *vm, void *ctx) {
    (void)ctx;
    return cryo_register_host_function(vm, "sum", host_sum, 2) < 0 || cryo_register_host_function(vm, "fail", host_fail, 0) < 0 ? -1 : 0;
}

/* This process's resident pages (/proc/self/statm), or -1 where it cannot be read. */
static long resident_pages(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long size, res;
    int ok = f && fscanf(f, "%ld %ld", &size, &res) == 2;
    if (f) fclose(f);
    return ok ? res : -1;
}

/* Two realms in one heap (cryo_new_realm), carried through a snapshot: the second realm's
 * objects keep their own intrinsics and global, its functions run in it, a job it queued runs
 * in it after the restore, and a restored heap writes the same bytes again. */
static void test_realms(void) {
    char err[512], h1[65], h2[65];
    cryo_vm *vm = cryo_new();
    CHECK(vm != NULL, "cryo_new");
    if (!vm) return;
    cryo_value g;
    CHECK(cryo_new_realm(vm, &g) == 0, "cryo_new_realm");
    CHECK(cryo_set_global(vm, "other", g) == 0, "set other");
    expect(vm, "var made = other.eval('var secret = 7; [1, 2, 3]');"
               "var fn = other.eval('(function () { return [this === globalThis, Object.getPrototypeOf([]) === Array.prototype]; })');"
               "var C = new other.Function(); C.prototype = null;"
               "other.eval('Promise.resolve(6).then(function (v) { globalThis.late = [v, this === globalThis, typeof secret].join(); })');"
               "other !== globalThis", "true");
    static const char *const checks[][2] = {
        { "[made instanceof Array, made instanceof other.Array, Array.isArray(made)].join()", "false,true,true" },
        { "[other.secret, typeof secret, other.Object !== Object, other.other === undefined].join()", "7,undefined,true,true" },
        { "fn().join() + ' ' + (fn.call(undefined) === undefined)", "true,true false" },
        { "Object.getPrototypeOf(Reflect.construct(Array, [], C)) === other.Array.prototype", "true" },
        { "Array.prototype.map.call(made, x => x * 2).constructor === Array", "true" },
        { "try { other.eval('null.x'); 'no' } catch (e) { [e instanceof other.TypeError, e instanceof TypeError].join() }", "true,false" },
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) expect(vm, checks[i][0], checks[i][1]);
    Buf a = { 0 }, b = { 0 };
    CHECK(cryo_snapshot_write_stream(vm, buf_write, &a, 0, h1, err, sizeof err) == 0, "write: %s", err);
    cryo_vm *vm2 = cryo_snapshot_read_stream(buf_read, &a, NULL, NULL, err, sizeof err);
    CHECK(vm2 != NULL, "read two-realm snapshot: %s", err);
    if (vm2) {
        CHECK(cryo_snapshot_write_stream(vm2, buf_write, &b, 0, h2, err, sizeof err) == 0, "rewrite: %s", err);
        CHECK(!strcmp(h1, h2) && a.len == b.len && !memcmp(a.p, b.p, a.len), "restored two-realm heap writes other bytes");
        for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) expect(vm2, checks[i][0], checks[i][1]);
        CHECK(cryo_run_jobs(vm2) == 0, "run_jobs after restore");
        expect(vm2, "other.late", "6,true,number");
        cryo_free(vm2);
    }
    free(a.p); free(b.p);
    cryo_free(vm);
}

/* Whole contents of a file. */
static Buf read_all(const char *path) {
    Buf b = { 0 };
    FILE *f = fopen(path, "rb");
    unsigned char chunk[65536];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_write(&b, chunk, n);
    if (f) fclose(f);
    return b;
}

/* A heap big enough (~10 MB) for the writer's collection to hash and write pieces of the
 * image while it runs, written to a callback stream, to a regular file after 5 bytes already
 * in it (pwrite at the image's final offsets), and to an O_APPEND descriptor (where pwrite
 * would ignore the offset: streamed instead): the same bytes each time, the descriptor left
 * after them. */
static void test_fd_writes(void) {
    char err[512], h1[65], h2[65], h3[65];
    cryo_vm *vm = cryo_new();
    expect(vm, "globalThis.big = Array.from({ length: 100000 }, (_, i) => ({ i, s: 'v' + i })); big.length", "100000");
    Buf a = { 0 };
    CHECK(cryo_snapshot_write_stream(vm, buf_write, &a, 0, h1, err, sizeof err) == 0, "stream: %s", err);
    char path[] = "/tmp/cryo_test_api_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "temp file");
    CHECK(cryo_snapshot_write_fd(vm, fd, 0, h2, err, sizeof err) == 0, "fd: %s", err);
    CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)(5 + a.len), "fd left at %ld, not after the snapshot", (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    Buf f = read_all(path);
    CHECK(f.len == 5 + a.len && !memcmp(f.p, "hello", 5) && !memcmp(f.p + 5, a.p, a.len), "file bytes differ from the stream's");
    free(f.p);
    fd = open(path, O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && cryo_snapshot_write_fd(vm, fd, 0, h3, err, sizeof err) == 0, "append: %s", err);
    if (fd >= 0) close(fd);
    f = read_all(path);
    CHECK(f.len == 5 + 2 * a.len && !memcmp(f.p + 5 + a.len, a.p, a.len), "O_APPEND bytes differ from the stream's");
    CHECK(!strcmp(h1, h2) && !strcmp(h1, h3), "identities differ");
    free(f.p);
    free(a.p);
    unlink(path);
    cryo_free(vm);
}

int main(void) {
    test_realms();
    test_fd_writes();
    char err[512], hash1[65], hash2[65], hash3[65];
    cryo_vm *vm = cryo_new();
    CHECK(vm != NULL, "cryo_new");
    if (!vm) return 1;
    CHECK(cryo_register_global_function(vm, "sum", host_sum, 2) == 0, "register sum");
    CHECK(cryo_register_global_function(vm, "fail", host_fail, 0) == 0, "register fail");

    /* evaluation, host calls, exceptions thrown by host functions and by scripts */
    expect(vm, "1 + 2", "3");
    expect(vm, "sum(1, 2, 3.5)", "6.5");
    expect(vm, "try { fail() } catch (e) { e instanceof RangeError && e.message }", "host says no");
    char *exc, *got = eval_str(vm, "null.x", &exc);
    CHECK(!got && exc && strstr(exc, "TypeError"), "uncaught TypeError, got %s", exc ? exc : "NULL");
    free(got); free(exc);
    got = eval_str(vm, "let x = ;", &exc);
    CHECK(!got && exc && strstr(exc, "SyntaxError"), "syntax error, got %s", exc ? exc : "NULL");
    free(got); free(exc);

    /* globals and calls from C */
    CHECK(cryo_set_global(vm, "answer", cryo_number(42)) == 0, "set_global");
    expect(vm, "answer + 1", "43");
    cryo_value fn, r;
    const char *fsrc = "(function (a, b) { return a * b + answer; })";
    CHECK(cryo_eval(vm, fsrc, strlen(fsrc), "f.js", &fn) == 0, "eval function");
    cryo_value args[2] = { cryo_number(6), cryo_number(7) };
    double d = 0;
    CHECK(cryo_call(vm, fn, cryo_undefined(), 2, args, &r) == 0 && cryo_to_number(vm, r, &d) == 0 && d == 84, "call: %g", d);

    /* calling a non-function fails cleanly and leaves the VM usable (and quiescent) */
    CHECK(cryo_call(vm, cryo_number(1), cryo_undefined(), 0, NULL, &r) < 0, "calling a number succeeded");
    exc = cryo_take_exception(vm);
    CHECK(exc && strstr(exc, "TypeError"), "calling a number: %s", exc ? exc : "NULL");
    free(exc);
    got = eval_str(vm, "(function (a, b) { return a * b + answer; ", &exc);   /* truncated source */
    CHECK(!got && exc && strstr(exc, "SyntaxError"), "truncated source: %s", exc ? exc : "NULL");
    free(got); free(exc);

    /* promise jobs run when drained */
    expect(vm, "globalThis.log = []; Promise.resolve(1).then(v => log.push('job ' + v)); log.length", "0");
    CHECK(cryo_run_jobs(vm) == 0, "run_jobs");
    expect(vm, "log.join()", "job 1");

    /* state worth carrying: closures, a Map, a pending promise whose reaction is queued later */
    expect(vm, "let counter = 0; const inc = () => ++counter; const m = new Map([[{k: 1}, 'obj']]);"
               "let resolveLater; const p = new Promise(r => resolveLater = r); p.then(v => log.push('late ' + v));"
               "inc(); inc(); String(counter)", "2");

    /* snapshot to a memory stream, twice: identical bytes (C2) */
    Buf a = { 0 }, b = { 0 };
    CHECK(cryo_snapshot_write_stream(vm, buf_write, &a, 0, hash1, err, sizeof err) == 0, "write stream: %s", err);
    CHECK(cryo_snapshot_write_stream(vm, buf_write, &b, 0, hash2, err, sizeof err) == 0, "write stream 2: %s", err);
    CHECK(a.len == b.len && a.len > 0 && !memcmp(a.p, b.p, a.len), "two snapshots differ");
    CHECK(!strcmp(hash1, hash2), "hashes differ");

    /* compressed, through a pipe (a reader thread is not needed: drain after writing to a
     * buffer-sized pipe is not portable, so write compressed to memory then push it through) */
    Buf z = { 0 };
    CHECK(cryo_snapshot_write_stream(vm, buf_write, &z, 1, hash3, err, sizeof err) == 0, "compressed: %s", err);
    CHECK(!strcmp(hash1, hash3), "compressed snapshot has another identity");
    CHECK(z.len < a.len, "zstd did not shrink the snapshot (%zu >= %zu)", z.len, a.len);

    /* a loader without the host functions is refused, naming the missing one */
    a.pos = 0;
    cryo_vm *bad = cryo_snapshot_read_stream(buf_read, &a, NULL, NULL, err, sizeof err);
    CHECK(bad == NULL && strstr(err, "sum"), "missing host function not refused: %s", bad ? "loaded" : err);
    if (bad) cryo_free(bad);

    /* a truncated stream is refused */
    Buf t = a;
    t.len = a.len / 2;
    t.pos = 0;
    bad = cryo_snapshot_read_stream(buf_read, &t, setup_sum, NULL, err, sizeof err);
    CHECK(bad == NULL && err[0], "truncated snapshot loaded");
    if (bad) cryo_free(bad);

    /* restore from the compressed stream (read in 777-byte pieces) and carry on */
    z.pos = 0;
    cryo_vm *vm2 = cryo_snapshot_read_stream(buf_read, &z, setup_sum, NULL, err, sizeof err);
    CHECK(vm2 != NULL, "read stream: %s", err);
    if (vm2) {
        factor = 10;   /* the host function's C state is the embedder's, not the heap's */
        expect(vm2, "inc(); inc(); String(counter)", "4");
        expect(vm2, "[...m.entries()].map(([k, v]) => k.k + v).join()", "1obj");
        expect(vm2, "sum(1, 2)", "30");
        expect(vm2, "resolveLater('now'); 0", "0");
        CHECK(cryo_run_jobs(vm2) == 0, "run_jobs after restore");
        expect(vm2, "log.join()", "job 1,late now");
        factor = 1;
        /* and through a real pipe: write to the pipe's write end, read it back */
        int fds[2];
        CHECK(pipe(fds) == 0, "pipe");
        Buf small = { 0 };
        CHECK(cryo_snapshot_write_stream(vm2, buf_write, &small, 1, NULL, err, sizeof err) == 0, "write: %s", err);
        if (small.len < 60000) {   /* fits the pipe's buffer: no second thread needed */
            CHECK(write(fds[1], small.p, small.len) == (ssize_t)small.len, "write to pipe");
            close(fds[1]);
            cryo_vm *vm3 = cryo_snapshot_read_fd(fds[0], setup_sum, NULL, err, sizeof err);
            CHECK(vm3 != NULL, "read fd: %s", err);
            if (vm3) { expect(vm3, "String(counter)", "4"); cryo_free(vm3); }
        } else {
            close(fds[1]);
        }
        close(fds[0]);
        free(small.p);
        cryo_free(vm2);
    }
    free(a.p); free(b.p); free(z.p);

    /* a VM read from a snapshot file, detached from it, survives the file being truncated
     * in place (a mapped heap would fault: SIGBUS), and detaching twice is harmless */
    {
        char path[] = "/tmp/cryo-test-api-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0, "mkstemp");
        if (fd >= 0) {
            close(fd);
            expect(vm, "globalThis.detached = Array.from({ length: 50000 }, (_, i) => ({ i })); detached.length", "50000");
            CHECK(cryo_snapshot_write_path(vm, path, 0, NULL, err, sizeof err) == 0, "write_path: %s", err);
            cryo_vm *vm4 = cryo_snapshot_read_path(path, setup_sum, NULL, err, sizeof err);
            CHECK(vm4 != NULL, "read_path: %s", err);
            if (vm4) {
                CHECK(cryo_snapshot_detach(vm4, err, sizeof err) == 0, "detach: %s", err);
                CHECK(cryo_snapshot_detach(vm4, err, sizeof err) == 0, "second detach: %s", err);
                CHECK(truncate(path, 0) == 0, "truncate");
                expect(vm4, "detached.reduce((a, o) => a + o.i, 0)", "1249975000");
                cryo_free(vm4);
            }
            unlink(path);
            expect(vm, "delete globalThis.detached", "true");
        }
    }

    /* after collections, trimming gives back the spare pages (resident memory drops), a
     * second trim has nothing to do, and the VM carries on */
    expect(vm, "globalThis.keep = []; for (let i = 0; i < 300000; i++) { const o = { i, s: 'x' + i }; if (i % 10 == 0) keep.push(o); } keep.length", "30000");
    long rss0 = resident_pages();
    size_t released = cryo_trim_memory(vm);
    long rss1 = resident_pages();
    CHECK(released >= ((size_t)4 << 20), "trim released only %zu bytes", released);
    CHECK(rss0 < 0 || rss1 < rss0, "resident pages %ld -> %ld", rss0, rss1);
    CHECK(cryo_trim_memory(vm) == 0, "a second trim released something");
    expect(vm, "for (let i = 0; i < 300000; i++) keep.push({ i }); keep.length + keep[29999].s.length", "330007");
    cryo_free(vm);
    if (failures) { fprintf(stderr, "test_api: %d failures\n", failures); return 1; }
    printf("test_api: all checks passed\n");
    return 0;
}
