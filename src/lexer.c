/* lexer.c - ECMAScript 2023 tokenizer (see lexer.h for the contract).
 *
 * Source is UTF-8 (WTF-8 when lx->wtf8). Every non-ASCII sequence is validated when it
 * is consumed, so invalid UTF-8 anywhere is a SyntaxError. Columns are tracked in UTF-16
 * units with line_adj (bytes minus UTF-16 units consumed on the current line).
 */
#include "lexer.h"

#include <stdlib.h>
#include <string.h>
#include <uchar.h>

/* Unicode properties, provided by src/unicode.c. */
extern int uni_is_id_start(uint32_t cp);
extern int uni_is_id_continue(uint32_t cp);
extern int uni_is_space(uint32_t cp);

/* ASCII character classes: C_IDS IdentifierStart, C_IDP IdentifierPart, C_DIG decimal
 * digit, C_HEX hex digit. Bytes >= 0x80 have no class (decoded separately). */
enum { C_IDS = 1, C_IDP = 2, C_DIG = 4, C_HEX = 8 };
static const uint8_t lex_ascii_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 0, 0, 0, 0, 0, 0,
    0, 11, 11, 11, 11, 11, 11, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
    0, 11, 11, 11, 11, 11, 11, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static const char *const lex_kw_text[KW_COUNT] = {
#define LEX_KW_TEXT_(name, text) text,
    LEX_KEYWORD_LIST(LEX_KW_TEXT_)
#undef LEX_KW_TEXT_
};

/* The same spellings as UTF-16 (static storage: interned without copying). */
_Static_assert(sizeof(char16_t) == sizeof(uint16_t), "char16_t must be 16 bits");
static const char16_t *const lex_kw_u16[KW_COUNT] = {
#define LEX_KW_U16_(name, text) u"" text,
    LEX_KEYWORD_LIST(LEX_KW_U16_)
#undef LEX_KW_U16_
};

const char *lex_keyword_text(LexKeyword kw) {
    return (unsigned)kw < KW_COUNT ? lex_kw_text[kw] : "";
}

/* ------------------------------------------------------------------------------------
 * Errors, UTF-8
 * ---------------------------------------------------------------------------------- */

/* Reports an error at a byte offset (does not return). */
static void lex_fail(Lexer *lx, uint32_t off, const char *msg) {
    lx->fail(lx->fail_ctx, off, msg);
    abort(); /* the callback must not return */
}

int lex_decode_utf8(const uint8_t *s, size_t avail, int wtf8, uint32_t *cp) {
    uint8_t c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        uint32_t v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (v < 0x800) return 0;
        if (v >= 0xD800 && v <= 0xDFFF && !wtf8) return 0;
        *cp = v;
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (v < 0x10000 || v > 0x10FFFF) return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

/* Decodes the non-ASCII sequence at pos (fails on invalid input); returns its length. */
static int lex_decode_at(Lexer *lx, uint32_t pos, uint32_t *cp) {
    int n = lex_decode_utf8(lx->src + pos, lx->limit - pos, lx->wtf8, cp);
    if (n == 0) lex_fail(lx, pos, "invalid UTF-8 in source text");
    return n;
}

/* Accounts for a consumed multi-byte character in the column adjustment. */
static inline void lex_adj(Lexer *lx, int n, uint32_t cp) {
    lx->st.line_adj += (uint32_t)n - (cp >= 0x10000 ? 2u : 1u);
}

/* Starts a new line whose first byte is at offset `at`. */
static inline void lex_newline(Lexer *lx, uint32_t at) {
    lx->st.line++;
    lx->st.line_start = at;
    lx->st.line_adj = 0;
}

static inline int lex_is_id_start_cp(uint32_t cp) {
    if (cp < 128) return (lex_ascii_class[cp] & C_IDS) != 0;
    return uni_is_id_start(cp);
}

static inline int lex_is_id_part_cp(uint32_t cp) {
    if (cp < 128) return (lex_ascii_class[cp] & C_IDP) != 0;
    return cp == 0x200C || cp == 0x200D || uni_is_id_continue(cp);
}

/* Whitespace other than ASCII (TAB VT FF SP handled inline). */
static inline int lex_is_space_cp(uint32_t cp) {
    return cp == 0xA0 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || uni_is_space(cp);
}

static inline int lex_hexval(uint32_t c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

/* ------------------------------------------------------------------------------------
 * Scratch buffers, interning
 * ---------------------------------------------------------------------------------- */

/* Ensures room for `more` units in the buffer *b (capacity *cap, used *len). */
static void lex_buf_reserve(Lexer *lx, uint16_t **b, uint32_t *cap, uint32_t len, uint32_t more) {
    if (len + more <= *cap) return;
    uint32_t nc = *cap ? *cap : 256;
    while (nc < len + more) {
        if (nc > 0x7FFFFFFFu / 2) lex_fail(lx, lx->st.pos, "string too long");
        nc *= 2;
    }
    uint16_t *nb = realloc(*b, (size_t)nc * sizeof(uint16_t));
    if (!nb) lex_fail(lx, lx->st.pos, "out of memory");
    *b = nb;
    *cap = nc;
}

/* Appends a code point (as one or two UTF-16 units) to the main scratch buffer. */
static inline void lex_put(Lexer *lx, uint32_t cp) {
    lex_buf_reserve(lx, &lx->buf, &lx->buf_cap, lx->buf_len, 2);
    if (cp >= 0x10000) {
        cp -= 0x10000;
        lx->buf[lx->buf_len++] = (uint16_t)(0xD800 + (cp >> 10));
        lx->buf[lx->buf_len++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    } else {
        lx->buf[lx->buf_len++] = (uint16_t)cp;
    }
}

/* Appends a code point to the second scratch buffer. */
static inline void lex_put2(Lexer *lx, uint32_t cp) {
    lex_buf_reserve(lx, &lx->buf2, &lx->buf2_cap, lx->buf2_len, 2);
    if (cp >= 0x10000) {
        cp -= 0x10000;
        lx->buf2[lx->buf2_len++] = (uint16_t)(0xD800 + (cp >> 10));
        lx->buf2[lx->buf2_len++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    } else {
        lx->buf2[lx->buf2_len++] = (uint16_t)cp;
    }
}

/* Copies n units into the arena as an AstStr. */
static AstStr lex_arena_str(Lexer *lx, const uint16_t *u, uint32_t n) {
    AstStr s = {NULL, n};
    if (n == 0) return s;
    uint16_t *d = ast_arena_alloc(lx->arena, (size_t)n * sizeof(uint16_t));
    if (!d) lex_fail(lx, lx->st.pos, "out of memory");
    memcpy(d, u, (size_t)n * sizeof(uint16_t));
    s.chars = d;
    return s;
}

/* Copies n ASCII bytes into the arena as an AstStr. */
static AstStr lex_arena_str_ascii(Lexer *lx, const uint8_t *b, uint32_t n) {
    AstStr s = {NULL, n};
    if (n == 0) return s;
    uint16_t *d = ast_arena_alloc(lx->arena, (size_t)n * sizeof(uint16_t));
    if (!d) lex_fail(lx, lx->st.pos, "out of memory");
    for (uint32_t i = 0; i < n; i++) d[i] = b[i];
    s.chars = d;
    return s;
}

static inline uint32_t lex_hash_unit(uint32_t h, uint32_t u) {
    return (h ^ u) * 16777619u;
}

/* Grows the interning table to twice its size. */
static void lex_intern_grow(Lexer *lx) {
    uint32_t nc = lx->intern_cap ? lx->intern_cap * 2 : 512;
    LexInternEntry *ne = calloc(nc, sizeof(LexInternEntry));
    if (!ne) lex_fail(lx, lx->st.pos, "out of memory");
    for (uint32_t i = 0; i < lx->intern_cap; i++) {
        LexInternEntry *e = &lx->intern[i];
        if (!e->hash) continue;
        uint32_t j = e->hash & (nc - 1);
        while (ne[j].hash) j = (j + 1) & (nc - 1);
        ne[j] = *e;
    }
    free(lx->intern);
    lx->intern = ne;
    lx->intern_cap = nc;
}

/* The keyword id of a name (KW_NONE for ordinary names); called once per distinct name.
 * Candidates are bucketed by first letter. */
static LexKeyword lex_keyword_lookup(const uint16_t *u, uint32_t n) {
    if (n < 2 || n > 11) return KW_NONE;
    const uint8_t *cand;
    size_t nc;
    switch (u[0]) {
    case '_': { static const uint8_t c[] = {KW_PROTO}; cand = c; nc = sizeof c; break; }
    case 'a': { static const uint8_t c[] = {KW_AWAIT, KW_ASYNC, KW_AS, KW_ARGUMENTS}; cand = c; nc = sizeof c; break; }
    case 'b': { static const uint8_t c[] = {KW_BREAK}; cand = c; nc = sizeof c; break; }
    case 'c': { static const uint8_t c[] = {KW_CASE, KW_CATCH, KW_CLASS, KW_CONST, KW_CONTINUE, KW_CONSTRUCTOR}; cand = c; nc = sizeof c; break; }
    case 'd': { static const uint8_t c[] = {KW_DEBUGGER, KW_DEFAULT, KW_DELETE, KW_DO}; cand = c; nc = sizeof c; break; }
    case 'e': { static const uint8_t c[] = {KW_ELSE, KW_ENUM, KW_EXPORT, KW_EXTENDS, KW_EVAL}; cand = c; nc = sizeof c; break; }
    case 'f': { static const uint8_t c[] = {KW_FALSE, KW_FINALLY, KW_FOR, KW_FUNCTION, KW_FROM}; cand = c; nc = sizeof c; break; }
    case 'g': { static const uint8_t c[] = {KW_GET}; cand = c; nc = sizeof c; break; }
    case 'i': { static const uint8_t c[] = {KW_IF, KW_IMPORT, KW_IN, KW_INSTANCEOF, KW_IMPLEMENTS, KW_INTERFACE}; cand = c; nc = sizeof c; break; }
    case 'l': { static const uint8_t c[] = {KW_LET}; cand = c; nc = sizeof c; break; }
    case 'm': { static const uint8_t c[] = {KW_META}; cand = c; nc = sizeof c; break; }
    case 'n': { static const uint8_t c[] = {KW_NEW, KW_NULL}; cand = c; nc = sizeof c; break; }
    case 'o': { static const uint8_t c[] = {KW_OF}; cand = c; nc = sizeof c; break; }
    case 'p': { static const uint8_t c[] = {KW_PACKAGE, KW_PRIVATE, KW_PROTECTED, KW_PUBLIC, KW_PROTOTYPE}; cand = c; nc = sizeof c; break; }
    case 'r': { static const uint8_t c[] = {KW_RETURN}; cand = c; nc = sizeof c; break; }
    case 's': { static const uint8_t c[] = {KW_SUPER, KW_SWITCH, KW_STATIC, KW_SET}; cand = c; nc = sizeof c; break; }
    case 't': { static const uint8_t c[] = {KW_THIS, KW_THROW, KW_TRUE, KW_TRY, KW_TYPEOF, KW_TARGET}; cand = c; nc = sizeof c; break; }
    case 'u': { static const uint8_t c[] = {KW_USING}; cand = c; nc = sizeof c; break; }
    case 'v': { static const uint8_t c[] = {KW_VAR, KW_VOID}; cand = c; nc = sizeof c; break; }
    case 'w': { static const uint8_t c[] = {KW_WHILE, KW_WITH}; cand = c; nc = sizeof c; break; }
    case 'y': { static const uint8_t c[] = {KW_YIELD}; cand = c; nc = sizeof c; break; }
    default: return KW_NONE;
    }
    for (size_t k = 0; k < nc; k++) {
        const char16_t *t = lex_kw_u16[cand[k]];
        uint32_t i = 1;
        while (i < n && t[i] == u[i]) i++;
        if (i == n && t[n] == 0) return (LexKeyword)cand[k];
    }
    return KW_NONE;
}

/* Hash of a name (FNV-1a over code units; never 0). */
static inline uint32_t lex_hash_finish(uint32_t h) {
    return h ? h : 1;
}

/* Finds or inserts a name given either as UTF-16 (u) or ASCII bytes (b), with its hash
 * (0: compute it here). */
static LexInternEntry *lex_intern_lookup_ex(Lexer *lx, const uint16_t *u, const uint8_t *b,
                                            uint32_t n, uint32_t h, int u_is_static) {
    if (!h) {
        h = 2166136261u;
        if (u) {
            for (uint32_t i = 0; i < n; i++) h = lex_hash_unit(h, u[i]);
        } else {
            for (uint32_t i = 0; i < n; i++) h = lex_hash_unit(h, b[i]);
        }
        h = lex_hash_finish(h);
    }
    if ((lx->intern_count + 1) * 2 > lx->intern_cap) lex_intern_grow(lx);
    uint32_t mask = lx->intern_cap - 1;
    uint32_t j = h & mask;
    for (;;) {
        LexInternEntry *e = &lx->intern[j];
        if (!e->hash) break;
        if (e->hash == h && e->len == n) {
            uint32_t i = 0;
            if (u) {
                while (i < n && e->chars[i] == u[i]) i++;
            } else {
                while (i < n && e->chars[i] == b[i]) i++;
            }
            if (i == n) return e;
        }
        j = (j + 1) & mask;
    }
    LexInternEntry *e = &lx->intern[j];
    AstStr s;
    if (u && u_is_static) {
        s.chars = u;
        s.len = n;
    } else {
        s = u ? lex_arena_str(lx, u, n) : lex_arena_str_ascii(lx, b, n);
    }
    if (n == 0) {
        static const uint16_t empty[1] = {0};
        s.chars = empty;
    }
    e->hash = h;
    e->len = n;
    e->chars = s.chars;
    e->kw = (uint8_t)lex_keyword_lookup(s.chars, n);
    lx->intern_count++;
    return e;
}

/* Finds or inserts a name (copied into the arena when new). */
static inline LexInternEntry *lex_intern_lookup(Lexer *lx, const uint16_t *u, const uint8_t *b,
                                                uint32_t n, uint32_t h) {
    return lex_intern_lookup_ex(lx, u, b, n, h, 0);
}

AstStr lex_intern_static(Lexer *lx, const uint16_t *chars, uint32_t len) {
    LexInternEntry *e = lex_intern_lookup_ex(lx, chars, NULL, len, 0, 1);
    AstStr s = {e->chars, e->len};
    return s;
}

AstStr lex_intern(Lexer *lx, const uint16_t *chars, uint32_t len) {
    LexInternEntry *e = lex_intern_lookup(lx, chars, NULL, len, 0);
    AstStr s = {e->chars, e->len};
    return s;
}

AstStr lex_intern_ascii(Lexer *lx, const char *str) {
    LexInternEntry *e = lex_intern_lookup(lx, NULL, (const uint8_t *)str, (uint32_t)strlen(str), 0);
    AstStr s = {e->chars, e->len};
    return s;
}

/* ------------------------------------------------------------------------------------
 * Init
 * ---------------------------------------------------------------------------------- */

int lex_init(Lexer *lx, const char *src, uint32_t begin, uint32_t limit, uint32_t line,
             uint32_t line_start, AstArena *arena, LexFailFn fail, void *fail_ctx) {
    memset(lx, 0, sizeof *lx);
    lx->src = (const uint8_t *)src;
    lx->begin = begin;
    lx->limit = limit;
    lx->arena = arena;
    lx->fail = fail;
    lx->fail_ctx = fail_ctx;
    lx->st.pos = begin;
    lx->at_start = 1;
    lx->st.line = line;
    lx->st.line_start = line_start;
    lx->intern_cap = 256;
    lx->intern = calloc(lx->intern_cap, sizeof(LexInternEntry));
    if (!lx->intern) return -1;
    return 0;
}

void lex_free(Lexer *lx) {
    free(lx->buf);
    free(lx->buf2);
    free(lx->intern);
    lx->buf = lx->buf2 = NULL;
    lx->intern = NULL;
}

/* ------------------------------------------------------------------------------------
 * Whitespace and comments
 * ---------------------------------------------------------------------------------- */

/* Skips the rest of a single-line comment starting at pos. */
static uint32_t lex_skip_line_comment(Lexer *lx, uint32_t pos) {
    const uint8_t *s = lx->src;
    for (;;) {
        uint8_t c = s[pos];
        if (c == '\n' || c == '\r') return pos;
        if (c == 0 && pos >= lx->limit) return pos;
        if (c < 0x80) { pos++; continue; }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        if (cp == 0x2028 || cp == 0x2029) return pos;
        lex_adj(lx, n, cp);
        pos += (uint32_t)n;
    }
}

/* Skips whitespace and comments from lx->st.pos; sets *nl if a line terminator was
 * crossed. */
static void lex_skip_space(Lexer *lx, uint8_t *nl) {
    const uint8_t *s = lx->src;
    uint32_t pos = lx->st.pos;
    for (;;) {
        uint8_t c = s[pos];
        switch (c) {
        case ' ': case '\t': case '\v': case '\f':
            pos++;
            continue;
        case '\n':
            pos++;
            lex_newline(lx, pos);
            *nl = 1;
            continue;
        case '\r':
            pos++;
            if (s[pos] == '\n') pos++;
            lex_newline(lx, pos);
            *nl = 1;
            continue;
        case '/':
            if (s[pos + 1] == '/') {
                pos = lex_skip_line_comment(lx, pos + 2);
                continue;
            }
            if (s[pos + 1] == '*') {
                uint32_t open = pos;
                pos += 2;
                for (;;) {
                    uint8_t d = s[pos];
                    if (d == '*' && s[pos + 1] == '/') { pos += 2; break; }
                    if (d == '\n') { pos++; lex_newline(lx, pos); *nl = 1; continue; }
                    if (d == '\r') {
                        pos++;
                        if (s[pos] == '\n') pos++;
                        lex_newline(lx, pos);
                        *nl = 1;
                        continue;
                    }
                    if (d == 0 && pos >= lx->limit) lex_fail(lx, open, "unterminated comment");
                    if (d < 0x80) { pos++; continue; }
                    uint32_t cp;
                    int n = lex_decode_at(lx, pos, &cp);
                    pos += (uint32_t)n;
                    if (cp == 0x2028 || cp == 0x2029) {
                        lex_newline(lx, pos);
                        *nl = 1;
                    } else {
                        lex_adj(lx, n, cp);
                    }
                }
                continue;
            }
            goto done;
        case '<':
            /* Annex B SingleLineHTMLOpenComment */
            if (!lx->is_module && s[pos + 1] == '!' && s[pos + 2] == '-' && s[pos + 3] == '-') {
                pos = lex_skip_line_comment(lx, pos + 4);
                continue;
            }
            goto done;
        case '-':
            /* Annex B SingleLineHTMLCloseComment: only at the start of a line */
            if (!lx->is_module && (*nl || lx->at_start) && s[pos + 1] == '-' &&
                s[pos + 2] == '>') {
                pos = lex_skip_line_comment(lx, pos + 3);
                continue;
            }
            goto done;
        case '#':
            if (pos == lx->begin && lx->allow_hashbang && s[pos + 1] == '!') {
                pos = lex_skip_line_comment(lx, pos + 2);
                continue;
            }
            goto done;
        default:
            if (c < 0x80) goto done;
            {
                uint32_t cp;
                int n = lex_decode_at(lx, pos, &cp);
                if (cp == 0x2028 || cp == 0x2029) {
                    pos += (uint32_t)n;
                    lex_newline(lx, pos);
                    *nl = 1;
                    continue;
                }
                if (lex_is_space_cp(cp)) {
                    lex_adj(lx, n, cp);
                    pos += (uint32_t)n;
                    continue;
                }
            }
            goto done;
        }
    }
done:
    lx->st.pos = pos;
}

/* ------------------------------------------------------------------------------------
 * Identifiers
 * ---------------------------------------------------------------------------------- */

/* Reads a \u escape in an identifier at pos (pointing at '\'); returns the code point
 * and advances *pos. */
static uint32_t lex_ident_escape(Lexer *lx, uint32_t *ppos) {
    const uint8_t *s = lx->src;
    uint32_t pos = *ppos;
    uint32_t at = pos;
    if (s[pos + 1] != 'u') lex_fail(lx, at, "invalid escape in identifier");
    pos += 2;
    uint32_t v = 0;
    if (s[pos] == '{') {
        pos++;
        int nd = 0;
        while (lex_hexval(s[pos]) >= 0) {
            v = v * 16 + (uint32_t)lex_hexval(s[pos]);
            if (v > 0x10FFFF) lex_fail(lx, at, "Unicode escape out of range");
            pos++;
            nd++;
        }
        if (!nd || s[pos] != '}') lex_fail(lx, at, "invalid Unicode escape in identifier");
        pos++;
    } else {
        for (int i = 0; i < 4; i++) {
            int h = lex_hexval(s[pos]);
            if (h < 0) lex_fail(lx, at, "invalid Unicode escape in identifier");
            v = v * 16 + (uint32_t)h;
            pos++;
        }
    }
    *ppos = pos;
    return v;
}

/* Reads an IdentifierName starting at pos (first char already known to be a possible
 * start). Sets tok str/kw/escaped and advances. */
static void lex_ident(Lexer *lx, uint32_t pos, Token *t) {
    const uint8_t *s = lx->src;
    uint32_t start = pos;
    uint32_t h = 2166136261u;
    while (lex_ascii_class[s[pos]] & C_IDP) h = lex_hash_unit(h, s[pos++]);
    if (s[pos] != '\\' && s[pos] < 0x80) {
        LexInternEntry *e = lex_intern_lookup(lx, NULL, s + start, pos - start, lex_hash_finish(h));
        t->str.chars = e->chars;
        t->str.len = e->len;
        t->kw = e->kw;
        t->escaped = 0;
        lx->st.pos = pos;
        return;
    }
    /* slow path: escapes or non-ASCII */
    lx->buf_len = 0;
    for (uint32_t i = start; i < pos; i++) lex_put(lx, s[i]);
    int escaped = 0;
    for (;;) {
        uint8_t c = s[pos];
        if (c < 0x80) {
            if (lex_ascii_class[c] & C_IDP) {
                lex_put(lx, c);
                pos++;
                continue;
            }
            if (c == '\\') {
                uint32_t at = pos;
                uint32_t cp = lex_ident_escape(lx, &pos);
                int first = lx->buf_len == 0;
                if (first ? !lex_is_id_start_cp(cp) : !lex_is_id_part_cp(cp))
                    lex_fail(lx, at, "invalid identifier escape");
                lex_put(lx, cp);
                escaped = 1;
                continue;
            }
            break;
        }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        int first = lx->buf_len == 0;
        if (first ? !lex_is_id_start_cp(cp) : !lex_is_id_part_cp(cp)) break;
        lex_adj(lx, n, cp);
        lex_put(lx, cp);
        pos += (uint32_t)n;
    }
    if (lx->buf_len == 0) lex_fail(lx, start, "invalid character");
    LexInternEntry *e = lex_intern_lookup(lx, lx->buf, NULL, lx->buf_len, 0);
    t->str.chars = e->chars;
    t->str.len = e->len;
    t->kw = e->kw;
    t->escaped = (uint8_t)escaped;
    lx->st.pos = pos;
}

/* ------------------------------------------------------------------------------------
 * Numbers
 * ---------------------------------------------------------------------------------- */

/* Builds the double nearest to q * 2^e2 (q != 0), rounding half to even, with `sticky`
 * meaning the true value is slightly above q * 2^e2. */
static double lex_make_double(uint64_t q, int e2, int sticky) {
    union { double d; uint64_t u; } r;
    if (q == 0) return 0.0;
    while (!(q >> 63)) { q <<= 1; e2--; }
    int E = e2 + 63; /* value = 1.xxx * 2^E */
    if (E > 1023) { r.u = 0x7FF0000000000000ull; return r.d; }
    if (E >= -1022) {
        uint64_t m = q >> 11, rem = q & 0x7FF, half = 0x400;
        if (rem > half || (rem == half && (sticky || (m & 1)))) m++;
        if (m >> 53) { m >>= 1; E++; }
        if (E > 1023) { r.u = 0x7FF0000000000000ull; return r.d; }
        r.u = ((uint64_t)(E + 1023) << 52) | (m & 0xFFFFFFFFFFFFFull);
        return r.d;
    }
    int shift = 11 + (-1022 - E);
    uint64_t m, rem, half;
    if (shift > 64) return 0.0;
    if (shift == 64) {
        m = 0;
        rem = q;
        half = 1ull << 63;
    } else {
        m = q >> shift;
        rem = q & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    }
    if (rem > half || (rem == half && (sticky || (m & 1)))) m++;
    r.u = m; /* m == 2^52 becomes the smallest normal, as it should */
    return r.d;
}

/* Little-endian base-2^32 big integer of bounded size. */
#define LEX_BIG_LIMBS 200
typedef struct LexBig {
    uint32_t d[LEX_BIG_LIMBS]; /* limbs */
    int n;                     /* used limbs (no leading zero limbs) */
} LexBig;

static void lex_big_mul_small(LexBig *b, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (int i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->d[i] * m + carry;
        b->d[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry && b->n < LEX_BIG_LIMBS) b->d[b->n++] = (uint32_t)carry;
}

static int lex_big_bitlen(const LexBig *b) {
    if (b->n == 0) return 0;
    uint32_t top = b->d[b->n - 1];
    int bits = 0;
    while (top) { bits++; top >>= 1; }
    return (b->n - 1) * 32 + bits;
}

static void lex_big_shl(LexBig *b, int sh) {
    if (b->n == 0 || sh <= 0) return;
    int limbs = sh / 32, bits = sh % 32;
    int nn = b->n + limbs + 1;
    if (nn > LEX_BIG_LIMBS) nn = LEX_BIG_LIMBS;
    for (int i = nn - 1; i >= 0; i--) {
        int src = i - limbs;
        uint64_t v = 0;
        if (src >= 0 && src < b->n) v = (uint64_t)b->d[src] << bits;
        if (bits && src - 1 >= 0 && src - 1 < b->n) v |= b->d[src - 1] >> (32 - bits);
        b->d[i] = (uint32_t)v;
    }
    b->n = nn;
    while (b->n && !b->d[b->n - 1]) b->n--;
}

static void lex_big_shr1(LexBig *b) {
    for (int i = 0; i < b->n; i++) {
        b->d[i] >>= 1;
        if (i + 1 < b->n) b->d[i] |= b->d[i + 1] << 31;
    }
    while (b->n && !b->d[b->n - 1]) b->n--;
}

static int lex_big_cmp(const LexBig *a, const LexBig *b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static void lex_big_sub(LexBig *a, const LexBig *b) { /* a -= b, a >= b */
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t v = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = v < 0;
        a->d[i] = (uint32_t)(v + (borrow ? ((int64_t)1 << 32) : 0));
    }
    while (a->n && !a->d[a->n - 1]) a->n--;
}

/* Converts decimal digits dig[0..nd) (ASCII, first non-zero, nd <= 800) times 10^e10 to
 * the nearest double (correctly rounded). */
static double lex_decimal_to_double(const char *dig, int nd, int e10, int sticky_digit) {
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (nd == 0) return 0.0;
    if (nd <= 15 && !sticky_digit) {
        uint64_t v = 0;
        for (int i = 0; i < nd; i++) v = v * 10 + (uint64_t)(dig[i] - '0');
        if (e10 == 0) return (double)v;
        if (e10 > 0 && e10 <= 22) return (double)v * p10[e10];
        if (e10 < 0 && e10 >= -22) return (double)v / p10[-e10];
    }
    if (nd + e10 > 310) return lex_make_double(1, 2000, 0);       /* overflow */
    if (nd + e10 < -330) return 0.0;                               /* underflow */
    LexBig a, b; /* ~800 bytes each; this function is not recursive */
    a.n = 0;
    for (int i = 0; i < nd; i++) {
        if (a.n == 0) {
            if (dig[i] != '0') { a.d[0] = (uint32_t)(dig[i] - '0'); a.n = 1; }
        } else {
            lex_big_mul_small(&a, 10, (uint32_t)(dig[i] - '0'));
        }
    }
    if (sticky_digit) { lex_big_mul_small(&a, 10, 1); e10--; }
    if (e10 >= 0) {
        for (int i = 0; i < e10; i++) lex_big_mul_small(&a, 10, 0);
        int nb = lex_big_bitlen(&a);
        uint64_t q = 0;
        int sticky = 0;
        int shift = nb > 64 ? nb - 64 : 0;
        for (int bit = nb - 1; bit >= shift; bit--)
            q = (q << 1) | ((a.d[bit / 32] >> (bit % 32)) & 1);
        for (int bit = 0; bit < shift && !sticky; bit++)
            if ((a.d[bit / 32] >> (bit % 32)) & 1) sticky = 1;
        return lex_make_double(q, shift, sticky);
    }
    b.n = 1;
    b.d[0] = 1;
    for (int i = 0; i < -e10; i++) lex_big_mul_small(&b, 10, 0);
    int la = lex_big_bitlen(&a), lb = lex_big_bitlen(&b);
    int s = lb - la + 63;
    if (s > 0) lex_big_shl(&a, s); else lex_big_shl(&b, -s);
    /* quotient a/b is in (2^62, 2^64) */
    LexBig bs = b;
    lex_big_shl(&bs, 63);
    uint64_t q = 0;
    for (int i = 63; i >= 0; i--) {
        if (lex_big_cmp(&a, &bs) >= 0) {
            lex_big_sub(&a, &bs);
            q |= 1ull << i;
        }
        lex_big_shr1(&bs);
    }
    return lex_make_double(q, -s, a.n != 0);
}

/* Scans digits of `radix` with numeric separators starting at pos; appends the digits
 * (without '_') through the callback arrays. Returns the end position and the count. */
static uint32_t lex_scan_digits(Lexer *lx, uint32_t pos, int radix, int allow_sep,
                                int *count) {
    const uint8_t *s = lx->src;
    int n = 0;
    for (;;) {
        uint8_t c = s[pos];
        int v = lex_hexval(c);
        if (v >= 0 && v < radix) {
            n++;
            pos++;
            continue;
        }
        if (c == '_' && allow_sep) {
            int nv = lex_hexval(s[pos + 1]);
            if (n == 0 || !(nv >= 0 && nv < radix))
                lex_fail(lx, pos, "invalid numeric separator");
            pos++;
            continue;
        }
        break;
    }
    *count = n;
    return pos;
}

/* Reads a NumericLiteral (or BigInt) starting at pos (a digit, or '.' followed by a
 * digit). */
static void lex_number(Lexer *lx, uint32_t pos, Token *t) {
    const uint8_t *s = lx->src;
    uint32_t start = pos;
    t->type = TOK_NUMBER;
    t->octal = LEX_OCTAL_NONE;
    int radix = 10, is_legacy = 0;
    if (s[pos] == '0' && (s[pos + 1] | 0x20) != 'e' && s[pos + 1] != '.') {
        uint8_t c1 = s[pos + 1] | 0x20;
        if (c1 == 'x') radix = 16;
        else if (c1 == 'o') radix = 8;
        else if (c1 == 'b') radix = 2;
        else if (s[pos + 1] >= '0' && s[pos + 1] <= '9') is_legacy = 1;
        else if (s[pos + 1] == '_') lex_fail(lx, pos + 1, "numeric separator not allowed after leading 0");
    }
    if (radix != 10) {
        pos += 2;
        uint32_t dstart = pos;
        int nd;
        pos = lex_scan_digits(lx, pos, radix, 1, &nd);
        if (nd == 0) {
            if (s[pos] == '_') lex_fail(lx, pos, "invalid numeric separator");
            lex_fail(lx, start, "missing digits after number prefix");
        }
        int bits = radix == 16 ? 4 : radix == 8 ? 3 : 1;
        if (s[pos] == 'n') {
            /* BigInt */
            char *d = ast_arena_alloc(lx->arena, (size_t)nd + 1);
            if (!d) lex_fail(lx, start, "out of memory");
            int k = 0;
            for (uint32_t i = dstart; i < pos; i++)
                if (s[i] != '_') d[k++] = (char)(s[i] | (s[i] >= 'A' ? 0x20 : 0));
            /* strip leading zeros (keep one) */
            int z = 0;
            while (z < k - 1 && d[z] == '0') z++;
            t->type = TOK_BIGINT;
            t->digits = d + z;
            t->digits_len = (uint32_t)(k - z);
            t->radix = (uint8_t)radix;
            pos++;
        } else {
            uint64_t q = 0;
            int e2 = 0, sticky = 0;
            for (uint32_t i = dstart; i < pos; i++) {
                if (s[i] == '_') continue;
                uint32_t v = (uint32_t)lex_hexval(s[i]);
                if (q >> (64 - bits)) {
                    e2 += bits;
                    if (v) sticky = 1;
                } else {
                    q = (q << bits) | v;
                }
            }
            t->num = lex_make_double(q, e2, sticky);
        }
    } else if (is_legacy) {
        uint32_t p = pos;
        int octal = 1;
        while (s[p] >= '0' && s[p] <= '9') {
            if (s[p] >= '8') octal = 0;
            p++;
        }
        if (s[p] == '_') lex_fail(lx, p, "numeric separator not allowed in legacy octal-like literal");
        if (octal) {
            uint64_t q = 0;
            int e2 = 0, sticky = 0;
            for (uint32_t i = pos; i < p; i++) {
                uint32_t v = (uint32_t)(s[i] - '0');
                if (q >> 61) { e2 += 3; if (v) sticky = 1; }
                else q = (q << 3) | v;
            }
            t->num = lex_make_double(q, e2, sticky);
            t->octal = LEX_OCTAL_LEGACY_NUMBER;
            pos = p;
            if (s[pos] == 'n') lex_fail(lx, start, "BigInt literal cannot be a legacy octal literal");
        } else {
            t->octal = LEX_OCTAL_NONOCTAL_DECIMAL;
            goto decimal;
        }
    } else {
    decimal:;
        /* DecimalLiteral: int part, fraction, exponent */
        char dbuf[820];
        int nd = 0, sticky_digit = 0, e10 = 0, seen_nonzero = 0;
        int has_dot = 0, has_exp = 0;
        int allow_sep = t->octal == LEX_OCTAL_NONE;
        pos = start;
        /* integer part */
        for (;;) {
            uint8_t c = s[pos];
            if (c >= '0' && c <= '9') {
                if (c != '0' || seen_nonzero) {
                    seen_nonzero = 1;
                    if (nd < 800) dbuf[nd++] = (char)c;
                    else { e10++; if (c != '0') sticky_digit = 1; }
                }
                pos++;
                continue;
            }
            if (c == '_') {
                if (!allow_sep) lex_fail(lx, pos, "numeric separator not allowed here");
                if (pos == start || !(s[pos + 1] >= '0' && s[pos + 1] <= '9'))
                    lex_fail(lx, pos, "invalid numeric separator");
                pos++;
                continue;
            }
            break;
        }
        if (s[pos] == '.') {
            has_dot = 1;
            pos++;
            if (s[pos] == '_') lex_fail(lx, pos, "invalid numeric separator");
            uint32_t fstart = pos;
            for (;;) {
                uint8_t c = s[pos];
                if (c >= '0' && c <= '9') {
                    if (c != '0' || seen_nonzero) {
                        seen_nonzero = 1;
                        if (nd < 800) { dbuf[nd++] = (char)c; e10--; }
                        else if (c != '0') sticky_digit = 1;
                    } else {
                        e10--;
                    }
                    pos++;
                    continue;
                }
                if (c == '_') {
                    if (pos == fstart || !(s[pos + 1] >= '0' && s[pos + 1] <= '9'))
                        lex_fail(lx, pos, "invalid numeric separator");
                    pos++;
                    continue;
                }
                break;
            }
        }
        if ((s[pos] | 0x20) == 'e') {
            has_exp = 1;
            pos++;
            int neg = 0;
            if (s[pos] == '+' || s[pos] == '-') { neg = s[pos] == '-'; pos++; }
            if (!(s[pos] >= '0' && s[pos] <= '9')) {
                if (s[pos] == '_') lex_fail(lx, pos, "invalid numeric separator");
                lex_fail(lx, start, "missing exponent");
            }
            long ev = 0;
            for (;;) {
                uint8_t c = s[pos];
                if (c >= '0' && c <= '9') {
                    if (ev < 100000000) ev = ev * 10 + (c - '0');
                    pos++;
                    continue;
                }
                if (c == '_') {
                    if (!(s[pos + 1] >= '0' && s[pos + 1] <= '9'))
                        lex_fail(lx, pos, "invalid numeric separator");
                    pos++;
                    continue;
                }
                break;
            }
            if (neg) ev = -ev;
            long total = (long)e10 + ev;
            if (total > 100000000) total = 100000000;
            if (total < -100000000) total = -100000000;
            e10 = (int)total;
        }
        /* drop trailing zeros */
        while (nd > 0 && dbuf[nd - 1] == '0' && !sticky_digit) { nd--; e10++; }
        if (s[pos] == 'n') {
            if (has_dot || has_exp || t->octal)
                lex_fail(lx, start, "invalid BigInt literal");
            /* digits of the integer part */
            uint32_t k = 0;
            char *d = ast_arena_alloc(lx->arena, (size_t)(pos - start) + 2);
            if (!d) lex_fail(lx, start, "out of memory");
            for (uint32_t i = start; i < pos; i++)
                if (s[i] != '_') d[k++] = (char)s[i];
            uint32_t z = 0;
            while (z + 1 < k && d[z] == '0') z++;
            t->type = TOK_BIGINT;
            t->digits = d + z;
            t->digits_len = k - z;
            t->radix = 10;
            pos++;
        } else {
            t->num = seen_nonzero ? lex_decimal_to_double(dbuf, nd, e10, sticky_digit) : 0.0;
        }
    }
    /* The character after a numeric literal must not be an IdentifierStart or digit. */
    uint8_t c = s[pos];
    if (c < 0x80) {
        if ((lex_ascii_class[c] & (C_IDS | C_DIG)) || c == '\\')
            lex_fail(lx, pos, "identifier starts immediately after numeric literal");
    } else {
        uint32_t cp;
        lex_decode_at(lx, pos, &cp);
        if (lex_is_id_start_cp(cp))
            lex_fail(lx, pos, "identifier starts immediately after numeric literal");
    }
    lx->st.pos = pos;
}

/* ------------------------------------------------------------------------------------
 * Strings and templates
 * ---------------------------------------------------------------------------------- */

/* Interprets escapes in r[0..n) (UTF-16 source text of a string literal body or a
 * template raw value) into lx->buf. For templates, returns 0 at the first invalid escape
 * (setting *bad to its index); strings fail on malformed \x / \u escapes. *octal gets the
 * LEX_OCTAL_* kind of the first legacy escape (strings only). Returns 1 on success. */
static int lex_cook(Lexer *lx, const uint16_t *r, uint32_t n, int is_template,
                    uint32_t err_off, uint8_t *octal, uint32_t *bad) {
    lx->buf_len = 0;
    lex_buf_reserve(lx, &lx->buf, &lx->buf_cap, 0, n + 2);
    uint16_t *out = lx->buf;
    uint32_t o = 0;
    uint32_t i = 0;
    while (i < n) {
        uint32_t u = r[i];
        if (u != '\\') {
            out[o++] = (uint16_t)u;
            i++;
            continue;
        }
        uint32_t esc = i;
        i++;
        u = r[i]; /* i < n: a lone trailing backslash cannot occur */
        i++;
        switch (u) {
        case 'b': out[o++] = 8; break;
        case 't': out[o++] = 9; break;
        case 'n': out[o++] = 10; break;
        case 'v': out[o++] = 11; break;
        case 'f': out[o++] = 12; break;
        case 'r': out[o++] = 13; break;
        case '\r':
            if (i < n && r[i] == '\n') i++;
            break;
        case '\n': case 0x2028: case 0x2029:
            break;
        case '0':
            if (i >= n || r[i] < '0' || r[i] > '9') { out[o++] = 0; break; }
            /* fall through: legacy octal (or \0 followed by 8/9) */
            /* FALLTHROUGH */
        case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            if (is_template) { *bad = esc; return 0; }
            if (!*octal) *octal = LEX_OCTAL_ESCAPE;
            {
                uint32_t v = u - '0';
                if (u == '0' && (r[i] == '8' || r[i] == '9')) { out[o++] = 0; break; }
                if (i < n && r[i] >= '0' && r[i] <= '7') {
                    v = v * 8 + (r[i] - '0');
                    i++;
                    if (u <= '3' && i < n && r[i] >= '0' && r[i] <= '7') {
                        v = v * 8 + (r[i] - '0');
                        i++;
                    }
                }
                out[o++] = (uint16_t)v;
            }
            break;
        case '8': case '9':
            if (is_template) { *bad = esc; return 0; }
            if (!*octal) *octal = LEX_OCTAL_89_ESCAPE;
            out[o++] = (uint16_t)u;
            break;
        case 'x': {
            int h1 = i < n ? lex_hexval(r[i]) : -1;
            int h2 = i + 1 < n ? lex_hexval(r[i + 1]) : -1;
            if (h1 < 0 || h2 < 0) {
                if (is_template) { *bad = esc; return 0; }
                lex_fail(lx, err_off, "invalid hexadecimal escape sequence");
            }
            out[o++] = (uint16_t)(h1 * 16 + h2);
            i += 2;
            break;
        }
        case 'u': {
            uint32_t v = 0;
            int okk = 1;
            if (i < n && r[i] == '{') {
                uint32_t j = i + 1;
                int nd = 0;
                while (j < n && lex_hexval(r[j]) >= 0) {
                    v = v * 16 + (uint32_t)lex_hexval(r[j]);
                    if (v > 0x10FFFF) { okk = 0; break; }
                    j++;
                    nd++;
                }
                if (!okk || nd == 0 || j >= n || r[j] != '}') okk = 0;
                else i = j + 1;
            } else {
                for (int k = 0; k < 4; k++) {
                    int h = i + (uint32_t)k < n ? lex_hexval(r[i + (uint32_t)k]) : -1;
                    if (h < 0) { okk = 0; break; }
                    v = v * 16 + (uint32_t)h;
                }
                if (okk) i += 4;
            }
            if (!okk) {
                if (is_template) { *bad = esc; return 0; }
                lex_fail(lx, err_off, "invalid Unicode escape sequence");
            }
            if (v >= 0x10000) {
                v -= 0x10000;
                out[o++] = (uint16_t)(0xD800 + (v >> 10));
                out[o++] = (uint16_t)(0xDC00 + (v & 0x3FF));
            } else {
                out[o++] = (uint16_t)v;
            }
            break;
        }
        default:
            out[o++] = (uint16_t)u; /* NonEscapeCharacter (surrogate pairs copy as-is) */
            break;
        }
    }
    lx->buf_len = o;
    return 1;
}

/* Reads a string literal starting at pos (the quote). */
static void lex_string(Lexer *lx, uint32_t pos, Token *t) {
    const uint8_t *s = lx->src;
    uint8_t q = s[pos];
    uint32_t start = pos;
    pos++;
    uint32_t body = pos;
    /* fast path: plain ASCII without escapes */
    for (;;) {
        uint8_t c = s[pos];
        if (c == q) {
            t->type = TOK_STRING;
            t->str = lex_arena_str_ascii(lx, s + body, pos - body);
            t->escaped = 0;
            t->octal = 0;
            lx->st.pos = pos + 1;
            return;
        }
        if (c == '\\' || c == '\n' || c == '\r' || c >= 0x80 || (c == 0 && pos >= lx->limit))
            break;
        pos++;
    }
    /* general path: collect the body as UTF-16 source units, then cook */
    lx->buf2_len = 0;
    lex_buf_reserve(lx, &lx->buf2, &lx->buf2_cap, 0, pos - body + 16);
    for (uint32_t i = body; i < pos; i++) lx->buf2[lx->buf2_len++] = s[i];
    int escaped = 0;
    for (;;) {
        uint8_t c = s[pos];
        if (c == q) { pos++; break; }
        if (c == 0 && pos >= lx->limit) lex_fail(lx, start, "unterminated string literal");
        if (c == '\n' || c == '\r') lex_fail(lx, start, "unterminated string literal");
        if (c == '\\') {
            escaped = 1;
            lex_put2(lx, '\\');
            pos++;
            c = s[pos];
            if (c == 0 && pos >= lx->limit) lex_fail(lx, start, "unterminated string literal");
            if (c == '\r') {
                lex_put2(lx, '\r');
                pos++;
                if (s[pos] == '\n') { lex_put2(lx, '\n'); pos++; }
                lex_newline(lx, pos);
                continue;
            }
            if (c == '\n') {
                lex_put2(lx, '\n');
                pos++;
                lex_newline(lx, pos);
                continue;
            }
            if (c < 0x80) { lex_put2(lx, c); pos++; continue; }
            uint32_t cp;
            int n = lex_decode_at(lx, pos, &cp);
            lex_put2(lx, cp);
            pos += (uint32_t)n;
            if (cp == 0x2028 || cp == 0x2029) lex_newline(lx, pos);
            else lex_adj(lx, n, cp);
            continue;
        }
        if (c < 0x80) { lex_put2(lx, c); pos++; continue; }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        lex_put2(lx, cp);
        pos += (uint32_t)n;
        if (cp == 0x2028 || cp == 0x2029) lex_newline(lx, pos);
        else lex_adj(lx, n, cp);
    }
    uint8_t octal = 0;
    uint32_t bad = 0;
    lex_cook(lx, lx->buf2, lx->buf2_len, 0, start, &octal, &bad);
    t->type = TOK_STRING;
    t->str = lex_arena_str(lx, lx->buf, lx->buf_len);
    t->escaped = (uint8_t)escaped;
    t->octal = octal;
    t->bad_escape = start;
    lx->st.pos = pos;
}

/* Reads a template piece whose characters start at pos (just after '`' or '}'). */
static void lex_template(Lexer *lx, uint32_t pos, Token *t) {
    const uint8_t *s = lx->src;
    uint32_t start = t->start;
    lx->buf2_len = 0;
    int tail;
    for (;;) {
        uint8_t c = s[pos];
        if (c == '`') { pos++; tail = 1; break; }
        if (c == '$' && s[pos + 1] == '{') { pos += 2; tail = 0; break; }
        if (c == 0 && pos >= lx->limit) lex_fail(lx, start, "unterminated template literal");
        if (c == '\r') {
            /* CR and CRLF are normalized to LF in both TV and TRV */
            pos++;
            if (s[pos] == '\n') pos++;
            lex_put2(lx, '\n');
            lex_newline(lx, pos);
            continue;
        }
        if (c == '\n') {
            pos++;
            lex_put2(lx, '\n');
            lex_newline(lx, pos);
            continue;
        }
        if (c == '\\') {
            lex_put2(lx, '\\');
            pos++;
            c = s[pos];
            if (c == 0 && pos >= lx->limit) lex_fail(lx, start, "unterminated template literal");
            if (c < 0x80 && c != '\r' && c != '\n') { lex_put2(lx, c); pos++; }
            continue; /* other characters handled by the loop */
        }
        if (c < 0x80) { lex_put2(lx, c); pos++; continue; }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        lex_put2(lx, cp);
        pos += (uint32_t)n;
        if (cp == 0x2028 || cp == 0x2029) lex_newline(lx, pos);
        else lex_adj(lx, n, cp);
    }
    uint8_t octal = 0;
    uint32_t bad = 0;
    t->type = TOK_TEMPLATE;
    t->tmpl_tail = (uint8_t)tail;
    t->raw = lex_arena_str(lx, lx->buf2, lx->buf2_len);
    if (lex_cook(lx, lx->buf2, lx->buf2_len, 1, start, &octal, &bad)) {
        t->tmpl_invalid = 0;
        t->str = lex_arena_str(lx, lx->buf, lx->buf_len);
    } else {
        t->tmpl_invalid = 1;
        t->str.chars = NULL;
        t->str.len = 0;
        t->bad_escape = start;
    }
    lx->st.pos = pos;
}

/* ------------------------------------------------------------------------------------
 * Main scanner
 * ---------------------------------------------------------------------------------- */

void lex_next(Lexer *lx) {
    Token *t = &lx->st.tok;
    uint8_t nl = 0;
    lex_skip_space(lx, &nl);
    const uint8_t *s = lx->src;
    uint32_t pos = lx->st.pos;
    t->nl_before = nl;
    lx->at_start = 0;
    t->start = pos;
    t->line = lx->st.line;
    t->col = pos - lx->st.line_start - lx->st.line_adj + 1;
    t->escaped = 0;
    t->octal = 0;
    t->kw = KW_NONE;
    uint8_t c = s[pos];
    TokType ty;
    switch (c) {
    case 0:
        if (pos >= lx->limit) { ty = TOK_EOF; break; }
        lex_fail(lx, pos, "unexpected character");
        return;
    case '(': ty = TOK_LPAREN; pos++; break;
    case ')': ty = TOK_RPAREN; pos++; break;
    case '{': ty = TOK_LBRACE; pos++; break;
    case '}': ty = TOK_RBRACE; pos++; break;
    case '[': ty = TOK_LBRACKET; pos++; break;
    case ']': ty = TOK_RBRACKET; pos++; break;
    case ';': ty = TOK_SEMI; pos++; break;
    case ',': ty = TOK_COMMA; pos++; break;
    case ':': ty = TOK_COLON; pos++; break;
    case '~': ty = TOK_TILDE; pos++; break;
    case '.':
        if (s[pos + 1] >= '0' && s[pos + 1] <= '9') {
            lex_number(lx, pos, t);
            t->end = lx->st.pos;
            return;
        }
        if (s[pos + 1] == '.' && s[pos + 2] == '.') { ty = TOK_ELLIPSIS; pos += 3; }
        else { ty = TOK_DOT; pos++; }
        break;
    case '?':
        if (s[pos + 1] == '?') {
            if (s[pos + 2] == '=') { ty = TOK_NULLISH_ASSIGN; pos += 3; }
            else { ty = TOK_NULLISH; pos += 2; }
        } else if (s[pos + 1] == '.' && !(s[pos + 2] >= '0' && s[pos + 2] <= '9')) {
            ty = TOK_QDOT;
            pos += 2;
        } else {
            ty = TOK_QUESTION;
            pos++;
        }
        break;
    case '<':
        if (s[pos + 1] == '<') {
            if (s[pos + 2] == '=') { ty = TOK_SHL_ASSIGN; pos += 3; }
            else { ty = TOK_SHL; pos += 2; }
        } else if (s[pos + 1] == '=') { ty = TOK_LE; pos += 2; }
        else { ty = TOK_LT; pos++; }
        break;
    case '>':
        if (s[pos + 1] == '>') {
            if (s[pos + 2] == '>') {
                if (s[pos + 3] == '=') { ty = TOK_SHR_ASSIGN; pos += 4; }
                else { ty = TOK_SHR; pos += 3; }
            } else if (s[pos + 2] == '=') { ty = TOK_SAR_ASSIGN; pos += 3; }
            else { ty = TOK_SAR; pos += 2; }
        } else if (s[pos + 1] == '=') { ty = TOK_GE; pos += 2; }
        else { ty = TOK_GT; pos++; }
        break;
    case '=':
        if (s[pos + 1] == '=') {
            if (s[pos + 2] == '=') { ty = TOK_SEQ; pos += 3; }
            else { ty = TOK_EQ; pos += 2; }
        } else if (s[pos + 1] == '>') { ty = TOK_ARROW; pos += 2; }
        else { ty = TOK_ASSIGN; pos++; }
        break;
    case '!':
        if (s[pos + 1] == '=') {
            if (s[pos + 2] == '=') { ty = TOK_SNE; pos += 3; }
            else { ty = TOK_NE; pos += 2; }
        } else { ty = TOK_BANG; pos++; }
        break;
    case '+':
        if (s[pos + 1] == '+') { ty = TOK_INC; pos += 2; }
        else if (s[pos + 1] == '=') { ty = TOK_PLUS_ASSIGN; pos += 2; }
        else { ty = TOK_PLUS; pos++; }
        break;
    case '-':
        if (s[pos + 1] == '-') { ty = TOK_DEC; pos += 2; }
        else if (s[pos + 1] == '=') { ty = TOK_MINUS_ASSIGN; pos += 2; }
        else { ty = TOK_MINUS; pos++; }
        break;
    case '*':
        if (s[pos + 1] == '*') {
            if (s[pos + 2] == '=') { ty = TOK_EXP_ASSIGN; pos += 3; }
            else { ty = TOK_EXP; pos += 2; }
        } else if (s[pos + 1] == '=') { ty = TOK_STAR_ASSIGN; pos += 2; }
        else { ty = TOK_STAR; pos++; }
        break;
    case '/':
        if (s[pos + 1] == '=') { ty = TOK_SLASH_ASSIGN; pos += 2; }
        else { ty = TOK_SLASH; pos++; }
        break;
    case '%':
        if (s[pos + 1] == '=') { ty = TOK_PERCENT_ASSIGN; pos += 2; }
        else { ty = TOK_PERCENT; pos++; }
        break;
    case '&':
        if (s[pos + 1] == '&') {
            if (s[pos + 2] == '=') { ty = TOK_AND_ASSIGN; pos += 3; }
            else { ty = TOK_AND; pos += 2; }
        } else if (s[pos + 1] == '=') { ty = TOK_AMP_ASSIGN; pos += 2; }
        else { ty = TOK_AMP; pos++; }
        break;
    case '|':
        if (s[pos + 1] == '|') {
            if (s[pos + 2] == '=') { ty = TOK_OR_ASSIGN; pos += 3; }
            else { ty = TOK_OR; pos += 2; }
        } else if (s[pos + 1] == '=') { ty = TOK_PIPE_ASSIGN; pos += 2; }
        else { ty = TOK_PIPE; pos++; }
        break;
    case '^':
        if (s[pos + 1] == '=') { ty = TOK_CARET_ASSIGN; pos += 2; }
        else { ty = TOK_CARET; pos++; }
        break;
    case '"': case '\'':
        lex_string(lx, pos, t);
        t->end = lx->st.pos;
        return;
    case '`':
        t->tmpl_invalid = 0;
        lex_template(lx, pos + 1, t);
        t->end = lx->st.pos;
        return;
    case '#': {
        uint32_t p = pos + 1;
        uint8_t d = s[p];
        int ok = d == '\\' || (d < 0x80 && (lex_ascii_class[d] & C_IDS));
        if (!ok && d >= 0x80) {
            uint32_t cp;
            lex_decode_at(lx, p, &cp);
            ok = lex_is_id_start_cp(cp);
        }
        if (!ok) lex_fail(lx, pos, "invalid or unexpected token '#'");
        lex_ident(lx, p, t);
        t->type = TOK_PRIVATE_NAME;
        t->end = lx->st.pos;
        return;
    }
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        lex_number(lx, pos, t);
        t->end = lx->st.pos;
        return;
    default:
        if ((c < 0x80 && (lex_ascii_class[c] & C_IDS)) || c == '\\') {
            lex_ident(lx, pos, t);
            t->type = TOK_NAME;
            t->end = lx->st.pos;
            return;
        }
        if (c >= 0x80) {
            uint32_t cp;
            lex_decode_at(lx, pos, &cp);
            if (lex_is_id_start_cp(cp)) {
                lex_ident(lx, pos, t);
                t->type = TOK_NAME;
                t->end = lx->st.pos;
                return;
            }
        }
        lex_fail(lx, pos, "invalid or unexpected token");
        return;
    }
    t->type = (uint8_t)ty;
    t->end = pos;
    lx->st.pos = pos;
}

void lex_rescan_regexp(Lexer *lx) {
    Token *t = &lx->st.tok;
    const uint8_t *s = lx->src;
    uint32_t start = t->start;
    uint32_t pos = start + 1;
    int in_class = 0;
    lx->buf2_len = 0;
    /* the current token ('/' or '/=') consumed only ASCII, so columns are intact */
    for (;;) {
        uint8_t c = s[pos];
        if (c == 0 && pos >= lx->limit) lex_fail(lx, start, "unterminated regular expression");
        if (c == '\n' || c == '\r') lex_fail(lx, start, "unterminated regular expression");
        if (c == '/' && !in_class) { pos++; break; }
        if (c == '[') in_class = 1;
        else if (c == ']') in_class = 0;
        if (c == '\\') {
            lex_put2(lx, '\\');
            pos++;
            c = s[pos];
            if (c == '\n' || c == '\r' || (c == 0 && pos >= lx->limit))
                lex_fail(lx, start, "unterminated regular expression");
            if (c >= 0x80) {
                uint32_t cp;
                int n = lex_decode_at(lx, pos, &cp);
                if (cp == 0x2028 || cp == 0x2029)
                    lex_fail(lx, start, "unterminated regular expression");
                lex_put2(lx, cp);
                lex_adj(lx, n, cp);
                pos += (uint32_t)n;
                continue;
            }
            lex_put2(lx, c);
            pos++;
            continue;
        }
        if (c < 0x80) { lex_put2(lx, c); pos++; continue; }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        if (cp == 0x2028 || cp == 0x2029) lex_fail(lx, start, "unterminated regular expression");
        lex_put2(lx, cp);
        lex_adj(lx, n, cp);
        pos += (uint32_t)n;
    }
    t->str = lex_arena_str(lx, lx->buf2, lx->buf2_len);
    /* flags: IdentifierPart characters, no escapes */
    lx->buf2_len = 0;
    for (;;) {
        uint8_t c = s[pos];
        if (c == '\\') lex_fail(lx, pos, "invalid regular expression flags");
        if (c < 0x80) {
            if (!(lex_ascii_class[c] & C_IDP)) break;
            lex_put2(lx, c);
            pos++;
            continue;
        }
        uint32_t cp;
        int n = lex_decode_at(lx, pos, &cp);
        if (!lex_is_id_part_cp(cp)) break;
        lex_put2(lx, cp);
        lex_adj(lx, n, cp);
        pos += (uint32_t)n;
    }
    t->raw = lex_arena_str(lx, lx->buf2, lx->buf2_len);
    t->type = TOK_REGEXP;
    t->end = pos;
    lx->st.pos = pos;
}

void lex_rescan_template(Lexer *lx) {
    Token *t = &lx->st.tok;
    t->tmpl_invalid = 0;
    lex_template(lx, t->start + 1, t);
    t->end = lx->st.pos;
}

const char *lex_token_name(TokType t) {
    static const char *const names[TOK_COUNT] = {
        "end of input", "identifier", "private name", "number", "BigInt", "string",
        "template", "regular expression",
        "'{'", "'}'", "'('", "')'", "'['", "']'", "'.'", "'...'", "';'", "','", "'?'",
        "'?.'", "':'", "'=>'",
        "'<'", "'>'", "'<='", "'>='", "'=='", "'!='", "'==='", "'!=='",
        "'+'", "'-'", "'*'", "'/'", "'%'", "'**'",
        "'++'", "'--'", "'<<'", "'>>'", "'>>>'", "'&'", "'|'", "'^'",
        "'!'", "'~'", "'&&'", "'||'", "'?\?'",
        "'='", "'+='", "'-='", "'*='", "'/='", "'%='", "'**='", "'<<='", "'>>='",
        "'>>>='", "'&='", "'|='", "'^='", "'&&='", "'||='", "'?\?='",
    };
    return (unsigned)t < TOK_COUNT ? names[t] : "token";
}
