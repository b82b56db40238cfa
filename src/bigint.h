/* bigint.h — arbitrary-precision integers (the BigInt type, ECMA-262 6.1.6.2).
 *
 * A BigInt is a CELL_BIGINT (BYTES): BigHeader {u32 nlimbs, u32 negative}, then nlimbs
 * 32-bit limbs, least significant first. The representation is canonical: no most
 * significant zero limb, zero has nlimbs = 0 and negative = 0, unused bytes are zero — so
 * two equal BigInts have identical bytes (same_value compares them bytewise). */
#ifndef CRYO_BIGINT_H
#define CRYO_BIGINT_H

#include "vm.h"

/* Fixed part of a BigInt cell body. */
typedef struct BigHeader {
    uint32_t nlimbs;       /* number of 32-bit limbs (0 for zero) */
    uint32_t negative;     /* 1 when the value is negative */
} BigHeader;

#define BIGINT_MAX_LIMBS (1u << 24)   /* 512 Mbit: beyond, RangeError "Maximum BigInt size exceeded" */

/* Binary operators for bigint_binary. */
typedef enum BigOp {
    BIG_ADD, BIG_SUB, BIG_MUL, BIG_DIV, BIG_MOD, BIG_POW, BIG_SHL, BIG_SAR, BIG_SHR,
    BIG_AND, BIG_OR, BIG_XOR
} BigOp;

Value bigint_from_int64(VM *vm, int64_t v);
/* NumberToBigInt: RangeError unless d is an integer. */
Value bigint_from_double(VM *vm, double d);
/* Parse digits in `radix` (no sign, no prefix, no separators); VAL_UNDEFINED if invalid. */
Value bigint_from_digits(VM *vm, const char *s, size_t len, int radix);
/* StringToBigInt (7.1.14): trims whitespace, accepts 0x/0o/0b, sign for decimal; returns
 * VAL_UNDEFINED when the string is not a valid StringIntegerLiteral. */
Value bigint_from_string(VM *vm, Value str);
/* A BigInt literal's source text ("123n" without the n, or "0x1F"). */
Value bigint_from_literal(VM *vm, const char *text, size_t len);
Value bigint_to_string(VM *vm, Value b, int radix);
double bigint_to_double(VM *vm, Value b);
/* Binary arithmetic; throws RangeError (division by zero, negative exponent, too large) or
 * TypeError (>>> on BigInt). */
Value bigint_binary(VM *vm, BigOp op, Value a, Value b);
Value bigint_negate(VM *vm, Value a);
Value bigint_bitnot(VM *vm, Value a);
Value bigint_inc(VM *vm, Value a, int delta);
/* Three-way comparisons. bigint_compare_double returns -2 when d is NaN (unordered). */
int bigint_compare(VM *vm, Value a, Value b);
int bigint_compare_double(VM *vm, Value a, double d);
bool bigint_is_zero(VM *vm, Value a);
/* BigInt.asIntN / asUintN. */
Value bigint_as_int_n(VM *vm, uint64_t bits, Value a, int is_signed);
/* ToBigInt (7.1.13): may run JS. */
Value to_bigint(VM *vm, Value v);
/* Loose equality of a BigInt with a Number or String (IsLooselyEqual steps). */
int bigint_loose_equals(VM *vm, Value big, Value other);

#endif
