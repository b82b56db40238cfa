/* test262_host.c — the $262 host object test262's harness expects (INTERPRETING.md), for
 * `cryo --test262`. Host functions are registered by name like any embedder's. */
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "cryo_tool.h"

/* $262.evalScript(source): run source as a new script in the current realm, which is the
 * realm of the $262 object the function belongs to (natives run in their own realm). */
static Value h_evalScript(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)nt; (void)func; (void)magic;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    size_t len;
    char *src = str_to_utf8(vm, s, &len);
    if (!src) return vm_throw_out_of_memory(vm);
    Value r = vm_eval_script(vm, src, len, "evalScript");
    free(src);
    return r;
}

/* $262.gc(): request a full collection at the next safe point. */
static Value h_gc(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    vm->gc_threshold = 0;
    return VAL_UNDEFINED;
}

/* $262.detachArrayBuffer(buffer) */
static Value h_detach(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)nt; (void)func; (void)magic;
    Value b = argv[0];
    if (!val_is_object(b) || obj_class(vm, b) != CLASS_ARRAY_BUFFER) return vm_throw_type_error(vm, "not an ArrayBuffer");
    Value *s = obj_slot(vm, b, 0);
    s[0] = VAL_UNDEFINED;   /* bytes */
    s[1] = val_int(0);      /* byte length */
    s[2] = VAL_TRUE;        /* detached */
    return VAL_NULL;
}

/* $262.IsHTMLDDA: called with no arguments or "" it returns null. */
static Value h_htmldda(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)vm; (void)this_val; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return VAL_NULL;
}

static Value h_createRealm(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic);

/* The host functions of $262, in registration order (snapshots name them: a program that
 * restores one registers them in this order, test262_register). The last is IsHTMLDDA. */
static const struct { const char *name; NativeFn fn; int len; } host_fns[] = {
    { "evalScript", h_evalScript, 1 }, { "gc", h_gc, 0 }, { "detachArrayBuffer", h_detach, 1 },
    { "createRealm", h_createRealm, 0 }, { "IsHTMLDDA", h_htmldda, 0 },
};
enum { HOST_FN_COUNT = sizeof host_fns / sizeof host_fns[0] };

int test262_register(VM *vm, void *ctx) {
    (void)ctx;
    for (int i = 0; i < HOST_FN_COUNT; i++)
        if (vm_native_id(vm, host_fns[i].fn, 0) < 0 &&
            vm_register_host_function(vm, host_fns[i].name, host_fns[i].fn, host_fns[i].len) < 0)
            return -1;
    return 0;
}

/* Makes the $262 object of the current realm and defines it as the global "$262". */
static Value test262_make(VM *vm) {
    VM_ROOT_SCOPE(vm);
    if (test262_register(vm, NULL) < 0) return vm_throw_out_of_memory(vm);
    Value o = obj_new_plain(vm);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    for (int i = 0; i < HOST_FN_COUNT; i++) {
        const NativeDef *def = vm->natives[vm_native_id(vm, host_fns[i].fn, 0)];
        Value f = vm_new_native_function(vm, def, vm_intrinsic(vm, INTR_FunctionPrototype));
        if (f == VAL_EXCEPTION) return f;
        if (host_fns[i].fn == h_htmldda) obj_header(vm, f)->flags |= OF_HTMLDDA;
        if (obj_define_fast(vm, o, atom_from_cstr(vm, host_fns[i].name), f, PROP_METHOD) < 0) return VAL_EXCEPTION;
    }
    Value global = vm_intrinsic(vm, INTR_GlobalObject);
    if (obj_define_fast(vm, o, atom_from_cstr(vm, "global"), global, PROP_METHOD) < 0) return VAL_EXCEPTION;
    Value agent = obj_new_plain(vm);
    if (agent == VAL_EXCEPTION) return agent;
    if (obj_define_fast(vm, o, atom_from_cstr(vm, "agent"), agent, PROP_METHOD) < 0) return VAL_EXCEPTION;
    if (vm_define_global(vm, "$262", o) < 0) return VAL_EXCEPTION;
    return o;
}

/* $262.createRealm(): a new realm (its own intrinsics, global object and print) with its own
 * $262, which is returned. */
static Value h_createRealm(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    VM_ROOT_SCOPE(vm);
    Value realm = realm_new(vm);
    if (realm == VAL_EXCEPTION) return realm;
    Value saved = vm->roots[ROOT_REALM];
    vm_root(vm, &saved);
    vm->roots[ROOT_REALM] = realm;
    Value o = test262_make(vm);
    vm->roots[ROOT_REALM] = saved;
    return o;
}

int test262_install(VM *vm) {
    return test262_make(vm) == VAL_EXCEPTION ? -1 : 0;
}
