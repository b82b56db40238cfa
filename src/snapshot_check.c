/* snapshot_check.c — validation of a loaded heap image (C6: snapshot files are untrusted).
 *
 * One linear pass over the cells. Every cell header must start where the writer's cell
 * bitmap says, have a known kind and a size that fits; every Value word must be a known
 * immediate or a reference to the start of a cell of the kind its tag implies; and each
 * kind's internal invariants that C code relies on (lengths, counts, chains, field kinds)
 * are checked, so that nothing the engine later does with the heap can read out of bounds
 * or loop forever. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot.h"
#include "shape.h"
#include "funcdef.h"
#include "builtins/typedarray.h"
#include "builtins/mapset.h"
#include "builtins/promise.h"

typedef struct Check {
    VM *vm;                    /* the VM whose heap is checked */
    const uint8_t *bm;         /* cell-start bitmap */
    size_t top;                /* heap bytes */
    size_t words;              /* heap words (top / 8) */
    char *err;                 /* message buffer */
    size_t errcap;             /* its size */
    size_t at;                 /* byte offset of the cell being checked */
    size_t obsolete_tables;    /* Map/Set tables replaced by a rehash (their chains are checked last) */
} Check;

static int fail(Check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Check *c, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->err && c->errcap) snprintf(c->err, c->errcap, "snapshot: corrupt heap at byte %zu: %s", c->at, msg);
    return -1;
}

size_t snap_bitmap_popcount(const uint8_t *bm, size_t n) {
    size_t total = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t x;
        memcpy(&x, bm + i, 8);
#ifdef __GNUC__
        total += (size_t)__builtin_popcountll(x);
#else
        for (; x; x &= x - 1) total++;
#endif
    }
    return total;
}

static inline int is_start(const Check *c, size_t word) { return (c->bm[word >> 3] >> (word & 7)) & 1; }

/* The (unvalidated) header of the cell a reference points to, or NULL if r is no cell start. */
static CellHeader *target(Check *c, Ref r) {
    size_t w = r;
    if (r == 0 || (w << 3) >= c->top || !is_start(c, w)) return NULL;
    return (CellHeader *)(c->vm->base + (w << 3));
}

/* Check one Value word, reporting what is wrong (the slow path of check_value). */
static int check_value_slow(Check *c, Value v) {
    unsigned tag = val_tag(v);
    if (tag <= VAL_TAG_INT) return 0;
    if (tag == VAL_TAG_SPECIAL) {
        if ((v & 0xFFFFFFFFFFFFull) > 7 || v == VAL_EXCEPTION) return fail(c, "bad special value %llx", (unsigned long long)v);
        return 0;
    }
    if ((v & 0x0000FFFF00000000ull) != 0) return fail(c, "reference with high bits set");
    CellHeader *t = target(c, val_ref(v));
    if (!t) return fail(c, "reference %u is not the start of a cell", val_ref(v));
    int k = t->kind;
    int ok;
    switch (tag) {
    case VAL_TAG_OBJECT: ok = k == CELL_OBJECT; break;
    case VAL_TAG_STRING: ok = k == CELL_STRING || k == CELL_ROPE; break;
    case VAL_TAG_SYMBOL: ok = k == CELL_SYMBOL; break;
    case VAL_TAG_BIGINT: ok = k == CELL_BIGINT; break;
    default: ok = k == CELL_SHAPE || k == CELL_ARRAY || k == CELL_BYTES || k == CELL_FUNCDEF || k == CELL_ENV || k == CELL_MISC; break;
    }
    if (!ok) return fail(c, "value tag %x refers to a cell of kind %d", tag, k);
    return 0;
}

/* The cell kinds each reference tag may point at (bit k = kind k), by tag - VAL_TAG_OBJECT. */
static const uint32_t ref_kinds[5] = {
    1u << CELL_OBJECT,
    (1u << CELL_STRING) | (1u << CELL_ROPE),
    1u << CELL_SYMBOL,
    1u << CELL_BIGINT,
    (1u << CELL_SHAPE) | (1u << CELL_ARRAY) | (1u << CELL_BYTES) | (1u << CELL_FUNCDEF) | (1u << CELL_ENV) | (1u << CELL_MISC),
};

/* Check one Value word: the fast test for the valid case, check_value_slow for the message. */
static inline int check_value(Check *c, Value v) {
    unsigned tag = val_tag(v);
    if (tag <= VAL_TAG_INT) return 0;
    if (tag >= VAL_TAG_OBJECT) {
        uint64_t r = v & 0x0000FFFFFFFFFFFFull;
        if (r != 0 && r < c->words && is_start(c, (size_t)r)) {
            unsigned kind = ((const CellHeader *)(c->vm->base + (r << 3)))->kind;
            if (kind < 32 && ((ref_kinds[tag - VAL_TAG_OBJECT] >> kind) & 1)) return 0;
        }
    } else if ((v & 0xFFFFFFFFFFFFull) <= 7 && v != VAL_EXCEPTION) {
        return 0;
    }
    return check_value_slow(c, v);
}

/* The cell a Value refers to when it is a `cell` reference of kind `kind`, else NULL. */
static CellHeader *cell_of(Check *c, Value v, int kind) {
    if (val_tag(v) != VAL_TAG_CELL) return NULL;
    CellHeader *t = target(c, val_ref(v));
    /* the walk checks each cell's size when it reaches it, but its readers here may come
     * first (a later cell): they get it only if it lies inside the image (regression: a
     * zero size made the call-site table cursor's end wrap around, fuzz) */
    if (t && (t->size == 0 || (size_t)t->size > (c->top >> 3) - val_ref(v))) return NULL;
    return t && t->kind == kind ? t : NULL;
}

/* Length of a string cell (flat or rope), from its own header fields. */
static uint32_t string_len(CellHeader *t) {
    if (t->kind == CELL_STRING) return ((StrHeader *)CELL_VALUES(t))->len;
    return *(uint32_t *)(CELL_VALUES(t) + 2);
}

static int check_string(Check *c, CellHeader *h) {
    if (h->flags & STR_PACKED) {
        const char *why = strpack_check(h, 1);
        return why ? fail(c, "%s", why) : 0;
    }
    if ((h->size - 1) * 8 < sizeof(StrHeader)) return fail(c, "string cell too small");
    StrHeader *sh = (StrHeader *)CELL_VALUES(h);
    size_t need = sizeof(StrHeader) + (size_t)sh->len * ((h->flags & STR_LATIN1) ? 1 : 2);
    if (sh->len > STR_MAX_LEN || need > (size_t)(h->size - 1) * 8) return fail(c, "string length %u does not fit its cell", sh->len);
    if (h->flags & ~(STR_LATIN1 | STR_ATOM | STR_INDEX | STR_NOT_INDEX | STR_NO_PACK)) return fail(c, "bad string flags");
    if ((h->flags & STR_NO_PACK) && (h->flags & (STR_LATIN1 | STR_ATOM))) return fail(c, "bad string flags");
    return 0;
}

static int check_rope(Check *c, CellHeader *h) {
    if (h->aux != 2 || h->size != 4) return fail(c, "bad rope cell");
    Value *w = CELL_VALUES(h);
    uint32_t len = *(uint32_t *)(w + 2);
    if (!val_is_string(w[0])) return fail(c, "rope child is not a string");
    CellHeader *l = target(c, val_ref(w[0]));
    if (w[1] == VAL_EMPTY) {
        if (l->kind != CELL_STRING || string_len(l) != len) return fail(c, "flattened rope does not match its string");
        return 0;
    }
    if (!val_is_string(w[1])) return fail(c, "rope child is not a string");
    CellHeader *r = target(c, val_ref(w[1]));
    uint32_t ll = string_len(l), rl = string_len(r);
    /* lengths strictly decrease along rope edges, so ropes are acyclic */
    if (ll == 0 || rl == 0 || (uint64_t)ll + rl != len || len > STR_MAX_LEN) return fail(c, "rope length mismatch");
    return 0;
}

static int check_symbol(Check *c, CellHeader *h) {
    Value *w = CELL_VALUES(h);
    if (h->size != 4) return fail(c, "bad symbol cell");
    if (w[SYM_DESC] != VAL_UNDEFINED && !val_is_string(w[SYM_DESC])) return fail(c, "bad symbol description");
    if (!val_is_int(w[SYM_ID]) || !val_is_int(w[SYM_FLAGS])) return fail(c, "bad symbol id/flags");
    return 0;
}

static inline uint32_t align4(uint32_t n) { return (n + 3u) & ~3u; }

/* Whether v is a property key as shapes store them: an index int, an atom or a symbol
 * (key_hash and the collector's transition rebuild read the key's cell). */
static int is_key(Check *c, Value v) {
    if (val_is_int(v)) return val_to_int(v) >= 0;
    if (val_is_symbol(v)) return 1;
    if (!val_is_string(v)) return 0;
    CellHeader *t = target(c, val_ref(v));
    return t && t->kind == CELL_STRING && (t->flags & STR_ATOM);
}

/* The shared shape a Value refers to, when it is one whose fixed-size body lies inside the
 * image (its other invariants are checked where it lies), else NULL. */
static CellHeader *shared_shape_of(Check *c, Value v) {
    CellHeader *t = cell_of(c, v, CELL_SHAPE);
    if (!t || (t->flags & SHAPE_DICT) || t->aux != SHAPE_SHARED_AUX || t->size != SHAPE_SHARED_WORDS ||
        ((size_t)val_ref(v) + SHAPE_SHARED_WORDS) * 8 > c->top)
        return NULL;
    return t;
}

/* Integrity level of a shared shape: 0 root or key shape, 1 sealed, 2 frozen. Along every
 * parent edge (count, level) strictly decreases, so parent chains end at a root. */
static int shape_level(const ShapeLink *l) {
    return l->flags == SHAPE_TRANS_SEALED ? 1 : l->flags == SHAPE_TRANS_FROZEN ? 2 : 0;
}

/* A shared shape (shape.h): its link to its parent and its transitions to its children. */
static int check_shared_shape(Check *c, CellHeader *h) {
    if (h->aux != SHAPE_SHARED_AUX || h->size != SHAPE_SHARED_WORDS) return fail(c, "bad shared shape size");
    if (h->flags & ~SHAPE_ACCESSORS) return fail(c, "bad shape flags");
    Value *w = CELL_VALUES(h);
    ShapeLink *l = shape_link(h);
    if (l->index) return fail(c, "shape with a lookup index");
    if (l->count > SHAPE_MAX_SHARED) return fail(c, "shared shape with too many entries");
    int integrity = (l->flags & 0x100) != 0;
    if (w[0] == VAL_UNDEFINED) {
        if (l->count || l->flags || w[2] != VAL_UNDEFINED || h->flags) return fail(c, "bad root shape");
    } else {
        CellHeader *p = shared_shape_of(c, w[0]);
        if (!p) return fail(c, "shape parent is not a shared shape");
        ShapeLink *pl = shape_link(p);
        int acc = (p->flags & SHAPE_ACCESSORS) != 0;
        if (integrity) {
            if ((l->flags != SHAPE_TRANS_SEALED && l->flags != SHAPE_TRANS_FROZEN) || w[2] != VAL_UNDEFINED)
                return fail(c, "bad integrity shape");
            if (l->count != pl->count || shape_level(pl) >= shape_level(l)) return fail(c, "bad integrity shape parent");
        } else {
            if (l->flags & ~(PROP_WRITABLE | PROP_ENUMERABLE | PROP_CONFIGURABLE | PROP_ACCESSOR)) return fail(c, "bad property flags");
            if (!is_key(c, w[2])) return fail(c, "bad shape key");
            if (l->count != pl->count + 1u) return fail(c, "shape count is not its parent's plus one");
            acc |= (l->flags & PROP_ACCESSOR) != 0;
        }
        if (acc != ((h->flags & SHAPE_ACCESSORS) != 0)) return fail(c, "wrong shape accessor flag");
    }
    if (w[1] == VAL_UNDEFINED) return 0;
    /* transitions: the only child, or a table of >= 2 children, each a shared shape below
     * this one (it carries the transition's key and flags itself) */
    Value self = val_cell((Ref)(c->at >> 3));
    if (cell_of(c, w[1], CELL_SHAPE)) {
        CellHeader *ch = shared_shape_of(c, w[1]);
        if (!ch || CELL_VALUES(ch)[0] != self) return fail(c, "transition does not match its child");
        return 0;
    }
    CellHeader *t = cell_of(c, w[1], CELL_ARRAY);
    if (!t || t->size < 6) return fail(c, "bad transition table");
    uint32_t tcap = t->size - 2;
    if (tcap & (tcap - 1)) return fail(c, "transition table capacity not a power of two");
    Value *tw = CELL_VALUES(t);
    uint32_t used = 0;
    for (uint32_t i = 0; i < tcap; i++) {
        Value ch = tw[1 + i];
        if (ch == VAL_UNDEFINED) continue;
        used++;
        CellHeader *chh = shared_shape_of(c, ch);
        if (!chh || CELL_VALUES(chh)[0] != self) return fail(c, "transition does not match its child");
    }
    if (used < 2 || used >= tcap || !val_is_int(tw[0]) || (uint32_t)val_to_int(tw[0]) != used)
        return fail(c, "bad transition table count");
    return 0;
}

static int check_shape(Check *c, CellHeader *h) {
    if (!(h->flags & SHAPE_DICT)) return check_shared_shape(c, h);
    if (h->aux < 2 || h->aux > h->size - 1) return fail(c, "bad shape value count");
    if (h->flags & ~(SHAPE_DICT | SHAPE_BIG)) return fail(c, "bad shape flags");
    int big = (h->flags & SHAPE_BIG) != 0;
    if (big && h->aux != 3) return fail(c, "bad big shape");
    size_t raw = (size_t)(h->size - 1 - h->aux) * 8;
    if (raw < sizeof(ShapeInfo)) return fail(c, "shape too small");
    ShapeInfo *si = (ShapeInfo *)(CELL_VALUES(h) + h->aux);
    uint32_t cap = big ? si->capacity : h->aux - 2u;
    Value *w = CELL_VALUES(h);
    Value *keys = w + 2;
    if (big) {
        CellHeader *k = cell_of(c, w[2], CELL_ARRAY);
        if (!k || cap <= SHAPE_INLINE_MAX || k->size - 1 != cap) return fail(c, "bad big shape key array");
        keys = CELL_VALUES(k);
    }
    if (si->capacity != cap || si->count > cap || si->live > si->count) return fail(c, "bad shape counts");
    if (si->hash_size && (si->hash_size & (si->hash_size - 1))) return fail(c, "bad shape hash size");
    if (sizeof(ShapeInfo) + align4(cap) + 4ull * cap + 4ull * si->hash_size > raw) return fail(c, "shape tables do not fit");
    if (w[0] != VAL_UNDEFINED || w[1] != VAL_UNDEFINED) return fail(c, "dictionary shape with a parent or transitions");
    uint8_t *flags = (uint8_t *)(si + 1);
    uint32_t *chain = (uint32_t *)(flags + align4(cap));
    uint32_t *buckets = chain + cap;
    uint32_t live = 0;
    for (uint32_t i = 0; i < si->count; i++) {
        Value k = keys[i];
        if (k == VAL_EMPTY) continue;
        live++;
        if (val_is_int(k)) { if (val_to_int(k) < 0) return fail(c, "negative index key"); }
        else if (val_is_string(k)) {
            CellHeader *t = target(c, val_ref(k));
            if (t->kind != CELL_STRING || !(t->flags & STR_ATOM)) return fail(c, "shape key is not an atom");
        } else if (!val_is_symbol(k)) return fail(c, "bad shape key");
        if (flags[i] & ~(PROP_WRITABLE | PROP_ENUMERABLE | PROP_CONFIGURABLE | PROP_ACCESSOR)) return fail(c, "bad property flags");
        if (si->hash_size && chain[i] > i) return fail(c, "shape hash chain not descending");
    }
    if (live != si->live) return fail(c, "shape live count mismatch");
    for (uint32_t b = 0; b < si->hash_size; b++)
        if (buckets[b] > si->count) return fail(c, "shape bucket out of range");
    return 0;
}

/* Kind of the value in a slot, for class-specific checks. */
static int is_obj(Value v) { return val_is_object(v); }
static int is_obj_or_null(Value v) { return val_is_object(v) || v == VAL_NULL; }

/* Whether v refers to a realm (vm.h "Realms"): a list of INTR_COUNT intrinsics whose
 * fundamental objects are objects (their own cells are checked where they lie). */
/* Whether v is undefined or a realm's %FunctionShapes% (funcdef.h FDC_*): FDC_COUNT entries,
 * each undefined or a shared shape of exactly the property count its entry is for, all data
 * properties (objects are built with it holding plain values in every slot). */
static int is_function_shapes(Check *c, Value v) {
    if (v == VAL_UNDEFINED) return 1;
    CellHeader *t = cell_of(c, v, CELL_ARRAY);
    if (!t || t->size - 1 != FDC_COUNT) return 0;
    for (int k = 0; k < FDC_COUNT; k++) {
        Value e = CELL_VALUES(t)[k];
        if (e == VAL_UNDEFINED) continue;
        CellHeader *sh = cell_of(c, e, CELL_SHAPE);
        /* a shared shape (its own checks prove its chain) of n entries, none an accessor */
        if (!sh || (sh->flags & (SHAPE_DICT | SHAPE_ACCESSORS)) || sh->size != SHAPE_SHARED_WORDS ||
            sh->aux != SHAPE_SHARED_AUX || shape_link(sh)->count != fdc_entries(k))
            return 0;
    }
    return 1;
}

static int is_realm(Check *c, Value v) {
    CellHeader *t = cell_of(c, v, CELL_ARRAY);
    if (!t || t->size - 1 != INTR_COUNT) return 0;
    Value *w = CELL_VALUES(t);
    return val_is_object(w[INTR_ObjectPrototype]) && val_is_object(w[INTR_FunctionPrototype]) &&
           val_is_object(w[INTR_GlobalObject]) && is_function_shapes(c, w[INTR_FunctionShapes]);
}

/* Whether v refers to a Map/Set table record. */
static int is_map_table(Check *c, Value v) {
    CellHeader *t = cell_of(c, v, CELL_MISC);
    return t && t->aux == MISC_MAP_TABLE;
}

/* Whether v is undefined or refers to a record of kind `aux`. */
static int is_record_or_undef(Check *c, Value v, int aux) {
    if (v == VAL_UNDEFINED) return 1;
    CellHeader *t = cell_of(c, v, CELL_MISC);
    return t && t->aux == aux;
}

/* Whether v is an object of class cls. */
static int is_class(Check *c, Value v, ClassId cls) {
    if (!val_is_object(v)) return 0;
    CellHeader *t = target(c, val_ref(v));
    return t && t->kind == CELL_OBJECT && t->aux == cls;
}

/* Whether v is a number holding an integer in [0, 2^53] (a byte count, offset or length). */
static int is_index(Value v) {
    if (!val_is_number(v)) return 0;
    double d = num_value(v);
    return d >= 0 && d <= 9007199254740992.0 && d == (double)(uint64_t)d;
}

/* The FuncDefInfo of a closure's function template, or NULL when v is not a closure whose
 * template cell is big enough to hold one (the template itself is checked as its own cell). */
static FuncDefInfo *closure_info(Check *c, Value v) {
    if (!is_class(c, v, CLASS_FUNCTION)) return NULL;
    CellHeader *f = target(c, val_ref(v));
    if (f->size != 1u + OBJ_BASE_WORDS + class_slot_count[CLASS_FUNCTION]) return NULL;
    CellHeader *fd = cell_of(c, CELL_VALUES(f)[OBJ_SLOT0 + FN_FUNCDEF], CELL_FUNCDEF);
    if (!fd || fd->aux != FD_NVALUES || (size_t)(fd->size - 1 - fd->aux) * 8 < sizeof(FuncDefInfo)) return NULL;
    return (FuncDefInfo *)(CELL_VALUES(fd) + FD_NVALUES);
}

/* A suspended generator / async activation (interp_save_frame's SF_* layout) or undefined:
 * the counts fit the cell and the function's frame, and the resume pc lies in its bytecode.
 * (That the pc is an instruction boundary with the saved stack depth is not yet verified:
 * the bytecode gap in docs/snapshot-format.md.) */
static int check_saved_frame(Check *c, Value v) {
    if (v == VAL_UNDEFINED) return 0;
    CellHeader *t = cell_of(c, v, CELL_ARRAY);
    if (!t || t->size - 1 < SF_VALUES + 2) return fail(c, "bad saved frame");
    Value *w = CELL_VALUES(t);
    for (int i = SF_PC; i <= SF_NVALUES; i++)
        if (!val_is_int(w[i])) return fail(c, "bad saved frame");
    int32_t pc = val_to_int(w[SF_PC]), argc = val_to_int(w[SF_ARGC]), nargs = val_to_int(w[SF_NARGS]);
    int32_t n = val_to_int(w[SF_NVALUES]);
    FuncDefInfo *fi = closure_info(c, w[SF_VALUES]);
    if (n < 2 || (uint32_t)n > t->size - 1 - SF_VALUES || argc < 0 || nargs < argc || !fi ||
        2u + (uint64_t)nargs + fi->nlocals > (uint64_t)n || pc < -1 || (pc >= 0 && (uint32_t)pc >= fi->code_len))
        return fail(c, "saved frame does not fit its function");
    return 0;
}

/* ArrayBuffer slots (builtins/typedarray.h): the byte length fits the data cell, so that no
 * access through the buffer or its views can leave the cell. */
static int check_array_buffer(Check *c, const Value *s) {
    if (s[AB_DETACHED] == VAL_TRUE) {
        if (s[AB_DATA] != VAL_UNDEFINED || !is_index(s[AB_LENGTH]) || num_value(s[AB_LENGTH]) != 0)
            return fail(c, "bad detached ArrayBuffer");
    } else {
        CellHeader *data = cell_of(c, s[AB_DATA], CELL_BYTES);
        if (s[AB_DETACHED] != VAL_FALSE || !data || !is_index(s[AB_LENGTH]) ||
            num_value(s[AB_LENGTH]) > (double)((size_t)(data->size - 1) * 8))
            return fail(c, "ArrayBuffer length does not fit its data");
    }
    if (s[AB_MAX] != VAL_UNDEFINED && (!is_index(s[AB_MAX]) || num_value(s[AB_MAX]) < num_value(s[AB_LENGTH])))
        return fail(c, "bad ArrayBuffer maximum length");
    return 0;
}

/* Entries of `shape` that are accessors hold accessor pair cells in slots[0, nslots). A shared
 * shape's entries are found along its parent chain (only when SHAPE_ACCESSORS says there are
 * some), which is walked defensively: the shapes on it may not have been checked yet. */
static int check_accessor_slots(Check *c, Value shape, Value *slots, uint32_t nslots) {
    CellHeader *h = cell_of(c, shape, CELL_SHAPE);
    if (h->flags & SHAPE_DICT) {
        ShapeInfo *si = (ShapeInfo *)(CELL_VALUES(h) + h->aux);
        uint8_t *flags = (uint8_t *)(si + 1);
        for (uint32_t i = 0; i < si->count && i < h->aux - 2u; i++) {
            if (!(flags[i] & PROP_ACCESSOR)) continue;
            CellHeader *a = i < nslots ? cell_of(c, slots[i], CELL_MISC) : NULL;
            if (!a || a->aux != MISC_ACCESSOR || a->size != 3) return fail(c, "accessor property without accessor pair");
        }
        return 0;
    }
    if (!(h->flags & SHAPE_ACCESSORS)) return 0;
    for (uint32_t hops = 0; shape != VAL_UNDEFINED; hops++) {
        h = shared_shape_of(c, shape);
        if (!h || hops > 3 * (SHAPE_MAX_SHARED + 1)) return fail(c, "bad shape chain");
        ShapeLink *l = shape_link(h);
        if (!(l->flags & 0x100) && (l->flags & PROP_ACCESSOR) && l->count) {
            uint32_t i = l->count - 1u;
            CellHeader *a = i < nslots ? cell_of(c, slots[i], CELL_MISC) : NULL;
            if (!a || a->aux != MISC_ACCESSOR || a->size != 3) return fail(c, "accessor property without accessor pair");
        }
        shape = CELL_VALUES(h)[0];
    }
    return 0;
}

static int check_object(Check *c, CellHeader *h) {
    if (h->aux >= CLASS_COUNT) return fail(c, "unknown object class %u", h->aux);
    ClassId cls = (ClassId)h->aux;
    if (h->size != 1u + OBJ_BASE_WORDS + class_slot_count[cls]) return fail(c, "object size does not match its class");
    Value *w = CELL_VALUES(h);
    CellHeader *shape = cell_of(c, w[OBJ_SHAPE], CELL_SHAPE);
    if (!shape) return fail(c, "object shape is not a shape");
    if (!is_obj_or_null(w[OBJ_PROTO])) return fail(c, "bad prototype");
    int dict = (shape->flags & SHAPE_DICT) != 0;
    if (!dict && !shared_shape_of(c, w[OBJ_SHAPE])) return fail(c, "bad object shape");
    ShapeInfo *si = (ShapeInfo *)(CELL_VALUES(shape) + shape->aux);
    uint32_t count = dict ? si->count : shape_link(shape)->count;
    if (count) {
        CellHeader *slots = cell_of(c, w[OBJ_SLOTS], CELL_ARRAY);
        if (!slots || slots->size - 1 < count) return fail(c, "property slots too small for the shape");
        /* accessor properties must hold accessor pairs */
        if (check_accessor_slots(c, w[OBJ_SHAPE], CELL_VALUES(slots), slots->size - 1u) < 0) return -1;
    } else if (w[OBJ_SLOTS] != VAL_UNDEFINED && !cell_of(c, w[OBJ_SLOTS], CELL_ARRAY)) {
        return fail(c, "bad property slots");
    }
    if (w[OBJ_ELEMENTS] != VAL_UNDEFINED) {
        if (!cell_of(c, w[OBJ_ELEMENTS], CELL_ARRAY)) return fail(c, "bad elements");
        if (h->flags & OF_SLOW_ELEMENTS) return fail(c, "slow-element object with fast elements");
    }
    if (!val_is_int(w[OBJ_ID])) return fail(c, "bad identity id");
    Value *s = w + OBJ_SLOT0;
    int callable = (h->flags & OF_CALLABLE) != 0;
    switch (cls) {
    case CLASS_ARRAY: {
        if (!val_is_number(s[0]) || !val_is_bool(s[1])) return fail(c, "bad array length");
        double len = num_value(s[0]);
        if (!(len >= 0 && len <= 4294967295.0) || len != (double)(uint32_t)len) return fail(c, "bad array length");
        break;
    }
    case CLASS_NATIVE_FUNCTION:
        if (!val_is_int(s[NFN_ID]) || val_to_int(s[NFN_ID]) < 0 || (uint32_t)val_to_int(s[NFN_ID]) >= c->vm->native_count)
            return fail(c, "native function id out of range");
        if (!val_is_int(s[NFN_MAGIC])) return fail(c, "bad native magic");
        if (!is_realm(c, s[NFN_REALM])) return fail(c, "native function without a realm");
        break;
    case CLASS_FUNCTION:
        if (!cell_of(c, s[FN_FUNCDEF], CELL_FUNCDEF)) return fail(c, "closure without a function template");
        if (s[FN_ENV] != VAL_UNDEFINED && !cell_of(c, s[FN_ENV], CELL_ENV)) return fail(c, "closure environment is not an environment");
        break;
    case CLASS_BOUND_FUNCTION:
        if (!is_obj(s[0])) return fail(c, "bound function without target");
        if (s[2] != VAL_UNDEFINED && !cell_of(c, s[2], CELL_ARRAY)) return fail(c, "bound function arguments are not a list");
        break;
    case CLASS_BOOLEAN: if (!val_is_bool(s[0])) return fail(c, "bad Boolean wrapper"); break;
    case CLASS_NUMBER: if (!val_is_number(s[0])) return fail(c, "bad Number wrapper"); break;
    case CLASS_STRING: if (!val_is_string(s[0])) return fail(c, "bad String wrapper"); break;
    case CLASS_SYMBOL: if (!val_is_symbol(s[0])) return fail(c, "bad Symbol wrapper"); break;
    case CLASS_BIGINT: if (!val_is_bigint(s[0])) return fail(c, "bad BigInt wrapper"); break;
    case CLASS_DATE: if (!val_is_number(s[0])) return fail(c, "bad Date value"); break;
    case CLASS_PROXY:
        if (!(is_obj(s[0]) && is_obj(s[1])) && !(s[0] == VAL_NULL && s[1] == VAL_NULL)) return fail(c, "bad proxy");
        break;
    case CLASS_ARRAY_BUFFER:
        if (check_array_buffer(c, s) < 0) return -1;
        break;
    case CLASS_REGEXP:
        /* a RegExp with a program (builtins/regexp.c RS_*: source, flags, program, names);
         * the program's own structure is the RegExp gap in docs/snapshot-format.md */
        if (val_is_cell(s[2]) && (!cell_of(c, s[2], CELL_BYTES) || !val_is_string(s[0]) || !val_is_string(s[1]) ||
                                  (s[3] != VAL_UNDEFINED && !cell_of(c, s[3], CELL_ARRAY))))
            return fail(c, "bad RegExp");
        break;
    case CLASS_PROMISE:
        if (!val_is_int(s[PROMISE_SLOT_STATE]) || val_to_int(s[PROMISE_SLOT_STATE]) < PROMISE_PENDING ||
            val_to_int(s[PROMISE_SLOT_STATE]) > PROMISE_REJECTED || !val_is_bool(s[PROMISE_SLOT_HANDLED]) ||
            !is_record_or_undef(c, s[PROMISE_SLOT_REACTIONS], MISC_REACTION))
            return fail(c, "bad promise");
        break;
    case CLASS_GENERATOR: case CLASS_ASYNC_GENERATOR:
        if (!val_is_int(s[GEN_STATE]) || val_to_int(s[GEN_STATE]) < GS_SUSPENDED_START ||
            val_to_int(s[GEN_STATE]) > GS_AWAITING_RETURN)
            return fail(c, "bad generator");
        if (check_saved_frame(c, s[GEN_FRAME]) < 0) return -1;
        break;
    case CLASS_ASYNC_FUNCTION_STATE:
        if (!val_is_int(s[AFS_KIND]) || (val_to_int(s[AFS_KIND]) & ~1)) return fail(c, "bad async function state");
        if (check_saved_frame(c, s[AFS_FRAME]) < 0) return -1;
        break;
    case CLASS_MAP: case CLASS_SET: case CLASS_WEAKMAP: case CLASS_WEAKSET: {
        /* the table is checked as its own cell; here: present, and weak exactly for the weak classes */
        int weak = cls == CLASS_WEAKMAP || cls == CLASS_WEAKSET;
        CellHeader *t = is_map_table(c, s[0]) ? target(c, val_ref(s[0])) : NULL;
        if (!t || t->size != 1 + TBL_WORDS || !val_is_int(CELL_VALUES(t)[TBL_FLAGS]) ||
            ((val_to_int(CELL_VALUES(t)[TBL_FLAGS]) & TBLF_WEAK) != 0) != weak)
            return fail(c, "collection without a table of its kind");
        break;
    }
    case CLASS_ITERATOR:
        if (val_is_int(s[2]) && (val_to_int(s[2]) & ~0xff) >= ITER_MAP_BASE && (val_to_int(s[2]) & ~0xff) <= ITER_SET_BASE &&
            ((s[0] != VAL_UNDEFINED && !is_map_table(c, s[0])) || !val_is_int(s[1]) || val_to_int(s[1]) < 0))
            return fail(c, "bad Map/Set iterator");
        break;
    case CLASS_TYPED_ARRAY:
        if (!is_class(c, s[TA_BUFFER], CLASS_ARRAY_BUFFER) || !is_index(s[TA_OFFSET]) ||
            (s[TA_LENGTH] != VAL_UNDEFINED && !is_index(s[TA_LENGTH])) || !val_is_int(s[TA_TYPE]) ||
            val_to_int(s[TA_TYPE]) < 0 || val_to_int(s[TA_TYPE]) >= TA_TYPE_COUNT ||
            (uint64_t)num_value(s[TA_OFFSET]) % ta_type_size[val_to_int(s[TA_TYPE])] != 0)
            return fail(c, "bad typed array");
        break;
    case CLASS_DATA_VIEW:
        if (!is_class(c, s[DV_BUFFER], CLASS_ARRAY_BUFFER) || !is_index(s[DV_OFFSET]) ||
            (s[DV_LENGTH] != VAL_UNDEFINED && !is_index(s[DV_LENGTH])))
            return fail(c, "bad DataView");
        break;
    default:
        break;
    }
    if (callable && cls != CLASS_FUNCTION && cls != CLASS_NATIVE_FUNCTION && cls != CLASS_BOUND_FUNCTION && cls != CLASS_PROXY)
        return fail(c, "callable flag on a non-function");
    if (!callable && (cls == CLASS_FUNCTION || cls == CLASS_NATIVE_FUNCTION || cls == CLASS_BOUND_FUNCTION))
        return fail(c, "function without the callable flag");
    return 0;
}

/* A Map/Set table (builtins/mapset.c): sizes agree, counts fit, and every bucket chain
 * strictly descends (entry i links only to an entry below i), so lookups end. An obsolete
 * table only links to its successor; those links are checked for cycles at the end. */
static int check_map_table(Check *c, CellHeader *h) {
    Value *w = CELL_VALUES(h);
    if (h->size != 1 + TBL_WORDS || !val_is_int(w[TBL_FLAGS]) || (val_to_int(w[TBL_FLAGS]) & ~TBLF_WEAK))
        return fail(c, "bad Map/Set table");
    if (w[TBL_ENTRIES] == VAL_UNDEFINED) {
        if (w[TBL_BUCKETS] != VAL_UNDEFINED || !is_map_table(c, w[TBL_NEXT])) return fail(c, "bad obsolete Map/Set table");
        Value rm = w[TBL_REMOVED];
        if (val_is_int(rm)) {
            if (val_to_int(rm) != -1) return fail(c, "bad obsolete Map/Set table");
        } else {
            CellHeader *r = cell_of(c, rm, CELL_ARRAY);
            if (!r) return fail(c, "bad obsolete Map/Set table");
            for (uint32_t i = 0; i + 1 < r->size; i++)
                if (!val_is_int(CELL_VALUES(r)[i])) return fail(c, "bad obsolete Map/Set table");
        }
        c->obsolete_tables++;
        return 0;
    }
    CellHeader *e = cell_of(c, w[TBL_ENTRIES], CELL_ARRAY), *b = cell_of(c, w[TBL_BUCKETS], CELL_ARRAY);
    if (!e || !b || w[TBL_NEXT] != VAL_UNDEFINED || w[TBL_REMOVED] != VAL_UNDEFINED ||
        !val_is_int(w[TBL_USED]) || !val_is_int(w[TBL_LIVE]))
        return fail(c, "bad Map/Set table");
    uint32_t cap = (e->size - 1) / 3, used = (uint32_t)val_to_int(w[TBL_USED]);
    if ((e->size - 1) % 3 || cap == 0 || (cap & (cap - 1)) || b->size - 1 != cap || used > cap ||
        (uint32_t)val_to_int(w[TBL_LIVE]) > used)
        return fail(c, "Map/Set table sizes disagree");
    Value *bv = CELL_VALUES(b), *ev = CELL_VALUES(e);
    for (uint32_t i = 0; i < cap; i++)
        if (!val_is_int(bv[i]) || val_to_int(bv[i]) < -1 || val_to_int(bv[i]) >= (int32_t)used)
            return fail(c, "Map/Set bucket out of range");
    uint32_t live = 0;
    for (uint32_t i = 0; i < used; i++) {
        Value nx = ev[3 * i + 2];
        if (!val_is_int(nx) || val_to_int(nx) < -1 || val_to_int(nx) >= (int32_t)i) return fail(c, "Map/Set chain does not descend");
        if (ev[3 * i] != VAL_EMPTY) live++;
        else if (ev[3 * i + 1] != VAL_EMPTY) return fail(c, "Map/Set tombstone with a value");
    }
    if (live != (uint32_t)val_to_int(w[TBL_LIVE])) return fail(c, "Map/Set live count mismatch");
    return 0;
}

/* Every obsolete table's successor chain must reach a current table (iterators follow it).
 * One more walk over the cells, only when there are obsolete tables; `done` marks (in a
 * scratch bitmap over the heap words) tables already known to reach one, so the work is
 * linear, and a chain longer than the number of obsolete tables is a cycle. */
static int check_table_chains(Check *c) {
    uint8_t *done = calloc((c->words + 7) / 8, 1);
    if (!done) return fail(c, "out of memory");
    int rc = 0;
    for (size_t at = 8; at < c->top && rc == 0;) {
        CellHeader *h = (CellHeader *)(c->vm->base + at);
        if (h->kind == CELL_MISC && h->aux == MISC_MAP_TABLE && CELL_VALUES(h)[TBL_ENTRIES] == VAL_UNDEFINED) {
            c->at = at;
            size_t steps = 0;
            Value t = val_cell((Ref)(at >> 3));
            while (CELL_VALUES(target(c, val_ref(t)))[TBL_ENTRIES] == VAL_UNDEFINED &&
                   !((done[val_ref(t) >> 3] >> (val_ref(t) & 7)) & 1)) {
                if (++steps > c->obsolete_tables) { rc = fail(c, "Map/Set table chain is cyclic"); break; }
                t = CELL_VALUES(target(c, val_ref(t)))[TBL_NEXT];
            }
            for (Value u = val_cell((Ref)(at >> 3)); rc == 0 && u != t; u = CELL_VALUES(target(c, val_ref(u)))[TBL_NEXT])
                done[val_ref(u) >> 3] |= (uint8_t)(1u << (val_ref(u) & 7));
        }
        at += (size_t)h->size << 3;
    }
    free(done);
    return rc;
}

/* Whether v is a callable object (or undefined, when `or_undef`). */
static int is_callable(Check *c, Value v, int or_undef) {
    if (v == VAL_UNDEFINED) return or_undef;
    if (!val_is_object(v)) return 0;
    CellHeader *t = target(c, val_ref(v));
    return t && (t->flags & OF_CALLABLE);
}

/* Whether v is the state object of an activation that can be suspended at an await (what
 * await_resume expects: an async function state or an async generator). */
static int is_await_state(Check *c, Value v) {
    return is_class(c, v, CLASS_ASYNC_FUNCTION_STATE) || is_class(c, v, CLASS_ASYNC_GENERATOR);
}

/* Promise jobs and reactions (builtins/promise.h): the fields the job loop and the reaction
 * steps read have the kinds they assume. The reaction of an await has no capability and the
 * suspended activation's state as both handlers (promise.c); every other reaction has
 * callable or absent handlers. */
static int check_promise_record(Check *c, CellHeader *h) {
    Value *w = CELL_VALUES(h);
    if (h->aux == MISC_REACTION) {
        if (h->size != 1 + REACT_WORDS || !is_record_or_undef(c, w[REACT_NEXT], MISC_REACTION) ||
            (w[REACT_CAP_PROMISE] != VAL_UNDEFINED && !val_is_object(w[REACT_CAP_PROMISE])) ||
            !is_callable(c, w[REACT_CAP_RESOLVE], 1) || !is_callable(c, w[REACT_CAP_REJECT], 1))
            return fail(c, "bad promise reaction");
        int handlers = is_callable(c, w[REACT_ON_FULFILLED], 1) && is_callable(c, w[REACT_ON_REJECTED], 1);
        int await = w[REACT_ON_FULFILLED] == w[REACT_ON_REJECTED] && is_await_state(c, w[REACT_ON_FULFILLED]) &&
                    w[REACT_CAP_PROMISE] == VAL_UNDEFINED;
        if (!handlers && !await) return fail(c, "bad promise reaction");
        return 0;
    }
    if (h->size != 1 + JOB_WORDS || !is_record_or_undef(c, w[JOB_NEXT], MISC_JOB) || !val_is_int(w[JOB_ARGC]) ||
        val_to_int(w[JOB_ARGC]) < 0 || val_to_int(w[JOB_ARGC]) > 3 || (w[JOB_REALM] != VAL_UNDEFINED && !is_realm(c, w[JOB_REALM])))
        return fail(c, "bad job record");
    Value fn = w[JOB_FUNCTION];
    int ok;
    if (!val_is_int(fn)) ok = is_callable(c, fn, 0);
    else if (val_to_int(fn) == JOB_REACTION_FULFILL || val_to_int(fn) == JOB_REACTION_REJECT)
        ok = w[JOB_ARG0] != VAL_UNDEFINED && is_record_or_undef(c, w[JOB_ARG0], MISC_REACTION);
    else if (val_to_int(fn) == JOB_AWAIT) ok = is_await_state(c, w[JOB_ARG0]);
    else ok = val_to_int(fn) == JOB_RESOLVE_THENABLE && is_class(c, w[JOB_ARG0], CLASS_PROMISE) && is_callable(c, w[JOB_ARG2], 0);
    return ok ? 0 : fail(c, "bad job record");
}

static int check_misc(Check *c, CellHeader *h) {
    if (h->aux < MISC_ACCESSOR || h->aux > MISC_HOST) return fail(c, "unknown record kind %u", h->aux);
    if (h->aux == MISC_MAP_TABLE) return check_map_table(c, h);
    if (h->aux == MISC_JOB || h->aux == MISC_REACTION) return check_promise_record(c, h);
    if (h->aux == MISC_ACCESSOR) {
        Value *w = CELL_VALUES(h);
        if (h->size != 3) return fail(c, "bad accessor pair");
        for (int i = 0; i < 2; i++)
            if (w[i] != VAL_UNDEFINED && !(val_is_object(w[i]) && (target(c, val_ref(w[i]))->flags & OF_CALLABLE)))
                return fail(c, "accessor is not callable");
    }
    return 0;
}

static int check_funcdef(Check *c, CellHeader *h) {
    if (h->aux != FD_NVALUES || (size_t)(h->size - 1 - h->aux) * 8 < sizeof(FuncDefInfo)) return fail(c, "bad function template");
    Value *w = CELL_VALUES(h);
    CellHeader *code = cell_of(c, w[FD_CODE], CELL_BYTES);
    FuncDefInfo *fi = (FuncDefInfo *)(w + FD_NVALUES);
    if (!code || fi->code_len > (size_t)(code->size - 1) * 8) return fail(c, "bytecode does not fit");
    if (w[FD_CONSTS] != VAL_UNDEFINED && !cell_of(c, w[FD_CONSTS], CELL_ARRAY)) return fail(c, "bad constant pool");
    if (!is_realm(c, w[FD_REALM])) return fail(c, "function template without a realm");
    if (w[FD_LOCAL_NAMES] != VAL_UNDEFINED && !cell_of(c, w[FD_LOCAL_NAMES], CELL_ARRAY)) return fail(c, "bad variable names");
    if (w[FD_IC] != VAL_UNDEFINED) {   /* undefined until the first fill, whatever nic is */
        CellHeader *ic = cell_of(c, w[FD_IC], CELL_ARRAY);
        if (!ic || fi->nic == 0 || (ic->aux != 1 && ic->aux != IC_ENTRIES) ||
            ic->size - 1 != (size_t)fi->nic * ic->aux * IC_ENTRY_WORDS) return fail(c, "inline caches do not fit");
    }
    if (w[FD_LINES] != VAL_UNDEFINED) {   /* packed (funcdef.h): contiguous blocks decode inside the cell */
        CellHeader *lt = cell_of(c, w[FD_LINES], CELL_BYTES);
        if (!lt) return fail(c, "line table does not fit");
        uint32_t nb = fd_line_blocks(fi->nlines);
        const uint8_t *next = (const uint8_t *)CELL_VALUES(lt) + (nb ? ((size_t)nb - 1) * 4 : 0);
        for (uint32_t k = 0; k < nb; k++) {
            FdCursor cur = fd_line_block(lt, fi->nlines, k);
            if (cur.p != next || !cur.left) return fail(c, "line table block %u misplaced", k);
            LineEntry e = { 0, 0, 0 };
            int r;
            while ((r = fd_line_next(&cur, &e)) > 0) {}
            if (r < 0) return fail(c, "line table does not fit");
            next = cur.p;
        }
    } else if (fi->nlines) return fail(c, "missing line table");
    if (w[FD_CALLSITES] != VAL_UNDEFINED) {   /* packed; texts index the constant pool */
        CellHeader *cs = cell_of(c, w[FD_CALLSITES], CELL_BYTES);
        CellHeader *k = cell_of(c, w[FD_CONSTS], CELL_ARRAY);
        if (!cs || !k) return fail(c, "call-site table does not fit");
        FdCursor cur = fd_cursor(cs, fi->ncallsites);
        CallSiteEntry e = { 0, 0 };
        int r;
        while ((r = fd_callsite_next(&cur, &e)) > 0)
            if (e.text >= k->size - 1) return fail(c, "call-site text outside the constant pool");
        if (r < 0) return fail(c, "call-site table does not fit");
    } else if (fi->ncallsites) return fail(c, "missing call-site table");
    if (w[FD_HANDLERS] != VAL_UNDEFINED) {
        CellHeader *ht = cell_of(c, w[FD_HANDLERS], CELL_BYTES);
        if (!ht || (size_t)fi->nhandlers * sizeof(HandlerEntry) > (size_t)(ht->size - 1) * 8) return fail(c, "handler table does not fit");
    } else if (fi->nhandlers) return fail(c, "missing handler table");
    return 0;
}

/* Walk and check the cells from byte `from` (a marked cell start) while they start below
 * `to`; *end is where the walk stopped (the end of the last cell) and *cells the count. */
static int check_cells(Check *c, size_t from, size_t to, size_t *end, size_t *cells) {
    size_t at = from, n = 0;
    VM *vm = c->vm;
    while (at < to) {
        c->at = at;
        size_t w = at >> 3;
        if (!is_start(c, w)) return fail(c, "cell bitmap and headers disagree");
        CellHeader *h = (CellHeader *)(vm->base + at);
        if (h->kind <= CELL_FORWARD || h->kind >= CELL_KIND_COUNT) return fail(c, "unknown cell kind %d", h->kind);
        if (h->size == 0 || at + ((size_t)h->size << 3) > c->top) return fail(c, "cell size %u out of range", h->size);
        n++;
        uint32_t nvals = 0;
        switch ((CellKind)h->kind) {
        case CELL_OBJECT: case CELL_SYMBOL: case CELL_ARRAY: case CELL_ENV: case CELL_MISC:
            nvals = h->size - 1;
            break;
        case CELL_ROPE: case CELL_SHAPE: case CELL_FUNCDEF:
            if (h->aux > h->size - 1) return fail(c, "value count exceeds the cell");
            nvals = h->aux;
            break;
        default:
            break;
        }
        Value *vals = CELL_VALUES(h);
        for (uint32_t i = 0; i < nvals; i++)
            if (check_value(c, vals[i]) < 0) return -1;
        int r = 0;
        switch ((CellKind)h->kind) {
        case CELL_STRING: r = check_string(c, h); break;
        case CELL_ROPE: r = check_rope(c, h); break;
        case CELL_SYMBOL: r = check_symbol(c, h); break;
        case CELL_SHAPE: r = check_shape(c, h); break;
        case CELL_OBJECT: r = check_object(c, h); break;
        case CELL_MISC: r = check_misc(c, h); break;
        case CELL_FUNCDEF: r = check_funcdef(c, h); break;
        case CELL_BYTES:
            if (h->flags) {
                const char *why = strpack_check_bytes(h);
                if (why) r = fail(c, "%s", why);
            }
            break;
        case CELL_ENV:
            if (h->size < 3) r = fail(c, "environment too small");
            else if (vals[ENV_PARENT] != VAL_UNDEFINED && !cell_of(c, vals[ENV_PARENT], CELL_ENV)) r = fail(c, "bad parent environment");
            break;
        default: break;
        }
        if (r < 0) return -1;
        at += (size_t)h->size << 3;
    }
    *end = at;
    *cells = n;
    return 0;
}

/* The upper part of a split validation, run on a helper thread after its side job. */
typedef struct Upper {
    Check c;                   /* its own checker (own message buffer below) */
    size_t from;               /* first cell (a marked start) */
    size_t end, cells;         /* where its walk stopped, cells it checked */
    int rc;                    /* 0 or -1 */
    void (*side)(void *);      /* run first (NULL: none) */
    void *side_ctx;            /* its argument */
    char err[256];             /* its message */
} Upper;

static void *upper_thread(void *arg) {
    Upper *u = arg;
    if (u->side) u->side(u->side_ctx);
    u->rc = check_cells(&u->c, u->from, u->c.top, &u->end, &u->cells);
    return NULL;
}

#define SPLIT_MIN ((size_t)1 << 18)   /* heaps from 256 KB on are validated on two threads */

/* Where the upper part of a split validation starts: the first marked cell start at or after
 * 11/16 of the image (the lower part's thread has no side job), or top for no split. A
 * function of the file alone, so a corrupt file always gets the same message. */
static size_t split_point(const Check *c) {
    if (c->top < SPLIT_MIN) return c->top;
    size_t w = (c->top >> 3) / 16 * 11;
    for (; w < c->words && (w & 7); w++)
        if (is_start(c, w)) return w << 3;
    for (; w < c->words; w += 8)
        if (c->bm[w >> 3])
            for (size_t k = w; k < w + 8 && k < c->words; k++)
                if (is_start(c, k)) return k << 3;
    return c->top;
}

int snap_validate_heap(VM *vm, const uint8_t *bm, char *err, size_t errcap) {
    return snap_validate_heap_with(vm, bm, NULL, NULL, err, errcap);
}

int snap_validate_heap_with(VM *vm, const uint8_t *bm, void (*side)(void *), void *side_ctx, char *err, size_t errcap) {
    Check c = { vm, bm, vm->top, vm->top >> 3, err, errcap, 0, 0 };
    if (*(uint64_t *)vm->base != 0) { if (side) side(side_ctx); return fail(&c, "guard word is not zero"); }
    if (bm[0] & 1) { if (side) side(side_ctx); return fail(&c, "cell bitmap marks the guard word"); }
    /* Every cell start found by walking the headers must be marked in the bitmap; the walk
     * counts them, and the bitmap must have exactly that many bits set, so no bit marks the
     * inside of a cell or a word past the end. The walk may be split at a marked start: the
     * lower part must then end exactly there. */
    size_t words = c.top >> 3;
    size_t bm_bytes = (words + 7) >> 3;
    bm_bytes += (8 - (bm_bytes & 7)) & 7;     /* BMAP is padded to a multiple of 8 (zeros) */
    size_t marked = snap_bitmap_popcount(bm, bm_bytes), cells = 0;
    size_t mid = split_point(&c);
    Upper up;
    memset(&up, 0, sizeof up);
    up.c = c;
    up.c.err = up.err;
    up.c.errcap = sizeof up.err;
    up.from = mid;
    up.end = c.top;
    up.side = side;
    up.side_ctx = side_ctx;
    pthread_t th;
    int threaded = mid < c.top && pthread_create(&th, NULL, upper_thread, &up) == 0;
    if (!threaded && side) side(side_ctx);
    size_t end = 8, lower = 0;
    int rc = check_cells(&c, 8, mid, &end, &lower);
    if (threaded) pthread_join(th, NULL);
    else if (mid < c.top) up.rc = check_cells(&up.c, mid, c.top, &up.end, &up.cells);
    if (rc < 0) return -1;
    if (mid < c.top && end != mid) { c.at = mid; return fail(&c, "cell bitmap and headers disagree"); }
    if (up.rc < 0) {
        if (err && errcap) snprintf(err, errcap, "%s", up.err);
        return -1;
    }
    cells = lower + up.cells;
    c.obsolete_tables += up.c.obsolete_tables;
    c.at = 0;
    if (marked != cells) return fail(&c, "cell bitmap marks %zu cells, the heap holds %zu", marked, cells);
    if (c.obsolete_tables && check_table_chains(&c) < 0) return -1;
    /* roots */
    c.at = 0;
    for (int i = 0; i < ROOT_COUNT; i++)
        if (check_value(&c, vm->roots[i]) < 0) return -1;
    CellHeader *t;
    if (!is_realm(&c, vm->roots[ROOT_REALM])) return fail(&c, "bad realm root");
    if (!(t = cell_of(&c, vm->roots[ROOT_ATOM_TABLE], CELL_ARRAY)) || t->size < 3) return fail(&c, "bad atom table");
    {
        uint32_t cap = t->size - 2, used = 0;
        Value *aw = CELL_VALUES(t);
        if (cap & (cap - 1)) return fail(&c, "atom table capacity not a power of two");
        for (uint32_t i = 0; i < cap; i++) {
            Value a = aw[1 + i];
            if (a == VAL_UNDEFINED) continue;
            used++;
            if (!val_is_string(a) || target(&c, val_ref(a))->kind != CELL_STRING || !(target(&c, val_ref(a))->flags & STR_ATOM))
                return fail(&c, "atom table entry is not an atom");
        }
        if (used >= cap) return fail(&c, "atom table full");
    }
    if (!(t = cell_of(&c, vm->roots[ROOT_PREDEF_ATOMS], CELL_ARRAY)) || t->size - 1 != ATOM_COUNT) return fail(&c, "bad predefined atoms");
    for (int i = 0; i < ATOM_COUNT; i++)
        if (!val_is_string(CELL_VALUES(t)[i])) return fail(&c, "predefined atom is not a string");
    if (!(t = cell_of(&c, vm->roots[ROOT_WKS], CELL_ARRAY)) || t->size - 1 != WKS_COUNT) return fail(&c, "bad well-known symbols");
    for (int i = 0; i < WKS_COUNT; i++)
        if (!val_is_symbol(CELL_VALUES(t)[i])) return fail(&c, "well-known symbol is not a symbol");
    if (!cell_of(&c, vm->roots[ROOT_EMPTY_SHAPE], CELL_SHAPE)) return fail(&c, "bad empty shape");
    if (!is_record_or_undef(&c, vm->roots[ROOT_JOB_HEAD], MISC_JOB) || !is_record_or_undef(&c, vm->roots[ROOT_JOB_TAIL], MISC_JOB) ||
        (vm->roots[ROOT_JOB_HEAD] == VAL_UNDEFINED) != (vm->roots[ROOT_JOB_TAIL] == VAL_UNDEFINED))
        return fail(&c, "bad job queue");
    if (vm->roots[ROOT_PENDING_REJECTIONS] != VAL_UNDEFINED) {
        /* [0] int count n, [1..n] promises (builtins/promise.c) */
        CellHeader *t = cell_of(&c, vm->roots[ROOT_PENDING_REJECTIONS], CELL_ARRAY);
        Value *pw = t ? CELL_VALUES(t) : NULL;
        if (!t || t->size < 2 || !val_is_int(pw[0]) || val_to_int(pw[0]) < 0 || (uint32_t)val_to_int(pw[0]) > t->size - 2)
            return fail(&c, "bad pending-rejection list");
        for (int32_t i = 1; i <= val_to_int(pw[0]); i++)
            if (!is_class(&c, pw[i], CLASS_PROMISE)) return fail(&c, "bad pending-rejection list");
    }
    if (!val_is_int(vm->roots[ROOT_ID_COUNTER])) return fail(&c, "bad id counter");
    return 0;
}
