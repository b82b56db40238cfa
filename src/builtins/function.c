/* function.c — the compiler-independent parts of Function.prototype (ECMA-262 20.2.3):
 * apply, call, bind, [Symbol.hasInstance], bound function exotic objects (10.4.1),
 * %ThrowTypeError% (10.2.4.1) and the restricted "caller"/"arguments" accessors.
 * (The Function constructor and Function.prototype.toString live in src/function.c.)
 *
 * Bound function objects (CLASS_BOUND_FUNCTION) keep in their class slots:
 *   [BOUND_TARGET] the target function, [BOUND_THIS] the bound this value,
 *   [BOUND_ARGS] a CELL_ARRAY of the bound arguments, or undefined when there are none.
 */
#include <stdlib.h>
#include "builtins.h"

enum { BOUND_TARGET = 0, BOUND_THIS = 1, BOUND_ARGS = 2 };

/* Number of Values in a CELL_ARRAY cell Value (undefined counts as empty). */
static uint32_t fn_cell_array_len(VM *vm, Value cell) {
    if (!val_is_cell(cell)) return 0;
    return CELL(vm, val_ref(cell))->size - 1;
}

/* ---------------------------------------------------------------------------------------
 * Bound function exotic objects (10.4.1)
 * ------------------------------------------------------------------------------------- */

/* Flattens a chain of bound functions starting at f: fills *target with the innermost
 * non-bound target, *this_out with the innermost bound this, and returns a malloc'd array
 * of bound args ++ argv (count in *n_out). When new_target is given, applies the
 * [[Construct]] rule "if SameValue(F, newTarget), newTarget = target" at each level.
 * No JS runs here, so the Values read from the heap stay valid until the caller's vm_call
 * copies them onto the VM stack. Returns NULL (exception set) on OOM. */
static Value *bound_flatten(VM *vm, Value f, int argc, const Value *argv, Value *target,
                            Value *this_out, Value *new_target, int *n_out) {
    size_t total = (size_t)argc;
    Value t = f;
    while (val_is_object(t) && obj_class(vm, t) == CLASS_BOUND_FUNCTION) {
        total += fn_cell_array_len(vm, *obj_slot(vm, t, BOUND_ARGS));
        t = *obj_slot(vm, t, BOUND_TARGET);
    }
    if (total > 0x7FFFFFFF) { vm_throw_range_error(vm, "Too many arguments"); return NULL; }
    Value *args = malloc((total ? total : 1) * sizeof(Value));
    if (!args) { vm_throw_out_of_memory(vm); return NULL; }
    size_t pos = total - (size_t)argc;
    if (argc > 0) memcpy(args + pos, argv, (size_t)argc * sizeof(Value));
    t = f;
    Value this_val = VAL_UNDEFINED;
    while (val_is_object(t) && obj_class(vm, t) == CLASS_BOUND_FUNCTION) {
        Value cell = *obj_slot(vm, t, BOUND_ARGS);
        uint32_t n = fn_cell_array_len(vm, cell);
        pos -= n;
        if (n) memcpy(args + pos, vm_cell_values(vm, val_ref(cell)), n * sizeof(Value));
        this_val = *obj_slot(vm, t, BOUND_THIS);
        Value next = *obj_slot(vm, t, BOUND_TARGET);
        if (new_target && *new_target == t) *new_target = next;
        t = next;
    }
    *target = t;
    *this_out = this_val;
    *n_out = (int)total;
    return args;
}

/* [[Call]] of a bound function exotic object (10.4.1.1). */
static Value bound_function_call(VM *vm, Value f, Value this_val, int argc, const Value *argv) {
    (void)this_val;
    Value target, bthis;
    int n;
    Value *args = bound_flatten(vm, f, argc, argv, &target, &bthis, NULL, &n);
    if (!args) return VAL_EXCEPTION;
    Value r = vm_call(vm, target, bthis, n, args);
    free(args);
    return r;
}

/* [[Construct]] of a bound function exotic object (10.4.1.2). */
static Value bound_function_construct(VM *vm, Value f, int argc, const Value *argv,
                                      Value new_target) {
    Value target, bthis;
    int n;
    Value *args = bound_flatten(vm, f, argc, argv, &target, &bthis, &new_target, &n);
    if (!args) return VAL_EXCEPTION;
    Value r = vm_construct(vm, target, n, args, new_target);
    free(args);
    return r;
}

/* The internal-method table of CLASS_BOUND_FUNCTION (ordinary except call/construct). */
const ClassOps bound_function_class_ops = {
    "BoundFunction",
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    bound_function_call,
    bound_function_construct,
};

/* BoundFunctionCreate(target, boundThis, boundArgs) (10.4.1.3). May run JS (Proxy). */
static Value bound_function_create(VM *vm, Value target, Value bound_this, int argc,
                                   const Value *args) {
    VM_ROOT_SCOPE(vm);
    Value proto = VAL_UNDEFINED, f = VAL_UNDEFINED, list = VAL_UNDEFINED;
    vm_root(vm, &target); vm_root(vm, &bound_this); vm_root(vm, &proto);
    vm_root(vm, &f); vm_root(vm, &list);
    proto = obj_get_prototype_of(vm, target);
    if (proto == VAL_EXCEPTION) goto fail;
    if (argc > 0) {
        Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, (size_t)argc, VAL_UNDEFINED);
        if (!r) { vm_throw_out_of_memory(vm); goto fail; }
        list = val_cell(r);
        /* args point into the (rooted, non-moving during this block) VM stack */
        memcpy(vm_cell_values(vm, r), args, (size_t)argc * sizeof(Value));
    }
    f = obj_new(vm, proto, CLASS_BOUND_FUNCTION);
    if (f == VAL_EXCEPTION) goto fail;
    obj_header(vm, f)->flags |= OF_CALLABLE;
    if (vm_is_constructor(vm, target)) obj_header(vm, f)->flags |= OF_CONSTRUCTOR;
    *obj_slot(vm, f, BOUND_TARGET) = target;
    *obj_slot(vm, f, BOUND_THIS) = bound_this;
    *obj_slot(vm, f, BOUND_ARGS) = list;
    return f;
fail:
    return VAL_EXCEPTION;
}

/* ---------------------------------------------------------------------------------------
 * Function.prototype methods (20.2.3)
 * ------------------------------------------------------------------------------------- */

/* Function.prototype.apply(thisArg, argArray) (20.2.3.1). */
static Value Function_prototype_apply(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!vm_is_callable(vm, this_val))
        return vm_throw_type_error(vm, "Function.prototype.apply was called on a non-function");
    if (val_is_nullish(argv[1])) return vm_call(vm, this_val, argv[0], 0, NULL);
    vm_root(vm, &this_val);
    uint32_t n = 0;
    Value list = create_list_from_array_like(vm, argv[1], &n);
    if (list == VAL_EXCEPTION) return list;
    const Value *args = n ? vm_cell_values(vm, val_ref(list)) : NULL;
    return vm_call(vm, this_val, argv[0], (int)n, args);
}

/* Function.prototype.bind(thisArg, ...args) (20.2.3.2). */
static Value Function_prototype_bind(VM *vm, Value this_val, int argc, Value *argv,
                                     Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!vm_is_callable(vm, this_val))
        return vm_throw_type_error(vm, "Bind must be called on a function");
    int nargs = argc > 1 ? argc - 1 : 0;
    vm_root(vm, &this_val);
    Value f = bound_function_create(vm, this_val, argv[0], nargs, argv + 1);
    if (f == VAL_EXCEPTION) return f;
    Value v = VAL_UNDEFINED;
    vm_root(vm, &f); vm_root(vm, &v);
    double len = 0;
    int has = obj_has_own_property(vm, this_val, ATOM(vm, length));
    if (has < 0) return VAL_EXCEPTION;
    if (has) {
        v = obj_get(vm, this_val, ATOM(vm, length), this_val);
        if (v == VAL_EXCEPTION) return v;
        if (val_is_number(v)) {
            double tl = num_value(v);
            if (tl == 1.0 / 0.0) len = tl;
            else if (tl == -1.0 / 0.0) len = 0;
            else {
                tl = to_integer_double(tl);
                len = tl - nargs;
                if (!(len > 0)) len = 0;
            }
        }
    }
    if (fn_set_length(vm, f, len) < 0) return VAL_EXCEPTION;
    v = obj_get(vm, this_val, ATOM(vm, name), this_val);
    if (v == VAL_EXCEPTION) return v;
    if (!val_is_string(v)) v = ATOM(vm, empty);
    v = str_concat(vm, ATOM(vm, bound_), v);
    if (v == VAL_EXCEPTION) return v;
    if (fn_set_name(vm, f, v, NULL) < 0) return VAL_EXCEPTION;
    return f;
}

/* Function.prototype.call(thisArg, ...args) (20.2.3.3). */
static Value Function_prototype_call(VM *vm, Value this_val, int argc, Value *argv,
                                     Value new_target, Value func, int magic) {
    (void)new_target; (void)func; (void)magic;
    if (!vm_is_callable(vm, this_val))
        return vm_throw_type_error(vm, "Function.prototype.call was called on a non-function");
    return vm_call(vm, this_val, argv[0], argc > 1 ? argc - 1 : 0, argv + 1);
}

/* Function.prototype[@@hasInstance](V) (20.2.3.6). */
static Value Function_prototype_hasInstance(VM *vm, Value this_val, int argc, Value *argv,
                                            Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    int r = ordinary_has_instance(vm, this_val, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* %ThrowTypeError% (10.2.4.1). */
static Value ThrowTypeError(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                            Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return vm_throw_type_error(vm, "'caller', 'callee', and 'arguments' properties may not be "
                                   "accessed on strict mode functions or the arguments objects "
                                   "for calls to them");
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef function_proto_defs[] = {
    { "apply", Function_prototype_apply, 2, NDEF_METHOD, 0, 0 },
    { "bind", Function_prototype_bind, 1, NDEF_METHOD, 0, 0 },
    { "call", Function_prototype_call, 1, NDEF_METHOD, 0, 0 },
};

static const NativeDef function_special_defs[] = {
    { "[Symbol.hasInstance]", Function_prototype_hasInstance, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", ThrowTypeError, 0, NDEF_CTOR_ONLY, 0, 0 },
};

const NativeTable function_tables[] = {
    NATIVE_TABLE("Function.prototype", function_proto_defs),
    NATIVE_TABLE("Function.prototype.special", function_special_defs),
};
const size_t function_tables_count = sizeof(function_tables) / sizeof(function_tables[0]);

/* Makes a data property non-configurable and non-writable (keeps its value), if present. */
static int fn_lock_property(VM *vm, Value obj, Value key) {
    PropDesc d;
    desc_init(&d);
    d.flags = 0;
    d.has = DESC_HAS_CONFIGURABLE | DESC_HAS_WRITABLE;
    return ordinary_define_own_property(vm, obj, key, &d);
}

/* Installs apply/call/bind/@@hasInstance, %ThrowTypeError% and the caller/arguments
 * accessors on %Function.prototype% (which the realm creates before the families run). */
int init_function(VM *vm) {
    Value fp = vm_intrinsic(vm, INTR_FunctionPrototype);
    if (!val_is_object(fp)) return -1;
    if (vm_install(vm, fp, function_proto_defs,
                   sizeof(function_proto_defs) / sizeof(function_proto_defs[0])) < 0)
        return -1;
    PropDesc d;
    /* Function.prototype.length = 0 and name = "" unless the realm already made them. */
    if (ordinary_get_own_property(vm, fp, ATOM(vm, length), &d) == 0 &&
        obj_define_fast(vm, fp, ATOM(vm, length), val_int(0), PROP_CONFIGURABLE) < 0)
        return -1;
    if (ordinary_get_own_property(vm, fp, ATOM(vm, name), &d) == 0 &&
        obj_define_fast(vm, fp, ATOM(vm, name), ATOM(vm, empty), PROP_CONFIGURABLE) < 0)
        return -1;
    /* [Symbol.hasInstance]: { writable: false, enumerable: false, configurable: false } */
    Value hi = vm_new_native_function(vm, &function_special_defs[0], fp);
    if (hi == VAL_EXCEPTION) return -1;
    if (obj_define_fast(vm, fp, vm_wks(vm, WKS_hasInstance), hi, 0) < 0) return -1;
    /* %ThrowTypeError%: frozen-like, "length" and "name" non-configurable */
    Value tte = vm_new_native_function(vm, &function_special_defs[1], fp);
    if (tte == VAL_EXCEPTION) return -1;
    if (ordinary_get_own_property(vm, tte, ATOM(vm, name), &d) == 0 &&
        obj_define_fast(vm, tte, ATOM(vm, name), ATOM(vm, empty), 0) < 0)
        return -1;
    if (fn_lock_property(vm, tte, ATOM(vm, length)) < 0) return -1;
    if (fn_lock_property(vm, tte, ATOM(vm, name)) < 0) return -1;
    obj_header(vm, tte)->flags &= (uint8_t)~OF_EXTENSIBLE;
    vm_set_intrinsic(vm, INTR_ThrowTypeError, tte);
    if (obj_define_accessor_fast(vm, fp, ATOM(vm, caller), tte, tte, PROP_CONFIGURABLE) < 0)
        return -1;
    if (obj_define_accessor_fast(vm, fp, ATOM(vm, arguments), tte, tte, PROP_CONFIGURABLE) < 0)
        return -1;
    return 0;
}
