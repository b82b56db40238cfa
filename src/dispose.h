/* dispose.h — explicit resource management (ES2026 "DisposeCapability Records"), shared by
 * the interpreter (`using` / `await using` regions, interp_ops.c) and DisposableStack /
 * AsyncDisposableStack (builtins/disposable.c, which implements all of this).
 *
 * A dispose capability is an internal Array object (null prototype, never reachable from
 * JavaScript) so that its whole state is heap data and survives a snapshot:
 *   [0] flags (int, DCF_*)        [1] the throw completion's value while DCF_ERROR is set
 *   [2] top: number of resources not yet disposed
 *   [3 + 3k ..] resource k: value, method, kind (int, DK_*)
 * Resources are disposed from the top down; a capability is disposed once and never reused
 * (a `using` region makes a new one each time it is entered, DisposableStack.prototype.move
 * gives the stack a new one).
 */
#ifndef CRYO_DISPOSE_H
#define CRYO_DISPOSE_H

#include "vm.h"

/* Capability flags (word [0]). */
enum {
    DCF_ERROR = 1,        /* the completion so far is a throw (its value in word [1]) */
    DCF_NEEDS_AWAIT = 2,  /* DisposeResources' needsAwait */
    DCF_HAS_AWAITED = 4,  /* DisposeResources' hasAwaited */
};

/* Resource kinds: how the method is called and whether its result is awaited. */
enum {
    DK_SYNC = 0,          /* method.call(value) (sync-dispose; also DisposableStack defer) */
    DK_ASYNC,             /* await method.call(value) (async-dispose) */
    DK_ASYNC_FROM_SYNC,   /* @@dispose used by `await using`: called, result dropped, awaited
                             as a promise for undefined (rejected when the call threw) */
    DK_ADOPT_SYNC,        /* method(value) (DisposableStack adopt) */
    DK_ADOPT_ASYNC,       /* await method(value) (AsyncDisposableStack adopt) */
    DK_ASYNC_NONE,        /* `await using x = null/undefined`: nothing to call, needsAwait */
};

/* Hints of AddDisposableResource. */
enum { DH_SYNC = 0, DH_ASYNC = 1 };

/* NewDisposeCapability(): a new, empty capability. VAL_EXCEPTION on OOM. */
Value dispose_cap_new(VM *vm);
/* AddDisposableResource(cap, v, hint) without a method: the `using` / `use` form
 * (CreateDisposableResource and GetDisposeMethod; null/undefined skipped for sync, recorded
 * as DK_ASYNC_NONE for async). -1 with a TypeError pending when v is not disposable. */
int dispose_add_value(VM *vm, Value cap, Value v, int hint);
/* Push a resource whose method is known (adopt, defer). -1 on OOM. */
int dispose_add_method(VM *vm, Value cap, Value v, Value method, int kind);
/* Fold a throw completion with value err into the capability's completion (a SuppressedError
 * when there already is one). -1 on OOM. */
int dispose_record(VM *vm, Value cap, Value err);
/* Run DisposeResources until its next Await: 1 with the operand in *await_v, 0 when every
 * resource is disposed (call dispose_finish), -1 for an uncatchable termination. Errors of
 * dispose methods are recorded, not thrown. */
int dispose_step(VM *vm, Value cap, Value *await_v);
/* The end of DisposeResources: -1 with the completion's error pending when it is a throw
 * completion, else 0. The capability is left empty. */
int dispose_finish(VM *vm, Value cap);
/* DisposeResources for a capability holding only sync resources: step to the end, then
 * dispose_finish. */
int dispose_run_sync(VM *vm, Value cap);

#endif
