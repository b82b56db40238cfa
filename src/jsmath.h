/* jsmath.h - deterministic implementations of the transcendental functions of Math.
 *
 * Contract C5 (DESIGN.md): every function here returns the same bits on every machine.
 * They are written with IEEE-754 binary64 basic operations only (+ - * /, comparisons,
 * conversions between double and integers, bit manipulation through memcpy); no platform
 * libm call, no long double, no FMA. This requires:
 *   - double operations evaluated in double (SSE2 on x86, AArch64, RISC-V; not x87), no
 *     -ffast-math - both checked at compile time;
 *   - no floating-point contraction into FMA: -ffp-contract=off, which is gcc's default with
 *     -std=c11 but NOT with -std=gnu11 on FMA-capable targets (clang is told by
 *     `#pragma STDC FP_CONTRACT OFF` inside jsmath.c). tests/unit/test_jsmath.c checks
 *     golden hashes of the result bits and fails if this is violated;
 *   - the default rounding mode (round to nearest, ties to even).
 *
 * Accuracy: each result is the double nearest to an internal double-double value whose
 * relative error is below about 2^-61 (2^-70 for most functions), so results are within
 * 0.51 ulp of the exact value and almost always the correctly rounded one (no misrounding
 * was found in over a million mpmath-checked arguments except cosh near 2^-26). pow is
 * exact whenever the exact result is representable and y is an integer with |y| <= 2^31,
 * with exact ties rounded to even (so 10 ** -5 === 1e-5, which V8 does not give).
 * Special values (NaN, +-0, +-Infinity, signs of zero) follow ECMA-262 section 21.3.2 and
 * Number::exponentiate (6.1.6.1.3) exactly, e.g. jsmath_pow(1, Infinity) is NaN and
 * jsmath_pow(NaN, 0) is 1.
 *
 * A NaN result is either a NaN argument returned unchanged or the quiet NaN with bits
 * 0x7ff8000000000000 (never a NaN produced by hardware arithmetic, whose sign differs
 * between x86 and ARM).
 *
 * Nothing here allocates, reads global state or sets errno; all functions are pure.
 */
#ifndef CRYO_JSMATH_H
#define CRYO_JSMATH_H

#include <stddef.h>

/* Trigonometric functions; arguments of any size are reduced exactly (Payne-Hanek). */
double jsmath_sin(double x);
double jsmath_cos(double x);
double jsmath_tan(double x);

/* Inverse trigonometric functions. */
double jsmath_asin(double x);
double jsmath_acos(double x);
double jsmath_atan(double x);
/* Math.atan2(y, x): note the argument order. */
double jsmath_atan2(double y, double x);

/* Hyperbolic functions and their inverses. */
double jsmath_sinh(double x);
double jsmath_cosh(double x);
double jsmath_tanh(double x);
double jsmath_asinh(double x);
double jsmath_acosh(double x);
double jsmath_atanh(double x);

/* Exponentials and logarithms. */
double jsmath_exp(double x);
double jsmath_expm1(double x);
double jsmath_log(double x);
double jsmath_log1p(double x);
double jsmath_log2(double x);
double jsmath_log10(double x);

/* Number::exponentiate (the ** operator and Math.pow). */
double jsmath_pow(double x, double y);

/* Math.cbrt. */
double jsmath_cbrt(double x);

/* Math.hypot over the n already-converted arguments v[0..n-1] (v may be NULL when n == 0):
   +Infinity if any is infinite, else NaN if any is NaN, else sqrt of the sum of squares,
   computed with scaling so it never overflows or underflows spuriously; exact when at most
   one argument is non-zero. */
double jsmath_hypot(const double *v, size_t n);

/* Math.fround: round to the nearest binary32 value (ties to even) and widen back. */
double jsmath_fround(double x);

#endif /* CRYO_JSMATH_H */
