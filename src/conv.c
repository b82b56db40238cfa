/* conv.c — type conversions and comparisons (ECMA-262 7.1, 7.2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "numconv.h"
#include "bigint.h"

bool to_boolean(VM *vm, Value v) {
    if (val_is_int(v)) return val_to_int(v) != 0;
    if (val_is_double(v)) { double d = val_as_double(v); return !(d == 0 || d != d); }
    if (v == VAL_TRUE) return true;
    if (v == VAL_FALSE || v == VAL_UNDEFINED || v == VAL_NULL) return false;
    if (val_is_string(v)) return str_length(vm, v) != 0;
    if (val_is_object(v)) return !(obj_header(vm, v)->flags & OF_HTMLDDA);
    if (val_is_bigint(v)) {
        /* bigint cell: first word after header holds the limb count (0 means zero) */
        return *(const uint32_t *)CELL_VALUES(CELL(vm, val_ref(v))) != 0;
    }
    return true;
}

/* OrdinaryToPrimitive (7.1.1.1). */
static Value ordinary_to_primitive(VM *vm, Value o, PrimitiveHint hint) {
    VM_ROOT_SCOPE(vm);
    AtomId order[2];
    if (hint == HINT_STRING) { order[0] = ATOM_toString; order[1] = ATOM_valueOf; }
    else { order[0] = ATOM_valueOf; order[1] = ATOM_toString; }
    vm_root(vm, &o);
    for (int i = 0; i < 2; i++) {
        Value m = obj_get(vm, o, vm_atom(vm, order[i]), o);
        if (m == VAL_EXCEPTION) return m;
        if (vm_is_callable(vm, m)) {
            Value r = vm_call(vm, m, o, 0, NULL);
            if (r == VAL_EXCEPTION) return r;
            if (!val_is_object(r)) return r;
        }
    }
    return vm_throw_type_error(vm, "Cannot convert object to primitive value");
}

Value to_primitive(VM *vm, Value v, PrimitiveHint hint) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(v)) return v;
    vm_root(vm, &v);
    Value ex = obj_get(vm, v, vm_wks(vm, WKS_toPrimitive), v);
    if (ex == VAL_EXCEPTION) return ex;
    if (!val_is_nullish(ex)) {
        if (!vm_is_callable(vm, ex)) return vm_throw_type_error(vm, "Symbol.toPrimitive is not a function");
        Value h = hint == HINT_STRING ? ATOM(vm, string) : hint == HINT_NUMBER ? ATOM(vm, number) : ATOM(vm, default_);
        Value r = vm_call(vm, ex, v, 1, &h);
        if (r == VAL_EXCEPTION) return r;
        if (val_is_object(r)) return vm_throw_type_error(vm, "Cannot convert object to primitive value");
        return r;
    }
    return ordinary_to_primitive(vm, v, hint == HINT_DEFAULT ? HINT_NUMBER : hint);
}

double string_to_number(VM *vm, Value s) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); return NAN; }
    uint32_t len = str_header(vm, s)->len;
    if (str_is_latin1(vm, s)) return num_string_to_number_latin1(str_latin1(vm, s), len);
    return num_string_to_number(str_utf16(vm, s), len);
}

Value to_number(VM *vm, Value v) {
    for (;;) {
        if (val_is_number(v)) return v;
        if (v == VAL_UNDEFINED) return VAL_NAN_BITS;
        if (v == VAL_NULL || v == VAL_FALSE) return val_int(0);
        if (v == VAL_TRUE) return val_int(1);
        if (val_is_string(v)) return val_number(string_to_number(vm, v));
        if (val_is_symbol(v)) return vm_throw_type_error(vm, "Cannot convert a Symbol value to a number");
        if (val_is_bigint(v)) return vm_throw_type_error(vm, "Cannot convert a BigInt value to a number");
        v = to_primitive(vm, v, HINT_NUMBER);
        if (v == VAL_EXCEPTION) return v;
    }
}

Value to_numeric(VM *vm, Value v) {
    if (val_is_object(v)) {
        v = to_primitive(vm, v, HINT_NUMBER);
        if (v == VAL_EXCEPTION) return v;
    }
    if (val_is_bigint(v)) return v;
    return to_number(vm, v);
}

int to_number_double(VM *vm, Value v, double *out) {
    if (val_is_int(v)) { *out = val_to_int(v); return 0; }
    if (val_is_double(v)) { *out = val_as_double(v); return 0; }
    Value n = to_number(vm, v);
    if (n == VAL_EXCEPTION) return -1;
    *out = num_value(n);
    return 0;
}

Value number_to_string(VM *vm, Value num) {
    if (val_is_int(num)) {
        int32_t i = val_to_int(num);
        if (i == 0) return ATOM(vm, zero);
        return str_from_int(vm, i);
    }
    double d = val_as_double(num);
    if (d != d) return ATOM(vm, NaN);
    if (d == INFINITY) return ATOM(vm, Infinity);
    if (d == -INFINITY) return ATOM(vm, NegInfinity);
    return str_from_double(vm, d);
}

Value to_string(VM *vm, Value v) {
    for (;;) {
        if (val_is_string(v)) return v;
        if (val_is_number(v)) return number_to_string(vm, v);
        if (v == VAL_UNDEFINED) return ATOM(vm, undefined);
        if (v == VAL_NULL) return ATOM(vm, null_);
        if (v == VAL_TRUE) return ATOM(vm, true_);
        if (v == VAL_FALSE) return ATOM(vm, false_);
        if (val_is_symbol(v)) return vm_throw_type_error(vm, "Cannot convert a Symbol value to a string");
        if (val_is_bigint(v)) return bigint_to_string(vm, v, 10);
        v = to_primitive(vm, v, HINT_STRING);
        if (v == VAL_EXCEPTION) return v;
    }
}

Value to_object(VM *vm, Value v) {
    if (val_is_object(v)) return v;
    if (val_is_nullish(v)) return vm_throw_type_error(vm, "Cannot convert undefined or null to object");
    ClassId cls;
    IntrinsicId proto;
    if (val_is_number(v)) { cls = CLASS_NUMBER; proto = INTR_NumberPrototype; }
    else if (val_is_bool(v)) { cls = CLASS_BOOLEAN; proto = INTR_BooleanPrototype; }
    else if (val_is_string(v)) { cls = CLASS_STRING; proto = INTR_StringPrototype; }
    else if (val_is_symbol(v)) { cls = CLASS_SYMBOL; proto = INTR_SymbolPrototype; }
    else { cls = CLASS_BIGINT; proto = INTR_BigIntPrototype; }
    Value o = obj_new(vm, vm_intrinsic(vm, proto), cls);
    if (o == VAL_EXCEPTION) return o;
    obj_words(vm, o)[OBJ_SLOT0] = v;
    return o;
}

Value to_property_key(VM *vm, Value v) {
    if (val_is_int(v) && val_to_int(v) >= 0) return v;
    if (val_is_string(v)) return key_from_string(vm, v);
    if (val_is_symbol(v)) return v;
    if (val_is_double(v)) {
        double d = val_as_double(v);
        if (d >= 0 && d <= 4294967294.0 && d == (double)(uint32_t)d) return key_from_index(vm, (uint32_t)d);
    }
    Value p = to_primitive(vm, v, HINT_STRING);
    if (p == VAL_EXCEPTION) return p;
    if (val_is_symbol(p)) return p;
    Value s = to_string(vm, p);
    if (s == VAL_EXCEPTION) return s;
    return key_from_string(vm, s);
}

int to_int32(VM *vm, Value v, int32_t *out) {
    if (val_is_int(v)) { *out = val_to_int(v); return 0; }
    double d;
    if (to_number_double(vm, v, &d) < 0) return -1;
    *out = num_double_to_int32(d);
    return 0;
}

int to_uint32(VM *vm, Value v, uint32_t *out) {
    if (val_is_int(v)) { *out = (uint32_t)val_to_int(v); return 0; }
    double d;
    if (to_number_double(vm, v, &d) < 0) return -1;
    *out = num_double_to_uint32(d);
    return 0;
}

double to_integer_double(double d) {
    if (d != d) return 0;
    if (isinf(d)) return d;
    d = trunc(d);
    return d == 0 ? 0 : d;
}

int to_integer_or_infinity(VM *vm, Value v, double *out) {
    if (val_is_int(v)) { *out = val_to_int(v); return 0; }
    double d;
    if (to_number_double(vm, v, &d) < 0) return -1;
    *out = to_integer_double(d);
    return 0;
}

int to_length(VM *vm, Value v, uint64_t *out) {
    double d;
    if (to_integer_or_infinity(vm, v, &d) < 0) return -1;
    if (d <= 0) *out = 0;
    else if (d >= 9007199254740991.0) *out = 9007199254740991ull;
    else *out = (uint64_t)d;
    return 0;
}

int to_index(VM *vm, Value v, uint64_t *out) {
    if (v == VAL_UNDEFINED) { *out = 0; return 0; }
    double d;
    if (to_integer_or_infinity(vm, v, &d) < 0) return -1;
    if (d < 0 || d > 9007199254740991.0) { vm_throw_range_error(vm, "Invalid index"); return -1; }
    *out = (uint64_t)d;
    return 0;
}

bool same_value_zero(VM *vm, Value a, Value b) {
    if (val_is_number(a) && val_is_number(b)) {
        double x = num_value(a), y = num_value(b);
        return x == y || (x != x && y != y);
    }
    return same_value(vm, a, b);
}

/* Compare two BigInt cells for equality (byte-wise on their canonical form). */
static bool bigint_equal_cells(VM *vm, Value a, Value b) {
    CellHeader *ha = CELL(vm, val_ref(a)), *hb = CELL(vm, val_ref(b));
    if (ha->size != hb->size || ha->flags != hb->flags) return false;
    return memcmp(CELL_VALUES(ha), CELL_VALUES(hb), ((size_t)ha->size - 1) * 8) == 0;
}

bool same_value(VM *vm, Value a, Value b) {
    if (val_is_number(a) && val_is_number(b)) {
        double x = num_value(a), y = num_value(b);
        if (x != x) return y != y;
        if (x == 0 && y == 0) return signbit(x) == signbit(y);
        return x == y;
    }
    if (a == b) return true;
    if (val_is_string(a) && val_is_string(b)) return str_equals(vm, a, b);
    if (val_is_bigint(a) && val_is_bigint(b)) return bigint_equal_cells(vm, a, b);
    return false;
}

bool strict_equals(VM *vm, Value a, Value b) {
    if (val_is_number(a) && val_is_number(b)) return num_value(a) == num_value(b);
    if (a == b) return true;
    if (val_is_string(a) && val_is_string(b)) return str_equals(vm, a, b);
    if (val_is_bigint(a) && val_is_bigint(b)) return bigint_equal_cells(vm, a, b);
    return false;
}

int loose_equals(VM *vm, Value a, Value b) {
    VM_ROOT_SCOPE(vm);
    for (;;) {
        if (val_is_number(a) && val_is_number(b)) return num_value(a) == num_value(b);
        if ((val_tag(a) == val_tag(b) && !val_is_double(a)) || (val_is_string(a) && val_is_string(b)))
            return strict_equals(vm, a, b);
        int an = val_is_nullish(a) || (val_is_object(a) && (obj_header(vm, a)->flags & OF_HTMLDDA));
        int bn = val_is_nullish(b) || (val_is_object(b) && (obj_header(vm, b)->flags & OF_HTMLDDA));
        if (val_is_nullish(a) || val_is_nullish(b)) return an && bn;
        if (val_is_number(a) && val_is_string(b)) return num_value(a) == string_to_number(vm, b);
        if (val_is_string(a) && val_is_number(b)) return string_to_number(vm, a) == num_value(b);
        if (val_is_bigint(a) && (val_is_string(b) || val_is_number(b)))
            return bigint_loose_equals(vm, a, b);
        if (val_is_bigint(b) && (val_is_string(a) || val_is_number(a)))
            return bigint_loose_equals(vm, b, a);
        if (val_is_bool(a)) { a = val_int(a == VAL_TRUE); continue; }
        if (val_is_bool(b)) { b = val_int(b == VAL_TRUE); continue; }
        if (val_is_object(a) && !val_is_object(b)) {
            vm_root(vm, &b);
            a = to_primitive(vm, a, HINT_DEFAULT);
            if (a == VAL_EXCEPTION) return -1;
            continue;
        }
        if (val_is_object(b) && !val_is_object(a)) {
            vm_root(vm, &a);
            b = to_primitive(vm, b, HINT_DEFAULT);
            if (b == VAL_EXCEPTION) return -1;
            continue;
        }
        return 0;
    }
}

Value typeof_value(VM *vm, Value v) {
    if (val_is_number(v)) return ATOM(vm, number);
    if (val_is_string(v)) return ATOM(vm, string);
    if (v == VAL_UNDEFINED) return ATOM(vm, undefined);
    if (val_is_bool(v)) return ATOM(vm, boolean);
    if (v == VAL_NULL) return ATOM(vm, object);
    if (val_is_symbol(v)) return ATOM(vm, symbol);
    if (val_is_bigint(v)) return ATOM(vm, bigint);
    if (val_is_object(v)) {
        CellHeader *h = obj_header(vm, v);
        if (h->flags & OF_HTMLDDA) return ATOM(vm, undefined);
        return (h->flags & OF_CALLABLE) ? ATOM(vm, function) : ATOM(vm, object);
    }
    return ATOM(vm, undefined);
}

bool vm_is_callable(VM *vm, Value v) {
    return val_is_object(v) && (obj_header(vm, v)->flags & OF_CALLABLE);
}

bool vm_is_constructor(VM *vm, Value v) {
    return val_is_object(v) && (obj_header(vm, v)->flags & OF_CONSTRUCTOR);
}

int ordinary_has_instance(VM *vm, Value c, Value o) {
    VM_ROOT_SCOPE(vm);
    if (!vm_is_callable(vm, c)) return 0;
    if (obj_class(vm, c) == CLASS_BOUND_FUNCTION) {
        Value target = obj_words(vm, c)[OBJ_SLOT0];
        return vm_instance_of(vm, o, target);
    }
    if (!val_is_object(o)) return 0;
    vm_root(vm, &o);
    Value p = obj_get(vm, c, ATOM(vm, prototype), c);
    if (p == VAL_EXCEPTION) return -1;
    if (!val_is_object(p)) { vm_throw_type_error(vm, "Function has non-object prototype in instanceof check"); return -1; }
    vm_root(vm, &p);
    for (;;) {
        o = obj_get_prototype_of(vm, o);
        if (o == VAL_EXCEPTION) return -1;
        if (o == VAL_NULL) return 0;
        if (o == p) return 1;
    }
}

int vm_instance_of(VM *vm, Value v, Value target) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(target)) { vm_throw_type_error(vm, "Right-hand side of 'instanceof' is not an object"); return -1; }
    vm_root(vm, &v);
    vm_root(vm, &target);
    Value h = obj_get(vm, target, vm_wks(vm, WKS_hasInstance), target);
    if (h == VAL_EXCEPTION) return -1;
    if (!val_is_nullish(h)) {
        if (!vm_is_callable(vm, h)) { vm_throw_type_error(vm, "Symbol.hasInstance is not a function"); return -1; }
        Value r = vm_call(vm, h, target, 1, &v);
        if (r == VAL_EXCEPTION) return -1;
        return to_boolean(vm, r);
    }
    if (!vm_is_callable(vm, target)) { vm_throw_type_error(vm, "Right-hand side of 'instanceof' is not callable"); return -1; }
    return ordinary_has_instance(vm, target, v);
}

int vm_species_constructor(VM *vm, Value obj, IntrinsicId default_ctor, Value *out) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value c = obj_get(vm, obj, ATOM(vm, constructor), obj);
    if (c == VAL_EXCEPTION) return -1;
    if (c == VAL_UNDEFINED) { *out = vm_intrinsic(vm, default_ctor); return 0; }
    if (!val_is_object(c)) { vm_throw_type_error(vm, "object.constructor is not an object"); return -1; }
    Value s = obj_get(vm, c, vm_wks(vm, WKS_species), c);
    if (s == VAL_EXCEPTION) return -1;
    if (val_is_nullish(s)) { *out = vm_intrinsic(vm, default_ctor); return 0; }
    if (vm_is_constructor(vm, s)) { *out = s; return 0; }
    vm_throw_type_error(vm, "object.constructor[Symbol.species] is not a constructor");
    return -1;
}

int is_regexp(VM *vm, Value v) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(v)) return 0;
    vm_root(vm, &v);
    Value m = obj_get(vm, v, vm_wks(vm, WKS_match), v);
    if (m == VAL_EXCEPTION) return -1;
    if (m != VAL_UNDEFINED) return to_boolean(vm, m);
    return obj_class(vm, v) == CLASS_REGEXP;
}
