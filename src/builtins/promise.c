/* promise.c — Promise (ECMA-262 27.2), the promise API of vm.h used by await and the host,
 * HostPromiseRejectionTracker, and the job queue (vm_enqueue_job / vm_run_jobs).
 *
 * Everything lives in the heap (C1), so a snapshot taken between jobs resumes exactly:
 *
 *  - A promise is a CLASS_PROMISE object: [PROMISE_SLOT_STATE] int state,
 *    [PROMISE_SLOT_RESULT] value or reason, [PROMISE_SLOT_REACTIONS] the pending reactions
 *    as a linked list of MISC_REACTION records, most recent first (reversed when
 *    triggered), [PROMISE_SLOT_HANDLED] bool [[PromiseIsHandled]].
 *  - A reaction record (MISC_REACTION, REACT_WORDS values) holds both the fulfill and the
 *    reject handler of one PerformPromiseThen, and its capability. A capability whose
 *    promise is set but whose resolve function is undefined is an internal one (made by
 *    `then` when the species constructor is %Promise%, or by promise_then): it is settled
 *    with the internal resolve/reject steps, which is unobservable. The reaction of an
 *    await (promise_await) has no capability and the suspended activation's state object
 *    as both handlers: a non-callable object, which no other reaction holds (handlers are
 *    callables or undefined); its job resumes the activation (await_resume).
 *  - A job record (MISC_JOB, JOB_WORDS values) is [next, function, arg0, arg1, arg2, realm,
 *    argc]; `realm` is the realm cell the job runs in (job_realm). `function` is either
 *    a callable (a host/engine job: fn(args...)) or one of the int JOB_* kinds below for
 *    the promise jobs. The FIFO is linked from
 *    vm->roots[ROOT_JOB_HEAD] / [ROOT_JOB_TAIL].
 *  - Unhandled rejections (HostPromiseRejectionTracker): vm->roots[ROOT_PENDING_REJECTIONS]
 *    is undefined or a CELL_ARRAY list whose word [0] is the int count n and words
 *    [1..n] the rejected promises that have no handler yet, oldest first. "handle" removes
 *    a promise from it. promise_take_unhandled() pops the oldest for the host.
 */
#include "builtins.h"

#include "promise.h"

/* Combinator shared-state words (Promise.all / allSettled / any). */
enum {
    COMB_VALUES = 0,       /* values (or errors) array */
    COMB_PROMISE,          /* result capability promise */
    COMB_RESOLVE,          /* result capability resolve */
    COMB_REJECT,           /* result capability reject */
    COMB_REMAINING,        /* remainingElementsCount (int) */
    COMB_WORDS
};

/* Magic numbers of the element functions. */
enum { ELEM_ALL = 0, ELEM_SETTLED_FULFILLED, ELEM_SETTLED_REJECTED, ELEM_ANY };

/* A promise capability held in rooted C locals. */
typedef struct Capability {
    Value promise;         /* [[Promise]] */
    Value resolve;         /* [[Resolve]] */
    Value reject;          /* [[Reject]] */
} Capability;

/* Registers the three fields of a capability as roots of the CALLER's root scope (so this
 * helper deliberately opens no scope of its own). */
static void cap_root(VM *vm, Capability *c) {
    c->promise = c->resolve = c->reject = VAL_UNDEFINED;
    vm_root(vm, &c->promise); vm_root(vm, &c->resolve); vm_root(vm, &c->reject);   /* caller's root scope */
}

/* IsPromise(v) (27.2.1.6). */
static int promise_is(VM *vm, Value v) {
    return val_is_object(v) && obj_class(vm, v) == CLASS_PROMISE;
}

/* ---------------------------------------------------------------------------------------
 * The job queue (9.5 HostEnqueuePromiseJob, vm.h)
 * ------------------------------------------------------------------------------------- */

/* The realm a job runs in (HostEnqueuePromiseJob's realm): that of the function it calls —
 * a reaction's handler (NewPromiseReactionJob step 3), the thenable's `then` (NewPromise-
 * ResolveThenableJob step 3), a host job's function — or, when there is none or its realm
 * cannot be had (a revoked proxy), the current realm. Never allocates. */
static Value job_realm(VM *vm, Value fn, Value a0, Value a2) {
    Value callee = fn;
    if (val_is_int(fn)) {
        int k = val_to_int(fn);
        callee = k == JOB_RESOLVE_THENABLE ? a2
               : k == JOB_REACTION_FULFILL || k == JOB_REACTION_REJECT
                     ? vm_cell_values(vm, val_ref(a0))[k == JOB_REACTION_FULFILL ? REACT_ON_FULFILLED : REACT_ON_REJECTED]
                     : VAL_UNDEFINED;
    }
    Value realm = vm_is_callable(vm, callee) ? vm_function_realm(vm, callee) : VAL_NULL;
    return realm == VAL_NULL ? vm->roots[ROOT_REALM] : realm;
}

/* Appends a job record. -1 on OOM. Never runs JS. */
static int job_enqueue(VM *vm, Value fn, Value a0, Value a1, Value a2, int argc) {
    Value job = misc_new(vm, MISC_JOB, JOB_WORDS);
    if (job == VAL_EXCEPTION) return -1;
    Value *w = vm_cell_values(vm, val_ref(job));
    w[JOB_FUNCTION] = fn;
    w[JOB_ARG0] = a0; w[JOB_ARG1] = a1; w[JOB_ARG2] = a2;
    w[JOB_REALM] = job_realm(vm, fn, a0, a2);
    w[JOB_ARGC] = val_int(argc);
    Value tail = vm->roots[ROOT_JOB_TAIL];
    if (val_is_cell(tail)) vm_cell_values(vm, val_ref(tail))[JOB_NEXT] = job;
    else vm->roots[ROOT_JOB_HEAD] = job;
    vm->roots[ROOT_JOB_TAIL] = job;
    return 0;
}

/* HostEnqueueGenericJob for the host/engine: fn(args...) later (at most 3 args kept). */
int vm_enqueue_job(VM *vm, Value fn, int argc, const Value *argv) {
    if (argc > 3) argc = 3;
    Value a[3] = { VAL_UNDEFINED, VAL_UNDEFINED, VAL_UNDEFINED };
    for (int i = 0; i < argc; i++) a[i] = argv[i];
    return job_enqueue(vm, fn, a[0], a[1], a[2], argc);
}

/* ---------------------------------------------------------------------------------------
 * HostPromiseRejectionTracker (27.2.1.9)
 * ------------------------------------------------------------------------------------- */

/* operation "reject": remember p as unhandled. -1 on OOM. */
static int rejection_add(VM *vm, Value p) {
    Value list = vm->roots[ROOT_PENDING_REJECTIONS];
    uint32_t n = 0, cap = 0;
    if (val_is_cell(list)) {
        n = (uint32_t)val_to_int(list_items(vm, list)[0]);
        cap = list_count(vm, list) - 1;
    }
    if (n == cap) {
        uint32_t ncap = cap ? cap * 2 : 8;
        Value nl = list_new(vm, ncap + 1);
        if (nl == VAL_EXCEPTION) return -1;
        if (n) memcpy(list_items(vm, nl) + 1, list_items(vm, list) + 1, n * sizeof(Value));
        list = nl;
        vm->roots[ROOT_PENDING_REJECTIONS] = list;
    }
    list_items(vm, list)[1 + n] = p;
    list_items(vm, list)[0] = val_int((int32_t)(n + 1));
    return 0;
}

/* operation "handle": forget p. */
static void rejection_remove(VM *vm, Value p) {
    Value list = vm->roots[ROOT_PENDING_REJECTIONS];
    if (!val_is_cell(list)) return;
    Value *w = list_items(vm, list);
    uint32_t n = (uint32_t)val_to_int(w[0]);
    for (uint32_t i = 1; i <= n; i++) {
        if (w[i] != p) continue;
        memmove(w + i, w + i + 1, (n - i) * sizeof(Value));
        w[n] = VAL_UNDEFINED;
        w[0] = val_int((int32_t)(n - 1));
        return;
    }
}

/* Pops the oldest rejected promise that still has no handler: 1 and *promise_out, or 0. */
int promise_take_unhandled(VM *vm, Value *promise_out) {
    Value list = vm->roots[ROOT_PENDING_REJECTIONS];
    if (!val_is_cell(list)) return 0;
    Value *w = list_items(vm, list);
    uint32_t n = (uint32_t)val_to_int(w[0]);
    if (n == 0) return 0;
    *promise_out = w[1];
    memmove(w + 1, w + 2, (n - 1) * sizeof(Value));
    w[n] = VAL_UNDEFINED;
    w[0] = val_int((int32_t)(n - 1));
    return 1;
}

/* ---------------------------------------------------------------------------------------
 * Settling promises (27.2.1.4 FulfillPromise, 27.2.1.7 RejectPromise,
 * 27.2.1.8 TriggerPromiseReactions). None of these run JS.
 * ------------------------------------------------------------------------------------- */

/* Settles promise with state/result and enqueues a reaction job per pending reaction,
 * in registration order. -1 on OOM. */
static int promise_settle(VM *vm, Value promise, int state, Value result) {
    Value *slots = obj_slot(vm, promise, 0);
    if (slots[PROMISE_SLOT_STATE] != val_int(PROMISE_PENDING)) return 0;  /* settled already */
    Value list = slots[PROMISE_SLOT_REACTIONS];
    slots[PROMISE_SLOT_RESULT] = result;
    slots[PROMISE_SLOT_STATE] = val_int(state);
    slots[PROMISE_SLOT_REACTIONS] = VAL_UNDEFINED;
    if (state == PROMISE_REJECTED && slots[PROMISE_SLOT_HANDLED] != VAL_TRUE &&
        rejection_add(vm, promise) < 0)
        return -1;
    /* reverse the most-recent-first list in place */
    Value prev = VAL_UNDEFINED;
    while (val_is_cell(list)) {
        Value *w = vm_cell_values(vm, val_ref(list));
        Value next = w[REACT_NEXT];
        w[REACT_NEXT] = prev;
        prev = list;
        list = next;
    }
    Value kind = val_int(state == PROMISE_FULFILLED ? JOB_REACTION_FULFILL : JOB_REACTION_REJECT);
    for (Value r = prev; val_is_cell(r);) {
        Value next = vm_cell_values(vm, val_ref(r))[REACT_NEXT];
        vm_cell_values(vm, val_ref(r))[REACT_NEXT] = VAL_UNDEFINED;
        if (job_enqueue(vm, kind, r, result, VAL_UNDEFINED, 2) < 0) return -1;
        r = next;
    }
    return 0;
}

/* RejectPromise for the engine (vm.h). */
int promise_reject(VM *vm, Value promise, Value reason) {
    return promise_settle(vm, promise, PROMISE_REJECTED, reason);
}

/* The steps of a promise resolve function after the [[AlreadyResolved]] check (27.2.1.3.2
 * steps 7-16). Returns -1 only on OOM or an uncatchable termination. May run JS. */
static int promise_resolve_steps(VM *vm, Value promise, Value resolution) {
    VM_ROOT_SCOPE(vm);
    if (resolution == promise) {
        Value msg = str_from_cstr(vm, "Chaining cycle detected for promise #<Promise>");
        if (msg == VAL_EXCEPTION) return -1;
        Value err = vm_make_error(vm, ERR_TYPE, msg);
        if (err == VAL_EXCEPTION) return -1;
        return promise_settle(vm, promise, PROMISE_REJECTED, err);
    }
    if (!val_is_object(resolution))
        return promise_settle(vm, promise, PROMISE_FULFILLED, resolution);
    int r = -1;
    Value then = VAL_UNDEFINED;
    vm_root(vm, &promise); vm_root(vm, &resolution); vm_root(vm, &then);
    then = obj_get(vm, resolution, ATOM(vm, then), resolution);
    if (then == VAL_EXCEPTION) {
        if (vm->uncatchable) goto done;
        r = promise_settle(vm, promise, PROMISE_REJECTED, vm_take_exception(vm));
        goto done;
    }
    if (!vm_is_callable(vm, then)) {
        r = promise_settle(vm, promise, PROMISE_FULFILLED, resolution);
        goto done;
    }
    r = job_enqueue(vm, val_int(JOB_RESOLVE_THENABLE), promise, resolution, then, 3);
done:
    return r;
}

/* The resolve-function steps for the engine (vm.h): the caller ensures it runs once. */
int promise_resolve(VM *vm, Value promise, Value resolution) {
    return promise_resolve_steps(vm, promise, resolution);
}

/* ---------------------------------------------------------------------------------------
 * Resolving functions (27.2.1.3)
 * ------------------------------------------------------------------------------------- */

/* A promise resolve (magic 0) or reject (magic 1) function: [DATA0] promise, [DATA1] the
 * shared [[AlreadyResolved]] record (a list of one bool). */
static Value Promise_resolve_function(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target;
    Value rec = *obj_slot(vm, func, NFN_DATA1);
    if (list_items(vm, rec)[0] == VAL_TRUE) return VAL_UNDEFINED;
    list_items(vm, rec)[0] = VAL_TRUE;
    Value promise = *obj_slot(vm, func, NFN_DATA0);
    int r = magic ? promise_settle(vm, promise, PROMISE_REJECTED, argv[0])
                  : promise_resolve_steps(vm, promise, argv[0]);
    if (r < 0) return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    return VAL_UNDEFINED;
}

/* CreateResolvingFunctions(promise) (27.2.1.3). Never runs JS. -1 on OOM. */
static int create_resolving_functions(VM *vm, Value promise, Value *resolve, Value *reject) {
    Value rec = list_new(vm, 1);
    if (rec == VAL_EXCEPTION) return -1;
    list_items(vm, rec)[0] = VAL_FALSE;
    Value res = vm_new_native_closure(vm, Promise_resolve_function, 0, "", 1);
    if (res == VAL_EXCEPTION) return -1;
    *obj_slot(vm, res, NFN_DATA0) = promise;
    *obj_slot(vm, res, NFN_DATA1) = rec;
    Value rej = vm_new_native_closure(vm, Promise_resolve_function, 1, "", 1);
    if (rej == VAL_EXCEPTION) return -1;
    *obj_slot(vm, rej, NFN_DATA0) = promise;
    *obj_slot(vm, rej, NFN_DATA1) = rec;
    *resolve = res;
    *reject = rej;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Promise capabilities (27.2.1.5)
 * ------------------------------------------------------------------------------------- */

/* A new pending %Promise% (vm.h). */
Value promise_new(VM *vm) {
    Value p = obj_new(vm, vm_intrinsic(vm, INTR_PromisePrototype), CLASS_PROMISE);
    if (p == VAL_EXCEPTION) return p;
    Value *slots = obj_slot(vm, p, 0);
    slots[PROMISE_SLOT_STATE] = val_int(PROMISE_PENDING);
    slots[PROMISE_SLOT_RESULT] = VAL_UNDEFINED;
    slots[PROMISE_SLOT_REACTIONS] = VAL_UNDEFINED;
    slots[PROMISE_SLOT_HANDLED] = VAL_FALSE;
    return p;
}

/* GetCapabilitiesExecutor function: [DATA0] the capability record (list: resolve, reject). */
static Value Promise_capability_executor(VM *vm, Value this_val, int argc, Value *argv,
                                         Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)magic;
    Value rec = *obj_slot(vm, func, NFN_DATA0);
    Value *w = list_items(vm, rec);
    if (!val_is_undefined(w[0]))
        return vm_throw_type_error(vm, "Promise executor has already been invoked with non-undefined arguments");
    if (!val_is_undefined(w[1]))
        return vm_throw_type_error(vm, "Promise executor has already been invoked with non-undefined arguments");
    w[0] = argv[0];
    w[1] = argv[1];
    return VAL_UNDEFINED;
}

/* NewPromiseCapability(C) into *cap (whose fields the caller has rooted). -1 on throw. */
static int new_capability(VM *vm, Value c, Capability *cap) {
    VM_ROOT_SCOPE(vm);
    if (!vm_is_constructor(vm, c)) {
        vm_throw_type_error(vm, "Promise resolver is not a constructor");
        return -1;
    }
    if (c == vm_intrinsic(vm, INTR_Promise)) {
        /* Construct(%Promise%, executor) is unobservable: do it directly */
        cap->promise = promise_new(vm);
        if (cap->promise == VAL_EXCEPTION) return -1;
        if (create_resolving_functions(vm, cap->promise, &cap->resolve, &cap->reject) < 0)
            return vm->has_exception ? -1 : (vm_throw_out_of_memory(vm), -1);
        return 0;
    }
    int r = -1;
    Value rec = VAL_UNDEFINED, exec = VAL_UNDEFINED, p;
    vm_root(vm, &c); vm_root(vm, &rec); vm_root(vm, &exec);
    rec = list_new(vm, 2);
    if (rec == VAL_EXCEPTION) goto done;
    exec = vm_new_native_closure(vm, Promise_capability_executor, 0, "", 2);
    if (exec == VAL_EXCEPTION) goto done;
    *obj_slot(vm, exec, NFN_DATA0) = rec;
    p = vm_construct(vm, c, 1, &exec, c);
    if (p == VAL_EXCEPTION) goto done;
    cap->promise = p;
    cap->resolve = list_items(vm, rec)[0];
    cap->reject = list_items(vm, rec)[1];
    if (!vm_is_callable(vm, cap->resolve)) {
        vm_throw_type_error(vm, "Promise resolve function is not callable");
        goto done;
    }
    if (!vm_is_callable(vm, cap->reject)) {
        vm_throw_type_error(vm, "Promise reject function is not callable");
        goto done;
    }
    r = 0;
done:
    return r;
}

/* NewPromiseCapability for the engine (vm.h): outputs need not be rooted on entry. */
int promise_new_capability(VM *vm, Value ctor, Value *promise, Value *resolve, Value *reject) {
    VM_ROOT_SCOPE(vm);
    Capability cap;
    cap_root(vm, &cap);
    int r = new_capability(vm, ctor, &cap);
    if (r == 0) { *promise = cap.promise; *resolve = cap.resolve; *reject = cap.reject; }
    return r;
}

/* ---------------------------------------------------------------------------------------
 * PerformPromiseThen (27.2.5.4.1) and PromiseResolve (27.2.4.7.1)
 * ------------------------------------------------------------------------------------- */

/* Adds a reaction record with these handlers (stored as given) and capability parts to
 * promise, or queues its job when promise is settled. Never runs JS. -1 on OOM. */
static int add_reaction(VM *vm, Value promise, Value on_fulfilled, Value on_rejected,
                        Value cap_promise, Value cap_resolve, Value cap_reject) {
    Value react = misc_new(vm, MISC_REACTION, REACT_WORDS);
    if (react == VAL_EXCEPTION) return -1;
    Value *w = vm_cell_values(vm, val_ref(react));
    w[REACT_CAP_PROMISE] = cap_promise;
    w[REACT_CAP_RESOLVE] = cap_resolve;
    w[REACT_CAP_REJECT] = cap_reject;
    w[REACT_ON_FULFILLED] = on_fulfilled;
    w[REACT_ON_REJECTED] = on_rejected;
    Value *slots = obj_slot(vm, promise, 0);
    int state = val_to_int(slots[PROMISE_SLOT_STATE]);
    if (state == PROMISE_PENDING) {
        w[REACT_NEXT] = slots[PROMISE_SLOT_REACTIONS];
        slots[PROMISE_SLOT_REACTIONS] = react;
    } else if (state == PROMISE_FULFILLED) {
        if (job_enqueue(vm, val_int(JOB_REACTION_FULFILL), react, slots[PROMISE_SLOT_RESULT],
                        VAL_UNDEFINED, 2) < 0)
            return -1;
    } else {
        if (slots[PROMISE_SLOT_HANDLED] != VAL_TRUE) rejection_remove(vm, promise);
        if (job_enqueue(vm, val_int(JOB_REACTION_REJECT), react, slots[PROMISE_SLOT_RESULT],
                        VAL_UNDEFINED, 2) < 0)
            return -1;
    }
    obj_slot(vm, promise, 0)[PROMISE_SLOT_HANDLED] = VAL_TRUE;
    return 0;
}

/* PerformPromiseThen with a capability given as its three parts (see REACT_*). Never runs
 * JS. -1 on OOM. */
static int perform_then(VM *vm, Value promise, Value on_fulfilled, Value on_rejected,
                        Value cap_promise, Value cap_resolve, Value cap_reject) {
    return add_reaction(vm, promise, vm_is_callable(vm, on_fulfilled) ? on_fulfilled : VAL_UNDEFINED,
                        vm_is_callable(vm, on_rejected) ? on_rejected : VAL_UNDEFINED,
                        cap_promise, cap_resolve, cap_reject);
}

/* Await without continuation closures (vm.h; see the reaction layout above). A primitive v
 * is queued directly: PromiseResolve would make a promise already fulfilled with it, whose
 * PerformPromiseThen queues the reaction job at this same point of the FIFO. */
int promise_await(VM *vm, Value state, Value v) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(v)) {
        if (job_enqueue(vm, val_int(JOB_AWAIT), state, v, VAL_UNDEFINED, 2) == 0) return 0;
        vm_throw_out_of_memory(vm);
        return -1;
    }
    vm_root(vm, &state);
    Value p = promise_resolve_value(vm, v);   /* may run JS (constructor / then getters) */
    if (p == VAL_EXCEPTION) return -1;
    if (add_reaction(vm, p, state, state, VAL_UNDEFINED, VAL_UNDEFINED, VAL_UNDEFINED) == 0) return 0;
    vm_throw_out_of_memory(vm);
    return -1;
}

/* PerformPromiseThen with an internal (or no) result capability (vm.h; used by await). */
int promise_then(VM *vm, Value promise, Value on_fulfilled, Value on_rejected,
                 Value result_promise) {
    return perform_then(vm, promise, on_fulfilled, on_rejected, result_promise, VAL_UNDEFINED,
                        VAL_UNDEFINED);
}

/* PromiseResolve(C, x) (27.2.4.7.1). May run JS. */
static Value promise_resolve_with(VM *vm, Value c, Value x) {
    VM_ROOT_SCOPE(vm);
    Value r = VAL_EXCEPTION;
    Capability cap;
    vm_root(vm, &c); vm_root(vm, &x);
    cap_root(vm, &cap);
    if (promise_is(vm, x)) {
        Value xc = obj_get(vm, x, ATOM(vm, constructor), x);
        if (xc == VAL_EXCEPTION) goto done;
        if (same_value(vm, xc, c)) { r = x; goto done; }
    }
    if (c == vm_intrinsic(vm, INTR_Promise)) {
        cap.promise = promise_new(vm);
        if (cap.promise == VAL_EXCEPTION) goto done;
        if (promise_resolve_steps(vm, cap.promise, x) < 0) {
            if (!vm->has_exception) vm_throw_out_of_memory(vm);
            goto done;
        }
        r = cap.promise;
        goto done;
    }
    if (new_capability(vm, c, &cap) < 0) goto done;
    if (vm_call(vm, cap.resolve, VAL_UNDEFINED, 1, &x) == VAL_EXCEPTION) goto done;
    r = cap.promise;
done:
    return r;
}

/* PromiseResolve(%Promise%, v) (vm.h; used by await). */
Value promise_resolve_value(VM *vm, Value v) {
    return promise_resolve_with(vm, vm_intrinsic(vm, INTR_Promise), v);
}

/* ---------------------------------------------------------------------------------------
 * Running jobs (27.2.2.1 PromiseReactionJob, 27.2.2.2 PromiseResolveThenableJob)
 * ------------------------------------------------------------------------------------- */

/* Runs one reaction job. -1 with an exception pending when it must be reported. */
static int run_reaction_job(VM *vm, Value reaction, Value argument, int fulfill) {
    VM_ROOT_SCOPE(vm);
    Value handler = VAL_UNDEFINED, result = VAL_UNDEFINED;
    vm_root(vm, &reaction); vm_root(vm, &argument); vm_root(vm, &handler); vm_root(vm, &result);
    handler = vm_cell_values(vm, val_ref(reaction))[fulfill ? REACT_ON_FULFILLED : REACT_ON_REJECTED];
    if (val_is_object(handler) && !vm_is_callable(vm, handler))   /* an await (promise_await) */
        return await_resume(vm, handler, argument, !fulfill);
    int abrupt;
    if (val_is_undefined(handler)) {
        result = argument;
        abrupt = !fulfill;
    } else {
        result = vm_call(vm, handler, VAL_UNDEFINED, 1, &argument);
        abrupt = result == VAL_EXCEPTION;
        if (abrupt) {
            if (vm->uncatchable) return -1;
            result = vm_take_exception(vm);
        }
    }
    Value *w = vm_cell_values(vm, val_ref(reaction));
    Value cap_promise = w[REACT_CAP_PROMISE];
    if (val_is_undefined(cap_promise)) {
        if (abrupt) { vm_throw(vm, result); return -1; }
        return 0;
    }
    Value fn = w[abrupt ? REACT_CAP_REJECT : REACT_CAP_RESOLVE];
    if (val_is_undefined(fn)) {
        int r = abrupt ? promise_settle(vm, cap_promise, PROMISE_REJECTED, result)
                       : promise_resolve_steps(vm, cap_promise, result);
        if (r < 0 && !vm->has_exception) vm_throw_out_of_memory(vm);
        return r;
    }
    return vm_call(vm, fn, VAL_UNDEFINED, 1, &result) == VAL_EXCEPTION ? -1 : 0;
}

/* Runs one PromiseResolveThenableJob. */
static int run_thenable_job(VM *vm, Value promise, Value thenable, Value then) {
    VM_ROOT_SCOPE(vm);
    Value res = VAL_UNDEFINED, rej = VAL_UNDEFINED, err = VAL_UNDEFINED;
    vm_root(vm, &res); vm_root(vm, &rej); vm_root(vm, &err);
    if (create_resolving_functions(vm, promise, &res, &rej) < 0) {
        if (!vm->has_exception) vm_throw_out_of_memory(vm);
        return -1;
    }
    Value args[2] = { res, rej };
    if (vm_call(vm, then, thenable, 2, args) != VAL_EXCEPTION) return 0;
    if (vm->uncatchable) return -1;
    err = vm_take_exception(vm);
    return vm_call(vm, rej, VAL_UNDEFINED, 1, &err) == VAL_EXCEPTION ? -1 : 0;
}

/* Runs the job record `job` (rooted by the caller) in the realm it names (the current realm
 * is restored afterwards). */
static int run_job(VM *vm, Value *job) {
    VM_ROOT_SCOPE(vm);
    Value a0 = VAL_UNDEFINED, a1 = VAL_UNDEFINED, a2 = VAL_UNDEFINED, fn = VAL_UNDEFINED;
    Value saved_realm = vm->roots[ROOT_REALM];
    vm_root(vm, &a0); vm_root(vm, &a1); vm_root(vm, &a2); vm_root(vm, &fn); vm_root(vm, &saved_realm);
    Value *w = vm_cell_values(vm, val_ref(*job));
    fn = w[JOB_FUNCTION];
    a0 = w[JOB_ARG0]; a1 = w[JOB_ARG1]; a2 = w[JOB_ARG2];
    if (val_is_cell(w[JOB_REALM])) vm->roots[ROOT_REALM] = w[JOB_REALM];
    int argc = val_to_int(w[JOB_ARGC]);
    int r;
    if (val_is_int(fn)) {
        switch (val_to_int(fn)) {
        case JOB_REACTION_FULFILL: r = run_reaction_job(vm, a0, a1, 1); break;
        case JOB_REACTION_REJECT: r = run_reaction_job(vm, a0, a1, 0); break;
        case JOB_AWAIT: r = await_resume(vm, a0, a1, 0); break;
        default: r = run_thenable_job(vm, a0, a1, a2); break;
        }
    } else {
        Value args[3] = { a0, a1, a2 };
        r = vm_call(vm, fn, VAL_UNDEFINED, argc, args) == VAL_EXCEPTION ? -1 : 0;
    }
    vm->roots[ROOT_REALM] = saved_realm;
    return r;
}

/* Runs jobs in FIFO order until the queue is empty; stops at (and returns -1 for) a job
 * whose error must be reported, leaving the rest queued. */
int vm_run_jobs(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value job = VAL_UNDEFINED;
    vm_root(vm, &job);
    int r = 0;
    weakref_clear_kept_objects(vm);
    while (val_is_cell(vm->roots[ROOT_JOB_HEAD])) {
        job = vm->roots[ROOT_JOB_HEAD];
        Value *w = vm_cell_values(vm, val_ref(job));
        vm->roots[ROOT_JOB_HEAD] = w[JOB_NEXT];
        if (!val_is_cell(w[JOB_NEXT])) vm->roots[ROOT_JOB_TAIL] = VAL_UNDEFINED;
        w[JOB_NEXT] = VAL_UNDEFINED;
        if (run_job(vm, &job) < 0) { r = -1; break; }
        weakref_clear_kept_objects(vm);
    }
    return r;
}

/* ---------------------------------------------------------------------------------------
 * The Promise constructor (27.2.3.1)
 * ------------------------------------------------------------------------------------- */

/* Promise(executor) (27.2.3.1). */
static Value Promise_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                                 Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)func; (void)magic;
    if (val_is_undefined(new_target))
        return vm_throw_type_error(vm, "Promise constructor cannot be invoked without 'new'");
    if (!vm_is_callable(vm, argv[0]))
        return vm_throw_type_error(vm, "Promise resolver is not a function");
    Value p = VAL_UNDEFINED, res = VAL_UNDEFINED, rej = VAL_UNDEFINED, err = VAL_UNDEFINED;
    vm_root(vm, &p); vm_root(vm, &res); vm_root(vm, &rej); vm_root(vm, &err);
    p = obj_create_from_constructor(vm, new_target, INTR_PromisePrototype, CLASS_PROMISE);
    if (p == VAL_EXCEPTION) return p;
    Value *slots = obj_slot(vm, p, 0);
    slots[PROMISE_SLOT_STATE] = val_int(PROMISE_PENDING);
    slots[PROMISE_SLOT_RESULT] = VAL_UNDEFINED;
    slots[PROMISE_SLOT_REACTIONS] = VAL_UNDEFINED;
    slots[PROMISE_SLOT_HANDLED] = VAL_FALSE;
    if (create_resolving_functions(vm, p, &res, &rej) < 0)
        return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    Value args[2] = { res, rej };
    if (vm_call(vm, argv[0], VAL_UNDEFINED, 2, args) == VAL_EXCEPTION) {
        if (vm->uncatchable) return VAL_EXCEPTION;
        err = vm_take_exception(vm);
        if (vm_call(vm, rej, VAL_UNDEFINED, 1, &err) == VAL_EXCEPTION) return VAL_EXCEPTION;
    }
    return p;
}

/* ---------------------------------------------------------------------------------------
 * Promise.prototype (27.2.5)
 * ------------------------------------------------------------------------------------- */

/* Promise.prototype.then(onFulfilled, onRejected) (27.2.5.4). */
static Value Promise_prototype_then(VM *vm, Value this_val, int argc, Value *argv,
                                    Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!promise_is(vm, this_val))
        return vm_throw_type_error(vm, "Promise.prototype.then called on incompatible receiver");
    Value c = VAL_UNDEFINED;
    Capability cap;
    vm_root(vm, &this_val); vm_root(vm, &c);
    cap_root(vm, &cap);
    if (vm_species_constructor(vm, this_val, INTR_Promise, &c) < 0) return VAL_EXCEPTION;
    if (c == vm_intrinsic(vm, INTR_Promise)) {
        cap.promise = promise_new(vm);
        if (cap.promise == VAL_EXCEPTION) return VAL_EXCEPTION;
    } else if (new_capability(vm, c, &cap) < 0) {
        return VAL_EXCEPTION;
    }
    if (perform_then(vm, this_val, argv[0], argv[1], cap.promise, cap.resolve, cap.reject) < 0)
        return vm_throw_out_of_memory(vm);
    return cap.promise;
}

/* Promise.prototype.catch(onRejected) (27.2.5.1). */
static Value Promise_prototype_catch(VM *vm, Value this_val, int argc, Value *argv,
                                     Value new_target, Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    Value args[2] = { VAL_UNDEFINED, argv[0] };
    return vm_invoke(vm, this_val, ATOM(vm, then), 2, args);
}

/* The "value thunk" (magic 0: returns [DATA0]) and "thrower" (magic 1: throws [DATA0])
 * closures of Promise.prototype.finally. */
static Value Promise_finally_thunk(VM *vm, Value this_val, int argc, Value *argv,
                                   Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)new_target;
    Value v = *obj_slot(vm, func, NFN_DATA0);
    return magic ? vm_throw(vm, v) : v;
}

/* Then Finally (magic 0) / Catch Finally (magic 1) functions (27.2.5.3 steps 3.a-c):
 * [DATA0] onFinally, [DATA1] C. */
static Value Promise_finally_function(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target;
    Value result, p = VAL_UNDEFINED, thunk = VAL_UNDEFINED;
    vm_root(vm, &func); vm_root(vm, &p); vm_root(vm, &thunk);
    result = vm_call(vm, *obj_slot(vm, func, NFN_DATA0), VAL_UNDEFINED, 0, NULL);
    if (result == VAL_EXCEPTION) return result;
    p = promise_resolve_with(vm, *obj_slot(vm, func, NFN_DATA1), result);
    if (p == VAL_EXCEPTION) return p;
    thunk = vm_new_native_closure(vm, Promise_finally_thunk, magic, "", 0);
    if (thunk == VAL_EXCEPTION) return thunk;
    *obj_slot(vm, thunk, NFN_DATA0) = argv[0];
    return vm_invoke(vm, p, ATOM(vm, then), 1, &thunk);
}

/* Promise.prototype.finally(onFinally) (27.2.5.3). */
static Value Promise_prototype_finally(VM *vm, Value this_val, int argc, Value *argv,
                                       Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val))
        return vm_throw_type_error(vm, "Promise.prototype.finally called on a non-object");
    Value c = VAL_UNDEFINED, then_f = VAL_UNDEFINED, catch_f = VAL_UNDEFINED;
    vm_root(vm, &this_val); vm_root(vm, &c); vm_root(vm, &then_f); vm_root(vm, &catch_f);
    if (vm_species_constructor(vm, this_val, INTR_Promise, &c) < 0) return VAL_EXCEPTION;
    if (!vm_is_callable(vm, argv[0])) {
        then_f = catch_f = argv[0];
    } else {
        then_f = vm_new_native_closure(vm, Promise_finally_function, 0, "", 1);
        if (then_f == VAL_EXCEPTION) return then_f;
        *obj_slot(vm, then_f, NFN_DATA0) = argv[0];
        *obj_slot(vm, then_f, NFN_DATA1) = c;
        catch_f = vm_new_native_closure(vm, Promise_finally_function, 1, "", 1);
        if (catch_f == VAL_EXCEPTION) return catch_f;
        *obj_slot(vm, catch_f, NFN_DATA0) = argv[0];
        *obj_slot(vm, catch_f, NFN_DATA1) = c;
    }
    Value args[2] = { then_f, catch_f };
    return vm_invoke(vm, this_val, ATOM(vm, then), 2, args);
}

/* ---------------------------------------------------------------------------------------
 * Promise statics (27.2.4)
 * ------------------------------------------------------------------------------------- */

/* IfAbruptRejectPromise (27.2.1.1.1) after a failed step: rejects the capability with the
 * pending exception and returns its promise (or VAL_EXCEPTION if that threw). */
static Value if_abrupt_reject(VM *vm, Capability *cap) {
    if (vm->uncatchable) return VAL_EXCEPTION;
    Value err = vm_take_exception(vm);
    if (vm_call(vm, cap->reject, VAL_UNDEFINED, 1, &err) == VAL_EXCEPTION) return VAL_EXCEPTION;
    return cap->promise;
}

/* The element functions of Promise.all / allSettled / any (27.2.4.1.3, 27.2.4.2.2-3,
 * 27.2.4.3.2): [DATA0] the shared state (COMB_*), [DATA1] index, [DATA2] alreadyCalled
 * (a bool, or for allSettled a list of one bool shared by the pair). */
static Value Promise_element_function(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target;
    Value *called = obj_slot(vm, func, NFN_DATA2);
    if (val_is_cell(*called)) called = list_items(vm, *called);
    if (*called == VAL_TRUE) return VAL_UNDEFINED;
    *called = VAL_TRUE;
    Value state = *obj_slot(vm, func, NFN_DATA0), item = argv[0], arr = VAL_UNDEFINED;
    uint32_t index = (uint32_t)val_to_int(*obj_slot(vm, func, NFN_DATA1));
    vm_root(vm, &state); vm_root(vm, &item); vm_root(vm, &arr);
    if (magic == ELEM_SETTLED_FULFILLED || magic == ELEM_SETTLED_REJECTED) {
        Value o = obj_new_plain(vm);
        if (o == VAL_EXCEPTION) return o;
        vm_root(vm, &o);
        int ok = magic == ELEM_SETTLED_FULFILLED;
        if (obj_create_data_property(vm, o, ATOM(vm, status),
                                     ok ? ATOM(vm, fulfilled) : ATOM(vm, rejected)) < 0 ||
            obj_create_data_property(vm, o, ok ? ATOM(vm, value) : ATOM(vm, reason), item) < 0)
            return VAL_EXCEPTION;
        item = o;
    }
    Value key = key_from_index(vm, index);
    if (key == VAL_EXCEPTION) return key;
    if (obj_create_data_property(vm, list_items(vm, state)[COMB_VALUES], key, item) < 0)
        return VAL_EXCEPTION;
    Value *w = list_items(vm, state);
    int32_t remaining = val_to_int(w[COMB_REMAINING]) - 1;
    w[COMB_REMAINING] = val_int(remaining);
    if (remaining != 0) return VAL_UNDEFINED;
    arr = w[COMB_VALUES];
    if (magic == ELEM_ANY) {
        Value msg = str_from_cstr(vm, "All promises were rejected");
        if (msg == VAL_EXCEPTION) return msg;
        Value err = vm_make_error(vm, ERR_AGGREGATE, msg);
        if (err == VAL_EXCEPTION) return err;
        vm_root(vm, &err);
        PropDesc d;
        desc_data(&d, arr, PROP_WRITABLE | PROP_CONFIGURABLE);
        if (obj_define_property_throw(vm, err, ATOM(vm, errors), &d) < 0) return VAL_EXCEPTION;
        return vm_call(vm, list_items(vm, state)[COMB_REJECT], VAL_UNDEFINED, 1, &err);
    }
    return vm_call(vm, list_items(vm, state)[COMB_RESOLVE], VAL_UNDEFINED, 1, &arr);
}

/* Makes one element function for index `index`. */
static Value make_element_function(VM *vm, int magic, Value state, uint32_t index,
                                   Value called) {
    Value f = vm_new_native_closure(vm, Promise_element_function, magic, "", 1);
    if (f == VAL_EXCEPTION) return f;
    *obj_slot(vm, f, NFN_DATA0) = state;
    *obj_slot(vm, f, NFN_DATA1) = val_int((int32_t)index);
    *obj_slot(vm, f, NFN_DATA2) = called;
    return f;
}

/* Promise.all / allSettled / any / race (27.2.4.1-5); magic: 0 all, 1 allSettled, 2 any,
 * 3 race. */
enum { COMB_ALL = 0, COMB_ALL_SETTLED, COMB_ANY, COMB_RACE };

/* The combinators: CreatePromiseCapability, GetPromiseResolve, GetIterator, then
 * PerformPromiseAll / AllSettled / Any / Race, with IfAbruptRejectPromise and
 * IteratorClose on abrupt completions. */
static Value Promise_all(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    Capability cap;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    Value c = this_val, resolve_fn = VAL_UNDEFINED, state = VAL_UNDEFINED, next = VAL_UNDEFINED,
          next_promise = VAL_UNDEFINED, on_ful = VAL_UNDEFINED, on_rej = VAL_UNDEFINED,
          called = VAL_UNDEFINED;
    cap_root(vm, &cap);
    vm_root(vm, &c); vm_root(vm, &resolve_fn); vm_root(vm, &state); vm_root(vm, &next);
    vm_root(vm, &next_promise); vm_root(vm, &on_ful); vm_root(vm, &on_rej); vm_root(vm, &called);
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    if (new_capability(vm, c, &cap) < 0) return VAL_EXCEPTION;
    resolve_fn = obj_get(vm, c, ATOM(vm, resolve), c);
    if (resolve_fn == VAL_EXCEPTION) return if_abrupt_reject(vm, &cap);
    if (!vm_is_callable(vm, resolve_fn)) {
        vm_throw_type_error(vm, "Promise resolve is not a function");
        return if_abrupt_reject(vm, &cap);
    }
    if (iter_get(vm, argv[0], 0, &rec) < 0) return if_abrupt_reject(vm, &cap);
    if (magic != COMB_RACE) {
        state = list_new(vm, COMB_WORDS);
        if (state == VAL_EXCEPTION) goto abrupt;
        Value arr = array_new(vm, 0);
        if (arr == VAL_EXCEPTION) goto abrupt;
        Value *w = list_items(vm, state);
        w[COMB_VALUES] = arr;
        w[COMB_PROMISE] = cap.promise;
        w[COMB_RESOLVE] = cap.resolve;
        w[COMB_REJECT] = cap.reject;
        w[COMB_REMAINING] = val_int(1);
    }
    for (uint32_t index = 0;; index++) {
        int r = iter_step_value(vm, &rec, &next);
        if (r < 0) { rec.done = 1; goto abrupt; }
        if (r == 0) {
            rec.done = 1;
            if (magic == COMB_RACE) return cap.promise;
            Value *w = list_items(vm, state);
            int32_t remaining = val_to_int(w[COMB_REMAINING]) - 1;
            w[COMB_REMAINING] = val_int(remaining);
            if (remaining == 0) {
                Value arr = w[COMB_VALUES];
                if (magic == COMB_ANY) {
                    Value msg = str_from_cstr(vm, "All promises were rejected");
                    if (msg == VAL_EXCEPTION) goto abrupt;
                    Value err = vm_make_error(vm, ERR_AGGREGATE, msg);
                    if (err == VAL_EXCEPTION) goto abrupt;
                    PropDesc d;
                    desc_data(&d, arr, PROP_WRITABLE | PROP_CONFIGURABLE);
                    if (obj_define_property_throw(vm, err, ATOM(vm, errors), &d) < 0) goto abrupt;
                    vm_throw(vm, err);
                    goto abrupt;
                }
                if (vm_call(vm, cap.resolve, VAL_UNDEFINED, 1, &arr) == VAL_EXCEPTION) goto abrupt;
            }
            return cap.promise;
        }
        if (magic != COMB_RACE) {
            if (index >= 0x7FFFFFFF) { vm_throw_range_error(vm, "Too many promises"); goto abrupt; }
            if (array_push(vm, list_items(vm, state)[COMB_VALUES], VAL_UNDEFINED) < 0) goto abrupt;
        }
        next_promise = vm_call(vm, resolve_fn, c, 1, &next);
        if (next_promise == VAL_EXCEPTION) goto abrupt;
        switch (magic) {
        case COMB_ALL:
            on_ful = make_element_function(vm, ELEM_ALL, state, index, VAL_FALSE);
            if (on_ful == VAL_EXCEPTION) goto abrupt;
            on_rej = cap.reject;
            break;
        case COMB_ALL_SETTLED:
            called = list_new(vm, 1);
            if (called == VAL_EXCEPTION) goto abrupt;
            list_items(vm, called)[0] = VAL_FALSE;
            on_ful = make_element_function(vm, ELEM_SETTLED_FULFILLED, state, index, called);
            if (on_ful == VAL_EXCEPTION) goto abrupt;
            on_rej = make_element_function(vm, ELEM_SETTLED_REJECTED, state, index, called);
            if (on_rej == VAL_EXCEPTION) goto abrupt;
            break;
        case COMB_ANY:
            on_rej = make_element_function(vm, ELEM_ANY, state, index, VAL_FALSE);
            if (on_rej == VAL_EXCEPTION) goto abrupt;
            on_ful = cap.resolve;
            break;
        default:
            on_ful = cap.resolve;
            on_rej = cap.reject;
            break;
        }
        if (magic != COMB_RACE) {
            Value *w = list_items(vm, state);
            w[COMB_REMAINING] = val_int(val_to_int(w[COMB_REMAINING]) + 1);
        }
        Value args[2] = { on_ful, on_rej };
        if (vm_invoke(vm, next_promise, ATOM(vm, then), 2, args) == VAL_EXCEPTION) goto abrupt;
    }
abrupt:
    if (vm->uncatchable) return VAL_EXCEPTION;
    if (!rec.done) {
        if (iter_close(vm, &rec, 1) < 0 && vm->uncatchable) return VAL_EXCEPTION;
    }
    return if_abrupt_reject(vm, &cap);
}

/* Promise.reject(r) (27.2.4.6). */
static Value Promise_reject(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                            Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    Capability cap;
    cap_root(vm, &cap);
    if (new_capability(vm, this_val, &cap) < 0) return VAL_EXCEPTION;
    if (vm_call(vm, cap.reject, VAL_UNDEFINED, 1, argv) == VAL_EXCEPTION) return VAL_EXCEPTION;
    return cap.promise;
}

/* Promise.resolve(x) (27.2.4.7). */
static Value Promise_resolve(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val))
        return vm_throw_type_error(vm, "PromiseResolve called on non-object");
    return promise_resolve_with(vm, this_val, argv[0]);
}

/* Promise.try(callbackfn, ...args) (27.2.4.8). */
static Value Promise_try(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                         Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val))
        return vm_throw_type_error(vm, "Promise.try called on non-object");
    Capability cap;
    Value status = VAL_UNDEFINED;
    cap_root(vm, &cap);
    vm_root(vm, &status);
    if (new_capability(vm, this_val, &cap) < 0) return VAL_EXCEPTION;
    status = vm_call(vm, argv[0], VAL_UNDEFINED, argc > 1 ? argc - 1 : 0, argv + 1);
    Value fn = cap.resolve;
    if (status == VAL_EXCEPTION) {
        if (vm->uncatchable) return VAL_EXCEPTION;
        status = vm_take_exception(vm);
        fn = cap.reject;
    }
    if (vm_call(vm, fn, VAL_UNDEFINED, 1, &status) == VAL_EXCEPTION) return VAL_EXCEPTION;
    return cap.promise;
}

/* Promise.withResolvers() (27.2.4.9). */
static Value Promise_withResolvers(VM *vm, Value this_val, int argc, Value *argv,
                                   Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Capability cap;
    Value o = VAL_UNDEFINED;
    cap_root(vm, &cap);
    vm_root(vm, &o);
    if (new_capability(vm, this_val, &cap) < 0) return VAL_EXCEPTION;
    o = obj_new_plain(vm);
    if (o == VAL_EXCEPTION) return o;
    Value key = atom_from_cstr(vm, "promise");
    if (key == VAL_EXCEPTION) return key;
    if (obj_create_data_property_throw(vm, o, key, cap.promise) < 0 ||
        obj_create_data_property_throw(vm, o, ATOM(vm, resolve), cap.resolve) < 0 ||
        obj_create_data_property_throw(vm, o, ATOM(vm, reject), cap.reject) < 0)
        return VAL_EXCEPTION;
    return o;
}

/* get Promise[@@species] (27.2.4.10). */
static Value Promise_species(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)vm; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef promise_ctor_defs[] = {
    { "Promise", Promise_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};

static const NativeDef promise_static_defs[] = {
    { "all", Promise_all, 1, NDEF_METHOD, COMB_ALL, 0 },
    { "allSettled", Promise_all, 1, NDEF_METHOD, COMB_ALL_SETTLED, 0 },
    { "any", Promise_all, 1, NDEF_METHOD, COMB_ANY, 0 },
    { "race", Promise_all, 1, NDEF_METHOD, COMB_RACE, 0 },
    { "reject", Promise_reject, 1, NDEF_METHOD, 0, 0 },
    { "resolve", Promise_resolve, 1, NDEF_METHOD, 0, 0 },
    { "try", Promise_try, 1, NDEF_METHOD, 0, 0 },
    { "withResolvers", Promise_withResolvers, 0, NDEF_METHOD, 0, 0 },
    { "[Symbol.species]", Promise_species, 0, NDEF_GETTER, 0, 0 },
};

static const NativeDef promise_proto_defs[] = {
    { "catch", Promise_prototype_catch, 1, NDEF_METHOD, 0, 0 },
    { "finally", Promise_prototype_finally, 1, NDEF_METHOD, 0, 0 },
    { "then", Promise_prototype_then, 2, NDEF_METHOD, 0, 0 },
};

/* Functions made at run time with vm_new_native_closure (looked up by fn + magic). */
static const NativeDef promise_closure_defs[] = {
    { "", Promise_resolve_function, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", Promise_resolve_function, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", Promise_capability_executor, 2, NDEF_CTOR_ONLY, 0, 0 },
    { "", Promise_element_function, 1, NDEF_CTOR_ONLY, ELEM_ALL, 0 },
    { "", Promise_element_function, 1, NDEF_CTOR_ONLY, ELEM_SETTLED_FULFILLED, 0 },
    { "", Promise_element_function, 1, NDEF_CTOR_ONLY, ELEM_SETTLED_REJECTED, 0 },
    { "", Promise_element_function, 1, NDEF_CTOR_ONLY, ELEM_ANY, 0 },
    { "", Promise_finally_function, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", Promise_finally_function, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", Promise_finally_thunk, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "", Promise_finally_thunk, 0, NDEF_CTOR_ONLY, 1, 0 },
};

const NativeTable promise_tables[] = {
    NATIVE_TABLE("Promise", promise_ctor_defs),
    NATIVE_TABLE("Promise.static", promise_static_defs),
    NATIVE_TABLE("Promise.prototype", promise_proto_defs),
    NATIVE_TABLE("Promise.closures", promise_closure_defs),
};
const size_t promise_tables_count = sizeof(promise_tables) / sizeof(promise_tables[0]);

/* Creates %Promise% and %Promise.prototype%. */
int init_promise(VM *vm) {
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_PromisePrototype, proto);
    Value ctor = vm_make_constructor(vm, &promise_ctor_defs[0], proto,
                                     vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Promise, ctor);
    if (vm_install(vm, ctor, promise_static_defs,
                   sizeof(promise_static_defs) / sizeof(promise_static_defs[0])) < 0)
        return -1;
    if (vm_install(vm, proto, promise_proto_defs,
                   sizeof(promise_proto_defs) / sizeof(promise_proto_defs[0])) < 0)
        return -1;
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), ATOM(vm, Promise),
                        PROP_CONFIGURABLE) < 0)
        return -1;
    return vm_define_global(vm, "Promise", ctor);
}
