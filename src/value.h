/* value.h — the JavaScript value: 64-bit NaN-boxed word.
 *
 *   63            48 47                                              0
 *  +----------------+------------------------------------------------+
 *  |     tag16      |                   payload48                    |
 *  +----------------+------------------------------------------------+
 *
 *  tag16 <= 0xFFF8 : an IEEE-754 double, stored as itself.  Every NaN is canonicalized to
 *                    VAL_NAN_BITS (0x7FF8000000000000) before it becomes a Value, so no other NaN
 *                    bit pattern ever appears in the heap (snapshots are byte-canonical, C2).
 *  0xFFF9 int32    : payload low 32 bits are a signed 32-bit integer.
 *  0xFFFA special  : undefined, null, false, true, and engine-internal markers (hole, TDZ...).
 *  0xFFFB object   : payload = cell reference (offset from the heap base in 8-byte units).
 *  0xFFFC string   : payload = cell reference to a string cell (flat or rope).
 *  0xFFFD symbol   : payload = cell reference to a symbol cell.
 *  0xFFFE bigint   : payload = cell reference to a bigint cell.
 *  0xFFFF cell     : payload = reference to an engine-internal cell (shape, env, bytecode...).
 *
 * Invariant (C1): a Value never holds a C pointer. References are 32-bit offsets in 8-byte
 * units from the current heap base, so the heap can be copied, written and mapped anywhere.
 */
#ifndef CRYO_VALUE_H
#define CRYO_VALUE_H

#include <stdint.h>
#include <string.h>

typedef uint64_t Value;     /* a NaN-boxed JavaScript value (see diagram above) */
typedef uint32_t Ref;       /* a heap cell reference: offset in 8-byte units; 0 means none */

#define VAL_TAG_SHIFT   48
#define VAL_TAG_INT     0xFFF9u
#define VAL_TAG_SPECIAL 0xFFFAu
#define VAL_TAG_OBJECT  0xFFFBu
#define VAL_TAG_STRING  0xFFFCu
#define VAL_TAG_SYMBOL  0xFFFDu
#define VAL_TAG_BIGINT  0xFFFEu
#define VAL_TAG_CELL    0xFFFFu

#define VAL_NAN_BITS    0x7FF8000000000000ull
#define VAL_MAKE(tag, payload) (((uint64_t)(tag) << VAL_TAG_SHIFT) | (uint64_t)(payload))

/* Special constants. */
#define VAL_UNDEFINED   VAL_MAKE(VAL_TAG_SPECIAL, 0)
#define VAL_NULL        VAL_MAKE(VAL_TAG_SPECIAL, 1)
#define VAL_FALSE       VAL_MAKE(VAL_TAG_SPECIAL, 2)
#define VAL_TRUE        VAL_MAKE(VAL_TAG_SPECIAL, 3)
#define VAL_HOLE        VAL_MAKE(VAL_TAG_SPECIAL, 4)  /* missing array element / absent slot */
#define VAL_UNINIT      VAL_MAKE(VAL_TAG_SPECIAL, 5)  /* let/const/class binding in its TDZ */
#define VAL_EXCEPTION   VAL_MAKE(VAL_TAG_SPECIAL, 6)  /* return marker: an exception is pending */
#define VAL_EMPTY       VAL_MAKE(VAL_TAG_SPECIAL, 7)  /* internal "no value" marker */

static inline unsigned val_tag(Value v) { return (unsigned)(v >> VAL_TAG_SHIFT); }
static inline int val_is_double(Value v) { return val_tag(v) <= 0xFFF8u; }
static inline int val_is_int(Value v) { return val_tag(v) == VAL_TAG_INT; }
static inline int val_is_number(Value v) { return val_tag(v) <= VAL_TAG_INT; }
static inline int val_is_object(Value v) { return val_tag(v) == VAL_TAG_OBJECT; }
static inline int val_is_string(Value v) { return val_tag(v) == VAL_TAG_STRING; }
static inline int val_is_symbol(Value v) { return val_tag(v) == VAL_TAG_SYMBOL; }
static inline int val_is_bigint(Value v) { return val_tag(v) == VAL_TAG_BIGINT; }
static inline int val_is_cell(Value v) { return val_tag(v) == VAL_TAG_CELL; }
static inline int val_is_undefined(Value v) { return v == VAL_UNDEFINED; }
static inline int val_is_null(Value v) { return v == VAL_NULL; }
static inline int val_is_nullish(Value v) { return v == VAL_UNDEFINED || v == VAL_NULL; }
static inline int val_is_bool(Value v) { return v == VAL_TRUE || v == VAL_FALSE; }
static inline int val_is_exception(Value v) { return v == VAL_EXCEPTION; }
/* True for every tag whose payload is a heap reference (object, string, symbol, bigint, cell). */
static inline int val_is_ref(Value v) { return val_tag(v) >= VAL_TAG_OBJECT; }

static inline Value val_bool(int b) { return b ? VAL_TRUE : VAL_FALSE; }
static inline int32_t val_to_int(Value v) { return (int32_t)(uint32_t)v; }
static inline Value val_int(int32_t i) { return VAL_MAKE(VAL_TAG_INT, (uint32_t)i); }
static inline Ref val_ref(Value v) { return (Ref)(uint32_t)v; }
static inline Value val_make_ref(unsigned tag, Ref r) { return VAL_MAKE(tag, r); }
static inline Value val_object(Ref r) { return VAL_MAKE(VAL_TAG_OBJECT, r); }
static inline Value val_string(Ref r) { return VAL_MAKE(VAL_TAG_STRING, r); }
static inline Value val_symbol(Ref r) { return VAL_MAKE(VAL_TAG_SYMBOL, r); }
static inline Value val_cell(Ref r) { return VAL_MAKE(VAL_TAG_CELL, r); }

/* The double stored in a double Value (caller checked val_is_double). */
static inline double val_as_double(Value v) { double d; memcpy(&d, &v, 8); return d; }

/* A double as a Value, canonicalizing NaN. */
static inline Value val_double(double d) {
    Value v;
    if (d != d) return VAL_NAN_BITS;
    memcpy(&v, &d, 8);
    return v;
}

/* A number as a Value: int32 form when d is an integer in int32 range and not -0. */
static inline Value val_number(double d) {
    if (d >= -2147483648.0 && d <= 2147483647.0) {
        int32_t i = (int32_t)d;
        if ((double)i == d && !(i == 0 && 1.0 / d < 0)) return val_int(i);
    }
    return val_double(d);
}

/* Any number Value as a double. */
static inline double val_to_number_unchecked(Value v) {
    return val_is_int(v) ? (double)val_to_int(v) : val_as_double(v);
}

#endif
