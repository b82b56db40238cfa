/* math.c — the Math object (ECMA-262 21.3).
 *
 * Determinism (C5): the transcendental functions call jsmath.h; the others are exact IEEE
 * operations (fabs, floor, ceil, trunc, sqrt are correctly rounded everywhere).
 * Math.random is a xorshift128+ generator whose 16-byte state is a CELL_BYTES cell kept in
 * the Math.random function object's NFN_DATA0 slot — in the heap, so it is snapshotted and
 * a restored VM continues the same sequence. It starts from a fixed seed; a host can
 * reseed it with math_seed_random(). Never seeded from time or entropy.
 */
#include <math.h>
#include <stdlib.h>
#include "builtins.h"
#include "../jsmath.h"

/* ---------------------------------------------------------------------------------------
 * Functions of one number
 * ------------------------------------------------------------------------------------- */

/* Math.round (21.3.2.28): nearest integer, ties toward +Infinity, keeping -0. */
static double math_round(double x) {
    if (!isfinite(x) || x == 0) return x;
    if (x > 0 && x < 0.5) return 0.0;
    if (x < 0 && x >= -0.5) return -0.0;
    double r = floor(x);
    if (x - r >= 0.5) r += 1.0;
    return r;
}

/* Math.sign (21.3.2.29). */
static double math_sign(double x) {
    if (x != x || x == 0) return x;
    return x > 0 ? 1.0 : -1.0;
}

/* 2^e as a double for -1022 <= e <= 1023 (exact, no libm). */
static double math_pow2(int e) {
    uint64_t bits = (uint64_t)(e + 1023) << 52;
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

/* Math.f16round (21.3.2.17): round to the nearest binary16 value, ties to even. */
static double math_f16round(double x) {
    if (x != x || x == 0 || isinf(x)) return x;
    double a = fabs(x);
    if (a >= 65520.0) return x > 0 ? INFINITY : -INFINITY;
    uint64_t bits;
    memcpy(&bits, &a, 8);
    int e = (int)((bits >> 52) & 0x7FF) - 1023;   /* 2^e <= a < 2^(e+1) (or below) */
    if (e < -14) e = -14;                          /* subnormal binary16 quantum 2^-24 */
    double q = math_pow2(e - 10);
    double r = a / q;                              /* exact: q is a power of two */
    r = (r + 4503599627370496.0) - 4503599627370496.0;  /* round half to even (r < 2^12) */
    r *= q;
    return x < 0 ? -r : r;
}

static double math_abs(double x) { return fabs(x); }
static double math_ceil(double x) { return ceil(x); }
static double math_floor(double x) { return floor(x); }
static double math_trunc(double x) { return trunc(x); }
static double math_sqrt(double x) { return sqrt(x); }

/* The unary functions, indexed by the magic number of their table entry. */
static double (*const math_unary[])(double) = {
    math_abs, jsmath_acos, jsmath_acosh, jsmath_asin, jsmath_asinh, jsmath_atan,
    jsmath_atanh, jsmath_cbrt, math_ceil, jsmath_cos, jsmath_cosh, jsmath_exp, jsmath_expm1,
    math_floor, jsmath_fround, jsmath_log, jsmath_log1p, jsmath_log10, jsmath_log2,
    math_round, math_sign, jsmath_sin, jsmath_sinh, math_sqrt, jsmath_tan, jsmath_tanh,
    math_trunc, math_f16round,
};

/* Math.abs, Math.acos, ... : ToNumber(x) then the function selected by magic. */
static Value Math_unary(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                        Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    double x;
    if (to_number_double(vm, argv[0], &x) < 0) return VAL_EXCEPTION;
    return val_number(math_unary[magic](x));
}

/* ---------------------------------------------------------------------------------------
 * Functions of several numbers
 * ------------------------------------------------------------------------------------- */

/* Math.atan2(y, x) (21.3.2.8). */
static Value Math_atan2(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                        Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    double y, x;
    if (to_number_double(vm, argv[0], &y) < 0 || to_number_double(vm, argv[1], &x) < 0)
        return VAL_EXCEPTION;
    return val_number(jsmath_atan2(y, x));
}

/* Math.pow(base, exponent) (21.3.2.26). */
static Value Math_pow(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                      Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    double b, e;
    if (to_number_double(vm, argv[0], &b) < 0 || to_number_double(vm, argv[1], &e) < 0)
        return VAL_EXCEPTION;
    return val_number(jsmath_pow(b, e));
}

/* Math.imul(x, y) (21.3.2.19). */
static Value Math_imul(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                       Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    uint32_t a, b;
    if (to_uint32(vm, argv[0], &a) < 0 || to_uint32(vm, argv[1], &b) < 0) return VAL_EXCEPTION;
    return val_int((int32_t)(a * b));
}

/* Math.clz32(x) (21.3.2.11). */
static Value Math_clz32(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                        Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    uint32_t n;
    if (to_uint32(vm, argv[0], &n) < 0) return VAL_EXCEPTION;
    int c = 0;
    while (c < 32 && !(n & (0x80000000u >> c))) c++;
    return val_int(c);
}

/* Converts every argument with ToNumber, in order, into a malloc'd array (NULL + exception
 * on failure; NULL and no exception when argc is 0). */
static double *math_coerce_all(VM *vm, int argc, Value *argv) {
    if (argc == 0) return NULL;
    double *v = malloc((size_t)argc * sizeof(double));
    if (!v) { vm_throw_out_of_memory(vm); return NULL; }
    for (int i = 0; i < argc; i++) {
        if (to_number_double(vm, argv[i], &v[i]) < 0) { free(v); return NULL; }
    }
    return v;
}

/* Math.max / Math.min (21.3.2.24, 21.3.2.25); magic 1 = min. */
static Value Math_max(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                      Value func, int magic) {
    (void)this_val; (void)new_target; (void)func;
    double *v = math_coerce_all(vm, argc, argv);
    if (!v && argc) return VAL_EXCEPTION;
    double r = magic ? INFINITY : -INFINITY;
    for (int i = 0; i < argc; i++) {
        double x = v[i];
        if (x != x) { r = x; break; }
        if (magic) {
            if (x < r || (x == 0 && r == 0 && signbit(x))) r = x;
        } else {
            if (x > r || (x == 0 && r == 0 && !signbit(x))) r = x;
        }
    }
    free(v);
    return val_number(r);
}

/* Math.hypot(...args) (21.3.2.18). */
static Value Math_hypot(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                        Value func, int magic) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    double *v = math_coerce_all(vm, argc, argv);
    if (!v && argc) return VAL_EXCEPTION;
    double r = jsmath_hypot(v, (size_t)argc);
    free(v);
    return val_number(r);
}

/* ---------------------------------------------------------------------------------------
 * Math.sumPrecise (exact summation in a fixed-point accumulator)
 * ------------------------------------------------------------------------------------- */

/* Limbs of 32 bits (held in int64 to absorb carries); bit 0 is 2^-1074. 2098 bits cover
 * every finite double; the rest is headroom for up to 2^53 addends. */
#define SUM_LIMBS 72

typedef struct SumAcc {
    int64_t limb[SUM_LIMBS];   /* the exact sum, base 2^32, limbs not normalized */
    uint32_t pending;          /* additions since the last normalization */
} SumAcc;

/* Propagates carries so that every limb but the top one is in [0, 2^32). */
static void sum_normalize(SumAcc *a) {
    for (int i = 0; i < SUM_LIMBS - 1; i++) {
        int64_t c = a->limb[i] >> 32;           /* arithmetic shift: floor division */
        a->limb[i] -= c * ((int64_t)1 << 32);
        a->limb[i + 1] += c;
    }
    a->pending = 0;
}

/* Adds the finite double x exactly. */
static void sum_add(SumAcc *a, double x) {
    uint64_t bits;
    memcpy(&bits, &x, 8);
    int neg = (int)(bits >> 63);
    int e = (int)((bits >> 52) & 0x7FF);
    uint64_t m = bits & 0xFFFFFFFFFFFFFull;
    int shift = 0;
    if (e) { m |= 1ull << 52; shift = e - 1; }
    if (!m) return;
    int limb = shift / 32, off = shift % 32;
    /* m << off spans at most 85 bits: three limbs */
    uint64_t lo = (m << off) & 0xFFFFFFFFull;
    uint64_t mid = ((m << off) >> 32) & 0xFFFFFFFFull;
    uint64_t hi = off ? m >> (64 - off) : 0;
    int64_t s = neg ? -1 : 1;
    a->limb[limb] += s * (int64_t)lo;
    a->limb[limb + 1] += s * (int64_t)mid;
    a->limb[limb + 2] += s * (int64_t)hi;
    if (++a->pending >= (1u << 29)) sum_normalize(a);
}

/* The exact sum rounded to the nearest double (ties to even); +0 for an exact zero. */
static double sum_result(SumAcc *a) {
    sum_normalize(a);
    int neg = a->limb[SUM_LIMBS - 1] < 0;
    if (neg) {
        /* negate the two's-complement-like value: -(sum) limb-wise, then renormalize */
        for (int i = 0; i < SUM_LIMBS; i++) a->limb[i] = -a->limb[i];
        sum_normalize(a);
    }
    int top = -1;
    for (int i = SUM_LIMBS - 1; i >= 0; i--)
        if (a->limb[i]) { top = i; break; }
    if (top < 0) return 0.0;
    uint32_t tv = (uint32_t)a->limb[top];
    int hb = 31;
    while (!(tv & (1u << hb))) hb--;
    int p = top * 32 + hb;                      /* index of the highest set bit */
    /* bit accessor */
#define SUM_BIT(k) ((k) < 0 ? 0 : (int)(((uint64_t)a->limb[(k) / 32] >> ((k) % 32)) & 1))
    double r;
    if (p < 53) {
        uint64_t m = 0;
        for (int k = p; k >= 0; k--) m = (m << 1) | (uint64_t)SUM_BIT(k);
        uint64_t bits = m;                      /* m * 2^-1074 (subnormal or small normal) */
        if (m >= (1ull << 52)) bits = ((uint64_t)1 << 52) | (m & 0xFFFFFFFFFFFFFull);
        memcpy(&r, &bits, 8);
    } else {
        uint64_t m = 0;
        for (int k = p; k > p - 53; k--) m = (m << 1) | (uint64_t)SUM_BIT(k);
        int round = SUM_BIT(p - 53), sticky = 0;
        for (int k = p - 54; k >= 0 && !sticky; k--) sticky = SUM_BIT(k);
        if (round && (sticky || (m & 1))) {
            m++;
            if (m == (1ull << 53)) { m >>= 1; p++; }
        }
        int biased = p - 51;
        if (biased >= 2047) {
            r = INFINITY;
        } else {
            uint64_t bits = ((uint64_t)biased << 52) | (m & 0xFFFFFFFFFFFFFull);
            memcpy(&r, &bits, 8);
        }
    }
#undef SUM_BIT
    return neg ? -r : r;
}

/* Math.sumPrecise(items) (21.3.2.34). */
static Value Math_sumPrecise(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(argv[0]))
        return vm_throw_type_error(vm, "Math.sumPrecise requires an iterable");
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    Value next = VAL_UNDEFINED;
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next); vm_root(vm, &next);
    if (iter_get(vm, argv[0], 0, &rec) < 0) return VAL_EXCEPTION;
    SumAcc *acc = calloc(1, sizeof(SumAcc));
    if (!acc) return vm_throw_out_of_memory(vm);
    enum { ST_MINUS_ZERO, ST_FINITE, ST_PLUS_INF, ST_MINUS_INF, ST_NAN } state = ST_MINUS_ZERO;
    double count = 0;
    for (;;) {
        int r = iter_step_value(vm, &rec, &next);
        if (r < 0) { free(acc); return VAL_EXCEPTION; }
        if (r == 0) break;
        count++;
        if (count >= 9007199254740992.0) {
            vm_throw_range_error(vm, "Math.sumPrecise: too many values");
            iter_close(vm, &rec, 1);
            free(acc);
            return VAL_EXCEPTION;
        }
        if (!val_is_number(next)) {
            vm_throw_type_error(vm, "Math.sumPrecise: value is not a number");
            iter_close(vm, &rec, 1);
            free(acc);
            return VAL_EXCEPTION;
        }
        double n = num_value(next);
        if (state == ST_NAN) continue;
        if (n != n) state = ST_NAN;
        else if (n == INFINITY) state = state == ST_MINUS_INF ? ST_NAN : ST_PLUS_INF;
        else if (n == -INFINITY) state = state == ST_PLUS_INF ? ST_NAN : ST_MINUS_INF;
        else if (!(n == 0 && signbit(n)) && (state == ST_MINUS_ZERO || state == ST_FINITE)) {
            state = ST_FINITE;
            sum_add(acc, n);
        }
    }
    double result;
    switch (state) {
    case ST_NAN: result = NAN; break;
    case ST_PLUS_INF: result = INFINITY; break;
    case ST_MINUS_INF: result = -INFINITY; break;
    case ST_MINUS_ZERO: result = -0.0; break;
    default: result = sum_result(acc); break;
    }
    free(acc);
    return val_number(result);
}

/* ---------------------------------------------------------------------------------------
 * Math.random
 * ------------------------------------------------------------------------------------- */

#define MATH_SEED0 0x9E3779B97F4A7C15ull   /* fixed initial state (C5) */
#define MATH_SEED1 0xBF58476D1CE4E5B9ull

/* Math.random() (21.3.2.27): xorshift128+ over the state in this function's NFN_DATA0. */
static Value Math_random(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)new_target; (void)magic;
    Value cell = *obj_slot(vm, func, NFN_DATA0);
    uint64_t s[2] = { MATH_SEED0, MATH_SEED1 };
    if (val_is_cell(cell)) memcpy(s, CELL_VALUES(CELL(vm, val_ref(cell))), 16);
    uint64_t x = s[0];
    const uint64_t y = s[1];
    s[0] = y;
    x ^= x << 23;
    s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
    uint64_t out = s[1] + y;
    if (val_is_cell(cell)) memcpy(CELL_VALUES(CELL(vm, val_ref(cell))), s, 16);
    return val_double((double)(out >> 11) * (1.0 / 9007199254740992.0));
}

/* splitmix64 step, used to spread a host seed over the 128-bit state. */
static uint64_t math_splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Reseeds the realm's Math.random (found as globalThis.Math.random without running JS).
 * Returns 0, or -1 if Math.random is not the built-in one any more. For hosts. */
int math_seed_random(VM *vm, uint64_t seed) {
    PropDesc d;
    Value global = vm_intrinsic(vm, INTR_GlobalObject);
    if (ordinary_get_own_property(vm, global, ATOM(vm, Math), &d) != 1 ||
        !val_is_object(d.value))
        return -1;
    Value key = atom_from_cstr(vm, "random");
    if (key == VAL_EXCEPTION) return -1;
    if (ordinary_get_own_property(vm, d.value, key, &d) != 1 || !val_is_object(d.value) ||
        obj_class(vm, d.value) != CLASS_NATIVE_FUNCTION)
        return -1;
    Value cell = *obj_slot(vm, d.value, NFN_DATA0);
    if (!val_is_cell(cell)) return -1;
    uint64_t s[2];
    s[0] = math_splitmix(&seed);
    s[1] = math_splitmix(&seed);
    if (!s[0] && !s[1]) s[1] = 1;
    memcpy(CELL_VALUES(CELL(vm, val_ref(cell))), s, 16);
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef math_defs[] = {
    { "abs", Math_unary, 1, NDEF_METHOD, 0, 0 },
    { "acos", Math_unary, 1, NDEF_METHOD, 1, 0 },
    { "acosh", Math_unary, 1, NDEF_METHOD, 2, 0 },
    { "asin", Math_unary, 1, NDEF_METHOD, 3, 0 },
    { "asinh", Math_unary, 1, NDEF_METHOD, 4, 0 },
    { "atan", Math_unary, 1, NDEF_METHOD, 5, 0 },
    { "atanh", Math_unary, 1, NDEF_METHOD, 6, 0 },
    { "atan2", Math_atan2, 2, NDEF_METHOD, 0, 0 },
    { "cbrt", Math_unary, 1, NDEF_METHOD, 7, 0 },
    { "ceil", Math_unary, 1, NDEF_METHOD, 8, 0 },
    { "clz32", Math_clz32, 1, NDEF_METHOD, 0, 0 },
    { "cos", Math_unary, 1, NDEF_METHOD, 9, 0 },
    { "cosh", Math_unary, 1, NDEF_METHOD, 10, 0 },
    { "exp", Math_unary, 1, NDEF_METHOD, 11, 0 },
    { "expm1", Math_unary, 1, NDEF_METHOD, 12, 0 },
    { "floor", Math_unary, 1, NDEF_METHOD, 13, 0 },
    { "fround", Math_unary, 1, NDEF_METHOD, 14, 0 },
    { "f16round", Math_unary, 1, NDEF_METHOD, 27, 0 },
    { "hypot", Math_hypot, 2, NDEF_METHOD, 0, 0 },
    { "imul", Math_imul, 2, NDEF_METHOD, 0, 0 },
    { "log", Math_unary, 1, NDEF_METHOD, 15, 0 },
    { "log1p", Math_unary, 1, NDEF_METHOD, 16, 0 },
    { "log10", Math_unary, 1, NDEF_METHOD, 17, 0 },
    { "log2", Math_unary, 1, NDEF_METHOD, 18, 0 },
    { "max", Math_max, 2, NDEF_METHOD, 0, 0 },
    { "min", Math_max, 2, NDEF_METHOD, 1, 0 },
    { "pow", Math_pow, 2, NDEF_METHOD, 0, 0 },
    { "random", Math_random, 0, NDEF_METHOD, 0, 0 },
    { "round", Math_unary, 1, NDEF_METHOD, 19, 0 },
    { "sign", Math_unary, 1, NDEF_METHOD, 20, 0 },
    { "sin", Math_unary, 1, NDEF_METHOD, 21, 0 },
    { "sinh", Math_unary, 1, NDEF_METHOD, 22, 0 },
    { "sqrt", Math_unary, 1, NDEF_METHOD, 23, 0 },
    { "sumPrecise", Math_sumPrecise, 1, NDEF_METHOD, 0, 0 },
    { "tan", Math_unary, 1, NDEF_METHOD, 24, 0 },
    { "tanh", Math_unary, 1, NDEF_METHOD, 25, 0 },
    { "trunc", Math_unary, 1, NDEF_METHOD, 26, 0 },
};

const NativeTable math_tables[] = {
    NATIVE_TABLE("Math", math_defs),
};
const size_t math_tables_count = sizeof(math_tables) / sizeof(math_tables[0]);

/* Math's value properties (21.3.1). */
static const struct { const char *name; double value; } math_constants[] = {
    { "E", 2.718281828459045 },
    { "LN10", 2.302585092994046 },
    { "LN2", 0.6931471805599453 },
    { "LOG10E", 0.4342944819032518 },
    { "LOG2E", 1.4426950408889634 },
    { "PI", 3.141592653589793 },
    { "SQRT1_2", 0.7071067811865476 },
    { "SQRT2", 1.4142135623730951 },
};

/* Creates the Math object, its PRNG state and the global binding. */
int init_math(VM *vm) {
    Value math = obj_new_plain(vm);
    if (math == VAL_EXCEPTION) return -1;
    if (vm_install(vm, math, math_defs, sizeof(math_defs) / sizeof(math_defs[0])) < 0)
        return -1;
    for (size_t i = 0; i < sizeof(math_constants) / sizeof(math_constants[0]); i++) {
        Value key = atom_from_cstr(vm, math_constants[i].name);
        if (key == VAL_EXCEPTION) return -1;
        if (obj_define_fast(vm, math, key, val_double(math_constants[i].value), 0) < 0) return -1;
    }
    if (obj_define_fast(vm, math, vm_wks(vm, WKS_toStringTag), ATOM(vm, Math),
                        PROP_CONFIGURABLE) < 0)
        return -1;
    /* PRNG state for Math.random */
    PropDesc d;
    Value key = atom_from_cstr(vm, "random");
    if (key == VAL_EXCEPTION) return -1;
    if (ordinary_get_own_property(vm, math, key, &d) != 1) return -1;
    Ref r = heap_alloc(vm, CELL_BYTES, 0, heap_words_for_bytes(16));
    if (!r) return -1;
    uint64_t s[2] = { MATH_SEED0, MATH_SEED1 };
    memcpy(CELL_VALUES(CELL(vm, r)), s, 16);
    *obj_slot(vm, d.value, NFN_DATA0) = val_cell(r);
    return vm_define_global(vm, "Math", math);
}
