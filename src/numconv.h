/* numconv.h - conversions between IEEE-754 doubles and strings (module prefix num_).
 *
 * Everything here is pure: no global mutable state, no locale, no libm, no allocation.
 * Results are bit-for-bit identical on every platform (the code uses only integer
 * arithmetic plus correctly rounded IEEE double +,-,*,/ on exactly representable operands;
 * build with -ffp-contract=off, never on x87).
 *
 * Invariants shared by the functions below:
 *  - Output buffers are written NUL-terminated; the returned length excludes the NUL.
 *  - Parsers never read past s[len-1]; they do not need a terminator.
 *  - Every NaN returned by this module is the canonical quiet NaN, bits 0x7FF8000000000000.
 *  - Decimal <-> double conversions are exact: parsing rounds to nearest, ties to even,
 *    whatever the number of digits; printing uses the shortest round-tripping digits.
 */
#ifndef CRYO_NUMCONV_H
#define CRYO_NUMCONV_H

#include <stddef.h>
#include <stdint.h>

/* Buffer sizes (including the NUL) that are always large enough. */
#define NUM_TOSTRING_BUFSZ 32  /* num_to_string: at most 25 chars ("-1.2345678901234567e-308") */
#define NUM_FORMAT_BUFSZ 128   /* num_to_fixed / num_to_exponential / num_to_precision (<= 123) */
#define NUM_RADIX_BUFSZ 1104   /* num_to_string_radix: at most 1077 chars ((-2**-1074).toString(2)) */

/* ---- number -> string ---------------------------------------------------------------- */

/* Number::toString(d) with radix 10 (ECMA-262 6.1.6.1.20): "NaN", "Infinity", "-Infinity",
 * "0" for both zeros, otherwise the shortest digits that round back to d (the closest such
 * digit string when several exist) in the spec's fixed or exponential layout ("1e+21",
 * "1.5e-7", "123.456"). buf must hold NUM_TOSTRING_BUFSZ bytes. Returns the length. */
int num_to_string(double d, char *buf);

/* Number.prototype.toString(radix) for radix 2..36: the spec's generalisation of
 * Number::toString (ES2023+ Number::toString(x, radix)): the fewest radix digits s such that
 * s * radix^(n-k) rounds to d (the closest one when several), always written in positional
 * notation with lowercase letters: (255).toString(16) == "ff", (0.5).toString(2) == "0.1".
 * For radix 2, 4, 8, 16, 32 this is the exact expansion of d. Radix 10 is num_to_string.
 * Returns the length, or -1 if radix is out of range or the result (plus NUL) does not fit in
 * cap bytes (NUM_RADIX_BUFSZ always fits). */
int num_to_string_radix(double d, int radix, char *buf, size_t cap);

/* Number.prototype.toFixed steps after argument checks: the caller has already thrown the
 * RangeError unless 0 <= f <= 100. Non-finite x gives Number::toString(x); |x| >= 1e21 gives
 * Number::toString(x); otherwise the exact value of x rounded to f decimals, ties away from
 * zero (the spec's "pick the larger n"): (1.005).toFixed(2) == "1.00", (0.5).toFixed(0) == "1".
 * Negative x (even when it rounds to zero) gets a "-". buf: NUM_FORMAT_BUFSZ bytes. */
int num_to_fixed(double x, int f, char *buf);

/* Number.prototype.toExponential: f_given == 0 means fractionDigits was undefined (then f is
 * ignored and as many digits as Number::toString needs are used). Otherwise 0 <= f <= 100
 * (range checked by the caller *after* the non-finite case, as the spec orders it).
 * Non-finite x gives Number::toString(x). buf: NUM_FORMAT_BUFSZ bytes. */
int num_to_exponential(double x, int f, int f_given, char *buf);

/* Number.prototype.toPrecision with a defined precision, 1 <= p <= 100 (checked by the
 * caller after the non-finite case; an undefined precision is Number::toString). Non-finite
 * x gives Number::toString(x). buf: NUM_FORMAT_BUFSZ bytes. */
int num_to_precision(double x, int p, char *buf);

/* The shortest round-tripping decimal digits of a finite x > 0 (the sign is ignored):
 * writes k ASCII digits (1 <= k <= 17, no NUL, last digit nonzero) and *point = n such that
 * x ~= 0.d1d2...dk * 10^n. Returns k. digits must hold 18 bytes. */
int num_shortest_digits(double x, char *digits, int *point);

/* ---- string -> number ---------------------------------------------------------------- */

/* Parses the longest prefix of s matching  [+-]? ( D+ ('.' D*)? | '.' D+ ) ([eE] [+-]? D+)?
 * (D = ASCII digit; no separators, no whitespace, no "Infinity": callers handle those) and
 * returns the correctly rounded double (ties to even; overflow gives +-Infinity, underflow
 * +-0; "-0" gives -0). An exponent marker not followed by digits is not consumed ("1e" ->
 * 1, consumed 1). *consumed (if not NULL) receives the number of chars used; when no digits
 * are found it is 0 and the result is NaN. This is parseFloat once whitespace and Infinity
 * are handled, and the lexer's DecimalLiteral value once separators are removed. */
double num_parse_decimal(const char *s, size_t len, size_t *consumed);
double num_parse_decimal16(const uint16_t *s, size_t len, size_t *consumed);

/* Parses the longest prefix of s made of digits valid in radix (2..36; letters in either
 * case) as an unsigned integer and returns it rounded to nearest double (ties to even, too
 * large gives Infinity). Exact for every radix (radix 10 goes through the decimal parser).
 * No sign, prefix or whitespace handling: the caller strips them (parseInt, 0x/0o/0b
 * literals). *consumed (if not NULL) gets the digit count; no digit at all gives NaN and 0.
 * An invalid radix gives NaN. */
double num_parse_radix_int(const char *s, size_t len, int radix, size_t *consumed);
double num_parse_radix_int16(const uint16_t *s, size_t len, int radix, size_t *consumed);

/* StringToNumber (ECMA-262 7.1.4.1.1): trims StrWhiteSpaceChar on both ends; empty -> 0;
 * StrDecimalLiteral with optional sign, "Infinity" with optional sign; 0x/0o/0b (either
 * case, no sign) with at least one digit; no numeric separators; anything else -> NaN. */
double num_string_to_number(const uint16_t *s, size_t len);
double num_string_to_number_latin1(const uint8_t *s, size_t len);

/* 1 if c is a StrWhiteSpaceChar (WhiteSpace or LineTerminator: TAB VT FF SP NBSP U+FEFF,
 * Zs U+1680 U+2000-U+200A U+202F U+205F U+3000, LF CR U+2028 U+2029), else 0. The same set
 * String.prototype.trim removes. */
int num_is_str_whitespace(uint32_t c);

/* ---- integers and property keys ------------------------------------------------------ */

/* ToInt32 / ToUint32: truncate toward zero, reduce modulo 2^32; NaN and +-Infinity give 0. */
int32_t num_double_to_int32(double d);
uint32_t num_double_to_uint32(double d);

/* 1 if s is a canonical array index: "0" or a digit string without leading zero whose value
 * is at most 2^32 - 2; then *index (if not NULL) gets the value. Otherwise 0. */
int num_is_array_index16(const uint16_t *s, size_t len, uint32_t *index);
int num_is_array_index_latin1(const uint8_t *s, size_t len, uint32_t *index);

/* CanonicalNumericIndexString: 1 and *value = n when s is "-0" (n = -0) or when
 * ToString(ToNumber(s)) equals s (this includes "NaN", "Infinity", "-Infinity", "1e+21",
 * "0.5", but not "1.0" or "+1"); 0 (undefined) otherwise. value may be NULL. */
int num_canonical_numeric_string16(const uint16_t *s, size_t len, double *value);
int num_canonical_numeric_string_latin1(const uint8_t *s, size_t len, double *value);

/* ---- test hooks ---------------------------------------------------------------------- */

/* Same contract as num_shortest_digits but always by exact big-integer arithmetic (the
 * fallback of the fast path). For tests/unit/test_numconv.c only. */
int num_shortest_digits_exact(double x, char *digits, int *point);

/* Checks the built-in powers-of-ten table against exact big-integer arithmetic.
 * Returns the number of wrong entries (0 when good). For tests only. */
int num_check_tables(void);

#endif /* CRYO_NUMCONV_H */
