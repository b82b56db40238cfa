/* shape.c — hidden classes: shared transition trees (each shape holding only its own entry,
 * with a lookup index derived on demand and dropped by every collection) and per-object
 * dictionaries. Layout and invariants: shape.h. */
#include <stdlib.h>
#include <string.h>
#include "shape.h"
#include "gc_weak.h"

static inline uint32_t align4(uint32_t n) { return (n + 3u) & ~3u; }
static inline CellHeader *sh_cell(VM *vm, Value shape) { return CELL(vm, val_ref(shape)); }

/* ---- flat tables: dictionary shapes and the derived indexes of shared shapes ---- */

static inline ShapeInfo *sh_info(CellHeader *h) { return (ShapeInfo *)(CELL_VALUES(h) + h->aux); }
/* The key array of flat table h: inline after the two unused words, or for a SHAPE_BIG
 * dictionary the CELL_ARRAY that word [2] refers to. */
static inline Value *sh_keys(VM *vm, CellHeader *h) {
    if (h->flags & SHAPE_BIG) return CELL_VALUES(CELL(vm, val_ref(CELL_VALUES(h)[2])));
    return CELL_VALUES(h) + 2;
}
static inline uint8_t *sh_flags(CellHeader *h) { return (uint8_t *)(sh_info(h) + 1); }
static inline uint32_t *sh_chain(CellHeader *h) { return (uint32_t *)(sh_flags(h) + align4(sh_info(h)->capacity)); }
static inline uint32_t *sh_buckets(CellHeader *h) { return sh_chain(h) + sh_info(h)->capacity; }

/* Allocate a flat table with room for `cap` entries and `hash_size` buckets (0 or power of
 * 2); hflags is SHAPE_DICT or SHAPE_INDEX. */
static Value shape_alloc(VM *vm, uint32_t cap, uint32_t hash_size, int hflags) {
    size_t raw = sizeof(ShapeInfo) + align4(cap) + 4u * (size_t)cap + 4u * (size_t)hash_size;
    int big = cap > SHAPE_INLINE_MAX;
    uint32_t nvalues = big ? 3 : 2 + cap;   /* the cell's traced Value words (aux) */
    Ref keys = 0;
    if (big) {
        keys = heap_alloc_values(vm, CELL_ARRAY, 0, cap, VAL_EMPTY);
        if (!keys) return VAL_EXCEPTION;
    }
    size_t words = 1 + (size_t)nvalues + (raw + 7) / 8;
    Ref r = heap_alloc(vm, CELL_SHAPE, (uint16_t)nvalues, words);
    if (!r) return VAL_EXCEPTION;
    CellHeader *h = CELL(vm, r);
    h->flags = (uint8_t)(hflags | (big ? SHAPE_BIG : 0));
    Value *w = CELL_VALUES(h);
    w[0] = VAL_UNDEFINED;
    w[1] = VAL_UNDEFINED;
    if (big) w[2] = val_cell(keys);
    else for (uint32_t i = 0; i < cap; i++) w[2 + i] = VAL_EMPTY;
    ShapeInfo *si = sh_info(h);
    si->capacity = cap;
    si->hash_size = hash_size;
    return val_cell(r);
}

/* Hash-index entry i of flat table h (which has buckets). */
static void sh_index(VM *vm, CellHeader *h, uint32_t i) {
    ShapeInfo *si = sh_info(h);
    uint32_t b = key_hash(vm, sh_keys(vm, h)[i]) & (si->hash_size - 1);
    uint32_t *bk = sh_buckets(h);
    sh_chain(h)[i] = bk[b];
    bk[b] = i + 1;
}

/* Find `key` in flat table h: entry index or -1, *flags its flags. */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline int flat_find(VM *vm, CellHeader *h, Value key, int *flags) {
    ShapeInfo *si = sh_info(h);
    Value *keys = sh_keys(vm, h);
    if (si->hash_size == 0) {
        for (uint32_t i = 0; i < si->count; i++)
            if (keys[i] == key) { *flags = sh_flags(h)[i]; return (int)i; }
        return -1;
    }
    uint32_t e = sh_buckets(h)[key_hash(vm, key) & (si->hash_size - 1)];
    uint32_t *chain = sh_chain(h);
    while (e) {
        if (keys[e - 1] == key) { *flags = sh_flags(h)[e - 1]; return (int)(e - 1); }
        e = chain[e - 1];
    }
    return -1;
}

/* Bucket count for n entries (0 = linear search). */
static uint32_t hash_size_for(uint32_t cap) {
    if (cap <= SHAPE_LINEAR_MAX) return 0;
    uint32_t hs = 8;
    while (hs < cap) hs <<= 1;
    return hs * 2;
}

/* ---- shared shapes: parent chains (layout in shape.h) ---- */

static inline int is_integrity(const ShapeLink *l) { return (l->flags & 0x100) != 0; }
/* The attribute mask an integrity shape applies: bit 0 sealed, bit 1 frozen. */
static inline int integrity_mask(const ShapeLink *l) { return l->flags == SHAPE_TRANS_FROZEN ? 3 : 1; }
/* Own flags f of an entry as seen through integrity mask m. */
static inline int masked_flags(int f, int m) {
    if (m & 1) f &= ~PROP_CONFIGURABLE;
    if ((m & 2) && !(f & PROP_ACCESSOR)) f &= ~PROP_WRITABLE;
    return f;
}

/* A new shared shape below `parent` (undefined for a root): own `key` (undefined unless a
 * key shape), ShapeLink flags `lflags`, `count` entries. VAL_EXCEPTION on OOM. */
static Value shared_alloc(VM *vm, Value parent, Value key, int lflags, uint32_t count) {
    Ref r = heap_alloc(vm, CELL_SHAPE, SHAPE_SHARED_AUX, SHAPE_SHARED_WORDS);
    if (!r) return VAL_EXCEPTION;
    CellHeader *h = CELL(vm, r);
    int acc = !(lflags & 0x100) && (lflags & PROP_ACCESSOR);
    if (parent != VAL_UNDEFINED && (sh_cell(vm, parent)->flags & SHAPE_ACCESSORS)) acc = 1;
    h->flags = acc ? SHAPE_ACCESSORS : 0;
    Value *w = CELL_VALUES(h);
    w[0] = parent;
    w[1] = VAL_UNDEFINED;
    w[2] = key;
    ShapeLink *l = shape_link(h);
    l->count = (uint16_t)count;
    l->flags = (uint16_t)lflags;
    return val_cell(r);
}

Value shape_new_root(VM *vm) { return shared_alloc(vm, VAL_UNDEFINED, VAL_UNDEFINED, 0, 0); }

/* Find `key` by walking shared `shape`'s parent chain (no allocation). */
static int walk_find(VM *vm, Value shape, Value key, int *flags) {
    int m = 0;
    for (;;) {
        CellHeader *h = sh_cell(vm, shape);
        ShapeLink *l = shape_link(h);
        Value *w = CELL_VALUES(h);
        if (is_integrity(l)) m |= integrity_mask(l);
        else if (w[2] == key) { *flags = masked_flags(l->flags, m); return l->count - 1; }
        else if (l->count <= 1) return -1;   /* entry 0 or the root: nothing above */
        shape = w[0];
    }
}

/* Entry i of shared `shape` by walking its chain: its key, *flags its masked flags. */
static Value walk_entry(VM *vm, Value shape, uint32_t i, int *flags) {
    int m = 0;
    for (;;) {
        CellHeader *h = sh_cell(vm, shape);
        ShapeLink *l = shape_link(h);
        if (is_integrity(l)) m |= integrity_mask(l);
        else if (l->count == i + 1) { *flags = masked_flags(l->flags, m); return CELL_VALUES(h)[2]; }
        shape = CELL_VALUES(h)[0];
    }
}

/* Write every entry of shared `shape` into keys[] / flags[] (count entries, in order). */
static void chain_fill(VM *vm, Value shape, Value *keys, uint8_t *flags) {
    int m = 0;
    while (shape != VAL_UNDEFINED) {
        CellHeader *h = sh_cell(vm, shape);
        ShapeLink *l = shape_link(h);
        if (is_integrity(l)) m |= integrity_mask(l);
        else if (l->count) {
            keys[l->count - 1] = CELL_VALUES(h)[2];
            flags[l->count - 1] = (uint8_t)masked_flags(l->flags, m);
        }
        shape = CELL_VALUES(h)[0];
    }
}

/* Fill flat table h (capacity >= n) with the n entries of shared `shape`, indexed. */
static void flat_fill(VM *vm, CellHeader *h, Value shape, uint32_t n) {
    chain_fill(vm, shape, sh_keys(vm, h), sh_flags(h));
    ShapeInfo *si = sh_info(h);
    si->count = si->live = n;
    if (si->hash_size)
        for (uint32_t i = 0; i < n; i++) sh_index(vm, h, i);
}

/* Build the lookup index of shared `shape` (none survives since the last collection).
 * Allocates (never collects); NULL when out of memory (callers then walk). */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static CellHeader *shared_index_build(VM *vm, Value shape) {
    if (vm->shape_index_off) return NULL;   /* inside a collection: walk (shape.h) */
    uint32_t n = shape_link(sh_cell(vm, shape))->count;
    Value x = shape_alloc(vm, n, hash_size_for(n), SHAPE_INDEX);
    if (x == VAL_EXCEPTION) return NULL;
    CellHeader *xh = sh_cell(vm, x);
    flat_fill(vm, xh, shape, n);
    shape_link(sh_cell(vm, shape))->index = val_ref(x);
    return xh;
}

int shape_find(VM *vm, Value shape, Value key, int *flags) {
    CellHeader *h = sh_cell(vm, shape);
    if (!(h->flags & SHAPE_DICT)) {
        ShapeLink *l = shape_link(h);
        if (l->index) h = CELL(vm, l->index);
        else if (l->count <= SHAPE_WALK_MAX || !(h = shared_index_build(vm, shape))) return walk_find(vm, shape, key, flags);
    }
    return flat_find(vm, h, key, flags);
}

uint32_t shape_count(VM *vm, Value shape) {
    CellHeader *h = sh_cell(vm, shape);
    return h->flags & SHAPE_DICT ? sh_info(h)->live : shape_link(h)->count;
}
uint32_t shape_entry_count(VM *vm, Value shape) {
    CellHeader *h = sh_cell(vm, shape);
    return h->flags & SHAPE_DICT ? sh_info(h)->count : shape_link(h)->count;
}

/* Entry i of shared `shape` that has no index yet: key (and *flags) from a new index, or
 * by walking the chain when out of memory. Kept out of line so that the callers' common
 * path (an index exists) stays a few instructions. */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static Value entry_slow(VM *vm, Value shape, uint32_t i, int *flags) {
    CellHeader *t = shared_index_build(vm, shape);
    if (!t) return walk_entry(vm, shape, i, flags);
    *flags = sh_flags(t)[i];
    return sh_keys(vm, t)[i];
}

/* The flat table answering entry queries on `shape` (the dictionary itself or a shared
 * shape's index), or NULL when a shared shape has no index yet. */
static inline CellHeader *entry_table(VM *vm, Value shape) {
    CellHeader *h = sh_cell(vm, shape);
    if (h->flags & SHAPE_DICT) return h;
    uint32_t ix = shape_link(h)->index;
    return ix ? CELL(vm, ix) : NULL;
}

Value shape_key_at(VM *vm, Value shape, uint32_t i) {
    CellHeader *t = entry_table(vm, shape);
    if (!t) { int f; return entry_slow(vm, shape, i, &f); }
    return sh_keys(vm, t)[i];
}

int shape_flags_at(VM *vm, Value shape, uint32_t i) {
    CellHeader *t = entry_table(vm, shape);
    if (!t) { int f; entry_slow(vm, shape, i, &f); return f; }
    return sh_flags(t)[i];
}

/* Copy dictionary src's entries into a new dictionary of capacity `cap`. */
static Value dict_grow(VM *vm, Value src, uint32_t cap) {
    Value n = shape_alloc(vm, cap, hash_size_for(cap), SHAPE_DICT);
    if (n == VAL_EXCEPTION) return n;
    CellHeader *sh = sh_cell(vm, src), *nh = sh_cell(vm, n);
    ShapeInfo *ssi = sh_info(sh), *nsi = sh_info(nh);
    for (uint32_t i = 0; i < ssi->count; i++) {
        Value k = sh_keys(vm, sh)[i];
        sh_keys(vm, nh)[i] = k;
        sh_flags(nh)[i] = sh_flags(sh)[i];
        if (nsi->hash_size && k != VAL_EMPTY) sh_index(vm, nh, i);
    }
    nsi->count = ssi->count;
    nsi->live = ssi->live;
    return n;
}

/* ---- transitions (weak; layout in shape.h) ---- */

/* The transition key of shared shape `child`: its own key, or int 0 for an integrity shape. */
static inline Value child_key(CellHeader *ch) {
    return (shape_link(ch)->flags & 0x100) ? val_int(0) : CELL_VALUES(ch)[2];
}
/* Whether shared shape `child` is the transition for (key, flags). */
static inline int child_is(CellHeader *ch, Value key, int flags) {
    return shape_link(ch)->flags == (uint16_t)flags && child_key(ch) == key;
}
/* Home bucket of transition (key, flags) in a table of `mask` + 1 entries. */
static inline uint32_t trans_home(VM *vm, Value key, int flags, uint32_t mask) {
    return (key_hash(vm, key) ^ (uint32_t)flags * 0x9E3779B1u) & mask;
}

/* Transition lookup: child of `shape` for (key, flags) or VAL_UNDEFINED. */
static Value trans_find(VM *vm, Value shape, Value key, int flags) {
    Value t = CELL_VALUES(sh_cell(vm, shape))[1];
    if (t == VAL_UNDEFINED) return VAL_UNDEFINED;
    CellHeader *th = CELL(vm, val_ref(t));
    if (th->kind == CELL_SHAPE) return child_is(th, key, flags) ? t : VAL_UNDEFINED;
    Value *w = CELL_VALUES(th);
    uint32_t mask = th->size - 3;
    for (uint32_t i = trans_home(vm, key, flags, mask);; i = (i + 1) & mask) {
        Value c = w[1 + i];
        if (c == VAL_UNDEFINED) return VAL_UNDEFINED;
        if (child_is(CELL(vm, val_ref(c)), key, flags)) return c;
    }
}

/* Insert child into table words w (capacity cap, with room). */
static void trans_put(VM *vm, Value *w, uint32_t cap, Value child) {
    CellHeader *ch = CELL(vm, val_ref(child));
    uint32_t mask = cap - 1;
    uint32_t i = trans_home(vm, child_key(ch), shape_link(ch)->flags, mask);
    while (w[1 + i] != VAL_UNDEFINED) i = (i + 1) & mask;
    w[1 + i] = child;
    w[0] = val_int(val_to_int(w[0]) + 1);
}

/* Table capacity for n children: a power of two >= 4 with n at most 3/4 of it. */
static uint32_t trans_cap_for(uint32_t n) {
    uint32_t cap = 4;
    while (n * 4 > cap * 3) cap *= 2;
    return cap;
}

/* Record parent -> child (the child knows its key and flags). -1 on OOM. */
static int trans_add(VM *vm, Value parent, Value child) {
    Value t = CELL_VALUES(sh_cell(vm, parent))[1];
    if (t == VAL_UNDEFINED) {   /* the only child: referenced directly */
        CELL_VALUES(sh_cell(vm, parent))[1] = child;
        return 0;
    }
    CellHeader *th = CELL(vm, val_ref(t));
    int single = th->kind == CELL_SHAPE;
    uint32_t cap = single ? 0 : th->size - 2;
    uint32_t count = single ? 1 : (uint32_t)val_to_int(CELL_VALUES(th)[0]);
    if (single || (count + 1) * 4 > cap * 3) {
        uint32_t ncap = trans_cap_for(count + 1);
        Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, 1 + (size_t)ncap, VAL_UNDEFINED);
        if (!r) return -1;
        Value *nw = CELL_VALUES(CELL(vm, r));
        nw[0] = val_int(0);
        if (single) trans_put(vm, nw, ncap, t);
        else {
            Value *ow = CELL_VALUES(CELL(vm, val_ref(t)));
            for (uint32_t i = 0; i < cap; i++)
                if (ow[1 + i] != VAL_UNDEFINED) trans_put(vm, nw, ncap, ow[1 + i]);
        }
        t = val_cell(r);
        cap = ncap;
        CELL_VALUES(sh_cell(vm, parent))[1] = t;
    }
    trans_put(vm, CELL_VALUES(CELL(vm, val_ref(t))), cap, child);
    return 0;
}

Value shape_add(VM *vm, Value shape, Value key, int flags) {
    CellHeader *h = sh_cell(vm, shape);
    if (h->flags & SHAPE_DICT) {
        ShapeInfo *si = sh_info(h);
        if (si->count == si->capacity) {
            /* never compact here: entry i is slot i of the object, and only shape_delete,
             * which moves the slots too, may renumber entries (it keeps tombstones at most
             * half of the entries, so growth without compaction stays bounded) */
            uint32_t ncap = si->capacity < 8 ? 16 : si->capacity * 2;
            shape = dict_grow(vm, shape, ncap);
            if (shape == VAL_EXCEPTION) return shape;
            h = sh_cell(vm, shape);
            si = sh_info(h);
        }
        uint32_t i = si->count++;
        sh_keys(vm, h)[i] = key;
        sh_flags(h)[i] = (uint8_t)flags;
        si->live++;
        if (si->hash_size) sh_index(vm, h, i);
        return shape;
    }
    Value child = trans_find(vm, shape, key, flags);
    if (child != VAL_UNDEFINED) return child;
    child = shared_alloc(vm, shape, key, flags, shape_link(h)->count + 1u);
    if (child == VAL_EXCEPTION) return child;
    if (trans_add(vm, shape, child) < 0) return VAL_EXCEPTION;
    return child;
}

Value shape_with_integrity(VM *vm, Value shape, int frozen) {
    /* does any entry, as seen through the integrity shapes above it, change? */
    int changes = 0, m = 0;
    for (Value s = shape; s != VAL_UNDEFINED && !changes; s = CELL_VALUES(sh_cell(vm, s))[0]) {
        ShapeLink *l = shape_link(sh_cell(vm, s));
        if (is_integrity(l)) { m |= integrity_mask(l); continue; }
        if (!l->count) break;
        int f = masked_flags(l->flags, m);
        changes = (f & PROP_CONFIGURABLE) || (frozen && !(f & PROP_ACCESSOR) && (f & PROP_WRITABLE));
    }
    if (!changes) return shape;
    int tflags = frozen ? SHAPE_TRANS_FROZEN : SHAPE_TRANS_SEALED;
    Value child = trans_find(vm, shape, val_int(0), tflags);
    if (child != VAL_UNDEFINED) return child;
    child = shared_alloc(vm, shape, VAL_UNDEFINED, tflags, shape_link(sh_cell(vm, shape))->count);
    if (child == VAL_EXCEPTION) return child;
    if (trans_add(vm, shape, child) < 0) return VAL_EXCEPTION;
    return child;
}

int shape_make_dict(VM *vm, Value obj) {
    Value shape = obj_words(vm, obj)[OBJ_SHAPE];
    CellHeader *h = sh_cell(vm, shape);
    if (h->flags & SHAPE_DICT) return 0;
    uint32_t n = shape_link(h)->count;
    uint32_t cap = n < 8 ? 8 : n * 2;
    Value d = shape_alloc(vm, cap, hash_size_for(cap), SHAPE_DICT);
    if (d == VAL_EXCEPTION) return -1;
    flat_fill(vm, sh_cell(vm, d), shape, n);
    obj_words(vm, obj)[OBJ_SHAPE] = d;
    return 0;
}

Value shape_set_flags(VM *vm, Value obj, uint32_t slot, int flags) {
    if (shape_make_dict(vm, obj) < 0) return VAL_EXCEPTION;
    Value shape = obj_words(vm, obj)[OBJ_SHAPE];
    sh_flags(sh_cell(vm, shape))[slot] = (uint8_t)flags;
    return shape;
}

int shape_delete(VM *vm, Value obj, uint32_t slot) {
    if (shape_make_dict(vm, obj) < 0) return -1;
    Value shape = obj_words(vm, obj)[OBJ_SHAPE];
    CellHeader *h = sh_cell(vm, shape);
    ShapeInfo *si = sh_info(h);
    sh_keys(vm, h)[slot] = VAL_EMPTY;
    sh_flags(h)[slot] = 0;
    si->live--;
    Value slots = obj_words(vm, obj)[OBJ_SLOTS];
    CELL_VALUES(CELL(vm, val_ref(slots)))[slot] = VAL_UNDEFINED;
    /* compact when at least half the entries are tombstones */
    if (si->count >= 8 && si->live * 2 <= si->count) {
        uint32_t cap = si->live < 8 ? 8 : si->live * 2;
        Value n = shape_alloc(vm, cap, hash_size_for(cap), SHAPE_DICT);
        if (n == VAL_EXCEPTION) return -1;
        Ref ns = heap_alloc_values(vm, CELL_ARRAY, 0, cap, VAL_UNDEFINED);
        if (!ns) return -1;
        h = sh_cell(vm, shape);
        si = sh_info(h);
        CellHeader *nh = sh_cell(vm, n);
        Value *oldv = CELL_VALUES(CELL(vm, val_ref(slots))), *newv = CELL_VALUES(CELL(vm, ns));
        uint32_t j = 0;
        for (uint32_t i = 0; i < si->count; i++) {
            Value k = sh_keys(vm, h)[i];
            if (k == VAL_EMPTY) continue;
            sh_keys(vm, nh)[j] = k;
            sh_flags(nh)[j] = sh_flags(h)[i];
            newv[j] = oldv[i];
            j++;
        }
        ShapeInfo *nsi = sh_info(nh);
        nsi->count = nsi->live = j;
        if (nsi->hash_size)
            for (uint32_t i = 0; i < j; i++) sh_index(vm, nh, i);
        Value *ow = obj_words(vm, obj);
        ow[OBJ_SHAPE] = n;
        ow[OBJ_SLOTS] = val_cell(ns);
    }
    return 0;
}

/* qsort comparator for children: ascending to-space Ref. */
static int compare_refs(const void *a, const void *b) {
    Ref x = val_ref(*(const Value *)a), y = val_ref(*(const Value *)b);
    return x < y ? -1 : x > y;
}

/* Rebuild the weak transitions of to-space shape `r` after tracing: none, the only surviving
 * child itself, or a table of the survivors inserted in to-space order (canonical). */
void shape_gc_rebuild_transitions(GcState *gc, Ref r) {
    CellHeader *h = (CellHeader *)(gc->to + ((size_t)r << 3));
    Value oldt = CELL_VALUES(h)[1];
    CELL_VALUES(h)[1] = VAL_UNDEFINED;
    if (oldt == VAL_UNDEFINED) return;
    CellHeader *oh = (CellHeader *)(gc->from + ((size_t)val_ref(oldt) << 3));
    if (oh->kind == CELL_FORWARD) oh = (CellHeader *)(gc->to + ((size_t)oh->size << 3));
    if (oh->kind == CELL_SHAPE) {   /* a single child: kept if it survived */
        Value c = gc_forwarded(gc, oldt);
        if (c != VAL_EMPTY) CELL_VALUES(h)[1] = c;
        return;
    }
    uint32_t cap = oh->size - 2;
    Value *ow = CELL_VALUES(oh);
    Value *live = malloc(sizeof(Value) * (cap + 1));
    if (!live) abort();
    uint32_t n = 0;
    for (uint32_t i = 0; i < cap; i++) {
        Value c = ow[1 + i] == VAL_UNDEFINED ? VAL_EMPTY : gc_forwarded(gc, ow[1 + i]);
        if (c != VAL_EMPTY) live[n++] = c;
    }
    if (n == 1) CELL_VALUES(h)[1] = live[0];
    else if (n > 1) {
        /* canonical order: by the child's position in to-space (children are distinct) */
        qsort(live, n, sizeof(Value), compare_refs);
        uint32_t ncap = trans_cap_for(n);
        Ref t = gc_alloc_to(gc, CELL_ARRAY, 0, 2 + (size_t)ncap);
        Value *w = CELL_VALUES((CellHeader *)(gc->to + ((size_t)t << 3)));
        w[0] = val_int(0);
        for (uint32_t i = 0; i < ncap; i++) w[1 + i] = VAL_UNDEFINED;
        /* the children's keys were forwarded by the trace; key_hash reads string and symbol
         * cells through vm->base: point it at to-space */
        VM *vm = gc->vm;
        uint8_t *saved = vm->base;
        vm->base = gc->to;
        for (uint32_t i = 0; i < n; i++) trans_put(vm, w, ncap, live[i]);
        vm->base = saved;
        h = (CellHeader *)(gc->to + ((size_t)r << 3));
        CELL_VALUES(h)[1] = val_cell(t);
    }
    free(live);
}
