/* typedarray.h — ArrayBuffer, the TypedArrays and DataView (ECMA-262 23.2, 25.1, 25.3):
 * object layouts, the buffer data operations shared by arraybuffer.c / typedarray.c /
 * dataview.c, and the entry points other modules call.
 *
 * LAYOUTS (class slots after the common object words, see vm.h):
 *
 *  CLASS_ARRAY_BUFFER
 *    [AB_DATA]     cell Value: a CELL_BYTES holding exactly `byte length` bytes of data
 *                  (zero-filled when created; padding after them is zero, C2); undefined
 *                  once detached. Resizing allocates a new cell of the new length.
 *    [AB_LENGTH]   number: [[ArrayBufferByteLength]] (0 once detached)
 *    [AB_DETACHED] VAL_TRUE once detached, else VAL_FALSE
 *    [AB_MAX]      number: [[ArrayBufferMaxByteLength]] of a resizable buffer; undefined for
 *                  a fixed-length one
 *
 *  CLASS_TYPED_ARRAY
 *    [TA_BUFFER]   the ArrayBuffer object ([[ViewedArrayBuffer]])
 *    [TA_OFFSET]   number: [[ByteOffset]]
 *    [TA_LENGTH]   number: [[ArrayLength]], or undefined for a length-tracking view
 *                  ([[ArrayLength]] = auto; its [[ByteLength]] is auto too)
 *    [TA_TYPE]     int: the element type (TAType)
 *
 *  CLASS_DATA_VIEW
 *    [DV_BUFFER]   the ArrayBuffer object
 *    [DV_OFFSET]   number: [[ByteOffset]]
 *    [DV_LENGTH]   number: [[ByteLength]], or undefined for a length-tracking view (auto)
 *
 * INVARIANTS:
 *  - Data in buffers is stored little-endian (the engine's [[LittleEndian]] is true on every
 *    platform, so snapshots are portable); every conversion is done byte-wise here.
 *  - Float16/Float32/Float64 stores write the canonical NaN bit patterns (0x7E00, 0x7FC00000
 *    and 0x7FF8000000000000) for NaN; loads of any NaN pattern give the canonical NaN Value.
 *  - A C pointer to buffer bytes (ab_bytes) is valid only until the next call that may run
 *    JavaScript; re-derive it (and re-check detachment / bounds) after every such call.
 *
 * Intrinsics without an IntrinsicId (the eleven constructors and prototypes, %TypedArray%,
 * %ArrayBuffer%, %DataView%) are kept in a hidden list: class slot [0] of
 * %ArrayBuffer.prototype%, which is made as a CLASS_HOST object for that purpose (it has no
 * ArrayBuffer slots, so it stays an ordinary object for JavaScript). Read them with
 * ta_hidden().
 */
#ifndef CRYO_TYPEDARRAY_H
#define CRYO_TYPEDARRAY_H

#include "builtins.h"

enum { AB_DATA = 0, AB_LENGTH = 1, AB_DETACHED = 2, AB_MAX = 3 };
enum { TA_BUFFER = 0, TA_OFFSET = 1, TA_LENGTH = 2, TA_TYPE = 3 };
enum { DV_BUFFER = 0, DV_OFFSET = 1, DV_LENGTH = 2 };

/* TypedArray element types (the order is fixed: it is the magic of natives). */
typedef enum TAType {
    TA_INT8, TA_UINT8, TA_UINT8C, TA_INT16, TA_UINT16, TA_INT32, TA_UINT32,
    TA_FLOAT32, TA_FLOAT64, TA_BIGINT64, TA_BIGUINT64, TA_FLOAT16, TA_TYPE_COUNT
} TAType;

/* Element size in bytes and constructor name of each type. */
extern const uint8_t ta_type_size[TA_TYPE_COUNT];
extern const char *const ta_type_name[TA_TYPE_COUNT];
static inline bool ta_type_is_bigint(TAType t) { return t == TA_BIGINT64 || t == TA_BIGUINT64; }

/* Entries of the hidden intrinsic list (see above). */
enum {
    TAH_CTOR0 = 0,                       /* + TAType: the TypedArray constructors */
    TAH_PROTO0 = TA_TYPE_COUNT,          /* + TAType: their prototypes */
    TAH_TYPED_ARRAY = 2 * TA_TYPE_COUNT, /* %TypedArray% */
    TAH_ARRAY_BUFFER,                    /* %ArrayBuffer% */
    TAH_DATA_VIEW,                       /* %DataView% */
    TAH_COUNT
};
Value ta_hidden(VM *vm, int which);
Value ta_hidden_in(VM *vm, Value realm, int which);   /* entry `which` of realm's list */
void ta_set_hidden(VM *vm, int which, Value v);

/* ---- ArrayBuffer (arraybuffer.c) ------------------------------------------------------ */

static inline bool ab_is_detached(VM *vm, Value buf) { return *obj_slot(vm, buf, AB_DETACHED) == VAL_TRUE; }
static inline uint64_t ab_byte_length(VM *vm, Value buf) {
    Value v = *obj_slot(vm, buf, AB_LENGTH);
    return val_is_number(v) ? (uint64_t)num_value(v) : 0;
}
static inline bool ab_is_fixed_length(VM *vm, Value buf) { return *obj_slot(vm, buf, AB_MAX) == VAL_UNDEFINED; }
/* The data bytes of a non-detached buffer (valid until the next call that may run JS). */
static inline uint8_t *ab_bytes(VM *vm, Value buf) {
    return (uint8_t *)vm_cell_values(vm, val_ref(*obj_slot(vm, buf, AB_DATA)));
}
static inline bool is_array_buffer(VM *vm, Value v) { return val_is_object(v) && obj_class(vm, v) == CLASS_ARRAY_BUFFER; }
static inline bool is_typed_array(VM *vm, Value v) { return val_is_object(v) && obj_class(vm, v) == CLASS_TYPED_ARRAY; }

/* AllocateArrayBuffer(ctor, byte_length, max): ctor undefined = %ArrayBuffer% (no JS runs
 * then); max < 0 = fixed length. RangeError when the bytes cannot be allocated. May run JS
 * (GetPrototypeFromConstructor) when ctor is given. */
Value arraybuffer_allocate(VM *vm, Value ctor, uint64_t byte_length, int64_t max);
/* DetachArrayBuffer(buf): -1 (TypeError) if buf is not an ArrayBuffer. Used by
 * $262.detachArrayBuffer and structured transfer. */
int arraybuffer_detach(VM *vm, Value buf);
/* CloneArrayBuffer(src, offset, length) into a new %ArrayBuffer%. */
Value arraybuffer_clone(VM *vm, Value src, uint64_t offset, uint64_t length);

/* Read / write an n-byte unsigned integer (n <= 8) in the given byte order. */
uint64_t ta_load_bits(const uint8_t *p, unsigned n, bool little);
void ta_store_bits(uint8_t *p, unsigned n, uint64_t x, bool little);

/* RawBytesToNumeric / NumericToRawBytes on `p` (element of type t, byte order given).
 * ta_load may allocate (BigInt) but never runs JS. ta_store_value takes a Number for
 * number types and a BigInt for BigInt types (already converted). */
Value ta_load(VM *vm, const uint8_t *p, TAType t, bool little);
void ta_store_value(VM *vm, uint8_t *p, TAType t, Value v, bool little);
/* IEEE 754 binary16 <-> double, exactly and the same on every machine: the double is
 * rounded to the nearest binary16 value, ties to even (integer arithmetic only). */
uint16_t ta_double_to_f16(double d);
double ta_f16_to_double(uint16_t h);
/* Convert v for storing into an element of type t: ToNumber or ToBigInt. May run JS. */
Value ta_convert_value(VM *vm, TAType t, Value v);

/* SpeciesConstructor(obj, default_ctor) for defaults without an IntrinsicId. May run JS. */
int ta_species_constructor(VM *vm, Value obj, Value default_ctor, Value *out);

/* ---- TypedArrays (typedarray.c) ------------------------------------------------------- */

/* The integer-indexed exotic object internal methods (10.4.5); class_ops[CLASS_TYPED_ARRAY]. */
extern const ClassOps typed_array_class_ops;

/* IsTypedArrayOutOfBounds + TypedArrayLength: 0 and *len when in bounds; -1 and a TypeError
 * ("... detached or out of bounds") otherwise. For %ArrayIteratorPrototype%.next. */
int typed_array_length(VM *vm, Value ta, uint64_t *len);

/* A new typed array of type t and len zeroed elements on a fresh %ArrayBuffer%, with the
 * current realm's prototype (AllocateTypedArray with the intrinsic constructor). No JS runs;
 * RangeError when too long. For Uint8Array.fromBase64 / fromHex (base64.c). */
Value typed_array_new(VM *vm, TAType t, uint64_t len);

#endif
