/* typedarray.c — %TypedArray%, the twelve TypedArray constructors and their prototypes, and
 * the TypedArray (integer-indexed) exotic object internal methods (ECMA-262 10.4.5, 23.2),
 * with the ES2024 resizable-buffer semantics (length-tracking views, out-of-bounds checks).
 * Layouts and invariants are in typedarray.h.
 *
 * GC discipline: every call that may run JavaScript (callbacks, ToNumber/ToBigInt of
 * objects, species constructors, getters) is a possible collection; Values still needed
 * afterwards are rooted and the TaRec (which holds the buffer reference and derived bounds)
 * is recomputed after it, as the spec re-checks detachment and bounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "typedarray.h"
#include "../bigint.h"
#include "../numconv.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)
#define MAX_SAFE_INT 9007199254740991.0

/* Array iterator kinds, as %ArrayIteratorPrototype%.next (builtins/array.c) reads them from
 * CLASS_ITERATOR slot [2]: ITER_ARRAY_BASE + kind. Keep in step with array.c. */
#define ITER_ARRAY_BASE 0x100
enum { ITK_KEYS = 0, ITK_VALUES = 1, ITK_ENTRIES = 2 };

/* ---------------------------------------------------------------------------------------
 * TypedArray With Buffer Witness Records
 * ------------------------------------------------------------------------------------- */

/* The state of a typed array and its buffer at one moment (valid until JS may run). */
typedef struct TaRec {
    Value buffer;          /* [[ViewedArrayBuffer]] (not rooted) */
    TAType type;           /* element type */
    unsigned esize;        /* element size in bytes */
    uint64_t offset;       /* [[ByteOffset]] */
    uint64_t length;       /* TypedArrayLength, 0 when out of bounds */
    bool oob;              /* IsTypedArrayOutOfBounds (a detached buffer included) */
    bool tracking;         /* [[ArrayLength]] is auto */
} TaRec;

static inline TAType ta_type(VM *vm, Value ta) { return (TAType)val_to_int(*obj_slot(vm, ta, TA_TYPE)); }

/* MakeTypedArrayWithBufferWitnessRecord + IsTypedArrayOutOfBounds + TypedArrayLength. */
static void ta_rec(VM *vm, Value ta, TaRec *r) {
    Value *s = obj_slot(vm, ta, 0);
    r->buffer = s[TA_BUFFER];
    r->type = (TAType)val_to_int(s[TA_TYPE]);
    r->esize = ta_type_size[r->type];
    r->offset = (uint64_t)num_value(s[TA_OFFSET]);
    r->tracking = s[TA_LENGTH] == VAL_UNDEFINED;
    r->oob = true;
    r->length = 0;
    if (!is_array_buffer(vm, r->buffer) || ab_is_detached(vm, r->buffer)) return;
    uint64_t blen = ab_byte_length(vm, r->buffer);
    if (r->offset > blen) return;
    if (r->tracking) {
        r->length = (blen - r->offset) / r->esize;
    } else {
        uint64_t len = (uint64_t)num_value(s[TA_LENGTH]);
        if (r->offset + len * r->esize > blen) return;
        r->length = len;
    }
    r->oob = false;
}

/* Address of element i (the record must be in bounds and i < length). */
static inline uint8_t *ta_ptr(VM *vm, const TaRec *r, uint64_t i) {
    return ab_bytes(vm, r->buffer) + r->offset + i * r->esize;
}

/* IsValidIntegerIndex for a numeric index: true and *i when it names an element. */
static bool ta_valid_index(const TaRec *r, double idx, uint64_t *i) {
    if (r->oob || !(idx >= 0) || idx >= (double)r->length) return false;
    if (idx == 0 && signbit(idx)) return false;
    uint64_t k = (uint64_t)idx;
    if ((double)k != idx) return false;
    *i = k;
    return true;
}

int typed_array_length(VM *vm, Value ta, uint64_t *len) {
    TaRec r;
    ta_rec(vm, ta, &r);
    if (r.oob) {
        vm_throw_type_error(vm, "Cannot perform this operation on a detached or out-of-bounds typed array");
        return -1;
    }
    *len = r.length;
    return 0;
}

/* TypedArrayGetElement for an integer index: the element, or undefined when k is not a
 * valid index (any more). May allocate (BigInt); never runs JS. */
static Value ta_get_index(VM *vm, Value ta, uint64_t k) {
    TaRec r;
    ta_rec(vm, ta, &r);
    if (r.oob || k >= r.length) return VAL_UNDEFINED;
    return ta_load(vm, ta_ptr(vm, &r, k), r.type, true);
}

/* TypedArraySetElement (10.4.5.16): convert v (may run JS), then store it when idx is
 * still a valid index. -1 on throw. */
static int ta_set_element(VM *vm, Value ta, double idx, Value v) {
    VM_ROOT_SCOPE(vm);
    TAType t = ta_type(vm, ta);
    if (ta_type_is_bigint(t) ? !val_is_bigint(v) : !val_is_number(v)) {
        size_t mark = vm->nroots;
        vm_root(vm, &ta);
        v = ta_convert_value(vm, t, v);
        vm_unroot_to_mark(&vm->nroots, mark);
        if (v == VAL_EXCEPTION) return -1;
    }
    TaRec r;
    ta_rec(vm, ta, &r);
    uint64_t i;
    if (ta_valid_index(&r, idx, &i)) ta_store_value(vm, ta_ptr(vm, &r, i), r.type, v, true);
    return 0;
}

/* ValidateTypedArray(O, seq-cst): fills r, or throws a TypeError. */
static int ta_validate(VM *vm, Value o, TaRec *r, const char *what) {
    if (!is_typed_array(vm, o)) {
        vm_throw_type_error(vm, "%s: this is not a typed array", what);
        return -1;
    }
    ta_rec(vm, o, r);
    if (r->oob) {
        vm_throw_type_error(vm, "%s: the typed array is detached or out of bounds", what);
        return -1;
    }
    return 0;
}

/* Property key for index k. */
static Value key_for_index(VM *vm, uint64_t k) {
    if (k <= 0x7FFFFFFFu) return val_int((int32_t)k);
    if (k < 0xFFFFFFFFu) return key_from_index(vm, (uint32_t)k);
    Value s = str_from_int(vm, (int64_t)k);
    if (s == VAL_EXCEPTION) return s;
    return key_from_string(vm, s);
}

/* A number Value for a count or index below 2^53. */
static inline Value num_u64(uint64_t n) { return val_number((double)n); }

/* Clamp a ToIntegerOrInfinity result relative to len into [0, len]. */
static uint64_t relative_index(double rel, uint64_t len) {
    if (rel < 0) {
        double k = (double)len + rel;
        return k <= 0 ? 0 : (uint64_t)k;
    }
    return rel >= (double)len ? len : (uint64_t)rel;
}

/* ---------------------------------------------------------------------------------------
 * The exotic internal methods (10.4.5)
 * ------------------------------------------------------------------------------------- */

/* CanonicalNumericIndexString for a property key: 1 and *num when the key is numeric (the
 * integer-indexed methods apply), 0 when it is an ordinary key. */
static int ta_numeric_key(VM *vm, Value key, double *num) {
    if (val_is_int(key)) { *num = val_to_int(key); return 1; }
    if (!val_is_string(key)) return 0;
    if (!str_is_flat(vm, key)) return 0;   /* property keys are atoms: always flat */
    uint32_t len = str_header(vm, key)->len;
    if (len == 0) return 0;
    uint16_t c0 = str_at(vm, key, 0);
    if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == 'I' || c0 == 'N')) return 0;
    if (str_is_latin1(vm, key)) return num_canonical_numeric_string_latin1(str_latin1(vm, key), len, num);
    return num_canonical_numeric_string16(str_utf16(vm, key), len, num);
}

static int ta_get_own_property(VM *vm, Value obj, Value key, PropDesc *desc) {
    double n;
    if (!ta_numeric_key(vm, key, &n)) return ordinary_get_own_property(vm, obj, key, desc);
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t i;
    if (!ta_valid_index(&r, n, &i)) return 0;
    Value v = ta_load(vm, ta_ptr(vm, &r, i), r.type, true);
    if (v == VAL_EXCEPTION) return -1;
    desc_data(desc, v, PROP_DEFAULT);
    return 1;
}

static int ta_has_property(VM *vm, Value obj, Value key) {
    double n;
    if (!ta_numeric_key(vm, key, &n)) return ordinary_has_property(vm, obj, key);
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t i;
    return ta_valid_index(&r, n, &i);
}

static int ta_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc) {
    double n;
    if (!ta_numeric_key(vm, key, &n)) return ordinary_define_own_property(vm, obj, key, desc);
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t i;
    if (!ta_valid_index(&r, n, &i)) return 0;
    if ((desc->has & DESC_HAS_CONFIGURABLE) && !(desc->flags & PROP_CONFIGURABLE)) return 0;
    if ((desc->has & DESC_HAS_ENUMERABLE) && !(desc->flags & PROP_ENUMERABLE)) return 0;
    if (desc->has & (DESC_HAS_GET | DESC_HAS_SET)) return 0;
    if ((desc->has & DESC_HAS_WRITABLE) && !(desc->flags & PROP_WRITABLE)) return 0;
    if (desc->has & DESC_HAS_VALUE) {
        if (ta_set_element(vm, obj, n, desc->value) < 0) return -1;
    }
    return 1;
}

static Value ta_get(VM *vm, Value obj, Value key, Value receiver) {
    double n;
    if (!ta_numeric_key(vm, key, &n)) return ordinary_get(vm, obj, key, receiver);
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t i;
    if (!ta_valid_index(&r, n, &i)) return VAL_UNDEFINED;
    return ta_load(vm, ta_ptr(vm, &r, i), r.type, true);
}

static int ta_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    double n;
    if (ta_numeric_key(vm, key, &n)) {
        if (obj == receiver) return ta_set_element(vm, obj, n, v) < 0 ? -1 : 1;
        TaRec r;
        ta_rec(vm, obj, &r);
        uint64_t i;
        if (!ta_valid_index(&r, n, &i)) return 1;
    }
    return ordinary_set(vm, obj, key, v, receiver);
}

static int ta_delete(VM *vm, Value obj, Value key) {
    double n;
    if (!ta_numeric_key(vm, key, &n)) return ordinary_delete(vm, obj, key);
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t i;
    return !ta_valid_index(&r, n, &i);
}

static Value ta_own_keys(VM *vm, Value obj) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    TaRec r;
    ta_rec(vm, obj, &r);
    uint64_t n = r.oob ? 0 : r.length;
    if (n > 0xFFFFFFF0u) return vm_throw_range_error(vm, "Too many typed array elements to list");
    Value rest = ordinary_own_keys(vm, obj), list = VAL_UNDEFINED;
    if (rest == VAL_EXCEPTION) return rest;
    vm_root(vm, &rest);
    uint32_t nr = list_count(vm, rest);
    list = list_new(vm, (uint32_t)n + nr);
    if (list != VAL_EXCEPTION) {
        vm_root(vm, &list);
        for (uint64_t i = 0; i < n; i++) {
            Value k = key_for_index(vm, i);
            if (k == VAL_EXCEPTION) { list = k; break; }
            list_items(vm, list)[i] = k;
        }
        if (list != VAL_EXCEPTION) memcpy(list_items(vm, list) + n, list_items(vm, rest), (size_t)nr * sizeof(Value));
        vm->meter += n;
    }
    vm_unroot_to_mark(&vm->nroots, mark);
    return list;
}

/* [[PreventExtensions]] (ES2024): a typed array that is not fixed-length cannot be made
 * non-extensible. */
static int ta_prevent_extensions(VM *vm, Value obj) {
    Value *s = obj_slot(vm, obj, 0);
    if (s[TA_LENGTH] == VAL_UNDEFINED) return 0;
    Value buf = s[TA_BUFFER];
    if (is_array_buffer(vm, buf) && !ab_is_fixed_length(vm, buf)) return 0;
    obj_header(vm, obj)->flags &= (uint8_t)~OF_EXTENSIBLE;
    return 1;
}

const ClassOps typed_array_class_ops = {
    .name = "TypedArray",
    .get_own_property = ta_get_own_property,
    .define_own_property = ta_define_own_property,
    .has_property = ta_has_property,
    .get = ta_get,
    .set = ta_set,
    .delete_property = ta_delete,
    .own_keys = ta_own_keys,
    .prevent_extensions = ta_prevent_extensions,
};

/* ---------------------------------------------------------------------------------------
 * Creating typed arrays
 * ------------------------------------------------------------------------------------- */

/* AllocateTypedArray (23.2.5.1.1): a new typed array of type t whose prototype comes from
 * new_target (may run JS), with no buffer yet. */
static Value ta_allocate(VM *vm, TAType t, Value new_target) {
    VM_ROOT_SCOPE(vm);
    Value proto = ta_hidden(vm, TAH_PROTO0 + t);
    if (val_is_object(new_target)) {
        size_t mark = vm->nroots;
        vm_root(vm, &new_target);
        Value p = obj_get(vm, new_target, ATOM(vm, prototype), new_target);
        vm_unroot_to_mark(&vm->nroots, mark);
        if (p == VAL_EXCEPTION) return p;
        proto = p;
        if (!val_is_object(p)) {   /* GetPrototypeFromConstructor: new_target's realm */
            Value realm = vm_function_realm(vm, new_target);
            if (realm == VAL_NULL) return vm_throw_type_error(vm, "Cannot get the realm of a revoked proxy");
            proto = ta_hidden_in(vm, realm, TAH_PROTO0 + t);
        }
    }
    Value o = obj_new(vm, proto, CLASS_TYPED_ARRAY);
    if (o == VAL_EXCEPTION) return o;
    Value *s = obj_slot(vm, o, 0);
    s[TA_OFFSET] = val_int(0);
    s[TA_LENGTH] = val_int(0);
    s[TA_TYPE] = val_int((int32_t)t);
    return o;
}

/* AllocateTypedArrayBuffer (23.2.5.1.6): give o a fresh zeroed buffer of len elements. */
static int ta_allocate_buffer(VM *vm, Value o, uint64_t len) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &o);
    unsigned es = ta_type_size[ta_type(vm, o)];
    if (len > (uint64_t)MAX_SAFE_INT / es) { vm_throw_range_error(vm, "Invalid typed array length"); return -1; }
    Value buf = arraybuffer_allocate(vm, VAL_UNDEFINED, len * es, -1);
    vm_unroot_to_mark(&vm->nroots, mark);
    if (buf == VAL_EXCEPTION) return -1;
    Value *s = obj_slot(vm, o, 0);
    s[TA_BUFFER] = buf;
    s[TA_OFFSET] = val_int(0);
    s[TA_LENGTH] = num_u64(len);
    return 0;
}

Value typed_array_new(VM *vm, TAType t, uint64_t len) {
    VM_ROOT_SCOPE(vm);
    Value o = ta_allocate(vm, t, VAL_UNDEFINED);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    return ta_allocate_buffer(vm, o, len) < 0 ? VAL_EXCEPTION : o;
}

/* InitializeTypedArrayFromTypedArray (23.2.5.1.2). */
static int ta_init_from_typed_array(VM *vm, Value o, Value src) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &o);
    vm_root(vm, &src);
    TaRec sr;
    ta_rec(vm, src, &sr);
    if (sr.oob) { vm_throw_type_error(vm, "Cannot construct from a detached or out-of-bounds typed array"); return -1; }
    TAType t = ta_type(vm, o);
    unsigned es = ta_type_size[t];
    uint64_t n = sr.length;
    Value data;
    if (t == sr.type) {
        data = arraybuffer_clone(vm, sr.buffer, sr.offset, n * es);
        if (data == VAL_EXCEPTION) return -1;
    } else {
        data = arraybuffer_allocate(vm, VAL_UNDEFINED, n * es, -1);
        if (data == VAL_EXCEPTION) return -1;
        if (ta_type_is_bigint(t) != ta_type_is_bigint(sr.type)) {
            vm_throw_type_error(vm, "Cannot mix BigInt and other types in typed array construction");
            return -1;
        }
        ta_rec(vm, src, &sr);
        uint8_t *dst = ab_bytes(vm, data);
        for (uint64_t i = 0; i < n; i++) {
            const uint8_t *sp = ta_ptr(vm, &sr, i);
            if (ta_type_is_bigint(t)) {
                memcpy(dst + i * es, sp, 8);      /* BigInt64 <-> BigUint64: same 64 bits */
            } else {
                Value v = ta_load(vm, sp, sr.type, true);
                ta_store_value(vm, dst + i * es, t, v, true);
            }
        }
        vm->meter += n;
    }
    Value *s = obj_slot(vm, o, 0);
    s[TA_BUFFER] = data;
    s[TA_OFFSET] = val_int(0);
    s[TA_LENGTH] = num_u64(n);
    return 0;
}

/* InitializeTypedArrayFromArrayBuffer (23.2.5.1.3). */
static int ta_init_from_buffer(VM *vm, Value o, Value buffer, Value byte_offset, Value length) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &o);
    vm_root(vm, &buffer);
    vm_root(vm, &length);
    unsigned es = ta_type_size[ta_type(vm, o)];
    uint64_t offset, new_length = 0;
    if (to_index(vm, byte_offset, &offset) < 0) return -1;
    if (offset % es) { vm_throw_range_error(vm, "Start offset of %s should be a multiple of %u", ta_type_name[ta_type(vm, o)], es); return -1; }
    bool fixed = ab_is_fixed_length(vm, buffer);
    if (length != VAL_UNDEFINED && to_index(vm, length, &new_length) < 0) return -1;
    if (ab_is_detached(vm, buffer)) { vm_throw_type_error(vm, "Cannot construct a typed array on a detached ArrayBuffer"); return -1; }
    uint64_t blen = ab_byte_length(vm, buffer);
    Value *s;
    if (length == VAL_UNDEFINED && !fixed) {
        if (offset > blen) { vm_throw_range_error(vm, "Start offset %.0f is outside the bounds of the buffer", (double)offset); return -1; }
        s = obj_slot(vm, o, 0);
        s[TA_LENGTH] = VAL_UNDEFINED;
    } else {
        uint64_t new_byte_length;
        if (length == VAL_UNDEFINED) {
            if (blen % es) { vm_throw_range_error(vm, "Byte length of %s should be a multiple of %u", ta_type_name[ta_type(vm, o)], es); return -1; }
            if (offset > blen) { vm_throw_range_error(vm, "Start offset %.0f is outside the bounds of the buffer", (double)offset); return -1; }
            new_byte_length = blen - offset;
        } else {
            if (new_length > (uint64_t)MAX_SAFE_INT / es || offset + new_length * es > blen) {
                vm_throw_range_error(vm, "Invalid typed array length: %.0f", (double)new_length);
                return -1;
            }
            new_byte_length = new_length * es;
        }
        s = obj_slot(vm, o, 0);
        s[TA_LENGTH] = num_u64(new_byte_length / es);
    }
    s[TA_BUFFER] = buffer;
    s[TA_OFFSET] = num_u64(offset);
    return 0;
}

/* Append v to the growable list *list holding *n values (both rooted by the caller). */
static int list_append(VM *vm, Value *list, uint32_t *n, Value v) {
    VM_ROOT_SCOPE(vm);
    if (*n == list_count(vm, *list)) {
        if (*n >= 0x7FFFFFF0u) { vm_throw_range_error(vm, "Too many elements"); return -1; }
        size_t mark = vm->nroots;
        vm_root(vm, &v);
        Value nl = list_new(vm, *n < 8 ? 16 : *n * 2);
        vm_unroot_to_mark(&vm->nroots, mark);
        if (nl == VAL_EXCEPTION) return -1;
        memcpy(list_items(vm, nl), list_items(vm, *list), (size_t)*n * sizeof(Value));
        *list = nl;
    }
    list_items(vm, *list)[(*n)++] = v;
    return 0;
}

/* IteratorToList(GetIteratorFromMethod(obj, method)): a list of *count values. */
static Value iterate_to_list(VM *vm, Value obj, Value method, uint32_t *count) {
    VM_ROOT_SCOPE(vm);
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    Value list = VAL_UNDEFINED, v = VAL_UNDEFINED;
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next); vm_root(vm, &list); vm_root(vm, &v);
    Value it = vm_call(vm, method, obj, 0, NULL);
    if (it == VAL_EXCEPTION) return it;
    if (!val_is_object(it)) return vm_throw_type_error(vm, "Result of the Symbol.iterator method is not an object");
    rec.iterator = it;
    rec.next = obj_get(vm, rec.iterator, ATOM(vm, next), rec.iterator);
    if (rec.next == VAL_EXCEPTION) return VAL_EXCEPTION;
    list = list_new(vm, 16);
    if (list == VAL_EXCEPTION) return list;
    uint32_t n = 0;
    for (;;) {
        int r = iter_step_value(vm, &rec, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) break;
        if (list_append(vm, &list, &n, v) < 0) return VAL_EXCEPTION;
    }
    *count = n;
    return list;
}

/* Get(o, k) for an array-like. */
static Value get_index(VM *vm, Value o, uint64_t k) {
    if (k <= 0xFFFFFFFEu) return obj_get_index(vm, o, (uint32_t)k);
    Value key = key_for_index(vm, k);
    if (key == VAL_EXCEPTION) return key;
    return obj_get_v(vm, o, key);
}

/* InitializeTypedArrayFromArrayLike (23.2.5.1.5). */
static int ta_init_from_array_like(VM *vm, Value o, Value src) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &o);
    vm_root(vm, &src);
    uint64_t len;
    if (length_of_array_like(vm, src, &len) < 0) return -1;
    if (ta_allocate_buffer(vm, o, len) < 0) return -1;
    for (uint64_t k = 0; k < len; k++) {
        Value v = get_index(vm, src, k);
        if (v == VAL_EXCEPTION) return -1;
        if (ta_set_element(vm, o, (double)k, v) < 0) return -1;
    }
    vm->meter += len;
    return 0;
}

/* _TypedArray_(...args) (23.2.5.1); magic = element type. */
NATIVE(TypedArray_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func;
    TAType t = (TAType)magic;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor %s requires 'new'", ta_type_name[t]);
    vm_root(vm, &new_target);
    if (argc == 0) {
        Value o = ta_allocate(vm, t, new_target);
        if (o == VAL_EXCEPTION) return o;
        vm_root(vm, &o);
        if (ta_allocate_buffer(vm, o, 0) < 0) return VAL_EXCEPTION;
        return o;
    }
    Value first = argv[0];
    vm_root(vm, &first);
    if (!val_is_object(first)) {
        uint64_t n;
        if (to_index(vm, first, &n) < 0) return VAL_EXCEPTION;
        Value o = ta_allocate(vm, t, new_target);
        if (o == VAL_EXCEPTION) return o;
        vm_root(vm, &o);
        if (ta_allocate_buffer(vm, o, n) < 0) return VAL_EXCEPTION;
        return o;
    }
    Value byte_offset = ARG(1), length = ARG(2);
    vm_root(vm, &byte_offset); vm_root(vm, &length);
    Value o = ta_allocate(vm, t, new_target);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    if (is_typed_array(vm, first)) {
        if (ta_init_from_typed_array(vm, o, first) < 0) return VAL_EXCEPTION;
    } else if (is_array_buffer(vm, first)) {
        if (ta_init_from_buffer(vm, o, first, byte_offset, length) < 0) return VAL_EXCEPTION;
    } else {
        Value method = obj_get_method(vm, first, vm_wks(vm, WKS_iterator));
        if (method == VAL_EXCEPTION) return method;
        if (method != VAL_UNDEFINED) {
            uint32_t n = 0;
            Value list = iterate_to_list(vm, first, method, &n);
            if (list == VAL_EXCEPTION) return list;
            vm_root(vm, &list);
            if (ta_allocate_buffer(vm, o, n) < 0) return VAL_EXCEPTION;
            for (uint32_t k = 0; k < n; k++)
                if (ta_set_element(vm, o, (double)k, list_items(vm, list)[k]) < 0) return VAL_EXCEPTION;
            vm->meter += n;
        } else if (ta_init_from_array_like(vm, o, first) < 0) {
            return VAL_EXCEPTION;
        }
    }
    return o;
}

/* %TypedArray%(): an abstract class. */
NATIVE(TypedArray_abstract) {
    (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return vm_throw_type_error(vm, "Abstract class TypedArray not directly constructable");
}

/* TypedArrayCreateFromConstructor (23.2.4.2). */
static Value ta_create_from_ctor(VM *vm, Value ctor, int argc, const Value *argv) {
    Value o = vm_construct(vm, ctor, argc, argv, ctor);
    if (o == VAL_EXCEPTION) return o;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray constructor result") < 0) return VAL_EXCEPTION;
    if (argc == 1 && val_is_number(argv[0]) && (double)r.length < num_value(argv[0]))
        return vm_throw_type_error(vm, "Derived TypedArray constructor created an array which was too small");
    return o;
}

/* TypedArraySpeciesCreate (23.2.4.1). argv must be rooted by the caller (the species lookup
 * may run JS). */
static Value ta_species_create(VM *vm, Value exemplar, int argc, const Value *argv) {
    VM_ROOT_SCOPE(vm);
    Value ctor = VAL_UNDEFINED;
    vm_root(vm, &exemplar); vm_root(vm, &ctor);
    TAType t = ta_type(vm, exemplar);
    if (ta_species_constructor(vm, exemplar, ta_hidden(vm, TAH_CTOR0 + t), &ctor) < 0) return VAL_EXCEPTION;
    Value r = ta_create_from_ctor(vm, ctor, argc, argv);
    if (r == VAL_EXCEPTION) return r;
    if (ta_type_is_bigint(ta_type(vm, r)) != ta_type_is_bigint(t))
        return vm_throw_type_error(vm, "TypedArray species constructor returned an array of the other content type");
    return r;
}

/* TypedArrayCreateSameType (23.2.4.3) with one length argument. */
static Value ta_create_same_type(VM *vm, Value exemplar, uint64_t len) {
    Value arg = num_u64(len);
    return ta_create_from_ctor(vm, ta_hidden(vm, TAH_CTOR0 + ta_type(vm, exemplar)), 1, &arg);
}

/* ---------------------------------------------------------------------------------------
 * %TypedArray% statics
 * ------------------------------------------------------------------------------------- */

/* %TypedArray%.from(source [, mapper [, thisArg]]) (23.2.2.1). */
NATIVE(TypedArray_from) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value c = this_val, source = ARG(0), mapper = ARG(1), this_arg = ARG(2);
    Value list = VAL_UNDEFINED, target = VAL_UNDEFINED, v = VAL_UNDEFINED;
    vm_root(vm, &c); vm_root(vm, &source); vm_root(vm, &mapper); vm_root(vm, &this_arg);
    vm_root(vm, &list); vm_root(vm, &target); vm_root(vm, &v);
    if (!vm_is_constructor(vm, c)) return vm_throw_type_error(vm, "TypedArray.from: this is not a constructor");
    bool mapping = mapper != VAL_UNDEFINED;
    if (mapping && !vm_is_callable(vm, mapper)) return vm_throw_type_error(vm, "TypedArray.from: the mapper is not a function");
    Value method = obj_get_method(vm, source, vm_wks(vm, WKS_iterator));
    if (method == VAL_EXCEPTION) return method;
    uint64_t len;
    bool iterable = method != VAL_UNDEFINED;
    if (iterable) {
        uint32_t n = 0;
        list = iterate_to_list(vm, source, method, &n);
        if (list == VAL_EXCEPTION) return list;
        len = n;
    } else {
        source = to_object(vm, source);
        if (source == VAL_EXCEPTION) return source;
        if (length_of_array_like(vm, source, &len) < 0) return VAL_EXCEPTION;
    }
    Value arg = num_u64(len);
    target = ta_create_from_ctor(vm, c, 1, &arg);
    if (target == VAL_EXCEPTION) return target;
    for (uint64_t k = 0; k < len; k++) {
        if (iterable) v = list_items(vm, list)[k];
        else {
            v = get_index(vm, source, k);
            if (v == VAL_EXCEPTION) return v;
        }
        if (mapping) {
            Value args[2] = { v, num_u64(k) };
            v = vm_call(vm, mapper, this_arg, 2, args);
            if (v == VAL_EXCEPTION) return v;
        }
        Value key = key_for_index(vm, k);
        if (key == VAL_EXCEPTION) return key;
        if (obj_set_throw(vm, target, key, v) < 0) return VAL_EXCEPTION;
    }
    vm->meter += len;
    return target;
}

/* %TypedArray%.of(...items) (23.2.2.2). */
NATIVE(TypedArray_of) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value c = this_val;
    vm_root(vm, &c);
    if (!vm_is_constructor(vm, c)) return vm_throw_type_error(vm, "TypedArray.of: this is not a constructor");
    Value arg = val_int(argc);
    Value o = ta_create_from_ctor(vm, c, 1, &arg);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    for (int k = 0; k < argc; k++)
        if (obj_set_throw(vm, o, val_int(k), argv[k]) < 0) return VAL_EXCEPTION;
    vm->meter += (uint64_t)argc;
    return o;
}

/* get %TypedArray%[Symbol.species]: return this. */
NATIVE(TypedArray_species) {
    (void)vm; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * %TypedArray%.prototype accessors
 * ------------------------------------------------------------------------------------- */

enum { TAG_BUFFER, TAG_BYTE_LENGTH, TAG_BYTE_OFFSET, TAG_LENGTH };

/* get buffer / byteLength / byteOffset / length (magic selects). */
NATIVE(TypedArray_getter) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    static const char *const names[] = {
        "get TypedArray.prototype.buffer", "get TypedArray.prototype.byteLength",
        "get TypedArray.prototype.byteOffset", "get TypedArray.prototype.length",
    };
    if (!is_typed_array(vm, this_val)) return vm_throw_type_error(vm, "%s called on incompatible receiver", names[magic]);
    if (magic == TAG_BUFFER) return *obj_slot(vm, this_val, TA_BUFFER);
    TaRec r;
    ta_rec(vm, this_val, &r);
    if (r.oob) return val_int(0);
    if (magic == TAG_BYTE_LENGTH) return num_u64(r.length * r.esize);
    if (magic == TAG_BYTE_OFFSET) return num_u64(r.offset);
    return num_u64(r.length);
}

/* get %TypedArray%.prototype[Symbol.toStringTag]. */
NATIVE(TypedArray_toStringTag) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!is_typed_array(vm, this_val)) return VAL_UNDEFINED;
    return str_from_cstr(vm, ta_type_name[ta_type(vm, this_val)]);
}

/* ---------------------------------------------------------------------------------------
 * %TypedArray%.prototype methods
 * ------------------------------------------------------------------------------------- */

/* at(index) (23.2.3.1). */
NATIVE(TypedArray_prototype_at) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.at") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o);
    double rel;
    if (to_integer_or_infinity(vm, ARG(0), &rel) < 0) return VAL_EXCEPTION;
    double k = rel >= 0 ? rel : (double)len + rel;
    if (k < 0 || k >= (double)len) return VAL_UNDEFINED;
    return ta_get_index(vm, o, (uint64_t)k);
}

/* copyWithin(target, start [, end]) (23.2.3.6). */
NATIVE(TypedArray_prototype_copyWithin) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, start = ARG(1), end = ARG(2);
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.copyWithin") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &start); vm_root(vm, &end);
    double rt, rs, re;
    if (to_integer_or_infinity(vm, ARG(0), &rt) < 0) return VAL_EXCEPTION;
    uint64_t to = relative_index(rt, len);
    if (to_integer_or_infinity(vm, start, &rs) < 0) return VAL_EXCEPTION;
    uint64_t from = relative_index(rs, len), fin = len;
    if (end != VAL_UNDEFINED) {
        if (to_integer_or_infinity(vm, end, &re) < 0) return VAL_EXCEPTION;
        fin = relative_index(re, len);
    }
    if (fin <= from || to >= len) return o;
    uint64_t count = fin - from < len - to ? fin - from : len - to;
    ta_rec(vm, o, &r);
    if (r.oob) return vm_throw_type_error(vm, "TypedArray.prototype.copyWithin: the typed array is detached or out of bounds");
    uint64_t es = r.esize;
    uint64_t limit = r.length * es + r.offset;
    uint64_t to_b = to * es + r.offset, from_b = from * es + r.offset, nbytes = count * es;
    uint8_t *base = ab_bytes(vm, r.buffer);
    /* When argument conversion shrank the buffer, copy only what still fits below the limit
     * (as test262 expects for both directions); memmove gives the spec's overlap behaviour. */
    uint64_t n = nbytes;
    if (from_b >= limit || to_b >= limit) n = 0;
    else {
        if (limit - from_b < n) n = limit - from_b;
        if (limit - to_b < n) n = limit - to_b;
    }
    if (n) memmove(base + to_b, base + from_b, (size_t)n);
    vm->meter += count;
    return o;
}

/* entries / keys / values (magic = iteration kind): CreateArrayIterator. */
NATIVE(TypedArray_prototype_iterator) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func;
    static const char *const names[] = {
        "TypedArray.prototype.keys", "TypedArray.prototype.values", "TypedArray.prototype.entries",
    };
    Value o = this_val;
    TaRec r;
    if (ta_validate(vm, o, &r, names[magic]) < 0) return VAL_EXCEPTION;
    vm_root(vm, &o);
    Value it = obj_new(vm, vm_intrinsic(vm, INTR_ArrayIteratorPrototype), CLASS_ITERATOR);
    if (it == VAL_EXCEPTION) return it;
    *obj_slot(vm, it, 0) = o;
    *obj_slot(vm, it, 1) = val_int(0);
    *obj_slot(vm, it, 2) = val_int(ITER_ARRAY_BASE + magic);
    return it;
}

enum { IT_EVERY, IT_SOME, IT_FOREACH, IT_MAP, IT_FILTER, IT_FIND, IT_FIND_INDEX, IT_FIND_LAST, IT_FIND_LAST_INDEX };

/* every / some / forEach / map / filter / find / findIndex / findLast / findLastIndex
 * (magic selects): the callback iterations. */
NATIVE(TypedArray_prototype_iterate) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    static const char *const names[] = {
        "TypedArray.prototype.every", "TypedArray.prototype.some", "TypedArray.prototype.forEach",
        "TypedArray.prototype.map", "TypedArray.prototype.filter", "TypedArray.prototype.find",
        "TypedArray.prototype.findIndex", "TypedArray.prototype.findLast", "TypedArray.prototype.findLastIndex",
    };
    Value o = this_val, cb = ARG(0), this_arg = ARG(1), a = VAL_UNDEFINED, kept = VAL_UNDEFINED, v = VAL_UNDEFINED;
    TaRec r;
    if (ta_validate(vm, o, &r, names[magic]) < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &cb); vm_root(vm, &this_arg); vm_root(vm, &a); vm_root(vm, &kept); vm_root(vm, &v);
    if (!vm_is_callable(vm, cb)) return vm_throw_type_error(vm, "%s: the callback is not a function", names[magic]);
    if (magic == IT_MAP) {
        Value arg = num_u64(len);
        a = ta_species_create(vm, o, 1, &arg);
        if (a == VAL_EXCEPTION) return a;
    } else if (magic == IT_FILTER) {
        kept = list_new(vm, 16);
        if (kept == VAL_EXCEPTION) return kept;
    }
    uint32_t captured = 0;
    bool backwards = magic == IT_FIND_LAST || magic == IT_FIND_LAST_INDEX;
    for (uint64_t i = 0; i < len; i++) {
        uint64_t k = backwards ? len - 1 - i : i;
        v = ta_get_index(vm, o, k);
        if (v == VAL_EXCEPTION) return v;
        Value args[3] = { v, num_u64(k), o };
        Value res = vm_call(vm, cb, this_arg, 3, args);
        if (res == VAL_EXCEPTION) return res;
        switch (magic) {
        case IT_EVERY: if (!to_boolean(vm, res)) return VAL_FALSE; break;
        case IT_SOME: if (to_boolean(vm, res)) return VAL_TRUE; break;
        case IT_MAP: if (ta_set_element(vm, a, (double)k, res) < 0) return VAL_EXCEPTION; break;
        case IT_FILTER: if (to_boolean(vm, res) && list_append(vm, &kept, &captured, v) < 0) return VAL_EXCEPTION; break;
        case IT_FIND: case IT_FIND_LAST: if (to_boolean(vm, res)) return v; break;
        case IT_FIND_INDEX: case IT_FIND_LAST_INDEX: if (to_boolean(vm, res)) return num_u64(k); break;
        default: break;
        }
    }
    vm->meter += len;
    switch (magic) {
    case IT_EVERY: return VAL_TRUE;
    case IT_SOME: return VAL_FALSE;
    case IT_MAP: return a;
    case IT_FILTER: {
        Value arg = val_int((int32_t)captured);
        a = ta_species_create(vm, o, 1, &arg);
        if (a == VAL_EXCEPTION) return a;
        for (uint32_t n = 0; n < captured; n++)
            if (ta_set_element(vm, a, (double)n, list_items(vm, kept)[n]) < 0) return VAL_EXCEPTION;
        return a;
    }
    case IT_FIND_INDEX: case IT_FIND_LAST_INDEX: return val_int(-1);
    default: return VAL_UNDEFINED;
    }
}

/* fill(value [, start [, end]]) (23.2.3.10). */
NATIVE(TypedArray_prototype_fill) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, value = ARG(0), start = ARG(1), end = ARG(2);
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.fill") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &value); vm_root(vm, &start); vm_root(vm, &end);
    value = ta_convert_value(vm, r.type, value);
    if (value == VAL_EXCEPTION) return value;
    double rs, re;
    if (to_integer_or_infinity(vm, start, &rs) < 0) return VAL_EXCEPTION;
    uint64_t k = relative_index(rs, len), fin = len;
    if (end != VAL_UNDEFINED) {
        if (to_integer_or_infinity(vm, end, &re) < 0) return VAL_EXCEPTION;
        fin = relative_index(re, len);
    }
    ta_rec(vm, o, &r);
    if (r.oob) return vm_throw_type_error(vm, "TypedArray.prototype.fill: the typed array is detached or out of bounds");
    if (fin > r.length) fin = r.length;
    if (k < fin) {
        uint8_t *p = ta_ptr(vm, &r, k);
        ta_store_value(vm, p, r.type, value, true);
        for (uint64_t i = 1; i < fin - k; i++) memcpy(p + i * r.esize, p, r.esize);
        vm->meter += fin - k;
    }
    return o;
}

/* includes / indexOf / lastIndexOf (magic 0, 1, 2) (23.2.3.16, 17, 20). */
NATIVE(TypedArray_prototype_search) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    static const char *const names[] = {
        "TypedArray.prototype.includes", "TypedArray.prototype.indexOf", "TypedArray.prototype.lastIndexOf",
    };
    Value o = this_val, search = ARG(0);
    TaRec r;
    if (ta_validate(vm, o, &r, names[magic]) < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    Value notfound = magic == 0 ? VAL_FALSE : val_int(-1);
    if (len == 0) return notfound;
    vm_root(vm, &o); vm_root(vm, &search);
    double n;
    int64_t k;
    if (magic == 2) {
        if (argc > 1) {
            if (to_integer_or_infinity(vm, argv[1], &n) < 0) return VAL_EXCEPTION;
        } else {
            n = (double)len - 1;
        }
        if (n == -INFINITY) return notfound;
        if (n >= 0) k = n < (double)len - 1 ? (int64_t)n : (int64_t)len - 1;
        else k = (double)len + n < 0 ? -1 : (int64_t)((double)len + n);
    } else {
        if (to_integer_or_infinity(vm, ARG(1), &n) < 0) return VAL_EXCEPTION;
        if (n == INFINITY) return notfound;
        if (n == -INFINITY) n = 0;
        if (n >= 0) k = n < (double)len ? (int64_t)n : (int64_t)len;
        else {
            double kk = (double)len + n;
            k = kk < 0 ? 0 : (int64_t)kk;
        }
    }
    /* no JavaScript runs from here on: read the elements directly */
    ta_rec(vm, o, &r);
    uint64_t cur = r.oob ? 0 : r.length;
    vm->meter += len;
    if (magic == 2) {
        if (k >= (int64_t)cur) k = (int64_t)cur - 1;   /* ! HasProperty is false beyond: skipped */
        for (; k >= 0; k--) {
            Value e = ta_load(vm, ta_ptr(vm, &r, (uint64_t)k), r.type, true);
            if (strict_equals(vm, search, e)) return num_u64((uint64_t)k);
        }
        return notfound;
    }
    if (magic == 1) {
        bool searchable = ta_type_is_bigint(r.type) ? val_is_bigint(search) : val_is_number(search);
        if (!searchable) return notfound;
        for (uint64_t i = (uint64_t)k; i < len && i < cur; i++) {
            Value e = ta_load(vm, ta_ptr(vm, &r, i), r.type, true);
            if (strict_equals(vm, search, e)) return num_u64(i);
        }
        return notfound;
    }
    for (uint64_t i = (uint64_t)k; i < len; i++) {
        Value e = i < cur ? ta_load(vm, ta_ptr(vm, &r, i), r.type, true) : VAL_UNDEFINED;
        if (same_value_zero(vm, search, e)) return VAL_TRUE;
    }
    return VAL_FALSE;
}

/* Append the string form of element value e (a Number or BigInt) to sb. */
static int append_element(VM *vm, StrBuilder *sb, Value e) {
    if (val_is_number(e)) {
        char buf[NUM_TOSTRING_BUFSZ];
        int n = num_to_string(num_value(e), buf);
        sb_append_latin1(sb, (const uint8_t *)buf, (size_t)n);
        return 0;
    }
    Value s = bigint_to_string(vm, e, 10);
    if (s == VAL_EXCEPTION) return -1;
    sb_append_string(sb, s);
    return 0;
}

/* join(separator) (23.2.3.18). */
NATIVE(TypedArray_prototype_join) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, sep = ARG(0);
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.join") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &sep);
    if (sep == VAL_UNDEFINED) sep = str_from_char(vm, ',');
    else sep = to_string(vm, sep);
    if (sep == VAL_EXCEPTION) return sep;
    ta_rec(vm, o, &r);
    uint64_t cur = r.oob ? 0 : r.length;
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) { sb_free(&sb); return VAL_EXCEPTION; }
        if (k > 0) sb_append_string(&sb, sep);
        if (k < cur) {
            Value e = ta_load(vm, ta_ptr(vm, &r, k), r.type, true);
            if (e == VAL_EXCEPTION || append_element(vm, &sb, e) < 0) { sb_free(&sb); return VAL_EXCEPTION; }
        }
        if (sb.failed) break;
    }
    vm->meter += len;
    return sb_finish(&sb);
}

/* toLocaleString() (23.2.3.31): Array.prototype.toLocaleString over the elements. */
NATIVE(TypedArray_prototype_toLocaleString) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value o = this_val, e = VAL_UNDEFINED;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.toLocaleString") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &e);
    Value key = atom_from_cstr(vm, "toLocaleString");
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint64_t k = 0; k < len; k++) {
        if (k > 0) sb_append_char(&sb, ',');
        e = ta_get_index(vm, o, k);
        if (e == VAL_EXCEPTION) { sb_free(&sb); return e; }
        if (val_is_nullish(e)) continue;
        Value s = vm_invoke(vm, e, key, 0, NULL);
        if (s != VAL_EXCEPTION) s = to_string(vm, s);
        if (s == VAL_EXCEPTION) { sb_free(&sb); return s; }
        sb_append_string(&sb, s);
        if (sb.failed) break;
    }
    vm->meter += len;
    return sb_finish(&sb);
}

/* reduce / reduceRight (magic 0 / 1) (23.2.3.23, 24). */
NATIVE(TypedArray_prototype_reduce) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    const char *what = magic ? "TypedArray.prototype.reduceRight" : "TypedArray.prototype.reduce";
    Value o = this_val, cb = ARG(0), acc = VAL_UNDEFINED, v = VAL_UNDEFINED;
    TaRec r;
    if (ta_validate(vm, o, &r, what) < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &cb); vm_root(vm, &acc); vm_root(vm, &v);
    if (!vm_is_callable(vm, cb)) return vm_throw_type_error(vm, "%s: the callback is not a function", what);
    if (len == 0 && argc < 2) return vm_throw_type_error(vm, "%s of empty array with no initial value", what);
    uint64_t i = 0;
    if (argc >= 2) acc = argv[1];
    else {
        acc = ta_get_index(vm, o, magic ? len - 1 : 0);
        if (acc == VAL_EXCEPTION) return acc;
        i = 1;
    }
    for (; i < len; i++) {
        uint64_t k = magic ? len - 1 - i : i;
        v = ta_get_index(vm, o, k);
        if (v == VAL_EXCEPTION) return v;
        Value args[4] = { acc, v, num_u64(k), o };
        acc = vm_call(vm, cb, VAL_UNDEFINED, 4, args);
        if (acc == VAL_EXCEPTION) return acc;
    }
    vm->meter += len;
    return acc;
}

/* reverse() (23.2.3.25). */
NATIVE(TypedArray_prototype_reverse) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    TaRec r;
    if (ta_validate(vm, this_val, &r, "TypedArray.prototype.reverse") < 0) return VAL_EXCEPTION;
    if (r.length > 1) {
        uint8_t *p = ta_ptr(vm, &r, 0), tmp[8];
        unsigned es = r.esize;
        for (uint64_t lo = 0, hi = r.length - 1; lo < hi; lo++, hi--) {
            memcpy(tmp, p + lo * es, es);
            memcpy(p + lo * es, p + hi * es, es);
            memcpy(p + hi * es, tmp, es);
        }
        vm->meter += r.length;
    }
    return this_val;
}

/* SetTypedArrayFromTypedArray (23.2.3.26.1). */
static int set_from_typed_array(VM *vm, Value target, double target_offset, Value source) {
    TaRec tr, sr;
    ta_rec(vm, target, &tr);
    if (tr.oob) { vm_throw_type_error(vm, "TypedArray.prototype.set: the target is detached or out of bounds"); return -1; }
    ta_rec(vm, source, &sr);
    if (sr.oob) { vm_throw_type_error(vm, "TypedArray.prototype.set: the source is detached or out of bounds"); return -1; }
    if (target_offset == INFINITY || (double)sr.length + target_offset > (double)tr.length) {
        vm_throw_range_error(vm, "TypedArray.prototype.set: offset is out of bounds");
        return -1;
    }
    if (ta_type_is_bigint(tr.type) != ta_type_is_bigint(sr.type)) {
        vm_throw_type_error(vm, "Cannot mix BigInt and other types in TypedArray.prototype.set");
        return -1;
    }
    uint64_t n = sr.length, off = (uint64_t)target_offset;
    uint8_t *dst = ta_ptr(vm, &tr, off);
    const uint8_t *src = sr.length ? ta_ptr(vm, &sr, 0) : dst;
    vm->meter += n;
    if (n == 0) return 0;
    if (tr.type == sr.type || (ta_type_is_bigint(tr.type) && ta_type_is_bigint(sr.type))) {
        memmove(dst, src, (size_t)(n * sr.esize));
        return 0;
    }
    uint8_t *copy = NULL;
    if (tr.buffer == sr.buffer) {
        /* same buffer, different types: read from a copy of the source bytes */
        copy = malloc((size_t)(n * sr.esize));
        if (!copy) { vm_throw_out_of_memory(vm); return -1; }
        memcpy(copy, src, (size_t)(n * sr.esize));
        src = copy;
    }
    for (uint64_t i = 0; i < n; i++) {
        Value v = ta_load(vm, src + i * sr.esize, sr.type, true);
        ta_store_value(vm, dst + i * tr.esize, tr.type, v, true);
    }
    free(copy);
    return 0;
}

/* SetTypedArrayFromArrayLike (23.2.3.26.2). */
static int set_from_array_like(VM *vm, Value target, double target_offset, Value source) {
    VM_ROOT_SCOPE(vm);
    TaRec tr;
    ta_rec(vm, target, &tr);
    if (tr.oob) { vm_throw_type_error(vm, "TypedArray.prototype.set: the target is detached or out of bounds"); return -1; }
    uint64_t target_length = tr.length;
    vm_root(vm, &target);
    Value src = to_object(vm, source);
    if (src == VAL_EXCEPTION) return -1;
    vm_root(vm, &src);
    uint64_t src_length;
    if (length_of_array_like(vm, src, &src_length) < 0) return -1;
    if (target_offset == INFINITY || (double)src_length + target_offset > (double)target_length) {
        vm_throw_range_error(vm, "TypedArray.prototype.set: offset is out of bounds");
        return -1;
    }
    for (uint64_t k = 0; k < src_length; k++) {
        Value v = get_index(vm, src, k);
        if (v == VAL_EXCEPTION) return -1;
        if (ta_set_element(vm, target, target_offset + (double)k, v) < 0) return -1;
    }
    vm->meter += src_length;
    return 0;
}

/* set(source [, offset]) (23.2.3.26). */
NATIVE(TypedArray_prototype_set) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value target = this_val, source = ARG(0);
    if (!is_typed_array(vm, target)) return vm_throw_type_error(vm, "TypedArray.prototype.set: this is not a typed array");
    vm_root(vm, &target); vm_root(vm, &source);
    double off;
    if (to_integer_or_infinity(vm, ARG(1), &off) < 0) return VAL_EXCEPTION;
    if (off < 0) return vm_throw_range_error(vm, "TypedArray.prototype.set: offset is out of bounds");
    int r = is_typed_array(vm, source) ? set_from_typed_array(vm, target, off, source)
                                       : set_from_array_like(vm, target, off, source);
    return r < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* slice(start, end) (23.2.3.27). */
NATIVE(TypedArray_prototype_slice) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, start = ARG(0), end = ARG(1), a = VAL_UNDEFINED;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.slice") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &start); vm_root(vm, &end); vm_root(vm, &a);
    double rs, re;
    if (to_integer_or_infinity(vm, start, &rs) < 0) return VAL_EXCEPTION;
    uint64_t k = relative_index(rs, len), fin = len;
    if (end != VAL_UNDEFINED) {
        if (to_integer_or_infinity(vm, end, &re) < 0) return VAL_EXCEPTION;
        fin = relative_index(re, len);
    }
    uint64_t count = fin > k ? fin - k : 0;
    Value arg = num_u64(count);
    a = ta_species_create(vm, o, 1, &arg);
    if (a == VAL_EXCEPTION) return a;
    if (count == 0) return a;
    ta_rec(vm, o, &r);
    if (r.oob) return vm_throw_type_error(vm, "TypedArray.prototype.slice: the typed array is detached or out of bounds");
    if (fin > r.length) fin = r.length;
    count = fin > k ? fin - k : 0;
    TaRec ar;
    ta_rec(vm, a, &ar);
    if (ar.type == r.type) {
        if (ar.oob) return a;
        uint64_t nbytes = count * r.esize, room = ab_byte_length(vm, ar.buffer) - ar.offset;
        if (nbytes > room) nbytes = room;
        uint8_t *dst = ta_ptr(vm, &ar, 0);
        const uint8_t *src = ta_ptr(vm, &r, k);
        if (dst <= src || dst >= src + nbytes) memmove(dst, src, (size_t)nbytes);
        else for (uint64_t i = 0; i < nbytes; i++) dst[i] = src[i];   /* spec: forward, byte by byte */
    } else {
        for (uint64_t n = 0; k < fin; k++, n++) {
            Value v = ta_get_index(vm, o, k);
            if (v == VAL_EXCEPTION) return v;
            if (ta_set_element(vm, a, (double)n, v) < 0) return VAL_EXCEPTION;
        }
    }
    vm->meter += count;
    return a;
}

/* CompareTypedArrayElements with a user comparator: *out = the comparison result. */
static int compare_with(VM *vm, Value cmp, Value x, Value y, double *out) {
    Value args[2] = { x, y };
    Value r = vm_call(vm, cmp, VAL_UNDEFINED, 2, args);
    if (r == VAL_EXCEPTION) return -1;
    double d;
    if (to_number_double(vm, r, &d) < 0) return -1;
    *out = d != d ? 0 : d;
    return 0;
}

/* Stable merge sort of the n values in list *a with comparator *cmp; *tmp is a scratch list
 * of at least n values. All three are rooted by the caller; on return *a is sorted. */
static int merge_sort_with(VM *vm, Value *a, Value *tmp, uint32_t n, Value *cmp) {
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = mid + width < n ? mid + width : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                double c;
                if (compare_with(vm, *cmp, list_items(vm, *a)[i], list_items(vm, *a)[j], &c) < 0) return -1;
                Value *src = list_items(vm, *a), *dst = list_items(vm, *tmp);
                dst[k++] = c <= 0 ? src[i++] : src[j++];
            }
            Value *src = list_items(vm, *a), *dst = list_items(vm, *tmp);
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        Value t = *a;
        *a = *tmp;
        *tmp = t;
        vm->meter += n;
    }
    return 0;
}

/* Total order of CompareTypedArrayElements without comparator, on doubles (NaN last,
 * -0 before +0); the sorted result is unique, so qsort's instability is unobservable. */
static int cmp_double(const void *pa, const void *pb) {
    double x = *(const double *)pa, y = *(const double *)pb;
    if (x != x) return y != y ? 0 : 1;
    if (y != y) return -1;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x == 0 && y == 0) return signbit(x) ? (signbit(y) ? 0 : -1) : (signbit(y) ? 1 : 0);
    return 0;
}
static int cmp_i64(const void *pa, const void *pb) {
    int64_t x = *(const int64_t *)pa, y = *(const int64_t *)pb;
    return x < y ? -1 : x > y;
}
static int cmp_u64(const void *pa, const void *pb) {
    uint64_t x = *(const uint64_t *)pa, y = *(const uint64_t *)pb;
    return x < y ? -1 : x > y;
}

/* Sort the elements of the in-bounds record r numerically, in place (no JS runs). */
static int sort_numeric_in_place(VM *vm, const TaRec *r) {
    uint64_t n = r->length;
    if (n < 2) return 0;
    void *tmp = malloc((size_t)n * 8);
    if (!tmp) { vm_throw_out_of_memory(vm); return -1; }
    uint8_t *p = ta_ptr(vm, r, 0);
    if (ta_type_is_bigint(r->type)) {
        uint64_t *u = tmp;
        for (uint64_t i = 0; i < n; i++) u[i] = ta_load_bits(p + i * 8, 8, true);
        qsort(tmp, (size_t)n, 8, r->type == TA_BIGINT64 ? cmp_i64 : cmp_u64);
        for (uint64_t i = 0; i < n; i++) ta_store_bits(p + i * 8, 8, u[i], true);
    } else {
        double *d = tmp;
        for (uint64_t i = 0; i < n; i++) d[i] = num_value(ta_load(vm, p + i * r->esize, r->type, true));
        qsort(tmp, (size_t)n, 8, cmp_double);
        for (uint64_t i = 0; i < n; i++) ta_store_value(vm, p + i * r->esize, r->type, val_number(d[i]), true);
    }
    free(tmp);
    vm->meter += n;
    return 0;
}

/* Read the first len elements of o into a new list (SortIndexedProperties' reads). */
static Value read_elements(VM *vm, Value o, uint64_t len) {
    if (len > 0x7FFFFFF0u) return vm_throw_range_error(vm, "Typed array too large to sort with a comparator");
    Value list = list_new(vm, (uint32_t)len);
    for (uint64_t k = 0; list != VAL_EXCEPTION && k < len; k++) {
        Value v = ta_get_index(vm, o, k);      /* may allocate, never collects */
        if (v == VAL_EXCEPTION) list = v;
        else list_items(vm, list)[k] = v;
    }
    return list;
}

/* sort(comparator) (magic 0) and toSorted(comparator) (magic 1) (23.2.3.29, 23.2.3.33). */
NATIVE(TypedArray_prototype_sort) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    const char *what = magic ? "TypedArray.prototype.toSorted" : "TypedArray.prototype.sort";
    Value cmp = ARG(0), o = this_val, a = VAL_UNDEFINED, list = VAL_UNDEFINED, tmp = VAL_UNDEFINED;
    if (cmp != VAL_UNDEFINED && !vm_is_callable(vm, cmp))
        return vm_throw_type_error(vm, "%s: the comparison function must be either a function or undefined", what);
    TaRec r;
    if (ta_validate(vm, o, &r, what) < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &cmp); vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &list); vm_root(vm, &tmp);
    Value dest = o;
    if (magic) {
        a = ta_create_same_type(vm, o, len);
        if (a == VAL_EXCEPTION) return a;
        dest = a;
    }
    if (cmp == VAL_UNDEFINED) {
        if (magic) {
            TaRec ar;
            ta_rec(vm, a, &ar);
            ta_rec(vm, o, &r);
            memcpy(ta_ptr(vm, &ar, 0), ta_ptr(vm, &r, 0), (size_t)(len * r.esize));
            return sort_numeric_in_place(vm, &ar) < 0 ? VAL_EXCEPTION : a;
        }
        return sort_numeric_in_place(vm, &r) < 0 ? VAL_EXCEPTION : o;
    }
    list = read_elements(vm, o, len);
    if (list == VAL_EXCEPTION) return list;
    tmp = list_new(vm, (uint32_t)len);
    if (tmp == VAL_EXCEPTION) return tmp;
    if (merge_sort_with(vm, &list, &tmp, (uint32_t)len, &cmp) < 0) return VAL_EXCEPTION;
    dest = magic ? a : o;
    for (uint64_t j = 0; j < len; j++)
        if (ta_set_element(vm, dest, (double)j, list_items(vm, list)[j]) < 0) return VAL_EXCEPTION;
    return dest;
}

/* subarray(start, end) (23.2.3.30). */
NATIVE(TypedArray_prototype_subarray) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, start = ARG(0), end = ARG(1);
    if (!is_typed_array(vm, o)) return vm_throw_type_error(vm, "TypedArray.prototype.subarray: this is not a typed array");
    vm_root(vm, &o); vm_root(vm, &start); vm_root(vm, &end);
    TaRec r;
    ta_rec(vm, o, &r);
    Value buffer = r.buffer;
    vm_root(vm, &buffer);
    uint64_t src_len = r.oob ? 0 : r.length;
    double rs, re;
    if (to_integer_or_infinity(vm, start, &rs) < 0) return VAL_EXCEPTION;
    uint64_t k = relative_index(rs, src_len);
    unsigned es = ta_type_size[ta_type(vm, o)];
    uint64_t begin = (uint64_t)num_value(*obj_slot(vm, o, TA_OFFSET)) + k * es;
    Value args[3] = { buffer, num_u64(begin), VAL_UNDEFINED };
    int nargs = 2;
    if (!(*obj_slot(vm, o, TA_LENGTH) == VAL_UNDEFINED && end == VAL_UNDEFINED)) {
        uint64_t fin = src_len;
        if (end != VAL_UNDEFINED) {
            if (to_integer_or_infinity(vm, end, &re) < 0) return VAL_EXCEPTION;
            fin = relative_index(re, src_len);
        }
        args[0] = buffer;
        args[2] = num_u64(fin > k ? fin - k : 0);
        nargs = 3;
    }
    vm_root(vm, &args[0]);   /* the species lookup may run JS before the construct */
    return ta_species_create(vm, o, nargs, args);
}

/* toReversed() (23.2.3.32). */
NATIVE(TypedArray_prototype_toReversed) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value o = this_val;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.toReversed") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o);
    Value a = ta_create_same_type(vm, o, len);
    if (a == VAL_EXCEPTION) return a;
    TaRec ar;
    ta_rec(vm, a, &ar);
    ta_rec(vm, o, &r);
    unsigned es = r.esize;
    for (uint64_t k = 0; k < len; k++) memcpy(ta_ptr(vm, &ar, k), ta_ptr(vm, &r, len - 1 - k), es);
    vm->meter += len;
    return a;
}

/* with(index, value) (23.2.3.36). */
NATIVE(TypedArray_prototype_with) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val, value = ARG(1), a = VAL_UNDEFINED;
    TaRec r;
    if (ta_validate(vm, o, &r, "TypedArray.prototype.with") < 0) return VAL_EXCEPTION;
    uint64_t len = r.length;
    vm_root(vm, &o); vm_root(vm, &value); vm_root(vm, &a);
    double rel;
    if (to_integer_or_infinity(vm, ARG(0), &rel) < 0) return VAL_EXCEPTION;
    double actual = rel >= 0 ? rel : (double)len + rel;
    value = ta_convert_value(vm, r.type, value);
    if (value == VAL_EXCEPTION) return value;
    ta_rec(vm, o, &r);
    uint64_t ai;
    if (!ta_valid_index(&r, actual, &ai)) return vm_throw_range_error(vm, "TypedArray.prototype.with: invalid index");
    a = ta_create_same_type(vm, o, len);
    if (a == VAL_EXCEPTION) return a;
    for (uint64_t k = 0; k < len; k++) {
        Value v = k == ai ? value : ta_get_index(vm, o, k);
        if (v == VAL_EXCEPTION) return v;
        if (ta_set_element(vm, a, (double)k, v) < 0) return VAL_EXCEPTION;
    }
    vm->meter += len;
    return a;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef ta_ctor_defs[] = {
    { "TypedArray", TypedArray_abstract, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "Int8Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_INT8, 0 },
    { "Uint8Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_UINT8, 0 },
    { "Uint8ClampedArray", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_UINT8C, 0 },
    { "Int16Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_INT16, 0 },
    { "Uint16Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_UINT16, 0 },
    { "Int32Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_INT32, 0 },
    { "Uint32Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_UINT32, 0 },
    { "Float32Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_FLOAT32, 0 },
    { "Float64Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_FLOAT64, 0 },
    { "BigInt64Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_BIGINT64, 0 },
    { "BigUint64Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_BIGUINT64, 0 },
    { "Float16Array", TypedArray_constructor, 3, NDEF_CTOR_ONLY, TA_FLOAT16, 0 },
};
static const NativeDef ta_static_defs[] = {
    { "from", TypedArray_from, 1, NDEF_METHOD, 0, 0 },
    { "of", TypedArray_of, 0, NDEF_METHOD, 0, 0 },
    { "[Symbol.species]", TypedArray_species, 0, NDEF_GETTER, 0, 0 },
};
static const NativeDef ta_proto_defs[] = {
    { "at", TypedArray_prototype_at, 1, NDEF_METHOD, 0, 0 },
    { "buffer", TypedArray_getter, 0, NDEF_GETTER, TAG_BUFFER, 0 },
    { "byteLength", TypedArray_getter, 0, NDEF_GETTER, TAG_BYTE_LENGTH, 0 },
    { "byteOffset", TypedArray_getter, 0, NDEF_GETTER, TAG_BYTE_OFFSET, 0 },
    { "copyWithin", TypedArray_prototype_copyWithin, 2, NDEF_METHOD, 0, 0 },
    { "entries", TypedArray_prototype_iterator, 0, NDEF_METHOD, ITK_ENTRIES, 0 },
    { "every", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_EVERY, 0 },
    { "fill", TypedArray_prototype_fill, 1, NDEF_METHOD, 0, 0 },
    { "filter", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FILTER, 0 },
    { "find", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FIND, 0 },
    { "findIndex", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FIND_INDEX, 0 },
    { "findLast", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FIND_LAST, 0 },
    { "findLastIndex", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FIND_LAST_INDEX, 0 },
    { "forEach", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_FOREACH, 0 },
    { "includes", TypedArray_prototype_search, 1, NDEF_METHOD, 0, 0 },
    { "indexOf", TypedArray_prototype_search, 1, NDEF_METHOD, 1, 0 },
    { "join", TypedArray_prototype_join, 1, NDEF_METHOD, 0, 0 },
    { "keys", TypedArray_prototype_iterator, 0, NDEF_METHOD, ITK_KEYS, 0 },
    { "lastIndexOf", TypedArray_prototype_search, 1, NDEF_METHOD, 2, 0 },
    { "length", TypedArray_getter, 0, NDEF_GETTER, TAG_LENGTH, 0 },
    { "map", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_MAP, 0 },
    { "reduce", TypedArray_prototype_reduce, 1, NDEF_METHOD, 0, 0 },
    { "reduceRight", TypedArray_prototype_reduce, 1, NDEF_METHOD, 1, 0 },
    { "reverse", TypedArray_prototype_reverse, 0, NDEF_METHOD, 0, 0 },
    { "set", TypedArray_prototype_set, 1, NDEF_METHOD, 0, 0 },
    { "slice", TypedArray_prototype_slice, 2, NDEF_METHOD, 0, 0 },
    { "some", TypedArray_prototype_iterate, 1, NDEF_METHOD, IT_SOME, 0 },
    { "sort", TypedArray_prototype_sort, 1, NDEF_METHOD, 0, 0 },
    { "subarray", TypedArray_prototype_subarray, 2, NDEF_METHOD, 0, 0 },
    { "toLocaleString", TypedArray_prototype_toLocaleString, 0, NDEF_METHOD, 0, 0 },
    { "toReversed", TypedArray_prototype_toReversed, 0, NDEF_METHOD, 0, 0 },
    { "toSorted", TypedArray_prototype_sort, 1, NDEF_METHOD, 1, 0 },
    { "values", TypedArray_prototype_iterator, 0, NDEF_METHOD, ITK_VALUES, 0 },
    { "with", TypedArray_prototype_with, 2, NDEF_METHOD, 0, 0 },
    { "[Symbol.toStringTag]", TypedArray_toStringTag, 0, NDEF_GETTER, 0, 0 },
};

const NativeTable typedarray_tables[] = {
    NATIVE_TABLE("TypedArray constructors", ta_ctor_defs),
    NATIVE_TABLE("%TypedArray%", ta_static_defs),
    NATIVE_TABLE("%TypedArray%.prototype", ta_proto_defs),
};
const size_t typedarray_tables_count = sizeof(typedarray_tables) / sizeof(typedarray_tables[0]);

int init_typedarray(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = VAL_UNDEFINED, ctor = VAL_UNDEFINED, p = VAL_UNDEFINED, c = VAL_UNDEFINED, f = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &p); vm_root(vm, &c); vm_root(vm, &f);
    /* %TypedArray% and %TypedArray.prototype% */
    proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_TypedArrayPrototype, proto);
    ctor = vm_make_constructor(vm, &ta_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    ta_set_hidden(vm, TAH_TYPED_ARRAY, ctor);
    if (vm_install(vm, ctor, ta_static_defs, sizeof ta_static_defs / sizeof ta_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, ta_proto_defs, sizeof ta_proto_defs / sizeof ta_proto_defs[0]) < 0) return -1;
    /* [Symbol.iterator] is the same function as values; toString is Array.prototype.toString */
    f = obj_get(vm, proto, ATOM(vm, values), proto);
    if (f == VAL_EXCEPTION || obj_define_fast(vm, proto, vm_wks(vm, WKS_iterator), f, PROP_METHOD) < 0) return -1;
    f = obj_get(vm, vm_intrinsic(vm, INTR_ArrayPrototype), ATOM(vm, toString), vm_intrinsic(vm, INTR_ArrayPrototype));
    if (f == VAL_EXCEPTION) return -1;
    if (val_is_object(f) && obj_define_fast(vm, proto, ATOM(vm, toString), f, PROP_METHOD) < 0) return -1;
    /* the twelve constructors */
    Value bpe = atom_from_cstr(vm, "BYTES_PER_ELEMENT");
    if (bpe == VAL_EXCEPTION) return -1;
    vm_root(vm, &bpe);
    for (int t = 0; t < TA_TYPE_COUNT; t++) {
        p = obj_new(vm, proto, CLASS_OBJECT);
        if (p == VAL_EXCEPTION) return -1;
        c = vm_make_constructor(vm, &ta_ctor_defs[1 + t], p, ctor);
        if (c == VAL_EXCEPTION) return -1;
        Value size = val_int(ta_type_size[t]);
        if (obj_define_fast(vm, c, bpe, size, 0) < 0 || obj_define_fast(vm, p, bpe, size, 0) < 0) return -1;
        ta_set_hidden(vm, TAH_CTOR0 + t, c);
        ta_set_hidden(vm, TAH_PROTO0 + t, p);
        if (vm_define_global(vm, ta_type_name[t], c) < 0) return -1;
    }
    return 0;
}
