/* regexp_parse.c — RegExp flags, pattern parser (ECMA-262 22.2.1 with every early error,
 * Annex B.1.2 in non-Unicode mode) and the compiler to the bytecode described in regexp.h,
 * plus the program checker. Pure C: no VM, no heap; memory comes from malloc.
 *
 * Pipeline: prescan (count capturing groups, see whether any group is named: the [N]
 * grammar parameter) -> recursive-descent parse into a small AST (nodes in one array,
 * character classes as sorted range sets, already closed under Canonicalize for /i) ->
 * resolve named backreferences -> emit code, class table, group names, start filter.
 * Errors longjmp back to re_compile with a message. Nesting is limited to RE_MAX_DEPTH so
 * neither the parser nor the compiler can exhaust the C stack.
 *
 * v mode: a class is a set of code points plus strings (\q{..}, properties of strings such
 * as \p{RGI_Emoji} from unicode_emoji.c), combined by union, && and --; a class with
 * strings becomes an alternation over a trie of its strings (longest first, reversed in a
 * lookbehind; at most RE_TRIE_MAX_NEST levels deep), then its single characters, then the
 * empty string. MayContainStrings is computed from the syntax, as the early errors need.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regexp.h"
#include "unicode.h"

#define RE_MAX_DEPTH 800          /* nesting of groups / classes */
#define RE_MAX_GROUPS 65535       /* capture groups (ncaps - 1) */
#define RE_MAX_CP 0x10FFFFu
/* Largest code point whose Canonicalize class has more than one member (checked by
 * tests/unit/test_regexp.c against unicode.c): non-Unicode and Unicode modes. */
#define RE_CASE_MAX_LEGACY 0xFF5Au
#define RE_CASE_MAX_UNICODE 0x1E943u

/* ---------------------------------------------------------------------------------------
 * Flags
 * ------------------------------------------------------------------------------------- */

int re_parse_flags(const uint16_t *flags, uint32_t n, uint32_t *out) {
    uint32_t f = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t bit;
        switch (flags[i]) {
        case 'd': bit = RE_FLAG_D; break;
        case 'g': bit = RE_FLAG_G; break;
        case 'i': bit = RE_FLAG_I; break;
        case 'm': bit = RE_FLAG_M; break;
        case 's': bit = RE_FLAG_S; break;
        case 'u': bit = RE_FLAG_U; break;
        case 'v': bit = RE_FLAG_V; break;
        case 'y': bit = RE_FLAG_Y; break;
        default: return -1;
        }
        if (f & bit) return -1;
        f |= bit;
    }
    if ((f & RE_FLAG_U) && (f & RE_FLAG_V)) return -1;
    *out = f;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Parser state
 * ------------------------------------------------------------------------------------- */

/* A set of code points as ranges (pairs first, last). Normalized = sorted, disjoint,
 * non-adjacent. */
typedef struct ReSet {
    uint32_t *v;           /* 2 * n words */
    uint32_t n;            /* number of ranges */
    uint32_t cap;          /* capacity in ranges */
} ReSet;

/* AST node types. */
enum {
    N_EMPTY,      /* matches the empty string */
    N_CHAR,       /* a = code point (code unit in non-Unicode mode) */
    N_CLASS,      /* a = index in P->classes; neg = inverted */
    N_DOT,        /* . */
    N_SEQ,        /* kid list in order */
    N_ALT,        /* kid list of alternatives */
    N_GROUP,      /* a = group number; kid = body */
    N_REPEAT,     /* a = min, b = max (RE_INF); greedy; kid = body; groups [cap_lo, cap_hi) */
    N_BOL, N_EOL, /* ^ $ */
    N_WORDB,      /* \b (neg: \B) */
    N_LOOK,       /* neg, behind; kid = body */
    N_BACKREF,    /* a = group number */
    N_NAMEDREF,   /* a = index of the name in P->refnames (resolved into N_BACKREF) */
};

/* One AST node (children by index; -1 = none). */
typedef struct ReNode {
    uint8_t type;          /* N_* */
    uint8_t neg;           /* N_CLASS inverted, N_WORDB \B, N_LOOK negative */
    uint8_t behind;        /* N_LOOK: lookbehind */
    uint8_t greedy;        /* N_REPEAT */
    uint8_t mods;          /* RE_FLAG_I/M/S in force where the node stands (flags and the
                              modifiers of enclosing (?ims-ims:...) groups) */
    uint32_t a, b;         /* per type, see N_* */
    int32_t kid;           /* first child */
    int32_t next;          /* next sibling */
    int32_t last;          /* last child (for appending) */
    uint32_t cap_lo, cap_hi; /* N_REPEAT: group numbers inside the body */
} ReNode;

/* A group name (UTF-16) and its group number. */
typedef struct ReName {
    uint16_t *s;           /* UTF-16 units */
    uint32_t len;          /* length */
    uint32_t group;        /* group number (0 for a reference not yet resolved) */
    uint32_t pos;          /* pattern position (for messages) */
    uint32_t *path;        /* definitions: the alternatives enclosing the group, as pairs
                              (disjunction id, alternative index) from the outermost */
    uint32_t npath;        /* number of pairs */
} ReName;

/* The parser / compiler state. */
typedef struct ReParser {
    const uint16_t *src;   /* pattern */
    uint32_t len;          /* pattern length */
    uint32_t pos;          /* current position */
    uint32_t flags;        /* RE_FLAG_* */
    int unicode;           /* u or v: [+UnicodeMode] */
    int vmode;             /* v: [+UnicodeSetsMode] */
    int named;             /* [+N]: the pattern has a named group (or Unicode mode) */
    int icase;             /* i in force at the parse position (flags or modifiers) */
    int behind;            /* the parse position is in a lookbehind (nearest lookaround):
                              what is parsed there will be matched backwards */
    uint32_t mods;         /* RE_FLAG_I/M/S in force at the parse position */
    uint32_t total_groups; /* capturing groups in the whole pattern (prescan) */
    uint32_t ngroups;      /* groups opened so far */
    int depth;             /* current nesting */
    ReNode *nodes; uint32_t nnodes, cnodes;   /* AST */
    ReSet *classes; uint32_t nclasses, cclasses; /* character classes */
    ReName *names; uint32_t nnames, cnames;   /* group names (definitions) */
    ReName *refs; uint32_t nrefs, crefs;      /* \k<name> references */
    uint32_t *path; uint32_t npath, cpath;    /* current (disjunction id, alternative) pairs */
    uint32_t ndisj;        /* disjunctions opened so far (ids) */
    /* compiler */
    uint32_t *code; size_t ncode, ccode;      /* code words */
    uint32_t *ctab; size_t nctab, cctab;      /* class table words */
    uint32_t nregs;        /* registers allocated */
    int32_t *kstack; uint32_t nkstack, ckstack; /* children of the sequences being emitted */
    uint32_t *class_off;   /* class index -> class-table offset (0xFFFFFFFF: not emitted) */
    uint32_t *out;         /* the program being assembled (plain malloc: returned to the caller) */
    void **allocs;         /* every block of the tracked allocator (t_alloc), NULL once freed */
    uint32_t nallocs, callocs; /* used / capacity */
    /* errors */
    jmp_buf jb;            /* error exit */
    int nomem;             /* the error is out of memory */
    char *msg; size_t msg_size; /* message buffer */
} ReParser;

#ifdef __GNUC__
__attribute__((noreturn, format(printf, 2, 3)))
#endif
static void re_error(ReParser *P, const char *fmt, ...);

static void re_error(ReParser *P, const char *fmt, ...) {
    if (P->msg && P->msg_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(P->msg, P->msg_size, fmt, ap);
        va_end(ap);
    }
    longjmp(P->jb, 1);
}

#ifdef __GNUC__
__attribute__((noreturn))
#endif
static void re_nomem(ReParser *P) {
    P->nomem = 1;
    if (P->msg && P->msg_size) snprintf(P->msg, P->msg_size, "out of memory");
    longjmp(P->jb, 1);
}

/* The tracked allocator: every block the parser and compiler allocate is registered in
 * P->allocs, so an error (a longjmp out of any depth) frees everything in parser_free.
 * A block starts with a header holding its index in P->allocs. */
typedef union AHdr { uint32_t idx; uint64_t align_; void *palign_; } AHdr;

static void *t_realloc(ReParser *P, void *old, size_t size) {
    if (size > ((size_t)1 << 31)) return NULL;
    if (!old) {
        if (P->nallocs == P->callocs) {
            uint32_t nc = P->callocs ? P->callocs * 2 : 64;
            void **na = realloc(P->allocs, nc * sizeof(void *));
            if (!na) return NULL;
            P->allocs = na;
            P->callocs = nc;
        }
        AHdr *h = malloc(sizeof(AHdr) + size);
        if (!h) return NULL;
        h->idx = P->nallocs;
        P->allocs[P->nallocs++] = h;
        return h + 1;
    }
    AHdr *h = (AHdr *)old - 1;
    AHdr *nh = realloc(h, sizeof(AHdr) + size);
    if (!nh) return NULL;
    P->allocs[nh->idx] = nh;
    return nh + 1;
}

static void *t_alloc(ReParser *P, size_t size) { return t_realloc(P, NULL, size); }

static void t_free(ReParser *P, void *p) {
    if (!p) return;
    AHdr *h = (AHdr *)p - 1;
    P->allocs[h->idx] = NULL;
    free(h);
}

/* Grow a dynamic array *p of elements of size `elem` to hold at least `need`. */
static void grow(ReParser *P, void **p, uint32_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return;
    size_t nc = *cap ? (size_t)*cap * 2 : 16;
    while (nc < need) nc *= 2;
    if (nc > 0xFFFFFFFFu / elem) re_nomem(P);
    void *q = t_realloc(P, *p, nc * elem);
    if (!q) re_nomem(P);
    *p = q;
    *cap = (uint32_t)nc;
}

/* Same for size_t capacities (code and class table). */
static void grow_words(ReParser *P, uint32_t **p, size_t *cap, size_t need) {
    if (need <= *cap) return;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need) nc *= 2;
    if (nc > ((size_t)1 << 30)) re_nomem(P);
    uint32_t *q = t_realloc(P, *p, nc * sizeof(uint32_t));
    if (!q) re_nomem(P);
    *p = q;
    *cap = nc;
}

/* ---------------------------------------------------------------------------------------
 * Code point sets
 * ------------------------------------------------------------------------------------- */

/* Append range [lo, hi] (unnormalized). */
static void set_add(ReParser *P, ReSet *s, uint32_t lo, uint32_t hi) {
    grow(P, (void **)&s->v, &s->cap, (size_t)s->n + 1, 2 * sizeof(uint32_t));
    s->v[2 * s->n] = lo;
    s->v[2 * s->n + 1] = hi;
    s->n++;
}

/* Compare ranges by first code point (qsort). */
static int range_cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort and merge overlapping or adjacent ranges. */
static void set_normalize(ReSet *s) {
    if (s->n < 2) return;
    qsort(s->v, s->n, 2 * sizeof(uint32_t), range_cmp);
    uint32_t w = 0;
    for (uint32_t i = 1; i < s->n; i++) {
        uint32_t lo = s->v[2 * i], hi = s->v[2 * i + 1];
        if (lo <= s->v[2 * w + 1] + 1) {
            if (hi > s->v[2 * w + 1]) s->v[2 * w + 1] = hi;
        } else {
            w++;
            s->v[2 * w] = lo;
            s->v[2 * w + 1] = hi;
        }
    }
    s->n = w + 1;
}

/* Replace s (normalized) by its complement in [0, 0x10FFFF]. */
static void set_invert(ReParser *P, ReSet *s) {
    ReSet r = { NULL, 0, 0 };
    uint32_t next = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->v[2 * i] > next) set_add(P, &r, next, s->v[2 * i] - 1);
        next = s->v[2 * i + 1] + 1;
    }
    if (next <= RE_MAX_CP) set_add(P, &r, next, RE_MAX_CP);
    t_free(P, s->v);
    *s = r;
}

/* Append every range of b to a (unnormalized union). */
static void set_add_set(ReParser *P, ReSet *a, const ReSet *b) {
    for (uint32_t i = 0; i < b->n; i++) set_add(P, a, b->v[2 * i], b->v[2 * i + 1]);
}

/* Close normalized s under Canonicalize: add every x with Canonicalize(x) equal to
 * Canonicalize(c) for some c in s (22.2.2.9 CharacterSetMatcher, precomputed). */
static void set_close_case(ReParser *P, ReSet *s, int unicode) {
    uint32_t max = unicode ? RE_CASE_MAX_UNICODE : RE_CASE_MAX_LEGACY;
    uint32_t n = s->n;
    ReSet add = { NULL, 0, 0 };
    for (uint32_t i = 0; i < n; i++) {
        uint32_t lo = s->v[2 * i], hi = s->v[2 * i + 1];
        if (hi > max) hi = max;
        /* c runs up to hi <= max < 0x10FFFF, so c + 1 never overflows */
        for (uint32_t c = uni_case_skip(lo); c <= hi; c = uni_case_skip(c + 1)) {
            uint32_t x = uni_canonicalize_next(c, unicode);
            while (x != c) {
                set_add(P, &add, x, x);
                x = uni_canonicalize_next(x, unicode);
            }
        }
    }
    if (add.n) {
        set_add_set(P, s, &add);
        set_normalize(s);
    }
    t_free(P, add.v);
}

/* A new class from set s (takes ownership); returns its index. */
static uint32_t class_new(ReParser *P, ReSet *s) {
    grow(P, (void **)&P->classes, &P->cclasses, (size_t)P->nclasses + 1, sizeof(ReSet));
    P->classes[P->nclasses] = *s;
    s->v = NULL; s->n = s->cap = 0;
    return P->nclasses++;
}

/* ---------------------------------------------------------------------------------------
 * Nodes
 * ------------------------------------------------------------------------------------- */

static int32_t node_new(ReParser *P, int type) {
    grow(P, (void **)&P->nodes, &P->cnodes, (size_t)P->nnodes + 1, sizeof(ReNode));
    ReNode *n = &P->nodes[P->nnodes];
    memset(n, 0, sizeof *n);
    n->type = (uint8_t)type;
    n->mods = (uint8_t)P->mods;
    n->kid = n->next = n->last = -1;
    return (int32_t)P->nnodes++;
}

/* Append child k to list node n. */
static void node_append(ReParser *P, int32_t n, int32_t k) {
    ReNode *p = &P->nodes[n];
    if (p->last < 0) p->kid = k;
    else P->nodes[p->last].next = k;
    p->last = k;
}

/* ---------------------------------------------------------------------------------------
 * Character helpers
 * ------------------------------------------------------------------------------------- */

static int is_hi_sur(uint32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
static int is_lo_sur(uint32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static int is_hex(uint32_t c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int hex_val(uint32_t c) { return is_digit(c) ? (int)(c - '0') : (int)((c | 0x20) - 'a' + 10); }
static int is_syntax_char(uint32_t c) {
    return c == '^' || c == '$' || c == '\\' || c == '.' || c == '*' || c == '+' || c == '?' ||
           c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|';
}

/* Code unit at i (or -1 past the end). */
static int32_t at(const ReParser *P, uint32_t i) { return i < P->len ? (int32_t)P->src[i] : -1; }
static int32_t cur(const ReParser *P) { return at(P, P->pos); }

/* The source character at pos: a code point in Unicode mode (surrogate pairs combined),
 * else a code unit. Sets *w to its width. */
static uint32_t src_char(const ReParser *P, uint32_t pos, uint32_t *w) {
    uint32_t c = P->src[pos];
    *w = 1;
    if (P->unicode && is_hi_sur(c) && pos + 1 < P->len && is_lo_sur(P->src[pos + 1])) {
        *w = 2;
        return 0x10000 + ((c - 0xD800) << 10) + (P->src[pos + 1] - 0xDC00);
    }
    return c;
}

/* Read 4 hex digits at pos into *v. */
static int hex4_at(const ReParser *P, uint32_t pos, uint32_t *v) {
    if (pos + 4 > P->len) return 0;
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t c = P->src[pos + i];
        if (!is_hex(c)) return 0;
        x = x * 16 + (uint32_t)hex_val(c);
    }
    *v = x;
    return 1;
}

/* RegExpUnicodeEscapeSequence after "\u" (P->pos at the char after 'u'), for Unicode mode
 * (or group names): \uLead\uTrail, \u{...}, \uHex4. Returns 1 and the code point, or 0
 * (position unchanged) when malformed. */
static int parse_unicode_escape_u(ReParser *P, uint32_t *out) {
    uint32_t p = P->pos, v;
    if (at(P, p) == '{') {
        p++;
        uint32_t x = 0;
        int nd = 0;
        while (p < P->len && is_hex(P->src[p])) {
            x = x * 16 + (uint32_t)hex_val(P->src[p]);
            if (x > RE_MAX_CP) return 0;
            p++; nd++;
        }
        if (!nd || at(P, p) != '}') return 0;
        P->pos = p + 1;
        *out = x;
        return 1;
    }
    if (!hex4_at(P, p, &v)) return 0;
    p += 4;
    if (is_hi_sur(v) && at(P, p) == '\\' && at(P, p + 1) == 'u') {
        uint32_t t;
        if (hex4_at(P, p + 2, &t) && is_lo_sur(t)) {
            P->pos = p + 6;
            *out = 0x10000 + ((v - 0xD800) << 10) + (t - 0xDC00);
            return 1;
        }
    }
    P->pos = p;
    *out = v;
    return 1;
}

/* ---------------------------------------------------------------------------------------
 * Prescan: number of capturing groups and whether any is named.
 * ------------------------------------------------------------------------------------- */

static void prescan(ReParser *P, int *has_named) {
    uint32_t n = 0;
    int named = 0, in_class = 0;
    for (uint32_t i = 0; i < P->len; i++) {
        uint16_t c = P->src[i];
        if (c == '\\') { i++; continue; }
        if (in_class) {
            if (c == ']') in_class--;
            else if (c == '[' && P->vmode) in_class++;
            continue;
        }
        if (c == '[') { in_class = 1; continue; }
        if (c != '(') continue;
        if (at(P, i + 1) != '?') { n++; continue; }
        if (at(P, i + 2) == '<' && at(P, i + 3) != '=' && at(P, i + 3) != '!') { n++; named = 1; }
    }
    P->total_groups = n;
    *has_named = named;
}

/* ---------------------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------------------- */

static int32_t parse_disjunction(ReParser *P);

/* Parse decimal digits at P->pos as a saturating value (clamped to 2^53 + 1). */
static double parse_decimal(ReParser *P) {
    double v = 0;
    while (P->pos < P->len && is_digit(P->src[P->pos])) {
        if (v < 9007199254740993.0) v = v * 10 + (P->src[P->pos] - '0');
        P->pos++;
    }
    return v;
}

/* If a braced quantifier {n}, {n,} or {n,m} starts at P->pos, parse it (advancing) and
 * return 1; else leave the position and return 0. */
static int parse_braced(ReParser *P, double *min, double *max) {
    uint32_t save = P->pos;
    if (cur(P) != '{') return 0;
    P->pos++;
    if (!is_digit((uint32_t)cur(P))) { P->pos = save; return 0; }
    *min = parse_decimal(P);
    *max = *min;
    if (cur(P) == ',') {
        P->pos++;
        if (is_digit((uint32_t)cur(P))) *max = parse_decimal(P);
        else *max = -1;   /* unbounded */
    }
    if (cur(P) != '}') { P->pos = save; return 0; }
    P->pos++;
    return 1;
}

/* Quantifier value as uint32 (RE_INF for unbounded / huge maxima). */
static uint32_t clamp_q(double v, int is_max) {
    if (v < 0) return RE_INF;
    if (v >= 4294967295.0) return is_max ? RE_INF : 0xFFFFFFFEu;
    return (uint32_t)v;
}

/* RegExpIdentifierName after '<' up to and including '>'. Stores the UTF-16 name. */
static void parse_group_name(ReParser *P, ReName *out) {
    uint16_t *buf = NULL;
    uint32_t n = 0, cap = 0;
    uint32_t start = P->pos;
    for (;;) {
        int32_t c = cur(P);
        if (c < 0) { re_error(P, "invalid capture group name"); }
        if (c == '>') {
            if (n == 0) { re_error(P, "invalid capture group name"); }
            P->pos++;
            break;
        }
        uint32_t cp;
        if (c == '\\') {
            P->pos++;
            if (cur(P) != 'u') { re_error(P, "invalid capture group name"); }
            P->pos++;
            if (!parse_unicode_escape_u(P, &cp)) re_error(P, "invalid Unicode escape in group name");
        } else {
            cp = (uint32_t)c;
            P->pos++;
            if (is_hi_sur(cp) && P->pos < P->len && is_lo_sur(P->src[P->pos])) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (P->src[P->pos] - 0xDC00);
                P->pos++;
            }
        }
        if (n == 0 ? !uni_is_id_start(cp) : !uni_is_id_continue(cp)) re_error(P, "invalid capture group name");
        if (n + 2 > cap) {
            cap = cap ? cap * 2 : 16;
            uint16_t *nb = t_realloc(P, buf, cap * sizeof(uint16_t));
            if (!nb) re_nomem(P);
            buf = nb;
        }
        if (cp >= 0x10000) {
            buf[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            buf[n++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else buf[n++] = (uint16_t)cp;
    }
    out->s = buf;
    out->len = n;
    out->pos = start;
}

static int name_eq(const ReName *a, const ReName *b) {
    return a->len == b->len && !memcmp(a->s, b->s, a->len * sizeof(uint16_t));
}

/* MightBothParticipate for two group definitions: false only when some disjunction holds
 * them in different alternatives. */
static int might_both_participate(const ReName *a, const ReName *b) {
    for (uint32_t i = 0; i < a->npath && i < b->npath; i++) {
        if (a->path[2 * i] != b->path[2 * i]) return 1;          /* different disjunctions */
        if (a->path[2 * i + 1] != b->path[2 * i + 1]) return 0;  /* different alternatives */
    }
    return 1;
}

/* Result of a class escape or class atom: one character, or a set. */
typedef struct ClassAtom {
    int is_set;            /* set is valid (a class escape like \d) */
    uint32_t c;            /* the character otherwise */
    ReSet set;             /* the set (owned) */
} ClassAtom;

/* Characters of \s: WhiteSpace and LineTerminator. */
static const uint32_t space_ranges[] = {
    0x09, 0x0D, 0x20, 0x20, 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
    0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF,
};

/* The set of a CharacterClassEscape letter (d D s S w W), normalized. */
static void class_escape_set(ReParser *P, uint32_t letter, ReSet *s) {
    uint32_t l = letter | 0x20;
    if (l == 'd') set_add(P, s, '0', '9');
    else if (l == 's') {
        for (size_t i = 0; i < sizeof space_ranges / sizeof space_ranges[0]; i += 2)
            set_add(P, s, space_ranges[i], space_ranges[i + 1]);
    } else {
        set_add(P, s, '0', '9');
        set_add(P, s, 'A', 'Z');
        set_add(P, s, '_', '_');
        set_add(P, s, 'a', 'z');
        if (P->unicode && P->icase) {   /* WordCharacters: extra chars folding to ASCII */
            set_add(P, s, 0x017F, 0x017F);
            set_add(P, s, 0x212A, 0x212A);
        }
    }
    set_normalize(s);
    if (letter != l) set_invert(P, s);
}

/* The braces of \p{...} / \P{...} after the letter (P->pos at '{'): name and, after '=',
 * value (NUL-terminated ASCII; *has_value says whether there was an '='). */
static void parse_property_name(ReParser *P, char name[64], char value[64], int *has_value) {
    uint32_t nl = 0, vl = 0;
    *has_value = 0;
    if (cur(P) != '{') re_error(P, "invalid property name");
    P->pos++;
    for (;;) {
        int32_t c = cur(P);
        if (c < 0) re_error(P, "invalid property name");
        P->pos++;
        if (c == '}') break;
        if (c == '=' && !*has_value) { *has_value = 1; continue; }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((uint32_t)c) || c == '_'))
            re_error(P, "invalid property name");
        if (*has_value) { if (vl + 1 >= 64) re_error(P, "invalid property name"); value[vl++] = (char)c; }
        else { if (nl + 1 >= 64) re_error(P, "invalid property name"); name[nl++] = (char)c; }
    }
    name[nl] = 0;
    value[vl] = 0;
    if (!nl || (*has_value && !vl)) re_error(P, "invalid property name");
}

/* Fill s (normalized) with the code points of the property name[=value], inverted when
 * negate. */
static void property_set(ReParser *P, const char *name, const char *value, int negate, ReSet *s) {
    int h = uni_lookup_property(name, value);
    if (h < 0) re_error(P, "invalid property name");
    size_t n = uni_property_ranges(h, NULL, 0);
    if (n) {
        grow(P, (void **)&s->v, &s->cap, s->n + n, 2 * sizeof(uint32_t));
        uni_property_ranges(h, s->v + 2 * s->n, n);
        s->n += (uint32_t)n;
    }
    set_normalize(s);
    if (negate) set_invert(P, s);
}

/* \p{...} / \P{...} after the letter (P->pos at '{'), u mode or a code point property in
 * v mode. Fills s (normalized). */
static void parse_property(ReParser *P, int negate, ReSet *s) {
    char name[64], value[64];
    int has_value;
    parse_property_name(P, name, value, &has_value);
    property_set(P, name, has_value ? value : NULL, negate, s);
}

/* Legacy octal escape (Annex B) starting at P->pos (first digit 0-7). */
static uint32_t parse_legacy_octal(ReParser *P) {
    uint32_t d0 = (uint32_t)cur(P) - '0';
    P->pos++;
    uint32_t v = d0;
    int32_t c = cur(P);
    if (c >= '0' && c <= '7') {
        v = v * 8 + (uint32_t)(c - '0');
        P->pos++;
        c = cur(P);
        if (d0 <= 3 && c >= '0' && c <= '7') {
            v = v * 8 + (uint32_t)(c - '0');
            P->pos++;
        }
    }
    return v;
}

/* CharacterEscape after '\' (P->pos at the escape letter), shared by atoms and classes.
 * Returns the character. in_class: inside a class (\b and \- handled by the caller).
 * For "\c" without a control letter in non-Unicode mode, returns '\\' leaving P->pos at
 * 'c' (Annex B: the backslash is a literal). */
static uint32_t parse_char_escape(ReParser *P, int in_class) {
    int32_t c = cur(P);
    uint32_t v;
    if (c < 0) re_error(P, "\\ at end of pattern");
    switch (c) {
    case 'f': P->pos++; return 0x0C;
    case 'n': P->pos++; return 0x0A;
    case 'r': P->pos++; return 0x0D;
    case 't': P->pos++; return 0x09;
    case 'v': P->pos++; return 0x0B;
    case 'c': {
        int32_t l = at(P, P->pos + 1);
        if ((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z')) { P->pos += 2; return (uint32_t)l % 32; }
        if (!P->unicode && in_class && (is_digit((uint32_t)l) || l == '_')) { P->pos += 2; return (uint32_t)l % 32; }
        if (P->unicode) re_error(P, "invalid unicode escape");
        return '\\';   /* Annex B: '\' is literal, 'c' is read next */
    }
    case '0':
        if (!is_digit((uint32_t)at(P, P->pos + 1))) { P->pos++; return 0; }
        if (P->unicode) re_error(P, "invalid decimal escape");
        return parse_legacy_octal(P);
    case 'x':
        if (is_hex((uint32_t)at(P, P->pos + 1)) && is_hex((uint32_t)at(P, P->pos + 2))) {
            v = (uint32_t)(hex_val((uint32_t)at(P, P->pos + 1)) * 16 + hex_val((uint32_t)at(P, P->pos + 2)));
            P->pos += 3;
            return v;
        }
        if (P->unicode) re_error(P, "invalid escape");
        P->pos++;
        return 'x';
    case 'u':
        P->pos++;
        if (P->unicode) {
            if (!parse_unicode_escape_u(P, &v)) re_error(P, "invalid Unicode escape");
            return v;
        }
        if (hex4_at(P, P->pos, &v)) { P->pos += 4; return v; }
        return 'u';
    default:
        break;
    }
    if (P->unicode) {
        if (is_syntax_char((uint32_t)c) || c == '/' || (in_class && c == '-')) { P->pos++; return (uint32_t)c; }
        re_error(P, "invalid escape");
    }
    /* non-Unicode IdentityEscape: any character but 'c' (handled) and 'k' when [+N] */
    if (c == 'k' && P->named) re_error(P, "invalid named reference");
    uint32_t w;
    v = src_char(P, P->pos, &w);
    P->pos += w;
    return v;
}

/* A ClassAtom (P->pos at it). */
static void parse_class_atom(ReParser *P, ClassAtom *a) {
    a->is_set = 0;
    a->set.v = NULL; a->set.n = a->set.cap = 0;
    int32_t c = cur(P);
    if (c < 0) re_error(P, "unterminated character class");
    if (c != '\\') {
        uint32_t w;
        a->c = src_char(P, P->pos, &w);
        P->pos += w;
        return;
    }
    P->pos++;
    c = cur(P);
    if (c < 0) re_error(P, "\\ at end of pattern");
    switch (c) {
    case 'b': P->pos++; a->c = 8; return;
    case '-':
        if (P->unicode) { P->pos++; a->c = '-'; return; }
        break;
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        P->pos++;
        a->is_set = 1;
        class_escape_set(P, (uint32_t)c, &a->set);
        return;
    case 'p': case 'P':
        if (P->unicode) {
            P->pos++;
            a->is_set = 1;
            parse_property(P, c == 'P', &a->set);
            return;
        }
        break;
    default:
        if (c >= '1' && c <= '9') {
            if (P->unicode) re_error(P, "invalid class escape");
            if (c >= '8') { P->pos++; a->c = (uint32_t)c; return; }
            a->c = parse_legacy_octal(P);
            return;
        }
        break;
    }
    a->c = parse_char_escape(P, 1);
}

/* CharacterClass after '[' (non-v mode). Returns an N_CLASS node. */
static int32_t parse_class(ReParser *P) {
    int negate = 0;
    if (cur(P) == '^') { negate = 1; P->pos++; }
    ReSet s = { NULL, 0, 0 };
    for (;;) {
        int32_t c = cur(P);
        if (c < 0) re_error(P, "unterminated character class");
        if (c == ']') { P->pos++; break; }
        ClassAtom a, b;
        parse_class_atom(P, &a);
        if (cur(P) == '-' && at(P, P->pos + 1) != ']' && at(P, P->pos + 1) >= 0) {
            P->pos++;
            parse_class_atom(P, &b);
            if (a.is_set || b.is_set) {
                if (P->unicode) re_error(P, "invalid character class range");
                /* Annex B: [\d-z] is \d, '-', 'z' */
                if (a.is_set) set_add_set(P, &s, &a.set); else set_add(P, &s, a.c, a.c);
                set_add(P, &s, '-', '-');
                if (b.is_set) set_add_set(P, &s, &b.set); else set_add(P, &s, b.c, b.c);
                t_free(P, a.set.v); t_free(P, b.set.v);
                continue;
            }
            if (a.c > b.c) re_error(P, "range out of order in character class");
            set_add(P, &s, a.c, b.c);
            continue;
        }
        if (a.is_set) { set_add_set(P, &s, &a.set); t_free(P, a.set.v); }
        else set_add(P, &s, a.c, a.c);
    }
    set_normalize(&s);
    if (P->icase) set_close_case(P, &s, P->unicode);
    int32_t n = node_new(P, N_CLASS);
    P->nodes[n].a = class_new(P, &s);
    P->nodes[n].neg = (uint8_t)negate;
    return n;
}

/* ---------------------------------------------------------------------------------------
 * v-mode classes (ClassSetExpression): union, intersection (&&), subtraction (--), nested
 * classes, \q{...} strings. A class with strings compiles as an alternation (longest
 * strings first) followed by the single-character part.
 * ------------------------------------------------------------------------------------- */

/* A class set in v mode: code points plus strings (each a code point sequence). */
typedef struct VSet {
    ReSet cps;             /* single code points (normalized after each operation) */
    uint32_t **strs;       /* strings of length != 1: strs[i][0] = length, then code points */
    uint32_t nstrs, cstrs; /* count / capacity */
    uint32_t clean;        /* strs[0..clean) are sorted by str_cmp and distinct; the rest may
                              repeat them (duplicates are dropped in batches, vset_tidy) */
} VSet;

static void vset_free(ReParser *P, VSet *s) {
    t_free(P, s->cps.v);
    for (uint32_t i = 0; i < s->nstrs; i++) t_free(P, s->strs[i]);
    t_free(P, s->strs);
    memset(s, 0, sizeof *s);
}

/* Total order of length-prefixed strings: by length, then code points (qsort, bsearch). */
static int str_cmp(const void *a, const void *b) {
    const uint32_t *x = *(uint32_t *const *)a, *y = *(uint32_t *const *)b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    for (uint32_t i = 1; i <= x[0]; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* Sort s's strings and drop the duplicates (s->clean = s->nstrs). */
static void vset_unique(ReParser *P, VSet *s) {
    if (s->clean == s->nstrs) return;
    qsort(s->strs, s->nstrs, sizeof(uint32_t *), str_cmp);
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nstrs; i++) {
        if (n && !str_cmp(&s->strs[i], &s->strs[n - 1])) t_free(P, s->strs[i]);
        else s->strs[n++] = s->strs[i];
    }
    s->nstrs = s->clean = n;
}

/* After appending strings: drop duplicates once they may be half of them, so that adding
 * is amortized O(log n) and repeated operands cannot pile up memory. */
static void vset_tidy(ReParser *P, VSet *s) {
    if (s->nstrs - s->clean > s->clean + 64) vset_unique(P, s);
}

/* Append string cps[0..n) (n != 1) to s without looking for a duplicate. */
static void vset_push_str(ReParser *P, VSet *s, const uint32_t *cps, uint32_t n) {
    uint32_t *str = t_alloc(P, (n + 1) * sizeof(uint32_t));
    if (!str) re_nomem(P);
    str[0] = n;
    if (n) memcpy(str + 1, cps, n * sizeof(uint32_t)); /* cps may be NULL for the empty string */
    if (s->nstrs == s->cstrs) {
        uint32_t nc = s->cstrs ? s->cstrs * 2 : 4;
        uint32_t **ns = t_realloc(P, s->strs, nc * sizeof(uint32_t *));
        if (!ns) re_nomem(P);
        s->strs = ns;
        s->cstrs = nc;
    }
    s->strs[s->nstrs++] = str;
}

/* Add string cps[0..n) to s (a one-character string becomes a code point). */
static void vset_add_str(ReParser *P, VSet *s, const uint32_t *cps, uint32_t n) {
    if (n == 1) { set_add(P, &s->cps, cps[0], cps[0]); set_normalize(&s->cps); return; }
    vset_push_str(P, s, cps, n);
    vset_tidy(P, s);
}

/* a = a op b, op: 0 union, 1 intersection, 2 subtraction. b is consumed. */
static void vset_combine(ReParser *P, VSet *a, VSet *b, int op) {
    if (op == 0) {
        set_add_set(P, &a->cps, &b->cps);
        set_normalize(&a->cps);
        if (!a->nstrs) {   /* take b's strings */
            uint32_t **t = a->strs; uint32_t tc = a->cstrs;
            a->strs = b->strs; a->nstrs = b->nstrs; a->cstrs = b->cstrs; a->clean = b->clean;
            b->strs = t; b->nstrs = 0; b->cstrs = tc; b->clean = 0;
        } else {
            for (uint32_t i = 0; i < b->nstrs; i++) vset_push_str(P, a, b->strs[i] + 1, b->strs[i][0]);
        }
        vset_tidy(P, a);
    } else {
        /* code points: intersection = a - (complement b); subtraction = a - b */
        ReSet other = { NULL, 0, 0 };
        set_add_set(P, &other, &b->cps);
        set_normalize(&other);
        if (op == 1) set_invert(P, &other);
        /* a minus other */
        ReSet inv = other;
        set_invert(P, &inv);          /* keep = a ∩ complement(other) */
        ReSet r = { NULL, 0, 0 };
        uint32_t i = 0, j = 0;
        while (i < a->cps.n && j < inv.n) {
            uint32_t lo = a->cps.v[2 * i] > inv.v[2 * j] ? a->cps.v[2 * i] : inv.v[2 * j];
            uint32_t hi = a->cps.v[2 * i + 1] < inv.v[2 * j + 1] ? a->cps.v[2 * i + 1] : inv.v[2 * j + 1];
            if (lo <= hi) set_add(P, &r, lo, hi);
            if (a->cps.v[2 * i + 1] < inv.v[2 * j + 1]) i++; else j++;
        }
        t_free(P, inv.v);
        t_free(P, a->cps.v);
        a->cps = r;
        /* strings: keep those in b (intersection) or not in b (subtraction); the kept ones
         * keep their order, so a clean prefix stays clean */
        uint32_t w = 0, clean = 0;
        vset_unique(P, b);
        for (uint32_t k = 0; k < a->nstrs; k++) {
            int in_b = b->nstrs && bsearch(&a->strs[k], b->strs, b->nstrs, sizeof(uint32_t *), str_cmp) != NULL;
            if ((op == 1) == in_b) { a->strs[w++] = a->strs[k]; if (k < a->clean) clean = w; }
            else t_free(P, a->strs[k]);
        }
        a->nstrs = w;
        a->clean = clean;
    }
    vset_free(P, b);
}

static int parse_class_v_contents(ReParser *P, VSet *out);

/* \p{...} / \P{...} in v mode after the letter (P->pos at '{'): a property of strings
 * (\P of one is an early error) or a property of code points. Fills s (zeroed by the
 * caller). Returns MayContainStrings: 1 for a property of strings. */
static int parse_property_v(ReParser *P, int negate, VSet *s) {
    char name[64], value[64];
    int has_value;
    parse_property_name(P, name, value, &has_value);
    int h = has_value ? -1 : uni_lookup_string_property(name);
    if (h < 0) {
        property_set(P, name, has_value ? value : NULL, negate, &s->cps);
        return 0;
    }
    if (negate) re_error(P, "negated property of strings");
    size_t n = uni_string_property_ranges(h, NULL, 0);
    if (n) {
        grow(P, (void **)&s->cps.v, &s->cps.cap, s->cps.n + n, 2 * sizeof(uint32_t));
        uni_string_property_ranges(h, s->cps.v + 2 * s->cps.n, n);
        s->cps.n += (uint32_t)n;
    }
    set_normalize(&s->cps);
    /* the sequences are distinct and 2+ code points long (unicode.h) */
    uint32_t it = 0, len;
    const uint32_t *cps;
    while ((len = uni_string_property_next(h, &it, &cps)) != 0) vset_push_str(P, s, cps, len);
    return 1;
}

/* MaybeSimpleCaseFolding of an operand under /vi: represent it by its closure under
 * Canonicalize (closed sets stay closed under union, intersection and complement). */
static void vset_fold(ReParser *P, VSet *s) {
    if (!P->icase) return;
    set_close_case(P, &s->cps, 1);
    for (uint32_t i = 0; i < s->nstrs; i++)
        for (uint32_t k = 1; k <= s->strs[i][0]; k++) s->strs[i][k] = uni_simple_fold(s->strs[i][k]);
    s->clean = 0;   /* folding can reorder and merge strings */
}

/* ClassSetCharacter in v mode (P->pos at it), or -1 when the position holds something
 * else (caller's business). Errors for reserved double punctuators and syntax chars. */
static uint32_t parse_v_char(ReParser *P) {
    int32_t c = cur(P);
    if (c == '\\') {
        P->pos++;
        int32_t e = cur(P);
        if (e < 0) re_error(P, "\\ at end of pattern");
        if (e == 'b') { P->pos++; return 8; }
        /* ClassSetReservedPunctuator may be escaped */
        if (e == '&' || e == '-' || e == '!' || e == '#' || e == '%' || e == ',' || e == ':' || e == ';' ||
            e == '<' || e == '=' || e == '>' || e == '@' || e == '`' || e == '~') {
            P->pos++;
            return (uint32_t)e;
        }
        return parse_char_escape(P, 1);
    }
    /* ClassSetReservedDoublePunctuator */
    static const char dbl[] = "&!#$%*+,.:;<=>?@^`~";
    if (c >= 0 && strchr(dbl, c) && at(P, P->pos + 1) == c) re_error(P, "invalid set operation in character class");
    /* ClassSetSyntaxCharacter */
    if (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '-' || c == '|')
        re_error(P, "invalid character in character class");
    uint32_t w;
    uint32_t v = src_char(P, P->pos, &w);
    P->pos += w;
    return v;
}

/* A ClassSetOperand that is not a plain character: nested class, \q{..}, class escape.
 * Returns 1 and fills s, or 0 when the operand is a single character (*ch). *may receives
 * the operand's MayContainStrings (0 for a character). */
static int parse_v_operand(ReParser *P, VSet *s, uint32_t *ch, int *may) {
    memset(s, 0, sizeof *s);
    *may = 0;
    int32_t c = cur(P);
    if (c == '[') {
        P->pos++;
        if (++P->depth > RE_MAX_DEPTH) re_error(P, "regular expression too deeply nested");
        *may = parse_class_v_contents(P, s);
        P->depth--;
        return 1;
    }
    if (c == '\\') {
        int32_t e = at(P, P->pos + 1);
        if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W') {
            P->pos += 2;
            class_escape_set(P, (uint32_t)e, &s->cps);
            return 1;
        }
        if (e == 'p' || e == 'P') {
            P->pos += 2;
            *may = parse_property_v(P, e == 'P', s);
            return 1;
        }
        if (e == 'q') {
            P->pos += 2;
            if (cur(P) != '{') re_error(P, "invalid escape");
            P->pos++;
            uint32_t *buf = NULL, n = 0, cap = 0;
            for (;;) {
                int32_t d = cur(P);
                if (d < 0) re_error(P, "unterminated class string disjunction");
                if (d == '}' || d == '|') {
                    P->pos++;
                    if (n != 1) *may = 1;   /* an empty or multi-character ClassString */
                    vset_add_str(P, s, buf, n);
                    n = 0;
                    if (d == '}') break;
                    continue;
                }
                uint32_t v;
                if (d == '\\') {
                    P->pos++;
                    if (cur(P) == 'b') { P->pos++; v = 8; }
                    else v = parse_char_escape(P, 1);
                } else {
                    uint32_t w;
                    v = src_char(P, P->pos, &w);
                    P->pos += w;
                }
                if (n == cap) {
                    cap = cap ? cap * 2 : 8;
                    uint32_t *nb = t_realloc(P, buf, cap * sizeof(uint32_t));
                    if (!nb) re_nomem(P);
                    buf = nb;
                }
                buf[n++] = v;
            }
            t_free(P, buf);
            return 1;
        }
    }
    *ch = parse_v_char(P);
    return 0;
}

/* ClassContents in v mode after '[' up to and including ']'. Returns MayContainStrings of
 * the class (0 for a negated one, which is an early error when its contents may). */
static int parse_class_v_contents(ReParser *P, VSet *out) {
    int negate = 0;
    if (cur(P) == '^') { negate = 1; P->pos++; }
    VSet acc;
    memset(&acc, 0, sizeof acc);
    int op = -1;            /* -1 unknown yet, 0 union, 1 &&, 2 -- */
    int count = 0;
    int first_range = 0;    /* the first operand was a range (not allowed before && / --) */
    int may_or = 0, may_and = 1, may_first = 0;   /* MayContainStrings of the operands */
    for (;;) {
        int32_t c = cur(P);
        if (c < 0) { re_error(P, "unterminated character class"); }
        if (c == ']') { P->pos++; break; }
        VSet b;
        uint32_t ch;
        int may;
        if (count > 0 && (c == '&' || c == '-') && at(P, P->pos + 1) == c) {
            int nop = c == '&' ? 1 : 2;
            if (op == 0 || first_range || (op > 0 && op != nop)) re_error(P, "invalid set operation in character class");
            op = nop;
            P->pos += 2;
            if (c == '&' && cur(P) == '&') re_error(P, "invalid set operation in character class");
            if (cur(P) == ']') re_error(P, "invalid set operation in character class");
            if (!parse_v_operand(P, &b, &ch, &may)) { memset(&b, 0, sizeof b); set_add(P, &b.cps, ch, ch); }
            may_or |= may;
            may_and &= may;
            vset_fold(P, &b);
            vset_combine(P, &acc, &b, op);
            count++;
            continue;
        }
        if (op > 0) re_error(P, "invalid set operation in character class");
        if (!parse_v_operand(P, &b, &ch, &may)) {
            memset(&b, 0, sizeof b);
            /* a range? */
            if (cur(P) == '-' && at(P, P->pos + 1) != '-') {
                P->pos++;
                int32_t d = cur(P);
                if (d < 0 || d == ']' || d == '[') { re_error(P, "invalid character class range"); }
                if (d == '\\') {
                    int32_t e = at(P, P->pos + 1);
                    if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W' || e == 'p' || e == 'P' || e == 'q') {
                        re_error(P, "invalid character class range");
                    }
                }
                uint32_t hi = parse_v_char(P);
                if (ch > hi) { re_error(P, "range out of order in character class"); }
                set_add(P, &b.cps, ch, hi);
                if (count == 0) first_range = 1;
            } else set_add(P, &b.cps, ch, ch);
        }
        if (count == 0) may_first = may;
        may_or |= may;
        may_and &= may;
        if (count > 0 && op < 0) op = 0;
        vset_fold(P, &b);
        vset_combine(P, &acc, &b, 0);
        count++;
    }
    set_normalize(&acc.cps);
    /* MayContainStrings (22.2.1.6): any operand of a union, all of an intersection, the
     * first of a subtraction */
    int may = op == 1 ? may_and : op == 2 ? may_first : may_or;
    if (negate) {
        if (may || acc.nstrs) { re_error(P, "negated character class may contain strings"); }
        if (P->icase) set_close_case(P, &acc.cps, 1);
        set_invert(P, &acc.cps);
        may = 0;
    }
    *out = acc;
    return may;
}

/* Compare strings for a flat alternation: longer first, then by code points (a total
 * order, so the emitted program does not depend on the qsort implementation). */
static int str_len_desc(const void *a, const void *b) {
    const uint32_t *x = *(uint32_t *const *)a, *y = *(uint32_t *const *)b;
    if (x[0] != y[0]) return x[0] > y[0] ? -1 : 1;
    return str_cmp(a, b);
}

/* Code point k (0-based) of length-prefixed string x in matching order: from the start,
 * or from the end when matched backwards (rev). */
static inline uint32_t str_at(const uint32_t *x, uint32_t k, int rev) {
    return rev ? x[x[0] - k] : x[1 + k];
}

/* Lexicographic order of strings in matching order, a prefix first (forwards / backwards). */
static int str_cmp_dir(const uint32_t *x, const uint32_t *y, int rev) {
    uint32_t n = x[0] < y[0] ? x[0] : y[0];
    for (uint32_t k = 0; k < n; k++) {
        uint32_t a = str_at(x, k, rev), b = str_at(y, k, rev);
        if (a != b) return a < b ? -1 : 1;
    }
    return x[0] == y[0] ? 0 : x[0] < y[0] ? -1 : 1;
}
static int str_cmp_fwd(const void *a, const void *b) {
    return str_cmp_dir(*(uint32_t *const *)a, *(uint32_t *const *)b, 0);
}
static int str_cmp_bwd(const void *a, const void *b) {
    return str_cmp_dir(*(uint32_t *const *)a, *(uint32_t *const *)b, 1);
}

/* Nesting of the string trie past which the rest of a branch is a flat alternation (keeps
 * the AST, and the compiler's recursion over it, shallow for long shared prefixes). */
#define RE_TRIE_MAX_NEST 64

/* Append to SEQ node seq the characters k in [from, to) of string x in matching order
 * (rev: the SEQ is emitted backwards, so its children are in string order). */
static void seq_chars(ReParser *P, int32_t seq, const uint32_t *x, uint32_t from, uint32_t to, int rev) {
    for (uint32_t i = from; i < to; i++) {
        int32_t ch = node_new(P, N_CHAR);
        P->nodes[ch].a = str_at(x, rev ? to - 1 - (i - from) : i, rev);
        node_append(P, seq, ch);
    }
}

/* Past this many children the siblings of a trie node are split (str_siblings). */
#define RE_TRIE_FANOUT 6

/* Append to ALT node alt the trie siblings sib[0..n), whose first code points (in matching
 * order) are firsts[0..n), ascending. Siblings are mutually exclusive, so past
 * RE_TRIE_FANOUT of them they become two alternatives, one per half, each guarded by a
 * lookaround (a lookbehind when rev) on the class of its first code points: a code point
 * that starts no sibling, or the failure of the sibling it starts, then costs a few steps
 * per halving instead of one per sibling (\p{RGI_Emoji} has 382 at its root). */
static void str_siblings(ReParser *P, int32_t alt, const int32_t *sib, const uint32_t *firsts,
                         uint32_t n, int rev) {
    if (n <= RE_TRIE_FANOUT) {
        for (uint32_t i = 0; i < n; i++) node_append(P, alt, sib[i]);
        return;
    }
    uint32_t h = n / 2;
    for (int half = 0; half < 2; half++) {
        uint32_t off = half ? h : 0, m = half ? n - h : h;
        ReSet cs = { NULL, 0, 0 };
        for (uint32_t k = 0; k < m; k++) set_add(P, &cs, firsts[off + k], firsts[off + k]);
        set_normalize(&cs);
        if (P->icase) set_close_case(P, &cs, 1);
        int32_t cls = node_new(P, N_CLASS);
        P->nodes[cls].a = class_new(P, &cs);
        int32_t look = node_new(P, N_LOOK);
        P->nodes[look].kid = cls;
        P->nodes[look].behind = (uint8_t)rev;
        int32_t sub = node_new(P, N_ALT);
        str_siblings(P, sub, sib + off, firsts + off, m, rev);
        int32_t seq = node_new(P, N_SEQ);   /* guard first (a backwards SEQ runs last to first) */
        node_append(P, seq, rev ? sub : look);
        node_append(P, seq, rev ? look : sub);
        node_append(P, alt, seq);
    }
}

/* Append to ALT node alt the alternatives matching strs[lo..hi) minus their first `depth`
 * code points (shared, in matching order; strs sorted by str_cmp_dir, distinct), so that
 * the longest string that matches is tried first: the strings that match share a path of
 * this trie, and each node tries its children (longer strings) before its own end (an
 * N_EMPTY alternative, last). Siblings start with distinct (case-folded under /i)
 * characters, so at most one of them can match and their order does not matter. */
static void str_trie(ReParser *P, int32_t alt, uint32_t **strs, uint32_t lo, uint32_t hi,
                     uint32_t depth, int nest, int rev) {
    int ends = strs[lo][0] == depth;   /* a prefix sorts first */
    uint32_t i = lo + (uint32_t)ends;
    if (nest > RE_TRIE_MAX_NEST) {
        /* flat: longest first, then the string that ends here */
        qsort(strs + i, hi - i, sizeof(uint32_t *), str_len_desc);
        for (; i < hi; i++) {
            int32_t seq = node_new(P, N_SEQ);
            seq_chars(P, seq, strs[i], depth, strs[i][0], rev);
            node_append(P, alt, seq);
        }
    }
    int32_t *sib = NULL;
    uint32_t *firsts = NULL, nsib = 0;
    if (i < hi) {
        sib = t_alloc(P, (hi - i) * sizeof(int32_t));
        firsts = t_alloc(P, (hi - i) * sizeof(uint32_t));
        if (!sib || !firsts) re_nomem(P);
    }
    while (i < hi) {
        uint32_t c = str_at(strs[i], depth, rev), j = i + 1;
        while (j < hi && str_at(strs[j], depth, rev) == c) j++;
        /* the group [i, j) shares code points up to d: extend while no string ends there
         * and all continue with the same code point (first and last agree when sorted) */
        uint32_t d = depth + 1;
        while (strs[i][0] > d && str_at(strs[i], d, rev) == str_at(strs[j - 1], d, rev)) d++;
        int32_t seq = node_new(P, N_SEQ);
        if (j - i == 1 && strs[i][0] == d) {
            seq_chars(P, seq, strs[i], depth, d, rev);
        } else {
            int32_t sub = node_new(P, N_ALT);
            str_trie(P, sub, strs, i, j, d, nest + 1, rev);
            if (rev) node_append(P, seq, sub);
            seq_chars(P, seq, strs[i], depth, d, rev);
            if (!rev) node_append(P, seq, sub);
        }
        sib[nsib] = seq;
        firsts[nsib++] = c;
        i = j;
    }
    if (nsib) str_siblings(P, alt, sib, firsts, nsib, rev);
    t_free(P, sib);
    t_free(P, firsts);
    if (ends) node_append(P, alt, node_new(P, N_EMPTY));
}

/* The node matching v-mode class set s (consumed): an N_CLASS, or when s has strings the
 * alternation of CompileAtom (22.2.2.7): strings longest first, then the single
 * characters, then the empty string. The strings form a trie (str_trie) matched in the
 * direction of the parse position (P->behind). */
static int32_t vset_node(ReParser *P, VSet *s) {
    /* MaybeSimpleCaseFolding: close over case (a superset test is equivalent) */
    if (P->icase) set_close_case(P, &s->cps, 1);
    int has_cps = s->cps.n != 0;
    int32_t cls = node_new(P, N_CLASS);
    P->nodes[cls].a = class_new(P, &s->cps);
    if (!s->nstrs) { vset_free(P, s); return cls; }
    int rev = P->behind;
    qsort(s->strs, s->nstrs, sizeof(uint32_t *), rev ? str_cmp_bwd : str_cmp_fwd);
    /* distinct (case folding under /vi can make two strings equal) */
    uint32_t n = 1;
    for (uint32_t i = 1; i < s->nstrs; i++) {
        if (str_cmp_dir(s->strs[i], s->strs[n - 1], rev)) s->strs[n++] = s->strs[i];
        else t_free(P, s->strs[i]);
    }
    s->nstrs = n;
    int has_empty = s->strs[0][0] == 0;   /* sorts first */
    int32_t alt = node_new(P, N_ALT);
    if (n > (uint32_t)has_empty) str_trie(P, alt, s->strs, (uint32_t)has_empty, n, 0, 0, rev);
    if (has_cps) node_append(P, alt, cls);
    if (has_empty) node_append(P, alt, node_new(P, N_EMPTY));
    vset_free(P, s);
    return alt;
}

/* A v-mode class after '[': an N_CLASS, or an alternation when it has strings. */
static int32_t parse_class_v(ReParser *P) {
    VSet s;
    parse_class_v_contents(P, &s);
    return vset_node(P, &s);
}

/* An atom escape after '\' (P->pos at the letter), outside classes. Returns a node. */
static int32_t parse_atom_escape(ReParser *P) {
    int32_t c = cur(P);
    if (c < 0) re_error(P, "\\ at end of pattern");
    int32_t n;
    if (c >= '1' && c <= '9') {
        uint32_t save = P->pos;
        double v = parse_decimal(P);
        if (v <= P->total_groups) {
            n = node_new(P, N_BACKREF);
            P->nodes[n].a = (uint32_t)v;
            return n;
        }
        if (P->unicode) re_error(P, "invalid escape");
        P->pos = save;
        n = node_new(P, N_CHAR);
        if (c >= '8') { P->pos++; P->nodes[n].a = (uint32_t)c; }
        else P->nodes[n].a = parse_legacy_octal(P);
        return n;
    }
    switch (c) {
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W': {
        P->pos++;
        ReSet s = { NULL, 0, 0 };
        class_escape_set(P, (uint32_t)c, &s);
        if (P->icase) set_close_case(P, &s, P->unicode);
        n = node_new(P, N_CLASS);
        P->nodes[n].a = class_new(P, &s);
        return n;
    }
    case 'p': case 'P':
        if (!P->unicode) break;
        if (P->vmode) {   /* CharacterClassEscape: may be a property of strings */
            P->pos++;
            VSet vs;
            memset(&vs, 0, sizeof vs);
            parse_property_v(P, c == 'P', &vs);
            vset_fold(P, &vs);
            return vset_node(P, &vs);
        }
        {
            P->pos++;
            ReSet s = { NULL, 0, 0 };
            parse_property(P, c == 'P', &s);
            if (P->icase) set_close_case(P, &s, 1);
            n = node_new(P, N_CLASS);
            P->nodes[n].a = class_new(P, &s);
            return n;
        }
    case 'k':
        if (!P->named) break;
        P->pos++;
        if (cur(P) != '<') re_error(P, "invalid named reference");
        P->pos++;
        {
            ReName r;
            parse_group_name(P, &r);
            r.path = NULL;
            r.npath = 0;
            grow(P, (void **)&P->refs, &P->crefs, (size_t)P->nrefs + 1, sizeof(ReName));
            P->refs[P->nrefs] = r;
            n = node_new(P, N_NAMEDREF);
            P->nodes[n].a = P->nrefs++;
            return n;
        }
    default:
        break;
    }
    n = node_new(P, N_CHAR);
    P->nodes[n].a = parse_char_escape(P, 0);
    return n;
}

/* Term: an assertion or an atom with an optional quantifier. Returns the node. */
/* The rest of a modifier group "(?ims-ims:Disjunction" (ES2025 regexp modifiers), P->pos at
 * the first modifier after "(?". Early errors: a flag repeated or both added and removed,
 * and "(?-:" with no flag at all. The body is parsed with the flags changed; nodes record
 * the flags in force (ReNode.mods), classes are case-folded as they are parsed. */
static int32_t parse_modifier_group(ReParser *P) {
    uint32_t add = 0, remove = 0;
    int dash = 0;
    for (;;) {
        int32_t c = cur(P);
        uint32_t bit = c == 'i' ? RE_FLAG_I : c == 'm' ? RE_FLAG_M : c == 's' ? RE_FLAG_S : 0;
        if (bit) {
            if ((add | remove) & bit) re_error(P, "repeated flag in a modifier group");
            if (dash) remove |= bit; else add |= bit;
        } else if (c == '-' && !dash) {
            dash = 1;
        } else break;
        P->pos++;
    }
    if (cur(P) != ':') re_error(P, "invalid group");
    if (dash && !add && !remove) re_error(P, "a modifier group without flags");
    P->pos++;
    uint32_t saved = P->mods;
    P->mods = (P->mods | add) & ~remove;
    P->icase = (P->mods & RE_FLAG_I) != 0;
    int32_t n = parse_disjunction(P);
    P->mods = saved;
    P->icase = (saved & RE_FLAG_I) != 0;
    return n;
}

static int32_t parse_term(ReParser *P) {
    int32_t c = cur(P);
    int32_t n = -1;
    int quantifiable = 1;
    uint32_t groups_before = P->ngroups;
    switch (c) {
    case '^':
        P->pos++;
        n = node_new(P, N_BOL);
        quantifiable = 0;
        break;
    case '$':
        P->pos++;
        n = node_new(P, N_EOL);
        quantifiable = 0;
        break;
    case '\\':
        if (at(P, P->pos + 1) == 'b' || at(P, P->pos + 1) == 'B') {
            n = node_new(P, N_WORDB);
            P->nodes[n].neg = at(P, P->pos + 1) == 'B';
            P->pos += 2;
            quantifiable = 0;
            break;
        }
        P->pos++;
        n = parse_atom_escape(P);
        break;
    case '(': {
        P->pos++;
        if (++P->depth > RE_MAX_DEPTH) re_error(P, "regular expression too deeply nested");
        if (cur(P) == '?') {
            int32_t d = at(P, P->pos + 1);
            if (d == ':') {
                P->pos += 2;
                n = parse_disjunction(P);
            } else if (d == '=' || d == '!') {
                P->pos += 2;
                int was_behind = P->behind;
                P->behind = 0;
                int32_t body = parse_disjunction(P);
                P->behind = was_behind;
                n = node_new(P, N_LOOK);
                P->nodes[n].kid = body;
                P->nodes[n].neg = d == '!';
                quantifiable = !P->unicode;   /* Annex B QuantifiableAssertion */
            } else if (d == '<' && (at(P, P->pos + 2) == '=' || at(P, P->pos + 2) == '!')) {
                int neg = at(P, P->pos + 2) == '!';
                P->pos += 3;
                int was_behind = P->behind;
                P->behind = 1;
                int32_t body = parse_disjunction(P);
                P->behind = was_behind;
                n = node_new(P, N_LOOK);
                P->nodes[n].kid = body;
                P->nodes[n].neg = (uint8_t)neg;
                P->nodes[n].behind = 1;
                quantifiable = 0;
            } else if (d == '<') {
                P->pos += 2;
                ReName nm;
                parse_group_name(P, &nm);
                uint32_t g = ++P->ngroups;
                nm.group = g;
                nm.npath = P->npath;
                nm.path = t_alloc(P, (P->npath ? P->npath : 1) * 2 * sizeof(uint32_t));
                if (!nm.path) re_nomem(P);
                memcpy(nm.path, P->path, P->npath * 2 * sizeof(uint32_t));
                /* duplicate names are allowed only in different alternatives (ES2025) */
                for (uint32_t i = 0; i < P->nnames; i++)
                    if (name_eq(&P->names[i], &nm) && might_both_participate(&P->names[i], &nm)) {
                        re_error(P, "duplicate capture group name");
                    }
                grow(P, (void **)&P->names, &P->cnames, (size_t)P->nnames + 1, sizeof(ReName));
                P->names[P->nnames++] = nm;
                int32_t body = parse_disjunction(P);
                n = node_new(P, N_GROUP);
                P->nodes[n].a = g;
                P->nodes[n].kid = body;
            } else if (d == 'i' || d == 'm' || d == 's' || d == '-') {
                P->pos++;
                n = parse_modifier_group(P);
            } else re_error(P, "invalid group");
        } else {
            uint32_t g = ++P->ngroups;
            int32_t body = parse_disjunction(P);
            n = node_new(P, N_GROUP);
            P->nodes[n].a = g;
            P->nodes[n].kid = body;
        }
        if (cur(P) != ')') re_error(P, "unterminated group");
        P->pos++;
        P->depth--;
        break;
    }
    case '.':
        P->pos++;
        n = node_new(P, N_DOT);
        break;
    case '[':
        P->pos++;
        if (P->vmode) {
            if (++P->depth > RE_MAX_DEPTH) re_error(P, "regular expression too deeply nested");
            n = parse_class_v(P);
            P->depth--;
        } else n = parse_class(P);
        break;
    case '*': case '+': case '?':
        re_error(P, "nothing to repeat");
    case '{': {
        if (P->unicode) re_error(P, "nothing to repeat");
        double a, b;
        if (parse_braced(P, &a, &b)) re_error(P, "nothing to repeat");
        P->pos++;
        n = node_new(P, N_CHAR);
        P->nodes[n].a = '{';
        break;
    }
    case '}': case ']':
        if (P->unicode) re_error(P, "lone quantifier brackets");
        P->pos++;
        n = node_new(P, N_CHAR);
        P->nodes[n].a = (uint32_t)c;
        break;
    default: {
        uint32_t w;
        n = node_new(P, N_CHAR);
        P->nodes[n].a = src_char(P, P->pos, &w);
        P->pos += w;
        break;
    }
    }
    /* quantifier */
    double min, max;
    c = cur(P);
    if (c == '*') { min = 0; max = -1; P->pos++; }
    else if (c == '+') { min = 1; max = -1; P->pos++; }
    else if (c == '?') { min = 0; max = 1; P->pos++; }
    else if (c == '{') {
        if (!parse_braced(P, &min, &max)) {
            if (P->unicode) re_error(P, "incomplete quantifier");
            return n;
        }
        if (max >= 0 && min > max) re_error(P, "numbers out of order in {} quantifier");
    } else return n;
    if (!quantifiable) re_error(P, "nothing to repeat");
    int greedy = 1;
    if (cur(P) == '?') { greedy = 0; P->pos++; }
    int32_t r = node_new(P, N_REPEAT);
    ReNode *rn = &P->nodes[r];
    rn->a = clamp_q(min, 0);
    rn->b = clamp_q(max, 1);
    rn->greedy = (uint8_t)greedy;
    rn->kid = n;
    rn->cap_lo = groups_before + 1;
    rn->cap_hi = P->ngroups + 1;
    return r;
}

/* Alternative: Term*. Stops at '|', ')' or the end. */
static int32_t parse_alternative(ReParser *P) {
    int32_t seq = node_new(P, N_SEQ);
    for (;;) {
        int32_t c = cur(P);
        if (c < 0 || c == '|' || c == ')') break;
        int32_t t = parse_term(P);
        node_append(P, seq, t);
    }
    return seq;
}

/* Disjunction: Alternative ('|' Alternative)*. */
static int32_t parse_disjunction(ReParser *P) {
    /* record where we are for the duplicate-group-name rule (MightBothParticipate) */
    grow(P, (void **)&P->path, &P->cpath, 2 * ((size_t)P->npath + 1), sizeof(uint32_t));
    uint32_t at = P->npath++;
    P->path[2 * at] = ++P->ndisj;
    P->path[2 * at + 1] = 0;
    int32_t first = parse_alternative(P);
    if (cur(P) != '|') { P->npath = at; return first; }
    int32_t alt = node_new(P, N_ALT);
    node_append(P, alt, first);
    while (cur(P) == '|') {
        P->pos++;
        P->path[2 * at + 1]++;
        int32_t a = parse_alternative(P);
        node_append(P, alt, a);
    }
    P->npath = at;
    return alt;
}


/* ---------------------------------------------------------------------------------------
 * Analyses
 * ------------------------------------------------------------------------------------- */

/* Whether node n can match the empty string (conservative: may say yes). */
static int can_be_empty(ReParser *P, int32_t n) {
    ReNode *x = &P->nodes[n];
    switch (x->type) {
    case N_CHAR: case N_CLASS: case N_DOT: return 0;
    case N_SEQ:
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next)
            if (!can_be_empty(P, k)) return 0;
        return 1;
    case N_ALT:
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next)
            if (can_be_empty(P, k)) return 1;
        return 0;
    case N_GROUP: return can_be_empty(P, x->kid);
    case N_REPEAT: return x->a == 0 || can_be_empty(P, x->kid);
    default: return 1;
    }
}

/* Lower bound of the code units any match of n consumes (saturating). */
static uint32_t min_length(ReParser *P, int32_t n) {
    ReNode *x = &P->nodes[n];
    uint64_t t = 0;
    switch (x->type) {
    case N_CHAR: return x->a >= 0x10000 ? 2 : 1;
    case N_CLASS: case N_DOT: return 1;
    case N_SEQ:
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next) {
            t += min_length(P, k);
            if (t > 0x3FFFFFFF) return 0x3FFFFFFF;
        }
        return (uint32_t)t;
    case N_ALT: {
        uint32_t m = 0x3FFFFFFF;
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next) {
            uint32_t l = min_length(P, k);
            if (l < m) m = l;
        }
        return m;
    }
    case N_GROUP: return min_length(P, x->kid);
    case N_REPEAT:
        t = (uint64_t)x->a * min_length(P, x->kid);
        return t > 0x3FFFFFFF ? 0x3FFFFFFF : (uint32_t)t;
    default: return 0;
    }
}

/* The possible first code units of a match: 256-bit map for units < 256, `high` for any
 * unit >= 256, `all` when unknown. Returns whether n can match empty (then what follows
 * contributes too). */
typedef struct FirstSet { uint32_t map[8]; int high; int all; } FirstSet;

static void first_add_cp(FirstSet *f, uint32_t c) {
    if (c < 256) f->map[c >> 5] |= 1u << (c & 31);
    else f->high = 1;
}

static int first_set(ReParser *P, int32_t n, FirstSet *f) {
    ReNode *x = &P->nodes[n];
    switch (x->type) {
    case N_CHAR: {
        uint32_t c = x->a;
        first_add_cp(f, c);
        if (x->mods & RE_FLAG_I) for (uint32_t y = uni_canonicalize_next(c, P->unicode); y != c; y = uni_canonicalize_next(y, P->unicode)) first_add_cp(f, y);
        return 0;
    }
    case N_CLASS: {
        if (x->neg) { f->all = 1; return 0; }
        const ReSet *s = &P->classes[x->a];
        for (uint32_t i = 0; i < s->n; i++) {
            uint32_t lo = s->v[2 * i], hi = s->v[2 * i + 1];
            if (hi >= 256) f->high = 1;
            if (lo < 256) for (uint32_t c = lo; c <= hi && c < 256; c++) first_add_cp(f, c);
        }
        return 0;
    }
    case N_DOT: f->all = 1; return 0;
    case N_SEQ:
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next)
            if (!first_set(P, k, f)) return 0;
        return 1;
    case N_ALT: {
        int e = 0;
        for (int32_t k = x->kid; k >= 0; k = P->nodes[k].next)
            if (first_set(P, k, f)) e = 1;
        return e;
    }
    case N_GROUP: return first_set(P, x->kid, f);
    case N_REPEAT:
        if (x->b == 0) return 1;
        return first_set(P, x->kid, f) || x->a == 0;
    case N_BACKREF: case N_NAMEDREF: f->all = 1; return 1;
    default: return 1;   /* assertions and lookarounds consume nothing */
    }
}

/* ---------------------------------------------------------------------------------------
 * Code emission
 * ------------------------------------------------------------------------------------- */

static void emit(ReParser *P, uint32_t w) {
    grow_words(P, &P->code, &P->ccode, P->ncode + 1);
    P->code[P->ncode++] = w;
}

static uint32_t new_reg(ReParser *P) {
    if (P->nregs >= 0xFFFF) re_error(P, "regular expression too large");
    return P->nregs++;
}

/* The class-table offset of class ci (emits it; classes are emitted once, on first use). */
static uint32_t emit_class(ReParser *P, uint32_t ci, uint32_t *class_off) {
    if (class_off[ci] != 0xFFFFFFFFu) return class_off[ci];
    const ReSet *s = &P->classes[ci];
    uint32_t nhigh = 0;
    for (uint32_t i = 0; i < s->n; i++) if (s->v[2 * i + 1] >= 256) nhigh++;
    size_t off = P->nctab;
    grow_words(P, &P->ctab, &P->cctab, off + 9 + 2 * (size_t)nhigh);
    uint32_t *t = P->ctab + off;
    memset(t, 0, 9 * sizeof(uint32_t));
    t[0] = nhigh;
    uint32_t w = 9;
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t lo = s->v[2 * i], hi = s->v[2 * i + 1];
        for (uint32_t c = lo; c <= hi && c < 256; c++) t[1 + (c >> 5)] |= 1u << (c & 31);
        if (hi >= 256) {
            t[w++] = lo < 256 ? 256 : lo;
            t[w++] = hi;
        }
    }
    P->nctab = off + w;
    class_off[ci] = (uint32_t)off;
    return (uint32_t)off;
}

/* Whether node n is a one-character matcher usable under RE_OP_STAR. */
static int is_single_char(ReParser *P, int32_t n) {
    int t = P->nodes[n].type;
    return t == N_CHAR || t == N_CLASS || t == N_DOT;
}

static void emit_node(ReParser *P, int32_t n, int bwd, uint32_t *class_off);

/* 1 when node x is case-insensitive and the pattern's flags are not, or the reverse: the
 * bit RE_OP_WORDB / RE_OP_BACKREF(_MULTI) carry to flip the matcher's i flag there. */
static uint32_t icase_flip(const ReParser *P, const ReNode *x) {
    return ((x->mods & RE_FLAG_I) != 0) != ((P->flags & RE_FLAG_I) != 0);
}

/* Emit a one-character matcher for node n (N_CHAR / N_CLASS / N_DOT). */
static void emit_single(ReParser *P, int32_t n, int bwd, uint32_t *class_off) {
    ReNode *x = &P->nodes[n];
    if (x->type == N_CHAR) {
        uint32_t c = x->a, m[4], k = 0;
        m[k++] = c;
        if (x->mods & RE_FLAG_I)
            for (uint32_t y = uni_canonicalize_next(c, P->unicode); y != c && k < 4; y = uni_canonicalize_next(y, P->unicode)) m[k++] = y;
        if (k == 1) {
            emit(P, RE_OP_CHAR | (uint32_t)bwd << 8);
            emit(P, c);
        } else {
            emit(P, RE_OP_CHARS | ((uint32_t)bwd | k << 1) << 8);
            for (uint32_t i = 0; i < k; i++) emit(P, m[i]);
        }
    } else if (x->type == N_CLASS) {
        uint32_t off = emit_class(P, x->a, class_off);
        emit(P, RE_OP_CLASS | ((uint32_t)bwd | (uint32_t)x->neg << 1) << 8);
        emit(P, off);
    } else {
        emit(P, (x->mods & RE_FLAG_S ? RE_OP_ANY : RE_OP_DOT) | (uint32_t)bwd << 8);
    }
}

/* Whether N_CHAR node n can join a RE_OP_STRING run. */
static int string_char_ok(ReParser *P, int32_t n) {
    ReNode *x = &P->nodes[n];
    if (x->type != N_CHAR || (x->mods & RE_FLAG_I)) return 0;
    if (x->a >= 0xD800 && x->a <= 0xDFFF && P->unicode) return 0;
    return 1;
}

/* Emit one RE_OP_STRING for the plain characters of kids P->kstack[base + s .. base + e)
 * (pattern order; at most 255 code units). */
static void emit_string(ReParser *P, uint32_t base, uint32_t s, uint32_t e, int bwd) {
    uint32_t units = 0;
    for (uint32_t t = s; t < e; t++) units += P->nodes[P->kstack[base + t]].a >= 0x10000 ? 2 : 1;
    emit(P, RE_OP_STRING | ((uint32_t)bwd | units << 1) << 8);
    for (uint32_t t = s; t < e; t++) {
        uint32_t c = P->nodes[P->kstack[base + t]].a;
        if (c >= 0x10000) {
            emit(P, 0xD800 + ((c - 0x10000) >> 10));
            emit(P, 0xDC00 + ((c - 0x10000) & 0x3FF));
        } else emit(P, c);
    }
}

/* Emit the k children of a sequence, held in P->kstack[base..base+k), in order (reversed
 * when bwd), merging runs of plain characters into RE_OP_STRING instructions. */
static void emit_seq(ReParser *P, uint32_t base, uint32_t k, int bwd, uint32_t *class_off) {
    uint32_t i = 0;
    while (i < k) {
        /* the segment ending (bwd: starting) at the current end of what is left */
        uint32_t s, e;   /* pattern-order segment [s, e) */
        if (!bwd) {
            s = i; e = i;
            while (e < k && string_char_ok(P, P->kstack[base + e])) e++;
        } else {
            e = k - i; s = e;
            while (s > 0 && string_char_ok(P, P->kstack[base + s - 1])) s--;
        }
        if (e - s >= 2) {
            /* split into chunks of at most 200 characters (<= 255 units) */
            if (!bwd) {
                for (uint32_t t = s; t < e; t += 200) emit_string(P, base, t, t + 200 < e ? t + 200 : e, 0);
            } else {
                for (uint32_t t = e; t > s; t = t > s + 200 ? t - 200 : s) emit_string(P, base, t > s + 200 ? t - 200 : s, t, 1);
            }
            i += e - s;
            continue;
        }
        emit_node(P, P->kstack[base + (bwd ? k - 1 - i : i)], bwd, class_off);
        i++;
    }
}

/* Emit a quantified node. */
static void emit_repeat(ReParser *P, int32_t n, int bwd, uint32_t *class_off) {
    ReNode x = P->nodes[n];
    uint32_t min = x.a, max = x.b;
    int32_t body = x.kid;
    if (max == 0) return;
    if (min == 1 && max == 1) { emit_node(P, body, bwd, class_off); return; }
    if (is_single_char(P, body)) {
        emit(P, RE_OP_STAR | ((uint32_t)x.greedy | (uint32_t)bwd << 1) << 8);
        emit(P, min);
        emit(P, max);
        size_t next_at = P->ncode;
        emit(P, 0);
        emit_single(P, body, bwd, class_off);
        P->code[next_at] = (uint32_t)P->ncode;
        return;
    }
    int empty = can_be_empty(P, body);
    int has_caps = x.cap_hi > x.cap_lo;
    if (min == 0 && (max == 1 || max == RE_INF)) {
        /* x? and x*: no counter */
        uint32_t posreg = empty ? new_reg(P) : 0;
        size_t loop = P->ncode;
        emit(P, x.greedy ? RE_OP_SPLIT_NEXT : RE_OP_SPLIT_JUMP);
        size_t exit_at = P->ncode;
        emit(P, 0);
        if (empty) { emit(P, RE_OP_SET_POS); emit(P, posreg); }
        if (has_caps) { emit(P, RE_OP_RESET); emit(P, 2 * x.cap_lo); emit(P, 2 * x.cap_hi); }
        emit_node(P, body, bwd, class_off);
        if (empty) { emit(P, RE_OP_CHECK_PROGRESS); emit(P, posreg); }
        if (max == RE_INF) { emit(P, RE_OP_JMP); emit(P, (uint32_t)loop); }
        P->code[exit_at] = (uint32_t)P->ncode;
        return;
    }
    uint32_t creg = new_reg(P);
    uint32_t posreg = empty ? new_reg(P) : 0;
    emit(P, RE_OP_REPEAT_INIT);
    emit(P, creg);
    size_t loop = P->ncode;
    emit(P, RE_OP_REPEAT_TEST | (uint32_t)x.greedy << 8);
    emit(P, creg);
    emit(P, min);
    emit(P, max);
    size_t exit_at = P->ncode;
    emit(P, 0);
    if (empty) { emit(P, RE_OP_SET_POS); emit(P, posreg); }
    if (has_caps) { emit(P, RE_OP_RESET); emit(P, 2 * x.cap_lo); emit(P, 2 * x.cap_hi); }
    emit_node(P, body, bwd, class_off);
    emit(P, RE_OP_REPEAT_END | (uint32_t)empty << 8);
    emit(P, creg);
    emit(P, posreg);
    emit(P, min);
    emit(P, (uint32_t)loop);
    P->code[exit_at] = (uint32_t)P->ncode;
}

/* Emit node n matching forwards (bwd = 0) or backwards (inside a lookbehind). */
static void emit_node(ReParser *P, int32_t n, int bwd, uint32_t *class_off) {
    ReNode *x = &P->nodes[n];
    switch (x->type) {
    case N_EMPTY: return;
    case N_CHAR: case N_CLASS: case N_DOT:
        emit_single(P, n, bwd, class_off);
        return;
    case N_SEQ: {
        uint32_t k = 0;
        for (int32_t c = x->kid; c >= 0; c = P->nodes[c].next) k++;
        if (k == 0) return;
        uint32_t base = P->nkstack;
        grow(P, (void **)&P->kstack, &P->ckstack, (size_t)base + k, sizeof(int32_t));
        for (int32_t c = x->kid; c >= 0; c = P->nodes[c].next) P->kstack[P->nkstack++] = c;
        emit_seq(P, base, k, bwd, class_off);
        P->nkstack = base;
        return;
    }
    case N_ALT: {
        /* SPLIT_NEXT L2; a1; JMP END; L2: SPLIT_NEXT L3; a2; JMP END; ...; an; END: */
        size_t jumps_head = 0;   /* linked list of JMP END operands through the code */
        int first_jump = 1;
        for (int32_t c = x->kid; c >= 0; c = P->nodes[c].next) {
            int32_t nextalt = P->nodes[c].next;
            size_t split_at = 0;
            if (nextalt >= 0) {
                emit(P, RE_OP_SPLIT_NEXT);
                split_at = P->ncode;
                emit(P, 0);
            }
            emit_node(P, c, bwd, class_off);
            if (nextalt >= 0) {
                emit(P, RE_OP_JMP);
                emit(P, first_jump ? 0xFFFFFFFFu : (uint32_t)jumps_head);
                jumps_head = P->ncode - 1;
                first_jump = 0;
                P->code[split_at] = (uint32_t)P->ncode;
            }
        }
        if (!first_jump) {
            size_t j = jumps_head;
            for (;;) {
                uint32_t prev = P->code[j];
                P->code[j] = (uint32_t)P->ncode;
                if (prev == 0xFFFFFFFFu) break;
                j = prev;
            }
        }
        return;
    }
    case N_GROUP: {
        uint32_t g = x->a;
        emit(P, RE_OP_SAVE);
        emit(P, 2 * g + (uint32_t)bwd);
        emit_node(P, x->kid, bwd, class_off);
        emit(P, RE_OP_SAVE);
        emit(P, 2 * g + 1 - (uint32_t)bwd);
        return;
    }
    case N_REPEAT:
        emit_repeat(P, n, bwd, class_off);
        return;
    case N_BOL: emit(P, x->mods & RE_FLAG_M ? RE_OP_BOL_M : RE_OP_BOL); return;
    case N_EOL: emit(P, x->mods & RE_FLAG_M ? RE_OP_EOL_M : RE_OP_EOL); return;
    case N_WORDB: emit(P, RE_OP_WORDB | ((uint32_t)x->neg | icase_flip(P, x) << 1) << 8); return;
    case N_LOOK: {
        emit(P, RE_OP_LOOK | (uint32_t)x->neg << 8);
        size_t end_at = P->ncode;
        emit(P, 0);
        emit_node(P, x->kid, x->behind, class_off);
        emit(P, RE_OP_LOOK_END);
        P->code[end_at] = (uint32_t)P->ncode;
        return;
    }
    case N_BACKREF:
        if (x->b) {
            /* \k<name> with duplicate names: the groups of that name, in order */
            const ReName *r = &P->refs[x->b - 1];
            uint32_t count = 0;
            for (uint32_t k = 0; k < P->nnames; k++) if (name_eq(&P->names[k], r)) count++;
            if (count > 255) re_error(P, "too many groups with the same name");
            emit(P, RE_OP_BACKREF_MULTI | ((uint32_t)bwd | count << 1 | icase_flip(P, x) << 9) << 8);
            for (uint32_t k = 0; k < P->nnames; k++) if (name_eq(&P->names[k], r)) emit(P, P->names[k].group);
            return;
        }
        emit(P, RE_OP_BACKREF | ((uint32_t)bwd | icase_flip(P, x) << 1) << 8);
        emit(P, x->a);
        return;
    default:
        re_error(P, "internal error: bad node");
    }
}

/* ---------------------------------------------------------------------------------------
 * re_compile
 * ------------------------------------------------------------------------------------- */

static void parser_free(ReParser *P) {
    for (uint32_t i = 0; i < P->nallocs; i++) free(P->allocs[i]);
    free(P->allocs);
    free(P->out);
    free(P);
}

int re_compile(const uint16_t *pattern, uint32_t len, uint32_t flags, uint32_t **prog,
               size_t *nwords, char *msg, size_t msg_size) {
    if (msg && msg_size) msg[0] = 0;
    if (prog) *prog = NULL;
    /* the state lives in malloc'd memory: it stays valid across longjmp (C11 7.13.2.1) */
    ReParser *P = calloc(1, sizeof *P);
    if (!P) {
        if (msg && msg_size) snprintf(msg, msg_size, "out of memory");
        return RE_NOMEM;
    }
    P->src = pattern;
    P->len = len;
    P->flags = flags;
    P->unicode = (flags & (RE_FLAG_U | RE_FLAG_V)) != 0;
    P->vmode = (flags & RE_FLAG_V) != 0;
    P->icase = (flags & RE_FLAG_I) != 0;
    P->mods = flags & (RE_FLAG_I | RE_FLAG_M | RE_FLAG_S);
    P->msg = msg;
    P->msg_size = msg_size;
    if (setjmp(P->jb)) {
        int nomem = P->nomem;
        parser_free(P);
        return nomem ? RE_NOMEM : RE_SYNTAX;
    }
    int has_named;
    prescan(P, &has_named);
    P->named = P->unicode || has_named;
    if (P->total_groups > RE_MAX_GROUPS) re_error(P, "too many capture groups");
    int32_t root = parse_disjunction(P);
    if (P->pos < P->len) {
        if (cur(P) == ')') re_error(P, "unmatched ')'");
        re_error(P, "unexpected character");
    }
    /* resolve \k<name> */
    for (uint32_t i = 0; i < P->nnodes; i++) {
        ReNode *x = &P->nodes[i];
        if (x->type != N_NAMEDREF) continue;
        const ReName *r = &P->refs[x->a];
        uint32_t g = 0, count = 0;
        for (uint32_t k = 0; k < P->nnames; k++)
            if (name_eq(&P->names[k], r)) { if (!g) g = P->names[k].group; count++; }
        if (!g) re_error(P, "invalid named capture referenced");
        x->type = N_BACKREF;
        x->b = count > 1 ? x->a + 1 : 0;   /* several groups of that name: refs index + 1 */
        x->a = g;
    }
    if (!prog) { parser_free(P); return RE_OK; }

    /* code */
    P->class_off = t_alloc(P, (P->nclasses ? P->nclasses : 1) * sizeof(uint32_t));
    if (!P->class_off) re_nomem(P);
    for (uint32_t i = 0; i < P->nclasses; i++) P->class_off[i] = 0xFFFFFFFFu;
    emit_node(P, root, 0, P->class_off);
    emit(P, RE_OP_MATCH);

    /* start filter */
    FirstSet fs;
    memset(&fs, 0, sizeof fs);
    int first_ok = !first_set(P, root, &fs) && !fs.all;
    uint32_t minlen = min_length(P, root);

    /* names */
    uint32_t ncaps = P->total_groups + 1;
    size_t names_len = 0;
    {
        uint32_t k = 0;
        for (uint32_t g = 1; g < ncaps; g++) {
            uint32_t l = 0;
            if (k < P->nnames && P->names[k].group == g) { l = P->names[k].len; k++; }
            names_len += 1 + (l + 1) / 2;
        }
    }
    size_t total = RE_H_WORDS + P->ncode + P->nctab + names_len + (first_ok ? 10 : 0);
    if (total > ((size_t)1 << 28)) re_error(P, "regular expression too large");
    uint32_t *out = P->out = calloc(total, sizeof(uint32_t));
    if (!out) re_nomem(P);
    size_t w = RE_H_WORDS;
    out[RE_H_MAGIC] = RE_MAGIC;
    out[RE_H_FLAGS] = flags;
    out[RE_H_NCAPS] = ncaps;
    out[RE_H_NREGS] = P->nregs;
    out[RE_H_CODE] = (uint32_t)w;
    out[RE_H_CODE_LEN] = (uint32_t)P->ncode;
    memcpy(out + w, P->code, P->ncode * sizeof(uint32_t));
    w += P->ncode;
    out[RE_H_CLASSES] = (uint32_t)w;
    out[RE_H_CLASSES_LEN] = (uint32_t)P->nctab;
    if (P->nctab) memcpy(out + w, P->ctab, P->nctab * sizeof(uint32_t));
    /* class operands are relative to the table: make them absolute */
    {
        uint32_t *code = out + out[RE_H_CODE];
        size_t pc = 0;
        while (pc < P->ncode) {
            uint32_t op = code[pc] & 0xFF, arg = code[pc] >> 8;
            size_t l;
            switch (op) {
            case RE_OP_CHARS: case RE_OP_STRING: l = 1 + (arg >> 1); break;
            case RE_OP_BACKREF_MULTI: l = 1 + ((arg >> 1) & 0xFF); break;
            case RE_OP_CLASS: code[pc + 1] += (uint32_t)w; l = 2; break;
            case RE_OP_DOT: case RE_OP_ANY: case RE_OP_BOL: case RE_OP_EOL: case RE_OP_BOL_M:
            case RE_OP_EOL_M: case RE_OP_WORDB: case RE_OP_LOOK_END: case RE_OP_MATCH: l = 1; break;
            case RE_OP_RESET: l = 3; break;
            case RE_OP_REPEAT_TEST: case RE_OP_REPEAT_END: l = 5; break;
            case RE_OP_STAR: l = 4; break;
            default: l = 2; break;
            }
            pc += l;
        }
    }
    w += P->nctab;
    out[RE_H_NAMES] = (uint32_t)w;
    out[RE_H_NAMES_LEN] = (uint32_t)names_len;
    {
        uint32_t k = 0;
        for (uint32_t g = 1; g < ncaps; g++) {
            if (k < P->nnames && P->names[k].group == g) {
                const ReName *nm = &P->names[k++];
                out[w++] = nm->len;
                for (uint32_t i = 0; i < nm->len; i += 2)
                    out[w++] = nm->s[i] | (i + 1 < nm->len ? (uint32_t)nm->s[i + 1] << 16 : 0);
            } else out[w++] = 0;
        }
    }
    if (first_ok) {
        out[RE_H_FIRST] = (uint32_t)w;
        memcpy(out + w, fs.map, sizeof fs.map);
        out[w + 8] = (uint32_t)fs.high;
        /* the only possible first unit, when there is exactly one (memchr filter) */
        uint32_t single = 0xFFFFFFFFu, bits = 0;
        for (uint32_t c = 0; c < 256; c++)
            if ((fs.map[c >> 5] >> (c & 31)) & 1) { bits++; single = c; }
        out[w + 9] = bits == 1 && !fs.high ? single : 0xFFFFFFFFu;
        w += 10;
    }
    out[RE_H_MINLEN] = minlen;
    out[RE_H_TOTAL] = (uint32_t)w;
    P->out = NULL;
    parser_free(P);
    *prog = out;
    *nwords = w;
    return RE_OK;
}

/* ---------------------------------------------------------------------------------------
 * Program checker
 * ------------------------------------------------------------------------------------- */

int re_program_check(const uint32_t *prog, size_t nwords) {
    if (nwords < RE_H_WORDS || prog[RE_H_MAGIC] != RE_MAGIC || prog[RE_H_TOTAL] != nwords) return -1;
    uint32_t ncaps = prog[RE_H_NCAPS], nregs = prog[RE_H_NREGS];
    if (ncaps < 1 || ncaps > RE_MAX_GROUPS + 1 || nregs > 0xFFFF) return -1;
    uint64_t code = prog[RE_H_CODE], clen = prog[RE_H_CODE_LEN];
    uint64_t ct = prog[RE_H_CLASSES], ctl = prog[RE_H_CLASSES_LEN];
    uint64_t nm = prog[RE_H_NAMES], nml = prog[RE_H_NAMES_LEN];
    if (code < RE_H_WORDS || code + clen > nwords || clen == 0) return -1;
    if (ct + ctl > nwords || nm + nml > nwords) return -1;
    if (prog[RE_H_FIRST] && ((uint64_t)prog[RE_H_FIRST] + 10 > nwords || (prog[prog[RE_H_FIRST] + 9] > 255 && prog[prog[RE_H_FIRST] + 9] != 0xFFFFFFFFu))) return -1;
    /* names */
    {
        uint64_t p = nm;
        for (uint32_t g = 1; g < ncaps; g++) {
            if (p >= nm + nml) return -1;
            uint64_t l = prog[p];
            p += 1 + (l + 1) / 2;
            if (p > nm + nml) return -1;
        }
    }
    const uint32_t *c = prog + code;
    /* one pass: decode every instruction, check its operands, mark instruction starts and
     * collect jump targets; then check the targets against the starts */
    uint64_t starts_local[64], *starts = clen <= 64 * 64 ? starts_local : calloc((size_t)(clen + 63) / 64, 8);
    uint32_t targets_local[128], *targets = targets_local;
    size_t ntargets = 0, ctargets = sizeof targets_local / sizeof targets_local[0];
    if (!starts) return -1;
    if (starts == starts_local) memset(starts_local, 0, (size_t)(clen + 63) / 64 * 8);
    int ok = 1, last_match = 0;
#define RE_TARGET(t) do { \
        if (ntargets == ctargets) { \
            uint32_t *nt_ = malloc(ctargets * 2 * sizeof(uint32_t)); \
            if (!nt_) { ok = 0; break; } \
            memcpy(nt_, targets, ntargets * sizeof(uint32_t)); \
            if (targets != targets_local) free(targets); \
            targets = nt_; ctargets *= 2; \
        } \
        targets[ntargets++] = (t); \
    } while (0)
    for (uint64_t pc = 0; pc < clen && ok;) {
        uint32_t op = c[pc] & 0xFF, arg = c[pc] >> 8;
        uint64_t l;
        starts[pc >> 6] |= 1ull << (pc & 63);
        last_match = op == RE_OP_MATCH;
        switch (op) {
        case RE_OP_CHAR: l = 2; if (arg > 1) ok = 0; break;
        case RE_OP_CHARS: l = 1 + (arg >> 1); if ((arg >> 1) < 1 || (arg >> 1) > 4) ok = 0; break;
        case RE_OP_STRING: case RE_OP_BACKREF_MULTI:
            l = 1 + ((arg >> 1) & 0xFF);
            if (((arg >> 1) & 0xFF) < 1 || (op == RE_OP_STRING && (arg >> 1) > 255) || (arg >> 10)) ok = 0;
            break;
        case RE_OP_CLASS: l = 2; break;
        case RE_OP_DOT: case RE_OP_ANY: case RE_OP_BOL: case RE_OP_EOL: case RE_OP_BOL_M:
        case RE_OP_EOL_M: case RE_OP_WORDB: case RE_OP_LOOK_END: case RE_OP_MATCH: l = 1; break;
        case RE_OP_RESET: l = 3; break;
        case RE_OP_REPEAT_TEST: case RE_OP_REPEAT_END: l = 5; break;
        case RE_OP_STAR: l = 4; break;
        case RE_OP_SAVE: case RE_OP_SPLIT_NEXT: case RE_OP_SPLIT_JUMP: case RE_OP_JMP: case RE_OP_LOOK:
        case RE_OP_BACKREF: case RE_OP_SET_POS: case RE_OP_CHECK_PROGRESS: case RE_OP_REPEAT_INIT: l = 2; break;
        default: l = 1; ok = 0; break;
        }
        if (!ok || pc + l > clen) { ok = 0; break; }
        const uint32_t *a = c + pc + 1;
        switch (op) {
        case RE_OP_CLASS: {
            uint64_t off = a[0];
            if (off < ct || off + 9 > ct + ctl || off + 9 + 2 * (uint64_t)prog[off] > ct + ctl) ok = 0;
            break;
        }
        case RE_OP_SAVE: if (a[0] >= 2 * ncaps) ok = 0; break;
        case RE_OP_RESET: if (a[0] > a[1] || a[1] > 2 * ncaps) ok = 0; break;
        case RE_OP_BACKREF: if (a[0] >= ncaps) ok = 0; break;
        case RE_OP_BACKREF_MULTI:
            for (uint32_t k = 0; k < ((arg >> 1) & 0xFF); k++) if (a[k] >= ncaps) ok = 0;
            break;
        case RE_OP_SET_POS: case RE_OP_CHECK_PROGRESS: case RE_OP_REPEAT_INIT: if (a[0] >= nregs) ok = 0; break;
        case RE_OP_SPLIT_NEXT: case RE_OP_SPLIT_JUMP: case RE_OP_JMP: case RE_OP_LOOK: RE_TARGET(a[0]); break;
        case RE_OP_REPEAT_TEST: if (a[0] >= nregs) ok = 0; else RE_TARGET(a[3]); break;
        case RE_OP_REPEAT_END:
            if (a[0] >= nregs || ((arg & 1) && a[1] >= nregs)) ok = 0;
            else RE_TARGET(a[3]);
            break;
        case RE_OP_STAR: {
            /* the atom follows; `next` must be right after it; directions agree */
            uint64_t at = pc + 4;
            uint32_t aop = at < clen ? (c[at] & 0xFF) : 0;
            uint64_t al = aop == RE_OP_CHAR || aop == RE_OP_CLASS ? 2 : aop == RE_OP_CHARS ? 1 + (c[at] >> 9)
                        : aop == RE_OP_DOT || aop == RE_OP_ANY ? 1 : 0;
            if (!al || a[2] != at + al || ((arg >> 1) & 1) != ((c[at] >> 8) & 1)) ok = 0;
            else RE_TARGET(a[2]);
            break;
        }
        default: break;
        }
        pc += l;
    }
#undef RE_TARGET
    if (!last_match) ok = 0;
    for (size_t i = 0; i < ntargets && ok; i++)
        if (targets[i] >= clen || !((starts[targets[i] >> 6] >> (targets[i] & 63)) & 1)) ok = 0;
    if (starts != starts_local) free(starts);
    if (targets != targets_local) free(targets);
    return ok ? 0 : -1;
}

/* ---------------------------------------------------------------------------------------
 * The parser hook for regular expression literals (pure: tools/parsecheck links it alone)
 * ------------------------------------------------------------------------------------- */

int regexp_validate_literal(void *ctx, const uint16_t *pattern, uint32_t pattern_len,
                            const uint16_t *flags, uint32_t flags_len, char *msg,
                            size_t msg_size) {
    (void)ctx;
    uint32_t fl;
    if (re_parse_flags(flags, flags_len, &fl) < 0) {
        if (msg && msg_size) snprintf(msg, msg_size, "invalid flags");
        return 1;
    }
    int r = re_compile(pattern, pattern_len, fl, NULL, NULL, msg, msg_size);
    return r != RE_OK;
}
