/* vat_worker.h — driving a cryo-worker child process for the vat store.
 *
 * The worker is started with pipes on its fds 3 (commands), 4 (replies), 7 (snapshots out)
 * and, when it starts from a snapshot, 8 (`-r @8`); docs/worker-protocol.md is the protocol.
 * Every function returns VS_OK or VS_WORKER (vat_store.h) with a message naming what went
 * wrong — the worker's exit status when it died. A VatWorker is used by one thread. */
#ifndef CRYO_VAT_WORKER_H
#define CRYO_VAT_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "vat_store.h"

struct NsReader;

/* Answers an issueCommand query (`?` + q from the worker): VS_OK with *answer malloc'd
 * (sent back as `/` + answer), or a failure code with a message, which stops the worker. */
typedef int (*VwServeFn)(void *ctx, const uint8_t *q, size_t n, uint8_t **answer, size_t *alen, char *err, size_t errcap);

/* How to start a worker. */
typedef struct VwOptions {
    const char *path;            /* the cryo-worker binary */
    const char *label;           /* the vat name, passed as the label "vat=NAME" (shown by ps) */
    uint64_t meter_limit;        /* -l (0: none) */
    uint64_t memory_mb;          /* -m (0: the worker's default) */
    int prints_fd;               /* where the worker's stdout (print()) goes; -1: /dev/null */
    VwServeFn serve;             /* answers issueCommand (NULL: a query stops the worker) */
    void *serve_ctx;             /* its context */
} VwOptions;

/* A running worker. */
typedef struct VatWorker {
    pid_t pid;                   /* the child (0 when not running) */
    int cmd_fd;                  /* our end of its fd 3 */
    int reply_fd;                /* our end of its fd 4 */
    int snap_fd;                 /* our end of its fd 7 (non-blocking) */
    int feed_fd;                 /* our end of its fd 8 while a start-up snapshot is fed, else -1 */
    struct NsReader *in;         /* netstring reader on reply_fd */
    int status;                  /* wait status once reaped (valid when reaped) */
    int reaped;                  /* the child was waited for */
    VwServeFn serve;             /* answers issueCommand during `e` / `?` (NULL: refused) */
    void *serve_ctx;             /* its context */
} VatWorker;

/* A reply to `e` / `?`. */
typedef struct VwReply {
    uint8_t *body;               /* the whole reply frame (malloc'd; vw_reply_free) */
    char status;                 /* '.' success or '!' error */
    const uint8_t *result;       /* status byte + result bytes (into body): what the store records */
    size_t result_len;
    char meter[VS_METER_MAX];    /* deterministic meter record ("" for '!') */
    uint64_t compute;            /* computrons of the delivery */
} VwReply;

/* A stopped worker (no process, no descriptors): what vw_stop leaves and may be given. */
void vw_init(VatWorker *w);
/* Start a worker: from a fresh realm (snap NULL) or from the canonical snapshot bytes. */
int vw_start(VatWorker *w, const VwOptions *opt, const uint8_t *snap, size_t snap_len, char *err, size_t errcap);
/* Start a worker that reads its start-up snapshot from fd 8 as the caller feeds it with
 * vw_feed (a VsSink); vw_feed_end closes the pipe. */
int vw_start_fed(VatWorker *w, const VwOptions *opt, char *err, size_t errcap);
int vw_feed(void *w, const uint8_t *p, size_t n);
void vw_feed_end(VatWorker *w);
/* Wait until the worker answers `R` (it has loaded its snapshot and is ready). */
int vw_ready(VatWorker *w, char *err, size_t errcap);
/* Send one command (`e` or `?` + payload) and read its reply, answering the worker's
 * issueCommand queries with w->serve meanwhile. */
int vw_deliver(VatWorker *w, const uint8_t *cmd, size_t len, VwReply *r, char *err, size_t errcap);
/* The same in two halves, so that the caller can work while the worker runs. */
int vw_send(VatWorker *w, const uint8_t *cmd, size_t len, char *err, size_t errcap);
int vw_receive(VatWorker *w, VwReply *r, char *err, size_t errcap);
void vw_reply_free(VwReply *r);
/* Ask for a snapshot (`w@7`) and read its canonical bytes (*raw malloc'd). */
int vw_snapshot(VatWorker *w, uint8_t **raw, size_t *len, char *err, size_t errcap);
/* Send `q` and reap the worker (or kill it if it does not exit). */
void vw_stop(VatWorker *w);

/* The path of cryo-worker next to the running executable. 0 or -1. */
int vw_default_path(char *out, size_t cap);

#endif
