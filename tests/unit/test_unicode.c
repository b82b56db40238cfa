/* test_unicode.c: unit tests for src/unicode.c.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -Werror -Isrc src/unicode.c src/unicode_tables.c \
 *      tests/unit/test_unicode.c -o /tmp/tu && /tmp/tu
 *
 * Always: spot checks, table invariants over every code point, property range
 * consistency.  When the UCD text files of the tables' version are found ($CRYO_UCD_DIR,
 * default /usr/share/unicode from Debian's unicode-data; tools/ucd_from_git.py copies
 * them for newer versions): the full UAX #15 conformance test (NormalizationTest.txt) and
 * every property, category and mapping against the files; other versions are skipped.  When node
 * is on PATH (or $NODE names it): every code point's toUpperCase/toLowerCase and the four
 * normalization forms, a set of tricky sequences, and every property and value against
 * node's RegExp \p{..} (skipped when node's Unicode is older than the tables').  node may
 * carry a newer Unicode version than the tables: code points
 * unassigned in our tables but assigned in node's are skipped, and the remaining known
 * version differences are listed in known_version_diffs below; anything else fails.
 * Prints "N passed, N failed" and exits 1 if anything failed. */

#define _POSIX_C_SOURCE 200809L

#include "unicode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CP 0x110000u

static long passed, failed;
static int quiet_failures;   /* failures printed so far (capped) */

/* Records one check; prints the message of the first 60 failures. */
static void check(int ok, const char *fmt, ...)
{
    va_list ap;
    if (ok) {
        passed++;
        return;
    }
    failed++;
    if (quiet_failures++ < 60) {
        printf("FAIL: ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
}

/* Parses space-separated hex code points into UTF-16 (0xD800..0xDFFF as one unit). */
static size_t parse_cps(const char *s, uint16_t *out, size_t cap)
{
    size_t n = 0;
    char *end;
    while (*s) {
        unsigned long v = strtoul(s, &end, 16);
        if (end == s) {
            s++;
            continue;
        }
        s = end;
        if (v >= 0x10000 && n + 2 <= cap) {
            out[n++] = (uint16_t)(0xD800 + ((v - 0x10000) >> 10));
            out[n++] = (uint16_t)(0xDC00 + (v & 0x3FF));
        } else if (v < 0x10000 && n < cap) {
            out[n++] = (uint16_t)v;
        }
    }
    return n;
}

/* Formats UTF-16 units as hex into buf (for messages). */
static const char *fmt_units(const uint16_t *u, size_t n, char *buf, size_t cap)
{
    size_t i, k = 0;
    buf[0] = 0;
    for (i = 0; i < n && k + 6 < cap; i++)
        k += (size_t)snprintf(buf + k, cap - k, "%s%04X", i ? " " : "", u[i]);
    return buf;
}

static const char *const form_names[] = { "NFC", "NFD", "NFKC", "NFKD" };

/* Checks that form(in) == expect, both given as hex code point lists. */
static void check_norm(const char *in, int form, const char *expect)
{
    uint16_t a[64], e[64], *out = NULL;
    size_t na = parse_cps(in, a, 64), ne = parse_cps(expect, e, 64), nout = 0;
    char b1[400], b2[400];
    int rc = uni_normalize(a, na, form, &out, &nout);
    check(rc == 0 && nout == ne && memcmp(out, e, ne * 2) == 0, "%s(%s) = %s, expected %s",
          form_names[form], in, rc ? "error" : fmt_units(out, nout, b1, sizeof b1),
          fmt_units(e, ne, b2, sizeof b2));
    free(out);
}

/* Checks toUpperCase (upper != 0) or toLowerCase of in against expect (hex lists). */
static void check_case(const char *in, int upper, const char *expect)
{
    uint16_t a[64], e[64], out[200];
    size_t na = parse_cps(in, a, 64), ne = parse_cps(expect, e, 64);
    size_t n1 = upper ? uni_to_upper_utf16(a, na, NULL) : uni_to_lower_utf16(a, na, NULL);
    size_t n2 = upper ? uni_to_upper_utf16(a, na, out) : uni_to_lower_utf16(a, na, out);
    char b1[400], b2[400];
    check(n1 == n2 && n2 == ne && memcmp(out, e, ne * 2) == 0, "%s(%s) = %s, expected %s",
          upper ? "upper" : "lower", in, fmt_units(out, n2, b1, sizeof b1),
          fmt_units(e, ne, b2, sizeof b2));
}

/* ---------------------------------------------------------------------------------------
 * Spot checks */

static void test_lexer_classes(void)
{
    static const uint32_t space_yes[] = { 0x09, 0x0B, 0x0C, 0x20, 0xA0, 0xFEFF, 0x1680, 0x2000,
                                          0x200A, 0x202F, 0x205F, 0x3000 };
    static const uint32_t space_no[] = { 0x0A, 0x0D, 0x85, 0x180E, 0x200B, 0x2028, 0x2029,
                                         0x41, 0x110000 };
    size_t i;
    uint32_t c;
    for (i = 0; i < sizeof space_yes / sizeof *space_yes; i++)
        check(uni_is_space(space_yes[i]), "space %04X", space_yes[i]);
    for (i = 0; i < sizeof space_no / sizeof *space_no; i++)
        check(!uni_is_space(space_no[i]), "not space %04X", space_no[i]);
    check(uni_is_line_terminator(0x0A) && uni_is_line_terminator(0x0D)
          && uni_is_line_terminator(0x2028) && uni_is_line_terminator(0x2029)
          && !uni_is_line_terminator(0x85) && !uni_is_line_terminator(0x0B), "line terminators");
    for (c = 0; c < 0x80; c++) {
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int digit = c >= '0' && c <= '9';
        check(uni_is_id_start(c) == (alpha || c == '$' || c == '_'), "id_start %02X", c);
        check(uni_is_id_continue(c) == (alpha || digit || c == '$' || c == '_'),
              "id_continue %02X", c);
    }
    check(uni_is_id_start(0xE9) && uni_is_id_start(0x2118) && uni_is_id_start(0x1885)
          && uni_is_id_start(0x4E00) && uni_is_id_start(0x10400) && uni_is_id_start(0x2160),
          "id_start non-ASCII");
    check(!uni_is_id_start(0x300) && !uni_is_id_start(0x200C) && !uni_is_id_start(0x200D)
          && !uni_is_id_start(0xB7) && !uni_is_id_start(0x1F600) && !uni_is_id_start(0xFF10)
          && !uni_is_id_start(0x110000), "not id_start");
    check(uni_is_id_continue(0x300) && uni_is_id_continue(0x200C) && uni_is_id_continue(0x200D)
          && uni_is_id_continue(0xB7) && uni_is_id_continue(0xFF10)
          && uni_is_id_continue(0x2118) && uni_is_id_continue(0xE0100), "id_continue non-ASCII");
    check(!uni_is_id_continue(0x1F600) && !uni_is_id_continue(0x2E2F)
          && !uni_is_id_continue(0xA0), "not id_continue");
    /* Every non-ASCII answer agrees with the ID_Start / ID_Continue properties. */
    {
        int ids = uni_lookup_property("ID_Start", NULL);
        int idc = uni_lookup_property("ID_Continue", NULL);
        int zs = uni_lookup_property("Zs", NULL);
        long bad = 0;
        for (c = 0; c < MAX_CP; c++) {
            int e_start = uni_has_property(ids, c) || c == '$' || c == '_';
            int e_cont = uni_has_property(idc, c) || c == '$' || c == 0x200C || c == 0x200D;
            int e_space = uni_has_property(zs, c) || c == 9 || c == 0xB || c == 0xC
                          || c == 0xFEFF;
            if (uni_is_id_start(c) != e_start || uni_is_id_continue(c) != e_cont
                || uni_is_space(c) != e_space)
                bad++;
        }
        check(bad == 0, "lexer classes vs properties: %ld code points differ", bad);
    }
}

static void test_general_category(void)
{
    static const struct { uint32_t cp; enum uni_gc gc; } t[] = {
        { 0x41, UNI_GC_Lu }, { 0x61, UNI_GC_Ll }, { 0x1C5, UNI_GC_Lt }, { 0x2B0, UNI_GC_Lm },
        { 0x4E00, UNI_GC_Lo }, { 0x9FFF, UNI_GC_Lo }, { 0xAC00, UNI_GC_Lo }, { 0x300, UNI_GC_Mn },
        { 0x903, UNI_GC_Mc }, { 0x20DD, UNI_GC_Me }, { 0x30, UNI_GC_Nd }, { 0x2160, UNI_GC_Nl },
        { 0xB2, UNI_GC_No }, { 0x5F, UNI_GC_Pc }, { 0x2D, UNI_GC_Pd }, { 0x28, UNI_GC_Ps },
        { 0x29, UNI_GC_Pe }, { 0xAB, UNI_GC_Pi }, { 0xBB, UNI_GC_Pf }, { 0x21, UNI_GC_Po },
        { 0x2B, UNI_GC_Sm }, { 0x24, UNI_GC_Sc }, { 0x5E, UNI_GC_Sk }, { 0xA9, UNI_GC_So },
        { 0x20, UNI_GC_Zs }, { 0x2028, UNI_GC_Zl }, { 0x2029, UNI_GC_Zp }, { 0x0, UNI_GC_Cc },
        { 0xAD, UNI_GC_Cf }, { 0xD800, UNI_GC_Cs }, { 0xDFFF, UNI_GC_Cs }, { 0xE000, UNI_GC_Co },
        { 0x10FFFD, UNI_GC_Co }, { 0x378, UNI_GC_Cn }, { 0xFFFF, UNI_GC_Cn },
        { 0x10FFFF, UNI_GC_Cn }, { 0x110000, UNI_GC_Cn }, { 0xFFFFFFFF, UNI_GC_Cn },
        { 0x1F600, UNI_GC_So }, { 0x20000, UNI_GC_Lo }, { 0x2A6DF, UNI_GC_Lo },
        { 0x31350, UNI_GC_Lo }, { 0xE0001, UNI_GC_Cf },
    };
    size_t i;
    uint32_t c;
    long bad = 0;
    for (i = 0; i < sizeof t / sizeof *t; i++)
        check(uni_general_category(t[i].cp) == t[i].gc, "gc(%04X) = %d, expected %d", t[i].cp,
              uni_general_category(t[i].cp), t[i].gc);
    check(uni_combining_class(0x300) == 230 && uni_combining_class(0x316) == 220
          && uni_combining_class(0x334) == 1 && uni_combining_class(0x41) == 0
          && uni_combining_class(0x1D165) == 216 && uni_combining_class(0x110000) == 0,
          "combining classes");
    /* The ccc shortcut below U+0300 and the gc run table agree with the tries. */
    for (c = 0; c < 0x300; c++)
        if (uni_combining_class(c) != 0 || uni_ccc_trie.leaf[0] != 0)
            bad++;
    check(bad == 0, "ccc below U+0300");
    for (i = 0; i < UNI_GC_COUNT; i++) {
        static const char *const names[] = {
            "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
            "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf",
            "Cs", "Co" };
        int h = uni_lookup_property(names[i], NULL);
        bad = 0;
        for (c = 0; c < MAX_CP; c++)
            if (uni_has_property(h, c) != (uni_general_category(c) == (enum uni_gc)i))
                bad++;
        check(h >= 0 && bad == 0, "gc=%s run table vs trie: %ld differ", names[i], bad);
    }
}

static void test_case(void)
{
    uint32_t buf[UNI_MAX_CASE_EXPANSION], c;
    size_t k, maxu = 0, maxl = 0;
    /* SpecialCasing.txt unconditional entries. */
    check_case("00DF", 1, "0053 0053");
    check_case("0149", 1, "02BC 004E");
    check_case("01F0", 1, "004A 030C");
    check_case("0390", 1, "0399 0308 0301");
    check_case("FB03", 1, "0046 0046 0049");
    check_case("FB00 0061", 1, "0046 0046 0041");
    check_case("1F80", 1, "1F08 0399");
    check_case("1FB3", 1, "0391 0399");
    check_case("0587", 1, "0535 0552");
    check_case("0130", 0, "0069 0307");
    check_case("1E9E", 0, "00DF");
    check_case("00DF", 0, "00DF");
    check_case("1F88", 0, "1F80");     /* lower of titlecase-like Greek is simple */
    /* Simple mappings, supplementary planes, lone surrogates. */
    check_case("0041 00E9 01C5", 1, "0041 00C9 01C4");
    check_case("0041 00C9 01C5", 0, "0061 00E9 01C6");
    check_case("10400 10428", 0, "10428 10428");
    check_case("10400 10428", 1, "10400 10400");
    check_case("D800 0061 DC00 DBFF", 1, "D800 0041 DC00 DBFF");
    check_case("DC00 D800", 0, "DC00 D800");
    check_case("0069", 1, "0049");   /* no Turkish mapping */
    check_case("0049", 0, "0069");
    check_case("0131", 1, "0049");
    check_case("212A", 0, "006B");
    check_case("", 1, "");
    /* Final_Sigma, as in test262 special_casing_conditional.js and Final_Sigma_U180E.js. */
    check_case("03A3", 0, "03C3");
    check_case("0041 03A3", 0, "0061 03C2");
    check_case("1D4A2 03A3", 0, "1D4A2 03C2");
    check_case("0041 002E 03A3", 0, "0061 002E 03C2");
    check_case("0041 00AD 03A3", 0, "0061 00AD 03C2");
    check_case("0041 1D242 03A3", 0, "0061 1D242 03C2");
    check_case("0345 03A3", 0, "0345 03C3");
    check_case("0391 0345 03A3", 0, "03B1 0345 03C2");
    check_case("0041 03A3 0042", 0, "0061 03C3 0062");
    check_case("0041 03A3 1D4A2", 0, "0061 03C3 1D4A2");
    check_case("0041 03A3 002E 0062", 0, "0061 03C3 002E 0062");
    check_case("0041 03A3 00AD 0042", 0, "0061 03C3 00AD 0062");
    check_case("0041 03A3 1D242 0042", 0, "0061 03C3 1D242 0062");
    check_case("0041 03A3 0345", 0, "0061 03C2 0345");
    check_case("0041 03A3 0345 0391", 0, "0061 03C3 0345 03B1");
    check_case("0041 180E 03A3", 0, "0061 180E 03C2");
    check_case("0041 180E 03A3 0042", 0, "0061 180E 03C3 0062");
    check_case("0041 03A3 180E", 0, "0061 03C2 180E");
    check_case("0041 03A3 180E 0042", 0, "0061 03C3 180E 0062");
    check_case("0391 03A3 03A3", 0, "03B1 03C3 03C2");
    check_case("0041 03A3 0020 0042 03A3", 0, "0061 03C2 0020 0062 03C2");
    check_case("D800 03A3", 0, "D800 03C3");
    check_case("0041 03A3 DC00", 0, "0061 03C2 DC00");
    check_case("03A3", 1, "03A3");
    /* Simple mappings and folding. */
    check(uni_simple_upper(0xDF) == 0xDF && uni_simple_upper(0x61) == 0x41
          && uni_simple_upper(0x1C6) == 0x1C4 && uni_simple_upper(0x1C5) == 0x1C4
          && uni_simple_upper(0x10428) == 0x10400 && uni_simple_upper(0x110000) == 0x110000,
          "simple upper");
    check(uni_simple_lower(0x130) == 0x69 && uni_simple_lower(0x1E9E) == 0xDF
          && uni_simple_lower(0x41) == 0x61 && uni_simple_lower(0xFFFFFFFF) == 0xFFFFFFFF,
          "simple lower");
    check(uni_simple_fold(0x41) == 0x61 && uni_simple_fold(0x212A) == 0x6B
          && uni_simple_fold(0x17F) == 0x73 && uni_simple_fold(0x3C2) == 0x3C3
          && uni_simple_fold(0x1E9E) == 0xDF && uni_simple_fold(0xDF) == 0xDF
          && uni_simple_fold(0x1E9B) == 0x1E61 && uni_simple_fold(0x130) == 0x130
          && uni_simple_fold(0x10400) == 0x10428 && uni_simple_fold(0x3F4) == 0x3B8
          && uni_simple_fold(0x1FBC) == 0x1FB3, "simple fold");
    /* RegExp Canonicalize. */
    check(uni_canonicalize(0x61, 0) == 0x41 && uni_canonicalize(0xDF, 0) == 0xDF
          && uni_canonicalize(0x17F, 0) == 0x17F && uni_canonicalize(0x131, 0) == 0x131
          && uni_canonicalize(0x212A, 0) == 0x212A && uni_canonicalize(0xFF, 0) == 0x178
          && uni_canonicalize(0xB5, 0) == 0x39C && uni_canonicalize(0x1F80, 0) == 0x1F80
          && uni_canonicalize(0x10428, 0) == 0x10428 && uni_canonicalize(0xD800, 0) == 0xD800
          && uni_canonicalize(0x3C2, 0) == 0x3A3 && uni_canonicalize(0x1FB3, 0) == 0x1FB3,
          "canonicalize (legacy)");
    check(uni_canonicalize(0x41, 1) == 0x61 && uni_canonicalize(0x212A, 1) == 0x6B
          && uni_canonicalize(0x10400, 1) == 0x10428, "canonicalize (unicode)");
    check(uni_canonicalize_next(0x4B, 1) == 0x6B && uni_canonicalize_next(0x6B, 1) == 0x212A
          && uni_canonicalize_next(0x212A, 1) == 0x4B && uni_canonicalize_next(0x31, 1) == 0x31,
          "orbit K k KELVIN (unicode)");
    check(uni_canonicalize_next(0x4B, 0) == 0x6B && uni_canonicalize_next(0x6B, 0) == 0x4B
          && uni_canonicalize_next(0x212A, 0) == 0x212A && uni_canonicalize_next(0xDF, 0) == 0xDF
          && uni_canonicalize_next(0x10400, 0) == 0x10400, "orbit K k (legacy)");
    /* Every code point: full mapping = the UTF-16 function on that code point alone; record
     * the largest expansion in code units. */
    for (c = 0; c < MAX_CP; c++) {
        uint16_t in[2], out[8], e[8];
        size_t n = 0, m, ne = 0;
        if (c < 0x10000) {
            in[n++] = (uint16_t)c;
        } else {
            in[n++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            in[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        }
        m = uni_full_upper(c, buf);
        for (k = 0; k < m; k++) {
            if (buf[k] < 0x10000) {
                e[ne++] = (uint16_t)buf[k];
            } else {
                e[ne++] = (uint16_t)(0xD800 + ((buf[k] - 0x10000) >> 10));
                e[ne++] = (uint16_t)(0xDC00 + (buf[k] & 0x3FF));
            }
        }
        k = uni_to_upper_utf16(in, n, out);
        if (k != ne || memcmp(out, e, ne * 2) != 0)
            check(0, "upper of %04X differs from uni_full_upper", c);
        if (k > maxu * n)
            maxu = (k + n - 1) / n;
        if (c != 0x3A3) {
            ne = 0;
            m = uni_full_lower(c, buf);
            for (k = 0; k < m; k++) {
                if (buf[k] < 0x10000) {
                    e[ne++] = (uint16_t)buf[k];
                } else {
                    e[ne++] = (uint16_t)(0xD800 + ((buf[k] - 0x10000) >> 10));
                    e[ne++] = (uint16_t)(0xDC00 + (buf[k] & 0x3FF));
                }
            }
            k = uni_to_lower_utf16(in, n, out);
            if (k != ne || memcmp(out, e, ne * 2) != 0)
                check(0, "lower of %04X differs from uni_full_lower", c);
            if (k > maxl * n)
                maxl = (k + n - 1) / n;
        }
    }
    check(maxu <= 3 && maxl <= 2, "expansion per code unit: upper %zu, lower %zu", maxu, maxl);
    /* Canonicalize classes: the orbit of every code point is exactly the set with the same
     * Canonicalize value. */
    {
        int unicode;
        uint8_t *count = calloc(MAX_CP, 1);
        if (!count) {
            check(0, "out of memory");
            return;
        }
        for (unicode = 0; unicode < 2; unicode++) {
            uint32_t lim = unicode ? MAX_CP : 0x10000;
            long bad = 0;
            memset(count, 0, MAX_CP);
            for (c = 0; c < lim; c++) {
                uint32_t v = uni_canonicalize(c, unicode);
                if (v < MAX_CP && count[v] < 255)
                    count[v]++;
            }
            for (c = 0; c < lim; c++) {
                uint32_t v = uni_canonicalize(c, unicode), x = c;
                unsigned len = 0;
                do {
                    if (uni_canonicalize(x, unicode) != v)
                        bad++;
                    x = uni_canonicalize_next(x, unicode);
                    len++;
                } while (x != c && len < 10);
                if (x != c || len != count[v])
                    bad++;
            }
            check(bad == 0, "canonicalize orbits (%s): %ld problems",
                  unicode ? "unicode" : "legacy", bad);
        }
        free(count);
    }
}

static void test_normalize_spots(void)
{
    int f;
    uint16_t *out;
    size_t n;
    check_norm("212B", UNI_NFC, "00C5");
    check_norm("212B", UNI_NFD, "0041 030A");
    check_norm("0065 0301", UNI_NFC, "00E9");
    check_norm("00E9", UNI_NFD, "0065 0301");
    check_norm("1100 1161 11A8", UNI_NFC, "AC01");
    check_norm("AC01", UNI_NFD, "1100 1161 11A8");
    check_norm("AC00 11A8", UNI_NFC, "AC01");
    check_norm("AC01 11A8", UNI_NFC, "AC01 11A8");
    check_norm("1100 AC00", UNI_NFC, "1100 AC00");
    check_norm("D7A3", UNI_NFD, "1112 1175 11C2");
    check_norm("FB01", UNI_NFKC, "0066 0069");
    check_norm("FB01", UNI_NFC, "FB01");
    check_norm("2460", UNI_NFKD, "0031");
    check_norm("1E9B 0323", UNI_NFC, "1E9B 0323");
    check_norm("1E9B 0323", UNI_NFD, "017F 0323 0307");
    check_norm("1E9B 0323", UNI_NFKC, "1E69");
    check_norm("1E9B 0323", UNI_NFKD, "0073 0323 0307");
    check_norm("0061 0301 0316", UNI_NFD, "0061 0316 0301");
    check_norm("0061 0301 0316", UNI_NFC, "00E1 0316");
    check_norm("0344", UNI_NFC, "0308 0301");           /* non-starter decomposition */
    check_norm("0958", UNI_NFC, "0915 093C");           /* composition exclusion */
    check_norm("2126", UNI_NFC, "03A9");                /* singleton */
    check_norm("0B47 0B3E", UNI_NFC, "0B4B");           /* starter + starter */
    check_norm("0041 0308 0301", UNI_NFC, "00C4 0301");
    check_norm("0041 0301 0301", UNI_NFC, "00C1 0301"); /* blocked by equal class */
    check_norm("1D15E", UNI_NFD, "1D157 1D165");
    check_norm("1D15E", UNI_NFC, "1D157 1D165");        /* excluded */
    check_norm("2F800", UNI_NFC, "4E3D");
    check_norm("FDFA", UNI_NFKD, "0635 0644 0649 0020 0627 0644 0644 0647 0020 0639 0644 064A "
               "0647 0020 0648 0633 0644 0645");
    check_norm("3200", UNI_NFKC, "0028 1100 0029");
    check_norm("0301 0041", UNI_NFC, "0301 0041");      /* leading non-starter */
    check_norm("D800 0301 DC00 0065 0301 DBFF", UNI_NFC, "D800 0301 DC00 00E9 DBFF");
    check_norm("D800", UNI_NFD, "D800");
    check_norm("DC00 D800", UNI_NFKD, "DC00 D800");
    check_norm("10000 0301", UNI_NFC, "10000 0301");
    check_norm("00C5", UNI_NFKD, "0041 030A");
    check_norm("0041 0020 0042", UNI_NFC, "0041 0020 0042");
    for (f = UNI_NFC; f <= UNI_NFKD; f++) {
        check(uni_normalize(NULL, 0, f, &out, &n) == 0 && out != NULL && n == 0,
              "normalize empty");
        free(out);
    }
    check(uni_normalize(NULL, 0, 7, &out, &n) != 0 && out == NULL, "bad form rejected");
    /* A long run of combining marks (merge sort path) stays stable and sorted. */
    {
        enum { N = 3000 };
        uint16_t *in = malloc(N * 2);
        size_t i;
        int ok = 1;
        if (!in) {
            check(0, "out of memory");
            return;
        }
        in[0] = 0x61;
        for (i = 1; i < N; i++)
            in[i] = (uint16_t)(i % 3 == 0 ? 0x301 : i % 3 == 1 ? 0x316 : 0x302);
        ok = uni_normalize(in, N, UNI_NFD, &out, &n) == 0 && n == N && out[0] == 0x61;
        for (i = 1; ok && i < N; i++) {
            /* all 0316 (220) first, then 0302 and 0301 (230) in their original order */
            size_t n316 = N / 3;
            if (i <= n316)
                ok = out[i] == 0x316;
            else
                ok = out[i] == ((i - n316 - 1) % 2 == 0 ? 0x302 : 0x301);
        }
        check(ok, "long combining run sorted stably");
        free(out);
        /* a + 0316, then 0302 and 0301 compose in turn (U+1EA5), the rest stay */
        ok = uni_normalize(in, N, UNI_NFC, &out, &n) == 0 && out[0] == 0x1EA5 && n == N - 2;
        check(ok, "long combining run composed");
        free(out);
        free(in);
    }
}

/* ---------------------------------------------------------------------------------------
 * Properties */

static void test_property_names(void)
{
    static const struct { const char *name, *value; int ok; } t[] = {
        { "Alphabetic", NULL, 1 }, { "Alpha", NULL, 1 }, { "alpha", NULL, 0 },
        { "White_Space", NULL, 1 }, { "space", NULL, 1 }, { "WSpace", NULL, 1 },
        { "Any", NULL, 1 }, { "ASCII", NULL, 1 }, { "Assigned", NULL, 1 },
        { "L", NULL, 1 }, { "Letter", NULL, 1 }, { "LC", NULL, 1 }, { "Cased_Letter", NULL, 1 },
        { "punct", NULL, 1 }, { "digit", NULL, 1 }, { "Combining_Mark", NULL, 1 },
        { "General_Category", "Lu", 1 }, { "gc", "Uppercase_Letter", 1 },
        { "gc", "Alphabetic", 0 }, { "Script", "Greek", 1 }, { "sc", "Grek", 1 },
        { "Script_Extensions", "Latn", 1 }, { "scx", "Qaai", 1 }, { "sc", "Zzzz", 1 },
        { "scx", "Unknown", 1 }, { "Script", NULL, 0 }, { "General_Category", NULL, 0 },
        { "Script_Extensions", NULL, 0 }, { "ASCII", "Y", 0 }, { "Alphabetic", "Yes", 0 },
        { "Block", "Basic_Latin", 0 }, { "Line_Break", "Alphabetic", 0 },
        { "Other_Alphabetic", NULL, 0 }, { "Composition_Exclusion", NULL, 0 },
        { "Full_Composition_Exclusion", NULL, 0 }, { "Hyphen", NULL, 0 },
        { "FC_NFKC_Closure", NULL, 0 }, { "Expands_On_NFC", NULL, 0 },
        { "Grapheme_Link", NULL, 0 }, { "Prepended_Concatenation_Mark", NULL, 0 },
        { "InBasic_Latin", NULL, 0 }, { "IsScript", NULL, 0 }, { "Greek", NULL, 0 },
        { "", NULL, 0 }, { "", "", 0 }, { "gc", "", 0 }, { "Lowercase_Letter", NULL, 1 },
        { "Emoji_Presentation", NULL, 1 }, { "ExtPict", NULL, 1 },
        { "Changes_When_NFKC_Casefolded", NULL, 1 }, { "RGI_Emoji", NULL, 0 },
        { "Basic_Emoji", NULL, 0 }, { "Script", "Katakana_Or_Hiragana", 1 },
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof *t; i++) {
        int h = uni_lookup_property(t[i].name, t[i].value);
        check((h >= 0) == t[i].ok, "lookup %s%s%s -> %d", t[i].name, t[i].value ? "=" : "",
              t[i].value ? t[i].value : "", h);
    }
    check(uni_lookup_property(NULL, NULL) < 0, "NULL name");
    check(uni_lookup_property("Alpha", NULL) == uni_lookup_property("Alphabetic", NULL)
          && uni_lookup_property("gc", "L") == uni_lookup_property("Letter", NULL)
          && uni_lookup_property("sc", "Grek") == uni_lookup_property("Script", "Greek")
          && uni_lookup_property("scx", "Grek") != uni_lookup_property("sc", "Grek"),
          "aliases share handles");
    check(!uni_has_property(-1, 0x41) && !uni_has_property(100000, 0x41)
          && uni_property_ranges(-5, NULL, 0) == 0 && uni_property_ranges(100000, NULL, 0) == 0,
          "invalid handles");
}

/* Checks membership of cp in \p{name[=value]}. */
static void check_prop(const char *name, const char *value, uint32_t cp, int expect)
{
    int h = uni_lookup_property(name, value);
    check(h >= 0 && uni_has_property(h, cp) == expect, "%s%s%s has %04X: expected %d", name,
          value ? "=" : "", value ? value : "", cp, expect);
}

static void test_property_values(void)
{
    check_prop("L", NULL, 0x61, 1);
    check_prop("L", NULL, 0x31, 0);
    check_prop("LC", NULL, 0x1C5, 1);
    check_prop("LC", NULL, 0x2B0, 0);
    check_prop("C", NULL, 0x378, 1);
    check_prop("Other", NULL, 0xD800, 1);
    check_prop("Assigned", NULL, 0x378, 0);
    check_prop("Assigned", NULL, 0xE000, 1);
    check_prop("Any", NULL, 0x10FFFF, 1);
    check_prop("Any", NULL, 0x110000, 0);
    check_prop("ASCII", NULL, 0x7F, 1);
    check_prop("ASCII", NULL, 0x80, 0);
    check_prop("Script", "Greek", 0x3B1, 1);
    check_prop("Script", "Greek", 0x61, 0);
    check_prop("Script", "Common", 0x964, 1);
    check_prop("scx", "Deva", 0x964, 1);
    check_prop("scx", "Beng", 0x964, 1);
    check_prop("scx", "Zyyy", 0x964, 0);
    check_prop("scx", "Latn", 0x61, 1);
    check_prop("scx", "Zinh", 0x1D167, 1);   /* Inherited, no Script_Extensions entry */
    check_prop("scx", "Zzzz", 0x378, 1);
    check_prop("sc", "Unknown", 0x378, 1);
    check_prop("sc", "Unknown", 0x10FFFF, 1);
    check_prop("sc", "Hrkt", 0x30A2, 0);
    check_prop("sc", "Kana", 0x30A2, 1);
    check_prop("sc", "Hani", 0x4E00, 1);
    check_prop("scx", "Hira", 0x30FC, 1);
    check_prop("scx", "Kana", 0x30FC, 1);
    check_prop("Alphabetic", NULL, 0x61, 1);
    check_prop("Alphabetic", NULL, 0x10FFFF, 0);
    check_prop("White_Space", NULL, 0x85, 1);
    check_prop("Emoji", NULL, 0x1F600, 1);
    check_prop("Emoji", NULL, 0x23, 1);
    check_prop("Emoji_Presentation", NULL, 0x23, 0);
    check_prop("Extended_Pictographic", NULL, 0x1FFFD, 1);
    check_prop("Noncharacter_Code_Point", NULL, 0x10FFFF, 1);
    check_prop("Noncharacter_Code_Point", NULL, 0xFDD0, 1);
    check_prop("Bidi_Mirrored", NULL, 0x28, 1);
    check_prop("Changes_When_NFKC_Casefolded", NULL, 0x41, 1);
    check_prop("Lowercase", NULL, 0xAA, 1);
    check_prop("Regional_Indicator", NULL, 0x1F1E6, 1);
    check_prop("IDS_Trinary_Operator", NULL, 0x2FF2, 1);
}

/* Every handle: ranges are ascending, disjoint and non-adjacent, agree with
 * uni_has_property at and around each boundary, and a short buffer gets a prefix. */
static void test_property_ranges(void)
{
    int h, handles = (int)(uni_prop_descs_len + 2 * uni_script_count);
    uint32_t *buf = malloc(2 * 20000 * sizeof(uint32_t));
    long sc_total = 0;
    if (!buf) {
        check(0, "out of memory");
        return;
    }
    check(uni_property_ranges(handles, NULL, 0) == 0 && !uni_has_property(handles, 0x41),
          "handle past the end");
    for (h = 0; h < handles; h++) {
        size_t n = uni_property_ranges(h, NULL, 0), n2, i;
        long bad = 0;
        uint32_t pre[4];
        if (n == 0 && (uni_has_property(h, 0) || uni_has_property(h, 0x61)
                       || uni_has_property(h, 0x3000)))
            bad++;      /* empty, e.g. Script=Katakana_Or_Hiragana */
        if (n > 20000) {
            check(0, "handle %d: %zu ranges", h, n);
            continue;
        }
        n2 = uni_property_ranges(h, buf, 20000);
        if (n2 != n)
            bad++;
        for (i = 0; i < n; i++) {
            uint32_t a = buf[2 * i], b = buf[2 * i + 1];
            if (a > b || b > 0x10FFFF || (i > 0 && a <= buf[2 * i - 1] + 1))
                bad++;
            if (!uni_has_property(h, a) || !uni_has_property(h, b)
                || !uni_has_property(h, a + (b - a) / 2))
                bad++;
            if (a > 0 && uni_has_property(h, a - 1))
                bad++;
            if (b < 0x10FFFF && uni_has_property(h, b + 1))
                bad++;
        }
        if (n == 0 && uni_has_property(h, 0))
            bad++;
        if (n >= 2) {
            if (uni_property_ranges(h, pre, 2) != n || memcmp(pre, buf, sizeof pre) != 0)
                bad++;
        }
        check(bad == 0, "ranges of handle %d: %ld problems", h, bad);
    }
    check(handles > 400, "handles: %d", handles);
    /* Script partitions the code space. */
    {
        static const char *const some[] = { "Latin", "Greek", "Common", "Inherited", "Unknown",
                                            "Han", "Arabic", "Zanabazar_Square" };
        size_t i;
        for (i = 0; i < sizeof some / sizeof *some; i++)
            (void)uni_lookup_property("Script", some[i]);
        for (i = 0; i < uni_script_count; i++) {
            int hs = uni_lookup_property("Script", uni_script_names[i]);
            size_t k, n = uni_property_ranges(hs, buf, 20000);
            for (k = 0; k < n && k < 20000; k++)
                sc_total += (long)(buf[2 * k + 1] - buf[2 * k] + 1);
        }
        check(sc_total == 0x110000, "Script ranges cover the code space once: %ld", sc_total);
    }
    /* Exhaustive agreement for a few handles with many ranges. */
    {
        static const char *const names[] = { "Lowercase", "Changes_When_NFKC_Casefolded",
                                             "Grapheme_Base", "ID_Continue", "L" };
        size_t i, k;
        for (i = 0; i < sizeof names / sizeof *names; i++) {
            int hh = uni_lookup_property(names[i], NULL);
            size_t n = uni_property_ranges(hh, buf, 20000);
            long bad = 0;
            uint32_t c = 0;
            for (k = 0; k < n; k++) {
                for (; c < buf[2 * k]; c++)
                    bad += uni_has_property(hh, c);
                for (; c <= buf[2 * k + 1]; c++)
                    bad += !uni_has_property(hh, c);
            }
            for (; c < MAX_CP; c++)
                bad += uni_has_property(hh, c);
            check(bad == 0, "%s exhaustive: %ld differ", names[i], bad);
        }
        {
            int hh = uni_lookup_property("scx", "Deva");
            size_t n = uni_property_ranges(hh, buf, 20000);
            long bad = 0;
            uint32_t c = 0;
            for (k = 0; k < n; k++) {
                for (; c < buf[2 * k]; c++)
                    bad += uni_has_property(hh, c);
                for (; c <= buf[2 * k + 1]; c++)
                    bad += !uni_has_property(hh, c);
            }
            for (; c < MAX_CP; c++)
                bad += uni_has_property(hh, c);
            check(bad == 0, "scx=Deva exhaustive: %ld differ", bad);
        }
    }
    free(buf);
}

/* ---------------------------------------------------------------------------------------
 * NormalizationTest.txt (UAX #15 conformance, same Unicode version as the tables) */

/* Whether normalizing the field text a (hex list) with form gives field e. */
static int conf_ok(const char *a, int form, const char *e)
{
    uint16_t in[128], ex[128], *out = NULL;
    size_t ni = parse_cps(a, in, 128), ne = parse_cps(e, ex, 128), n = 0;
    int ok = uni_normalize(in, ni, form, &out, &n) == 0 && n == ne
             && memcmp(out, ex, ne * 2) == 0;
    free(out);
    return ok;
}

/* The directory of the UCD text files: $CRYO_UCD_DIR, else Debian's unicode-data. */
static const char *ucd_dir(void)
{
    const char *d = getenv("CRYO_UCD_DIR");
    return d && *d ? d : "/usr/share/unicode";
}

/* Whether the UCD files are of the tables' Unicode version (judged by the first line of
 * DerivedCoreProperties.txt, "# DerivedCoreProperties-X.Y.Z.txt"); prints a skip line for
 * `what` when they are not (the files cannot be an oracle for another version). */
static int ucd_version_matches(const char *what)
{
    char path[256], line[128] = "", want[64];
    FILE *f;
    snprintf(path, sizeof path, "%s/DerivedCoreProperties.txt", ucd_dir());
    snprintf(want, sizeof want, "-%s.txt", uni_version);
    f = fopen(path, "r");
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    if (strstr(line, want))
        return 1;
    printf("skip: %s: the UCD files in %s are not Unicode %s (set CRYO_UCD_DIR; see "
           "tools/ucd_from_git.py)\n", what, ucd_dir(), uni_version);
    return 0;
}

static void test_conformance(void)
{
    FILE *f = NULL;
    int piped = 0;
    char *line = NULL;
    size_t cap = 0;
    long lines = 0, bad = 0, inv_bad = 0, line_bad;
    int part = -1;
    uint8_t *listed = calloc(MAX_CP, 1);
    uint32_t c;
    char path[256], cmd[300];
    if (!listed)
        return;
    snprintf(path, sizeof path, "%s/NormalizationTest.txt", ucd_dir());
    if (!ucd_version_matches("NormalizationTest.txt")) {
        free(listed);
        return;
    }
    if (access(path, R_OK) == 0) {
        f = fopen(path, "r");
    } else {
        snprintf(cmd, sizeof cmd, "bzcat '%s.bz2' 2>/dev/null", path);
        strcat(path, ".bz2");
        if (access(path, R_OK) == 0) {
            f = popen(cmd, "r");
            piped = 1;
        }
    }
    if (!f) {
        printf("skip: NormalizationTest.txt not found (apt-get install unicode-data)\n");
        free(listed);
        return;
    }
    while (getline(&line, &cap, f) > 0) {
        char *fld[6], *p = line;
        int k;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (line[0] == '@') {
            part = atoi(line + 5);
            continue;
        }
        for (k = 0; k < 5; k++) {
            char *semi = strchr(p, ';');
            if (!semi)
                break;
            *semi = 0;
            fld[k] = p;
            p = semi + 1;
        }
        if (k < 5)
            continue;
        lines++;
        line_bad = bad;
        if (part == 1)
            listed[strtoul(fld[0], NULL, 16) & 0x1FFFFF] = 1;
        /* c2 == toNFC(c1) == toNFC(c2) == toNFC(c3); c4 == toNFC(c4) == toNFC(c5) ... */
        for (k = 0; k < 3; k++) {
            if (!conf_ok(fld[k], UNI_NFC, fld[1]) || !conf_ok(fld[k], UNI_NFD, fld[2]))
                bad++;
        }
        for (k = 3; k < 5; k++) {
            if (!conf_ok(fld[k], UNI_NFC, fld[3]) || !conf_ok(fld[k], UNI_NFD, fld[4]))
                bad++;
        }
        for (k = 0; k < 5; k++) {
            if (!conf_ok(fld[k], UNI_NFKC, fld[3]) || !conf_ok(fld[k], UNI_NFKD, fld[4]))
                bad++;
        }
        if (bad != line_bad && line_bad < 5)
            printf("conformance line failed: %s;%s;%s;%s;%s\n", fld[0], fld[1], fld[2], fld[3],
                   fld[4]);
    }
    free(line);
    if (piped)
        pclose(f);
    else
        fclose(f);
    /* Code points not in part 1 are unchanged by every form. */
    for (c = 0; c < MAX_CP; c++) {
        uint16_t in[2], *out;
        size_t n = 0, m;
        int form;
        if (listed[c] || (c >= 0xD800 && c <= 0xDFFF))
            continue;
        if (c < 0x10000) {
            in[n++] = (uint16_t)c;
        } else {
            in[n++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            in[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        }
        for (form = UNI_NFC; form <= UNI_NFKD; form++) {
            if (uni_normalize(in, n, form, &out, &m) != 0 || m != n
                || memcmp(out, in, n * 2) != 0)
                inv_bad++;
            free(out);
        }
    }
    free(listed);
    check(lines > 10000, "NormalizationTest.txt lines read: %ld", lines);
    check(bad == 0, "NormalizationTest.txt: %ld of %ld lines fail", bad, lines);
    check(inv_bad == 0, "NormalizationTest.txt part 1 invariants: %ld fail", inv_bad);
    printf("NormalizationTest.txt: %ld lines checked\n", lines);
}

/* ---------------------------------------------------------------------------------------
 * The UCD text files themselves (same version as the tables): an oracle independent of the
 * generator's output format for every property, the general category, combining classes
 * and the case mappings. */

/* Calls fn for every data line of a UCD file: the code point range of field 0 and the
 * trimmed fields (comments removed).  Returns 0 if the file could not be read. */
static int ucd_each(const char *file, void (*fn)(uint32_t a, uint32_t b, char **f, int nf,
                                                 void *arg), void *arg)
{
    char path[256], *line = NULL, *fld[16];
    size_t cap = 0;
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", ucd_dir(), file);
    f = fopen(path, "r");
    if (!f)
        return 0;
    while (getline(&line, &cap, f) > 0) {
        char *p = line, *hash = strchr(line, '#'), *dots;
        int nf = 0;
        unsigned long a, b;
        if (hash)
            *hash = 0;
        while (nf < 16) {
            char *semi = strchr(p, ';'), *e;
            if (semi)
                *semi = 0;
            while (*p == ' ' || *p == '\t')
                p++;
            e = p + strlen(p);
            while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
                *--e = 0;
            fld[nf++] = p;
            if (!semi)
                break;
            p = semi + 1;
        }
        if (nf < 2 || !fld[0][0])
            continue;
        a = strtoul(fld[0], NULL, 16);
        dots = strstr(fld[0], "..");
        b = dots ? strtoul(dots + 2, NULL, 16) : a;
        fn((uint32_t)a, (uint32_t)b, fld, nf, arg);
    }
    free(line);
    fclose(f);
    return 1;
}

/* Argument of mark_named: which field value to look for, and where to mark. */
struct mark_arg {
    const char *name;  /* property name in field 1 */
    uint8_t *mark;     /* bit 0 set for listed code points */
};

static void mark_named(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct mark_arg *m = arg;
    uint32_t c;
    if (strcmp(f[1], m->name) != 0 || (nf > 2 && f[2][0]))
        return;
    for (c = a; c <= b && c < MAX_CP; c++)
        m->mark[c] |= 1;
}

/* Counts code points where bit 0 (expected) and bit 1 (ours, from handle h) differ. */
static long mark_compare(uint8_t *mark, int h, uint32_t *first_bad)
{
    size_t n = uni_property_ranges(h, NULL, 0), k;
    uint32_t *buf = malloc((n ? n : 1) * 2 * sizeof(uint32_t)), c;
    long bad = 0;
    if (!buf)
        return -1;
    uni_property_ranges(h, buf, n);
    for (k = 0; k < n; k++)
        for (c = buf[2 * k]; c <= buf[2 * k + 1]; c++)
            mark[c] |= 2;
    free(buf);
    *first_bad = 0;
    for (c = 0; c < MAX_CP; c++)
        if (mark[c] == 1 || mark[c] == 2) {
            if (!bad)
                *first_bad = c;
            bad++;
        }
    return bad;
}

/* The data of UnicodeData.txt, SpecialCasing.txt, CaseFolding.txt. */
struct ucd_chars {
    char (*gc)[3];        /* General_Category abbreviation per code point, "Cn" default */
    uint8_t *ccc;         /* combining class */
    uint32_t *upper;      /* simple mappings (the code point itself when none) */
    uint32_t *lower;
    uint32_t *fold;       /* simple case folding C+S */
    uint32_t first;       /* start of a <..., First> range */
};

static void read_unicode_data(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct ucd_chars *u = arg;
    uint32_t c, lo = a;
    (void)b;
    if (nf < 14)
        return;
    if (strstr(f[1], ", First>")) {
        u->first = a;
        return;
    }
    if (strstr(f[1], ", Last>"))
        lo = u->first;
    for (c = lo; c <= a; c++) {
        memcpy(u->gc[c], f[2], 2);
        u->ccc[c] = (uint8_t)atoi(f[3]);
    }
    if (f[12][0])
        u->upper[a] = (uint32_t)strtoul(f[12], NULL, 16);
    if (f[13][0])
        u->lower[a] = (uint32_t)strtoul(f[13], NULL, 16);
}

static void read_case_folding(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct ucd_chars *u = arg;
    (void)b;
    if (nf >= 3 && (strcmp(f[1], "C") == 0 || strcmp(f[1], "S") == 0))
        u->fold[a] = (uint32_t)strtoul(f[2], NULL, 16);
}

/* Checks the unconditional SpecialCasing.txt entries against uni_full_upper/lower and
 * marks them in the 4 bits of arg's byte array (1 = has special lower, 2 = upper). */
static void check_special_casing(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    uint8_t *special = arg;
    uint16_t e[8];
    uint32_t got[UNI_MAX_CASE_EXPANSION];
    size_t n, m, k;
    int ok;
    (void)b;
    if (nf < 4 || (nf > 4 && f[4][0]))
        return;
    for (k = 0; k < 2; k++) {
        const char *want = k == 0 ? f[1] : f[3];
        n = parse_cps(want, e, 8);
        m = k == 0 ? uni_full_lower(a, got) : uni_full_upper(a, got);
        ok = n == m;
        while (ok && n--)
            ok = got[n] == e[n];
        check(ok, "SpecialCasing %04X %s", a, k == 0 ? "lower" : "upper");
        special[a] |= (uint8_t)(1 << k);
    }
}

/* Argument of the Script / Script_Extensions readers. */
struct script_arg {
    uint8_t *sc;          /* script index per code point */
    uint8_t *has_scx;     /* code point is listed in ScriptExtensions.txt */
    char **scx_list;      /* its list of short names (space separated) */
};

/* Script index of a long or short name (via the property lookup), or -1. */
static int script_index(const char *name)
{
    int h = uni_lookup_property("sc", name);
    return h < 0 ? -1 : h - (int)uni_prop_descs_len;
}

static void read_scripts(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct script_arg *s = arg;
    int i = script_index(f[1]);
    uint32_t c;
    (void)nf;
    check(i >= 0, "Scripts.txt names %s", f[1]);
    for (c = a; c <= b && c < MAX_CP && i >= 0; c++)
        s->sc[c] = (uint8_t)i;
}

static void read_script_ext(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct script_arg *s = arg;
    uint32_t c;
    char *copy = strdup(f[1]);
    (void)nf;
    for (c = a; c <= b && c < MAX_CP; c++) {
        s->has_scx[c] = 1;
        s->scx_list[c] = copy;   /* shared by the range; freed via the first code point */
    }
    s->has_scx[a] = 2;
}

/* Short (4-letter) script names by script index, from PropertyValueAliases.txt. */
static char sc_short[256][8];

/* Checks that every alias on a PropertyValueAliases.txt line for gc / sc looks up, and
 * all to the same handle; records the short script names. */
static void check_value_aliases(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    int i, h0;
    const char *prop = f[0];
    (void)a;
    (void)b;
    (void)arg;
    if (strcmp(prop, "gc") != 0 && strcmp(prop, "sc") != 0)
        return;
    h0 = uni_lookup_property(prop, f[1]);
    if (strcmp(prop, "sc") == 0 && h0 >= (int)uni_prop_descs_len
        && h0 - uni_prop_descs_len < 256)
        snprintf(sc_short[h0 - uni_prop_descs_len], sizeof sc_short[0], "%s", f[1]);
    for (i = 1; i < nf; i++) {
        if (!f[i][0])
            continue;
        check(h0 >= 0 && uni_lookup_property(prop, f[i]) == h0
              && uni_lookup_property(strcmp(prop, "gc") == 0 ? "General_Category" : "Script",
                                     f[i]) == h0, "alias %s=%s", prop, f[i]);
        if (strcmp(prop, "gc") == 0)
            check(uni_lookup_property(f[i], NULL) == h0, "lone alias %s", f[i]);
        else
            check(uni_lookup_property("scx", f[i]) == h0 + (int)uni_script_count,
                  "alias scx=%s", f[i]);
    }
}

/* The binary properties of ECMAScript's table and the file each is defined in. */
static const struct { const char *name, *file; } ucd_binary[] = {
    { "ASCII_Hex_Digit", "PropList.txt" }, { "Alphabetic", "DerivedCoreProperties.txt" },
    { "Bidi_Control", "PropList.txt" },
    { "Bidi_Mirrored", "extracted/DerivedBinaryProperties.txt" },
    { "Case_Ignorable", "DerivedCoreProperties.txt" }, { "Cased", "DerivedCoreProperties.txt" },
    { "Changes_When_Casefolded", "DerivedCoreProperties.txt" },
    { "Changes_When_Casemapped", "DerivedCoreProperties.txt" },
    { "Changes_When_Lowercased", "DerivedCoreProperties.txt" },
    { "Changes_When_NFKC_Casefolded", "DerivedNormalizationProps.txt" },
    { "Changes_When_Titlecased", "DerivedCoreProperties.txt" },
    { "Changes_When_Uppercased", "DerivedCoreProperties.txt" }, { "Dash", "PropList.txt" },
    { "Default_Ignorable_Code_Point", "DerivedCoreProperties.txt" },
    { "Deprecated", "PropList.txt" }, { "Diacritic", "PropList.txt" },
    { "Emoji", "emoji/emoji-data.txt" }, { "Emoji_Component", "emoji/emoji-data.txt" },
    { "Emoji_Modifier", "emoji/emoji-data.txt" }, { "Emoji_Modifier_Base", "emoji/emoji-data.txt" },
    { "Emoji_Presentation", "emoji/emoji-data.txt" },
    { "Extended_Pictographic", "emoji/emoji-data.txt" }, { "Extender", "PropList.txt" },
    { "Grapheme_Base", "DerivedCoreProperties.txt" },
    { "Grapheme_Extend", "DerivedCoreProperties.txt" }, { "Hex_Digit", "PropList.txt" },
    { "IDS_Binary_Operator", "PropList.txt" }, { "IDS_Trinary_Operator", "PropList.txt" },
    { "ID_Continue", "DerivedCoreProperties.txt" }, { "ID_Start", "DerivedCoreProperties.txt" },
    { "Ideographic", "PropList.txt" }, { "Join_Control", "PropList.txt" },
    { "Logical_Order_Exception", "PropList.txt" }, { "Lowercase", "DerivedCoreProperties.txt" },
    { "Math", "DerivedCoreProperties.txt" }, { "Noncharacter_Code_Point", "PropList.txt" },
    { "Pattern_Syntax", "PropList.txt" }, { "Pattern_White_Space", "PropList.txt" },
    { "Quotation_Mark", "PropList.txt" }, { "Radical", "PropList.txt" },
    { "Regional_Indicator", "PropList.txt" }, { "Sentence_Terminal", "PropList.txt" },
    { "Soft_Dotted", "PropList.txt" }, { "Terminal_Punctuation", "PropList.txt" },
    { "Unified_Ideograph", "PropList.txt" }, { "Uppercase", "DerivedCoreProperties.txt" },
    { "Variation_Selector", "PropList.txt" }, { "White_Space", "PropList.txt" },
    { "XID_Continue", "DerivedCoreProperties.txt" }, { "XID_Start", "DerivedCoreProperties.txt" },
};

/* Checks that every alias of a PropertyAliases.txt line naming one of our binary
 * properties looks up to the same handle. */
static void check_prop_aliases(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    size_t i;
    int k, h;
    (void)a;
    (void)b;
    (void)arg;
    for (i = 0; i < sizeof ucd_binary / sizeof *ucd_binary; i++)
        if (strcmp(f[1], ucd_binary[i].name) == 0)
            break;
    if (i == sizeof ucd_binary / sizeof *ucd_binary)
        return;
    h = uni_lookup_property(f[1], NULL);
    for (k = 0; k < nf; k++)
        if (f[k][0])
            check(h >= 0 && uni_lookup_property(f[k], NULL) == h, "alias %s", f[k]);
}

/* ---------------------------------------------------------------------------------------
 * Properties of strings (the v flag's \p{RGI_Emoji} ...) */

static const char *const string_props[] = {
    "Basic_Emoji", "Emoji_Keycap_Sequence", "RGI_Emoji_Flag_Sequence",
    "RGI_Emoji_Modifier_Sequence", "RGI_Emoji_Tag_Sequence", "RGI_Emoji_ZWJ_Sequence",
    "RGI_Emoji",
};
#define N_STRING_PROPS (sizeof string_props / sizeof *string_props)

/* Compares code point sequences as Python compares tuples (a prefix first). */
static int cps_cmp(const uint32_t *x, uint32_t nx, const uint32_t *y, uint32_t ny)
{
    uint32_t i;
    for (i = 0; i < nx && i < ny; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return nx == ny ? 0 : nx < ny ? -1 : 1;
}

/* Whether handle h has the sequence cps[0..n) (n >= 2) or, for n == 1, the code point. */
static int string_prop_has(int h, const uint32_t *cps, uint32_t n)
{
    uint32_t it = 0, len, r[2 * 256];
    const uint32_t *s;
    size_t nr, i;
    if (n == 1) {
        nr = uni_string_property_ranges(h, r, 256);
        for (i = 0; i < nr && i < 256; i++)
            if (cps[0] >= r[2 * i] && cps[0] <= r[2 * i + 1])
                return 1;
        return 0;
    }
    while ((len = uni_string_property_next(h, &it, &s)) != 0)
        if (len == n && !memcmp(s, cps, n * sizeof *cps))
            return 1;
    return 0;
}

/* Counts of what a property lists: single code points and sequences. */
struct seq_count {
    long singles[N_STRING_PROPS];   /* code points listed alone (ranges expanded) */
    long seqs[N_STRING_PROPS];      /* sequences of 2+ code points */
    long missing;                   /* listed but not in the table */
};

/* ucd_each callback for emoji-sequences.txt / emoji-zwj-sequences.txt. */
static void check_seq_line(uint32_t a, uint32_t b, char **f, int nf, void *arg)
{
    struct seq_count *sc = arg;
    uint32_t cps[32], n = 0, c;
    size_t k;
    char *p = f[0], *end;
    (void)nf;
    for (k = 0; k < N_STRING_PROPS && strcmp(string_props[k], f[1]); k++)
        ;
    if (k == N_STRING_PROPS) {
        check(0, "emoji sequences: unknown type %s", f[1]);
        return;
    }
    if (strstr(f[0], "..") || !strchr(f[0], ' ')) {
        for (c = a; c <= b; c++) {
            sc->singles[k]++;
            if (!string_prop_has(uni_lookup_string_property(f[1]), &c, 1)
                || !string_prop_has(uni_lookup_string_property("RGI_Emoji"), &c, 1))
                sc->missing++;
        }
        return;
    }
    while (n < 32) {
        unsigned long v = strtoul(p, &end, 16);
        if (end == p)
            break;
        cps[n++] = (uint32_t)v;
        p = end;
    }
    sc->seqs[k]++;
    if (!string_prop_has(uni_lookup_string_property(f[1]), cps, n)
        || !string_prop_has(uni_lookup_string_property("RGI_Emoji"), cps, n))
        sc->missing++;
}

static void test_string_properties(void)
{
    long nseq[N_STRING_PROPS], nsingle[N_STRING_PROPS], sum_seq = 0, sum_single = 0;
    size_t k;
    char path[256];
    for (k = 0; k < N_STRING_PROPS; k++) {
        int h = uni_lookup_string_property(string_props[k]);
        uint32_t it = 0, len, prev[32], prev_len = 0, r[2 * 256];
        const uint32_t *s;
        long sorted = 1, shortl = 0;
        size_t nr, i;
        check(h >= 0, "property of strings %s not found", string_props[k]);
        nseq[k] = nsingle[k] = 0;
        while ((len = uni_string_property_next(h, &it, &s)) != 0) {
            nseq[k]++;
            if (len < 2 || len > 32)
                shortl++;
            else if (k + 1 < N_STRING_PROPS) {   /* each part is sorted, so distinct */
                if (prev_len && cps_cmp(prev, prev_len, s, len) >= 0)
                    sorted = 0;
                memcpy(prev, s, len * 4);
                prev_len = len;
            }
        }
        nr = uni_string_property_ranges(h, r, 256);
        check(nr <= 256, "%s: %zu ranges", string_props[k], nr);
        for (i = 0; i < nr && i < 256; i++)
            nsingle[k] += (long)(r[2 * i + 1] - r[2 * i] + 1);
        check(shortl == 0 && sorted, "%s: %ld sequences shorter than 2, sorted %ld",
              string_props[k], shortl, sorted);
        if (k + 1 < N_STRING_PROPS) {
            sum_seq += nseq[k];
            sum_single += nsingle[k];
        }
    }
    check(nseq[N_STRING_PROPS - 1] == sum_seq && nsingle[N_STRING_PROPS - 1] == sum_single,
          "RGI_Emoji is not the union of the other properties of strings");
    check(uni_lookup_string_property("rgi_emoji") < 0 && uni_lookup_string_property("Emoji") < 0
          && uni_lookup_string_property("") < 0, "properties of strings: bad names accepted");
    {
        static const uint32_t fr[] = { 0x1F1EB, 0x1F1F7 }, kc[] = { 0x23, 0xFE0F, 0x20E3 };
        static const uint32_t watch = 0x231A, a = 0x41, fr1 = 0x1F1EB;
        int flag = uni_lookup_string_property("RGI_Emoji_Flag_Sequence");
        int basic = uni_lookup_string_property("Basic_Emoji");
        int keycap = uni_lookup_string_property("Emoji_Keycap_Sequence");
        check(string_prop_has(flag, fr, 2) && !string_prop_has(flag, &fr1, 1)
              && string_prop_has(basic, &watch, 1) && !string_prop_has(basic, &a, 1)
              && string_prop_has(keycap, kc, 3) && !string_prop_has(basic, kc, 3),
              "properties of strings: spot checks");
    }
    /* against the emoji sequence files of the same version */
    snprintf(path, sizeof path, "%s/emoji/emoji-zwj-sequences.txt", ucd_dir());
    if (access(path, R_OK) != 0 || !ucd_version_matches("emoji sequence checks")) {
        if (access(path, R_OK) != 0)
            printf("skip: %s not found; emoji sequence checks not run\n", path);
        return;
    }
    {
        struct seq_count sc;
        memset(&sc, 0, sizeof sc);
        check(ucd_each("emoji/emoji-sequences.txt", check_seq_line, &sc)
              && ucd_each("emoji/emoji-zwj-sequences.txt", check_seq_line, &sc),
              "read the emoji sequence files");
        check(sc.missing == 0, "emoji sequence files: %ld entries missing from the tables",
              sc.missing);
        for (k = 0; k + 1 < N_STRING_PROPS; k++)
            check(sc.seqs[k] == nseq[k] && sc.singles[k] == nsingle[k],
                  "%s: files list %ld sequences and %ld code points, tables %ld and %ld",
                  string_props[k], sc.seqs[k], sc.singles[k], nseq[k], nsingle[k]);
    }
}

static void test_ucd_files(void)
{
    uint8_t *mark = malloc(MAX_CP), *special = calloc(MAX_CP, 1);
    struct ucd_chars u;
    struct script_arg s;
    size_t i;
    uint32_t c, first_bad;
    long bad;
    char path[256];
    snprintf(path, sizeof path, "%s/UnicodeData.txt", ucd_dir());
    if (access(path, R_OK) != 0 || !ucd_version_matches("UCD file checks")) {
        if (access(path, R_OK) != 0)
            printf("skip: %s not found; UCD file checks not run\n", path);
        free(mark);
        free(special);
        return;
    }
    u.gc = malloc(MAX_CP * sizeof *u.gc);
    u.ccc = calloc(MAX_CP, 1);
    u.upper = malloc(MAX_CP * sizeof(uint32_t));
    u.lower = malloc(MAX_CP * sizeof(uint32_t));
    u.fold = malloc(MAX_CP * sizeof(uint32_t));
    s.sc = calloc(MAX_CP, 1);
    s.has_scx = calloc(MAX_CP, 1);
    s.scx_list = calloc(MAX_CP, sizeof(char *));
    if (!mark || !special || !u.gc || !u.ccc || !u.upper || !u.lower || !u.fold || !s.sc
        || !s.has_scx || !s.scx_list) {
        check(0, "out of memory");
        return;
    }
    /* binary properties */
    for (i = 0; i < sizeof ucd_binary / sizeof *ucd_binary; i++) {
        struct mark_arg m = { ucd_binary[i].name, mark };
        int h = uni_lookup_property(ucd_binary[i].name, NULL);
        memset(mark, 0, MAX_CP);
        check(ucd_each(ucd_binary[i].file, mark_named, &m), "read %s", ucd_binary[i].file);
        bad = mark_compare(mark, h, &first_bad);
        check(h >= 0 && bad == 0, "UCD %s: %ld code points differ (first %04X)",
              ucd_binary[i].name, bad, first_bad);
    }
    check(ucd_each("PropertyAliases.txt", check_prop_aliases, NULL), "read PropertyAliases");
    /* UnicodeData.txt: gc, ccc, simple case mappings; CaseFolding.txt */
    for (c = 0; c < MAX_CP; c++) {
        memcpy(u.gc[c], "Cn", 3);
        u.upper[c] = u.lower[c] = u.fold[c] = c;
    }
    ucd_each("UnicodeData.txt", read_unicode_data, &u);
    check(ucd_each("CaseFolding.txt", read_case_folding, &u), "read CaseFolding.txt");
    bad = 0;
    for (c = 0; c < MAX_CP; c++) {
        int h = uni_lookup_property("gc", u.gc[c]);
        if (!uni_has_property(h, c) || uni_combining_class(c) != u.ccc[c]
            || uni_simple_upper(c) != u.upper[c] || uni_simple_lower(c) != u.lower[c]
            || uni_simple_fold(c) != u.fold[c]) {
            if (bad++ < 3)
                check(0, "UnicodeData/CaseFolding differ at %04X", c);
        }
    }
    check(bad == 0, "UnicodeData.txt and CaseFolding.txt: %ld code points differ", bad);
    /* SpecialCasing.txt (unconditional); elsewhere the full mapping is the simple one */
    check(ucd_each("SpecialCasing.txt", check_special_casing, special), "read SpecialCasing");
    bad = 0;
    for (c = 0; c < MAX_CP; c++) {
        uint32_t got[UNI_MAX_CASE_EXPANSION];
        if (!(special[c] & 1) && (uni_full_lower(c, got) != 1 || got[0] != u.lower[c]))
            bad++;
        if (!(special[c] & 2) && (uni_full_upper(c, got) != 1 || got[0] != u.upper[c]))
            bad++;
    }
    check(bad == 0, "full mappings without SpecialCasing entries: %ld differ", bad);
    /* every alias of PropertyValueAliases.txt (gc, sc) */
    check(ucd_each("PropertyValueAliases.txt", check_value_aliases, NULL),
          "read PropertyValueAliases.txt");
    /* Scripts.txt and ScriptExtensions.txt */
    {
        int unknown = script_index("Unknown");
        memset(s.sc, unknown, MAX_CP);
        check(ucd_each("Scripts.txt", read_scripts, &s), "read Scripts.txt");
        check(ucd_each("ScriptExtensions.txt", read_script_ext, &s), "read ScriptExtensions");
        for (i = 0; i < uni_script_count; i++) {
            const char *name = uni_script_names[i];
            int h = uni_lookup_property("Script", name);
            int hx = uni_lookup_property("Script_Extensions", name);
            char key[80];
            size_t klen;
            memset(mark, 0, MAX_CP);
            for (c = 0; c < MAX_CP; c++)
                mark[c] = s.sc[c] == i;
            bad = mark_compare(mark, h, &first_bad);
            check(bad == 0, "UCD Script=%s: %ld differ (first %04X)", name, bad, first_bad);
            snprintf(key, sizeof key, "%s", sc_short[i]);
            klen = strlen(key);
            check(klen == 4, "short name of %s", name);
            for (c = 0; c < MAX_CP; c++) {
                int in;
                if (!s.has_scx[c]) {
                    in = s.sc[c] == i;
                } else {
                    const char *p = s.scx_list[c];
                    in = 0;
                    while (klen && (p = strstr(p, key)) != NULL) {
                        if ((p == s.scx_list[c] || p[-1] == ' ')
                            && (p[klen] == 0 || p[klen] == ' ')) {
                            in = 1;
                            break;
                        }
                        p += klen;
                    }
                }
                mark[c] = (uint8_t)in;
            }
            bad = mark_compare(mark, hx, &first_bad);
            check(bad == 0, "UCD Script_Extensions=%s: %ld differ (first %04X)", name, bad,
                  first_bad);
        }
    }
    for (c = 0; c < MAX_CP; c++)
        if (s.has_scx[c] == 2)
            free(s.scx_list[c]);
    free(s.scx_list);
    free(s.has_scx);
    free(s.sc);
    free(u.gc);
    free(u.ccc);
    free(u.upper);
    free(u.lower);
    free(u.fold);
    free(mark);
    free(special);
}

/* ---------------------------------------------------------------------------------------
 * Comparison with node */

/* Tricky sequences for normalization and case mapping (hex code point lists). */
static const char *const tricky[] = {
    "0041 030A 0323", "0041 0323 030A", "212B 0323", "00C5 0323", "0071 0307 0323",
    "1E0B 0323", "1E0D 0307", "0064 0323 0307", "0064 0307 0323", "1100 1161 11A8 0301",
    "1100 1161 0301 11A8", "AC00 11A8 11A8", "1100 0300 1161", "AC00 0300 11A8",
    "0B47 0300 0B3E", "0B47 0B3E 0300", "1025 102E", "0915 093C 0300", "0958 0300",
    "03B1 0313 0300 0345", "03B1 0345 0313 0300", "1FB3 0301", "0399 0308 0301",
    "1D15E 1D165", "1D157 1D165 1D16E", "0061 0315 0300 05AE 0300 0062",
    "0061 059A 0316 302A 0315 0062", "0061 302A 0316 0315 059A 0062",
    "00DF 0130 0149 01F0 0390 1E96 FB00 FB06 0587 1FB3 1FBC 1FF3",
    "03A3 0041 03A3", "0041 03A3 0345 0041", "0041 0345 03A3", "0391 0387 03A3", "03A3 03A3",
    "0041 03A3 1F600", "0041 03A3 10400", "10400 0345 03A3 0020",
    "FDFA 3300 FB2C 1E9B 0323", "2000 2001 00A0 FEFF 3000 1680", "0130 0069 0049 0131",
    "D800 0301 0041 DFFF 0308", "DBFF DC00 DBFF", "DC00 DBFF 0301", "0301 0301 0041",
    "1E9E 00DF 017F 212A 2126 00B5", "01C4 01C5 01C6 01F1 01F2 01F3", "0345 0399 03B9 1FBE",
    "A64A 1C88 1E9E", "0CC6 0CC2 0CD5", "0DD9 0DCF 0DCA", "11131 11127", "1133C 11347 1133E",
    "114B9 114BA 114B0 114BD", "115B8 115AF", "11935 11930",
};

/* Code points the random sequences are drawn from: starters with and without
 * compositions, combining marks of several classes, Hangul, excluded and singleton
 * decompositions, case specials, Final_Sigma context, lone surrogates, supplementary. */
static const uint32_t seq_alphabet[] = {
    0x41, 0x61, 0x65, 0x45, 0x4F, 0x6F, 0x55, 0x75, 0x69, 0x49, 0x130, 0x131, 0xDF, 0x1E9E,
    0x17F, 0x212A, 0x212B, 0xC5, 0xE5, 0x3A3, 0x3C3, 0x3C2, 0x391, 0x3B1, 0x345, 0x399, 0x3B9,
    0x300, 0x301, 0x302, 0x303, 0x308, 0x316, 0x323, 0x327, 0x328, 0x31B, 0x344, 0x340, 0x343,
    0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01, 0xB47, 0xB3E, 0xB57, 0xCC6, 0xCC2, 0xCD5, 0xDD9,
    0xDCF, 0xDCA, 0x1025, 0x102E, 0x958, 0x93C, 0x915, 0xFB01, 0xFB03, 0x2460, 0x3300, 0xFDFA,
    0x1D15E, 0x1D165, 0x1D16E, 0x2F800, 0x10400, 0x10428, 0xAD, 0x2E, 0x27, 0x20, 0x180E,
    0xD800, 0xDC00, 0xDBFF, 0x1F80, 0x1FB3, 0x1FBC, 0x149, 0x1F0, 0x390, 0x1E96, 0x587, 0xFB13,
    0x1C4, 0x1C5, 0x1C6, 0x3099, 0x304B, 0x30AB, 0x309A, 0xF73, 0xF71, 0xF72, 0xF80, 0x1E0B,
};

#define N_RANDOM_SEQ 3000
#define N_SEQ (sizeof tricky / sizeof *tricky + N_RANDOM_SEQ)

/* All sequences (hex code point lists): tricky[] then deterministic random ones. */
static char seq_text[N_SEQ][12 * 7 + 1];

/* Fills seq_text (xorshift32 with a fixed seed, so every run tests the same strings). */
static void build_sequences(void)
{
    uint32_t x = 0x12345678u;
    size_t i, k;
    for (i = 0; i < N_SEQ; i++) {
        size_t len = 0, n;
        if (i < sizeof tricky / sizeof *tricky) {
            snprintf(seq_text[i], sizeof seq_text[i], "%s", tricky[i]);
            continue;
        }
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        n = 1 + x % 12;
        seq_text[i][0] = 0;
        for (k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            len += (size_t)snprintf(seq_text[i] + len, sizeof seq_text[i] - len, "%s%X",
                                    k ? " " : "",
                                    seq_alphabet[x % (sizeof seq_alphabet / sizeof *seq_alphabet)]);
        }
    }
}

/* Normalizes u[0..n) to form into out (cap units); returns the length or (size_t)-1. */
static size_t norm_into(const uint16_t *u, size_t n, int form, uint16_t *out, size_t cap)
{
    uint16_t *r;
    size_t m;
    if (uni_normalize(u, n, form, &r, &m) != 0 || m > cap) {
        free(r);
        return (size_t)-1;
    }
    memcpy(out, r, m * 2);
    free(r);
    return m;
}

/* UAX #15 relations and case-mapping size queries on every sequence. */
static void test_sequence_invariants(void)
{
    size_t i;
    long bad = 0, before, shown = 0;
    for (i = 0; i < N_SEQ; i++) {
        uint16_t in[64], c[512], d[512], kc[512], kd[512], t[512], up[256], lo[256];
        size_t n = parse_cps(seq_text[i], in, 64), nc, nd, nkc, nkd, nt;
        nc = norm_into(in, n, UNI_NFC, c, 512);
        nd = norm_into(in, n, UNI_NFD, d, 512);
        nkc = norm_into(in, n, UNI_NFKC, kc, 512);
        nkd = norm_into(in, n, UNI_NFKD, kd, 512);
        before = bad;
        if (nc == (size_t)-1 || nd == (size_t)-1 || nkc == (size_t)-1 || nkd == (size_t)-1) {
            bad++;
            continue;
        }
        /* NFC(x) = NFC(NFC(x)) = NFC(NFD(x)); NFD(x) = NFD(NFC(x)) = NFD(NFD(x)) */
        nt = norm_into(c, nc, UNI_NFC, t, 512);
        bad += nt != nc || memcmp(t, c, nc * 2) != 0;
        nt = norm_into(d, nd, UNI_NFC, t, 512);
        bad += nt != nc || memcmp(t, c, nc * 2) != 0;
        nt = norm_into(c, nc, UNI_NFD, t, 512);
        bad += nt != nd || memcmp(t, d, nd * 2) != 0;
        nt = norm_into(d, nd, UNI_NFD, t, 512);
        bad += nt != nd || memcmp(t, d, nd * 2) != 0;
        /* NFKC(x) = NFC(NFKD(x)) = NFKC(NFC(x)); NFKD(x) = NFD(NFKD(x)) = NFKD(NFC(x)) */
        nt = norm_into(kd, nkd, UNI_NFC, t, 512);
        bad += nt != nkc || memcmp(t, kc, nkc * 2) != 0;
        nt = norm_into(c, nc, UNI_NFKC, t, 512);
        bad += nt != nkc || memcmp(t, kc, nkc * 2) != 0;
        nt = norm_into(kd, nkd, UNI_NFD, t, 512);
        bad += nt != nkd || memcmp(t, kd, nkd * 2) != 0;
        nt = norm_into(c, nc, UNI_NFKD, t, 512);
        bad += nt != nkd || memcmp(t, kd, nkd * 2) != 0;
        /* size queries match, and results fit the documented bounds */
        bad += uni_to_upper_utf16(in, n, NULL) != uni_to_upper_utf16(in, n, up)
               || uni_to_upper_utf16(in, n, NULL) > 3 * n;
        bad += uni_to_lower_utf16(in, n, NULL) != uni_to_lower_utf16(in, n, lo)
               || uni_to_lower_utf16(in, n, NULL) > 2 * n;
        if (bad != before && shown++ < 5)
            printf("invariants fail on %s\n", seq_text[i]);
    }
    check(bad == 0, "normalization / case invariants on %zu sequences: %ld fail", N_SEQ, bad);
}

/* The JavaScript that node runs: argv[2] = input file with lines "case", "norm",
 * "seq <hex units>" and "prop <name>[=<value>]". */
static const char node_script[] =
    "'use strict';\n"
    "const fs=require('fs');\n"
    "const out=[];\n"
    "const hx=s=>{const a=[];for(let i=0;i<s.length;i++)a.push(s.charCodeAt(i).toString(16));"
    "return a.join(' ');};\n"
    "const str=cp=>cp>=0xD800&&cp<=0xDFFF?String.fromCharCode(cp):String.fromCodePoint(cp);\n"
    "const forms=['NFC','NFD','NFKC','NFKD'];\n"
    "let lo='',hi='';\n"
    "for(let c=0;c<0xD800;c++)lo+=String.fromCodePoint(c);\n"
    "for(let c=0xE000;c<0x110000;c++)hi+=String.fromCodePoint(c);\n"
    "for(const line of fs.readFileSync(process.argv[2],'utf8').split('\\n')){\n"
    " if(line==='case'){\n"
    "  for(let c=0;c<0x110000;c++){const s=str(c);const u=s.toUpperCase(),l=s.toLowerCase();\n"
    "   if(u!==s)out.push('U '+c.toString(16)+' '+hx(u));\n"
    "   if(l!==s)out.push('L '+c.toString(16)+' '+hx(l));}\n"
    " }else if(line==='norm'){\n"
    "  for(let c=0;c<0x110000;c++){const s=str(c);\n"
    "   for(let f=0;f<4;f++){const n=s.normalize(forms[f]);"
    "if(n!==s)out.push('N'+f+' '+c.toString(16)+' '+hx(n));}}\n"
    " }else if(line.startsWith('seq ')){\n"
    "  const s=String.fromCharCode(...line.slice(4).split(' ').map(x=>parseInt(x,16)));\n"
    "  out.push('S '+[s.toUpperCase(),s.toLowerCase()].concat(forms.map(f=>s.normalize(f)))"
    ".map(hx).join(';'));\n"
    " }else if(line.startsWith('prop ')){\n"
    "  let re;try{re=new RegExp('\\\\p{'+line.slice(5)+'}+','gu');}"
    "catch(e){out.push('P '+line.slice(5)+' invalid');continue;}\n"
    "  const r=[];\n"
    "  for(const t of [lo,hi])for(const m of t.matchAll(re)){const a=m[0].codePointAt(0);"
    "const b=m[0].codePointAt(m[0].length-(m[0].codePointAt(m[0].length-2)>0xFFFF?2:1));"
    "r.push(a.toString(16)+'-'+b.toString(16));}\n"
    "  const one=new RegExp('^\\\\p{'+line.slice(5)+'}$','u');\n"
    "  const sur=[0xD800,0xDBFF,0xDC00,0xDFFF].filter(c=>one.test(String.fromCharCode(c)));\n"
    "  out.push('P '+line.slice(5)+' '+r.join(' ')+' | '+sur.map(c=>c.toString(16)).join(' '));\n"
    " }\n"
    "}\n"
    "process.stdout.write(out.join('\\n')+'\\n');\n";

/* One line of node's output. */
struct node_out {
    char **lines;   /* malloc'd lines without newline */
    size_t n;       /* number of lines */
};

/* Runs node on the script with the given input; 0 on success. */
static int run_node(const char *node, const char *input, struct node_out *res)
{
    char dir[] = "/tmp/cryo_unicode_XXXXXX", path_js[64], path_in[64], cmd[256];
    FILE *f, *p;
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t len;
    res->lines = NULL;
    res->n = 0;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path_js, sizeof path_js, "%s/t.js", dir);
    snprintf(path_in, sizeof path_in, "%s/in.txt", dir);
    f = fopen(path_js, "w");
    if (!f)
        return -1;
    fputs(node_script, f);
    fclose(f);
    f = fopen(path_in, "w");
    if (!f)
        return -1;
    fputs(input, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s %s %s", node, path_js, path_in);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    while ((len = getline(&line, &cap, p)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = 0;
        if (res->n == alloc) {
            char **q;
            alloc = alloc ? alloc * 2 : 1024;
            q = realloc(res->lines, alloc * sizeof *q);
            if (!q)
                break;
            res->lines = q;
        }
        res->lines[res->n++] = strdup(line);
    }
    free(line);
    pclose(p);
    remove(path_js);
    remove(path_in);
    rmdir(dir);
    return res->n > 0 ? 0 : -1;
}

/* Our gc says unassigned but node's does not: new in node's Unicode version. */
static uint8_t *node_new;

/* Whether any code point of the hex unit list s (UTF-16) is new in node's version. */
static int units_touch_new(const char *s)
{
    uint16_t u[64];
    size_t n = 0, i;
    char *end;
    while (*s && n < 64) {
        unsigned long v = strtoul(s, &end, 16);
        if (end == s)
            break;
        u[n++] = (uint16_t)v;
        s = end;
    }
    for (i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c - 0xD800 < 0x400 && i + 1 < n && (uint32_t)u[i + 1] - 0xDC00 < 0x400) {
            c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t)u[i + 1] - 0xDC00);
            i++;
        }
        if (node_new[c])
            return 1;
    }
    return 0;
}

/* Known differences from node that are not explained by newly assigned code points.
 * Each entry: what (a mapping or \p{..} text), first, last (code points), why.
 * (Property differences of existing characters between Unicode versions are listed by the
 * test but not failures unless node has the same Unicode version; see strict_props.) */
static const struct { const char *what; uint32_t first, last; const char *why; }
known_version_diffs[] = {
    { "Script=Hrkt", 0, 0x10FFFF, "in PropertyValueAliases.txt, so valid per ECMA-262; "
      "V8 rejects it; matches nothing" },
    { "Script=Katakana_Or_Hiragana", 0, 0x10FFFF, "same" },
    { "scx=Hrkt", 0, 0x10FFFF, "same" },
    { "scx=Katakana_Or_Hiragana", 0, 0x10FFFF, "same" },
};

/* Whether a difference in what at cp is listed in known_version_diffs. */
static int known_diff(const char *what, uint32_t cp)
{
    size_t i;
    for (i = 0; i < sizeof known_version_diffs / sizeof *known_version_diffs; i++)
        if (strcmp(known_version_diffs[i].what, what) == 0 && cp >= known_version_diffs[i].first
            && cp <= known_version_diffs[i].last)
            return 1;
    return 0;
}

static long version_skipped, known_skipped, prop_version_diffs;

/* Property differences fail only when node has the same Unicode version as the tables;
 * otherwise they are listed (version changes to existing characters). */
static int strict_props;

/* Reports a difference in what at cp unless it is a known version difference. */
static void report_diff(const char *what, uint32_t cp, const char *ours, const char *theirs)
{
    if (known_diff(what, cp)) {
        known_skipped++;
        return;
    }
    check(0, "node differs: %s at %04X: ours [%s], node [%s]", what, cp, ours, theirs);
}

/* Code point string for node: a lone surrogate or a code point as UTF-16 units. */
static size_t cp_units(uint32_t c, uint16_t *u)
{
    if (c < 0x10000) {
        u[0] = (uint16_t)c;
        return 1;
    }
    u[0] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
    u[1] = (uint16_t)(0xDC00 + (c & 0x3FF));
    return 2;
}

/* Formats UTF-16 units in node's format (lowercase hex, no padding). */
static void node_fmt(const uint16_t *u, size_t n, char *buf, size_t cap)
{
    size_t i, k = 0;
    buf[0] = 0;
    for (i = 0; i < n && k + 6 < cap; i++)
        k += (size_t)snprintf(buf + k, cap - k, "%s%x", i ? " " : "", u[i]);
}

/* Compares "U/L cp units" and "N<f> cp units" lines with our results for every code point. */
static void compare_cp_maps(struct node_out *no)
{
    /* index node lines by kind and code point */
    enum { K_U, K_L, K_N0 };
    char *(*map)[6];
    size_t i;
    uint32_t c;
    long compared = 0;
    map = calloc(MAX_CP, sizeof *map);
    if (!map) {
        check(0, "out of memory");
        return;
    }
    for (i = 0; i < no->n; i++) {
        char *s = no->lines[i], *end;
        int kind;
        if (s[0] == 'U')
            kind = K_U;
        else if (s[0] == 'L')
            kind = K_L;
        else if (s[0] == 'N')
            kind = K_N0 + (s[1] - '0');
        else
            continue;
        c = (uint32_t)strtoul(s + (s[0] == 'N' ? 3 : 2), &end, 16);
        if (c < MAX_CP)
            map[c][kind] = end + 1;
    }
    for (c = 0; c < MAX_CP; c++) {
        uint16_t in[2], out[16], *nout;
        size_t n = cp_units(c, in), m;
        char ours[200], node_default[40];
        int kind;
        node_fmt(in, n, node_default, sizeof node_default);
        for (kind = 0; kind < 6; kind++) {
            const char *theirs = map[c][kind] ? map[c][kind] : node_default;
            if (kind == K_U) {
                m = uni_to_upper_utf16(in, n, out);
                node_fmt(out, m, ours, sizeof ours);
            } else if (kind == K_L) {
                m = uni_to_lower_utf16(in, n, out);
                node_fmt(out, m, ours, sizeof ours);
            } else {
                if (uni_normalize(in, n, kind - K_N0, &nout, &m) != 0) {
                    check(0, "normalize failed");
                    continue;
                }
                node_fmt(nout, m, ours, sizeof ours);
                free(nout);
            }
            compared++;
            if (strcmp(ours, theirs) == 0)
                continue;
            if (node_new[c] || units_touch_new(theirs)) {
                version_skipped++;
                continue;
            }
            report_diff(kind == K_U ? "toUpperCase" : kind == K_L ? "toLowerCase"
                        : form_names[kind - K_N0], c, ours, theirs);
        }
    }
    printf("node: compared %ld code point mappings\n", compared);
    free(map);
}

/* Compares "S" lines (tricky sequences) with our results. */
static void compare_sequences(struct node_out *no)
{
    size_t i, t = 0;
    for (i = 0; i < no->n && t < N_SEQ; i++) {
        uint16_t in[64], out[256], *nout;
        size_t n, m;
        char ours[8000], part[2000];
        int f;
        if (no->lines[i][0] != 'S')
            continue;
        n = parse_cps(seq_text[t], in, 64);
        m = uni_to_upper_utf16(in, n, out);
        node_fmt(out, m, ours, sizeof ours);
        strcat(ours, ";");
        m = uni_to_lower_utf16(in, n, out);
        node_fmt(out, m, part, sizeof part);
        strcat(ours, part);
        for (f = 0; f < 4; f++) {
            if (uni_normalize(in, n, f, &nout, &m) != 0)
                continue;
            node_fmt(nout, m, part, sizeof part);
            free(nout);
            strcat(ours, ";");
            strcat(ours, part);
        }
        check(strcmp(ours, no->lines[i] + 2) == 0, "sequence %s: ours %s, node %s",
              seq_text[t], ours, no->lines[i] + 2);
        t++;
    }
    check(t == N_SEQ, "node answered %zu of %zu sequences", t, N_SEQ);
}

/* Compares one "P spec ranges | surrogates" line with our ranges for handle h. */
static void compare_prop(const char *spec, const char *line, int h, uint8_t *mark)
{
    const char *p = line;
    uint32_t c, *buf;
    size_t n, k;
    long diffs = 0;
    char *end, k_buf[200];
    size_t k_len = 0;
    k_buf[0] = 0;
    if (strcmp(p, "invalid") == 0) {
        if (!known_diff(spec, 0))
            check(0, "node rejects \\p{%s}, we accept it", spec);
        else
            known_skipped++;
        return;
    }
    memset(mark, 0, MAX_CP);
    while (*p == ' ')
        p++;
    while (*p && *p != '|') {
        unsigned long a = strtoul(p, &end, 16), b;
        if (end == p)
            break;
        b = strtoul(end + 1, &end, 16);
        for (c = (uint32_t)a; c <= b && c < MAX_CP; c++)
            mark[c] |= 1;
        p = end;
        while (*p == ' ')
            p++;
    }
    if (*p == '|') {
        p++;
        while (*p) {
            unsigned long a = strtoul(p, &end, 16);
            if (end == p)
                break;
            /* node tests only 4 surrogates; all surrogates share their properties */
            if (a == 0xD800)
                for (c = 0xD800; c <= 0xDFFF; c++)
                    mark[c] |= 1;
            p = end;
        }
    }
    n = uni_property_ranges(h, NULL, 0);
    buf = malloc((n ? n : 1) * 2 * sizeof(uint32_t));
    if (!buf)
        return;
    uni_property_ranges(h, buf, n);
    for (k = 0; k < n; k++)
        for (c = buf[2 * k]; c <= buf[2 * k + 1]; c++)
            mark[c] |= 2;
    free(buf);
    for (c = 0; c < MAX_CP; c++) {
        if (mark[c] == 0 || mark[c] == 3)
            continue;
        if (node_new[c]) {
            version_skipped++;
            continue;
        }
        if (known_diff(spec, c)) {
            known_skipped++;
            continue;
        }
        if (strict_props) {
            if (diffs < 3)
                check(0, "node differs: \\p{%s} at %04X: ours %d, node %d", spec, c,
                      (mark[c] & 2) != 0, mark[c] & 1);
        } else {
            if (diffs < 6)
                k_len += (size_t)snprintf(k_buf + k_len, sizeof k_buf - k_len, " %04X%s", c,
                                          mark[c] & 2 ? "-" : "+");
        }
        diffs++;
    }
    if (diffs && !strict_props) {
        printf("  \\p{%s}: %ld code points differ:%s%s\n", spec, diffs, k_buf,
               diffs > 6 ? " ..." : "");
        prop_version_diffs += diffs;
    } else if (diffs > 3) {
        check(0, "node differs: \\p{%s}: %ld code points in all", spec, diffs);
    } else if (diffs == 0) {
        check(1, "");
    }
}

static void test_node(void)
{
    const char *node = getenv("NODE") ? getenv("NODE") : "node";
    char cmd[200], ver[64] = "", *input;
    FILE *p;
    struct node_out no;
    size_t i, cap = 4 << 20, len = 0;
    uint8_t *mark;
    snprintf(cmd, sizeof cmd, "%s -p process.versions.unicode 2>/dev/null", node);
    p = popen(cmd, "r");
    if (p) {
        if (!fgets(ver, sizeof ver, p))
            ver[0] = 0;
        pclose(p);
    }
    if (ver[0] < '0' || ver[0] > '9') {
        printf("skip: node not found; node comparisons not run\n");
        return;
    }
    ver[strcspn(ver, "\n")] = 0;
    printf("node: Unicode %s, tables: Unicode %s\n", ver, uni_version);
    {
        /* node older than the tables cannot judge them: characters and properties that
         * changed since its version would all show as differences */
        int a[3] = { 0, 0, 0 }, b[3] = { 0, 0, 0 };
        sscanf(ver, "%d.%d.%d", &a[0], &a[1], &a[2]);
        sscanf(uni_version, "%d.%d.%d", &b[0], &b[1], &b[2]);
        if (a[0] < b[0] || (a[0] == b[0] && (a[1] < b[1] || (a[1] == b[1] && a[2] < b[2])))) {
            printf("skip: node's Unicode %s is older than the tables'; node comparisons not "
                   "run\n", ver);
            return;
        }
    }
    strict_props = strncmp(uni_version, ver, strlen(ver)) == 0
                   && (uni_version[strlen(ver)] == 0 || uni_version[strlen(ver)] == '.');
    /* First ask for gc=Cn alone to learn which code points are new in node's version. */
    if (run_node(node, "prop gc=Cn\n", &no) != 0 || strncmp(no.lines[0], "P gc=Cn ", 8) != 0) {
        check(0, "node run failed");
        return;
    }
    node_new = calloc(MAX_CP, 1);
    mark = malloc(MAX_CP);
    input = malloc(cap);
    if (!node_new || !mark || !input) {
        check(0, "out of memory");
        return;
    }
    {
        /* node_new = ours Cn and not node Cn */
        const char *q = no.lines[0] + 8;
        char *end;
        uint32_t c;
        memset(mark, 0, MAX_CP);
        while (*q && *q != '|') {
            unsigned long a = strtoul(q, &end, 16), b;
            if (end == q)
                break;
            b = strtoul(end + 1, &end, 16);
            for (c = (uint32_t)a; c <= b && c < MAX_CP; c++)
                mark[c] = 1;
            q = end;
            while (*q == ' ')
                q++;
        }
        for (c = 0; c < MAX_CP; c++)
            node_new[c] = uni_general_category(c) == UNI_GC_Cn && !mark[c];
    }
    for (i = 0; i < no.n; i++)
        free(no.lines[i]);
    free(no.lines);
    /* Build the input: case, norm, tricky sequences, every property name and value. */
    len += (size_t)snprintf(input + len, cap - len, "case\nnorm\n");
    for (i = 0; i < N_SEQ; i++) {
        uint16_t u[64];
        size_t n = parse_cps(seq_text[i], u, 64), k;
        len += (size_t)snprintf(input + len, cap - len, "seq");
        for (k = 0; k < n; k++)
            len += (size_t)snprintf(input + len, cap - len, " %x", u[k]);
        len += (size_t)snprintf(input + len, cap - len, "\n");
    }
    for (i = 0; i < uni_prop_names_len; i++) {
        const struct uni_prop_name *e = &uni_prop_names[i];
        if (e->ns == UNI_NS_LONE)
            len += (size_t)snprintf(input + len, cap - len, "prop %s\n", e->name);
        else if (e->ns == UNI_NS_SC)
            len += (size_t)snprintf(input + len, cap - len, "prop Script=%s\nprop scx=%s\n",
                                    e->name, e->name);
        else if (e->ns == UNI_NS_GC)
            len += (size_t)snprintf(input + len, cap - len, "prop General_Category=%s\n",
                                    e->name);
    }
    if (run_node(node, input, &no) != 0) {
        check(0, "node run failed");
        return;
    }
    compare_cp_maps(&no);
    compare_sequences(&no);
    if (!strict_props)
        printf("node: property differences from the version change (not failures; + = only "
               "node has it, - = only we have it):\n");
    {
        size_t props = 0;
        for (i = 0; i < no.n; i++) {
            char *s = no.lines[i], *sp, *eq, name[80], value[80];
            int h;
            if (s[0] != 'P')
                continue;
            sp = strchr(s + 2, ' ');
            if (!sp || (size_t)(sp - (s + 2)) >= sizeof name)
                continue;
            memcpy(name, s + 2, (size_t)(sp - (s + 2)));
            name[sp - (s + 2)] = 0;
            eq = strchr(name, '=');
            if (eq) {
                *eq = 0;
                strcpy(value, eq + 1);
                h = uni_lookup_property(name, value);
                *eq = '=';
            } else {
                h = uni_lookup_property(name, NULL);
            }
            check(h >= 0, "our lookup of %s", name);
            compare_prop(name, sp + 1, h, mark);
            props++;
        }
        printf("node: compared %zu property names/values\n", props);
    }
    printf("node: %ld differences skipped as code points new in Unicode %s, %ld as known "
           "version differences, %ld property differences listed\n", version_skipped, ver,
           known_skipped, prop_version_diffs);
    for (i = 0; i < no.n; i++)
        free(no.lines[i]);
    free(no.lines);
    free(input);
    free(mark);
    free(node_new);
}

int main(int argc, char **argv)
{
    int use_node = !(argc > 1 && strcmp(argv[1], "--no-node") == 0);
    printf("Unicode tables version %s\n", uni_version);
    test_lexer_classes();
    test_general_category();
    test_case();
    test_normalize_spots();
    test_property_names();
    test_property_values();
    test_property_ranges();
    test_conformance();
    build_sequences();
    test_sequence_invariants();
    test_ucd_files();
    test_string_properties();
    if (use_node)
        test_node();
    else
        printf("skip: node comparisons disabled by --no-node\n");
    printf("%ld passed, %ld failed\n", passed, failed);
    return failed ? 1 : 0;
}
