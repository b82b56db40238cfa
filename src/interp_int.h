/* interp_int.h — internals shared by interp.c, interp_ops.c, function.c, generator.c and
 * module.c. Not used outside the interpreter / function machinery.
 *
 * Slow-path helpers take pointers to VM stack slots (which the collector traces and
 * updates), never bare heap pointers, so they may run JavaScript and still find their
 * operands afterwards. They return 0 on success and -1 with an exception pending.
 */
#ifndef CRYO_INTERP_INT_H
#define CRYO_INTERP_INT_H

#include "interp.h"
#include "shape.h"

#ifdef __GNUC__
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/* Saved-frame flags (SF_FLAGS, on top of the FRAME_* bits shifted by 8). */
enum {
    SFF_YIELD = 1,              /* suspended at yield: resume pushes [value mode] */
    SFF_AWAIT = 2,              /* suspended at await: resume pushes value or throws */
    SFF_RAW = 4,                /* the yielded value is already an iterator result */
};

/* Little-endian operand readers. */
static inline uint16_t rd_u16le(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t rd_u32le(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline int32_t rd_i32le(const uint8_t *p) { return (int32_t)rd_u32le(p); }

/* The funcdef of a CLASS_FUNCTION object. */
static inline Value fn_funcdef(VM *vm, Value f) { return obj_words(vm, f)[OBJ_SLOT0 + FN_FUNCDEF]; }

/* Shape internals (layout documented in shape.h). */
static inline int shape_is_dict(VM *vm, Value shape) { return CELL(vm, val_ref(shape))->flags & SHAPE_DICT; }
static inline Value *obj_slots_ptr(VM *vm, Value obj) {
    return vm_cell_values(vm, val_ref(obj_words(vm, obj)[OBJ_SLOTS]));
}

/* True when objects of class cls use the ordinary [[Get]]/[[Set]]/[[GetOwnProperty]]/
 * [[DefineOwnProperty]] for named keys. */
static inline int class_is_plain(ClassId cls) {
    const ClassOps *o = class_ops[cls];
    return !o || (!o->get && !o->set && !o->get_own_property && !o->define_own_property &&
                  !o->has_property);
}

/* ---- interp.c ---- */
Value interp_throw_meter(VM *vm);
/* Save a suspended frame (the top frame, its operand stack ending at sp) into a heap cell. */
Value interp_save_frame(VM *vm, Frame *fr, Value *sp, uint32_t pc, uint32_t sflags);

/* ---- interp_ops.c ---- */
int iop_binary(VM *vm, Value *sp, int op);                 /* sp[-2] op sp[-1] -> sp[-2] */
int iop_unary(VM *vm, Value *sp, int op);                  /* op sp[-1] -> sp[-1] */
int iop_get_field(VM *vm, Value *slot, Value key, Value *fnslot, uint32_t ic); /* *slot = (*slot).key */
int iop_call_getter(VM *vm, Value *thisslot, Value pair, Value *out);   /* *out = pair's getter called on *thisslot */
int iop_get_field_to(VM *vm, Value *objslot, Value key, Value *out, Value *fnslot, uint32_t ic);
int iop_put_field(VM *vm, Value *objslot, Value key, Value *valslot, int strict, Value *fnslot, uint32_t ic);
int iop_get_elem(VM *vm, Value *objslot, Value *keyslot, Value *out);  /* converts *keyslot */
int iop_put_elem(VM *vm, Value *objslot, Value *keyslot, Value *valslot, int strict);
int iop_get_length(VM *vm, Value *slot);
int iop_delete(VM *vm, Value *sp, int strict);             /* obj key -> bool */
int iop_in(VM *vm, Value *sp);
int iop_get_global(VM *vm, Value atom, Value *out, int typeof_mode, Value *fnslot, uint32_t ic);
int iop_put_global(VM *vm, Value atom, Value *valslot, int strict, Value *fnslot, uint32_t ic);
int iop_init_global(VM *vm, Value atom, Value *valslot, int kind);
int iop_global_decl(VM *vm, Value desc);
int iop_delete_global(VM *vm, Value atom, Value *out);
int iop_has_binding(VM *vm, Value *objslot, Value atom, int is_with);   /* 1/0/-1 */
int iop_eval_var_decl(VM *vm, Value *sp, Value atom, int is_fn);
Value iop_global_lexicals(VM *vm);
int iop_define_field(VM *vm, Value *sp, Value key, Value *fnslot, uint32_t ic);   /* obj v -> obj */
int iop_define_elem(VM *vm, Value *sp);                    /* obj key v -> obj */
int iop_define_method(VM *vm, Value *objslot, Value *keyslot, Value *fnslot, int flags);
int iop_copy_data_props(VM *vm, Value *target, Value *src, Value *excl, int nexcl);
int iop_set_proto(VM *vm, Value *sp);
int iop_set_name(VM *vm, Value *fnslot, Value *keyslot, const char *prefix);
int iop_template_object(VM *vm, Value *fnslot, uint32_t k, Value *out);
int iop_private(VM *vm, Value *sp, int op, int flags);     /* get/put/define/in */
int iop_with_get(VM *vm, Value *sp, Value atom, int strict);   /* obj -> v (object environment) */
int iop_global_has(VM *vm, Value atom);   /* HasBinding of the global environment; -1 on throw */
int iop_with_put(VM *vm, Value *sp, Value atom, int strict);   /* obj v -> */
int iop_private_ic(VM *vm, Value *sp, int op, Value *fnslot, uint32_t ic);   /* get (0) / put (1), filling the IC */
int iop_super(VM *vm, Value *sp, int put);
int iop_array_spread(VM *vm, Value *sp, Value *fnslot, uint32_t ic);   /* arr iterable -> arr */
int iop_array_append(VM *vm, Value *sp);                   /* arr v -> arr */
int iop_get_iterator(VM *vm, Value *sp, int async, Value *fnslot, uint32_t ic);   /* obj -> iter next */
int iop_iter_next(VM *vm, Value *sp, Value *out);          /* iter next -> result object (checked) */
int iop_iter_done_value(VM *vm, Value *slot, int *done);   /* result -> value; done flag */
int iop_iter_close(VM *vm, Value *sp, int silent);         /* iter next -> */
/* The using_* opcodes (explicit resource management) on the capability variable *cap; sp is
 * the operand stack top (using_step writes sp[0], sp[1]). */
int iop_using(VM *vm, Value *sp, Value *cap, int op);
int iop_iter_get_return(VM *vm, Value *sp, int *absent);   /* iter next -> result of return() */
int iop_destr_next(VM *vm, Value *sp);                     /* iter next done -> ... value */
int iop_destr_rest(VM *vm, Value *sp);
int iop_destr_close(VM *vm, Value *sp, int silent);
int iop_for_in_start(VM *vm, Value *slot);
int iop_for_in_next(VM *vm, Value *slot, Value *out);      /* 1 key, 0 done, -1 throw */
int iop_throw_error(VM *vm, int kind, Value atom);
int iop_tdz_error(VM *vm, Value name);
int iop_class_create(VM *vm, Value *sp, Value fd, int has_heritage);
int iop_regexp(VM *vm, Value *fnslot, uint32_t k, Value *out);
int iop_to_bigint(VM *vm, Value *slot);
int iop_delegate_step(VM *vm, Value *sp, int async);
int iop_delegate_check(VM *vm, Value *sp, int *which);     /* 0 fallthrough, 1 return, 2 done */
int iop_spread_to_stack(VM *vm, Value *arrslot, Value **spp, Value *limit);
Value iop_describe_callee(VM *vm, Value f);

/* ---- function.c ---- */
Value closure_new(VM *vm, Value fd, Value env, Value home);   /* a CLASS_FUNCTION object */
Value obj_new_with_shape(VM *vm, Value proto, ClassId cls, Value shape, const Value *v, uint32_t n);
void fd_cache_shape(VM *vm, Value fd, int k, Value obj);   /* fd's realm's %FunctionShapes%[k] = obj's shape */
Value fd_cached_shape(VM *vm, Value fd, int k);              /* ... its entry k, or undefined */
int gen_is_builtin_next(VM *vm, Value f);
int gen_next_fast(VM *vm, Value *gslot, Value *vslot, Value *out);
Value gen_next_result(VM *vm, Value *gslot, Value *vslot);
const NativeDef *interp_array_iter_next_def(void);

/* Layout of array.c's array iterators (CLASS_ITERATOR objects made by Array.prototype.values
 * etc.): slot 0 the iterated object (undefined once exhausted), slot 1 the next index, slot 2
 * the kind 0x100 + (0 keys, 1 values, 2 entries). */
#define AITER_KIND_VALUES 0x101

/* One step of an array values-iterator whose `next` is the built-in one, over a CLASS_ARRAY
 * with fast elements, without allocating a result object (exactly what the built-in next
 * would do). 1: value in *out; 0: done; -1: not applicable (take the generic path). */
static inline int array_iter_step_fast(VM *vm, Value it, Value next, Value *out) {
    if (!val_is_object(next) || !val_is_object(it)) return -1;
    CellHeader *ih = obj_header(vm, it);
    if (ih->aux != CLASS_ITERATOR || obj_header(vm, next)->aux != CLASS_NATIVE_FUNCTION) return -1;
    Value *s = obj_slot(vm, it, 0);
    if (s[2] != val_int(AITER_KIND_VALUES)) return -1;
    int id = val_to_int(obj_slot(vm, next, 0)[NFN_ID]);
    if ((uint32_t)id >= vm->native_count || vm->natives[id] != interp_array_iter_next_def()) return -1;
    Value o = s[0];
    if (o == VAL_UNDEFINED) return 0;
    if (!val_is_object(o) || !val_is_int(s[1])) return -1;
    CellHeader *oh = obj_header(vm, o);
    if (oh->aux != CLASS_ARRAY || (oh->flags & OF_SLOW_ELEMENTS)) return -1;
    int32_t i = val_to_int(s[1]);
    if (i < 0) return -1;
    if ((uint32_t)i >= (uint32_t)num_value(CELL_VALUES(oh)[OBJ_SLOT0])) { s[0] = VAL_UNDEFINED; return 0; }   /* array length */
    Value el = CELL_VALUES(oh)[OBJ_ELEMENTS];
    if (!val_is_cell(el) || (uint32_t)i >= CELL(vm, val_ref(el))->size - 1) return -1;
    Value v = vm_cell_values(vm, val_ref(el))[i];
    if (v == VAL_HOLE) return -1;
    s[1] = val_int(i + 1);
    *out = v;
    return 1;
}
Value native_call(VM *vm, Value f, Value this_val, int argc, Value *argv, Value new_target);
int fn_bind_this(VM *vm, Value *this_slot, Value fd);          /* OrdinaryCallBindThis (sloppy) */
Value fn_construct_this(VM *vm, Value f, Value new_target);    /* OrdinaryCreateFromConstructor */
Value args_object_new(VM *vm, Frame *fr, int mapped);
Value fn_direct_eval(VM *vm, Value src, uint32_t eval_flags, Value env, Value this_val);
Value fn_name_of(VM *vm, Value f);                             /* for messages */
/* [[Call]] of class constructor f: the TypeError, made in f's realm (10.2.1 step 2). */
Value fn_throw_class_call(VM *vm, Value f);
Value fn_default_proto(VM *vm, Value fd);                      /* %Function.prototype% etc. */

/* ---- generator.c ---- */
Value gen_create(VM *vm, Value func, int async);
void asyncfn_settle(VM *vm, Value state, Value value, int threw);
int asyncgen_yield(VM *vm, Value gen, Value value, Value *resume_value, int *resume_mode);
void asyncgen_complete(VM *vm, Value gen, Value value, int threw);
Value asyncfn_state_new(VM *vm);

/* Native tables of function.c / module.c (sizes fixed here so tables can use sizeof). */
extern const NativeDef function_natives[6];
extern const NativeDef module_natives[6];

/* ---- module.c ---- */
Value module_import_meta(VM *vm, Value fd);
Value module_dynamic_import(VM *vm, Value specifier, Value options, Value fd);



#endif
