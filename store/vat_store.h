/* vat_store.h — the vat store: a vat's transcript and snapshots in one SQLite database.
 * docs/vat-store.md is the normative description of the schema and of the rules below;
 * keep the two in step.
 *
 * Invariants (the store's contract):
 *  - A vat's transcript holds items at positions 0..N with no gap. Item 0 is the vat's
 *    source (delivery `e` + source text); item p > 0 is the p-th delivery (`?` + message).
 *    Each item records the delivery bytes, the result (status byte `.` or `!` + bytes) and
 *    the deterministic meter record (the worker's meter without its timestamps).
 *  - Item p's syscalls (vat_syscall.h) are rows (p, 0..k-1) of the syscalls table, each
 *    the bytes the vat gave issueCommand and the bytes answered.
 *  - span_hash(p) = SHA-256(span_hash(p-1) || item_hash(p)) with span_hash(-1) = 32 zero
 *    bytes, item_hash = SHA-256(netstring(delivery) netstring(result) netstring(meter)
 *    then netstring(syscall_i) netstring(answer_i) for each syscall in order) — without
 *    syscalls, the hash of schema version 1.
 *  - The kvstore table is the vat's key-value store after its last position: the fold of
 *    every recorded set and delete that was answered `["ok",null]`; the outbox table holds
 *    one row per such send, the resolutions table one row per resolution of such a
 *    resolve (a vpid at most once), the exits table one row per vat that made such an
 *    exit (a vat with one takes no more deliveries). They change only in the transaction
 *    of the delivery whose syscalls change them.
 *  - A blob (the boot files and setup message of a vat, docs/vat-store.md "Boot") is
 *    stored once under the SHA-256 of its bytes, zstd-compressed; it is never changed or
 *    removed, and a blob whose bytes do not hash to its key is corrupt.
 *  - The snapshots table lists every position at which the vat's worker wrote a snapshot
 *    (a snapshot is a full collection, so it is part of the vat's deterministic history and
 *    a replay writes one at the same positions). A row's blob is the zstd compression of
 *    the canonical snapshot bytes, or NULL once pruned; its hash is the identity of the
 *    canonical bytes (the snapshot's own trailer hash, `cryo snapshot hash`: a SHA-256,
 *    snap_identity in src/snapshot.h); its span_hash
 *    is the transcript's span hash at that position.
 *  - Every write is one SQLite transaction: one per delivery (the transcript item, its
 *    syscalls, and their effects on kvstore and outbox), one per snapshot (the row plus
 *    pruning). A process killed at any moment leaves either all
 *    of a transaction or none of it. */
#ifndef CRYO_VAT_STORE_H
#define CRYO_VAT_STORE_H

#include <stddef.h>
#include <stdint.h>

#define VS_SCHEMA_VERSION 3           /* PRAGMA user_version of a vat store */
#define VS_APPLICATION_ID 0x6372796f  /* PRAGMA application_id: "cryo" */
#define VS_HASH 32                    /* SHA-256 length */
#define VS_METER_MAX 256              /* longest deterministic meter record */

/* Status codes of the store functions (also the `cryo vat` exit codes, docs/vat-store.md). */
enum {
    VS_OK = 0,
    VS_ERROR = 1,        /* I/O, SQLite, not a vat store, no such vat, bad argument */
    VS_DIVERGED = 3,     /* a replayed delivery or snapshot differs from the recorded one */
    VS_CORRUPT = 4,      /* the store's contents fail their hashes (chain, snapshot blob) */
    VS_WORKER = 5,       /* the worker could not run, died, or broke the protocol */
    VS_CONFLICT = 6,     /* another process appended to the same vat meanwhile */
    VS_EXITED = 7,       /* the vat made an exit syscall: it takes no more deliveries */
};

typedef struct VatStore VatStore;

/* Open options. */
typedef struct VsOpenOptions {
    int create;          /* create the database file and schema if missing */
    int sync_full;       /* PRAGMA synchronous=FULL (durable against power loss too) */
    int readonly;        /* open read-only (log, status, check) */
} VsOpenOptions;

/* A vat's configuration (the vats table row). */
typedef struct VsVat {
    char name[128];              /* the vat's name (1..127 bytes, no NUL) */
    uint64_t snapshot_every;     /* K: a snapshot after every position p with p % K == 0 (0: never) */
    uint64_t keep_snapshots;     /* snapshot blobs kept, newest first (0: all) */
    uint64_t meter_limit;        /* computrons per delivery (worker -l; 0: none) */
    uint64_t memory_mb;          /* live-heap limit in MiB (worker -m) */
    char engine[64];             /* cryo version and meter version that created the vat */
    /* filled by vs_vat_get from the transcript: */
    int64_t position;            /* last transcript position (-1: no items yet) */
    uint8_t span[VS_HASH];       /* span hash at `position` (zeros when -1) */
} VsVat;

/* One syscall of a delivery, as recorded: the bytes the vat gave issueCommand and the
 * bytes it got back (vat_syscall.h). */
typedef struct VsSyscall {
    const uint8_t *call;         /* the syscall (JSON) */
    size_t call_len;
    const uint8_t *answer;       /* the answer (JSON) */
    size_t answer_len;
} VsSyscall;

/* One transcript item. The pointers are owned by whoever filled the struct: vs_item_next
 * points into memory valid until the next call. */
typedef struct VsItem {
    int64_t position;            /* 0 = the source */
    const uint8_t *delivery;     /* command byte (`e`, `?`) + payload */
    size_t delivery_len;
    const uint8_t *result;       /* `.` + result bytes, or `!` + error text */
    size_t result_len;
    char meter[VS_METER_MAX];    /* {"currentHeapCount":N,"compute":N,"allocate":N} */
    uint64_t compute;            /* computrons (from the meter) */
    uint8_t span[VS_HASH];       /* span hash stored with the item */
    const VsSyscall *sys;        /* the delivery's syscalls, in the order made */
    size_t nsys;                 /* their count */
} VsItem;

/* A snapshot row (without its blob). */
typedef struct VsSnap {
    int64_t position;            /* transcript position the snapshot follows */
    uint8_t hash[VS_HASH];       /* identity of the canonical bytes (trailer hash, snap_identity) */
    uint8_t span[VS_HASH];       /* span hash at `position` */
    uint64_t size;               /* canonical (uncompressed) bytes */
    uint64_t zsize;              /* compressed bytes (0 when pruned) */
    int pruned;                  /* the blob was removed by the retention policy */
} VsSnap;

/* Open (or create) a store. NULL with a message in err. */
VatStore *vs_open(const char *path, const VsOpenOptions *opt, char *err, size_t errcap);
void vs_close(VatStore *st);
/* Message of the last SQLite error, for reports. */
const char *vs_errmsg(VatStore *st);

/* Explicit transactions (for creating a vat and its item 0 together). */
int vs_begin(VatStore *st, char *err, size_t errcap);
int vs_commit(VatStore *st, char *err, size_t errcap);
void vs_rollback(VatStore *st);

/* Create a vat row (no transcript yet). VS_ERROR when it exists. */
int vs_vat_create(VatStore *st, const VsVat *vat, char *err, size_t errcap);
/* Read a vat's row and its last position/span hash. VS_ERROR when absent. */
int vs_vat_get(VatStore *st, const char *name, VsVat *vat, char *err, size_t errcap);
/* Change a vat's policy (snapshot_every, keep_snapshots). */
int vs_vat_set_policy(VatStore *st, const VsVat *vat, char *err, size_t errcap);
/* Names of all vats, in name order: calls fn for each. */
int vs_vat_list(VatStore *st, void (*fn)(void *ctx, const VsVat *vat), void *ctx, char *err, size_t errcap);

/* The hash of an item (st, when not NULL, lends its digest context) and the next span
 * hash: pure functions of their inputs. */
void vs_item_hash(VatStore *st, const VsItem *item, uint8_t out[VS_HASH]);
void vs_span_next(const uint8_t prior[VS_HASH], const uint8_t item_hash[VS_HASH], uint8_t out[VS_HASH]);
void vs_sha256(const void *data, size_t len, uint8_t out[VS_HASH]);
/* printf into err (NULL or cap 0: nothing), for the store's messages. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
void vs_set_err(char *err, size_t cap, const char *fmt, ...);
/* Lowercase hex of a hash (65 bytes with the NUL). */
void vs_hex(const uint8_t h[VS_HASH], char out[2 * VS_HASH + 1]);

/* Append `item` and its syscalls at vat->position + 1, inside the caller's transaction
 * (vs_begin), computing its span hash from vat->span; on success vat->position and
 * vat->span advance. VS_CONFLICT when the position is already taken (another writer). */
int vs_append(VatStore *st, VsVat *vat, VsItem *item, char *err, size_t errcap);

/* Iterate the items of a vat with from <= position <= to, in order, each with its
 * syscalls (a syscall row without its item, or numbered out of sequence: -2, corrupt). */
typedef struct VsCursor VsCursor;
VsCursor *vs_items(VatStore *st, const char *vat, int64_t from, int64_t to, char *err, size_t errcap);
/* 1 and *item filled, 0 at the end, -1 on error (message in err). */
int vs_item_next(VsCursor *c, VsItem *item, char *err, size_t errcap);
void vs_cursor_free(VsCursor *c);

/* The vat's key-value store. Reads see the caller's open transaction; writes belong in
 * the delivery's transaction. Keys and values are byte strings; *out is malloc'd (NULL
 * when absent). */
int vs_kv_get(VatStore *st, const char *vat, const uint8_t *key, size_t klen, uint8_t **out, size_t *outlen,
              char *err, size_t errcap);
int vs_kv_set(VatStore *st, const char *vat, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen,
              char *err, size_t errcap);
int vs_kv_delete(VatStore *st, const char *vat, const uint8_t *key, size_t klen, char *err, size_t errcap);
/* The least key greater than `prior` (memcmp order), or *out NULL. */
int vs_kv_next(VatStore *st, const char *vat, const uint8_t *prior, size_t plen, uint8_t **out, size_t *outlen,
               char *err, size_t errcap);
/* Count, total bytes (keys + values) and hash of a vat's key-value store: SHA-256 of
 * netstring(key) netstring(value) for every key in order. */
int vs_kv_summary(VatStore *st, const char *vat, int64_t *count, int64_t *bytes, uint8_t hash[VS_HASH],
                  char *err, size_t errcap);
/* Calls fn for every key and value in order (for `cryo vat kv`); stops when fn returns
 * nonzero. */
int vs_kv_list(VatStore *st, const char *vat, int (*fn)(void *ctx, const uint8_t *k, size_t kl, const uint8_t *v,
               size_t vl), void *ctx, char *err, size_t errcap);

/* The number of syscalls recorded for a vat. */
int vs_syscall_count(VatStore *st, const char *vat, int64_t *n, char *err, size_t errcap);

/* One outbox row: a `send` made by the vat (vat_syscall.h). */
typedef struct VsSend {
    int64_t position;            /* the delivery that made it */
    int64_t index;               /* its index among that delivery's syscalls */
    const uint8_t *target;       /* the target vref (decoded) */
    size_t target_len;
    const uint8_t *methargs;     /* the methargs capdata, JSON as the vat wrote it */
    size_t methargs_len;
    const uint8_t *result;       /* the result vpid (decoded), NULL when none */
    size_t result_len;
} VsSend;
/* Append a send (inside the delivery's transaction). */
int vs_outbox_put(VatStore *st, const char *vat, const VsSend *m, char *err, size_t errcap);
/* Calls fn for every outbox row with position >= from, in order, at most `count` of them
 * (0: all); *total receives the number of rows of the vat. */
int vs_outbox_list(VatStore *st, const char *vat, int64_t from, int64_t count, void (*fn)(void *ctx, const VsSend *m),
                   void *ctx, int64_t *total, char *err, size_t errcap);

/* One resolution of a `resolve` syscall. */
typedef struct VsResolution {
    int64_t position;            /* the delivery that made it */
    int64_t index;               /* the resolve's index among that delivery's syscalls */
    int64_t sub;                 /* the resolution's index within the resolve */
    const uint8_t *vpid;         /* the promise (decoded) */
    size_t vpid_len;
    int rejected;                /* 1: rejected, 0: fulfilled */
    const uint8_t *data;         /* the capdata, JSON as the vat wrote it */
    size_t data_len;
} VsResolution;
/* Append a resolution (inside the delivery's transaction); VS_CONFLICT when the vpid has
 * one already. */
int vs_resolution_put(VatStore *st, const char *vat, const VsResolution *r, char *err, size_t errcap);
/* Calls fn for every resolution with position >= from in order, at most `count` (0: all);
 * *total receives the vat's number of resolutions. */
int vs_resolution_list(VatStore *st, const char *vat, int64_t from, int64_t count,
                       void (*fn)(void *ctx, const VsResolution *r), void *ctx, int64_t *total, char *err, size_t errcap);

/* A vat's exit (its `exit` syscall). */
typedef struct VsExit {
    int exited;                  /* the vat made one */
    int64_t position;            /* the delivery that made it */
    int64_t index;               /* the syscall's index in it */
    int failure;                 /* isFailure */
    uint8_t *info;               /* the capdata's JSON (malloc'd; vs_exit_get) */
    size_t info_len;
} VsExit;
/* Record an exit (inside the delivery's transaction); VS_CONFLICT when the vat has one. */
int vs_exit_put(VatStore *st, const char *vat, const VsExit *e, char *err, size_t errcap);
/* Read a vat's exit: e->exited 0 when it has none (free e->info). */
int vs_exit_get(VatStore *st, const char *vat, VsExit *e, char *err, size_t errcap);

/* A savepoint inside the open transaction (one syscall's writes), released or rolled
 * back to. */
int vs_savepoint(VatStore *st, char *err, size_t errcap);
int vs_release(VatStore *st, char *err, size_t errcap);
void vs_rollback_savepoint(VatStore *st);

/* Store bytes as a blob under their SHA-256 (*hash), unless it is there already. */
int vs_blob_put(VatStore *st, const uint8_t *raw, size_t len, uint8_t hash[VS_HASH], char *err, size_t errcap);
/* The bytes of blob `hash` (*raw malloc'd): VS_ERROR when there is none, VS_CORRUPT when
 * they do not decompress or hash to it. */
int vs_blob_get(VatStore *st, const uint8_t hash[VS_HASH], uint8_t **raw, size_t *len, char *err, size_t errcap);

/* A scratch key-value store, outbox, resolutions and exits (TEMP tables, also on a
 * read-only connection) that `check` fills from the transcript, then compares with the
 * vat's. */
int vs_scratch_reset(VatStore *st, char *err, size_t errcap);
int vs_scratch_set(VatStore *st, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, char *err, size_t errcap);
int vs_scratch_delete(VatStore *st, const uint8_t *key, size_t klen, char *err, size_t errcap);
int vs_scratch_send(VatStore *st, const VsSend *m, char *err, size_t errcap);
int vs_scratch_resolution(VatStore *st, const VsResolution *r, char *err, size_t errcap);
int vs_scratch_exit(VatStore *st, const VsExit *e, char *err, size_t errcap);
/* The number of keys, outbox rows, resolutions and exit rows (diff[0..3]) that differ
 * between the scratch copy and the vat's. */
int vs_scratch_compare(VatStore *st, const char *vat, int64_t diff[4], char *err, size_t errcap);

/* Store a snapshot of the vat at `position` (the canonical bytes `raw`): verifies that its
 * trailer hash is the identity of the bytes (snap_identity), compresses it and writes the row and the
 * retention pruning in one transaction. The row's hash is returned in *out. */
int vs_snapshot_put(VatStore *st, const VsVat *vat, int64_t position, const uint8_t span[VS_HASH],
                    const uint8_t *raw, size_t len, VsSnap *out, char *err, size_t errcap);
/* Replace the blob of an existing row whose recorded hash equals the bytes' (repair). */
int vs_snapshot_repair(VatStore *st, const char *vat, int64_t position, const uint8_t *raw, size_t len,
                       char *err, size_t errcap);
/* All snapshot rows of a vat, oldest first: *out is malloc'd (free it), *n its count. */
int vs_snapshot_list(VatStore *st, const char *vat, VsSnap **out, size_t *n, char *err, size_t errcap);
/* The canonical bytes of the snapshot at `position`: decompressed and checked against the
 * row's size and hash. VS_CORRUPT (with the reason in err) when they do not match, VS_ERROR
 * when there is no blob. *raw is malloc'd. */
int vs_snapshot_get(VatStore *st, const char *vat, int64_t position, uint8_t **raw, size_t *len,
                    char *err, size_t errcap);
/* Stream the canonical bytes of the snapshot at `position` to `sink` in chunks as they
 * are decompressed (no whole copy in memory), for starting a worker while it reads. Checks
 * the zstd frame checksum, the size and that the trailer hash is the recorded one; the
 * identity of the bytes themselves is left to the reader (the worker verifies its input
 * against the trailer, docs/snapshot-format.md). VS_CORRUPT when a check fails (possibly
 * after some chunks went out), or the sink's own nonzero status. */
typedef int (*VsSink)(void *ctx, const uint8_t *p, size_t n);
int vs_snapshot_stream(VatStore *st, const char *vat, int64_t position, VsSink sink, void *ctx,
                       char *err, size_t errcap);
/* Drop all but the newest `keep` snapshot blobs of a vat (rows stay). Returns VS_OK. */
int vs_snapshot_prune(VatStore *st, const char *vat, uint64_t keep, uint64_t *dropped, char *err, size_t errcap);

/* The snapshot trailer hash of canonical bytes and whether it matches the identity of the
 * bytes (snap_identity): 0 ok, -1 (message in err) when it does not or the bytes are
 * not a snapshot. */
int vs_snapshot_check_bytes(const uint8_t *raw, size_t len, uint8_t hash[VS_HASH], char *err, size_t errcap);

#endif
