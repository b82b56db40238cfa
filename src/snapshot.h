/* snapshot.h — writing the whole heap to a byte stream and loading it back.
 * The format is specified normatively in docs/snapshot-format.md; keep them in step.
 *
 * Writing happens at a quiescent point (no JavaScript or host C frame on the VM stack, no
 * registered C roots). It runs a full collection — after which the heap bytes [0, top) are
 * canonical (heap.h) — and streams header, sections and trailer without seeking.
 * Loading validates the header, maps the heap image from the file (snap_map) or reads it in
 * one bulk read into a fresh VM's heap, verifies the trailer's checksum (and SHA-256 when
 * snap_verify >= 2) and validates every cell in one linear pass before anything runs. */
#ifndef CRYO_SNAPSHOT_H
#define CRYO_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include "vm.h"

#define SNAP_MAGIC "CRYOSNAP"          /* first 8 bytes of an uncompressed snapshot */
#define SNAP_ZMAGIC "CRYOZST1"         /* first 8 bytes of a zstd-compressed snapshot */
#define SNAP_FORMAT_VERSION 5          /* bump on any incompatible change */
#define SNAP_HEAP_ALIGN 4096           /* the HEAP payload's stream offset is a multiple of this
                                          (the page size, for mmap; where pages are larger the
                                          image is read instead) ... */
#define SNAP_MAP_MIN ((uint64_t)1 << 20) /* ... when the image has at least this many bytes
                                          (smaller ones are read, not mapped: no padding) */
#define SNAP_TRAILER_LEN 40            /* HASH payload: SHA-256 (32) + fast checksum (8) */

enum { SNAP_COMPRESS = 1 };            /* snap_write flags */

/* A sink for snapshot bytes: returns 0, or -1 on an I/O error (errno set). */
typedef int (*SnapWriteFn)(void *ctx, const void *buf, size_t n);
/* A source: reads up to n bytes, returns the count (0 at end of input) or -1. */
typedef long (*SnapReadFn)(void *ctx, void *buf, size_t n);

/* Summary of a snapshot (filled by snap_write and snap_load / snap_inspect). */
typedef struct SnapInfo {
    uint8_t sha256[32];        /* hash of the canonical uncompressed bytes */
    uint64_t total_bytes;      /* canonical (uncompressed) size */
    uint64_t stored_bytes;     /* bytes written / read (compressed size when compressed) */
    uint64_t heap_bytes;       /* size of the heap image */
    uint32_t cell_count;       /* cells in the heap image */
    int compressed;            /* stored with zstd */
    /* phase times in nanoseconds (measurement only; never part of the snapshot) */
    uint64_t ns_collect;       /* write: the full collection before writing */
    uint64_t ns_stream;        /* write: bitmap, hash, compression and output; load: input and hash */
    uint64_t ns_sync;          /* write_path: fsync, rename and directory fsync */
    uint64_t ns_validate;      /* load: the validation pass over the heap image (two threads;
                                  the image's checksum runs on the helper meanwhile) */
    uint64_t ns_cpu;           /* CPU time of the calling thread in snap_write / snap_load */
    uint64_t ns_collect_cpu;   /* write: the part of ns_cpu spent in the collection */
    uint64_t ns_sha_cpu;       /* write: CPU time of SHA-256 on helper threads (runs alongside);
                                  load: of the heap image's checksum (on the helper) */
    uint64_t pieces_early;     /* write: pieces of the image hashed during the collection
                                  (SNAP_HASH_PIECE bytes each, behind the scan) */
    int mapped;                /* load: the heap image was mapped from the file, not read */
} SnapInfo;

/* Monotonic clock in nanoseconds, for the phase times above. */
uint64_t snap_now_ns(void);
/* CPU time of the calling thread in nanoseconds (user + system). */
uint64_t snap_thread_cpu_ns(void);

/* Write vm's heap. Returns 0, or -1 with a message in err (I/O error or not quiescent). */
int snap_write(VM *vm, SnapWriteFn fn, void *ctx, int flags, SnapInfo *info, char *err, size_t errcap);
int snap_write_fd(VM *vm, int fd, int flags, SnapInfo *info, char *err, size_t errcap);
/* Atomic write to a path: temporary file, fsync, rename, fsync of the directory. A path that
 * names an existing pipe, socket or device (/dev/stdout) is written in place as a stream. */
int snap_write_path(VM *vm, const char *path, int flags, SnapInfo *info, char *err, size_t errcap);

/* Load a snapshot into a new VM. `host_setup` (may be NULL) registers the loading program's
 * host functions on the bare VM before validation, so that they can be matched by name.
 * Returns NULL with a message in err on any problem (never crashes on bad input). */
typedef int (*SnapHostSetup)(VM *vm, void *ctx);
VM *snap_load(SnapReadFn fn, void *ctx, SnapHostSetup host_setup, void *host_ctx,
              SnapInfo *info, char *err, size_t errcap);
VM *snap_load_fd(int fd, SnapHostSetup host_setup, void *host_ctx, SnapInfo *info, char *err, size_t errcap);
VM *snap_load_path(const char *path, SnapHostSetup host_setup, void *host_ctx, SnapInfo *info, char *err, size_t errcap);
VM *snap_load_buffer(const void *buf, size_t len, SnapHostSetup host_setup, void *host_ctx,
                     SnapInfo *info, char *err, size_t errcap);

/* Validate the heap and roots of a VM (the loader's pass; also usable as a checker). */
int snap_validate_heap(VM *vm, const uint8_t *cell_bitmap, char *err, size_t errcap);
/* The same, with a side job: heaps from 256 KB on are validated on two threads (split at a
 * cell start at about 11/16 of the image); the helper runs side(side_ctx) first, then the
 * upper part. side (may be NULL) runs exactly once either way, inline first for a small heap
 * or when no thread could be had. The verdict and message depend on the heap alone. */
int snap_validate_heap_with(VM *vm, const uint8_t *cell_bitmap, void (*side)(void *), void *side_ctx,
                            char *err, size_t errcap);
/* Number of bits set in the n bytes (a multiple of 8) of a cell bitmap. */
size_t snap_bitmap_popcount(const uint8_t *bm, size_t n);

/* The trailer's fast checksum over the canonical bytes (docs/snapshot-format.md): streaming
 * state, feed with snap_sum_update in any split, read with snap_sum_final. */
typedef struct SnapSum {
    uint64_t lane[4];          /* the four accumulator lanes */
    uint8_t buf[32];           /* bytes of an incomplete 32-byte stripe */
    size_t nbuf;               /* how many of buf are used */
    uint64_t total;            /* bytes fed so far */
} SnapSum;
void snap_sum_init(SnapSum *s);
void snap_sum_update(SnapSum *s, const void *data, size_t n);
uint64_t snap_sum_final(const SnapSum *s);

/* Whether snap_load_fd / snap_load_path map the heap image of an uncompressed snapshot in a
 * regular file (default 1) instead of reading it. A mapped image is private to the VM
 * (copy-on-write), but its unwritten pages are the file's pages: the file must not be
 * modified in place (truncated or overwritten) while the VM has it mapped. Replacing it by
 * rename, as snap_write_path does, is safe; before overwriting it in place call
 * heap_unmap_file (heap.h). The mapping ends at the VM's first collection. */
extern int snap_map;

/* How much integrity checking snap_load does: 0 none (the fuzzer, to reach the validator),
 * 1 the fast checksum (default), 2 the checksum and the SHA-256 (`cryo snapshot check|hash`). */
extern int snap_verify;

/* The identity (docs/snapshot-format.md "The identity"): the SHA-256 of the canonical stream
 * before the trailer in which the heap image is replaced by its digest, the SHA-256 of the
 * SHA-256s of its consecutive SNAP_HASH_PIECE-byte pieces (the last one shorter). Pieces can
 * be hashed in any order and on any thread: the writer hashes most of them during its
 * collection, behind the scan (GcTrail, heap.h). */
#define SNAP_HASH_PIECE ((size_t)1 << 20)
/* SHA-256 of n bytes (one piece of a heap image). */
void snap_piece_digest(const void *p, size_t n, uint8_t out[32]);
/* The digest of a heap image from the digests of its `count` pieces, in order. */
void snap_heap_digest(const uint8_t (*pieces)[32], size_t count, uint8_t out[32]);
/* The identity of a whole uncompressed snapshot in memory (its trailer included). 0, or -1
 * when the bytes are not laid out as a snapshot (header, heap size, trailer). */
int snap_identity(const uint8_t *stream, size_t len, uint8_t out[32]);

/* Lowercase hex of a hash into out (65 bytes). */
void snap_hex(const uint8_t sha[32], char *out);

#endif
