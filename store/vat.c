/* vat.c — vat operations: create, bring up (snapshot + tail, or full replay), deliver with
 * the snapshot policy (vat.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vat.h"

/* A warning on the session's log. */
static void note(const VatOptions *opt, const char *fmt, ...) {
    if (!opt || !opt->log) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("cryo vat: warning: ", opt->log);
    vfprintf(opt->log, fmt, ap);
    fputc('\n', opt->log);
    va_end(ap);
}

double vat_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int vat_snapshot_due(const VsVat *vat, int64_t p) {
    return vat->snapshot_every > 0 && p >= 0 && (uint64_t)p % vat->snapshot_every == 0;
}

/* Worker options for a vat; its issueCommand queries go to the server sv. */
static VwOptions worker_options(const VsVat *vat, const VatOptions *opt, int prints, VatServer *sv) {
    VwOptions o;
    memset(&o, 0, sizeof o);
    o.serve = vsc_serve;
    o.serve_ctx = sv;
    o.path = opt->worker_path;
    o.label = vat->name;
    o.meter_limit = vat->meter_limit;
    o.memory_mb = vat->memory_mb;
    o.prints_fd = prints ? opt->prints_fd : -1;
    return o;
}

/* `cmd` + payload in a malloc'd buffer. */
static uint8_t *command(char cmd, const uint8_t *p, size_t n) {
    uint8_t *b = malloc(n + 1);
    if (!b) return NULL;
    b[0] = (uint8_t)cmd;
    if (n) memcpy(b + 1, p, n);
    return b;
}

/* Whether a boot step's reply is an error: status `!`, or (a `?` step) a JSON array
 * reply whose tag is one of the supervisor's error tags ("err", "error", "bad tag"). */
static int step_failed(char cmd, const VwReply *r) {
    if (r->status != '.') return 1;
    if (cmd != '?') return 0;
    static const char *const tags[] = { "[\"err\"", "[\"error\"", "[\"bad tag\"" };
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(tags[i]);
        if (r->result_len - 1 >= n && !memcmp(r->result + 1, tags[i], n)) return 1;
    }
    return 0;
}

/* Run boot steps in the worker, in order, its syscalls served by whatever server it has.
 * Every step must succeed; *r is the last one's reply. On a failing step, VS_ERROR with
 * *failed set to its index (and *r its reply); other failures (the worker) as they come. */
static int run_steps(VatWorker *w, const VatBootStep *steps, size_t n, VwReply *r, size_t *failed, char *err, size_t errcap) {
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        uint8_t *cmd = command(steps[i].cmd, steps[i].bytes, steps[i].len);
        if (!cmd) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
        vw_reply_free(r);
        int rc = vw_deliver(w, cmd, steps[i].len + 1, r, err, errcap);
        free(cmd);
        if (rc) return rc;
        if (step_failed(steps[i].cmd, r)) {
            *failed = i;
            size_t k = r->result_len > 300 ? 300 : r->result_len - 1;
            vs_set_err(err, errcap, "boot step %zu (%c) failed: %.*s", i + 1, steps[i].cmd, (int)k, r->result + 1);
            return VS_ERROR;
        }
    }
    return VS_OK;
}

/* One step named by a boot manifest. */
typedef struct BootRef {
    char cmd;                    /* 'e' or '?' */
    uint8_t hash[VS_HASH];       /* the blob's SHA-256 */
    uint64_t size;               /* its length */
} BootRef;

/* Parse a boot manifest (item 0's delivery after its `b`): lines `CMD HEX SIZE\n`.
 * The count of steps, or -1 when it is malformed. */
static int manifest_parse(const uint8_t *p, size_t n, BootRef *refs) {
    size_t i = 0;
    int k = 0;
    while (i < n) {
        if (k == VAT_BOOT_MAX || n - i < 2 + 2 * VS_HASH + 3 || (p[i] != 'e' && p[i] != '?') || p[i + 1] != ' ') return -1;
        refs[k].cmd = (char)p[i];
        i += 2;
        for (int h = 0; h < VS_HASH; h++) {
            int v = 0;
            for (int d = 0; d < 2; d++) {
                uint8_t c = p[i++];
                int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (x < 0) return -1;
                v = v * 16 + x;
            }
            refs[k].hash[h] = (uint8_t)v;
        }
        if (p[i++] != ' ' || i >= n || p[i] < '0' || p[i] > '9') return -1;
        uint64_t size = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9' && size < ((uint64_t)1 << 50)) size = size * 10 + (uint64_t)(p[i++] - '0');
        if (i >= n || p[i++] != '\n') return -1;
        refs[k++].size = size;
    }
    return k ? k : -1;
}

int vat_check_boot(VatStore *st, const uint8_t *delivery, size_t len, int *nblobs, char *err, size_t errcap) {
    BootRef refs[VAT_BOOT_MAX];
    *nblobs = 0;
    if (!len || delivery[0] != 'b') return VS_OK;
    int n = manifest_parse(delivery + 1, len - 1, refs);
    if (n < 0) { vs_set_err(err, errcap, "vat store: item 0's boot manifest is malformed"); return VS_CORRUPT; }
    for (int i = 0; i < n; i++) {
        uint8_t *raw;
        size_t got;
        int rc = vs_blob_get(st, refs[i].hash, &raw, &got, err, errcap);
        free(raw);
        if (rc == VS_OK && got != refs[i].size) {
            vs_set_err(err, errcap, "vat store: boot blob %d has %zu bytes, not %llu", i + 1, got, (unsigned long long)refs[i].size);
            rc = VS_CORRUPT;
        }
        if (rc) return rc;
        (*nblobs)++;
    }
    return VS_OK;
}

/* Run the boot that item 0 records (a `b` manifest): load each blob (checked against its
 * hash) and run the steps; *r is the last reply. VS_CORRUPT for a bad manifest or blob,
 * VS_DIVERGED when a step that succeeded when recorded fails now. */
static int run_manifest(VatStore *st, VatWorker *w, const VsItem *item, VwReply *r, char *err, size_t errcap) {
    BootRef refs[VAT_BOOT_MAX];
    VatBootStep steps[VAT_BOOT_MAX];
    uint8_t *blobs[VAT_BOOT_MAX];
    memset(r, 0, sizeof *r);
    int n = manifest_parse(item->delivery + 1, item->delivery_len - 1, refs);
    if (n < 0) { vs_set_err(err, errcap, "vat store: item 0's boot manifest is malformed"); return VS_CORRUPT; }
    int rc = VS_OK, got = 0;
    for (; got < n && rc == VS_OK; got++) {
        size_t len;
        rc = vs_blob_get(st, refs[got].hash, &blobs[got], &len, err, errcap);
        if (rc == VS_OK && len != refs[got].size) {
            vs_set_err(err, errcap, "vat store: boot blob %d has %zu bytes, not %llu", got + 1, len, (unsigned long long)refs[got].size);
            rc = VS_CORRUPT;
        }
        steps[got] = (VatBootStep){ refs[got].cmd, blobs[got], len };
        if (rc != VS_OK) { free(blobs[got]); break; }
    }
    size_t failed = 0;
    if (rc == VS_OK) {
        rc = run_steps(w, steps, (size_t)n, r, &failed, err, errcap);
        if (rc == VS_ERROR && r->body) rc = VS_DIVERGED;
    }
    for (int i = 0; i < got && i < n; i++) free(blobs[i]);
    return rc;
}

/* Item 0's delivery for a boot: `b` + the manifest; the blobs are stored (inside the
 * caller's transaction). Malloc'd, NULL with a message. */
static uint8_t *manifest_make(VatStore *st, const VatBoot *boot, size_t *len, int *rc, char *err, size_t errcap) {
    size_t cap = 1 + boot->n * (2 + 2 * VS_HASH + 24);
    char *m = malloc(cap + 1);
    if (!m) { *rc = VS_ERROR; vs_set_err(err, errcap, "out of memory"); return NULL; }
    size_t n = 0;
    m[n++] = 'b';
    for (size_t i = 0; i < boot->n; i++) {
        uint8_t h[VS_HASH];
        char hex[2 * VS_HASH + 1];
        if ((*rc = vs_blob_put(st, boot->steps[i].bytes, boot->steps[i].len, h, err, errcap))) { free(m); return NULL; }
        vs_hex(h, hex);
        n += (size_t)snprintf(m + n, cap + 1 - n, "%c %s %zu\n", boot->steps[i].cmd, hex, boot->steps[i].len);
    }
    *len = n;
    return (uint8_t *)m;
}

int vat_create(VatStore *st, const VsVat *cfg, const VatBoot *boot, const VatOptions *opt,
               VsSnap *snap_out, int *snapped, char *err, size_t errcap) {
    *snapped = 0;
    VsVat vat = *cfg;
    vat.position = -1;
    memset(vat.span, 0, VS_HASH);
    VsVat existing;
    char tmp[256];
    if (vs_vat_get(st, vat.name, &existing, tmp, sizeof tmp) == VS_OK) {
        vs_set_err(err, errcap, "vat %s already exists", vat.name);
        return VS_ERROR;
    }
    if (boot->n == 0 || boot->n > VAT_BOOT_MAX || (boot->source && (boot->n != 1 || boot->steps[0].cmd != 'e'))) {
        vs_set_err(err, errcap, "vat %s: a boot is 1 to %d steps (a source is one `e` step)", vat.name, VAT_BOOT_MAX);
        return VS_ERROR;
    }
    VatServer sv;
    memset(&sv, 0, sizeof sv);
    sv.console_fd = opt->prints_fd;
    VwOptions wo = worker_options(&vat, opt, 1, &sv);
    VatWorker w;
    int rc = vw_start(&w, &wo, NULL, 0, err, errcap);
    if (rc) return rc;
    uint8_t *cmd = NULL;
    size_t cmd_len = 0;
    VwReply r;
    memset(&r, 0, sizeof r);
    /* the vat row, the blobs, the boot's syscalls and their effects, item 0: one transaction */
    if ((rc = vs_begin(st, err, errcap))) goto out;
    vsc_server_start(&sv, st, vat.name, 0, NULL);
    if ((rc = vs_vat_create(st, &vat, err, errcap))) { vs_rollback(st); goto out; }
    if (boot->source) {
        cmd_len = boot->steps[0].len + 1;
        cmd = command('e', boot->steps[0].bytes, boot->steps[0].len);
        if (!cmd) { rc = VS_ERROR; vs_set_err(err, errcap, "out of memory"); }
    } else {
        cmd = manifest_make(st, boot, &cmd_len, &rc, err, errcap);
    }
    size_t failed = 0;
    if (rc == VS_OK) rc = run_steps(&w, boot->steps, boot->n, &r, &failed, err, errcap);
    if (rc) {
        vs_rollback(st);
        if (rc == VS_ERROR && r.body && boot->source) {
            vs_set_err(err, errcap, "vat %s: the source threw: %.*s", vat.name, (int)(r.result_len > 300 ? 300 : r.result_len - 1), r.result + 1);
        } else if (rc == VS_ERROR && r.body) {
            char why[400];
            snprintf(why, sizeof why, "%s", err);
            vs_set_err(err, errcap, "vat %s: %s", vat.name, why);
        }
        goto out_reply;
    }
    VsItem item;
    memset(&item, 0, sizeof item);
    item.delivery = cmd;
    item.delivery_len = cmd_len;
    item.result = r.result;
    item.result_len = r.result_len;
    memcpy(item.meter, r.meter, sizeof item.meter);
    item.compute = r.compute;
    item.sys = sv.log;
    item.nsys = sv.n;
    if ((rc = vs_append(st, &vat, &item, err, errcap)) || (rc = vs_commit(st, err, errcap))) {
        vs_rollback(st);
        goto out_reply;
    }
    if (vat_snapshot_due(&vat, 0)) {
        uint8_t *raw;
        size_t rl;
        if ((rc = vw_snapshot(&w, &raw, &rl, err, errcap))) goto out_reply;
        rc = vs_snapshot_put(st, &vat, 0, vat.span, raw, rl, snap_out, err, errcap);
        free(raw);
        *snapped = rc == VS_OK;
    }
out_reply:
    vw_reply_free(&r);
out:
    free(cmd);
    vw_stop(&w);
    vsc_server_free(&sv);
    return rc;
}

int vat_open(VatSession *s, VatStore *st, const char *name, const VatOptions *opt, char *err, size_t errcap) {
    memset(s, 0, sizeof *s);
    s->st = st;
    s->opt = opt;
    vw_init(&s->w);
    s->worker_pos = -1;
    s->sv.console_fd = opt->prints_fd;
    int rc = vs_vat_get(st, name, &s->vat, err, errcap);
    if (rc == VS_OK) rc = vs_exit_get(st, name, &s->exit, err, errcap);
    if (rc) return rc;
    if (s->vat.position < 0) {
        vs_set_err(err, errcap, "vat %s has no transcript (not even its source)", name);
        return VS_CORRUPT;
    }
    return vs_snapshot_list(st, name, &s->snaps, &s->nsnaps, err, errcap);
}

/* The snapshot row at position p, or NULL. */
static VsSnap *snap_at(VatSession *s, int64_t p) {
    size_t lo = 0, hi = s->nsnaps;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->snaps[mid].position < p) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nsnaps && s->snaps[lo].position == p ? &s->snaps[lo] : NULL;
}

/* Start the worker from the snapshot row `sn`: VS_OK, or the failure (corrupt blob etc.).
 * Also checks the row's span hash against the transcript item at its position. */
static int start_from_snapshot(VatSession *s, VsSnap *sn, char *err, size_t errcap) {
    VwOptions wo = worker_options(&s->vat, s->opt, 0, &s->sv);
    int rc = vw_start_fed(&s->w, &wo, err, errcap);
    if (rc) return rc;
    s->up = 1;
    /* decompress straight into the worker's fd 8 while it reads and verifies */
    rc = vs_snapshot_stream(s->st, s->vat.name, sn->position, vw_feed, &s->w, err, errcap);
    vw_feed_end(&s->w);
    if (rc == VS_WORKER) {
        char why[300];
        snprintf(why, sizeof why, "%s", err);
        vw_ready(&s->w, err, errcap);         /* collects the worker's exit status */
        vs_set_err(err + strlen(err), errcap - strlen(err), " (%s)", why);
    }
    if (rc == VS_OK) rc = vw_ready(&s->w, err, errcap);
    if (rc) {
        vw_stop(&s->w);
        s->up = 0;
        return rc;
    }
    s->worker_pos = sn->position;
    s->stats.from_snapshot = sn->position;
    s->stats.snapshot_size = sn->size;
    s->stats.snapshot_zsize = sn->zsize;
    memcpy(s->stats.snapshot_hash, sn->hash, VS_HASH);
    return VS_OK;
}

/* Compare a replayed reply with the recorded item. */
static int same_outcome(const VsItem *item, const VwReply *r) {
    return r->result_len == item->result_len && !memcmp(r->result, item->result, r->result_len) &&
           !strcmp(r->meter, item->meter);
}

/* Replay items (s->worker_pos, to] into the running worker, checking everything.
 * `span` is the span hash at s->worker_pos. `bad` marks snapshot rows found corrupt. */
static int replay(VatSession *s, int64_t to, const uint8_t span_in[VS_HASH], const unsigned char *bad,
                  char *err, size_t errcap) {
    uint8_t span[VS_HASH];
    memcpy(span, span_in, VS_HASH);
    VsCursor *c = vs_items(s->st, s->vat.name, s->worker_pos + 1, to, err, errcap);
    if (!c) return VS_ERROR;
    VsItem item;
    int rc = VS_OK, more;
    int64_t expect = s->worker_pos + 1;
    while ((more = vs_item_next(c, &item, err, errcap)) == 1) {
        if (item.position != expect) {
            vs_set_err(err, errcap, "vat %s: transcript position %lld is missing", s->vat.name, (long long)expect);
            rc = VS_CORRUPT;
            break;
        }
        uint8_t ih[VS_HASH], next[VS_HASH];
        vs_item_hash(s->st, &item, ih);
        vs_span_next(span, ih, next);
        if (memcmp(next, item.span, VS_HASH) != 0) {
            vs_set_err(err, errcap, "vat %s: span hash chain broken at position %lld (the item or an earlier one was altered)",
                    s->vat.name, (long long)item.position);
            rc = VS_CORRUPT;
            break;
        }
        memcpy(span, next, VS_HASH);
        VwReply r;
        /* the vat's syscalls are answered from the item, and must be the recorded ones */
        vsc_server_start(&s->sv, s->st, s->vat.name, item.position, &item);
        if (item.position == 0 && item.delivery_len > 0 && item.delivery[0] == 'b') {
            /* a boot: the steps from their blobs, as when the vat was created */
            if ((rc = run_manifest(s->st, &s->w, &item, &r, err, errcap))) {
                if (rc == VS_DIVERGED) {
                    char why[400];
                    snprintf(why, sizeof why, "%s", err);
                    vs_set_err(err, errcap, "vat %s diverged at position 0: %s", s->vat.name, why);
                }
                vw_reply_free(&r);
                if (!s->w.pid || s->w.reaped) s->up = 0;
                break;
            }
        } else if ((rc = vw_deliver(&s->w, item.delivery, item.delivery_len, &r, err, errcap))) { s->up = 0; break; }
        if ((rc = vsc_replay_done(&s->sv, err, errcap))) { vw_reply_free(&r); break; }
        int same = same_outcome(&item, &r);
        vw_reply_free(&r);
        if (!same) {
            vs_set_err(err, errcap, "vat %s diverged at position %lld: the replayed result or meter differs from the recorded one",
                    s->vat.name, (long long)item.position);
            rc = VS_DIVERGED;
            break;
        }
        s->worker_pos = item.position;
        s->stats.replayed++;
        expect++;
        VsSnap *sn = snap_at(s, item.position);
        if (sn) {
            /* the original worker wrote a snapshot here (a full collection): so do we */
            uint8_t *raw;
            size_t len;
            if ((rc = vw_snapshot(&s->w, &raw, &len, err, errcap))) { s->up = 0; break; }
            uint8_t h[VS_HASH];
            char why[200];
            int okb = vs_snapshot_check_bytes(raw, len, h, why, sizeof why) == 0;
            if (!okb || memcmp(h, sn->hash, VS_HASH) != 0 || memcmp(span, sn->span, VS_HASH) != 0) {
                free(raw);
                vs_set_err(err, errcap, "vat %s diverged at position %lld: the replayed snapshot %s", s->vat.name,
                        (long long)item.position, !okb ? why : memcmp(h, sn->hash, VS_HASH) ? "has another hash than the recorded one"
                                                                : "row's span hash is not the transcript's");
                rc = memcmp(span, sn->span, VS_HASH) ? VS_CORRUPT : VS_DIVERGED;
                break;
            }
            s->stats.snapshots_checked++;
            if (bad && bad[sn - s->snaps] && s->opt->repair && !s->opt->readonly) {
                if ((rc = vs_snapshot_repair(s->st, s->vat.name, sn->position, raw, len, err, errcap)) == VS_OK) {
                    s->stats.repaired++;
                    sn->pruned = 0;
                }
            }
            free(raw);
            if (rc) break;
        }
    }
    if (more < 0) rc = more == -2 ? VS_CORRUPT : VS_ERROR;
    s->sv.replay = NULL;               /* the item lived in the cursor */
    vs_cursor_free(c);
    if (rc == VS_OK && s->worker_pos != to) {
        vs_set_err(err, errcap, "vat %s: transcript ends at %lld, before %lld", s->vat.name, (long long)s->worker_pos, (long long)to);
        rc = VS_CORRUPT;
    }
    return rc;
}

/* The span hash stored with item p (for the snapshot we start from). */
static int span_of(VatSession *s, int64_t p, uint8_t out[VS_HASH], char *err, size_t errcap) {
    VsCursor *c = vs_items(s->st, s->vat.name, p, p, err, errcap);
    if (!c) return VS_ERROR;
    VsItem item;
    int more = vs_item_next(c, &item, err, errcap);
    if (more == 1) memcpy(out, item.span, VS_HASH);
    vs_cursor_free(c);
    if (more == 0) { vs_set_err(err, errcap, "vat %s: no transcript item at snapshot position %lld", s->vat.name, (long long)p); return VS_CORRUPT; }
    return more == 1 ? VS_OK : more == -2 ? VS_CORRUPT : VS_ERROR;
}

int vat_bring_up(VatSession *s, int64_t from, int64_t to, char *err, size_t errcap) {
    vw_stop(&s->w);
    s->up = 0;
    memset(&s->stats, 0, sizeof s->stats);
    s->stats.from_snapshot = -1;
    s->tainted = 0;
    if (to < 0) to = s->vat.position;
    if (to > s->vat.position) {
        vs_set_err(err, errcap, "vat %s has no position %lld (last is %lld)", s->vat.name, (long long)to, (long long)s->vat.position);
        return VS_ERROR;
    }
    double t0 = vat_now_ms();
    unsigned char *bad = calloc(s->nsnaps ? s->nsnaps : 1, 1);
    if (!bad) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    uint8_t span[VS_HASH];
    memset(span, 0, VS_HASH);
    int rc = VS_OK;
    if (from >= 0) {
        VsSnap *sn = snap_at(s, from);
        if (!sn || from > to) {
            vs_set_err(err, errcap, "vat %s has no snapshot at position %lld%s", s->vat.name, (long long)from, sn ? " before the target" : "");
            rc = VS_ERROR;
        } else if ((rc = span_of(s, from, span, err, errcap)) == VS_OK) {
            if (memcmp(span, sn->span, VS_HASH) != 0) {
                vs_set_err(err, errcap, "vat %s: the snapshot at %lld does not belong to this transcript (span hash)", s->vat.name, (long long)from);
                rc = VS_CORRUPT;
            } else {
                rc = start_from_snapshot(s, sn, err, errcap);
            }
        }
    } else if (from == -1) {
        for (size_t i = s->nsnaps; i-- > 0;) {
            VsSnap *sn = &s->snaps[i];
            if (sn->position > to || sn->pruned) continue;
            char why[512];
            rc = span_of(s, sn->position, span, why, sizeof why);
            if (rc == VS_OK && memcmp(span, sn->span, VS_HASH) != 0) {
                snprintf(why, sizeof why, "vat %s: the snapshot at %lld does not belong to this transcript (span hash)",
                         s->vat.name, (long long)sn->position);
                rc = VS_CORRUPT;
            }
            if (rc == VS_OK) rc = start_from_snapshot(s, sn, why, sizeof why);
            if (rc == VS_OK) break;
            if (rc != VS_CORRUPT || s->opt->strict) {
                vs_set_err(err, errcap, "%s", why);
                break;
            }
            note(s->opt, "%s; falling back to an earlier snapshot", why);
            bad[i] = 1;
            s->stats.fallbacks++;
            rc = VS_OK;
        }
    }
    if (rc == VS_OK && !s->up) {
        /* from the source: a fresh realm, then item 0 onwards */
        VwOptions wo = worker_options(&s->vat, s->opt, 0, &s->sv);
        memset(span, 0, VS_HASH);
        if ((rc = vw_start(&s->w, &wo, NULL, 0, err, errcap)) == VS_OK && (rc = vw_ready(&s->w, err, errcap)) == VS_OK) {
            s->up = 1;
            s->worker_pos = -1;
        }
    }
    double t1 = vat_now_ms();
    s->stats.load_ms = t1 - t0;
    if (rc == VS_OK) rc = replay(s, to, span, bad, err, errcap);
    s->stats.replay_ms = vat_now_ms() - t1;
    free(bad);
    if (rc == VS_OK && to == s->vat.position && vat_snapshot_due(&s->vat, to) && !snap_at(s, to) && !s->opt->readonly) {
        /* killed between a delivery and its snapshot: take the snapshot the policy asked for */
        VsSnap out;
        if ((rc = vat_snapshot(s, &out, err, errcap)) == VS_OK) s->stats.caught_up = 1;
    }
    if (rc != VS_OK) { vw_stop(&s->w); s->up = 0; }
    return rc;
}

/* Remember a new snapshot row (kept sorted: rows are only appended at the end). */
static int remember_snap(VatSession *s, const VsSnap *sn, char *err, size_t errcap) {
    VsSnap *nb = realloc(s->snaps, (s->nsnaps + 1) * sizeof *nb);
    if (!nb) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    s->snaps = nb;
    s->snaps[s->nsnaps++] = *sn;
    return VS_OK;
}

int vat_snapshot(VatSession *s, VsSnap *out, char *err, size_t errcap) {
    if (!s->up || s->tainted || s->worker_pos != s->vat.position) {
        vs_set_err(err, errcap, "vat %s: the worker is not at the vat's last position", s->vat.name);
        return VS_ERROR;
    }
    if (snap_at(s, s->worker_pos)) {
        vs_set_err(err, errcap, "vat %s has a snapshot at position %lld already", s->vat.name, (long long)s->worker_pos);
        return VS_ERROR;
    }
    uint8_t *raw;
    size_t len;
    int rc = vw_snapshot(&s->w, &raw, &len, err, errcap);
    if (rc) { s->up = 0; return rc; }
    VsSnap sn;
    rc = vs_snapshot_put(s->st, &s->vat, s->worker_pos, s->vat.span, raw, len, &sn, err, errcap);
    free(raw);
    if (rc) {
        /* the worker has collected as for a snapshot the store does not list: stop it */
        vw_stop(&s->w);
        s->up = 0;
        return rc;
    }
    if (out) *out = sn;
    return remember_snap(s, &sn, err, errcap);
}

/* Open the transaction of the next delivery (its syscalls write in it). */
static int begin_delivery(VatSession *s, char *err, size_t errcap) {
    int rc = vs_begin(s->st, err, errcap);
    if (rc) return rc;
    s->in_txn = 1;
    vsc_server_start(&s->sv, s->st, s->vat.name, s->vat.position + 1, NULL);
    return VS_OK;
}

/* Roll back the delivery in flight (its syscalls' effects go with it). */
static void abort_delivery(VatSession *s) {
    if (s->in_txn) vs_rollback(s->st);
    s->in_txn = 0;
    vsc_server_clear(&s->sv);
}

/* Record a delivery whose reply came back with the syscalls it made and commit its
 * transaction, then take the policy's snapshot when one is due (the worker is idle then:
 * nothing else was sent). On failure the worker is stopped: the store and it may no
 * longer agree. */
static int record(VatSession *s, const uint8_t *cmd, size_t len, const VwReply *reply, int *snapshotted,
                  char *err, size_t errcap) {
    VsItem item;
    memset(&item, 0, sizeof item);
    item.delivery = cmd;
    item.delivery_len = len;
    item.result = reply->result;
    item.result_len = reply->result_len;
    memcpy(item.meter, reply->meter, sizeof item.meter);
    item.compute = reply->compute;
    item.sys = s->sv.log;
    item.nsys = s->sv.n;
    VsVat before = s->vat;
    int rc = vs_append(s->st, &s->vat, &item, err, errcap);
    if (rc == VS_OK && (rc = vs_commit(s->st, err, errcap)) != VS_OK) s->vat = before;
    if (rc == VS_OK) s->in_txn = 0;
    if (rc == VS_OK && s->sv.exited) rc = vs_exit_get(s->st, s->vat.name, &s->exit, err, errcap);
    abort_delivery(s);
    if (rc) {
        vw_stop(&s->w);
        s->up = 0;
        return rc;
    }
    s->worker_pos = s->vat.position;
    if (vat_snapshot_due(&s->vat, s->vat.position)) {
        if ((rc = vat_snapshot(s, NULL, err, errcap))) return rc;
        if (snapshotted) *snapshotted = 1;
    }
    return VS_OK;
}

/* The message in flight was not recorded: roll its transaction back, stop the worker
 * (it ran something the store does not have), say which position and why. */
static int lost(VatSession *s, int64_t position, int rc, char *err, size_t errcap) {
    abort_delivery(s);
    vw_stop(&s->w);
    s->up = 0;
    char why[400];
    snprintf(why, sizeof why, "%s", err);
    vs_set_err(err, errcap, "vat %s: delivery %lld was not recorded: %s", s->vat.name, (long long)position, why);
    return rc;
}

int vat_exited(VatSession *s, char *err, size_t errcap) {
    vs_set_err(err, errcap, "vat %s exited at position %lld (%s, info %.*s): it takes no more deliveries", s->vat.name,
               (long long)s->exit.position, s->exit.failure ? "failure" : "success",
               (int)(s->exit.info_len > 200 ? 200 : s->exit.info_len), (const char *)s->exit.info);
    return VS_EXITED;
}

/* Whether the session may deliver. */
static int ready_to_deliver(VatSession *s, char *err, size_t errcap) {
    if (s->exit.exited) return vat_exited(s, err, errcap);
    if (s->up && !s->tainted && s->worker_pos == s->vat.position) return VS_OK;
    vs_set_err(err, errcap, "vat %s: the worker is not at the vat's last position", s->vat.name);
    return VS_ERROR;
}

int vat_deliver(VatSession *s, const uint8_t *msg, size_t len, VwReply *reply, int *snapshotted,
                char *err, size_t errcap) {
    if (snapshotted) *snapshotted = 0;
    memset(reply, 0, sizeof *reply);
    int rc = ready_to_deliver(s, err, errcap);
    if (rc) return rc;
    uint8_t *cmd = command('?', msg, len);
    if (!cmd) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    rc = begin_delivery(s, err, errcap);
    if (rc == VS_OK) rc = vw_deliver(&s->w, cmd, len + 1, reply, err, errcap);
    if (rc) rc = lost(s, s->vat.position + 1, rc, err, errcap);
    else if ((rc = record(s, cmd, len + 1, reply, snapshotted, err, errcap))) vw_reply_free(reply);
    free(cmd);
    return rc;
}

/* Take the next message from `next` (wait: may block) and send it; *nxt and *nlen receive
 * the command. Returns what `next` returned (1 sent, 0 end, 2 not now, -1 error) or -3
 * with rc set when the command could not be built or sent. */
static int send_next(VatSession *s, VatNextFn next, void *ctx, int wait, uint8_t **nxt, size_t *nlen, int *rc,
                     char *err, size_t errcap) {
    const uint8_t *m;
    size_t ml;
    int got = next(ctx, &m, &ml, wait);
    if (got != 1) return got;
    if (s->exit.exited) { *rc = vat_exited(s, err, errcap); return -3; }
    if (!(*nxt = command('?', m, ml))) { vs_set_err(err, errcap, "out of memory"); *rc = VS_ERROR; return -3; }
    *nlen = ml + 1;
    if ((*rc = vw_send(&s->w, *nxt, *nlen, err, errcap))) return -3;
    return 1;
}

int vat_deliver_many(VatSession *s, VatNextFn next, VatDoneFn done, void *ctx, char *err, size_t errcap) {
    int rc = ready_to_deliver(s, err, errcap);
    if (rc) return rc;
    uint8_t *cur = NULL, *nxt = NULL;
    size_t cur_len = 0, nxt_len = 0;
    int got = send_next(s, next, ctx, 1, &cur, &cur_len, &rc, err, errcap);
    while (got == 1) {
        int64_t pos = s->vat.position + 1;
        VwReply r;
        if ((rc = begin_delivery(s, err, errcap)) || (rc = vw_receive(&s->w, &r, err, errcap))) { got = -3; break; }
        /* send the next message before committing this one, so that the worker runs it
         * while we write — if it is there without waiting (a delivery is never held back
         * waiting for input), and not across a due snapshot, which must follow `pos` */
        int ahead = 2, snapped = 0, send_rc = VS_OK;
        char send_err[400] = "";
        if (!vat_snapshot_due(&s->vat, pos) && !s->sv.exited)
            ahead = send_next(s, next, ctx, 0, &nxt, &nxt_len, &send_rc, send_err, sizeof send_err);
        rc = record(s, cur, cur_len, &r, &snapped, err, errcap);
        if (rc == VS_OK) done(ctx, pos, &r, snapped);
        vw_reply_free(&r);
        free(cur);
        cur = NULL;
        if (rc) { got = 0; break; }
        if (ahead == -3) {
            rc = send_rc;
            vs_set_err(err, errcap, "%s", send_err);
            got = -3;
            break;
        }
        got = ahead == 2 ? send_next(s, next, ctx, 1, &nxt, &nxt_len, &rc, err, errcap) : ahead;
        cur = nxt;
        cur_len = nxt_len;
        nxt = NULL;
    }
    if (got == -3) rc = lost(s, s->vat.position + 1, rc ? rc : VS_ERROR, err, errcap);
    if (got == -1) {
        vs_set_err(err, errcap, "vat %s: reading the messages failed", s->vat.name);
        rc = VS_ERROR;
    }
    free(cur);
    free(nxt);
    return rc;
}

int vat_state_hash(VatSession *s, uint8_t hash[VS_HASH], uint64_t *size, char *err, size_t errcap) {
    if (!s->up) { vs_set_err(err, errcap, "vat %s: no worker", s->vat.name); return VS_ERROR; }
    uint8_t *raw;
    size_t len;
    int rc = vw_snapshot(&s->w, &raw, &len, err, errcap);
    if (rc) { s->up = 0; return rc; }
    char why[200];
    if (vs_snapshot_check_bytes(raw, len, hash, why, sizeof why) < 0) {
        vs_set_err(err, errcap, "vat %s: the worker's snapshot is bad: %s", s->vat.name, why);
        rc = VS_WORKER;
    }
    free(raw);
    if (size) *size = len;
    s->tainted = 1;     /* an unrecorded collection: this worker's future is not the vat's */
    return rc;
}

void vat_close(VatSession *s) {
    abort_delivery(s);
    vsc_server_free(&s->sv);
    vw_stop(&s->w);                    /* also closes the pipes of a worker that died */
    s->up = 0;
    free(s->snaps);
    s->snaps = NULL;
    s->nsnaps = 0;
    free(s->exit.info);
    s->exit.info = NULL;
}
