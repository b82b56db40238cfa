/* cryo_snapshot.c — `cryo snapshot info|check|hash|diff`: inspecting snapshot files.
 *
 * Exit codes: 0 success (diff: identical), 1 invalid snapshot (diff: different), 2 usage.
 * Unlike `cryo --snapshot-in`, which checks the fast checksum, these verify the SHA-256. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "shape.h"
#include "snapshot.h"
#include "builtins/mapset.h"
#include "cryo_tool.h"

static const char *const kind_names[CELL_KIND_COUNT] = {
    "free", "forward", "object", "string", "rope", "symbol", "bigint", "shape", "array",
    "bytes", "funcdef", "env", "record",
};

static const char *const class_names[CLASS_COUNT] = {
    "Object", "Array", "Function", "NativeFunction", "BoundFunction", "Error", "Boolean",
    "Number", "String", "Symbol", "BigInt", "Date", "Arguments", "MappedArguments", "Map",
    "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Promise", "Generator",
    "AsyncGenerator", "AsyncFunctionState", "Iterator", "RegExp", "Proxy", "ArrayBuffer",
    "TypedArray", "DataView", "ModuleNamespace", "ForInIterator", "Host", "RawJSON",
};

/* Host setup of the inspecting tools: the host functions a snapshot names (cryo-worker's,
 * an embedder's) get stand-ins, since info/check/hash/diff never call them. */
static int inspect_setup(VM *vm, void *ctx) {
    (void)ctx;
    vm->snap_stand_in_hosts = 1;
    return 0;
}

/* Load a snapshot for inspection, whatever host functions it names. */
static VM *load(const char *path, SnapInfo *info) {
    char err[512];
    VM *vm = snap_load_path(path, inspect_setup, NULL, info, err, sizeof err);
    if (!vm) fprintf(stderr, "%s: %s\n", path, err);
    return vm;
}

enum { LARGEST_SHOWN = 8 };   /* how many of the largest strings `info` lists */

/* The LARGEST_SHOWN largest flat strings of vm (where a heap's bytes go: source texts, bundles,
 * buffers of data), each with its size, encoding and first characters. */
static void print_largest_strings(VM *vm) {
    size_t top[LARGEST_SHOWN] = {0};    /* byte offsets of the largest string cells so far */
    uint32_t topsize[LARGEST_SHOWN] = {0};
    for (size_t at = 8; at < vm->top;) {
        CellHeader *h = (CellHeader *)(vm->base + at);
        if (h->kind == CELL_STRING && h->size > topsize[LARGEST_SHOWN - 1]) {
            int i = LARGEST_SHOWN - 1;
            for (; i > 0 && topsize[i - 1] < h->size; i--) { top[i] = top[i - 1]; topsize[i] = topsize[i - 1]; }
            top[i] = at;
            topsize[i] = h->size;
        }
        at += (size_t)h->size << 3;
    }
    if (!topsize[0]) return;
    printf("largest strings:\n");
    for (int i = 0; i < LARGEST_SHOWN && topsize[i]; i++) {
        Value s = val_string((Ref)(top[i] >> 3));
        const char *enc = str_is_latin1(vm, s) ? "latin1" : str_is_flat(vm, s) ? "utf16" : "packed";
        Value f = str_flatten(vm, s);   /* a packed string's characters (the tool may allocate) */
        if (f == VAL_EXCEPTION) { vm_take_exception(vm); continue; }
        uint32_t len = str_header(vm, f)->len;
        char start[49];
        uint32_t n = len < 48 ? len : 48;
        for (uint32_t j = 0; j < n; j++) {
            uint16_t c = str_at(vm, f, j);
            start[j] = c >= 0x20 && c < 0x7f ? (char)c : '.';
        }
        start[n] = 0;
        printf("  %10llu bytes %10u chars %-7s \"%s\"%s\n", (unsigned long long)topsize[i] * 8, len,
               enc, start, len > n ? "..." : "");
    }
}

static int cmd_info(const char *path) {
    SnapInfo info;
    VM *vm = load(path, &info);
    if (!vm) return 1;
    char hex[65];
    snap_hex(info.sha256, hex);
    printf("file:          %s\n", path);
    printf("format:        cryo snapshot v%d, engine %s%s\n", SNAP_FORMAT_VERSION, CRYO_VERSION, info.compressed ? ", zstd" : "");
    printf("sha256:        %s\n", hex);
    printf("size:          %llu bytes canonical, %llu stored\n", (unsigned long long)info.total_bytes, (unsigned long long)info.stored_bytes);
    printf("heap:          %llu bytes\n", (unsigned long long)info.heap_bytes);
    printf("host natives:  %u\n", vm->native_count - vm->builtin_native_count);
    uint64_t count[CELL_KIND_COUNT] = {0}, bytes[CELL_KIND_COUNT] = {0};
    uint64_t ccount[CLASS_COUNT] = {0}, cbytes[CLASS_COUNT] = {0};
    uint64_t npacked = 0, packed_bytes = 0, packed_units = 0, nsrc = 0, src_bytes = 0, src_raw = 0;
    for (size_t at = 8; at < vm->top;) {
        CellHeader *h = (CellHeader *)(vm->base + at);
        if (h->kind == CELL_STRING && (h->flags & STR_PACKED)) {
            npacked++;
            packed_bytes += (uint64_t)h->size * 8;
            packed_units += ((StrHeader *)CELL_VALUES(h))->len;
        }
        if (h->kind == CELL_BYTES && (h->flags & BYTES_PACKED)) {
            nsrc++;
            src_bytes += (uint64_t)h->size * 8;
            src_raw += *(uint32_t *)CELL_VALUES(h);
        }
        count[h->kind]++;
        bytes[h->kind] += (uint64_t)h->size * 8;
        if (h->kind == CELL_OBJECT) { ccount[h->aux]++; cbytes[h->aux] += (uint64_t)h->size * 8; }
        at += (size_t)h->size << 3;
    }
    printf("cells by kind:\n");
    for (int k = 2; k < CELL_KIND_COUNT; k++)
        if (count[k]) printf("  %-12s %10llu cells %12llu bytes\n", kind_names[k], (unsigned long long)count[k], (unsigned long long)bytes[k]);
    if (npacked)
        printf("  (packed strings: %llu cells, %llu bytes for %llu UTF-16 units)\n", (unsigned long long)npacked,
               (unsigned long long)packed_bytes, (unsigned long long)packed_units);
    if (nsrc)
        printf("  (packed source text: %llu cells, %llu bytes for %llu bytes of UTF-8)\n", (unsigned long long)nsrc,
               (unsigned long long)src_bytes, (unsigned long long)src_raw);
    printf("objects by class:\n");
    for (int c = 0; c < CLASS_COUNT; c++)
        if (ccount[c]) printf("  %-20s %10llu %12llu bytes\n", class_names[c], (unsigned long long)ccount[c], (unsigned long long)cbytes[c]);
    print_largest_strings(vm);
    vm_free(vm);
    return 0;
}

static int cmd_check(const char *path) {
    SnapInfo info;
    VM *vm = load(path, &info);
    if (!vm) return 1;
    char hex[65];
    snap_hex(info.sha256, hex);
    printf("%s: ok (%llu bytes, sha256 %s)\n", path, (unsigned long long)info.total_bytes, hex);
    vm_free(vm);
    return 0;
}

static int cmd_hash(const char *path) {
    SnapInfo info;
    VM *vm = load(path, &info);
    if (!vm) return 1;
    char hex[65];
    snap_hex(info.sha256, hex);
    printf("%s  %s\n", hex, path);
    vm_free(vm);
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* diff: walk both heaps from the roots in parallel, report the first differences          */
/* ------------------------------------------------------------------------------------ */

typedef struct DiffItem { Value a, b; char *path; } DiffItem;

typedef struct Diff {
    VM *va, *vb;               /* the two heaps */
    DiffItem *q;               /* BFS queue */
    size_t qh, qt, qcap;
    uint8_t *seen_a;           /* visited bitmap over va's words */
    int reported, limit;       /* differences printed / maximum */
} Diff;

/* Render a property key of vm as text for a path ("x", "[3]", "[Symbol(foo)]"). */
static void key_text(VM *vm, Value key, char *buf, size_t cap) {
    if (val_is_int(key)) { snprintf(buf, cap, "[%d]", val_to_int(key)); return; }
    if (val_is_string(key)) {
        char *u = str_to_utf8(vm, key, NULL);
        snprintf(buf, cap, ".%s", u ? u : "?");
        free(u);
        return;
    }
    char d[200];
    vm_describe_value(vm, key, d, sizeof d);
    snprintf(buf, cap, "[%s]", d);
}

static void push(Diff *d, Value a, Value b, const char *path, const char *suffix) {
    if (!val_is_ref(a) || !val_is_ref(b)) return;
    Ref r = val_ref(a);
    if (d->seen_a[r >> 3] & (1u << (r & 7))) return;
    d->seen_a[r >> 3] |= (uint8_t)(1u << (r & 7));
    if (d->qt == d->qcap) {
        d->qcap = d->qcap ? d->qcap * 2 : 1024;
        d->q = realloc(d->q, d->qcap * sizeof(DiffItem));
        if (!d->q) { fprintf(stderr, "out of memory\n"); exit(2); }
    }
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *p = malloc(n);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    snprintf(p, n, "%s%s", path, suffix);
    d->q[d->qt++] = (DiffItem){ a, b, p };
}

static void report(Diff *d, const char *path, const char *what, Value a, Value b) {
    if (d->reported >= d->limit) return;
    char da[200] = "", db[200] = "";
    if (a != VAL_EMPTY) vm_describe_value(d->va, a, da, sizeof da);
    if (b != VAL_EMPTY) vm_describe_value(d->vb, b, db, sizeof db);
    printf("%s: %s", path, what);
    if (*da || *db) printf(" (%s vs %s)", da, db);
    printf("\n");
    d->reported++;
}

/* Whether string a of heap va and string b of heap vb have the same code units (each is
 * flattened or unpacked in its own heap: a Value means nothing in the other one). */
static int strings_equal(VM *va, Value a, VM *vb, Value b) {
    a = str_flatten(va, a);
    b = str_flatten(vb, b);
    if (a == VAL_EXCEPTION || b == VAL_EXCEPTION) {
        if (a == VAL_EXCEPTION) vm_take_exception(va);
        if (b == VAL_EXCEPTION) vm_take_exception(vb);
        return 0;
    }
    uint32_t n = str_header(va, a)->len;
    if (n != str_header(vb, b)->len) return 0;
    if (str_is_latin1(va, a) && str_is_latin1(vb, b)) return memcmp(str_latin1(va, a), str_latin1(vb, b), n) == 0;
    for (uint32_t i = 0; i < n; i++)
        if (str_at(va, a, i) != str_at(vb, b, i)) return 0;
    return 1;
}

/* Compare two values at `path` (primitives now, references queued). */
static void compare(Diff *d, Value a, Value b, const char *path, const char *suffix) {
    char full[1024];
    snprintf(full, sizeof full, "%s%s", path, suffix);
    if (val_is_ref(a) != val_is_ref(b) || (val_is_ref(a) && val_tag(a) != val_tag(b))) {
        report(d, full, "values differ", a, b);
        return;
    }
    if (!val_is_ref(a)) {
        if (a != b) report(d, full, "values differ", a, b);
        return;
    }
    if (val_is_string(a)) {
        if (!strings_equal(d->va, a, d->vb, b)) report(d, full, "strings differ", a, b);
        return;
    }
    push(d, a, b, path, suffix);
}

/* The n-th live entry of Map/Set table t at or after index *i (advanced past it); its index
 * into the entries array, or -1 when there is none. */
static int64_t next_live_entry(VM *vm, Value t, uint32_t *i) {
    Value *w = vm_cell_values(vm, val_ref(t));
    Value *e = vm_cell_values(vm, val_ref(w[TBL_ENTRIES]));
    uint32_t used = (uint32_t)val_to_int(w[TBL_USED]);
    while (*i < used) {
        uint32_t k = (*i)++;
        if (e[3 * k] != VAL_EMPTY) return 3 * (int64_t)k;
    }
    return -1;
}

/* Map and Set contents, pairwise in insertion order: `.[[MapData]][i].key` / `.value`,
 * `.[[SetData]][i]` (the i-th live entry of each). */
static void diff_collection(Diff *d, Value a, Value b, const char *path, int is_map) {
    Value ta = *obj_slot(d->va, a, 0), tb = *obj_slot(d->vb, b, 0);
    if (!val_is_cell(ta) || !val_is_cell(tb)) return;
    int32_t la = val_to_int(vm_cell_values(d->va, val_ref(ta))[TBL_LIVE]);
    int32_t lb = val_to_int(vm_cell_values(d->vb, val_ref(tb))[TBL_LIVE]);
    if (la != lb) report(d, path, "sizes differ", val_int(la), val_int(lb));
    Value *ea = vm_cell_values(d->va, val_ref(vm_cell_values(d->va, val_ref(ta))[TBL_ENTRIES]));
    Value *eb = vm_cell_values(d->vb, val_ref(vm_cell_values(d->vb, val_ref(tb))[TBL_ENTRIES]));
    uint32_t ia = 0, ib = 0;
    for (uint32_t n = 0;; n++) {
        int64_t xa = next_live_entry(d->va, ta, &ia), xb = next_live_entry(d->vb, tb, &ib);
        if (xa < 0 || xb < 0) break;
        char sfx[64];
        snprintf(sfx, sizeof sfx, is_map ? ".[[MapData]][%u].key" : ".[[SetData]][%u]", n);
        compare(d, ea[xa], eb[xb], path, sfx);
        if (is_map) {
            snprintf(sfx, sizeof sfx, ".[[MapData]][%u].value", n);
            compare(d, ea[xa + 1], eb[xb + 1], path, sfx);
        }
    }
}

static void diff_object(Diff *d, Value a, Value b, const char *path) {
    VM *va = d->va, *vb = d->vb;
    if (obj_class(va, a) != obj_class(vb, b)) { report(d, path, "object classes differ", VAL_EMPTY, VAL_EMPTY); return; }
    compare(d, obj_words(va, a)[OBJ_PROTO], obj_words(vb, b)[OBJ_PROTO], path, ".[[Prototype]]");
    Value sa = obj_words(va, a)[OBJ_SHAPE], sb = obj_words(vb, b)[OBJ_SHAPE];
    uint32_t na = shape_entry_count(va, sa), nb = shape_entry_count(vb, sb);
    char kt[256];
    for (uint32_t i = 0; i < na; i++) {
        Value k = shape_key_at(va, sa, i);
        if (k == VAL_EMPTY) continue;
        key_text(va, k, kt, sizeof kt);
        int found = -1;
        for (uint32_t j = 0; j < nb; j++) {
            Value kb = shape_key_at(vb, sb, j);
            if (kb == VAL_EMPTY) continue;
            char kbt[256];
            key_text(vb, kb, kbt, sizeof kbt);
            if (strcmp(kt, kbt) == 0) { found = (int)j; break; }
        }
        if (found < 0) { char p[1024]; snprintf(p, sizeof p, "%s%s", path, kt); report(d, p, "property only in the first", VAL_EMPTY, VAL_EMPTY); continue; }
        Value va_ = CELL_VALUES(CELL(va, val_ref(obj_words(va, a)[OBJ_SLOTS])))[i];
        Value vb_ = CELL_VALUES(CELL(vb, val_ref(obj_words(vb, b)[OBJ_SLOTS])))[found];
        compare(d, va_, vb_, path, kt);
    }
    for (uint32_t j = 0; j < nb; j++) {
        Value kb = shape_key_at(vb, sb, j);
        if (kb == VAL_EMPTY) continue;
        char kbt[256];
        key_text(vb, kb, kbt, sizeof kbt);
        int found = 0;
        for (uint32_t i = 0; i < na && !found; i++) {
            Value k = shape_key_at(va, sa, i);
            if (k == VAL_EMPTY) continue;
            key_text(va, k, kt, sizeof kt);
            found = strcmp(kt, kbt) == 0;
        }
        if (!found) { char p[1024]; snprintf(p, sizeof p, "%s%s", path, kbt); report(d, p, "property only in the second", VAL_EMPTY, VAL_EMPTY); }
    }
    /* elements and class slots */
    Value ea = obj_words(va, a)[OBJ_ELEMENTS], eb = obj_words(vb, b)[OBJ_ELEMENTS];
    uint32_t ca = ea == VAL_UNDEFINED ? 0 : CELL(va, val_ref(ea))->size - 1;
    uint32_t cb = eb == VAL_UNDEFINED ? 0 : CELL(vb, val_ref(eb))->size - 1;
    uint32_t cm = ca > cb ? ca : cb;
    for (uint32_t i = 0; i < cm; i++) {
        Value x = i < ca ? CELL_VALUES(CELL(va, val_ref(ea)))[i] : VAL_HOLE;
        Value y = i < cb ? CELL_VALUES(CELL(vb, val_ref(eb)))[i] : VAL_HOLE;
        char sfx[32];
        snprintf(sfx, sizeof sfx, "[%u]", i);
        compare(d, x, y, path, sfx);
    }
    int cls = obj_class(va, a);
    if (cls == CLASS_MAP || cls == CLASS_SET) { diff_collection(d, a, b, path, cls == CLASS_MAP); return; }
    int ns = class_slot_count[cls];
    for (int i = 0; i < ns; i++) {
        char sfx[48];
        snprintf(sfx, sizeof sfx, ".[[%s#%d]]", class_names[obj_class(va, a)], i);
        compare(d, obj_words(va, a)[OBJ_SLOT0 + i], obj_words(vb, b)[OBJ_SLOT0 + i], path, sfx);
    }
}

static void diff_cell(Diff *d, Value a, Value b, const char *path) {
    CellHeader *ha = CELL(d->va, val_ref(a)), *hb = CELL(d->vb, val_ref(b));
    if (ha->kind != hb->kind) { report(d, path, "cell kinds differ", VAL_EMPTY, VAL_EMPTY); return; }
    if (ha->kind == CELL_OBJECT) { diff_object(d, a, b, path); return; }
    if (ha->kind == CELL_SHAPE) return;   /* shapes are compared through object properties */
    uint32_t n = 0;
    if (ha->kind == CELL_ARRAY || ha->kind == CELL_ENV || ha->kind == CELL_MISC || ha->kind == CELL_SYMBOL) n = ha->size - 1;
    else if (ha->kind == CELL_FUNCDEF || ha->kind == CELL_ROPE) n = ha->aux;
    if (ha->size != hb->size || ha->aux != hb->aux) { report(d, path, "cell sizes differ", VAL_EMPTY, VAL_EMPTY); return; }
    if (ha->kind == CELL_BYTES || ha->kind == CELL_BIGINT) {
        if (memcmp(CELL_VALUES(ha), CELL_VALUES(hb), ((size_t)ha->size - 1) * 8)) report(d, path, "bytes differ", VAL_EMPTY, VAL_EMPTY);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        char sfx[32];
        snprintf(sfx, sizeof sfx, "{%u}", i);
        compare(d, CELL_VALUES(ha)[i], CELL_VALUES(hb)[i], path, sfx);
    }
}

static int cmd_diff(const char *p1, const char *p2) {
    SnapInfo i1, i2;
    VM *a = load(p1, &i1);
    if (!a) return 2;
    VM *b = load(p2, &i2);
    if (!b) { vm_free(a); return 2; }
    if (memcmp(i1.sha256, i2.sha256, 32) == 0) {
        printf("identical (sha256 equal)\n");
        vm_free(a);
        vm_free(b);
        return 0;
    }
    Diff d;
    memset(&d, 0, sizeof d);
    d.va = a;
    d.vb = b;
    d.limit = 20;
    d.seen_a = calloc((a->top >> 3) / 8 + 1, 1);
    if (!d.seen_a) return 2;
    /* the interesting root first: the global object, named globalThis */
    compare(&d, vm_cell_values(a, val_ref(a->roots[ROOT_REALM]))[INTR_GlobalObject],
            vm_cell_values(b, val_ref(b->roots[ROOT_REALM]))[INTR_GlobalObject], "globalThis", "");
    static const char *const root_names[ROOT_COUNT] = {
        "[[Realm]]", "[[Atoms]]", "[[SymbolRegistry]]", "[[EmptyShape]]", "[[JobQueue]]",
        "[[JobQueueTail]]", "[[HostData]]", "[[PredefinedAtoms]]", "[[WellKnownSymbols]]",
        "[[IdCounter]]", "[[ModuleMap]]", "[[PendingRejections]]",
    };
    for (int i = 0; i < ROOT_COUNT; i++) if (i != ROOT_ATOM_TABLE) compare(&d, a->roots[i], b->roots[i], root_names[i], "");
    while (d.qh < d.qt && d.reported < d.limit) {
        DiffItem it = d.q[d.qh++];
        diff_cell(&d, it.a, it.b, it.path);
        free(it.path);
    }
    while (d.qh < d.qt) free(d.q[d.qh++].path);
    if (!d.reported) printf("heaps differ in layout only (no reachable value differs)\n");
    free(d.q);
    free(d.seen_a);
    vm_free(a);
    vm_free(b);
    return 1;
}

int cryo_snapshot_main(int argc, char **argv) {
    snap_verify = 2;   /* the inspection tools verify the SHA-256 identity too */
    if (argc >= 2 && !strcmp(argv[0], "info")) return cmd_info(argv[1]);
    if (argc >= 2 && !strcmp(argv[0], "check")) return cmd_check(argv[1]);
    if (argc >= 2 && !strcmp(argv[0], "hash")) return cmd_hash(argv[1]);
    if (argc >= 3 && !strcmp(argv[0], "diff")) return cmd_diff(argv[1], argv[2]);
    fprintf(stderr, "usage: cryo snapshot info S | check S | hash S | diff S1 S2\n");
    return 2;
}
