/* generator.c — generators, async functions and async generators: generator objects and
 * %GeneratorPrototype% / %AsyncGeneratorPrototype% methods (next / return / throw), the
 * async generator request queue (ECMA-262 27.6.3), await (continuations are native
 * closures over the suspended state), %AsyncFromSyncIteratorPrototype%, the realm
 * intrinsics of this subsystem, and the native table registration.
 *
 * Suspended activations are heap cells (interp_save_frame); an async generator's queue is a
 * linked list of request cells (CELL_ARRAY [kind, value, promise, next]).
 */
#include <string.h>
#include "interp_int.h"

void vm_set_class_ops(ClassId cls, const ClassOps *ops);
int function_init_realm(VM *vm);
int module_init_realm(VM *vm);
extern const ClassOps module_namespace_class_ops;

enum { REQ_KIND = 0, REQ_VALUE = 1, REQ_PROMISE = 2, REQ_NEXT = 3, REQ_WORDS = 4 };

static const NativeDef generator_proto_defs[3];

/* ---------------------------------------------------------------------------------------
 * Generator objects
 * ------------------------------------------------------------------------------------- */

Value gen_create(VM *vm, Value func, int async) {
    IntrinsicId fb = async ? INTR_AsyncGeneratorPrototype : INTR_GeneratorPrototype;
    Value proto = obj_get(vm, func, ATOM(vm, prototype), func);
    if (proto == VAL_EXCEPTION) return proto;
    if (!val_is_object(proto)) proto = vm_intrinsic(vm, fb);
    Value g = obj_new(vm, proto, async ? CLASS_ASYNC_GENERATOR : CLASS_GENERATOR);
    if (g == VAL_EXCEPTION) return g;
    Value *s = obj_slot(vm, g, 0);
    s[GEN_STATE] = val_int(GS_SUSPENDED_START);
    s[GEN_FRAME] = VAL_UNDEFINED;
    s[GEN_QUEUE] = VAL_UNDEFINED;
    s[GEN_AUX] = VAL_UNDEFINED;
    return g;
}

/* An iterator result object { value, done } built with the shape cached for the realm of
 * funcdef *fdslot (a rooted location; filled by the first result built the slow way). The
 * generator body made it (GeneratorYield, GeneratorStart), so it belongs to the realm of
 * the generator's function, whichever realm's `next` resumed it. Allocates only. */
static Value gen_iter_result(VM *vm, Value *fdslot, Value value, bool done) {
    Value caller_realm = vm->roots[ROOT_REALM];
    if (val_is_cell(*fdslot)) {
        Value sh = fd_cached_shape(vm, *fdslot, FDC_ITER_RESULT);
        if (sh != VAL_UNDEFINED) {
            Value v[2] = { value, val_bool(done) };
            return obj_new_with_shape(vm, realm_intrinsic(vm, fd_realm(vm, *fdslot), INTR_ObjectPrototype), CLASS_OBJECT,
                                      sh, v, 2);
        }
        vm->roots[ROOT_REALM] = fd_realm(vm, *fdslot);
    }
    Value r = iter_result(vm, value, done);
    vm->roots[ROOT_REALM] = caller_realm;
    if (r != VAL_EXCEPTION && val_is_cell(*fdslot)) fd_cache_shape(vm, *fdslot, FDC_ITER_RESULT, r);
    return r;
}

/* Resume generator *gslot (rooted) in mode `magic` with value *vslot (rooted). Returns the
 * completion value; *kind: 0 yielded value, 1 completed (returned), 2 the value is the
 * inner result object of a yield* (to be passed through). */
static Value gen_resume_raw(VM *vm, Value *gslot, int magic, Value *vslot, Value *fdslot, int *kind) {
    int state = val_to_int(*obj_slot(vm, *gslot, GEN_STATE));
    if (state == GS_EXECUTING) return vm_throw_type_error(vm, "Generator is already running");
    if (state == GS_SUSPENDED_START && magic != RESUME_NEXT) {
        *obj_slot(vm, *gslot, GEN_STATE) = val_int(GS_COMPLETED);
        *obj_slot(vm, *gslot, GEN_FRAME) = VAL_UNDEFINED;
        state = GS_COMPLETED;
    }
    if (state == GS_COMPLETED) {
        if (magic == RESUME_THROW) return vm_throw(vm, *vslot);
        *kind = 1;
        return magic == RESUME_RETURN ? *vslot : VAL_UNDEFINED;
    }
    Value saved = *obj_slot(vm, *gslot, GEN_FRAME);   /* stays as the spare cell (see save_frame_reuse) */
    if (fdslot) *fdslot = fn_funcdef(vm, vm_cell_values(vm, val_ref(saved))[SF_VALUES]);
    *obj_slot(vm, *gslot, GEN_STATE) = val_int(GS_EXECUTING);
    Value r = interp_resume(vm, saved, magic, *vslot, NULL);
    if (r == VAL_EXCEPTION) {
        *obj_slot(vm, *gslot, GEN_STATE) = val_int(GS_COMPLETED);
        return r;
    }
    state = val_to_int(*obj_slot(vm, *gslot, GEN_STATE));
    if (state == GS_COMPLETED) *kind = 1;
    else *kind = *obj_slot(vm, *gslot, GEN_AUX) == VAL_TRUE ? 2 : 0;
    return r;
}

/* Generator.prototype.next / return / throw (magic = RESUME_*). */
static Value Generator_resume(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)nt; (void)func;
    static const char *const names[3] = { "next", "throw", "return" };
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_GENERATOR)
        return vm_throw_type_error(vm, "%s method called on incompatible receiver", names[magic]);
    Value v = argv[0], fd = VAL_UNDEFINED;
    vm_root(vm, &this_val);
    vm_root(vm, &v);
    vm_root(vm, &fd);
    int kind = 0;
    Value r = gen_resume_raw(vm, &this_val, magic, &v, &fd, &kind);
    if (r == VAL_EXCEPTION || kind == 2) return r;
    return gen_iter_result(vm, &fd, r, kind == 1);
}

/* Whether f is the built-in %GeneratorPrototype%.next. */
int gen_is_builtin_next(VM *vm, Value f) {
    if (!val_is_object(f) || obj_header(vm, f)->aux != CLASS_NATIVE_FUNCTION) return 0;
    int id = val_to_int(obj_slot(vm, f, 0)[NFN_ID]);
    return (uint32_t)id < vm->native_count && vm->natives[id] == &generator_proto_defs[0];
}

/* gen.next(*vslot) for a CLASS_GENERATOR *gslot whose `next` is the built-in one (both slots
 * rooted). -1 on throw; 0 done (return value discarded); 1 yielded value in *out; 2 *out is
 * an iterator result object passed through a yield*. */
int gen_next_fast(VM *vm, Value *gslot, Value *vslot, Value *out) {
    int kind = 0;
    Value r = gen_resume_raw(vm, gslot, RESUME_NEXT, vslot, NULL, &kind);
    if (r == VAL_EXCEPTION) return -1;
    *out = r;
    return kind == 1 ? 0 : kind == 2 ? 2 : 1;
}

/* gen.next(*vslot) returning the iterator result object (yield* delegation fast path). */
Value gen_next_result(VM *vm, Value *gslot, Value *vslot) {
    VM_ROOT_SCOPE(vm);
    Value fd = VAL_UNDEFINED;
    vm_root(vm, &fd);
    int kind = 0;
    Value r = gen_resume_raw(vm, gslot, RESUME_NEXT, vslot, &fd, &kind);
    if (r == VAL_EXCEPTION || kind == 2) return r;
    return gen_iter_result(vm, &fd, r, kind == 1);
}

/* ---------------------------------------------------------------------------------------
 * Await
 * ------------------------------------------------------------------------------------- */

Value asyncfn_state_new(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value st = obj_new(vm, VAL_NULL, CLASS_ASYNC_FUNCTION_STATE);
    if (st == VAL_EXCEPTION) return st;
    vm_root(vm, &st);
    Value p = promise_new(vm);
    if (p == VAL_EXCEPTION) return p;
    *obj_slot(vm, st, AFS_PROMISE) = p;
    *obj_slot(vm, st, AFS_KIND) = val_int(0);
    return st;
}

void asyncfn_settle(VM *vm, Value state, Value value, int threw) {
    Value p = *obj_slot(vm, state, AFS_PROMISE);
    if (threw) promise_reject(vm, p, value);
    else promise_resolve(vm, p, value);
}

int await_resume(VM *vm, Value state, Value value, int rejected) {
    Value saved;
    /* the consumed cell stays as the spare of the next suspension (save_frame_reuse) */
    if (obj_class(vm, state) == CLASS_ASYNC_FUNCTION_STATE) saved = *obj_slot(vm, state, AFS_FRAME);
    else saved = *obj_slot(vm, state, GEN_FRAME);
    if (!val_is_cell(saved) || vm_cell_values(vm, val_ref(saved))[SF_PC] == val_int(-1)) return 0;
    return interp_resume(vm, saved, rejected ? RESUME_THROW : RESUME_NEXT, value, NULL) == VAL_EXCEPTION ? -1 : 0;
}

/* Await continuation closure (magic 0 fulfilled, 1 rejected; data0 = the suspended state).
 * Await no longer makes these (promise_await); they stay registered, and working, for job
 * queues of snapshots written before. */
static Value Await_continue(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)nt;
    return await_resume(vm, *obj_slot(vm, func, NFN_DATA0), argv[0], magic) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Async generators
 * ------------------------------------------------------------------------------------- */

static Value queue_first(VM *vm, Value gen) { return *obj_slot(vm, gen, GEN_QUEUE); }

static int queue_push(VM *vm, Value gen, int kind, Value value, Value promise) {
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, REQ_WORDS, VAL_UNDEFINED);
    if (!r) { vm_throw_out_of_memory(vm); return -1; }
    Value *w = vm_cell_values(vm, r);
    w[REQ_KIND] = val_int(kind);
    w[REQ_VALUE] = value;
    w[REQ_PROMISE] = promise;
    Value tail = *obj_slot(vm, gen, GEN_AUX);
    if (val_is_cell(tail)) vm_cell_values(vm, val_ref(tail))[REQ_NEXT] = val_cell(r);
    else *obj_slot(vm, gen, GEN_QUEUE) = val_cell(r);
    *obj_slot(vm, gen, GEN_AUX) = val_cell(r);
    return 0;
}

/* AsyncGeneratorCompleteStep: settle and remove the first request. */
static void complete_step(VM *vm, Value gen, Value value, int threw, int done) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &gen);
    vm_root(vm, &value);
    Value req = queue_first(vm, gen);
    if (!val_is_cell(req)) { vm->nroots = mark; return; }
    Value next = vm_cell_values(vm, val_ref(req))[REQ_NEXT];
    *obj_slot(vm, gen, GEN_QUEUE) = next;
    if (!val_is_cell(next)) *obj_slot(vm, gen, GEN_AUX) = VAL_UNDEFINED;
    Value p = vm_cell_values(vm, val_ref(req))[REQ_PROMISE];
    vm_root(vm, &p);
    if (threw) {
        promise_reject(vm, p, value);
    } else {
        Value res = iter_result(vm, value, done);
        if (res != VAL_EXCEPTION) promise_resolve(vm, p, res);
    }
    vm->nroots = mark;
}

static void await_return(VM *vm, Value gen);

/* AsyncGeneratorDrainQueue. */
static void drain_queue(VM *vm, Value gen) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &gen);
    for (;;) {
        Value req = queue_first(vm, gen);
        if (!val_is_cell(req)) break;
        int kind = val_to_int(vm_cell_values(vm, val_ref(req))[REQ_KIND]);
        if (kind == RESUME_RETURN) {
            *obj_slot(vm, gen, GEN_STATE) = val_int(GS_AWAITING_RETURN);
            await_return(vm, gen);
            break;
        }
        if (kind == RESUME_THROW) complete_step(vm, gen, vm_cell_values(vm, val_ref(req))[REQ_VALUE], 1, 1);
        else complete_step(vm, gen, VAL_UNDEFINED, 0, 1);
    }
    vm->nroots = mark;
}

/* Continuations of AsyncGeneratorAwaitReturn: magic 0 fulfilled, 1 rejected. */
static Value AsyncGen_return_continue(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)nt;
    Value gen = *obj_slot(vm, func, NFN_DATA0);
    vm_root(vm, &gen);
    *obj_slot(vm, gen, GEN_STATE) = val_int(GS_COMPLETED);
    complete_step(vm, gen, argv[0], magic, 1);
    drain_queue(vm, gen);
    return VAL_UNDEFINED;
}

static void await_return(VM *vm, Value gen) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &gen);
    Value req = queue_first(vm, gen);
    Value v = vm_cell_values(vm, val_ref(req))[REQ_VALUE];
    Value p = promise_resolve_value(vm, v);
    if (p == VAL_EXCEPTION) {
        if (vm->uncatchable) { vm->nroots = mark; return; }
        Value exc = vm_take_exception(vm);
        *obj_slot(vm, gen, GEN_STATE) = val_int(GS_COMPLETED);
        complete_step(vm, gen, exc, 1, 1);
        drain_queue(vm, gen);
        vm->nroots = mark;
        return;
    }
    vm_root(vm, &p);
    Value f1 = vm_new_native_closure(vm, AsyncGen_return_continue, 0, "", 1);
    if (f1 == VAL_EXCEPTION) { vm->nroots = mark; return; }
    *obj_slot(vm, f1, NFN_DATA0) = gen;
    vm_root(vm, &f1);
    Value f2 = vm_new_native_closure(vm, AsyncGen_return_continue, 1, "", 1);
    if (f2 == VAL_EXCEPTION) { vm->nroots = mark; return; }
    *obj_slot(vm, f2, NFN_DATA0) = gen;
    promise_then(vm, p, f1, f2, VAL_UNDEFINED);
    vm->nroots = mark;
}

/* AsyncGeneratorResume: run the frame with the first request's completion. */
static void asyncgen_resume(VM *vm, Value gen, int mode, Value value) {
    Value saved = *obj_slot(vm, gen, GEN_FRAME);   /* stays as the spare cell */
    *obj_slot(vm, gen, GEN_STATE) = val_int(GS_EXECUTING);
    interp_resume(vm, saved, mode, value, NULL);
}

int asyncgen_yield(VM *vm, Value gen, Value value, Value *resume_value, int *resume_mode) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &gen);
    complete_step(vm, gen, value, 0, 0);
    vm->nroots = mark;
    if (vm->has_exception) return -1;
    Value req = queue_first(vm, gen);
    if (val_is_cell(req)) {
        Value *w = vm_cell_values(vm, val_ref(req));
        *resume_value = w[REQ_VALUE];
        *resume_mode = val_to_int(w[REQ_KIND]);
        return 1;
    }
    return 0;
}

void asyncgen_complete(VM *vm, Value gen, Value value, int threw) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &gen);
    *obj_slot(vm, gen, GEN_STATE) = val_int(GS_COMPLETED);
    *obj_slot(vm, gen, GEN_FRAME) = VAL_UNDEFINED;
    complete_step(vm, gen, value, threw, 1);
    drain_queue(vm, gen);
    vm->nroots = mark;
}

/* AsyncGenerator.prototype.next / return / throw (magic = RESUME_*). */
static Value AsyncGenerator_method(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)nt; (void)func;
    Value v = argv[0];
    vm_root(vm, &v);
    vm_root(vm, &this_val);
    Value p = promise_new(vm);
    if (p == VAL_EXCEPTION) return p;
    vm_root(vm, &p);
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ASYNC_GENERATOR) {
        Value e = vm_make_error(vm, ERR_TYPE, str_from_cstr(vm, "AsyncGenerator method called on incompatible receiver"));
        if (e == VAL_EXCEPTION) return e;
        promise_reject(vm, p, e);
        return p;
    }
    int state = val_to_int(*obj_slot(vm, this_val, GEN_STATE));
    if (magic == RESUME_NEXT) {
        if (state == GS_COMPLETED) {
            Value r = iter_result(vm, VAL_UNDEFINED, true);
            if (r == VAL_EXCEPTION) return r;
            promise_resolve(vm, p, r);
            return p;
        }
        if (queue_push(vm, this_val, magic, v, p) < 0) return VAL_EXCEPTION;
        if (state == GS_SUSPENDED_START || state == GS_SUSPENDED_YIELD) asyncgen_resume(vm, this_val, magic, v);
    } else if (magic == RESUME_RETURN) {
        if (queue_push(vm, this_val, magic, v, p) < 0) return VAL_EXCEPTION;
        if (state == GS_SUSPENDED_START || state == GS_COMPLETED) {
            *obj_slot(vm, this_val, GEN_STATE) = val_int(GS_AWAITING_RETURN);
            *obj_slot(vm, this_val, GEN_FRAME) = VAL_UNDEFINED;
            await_return(vm, this_val);
        } else if (state == GS_SUSPENDED_YIELD) {
            asyncgen_resume(vm, this_val, magic, v);
        }
    } else {
        if (state == GS_SUSPENDED_START) {
            *obj_slot(vm, this_val, GEN_STATE) = val_int(GS_COMPLETED);
            *obj_slot(vm, this_val, GEN_FRAME) = VAL_UNDEFINED;
            state = GS_COMPLETED;
        }
        if (state == GS_COMPLETED) {
            promise_reject(vm, p, v);
            return p;
        }
        if (queue_push(vm, this_val, magic, v, p) < 0) return VAL_EXCEPTION;
        if (state == GS_SUSPENDED_YIELD) asyncgen_resume(vm, this_val, magic, v);
    }
    if (vm->has_exception) return VAL_EXCEPTION;
    return p;
}

/* ---------------------------------------------------------------------------------------
 * %AsyncFromSyncIteratorPrototype%
 * ------------------------------------------------------------------------------------- */

enum { AFS_ITER = 0, AFS_NEXT = 1, AFS_TAG = 2 };
#define AFS_TAG_VALUE 0x41465349   /* marks CLASS_ITERATOR objects made here */

int iter_async_from_sync(VM *vm, Value obj, IterRecord *rec) {
    VM_ROOT_SCOPE(vm);
    IterRecord sync;
    if (iter_get(vm, obj, 0, &sync) < 0) return -1;
    vm_root(vm, &sync.iterator);
    vm_root(vm, &sync.next);
    return iter_async_from_sync_record(vm, &sync, rec);
}

int iter_async_from_sync_record(VM *vm, const IterRecord *sync, IterRecord *rec) {
    VM_ROOT_SCOPE(vm);
    Value o = obj_new(vm, vm_intrinsic(vm, INTR_AsyncFromSyncIteratorPrototype), CLASS_ITERATOR);
    if (o == VAL_EXCEPTION) return -1;
    *obj_slot(vm, o, AFS_ITER) = sync->iterator;
    *obj_slot(vm, o, AFS_NEXT) = sync->next;
    *obj_slot(vm, o, AFS_TAG) = val_int(AFS_TAG_VALUE);
    vm_root(vm, &o);
    Value next = obj_get(vm, o, ATOM(vm, next), o);
    if (next == VAL_EXCEPTION) return -1;
    rec->iterator = o;
    rec->next = next;
    rec->done = 0;
    return 0;
}

/* Unwrap closure (magic 0): data0 = done. Close-on-rejection closure (magic 1): data0 = iter. */
static Value AsyncFromSync_closure(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)nt;
    if (magic == 0) return iter_result(vm, argv[0], *obj_slot(vm, func, NFN_DATA0) == VAL_TRUE);
    Value reason = argv[0];
    vm_root(vm, &reason);
    IterRecord rec = { *obj_slot(vm, func, NFN_DATA0), VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_throw(vm, reason);
    iter_close(vm, &rec, 1);
    return VAL_EXCEPTION;
}

/* Reject p with the pending exception; returns p. */
static Value reject_pending(VM *vm, Value p) {
    if (vm->uncatchable) return VAL_EXCEPTION;
    Value e = vm_take_exception(vm);
    promise_reject(vm, p, e);
    return p;
}

/* AsyncFromSyncIteratorContinuation. */
static Value afs_continuation(VM *vm, Value result, Value p, Value iter, int close_on_rejection) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &result);
    vm_root(vm, &p);
    vm_root(vm, &iter);
    Value d = obj_get(vm, result, ATOM(vm, done), result);
    if (d == VAL_EXCEPTION) return reject_pending(vm, p);
    int done = to_boolean(vm, d);
    Value v = obj_get(vm, result, ATOM(vm, value), result);
    if (v == VAL_EXCEPTION) return reject_pending(vm, p);
    Value wrapper = promise_resolve_value(vm, v);
    if (wrapper == VAL_EXCEPTION) {
        if (!done && close_on_rejection && !vm->uncatchable) {
            IterRecord rec = { iter, VAL_UNDEFINED, 0 };
            iter_close(vm, &rec, 1);
        }
        return reject_pending(vm, p);
    }
    vm_root(vm, &wrapper);
    Value on_ful = vm_new_native_closure(vm, AsyncFromSync_closure, 0, "", 1);
    if (on_ful == VAL_EXCEPTION) return on_ful;
    *obj_slot(vm, on_ful, NFN_DATA0) = val_bool(done);
    vm_root(vm, &on_ful);
    Value on_rej = VAL_UNDEFINED;
    if (!done && close_on_rejection) {
        on_rej = vm_new_native_closure(vm, AsyncFromSync_closure, 1, "", 1);
        if (on_rej == VAL_EXCEPTION) return on_rej;
        *obj_slot(vm, on_rej, NFN_DATA0) = iter;
    }
    if (promise_then(vm, wrapper, on_ful, on_rej, p) < 0) return VAL_EXCEPTION;
    return p;
}

/* %AsyncFromSyncIteratorPrototype%.next / return / throw (magic = RESUME_*). */
static Value AsyncFromSync_method(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)nt; (void)func;
    vm_root(vm, &this_val);
    Value v = argv[0];
    vm_root(vm, &v);
    Value p = promise_new(vm);
    if (p == VAL_EXCEPTION) return p;
    vm_root(vm, &p);
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        *obj_slot(vm, this_val, AFS_TAG) != val_int(AFS_TAG_VALUE))
        return vm_throw_type_error(vm, "not an async-from-sync iterator");
    Value iter = *obj_slot(vm, this_val, AFS_ITER);
    vm_root(vm, &iter);
    Value result;
    if (magic == RESUME_NEXT) {
        Value next = *obj_slot(vm, this_val, AFS_NEXT);
        result = vm_call(vm, next, iter, argc > 0 ? 1 : 0, &v);
        if (result == VAL_EXCEPTION) return reject_pending(vm, p);
    } else {
        Value m = obj_get_method(vm, iter, magic == RESUME_RETURN ? ATOM(vm, return_) : ATOM(vm, throw_));
        if (m == VAL_EXCEPTION) return reject_pending(vm, p);
        if (m == VAL_UNDEFINED) {
            if (magic == RESUME_RETURN) {
                Value r = iter_result(vm, v, true);
                if (r == VAL_EXCEPTION) return r;
                promise_resolve(vm, p, r);
                return p;
            }
            IterRecord rec = { iter, VAL_UNDEFINED, 0 };
            if (iter_close(vm, &rec, 0) < 0) return reject_pending(vm, p);
            vm_throw_type_error(vm, "The iterator does not provide a 'throw' method");
            return reject_pending(vm, p);
        }
        result = vm_call(vm, m, iter, argc > 0 ? 1 : 0, &v);
        if (result == VAL_EXCEPTION) return reject_pending(vm, p);
    }
    if (!val_is_object(result)) {
        vm_throw_type_error(vm, "Iterator result is not an object");
        return reject_pending(vm, p);
    }
    return afs_continuation(vm, result, p, iter, magic != RESUME_RETURN);
}

/* [Symbol.asyncIterator]() { return this } for %AsyncIteratorPrototype% */
static Value AsyncIterator_self(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)vm; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * Native tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef generator_proto_defs[] = {
    { "next", Generator_resume, 1, NDEF_METHOD, RESUME_NEXT, 0 },
    { "return", Generator_resume, 1, NDEF_METHOD, RESUME_RETURN, 0 },
    { "throw", Generator_resume, 1, NDEF_METHOD, RESUME_THROW, 0 },
};
static const NativeDef async_generator_proto_defs[] = {
    { "next", AsyncGenerator_method, 1, NDEF_METHOD, RESUME_NEXT, 0 },
    { "return", AsyncGenerator_method, 1, NDEF_METHOD, RESUME_RETURN, 0 },
    { "throw", AsyncGenerator_method, 1, NDEF_METHOD, RESUME_THROW, 0 },
};
static const NativeDef async_from_sync_defs[] = {
    { "next", AsyncFromSync_method, 1, NDEF_METHOD, RESUME_NEXT, 0 },
    { "return", AsyncFromSync_method, 1, NDEF_METHOD, RESUME_RETURN, 0 },
    { "throw", AsyncFromSync_method, 1, NDEF_METHOD, RESUME_THROW, 0 },
};
static const NativeDef async_iterator_defs[] = {
    { "[Symbol.asyncIterator]", AsyncIterator_self, 0, NDEF_METHOD, 0, 0 },
};
static const NativeDef closure_defs[] = {
    { "", Await_continue, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", Await_continue, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", AsyncGen_return_continue, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", AsyncGen_return_continue, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", AsyncFromSync_closure, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", AsyncFromSync_closure, 1, NDEF_CTOR_ONLY, 1, 0 },
};

const NativeTable interp_native_tables[] = {
    NATIVE_TABLE("Generator.prototype", generator_proto_defs),
    NATIVE_TABLE("AsyncGenerator.prototype", async_generator_proto_defs),
    NATIVE_TABLE("AsyncFromSyncIterator.prototype", async_from_sync_defs),
    NATIVE_TABLE("AsyncIterator.prototype", async_iterator_defs),
    NATIVE_TABLE("interp.closures", closure_defs),
    NATIVE_TABLE("interp.function", function_natives),
    NATIVE_TABLE("interp.module", module_natives),
};
const size_t interp_native_tables_count = sizeof(interp_native_tables) / sizeof(interp_native_tables[0]);

void interp_init_classes(VM *vm) {
    (void)vm;
    vm_set_class_ops(CLASS_FUNCTION, &function_class_ops);
    vm_set_class_ops(CLASS_NATIVE_FUNCTION, &native_function_class_ops);
    vm_set_class_ops(CLASS_MAPPED_ARGUMENTS, &mapped_arguments_class_ops);
    vm_set_class_ops(CLASS_MODULE_NAMESPACE, &module_namespace_class_ops);
}

/* Make %X.prototype% linked with its constructor %X% (a dynamic-function constructor). */
static int make_function_kind(VM *vm, IntrinsicId fp_id, IntrinsicId ctor_id, IntrinsicId proto_id,
                              const NativeDef *ctor_def, const char *tag, const NativeDef *methods,
                              size_t nmethods, Value proto_parent, const char *proto_tag) {
    Value fp = obj_new(vm, vm_intrinsic(vm, INTR_FunctionPrototype), CLASS_OBJECT);
    if (fp == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, fp_id, fp);
    Value t = str_from_cstr(vm, tag);
    if (t == VAL_EXCEPTION || obj_define_fast(vm, fp, vm_wks(vm, WKS_toStringTag), t, PROP_CONFIGURABLE) < 0) return -1;
    Value ctor = vm_make_constructor(vm, ctor_def, VAL_UNDEFINED, vm_intrinsic(vm, INTR_Function));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, ctor_id, ctor);
    fp = vm_intrinsic(vm, fp_id);
    if (obj_define_fast(vm, ctor, ATOM(vm, prototype), fp, 0) < 0) return -1;
    if (obj_define_fast(vm, fp, ATOM(vm, constructor), ctor, PROP_CONFIGURABLE) < 0) return -1;
    if (methods) {
        Value p = obj_new(vm, proto_parent, CLASS_OBJECT);
        if (p == VAL_EXCEPTION) return -1;
        vm_set_intrinsic(vm, proto_id, p);
        if (vm_install(vm, p, methods, nmethods) < 0) return -1;
        Value pt = str_from_cstr(vm, proto_tag);
        if (pt == VAL_EXCEPTION || obj_define_fast(vm, p, vm_wks(vm, WKS_toStringTag), pt, PROP_CONFIGURABLE) < 0) return -1;
        fp = vm_intrinsic(vm, fp_id);
        if (obj_define_fast(vm, fp, ATOM(vm, prototype), p, PROP_CONFIGURABLE) < 0) return -1;
        if (obj_define_fast(vm, p, ATOM(vm, constructor), fp, PROP_CONFIGURABLE) < 0) return -1;
    }
    return 0;
}

int interp_init_realm(VM *vm) {
    if (function_init_realm(vm) < 0) return -1;
    Value ip = vm_intrinsic(vm, INTR_IteratorPrototype);
    if (!val_is_object(ip)) {
        ip = obj_new_plain(vm);
        if (ip == VAL_EXCEPTION) return -1;
        vm_set_intrinsic(vm, INTR_IteratorPrototype, ip);
    }
    Value aip = vm_intrinsic(vm, INTR_AsyncIteratorPrototype);
    if (!val_is_object(aip)) {
        aip = obj_new_plain(vm);
        if (aip == VAL_EXCEPTION) return -1;
        vm_set_intrinsic(vm, INTR_AsyncIteratorPrototype, aip);
        if (vm_install(vm, aip, async_iterator_defs, 1) < 0) return -1;
    }
    if (make_function_kind(vm, INTR_GeneratorFunctionPrototype, INTR_GeneratorFunction, INTR_GeneratorPrototype,
                           &function_natives[2], "GeneratorFunction", generator_proto_defs, 3,
                           vm_intrinsic(vm, INTR_IteratorPrototype), "Generator") < 0)
        return -1;
    if (make_function_kind(vm, INTR_AsyncFunctionPrototype, INTR_AsyncFunction, INTR_AsyncFunctionPrototype,
                           &function_natives[3], "AsyncFunction", NULL, 0, VAL_UNDEFINED, NULL) < 0)
        return -1;
    if (make_function_kind(vm, INTR_AsyncGeneratorFunctionPrototype, INTR_AsyncGeneratorFunction,
                           INTR_AsyncGeneratorPrototype, &function_natives[4], "AsyncGeneratorFunction",
                           async_generator_proto_defs, 3, vm_intrinsic(vm, INTR_AsyncIteratorPrototype),
                           "AsyncGenerator") < 0)
        return -1;
    Value afs = obj_new(vm, vm_intrinsic(vm, INTR_AsyncIteratorPrototype), CLASS_OBJECT);
    if (afs == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_AsyncFromSyncIteratorPrototype, afs);
    if (vm_install(vm, afs, async_from_sync_defs, 3) < 0) return -1;
    if (module_init_realm(vm) < 0) return -1;
    return 0;
}
