/* cryo_vat.c — `cryo vat ...`: vats kept in a SQLite store (docs/vat-store.md).
 *
 *   cryo vat create DB VAT (--source FILE | --boot FILE... [--setup MESSAGE | --setup-file FILE])
 *                          [--snapshot-every K] [--keep-snapshots N] [--meter-limit N] [--memory-limit MB]
 *   cryo vat deliver DB VAT [MESSAGE ...] [--file FILE|-] [--resume] [--count N] [--quiet] [--hash]
 *   cryo vat snapshot DB VAT
 *   cryo vat restart DB VAT [--from POS] [--to POS] [--hash] [--strict] [--repair]
 *   cryo vat replay DB VAT [--to POS] [--hash]
 *   cryo vat log DB VAT [--from POS] [--count N]
 *   cryo vat status DB [VAT]
 *   cryo vat check DB VAT
 *   cryo vat vatstore DB VAT
 *   cryo vat outbox DB VAT [--from POS] [--count N]
 *   cryo vat resolutions DB VAT [--from POS] [--count N]
 *   cryo vat prune DB VAT --keep N
 *   cryo vat config DB VAT [--snapshot-every K] [--keep-snapshots N]
 *   common: --worker PATH, --sync normal|full
 *
 * Exit codes: 0 success, 1 error (store, I/O, no such vat, the source threw), 2 usage,
 * 3 divergence (result, meter, snapshot hash or syscall), 4 corrupt store, 5 worker failure, 6 conflicting writer,
 * 7 the vat has exited (an `exit` syscall): no more deliveries. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../store/vat.h"
#include "cryo_tool.h"
#include "vm.h"
#include "../worker/worker.h"

enum { VAT_EXIT_USAGE = 2 };

/* Parsed command line. */
typedef struct Args {
    const char *cmd, *db, *vat;         /* subcommand, store path, vat name */
    const char *source, *file, *worker; /* --source, --file, --worker */
    const char *boots[VAT_BOOT_MAX];    /* --boot FILE, in order */
    int nboots;
    const char *setup, *setup_file;     /* --setup MESSAGE, --setup-file FILE */
    const char **msgs;                  /* MESSAGE arguments */
    int nmsgs;
    int64_t from, to, count;            /* --from, --to, --count (-1: absent) */
    int64_t snapshot_every, keep, meter_limit, memory_mb; /* -1: absent */
    int resume, quiet, hash, strict, repair, sync_full, prints;
} Args;

static void usage(FILE *f) {
    fputs("usage: cryo vat COMMAND DB VAT [options]\n"
          "  create DB VAT --source FILE   evaluate FILE in a fresh worker; record it as position 0\n"
          "        or --boot FILE ...      evaluate each FILE in order (e.g. SwingSet's lockdown and\n"
          "                                supervisor bundles), kept as content-addressed blobs\n"
          "        [--setup MESSAGE | --setup-file FILE]  then send this handleCommand message\n"
          "                                (e.g. [\"setBundle\",...]); every start without a\n"
          "                                snapshot runs the same boot again\n"
          "        [--snapshot-every K]    snapshot after every K-th delivery (default 1000; 0 never)\n"
          "        [--keep-snapshots N]    keep the newest N snapshot blobs (default 0 = all)\n"
          "        [--meter-limit N] [--memory-limit MB]\n"
          "  deliver DB VAT [MESSAGE ...]  restart the vat, deliver each MESSAGE (handleCommand),\n"
          "        [--file FILE|-]         then one message per line of FILE\n"
          "        [--resume]              line n of FILE is delivery n: skip lines already delivered\n"
          "        [--count N] [--quiet] [--hash] [--prints]\n"
          "  snapshot DB VAT               store a snapshot of the vat's current state\n"
          "  restart DB VAT                latest snapshot + the transcript after it, checked\n"
          "        [--from POS] [--to POS] [--hash] [--strict] [--repair]\n"
          "  replay DB VAT [--to POS] [--hash]  replay the whole transcript from the source\n"
          "  log DB VAT [--from POS] [--count N]  positions, span hashes, snapshots\n"
          "  status DB [VAT]               vats, positions, latest snapshots\n"
          "  check DB VAT                  verify the span hash chain, every snapshot blob, and the\n"
          "                                vatstore and outbox against the transcript's syscalls\n"
          "  vatstore DB VAT               the vat's key-value store: KEY VALUE (JSON strings) per line\n"
          "  outbox DB VAT [--from POS] [--count N]  the sends the vat made: POS.N TARGET METHARGS RESULT\n"
          "  resolutions DB VAT [--from POS] [--count N]  the promises it resolved:\n"
          "                                POS.N VPID fulfilled|rejected CAPDATA\n"
          "  prune DB VAT --keep N         drop all but the newest N snapshot blobs\n"
          "  config DB VAT [--snapshot-every K] [--keep-snapshots N]\n"
          "options: --worker PATH (default: cryo-worker next to cryo), --sync normal|full\n"
          "exit codes: 0 ok, 1 error, 2 usage, 3 diverged (result, meter, snapshot or syscall),\n"
          "  4 corrupt store, 5 worker failed,\n"
          "  6 another process wrote the vat, 7 the vat exited (no more deliveries)\n", f);
}

/* A non-negative integer option value, or -1. */
static int64_t num(const char *s) {
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < 0) return -1;
    return v;
}

/* Parse argv (after "cryo vat"); 0 or -1 (usage error printed). */
static int parse(int argc, char **argv, Args *a) {
    memset(a, 0, sizeof *a);
    a->from = a->to = a->count = a->snapshot_every = a->keep = a->meter_limit = a->memory_mb = -1;
    a->msgs = calloc((size_t)argc + 1, sizeof *a->msgs);
    if (!a->msgs) return -1;
    int npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t *nump = NULL;
        const char **strp = NULL;
        if (!strcmp(o, "--resume")) { a->resume = 1; continue; }
        if (!strcmp(o, "--quiet")) { a->quiet = 1; continue; }
        if (!strcmp(o, "--hash")) { a->hash = 1; continue; }
        if (!strcmp(o, "--strict")) { a->strict = 1; continue; }
        if (!strcmp(o, "--repair")) { a->repair = 1; continue; }
        if (!strcmp(o, "--prints")) { a->prints = 1; continue; }
        if (!strcmp(o, "--sync")) {
            if (!v || (strcmp(v, "full") && strcmp(v, "normal"))) { fprintf(stderr, "cryo vat: --sync takes normal or full\n"); return -1; }
            a->sync_full = !strcmp(v, "full");
            i++;
            continue;
        }
        if (!strcmp(o, "--from")) nump = &a->from;
        else if (!strcmp(o, "--to")) nump = &a->to;
        else if (!strcmp(o, "--count")) nump = &a->count;
        else if (!strcmp(o, "--snapshot-every")) nump = &a->snapshot_every;
        else if (!strcmp(o, "--keep-snapshots") || !strcmp(o, "--keep")) nump = &a->keep;
        else if (!strcmp(o, "--meter-limit")) nump = &a->meter_limit;
        else if (!strcmp(o, "--memory-limit")) nump = &a->memory_mb;
        else if (!strcmp(o, "--source")) strp = &a->source;
        else if (!strcmp(o, "--setup")) strp = &a->setup;
        else if (!strcmp(o, "--setup-file")) strp = &a->setup_file;
        else if (!strcmp(o, "--boot")) {
            if (!v) { fprintf(stderr, "cryo vat: --boot needs a value\n"); return -1; }
            if (a->nboots == VAT_BOOT_MAX - 1) { fprintf(stderr, "cryo vat: at most %d --boot files\n", VAT_BOOT_MAX - 1); return -1; }
            a->boots[a->nboots++] = v;
            i++;
            continue;
        }
        else if (!strcmp(o, "--file")) strp = &a->file;
        else if (!strcmp(o, "--worker")) strp = &a->worker;
        if (nump || strp) {
            if (!v) { fprintf(stderr, "cryo vat: %s needs a value\n", o); return -1; }
            if (nump && (*nump = num(v)) < 0) { fprintf(stderr, "cryo vat: bad number for %s: %s\n", o, v); return -1; }
            if (strp) *strp = v;
            i++;
            continue;
        }
        if (o[0] == '-' && o[1] == '-') { fprintf(stderr, "cryo vat: unknown option %s\n", o); return -1; }
        if (npos == 0) a->cmd = o;
        else if (npos == 1) a->db = o;
        else if (npos == 2) a->vat = o;
        else a->msgs[a->nmsgs++] = o;
        npos++;
    }
    if (!a->cmd || !a->db) { usage(stderr); return -1; }
    if (a->vat && (strlen(a->vat) == 0 || strlen(a->vat) >= sizeof(((VsVat *)0)->name))) {
        fprintf(stderr, "cryo vat: a vat name is 1 to 127 bytes\n");
        return -1;
    }
    return 0;
}

/* Read a whole file; NULL with a message on failure. */
static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cryo vat: cannot read %s: %s\n", path, strerror(errno)); return NULL; }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) { free(buf); fprintf(stderr, "cryo vat: cannot read %s\n", path); return NULL; }
    *len = n;
    return buf;
}

/* Print a failure and return its exit code. */
static int fail(int rc, const char *err) {
    fprintf(stderr, "cryo vat: %s\n", err);
    return rc ? rc : 1;
}

/* Print "STATUS RESULT" of a reply as one line (the bytes as they are). */
static void print_reply(int64_t pos, const VwReply *r) {
    printf("%lld ", (long long)pos);
    fwrite(r->result, 1, r->result_len, stdout);
    putchar('\n');
}

static void print_hash_line(const char *label, const uint8_t h[VS_HASH]) {
    char hex[2 * VS_HASH + 1];
    vs_hex(h, hex);
    printf("%-14s%s\n", label, hex);
}

/* Report of a bring-up (restart, replay). */
static void print_up(const VatSession *s, const char *what, double total_ms) {
    const VatUpStats *u = &s->stats;
    char hex[2 * VS_HASH + 1];
    printf("vat:          %s (%s)\n", s->vat.name, what);
    printf("position:     %lld\n", (long long)s->worker_pos);
    if (u->from_snapshot >= 0) {
        vs_hex(u->snapshot_hash, hex);
        printf("started from: snapshot %lld (sha256 %s, %llu bytes, %llu zstd)\n", (long long)u->from_snapshot, hex,
               (unsigned long long)u->snapshot_size, (unsigned long long)u->snapshot_zsize);
    } else {
        printf("started from: source or boot, item 0 (fresh worker)\n");
    }
    printf("replayed:     %lld deliveries, %lld snapshots re-taken and compared%s\n", (long long)u->replayed,
           (long long)u->snapshots_checked, u->caught_up ? ", 1 due snapshot caught up" : "");
    if (u->fallbacks) printf("fallbacks:    %d corrupt snapshot(s) skipped, %lld repaired\n", u->fallbacks, (long long)u->repaired);
    printf("time:         %.3f ms (start %.3f ms + replay %.3f ms; %.3f ms with opening the store)\n",
           u->load_ms + u->replay_ms, u->load_ms, u->replay_ms, total_ms);
}

/* --hash: the state hash of the session's worker. */
static int print_state_hash(VatSession *s) {
    char err[600];
    uint8_t h[VS_HASH];
    uint64_t size;
    int rc = vat_state_hash(s, h, &size, err, sizeof err);
    if (rc) return fail(rc, err);
    print_hash_line("state hash:", h);
    return 0;
}

/* Options for the vat layer. */
static int vat_options(const Args *a, VatOptions *o, char *path, size_t cap) {
    memset(o, 0, sizeof *o);
    if (a->worker) snprintf(path, cap, "%s", a->worker);
    else if (vw_default_path(path, cap) < 0) { fprintf(stderr, "cryo vat: cannot locate cryo-worker (use --worker)\n"); return -1; }
    if (access(path, X_OK) < 0) { fprintf(stderr, "cryo vat: cannot run %s: %s (use --worker)\n", path, strerror(errno)); return -1; }
    o->worker_path = path;
    o->prints_fd = a->prints ? 2 : -1;
    o->strict = a->strict;
    o->repair = a->repair;
    o->log = stderr;
    return 0;
}

static int cmd_create(VatStore *st, const Args *a, const VatOptions *o) {
    if (!a->source == !a->nboots || (a->source && (a->setup || a->setup_file)) || (a->setup && a->setup_file)) {
        fprintf(stderr, "cryo vat create: give --source FILE, or --boot FILE (repeatable) with at most one of --setup "
                "MESSAGE / --setup-file FILE\n");
        return VAT_EXIT_USAGE;
    }
    VatBoot boot;
    memset(&boot, 0, sizeof boot);
    uint8_t *bufs[VAT_BOOT_MAX];
    size_t nbufs = 0;
    int rc = 0;
    boot.source = a->source != NULL;
    for (int i = 0; i < (a->source ? 1 : a->nboots) && !rc; i++) {
        size_t len;
        uint8_t *b = slurp(a->source ? a->source : a->boots[i], &len);
        if (!b) { rc = 1; break; }
        bufs[nbufs++] = b;
        boot.steps[boot.n++] = (VatBootStep){ 'e', b, len };
    }
    if (!rc && a->setup) boot.steps[boot.n++] = (VatBootStep){ '?', (const uint8_t *)a->setup, strlen(a->setup) };
    if (!rc && a->setup_file) {
        size_t len;
        uint8_t *b = slurp(a->setup_file, &len);
        if (!b) rc = 1;
        else {
            /* a message is a line: the file's final newline is not part of it */
            while (len && (b[len - 1] == '\n' || b[len - 1] == '\r')) len--;
            bufs[nbufs++] = b;
            boot.steps[boot.n++] = (VatBootStep){ '?', b, len };
        }
    }
    if (rc) {
        for (size_t i = 0; i < nbufs; i++) free(bufs[i]);
        return rc;
    }
    VsVat cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.name, sizeof cfg.name, "%s", a->vat);
    cfg.snapshot_every = a->snapshot_every >= 0 ? (uint64_t)a->snapshot_every : 1000;
    cfg.keep_snapshots = a->keep >= 0 ? (uint64_t)a->keep : 0;
    cfg.meter_limit = a->meter_limit >= 0 ? (uint64_t)a->meter_limit : 0;
    cfg.memory_mb = a->memory_mb >= 0 ? (uint64_t)a->memory_mb : 0;
    snprintf(cfg.engine, sizeof cfg.engine, "cryo %s, %s", CRYO_VERSION, WORKER_METER_VERSION);
    char err[600];
    VsSnap sn;
    memset(&sn, 0, sizeof sn);
    int snapped;
    double t0 = vat_now_ms();
    rc = vat_create(st, &cfg, &boot, o, &sn, &snapped, err, sizeof err);
    double t1 = vat_now_ms();
    for (size_t i = 0; i < nbufs; i++) free(bufs[i]);
    if (rc) return fail(rc, err);
    printf("created vat %s (snapshot every %llu deliveries; %zu boot step%s in %.1f ms)\n", cfg.name,
           (unsigned long long)cfg.snapshot_every, boot.n, boot.n == 1 ? "" : "s", t1 - t0);
    if (snapped) {
        char hex[2 * VS_HASH + 1];
        vs_hex(sn.hash, hex);
        printf("snapshot 0: sha256 %s, %llu bytes, %llu zstd\n", hex, (unsigned long long)sn.size, (unsigned long long)sn.zsize);
    }
    return 0;
}

/* The messages of `deliver`: the MESSAGE arguments, then the lines of --file. */
typedef struct Feed {
    const Args *a;               /* the command line */
    int next_arg;                /* next MESSAGE argument */
    FILE *f;                     /* --file (NULL: none or done) */
    char *line;                  /* getline buffer */
    size_t cap;                  /* its capacity */
    int64_t lineno;              /* lines read */
    int64_t skip_to;             /* --resume: lines up to this one were delivered */
    int64_t budget;              /* --count: messages still allowed */
    int streaming;               /* --file is not a regular file: reading may block */
    int64_t delivered, snaps;    /* committed deliveries, snapshots taken */
} Feed;

static int feed_next(void *ctx, const uint8_t **msg, size_t *len, int wait) {
    Feed *fd = ctx;
    if (fd->budget <= 0) return 0;
    if (!wait && fd->streaming && fd->next_arg >= fd->a->nmsgs) return 2;   /* a pipe: never hold a delivery back */
    if (fd->next_arg < fd->a->nmsgs) {
        const char *m = fd->a->msgs[fd->next_arg++];
        *msg = (const uint8_t *)m;
        *len = strlen(m);
        fd->budget--;
        return 1;
    }
    while (fd->f) {
        ssize_t n = getline(&fd->line, &fd->cap, fd->f);
        if (n < 0) return ferror(fd->f) ? -1 : 0;
        if (n > 0 && fd->line[n - 1] == '\n') n--;
        if (n > 0 && fd->line[n - 1] == '\r') n--;
        if (++fd->lineno <= fd->skip_to) continue;
        *msg = (const uint8_t *)fd->line;
        *len = (size_t)n;
        fd->budget--;
        return 1;
    }
    return 0;
}

static void feed_done(void *ctx, int64_t position, const VwReply *r, int snapshotted) {
    Feed *fd = ctx;
    if (!fd->a->quiet) print_reply(position, r);
    if (fd->streaming) fflush(stdout);               /* a host on a pipe sees each reply at once */
    fd->delivered++;
    fd->snaps += snapshotted;
}

static int cmd_deliver(VatStore *st, const Args *a, const VatOptions *o) {
    char err[600];
    VatSession s;
    double t0 = vat_now_ms();
    int rc = vat_open(&s, st, a->vat, o, err, sizeof err);
    if (rc == VS_OK) rc = vat_bring_up(&s, -1, -1, err, sizeof err);
    if (rc) { vat_close(&s); return fail(rc, err); }
    double t1 = vat_now_ms();
    Feed fd;
    memset(&fd, 0, sizeof fd);
    fd.a = a;
    fd.budget = a->count >= 0 ? a->count : INT64_MAX;
    fd.skip_to = a->resume ? s.vat.position : 0;
    if (a->file) {
        fd.f = strcmp(a->file, "-") ? fopen(a->file, "rb") : stdin;
        if (!fd.f) {
            fprintf(stderr, "cryo vat: cannot read %s: %s\n", a->file, strerror(errno));
            vat_close(&s);
            return 1;
        }
        struct stat sb;
        fd.streaming = fstat(fileno(fd.f), &sb) < 0 || !S_ISREG(sb.st_mode);
    }
    int64_t first = s.vat.position;
    rc = vat_deliver_many(&s, feed_next, feed_done, &fd, err, sizeof err);
    if (rc) fail(rc, err);
    free(fd.line);
    if (fd.f && fd.f != stdin) fclose(fd.f);
    double t2 = vat_now_ms();
    int64_t n = s.vat.position - first;
    fprintf(stderr, "cryo vat: %s: %lld deliveries (positions %lld..%lld) in %.3f s (%.0f/s), %lld snapshots; "
            "restart before them %.1f ms\n", s.vat.name, (long long)n, (long long)first + 1, (long long)s.vat.position,
            (t2 - t1) / 1e3, n > 0 && t2 > t1 ? n / ((t2 - t1) / 1e3) : 0.0, (long long)fd.snaps, t1 - t0);
    if (rc == 0 && a->hash) rc = print_state_hash(&s);
    vat_close(&s);
    return rc;
}

static int cmd_snapshot(VatStore *st, const Args *a, const VatOptions *o) {
    char err[600];
    VatSession s;
    int rc = vat_open(&s, st, a->vat, o, err, sizeof err);
    if (rc == VS_OK) rc = vat_bring_up(&s, -1, -1, err, sizeof err);
    VsSnap sn;
    if (rc == VS_OK && s.stats.caught_up) {
        sn = s.snaps[s.nsnaps - 1];
    } else if (rc == VS_OK) {
        rc = vat_snapshot(&s, &sn, err, sizeof err);
    }
    if (rc) { vat_close(&s); return fail(rc, err); }
    char hex[2 * VS_HASH + 1];
    vs_hex(sn.hash, hex);
    printf("snapshot %lld: sha256 %s, %llu bytes, %llu zstd\n", (long long)sn.position, hex,
           (unsigned long long)sn.size, (unsigned long long)sn.zsize);
    vat_close(&s);
    return 0;
}

/* restart (from the newest snapshot, or --from) and replay (from the source). */
static int cmd_bring_up(VatStore *st, const Args *a, const VatOptions *o, int full, double t_open) {
    char err[600];
    VatSession s;
    int rc = vat_open(&s, st, a->vat, o, err, sizeof err);
    if (rc == VS_OK) rc = vat_bring_up(&s, full ? -2 : a->from >= 0 ? a->from : -1, a->to, err, sizeof err);
    if (rc) { vat_close(&s); return fail(rc, err); }
    print_up(&s, full ? "replay" : "restart", vat_now_ms() - t_open);
    if (a->hash) rc = print_state_hash(&s);
    vat_close(&s);
    return rc;
}

/* One line per snapshot row. */
static void print_snaps(const VsSnap *sn, size_t n) {
    char hex[2 * VS_HASH + 1];
    printf("snapshots (%zu):\n", n);
    for (size_t i = 0; i < n; i++) {
        vs_hex(sn[i].hash, hex);
        if (sn[i].pruned) printf("  %10lld  %s  %10llu bytes  (blob pruned)\n", (long long)sn[i].position, hex, (unsigned long long)sn[i].size);
        else printf("  %10lld  %s  %10llu bytes  %9llu zstd\n", (long long)sn[i].position, hex,
                    (unsigned long long)sn[i].size, (unsigned long long)sn[i].zsize);
    }
}

/* A vat's row and snapshot list; the exit code (message printed) on failure. */
static int load_vat(VatStore *st, const char *name, VsVat *v, VsSnap **sn, size_t *n) {
    char err[600];
    int rc = vs_vat_get(st, name, v, err, sizeof err);
    if (rc == VS_OK) rc = vs_snapshot_list(st, name, sn, n, err, sizeof err);
    return rc ? fail(rc, err) : 0;
}

/* At most max bytes of p on one line (control bytes as '?'), "..." when cut. */
static void print_abridged(const uint8_t *p, size_t n, size_t max) {
    size_t k = n > max ? max : n;
    for (size_t i = 0; i < k; i++) putchar(p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i]);
    if (k < n) fputs("...", stdout);
}

static int cmd_log(VatStore *st, const Args *a) {
    char err[600], hex[2 * VS_HASH + 1];
    VsVat v;
    VsSnap *sn;
    size_t n;
    int rc = load_vat(st, a->vat, &v, &sn, &n);
    if (rc) return rc;
    vs_hex(v.span, hex);
    printf("vat %s: positions 0..%lld, span hash %s\n", v.name, (long long)v.position, hex);
    printf("policy: snapshot every %llu deliveries, keep %llu blobs (0 = all); meter limit %llu; %s\n",
           (unsigned long long)v.snapshot_every, (unsigned long long)v.keep_snapshots, (unsigned long long)v.meter_limit, v.engine);
    int64_t keys, bytes, sends, calls, res;
    uint8_t kvh[VS_HASH];
    VsExit ex;
    memset(&ex, 0, sizeof ex);
    if ((rc = vs_kv_summary(st, a->vat, &keys, &bytes, kvh, err, sizeof err)) ||
        (rc = vs_outbox_list(st, a->vat, INT64_MAX, 1, NULL, NULL, &sends, err, sizeof err)) ||
        (rc = vs_resolution_list(st, a->vat, INT64_MAX, 1, NULL, NULL, &res, err, sizeof err)) ||
        (rc = vs_syscall_count(st, a->vat, &calls, err, sizeof err)) || (rc = vs_exit_get(st, a->vat, &ex, err, sizeof err))) {
        free(sn);
        return fail(rc, err);
    }
    vs_hex(kvh, hex);
    printf("vatstore: %lld keys, %lld bytes, hash %s; outbox: %lld sends; resolutions: %lld; syscalls: %lld\n", (long long)keys,
           (long long)bytes, hex, (long long)sends, (long long)res, (long long)calls);
    if (ex.exited) {
        printf("exited: at position %lld (syscall %lld), %s, info ", (long long)ex.position, (long long)ex.index,
               ex.failure ? "failure" : "success");
        print_abridged(ex.info, ex.info_len, 200);
        putchar('\n');
    }
    free(ex.info);
    print_snaps(sn, n);
    free(sn);
    int64_t count = a->count >= 0 ? a->count : 20;
    int64_t from = a->from >= 0 ? a->from : count ? v.position - count + 1 : 0;
    if (from < 0) from = 0;
    printf("transcript (positions %lld..):\n", (long long)from);
    VsCursor *c = vs_items(st, a->vat, from, count ? from + count - 1 : INT64_MAX, err, sizeof err);
    if (!c) return fail(VS_ERROR, err);
    VsItem it;
    int more;
    while ((more = vs_item_next(c, &it, err, sizeof err)) == 1) {
        vs_hex(it.span, hex);
        printf("  %10lld  %.16s  compute %8llu  %c ", (long long)it.position, hex, (unsigned long long)it.compute,
               it.delivery_len ? it.delivery[0] : '-');
        print_abridged(it.delivery + (it.delivery_len > 0), it.delivery_len - (it.delivery_len > 0), 60);
        fputs(" -> ", stdout);
        print_abridged(it.result, it.result_len, 60);
        putchar('\n');
        if (it.position == 0 && it.delivery_len && it.delivery[0] == 'b') {
            /* a boot manifest: one step per line (command, blob SHA-256, size) */
            const uint8_t *p = it.delivery + 1, *end = it.delivery + it.delivery_len;
            while (p < end) {
                const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                fputs("              boot step: ", stdout);
                print_abridged(p, n, 100);
                putchar('\n');
                p += n + 1;
            }
        }
        for (size_t i = 0; i < it.nsys; i++) {
            printf("              syscall %zu: ", i);
            print_abridged(it.sys[i].call, it.sys[i].call_len, 70);
            fputs(" -> ", stdout);
            print_abridged(it.sys[i].answer, it.sys[i].answer_len, 40);
            putchar('\n');
        }
    }
    vs_cursor_free(c);
    if (more < 0) return fail(more == -2 ? VS_CORRUPT : VS_ERROR, err);
    return 0;
}

/* status: one vat per line. */
typedef struct StatusCtx { VatStore *st; int rc; } StatusCtx;

static void status_one(void *ctx, const VsVat *row) {
    StatusCtx *c = ctx;
    char err[600], hex[2 * VS_HASH + 1];
    VsVat v;
    if (vs_vat_get(c->st, row->name, &v, err, sizeof err)) { fprintf(stderr, "cryo vat: %s\n", err); c->rc = 1; return; }
    VsSnap *sn;
    size_t n;
    if (vs_snapshot_list(c->st, v.name, &sn, &n, err, sizeof err)) { fprintf(stderr, "cryo vat: %s\n", err); c->rc = 1; return; }
    vs_hex(v.span, hex);
    printf("%-20s position %-10lld span %.16s  snapshots %zu", v.name, (long long)v.position, hex, n);
    if (n) {
        vs_hex(sn[n - 1].hash, hex);
        printf("  latest %lld (%.16s, %llu bytes, %llu zstd)", (long long)sn[n - 1].position, hex,
               (unsigned long long)sn[n - 1].size, (unsigned long long)sn[n - 1].zsize);
    }
    printf("  every %llu\n", (unsigned long long)v.snapshot_every);
    free(sn);
}

static int cmd_status(VatStore *st, const Args *a) {
    StatusCtx c = { st, 0 };
    char err[600];
    if (a->vat) {
        VsVat v;
        int rc = vs_vat_get(st, a->vat, &v, err, sizeof err);
        if (rc) return fail(rc, err);
        status_one(&c, &v);
        return c.rc;
    }
    int rc = vs_vat_list(st, status_one, &c, err, sizeof err);
    if (rc) return fail(rc, err);
    return c.rc;
}

/* check: the whole chain and every stored blob. */
static int cmd_check(VatStore *st, const Args *a) {
    char err[600];
    VsVat v;
    VsSnap *sn;
    size_t n;
    int rc = load_vat(st, a->vat, &v, &sn, &n);
    if (rc) return rc;
    int problems = 0;
    uint8_t span[VS_HASH];
    memset(span, 0, VS_HASH);
    VsCursor *c = vs_items(st, a->vat, 0, INT64_MAX, err, sizeof err);
    if (!c) { free(sn); return fail(VS_ERROR, err); }
    VsItem it;
    int more;
    int64_t expect = 0;
    size_t si = 0;
    int boot_blobs = 0;
    while ((more = vs_item_next(c, &it, err, sizeof err)) == 1) {
        uint8_t ih[VS_HASH];
        if (it.position != expect) { printf("position %lld: missing\n", (long long)expect); problems++; break; }
        vs_item_hash(st, &it, ih);
        vs_span_next(span, ih, span);
        if (it.position == 0 && vat_check_boot(st, it.delivery, it.delivery_len, &boot_blobs, err, sizeof err)) {
            printf("%s\n", err);
            problems++;
        }
        if (memcmp(span, it.span, VS_HASH) != 0) {
            printf("position %lld: span hash chain broken\n", (long long)it.position);
            problems++;
            break;
        }
        while (si < n && sn[si].position < it.position) si++;
        if (si < n && sn[si].position == it.position && memcmp(sn[si].span, span, VS_HASH) != 0) {
            printf("snapshot %lld: its span hash is not the transcript's\n", (long long)it.position);
            problems++;
        }
        expect++;
    }
    vs_cursor_free(c);
    if (more < 0) { printf("%s\n", err); problems++; }
    for (size_t i = 0; i < n; i++) {
        if (sn[i].position >= expect) { printf("snapshot %lld: beyond the transcript\n", (long long)sn[i].position); problems++; continue; }
        if (sn[i].pruned) continue;
        uint8_t *raw;
        size_t len;
        int r = vs_snapshot_get(st, a->vat, sn[i].position, &raw, &len, err, sizeof err);
        if (r) { printf("%s\n", err); problems++; continue; }
        free(raw);
    }
    if (!problems) {
        /* the vatstore and the outbox are what the recorded syscalls made them */
        int64_t state = 0;
        int r = vsc_check_state(st, a->vat, &state, stdout, err, sizeof err);
        if (r) { printf("%s\n", err); problems++; }
        problems += (int)(state > 0);
    }
    if (boot_blobs) printf("boot: %d blobs ok\n", boot_blobs);
    printf("vat %s: %lld transcript items, %zu snapshots: %s\n", a->vat, (long long)expect, n,
           problems ? "PROBLEMS FOUND" : "ok");
    free(sn);
    return problems ? VS_CORRUPT : 0;
}

/* Print bytes as a JSON string; 0 or -1 (out of memory). */
static int print_json_string(const uint8_t *p, size_t n) {
    size_t len;
    char *q = vsc_json_string(p, n, &len);
    if (!q) return -1;
    fwrite(q, 1, len, stdout);
    free(q);
    return 0;
}

/* vatstore: one key and value per line. */
static int print_kv(void *ctx, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl) {
    int *oom = ctx;
    if (print_json_string(k, kl) < 0) { *oom = 1; return 1; }
    putchar(' ');
    if (print_json_string(v, vl) < 0) { *oom = 1; return 1; }
    putchar('\n');
    return 0;
}

static int cmd_vatstore(VatStore *st, const Args *a) {
    char err[600];
    VsVat v;
    int oom = 0;
    int rc = vs_vat_get(st, a->vat, &v, err, sizeof err);
    if (rc == VS_OK) rc = vs_kv_list(st, a->vat, print_kv, &oom, err, sizeof err);
    if (rc) return fail(rc, err);
    if (oom) return fail(VS_ERROR, "out of memory");
    return 0;
}

/* outbox: one send per line. */
static void print_send(void *ctx, const VsSend *m) {
    (void)ctx;
    printf("%lld.%lld ", (long long)m->position, (long long)m->index);
    print_json_string(m->target, m->target_len);
    putchar(' ');
    fwrite(m->methargs, 1, m->methargs_len, stdout);
    putchar(' ');
    if (m->result) print_json_string(m->result, m->result_len);
    else fputs("null", stdout);
    putchar('\n');
}

/* resolutions: one per line. */
static void print_resolution(void *ctx, const VsResolution *r) {
    (void)ctx;
    printf("%lld.%lld ", (long long)r->position, (long long)r->index);
    print_json_string(r->vpid, r->vpid_len);
    printf(" %s ", r->rejected ? "rejected" : "fulfilled");
    fwrite(r->data, 1, r->data_len, stdout);
    putchar('\n');
}

/* outbox and resolutions: rows from --from, at most --count. */
static int cmd_rows(VatStore *st, const Args *a, int resolutions) {
    char err[600];
    VsVat v;
    int64_t total = 0, from = a->from >= 0 ? a->from : 0, count = a->count >= 0 ? a->count : 0;
    int rc = vs_vat_get(st, a->vat, &v, err, sizeof err);
    if (rc == VS_OK && resolutions) rc = vs_resolution_list(st, a->vat, from, count, print_resolution, NULL, &total, err, sizeof err);
    else if (rc == VS_OK) rc = vs_outbox_list(st, a->vat, from, count, print_send, NULL, &total, err, sizeof err);
    if (rc) return fail(rc, err);
    return 0;
}

static int cmd_prune(VatStore *st, const Args *a) {
    if (a->keep < 1) { fprintf(stderr, "cryo vat prune: --keep N (N >= 1) is required\n"); return VAT_EXIT_USAGE; }
    char err[600];
    VsVat v;
    uint64_t dropped = 0;
    int rc = vs_vat_get(st, a->vat, &v, err, sizeof err);
    if (rc == VS_OK) rc = vs_snapshot_prune(st, a->vat, (uint64_t)a->keep, &dropped, err, sizeof err);
    if (rc) return fail(rc, err);
    printf("vat %s: %llu snapshot blobs dropped\n", a->vat, (unsigned long long)dropped);
    return 0;
}

static int cmd_config(VatStore *st, const Args *a) {
    char err[600];
    VsVat v;
    int rc = vs_vat_get(st, a->vat, &v, err, sizeof err);
    if (rc) return fail(rc, err);
    if (a->snapshot_every >= 0) v.snapshot_every = (uint64_t)a->snapshot_every;
    if (a->keep >= 0) v.keep_snapshots = (uint64_t)a->keep;
    if ((rc = vs_vat_set_policy(st, &v, err, sizeof err))) return fail(rc, err);
    printf("vat %s: snapshot every %llu, keep %llu (0 = all)\n", v.name, (unsigned long long)v.snapshot_every,
           (unsigned long long)v.keep_snapshots);
    return 0;
}

int cryo_vat_main(int argc, char **argv) {
    if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) { usage(stdout); return 0; }
    double t0 = vat_now_ms();
    Args a;
    if (parse(argc, argv, &a) < 0) { free(a.msgs); return VAT_EXIT_USAGE; }
    static const char *const cmds[] = { "create", "deliver", "snapshot", "restart", "replay", "log", "status",
                                        "check", "prune", "config", "vatstore", "outbox", "resolutions" };
    int known = 0;
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) known |= !strcmp(a.cmd, cmds[i]);
    if (!known) { fprintf(stderr, "cryo vat: unknown command %s\n", a.cmd); usage(stderr); free(a.msgs); return VAT_EXIT_USAGE; }
    if (!a.vat && strcmp(a.cmd, "status")) { fprintf(stderr, "cryo vat %s: DB and VAT are required\n", a.cmd); free(a.msgs); return VAT_EXIT_USAGE; }
    if (a.nmsgs && strcmp(a.cmd, "deliver")) { fprintf(stderr, "cryo vat %s: unexpected argument %s\n", a.cmd, a.msgs[0]); free(a.msgs); return VAT_EXIT_USAGE; }
    int reading = !strcmp(a.cmd, "log") || !strcmp(a.cmd, "status") || !strcmp(a.cmd, "check") ||
                  !strcmp(a.cmd, "vatstore") || !strcmp(a.cmd, "outbox") || !strcmp(a.cmd, "resolutions");
    int creating = !strcmp(a.cmd, "create");
    VsOpenOptions oo = { creating, a.sync_full, reading };
    char err[600], wpath[4096];
    VatOptions o;
    if (!reading && strcmp(a.cmd, "prune") && strcmp(a.cmd, "config") && vat_options(&a, &o, wpath, sizeof wpath) < 0) {
        free(a.msgs);
        return 1;
    }
    if (reading && access(a.db, F_OK) < 0) { fprintf(stderr, "cryo vat: %s: %s\n", a.db, strerror(errno)); free(a.msgs); return 1; }
    VatStore *st = vs_open(a.db, &oo, err, sizeof err);
    if (!st) { free(a.msgs); return fail(VS_ERROR, err); }
    int rc;
    if (creating) rc = cmd_create(st, &a, &o);
    else if (!strcmp(a.cmd, "deliver")) rc = cmd_deliver(st, &a, &o);
    else if (!strcmp(a.cmd, "snapshot")) rc = cmd_snapshot(st, &a, &o);
    else if (!strcmp(a.cmd, "restart")) rc = cmd_bring_up(st, &a, &o, 0, t0);
    else if (!strcmp(a.cmd, "replay")) rc = cmd_bring_up(st, &a, &o, 1, t0);
    else if (!strcmp(a.cmd, "log")) rc = cmd_log(st, &a);
    else if (!strcmp(a.cmd, "status")) rc = cmd_status(st, &a);
    else if (!strcmp(a.cmd, "check")) rc = cmd_check(st, &a);
    else if (!strcmp(a.cmd, "prune")) rc = cmd_prune(st, &a);
    else if (!strcmp(a.cmd, "vatstore")) rc = cmd_vatstore(st, &a);
    else if (!strcmp(a.cmd, "outbox")) rc = cmd_rows(st, &a, 0);
    else if (!strcmp(a.cmd, "resolutions")) rc = cmd_rows(st, &a, 1);
    else rc = cmd_config(st, &a);
    fflush(stdout);
    vs_close(st);
    free(a.msgs);
    return rc;
}
