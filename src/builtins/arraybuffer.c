/* arraybuffer.c — ArrayBuffer (ECMA-262 25.1, including resizable buffers and transfer from
 * ES2024) and the buffer data operations shared with typedarray.c and dataview.c
 * (RawBytesToNumeric / NumericToRawBytes, the element conversions). Layouts and invariants
 * are in typedarray.h. */
#include <math.h>
#include <string.h>
#include "typedarray.h"
#include "../bigint.h"
#include "../numconv.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

/* Largest byte length a buffer can have: a cell's size is a 32-bit count of 8-byte words.
 * Beyond it (or when the heap cannot hold the bytes) allocation throws a RangeError. */
#define AB_MAX_BYTES ((uint64_t)0xFFFFFFF0u * 8u)

const uint8_t ta_type_size[TA_TYPE_COUNT] = { 1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2 };
const char *const ta_type_name[TA_TYPE_COUNT] = {
    "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
    "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
    "Float16Array",
};

/* ---------------------------------------------------------------------------------------
 * The hidden intrinsic list
 * ------------------------------------------------------------------------------------- */

Value ta_hidden_in(VM *vm, Value realm, int which) {
    Value p = realm_intrinsic(vm, realm, INTR_ArrayBufferPrototype);
    Value list = *obj_slot(vm, p, 0);
    return list_items(vm, list)[which];
}

Value ta_hidden(VM *vm, int which) {
    return ta_hidden_in(vm, vm->roots[ROOT_REALM], which);
}

void ta_set_hidden(VM *vm, int which, Value v) {
    Value p = vm_intrinsic(vm, INTR_ArrayBufferPrototype);
    list_items(vm, *obj_slot(vm, p, 0))[which] = v;
}

/* ---------------------------------------------------------------------------------------
 * Raw element encoding (little-endian in memory; byte order selectable for DataView)
 * ------------------------------------------------------------------------------------- */

/* Read an n-byte unsigned integer stored in the given byte order. */
uint64_t ta_load_bits(const uint8_t *p, unsigned n, bool little) {
    uint64_t x = 0;
    if (little) {
        for (unsigned i = n; i-- > 0;) x = (x << 8) | p[i];
    } else {
        for (unsigned i = 0; i < n; i++) x = (x << 8) | p[i];
    }
    return x;
}

/* Write the low n bytes of x in the given byte order. */
void ta_store_bits(uint8_t *p, unsigned n, uint64_t x, bool little) {
    for (unsigned i = 0; i < n; i++) {
        p[little ? i : n - 1 - i] = (uint8_t)x;
        x >>= 8;
    }
}

/* Sign-extend the low `bits` bits of x. */
static int64_t sign_extend(uint64_t x, unsigned bits) {
    if (bits == 64) return (int64_t)x;
    uint64_t m = (uint64_t)1 << (bits - 1);
    x &= (m << 1) - 1;
    return (int64_t)(x ^ m) - (int64_t)m;
}

/* A BigInt for an unsigned 64-bit value. */
static Value bigint_from_uint64(VM *vm, uint64_t x) {
    if (x <= (uint64_t)INT64_MAX) return bigint_from_int64(vm, (int64_t)x);
    Value b = bigint_from_int64(vm, sign_extend(x, 64));
    if (b == VAL_EXCEPTION) return b;
    return bigint_as_int_n(vm, 64, b, 0);
}

/* The value of a BigInt modulo 2^64 (two's complement bits): ToBigInt64 / ToBigUint64.
 * Reads the canonical cell layout documented in bigint.h. */
static uint64_t bigint_low64(VM *vm, Value b) {
    const BigHeader *h = (const BigHeader *)vm_cell_values(vm, val_ref(b));
    const uint32_t *limbs = (const uint32_t *)(h + 1);
    uint64_t m = 0;
    if (h->nlimbs > 0) m = limbs[0];
    if (h->nlimbs > 1) m |= (uint64_t)limbs[1] << 32;
    return h->negative ? (uint64_t)0 - m : m;
}

uint16_t ta_double_to_f16(double d) {
    uint64_t bits;
    memcpy(&bits, &d, 8);
    uint16_t sign = (uint16_t)((bits >> 48) & 0x8000);
    int exp = (int)((bits >> 52) & 0x7FF);
    uint64_t mant = bits & 0xFFFFFFFFFFFFFull;
    if (exp == 0x7FF) return mant ? 0x7E00 : (uint16_t)(sign | 0x7C00);   /* NaN, infinities */
    if (exp == 0) return sign;              /* zero and double subnormals (far below 2^-25) */
    uint64_t m = mant | (1ull << 52);       /* |d| = m * 2^(exp - 1075) */
    int e16 = exp - 1023 + 15;              /* the binary16 biased exponent */
    if (e16 >= 31) return (uint16_t)(sign | 0x7C00);
    /* keep 11 significant bits (normal) or fewer (subnormal: the quantum is 2^-24) */
    int shift = 42 + (e16 < 1 ? 1 - e16 : 0);
    if (shift > 54) return sign;            /* below half the smallest subnormal */
    uint64_t r = m >> shift, rem = m & ((1ull << shift) - 1), half = 1ull << (shift - 1);
    if (rem > half || (rem == half && (r & 1))) r++;
    /* normal: the implicit bit in r (1 << 10) adds one to the exponent field, so a carry
     * out of the significand (r = 2048) moves to the next binade or to infinity */
    uint32_t h = e16 < 1 ? (uint32_t)r : ((uint32_t)(e16 - 1) << 10) + (uint32_t)r;
    return (uint16_t)(sign | (h >= 0x7C00 ? 0x7C00 : h));
}

double ta_f16_to_double(uint16_t h) {
    int exp = (h >> 10) & 0x1F;
    unsigned frac = h & 0x3FF;
    double v;
    if (exp == 0x1F) v = frac ? NAN : INFINITY;
    else if (exp == 0) v = ldexp((double)frac, -24);
    else v = ldexp((double)(frac | 0x400), exp - 25);
    return (h & 0x8000) ? -v : v;
}

Value ta_load(VM *vm, const uint8_t *p, TAType t, bool little) {
    uint64_t x = ta_load_bits(p, ta_type_size[t], little);
    switch (t) {
    case TA_INT8: return val_int((int32_t)sign_extend(x, 8));
    case TA_INT16: return val_int((int32_t)sign_extend(x, 16));
    case TA_INT32: return val_int((int32_t)sign_extend(x, 32));
    case TA_UINT8: case TA_UINT8C: case TA_UINT16: return val_int((int32_t)x);
    case TA_UINT32: return val_number((double)(uint32_t)x);
    case TA_FLOAT32: {
        uint32_t b = (uint32_t)x;
        float f;
        memcpy(&f, &b, 4);
        return val_number((double)f);     /* NaN becomes the canonical NaN */
    }
    case TA_FLOAT64: {
        double d;
        memcpy(&d, &x, 8);
        return val_number(d);
    }
    case TA_BIGINT64: return bigint_from_int64(vm, (int64_t)x);
    case TA_BIGUINT64: return bigint_from_uint64(vm, x);
    case TA_FLOAT16: return val_number(ta_f16_to_double((uint16_t)x));
    default: return VAL_UNDEFINED;
    }
}

/* ToUint8Clamp (7.1.12): round half to even into [0, 255]. */
static uint32_t to_uint8_clamp(double d) {
    if (!(d > 0)) return 0;             /* NaN, -0, negatives */
    if (d >= 255) return 255;
    double f = (double)(int32_t)d;      /* floor for 0 < d < 255 */
    if (f + 0.5 < d) return (uint32_t)f + 1;
    if (d < f + 0.5) return (uint32_t)f;
    return ((uint32_t)f & 1) ? (uint32_t)f + 1 : (uint32_t)f;
}

void ta_store_value(VM *vm, uint8_t *p, TAType t, Value v, bool little) {
    uint64_t x;
    if (ta_type_is_bigint(t)) {
        x = bigint_low64(vm, v);
    } else if (t == TA_FLOAT32) {
        double d = num_value(v);
        if (d != d) x = 0x7FC00000u;
        else {
            float f = (float)d;
            uint32_t b;
            memcpy(&b, &f, 4);
            x = b;
        }
    } else if (t == TA_FLOAT16) {
        x = ta_double_to_f16(num_value(v));
    } else if (t == TA_FLOAT64) {
        double d = num_value(v);
        if (d != d) x = VAL_NAN_BITS;
        else memcpy(&x, &d, 8);
    } else if (t == TA_UINT8C) {
        x = val_is_int(v) ? (val_to_int(v) < 0 ? 0 : val_to_int(v) > 255 ? 255 : (uint32_t)val_to_int(v))
                          : to_uint8_clamp(num_value(v));
    } else {
        x = val_is_int(v) ? (uint32_t)val_to_int(v) : num_double_to_uint32(num_value(v));
    }
    ta_store_bits(p, ta_type_size[t], x, little);
}

Value ta_convert_value(VM *vm, TAType t, Value v) {
    if (ta_type_is_bigint(t)) return val_is_bigint(v) ? v : to_bigint(vm, v);
    return val_is_number(v) ? v : to_number(vm, v);
}

/* ---------------------------------------------------------------------------------------
 * Abstract operations
 * ------------------------------------------------------------------------------------- */

int ta_species_constructor(VM *vm, Value obj, Value default_ctor, Value *out) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    vm_root(vm, &default_ctor);
    Value c = obj_get(vm, obj, ATOM(vm, constructor), obj);
    if (c == VAL_EXCEPTION) return -1;
    if (c == VAL_UNDEFINED) { *out = default_ctor; return 0; }
    if (!val_is_object(c)) { vm_throw_type_error(vm, "object.constructor is not an object"); return -1; }
    Value s = obj_get(vm, c, vm_wks(vm, WKS_species), c);
    if (s == VAL_EXCEPTION) return -1;
    if (val_is_nullish(s)) { *out = default_ctor; return 0; }
    if (vm_is_constructor(vm, s)) { *out = s; return 0; }
    vm_throw_type_error(vm, "object.constructor[Symbol.species] is not a constructor");
    return -1;
}

/* A zero-filled CELL_BYTES of n bytes, or a (catchable) RangeError when it cannot be made. */
static Value bytes_cell_new(VM *vm, uint64_t n) {
    if (n > AB_MAX_BYTES) return vm_throw_range_error(vm, "Array buffer allocation failed");
    int prev_oom = vm->oom;
    Ref r = heap_alloc(vm, CELL_BYTES, 0, heap_words_for_bytes((size_t)n));
    if (!r) {
        vm->oom = prev_oom;   /* not an engine OOM: the program asked for too much */
        return vm_throw_range_error(vm, "Array buffer allocation failed");
    }
    vm->meter += n >> 3;
    return val_cell(r);
}

/* A number Value for a byte count or index (exact: below 2^53). */
static inline Value num_u64(uint64_t n) { return val_number((double)n); }

Value arraybuffer_allocate(VM *vm, Value ctor, uint64_t byte_length, int64_t max) {
    VM_ROOT_SCOPE(vm);
    if (max >= 0 && byte_length > (uint64_t)max)
        return vm_throw_range_error(vm, "ArrayBuffer byte length exceeds maxByteLength");
    Value proto = vm_intrinsic(vm, INTR_ArrayBufferPrototype);
    if (ctor != VAL_UNDEFINED) {
        proto = get_prototype_from_constructor(vm, ctor, INTR_ArrayBufferPrototype);
        if (proto == VAL_EXCEPTION) return proto;
    }
    Value obj = obj_new(vm, proto, CLASS_ARRAY_BUFFER);
    if (obj == VAL_EXCEPTION) return obj;
    Value *s = obj_slot(vm, obj, 0);
    s[AB_LENGTH] = val_int(0);
    s[AB_DETACHED] = VAL_FALSE;
    vm_root(vm, &obj);
    Value data = bytes_cell_new(vm, byte_length);
    if (data == VAL_EXCEPTION) return data;
    if (max >= 0 && (uint64_t)max > AB_MAX_BYTES)
        return vm_throw_range_error(vm, "Invalid array buffer max length");
    s = obj_slot(vm, obj, 0);
    s[AB_DATA] = data;
    s[AB_LENGTH] = num_u64(byte_length);
    if (max >= 0) s[AB_MAX] = num_u64((uint64_t)max);
    return obj;
}

int arraybuffer_detach(VM *vm, Value buf) {
    if (!is_array_buffer(vm, buf)) {
        vm_throw_type_error(vm, "not an ArrayBuffer");
        return -1;
    }
    Value *s = obj_slot(vm, buf, 0);
    s[AB_DATA] = VAL_UNDEFINED;
    s[AB_LENGTH] = val_int(0);
    s[AB_DETACHED] = VAL_TRUE;
    return 0;
}

Value arraybuffer_clone(VM *vm, Value src, uint64_t offset, uint64_t length) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &src);
    Value nb = arraybuffer_allocate(vm, VAL_UNDEFINED, length, -1);
    if (nb == VAL_EXCEPTION) return nb;
    if (length) memcpy(ab_bytes(vm, nb), ab_bytes(vm, src) + offset, (size_t)length);
    vm->meter += length >> 3;
    return nb;
}

/* RequireInternalSlot(v, [[ArrayBufferData]]) (SharedArrayBuffer does not exist here). */
static Value require_buffer(VM *vm, Value v, const char *what) {
    if (is_array_buffer(vm, v)) return v;
    return vm_throw_type_error(vm, "%s called on incompatible receiver", what);
}

/* Clamp a relative index (ToIntegerOrInfinity result) into [0, len]. */
static uint64_t relative_index(double rel, uint64_t len) {
    if (rel < 0) {
        double k = (double)len + rel;
        return k <= 0 ? 0 : (uint64_t)k;
    }
    return rel >= (double)len ? len : (uint64_t)rel;
}

/* ---------------------------------------------------------------------------------------
 * The ArrayBuffer constructor
 * ------------------------------------------------------------------------------------- */

/* ArrayBuffer(length [, options]) (25.1.4.1). */
NATIVE(ArrayBuffer_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor ArrayBuffer requires 'new'");
    vm_root(vm, &new_target);
    uint64_t len;
    if (to_index(vm, ARG(0), &len) < 0) return VAL_EXCEPTION;
    int64_t max = -1;
    Value options = ARG(1);
    if (val_is_object(options)) {
        Value key = atom_from_cstr(vm, "maxByteLength");
        if (key == VAL_EXCEPTION) return key;
        Value m = obj_get(vm, options, key, options);
        if (m == VAL_EXCEPTION) return m;
        if (m != VAL_UNDEFINED) {
            uint64_t mx;
            if (to_index(vm, m, &mx) < 0) return VAL_EXCEPTION;
            max = (int64_t)mx;
        }
    }
    return arraybuffer_allocate(vm, new_target, len, max);
}

/* ArrayBuffer.isView(arg). */
NATIVE(ArrayBuffer_isView) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value a = ARG(0);
    if (!val_is_object(a)) return VAL_FALSE;
    ClassId c = obj_class(vm, a);
    return val_bool(c == CLASS_TYPED_ARRAY || c == CLASS_DATA_VIEW);
}

/* get ArrayBuffer[Symbol.species]: return this. */
NATIVE(ArrayBuffer_species) {
    (void)vm; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * ArrayBuffer.prototype
 * ------------------------------------------------------------------------------------- */

enum { ABG_BYTE_LENGTH, ABG_MAX_BYTE_LENGTH, ABG_RESIZABLE, ABG_DETACHED };

/* The byteLength / maxByteLength / resizable / detached getters (magic selects). */
NATIVE(ArrayBuffer_getter) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    static const char *const names[] = {
        "get ArrayBuffer.prototype.byteLength", "get ArrayBuffer.prototype.maxByteLength",
        "get ArrayBuffer.prototype.resizable", "get ArrayBuffer.prototype.detached",
    };
    Value o = require_buffer(vm, this_val, names[magic]);
    if (o == VAL_EXCEPTION) return o;
    switch (magic) {
    case ABG_BYTE_LENGTH:
        return ab_is_detached(vm, o) ? val_int(0) : num_u64(ab_byte_length(vm, o));
    case ABG_MAX_BYTE_LENGTH:
        if (ab_is_detached(vm, o)) return val_int(0);
        if (ab_is_fixed_length(vm, o)) return num_u64(ab_byte_length(vm, o));
        return *obj_slot(vm, o, AB_MAX);
    case ABG_RESIZABLE:
        return val_bool(!ab_is_fixed_length(vm, o));
    default:
        return val_bool(ab_is_detached(vm, o));
    }
}

/* ArrayBuffer.prototype.slice(start, end) (25.1.6.7). */
NATIVE(ArrayBuffer_prototype_slice) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = require_buffer(vm, this_val, "ArrayBuffer.prototype.slice");
    if (o == VAL_EXCEPTION) return o;
    if (ab_is_detached(vm, o)) return vm_throw_type_error(vm, "ArrayBuffer.prototype.slice called on a detached ArrayBuffer");
    Value ctor = VAL_UNDEFINED, nb = VAL_UNDEFINED, end = ARG(1);
    vm_root(vm, &o); vm_root(vm, &ctor); vm_root(vm, &nb); vm_root(vm, &end);
    uint64_t len = ab_byte_length(vm, o);
    double rs, re;
    if (to_integer_or_infinity(vm, ARG(0), &rs) < 0) return VAL_EXCEPTION;
    uint64_t first = relative_index(rs, len), fin = len;
    if (end != VAL_UNDEFINED) {
        if (to_integer_or_infinity(vm, end, &re) < 0) return VAL_EXCEPTION;
        fin = relative_index(re, len);
    }
    uint64_t new_len = fin > first ? fin - first : 0;
    if (ta_species_constructor(vm, o, ta_hidden(vm, TAH_ARRAY_BUFFER), &ctor) < 0) return VAL_EXCEPTION;
    Value arg = num_u64(new_len);
    nb = vm_construct(vm, ctor, 1, &arg, ctor);
    if (nb == VAL_EXCEPTION) return nb;
    if (!is_array_buffer(vm, nb)) return vm_throw_type_error(vm, "ArrayBuffer species constructor did not return an ArrayBuffer");
    if (ab_is_detached(vm, nb)) return vm_throw_type_error(vm, "ArrayBuffer species constructor returned a detached ArrayBuffer");
    if (nb == o) return vm_throw_type_error(vm, "ArrayBuffer species constructor returned the same ArrayBuffer");
    if (ab_byte_length(vm, nb) < new_len) return vm_throw_type_error(vm, "ArrayBuffer species constructor returned a too small ArrayBuffer");
    if (ab_is_detached(vm, o)) return vm_throw_type_error(vm, "ArrayBuffer.prototype.slice: the ArrayBuffer was detached");
    uint64_t cur = ab_byte_length(vm, o);
    if (first < cur) {
        uint64_t count = new_len < cur - first ? new_len : cur - first;
        memcpy(ab_bytes(vm, nb), ab_bytes(vm, o) + first, (size_t)count);
        vm->meter += count >> 3;
    }
    return nb;
}

/* ArrayBuffer.prototype.resize(newLength) (25.1.6.6). */
NATIVE(ArrayBuffer_prototype_resize) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = this_val;
    if (!is_array_buffer(vm, o) || ab_is_fixed_length(vm, o))
        return vm_throw_type_error(vm, "ArrayBuffer.prototype.resize called on an incompatible receiver");
    vm_root(vm, &o);
    uint64_t n;
    if (to_index(vm, ARG(0), &n) < 0) return VAL_EXCEPTION;
    if (ab_is_detached(vm, o)) return vm_throw_type_error(vm, "ArrayBuffer.prototype.resize called on a detached ArrayBuffer");
    if (n > (uint64_t)num_value(*obj_slot(vm, o, AB_MAX)))
        return vm_throw_range_error(vm, "ArrayBuffer.prototype.resize: new length exceeds maxByteLength");
    uint64_t old = ab_byte_length(vm, o);
    if (n != old) {
        Value data = bytes_cell_new(vm, n);
        if (data == VAL_EXCEPTION) return data;
        uint64_t copy = n < old ? n : old;
        memcpy(vm_cell_values(vm, val_ref(data)), ab_bytes(vm, o), (size_t)copy);
        vm->meter += copy >> 3;
        *obj_slot(vm, o, AB_DATA) = data;
        *obj_slot(vm, o, AB_LENGTH) = num_u64(n);
    }
    return VAL_UNDEFINED;
}

/* ArrayBufferCopyAndDetach (25.1.3.3): transfer (magic 0, preserve resizability) and
 * transferToFixedLength (magic 1). The data cell moves when the length is unchanged. */
NATIVE(ArrayBuffer_prototype_transfer) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    Value o = require_buffer(vm, this_val, magic ? "ArrayBuffer.prototype.transferToFixedLength"
                                                 : "ArrayBuffer.prototype.transfer");
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    uint64_t n;
    if (ARG(0) == VAL_UNDEFINED) n = ab_byte_length(vm, o);
    else if (to_index(vm, ARG(0), &n) < 0) return VAL_EXCEPTION;
    if (ab_is_detached(vm, o)) return vm_throw_type_error(vm, "Cannot transfer a detached ArrayBuffer");
    int64_t max = -1;
    if (!magic && !ab_is_fixed_length(vm, o)) max = (int64_t)num_value(*obj_slot(vm, o, AB_MAX));
    uint64_t old = ab_byte_length(vm, o);
    Value nb;
    if (n == old && (max < 0 || n <= (uint64_t)max)) {
        /* zero-copy move of the data cell */
        nb = arraybuffer_allocate(vm, VAL_UNDEFINED, 0, max);
        if (nb == VAL_EXCEPTION) return nb;
        *obj_slot(vm, nb, AB_DATA) = *obj_slot(vm, o, AB_DATA);
        *obj_slot(vm, nb, AB_LENGTH) = num_u64(n);
    } else {
        nb = arraybuffer_allocate(vm, VAL_UNDEFINED, n, max);
        if (nb == VAL_EXCEPTION) return nb;
        uint64_t copy = n < old ? n : old;
        memcpy(ab_bytes(vm, nb), ab_bytes(vm, o), (size_t)copy);
        vm->meter += copy >> 3;
    }
    arraybuffer_detach(vm, o);
    return nb;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef ab_ctor_defs[] = {
    { "ArrayBuffer", ArrayBuffer_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef ab_static_defs[] = {
    { "isView", ArrayBuffer_isView, 1, NDEF_METHOD, 0, 0 },
    { "[Symbol.species]", ArrayBuffer_species, 0, NDEF_GETTER, 0, 0 },
};
static const NativeDef ab_proto_defs[] = {
    { "byteLength", ArrayBuffer_getter, 0, NDEF_GETTER, ABG_BYTE_LENGTH, 0 },
    { "detached", ArrayBuffer_getter, 0, NDEF_GETTER, ABG_DETACHED, 0 },
    { "maxByteLength", ArrayBuffer_getter, 0, NDEF_GETTER, ABG_MAX_BYTE_LENGTH, 0 },
    { "resizable", ArrayBuffer_getter, 0, NDEF_GETTER, ABG_RESIZABLE, 0 },
    { "resize", ArrayBuffer_prototype_resize, 1, NDEF_METHOD, 0, 0 },
    { "slice", ArrayBuffer_prototype_slice, 2, NDEF_METHOD, 0, 0 },
    { "transfer", ArrayBuffer_prototype_transfer, 0, NDEF_METHOD, 0, 0 },
    { "transferToFixedLength", ArrayBuffer_prototype_transfer, 0, NDEF_METHOD, 1, 0 },
};

const NativeTable arraybuffer_tables[] = {
    NATIVE_TABLE("ArrayBuffer constructor", ab_ctor_defs),
    NATIVE_TABLE("ArrayBuffer", ab_static_defs),
    NATIVE_TABLE("ArrayBuffer.prototype", ab_proto_defs),
};
const size_t arraybuffer_tables_count = sizeof(arraybuffer_tables) / sizeof(arraybuffer_tables[0]);

int init_arraybuffer(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = VAL_UNDEFINED, ctor = VAL_UNDEFINED, list = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &list);
    /* %ArrayBuffer.prototype% is CLASS_HOST: its slot [0] holds the hidden intrinsic list */
    proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_HOST);
    if (proto == VAL_EXCEPTION) return -1;
    list = list_new(vm, TAH_COUNT);
    if (list == VAL_EXCEPTION) return -1;
    *obj_slot(vm, proto, 0) = list;
    vm_set_intrinsic(vm, INTR_ArrayBufferPrototype, proto);
    ctor = vm_make_constructor(vm, &ab_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    ta_set_hidden(vm, TAH_ARRAY_BUFFER, ctor);
    if (vm_install(vm, ctor, ab_static_defs, sizeof ab_static_defs / sizeof ab_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, ab_proto_defs, sizeof ab_proto_defs / sizeof ab_proto_defs[0]) < 0) return -1;
    Value tag = str_from_cstr(vm, "ArrayBuffer");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    return vm_define_global(vm, "ArrayBuffer", ctor);
}
