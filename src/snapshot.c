/* snapshot.c — the snapshot writer and loader (format: docs/snapshot-format.md).
 *
 * Canonical byte stream (all integers little-endian):
 *   SnapHeader (fixed size)
 *   sections, each: SectionHeader {tag[4], reserved u32 (0), length u64}, payload, zero
 *   padding to a multiple of 8:  ROOT, NATV, META, ALGN, HEAP, BMAP  (in this order); ALGN
 *   is zeros that put the HEAP payload at a stream offset that is a multiple of
 *   SNAP_HEAP_ALIGN, so that a loader can map the image straight from a file; all the sizes
 *   before the image are known before the writer's collection, so the writer can put the
 *   image's pieces into a regular file while it collects
 *   trailer: SectionHeader {"HASH", 0, 40}, the identity (a SHA-256 of every byte before the
 *            trailer, with the heap image hashed in pieces: snap_identity), u64 checksum
 *            (snap_sum_*) of every byte before it, then the 8 bytes "CRYOEND!"
 * The loader checks the checksum (memory speed), `cryo snapshot check|hash|info` the identity
 * as well (snap_verify). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <openssl/evp.h>
#include <zstd.h>
#include "snapshot.h"
#include "shape.h"

/* Fixed-size header at the start of the canonical stream. */
typedef struct SnapHeader {
    char magic[8];             /* SNAP_MAGIC */
    uint32_t format_version;   /* SNAP_FORMAT_VERSION */
    uint32_t header_size;      /* sizeof(SnapHeader) */
    char engine_version[16];   /* CRYO_VERSION, NUL padded */
    uint8_t word_size;         /* 8 */
    uint8_t little_endian;     /* 1 */
    uint8_t value_format;      /* 1 = NaN-boxing of value.h */
    uint8_t reserved0;         /* 0 */
    uint32_t flags;            /* 0 (reserved for future use) */
    uint64_t native_signature; /* vm->native_signature of the built-in table */
    uint32_t builtin_natives;  /* built-in native count */
    uint32_t host_natives;     /* host native count (names in NATV) */
    uint32_t root_count;       /* ROOT_COUNT */
    uint32_t section_count;    /* sections before the trailer */
    uint64_t heap_bytes;       /* heap image size (vm->top) */
    uint64_t total_bytes;      /* canonical stream size including the trailer */
} SnapHeader;

/* Section header. */
typedef struct SectionHeader {
    char tag[4];               /* "ROOT", "NATV", "META", "BMAP", "ALGN", "HEAP", "HASH" */
    uint32_t reserved;         /* 0 */
    uint64_t length;           /* payload bytes (padding not included) */
} SectionHeader;

/* META payload: VM state that lives outside the heap. */
typedef struct SnapMeta {
    uint64_t gc_threshold;     /* vm->gc_threshold after the writer's collection */
    uint64_t gc_count;         /* 0 (collection count is not part of the state) */
    uint64_t meter;            /* vm->meter */
    uint64_t meter_limit;      /* vm->meter_limit */
    uint64_t memory_limit;     /* vm->memory_limit (0 = default) */
    uint64_t reserved[3];      /* 0 */
} SnapMeta;

_Static_assert(sizeof(SnapHeader) == 80, "SnapHeader is 80 bytes (docs/snapshot-format.md)");
_Static_assert(sizeof(SectionHeader) == 16, "section headers are 16 bytes");
_Static_assert(sizeof(SnapMeta) == 64, "META payload is 64 bytes");

#define SNAP_END "CRYOEND!"

int snap_verify = 1;
#define NSECTIONS 6
int snap_map = 1;

static size_t pad8(size_t n) { return (8 - (n & 7)) & 7; }

/* SNAP_HEAP_ALIGN zero bytes: the ALGN payload. */
static const uint8_t snap_zero_page[SNAP_HEAP_ALIGN];

/* Length of the ALGN payload when its section header starts at stream offset `at` (a
 * multiple of 8): the HEAP payload, after ALGN and the HEAP section header, then starts at a
 * multiple of SNAP_HEAP_ALIGN — for an image of at least SNAP_MAP_MIN bytes; a smaller one is
 * read, not mapped, and is not padded. */
static size_t align_pad(uint64_t at, uint64_t heap_bytes) {
    if (heap_bytes < SNAP_MAP_MIN) return 0;
    return (size_t)((SNAP_HEAP_ALIGN - ((at + 2 * sizeof(SectionHeader)) & (SNAP_HEAP_ALIGN - 1))) & (SNAP_HEAP_ALIGN - 1));
}

static void set_err(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t cap, const char *fmt, ...) {
    if (!err || !cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

uint64_t snap_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t snap_thread_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void snap_hex(const uint8_t sha[32], char *out) {
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) { out[2 * i] = hx[sha[i] >> 4]; out[2 * i + 1] = hx[sha[i] & 15]; }
    out[64] = 0;
}

void snap_piece_digest(const void *p, size_t n, uint8_t out[32]) {
    unsigned len = 0;
    if (!EVP_Digest(p, n, out, &len, EVP_sha256(), NULL)) memset(out, 0, 32);
}

void snap_heap_digest(const uint8_t (*pieces)[32], size_t count, uint8_t out[32]) {
    snap_piece_digest(pieces, count * 32, out);
}

/* Number of pieces of a heap image of n bytes. */
static size_t heap_pieces(uint64_t n) { return (size_t)((n + SNAP_HASH_PIECE - 1) / SNAP_HASH_PIECE); }

/* Length of piece i of an image of n bytes (the last one may be shorter). */
static size_t piece_len(size_t n, size_t i) {
    size_t off = i * SNAP_HASH_PIECE;
    return n - off < SNAP_HASH_PIECE ? n - off : SNAP_HASH_PIECE;
}

/* The heap_digest of an image of n bytes, hashed piece by piece. 0, or -1 out of memory. */
static int image_digest(const uint8_t *p, size_t n, uint8_t out[32]) {
    size_t np = heap_pieces(n);
    uint8_t (*dig)[32] = malloc(np ? np * 32 : 32);
    if (!dig) return -1;
    for (size_t i = 0; i < np; i++) snap_piece_digest(p + i * SNAP_HASH_PIECE, piece_len(n, i), dig[i]);
    snap_heap_digest((const uint8_t (*)[32])dig, np, out);
    free(dig);
    return 0;
}

int snap_identity(const uint8_t *stream, size_t len, uint8_t out[32]) {
    const size_t trailer = sizeof(SectionHeader) + SNAP_TRAILER_LEN + 8;
    if (len < sizeof(SnapHeader) + trailer || memcmp(stream, SNAP_MAGIC, 8) != 0) return -1;
    SnapHeader hd;
    memcpy(&hd, stream, sizeof hd);
    if (hd.total_bytes != len || (hd.heap_bytes & 7)) return -1;
    /* the HEAP payload follows the header and the sections ROOT, NATV, META and ALGN */
    size_t heap_at = sizeof hd;
    for (int i = 0; i < 5; i++) {
        SectionHeader sh;
        if (heap_at > len - trailer - sizeof sh) return -1;
        memcpy(&sh, stream + heap_at, sizeof sh);
        heap_at += sizeof sh;
        if (i == 4) {
            if (memcmp(sh.tag, "HEAP", 4) != 0 || sh.length != hd.heap_bytes) return -1;
        } else {
            if (sh.length > len - trailer - heap_at) return -1;
            heap_at += (size_t)sh.length + pad8((size_t)sh.length);
        }
    }
    if (hd.heap_bytes > len - trailer - heap_at) return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    uint8_t hdig[32];
    unsigned dl = 0;
    size_t after = heap_at + (size_t)hd.heap_bytes;
    int rc = md && image_digest(stream + heap_at, (size_t)hd.heap_bytes, hdig) == 0 &&
             EVP_DigestInit_ex(md, EVP_sha256(), NULL) && EVP_DigestUpdate(md, stream, heap_at) &&
             EVP_DigestUpdate(md, hdig, 32) && EVP_DigestUpdate(md, stream + after, len - trailer - after) &&
             EVP_DigestFinal_ex(md, out, &dl) ? 0 : -1;
    EVP_MD_CTX_free(md);
    return rc;
}

/* ------------------------------------------------------------------------------------ */
/* The fast checksum (docs/snapshot-format.md, "Trailer")                                 */
/* ------------------------------------------------------------------------------------ */

/* Four independent multiply-rotate lanes over 32-byte stripes (the structure of xxHash64,
 * with this file's own constants), so the loader can check integrity at memory speed. */
#define SUM_K1 0x9E3779B97F4A7C15ull
#define SUM_K2 0xC6A4A7935BD1E995ull
#define SUM_K3 0xFF51AFD7ED558CCDull
#define SUM_K4 0xC4CEB9FE1A85EC53ull

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t sum_round(uint64_t acc, uint64_t w) { return rotl64(acc + w * SUM_K2, 31) * SUM_K1; }
static inline uint64_t load64(const uint8_t *p) { uint64_t w; memcpy(&w, p, 8); return w; }

void snap_sum_init(SnapSum *s) {
    memset(s, 0, sizeof *s);
    s->lane[0] = SUM_K1 + SUM_K2;
    s->lane[1] = SUM_K2;
    s->lane[2] = 0;
    s->lane[3] = 0 - SUM_K1;
}

/* Fold whole 32-byte stripes of p into the lanes; returns the bytes consumed. */
static size_t sum_stripes(SnapSum *s, const uint8_t *p, size_t n) {
    uint64_t a = s->lane[0], b = s->lane[1], c = s->lane[2], d = s->lane[3];
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = sum_round(a, load64(p + i));
        b = sum_round(b, load64(p + i + 8));
        c = sum_round(c, load64(p + i + 16));
        d = sum_round(d, load64(p + i + 24));
    }
    s->lane[0] = a; s->lane[1] = b; s->lane[2] = c; s->lane[3] = d;
    return i;
}

void snap_sum_update(SnapSum *s, const void *data, size_t n) {
    const uint8_t *p = data;
    s->total += n;
    if (s->nbuf) {
        size_t k = 32 - s->nbuf < n ? 32 - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k;
        p += k;
        n -= k;
        if (s->nbuf < 32) return;
        sum_stripes(s, s->buf, 32);
        s->nbuf = 0;
    }
    size_t done = sum_stripes(s, p, n);
    memcpy(s->buf, p + done, n - done);
    s->nbuf = n - done;
}

uint64_t snap_sum_final(const SnapSum *s) {
    uint64_t h = rotl64(s->lane[0], 1) + rotl64(s->lane[1], 7) + rotl64(s->lane[2], 12) + rotl64(s->lane[3], 18);
    for (int i = 0; i < 4; i++) h = (h ^ sum_round(0, s->lane[i])) * SUM_K1 + SUM_K4;
    h += s->total;
    size_t i = 0;
    for (; i + 8 <= s->nbuf; i += 8) h = rotl64(h ^ sum_round(0, load64(s->buf + i)), 27) * SUM_K1 + SUM_K4;
    for (; i < s->nbuf; i++) h = rotl64(h ^ (s->buf[i] * SUM_K4), 11) * SUM_K1;
    h ^= h >> 33; h *= SUM_K2;
    h ^= h >> 29; h *= SUM_K3;
    h ^= h >> 32;
    return h;
}

/* ------------------------------------------------------------------------------------ */
/* Output plumbing: hashing + optional zstd                                               */
/* ------------------------------------------------------------------------------------ */

typedef struct Out {
    SnapWriteFn fn;            /* final sink */
    void *ctx;                 /* sink context */
    EVP_MD_CTX *md;            /* SHA-256 of the canonical bytes */
    SnapSum sum;               /* fast checksum of the canonical bytes */
    ZSTD_CCtx *z;              /* compressor (NULL = store plain) */
    uint8_t *zbuf;             /* compressor output buffer */
    size_t zcap;               /* its size */
    uint64_t canonical;        /* canonical bytes emitted */
    uint64_t stored;           /* bytes handed to the sink */
    SnapSum zsum;              /* compressed form: fast checksum of every stored byte so far */
    uint8_t *stage;            /* small pieces gathered for one sink call (NULL: none) */
    size_t nstage;             /* bytes in stage */
    int failed;                /* an I/O error happened */
} Out;

#define OUT_STAGE ((size_t)1 << 16)   /* pieces under 64 KB are gathered into one sink call */

/* Hand n bytes to the sink now. */
static int sink_now(Out *o, const void *p, size_t n) {
    if (n && o->fn(o->ctx, p, n) < 0) { o->failed = 1; return -1; }
    return 0;
}

/* Hand the staged bytes to the sink. */
static int sink_flush(Out *o) {
    size_t n = o->nstage;
    o->nstage = 0;
    return o->failed ? -1 : sink_now(o, o->stage, n);
}

/* Output stored bytes: small pieces are staged (the header and small sections then cost
 * one write(2), not a dozen), large ones go straight from the caller's memory. */
static int sink(Out *o, const void *p, size_t n) {
    if (o->failed) return -1;
    o->stored += n;
    if (o->z) snap_sum_update(&o->zsum, p, n);
    if (o->stage && o->nstage + n > OUT_STAGE && sink_flush(o) < 0) return -1;
    if (o->stage && n < OUT_STAGE) {
        memcpy(o->stage + o->nstage, p, n);
        o->nstage += n;
        return 0;
    }
    return sink_now(o, p, n);
}

/* Emit a zstd chunk: u32 length then bytes. */
static int sink_chunk(Out *o, const void *p, size_t n) {
    uint32_t len = (uint32_t)n;
    if (sink(o, &len, 4) < 0) return -1;
    return sink(o, p, n);
}

static int zflush(Out *o, const void *p, size_t n, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in = { p, n, 0 };
    for (;;) {
        ZSTD_outBuffer out = { o->zbuf, o->zcap, 0 };
        size_t r = ZSTD_compressStream2(o->z, &out, &in, mode);
        if (ZSTD_isError(r)) { o->failed = 1; errno = EIO; return -1; }
        if (out.pos && sink_chunk(o, o->zbuf, out.pos) < 0) return -1;
        if (mode == ZSTD_e_end ? r == 0 : in.pos == in.size) break;
    }
    return 0;
}

#define SNAP_IO_CHUNK ((size_t)1 << 19)    /* bulk data moves in 512 KB pieces (fits in L2) */

enum { EMIT_SUM = 1, EMIT_SHA = 2, EMIT_HASHED = 3 };   /* emit: what the bytes go into */

/* Emit canonical bytes (compressed when enabled), fed to the checksum (EMIT_SUM) and to the
 * identity's SHA-256 (EMIT_SHA; the heap image is not: its pieces are hashed apart). */
static int emit(Out *o, const void *p, size_t n, int hashed) {
    if (o->failed) return -1;
    if (hashed & EMIT_SHA) EVP_DigestUpdate(o->md, p, n);
    o->canonical += n;
    /* in cache-sized pieces: each is checksummed and then output while still in cache */
    const uint8_t *q = p;
    int r = 0;
    for (size_t off = 0; off < n && r == 0; off += SNAP_IO_CHUNK) {
        size_t k = n - off < SNAP_IO_CHUNK ? n - off : SNAP_IO_CHUNK;
        if (hashed & EMIT_SUM) snap_sum_update(&o->sum, q + off, k);
        r = o->z ? zflush(o, q + off, k, ZSTD_e_continue) : sink(o, q + off, k);
    }
    return r;
}

static int emit_section(Out *o, const char tag[4], const void *p, uint64_t len) {
    SectionHeader sh;
    memset(&sh, 0, sizeof sh);
    memcpy(sh.tag, tag, 4);
    sh.length = len;
    if (emit(o, &sh, sizeof sh, EMIT_HASHED) < 0) return -1;
    if (len && emit(o, p, (size_t)len, EMIT_HASHED) < 0) return -1;
    static const uint8_t zeros[8] = { 0 };
    return emit(o, zeros, pad8((size_t)len), EMIT_HASHED);
}

/* Hashing the heap image's pieces for the identity. The collector's helper thread hashes
 * the pieces its scan has finished (trail_consume); after the collection the rest (the last
 * pieces, and any a weak rebuild wrote into afterwards) are shared by a helper thread and
 * the writer, once it has output the image, through an atomic cursor. The image's share of
 * the fast checksum, which must follow the sections before it, is one more task: the
 * writer posts it once those are summed, and whichever thread is free first claims it. */
typedef struct PieceWork {
    const uint8_t *heap;       /* the heap image */
    size_t heap_bytes;         /* its size */
    uint8_t (*dig)[32];        /* the digest of piece i goes to dig[i] */
    size_t *todo;              /* the pieces still to hash */
    size_t ntodo;              /* how many */
    _Atomic size_t next;       /* index into todo of the next piece to take */
    _Atomic uint64_t cpu_ns;   /* CPU time of helper threads hashing pieces */
    SnapSum *sum;              /* the stream's checksum, to continue over the image */
    atomic_int sum_state;      /* 0 not posted yet, 1 posted, 2 claimed by a thread */
    int fd;                    /* -1, or a regular file the pieces may be written into ... */
    uint64_t heap_at;          /* ... at this offset of the HEAP payload (pwrite) */
    uint8_t *written;          /* per piece: 1 once written there during the collection */
} PieceWork;

/* Continue the checksum over the image if it is posted and nobody has claimed it. */
static void piece_work_sum(PieceWork *w) {
    int posted = 1;
    if (!atomic_compare_exchange_strong(&w->sum_state, &posted, 2)) return;
    for (size_t off = 0; off < w->heap_bytes; off += SNAP_IO_CHUNK)
        snap_sum_update(w->sum, w->heap + off, w->heap_bytes - off < SNAP_IO_CHUNK ? w->heap_bytes - off : SNAP_IO_CHUNK);
}

/* Hash pieces (and claim the checksum task) until none is left to take. */
static void piece_work_run(PieceWork *w) {
    for (;;) {
        piece_work_sum(w);
        size_t k = atomic_fetch_add_explicit(&w->next, 1, memory_order_relaxed);
        if (k >= w->ntodo) return;
        size_t i = w->todo[k];
        snap_piece_digest(w->heap + i * SNAP_HASH_PIECE, piece_len(w->heap_bytes, i), w->dig[i]);
    }
}

static void *piece_work_thread(void *arg) {
    PieceWork *w = arg;
    uint64_t c0 = snap_thread_cpu_ns();
    piece_work_run(w);
    atomic_fetch_add_explicit(&w->cpu_ns, snap_thread_cpu_ns() - c0, memory_order_relaxed);
    return NULL;
}

/* pwrite all n bytes at off. 0, or -1 (errno set). */
static int pwrite_all(int fd, const void *buf, size_t n, uint64_t off) {
    const uint8_t *p = buf;
    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return 0;
}

/* GcTrail consumer (on the collector's helper thread): digest of one finished piece, and
 * for a regular file the piece itself, at its final place (an error just leaves it to be
 * written again after the collection, where the error is reported). */
static void trail_consume(void *ctx, size_t index, const uint8_t *p, size_t n) {
    PieceWork *w = ctx;
    uint64_t c0 = snap_thread_cpu_ns();
    snap_piece_digest(p, n, w->dig[index]);
    if (w->fd >= 0) w->written[index] = pwrite_all(w->fd, p, n, w->heap_at + (uint64_t)index * SNAP_HASH_PIECE) == 0;
    atomic_fetch_add_explicit(&w->cpu_ns, snap_thread_cpu_ns() - c0, memory_order_relaxed);
}

/* The cell-start bitmap (bit i set when a cell header starts at byte 8*i) of a heap that
 * gc_collect_marking has just collected into bm: the collector marked the cells it placed;
 * cells allocated after it (from live_after_gc on) are marked here. Returns the BMAP length
 * (a multiple of 8) and the cell count. */
static size_t finish_bitmap(VM *vm, uint8_t *bm, uint32_t *cells) {
    for (size_t at = vm->live_after_gc; at < vm->top;) {
        CellHeader *h = (CellHeader *)(vm->base + at);
        size_t w = at >> 3;
        bm[w >> 3] |= (uint8_t)(1u << (w & 7));
        at += (size_t)h->size << 3;
    }
    size_t bytes = ((vm->top >> 3) + 7) >> 3;
    bytes += pad8(bytes);
    *cells = (uint32_t)snap_bitmap_popcount(bm, bytes);
    if (vm->gc_verify) {
        /* CRYO_GC_VERIFY: the collector marked exactly the cells a walk of the heap finds */
        uint32_t n = 0;
        for (size_t at = 8; at < vm->top; n++) {
            size_t w = at >> 3;
            if (!((bm[w >> 3] >> (w & 7)) & 1)) { fprintf(stderr, "cryo: snapshot bitmap misses the cell at %zu\n", at); abort(); }
            at += (size_t)((CellHeader *)(vm->base + at))->size << 3;
        }
        if (n != *cells) { fprintf(stderr, "cryo: snapshot bitmap marks %u cells, the heap holds %u\n", *cells, n); abort(); }
    }
    return bytes;
}

/* BMAP's payload (docs/snapshot-format.md): the cell-start bitmap as its W = n/8 little-endian
 * 64-bit words is stored as an index of W bits, zero-padded to whole words, marking the
 * words that are not zero, then those words in order (a sparse image's bitmap is mostly zero
 * words). The length of the encoding of a bitmap of n bytes (a multiple of 8). */
static size_t bmap_index_bytes(size_t n) { return ((n / 8 + 63) / 64) * 8; }

/* Encode bm (n bytes) into a malloc'd buffer *out; returns its length, or 0 when out of memory. */
static size_t bmap_encode(const uint8_t *bm, size_t n, uint8_t **out) {
    size_t words = n / 8, ix = bmap_index_bytes(n), nz = 0;
    for (size_t i = 0; i < words; i++) {
        uint64_t w;
        memcpy(&w, bm + 8 * i, 8);
        nz += w != 0;
    }
    uint8_t *e = calloc(ix + 8 * nz + 8, 1);
    if (!e) return 0;
    uint8_t *o = e + ix;
    for (size_t i = 0; i < words; i++) {
        uint64_t w;
        memcpy(&w, bm + 8 * i, 8);
        if (!w) continue;
        e[i >> 3] |= (uint8_t)(1u << (i & 7));
        memcpy(o, &w, 8);
        o += 8;
    }
    *out = e;
    return ix + 8 * nz;
}

/* Decode len bytes of BMAP payload into bm (n bytes, a multiple of 8). 0, or -1 when the
 * length disagrees with the index, a listed word is zero or the index's padding is not. */
static int bmap_decode(const uint8_t *e, size_t len, uint8_t *bm, size_t n) {
    size_t words = n / 8, ix = bmap_index_bytes(n);
    if (len < ix || (len - ix) % 8) return -1;
    const uint8_t *p = e + ix, *end = e + len;
    memset(bm, 0, n);
    for (size_t i = 0; i < ix * 8; i++) {
        if (!((e[i >> 3] >> (i & 7)) & 1)) continue;
        if (i >= words || p == end) return -1;
        uint64_t w;
        memcpy(&w, p, 8);
        if (!w) return -1;
        memcpy(bm + 8 * i, &w, 8);
        p += 8;
    }
    return p == end ? 0 : -1;
}

/* The sink of a regular file written with pwrite(2) from a running offset. */
typedef struct PwriteSink {
    int fd;                    /* the file */
    uint64_t off;              /* where the next bytes go */
} PwriteSink;

static int pwrite_sink(void *ctx, const void *buf, size_t n) {
    PwriteSink *ps = ctx;
    if (pwrite_all(ps->fd, buf, n, ps->off) < 0) return -1;
    ps->off += n;
    return 0;
}

/* snap_write, and for a regular file (pfd >= 0, positioned at pbase; uncompressed output
 * only) the pieces of the heap image go into it during the collection: everything before the
 * image has a size known beforehand (docs/snapshot-format.md), so its offset is too. The
 * bytes are those of the sequential stream; the file offset ends after them. */
static int snap_write_to(VM *vm, SnapWriteFn fn, void *ctx, int pfd, uint64_t pbase, int flags, SnapInfo *info,
                         char *err, size_t errcap) {
    if (vm->sp != vm->stack || vm->frame_count != 0 || vm->nroots != 0 || vm->has_exception) {
        set_err(err, errcap, "snapshot: the VM is not at a quiescent point (JavaScript is running)");
        return -1;
    }
    uint64_t t0 = snap_now_ns(), c0 = snap_thread_cpu_ns();
    /* host function names (the collection does not change them) */
    uint32_t nhost = vm->native_count - vm->builtin_native_count;
    size_t natv_len = 0;
    for (uint32_t i = vm->builtin_native_count; i < vm->native_count; i++) natv_len += strlen(vm->natives[i]->name) + 1;
    char *natv = calloc(natv_len + 1, 1);
    /* the bitmap covers the whole reservation (untouched pages of it stay unallocated) */
    uint8_t *bm = calloc((vm->reserve_bytes >> 6) + 8, 1);
    size_t max_pieces = heap_pieces(vm->reserve_bytes) + 1;
    PieceWork pw;
    memset(&pw, 0, sizeof pw);
    atomic_init(&pw.next, 0);
    atomic_init(&pw.cpu_ns, 0);
    atomic_init(&pw.sum_state, 0);
    pw.fd = (flags & SNAP_COMPRESS) ? -1 : pfd;
    pw.dig = malloc(max_pieces * 32);
    pw.written = calloc(max_pieces, 1);
    if (!natv || !bm || !pw.dig || !pw.written) {
        free(natv); free(bm); free(pw.dig); free(pw.written);
        set_err(err, errcap, "snapshot: out of memory");
        return -1;
    }
    size_t off = 0;
    for (uint32_t i = vm->builtin_native_count; i < vm->native_count; i++) {
        size_t l = strlen(vm->natives[i]->name);
        memcpy(natv + off, vm->natives[i]->name, l + 1);
        off += l + 1;
    }
    /* the stream up to the HEAP payload, for an image of at least SNAP_MAP_MIN bytes: the
     * only kind whose pieces the collection can finish (a finished piece is a whole 1 MiB) */
    uint64_t prefix = sizeof(SnapHeader) + sizeof(SectionHeader) + sizeof(vm->roots);
    prefix += sizeof(SectionHeader) + natv_len + pad8(natv_len);
    prefix += sizeof(SectionHeader) + sizeof(SnapMeta);
    uint64_t big_prefix = prefix + 2 * sizeof(SectionHeader) + align_pad(prefix, SNAP_MAP_MIN);
    pw.heap_at = pbase + big_prefix;

    /* canonical layout; counts as a full collection in the writer (C3); marks the cells and
     * hashes (and writes) the finished pieces of the image on the helper thread */
    GcTrail trail = { SNAP_HASH_PIECE, trail_consume, &pw, 0, NULL };
    gc_collect_marking(vm, bm, vm->strpack_min, &trail);
    uint64_t t1 = snap_now_ns(), c1 = snap_thread_cpu_ns();
    /* the pieces left to hash: stale ones, then those the trail did not reach */
    pw.heap = vm->base;
    pw.heap_bytes = vm->top;
    size_t npieces = heap_pieces(vm->top);
    pw.todo = malloc((npieces + 1) * sizeof *pw.todo);
    if (!pw.todo) {
        heap_release_spare(vm);
        free(natv); free(bm); free(pw.dig); free(pw.written); free(trail.stale);
        set_err(err, errcap, "snapshot: out of memory");
        return -1;
    }
    for (size_t i = 0; i < trail.consumed; i++)
        if (trail.stale[i]) pw.todo[pw.ntodo++] = i;
    for (size_t i = trail.consumed; i < npieces; i++) pw.todo[pw.ntodo++] = i;
    for (size_t i = 0; i < trail.consumed; i++)
        if (trail.stale[i]) pw.written[i] = 0;   /* written before the rebuild changed it */
    size_t pieces_early = trail.consumed;
    free(trail.stale);
    pthread_t hasher;
    int hasher_running = pw.ntodo > 1 && pthread_create(&hasher, NULL, piece_work_thread, &pw) == 0;
    Out o;
    memset(&o, 0, sizeof o);
    PwriteSink ps = { pfd, pbase };
    uint32_t cells;
    size_t bm_bytes = finish_bitmap(vm, bm, &cells);
    int rc = -1;
    uint8_t *bmap = NULL;   /* BMAP's payload, the encoded bitmap */
    size_t bmap_len = bmap_encode(bm, bm_bytes, &bmap);
    if (!bmap_len) { set_err(err, errcap, "snapshot: out of memory"); goto done; }

    SnapMeta meta;
    memset(&meta, 0, sizeof meta);
    meta.gc_threshold = vm->gc_threshold;
    meta.meter = vm->meter;
    meta.meter_limit = vm->meter_limit;

    SnapHeader hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, SNAP_MAGIC, 8);
    hd.format_version = SNAP_FORMAT_VERSION;
    hd.header_size = sizeof hd;
    strncpy(hd.engine_version, CRYO_VERSION, sizeof hd.engine_version - 1);
    hd.word_size = 8;
    hd.little_endian = 1;
    hd.value_format = 1;
    hd.native_signature = vm->builtin_signature;
    hd.builtin_natives = vm->builtin_native_count;
    hd.host_natives = nhost;
    hd.root_count = ROOT_COUNT;
    hd.section_count = NSECTIONS;
    hd.heap_bytes = vm->top;
    size_t algn = align_pad(prefix, vm->top);
    uint64_t total = prefix + sizeof(SectionHeader) + algn + sizeof(SectionHeader) + vm->top;
    total += sizeof(SectionHeader) + bmap_len;
    total += sizeof(SectionHeader) + SNAP_TRAILER_LEN + 8;
    hd.total_bytes = total;
    if (pieces_early && pw.fd >= 0 && prefix + sizeof(SectionHeader) + algn + sizeof(SectionHeader) != big_prefix) {
        set_err(err, errcap, "snapshot: internal layout mismatch");   /* (a finished piece means >= 1 MiB) */
        goto done;
    }

    o.fn = pw.fd >= 0 ? pwrite_sink : fn;
    o.ctx = pw.fd >= 0 ? (void *)&ps : ctx;
    o.md = EVP_MD_CTX_new();
    o.stage = malloc(OUT_STAGE);   /* optional: without it every piece is its own sink call */
    if (!o.md || !EVP_DigestInit_ex(o.md, EVP_sha256(), NULL)) { set_err(err, errcap, "snapshot: SHA-256 unavailable"); goto done; }
    snap_sum_init(&o.sum);
    snap_sum_init(&o.zsum);
    if (flags & SNAP_COMPRESS) {
        o.z = ZSTD_createCCtx();
        o.zcap = ZSTD_CStreamOutSize();
        o.zbuf = malloc(o.zcap);
        if (!o.z || !o.zbuf) { set_err(err, errcap, "snapshot: out of memory"); goto done; }
        ZSTD_CCtx_setParameter(o.z, ZSTD_c_compressionLevel, 1);
        uint8_t zh[16];
        memcpy(zh, SNAP_ZMAGIC, 8);
        memcpy(zh + 8, &total, 8);
        if (sink(&o, zh, 16) < 0) goto io;
    }
    if (emit(&o, &hd, sizeof hd, EMIT_HASHED) < 0) goto io;
    if (emit_section(&o, "ROOT", vm->roots, sizeof(vm->roots)) < 0) goto io;
    if (emit_section(&o, "NATV", natv, natv_len) < 0) goto io;
    if (emit_section(&o, "META", &meta, sizeof meta) < 0) goto io;
    if (emit_section(&o, "ALGN", snap_zero_page, algn) < 0) goto io;
    /* HEAP: the header into the SHA-256, the image into the checksum only (its pieces are
     * hashed apart); the pieces still to hash are shared once the image is out */
    SectionHeader hh;
    memset(&hh, 0, sizeof hh);
    memcpy(hh.tag, "HEAP", 4);
    hh.length = vm->top;
    if (emit(&o, &hh, sizeof hh, EMIT_HASHED) < 0) goto io;
    pw.sum = &o.sum;   /* the sections before the image are summed: post its checksum */
    atomic_store(&pw.sum_state, 1);
    if (pw.fd >= 0) {
        /* the pieces the collection did not write (or wrote before a rebuild changed them) */
        if (sink_flush(&o) < 0) goto io;
        pw.heap_at = ps.off;   /* as predicted when the collection wrote pieces (checked above) */
        for (size_t i = 0; i < npieces; i++) {
            if (pw.written[i]) continue;
            size_t at = i * SNAP_HASH_PIECE;
            if (pwrite_all(pw.fd, vm->base + at, piece_len(vm->top, i), pw.heap_at + at) < 0) goto io;
        }
        ps.off += vm->top;
        o.canonical += vm->top;
        o.stored += vm->top;
    } else if (emit(&o, vm->base, vm->top, 0) < 0) goto io;
    heap_release_spare(vm);
    piece_work_run(&pw);
    piece_work_sum(&pw);   /* (when there was no piece left to run it) */
    if (hasher_running) { pthread_join(hasher, NULL); hasher_running = 0; }
    if (vm->gc_verify) {
        /* CRYO_GC_VERIFY: the pieces hashed during the collection are those of the image */
        for (size_t i = 0; i < npieces; i++) {
            uint8_t d[32];
            snap_piece_digest(vm->base + i * SNAP_HASH_PIECE, piece_len(vm->top, i), d);
            if (memcmp(d, pw.dig[i], 32) != 0) { fprintf(stderr, "cryo: snapshot piece %zu changed after it was hashed\n", i); abort(); }
        }
    }
    /* the identity: the image's digest in its place, then BMAP (summed after the image) */
    uint8_t digest[32];
    unsigned dl = 0;
    snap_heap_digest((const uint8_t (*)[32])pw.dig, npieces, digest);
    EVP_DigestUpdate(o.md, digest, 32);
    if (emit_section(&o, "BMAP", bmap, bmap_len) < 0) goto io;
    EVP_DigestFinal_ex(o.md, digest, &dl);
    SectionHeader th;
    memset(&th, 0, sizeof th);
    memcpy(th.tag, "HASH", 4);
    th.length = SNAP_TRAILER_LEN;
    snap_sum_update(&o.sum, &th, sizeof th);   /* the checksum also covers the digest */
    snap_sum_update(&o.sum, digest, 32);
    uint64_t sum = snap_sum_final(&o.sum);
    if (emit(&o, &th, sizeof th, 0) < 0 || emit(&o, digest, 32, 0) < 0 || emit(&o, &sum, 8, 0) < 0 ||
        emit(&o, SNAP_END, 8, 0) < 0) goto io;
    if (o.z) {
        if (zflush(&o, NULL, 0, ZSTD_e_end) < 0) goto io;
        uint32_t zero = 0;
        if (sink(&o, &zero, 4) < 0) goto io;
        /* the checksum of the stored bytes: a flipped byte that zstd would decode to the
         * same canonical bytes is still refused */
        uint64_t zs = snap_sum_final(&o.zsum);
        if (sink(&o, &zs, 8) < 0) goto io;
    }
    if (sink_flush(&o) < 0) goto io;
    if (o.canonical != total) { set_err(err, errcap, "snapshot: internal size mismatch"); goto done; }
    if (pw.fd >= 0 && lseek(pw.fd, (off_t)ps.off, SEEK_SET) < 0) goto io;
    if (info) {
        memcpy(info->sha256, digest, 32);
        info->total_bytes = total;
        info->stored_bytes = o.stored;
        info->heap_bytes = vm->top;
        info->cell_count = cells;
        info->compressed = o.z != NULL;
        info->ns_collect = t1 - t0;
        info->ns_stream = snap_now_ns() - t1;
        info->ns_sync = 0;
        info->ns_validate = 0;
        info->ns_cpu = snap_thread_cpu_ns() - c0;
        info->ns_collect_cpu = c1 - c0;
        info->ns_sha_cpu = atomic_load(&pw.cpu_ns);
        info->pieces_early = pieces_early;
        info->mapped = 0;
    }
    rc = 0;
    goto done;
io:
    set_err(err, errcap, "snapshot: write failed: %s", strerror(errno ? errno : EIO));
done:
    if (hasher_running) {   /* an error before the image was out: finish the thread's work */
        atomic_store(&pw.next, pw.ntodo);
        int unposted = 0;
        atomic_compare_exchange_strong(&pw.sum_state, &unposted, 2);   /* never sum after this */
        pthread_join(hasher, NULL);
    }
    heap_release_spare(vm);   /* if not done yet (an error); else nothing to do */
    free(pw.todo);
    free(pw.dig);
    free(pw.written);
    free(bmap);
    if (o.md) EVP_MD_CTX_free(o.md);
    if (o.z) ZSTD_freeCCtx(o.z);
    free(o.zbuf);
    free(o.stage);
    free(bm);
    free(natv);
    return rc;
}

int snap_write(VM *vm, SnapWriteFn fn, void *ctx, int flags, SnapInfo *info, char *err, size_t errcap) {
    return snap_write_to(vm, fn, ctx, -1, 0, flags, info, err, errcap);
}

static int fd_write_all(void *ctx, const void *buf, size_t n) {
    int fd = *(int *)ctx;
    const uint8_t *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int snap_write_fd(VM *vm, int fd, int flags, SnapInfo *info, char *err, size_t errcap) {
    struct stat st;
    off_t at = lseek(fd, 0, SEEK_CUR);
    /* (pwrite appends regardless of the offset on an O_APPEND descriptor: stream to those) */
    int fl = fcntl(fd, F_GETFL);
    int regular = !(flags & SNAP_COMPRESS) && at >= 0 && fl >= 0 && !(fl & O_APPEND) && fstat(fd, &st) == 0 &&
                  S_ISREG(st.st_mode);
    return snap_write_to(vm, fd_write_all, &fd, regular ? fd : -1, regular ? (uint64_t)at : 0, flags, info, err, errcap);
}

int snap_write_path(VM *vm, const char *path, int flags, SnapInfo *info, char *err, size_t errcap) {
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a pipe, socket or device (/dev/stdout): written in place, as a stream; never
         * replaced by a renamed file */
        if (S_ISDIR(st.st_mode)) { set_err(err, errcap, "snapshot: %s is a directory", path); return -1; }
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0) { set_err(err, errcap, "snapshot: cannot open %s: %s", path, strerror(errno)); return -1; }
        int rc = snap_write_fd(vm, fd, flags, info, err, errcap);
        if (close(fd) < 0 && rc == 0) { set_err(err, errcap, "snapshot: close failed: %s", strerror(errno)); rc = -1; }
        return rc;
    }
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 32);
    if (!tmp) { set_err(err, errcap, "snapshot: out of memory"); return -1; }
    snprintf(tmp, pl + 32, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { set_err(err, errcap, "snapshot: cannot create %s: %s", tmp, strerror(errno)); free(tmp); return -1; }
    int rc = snap_write_fd(vm, fd, flags, info, err, errcap);
    uint64_t t0 = snap_now_ns();
    if (rc == 0 && fsync(fd) < 0) { set_err(err, errcap, "snapshot: fsync failed: %s", strerror(errno)); rc = -1; }
    if (close(fd) < 0 && rc == 0) { set_err(err, errcap, "snapshot: close failed: %s", strerror(errno)); rc = -1; }
    if (rc == 0 && rename(tmp, path) < 0) { set_err(err, errcap, "snapshot: rename failed: %s", strerror(errno)); rc = -1; }
    if (rc != 0) unlink(tmp);
    free(tmp);
    if (rc == 0) {
        /* fsync the directory so the rename is durable */
        char *dir = strdup(path);
        if (dir) {
            char *slash = strrchr(dir, '/');
            const char *d = slash ? (slash == dir ? "/" : (*slash = 0, dir)) : ".";
            int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) { fsync(dfd); close(dfd); }
            free(dir);
        }
        if (info) info->ns_sync = snap_now_ns() - t0;
    }
    return rc;
}

/* ------------------------------------------------------------------------------------ */
/* Input plumbing                                                                         */
/* ------------------------------------------------------------------------------------ */

typedef struct In {
    SnapReadFn fn;             /* source */
    void *ctx;                 /* source context */
    EVP_MD_CTX *md;            /* running SHA-256 of the canonical bytes (NULL: not checked) */
    SnapSum sum;               /* running fast checksum of the canonical bytes */
    ZSTD_DCtx *z;              /* decompressor (NULL = plain) */
    uint8_t *zin;              /* current compressed chunk */
    size_t zin_len, zin_pos, zin_cap;
    int zdone;                 /* saw the terminating zero-length chunk */
    int zsumming;              /* compressed form: raw_read feeds zsum */
    SnapSum zsum;              /* fast checksum of the stored bytes read so far */
    uint64_t canonical;        /* canonical bytes consumed */
    uint64_t stored;           /* bytes read from the source */
    uint64_t limit;            /* canonical bytes promised by the header */
    int map_fd;                /* a regular file the heap image may be mapped from, or -1 */
    uint64_t map_at;           /* file offset of the stream's first byte in map_fd */
    uint64_t map_size;         /* the file's size when the load started */
} In;

/* Read exactly n bytes from the raw source. -1 on error/short input. */
static int raw_read(In *in, void *buf, size_t n) {
    uint8_t *p = buf;
    while (n) {
        long r = in->fn(in->ctx, p, n);
        if (r <= 0) return -1;
        if (in->zsumming) snap_sum_update(&in->zsum, p, (size_t)r);
        p += r;
        n -= (size_t)r;
        in->stored += (uint64_t)r;
    }
    return 0;
}

static int take_some(In *in, void *buf, size_t n, int hashed);

/* Read n canonical bytes (decompressing as needed); hash them when `hashed`. Large reads
 * go in cache-sized pieces, each checksummed while it is still in cache. */
static int take(In *in, void *buf, size_t n, int hashed) {
    uint8_t *p = buf;
    for (; n > SNAP_IO_CHUNK; p += SNAP_IO_CHUNK, n -= SNAP_IO_CHUNK)
        if (take_some(in, p, SNAP_IO_CHUNK, hashed) < 0) return -1;
    return take_some(in, p, n, hashed);
}

static int take_some(In *in, void *buf, size_t n, int hashed) {
    if (in->limit && in->canonical + n > in->limit) return -1;
    if (!in->z) {
        if (raw_read(in, buf, n) < 0) return -1;
    } else {
        ZSTD_outBuffer out = { buf, n, 0 };
        while (out.pos < out.size) {
            if (in->zin_pos == in->zin_len) {
                if (in->zdone) return -1;
                uint32_t len;
                if (raw_read(in, &len, 4) < 0) return -1;
                if (len == 0) { in->zdone = 1; return -1; }
                if (len > (64u << 20)) return -1;
                if (len > in->zin_cap) {
                    uint8_t *nb = realloc(in->zin, len);
                    if (!nb) return -1;
                    in->zin = nb;
                    in->zin_cap = len;
                }
                if (raw_read(in, in->zin, len) < 0) return -1;
                in->zin_len = len;
                in->zin_pos = 0;
            }
            ZSTD_inBuffer zi = { in->zin, in->zin_len, in->zin_pos };
            size_t r = ZSTD_decompressStream(in->z, &out, &zi);
            if (ZSTD_isError(r)) return -1;
            in->zin_pos = zi.pos;
        }
    }
    if (hashed) {
        snap_sum_update(&in->sum, buf, n);
        if (in->md) EVP_DigestUpdate(in->md, buf, n);
    }
    in->canonical += n;
    return 0;
}

/* Read and check a section header with the expected tag; returns its length or -1. */
static int64_t take_section(In *in, const char tag[4], uint64_t max, int hashed, char *err, size_t errcap) {
    SectionHeader sh;
    if (take(in, &sh, sizeof sh, hashed) < 0) { set_err(err, errcap, "snapshot: truncated before section %.4s", tag); return -1; }
    if (memcmp(sh.tag, tag, 4) != 0 || sh.reserved != 0) { set_err(err, errcap, "snapshot: expected section %.4s", tag); return -1; }
    if (sh.length > max) { set_err(err, errcap, "snapshot: section %.4s has a bad length", tag); return -1; }
    return (int64_t)sh.length;
}

/* Skip section padding (must be zero). */
static int take_pad(In *in, uint64_t len) {
    uint8_t z[8];
    size_t p = pad8((size_t)len);
    if (!p) return 0;
    if (take(in, z, p, 1) < 0) return -1;
    for (size_t i = 0; i < p; i++) if (z[i]) return -1;
    return 0;
}

/* The stand-in for host function number `magic` of a snapshot loaded for inspection by a
 * program that does not provide it (vm->snap_stand_in_hosts): calling it throws. */
static Value snap_missing_host(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)nt; (void)func;
    return vm_throw_type_error(vm, "host function '%s' is not provided by this program",
                               vm->natives[vm->builtin_native_count + (uint32_t)magic]->name);
}

/* The integrity pass over the heap image (mapped or read): the checksum continues over its
 * bytes and, when the identity is verified, its pieces are hashed (snap_identity) and the
 * image's digest goes into the running SHA-256; run on a helper thread beside the
 * validation. */
typedef struct SumJob {
    In *in;                    /* its sum and md are the thread's until it is joined */
    const uint8_t *p;          /* the image */
    size_t n;                  /* its size */
    const uint8_t *bm;         /* the BMAP payload, which follows the image in the stream */
    size_t bm_n;               /* its size (a multiple of 8: no padding) */
    uint64_t cpu_ns;           /* the thread's CPU time */
    int failed;                /* out of memory for the piece digests */
} SumJob;

static void sum_job(void *arg) {
    SumJob *j = arg;
    uint64_t c0 = snap_thread_cpu_ns();
    for (size_t off = 0; off < j->n; off += SNAP_IO_CHUNK) {
        size_t k = j->n - off < SNAP_IO_CHUNK ? j->n - off : SNAP_IO_CHUNK;
        snap_sum_update(&j->in->sum, j->p + off, k);
    }
    if (j->in->md) {
        uint8_t hd[32];
        if (image_digest(j->p, j->n, hd) < 0) j->failed = 1;
        else EVP_DigestUpdate(j->in->md, hd, 32);
    }
    SectionHeader sh;
    memset(&sh, 0, sizeof sh);
    memcpy(sh.tag, "BMAP", 4);
    sh.length = j->bm_n;
    snap_sum_update(&j->in->sum, &sh, sizeof sh);
    snap_sum_update(&j->in->sum, j->bm, j->bm_n);
    if (j->in->md) {
        EVP_DigestUpdate(j->in->md, &sh, sizeof sh);
        EVP_DigestUpdate(j->in->md, j->bm, j->bm_n);
    }
    j->cpu_ns = snap_thread_cpu_ns() - c0;
}

/* Map the next n canonical bytes (the heap image) of an uncompressed snapshot in a regular
 * file over the start of vm's heap: MAP_PRIVATE, so pages are shared with the page cache
 * until written (no read copy, no zeroing of fresh pages). Returns 1 when mapped (the source
 * is then positioned after the image), 0 when this source cannot be mapped (the caller reads
 * instead), -1 when the heap reservation could not be restored after a failed mapping. */
static int map_heap(In *in, VM *vm, size_t n) {
    if (in->map_fd < 0 || in->z || !snap_map || n == 0) return 0;
    long pg = sysconf(_SC_PAGESIZE);
    uint64_t off = in->map_at + in->stored;
    if (pg <= 0 || off % (uint64_t)pg != 0 || in->canonical + n > in->limit || off + n > in->map_size) return 0;
    size_t len = (n + (size_t)pg - 1) & ~((size_t)pg - 1);
    if (len > vm->reserve_bytes) return 0;
    void *p = mmap(vm->base, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, in->map_fd, (off_t)off);
    if (p == MAP_FAILED) {
        /* a failed MAP_FIXED may have unmapped the range: put the anonymous space back */
        int e = errno;
        p = mmap(vm->base, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
        errno = e;
        return p == MAP_FAILED ? -1 : 0;
    }
    vm->mapped = vm->base;
    vm->mapped_bytes = len;
    if (lseek(in->map_fd, (off_t)(off + n), SEEK_SET) < 0) return -1;
    memset(vm->base + n, 0, len - n);   /* the rest of the last page: heap beyond top is zero */
    in->stored += n;
    in->canonical += n;
    return 1;
}

/* The loader proper; map_fd >= 0 names a regular file positioned at the stream's start,
 * whose heap image may be mapped rather than read. */
static VM *load(SnapReadFn fn, void *ctx, int map_fd, SnapHostSetup host_setup, void *host_ctx,
                SnapInfo *info, char *err, size_t errcap) {
    In in;
    memset(&in, 0, sizeof in);
    in.fn = fn;
    in.ctx = ctx;
    in.map_fd = -1;
    if (map_fd >= 0) {
        struct stat st;
        off_t at = lseek(map_fd, 0, SEEK_CUR);
        if (fstat(map_fd, &st) == 0 && S_ISREG(st.st_mode) && at >= 0) {
            in.map_fd = map_fd;
            in.map_at = (uint64_t)at;
            in.map_size = (uint64_t)st.st_size;
        }
    }
    uint64_t t0 = snap_now_ns(), c0 = snap_thread_cpu_ns();
    VM *vm = NULL;
    uint8_t *bm = NULL;
    uint8_t *bmap = NULL;      /* BMAP's payload (encoded; bm is the decoded bitmap) */
    size_t bmap_len = 0;
    char *natv = NULL;
    snap_sum_init(&in.sum);
    if (snap_verify >= 2) {
        in.md = EVP_MD_CTX_new();
        if (!in.md || !EVP_DigestInit_ex(in.md, EVP_sha256(), NULL)) { set_err(err, errcap, "snapshot: SHA-256 unavailable"); goto fail; }
    }

    char magic[8];
    if (raw_read(&in, magic, 8) < 0) { set_err(err, errcap, "snapshot: file is empty or truncated"); goto fail; }
    SnapHeader hd;
    if (memcmp(magic, SNAP_ZMAGIC, 8) == 0) {
        uint64_t total;
        snap_sum_init(&in.zsum);
        snap_sum_update(&in.zsum, magic, 8);
        in.zsumming = 1;
        if (raw_read(&in, &total, 8) < 0) { set_err(err, errcap, "snapshot: truncated compressed header"); goto fail; }
        in.z = ZSTD_createDCtx();
        if (!in.z) { set_err(err, errcap, "snapshot: out of memory"); goto fail; }
        if (take(&in, &hd, sizeof hd, 1) < 0) { set_err(err, errcap, "snapshot: truncated or corrupt compressed data"); goto fail; }
        if (hd.total_bytes != total) { set_err(err, errcap, "snapshot: compressed header disagrees with contents"); goto fail; }
    } else if (memcmp(magic, SNAP_MAGIC, 8) == 0) {
        memcpy(&hd, magic, 8);
        snap_sum_update(&in.sum, magic, 8);
        if (in.md) EVP_DigestUpdate(in.md, magic, 8);
        in.canonical = 8;
        if (take(&in, (uint8_t *)&hd + 8, sizeof hd - 8, 1) < 0) { set_err(err, errcap, "snapshot: truncated header"); goto fail; }
    } else {
        set_err(err, errcap, "snapshot: not a cryo snapshot (bad magic)");
        goto fail;
    }
    if (hd.format_version != SNAP_FORMAT_VERSION || hd.header_size != sizeof hd) {
        set_err(err, errcap, "snapshot: unsupported format version %u (this cryo reads version %u)", hd.format_version, SNAP_FORMAT_VERSION);
        goto fail;
    }
    char want_ev[sizeof hd.engine_version] = { 0 };
    strncpy(want_ev, CRYO_VERSION, sizeof want_ev - 1);
    if (memcmp(hd.engine_version, want_ev, sizeof want_ev) != 0) {   /* padding included */
        char ev[17];
        memcpy(ev, hd.engine_version, 16);
        ev[16] = 0;
        set_err(err, errcap, "snapshot: written by cryo %s, this is cryo %s", ev, CRYO_VERSION);
        goto fail;
    }
    if (hd.word_size != 8 || hd.little_endian != 1 || hd.value_format != 1 || hd.flags != 0 || hd.reserved0 != 0) {
        set_err(err, errcap, "snapshot: incompatible word size, byte order or value format");
        goto fail;
    }
    if (hd.root_count != ROOT_COUNT || hd.section_count != NSECTIONS) { set_err(err, errcap, "snapshot: unexpected root or section count"); goto fail; }
    if (hd.heap_bytes < 8 || (hd.heap_bytes & 7) || hd.heap_bytes > ((uint64_t)1 << 35) || hd.total_bytes < hd.heap_bytes) {
        set_err(err, errcap, "snapshot: bad heap size");
        goto fail;
    }
    in.limit = hd.total_bytes;

    vm = vm_new_bare(hd.heap_bytes * 2 > ((size_t)8 << 30) ? (size_t)(hd.heap_bytes * 2) : 0);
    if (!vm) { set_err(err, errcap, "snapshot: cannot create VM (out of memory)"); goto fail; }
    if (hd.native_signature != vm->builtin_signature || hd.builtin_natives != vm->builtin_native_count) {
        set_err(err, errcap, "snapshot: built-in function table differs (written by a different build of cryo)");
        goto fail;
    }
    if (host_setup && host_setup(vm, host_ctx) < 0) { set_err(err, errcap, "snapshot: host setup failed"); goto fail; }
    if (hd.heap_bytes > vm->reserve_bytes) { set_err(err, errcap, "snapshot: heap image larger than the heap reservation"); goto fail; }

    /* ROOT */
    Value roots[ROOT_COUNT];
    int64_t len = take_section(&in, "ROOT", sizeof roots, 1, err, errcap);
    if (len < 0) goto fail;
    if ((size_t)len != sizeof roots || take(&in, roots, sizeof roots, 1) < 0) { set_err(err, errcap, "snapshot: bad ROOT section"); goto fail; }
    /* NATV */
    len = take_section(&in, "NATV", 1 << 24, 1, err, errcap);
    if (len < 0) goto fail;
    natv = malloc((size_t)len + 1);
    if (!natv) { set_err(err, errcap, "snapshot: out of memory"); goto fail; }
    if (take(&in, natv, (size_t)len, 1) < 0 || take_pad(&in, (uint64_t)len) < 0) { set_err(err, errcap, "snapshot: truncated NATV section"); goto fail; }
    natv[len] = 0;
    {
        /* every host function the snapshot names must exist here, at the same index */
        uint32_t k = 0;
        size_t p = 0;
        while (p < (size_t)len) {
            const char *name = natv + p;
            size_t l = strnlen(name, (size_t)len - p);
            if (p + l >= (size_t)len) { set_err(err, errcap, "snapshot: malformed host function table"); goto fail; }
            uint32_t id = vm->builtin_native_count + k;
            if (id == vm->native_count && vm->snap_stand_in_hosts &&
                vm_register_host_function_magic(vm, name, snap_missing_host, 0, (int)k) < 0) {
                set_err(err, errcap, "snapshot: out of memory");
                goto fail;
            }
            if (id >= vm->native_count || strcmp(vm->natives[id]->name, name) != 0) {
                set_err(err, errcap, "snapshot: needs host function '%s', which this program does not provide (at index %u)", name, k);
                goto fail;
            }
            p += l + 1;
            k++;
        }
        if (k != hd.host_natives) { set_err(err, errcap, "snapshot: host function count mismatch"); goto fail; }
    }
    /* META */
    SnapMeta meta;
    len = take_section(&in, "META", sizeof meta, 1, err, errcap);
    if (len < 0) goto fail;
    if ((size_t)len != sizeof meta || take(&in, &meta, sizeof meta, 1) < 0) { set_err(err, errcap, "snapshot: bad META section"); goto fail; }
    /* ALGN: zeros up to the aligned start of the heap image */
    {
        size_t want_pad = align_pad(in.canonical, hd.heap_bytes);
        len = take_section(&in, "ALGN", SNAP_HEAP_ALIGN, 1, err, errcap);
        if (len < 0) goto fail;
        if ((size_t)len != want_pad) { set_err(err, errcap, "snapshot: bad ALGN section length"); goto fail; }
        uint8_t *z = malloc(want_pad ? want_pad : 8);
        int bad = !z || take(&in, z, want_pad, 1) < 0 || memcmp(z, snap_zero_page, want_pad) != 0;
        free(z);
        if (bad) { set_err(err, errcap, "snapshot: bad ALGN section (truncated or not zero)"); goto fail; }
    }
    /* HEAP: mapped from the file, or one bulk read straight into the heap */
    len = take_section(&in, "HEAP", hd.heap_bytes, 1, err, errcap);
    if (len < 0) goto fail;
    if ((uint64_t)len != hd.heap_bytes) { set_err(err, errcap, "snapshot: bad HEAP section length"); goto fail; }
    int mapped = map_heap(&in, vm, (size_t)hd.heap_bytes);
    if (mapped < 0) { set_err(err, errcap, "snapshot: cannot map the heap image: %s", strerror(errno)); goto fail; }
    if (!mapped) {
#ifdef MADV_HUGEPAGE
        /* large pages for the image: far fewer page faults while it is read in (advice only) */
        if (hd.heap_bytes >= ((uint64_t)8 << 20)) madvise(vm->base, (size_t)hd.heap_bytes, MADV_HUGEPAGE);
#endif
        /* not checksummed here: like a mapped image, on the validator's helper thread */
        if (take(&in, vm->base, (size_t)hd.heap_bytes, 0) < 0) { set_err(err, errcap, "snapshot: truncated heap image"); goto fail; }
    }
    vm->top = (size_t)hd.heap_bytes;
    /* BMAP: after the image; checksummed and hashed after it, by sum_job */
    size_t bm_expect = (size_t)(((hd.heap_bytes >> 3) + 7) >> 3);
    bm_expect += pad8(bm_expect);
    len = take_section(&in, "BMAP", bmap_index_bytes(bm_expect) + bm_expect, 0, err, errcap);   /* (hashed by sum_job) */
    if (len < 0) goto fail;
    bmap_len = (size_t)len;
    bm = malloc(bm_expect ? bm_expect : 8);
    bmap = malloc(bmap_len ? bmap_len : 8);
    if (!bm || !bmap || take(&in, bmap, bmap_len, 0) < 0) { set_err(err, errcap, "snapshot: truncated BMAP section"); goto fail; }
    if (bmap_decode(bmap, bmap_len, bm, bm_expect) < 0) { set_err(err, errcap, "snapshot: bad BMAP section"); goto fail; }
    /* trailer */
    SectionHeader th;
    uint8_t digest[32], want[32];
    uint64_t want_sum, sum;
    char end[8];
    unsigned dl = 0;
    const char *why = NULL;
    if (take(&in, &th, sizeof th, 0) < 0 || memcmp(th.tag, "HASH", 4) != 0 || th.reserved != 0 || th.length != SNAP_TRAILER_LEN ||
        take(&in, want, 32, 0) < 0 || take(&in, &want_sum, 8, 0) < 0 || take(&in, end, 8, 0) < 0 || memcmp(end, SNAP_END, 8) != 0)
        why = "snapshot: truncated or missing trailer";
    else if (in.canonical != hd.total_bytes)
        why = "snapshot: length mismatch";
    else if (in.z) {
        uint32_t zero;
        uint64_t zs = 0, want_zs;
        if (raw_read(&in, &zero, 4) < 0 || zero != 0) why = "snapshot: missing end of compressed stream";
        else if ((zs = snap_sum_final(&in.zsum), in.zsumming = 0, raw_read(&in, &want_zs, 8) < 0))
            why = "snapshot: missing checksum of the compressed stream";
        else if (snap_verify >= 1 && zs != want_zs)
            why = "snapshot: checksum mismatch in the compressed stream: the file is corrupt";
    }
    if (why) { set_err(err, errcap, "%s", why); goto fail; }
    memcpy(vm->roots, roots, sizeof roots);
    uint64_t t1 = snap_now_ns();
    /* the image is checksummed (and hashed) on the validator's helper thread while the
     * validation runs: the validator is safe on any bytes, and its verdict counts only once
     * the checksum has matched */
    SumJob job = { &in, vm->base, (size_t)hd.heap_bytes, bmap, bmap_len, 0, 0 };
    int valid = snap_validate_heap_with(vm, bm, sum_job, &job, err, errcap) == 0;
    if (in.md) EVP_DigestFinal_ex(in.md, digest, &dl);
    snap_sum_update(&in.sum, &th, sizeof th);   /* the checksum also covers the digest */
    snap_sum_update(&in.sum, want, 32);
    sum = snap_sum_final(&in.sum);
    if (snap_verify >= 1 && sum != want_sum) { set_err(err, errcap, "snapshot: checksum mismatch: the file is corrupt"); goto fail; }
    if (job.failed) { set_err(err, errcap, "snapshot: out of memory"); goto fail; }
    if (in.md && memcmp(digest, want, 32) != 0) { set_err(err, errcap, "snapshot: SHA-256 mismatch: the file is corrupt"); goto fail; }
    if (!valid) goto fail;   /* the validator's message is in err */
    vm->gc_threshold = meta.gc_threshold;
    vm->alloc_since_gc = 0;
    vm->live_after_gc = vm->top;
    vm->meter = meta.meter;
    vm->meter_limit = meta.meter_limit;
    if (info) {
        memcpy(info->sha256, want, 32);   /* verified when snap_verify >= 2 */
        info->total_bytes = hd.total_bytes;
        info->stored_bytes = in.stored;
        info->heap_bytes = hd.heap_bytes;
        info->compressed = in.z != NULL;
        info->cell_count = 0;
        info->ns_collect = 0;
        info->ns_stream = t1 - t0;
        info->ns_sync = 0;
        info->ns_validate = snap_now_ns() - t1;
        info->ns_cpu = snap_thread_cpu_ns() - c0;
        info->ns_collect_cpu = 0;
        info->ns_sha_cpu = job.cpu_ns;
        info->mapped = mapped;
    }
    free(bm);
    free(bmap);
    free(natv);
    free(in.zin);
    EVP_MD_CTX_free(in.md);
    if (in.z) ZSTD_freeDCtx(in.z);
    return vm;
fail:
    if (vm) {
        /* the bare VM may hold an invalid heap: drop it without touching its contents */
        vm->top = 8;
        for (int i = 0; i < ROOT_COUNT; i++) vm->roots[i] = VAL_UNDEFINED;
        vm_free(vm);
    }
    free(bm);
    free(bmap);
    free(natv);
    free(in.zin);
    if (in.md) EVP_MD_CTX_free(in.md);
    if (in.z) ZSTD_freeDCtx(in.z);
    return NULL;
}

static long fd_read_some(void *ctx, void *buf, size_t n) {
    int fd = *(int *)ctx;
    for (;;) {
        ssize_t r = read(fd, buf, n);
        if (r < 0 && errno == EINTR) continue;
        return (long)r;
    }
}

VM *snap_load(SnapReadFn fn, void *ctx, SnapHostSetup host_setup, void *host_ctx,
              SnapInfo *info, char *err, size_t errcap) {
    return load(fn, ctx, -1, host_setup, host_ctx, info, err, errcap);
}

VM *snap_load_fd(int fd, SnapHostSetup host_setup, void *host_ctx, SnapInfo *info, char *err, size_t errcap) {
    return load(fd_read_some, &fd, fd, host_setup, host_ctx, info, err, errcap);
}

VM *snap_load_path(const char *path, SnapHostSetup host_setup, void *host_ctx, SnapInfo *info, char *err, size_t errcap) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { set_err(err, errcap, "snapshot: cannot open %s: %s", path, strerror(errno)); return NULL; }
    SnapInfo local;
    if (!info) info = &local;
    VM *vm = snap_load_fd(fd, host_setup, host_ctx, info, err, errcap);
    struct stat st;
    if (vm && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size != info->stored_bytes) {
        /* a file holds one snapshot and nothing else */
        set_err(err, errcap, "snapshot: %llu bytes of trailing data after the snapshot",
                (unsigned long long)st.st_size - (unsigned long long)info->stored_bytes);
        vm_free(vm);
        vm = NULL;
    }
    close(fd);
    return vm;
}

typedef struct BufSrc { const uint8_t *p; size_t n; } BufSrc;
static long buf_read(void *ctx, void *buf, size_t n) {
    BufSrc *b = ctx;
    if (n > b->n) n = b->n;
    memcpy(buf, b->p, n);
    b->p += n;
    b->n -= n;
    return (long)n;
}

VM *snap_load_buffer(const void *buf, size_t len, SnapHostSetup host_setup, void *host_ctx,
                     SnapInfo *info, char *err, size_t errcap) {
    BufSrc b = { buf, len };
    return snap_load(buf_read, &b, host_setup, host_ctx, info, err, errcap);
}
