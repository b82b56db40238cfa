/* object.c — the Object constructor, its statics and Object.prototype (ECMA-262 20.1).
 *
 * Rooting: every native here keeps the Values it needs across calls that may run JS in
 * C locals registered with vm_root() (the root stack is reset when the native returns).
 * Every function that roots locals opens a VM_ROOT_SCOPE first (heap.h).
 */
#include "builtins.h"
#include "../shape.h"

/* The key list of obj ([[OwnPropertyKeys]], a list cell of PropKeys); VAL_EXCEPTION on
 * throw. *count receives its length. */
static Value obj_keys_of(VM *vm, Value obj, uint32_t *count) {
    Value keys = obj_own_keys(vm, obj);
    if (keys == VAL_EXCEPTION) return keys;
    *count = list_count(vm, keys);
    return keys;
}

/* [[SetPrototypeOf]] with the immutable-prototype rule of %Object.prototype% (10.4.7.1):
 * a workaround until obj_set_prototype_of applies it itself. */
static int object_set_prototype_of(VM *vm, Value obj, Value proto) {
    if (obj == vm_intrinsic(vm, INTR_ObjectPrototype))
        return obj_words(vm, obj)[OBJ_PROTO] == proto;
    return obj_set_prototype_of(vm, obj, proto);
}

/* Key i of a key list made by obj_keys_of. */
static Value obj_key_at(VM *vm, Value keys, uint32_t i) {
    return list_items(vm, keys)[i];
}

/* ---------------------------------------------------------------------------------------
 * The Object constructor (20.1.1.1)
 * ------------------------------------------------------------------------------------- */

/* Object(value): ToObject, or a fresh object when called as a subclass super(). */
static Value Object_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                                Value func, int magic) {
    (void)this_val; (void)argc; (void)magic;
    if (!val_is_undefined(new_target) && new_target != func)
        return obj_create_from_constructor(vm, new_target, INTR_ObjectPrototype, CLASS_OBJECT);
    if (val_is_nullish(argv[0])) return obj_new_plain(vm);
    return to_object(vm, argv[0]);
}

/* ---------------------------------------------------------------------------------------
 * Object statics (20.1.2)
 * ------------------------------------------------------------------------------------- */

/* Object.assign(target, ...sources) (20.1.2.1). */
static Value Object_assign(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value to = VAL_UNDEFINED, from = VAL_UNDEFINED, keys = VAL_UNDEFINED, key = VAL_UNDEFINED,
          v = VAL_UNDEFINED;
    vm_root(vm, &to); vm_root(vm, &from); vm_root(vm, &keys); vm_root(vm, &key); vm_root(vm, &v);
    to = to_object(vm, argv[0]);
    if (to == VAL_EXCEPTION) return to;
    for (int a = 1; a < argc; a++) {
        if (val_is_nullish(argv[a])) continue;
        from = to_object(vm, argv[a]);
        if (from == VAL_EXCEPTION) return from;
        uint32_t n;
        keys = obj_keys_of(vm, from, &n);
        if (keys == VAL_EXCEPTION) return keys;
        for (uint32_t i = 0; i < n; i++) {
            key = obj_key_at(vm, keys, i);
            if (key == VAL_EXCEPTION) return key;
            PropDesc d;
            int r = obj_get_own_property(vm, from, key, &d);
            if (r < 0) return VAL_EXCEPTION;
            if (r == 0 || !(d.flags & PROP_ENUMERABLE)) continue;
            v = obj_get(vm, from, key, from);
            if (v == VAL_EXCEPTION) return v;
            if (obj_set_throw(vm, to, key, v) < 0) return VAL_EXCEPTION;
        }
    }
    return to;
}

/* ObjectDefineProperties(O, Properties) (20.1.2.3.1). Roots its own locals. */
static Value object_define_properties(VM *vm, Value o, Value properties) {
    VM_ROOT_SCOPE(vm);
    Value props = VAL_UNDEFINED, keys = VAL_UNDEFINED, key = VAL_UNDEFINED,
          desc_obj = VAL_UNDEFINED, list = VAL_UNDEFINED;
    PropDesc d;
    desc_init(&d);
    vm_root(vm, &o); vm_root(vm, &props); vm_root(vm, &keys); vm_root(vm, &key);
    vm_root(vm, &desc_obj); vm_root(vm, &list);
    vm_root(vm, &d.value); vm_root(vm, &d.get); vm_root(vm, &d.set);
    Value result = VAL_EXCEPTION;
    uint32_t n, count = 0;
    props = to_object(vm, properties);
    if (props == VAL_EXCEPTION) goto done;
    keys = obj_keys_of(vm, props, &n);
    if (keys == VAL_EXCEPTION) goto done;
    /* descriptors: 5 words per entry: key, value, get, set, flags | has << 8 */
    Ref lr = heap_alloc_values(vm, CELL_ARRAY, 0, (size_t)n * 5 + 1, VAL_UNDEFINED);
    if (!lr) { vm_throw_out_of_memory(vm); goto done; }
    list = val_cell(lr);
    for (uint32_t i = 0; i < n; i++) {
        key = obj_key_at(vm, keys, i);
        if (key == VAL_EXCEPTION) goto done;
        PropDesc pd;
        int r = obj_get_own_property(vm, props, key, &pd);
        if (r < 0) goto done;
        if (r == 0 || !(pd.flags & PROP_ENUMERABLE)) continue;
        desc_obj = obj_get(vm, props, key, props);
        if (desc_obj == VAL_EXCEPTION) goto done;
        desc_init(&d);
        if (desc_from_object(vm, desc_obj, &d) < 0) goto done;
        Value *w = vm_cell_values(vm, val_ref(list)) + (size_t)count * 5;
        w[0] = key; w[1] = d.value; w[2] = d.get; w[3] = d.set;
        w[4] = val_int((int32_t)(d.flags | (d.has << 8)));
        count++;
    }
    for (uint32_t i = 0; i < count; i++) {
        Value *w = vm_cell_values(vm, val_ref(list)) + (size_t)i * 5;
        key = w[0];
        desc_init(&d);
        d.value = w[1]; d.get = w[2]; d.set = w[3];
        d.flags = (uint8_t)(val_to_int(w[4]) & 0xFF);
        d.has = (uint8_t)(val_to_int(w[4]) >> 8);
        if (obj_define_property_throw(vm, o, key, &d) < 0) goto done;
    }
    result = o;
done:
    return result;
}

/* Object.create(O, Properties) (20.1.2.2). */
static Value Object_create(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0]) && !val_is_null(argv[0]))
        return vm_throw_type_error(vm, "Object prototype may only be an Object or null");
    Value obj = obj_new(vm, argv[0], CLASS_OBJECT);
    if (obj == VAL_EXCEPTION || val_is_undefined(argv[1])) return obj;
    return object_define_properties(vm, obj, argv[1]);
}

/* Object.defineProperties(O, Properties) (20.1.2.3). */
static Value Object_defineProperties(VM *vm, Value this_val, int argc, Value *argv,
                                     Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0]))
        return vm_throw_type_error(vm, "Object.defineProperties called on non-object");
    return object_define_properties(vm, argv[0], argv[1]);
}

/* Object.defineProperty(O, P, Attributes) (20.1.2.4). */
static Value Object_defineProperty(VM *vm, Value this_val, int argc, Value *argv,
                                   Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0]))
        return vm_throw_type_error(vm, "Object.defineProperty called on non-object");
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    PropDesc d;
    desc_init(&d);
    vm_root(vm, &d.value); vm_root(vm, &d.get); vm_root(vm, &d.set);
    if (desc_from_object(vm, argv[2], &d) < 0) return VAL_EXCEPTION;
    if (obj_define_property_throw(vm, argv[0], key, &d) < 0) return VAL_EXCEPTION;
    return argv[0];
}

/* Object.entries / keys / values (20.1.2.5, 20.1.2.18, 20.1.2.23); magic = kind. */
static Value Object_keys(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    Value obj = to_object(vm, argv[0]);
    if (obj == VAL_EXCEPTION) return obj;
    return obj_enumerable_own(vm, obj, magic);
}

/* Object.freeze / Object.seal (20.1.2.6, 20.1.2.22); magic 1 = frozen. */
static Value Object_freeze(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    if (!val_is_object(argv[0])) return argv[0];
    int r = obj_set_integrity(vm, argv[0], magic);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0)
        return vm_throw_type_error(vm, magic ? "Cannot freeze object" : "Cannot seal object");
    return argv[0];
}

/* Object.fromEntries(iterable) (20.1.2.7). */
static Value Object_fromEntries(VM *vm, Value this_val, int argc, Value *argv,
                                Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(argv[0]))
        return vm_throw_type_error(vm, "Object.fromEntries requires an iterable argument");
    Value obj = VAL_UNDEFINED, next = VAL_UNDEFINED, k = VAL_UNDEFINED, v = VAL_UNDEFINED;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &obj); vm_root(vm, &next); vm_root(vm, &k); vm_root(vm, &v);
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    obj = obj_new_plain(vm);
    if (obj == VAL_EXCEPTION) return obj;
    if (iter_get(vm, argv[0], 0, &rec) < 0) return VAL_EXCEPTION;
    for (;;) {
        int r = iter_step_value(vm, &rec, &next);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return obj;
        if (!val_is_object(next)) {
            vm_throw_type_error(vm, "Iterator value is not an entry object");
            iter_close(vm, &rec, 1);
            return VAL_EXCEPTION;
        }
        k = obj_get_index(vm, next, 0);
        if (k == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        v = obj_get_index(vm, next, 1);
        if (v == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        k = to_property_key(vm, k);
        if (k == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        if (obj_create_data_property_throw(vm, obj, k, v) < 0) {
            iter_close(vm, &rec, 1);
            return VAL_EXCEPTION;
        }
    }
}

/* Object.getOwnPropertyDescriptor(O, P) (20.1.2.8). */
static Value Object_getOwnPropertyDescriptor(VM *vm, Value this_val, int argc, Value *argv,
                                             Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value obj = to_object(vm, argv[0]), key = VAL_UNDEFINED;
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj); vm_root(vm, &key);
    key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    PropDesc d;
    int r = obj_get_own_property(vm, obj, key, &d);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0) return VAL_UNDEFINED;
    return desc_to_object(vm, &d);
}

/* Object.getOwnPropertyDescriptors(O) (20.1.2.9). */
static Value Object_getOwnPropertyDescriptors(VM *vm, Value this_val, int argc, Value *argv,
                                              Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value obj = VAL_UNDEFINED, keys = VAL_UNDEFINED, key = VAL_UNDEFINED, res = VAL_UNDEFINED,
          dobj = VAL_UNDEFINED;
    vm_root(vm, &obj); vm_root(vm, &keys); vm_root(vm, &key); vm_root(vm, &res);
    vm_root(vm, &dobj);
    obj = to_object(vm, argv[0]);
    if (obj == VAL_EXCEPTION) return obj;
    uint32_t n;
    keys = obj_keys_of(vm, obj, &n);
    if (keys == VAL_EXCEPTION) return keys;
    res = obj_new_plain(vm);
    if (res == VAL_EXCEPTION) return res;
    for (uint32_t i = 0; i < n; i++) {
        key = obj_key_at(vm, keys, i);
        if (key == VAL_EXCEPTION) return key;
        PropDesc d;
        int r = obj_get_own_property(vm, obj, key, &d);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) continue;
        dobj = desc_to_object(vm, &d);
        if (dobj == VAL_EXCEPTION) return dobj;
        if (obj_create_data_property_throw(vm, res, key, dobj) < 0) return VAL_EXCEPTION;
    }
    return res;
}

/* GetOwnPropertyKeys(O, type) (20.1.2.11.1): magic 0 = strings, 1 = symbols. */
static Value Object_getOwnPropertyNames(VM *vm, Value this_val, int argc, Value *argv,
                                        Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func;
    Value obj = VAL_UNDEFINED, keys = VAL_UNDEFINED, res = VAL_UNDEFINED, k = VAL_UNDEFINED;
    vm_root(vm, &obj); vm_root(vm, &keys); vm_root(vm, &res); vm_root(vm, &k);
    obj = to_object(vm, argv[0]);
    if (obj == VAL_EXCEPTION) return obj;
    uint32_t n;
    keys = obj_keys_of(vm, obj, &n);
    if (keys == VAL_EXCEPTION) return keys;
    res = array_new(vm, 0);
    if (res == VAL_EXCEPTION) return res;
    for (uint32_t i = 0; i < n; i++) {
        k = obj_key_at(vm, keys, i);
        if (val_is_symbol(k) != (magic == 1)) continue;
        k = key_to_string(vm, k);
        if (k == VAL_EXCEPTION) return k;
        if (array_push(vm, res, k) < 0) return VAL_EXCEPTION;
    }
    return res;
}

/* Object.getPrototypeOf(O) (20.1.2.12). */
static Value Object_getPrototypeOf(VM *vm, Value this_val, int argc, Value *argv,
                                   Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value obj = to_object(vm, argv[0]);
    if (obj == VAL_EXCEPTION) return obj;
    return obj_get_prototype_of(vm, obj);
}

/* Object.groupBy(items, callbackfn) (20.1.2.13): GroupBy with property keys. The result
 * object (null prototype, ordinary) doubles as the grouping table: its own properties can
 * be read without running JS. */
static Value Object_groupBy(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                            Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(argv[0]))
        return vm_throw_type_error(vm, "Object.groupBy called on null or undefined");
    if (!vm_is_callable(vm, argv[1]))
        return vm_throw_type_error(vm, "Object.groupBy: callback is not a function");
    Value res = VAL_UNDEFINED, value = VAL_UNDEFINED, key = VAL_UNDEFINED, group = VAL_UNDEFINED;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &res); vm_root(vm, &value); vm_root(vm, &key); vm_root(vm, &group);
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    res = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (res == VAL_EXCEPTION) return res;
    if (iter_get(vm, argv[0], 0, &rec) < 0) return VAL_EXCEPTION;
    for (double k = 0;; k++) {
        if (k >= 9007199254740991.0) {
            vm_throw_type_error(vm, "Object.groupBy: too many elements");
            iter_close(vm, &rec, 1);
            return VAL_EXCEPTION;
        }
        int r = iter_step_value(vm, &rec, &value);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) break;
        Value args[2] = { value, val_number(k) };
        key = vm_call(vm, argv[1], VAL_UNDEFINED, 2, args);
        if (key == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        key = to_property_key(vm, key);
        if (key == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        PropDesc d;
        int found = ordinary_get_own_property(vm, res, key, &d);
        if (found < 0) return VAL_EXCEPTION;
        if (found) {
            group = d.value;
        } else {
            group = array_new(vm, 0);
            if (group == VAL_EXCEPTION) return group;
            if (obj_define_fast(vm, res, key, group, PROP_DEFAULT) < 0)
                return vm_throw_out_of_memory(vm);
        }
        if (array_push(vm, group, value) < 0) return VAL_EXCEPTION;
    }
    return res;
}

/* Object.hasOwn(O, P) (20.1.2.14). */
static Value Object_hasOwn(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value obj = to_object(vm, argv[0]);
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj);
    Value key = to_property_key(vm, argv[1]);
    if (key == VAL_EXCEPTION) return key;
    int r = obj_has_own_property(vm, obj, key);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Object.is(value1, value2) (20.1.2.15). */
static Value Object_is(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                       Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    return val_bool(same_value(vm, argv[0], argv[1]));
}

/* Object.isExtensible(O) (20.1.2.16). */
static Value Object_isExtensible(VM *vm, Value this_val, int argc, Value *argv,
                                 Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0])) return VAL_FALSE;
    int r = obj_is_extensible(vm, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Object.isFrozen / Object.isSealed (20.1.2.17, 20.1.2.18); magic 1 = frozen. */
static Value Object_isFrozen(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    if (!val_is_object(argv[0])) return VAL_TRUE;
    int r = obj_test_integrity(vm, argv[0], magic);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Object.preventExtensions(O) (20.1.2.20). */
static Value Object_preventExtensions(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0])) return argv[0];
    int r = obj_prevent_extensions(vm, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0) return vm_throw_type_error(vm, "Cannot prevent extensions");
    return argv[0];
}

/* Object.setPrototypeOf(O, proto) (20.1.2.23). */
static Value Object_setPrototypeOf(VM *vm, Value this_val, int argc, Value *argv,
                                   Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(argv[0]))
        return vm_throw_type_error(vm, "Object.setPrototypeOf called on null or undefined");
    if (!val_is_object(argv[1]) && !val_is_null(argv[1]))
        return vm_throw_type_error(vm, "Object prototype may only be an Object or null");
    if (!val_is_object(argv[0])) return argv[0];
    int r = object_set_prototype_of(vm, argv[0], argv[1]);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0) return vm_throw_type_error(vm, "Cannot set prototype of this object");
    return argv[0];
}

/* ---------------------------------------------------------------------------------------
 * Object.prototype (20.1.3)
 * ------------------------------------------------------------------------------------- */

/* Object.prototype.hasOwnProperty(V) (20.1.3.2). */
static Value Object_prototype_hasOwnProperty(VM *vm, Value this_val, int argc, Value *argv,
                                             Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    vm_root(vm, &this_val);
    Value key = to_property_key(vm, argv[0]);
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    Value obj = to_object(vm, this_val);
    if (obj == VAL_EXCEPTION) return obj;
    int r = obj_has_own_property(vm, obj, key);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r);
}

/* Object.prototype.isPrototypeOf(V) (20.1.3.3). */
static Value Object_prototype_isPrototypeOf(VM *vm, Value this_val, int argc, Value *argv,
                                            Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0])) return VAL_FALSE;
    Value obj = to_object(vm, this_val), v = argv[0];
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj); vm_root(vm, &v);
    for (;;) {
        v = obj_get_prototype_of(vm, v);
        if (v == VAL_EXCEPTION) return v;
        if (val_is_null(v)) return VAL_FALSE;
        if (v == obj) return VAL_TRUE;
    }
}

/* Object.prototype.propertyIsEnumerable(V) (20.1.3.4). */
static Value Object_prototype_propertyIsEnumerable(VM *vm, Value this_val, int argc,
                                                   Value *argv, Value new_target, Value func,
                                                   int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    vm_root(vm, &this_val);
    Value key = to_property_key(vm, argv[0]);
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    Value obj = to_object(vm, this_val);
    if (obj == VAL_EXCEPTION) return obj;
    PropDesc d;
    int r = obj_get_own_property(vm, obj, key, &d);
    if (r < 0) return VAL_EXCEPTION;
    return val_bool(r && (d.flags & PROP_ENUMERABLE));
}

/* Object.prototype.toLocaleString() (20.1.3.5). */
static Value Object_prototype_toLocaleString(VM *vm, Value this_val, int argc, Value *argv,
                                             Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return vm_invoke(vm, this_val, ATOM(vm, toString), 0, NULL);
}

/* The builtinTag of Object.prototype.toString (20.1.3.6 steps 4-14) for a non-array. */
static const char *object_builtin_tag(VM *vm, Value obj) {
    switch (obj_class(vm, obj)) {
    case CLASS_ARGUMENTS: case CLASS_MAPPED_ARGUMENTS: return "Arguments";
    default: break;
    }
    if (vm_is_callable(vm, obj)) return "Function";
    switch (obj_class(vm, obj)) {
    case CLASS_ERROR: return "Error";
    case CLASS_BOOLEAN: return "Boolean";
    case CLASS_NUMBER: return "Number";
    case CLASS_STRING: return "String";
    case CLASS_DATE: return "Date";
    case CLASS_REGEXP: return "RegExp";
    default: return "Object";
    }
}

/* Object.prototype.toString() (20.1.3.6). */
static Value Object_prototype_toString(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (val_is_undefined(this_val)) return str_from_cstr(vm, "[object Undefined]");
    if (val_is_null(this_val)) return str_from_cstr(vm, "[object Null]");
    Value obj = to_object(vm, this_val);
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj);
    int is_array = vm_is_array(vm, obj);
    if (is_array < 0) return VAL_EXCEPTION;
    const char *builtin = is_array ? "Array" : object_builtin_tag(vm, obj);
    Value tag = obj_get(vm, obj, vm_wks(vm, WKS_toStringTag), obj);
    if (tag == VAL_EXCEPTION) return tag;
    StrBuilder sb;
    sb_init(&sb, vm);
    sb_append_cstr(&sb, "[object ");
    if (val_is_string(tag)) sb_append_string(&sb, tag);
    else sb_append_cstr(&sb, builtin);
    sb_append_char(&sb, ']');
    return sb_finish(&sb);
}

/* Object.prototype.valueOf() (20.1.3.7). */
static Value Object_prototype_valueOf(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return to_object(vm, this_val);
}

/* get Object.prototype.__proto__ (B.2.2.1.1). */
static Value Object_prototype_get_proto(VM *vm, Value this_val, int argc, Value *argv,
                                        Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value obj = to_object(vm, this_val);
    if (obj == VAL_EXCEPTION) return obj;
    return obj_get_prototype_of(vm, obj);
}

/* set Object.prototype.__proto__ (B.2.2.1.2). */
static Value Object_prototype_set_proto(VM *vm, Value this_val, int argc, Value *argv,
                                        Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(this_val))
        return vm_throw_type_error(vm, "Object.prototype.__proto__ called on null or undefined");
    if (!val_is_object(argv[0]) && !val_is_null(argv[0])) return VAL_UNDEFINED;
    if (!val_is_object(this_val)) return VAL_UNDEFINED;
    int r = object_set_prototype_of(vm, this_val, argv[0]);
    if (r < 0) return VAL_EXCEPTION;
    if (r == 0) return vm_throw_type_error(vm, "Cannot set prototype of this object");
    return VAL_UNDEFINED;
}

/* Object.prototype.__defineGetter__ / __defineSetter__ (B.2.2.2, B.2.2.3); magic 1 = setter. */
static Value Object_prototype___defineGetter__(VM *vm, Value this_val, int argc, Value *argv,
                                               Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    Value obj = to_object(vm, this_val);
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj);
    if (!vm_is_callable(vm, argv[1]))
        return vm_throw_type_error(vm, magic ? "Object.prototype.__defineSetter__: Expecting function"
                                             : "Object.prototype.__defineGetter__: Expecting function");
    Value key = to_property_key(vm, argv[0]);
    if (key == VAL_EXCEPTION) return key;
    PropDesc d;
    desc_init(&d);
    if (magic) { d.set = argv[1]; d.has = DESC_HAS_SET; }
    else { d.get = argv[1]; d.has = DESC_HAS_GET; }
    d.flags = PROP_ENUMERABLE | PROP_CONFIGURABLE;
    d.has |= DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE;
    if (obj_define_property_throw(vm, obj, key, &d) < 0) return VAL_EXCEPTION;
    return VAL_UNDEFINED;
}

/* Object.prototype.__lookupGetter__ / __lookupSetter__ (B.2.2.4, B.2.2.5); magic 1 = setter. */
static Value Object_prototype___lookupGetter__(VM *vm, Value this_val, int argc, Value *argv,
                                               Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    Value obj = to_object(vm, this_val), key = VAL_UNDEFINED;
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj); vm_root(vm, &key);
    key = to_property_key(vm, argv[0]);
    if (key == VAL_EXCEPTION) return key;
    for (;;) {
        PropDesc d;
        int r = obj_get_own_property(vm, obj, key, &d);
        if (r < 0) return VAL_EXCEPTION;
        if (r) {
            if (!(d.has & (DESC_HAS_GET | DESC_HAS_SET))) return VAL_UNDEFINED;
            return magic ? d.set : d.get;
        }
        obj = obj_get_prototype_of(vm, obj);
        if (obj == VAL_EXCEPTION) return obj;
        if (val_is_null(obj)) return VAL_UNDEFINED;
    }
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef object_ctor_defs[] = {
    { "Object", Object_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};

static const NativeDef object_static_defs[] = {
    { "assign", Object_assign, 2, NDEF_METHOD, 0, 0 },
    { "create", Object_create, 2, NDEF_METHOD, 0, 0 },
    { "defineProperties", Object_defineProperties, 2, NDEF_METHOD, 0, 0 },
    { "defineProperty", Object_defineProperty, 3, NDEF_METHOD, 0, 0 },
    { "entries", Object_keys, 1, NDEF_METHOD, 2, 0 },
    { "freeze", Object_freeze, 1, NDEF_METHOD, 1, 0 },
    { "fromEntries", Object_fromEntries, 1, NDEF_METHOD, 0, 0 },
    { "getOwnPropertyDescriptor", Object_getOwnPropertyDescriptor, 2, NDEF_METHOD, 0, 0 },
    { "getOwnPropertyDescriptors", Object_getOwnPropertyDescriptors, 1, NDEF_METHOD, 0, 0 },
    { "getOwnPropertyNames", Object_getOwnPropertyNames, 1, NDEF_METHOD, 0, 0 },
    { "getOwnPropertySymbols", Object_getOwnPropertyNames, 1, NDEF_METHOD, 1, 0 },
    { "getPrototypeOf", Object_getPrototypeOf, 1, NDEF_METHOD, 0, 0 },
    { "groupBy", Object_groupBy, 2, NDEF_METHOD, 0, 0 },
    { "hasOwn", Object_hasOwn, 2, NDEF_METHOD, 0, 0 },
    { "is", Object_is, 2, NDEF_METHOD, 0, 0 },
    { "isExtensible", Object_isExtensible, 1, NDEF_METHOD, 0, 0 },
    { "isFrozen", Object_isFrozen, 1, NDEF_METHOD, 1, 0 },
    { "isSealed", Object_isFrozen, 1, NDEF_METHOD, 0, 0 },
    { "keys", Object_keys, 1, NDEF_METHOD, 0, 0 },
    { "preventExtensions", Object_preventExtensions, 1, NDEF_METHOD, 0, 0 },
    { "seal", Object_freeze, 1, NDEF_METHOD, 0, 0 },
    { "setPrototypeOf", Object_setPrototypeOf, 2, NDEF_METHOD, 0, 0 },
    { "values", Object_keys, 1, NDEF_METHOD, 1, 0 },
};

static const NativeDef object_proto_defs[] = {
    { "hasOwnProperty", Object_prototype_hasOwnProperty, 1, NDEF_METHOD, 0, 0 },
    { "isPrototypeOf", Object_prototype_isPrototypeOf, 1, NDEF_METHOD, 0, 0 },
    { "propertyIsEnumerable", Object_prototype_propertyIsEnumerable, 1, NDEF_METHOD, 0, 0 },
    { "toLocaleString", Object_prototype_toLocaleString, 0, NDEF_METHOD, 0, 0 },
    { "toString", Object_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "valueOf", Object_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
    { "__proto__", Object_prototype_get_proto, 0, NDEF_GETTER, 0, 0 },
    { "__proto__", Object_prototype_set_proto, 1, NDEF_SETTER, 0, 0 },
    { "__defineGetter__", Object_prototype___defineGetter__, 2, NDEF_METHOD, 0, 0 },
    { "__defineSetter__", Object_prototype___defineGetter__, 2, NDEF_METHOD, 1, 0 },
    { "__lookupGetter__", Object_prototype___lookupGetter__, 1, NDEF_METHOD, 0, 0 },
    { "__lookupSetter__", Object_prototype___lookupGetter__, 1, NDEF_METHOD, 1, 0 },
};

const NativeTable object_tables[] = {
    NATIVE_TABLE("Object", object_ctor_defs),
    NATIVE_TABLE("Object.static", object_static_defs),
    NATIVE_TABLE("Object.prototype", object_proto_defs),
};
const size_t object_tables_count = sizeof(object_tables) / sizeof(object_tables[0]);

/* Creates %Object% and fills %Object.prototype% (made by the realm if it exists already). */
int init_object(VM *vm) {
    Value proto = vm_intrinsic(vm, INTR_ObjectPrototype);
    if (!val_is_object(proto)) {
        proto = obj_new(vm, VAL_NULL, CLASS_OBJECT);
        if (proto == VAL_EXCEPTION) return -1;
        vm_set_intrinsic(vm, INTR_ObjectPrototype, proto);
    }
    Value ctor = vm_make_constructor(vm, &object_ctor_defs[0], proto,
                                     vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Object, ctor);
    if (vm_install(vm, ctor, object_static_defs,
                   sizeof(object_static_defs) / sizeof(object_static_defs[0])) < 0)
        return -1;
    if (vm_install(vm, proto, object_proto_defs,
                   sizeof(object_proto_defs) / sizeof(object_proto_defs[0])) < 0)
        return -1;
    PropDesc d;
    if (ordinary_get_own_property(vm, proto, ATOM(vm, toString), &d) == 1)
        vm_set_intrinsic(vm, INTR_ObjectProto_toString, d.value);
    return vm_define_global(vm, "Object", ctor);
}
