/* mapset.c — Map, Set, WeakMap, WeakSet (ECMA-262 24.1-24.4), their iterators, Map.groupBy
 * and the Set methods (union, intersection, ...).
 *
 * STORAGE LAYOUT (shared with the collector, gc_weak.c — keep in step):
 *
 * A Map/Set/WeakMap/WeakSet object keeps its table in class slot [0]. A table is a
 * CELL_MISC cell (aux = MISC_MAP_TABLE) of TBL_WORDS Values:
 *   [TBL_ENTRIES] CELL_ARRAY of 3 * capacity Values; entry i is at 3i:
 *                   [3i]   key    (VAL_EMPTY: unused or deleted — a tombstone)
 *                   [3i+1] value  (VAL_EMPTY for tombstones; Sets store undefined)
 *                   [3i+2] next   (int Value: the next entry index in the same bucket chain,
 *                                  or -1). Tombstones stay linked in their chain.
 *                 undefined once the table is obsolete.
 *   [TBL_BUCKETS] CELL_ARRAY of nbuckets int Values (nbuckets = capacity, a power of two):
 *                 head entry index of the chain, or -1. Undefined once obsolete.
 *   [TBL_USED]    int: entries used so far (live + tombstones); new entries go at `used`.
 *   [TBL_LIVE]    int: live entries (the size).
 *   [TBL_NEXT]    undefined, or (when this table was replaced by a rehash or clear()) the
 *                 table that replaced it. Live iterators hold the table they started on and
 *                 follow TBL_NEXT to the current one, adjusting their index (below).
 *   [TBL_REMOVED] for an obsolete table: CELL_ARRAY of int Values, the ascending indices of
 *                 the tombstones dropped by the compaction (an iterator at index i moves to
 *                 i - #removed below i); or int -1 when it was obsoleted by clear() (index
 *                 becomes 0). Undefined while current.
 *   [TBL_FLAGS]   int: TBLF_WEAK for WeakMap/WeakSet tables.
 *   [TBL_SPARE]   undefined.
 *
 * Keys are normalized before they are stored: numbers in canonical form (val_number: int32
 * when integral, -0 becomes +0, NaN canonical), strings flattened. Hash of a key
 * (table_hash): strings: StrHeader.hash; int32 i: mix32((uint32_t)i); other doubles:
 * mix32(lo32 ^ hi32) of the bits; objects: mix32(obj_id); symbols: mix32(symbol id);
 * bigints: a constant; other specials: mix32(payload). bucket = hash & (nbuckets - 1).
 * No address is ever hashed (C5).
 *
 * WEAK TABLES (TBLF_WEAK): keys are objects or unregistered symbols (CanBeHeldWeakly). They
 * are never iterated, so entry order is not observable and they never become obsolete. The
 * collector treats (key, value) of each live entry as an ephemeron: the value is reachable
 * only if the key is. An entry whose key died must be turned into a tombstone (key = value =
 * VAL_EMPTY, `next` untouched) and TBL_LIVE decremented; chains stay valid. The collector may
 * instead rebuild the table canonically (any entry order, same capacity or larger, using the
 * hash above), as long as every field above is consistent afterwards.
 */
#include <math.h>
#include "builtins.h"
#include "mapset.h"

#define TBL_MIN_CAP 8u

/* Iterator kinds stored in CLASS_ITERATOR slot [2] (family base + kind). */
enum { ITK_KEYS = 0, ITK_VALUES = 1, ITK_ENTRIES = 2 };

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)

/* A 32-bit integer mixer (bijective), used to spread ids and numbers over buckets. */
static uint32_t mix32(uint32_t x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

static Value *tbl_words(VM *vm, Value t) { return vm_cell_values(vm, val_ref(t)); }
static Value *tbl_entries(VM *vm, Value t) { return vm_cell_values(vm, val_ref(tbl_words(vm, t)[TBL_ENTRIES])); }
static Value *tbl_buckets(VM *vm, Value t) { return vm_cell_values(vm, val_ref(tbl_words(vm, t)[TBL_BUCKETS])); }
static uint32_t tbl_capacity(VM *vm, Value t) { return (CELL(vm, val_ref(tbl_words(vm, t)[TBL_ENTRIES]))->size - 1) / 3; }
static uint32_t tbl_used(VM *vm, Value t) { return (uint32_t)val_to_int(tbl_words(vm, t)[TBL_USED]); }
static uint32_t tbl_live(VM *vm, Value t) { return (uint32_t)val_to_int(tbl_words(vm, t)[TBL_LIVE]); }

/* A new empty table with `cap` (power of two) entries. VAL_EXCEPTION on OOM. */
static Value table_new(VM *vm, uint32_t cap, int flags) {
    Value t = misc_new(vm, MISC_MAP_TABLE, TBL_WORDS);
    if (t == VAL_EXCEPTION) return t;
    Ref e = heap_alloc_values(vm, CELL_ARRAY, 0, (size_t)cap * 3, VAL_EMPTY);
    Ref b = e ? heap_alloc_values(vm, CELL_ARRAY, 0, cap, val_int(-1)) : 0;
    if (!b) return vm_throw_out_of_memory(vm);
    Value *w = tbl_words(vm, t);
    w[TBL_ENTRIES] = val_cell(e);
    w[TBL_BUCKETS] = val_cell(b);
    w[TBL_USED] = val_int(0);
    w[TBL_LIVE] = val_int(0);
    w[TBL_NEXT] = VAL_UNDEFINED;
    w[TBL_REMOVED] = VAL_UNDEFINED;
    w[TBL_FLAGS] = val_int(flags);
    w[TBL_SPARE] = VAL_UNDEFINED;
    return t;
}

/* Normalize a key for storage/lookup: canonical numbers (-0 -> +0), flat strings.
 * VAL_EXCEPTION on OOM. */
static Value norm_key(VM *vm, Value k) {
    if (val_is_double(k)) {
        double d = val_as_double(k);
        if (d == 0) return val_int(0);
        return val_number(d);
    }
    if (val_is_string(k) && !str_is_flat(vm, k)) return str_flatten(vm, k);
    return k;
}

/* Hash of a normalized key (see the layout comment). */
static uint32_t table_hash(VM *vm, Value k) {
    if (val_is_string(k)) return str_hash(vm, k);
    if (val_is_int(k)) return mix32((uint32_t)val_to_int(k));
    if (val_is_double(k)) return mix32((uint32_t)k ^ (uint32_t)(k >> 32));
    if (val_is_object(k)) return mix32(obj_id(vm, k));
    if (val_is_symbol(k)) return mix32((uint32_t)val_to_int(vm_cell_values(vm, val_ref(k))[SYM_ID]));
    if (val_is_bigint(k)) return 0x5bd1e995u;
    return mix32((uint32_t)k);
}

/* SameValueZero of two normalized keys. */
static bool key_equal(VM *vm, Value a, Value b) {
    if (a == b) return true;
    if (val_is_string(a) && val_is_string(b))
        return str_hash(vm, a) == str_hash(vm, b) && str_equals(vm, a, b);
    if (val_is_bigint(a) && val_is_bigint(b)) return same_value_zero(vm, a, b);
    return false;
}

/* Index of normalized key k in current table t, or -1. Never allocates. */
static int32_t table_find(VM *vm, Value t, Value k) {
    Value *w = tbl_words(vm, t);
    Value *b = vm_cell_values(vm, val_ref(w[TBL_BUCKETS]));
    Value *e = vm_cell_values(vm, val_ref(w[TBL_ENTRIES]));
    uint32_t nb = CELL(vm, val_ref(w[TBL_BUCKETS]))->size - 1;
    int32_t i = val_to_int(b[table_hash(vm, k) & (nb - 1)]);
    while (i >= 0) {
        Value ek = e[3 * i];
        if (ek != VAL_EMPTY && key_equal(vm, ek, k)) return i;
        i = val_to_int(e[3 * i + 2]);
    }
    return -1;
}

/* Replace obj's table by a compacted copy with capacity `cap`. Iterators on the old table
 * follow TBL_NEXT/TBL_REMOVED. -1 on OOM. */
static int table_rehash(VM *vm, Value obj, uint32_t cap) {
    Value old = *obj_slot(vm, obj, 0);
    Value *ow = tbl_words(vm, old);
    int flags = val_to_int(ow[TBL_FLAGS]);
    uint32_t used = tbl_used(vm, old), live = tbl_live(vm, old);
    Value nt = table_new(vm, cap, flags);
    if (nt == VAL_EXCEPTION) return -1;
    Ref rm = 0;
    if (!(flags & TBLF_WEAK)) {
        rm = heap_alloc_values(vm, CELL_ARRAY, 0, used - live, val_int(0));
        if (!rm && used != live) { vm_throw_out_of_memory(vm); return -1; }
    }
    Value *oe = tbl_entries(vm, old);
    Value *ne = tbl_entries(vm, nt), *nb = tbl_buckets(vm, nt);
    Value *rmv = rm ? vm_cell_values(vm, rm) : NULL;
    uint32_t j = 0, r = 0;
    for (uint32_t i = 0; i < used; i++) {
        Value k = oe[3 * i];
        if (k == VAL_EMPTY) { if (rmv) rmv[r++] = val_int((int32_t)i); continue; }
        uint32_t h = table_hash(vm, k) & (cap - 1);
        ne[3 * j] = k;
        ne[3 * j + 1] = oe[3 * i + 1];
        ne[3 * j + 2] = nb[h];
        nb[h] = val_int((int32_t)j);
        j++;
    }
    Value *nw = tbl_words(vm, nt);
    nw[TBL_USED] = val_int((int32_t)j);
    nw[TBL_LIVE] = val_int((int32_t)j);
    ow = tbl_words(vm, old);
    if (!(flags & TBLF_WEAK)) {
        ow[TBL_NEXT] = nt;
        ow[TBL_REMOVED] = rm ? val_cell(rm) : VAL_UNDEFINED;
        ow[TBL_ENTRIES] = VAL_UNDEFINED;
        ow[TBL_BUCKETS] = VAL_UNDEFINED;
    }
    *obj_slot(vm, obj, 0) = nt;
    vm->meter += used;
    return 0;
}

/* Add or update normalized key k in obj's table. -1 on OOM. */
static int table_set(VM *vm, Value obj, Value k, Value v) {
    Value t = *obj_slot(vm, obj, 0);
    int32_t i = table_find(vm, t, k);
    if (i >= 0) { tbl_entries(vm, t)[3 * i + 1] = v; return 0; }
    uint32_t cap = tbl_capacity(vm, t), used = tbl_used(vm, t), live = tbl_live(vm, t);
    if (used >= cap) {
        uint32_t ncap = cap;
        if (live >= cap / 2) {
            if (cap >= (1u << 28)) { vm_throw_range_error(vm, "Map maximum size exceeded"); return -1; }
            ncap = cap * 2;
        }
        if (table_rehash(vm, obj, ncap) < 0) return -1;
        t = *obj_slot(vm, obj, 0);
        used = tbl_used(vm, t);
    }
    Value *w = tbl_words(vm, t);
    Value *e = tbl_entries(vm, t), *b = tbl_buckets(vm, t);
    uint32_t h = table_hash(vm, k) & (tbl_capacity(vm, t) - 1);
    e[3 * used] = k;
    e[3 * used + 1] = v;
    e[3 * used + 2] = b[h];
    b[h] = val_int((int32_t)used);
    w[TBL_USED] = val_int((int32_t)used + 1);
    w[TBL_LIVE] = val_int(val_to_int(w[TBL_LIVE]) + 1);
    return 0;
}

/* Delete normalized key k from obj's table: 1 deleted, 0 absent. */
static int table_delete(VM *vm, Value obj, Value k) {
    Value t = *obj_slot(vm, obj, 0);
    int32_t i = table_find(vm, t, k);
    if (i < 0) return 0;
    Value *e = tbl_entries(vm, t);
    e[3 * i] = VAL_EMPTY;
    e[3 * i + 1] = VAL_EMPTY;
    Value *w = tbl_words(vm, t);
    w[TBL_LIVE] = val_int(val_to_int(w[TBL_LIVE]) - 1);
    return 1;
}

/* Empty obj's table (live iterators move to index 0 of the new one). -1 on OOM. */
static int table_clear(VM *vm, Value obj) {
    Value old = *obj_slot(vm, obj, 0);
    int flags = val_to_int(tbl_words(vm, old)[TBL_FLAGS]);
    Value nt = table_new(vm, TBL_MIN_CAP, flags);
    if (nt == VAL_EXCEPTION) return -1;
    Value *ow = tbl_words(vm, old);
    if (!(flags & TBLF_WEAK)) {
        ow[TBL_NEXT] = nt;
        ow[TBL_REMOVED] = val_int(-1);
        ow[TBL_ENTRIES] = VAL_UNDEFINED;
        ow[TBL_BUCKETS] = VAL_UNDEFINED;
    }
    *obj_slot(vm, obj, 0) = nt;
    return 0;
}

/* Bring a cursor (table, index) up to date with the current table after rehashes/clears. */
static void cursor_update(VM *vm, Value *t, uint32_t *index) {
    for (;;) {
        Value *w = tbl_words(vm, *t);
        if (w[TBL_NEXT] == VAL_UNDEFINED) return;
        Value rm = w[TBL_REMOVED];
        if (val_is_int(rm)) *index = 0;
        else if (rm != VAL_UNDEFINED) {
            Value *r = vm_cell_values(vm, val_ref(rm));
            uint32_t n = CELL(vm, val_ref(rm))->size - 1, below = 0;
            while (below < n && (uint32_t)val_to_int(r[below]) < *index) below++;
            *index -= below;
        }
        *t = w[TBL_NEXT];
    }
}

/* Advance a cursor to the next live entry: 1 with *k and *v set (index moved past it), 0 at end. */
static int cursor_next(VM *vm, Value *t, uint32_t *index, Value *k, Value *v) {
    cursor_update(vm, t, index);
    uint32_t used = tbl_used(vm, *t);
    Value *e = tbl_entries(vm, *t);
    while (*index < used) {
        uint32_t i = (*index)++;
        if (e[3 * i] != VAL_EMPTY) {
            *k = e[3 * i];
            if (v) *v = e[3 * i + 1];
            return 1;
        }
    }
    return 0;
}

/* CanBeHeldWeakly(v). */
static bool can_be_held_weakly(VM *vm, Value v) {
    if (val_is_object(v)) return true;
    if (val_is_symbol(v)) {
        int fl = val_to_int(vm_cell_values(vm, val_ref(v))[SYM_FLAGS]);
        return !(fl & SYM_REGISTERED);
    }
    return false;
}

/* ---------------------------------------------------------------------------------------
 * Constructors
 * ------------------------------------------------------------------------------------- */

/* AddEntriesFromIterable / the Set constructor loop: calls adder for each item. */
static Value add_from_iterable_body(VM *vm, Value target, Value iterable, Value adder, int pairs) {
    VM_ROOT_SCOPE(vm);
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    Value item = VAL_UNDEFINED, k = VAL_UNDEFINED, v = VAL_UNDEFINED;
    vm_root(vm, &target); vm_root(vm, &adder);
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    vm_root(vm, &item); vm_root(vm, &k); vm_root(vm, &v);
    if (iter_get(vm, iterable, 0, &rec) < 0) return VAL_EXCEPTION;
    for (;;) {
        int r = iter_step_value(vm, &rec, &item);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return target;
        Value args[2];
        if (pairs) {
            if (!val_is_object(item)) {
                vm_throw_type_error(vm, "Iterator value is not an entry object");
                iter_close(vm, &rec, 1);
                return VAL_EXCEPTION;
            }
            k = obj_get_index(vm, item, 0);
            if (k == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
            v = obj_get_index(vm, item, 1);
            if (v == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
            args[0] = k; args[1] = v;
        } else {
            args[0] = item;
        }
        if (vm_call(vm, adder, target, pairs ? 2 : 1, args) == VAL_EXCEPTION) {
            iter_close(vm, &rec, 1);
            return VAL_EXCEPTION;
        }
    }
}

/* add_from_iterable with the C roots it registers released on return. */
static Value add_from_iterable(VM *vm, Value target, Value iterable, Value adder, int pairs) {
    size_t root_mark = vm->nroots;
    Value r = add_from_iterable_body(vm, target, iterable, adder, pairs);
    vm->nroots = root_mark;
    return r;
}

/* Common constructor body for Map/Set/WeakMap/WeakSet. */
static Value collection_construct_body(VM *vm, Value iterable, Value new_target, ClassId cls,
                                  IntrinsicId proto, const char *name, AtomId adder_name, int pairs) {
    VM_ROOT_SCOPE(vm);
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor %s requires 'new'", name);
    vm_root(vm, &iterable);
    Value obj = obj_create_from_constructor(vm, new_target, proto, cls);
    if (obj == VAL_EXCEPTION) return obj;
    vm_root(vm, &obj);
    int weak = cls == CLASS_WEAKMAP || cls == CLASS_WEAKSET;
    Value t = table_new(vm, TBL_MIN_CAP, weak ? TBLF_WEAK : 0);
    if (t == VAL_EXCEPTION) return t;
    *obj_slot(vm, obj, 0) = t;
    if (val_is_nullish(iterable)) return obj;
    Value adder = obj_get(vm, obj, vm_atom(vm, adder_name), obj);
    if (adder == VAL_EXCEPTION) return adder;
    if (!vm_is_callable(vm, adder))
        return vm_throw_type_error(vm, "'%s' returned for property '%s' of object '#<%s>' is not a function",
                                   "value", adder_name == ATOM_set ? "set" : "add", name);
    return add_from_iterable(vm, obj, iterable, adder, pairs);
}

/* collection_construct with the C roots it registers released on return. */
static Value collection_construct(VM *vm, Value iterable, Value new_target, ClassId cls,
                                  IntrinsicId proto, const char *name, AtomId adder_name, int pairs) {
    size_t root_mark = vm->nroots;
    Value r = collection_construct_body(vm, iterable, new_target, cls, proto, name, adder_name, pairs);
    vm->nroots = root_mark;
    return r;
}

static Value Map_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)this_val; (void)func; (void)magic;
    return collection_construct(vm, ARG(0), new_target, CLASS_MAP, INTR_MapPrototype, "Map", ATOM_set, 1);
}
static Value Set_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)this_val; (void)func; (void)magic;
    return collection_construct(vm, ARG(0), new_target, CLASS_SET, INTR_SetPrototype, "Set", ATOM_add, 0);
}
static Value WeakMap_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)this_val; (void)func; (void)magic;
    return collection_construct(vm, ARG(0), new_target, CLASS_WEAKMAP, INTR_WeakMapPrototype, "WeakMap", ATOM_set, 1);
}
static Value WeakSet_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)this_val; (void)func; (void)magic;
    return collection_construct(vm, ARG(0), new_target, CLASS_WEAKSET, INTR_WeakSetPrototype, "WeakSet", ATOM_add, 0);
}

/* get [Symbol.species]: return this. */
static Value collection_species(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)vm; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_val;
}

/* Map.groupBy(items, callback) (24.1.2.1, GroupBy with key coercion "zero"). */
static Value Map_groupBy(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value items = ARG(0), cb = ARG(1);
    vm_root(vm, &items); vm_root(vm, &cb);
    if (val_is_nullish(items)) return vm_throw_type_error(vm, "Map.groupBy called on null or undefined");
    if (!vm_is_callable(vm, cb)) return vm_throw_type_error(vm, "callback is not a function");
    Value map = obj_new(vm, vm_intrinsic(vm, INTR_MapPrototype), CLASS_MAP);
    if (map == VAL_EXCEPTION) return map;
    vm_root(vm, &map);
    Value t = table_new(vm, TBL_MIN_CAP, 0);
    if (t == VAL_EXCEPTION) return t;
    *obj_slot(vm, map, 0) = t;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    Value item = VAL_UNDEFINED, key = VAL_UNDEFINED;
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next); vm_root(vm, &item); vm_root(vm, &key);
    if (iter_get(vm, items, 0, &rec) < 0) return VAL_EXCEPTION;
    double k = 0;
    for (;;) {
        int r = iter_step_value(vm, &rec, &item);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) break;
        if (k >= 9007199254740991.0) {
            vm_throw_type_error(vm, "Too many elements");
            iter_close(vm, &rec, 1);
            return VAL_EXCEPTION;
        }
        Value args[2] = { item, val_number(k) };
        key = vm_call(vm, cb, VAL_UNDEFINED, 2, args);
        if (key == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        key = norm_key(vm, key);
        if (key == VAL_EXCEPTION) return key;
        Value tt = *obj_slot(vm, map, 0);
        int32_t i = table_find(vm, tt, key);
        Value group;
        if (i >= 0) group = tbl_entries(vm, tt)[3 * i + 1];
        else {
            group = array_new(vm, 0);
            if (group == VAL_EXCEPTION) return group;
            if (table_set(vm, map, key, group) < 0) return VAL_EXCEPTION;
        }
        if (array_push(vm, group, item) < 0) return VAL_EXCEPTION;
        k++;
    }
    return map;
}

/* ---------------------------------------------------------------------------------------
 * Map.prototype
 * ------------------------------------------------------------------------------------- */

/* RequireInternalSlot for `cls`, with a V8-style message. */
static Value this_coll(VM *vm, Value this_val, ClassId cls, const char *what) {
    if (!val_is_object(this_val) || obj_class(vm, this_val) != cls) {
        static const char *names[] = { "Map", "Set", "WeakMap", "WeakSet" };
        const char *n = names[cls == CLASS_MAP ? 0 : cls == CLASS_SET ? 1 : cls == CLASS_WEAKMAP ? 2 : 3];
        char buf[64];
        vm_describe_value(vm, this_val, buf, sizeof buf);
        return vm_throw_type_error(vm, "Method %s.prototype.%s called on incompatible receiver %s", n, what, buf);
    }
    return this_val;
}

static Value Map_prototype_get(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (this_coll(vm, this_val, CLASS_MAP, "get") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value k = norm_key(vm, argv[0]);
    if (k == VAL_EXCEPTION) return k;
    Value t = *obj_slot(vm, this_val, 0);
    int32_t i = table_find(vm, t, k);
    return i < 0 ? VAL_UNDEFINED : tbl_entries(vm, t)[3 * i + 1];
}

static Value Map_prototype_set(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (this_coll(vm, this_val, CLASS_MAP, "set") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value k = norm_key(vm, argv[0]);
    if (k == VAL_EXCEPTION) return k;
    if (table_set(vm, this_val, k, argv[1]) < 0) return VAL_EXCEPTION;
    return this_val;
}

/* Map/Set .has (magic = class). */
static Value Collection_has(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, "has") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value k = norm_key(vm, argv[0]);
    if (k == VAL_EXCEPTION) return k;
    return val_bool(table_find(vm, *obj_slot(vm, this_val, 0), k) >= 0);
}

/* Map/Set .delete (magic = class). */
static Value Collection_delete(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, "delete") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value k = norm_key(vm, argv[0]);
    if (k == VAL_EXCEPTION) return k;
    return val_bool(table_delete(vm, this_val, k));
}

/* Map/Set .clear (magic = class). */
static Value Collection_clear(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, "clear") == VAL_EXCEPTION) return VAL_EXCEPTION;
    if (table_clear(vm, this_val) < 0) return VAL_EXCEPTION;
    return VAL_UNDEFINED;
}

/* get Map/Set .size (magic = class). */
static Value Collection_size(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, "size") == VAL_EXCEPTION) return VAL_EXCEPTION;
    return val_int((int32_t)tbl_live(vm, *obj_slot(vm, this_val, 0)));
}

/* Map/Set .forEach (magic = class). Entries added during the walk are visited. */
static Value Collection_forEach(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, "forEach") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value cb = argv[0], this_arg = ARG(1);
    if (!vm_is_callable(vm, cb)) {
        char buf[64];
        vm_describe_value(vm, cb, buf, sizeof buf);
        return vm_throw_type_error(vm, "%s is not a function", buf);
    }
    vm_root(vm, &cb); vm_root(vm, &this_arg); vm_root(vm, &this_val);
    Value t = *obj_slot(vm, this_val, 0), k = VAL_UNDEFINED, v = VAL_UNDEFINED;
    vm_root(vm, &t); vm_root(vm, &k); vm_root(vm, &v);
    uint32_t index = 0;
    while (cursor_next(vm, &t, &index, &k, &v)) {
        Value args[3] = { magic == CLASS_MAP ? v : k, k, this_val };
        if (vm_call(vm, cb, this_arg, 3, args) == VAL_EXCEPTION) return VAL_EXCEPTION;
    }
    return VAL_UNDEFINED;
}

/* CreateMapIterator / CreateSetIterator. magic = base + kind. */
static Value Collection_iterator(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    int is_map = magic >= ITER_MAP_BASE && magic < ITER_SET_BASE;
    static const char *kn[] = { "keys", "values", "entries" };
    if (this_coll(vm, this_val, is_map ? CLASS_MAP : CLASS_SET, kn[magic & 3]) == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value it = obj_new(vm, vm_intrinsic(vm, is_map ? INTR_MapIteratorPrototype : INTR_SetIteratorPrototype), CLASS_ITERATOR);
    if (it == VAL_EXCEPTION) return it;
    *obj_slot(vm, it, 0) = *obj_slot(vm, this_val, 0);
    *obj_slot(vm, it, 1) = val_int(0);
    *obj_slot(vm, it, 2) = val_int(magic);
    return it;
}

/* %MapIteratorPrototype%.next / %SetIteratorPrototype%.next (magic = family base). */
static Value CollectionIterator_next(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        !val_is_int(*obj_slot(vm, this_val, 2)) || (val_to_int(*obj_slot(vm, this_val, 2)) & ~0xff) != magic)
        return vm_throw_type_error(vm, "%s Iterator.prototype.next called on incompatible receiver",
                                   magic == ITER_MAP_BASE ? "Map" : "Set");
    Value t = *obj_slot(vm, this_val, 0);
    if (t == VAL_UNDEFINED) return iter_result(vm, VAL_UNDEFINED, true);
    uint32_t index = (uint32_t)val_to_int(*obj_slot(vm, this_val, 1));
    int kind = val_to_int(*obj_slot(vm, this_val, 2)) & 0xff;
    Value k, v;
    if (!cursor_next(vm, &t, &index, &k, &v)) {
        *obj_slot(vm, this_val, 0) = VAL_UNDEFINED;
        return iter_result(vm, VAL_UNDEFINED, true);
    }
    *obj_slot(vm, this_val, 0) = t;
    *obj_slot(vm, this_val, 1) = val_int((int32_t)index);
    Value r;
    if (kind == ITK_KEYS) r = k;
    else if (kind == ITK_VALUES) r = magic == ITER_SET_BASE ? k : v;
    else {
        Value pair[2] = { k, magic == ITER_SET_BASE ? k : v };
        r = array_from_values(vm, pair, 2);
        if (r == VAL_EXCEPTION) return r;
    }
    return iter_result(vm, r, false);
}

/* ---------------------------------------------------------------------------------------
 * Set.prototype
 * ------------------------------------------------------------------------------------- */

static Value Set_prototype_add(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (this_coll(vm, this_val, CLASS_SET, "add") == VAL_EXCEPTION) return VAL_EXCEPTION;
    Value k = norm_key(vm, argv[0]);
    if (k == VAL_EXCEPTION) return k;
    Value t = *obj_slot(vm, this_val, 0);
    if (table_find(vm, t, k) < 0 && table_set(vm, this_val, k, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
    return this_val;
}

/* A Set Record (GetSetRecord, 24.2.1.2). Keep fields rooted. */
typedef struct SetRecord {
    Value obj;            /* [[SetObject]] */
    double size;          /* [[Size]] (may be +Infinity) */
    Value has;            /* [[Has]] */
    Value keys;           /* [[Keys]] */
} SetRecord;

/* GetSetRecord(obj). -1 on throw. */
static int get_set_record(VM *vm, Value obj, SetRecord *rec) {
    rec->obj = obj;
    if (!val_is_object(obj)) { vm_throw_type_error(vm, "The 'other' argument must be an object"); return -1; }
    Value raw = obj_get_atom(vm, rec->obj, ATOM_size);
    if (raw == VAL_EXCEPTION) return -1;
    double num;
    if (to_number_double(vm, raw, &num) < 0) return -1;
    if (num != num) { vm_throw_type_error(vm, "The 'size' property must be a number"); return -1; }
    double sz = to_integer_double(num);
    if (num == INFINITY || num == -INFINITY) sz = num;
    if (sz < 0) { vm_throw_range_error(vm, "The 'size' property must not be negative"); return -1; }
    rec->size = sz;
    rec->has = obj_get_atom(vm, rec->obj, ATOM_has);
    if (rec->has == VAL_EXCEPTION) return -1;
    if (!vm_is_callable(vm, rec->has)) { vm_throw_type_error(vm, "The 'has' property must be a function"); return -1; }
    rec->keys = obj_get_atom(vm, rec->obj, ATOM_keys);
    if (rec->keys == VAL_EXCEPTION) return -1;
    if (!vm_is_callable(vm, rec->keys)) { vm_throw_type_error(vm, "The 'keys' property must be a function"); return -1; }
    return 0;
}

/* GetIteratorFromMethod(other, keys) for the Set methods. -1 on throw. */
static int set_keys_iter(VM *vm, SetRecord *sr, IterRecord *it) {
    Value r = vm_call(vm, sr->keys, sr->obj, 0, NULL);
    if (r == VAL_EXCEPTION) return -1;
    if (!val_is_object(r)) { vm_throw_type_error(vm, "keys() result is not an object"); return -1; }
    it->iterator = r;
    Value n = obj_get_atom(vm, r, ATOM_next);
    if (n == VAL_EXCEPTION) return -1;
    it->next = n;
    it->done = 0;
    return 0;
}

/* A new Set (with %Set.prototype%) holding a copy of src's entries. */
static Value set_copy(VM *vm, Value src) {
    Value res = obj_new(vm, vm_intrinsic(vm, INTR_SetPrototype), CLASS_SET);
    if (res == VAL_EXCEPTION) return res;
    Value t = table_new(vm, TBL_MIN_CAP, 0);
    if (t == VAL_EXCEPTION) return t;
    *obj_slot(vm, res, 0) = t;
    Value st = *obj_slot(vm, src, 0);
    uint32_t idx = 0;
    Value k;
    while (cursor_next(vm, &st, &idx, &k, NULL))
        if (table_set(vm, res, k, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
    return res;
}

/* Call other.has(e) -> 1/0, -1 on throw. */
static int set_rec_has(VM *vm, SetRecord *sr, Value e) {
    Value r = vm_call(vm, sr->has, sr->obj, 1, &e);
    if (r == VAL_EXCEPTION) return -1;
    return to_boolean(vm, r) ? 1 : 0;
}

enum { SETOP_UNION, SETOP_INTERSECTION, SETOP_DIFFERENCE, SETOP_SYMDIFF,
       SETOP_SUBSET, SETOP_SUPERSET, SETOP_DISJOINT };

/* Set.prototype.union / intersection / difference / symmetricDifference / isSubsetOf /
 * isSupersetOf / isDisjointFrom (24.2.4), selected by magic. */
static Value Set_prototype_setop(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    static const char *names[] = { "union", "intersection", "difference", "symmetricDifference",
                                   "isSubsetOf", "isSupersetOf", "isDisjointFrom" };
    if (this_coll(vm, this_val, CLASS_SET, names[magic]) == VAL_EXCEPTION) return VAL_EXCEPTION;
    vm_root(vm, &this_val);
    SetRecord sr = { VAL_UNDEFINED, 0, VAL_UNDEFINED, VAL_UNDEFINED };
    vm_root(vm, &sr.obj); vm_root(vm, &sr.has); vm_root(vm, &sr.keys);
    if (get_set_record(vm, argv[0], &sr) < 0) return VAL_EXCEPTION;
    Value res = VAL_UNDEFINED, t = VAL_UNDEFINED, k = VAL_UNDEFINED;
    IterRecord it = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &res); vm_root(vm, &t); vm_root(vm, &k);
    vm_root(vm, &it.iterator); vm_root(vm, &it.next);
    double this_size = tbl_live(vm, *obj_slot(vm, this_val, 0));
    uint32_t idx = 0;
    int r;
    switch (magic) {
    case SETOP_UNION:
    case SETOP_SYMDIFF:
        if (set_keys_iter(vm, &sr, &it) < 0) return VAL_EXCEPTION;
        res = set_copy(vm, this_val);
        if (res == VAL_EXCEPTION) return res;
        for (;;) {
            r = iter_step_value(vm, &it, &k);
            if (r < 0) return VAL_EXCEPTION;
            if (r == 0) break;
            k = norm_key(vm, k);
            if (k == VAL_EXCEPTION) return k;
            if (magic == SETOP_UNION) {
                if (table_find(vm, *obj_slot(vm, res, 0), k) < 0 && table_set(vm, res, k, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
            } else {
                int in_this = table_find(vm, *obj_slot(vm, this_val, 0), k) >= 0;
                int in_res = table_find(vm, *obj_slot(vm, res, 0), k) >= 0;
                if (in_this) { if (in_res) table_delete(vm, res, k); }
                else if (!in_res && table_set(vm, res, k, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
            }
        }
        return res;
    case SETOP_INTERSECTION:
        res = obj_new(vm, vm_intrinsic(vm, INTR_SetPrototype), CLASS_SET);
        if (res == VAL_EXCEPTION) return res;
        t = table_new(vm, TBL_MIN_CAP, 0);
        if (t == VAL_EXCEPTION) return t;
        *obj_slot(vm, res, 0) = t;
        if (this_size <= sr.size) {
            t = *obj_slot(vm, this_val, 0);
            while (cursor_next(vm, &t, &idx, &k, NULL)) {
                r = set_rec_has(vm, &sr, k);
                if (r < 0) return VAL_EXCEPTION;
                if (r && table_find(vm, *obj_slot(vm, res, 0), k) < 0 && table_set(vm, res, k, VAL_UNDEFINED) < 0)
                    return VAL_EXCEPTION;
            }
        } else {
            if (set_keys_iter(vm, &sr, &it) < 0) return VAL_EXCEPTION;
            for (;;) {
                r = iter_step_value(vm, &it, &k);
                if (r < 0) return VAL_EXCEPTION;
                if (r == 0) break;
                k = norm_key(vm, k);
                if (k == VAL_EXCEPTION) return k;
                if (table_find(vm, *obj_slot(vm, this_val, 0), k) >= 0 &&
                    table_find(vm, *obj_slot(vm, res, 0), k) < 0 && table_set(vm, res, k, VAL_UNDEFINED) < 0)
                    return VAL_EXCEPTION;
            }
        }
        return res;
    case SETOP_DIFFERENCE:
        res = set_copy(vm, this_val);
        if (res == VAL_EXCEPTION) return res;
        if (this_size <= sr.size) {
            t = *obj_slot(vm, this_val, 0);
            while (cursor_next(vm, &t, &idx, &k, NULL)) {
                r = set_rec_has(vm, &sr, k);
                if (r < 0) return VAL_EXCEPTION;
                if (r) table_delete(vm, res, k);
            }
        } else {
            if (set_keys_iter(vm, &sr, &it) < 0) return VAL_EXCEPTION;
            for (;;) {
                r = iter_step_value(vm, &it, &k);
                if (r < 0) return VAL_EXCEPTION;
                if (r == 0) break;
                k = norm_key(vm, k);
                if (k == VAL_EXCEPTION) return k;
                table_delete(vm, res, k);
            }
        }
        return res;
    case SETOP_SUBSET:
        if (this_size > sr.size) return VAL_FALSE;
        t = *obj_slot(vm, this_val, 0);
        while (cursor_next(vm, &t, &idx, &k, NULL)) {
            r = set_rec_has(vm, &sr, k);
            if (r < 0) return VAL_EXCEPTION;
            if (!r) return VAL_FALSE;
        }
        return VAL_TRUE;
    case SETOP_SUPERSET:
    case SETOP_DISJOINT:
        if (magic == SETOP_SUPERSET && this_size < sr.size) return VAL_FALSE;
        if (magic == SETOP_DISJOINT && this_size <= sr.size) {
            t = *obj_slot(vm, this_val, 0);
            while (cursor_next(vm, &t, &idx, &k, NULL)) {
                r = set_rec_has(vm, &sr, k);
                if (r < 0) return VAL_EXCEPTION;
                if (r) return VAL_FALSE;
            }
            return VAL_TRUE;
        }
        if (set_keys_iter(vm, &sr, &it) < 0) return VAL_EXCEPTION;
        for (;;) {
            r = iter_step_value(vm, &it, &k);
            if (r < 0) return VAL_EXCEPTION;
            if (r == 0) return VAL_TRUE;
            k = norm_key(vm, k);
            if (k == VAL_EXCEPTION) return k;
            int in_this = table_find(vm, *obj_slot(vm, this_val, 0), k) >= 0;
            if (in_this != (magic == SETOP_SUPERSET)) {
                if (iter_close(vm, &it, 0) < 0) return VAL_EXCEPTION;
                return VAL_FALSE;
            }
        }
    }
    return VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * WeakMap.prototype / WeakSet.prototype
 * ------------------------------------------------------------------------------------- */

static Value WeakMap_prototype_get(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (this_coll(vm, this_val, CLASS_WEAKMAP, "get") == VAL_EXCEPTION) return VAL_EXCEPTION;
    if (!can_be_held_weakly(vm, argv[0])) return VAL_UNDEFINED;
    Value t = *obj_slot(vm, this_val, 0);
    int32_t i = table_find(vm, t, argv[0]);
    return i < 0 ? VAL_UNDEFINED : tbl_entries(vm, t)[3 * i + 1];
}

/* TypeError for a value that CanBeHeldWeakly rejects (`use`: "as weak map key", ...). */
static Value throw_not_weak(VM *vm, Value v, const char *use) {
    char buf[64];
    vm_describe_value(vm, v, buf, sizeof buf);
    return vm_throw_type_error(vm, "Invalid value used %s: %s", use, buf);
}

/* Map/WeakMap .getOrInsert and .getOrInsertComputed (upsert); magic: bit 0 = computed,
 * bit 1 = WeakMap. The computed form calls callbackfn(key) when the key is absent, then
 * stores its result whether or not the callback inserted the key meanwhile. */
static Value Collection_getOrInsert(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    int computed = magic & 1, weak = magic & 2;
    if (this_coll(vm, this_val, weak ? CLASS_WEAKMAP : CLASS_MAP,
                  computed ? "getOrInsertComputed" : "getOrInsert") == VAL_EXCEPTION)
        return VAL_EXCEPTION;
    Value k = argv[0], v = argv[1];
    if (weak && !can_be_held_weakly(vm, k)) return throw_not_weak(vm, k, "as weak map key");
    if (computed && !vm_is_callable(vm, v)) {
        char buf[64];
        vm_describe_value(vm, v, buf, sizeof buf);
        return vm_throw_type_error(vm, "%s is not a function", buf);
    }
    if ((k = norm_key(vm, k)) == VAL_EXCEPTION) return k;
    Value t = *obj_slot(vm, this_val, 0);
    int32_t i = table_find(vm, t, k);
    if (i >= 0) return tbl_entries(vm, t)[3 * i + 1];
    vm_root(vm, &this_val); vm_root(vm, &k); vm_root(vm, &v);
    if (computed && (v = vm_call(vm, v, VAL_UNDEFINED, 1, &k)) == VAL_EXCEPTION) return VAL_EXCEPTION;
    if (table_set(vm, this_val, k, v) < 0) return VAL_EXCEPTION;
    return v;
}

/* WeakMap.prototype.set / WeakSet.prototype.add (magic = class). */
static Value Weak_add(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func;
    if (this_coll(vm, this_val, (ClassId)magic, magic == CLASS_WEAKMAP ? "set" : "add") == VAL_EXCEPTION) return VAL_EXCEPTION;
    if (!can_be_held_weakly(vm, argv[0]))
        return throw_not_weak(vm, argv[0], magic == CLASS_WEAKMAP ? "as weak map key" : "in weak set");
    if (table_set(vm, this_val, argv[0], magic == CLASS_WEAKMAP ? argv[1] : VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
    return this_val;
}

/* WeakMap/WeakSet .has and .delete (magic = class | 0x100 for delete). */
static Value Weak_has_delete(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func;
    int del = magic & 0x100;
    ClassId cls = (ClassId)(magic & 0xff);
    if (this_coll(vm, this_val, cls, del ? "delete" : "has") == VAL_EXCEPTION) return VAL_EXCEPTION;
    if (!can_be_held_weakly(vm, argv[0])) return VAL_FALSE;
    if (del) return val_bool(table_delete(vm, this_val, argv[0]));
    return val_bool(table_find(vm, *obj_slot(vm, this_val, 0), argv[0]) >= 0);
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef map_ctor_def[] = {
    { "Map", Map_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "Set", Set_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "WeakMap", WeakMap_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "WeakSet", WeakSet_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef map_static_defs[] = {
    { "groupBy", Map_groupBy, 2, NDEF_METHOD, 0, 0 },
    { "[Symbol.species]", collection_species, 0, NDEF_GETTER, 0, 0 },
};
static const NativeDef set_static_defs[] = {
    { "[Symbol.species]", collection_species, 0, NDEF_GETTER, 0, 0 },
};
static const NativeDef map_proto_defs[] = {
    { "get", Map_prototype_get, 1, NDEF_METHOD, 0, 0 },
    { "set", Map_prototype_set, 2, NDEF_METHOD, 0, 0 },
    { "getOrInsert", Collection_getOrInsert, 2, NDEF_METHOD, 0, 0 },
    { "getOrInsertComputed", Collection_getOrInsert, 2, NDEF_METHOD, 1, 0 },
    { "has", Collection_has, 1, NDEF_METHOD, CLASS_MAP, 0 },
    { "delete", Collection_delete, 1, NDEF_METHOD, CLASS_MAP, 0 },
    { "clear", Collection_clear, 0, NDEF_METHOD, CLASS_MAP, 0 },
    { "entries", Collection_iterator, 0, NDEF_METHOD, ITER_MAP_BASE + ITK_ENTRIES, 0 },
    { "forEach", Collection_forEach, 1, NDEF_METHOD, CLASS_MAP, 0 },
    { "keys", Collection_iterator, 0, NDEF_METHOD, ITER_MAP_BASE + ITK_KEYS, 0 },
    { "size", Collection_size, 0, NDEF_GETTER, CLASS_MAP, 0 },
    { "values", Collection_iterator, 0, NDEF_METHOD, ITER_MAP_BASE + ITK_VALUES, 0 },
};
static const NativeDef set_proto_defs[] = {
    { "has", Collection_has, 1, NDEF_METHOD, CLASS_SET, 0 },
    { "add", Set_prototype_add, 1, NDEF_METHOD, 0, 0 },
    { "delete", Collection_delete, 1, NDEF_METHOD, CLASS_SET, 0 },
    { "clear", Collection_clear, 0, NDEF_METHOD, CLASS_SET, 0 },
    { "entries", Collection_iterator, 0, NDEF_METHOD, ITER_SET_BASE + ITK_ENTRIES, 0 },
    { "forEach", Collection_forEach, 1, NDEF_METHOD, CLASS_SET, 0 },
    { "size", Collection_size, 0, NDEF_GETTER, CLASS_SET, 0 },
    { "values", Collection_iterator, 0, NDEF_METHOD, ITER_SET_BASE + ITK_VALUES, 0 },
    { "union", Set_prototype_setop, 1, NDEF_METHOD, SETOP_UNION, 0 },
    { "intersection", Set_prototype_setop, 1, NDEF_METHOD, SETOP_INTERSECTION, 0 },
    { "difference", Set_prototype_setop, 1, NDEF_METHOD, SETOP_DIFFERENCE, 0 },
    { "symmetricDifference", Set_prototype_setop, 1, NDEF_METHOD, SETOP_SYMDIFF, 0 },
    { "isSubsetOf", Set_prototype_setop, 1, NDEF_METHOD, SETOP_SUBSET, 0 },
    { "isSupersetOf", Set_prototype_setop, 1, NDEF_METHOD, SETOP_SUPERSET, 0 },
    { "isDisjointFrom", Set_prototype_setop, 1, NDEF_METHOD, SETOP_DISJOINT, 0 },
};
static const NativeDef weakmap_proto_defs[] = {
    { "delete", Weak_has_delete, 1, NDEF_METHOD, CLASS_WEAKMAP | 0x100, 0 },
    { "get", WeakMap_prototype_get, 1, NDEF_METHOD, 0, 0 },
    { "set", Weak_add, 2, NDEF_METHOD, CLASS_WEAKMAP, 0 },
    { "has", Weak_has_delete, 1, NDEF_METHOD, CLASS_WEAKMAP, 0 },
    { "getOrInsert", Collection_getOrInsert, 2, NDEF_METHOD, 2, 0 },
    { "getOrInsertComputed", Collection_getOrInsert, 2, NDEF_METHOD, 3, 0 },
};
static const NativeDef weakset_proto_defs[] = {
    { "add", Weak_add, 1, NDEF_METHOD, CLASS_WEAKSET, 0 },
    { "delete", Weak_has_delete, 1, NDEF_METHOD, CLASS_WEAKSET | 0x100, 0 },
    { "has", Weak_has_delete, 1, NDEF_METHOD, CLASS_WEAKSET, 0 },
};
static const NativeDef map_iter_defs[] = {
    { "next", CollectionIterator_next, 0, NDEF_METHOD, ITER_MAP_BASE, 0 },
};
static const NativeDef set_iter_defs[] = {
    { "next", CollectionIterator_next, 0, NDEF_METHOD, ITER_SET_BASE, 0 },
};

const NativeTable mapset_tables[] = {
    NATIVE_TABLE("Map constructors", map_ctor_def),
    NATIVE_TABLE("Map", map_static_defs),
    NATIVE_TABLE("Set", set_static_defs),
    NATIVE_TABLE("Map.prototype", map_proto_defs),
    NATIVE_TABLE("Set.prototype", set_proto_defs),
    NATIVE_TABLE("WeakMap.prototype", weakmap_proto_defs),
    NATIVE_TABLE("WeakSet.prototype", weakset_proto_defs),
    NATIVE_TABLE("%MapIteratorPrototype%", map_iter_defs),
    NATIVE_TABLE("%SetIteratorPrototype%", set_iter_defs),
};
const size_t mapset_tables_count = sizeof(mapset_tables) / sizeof(mapset_tables[0]);

/* %IteratorPrototype% (made here if no earlier family made it). */
static Value iterator_prototype(VM *vm) {
    Value ip = vm_intrinsic(vm, INTR_IteratorPrototype);
    if (val_is_object(ip)) return ip;
    return vm_intrinsic(vm, INTR_ObjectPrototype);
}

/* Define obj[Symbol.toStringTag] = tag (configurable only). */
static int define_tag(VM *vm, Value obj, const char *tag) {
    Value s = str_from_cstr(vm, tag);
    if (s == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, obj, vm_wks(vm, WKS_toStringTag), s, PROP_CONFIGURABLE);
}

/* Make one collection constructor + prototype. */
static int make_collection_body(VM *vm, int which, IntrinsicId proto_id, const NativeDef *pdefs, size_t np,
                           const NativeDef *sdefs, size_t ns, const char *tag, const char *gname) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto);
    Value ctor = vm_make_constructor(vm, &map_ctor_def[which], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_root(vm, &ctor);
    if (vm_install(vm, proto, pdefs, np) < 0) return -1;
    if (sdefs && vm_install(vm, ctor, sdefs, ns) < 0) return -1;
    if (define_tag(vm, proto, tag) < 0) return -1;
    vm_set_intrinsic(vm, proto_id, proto);
    return vm_define_global(vm, gname, ctor);
}

/* make_collection with the C roots it registers released on return. */
static int make_collection(VM *vm, int which, IntrinsicId proto_id, const NativeDef *pdefs, size_t np,
                           const NativeDef *sdefs, size_t ns, const char *tag, const char *gname) {
    size_t root_mark = vm->nroots;
    int r = make_collection_body(vm, which, proto_id, pdefs, np, sdefs, ns, tag, gname);
    vm->nroots = root_mark;
    return r;
}

/* Alias obj[to] = obj[from] (same function object). */
static int alias_method(VM *vm, Value obj, Value from, Value to) {
    Value f = obj_get(vm, obj, from, obj);
    if (f == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, obj, to, f, PROP_METHOD);
}

static int init_mapset_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value p = VAL_UNDEFINED;
    vm_root(vm, &p);
    if (make_collection(vm, 0, INTR_MapPrototype, map_proto_defs, sizeof map_proto_defs / sizeof map_proto_defs[0],
                        map_static_defs, 2, "Map", "Map") < 0) return -1;
    if (make_collection(vm, 1, INTR_SetPrototype, set_proto_defs, sizeof set_proto_defs / sizeof set_proto_defs[0],
                        set_static_defs, 1, "Set", "Set") < 0) return -1;
    if (make_collection(vm, 2, INTR_WeakMapPrototype, weakmap_proto_defs, sizeof weakmap_proto_defs / sizeof weakmap_proto_defs[0], NULL, 0, "WeakMap", "WeakMap") < 0) return -1;
    if (make_collection(vm, 3, INTR_WeakSetPrototype, weakset_proto_defs, 3, NULL, 0, "WeakSet", "WeakSet") < 0) return -1;
    p = vm_intrinsic(vm, INTR_MapPrototype);
    if (alias_method(vm, p, ATOM(vm, entries), vm_wks(vm, WKS_iterator)) < 0) return -1;
    p = vm_intrinsic(vm, INTR_SetPrototype);
    if (alias_method(vm, p, ATOM(vm, values), ATOM(vm, keys)) < 0) return -1;
    if (alias_method(vm, p, ATOM(vm, values), vm_wks(vm, WKS_iterator)) < 0) return -1;
    /* the iterator prototypes */
    p = obj_new(vm, iterator_prototype(vm), CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, map_iter_defs, 1) < 0 || define_tag(vm, p, "Map Iterator") < 0) return -1;
    vm_set_intrinsic(vm, INTR_MapIteratorPrototype, p);
    p = obj_new(vm, iterator_prototype(vm), CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, set_iter_defs, 1) < 0 || define_tag(vm, p, "Set Iterator") < 0) return -1;
    vm_set_intrinsic(vm, INTR_SetIteratorPrototype, p);
    return 0;
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_mapset(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_mapset_body(vm);
    vm->nroots = root_mark;
    return r;
}
