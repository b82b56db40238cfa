/* unicode.c: lookups over the generated tables of unicode_tables.c: lexer classes, case
 * mapping, normalization and RegExp property queries.  See unicode.h for the contracts. */

#include "unicode.h"

#include <stdlib.h>
#include <string.h>

#define UNI_MAX_CP 0x10FFFFu

/* Hangul syllable composition constants (Unicode 3.12). */
#define HANGUL_SBASE 0xAC00u
#define HANGUL_LBASE 0x1100u
#define HANGUL_VBASE 0x1161u
#define HANGUL_TBASE 0x11A7u
#define HANGUL_LCOUNT 19u
#define HANGUL_VCOUNT 21u
#define HANGUL_TCOUNT 28u
#define HANGUL_NCOUNT (HANGUL_VCOUNT * HANGUL_TCOUNT)
#define HANGUL_SCOUNT (HANGUL_LCOUNT * HANGUL_NCOUNT)

/* ---------------------------------------------------------------------------------------
 * Trie access */

/* Value of cp (<= 0x10FFFF) in an 8-bit trie. */
static inline uint32_t trie8_get(const struct uni_trie8 *t, uint32_t cp)
{
    uint32_t lb = t->leaf_bits, mb = t->mid_bits;
    uint32_t m = t->top[cp >> (lb + mb)];
    uint32_t l = t->mid[(m << mb) + ((cp >> lb) & ((1u << mb) - 1))];
    return t->leaf[(l << lb) + (cp & ((1u << lb) - 1))];
}

/* Value of cp (<= 0x10FFFF) in a 16-bit trie. */
static inline uint32_t trie16_get(const struct uni_trie16 *t, uint32_t cp)
{
    uint32_t lb = t->leaf_bits, mb = t->mid_bits;
    uint32_t m = t->top[cp >> (lb + mb)];
    uint32_t l = t->mid[(m << mb) + ((cp >> lb) & ((1u << mb) - 1))];
    return t->leaf[(l << lb) + (cp & ((1u << lb) - 1))];
}

/* Info record of cp: General_Category | UNI_INFO_* flags. */
static inline uint32_t info_of(uint32_t cp)
{
    if (cp > UNI_MAX_CP)
        return UNI_GC_Cn;
    return uni_info_recs[trie8_get(&uni_info_trie, cp)];
}

/* Case record of cp (record 0, all zero, when cp has no case data). */
static inline const struct uni_case_rec *case_of(uint32_t cp)
{
    if (cp > UNI_MAX_CP)
        return &uni_case_recs[0];
    return &uni_case_recs[trie16_get(&uni_case_trie, cp)];
}

/* ---------------------------------------------------------------------------------------
 * Lexer classes and general category */

int uni_is_id_start(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) - 'a' < 26) || cp == '$' || cp == '_';
    return (info_of(cp) & UNI_INFO_ID_START) != 0;
}

int uni_is_id_continue(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) - 'a' < 26) || (cp - '0' < 10) || cp == '$' || cp == '_';
    if (cp == 0x200C || cp == 0x200D)
        return 1;
    return (info_of(cp) & UNI_INFO_ID_CONTINUE) != 0;
}

int uni_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == 0x20 || cp == 0x09 || cp == 0x0B || cp == 0x0C;
    if (cp == 0xA0 || cp == 0xFEFF)
        return 1;
    return (info_of(cp) & UNI_INFO_GC_MASK) == UNI_GC_Zs;
}

int uni_is_line_terminator(uint32_t cp)
{
    return cp == 0x0A || cp == 0x0D || cp == 0x2028 || cp == 0x2029;
}

enum uni_gc uni_general_category(uint32_t cp)
{
    return (enum uni_gc)(info_of(cp) & UNI_INFO_GC_MASK);
}

unsigned uni_combining_class(uint32_t cp)
{
    if (cp < 0x300 || cp > UNI_MAX_CP)
        return 0;
    return trie8_get(&uni_ccc_trie, cp);
}

/* ---------------------------------------------------------------------------------------
 * Case mapping */

uint32_t uni_simple_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp - 'a' < 26 ? cp - 32 : cp;
    return cp + (uint32_t)case_of(cp)->upper;
}

uint32_t uni_simple_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp - 'A' < 26 ? cp + 32 : cp;
    return cp + (uint32_t)case_of(cp)->lower;
}

uint32_t uni_simple_fold(uint32_t cp)
{
    if (cp < 0x80)
        return cp - 'A' < 26 ? cp + 32 : cp;
    return cp + (uint32_t)case_of(cp)->fold;
}

/* Copies the special mapping sp (offset << 2 | length in uni_special_case) to out. */
static size_t copy_special(uint32_t sp, uint32_t *out)
{
    size_t len = sp & 3, i;
    const uint32_t *p = uni_special_case + (sp >> 2);
    for (i = 0; i < len; i++)
        out[i] = p[i];
    return len;
}

size_t uni_full_upper(uint32_t cp, uint32_t out[UNI_MAX_CASE_EXPANSION])
{
    const struct uni_case_rec *r = case_of(cp);
    if (r->special_upper)
        return copy_special(r->special_upper, out);
    out[0] = cp + (uint32_t)r->upper;
    return 1;
}

size_t uni_full_lower(uint32_t cp, uint32_t out[UNI_MAX_CASE_EXPANSION])
{
    const struct uni_case_rec *r = case_of(cp);
    if (r->special_lower)
        return copy_special(r->special_lower, out);
    out[0] = cp + (uint32_t)r->lower;
    return 1;
}

/* Appends cp as UTF-16 to dst (when not NULL) at *len; a value in 0xD800..0xDFFF (a lone
 * surrogate passed through) is written as one code unit. */
static inline void put_utf16(uint16_t *dst, size_t *len, uint32_t cp)
{
    if (cp < 0x10000) {
        if (dst)
            dst[*len] = (uint16_t)cp;
        *len += 1;
    } else {
        if (dst) {
            dst[*len] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            dst[*len + 1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
        }
        *len += 2;
    }
}

/* Decodes the code point at src[*i] (a pair or a lone surrogate) and advances *i. */
static inline uint32_t next_cp(const uint16_t *src, size_t n, size_t *i)
{
    uint32_t c = src[*i];
    *i += 1;
    if (c - 0xD800 < 0x400 && *i < n && (uint32_t)src[*i] - 0xDC00 < 0x400) {
        c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t)src[*i] - 0xDC00);
        *i += 1;
    }
    return c;
}

/* Decodes the code point ending just before src[*i] and moves *i back over it. */
static inline uint32_t prev_cp(const uint16_t *src, size_t *i)
{
    uint32_t c = src[--*i];
    if (c - 0xDC00 < 0x400 && *i > 0 && (uint32_t)src[*i - 1] - 0xD800 < 0x400) {
        *i -= 1;
        c = 0x10000 + (((uint32_t)src[*i] - 0xD800) << 10) + (c - 0xDC00);
    }
    return c;
}

size_t uni_to_upper_utf16(const uint16_t *src, size_t n, uint16_t *dst)
{
    size_t i = 0, len = 0, k, m;
    uint32_t buf[UNI_MAX_CASE_EXPANSION];
    while (i < n) {
        uint32_t c = src[i];
        if (c < 0x80) {
            if (dst)
                dst[len] = (uint16_t)(c - 'a' < 26 ? c - 32 : c);
            len++;
            i++;
            continue;
        }
        c = next_cp(src, n, &i);
        m = uni_full_upper(c, buf);
        for (k = 0; k < m; k++)
            put_utf16(dst, &len, buf[k]);
    }
    return len;
}

/* Final_Sigma (Unicode 3.13, Table 3-17) for the U+03A3 at src[pos]: preceded by a Cased
 * code point and then zero or more Case_Ignorable ones, and not followed by zero or more
 * Case_Ignorable code points and then a Cased one.  A code point that is both Cased and
 * Case_Ignorable (e.g. U+0345, U+02B0) is treated as Case_Ignorable while scanning, as
 * ICU does and test262 (toLowerCase/special_casing_conditional.js) expects. */
static int final_sigma(const uint16_t *src, size_t n, size_t pos)
{
    size_t i = pos;
    int before = 0;
    while (i > 0) {
        uint32_t f = info_of(prev_cp(src, &i));
        if (f & UNI_INFO_CASE_IGNORABLE)
            continue;
        before = (f & UNI_INFO_CASED) != 0;
        break;
    }
    if (!before)
        return 0;
    i = pos + 1;
    while (i < n) {
        uint32_t f = info_of(next_cp(src, n, &i));
        if (f & UNI_INFO_CASE_IGNORABLE)
            continue;
        return (f & UNI_INFO_CASED) == 0;
    }
    return 1;
}

size_t uni_to_lower_utf16(const uint16_t *src, size_t n, uint16_t *dst)
{
    size_t i = 0, len = 0, k, m;
    uint32_t buf[UNI_MAX_CASE_EXPANSION];
    while (i < n) {
        uint32_t c = src[i];
        if (c < 0x80) {
            if (dst)
                dst[len] = (uint16_t)(c - 'A' < 26 ? c + 32 : c);
            len++;
            i++;
            continue;
        }
        if (c == 0x03A3) {
            put_utf16(dst, &len, final_sigma(src, n, i) ? 0x03C2 : 0x03C3);
            i++;
            continue;
        }
        c = next_cp(src, n, &i);
        m = uni_full_lower(c, buf);
        for (k = 0; k < m; k++)
            put_utf16(dst, &len, buf[k]);
    }
    return len;
}

uint32_t uni_canonicalize(uint32_t ch, int unicode)
{
    uint32_t buf[UNI_MAX_CASE_EXPANSION];
    if (unicode)
        return uni_simple_fold(ch);
    if (ch < 0x80)
        return ch - 'a' < 26 ? ch - 32 : ch;
    if (ch > 0xFFFF || ch - 0xD800 < 0x800)
        return ch;
    if (uni_full_upper(ch, buf) != 1 || buf[0] > 0xFFFF || buf[0] < 0x80)
        return ch;
    return buf[0];
}

uint32_t uni_canonicalize_next(uint32_t ch, int unicode)
{
    const struct uni_case_rec *r;
    if (!unicode && ch > 0xFFFF)
        return ch;
    r = case_of(ch);
    return ch + (uint32_t)(unicode ? r->orbit_u : r->orbit_legacy);
}

uint32_t uni_case_skip(uint32_t ch)
{
    uint32_t lo = 0, hi = uni_case_gaps_len;
    while (lo < hi) {  /* the first run whose last code point is >= ch */
        uint32_t mid = lo + (hi - lo) / 2;
        if (uni_case_gaps[2 * mid + 1] < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < uni_case_gaps_len && uni_case_gaps[2 * lo] <= ch)
        return uni_case_gaps[2 * lo + 1] + 1;
    return ch;
}

/* ---------------------------------------------------------------------------------------
 * Normalization.  The working buffer holds one uint32_t per code point with its combining
 * class in the top 8 bits (code points need 21), so ordering and composition need no
 * further lookups. */

#define PACK(cp, ccc) ((uint32_t)(cp) | ((uint32_t)(ccc) << 24))
#define PACK_CP(x) ((x) & 0xFFFFFFu)
#define PACK_CCC(x) ((x) >> 24)

/* A growable array of packed code points. */
struct cpbuf {
    uint32_t *p;  /* malloc'd storage */
    size_t len;   /* elements in use */
    size_t cap;   /* elements allocated */
};

/* Makes room for extra more elements; nonzero on allocation failure or overflow. */
static int cpbuf_reserve(struct cpbuf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 16;
    uint32_t *q;
    if (b->cap - b->len >= extra)
        return 0;
    while (cap - b->len < extra) {
        if (cap > SIZE_MAX / 2 / sizeof(uint32_t))
            return -1;
        cap *= 2;
    }
    q = realloc(b->p, cap * sizeof(uint32_t));
    if (!q)
        return -1;
    b->p = q;
    b->cap = cap;
    return 0;
}

/* Appends the full decomposition of cp (canonical, or compatibility when compat) to b. */
static int decompose_cp(struct cpbuf *b, uint32_t cp, int compat)
{
    uint32_t idx, hdr, len;
    const uint32_t *seq;
    if (cp - HANGUL_SBASE < HANGUL_SCOUNT) {
        uint32_t s = cp - HANGUL_SBASE, t = s % HANGUL_TCOUNT;
        if (cpbuf_reserve(b, 3))
            return -1;
        b->p[b->len++] = HANGUL_LBASE + s / HANGUL_NCOUNT;
        b->p[b->len++] = HANGUL_VBASE + (s % HANGUL_NCOUNT) / HANGUL_TCOUNT;
        if (t)
            b->p[b->len++] = HANGUL_TBASE + t;
        return 0;
    }
    idx = cp <= UNI_MAX_CP ? trie16_get(&uni_decomp_trie, cp) : 0;
    hdr = uni_decomp_pool[idx];
    len = hdr & 31;
    seq = uni_decomp_pool + idx + 1;
    if (compat && (hdr >> 5) != 0) {
        seq += len;
        len = hdr >> 5;
    }
    if (idx == 0 || len == 0) {
        if (cpbuf_reserve(b, 1))
            return -1;
        b->p[b->len++] = PACK(cp, uni_combining_class(cp));
        return 0;
    }
    if (cpbuf_reserve(b, len))
        return -1;
    while (len--) {
        uint32_t c = *seq++;
        b->p[b->len++] = PACK(c, uni_combining_class(c));
    }
    return 0;
}

/* Stable sort of p[0..n) by combining class: insertion sort for short runs, merge sort
 * (with tmp, room for n) for long ones so that hostile input stays O(n log n). */
static void sort_by_ccc(uint32_t *p, size_t n, uint32_t *tmp)
{
    size_t i, j, w, lo, mid, hi, a, b, k;
    if (n <= 32 || !tmp) {
        for (i = 1; i < n; i++) {
            uint32_t x = p[i];
            for (j = i; j > 0 && PACK_CCC(p[j - 1]) > PACK_CCC(x); j--)
                p[j] = p[j - 1];
            p[j] = x;
        }
        return;
    }
    for (w = 1; w < n; w *= 2) {
        for (lo = 0; lo < n; lo += 2 * w) {
            mid = lo + w < n ? lo + w : n;
            hi = lo + 2 * w < n ? lo + 2 * w : n;
            a = lo;
            b = mid;
            k = lo;
            while (a < mid && b < hi)
                tmp[k++] = PACK_CCC(p[b]) < PACK_CCC(p[a]) ? p[b++] : p[a++];
            while (a < mid)
                tmp[k++] = p[a++];
            while (b < hi)
                tmp[k++] = p[b++];
        }
        memcpy(p, tmp, n * sizeof(uint32_t));
    }
}

/* Canonical Ordering Algorithm over the whole buffer; nonzero on allocation failure. */
static int canonical_order(uint32_t *p, size_t n)
{
    size_t i = 0, start;
    uint32_t *tmp = NULL;
    while (i < n) {
        if (PACK_CCC(p[i]) == 0) {
            i++;
            continue;
        }
        start = i;
        while (i < n && PACK_CCC(p[i]) != 0)
            i++;
        if (i - start > 32 && !tmp) {
            tmp = malloc(n * sizeof(uint32_t));
            if (!tmp)
                return -1;
        }
        if (i - start > 1)
            sort_by_ccc(p + start, i - start, tmp);
    }
    free(tmp);
    return 0;
}

/* The primary composite of a + b, or 0 if there is none. */
static uint32_t compose_pair(uint32_t a, uint32_t b)
{
    size_t lo = 0, hi = uni_comp_pairs_len;
    if (a - HANGUL_LBASE < HANGUL_LCOUNT && b - HANGUL_VBASE < HANGUL_VCOUNT)
        return HANGUL_SBASE + ((a - HANGUL_LBASE) * HANGUL_VCOUNT + (b - HANGUL_VBASE))
               * HANGUL_TCOUNT;
    if (a - HANGUL_SBASE < HANGUL_SCOUNT && (a - HANGUL_SBASE) % HANGUL_TCOUNT == 0
        && b - HANGUL_TBASE - 1 < HANGUL_TCOUNT - 1)
        return a + (b - HANGUL_TBASE);
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        const struct uni_comp_pair *q = &uni_comp_pairs[m];
        if (q->first < a || (q->first == a && q->second < b))
            lo = m + 1;
        else if (q->first == a && q->second == b)
            return q->composite;
        else
            hi = m;
    }
    return 0;
}

/* Canonical Composition Algorithm in place; returns the new length. */
static size_t canonical_compose(uint32_t *p, size_t n)
{
    size_t i, out = 0, starter = 0;
    int have_starter = 0, adjacent = 0;
    uint32_t last_ccc = 0;
    for (i = 0; i < n; i++) {
        uint32_t x = p[i], ccc = PACK_CCC(x);
        if (have_starter && (adjacent || (last_ccc < ccc))) {
            uint32_t comp = compose_pair(PACK_CP(p[starter]), PACK_CP(x));
            if (comp) {
                p[starter] = PACK(comp, 0);
                continue;
            }
        }
        if (ccc == 0) {
            have_starter = 1;
            adjacent = 1;
            starter = out;
        } else {
            adjacent = 0;
            last_ccc = ccc;
        }
        p[out++] = x;
    }
    return out;
}

int uni_normalize(const uint16_t *src, size_t n, int form, uint16_t **out, size_t *out_len)
{
    int compat = form == UNI_NFKC || form == UNI_NFKD;
    int compose = form == UNI_NFC || form == UNI_NFKC;
    uint32_t quick = form == UNI_NFC ? 0x300 : form == UNI_NFD ? 0xC0 : 0xA0;
    struct cpbuf b = { NULL, 0, 0 };
    size_t i, len;
    uint16_t *res;
    *out = NULL;
    *out_len = 0;
    if (form < UNI_NFC || form > UNI_NFKD)
        return -1;
    /* Text below the form's first affected code point is already normalized. */
    for (i = 0; i < n && src[i] < quick; i++)
        ;
    if (i == n) {
        res = malloc(n ? n * sizeof(uint16_t) : 1);
        if (!res)
            return -1;
        if (n)
            memcpy(res, src, n * sizeof(uint16_t));
        *out = res;
        *out_len = n;
        return 0;
    }
    if (cpbuf_reserve(&b, n + 8))
        return -1;
    i = 0;
    while (i < n) {
        uint32_t c = next_cp(src, n, &i);
        if (decompose_cp(&b, c, compat)) {
            free(b.p);
            return -1;
        }
    }
    if (canonical_order(b.p, b.len)) {
        free(b.p);
        return -1;
    }
    if (compose)
        b.len = canonical_compose(b.p, b.len);
    len = 0;
    for (i = 0; i < b.len; i++)
        len += PACK_CP(b.p[i]) >= 0x10000 ? 2 : 1;
    res = malloc(len ? len * sizeof(uint16_t) : 1);
    if (!res) {
        free(b.p);
        return -1;
    }
    len = 0;
    for (i = 0; i < b.len; i++)
        put_utf16(res, &len, PACK_CP(b.p[i]));
    free(b.p);
    *out = res;
    *out_len = len;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Properties */

/* Index of the last run in runs[0..n) (value = first code point << shift | data) whose
 * first code point is <= cp; runs[0] starts at 0. */
static size_t run_find(const uint32_t *runs, size_t n, unsigned shift, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t m = lo + (hi - lo) / 2;
        if ((runs[m] >> shift) <= cp)
            lo = m;
        else
            hi = m;
    }
    return lo;
}

/* Script index of cp. */
static uint32_t script_of(uint32_t cp)
{
    return uni_sc_runs[run_find(uni_sc_runs, uni_sc_runs_len, 8, cp)] & 0xFF;
}

/* Script_Extensions set number of cp (0: none, use the Script). */
static uint32_t scx_set_of(uint32_t cp)
{
    return uni_scx_runs[run_find(uni_scx_runs, uni_scx_runs_len, 8, cp)] & 0xFF;
}

/* Whether Script_Extensions of cp contains script sc. */
static int scx_has(uint32_t cp, uint32_t sc)
{
    uint32_t set = scx_set_of(cp), off, cnt, i;
    if (set == 0)
        return script_of(cp) == sc;
    off = uni_scx_sets[set - 1] >> 8;
    cnt = uni_scx_sets[set - 1] & 0xFF;
    for (i = 0; i < cnt; i++)
        if (uni_scx_set_pool[off + i] == sc)
            return 1;
    return 0;
}

/* Reads a varint from uni_prop_stream at *pos. */
static uint32_t read_varint(size_t *pos)
{
    uint32_t v = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        byte = uni_prop_stream[(*pos)++];
        v |= (uint32_t)(byte & 0x7F) << shift;
        shift += 7;
    } while ((byte & 0x80) && shift < 28);
    return v;
}

/* Whether cp is in the delta-coded ranges of descriptor d. */
static int ranges_has(const struct uni_prop_desc *d, uint32_t cp)
{
    size_t groups = (d->b + UNI_PROP_GROUP - 1) / UNI_PROP_GROUP;
    size_t lo = 0, hi = groups, pos, k, left;
    const uint32_t *ix = uni_prop_index + 2 * (size_t)d->a;
    uint32_t next;
    if (groups == 0 || cp < ix[0])
        return 0;
    while (hi - lo > 1) {
        size_t m = lo + (hi - lo) / 2;
        if (ix[2 * m] <= cp)
            lo = m;
        else
            hi = m;
    }
    next = ix[2 * lo];
    pos = ix[2 * lo + 1];
    left = d->b - lo * UNI_PROP_GROUP;
    for (k = 0; k < UNI_PROP_GROUP && k < left; k++) {
        uint32_t first = next + read_varint(&pos);
        uint32_t last = first + read_varint(&pos);
        if (cp < first)
            return 0;
        if (cp <= last)
            return 1;
        next = last + 1;
    }
    return 0;
}

/* Finds name in name space ns of uni_prop_names (binary search), or NULL. */
static const struct uni_prop_name *find_name(uint8_t ns, const char *name)
{
    size_t lo = 0, hi = uni_prop_names_len;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        const struct uni_prop_name *e = &uni_prop_names[m];
        int c = e->ns != ns ? (e->ns < ns ? -1 : 1) : strcmp(e->name, name);
        if (c == 0)
            return e;
        if (c < 0)
            lo = m + 1;
        else
            hi = m;
    }
    return NULL;
}

int uni_lookup_property(const char *name, const char *value)
{
    const struct uni_prop_name *p, *v;
    if (!name)
        return -1;
    if (!value) {
        p = find_name(UNI_NS_LONE, name);
        return p ? (int)p->value : -1;
    }
    p = find_name(UNI_NS_PROP, name);
    if (!p)
        return -1;
    if (p->value == UNI_PK_GC) {
        v = find_name(UNI_NS_GC, value);
        return v ? (int)v->value : -1;
    }
    v = find_name(UNI_NS_SC, value);
    if (!v)
        return -1;
    return (int)(uni_prop_descs_len + (p->value == UNI_PK_SCX ? uni_script_count : 0)
                 + v->value);
}

int uni_has_property(int handle, uint32_t cp)
{
    uint32_t h = (uint32_t)handle;
    const struct uni_prop_desc *d;
    if (handle < 0 || cp > UNI_MAX_CP)
        return 0;
    if (h >= uni_prop_descs_len) {
        h -= uni_prop_descs_len;
        if (h < uni_script_count)
            return script_of(cp) == h;
        h -= uni_script_count;
        if (h < uni_script_count)
            return scx_has(cp, h);
        return 0;
    }
    d = &uni_prop_descs[h];
    if (d->kind == UNI_PK_GC)
        return (d->a >> (info_of(cp) & UNI_INFO_GC_MASK)) & 1;
    return ranges_has(d, cp);
}

/* Collects ranges for uni_property_ranges, joining adjacent ones. */
struct range_out {
    uint32_t *out;  /* caller's buffer of pairs */
    size_t cap;     /* pairs that fit in out */
    size_t count;   /* pairs produced so far (may exceed cap) */
    uint32_t last;  /* last code point of the latest pair */
};

/* Adds [first, last] (ascending, after every earlier range) to r. */
static void range_add(struct range_out *r, uint32_t first, uint32_t last)
{
    if (r->count > 0 && r->last + 1 == first) {
        if (r->count <= r->cap)
            r->out[2 * (r->count - 1) + 1] = last;
    } else {
        if (r->count < r->cap) {
            r->out[2 * r->count] = first;
            r->out[2 * r->count + 1] = last;
        }
        r->count++;
    }
    r->last = last;
}

/* Feeds r with the members among runs[0..n) (first << shift | data; data tested by in). */
static void runs_ranges(struct range_out *r, const uint32_t *runs, size_t n, unsigned shift,
                        int (*in)(uint32_t data, uint32_t arg), uint32_t arg)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t first = runs[i] >> shift;
        uint32_t last = i + 1 < n ? (runs[i + 1] >> shift) - 1 : UNI_MAX_CP;
        if (in(runs[i] & ((1u << shift) - 1), arg))
            range_add(r, first, last);
    }
}

/* Run predicates for runs_ranges. */
static int gc_in_mask(uint32_t gc, uint32_t mask)
{
    return (mask >> gc) & 1;
}

static int sc_is(uint32_t sc, uint32_t want)
{
    return sc == want;
}

size_t uni_property_ranges(int handle, uint32_t *out, size_t cap)
{
    struct range_out r = { out, out ? cap : 0, 0, 0 };
    uint32_t h = (uint32_t)handle;
    if (handle < 0)
        return 0;
    if (h < uni_prop_descs_len) {
        const struct uni_prop_desc *d = &uni_prop_descs[h];
        if (d->kind == UNI_PK_GC) {
            runs_ranges(&r, uni_gc_runs, uni_gc_runs_len, 5, gc_in_mask, d->a);
        } else {
            size_t pos = uni_prop_index[2 * (size_t)d->a + 1], k;
            uint32_t next = 0;
            for (k = 0; k < d->b; k++) {
                uint32_t first = next + read_varint(&pos);
                uint32_t last = first + read_varint(&pos);
                range_add(&r, first, last);
                next = last + 1;
            }
        }
        return r.count;
    }
    h -= uni_prop_descs_len;
    if (h < uni_script_count) {
        runs_ranges(&r, uni_sc_runs, uni_sc_runs_len, 8, sc_is, h);
        return r.count;
    }
    h -= uni_script_count;
    if (h >= uni_script_count)
        return 0;
    {
        /* Script_Extensions: walk the boundaries of both run tables together. */
        size_t i = 0, j = 0;
        uint32_t cp = 0;
        while (cp <= UNI_MAX_CP) {
            uint32_t end = UNI_MAX_CP, set, in;
            while (i + 1 < uni_sc_runs_len && (uni_sc_runs[i + 1] >> 8) <= cp)
                i++;
            while (j + 1 < uni_scx_runs_len && (uni_scx_runs[j + 1] >> 8) <= cp)
                j++;
            if (i + 1 < uni_sc_runs_len)
                end = (uni_sc_runs[i + 1] >> 8) - 1;
            if (j + 1 < uni_scx_runs_len && (uni_scx_runs[j + 1] >> 8) - 1 < end)
                end = (uni_scx_runs[j + 1] >> 8) - 1;
            set = uni_scx_runs[j] & 0xFF;
            in = set == 0 ? (uni_sc_runs[i] & 0xFF) == h : (uint32_t)scx_has(cp, h);
            if (in)
                range_add(&r, cp, end);
            cp = end + 1;
        }
    }
    return r.count;
}

/* ---------------------------------------------------------------------------------------
 * Properties of strings */

int uni_lookup_string_property(const char *name)
{
    uint32_t i;
    for (i = 0; i < uni_seq_props_len; i++)
        if (!strcmp(uni_seq_props[i].name, name))
            return (int)i;
    return -1;
}

/* The parts mask of handle (0 when invalid). */
static uint32_t seq_parts(int handle)
{
    if (handle < 0 || (uint32_t)handle >= uni_seq_props_len)
        return 0;
    return uni_seq_props[handle].parts;
}

size_t uni_string_property_ranges(int handle, uint32_t *out, size_t cap)
{
    uint32_t parts = seq_parts(handle), i, k;
    size_t n = 0;
    for (i = 0; i < 32 && i < uni_seq_props_len; i++) {
        const struct uni_seq_prop *p = &uni_seq_props[i];
        if (!((parts >> i) & 1) || p->parts != 1u << i)
            continue;
        for (k = 0; k < p->nranges; k++, n++) {
            if (out && n < cap) {
                out[2 * n] = uni_seq_ranges[2 * ((size_t)p->ranges + k)];
                out[2 * n + 1] = uni_seq_ranges[2 * ((size_t)p->ranges + k) + 1];
            }
        }
    }
    return n;
}

/* *iter holds (part index << 24) | word offset in that part's sequences. */
uint32_t uni_string_property_next(int handle, uint32_t *iter, const uint32_t **cps)
{
    uint32_t parts = seq_parts(handle);
    uint32_t i = *iter >> 24, off = *iter & 0xFFFFFF;
    for (; i < 32 && i < uni_seq_props_len; i++, off = 0) {
        const struct uni_seq_prop *p = &uni_seq_props[i];
        if (!((parts >> i) & 1) || p->parts != 1u << i || off >= p->pool_words)
            continue;
        {
            uint32_t len = uni_seq_pool[p->pool + off];
            *cps = &uni_seq_pool[p->pool + off + 1];
            *iter = i << 24 | (off + 1 + len);
            return len;
        }
    }
    *iter = i << 24;
    return 0;
}
