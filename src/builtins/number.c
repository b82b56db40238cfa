/* number.c — the Number constructor, its statics (including parseInt / parseFloat, which
 * are the same function objects as the globals: global.c copies them from %Number%) and
 * Number.prototype (ECMA-262 21.1, 19.2.4, 19.2.5). Formatting and parsing go through
 * numconv.h, which is exact and platform independent.
 * Number wrapper objects are CLASS_NUMBER with the primitive in slot [0]. */
#include <math.h>
#include "builtins.h"
#include "../numconv.h"
#include "../bigint.h"

/* A number string Value from a C buffer of ASCII. */
static Value num_ascii(VM *vm, const char *buf, int len) {
    return str_from_latin1(vm, (const uint8_t *)buf, (size_t)len);
}

/* Number::toString(x) as a string Value. */
static Value num_string(VM *vm, double x) {
    char buf[NUM_TOSTRING_BUFSZ];
    return num_ascii(vm, buf, num_to_string(x, buf));
}

/* Number(value) (21.1.1.1). */
static Value Number_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                                Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic;
    vm_root(vm, &new_target);   /* ToNumeric below may run JavaScript (and collect) */
    Value n = val_int(0);
    if (argc > 0) {
        Value prim = to_numeric(vm, argv[0]);
        if (prim == VAL_EXCEPTION) return prim;
        if (val_is_bigint(prim)) prim = val_number(bigint_to_double(vm, prim));  /* 𝔽(ℝ(prim)) */
        n = prim;
    }
    if (val_is_undefined(new_target)) return n;
    Value o = obj_create_from_constructor(vm, new_target, INTR_NumberPrototype, CLASS_NUMBER);
    if (o == VAL_EXCEPTION) return o;
    *obj_slot(vm, o, 0) = n;
    return o;
}

/* ---------------------------------------------------------------------------------------
 * Statics (21.1.2)
 * ------------------------------------------------------------------------------------- */

/* True if d is an integral Number (IsIntegralNumber). */
static int num_is_integral(double d) {
    return isfinite(d) && trunc(d) == d;
}

/* Number.isFinite / isInteger / isNaN / isSafeInteger (21.1.2.2-5); magic selects. */
static Value Number_isFinite(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)vm; (void)this_val; (void)argc; (void)new_target; (void)func;
    if (!val_is_number(argv[0])) return VAL_FALSE;
    double d = num_value(argv[0]);
    switch (magic) {
    case 0: return val_bool(isfinite(d));
    case 1: return val_bool(num_is_integral(d));
    case 2: return val_bool(d != d);
    default: return val_bool(num_is_integral(d) && fabs(d) <= 9007199254740991.0);
    }
}

/* The code unit at i of a flat string (Latin-1 or UTF-16). */
static uint16_t num_unit(VM *vm, Value s, uint32_t i) { return str_at(vm, s, i); }

/* Index of the first non-StrWhiteSpaceChar of flat string s (TrimString start). */
static uint32_t num_skip_space(VM *vm, Value s, uint32_t len) {
    uint32_t i = 0;
    while (i < len && num_is_str_whitespace(num_unit(vm, s, i))) i++;
    return i;
}

/* parseInt(string, radix) (19.2.5). */
static Value Number_parseInt(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    int32_t r;
    if (to_int32(vm, argv[1], &r) < 0) return VAL_EXCEPTION;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    uint32_t i = num_skip_space(vm, s, len);
    int neg = 0;
    if (i < len && (num_unit(vm, s, i) == '-' || num_unit(vm, s, i) == '+')) {
        neg = num_unit(vm, s, i) == '-';
        i++;
    }
    int strip_prefix = 1;
    if (r != 0) {
        if (r < 2 || r > 36) return VAL_NAN_BITS;
        if (r != 16) strip_prefix = 0;
    } else {
        r = 10;
    }
    if (strip_prefix && i + 1 < len && num_unit(vm, s, i) == '0' &&
        (num_unit(vm, s, i + 1) == 'x' || num_unit(vm, s, i + 1) == 'X')) {
        i += 2;
        r = 16;
    }
    size_t used = 0;
    double v;
    if (str_is_latin1(vm, s))
        v = num_parse_radix_int((const char *)str_latin1(vm, s) + i, len - i, r, &used);
    else
        v = num_parse_radix_int16(str_utf16(vm, s) + i, len - i, r, &used);
    if (used == 0) return VAL_NAN_BITS;
    return val_number(neg ? -v : v);
}

/* Matches "Infinity" at position i of flat string s. */
static int num_match_infinity(VM *vm, Value s, uint32_t i, uint32_t len) {
    static const char inf[] = "Infinity";
    if (len - i < 8) return 0;
    for (int k = 0; k < 8; k++)
        if (num_unit(vm, s, i + (uint32_t)k) != (uint16_t)inf[k]) return 0;
    return 1;
}

/* parseFloat(string) (19.2.4). */
static Value Number_parseFloat(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                               Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    uint32_t i = num_skip_space(vm, s, len);
    uint32_t j = i;
    int neg = 0;
    if (j < len && (num_unit(vm, s, j) == '-' || num_unit(vm, s, j) == '+')) {
        neg = num_unit(vm, s, j) == '-';
        j++;
    }
    if (num_match_infinity(vm, s, j, len)) return val_double(neg ? -INFINITY : INFINITY);
    size_t used = 0;
    double v;
    if (str_is_latin1(vm, s))
        v = num_parse_decimal((const char *)str_latin1(vm, s) + i, len - i, &used);
    else
        v = num_parse_decimal16(str_utf16(vm, s) + i, len - i, &used);
    if (used == 0) return VAL_NAN_BITS;
    return val_number(v);
}

/* ---------------------------------------------------------------------------------------
 * Number.prototype (21.1.3)
 * ------------------------------------------------------------------------------------- */

/* thisNumberValue(value) (21.1.3.7.1): 0 and *out, or -1 after throwing. */
static int this_number_value(VM *vm, Value v, double *out, const char *what) {
    if (val_is_number(v)) { *out = num_value(v); return 0; }
    if (val_is_object(v) && obj_class(vm, v) == CLASS_NUMBER) {
        *out = num_value(*obj_slot(vm, v, 0));
        return 0;
    }
    vm_throw_type_error(vm, "%s requires that 'this' be a Number", what);
    return -1;
}

/* Number.prototype.toExponential(fractionDigits) (21.1.3.2). */
static Value Number_prototype_toExponential(VM *vm, Value this_val, int argc, Value *argv,
                                            Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    double x, f;
    if (this_number_value(vm, this_val, &x, "Number.prototype.toExponential") < 0)
        return VAL_EXCEPTION;
    int given = !val_is_undefined(argv[0]);
    if (to_integer_or_infinity(vm, argv[0], &f) < 0) return VAL_EXCEPTION;
    if (!isfinite(x)) return num_string(vm, x);
    if (f < 0 || f > 100) return vm_throw_range_error(vm, "toExponential() argument must be between 0 and 100");
    char buf[NUM_FORMAT_BUFSZ];
    return num_ascii(vm, buf, num_to_exponential(x, (int)f, given, buf));
}

/* Number.prototype.toFixed(fractionDigits) (21.1.3.3). */
static Value Number_prototype_toFixed(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    double x, f;
    if (this_number_value(vm, this_val, &x, "Number.prototype.toFixed") < 0) return VAL_EXCEPTION;
    if (to_integer_or_infinity(vm, argv[0], &f) < 0) return VAL_EXCEPTION;
    if (!isfinite(f) || f < 0 || f > 100)
        return vm_throw_range_error(vm, "toFixed() digits argument must be between 0 and 100");
    if (!isfinite(x)) return num_string(vm, x);
    char buf[NUM_FORMAT_BUFSZ];
    return num_ascii(vm, buf, num_to_fixed(x, (int)f, buf));
}

/* Number.prototype.toPrecision(precision) (21.1.3.5). */
static Value Number_prototype_toPrecision(VM *vm, Value this_val, int argc, Value *argv,
                                          Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    double x, p;
    if (this_number_value(vm, this_val, &x, "Number.prototype.toPrecision") < 0)
        return VAL_EXCEPTION;
    if (val_is_undefined(argv[0])) return num_string(vm, x);
    if (to_integer_or_infinity(vm, argv[0], &p) < 0) return VAL_EXCEPTION;
    if (!isfinite(x)) return num_string(vm, x);
    if (p < 1 || p > 100)
        return vm_throw_range_error(vm, "toPrecision() argument must be between 1 and 100");
    char buf[NUM_FORMAT_BUFSZ];
    return num_ascii(vm, buf, num_to_precision(x, (int)p, buf));
}

/* Number.prototype.toString(radix) (21.1.3.6); also toLocaleString (magic 1: no radix). */
static Value Number_prototype_toString(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func;
    double x, radix = 10;
    if (this_number_value(vm, this_val, &x, magic ? "Number.prototype.toLocaleString"
                                                  : "Number.prototype.toString") < 0)
        return VAL_EXCEPTION;
    if (!magic && !val_is_undefined(argv[0])) {
        if (to_integer_or_infinity(vm, argv[0], &radix) < 0) return VAL_EXCEPTION;
        if (radix < 2 || radix > 36)
            return vm_throw_range_error(vm, "toString() radix must be between 2 and 36");
    }
    if (radix == 10 || !isfinite(x)) return num_string(vm, x);
    char buf[NUM_RADIX_BUFSZ];
    int n = num_to_string_radix(x, (int)radix, buf, sizeof buf);
    if (n < 0) return vm_throw_range_error(vm, "toString() radix must be between 2 and 36");
    return num_ascii(vm, buf, n);
}

/* Number.prototype.valueOf() (21.1.3.7). */
static Value Number_prototype_valueOf(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    double x;
    if (this_number_value(vm, this_val, &x, "Number.prototype.valueOf") < 0) return VAL_EXCEPTION;
    return val_number(x);
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef number_ctor_defs[] = {
    { "Number", Number_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};

static const NativeDef number_static_defs[] = {
    { "isFinite", Number_isFinite, 1, NDEF_METHOD, 0, 0 },
    { "isInteger", Number_isFinite, 1, NDEF_METHOD, 1, 0 },
    { "isNaN", Number_isFinite, 1, NDEF_METHOD, 2, 0 },
    { "isSafeInteger", Number_isFinite, 1, NDEF_METHOD, 3, 0 },
    { "parseFloat", Number_parseFloat, 1, NDEF_METHOD, 0, 0 },
    { "parseInt", Number_parseInt, 2, NDEF_METHOD, 0, 0 },
};

static const NativeDef number_proto_defs[] = {
    { "toExponential", Number_prototype_toExponential, 1, NDEF_METHOD, 0, 0 },
    { "toFixed", Number_prototype_toFixed, 1, NDEF_METHOD, 0, 0 },
    { "toLocaleString", Number_prototype_toString, 0, NDEF_METHOD, 1, 0 },
    { "toPrecision", Number_prototype_toPrecision, 1, NDEF_METHOD, 0, 0 },
    { "toString", Number_prototype_toString, 1, NDEF_METHOD, 0, 0 },
    { "valueOf", Number_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable number_tables[] = {
    NATIVE_TABLE("Number", number_ctor_defs),
    NATIVE_TABLE("Number.static", number_static_defs),
    NATIVE_TABLE("Number.prototype", number_proto_defs),
};
const size_t number_tables_count = sizeof(number_tables) / sizeof(number_tables[0]);

/* Defines a constant (non-writable, non-enumerable, non-configurable) property. */
static int number_const(VM *vm, Value obj, const char *name, double d) {
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, obj, key, val_number(d), 0);
}

/* Creates %Number% and %Number.prototype% (a Number object holding +0). */
int init_number(VM *vm) {
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_NUMBER);
    if (proto == VAL_EXCEPTION) return -1;
    *obj_slot(vm, proto, 0) = val_int(0);
    vm_set_intrinsic(vm, INTR_NumberPrototype, proto);
    Value ctor = vm_make_constructor(vm, &number_ctor_defs[0], proto,
                                     vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Number, ctor);
    if (vm_install(vm, ctor, number_static_defs,
                   sizeof(number_static_defs) / sizeof(number_static_defs[0])) < 0)
        return -1;
    if (vm_install(vm, proto, number_proto_defs,
                   sizeof(number_proto_defs) / sizeof(number_proto_defs[0])) < 0)
        return -1;
    if (number_const(vm, ctor, "EPSILON", 2.220446049250313080847263336181640625e-16) < 0 ||
        number_const(vm, ctor, "MAX_SAFE_INTEGER", 9007199254740991.0) < 0 ||
        number_const(vm, ctor, "MAX_VALUE", 1.7976931348623157e308) < 0 ||
        number_const(vm, ctor, "MIN_SAFE_INTEGER", -9007199254740991.0) < 0 ||
        number_const(vm, ctor, "MIN_VALUE", 4.9406564584124654e-324) < 0 ||
        number_const(vm, ctor, "NaN", NAN) < 0 ||
        number_const(vm, ctor, "NEGATIVE_INFINITY", -INFINITY) < 0 ||
        number_const(vm, ctor, "POSITIVE_INFINITY", INFINITY) < 0)
        return -1;
    return vm_define_global(vm, "Number", ctor);
}
