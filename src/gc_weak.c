/* gc_weak.c — post-trace processing of weak structures (see gc_weak.h).
 *
 * Weak things and their layouts (owned by their modules, described there):
 *  - the atom table (atom.c) and shape transitions (shape.c): rebuilt from survivors;
 *  - WeakMap/WeakSet tables (builtins/mapset.c, MISC_MAP_TABLE with TBLF_WEAK): ephemerons;
 *    after the fixpoint each table is rebuilt canonically from its live entries, sorted by
 *    the key's new address, so its layout depends only on the live graph;
 *  - WeakRef (builtins/weakref.c): class slot 0 weak, cleared to undefined when dead;
 *  - FinalizationRegistry cells (builtins/weakref.c): target and token weak; a dead target
 *    becomes VAL_HOLE and the registry gets a cleanup job after the collection. */
#include <stdlib.h>
#include <string.h>
#include "gc_weak.h"
#include "builtins/mapset.h"

/* Provided by the modules that own the weak layouts. */
void atom_gc_rebuild(GcState *gc);
void shape_gc_rebuild_transitions(GcState *gc, Ref shape);
int finreg_after_gc(VM *vm, Value registry);

#define TBL_MIN_CAP 8u                 /* builtins/mapset.c's smallest table */
/* CELL_ARRAY header flag marking a FinalizationRegistry cell list (set by the collector). */
#define GC_FLAG_FINREG_CELLS 1

/* Append r to a growable Ref list. */
static void push_ref(Ref **list, size_t *n, size_t *cap, Ref r) {
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        Ref *p = realloc(*list, c * sizeof(Ref));
        if (!p) abort();
        *list = p;
        *cap = c;
    }
    (*list)[(*n)++] = r;
}

void gc_weak_note(GcState *gc, GcWeakKind kind, Ref r) {
    if (kind == GC_WEAK_SHAPE) push_ref(&gc->shapes, &gc->nshapes, &gc->capshapes, r);
    else push_ref(&gc->objects, &gc->nobjects, &gc->capobjects, r);
}

static inline CellHeader *to_cell(GcState *gc, Ref r) { return (CellHeader *)(gc->to + ((size_t)r << 3)); }
static inline CellHeader *from_cell(GcState *gc, Value v) { return (CellHeader *)(gc->from + ((size_t)val_ref(v) << 3)); }

int gc_object_is_weak(GcState *gc, const CellHeader *h) {
    (void)gc;
    if (h->kind == CELL_OBJECT) return h->aux == CLASS_WEAKREF || h->aux == CLASS_FINALIZATION_REGISTRY;
    if (h->kind == CELL_MISC && h->aux == MISC_MAP_TABLE)
        return val_is_int(CELL_VALUES(h)[TBL_FLAGS]) && (val_to_int(CELL_VALUES(h)[TBL_FLAGS]) & TBLF_WEAK);
    if (h->kind == CELL_ARRAY) return (h->flags & GC_FLAG_FINREG_CELLS) != 0;
    return 0;
}

/* Scan the strong parts of a weak cell just copied to to-space (called by gc_scan). */
void gc_weak_scan(GcState *gc, Ref r) {
    CellHeader *h = to_cell(gc, r);
    Value *w = CELL_VALUES(h);
    if (h->kind == CELL_OBJECT) {
        for (int i = 0; i < OBJ_SLOT0; i++) gc_forward(gc, &w[i]);
        if (h->aux == CLASS_FINALIZATION_REGISTRY) {
            gc_forward(gc, &w[OBJ_SLOT0]);          /* cleanup callback: strong */
            if (val_is_cell(w[OBJ_SLOT0 + 1])) {
                gc_forward(gc, &w[OBJ_SLOT0 + 1]);  /* the cell list, handled weakly */
                /* unless already scanned (then traced strongly: only a registry should hold
                 * its list, and nothing below the scan may change, heap.h GcTrail) */
                if (val_ref(w[OBJ_SLOT0 + 1]) > r) to_cell(gc, val_ref(w[OBJ_SLOT0 + 1]))->flags |= GC_FLAG_FINREG_CELLS;
                h = to_cell(gc, r);
                w = CELL_VALUES(h);
            }
        }
        gc_weak_note(gc, GC_WEAK_OBJECT, r);
        return;
    }
    if (h->kind == CELL_MISC) {                     /* weak Map/Set table */
        /* entries and buckets are rebuilt (rebuild_weak_table): copying the old buckets here
         * would leave a dead cell, sized by the table's history, in the canonical image */
        for (int i = 0; i < TBL_WORDS && (uint32_t)i < h->size - 1; i++)
            if (i != TBL_ENTRIES && i != TBL_BUCKETS) gc_forward(gc, &w[i]);
        gc_weak_note(gc, GC_WEAK_OBJECT, r);
        return;
    }
    /* FinalizationRegistry cell list: count and held values strong */
    uint32_t n = val_is_int(w[0]) ? (uint32_t)val_to_int(w[0]) : 0;
    uint32_t cap = (h->size - 2) / 3;
    if (n > cap) n = cap;
    for (uint32_t i = 0; i < n; i++) gc_forward(gc, &w[2 + 3 * i]);
    gc_weak_note(gc, GC_WEAK_OBJECT, r);
}

/* Sort helper: (key's to-space Ref, entry index) pairs by the Ref. */
static int cmp_ref_pair(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* One ephemeron round over the weak tables: forward values whose keys are live, each
 * table's in the order of their keys' new addresses (canonical: not the table's entry order,
 * which depends on its history). Returns 1 if anything new was copied. */
static int ephemeron_round(GcState *gc) {
    int progress = 0;
    uint64_t *order = NULL;
    size_t order_cap = 0;
    for (size_t k = 0; k < gc->nobjects; k++) {
        CellHeader *h = to_cell(gc, gc->objects[k]);
        if (h->kind != CELL_MISC) continue;
        Value ents = CELL_VALUES(h)[TBL_ENTRIES];
        if (!val_is_cell(ents)) continue;
        CellHeader *eh = from_cell(gc, ents);
        if (eh->kind == CELL_FORWARD) continue;     /* someone else holds it strongly */
        Value *e = CELL_VALUES(eh);
        uint32_t used = val_is_int(CELL_VALUES(h)[TBL_USED]) ? (uint32_t)val_to_int(CELL_VALUES(h)[TBL_USED]) : 0;
        uint32_t cap = (eh->size - 1) / 3;
        if (used > cap) used = cap;
        size_t n = 0;
        for (uint32_t i = 0; i < used; i++) {
            Value key = e[3 * i];
            if (key == VAL_EMPTY || !gc_is_live(gc, key) || gc_is_live(gc, e[3 * i + 1])) continue;
            if (n == order_cap) {
                order_cap = order_cap ? 2 * order_cap : 64;
                order = realloc(order, order_cap * sizeof *order);
                if (!order) abort();
            }
            order[n++] = ((uint64_t)val_ref(gc_forwarded(gc, key)) << 32) | i;   /* key Ref, then index */
        }
        if (n > 1) qsort(order, n, sizeof *order, cmp_ref_pair);
        for (size_t j = 0; j < n; j++) {
            Value tmp = e[3 * (uint32_t)order[j] + 1];
            gc_forward(gc, &tmp);
            progress = 1;
        }
    }
    free(order);
    return progress;
}

/* Hash of a weak key as builtins/mapset.c computes it: mix32 of the object's or symbol's id. */
static uint32_t mix32(uint32_t x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

static uint32_t weak_key_hash(GcState *gc, Value key) {
    CellHeader *h = to_cell(gc, val_ref(key));
    Value id = val_is_object(key) ? CELL_VALUES(h)[OBJ_ID] : CELL_VALUES(h)[SYM_ID];
    return mix32((uint32_t)val_to_int(id));
}

/* Sort helper: pairs of (key, value) by the key's to-space address. */
static int cmp_pair(const void *a, const void *b) {
    Ref x = val_ref(((const Value *)a)[0]), y = val_ref(((const Value *)b)[0]);
    return x < y ? -1 : x > y;
}

/* Rebuild a weak table from its live entries (canonical: sorted by key address). */
static void rebuild_weak_table(GcState *gc, Ref tr) {
    CellHeader *h = to_cell(gc, tr);
    Value ents = CELL_VALUES(h)[TBL_ENTRIES];
    if (!val_is_cell(ents)) return;
    CellHeader *eh = from_cell(gc, ents);
    if (eh->kind == CELL_FORWARD) {   /* already rebuilt through another path: keep that */
        Value *tw = CELL_VALUES(to_cell(gc, tr));
        tw[TBL_ENTRIES] = gc_forwarded(gc, ents);
        gc_forward(gc, &tw[TBL_BUCKETS]);
        return;
    }
    Value *e = CELL_VALUES(eh);
    uint32_t used = val_is_int(CELL_VALUES(h)[TBL_USED]) ? (uint32_t)val_to_int(CELL_VALUES(h)[TBL_USED]) : 0;
    uint32_t ecap = (eh->size - 1) / 3;
    if (used > ecap) used = ecap;
    Value *pairs = malloc(sizeof(Value) * 2 * (used + 1));
    if (!pairs) abort();
    uint32_t n = 0;
    for (uint32_t i = 0; i < used; i++) {
        Value key = e[3 * i];
        if (key == VAL_EMPTY) continue;
        Value nk = gc_forwarded(gc, key);
        if (nk == VAL_EMPTY) continue;
        pairs[2 * n] = nk;
        pairs[2 * n + 1] = gc_forwarded(gc, e[3 * i + 1]);
        n++;
    }
    qsort(pairs, n, 2 * sizeof(Value), cmp_pair);
    uint32_t cap = TBL_MIN_CAP;
    while (cap < n * 2) cap *= 2;
    Ref ne = gc_alloc_to(gc, CELL_ARRAY, 0, 1 + 3 * (size_t)cap);
    Ref nb = gc_alloc_to(gc, CELL_ARRAY, 0, 1 + (size_t)cap);
    Value *nev = CELL_VALUES(to_cell(gc, ne)), *nbv = CELL_VALUES(to_cell(gc, nb));
    for (uint32_t i = 0; i < cap; i++) {
        nev[3 * i] = VAL_EMPTY;
        nev[3 * i + 1] = VAL_EMPTY;
        nev[3 * i + 2] = val_int(-1);
        nbv[i] = val_int(-1);
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t b = weak_key_hash(gc, pairs[2 * i]) & (cap - 1);
        nev[3 * i] = pairs[2 * i];
        nev[3 * i + 1] = pairs[2 * i + 1];
        nev[3 * i + 2] = nbv[b];
        nbv[b] = val_int((int32_t)i);
    }
    free(pairs);
    h = to_cell(gc, tr);
    Value *w = CELL_VALUES(h);
    w[TBL_ENTRIES] = val_cell(ne);
    w[TBL_BUCKETS] = val_cell(nb);
    w[TBL_USED] = val_int((int32_t)n);
    w[TBL_LIVE] = val_int((int32_t)n);
}

void gc_weak_trace(GcState *gc) {
    gc_drain(gc);
    while (ephemeron_round(gc)) gc_drain(gc);
}

void gc_weak_rebuild(GcState *gc) {
    atom_gc_rebuild(gc);
    for (size_t i = 0; i < gc->nshapes; i++) shape_gc_rebuild_transitions(gc, gc->shapes[i]);
    gc->ndead_registries = 0;
    for (size_t k = 0; k < gc->nobjects; k++) {
        Ref r = gc->objects[k];
        CellHeader *h = to_cell(gc, r);
        Value *w = CELL_VALUES(h);
        if (h->kind == CELL_MISC) {
            rebuild_weak_table(gc, r);
        } else if (h->kind == CELL_OBJECT && h->aux == CLASS_WEAKREF) {
            Value t = gc_forwarded(gc, w[OBJ_SLOT0]);
            w[OBJ_SLOT0] = t == VAL_EMPTY ? VAL_UNDEFINED : t;
        } else if (h->kind == CELL_ARRAY) {
            uint32_t n = val_is_int(w[0]) ? (uint32_t)val_to_int(w[0]) : 0;
            uint32_t cap = (h->size - 2) / 3;
            if (n > cap) n = cap;
            int died = 0;
            for (uint32_t i = 0; i < n; i++) {
                Value t = w[1 + 3 * i];
                if (t != VAL_HOLE) {
                    Value nt = gc_forwarded(gc, t);
                    if (nt == VAL_EMPTY) { w[1 + 3 * i] = VAL_HOLE; died = 1; }
                    else w[1 + 3 * i] = nt;
                }
                Value tok = w[3 + 3 * i];
                if (tok != VAL_UNDEFINED) {
                    Value ntok = gc_forwarded(gc, tok);
                    w[3 + 3 * i] = ntok == VAL_EMPTY ? VAL_UNDEFINED : ntok;
                }
            }
            if (died) push_ref(&gc->dead_registries, &gc->ndead_registries, &gc->capdead, r);
        }
    }
    /* map cell lists back to their registries (the registry objects were noted too) */
    size_t nd = gc->ndead_registries;
    Ref *cells_dead = gc->dead_registries;
    gc->dead_registries = NULL;
    gc->ndead_registries = gc->capdead = 0;
    for (size_t k = 0; k < gc->nobjects && nd; k++) {
        CellHeader *h = to_cell(gc, gc->objects[k]);
        if (h->kind != CELL_OBJECT || h->aux != CLASS_FINALIZATION_REGISTRY) continue;
        Value cells = CELL_VALUES(h)[OBJ_SLOT0 + 1];
        if (!val_is_cell(cells)) continue;
        for (size_t d = 0; d < nd; d++)
            if (cells_dead[d] == val_ref(cells)) {
                push_ref(&gc->dead_registries, &gc->ndead_registries, &gc->capdead, gc->objects[k]);
                break;
            }
    }
    free(cells_dead);
}

void gc_weak_after(VM *vm, GcState *gc) {
    for (size_t i = 0; i < gc->ndead_registries; i++)
        finreg_after_gc(vm, val_object(gc->dead_registries[i]));
}

void gc_weak_free(GcState *gc) {
    free(gc->shapes);
    free(gc->objects);
    free(gc->dead_registries);
    gc->shapes = gc->objects = gc->dead_registries = NULL;
}
