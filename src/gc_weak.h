/* gc_weak.h — collector state and the processing of weak structures.
 *
 * Weak structures are never traced as strong edges. After the strong trace, the collector
 *  1. runs ephemerons (WeakMap/WeakSet entries, FinalizationRegistry cells) to a fixpoint,
 *  2. rebuilds the atom table from the surviving atoms,
 *  3. rebuilds each surviving shape's transition table from its surviving children,
 *  4. clears dead WeakRef targets and weak-collection entries,
 * each in a canonical order (sorted by new Ref), so that the result is a function of the
 * live graph alone (C2) no matter how the tables were built up. */
#ifndef CRYO_GC_WEAK_H
#define CRYO_GC_WEAK_H

#include <stdatomic.h>
#include "vm.h"

typedef enum { GC_WEAK_SHAPE, GC_WEAK_OBJECT } GcWeakKind;

/* State of one collection. */
typedef struct GcState {
    VM *vm;                /* the VM being collected */
    uint8_t *from;         /* from-space base */
    uint8_t *to;           /* to-space base */
    size_t to_top;         /* bytes used in to-space */
    size_t scan;           /* Cheney scan pointer (bytes) */
    Ref *shapes;           /* to-space shapes that own a transition table */
    size_t nshapes, capshapes;
    Ref *objects;          /* to-space cells with weak parts (weak tables, WeakRefs, registries) */
    size_t nobjects, capobjects;
    Ref *dead_registries;  /* FinalizationRegistry objects that lost a target this collection */
    size_t ndead_registries, capdead;
    uint8_t *cell_bitmap;  /* NULL, or bit i is set for each cell placed at to-space word i */
    uint32_t pack_min;     /* 0, or pack flat UTF-16 strings of at least this many units (strpack.c) */
    uint8_t *pack_buf;     /* strpack scratch: WTF-8 then compressed bytes (malloc'd) */
    size_t pack_cap;       /* bytes allocated at pack_buf */
    uint32_t *pack_tables; /* strpack scratch: compressor hash heads and chains (malloc'd) */
    _Atomic size_t progress; /* to_top as of the last scanned cell, for a helper thread that
                                populates to-space pages ahead of the copy (heap.c) */
    _Atomic size_t scanned;  /* scan, published (release) after each cell for the same thread,
                                which consumes the finished bytes below it (GcTrail, heap.h) */
} GcState;

/* Forward *v (copy its cell to to-space if needed). */
void gc_forward(GcState *gc, Value *v);
/* Whether a from-space value's cell has been copied (non-references count as live). */
int gc_is_live(GcState *gc, Value v);
/* The to-space version of a from-space value, or VAL_EMPTY if its cell is dead. */
Value gc_forwarded(GcState *gc, Value v);
/* Allocate a cell directly in to-space (post-pass rebuilds). */
Ref gc_alloc_to(GcState *gc, CellKind kind, uint16_t aux, size_t words);
/* Continue the Cheney scan until everything copied so far is traced. */
void gc_drain(GcState *gc);
/* Record a to-space cell whose weak parts need post-processing. */
void gc_weak_note(GcState *gc, GcWeakKind kind, Ref r);
/* Whether a cell has weak parts: WeakRef and FinalizationRegistry objects, weak Map/Set
 * tables, FinalizationRegistry cell lists. */
int gc_object_is_weak(GcState *gc, const CellHeader *h);
/* Trace only the strong parts of such a to-space cell and note it for post-processing. */
void gc_weak_scan(GcState *gc, Ref r);
/* After the flip: schedule cleanup jobs for registries whose targets died. */
void gc_weak_after(VM *vm, GcState *gc);
/* Weak processing, called once after the strong trace, in two steps: gc_weak_trace runs the
 * ephemerons to a fixpoint and changes nothing below the scan; gc_weak_rebuild then
 * rebuilds the weak tables, writing only into the cells noted with gc_weak_note (and into
 * cells it allocates). */
void gc_weak_trace(GcState *gc);
void gc_weak_rebuild(GcState *gc);
/* Copy flat UTF-16 string or BYTES_SOURCE cell h to to-space packed (strpack.c); its new Ref, or 0 when it
 * is not worth packing or scratch memory is short (the caller then copies it flat). */
Ref strpack_gc_copy(GcState *gc, CellHeader *h);
/* Free the collector's C-side lists. */
void gc_weak_free(GcState *gc);

#endif
