/* cryo.h — the public embedding API of the cryo JavaScript engine.
 *
 * A cryo_vm is one JavaScript heap with its realms: the one cryo_new makes, which cryo_eval,
 * cryo_get_global and cryo_set_global use, and any made by cryo_new_realm. Values passed
 * across this API (cryo_value) are valid until the next call into the engine that may run JavaScript;
 * keep anything longer-lived in JavaScript (for example as a global property).
 * Functions returning int return 0 on success and -1 when JavaScript threw (read the
 * exception with cryo_take_exception). Nothing here is thread-safe: one thread per VM. */
#ifndef CRYO_H
#define CRYO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct VM cryo_vm;       /* a virtual machine (heap + realms) */
typedef uint64_t cryo_value;     /* a JavaScript value (NaN-boxed; see docs/value-representation.md) */

/* A host function: receives `this` and the arguments; returns a value, or
 * cryo_throw_error(...)'s result to throw. */
typedef cryo_value (*cryo_host_fn)(cryo_vm *vm, cryo_value this_val, int argc, const cryo_value *argv);

/* Create a VM with a fresh realm (NULL on out of memory) / destroy it. */
cryo_vm *cryo_new(void);
void cryo_free(cryo_vm *vm);

/* Evaluate a classic script in the global scope; *result (may be NULL) gets its completion value. */
int cryo_eval(cryo_vm *vm, const char *src, size_t len, const char *filename, cryo_value *result);
/* Evaluate a module (imports resolved relative to filename). */
int cryo_eval_module(cryo_vm *vm, const char *src, size_t len, const char *filename);
/* Call fn(this_val, ...argv). */
int cryo_call(cryo_vm *vm, cryo_value fn, cryo_value this_val, int argc, const cryo_value *argv, cryo_value *result);
/* Read / write a property of the global object. */
int cryo_get_global(cryo_vm *vm, const char *name, cryo_value *out);
int cryo_set_global(cryo_vm *vm, const char *name, cryo_value v);
/* Register a host function under `name` (append-only table: snapshots refer to host
 * functions by name) and define it as a global. Returns 0 or -1. */
int cryo_register_global_function(cryo_vm *vm, const char *name, cryo_host_fn fn, int length);
/* Register a host function without creating anything in the heap: use this in the setup
 * callback of cryo_snapshot_read_* to re-bind the functions a snapshot refers to. */
int cryo_register_host_function(cryo_vm *vm, const char *name, cryo_host_fn fn, int length);
/* Make another realm in the VM's heap (ECMA-262 9.3: its own intrinsics, global object and
 * built-in globals; not the host functions registered as globals). *global receives its
 * global object; run code in the realm by calling its functions, e.g. its `eval`. Objects
 * move freely between realms, and realms live in snapshots like everything else. */
int cryo_new_realm(cryo_vm *vm, cryo_value *global);
/* Run promise jobs until the queue is empty. */
int cryo_run_jobs(cryo_vm *vm);
/* Give the operating system back the heap pages that hold no live data (the copying
 * collector keeps some committed between collections for speed). Call it when the VM goes
 * idle; its resident memory drops to about its live heap. Returns the bytes released.
 * Changes nothing a script can observe, the meter and the next snapshot included. */
size_t cryo_trim_memory(cryo_vm *vm);
/* Take the pending exception as a malloc'd UTF-8 string ("TypeError: x is not a function");
 * NULL if none. */
char *cryo_take_exception(cryo_vm *vm);
/* Throw a new Error (of type "Error", "TypeError", "RangeError", ...) from a host function. */
cryo_value cryo_throw_error(cryo_vm *vm, const char *type, const char *message);

/* Values. */
cryo_value cryo_undefined(void);
cryo_value cryo_null(void);
cryo_value cryo_bool(int b);
cryo_value cryo_number(double d);
cryo_value cryo_string(cryo_vm *vm, const char *utf8, size_t len);
int cryo_is_undefined(cryo_value v);
int cryo_to_number(cryo_vm *vm, cryo_value v, double *out);
/* ToString of v as malloc'd UTF-8 (caller frees); NULL when it threw. */
char *cryo_to_utf8(cryo_vm *vm, cryo_value v, size_t *len);

/* Snapshots (docs/snapshot-format.md). The VM must be quiescent (not inside a call).
 * sha256_hex (65 bytes, may be NULL) receives the snapshot's identity. */
int cryo_snapshot_write_fd(cryo_vm *vm, int fd, int compress, char *sha256_hex, char *err, size_t errcap);
int cryo_snapshot_write_path(cryo_vm *vm, const char *path, int compress, char *sha256_hex, char *err, size_t errcap);
/* Streams: `write` gets the snapshot's bytes in order (returns 0, or -1 to fail the write);
 * `read` fills up to n bytes and returns how many, 0 at the end of the input, or -1. Neither
 * seeks, so either end may be a pipe or a socket. */
typedef int (*cryo_write_fn)(void *ctx, const void *buf, size_t n);
typedef long (*cryo_read_fn)(void *ctx, void *buf, size_t n);
int cryo_snapshot_write_stream(cryo_vm *vm, cryo_write_fn write, void *write_ctx, int compress,
                               char *sha256_hex, char *err, size_t errcap);
cryo_vm *cryo_snapshot_read_stream(cryo_read_fn read, void *read_ctx, int (*setup)(cryo_vm *vm, void *ctx),
                                   void *ctx, char *err, size_t errcap);
/* Load a snapshot; `setup` (may be NULL) re-registers the host functions it needs, in the
 * same order as when it was written. NULL with a message in err on failure. From a regular
 * file, an uncompressed snapshot's heap is mapped (copy-on-write) rather than read, until the
 * VM's first collection: do not truncate or rewrite that file in place meanwhile (replacing
 * it by rename, as cryo_snapshot_write_path does, is safe). */
cryo_vm *cryo_snapshot_read_fd(int fd, int (*setup)(cryo_vm *vm, void *ctx), void *ctx, char *err, size_t errcap);
cryo_vm *cryo_snapshot_read_path(const char *path, int (*setup)(cryo_vm *vm, void *ctx), void *ctx, char *err, size_t errcap);
/* Make a VM read from a snapshot file independent of that file now (its mapped pages are
 * copied into private memory; a no-op when nothing is mapped), so the file may then be
 * truncated or rewritten in place. Changes nothing a script can observe. 0, or -1 with a
 * message in err when the memory could not be had (the VM is unchanged and usable). */
int cryo_snapshot_detach(cryo_vm *vm, char *err, size_t errcap);

/* Metering (DESIGN C7): computrons used since the last reset, and a limit (0 = none). */
uint64_t cryo_meter(cryo_vm *vm);
void cryo_meter_reset(cryo_vm *vm, uint64_t limit);

#ifdef __cplusplus
}
#endif
#endif
