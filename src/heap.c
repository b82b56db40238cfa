/* heap.c — semispace reservation, bump allocation and the Cheney copying collector.
 * Invariants are stated in heap.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "vm.h"
#include "shape.h"
#include "gc_weak.h"

#define GC_MIN_THRESHOLD (8u << 20)   /* never collect before 8 MB were allocated */
#define GC_RETAIN_BYTES (64u << 20)   /* old-space pages kept committed for the next copy */

/* Reserve one semispace of `bytes` (virtual; pages are committed on first touch). */
static uint8_t *reserve_space(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : (uint8_t *)p;
}

/* Fill [p, p+n) with pseudo-random bytes (GC poison mode; tests that nothing stale leaks). */
static void poison_bytes(VM *vm, uint8_t *p, size_t n) {
    uint64_t x = 0x9E3779B97F4A7C15ull ^ vm->gc_count;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        memcpy(p + i, &x, 8);
    }
    for (; i < n; i++) p[i] = (uint8_t)(x >> (i & 7));
}

int heap_init(VM *vm, size_t reserve_bytes) {
    static const size_t tries[] = { (size_t)8 << 30, (size_t)2 << 30, (size_t)512 << 20 };
    for (size_t t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
        size_t want = reserve_bytes ? reserve_bytes : tries[t];
        if (reserve_bytes && t > 0) break;
        vm->base = reserve_space(want);
        if (!vm->base) continue;
        vm->other = reserve_space(want);
        if (!vm->other) { munmap(vm->base, want); vm->base = NULL; continue; }
        vm->reserve_bytes = want;
        break;
    }
    if (!vm->base) return -1;
    if (vm->gc_poison) {
        poison_bytes(vm, vm->base, 1 << 20);
        poison_bytes(vm, vm->other, 1 << 20);
    }
    memset(vm->base, 0, 8);   /* guard word: Ref 0 is never a cell */
    vm->top = 8;
    vm->alloc_since_gc = 0;
    vm->gc_threshold = GC_MIN_THRESHOLD;
    /* default live-heap limit: 3 GB (or the reservation when smaller); raise it with
     * --memory-limit / vm->memory_limit */
    if (!vm->memory_limit) vm->memory_limit = (size_t)3 << 30;
    if (vm->memory_limit > vm->reserve_bytes) vm->memory_limit = vm->reserve_bytes;
    return 0;
}

/* The mapped semispace stops depending on the file, so that the file may be truncated or
 * rewritten (truncation takes even copied-on-write pages out of a file mapping). The other
 * space, whose contents are dead, is replaced by anonymous memory; the current space is
 * copied into fresh anonymous memory which is then moved over it (mremap), so its address
 * and contents stay. Returns 0, or -1 (errno set) if that memory could not be had. */
int heap_unmap_file(VM *vm) {
    if (!vm->mapped) return 0;
    uint8_t *p = vm->mapped;
    size_t n = vm->mapped_bytes;
    if (p == vm->base) {
        void *q = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED) return -1;
        memcpy(q, p, n);
        if (mremap(q, n, n, MREMAP_MAYMOVE | MREMAP_FIXED, p) == MAP_FAILED) {
            int e = errno;
            munmap(q, n);
            errno = e;
            return -1;
        }
    } else {
        void *q = mmap(p, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
        if (q == MAP_FAILED) return -1;
    }
    vm->mapped = NULL;
    return 0;
}

void heap_free(VM *vm) {
    if (vm->base) munmap(vm->base, vm->reserve_bytes);
    if (vm->other) munmap(vm->other, vm->reserve_bytes);
    vm->base = vm->other = NULL;
}

Ref heap_alloc(VM *vm, CellKind kind, uint16_t aux, size_t words) {
    size_t bytes = words << 3;
    if (words == 0 || words > 0xFFFFFFFFu || bytes > vm->reserve_bytes - vm->top ||
        vm->top + bytes > vm->memory_limit + (vm->memory_limit >> 1)) {
        vm->oom = 1;
        return 0;
    }
    CellHeader *h = (CellHeader *)(vm->base + vm->top);
    memset(h, 0, bytes);
    h->kind = (uint8_t)kind;
    h->aux = aux;
    h->size = (uint32_t)words;
    Ref r = (Ref)(vm->top >> 3);
    vm->top += bytes;
    vm->alloc_since_gc += bytes;
    return r;
}

Ref heap_alloc_values(VM *vm, CellKind kind, uint16_t aux, size_t n, Value fill) {
    Ref r = heap_alloc(vm, kind, aux, n + 1);
    if (!r) return 0;
    Value *v = CELL_VALUES(CELL(vm, r));
    if (fill != 0)
        for (size_t i = 0; i < n; i++) v[i] = fill;
    return r;
}

void vm_root_grow(VM *vm) {
    size_t cap = vm->croots_cap ? vm->croots_cap * 2 : 256;
    Value **n = realloc(vm->croots, cap * sizeof(*n));
    if (!n) { fprintf(stderr, "cryo: out of memory for GC roots\n"); abort(); }
    vm->croots = n;
    vm->croots_cap = cap;
}

/* ------------------------------------------------------------------------------------ */
/* The collector                                                                         */
/* ------------------------------------------------------------------------------------ */

/* Which words of a cell are traced Values: [first, first+count) after the header. */
static inline void cell_value_range(const CellHeader *h, uint32_t *count) {
    switch ((CellKind)h->kind) {
    case CELL_OBJECT: case CELL_SYMBOL: case CELL_ARRAY: case CELL_ENV: case CELL_MISC:
        *count = h->size - 1;
        return;
    case CELL_ROPE: case CELL_SHAPE: case CELL_FUNCDEF:
        *count = h->aux;
        return;
    default:
        *count = 0;
        return;
    }
}

/* Copy n 8-byte words (cells never overlap). Most cells are a few words: a plain loop beats
 * a call to memcpy for them. */
static inline void gc_copy_words(uint64_t *dst, const uint64_t *src, size_t n) {
    if (n > 16) { memcpy(dst, src, n << 3); return; }
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
}

/* The snapshot writer's path of gc_forward_ref for a string or source-text cell that may be
 * packed: its new Ref, or 0 when it is copied as it is. Out of line: rare and large. */
static __attribute__((noinline)) Ref gc_forward_packed(GcState *gc, CellHeader *h) {
    if ((h->kind == CELL_STRING && !(h->flags & (STR_LATIN1 | STR_ATOM | STR_PACKED | STR_NO_PACK)) &&
         ((StrHeader *)(h + 1))->len >= gc->pack_min) ||
        (h->kind == CELL_BYTES && h->flags == BYTES_SOURCE && (size_t)(h->size - 1) * 8 >= gc->pack_min)) {
        Ref pr = strpack_gc_copy(gc, h);
        if (pr) {
            h->kind = CELL_FORWARD;
            h->size = pr;
            return pr;
        }
    }
    return 0;
}

/* Copy the cell `r` (in from-space) to to-space unless already copied; return its new Ref.
 * Inlined into the scan loop: this is where a collection spends most of its time. */
static inline __attribute__((always_inline)) Ref gc_forward_ref(GcState *gc, Ref r) {
    CellHeader *h = (CellHeader *)(gc->from + ((size_t)r << 3));
    if (h->kind == CELL_FORWARD) return h->size;
    if (gc->pack_min && (h->kind == CELL_STRING || h->kind == CELL_BYTES)) {
        Ref pr = gc_forward_packed(gc, h);
        if (pr) return pr;
    }
    size_t bytes = (size_t)h->size << 3;
    CellHeader *n = (CellHeader *)(gc->to + gc->to_top);
    gc_copy_words((uint64_t *)n, (const uint64_t *)h, h->size);
    Ref nr = (Ref)(gc->to_top >> 3);
    gc->to_top += bytes;
    if (gc->cell_bitmap) gc->cell_bitmap[nr >> 3] |= (uint8_t)(1u << (nr & 7));
    h->kind = CELL_FORWARD;   /* the size field now holds the new address */
    h->size = nr;
    return nr;
}

/* gc_forward's body, inlined into the scan loop. */
static inline __attribute__((always_inline)) void gc_forward_value(GcState *gc, Value *v) {
    Value x = *v;
    if (!val_is_ref(x)) return;
    Ref r = val_ref(x);
    if (r == 0) return;
    Ref nr = gc_forward_ref(gc, r);
    *v = (x & 0xFFFF000000000000ull) | nr;
}

void gc_forward(GcState *gc, Value *v) { gc_forward_value(gc, v); }

int gc_is_live(GcState *gc, Value v) {
    if (!val_is_ref(v)) return 1;
    CellHeader *h = (CellHeader *)(gc->from + ((size_t)val_ref(v) << 3));
    return h->kind == CELL_FORWARD;
}

Value gc_forwarded(GcState *gc, Value v) {
    if (!val_is_ref(v) || val_ref(v) == 0) return v;
    CellHeader *h = (CellHeader *)(gc->from + ((size_t)val_ref(v) << 3));
    if (h->kind != CELL_FORWARD) return VAL_EMPTY;
    return (v & 0xFFFF000000000000ull) | h->size;
}

Ref gc_alloc_to(GcState *gc, CellKind kind, uint16_t aux, size_t words) {
    CellHeader *h = (CellHeader *)(gc->to + gc->to_top);
    memset(h, 0, words << 3);
    h->kind = (uint8_t)kind;
    h->aux = aux;
    h->size = (uint32_t)words;
    Ref r = (Ref)(gc->to_top >> 3);
    gc->to_top += words << 3;
    if (gc->cell_bitmap) gc->cell_bitmap[r >> 3] |= (uint8_t)(1u << (r & 7));
    return r;
}

/* Start loading the from-space header of the cell a (not yet forwarded) Value refers to:
 * the scan reads and rewrites it soon, and these reads at random addresses are what a
 * collection of a large heap mostly waits for. Only a hint: never faults, changes nothing. */
static inline void gc_prefetch(const GcState *gc, Value v) {
#ifdef __GNUC__
    if (val_is_ref(v)) __builtin_prefetch(gc->from + ((size_t)val_ref(v) << 3), 1, 3);
#else
    (void)gc; (void)v;
#endif
}

/* A cheap necessary condition for gc_object_is_weak (gc_weak.c, out of line), tested on every
 * scanned cell. */
static inline int gc_maybe_weak(const CellHeader *h) {
    switch ((CellKind)h->kind) {
    case CELL_OBJECT: return h->aux == CLASS_WEAKREF || h->aux == CLASS_FINALIZATION_REGISTRY;
    case CELL_MISC: return h->aux == MISC_MAP_TABLE;
    case CELL_ARRAY: return h->flags != 0;
    default: return 0;
    }
}

#define GC_RUN_AHEAD 1024   /* bytes of to-space ahead of the scan whose referents are prefetched */
#define GC_PF_VALUES 8      /* values prefetched per cell by the run-ahead; longer cells prefetch
                               their later values this far ahead of the scan inside the cell */

/* Scan to-space from *scan to the end, forwarding every traced Value. Weak fields are
 * skipped and their owners recorded for the post-pass. A run-ahead cursor `pf` (a cell
 * boundary, scan <= pf <= to_top) walks the cells up to GC_RUN_AHEAD bytes ahead of the scan
 * and prefetches what their first Values refer to. */
static void gc_scan(GcState *gc) {
    size_t pf = gc->scan;
    while (gc->scan < gc->to_top) {
        size_t ahead = gc->scan + GC_RUN_AHEAD;
        while (pf < gc->to_top && pf < ahead) {
            const CellHeader *p = (const CellHeader *)(gc->to + pf);
            uint32_t pn;
            cell_value_range(p, &pn);
            if (pn > GC_PF_VALUES) pn = GC_PF_VALUES;
            for (uint32_t j = 0; j < pn; j++) gc_prefetch(gc, CELL_VALUES(p)[j]);
            pf += (size_t)p->size << 3;
        }
        atomic_store_explicit(&gc->progress, gc->to_top, memory_order_relaxed);
        CellHeader *h = (CellHeader *)(gc->to + gc->scan);
        Ref self = (Ref)(gc->scan >> 3);
        uint32_t n;
        cell_value_range(h, &n);
        Value *w = CELL_VALUES(h);
        uint32_t i = 0;
        if (h->kind == CELL_SHAPE) {
            /* word 1 is the weak transition table; a shared shape's index is derived */
            gc_forward_value(gc, &w[0]);
            if (w[1] != VAL_UNDEFINED) gc_weak_note(gc, GC_WEAK_SHAPE, self);
            shape_gc_reset(h);
            i = 2;
        } else if (h->kind == CELL_STRING) {
            /* hashes are computed lazily; a collected heap holds them all (canonical bytes) */
            StrHeader *sh = (StrHeader *)w;
            if (h->flags & STR_PACKED) {
                /* the flat form stays while the program runs; the snapshot writer drops it */
                StrPacked *sp = (StrPacked *)w;
                if (gc->pack_min) sp->cache = VAL_UNDEFINED;
                else gc_forward(gc, &sp->cache);
            } else if (!sh->hash) sh->hash = str_hash_chars(sh + 1, sh->len, h->flags & STR_LATIN1);
        } else if (gc_maybe_weak(h) && gc_object_is_weak(gc, h)) {
            gc_weak_scan(gc, self);
            i = n;
        }
        for (; i < n; i++) {
            if (i + GC_PF_VALUES < n) gc_prefetch(gc, w[i + GC_PF_VALUES]);
            gc_forward_value(gc, &w[i]);
            /* a long cell (a big Map's entries, a big array) is final word by word: let the
             * helper consume what lies below the word reached */
            if ((i & 4095) == 4095) atomic_store_explicit(&gc->scanned, gc->scan + ((size_t)i << 3), memory_order_release);
        }
        gc->scan += (size_t)h->size << 3;
        atomic_store_explicit(&gc->scanned, gc->scan, memory_order_release);
    }
}

void gc_drain(GcState *gc) { gc_scan(gc); }

/* ------------------------------------------------------------------------------------ */
/* The snapshot writer's helper thread: populating to-space ahead of the copy, consuming */
/* the finished bytes behind the scan                                                     */
/* ------------------------------------------------------------------------------------ */

/* A collection into fresh memory spends about half its time in page faults (a 280 MB heap:
 * 53,000 of them beyond the retained prefix). For the snapshot writer's collection, whose
 * time is the writer's latency, a helper thread commits to-space pages (MADV_POPULATE_WRITE)
 * a bounded distance ahead of the copy, on the otherwise idle second CPU. (Transparent huge
 * pages for to-space were measured too: fewer faults, but a slower copy.) The helper never
 * writes heap memory: populating a page that is already present does nothing and a fresh
 * page reads as zeros either way, so the heap bytes are the same with or without it (and
 * when no thread can be had). When it has nothing to populate, the same thread passes the
 * pieces of to-space the scan has finished to the writer's GcTrail (heap.h): populating comes
 * first, because the copy waits for it and the trail does not. */
#define GC_FAULT_CHUNK ((size_t)2 << 20)    /* pages are populated 2 MB at a time */
#define GC_FAULT_AHEAD ((size_t)32 << 20)   /* never more than this beyond the copy's to_top */
#define GC_FAULT_MIN ((size_t)16 << 20)     /* not worth a thread below this much to populate */
#define GC_TRAIL_MIN ((size_t)4 << 20)      /* nor below this much heap to consume */

/* The helper's state; lives in gc_collect_marking's frame until the thread is joined. */
typedef struct GcHelper {
    GcState *gc;              /* the collection (only its progress and scanned fields are read) */
    size_t limit;             /* populate nothing at or beyond this to-space offset */
    size_t start;             /* first offset the helper populates (the retained prefix is not) */
    _Atomic size_t done;      /* populated up to here (written by the helper) */
    GcTrail *trail;           /* NULL, or the consumer of finished pieces */
    size_t consumed;          /* pieces passed to trail->consume (the helper's until joined) */
    atomic_int stop;          /* set by the collector when it is about to write below the scan */
    pthread_t th;             /* the helper thread */
    int running;              /* th was started and is not yet joined */
} GcHelper;

static void *gc_helper_main(void *arg) {
    GcHelper *f = arg;
    size_t at = f->start;
    int populating = at < f->limit;
    while (!atomic_load_explicit(&f->stop, memory_order_acquire)) {
        if (populating) {
            size_t top = atomic_load_explicit(&f->gc->progress, memory_order_relaxed);
            if (at < top) at = (top + GC_FAULT_CHUNK - 1) & ~(GC_FAULT_CHUNK - 1);   /* overtaken */
            if (at >= f->limit) populating = 0;
            else if (at < top + GC_FAULT_AHEAD) {
                size_t n = f->limit - at < GC_FAULT_CHUNK ? f->limit - at : GC_FAULT_CHUNK;
#ifdef MADV_POPULATE_WRITE
                if (madvise(f->gc->to + at, n, MADV_POPULATE_WRITE) != 0) populating = 0;
#else
                populating = 0;
#endif
                if (populating) {
                    at += n;
                    atomic_store_explicit(&f->done, at, memory_order_release);
                }
                continue;
            }
        }
        if (f->trail) {
            /* the release store of `scanned` follows the writes of every byte below it */
            size_t scanned = atomic_load_explicit(&f->gc->scanned, memory_order_acquire);
            size_t piece = f->trail->piece;
            if ((f->consumed + 1) * piece <= scanned) {
                f->trail->consume(f->trail->ctx, f->consumed, f->gc->to + f->consumed * piece, piece);
                f->consumed++;
                continue;
            }
        } else if (!populating) break;
        struct timespec ts = { 0, 200000 };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* Start the helper for a collection from a space whose top is from_top (an upper bound of
 * the live size, give or take rebuilt weak tables); the first `retained` bytes of to-space
 * are committed already. No thread (and nothing else changes) when there is little to gain
 * or the thread cannot be created. */
static void gc_helper_start(GcHelper *f, GcState *gc, size_t from_top, size_t retained, size_t reserve, GcTrail *trail) {
    memset(f, 0, sizeof *f);
    f->gc = gc;
    f->start = (retained + GC_FAULT_CHUNK - 1) & ~(GC_FAULT_CHUNK - 1);
    f->limit = (from_top + GC_FAULT_CHUNK - 1) & ~(GC_FAULT_CHUNK - 1);
    if (f->limit > reserve) f->limit = reserve;
    if (f->limit < f->start + GC_FAULT_MIN) f->limit = f->start;   /* nothing worth populating */
    f->trail = from_top >= GC_TRAIL_MIN ? trail : NULL;
    atomic_init(&f->done, f->start);
    atomic_init(&f->stop, 0);
    if (f->limit == f->start && !f->trail) return;
    f->running = pthread_create(&f->th, NULL, gc_helper_main, f) == 0;
}

/* Stop and join the helper; returns how far to-space may now have pages committed. */
static size_t gc_helper_stop(GcHelper *f) {
    if (!f->running) return 0;
    atomic_store_explicit(&f->stop, 1, memory_order_release);
    pthread_join(f->th, NULL);
    f->running = 0;
    return atomic_load_explicit(&f->done, memory_order_acquire);
}

/* After the collection: tell the trail which consumed pieces were written after they were
 * consumed. Below the scan, only the weak rebuilds write, and only into the cells noted for
 * them (gc_weak.h); finalization jobs scheduled after the flip (or an after_gc hook) may
 * write anywhere, so then every piece is stale. */
static void gc_trail_finish(GcState *gc, GcTrail *trail, size_t consumed, int all_stale) {
    trail->consumed = consumed;
    trail->stale = NULL;
    if (!consumed) return;
    uint8_t *st = calloc(consumed, 1);
    if (!st) {   /* cannot say which: claim nothing was consumed */
        trail->consumed = 0;
        return;
    }
    trail->stale = st;
    if (all_stale) {
        memset(st, 1, consumed);
        return;
    }
    for (int list = 0; list < 2; list++) {
        const Ref *refs = list ? gc->objects : gc->shapes;
        size_t n = list ? gc->nobjects : gc->nshapes;
        for (size_t i = 0; i < n; i++) {
            size_t at = (size_t)refs[i] << 3;
            size_t end = at + ((size_t)((CellHeader *)(gc->to + at))->size << 3);
            for (size_t p = at / trail->piece; p < consumed && p * trail->piece < end; p++) st[p] = 1;
        }
    }
}

void gc_collect(VM *vm) { gc_collect_marking(vm, NULL, 0, NULL); }

void gc_collect_marking(VM *vm, uint8_t *cell_bitmap, uint32_t pack_min, GcTrail *trail) {
    GcState gc;
    memset(&gc, 0, sizeof gc);
    gc.cell_bitmap = cell_bitmap;
    gc.pack_min = pack_min;
    gc.vm = vm;
    gc.from = vm->base;
    gc.to = vm->other;
    memset(gc.to, 0, 8);
    gc.to_top = 8;
    gc.scan = 8;
    atomic_init(&gc.progress, gc.to_top);
    atomic_init(&gc.scanned, gc.scan);
    GcHelper helper;
    helper.running = 0;
    helper.consumed = 0;
    if (cell_bitmap && vm->mapped != gc.to)   /* (to-space is never a file mapping; be sure) */
        gc_helper_start(&helper, &gc, vm->top, vm->other_committed, vm->reserve_bytes, trail);

    /* Roots, in their fixed order. The atom table is weak (rebuilt after tracing). */
    for (int i = 0; i < ROOT_COUNT; i++)
        if (i != ROOT_ATOM_TABLE) gc_forward(&gc, &vm->roots[i]);
    for (Value *p = vm->stack; p && p < vm->sp; p++) gc_forward(&gc, p);
    if (vm->trace_extra_roots) vm->trace_extra_roots(vm, &gc);
    for (size_t i = 0; i < vm->nroots; i++) gc_forward(&gc, vm->croots[i]);
    gc_scan(&gc);

    /* Weak structures: ephemerons to a fixpoint (nothing below the scan changes), then the
     * canonical rebuilds (which write into cells below it: the helper stops first). */
    gc_weak_trace(&gc);
    size_t populated = gc_helper_stop(&helper);
    gc_weak_rebuild(&gc);

    size_t old_top = vm->top;
    size_t old_extent = vm->committed > old_top ? vm->committed : old_top;
    uint8_t *old = vm->base;
    vm->committed = vm->other_committed > gc.to_top ? vm->other_committed : gc.to_top;
    if (populated > vm->committed) vm->committed = populated;
    vm->base = gc.to;
    vm->other = old;
    vm->src_text_ref = 0;   /* the cached source text's cell has moved (function.c) */
    vm->top = gc.to_top;
    vm->live_after_gc = gc.to_top;
    vm->alloc_since_gc = 0;
    vm->gc_threshold = gc.to_top > GC_MIN_THRESHOLD ? gc.to_top : GC_MIN_THRESHOLD;
    vm->gc_count++;
    vm->oom = 0;
    vm->shape_index_off = 1;   /* see shape.h: what a collection allocates builds no index */
    gc_weak_after(vm, &gc);
    vm->shape_index_off = 0;
    if (trail) gc_trail_finish(&gc, trail, helper.consumed, gc.ndead_registries > 0 || vm->after_gc != NULL);
    gc_weak_free(&gc);
    free(gc.pack_buf);
    free(gc.pack_tables);

    /* The old space is dead: poison it (test mode) or give back the pages of it that the
     * next collection will not need (heap_release_spare), so that it does not fault and zero
     * them again every cycle (page faults were 10-25% of the run time of allocation-heavy
     * code). */
    if (vm->mapped == old) heap_unmap_file(vm);   /* end the snapshot file mapping */
    vm->other_committed = old_extent;
    if (vm->gc_poison) poison_bytes(vm, old, old_top);
    else if (!cell_bitmap) heap_release_spare(vm);   /* the writer does it while it streams */
    if (vm->after_gc) vm->after_gc(vm);
    if (vm->gc_verify && heap_verify(vm) < 0) {
        fprintf(stderr, "cryo: heap verification failed after collection %llu\n", (unsigned long long)vm->gc_count);
        abort();
    }
}

void heap_release_spare(VM *vm) {
    if (vm->gc_poison) return;
    /* the next collection copies at most top + threshold bytes, about the live size if the
     * heap is steady: keep that much committed, at least GC_RETAIN_BYTES */
    size_t keep = vm->top + vm->gc_threshold;
    size_t want = vm->live_after_gc > GC_RETAIN_BYTES ? vm->live_after_gc : GC_RETAIN_BYTES;
    if (keep > want) keep = want;
    keep = (keep + 4095) & ~(size_t)4095;
    if (vm->other_committed > keep) {
        madvise(vm->other + keep, vm->other_committed - keep, MADV_DONTNEED);
        vm->other_committed = keep;
    }
}

int heap_trim_pending(const VM *vm) {
    return vm->other_committed != 0 || vm->committed > ((vm->top + 4095) & ~(size_t)4095);
}

size_t heap_trim(VM *vm) {
    size_t released = 0;
    if (vm->other_committed && !vm->gc_poison) {
        size_t n = (vm->other_committed + 4095) & ~(size_t)4095;
        if (madvise(vm->other, n, MADV_DONTNEED) == 0) { released += n; vm->other_committed = 0; }
    }
    size_t from = (vm->top + 4095) & ~(size_t)4095;
    if (vm->committed > from) {
        size_t n = ((vm->committed + 4095) & ~(size_t)4095) - from;
        if (madvise(vm->base + from, n, MADV_DONTNEED) == 0) { released += n; vm->committed = from; }
    }
    return released;
}

void vm_safepoint_slow(VM *vm) {
    if (vm->alloc_since_gc < vm->gc_threshold && !vm->gc_stress && !vm->oom) return;
    gc_collect(vm);
    if (vm->top > vm->memory_limit) vm_throw_out_of_memory(vm);   /* live heap over the limit */
}

/* ------------------------------------------------------------------------------------ */
/* Heap verification                                                                      */
/* ------------------------------------------------------------------------------------ */

static int verify_value(VM *vm, Value v, size_t at, const char *what) {
    if (!val_is_ref(v) || v == VAL_UNDEFINED) return 0;
    Ref r = val_ref(v);
    if (r == 0 && val_tag(v) != VAL_TAG_SPECIAL) {
        fprintf(stderr, "heap_verify: null ref in %s at byte %zu\n", what, at);
        return -1;
    }
    if (((size_t)r << 3) >= vm->top) {
        fprintf(stderr, "heap_verify: ref %u out of range in %s at byte %zu\n", r, what, at);
        return -1;
    }
    CellHeader *h = CELL(vm, r);
    if (h->kind <= CELL_FORWARD || h->kind >= CELL_KIND_COUNT) {
        fprintf(stderr, "heap_verify: ref %u to bad cell kind %d in %s at byte %zu\n", r, h->kind, what, at);
        return -1;
    }
    unsigned tag = val_tag(v);
    int ok = 1;
    if (tag == VAL_TAG_OBJECT) ok = h->kind == CELL_OBJECT;
    else if (tag == VAL_TAG_STRING) ok = h->kind == CELL_STRING || h->kind == CELL_ROPE;
    else if (tag == VAL_TAG_SYMBOL) ok = h->kind == CELL_SYMBOL;
    else if (tag == VAL_TAG_BIGINT) ok = h->kind == CELL_BIGINT;
    if (!ok) {
        fprintf(stderr, "heap_verify: tag %x points to cell kind %d in %s at byte %zu\n", tag, h->kind, what, at);
        return -1;
    }
    return 0;
}

int heap_verify(VM *vm) {
    size_t at = 8;
    while (at < vm->top) {
        CellHeader *h = (CellHeader *)(vm->base + at);
        if (h->kind <= CELL_FORWARD || h->kind >= CELL_KIND_COUNT || h->size == 0 ||
            at + ((size_t)h->size << 3) > vm->top) {
            fprintf(stderr, "heap_verify: bad header at byte %zu (kind %d size %u)\n", at, h->kind, h->size);
            return -1;
        }
        uint32_t n;
        cell_value_range(h, &n);
        if (n > h->size - 1) {
            fprintf(stderr, "heap_verify: value count %u exceeds cell at byte %zu\n", n, at);
            return -1;
        }
        Value *w = CELL_VALUES(h);
        for (uint32_t i = 0; i < n; i++)
            if (verify_value(vm, w[i], at, "cell") < 0) return -1;
        if (h->kind == CELL_STRING && (h->flags & STR_PACKED)) {
            Value cache = ((StrPacked *)w)->cache;
            if (verify_value(vm, cache, at, "packed string cache") < 0) return -1;
            if (cache != VAL_UNDEFINED && !(val_is_string(cache) && str_is_flat(vm, cache))) {
                fprintf(stderr, "heap_verify: packed string cache is not a flat string at byte %zu\n", at);
                return -1;
            }
            const char *why = strpack_check(h, 0);
            if (why) { fprintf(stderr, "heap_verify: %s at byte %zu\n", why, at); return -1; }
        }
        at += (size_t)h->size << 3;
    }
    for (int i = 0; i < ROOT_COUNT; i++)
        if (verify_value(vm, vm->roots[i], 0, "root") < 0) return -1;
    for (Value *p = vm->stack; p && p < vm->sp; p++)
        if (verify_value(vm, *p, 0, "stack") < 0) return -1;
    return 0;
}
