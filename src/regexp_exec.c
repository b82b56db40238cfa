/* regexp_exec.c — the backtracking matcher for the bytecode of regexp.h. Pure C (no VM).
 *
 * The matcher is a loop over instructions with an explicit backtrack stack (malloc'd, never
 * the C stack). Every state change that must be undone on backtracking pushes an undo entry
 * (old capture or register value); a choice point pushes (pc, position). Failing pops
 * entries: undo entries restore state, the first choice point found resumes execution.
 *
 * Lookarounds push a marker. When the body reaches LOOK_END, a positive lookaround removes
 * the choice points above its marker (the body is atomic) but keeps the undo entries (so
 * backtracking past the lookaround still restores its captures) and resumes at the marker's
 * position; a negative one unwinds to its marker and fails. Reaching a negative marker while
 * backtracking means the body failed: the lookaround succeeds there. At any time every
 * marker on the stack belongs to an active lookaround.
 *
 * Steps (for metering): one per instruction executed, per backtrack entry popped and per
 * character scanned by RE_OP_STAR, STRING and BACKREF.
 */
#include <stdlib.h>
#include <string.h>
#include "regexp.h"
#include "unicode.h"

/* Backtrack entry kinds. */
enum {
    BT_CHOICE,    /* a = pc, b = position */
    BT_CAP,       /* a = capture slot, b = old value */
    BT_REG,       /* a = register, b = old value */
    BT_LOOK,      /* a = continuation pc, b = position, c = negative */
    BT_STAR_G,    /* a = pc of the STAR, b = position, c = count (greedy: give one back) */
    BT_STAR_L,    /* a = pc of the STAR, b = position, c = count (lazy: take one more) */
};

/* One backtrack stack entry. */
typedef struct Bt {
    int32_t kind;          /* BT_* */
    int32_t a, b, c;       /* per kind */
} Bt;

/* Matcher state for one re_match call. */
typedef struct M {
    const uint32_t *prog;  /* the program */
    const uint32_t *code;  /* its code */
    const uint8_t *s8;     /* subject, Latin-1 (or NULL) */
    const uint16_t *s16;   /* subject, UTF-16 (or NULL) */
    int32_t len;           /* subject length */
    int unicode;           /* u or v: characters are code points */
    int icase;             /* i */
    int32_t *caps;         /* 2 * ncaps capture slots */
    int32_t *regs;         /* registers */
    Bt *bt;                /* backtrack stack */
    size_t nbt, cbt;       /* used / capacity */
    int bt_heap;           /* bt was malloc'd */
    uint64_t steps;        /* steps so far */
    uint64_t limit;        /* step limit (UINT64_MAX = none) */
} M;

#define UNIT(m, i) ((m)->s8 ? (uint32_t)(m)->s8[i] : (uint32_t)(m)->s16[i])

static int is_hi(uint32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
static int is_lo(uint32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
static int is_lineterm(uint32_t c) { return c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029; }

/* Read the character at pos going forwards: returns the position after it (or -1 at the
 * end); *cp receives it. */
static inline int32_t rd_fwd(const M *m, int32_t pos, uint32_t *cp) {
    if (pos >= m->len) return -1;
    uint32_t c = UNIT(m, pos);
    if (m->unicode && is_hi(c) && pos + 1 < m->len) {
        uint32_t d = UNIT(m, pos + 1);
        if (is_lo(d)) { *cp = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); return pos + 2; }
    }
    *cp = c;
    return pos + 1;
}

/* Read the character before pos going backwards: returns its start (or -1 at 0). */
static inline int32_t rd_bwd(const M *m, int32_t pos, uint32_t *cp) {
    if (pos <= 0) return -1;
    uint32_t c = UNIT(m, pos - 1);
    if (m->unicode && is_lo(c) && pos >= 2) {
        uint32_t d = UNIT(m, pos - 2);
        if (is_hi(d)) { *cp = 0x10000 + ((d - 0xD800) << 10) + (c - 0xDC00); return pos - 2; }
    }
    *cp = c;
    return pos - 1;
}

/* Whether class @off (a word index into prog) contains c. */
static int class_has(const uint32_t *prog, uint32_t off, uint32_t c) {
    const uint32_t *t = prog + off;
    if (c < 256) return (t[1 + (c >> 5)] >> (c & 31)) & 1;
    uint32_t lo = 0, hi = t[0];
    const uint32_t *r = t + 9;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (c < r[2 * mid]) hi = mid;
        else if (c > r[2 * mid + 1]) lo = mid + 1;
        else return 1;
    }
    return 0;
}

/* Match the one-character instruction at ins at pos (direction from its bwd bit). Returns
 * the new position or -1. */
static inline int32_t match_one(const M *m, const uint32_t *ins, int32_t pos) {
    uint32_t w = ins[0], op = w & 0xFF, arg = w >> 8, c;
    int32_t np = (arg & 1) ? rd_bwd(m, pos, &c) : rd_fwd(m, pos, &c);
    if (np < 0) return -1;
    switch (op) {
    case RE_OP_CHAR: return c == ins[1] ? np : -1;
    case RE_OP_CHARS: {
        uint32_t n = arg >> 1;
        for (uint32_t i = 0; i < n; i++) if (c == ins[1 + i]) return np;
        return -1;
    }
    case RE_OP_CLASS: return class_has(m->prog, ins[1], c) != (int)((arg >> 1) & 1) ? np : -1;
    case RE_OP_DOT: return is_lineterm(c) ? -1 : np;
    case RE_OP_ANY: return np;
    default: return -1;
    }
}

/* The greedy part of RE_OP_STAR: match the one-character instruction `atom` repeatedly
 * from p, at most max times. Returns the end position; *count receives the repetitions.
 * Forward scans over non-surrogate units take per-instruction fast loops. */
static int32_t star_scan(const M *m, const uint32_t *atom, int32_t p, uint32_t max, uint32_t *count) {
    uint32_t w = atom[0], op = w & 0xFF, arg = w >> 8, n = 0;
    const int32_t len = m->len;
    if (!(arg & 1)) {
        const int surr = m->unicode && !m->s8;   /* surrogates need the general path */
        switch (op) {
        case RE_OP_CLASS: {
            const uint32_t *t = m->prog + atom[1];
            const uint32_t inv = (arg >> 1) & 1;
            if (m->s8) {
                while (n < max && p < len) {
                    uint32_t c = m->s8[p];
                    if (((t[1 + (c >> 5)] >> (c & 31)) & 1) == inv) break;
                    p++; n++;
                }
                *count = n;
                return p;
            }
            while (n < max && p < len) {
                uint32_t c = m->s16[p];
                if (surr && c >= 0xD800 && c <= 0xDFFF) goto slow;
                if ((uint32_t)class_has(m->prog, atom[1], c) == inv) break;
                p++; n++;
            }
            *count = n;
            return p;
        }
        case RE_OP_CHAR: {
            uint32_t want = atom[1];
            if (want >= 0xD800) break;
            while (n < max && p < len && UNIT(m, p) == want) { p++; n++; }
            *count = n;
            return p;
        }
        case RE_OP_DOT:
            while (n < max && p < len) {
                uint32_t c = UNIT(m, p);
                if (surr && c >= 0xD800 && c <= 0xDFFF) goto slow;
                if (is_lineterm(c)) break;
                p++; n++;
            }
            *count = n;
            return p;
        case RE_OP_ANY:
            if (!surr) {
                uint64_t k = (uint64_t)(len - p);
                if (k > max) k = max;
                *count = (uint32_t)k;
                return p + (int32_t)k;
            }
            break;
        default:
            break;
        }
    }
slow:
    while (n < max) {
        int32_t np = match_one(m, atom, p);
        if (np < 0) break;
        p = np;
        n++;
    }
    *count = n;
    return p;
}

/* Whether the character ending before / starting at pos is a word character (\b). */
static int is_word_at(const M *m, int32_t pos, int word_extra) {
    if (pos < 0 || pos >= m->len) return 0;
    uint32_t c = UNIT(m, pos);
    if (c < 128) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
    return word_extra && (c == 0x017F || c == 0x212A);
}

/* Push a backtrack entry. Returns 0, or a negative RE_ERR_* when the stack is full. */
static int bt_grow(M *m) {
    size_t nc = m->cbt * 2;
    if (nc * sizeof(Bt) > RE_MAX_STACK_BYTES) {
        if (m->cbt * sizeof(Bt) >= RE_MAX_STACK_BYTES) return RE_ERR_STACK;
        nc = RE_MAX_STACK_BYTES / sizeof(Bt);
    }
    Bt *nb;
    if (m->bt_heap) nb = realloc(m->bt, nc * sizeof(Bt));
    else {
        nb = malloc(nc * sizeof(Bt));
        if (nb) memcpy(nb, m->bt, m->nbt * sizeof(Bt));
    }
    if (!nb) return RE_ERR_NOMEM;
    m->bt = nb;
    m->cbt = nc;
    m->bt_heap = 1;
    return 0;
}

#define PUSH(k, x, y, z) do { \
        if (m->nbt == m->cbt) { int e_ = bt_grow(m); if (e_) { rc = e_; goto out; } } \
        Bt *b_ = &m->bt[m->nbt++]; b_->kind = (k); b_->a = (x); b_->b = (y); b_->c = (z); \
    } while (0)

/* Canonicalize for backreferences under /i. */
static inline uint32_t canon(const M *m, uint32_t c) { return uni_canonicalize(c, m->unicode); }

/* Backreference to group g at pos (forwards or backwards). Returns the new position or -1. */
static int32_t match_backref(M *m, uint32_t g, int32_t pos, int bwd, int icase, uint64_t *steps) {
    int32_t s = m->caps[2 * g], e = m->caps[2 * g + 1];
    if (s < 0 || e < 0 || e <= s) return pos;
    int32_t n = e - s;
    *steps += (uint64_t)n;
    if (!icase) {
        int32_t from = bwd ? pos - n : pos;
        if (from < 0 || from + n > m->len) return -1;
        if (m->s8) { if (memcmp(m->s8 + s, m->s8 + from, (size_t)n)) return -1; }
        else if (memcmp(m->s16 + s, m->s16 + from, (size_t)n * 2)) return -1;
        return bwd ? from : pos + n;
    }
    if (!bwd) {
        int32_t p = s, q = pos;
        while (p < e) {
            uint32_t a = 0, b = 0;
            p = rd_fwd(m, p, &a);
            q = rd_fwd(m, q, &b);
            if (p < 0 || q < 0 || (a != b && canon(m, a) != canon(m, b))) return -1;
        }
        return q;
    } else {
        int32_t p = e, q = pos;
        while (p > s) {
            uint32_t a = 0, b = 0;
            p = rd_bwd(m, p, &a);
            q = rd_bwd(m, q, &b);
            if (p < 0 || q < 0 || (a != b && canon(m, a) != canon(m, b))) return -1;
        }
        return q;
    }
}

/* Set capture slot i to v, saving the old value when a later failure could need it. */
#define SET_CAP(i, v) do { \
        if (m->nbt) PUSH(BT_CAP, (int32_t)(i), m->caps[i], 0); \
        m->caps[i] = (v); \
    } while (0)
#define SET_REG(i, v) do { \
        if (m->nbt) PUSH(BT_REG, (int32_t)(i), m->regs[i], 0); \
        m->regs[i] = (v); \
    } while (0)

/* One attempt at position `start`. Returns RE_MATCH, RE_NOMATCH or RE_ERR_*. */
static int run(M *m, int32_t start) {
    const uint32_t *code = m->code;
    uint32_t ncaps = m->prog[RE_H_NCAPS];
    for (uint32_t i = 0; i < 2 * ncaps; i++) m->caps[i] = -1;
    m->nbt = 0;
    int32_t pos = start;
    uint32_t pc = 0;
    uint64_t steps = m->steps;
    const uint64_t limit = m->limit;
    int rc;
    for (;;) {
        if (++steps > limit) { rc = RE_ERR_LIMIT; goto out; }
        uint32_t w = code[pc], arg = w >> 8;
        switch (w & 0xFF) {
        case RE_OP_CHAR: case RE_OP_CHARS: case RE_OP_CLASS: case RE_OP_DOT: case RE_OP_ANY: {
            int32_t np = match_one(m, code + pc, pos);
            if (np < 0) goto fail;
            pos = np;
            pc += (w & 0xFF) == RE_OP_CHARS ? 1 + (arg >> 1) : (w & 0xFF) == RE_OP_CHAR || (w & 0xFF) == RE_OP_CLASS ? 2 : 1;
            break;
        }
        case RE_OP_STRING: {
            int32_t n = (int32_t)(arg >> 1);
            const uint32_t *str = code + pc + 1;
            int32_t from = (arg & 1) ? pos - n : pos;
            if (from < 0 || from + n > m->len) goto fail;
            steps += (uint64_t)n;
            if (m->s8) {
                for (int32_t i = 0; i < n; i++) if (m->s8[from + i] != str[i]) goto fail;
            } else {
                for (int32_t i = 0; i < n; i++) if (m->s16[from + i] != str[i]) goto fail;
            }
            pos = (arg & 1) ? from : pos + n;
            pc += 1 + (uint32_t)n;
            break;
        }
        case RE_OP_BOL:
            if (pos != 0) goto fail;
            pc++;
            break;
        case RE_OP_EOL:
            if (pos != m->len) goto fail;
            pc++;
            break;
        case RE_OP_BOL_M:
            if (pos != 0 && !is_lineterm(UNIT(m, pos - 1))) goto fail;
            pc++;
            break;
        case RE_OP_EOL_M:
            if (pos != m->len && !is_lineterm(UNIT(m, pos))) goto fail;
            pc++;
            break;
        case RE_OP_WORDB: {
            int extra = m->unicode && (m->icase ^ (int)((arg >> 1) & 1));   /* flip: modifiers */
            int b = is_word_at(m, pos - 1, extra) != is_word_at(m, pos, extra);
            if (b == (int)(arg & 1)) goto fail;
            pc++;
            break;
        }
        case RE_OP_SAVE:
            SET_CAP(code[pc + 1], pos);
            pc += 2;
            break;
        case RE_OP_RESET:
            for (uint32_t i = code[pc + 1]; i < code[pc + 2]; i++)
                if (m->caps[i] >= 0) SET_CAP(i, -1);
            pc += 3;
            break;
        case RE_OP_SPLIT_NEXT:
            PUSH(BT_CHOICE, (int32_t)code[pc + 1], pos, 0);
            pc += 2;
            break;
        case RE_OP_SPLIT_JUMP:
            PUSH(BT_CHOICE, (int32_t)(pc + 2), pos, 0);
            pc = code[pc + 1];
            break;
        case RE_OP_JMP:
            pc = code[pc + 1];
            break;
        case RE_OP_BACKREF: {
            int32_t np = match_backref(m, code[pc + 1], pos, arg & 1, m->icase ^ (int)((arg >> 1) & 1), &steps);
            if (np < 0) goto fail;
            pos = np;
            pc += 2;
            break;
        }
        case RE_OP_BACKREF_MULTI: {
            uint32_t n = (arg >> 1) & 0xFF, g = code[pc + 1];
            for (uint32_t k = 0; k < n; k++)
                if (m->caps[2 * code[pc + 1 + k]] >= 0) { g = code[pc + 1 + k]; break; }
            int32_t np = match_backref(m, g, pos, arg & 1, m->icase ^ (int)((arg >> 9) & 1), &steps);
            if (np < 0) goto fail;
            pos = np;
            pc += 1 + n;
            break;
        }
        case RE_OP_LOOK:
            PUSH(BT_LOOK, (int32_t)code[pc + 1], pos, (int32_t)(arg & 1));
            pc += 2;
            break;
        case RE_OP_LOOK_END: {
            size_t i = m->nbt;
            while (i > 0 && m->bt[i - 1].kind != BT_LOOK) i--;
            if (i == 0) { rc = RE_ERR_NOMEM; goto out; }   /* corrupt program: no open lookaround */
            Bt mark = m->bt[i - 1];
            if (mark.c) {
                /* negative lookaround: the body matched, so it fails */
                while (m->nbt > i) {
                    Bt *e = &m->bt[--m->nbt];
                    if (e->kind == BT_CAP) m->caps[e->a] = e->b;
                    else if (e->kind == BT_REG) m->regs[e->a] = e->b;
                }
                m->nbt--;
                goto fail;
            }
            /* positive: drop the body's choice points (and the marker), keep undo entries */
            size_t wr = i - 1;
            for (size_t r = i; r < m->nbt; r++)
                if (m->bt[r].kind == BT_CAP || m->bt[r].kind == BT_REG) m->bt[wr++] = m->bt[r];
            steps += m->nbt - i;
            m->nbt = wr;
            pos = mark.b;
            pc = (uint32_t)mark.a;
            break;
        }
        case RE_OP_SET_POS:
            SET_REG(code[pc + 1], pos);
            pc += 2;
            break;
        case RE_OP_CHECK_PROGRESS:
            if (m->regs[code[pc + 1]] == pos) goto fail;
            pc += 2;
            break;
        case RE_OP_REPEAT_INIT:
            SET_REG(code[pc + 1], 0);
            pc += 2;
            break;
        case RE_OP_REPEAT_TEST: {
            uint32_t count = (uint32_t)m->regs[code[pc + 1]], min = code[pc + 2], max = code[pc + 3];
            if (count < min) { pc += 5; break; }
            if (max != RE_INF && count >= max) { pc = code[pc + 4]; break; }
            if (arg & 1) {
                PUSH(BT_CHOICE, (int32_t)code[pc + 4], pos, 0);
                pc += 5;
            } else {
                PUSH(BT_CHOICE, (int32_t)(pc + 5), pos, 0);
                pc = code[pc + 4];
            }
            break;
        }
        case RE_OP_REPEAT_END: {
            uint32_t r = code[pc + 1];
            uint32_t count = (uint32_t)m->regs[r];
            if ((arg & 1) && pos == m->regs[code[pc + 2]] && count >= code[pc + 3]) goto fail;
            SET_REG(r, (int32_t)(count + 1));
            pc = code[pc + 4];
            break;
        }
        case RE_OP_STAR: {
            uint32_t min = code[pc + 1], max = code[pc + 2];
            const uint32_t *atom = code + pc + 4;
            uint32_t count = 0;
            int32_t p = pos;
            if (arg & 1) {
                /* greedy: take as many as possible */
                p = star_scan(m, atom, p, max, &count);
                steps += count;
                if (steps > limit) { rc = RE_ERR_LIMIT; goto out; }
                if (count < min) goto fail;
                if (count > min) PUSH(BT_STAR_G, (int32_t)pc, p, (int32_t)count);
            } else {
                while (count < min) {
                    int32_t np = match_one(m, atom, p);
                    if (np < 0) break;
                    p = np;
                    count++;
                }
                steps += count;
                if (steps > limit) { rc = RE_ERR_LIMIT; goto out; }
                if (count < min) goto fail;
                if (count < max) PUSH(BT_STAR_L, (int32_t)pc, p, (int32_t)count);
            }
            pos = p;
            pc = code[pc + 3];
            break;
        }
        case RE_OP_MATCH:
            m->caps[0] = start;
            m->caps[1] = pos;
            rc = RE_MATCH;
            goto out;
        default:
            rc = RE_ERR_NOMEM;   /* unreachable for a checked program */
            goto out;
        }
        continue;
    fail:
        for (;;) {
            if (m->nbt == 0) { rc = RE_NOMATCH; goto out; }
            Bt *e = &m->bt[--m->nbt];
            steps++;
            switch (e->kind) {
            case BT_CAP: m->caps[e->a] = e->b; continue;
            case BT_REG: m->regs[e->a] = e->b; continue;
            case BT_CHOICE: pc = (uint32_t)e->a; pos = e->b; break;
            case BT_LOOK:
                if (!e->c) continue;          /* positive lookaround body failed */
                pc = (uint32_t)e->a;          /* negative: body failed, so it succeeds */
                pos = e->b;
                break;
            case BT_STAR_G: {
                /* give back one character */
                uint32_t spc = (uint32_t)e->a;
                int bwd = (code[spc] >> 9) & 1;
                int32_t p = e->b;
                uint32_t count = (uint32_t)e->c - 1, c;
                p = bwd ? rd_fwd(m, p, &c) : rd_bwd(m, p, &c);
                if (p < 0) continue;   /* cannot happen for a consistent stack */
                if (count > code[spc + 1]) { e->b = p; e->c = (int32_t)count; m->nbt++; }
                pc = code[spc + 3];
                pos = p;
                break;
            }
            case BT_STAR_L: {
                /* take one more character */
                uint32_t spc = (uint32_t)e->a;
                int32_t np = match_one(m, code + spc + 4, e->b);
                if (np < 0) continue;
                uint32_t count = (uint32_t)e->c + 1;
                if (code[spc + 2] == RE_INF || count < code[spc + 2]) { e->b = np; e->c = (int32_t)count; m->nbt++; }
                pc = code[spc + 3];
                pos = np;
                break;
            }
            default:
                rc = RE_ERR_NOMEM;
                goto out;
            }
            break;
        }
        if (steps > limit) { rc = RE_ERR_LIMIT; goto out; }
    }
out:
    m->steps = steps;
    return rc;
}

int re_match(const uint32_t *prog, ReInput *in, uint32_t start, int32_t *captures) {
    M m0, *m = &m0;
    Bt local_bt[256];
    int32_t local_regs[64];
    memset(m, 0, sizeof *m);
    m->prog = prog;
    m->code = prog + prog[RE_H_CODE];
    if (in->latin1) m->s8 = in->chars; else m->s16 = in->chars;
    if (in->len > 0x7FFFFFFFu) return RE_ERR_NOMEM;
    m->len = (int32_t)in->len;
    uint32_t flags = prog[RE_H_FLAGS];
    m->unicode = (flags & (RE_FLAG_U | RE_FLAG_V)) != 0;
    m->icase = (flags & RE_FLAG_I) != 0;
    m->caps = captures;
    uint32_t nregs = prog[RE_H_NREGS];
    m->regs = nregs <= 64 ? local_regs : malloc(nregs * sizeof(int32_t));
    if (!m->regs) return RE_ERR_NOMEM;
    if (nregs) memset(m->regs, 0, nregs * sizeof(int32_t));
    m->bt = local_bt;
    m->cbt = sizeof local_bt / sizeof local_bt[0];
    m->steps = in->steps;
    m->limit = in->step_limit ? in->step_limit : UINT64_MAX;

    int sticky = in->anchor == RE_ANCHOR_DEFAULT ? (flags & RE_FLAG_Y) != 0 : in->anchor == RE_ANCHOR_STICKY;
    uint32_t minlen = prog[RE_H_MINLEN];
    const uint32_t *first = prog[RE_H_FIRST] ? prog + prog[RE_H_FIRST] : NULL;
    int r = RE_NOMATCH;
    int32_t s = (int32_t)start;
    if (start > in->len) goto done;
    if (m->unicode && s > 0 && s < m->len && is_lo(UNIT(m, s)) && is_hi(UNIT(m, s - 1))) s--;
    if ((uint64_t)s + minlen > (uint64_t)m->len) goto done;
    int32_t last = m->len - (int32_t)minlen;
    /* a start filter that admits a single code unit below 256: memchr on Latin-1 */
    int single = first && first[9] < 256 ? (int)first[9] : -1;
    for (;;) {
        if (first && !sticky) {
            /* skip positions whose first code unit cannot start a match */
            int32_t p = s;
            if (m->s8 && single >= 0) {
                const uint8_t *hit = p <= last ? memchr(m->s8 + p, single, (size_t)(last - p + 1)) : NULL;
                p = hit ? (int32_t)(hit - m->s8) : last + 1;
            } else if (m->s8) {
                while (p <= last && !((first[m->s8[p] >> 5] >> (m->s8[p] & 31)) & 1)) p++;
            } else {
                while (p <= last) {
                    uint32_t c = m->s16[p];
                    if (c < 256 ? ((first[c >> 5] >> (c & 31)) & 1) : first[8]) break;
                    p++;
                }
            }
            m->steps += (uint64_t)(p - s) / 4;
            if (p > last) break;
            if (m->unicode && p > s && is_lo(UNIT(m, p)) && is_hi(UNIT(m, p - 1))) {
                /* a low surrogate of a pair is never a start position */
                s = p + 1;
                if (s > last) break;
                continue;
            }
            s = p;
        }
        r = run(m, s);
        if (r != RE_NOMATCH || sticky) break;
        if (s >= last) break;
        if (m->unicode && is_hi(UNIT(m, s)) && s + 1 < m->len && is_lo(UNIT(m, s + 1))) s += 2;
        else s++;
        if (s > last) break;
    }
done:
    in->steps = m->steps;
    if (m->bt_heap) free(m->bt);
    if (m->regs != local_regs) free(m->regs);
    if (r != RE_MATCH && r >= 0) r = RE_NOMATCH;
    return r;
}
