/* bigint.c (builtins) — the BigInt constructor and prototype (ECMA-262 21.2). */
#include "builtins.h"
#include "../bigint.h"

/* thisBigIntValue. */
static Value this_bigint(VM *vm, Value v, const char *what) {
    if (val_is_bigint(v)) return v;
    if (val_is_object(v) && obj_class(vm, v) == CLASS_BIGINT) return obj_words(vm, v)[OBJ_SLOT0];
    return vm_throw_type_error(vm, "%s requires that 'this' be a BigInt", what);
}

static Value BigInt_constructor(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)func; (void)magic;
    if (nt != VAL_UNDEFINED) return vm_throw_type_error(vm, "BigInt is not a constructor");
    Value prim = to_primitive(vm, argv[0], HINT_NUMBER);
    if (prim == VAL_EXCEPTION) return prim;
    if (val_is_number(prim)) return bigint_from_double(vm, num_value(prim));
    return to_bigint(vm, prim);
}

static Value BigInt_asN(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)nt; (void)func;
    uint64_t bits;
    if (to_index(vm, argv[0], &bits) < 0) return VAL_EXCEPTION;
    Value b = to_bigint(vm, argv[1]);
    if (b == VAL_EXCEPTION) return b;
    return bigint_as_int_n(vm, bits, b, magic);
}

static Value BigInt_prototype_toString(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)nt; (void)func;
    Value b = this_bigint(vm, this_val, magic ? "BigInt.prototype.toLocaleString" : "BigInt.prototype.toString");
    if (b == VAL_EXCEPTION) return b;
    vm_root(vm, &b);
    int radix = 10;
    if (!magic && argv[0] != VAL_UNDEFINED) {
        double r;
        if (to_integer_or_infinity(vm, argv[0], &r) < 0) return VAL_EXCEPTION;
        if (r < 2 || r > 36) return vm_throw_range_error(vm, "toString() radix must be between 2 and 36");
        radix = (int)r;
    }
    return bigint_to_string(vm, b, radix);
}

static Value BigInt_prototype_valueOf(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return this_bigint(vm, this_val, "BigInt.prototype.valueOf");
}

static const NativeDef bigint_ctor_defs[] = {
    { "BigInt", BigInt_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef bigint_static_defs[] = {
    { "asIntN", BigInt_asN, 2, NDEF_METHOD, 1, 0 },
    { "asUintN", BigInt_asN, 2, NDEF_METHOD, 0, 0 },
};
static const NativeDef bigint_proto_defs[] = {
    { "toString", BigInt_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "toLocaleString", BigInt_prototype_toString, 0, NDEF_METHOD, 1, 0 },
    { "valueOf", BigInt_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable bigint_tables[] = {
    NATIVE_TABLE("BigInt", bigint_ctor_defs),
    NATIVE_TABLE("BigInt.static", bigint_static_defs),
    NATIVE_TABLE("BigInt.prototype", bigint_proto_defs),
};
const size_t bigint_tables_count = 3;

int init_bigint(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto);
    vm_set_intrinsic(vm, INTR_BigIntPrototype, proto);
    Value ctor = vm_make_constructor(vm, &bigint_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_root(vm, &ctor);
    if (vm_install(vm, ctor, bigint_static_defs, 2) < 0) return -1;
    if (vm_install(vm, proto, bigint_proto_defs, 3) < 0) return -1;
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), ATOM(vm, BigInt), PROP_CONFIGURABLE) < 0) return -1;
    return vm_define_global(vm, "BigInt", ctor);
}
