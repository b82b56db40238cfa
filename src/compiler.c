/* compiler.c — compiler core: the compile's arena and maps, error reporting, the bytecode
 * emitter (labels, jumps, line table, exception table), variable access, scope entry and
 * exit, function prologues, building function templates (CELL_FUNCDEF), and the entry point
 * compile_program(). Expressions, statements, patterns and classes are in compiler_expr.c,
 * compiler_stmt.c, compiler_pattern.c and compiler_class.c; scope analysis in scope.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "compiler_int.h"

/* ---------------------------------------------------------------------------------------
 * Arena
 * ------------------------------------------------------------------------------------- */

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    max_align_t data[];
} ArenaBlock;

#define ARENA_CHUNK (64 * 1024)

/* Zeroed, 16-aligned memory that lives until the end of the compile. */
void *carena_alloc(Comp *c, size_t size) {
    size = (size + 15) & ~(size_t)15;
    ArenaBlock *b = c->arena;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_CHUNK / 2 ? size : ARENA_CHUNK;
        ArenaBlock *nb = malloc(sizeof(ArenaBlock) + cap);
        if (!nb) comp_oom(c);
        nb->used = 0;
        nb->cap = cap;
        if (size > ARENA_CHUNK / 2 && b) {   /* big block: keep the current chunk in front */
            nb->next = b->next;
            b->next = nb;
            nb->used = size;
            memset(nb->data, 0, size);
            return nb->data;
        }
        nb->next = b;
        c->arena = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

static void carena_free(Comp *c) {
    ArenaBlock *b = c->arena;
    while (b) {
        ArenaBlock *n = b->next;
        free(b);
        b = n;
    }
    c->arena = NULL;
}

/* Grow an arena array (elements of `size` bytes) to hold at least `need` entries. */
static void *grow(Comp *c, void *p, uint32_t *cap, uint32_t need, size_t size) {
    if (need <= *cap) return p;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *np = carena_alloc(c, (size_t)ncap * size);
    if (*cap) memcpy(np, p, (size_t)*cap * size);
    *cap = ncap;
    return np;
}

/* ---------------------------------------------------------------------------------------
 * Pointer map (exact-match lookups only)
 * ------------------------------------------------------------------------------------- */

static uint32_t ptr_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x;
}

void cmap_put(Comp *c, const void *key, void *value) {
    if ((c->map_count + 1) * 2 > c->map_cap) {
        uint32_t ncap = c->map_cap ? c->map_cap * 2 : 256;
        MapEntry *nm = carena_alloc(c, ncap * sizeof(MapEntry));
        for (uint32_t i = 0; i < c->map_cap; i++) {
            if (!c->map[i].key) continue;
            uint32_t h = ptr_hash(c->map[i].key) & (ncap - 1);
            while (nm[h].key) h = (h + 1) & (ncap - 1);
            nm[h] = c->map[i];
        }
        c->map = nm;
        c->map_cap = ncap;
    }
    uint32_t h = ptr_hash(key) & (c->map_cap - 1);
    while (c->map[h].key && c->map[h].key != key) h = (h + 1) & (c->map_cap - 1);
    if (!c->map[h].key) c->map_count++;
    c->map[h].key = key;
    c->map[h].value = value;
}

void *cmap_get(Comp *c, const void *key) {
    if (!c->map_cap || !key) return NULL;
    uint32_t h = ptr_hash(key) & (c->map_cap - 1);
    while (c->map[h].key) {
        if (c->map[h].key == key) return c->map[h].value;
        h = (h + 1) & (c->map_cap - 1);
    }
    return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Errors, atoms, strings
 * ------------------------------------------------------------------------------------- */

void comp_error(Comp *c, const AstNode *at, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!c->vm->has_exception) {
        if (at)
            vm_throw_syntax_error(c->vm, "%s (%s:%u:%u)", msg, c->filename, at->line, at->column);
        else
            vm_throw_syntax_error(c->vm, "%s", msg);
    }
    c->failed = 1;
    longjmp(c->fail, 1);
}

void comp_oom(Comp *c) {
    if (!c->vm->has_exception) vm_throw_out_of_memory(c->vm);
    c->failed = 1;
    longjmp(c->fail, 1);
}

Value compiler_atom(VM *vm, const uint16_t *s, uint32_t len) {
    if (len == 0) return atom_from_latin1(vm, (const uint8_t *)"", 0);
    int latin1 = 1;
    for (uint32_t i = 0; i < len; i++)
        if (s[i] > 0xFF) { latin1 = 0; break; }
    if (latin1) {
        uint8_t buf[256];
        uint8_t *p = len <= sizeof buf ? buf : malloc(len);
        if (!p) return vm_throw_out_of_memory(vm);
        for (uint32_t i = 0; i < len; i++) p[i] = (uint8_t)s[i];
        Value a = atom_from_latin1(vm, p, len);
        if (p != buf) free(p);
        return a;
    }
    return atom_from_utf16(vm, s, len);
}

Value comp_atom(Comp *c, const uint16_t *s, uint32_t len) {
    Value a = compiler_atom(c->vm, s, len);
    if (a == VAL_EXCEPTION) comp_oom(c);
    return a;
}

Value comp_atom_ascii(Comp *c, const char *s) {
    Value a = atom_from_cstr(c->vm, s);
    if (a == VAL_EXCEPTION) comp_oom(c);
    return a;
}

Value comp_string(Comp *c, const uint16_t *s, uint32_t len) {
    Value v = str_from_utf16(c->vm, s, len);
    if (v == VAL_EXCEPTION) comp_oom(c);
    return v;
}

Value cvar_atom(Comp *c, CVar *v) {
    if (!v->atom) v->atom = comp_atom(c, v->name, v->len);
    return v->atom;
}

/* Byte offset in the source -> UTF-16 offset (for Function.prototype.toString). */
uint32_t comp_utf16_offset(Comp *c, uint32_t byte_offset) {
    if (!c->utf16_offsets) {
        size_t n = c->ast->source_len;
        uint32_t *t = carena_alloc(c, (n + 1) * sizeof(uint32_t));
        const uint8_t *s = (const uint8_t *)c->ast->source;
        uint32_t u = 0;
        for (size_t i = 0; i < n;) {
            uint8_t b = s[i];
            size_t k = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (i + k > n) k = n - i;
            for (size_t j = 0; j < k; j++) t[i + j] = u;
            u += (k == 4) ? 2 : 1;
            i += k;
        }
        t[n] = u;
        c->utf16_offsets = t;
    }
    if (byte_offset > c->ast->source_len) byte_offset = (uint32_t)c->ast->source_len;
    return c->utf16_offsets[byte_offset];
}

/* ---------------------------------------------------------------------------------------
 * Emitter
 * ------------------------------------------------------------------------------------- */

const OpInfo op_info[OP_COUNT] = {
#define DEF(name, size, npop, npush, fmt) { #name, size, npop, npush, OPF_##fmt },
#include "opcodes.def"
#undef DEF
};

static void emit_bytes(Comp *c, const void *p, uint32_t n) {
    CFunc *f = c->func;
    f->code = grow(c, f->code, &f->code_cap, f->code_len + n, 1);
    memcpy(f->code + f->code_len, p, n);
    f->code_len += n;
}

void emit_u8(Comp *c, uint8_t v) { emit_bytes(c, &v, 1); }
void emit_u16(Comp *c, uint16_t v) { uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) }; emit_bytes(c, b, 2); }
void emit_u32(Comp *c, uint32_t v) {
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    emit_bytes(c, b, 4);
}

void set_depth(Comp *c, int32_t d) {
    CFunc *f = c->func;
    f->depth = d;
    if (d > f->max_depth) f->max_depth = d;
}

void adjust_depth(Comp *c, int32_t delta) {
    if (c->func->depth < 0) return;
    set_depth(c, c->func->depth + delta);
}

/* Stack effect bookkeeping for an opcode with a fixed effect. */
static void op_effect(Comp *c, Opcode op) {
    const OpInfo *oi = &op_info[op];
    if (oi->n_pop >= 0) adjust_depth(c, oi->n_push - oi->n_pop);
    switch (op) {
    case OP_return: case OP_return_undef: case OP_throw: case OP_throw_error: case OP_ret:
        c->func->depth = -1;
        break;
    default: break;
    }
}

void emit_op(Comp *c, Opcode op) {
    CFunc *f0 = c->func;
    if (op == OP_return && f0->last_op == OP_push_undefined && f0->last_op_pos >= 0 &&
        (uint32_t)f0->last_op_pos + 1 == f0->code_len && f0->last_label_pos <= f0->last_op_pos && f0->depth >= 0) {
        f0->code_len--;
        if (f0->nlines && f0->lines[f0->nlines - 1].pc > f0->code_len) f0->lines[f0->nlines - 1].pc = f0->code_len;
        adjust_depth(c, -1);
        f0->last_op = OP_nop;
        op = OP_return_undef;
    }
    if (op == OP_push_this || op == OP_push_undefined) {
        c->func->last_op_pos = (int32_t)c->func->code_len;
        c->func->last_op = (uint8_t)op;
    }
    emit_u8(c, (uint8_t)op);
    op_effect(c, op);
}

void emit_op_u8(Comp *c, Opcode op, uint8_t v) {
    emit_u8(c, (uint8_t)op);
    emit_u8(c, v);
    op_effect(c, op);
}

/* Ops whose pop count depends on the u16 operand. */
static void var_effect(Comp *c, Opcode op, uint32_t v) {
    switch (op) {
    case OP_call: case OP_new: case OP_super_call: case OP_eval:
        adjust_depth(c, 1 - (int32_t)(v + 2)); break;
    case OP_array_new: adjust_depth(c, 1 - (int32_t)v); break;
    case OP_object_rest: adjust_depth(c, 1 - (int32_t)(v + 1)); break;
    default: break;
    }
}

void emit_op_u16(Comp *c, Opcode op, uint16_t v) {
    CFunc *f0 = c->func;
    if (op == OP_get_loc && f0->last_op == OP_get_loc && f0->last_op_pos >= 0 &&
        (uint32_t)f0->last_op_pos + 3 == f0->code_len && f0->last_label_pos <= f0->last_op_pos && f0->depth >= 0) {
        /* get_loc a; get_loc b -> get_loc2 a b */
        f0->code[f0->last_op_pos] = (uint8_t)OP_get_loc2;
        emit_u16(c, v);
        adjust_depth(c, 1);
        f0->last_op = OP_nop;
        return;
    }
    if (op == OP_get_loc || op == OP_get_arg) {
        c->func->last_op_pos = (int32_t)c->func->code_len;
        c->func->last_op = (uint8_t)op;
    }
    emit_u8(c, (uint8_t)op);
    emit_u16(c, v);
    op_effect(c, op);
    if (op_info[op].n_pop < 0) var_effect(c, op, v);
}

void emit_op_u32(Comp *c, Opcode op, uint32_t v) {
    emit_u8(c, (uint8_t)op);
    emit_u32(c, v);
    op_effect(c, op);
}

uint32_t add_const(Comp *c, Value v) {
    CFunc *f = c->func;
    /* share identical atoms / strings / numbers (exact bit equality) */
    if (!val_is_cell(v)) {
        uint32_t lim = f->nconsts < 64 ? 0 : f->nconsts - 64;
        for (uint32_t i = f->nconsts; i-- > lim;)
            if (f->consts[i] == v) return i;
    }
    f->consts = grow(c, f->consts, &f->consts_cap, f->nconsts + 1, sizeof(Value));
    f->consts[f->nconsts] = v;
    return f->nconsts++;
}

void emit_push_int(Comp *c, int32_t v) {
    if (v >= -128 && v <= 127) {
        emit_u8(c, OP_push_i8);
        emit_u8(c, (uint8_t)(int8_t)v);
        op_effect(c, OP_push_i8);
    } else {
        emit_op_u32(c, OP_push_i32, (uint32_t)v);
    }
}

void emit_push_value(Comp *c, Value v) {
    if (v == VAL_UNDEFINED) { emit_op(c, OP_push_undefined); return; }
    if (v == VAL_NULL) { emit_op(c, OP_push_null); return; }
    if (v == VAL_TRUE) { emit_op(c, OP_push_true); return; }
    if (v == VAL_FALSE) { emit_op(c, OP_push_false); return; }
    if (val_is_int(v)) { emit_push_int(c, val_to_int(v)); return; }
    emit_op_u32(c, OP_push_const, add_const(c, v));
}

void emit_push_number(Comp *c, double d) { emit_push_value(c, val_number(d)); }

void emit_atom_op(Comp *c, Opcode op, Value atom) { emit_op_u32(c, op, add_const(c, atom)); }

/* Peephole: can the instruction just emitted at last_op_pos (size n) be fused with the next? */
static int can_fuse(CFunc *f, Opcode prev, uint32_t n) {
    return f->last_op == prev && f->last_op_pos >= 0 && (uint32_t)f->last_op_pos + n == f->code_len &&
           f->last_label_pos <= f->last_op_pos && f->depth >= 0;
}

/* Remove the last n code bytes (a fused instruction), keeping the line table consistent. */
static void unemit(CFunc *f, uint32_t n) {
    f->code_len -= n;
    if (f->nlines && f->lines[f->nlines - 1].pc > f->code_len) f->lines[f->nlines - 1].pc = f->code_len;
    if (f->nlines > 1 && f->lines[f->nlines - 2].pc == f->lines[f->nlines - 1].pc) {
        f->lines[f->nlines - 2] = f->lines[f->nlines - 1];
        f->nlines--;
    }
    f->last_op = OP_nop;
}

void emit_ic_op(Comp *c, Opcode op) {
    CFunc *f = c->func;
    emit_op_u16(c, op, f->nic < IC_NONE ? (uint16_t)f->nic++ : (uint16_t)IC_NONE);
}

void emit_ic2_op(Comp *c, Opcode op) {
    CFunc *f = c->func;
    uint16_t ic = (uint16_t)IC_NONE;
    if (f->nic + 1 < IC_NONE) { ic = (uint16_t)f->nic; f->nic += 2; }
    emit_op_u16(c, op, ic);
}

void emit_atom_ic_op(Comp *c, Opcode op, Value atom) {
    CFunc *f = c->func;
    uint32_t k = add_const(c, atom);
    uint16_t ic = f->nic < IC_NONE ? (uint16_t)f->nic++ : (uint16_t)IC_NONE;
    if ((op == OP_get_field || op == OP_get_method) && can_fuse(f, OP_push_this, 1)) {
        unemit(f, 1);
        adjust_depth(c, -1);
        op = op == OP_get_field ? OP_get_this_field : OP_get_this_method;
    } else if ((op == OP_get_field || op == OP_get_method) &&
               (can_fuse(f, OP_get_loc, 3) || can_fuse(f, OP_get_arg, 3))) {
        int is_arg = f->last_op == OP_get_arg;
        uint16_t loc = (uint16_t)(f->code[f->code_len - 2] | f->code[f->code_len - 1] << 8);
        unemit(f, 3);
        adjust_depth(c, -1);
        Opcode fop = is_arg ? (op == OP_get_field ? OP_get_arg_field : OP_get_arg_method)
                            : (op == OP_get_field ? OP_get_loc_field : OP_get_loc_method);
        emit_u8(c, (uint8_t)fop);
        emit_u16(c, loc);
        emit_u32(c, k);
        emit_u16(c, ic);
        op_effect(c, fop);
        return;
    }
    emit_u8(c, (uint8_t)op);
    emit_u32(c, k);
    emit_u16(c, ic);
    op_effect(c, op);
}

void emit_atom_u8_op(Comp *c, Opcode op, Value atom, uint8_t b) {
    uint32_t k = add_const(c, atom);
    emit_u8(c, (uint8_t)op);
    emit_u32(c, k);
    emit_u8(c, b);
    op_effect(c, op);
}

/* ---- labels and jumps ---- */

int32_t new_label(Comp *c) {
    CFunc *f = c->func;
    f->labels = grow(c, f->labels, &f->labels_cap, f->nlabels + 1, sizeof(Label));
    f->labels[f->nlabels].pos = -1;
    f->labels[f->nlabels].depth = -1;
    return (int32_t)f->nlabels++;
}

void label_set_depth(Comp *c, int32_t label, int32_t depth) {
    if (depth < 0) return;
    Label *l = &c->func->labels[label];
    if (l->depth < 0) l->depth = depth;
    else if (l->depth != depth)
        comp_error(c, NULL, "internal compiler error: stack depth mismatch (%d vs %d)", l->depth, depth);
    if (depth > c->func->max_depth) c->func->max_depth = depth;
}

void bind_label(Comp *c, int32_t label) {
    CFunc *f = c->func;
    f->last_label_pos = (int32_t)f->code_len;
    Label *l = &f->labels[label];
    l->pos = (int32_t)f->code_len;
    if (f->depth >= 0) label_set_depth(c, label, f->depth);
    else f->depth = l->depth;
}

static void add_patch(Comp *c, uint32_t at, uint32_t from, int32_t label) {
    CFunc *f = c->func;
    f->patches = grow(c, f->patches, &f->patches_cap, f->npatches + 1, sizeof(Patch));
    f->patches[f->npatches].at = at;
    f->patches[f->npatches].from = from;
    f->patches[f->npatches].label = label;
    f->npatches++;
}

/* Depth bookkeeping for a jump: `target` is the depth at the label, `fall` afterwards. */
static void jump_depths(Comp *c, Opcode op, int32_t label, uint8_t b) {
    int32_t d = c->func->depth;
    int32_t target = -1, fall = -1;
    if (d >= 0) {
        switch (op) {
        case OP_jmp: target = d; fall = -1; break;
        case OP_jmp_false: case OP_jmp_true: case OP_jmp_nullish: case OP_jmp_not_nullish:
        case OP_jmp_undefined: case OP_jmp_not_undefined: case OP_jmp_hole:
            target = fall = d - 1; break;
        case OP_lt_jmp_false: case OP_le_jmp_false: case OP_gt_jmp_false: case OP_ge_jmp_false:
        case OP_lt_jmp_true: case OP_le_jmp_true: case OP_gt_jmp_true: case OP_ge_jmp_true:
        case OP_seq_jmp_false: case OP_seq_jmp_true:
            target = fall = d - 2; break;
        case OP_jmp_null: case OP_jmp_not_null: target = fall = d - 1; break;
        case OP_gosub: target = d + 1; fall = d; break;
        case OP_for_of_next: case OP_for_in_next: target = d; fall = d + 1; break;
        case OP_iter_result: target = d - 1; fall = d; break;
        case OP_resume_check: target = fall = d - 1; break;
        case OP_iter_get_return: target = d - 2; fall = d - 1; break;
        case OP_with_jump: case OP_with_jump_eval: target = d; fall = d - 1; break;
        case OP_chain_check: target = d - b; fall = d; break;
        default: target = fall = d; break;
        }
        label_set_depth(c, label, target);
    }
    set_depth(c, fall);
    if (fall < 0) c->func->depth = -1;
}

void emit_jump(Comp *c, Opcode op, int32_t label) {
    emit_u8(c, (uint8_t)op);
    uint32_t at = c->func->code_len;
    emit_u32(c, 0);
    add_patch(c, at, c->func->code_len, label);
    jump_depths(c, op, label, 0);
}

void emit_jump_u8(Comp *c, Opcode op, int32_t label, uint8_t b) {
    emit_u8(c, (uint8_t)op);
    uint32_t at = c->func->code_len;
    emit_u32(c, 0);
    emit_u8(c, b);
    add_patch(c, at, c->func->code_len, label);
    jump_depths(c, op, label, b);
}

void emit_atom_jump(Comp *c, Opcode op, Value atom, int32_t label) {
    uint32_t k = add_const(c, atom);
    emit_u8(c, (uint8_t)op);
    emit_u32(c, k);
    uint32_t at = c->func->code_len;
    emit_u32(c, 0);
    add_patch(c, at, c->func->code_len, label);
    jump_depths(c, op, label, 0);
}

void emit_label2(Comp *c, Opcode op, int32_t l1, int32_t l2) {
    emit_u8(c, (uint8_t)op);
    uint32_t at = c->func->code_len;
    emit_u32(c, 0);
    emit_u32(c, 0);
    uint32_t end = c->func->code_len;
    add_patch(c, at, end, l1);
    add_patch(c, at + 4, end, l2);
    int32_t d = c->func->depth;
    if (d >= 0) {   /* delegate_check: 4 -> 1 at the labels, 4 -> 3 falling through */
        label_set_depth(c, l1, d - 3);
        label_set_depth(c, l2, d - 3);
        set_depth(c, d - 1);
    }
}

/* ---- positions, locals, handlers ---- */

void emit_pos(Comp *c, const AstNode *n) {
    CFunc *f = c->func;
    if (!n || (n->line == f->last_line && n->column == f->last_col)) return;
    if (f->nlines && f->lines[f->nlines - 1].pc == f->code_len) {
        f->lines[f->nlines - 1].line = n->line;
        f->lines[f->nlines - 1].column = n->column;
    } else {
        f->lines = grow(c, f->lines, &f->lines_cap, f->nlines + 1, sizeof(LineEntry));
        f->lines[f->nlines].pc = f->code_len;
        f->lines[f->nlines].line = n->line;
        f->lines[f->nlines].column = n->column;
        f->nlines++;
    }
    f->last_line = n->line;
    f->last_col = n->column;
}

/* Remember the source text of the callee of the call instruction emitted next. */
void record_callsite(Comp *c, const AstNode *callee) {
    CFunc *f = c->func;
    if (!callee || callee->end <= callee->start || callee->end - callee->start > 200) return;
    Value s = str_from_utf8(c->vm, c->ast->source + callee->start, callee->end - callee->start);
    if (s == VAL_EXCEPTION) comp_oom(c);
    f->callsites = grow(c, f->callsites, &f->callsites_cap, f->ncallsites + 1, sizeof(CallSiteEntry));
    f->callsites[f->ncallsites].pc = f->code_len;
    f->callsites[f->ncallsites].text = add_const(c, s);
    f->ncallsites++;
}

uint32_t new_local(Comp *c, Value name_atom) {
    CFunc *f = c->func;
    uint32_t i = f->nlocals++;
    if (f->nlocals > 0xFFFF) comp_error(c, NULL, "too many local variables");
    f->local_names = grow(c, f->local_names, &f->local_names_cap, f->nlocals, sizeof(Value));
    f->local_names[i] = name_atom;
    return i;
}

void emit_get_loc(Comp *c, uint32_t loc) { emit_op_u16(c, OP_get_loc, (uint16_t)loc); }
void emit_put_loc(Comp *c, uint32_t loc) { emit_op_u16(c, OP_put_loc, (uint16_t)loc); }

void add_handler(Comp *c, uint32_t start, uint32_t end, int32_t label, int32_t depth) {
    CFunc *f = c->func;
    if (depth < 0) return;   /* unreachable try statement: no handler needed */
    label_set_depth(c, label, depth + 1);
    if (start >= end) return;
    f->handlers = grow(c, f->handlers, &f->handlers_cap, f->nhandlers + 1, sizeof(HandlerEntry));
    HandlerEntry *h = &f->handlers[f->nhandlers++];
    h->start = start;
    h->end = end;
    h->target = (uint32_t)label;   /* label index until finish_function resolves it */
    h->depth = (uint32_t)depth;
    label_set_depth(c, label, depth + 1);
}

/* ---- control stack ---- */

Ctl *ctl_push(Comp *c, CtlKind kind) {
    Ctl *t = carena_alloc(c, sizeof(Ctl));
    t->prev = c->func->ctl;
    t->kind = (uint8_t)kind;
    t->depth = c->func->depth;
    t->break_label = t->continue_label = t->finally_label = -1;
    c->func->ctl = t;
    return t;
}

void ctl_pop(Comp *c) { c->func->ctl = c->func->ctl->prev; }

/* ---------------------------------------------------------------------------------------
 * Variables
 * ------------------------------------------------------------------------------------- */

static void emit_env_op(Comp *c, Opcode op, int hops, int idx) {
    if (hops > 255 || idx > 0xFFFF) comp_error(c, NULL, "too many nested scopes");
    emit_u8(c, (uint8_t)op);
    emit_u8(c, (uint8_t)hops);
    emit_u16(c, (uint16_t)idx);
    op_effect(c, op);
}

void emit_var_get(Comp *c, CVar *v, CScope *vs, int check) {
    switch (v->store) {
    case VS_LOC: emit_op_u16(c, check ? OP_get_loc_check : OP_get_loc, (uint16_t)v->loc); break;
    case VS_ARG: emit_op_u16(c, OP_get_arg, (uint16_t)v->arg); break;
    case VS_ENV:
        if (v->kind == SV_IMPORT) emit_env_op(c, OP_get_import, scope_hops(c->scope, vs), v->idx);
        else emit_env_op(c, check ? OP_get_env_check : OP_get_env, scope_hops(c->scope, vs), v->idx);
        break;
    case VS_THIS: emit_op(c, check ? OP_push_this_check : OP_push_this); break;
    case VS_FUNC: emit_op(c, OP_push_func); break;
    case VS_NEW_TARGET: emit_op(c, OP_push_new_target); break;
    default: comp_error(c, NULL, "internal compiler error: unassigned variable");
    }
}

void emit_var_put(Comp *c, CVar *v, CScope *vs, int check) {
    switch (v->store) {
    case VS_LOC: emit_op_u16(c, check ? OP_put_loc_check : OP_put_loc, (uint16_t)v->loc); break;
    case VS_ARG: emit_op_u16(c, OP_put_arg, (uint16_t)v->arg); break;
    case VS_ENV: emit_env_op(c, check ? OP_put_env_check : OP_put_env, scope_hops(c->scope, vs), v->idx); break;
    case VS_THIS: emit_op(c, OP_bind_this); emit_op(c, OP_drop); break;
    default: comp_error(c, NULL, "internal compiler error: bad variable store");
    }
}

/* Load the dynamic object of scope d (a with object or sloppy-eval var object). */
static void emit_dyn_object(Comp *c, CScope *d) {
    emit_var_get(c, d->vars[0], d, 0);
}

/* Emit an access of the name `name` (op: REF_*). For REF_PUT / REF_INIT the value is on the
 * stack (popped); REF_GET/REF_GET_TYPEOF push the value; REF_CALL pushes [f this];
 * REF_DELETE pushes a boolean. c->init_kind-like details come through `at` flags. */
static void emit_name_access_from(Comp *c, CScope *from, const uint16_t *name, uint32_t len, RefOp op,
                                  const AstNode *at, int init_kind, int no_dyn) {
    Resolved r;
    scope_resolve(c, from, c->func, name, len, &r);
    if (no_dyn) r.ndyn = 0;
    Value atom = 0;
    int32_t lobj = -1, lend = -1;
    int32_t d0 = c->func->depth;
    if (r.ndyn) {
        atom = comp_atom(c, name, len);
        lobj = new_label(c);
        lend = new_label(c);
        for (int i = 0; i < r.ndyn; i++) {
            emit_dyn_object(c, r.dyn[i]);
            emit_atom_jump(c, r.dyn[i]->dyn == SV_WITH ? OP_with_jump : OP_with_jump_eval, atom, lobj);
        }
    }
    /* static part */
    CVar *v = r.var;
    if (v && v->kind == SV_PRIVATE) v = NULL;
    if (!v) {
        if (!atom) atom = comp_atom(c, name, len);
        switch (op) {
        case REF_GET: emit_atom_ic_op(c, OP_get_global, atom); break;
        case REF_GET_TYPEOF: emit_atom_ic_op(c, OP_get_global_typeof, atom); break;
        case REF_CALL:
            emit_atom_ic_op(c, OP_get_global, atom);
            emit_op(c, OP_push_undefined);
            break;
        case REF_DELETE: emit_atom_op(c, OP_delete_global, atom); break;
        case REF_PUT:
            emit_atom_ic_op(c, c->func->strict ? OP_put_global_strict : OP_put_global, atom);
            break;
        case REF_INIT:
            if (init_kind == 3) /* var: PutValue */
                emit_atom_ic_op(c, c->func->strict ? OP_put_global_strict : OP_put_global, atom);
            else
                emit_atom_u8_op(c, OP_init_global, atom, (uint8_t)init_kind);
            break;
        }
    } else {
        CScope *vs = r.scope;
        int check = scope_needs_tdz(v, vs, c->func, at ? at->start : UINT32_MAX);
        switch (op) {
        case REF_GET:
        case REF_GET_TYPEOF:
            emit_var_get(c, v, vs, check);
            break;
        case REF_CALL:
            emit_var_get(c, v, vs, check);
            emit_op(c, OP_push_undefined);
            break;
        case REF_DELETE:
            emit_op(c, OP_push_false);
            break;
        case REF_INIT:
            if (init_kind == 3) goto do_put;   /* var declaration initializer: PutValue */
            emit_var_put(c, v, vs, 0);
            break;
        case REF_PUT:
        do_put:
            if (v->kind == SV_CONST || v->kind == SV_CLASS_NAME || v->kind == SV_IMPORT ||
                (v->kind == SV_FUNC_NAME && c->func->strict)) {
                if (check && v->kind != SV_IMPORT) {
                    emit_var_get(c, v, vs, 1);
                    emit_op(c, OP_drop);
                }
                emit_op(c, OP_drop);
                emit_atom_u8_op(c, OP_throw_error, cvar_atom(c, v), TE_CONST_ASSIGN);
                set_depth(c, d0 - 1);  /* keep the bookkeeping of the normal path */
            } else if (v->kind == SV_FUNC_NAME) {
                emit_op(c, OP_drop);   /* sloppy: silently ignored */
            } else {
                emit_var_put(c, v, vs, check);
            }
            break;
        }
    }
    if (r.ndyn) {
        emit_jump(c, OP_jmp, lend);
        bind_label(c, lobj);   /* stack: [... obj] (for PUT: [... v obj]) */
        uint8_t strict = c->func->strict ? 1 : 0;
        switch (op) {
        case REF_GET:
        case REF_GET_TYPEOF:
            emit_atom_u8_op(c, OP_with_get, atom, strict);
            break;
        case REF_CALL:
            if (r.dyn[0]->dyn == SV_WITH) {
                /* this = the with object (every dyn jump lands here; use the found object) */
                emit_op(c, OP_dup);
                emit_atom_u8_op(c, OP_with_get, atom, strict);
                emit_op(c, OP_swap);
            } else {
                emit_atom_u8_op(c, OP_with_get, atom, strict);
                emit_op(c, OP_push_undefined);
            }
            break;
        case REF_DELETE:
            emit_push_value(c, atom);
            emit_op(c, OP_delete_elem);
            break;
        case REF_PUT:
        case REF_INIT:
            emit_op(c, OP_swap);
            emit_atom_u8_op(c, OP_with_put, atom, strict);
            break;
        }
        bind_label(c, lend);
    }
}

static void emit_name_access_x(Comp *c, const uint16_t *name, uint32_t len, RefOp op,
                               const AstNode *at, int init_kind, int no_dyn) {
    emit_name_access_from(c, c->scope, name, len, op, at, init_kind, no_dyn);
}

static void emit_name_access(Comp *c, const uint16_t *name, uint32_t len, RefOp op,
                             const AstNode *at, int init_kind) {
    emit_name_access_x(c, name, len, op, at, init_kind, 0);
}

void emit_name_put_from(Comp *c, CScope *from, const uint16_t *name, uint32_t len) {
    emit_name_access_from(c, from, name, len, REF_PUT, NULL, 0, 0);
}

int32_t emit_dyn_ref_begin(Comp *c, AstNode *id) {
    Resolved r;
    AstStr nm = id->u.ident.name;
    scope_resolve(c, c->scope, c->func, nm.chars, nm.len, &r);
    if (!r.ndyn) return -1;
    Value atom = comp_atom(c, nm.chars, nm.len);
    uint32_t tmp = new_local(c, 0);
    int32_t lobj = new_label(c), lres = new_label(c);
    for (int i = 0; i < r.ndyn; i++) {
        emit_dyn_object(c, r.dyn[i]);
        emit_atom_jump(c, r.dyn[i]->dyn == SV_WITH ? OP_with_jump : OP_with_jump_eval, atom, lobj);
    }
    emit_op(c, OP_push_hole);
    emit_jump(c, OP_jmp, lres);
    bind_label(c, lobj);
    bind_label(c, lres);
    emit_put_loc(c, tmp);
    return (int32_t)tmp;
}

void emit_dyn_ref_get(Comp *c, AstNode *id, int32_t tmp) {
    AstStr nm = id->u.ident.name;
    int32_t lstatic = new_label(c), lend = new_label(c);
    emit_get_loc(c, (uint32_t)tmp);
    emit_jump(c, OP_jmp_hole, lstatic);
    emit_get_loc(c, (uint32_t)tmp);
    emit_atom_u8_op(c, OP_with_get, comp_atom(c, nm.chars, nm.len), c->func->strict ? 1 : 0);
    emit_jump(c, OP_jmp, lend);
    bind_label(c, lstatic);
    emit_name_access_x(c, nm.chars, nm.len, REF_GET, id, 0, 1);
    bind_label(c, lend);
}

void emit_dyn_ref_put(Comp *c, AstNode *id, int32_t tmp) { emit_dyn_ref_put_init(c, id, tmp, 0); }

/* emit_dyn_ref_put for a binding initialization of kind `init` (emit_ident_put's init; 0 for
 * a plain assignment). */
void emit_dyn_ref_put_init(Comp *c, AstNode *id, int32_t tmp, int init) {
    AstStr nm = id->u.ident.name;
    int32_t lstatic = new_label(c), lend = new_label(c);
    emit_get_loc(c, (uint32_t)tmp);
    emit_jump(c, OP_jmp_hole, lstatic);
    emit_get_loc(c, (uint32_t)tmp);
    emit_op(c, OP_swap);
    emit_atom_u8_op(c, OP_with_put, comp_atom(c, nm.chars, nm.len), c->func->strict ? 1 : 0);
    emit_jump(c, OP_jmp, lend);
    bind_label(c, lstatic);
    emit_name_access_x(c, nm.chars, nm.len, init ? REF_INIT : REF_PUT, id, init, 1);
    bind_label(c, lend);
}

void emit_var_ref(Comp *c, const uint16_t *name, uint32_t len, RefOp op, const AstNode *at) {
    emit_name_access(c, name, len, op, at, 0);
}

void emit_ident_get(Comp *c, AstNode *id) {
    emit_pos(c, id);
    emit_name_access(c, id->u.ident.name.chars, id->u.ident.name.len, REF_GET, id, 0);
}

/* Store the value on the stack into identifier `id`. init: 0 assignment, 1 let/class
 * initialization, 2 const initialization, 3 var declaration initializer. */
void emit_ident_put(Comp *c, AstNode *id, int init) {
    emit_name_access(c, id->u.ident.name.chars, id->u.ident.name.len, init ? REF_INIT : REF_PUT,
                     id, init);
}

/* Push `this` of the current code. */
void emit_this(Comp *c, const AstNode *at) {
    Resolved r;
    static const uint16_t nm[] = { ' ', 't', 'h', 'i', 's' };
    scope_resolve(c, c->scope, c->func, nm, 5, &r);
    if (!r.var) {
        if (c->is_module) emit_op(c, OP_push_undefined);
        else emit_op(c, OP_push_global_this);
        return;
    }
    emit_var_get(c, r.var, r.scope, scope_needs_tdz(r.var, r.scope, c->func, at ? at->start : 0));
}

/* Push a pseudo variable (" func", " new.target"); undefined when unresolvable. */
void emit_func_pseudo(Comp *c, const char *which, const AstNode *at) {
    (void)at;
    uint16_t nm[16];
    uint32_t len = 0;
    for (; which[len] && len < 16; len++) nm[len] = (uint8_t)which[len];
    Resolved r;
    scope_resolve(c, c->scope, c->func, nm, len, &r);
    if (!r.var) {
        emit_op(c, OP_push_undefined);
        return;
    }
    emit_var_get(c, r.var, r.scope, 0);
}

/* ---------------------------------------------------------------------------------------
 * Scopes
 * ------------------------------------------------------------------------------------- */

/* Set lexical frame variables of s to VAL_UNINIT when some reference checks their TDZ. */
void emit_tdz_init(Comp *c, CScope *s) {
    for (uint32_t i = 0; i < s->nvars; i++) {
        CVar *v = s->vars[i];
        if (v->store != VS_LOC || !v->needs_tdz) continue;
        if (v->kind != SV_LET && v->kind != SV_CONST && v->kind != SV_CLASS && v->kind != SV_CLASS_NAME)
            continue;
        emit_op(c, OP_push_uninit);
        emit_put_loc(c, (uint32_t)v->loc);
    }
}

/* Enter block scope s: assign storage, push its env, TDZ-initialize its frame variables. */
void enter_scope(Comp *c, CScope *s) {
    scope_assign(c, s);
    c->scope = s;
    if (s->has_env) {
        emit_op_u32(c, OP_push_env, (uint32_t)scope_desc_const(c, s));
        ctl_push(c, CTL_ENV);
    }
    emit_tdz_init(c, s);
}

void leave_scope(Comp *c, CScope *s) {
    if (s->has_env) {
        emit_op(c, OP_pop_env);
        ctl_pop(c);
    }
    c->scope = s->parent;
}

/* Instantiate the function declarations of an AstScope (hoisting) into the current scope. */
void emit_scope_functions(Comp *c, const AstScope *as) {
    if (!as) return;
    for (uint32_t i = 0; i < as->function_count; i++) {
        AstNode *fn = as->functions[i];
        CFunc *f = compile_nested_function(c, fn);
        emit_closure(c, f);
        AstNode *id = fn->u.function.id;
        if (c->scope->kind == SCOPE_FUNCTION && c->func->kind == CFK_SCRIPT) {
            /* script top level: CreateGlobalFunctionBinding */
            emit_atom_u8_op(c, OP_init_global, comp_atom(c, id->u.ident.name.chars, id->u.ident.name.len), 3);
        } else {
            emit_name_access(c, id->u.ident.name.chars, id->u.ident.name.len, REF_INIT, NULL, 1);
        }
    }
}

/* ---------------------------------------------------------------------------------------
 * Nested functions
 * ------------------------------------------------------------------------------------- */

/* Compile a nested function node (declaration / expression / arrow / method value) and add
 * its template to the current function's constants. */
CFunc *compile_nested_function(Comp *c, AstNode *fn) {
    CFunc *f = cmap_get(c, fn->u.function.info);
    if (!f) comp_error(c, fn, "internal compiler error: function not analyzed");
    if (!f->name) {
        AstNode *id = fn->u.function.id;
        f->name = id ? comp_string(c, id->u.ident.name.chars, id->u.ident.name.len)
                     : ATOM(c->vm, empty);
    }
    CFunc *saved_func = c->func;
    CScope *saved_scope = c->scope;
    c->func = f;
    compile_function_body(c, f);
    Value fd = finish_function(c, f);
    c->func = saved_func;
    c->scope = saved_scope;
    f->name = fd;    /* reuse: the funcdef Value once compiled */
    return f;
}

void emit_closure(Comp *c, CFunc *f) {
    emit_op_u32(c, OP_closure, add_const(c, f->name));
}

/* ---------------------------------------------------------------------------------------
 * Function prologue
 * ------------------------------------------------------------------------------------- */

/* Bind parameter i from its argument slot (non-simple parameter lists). */
static void emit_param_binding(Comp *c, AstNode *p, uint32_t i) {
    if (p->kind == AST_RestElement) {
        emit_op_u16(c, OP_create_rest, (uint16_t)i);
        compile_pattern(c, p->u.argument_expression.argument, PAT_INIT);
        return;
    }
    emit_op_u16(c, OP_get_arg, (uint16_t)i);
    if (p->kind == AST_AssignmentPattern) {
        int32_t l = new_label(c);
        emit_op(c, OP_dup);
        emit_jump(c, OP_jmp_not_undefined, l);
        emit_op(c, OP_drop);
        AstNode *target = p->u.assignment_pattern.left;
        if (target->kind == AST_Identifier)
            compile_expr_named(c, p->u.assignment_pattern.right,
                               comp_string(c, target->u.ident.name.chars, target->u.ident.name.len));
        else
            compile_expr(c, p->u.assignment_pattern.right);
        bind_label(c, l);
        compile_pattern(c, target, PAT_INIT);
        return;
    }
    compile_pattern(c, p, PAT_INIT);
}

/* Emit the prologue of a normal function (FunctionDeclarationInstantiation). */
static void emit_function_prologue(Comp *c, CFunc *f) {
    AstFuncInfo *info = f->info;
    AstFunction *fn = &f->node->u.function;
    CScope *top = f->top;
    scope_assign(c, top);
    c->scope = top;
    if (top->has_env) emit_op_u32(c, OP_push_env, (uint32_t)scope_desc_const(c, top));
    /* pseudo variables living in the env */
    if (f->this_var && f->this_var->store == VS_ENV) { emit_op(c, OP_push_this); emit_var_put(c, f->this_var, top, 0); }
    if (f->new_target_var && f->new_target_var->store == VS_ENV) { emit_op(c, OP_push_new_target); emit_var_put(c, f->new_target_var, top, 0); }
    if (f->func_var && f->func_var->store == VS_ENV) { emit_op(c, OP_push_func); emit_var_put(c, f->func_var, top, 0); }
    if (f->funcname_var) { emit_op(c, OP_push_func); emit_var_put(c, f->funcname_var, top, 0); }
    if (f->evalvars_var) {
        emit_op(c, OP_object_new);
        emit_op(c, OP_push_null);
        emit_op(c, OP_set_proto);
        emit_var_put(c, f->evalvars_var, top, 0);
    }
    /* simple parameters captured into the env */
    int simple = info->has_simple_params;
    if (simple) {
        for (uint32_t i = 0; i < top->nvars; i++) {
            CVar *v = top->vars[i];
            if (v->is_param && v->store == VS_ENV && v->arg >= 0) {
                emit_op_u16(c, OP_get_arg, (uint16_t)v->arg);
                emit_var_put(c, v, top, 0);
            }
        }
    } else {
        /* parameters are in their TDZ until bound */
        for (uint32_t i = 0; i < top->nvars; i++) {
            CVar *v = top->vars[i];
            if (!v->is_param) continue;
            if (v->store == VS_ENV || v->needs_tdz) {
                emit_op(c, OP_push_uninit);
                emit_var_put(c, v, top, 0);
            }
        }
    }
    if (f->arguments_var) {
        emit_op_u8(c, OP_create_arguments, f->mapped_args ? 1 : 0);
        emit_var_put(c, f->arguments_var, top, 0);
    }
    if (!simple) {
        for (uint32_t i = 0; i < fn->params.count; i++) {
            emit_pos(c, fn->params.items[i]);
            emit_param_binding(c, fn->params.items[i], i);
        }
    }
    /* separate var scope */
    CScope *vs = f->var_scope;
    if (vs != top) {
        scope_assign(c, vs);
        c->scope = vs;
        if (vs->has_env) emit_op_u32(c, OP_push_env, (uint32_t)scope_desc_const(c, vs));
        for (uint32_t i = 0; i < vs->nvars; i++) {
            CVar *v = vs->vars[i];
            CVar *pv = scope_find_local(top, v->name, v->len);
            if (pv && v->kind == SV_VAR) {
                c->scope = top;
                emit_var_get(c, pv, top, 0);
                c->scope = vs;
                emit_var_put(c, v, vs, 0);
            }
        }
    }
    emit_tdz_init(c, vs);
    emit_scope_functions(c, info->scope);
}

/* Compile a whole function (prologue + body + implicit return) into f's buffers. */
void compile_function_body(Comp *c, CFunc *f) {
    f->depth = 0;
    switch (f->kind) {
    case CFK_NORMAL: {
        AstFunction *fn = &f->node->u.function;
        emit_pos(c, f->node);
        emit_function_prologue(c, f);
        if (f->is_class_ctor && !f->is_derived && f->has_fields) {
            emit_op(c, OP_push_func);
            emit_op(c, OP_push_this);
            emit_op(c, OP_init_fields);
            emit_op(c, OP_drop);
        }
        if (f->is_generator) emit_op(c, OP_generator_start);
        if (fn->expression) {
            compile_expr(c, fn->body);
            emit_return(c);
        } else {
            compile_stmt_list(c, &fn->body->u.block.body);
            if (c->func->depth >= 0) {
                emit_op(c, OP_push_undefined);
                emit_return(c);
            }
        }
        break;
    }
    default:
        compile_synthetic_body(c, f);
        break;
    }
}

/* ---------------------------------------------------------------------------------------
 * Finishing: stack-depth verification and the CELL_FUNCDEF
 * ------------------------------------------------------------------------------------- */

static int32_t rd_i32(const uint8_t *p) {
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}
static uint16_t rd_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Debug aid (CRYO_DEBUG_COMPILE=1): print raw bytecode of a function being verified. */
static void debug_dump_raw(CFunc *f) {
    uint32_t pc = 0;
    fprintf(stderr, "-- raw code (%u bytes)\n", f->code_len);
    while (pc < f->code_len) {
        Opcode op = (Opcode)f->code[pc];
        if (op >= OP_COUNT) break;
        fprintf(stderr, "%5u: %s", pc, op_info[op].name);
        if (op_info[op].fmt == OPF_label || op_info[op].fmt == OPF_label_u8) {
            const uint8_t *a = f->code + pc + 1;
            int32_t off = (int32_t)((uint32_t)a[0] | (uint32_t)a[1] << 8 | (uint32_t)a[2] << 16 | (uint32_t)a[3] << 24);
            fprintf(stderr, " -> %u", pc + op_info[op].size + (uint32_t)off);
        }
        fputc('\n', stderr);
        pc += op_info[op].size;
    }
}

/* Patch every jump, resolve handler targets, and compute the exact maximum stack depth by
 * a flow analysis of the bytecode (a mismatch is an internal compiler error). */
static uint32_t verify_code(Comp *c, CFunc *f) {
    for (uint32_t i = 0; i < f->npatches; i++) {
        Patch *p = &f->patches[i];
        Label *l = &f->labels[p->label];
        if (l->pos < 0) comp_error(c, NULL, "internal compiler error: unbound label");
        int32_t off = l->pos - (int32_t)p->from;
        uint8_t *q = f->code + p->at;
        q[0] = (uint8_t)off; q[1] = (uint8_t)(off >> 8); q[2] = (uint8_t)(off >> 16); q[3] = (uint8_t)(off >> 24);
    }
    /* jump threading: a jump to a return becomes that return */
    for (uint32_t pc = 0; pc < f->code_len;) {
        Opcode op = (Opcode)f->code[pc];
        if (op >= OP_COUNT) break;
        if (op == OP_jmp) {
            uint32_t t = pc + 5 + (uint32_t)rd_i32(f->code + pc + 1);
            if (t < f->code_len && (f->code[t] == OP_return || f->code[t] == OP_return_undef)) {
                f->code[pc] = f->code[t];
                memset(f->code + pc + 1, OP_nop, 4);
            }
        }
        pc += op_info[op].size;
    }
    for (uint32_t i = 0; i < f->nhandlers; i++) {
        Label *l = &f->labels[f->handlers[i].target];
        if (l->pos < 0) comp_error(c, NULL, "internal compiler error: unbound handler");
        f->handlers[i].target = (uint32_t)l->pos;
    }
    uint32_t n = f->code_len;
    if (getenv("CRYO_DEBUG_COMPILE")) debug_dump_raw(f);
    int32_t *depth = carena_alloc(c, (n + 1) * sizeof(int32_t));
    uint32_t *work = carena_alloc(c, (n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i <= n; i++) depth[i] = -1;
    uint32_t nw = 0;
    int32_t maxd = 0;
#define PUSHW(pc, d) do { uint32_t pc_ = (pc); int32_t d_ = (d); \
        if (pc_ > n) comp_error(c, NULL, "internal compiler error: jump out of range"); \
        if (d_ < 0) comp_error(c, NULL, "internal compiler error: stack underflow at %u", pc_); \
        if (depth[pc_] < 0) { depth[pc_] = d_; work[nw++] = pc_; if (d_ > maxd) maxd = d_; } \
        else if (depth[pc_] != d_) comp_error(c, NULL, "internal compiler error: stack mismatch at %u (%d vs %d)", pc_, depth[pc_], d_); \
    } while (0)
    PUSHW(0, 0);
    for (uint32_t i = 0; i < f->nhandlers; i++) PUSHW(f->handlers[i].target, (int32_t)f->handlers[i].depth + 1);
    while (nw) {
        uint32_t pc = work[--nw];
        int32_t d = depth[pc];
        if (pc >= n) continue;
        Opcode op = (Opcode)f->code[pc];
        if (op >= OP_COUNT) comp_error(c, NULL, "internal compiler error: bad opcode");
        const OpInfo *oi = &op_info[op];
        const uint8_t *a = f->code + pc + 1;
        uint32_t next = pc + oi->size;
        int32_t npop = oi->n_pop;
        if (npop < 0) {
            uint32_t v = rd_u16(a);
            switch (op) {
            case OP_call: case OP_new: case OP_super_call: case OP_eval: npop = (int32_t)v + 2; break;
            case OP_array_new: npop = (int32_t)v; break;
            case OP_object_rest: npop = (int32_t)v + 1; break;
            default: npop = 0; break;
            }
        }
        if (d < npop) comp_error(c, NULL, "internal compiler error: stack underflow in %s at %u", oi->name, pc);
        int32_t after = d - npop + oi->n_push;
        switch (op) {
        case OP_jmp: PUSHW(next + rd_i32(a), d); break;
        case OP_jmp_false: case OP_jmp_true: case OP_jmp_nullish: case OP_jmp_not_nullish:
        case OP_jmp_undefined: case OP_jmp_not_undefined: case OP_jmp_hole:
            PUSHW(next + rd_i32(a), d - 1); PUSHW(next, d - 1); break;
        case OP_lt_jmp_false: case OP_le_jmp_false: case OP_gt_jmp_false: case OP_ge_jmp_false:
        case OP_lt_jmp_true: case OP_le_jmp_true: case OP_gt_jmp_true: case OP_ge_jmp_true:
        case OP_seq_jmp_false: case OP_seq_jmp_true:
            PUSHW(next + rd_i32(a), d - 2); PUSHW(next, d - 2); break;
        case OP_jmp_null: case OP_jmp_not_null:
            PUSHW(next + rd_i32(a), d - 1); PUSHW(next, d - 1); break;
        case OP_gosub: PUSHW(next + rd_i32(a), d + 1); PUSHW(next, d); break;
        case OP_for_of_next: case OP_for_in_next: PUSHW(next + rd_i32(a), d); PUSHW(next, d + 1); break;
        case OP_iter_result: PUSHW(next + rd_i32(a), d - 1); PUSHW(next, d); break;
        case OP_resume_check: PUSHW(next + rd_i32(a), d - 1); PUSHW(next, d - 1); break;
        case OP_iter_get_return: PUSHW(next + rd_i32(a), d - 2); PUSHW(next, d - 1); break;
        case OP_with_jump: case OP_with_jump_eval:
            PUSHW(next + rd_i32(a + 4), d); PUSHW(next, d - 1); break;
        case OP_chain_check: PUSHW(next + rd_i32(a), d - a[4]); PUSHW(next, d); break;
        case OP_delegate_check:
            PUSHW(next + rd_i32(a), d - 3); PUSHW(next + rd_i32(a + 4), d - 3); PUSHW(next, d - 1); break;
        case OP_return: case OP_return_undef: case OP_throw: case OP_throw_error: case OP_ret:
            break;
        default:
            PUSHW(next, after);
            break;
        }
        if (after > maxd) maxd = after;
    }
#undef PUSHW
    /* gosub return points: `ret` resumes after a gosub with the depth before it, already queued */
    return (uint32_t)maxd + 1;
}

/* A CELL_BYTES cell holding n bytes from p. */
static Value bytes_cell(Comp *c, const void *p, size_t n) {
    Ref r = heap_alloc(c->vm, CELL_BYTES, 0, heap_words_for_bytes(n));
    if (!r) comp_oom(c);
    if (n) memcpy(CELL_VALUES(CELL(c->vm, r)), p, n);
    return val_cell(r);
}

static Value values_cell(Comp *c, const Value *v, uint32_t n) {
    Ref r = heap_alloc_values(c->vm, CELL_ARRAY, 0, n, VAL_UNDEFINED);
    if (!r) comp_oom(c);
    if (n) memcpy(CELL_VALUES(CELL(c->vm, r)), v, n * sizeof(Value));
    return val_cell(r);
}

/* Append v as an unsigned LEB128 varint at p; returns the end (funcdef.h "Packed position
 * tables"). */
static uint8_t *put_varint(uint8_t *p, uint32_t v) {
    while (v >= 128) {
        *p++ = (uint8_t)(v | 128);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

/* The packed FD_LINES cell of f's line table: block index, then the blocks, each relative
 * to the function's start position (funcdef.h). */
static Value packed_lines(Comp *c, CFunc *f) {
    uint32_t nb = fd_line_blocks(f->nlines);
    uint8_t *buf = carena_alloc(c, ((size_t)nb - 1) * 4 + (size_t)f->nlines * 15), *p = buf + ((size_t)nb - 1) * 4;
    LineEntry prev = { 0, 0, 0 };
    for (uint32_t i = 0; i < f->nlines; i++) {
        const LineEntry *e = &f->lines[i];
        if (i % FD_LINE_BLOCK == 0) {   /* a block starts: its offset in the index, a fresh base */
            uint32_t off = (uint32_t)(p - buf), k = i / FD_LINE_BLOCK;
            if (k) for (int b = 0; b < 4; b++) buf[(k - 1) * 4 + (uint32_t)b] = (uint8_t)(off >> (8 * b));
            prev = (LineEntry){ 0, f->line, f->column };
        }
        p = put_varint(p, e->pc - prev.pc);
        p = put_varint(p, fd_zz(e->line - prev.line));
        p = put_varint(p, fd_zz(e->column - prev.column));
        prev = *e;
    }
    return bytes_cell(c, buf, (size_t)(p - buf));
}

/* The packed FD_CALLSITES cell of f's call sites. */
static Value packed_callsites(Comp *c, CFunc *f) {
    uint8_t *buf = carena_alloc(c, (size_t)f->ncallsites * 10), *p = buf;
    uint32_t prev = 0;
    for (uint32_t i = 0; i < f->ncallsites; i++) {
        p = put_varint(p, f->callsites[i].pc - prev);
        p = put_varint(p, f->callsites[i].text);
        prev = f->callsites[i].pc;
    }
    return bytes_cell(c, buf, (size_t)(p - buf));
}

Value finish_function(Comp *c, CFunc *f) {
    VM *vm = c->vm;
    uint32_t max_stack = verify_code(c, f);
    Value vals[FD_NVALUES];
    for (int i = 0; i < FD_NVALUES; i++) vals[i] = VAL_UNDEFINED;
    vals[FD_CODE] = bytes_cell(c, f->code, f->code_len);
    if (f->nconsts) vals[FD_CONSTS] = values_cell(c, f->consts, f->nconsts);
    /* FD_IC stays undefined until the first inline-cache fill (funcdef.h) */
    vals[FD_NAME] = val_is_string(f->name) ? f->name : ATOM(vm, empty);
    vals[FD_FILENAME] = c->filename_str;
    vals[FD_SOURCE] = c->source_str;
    if (f->nlines) vals[FD_LINES] = packed_lines(c, f);
    if (f->nhandlers) vals[FD_HANDLERS] = bytes_cell(c, f->handlers, f->nhandlers * sizeof(HandlerEntry));
    if (f->ncallsites) vals[FD_CALLSITES] = packed_callsites(c, f);
    {   /* names up to the last named variable; none: undefined (funcdef.h FD_LOCAL_NAMES) */
        uint32_t n = f->nlocals < f->local_names_cap ? f->nlocals : f->local_names_cap;
        while (n && !f->local_names[n - 1]) n--;
        Value *names = carena_alloc(c, (n + 1) * sizeof(Value));
        for (uint32_t i = 0; i < n; i++) names[i] = f->local_names[i] ? f->local_names[i] : VAL_UNDEFINED;
        if (n) vals[FD_LOCAL_NAMES] = values_cell(c, names, n);
    }
    size_t words = 1 + FD_NVALUES + (sizeof(FuncDefInfo) + 7) / 8;
    Ref r = heap_alloc(vm, CELL_FUNCDEF, FD_NVALUES, words);
    if (!r) comp_oom(c);
    Value fd = val_cell(r);
    memcpy(vm_cell_values(vm, r), vals, sizeof vals);
    vm_cell_values(vm, r)[FD_REALM] = vm->roots[ROOT_REALM];
    FuncDefInfo *fi = fd_info(vm, fd);
    uint32_t flags = 0;
    if (f->strict) flags |= FDF_STRICT;
    if (f->is_arrow) flags |= FDF_ARROW;
    if (f->is_generator) flags |= FDF_GENERATOR;
    if (f->is_async) flags |= FDF_ASYNC;
    if (f->is_class_ctor) flags |= FDF_CLASS_CTOR | FDF_CONSTRUCTOR;
    if (f->is_derived) flags |= FDF_DERIVED;
    if (f->is_method) flags |= FDF_METHOD;
    if (f->is_getter) flags |= FDF_GETTER;
    if (f->is_setter) flags |= FDF_SETTER;
    if (f->has_fields) flags |= FDF_HAS_FIELDS;
    switch (f->kind) {
    case CFK_SCRIPT: flags |= FDF_SCRIPT; break;
    case CFK_MODULE: flags |= FDF_MODULE; break;
    case CFK_EVAL: flags |= FDF_EVAL; break;
    case CFK_FIELD_INIT: case CFK_STATIC_INIT: flags |= FDF_FIELD_INIT; break;
    case CFK_STATIC_BLOCK: flags |= FDF_STATIC_BLOCK; break;
    case CFK_DEFAULT_CTOR: flags |= FDF_DEFAULT_CTOR; break;
    case CFK_NORMAL:
        if (!f->is_arrow && !f->is_method && !f->is_class_ctor && !f->is_async) {
            flags |= FDF_CONSTRUCTOR | FDF_PROTOTYPE;
            if (f->is_generator) flags &= ~(uint32_t)FDF_CONSTRUCTOR;
        }
        if (f->is_generator && !f->is_arrow) flags |= FDF_PROTOTYPE;
        if (f->info && f->info->is_named_expression) flags |= FDF_NAMED_EXPR;
        break;
    }
    if (f->is_class_ctor) flags |= FDF_PROTOTYPE;
    if (!f->info || f->info->uses_this || f->info->has_direct_eval || f->info->inner_has_direct_eval ||
        f->info->uses_super_property || f->info->uses_super_call || f->kind != CFK_NORMAL)
        flags |= FDF_USES_THIS;
    if (c->opt->kind == COMPILE_DYNAMIC_FUNCTION && f->parent && !f->parent->parent) flags |= FDF_DYNAMIC;
    fi->flags = flags;
    fi->code_len = f->code_len;
    fi->nparams = f->nparams;
    fi->length = f->length;
    fi->nlocals = f->nlocals;
    fi->max_stack = max_stack;
    fi->src_start = c->source_is_utf8 ? f->src_start : comp_utf16_offset(c, f->src_start);
    fi->src_end = c->source_is_utf8 ? f->src_end : comp_utf16_offset(c, f->src_end);
    fi->line = f->line;
    fi->column = f->column;
    fi->nlines = f->nlines;
    fi->nhandlers = f->nhandlers;
    fi->nic = f->nic;
    fi->ncallsites = f->ncallsites;
    return fd;
}

/* ---------------------------------------------------------------------------------------
 * Top level
 * ------------------------------------------------------------------------------------- */

/* Compile the top-level code of a script / module / eval into f. */
void compile_toplevel(Comp *c, CFunc *f);

Value compile_program(VM *vm, Ast *ast, const CompileOptions *opt) {
    Comp comp;
    memset(&comp, 0, sizeof comp);
    Comp *c = &comp;
    c->vm = vm;
    c->ast = ast;
    c->opt = opt;
    c->filename = opt->filename ? opt->filename : "<input>";
    Value result = VAL_EXCEPTION;
    if (setjmp(c->fail)) {
        carena_free(c);
        return VAL_EXCEPTION;
    }
    c->filename_str = str_from_cstr(vm, c->filename);
    if (c->filename_str == VAL_EXCEPTION) comp_oom(c);
    if (opt->source_string && val_is_string(opt->source_string)) {
        c->source_str = opt->source_string;   /* eval / Function: share the caller's string */
    } else {
        /* source from C (a file, the command line, the embedding API, a worker's `e`): kept
         * as its UTF-8 text, half the size of UTF-16 when it has characters above U+00FF and
         * as small as Latin-1 for the ASCII sources of most programs, and stored compressed
         * by snapshots (BYTES_SOURCE, vm.h); function offsets are then byte offsets */
        c->source_str = bytes_cell(c, ast->source, ast->source_len);
        CELL(vm, val_ref(c->source_str))->flags = BYTES_SOURCE;   /* packable (vm.h) */
        c->source_is_utf8 = 1;
    }
    CFunc *top = cfunc_new(c, NULL, NULL, ast->root, CFK_SCRIPT);
    compile_toplevel(c, top);
    result = top->name;   /* the funcdef */
    carena_free(c);
    return result;
}
