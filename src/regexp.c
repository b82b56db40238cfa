/* regexp.c — the VM side of the regular-expression engine: programs as heap cells
 * (CELL_BYTES holding the program words of regexp.h: no C pointers, so they snapshot as is,
 * C1), SyntaxError reporting, metering (C7) and the parser's literal validator.
 *
 * A program cell's body is the program's uint32_t words; the cell may be up to 4 bytes
 * longer (zero padding). Before every run the program is verified with re_program_check,
 * so a corrupt program read from an untrusted snapshot gives a TypeError, never a crash.
 */
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "regexp.h"

/* A malloc'd UTF-16 copy of string s (any form). NULL on OOM (exception pending). */
static uint16_t *utf16_of(VM *vm, Value s, uint32_t *len) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return NULL;
    uint32_t n = str_header(vm, s)->len;
    uint16_t *b = malloc((size_t)(n ? n : 1) * sizeof(uint16_t));
    if (!b) { vm_throw_out_of_memory(vm); return NULL; }
    if (str_is_latin1(vm, s)) {
        const uint8_t *p = str_latin1(vm, s);
        for (uint32_t i = 0; i < n; i++) b[i] = p[i];
    } else memcpy(b, str_utf16(vm, s), (size_t)n * sizeof(uint16_t));
    *len = n;
    return b;
}

/* Throw SyntaxError "Invalid regular expression: /pattern/flags: msg". */
static Value throw_pattern_error(VM *vm, Value pattern, Value flags, const char *msg) {
    char *p = str_to_utf8(vm, pattern, NULL), *f = str_to_utf8(vm, flags, NULL);
    Value r = vm_throw_syntax_error(vm, "Invalid regular expression: /%.200s/%.20s: %s", p ? p : "", f ? f : "", msg);
    free(p);
    free(f);
    return r;
}

Value regexp_compile(VM *vm, Value pattern, Value flags) {
    uint32_t plen, flen, fl;
    uint16_t *fs = utf16_of(vm, flags, &flen);
    if (!fs) return VAL_EXCEPTION;
    int bad = re_parse_flags(fs, flen, &fl) < 0;
    free(fs);
    if (bad) {
        char *f = str_to_utf8(vm, flags, NULL);
        Value r = vm_throw_syntax_error(vm, "Invalid flags supplied to RegExp constructor '%.40s'", f ? f : "");
        free(f);
        return r;
    }
    uint16_t *ps = utf16_of(vm, pattern, &plen);
    if (!ps) return VAL_EXCEPTION;
    uint32_t *prog = NULL;
    size_t nw = 0;
    char msg[256];
    int r = re_compile(ps, plen, fl, &prog, &nw, msg, sizeof msg);
    free(ps);
    /* compiling costs about one computron per pattern unit */
    vm->meter += plen;
    if (r == RE_NOMEM) return vm_throw_out_of_memory(vm);
    if (r != RE_OK) return throw_pattern_error(vm, pattern, flags, msg);
    Ref ref = heap_alloc(vm, CELL_BYTES, 0, heap_words_for_bytes(nw * sizeof(uint32_t)));
    if (!ref) { free(prog); return vm_throw_out_of_memory(vm); }
    memcpy(CELL_VALUES(CELL(vm, ref)), prog, nw * sizeof(uint32_t));
    free(prog);
    return val_cell(ref);
}

/* The program words of a cell and their count, or NULL when the cell is not a well-formed
 * program. */
static const uint32_t *program_of(VM *vm, Value program, size_t *nwords) {
    if (!val_is_cell(program)) return NULL;
    CellHeader *h = CELL(vm, val_ref(program));
    if (h->kind != CELL_BYTES || h->size < 2) return NULL;
    const uint32_t *p = (const uint32_t *)CELL_VALUES(h);
    size_t avail = ((size_t)h->size - 1) * 2;
    if (avail < RE_H_WORDS || p[RE_H_TOTAL] > avail) return NULL;
    *nwords = p[RE_H_TOTAL];
    return p;
}

/* The uncatchable "too much computation" termination (DESIGN C7). */
static void throw_meter(VM *vm) {
    vm->exception = ATOM(vm, empty);
    vm->has_exception = 1;
    vm->uncatchable = 1;
}

int regexp_exec(VM *vm, Value program, Value input, uint32_t start, int32_t *captures) {
    return regexp_exec_anchored(vm, program, input, start, captures, RE_ANCHOR_DEFAULT);
}

int regexp_exec_anchored(VM *vm, Value program, Value input, uint32_t start, int32_t *captures,
                         int anchor) {
    size_t nw;
    const uint32_t *prog = program_of(vm, program, &nw);
    if (!prog || (!(anchor & RE_ANCHOR_CHECKED) && re_program_check(prog, nw) < 0)) {
        vm_throw_type_error(vm, "corrupt regular expression program");
        return -1;
    }
    ReInput in;
    in.chars = str_is_latin1(vm, input) ? (const void *)str_latin1(vm, input) : (const void *)str_utf16(vm, input);
    in.latin1 = str_is_latin1(vm, input) != 0;
    in.len = str_header(vm, input)->len;
    in.steps = 0;
    in.step_limit = 0;
    in.anchor = anchor & 0xFF;
    if (vm->meter_limit) in.step_limit = vm->meter_limit > vm->meter ? vm->meter_limit - vm->meter : 1;
    int r = re_match(prog, &in, start, captures);
    vm->meter += in.steps;
    switch (r) {
    case RE_MATCH: return 1;
    case RE_NOMATCH: return 0;
    case RE_ERR_LIMIT: throw_meter(vm); return -1;
    case RE_ERR_STACK: vm_throw_range_error(vm, "Maximum call stack size exceeded (regular expression too complex)"); return -1;
    default: vm_throw_out_of_memory(vm); return -1;
    }
}

int regexp_program_valid(VM *vm, Value program) {
    size_t nw;
    const uint32_t *prog = program_of(vm, program, &nw);
    if (!prog || re_program_check(prog, nw) < 0) {
        vm_throw_type_error(vm, "corrupt regular expression program");
        return -1;
    }
    return 0;
}

uint32_t regexp_ncaps(VM *vm, Value program) {
    size_t nw;
    const uint32_t *p = program_of(vm, program, &nw);
    return p ? p[RE_H_NCAPS] : 1;
}

uint32_t regexp_flags(VM *vm, Value program) {
    size_t nw;
    const uint32_t *p = program_of(vm, program, &nw);
    return p ? p[RE_H_FLAGS] : 0;
}

/* The word index of group i's entry (1 <= i < ncaps) in the names table of program p
 * (nwords words), walking with bounds checks (no full program check needed); 0 if the
 * table is malformed. */
static size_t name_entry(const uint32_t *p, size_t nwords, uint32_t i) {
    uint64_t w = p[RE_H_NAMES], end = w + (uint64_t)p[RE_H_NAMES_LEN];
    if (end > nwords || i < 1 || i >= p[RE_H_NCAPS]) return 0;
    for (uint32_t g = 1; g < i; g++) {
        if (w >= end) return 0;
        w += 1 + ((uint64_t)p[w] + 1) / 2;
    }
    if (w >= end || w + 1 + ((uint64_t)p[w] + 1) / 2 > end) return 0;
    return (size_t)w;
}

Value regexp_group_name(VM *vm, Value program, uint32_t i) {
    size_t nw;
    const uint32_t *p = program_of(vm, program, &nw);
    size_t w = p ? name_entry(p, nw, i) : 0;
    if (!w || !p[w]) return VAL_UNDEFINED;
    uint32_t n = p[w];
    uint16_t buf[128], *b = n <= 128 ? buf : malloc(n * sizeof(uint16_t));
    if (!b) return vm_throw_out_of_memory(vm);
    for (uint32_t k = 0; k < n; k++) b[k] = (uint16_t)(p[w + 1 + k / 2] >> (16 * (k & 1)));
    /* p is not used past the allocation below */
    Value s = str_from_utf16(vm, b, n);
    if (b != buf) free(b);
    if (s == VAL_EXCEPTION) return s;
    return atom_intern(vm, s);
}

int regexp_has_named_groups(VM *vm, Value program) {
    size_t nw;
    const uint32_t *p = program_of(vm, program, &nw);
    if (!p) return 0;
    uint64_t w = p[RE_H_NAMES], end = w + (uint64_t)p[RE_H_NAMES_LEN];
    if (end > nw) return 0;
    for (uint32_t g = 1; g < p[RE_H_NCAPS] && w < end; g++) {
        if (p[w]) return 1;
        w += 1 + ((uint64_t)p[w] + 1) / 2;
    }
    return 0;
}
