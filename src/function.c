/* function.c — function objects and calls: closures (CLASS_FUNCTION), native functions
 * (CLASS_NATIVE_FUNCTION), [[Call]] / [[Construct]] (vm_call, vm_construct, vm_invoke),
 * OrdinaryCallBindThis, arguments objects (unmapped, and the mapped arguments exotic
 * object), direct and indirect eval, CreateDynamicFunction (the Function constructor
 * family), Function.prototype.toString, stack capture, and script evaluation.
 */
#include <stdlib.h>
#include <string.h>
#include "interp_int.h"
#include "compiler.h"
#include "parser.h"

Value closure_new_slow(VM *vm, Value fd, Value env, Value home);
#include "regexp.h"

/* ---------------------------------------------------------------------------------------
 * Environments and closures
 * ------------------------------------------------------------------------------------- */

Value env_new(VM *vm, Value parent, Value scope_desc, uint32_t nvars, Value fill) {
    Ref r = heap_alloc_values(vm, CELL_ENV, 0, ENV_VARS + (size_t)nvars, fill);
    if (!r) return vm_throw_out_of_memory(vm);
    Value *w = vm_cell_values(vm, r);
    w[ENV_PARENT] = parent;
    w[ENV_SCOPE] = scope_desc;
    return val_cell(r);
}

Value fn_default_proto(VM *vm, Value fd) {
    uint32_t fl = fd_info(vm, fd)->flags;
    if (fl & FDF_GENERATOR)
        return vm_intrinsic(vm, (fl & FDF_ASYNC) ? INTR_AsyncGeneratorFunctionPrototype : INTR_GeneratorFunctionPrototype);
    if (fl & FDF_ASYNC) return vm_intrinsic(vm, INTR_AsyncFunctionPrototype);
    return vm_intrinsic(vm, INTR_FunctionPrototype);
}

/* The %FunctionShapes% list of the realm of funcdef fd (created on first use); undefined on
 * OOM. */
static Value fd_cache(VM *vm, Value fd) {
    Value realm = fd_realm(vm, fd);
    Value c = realm_intrinsic(vm, realm, INTR_FunctionShapes);
    if (val_is_cell(c)) return c;
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, FDC_COUNT, VAL_UNDEFINED);
    if (!r) return VAL_UNDEFINED;
    vm_cell_values(vm, val_ref(realm))[INTR_FunctionShapes] = val_cell(r);
    return val_cell(r);
}

/* The shape cached in entry k for fd's realm, or undefined. */
Value fd_cached_shape(VM *vm, Value fd, int k) {
    Value c = realm_intrinsic(vm, fd_realm(vm, fd), INTR_FunctionShapes);
    return val_is_cell(c) ? vm_cell_values(vm, val_ref(c))[k] : VAL_UNDEFINED;
}

/* A new object of class cls with prototype proto, shape `shape` (shared, n entries) and slot
 * values v[0..n); VAL_EXCEPTION on OOM. No JavaScript runs. */
Value obj_new_with_shape(VM *vm, Value proto, ClassId cls, Value shape, const Value *v, uint32_t n) {
    Value o = obj_new(vm, proto, cls);
    if (o == VAL_EXCEPTION) return o;
    uint32_t cap = n < 4 ? 4 : n;
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, cap, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    memcpy(vm_cell_values(vm, r), v, n * sizeof(Value));
    Value *w = obj_words(vm, o);
    w[OBJ_SHAPE] = shape;
    w[OBJ_SLOTS] = val_cell(r);
    return o;
}

/* Cache the shape of a freshly built object in entry `k` of fd's realm's cache when it is
 * shared (with fdc_entries(k) properties). */
void fd_cache_shape(VM *vm, Value fd, int k, Value obj) {
    Value sh = obj_words(vm, obj)[OBJ_SHAPE];
    if (shape_is_dict(vm, sh) || shape_entry_count(vm, sh) != fdc_entries(k)) return;
    Value c = fd_cache(vm, fd);
    if (val_is_cell(c)) vm_cell_values(vm, val_ref(c))[k] = sh;
}

/* True for the functions that get own "arguments" and "caller" properties: sloppy ordinary
 * functions (not arrows, methods, generators, async functions or classes). */
static int fn_has_legacy_props(uint32_t fl) {
    return (fl & FDF_CONSTRUCTOR) && !(fl & (FDF_STRICT | FDF_CLASS_CTOR));
}

/* Number of own properties of a fresh closure: length, name [, prototype [, arguments,
 * caller]] (in this slot order). */
static uint32_t fn_fresh_prop_count(uint32_t fl) {
    return (fl & FDF_PROTOTYPE ? 3u : 2u) + (fn_has_legacy_props(fl) ? 2u : 0u);
}

/* The FDC_CLOSURE* entry for a fresh closure of a template with flags fl. */
static int fn_closure_cache_entry(uint32_t fl) {
    uint32_t n = fn_fresh_prop_count(fl);
    return n == 2 ? FDC_CLOSURE2 : n == 3 ? FDC_CLOSURE3 : FDC_CLOSURE5;
}

Value closure_new(VM *vm, Value fd, Value env, Value home) {
    uint32_t fl = fd_info(vm, fd)->flags;
    Value cache = realm_intrinsic(vm, fd_realm(vm, fd), INTR_FunctionShapes);
    int entry = fn_closure_cache_entry(fl);
    if (val_is_cell(cache) && !(fl & FDF_CLASS_CTOR)) {
        /* fast path: the shapes of a fresh closure (and its prototype object) are cached */
        Value *cw = vm_cell_values(vm, val_ref(cache));
        int with_proto = (fl & FDF_PROTOTYPE) != 0;
        if (cw[entry] != VAL_UNDEFINED && (!with_proto || (fl & FDF_GENERATOR) || cw[FDC_PROTO_OBJ] != VAL_UNDEFINED)) {
            Value proto = fn_default_proto(vm, fd);
            Value vals[5] = { val_int((int32_t)fd_info(vm, fd)->length), fd_get(vm, fd, FD_NAME), VAL_UNDEFINED,
                              VAL_UNDEFINED, VAL_UNDEFINED };
            Value f = obj_new_with_shape(vm, proto, CLASS_FUNCTION, fd_cached_shape(vm, fd, entry), vals,
                                         fn_fresh_prop_count(fl));
            if (f == VAL_EXCEPTION) return f;
            CellHeader *h = obj_header(vm, f);
            h->flags |= OF_CALLABLE;
            if (fl & FDF_CONSTRUCTOR) h->flags |= OF_CONSTRUCTOR;
            Value *s = obj_slot(vm, f, 0);
            s[FN_FUNCDEF] = fd;
            s[FN_ENV] = env;
            s[FN_HOME] = home;
            if (with_proto) {
                Value p;
                if (fl & FDF_GENERATOR) {
                    Value gp = vm_intrinsic(vm, (fl & FDF_ASYNC) ? INTR_AsyncGeneratorPrototype : INTR_GeneratorPrototype);
                    p = obj_new(vm, val_is_object(gp) ? gp : vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
                } else {
                    p = obj_new_with_shape(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT,
                                           fd_cached_shape(vm, fd, FDC_PROTO_OBJ), &f, 1);
                }
                if (p == VAL_EXCEPTION) return p;
                obj_slots_ptr(vm, f)[2] = p;
            }
            return f;
        }
    }
    Value f = closure_new_slow(vm, fd, env, home);
    if (f == VAL_EXCEPTION || (fl & FDF_CLASS_CTOR)) return f;
    fd_cache_shape(vm, fd, fn_closure_cache_entry(fl), f);
    if ((fl & FDF_PROTOTYPE) && !(fl & FDF_GENERATOR)) {
        Value p = obj_slots_ptr(vm, f)[2];
        if (val_is_object(p)) fd_cache_shape(vm, fd, FDC_PROTO_OBJ, p);
    }
    return f;
}

Value closure_new_slow(VM *vm, Value fd, Value env, Value home) {
    Value proto = fn_default_proto(vm, fd);
    if (!val_is_object(proto)) proto = vm_intrinsic(vm, INTR_FunctionPrototype);
    Value f = obj_new(vm, proto, CLASS_FUNCTION);
    if (f == VAL_EXCEPTION) return f;
    uint32_t fl = fd_info(vm, fd)->flags;
    CellHeader *h = obj_header(vm, f);
    h->flags |= OF_CALLABLE;
    if (fl & FDF_CONSTRUCTOR) h->flags |= OF_CONSTRUCTOR;
    if (fl & FDF_CLASS_CTOR) h->flags |= OF_CLASS_CTOR;
    Value *s = obj_slot(vm, f, 0);
    s[FN_FUNCDEF] = fd;
    s[FN_ENV] = env;
    s[FN_HOME] = home;
    if (obj_define_fast(vm, f, ATOM(vm, length), val_int((int32_t)fd_info(vm, fd)->length), PROP_CONFIGURABLE) < 0)
        return VAL_EXCEPTION;
    if (fl & FDF_CLASS_CTOR) return f;   /* class_create defines name and prototype */
    if (obj_define_fast(vm, f, ATOM(vm, name), fd_get(vm, fd, FD_NAME), PROP_CONFIGURABLE) < 0) return VAL_EXCEPTION;
    if (fl & FDF_PROTOTYPE) {
        Value p;
        if (fl & FDF_GENERATOR) {
            Value gp = vm_intrinsic(vm, (fl & FDF_ASYNC) ? INTR_AsyncGeneratorPrototype : INTR_GeneratorPrototype);
            p = obj_new(vm, val_is_object(gp) ? gp : vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
            if (p == VAL_EXCEPTION) return p;
        } else {
            p = obj_new_plain(vm);
            if (p == VAL_EXCEPTION) return p;
            if (obj_define_fast(vm, p, ATOM(vm, constructor), f, PROP_METHOD) < 0) return VAL_EXCEPTION;
        }
        if (obj_define_fast(vm, f, ATOM(vm, prototype), p, PROP_WRITABLE) < 0) return VAL_EXCEPTION;
    }
    /* Sloppy functions shadow the %ThrowTypeError% accessors of Function.prototype with
     * frozen data properties (value undefined: cryo does not expose activations); 17.1
     * forbids only a strict function as their value. */
    if (fn_has_legacy_props(fl) &&
        (obj_define_fast(vm, f, ATOM(vm, arguments), VAL_UNDEFINED, 0) < 0 ||
         obj_define_fast(vm, f, ATOM(vm, caller), VAL_UNDEFINED, 0) < 0))
        return VAL_EXCEPTION;
    return f;
}

Value fn_name_of(VM *vm, Value f) {
    if (!val_is_object(f)) return ATOM(vm, empty);
    PropDesc d;
    if (ordinary_get_own_property(vm, f, ATOM(vm, name), &d) == 1 && (d.has & DESC_HAS_VALUE) && val_is_string(d.value))
        return d.value;
    return ATOM(vm, empty);
}

int fn_bind_this(VM *vm, Value *this_slot, Value fd) {
    (void)fd;
    Value t = *this_slot;
    if (val_is_nullish(t)) {
        *this_slot = vm_intrinsic(vm, INTR_GlobalThisValue);
        return 0;
    }
    if (!val_is_object(t)) {
        Value o = to_object(vm, t);
        if (o == VAL_EXCEPTION) return -1;
        *this_slot = o;
    }
    return 0;
}

Value fn_construct_this(VM *vm, Value f, Value new_target) {
    (void)f;
    Value proto = get_prototype_from_constructor(vm, new_target, INTR_ObjectPrototype);
    if (proto == VAL_EXCEPTION) return proto;
    return obj_new(vm, proto, CLASS_OBJECT);
}

/* ---------------------------------------------------------------------------------------
 * Native functions
 * ------------------------------------------------------------------------------------- */

/* A native function object for native id `id`. */
static Value native_new(VM *vm, int id, int magic, Value proto, Value name, int length) {
    Value f = obj_new(vm, proto, CLASS_NATIVE_FUNCTION);
    if (f == VAL_EXCEPTION) return f;
    obj_header(vm, f)->flags |= OF_CALLABLE;
    Value *s = obj_slot(vm, f, 0);
    s[NFN_ID] = val_int(id);
    s[NFN_MAGIC] = val_int(magic);
    s[NFN_REALM] = vm->roots[ROOT_REALM];   /* CreateBuiltinFunction: the current realm */
    if (obj_define_fast(vm, f, ATOM(vm, length), val_int(length), PROP_CONFIGURABLE) < 0) return VAL_EXCEPTION;
    if (obj_define_fast(vm, f, ATOM(vm, name), name, PROP_CONFIGURABLE) < 0) return VAL_EXCEPTION;
    return f;
}

/* The initial "name" of a native made from `def`: its name, prefixed "get "/"set " for an
 * accessor. Returns def->name or buf (of size n). */
static const char *native_def_name(const NativeDef *def, char *buf, size_t n) {
    if (def->kind != NDEF_GETTER && def->kind != NDEF_SETTER) return def->name;
    snprintf(buf, n, "%s %s", def->kind == NDEF_GETTER ? "get" : "set", def->name);
    return buf;
}

Value vm_new_native_function(VM *vm, const NativeDef *def, Value proto) {
    int id = vm_native_id(vm, def->fn, def->magic);
    if (id < 0) return vm_throw_error(vm, ERR_ERROR, "internal error: unregistered native %s", def->name);
    char buf[160];
    Value name = str_from_cstr(vm, native_def_name(def, buf, sizeof buf));
    if (name == VAL_EXCEPTION) return name;
    return native_new(vm, id, def->magic, proto, name, def->length);
}

Value vm_new_native_closure(VM *vm, NativeFn fn, int magic, const char *name, int length) {
    int id = vm_native_id(vm, fn, magic);
    if (id < 0) return vm_throw_error(vm, ERR_ERROR, "internal error: unregistered native closure %s", name);
    Value nm = str_from_cstr(vm, name);
    if (nm == VAL_EXCEPTION) return nm;
    return native_new(vm, id, magic, vm_intrinsic(vm, INTR_FunctionPrototype), nm, length);
}

/* The end of native_call for a native of another realm than the current one: the caller's
 * realm is kept on the VM stack (so the collector updates it) while the native runs in its
 * own, and is restored however the native returns. The arguments are in place already. */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static Value native_call_in_realm(VM *vm, const NativeDef *def, Value f, Value this_val, int argc, Value *argv,
                                  Value new_target, int magic, Value *saved_sp) {
    size_t mark = vm->nroots;
    Value *keep = vm->sp;
    if (keep + 64 > vm->stack_end) { vm->sp = saved_sp; return vm_throw_stack_overflow(vm); }
    *keep = vm->roots[ROOT_REALM];
    vm->sp = keep + 1;
    vm->roots[ROOT_REALM] = obj_slot(vm, f, 0)[NFN_REALM];
    vm->c_depth++;
    Value r = def->fn(vm, this_val, argc, argv, new_target, f, magic);
    vm->c_depth--;
    vm->roots[ROOT_REALM] = *keep;
    vm->nroots = mark;
    vm->sp = saved_sp;
    return r;
}

Value native_call(VM *vm, Value f, Value this_val, int argc, Value *argv, Value new_target) {
    Value *s = obj_slot(vm, f, 0);
    int id = val_to_int(s[NFN_ID]);
    int magic = val_to_int(s[NFN_MAGIC]);
    if (id < 0 || (uint32_t)id >= vm->native_count)
        return vm_throw_error(vm, ERR_ERROR, "internal error: bad native id");
    const NativeDef *def = vm->natives[id];
    if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
    Value *saved_sp = vm->sp;
    /* pad the arguments with undefined up to the declared length (and one extra slot, so
     * natives that read argv[argc] see undefined) */
    int want = def->length > argc + 1 ? def->length : argc + 1;
    if (argv + argc == vm->sp) {
        if (argv + want + 64 > vm->stack_end) return vm_throw_stack_overflow(vm);
        for (int i = argc; i < want; i++) argv[i] = VAL_UNDEFINED;
        vm->sp = argv + want;
    } else if (argc < def->length) {
        Value *p = vm->sp;
        if (p + want + 64 > vm->stack_end) return vm_throw_stack_overflow(vm);
        if (argc) memmove(p, argv, (size_t)argc * sizeof(Value));
        for (int i = argc; i < want; i++) p[i] = VAL_UNDEFINED;
        vm->sp = p + want;
        argv = p;
    }
    size_t mark = vm->nroots;
    Value realm = obj_slot(vm, f, 0)[NFN_REALM];
    if (UNLIKELY(realm != vm->roots[ROOT_REALM])) return native_call_in_realm(vm, def, f, this_val, argc, argv, new_target, magic, saved_sp);
    vm->c_depth++;
    Value r = def->fn(vm, this_val, argc, argv, new_target, f, magic);
    vm->c_depth--;
    vm->nroots = mark;
    vm->sp = saved_sp;
    return r;
}

/* ---------------------------------------------------------------------------------------
 * [[Call]] / [[Construct]]
 * ------------------------------------------------------------------------------------- */

static Value throw_not_function(VM *vm, Value f, const char *what) {
    char buf[128];
    vm_describe_value(vm, f, buf, sizeof buf);
    return vm_throw_type_error(vm, "%s is not a %s", buf, what);
}

/* Call a native with its Values copied onto the VM stack (so they are rooted). */
static Value native_call_copy(VM *vm, Value f, Value this_val, int argc, const Value *argv, Value nt) {
    Value *base = vm->sp;
    if (base + argc + 3 + 64 > vm->stack_end) return vm_throw_stack_overflow(vm);
    base[0] = f;
    base[1] = this_val;
    base[2] = nt;
    if (argc) memmove(base + 3, argv, (size_t)argc * sizeof(Value));
    vm->sp = base + 3 + argc;
    Value r = native_call(vm, base[0], base[1], argc, base + 3, base[2]);
    vm->sp = base;
    return r;
}

Value fn_throw_class_call(VM *vm, Value f) {
    VM_ROOT_SCOPE(vm);
    Value saved = vm->roots[ROOT_REALM];
    vm_root(vm, &saved);
    char *s = str_to_utf8(vm, fn_name_of(vm, f), NULL);
    vm->roots[ROOT_REALM] = fd_realm(vm, fn_funcdef(vm, f));
    vm_throw_type_error(vm, "Class constructor %s cannot be invoked without 'new'", s && *s ? s : "(anonymous)");
    vm->roots[ROOT_REALM] = saved;
    free(s);
    return VAL_EXCEPTION;
}

Value vm_function_realm(VM *vm, Value f) {
    while (val_is_object(f)) {   /* chains are finite: a target is fixed at creation */
        switch (obj_class(vm, f)) {
        case CLASS_FUNCTION: return fd_realm(vm, fn_funcdef(vm, f));
        case CLASS_NATIVE_FUNCTION: return obj_slot(vm, f, 0)[NFN_REALM];
        case CLASS_BOUND_FUNCTION: f = *obj_slot(vm, f, 0); break;
        case CLASS_PROXY:   /* [0] target, [1] handler: null once revoked */
            if (*obj_slot(vm, f, 1) == VAL_NULL) return VAL_NULL;
            f = *obj_slot(vm, f, 0);
            break;
        default: return vm->roots[ROOT_REALM];
        }
    }
    return vm->roots[ROOT_REALM];
}

Value vm_call(VM *vm, Value f, Value this_val, int argc, const Value *argv) {
    if (!val_is_object(f) || !(obj_header(vm, f)->flags & OF_CALLABLE)) return throw_not_function(vm, f, "function");
    switch (obj_class(vm, f)) {
    case CLASS_FUNCTION:
        if (obj_header(vm, f)->flags & OF_CLASS_CTOR) return fn_throw_class_call(vm, f);
        return interp_call_closure(vm, f, this_val, argc, argv, VAL_UNDEFINED);
    case CLASS_NATIVE_FUNCTION:
        return native_call_copy(vm, f, this_val, argc, argv, VAL_UNDEFINED);
    default: {
        const ClassOps *ops = class_ops[obj_class(vm, f)];
        if (!ops || !ops->call) return throw_not_function(vm, f, "function");
        if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
        vm->c_depth++;
        Value r = ops->call(vm, f, this_val, argc, argv);
        vm->c_depth--;
        return r;
    }
    }
}

Value vm_construct(VM *vm, Value f, int argc, const Value *argv, Value new_target) {
    if (!val_is_object(f) || !(obj_header(vm, f)->flags & OF_CONSTRUCTOR)) return throw_not_function(vm, f, "constructor");
    if (new_target == VAL_UNDEFINED) new_target = f;
    switch (obj_class(vm, f)) {
    case CLASS_FUNCTION:
        return interp_call_closure(vm, f, VAL_UNDEFINED, argc, argv, new_target);
    case CLASS_NATIVE_FUNCTION:
        return native_call_copy(vm, f, VAL_UNDEFINED, argc, argv, new_target);
    default: {
        const ClassOps *ops = class_ops[obj_class(vm, f)];
        if (!ops || !ops->construct) return throw_not_function(vm, f, "constructor");
        if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
        vm->c_depth++;
        Value r = ops->construct(vm, f, argc, argv, new_target);
        vm->c_depth--;
        return r;
    }
    }
}

Value vm_invoke(VM *vm, Value v, Value key, int argc, const Value *argv) {
    Value *base = vm->sp;
    if (base + argc + 2 + 64 > vm->stack_end) return vm_throw_stack_overflow(vm);
    base[0] = v;
    base[1] = key;
    if (argc) memmove(base + 2, argv, (size_t)argc * sizeof(Value));
    vm->sp = base + 2 + argc;
    Value f = obj_get_v(vm, base[0], base[1]);
    Value r = f == VAL_EXCEPTION ? f : vm_call(vm, f, base[0], argc, base + 2);
    vm->sp = base;
    return r;
}

static Value function_op_call(VM *vm, Value f, Value this_val, int argc, const Value *argv) {
    return vm_call(vm, f, this_val, argc, argv);
}
static Value function_op_construct(VM *vm, Value f, int argc, const Value *argv, Value nt) {
    return vm_construct(vm, f, argc, argv, nt);
}

const ClassOps function_class_ops = {
    .name = "Function", .call = function_op_call, .construct = function_op_construct,
};
const ClassOps native_function_class_ops = {
    .name = "NativeFunction", .call = function_op_call, .construct = function_op_construct,
};

/* ---------------------------------------------------------------------------------------
 * Arguments objects
 * ------------------------------------------------------------------------------------- */

/* The mapped env index of argument i, or -1. */
static int margs_index(VM *vm, Value args, Value key) {
    uint32_t i;
    if (!key_is_index(vm, key, &i)) return -1;
    Value map = *obj_slot(vm, args, MARGS_MAP);
    if (!val_is_cell(map) || i >= list_count(vm, map)) return -1;
    Value m = list_items(vm, map)[i];
    return val_is_int(m) ? val_to_int(m) : -1;
}

static Value margs_env_get(VM *vm, Value args, int idx) {
    return vm_cell_values(vm, val_ref(*obj_slot(vm, args, MARGS_ENV)))[ENV_VARS + idx];
}
static void margs_env_set(VM *vm, Value args, int idx, Value v) {
    vm_cell_values(vm, val_ref(*obj_slot(vm, args, MARGS_ENV)))[ENV_VARS + idx] = v;
}
static void margs_unmap(VM *vm, Value args, Value key) {
    uint32_t i;
    if (!key_is_index(vm, key, &i)) return;
    Value map = *obj_slot(vm, args, MARGS_MAP);
    if (val_is_cell(map) && i < list_count(vm, map)) list_items(vm, map)[i] = VAL_UNDEFINED;
}

static int margs_get_own(VM *vm, Value obj, Value key, PropDesc *d) {
    int r = ordinary_get_own_property(vm, obj, key, d);
    if (r <= 0) return r;
    int idx = margs_index(vm, obj, key);
    if (idx >= 0) d->value = margs_env_get(vm, obj, idx);
    return 1;
}

static int margs_define(VM *vm, Value obj, Value key, const PropDesc *desc) {
    int idx = margs_index(vm, obj, key);
    PropDesc nd = *desc;
    if (idx >= 0 && !(desc->has & (DESC_HAS_GET | DESC_HAS_SET))) {
        if (!(desc->has & DESC_HAS_VALUE) && (desc->has & DESC_HAS_WRITABLE) && !(desc->flags & PROP_WRITABLE)) {
            nd.value = margs_env_get(vm, obj, idx);
            nd.has |= DESC_HAS_VALUE;
        }
    }
    int r = ordinary_define_own_property(vm, obj, key, &nd);
    if (r <= 0) return r;
    if (idx >= 0) {
        if (desc->has & (DESC_HAS_GET | DESC_HAS_SET)) {
            margs_unmap(vm, obj, key);
        } else {
            if (desc->has & DESC_HAS_VALUE) margs_env_set(vm, obj, idx, desc->value);
            if ((desc->has & DESC_HAS_WRITABLE) && !(desc->flags & PROP_WRITABLE)) margs_unmap(vm, obj, key);
        }
    }
    return 1;
}

static Value margs_get(VM *vm, Value obj, Value key, Value receiver) {
    int idx = margs_index(vm, obj, key);
    if (idx >= 0) return margs_env_get(vm, obj, idx);
    return ordinary_get(vm, obj, key, receiver);
}

static int margs_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    int idx = receiver == obj ? margs_index(vm, obj, key) : -1;
    if (idx >= 0) margs_env_set(vm, obj, idx, v);
    return ordinary_set(vm, obj, key, v, receiver);
}

static int margs_delete(VM *vm, Value obj, Value key) {
    int idx = margs_index(vm, obj, key);
    int r = ordinary_delete(vm, obj, key);
    if (r > 0 && idx >= 0) margs_unmap(vm, obj, key);
    return r;
}

const ClassOps mapped_arguments_class_ops = {
    .name = "Arguments",
    .get_own_property = margs_get_own,
    .define_own_property = margs_define,
    .get = margs_get,
    .set = margs_set,
    .delete_property = margs_delete,
};

Value args_object_new(VM *vm, Frame *fr, int mapped) {
    Value *stack = vm->stack;
    int argc = fr->argc;
    Value a = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), mapped ? CLASS_MAPPED_ARGUMENTS : CLASS_ARGUMENTS);
    if (a == VAL_EXCEPTION) return a;
    for (int i = 0; i < argc; i++)
        if (obj_define_fast(vm, a, val_int(i), stack[fr->base + 2 + i], PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    if (obj_define_fast(vm, a, ATOM(vm, length), val_int(argc), PROP_METHOD) < 0) return VAL_EXCEPTION;
    Value iter = vm_intrinsic(vm, INTR_ArrayProto_values);
    if (val_is_object(iter) && obj_define_fast(vm, a, vm_wks(vm, WKS_iterator), iter, PROP_METHOD) < 0) return VAL_EXCEPTION;
    if (mapped) {
        if (obj_define_fast(vm, a, ATOM(vm, callee), stack[fr->base], PROP_METHOD) < 0) return VAL_EXCEPTION;
        /* Only a function with parameters has them in its own environment (the compiler
         * captures every parameter of a mapped-arguments function). Without parameters the
         * current env is the closure's outer one, whose parameters are not ours: map none. */
        if (fd_info(vm, fn_funcdef(vm, stack[fr->base]))->nparams == 0) return a;
        Value env = stack[fr->vars + LOC_ENV];
        /* Only an environment this call created holds its parameters: a function whose
         * parameters are not captured has none, and LOC_ENV is then still the closure's
         * captured environment, whose parameters belong to an outer function. */
        if (env == *obj_slot(vm, stack[fr->base], FN_ENV)) env = VAL_UNDEFINED;
        *obj_slot(vm, a, MARGS_ENV) = env;
        Value map = list_new(vm, (uint32_t)argc);
        if (map == VAL_EXCEPTION) return map;
        *obj_slot(vm, a, MARGS_MAP) = map;
        Value desc = val_is_cell(env) ? vm_cell_values(vm, val_ref(env))[ENV_SCOPE] : VAL_UNDEFINED;
        if (val_is_cell(desc)) {
            Value *dw = vm_cell_values(vm, val_ref(desc));
            int32_t n = val_to_int(dw[SD_COUNT]);
            for (int32_t i = 0; i < n; i++) {
                int32_t info = val_to_int(dw[SD_VARS + 2 * i + 1]);
                if (!(info & SVF_PARAM)) continue;
                int32_t arg = (info >> 8) - 1;
                if (arg >= 0 && arg < argc) list_items(vm, map)[arg] = val_int(i);
            }
        }
    } else {
        Value tte = vm_intrinsic(vm, INTR_ThrowTypeError);
        if (obj_define_accessor_fast(vm, a, ATOM(vm, callee), tte, tte, 0) < 0) return VAL_EXCEPTION;
    }
    return a;
}

/* ---------------------------------------------------------------------------------------
 * Source text helpers
 * ------------------------------------------------------------------------------------- */

/* WTF-8 encoding of a JS string (lone surrogates encoded as 3-byte sequences). */
static char *str_to_wtf8(VM *vm, Value s, size_t *len_out) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return NULL;
    uint32_t n = str_header(vm, s)->len;
    char *out = malloc((size_t)n * 3 + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = str_at(vm, s, i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
            uint32_t d = str_at(vm, s, i + 1);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i++;
            }
        }
        if (c < 0x80) out[k++] = (char)c;
        else if (c < 0x800) { out[k++] = (char)(0xC0 | c >> 6); out[k++] = (char)(0x80 | (c & 63)); }
        else if (c < 0x10000) {
            out[k++] = (char)(0xE0 | c >> 12); out[k++] = (char)(0x80 | ((c >> 6) & 63)); out[k++] = (char)(0x80 | (c & 63));
        } else {
            char *o2 = realloc(out, (size_t)n * 3 + 8);
            if (!o2) { free(out); return NULL; }
            out = o2;
            out[k++] = (char)(0xF0 | c >> 18); out[k++] = (char)(0x80 | ((c >> 12) & 63));
            out[k++] = (char)(0x80 | ((c >> 6) & 63)); out[k++] = (char)(0x80 | (c & 63));
        }
    }
    out[k] = 0;
    if (len_out) *len_out = k;
    return out;
}

/* RegExp literal validation hook: accepted here (the RegExp constructor validates). */

/* Throw the SyntaxError of a parse failure. */
static Value throw_parse_error(VM *vm, const ParseError *err) {
    if (err->out_of_memory) return vm_throw_out_of_memory(vm);
    return vm_throw_syntax_error(vm, "%s", err->detail[0] ? err->detail : err->message);
}

/* ---------------------------------------------------------------------------------------
 * Scripts and eval
 * ------------------------------------------------------------------------------------- */

Value interp_compile_program(VM *vm, const char *src, size_t len, const char *filename, int is_module) {
    ParseOptions po;
    memset(&po, 0, sizeof po);
    po.validate_regexp = regexp_validate_literal;
    po.filename = filename;
    po.is_module = is_module;
    po.strict = !is_module && vm->strict_global;
    ParseError err;
    Ast *ast = parse_program(src, len, &po, &err);
    if (!ast) {   /* the message with file:line:column (eval uses the bare detail) */
        if (err.out_of_memory) return vm_throw_out_of_memory(vm);
        return vm_throw_syntax_error(vm, "%s", err.message);
    }
    CompileOptions co;
    memset(&co, 0, sizeof co);
    co.kind = is_module ? COMPILE_MODULE : COMPILE_SCRIPT;
    co.filename = filename;
    co.eval_env = VAL_UNDEFINED;
    Value r = compile_program(vm, ast, &co);
    ast_free(ast);
    return r;
}

Value interp_compile_script(VM *vm, const char *src, size_t len, const char *filename) {
    Value fd = interp_compile_program(vm, src, len, filename, 0);
    if (fd == VAL_EXCEPTION) return fd;
    return closure_new(vm, fd, VAL_UNDEFINED, VAL_UNDEFINED);
}

Value vm_eval_script(VM *vm, const char *src, size_t len, const char *filename) {
    Value f = interp_compile_script(vm, src, len, filename);
    if (f == VAL_EXCEPTION) return f;
    return interp_call_closure(vm, f, vm_intrinsic(vm, INTR_GlobalThisValue), 0, NULL, VAL_UNDEFINED);
}

/* Private names ("#x" variables) visible from env, for parsing direct eval code. */
static AstStr *eval_private_names(VM *vm, Value env, uint32_t *count) {
    AstStr *names = NULL;
    uint32_t n = 0, cap = 0;
    for (; val_is_cell(env); env = vm_cell_values(vm, val_ref(env))[ENV_PARENT]) {
        Value desc = vm_cell_values(vm, val_ref(env))[ENV_SCOPE];
        if (!val_is_cell(desc)) continue;
        Value *dw = vm_cell_values(vm, val_ref(desc));
        int32_t cnt = val_to_int(dw[SD_COUNT]);
        for (int32_t i = 0; i < cnt; i++) {
            if ((val_to_int(dw[SD_VARS + 2 * i + 1]) & SV_KIND_MASK) != SV_PRIVATE) continue;
            Value nm = dw[SD_VARS + 2 * i];
            if (!val_is_string(nm)) continue;
            uint32_t len = str_length(vm, nm);
            if (len < 1) continue;
            uint16_t *chars = malloc(len * sizeof(uint16_t));
            if (!chars) continue;
            for (uint32_t j = 1; j < len; j++) chars[j - 1] = str_at(vm, nm, j);
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                AstStr *nn = realloc(names, cap * sizeof(AstStr));
                if (!nn) { free(chars); break; }
                names = nn;
            }
            names[n].chars = chars;
            names[n].len = len - 1;
            n++;
            dw = vm_cell_values(vm, val_ref(desc));
        }
    }
    *count = n;
    return names;
}

static void free_private_names(AstStr *names, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) free((void *)names[i].chars);
    free(names);
}

/* PerformEval: compile and run `src` (a string) as eval code. `share_source`: the functions
 * keep `src` itself as their source text (the caller may hold it too); else `src` is the
 * caller's temporary and the compiler keeps the text in its most compact form. */
static Value perform_eval(VM *vm, Value src, uint32_t flags, Value env, Value this_val, int share_source) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &src);
    vm_root(vm, &env);
    vm_root(vm, &this_val);
    size_t len;
    char *text = str_to_wtf8(vm, src, &len);
    if (!text) { vm->nroots = mark; return vm_throw_out_of_memory(vm); }
    ParseOptions po;
    memset(&po, 0, sizeof po);
    po.validate_regexp = regexp_validate_literal;
    po.filename = "<eval>";
    po.is_eval = 1;
    po.wtf8 = 1;
    po.strict = (flags & CEF_STRICT) != 0;
    po.eval_in_function = (flags & CEF_IN_FUNCTION) != 0;
    po.allow_new_target = (flags & CEF_IN_FUNCTION) != 0;
    po.allow_super_property = (flags & CEF_IN_METHOD) != 0;
    po.allow_super_call = (flags & CEF_IN_DERIVED_CTOR) != 0;
    po.in_class_field_init = (flags & CEF_IN_FIELD_INIT) != 0;
    uint32_t npriv = 0;
    AstStr *priv = (flags & CEF_DIRECT) ? eval_private_names(vm, env, &npriv) : NULL;
    po.private_names = priv;
    po.private_name_count = npriv;
    ParseError err;
    Ast *ast = parse_program(text, len, &po, &err);
    free(text);
    free_private_names(priv, npriv);
    if (!ast) { vm->nroots = mark; return throw_parse_error(vm, &err); }
    CompileOptions co;
    memset(&co, 0, sizeof co);
    co.kind = COMPILE_EVAL;
    co.filename = "<eval>";
    co.eval_env = (flags & CEF_DIRECT) ? env : VAL_UNDEFINED;
    co.eval_flags = flags;
    co.source_string = share_source ? src : VAL_UNDEFINED;
    Value fd = compile_program(vm, ast, &co);
    ast_free(ast);
    if (fd == VAL_EXCEPTION) { vm->nroots = mark; return fd; }
    Value f = closure_new(vm, fd, (flags & CEF_DIRECT) ? env : VAL_UNDEFINED, VAL_UNDEFINED);
    if (f == VAL_EXCEPTION) { vm->nroots = mark; return f; }
    Value r = interp_call_closure(vm, f, this_val, 0, NULL, VAL_UNDEFINED);
    vm->nroots = mark;
    return r;
}

Value fn_direct_eval(VM *vm, Value src, uint32_t eval_flags, Value env, Value this_val) {
    return perform_eval(vm, src, eval_flags | CEF_DIRECT, env, this_val, 1);
}

Value vm_indirect_eval_transient(VM *vm, Value src) {
    return perform_eval(vm, src, 0, VAL_UNDEFINED, vm_intrinsic(vm, INTR_GlobalThisValue), 0);
}

/* %eval% (indirect eval). */
static Value Global_eval(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)nt; (void)func; (void)magic;
    if (argc < 1 || !val_is_string(argv[0])) return argc ? argv[0] : VAL_UNDEFINED;
    return perform_eval(vm, argv[0], 0, VAL_UNDEFINED, vm_intrinsic(vm, INTR_GlobalThisValue), 1);
}

/* ---------------------------------------------------------------------------------------
 * CreateDynamicFunction (Function, GeneratorFunction, AsyncFunction, AsyncGeneratorFunction)
 * ------------------------------------------------------------------------------------- */

static Value create_dynamic_function(VM *vm, int argc, Value *argv, Value new_target, int kind) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &new_target);   /* ToString of the arguments may run JavaScript (and collect) */
    static const IntrinsicId fallback[4] = { INTR_FunctionPrototype, INTR_GeneratorFunctionPrototype,
                                             INTR_AsyncFunctionPrototype, INTR_AsyncGeneratorFunctionPrototype };
    /* ToString of every argument, in order */
    StrBuilder params;
    sb_init(&params, vm);
    Value body = ATOM(vm, empty);
    for (int i = 0; i < argc; i++) {
        Value s = to_string(vm, argv[i]);
        if (s == VAL_EXCEPTION) { sb_free(&params); return s; }
        argv[i] = s;
    }
    for (int i = 0; i + 1 < argc; i++) {
        if (i) sb_append_char(&params, ',');
        sb_append_string(&params, argv[i]);
    }
    if (argc > 0) body = argv[argc - 1];
    Value ps = sb_finish(&params);
    if (ps == VAL_EXCEPTION) return ps;
    size_t mark = vm->nroots;
    vm_root(vm, &ps);
    vm_root(vm, &body);
    size_t plen, blen;
    char *pt = str_to_wtf8(vm, ps, &plen);
    char *bt = str_to_wtf8(vm, body, &blen);
    if (!pt || !bt) { free(pt); free(bt); vm->nroots = mark; return vm_throw_out_of_memory(vm); }
    ParseOptions po;
    memset(&po, 0, sizeof po);
    po.validate_regexp = regexp_validate_literal;
    po.filename = "<anonymous>";
    po.wtf8 = 1;
    ParseError err;
    Ast *ast = parse_dynamic_function((ParseFunctionKind)kind, pt, plen, bt, blen, &po, &err);
    free(pt);
    free(bt);
    if (!ast) { vm->nroots = mark; return throw_parse_error(vm, &err); }
    CompileOptions co;
    memset(&co, 0, sizeof co);
    co.kind = COMPILE_DYNAMIC_FUNCTION;
    co.filename = "<anonymous>";
    co.eval_env = VAL_UNDEFINED;
    Value fd = compile_program(vm, ast, &co);
    ast_free(ast);
    if (fd == VAL_EXCEPTION) { vm->nroots = mark; return fd; }
    /* the function's name is "anonymous" */
    vm_cell_values(vm, val_ref(fd))[FD_NAME] = ATOM(vm, anonymous);
    vm_root(vm, &fd);
    Value proto = get_prototype_from_constructor(vm, new_target, fallback[kind]);
    if (proto == VAL_EXCEPTION) { vm->nroots = mark; return proto; }
    vm_root(vm, &proto);
    Value f = closure_new(vm, fd, VAL_UNDEFINED, VAL_UNDEFINED);
    vm->nroots = mark;
    if (f == VAL_EXCEPTION) return f;
    obj_words(vm, f)[OBJ_PROTO] = proto;
    return f;
}

static Value Function_ctor(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val;
    if (nt == VAL_UNDEFINED) nt = func;
    return create_dynamic_function(vm, argc, argv, nt, magic);
}

/* ---------------------------------------------------------------------------------------
 * Function.prototype.toString and stacks
 * ------------------------------------------------------------------------------------- */

Value vm_function_source(VM *vm, Value f) {
    if (val_is_object(f) && obj_class(vm, f) == CLASS_FUNCTION) {
        Value fd = fn_funcdef(vm, f);
        FuncDefInfo *fi = fd_info(vm, fd);
        Value src = fd_get(vm, fd, FD_SOURCE);
        if (val_is_string(src) && fi->src_end > fi->src_start && fi->src_end <= str_length(vm, src))
            return str_substring(vm, src, fi->src_start, fi->src_end);
        if (val_is_cell(src) && CELL(vm, val_ref(src))->kind == CELL_BYTES && fi->src_end > fi->src_start) {
            CellHeader *h = CELL(vm, val_ref(src));
            if (!(h->flags & BYTES_PACKED)) {
                if (fi->src_end <= (size_t)(h->size - 1) * 8)
                    return str_from_utf8(vm, (const char *)CELL_VALUES(h) + fi->src_start, fi->src_end - fi->src_start);
            } else {
                /* packed by a snapshot: decoded once and kept until the next collection, so
                 * that the functions of one big script do not each decode all of it */
                if (vm->src_text_ref != val_ref(src)) {
                    size_t n;
                    uint8_t *text = strpack_unpack_bytes(h, &n);
                    if (!text) return vm_throw_out_of_memory(vm);
                    free(vm->src_text);
                    vm->src_text = text;
                    vm->src_text_len = n;
                    vm->src_text_ref = val_ref(src);
                }
                if (fi->src_end <= vm->src_text_len)
                    return str_from_utf8(vm, (const char *)vm->src_text + fi->src_start, fi->src_end - fi->src_start);
            }
        }
    }
    if (val_is_object(f) && (obj_header(vm, f)->flags & OF_CALLABLE)) {
        /* NativeFunction syntax: a built-in shows its [[InitialName]] (not the current,
         * possibly redefined, "name"); bound functions, proxies and the anonymous natives
         * made at run time (whose table entries are named "") show no name. */
        const char *nm = "";
        char buf[160];
        if (obj_class(vm, f) == CLASS_NATIVE_FUNCTION) {
            int id = val_to_int(obj_slot(vm, f, 0)[NFN_ID]);
            if (id >= 0 && (uint32_t)id < vm->native_count) nm = native_def_name(vm->natives[id], buf, sizeof buf);
        }
        StrBuilder sb;
        sb_init(&sb, vm);
        sb_append_cstr(&sb, "function ");
        sb_append_cstr(&sb, nm);
        sb_append_cstr(&sb, "() { [native code] }");
        return sb_finish(&sb);
    }
    return vm_throw_type_error(vm, "Function.prototype.toString requires that 'this' be a Function");
}

static Value FunctionProto_toString(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return vm_function_source(vm, this_val);
}

Value vm_capture_stack(VM *vm) {
    StrBuilder sb;
    sb_init(&sb, vm);
    int first = 1;
    int shown = 0;
    for (int i = vm->frame_count - 1; i >= 0 && shown < 10; i--, shown++) {
        Frame *fr = &vm->frames[i];
        Value f = vm->stack[fr->base];
        if (!val_is_object(f) || obj_class(vm, f) != CLASS_FUNCTION) continue;
        Value fd = fn_funcdef(vm, f);
        uint32_t line, col;
        interp_pc_position(vm, fd, fr->pc ? fr->pc - 1 : 0, &line, &col);
        Value name = fd_get(vm, fd, FD_NAME);
        Value file = fd_get(vm, fd, FD_FILENAME);
        if (!first) sb_append_char(&sb, '\n');
        first = 0;
        sb_append_cstr(&sb, "    at ");
        int named = val_is_string(name) && str_length(vm, name) > 0 && !(fd_info(vm, fd)->flags & (FDF_SCRIPT | FDF_MODULE | FDF_EVAL));
        if (named) {
            if (fr->flags & FRAME_CONSTRUCT) sb_append_cstr(&sb, "new ");
            sb_append_string(&sb, name);
            sb_append_cstr(&sb, " (");
        }
        if (val_is_string(file)) sb_append_string(&sb, file);
        char buf[32];
        snprintf(buf, sizeof buf, ":%u:%u", line, col);
        sb_append_cstr(&sb, buf);
        if (named) sb_append_char(&sb, ')');
    }
    return sb_finish(&sb);
}

/* ---------------------------------------------------------------------------------------
 * Realm set-up for this file's natives
 * ------------------------------------------------------------------------------------- */

const NativeDef function_natives[6] = {
    { "eval", Global_eval, 1, NDEF_METHOD, 0, 0 },
    { "Function", Function_ctor, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "GeneratorFunction", Function_ctor, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "AsyncFunction", Function_ctor, 1, NDEF_CTOR_ONLY, 2, 0 },
    { "AsyncGeneratorFunction", Function_ctor, 1, NDEF_CTOR_ONLY, 3, 0 },
    { "toString", FunctionProto_toString, 0, NDEF_METHOD, 0, 0 },
};

int function_init_realm(VM *vm) {
    Value fp = vm_intrinsic(vm, INTR_FunctionPrototype);
    /* eval */
    Value ev = vm_new_native_function(vm, &function_natives[0], fp);
    if (ev == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Eval, ev);
    if (vm_define_global(vm, "eval", ev) < 0) return -1;
    /* Function */
    Value fc = vm_make_constructor(vm, &function_natives[1], fp, fp);
    if (fc == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Function, fc);
    if (vm_define_global(vm, "Function", fc) < 0) return -1;
    /* Function.prototype.toString */
    if (vm_install(vm, vm_intrinsic(vm, INTR_FunctionPrototype), &function_natives[5], 1) < 0) return -1;
    return 0;
}
