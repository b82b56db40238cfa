/* interp.c — the bytecode interpreter loop: frames, dispatch (computed goto under GCC /
 * Clang, a switch otherwise), int32 fast paths, inline caches for named properties and
 * globals, dense-array fast paths, inline JS-to-JS calls and returns, exception unwinding,
 * generator / async suspension, metering and safe points. Slow paths live in interp_ops.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "interp_int.h"
#include "bigint.h"
#include "jsmath.h"

/* ---------------------------------------------------------------------------------------
 * Errors and frames
 * ------------------------------------------------------------------------------------- */

Value interp_throw_meter(VM *vm) {
    Value s = str_from_cstr(vm, "too much computation");
    vm->exception = s == VAL_EXCEPTION ? ATOM(vm, empty) : s;
    vm->has_exception = 1;
    vm->uncatchable = 1;
    return VAL_EXCEPTION;
}

/* Restores the caller's realm when frame fr, which switched realms (FRAME_REALM), exits. */
static inline void frame_realm_restore(VM *vm, const Frame *fr) {
    vm->roots[ROOT_REALM] = (fr->flags & FRAME_ENTRY) ? vm->stack[fr->base - 1]
                                                      : fd_realm(vm, fn_funcdef(vm, vm->stack[fr[-1].base]));
}

/* Push a frame (see interp_push_frame); inlined into the interpreter's call paths. The
 * callee's realm becomes current here (FRAME_REALM when it differs), before `this` is bound:
 * OrdinaryCallBindThis uses the callee's realm. */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline int push_frame(VM *vm, uint32_t base, int argc, Value new_target, uint32_t flags) {
    Value *stack = vm->stack;
    Value f = stack[base];
    Value fd = fn_funcdef(vm, f);
    FuncDefInfo *fi = fd_info(vm, fd);
    uint32_t nparams = fi->nparams;
    uint32_t nargs = (uint32_t)argc > nparams ? (uint32_t)argc : nparams;
    uint32_t vars = base + 2 + nargs;
    uint32_t stack0 = vars + fi->nlocals;
    if (stack + stack0 + fi->max_stack + 64 > vm->stack_end || vm->frame_count >= vm->frame_cap) {
        vm_throw_stack_overflow(vm);
        return -1;
    }
    for (uint32_t i = (uint32_t)argc; i < nparams; i++) stack[base + 2 + i] = VAL_UNDEFINED;
    Value realm = fd_realm(vm, fd);
    if (UNLIKELY(realm != vm->roots[ROOT_REALM])) {
        vm->roots[ROOT_REALM] = realm;
        flags |= FRAME_REALM;
    }
    Value *v = stack + vars;
    v[LOC_ENV] = obj_words(vm, f)[OBJ_SLOT0 + FN_ENV];
    v[LOC_NEW_TARGET] = new_target;
    for (uint32_t i = 2; i < fi->nlocals; i++) v[i] = VAL_UNDEFINED;
    uint32_t ff = fi->flags;
    Frame *fr = &vm->frames[vm->frame_count];
    fr->base = base;
    fr->vars = vars;
    fr->stack0 = stack0;
    fr->pc = 0;
    fr->argc = argc;
    fr->nargs = nargs;
    fr->flags = flags;
    fr->reserved = 0;
    vm->frame_count++;
    vm->sp = stack + stack0;
    if ((ff & (FDF_STRICT | FDF_ARROW | FDF_USES_THIS)) == FDF_USES_THIS && !(flags & FRAME_CONSTRUCT)) {
        Value t = stack[base + 1];
        if (!val_is_object(t) && fn_bind_this(vm, &stack[base + 1], fd) < 0) {
            if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
            vm->frame_count--;
            return -1;
        }
    }
    if ((ff & FDF_ASYNC) && !(ff & FDF_GENERATOR)) {
        Value st = asyncfn_state_new(vm);
        if (st == VAL_EXCEPTION) {
            if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
            vm->frame_count--;
            return -1;
        }
        stack[vars + LOC_GEN] = st;
        fr->flags |= FRAME_ASYNC;
    }
    return 0;
}

int interp_push_frame(VM *vm, uint32_t base, int argc, Value new_target, uint32_t flags) {
    return push_frame(vm, base, argc, new_target, flags);
}

Value interp_save_frame(VM *vm, Frame *fr, Value *sp, uint32_t pc, uint32_t sflags) {
    uint32_t n = (uint32_t)(sp - (vm->stack + fr->base));
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, SF_VALUES + (size_t)n, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    Value *w = vm_cell_values(vm, r);
    w[SF_PC] = val_int((int32_t)pc);
    w[SF_ARGC] = val_int(fr->argc);
    w[SF_NARGS] = val_int((int32_t)fr->nargs);
    w[SF_FLAGS] = val_int((int32_t)(sflags | ((fr->flags & ~(uint32_t)FRAME_ENTRY) << 8)));
    w[SF_NVALUES] = val_int((int32_t)n);
    memcpy(w + SF_VALUES, vm->stack + fr->base, (size_t)n * sizeof(Value));
    return val_cell(r);
}

/* interp_save_frame into `spare` -- the already consumed saved-frame cell of the same
 * activation (generator / async state) -- when it is large enough: suspending and resuming
 * in a loop then allocates nothing. */
static Value save_frame_reuse(VM *vm, Frame *fr, Value *sp, uint32_t pc, uint32_t sflags, Value spare) {
    uint32_t n = (uint32_t)(sp - (vm->stack + fr->base));
    if (val_is_cell(spare)) {
        uint32_t cap = CELL(vm, val_ref(spare))->size - 1;
        Value *w = vm_cell_values(vm, val_ref(spare));
        if (w[SF_PC] == val_int(-1) && cap >= SF_VALUES + n) {
            w[SF_PC] = val_int((int32_t)pc);
            w[SF_ARGC] = val_int(fr->argc);
            w[SF_NARGS] = val_int((int32_t)fr->nargs);
            w[SF_FLAGS] = val_int((int32_t)(sflags | ((fr->flags & ~(uint32_t)FRAME_ENTRY) << 8)));
            w[SF_NVALUES] = val_int((int32_t)n);
            memcpy(w + SF_VALUES, vm->stack + fr->base, (size_t)n * sizeof(Value));
            for (uint32_t i = SF_VALUES + n; i < cap; i++) w[i] = VAL_UNDEFINED;
            return spare;
        }
    }
    return interp_save_frame(vm, fr, sp, pc, sflags);
}

void interp_pc_position(VM *vm, Value fd, uint32_t pc, uint32_t *line, uint32_t *column) {
    FuncDefInfo *fi = fd_info(vm, fd);
    *line = fi->line;
    *column = fi->column;
    Value lt = fd_get(vm, fd, FD_LINES);
    if (!val_is_cell(lt)) return;
    const CellHeader *h = CELL(vm, val_ref(lt));
    const LineEntry base = { 0, fi->line, fi->column };
    LineEntry e;
    uint32_t lo = 0, hi = fd_line_blocks(fi->nlines);
    while (lo < hi) {   /* lo = the number of blocks whose first entry has e.pc <= pc */
        uint32_t mid = lo + (hi - lo) / 2;
        FdCursor cur = fd_line_block(h, fi->nlines, mid);
        e = base;
        if (fd_line_next(&cur, &e) > 0 && e.pc <= pc) lo = mid + 1; else hi = mid;
    }
    if (!lo) return;
    FdCursor cur = fd_line_block(h, fi->nlines, lo - 1);
    e = base;
    while (fd_line_next(&cur, &e) > 0 && e.pc <= pc) {   /* the last entry with e.pc <= pc */
        *line = e.line;
        *column = e.column;
    }
}

/* Text of the callee at call instruction `pc` (or 0). */
static Value callsite_text(VM *vm, Value fd, uint32_t pc) {
    Value cs = fd_get(vm, fd, FD_CALLSITES);
    if (!val_is_cell(cs)) return 0;
    FdCursor cur = fd_cursor(CELL(vm, val_ref(cs)), fd_info(vm, fd)->ncallsites);
    CallSiteEntry e = { 0, 0 };
    while (fd_callsite_next(&cur, &e) > 0) {
        if (e.pc != pc) continue;
        Value text = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[e.text];   /* index checked at load */
        return val_is_string(text) ? text : 0;
    }
    return 0;
}

/* "x is not a function" / "x is not a constructor" for the call at pc of the top frame. */
static Value throw_not_callable(VM *vm, Frame *fr, uint32_t pc, Value f, int ctor) {
    Value fd = fn_funcdef(vm, vm->stack[fr->base]);
    Value text = callsite_text(vm, fd, pc);
    char *t = NULL;
    if (text) t = str_to_utf8(vm, text, NULL);
    char buf[256];
    if (!t) vm_describe_value(vm, f, buf, sizeof buf);
    Value r = vm_throw_type_error(vm, "%s is not a %s", t ? t : buf, ctor ? "constructor" : "function");
    free(t);
    return r;
}

/* ---------------------------------------------------------------------------------------
 * The interpreter loop
 * ------------------------------------------------------------------------------------- */

static Value run(VM *vm, int start_throw);

#ifdef CRYO_OPPROF
/* Development aid (build with -DCRYO_OPPROF): counts of opcodes and of adjacent opcode
 * pairs, printed to stderr at exit, to choose fast paths and superinstructions. */
#include <stdio.h>
static uint64_t opprof_single[OP_COUNT], opprof_pair[OP_COUNT][OP_COUNT];
static unsigned opprof_prev;
static const char *const opprof_names[OP_COUNT] = {
#define DEF(name, size, npop, npush, fmt) #name,
#include "opcodes.def"
#undef DEF
};
/* Print the 40 most frequent opcodes and pairs. */
static void opprof_dump(void) {
    uint64_t total = 0;
    for (int i = 0; i < OP_COUNT; i++) total += opprof_single[i];
    fprintf(stderr, "opprof: %llu instructions\n", (unsigned long long)total);
    for (int k = 0; k < 40; k++) {
        int best = -1;
        for (int i = 0; i < OP_COUNT; i++)
            if (opprof_single[i] && (best < 0 || opprof_single[i] > opprof_single[best])) best = i;
        if (best < 0) break;
        fprintf(stderr, "  %6.2f%% %s\n", 100.0 * opprof_single[best] / total, opprof_names[best]);
        opprof_single[best] = 0;
    }
    for (int k = 0; k < 40; k++) {
        int bi = -1, bj = 0;
        for (int i = 0; i < OP_COUNT; i++)
            for (int j = 0; j < OP_COUNT; j++)
                if (opprof_pair[i][j] && (bi < 0 || opprof_pair[i][j] > opprof_pair[bi][bj])) { bi = i; bj = j; }
        if (bi < 0) break;
        fprintf(stderr, "  %6.2f%% %s + %s\n", 100.0 * opprof_pair[bi][bj] / total, opprof_names[bi], opprof_names[bj]);
        opprof_pair[bi][bj] = 0;
    }
}
/* Count opcode op (and the pair it forms with the previous one). */
static void opprof_note(unsigned op) {
    static int registered;
    if (!registered) { registered = 1; atexit(opprof_dump); }
    opprof_single[op]++;
    opprof_pair[opprof_prev][op]++;
    opprof_prev = op;
}
#endif

Value interp_run(VM *vm) { return run(vm, 0); }

/* Number result of a double. */
static inline Value num_d(double d) { return val_number(d); }

static Value run(VM *vm, int start_throw) {
    Value *const stack = vm->stack;
    Frame *fr;
    Value *sp, *vars, *args;
    const uint8_t *pc, *code;
    Value *consts, *ics;
    const size_t root_mark = vm->nroots;   /* C roots registered by slow paths are dropped after them */
    uint64_t ticks = 0;                    /* instructions not yet added to vm->meter */
    uint32_t c_argc;                       /* call operands (shared by call / eval) */
    Value *c_fp;
    Value c_f;
    int gkind = 0;                         /* get_field family: see field_get */

#define SAVE() do { fr->pc = (uint32_t)(pc - code); vm->sp = sp; vm->meter += ticks; ticks = 0; } while (0)
#define FLUSH_METER() do { vm->meter += ticks; ticks = 0; } while (0)
#define RELOAD() do { \
        Value fd_ = fn_funcdef(vm, stack[fr->base]); \
        Value *fdw_ = vm_cell_values(vm, val_ref(fd_)); \
        code = (const uint8_t *)vm_cell_values(vm, val_ref(fdw_[FD_CODE])); \
        consts = val_is_cell(fdw_[FD_CONSTS]) ? vm_cell_values(vm, val_ref(fdw_[FD_CONSTS])) : NULL; \
        ics = val_is_cell(fdw_[FD_IC]) ? vm_cell_values(vm, val_ref(fdw_[FD_IC])) : NULL; \
        pc = code + fr->pc; \
        vm->nroots = root_mark; \
    } while (0)
#define LOAD_FRAME() do { \
        fr = &vm->frames[vm->frame_count - 1]; \
        vars = stack + fr->vars; \
        args = stack + fr->base + 2; \
        sp = vm->sp; \
        RELOAD(); \
    } while (0)
/* Call a slow-path helper returning int (-1 = exception). */
#define SLOW(expr) do { SAVE(); int r_ = (expr); RELOAD(); if (UNLIKELY(r_ < 0)) goto exception; } while (0)
#define THROW(expr) do { SAVE(); (void)(expr); goto exception; } while (0)
#define METER_CHECK() do { \
        if (UNLIKELY(vm->meter_limit && vm->meter + ticks > vm->meter_limit)) { SAVE(); interp_throw_meter(vm); goto exception; } \
    } while (0)
#define SAFEPOINT() do { \
        if (UNLIKELY(vm->alloc_since_gc >= vm->gc_threshold || vm->gc_stress)) { \
            SAVE(); vm_safepoint_slow(vm); RELOAD(); \
            if (UNLIKELY(vm->has_exception)) goto exception; \
        } \
    } while (0)
/* Take a jump of `off` bytes from the current pc. Every jump goes through here, so any
 * backward one, whichever opcode the compiler chose for a loop, is a safe point and a
 * metering check point (DESIGN C7). */
#define BRANCH(off) do { \
        pc += (off); \
        if ((off) < 0) { SAFEPOINT(); METER_CHECK(); } \
    } while (0)
/* Values per site of the running function's inline caches (ways * IC_ENTRY_WORDS, from
 * the array's header: funcdef.h "Inline caches"); only when ics is set. */
#define IC_STRIDE() ((uint32_t)((const CellHeader *)ics - 1)->aux * IC_ENTRY_WORDS)
#define CONST(k) (consts[k])
#define U16(off) rd_u16le(pc + (off))
#define U32(off) rd_u32le(pc + (off))
#define I32(off) rd_i32le(pc + (off))

#if defined(__GNUC__)
    static const void *const dispatch[OP_COUNT] = {
#define DEF(name, size, npop, npush, fmt) &&L_##name,
#include "opcodes.def"
#undef DEF
    };
#define CASE(name) L_##name:
#ifdef CRYO_OPPROF
#define NEXT() do { ticks++; opprof_note(*pc); goto *dispatch[*pc++]; } while (0)
#else
#define NEXT() do { ticks++; goto *dispatch[*pc++]; } while (0)
#endif
#define SWITCH_START NEXT();
#define SWITCH_END
#else
#define CASE(name) case OP_##name:
#define NEXT() goto next_insn
#define SWITCH_START next_insn: ticks++; switch ((Opcode)*pc++) {
#define SWITCH_END default: goto bad_opcode; }
#endif

    LOAD_FRAME();
    if (start_throw) goto exception;
    SAFEPOINT();
    METER_CHECK();

    for (;;) {
        SWITCH_START

        /* ---- constants ---- */
        CASE(nop) NEXT();
        CASE(push_undefined) *sp++ = VAL_UNDEFINED; NEXT();
        CASE(push_null) *sp++ = VAL_NULL; NEXT();
        CASE(push_true) *sp++ = VAL_TRUE; NEXT();
        CASE(push_false) *sp++ = VAL_FALSE; NEXT();
        CASE(push_i8) *sp++ = val_int((int8_t)pc[0]); pc += 1; NEXT();
        CASE(push_i32) *sp++ = val_int(I32(0)); pc += 4; NEXT();
        CASE(push_const) *sp++ = CONST(U32(0)); pc += 4; NEXT();
        CASE(push_hole) *sp++ = VAL_HOLE; NEXT();
        CASE(push_uninit) *sp++ = VAL_UNINIT; NEXT();
        CASE(push_this) *sp++ = stack[fr->base + 1]; NEXT();
        CASE(push_this_check) {
            Value t = stack[fr->base + 1];
            if (UNLIKELY(t == VAL_UNINIT))
                THROW(vm_throw_reference_error(vm, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"));
            *sp++ = t;
            NEXT();
        }
        CASE(push_func) *sp++ = stack[fr->base]; NEXT();
        CASE(push_new_target) *sp++ = vars[LOC_NEW_TARGET]; NEXT();
        CASE(push_global_this) *sp++ = vm_intrinsic(vm, INTR_GlobalThisValue); NEXT();
        CASE(closure) {
            Value fd = CONST(U32(0));
            pc += 4;
            SAVE();
            Value f = closure_new(vm, fd, vars[LOC_ENV], VAL_UNDEFINED);
            if (f == VAL_EXCEPTION) goto exception;
            RELOAD();
            *sp++ = f;
            NEXT();
        }
        CASE(regexp) {
            uint32_t k = U32(0);
            pc += 4;
            SLOW(iop_regexp(vm, &stack[fr->base], k, sp));
            sp++;
            NEXT();
        }
        CASE(template_object) {
            uint32_t k = U32(0);
            pc += 4;
            SLOW(iop_template_object(vm, &stack[fr->base], k, sp));
            sp++;
            NEXT();
        }
        CASE(object_new) {
            SAVE();
            Value o = obj_new_plain(vm);
            if (o == VAL_EXCEPTION) goto exception;
            *sp++ = o;
            NEXT();
        }
        CASE(array_new) {
            uint32_t n = U16(0);
            pc += 2;
            SAVE();
            Value a = array_from_values(vm, sp - n, n);
            if (a == VAL_EXCEPTION) goto exception;
            sp -= n;
            *sp++ = a;
            NEXT();
        }

        /* ---- stack ---- */
        CASE(drop) sp--; NEXT();
        CASE(dup) sp[0] = sp[-1]; sp++; NEXT();
        CASE(dup2) sp[0] = sp[-2]; sp[1] = sp[-1]; sp += 2; NEXT();
        CASE(swap) { Value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; NEXT(); }
        CASE(over) sp[0] = sp[-2]; sp++; NEXT();
        CASE(nip) sp[-2] = sp[-1]; sp--; NEXT();
        CASE(rot3l) { Value a = sp[-3]; sp[-3] = sp[-2]; sp[-2] = sp[-1]; sp[-1] = a; NEXT(); }
        CASE(rot3r) { Value c = sp[-1]; sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = c; NEXT(); }
        CASE(rot4r) { Value d = sp[-1]; sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = sp[-4]; sp[-4] = d; NEXT(); }
        CASE(rot4l) { Value a = sp[-4]; sp[-4] = sp[-3]; sp[-3] = sp[-2]; sp[-2] = sp[-1]; sp[-1] = a; NEXT(); }
        CASE(rot5r) {
            Value e = sp[-1];
            sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = sp[-4]; sp[-4] = sp[-5]; sp[-5] = e;
            NEXT();
        }
        CASE(swap2) {
            Value a = sp[-4], b = sp[-3];
            sp[-4] = sp[-2]; sp[-3] = sp[-1]; sp[-2] = a; sp[-1] = b;
            NEXT();
        }

        /* ---- variables ---- */
        CASE(get_loc) *sp++ = vars[U16(0)]; pc += 2; NEXT();
        CASE(get_loc2) sp[0] = vars[U16(0)]; sp[1] = vars[U16(2)]; sp += 2; pc += 4; NEXT();
        CASE(put_loc) vars[U16(0)] = *--sp; pc += 2; NEXT();
        CASE(set_loc) vars[U16(0)] = sp[-1]; pc += 2; NEXT();
        CASE(get_loc_check) {
            uint32_t i = U16(0);
            pc += 2;
            Value v = vars[i];
            if (UNLIKELY(v == VAL_UNINIT)) {
                THROW(iop_tdz_error(vm, fd_local_name(vm, fn_funcdef(vm, stack[fr->base]), i)));
            }
            *sp++ = v;
            NEXT();
        }
        CASE(put_loc_check) {
            uint32_t i = U16(0);
            pc += 2;
            if (UNLIKELY(vars[i] == VAL_UNINIT)) {
                THROW(iop_tdz_error(vm, fd_local_name(vm, fn_funcdef(vm, stack[fr->base]), i)));
            }
            vars[i] = *--sp;
            NEXT();
        }
        CASE(get_arg) *sp++ = args[U16(0)]; pc += 2; NEXT();
        CASE(put_arg) args[U16(0)] = *--sp; pc += 2; NEXT();
        CASE(get_env) {
            uint32_t hops = pc[0], idx = U16(1);
            pc += 3;
            Value e = vars[LOC_ENV];
            while (hops--) e = vm_cell_values(vm, val_ref(e))[ENV_PARENT];
            *sp++ = vm_cell_values(vm, val_ref(e))[ENV_VARS + idx];
            NEXT();
        }
        CASE(put_env) {
            uint32_t hops = pc[0], idx = U16(1);
            pc += 3;
            Value e = vars[LOC_ENV];
            while (hops--) e = vm_cell_values(vm, val_ref(e))[ENV_PARENT];
            vm_cell_values(vm, val_ref(e))[ENV_VARS + idx] = *--sp;
            NEXT();
        }
        CASE(get_env_check)
        CASE(put_env_check) {
            int is_put = pc[-1] == OP_put_env_check;
            uint32_t hops = pc[0], idx = U16(1);
            pc += 3;
            Value e = vars[LOC_ENV];
            while (hops--) e = vm_cell_values(vm, val_ref(e))[ENV_PARENT];
            Value *ew = vm_cell_values(vm, val_ref(e));
            if (UNLIKELY(ew[ENV_VARS + idx] == VAL_UNINIT)) {
                Value name = VAL_UNDEFINED;
                if (val_is_cell(ew[ENV_SCOPE])) name = vm_cell_values(vm, val_ref(ew[ENV_SCOPE]))[SD_VARS + 2 * idx];
                if (val_is_string(name) && str_length(vm, name) && str_at(vm, str_flatten(vm, name), 0) == ' ')
                    THROW(vm_throw_reference_error(vm, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"));
                THROW(iop_tdz_error(vm, name));
            }
            if (is_put) ew[ENV_VARS + idx] = *--sp;
            else *sp++ = ew[ENV_VARS + idx];
            NEXT();
        }
        CASE(get_import) {
            uint32_t hops = pc[0], idx = U16(1);
            pc += 3;
            Value e = vars[LOC_ENV];
            while (hops--) e = vm_cell_values(vm, val_ref(e))[ENV_PARENT];
            Value v = vm_cell_values(vm, val_ref(e))[ENV_VARS + idx];
            if (val_is_cell(v)) {   /* [target env, index] */
                Value *ref = vm_cell_values(vm, val_ref(v));
                Value *tw = vm_cell_values(vm, val_ref(ref[0]));
                int32_t ti = val_to_int(ref[1]);
                v = tw[ENV_VARS + ti];
                if (UNLIKELY(v == VAL_UNINIT)) {
                    Value name = val_is_cell(tw[ENV_SCOPE]) ? vm_cell_values(vm, val_ref(tw[ENV_SCOPE]))[SD_VARS + 2 * ti] : VAL_UNDEFINED;
                    THROW(iop_tdz_error(vm, name));
                }
            }
            *sp++ = v;
            NEXT();
        }
        CASE(init_this_env) {
            uint32_t hops = pc[0], idx = U16(1);
            pc += 3;
            Value e = vars[LOC_ENV];
            while (hops--) e = vm_cell_values(vm, val_ref(e))[ENV_PARENT];
            Value *ew = vm_cell_values(vm, val_ref(e));
            if (UNLIKELY(ew[ENV_VARS + idx] != VAL_UNINIT))
                THROW(vm_throw_reference_error(vm, "Super constructor may only be called once"));
            ew[ENV_VARS + idx] = sp[-1];
            NEXT();
        }
        CASE(push_env) {
            Value desc = CONST(U32(0));
            pc += 4;
            Value *dw = vm_cell_values(vm, val_ref(desc));
            uint32_t n = (uint32_t)val_to_int(dw[SD_COUNT]);
            SAVE();
            Value e = env_new(vm, vars[LOC_ENV], desc, n, VAL_UNDEFINED);
            if (e == VAL_EXCEPTION) goto exception;
            dw = vm_cell_values(vm, val_ref(desc));
            Value *ew = vm_cell_values(vm, val_ref(e));
            for (uint32_t i = 0; i < n; i++) {
                int k = val_to_int(dw[SD_VARS + 2 * i + 1]) & SV_KIND_MASK;
                if (k == SV_LET || k == SV_CONST || k == SV_CLASS || k == SV_CLASS_NAME)
                    ew[ENV_VARS + i] = VAL_UNINIT;
            }
            vars[LOC_ENV] = e;
            NEXT();
        }
        CASE(pop_env) vars[LOC_ENV] = vm_cell_values(vm, val_ref(vars[LOC_ENV]))[ENV_PARENT]; NEXT();
        CASE(copy_env) {
            Value old = vars[LOC_ENV];
            uint32_t n = CELL(vm, val_ref(old))->size - 1;
            SAVE();
            Ref r = heap_alloc_values(vm, CELL_ENV, 0, n, VAL_UNDEFINED);
            if (!r) { vm_throw_out_of_memory(vm); goto exception; }
            memcpy(vm_cell_values(vm, r), vm_cell_values(vm, val_ref(vars[LOC_ENV])), n * sizeof(Value));
            vars[LOC_ENV] = val_cell(r);
            NEXT();
        }
        CASE(inc_loc)
        CASE(dec_loc) {
            int inc = pc[-1] == OP_inc_loc;
            uint32_t i = U16(0);
            pc += 2;
            Value v = vars[i];
            if (LIKELY(val_is_int(v))) {
                int32_t x = val_to_int(v);
                if (inc ? x != INT32_MAX : x != INT32_MIN) { vars[i] = val_int(inc ? x + 1 : x - 1); NEXT(); }
            }
            *sp++ = v;
            SLOW(iop_unary(vm, sp, inc ? OP_inc : OP_dec));
            vars[i] = *--sp;
            NEXT();
        }

        /* ---- globals ---- */
        CASE(get_global)
        CASE(get_global_typeof) {
            int typeof_mode = pc[-1] == OP_get_global_typeof;
            Value atom = CONST(U32(0));
            uint32_t ic = U16(4);
            pc += 6;
            if (LIKELY(ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                if (val_is_int(e[1])) {
                    int32_t info = val_to_int(e[1]);
                    uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
                    if ((info & 7) == IC_GLOBAL_CONST) { *sp++ = e[2]; NEXT(); }
                    Value lex = vm_intrinsic(vm, INTR_GlobalLexicals);
                    if ((info & 7) == IC_GLOBAL_LEX) {
                        Value sh = obj_words(vm, lex)[OBJ_SHAPE];
                        if (sh == e[0] && shape_ic_holds(vm, sh, slot, atom)) {
                            Value v = obj_slots_ptr(vm, lex)[slot];
                            if (LIKELY(v != VAL_UNINIT && !val_is_cell(v))) { *sp++ = v; NEXT(); }
                        }
                    } else if ((info & 7) == IC_GLOBAL_OBJ) {
                        Value g = vm_intrinsic(vm, INTR_GlobalObject);
                        Value sh = obj_words(vm, g)[OBJ_SHAPE];
                        if (sh == e[0] && obj_words(vm, lex)[OBJ_SHAPE] == e[2] && shape_ic_holds(vm, sh, slot, atom)) {
                            Value v = obj_slots_ptr(vm, g)[slot];
                            if (LIKELY(!val_is_cell(v))) { *sp++ = v; NEXT(); }
                        }
                    }
                }
            }
            SLOW(iop_get_global(vm, atom, sp, typeof_mode, &stack[fr->base], ic));
            sp++;
            NEXT();
        }
        CASE(put_global)
        CASE(put_global_strict) {
            int strict = pc[-1] == OP_put_global_strict;
            Value atom = CONST(U32(0));
            uint32_t ic = U16(4);
            pc += 6;
            if (LIKELY(ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                if (val_is_int(e[1]) && (val_to_int(e[1]) & 7) == IC_GLOBAL_OBJ) {
                    int32_t info = val_to_int(e[1]);
                    uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
                    Value g = vm_intrinsic(vm, INTR_GlobalObject);
                    Value lex = vm_intrinsic(vm, INTR_GlobalLexicals);
                    Value sh = obj_words(vm, g)[OBJ_SHAPE];
                    if (sh == e[0] && obj_words(vm, lex)[OBJ_SHAPE] == e[2] && shape_ic_holds(vm, sh, slot, atom)) {
                        Value *sl = obj_slots_ptr(vm, g);
                        int fl = shape_flags_at(vm, sh, slot);
                        if (LIKELY(!val_is_cell(sl[slot]) && (fl & PROP_WRITABLE) && !(fl & PROP_ACCESSOR))) {
                            sl[slot] = *--sp;
                            NEXT();
                        }
                    }
                }
            }
            SLOW(iop_put_global(vm, atom, sp - 1, strict, &stack[fr->base], ic));
            sp--;
            NEXT();
        }
        CASE(init_global) {
            Value atom = CONST(U32(0));
            int kind = pc[4];
            pc += 5;
            SLOW(iop_init_global(vm, atom, sp - 1, kind));
            sp--;
            NEXT();
        }
        CASE(global_decl) {
            Value desc = CONST(U32(0));
            pc += 4;
            SLOW(iop_global_decl(vm, desc));
            NEXT();
        }
        CASE(delete_global) {
            Value atom = CONST(U32(0));
            pc += 4;
            SLOW(iop_delete_global(vm, atom, sp));
            sp++;
            NEXT();
        }
        CASE(with_jump)
        CASE(with_jump_eval) {
            int is_with = pc[-1] == OP_with_jump;
            Value atom = CONST(U32(0));
            int32_t off = I32(4);
            pc += 8;
            int r;
            SAVE();
            r = iop_has_binding(vm, sp - 1, atom, is_with);
            RELOAD();
            if (r < 0) goto exception;
            if (r) { BRANCH(off); NEXT(); }
            sp--;
            NEXT();
        }
        CASE(with_check) {
            Value atom = CONST(U32(0));
            pc += 4;
            int r;
            SAVE();
            r = val_is_object(sp[-1]) ? obj_has_property(vm, sp[-1], atom) : 1;
            RELOAD();
            if (r < 0) goto exception;
            if (!r) {
                atom = CONST(U32(-4));   /* re-read: a proxy trap may have collected */
                char *t = str_to_utf8(vm, atom, NULL);
                SAVE();
                vm_throw_reference_error(vm, "%s is not defined", t ? t : "?");
                free(t);
                goto exception;
            }
            NEXT();
        }
        CASE(global_resolvable) {
            Value atom = CONST(U32(0));
            pc += 4;
            int r;
            SAVE();
            r = iop_global_has(vm, atom);
            RELOAD();
            if (r < 0) goto exception;
            *sp++ = val_bool(r);
            NEXT();
        }
        CASE(with_get) {
            Value atom = CONST(U32(0));
            int strict = pc[4];
            pc += 5;
            SLOW(iop_with_get(vm, sp, atom, strict));
            NEXT();
        }
        CASE(with_put) {
            Value atom = CONST(U32(0));
            int strict = pc[4];
            pc += 5;
            SLOW(iop_with_put(vm, sp, atom, strict));
            sp -= 2;
            NEXT();
        }
        CASE(eval_var_decl) {
            Value atom = CONST(U32(0));
            int is_fn = pc[4];
            pc += 5;
            SLOW(iop_eval_var_decl(vm, sp, atom, is_fn));
            sp -= 2;
            NEXT();
        }

        /* ---- properties ---- */
        CASE(get_this_field) { *sp++ = stack[fr->base + 1]; gkind = 0; goto field_get; }
        CASE(get_this_method) { *sp++ = stack[fr->base + 1]; gkind = 1; goto field_get; }
        CASE(get_loc_field) { *sp++ = vars[U16(0)]; pc += 2; gkind = 0; goto field_get; }
        CASE(get_loc_method) { *sp++ = vars[U16(0)]; pc += 2; gkind = 1; goto field_get; }
        CASE(get_arg_field) { *sp++ = args[U16(0)]; pc += 2; gkind = 0; goto field_get; }
        CASE(get_arg_method) { *sp++ = args[U16(0)]; pc += 2; gkind = 1; goto field_get; }
        CASE(get_field) { gkind = 0; goto field_get; }
        CASE(get_field2) { gkind = 2; goto field_get; }
        CASE(get_method) {
            /* gkind: 0 obj -> v; 1 obj -> v obj (method call); 2 obj -> obj v */
            gkind = 1;
        field_get:;
            Value key = CONST(U32(0));
            uint32_t ic = U16(4);
            pc += 6;
            Value obj = sp[-1], gv;
            if (LIKELY(val_is_object(obj) && ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                Value *w = obj_words(vm, obj);
                Value sh = w[OBJ_SHAPE];
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != sh) continue;
                    int32_t info = val_to_int(e[1]);
                    uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
                    int kind = info & 7;
                    if (kind == IC_OWN) {
                        gv = vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[slot];
                        goto get_hit;
                    }
                    if (obj_header(vm, obj)->aux != (uint16_t)((info >> 3) & 127)) break;
                    Value proto = w[OBJ_PROTO];
                    if (!val_is_object(proto) || obj_words(vm, proto)[OBJ_SHAPE] != e[2]) break;
                    if (kind == IC_PROTO) {
                        gv = vm_cell_values(vm, val_ref(obj_words(vm, proto)[OBJ_SLOTS]))[slot];
                        goto get_hit;
                    }
                    if (kind == IC_PROTO2) {
                        Value p2 = obj_words(vm, proto)[OBJ_PROTO];
                        if (!val_is_object(p2) || obj_words(vm, p2)[OBJ_SHAPE] != e[3]) break;
                        gv = vm_cell_values(vm, val_ref(obj_words(vm, p2)[OBJ_SLOTS]))[slot];
                        goto get_hit;
                    }
                    break;
                }
            } else if (val_is_string(obj) && ic != IC_NONE && ics) {
                /* a method of a primitive string: cached on %String.prototype%'s shape */
                Value *pw = obj_words(vm, vm_intrinsic(vm, INTR_StringPrototype));
                Value *e = ics + ic * IC_STRIDE();
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != pw[OBJ_SHAPE]) continue;
                    int32_t info = val_to_int(e[1]);
                    if ((info & 0x3FF) != (IC_PROTO | IC_CLASS_PRIM_STRING << 3)) break;
                    gv = vm_cell_values(vm, val_ref(pw[OBJ_SLOTS]))[(uint32_t)info >> IC_SLOT_SHIFT];
                    goto get_hit;
                }
            }
            /* the object is copied for get_field2 / get_method; the helper replaces the copy */
            if (gkind) { sp[0] = obj; sp++; }
            SLOW(iop_get_field(vm, sp - 1, key, &stack[fr->base], ic));
            if (gkind == 1) { Value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; }
            NEXT();
        get_hit:
            if (UNLIKELY(val_is_cell(gv))) {
                /* an accessor (the IC yields its pair cell): call the getter, inline as a
                 * frame for a plain get (its result lands where the object was) */
                Value g = vm_cell_values(vm, val_ref(gv))[0];
                if (gkind == 0 && val_is_object(g)) {
                    sp[-1] = g;
                    sp[0] = obj;
                    sp++;
                    c_fp = sp - 2;
                    c_argc = 0;
                    c_f = g;
                    goto do_call;
                }
                if (gkind) { sp[0] = obj; sp++; }
                SLOW(iop_call_getter(vm, sp - 1, gv, sp - 1));
                if (gkind == 1) { Value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; }
                NEXT();
            }
            /* separate scalar stores (a swap through a 16-byte load stalls store forwarding) */
            if (gkind == 0) sp[-1] = gv;
            else if (gkind == 1) { sp[-1] = gv; sp[0] = obj; sp++; }
            else { sp[0] = gv; sp++; }
            NEXT();
        }
        CASE(put_field) {
            Value key = CONST(U32(0));
            uint32_t ic = U16(4);
            pc += 6;
            Value obj = sp[-2];
            if (LIKELY(val_is_object(obj) && ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                CellHeader *oh = obj_header(vm, obj);
                Value *w = CELL_VALUES(oh);
                Value sh = w[OBJ_SHAPE];
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != sh) continue;
                    int32_t info = val_to_int(e[1]);
                    uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
                    if ((info & 7) == IC_OWN) {
                        vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[slot] = sp[-1];
                        sp -= 2;
                        NEXT();
                    }
                    if ((info & 7) != IC_ADD || oh->aux != (uint16_t)((info >> 3) & 127) || !(oh->flags & OF_EXTENSIBLE)) break;
                    /* no prototype may have acquired the key (setter / read-only): unchanged
                     * shared shapes of the first two prototypes prove it, beyond them search */
                    int ok = 1, depth = 0;
                    for (Value p = w[OBJ_PROTO]; val_is_object(p); p = obj_words(vm, p)[OBJ_PROTO], depth++) {
                        Value ps = obj_words(vm, p)[OBJ_SHAPE];
                        if (depth < 2 && ps == e[3 + depth]) continue;
                        int pf;
                        if (!class_is_plain(obj_class(vm, p)) || shape_find(vm, ps, key, &pf) >= 0) {
                            ok = 0;
                            break;
                        }
                    }
                    if (!ok || obj_slots_reserve(vm, sp[-2], slot) < 0) break;
                    w = obj_words(vm, sp[-2]);
                    w[OBJ_SHAPE] = e[2];
                    vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[slot] = sp[-1];
                    sp -= 2;
                    NEXT();
                }
            }
            SLOW(iop_put_field(vm, sp - 2, key, sp - 1, fd_info(vm, fn_funcdef(vm, stack[fr->base]))->flags & FDF_STRICT, &stack[fr->base], ic));
            sp -= 2;
            NEXT();
        }
        CASE(get_length) {
            Value obj = sp[-1];
            if (val_is_object(obj) && obj_class(vm, obj) == CLASS_ARRAY) {
                sp[-1] = obj_words(vm, obj)[OBJ_SLOT0];
                NEXT();
            }
            if (val_is_string(obj)) {
                sp[-1] = val_int((int32_t)str_length(vm, obj));
                NEXT();
            }
            SLOW(iop_get_length(vm, sp - 1));
            NEXT();
        }
        CASE(get_elem) {
            Value obj = sp[-2], key = sp[-1];
            if (LIKELY(val_is_int(key) && val_is_object(obj))) {
                int32_t i = val_to_int(key);
                CellHeader *h = obj_header(vm, obj);
                if (i >= 0 && (h->aux == CLASS_ARRAY || h->aux == CLASS_OBJECT) && !(h->flags & OF_SLOW_ELEMENTS)) {
                    Value el = CELL_VALUES(h)[OBJ_ELEMENTS];
                    if (val_is_cell(el) && (uint32_t)i < CELL(vm, val_ref(el))->size - 1) {
                        Value v = vm_cell_values(vm, val_ref(el))[i];
                        if (v != VAL_HOLE) { sp[-2] = v; sp--; NEXT(); }
                    }
                }
            } else if (val_is_int(key) && val_is_string(obj)) {
                int32_t i = val_to_int(key);
                if (i >= 0 && str_is_flat(vm, obj) && (uint32_t)i < str_header(vm, obj)->len) {
                    SAVE();
                    Value ch = str_from_char(vm, str_at(vm, obj, (uint32_t)i));
                    if (ch == VAL_EXCEPTION) goto exception;
                    sp[-2] = ch;
                    sp--;
                    NEXT();
                }
            }
            SLOW(iop_get_elem(vm, sp - 2, sp - 1, sp - 2));
            sp--;
            NEXT();
        }
        CASE(get_elem2) {
            SLOW(iop_get_elem(vm, sp - 2, sp - 1, sp));
            sp++;
            NEXT();
        }
        CASE(get_elem_method) {
            SLOW(iop_get_elem(vm, sp - 2, sp - 1, sp - 1));
            Value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t;
            NEXT();
        }
        CASE(put_elem) {
            Value obj = sp[-3], key = sp[-2];
            if (LIKELY(val_is_int(key) && val_is_object(obj))) {
                int32_t i = val_to_int(key);
                CellHeader *h = obj_header(vm, obj);
                if (i >= 0 && h->aux == CLASS_ARRAY && !(h->flags & (OF_SLOW_ELEMENTS | OF_FROZEN_ELEMENTS))) {
                    Value *w = CELL_VALUES(h);
                    Value el = w[OBJ_ELEMENTS];
                    uint32_t len = (uint32_t)val_to_int(w[OBJ_SLOT0]);
                    if (val_is_int(w[OBJ_SLOT0]) && val_is_cell(el) && (uint32_t)i < len) {
                        Value *ev = vm_cell_values(vm, val_ref(el));
                        if (ev[i] != VAL_HOLE) { ev[i] = sp[-1]; sp -= 3; NEXT(); }
                    }
                }
            }
            SLOW(iop_put_elem(vm, sp - 3, sp - 2, sp - 1, fd_info(vm, fn_funcdef(vm, stack[fr->base]))->flags & FDF_STRICT));
            sp -= 3;
            NEXT();
        }
        CASE(to_propkey) {
            Value k = sp[-1];
            if ((val_is_int(k) && val_to_int(k) >= 0) || val_is_symbol(k)) NEXT();
            SAVE();
            Value r = to_property_key(vm, sp[-1]);
            RELOAD();
            if (r == VAL_EXCEPTION) goto exception;
            sp[-1] = r;
            NEXT();
        }
        CASE(delete_elem) SLOW(iop_delete(vm, sp, 0)); sp--; NEXT();
        CASE(delete_elem_strict) SLOW(iop_delete(vm, sp, 1)); sp--; NEXT();
        CASE(define_field) {
            Value key = CONST(U32(0));
            uint32_t ic = U16(4);
            pc += 6;
            if (LIKELY(ic != IC_NONE && ics)) {
                /* a cached shape transition adding the key as a default data property */
                Value *e = ics + ic * IC_STRIDE();
                CellHeader *oh = obj_header(vm, sp[-2]);
                Value *w = CELL_VALUES(oh);
                Value sh = w[OBJ_SHAPE];
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != sh) continue;
                    int32_t info = val_to_int(e[1]);
                    uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
                    if ((info & 7) != IC_ADD || oh->aux != (uint16_t)((info >> 3) & 127) || !(oh->flags & OF_EXTENSIBLE)) break;
                    Value slots = w[OBJ_SLOTS];
                    uint32_t cap = val_is_cell(slots) ? CELL(vm, val_ref(slots))->size - 1 : 0;
                    if (slot >= cap) {   /* grow (allocates only: no collection here) */
                        if (obj_slots_reserve(vm, sp[-2], slot) < 0) break;
                        w = obj_words(vm, sp[-2]);
                        slots = w[OBJ_SLOTS];
                    }
                    w[OBJ_SHAPE] = e[2];
                    vm_cell_values(vm, val_ref(slots))[slot] = sp[-1];
                    sp--;
                    NEXT();
                }
            }
            SLOW(iop_define_field(vm, sp, key, &stack[fr->base], ic));
            sp--;
            NEXT();
        }
        CASE(define_elem) SLOW(iop_define_elem(vm, sp)); sp -= 2; NEXT();
        CASE(define_method) {
            Value key = CONST(U32(0));
            int flags = pc[4];
            pc += 5;
            *sp++ = key;   /* obj fn key */
            SLOW(iop_define_method(vm, sp - 3, sp - 1, sp - 2, flags));
            sp -= 2;
            NEXT();
        }
        CASE(define_method_computed) {
            int flags = pc[0];
            pc += 1;
            SLOW(iop_define_method(vm, sp - 3, sp - 2, sp - 1, flags | 0x100));
            sp -= 2;
            NEXT();
        }
        CASE(set_proto) SLOW(iop_set_proto(vm, sp)); sp--; NEXT();
        CASE(copy_data_props) SLOW(iop_copy_data_props(vm, sp - 2, sp - 1, NULL, 0)); sp--; NEXT();
        CASE(object_rest) {
            uint32_t n = U16(0);
            pc += 2;
            SAVE();
            Value o = obj_new_plain(vm);
            if (o == VAL_EXCEPTION) goto exception;
            *sp++ = o;   /* src k1..kn target */
            SLOW(iop_copy_data_props(vm, sp - 1, sp - 2 - n, sp - 1 - n, (int)n));
            sp[-2 - (int)n] = sp[-1];
            sp -= n + 1;
            NEXT();
        }
        CASE(set_name) {
            Value name = CONST(U32(0));
            pc += 4;
            *sp++ = name;
            SLOW(iop_set_name(vm, sp - 2, sp - 1, NULL));
            sp--;
            NEXT();
        }
        CASE(set_name_computed) {
            int kind = pc[0];
            pc += 1;
            SLOW(iop_set_name(vm, sp - 1, sp - 2, kind == 1 ? "get" : kind == 2 ? "set" : NULL));
            NEXT();
        }
        CASE(get_private) {
            uint32_t ic = U16(0);
            pc += 2;
            Value obj = sp[-2];
            if (LIKELY(val_is_object(obj) && ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                Value *w = obj_words(vm, obj);
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != w[OBJ_SHAPE] || e[2] != sp[-1]) continue;
                    sp[-2] = vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[(uint32_t)val_to_int(e[1]) >> IC_SLOT_SHIFT];
                    sp--;
                    NEXT();
                }
            }
            SLOW(iop_private_ic(vm, sp, 0, &stack[fr->base], ic));
            sp--;
            NEXT();
        }
        CASE(put_private) {
            uint32_t ic = U16(0);
            pc += 2;
            Value obj = sp[-3];
            if (LIKELY(val_is_object(obj) && ic != IC_NONE && ics)) {
                Value *e = ics + ic * IC_STRIDE();
                Value *w = obj_words(vm, obj);
                for (Value *const e_end = e + IC_STRIDE(); e < e_end; e += IC_ENTRY_WORDS) {
                    if (e[0] != w[OBJ_SHAPE] || e[2] != sp[-2]) continue;
                    vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[(uint32_t)val_to_int(e[1]) >> IC_SLOT_SHIFT] = sp[-1];
                    sp -= 3;
                    NEXT();
                }
            }
            SLOW(iop_private_ic(vm, sp, 1, &stack[fr->base], ic));
            sp -= 3;
            NEXT();
        }
        CASE(define_private) {
            int flags = pc[0];
            pc += 1;
            SLOW(iop_private(vm, sp, 2, flags));
            sp -= 2;
            NEXT();
        }
        CASE(private_in) SLOW(iop_private(vm, sp, 3, 0)); sp--; NEXT();
        CASE(define_private_pair) SLOW(iop_private(vm, sp, 4, 0)); sp -= 3; NEXT();
        CASE(super_base) SLOW(iop_super(vm, sp, 3)); NEXT();
        CASE(get_super) SLOW(iop_super(vm, sp, 0)); sp -= 2; NEXT();
        CASE(put_super) SLOW(iop_super(vm, sp, (fd_info(vm, fn_funcdef(vm, stack[fr->base]))->flags & FDF_STRICT) ? 2 : 1)); sp -= 4; NEXT();

        /* ---- operators ---- */
        CASE(add) {
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int64_t r = (int64_t)val_to_int(a) + val_to_int(b);
                sp[-2] = (r >= INT32_MIN && r <= INT32_MAX) ? val_int((int32_t)r) : val_double((double)r);
                sp--;
                NEXT();
            }
            if (val_is_number(a) && val_is_number(b)) {
                sp[-2] = num_d(num_value(a) + num_value(b));
                sp--;
                NEXT();
            }
            if (val_is_string(a) && val_is_string(b)) {
                SAVE();
                Value s = str_concat(vm, a, b);
                if (s == VAL_EXCEPTION) goto exception;
                sp[-2] = s;
                sp--;
                NEXT();
            }
            SLOW(iop_binary(vm, sp, OP_add));
            sp--;
            NEXT();
        }
        CASE(sub) {
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int64_t r = (int64_t)val_to_int(a) - val_to_int(b);
                sp[-2] = (r >= INT32_MIN && r <= INT32_MAX) ? val_int((int32_t)r) : val_double((double)r);
                sp--;
                NEXT();
            }
            if (val_is_number(a) && val_is_number(b)) { sp[-2] = num_d(num_value(a) - num_value(b)); sp--; NEXT(); }
            SLOW(iop_binary(vm, sp, OP_sub));
            sp--;
            NEXT();
        }
        CASE(mul) {
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int64_t r = (int64_t)val_to_int(a) * val_to_int(b);
                if (r >= INT32_MIN && r <= INT32_MAX && (r != 0 || (val_to_int(a) >= 0 && val_to_int(b) >= 0))) {
                    sp[-2] = val_int((int32_t)r);
                    sp--;
                    NEXT();
                }
            }
            if (val_is_number(a) && val_is_number(b)) { sp[-2] = num_d(num_value(a) * num_value(b)); sp--; NEXT(); }
            SLOW(iop_binary(vm, sp, OP_mul));
            sp--;
            NEXT();
        }
        CASE(div) {
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_number(a) && val_is_number(b))) { sp[-2] = num_d(num_value(a) / num_value(b)); sp--; NEXT(); }
            SLOW(iop_binary(vm, sp, OP_div));
            sp--;
            NEXT();
        }
        CASE(mod) {
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int32_t x = val_to_int(a), y = val_to_int(b);
                if (x >= 0 && y > 0) { sp[-2] = val_int(x % y); sp--; NEXT(); }
            }
            if (val_is_number(a) && val_is_number(b)) {
                double x = num_value(a), y = num_value(b);
                /* integral operands below 2^53: exact in int64 (fmod is slow) */
                if (x >= -9007199254740991.0 && x <= 9007199254740991.0 && y >= -9007199254740991.0 &&
                    y <= 9007199254740991.0 && y != 0 && x == (double)(int64_t)x && y == (double)(int64_t)y) {
                    int64_t r = (int64_t)x % (int64_t)y;
                    sp[-2] = r == 0 && (x < 0 || (x == 0 && signbit(x))) ? val_double(-0.0) : num_d((double)r);
                    sp--;
                    NEXT();
                }
                sp[-2] = num_d(fmod(x, y));
                sp--;
                NEXT();
            }
            SLOW(iop_binary(vm, sp, OP_mod));
            sp--;
            NEXT();
        }
        CASE(pow) {
            Value a = sp[-2], b = sp[-1];
            if (val_is_number(a) && val_is_number(b)) { sp[-2] = num_d(jsmath_pow(num_value(a), num_value(b))); sp--; NEXT(); }
            SLOW(iop_binary(vm, sp, OP_pow));
            sp--;
            NEXT();
        }
        CASE(shl) CASE(sar) CASE(shr) CASE(band) CASE(bor) CASE(bxor) {
            Opcode op = (Opcode)pc[-1];
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int32_t x = val_to_int(a), y = val_to_int(b);
                Value r;
                switch (op) {
                case OP_shl: r = val_int((int32_t)((uint32_t)x << (y & 31))); break;
                case OP_sar: r = val_int(x >> (y & 31)); break;
                case OP_shr: { uint32_t u = (uint32_t)x >> (y & 31); r = u <= INT32_MAX ? val_int((int32_t)u) : val_double(u); break; }
                case OP_band: r = val_int(x & y); break;
                case OP_bor: r = val_int(x | y); break;
                default: r = val_int(x ^ y); break;
                }
                sp[-2] = r;
                sp--;
                NEXT();
            }
            SLOW(iop_binary(vm, sp, op));
            sp--;
            NEXT();
        }
        CASE(lt) CASE(le) CASE(gt) CASE(ge) {
            Opcode op = (Opcode)pc[-1];
            Value a = sp[-2], b = sp[-1];
            if (LIKELY(val_is_number(a) && val_is_number(b))) {
                int r;
                if (val_is_int(a) && val_is_int(b)) {
                    int32_t x = val_to_int(a), y = val_to_int(b);
                    r = op == OP_lt ? x < y : op == OP_le ? x <= y : op == OP_gt ? x > y : x >= y;
                } else {
                    double x = num_value(a), y = num_value(b);
                    r = op == OP_lt ? x < y : op == OP_le ? x <= y : op == OP_gt ? x > y : x >= y;
                }
                sp[-2] = val_bool(r);
                sp--;
                NEXT();
            }
            SLOW(iop_binary(vm, sp, op));
            sp--;
            NEXT();
        }
        CASE(eq) CASE(ne) {
            int neg = pc[-1] == OP_ne;
            Value a = sp[-2], b = sp[-1];
            int r;
            if (val_is_int(a) && val_is_int(b)) r = a == b;
            else if (val_is_nullish(a) && (val_is_nullish(b) || (val_is_object(b) && !(obj_header(vm, b)->flags & OF_HTMLDDA))))
                r = val_is_nullish(b);
            else if (val_is_nullish(b) && val_is_object(a) && !(obj_header(vm, a)->flags & OF_HTMLDDA))
                r = 0;
            else {
                SAVE();
                r = loose_equals(vm, a, b);
                RELOAD();
                if (r < 0) goto exception;
            }
            sp[-2] = val_bool(r ^ neg);
            sp--;
            NEXT();
        }
        CASE(strict_eq) CASE(strict_ne) {
            int neg = pc[-1] == OP_strict_ne;
            Value a = sp[-2], b = sp[-1];
            int r;
            if (a == b) r = !val_is_double(a) || val_as_double(a) == val_as_double(a);
            else if (val_is_number(a) && val_is_number(b)) r = num_value(a) == num_value(b);
            else if (val_tag(a) != val_tag(b) || !(val_is_string(a) || val_is_bigint(a))) r = 0;
            else r = strict_equals(vm, a, b);
            sp[-2] = val_bool(r ^ neg);
            sp--;
            NEXT();
        }
        CASE(instanceof) SLOW(iop_binary(vm, sp, OP_instanceof)); sp--; NEXT();
        CASE(in) SLOW(iop_in(vm, sp)); sp--; NEXT();
        CASE(neg) {
            Value a = sp[-1];
            if (val_is_int(a) && val_to_int(a) != 0 && val_to_int(a) != INT32_MIN) { sp[-1] = val_int(-val_to_int(a)); NEXT(); }
            if (val_is_number(a)) { sp[-1] = val_double(-num_value(a)); NEXT(); }
            SLOW(iop_unary(vm, sp, OP_neg));
            NEXT();
        }
        CASE(plus) CASE(to_numeric) {
            if (val_is_number(sp[-1])) NEXT();
            SLOW(iop_unary(vm, sp, pc[-1]));
            NEXT();
        }
        CASE(inc) CASE(dec) {
            int inc = pc[-1] == OP_inc;
            Value a = sp[-1];
            if (LIKELY(val_is_int(a))) {
                int32_t x = val_to_int(a);
                if (inc ? x != INT32_MAX : x != INT32_MIN) { sp[-1] = val_int(inc ? x + 1 : x - 1); NEXT(); }
            }
            if (val_is_double(a)) { sp[-1] = num_d(num_value(a) + (inc ? 1 : -1)); NEXT(); }
            SLOW(iop_unary(vm, sp, pc[-1]));
            NEXT();
        }
        CASE(bnot) {
            if (val_is_int(sp[-1])) { sp[-1] = val_int(~val_to_int(sp[-1])); NEXT(); }
            SLOW(iop_unary(vm, sp, OP_bnot));
            NEXT();
        }
        CASE(not) {
            Value a = sp[-1];
            sp[-1] = a == VAL_TRUE ? VAL_FALSE : a == VAL_FALSE ? VAL_TRUE : val_bool(!to_boolean(vm, a));
            NEXT();
        }
        CASE(typeof) sp[-1] = typeof_value(vm, sp[-1]); NEXT();
        CASE(to_string) {
            if (val_is_string(sp[-1])) NEXT();
            SAVE();
            Value s = to_string(vm, sp[-1]);
            RELOAD();
            if (s == VAL_EXCEPTION) goto exception;
            sp[-1] = s;
            NEXT();
        }
        CASE(to_object) {
            if (val_is_object(sp[-1])) NEXT();
            SAVE();
            Value o = to_object(vm, sp[-1]);
            if (o == VAL_EXCEPTION) goto exception;
            sp[-1] = o;
            NEXT();
        }
        CASE(to_bigint) SLOW(iop_to_bigint(vm, sp - 1)); NEXT();
        CASE(require_coercible) {
            if (UNLIKELY(val_is_nullish(sp[-1])))
                THROW(vm_throw_type_error(vm, "Cannot destructure '%s' as it is %s.", val_is_null(sp[-1]) ? "null" : "undefined",
                                          val_is_null(sp[-1]) ? "null" : "undefined"));
            NEXT();
        }
        CASE(check_object) {
            if (UNLIKELY(!val_is_object(sp[-1]))) {
                char buf[128];
                vm_describe_value(vm, sp[-1], buf, sizeof buf);
                THROW(vm_throw_type_error(vm, "Iterator result %s is not an object", buf));
            }
            NEXT();
        }

        /* ---- control flow ---- */
        CASE(jmp) {
            int32_t off = I32(0);
            pc += 4;
            BRANCH(off);
            NEXT();
        }
        CASE(jmp_false) CASE(jmp_true) {
            int want = pc[-1] == OP_jmp_true;
            Value v = *--sp;
            int t = v == VAL_TRUE ? 1 : v == VAL_FALSE ? 0 : to_boolean(vm, v);
            int32_t off = I32(0);
            pc += 4;
            if (t == want) BRANCH(off);
            NEXT();
        }
        CASE(jmp_nullish) CASE(jmp_not_nullish) {
            int want = pc[-1] == OP_jmp_nullish;
            Value v = *--sp;
            int32_t off = I32(0);
            pc += 4;
            if (val_is_nullish(v) == want) BRANCH(off);
            NEXT();
        }
        CASE(jmp_hole) {
            Value v = *--sp;
            int32_t off = I32(0);
            pc += 4;
            if (v == VAL_HOLE) BRANCH(off);
            NEXT();
        }
        CASE(jmp_undefined) CASE(jmp_not_undefined) {
            int want = pc[-1] == OP_jmp_undefined;
            Value v = *--sp;
            int32_t off = I32(0);
            pc += 4;
            if ((v == VAL_UNDEFINED) == want) BRANCH(off);
            NEXT();
        }
        CASE(chain_check) {
            int32_t off = I32(0);
            int k = pc[4];
            pc += 5;
            if (val_is_nullish(sp[-1 - k])) {
                sp -= k + 1;
                *sp++ = VAL_UNDEFINED;
                pc += off;
            }
            NEXT();
        }
        CASE(lt_jmp_false) CASE(le_jmp_false) CASE(gt_jmp_false) CASE(ge_jmp_false)
        CASE(lt_jmp_true) CASE(le_jmp_true) CASE(gt_jmp_true) CASE(ge_jmp_true) {
            Opcode jop = (Opcode)pc[-1];
            int kind = (jop - OP_lt_jmp_false) & 3;          /* 0 lt, 1 le, 2 gt, 3 ge */
            int want = jop >= OP_lt_jmp_true;                /* jump when the comparison is true */
            Value a = sp[-2], b = sp[-1];
            int r;
            if (LIKELY(val_is_int(a) && val_is_int(b))) {
                int32_t x = val_to_int(a), y = val_to_int(b);
                r = kind == 0 ? x < y : kind == 1 ? x <= y : kind == 2 ? x > y : x >= y;
            } else if (val_is_number(a) && val_is_number(b)) {
                double x = num_value(a), y = num_value(b);
                r = kind == 0 ? x < y : kind == 1 ? x <= y : kind == 2 ? x > y : x >= y;
            } else {
                SLOW(iop_binary(vm, sp, kind == 0 ? OP_lt : kind == 1 ? OP_le : kind == 2 ? OP_gt : OP_ge));
                r = sp[-2] == VAL_TRUE;
            }
            sp -= 2;
            int32_t off = I32(0);
            pc += 4;
            if (r == want) BRANCH(off);
            NEXT();
        }
        CASE(seq_jmp_false) CASE(seq_jmp_true) {
            int want = pc[-1] == OP_seq_jmp_true;
            Value a = sp[-2], b = sp[-1];
            int r;
            if (a == b) r = !val_is_double(a) || val_as_double(a) == val_as_double(a);
            else if (val_is_number(a) && val_is_number(b)) r = num_value(a) == num_value(b);
            else if (val_tag(a) != val_tag(b) || !(val_is_string(a) || val_is_bigint(a))) r = 0;
            else r = strict_equals(vm, a, b);
            sp -= 2;
            int32_t off = I32(0);
            pc += 4;
            if (r == want) BRANCH(off);
            NEXT();
        }
        CASE(jmp_null) CASE(jmp_not_null) {
            int want = pc[-1] == OP_jmp_null;
            Value v = *--sp;
            int32_t off = I32(0);
            pc += 4;
            if ((v == VAL_NULL) == want) BRANCH(off);
            NEXT();
        }
        CASE(gosub) {
            int32_t off = I32(0);
            pc += 4;
            *sp++ = val_int((int32_t)(pc - code));
            pc += off;
            NEXT();
        }
        CASE(ret) {
            Value r = *--sp;
            pc = code + val_to_int(r);
            NEXT();
        }
        CASE(throw) {
            SAVE();
            vm->exception = *--sp;
            vm->has_exception = 1;
            vm->sp = sp;
            goto exception;
        }
        CASE(throw_error) {
            Value atom = CONST(U32(0));
            int kind = pc[4];
            pc += 5;
            THROW(iop_throw_error(vm, kind, atom));
        }
        CASE(debugger) NEXT();

        /* ---- returns ---- */
        CASE(return_undef) *sp++ = VAL_UNDEFINED; goto do_return;
        CASE(return) goto do_return;

        /* ---- calls ---- */
        CASE(call) {
            c_argc = U16(0);
            pc += 2;
            c_fp = sp - c_argc - 2;
            c_f = *c_fp;
        do_call:
            if (LIKELY(val_is_object(c_f))) {
                CellHeader *h = obj_header(vm, c_f);
                if (LIKELY(h->aux == CLASS_FUNCTION)) {
                    if (UNLIKELY(h->flags & OF_CLASS_CTOR)) THROW(fn_throw_class_call(vm, c_f));
                    SAVE();
                    if (push_frame(vm, (uint32_t)(c_fp - stack), (int)c_argc, VAL_UNDEFINED, 0) < 0) goto exception;
                    LOAD_FRAME();
                    SAFEPOINT();
                    METER_CHECK();
                    NEXT();
                }
                if (h->flags & OF_CALLABLE) {
                    SAVE();
                    Value r = h->aux == CLASS_NATIVE_FUNCTION
                                  ? native_call(vm, c_f, c_fp[1], (int)c_argc, c_fp + 2, VAL_UNDEFINED)
                                  : vm_call(vm, c_f, c_fp[1], (int)c_argc, c_fp + 2);
                    RELOAD();
                    if (r == VAL_EXCEPTION) goto exception;
                    sp = c_fp;
                    *sp++ = r;
                    METER_CHECK();
                    NEXT();
                }
            }
            SAVE();
            throw_not_callable(vm, fr, (uint32_t)(pc - code) - 3, c_f, 0);
            goto exception;
        }
        CASE(call_spread) {
            Value *fp = sp - 3;
            Value *lim = stack + (vm->stack_end - stack) - 64;
            SAVE();
            Value *nsp_ = sp;
                int r = iop_spread_to_stack(vm, sp - 1, &nsp_, lim);
                sp = nsp_;
            RELOAD();
            if (r < 0) goto exception;
            uint32_t argc = (uint32_t)(sp - fp - 2);
            Value f = *fp;
            (void)argc;
            if (val_is_object(f) && (obj_header(vm, f)->flags & OF_CALLABLE)) {
                if (obj_class(vm, f) == CLASS_FUNCTION && !(obj_header(vm, f)->flags & OF_CLASS_CTOR)) {
                    SAVE();
                    if (push_frame(vm, (uint32_t)(fp - stack), (int)argc, VAL_UNDEFINED, 0) < 0) goto exception;
                    LOAD_FRAME();
                    SAFEPOINT();
                    METER_CHECK();
                    NEXT();
                }
                SAVE();
                Value rv = vm_call(vm, f, fp[1], (int)argc, fp + 2);
                RELOAD();
                if (rv == VAL_EXCEPTION) goto exception;
                sp = fp;
                *sp++ = rv;
                NEXT();
            }
            SAVE();
            throw_not_callable(vm, fr, (uint32_t)(pc - code) - 1, f, 0);
            goto exception;
        }
        CASE(new) CASE(new_spread) CASE(super_call) CASE(super_call_spread) CASE(super_call_forward) {
            Opcode op = (Opcode)pc[-1];
            uint32_t argc = 0;
            Value *fp;
            uint32_t call_pc = (uint32_t)(pc - code) - 1;
            if (op == OP_new || op == OP_super_call) {
                argc = U16(0);
                pc += 2;
                fp = sp - argc - 2;
            } else if (op == OP_super_call_forward) {
                fp = sp - 2;
                argc = (uint32_t)fr->argc;
                if (sp + argc + 64 > vm->stack_end) THROW(vm_throw_stack_overflow(vm));
                memcpy(sp, args, argc * sizeof(Value));
                sp += argc;
            } else {
                fp = sp - 3;
                Value *lim = stack + (vm->stack_end - stack) - 64;
                SAVE();
                Value *nsp_ = sp;
                int r = iop_spread_to_stack(vm, sp - 1, &nsp_, lim);
                sp = nsp_;
                RELOAD();
                if (r < 0) goto exception;
                argc = (uint32_t)(sp - fp - 2);
            }
            if (op == OP_super_call || op == OP_super_call_spread || op == OP_super_call_forward) {
                /* the parent constructor is the active constructor's [[Prototype]] */
                Value func = *fp;
                Value parent = obj_words(vm, func)[OBJ_PROTO];
                if (!vm_is_constructor(vm, parent)) {
                    SAVE();
                    char buf[128];
                    vm_describe_value(vm, parent, buf, sizeof buf);
                    vm_throw_type_error(vm, "Super constructor %s of anonymous class is not a constructor", buf);
                    goto exception;
                }
                *fp = parent;
            }
            Value f = *fp;
            if (!vm_is_constructor(vm, f)) {
                SAVE();
                throw_not_callable(vm, fr, call_pc, f, 1);
                goto exception;
            }
            if (obj_class(vm, f) == CLASS_FUNCTION) {
                Value fd = fn_funcdef(vm, f);
                if (!(fd_info(vm, fd)->flags & FDF_DERIVED)) {
                    SAVE();
                    Value t = fn_construct_this(vm, f, fp[1]);
                    RELOAD();
                    if (t == VAL_EXCEPTION) goto exception;
                    f = *fp;
                    Value nt = fp[1];
                    fp[1] = t;
                    SAVE();
                    if (push_frame(vm, (uint32_t)(fp - stack), (int)argc, nt, FRAME_CONSTRUCT) < 0) goto exception;
                } else {
                    Value nt = fp[1];
                    fp[1] = VAL_UNINIT;
                    SAVE();
                    if (push_frame(vm, (uint32_t)(fp - stack), (int)argc, nt, FRAME_CONSTRUCT) < 0) goto exception;
                }
                LOAD_FRAME();
                SAFEPOINT();
                METER_CHECK();
                NEXT();
            }
            SAVE();
            Value r = vm_construct(vm, f, (int)argc, fp + 2, fp[1]);
            RELOAD();
            if (r == VAL_EXCEPTION) goto exception;
            sp = fp;
            *sp++ = r;
            NEXT();
        }
        CASE(bind_this) {
            if (UNLIKELY(stack[fr->base + 1] != VAL_UNINIT))
                THROW(vm_throw_reference_error(vm, "Super constructor may only be called once"));
            stack[fr->base + 1] = sp[-1];
            NEXT();
        }
        CASE(init_fields) {
            Value ctor = sp[-2];
            if (val_is_object(ctor) && obj_class(vm, ctor) == CLASS_FUNCTION &&
                val_is_object(*obj_slot(vm, ctor, FN_FIELDS))) {
                SAVE();
                Value r = vm_call(vm, *obj_slot(vm, sp[-2], FN_FIELDS), sp[-1], 0, NULL);
                RELOAD();
                if (r == VAL_EXCEPTION) goto exception;
            }
            sp[-2] = sp[-1];
            sp--;
            NEXT();
        }
        CASE(eval) CASE(eval_spread) {
            Opcode op = (Opcode)pc[-1];
            uint32_t flags;
            if (op == OP_eval) {
                c_argc = U16(0);
                flags = (uint32_t)val_to_int(CONST(U32(2)));
                pc += 6;
                c_fp = sp - c_argc - 2;
            } else {
                flags = (uint32_t)val_to_int(CONST(U32(0)));
                pc += 4;
                c_fp = sp - 3;
                Value *lim = stack + (vm->stack_end - stack) - 64;
                SAVE();
                Value *nsp_ = sp;
                int r = iop_spread_to_stack(vm, sp - 1, &nsp_, lim);
                sp = nsp_;
                RELOAD();
                if (r < 0) goto exception;
                c_argc = (uint32_t)(sp - c_fp - 2);
            }
            c_f = *c_fp;
            if (c_f == vm_intrinsic(vm, INTR_Eval)) {
                Value src = c_argc ? c_fp[2] : VAL_UNDEFINED;
                if (!val_is_string(src)) {
                    sp = c_fp;
                    *sp++ = src;
                    NEXT();
                }
                SAVE();
                Value r = fn_direct_eval(vm, c_fp[2], flags, vars[LOC_ENV], stack[fr->base + 1]);
                RELOAD();
                if (r == VAL_EXCEPTION) goto exception;
                sp = c_fp;
                *sp++ = r;
                NEXT();
            }
            goto do_call;
        }

        /* ---- arrays and spread ---- */
        CASE(array_append) {
            Value arr = sp[-2];
            CellHeader *h = obj_header(vm, arr);
            Value *w = CELL_VALUES(h);
            Value el = w[OBJ_ELEMENTS];
            if (LIKELY(!(h->flags & OF_SLOW_ELEMENTS) && val_is_int(w[OBJ_SLOT0]) && val_is_cell(el))) {
                uint32_t len = (uint32_t)val_to_int(w[OBJ_SLOT0]);
                if (len < CELL(vm, val_ref(el))->size - 1 && len < INT32_MAX) {
                    vm_cell_values(vm, val_ref(el))[len] = sp[-1];
                    w[OBJ_SLOT0] = val_int((int32_t)len + 1);
                    sp--;
                    NEXT();
                }
            }
            SLOW(iop_array_append(vm, sp));
            sp--;
            NEXT();
        }
        CASE(array_spread) {
            uint32_t ic = U16(0);
            pc += 2;
            SLOW(iop_array_spread(vm, sp, &stack[fr->base], ic));
            sp--;
            NEXT();
        }
        CASE(array_hole) {
            Value arr = sp[-1];
            Value *w = obj_words(vm, arr);
            uint32_t len = (uint32_t)num_value(w[OBJ_SLOT0]);
            w[OBJ_SLOT0] = val_number((double)len + 1);
            NEXT();
        }

        /* ---- iteration ---- */
        CASE(get_iterator) {
            uint32_t ic = U16(0);
            pc += 2;
            SLOW(iop_get_iterator(vm, sp, 0, &stack[fr->base], ic));
            sp++;
            NEXT();
        }
        CASE(get_async_iterator) SLOW(iop_get_iterator(vm, sp, 1, NULL, IC_NONE)); sp++; NEXT();
        CASE(for_of_next) {
            int32_t off = I32(0);
            pc += 4;
            {
                int fr_ = array_iter_step_fast(vm, sp[-2], sp[-1], sp);
                if (fr_ == 1) { sp++; NEXT(); }
                if (fr_ == 0) { pc += off; NEXT(); }
                if (val_is_object(sp[-2]) && obj_header(vm, sp[-2])->aux == CLASS_GENERATOR && gen_is_builtin_next(vm, sp[-1])) {
                    SAVE();
                    sp[0] = VAL_UNDEFINED;
                    vm->sp = sp + 1;
                    fr_ = gen_next_fast(vm, sp - 2, sp, sp);
                    RELOAD();
                    if (UNLIKELY(fr_ < 0)) goto exception;
                    if (fr_ == 1) { sp++; NEXT(); }
                    if (fr_ == 0) { pc += off; NEXT(); }
                    sp++;   /* a result object passed through a yield* */
                    int done;
                    SLOW(iop_iter_done_value(vm, sp - 1, &done));
                    if (done) { sp--; pc += off; }
                    NEXT();
                }
            }
            SLOW(iop_iter_next(vm, sp, sp));
            sp++;   /* keep the result object on the (traced) stack while reading it */
            int done;
            SLOW(iop_iter_done_value(vm, sp - 1, &done));
            if (done) { sp--; pc += off; NEXT(); }
            NEXT();
        }
        CASE(iter_call_next) SLOW(iop_iter_next(vm, sp, sp)); sp++; NEXT();
        CASE(iter_result) {
            int32_t off = I32(0);
            pc += 4;
            int done;
            SLOW(iop_iter_done_value(vm, sp - 1, &done));
            if (done) { sp--; pc += off; }
            NEXT();
        }
        CASE(iter_close) SLOW(iop_iter_close(vm, sp, 0)); sp -= 2; NEXT();
        CASE(using_init) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_init)); NEXT(); }
        CASE(using_add) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_add)); NEXT(); }
        CASE(using_add_async) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_add_async)); NEXT(); }
        CASE(using_record) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_record)); sp--; NEXT(); }
        CASE(using_dispose) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_dispose)); NEXT(); }
        CASE(using_step) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_step)); sp += 2; NEXT(); }
        CASE(using_finish) { Value *cv = &vars[U16(0)]; pc += 2; SLOW(iop_using(vm, sp, cv, OP_using_finish)); NEXT(); }
        CASE(iter_close_silent) SLOW(iop_iter_close(vm, sp, 1)); sp -= 2; NEXT();
        CASE(iter_get_return) {
            int32_t off = I32(0);
            pc += 4;
            int absent;
            SLOW(iop_iter_get_return(vm, sp, &absent));
            if (absent) { sp -= 2; pc += off; NEXT(); }
            sp--;
            NEXT();
        }
        CASE(destr_next) SLOW(iop_destr_next(vm, sp)); sp++; NEXT();
        CASE(destr_rest) SLOW(iop_destr_rest(vm, sp)); sp++; NEXT();
        CASE(destr_close) SLOW(iop_destr_close(vm, sp, 0)); sp -= 3; NEXT();
        CASE(destr_close_silent) SLOW(iop_destr_close(vm, sp, 1)); sp -= 3; NEXT();
        CASE(for_in_start) SLOW(iop_for_in_start(vm, sp - 1)); NEXT();
        CASE(for_in_next) {
            int32_t off = I32(0);
            pc += 4;
            SAVE();
            int r = iop_for_in_next(vm, sp - 1, sp);
            RELOAD();
            if (r < 0) goto exception;
            if (r == 0) { pc += off; NEXT(); }
            sp++;
            NEXT();
        }

        /* ---- classes ---- */
        CASE(class_create) {
            Value fd = CONST(U32(0));
            int has_heritage = pc[4];
            pc += 5;
            SLOW(iop_class_create(vm, sp, fd, has_heritage));
            NEXT();
        }
        CASE(class_fields) {
            *obj_slot(vm, sp[-2], FN_FIELDS) = sp[-1];
            sp--;
            NEXT();
        }
        CASE(new_private_name) {
            Value desc = CONST(U32(0));
            pc += 4;
            SAVE();
            Value s = symbol_new_private(vm, desc);
            if (s == VAL_EXCEPTION) goto exception;
            *sp++ = s;
            NEXT();
        }
        CASE(set_home) {
            Value f = sp[-1];
            if (val_is_object(f) && obj_class(vm, f) == CLASS_FUNCTION) *obj_slot(vm, f, FN_HOME) = sp[-2];
            NEXT();
        }

        /* ---- generators and async ---- */
        CASE(generator_start) {
            Value func = stack[fr->base];
            Value fd = fn_funcdef(vm, func);
            int async = (fd_info(vm, fd)->flags & FDF_ASYNC) != 0;
            SAVE();
            Value gen = gen_create(vm, func, async);
            RELOAD();
            if (gen == VAL_EXCEPTION) goto exception;
            vars[LOC_GEN] = gen;
            SAVE();
            Value saved = interp_save_frame(vm, fr, sp, (uint32_t)(pc - code), 0);
            if (saved == VAL_EXCEPTION) goto exception;
            gen = vars[LOC_GEN];
            *obj_slot(vm, gen, GEN_FRAME) = saved;
            *obj_slot(vm, gen, GEN_STATE) = val_int(GS_SUSPENDED_START);
            *sp++ = gen;
            goto do_plain_return;
        }
        CASE(yield) CASE(yield_raw) {
            int raw = pc[-1] == OP_yield_raw;
            Value gen = vars[LOC_GEN];
            if (fr->flags & FRAME_ASYNC_GEN) {
                /* AsyncGeneratorYield: settle the first request; continue when more are queued */
                Value v = sp[-1];
                Value rv;
                int mode;
                SAVE();
                int r = asyncgen_yield(vm, gen, v, &rv, &mode);
                RELOAD();
                if (r < 0) goto exception;
                if (r == 1) {
                    sp[-1] = rv;
                    *sp++ = val_int(mode);
                    NEXT();
                }
                /* suspend */
                sp--;
                SAVE();
                Value saved = save_frame_reuse(vm, fr, sp, (uint32_t)(pc - code), SFF_YIELD, *obj_slot(vm, gen, GEN_FRAME));
                if (saved == VAL_EXCEPTION) goto exception;
                gen = vars[LOC_GEN];
                *obj_slot(vm, gen, GEN_FRAME) = saved;
                *obj_slot(vm, gen, GEN_STATE) = val_int(GS_SUSPENDED_YIELD);
                *sp++ = VAL_UNDEFINED;
                goto do_suspend;
            }
            Value v = *--sp;
            SAVE();
            Value saved = save_frame_reuse(vm, fr, sp, (uint32_t)(pc - code), SFF_YIELD | (raw ? SFF_RAW : 0),
                                           *obj_slot(vm, gen, GEN_FRAME));
            if (saved == VAL_EXCEPTION) goto exception;
            gen = vars[LOC_GEN];
            *obj_slot(vm, gen, GEN_FRAME) = saved;
            *obj_slot(vm, gen, GEN_STATE) = val_int(GS_SUSPENDED_YIELD);
            *obj_slot(vm, gen, GEN_AUX) = val_bool(raw);
            *sp++ = v;
            goto do_suspend;
        }
        CASE(resume_check) {
            int32_t off = I32(0);
            pc += 4;
            int mode = val_to_int(*--sp);
            if (mode == RESUME_NEXT) NEXT();
            if (mode == RESUME_THROW) {
                SAVE();
                vm->exception = *--sp;
                vm->has_exception = 1;
                vm->sp = sp;
                goto exception;
            }
            pc += off;
            NEXT();
        }
        CASE(await) {
            Value state = vars[LOC_GEN];
            SAVE();
            int r = promise_await(vm, state, sp[-1]);
            RELOAD();
            if (r < 0) goto exception;
            sp--;
            SAVE();
            state = vars[LOC_GEN];
            Value saved = save_frame_reuse(vm, fr, sp, (uint32_t)(pc - code), SFF_AWAIT,
                                           *obj_slot(vm, state, obj_class(vm, state) == CLASS_ASYNC_FUNCTION_STATE ? AFS_FRAME : GEN_FRAME));
            if (saved == VAL_EXCEPTION) goto exception;
            state = vars[LOC_GEN];
            if (obj_class(vm, state) == CLASS_ASYNC_FUNCTION_STATE) {
                *obj_slot(vm, state, AFS_FRAME) = saved;
                *sp++ = *obj_slot(vm, state, AFS_PROMISE);
            } else {
                *obj_slot(vm, state, GEN_FRAME) = saved;
                *sp++ = VAL_UNDEFINED;
            }
            goto do_suspend;
        }
        CASE(async_yield_unwrap) NEXT();
        CASE(delegate_step) {
            int async = pc[0];
            pc += 1;
            SLOW(iop_delegate_step(vm, sp, async));
            NEXT();
        }
        CASE(delegate_check) {
            int32_t l1 = I32(0), l2 = I32(4);
            pc += 8;
            int which;
            SLOW(iop_delegate_check(vm, sp, &which));
            if (which == 0) { sp--; NEXT(); }
            /* value is in sp[-2]: iter next value mode -> value */
            sp[-4] = sp[-2];
            sp -= 3;
            pc += which == 1 ? l1 : l2;
            NEXT();
        }

        /* ---- function entry helpers ---- */
        CASE(create_arguments) {
            int mapped = pc[0];
            pc += 1;
            SAVE();
            Value a = args_object_new(vm, fr, mapped);
            if (a == VAL_EXCEPTION) goto exception;
            *sp++ = a;
            NEXT();
        }
        CASE(create_rest) {
            uint32_t from = U16(0);
            pc += 2;
            uint32_t argc = (uint32_t)fr->argc;
            uint32_t n = argc > from ? argc - from : 0;
            SAVE();
            Value a = array_from_values(vm, args + from, n);
            if (a == VAL_EXCEPTION) goto exception;
            *sp++ = a;
            NEXT();
        }
        CASE(import_meta) {
            SAVE();
            Value m = module_import_meta(vm, fn_funcdef(vm, stack[fr->base]));
            RELOAD();
            if (m == VAL_EXCEPTION) goto exception;
            *sp++ = m;
            NEXT();
        }
        CASE(import_dynamic) {
            SAVE();
            Value p = module_dynamic_import(vm, sp[-2], sp[-1], fn_funcdef(vm, stack[fr->base]));
            RELOAD();
            if (p == VAL_EXCEPTION) goto exception;
            sp[-2] = p;
            sp--;
            NEXT();
        }

        SWITCH_END
    }

    /* ---------------------------------------------------------------------------------
     * Returns
     * ------------------------------------------------------------------------------- */
do_return: {
        Value v = sp[-1];
        uint32_t flags = fr->flags;
        if (UNLIKELY(flags & (FRAME_CONSTRUCT | FRAME_ASYNC | FRAME_GENERATOR | FRAME_ASYNC_GEN))) {
            if (flags & FRAME_CONSTRUCT) {
                if (!val_is_object(v)) {
                    Value fd = fn_funcdef(vm, stack[fr->base]);
                    if ((fd_info(vm, fd)->flags & FDF_DERIVED) && v != VAL_UNDEFINED) {
                        /* thrown in the caller's context */
                        uint32_t base = fr->base;
                        if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
                        vm->frame_count--;
                        if (flags & FRAME_ENTRY) {
                            vm->sp = stack + base;
                            FLUSH_METER();
                            vm_throw_type_error(vm, "Derived constructors may only return object or undefined");
                            return VAL_EXCEPTION;
                        }
                        LOAD_FRAME();
                        sp = stack + base;
                        THROW(vm_throw_type_error(vm, "Derived constructors may only return object or undefined"));
                    }
                    v = stack[fr->base + 1];
                    if (v == VAL_UNINIT) {
                        /* thrown in the caller's context too */
                        uint32_t base = fr->base;
                        if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
                        vm->frame_count--;
                        if (flags & FRAME_ENTRY) {
                            vm->sp = stack + base;
                            FLUSH_METER();
                            vm_throw_reference_error(vm, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
                            return VAL_EXCEPTION;
                        }
                        LOAD_FRAME();
                        sp = stack + base;
                        THROW(vm_throw_reference_error(vm, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"));
                    }
                }
            } else if (flags & FRAME_ASYNC) {
                Value state = vars[LOC_GEN];
                SAVE();
                asyncfn_settle(vm, state, v, 0);
                RELOAD();
                state = vars[LOC_GEN];
                v = *obj_slot(vm, state, AFS_PROMISE);
                if (vm->has_exception) goto exception;   /* only uncatchable terminations */
            } else if (flags & FRAME_ASYNC_GEN) {
                Value gen = vars[LOC_GEN];
                SAVE();
                asyncgen_complete(vm, gen, v, 0);
                RELOAD();
                if (vm->has_exception) goto exception;
                v = VAL_UNDEFINED;
            } else {
                Value gen = vars[LOC_GEN];
                *obj_slot(vm, gen, GEN_STATE) = val_int(GS_COMPLETED);
                *obj_slot(vm, gen, GEN_FRAME) = VAL_UNDEFINED;
            }
            sp[-1] = v;
        }
    }
do_plain_return: {
        Value v = sp[-1];
        uint32_t flags = fr->flags;
        uint32_t base = fr->base;
        if (flags & (FRAME_ENTRY | FRAME_REALM)) {   /* one test on the common path */
            if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
            if (flags & FRAME_ENTRY) {
                vm->frame_count--;
                vm->sp = stack + base;
                FLUSH_METER();
                return v;
            }
        }
        vm->frame_count--;
        vm->sp = stack + base;
        LOAD_FRAME();
        sp = stack + base;
        *sp++ = v;
        SAFEPOINT();
        METER_CHECK();
        NEXT();
    }
do_suspend: {
        /* the frame was saved; return sp[-1] to the caller (C for resumed frames) */
        goto do_plain_return;
    }

    /* ---------------------------------------------------------------------------------
     * Exceptions
     * ------------------------------------------------------------------------------- */
exception:
    for (;;) {
        fr = &vm->frames[vm->frame_count - 1];
        Value fd = fn_funcdef(vm, stack[fr->base]);
        FuncDefInfo *fi = fd_info(vm, fd);
        if (!vm->uncatchable && fi->nhandlers) {
            uint32_t at = fr->pc ? fr->pc - 1 : 0;
            const HandlerEntry *h = (const HandlerEntry *)vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_HANDLERS)));
            for (uint32_t i = 0; i < fi->nhandlers; i++) {
                if (at >= h[i].start && at < h[i].end) {
                    vars = stack + fr->vars;
                    args = stack + fr->base + 2;
                    sp = stack + fr->stack0 + h[i].depth;
                    *sp++ = vm->exception;
                    vm->exception = VAL_UNDEFINED;
                    vm->has_exception = 0;
                    fr->pc = h[i].target;
                    vm->sp = sp;
                    RELOAD();
                    METER_CHECK();
                    NEXT();
                }
            }
        }
        uint32_t flags = fr->flags;
        uint32_t base = fr->base;
        if ((flags & (FRAME_ASYNC | FRAME_ASYNC_GEN)) && !vm->uncatchable) {
            Value exc = vm->exception;
            vm->exception = VAL_UNDEFINED;
            vm->has_exception = 0;
            vars = stack + fr->vars;
            sp = stack + fr->stack0;
            *sp++ = exc;
            vm->sp = sp;
            Value v;
            if (flags & FRAME_ASYNC) {
                asyncfn_settle(vm, vars[LOC_GEN], sp[-1], 1);
                v = *obj_slot(vm, vars[LOC_GEN], AFS_PROMISE);
            } else {
                asyncgen_complete(vm, vars[LOC_GEN], sp[-1], 1);
                v = VAL_UNDEFINED;
            }
            if (vm->has_exception) { vm->sp = sp; continue; }
            if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
            vm->frame_count--;
            vm->sp = stack + base;
            if (flags & FRAME_ENTRY) { FLUSH_METER(); return v; }
            LOAD_FRAME();
            sp = stack + base;
            *sp++ = v;
            NEXT();
        }
        if (flags & FRAME_GENERATOR) {
            Value gen = stack[fr->vars + LOC_GEN];
            if (val_is_object(gen)) {
                *obj_slot(vm, gen, GEN_STATE) = val_int(GS_COMPLETED);
                *obj_slot(vm, gen, GEN_FRAME) = VAL_UNDEFINED;
            }
        }
        if (flags & FRAME_REALM) frame_realm_restore(vm, fr);
        vm->frame_count--;
        vm->sp = stack + base;
        if (flags & FRAME_ENTRY) { FLUSH_METER(); return VAL_EXCEPTION; }
        fr = &vm->frames[vm->frame_count - 1];
    }
#if !defined(__GNUC__)
bad_opcode:
    SAVE();
    vm_throw_error(vm, ERR_ERROR, "internal error: bad opcode");
    goto exception;
#endif
#undef SAVE
#undef RELOAD
#undef LOAD_FRAME
#undef SLOW
#undef THROW
#undef NEXT
#undef CASE
}

/* ---------------------------------------------------------------------------------------
 * Entry points from C
 * ------------------------------------------------------------------------------------- */

Value interp_call_closure(VM *vm, Value f, Value this_val, int argc, const Value *argv,
                          Value new_target) {
    if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
    Value *sp = vm->sp, *entry_sp = sp;
    if (sp + argc + 3 + 64 > vm->stack_end) return vm_throw_stack_overflow(vm);
    /* a call into another realm keeps the caller's realm below the frame (FRAME_REALM);
     * push_frame makes the same comparison (nothing in between can change its outcome) */
    if (UNLIKELY(fd_realm(vm, fn_funcdef(vm, f)) != vm->roots[ROOT_REALM])) *sp++ = vm->roots[ROOT_REALM];
    uint32_t base = (uint32_t)(sp - vm->stack);
    sp[0] = f;
    sp[1] = this_val;
    if (argc) memmove(sp + 2, argv, (size_t)argc * sizeof(Value));
    vm->sp = sp + 2 + argc;
    uint32_t flags = FRAME_ENTRY;
    Value fd = fn_funcdef(vm, f);
    if (new_target != VAL_UNDEFINED) {
        flags |= FRAME_CONSTRUCT;
        if (fd_info(vm, fd)->flags & FDF_DERIVED) {
            vm->stack[base + 1] = VAL_UNINIT;
        } else {
            /* OrdinaryCreateFromConstructor may run JS (a proxy's "prototype" trap) and so
             * collect: new_target, read again by push_frame below, must be rooted */
            VM_ROOT_SCOPE(vm);
            vm_root(vm, &new_target);
            Value t = fn_construct_this(vm, vm->stack[base], new_target);
            if (t == VAL_EXCEPTION) { vm->sp = entry_sp; return t; }
            vm->stack[base + 1] = t;
        }
    }
    if (push_frame(vm, base, argc, new_target, flags) < 0) {
        vm->sp = entry_sp;
        return VAL_EXCEPTION;
    }
    vm->c_depth++;
    Value r = run(vm, 0);
    vm->c_depth--;
    vm->sp = entry_sp;
    return r;
}

Value interp_resume(VM *vm, Value saved, int mode, Value value, int *done_out) {
    if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
    Value *w = vm_cell_values(vm, val_ref(saved));
    uint32_t n = (uint32_t)val_to_int(w[SF_NVALUES]);
    uint32_t sflags = (uint32_t)val_to_int(w[SF_FLAGS]);
    Value *sp = vm->sp, *entry_sp = sp;
    Value f = w[SF_VALUES];
    Value fd = fn_funcdef(vm, f);
    FuncDefInfo *fi = fd_info(vm, fd);
    if (sp + n + fi->max_stack + 65 > vm->stack_end || vm->frame_count >= vm->frame_cap)
        return vm_throw_stack_overflow(vm);
    /* the activation runs in its function's realm; the caller's is kept below the frame */
    uint32_t realm_flag = 0;
    if (UNLIKELY(fd_realm(vm, fd) != vm->roots[ROOT_REALM])) {
        *sp++ = vm->roots[ROOT_REALM];
        vm->roots[ROOT_REALM] = fd_realm(vm, fd);
        realm_flag = FRAME_REALM;
    }
    uint32_t base = (uint32_t)(sp - vm->stack);
    memcpy(sp, w + SF_VALUES, (size_t)n * sizeof(Value));
    Frame *fr = &vm->frames[vm->frame_count++];
    fr->base = base;
    fr->nargs = (uint32_t)val_to_int(w[SF_NARGS]);
    fr->argc = val_to_int(w[SF_ARGC]);
    fr->vars = base + 2 + fr->nargs;
    fr->stack0 = fr->vars + fi->nlocals;
    fr->pc = (uint32_t)val_to_int(w[SF_PC]);
    w[SF_PC] = val_int(-1);   /* consumed: the cell may be reused by the next suspension */
    fr->flags = ((sflags >> 8) & ~(uint32_t)FRAME_REALM) | FRAME_ENTRY | realm_flag;
    fr->reserved = 0;
    if (fi->flags & FDF_GENERATOR) fr->flags |= (fi->flags & FDF_ASYNC) ? FRAME_ASYNC_GEN : FRAME_GENERATOR;
    sp += n;
    int start_throw = 0;
    if (sflags & SFF_YIELD) {
        *sp++ = value;
        *sp++ = val_int(mode);
    } else if (sflags & SFF_AWAIT) {
        if (mode == RESUME_THROW) {
            vm->exception = value;
            vm->has_exception = 1;
            start_throw = 1;
        } else {
            *sp++ = value;
        }
    }
    vm->sp = sp;
    vm->c_depth++;
    Value r = run(vm, start_throw);
    vm->c_depth--;
    vm->sp = entry_sp;
    if (done_out) *done_out = 0;
    return r;
}
