/* heap.h — the position-independent heap and its copying collector.
 *
 * The heap is one contiguous space addressed by Ref offsets (8-byte units) from `vm->base`.
 * Two equal virtual reservations (semispaces) are made at start-up; allocation bumps `top`
 * in the current one; a collection copies everything reachable, breadth-first (Cheney), from
 * the fixed root list into the other space and swaps them.
 *
 * Every cell starts with a CellHeader. A cell's body is, by its kind's layout class:
 *   LAYOUT_VALUES : every 8-byte word after the header is a Value (traced);
 *   LAYOUT_BYTES  : raw bytes, never traced;
 *   LAYOUT_MIXED  : the first `hdr.aux` words are Values (traced), the rest raw bytes.
 * Padding and unused bytes are always zero (C2): allocation zero-fills.
 *
 * INVARIANTS (stated once, here):
 *  - GC runs only at a safe point: inside vm_safepoint() / gc_collect(). Any code between
 *    safe points may allocate freely and hold Values and C pointers into the heap in C locals.
 *  - Any call that may run JavaScript (a call, a getter, ToPrimitive, ToString of an object,
 *    a Proxy trap, ...) may reach a safe point. Across such a call, a C function must keep
 *    every Value it still needs in a rooted location (the VM stack, or a C local registered
 *    with vm_root()) and must re-derive any C pointer into the heap afterwards, because the
 *    collector moves cells and rewrites the Values it finds in the roots.
 *  - The collector leaves every structure it touches in a canonical state: after a
 *    collection the heap bytes [0, top) are a function of the reachable graph alone.
 *    Weak tables (atoms, shape transitions, WeakMap, WeakRef) are rebuilt canonically.
 *  - Ref 0 is never a cell: the first 8 bytes of every space are a zero guard word.
 *  - During a collection a copied from-space cell's header becomes {kind CELL_FORWARD,
 *    size = its new Ref}, so even a header-only cell (1 word) can be forwarded.
 */
#ifndef CRYO_HEAP_H
#define CRYO_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include "value.h"

typedef struct VM VM;

/* Cell kinds. These are in-memory tags; the snapshot format maps them to its own stable tags. */
typedef enum CellKind {
    CELL_FREE = 0,        /* never a live cell (the guard word / forwarded marker) */
    CELL_FORWARD,         /* during GC only: the header's size field holds the new Ref */
    CELL_OBJECT,          /* a JavaScript object (VALUES); hdr.aux = ClassId */
    CELL_STRING,          /* flat string (BYTES): StrHeader then Latin-1 or UTF-16 chars */
    CELL_ROPE,            /* concatenation node (MIXED): left, right, then length */
    CELL_SYMBOL,          /* symbol (VALUES): description, id */
    CELL_BIGINT,          /* BigInt (BYTES): sign + magnitude limbs */
    CELL_SHAPE,           /* hidden class (MIXED) */
    CELL_ARRAY,           /* a plain array of Values (VALUES): slots, elements, env vars ... */
    CELL_BYTES,           /* raw bytes (BYTES): bytecode, ArrayBuffer storage, tables */
    CELL_FUNCDEF,         /* compiled function template (MIXED) */
    CELL_ENV,             /* environment record (VALUES): parent, scope, vars... */
    CELL_MISC,            /* a small internal record (VALUES); hdr.aux = MiscKind */
    CELL_KIND_COUNT
} CellKind;

/* The 8-byte header at the start of every cell. */
typedef struct CellHeader {
    uint8_t kind;         /* CellKind */
    uint8_t flags;        /* kind-specific flag bits */
    uint16_t aux;         /* ClassId for objects; Value-word count for MIXED cells; else kind-specific */
    uint32_t size;        /* total cell size in 8-byte words, header included */
} CellHeader;

/* Address of a cell from its reference (valid until the next safe point). */
#define CELL(vm, ref) ((CellHeader *)((vm)->base + ((size_t)(ref) << 3)))
/* Address of the Value words after a header. */
#define CELL_VALUES(h) ((Value *)((CellHeader *)(h) + 1))
/* Reference of a cell from its address. */
#define CELL_REF(vm, h) ((Ref)(((uint8_t *)(h) - (vm)->base) >> 3))

/* Allocate a zero-filled cell of `words` 8-byte words (header included). Returns 0 when the
 * heap reservation or the hard memory limit is exhausted (no exception set). Never collects. */
Ref heap_alloc(VM *vm, CellKind kind, uint16_t aux, size_t words);
/* Allocate a VALUES-layout cell of `n` Values, all initialized to `fill`. 0 on failure. */
Ref heap_alloc_values(VM *vm, CellKind kind, uint16_t aux, size_t n, Value fill);

/* Set up / tear down the two semispaces. reserve_bytes is the size of each. */
int heap_init(VM *vm, size_t reserve_bytes);
void heap_free(VM *vm);
/* A heap loaded by mapping a snapshot file (snapshot.h, snap_map) keeps using the file's
 * pages until its first collection. Make it independent of the file now (before the file is
 * overwritten in place). 0, or -1 when the memory could not be made private. */
int heap_unmap_file(VM *vm);

/* Run a full collection now. Caller must be at a safe point. */
void gc_collect(VM *vm);
/* Give the operating system back the pages that hold no live data: the other semispace and
 * the current one beyond `top` (a collection keeps some of them committed, heap_release_spare,
 * so that allocation-heavy code does not fault them in again each cycle). For a host that
 * goes idle, such as the worker between deliveries: its resident memory drops to about the
 * live heap. Returns the number of bytes released; nothing to do costs nothing. */
size_t heap_trim(VM *vm);
/* Would heap_trim release anything? */
int heap_trim_pending(const VM *vm);
/* A consumer of finished to-space bytes during the snapshot writer's collection: the
 * collector's helper thread passes it every whole piece [i*piece, (i+1)*piece) of to-space
 * that lies below the Cheney scan while the strong trace runs (bytes below the scan are
 * final unless a weak structure is rebuilt later). The snapshot writer hashes them there, on
 * the otherwise idle second CPU, instead of after the collection. */
typedef struct GcTrail {
    size_t piece;          /* bytes per piece: a power of two, at least 4096 */
    void (*consume)(void *ctx, size_t index, const uint8_t *p, size_t n);  /* helper thread */
    void *ctx;             /* consume's context */
    size_t consumed;       /* out: pieces [0, consumed) were passed to consume */
    uint8_t *stale;        /* out: NULL, or malloc'd `consumed` flags: piece i was written after
                              it was consumed (weak rebuilds, finalization jobs); the caller
                              frees it */
} GcTrail;

/* The same, also setting in cell_bitmap (zeroed, reserve_bytes / 64 bytes) bit i for every
 * cell the collection places at word i of the new space (the snapshot writer's BMAP). Cells
 * allocated after the collection proper (finalization jobs: [live_after_gc, top)) are not
 * marked. Being the writer's, this collection has a helper thread commit to-space pages
 * ahead of the copy and, given a trail, consume the pieces the scan has finished (joined
 * before it returns; with no thread, nothing is consumed and the heap is the same), and it
 * leaves the old space's pages to heap_release_spare. Heap bytes and counters are those of
 * gc_collect. With pack_min > 0 (the snapshot writer only, at a quiescent point), flat UTF-16
 * strings of at least pack_min units are packed as they are copied (STR_PACKED, vm.h). */
void gc_collect_marking(VM *vm, uint8_t *cell_bitmap, uint32_t pack_min, GcTrail *trail);
/* A collection leaves as much of the old space committed as the next one is likely to copy
 * into it (the live size, at least GC_RETAIN_BYTES = 64 MB, at most top + threshold: heap.c)
 * and gives the rest back. gc_collect_marking (the snapshot writer's collection) skips that last
 * step, which takes ~25 ms for a 300 MB heap, so that its caller can do it off the critical
 * path: it must call heap_release_spare before the VM runs again. Harmless when nothing is
 * pending. */
void heap_release_spare(VM *vm);
/* The safe point: collect if the logical allocation counter says so (or GC stress is on). */
void vm_safepoint_slow(VM *vm);
/* Check the heap's structural invariants (every reference in range, every header sane).
 * Returns 0 when good; otherwise prints the first problem to stderr and returns -1. */
int heap_verify(VM *vm);

/* Register the address of a C local Value as a GC root. Every function that calls vm_root
 * must open a root scope first with VM_ROOT_SCOPE(vm): the scope pops the roots the function
 * registered when it returns, by any path, so that no root ever points into a dead stack
 * frame. (Natives also get their root stack reset when they return.) vm_root, vm_root_mark
 * and vm_root_scope_end are inline (vm.h); vm_root_grow is vm_root's slow path. */
void vm_root_grow(VM *vm);

/* A root scope: remembers vm->nroots and restores it when the enclosing block exits. */
typedef struct VmRootScope { VM *vm; size_t mark; } VmRootScope;
#if defined(__GNUC__)
#define VM_ROOT_SCOPE(vmx) \
    VmRootScope vm_root_scope_ __attribute__((cleanup(vm_root_scope_end), unused)) = { (vmx), vm_root_mark(vmx) }
#else
#error "cryo needs GCC or Clang: root scopes use __attribute__((cleanup))"
#endif
/* Pop C roots back to `mark` (obtained from vm->nroots). */
static inline void vm_unroot_to_mark(size_t *nroots, size_t mark) { *nroots = mark; }

/* Words needed for `bytes` bytes of payload after a header. */
static inline size_t heap_words_for_bytes(size_t bytes) { return 1 + ((bytes + 7) >> 3); }

#endif
