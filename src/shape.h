/* shape.h — hidden classes.
 *
 * Every object has a shape (OBJ_SHAPE) that maps its own named properties (and, for objects
 * with OF_SLOW_ELEMENTS, its indexed ones) to slot indices in its OBJ_SLOTS array, with
 * attribute flags. Property i of a shape lives in slot i; shapes list properties in insertion
 * order. Shared shapes are immutable and form a tree through weak transitions (parent + key +
 * flags -> child), so objects built the same way share one shape and inline caches can key
 * on it. An object that deletes a property or grows past SHAPE_MAX_SHARED properties gets a
 * private "dictionary" shape (SHAPE_DICT) that it mutates in place; deleted entries are
 * tombstones (key VAL_EMPTY) until the next compaction.
 *
 * Cell layout (CELL_SHAPE, MIXED): aux = 2 + capacity Value words:
 *   [0] parent shape (cell Value) or undefined     [1] transitions table or undefined (weak)
 *   (a transition is keyed by (key, flags): adding property `key` with PROP_* `flags`; or,
 *   with flags SHAPE_TRANS_SEALED / SHAPE_TRANS_FROZEN and key 0, the integrity change of
 *   shape_with_integrity, which keeps every key and changes only attributes)
 *   [2 .. 2+capacity) property keys (PropKey or VAL_EMPTY for a tombstone)
 * then raw: ShapeInfo, uint8 flags[capacity] (padded to 4), uint32 chain[capacity],
 *   uint32 buckets[hash_size] (entry index + 1, 0 = empty; hash_size 0 = linear search).
 * A shape with more than SHAPE_INLINE_MAX entries (always a dictionary: aux is 16 bits) has
 * flag SHAPE_BIG, aux = 3, and word [2] refers to a CELL_ARRAY of `capacity` keys instead.
 */
#ifndef CRYO_SHAPE_H
#define CRYO_SHAPE_H

#include "vm.h"

#define SHAPE_MAX_SHARED 64   /* more own properties than this -> dictionary shape */
#define SHAPE_LINEAR_MAX 8    /* shapes with at most this many properties have no hash index */

#define SHAPE_INLINE_MAX 32768 /* more key slots than this -> keys out of line (SHAPE_BIG) */

enum {
    SHAPE_DICT = 1,           /* CellHeader.flags of a dictionary shape */
    SHAPE_BIG = 2             /* keys in the CELL_ARRAY at word [2] (only dictionaries) */
};

/* The fixed raw part of a shape. */
typedef struct ShapeInfo {
    uint32_t count;           /* entries in use (including tombstones for dictionaries) */
    uint32_t capacity;        /* key slots allocated */
    uint32_t hash_size;       /* bucket count (power of two) or 0 */
    uint32_t live;            /* live (non-tombstone) properties */
} ShapeInfo;

/* Transition flags of the integrity transitions (above every PROP_* combination). */
enum { SHAPE_TRANS_SEALED = 0x100, SHAPE_TRANS_FROZEN = 0x101 };

/* The shared shape like shared `shape` with every property non-configurable and, when
 * `frozen`, every data property non-writable (SetIntegrityLevel on an ordinary object):
 * cached as a transition, so objects of one shape sealed or frozen alike keep sharing one
 * shape (and their inline caches) instead of each getting a dictionary. Returns `shape`
 * itself when nothing changes; VAL_EXCEPTION on OOM. */
Value shape_with_integrity(VM *vm, Value shape, int frozen);

/* Find `key` in shape `shape`; returns the slot index or -1; *flags gets its PROP_* flags. */
int shape_find(VM *vm, Value shape, Value key, int *flags);
/* The shape after adding `key` with `flags` (a shared transition or, for dictionary shapes,
 * the same shape mutated). VAL_EXCEPTION on OOM. */
Value shape_add(VM *vm, Value shape, Value key, int flags);
/* Number of live properties, and entry access for iteration in insertion order. */
uint32_t shape_count(VM *vm, Value shape);
Value shape_key_at(VM *vm, Value shape, uint32_t i);      /* VAL_EMPTY for tombstones */
int shape_flags_at(VM *vm, Value shape, uint32_t i);
/* Change the flags of entry `slot` (makes obj's shape a dictionary if shared). Returns the
 * object's (possibly new) shape. */
Value shape_set_flags(VM *vm, Value obj, uint32_t slot, int flags);
/* Remove entry `slot` from obj (makes its shape a dictionary). -1 on OOM. */
int shape_delete(VM *vm, Value obj, uint32_t slot);
/* Give obj a private dictionary shape (copy of its shared shape). -1 on OOM. */
int shape_make_dict(VM *vm, Value obj);
/* Total entry count (including tombstones) — iteration bound for shape_key_at. */
uint32_t shape_entry_count(VM *vm, Value shape);

#endif
