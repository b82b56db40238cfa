/* disposable.c — explicit resource management (ES2026): dispose capabilities and
 * DisposeResources (dispose.h, also driven by the interpreter for `using` / `await using`),
 * DisposableStack and AsyncDisposableStack (27.3, 27.4), and %IteratorPrototype%[@@dispose] /
 * %AsyncIteratorPrototype%[@@asyncDispose].
 *
 * A (Async)DisposableStack is a CLASS_ITERATOR object (the tagged form of built-in objects
 * with internal state, iterator_helpers.c): [0] its dispose capability, [1] 0 pending / 1
 * disposed, [2] STACK_TAG or ASYNC_STACK_TAG (0x800 / 0x801, apart from the tags of
 * iterator_helpers.c and the built-in iterators). AsyncDisposableStack.prototype.disposeAsync runs
 * DisposeResources as a chain of promise reactions whose native continuations hold the
 * capability and the result promise, so a disposal in flight survives a snapshot.
 */
#include "builtins.h"
#include "../dispose.h"

#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

#define STACK_TAG 0x800
#define ASYNC_STACK_TAG 0x801

/* Capability words (dispose.h). */
enum { DC_FLAGS = 0, DC_ERROR = 1, DC_TOP = 2, DC_RES = 3 };

/* ---------------------------------------------------------------------------------------
 * Dispose capabilities
 * ------------------------------------------------------------------------------------- */

/* Word i of capability cap (never a hole: the capability is dense). */
static Value cap_get(VM *vm, Value cap, uint32_t i) { return array_get_fast(vm, cap, i); }

/* Store word i (< length) of capability cap; allocates nothing. */
static void cap_put(VM *vm, Value cap, uint32_t i, Value v) {
    CELL_VALUES(CELL(vm, val_ref(obj_words(vm, cap)[OBJ_ELEMENTS])))[i] = v;
}

static int cap_flags(VM *vm, Value cap) { return val_to_int(cap_get(vm, cap, DC_FLAGS)); }

Value dispose_cap_new(VM *vm) {
    Value w[3] = { val_int(0), VAL_UNDEFINED, val_int(0) };
    Value cap = array_from_values(vm, w, 3);
    if (cap == VAL_EXCEPTION) return cap;
    obj_words(vm, cap)[OBJ_PROTO] = VAL_NULL;
    return cap;
}

int dispose_add_method(VM *vm, Value cap, Value v, Value method, int kind) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &cap); vm_root(vm, &v); vm_root(vm, &method);
    uint32_t top = (uint32_t)val_to_int(cap_get(vm, cap, DC_TOP));
    /* a capability is filled before it is disposed: the triples end at the array's end */
    if (array_push(vm, cap, v) < 0 || array_push(vm, cap, method) < 0 ||
        array_push(vm, cap, val_int(kind)) < 0)
        return -1;
    cap_put(vm, cap, DC_TOP, val_int((int32_t)top + 1));
    return 0;
}

int dispose_add_value(VM *vm, Value cap, Value v, int hint) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &cap); vm_root(vm, &v);
    if (val_is_nullish(v)) {
        if (hint == DH_SYNC) return 0;
        return dispose_add_method(vm, cap, VAL_UNDEFINED, VAL_UNDEFINED, DK_ASYNC_NONE);
    }
    if (!val_is_object(v)) {
        vm_throw_type_error(vm, "using: the value is not an object");
        return -1;
    }
    int kind = hint == DH_SYNC ? DK_SYNC : DK_ASYNC;
    Value m = VAL_UNDEFINED;
    vm_root(vm, &m);
    if (hint == DH_ASYNC) {
        m = obj_get_method(vm, v, vm_wks(vm, WKS_asyncDispose));
        if (m == VAL_EXCEPTION) return -1;
    }
    if (m == VAL_UNDEFINED) {
        m = obj_get_method(vm, v, vm_wks(vm, WKS_dispose));
        if (m == VAL_EXCEPTION) return -1;
        if (hint == DH_ASYNC) kind = DK_ASYNC_FROM_SYNC;
    }
    if (m == VAL_UNDEFINED) {
        vm_throw_type_error(vm, hint == DH_SYNC ? "using: the value has no [Symbol.dispose] method"
                                                : "await using: the value has no [Symbol.asyncDispose] or [Symbol.dispose] method");
        return -1;
    }
    return dispose_add_method(vm, cap, v, m, kind);
}

int dispose_record(VM *vm, Value cap, Value err) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &cap); vm_root(vm, &err);
    int flags = cap_flags(vm, cap);
    if (flags & DCF_ERROR) {
        Value e = vm_make_error(vm, ERR_SUPPRESSED, VAL_UNDEFINED);
        if (e == VAL_EXCEPTION) return -1;
        vm_root(vm, &e);
        if (obj_define_fast(vm, e, ATOM(vm, error), err, PROP_METHOD) < 0 ||
            obj_define_fast(vm, e, ATOM(vm, suppressed), cap_get(vm, cap, DC_ERROR), PROP_METHOD) < 0)
            return -1;
        err = e;
    }
    cap_put(vm, cap, DC_ERROR, err);
    cap_put(vm, cap, DC_FLAGS, val_int(flags | DCF_ERROR));
    return 0;
}

/* Record the pending exception of a failed dispose call; -1 if it is uncatchable or the
 * recording ran out of memory. */
static int record_pending(VM *vm, Value cap) {
    if (vm->uncatchable) return -1;
    return dispose_record(vm, cap, vm_take_exception(vm));
}

int dispose_step(VM *vm, Value cap, Value *await_v) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &cap);
    for (;;) {
        int flags = cap_flags(vm, cap);
        int wait_first = (flags & DCF_NEEDS_AWAIT) && !(flags & DCF_HAS_AWAITED);
        uint32_t top = (uint32_t)val_to_int(cap_get(vm, cap, DC_TOP));
        if (top == 0) {
            if (wait_first) {
                cap_put(vm, cap, DC_FLAGS, val_int(flags & ~DCF_NEEDS_AWAIT));
                *await_v = VAL_UNDEFINED;
                return 1;
            }
            return 0;
        }
        uint32_t at = DC_RES + 3 * (top - 1);
        int kind = val_to_int(cap_get(vm, cap, at + 2));
        if (wait_first && (kind == DK_SYNC || kind == DK_ADOPT_SYNC)) {
            cap_put(vm, cap, DC_FLAGS, val_int(flags & ~DCF_NEEDS_AWAIT));
            *await_v = VAL_UNDEFINED;
            return 1;
        }
        cap_put(vm, cap, DC_TOP, val_int((int32_t)top - 1));
        if (kind == DK_ASYNC_NONE) {
            cap_put(vm, cap, DC_FLAGS, val_int(flags | DCF_NEEDS_AWAIT));
            continue;
        }
        Value v = cap_get(vm, cap, at), m = cap_get(vm, cap, at + 1);
        int adopt = kind == DK_ADOPT_SYNC || kind == DK_ADOPT_ASYNC;
        Value r = adopt ? vm_call(vm, m, VAL_UNDEFINED, 1, &v) : vm_call(vm, m, v, 0, NULL);
        int is_async = kind == DK_ASYNC || kind == DK_ASYNC_FROM_SYNC || kind == DK_ADOPT_ASYNC;
        if (r == VAL_EXCEPTION) {
            if (kind != DK_ASYNC_FROM_SYNC) {
                if (record_pending(vm, cap) < 0) return -1;
                continue;
            }
            /* the wrapper closure returns a promise rejected with the error: await it */
            if (vm->uncatchable) return -1;
            Value err = vm_take_exception(vm), p = VAL_UNDEFINED;
            vm_root(vm, &err); vm_root(vm, &p);
            p = promise_new(vm);
            if (p == VAL_EXCEPTION || promise_reject(vm, p, err) < 0) return -1;
            r = p;
        } else if (kind == DK_ASYNC_FROM_SYNC) {
            r = VAL_UNDEFINED;
        }
        if (is_async) {
            cap_put(vm, cap, DC_FLAGS, val_int(cap_flags(vm, cap) | DCF_HAS_AWAITED));
            *await_v = r;
            return 1;
        }
    }
}

int dispose_finish(VM *vm, Value cap) {
    VM_ROOT_SCOPE(vm);
    int flags = cap_flags(vm, cap);
    Value err = cap_get(vm, cap, DC_ERROR);
    vm_root(vm, &cap); vm_root(vm, &err);
    cap_put(vm, cap, DC_FLAGS, val_int(0));
    cap_put(vm, cap, DC_ERROR, VAL_UNDEFINED);
    cap_put(vm, cap, DC_TOP, val_int(0));
    /* drop the disposed resources (a disposed DisposableStack keeps its capability) */
    PropDesc len;
    desc_init(&len);
    len.value = val_int(DC_RES);
    len.has = DESC_HAS_VALUE;
    if (array_set_length(vm, cap, &len) < 0) return -1;
    if (flags & DCF_ERROR) {
        vm_throw(vm, err);
        return -1;
    }
    return 0;
}

int dispose_run_sync(VM *vm, Value cap) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &cap);
    Value ignored = VAL_UNDEFINED;
    int r;
    while ((r = dispose_step(vm, cap, &ignored)) > 0) {}
    if (r < 0) return -1;
    return dispose_finish(vm, cap);
}

/* ---------------------------------------------------------------------------------------
 * DisposableStack and AsyncDisposableStack
 * ------------------------------------------------------------------------------------- */

/* RequireInternalSlot(this, [[DisposableState]]) of the sync (tag STACK_TAG) or async kind:
 * 0, or -1 with a TypeError pending. */
static int stack_check(VM *vm, Value this_val, int tag, const char *what) {
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        *obj_slot(vm, this_val, 2) != val_int(tag)) {
        vm_throw_type_error(vm, "%s called on an incompatible receiver", what);
        return -1;
    }
    return 0;
}

/* stack_check, then a ReferenceError when the stack is already disposed. */
static int stack_check_live(VM *vm, Value this_val, int tag, const char *what) {
    if (stack_check(vm, this_val, tag, what) < 0) return -1;
    if (*obj_slot(vm, this_val, 1) != val_int(0)) {
        vm_throw_reference_error(vm, "%s: the stack is already disposed", what);
        return -1;
    }
    return 0;
}

/* A new pending stack of the kind of `tag`, prototype from new_target (or the intrinsic). */
static Value stack_create(VM *vm, Value new_target, int tag) {
    VM_ROOT_SCOPE(vm);
    IntrinsicId pid = tag == STACK_TAG ? INTR_DisposableStackPrototype : INTR_AsyncDisposableStackPrototype;
    Value o = obj_create_from_constructor(vm, new_target, pid, CLASS_ITERATOR);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    Value cap = dispose_cap_new(vm);
    if (cap == VAL_EXCEPTION) return cap;
    *obj_slot(vm, o, 0) = cap;
    *obj_slot(vm, o, 1) = val_int(0);
    *obj_slot(vm, o, 2) = val_int(tag);
    return o;
}

/* DisposableStack() / AsyncDisposableStack() (27.3.1.1, 27.4.1.1); magic = tag. */
NATIVE(DisposableStack_constructor) {
    (void)this_val; (void)argc; (void)argv; (void)func;
    if (new_target == VAL_UNDEFINED)
        return vm_throw_type_error(vm, "Constructor %s requires 'new'",
                                   magic == STACK_TAG ? "DisposableStack" : "AsyncDisposableStack");
    return stack_create(vm, new_target, magic);
}

/* get disposed (27.3.3.3 / 27.4.3.4); magic = tag. */
NATIVE(DisposableStack_disposed) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (stack_check(vm, this_val, magic, "get disposed") < 0) return VAL_EXCEPTION;
    return val_bool(*obj_slot(vm, this_val, 1) != val_int(0));
}

/* use(value) (27.3.3.6 / 27.4.3.6); magic = tag. */
NATIVE(DisposableStack_use) {
    (void)argc; (void)new_target; (void)func;
    if (stack_check_live(vm, this_val, magic, "use") < 0) return VAL_EXCEPTION;
    if (dispose_add_value(vm, *obj_slot(vm, this_val, 0), argv[0],
                          magic == STACK_TAG ? DH_SYNC : DH_ASYNC) < 0)
        return VAL_EXCEPTION;
    return argv[0];
}

/* adopt(value, onDispose) (27.3.3.1 / 27.4.3.1); magic = tag. */
NATIVE(DisposableStack_adopt) {
    (void)new_target; (void)func;
    if (stack_check_live(vm, this_val, magic, "adopt") < 0) return VAL_EXCEPTION;
    Value on = argc > 1 ? argv[1] : VAL_UNDEFINED;
    if (!vm_is_callable(vm, on)) return vm_throw_type_error(vm, "adopt: onDispose is not callable");
    if (dispose_add_method(vm, *obj_slot(vm, this_val, 0), argv[0], on,
                           magic == STACK_TAG ? DK_ADOPT_SYNC : DK_ADOPT_ASYNC) < 0)
        return VAL_EXCEPTION;
    return argv[0];
}

/* defer(onDispose) (27.3.3.2 / 27.4.3.2); magic = tag. */
NATIVE(DisposableStack_defer) {
    (void)argc; (void)new_target; (void)func;
    if (stack_check_live(vm, this_val, magic, "defer") < 0) return VAL_EXCEPTION;
    if (!vm_is_callable(vm, argv[0])) return vm_throw_type_error(vm, "defer: onDispose is not callable");
    if (dispose_add_method(vm, *obj_slot(vm, this_val, 0), VAL_UNDEFINED, argv[0],
                           magic == STACK_TAG ? DK_SYNC : DK_ASYNC) < 0)
        return VAL_EXCEPTION;
    return VAL_UNDEFINED;
}

/* move() (27.3.3.5 / 27.4.3.5): a new stack takes the resources; this one is disposed. */
NATIVE(DisposableStack_move) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (stack_check_live(vm, this_val, magic, "move") < 0) return VAL_EXCEPTION;
    vm_root(vm, &this_val);
    Value n = stack_create(vm, VAL_UNDEFINED, magic), cap = VAL_UNDEFINED;
    if (n == VAL_EXCEPTION) return n;
    vm_root(vm, &n); vm_root(vm, &cap);
    cap = dispose_cap_new(vm);
    if (cap == VAL_EXCEPTION) return cap;
    *obj_slot(vm, n, 0) = *obj_slot(vm, this_val, 0);
    *obj_slot(vm, this_val, 0) = cap;
    *obj_slot(vm, this_val, 1) = val_int(1);
    return n;
}

/* DisposableStack.prototype.dispose() (27.3.3.4). */
NATIVE(DisposableStack_dispose) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (stack_check(vm, this_val, STACK_TAG, "DisposableStack.prototype.dispose") < 0) return VAL_EXCEPTION;
    if (*obj_slot(vm, this_val, 1) != val_int(0)) return VAL_UNDEFINED;
    *obj_slot(vm, this_val, 1) = val_int(1);
    return dispose_run_sync(vm, *obj_slot(vm, this_val, 0)) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

static Value AsyncDisposableStack_resume(VM *vm, Value this_val, int argc, Value *argv,
                                         Value new_target, Value func, int magic);

/* Drive an async DisposeResources of cap for the promise `result` until its next Await
 * (continued by AsyncDisposableStack_resume) or its end (result settled). -1 only for an
 * uncatchable termination or OOM. */
static int async_dispose_continue(VM *vm, Value cap, Value result) {
    VM_ROOT_SCOPE(vm);
    Value v = VAL_UNDEFINED, p = VAL_UNDEFINED, on_ok = VAL_UNDEFINED, on_err = VAL_UNDEFINED;
    vm_root(vm, &cap); vm_root(vm, &result); vm_root(vm, &v); vm_root(vm, &p);
    vm_root(vm, &on_ok); vm_root(vm, &on_err);
    for (;;) {
        int r = dispose_step(vm, cap, &v);
        if (r < 0) return -1;
        if (r == 0) {
            if (dispose_finish(vm, cap) < 0) {
                if (vm->uncatchable) return -1;
                return promise_reject(vm, result, vm_take_exception(vm));
            }
            return promise_resolve(vm, result, VAL_UNDEFINED);
        }
        p = promise_resolve_value(vm, v);
        if (p == VAL_EXCEPTION) {
            if (record_pending(vm, cap) < 0) return -1;
            continue;
        }
        on_ok = vm_new_native_closure(vm, AsyncDisposableStack_resume, 0, "", 1);
        if (on_ok == VAL_EXCEPTION) return -1;
        *obj_slot(vm, on_ok, NFN_DATA0) = cap;
        *obj_slot(vm, on_ok, NFN_DATA1) = result;
        on_err = vm_new_native_closure(vm, AsyncDisposableStack_resume, 1, "", 1);
        if (on_err == VAL_EXCEPTION) return -1;
        *obj_slot(vm, on_err, NFN_DATA0) = cap;
        *obj_slot(vm, on_err, NFN_DATA1) = result;
        return promise_then(vm, p, on_ok, on_err, VAL_UNDEFINED);
    }
}

/* The continuation of an Await inside disposeAsync: magic 0 fulfilled, 1 rejected (the
 * reason is a throw completion of the dispose step); data0 the capability, data1 the result
 * promise. */
static Value AsyncDisposableStack_resume(VM *vm, Value this_val, int argc, Value *argv,
                                         Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target;
    Value cap = *obj_slot(vm, func, NFN_DATA0), result = *obj_slot(vm, func, NFN_DATA1);
    vm_root(vm, &cap); vm_root(vm, &result);
    if (magic == 1 && dispose_record(vm, cap, argv[0]) < 0) return VAL_EXCEPTION;
    if (async_dispose_continue(vm, cap, result) < 0)
        return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    return VAL_UNDEFINED;
}

/* AsyncDisposableStack.prototype.disposeAsync() (27.4.3.3). */
NATIVE(AsyncDisposableStack_disposeAsync) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    vm_root(vm, &this_val);
    Value result = promise_new(vm), err = VAL_UNDEFINED;
    if (result == VAL_EXCEPTION) return result;
    vm_root(vm, &result); vm_root(vm, &err);
    if (stack_check(vm, this_val, ASYNC_STACK_TAG, "AsyncDisposableStack.prototype.disposeAsync") < 0) {
        if (vm->uncatchable) return VAL_EXCEPTION;
        err = vm_take_exception(vm);
        return promise_reject(vm, result, err) < 0 ? vm_throw_out_of_memory(vm) : result;
    }
    if (*obj_slot(vm, this_val, 1) != val_int(0))
        return promise_resolve(vm, result, VAL_UNDEFINED) < 0 ? vm_throw_out_of_memory(vm) : result;
    *obj_slot(vm, this_val, 1) = val_int(1);
    if (async_dispose_continue(vm, *obj_slot(vm, this_val, 0), result) < 0)
        return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    return result;
}

/* ---------------------------------------------------------------------------------------
 * %IteratorPrototype%[@@dispose] and %AsyncIteratorPrototype%[@@asyncDispose]
 * ------------------------------------------------------------------------------------- */

/* %IteratorPrototype%[@@dispose]() (27.1.4.1): calls this.return() when there is one. */
NATIVE(IteratorPrototype_dispose) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &this_val);
    Value ret = obj_get_method(vm, this_val, ATOM(vm, return_));
    if (ret == VAL_EXCEPTION) return ret;
    if (ret != VAL_UNDEFINED && vm_call(vm, ret, this_val, 0, NULL) == VAL_EXCEPTION) return VAL_EXCEPTION;
    return VAL_UNDEFINED;
}

/* The onFulfilled of %AsyncIteratorPrototype%[@@asyncDispose]: drops the return() result. */
NATIVE(AsyncIteratorPrototype_unwrap) {
    (void)vm; (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return VAL_UNDEFINED;
}

/* %AsyncIteratorPrototype%[@@asyncDispose]() (27.1.5.1): a promise of this.return()
 * settling to undefined; errors reject it. */
NATIVE(AsyncIteratorPrototype_asyncDispose) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    VM_ROOT_SCOPE(vm);
    Value result = promise_new(vm), ret = VAL_UNDEFINED, r = VAL_UNDEFINED, un = VAL_UNDEFINED;
    if (result == VAL_EXCEPTION) return result;
    vm_root(vm, &this_val); vm_root(vm, &result); vm_root(vm, &ret); vm_root(vm, &r); vm_root(vm, &un);
    ret = obj_get_method(vm, this_val, ATOM(vm, return_));
    if (ret == VAL_EXCEPTION) goto reject;
    if (ret == VAL_UNDEFINED)
        return promise_resolve(vm, result, VAL_UNDEFINED) < 0 ? vm_throw_out_of_memory(vm) : result;
    r = vm_call(vm, ret, this_val, 0, NULL);
    if (r == VAL_EXCEPTION) goto reject;
    r = promise_resolve_value(vm, r);
    if (r == VAL_EXCEPTION) goto reject;
    un = vm_new_native_closure(vm, AsyncIteratorPrototype_unwrap, 0, "", 1);
    if (un == VAL_EXCEPTION) return un;
    if (promise_then(vm, r, un, VAL_UNDEFINED, result) < 0)
        return vm->has_exception ? VAL_EXCEPTION : vm_throw_out_of_memory(vm);
    return result;
reject:
    if (vm->uncatchable) return VAL_EXCEPTION;
    r = vm_take_exception(vm);
    return promise_reject(vm, result, r) < 0 ? vm_throw_out_of_memory(vm) : result;
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef disposable_ctor_defs[] = {
    { "DisposableStack", DisposableStack_constructor, 0, NDEF_CTOR_ONLY, STACK_TAG, 0 },
    { "AsyncDisposableStack", DisposableStack_constructor, 0, NDEF_CTOR_ONLY, ASYNC_STACK_TAG, 0 },
};

static const NativeDef disposable_proto_defs[] = {
    { "adopt", DisposableStack_adopt, 2, NDEF_METHOD, STACK_TAG, 0 },
    { "defer", DisposableStack_defer, 1, NDEF_METHOD, STACK_TAG, 0 },
    { "dispose", DisposableStack_dispose, 0, NDEF_METHOD, 0, 0 },
    { "disposed", DisposableStack_disposed, 0, NDEF_GETTER, STACK_TAG, 0 },
    { "move", DisposableStack_move, 0, NDEF_METHOD, STACK_TAG, 0 },
    { "use", DisposableStack_use, 1, NDEF_METHOD, STACK_TAG, 0 },
};

static const NativeDef async_disposable_proto_defs[] = {
    { "adopt", DisposableStack_adopt, 2, NDEF_METHOD, ASYNC_STACK_TAG, 0 },
    { "defer", DisposableStack_defer, 1, NDEF_METHOD, ASYNC_STACK_TAG, 0 },
    { "disposeAsync", AsyncDisposableStack_disposeAsync, 0, NDEF_METHOD, 0, 0 },
    { "disposed", DisposableStack_disposed, 0, NDEF_GETTER, ASYNC_STACK_TAG, 0 },
    { "move", DisposableStack_move, 0, NDEF_METHOD, ASYNC_STACK_TAG, 0 },
    { "use", DisposableStack_use, 1, NDEF_METHOD, ASYNC_STACK_TAG, 0 },
};

static const NativeDef iterator_dispose_defs[] = {
    { "[Symbol.dispose]", IteratorPrototype_dispose, 0, NDEF_METHOD, 0, 0 },
};

static const NativeDef async_iterator_dispose_defs[] = {
    { "[Symbol.asyncDispose]", AsyncIteratorPrototype_asyncDispose, 0, NDEF_METHOD, 0, 0 },
};

/* Functions made at run time with vm_new_native_closure (looked up by fn + magic). */
static const NativeDef disposable_closure_defs[] = {
    { "", AsyncDisposableStack_resume, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", AsyncDisposableStack_resume, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", AsyncIteratorPrototype_unwrap, 1, NDEF_CTOR_ONLY, 0, 0 },
};

const NativeTable disposable_tables[] = {
    NATIVE_TABLE("DisposableStack.constructors", disposable_ctor_defs),
    NATIVE_TABLE("DisposableStack.prototype", disposable_proto_defs),
    NATIVE_TABLE("AsyncDisposableStack.prototype", async_disposable_proto_defs),
    NATIVE_TABLE("IteratorPrototype.dispose", iterator_dispose_defs),
    NATIVE_TABLE("AsyncIteratorPrototype.asyncDispose", async_iterator_dispose_defs),
    NATIVE_TABLE("DisposableStack.closures", disposable_closure_defs),
};
const size_t disposable_tables_count = sizeof(disposable_tables) / sizeof(disposable_tables[0]);

/* Creates one of the two stack constructors: its prototype gets the methods, the alias
 * `alias_key` of the method named `disposer`, and the @@toStringTag `tag`. */
static int make_stack_ctor(VM *vm, const NativeDef *ctor_def, const NativeDef *defs, size_t n,
                           IntrinsicId proto_id, const char *disposer, WellKnownSymbol alias_key) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto);
    Value ctor = vm_make_constructor(vm, ctor_def, proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_root(vm, &ctor);
    if (vm_install(vm, proto, defs, n) < 0) return -1;
    Value key = atom_from_cstr(vm, disposer);
    if (key == VAL_EXCEPTION) return -1;
    Value fn = obj_get(vm, proto, key, proto);
    if (fn == VAL_EXCEPTION) return -1;
    if (obj_define_fast(vm, proto, vm_wks(vm, alias_key), fn, PROP_METHOD) < 0) return -1;
    Value tag = atom_from_cstr(vm, ctor_def->name);
    if (tag == VAL_EXCEPTION) return -1;
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, proto_id, proto);
    return vm_define_global(vm, ctor_def->name, ctor);
}

/* Creates DisposableStack and AsyncDisposableStack. */
int init_disposable(VM *vm) {
    if (make_stack_ctor(vm, &disposable_ctor_defs[0], disposable_proto_defs,
                        sizeof(disposable_proto_defs) / sizeof(disposable_proto_defs[0]),
                        INTR_DisposableStackPrototype, "dispose", WKS_dispose) < 0)
        return -1;
    if (make_stack_ctor(vm, &disposable_ctor_defs[1], async_disposable_proto_defs,
                        sizeof(async_disposable_proto_defs) / sizeof(async_disposable_proto_defs[0]),
                        INTR_AsyncDisposableStackPrototype, "disposeAsync", WKS_asyncDispose) < 0)
        return -1;
    return 0;
}

int disposable_init_iterators(VM *vm) {
    if (vm_install(vm, vm_intrinsic(vm, INTR_IteratorPrototype), iterator_dispose_defs, 1) < 0) return -1;
    return vm_install(vm, vm_intrinsic(vm, INTR_AsyncIteratorPrototype), async_iterator_dispose_defs, 1);
}
