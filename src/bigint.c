/* bigint.c — arbitrary-precision integer arithmetic on canonical heap cells (bigint.h).
 * Magnitudes are arrays of 32-bit limbs, least significant first; intermediate results are
 * built in malloc'd scratch buffers and then copied into a fresh canonical cell. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bigint.h"
#include "numconv.h"

/* A magnitude being computed in C memory. */
typedef struct Mag {
    uint32_t *d;           /* limbs, least significant first */
    uint32_t n;            /* limbs in use (no leading zeros once normalized) */
    int neg;               /* sign */
} Mag;

static BigHeader *big_hdr(VM *vm, Value b) { return (BigHeader *)CELL_VALUES(CELL(vm, val_ref(b))); }
static uint32_t *big_limbs(VM *vm, Value b) { return (uint32_t *)(big_hdr(vm, b) + 1); }

static void mag_trim(Mag *m) {
    while (m->n && m->d[m->n - 1] == 0) m->n--;
    if (!m->n) m->neg = 0;
}

/* Allocate a canonical cell from a magnitude (frees nothing). */
static Value big_from_mag(VM *vm, Mag *m) {
    mag_trim(m);
    if (m->n > BIGINT_MAX_LIMBS) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
    Ref r = heap_alloc(vm, CELL_BIGINT, 0, heap_words_for_bytes(sizeof(BigHeader) + 4u * m->n));
    if (!r) return vm_throw_out_of_memory(vm);
    Value v = VAL_MAKE(VAL_TAG_BIGINT, r);
    BigHeader *h = big_hdr(vm, v);
    h->nlimbs = m->n;
    h->negative = (uint32_t)m->neg;
    if (m->n) memcpy(h + 1, m->d, 4u * m->n);
    return v;
}

/* Copy a cell's magnitude into scratch with room for `extra` more limbs. */
static int mag_of(VM *vm, Value b, Mag *m, uint32_t extra) {
    BigHeader *h = big_hdr(vm, b);
    m->n = h->nlimbs;
    m->neg = (int)h->negative;
    m->d = calloc((size_t)m->n + extra + 1, 4);
    if (!m->d) return -1;
    memcpy(m->d, h + 1, 4u * m->n);
    return 0;
}

static Value oom(VM *vm) { return vm_throw_out_of_memory(vm); }

Value bigint_from_int64(VM *vm, int64_t v) {
    uint32_t d[2];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    d[0] = (uint32_t)u;
    d[1] = (uint32_t)(u >> 32);
    Mag m = { d, 2, v < 0 };
    return big_from_mag(vm, &m);
}

Value bigint_from_double(VM *vm, double x) {
    if (x != x || isinf(x) || x != trunc(x)) return vm_throw_range_error(vm, "The number %g cannot be converted to a BigInt because it is not an integer", x);
    int neg = x < 0;
    if (neg) x = -x;
    int e;
    double f = frexp(x, &e);    /* x = f * 2^e, 0.5 <= f < 1 */
    if (x == 0) { Mag z = { NULL, 0, 0 }; return big_from_mag(vm, &z); }
    uint64_t mant = (uint64_t)ldexp(f, 53);
    int shift = e - 53;
    uint32_t n = (uint32_t)((e + 31) / 32 + 2);
    Mag m = { calloc(n, 4), n, neg };
    if (!m.d) return oom(vm);
    if (shift >= 0) {
        for (int i = 0; i < 64; i++)
            if (mant >> i & 1) { int bit = i + shift; m.d[bit / 32] |= 1u << (bit % 32); }
    } else {
        mant >>= -shift;
        m.d[0] = (uint32_t)mant;
        if (n > 1) m.d[1] = (uint32_t)(mant >> 32);
    }
    Value r = big_from_mag(vm, &m);
    free(m.d);
    return r;
}

/* m = m * mul + add (m has room for one more limb). */
static void mag_muladd(Mag *m, uint32_t mul, uint32_t add) {
    uint64_t carry = add;
    for (uint32_t i = 0; i < m->n; i++) {
        uint64_t t = (uint64_t)m->d[i] * mul + carry;
        m->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) m->d[m->n++] = (uint32_t)carry;
}

static int digit_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

Value bigint_from_digits(VM *vm, const char *s, size_t len, int radix) {
    if (len == 0) return VAL_UNDEFINED;
    /* each digit adds at most ceil(log2(radix)) bits (4 for hex: len / 9 limbs, enough
     * for decimal, overflowed a long hex literal) */
    size_t bits = 1;
    while (((size_t)1 << bits) < (size_t)radix) bits++;
    size_t cap = len / 32 * bits + bits + 2;
    Mag m = { calloc(cap + 1, 4), 0, 0 };
    if (!m.d) return oom(vm);
    for (size_t i = 0; i < len; i++) {
        int v = digit_value((unsigned char)s[i]);
        if (v >= radix) { free(m.d); return VAL_UNDEFINED; }
        mag_muladd(&m, (uint32_t)radix, (uint32_t)v);
    }
    Value r = big_from_mag(vm, &m);
    free(m.d);
    return r;
}

Value bigint_from_literal(VM *vm, const char *text, size_t len) {
    /* strip numeric separators */
    char *buf = malloc(len + 1);
    if (!buf) return oom(vm);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) if (text[i] != '_' && text[i] != 'n') buf[n++] = text[i];
    int radix = 10;
    size_t start = 0;
    if (n > 2 && buf[0] == '0') {
        char p = (char)(buf[1] | 0x20);
        if (p == 'x') radix = 16; else if (p == 'o') radix = 8; else if (p == 'b') radix = 2;
        if (radix != 10) start = 2;
    }
    Value r = bigint_from_digits(vm, buf + start, n - start, radix);
    free(buf);
    return r;
}

Value bigint_from_string(VM *vm, Value str) {
    char *u = str_to_utf8(vm, str, NULL);
    if (!u) return oom(vm);
    size_t a = 0, b = strlen(u);
    /* trim StrWhiteSpaceChar (ASCII fast path; non-ASCII whitespace via numconv) */
    while (a < b) {
        unsigned char c = (unsigned char)u[a];
        if (c == ' ' || (c >= 9 && c <= 13)) { a++; continue; }
        if (c >= 0x80) {
            /* decode one UTF-8 char */
            uint32_t cp; int l;
            if ((c & 0xE0) == 0xC0 && a + 1 < b) { cp = ((c & 0x1Fu) << 6) | (u[a + 1] & 0x3F); l = 2; }
            else if ((c & 0xF0) == 0xE0 && a + 2 < b) { cp = ((c & 0x0Fu) << 12) | ((u[a + 1] & 0x3Fu) << 6) | (u[a + 2] & 0x3F); l = 3; }
            else break;
            if (!num_is_str_whitespace(cp)) break;
            a += (size_t)l;
            continue;
        }
        break;
    }
    while (b > a) {
        unsigned char c = (unsigned char)u[b - 1];
        if (c == ' ' || (c >= 9 && c <= 13)) { b--; continue; }
        if (c >= 0x80) {
            size_t k = b - 1;
            while (k > a && ((unsigned char)u[k] & 0xC0) == 0x80) k--;
            unsigned char c0 = (unsigned char)u[k];
            uint32_t cp = 0;
            if ((c0 & 0xE0) == 0xC0) cp = ((c0 & 0x1Fu) << 6) | (u[k + 1] & 0x3F);
            else if ((c0 & 0xF0) == 0xE0) cp = ((c0 & 0x0Fu) << 12) | ((u[k + 1] & 0x3Fu) << 6) | (u[k + 2] & 0x3F);
            if (!num_is_str_whitespace(cp)) break;
            b = k;
            continue;
        }
        break;
    }
    Value r;
    if (a == b) {
        Mag z = { NULL, 0, 0 };
        r = big_from_mag(vm, &z);
    } else {
        int neg = 0, radix = 10;
        if (u[a] == '+' || u[a] == '-') { neg = u[a] == '-'; a++; }
        else if (b - a > 2 && u[a] == '0') {
            char p = (char)(u[a + 1] | 0x20);
            if (p == 'x') radix = 16; else if (p == 'o') radix = 8; else if (p == 'b') radix = 2;
            if (radix != 10) a += 2;
        }
        r = bigint_from_digits(vm, u + a, b - a, radix);
        if (neg && r != VAL_UNDEFINED && r != VAL_EXCEPTION && big_hdr(vm, r)->nlimbs) big_hdr(vm, r)->negative = 1;
    }
    free(u);
    return r;
}

/* Divide m in place by a small divisor; returns the remainder. */
static uint32_t mag_divsmall(Mag *m, uint32_t div) {
    uint64_t rem = 0;
    for (uint32_t i = m->n; i-- > 0;) {
        uint64_t cur = (rem << 32) | m->d[i];
        m->d[i] = (uint32_t)(cur / div);
        rem = cur % div;
    }
    while (m->n && m->d[m->n - 1] == 0) m->n--;
    return (uint32_t)rem;
}

Value bigint_to_string(VM *vm, Value b, int radix) {
    Mag m;
    if (mag_of(vm, b, &m, 0) < 0) return oom(vm);
    if (m.n == 0) { free(m.d); return ATOM(vm, zero); }
    /* digits per chunk: largest k with radix^k < 2^32 */
    uint32_t chunk = 1, k = 0;
    while ((uint64_t)chunk * (uint32_t)radix <= 0xFFFFFFFFu) { chunk *= (uint32_t)radix; k++; }
    size_t cap = (size_t)m.n * 32 + 2;
    char *out = malloc(cap + 1);
    if (!out) { free(m.d); return oom(vm); }
    size_t pos = cap;
    static const char digs[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    while (m.n) {
        uint32_t r = mag_divsmall(&m, chunk);
        for (uint32_t i = 0; i < k; i++) {
            out[--pos] = digs[r % (uint32_t)radix];
            r /= (uint32_t)radix;
            if (!m.n && !r) break;
        }
        vm->meter += 1;
    }
    while (pos < cap - 1 && out[pos] == '0') pos++;
    if (m.neg || big_hdr(vm, b)->negative) out[--pos] = '-';
    Value s = str_from_latin1(vm, (const uint8_t *)out + pos, cap - pos);
    free(out);
    free(m.d);
    return s;
}

double bigint_to_double(VM *vm, Value b) {
    BigHeader *h = big_hdr(vm, b);
    uint32_t *d = (uint32_t *)(h + 1);
    uint32_t n = h->nlimbs;
    if (!n) return 0;
    /* exact round-to-nearest-even: take the top 64 bits plus a sticky bit */
    int top = 31;
    while (!(d[n - 1] >> top & 1)) top--;
    uint64_t bits = (uint64_t)(n - 1) * 32 + (uint64_t)top + 1;   /* bit length */
    if (bits > 1024) return h->negative ? -INFINITY : INFINITY;
    /* extract 64 most significant bits */
    uint64_t hi = 0;
    int sticky = 0;
    for (int64_t i = (int64_t)bits - 1, k = 0; i >= 0; i--, k++) {
        int bit = d[i / 32] >> (i % 32) & 1;
        if (k < 64) hi = (hi << 1) | (uint64_t)bit;
        else if (bit) { sticky = 1; break; }
    }
    int extra = bits > 64 ? (int)(bits - 64) : 0;
    if (bits < 64) hi <<= (64 - bits);
    /* round hi (64 bits, msb set) to 53 bits */
    uint64_t mant = hi >> 11;
    uint64_t rest = hi & 0x7FF;
    int round_up = rest > 0x400 || (rest == 0x400 && (sticky || (mant & 1)));
    if (rest == 0x400 && !sticky && !(mant & 1)) round_up = 0;
    if (round_up) mant++;
    double r = ldexp((double)mant, (int)(bits - 53));
    (void)extra;
    return h->negative ? -r : r;
}

/* |a| compared with |b|. */
static int mag_cmp(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb) {
    if (na != nb) return na < nb ? -1 : 1;
    for (uint32_t i = na; i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* r = |a| + |b| (r has max(na,nb)+1 limbs). */
static uint32_t mag_add(uint32_t *r, const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb) {
    if (na < nb) { const uint32_t *t = a; a = b; b = t; uint32_t tn = na; na = nb; nb = tn; }
    uint64_t c = 0;
    for (uint32_t i = 0; i < na; i++) {
        c += (uint64_t)a[i] + (i < nb ? b[i] : 0);
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    r[na] = (uint32_t)c;
    return na + 1;
}

/* r = |a| - |b| where |a| >= |b|. */
static uint32_t mag_sub(uint32_t *r, const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb) {
    int64_t br = 0;
    for (uint32_t i = 0; i < na; i++) {
        int64_t t = (int64_t)a[i] - (i < nb ? b[i] : 0) - br;
        br = t < 0;
        r[i] = (uint32_t)(t + (br << 32));
    }
    return na;
}

/* Signed add of two cells. */
static Value big_addsub(VM *vm, Value a, Value b, int negate_b) {
    BigHeader *ha = big_hdr(vm, a), *hb = big_hdr(vm, b);
    uint32_t na = ha->nlimbs, nb = hb->nlimbs;
    int sa = (int)ha->negative, sb = (int)hb->negative ^ (negate_b && nb);
    Mag r = { calloc((size_t)(na > nb ? na : nb) + 2, 4), 0, 0 };
    if (!r.d) return oom(vm);
    const uint32_t *da = big_limbs(vm, a), *db = big_limbs(vm, b);
    if (sa == sb) {
        r.n = mag_add(r.d, da, na, db, nb);
        r.neg = sa;
    } else if (mag_cmp(da, na, db, nb) >= 0) {
        r.n = mag_sub(r.d, da, na, db, nb);
        r.neg = sa;
    } else {
        r.n = mag_sub(r.d, db, nb, da, na);
        r.neg = sb;
    }
    Value v = big_from_mag(vm, &r);
    free(r.d);
    return v;
}

static Value big_mul(VM *vm, Value a, Value b) {
    BigHeader *ha = big_hdr(vm, a), *hb = big_hdr(vm, b);
    uint32_t na = ha->nlimbs, nb = hb->nlimbs;
    if ((uint64_t)na + nb > BIGINT_MAX_LIMBS) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
    Mag r = { calloc((size_t)na + nb + 1, 4), na + nb, (int)(ha->negative ^ hb->negative) };
    if (!r.d) return oom(vm);
    const uint32_t *da = big_limbs(vm, a), *db = big_limbs(vm, b);
    for (uint32_t i = 0; i < na; i++) {
        uint64_t c = 0;
        for (uint32_t j = 0; j < nb; j++) {
            uint64_t t = (uint64_t)da[i] * db[j] + r.d[i + j] + c;
            r.d[i + j] = (uint32_t)t;
            c = t >> 32;
        }
        r.d[i + nb] = (uint32_t)c;
    }
    vm->meter += ((uint64_t)na * nb) / 64;
    Value v = big_from_mag(vm, &r);
    free(r.d);
    return v;
}

/* Knuth division: q = |a| / |b|, rem = |a| % |b| (b nonzero). Buffers are allocated. */
static int mag_divmod(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb, Mag *q, Mag *rem) {
    q->d = calloc((size_t)na + 1, 4);
    rem->d = calloc((size_t)nb + 1, 4);
    if (!q->d || !rem->d) return -1;
    if (mag_cmp(a, na, b, nb) < 0) {
        q->n = 0;
        memcpy(rem->d, a, 4u * na);
        rem->n = na;
        return 0;
    }
    if (nb == 1) {
        uint64_t r = 0;
        for (uint32_t i = na; i-- > 0;) {
            uint64_t cur = (r << 32) | a[i];
            q->d[i] = (uint32_t)(cur / b[0]);
            r = cur % b[0];
        }
        q->n = na;
        rem->d[0] = (uint32_t)r;
        rem->n = 1;
        return 0;
    }
    int s = 0;
    while (!(b[nb - 1] << s & 0x80000000u)) s++;
    uint32_t *un = calloc((size_t)na + 1, 4), *vn = calloc(nb, 4);
    if (!un || !vn) { free(un); free(vn); return -1; }
    for (uint32_t i = nb; i-- > 1;) vn[i] = (b[i] << s) | (s ? b[i - 1] >> (32 - s) : 0);
    vn[0] = b[0] << s;
    un[na] = s ? a[na - 1] >> (32 - s) : 0;
    for (uint32_t i = na; i-- > 1;) un[i] = (a[i] << s) | (s ? a[i - 1] >> (32 - s) : 0);
    un[0] = a[0] << s;
    for (int64_t j = (int64_t)na - nb; j >= 0; j--) {
        uint64_t num = ((uint64_t)un[j + nb] << 32) | un[j + nb - 1];
        uint64_t qhat = num / vn[nb - 1], rhat = num % vn[nb - 1];
        while (qhat >= 0x100000000ull || qhat * vn[nb - 2] > ((rhat << 32) | un[j + nb - 2])) {
            qhat--;
            rhat += vn[nb - 1];
            if (rhat >= 0x100000000ull) break;
        }
        int64_t borrow = 0;
        uint64_t carry = 0;
        for (uint32_t i = 0; i < nb; i++) {
            uint64_t p = qhat * vn[i] + carry;
            carry = p >> 32;
            int64_t t = (int64_t)un[i + j] - borrow - (int64_t)(uint32_t)p;
            un[i + j] = (uint32_t)t;
            borrow = t < 0;
        }
        int64_t t = (int64_t)un[j + nb] - borrow - (int64_t)carry;
        un[j + nb] = (uint32_t)t;
        if (t < 0) {
            qhat--;
            uint64_t c = 0;
            for (uint32_t i = 0; i < nb; i++) {
                c += (uint64_t)un[i + j] + vn[i];
                un[i + j] = (uint32_t)c;
                c >>= 32;
            }
            un[j + nb] += (uint32_t)c;
        }
        q->d[j] = (uint32_t)qhat;
    }
    q->n = na - nb + 1;
    for (uint32_t i = 0; i < nb; i++) rem->d[i] = (un[i] >> s) | (s && i + 1 <= nb ? (uint32_t)((uint64_t)un[i + 1] << (32 - s)) : 0);
    rem->n = nb;
    free(un);
    free(vn);
    return 0;
}

static Value big_divmod(VM *vm, Value a, Value b, int want_mod) {
    BigHeader *hb = big_hdr(vm, b);
    if (!hb->nlimbs) return vm_throw_range_error(vm, "Division by zero");
    BigHeader *ha = big_hdr(vm, a);
    Mag q = { 0 }, r = { 0 };
    if (mag_divmod(big_limbs(vm, a), ha->nlimbs, big_limbs(vm, b), hb->nlimbs, &q, &r) < 0) {
        free(q.d); free(r.d);
        return oom(vm);
    }
    vm->meter += ((uint64_t)ha->nlimbs * hb->nlimbs) / 64;
    Value v;
    ha = big_hdr(vm, a);
    hb = big_hdr(vm, b);
    if (want_mod) { r.neg = (int)ha->negative; v = big_from_mag(vm, &r); }
    else { q.neg = (int)(ha->negative ^ hb->negative); v = big_from_mag(vm, &q); }
    free(q.d);
    free(r.d);
    return v;
}

static Value big_pow(VM *vm, Value base, Value exp) {
    VM_ROOT_SCOPE(vm);
    BigHeader *he = big_hdr(vm, exp);
    if (he->negative) return vm_throw_range_error(vm, "Exponent must be non-negative");
    if (he->nlimbs == 0) return bigint_from_int64(vm, 1);
    BigHeader *hb = big_hdr(vm, base);
    if (hb->nlimbs == 0) return base;
    if (hb->nlimbs == 1 && big_limbs(vm, base)[0] == 1) {
        int odd = big_limbs(vm, exp)[0] & 1;
        return (hb->negative && !odd) ? bigint_from_int64(vm, 1) : base;
    }
    if (he->nlimbs > 1) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
    uint32_t e = big_limbs(vm, exp)[0];
    if ((uint64_t)e * (hb->nlimbs * 32) > (uint64_t)BIGINT_MAX_LIMBS * 32) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
    Value result = bigint_from_int64(vm, 1), b = base;
    vm_root(vm, &result);
    vm_root(vm, &b);
    while (e) {
        if (e & 1) { result = big_mul(vm, result, b); if (result == VAL_EXCEPTION) return result; }
        e >>= 1;
        if (e) { b = big_mul(vm, b, b); if (b == VAL_EXCEPTION) return b; }
    }
    return result;
}

/* Two's complement limbs of a value, sign-extended to n limbs. */
static void to_twos(VM *vm, Value a, uint32_t *out, uint32_t n) {
    BigHeader *h = big_hdr(vm, a);
    const uint32_t *d = big_limbs(vm, a);
    for (uint32_t i = 0; i < n; i++) out[i] = i < h->nlimbs ? d[i] : 0;
    if (h->negative) {
        uint64_t c = 1;
        for (uint32_t i = 0; i < n; i++) { c += (uint32_t)~out[i]; out[i] = (uint32_t)c; c >>= 32; }
    }
}

/* Value from n two's-complement limbs. */
static Value from_twos(VM *vm, uint32_t *d, uint32_t n) {
    Mag m = { d, n, 0 };
    if (n && (d[n - 1] & 0x80000000u)) {
        m.neg = 1;
        uint64_t c = 1;
        for (uint32_t i = 0; i < n; i++) { c += (uint32_t)~d[i]; d[i] = (uint32_t)c; c >>= 32; }
    }
    return big_from_mag(vm, &m);
}

static Value big_bitwise(VM *vm, BigOp op, Value a, Value b) {
    uint32_t n = big_hdr(vm, a)->nlimbs;
    if (big_hdr(vm, b)->nlimbs > n) n = big_hdr(vm, b)->nlimbs;
    n += 1;
    uint32_t *x = calloc(n, 4), *y = calloc(n, 4);
    if (!x || !y) { free(x); free(y); return oom(vm); }
    to_twos(vm, a, x, n);
    to_twos(vm, b, y, n);
    for (uint32_t i = 0; i < n; i++) x[i] = op == BIG_AND ? (x[i] & y[i]) : op == BIG_OR ? (x[i] | y[i]) : (x[i] ^ y[i]);
    Value v = from_twos(vm, x, n);
    free(x);
    free(y);
    return v;
}

/* a << s (s may be negative: arithmetic right shift, rounding toward -infinity). */
static Value big_shift(VM *vm, Value a, int64_t s) {
    BigHeader *h = big_hdr(vm, a);
    if (!h->nlimbs) return a;
    if (s > (int64_t)BIGINT_MAX_LIMBS * 32) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
    if (s >= 0) {
        uint32_t limbs = (uint32_t)(s / 32), bits = (uint32_t)(s % 32);
        Mag r = { calloc((size_t)h->nlimbs + limbs + 2, 4), h->nlimbs + limbs + 1, (int)h->negative };
        if (!r.d) return oom(vm);
        const uint32_t *d = big_limbs(vm, a);
        for (uint32_t i = 0; i < h->nlimbs; i++) {
            uint64_t v = (uint64_t)d[i] << bits;
            r.d[i + limbs] |= (uint32_t)v;
            r.d[i + limbs + 1] |= (uint32_t)(v >> 32);
        }
        Value v = big_from_mag(vm, &r);
        free(r.d);
        return v;
    }
    uint64_t rs = (uint64_t)(-s);
    if (rs >= (uint64_t)h->nlimbs * 32) return bigint_from_int64(vm, h->negative ? -1 : 0);
    uint32_t limbs = (uint32_t)(rs / 32), bits = (uint32_t)(rs % 32);
    const uint32_t *d = big_limbs(vm, a);
    int lost = 0;
    for (uint32_t i = 0; i < limbs; i++) if (d[i]) lost = 1;
    if (bits && (d[limbs] & ((1u << bits) - 1))) lost = 1;
    Mag r = { calloc((size_t)h->nlimbs - limbs + 1, 4), h->nlimbs - limbs, (int)h->negative };
    if (!r.d) return oom(vm);
    for (uint32_t i = 0; i < r.n; i++) {
        uint64_t v = d[i + limbs] >> bits;
        if (bits && i + limbs + 1 < h->nlimbs) v |= (uint64_t)d[i + limbs + 1] << (32 - bits);
        r.d[i] = (uint32_t)v;
    }
    if (h->negative && lost) {
        /* round toward -infinity: magnitude + 1 */
        uint64_t c = 1;
        for (uint32_t i = 0; i < r.n && c; i++) { c += r.d[i]; r.d[i] = (uint32_t)c; c >>= 32; }
        if (c) r.d[r.n++] = (uint32_t)c;
    }
    Value v = big_from_mag(vm, &r);
    free(r.d);
    return v;
}

/* The shift count of a BigInt as int64 (saturating). */
static int64_t shift_count(VM *vm, Value b) {
    BigHeader *h = big_hdr(vm, b);
    if (!h->nlimbs) return 0;
    int64_t v = h->nlimbs > 2 ? INT64_MAX / 2 : (int64_t)(((uint64_t)(h->nlimbs > 1 ? big_limbs(vm, b)[1] : 0) << 32) | big_limbs(vm, b)[0]);
    if (v < 0 || v > INT64_MAX / 2) v = INT64_MAX / 2;
    return h->negative ? -v : v;
}

Value bigint_binary(VM *vm, BigOp op, Value a, Value b) {
    switch (op) {
    case BIG_ADD: return big_addsub(vm, a, b, 0);
    case BIG_SUB: return big_addsub(vm, a, b, 1);
    case BIG_MUL: return big_mul(vm, a, b);
    case BIG_DIV: return big_divmod(vm, a, b, 0);
    case BIG_MOD: return big_divmod(vm, a, b, 1);
    case BIG_POW: return big_pow(vm, a, b);
    case BIG_SHL: return big_shift(vm, a, shift_count(vm, b));
    case BIG_SAR: return big_shift(vm, a, -shift_count(vm, b));
    case BIG_SHR: return vm_throw_type_error(vm, "BigInts have no unsigned right shift, use >> instead");
    case BIG_AND: case BIG_OR: case BIG_XOR: return big_bitwise(vm, op, a, b);
    }
    return vm_throw_type_error(vm, "bad BigInt operator");
}

Value bigint_negate(VM *vm, Value a) {
    Mag m;
    if (mag_of(vm, a, &m, 0) < 0) return oom(vm);
    m.neg = !m.neg;
    Value v = big_from_mag(vm, &m);
    free(m.d);
    return v;
}

Value bigint_bitnot(VM *vm, Value a) {
    VM_ROOT_SCOPE(vm);
    /* ~a == -a - 1 */
    Value m1 = bigint_from_int64(vm, -1);
    if (m1 == VAL_EXCEPTION) return m1;
    vm_root(vm, &m1);
    Value n = bigint_negate(vm, a);
    if (n == VAL_EXCEPTION) return n;
    return big_addsub(vm, n, m1, 0);
}

Value bigint_inc(VM *vm, Value a, int delta) {
    Value d = bigint_from_int64(vm, delta);
    if (d == VAL_EXCEPTION) return d;
    return big_addsub(vm, a, d, 0);
}

int bigint_compare(VM *vm, Value a, Value b) {
    BigHeader *ha = big_hdr(vm, a), *hb = big_hdr(vm, b);
    if (ha->negative != hb->negative) return ha->negative ? -1 : 1;
    int c = mag_cmp(big_limbs(vm, a), ha->nlimbs, big_limbs(vm, b), hb->nlimbs);
    return ha->negative ? -c : c;
}

int bigint_compare_double(VM *vm, Value a, double d) {
    if (d != d) return -2;
    if (d == INFINITY) return -1;
    if (d == -INFINITY) return 1;
    double fl = floor(d);
    Value t = bigint_from_double(vm, fl);
    if (t == VAL_EXCEPTION) { vm_take_exception(vm); return 0; }
    int c = bigint_compare(vm, a, t);
    if (c == 0 && fl != d) return -1;   /* a == floor(d) < d */
    return c;
}

bool bigint_is_zero(VM *vm, Value a) { return big_hdr(vm, a)->nlimbs == 0; }

Value bigint_as_int_n(VM *vm, uint64_t bits, Value a, int is_signed) {
    if (bits == 0) return bigint_from_int64(vm, 0);
    if (bits > (uint64_t)BIGINT_MAX_LIMBS * 32) {
        if (!is_signed && big_hdr(vm, a)->negative) return vm_throw_range_error(vm, "Maximum BigInt size exceeded");
        return a;
    }
    uint32_t n = (uint32_t)((bits + 31) / 32);
    uint32_t have = big_hdr(vm, a)->nlimbs + 1;
    uint32_t m = n > have ? n : have;
    uint32_t *x = calloc((size_t)m + 1, 4);
    if (!x) return oom(vm);
    to_twos(vm, a, x, m);
    /* keep the low `bits` bits */
    uint32_t top = (uint32_t)(bits % 32);
    if (top) x[n - 1] &= (1u << top) - 1;
    for (uint32_t i = n; i < m; i++) x[i] = 0;
    Value v;
    int signbit = (x[(bits - 1) / 32] >> ((bits - 1) % 32)) & 1;
    if (is_signed && signbit) {
        /* sign-extend from bit `bits-1` */
        if (top) x[n - 1] |= ~((1u << top) - 1);
        for (uint32_t i = n; i <= m; i++) x[i] = 0xFFFFFFFFu;
        v = from_twos(vm, x, m + 1);
    } else {
        Mag mg = { x, m, 0 };
        v = big_from_mag(vm, &mg);
    }
    free(x);
    return v;
}

Value to_bigint(VM *vm, Value v) {
    Value p = to_primitive(vm, v, HINT_NUMBER);
    if (p == VAL_EXCEPTION) return p;
    if (val_is_bigint(p)) return p;
    if (p == VAL_TRUE) return bigint_from_int64(vm, 1);
    if (p == VAL_FALSE) return bigint_from_int64(vm, 0);
    if (val_is_string(p)) {
        Value r = bigint_from_string(vm, p);
        if (r == VAL_UNDEFINED) return vm_throw_syntax_error(vm, "Cannot convert string to a BigInt");
        return r;
    }
    if (val_is_number(p)) return vm_throw_type_error(vm, "Cannot convert a Number to a BigInt");
    if (val_is_symbol(p)) return vm_throw_type_error(vm, "Cannot convert a Symbol value to a BigInt");
    return vm_throw_type_error(vm, "Cannot convert %s to a BigInt", p == VAL_NULL ? "null" : "undefined");
}

int bigint_loose_equals(VM *vm, Value big, Value other) {
    if (val_is_string(other)) {
        Value b = bigint_from_string(vm, other);
        if (b == VAL_UNDEFINED) return 0;
        if (b == VAL_EXCEPTION) return -1;
        return bigint_compare(vm, big, b) == 0;
    }
    return bigint_compare_double(vm, big, num_value(other)) == 0;
}
