/* atom.c — interned strings (atoms), property keys, symbols.
 *
 * The atom table (vm->roots[ROOT_ATOM_TABLE]) is a CELL_ARRAY: [0] = count (int), then a
 * power-of-two number of entries, each an atom string Value or VAL_UNDEFINED (empty), probed
 * linearly from hash & mask. It is weak: the collector rebuilds it from the atoms that
 * survived, inserting them in to-space order, so its layout is canonical (C2). */
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "gc_weak.h"
#include "numconv.h"

#define ATOM_TABLE_MIN 256

static uint32_t atom_hash_of(VM *vm, Value s) { return str_hash(vm, s); }

/* Allocate an empty atom table with `cap` entries. */
static Value atom_table_new(VM *vm, uint32_t cap) {
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, (size_t)cap + 1, VAL_UNDEFINED);
    if (!r) return VAL_EXCEPTION;
    CELL_VALUES(CELL(vm, r))[0] = val_int(0);
    return val_cell(r);
}

/* Insert atom `s` into table (no duplicate check; table has room). */
static void atom_table_put(Value *w, uint32_t cap, Value s, uint32_t hash) {
    uint32_t mask = cap - 1, i = hash & mask;
    while (w[1 + i] != VAL_UNDEFINED) i = (i + 1) & mask;
    w[1 + i] = s;
    w[0] = val_int(val_to_int(w[0]) + 1);
}

/* Grow the atom table to twice its size. -1 on OOM. */
static int atom_table_grow(VM *vm) {
    Value old = vm->roots[ROOT_ATOM_TABLE];
    uint32_t oldcap = CELL(vm, val_ref(old))->size - 2;
    Value nt = atom_table_new(vm, oldcap * 2);
    if (nt == VAL_EXCEPTION) return -1;
    Value *ow = vm_cell_values(vm, val_ref(old)), *nw = vm_cell_values(vm, val_ref(nt));
    for (uint32_t i = 0; i < oldcap; i++)
        if (ow[1 + i] != VAL_UNDEFINED) atom_table_put(nw, oldcap * 2, ow[1 + i], atom_hash_of(vm, ow[1 + i]));
    vm->roots[ROOT_ATOM_TABLE] = nt;
    return 0;
}

int atom_init(VM *vm) {
    Value t = atom_table_new(vm, ATOM_TABLE_MIN);
    if (t == VAL_EXCEPTION) return -1;
    vm->roots[ROOT_ATOM_TABLE] = t;
    return 0;
}

/* Find an atom with these contents; VAL_UNDEFINED if absent. */
static Value atom_find(VM *vm, const void *chars, size_t len, int latin1, uint32_t hash) {
    Value t = vm->roots[ROOT_ATOM_TABLE];
    Value *w = vm_cell_values(vm, val_ref(t));
    uint32_t cap = CELL(vm, val_ref(t))->size - 2, mask = cap - 1, i = hash & mask;
    for (;;) {
        Value a = w[1 + i];
        if (a == VAL_UNDEFINED) return VAL_UNDEFINED;
        StrHeader *sh = str_header(vm, a);
        if (sh->hash == hash && sh->len == len) {
            int a1 = str_is_latin1(vm, a);
            if (a1 && latin1) {
                if (memcmp(sh + 1, chars, len) == 0) return a;
            } else {
                size_t k;
                for (k = 0; k < len; k++) {
                    uint16_t x = a1 ? ((uint8_t *)(sh + 1))[k] : ((uint16_t *)(sh + 1))[k];
                    uint16_t y = latin1 ? ((const uint8_t *)chars)[k] : ((const uint16_t *)chars)[k];
                    if (x != y) break;
                }
                if (k == len) return a;
            }
        }
        i = (i + 1) & mask;
    }
}

/* Mark flat string s as an atom and add it to the table. */
static Value atom_add(VM *vm, Value s) {
    Value t = vm->roots[ROOT_ATOM_TABLE];
    uint32_t cap = CELL(vm, val_ref(t))->size - 2;
    int32_t count = val_to_int(vm_cell_values(vm, val_ref(t))[0]);
    if ((uint32_t)(count + 1) * 2 > cap) {
        if (atom_table_grow(vm) < 0) return vm_throw_out_of_memory(vm);
        t = vm->roots[ROOT_ATOM_TABLE];
        cap = CELL(vm, val_ref(t))->size - 2;
    }
    CELL(vm, val_ref(s))->flags |= STR_ATOM;
    atom_table_put(vm_cell_values(vm, val_ref(t)), cap, s, atom_hash_of(vm, s));
    return s;
}

Value atom_intern(VM *vm, Value s) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    CellHeader *h = CELL(vm, val_ref(s));
    if (h->flags & STR_ATOM) return s;
    uint32_t hash = str_hash(vm, s);
    StrHeader *sh = str_header(vm, s);
    Value a = atom_find(vm, sh + 1, sh->len, str_is_latin1(vm, s), hash);
    if (a != VAL_UNDEFINED) return a;
    return atom_add(vm, s);
}

Value atom_from_latin1(VM *vm, const uint8_t *s, size_t len) {
    uint32_t hash = str_hash_chars(s, len, 1);
    Value a = atom_find(vm, s, len, 1, hash);
    if (a != VAL_UNDEFINED) return a;
    Value str = str_from_latin1(vm, s, len);
    if (str == VAL_EXCEPTION) return str;
    return atom_add(vm, str);
}

Value atom_from_utf16(VM *vm, const uint16_t *s, size_t len) {
    size_t i;
    for (i = 0; i < len && s[i] < 256; i++) {}
    if (i == len) {
        uint8_t small[128] = {0};
        uint8_t *buf = len <= sizeof small ? small : malloc(len);
        if (!buf) return vm_throw_out_of_memory(vm);
        for (i = 0; i < len; i++) buf[i] = (uint8_t)s[i];
        Value r = atom_from_latin1(vm, buf, len);
        if (buf != small) free(buf);
        return r;
    }
    uint32_t hash = str_hash_chars(s, len, 0);
    Value a = atom_find(vm, s, len, 0, hash);
    if (a != VAL_UNDEFINED) return a;
    Value str = str_from_utf16(vm, s, len);
    if (str == VAL_EXCEPTION) return str;
    return atom_add(vm, str);
}

Value atom_from_cstr(VM *vm, const char *s) {
    size_t n = strlen(s), i;
    for (i = 0; i < n && (uint8_t)s[i] < 0x80; i++) {}
    if (i == n) return atom_from_latin1(vm, (const uint8_t *)s, n);
    Value str = str_from_utf8(vm, s, n);
    if (str == VAL_EXCEPTION) return str;
    return atom_intern(vm, str);
}

/* Rebuild the weak atom table after tracing (called by the collector). */
/* qsort comparator: ascending Refs. */
static int compare_refs(const void *a, const void *b) {
    Ref x = *(const Ref *)a, y = *(const Ref *)b;
    return x < y ? -1 : x > y;
}

void atom_gc_rebuild(GcState *gc) {
    VM *vm = gc->vm;
    Value old = vm->roots[ROOT_ATOM_TABLE];
    CellHeader *oh = (CellHeader *)(gc->from + ((size_t)val_ref(old) << 3));
    uint32_t oldcap = oh->size - 2;
    Value *ow = CELL_VALUES(oh);
    Ref *live = malloc(sizeof(Ref) * (oldcap + 1));
    if (!live) abort();
    uint32_t n = 0;
    for (uint32_t i = 0; i < oldcap; i++) {
        Value a = ow[1 + i];
        if (a == VAL_UNDEFINED) continue;
        Value na = gc_forwarded(gc, a);
        if (na != VAL_EMPTY) live[n++] = val_ref(na);
    }
    /* canonical order: by position in to-space (refs are distinct, so the order is unique;
     * the table's slot order is hash order, far from sorted: an insertion sort here was
     * quadratic in the number of atoms) */
    qsort(live, n, sizeof(Ref), compare_refs);
    uint32_t cap = ATOM_TABLE_MIN;
    while (cap < n * 2 + 2) cap *= 2;
    Ref t = gc_alloc_to(gc, CELL_ARRAY, 0, (size_t)cap + 2);
    Value *w = CELL_VALUES((CellHeader *)(gc->to + ((size_t)t << 3)));
    w[0] = val_int(0);
    for (uint32_t i = 0; i < cap; i++) w[1 + i] = VAL_UNDEFINED;
    for (uint32_t i = 0; i < n; i++) {
        StrHeader *sh = (StrHeader *)CELL_VALUES((CellHeader *)(gc->to + ((size_t)live[i] << 3)));
        atom_table_put(w, cap, val_string(live[i]), sh->hash);
    }
    free(live);
    vm->roots[ROOT_ATOM_TABLE] = val_cell(t);
}

/* ------------------------------------------------------------------------------------ */
/* Property keys                                                                          */
/* ------------------------------------------------------------------------------------ */

/* If flat string s is a canonical array index (0 .. 2^32-2), store it and return 1. */
static int flat_is_index(VM *vm, Value s, uint32_t *idx) {
    StrHeader *sh = str_header(vm, s);
    uint32_t len = sh->len;
    if (len == 0 || len > 10) return 0;
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; i++) {
        uint16_t c = str_at(vm, s, i);
        if (c < '0' || c > '9') return 0;
        if (i == 0 && c == '0' && len > 1) return 0;
        v = v * 10 + (c - '0');
    }
    if (v > 0xFFFFFFFEull) return 0;
    *idx = (uint32_t)v;
    return 1;
}

Value key_from_string(VM *vm, Value s) {
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    CellHeader *h = CELL(vm, val_ref(s));
    if (h->flags & STR_ATOM) {
        if (h->flags & STR_NOT_INDEX) return s;
        if (h->flags & STR_INDEX) return s;
    }
    uint32_t idx;
    if (flat_is_index(vm, s, &idx)) {
        if (idx <= 0x7FFFFFFFu) return val_int((int32_t)idx);
        Value a = atom_intern(vm, s);
        if (a != VAL_EXCEPTION) CELL(vm, val_ref(a))->flags |= STR_INDEX;
        return a;
    }
    Value a = atom_intern(vm, s);
    if (a != VAL_EXCEPTION) CELL(vm, val_ref(a))->flags |= STR_NOT_INDEX;
    return a;
}

Value key_from_index(VM *vm, uint32_t i) {
    if (i <= 0x7FFFFFFFu) return val_int((int32_t)i);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%u", i);
    Value a = atom_from_latin1(vm, (const uint8_t *)buf, (size_t)n);
    if (a != VAL_EXCEPTION) CELL(vm, val_ref(a))->flags |= STR_INDEX;
    return a;
}

bool key_is_index(VM *vm, Value key, uint32_t *idx) {
    if (val_is_int(key)) { *idx = (uint32_t)val_to_int(key); return true; }
    if (!val_is_string(key)) return false;
    CellHeader *h = CELL(vm, val_ref(key));
    if (!(h->flags & STR_INDEX)) return false;
    return flat_is_index(vm, key, idx) != 0;
}

Value key_to_string(VM *vm, Value key) {
    if (val_is_int(key)) return str_from_int(vm, val_to_int(key));
    return key;
}

uint32_t key_hash(VM *vm, Value key) {
    if (val_is_int(key)) {
        uint32_t x = (uint32_t)val_to_int(key) * 2654435761u;
        return x ^ (x >> 15);
    }
    if (val_is_string(key)) return str_hash(vm, key);
    /* symbol: by id */
    uint32_t x = (uint32_t)val_to_int(vm_cell_values(vm, val_ref(key))[SYM_ID]) * 2246822519u;
    return x ^ (x >> 13) ^ 0x5bd1e995u;
}

/* ------------------------------------------------------------------------------------ */
/* Symbols                                                                                */
/* ------------------------------------------------------------------------------------ */

/* A new symbol cell with the given flags. */
static Value symbol_make(VM *vm, Value desc, int flags) {
    Ref r = heap_alloc_values(vm, CELL_SYMBOL, 0, 3, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    Value *w = CELL_VALUES(CELL(vm, r));
    w[SYM_DESC] = desc;
    w[SYM_ID] = val_int((int32_t)vm_next_id(vm));
    w[SYM_FLAGS] = val_int(flags);
    return val_symbol(r);
}

Value symbol_new(VM *vm, Value desc) { return symbol_make(vm, desc, 0); }
Value symbol_new_private(VM *vm, Value desc) { return symbol_make(vm, desc, SYM_PRIVATE); }
Value symbol_description(VM *vm, Value sym) { return vm_cell_values(vm, val_ref(sym))[SYM_DESC]; }
