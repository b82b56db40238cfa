/* realm.c — creating a realm: the fundamental objects, then every built-in family (the first
 * realm of a VM, and more with realm_new; vm.h "Realms"). */
#include "vm.h"
#include "interp.h"
#include "builtins/builtins.h"

/* %Function.prototype% itself: accepts any arguments and returns undefined. */
static Value FunctionPrototype_call(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)vm; (void)this_val; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return VAL_UNDEFINED;
}

static const NativeDef realm_defs[] = {
    { "", FunctionPrototype_call, 0, NDEF_CTOR_ONLY, 0, 0 },
};

const NativeTable realm_native_tables[] = { NATIVE_TABLE("realm", realm_defs) };
const size_t realm_native_tables_count = 1;

Value builtin_this_class(VM *vm, Value this_val, ClassId cls, const char *what) {
    if (val_is_object(this_val) && obj_class(vm, this_val) == cls) return this_val;
    return vm_throw_type_error(vm, "%s called on incompatible receiver", what);
}

int realm_init(VM *vm) {
    Value realm = list_new(vm, INTR_COUNT);
    if (realm == VAL_EXCEPTION) return -1;
    vm->roots[ROOT_REALM] = realm;
    Value op = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (op == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_ObjectPrototype, op);
    Value fp = vm_new_native_function(vm, &realm_defs[0], op);
    if (fp == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_FunctionPrototype, fp);
    Value global = obj_new(vm, op, CLASS_OBJECT);
    if (global == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_GlobalObject, global);
    vm_set_intrinsic(vm, INTR_GlobalThisValue, global);
#define FAMILY(n) if (init_##n(vm) < 0) return -1;
#include "builtins/families.def"
#undef FAMILY
    if (interp_init_realm(vm) < 0) return -1;
    if (disposable_init_iterators(vm) < 0) return -1;
    return 0;
}

Value realm_new(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value saved = vm->roots[ROOT_REALM];
    vm_root(vm, &saved);
    int r = realm_init(vm);   /* makes the new realm current while it builds it */
    Value realm = vm->roots[ROOT_REALM];
    vm->roots[ROOT_REALM] = saved;
    if (r < 0) return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    return realm;
}
