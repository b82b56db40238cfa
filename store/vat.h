/* vat.h — vat operations over the store and a worker: create, bring a vat up (latest
 * snapshot + transcript tail, or a replay from the source), deliver with the snapshot
 * policy, snapshot now. docs/vat-store.md describes the behaviour; vat_store.h owns the
 * invariants.
 *
 * A VatSession holds one vat and at most one worker whose state is that of a transcript
 * position. A new delivery runs inside its own transaction, opened before the store reads
 * the worker's reply (and its syscalls) and committed with the transcript item; a replayed
 * one is answered from its recorded syscalls and writes nothing. Deliveries are allowed only when the worker's position is the vat's last one;
 * the worker is then at most two deliveries ahead of what the store has committed (the
 * one being committed and, in vat_deliver_many, the next one). */
#ifndef CRYO_VAT_H
#define CRYO_VAT_H

#include <stdio.h>
#include "vat_store.h"
#include "vat_worker.h"
#include "vat_syscall.h"

/* Options shared by the operations. */
typedef struct VatOptions {
    const char *worker_path;     /* cryo-worker binary */
    int prints_fd;               /* worker print() output for new deliveries (-1: discard) */
    int strict;                  /* a corrupt snapshot is an error instead of a fallback */
    int repair;                  /* rewrite corrupt snapshot blobs met during a replay */
    int readonly;                /* never write (no catch-up snapshot) */
    FILE *log;                   /* warnings and notes (NULL: none) */
} VatOptions;

/* What the last bring-up did. */
typedef struct VatUpStats {
    int64_t from_snapshot;       /* position of the snapshot started from (-1: the source) */
    uint64_t snapshot_size;      /* its canonical bytes */
    uint64_t snapshot_zsize;     /* its compressed bytes */
    uint8_t snapshot_hash[VS_HASH]; /* its hash */
    int64_t replayed;            /* transcript items delivered again */
    int64_t snapshots_checked;   /* snapshots re-taken during the replay and compared */
    int64_t repaired;            /* corrupt blobs rewritten (with repair) */
    int fallbacks;               /* corrupt snapshots skipped */
    int caught_up;               /* a due snapshot missing at the end was taken */
    double load_ms;              /* reading and starting from the snapshot (or the fresh worker) */
    double replay_ms;            /* replaying the tail */
} VatUpStats;

/* One vat with its worker. */
typedef struct VatSession {
    VatStore *st;                /* the store (not owned) */
    const VatOptions *opt;       /* options (not owned) */
    VsVat vat;                   /* configuration and last committed position/span */
    VatWorker w;                 /* the worker */
    int up;                      /* the worker runs */
    int64_t worker_pos;          /* transcript position of the worker's state */
    int tainted;                 /* the worker wrote an unrecorded snapshot: no more deliveries */
    VsSnap *snaps;               /* snapshot rows, oldest first */
    size_t nsnaps;               /* their count */
    VatUpStats stats;            /* the last bring-up */
    VatServer sv;                /* serves the syscalls of the delivery in flight */
    int in_txn;                  /* a delivery's transaction is open (its syscalls write in it) */
    VsExit exit;                 /* the vat's exit, if it made one (then no more deliveries) */
} VatSession;

#define VAT_BOOT_MAX 16           /* most boot steps of a vat */

/* One step of a vat's boot: a worker command and its payload. */
typedef struct VatBootStep {
    char cmd;                    /* 'e' (evaluate JavaScript) or '?' (a handleCommand message) */
    const uint8_t *bytes;        /* the payload */
    size_t len;
} VatBootStep;

/* How a vat starts (docs/vat-store.md "Boot"): a source (one `e` step, recorded in item 0
 * itself), or boot steps stored as blobs that item 0 names by their SHA-256. */
typedef struct VatBoot {
    int source;                  /* 1: steps[0] is the vat's source (`--source`) */
    VatBootStep steps[VAT_BOOT_MAX]; /* the steps, in order */
    size_t n;                    /* their count (1 with source) */
} VatBoot;

/* Create vat `cfg->name`: run its boot in a fresh worker, record it as item 0 together
 * with the vat row and the boot blobs (one transaction), then the snapshot at 0 when the
 * policy has one there (snapshot_every > 0); *snapped says whether it was taken. */
int vat_create(VatStore *st, const VsVat *cfg, const VatBoot *boot, const VatOptions *opt,
               VsSnap *snap_out, int *snapped, char *err, size_t errcap);

/* Open a session on an existing vat (no worker yet). */
int vat_open(VatSession *s, VatStore *st, const char *name, const VatOptions *opt, char *err, size_t errcap);
/* Bring the worker to position `to` (-1: the vat's last position). `from` selects the
 * starting point: -1 the newest usable snapshot at or before `to`, -2 the source (a full
 * replay), or the position of a snapshot to start from exactly. Every replayed item is
 * checked against the span hash chain and its recorded result and meter; every position
 * with a recorded snapshot is snapshotted again and compared. */
int vat_bring_up(VatSession *s, int64_t from, int64_t to, char *err, size_t errcap);
/* Deliver one message (`?` + msg) at the next position and record it; takes the policy's
 * snapshot when due. The reply stays valid until vw_reply_free. */
int vat_deliver(VatSession *s, const uint8_t *msg, size_t len, VwReply *reply, int *snapshotted,
                char *err, size_t errcap);
/* A source of messages for vat_deliver_many: 1 with *msg, *len set (valid until the next
 * call), 0 at the end, -1 on a read error; with wait == 0, 2 when the next message is not
 * available without blocking (it is then asked again with wait == 1). */
typedef int (*VatNextFn)(void *ctx, const uint8_t **msg, size_t *len, int wait);
/* Told about each delivery once its transaction committed (the reply is freed after). */
typedef void (*VatDoneFn)(void *ctx, int64_t position, const VwReply *reply, int snapshotted);
/* Deliver every message of `next`, as vat_deliver does one by one, but pipelined: the next
 * message is sent to the worker before the previous one's transaction is written (never
 * across a due snapshot). Only committed deliveries are reported to `done`; after a crash
 * the store holds a prefix of the messages, as with vat_deliver. */
int vat_deliver_many(VatSession *s, VatNextFn next, VatDoneFn done, void *ctx, char *err, size_t errcap);
/* Take a snapshot at the worker's position and store it. */
int vat_snapshot(VatSession *s, VsSnap *out, char *err, size_t errcap);
/* The hash of the worker's state now, without storing it (the session can no longer
 * deliver afterwards: the worker made a collection the vat's history does not list). */
int vat_state_hash(VatSession *s, uint8_t hash[VS_HASH], uint64_t *size, char *err, size_t errcap);
/* Check the boot blobs that item 0's delivery names (nothing to do for a source): each
 * present, decompressing to bytes of its hash and size. *nblobs counts the good ones. */
int vat_check_boot(VatStore *st, const uint8_t *delivery, size_t len, int *nblobs, char *err, size_t errcap);
/* VS_EXITED with the message saying when the vat exited (s->exit). */
int vat_exited(VatSession *s, char *err, size_t errcap);
/* Stop the worker and free the session. */
void vat_close(VatSession *s);

/* Whether the policy asks for a snapshot after position p: K > 0 and p % K == 0 (so also
 * at 0, after the source). */
int vat_snapshot_due(const VsVat *vat, int64_t p);
/* Monotonic time in milliseconds. */
double vat_now_ms(void);

#endif
