/* jsstring.c — JavaScript strings: flat Latin-1/UTF-16 cells, ropes, builders.
 *
 * A flat string is a CELL_STRING: CellHeader, StrHeader {len, hash}, then `len` chars,
 * uint8_t when STR_LATIN1 is set (every char < 256), else uint16_t. Strings that fit Latin-1
 * are always stored as Latin-1, so two equal strings have equal representations.
 * A rope is a CELL_ROPE (MIXED, 2 Values): [left, right] then RopeInfo {len, depth}. Once
 * flattened, left holds the flat string and right is VAL_EMPTY. A packed string (STR_PACKED,
 * vm.h; strpack.c) is a CELL_STRING that is not flat: str_flatten unpacks it. */
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "numconv.h"

#define ROPE_MIN_LEN 48   /* concatenations shorter than this are copied flat */

/* Raw part of a rope cell. */
typedef struct RopeInfo {
    uint32_t len;          /* total length in code units */
    uint32_t depth;        /* 1 + max depth of the children (for balancing decisions) */
} RopeInfo;

static RopeInfo *rope_info(VM *vm, Value s) { return (RopeInfo *)(CELL_VALUES(CELL(vm, val_ref(s))) + 2); }

uint32_t str_hash_chars(const void *chars, size_t len, int latin1) {
    uint32_t h = 2166136261u;
    if (latin1) {
        const uint8_t *p = chars;
        for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 16777619u; }
    } else {
        const uint16_t *p = chars;
        for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 16777619u; }
    }
    return h ? h : 1;
}

uint32_t str_length(VM *vm, Value s) {
    CellHeader *h = CELL(vm, val_ref(s));
    if (h->kind == CELL_STRING) return ((StrHeader *)CELL_VALUES(h))->len;
    return rope_info(vm, s)->len;
}

/* Allocate a flat string of `len` units; latin1 selects the representation. */
static Value str_alloc(VM *vm, size_t len, int latin1) {
    if (len > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    size_t bytes = sizeof(StrHeader) + (latin1 ? len : len * 2);
    Ref r = heap_alloc(vm, CELL_STRING, 0, heap_words_for_bytes(bytes));
    if (!r) return vm_throw_out_of_memory(vm);
    CellHeader *h = CELL(vm, r);
    h->flags = latin1 ? STR_LATIN1 : 0;
    ((StrHeader *)CELL_VALUES(h))->len = (uint32_t)len;
    return val_string(r);
}

Value str_alloc_latin1(VM *vm, size_t len, uint8_t **out) {
    Value s = str_alloc(vm, len, 1);
    if (s != VAL_EXCEPTION) *out = (uint8_t *)(str_header(vm, s) + 1);
    return s;
}

Value str_alloc_utf16(VM *vm, size_t len, uint16_t **out) {
    Value s = str_alloc(vm, len, 0);
    if (s != VAL_EXCEPTION) *out = (uint16_t *)(str_header(vm, s) + 1);
    return s;
}

Value str_from_latin1(VM *vm, const uint8_t *chars, size_t len) {
    Value s = str_alloc(vm, len, 1);
    if (s == VAL_EXCEPTION) return s;
    memcpy(str_header(vm, s) + 1, chars, len);
    return s;
}

Value str_from_utf16(VM *vm, const uint16_t *chars, size_t len) {
    size_t i;
    for (i = 0; i < len; i++)
        if (chars[i] > 0xFF) break;
    if (i == len) {
        Value s = str_alloc(vm, len, 1);
        if (s == VAL_EXCEPTION) return s;
        uint8_t *d = (uint8_t *)(str_header(vm, s) + 1);
        for (i = 0; i < len; i++) d[i] = (uint8_t)chars[i];
        return s;
    }
    Value s = str_alloc(vm, len, 0);
    if (s == VAL_EXCEPTION) return s;
    memcpy(str_header(vm, s) + 1, chars, len * 2);
    return s;
}

/* Decode one UTF-8 sequence at p (n bytes left); returns the code point (U+FFFD for an
 * invalid sequence) and sets *used. */
static uint32_t utf8_decode(const uint8_t *p, size_t n, size_t *used) {
    uint8_t c = p[0];
    *used = 1;
    if (c < 0x80) return c;
    int need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return 0xFFFD;
    if ((size_t)need >= n) return 0xFFFD;
    for (int i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF) return 0xFFFD;
    *used = (size_t)need + 1;
    return cp;
}

Value str_from_utf8(VM *vm, const char *utf8, size_t len) {
    const uint8_t *p = (const uint8_t *)utf8;
    size_t i, units = 0;
    int wide = 0;
    for (i = 0; i < len && p[i] < 0x80; i++) {}
    if (i == len) return str_from_latin1(vm, p, len);
    for (i = 0; i < len;) {
        size_t used;
        uint32_t cp = utf8_decode(p + i, len - i, &used);
        i += used;
        units += cp >= 0x10000 ? 2 : 1;
        if (cp > 0xFF) wide = 1;
    }
    if (!wide) {
        uint8_t *d;
        Value s = str_alloc_latin1(vm, units, &d);
        if (s == VAL_EXCEPTION) return s;
        for (i = 0; i < len;) {
            size_t used;
            *d++ = (uint8_t)utf8_decode(p + i, len - i, &used);
            i += used;
        }
        return s;
    }
    uint16_t *d;
    Value s = str_alloc_utf16(vm, units, &d);
    if (s == VAL_EXCEPTION) return s;
    for (i = 0; i < len;) {
        size_t used;
        uint32_t cp = utf8_decode(p + i, len - i, &used);
        i += used;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            *d++ = (uint16_t)(0xD800 + (cp >> 10));
            *d++ = (uint16_t)(0xDC00 + (cp & 0x3FF));
        } else {
            *d++ = (uint16_t)cp;
        }
    }
    return s;
}

Value str_from_cstr(VM *vm, const char *cstr) { return str_from_utf8(vm, cstr, strlen(cstr)); }

Value str_from_char(VM *vm, uint16_t c) {
    if (c < 256) {
        uint8_t b = (uint8_t)c;
        return str_from_latin1(vm, &b, 1);
    }
    return str_from_utf16(vm, &c, 1);
}

Value str_from_codepoint(VM *vm, uint32_t cp) {
    if (cp < 0x10000) return str_from_char(vm, (uint16_t)cp);
    uint16_t u[2];
    cp -= 0x10000;
    u[0] = (uint16_t)(0xD800 + (cp >> 10));
    u[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    return str_from_utf16(vm, u, 2);
}

Value str_from_double(VM *vm, double d) {
    char buf[64];
    int n = num_to_string(d, buf);
    return str_from_latin1(vm, (const uint8_t *)buf, (size_t)n);
}

Value str_from_int(VM *vm, int64_t i) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)i);
    return str_from_latin1(vm, (const uint8_t *)buf, (size_t)n);
}

/* Copy the units of flat string s into a UTF-16 buffer. */
static void copy_units16(VM *vm, Value s, uint16_t *dst) {
    StrHeader *sh = str_header(vm, s);
    if (str_is_latin1(vm, s)) {
        const uint8_t *p = (const uint8_t *)(sh + 1);
        for (uint32_t i = 0; i < sh->len; i++) dst[i] = p[i];
    } else {
        memcpy(dst, sh + 1, (size_t)sh->len * 2);
    }
}

/* Whether every unit of a (flat or rope) string is < 256. Ropes record it in their flags. */
static int str_is_narrow(VM *vm, Value s) {
    CellHeader *h = CELL(vm, val_ref(s));
    if (h->kind == CELL_STRING) return (h->flags & STR_LATIN1) != 0;
    return (h->flags & STR_LATIN1) != 0;
}

Value str_concat(VM *vm, Value a, Value b) {
    uint32_t la = str_length(vm, a), lb = str_length(vm, b);
    if (la == 0) return b;
    if (lb == 0) return a;
    size_t len = (size_t)la + lb;
    if (len > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    int narrow = str_is_narrow(vm, a) && str_is_narrow(vm, b);
    if (len < ROPE_MIN_LEN && str_is_flat(vm, a) && str_is_flat(vm, b)) {
        Value s = str_alloc(vm, len, narrow);
        if (s == VAL_EXCEPTION) return s;
        if (narrow) {
            uint8_t *d = (uint8_t *)(str_header(vm, s) + 1);
            memcpy(d, str_latin1(vm, a), la);
            memcpy(d + la, str_latin1(vm, b), lb);
        } else {
            uint16_t *d = (uint16_t *)(str_header(vm, s) + 1);
            copy_units16(vm, a, d);
            copy_units16(vm, b, d + la);
        }
        return s;
    }
    Ref r = heap_alloc(vm, CELL_ROPE, 2, 1 + 2 + 1);
    if (!r) return vm_throw_out_of_memory(vm);
    CellHeader *h = CELL(vm, r);
    h->flags = narrow ? STR_LATIN1 : 0;
    Value rope = val_string(r);
    Value *w = CELL_VALUES(h);
    w[0] = a;
    w[1] = b;
    uint32_t da = str_is_flat(vm, a) ? 0 : rope_info(vm, a)->depth;
    uint32_t db = str_is_flat(vm, b) ? 0 : rope_info(vm, b)->depth;
    RopeInfo *ri = rope_info(vm, rope);
    ri->len = (uint32_t)len;
    ri->depth = 1 + (da > db ? da : db);
    return rope;
}

Value str_flatten(VM *vm, Value s) {
    CellHeader *h = CELL(vm, val_ref(s));
    if (h->kind == CELL_STRING) return (h->flags & STR_PACKED) ? strpack_flatten(vm, s) : s;
    Value *w = CELL_VALUES(h);
    if (w[1] == VAL_EMPTY) return str_flatten(vm, w[0]);   /* flat, or packed by a snapshot */
    uint32_t len = rope_info(vm, s)->len;
    int narrow = (h->flags & STR_LATIN1) != 0;
    Value flat = str_alloc(vm, len, narrow);
    if (flat == VAL_EXCEPTION) return flat;
    /* Iterative right-to-left fill with an explicit stack (ropes can be very deep). */
    size_t cap = 64, n = 0;
    Value *stack = malloc(cap * sizeof(Value));
    if (!stack) return vm_throw_out_of_memory(vm);
    stack[n++] = s;
    size_t pos = len;
    while (n) {
        Value cur = stack[--n];
        CellHeader *ch = CELL(vm, val_ref(cur));
        if (ch->kind == CELL_ROPE && CELL_VALUES(ch)[1] == VAL_EMPTY) {
            cur = CELL_VALUES(ch)[0];
            ch = CELL(vm, val_ref(cur));
        }
        if (ch->kind == CELL_STRING) {
            StrHeader *sh = (StrHeader *)CELL_VALUES(ch);
            pos -= sh->len;
            if (ch->flags & STR_PACKED) {
                /* a packed leaf (never in a narrow rope): decode straight into place */
                if (strpack_decode_units(ch, (uint16_t *)(str_header(vm, flat) + 1) + pos) < 0) {
                    free(stack);
                    return vm_throw_type_error(vm, "corrupt packed string");
                }
            } else if (narrow) {
                memcpy((uint8_t *)(str_header(vm, flat) + 1) + pos, sh + 1, sh->len);
            } else {
                copy_units16(vm, cur, (uint16_t *)(str_header(vm, flat) + 1) + pos);
            }
            continue;
        }
        if (n + 2 > cap) {
            cap *= 2;
            Value *ns = realloc(stack, cap * sizeof(Value));
            if (!ns) { free(stack); return vm_throw_out_of_memory(vm); }
            stack = ns;
        }
        /* push left first so the right child is filled first (we fill from the end) */
        stack[n++] = CELL_VALUES(ch)[0];
        stack[n++] = CELL_VALUES(ch)[1];
    }
    free(stack);
    w = CELL_VALUES(CELL(vm, val_ref(s)));
    w[0] = flat;
    w[1] = VAL_EMPTY;
    return flat;
}

Value str_substring(VM *vm, Value s, uint32_t start, uint32_t end) {
    if (start >= end) return ATOM(vm, empty);
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    if (start == 0 && end == str_header(vm, s)->len) return s;
    if (str_is_latin1(vm, s)) return str_from_latin1(vm, str_latin1(vm, s) + start, end - start);
    return str_from_utf16(vm, str_utf16(vm, s) + start, end - start);
}

/* Compare two flat strings' units. */
static int flat_compare(VM *vm, Value a, Value b, int eq_only) {
    StrHeader *ha = str_header(vm, a), *hb = str_header(vm, b);
    uint32_t la = ha->len, lb = hb->len;
    if (eq_only && la != lb) return 1;
    uint32_t n = la < lb ? la : lb;
    int a1 = str_is_latin1(vm, a), b1 = str_is_latin1(vm, b);
    if (a1 && b1) {
        int c = memcmp(ha + 1, hb + 1, n);
        if (c) return c;
    } else if (!a1 && !b1 && eq_only) {
        if (memcmp(ha + 1, hb + 1, (size_t)n * 2)) return 1;
    } else {
        for (uint32_t i = 0; i < n; i++) {
            uint16_t ca = a1 ? ((uint8_t *)(ha + 1))[i] : ((uint16_t *)(ha + 1))[i];
            uint16_t cb = b1 ? ((uint8_t *)(hb + 1))[i] : ((uint16_t *)(hb + 1))[i];
            if (ca != cb) return ca < cb ? -1 : 1;
        }
    }
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

bool str_equals(VM *vm, Value a, Value b) {
    if (a == b) return true;
    CellHeader *ha = CELL(vm, val_ref(a)), *hb = CELL(vm, val_ref(b));
    if ((ha->flags & STR_ATOM) && (hb->flags & STR_ATOM) && ha->kind == CELL_STRING && hb->kind == CELL_STRING)
        return false;
    if (str_length(vm, a) != str_length(vm, b)) return false;
    a = str_flatten(vm, a);
    b = str_flatten(vm, b);
    if (a == VAL_EXCEPTION || b == VAL_EXCEPTION) return false;
    StrHeader *sa = str_header(vm, a), *sb = str_header(vm, b);
    if (sa->hash && sb->hash && sa->hash != sb->hash) return false;
    return flat_compare(vm, a, b, 1) == 0;
}

int str_compare(VM *vm, Value a, Value b) {
    if (a == b) return 0;
    a = str_flatten(vm, a);
    b = str_flatten(vm, b);
    if (a == VAL_EXCEPTION || b == VAL_EXCEPTION) return 0;
    return flat_compare(vm, a, b, 0);
}

int64_t str_index_of(VM *vm, Value hay, Value needle, uint32_t from) {
    hay = str_flatten(vm, hay);
    needle = str_flatten(vm, needle);
    if (hay == VAL_EXCEPTION || needle == VAL_EXCEPTION) return -1;
    uint32_t lh = str_header(vm, hay)->len, ln = str_header(vm, needle)->len;
    if (ln == 0) return from <= lh ? (int64_t)from : -1;
    if (ln > lh) return -1;
    uint16_t first = str_at(vm, needle, 0);
    int h1 = str_is_latin1(vm, hay), n1 = str_is_latin1(vm, needle);
    if (h1 && n1) {
        const uint8_t *h = str_latin1(vm, hay), *nd = str_latin1(vm, needle);
        for (uint32_t i = from; i + ln <= lh; i++) {
            const uint8_t *p = memchr(h + i, nd[0], lh - ln + 1 - i);
            if (!p) return -1;
            i = (uint32_t)(p - h);
            if (memcmp(p, nd, ln) == 0) return i;
        }
        return -1;
    }
    for (uint32_t i = from; i + ln <= lh; i++) {
        if (str_at(vm, hay, i) != first) continue;
        uint32_t j = 1;
        while (j < ln && str_at(vm, hay, i + j) == str_at(vm, needle, j)) j++;
        if (j == ln) return i;
    }
    return -1;
}

uint32_t str_codepoint_at(VM *vm, Value s, uint32_t i, uint32_t *units) {
    uint32_t len = str_header(vm, s)->len;
    uint16_t c = str_at(vm, s, i);
    *units = 1;
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len) {
        uint16_t d = str_at(vm, s, i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
            *units = 2;
            return 0x10000 + (((uint32_t)c - 0xD800) << 10) + (d - 0xDC00);
        }
    }
    return c;
}

char *str_to_utf8(VM *vm, Value s, size_t *len_out) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); s = ATOM(vm, empty); }
    uint32_t len = str_header(vm, s)->len;
    char *out = malloc((size_t)len * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (uint32_t i = 0; i < len;) {
        uint32_t units;
        uint32_t cp = str_codepoint_at(vm, s, i, &units);
        i += units;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        if (cp < 0x80) out[o++] = (char)cp;
        else if (cp < 0x800) { out[o++] = (char)(0xC0 | (cp >> 6)); out[o++] = (char)(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | (cp >> 12)); out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (cp >> 18)); out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[o] = 0;
    if (len_out) *len_out = o;
    return out;
}

/* ------------------------------------------------------------------------------------ */
/* StrBuilder                                                                             */
/* ------------------------------------------------------------------------------------ */

void sb_init(StrBuilder *sb, VM *vm) {
    sb->vm = vm;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->wide = 0;
    sb->failed = 0;
}

void sb_free(StrBuilder *sb) {
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

/* Make room for `extra` more units, widening to UTF-16 when `wide` is requested. */
static int sb_reserve(StrBuilder *sb, size_t extra, int wide) {
    if (sb->failed) return 0;
    size_t need = sb->len + extra;
    if (need > STR_MAX_LEN) { sb->failed = 1; return 0; }
    if (wide && !sb->wide) {
        size_t cap = need > sb->cap ? need + need / 2 + 16 : sb->cap;
        uint16_t *nb = malloc(cap * 2);
        if (!nb) { sb->failed = 1; return 0; }
        for (size_t i = 0; i < sb->len; i++) nb[i] = sb->buf[i];
        free(sb->buf);
        sb->buf = (uint8_t *)nb;
        sb->cap = cap;
        sb->wide = 1;
        return 1;
    }
    if (need <= sb->cap) return 1;
    size_t cap = need + need / 2 + 16;
    uint8_t *nb = realloc(sb->buf, cap * (sb->wide ? 2 : 1));
    if (!nb) { sb->failed = 1; return 0; }
    sb->buf = nb;
    sb->cap = cap;
    return 1;
}

void sb_append_char(StrBuilder *sb, uint16_t c) {
    if (!sb_reserve(sb, 1, c > 0xFF)) return;
    if (sb->wide) ((uint16_t *)sb->buf)[sb->len++] = c;
    else sb->buf[sb->len++] = (uint8_t)c;
}

void sb_append_codepoint(StrBuilder *sb, uint32_t cp) {
    if (cp >= 0x10000) {
        cp -= 0x10000;
        sb_append_char(sb, (uint16_t)(0xD800 + (cp >> 10)));
        sb_append_char(sb, (uint16_t)(0xDC00 + (cp & 0x3FF)));
    } else {
        sb_append_char(sb, (uint16_t)cp);
    }
}

void sb_append_latin1(StrBuilder *sb, const uint8_t *s, size_t n) {
    if (n == 0 || !sb_reserve(sb, n, 0)) return;
    if (sb->wide) {
        uint16_t *d = (uint16_t *)sb->buf + sb->len;
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    } else {
        memcpy(sb->buf + sb->len, s, n);
    }
    sb->len += n;
}

void sb_append_utf16(StrBuilder *sb, const uint16_t *s, size_t n) {
    if (n == 0) return;
    int wide = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] > 0xFF) { wide = 1; break; }
    if (!sb_reserve(sb, n, wide)) return;
    if (sb->wide) memcpy((uint16_t *)sb->buf + sb->len, s, n * 2);
    else for (size_t i = 0; i < n; i++) sb->buf[sb->len + i] = (uint8_t)s[i];
    sb->len += n;
}

void sb_append_cstr(StrBuilder *sb, const char *s) {
    size_t n = strlen(s);
    size_t i;
    for (i = 0; i < n && (uint8_t)s[i] < 0x80; i++) {}
    if (i == n) { sb_append_latin1(sb, (const uint8_t *)s, n); return; }
    const uint8_t *p = (const uint8_t *)s;
    for (i = 0; i < n;) {
        size_t used;
        uint32_t cp = utf8_decode(p + i, n - i, &used);
        i += used;
        sb_append_codepoint(sb, cp);
    }
}

void sb_append_string(StrBuilder *sb, Value s) {
    VM *vm = sb->vm;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); sb->failed = 1; return; }
    uint32_t n = str_header(vm, s)->len;
    if (str_is_latin1(vm, s)) sb_append_latin1(sb, str_latin1(vm, s), n);
    else sb_append_utf16(sb, str_utf16(vm, s), n);
}

Value sb_finish(StrBuilder *sb) {
    VM *vm = sb->vm;
    Value r;
    if (sb->failed) r = vm_throw_range_error(vm, "Invalid string length");
    else if (sb->wide) r = str_from_utf16(vm, (uint16_t *)sb->buf, sb->len);
    else r = str_from_latin1(vm, sb->buf ? sb->buf : (const uint8_t *)"", sb->len);
    sb_free(sb);
    return r;
}
