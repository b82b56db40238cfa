/* cryo.c — the command line: run scripts and modules, dump bytecode/AST.
 *
 * Exit codes: 0 success; 1 uncaught exception or syntax error; 2 usage error or unreadable
 * file; 3 out of memory; 4 too much computation (meter limit). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "interp.h"
#include "parser.h"
#include "ast.h"
#include "snapshot.h"
#include "cryo_tool.h"

enum { EXIT_UNCAUGHT = 1, EXIT_USAGE = 2, EXIT_OOM = 3, EXIT_METER = 4 };

int promise_take_unhandled(VM *vm, Value *promise_out);

/* After the job queue drained: a rejected promise nobody handled is reported like an
 * uncaught exception (as node does). Returns 1 when one was reported. */
static int report_unhandled_rejection(VM *vm) {
    Value p;
    if (!promise_take_unhandled(vm, &p)) return 0;
    Value reason = obj_words(vm, p)[OBJ_SLOT0 + PROMISE_SLOT_RESULT];
    vm_throw(vm, reason);
    return 1;
}

static void usage(FILE *f) {
    fputs("usage: cryo [options] [FILE.js ...]\n"
          "       cryo -e CODE\n"
          "  Runs each FILE as a classic script in one realm (later files see earlier globals),\n"
          "  or as a module when it ends in .mjs or --module is given; then drains the job queue.\n"
          "options:\n"
          "  -e CODE              evaluate CODE as a script\n"
          "  --module FILE        run FILE as an ES module\n"
          "  --dump-bytecode FILE print FILE's bytecode and exit\n"
          "  --dump-ast FILE      print FILE's syntax tree and exit\n"
          "  --gc-stress          collect garbage at every safe point\n"
          "  --memory-limit MB    limit the live heap (exit 3 when exceeded)\n"
          "  --meter-limit N      stop after N computrons (exit 4)\n"
          "  --strict             evaluate scripts in strict mode\n"
          "  --test262            define the $262 host object used by test262\n"
          "  --snapshot-in S      resume from snapshot S instead of a fresh realm\n"
          "  --snapshot-out S     after running (and draining jobs), write a snapshot to S\n"
          "  --compress           zstd-compress the snapshot written\n"
          "  --fixed-clock MS     Date.now() is always MS (ms since 1970; reproducible runs and\n"
          "                       snapshots of programs that read the clock)\n"
          "  --snapshot-timing    print snapshot load/write phase times to stderr\n"
          "subcommands:\n"
          "  cryo snapshot info S | check S | hash S | diff S1 S2\n"
          "  cryo vat create|deliver|snapshot|restart|replay|log|status|check|vatstore|outbox|\n"
          "           resolutions|prune|config ...\n"
          "                       vats in a SQLite store, e.g. SwingSet vats on liveslots\n"
          "                       (cryo vat --help)\n"
          "  --help, --version\n", f);
}

/* Read a whole file; NULL with errno on failure. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) { fclose(f); return NULL; }
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); return NULL; }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) { free(buf); return NULL; }
    *len = n;
    return buf;
}

/* Print the pending exception as "Uncaught ..." plus its stack; returns the exit code. */
static int report_exception(VM *vm) {
    VM_ROOT_SCOPE(vm);
    if (vm->uncatchable == 2 || vm->oom) {
        vm_take_exception(vm);
        fprintf(stderr, "cryo: out of memory\n");
        return EXIT_OOM;
    }
    if (vm->uncatchable) {
        vm_take_exception(vm);
        fprintf(stderr, "cryo: too much computation\n");
        return EXIT_METER;
    }
    Value exc = vm_take_exception(vm);
    vm_root(vm, &exc);
    Value s = to_string(vm, exc);
    char *msg = NULL;
    if (s == VAL_EXCEPTION) {
        vm_take_exception(vm);
        char buf[256];
        vm_describe_value(vm, exc, buf, sizeof buf);
        msg = strdup(buf);
    } else {
        msg = str_to_utf8(vm, s, NULL);
    }
    fprintf(stderr, "Uncaught %s\n", msg ? msg : "exception");
    free(msg);
    if (val_is_object(exc)) {
        PropDesc d;
        if (ordinary_get_own_property(vm, exc, ATOM(vm, stack), &d) == 1 && val_is_string(d.value)) {
            char *st = str_to_utf8(vm, d.value, NULL);
            if (st) {
                /* V8-style stacks repeat the message on their first line: skip it */
                const char *p = st;
                if (strncmp(p, "    at ", 7) != 0) {
                    const char *nl = strchr(p, '\n');
                    p = nl ? nl + 1 : p + strlen(p);
                }
                if (*p) fprintf(stderr, "%s%s", p, p[strlen(p) - 1] == '\n' ? "" : "\n");
                free(st);
            }
        }
    }
    return EXIT_UNCAUGHT;
}

static int dump_ast(const char *path) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) { fprintf(stderr, "cryo: cannot read %s: %s\n", path, strerror(errno)); return EXIT_USAGE; }
    ParseOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.filename = path;
    size_t pl = strlen(path);
    opt.is_module = pl > 4 && strcmp(path + pl - 4, ".mjs") == 0;
    ParseError err;
    Ast *ast = parse_program(src, len, &opt, &err);
    free(src);
    if (!ast) { fprintf(stderr, "SyntaxError: %s\n", err.message); return EXIT_UNCAUGHT; }
    ast_dump(stdout, ast->root);
    ast_free(ast);
    return 0;
}

/* --snapshot-timing: one line per snapshot phase, in milliseconds and MB/s (10^6 bytes). */
static void print_timing(const char *what, const SnapInfo *info) {
    double ms = (double)(info->ns_collect + info->ns_stream + info->ns_validate) / 1e6;
    double mb = (double)info->total_bytes / 1e6;
    fprintf(stderr, "snapshot-timing: %s bytes=%llu stored=%llu collect_ms=%.3f stream_ms=%.3f validate_ms=%.3f "
            "sync_ms=%.3f total_ms=%.3f MB_per_s=%.1f cpu_ms=%.3f collect_cpu_ms=%.3f sha_cpu_ms=%.3f pieces_early=%llu mapped=%d\n", what,
            (unsigned long long)info->total_bytes, (unsigned long long)info->stored_bytes, (double)info->ns_collect / 1e6,
            (double)info->ns_stream / 1e6, (double)info->ns_validate / 1e6, (double)info->ns_sync / 1e6, ms, ms > 0 ? mb / (ms / 1e3) : 0.0, (double)info->ns_cpu / 1e6,
            (double)info->ns_collect_cpu / 1e6, (double)info->ns_sha_cpu / 1e6, (unsigned long long)info->pieces_early, info->mapped);
}

/* --fixed-clock: the time Date.now() reports, and the hook that reports it (date.c). */
extern double (*cryo_date_now_hook)(VM *vm);
static double fixed_clock_ms;
static double fixed_clock(VM *vm) { (void)vm; return fixed_clock_ms; }

int main(int argc, char **argv) {
    uint64_t t_start = snap_now_ns();
    if (argc >= 2 && !strcmp(argv[1], "snapshot")) return cryo_snapshot_main(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "vat")) return cryo_vat_main(argc - 2, argv + 2);
    int gc_stress = 0, test262 = 0, strict = 0, compress = 0, timing = 0;
    const char *snap_in = NULL, *snap_out = NULL;
    size_t memory_limit = 0;
    uint64_t meter_limit = 0;
    /* pass 1: options that configure the VM */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (!strcmp(a, "--version")) { printf("cryo %s\n", CRYO_VERSION); return 0; }
        if (!strcmp(a, "--gc-stress")) gc_stress = 1;
        else if (!strcmp(a, "--test262")) test262 = 1;
        else if (!strcmp(a, "--strict")) strict = 1;
        else if (!strcmp(a, "--compress")) compress = 1;
        else if (!strcmp(a, "--snapshot-timing")) timing = 1;
        else if (!strcmp(a, "--snapshot-in") && i + 1 < argc) snap_in = argv[++i];
        else if (!strcmp(a, "--snapshot-out") && i + 1 < argc) snap_out = argv[++i];
        else if (!strcmp(a, "--memory-limit") && i + 1 < argc) memory_limit = (size_t)strtoull(argv[++i], NULL, 10) << 20;
        else if (!strcmp(a, "--meter-limit") && i + 1 < argc) meter_limit = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--fixed-clock") && i + 1 < argc) {
            char *end;
            fixed_clock_ms = strtod(argv[++i], &end);
            if (*end || end == argv[i] || !(fixed_clock_ms == fixed_clock_ms)) {
                fprintf(stderr, "cryo: bad --fixed-clock value %s\n", argv[i]);
                return EXIT_USAGE;
            }
            cryo_date_now_hook = fixed_clock;
        }
        else if (!strcmp(a, "--dump-ast") && i + 1 < argc) return dump_ast(argv[i + 1]);
        else if ((!strcmp(a, "-e") || !strcmp(a, "--module") || !strcmp(a, "--dump-bytecode")) && i + 1 < argc) i++;
        else if (a[0] == '-' && a[1]) { fprintf(stderr, "cryo: unknown option %s\n", a); usage(stderr); return EXIT_USAGE; }
    }
    VM *vm;
    if (snap_in) {
        char err[512];
        SnapInfo info;
        vm = snap_load_path(snap_in, test262 ? test262_register : NULL, NULL, &info, err, sizeof err);
        if (!vm) { fprintf(stderr, "cryo: %s\n", err); return EXIT_UNCAUGHT; }
        if (timing) print_timing("load", &info);
    } else {
        vm = vm_new(0);
        if (!vm) { fprintf(stderr, "cryo: cannot create VM (out of memory)\n"); return EXIT_OOM; }
    }
    if (gc_stress) vm->gc_stress = 1;
    if (memory_limit) vm->memory_limit = memory_limit;
    vm->meter_limit = meter_limit;
    vm->test262 = test262;
    /* a heap restored from `cryo --test262` has its $262 objects (in every realm) already */
    if (test262 && (!snap_in || obj_has_own_property(vm, vm_intrinsic(vm, INTR_GlobalObject), atom_from_cstr(vm, "$262")) == 0) &&
        test262_install(vm) < 0) {
        fprintf(stderr, "cryo: cannot install $262\n");
        vm_free(vm);
        return EXIT_OOM;
    }
    vm->nroots = 0;
    vm->strict_global = strict;
    if (timing) fprintf(stderr, "snapshot-timing: first_instruction_ms=%.3f\n", (double)(snap_now_ns() - t_start) / 1e6);
    int status = 0, ran = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *a = argv[i];
        Value r;
        if (!strcmp(a, "--memory-limit") || !strcmp(a, "--meter-limit") || !strcmp(a, "--snapshot-in") ||
            !strcmp(a, "--snapshot-out") || !strcmp(a, "--fixed-clock")) { i++; continue; }
        if (!strcmp(a, "-e") && i + 1 < argc) {
            const char *code = argv[++i];
            r = vm_eval_script(vm, code, strlen(code), "<eval>");
            ran = 1;
        } else if (!strcmp(a, "--dump-bytecode") && i + 1 < argc) {
            size_t len;
            char *src = read_file(argv[++i], &len);
            if (!src) { fprintf(stderr, "cryo: cannot read %s: %s\n", argv[i], strerror(errno)); status = EXIT_USAGE; break; }
            int rc = vm_dump_bytecode(vm, src, len, argv[i], stdout);
            free(src);
            status = rc < 0 ? EXIT_UNCAUGHT : 0;
            ran = 1;
            continue;
        } else if (a[0] == '-' && a[1]) {
            continue;
        } else {
            int module = 0;
            if (i > 1 && !strcmp(argv[i - 1], "--module")) module = 1;
            size_t pl = strlen(a);
            if (pl > 4 && !strcmp(a + pl - 4, ".mjs")) module = 1;
            size_t len;
            char *src = read_file(a, &len);
            if (!src) { fprintf(stderr, "cryo: cannot read %s: %s\n", a, strerror(errno)); status = EXIT_USAGE; break; }
            r = module ? vm_eval_module(vm, src, len, a) : vm_eval_script(vm, src, len, a);
            free(src);
            ran = 1;
        }
        vm->nroots = 0;
        if (r == VAL_EXCEPTION) { status = report_exception(vm); break; }
        if (vm_run_jobs(vm) < 0) { status = report_exception(vm); break; }
        if (!test262 && report_unhandled_rejection(vm)) { status = report_exception(vm); break; }
        vm->nroots = 0;
    }
    if (status == 0 && !ran && snap_in) {
        /* resuming with no scripts still runs the pending jobs */
        if (vm_run_jobs(vm) < 0) status = report_exception(vm);
        vm->nroots = 0;
        ran = 1;
    }
    if (!ran && status == 0) { usage(stderr); status = EXIT_USAGE; }
    if (status == 0 && snap_out) {
        char err[512];
        SnapInfo info;
        if (snap_write_path(vm, snap_out, compress ? SNAP_COMPRESS : 0, &info, err, sizeof err) < 0) {
            fprintf(stderr, "cryo: %s\n", err);
            status = EXIT_USAGE;
        } else if (timing) {
            print_timing("write", &info);
        }
    }
    fflush(stdout);
    vm_free(vm);
    return status;
}
