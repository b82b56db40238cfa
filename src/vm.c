/* vm.c — VM creation and teardown, the native function table, installation helpers. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "vm.h"
#include "shape.h"
#include "interp.h"
#include "builtins/builtins.h"

#define VM_STACK_VALUES (1u << 20)     /* 8 MB of Values */
#define VM_FRAMES 100000               /* interpreter frames */

int atom_init(VM *vm);
Value shape_new_root(VM *vm);
extern const NativeTable realm_native_tables[];
extern const size_t realm_native_tables_count;

/* ------------------------------------------------------------------------------------ */
/* Native table                                                                           */
/* ------------------------------------------------------------------------------------ */

/* C-side index from (fn, magic) to native id; never stored in the heap. */
typedef struct NativeIndexEntry { NativeFn fn; int magic; int id; } NativeIndexEntry;

struct NativeIndex {
    NativeIndexEntry *slots;   /* open-addressed table */
    uint32_t cap;              /* power of two */
};

/* Hash (fn, magic) for the C-side index (process-local; not observable). */
static uint32_t native_index_hash(NativeFn fn, int magic) {
    uintptr_t p;
    memcpy(&p, &fn, sizeof p < sizeof fn ? sizeof p : sizeof fn);
    uint64_t x = (uint64_t)p ^ ((uint64_t)(uint32_t)magic << 32);
    x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33;
    return (uint32_t)x;
}

static void native_index_put(struct NativeIndex *ix, NativeFn fn, int magic, int id) {
    uint32_t i = native_index_hash(fn, magic) & (ix->cap - 1);
    while (ix->slots[i].fn) {
        if (ix->slots[i].fn == fn && ix->slots[i].magic == magic) return;   /* first wins */
        i = (i + 1) & (ix->cap - 1);
    }
    ix->slots[i].fn = fn;
    ix->slots[i].magic = magic;
    ix->slots[i].id = id;
}

/* Append one native def; updates the signature. -1 on OOM. */
static int native_append(VM *vm, const NativeDef *d, const char *table_name) {
    if (vm->native_count == vm->native_cap) {
        uint32_t cap = vm->native_cap ? vm->native_cap * 2 : 1024;
        const NativeDef **n = realloc(vm->natives, cap * sizeof(*n));
        if (!n) return -1;
        vm->natives = n;
        vm->native_cap = cap;
    }
    vm->natives[vm->native_count++] = d;
    uint64_t h = vm->native_signature ? vm->native_signature : 1469598103934665603ull;
    for (const char *p = table_name; *p; p++) { h ^= (uint8_t)*p; h *= 1099511628211ull; }
    h ^= '.'; h *= 1099511628211ull;
    for (const char *p = d->name; *p; p++) { h ^= (uint8_t)*p; h *= 1099511628211ull; }
    h ^= (uint8_t)d->kind; h *= 1099511628211ull;
    h ^= (uint16_t)d->magic; h *= 1099511628211ull;
    vm->native_signature = h;
    return 0;
}

static int native_add_tables(VM *vm, const NativeTable *tables, size_t n) {
    for (size_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < tables[t].count; i++)
            if (native_append(vm, &tables[t].defs[i], tables[t].name) < 0) return -1;
    return 0;
}

/* Build vm->natives from the fixed list of tables and index it. */
static int natives_build(VM *vm) {
    if (native_add_tables(vm, realm_native_tables, realm_native_tables_count) < 0) return -1;
    if (native_add_tables(vm, interp_native_tables, interp_native_tables_count) < 0) return -1;
#define FAMILY(n) if (native_add_tables(vm, n##_tables, n##_tables_count) < 0) return -1;
#include "builtins/families.def"
#undef FAMILY
    vm->builtin_native_count = vm->native_count;
    vm->builtin_signature = vm->native_signature;
    struct NativeIndex *ix = calloc(1, sizeof *ix);
    if (!ix) return -1;
    ix->cap = 1024;
    while (ix->cap < vm->native_count * 2 + 64) ix->cap *= 2;
    ix->slots = calloc(ix->cap, sizeof(NativeIndexEntry));
    if (!ix->slots) { free(ix); return -1; }
    for (uint32_t i = 0; i < vm->native_count; i++)
        native_index_put(ix, vm->natives[i]->fn, vm->natives[i]->magic, (int)i);
    vm->native_index = ix;
    return 0;
}

int vm_native_id(VM *vm, NativeFn fn, int magic) {
    struct NativeIndex *ix = vm->native_index;
    uint32_t i = native_index_hash(fn, magic) & (ix->cap - 1);
    while (ix->slots[i].fn) {
        if (ix->slots[i].fn == fn && ix->slots[i].magic == magic) return ix->slots[i].id;
        i = (i + 1) & (ix->cap - 1);
    }
    return -1;
}

int vm_register_host_function(VM *vm, const char *name, NativeFn fn, int length) {
    return vm_register_host_function_magic(vm, name, fn, length, 0);
}

int vm_register_host_function_magic(VM *vm, const char *name, NativeFn fn, int length, int magic) {
    NativeDef *d = calloc(1, sizeof *d);
    if (!d) return -1;
    char *nm = strdup(name);
    if (!nm) { free(d); return -1; }
    d->name = nm;
    d->fn = fn;
    d->length = (uint8_t)length;
    d->kind = NDEF_METHOD;
    d->magic = (int16_t)magic;
    if (native_append(vm, d, "host") < 0) { free(nm); free(d); return -1; }
    struct NativeIndex *ix = vm->native_index;
    if ((vm->native_count + 1) * 2 > ix->cap) {
        /* grow the C-side index */
        struct NativeIndex nix = { calloc(ix->cap * 2, sizeof(NativeIndexEntry)), ix->cap * 2 };
        if (!nix.slots) return -1;
        for (uint32_t i = 0; i < ix->cap; i++)
            if (ix->slots[i].fn) native_index_put(&nix, ix->slots[i].fn, ix->slots[i].magic, ix->slots[i].id);
        free(ix->slots);
        *ix = nix;
    }
    native_index_put(ix, fn, magic, (int)vm->native_count - 1);
    return (int)vm->native_count - 1;
}

/* ------------------------------------------------------------------------------------ */
/* VM lifecycle                                                                           */
/* ------------------------------------------------------------------------------------ */

uint32_t vm_next_id(VM *vm) {
    int32_t n = val_to_int(vm->roots[ROOT_ID_COUNTER]) + 1;
    vm->roots[ROOT_ID_COUNTER] = val_int(n);
    return (uint32_t)n;
}

/* Create the predefined atoms and well-known symbols. -1 on OOM. */
static int vm_init_atoms(VM *vm) {
    if (atom_init(vm) < 0) return -1;
    Value list = list_new(vm, ATOM_COUNT);
    if (list == VAL_EXCEPTION) return -1;
    vm->roots[ROOT_PREDEF_ATOMS] = list;
    static const char *const names[ATOM_COUNT] = {
#define DEF(c, s) s,
#include "atoms.def"
#undef DEF
    };
    for (int i = 0; i < ATOM_COUNT; i++) {
        Value a = atom_from_cstr(vm, names[i]);
        if (a == VAL_EXCEPTION) return -1;
        list_items(vm, vm->roots[ROOT_PREDEF_ATOMS])[i] = a;
    }
    Value wks = list_new(vm, WKS_COUNT);
    if (wks == VAL_EXCEPTION) return -1;
    vm->roots[ROOT_WKS] = wks;
    static const char *const descs[WKS_COUNT] = {
#define DEF(c, s) s,
#include "wellknown.def"
#undef DEF
    };
    for (int i = 0; i < WKS_COUNT; i++) {
        Value d = atom_from_cstr(vm, descs[i]);
        if (d == VAL_EXCEPTION) return -1;
        Value s = symbol_new(vm, d);
        if (s == VAL_EXCEPTION) return -1;
        list_items(vm, vm->roots[ROOT_WKS])[i] = s;
    }
    return 0;
}

void vm_set_stack_base(VM *vm, size_t size) {
    char here;
    if (!size) {
        struct rlimit rl;
        size = 8u << 20;
        if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > (1u << 20))
            size = (size_t)rl.rlim_cur;
        if (size > ((size_t)1 << 30)) size = (size_t)1 << 30;
    }
    /* keep a margin for the deepest C code between two checks (parser, printf, libc) */
    size_t margin = size / 8 > (512u << 10) ? size / 8 : (512u << 10);
    vm->c_stack_floor = (uintptr_t)&here - (size - margin);
}

/* Read a numeric environment variable (0 when unset). */
static long env_long(const char *name) {
    const char *s = getenv(name);
    return s && *s ? strtol(s, NULL, 10) : 0;
}

VM *vm_new_bare(size_t reserve_bytes) {
    VM *vm = calloc(1, sizeof *vm);
    if (!vm) return NULL;
    vm->gc_stress = (int)env_long("CRYO_GC_STRESS");
    vm->gc_poison = (int)env_long("CRYO_GC_POISON");
    vm->gc_verify = (int)env_long("CRYO_GC_VERIFY");
    long pack_min = env_long("CRYO_STRPACK_MIN");
    vm->strpack_min = pack_min > 0 && pack_min < STR_MAX_LEN ? (uint32_t)pack_min : STRPACK_MIN_LEN;
    for (int i = 0; i < ROOT_COUNT; i++) vm->roots[i] = VAL_UNDEFINED;
    vm->exception = VAL_UNDEFINED;
    vm->c_depth_limit = 1000000;   /* the real guard is the C stack check */
    vm_set_stack_base(vm, 0);
    if (heap_init(vm, reserve_bytes) < 0) { free(vm); return NULL; }
    void *st = mmap(NULL, VM_STACK_VALUES * sizeof(Value), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (st == MAP_FAILED) { heap_free(vm); free(vm); return NULL; }
    vm->stack = st;
    vm->sp = vm->stack;
    vm->stack_end = vm->stack + VM_STACK_VALUES;
    vm->frame_cap = VM_FRAMES;
    vm->frames = calloc((size_t)vm->frame_cap, sizeof(Frame));
    if (!vm->frames || natives_build(vm) < 0) { vm_free(vm); return NULL; }
    interp_init_classes(vm);
    return vm;
}

VM *vm_new(size_t reserve_bytes) {
    VM *vm = vm_new_bare(reserve_bytes);
    if (!vm) return NULL;
    vm->roots[ROOT_ID_COUNTER] = val_int(0);
    if (vm_init_atoms(vm) < 0) { vm_free(vm); return NULL; }
    Value es = shape_new_root(vm);
    if (es == VAL_EXCEPTION) { vm_free(vm); return NULL; }
    vm->roots[ROOT_EMPTY_SHAPE] = es;
    if (realm_init(vm) < 0) { vm_free(vm); return NULL; }
    vm->nroots = 0;
    return vm;
}

void vm_free(VM *vm) {
    if (!vm) return;
    free(vm->src_text);
    heap_free(vm);
    if (vm->stack) munmap(vm->stack, VM_STACK_VALUES * sizeof(Value));
    free(vm->frames);
    free(vm->croots);
    if (vm->native_index) {
        struct NativeIndex *ix = vm->native_index;
        free(ix->slots);
        free(ix);
    }
    for (uint32_t i = vm->builtin_native_count; i < vm->native_count; i++) {
        free((char *)vm->natives[i]->name);
        free((NativeDef *)vm->natives[i]);
    }
    free(vm->natives);
    free(vm->api_fns);
    free(vm);
}

/* ------------------------------------------------------------------------------------ */
/* Installing natives                                                                     */
/* ------------------------------------------------------------------------------------ */

/* The property key for a NativeDef name ("[Symbol.iterator]" -> the well-known symbol). */
static Value native_key(VM *vm, const char *name) {
    if (name[0] == '[' && strncmp(name, "[Symbol.", 8) == 0) {
        static const char *const descs[WKS_COUNT] = {
#define DEF(c, s) s,
#include "wellknown.def"
#undef DEF
        };
        size_t n = strlen(name);
        for (int i = 0; i < WKS_COUNT; i++)
            if (strlen(descs[i]) == n - 2 && strncmp(descs[i], name + 1, n - 2) == 0) return vm_wks(vm, (WellKnownSymbol)i);
    }
    Value a = atom_from_cstr(vm, name);
    if (a == VAL_EXCEPTION) return a;
    return key_from_string(vm, a);
}

int vm_install(VM *vm, Value obj, const NativeDef *defs, size_t n) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    for (size_t i = 0; i < n; i++) {
        const NativeDef *d = &defs[i];
        if (d->kind == NDEF_CTOR_ONLY) continue;
        Value key = native_key(vm, d->name);
        if (key == VAL_EXCEPTION) return -1;
        vm_root(vm, &key);
        Value f = vm_new_native_function(vm, d, vm_intrinsic(vm, INTR_FunctionPrototype));
        if (f == VAL_EXCEPTION) return -1;
        if (d->kind == NDEF_METHOD) {
            int attrs = d->attrs ? d->attrs : PROP_METHOD;
            if (obj_define_fast(vm, obj, key, f, attrs) < 0) return -1;
        } else {
            PropDesc cur;
            Value getter = VAL_UNDEFINED, setter = VAL_UNDEFINED;
            if (ordinary_get_own_property(vm, obj, key, &cur) == 1 && (cur.has & DESC_HAS_GET)) {
                getter = cur.get;
                setter = cur.set;
            }
            if (d->kind == NDEF_GETTER) getter = f; else setter = f;
            int attrs = d->attrs ? d->attrs : PROP_CONFIGURABLE;
            if (obj_define_accessor_fast(vm, obj, key, getter, setter, attrs) < 0) return -1;
        }
    }
    return 0;
}

Value vm_make_constructor(VM *vm, const NativeDef *ctor_def, Value proto, Value ctor_proto) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &proto);
    Value c = vm_new_native_function(vm, ctor_def, ctor_proto);
    if (c == VAL_EXCEPTION) return c;
    obj_header(vm, c)->flags |= OF_CONSTRUCTOR;
    vm_root(vm, &c);
    if (val_is_object(proto)) {
        if (obj_define_fast(vm, c, ATOM(vm, prototype), proto, 0) < 0) return VAL_EXCEPTION;
        if (obj_define_fast(vm, proto, ATOM(vm, constructor), c, PROP_METHOD) < 0) return VAL_EXCEPTION;
    }
    return c;
}

int vm_define_global(VM *vm, const char *name, Value v) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &v);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, vm_intrinsic(vm, INTR_GlobalObject), key, v, PROP_METHOD);
}

int fn_set_length(VM *vm, Value f, double len) {
    return obj_define_fast(vm, f, ATOM(vm, length), val_number(len), PROP_CONFIGURABLE);
}

int fn_set_name(VM *vm, Value f, Value key_or_name, const char *prefix) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &f);
    Value name = key_or_name;
    if (val_is_symbol(name)) {
        Value d = symbol_description(vm, name);
        if (d == VAL_UNDEFINED) name = ATOM(vm, empty);
        else {
            Value lb = str_from_cstr(vm, "[");
            if (lb == VAL_EXCEPTION) return -1;
            name = str_concat(vm, lb, d);
            if (name == VAL_EXCEPTION) return -1;
            Value rb = str_from_cstr(vm, "]");
            if (rb == VAL_EXCEPTION) return -1;
            name = str_concat(vm, name, rb);
        }
    } else if (val_is_int(name)) {
        name = key_to_string(vm, name);
    }
    if (name == VAL_EXCEPTION) return -1;
    if (prefix && *prefix) {
        Value p = str_from_cstr(vm, prefix);
        if (p == VAL_EXCEPTION) return -1;
        Value sp = str_from_cstr(vm, " ");
        if (sp == VAL_EXCEPTION) return -1;
        p = str_concat(vm, p, sp);
        if (p == VAL_EXCEPTION) return -1;
        name = str_concat(vm, p, name);
        if (name == VAL_EXCEPTION) return -1;
    }
    return obj_define_fast(vm, f, ATOM(vm, name), name, PROP_CONFIGURABLE);
}

void vm_print_value(VM *vm, FILE *f, Value v) {
    char buf[256];
    vm_describe_value(vm, v, buf, sizeof buf);
    fputs(buf, f);
}
