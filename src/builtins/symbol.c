/* symbol.c — the Symbol constructor, the global symbol registry and Symbol.prototype
 * (ECMA-262 20.4). Symbol wrapper objects are CLASS_SYMBOL with the primitive in slot [0].
 *
 * The GlobalSymbolRegistry (Symbol.for / Symbol.keyFor) is an ordinary object with a null
 * prototype held in vm->roots[ROOT_SYMBOL_REGISTRY]: property key = the registry key (as a
 * property key), value = the symbol. Registered symbols carry SYM_REGISTERED in their
 * flags, so keyFor is their [[Description]]. The table is in the heap (snapshot-safe) and
 * never runs JS when read.
 */
#include "builtins.h"

/* The registry object, created on first use. VAL_EXCEPTION on OOM. */
static Value symbol_registry(VM *vm) {
    Value reg = vm->roots[ROOT_SYMBOL_REGISTRY];
    if (val_is_object(reg)) return reg;
    reg = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (reg == VAL_EXCEPTION) return reg;
    vm->roots[ROOT_SYMBOL_REGISTRY] = reg;
    return reg;
}

/* Symbol([description]) (20.4.1.1). */
static Value Symbol_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                                Value func, int magic) {
    (void)this_val; (void)func; (void)magic;
    if (!val_is_undefined(new_target)) return vm_throw_type_error(vm, "Symbol is not a constructor");
    Value desc = VAL_UNDEFINED;
    if (argc > 0 && !val_is_undefined(argv[0])) {
        desc = to_string(vm, argv[0]);
        if (desc == VAL_EXCEPTION) return desc;
    }
    return symbol_new(vm, desc);
}

/* Symbol.for(key) (20.4.2.2). */
static Value Symbol_for(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                        Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value str = to_string(vm, argv[0]);
    if (str == VAL_EXCEPTION) return str;
    str = str_flatten(vm, str);
    if (str == VAL_EXCEPTION) return str;
    Value reg = symbol_registry(vm);
    if (reg == VAL_EXCEPTION) return reg;
    Value key = key_from_string(vm, str);
    if (key == VAL_EXCEPTION) return key;
    PropDesc d;
    int r = ordinary_get_own_property(vm, reg, key, &d);
    if (r < 0) return VAL_EXCEPTION;
    if (r) return d.value;
    Value sym = symbol_new(vm, str);
    if (sym == VAL_EXCEPTION) return sym;
    Value *w = vm_cell_values(vm, val_ref(sym));
    w[SYM_FLAGS] = val_int(val_to_int(w[SYM_FLAGS]) | SYM_REGISTERED);
    if (obj_define_fast(vm, reg, key, sym, PROP_DEFAULT) < 0) return vm_throw_out_of_memory(vm);
    return sym;
}

/* Symbol.keyFor(sym) (20.4.2.6). */
static Value Symbol_keyFor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_symbol(argv[0])) return vm_throw_type_error(vm, "Symbol.keyFor: not a symbol");
    Value *w = vm_cell_values(vm, val_ref(argv[0]));
    if (val_to_int(w[SYM_FLAGS]) & SYM_REGISTERED) return w[SYM_DESC];
    return VAL_UNDEFINED;
}

/* thisSymbolValue(value) (20.4.3.4.1). */
static Value this_symbol_value(VM *vm, Value v, const char *what) {
    if (val_is_symbol(v)) return v;
    if (val_is_object(v) && obj_class(vm, v) == CLASS_SYMBOL) return *obj_slot(vm, v, 0);
    return vm_throw_type_error(vm, "%s requires that 'this' be a Symbol", what);
}

/* SymbolDescriptiveString(sym) (20.4.3.3.1). */
static Value symbol_descriptive_string(VM *vm, Value sym) {
    Value desc = symbol_description(vm, sym);
    StrBuilder sb;
    sb_init(&sb, vm);
    sb_append_cstr(&sb, "Symbol(");
    if (val_is_string(desc)) sb_append_string(&sb, desc);
    sb_append_char(&sb, ')');
    return sb_finish(&sb);
}

/* get Symbol.prototype.description (20.4.3.2). */
static Value Symbol_prototype_description(VM *vm, Value this_val, int argc, Value *argv,
                                          Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value sym = this_symbol_value(vm, this_val, "Symbol.prototype.description");
    if (sym == VAL_EXCEPTION) return sym;
    return symbol_description(vm, sym);
}

/* Symbol.prototype.toString() (20.4.3.3). */
static Value Symbol_prototype_toString(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value sym = this_symbol_value(vm, this_val, "Symbol.prototype.toString");
    if (sym == VAL_EXCEPTION) return sym;
    return symbol_descriptive_string(vm, sym);
}

/* Symbol.prototype.valueOf() (20.4.3.4) and [@@toPrimitive](hint) (20.4.3.5). */
static Value Symbol_prototype_valueOf(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    return this_symbol_value(vm, this_val, magic ? "Symbol.prototype [ @@toPrimitive ]"
                                                 : "Symbol.prototype.valueOf");
}

static const NativeDef symbol_ctor_defs[] = {
    { "Symbol", Symbol_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
};

static const NativeDef symbol_static_defs[] = {
    { "for", Symbol_for, 1, NDEF_METHOD, 0, 0 },
    { "keyFor", Symbol_keyFor, 1, NDEF_METHOD, 0, 0 },
};

static const NativeDef symbol_proto_defs[] = {
    { "toString", Symbol_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "valueOf", Symbol_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
    { "description", Symbol_prototype_description, 0, NDEF_GETTER, 0, 0 },
    { "[Symbol.toPrimitive]", Symbol_prototype_valueOf, 1, NDEF_METHOD, 1, PROP_CONFIGURABLE },
};

const NativeTable symbol_tables[] = {
    NATIVE_TABLE("Symbol", symbol_ctor_defs),
    NATIVE_TABLE("Symbol.static", symbol_static_defs),
    NATIVE_TABLE("Symbol.prototype", symbol_proto_defs),
};
const size_t symbol_tables_count = sizeof(symbol_tables) / sizeof(symbol_tables[0]);

/* Property names of the well-known symbols on %Symbol%, in WellKnownSymbol order. */
static const char *const symbol_wks_names[WKS_COUNT] = {
#define DEF(c, s) #c,
#include "../wellknown.def"
#undef DEF
};

/* Creates %Symbol% and %Symbol.prototype%, and the (empty) registry. */
int init_symbol(VM *vm) {
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_SymbolPrototype, proto);
    Value ctor = vm_make_constructor(vm, &symbol_ctor_defs[0], proto,
                                     vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Symbol, ctor);
    if (vm_install(vm, ctor, symbol_static_defs,
                   sizeof(symbol_static_defs) / sizeof(symbol_static_defs[0])) < 0)
        return -1;
    if (vm_install(vm, proto, symbol_proto_defs,
                   sizeof(symbol_proto_defs) / sizeof(symbol_proto_defs[0])) < 0)
        return -1;
    for (int i = 0; i < WKS_COUNT; i++) {
        Value key = atom_from_cstr(vm, symbol_wks_names[i]);
        if (key == VAL_EXCEPTION) return -1;
        if (obj_define_fast(vm, ctor, key, vm_wks(vm, (WellKnownSymbol)i), 0) < 0) return -1;
    }
    Value tag = atom_from_cstr(vm, "Symbol");
    if (tag == VAL_EXCEPTION) return -1;
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0)
        return -1;
    if (symbol_registry(vm) == VAL_EXCEPTION) return -1;
    return vm_define_global(vm, "Symbol", ctor);
}
