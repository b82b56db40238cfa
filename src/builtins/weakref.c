/* weakref.c — WeakRef and FinalizationRegistry (ECMA-262 26.1, 26.2), deterministic.
 *
 * LAYOUTS (shared with the collector, gc_weak.c — keep in step):
 *
 *  WeakRef (CLASS_WEAKREF): class slot [0] = the target (object or unregistered symbol),
 *    held weakly. When the target dies the collector sets slot [0] to undefined; deref()
 *    then returns undefined.
 *
 *  FinalizationRegistry (CLASS_FINALIZATION_REGISTRY):
 *    class slot [0] = cleanup callback (strong);
 *    class slot [1] = cells: a CELL_ARRAY of 1 + 3 * capacity Values:
 *        [0]       int: number of cells in use, n (cells [0, n) are packed, in
 *                  registration order; unused words are undefined)
 *        [1 + 3i]  target       (weak) — set to VAL_HOLE by the collector when the target
 *                                 died: the cell then waits for its cleanup job
 *        [2 + 3i]  held value   (strong)
 *        [3 + 3i]  unregister token (weak; undefined when none) — the collector sets it
 *                                 to undefined when the token died
 *    After a collection in which at least one cell's target died, the collector calls
 *    finreg_after_gc(vm, registry) once per such registry (in a deterministic order, at a
 *    point where allocation is allowed); that enqueues one cleanup job for the registry.
 *    The job removes every VAL_HOLE cell, in order, and calls the callback with its held
 *    value.
 *
 *  KeptObjects (AddToKeptObjects / ClearKeptObjects, 9.10): WeakRef construction and
 *    deref() keep the target alive until the current job ends. The list lives in class
 *    slot [0] of %WeakRef.prototype%, which is made as a CLASS_HOST object for that purpose
 *    (its other behaviour is ordinary): a JS array of the kept targets, or undefined.
 *    weakref_clear_kept_objects(vm) empties it; vm_run_jobs calls it on entry (after a
 *    script) and after each job, as ClearKeptObjects requires.
 */
#include "builtins.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)

/* Entry point for the collector (gc_weak.c). */
int finreg_after_gc(VM *vm, Value registry);

/* CanBeHeldWeakly(v) (9.13). */
static bool can_be_held_weakly(VM *vm, Value v) {
    if (val_is_object(v)) return true;
    if (val_is_symbol(v)) return !(val_to_int(vm_cell_values(vm, val_ref(v))[SYM_FLAGS]) & SYM_REGISTERED);
    return false;
}

/* AddToKeptObjects(target). -1 on OOM. */
static int add_to_kept_objects(VM *vm, Value target) {
    Value holder = vm_intrinsic(vm, INTR_WeakRefPrototype);
    if (!val_is_object(holder) || obj_class(vm, holder) != CLASS_HOST) return 0;
    Value list = *obj_slot(vm, holder, 0);
    if (!val_is_object(list)) {
        list = array_new(vm, 0);
        if (list == VAL_EXCEPTION) return -1;
        *obj_slot(vm, holder, 0) = list;
    }
    return array_push(vm, list, target);
}

/* ClearKeptObjects(): forget every kept target. */
void weakref_clear_kept_objects(VM *vm) {
    Value holder = vm_intrinsic(vm, INTR_WeakRefPrototype);
    if (val_is_object(holder) && obj_class(vm, holder) == CLASS_HOST) *obj_slot(vm, holder, 0) = VAL_UNDEFINED;
}

/* WeakRef(target) (26.1.1.1). */
static Value WeakRef_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic; (void)argc;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor WeakRef requires 'new'");
    if (!can_be_held_weakly(vm, argv[0])) return vm_throw_type_error(vm, "WeakRef: invalid target");
    Value obj = obj_create_from_constructor(vm, new_target, INTR_WeakRefPrototype, CLASS_WEAKREF);
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj);
    if (add_to_kept_objects(vm, argv[0]) < 0) return VAL_EXCEPTION;
    *obj_slot(vm, obj, 0) = argv[0];
    return obj;
}

/* WeakRef.prototype.deref() (26.1.3.2). */
static Value WeakRef_prototype_deref(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_WEAKREF)
        return vm_throw_type_error(vm, "WeakRef.prototype.deref called on incompatible receiver");
    Value t = *obj_slot(vm, this_val, 0);
    if (t == VAL_UNDEFINED || t == VAL_EMPTY || t == VAL_HOLE) return VAL_UNDEFINED;
    if (add_to_kept_objects(vm, t) < 0) return VAL_EXCEPTION;
    return *obj_slot(vm, this_val, 0);
}

/* FinalizationRegistry(cleanupCallback) (26.2.1.1). */
static Value FinalizationRegistry_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)this_val; (void)func; (void)magic; (void)argc;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor FinalizationRegistry requires 'new'");
    if (!vm_is_callable(vm, argv[0])) return vm_throw_type_error(vm, "FinalizationRegistry: cleanup must be callable");
    Value obj = obj_create_from_constructor(vm, new_target, INTR_FinalizationRegistryPrototype, CLASS_FINALIZATION_REGISTRY);
    if (obj == VAL_EXCEPTION) return obj;
    Ref cells = heap_alloc_values(vm, CELL_ARRAY, 0, 1 + 3 * 4, VAL_UNDEFINED);
    if (!cells) return vm_throw_out_of_memory(vm);
    vm_cell_values(vm, cells)[0] = val_int(0);
    *obj_slot(vm, obj, 0) = argv[0];
    *obj_slot(vm, obj, 1) = val_cell(cells);
    return obj;
}

/* RequireInternalSlot(this, [[Cells]]). */
static Value this_registry(VM *vm, Value this_val, const char *what) {
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_FINALIZATION_REGISTRY)
        return vm_throw_type_error(vm, "FinalizationRegistry.prototype.%s called on incompatible receiver", what);
    return this_val;
}

/* FinalizationRegistry.prototype.register(target, heldValue, unregisterToken) (26.2.3.2). */
static Value FinalizationRegistry_prototype_register(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)new_target; (void)func; (void)magic;
    if (this_registry(vm, this_val, "register") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value target = argv[0], held = argv[1], token = ARG(2);
    if (!can_be_held_weakly(vm, target)) return vm_throw_type_error(vm, "FinalizationRegistry.prototype.register: invalid target");
    if (same_value(vm, target, held)) return vm_throw_type_error(vm, "FinalizationRegistry.prototype.register: target and holdings must not be same");
    if (!can_be_held_weakly(vm, token)) {
        if (token != VAL_UNDEFINED) return vm_throw_type_error(vm, "FinalizationRegistry.prototype.register: invalid unregister token");
    }
    Value cells = *obj_slot(vm, this_val, 1);
    Value *c = vm_cell_values(vm, val_ref(cells));
    uint32_t n = (uint32_t)val_to_int(c[0]);
    uint32_t cap = (CELL(vm, val_ref(cells))->size - 2) / 3;
    if (n == cap) {
        Ref nc = heap_alloc_values(vm, CELL_ARRAY, 0, 1 + 3 * (size_t)cap * 2, VAL_UNDEFINED);
        if (!nc) return vm_throw_out_of_memory(vm);
        c = vm_cell_values(vm, val_ref(*obj_slot(vm, this_val, 1)));
        memcpy(vm_cell_values(vm, nc), c, (1 + 3 * (size_t)n) * sizeof(Value));
        cells = val_cell(nc);
        *obj_slot(vm, this_val, 1) = cells;
        c = vm_cell_values(vm, nc);
    }
    c[1 + 3 * n] = target;
    c[2 + 3 * n] = held;
    c[3 + 3 * n] = token;
    c[0] = val_int((int32_t)n + 1);
    return VAL_UNDEFINED;
}

/* FinalizationRegistry.prototype.unregister(unregisterToken) (26.2.3.3). */
static Value FinalizationRegistry_prototype_unregister(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (this_registry(vm, this_val, "unregister") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value token = argv[0];
    if (!can_be_held_weakly(vm, token)) return vm_throw_type_error(vm, "FinalizationRegistry.prototype.unregister: invalid unregister token");
    Value *c = vm_cell_values(vm, val_ref(*obj_slot(vm, this_val, 1)));
    uint32_t n = (uint32_t)val_to_int(c[0]), j = 0;
    bool removed = false;
    for (uint32_t i = 0; i < n; i++) {
        if (c[3 + 3 * i] == token) { removed = true; continue; }
        if (j != i) memmove(&c[1 + 3 * j], &c[1 + 3 * i], 3 * sizeof(Value));
        j++;
    }
    for (uint32_t i = j; i < n; i++) c[1 + 3 * i] = c[2 + 3 * i] = c[3 + 3 * i] = VAL_UNDEFINED;
    c[0] = val_int((int32_t)j);
    return val_bool(removed);
}

/* The cleanup job for one registry (argv[0] = the registry): CleanupFinalizationRegistry. */
static Value FinalizationRegistry_cleanup_job(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value reg = argv[0], held = VAL_UNDEFINED;
    if (!val_is_object(reg) || obj_class(vm, reg) != CLASS_FINALIZATION_REGISTRY) return VAL_UNDEFINED;
    vm_root(vm, &reg); vm_root(vm, &held);
    for (;;) {
        Value *c = vm_cell_values(vm, val_ref(*obj_slot(vm, reg, 1)));
        uint32_t n = (uint32_t)val_to_int(c[0]), i;
        for (i = 0; i < n; i++) if (c[1 + 3 * i] == VAL_HOLE) break;
        if (i == n) return VAL_UNDEFINED;
        held = c[2 + 3 * i];
        memmove(&c[1 + 3 * i], &c[4 + 3 * i], 3 * (size_t)(n - 1 - i) * sizeof(Value));
        c[1 + 3 * (n - 1)] = c[2 + 3 * (n - 1)] = c[3 + 3 * (n - 1)] = VAL_UNDEFINED;
        c[0] = val_int((int32_t)n - 1);
        Value cb = *obj_slot(vm, reg, 0);
        if (vm_call(vm, cb, VAL_UNDEFINED, 1, &held) == VAL_EXCEPTION) return VAL_EXCEPTION;
    }
}

/* Called by the collector (after a collection, where allocation is allowed) for each
 * registry that has newly collected cells: enqueue its cleanup job. -1 on OOM. */
int finreg_after_gc(VM *vm, Value registry) {
    Value fn = vm_new_native_closure(vm, FinalizationRegistry_cleanup_job, 0, "", 1);
    if (fn == VAL_EXCEPTION) return -1;
    return vm_enqueue_job(vm, fn, 1, &registry);
}

static const NativeDef weakref_ctor_defs[] = {
    { "WeakRef", WeakRef_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "FinalizationRegistry", FinalizationRegistry_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "cleanup", FinalizationRegistry_cleanup_job, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef weakref_proto_defs[] = {
    { "deref", WeakRef_prototype_deref, 0, NDEF_METHOD, 0, 0 },
};
static const NativeDef finreg_proto_defs[] = {
    { "register", FinalizationRegistry_prototype_register, 2, NDEF_METHOD, 0, 0 },
    { "unregister", FinalizationRegistry_prototype_unregister, 1, NDEF_METHOD, 0, 0 },
};

const NativeTable weakref_tables[] = {
    NATIVE_TABLE("WeakRef constructors", weakref_ctor_defs),
    NATIVE_TABLE("WeakRef.prototype", weakref_proto_defs),
    NATIVE_TABLE("FinalizationRegistry.prototype", finreg_proto_defs),
};
const size_t weakref_tables_count = sizeof(weakref_tables) / sizeof(weakref_tables[0]);

static int init_weakref_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_HOST), ctor = VAL_UNDEFINED;
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto); vm_root(vm, &ctor);
    ctor = vm_make_constructor(vm, &weakref_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION || vm_install(vm, proto, weakref_proto_defs, 1) < 0) return -1;
    Value tag = str_from_cstr(vm, "WeakRef");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, INTR_WeakRefPrototype, proto);
    if (vm_define_global(vm, "WeakRef", ctor) < 0) return -1;

    proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    ctor = vm_make_constructor(vm, &weakref_ctor_defs[1], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION || vm_install(vm, proto, finreg_proto_defs, 2) < 0) return -1;
    tag = str_from_cstr(vm, "FinalizationRegistry");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, INTR_FinalizationRegistryPrototype, proto);
    return vm_define_global(vm, "FinalizationRegistry", ctor);
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_weakref(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_weakref_body(vm);
    vm->nroots = root_mark;
    return r;
}
