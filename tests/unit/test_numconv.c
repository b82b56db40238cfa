/* test_numconv.c - unit tests for src/numconv.c.
 *
 * Build and run from the repository root:
 *   cc -std=c11 -O2 -Wall -Wextra -Werror -ffp-contract=off -Isrc src/numconv.c \
 *      tests/unit/test_numconv.c -o /tmp/test_numconv && /tmp/test_numconv
 *
 * Options: -n N     random round trips (default 10,000,000)
 *          -m N     node queries of each kind (default 3,000)
 *          -s PATH  tests/unit/numconv_check.js (default path relative to the repo root)
 *          -q       quick: 200,000 round trips, smaller node batch, no benchmark
 * Parts: fixed cases from the spec and known hard inputs; random round trips
 * parse(toString(d)) == d with the fast shortest-digit path checked against the exact one;
 * self-made halfway strings; a comparison with node (skipped with a message when node or the
 * script is missing); throughput figures. Prints "N passed, N failed"; exit 1 on failure. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, close */
#endif

#include "numconv.h"

#include <math.h> /* isfinite only (a macro: no libm needed) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long n_pass, n_fail;

/* Records one check; prints the first 50 failures with a description. */
static void check(int ok, const char *what, const char *got, const char *want)
{
    if (ok) {
        n_pass++;
        return;
    }
    if (n_fail++ < 50)
        printf("FAIL %s: got [%s] want [%s]\n", what, got, want);
}

static uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static double of_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

/* |x|, by clearing the sign bit. */
static double dabs(double x)
{
    return of_bits(bits_of(x) & ~(UINT64_C(1) << 63));
}

/* x * 2^e for -1022 <= e <= 1023 (exact when the result is normal). */
static double p2(double x, int e)
{
    return x * of_bits((uint64_t)(e + 1023) << 52);
}

/* splitmix64: deterministic pseudo-random numbers. */
static uint64_t rng_state = 0x0123456789ABCDEFu;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A random finite double from a random bit pattern. */
static double rnd_finite(void)
{
    for (;;) {
        double d = of_bits(rnd());
        if (isfinite(d))
            return d;
    }
}

static void check_bits(const char *what, double got, double want)
{
    char g[64], w[64];
    snprintf(g, sizeof g, "%.17g/%016llx", got, (unsigned long long)bits_of(got));
    snprintf(w, sizeof w, "%.17g/%016llx", want, (unsigned long long)bits_of(want));
    check(bits_of(got) == bits_of(want), what, g, w);
}

/* ---- fixed cases --------------------------------------------------------------------- */

static void t_to_string(double d, const char *want)
{
    char buf[NUM_TOSTRING_BUFSZ], what[80];
    int n = num_to_string(d, buf);
    snprintf(what, sizeof what, "toString(%.17g)", d);
    check(strcmp(buf, want) == 0 && n == (int)strlen(want), what, buf, want);
}

static void t_radix(double d, int radix, const char *want)
{
    static char buf[NUM_RADIX_BUFSZ];
    char what[80];
    int n = num_to_string_radix(d, radix, buf, sizeof buf);
    snprintf(what, sizeof what, "toString(%.17g, %d)", d, radix);
    check(n >= 0 && strcmp(buf, want) == 0 && n == (int)strlen(want), what, n >= 0 ? buf : "-1",
          want);
}

static void t_fixed(double d, int f, const char *want)
{
    char buf[NUM_FORMAT_BUFSZ], what[80];
    int n = num_to_fixed(d, f, buf);
    snprintf(what, sizeof what, "(%.17g).toFixed(%d)", d, f);
    check(strcmp(buf, want) == 0 && n == (int)strlen(want), what, buf, want);
}

static void t_exp(double d, int f, const char *want)
{
    char buf[NUM_FORMAT_BUFSZ], what[80];
    int n = num_to_exponential(d, f, f >= 0, buf);
    snprintf(what, sizeof what, "(%.17g).toExponential(%d)", d, f);
    check(strcmp(buf, want) == 0 && n == (int)strlen(want), what, buf, want);
}

static void t_prec(double d, int p, const char *want)
{
    char buf[NUM_FORMAT_BUFSZ], what[80];
    int n = num_to_precision(d, p, buf);
    snprintf(what, sizeof what, "(%.17g).toPrecision(%d)", d, p);
    check(strcmp(buf, want) == 0 && n == (int)strlen(want), what, buf, want);
}

/* num_parse_decimal on s; want_used < 0 means "all of s". */
static void t_parse(const char *s, double want, long want_used)
{
    size_t used;
    double got = num_parse_decimal(s, strlen(s), &used);
    char what[200];
    snprintf(what, sizeof what, "parse_decimal(\"%.60s\")", s);
    check_bits(what, got, want);
    if (want_used < 0)
        want_used = (long)strlen(s);
    char g[32], w[32];
    snprintf(g, sizeof g, "%zu", used);
    snprintf(w, sizeof w, "%ld", want_used);
    check((long)used == want_used, what, g, w);
}

/* StringToNumber on an ASCII/Latin-1 string, in both the 8- and 16-bit variants. */
static void t_str2num(const char *s, double want)
{
    size_t n = strlen(s);
    uint16_t u[256];
    for (size_t i = 0; i < n; i++)
        u[i] = (unsigned char)s[i];
    char what[200];
    snprintf(what, sizeof what, "StringToNumber(\"%.60s\")", s);
    check_bits(what, num_string_to_number_latin1((const uint8_t *)s, n), want);
    check_bits(what, num_string_to_number(u, n), want);
}

static void t_str2num16(const uint16_t *u, size_t n, double want, const char *desc)
{
    char what[200];
    snprintf(what, sizeof what, "StringToNumber16(%s)", desc);
    check_bits(what, num_string_to_number(u, n), want);
}

static void fixed_cases(void)
{
    const double NaN = of_bits(0x7FF8000000000000u), Inf = of_bits(0x7FF0000000000000u);

    /* Number::toString */
    t_to_string(0.0, "0");
    t_to_string(-0.0, "0");
    t_to_string(NaN, "NaN");
    t_to_string(-NaN, "NaN");
    t_to_string(Inf, "Infinity");
    t_to_string(-Inf, "-Infinity");
    t_to_string(1, "1");
    t_to_string(-1, "-1");
    t_to_string(0.1, "0.1");
    t_to_string(0.2 + 0.1, "0.30000000000000004");
    t_to_string(1e21, "1e+21");
    t_to_string(-1e21, "-1e+21");
    t_to_string(1e20, "100000000000000000000");
    t_to_string(123456789012345680000.0, "123456789012345680000");
    t_to_string(1.5e-7, "1.5e-7");
    t_to_string(1e-7, "1e-7");
    t_to_string(1e-6, "0.000001");
    t_to_string(1.234e-6, "0.000001234");
    t_to_string(-1.2345678901234567e-6, "-0.0000012345678901234567");
    t_to_string(123.456, "123.456");
    t_to_string(5e-324, "5e-324");
    t_to_string(-5e-324, "-5e-324");
    t_to_string(1.7976931348623157e308, "1.7976931348623157e+308");
    t_to_string(2.2250738585072014e-308, "2.2250738585072014e-308");
    t_to_string(2.225073858507201e-308, "2.225073858507201e-308");
    t_to_string(9007199254740992.0, "9007199254740992");
    t_to_string(9007199254740994.0, "9007199254740994");
    t_to_string(1152921504606846976.0, "1152921504606847000");
    t_to_string(4294967295.0, "4294967295");
    t_to_string(4294967296.5, "4294967296.5");
    t_to_string(1.2e22, "1.2e+22");
    t_to_string(1e23, "1e+23");
    t_to_string(5e-7, "5e-7");
    t_to_string(0.000001, "0.000001");
    t_to_string(9.5367431640625e-7, "9.5367431640625e-7");
    t_to_string(4.35, "4.35");
    t_to_string(0.3, "0.3");
    t_to_string(2.0 / 3.0, "0.6666666666666666");
    t_to_string(1e300 * 10, "1e+301");

    /* toString(radix) */
    t_radix(0.5, 2, "0.1");
    t_radix(255, 16, "ff");
    t_radix(-255.5, 16, "-ff.8");
    t_radix(255, 10, "255");
    t_radix(0, 2, "0");
    t_radix(-0.0, 36, "0");
    t_radix(NaN, 16, "NaN");
    t_radix(-Inf, 16, "-Infinity");
    /* V8 prints "5v1j4f4ds7c000" (does not round back) and "5135235413265003022600000"
     * (not shortest); checked exactly with tests/unit/numconv_check.js. */
    t_radix(1e21, 36, "5v1j4f4ds7a000");
    t_radix(1e21, 7, "5135235413265003023000000");
    t_radix(0.1, 3, "0.0022002200220022002200220022002201");
    t_radix(0.1, 36, "0.3lllllllllm");
    t_radix(1.0 / 3, 3, "0.1");
    t_radix(3.141592653589793, 7, "3.066365143203613411");
    t_radix(123.456, 36, "3f.gez4w97ry");
    t_radix(1e-7, 36, "0.000061oezo085tj"); /* V8: ...085tl, which does not round back */
    t_radix(0.1, 2, "0.0001100110011001100110011001100110011001100110011001101");
    t_radix(4294967295.0, 2, "11111111111111111111111111111111");
    t_radix(-4294967296.0, 32, "-4000000");
    for (int r = 11; r <= 36; r++)
        for (int i = 10; i < r; i++) {
            char w[2] = {(char)(i + 87), 0};
            t_radix(i, r, w);
        }
    {
        static char want[1200];
        strcpy(want, "0.");
        memset(want + 2, '0', 1073);
        strcpy(want + 2 + 1073, "1");
        t_radix(5e-324, 2, want);
        memmove(want + 1, want, strlen(want) + 1);
        want[0] = '-';
        t_radix(-5e-324, 2, want);
        char buf[NUM_RADIX_BUFSZ];
        check(num_to_string_radix(-5e-324, 2, buf, sizeof buf) == 1077, "radix length", "", "");
        check(num_to_string_radix(-5e-324, 2, buf, 1077) == -1, "radix cap", "", "");
        check(num_to_string_radix(1, 37, buf, sizeof buf) == -1, "radix 37", "", "");
        check(num_to_string_radix(1, 1, buf, sizeof buf) == -1, "radix 1", "", "");
        strcpy(want, "1");
        memset(want + 1, '0', 1023);
        want[1024] = 0;
        t_radix(p2(1, 1023), 2, want);
        want[1023] = 0;
        memset(want, '1', 53);
        t_radix(p2(9007199254740991.0, 1023 - 53), 2, want);
    }

    /* toFixed */
    t_fixed(1.005, 2, "1.00");
    t_fixed(1.45, 1, "1.4");
    t_fixed(0.5, 0, "1");
    t_fixed(1.5, 0, "2");
    t_fixed(2.5, 0, "3");
    t_fixed(-2.5, 0, "-3");
    t_fixed(1e21, 2, "1e+21");
    t_fixed(-1e21, 2, "-1e+21");
    t_fixed(-0.0000001, 2, "-0.00");
    t_fixed(-0.0, 2, "0.00");
    t_fixed(0, 0, "0");
    t_fixed(0.05, 1, "0.1");
    t_fixed(999.995, 2, "1000.00");
    t_fixed(0.000001, 7, "0.0000010");
    t_fixed(123.456, 10, "123.4560000000");
    t_fixed(-1.5e-10, 100,
            "-0.000000000149999999999999999002481061754132526941951653043361147865653038024902343"
            "7500000000000000000");
    t_fixed(5e-324, 100,
            "0.00000000000000000000000000000000000000000000000000000000000000000000000000000000"
            "00000000000000000000");
    t_fixed(1e20, 2, "100000000000000000000.00");
    t_fixed(999999999999999999999.0, 0, "1e+21");
    t_fixed(0.9999, 2, "1.00");
    t_fixed(9.995, 2, "9.99");
    t_fixed(1.23e-5, 3, "0.000");
    t_fixed(0.5, 1, "0.5");
    t_fixed(0.05, 0, "0");
    t_fixed(NaN, 2, "NaN");
    t_fixed(-Inf, 2, "-Infinity");
    t_fixed(123456789012345678901.0, 3, "123456789012345683968.000");
    t_fixed(1000000000000000128.0, 0, "1000000000000000128");
    t_to_string(1000000000000000128.0, "1000000000000000100");
    t_exp(123.456, 20, "1.23456000000000003070e+2");
    t_exp(0.0001, 20, "1.00000000000000004792e-4");
    t_exp(0.9999, 2, "1.00e+0");
    t_exp(25, 0, "3e+1");
    t_prec(100000, 7, "100000.0");
    t_prec(0.000001, 3, "0.00000100");

    /* toExponential */
    t_exp(123.456, 2, "1.23e+2");
    t_exp(0, 0, "0e+0");
    t_exp(-0.0, -1, "0e+0");
    t_exp(0, 3, "0.000e+0");
    t_exp(1, 0, "1e+0");
    t_exp(-1e-7, 3, "-1.000e-7");
    t_exp(9.9999, 2, "1.00e+1");
    t_exp(5e-324, 2, "4.94e-324");
    t_exp(1.7976931348623157e308, 20, "1.79769313486231570815e+308");
    t_exp(123456, -1, "1.23456e+5");
    t_exp(0.1, -1, "1e-1");
    t_exp(1.25, 1, "1.3e+0");
    t_exp(1.35, 1, "1.4e+0");
    t_exp(Inf, 2, "Infinity");

    /* toPrecision */
    t_prec(0, 3, "0.00");
    t_prec(-0.0, 1, "0");
    t_prec(123456, 2, "1.2e+5");
    t_prec(0.000001234, 2, "0.0000012");
    t_prec(1.234e-7, 2, "1.2e-7");
    t_prec(123.456, 3, "123");
    t_prec(123.456, 4, "123.5");
    t_prec(99.99, 3, "100");
    t_prec(99.99, 2, "1.0e+2");
    t_prec(1e21, 21, "1.00000000000000000000e+21");
    t_prec(1e21, 22, "1000000000000000000000");
    t_prec(5e-324, 100,
           "4.940656458412465441765687928682213723650598026143247644255856825006755072702087518"
           "652998363616359924e-324");
    t_prec(1, 1, "1");
    t_prec(10, 1, "1e+1");
    t_prec(-1.5, 1, "-2");
    t_prec(NaN, 1, "NaN");

    /* num_parse_decimal */
    t_parse("0", 0.0, -1);
    t_parse("-0", -0.0, -1);
    t_parse("+0.0e5", 0.0, -1);
    t_parse("1", 1.0, -1);
    t_parse("0.1", 0.1, -1);
    t_parse(".5", 0.5, -1);
    t_parse("5.", 5.0, -1);
    t_parse("-.5e1", -5.0, -1);
    t_parse(".", NaN, 0);
    t_parse("", NaN, 0);
    t_parse("-", NaN, 0);
    t_parse("e5", NaN, 0);
    t_parse("1e", 1.0, 1);
    t_parse("1e+", 1.0, 1);
    t_parse("1.5E-3x", 1.5e-3, 6);
    t_parse("12abc", 12.0, 2);
    t_parse("1_000", 1.0, 1);
    t_parse("1e308", 1e308, -1);
    t_parse("1.7976931348623157e308", 1.7976931348623157e308, -1);
    t_parse("1.7976931348623158e308", 1.7976931348623157e308, -1);
    t_parse("1.7976931348623159e308", Inf, -1);
    t_parse("-1.8e308", -Inf, -1);
    t_parse("1e400", Inf, -1);
    t_parse("1e99999999999999999999999", Inf, -1);
    t_parse("0e99999999999999999999999", 0.0, -1);
    t_parse("1e-99999999999999999999999", 0.0, -1);
    t_parse("-1e-400", -0.0, -1);
    t_parse("5e-324", 5e-324, -1);
    t_parse("4.9406564584124654e-324", 5e-324, -1);
    t_parse("2.4703282292062328e-324", 5e-324, -1);
    t_parse("2.4703282292062327e-324", 0.0, -1);
    t_parse("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593"
            "264991818081799618989828234772285886546332835517796989819938739800539093906315035659"
            "515570226392290858392449105184435931802849936536152500319370457678249219365623669863"
            "658480757001585769269903706311928279558551332927834338409351978015531246597263579574"
            "622766465272827220056374006485499977096599470454020828166226237857393450736339007967"
            "761930577506740176324673600968951340535537458516661134223766678604162159680461914467"
            "291840300530057530849048765391711386591646239524912623653881879636239373280423891018"
            "672348497668235089863388587925628302755995657524455507255189313690836254779186948667"
            "994968324049705821028513185451396213837722826145437693412532098591327667236328125e-"
            "324",
            0.0, -1); /* exactly 2^-1075: tie, rounds to even (zero) */
    t_parse("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593"
            "264991818081799618989828234772285886546332835517796989819938739800539093906315035659"
            "515570226392290858392449105184435931802849936536152500319370457678249219365623669863"
            "658480757001585769269903706311928279558551332927834338409351978015531246597263579574"
            "622766465272827220056374006485499977096599470454020828166226237857393450736339007967"
            "761930577506740176324673600968951340535537458516661134223766678604162159680461914467"
            "291840300530057530849048765391711386591646239524912623653881879636239373280423891018"
            "672348497668235089863388587925628302755995657524455507255189313690836254779186948667"
            "9949683240497058210285131854513962138377228261454376934125320985913276672363281251e-"
            "324",
            5e-324, -1);
    t_parse("2.2250738585072011e-308", 2.225073858507201e-308, -1);
    t_parse("2.2250738585072012e-308", 2.2250738585072014e-308, -1);
    t_parse("9007199254740993", 9007199254740992.0, -1);
    t_parse("9007199254740993.0000000000000000000000000001", 9007199254740994.0, -1);
    t_parse("9007199254740992.9999999999999999999999999999", 9007199254740992.0, -1);
    t_parse("9007199254740995", 9007199254740996.0, -1);
    t_parse("1.00000000000000011102230246251565404236316680908203125", 1.0, -1);
    t_parse("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002, -1);
    t_parse("1.00000000000000011102230246251565404236316680908203124", 1.0, -1);
    t_parse("7.038531e-26", 7.038531e-26, -1);
    t_parse("123456789012345678901234567890", 1.2345678901234568e29, -1);
    t_parse("0.000000000000000000000000000000000000000000000000000000000000000000000000000000001",
            1e-81, -1);
    t_parse("00000000000000000000000000000000000000000000000000000000000000000000000000000000012",
            12.0, -1);
    t_parse("3.0e-00000000000000000000000000000000000000000000000000000000000000000000000000001",
            0.3, -1);
    {
        /* 1 followed by 1000 zeros, and the same as a fraction with a huge exponent. */
        static char big[1100];
        big[0] = '1';
        memset(big + 1, '0', 1000);
        strcpy(big + 1001, "e-1000");
        t_parse(big, 1.0, -1);
        big[1001] = 0;
        t_parse(big, Inf, -1);
        strcpy(big, "0.");
        memset(big + 2, '0', 400);
        strcpy(big + 402, "1e400");
        t_parse(big, 0.1, -1);
        uint16_t u[1100];
        size_t n = strlen(big), used;
        for (size_t i = 0; i < n; i++)
            u[i] = (unsigned char)big[i];
        check_bits("parse_decimal16", num_parse_decimal16(u, n, &used), 0.1);
        check(used == n, "parse_decimal16 used", "", "");
    }

    /* num_parse_radix_int */
    {
        size_t used;
        check_bits("radix ff", num_parse_radix_int("ffZ", 3, 16, &used), 255.0);
        check(used == 2, "radix ff used", "", "");
        check_bits("radix FF", num_parse_radix_int("FF", 2, 16, NULL), 255.0);
        check_bits("radix empty", num_parse_radix_int("g", 1, 16, &used), NaN);
        check(used == 0, "radix empty used", "", "");
        check_bits("radix 37", num_parse_radix_int("1", 1, 37, NULL), NaN);
        check_bits("radix zz", num_parse_radix_int("zz", 2, 36, NULL), 1295.0);
        check_bits("radix 10", num_parse_radix_int("123.5", 5, 10, &used), 123.0);
        check(used == 3, "radix 10 used", "", "");
        check_bits("radix 10 long",
                   num_parse_radix_int("9007199254740993000000000000000000001", 37, 10, NULL),
                   9.007199254740993e36);
        /* 2^53 + 1 in hex: tie to even; with a trailing nonzero bit: up. */
        check_bits("radix hex tie", num_parse_radix_int("20000000000001", 14, 16, NULL),
                   9007199254740992.0);
        check_bits("radix hex tie2", num_parse_radix_int("20000000000003", 14, 16, NULL),
                   9007199254740996.0);
        check_bits("radix hex sticky",
                   num_parse_radix_int("200000000000010000000000000001", 30, 16, NULL),
                   p2(9007199254740994.0, 64));
        check_bits("radix 3", num_parse_radix_int("1212121212121212121212121212121212121212", 40,
                                                  3, NULL),
                   7598540911910580000.0);
        static char big[3000];
        memset(big, 'f', 2000);
        check_bits("radix hex huge", num_parse_radix_int(big, 2000, 16, &used), Inf);
        check(used == 2000, "radix hex huge used", "", "");
        memset(big, '1', 1024);
        check_bits("radix bin 1024 ones", num_parse_radix_int(big, 1024, 2, NULL), Inf);
        check_bits("radix bin 1023 ones", num_parse_radix_int(big, 1023, 2, NULL),
                   p2(1, 1023));
        memset(big, '1', 53);
        memset(big + 53, '0', 971);
        check_bits("radix bin max", num_parse_radix_int(big, 1024, 2, NULL),
                   1.7976931348623157e308);
        big[53] = '1'; /* max + half ulp: ties to even -> Infinity */
        check_bits("radix bin max+half", num_parse_radix_int(big, 1024, 2, NULL), Inf);
        big[53] = '0';
        big[54] = '1';
        check_bits("radix bin max+quarter", num_parse_radix_int(big, 1024, 2, NULL),
                   1.7976931348623157e308);
        uint16_t u[4] = {'7', 'z', 0x0661, '1'};
        check_bits("radix16 digits", num_parse_radix_int16(u, 4, 36, &used), 7 * 36 + 35.0);
        check(used == 2, "radix16 used", "", "");
    }

    /* StringToNumber */
    t_str2num("", 0.0);
    t_str2num("   ", 0.0);
    t_str2num(" \t\n\v\f\r12\r\n ", 12.0);
    t_str2num("-0", -0.0);
    t_str2num("+0", 0.0);
    t_str2num("  -0  ", -0.0);
    t_str2num("0x10", 16.0);
    t_str2num("0X1f", 31.0);
    t_str2num("0o17", 15.0);
    t_str2num("0O17", 15.0);
    t_str2num("0b101", 5.0);
    t_str2num("0B1", 1.0);
    t_str2num("0x", NaN);
    t_str2num("0b", NaN);
    t_str2num("0b2", NaN);
    t_str2num("0o8", NaN);
    t_str2num("0xg", NaN);
    t_str2num("-0x10", NaN);
    t_str2num("+0x10", NaN);
    t_str2num("0x1_0", NaN);
    t_str2num("Infinity", Inf);
    t_str2num("+Infinity", Inf);
    t_str2num("-Infinity", -Inf);
    t_str2num("  Infinity  ", Inf);
    t_str2num("infinity", NaN);
    t_str2num("Infinityx", NaN);
    t_str2num("Inf", NaN);
    t_str2num("NaN", NaN);
    t_str2num("1_000", NaN);
    t_str2num(".5", 0.5);
    t_str2num("5.", 5.0);
    t_str2num("+.5e1", 5.0);
    t_str2num(".", NaN);
    t_str2num("+", NaN);
    t_str2num("e5", NaN);
    t_str2num("1e", NaN);
    t_str2num("1e+", NaN);
    t_str2num("1 2", NaN);
    t_str2num("010", 10.0);
    t_str2num("00", 0.0);
    t_str2num("1e1000", Inf);
    t_str2num("-1e1000", -Inf);
    t_str2num("\xA0" "42" "\xA0", 42.0);
    t_str2num("0x1fffffffffffff", 9007199254740991.0);
    t_str2num("0x20000000000001", 9007199254740992.0);
    t_str2num("0x20000000000003", 9007199254740996.0);
    {
        const uint16_t ws[] = {0x2028, 0x2029, 0xFEFF, 0x1680, 0x2000, 0x200A, 0x202F,
                               0x205F, 0x3000, '7', 0xFEFF, 0x2009};
        t_str2num16(ws, 12, 7.0, "unicode spaces around 7");
        const uint16_t mvs[] = {0x180E, '7'};
        t_str2num16(mvs, 2, NaN, "U+180E 7");
        const uint16_t zw[] = {0x200B, '7'};
        t_str2num16(zw, 2, NaN, "U+200B 7");
        const uint16_t ar[] = {0x0661};
        t_str2num16(ar, 1, NaN, "arabic digit");
        const uint16_t hx[] = {'0', 0x0178, '1'};
        t_str2num16(hx, 3, NaN, "0 U+0178 1");
        const uint16_t only[] = {0x3000, 0x2028};
        t_str2num16(only, 2, 0.0, "only spaces");
    }

    /* ToInt32 / ToUint32 */
    {
        struct {
            double d;
            int32_t i;
            uint32_t u;
        } c[] = {
            {0.0, 0, 0},
            {-0.0, 0, 0},
            {1.9, 1, 1},
            {-1.9, -1, 4294967295u},
            {-1, -1, 4294967295u},
            {2147483647.0, 2147483647, 2147483647u},
            {2147483648.0, -2147483647 - 1, 2147483648u},
            {-2147483648.0, -2147483647 - 1, 2147483648u},
            {-2147483648.9, -2147483647 - 1, 2147483648u},
            {-2147483649.0, 2147483647, 2147483647u},
            {4294967295.0, -1, 4294967295u},
            {4294967296.0, 0, 0},
            {4294967296.5, 0, 0},
            {4294967301.0, 5, 5},
            {-4294967301.0, -5, 4294967291u},
            {9007199254740993.0, 0, 0},
            {9007199254740994.0, 2, 2},
            {1e20, 1661992960, 1661992960u},
            {-1e20, -1661992960, 2632974336u},
            {1.7976931348623157e308, 0, 0},
            {5e-324, 0, 0},
            {NaN, 0, 0},
            {Inf, 0, 0},
            {-Inf, 0, 0},
            {p2(1, 84) + p2(3, 40), 0, 0},
            {p2(1, 60) + p2(1, 31) + 256, -2147483647 - 1 + 256, 2147483904u},
        };
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
            char what[80], g[32], w[32];
            snprintf(what, sizeof what, "ToInt32(%.17g)", c[i].d);
            snprintf(g, sizeof g, "%ld", (long)num_double_to_int32(c[i].d));
            snprintf(w, sizeof w, "%ld", (long)c[i].i);
            check(num_double_to_int32(c[i].d) == c[i].i, what, g, w);
            snprintf(what, sizeof what, "ToUint32(%.17g)", c[i].d);
            snprintf(g, sizeof g, "%lu", (unsigned long)num_double_to_uint32(c[i].d));
            snprintf(w, sizeof w, "%lu", (unsigned long)c[i].u);
            check(num_double_to_uint32(c[i].d) == c[i].u, what, g, w);
        }
    }

    /* array indices */
    {
        struct {
            const char *s;
            int ok;
            uint32_t v;
        } c[] = {{"0", 1, 0},           {"1", 1, 1},          {"01", 0, 0},
                 {"00", 0, 0},          {"", 0, 0},           {"4294967294", 1, 4294967294u},
                 {"4294967295", 0, 0},  {"4294967296", 0, 0}, {"99999999999", 0, 0},
                 {"123a", 0, 0},        {"-1", 0, 0},         {"1.0", 0, 0},
                 {"+1", 0, 0},          {" 1", 0, 0},         {"1234567890", 1, 1234567890u}};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
            size_t n = strlen(c[i].s);
            uint16_t u[16];
            for (size_t j = 0; j < n; j++)
                u[j] = (unsigned char)c[i].s[j];
            uint32_t v8 = 7, v16 = 7;
            int r8 = num_is_array_index_latin1((const uint8_t *)c[i].s, n, &v8);
            int r16 = num_is_array_index16(u, n, &v16);
            char what[80];
            snprintf(what, sizeof what, "array index \"%s\"", c[i].s);
            check(r8 == c[i].ok && r16 == c[i].ok && (!c[i].ok || (v8 == c[i].v && v16 == c[i].v)),
                  what, r8 ? "index" : "not", c[i].ok ? "index" : "not");
        }
        const uint16_t wide[] = {'1', 0x0660};
        check(!num_is_array_index16(wide, 2, NULL), "array index wide", "", "");
    }

    /* CanonicalNumericIndexString */
    {
        struct {
            const char *s;
            int ok;
            double v;
        } c[] = {{"-0", 1, -0.0},
                 {"0", 1, 0.0},
                 {"1", 1, 1.0},
                 {"-1", 1, -1.0},
                 {"1.0", 0, 0},
                 {"NaN", 1, NaN},
                 {"Infinity", 1, Inf},
                 {"-Infinity", 1, -Inf},
                 {"+Infinity", 0, 0},
                 {"1e+21", 1, 1e21},
                 {"1e21", 0, 0},
                 {"+1", 0, 0},
                 {"0.5", 1, 0.5},
                 {".5", 0, 0},
                 {"abc", 0, 0},
                 {"", 0, 0},
                 {" 1", 0, 0},
                 {"4294967295", 1, 4294967295.0},
                 {"0.30000000000000004", 1, 0.30000000000000004},
                 {"0.30000000000000005", 0, 0},
                 {"-0.0000012345678901234567", 1, -1.2345678901234567e-6},
                 {"1.7976931348623157e+308", 1, 1.7976931348623157e308},
                 {"-0.0", 0, 0},
                 {"0x10", 0, 0},
                 {"1152921504606846976", 0, 0},
                 {"1152921504606847000", 1, 1152921504606846976.0}};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
            size_t n = strlen(c[i].s);
            uint16_t u[64];
            for (size_t j = 0; j < n; j++)
                u[j] = (unsigned char)c[i].s[j];
            double v8 = 7, v16 = 7;
            int r8 = num_canonical_numeric_string_latin1((const uint8_t *)c[i].s, n, &v8);
            int r16 = num_canonical_numeric_string16(u, n, &v16);
            char what[80];
            snprintf(what, sizeof what, "canonical \"%s\"", c[i].s);
            check(r8 == c[i].ok && r16 == c[i].ok &&
                      (!c[i].ok || (bits_of(v8) == bits_of(c[i].v) &&
                                    bits_of(v16) == bits_of(c[i].v))),
                  what, r8 ? "canonical" : "not", c[i].ok ? "canonical" : "not");
        }
    }

    /* whitespace set */
    {
        static const uint32_t yes[] = {9,      10,     11,     12,     13,     32,     0xA0,
                                       0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029, 0x202F,
                                       0x205F, 0x3000, 0xFEFF};
        static const uint32_t no[] = {0,      8,      14,     31,     33,     0x85,  0x180E,
                                      0x200B, 0x200C, 0x2060, 0xFFFE, 0x1FFF, 0x10020};
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
            check(num_is_str_whitespace(yes[i]), "whitespace yes", "", "");
        for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
            check(!num_is_str_whitespace(no[i]), "whitespace no", "", "");
    }

    check(num_check_tables() == 0, "powers-of-ten table", "bad", "0 bad");
}

/* ---- random round trips -------------------------------------------------------------- */

static void round_trips(long count)
{
    long bad = 0, bad_shortest = 0;
    char buf[NUM_TOSTRING_BUFSZ], d1[20], d2[20];
    for (long i = 0; i < count; i++) {
        double d;
        switch (i % 8) {
        case 0: /* small integers and simple fractions */
            d = (double)(int64_t)(rnd() % 2000001) - 1000000;
            if (i & 8)
                d /= (double)(1 + rnd() % 1000);
            break;
        case 1: /* subnormals */
            d = of_bits(rnd() & 0x800FFFFFFFFFFFFFu);
            break;
        case 2: /* powers of two (asymmetric rounding interval) */
            d = of_bits((rnd() & 0xFFF0000000000000u) | (rnd() % 4 == 0 ? 1 : 0));
            if (!isfinite(d))
                continue;
            break;
        default:
            d = rnd_finite();
        }
        int n = num_to_string(d, buf);
        size_t used;
        double back = num_parse_decimal(buf, (size_t)n, &used);
        uint64_t want = bits_of(d) << 1 == 0 ? 0 : bits_of(d); /* "0" reads back as +0 */
        if (bits_of(back) != want || used != (size_t)n) {
            if (bad++ < 10) {
                char g[40];
                snprintf(g, sizeof g, "%016llx", (unsigned long long)bits_of(back));
                check(0, "round trip", g, buf);
            }
        }
        if (i % 8 == 3 && d != 0) { /* fast shortest digits == exact shortest digits */
            int p1, p2;
            int k1 = num_shortest_digits(dabs(d), d1, &p1);
            int k2 = num_shortest_digits_exact(dabs(d), d2, &p2);
            if (k1 != k2 || p1 != p2 || memcmp(d1, d2, (size_t)k1) != 0) {
                if (bad_shortest++ < 10) {
                    d1[k1] = 0;
                    d2[k2] = 0;
                    check(0, "grisu vs exact", d1, d2);
                }
            }
        }
    }
    check(bad == 0, "random round trips", bad ? "failures" : "", "none");
    check(bad_shortest == 0, "random shortest vs exact", bad_shortest ? "failures" : "", "none");
    printf("round trips: %ld doubles, %ld failures; shortest vs exact: %ld checked, %ld differ\n",
           count, bad, count / 8, bad_shortest);
}

/* Decimal strings right at, just above and just below the midpoint of two doubles, built
 * from exact expansions: x.toFixed(100) is exact when x has <= 100 fraction digits, and the
 * half-gap 2^(e-1) too, so their decimal sum is the exact midpoint. */
static void add_decimal(const char *a, const char *b, char *out)
{
    /* a and b have the same layout ("ddd.ddd", same fraction length); out = a + b. */
    size_t la = strlen(a), lb = strlen(b);
    size_t fa = la - (size_t)(strchr(a, '.') - a), fb = lb - (size_t)(strchr(b, '.') - b);
    if (fa != fb)
        abort();
    size_t n = la > lb ? la : lb;
    char tmp[400];
    int carry = 0;
    for (size_t i = 0; i < n; i++) {
        char ca = i < la ? a[la - 1 - i] : '0', cb = i < lb ? b[lb - 1 - i] : '0';
        if (ca == '.') {
            tmp[i] = '.';
            continue;
        }
        int s = (ca - '0') + (cb - '0') + carry;
        tmp[i] = (char)('0' + s % 10);
        carry = s / 10;
    }
    size_t k = n;
    if (carry)
        tmp[k++] = '1';
    for (size_t i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    out[k] = 0;
}

static void halfway_cases(long count)
{
    long bad = 0;
    for (long i = 0; i < count; i++) {
        /* x in [2^-40, 2^40) so all expansions fit in 100 fraction digits. */
        uint64_t bits = ((uint64_t)(1023 - 40 + (int)(rnd() % 80)) << 52) | (rnd() & 0xFFFFFFFFFFFFFu);
        double x = of_bits(bits), up = of_bits(bits + 1);
        int e = (int)((bits >> 52) & 0x7FF) - 1075;
        char a[NUM_FORMAT_BUFSZ], h[NUM_FORMAT_BUFSZ], mid[300], s[320];
        num_to_fixed(x, 100, a);
        num_to_fixed(p2(1, e - 1), 100, h);
        add_decimal(a, h, mid);
        /* the exact midpoint ends in ...5 followed by zeros; trim the zeros */
        size_t n = strlen(mid);
        while (mid[n - 1] == '0')
            n--;
        mid[n] = 0;
        double even = (bits & 1) ? up : x;
        double got = num_parse_decimal(mid, n, NULL);
        snprintf(s, sizeof s, "%s1", mid);
        double above = num_parse_decimal(s, n + 1, NULL);
        memcpy(s, mid, n);
        s[n - 1] = '4';
        strcpy(s + n, "99999999999999999999");
        double below = num_parse_decimal(s, strlen(s), NULL);
        if (bits_of(got) != bits_of(even) || bits_of(above) != bits_of(up) ||
            bits_of(below) != bits_of(x)) {
            if (bad++ < 10)
                check(0, "halfway", "wrong rounding", mid);
        }
    }
    check(bad == 0, "halfway cases", bad ? "failures" : "", "none");
    printf("halfway strings: %ld doubles x 3 strings, %ld failures\n", count, bad);
}

/* Random junk (mostly number-like characters) through every parser, in both string widths:
 * nothing may crash (run under -fsanitize) and both widths must agree. */
static void fuzz_parsers(long count)
{
    static const char alphabet[] = "0123456789.eE+-xXoObB_ \t\nInfinityNa\xA0\xFF";
    static char s[2100];
    static uint16_t u[2100];
    long bad = 0;
    for (long i = 0; i < count; i++) {
        size_t n = rnd() % 8 == 0 ? rnd() % 2000 : rnd() % 30;
        for (size_t j = 0; j < n; j++) {
            s[j] = rnd() % 16 ? alphabet[rnd() % (sizeof alphabet - 1)] : (char)rnd();
            u[j] = (unsigned char)s[j];
        }
        const uint8_t *b = (const uint8_t *)s;
        size_t c1, c2;
        int radix = 2 + (int)(rnd() % 35);
        double a1 = num_string_to_number_latin1(b, n), a2 = num_string_to_number(u, n);
        double p1 = num_parse_decimal(s, n, &c1), q1 = num_parse_decimal16(u, n, &c2);
        int same = bits_of(a1) == bits_of(a2) && bits_of(p1) == bits_of(q1) && c1 == c2;
        p1 = num_parse_radix_int(s, n, radix, &c1);
        q1 = num_parse_radix_int16(u, n, radix, &c2);
        same &= bits_of(p1) == bits_of(q1) && c1 == c2;
        uint32_t i1 = 1, i2 = 2;
        same &= num_is_array_index_latin1(b, n, &i1) == num_is_array_index16(u, n, &i2);
        double v1 = 1, v2 = 2;
        int k1 = num_canonical_numeric_string_latin1(b, n, &v1);
        int k2 = num_canonical_numeric_string16(u, n, &v2);
        same &= k1 == k2 && (!k1 || bits_of(v1) == bits_of(v2));
        if (!same && bad++ < 5)
            check(0, "fuzz: 8-bit and 16-bit parsers disagree", "", "");
    }
    check(bad == 0, "fuzz parsers", bad ? "disagreements" : "", "none");
    printf("fuzz: %ld random strings through all parsers, %ld disagreements\n", count, bad);
}

/* ---- comparison with node ------------------------------------------------------------ */

enum { Q_S, Q_R, Q_F, Q_E, Q_P, Q_N, Q_I, Q_M };

/* One oracle query and what we need to check the answer. */
typedef struct {
    int kind;
    double x;
    int arg;
    char *str; /* N and I: the string to parse */
} query;

/* A double that is "interesting" for formatting: random bits, short decimals, integers. */
static double rnd_value(void)
{
    static const double special[] = {5e-324, 1e-323, 2.2250738585072014e-308,
                                     2.225073858507201e-308, 1.7976931348623157e308,
                                     9007199254740991.0, 9007199254740992.0, 9007199254740993.0,
                                     1e21, 999999999999999900000.0, 1e-7, 0.5, 1.5, 2.5};
    switch (rnd() % 8) {
    case 6: /* powers of two: the gap below is half the gap above */
        return p2(1, (int)(rnd() % 2045) - 1022) * (rnd() % 2 ? -1 : 1);
    case 7:
        return special[rnd() % (sizeof special / sizeof special[0])] * (rnd() % 2 ? -1 : 1);
    case 0:
        return rnd_finite();
    case 1: { /* k-digit decimal times a power of ten */
        int k = 1 + (int)(rnd() % 17);
        uint64_t m = rnd() % 100000000000000000u;
        while (k < 17 && m >= 10) {
            m /= 10;
            k++;
        }
        char s[64];
        snprintf(s, sizeof s, "%llue%d", (unsigned long long)m, (int)(rnd() % 60) - 40);
        return num_parse_decimal(s, strlen(s), NULL) * (rnd() % 2 ? -1 : 1);
    }
    case 2:
        return (double)(int64_t)(rnd() % 100000) / 8.0;
    case 3:
        return p2((double)(rnd() % 9007199254740992u), (int)(rnd() % 200) - 100);
    case 4:
        return (double)(rnd() >> (rnd() % 64));
    default:
        return of_bits(rnd() & 0x800FFFFFFFFFFFFFu); /* subnormal */
    }
}

/* A random string for StringToNumber (often valid, sometimes long or malformed). */
static char *rnd_numeric_string(void)
{
    char *s = malloc(2000);
    size_t n = 0;
    static const char *ws[] = {"", " ", "\t", "\n", "\r\n", "\v", "\f"};
    strcpy(s, ws[rnd() % 7]);
    n = strlen(s);
    int kind = (int)(rnd() % 10);
    if (kind == 0) { /* hex / octal / binary, sometimes long */
        static const char *pre[] = {"0x", "0X", "0o", "0O", "0b", "0B"};
        int p = (int)(rnd() % 6);
        int radix = p < 2 ? 16 : p < 4 ? 8 : 2;
        n += (size_t)sprintf(s + n, "%s", pre[p]);
        int len = (int)(rnd() % 4 == 0 ? rnd() % 300 : rnd() % 30);
        for (int i = 0; i < len; i++)
            s[n++] = "0123456789abcdefABCDEF"[rnd() % (radix == 16 ? 22 : (unsigned)radix)];
    } else {
        if (rnd() % 3 == 0)
            s[n++] = "+-"[rnd() % 2];
        int li = (int)(rnd() % 4 == 0 ? rnd() % 700 : rnd() % 25);
        int lf = (int)(rnd() % 3 == 0 ? rnd() % 400 : rnd() % 20);
        if (rnd() % 2)
            lf = 0;
        for (int i = 0; i < li; i++)
            s[n++] = (char)('0' + (i == 0 && rnd() % 4 ? 1 + rnd() % 9 : rnd() % 10));
        if (lf || rnd() % 5 == 0) {
            s[n++] = '.';
            for (int i = 0; i < lf; i++)
                s[n++] = (char)('0' + (rnd() % 3 == 0 ? 0 : rnd() % 10));
        }
        if (rnd() % 2) {
            s[n++] = rnd() % 2 ? 'e' : 'E';
            if (rnd() % 2)
                s[n++] = "+-"[rnd() % 2];
            n += (size_t)sprintf(s + n, "%d", (int)(rnd() % 700));
        }
        if (kind == 1 && n > 0) /* corrupt one character */
            s[rnd() % n] = "x_.e+- 9"[rnd() % 8];
    }
    n += (size_t)sprintf(s + n, "%s", ws[rnd() % 7]);
    s[n] = 0;
    return s;
}

/* Writes s as a JSON string literal. */
static void put_json(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 32)
            fprintf(f, "\\u%04x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void node_compare(const char *script, int per)
{
    FILE *sf = fopen(script, "r");
    if (!sf) {
        printf("SKIP node comparison: %s not found (run from the repository root or pass -s)\n",
               script);
        return;
    }
    fclose(sf);
    if (system("node --version >/dev/null 2>&1") != 0) {
        printf("SKIP node comparison: node not available\n");
        return;
    }
    char in_path[] = "/tmp/numconv_inXXXXXX", out_path[] = "/tmp/numconv_outXXXXXX";
    int fd1 = mkstemp(in_path), fd2 = mkstemp(out_path);
    if (fd1 < 0 || fd2 < 0) {
        printf("SKIP node comparison: cannot create temporary files\n");
        return;
    }
    close(fd2);
    FILE *in = fdopen(fd1, "w");
    int total = per * 8;
    query *q = calloc((size_t)total, sizeof *q);
    int nq = 0;
    for (int kind = Q_S; kind <= Q_M; kind++) {
        for (int i = 0; i < per; i++) {
            query *e = &q[nq++];
            e->kind = kind;
            e->x = rnd_value();
            switch (kind) {
            case Q_S:
                fprintf(in, "S %016llx\n", (unsigned long long)bits_of(e->x));
                break;
            case Q_R: {
                static char mine[NUM_RADIX_BUFSZ];
                e->arg = 2 + (int)(rnd() % 35);
                num_to_string_radix(e->x, e->arg, mine, sizeof mine);
                fprintf(in, "R %016llx %d %s\n", (unsigned long long)bits_of(e->x), e->arg, mine);
                break;
            }
            case Q_F:
                e->arg = (int)(rnd() % 4 ? rnd() % 21 : rnd() % 101);
                fprintf(in, "F %016llx %d\n", (unsigned long long)bits_of(e->x), e->arg);
                break;
            case Q_E:
                e->arg = (int)(rnd() % 102) - 1;
                fprintf(in, "E %016llx %d\n", (unsigned long long)bits_of(e->x), e->arg);
                break;
            case Q_P:
                e->arg = 1 + (int)(rnd() % 4 ? rnd() % 21 : rnd() % 100);
                fprintf(in, "P %016llx %d\n", (unsigned long long)bits_of(e->x), e->arg);
                break;
            case Q_N:
                e->str = rnd_numeric_string();
                fputs("N ", in);
                put_json(in, e->str);
                fputc('\n', in);
                break;
            case Q_I: {
                e->arg = 2 + (int)(rnd() % 35);
                int len = 1 + (int)(rnd() % 4 == 0 ? rnd() % 400 : rnd() % 40);
                e->str = malloc((size_t)len + 1);
                for (int j = 0; j < len; j++)
                    e->str[j] = "0123456789abcdefghijklmnopqrstuvwxyz"[rnd() % (unsigned)e->arg];
                e->str[len] = 0;
                fputs("I ", in);
                put_json(in, e->str);
                fprintf(in, " %d\n", e->arg);
                break;
            }
            case Q_M:
                e->x = dabs(e->x);
                if (e->x == 1.7976931348623157e308)
                    e->x = 1.0;
                fprintf(in, "M %016llx\n", (unsigned long long)bits_of(e->x));
                break;
            }
        }
    }
    fclose(in);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "node '%s' oracle < '%s' > '%s'", script, in_path, out_path);
    if (system(cmd) != 0) {
        printf("SKIP node comparison: node failed\n");
        remove(in_path);
        remove(out_path);
        return;
    }
    FILE *out = fopen(out_path, "r");
    static char line[4096];
    static char mine[4096];
    long bad[8] = {0};
    for (int i = 0; i < nq && fgets(line, sizeof line, out); i++) {
        line[strcspn(line, "\n")] = 0;
        query *e = &q[i];
        int ok = 1;
        char what[120];
        switch (e->kind) {
        case Q_S:
            num_to_string(e->x, mine);
            snprintf(what, sizeof what, "node String(%.17g)", e->x);
            ok = strcmp(mine, line) == 0;
            break;
        case Q_R: /* node checked our string (exactly, for radices V8 prints inexactly) */
            num_to_string_radix(e->x, e->arg, mine, sizeof mine);
            snprintf(what, sizeof what, "node (%.17g).toString(%d)", e->x, e->arg);
            ok = strcmp(line, "OK") == 0;
            break;
        case Q_F:
            num_to_fixed(e->x, e->arg, mine);
            snprintf(what, sizeof what, "node (%.17g).toFixed(%d)", e->x, e->arg);
            ok = strcmp(mine, line) == 0;
            break;
        case Q_E:
            num_to_exponential(e->x, e->arg, e->arg >= 0, mine);
            snprintf(what, sizeof what, "node (%.17g).toExponential(%d)", e->x, e->arg);
            ok = strcmp(mine, line) == 0;
            break;
        case Q_P:
            num_to_precision(e->x, e->arg, mine);
            snprintf(what, sizeof what, "node (%.17g).toPrecision(%d)", e->x, e->arg);
            ok = strcmp(mine, line) == 0;
            break;
        case Q_N: {
            double v = num_string_to_number_latin1((const uint8_t *)e->str, strlen(e->str));
            snprintf(mine, sizeof mine, "%016llx", (unsigned long long)bits_of(v));
            snprintf(what, sizeof what, "node Number(\"%.60s\")", e->str);
            ok = strcmp(mine, line) == 0;
            break;
        }
        case Q_I: {
            double v = num_parse_radix_int(e->str, strlen(e->str), e->arg, NULL);
            snprintf(mine, sizeof mine, "%016llx", (unsigned long long)bits_of(v));
            snprintf(what, sizeof what, "node parseInt(\"%.40s\", %d)", e->str, e->arg);
            /* line: exact (BigInt) result, then parseInt's, which is exact for these radices */
            int r = e->arg;
            ok = strncmp(mine, line, 16) == 0 &&
                 (!(r == 2 || r == 4 || r == 8 || r == 10 || r == 16 || r == 32) ||
                  strncmp(mine, line + 17, 16) == 0);
            break;
        }
        case Q_M: {
            /* line = DIGITSeEXP, the exact midpoint of x and its successor. */
            double x = e->x, up = of_bits(bits_of(x) + 1);
            double even = (bits_of(x) & 1) ? up : x;
            size_t n = strlen(line);
            char *s = malloc(n + 40);
            double r1 = num_parse_decimal(line, n, NULL);
            char *ep = strchr(line, 'e');
            size_t nd = (size_t)(ep - line);
            long ex = strtol(ep + 1, NULL, 10);
            sprintf(s, "%.*s1e%ld", (int)nd, line, ex - 1); /* a hair above */
            double r2 = num_parse_decimal(s, strlen(s), NULL);
            /* a hair below: DIGITS-1 followed by nines */
            memcpy(s, line, nd);
            size_t j = nd;
            while (j > 0 && s[j - 1] == '0')
                s[--j] = '9';
            s[j - 1]--;
            sprintf(s + nd, "9999e%ld", ex - 4);
            double r3 = num_parse_decimal(s, strlen(s), NULL);
            free(s);
            ok = bits_of(r1) == bits_of(even) && bits_of(r2) == bits_of(up) &&
                 bits_of(r3) == bits_of(x);
            snprintf(what, sizeof what, "node midpoint of %.17g", x);
            snprintf(mine, sizeof mine, "%d%d%d", bits_of(r1) == bits_of(even),
                     bits_of(r2) == bits_of(up), bits_of(r3) == bits_of(x));
            if (!ok)
                strcpy(line, "111");
            break;
        }
        }
        if (!ok)
            bad[e->kind]++;
        check(ok, what, mine, line);
    }
    fclose(out);
    remove(in_path);
    remove(out_path);
    printf("node comparison (%d queries each): String %ld, toString(radix) %ld, toFixed %ld, "
           "toExponential %ld, toPrecision %ld, Number() %ld, parseInt %ld, midpoints %ld "
           "mismatches\n",
           per, bad[0], bad[1], bad[2], bad[3], bad[4], bad[5], bad[6], bad[7]);
    for (int i = 0; i < nq; i++)
        free(q[i].str);
    free(q);
}

/* ---- throughput ---------------------------------------------------------------------- */

static double now_ns(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void benchmark(void)
{
    enum { N = 1000000 };
    double *v = malloc(N * sizeof *v);
    char(*s)[NUM_TOSTRING_BUFSZ] = malloc((size_t)N * NUM_TOSTRING_BUFSZ);
    size_t *len = malloc(N * sizeof *len);
    const char *names[3] = {"random doubles", "short decimals (k/1000)", "integers"};
    for (int kind = 0; kind < 3; kind++) {
        for (int i = 0; i < N; i++)
            v[i] = kind == 0   ? rnd_finite()
                   : kind == 1 ? (double)(rnd() % 1000000) / 1000.0
                               : (double)(rnd() % 100000000);
        double sink = 0;
        double t0 = now_ns();
        for (int i = 0; i < N; i++)
            len[i] = (size_t)num_to_string(v[i], s[i]);
        double t1 = now_ns();
        for (int i = 0; i < N; i++)
            sink += num_parse_decimal(s[i], len[i], NULL);
        double t2 = now_ns();
        printf("throughput, %s: num_to_string %.1f ns/call, num_parse_decimal %.1f ns/call%s\n",
               names[kind], (t1 - t0) / N, (t2 - t1) / N, sink == 0.5 ? " " : "");
    }
    free(v);
    free(s);
    free(len);
}

int main(int argc, char **argv)
{
    long count = 10000000;
    int quick = 0, per = 3000;
    const char *script = "tests/unit/numconv_check.js";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            count = atol(argv[++i]);
        else if (!strcmp(argv[i], "-m") && i + 1 < argc)
            per = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            script = argv[++i];
        else if (!strcmp(argv[i], "-q")) {
            quick = 1;
            count = 200000;
            per = 300;
        } else {
            fprintf(stderr, "usage: %s [-n count] [-m node_queries] [-s numconv_check.js] [-q]\n",
                    argv[0]);
            return 2;
        }
    }
    fixed_cases();
    round_trips(count);
    halfway_cases(quick ? 20000 : 200000);
    fuzz_parsers(quick ? 20000 : 200000);
    node_compare(script, per);
    if (!quick)
        benchmark();
    printf("%ld passed, %ld failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
