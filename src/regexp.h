/* regexp.h — the regular-expression engine (ECMA-262 22.2): pattern parser with every early
 * error (Unicode and non-Unicode modes, Annex B.1.2 syntax in non-Unicode mode), compiler to
 * a compact, position-independent bytecode, and a backtracking matcher with an explicit
 * (malloc'd) backtrack stack and step metering.
 *
 * Layers:
 *  - The pure engine (regexp_parse.c: flags, parser, compiler, program checker, literal
 *    validator; regexp_exec.c: matcher) knows nothing about the VM: it works on UTF-16
 *    patterns, Latin-1 or UTF-16 subjects and programs that are arrays of uint32_t words.
 *    tests/unit/test_regexp.c links it alone.
 *  - The VM glue (regexp.c): programs stored in heap CELL_BYTES cells (no C pointers, C1),
 *    metering into vm->meter (C7), SyntaxError / termination exceptions.
 *  - The RegExp built-in (builtins/regexp.c): constructor, prototype, Symbol methods.
 *
 * PROGRAM FORMAT (an array of uint32_t words; all offsets are word indices from word 0, so
 * a program can be copied anywhere, e.g. into a snapshot):
 *   [RE_H_MAGIC]      RE_MAGIC
 *   [RE_H_FLAGS]      RE_FLAG_* bits the program was compiled with
 *   [RE_H_NCAPS]      number of capture groups including group 0 (>= 1)
 *   [RE_H_NREGS]      number of int32 registers the matcher needs (loop counters, positions)
 *   [RE_H_CODE]       first word of the code; [RE_H_CODE_LEN] its length in words
 *   [RE_H_CLASSES]    first word of the class table; [RE_H_CLASSES_LEN] its length. A class
 *                     is: nranges, 8 words of bitmap for code points 0..255, then nranges
 *                     pairs (first, last), ascending, disjoint, with first >= 256 (members
 *                     below 256 are in the bitmap only).
 *   [RE_H_NAMES]      first word of the group-name table; [RE_H_NAMES_LEN] its length. For
 *                     each group 1..ncaps-1 in order: a word n (UTF-16 length of its name, 0
 *                     when unnamed) then ceil(n/2) words of UTF-16 units, two per word (low
 *                     half first).
 *   [RE_H_TOTAL]      total words of the program
 *   [RE_H_FIRST]      0, or the word index of a start-position filter: a 256-bit bitmap (8
 *                     words) of the code units below 256 a match can start with, a word that
 *                     is 1 when a match may also start with a code unit >= 256, and a word
 *                     holding the only possible first code unit (< 256) or 0xFFFFFFFF
 *   [RE_H_MINLEN]     a lower bound of the length (code units) of any match
 * Code: each instruction starts with a word `op | arg << 8` (RE_OP_*), then operands. Jump
 * targets are word indices relative to the start of the code. re_program_check() verifies
 * all of this, so a program read from an untrusted snapshot cannot make the matcher read out
 * of bounds.
 *
 * MATCHING SEMANTICS: exactly ECMA-262's (backtracking, leftmost alternative first, greedy /
 * lazy quantifiers with the empty-check of RepeatMatcher and capture reset at each iteration,
 * lookbehind matched backwards, Canonicalize for /i). Matching never recurses on the C stack.
 */
#ifndef CRYO_REGEXP_H
#define CRYO_REGEXP_H

#include <stddef.h>
#include <stdint.h>
#include "value.h"

/* ---------------------------------------------------------------------------------------
 * Flags
 * ------------------------------------------------------------------------------------- */

enum {
    RE_FLAG_D = 1 << 0,   /* hasIndices */
    RE_FLAG_G = 1 << 1,   /* global */
    RE_FLAG_I = 1 << 2,   /* ignoreCase */
    RE_FLAG_M = 1 << 3,   /* multiline */
    RE_FLAG_S = 1 << 4,   /* dotAll */
    RE_FLAG_U = 1 << 5,   /* unicode */
    RE_FLAG_V = 1 << 6,   /* unicodeSets */
    RE_FLAG_Y = 1 << 7,   /* sticky */
};

/* Parse a flags string. Returns 0 and sets *out, or -1 when a flag is unknown, repeated, or
 * both u and v are present. */
int re_parse_flags(const uint16_t *flags, uint32_t n, uint32_t *out);

/* ---------------------------------------------------------------------------------------
 * Pure engine (no VM)
 * ------------------------------------------------------------------------------------- */

/* Results of re_compile. */
enum { RE_OK = 0, RE_SYNTAX = 1, RE_NOMEM = -1 };

/* Compile pattern[0..len) with RE_FLAG_* flags. On success returns RE_OK and stores a
 * malloc'd program in *prog (free() it) and its length in words in *nwords. On a syntax
 * error returns RE_SYNTAX with a message in msg (NUL-terminated, truncated to msg_size).
 * RE_NOMEM when memory ran out. prog may be NULL to only validate the pattern. */
int re_compile(const uint16_t *pattern, uint32_t len, uint32_t flags, uint32_t **prog,
               size_t *nwords, char *msg, size_t msg_size);

/* Verify a program (see PROGRAM FORMAT). Returns 0 when well formed, -1 otherwise. */
int re_program_check(const uint32_t *prog, size_t nwords);

/* Results of re_match. */
enum { RE_MATCH = 1, RE_NOMATCH = 0, RE_ERR_LIMIT = -2, RE_ERR_STACK = -3, RE_ERR_NOMEM = -4 };

/* The subject and step accounting of one re_match call. */
typedef struct ReInput {
    const void *chars;     /* Latin-1 bytes or UTF-16 units */
    uint32_t len;          /* length in code units */
    int latin1;            /* chars is uint8_t[] (else uint16_t[]) */
    uint64_t steps;        /* in/out: steps used so far (each instruction, backtrack, char) */
    uint64_t step_limit;   /* stop with RE_ERR_LIMIT once steps exceed this (0 = none) */
    int anchor;            /* RE_ANCHOR_*: where attempts may start */
} ReInput;

/* ReInput.anchor: by the program's y flag, or forced. */
enum { RE_ANCHOR_DEFAULT = 0, RE_ANCHOR_SEARCH = 1, RE_ANCHOR_STICKY = 2 };

/* Find the first match at or after `start` (only at `start` when the program has the y
 * flag, or as in->anchor says). prog must have passed re_program_check. captures receives
 * 2 * ncaps int32 code-unit indices (start, end of each group; -1 for an unmatched group). In u/v mode a start
 * inside a surrogate pair is moved back to the pair's first unit, and failed attempts
 * advance by whole code points. Returns RE_MATCH, RE_NOMATCH, or a negative RE_ERR_*:
 * LIMIT (in->step_limit exceeded), STACK (backtrack stack over RE_MAX_STACK_BYTES), NOMEM. */
int re_match(const uint32_t *prog, ReInput *in, uint32_t start, int32_t *captures);

/* Most memory one match may use for its backtrack stack (deterministic RE_ERR_STACK). */
#define RE_MAX_STACK_BYTES ((size_t)256 << 20)

/* Program accessors (prog checked). */
static inline uint32_t re_program_flags(const uint32_t *prog) { return prog[1]; }
static inline uint32_t re_program_ncaps(const uint32_t *prog) { return prog[2]; }

/* ---------------------------------------------------------------------------------------
 * Bytecode (shared by regexp_parse.c and regexp_exec.c; see PROGRAM FORMAT)
 * ------------------------------------------------------------------------------------- */

#define RE_MAGIC 0x31455243u   /* "CRE1" little-endian */
#define RE_INF 0xFFFFFFFFu     /* an unbounded quantifier maximum */

enum {
    RE_H_MAGIC, RE_H_FLAGS, RE_H_NCAPS, RE_H_NREGS, RE_H_CODE, RE_H_CODE_LEN, RE_H_CLASSES,
    RE_H_CLASSES_LEN, RE_H_NAMES, RE_H_NAMES_LEN, RE_H_TOTAL, RE_H_FIRST, RE_H_MINLEN,
    RE_H_WORDS
};

/* Opcodes. "bwd" = arg bit 0: match backwards (inside a lookbehind). Operands follow the
 * first word; lengths in words including the first. */
enum {
    RE_OP_CHAR = 1,     /* [bwd] c: one character equal to c                          (2) */
    RE_OP_CHARS,        /* [bwd | n << 1] c1..cn: one character in {c1..cn}, n 2..4    (1+n) */
    RE_OP_STRING,       /* [bwd | n << 1] c1..cn: n code units in a row, n 1..255;
                           never a lone surrogate in u/v mode                          (1+n) */
    RE_OP_CLASS,        /* [bwd | invert << 1] off: a character in (not in) class @off (2) */
    RE_OP_DOT,          /* [bwd] any character but a line terminator                   (1) */
    RE_OP_ANY,          /* [bwd] any character                                         (1) */
    RE_OP_BOL,          /* input start                                                 (1) */
    RE_OP_EOL,          /* input end                                                   (1) */
    RE_OP_BOL_M,        /* input start or after a line terminator                      (1) */
    RE_OP_EOL_M,        /* input end or before a line terminator                       (1) */
    RE_OP_WORDB,        /* [negate] \b (\B when negate)                                (1) */
    RE_OP_SAVE,         /* slot: captures[slot] = position                             (2) */
    RE_OP_RESET,        /* lo hi: captures[lo..hi) = -1                                (3) */
    RE_OP_SPLIT_NEXT,   /* target: try the next instruction, on failure target         (2) */
    RE_OP_SPLIT_JUMP,   /* target: try target, on failure the next instruction         (2) */
    RE_OP_JMP,          /* target                                                      (2) */
    RE_OP_BACKREF,      /* [bwd] group: the text of group (empty if unmatched)         (2) */
    RE_OP_LOOK,         /* [negate] end: lookaround body follows, ends with LOOK_END;
                           continue at end                                             (2) */
    RE_OP_LOOK_END,     /* the lookaround body matched                                 (1) */
    RE_OP_SET_POS,      /* reg: regs[reg] = position                                   (2) */
    RE_OP_CHECK_PROGRESS, /* reg: fail when position == regs[reg]                      (2) */
    RE_OP_REPEAT_INIT,  /* reg: regs[reg] = 0                                          (2) */
    RE_OP_REPEAT_TEST,  /* [greedy] reg min max exit: loop head of a counted repeat     (5) */
    RE_OP_REPEAT_END,   /* [check] reg posreg min loop: empty check (when check and the
                           iteration began with count >= min), count++, goto loop      (5) */
    RE_OP_STAR,         /* [greedy | bwd << 1] min max next: repeat the one-character
                           instruction that follows (CHAR/CHARS/CLASS/DOT/ANY) min..max
                           times; continue at next                                     (4) */
    RE_OP_MATCH,        /* success                                                     (1) */
    RE_OP_BACKREF_MULTI,/* [bwd | n << 1] g1..gn: the text of the first of the groups that
                           participated (\k<name> with duplicate names; n 1..255)      (1+n) */
    RE_OP_COUNT
};

/* ---------------------------------------------------------------------------------------
 * VM glue (regexp.c) and the built-in (builtins/regexp.c)
 * ------------------------------------------------------------------------------------- */

typedef struct VM VM;

/* Compile `pattern` (a string Value) with `flags` (a string Value) into a program cell
 * (a CELL_BYTES cell Value holding the program words). Throws SyntaxError for an invalid
 * pattern or flags; returns VAL_EXCEPTION then. Never runs JavaScript (allocates). */
Value regexp_compile(VM *vm, Value pattern, Value flags);

/* Run `program` (a cell from regexp_compile) on the flat string `input` from `start`.
 * captures: 2 * regexp_ncaps() int32 slots (code-unit indices, -1 when unmatched).
 * Returns 1 match, 0 no match, -1 exception pending: the uncatchable "too much
 * computation" termination when vm->meter_limit was passed (vm->uncatchable = 1), a
 * RangeError when the backtrack stack grew past RE_MAX_STACK_BYTES, out of memory, or a
 * TypeError for a corrupt program. Charges the steps to vm->meter. Never allocates on the
 * heap and never runs JavaScript. */
int regexp_exec(VM *vm, Value program, Value input, uint32_t start, int32_t *captures);
/* The same with an explicit RE_ANCHOR_* (e.g. search from start although the program has the
 * y flag), optionally or'ed with RE_ANCHOR_CHECKED when the caller has verified this program
 * cell with regexp_program_valid (program cells are immutable, so one check per cell and
 * native call is enough). */
int regexp_exec_anchored(VM *vm, Value program, Value input, uint32_t start, int32_t *captures,
                         int anchor);
#define RE_ANCHOR_CHECKED 0x100
/* 0 when program is a well-formed program cell (re_program_check), else -1 with a
 * TypeError pending. */
int regexp_program_valid(VM *vm, Value program);

/* Number of capture groups of a program, including group 0. */
uint32_t regexp_ncaps(VM *vm, Value program);
/* RE_FLAG_* bits of a program. */
uint32_t regexp_flags(VM *vm, Value program);
/* Name of group i (1 <= i < ncaps) as a string Value, or undefined when unnamed.
 * VAL_EXCEPTION on OOM. Allocates. */
Value regexp_group_name(VM *vm, Value program, uint32_t i);
/* Whether the program has any named group. */
int regexp_has_named_groups(VM *vm, Value program);

/* The parser hook for regular expression literals (ParseRegExpValidator in parser.h):
 * pass it as ParseOptions.validate_regexp (regexp_ctx unused, may be NULL). Returns 0 when
 * pattern and flags are valid, else 1 with a short message in msg ("nothing to repeat").
 * Pure (no VM): defined in regexp_parse.c so that tools/parsecheck can link it alone. */
int regexp_validate_literal(void *ctx, const uint16_t *pattern, uint32_t pattern_len,
                            const uint16_t *flags, uint32_t flags_len, char *msg,
                            size_t msg_size);

/* A new RegExp object for a regular expression literal /pattern/flags (strings), as each
 * evaluation of the literal does (RegExpCreate with %RegExp.prototype%). Throws SyntaxError
 * if invalid (normally caught earlier by regexp_validate_literal). */
Value regexp_create_from_literal(VM *vm, Value pattern, Value flags);

/* The same with an already compiled program (from regexp_compile of the same pattern and
 * flags), so a compiler may compile a literal once and share the immutable program cell. */
Value regexp_create_with_program(VM *vm, Value pattern, Value flags, Value program);

#endif
