/* unicode.h: Unicode support for cryo: identifier and white-space classes for the lexer,
 * case mapping for String.prototype.toUpperCase/toLowerCase and RegExp /i, normalization
 * for String.prototype.normalize, and property lookup for RegExp \p{...}.
 *
 * Everything works on code points (uint32_t) or on UTF-16 code unit arrays (uint16_t).
 * A "lone surrogate" is a code unit 0xD800..0xDFFF that is not part of a well-formed pair;
 * every function here treats it as the code point of the same value and passes it through
 * unchanged.  Code points above 0x10FFFF are accepted and behave like unassigned ones.
 *
 * Data: the tables in unicode_tables.c are generated from the Unicode Character Database
 * (version in uni_version) by tools/gen_unicode.py and checked in; so are the properties
 * of strings in unicode_emoji.c, from the emoji sequence files of the same version.  Nothing here depends on
 * locale, the platform or the C library beyond malloc/realloc/free.
 *
 * Invariants of the generated tables (checked by the generator and by tests/unit):
 *  - every trie maps every code point 0..0x10FFFF; index 0 of uni_case_recs and of
 *    uni_decomp_pool means "nothing special";
 *  - decompositions are full (recursive) and never contain a Hangul syllable; canonical
 *    composition pairs exclude Full_Composition_Exclusion;
 *  - full case mappings are at most 3 code points (UNI_MAX_CASE_EXPANSION);
 *  - all run and range tables are sorted ascending and cover disjoint code points;
 *  - a property of strings lists each sequence once, every sequence has 2+ code points,
 *    and no sequence is also one of its single code points. */
#ifndef CRYO_UNICODE_H
#define CRYO_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* The Unicode version of the tables, e.g. "15.0.0". */
extern const char uni_version[];

/* ---------------------------------------------------------------------------------------
 * Lexer classes (ECMAScript 12.2 White Space, 12.3 Line Terminators, 12.7 Names).
 * ASCII is answered without a table lookup. */

/* IdentifierStartChar: ID_Start, '$' (U+0024) or '_' (U+005F). */
int uni_is_id_start(uint32_t cp);

/* IdentifierPartChar: ID_Continue, '$' (U+0024), ZWNJ (U+200C) or ZWJ (U+200D).
 * ('_' is in ID_Continue.)  Plain ID_Continue, without these additions, is available as
 * the ID_Continue property through uni_lookup_property. */
int uni_is_id_continue(uint32_t cp);

/* WhiteSpace: TAB U+0009, VT U+000B, FF U+000C, ZWNBSP U+FEFF and General_Category Zs
 * (which includes SP U+0020 and NBSP U+00A0).  Line terminators are not white space. */
int uni_is_space(uint32_t cp);

/* LineTerminator: LF U+000A, CR U+000D, LS U+2028, PS U+2029. */
int uni_is_line_terminator(uint32_t cp);

/* ---------------------------------------------------------------------------------------
 * General category and combining class. */

/* General_Category values.  The numbering is shared with the generator (checked by
 * _Static_assert in unicode_tables.c) and is not stable across versions of cryo. */
enum uni_gc {
    UNI_GC_Cn, UNI_GC_Lu, UNI_GC_Ll, UNI_GC_Lt, UNI_GC_Lm, UNI_GC_Lo,
    UNI_GC_Mn, UNI_GC_Mc, UNI_GC_Me, UNI_GC_Nd, UNI_GC_Nl, UNI_GC_No,
    UNI_GC_Pc, UNI_GC_Pd, UNI_GC_Ps, UNI_GC_Pe, UNI_GC_Pi, UNI_GC_Pf, UNI_GC_Po,
    UNI_GC_Sm, UNI_GC_Sc, UNI_GC_Sk, UNI_GC_So,
    UNI_GC_Zs, UNI_GC_Zl, UNI_GC_Zp,
    UNI_GC_Cc, UNI_GC_Cf, UNI_GC_Cs, UNI_GC_Co,
    UNI_GC_COUNT
};

/* General_Category of cp (UNI_GC_Cn for unassigned code points and cp > 0x10FFFF). */
enum uni_gc uni_general_category(uint32_t cp);

/* Canonical_Combining_Class of cp (0..254). */
unsigned uni_combining_class(uint32_t cp);

/* ---------------------------------------------------------------------------------------
 * Case mapping.  Full mappings use UnicodeData.txt plus the unconditional entries of
 * SpecialCasing.txt; language-sensitive (tr, az, lt) mappings are never applied. */

/* Most code points one code point can map to in a full case mapping. */
#define UNI_MAX_CASE_EXPANSION 3

/* Simple (1:1) mappings from UnicodeData.txt; cp itself when there is none. */
uint32_t uni_simple_upper(uint32_t cp);
uint32_t uni_simple_lower(uint32_t cp);

/* Simple case folding: CaseFolding.txt status C and S; cp itself when there is none.
 * This is Canonicalize for RegExp with the i and u (or v) flags. */
uint32_t uni_simple_fold(uint32_t cp);

/* Full uppercase / lowercase of one code point (no context: Final_Sigma is not applied).
 * Writes 1..UNI_MAX_CASE_EXPANSION code points to out and returns how many. */
size_t uni_full_upper(uint32_t cp, uint32_t out[UNI_MAX_CASE_EXPANSION]);
size_t uni_full_lower(uint32_t cp, uint32_t out[UNI_MAX_CASE_EXPANSION]);

/* String.prototype.toUpperCase / toLowerCase on UTF-16: converts src[0..n) and returns
 * the length of the result in code units.  dst may be NULL to only compute the length;
 * otherwise it must have room for the result, which is never more than 3 * n code units
 * (toLowerCase: never more than 2 * n).  dst must not overlap src.  Lowercasing applies the
 * Final_Sigma condition to U+03A3 (see unicode.c for the exact rule). */
size_t uni_to_upper_utf16(const uint16_t *src, size_t n, uint16_t *dst);
size_t uni_to_lower_utf16(const uint16_t *src, size_t n, uint16_t *dst);

/* RegExp Canonicalize(rer, ch) for IgnoreCase (ECMAScript 22.2.2.7.3).  unicode != 0 (u or
 * v flag): simple case folding.  unicode == 0: ch is a code unit; the single-code-unit
 * result of toUppercase, unless that maps a non-ASCII ch to ASCII or gives more than one
 * code unit, in which case ch itself.  Values above 0xFFFF are returned unchanged when
 * unicode == 0. */
uint32_t uni_canonicalize(uint32_t ch, int unicode);

/* The class of ch under Canonicalize, {x : Canonicalize(x) == Canonicalize(ch)}, as a cycle:
 * returns the next member after ch in ascending order, wrapping around to the smallest,
 * or ch itself when ch is alone.  Iterate until you get back to ch to visit every member
 * (at most 4).  Lets a RegExp matcher test "some member of a class canonicalizes like ch". */
uint32_t uni_canonicalize_next(uint32_t ch, int unicode);

/* The smallest code point >= ch that is not inside one of the long runs of code points whose
 * Canonicalize classes are singletons in both modes (uni_case_gaps), or 0x110000 when every
 * code point from ch on is in such a run.  Every code point skipped is alone in its class;
 * one returned may be too.  Lets a RegExp case closure skip caseless blocks. */
uint32_t uni_case_skip(uint32_t ch);

/* ---------------------------------------------------------------------------------------
 * Normalization (String.prototype.normalize, UAX #15). */

enum uni_nf { UNI_NFC, UNI_NFD, UNI_NFKC, UNI_NFKD };

/* Normalizes src[0..n) (UTF-16; lone surrogates pass through) to form (enum uni_nf).
 * On success returns 0 and stores a malloc'd buffer in *out (never NULL, even for an empty
 * result; the caller frees it) and its length in code units in *out_len.  Returns nonzero
 * on allocation failure or an invalid form, leaving *out NULL and *out_len 0. */
int uni_normalize(const uint16_t *src, size_t n, int form, uint16_t **out, size_t *out_len);

/* ---------------------------------------------------------------------------------------
 * Properties for RegExp \p{...} (ECMAScript 22.2.2.9, tables "Non-binary Unicode property
 * aliases", "Binary Unicode property aliases"; values and aliases from
 * PropertyValueAliases.txt).  Names match exactly (case-sensitive, no loose matching). */

/* Looks up \p{name} (value == NULL: a binary property or a General_Category value, e.g.
 * "Alphabetic", "Alpha", "Lu", "Letter") or \p{name=value} (name General_Category/gc,
 * Script/sc or Script_Extensions/scx).  Returns a handle >= 0, or -1 if the name or value is
 * unknown or the combination is not allowed (e.g. "ASCII=Y", "Script" alone).  Handles are
 * small integers, valid for this build's tables (they may change when the tables do). */
int uni_lookup_property(const char *name, const char *value);

/* Whether cp has the property of handle; 0 for an invalid handle. */
int uni_has_property(int handle, uint32_t cp);

/* The code points of handle as ascending, disjoint, non-adjacent ranges [first, last]:
 * writes up to cap pairs to out (out[2*i], out[2*i+1]) and returns the total number of
 * pairs (call with cap 0 to size the buffer).  Returns 0 for an invalid handle. */
size_t uni_property_ranges(int handle, uint32_t *out, size_t cap);

/* Properties of strings for RegExp \p{...} with the v flag (ECMAScript table "Binary
 * Unicode properties of strings": Basic_Emoji, Emoji_Keycap_Sequence, RGI_Emoji,
 * RGI_Emoji_Flag_Sequence, RGI_Emoji_Modifier_Sequence, RGI_Emoji_Tag_Sequence,
 * RGI_Emoji_ZWJ_Sequence; no aliases, no values).  Each is a set of single code points
 * plus a set of sequences of 2+ code points. */

/* Looks up \p{name} as a property of strings: a handle >= 0, or -1 when name is not one. */
int uni_lookup_string_property(const char *name);

/* The single code points of handle as ranges [first, last], same calling convention as
 * uni_property_ranges; ascending within each UTS #51 part, not merged across parts (the
 * caller sorts and merges).  0 for an invalid handle. */
size_t uni_string_property_ranges(int handle, uint32_t *out, size_t cap);

/* Enumerates the sequences of handle: start with *iter = 0; each call returns the length
 * (>= 2) of the next sequence and points *cps at its code points, or returns 0 at the end
 * (and for an invalid handle). */
uint32_t uni_string_property_next(int handle, uint32_t *iter, const uint32_t **cps);

/* ---------------------------------------------------------------------------------------
 * Internal tables (defined in unicode_tables.c by tools/gen_unicode.py; only unicode.c
 * and tests use them).  Changing a declaration here means changing the generator. */

/* Three-level trie: leaf[(mid[(top[cp >> (mb + lb)] << mb) + ((cp >> lb) & ((1 << mb) - 1))]
 * << lb) + (cp & ((1 << lb) - 1))] with mb = mid_bits, lb = leaf_bits; cp <= 0x10FFFF. */
struct uni_trie8 {
    const uint16_t *top;   /* cp >> (mid_bits + leaf_bits) -> middle block number */
    const uint16_t *mid;   /* middle blocks of 1 << mid_bits leaf block numbers */
    const uint8_t *leaf;   /* leaf blocks of 1 << leaf_bits values */
    uint8_t mid_bits;      /* log2 of the middle block size */
    uint8_t leaf_bits;     /* log2 of the leaf block size */
};
struct uni_trie16 {
    const uint16_t *top;   /* as in uni_trie8 */
    const uint16_t *mid;   /* as in uni_trie8 */
    const uint16_t *leaf;  /* leaf blocks of 1 << leaf_bits values */
    uint8_t mid_bits;      /* log2 of the middle block size */
    uint8_t leaf_bits;     /* log2 of the leaf block size */
};

/* Bits of an info record (uni_info_recs): General_Category in the low 5 bits, then: */
#define UNI_INFO_GC_MASK 0x1F
#define UNI_INFO_ID_START 0x20         /* ID_Start */
#define UNI_INFO_ID_CONTINUE 0x40      /* ID_Continue */
#define UNI_INFO_CASED 0x80            /* Cased */
#define UNI_INFO_CASE_IGNORABLE 0x100  /* Case_Ignorable */

/* Case data of a code point; the mappings are cp + delta. */
struct uni_case_rec {
    int32_t upper;           /* simple uppercase delta */
    int32_t lower;           /* simple lowercase delta */
    int32_t fold;            /* simple case folding (C+S) delta */
    int32_t orbit_u;         /* delta to next member of the fold class (0: alone) */
    int32_t orbit_legacy;    /* same for the non-unicode Canonicalize classes (BMP only) */
    uint16_t special_upper;  /* full uppercase: offset << 2 | length in uni_special_case */
    uint16_t special_lower;  /* full lowercase, same encoding; 0 = use the simple mapping */
};

/* One canonical composition: first + second -> composite. */
struct uni_comp_pair {
    uint32_t first;      /* starter */
    uint32_t second;     /* combining character (or starter, e.g. U+0B3E) */
    uint32_t composite;  /* primary composite */
};

/* Kinds of property descriptors. */
enum uni_prop_kind {
    UNI_PK_RANGES,  /* a = first checkpoint (pair) in uni_prop_index, b = number of ranges */
    UNI_PK_GC,      /* a = mask of (1 << enum uni_gc) */
    UNI_PK_SC,      /* Script (no descriptor: handle uni_prop_descs_len + script) */
    UNI_PK_SCX      /* Script_Extensions (handle uni_prop_descs_len + count + script) */
};

/* Binary property ranges per checkpoint in uni_prop_index. */
#define UNI_PROP_GROUP 8

/* A binary property or General_Category set (handle = index in uni_prop_descs). */
struct uni_prop_desc {
    uint8_t kind;  /* enum uni_prop_kind */
    uint32_t a;    /* see enum uni_prop_kind */
    uint32_t b;    /* see enum uni_prop_kind */
};

/* Name spaces of uni_prop_names. */
enum uni_name_space {
    UNI_NS_LONE,  /* \p{name}: value = descriptor */
    UNI_NS_GC,    /* General_Category values: value = descriptor */
    UNI_NS_SC,    /* Script values: value = script index */
    UNI_NS_PROP   /* General_Category / Script / Script_Extensions: value = UNI_PK_GC/SC/SCX */
};

/* One name or alias; the table is sorted by (ns, strcmp(name)). */
struct uni_prop_name {
    const char *name;  /* ASCII name as written in \p{...} */
    uint8_t ns;        /* enum uni_name_space */
    uint16_t value;    /* see enum uni_name_space */
};

extern const uint16_t uni_info_recs[];
extern const struct uni_trie8 uni_info_trie;
extern const struct uni_case_rec uni_case_recs[];
extern const uint32_t uni_special_case[];
extern const struct uni_trie16 uni_case_trie;
extern const uint32_t uni_case_gaps[];       /* { first, last } runs, ascending */
extern const uint32_t uni_case_gaps_len;     /* number of runs */
extern const struct uni_trie8 uni_ccc_trie;
extern const uint32_t uni_decomp_pool[];     /* header, canonical..., compatibility... */
extern const struct uni_trie16 uni_decomp_trie;
extern const struct uni_comp_pair uni_comp_pairs[];
extern const uint32_t uni_comp_pairs_len;
extern const uint32_t uni_gc_runs[];        /* (first << 5) | gc */
extern const uint32_t uni_gc_runs_len;
extern const uint32_t uni_sc_runs[];        /* (first << 8) | script */
extern const uint32_t uni_sc_runs_len;
extern const uint32_t uni_scx_runs[];       /* (first << 8) | set (0 = use Script) */
extern const uint32_t uni_scx_runs_len;
extern const uint32_t uni_scx_sets[];       /* (offset << 8) | count in uni_scx_set_pool */
extern const uint8_t uni_scx_set_pool[];
extern const uint8_t uni_prop_stream[];     /* varint (gap, length) per range */
extern const uint32_t uni_prop_index[];     /* { code point, stream offset } checkpoints */
extern const struct uni_prop_desc uni_prop_descs[];
extern const uint32_t uni_prop_descs_len;
extern const struct uni_prop_name uni_prop_names[];
extern const uint32_t uni_prop_names_len;
extern const char *const uni_script_names[];
extern const uint32_t uni_script_count;

/* A property of strings (unicode_emoji.c; handle = index in uni_seq_props). */
struct uni_seq_prop {
    const char *name;     /* the name as written in \p{...} */
    uint32_t ranges;      /* first { first, last } pair of its single code points in uni_seq_ranges */
    uint32_t nranges;     /* number of those pairs */
    uint32_t pool;        /* first word of its sequences in uni_seq_pool */
    uint32_t pool_words;  /* words of its sequences: per sequence the length, then the code points */
    uint32_t nseqs;       /* number of sequences */
    uint32_t parts;       /* 1 << own index, or (a union such as RGI_Emoji, no data of its
                             own) the mask of the indices of the properties it joins */
};

extern const char uni_emoji_version[];      /* the UCD version the sequences go with */
extern const uint32_t uni_seq_ranges[];     /* { first, last } pairs */
extern const uint32_t uni_seq_pool[];       /* length, code points... per sequence */
extern const struct uni_seq_prop uni_seq_props[];
extern const uint32_t uni_seq_props_len;

#endif /* CRYO_UNICODE_H */
