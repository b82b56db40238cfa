/* vat_syscall.h — the syscalls a vat makes with issueCommand, and the store's answers.
 * docs/vat-store.md ("Syscalls") is the normative description; keep the two in step.
 *
 * A syscall is the UTF-8 JSON text of an array `[NAME, ARG...]` (RFC 8259, nothing
 * before or after it but white space). The answer is the JSON text `["ok",DATA]` (DATA a
 * string or null) or `["error",MESSAGE]`. The answer to a given syscall is a function of
 * the syscall's bytes and the vat's key-value store alone (the error messages too), so
 * that everything the store records stays deterministic (DESIGN C5).
 *
 * Invariants:
 *  - A delivery's syscalls are served inside the delivery's transaction: what they change
 *    (the key-value store, the outbox) commits together with the transcript item that
 *    records them, or not at all.
 *  - In a replay the answers come from the recorded item, never from the live store (which
 *    already reflects later deliveries); the vat's syscall bytes must equal the recorded
 *    ones, in number and order, or the replay diverges (VS_DIVERGED).
 *  - Keys are byte strings (the UTF-8 of the JSON string, WTF-8 for lone surrogates),
 *    ordered by memcmp, which is code point order. */
#ifndef CRYO_VAT_SYSCALL_H
#define CRYO_VAT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vat_store.h"
#include "vat_json.h"

#define VSC_KEY_MAX 2048                 /* longest key, vref, vpid or target (bytes) */
#define VSC_VALUE_MAX ((size_t)16 << 20) /* longest value, or capdata's JSON (bytes) */

/* What a vat may ask with issueCommand (docs/vat-store.md): SwingSet's VatSyscallObjects,
 * bare or in the supervisor's ["syscall", VSO] envelope, and the supervisor's console
 * messages. */
typedef enum VscKind {
    VSC_GET,        /* ["vatstoreGet", key] -> value or null */
    VSC_SET,        /* ["vatstoreSet", key, value] -> null */
    VSC_DELETE,     /* ["vatstoreDelete", key] -> null */
    VSC_NEXT_KEY,   /* ["vatstoreGetNextKey", prior] -> the least key > prior, or null */
    VSC_SEND,       /* ["send", target, {methargs, result}] -> null; a row of the outbox */
    VSC_RESOLVE,    /* ["resolve", [[vpid, isReject, capdata], ...]] -> null; rows of resolutions */
    VSC_SUBSCRIBE,  /* ["subscribe", vpid] -> null */
    VSC_DROP_IMPORTS, VSC_RETIRE_IMPORTS, VSC_RETIRE_EXPORTS, VSC_ABANDON_EXPORTS, /* [name, [vref...]] -> null */
    VSC_EXIT,       /* ["exit", isFailure, capdata] -> null; the vat is terminated after this delivery */
    VSC_CALL_NOW,   /* ["callNow", target, method, capdata] -> always an error: no devices */
    VSC_CONSOLE,    /* ["sourcedConsole", source, level, ...args] -> null (not a syscall) */
    VSC_TEST_LOG,   /* ["testLog", ...args] -> null (not a syscall) */
} VscKind;

/* One resolution of a resolve syscall. */
typedef struct VscResolution {
    uint8_t *vpid;               /* the promise (decoded, malloc'd) */
    size_t vpid_len;
    int rejected;                /* isReject */
    const uint8_t *data;         /* the capdata's JSON, as written (into the syscall bytes) */
    size_t data_len;
} VscResolution;

/* A parsed syscall. Decoded strings are malloc'd; raw JSON spans point into the bytes. */
typedef struct VscCall {
    VscKind kind;                /* which call */
    uint8_t *a;                  /* key / prior / target / vpid */
    size_t a_len;
    uint8_t *b;                  /* set: the value; send: the result vpid (NULL: none) */
    size_t b_len;
    const uint8_t *raw;          /* send: methargs; exit: the capdata (JSON as written) */
    size_t raw_len;
    int flag;                    /* exit: isFailure */
    VscResolution *res;          /* resolve: the resolutions (malloc'd) */
    size_t nres;                 /* their count */
    VjDoc doc;                   /* the parsed bytes (console: the arguments) */
    size_t args;                 /* console: node of the first argument after the name (0: none) */
} VscCall;

/* Parse syscall bytes. 0 and *c filled (vsc_free it), or -1 with the error answer's
 * message in msg (deterministic text). */
int vsc_parse(const uint8_t *q, size_t n, VscCall *c, char *msg, size_t cap);
void vsc_free(VscCall *c);

/* Bytes as a JSON string (quotes included; see the answers' encoding), malloc'd with a
 * NUL after it; NULL on out of memory. */
char *vsc_json_string(const uint8_t *s, size_t n, size_t *len);

/* Whether an answer is the success answer `["ok",null]` (a set, delete or send took
 * effect). */
int vsc_answer_is_ok_null(const uint8_t *a, size_t n);

/* Serves the syscalls of one delivery, either live (against the store, inside the
 * delivery's transaction) or from a recorded item (a replay). */
typedef struct VatServer {
    VatStore *st;                /* the store */
    const char *vat;             /* the vat's name */
    int64_t position;            /* the transcript position of the delivery served */
    const VsItem *replay;        /* replay: the recorded item (NULL: live) */
    size_t next;                 /* replay: index of the next recorded syscall */
    VsSyscall *log;              /* live: the syscalls served so far (malloc'd copies) */
    size_t n, cap;               /* live: their count and the array's capacity */
    int console_fd;              /* live: where console and testLog lines go (-1: nowhere) */
    int exited;                  /* live: this delivery made an exit syscall that was answered ok */
} VatServer;

/* Start serving delivery `position` live (replay NULL) or from the recorded item (the
 * console_fd stays). */
void vsc_server_start(VatServer *sv, VatStore *st, const char *vat, int64_t position, const VsItem *replay);
/* Forget the syscalls logged so far (frees the copies). */
void vsc_server_clear(VatServer *sv);
/* Free the log (the server can be started again). */
void vsc_server_free(VatServer *sv);
/* A vw serve function (vat_worker.h): answer one query. VS_OK with *answer malloc'd;
 * VS_DIVERGED (replay: another syscall than the recorded one) or VS_ERROR (SQLite) with
 * a message. */
int vsc_serve(void *server, const uint8_t *q, size_t n, uint8_t **answer, size_t *alen, char *err, size_t errcap);
/* After a replayed delivery's reply: VS_DIVERGED when the vat made fewer syscalls than
 * the recorded item holds. */
int vsc_replay_done(VatServer *sv, char *err, size_t errcap);

/* Check a vat's derived state against its transcript: every recorded set, delete, send,
 * resolve and exit with an ok answer, applied in order from position 0, must give exactly
 * the stored keys and values, outbox, resolutions and exit rows. *problems counts the differences (the first
 * ones are printed to `out`, NULL: none). VS_OK when the check could run. */
int vsc_check_state(VatStore *st, const char *vat, int64_t *problems, FILE *out, char *err, size_t errcap);

#endif
