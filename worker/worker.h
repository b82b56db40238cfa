/* worker.h — shared declarations of cryo-worker (worker.c: process, protocol, deliveries;
 * host.c: the host globals JavaScript sees). The protocol is specified in
 * docs/worker-protocol.md.
 *
 * INVARIANTS (stated once, here):
 *  - Every piece of worker state that JavaScript can observe lives in the heap, under
 *    vm->roots[ROOT_HOST_DATA] (host.c documents its layout), so a snapshot carries it and a
 *    restored worker behaves exactly like the one that wrote the snapshot (DESIGN C3).
 *  - Host functions are registered by host_register() in one fixed order, before anything
 *    else touches a fresh VM and as the snapshot loader's host_setup callback when
 *    resuming; the order is part of the snapshot compatibility contract (append only).
 *  - Between commands the VM is quiescent: no frames, no C roots, no pending exception,
 *    empty job and setImmediate queues. */
#ifndef CRYO_WORKER_H
#define CRYO_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include "vm.h"

/* Exit codes (the same numbers as @agoric/xsnap's api.js ExitCode). */
enum {
    WX_SUCCESS = 0,              /* `q`, or the parent closed fd 3 between commands */
    WX_BAD_USAGE = 1,            /* bad command line */
    WX_IO_ERROR = 2,             /* protocol or pipe error, unreadable start-up snapshot */
    WX_NOT_ENOUGH_MEMORY = 11,   /* the heap limit was reached */
    WX_STACK_OVERFLOW = 12,      /* an uncatchable stack overflow (see docs) */
    WX_UNHANDLED_EXCEPTION = 15, /* an exception escaped a setImmediate / cleanup callback */
    WX_NO_MORE_KEYS = 16,        /* never used by cryo (no property-name limit) */
    WX_TOO_MUCH_COMPUTATION = 17 /* the per-delivery computron limit was exceeded */
};

/* The meter's semantics version (DESIGN C7). Reported by `-v` and `-n`. The engine owns
 * what is counted; when it defines CRYO_METER_VERSION that string is used. */
#ifdef CRYO_METER_VERSION
#define WORKER_METER_VERSION CRYO_METER_VERSION
#else
#define WORKER_METER_VERSION "cryo-meter-2"
#endif

/* ---- worker.c ------------------------------------------------------------------------ */

/* Send `?`+query to the parent on fd 4 and block until its `/`+answer arrives on fd 3.
 * On success *answer is a malloc'd copy of the answer without the '/' (caller frees).
 * Pipe failures end the process (exit 2), as the protocol requires. */
void worker_issue_command(VM *vm, const uint8_t *query, size_t len, uint8_t **answer, size_t *answer_len);

/* End the process for the termination pending in vm (meter, memory, stack) or, when none is
 * pending, with `code`; `what` is printed to stderr. Never returns. */
_Noreturn void worker_die(VM *vm, int code, const char *what);

/* ---- host.c -------------------------------------------------------------------------- */

/* Register every host function, in the fixed order (a SnapHostSetup). 0 or -1. */
int host_register(VM *vm, void *ctx);
/* Create the host globals and the host data on a VM that has none (fresh realm, or a
 * snapshot written without them). 0, or -1 (exception pending or out of memory). */
int host_install(VM *vm);
/* Whether vm carries worker host data. */
int host_present(VM *vm);
/* Validate the host data of a loaded snapshot (untrusted input, DESIGN C6). 0, or -1 with
 * a message in err. */
int host_check(VM *vm, char *err, size_t errcap);
/* Set the C-side hooks of a VM (Date.now source, print output). */
void host_set_hooks(VM *vm, int print_meter);
/* Whether a setImmediate callback is waiting. */
int host_has_immediate(VM *vm);
/* Run the oldest setImmediate callback. 0, or -1 when it threw (exception pending). */
int host_run_immediate(VM *vm);
/* Add a finished delivery's computrons to the vat's running total (performance.now). */
void host_add_computrons(VM *vm, uint64_t n);
/* A new ArrayBuffer holding a copy of bytes (VAL_EXCEPTION on OOM). */
Value host_array_buffer(VM *vm, const uint8_t *bytes, size_t len);
/* If v is a (non-detached) ArrayBuffer: its bytes and 1; else 0. Valid until JS runs. */
int host_array_buffer_bytes(VM *vm, Value v, const uint8_t **bytes, size_t *len);

#endif
