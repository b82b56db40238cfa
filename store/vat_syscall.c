/* vat_syscall.c — parsing the syscalls a vat sends with issueCommand (SwingSet's
 * VatSyscallObjects, bare or in the supervisor's ["syscall", VSO] envelope, and the
 * supervisor's console messages), serving them live against the store or from a recorded
 * transcript item, and checking the store's derived state against the transcript
 * (vat_syscall.h, docs/vat-store.md). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vat_syscall.h"

/* ---------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------- */

/* The calls by name, with the number of arguments after the name (-1: any number, at
 * least `min`). */
static const struct { const char *name; VscKind kind; int nargs; } CALLS[] = {
    { "vatstoreGet", VSC_GET, 1 },
    { "vatstoreSet", VSC_SET, 2 },
    { "vatstoreDelete", VSC_DELETE, 1 },
    { "vatstoreGetNextKey", VSC_NEXT_KEY, 1 },
    { "send", VSC_SEND, 2 },
    { "resolve", VSC_RESOLVE, 1 },
    { "subscribe", VSC_SUBSCRIBE, 1 },
    { "dropImports", VSC_DROP_IMPORTS, 1 },
    { "retireImports", VSC_RETIRE_IMPORTS, 1 },
    { "retireExports", VSC_RETIRE_EXPORTS, 1 },
    { "abandonExports", VSC_ABANDON_EXPORTS, 1 },
    { "exit", VSC_EXIT, 2 },
    { "callNow", VSC_CALL_NOW, 3 },
    { "sourcedConsole", VSC_CONSOLE, -1 },
    { "testLog", VSC_TEST_LOG, -1 },
};

void vsc_free(VscCall *c) {
    free(c->a);
    free(c->b);
    for (size_t i = 0; i < c->nres; i++) free(c->res[i].vpid);
    free(c->res);
    vj_free(&c->doc);
    c->a = c->b = NULL;
    c->res = NULL;
    c->nres = 0;
}

/* printf into msg; returns -1 (a malformed call). */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static int bad(char *msg, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* String node i decoded into *out (malloc'd), min..max bytes; else the error message. */
static int string_at(const VjDoc *d, size_t i, const char *call, const char *what, size_t min, size_t max, uint8_t **out,
                     size_t *len, char *msg, size_t cap) {
    if (!i || d->nodes[i].type != VJ_STRING) return bad(msg, cap, "%s: the %s must be a string", call, what);
    VjBuf b = { NULL, 0, 0, 0 };
    vj_string(d, i, &b);
    if (b.oom) { free(b.p); return bad(msg, cap, "%s: out of memory", call); }
    if (b.n < min || b.n > max) {
        free(b.p);
        return min ? bad(msg, cap, "%s: the %s must be %zu to %zu bytes", call, what, min, max)
                   : bad(msg, cap, "%s: the %s must be at most %zu bytes", call, what, max);
    }
    *out = b.p;
    *len = b.n;
    return 0;
}

/* Node i must be capdata: an object with `body` (a string) and `slots` (an array of
 * strings of 1 to VSC_KEY_MAX bytes), its JSON at most VSC_VALUE_MAX bytes. */
static int capdata_at(const VjDoc *d, size_t i, const char *call, const char *what, char *msg, size_t cap) {
    long body = i ? vj_member(d, i, "body") : 0, slots = i ? vj_member(d, i, "slots") : 0;
    if (!i || d->nodes[i].type != VJ_OBJECT || body <= 0 || slots <= 0 || d->nodes[body].type != VJ_STRING ||
        d->nodes[slots].type != VJ_ARRAY)
        return bad(msg, cap, "%s: the %s must be capdata {body, slots}", call, what);
    for (size_t k = 0; k < d->nodes[slots].count; k++) {
        size_t e = vj_elem(d, (size_t)slots, k);
        const VjNode *n = &d->nodes[e];
        if (n->type != VJ_STRING || n->len < 3 || n->len > VSC_KEY_MAX + 2)
            return bad(msg, cap, "%s: the %s's slots must be strings of 1 to %d bytes", call, what, VSC_KEY_MAX);
    }
    if (d->nodes[i].len > VSC_VALUE_MAX) return bad(msg, cap, "%s: the %s must be at most %zu bytes", call, what, VSC_VALUE_MAX);
    return 0;
}

/* Node i must be an array of vrefs (strings of 1 to VSC_KEY_MAX bytes, escapes counted). */
static int vrefs_at(const VjDoc *d, size_t i, const char *call, char *msg, size_t cap) {
    if (!i || d->nodes[i].type != VJ_ARRAY) return bad(msg, cap, "%s: the vrefs must be an array of strings", call);
    for (size_t k = 0; k < d->nodes[i].count; k++) {
        const VjNode *n = &d->nodes[vj_elem(d, i, k)];
        if (n->type != VJ_STRING || n->len < 3 || n->len > VSC_KEY_MAX + 2)
            return bad(msg, cap, "%s: the vrefs must be strings of 1 to %d bytes", call, VSC_KEY_MAX);
    }
    return 0;
}

/* The resolutions of a resolve: node i is [[vpid, isReject, capdata], ...]. */
static int resolutions_at(const VjDoc *d, size_t i, VscCall *c, char *msg, size_t cap) {
    if (d->nodes[i].type != VJ_ARRAY || d->nodes[i].count == 0)
        return bad(msg, cap, "resolve: the resolutions must be a non-empty array of [vpid, isReject, capdata]");
    size_t n = d->nodes[i].count;
    if (!(c->res = calloc(n, sizeof *c->res))) return bad(msg, cap, "resolve: out of memory");
    for (size_t k = 0; k < n; k++) {
        size_t r = vj_elem(d, i, k);
        if (d->nodes[r].type != VJ_ARRAY || d->nodes[r].count != 3)
            return bad(msg, cap, "resolve: a resolution is [vpid, isReject, capdata]");
        VscResolution *o = &c->res[c->nres];
        if (string_at(d, vj_elem(d, r, 0), "resolve", "vpid", 1, VSC_KEY_MAX, &o->vpid, &o->vpid_len, msg, cap) < 0) return -1;
        c->nres++;
        const VjNode *f = &d->nodes[vj_elem(d, r, 1)];
        if (f->type != VJ_TRUE && f->type != VJ_FALSE) return bad(msg, cap, "resolve: isReject must be true or false");
        o->rejected = f->type == VJ_TRUE;
        size_t data = vj_elem(d, r, 2);
        if (capdata_at(d, data, "resolve", "data", msg, cap) < 0) return -1;
        o->data = d->src + d->nodes[data].start;
        o->data_len = d->nodes[data].len;
    }
    return 0;
}

/* Shape of the VSO (or console message) at array node `top` of c->doc. */
static int parse_call(VscCall *c, size_t top, char *msg, size_t cap) {
    const VjDoc *d = &c->doc;
    const VjNode *t = &d->nodes[top];
    size_t name_node = vj_elem(d, top, 0);
    if (!name_node || d->nodes[name_node].type != VJ_STRING || d->nodes[name_node].len < 3 ||
        d->nodes[name_node].len > VSC_KEY_MAX + 2)
        return bad(msg, cap, "a syscall is a JSON array [name, ...arguments] whose name is a string");
    uint8_t *name = NULL;
    size_t name_len = 0;
    if (string_at(d, name_node, "syscall", "name", 1, VSC_KEY_MAX, &name, &name_len, msg, cap) < 0) return -1;
    int which = -1;
    for (size_t i = 0; i < sizeof CALLS / sizeof *CALLS; i++)
        if (strlen(CALLS[i].name) == name_len && !memcmp(CALLS[i].name, name, name_len)) which = (int)i;
    if (which < 0) {
        /* the name is echoed only when it is short and printable ASCII, to keep answers tame */
        int tame = name_len <= 64;
        for (size_t i = 0; i < name_len; i++) tame &= name[i] >= 0x20 && name[i] < 0x7f && name[i] != '"' && name[i] != '\\';
        bad(msg, cap, "unknown syscall %s%.*s%s", tame ? "\"" : "", tame ? (int)name_len : 0, tame ? (const char *)name : "(not printable)",
            tame ? "\"" : "");
        free(name);
        return -1;
    }
    free(name);
    const char *call = CALLS[which].name;
    int nargs = CALLS[which].nargs;
    c->kind = CALLS[which].kind;
    size_t have = t->count - 1;
    if (nargs >= 0 && have != (size_t)nargs) return bad(msg, cap, "%s takes %d argument%s", call, nargs, nargs == 1 ? "" : "s");
    size_t a1 = vj_elem(d, top, 1), a2 = vj_elem(d, top, 2), a3 = vj_elem(d, top, 3);
    switch (c->kind) {
    case VSC_GET:
    case VSC_DELETE:
        return string_at(d, a1, call, "key", 1, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap);
    case VSC_NEXT_KEY:
        return string_at(d, a1, call, "prior key", 0, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap);
    case VSC_SET:
        if (string_at(d, a1, call, "key", 1, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap) < 0) return -1;
        return string_at(d, a2, call, "value", 0, VSC_VALUE_MAX, &c->b, &c->b_len, msg, cap);
    case VSC_SEND: {
        if (string_at(d, a1, call, "target", 1, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap) < 0) return -1;
        long ma = d->nodes[a2].type == VJ_OBJECT ? vj_member(d, a2, "methargs") : 0;
        long res = d->nodes[a2].type == VJ_OBJECT ? vj_member(d, a2, "result") : 0;
        if (ma <= 0 || res < 0) return bad(msg, cap, "send: the message must be {methargs, result}");
        if (capdata_at(d, (size_t)ma, call, "methargs", msg, cap) < 0) return -1;
        c->raw = d->src + d->nodes[ma].start;
        c->raw_len = d->nodes[ma].len;
        if (res > 0 && d->nodes[res].type != VJ_NULL &&
            string_at(d, (size_t)res, call, "result", 1, VSC_KEY_MAX, &c->b, &c->b_len, msg, cap) < 0)
            return bad(msg, cap, "send: the result must be a vpid string (1 to %d bytes) or null", VSC_KEY_MAX);
        return 0;
    }
    case VSC_RESOLVE:
        return resolutions_at(d, a1, c, msg, cap);
    case VSC_SUBSCRIBE:
        return string_at(d, a1, call, "vpid", 1, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap);
    case VSC_DROP_IMPORTS:
    case VSC_RETIRE_IMPORTS:
    case VSC_RETIRE_EXPORTS:
    case VSC_ABANDON_EXPORTS:
        return vrefs_at(d, a1, call, msg, cap);
    case VSC_EXIT:
        if (d->nodes[a1].type != VJ_TRUE && d->nodes[a1].type != VJ_FALSE) return bad(msg, cap, "exit: isFailure must be true or false");
        c->flag = d->nodes[a1].type == VJ_TRUE;
        if (capdata_at(d, a2, call, "info", msg, cap) < 0) return -1;
        c->raw = d->src + d->nodes[a2].start;
        c->raw_len = d->nodes[a2].len;
        return 0;
    case VSC_CALL_NOW:
        if (string_at(d, a1, call, "target", 1, VSC_KEY_MAX, &c->a, &c->a_len, msg, cap) < 0 ||
            string_at(d, a2, call, "method", 1, VSC_KEY_MAX, &c->b, &c->b_len, msg, cap) < 0)
            return -1;
        return capdata_at(d, a3, call, "args", msg, cap);
    case VSC_CONSOLE:
    case VSC_TEST_LOG:
        c->args = a1;
        return 0;
    }
    return 0;
}

int vsc_parse(const uint8_t *q, size_t n, VscCall *c, char *msg, size_t cap) {
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < n && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r')) i++;
    if (i >= n || q[i] != '[') return bad(msg, cap, "a syscall is a JSON array [name, ...arguments]");
    if (vj_parse(&c->doc, q, n, msg, cap) < 0) { vsc_free(c); return -1; }
    size_t top = 0;
    const VjDoc *d = &c->doc;
    size_t first = vj_elem(d, 0, 0);
    if (first && d->nodes[first].type == VJ_STRING && d->nodes[first].len == 9 && !memcmp(d->src + d->nodes[first].start, "\"syscall\"", 9)) {
        /* the supervisor's envelope ["syscall", VSO] */
        size_t vso = vj_elem(d, 0, 1);
        if (d->nodes[0].count != 2 || d->nodes[vso].type != VJ_ARRAY) {
            vsc_free(c);
            return bad(msg, cap, "syscall: the envelope is [\"syscall\", VatSyscallObject]");
        }
        top = vso;
    }
    int rc = parse_call(c, top, msg, cap);
    if (!rc && top && (c->kind == VSC_CONSOLE || c->kind == VSC_TEST_LOG)) rc = bad(msg, cap, "syscall: the envelope holds a VatSyscallObject");
    if (rc) vsc_free(c);
    return rc;
}

char *vsc_json_string(const uint8_t *s, size_t n, size_t *len) {
    VjBuf b = { NULL, 0, 0, 0 };
    vj_quote(&b, s, n);
    if (b.oom) { free(b.p); return NULL; }
    if (len) *len = b.n;
    return (char *)b.p;
}

/* `["ok",STRING]`, or `["ok",null]` when s is NULL. NULL on out of memory. */
static uint8_t *answer_ok(const uint8_t *s, size_t n, size_t *len) {
    VjBuf b = { NULL, 0, 0, 0 };
    vj_put(&b, "[\"ok\",", 6);
    if (s) vj_quote(&b, s, n);
    else vj_put(&b, "null", 4);
    vj_put(&b, "]", 1);
    if (b.oom) { free(b.p); return NULL; }
    *len = b.n;
    return b.p;
}

/* `["error",MESSAGE]`. NULL on out of memory. */
static uint8_t *answer_error(const char *msg, size_t *len) {
    VjBuf b = { NULL, 0, 0, 0 };
    vj_put(&b, "[\"error\",", 9);
    vj_quote(&b, (const uint8_t *)msg, strlen(msg));
    vj_put(&b, "]", 1);
    if (b.oom) { free(b.p); return NULL; }
    *len = b.n;
    return b.p;
}

void vsc_server_free(VatServer *sv) {
    vsc_server_clear(sv);
    free(sv->log);
    sv->log = NULL;
    sv->cap = 0;
}

int vsc_answer_is_ok_null(const uint8_t *a, size_t n) {
    return n == 11 && !memcmp(a, "[\"ok\",null]", 11);
}

/* ---------------------------------------------------------------------------------------
 * Serving
 * ------------------------------------------------------------------------------------- */

void vsc_server_start(VatServer *sv, VatStore *st, const char *vat, int64_t position, const VsItem *replay) {
    vsc_server_clear(sv);
    sv->st = st;
    sv->vat = vat;
    sv->position = position;
    sv->replay = replay;
    sv->next = 0;
    sv->exited = 0;
}

void vsc_server_clear(VatServer *sv) {
    for (size_t i = 0; i < sv->n; i++) {
        free((void *)sv->log[i].call);
        free((void *)sv->log[i].answer);
    }
    sv->n = 0;
}

/* Syscall bytes for a message: at most 160 of them, non-printable bytes as '?'. */
static void abridge(const uint8_t *p, size_t n, char *out, size_t cap) {
    size_t k = 0, lim = n > 160 ? 160 : n;
    for (size_t i = 0; i < lim && k + 1 < cap; i++) out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
    if (lim < n && k + 4 < cap) { memcpy(out + k, "...", 3); k += 3; }
    out[k] = 0;
}

/* Replay: compare the vat's syscall with the next recorded one and answer with its
 * recorded answer. */
static int serve_replay(VatServer *sv, const uint8_t *q, size_t n, uint8_t **answer, size_t *alen, char *err, size_t errcap) {
    const VsItem *it = sv->replay;
    char got[200], want[200];
    abridge(q, n, got, sizeof got);
    if (sv->next >= it->nsys) {
        vs_set_err(err, errcap, "vat %s diverged at position %lld: the vat made syscall #%zu %s; the transcript has only %zu "
                   "syscall%s there", sv->vat, (long long)sv->position, sv->next, got, it->nsys, it->nsys == 1 ? "" : "s");
        return VS_DIVERGED;
    }
    const VsSyscall *rec = &it->sys[sv->next];
    if (rec->call_len != n || memcmp(rec->call, q, n) != 0) {
        abridge(rec->call, rec->call_len, want, sizeof want);
        vs_set_err(err, errcap, "vat %s diverged at position %lld: syscall #%zu is %s; the transcript has %s", sv->vat,
                   (long long)sv->position, sv->next, got, want);
        return VS_DIVERGED;
    }
    *answer = malloc(rec->answer_len + 1);
    if (!*answer) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    if (rec->answer_len) memcpy(*answer, rec->answer, rec->answer_len);
    *alen = rec->answer_len;
    sv->next++;
    return VS_OK;
}

int vsc_replay_done(VatServer *sv, char *err, size_t errcap) {
    if (!sv->replay || sv->next == sv->replay->nsys) return VS_OK;
    char want[200];
    abridge(sv->replay->sys[sv->next].call, sv->replay->sys[sv->next].call_len, want, sizeof want);
    vs_set_err(err, errcap, "vat %s diverged at position %lld: the vat made %zu syscall%s; the transcript has %zu (the next "
               "one recorded is %s)", sv->vat, (long long)sv->position, sv->next, sv->next == 1 ? "" : "s", sv->replay->nsys, want);
    return VS_DIVERGED;
}

/* Write a console or testLog message to the server's console_fd as one line: the vat's
 * name, the source and level (console), then the arguments, strings as they are and other
 * values as their JSON. */
static void print_console(VatServer *sv, const VscCall *c) {
    const VjDoc *d = &c->doc;
    VjBuf b = { NULL, 0, 0, 0 };
    vj_put(&b, sv->vat, strlen(sv->vat));
    vj_put(&b, c->kind == VSC_TEST_LOG ? " testLog:" : " console", c->kind == VSC_TEST_LOG ? 9 : 8);
    size_t top = 0, k = 1, skip = c->kind == VSC_CONSOLE ? 3 : 1;
    for (size_t i = c->args; i && k < d->nodes[top].count; k++, i = d->nodes[i].end) {
        vj_put(&b, k == skip && c->kind == VSC_CONSOLE ? ": " : " ", k == skip && c->kind == VSC_CONSOLE ? 2 : 1);
        if (d->nodes[i].type == VJ_STRING) vj_string(d, i, &b);
        else vj_put(&b, d->src + d->nodes[i].start, d->nodes[i].len);
    }
    if (k == skip && c->kind == VSC_CONSOLE) vj_put(&b, ":", 1);
    vj_put(&b, "\n", 1);
    if (!b.oom) {
        size_t off = 0;
        while (off < b.n) {
            ssize_t w = write(sv->console_fd, b.p + off, b.n - off);
            if (w <= 0) break;
            off += (size_t)w;
        }
    }
    free(b.p);
}

/* A string for an answer's message: the bytes when short and printable ASCII, else
 * "(not printable)". */
static const char *tame(const uint8_t *p, size_t n, char *out, size_t cap) {
    int ok = n <= 64 && n < cap;
    for (size_t i = 0; ok && i < n; i++) ok = p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\';
    if (!ok) return "(not printable)";
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

/* The effects of a resolve: one row per resolution, all or none (a savepoint); a vpid
 * resolved before (or twice in the call) is the error answer in msg (rc VS_CONFLICT). */
static int apply_resolve(VatServer *sv, const VscCall *c, int64_t index, char *msg, size_t cap, char *err, size_t errcap) {
    int rc = vs_savepoint(sv->st, err, errcap);
    for (size_t i = 0; rc == VS_OK && i < c->nres; i++) {
        const VscResolution *r = &c->res[i];
        VsResolution row = { sv->position, index, (int64_t)i, r->vpid, r->vpid_len, r->rejected, r->data, r->data_len };
        rc = vs_resolution_put(sv->st, sv->vat, &row, err, errcap);
        if (rc == VS_CONFLICT) {
            char t[72];
            snprintf(msg, cap, "resolve: %s is resolved already", tame(r->vpid, r->vpid_len, t, sizeof t));
        }
    }
    if (rc == VS_OK) rc = vs_release(sv->st, err, errcap);
    else vs_rollback_savepoint(sv->st);
    return rc;
}

/* Live: carry the syscall out against the store; *answer is its answer. */
static int serve_live(VatServer *sv, const uint8_t *q, size_t n, uint8_t **answer, size_t *alen, char *err, size_t errcap) {
    VscCall c;
    char msg[200];
    *answer = NULL;
    if (vsc_parse(q, n, &c, msg, sizeof msg) < 0) {
        if (!(*answer = answer_error(msg, alen))) goto oom;
        return VS_OK;
    }
    uint8_t *v = NULL;
    size_t vl = 0;
    int rc = VS_OK, refused = 0;
    switch (c.kind) {
    case VSC_GET:
    case VSC_NEXT_KEY:
        rc = c.kind == VSC_GET ? vs_kv_get(sv->st, sv->vat, c.a, c.a_len, &v, &vl, err, errcap)
                               : vs_kv_next(sv->st, sv->vat, c.a, c.a_len, &v, &vl, err, errcap);
        if (rc == VS_OK && !(*answer = answer_ok(v, vl, alen))) rc = -1;
        free(v);
        break;
    case VSC_SET:
        rc = vs_kv_set(sv->st, sv->vat, c.a, c.a_len, c.b, c.b_len, err, errcap);
        break;
    case VSC_DELETE:
        rc = vs_kv_delete(sv->st, sv->vat, c.a, c.a_len, err, errcap);
        break;
    case VSC_SEND: {
        VsSend m = { sv->position, (int64_t)sv->n, c.a, c.a_len, c.raw, c.raw_len, c.b, c.b_len };
        rc = vs_outbox_put(sv->st, sv->vat, &m, err, errcap);
        break;
    }
    case VSC_RESOLVE:
        rc = apply_resolve(sv, &c, (int64_t)sv->n, msg, sizeof msg, err, errcap);
        if (rc == VS_CONFLICT) { rc = VS_OK; refused = 1; }
        break;
    case VSC_EXIT: {
        VsExit e = { 1, sv->position, (int64_t)sv->n, c.flag, (uint8_t *)(uintptr_t)c.raw, c.raw_len };
        rc = vs_exit_put(sv->st, sv->vat, &e, err, errcap);
        if (rc == VS_CONFLICT) { rc = VS_OK; refused = 1; snprintf(msg, sizeof msg, "exit: the vat has exited already"); }
        else if (rc == VS_OK) sv->exited = 1;
        break;
    }
    case VSC_CALL_NOW:
        refused = 1;
        snprintf(msg, sizeof msg, "callNow: this vat store has no devices");
        break;
    case VSC_CONSOLE:
    case VSC_TEST_LOG:
        if (sv->console_fd >= 0) print_console(sv, &c);
        break;
    case VSC_SUBSCRIBE:
    case VSC_DROP_IMPORTS:
    case VSC_RETIRE_IMPORTS:
    case VSC_RETIRE_EXPORTS:
    case VSC_ABANDON_EXPORTS:
        break;                       /* recorded in the transcript: nothing else to keep */
    }
    vsc_free(&c);
    if (rc == VS_OK && !*answer && !(*answer = refused ? answer_error(msg, alen) : answer_ok(NULL, 0, alen))) rc = -1;
    if (rc == -1) goto oom;
    if (rc) return rc == VS_CONFLICT ? VS_ERROR : rc;
    return VS_OK;
oom:
    vs_set_err(err, errcap, "out of memory");
    return VS_ERROR;
}

int vsc_serve(void *server, const uint8_t *q, size_t n, uint8_t **answer, size_t *alen, char *err, size_t errcap) {
    VatServer *sv = server;
    if (sv->replay) return serve_replay(sv, q, n, answer, alen, err, errcap);
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        VsSyscall *nl = realloc(sv->log, cap * sizeof *nl);
        if (!nl) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
        sv->log = nl;
        sv->cap = cap;
    }
    uint8_t *copy = malloc(n + 1);
    if (!copy) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    if (n) memcpy(copy, q, n);
    int rc = serve_live(sv, q, n, answer, alen, err, errcap);
    if (rc) { free(copy); return rc; }
    uint8_t *acopy = malloc(*alen + 1);
    if (!acopy) { free(copy); free(*answer); *answer = NULL; vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    memcpy(acopy, *answer, *alen);
    sv->log[sv->n++] = (VsSyscall){ copy, n, acopy, *alen };
    return VS_OK;
}

/* ---------------------------------------------------------------------------------------
 * check: the key-value store and the outbox are the fold of the transcript
 * ------------------------------------------------------------------------------------- */

/* One recorded syscall answered ok into the scratch tables (a read or a refused call has
 * no effect). */
static int refold_one(VatStore *st, const VsItem *it, size_t i, char *err, size_t errcap) {
    const VsSyscall *sc = &it->sys[i];
    VscCall c;
    char msg[200];
    if (!vsc_answer_is_ok_null(sc->answer, sc->answer_len) || vsc_parse(sc->call, sc->call_len, &c, msg, sizeof msg) < 0)
        return VS_OK;
    int rc = VS_OK;
    if (c.kind == VSC_SET) rc = vs_scratch_set(st, c.a, c.a_len, c.b, c.b_len, err, errcap);
    else if (c.kind == VSC_DELETE) rc = vs_scratch_delete(st, c.a, c.a_len, err, errcap);
    else if (c.kind == VSC_SEND) {
        VsSend m = { it->position, (int64_t)i, c.a, c.a_len, c.raw, c.raw_len, c.b, c.b_len };
        rc = vs_scratch_send(st, &m, err, errcap);
    } else if (c.kind == VSC_RESOLVE) {
        for (size_t k = 0; rc == VS_OK && k < c.nres; k++) {
            const VscResolution *r = &c.res[k];
            VsResolution row = { it->position, (int64_t)i, (int64_t)k, r->vpid, r->vpid_len, r->rejected, r->data, r->data_len };
            rc = vs_scratch_resolution(st, &row, err, errcap);
        }
    } else if (c.kind == VSC_EXIT) {
        VsExit e = { 1, it->position, (int64_t)i, c.flag, (uint8_t *)(uintptr_t)c.raw, c.raw_len };
        rc = vs_scratch_exit(st, &e, err, errcap);
    }
    vsc_free(&c);
    return rc == VS_CONFLICT ? VS_OK : rc;    /* a duplicate shows as a difference below */
}

int vsc_check_state(VatStore *st, const char *vat, int64_t *problems, FILE *out, char *err, size_t errcap) {
    *problems = 0;
    int rc = vs_scratch_reset(st, err, errcap);
    if (rc) return rc;
    VsCursor *cur = vs_items(st, vat, 0, INT64_MAX, err, errcap);
    if (!cur) return VS_ERROR;
    VsItem it;
    int more;
    while (rc == VS_OK && (more = vs_item_next(cur, &it, err, errcap)) == 1)
        for (size_t i = 0; i < it.nsys && rc == VS_OK; i++) rc = refold_one(st, &it, i, err, errcap);
    vs_cursor_free(cur);
    if (rc) return rc;
    if (more < 0) return more == -2 ? VS_CORRUPT : VS_ERROR;
    int64_t diff[4] = { 0, 0, 0, 0 };
    if ((rc = vs_scratch_compare(st, vat, diff, err, errcap))) return rc;
    static const char *const what[4] = { "vatstore: %lld keys differ from the transcript's sets and deletes\n",
                                         "outbox: %lld rows differ from the transcript's sends\n",
                                         "resolutions: %lld rows differ from the transcript's resolves\n",
                                         "exits: %lld rows differ from the transcript's exit\n" };
    for (int k = 0; k < 4; k++) {
        if (diff[k] && out) fprintf(out, what[k], (long long)diff[k]);
        *problems += diff[k];
    }
    return VS_OK;
}
