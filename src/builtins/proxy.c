/* proxy.c — Proxy exotic objects (ECMA-262 10.5) and the Proxy constructor (28.2).
 * A proxy is a CLASS_PROXY object: slot 0 = [[ProxyTarget]], slot 1 = [[ProxyHandler]]
 * (both null once revoked). Every internal method is a trap with its invariant checks. */
#include <string.h>
#include "builtins.h"

#define P_TARGET 0
#define P_HANDLER 1

static Value proxy_target(VM *vm, Value p) { return obj_words(vm, p)[OBJ_SLOT0 + P_TARGET]; }
static Value proxy_handler(VM *vm, Value p) { return obj_words(vm, p)[OBJ_SLOT0 + P_HANDLER]; }

/* Look up trap `name` on the handler: sets *trap (undefined when absent). -1 on throw
 * (including a revoked proxy). */
static int get_trap(VM *vm, Value p, const char *name, Value *trap) {
    VM_ROOT_SCOPE(vm);
    /* every proxy internal method starts here: a chain of proxies recurses in C */
    if (vm_stack_exhausted(vm)) { vm_throw_stack_overflow(vm); return -1; }
    Value h = proxy_handler(vm, p);
    if (h == VAL_NULL) { vm_throw_type_error(vm, "Cannot perform '%s' on a proxy that has been revoked", name); return -1; }
    vm_root(vm, &h);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    Value t = obj_get_method(vm, h, key);
    if (t == VAL_EXCEPTION) return -1;
    *trap = t;
    return 0;
}

/* Key as a JavaScript value for trap arguments. */
static Value key_value(VM *vm, Value key) { return key_to_string(vm, key); }

static Value proxy_get_prototype_of(VM *vm, Value p) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    Value trap;
    if (get_trap(vm, p, "getPrototypeOf", &trap) < 0) return VAL_EXCEPTION;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_get_prototype_of(vm, target);
    Value h = proxy_handler(vm, p);
    Value r = vm_call(vm, trap, h, 1, &target);
    if (r == VAL_EXCEPTION) return r;
    if (!val_is_object(r) && r != VAL_NULL) return vm_throw_type_error(vm, "'getPrototypeOf' on proxy: trap returned neither object nor null");
    vm_root(vm, &r);
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return VAL_EXCEPTION;
    if (ext) return r;
    Value tp = obj_get_prototype_of(vm, target);
    if (tp == VAL_EXCEPTION) return tp;
    if (!same_value(vm, r, tp)) return vm_throw_type_error(vm, "'getPrototypeOf' on proxy: proxy target is non-extensible but the trap did not return its actual prototype");
    return r;
}

static int proxy_set_prototype_of(VM *vm, Value p, Value proto) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &proto);
    Value trap;
    if (get_trap(vm, p, "setPrototypeOf", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_set_prototype_of(vm, target, proto);
    Value args[2] = { target, proto };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 2, args);
    if (r == VAL_EXCEPTION) return -1;
    if (!to_boolean(vm, r)) return 0;
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return -1;
    if (ext) return 1;
    Value tp = obj_get_prototype_of(vm, target);
    if (tp == VAL_EXCEPTION) return -1;
    if (!same_value(vm, proto, tp)) { vm_throw_type_error(vm, "'setPrototypeOf' on proxy: trap returned truish for setting a new prototype on the non-extensible proxy target"); return -1; }
    return 1;
}

static int proxy_is_extensible(VM *vm, Value p) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    Value trap;
    if (get_trap(vm, p, "isExtensible", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_is_extensible(vm, target);
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 1, &target);
    if (r == VAL_EXCEPTION) return -1;
    int b = to_boolean(vm, r);
    int t = obj_is_extensible(vm, target);
    if (t < 0) return -1;
    if (b != t) { vm_throw_type_error(vm, "'isExtensible' on proxy: trap result does not reflect extensibility of proxy target (which is '%s')", t ? "true" : "false"); return -1; }
    return b;
}

static int proxy_prevent_extensions(VM *vm, Value p) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    Value trap;
    if (get_trap(vm, p, "preventExtensions", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_prevent_extensions(vm, target);
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 1, &target);
    if (r == VAL_EXCEPTION) return -1;
    int b = to_boolean(vm, r);
    if (b) {
        int t = obj_is_extensible(vm, target);
        if (t < 0) return -1;
        if (t) { vm_throw_type_error(vm, "'preventExtensions' on proxy: trap returned truish but the proxy target is extensible"); return -1; }
    }
    return b;
}

/* IsCompatiblePropertyDescriptor. */
static bool compatible_desc(VM *vm, bool extensible, const PropDesc *desc, const PropDesc *cur, bool has_cur) {
    return validate_and_apply_descriptor(vm, VAL_UNDEFINED, VAL_UNDEFINED, extensible, desc, cur, has_cur);
}

/* CompletePropertyDescriptor. */
static void complete_desc(PropDesc *d) {
    if (!(d->has & (DESC_HAS_GET | DESC_HAS_SET))) {
        if (!(d->has & DESC_HAS_VALUE)) d->value = VAL_UNDEFINED;
        d->has |= DESC_HAS_VALUE | DESC_HAS_WRITABLE;
    } else {
        d->has |= DESC_HAS_GET | DESC_HAS_SET;
    }
    d->has |= DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE;
}

static int proxy_get_own_property(VM *vm, Value p, Value key, PropDesc *desc) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    Value trap;
    if (get_trap(vm, p, "getOwnPropertyDescriptor", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_get_own_property(vm, target, key, desc);
    Value args[2] = { target, key_value(vm, key) };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 2, args);
    if (r == VAL_EXCEPTION) return -1;
    if (!val_is_object(r) && r != VAL_UNDEFINED) { vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap returned neither object nor undefined"); return -1; }
    vm_root(vm, &r);
    PropDesc td;
    desc_init(&td);
    vm_root(vm, &td.value); vm_root(vm, &td.get); vm_root(vm, &td.set);
    int th = obj_get_own_property(vm, target, key, &td);
    if (th < 0) return -1;
    if (r == VAL_UNDEFINED) {
        if (!th) return 0;
        if (!(td.flags & PROP_CONFIGURABLE)) { vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap returned undefined for a non-configurable property"); return -1; }
        int ext = obj_is_extensible(vm, target);
        if (ext < 0) return -1;
        if (!ext) { vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap returned undefined for a property of a non-extensible target"); return -1; }
        return 0;
    }
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return -1;
    PropDesc rd;
    if (desc_from_object(vm, r, &rd) < 0) return -1;
    complete_desc(&rd);
    if (!compatible_desc(vm, ext != 0, &rd, &td, th != 0)) { vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap returned a descriptor incompatible with the target property"); return -1; }
    if (!(rd.flags & PROP_CONFIGURABLE)) {
        if (!th || (td.flags & PROP_CONFIGURABLE)) { vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for a configurable or missing property"); return -1; }
        if ((rd.has & DESC_HAS_WRITABLE) && !(rd.flags & PROP_WRITABLE) && (td.flags & PROP_WRITABLE) && !(td.has & DESC_HAS_GET)) {
            vm_throw_type_error(vm, "'getOwnPropertyDescriptor' on proxy: trap reported non-writable for a writable property");
            return -1;
        }
    }
    *desc = rd;
    return 1;
}

static int proxy_define_own_property(VM *vm, Value p, Value key, const PropDesc *desc) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    PropDesc d = *desc;
    vm_root(vm, &d.value); vm_root(vm, &d.get); vm_root(vm, &d.set);
    Value trap;
    if (get_trap(vm, p, "defineProperty", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_define_own_property(vm, target, key, &d);
    Value dobj = desc_to_object(vm, &d);
    if (dobj == VAL_EXCEPTION) return -1;
    Value args[3] = { target, key_value(vm, key), dobj };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 3, args);
    if (r == VAL_EXCEPTION) return -1;
    if (!to_boolean(vm, r)) return 0;
    PropDesc td;
    desc_init(&td);
    vm_root(vm, &td.value); vm_root(vm, &td.get); vm_root(vm, &td.set);
    int th = obj_get_own_property(vm, target, key, &td);
    if (th < 0) return -1;
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return -1;
    int setting_nc = (d.has & DESC_HAS_CONFIGURABLE) && !(d.flags & PROP_CONFIGURABLE);
    if (!th) {
        if (!ext) { vm_throw_type_error(vm, "'defineProperty' on proxy: trap returned truish for adding a property to a non-extensible target"); return -1; }
        if (setting_nc) { vm_throw_type_error(vm, "'defineProperty' on proxy: trap returned truish for defining a non-configurable property which does not exist on the target"); return -1; }
    } else {
        if (!compatible_desc(vm, ext != 0, &d, &td, true)) { vm_throw_type_error(vm, "'defineProperty' on proxy: trap returned truish for a descriptor incompatible with the target property"); return -1; }
        if (setting_nc && (td.flags & PROP_CONFIGURABLE)) { vm_throw_type_error(vm, "'defineProperty' on proxy: trap returned truish for defining a non-configurable property which is configurable on the target"); return -1; }
        if (!(td.has & DESC_HAS_GET) && (td.has & DESC_HAS_VALUE) && !(td.flags & PROP_CONFIGURABLE) && (td.flags & PROP_WRITABLE) &&
            (d.has & DESC_HAS_WRITABLE) && !(d.flags & PROP_WRITABLE)) {
            vm_throw_type_error(vm, "'defineProperty' on proxy: trap returned truish for defining a non-writable property which is writable on the target");
            return -1;
        }
    }
    return 1;
}

static int proxy_has(VM *vm, Value p, Value key) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    Value trap;
    if (get_trap(vm, p, "has", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_has_property(vm, target, key);
    Value args[2] = { target, key_value(vm, key) };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 2, args);
    if (r == VAL_EXCEPTION) return -1;
    int b = to_boolean(vm, r);
    if (!b) {
        PropDesc td;
        int th = obj_get_own_property(vm, target, key, &td);
        if (th < 0) return -1;
        if (th) {
            if (!(td.flags & PROP_CONFIGURABLE)) { vm_throw_type_error(vm, "'has' on proxy: trap returned falsish for a non-configurable property"); return -1; }
            int ext = obj_is_extensible(vm, target);
            if (ext < 0) return -1;
            if (!ext) { vm_throw_type_error(vm, "'has' on proxy: trap returned falsish for a property of a non-extensible target"); return -1; }
        }
    }
    return b;
}

static Value proxy_get(VM *vm, Value p, Value key, Value receiver) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    vm_root(vm, &receiver);
    Value trap;
    if (get_trap(vm, p, "get", &trap) < 0) return VAL_EXCEPTION;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_get(vm, target, key, receiver);
    Value args[3] = { target, key_value(vm, key), receiver };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 3, args);
    if (r == VAL_EXCEPTION) return r;
    vm_root(vm, &r);
    PropDesc td;
    desc_init(&td);
    vm_root(vm, &td.value); vm_root(vm, &td.get); vm_root(vm, &td.set);
    int th = obj_get_own_property(vm, target, key, &td);
    if (th < 0) return VAL_EXCEPTION;
    if (th && !(td.flags & PROP_CONFIGURABLE)) {
        if ((td.has & DESC_HAS_VALUE) && !(td.flags & PROP_WRITABLE) && !same_value(vm, r, td.value))
            return vm_throw_type_error(vm, "'get' on proxy: property is a read-only and non-configurable data property on the proxy target but the proxy did not return its actual value");
        if ((td.has & DESC_HAS_GET) && td.get == VAL_UNDEFINED && r != VAL_UNDEFINED)
            return vm_throw_type_error(vm, "'get' on proxy: property is a non-configurable accessor property on the proxy target and does not have a getter function, but the trap did not return 'undefined'");
    }
    return r;
}

static int proxy_set(VM *vm, Value p, Value key, Value v, Value receiver) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    vm_root(vm, &v);
    vm_root(vm, &receiver);
    Value trap;
    if (get_trap(vm, p, "set", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_set(vm, target, key, v, receiver);
    Value args[4] = { target, key_value(vm, key), v, receiver };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 4, args);
    if (r == VAL_EXCEPTION) return -1;
    if (!to_boolean(vm, r)) return 0;
    PropDesc td;
    desc_init(&td);
    vm_root(vm, &td.value); vm_root(vm, &td.get); vm_root(vm, &td.set);
    int th = obj_get_own_property(vm, target, key, &td);
    if (th < 0) return -1;
    if (th && !(td.flags & PROP_CONFIGURABLE)) {
        if ((td.has & DESC_HAS_VALUE) && !(td.flags & PROP_WRITABLE) && !same_value(vm, v, td.value)) {
            vm_throw_type_error(vm, "'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and non-writable data property with a different value");
            return -1;
        }
        if ((td.has & DESC_HAS_SET) && td.set == VAL_UNDEFINED) {
            vm_throw_type_error(vm, "'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and non-writable accessor property without a setter");
            return -1;
        }
    }
    return 1;
}

static int proxy_delete(VM *vm, Value p, Value key) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &key);
    Value trap;
    if (get_trap(vm, p, "deleteProperty", &trap) < 0) return -1;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_delete(vm, target, key);
    Value args[2] = { target, key_value(vm, key) };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 2, args);
    if (r == VAL_EXCEPTION) return -1;
    if (!to_boolean(vm, r)) return 0;
    PropDesc td;
    int th = obj_get_own_property(vm, target, key, &td);
    if (th < 0) return -1;
    if (!th) return 1;
    if (!(td.flags & PROP_CONFIGURABLE)) { vm_throw_type_error(vm, "'deleteProperty' on proxy: trap returned truish for property which is non-configurable in the proxy target"); return -1; }
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return -1;
    if (!ext) { vm_throw_type_error(vm, "'deleteProperty' on proxy: trap returned truish for property on a non-extensible target"); return -1; }
    return 1;
}

static Value proxy_own_keys(VM *vm, Value p) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    Value trap;
    if (get_trap(vm, p, "ownKeys", &trap) < 0) return VAL_EXCEPTION;
    Value target = proxy_target(vm, p);
    vm_root(vm, &target);
    if (trap == VAL_UNDEFINED) return obj_own_keys(vm, target);
    Value arr = vm_call(vm, trap, proxy_handler(vm, p), 1, &target);
    if (arr == VAL_EXCEPTION) return arr;
    if (!val_is_object(arr)) return vm_throw_type_error(vm, "CreateListFromArrayLike called on non-object");
    uint32_t n;
    Value list = create_list_from_array_like(vm, arr, &n);
    if (list == VAL_EXCEPTION) return list;
    vm_root(vm, &list);
    /* elements must be strings or symbols, without duplicates; convert to keys */
    for (uint32_t i = 0; i < n; i++) {
        Value k = list_items(vm, list)[i];
        if (!val_is_string(k) && !val_is_symbol(k)) return vm_throw_type_error(vm, "proxy [[OwnPropertyKeys]] must return an array with only string and symbol elements");
        if (val_is_string(k)) {
            k = key_from_string(vm, k);
            if (k == VAL_EXCEPTION) return k;
        }
        list_items(vm, list)[i] = k;
        for (uint32_t j = 0; j < i; j++)
            if (list_items(vm, list)[j] == k) return vm_throw_type_error(vm, "proxy [[OwnPropertyKeys]] can't report property twice");
    }
    int ext = obj_is_extensible(vm, target);
    if (ext < 0) return VAL_EXCEPTION;
    Value tkeys = obj_own_keys(vm, target);
    if (tkeys == VAL_EXCEPTION) return tkeys;
    vm_root(vm, &tkeys);
    uint32_t tn = list_count(vm, tkeys);
    /* every non-configurable target key must be reported; for non-extensible targets,
     * exactly the target's keys */
    for (uint32_t i = 0; i < tn; i++) {
        Value k = list_items(vm, tkeys)[i];
        PropDesc td;
        int th = obj_get_own_property(vm, target, k, &td);
        if (th < 0) return VAL_EXCEPTION;
        k = list_items(vm, tkeys)[i];
        int nc = th && !(td.flags & PROP_CONFIGURABLE);
        if (!nc && ext) continue;
        int found = 0;
        for (uint32_t j = 0; j < n; j++)
            if (list_items(vm, list)[j] == k) { found = 1; break; }
        if (!found) return vm_throw_type_error(vm, "'ownKeys' on proxy: trap result did not include a required key");
    }
    if (!ext) {
        for (uint32_t j = 0; j < n; j++) {
            Value k = list_items(vm, list)[j];
            int found = 0;
            for (uint32_t i = 0; i < tn; i++)
                if (list_items(vm, tkeys)[i] == k) { found = 1; break; }
            if (!found) return vm_throw_type_error(vm, "'ownKeys' on proxy: trap returned extra keys but proxy target is non-extensible");
        }
    }
    return list;
}

static Value proxy_call(VM *vm, Value p, Value this_val, int argc, const Value *argv) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &this_val);
    Value args = array_from_values(vm, argv, (uint32_t)argc);
    if (args == VAL_EXCEPTION) return args;
    vm_root(vm, &args);
    Value trap;
    if (get_trap(vm, p, "apply", &trap) < 0) return VAL_EXCEPTION;
    Value target = proxy_target(vm, p);
    if (trap == VAL_UNDEFINED) {
        uint32_t n;
        Value list = create_list_from_array_like(vm, args, &n);
        if (list == VAL_EXCEPTION) return list;
        vm_root(vm, &list);
        return vm_call(vm, proxy_target(vm, p), this_val, (int)n, list_items(vm, list));
    }
    Value a[3] = { target, this_val, args };
    return vm_call(vm, trap, proxy_handler(vm, p), 3, a);
}

static Value proxy_construct(VM *vm, Value p, int argc, const Value *argv, Value new_target) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &p);
    vm_root(vm, &new_target);
    Value args = array_from_values(vm, argv, (uint32_t)argc);
    if (args == VAL_EXCEPTION) return args;
    vm_root(vm, &args);
    Value trap;
    if (get_trap(vm, p, "construct", &trap) < 0) return VAL_EXCEPTION;
    Value target = proxy_target(vm, p);
    if (trap == VAL_UNDEFINED) {
        uint32_t n;
        Value list = create_list_from_array_like(vm, args, &n);
        if (list == VAL_EXCEPTION) return list;
        vm_root(vm, &list);
        return vm_construct(vm, proxy_target(vm, p), (int)n, list_items(vm, list), new_target);
    }
    Value a[3] = { target, args, new_target };
    Value r = vm_call(vm, trap, proxy_handler(vm, p), 3, a);
    if (r == VAL_EXCEPTION) return r;
    if (!val_is_object(r)) return vm_throw_type_error(vm, "proxy [[Construct]] must return an object");
    return r;
}

const ClassOps proxy_class_ops = {
    .name = "Proxy",
    .get_own_property = proxy_get_own_property,
    .define_own_property = proxy_define_own_property,
    .has_property = proxy_has,
    .get = proxy_get,
    .set = proxy_set,
    .delete_property = proxy_delete,
    .own_keys = proxy_own_keys,
    .get_prototype_of = proxy_get_prototype_of,
    .set_prototype_of = proxy_set_prototype_of,
    .is_extensible = proxy_is_extensible,
    .prevent_extensions = proxy_prevent_extensions,
    .call = proxy_call,
    .construct = proxy_construct,
};

/* ProxyCreate(target, handler). */
static Value proxy_create(VM *vm, Value target, Value handler) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(target) || !val_is_object(handler)) return vm_throw_type_error(vm, "Cannot create proxy with a non-object as target or handler");
    vm_root(vm, &target);
    vm_root(vm, &handler);
    Value p = obj_new(vm, VAL_NULL, CLASS_PROXY);
    if (p == VAL_EXCEPTION) return p;
    CellHeader *h = obj_header(vm, p);
    CellHeader *th = obj_header(vm, target);
    h->flags = (uint8_t)(OF_EXTENSIBLE | (th->flags & (OF_CALLABLE | OF_CONSTRUCTOR)));
    obj_words(vm, p)[OBJ_SLOT0 + P_TARGET] = target;
    obj_words(vm, p)[OBJ_SLOT0 + P_HANDLER] = handler;
    return p;
}

static Value Proxy_constructor(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)func; (void)magic;
    if (nt == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor Proxy requires 'new'");
    return proxy_create(vm, argv[0], argv[1]);
}

/* The revoke function made by Proxy.revocable: data0 = the proxy (null once used). */
static Value Proxy_revoke(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)nt; (void)magic;
    Value *d = obj_slot(vm, func, NFN_DATA0);
    Value p = *d;
    if (p == VAL_NULL || p == VAL_UNDEFINED) return VAL_UNDEFINED;
    *d = VAL_NULL;
    obj_words(vm, p)[OBJ_SLOT0 + P_TARGET] = VAL_NULL;
    obj_words(vm, p)[OBJ_SLOT0 + P_HANDLER] = VAL_NULL;
    return VAL_UNDEFINED;
}

static Value Proxy_revocable(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)nt; (void)func; (void)magic;
    Value p = proxy_create(vm, argv[0], argv[1]);
    if (p == VAL_EXCEPTION) return p;
    vm_root(vm, &p);
    Value revoke = vm_new_native_closure(vm, Proxy_revoke, 0, "", 0);
    if (revoke == VAL_EXCEPTION) return revoke;
    *obj_slot(vm, revoke, NFN_DATA0) = p;
    vm_root(vm, &revoke);
    Value r = obj_new_plain(vm);
    if (r == VAL_EXCEPTION) return r;
    if (obj_define_fast(vm, r, atom_from_cstr(vm, "proxy"), p, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    if (obj_define_fast(vm, r, atom_from_cstr(vm, "revoke"), revoke, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    return r;
}

static const NativeDef proxy_ctor_def[] = {
    { "Proxy", Proxy_constructor, 2, NDEF_CTOR_ONLY, 0, 0 },
    { "", Proxy_revoke, 0, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef proxy_static_defs[] = {
    { "revocable", Proxy_revocable, 2, NDEF_METHOD, 0, 0 },
};

const NativeTable proxy_tables[] = {
    NATIVE_TABLE("Proxy", proxy_ctor_def),
    NATIVE_TABLE("Proxy.static", proxy_static_defs),
};
const size_t proxy_tables_count = 2;

int init_proxy(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value ctor = vm_make_constructor(vm, &proxy_ctor_def[0], VAL_UNDEFINED, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_root(vm, &ctor);
    if (vm_install(vm, ctor, proxy_static_defs, 1) < 0) return -1;
    vm_set_intrinsic(vm, INTR_ProxyConstructor, ctor);
    return vm_define_global(vm, "Proxy", ctor);
}
