/* vat_syscall.c — parsing the syscalls a vat sends with issueCommand, serving them live
 * against the store or from a recorded transcript item, and checking the store's key-value
 * store and outbox against the transcript (vat_syscall.h, docs/vat-store.md). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "vat_syscall.h"

/* ---------------------------------------------------------------------------------------
 * JSON (RFC 8259), strict: just what a syscall needs
 * ------------------------------------------------------------------------------------- */

/* A parser over the syscall's bytes. */
typedef struct Json {
    const uint8_t *p;            /* next byte */
    const uint8_t *end;          /* end of input */
    char *msg;                   /* where the error message goes */
    size_t cap;                  /* its capacity */
    int failed;                  /* an error was reported (the first one is kept) */
} Json;

/* Report a parse error (the first one wins); returns -1. */
#ifdef __GNUC__
__attribute__((format(printf, 2, 3)))
#endif
static int jfail(Json *j, const char *fmt, ...) {
    if (!j->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(j->msg, j->cap, fmt, ap);
        va_end(ap);
        j->failed = 1;
    }
    return -1;
}

/* Skip JSON white space. */
static void jws(Json *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

/* A growable byte buffer for decoded strings and answers. */
typedef struct Buf {
    uint8_t *p;                  /* the bytes (NUL after the last one), malloc'd */
    size_t n;                    /* bytes used */
    size_t cap;                  /* bytes allocated */
    int oom;                     /* an allocation failed: the contents are incomplete */
} Buf;

/* Append n bytes (or note out of memory). */
static void bput(Buf *b, const void *p, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        uint8_t *nb = realloc(b->p, cap);
        if (!nb) { b->oom = 1; return; }
        b->p = nb;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

/* Append code point c as UTF-8 (surrogates as WTF-8: three bytes, like any BMP point). */
static void bput_utf8(Buf *b, uint32_t c) {
    uint8_t u[4];
    size_t n;
    if (c < 0x80) { u[0] = (uint8_t)c; n = 1; }
    else if (c < 0x800) { u[0] = (uint8_t)(0xC0 | c >> 6); u[1] = (uint8_t)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) { u[0] = (uint8_t)(0xE0 | c >> 12); u[1] = (uint8_t)(0x80 | (c >> 6 & 63)); u[2] = (uint8_t)(0x80 | (c & 63)); n = 3; }
    else { u[0] = (uint8_t)(0xF0 | c >> 18); u[1] = (uint8_t)(0x80 | (c >> 12 & 63)); u[2] = (uint8_t)(0x80 | (c >> 6 & 63)); u[3] = (uint8_t)(0x80 | (c & 63)); n = 4; }
    bput(b, u, n);
}

/* Length of the well-formed UTF-8 sequence at p (strict: no overlongs, no surrogates,
 * nothing above U+10FFFF), or 0; *cp receives its code point. */
static size_t utf8_seq(const uint8_t *p, const uint8_t *end, uint32_t *cp) {
    uint8_t c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 31; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 15; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 7; min = 0x10000; }
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (p[i] & 63);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

/* Four hex digits at j->p. -1 when they are not. */
static int32_t hex4(Json *j) {
    if (j->end - j->p < 4) return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = j->p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    j->p += 4;
    return v;
}

/* A string at j->p (the opening quote); decoded into *out when out is not NULL. */
static int jstring(Json *j, Buf *out) {
    if (j->p >= j->end || *j->p != '"') return jfail(j, "expected a string");
    j->p++;
    for (;;) {
        if (j->p >= j->end) return jfail(j, "unterminated string");
        uint8_t c = *j->p;
        if (c == '"') { j->p++; return 0; }
        if (c < 0x20) return jfail(j, "control character in a string");
        if (c == '\\') {
            if (j->end - j->p < 2) return jfail(j, "unterminated string");
            uint8_t e = j->p[1];
            j->p += 2;
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *k = e ? strchr(from, e) : NULL;
            if (k) { if (out) bput(out, &to[k - from], 1); continue; }
            if (e != 'u') return jfail(j, "bad escape in a string");
            int32_t u = hex4(j);
            if (u < 0) return jfail(j, "bad \\u escape in a string");
            if (u >= 0xD800 && u <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
                const uint8_t *save = j->p;
                j->p += 2;
                int32_t lo = hex4(j);
                if (lo >= 0xDC00 && lo <= 0xDFFF) u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                else j->p = save;      /* a lone high surrogate; the next escape stands alone */
            }
            if (out) bput_utf8(out, (uint32_t)u);
            continue;
        }
        uint32_t cp;
        size_t n = utf8_seq(j->p, j->end, &cp);
        if (!n) return jfail(j, "a string is not UTF-8");
        if (out) bput(out, j->p, n);
        j->p += n;
    }
}

/* A number at j->p (validated, not converted). */
static int jnumber(Json *j) {
    const uint8_t *p = j->p, *e = j->end;
    if (p < e && *p == '-') p++;
    if (p < e && *p == '0') p++;
    else if (p < e && *p >= '1' && *p <= '9') while (p < e && *p >= '0' && *p <= '9') p++;
    else return jfail(j, "bad number");
    if (p < e && *p == '.') {
        p++;
        if (p >= e || *p < '0' || *p > '9') return jfail(j, "bad number");
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '+' || *p == '-')) p++;
        if (p >= e || *p < '0' || *p > '9') return jfail(j, "bad number");
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    j->p = p;
    return 0;
}

/* Any value at j->p (validated and skipped). */
static int jvalue(Json *j, int depth) {
    jws(j);
    if (j->p >= j->end) return jfail(j, "unexpected end of the syscall");
    if (depth > VSC_DEPTH_MAX) return jfail(j, "nested deeper than %d", VSC_DEPTH_MAX);
    uint8_t c = *j->p;
    if (c == '"') return jstring(j, NULL);
    if (c == '-' || (c >= '0' && c <= '9')) return jnumber(j);
    static const char *const words[] = { "true", "false", "null" };
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, words[i], n)) { j->p += n; return 0; }
    }
    if (c != '[' && c != '{') return jfail(j, "unexpected character");
    uint8_t close = c == '[' ? ']' : '}';
    j->p++;
    jws(j);
    if (j->p < j->end && *j->p == close) { j->p++; return 0; }
    for (;;) {
        if (close == '}') {
            jws(j);
            if (jstring(j, NULL) < 0) return -1;
            jws(j);
            if (j->p >= j->end || *j->p != ':') return jfail(j, "expected ':' in an object");
            j->p++;
        }
        if (jvalue(j, depth + 1) < 0) return -1;
        jws(j);
        if (j->p < j->end && *j->p == ',') { j->p++; continue; }
        if (j->p < j->end && *j->p == close) { j->p++; return 0; }
        return jfail(j, "expected ',' or '%c'", close);
    }
}

/* ---------------------------------------------------------------------------------------
 * Syscalls
 * ------------------------------------------------------------------------------------- */

/* The syscalls by name, with the number of arguments after the name. */
static const struct { const char *name; VscKind kind; int nargs; } CALLS[] = {
    { "vatstoreGet", VSC_GET, 1 },
    { "vatstoreSet", VSC_SET, 2 },
    { "vatstoreDelete", VSC_DELETE, 1 },
    { "vatstoreGetNextKey", VSC_NEXT_KEY, 1 },
    { "send", VSC_SEND, 3 },
};

void vsc_free(VscCall *c) {
    free(c->a);
    free(c->b);
    c->a = c->b = NULL;
}

/* A string argument (decoded into a malloc'd buffer) of at most max bytes, at least min. */
static int string_arg(Json *j, const char *call, const char *what, size_t min, size_t max, uint8_t **out, size_t *len) {
    jws(j);
    if (j->p >= j->end || *j->p != '"') return jfail(j, "%s: the %s must be a string", call, what);
    Buf b = { NULL, 0, 0, 0 };
    if (jstring(j, &b) < 0) { free(b.p); return -1; }
    if (b.oom) { free(b.p); return jfail(j, "%s: out of memory", call); }
    if (b.n < min || b.n > max) {
        free(b.p);
        return min ? jfail(j, "%s: the %s must be %zu to %zu bytes", call, what, min, max)
                   : jfail(j, "%s: the %s must be at most %zu bytes", call, what, max);
    }
    if (!b.p) { b.p = malloc(1); if (!b.p) return jfail(j, "%s: out of memory", call); b.p[0] = 0; }
    *out = b.p;
    *len = b.n;
    return 0;
}

/* Expect ',' (more arguments) or ']' (the end) after an argument. */
static int separator(Json *j, const char *call, int more, int nargs) {
    jws(j);
    if (j->p < j->end && *j->p == (more ? ',' : ']')) { j->p++; return 0; }
    if (j->p < j->end && (*j->p == ',' || *j->p == ']')) return jfail(j, "%s takes %d argument%s", call, nargs, nargs == 1 ? "" : "s");
    return jfail(j, "expected ',' or ']'");
}

int vsc_parse(const uint8_t *q, size_t n, VscCall *c, char *msg, size_t cap) {
    memset(c, 0, sizeof *c);
    Json j = { q, q + n, msg, cap, 0 };
    jws(&j);
    if (j.p >= j.end || *j.p != '[') return jfail(&j, "a syscall is a JSON array [name, ...arguments]");
    j.p++;
    uint8_t *name = NULL;
    size_t name_len = 0;
    if (string_arg(&j, "syscall", "name", 1, VSC_KEY_MAX, &name, &name_len) < 0) {
        j.failed = 0;
        return jfail(&j, "a syscall is a JSON array [name, ...arguments] whose name is a string");
    }
    int which = -1;
    for (size_t i = 0; i < sizeof CALLS / sizeof *CALLS; i++)
        if (strlen(CALLS[i].name) == name_len && !memcmp(CALLS[i].name, name, name_len)) which = (int)i;
    if (which < 0) {
        /* the name is echoed only when it is short and printable ASCII, to keep answers tame */
        int tame = name_len <= 64;
        for (size_t i = 0; i < name_len; i++) tame &= name[i] >= 0x20 && name[i] < 0x7f && name[i] != '"' && name[i] != '\\';
        jfail(&j, "unknown syscall %s%.*s%s", tame ? "\"" : "", tame ? (int)name_len : 0, tame ? (const char *)name : "(not printable)",
              tame ? "\"" : "");
        free(name);
        return -1;
    }
    free(name);
    const char *call = CALLS[which].name;
    int nargs = CALLS[which].nargs;
    c->kind = CALLS[which].kind;
    int rc = separator(&j, call, nargs > 0, nargs);
    switch (c->kind) {
    case VSC_GET:
    case VSC_DELETE:
        if (!rc) rc = string_arg(&j, call, "key", 1, VSC_KEY_MAX, &c->a, &c->a_len);
        break;
    case VSC_NEXT_KEY:
        if (!rc) rc = string_arg(&j, call, "prior key", 0, VSC_KEY_MAX, &c->a, &c->a_len);
        break;
    case VSC_SET:
        if (!rc) rc = string_arg(&j, call, "key", 1, VSC_KEY_MAX, &c->a, &c->a_len);
        if (!rc) rc = separator(&j, call, 1, nargs);
        if (!rc) rc = string_arg(&j, call, "value", 0, VSC_VALUE_MAX, &c->b, &c->b_len);
        break;
    case VSC_SEND:
        if (!rc) rc = string_arg(&j, call, "target", 1, VSC_KEY_MAX, &c->a, &c->a_len);
        if (!rc) rc = separator(&j, call, 1, nargs);
        if (!rc) rc = string_arg(&j, call, "method", 1, VSC_KEY_MAX, &c->b, &c->b_len);
        if (!rc) rc = separator(&j, call, 1, nargs);
        if (!rc) {
            jws(&j);
            c->args = j.p;
            rc = jvalue(&j, 1);
            c->args_len = (size_t)(j.p - c->args);
            if (!rc && c->args_len > VSC_VALUE_MAX) rc = jfail(&j, "send: the arguments must be at most %zu bytes", VSC_VALUE_MAX);
        }
        break;
    }
    if (!rc) rc = separator(&j, call, 0, nargs);
    if (!rc) {
        jws(&j);
        if (j.p != j.end) rc = jfail(&j, "unexpected bytes after the syscall");
    }
    if (rc) vsc_free(c);
    return rc;
}

/* Append bytes as the body of a JSON string: `"` `\` and controls escaped; well-formed
 * UTF-8 as it is; a WTF-8 surrogate as \uXXXX; any other byte as U+FFFD. */
static void json_quote(Buf *b, const uint8_t *s, size_t n) {
    static const char hexd[] = "0123456789abcdef";
    bput(b, "\"", 1);
    const uint8_t *p = s, *end = s + n;
    while (p < end) {
        uint8_t c = *p;
        uint32_t cp;
        size_t k;
        if (c == '"' || c == '\\') { uint8_t e[2] = { '\\', c }; bput(b, e, 2); p++; continue; }
        if (c < 0x20) {
            char e[7] = { '\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0 };
            bput(b, e, 6);
            p++;
            continue;
        }
        if (c == 0xED && end - p >= 3 && p[1] >= 0xA0 && p[1] <= 0xBF && (p[2] & 0xC0) == 0x80) {
            uint32_t u = 0xD000 | (uint32_t)(p[1] & 63) << 6 | (p[2] & 63);
            char e[7] = { '\\', 'u', hexd[u >> 12], hexd[u >> 8 & 15], hexd[u >> 4 & 15], hexd[u & 15], 0 };
            bput(b, e, 6);
            p += 3;
            continue;
        }
        if ((k = utf8_seq(p, end, &cp)) != 0) { bput(b, p, k); p += k; continue; }
        bput(b, "\xEF\xBF\xBD", 3);
        p++;
    }
    bput(b, "\"", 1);
}

char *vsc_json_string(const uint8_t *s, size_t n, size_t *len) {
    Buf b = { NULL, 0, 0, 0 };
    json_quote(&b, s, n);
    if (b.oom) { free(b.p); return NULL; }
    if (len) *len = b.n;
    return (char *)b.p;
}

/* `["ok",STRING]`, or `["ok",null]` when s is NULL. NULL on out of memory. */
static uint8_t *answer_ok(const uint8_t *s, size_t n, size_t *len) {
    Buf b = { NULL, 0, 0, 0 };
    bput(&b, "[\"ok\",", 6);
    if (s) json_quote(&b, s, n);
    else bput(&b, "null", 4);
    bput(&b, "]", 1);
    if (b.oom) { free(b.p); return NULL; }
    *len = b.n;
    return b.p;
}

/* `["error",MESSAGE]`. NULL on out of memory. */
static uint8_t *answer_error(const char *msg, size_t *len) {
    Buf b = { NULL, 0, 0, 0 };
    bput(&b, "[\"error\",", 9);
    json_quote(&b, (const uint8_t *)msg, strlen(msg));
    bput(&b, "]", 1);
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
    int rc = VS_OK;
    switch (c.kind) {
    case VSC_GET:
    case VSC_NEXT_KEY:
        rc = c.kind == VSC_GET ? vs_kv_get(sv->st, sv->vat, c.a, c.a_len, &v, &vl, err, errcap)
                               : vs_kv_next(sv->st, sv->vat, c.a, c.a_len, &v, &vl, err, errcap);
        if (rc == VS_OK && !(*answer = answer_ok(v, vl, alen))) rc = -1;
        free(v);
        break;
    case VSC_SET:
    case VSC_DELETE:
        rc = c.kind == VSC_SET ? vs_kv_set(sv->st, sv->vat, c.a, c.a_len, c.b, c.b_len, err, errcap)
                               : vs_kv_delete(sv->st, sv->vat, c.a, c.a_len, err, errcap);
        if (rc == VS_OK && !(*answer = answer_ok(NULL, 0, alen))) rc = -1;
        break;
    case VSC_SEND: {
        VsSend m = { sv->position, (int64_t)sv->n, c.a, c.b, c.args, c.a_len, c.b_len, c.args_len };
        rc = vs_outbox_put(sv->st, sv->vat, &m, err, errcap);
        if (rc == VS_OK && !(*answer = answer_ok(NULL, 0, alen))) rc = -1;
        break;
    }
    }
    vsc_free(&c);
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

int vsc_check_state(VatStore *st, const char *vat, int64_t *problems, FILE *out, char *err, size_t errcap) {
    *problems = 0;
    int rc = vs_scratch_reset(st, err, errcap);
    if (rc) return rc;
    VsCursor *cur = vs_items(st, vat, 0, INT64_MAX, err, errcap);
    if (!cur) return VS_ERROR;
    VsItem it;
    int more;
    while (rc == VS_OK && (more = vs_item_next(cur, &it, err, errcap)) == 1) {
        for (size_t i = 0; i < it.nsys && rc == VS_OK; i++) {
            const VsSyscall *sc = &it.sys[i];
            VscCall c;
            char msg[200];
            if (!vsc_answer_is_ok_null(sc->answer, sc->answer_len) || vsc_parse(sc->call, sc->call_len, &c, msg, sizeof msg) < 0)
                continue;                     /* a read, or a refused syscall: no effect */
            if (c.kind == VSC_SET) rc = vs_scratch_set(st, c.a, c.a_len, c.b, c.b_len, err, errcap);
            else if (c.kind == VSC_DELETE) rc = vs_scratch_delete(st, c.a, c.a_len, err, errcap);
            else if (c.kind == VSC_SEND) {
                VsSend m = { it.position, (int64_t)i, c.a, c.b, c.args, c.a_len, c.b_len, c.args_len };
                rc = vs_scratch_send(st, &m, err, errcap);
            }
            vsc_free(&c);
        }
    }
    vs_cursor_free(cur);
    if (rc) return rc;
    if (more < 0) return more == -2 ? VS_CORRUPT : VS_ERROR;
    int64_t kv = 0, ob = 0;
    if ((rc = vs_scratch_compare(st, vat, &kv, &ob, err, errcap))) return rc;
    if (kv && out) fprintf(out, "vatstore: %lld keys differ from the transcript's sets and deletes\n", (long long)kv);
    if (ob && out) fprintf(out, "outbox: %lld rows differ from the transcript's sends\n", (long long)ob);
    *problems = kv + ob;
    return VS_OK;
}
