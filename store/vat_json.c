/* vat_json.c — strict JSON documents for the vat store (vat_json.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vat_json.h"

/* A parser over the input. */
typedef struct Json {
    VjDoc *d;                    /* the document being filled */
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

void vj_put(VjBuf *b, const void *p, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        uint8_t *nb = realloc(b->p, cap);
        if (!nb) { b->oom = 1; return; }
        b->p = nb;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

/* Append code point c as UTF-8 (surrogates as WTF-8: three bytes, like any BMP point). */
static void put_utf8(VjBuf *b, uint32_t c) {
    uint8_t u[4];
    size_t n;
    if (c < 0x80) { u[0] = (uint8_t)c; n = 1; }
    else if (c < 0x800) { u[0] = (uint8_t)(0xC0 | c >> 6); u[1] = (uint8_t)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) { u[0] = (uint8_t)(0xE0 | c >> 12); u[1] = (uint8_t)(0x80 | (c >> 6 & 63)); u[2] = (uint8_t)(0x80 | (c & 63)); n = 3; }
    else { u[0] = (uint8_t)(0xF0 | c >> 18); u[1] = (uint8_t)(0x80 | (c >> 12 & 63)); u[2] = (uint8_t)(0x80 | (c >> 6 & 63)); u[3] = (uint8_t)(0x80 | (c & 63)); n = 4; }
    vj_put(b, u, n);
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
static int jstring(Json *j, VjBuf *out) {
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
            if (k) { if (out) vj_put(out, &to[k - from], 1); continue; }
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
            if (out) put_utf8(out, (uint32_t)u);
            continue;
        }
        uint32_t cp;
        size_t n = utf8_seq(j->p, j->end, &cp);
        if (!n) return jfail(j, "a string is not UTF-8");
        if (out) vj_put(out, j->p, n);
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

/* A new node of type t starting at j->p; its index, or -1. */
static long add_node(Json *j, VjType t) {
    VjDoc *d = j->d;
    if (d->nnodes >= VJ_NODES_MAX) return jfail(j, "more than %zu values", VJ_NODES_MAX);
    if (d->nnodes == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        VjNode *nn = realloc(d->nodes, cap * sizeof *nn);
        if (!nn) return jfail(j, "out of memory");
        d->nodes = nn;
        d->cap = cap;
    }
    VjNode *n = &d->nodes[d->nnodes];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->start = (size_t)(j->p - d->src);
    return (long)d->nnodes++;
}

/* Any value at j->p, appended to the document with its subtree. */
static int jvalue(Json *j, int depth) {
    jws(j);
    if (j->p >= j->end) return jfail(j, "unexpected end of the syscall");
    if (depth > VJ_DEPTH_MAX) return jfail(j, "nested deeper than %d", VJ_DEPTH_MAX);
    uint8_t c = *j->p;
    static const char *const words[] = { "true", "false", "null" };
    static const VjType wtypes[] = { VJ_TRUE, VJ_FALSE, VJ_NULL };
    VjType t = c == '"' ? VJ_STRING : c == '-' || (c >= '0' && c <= '9') ? VJ_NUMBER : c == '[' ? VJ_ARRAY : VJ_OBJECT;
    int word = -1;
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, words[i], n)) { word = i; t = wtypes[i]; }
    }
    if (word < 0 && t == VJ_OBJECT && c != '{') return jfail(j, "unexpected character");
    long me = add_node(j, t);
    if (me < 0) return -1;
    int rc = 0;
    if (word >= 0) j->p += strlen(words[word]);
    else if (t == VJ_STRING) rc = jstring(j, NULL);
    else if (t == VJ_NUMBER) rc = jnumber(j);
    else {
        uint8_t close = c == '[' ? ']' : '}';
        size_t count = 0;
        j->p++;
        jws(j);
        if (j->p < j->end && *j->p == close) j->p++;
        else for (;;) {
            if (close == '}') {
                jws(j);
                if (add_node(j, VJ_STRING) < 0 || jstring(j, NULL) < 0) return -1;
                VjNode *k = &j->d->nodes[j->d->nnodes - 1];
                k->len = (size_t)(j->p - j->d->src) - k->start;
                k->end = j->d->nnodes;
                jws(j);
                if (j->p >= j->end || *j->p != ':') return jfail(j, "expected ':' in an object");
                j->p++;
            }
            if (jvalue(j, depth + 1) < 0) return -1;
            count++;
            jws(j);
            if (j->p < j->end && *j->p == ',') { j->p++; continue; }
            if (j->p < j->end && *j->p == close) { j->p++; break; }
            return jfail(j, "expected ',' or '%c'", close);
        }
        j->d->nodes[me].count = count;
    }
    if (rc < 0) return -1;
    VjNode *n = &j->d->nodes[me];
    n->len = (size_t)(j->p - j->d->src) - n->start;
    n->end = j->d->nnodes;
    return 0;
}

int vj_parse(VjDoc *d, const uint8_t *p, size_t n, char *msg, size_t cap) {
    memset(d, 0, sizeof *d);
    d->src = p;
    d->n = n;
    Json j = { d, p, p + n, msg, cap, 0 };
    if (jvalue(&j, 0) < 0) return -1;
    jws(&j);
    if (j.p != j.end) return jfail(&j, "unexpected bytes after the syscall");
    return 0;
}

void vj_free(VjDoc *d) {
    free(d->nodes);
    d->nodes = NULL;
    d->nnodes = d->cap = 0;
}

size_t vj_elem(const VjDoc *d, size_t arr, size_t k) {
    if (d->nodes[arr].type != VJ_ARRAY || k >= d->nodes[arr].count) return 0;
    size_t i = arr + 1;
    while (k--) i = d->nodes[i].end;
    return i;
}

long vj_member(const VjDoc *d, size_t obj, const char *key) {
    if (d->nodes[obj].type != VJ_OBJECT) return 0;
    size_t klen = strlen(key);
    long found = 0;
    size_t i = obj + 1;
    for (size_t m = 0; m < d->nodes[obj].count; m++) {
        size_t v = d->nodes[i].end;
        const VjNode *k = &d->nodes[i];
        int same;
        if (k->len == klen + 2) same = !memcmp(d->src + k->start + 1, key, klen);
        else {                            /* escapes: compare the decoded key */
            VjBuf b = { NULL, 0, 0, 0 };
            vj_string(d, i, &b);
            same = !b.oom && b.n == klen && !memcmp(b.p, key, klen);
            free(b.p);
        }
        if (same) {
            if (found) return -1;
            found = (long)v;
        }
        i = d->nodes[v].end;
    }
    return found;
}

void vj_string(const VjDoc *d, size_t i, VjBuf *b) {
    char msg[8];
    Json j = { (VjDoc *)d, d->src + d->nodes[i].start, d->src + d->nodes[i].start + d->nodes[i].len, msg, sizeof msg, 0 };
    jstring(&j, b);
    if (!b->p && !b->oom) vj_put(b, "", 0);
}

void vj_quote(VjBuf *b, const uint8_t *s, size_t n) {
    static const char hexd[] = "0123456789abcdef";
    vj_put(b, "\"", 1);
    const uint8_t *p = s, *end = s + n;
    while (p < end) {
        uint8_t c = *p;
        uint32_t cp;
        size_t k;
        if (c == '"' || c == '\\') { uint8_t e[2] = { '\\', c }; vj_put(b, e, 2); p++; continue; }
        if (c < 0x20) {
            char e[7] = { '\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0 };
            vj_put(b, e, 6);
            p++;
            continue;
        }
        if (c == 0xED && end - p >= 3 && p[1] >= 0xA0 && p[1] <= 0xBF && (p[2] & 0xC0) == 0x80) {
            uint32_t u = 0xD000 | (uint32_t)(p[1] & 63) << 6 | (p[2] & 63);
            char e[7] = { '\\', 'u', hexd[u >> 12], hexd[u >> 8 & 15], hexd[u >> 4 & 15], hexd[u & 15], 0 };
            vj_put(b, e, 6);
            p += 3;
            continue;
        }
        if ((k = utf8_seq(p, end, &cp)) != 0) { vj_put(b, p, k); p += k; continue; }
        vj_put(b, "\xEF\xBF\xBD", 3);
        p++;
    }
    vj_put(b, "\"", 1);
}
