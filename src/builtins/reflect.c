/* reflect.c — the Reflect namespace object (ECMA-262 28.1): thin wrappers over the
 * internal methods. */
#include "builtins.h"

/* TypeError unless v is an object; returns 0 or -1. */
static int reflect_require_object(VM *vm, Value v, const char *what) {
    if (val_is_object(v)) return 0;
    vm_throw_type_error(vm, "%s called on non-object", what);
    return -1;
}

/* [[SetPrototypeOf]] with the immutable-prototype rule of %Object.prototype% (10.4.7.1):
 * a workaround until obj_set_prototype_of applies it itself. */
static int reflect_set_prototype_of(VM *vm, Value obj, Value proto) {
    if (obj == vm_intrinsic(vm, INTR_ObjectPrototype))
        return obj_words(vm, obj)[OBJ_PROTO] == proto;
    return obj_set_prototype_of(vm, obj, proto);
}

/* Reflect.apply(target, thisArgument, argumentsList) (28.1.1). */
static Value Reflect_apply(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!vm_is_callable(vm, argv[0]))
        return vm_throw_type_error(vm, "Reflect.apply: target is not a function");
    if (!val_is_object(argv[2]))
        return vm_throw_type_error(vm, "CreateListFromArrayLike called on non-object");
    uint32_t n = 0;
    Value list = create_list_from_array_like(vm, argv[2], &n);
    if (list == VAL_EXCEPTION) return list;
    return vm_call(vm, argv[0], argv[1], (int)n, n ? list_items(vm, list) : NULL);
}

/* Reflect.construct(target, argumentsList[, newTarget]) (28.1.2). */
static Value Reflect_construct(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                               Value func, int magic) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    if (!vm_is_constructor(vm, argv[0]))
        return vm_throw_type_error(vm, "Reflect.construct: target is not a constructor");
    Value nt = argv[0];
    if (argc >= 3) {
        nt = argv[2];
        if (!vm_is_constructor(vm, nt))
            return vm_throw_type_error(vm, "Reflect.construct: newTarget is not a constructor");
    }
    if (!val_is_object(argv[1]))
        return vm_throw_type_error(vm, "CreateListFromArrayLike called on non-object");
    uint32_t n = 0;
    Value list = create_list_from_array_like(vm, argv[1], &n);
    if (list == VAL_EXCEPTION) return list;
    return vm_construct(vm, argv[0], (int)n, n ? list_items(vm, list) : NULL,
                        argc >= 3 ? argv[2] : argv[0]);
}

/* Reflect.defineProperty(target, propertyKey, attributes) (28.1.3). */
static Value Reflect_defineProperty(VM *vm, Value this_val, int argc, Value *argv,
                                    Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.defineProperty") < 0) return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    PropDesc d;
    desc_init(&d);
    vm_root(vm, &d.value); vm_root(vm, &d.get); vm_root(vm, &d.set);
    if (desc_from_object(vm, argv[2], &d) < 0) return VAL_EXCEPTION;
    int r = obj_define_own_property(vm, argv[0], key, &d);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.deleteProperty(target, propertyKey) (28.1.4). */
static Value Reflect_deleteProperty(VM *vm, Value this_val, int argc, Value *argv,
                                    Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.deleteProperty") < 0) return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    int r = obj_delete(vm, argv[0], key);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.get(target, propertyKey[, receiver]) (28.1.5). */
static Value Reflect_get(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.get") < 0) return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    return obj_get(vm, argv[0], key, argc >= 3 ? argv[2] : argv[0]);
}

/* Reflect.getOwnPropertyDescriptor(target, propertyKey) (28.1.6). */
static Value Reflect_getOwnPropertyDescriptor(VM *vm, Value this_val, int argc, Value *argv,
                                              Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.getOwnPropertyDescriptor") < 0)
        return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    PropDesc d;
    int r = obj_get_own_property(vm, argv[0], key, &d);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0) return VAL_UNDEFINED;
    return desc_to_object(vm, &d);
}

/* Reflect.getPrototypeOf(target) (28.1.7). */
static Value Reflect_getPrototypeOf(VM *vm, Value this_val, int argc, Value *argv,
                                    Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.getPrototypeOf") < 0) return VAL_EXCEPTION;
    return obj_get_prototype_of(vm, argv[0]);
}

/* Reflect.has(target, propertyKey) (28.1.8). */
static Value Reflect_has(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.has") < 0) return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    int r = obj_has_property(vm, argv[0], key);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.isExtensible(target) (28.1.9). */
static Value Reflect_isExtensible(VM *vm, Value this_val, int argc, Value *argv,
                                  Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.isExtensible") < 0) return VAL_EXCEPTION;
    int r = obj_is_extensible(vm, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.ownKeys(target) (28.1.10). */
static Value Reflect_ownKeys(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.ownKeys") < 0) return VAL_EXCEPTION;
    Value keys = obj_own_keys(vm, argv[0]);
    if (keys == VAL_EXCEPTION) return keys;
    uint32_t n = list_count(vm, keys);
    /* show index keys to JavaScript as strings */
    for (uint32_t i = 0; i < n; i++) {
        Value k = list_items(vm, keys)[i];
        if (!val_is_int(k)) continue;
        k = key_to_string(vm, k);
        if (k == VAL_EXCEPTION) return k;
        list_items(vm, keys)[i] = k;
    }
    return array_from_values(vm, n ? list_items(vm, keys) : NULL, n);
}

/* Reflect.preventExtensions(target) (28.1.11). */
static Value Reflect_preventExtensions(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.preventExtensions") < 0)
        return VAL_EXCEPTION;
    int r = obj_prevent_extensions(vm, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.set(target, propertyKey, V[, receiver]) (28.1.12). */
static Value Reflect_set(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.set") < 0) return VAL_EXCEPTION;
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    int r = obj_set(vm, argv[0], key, argv[2], argc >= 4 ? argv[3] : argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Reflect.setPrototypeOf(target, proto) (28.1.13). */
static Value Reflect_setPrototypeOf(VM *vm, Value this_val, int argc, Value *argv,
                                    Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (reflect_require_object(vm, argv[0], "Reflect.setPrototypeOf") < 0) return VAL_EXCEPTION;
    if (!val_is_object(argv[1]) && !val_is_null(argv[1]))
        return vm_throw_type_error(vm, "Object prototype may only be an Object or null");
    int r = reflect_set_prototype_of(vm, argv[0], argv[1]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

static const NativeDef reflect_defs[] = {
    { "apply", Reflect_apply, 3, NDEF_METHOD, 0, 0 },
    { "construct", Reflect_construct, 2, NDEF_METHOD, 0, 0 },
    { "defineProperty", Reflect_defineProperty, 3, NDEF_METHOD, 0, 0 },
    { "deleteProperty", Reflect_deleteProperty, 2, NDEF_METHOD, 0, 0 },
    { "get", Reflect_get, 2, NDEF_METHOD, 0, 0 },
    { "getOwnPropertyDescriptor", Reflect_getOwnPropertyDescriptor, 2, NDEF_METHOD, 0, 0 },
    { "getPrototypeOf", Reflect_getPrototypeOf, 1, NDEF_METHOD, 0, 0 },
    { "has", Reflect_has, 2, NDEF_METHOD, 0, 0 },
    { "isExtensible", Reflect_isExtensible, 1, NDEF_METHOD, 0, 0 },
    { "ownKeys", Reflect_ownKeys, 1, NDEF_METHOD, 0, 0 },
    { "preventExtensions", Reflect_preventExtensions, 1, NDEF_METHOD, 0, 0 },
    { "set", Reflect_set, 3, NDEF_METHOD, 0, 0 },
    { "setPrototypeOf", Reflect_setPrototypeOf, 2, NDEF_METHOD, 0, 0 },
};

const NativeTable reflect_tables[] = {
    NATIVE_TABLE("Reflect", reflect_defs),
};
const size_t reflect_tables_count = sizeof(reflect_tables) / sizeof(reflect_tables[0]);

/* Creates the Reflect object and the global binding. */
int init_reflect(VM *vm) {
    Value r = obj_new_plain(vm);
    if (r == VAL_EXCEPTION) return -1;
    if (vm_install(vm, r, reflect_defs, sizeof(reflect_defs) / sizeof(reflect_defs[0])) < 0)
        return -1;
    if (obj_define_fast(vm, r, vm_wks(vm, WKS_toStringTag), ATOM(vm, Reflect),
                        PROP_CONFIGURABLE) < 0)
        return -1;
    return vm_define_global(vm, "Reflect", r);
}
