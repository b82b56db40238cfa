/* boolean.c — the Boolean constructor and Boolean.prototype (ECMA-262 20.3).
 * Boolean wrapper objects are CLASS_BOOLEAN with the primitive in slot [0]. */
#include "builtins.h"

/* Boolean(value) (20.3.1.1). */
static Value Boolean_constructor(VM *vm, Value this_val, int argc, Value *argv,
                                 Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)func; (void)magic;
    Value b = val_bool(to_boolean(vm, argv[0]));
    if (val_is_undefined(new_target)) return b;
    Value o = obj_create_from_constructor(vm, new_target, INTR_BooleanPrototype, CLASS_BOOLEAN);
    if (o == VAL_EXCEPTION) return o;
    *obj_slot(vm, o, 0) = b;
    return o;
}

/* thisBooleanValue(value) (20.3.3.3.1). */
static Value this_boolean_value(VM *vm, Value v, const char *what) {
    if (val_is_bool(v)) return v;
    if (val_is_object(v) && obj_class(vm, v) == CLASS_BOOLEAN) return *obj_slot(vm, v, 0);
    return vm_throw_type_error(vm, "%s requires that 'this' be a Boolean", what);
}

/* Boolean.prototype.toString() (20.3.3.2). */
static Value Boolean_prototype_toString(VM *vm, Value this_val, int argc, Value *argv,
                                        Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value b = this_boolean_value(vm, this_val, "Boolean.prototype.toString");
    if (b == VAL_EXCEPTION) return b;
    return b == VAL_TRUE ? ATOM(vm, true_) : ATOM(vm, false_);
}

/* Boolean.prototype.valueOf() (20.3.3.3). */
static Value Boolean_prototype_valueOf(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_boolean_value(vm, this_val, "Boolean.prototype.valueOf");
}

static const NativeDef boolean_ctor_defs[] = {
    { "Boolean", Boolean_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};

static const NativeDef boolean_proto_defs[] = {
    { "toString", Boolean_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "valueOf", Boolean_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable boolean_tables[] = {
    NATIVE_TABLE("Boolean", boolean_ctor_defs),
    NATIVE_TABLE("Boolean.prototype", boolean_proto_defs),
};
const size_t boolean_tables_count = sizeof(boolean_tables) / sizeof(boolean_tables[0]);

/* Creates %Boolean% and %Boolean.prototype% (itself a Boolean object holding false). */
int init_boolean(VM *vm) {
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_BOOLEAN);
    if (proto == VAL_EXCEPTION) return -1;
    *obj_slot(vm, proto, 0) = VAL_FALSE;
    vm_set_intrinsic(vm, INTR_BooleanPrototype, proto);
    Value ctor = vm_make_constructor(vm, &boolean_ctor_defs[0], proto,
                                     vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Boolean, ctor);
    if (vm_install(vm, proto, boolean_proto_defs,
                   sizeof(boolean_proto_defs) / sizeof(boolean_proto_defs[0])) < 0)
        return -1;
    return vm_define_global(vm, "Boolean", ctor);
}
