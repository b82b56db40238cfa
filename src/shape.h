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
 * Shared shapes (CELL_SHAPE, MIXED, header flags 0 or SHAPE_ACCESSORS) cost O(1) each: a
 * shape stores only what it adds to its parent. aux = 3 Value words, size = 5 words:
 *   [0] parent shape (cell Value) or undefined (the root, the empty shape)
 *   [1] transitions (weak): undefined, the only child shape itself, or a table: a CELL_ARRAY
 *       [0] count (int), then capacity (a power of two >= 4, at most 3/4 full) children or
 *       undefined, open-addressed by the child's (key, flags). A transition is keyed by
 *       (key, flags): adding property `key` with PROP_* `flags`; or, with flags
 *       SHAPE_TRANS_SEALED / SHAPE_TRANS_FROZEN and key 0, the integrity change of
 *       shape_with_integrity, which keeps every key and changes only attributes. The child
 *       records both (its own key and flags), so the table holds children only. After a
 *       collection a shape with one child refers to it directly and a table has >= 2.
 *   [2] its own key (a PropKey), or undefined for the root and for integrity shapes
 * then raw ShapeLink {u16 count, u16 flags, u32 index}. A shape is one of:
 *   - the root: no parent, count 0, flags 0;
 *   - a key shape: count = parent's count + 1; entry count-1 is its key with PROP_* flags;
 *   - an integrity shape: flags SHAPE_TRANS_SEALED/FROZEN, count = parent's count, and every
 *     entry of the parent seen through it non-configurable (and, frozen, every data entry
 *     non-writable). Its parent is a key shape, the root, or (frozen) a sealed shape.
 * So entry i of a shared shape is the key of the key shape of count i + 1 on its parent
 * chain, with that shape's flags as masked by the integrity shapes between. Counts never
 * exceed SHAPE_MAX_SHARED. SHAPE_ACCESSORS is set iff some entry is an accessor (own flags
 * or the parent's bit), so the snapshot validator walks chains only where that matters.
 *   `index` is a derived cache, never part of the graph: 0, or the Ref of a SHAPE_INDEX cell
 * (the dictionary layout below, keys/flags/buckets of all entries, flags masked) built on
 * demand by the first lookup or iteration that needs it. The collector does not trace it and
 * resets it to 0 in to-space (shape_gc_reset), so snapshots never contain an index and their
 * bytes stay a function of the graph (DESIGN C2). shape_find walks the chain instead of
 * building an index for shapes of at most SHAPE_WALK_MAX entries (as fast as a flat scan
 * there), when there is no memory for one, and while a collection allocates (its
 * FinalizationRegistry cleanup jobs: vm->shape_index_off), so that the snapshot writer, which
 * writes what its collection allocated, never writes an index (which the validator refuses;
 * tests/snapshot "writer bitmap" covers it).
 *
 * Dictionary shapes (SHAPE_DICT) and indexes (SHAPE_INDEX): aux = 2 + capacity Value words:
 *   [0] undefined   [1] undefined   [2 .. 2+capacity) property keys (PropKey or VAL_EMPTY for a tombstone)
 * then raw: ShapeInfo, uint8 flags[capacity] (padded to 4), uint32 chain[capacity],
 *   uint32 buckets[hash_size] (entry index + 1, 0 = empty; hash_size 0 = linear search).
 * A shape with more than SHAPE_INLINE_MAX entries (always a dictionary: aux is 16 bits) has
 * flag SHAPE_BIG, aux = 3, and word [2] refers to a CELL_ARRAY of `capacity` keys instead.
 * An index cell is referenced only by its shape's `index` field (no traced word), so it dies
 * at the next collection.
 */
#ifndef CRYO_SHAPE_H
#define CRYO_SHAPE_H

#include "vm.h"

#define SHAPE_MAX_SHARED 64   /* more own properties than this -> dictionary shape */
#define SHAPE_LINEAR_MAX 8    /* shapes with at most this many properties have no hash index */
#define SHAPE_WALK_MAX 2      /* shared shapes this small are searched along the parent chain */

#define SHAPE_INLINE_MAX 32768 /* more key slots than this -> keys out of line (SHAPE_BIG) */

enum {
    SHAPE_DICT = 1,           /* CellHeader.flags of a dictionary shape */
    SHAPE_BIG = 2,            /* keys in the CELL_ARRAY at word [2] (only dictionaries) */
    SHAPE_ACCESSORS = 4,      /* a shared shape with some accessor entry */
    SHAPE_INDEX = 8           /* a shared shape's derived lookup index (never in a snapshot) */
};

/* The raw part of a shared shape (after its 3 Value words). */
typedef struct ShapeLink {
    uint16_t count;           /* entries: parent's count + 1 (key shape) or parent's (integrity) */
    uint16_t flags;           /* PROP_* of the own key, SHAPE_TRANS_SEALED/FROZEN, or 0 (root) */
    uint32_t index;           /* Ref of the derived SHAPE_INDEX cell or 0 (reset by every collection) */
} ShapeLink;
#define SHAPE_SHARED_AUX 3    /* Value words of a shared shape */
#define SHAPE_SHARED_WORDS 5  /* its size in words, header included */

static inline ShapeLink *shape_link(CellHeader *h) { return (ShapeLink *)(CELL_VALUES(h) + SHAPE_SHARED_AUX); }
/* The collector's part: a to-space shape drops its derived index. */
static inline void shape_gc_reset(CellHeader *h) { if (!(h->flags & SHAPE_DICT)) shape_link(h)->index = 0; }

/* The fixed raw part of a dictionary shape or index. */
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

/* Find `key` in shape `shape`; returns the slot index or -1; *flags gets its PROP_* flags.
 * shape_find, shape_key_at and shape_flags_at may allocate a shared shape's index (they never
 * collect, and never fail: short of memory they walk the parent chain instead). */
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

/* For an inline cache that matched `shape` by identity and recorded entry `slot` for `key`:
 * does that entry still hold `key`? (A shared shape never changes; a dictionary mutates.) */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline int shape_ic_holds(VM *vm, Value shape, uint32_t slot, Value key) {
    CellHeader *h = CELL(vm, val_ref(shape));
    Value *w = CELL_VALUES(h);
    return !(h->flags & SHAPE_DICT) ||
           ((h->flags & SHAPE_BIG) ? CELL_VALUES(CELL(vm, val_ref(w[2])))[slot] : w[2 + slot]) == key;
}

#endif
