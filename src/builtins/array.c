/* array.c — the Array constructor, Array.prototype and %ArrayIteratorPrototype%
 * (ECMA-262 23.1).
 *
 * Every method follows the spec's generic algorithm (Get/Set/HasProperty/Delete on any
 * array-like, lengths up to 2^53-1, species) and takes a fast path per element when the
 * object stores the element in fast elements (OBJ_ELEMENTS: always plain writable,
 * enumerable, configurable data properties; VAL_HOLE = absent). Reading a present fast
 * element is exactly [[Get]] without side effects, so loops re-check per index and fall
 * back to the generic operations at holes or when a callback changed the object.
 *
 * Array iterators are CLASS_ITERATOR objects: [0] iterated object (undefined once done),
 * [1] next index (number), [2] ITER_ARRAY_BASE + kind (0 keys, 1 values, 2 entries).
 */
#include <math.h>
#include <stdlib.h>
#include "builtins.h"
#include "typedarray.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define MAX_SAFE_INT 9007199254740991.0
#define ITER_ARRAY_BASE 0x100
enum { ITK_KEYS = 0, ITK_VALUES = 1, ITK_ENTRIES = 2 };

#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)
#define UNUSED_ARGS (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic

/* ---------------------------------------------------------------------------------------
 * Element access helpers
 * ------------------------------------------------------------------------------------- */

/* The fast elements of o when reading them is equivalent to [[Get]] (ordinary objects,
 * arrays, unmapped arguments); NULL otherwise. *cap = capacity. */
static inline Value *fast_elems(VM *vm, Value o, uint32_t *cap) {
    if (!val_is_object(o)) return NULL;
    CellHeader *h = obj_header(vm, o);
    if (h->flags & OF_SLOW_ELEMENTS) return NULL;
    if (h->aux != CLASS_ARRAY && h->aux != CLASS_OBJECT && h->aux != CLASS_ARGUMENTS) return NULL;
    Value e = CELL_VALUES(h)[OBJ_ELEMENTS];
    if (!val_is_cell(e)) return NULL;
    CellHeader *eh = CELL(vm, val_ref(e));
    *cap = eh->size - 1;
    return CELL_VALUES(eh);
}

/* The fast element k of o, or VAL_HOLE when it must be looked up generically. */
static inline Value fast_get(VM *vm, Value o, uint64_t k) {
    uint32_t cap;
    Value *e = fast_elems(vm, o, &cap);
    return e && k < cap ? e[k] : VAL_HOLE;
}

/* Whether o is a CLASS_ARRAY whose elements [0, len) are all present in fast storage. */
static bool is_dense_array(VM *vm, Value o, uint32_t *len_out) {
    if (!val_is_object(o) || obj_class(vm, o) != CLASS_ARRAY) return false;
    uint32_t len = array_length(vm, o), cap = 0;
    Value *e = fast_elems(vm, o, &cap);
    if (len == 0) { *len_out = 0; return true; }
    if (!e || cap < len) return false;
    for (uint32_t i = 0; i < len; i++) if (e[i] == VAL_HOLE) return false;
    *len_out = len;
    return true;
}

/* Property key for index k (k <= 2^53). VAL_EXCEPTION on OOM. */
static Value key_of(VM *vm, uint64_t k) {
    if (k <= 0x7FFFFFFFu) return val_int((int32_t)k);
    if (k < 0xFFFFFFFFu) return key_from_index(vm, (uint32_t)k);
    Value s = str_from_int(vm, (int64_t)k);
    if (s == VAL_EXCEPTION) return s;
    return key_from_string(vm, s);
}

/* Get(o, k). */
static Value get_k(VM *vm, Value o, uint64_t k) {
    Value v = fast_get(vm, o, k);
    if (v != VAL_HOLE) return v;
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return key;
    return obj_get(vm, o, key, o);
}

/* HasProperty(o, k): -1 throw, 0, 1. */
static int has_k(VM *vm, Value o, uint64_t k) {
    if (fast_get(vm, o, k) != VAL_HOLE) return 1;
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return -1;
    return obj_has_property(vm, o, key);
}

/* HasProperty + Get in one step: 1 with *out set, 0 absent, -1 throw. */
static int has_get_k(VM *vm, Value o, uint64_t k, Value *out) {
    VM_ROOT_SCOPE(vm);
    Value v = fast_get(vm, o, k);
    if (v != VAL_HOLE) { *out = v; return 1; }
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return -1;
    size_t mark = vm->nroots;
    vm_root(vm, &o);
    int r = obj_has_property(vm, o, key);
    if (r > 0) {
        key = key_of(vm, k);
        v = key == VAL_EXCEPTION ? key : obj_get(vm, o, key, o);
        if (v == VAL_EXCEPTION) r = -1;
        else *out = v;
    }
    vm->nroots = mark;
    return r;
}

/* Set(o, k, v, true). */
static int set_k(VM *vm, Value o, uint64_t k, Value v) {
    uint32_t cap;
    Value *e = fast_elems(vm, o, &cap);
    if (e && k < cap && e[k] != VAL_HOLE) { e[k] = v; return 0; }
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return -1;
    return obj_set_throw(vm, o, key, v) < 0 ? -1 : 0;
}

/* DeletePropertyOrThrow(o, k). */
static int del_k(VM *vm, Value o, uint64_t k) {
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return -1;
    return obj_delete_throw(vm, o, key) < 0 ? -1 : 0;
}

/* CreateDataPropertyOrThrow(o, k, v). A hole below the length of an extensible plain
 * array (or ordinary object) with fast elements can take the new property directly. */
static int cdp_k(VM *vm, Value o, uint64_t k, Value v) {
    uint32_t cap;
    Value *e = fast_elems(vm, o, &cap);
    if (e && k < cap) {
        if (e[k] != VAL_HOLE) { e[k] = v; return 0; }
        CellHeader *h = obj_header(vm, o);
        if ((h->flags & OF_EXTENSIBLE) &&
            (h->aux == CLASS_OBJECT || (h->aux == CLASS_ARRAY && k < array_length(vm, o)))) {
            e[k] = v;
            return 0;
        }
    }
    Value key = key_of(vm, k);
    if (key == VAL_EXCEPTION) return -1;
    return obj_create_data_property_throw(vm, o, key, v) < 0 ? -1 : 0;
}

/* Set(o, "length", len, true). */
static int set_length(VM *vm, Value o, double len) {
    return obj_set_throw(vm, o, ATOM(vm, length), val_number(len)) < 0 ? -1 : 0;
}

/* ToObject(this) and LengthOfArrayLike. Returns the object or VAL_EXCEPTION. */
static Value this_obj_len_body(VM *vm, Value this_val, uint64_t *len) {
    VM_ROOT_SCOPE(vm);
    Value o = to_object(vm, this_val);
    if (o == VAL_EXCEPTION) return o;
    if (obj_class(vm, o) == CLASS_ARRAY) { *len = array_length(vm, o); return o; }
    Value r = o;
    vm_root(vm, &r);
    if (length_of_array_like(vm, r, len) < 0) return VAL_EXCEPTION;
    return r;
}

/* this_obj_len with the C roots it registers released on return. */
static Value this_obj_len(VM *vm, Value this_val, uint64_t *len) {
    size_t root_mark = vm->nroots;
    Value r = this_obj_len_body(vm, this_val, len);
    vm->nroots = root_mark;
    return r;
}

/* Relative index argument (ToIntegerOrInfinity then clamp against len). -1 on throw. */
static int relative_index(VM *vm, Value v, uint64_t len, uint64_t dflt, uint64_t *out) {
    if (v == VAL_UNDEFINED) { *out = dflt; return 0; }
    double d;
    if (val_is_int(v)) d = val_to_int(v);
    else if (to_integer_or_infinity(vm, v, &d) < 0) return -1;
    if (d < 0) { d += (double)len; *out = d < 0 ? 0 : (uint64_t)d; }
    else *out = d > (double)len ? len : (uint64_t)d;
    return 0;
}

/* A "not a function" TypeError naming the value. */
static Value throw_not_callable(VM *vm, Value v) {
    char buf[80];
    vm_describe_value(vm, v, buf, sizeof buf);
    return vm_throw_type_error(vm, "%s is not a function", buf);
}

/* Whether the fresh result array a can take element n by a plain append. */
static bool can_append(VM *vm, Value a, uint64_t n) {
    if (!val_is_object(a) || obj_class(vm, a) != CLASS_ARRAY) return false;
    CellHeader *h = obj_header(vm, a);
    if ((h->flags & (OF_SLOW_ELEMENTS | OF_EXTENSIBLE)) != OF_EXTENSIBLE) return false;
    if (n >= 0x7FFFFFFEu || array_length(vm, a) != n) return false;
    /* a non-writable length is recorded as false in array slot [1] (array.c) */
    return *obj_slot(vm, a, 1) != VAL_FALSE;
}

/* Whether no object on o's prototype chain can have indexed properties, so that Set of an
 * index o lacks is a plain definition on o (no inherited setter or read-only element). */
static bool proto_chain_plain(VM *vm, Value o) {
    Value p = obj_words(vm, o)[OBJ_PROTO];
    while (val_is_object(p)) {
        CellHeader *h = obj_header(vm, p);
        if ((h->aux != CLASS_OBJECT && h->aux != CLASS_ARRAY) || (h->flags & OF_SLOW_ELEMENTS)) return false;
        Value e = CELL_VALUES(h)[OBJ_ELEMENTS];
        if (val_is_cell(e)) {
            CellHeader *eh = CELL(vm, val_ref(e));
            Value *ev = CELL_VALUES(eh);
            for (uint32_t i = 0; i + 1 < eh->size; i++) if (ev[i] != VAL_HOLE) return false;
        }
        p = CELL_VALUES(h)[OBJ_PROTO];
    }
    return true;
}

/* CreateDataPropertyOrThrow(a, n, v) for a result array being built in order. */
static int append_k(VM *vm, Value a, uint64_t n, Value v) {
    if (can_append(vm, a, n)) return array_push(vm, a, v) < 0 ? -1 : 0;
    return cdp_k(vm, a, n, v);
}

/* Whether a is a plain extensible CLASS_ARRAY of length len with no elements (as made by
 * ArraySpeciesCreate with the default constructor). */
static bool is_fresh_array(VM *vm, Value a, uint64_t len) {
    if (!val_is_object(a) || obj_class(vm, a) != CLASS_ARRAY) return false;
    CellHeader *h = obj_header(vm, a);
    if ((h->flags & (OF_SLOW_ELEMENTS | OF_EXTENSIBLE)) != OF_EXTENSIBLE) return false;
    if (array_length(vm, a) != len || len > 0x7FFFFFF0u) return false;
    uint32_t cap;
    Value *e = fast_elems(vm, a, &cap);
    if (e) for (uint32_t i = 0; i < cap; i++) if (e[i] != VAL_HOLE) return false;
    return true;
}

/* Give the fresh array a (see is_fresh_array) the elements v[0, n): builds a dense array and
 * moves its element storage over. v may point into the heap (allocation never collects).
 * -1 on OOM. */
static int adopt_values(VM *vm, Value a, const Value *v, uint32_t n) {
    Value b = array_from_values(vm, v, n);
    if (b == VAL_EXCEPTION) return -1;
    obj_words(vm, a)[OBJ_ELEMENTS] = obj_words(vm, b)[OBJ_ELEMENTS];
    obj_words(vm, b)[OBJ_ELEMENTS] = VAL_UNDEFINED;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * The Array constructor and its static methods
 * ------------------------------------------------------------------------------------- */

/* Array(...args) (23.1.1.1). */
NATIVE(Array_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)magic;
    Value nt = new_target == VAL_UNDEFINED ? func : new_target;
    Value proto = VAL_UNDEFINED, a = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &a);
    if (nt == vm_intrinsic(vm, INTR_Array)) proto = vm_intrinsic(vm, INTR_ArrayPrototype);
    else {
        proto = get_prototype_from_constructor(vm, nt, INTR_ArrayPrototype);
        if (proto == VAL_EXCEPTION) return proto;
    }
    if (argc == 1) {
        Value len = argv[0];
        uint32_t n = 1;
        if (val_is_number(len)) {
            double d = num_value(len);
            if (d < 0 || d > 4294967295.0 || d != floor(d)) return vm_throw_range_error(vm, "Invalid array length");
            n = (uint32_t)d;
            a = array_new(vm, n);
            if (a == VAL_EXCEPTION) return a;
        } else {
            a = array_from_values(vm, &argv[0], 1);
            if (a == VAL_EXCEPTION) return a;
        }
    } else {
        a = array_from_values(vm, argv, (uint32_t)argc);
        if (a == VAL_EXCEPTION) return a;
    }
    obj_words(vm, a)[OBJ_PROTO] = proto;
    return a;
}

/* Array.isArray(arg). */
NATIVE(Array_isArray) {
    UNUSED_ARGS;
    int r = vm_is_array(vm, argv[0]);
    return r < 0 ? VAL_EXCEPTION : val_bool(r);
}

/* Array.of(...items). */
NATIVE(Array_of) {
    VM_ROOT_SCOPE(vm);
    (void)argv; (void)new_target; (void)func; (void)magic;
    Value c = this_val, a = VAL_UNDEFINED;
    vm_root(vm, &a);
    if (vm_is_constructor(vm, c)) {
        Value l = val_int(argc);
        a = vm_construct(vm, c, 1, &l, c);
    } else {
        a = array_new(vm, (uint32_t)argc);
    }
    if (a == VAL_EXCEPTION) return a;
    for (int k = 0; k < argc; k++)
        if (cdp_k(vm, a, (uint64_t)k, argv[k]) < 0) return VAL_EXCEPTION;
    if (set_length(vm, a, argc) < 0) return VAL_EXCEPTION;
    return a;
}

/* Array.from(items, mapfn, thisArg) (23.1.2.1). */
NATIVE(Array_from) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value c = this_val, items = ARG(0), mapfn = ARG(1), this_arg = ARG(2);
    Value a = VAL_UNDEFINED, v = VAL_UNDEFINED, using_iter = VAL_UNDEFINED, src = VAL_UNDEFINED;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &c); vm_root(vm, &items); vm_root(vm, &mapfn); vm_root(vm, &this_arg);
    vm_root(vm, &a); vm_root(vm, &v); vm_root(vm, &using_iter); vm_root(vm, &src);
    vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    bool mapping = mapfn != VAL_UNDEFINED;
    if (mapping && !vm_is_callable(vm, mapfn)) return throw_not_callable(vm, mapfn);
    using_iter = obj_get_method(vm, items, vm_wks(vm, WKS_iterator));
    if (using_iter == VAL_EXCEPTION) return using_iter;
    if (using_iter != VAL_UNDEFINED) {
        if (vm_is_constructor(vm, c)) a = vm_construct(vm, c, 0, NULL, c);
        else a = array_new(vm, 0);
        if (a == VAL_EXCEPTION) return a;
        /* GetIteratorFromMethod(items, usingIterator) */
        Value it = vm_call(vm, using_iter, items, 0, NULL);
        if (it == VAL_EXCEPTION) return it;
        if (!val_is_object(it)) return vm_throw_type_error(vm, "Result of the Symbol.iterator method is not an object");
        rec.iterator = it;
        rec.next = obj_get_atom(vm, rec.iterator, ATOM_next);
        if (rec.next == VAL_EXCEPTION) return VAL_EXCEPTION;
        for (uint64_t k = 0;; k++) {
            if ((double)k >= MAX_SAFE_INT) {
                vm_throw_type_error(vm, "Array.from: too many elements");
                iter_close(vm, &rec, 1);
                return VAL_EXCEPTION;
            }
            int r = iter_step_value(vm, &rec, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (r == 0) {
                if (set_length(vm, a, (double)k) < 0) return VAL_EXCEPTION;
                return a;
            }
            if (mapping) {
                Value args[2] = { v, val_number((double)k) };
                v = vm_call(vm, mapfn, this_arg, 2, args);
                if (v == VAL_EXCEPTION) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
            }
            if (append_k(vm, a, k, v) < 0) { iter_close(vm, &rec, 1); return VAL_EXCEPTION; }
        }
    }
    /* array-like */
    src = to_object(vm, items);
    if (src == VAL_EXCEPTION) return src;
    uint64_t len;
    if (length_of_array_like(vm, src, &len) < 0) return VAL_EXCEPTION;
    if (vm_is_constructor(vm, c)) {
        Value l = val_number((double)len);
        a = vm_construct(vm, c, 1, &l, c);
    } else {
        if (len > 0xFFFFFFFFu) return vm_throw_range_error(vm, "Invalid array length");
        a = array_new(vm, (uint32_t)len);
    }
    if (a == VAL_EXCEPTION) return a;
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        v = get_k(vm, src, k);
        if (v == VAL_EXCEPTION) return v;
        if (mapping) {
            Value args[2] = { v, val_number((double)k) };
            v = vm_call(vm, mapfn, this_arg, 2, args);
            if (v == VAL_EXCEPTION) return v;
        }
        if (cdp_k(vm, a, k, v) < 0) return VAL_EXCEPTION;
    }
    if (set_length(vm, a, (double)len) < 0) return VAL_EXCEPTION;
    return a;
}

/* ---------------------------------------------------------------------------------------
 * Array.fromAsync (ES2026)
 *
 * The built-in async function runs as a state machine over a state list (CELL_ARRAY of
 * FA_WORDS Values, reachable only from its two continuation closures, so it is snapshotted
 * like any suspended async activation). Each Await is PromiseResolve(%Promise%, v) followed
 * by PerformPromiseThen(promise, onFulfilled, onRejected) without a result capability —
 * the same jobs, in the same order, as an `await` in an async function. The continuation
 * (Array_fromAsync_continue) resumes at the step recorded in FA_PHASE. Every step that
 * throws settles the result promise: rejected with the error, after AsyncIteratorClose when
 * the spec says IfAbruptCloseAsyncIterator; only an uncatchable termination (meter, out of
 * memory) propagates as VAL_EXCEPTION.
 * ------------------------------------------------------------------------------------- */

enum {
    FA_PROMISE = 0,        /* the result promise (a %Promise%) */
    FA_MAPPER,             /* the mapper function, or undefined when not mapping */
    FA_THIS_ARG,           /* thisArg for the mapper */
    FA_A,                  /* the result object A (undefined until made) */
    FA_K,                  /* number: k, the index being produced */
    FA_LEN,                /* number: len of the array-like form (undefined when iterating) */
    FA_SOURCE,             /* the async iterator, or arrayLike */
    FA_NEXT,               /* the iterator's next method (undefined for an array-like) */
    FA_PHASE,              /* int: what the pending Await is for (FAP_*) */
    FA_ERROR,              /* the error being thrown while the iterator closes (FAP_CLOSE) */
    FA_ON_FULFILLED,       /* continuation closure, magic 0 (data0 = this state) */
    FA_ON_REJECTED,        /* continuation closure, magic 1 (data0 = this state) */
    FA_WORDS
};

/* FA_PHASE values: the Await the state machine is suspended at. */
enum {
    FAP_NEXT = 0,          /* Await(nextResult) */
    FAP_MAPPED,            /* Await(mappedValue), iterator form */
    FAP_CLOSE,             /* Await(innerResult) of AsyncIteratorClose */
    FAP_VALUE,             /* Await(kValue), array-like form */
    FAP_VALUE_MAPPED,      /* Await(mappedValue), array-like form */
};

static inline Value *fa_words(VM *vm, Value st) { return list_items(vm, st); }

/* Await(v) with resumption at `phase`. -1 with the exception pending when PromiseResolve
 * threw (a throwing "constructor" getter of a promise). */
static int fa_await(VM *vm, Value st, Value v, int phase) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &st);
    Value p = promise_resolve_value(vm, v);
    if (p == VAL_EXCEPTION) return -1;
    Value *w = fa_words(vm, st);
    w[FA_PHASE] = val_int(phase);
    return promise_then(vm, p, w[FA_ON_FULFILLED], w[FA_ON_REJECTED], VAL_UNDEFINED);
}

/* Reject the result promise with the pending exception (the run ends). VAL_EXCEPTION when
 * the exception is uncatchable or on out of memory, else undefined. */
static Value fa_reject_pending(VM *vm, Value st) {
    if (vm->uncatchable) return VAL_EXCEPTION;
    Value e = vm_take_exception(vm);
    return promise_reject(vm, fa_words(vm, st)[FA_PROMISE], e) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* Resolve the result promise with A (the run ends). */
static Value fa_resolve(VM *vm, Value st) {
    Value *w = fa_words(vm, st);
    return promise_resolve(vm, w[FA_PROMISE], w[FA_A]) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* AsyncIteratorClose(iteratorRecord, the pending exception as a throw completion): call
 * return() and await its result (FAP_CLOSE), then reject with the original error; errors
 * from getting or calling return() are dropped. */
static Value fa_close(VM *vm, Value st) {
    VM_ROOT_SCOPE(vm);
    if (vm->uncatchable) return VAL_EXCEPTION;
    Value err = vm_take_exception(vm), iter = fa_words(vm, st)[FA_SOURCE];
    vm_root(vm, &st); vm_root(vm, &err); vm_root(vm, &iter);
    fa_words(vm, st)[FA_ERROR] = err;
    Value m = obj_get_method(vm, iter, ATOM(vm, return_));
    if (m != VAL_EXCEPTION && m != VAL_UNDEFINED) {
        Value r = vm_call(vm, m, iter, 0, NULL);
        if (r != VAL_EXCEPTION && fa_await(vm, st, r, FAP_CLOSE) == 0) return VAL_UNDEFINED;
    }
    if (vm->has_exception) {
        if (vm->uncatchable) return VAL_EXCEPTION;
        vm_take_exception(vm);
    }
    return promise_reject(vm, fa_words(vm, st)[FA_PROMISE], err) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* Iterator form, top of the loop: Call(next) and Await its result. */
static Value fa_iter_next(VM *vm, Value st) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &st);
    Value *w = fa_words(vm, st);
    if (num_value(w[FA_K]) >= MAX_SAFE_INT) {
        vm_throw_type_error(vm, "Array.fromAsync: too many elements");
        return fa_close(vm, st);
    }
    Value r = vm_call(vm, w[FA_NEXT], w[FA_SOURCE], 0, NULL);
    if (r == VAL_EXCEPTION || fa_await(vm, st, r, FAP_NEXT) < 0) return fa_reject_pending(vm, st);
    return VAL_UNDEFINED;
}

/* Array-like form, top of the loop: Get(arrayLike, k) and Await it, or when k = len set
 * A.length and return A. */
static Value fa_arraylike_next(VM *vm, Value st) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &st);
    Value *w = fa_words(vm, st);
    double k = num_value(w[FA_K]), len = num_value(w[FA_LEN]);
    if (k < len) {
        Value v = get_k(vm, w[FA_SOURCE], (uint64_t)k);
        if (v == VAL_EXCEPTION || fa_await(vm, st, v, FAP_VALUE) < 0) return fa_reject_pending(vm, st);
        return VAL_UNDEFINED;
    }
    if (set_length(vm, w[FA_A], len) < 0) return fa_reject_pending(vm, st);
    return fa_resolve(vm, st);
}

/* CreateDataPropertyOrThrow(A, k, v), k += 1, and on to the next element. */
static Value fa_store(VM *vm, Value st, Value v, bool iterating) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &st);
    Value *w = fa_words(vm, st);
    uint64_t k = (uint64_t)num_value(w[FA_K]);
    if (append_k(vm, w[FA_A], k, v) < 0) return iterating ? fa_close(vm, st) : fa_reject_pending(vm, st);
    fa_words(vm, st)[FA_K] = val_number((double)(k + 1));
    vm->meter += 1;
    return iterating ? fa_iter_next(vm, st) : fa_arraylike_next(vm, st);
}

/* With a mapper: Call(mapper, thisArg, « v, k ») and Await the result; else store v. */
static Value fa_map(VM *vm, Value st, Value v, bool iterating) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &st);
    Value *w = fa_words(vm, st);
    if (w[FA_MAPPER] == VAL_UNDEFINED) return fa_store(vm, st, v, iterating);
    Value args[2] = { v, w[FA_K] };
    Value m = vm_call(vm, w[FA_MAPPER], w[FA_THIS_ARG], 2, args);
    if (m == VAL_EXCEPTION || fa_await(vm, st, m, iterating ? FAP_MAPPED : FAP_VALUE_MAPPED) < 0)
        return iterating ? fa_close(vm, st) : fa_reject_pending(vm, st);
    return VAL_UNDEFINED;
}

/* The continuation of every Await (magic 0: fulfilled with argv[0], 1: rejected). */
NATIVE(Array_fromAsync_continue) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target;
    Value st = *obj_slot(vm, func, NFN_DATA0), v = ARG(0);
    vm_root(vm, &st); vm_root(vm, &v);
    int phase = val_to_int(fa_words(vm, st)[FA_PHASE]);
    if (phase == FAP_CLOSE) {   /* AsyncIteratorClose with a throw completion: rethrow it */
        Value *w = fa_words(vm, st);
        return promise_reject(vm, w[FA_PROMISE], w[FA_ERROR]) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
    }
    if (magic) {
        vm_throw(vm, v);
        return phase == FAP_MAPPED ? fa_close(vm, st) : fa_reject_pending(vm, st);
    }
    switch (phase) {
    case FAP_NEXT: {
        if (!val_is_object(v)) {
            vm_throw_type_error(vm, "Iterator result is not an object");
            return fa_reject_pending(vm, st);
        }
        Value d = obj_get(vm, v, ATOM(vm, done), v);
        if (d == VAL_EXCEPTION) return fa_reject_pending(vm, st);
        if (to_boolean(vm, d)) {
            Value *w = fa_words(vm, st);
            if (set_length(vm, w[FA_A], num_value(w[FA_K])) < 0) return fa_reject_pending(vm, st);
            return fa_resolve(vm, st);
        }
        Value x = obj_get(vm, v, ATOM(vm, value), v);
        if (x == VAL_EXCEPTION) return fa_reject_pending(vm, st);
        return fa_map(vm, st, x, true);
    }
    case FAP_MAPPED: return fa_store(vm, st, v, true);
    case FAP_VALUE: return fa_map(vm, st, v, false);
    default: return fa_store(vm, st, v, false);   /* FAP_VALUE_MAPPED */
    }
}

/* The steps of Array.fromAsync up to its first Await (in the caller's turn, like the start
 * of an async function). */
static Value fa_start(VM *vm, Value st, Value c, Value items) {
    VM_ROOT_SCOPE(vm);
    Value using_async = VAL_UNDEFINED, using_sync = VAL_UNDEFINED, a = VAL_UNDEFINED;
    IterRecord sync = { VAL_UNDEFINED, VAL_UNDEFINED, 0 }, rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &st); vm_root(vm, &c); vm_root(vm, &items); vm_root(vm, &a);
    vm_root(vm, &using_async); vm_root(vm, &using_sync);
    vm_root(vm, &sync.iterator); vm_root(vm, &sync.next); vm_root(vm, &rec.iterator); vm_root(vm, &rec.next);
    Value mapper = fa_words(vm, st)[FA_MAPPER];
    if (mapper != VAL_UNDEFINED && !vm_is_callable(vm, mapper)) {
        throw_not_callable(vm, mapper);
        return fa_reject_pending(vm, st);
    }
    using_async = obj_get_method(vm, items, vm_wks(vm, WKS_asyncIterator));
    if (using_async == VAL_EXCEPTION) return fa_reject_pending(vm, st);
    if (using_async == VAL_UNDEFINED) {
        using_sync = obj_get_method(vm, items, vm_wks(vm, WKS_iterator));
        if (using_sync == VAL_EXCEPTION) return fa_reject_pending(vm, st);
    }
    if (using_async != VAL_UNDEFINED || using_sync != VAL_UNDEFINED) {
        /* GetIteratorFromMethod, then CreateAsyncFromSyncIterator for a sync iterator */
        Value it = vm_call(vm, using_async != VAL_UNDEFINED ? using_async : using_sync, items, 0, NULL);
        if (it == VAL_EXCEPTION) return fa_reject_pending(vm, st);
        if (!val_is_object(it)) {
            vm_throw_type_error(vm, "Result of the %s method is not an object",
                                using_async != VAL_UNDEFINED ? "Symbol.asyncIterator" : "Symbol.iterator");
            return fa_reject_pending(vm, st);
        }
        if (iter_get_direct(vm, it, &sync) < 0) return fa_reject_pending(vm, st);
        if (using_async != VAL_UNDEFINED) rec = sync;
        else if (iter_async_from_sync_record(vm, &sync, &rec) < 0) return fa_reject_pending(vm, st);
        a = vm_is_constructor(vm, c) ? vm_construct(vm, c, 0, NULL, c) : array_new(vm, 0);
        if (a == VAL_EXCEPTION) return fa_reject_pending(vm, st);
        Value *w = fa_words(vm, st);
        w[FA_A] = a;
        w[FA_SOURCE] = rec.iterator;
        w[FA_NEXT] = rec.next;
        return fa_iter_next(vm, st);
    }
    /* neither async iterable nor iterable: an array-like */
    Value src = to_object(vm, items);
    if (src == VAL_EXCEPTION) return fa_reject_pending(vm, st);
    fa_words(vm, st)[FA_SOURCE] = src;
    uint64_t len;
    if (length_of_array_like(vm, fa_words(vm, st)[FA_SOURCE], &len) < 0) return fa_reject_pending(vm, st);
    if (vm_is_constructor(vm, c)) {
        Value l = val_number((double)len);
        a = vm_construct(vm, c, 1, &l, c);
    } else if (len > 0xFFFFFFFFu) {
        a = vm_throw_range_error(vm, "Invalid array length");
    } else {
        a = array_new(vm, (uint32_t)len);
    }
    if (a == VAL_EXCEPTION) return fa_reject_pending(vm, st);
    Value *w = fa_words(vm, st);
    w[FA_A] = a;
    w[FA_LEN] = val_number((double)len);
    return fa_arraylike_next(vm, st);
}

/* Array.fromAsync(asyncItems [, mapper [, thisArg]]): a promise for the new array. */
NATIVE(Array_fromAsync) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value c = this_val, items = ARG(0), st = VAL_UNDEFINED, f = VAL_UNDEFINED;
    vm_root(vm, &c); vm_root(vm, &items); vm_root(vm, &st); vm_root(vm, &f);
    Value mapper = ARG(1), this_arg = ARG(2);
    vm_root(vm, &mapper); vm_root(vm, &this_arg);
    if ((st = list_new(vm, FA_WORDS)) == VAL_EXCEPTION) return st;
    Value p = promise_new(vm);
    if (p == VAL_EXCEPTION) return p;
    Value *w = fa_words(vm, st);
    w[FA_PROMISE] = p;
    w[FA_MAPPER] = mapper;
    w[FA_THIS_ARG] = this_arg;
    w[FA_K] = val_int(0);
    w[FA_PHASE] = val_int(FAP_NEXT);
    for (int i = 0; i < 2; i++) {
        if ((f = vm_new_native_closure(vm, Array_fromAsync_continue, i, "", 1)) == VAL_EXCEPTION) return f;
        *obj_slot(vm, f, NFN_DATA0) = st;
        fa_words(vm, st)[i ? FA_ON_REJECTED : FA_ON_FULFILLED] = f;
    }
    if (fa_start(vm, st, c, items) == VAL_EXCEPTION) return VAL_EXCEPTION;
    return fa_words(vm, st)[FA_PROMISE];
}

/* get Array[Symbol.species]. */
NATIVE(Array_species) {
    (void)vm; UNUSED_ARGS;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * Array.prototype: accessors and searching
 * ------------------------------------------------------------------------------------- */

/* Array.prototype.at(index). */
NATIVE(Array_prototype_at) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    double rel;
    if (to_integer_or_infinity(vm, ARG(0), &rel) < 0) return VAL_EXCEPTION;
    double k = rel >= 0 ? rel : (double)len + rel;
    if (k < 0 || k >= (double)len) return VAL_UNDEFINED;
    return get_k(vm, o, (uint64_t)k);
}

/* IsConcatSpreadable(o): -1 throw, 0, 1. */
static int is_concat_spreadable_body(VM *vm, Value o) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(o)) return 0;
    vm_root(vm, &o);
    Value s = obj_get(vm, o, vm_wks(vm, WKS_isConcatSpreadable), o);
    if (s == VAL_EXCEPTION) return -1;
    if (s != VAL_UNDEFINED) return to_boolean(vm, s);
    return vm_is_array(vm, o);
}

/* is_concat_spreadable with the C roots it registers released on return. */
static int is_concat_spreadable(VM *vm, Value o) {
    size_t root_mark = vm->nroots;
    int r = is_concat_spreadable_body(vm, o);
    vm->nroots = root_mark;
    return r;
}

/* Array.prototype.concat(...items) (23.1.3.2). */
NATIVE(Array_prototype_concat) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value o = to_object(vm, this_val), a = VAL_UNDEFINED, e = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &e); vm_root(vm, &v);
    a = array_species_create(vm, o, 0);
    if (a == VAL_EXCEPTION) return a;
    uint64_t n = 0;
    for (int i = -1; i < argc; i++) {
        e = i < 0 ? o : argv[i];
        int sp = is_concat_spreadable(vm, e);
        if (sp < 0) return VAL_EXCEPTION;
        if (sp) {
            uint64_t len;
            if (obj_class(vm, e) == CLASS_ARRAY) len = array_length(vm, e);
            else if (length_of_array_like(vm, e, &len) < 0) return VAL_EXCEPTION;
            if ((double)n + (double)len > MAX_SAFE_INT) return vm_throw_type_error(vm, "Invalid array length");
            uint32_t dl;
            if (is_dense_array(vm, e, &dl) && can_append(vm, a, n)) {
                /* fast path: dense source appended to a plain result */
                vm->meter += dl;
                for (uint32_t k = 0; k < dl; k++) {
                    Value x = array_get_fast(vm, e, k);
                    if (x == VAL_HOLE || !can_append(vm, a, n)) { dl = k; break; }
                    if (array_push(vm, a, x) < 0) return VAL_EXCEPTION;
                    n++;
                }
                for (uint64_t k = dl; k < len; k++, n++) {
                    if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
                    int r = has_get_k(vm, e, k, &v);
                    if (r < 0) return VAL_EXCEPTION;
                    if (r && cdp_k(vm, a, n, v) < 0) return VAL_EXCEPTION;
                }
                continue;
            }
            for (uint64_t k = 0; k < len; k++, n++) {
                if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
                int r = has_get_k(vm, e, k, &v);
                if (r < 0) return VAL_EXCEPTION;
                if (r && append_k(vm, a, n, v) < 0) return VAL_EXCEPTION;
            }
        } else {
            if ((double)n >= MAX_SAFE_INT) return vm_throw_type_error(vm, "Invalid array length");
            if (append_k(vm, a, n, e) < 0) return VAL_EXCEPTION;
            n++;
        }
    }
    if (set_length(vm, a, (double)n) < 0) return VAL_EXCEPTION;
    return a;
}

/* Array.prototype.copyWithin(target, start, end). */
NATIVE(Array_prototype_copyWithin) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len, to, from, fin;
    Value o = this_obj_len(vm, this_val, &len), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &v);
    if (relative_index(vm, ARG(0), len, 0, &to) < 0) return VAL_EXCEPTION;
    if (relative_index(vm, ARG(1), len, 0, &from) < 0) return VAL_EXCEPTION;
    if (relative_index(vm, ARG(2), len, len, &fin) < 0) return VAL_EXCEPTION;
    if (fin < from) return o;
    uint64_t count = fin - from;
    if (len - to < count) count = len - to;
    int dir = 1;
    if (from < to && to < from + count) { dir = -1; from += count - 1; to += count - 1; }
    vm->meter += count;
    while (count > 0) {
        if (vm_meter_poll(vm, count, 0)) return VAL_EXCEPTION;   /* charged up front */
        int r = has_get_k(vm, o, from, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r) { if (set_k(vm, o, to, v) < 0) return VAL_EXCEPTION; }
        else if (del_k(vm, o, to) < 0) return VAL_EXCEPTION;
        from += dir; to += dir; count--;
    }
    return o;
}

/* Array.prototype.fill(value, start, end). */
NATIVE(Array_prototype_fill) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len, k, fin;
    Value o = this_obj_len(vm, this_val, &len), value = ARG(0);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &value);
    if (relative_index(vm, ARG(1), len, 0, &k) < 0) return VAL_EXCEPTION;
    if (relative_index(vm, ARG(2), len, len, &fin) < 0) return VAL_EXCEPTION;
    if (fin > k) vm->meter += fin - k;
    for (; k < fin; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        uint32_t cap;
        Value *e = fast_elems(vm, o, &cap);
        if (e && k < cap && e[k] != VAL_HOLE) { e[k] = value; continue; }
        if (set_k(vm, o, k, value) < 0) return VAL_EXCEPTION;
    }
    return o;
}

/* Strict-equality search used by indexOf / lastIndexOf; SameValueZero for includes. */
static bool search_eq(VM *vm, Value a, Value b, bool zero) {
    if (a == b) return zero || !val_is_double(a) || val_as_double(a) == val_as_double(a);
    if (val_is_int(a) && val_is_int(b)) return false;
    return zero ? same_value_zero(vm, a, b) : strict_equals(vm, a, b);
}

/* Array.prototype.indexOf / includes (magic 1 = includes). */
NATIVE(Array_prototype_indexOf) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    uint64_t len, k;
    Value o = this_obj_len(vm, this_val, &len), target = ARG(0), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    bool incl = magic == 1;
    if (len == 0) return incl ? VAL_FALSE : val_int(-1);
    vm_root(vm, &o); vm_root(vm, &target); vm_root(vm, &v);
    double n;
    if (to_integer_or_infinity(vm, ARG(1), &n) < 0) return VAL_EXCEPTION;
    if (n >= (double)len) return incl ? VAL_FALSE : val_int(-1);
    if (n >= 0) k = (uint64_t)n;
    else { n += (double)len; k = n < 0 ? 0 : (uint64_t)n; }
    uint64_t start = k;
    for (; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        Value x = fast_get(vm, o, k);
        if (x == VAL_HOLE) {
            if (incl) { x = get_k(vm, o, k); if (x == VAL_EXCEPTION) return x; }
            else {
                int r = has_get_k(vm, o, k, &v);
                if (r < 0) return VAL_EXCEPTION;
                if (!r) continue;
                x = v;
            }
        }
        if (search_eq(vm, x, target, incl)) {
            vm->meter += k - start;
            return incl ? VAL_TRUE : val_number((double)k);
        }
    }
    vm->meter += len - start;
    return incl ? VAL_FALSE : val_int(-1);
}

/* Array.prototype.lastIndexOf(searchElement, fromIndex). */
NATIVE(Array_prototype_lastIndexOf) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), target = ARG(0), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    if (len == 0) return val_int(-1);
    vm_root(vm, &o); vm_root(vm, &target); vm_root(vm, &v);
    double n = (double)len - 1;
    if (argc > 1 && to_integer_or_infinity(vm, argv[1], &n) < 0) return VAL_EXCEPTION;
    double kd = n >= 0 ? (n < (double)len - 1 ? n : (double)len - 1) : (double)len + n;
    for (double k = kd; k >= 0; k--) {
        if (vm_meter_poll(vm, (uint64_t)k, (uint64_t)(kd - k))) return VAL_EXCEPTION;
        int r = has_get_k(vm, o, (uint64_t)k, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r && search_eq(vm, v, target, false)) return val_number(k);
        vm->meter++;
    }
    return val_int(-1);
}

/* Array.prototype.find / findIndex / findLast / findLastIndex (magic bit0 = index,
 * bit1 = from the end). */
NATIVE(Array_prototype_find) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), cb = ARG(0), this_arg = ARG(1), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &cb); vm_root(vm, &this_arg); vm_root(vm, &v);
    if (!vm_is_callable(vm, cb)) return throw_not_callable(vm, cb);
    bool want_index = magic & 1, rev = magic & 2;
    for (uint64_t i = 0; i < len; i++) {
        if (vm_meter_poll(vm, i, i)) return VAL_EXCEPTION;
        uint64_t k = rev ? len - 1 - i : i;
        v = get_k(vm, o, k);
        if (v == VAL_EXCEPTION) return v;
        Value args[3] = { v, val_number((double)k), o };
        Value r = vm_call(vm, cb, this_arg, 3, args);
        if (r == VAL_EXCEPTION) return r;
        if (to_boolean(vm, r)) return want_index ? val_number((double)k) : v;
    }
    return want_index ? val_int(-1) : VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Array.prototype: iteration with callbacks
 * ------------------------------------------------------------------------------------- */

enum { IT_FOREACH, IT_EVERY, IT_SOME, IT_MAP, IT_FILTER };

/* forEach / every / some / map / filter (23.1.3), selected by magic. */
NATIVE(Array_prototype_iterate) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    static const char *names[] = { "forEach", "every", "some", "map", "filter" };
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), cb = ARG(0), this_arg = ARG(1);
    Value v = VAL_UNDEFINED, a = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &cb); vm_root(vm, &this_arg); vm_root(vm, &v); vm_root(vm, &a);
    if (!vm_is_callable(vm, cb)) {
        char buf[80];
        vm_describe_value(vm, cb, buf, sizeof buf);
        return vm_throw_type_error(vm, "Array.prototype.%s: %s is not a function", names[magic], buf);
    }
    if (magic == IT_MAP || magic == IT_FILTER) {
        a = array_species_create(vm, o, magic == IT_MAP ? len : 0);
        if (a == VAL_EXCEPTION) return a;
    }
    uint64_t to = 0;
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        v = fast_get(vm, o, k);
        if (v == VAL_HOLE) {
            int r = has_get_k(vm, o, k, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (!r) continue;
        }
        Value args[3] = { v, val_number((double)k), o };
        Value r = vm_call(vm, cb, this_arg, 3, args);
        if (r == VAL_EXCEPTION) return r;
        switch (magic) {
        case IT_EVERY: if (!to_boolean(vm, r)) return VAL_FALSE; break;
        case IT_SOME: if (to_boolean(vm, r)) return VAL_TRUE; break;
        case IT_MAP: if (cdp_k(vm, a, k, r) < 0) return VAL_EXCEPTION; break;
        case IT_FILTER:
            if (to_boolean(vm, r)) { if (append_k(vm, a, to, v) < 0) return VAL_EXCEPTION; to++; }
            break;
        default: break;
        }
    }
    switch (magic) {
    case IT_EVERY: return VAL_TRUE;
    case IT_SOME: return VAL_FALSE;
    case IT_MAP: case IT_FILTER: return a;
    default: return VAL_UNDEFINED;
    }
}

/* Array.prototype.reduce / reduceRight (magic 1 = right). */
NATIVE(Array_prototype_reduce) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), cb = ARG(0), acc = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &cb); vm_root(vm, &acc); vm_root(vm, &v);
    if (!vm_is_callable(vm, cb)) return throw_not_callable(vm, cb);
    bool right = magic == 1;
    uint64_t i = 0;
    if (argc >= 2) acc = argv[1];
    else {
        for (;; i++) {
            if (vm_meter_poll(vm, i, i)) return VAL_EXCEPTION;
            if (i >= len) return vm_throw_type_error(vm, "Reduce of empty array with no initial value");
            int r = has_get_k(vm, o, right ? len - 1 - i : i, &acc);
            if (r < 0) return VAL_EXCEPTION;
            if (r) { i++; break; }
        }
    }
    for (; i < len; i++) {
        if (vm_meter_poll(vm, i, i)) return VAL_EXCEPTION;
        uint64_t k = right ? len - 1 - i : i;
        int r = has_get_k(vm, o, k, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (!r) continue;
        Value args[4] = { acc, v, val_number((double)k), o };
        acc = vm_call(vm, cb, VAL_UNDEFINED, 4, args);
        if (acc == VAL_EXCEPTION) return acc;
    }
    return acc;
}

/* FlattenIntoArray (23.1.3.13.1). Returns the next target index, or -1 on throw. */
static double flatten_into(VM *vm, Value target, Value source, uint64_t source_len, double start,
                           double depth, Value mapper, Value this_arg);
static double flatten_into_body(VM *vm, Value target, Value source, uint64_t source_len, double start,
                           double depth, Value mapper, Value this_arg) {
    VM_ROOT_SCOPE(vm);
    Value v = VAL_UNDEFINED;
    vm_root(vm, &target); vm_root(vm, &source); vm_root(vm, &mapper); vm_root(vm, &this_arg); vm_root(vm, &v);
    size_t mark = vm->nroots;
    double ti = start;
    for (uint64_t si = 0; si < source_len; si++) {
        if (vm_meter_poll(vm, si, si)) return -1;
        vm->nroots = mark;
        int r = has_get_k(vm, source, si, &v);
        if (r < 0) return -1;
        if (!r) continue;
        if (mapper != VAL_UNDEFINED) {
            Value args[3] = { v, val_number((double)si), source };
            v = vm_call(vm, mapper, this_arg, 3, args);
            if (v == VAL_EXCEPTION) return -1;
        }
        int flatten = 0;
        if (depth > 0) { flatten = vm_is_array(vm, v); if (flatten < 0) return -1; }
        if (flatten) {
            if (vm_stack_exhausted(vm)) { vm_throw_stack_overflow(vm); return -1; }
            uint64_t el;
            if (length_of_array_like(vm, v, &el) < 0) return -1;
            vm->c_depth++;
            ti = flatten_into(vm, target, v, el, ti, depth - 1, VAL_UNDEFINED, VAL_UNDEFINED);
            vm->c_depth--;
            if (ti < 0) return -1;
        } else {
            if (ti >= MAX_SAFE_INT) { vm_throw_type_error(vm, "Invalid array length"); return -1; }
            if (append_k(vm, target, (uint64_t)ti, v) < 0) return -1;
            ti++;
        }
    }
    return ti;
}

/* flatten_into with the C roots it registers released on return. */
static double flatten_into(VM *vm, Value target, Value source, uint64_t source_len, double start,
                           double depth, Value mapper, Value this_arg) {
    size_t root_mark = vm->nroots;
    double r = flatten_into_body(vm, target, source, source_len, start, depth, mapper, this_arg);
    vm->nroots = root_mark;
    return r;
}

/* Array.prototype.flat(depth). */
NATIVE(Array_prototype_flat) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a);
    double depth = 1;
    if (ARG(0) != VAL_UNDEFINED) {
        if (to_integer_or_infinity(vm, argv[0], &depth) < 0) return VAL_EXCEPTION;
        if (depth < 0) depth = 0;
    }
    a = array_species_create(vm, o, 0);
    if (a == VAL_EXCEPTION) return a;
    if (flatten_into(vm, a, o, len, 0, depth, VAL_UNDEFINED, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
    return a;
}

/* Array.prototype.flatMap(mapper, thisArg). */
NATIVE(Array_prototype_flatMap) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, mapper = ARG(0), this_arg = ARG(1);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &mapper); vm_root(vm, &this_arg);
    if (!vm_is_callable(vm, mapper)) return throw_not_callable(vm, mapper);
    a = array_species_create(vm, o, 0);
    if (a == VAL_EXCEPTION) return a;
    if (flatten_into(vm, a, o, len, 0, 1, mapper, this_arg) < 0) return VAL_EXCEPTION;
    return a;
}

/* ---------------------------------------------------------------------------------------
 * join / toString / toLocaleString
 * ------------------------------------------------------------------------------------- */

/* Cycle detection for join: the objects being joined are kept in a CELL_ARRAY
 * [count, o1, o2, ...] in data slot NFN_DATA0 of the join function object itself (in the
 * heap, C1). A cyclic reference joins as the empty string, like other engines. */
static Value *join_list_slot(VM *vm, Value func) { return &obj_words(vm, func)[OBJ_SLOT0 + NFN_DATA0]; }

/* 1 if o is being joined, 0 pushed onto the list, -1 on OOM. */
static int join_enter(VM *vm, Value func, Value o) {
    Value list = *join_list_slot(vm, func);
    uint32_t n = 0, cap = 0;
    if (val_is_cell(list)) {
        Value *l = vm_cell_values(vm, val_ref(list));
        n = (uint32_t)val_to_int(l[0]);
        cap = CELL(vm, val_ref(list))->size - 2;
        for (uint32_t i = 0; i < n; i++) if (l[1 + i] == o) return 1;
    }
    if (n == cap) {
        Value nl = list_new(vm, 1 + (cap ? cap * 2 : 8));
        if (nl == VAL_EXCEPTION) return -1;
        if (n) memcpy(vm_cell_values(vm, val_ref(nl)), vm_cell_values(vm, val_ref(list)), (1 + (size_t)n) * sizeof(Value));
        *join_list_slot(vm, func) = list = nl;
    }
    Value *l = vm_cell_values(vm, val_ref(list));
    l[1 + n] = o;
    l[0] = val_int((int32_t)n + 1);
    return 0;
}

/* Pop the innermost object from the join list. */
static void join_leave(VM *vm, Value func) {
    Value list = *join_list_slot(vm, func);
    if (!val_is_cell(list)) return;
    Value *l = vm_cell_values(vm, val_ref(list));
    int32_t n = val_to_int(l[0]);
    if (n > 0) { l[n] = VAL_UNDEFINED; l[0] = val_int(n - 1); }
}

/* Shared implementation of join (sep_v = separator argument) for o with length len. */
static Value do_join_body(VM *vm, Value o, uint64_t len, Value sep_v, bool locale) {
    VM_ROOT_SCOPE(vm);
    Value sep = VAL_UNDEFINED, v = VAL_UNDEFINED, acc = VAL_UNDEFINED;
    vm_root(vm, &o); vm_root(vm, &sep); vm_root(vm, &v); vm_root(vm, &acc);
    if (sep_v == VAL_UNDEFINED || locale) sep = str_from_char(vm, ',');
    else sep = to_string(vm, sep_v);
    if (sep == VAL_EXCEPTION) return sep;
    if (len == 0) return ATOM(vm, empty);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) { sb_free(&sb); return VAL_EXCEPTION; }
        if (k > 0) sb_append_string(&sb, sep);
        v = get_k(vm, o, k);
        if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
        if (val_is_nullish(v)) continue;
        if (locale) {
            v = vm_invoke(vm, v, atom_from_cstr(vm, "toLocaleString"), 0, NULL);
            if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
        }
        if (val_is_string(v)) sb_append_string(&sb, v);
        else if (val_is_int(v)) {
            char buf[16];
            snprintf(buf, sizeof buf, "%d", val_to_int(v));
            sb_append_cstr(&sb, buf);
        } else {
            v = to_string(vm, v);
            if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
            sb_append_string(&sb, v);
        }
        if (sb.failed) break;
    }
    vm->meter += len;
    return sb_finish(&sb);
}

/* do_join with the C roots it registers released on return. */
static Value do_join(VM *vm, Value o, uint64_t len, Value sep_v, bool locale) {
    size_t root_mark = vm->nroots;
    Value r = do_join_body(vm, o, len, sep_v, locale);
    vm->nroots = root_mark;
    return r;
}

/* Array.prototype.join / toLocaleString (magic 1), with cycle detection (a cyclic
 * reference joins as the empty string, like other engines). */
NATIVE(Array_prototype_join) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    uint64_t len;
    vm_root(vm, &func);
    Value o = this_obj_len(vm, this_val, &len);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    int c = join_enter(vm, func, o);
    if (c < 0) return VAL_EXCEPTION;
    if (c) return ATOM(vm, empty);
    Value r = do_join(vm, o, len, ARG(0), magic == 1);
    join_leave(vm, func);
    return r;
}

/* Array.prototype.toString(). */
NATIVE(Array_prototype_toString) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value o = to_object(vm, this_val), j = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &j);
    j = obj_get_atom(vm, o, ATOM_join);
    if (j == VAL_EXCEPTION) return j;
    if (!vm_is_callable(vm, j)) j = vm_intrinsic(vm, INTR_ObjectProto_toString);
    return vm_call(vm, j, o, 0, NULL);
}

/* ---------------------------------------------------------------------------------------
 * Mutators: push, pop, shift, unshift, reverse, splice
 * ------------------------------------------------------------------------------------- */

/* Array.prototype.push(...items). */
NATIVE(Array_prototype_push) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len);
    if (o == VAL_EXCEPTION) return o;
    if ((double)len + argc > MAX_SAFE_INT) return vm_throw_type_error(vm, "Pushing %d elements on an array-like of length %.0f is disallowed, as the total surpasses 2**53-1", argc, (double)len);
    vm_root(vm, &o);
    int i = 0;
    bool appended = false;
    if (argc > 0 && can_append(vm, o, len) && proto_chain_plain(vm, o)) {
        /* fast path: plain array with a writable length; array_push keeps the length */
        appended = true;
        for (; i < argc && can_append(vm, o, len); i++, len++)
            if (array_push(vm, o, argv[i]) < 0) return VAL_EXCEPTION;
    }
    for (; i < argc; i++, len++) {
        appended = false;
        if (set_k(vm, o, len, argv[i]) < 0) return VAL_EXCEPTION;
    }
    if (!appended && set_length(vm, o, (double)len) < 0) return VAL_EXCEPTION;
    return val_number((double)len);
}

/* Array.prototype.pop(). */
NATIVE(Array_prototype_pop) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &v);
    if (len == 0) {
        if (set_length(vm, o, 0) < 0) return VAL_EXCEPTION;
        return VAL_UNDEFINED;
    }
    uint32_t cap;
    Value *e = fast_elems(vm, o, &cap);
    if (e && obj_class(vm, o) == CLASS_ARRAY && len - 1 < cap && e[len - 1] != VAL_HOLE &&
        *obj_slot(vm, o, 1) != VAL_FALSE) {
        /* fast path: last element present in fast storage, writable length */
        v = e[len - 1];
        e[len - 1] = VAL_HOLE;
        if (set_length(vm, o, (double)(len - 1)) < 0) return VAL_EXCEPTION;
        return v;
    }
    v = get_k(vm, o, len - 1);
    if (v == VAL_EXCEPTION) return v;
    if (del_k(vm, o, len - 1) < 0) return VAL_EXCEPTION;
    if (set_length(vm, o, (double)(len - 1)) < 0) return VAL_EXCEPTION;
    return v;
}

/* Array.prototype.shift(). */
NATIVE(Array_prototype_shift) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), first = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &first); vm_root(vm, &v);
    if (len == 0) {
        if (set_length(vm, o, 0) < 0) return VAL_EXCEPTION;
        return VAL_UNDEFINED;
    }
    first = get_k(vm, o, 0);
    if (first == VAL_EXCEPTION) return first;
    uint32_t dl;
    if (is_dense_array(vm, o, &dl) && dl == len) {
        /* fast path: dense array, move everything down one slot */
        uint32_t cap;
        Value *e = fast_elems(vm, o, &cap);
        memmove(e, e + 1, (size_t)(len - 1) * sizeof(Value));
        e[len - 1] = VAL_HOLE;
        vm->meter += len;
        if (set_length(vm, o, (double)(len - 1)) < 0) return VAL_EXCEPTION;
        return first;
    }
    for (uint64_t k = 1; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        int r = has_get_k(vm, o, k, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r) { if (set_k(vm, o, k - 1, v) < 0) return VAL_EXCEPTION; }
        else if (del_k(vm, o, k - 1) < 0) return VAL_EXCEPTION;
    }
    if (del_k(vm, o, len - 1) < 0) return VAL_EXCEPTION;
    if (set_length(vm, o, (double)(len - 1)) < 0) return VAL_EXCEPTION;
    return first;
}

/* Array.prototype.unshift(...items). */
NATIVE(Array_prototype_unshift) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &v);
    if (argc > 0) {
        if ((double)len + argc > MAX_SAFE_INT) return vm_throw_type_error(vm, "Invalid array length");
        uint32_t dl;
        if (is_dense_array(vm, o, &dl) && can_append(vm, o, len) && len + (uint64_t)argc < 0x7FFFFFF0u &&
            proto_chain_plain(vm, o)) {
            /* fast path: grow by argc (pushing placeholders), move up, copy items */
            for (int i = 0; i < argc; i++) if (array_push(vm, o, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
            uint32_t cap;
            Value *e = fast_elems(vm, o, &cap);
            memmove(e + argc, e, (size_t)len * sizeof(Value));
            memcpy(e, argv, (size_t)argc * sizeof(Value));
            vm->meter += len;
            return val_number((double)(len + (uint64_t)argc));
        }
        for (uint64_t k = len; k > 0; k--) {
            if (vm_meter_poll(vm, k, len - k)) return VAL_EXCEPTION;
            int r = has_get_k(vm, o, k - 1, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (r) { if (set_k(vm, o, k - 1 + (uint64_t)argc, v) < 0) return VAL_EXCEPTION; }
            else if (del_k(vm, o, k - 1 + (uint64_t)argc) < 0) return VAL_EXCEPTION;
        }
        for (int j = 0; j < argc; j++)
            if (set_k(vm, o, (uint64_t)j, argv[j]) < 0) return VAL_EXCEPTION;
    }
    if (set_length(vm, o, (double)(len + (uint64_t)argc)) < 0) return VAL_EXCEPTION;
    return val_number((double)(len + (uint64_t)argc));
}

/* Array.prototype.reverse(). */
NATIVE(Array_prototype_reverse) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), lv = VAL_UNDEFINED, uv = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &lv); vm_root(vm, &uv);
    uint32_t dl;
    if (is_dense_array(vm, o, &dl) && dl == len) {
        uint32_t cap;
        Value *e = fast_elems(vm, o, &cap);
        for (uint32_t i = 0, j = dl ? dl - 1 : 0; i < j; i++, j--) { Value t = e[i]; e[i] = e[j]; e[j] = t; }
        vm->meter += len;
        return o;
    }
    uint64_t middle = len / 2;
    for (uint64_t lower = 0; lower != middle; lower++) {
        if (vm_meter_poll(vm, lower, lower)) return VAL_EXCEPTION;
        uint64_t upper = len - lower - 1;
        int le = has_k(vm, o, lower);
        if (le < 0) return VAL_EXCEPTION;
        if (le) { lv = get_k(vm, o, lower); if (lv == VAL_EXCEPTION) return lv; }
        int ue = has_k(vm, o, upper);
        if (ue < 0) return VAL_EXCEPTION;
        if (ue) { uv = get_k(vm, o, upper); if (uv == VAL_EXCEPTION) return uv; }
        if (le && ue) {
            if (set_k(vm, o, lower, uv) < 0 || set_k(vm, o, upper, lv) < 0) return VAL_EXCEPTION;
        } else if (ue) {
            if (set_k(vm, o, lower, uv) < 0 || del_k(vm, o, upper) < 0) return VAL_EXCEPTION;
        } else if (le) {
            if (del_k(vm, o, lower) < 0 || set_k(vm, o, upper, lv) < 0) return VAL_EXCEPTION;
        }
    }
    return o;
}

/* Array.prototype.slice(start, end). */
NATIVE(Array_prototype_slice) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len, k, fin;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &v);
    if (relative_index(vm, ARG(0), len, 0, &k) < 0) return VAL_EXCEPTION;
    if (relative_index(vm, ARG(1), len, len, &fin) < 0) return VAL_EXCEPTION;
    uint64_t count = fin > k ? fin - k : 0;
    a = array_species_create(vm, o, count);
    if (a == VAL_EXCEPTION) return a;
    vm->meter += count;
    uint64_t n = 0;
    /* fast path: dense plain source range into a fresh plain result */
    uint32_t cap;
    Value *se = fast_elems(vm, o, &cap);
    if (se && count > 0 && fin <= cap && is_fresh_array(vm, a, count)) {
        uint64_t i = k;
        while (i < fin && se[i] != VAL_HOLE) i++;
        if (i == fin && adopt_values(vm, a, se + k, (uint32_t)count) == 0) return a;
    }
    for (; k < fin; k++, n++) {
        if (vm_meter_poll(vm, n, n)) return VAL_EXCEPTION;
        int r = has_get_k(vm, o, k, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r && cdp_k(vm, a, n, v) < 0) return VAL_EXCEPTION;
    }
    if (set_length(vm, a, (double)n) < 0) return VAL_EXCEPTION;
    return a;
}

/* Array.prototype.splice(start, deleteCount, ...items). */
NATIVE(Array_prototype_splice) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len, start;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &v);
    if (relative_index(vm, ARG(0), len, 0, &start) < 0) return VAL_EXCEPTION;
    uint64_t item_count = argc > 2 ? (uint64_t)argc - 2 : 0, del;
    if (argc == 0) del = 0;
    else if (argc == 1) del = len - start;
    else {
        double dc;
        if (to_integer_or_infinity(vm, argv[1], &dc) < 0) return VAL_EXCEPTION;
        if (dc < 0) dc = 0;
        del = dc > (double)(len - start) ? len - start : (uint64_t)dc;
    }
    if ((double)len + (double)item_count - (double)del > MAX_SAFE_INT)
        return vm_throw_type_error(vm, "Invalid array length");
    a = array_species_create(vm, o, del);
    if (a == VAL_EXCEPTION) return a;
    for (uint64_t k = 0; k < del; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        int r = has_get_k(vm, o, start + k, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r && cdp_k(vm, a, k, v) < 0) return VAL_EXCEPTION;
    }
    if (set_length(vm, a, (double)del) < 0) return VAL_EXCEPTION;
    Value *items = argc > 2 ? argv + 2 : NULL;
    uint32_t dl;
    vm->meter += len;
    if (is_dense_array(vm, o, &dl) && dl == len && can_append(vm, o, len) && len + item_count < 0x7FFFFFF0u &&
        (item_count <= del || proto_chain_plain(vm, o))) {
        /* fast path: dense array with plain elements */
        if (item_count > del) {
            for (uint64_t i = 0; i < item_count - del; i++)
                if (array_push(vm, o, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
        }
        uint32_t cap;
        Value *e = fast_elems(vm, o, &cap);
        if (len - start - del) memmove(e + start + item_count, e + start + del, (size_t)(len - start - del) * sizeof(Value));
        if (item_count) memcpy(e + start, items, (size_t)item_count * sizeof(Value));
        if (item_count < del) {
            for (uint64_t i = len - del + item_count; i < len; i++) e[i] = VAL_HOLE;
            if (set_length(vm, o, (double)(len - del + item_count)) < 0) return VAL_EXCEPTION;
        }
        return a;
    }
    if (item_count < del) {
        for (uint64_t k = start; k < len - del; k++) {
            if (vm_meter_poll(vm, k, k - start)) return VAL_EXCEPTION;
            int r = has_get_k(vm, o, k + del, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (r) { if (set_k(vm, o, k + item_count, v) < 0) return VAL_EXCEPTION; }
            else if (del_k(vm, o, k + item_count) < 0) return VAL_EXCEPTION;
        }
        for (uint64_t k = len; k > len - del + item_count; k--)
            if (del_k(vm, o, k - 1) < 0) return VAL_EXCEPTION;
    } else if (item_count > del) {
        for (uint64_t k = len - del; k > start; k--) {
            if (vm_meter_poll(vm, k, len - del - k)) return VAL_EXCEPTION;
            int r = has_get_k(vm, o, k + del - 1, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (r) { if (set_k(vm, o, k + item_count - 1, v) < 0) return VAL_EXCEPTION; }
            else if (del_k(vm, o, k + item_count - 1) < 0) return VAL_EXCEPTION;
        }
    }
    for (uint64_t i = 0; i < item_count; i++)
        if (set_k(vm, o, start + i, items[i]) < 0) return VAL_EXCEPTION;
    if (set_length(vm, o, (double)(len - del + item_count)) < 0) return VAL_EXCEPTION;
    return a;
}

/* ---------------------------------------------------------------------------------------
 * Sorting: a stable bottom-up merge sort over a heap list (comparator may run JS).
 * ------------------------------------------------------------------------------------- */

/* Decimal digits of int32 i into buf (no NUL); returns the length. */
static int int_digits(int32_t i, char *buf) {
    char tmp[12];
    int n = 0, len = 0;
    uint32_t u = i < 0 ? (uint32_t)0 - (uint32_t)i : (uint32_t)i;
    do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (i < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    return len;
}

/* Compare two sort keys in string order; a key is a string, or an int32 standing for its
 * decimal string (the default comparator stores ints unconverted to avoid allocation). */
static int key_compare(VM *vm, Value a, Value b) {
    if (val_is_int(a) && val_is_int(b)) {
        char x[12], y[12];
        int lx = int_digits(val_to_int(a), x), ly = int_digits(val_to_int(b), y);
        int c = memcmp(x, y, (size_t)(lx < ly ? lx : ly));
        return c ? c : lx - ly;
    }
    if (val_is_int(a)) { a = str_from_int(vm, val_to_int(a)); if (a == VAL_EXCEPTION) { vm_take_exception(vm); return 0; } }
    if (val_is_int(b)) { b = str_from_int(vm, val_to_int(b)); if (b == VAL_EXCEPTION) { vm_take_exception(vm); return 0; } }
    return str_compare(vm, a, b);
}

/* SortCompare(x, y) for non-undefined x, y: *out < 0, 0, > 0. -1 on throw. */
static int sort_compare(VM *vm, Value cmp, Value x, Value y, double *out) {
    if (cmp != VAL_UNDEFINED) {
        Value args[2] = { x, y };
        Value r = vm_call(vm, cmp, VAL_UNDEFINED, 2, args);
        if (r == VAL_EXCEPTION) return -1;
        if (val_is_int(r)) { *out = val_to_int(r); return 0; }
        double d;
        if (to_number_double(vm, r, &d) < 0) return -1;
        *out = d != d ? 0 : d;
        return 0;
    }
    *out = str_compare(vm, x, y);
    return 0;
}

/* Sort list[0, n) (a CELL_ARRAY Value, rooted by the caller through *list) stably.
 * Without a comparator the elements are (value, string) pairs: list holds 2n Values and
 * the strings are compared. -1 on throw. */
static int merge_sort_body(VM *vm, Value *list, uint32_t n, Value cmp, int pairs) {
    VM_ROOT_SCOPE(vm);
    if (n < 2) return 0;
    vm_root(vm, &cmp);
    int w = pairs ? 2 : 1;
    Value tmp = list_new(vm, (uint32_t)w * n);
    if (tmp == VAL_EXCEPTION) return -1;
    vm_root(vm, &tmp);
    /* insertion sort runs of RUN elements first (fewer comparator calls on small inputs) */
    const uint32_t RUN = 8;
    for (uint32_t lo = 0; lo < n; lo += RUN) {
        uint32_t hi = lo + RUN < n ? lo + RUN : n;
        for (uint32_t i = lo + 1; i < hi; i++) {
            uint32_t j = i;
            while (j > lo) {
                Value *L = vm_cell_values(vm, val_ref(*list));
                double c;
                if (pairs) c = key_compare(vm, L[2 * (j - 1) + 1], L[2 * j + 1]);
                else if (sort_compare(vm, cmp, L[j - 1], L[j], &c) < 0) return -1;
                if (c <= 0) break;
                L = vm_cell_values(vm, val_ref(*list));
                for (int q = 0; q < w; q++) {
                    Value t = L[w * j + q]; L[w * j + q] = L[w * (j - 1) + q]; L[w * (j - 1) + q] = t;
                }
                j--;
            }
        }
    }
    vm->meter += n;
    for (uint32_t width = RUN; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t i = lo, j = mid, k = lo;
            /* already in order: copy through */
            if (mid < hi) {
                Value *L = vm_cell_values(vm, val_ref(*list));
                double c;
                if (pairs) c = key_compare(vm, L[2 * (mid - 1) + 1], L[2 * mid + 1]);
                else if (sort_compare(vm, cmp, L[mid - 1], L[mid], &c) < 0) return -1;
                if (c <= 0) i = j = hi;
            }
            if (i == hi) {
                Value *L = vm_cell_values(vm, val_ref(*list)), *T = vm_cell_values(vm, val_ref(tmp));
                memcpy(T + (size_t)w * lo, L + (size_t)w * lo, (size_t)w * (hi - lo) * sizeof(Value));
                continue;
            }
            while (i < mid && j < hi) {
                Value *L = vm_cell_values(vm, val_ref(*list));
                double c;
                if (pairs) c = key_compare(vm, L[2 * i + 1], L[2 * j + 1]);
                else if (sort_compare(vm, cmp, L[i], L[j], &c) < 0) return -1;
                L = vm_cell_values(vm, val_ref(*list));
                Value *T = vm_cell_values(vm, val_ref(tmp));
                uint32_t src = c > 0 ? j++ : i++;
                for (int q = 0; q < w; q++) T[w * k + q] = L[w * src + q];
                k++;
            }
            Value *L = vm_cell_values(vm, val_ref(*list)), *T = vm_cell_values(vm, val_ref(tmp));
            if (i < mid) memcpy(T + (size_t)w * k, L + (size_t)w * i, (size_t)w * (mid - i) * sizeof(Value));
            if (j < hi) memcpy(T + (size_t)w * (k + mid - i), L + (size_t)w * j, (size_t)w * (hi - j) * sizeof(Value));
        }
        Value t = *list; *list = tmp; tmp = t;
        vm->meter += n;
    }
    return 0;
}

/* merge_sort with the C roots it registers released on return. */
static int merge_sort(VM *vm, Value *list, uint32_t n, Value cmp, int pairs) {
    size_t root_mark = vm->nroots;
    int r = merge_sort_body(vm, list, n, cmp, pairs);
    vm->nroots = root_mark;
    return r;
}

/* SortIndexedProperties(o, len, SortCompare, holes): a new CELL_ARRAY of the sorted values
 * (undefined last); *count gets its length. skip_holes: absent indices are left out. */
static Value sort_indexed_body(VM *vm, Value o, uint64_t len, Value cmp, bool skip_holes, uint32_t *count) {
    VM_ROOT_SCOPE(vm);
    if (len > 0xFFFFFFF0u) return vm_throw_range_error(vm, "Array too large to sort");
    Value list = VAL_UNDEFINED, v = VAL_UNDEFINED, sorted = VAL_UNDEFINED;
    vm_root(vm, &o); vm_root(vm, &cmp); vm_root(vm, &list); vm_root(vm, &v); vm_root(vm, &sorted);
    int pairs = cmp == VAL_UNDEFINED;
    list = list_new(vm, (uint32_t)(pairs ? 2 * len : len));
    if (list == VAL_EXCEPTION) return list;
    uint32_t n = 0, undefs = 0;
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        if (skip_holes) {
            int r = has_get_k(vm, o, k, &v);
            if (r < 0) return VAL_EXCEPTION;
            if (!r) continue;
        } else {
            v = get_k(vm, o, k);
            if (v == VAL_EXCEPTION) return v;
        }
        if (v == VAL_UNDEFINED) { undefs++; continue; }
        if (pairs) {
            Value s = (val_is_string(v) || val_is_int(v)) ? v : to_string(vm, v);
            if (s == VAL_EXCEPTION) return s;
            Value *L = vm_cell_values(vm, val_ref(list));
            L[2 * n] = v;
            L[2 * n + 1] = s;
        } else {
            vm_cell_values(vm, val_ref(list))[n] = v;
        }
        n++;
    }
    if (merge_sort(vm, &list, n, cmp, pairs) < 0) return VAL_EXCEPTION;
    sorted = list_new(vm, n + undefs);
    if (sorted == VAL_EXCEPTION) return sorted;
    Value *L = vm_cell_values(vm, val_ref(list)), *S = vm_cell_values(vm, val_ref(sorted));
    for (uint32_t i = 0; i < n; i++) S[i] = pairs ? L[2 * i] : L[i];
    for (uint32_t i = 0; i < undefs; i++) S[n + i] = VAL_UNDEFINED;
    *count = n + undefs;
    return sorted;
}

/* sort_indexed with the C roots it registers released on return. */
static Value sort_indexed(VM *vm, Value o, uint64_t len, Value cmp, bool skip_holes, uint32_t *count) {
    size_t root_mark = vm->nroots;
    Value r = sort_indexed_body(vm, o, len, cmp, skip_holes, count);
    vm->nroots = root_mark;
    return r;
}

/* Array.prototype.sort(comparefn). */
NATIVE(Array_prototype_sort) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value cmp = ARG(0), sorted = VAL_UNDEFINED;
    if (cmp != VAL_UNDEFINED && !vm_is_callable(vm, cmp))
        return vm_throw_type_error(vm, "The comparison function must be either a function or undefined");
    uint64_t len;
    vm_root(vm, &cmp); vm_root(vm, &sorted);
    Value o = this_obj_len(vm, this_val, &len);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    uint32_t count;
    sorted = sort_indexed(vm, o, len, cmp, true, &count);
    if (sorted == VAL_EXCEPTION) return sorted;
    uint64_t j = 0;
    for (; j < count; j++)
        if (set_k(vm, o, j, vm_cell_values(vm, val_ref(sorted))[j]) < 0) return VAL_EXCEPTION;
    for (; j < len; j++) {
        /* an absent fast element of a plain array: deleting it is a no-op */
        uint32_t cap;
        if (j < 0x80000000u && obj_class(vm, o) == CLASS_ARRAY && fast_elems(vm, o, &cap) && fast_get(vm, o, j) == VAL_HOLE) continue;
        if (del_k(vm, o, j) < 0) return VAL_EXCEPTION;
    }
    return o;
}

/* Array.prototype.toSorted(comparefn). */
NATIVE(Array_prototype_toSorted) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value cmp = ARG(0), sorted = VAL_UNDEFINED;
    if (cmp != VAL_UNDEFINED && !vm_is_callable(vm, cmp))
        return vm_throw_type_error(vm, "The comparison function must be either a function or undefined");
    uint64_t len;
    vm_root(vm, &cmp); vm_root(vm, &sorted);
    Value o = this_obj_len(vm, this_val, &len);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    if (len > 0xFFFFFFFFu) return vm_throw_range_error(vm, "Invalid array length");
    uint32_t count;
    sorted = sort_indexed(vm, o, len, cmp, false, &count);
    if (sorted == VAL_EXCEPTION) return sorted;
    return array_from_values(vm, vm_cell_values(vm, val_ref(sorted)), count);
}

/* ---------------------------------------------------------------------------------------
 * Copying variants: toReversed, toSpliced, with
 * ------------------------------------------------------------------------------------- */

/* A new plain array of length len, or RangeError when len > 2^32-1. */
static Value array_create(VM *vm, uint64_t len) {
    if (len > 0xFFFFFFFFu) return vm_throw_range_error(vm, "Invalid array length");
    return array_new(vm, (uint32_t)len);
}

/* Array.prototype.toReversed(). */
NATIVE(Array_prototype_toReversed) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &v);
    a = array_create(vm, len);
    if (a == VAL_EXCEPTION) return a;
    vm->meter += len;
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        v = get_k(vm, o, len - k - 1);
        if (v == VAL_EXCEPTION) return v;
        if (cdp_k(vm, a, k, v) < 0) return VAL_EXCEPTION;
    }
    return a;
}

/* Array.prototype.toSpliced(start, skipCount, ...items). */
NATIVE(Array_prototype_toSpliced) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len, start, skip;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &v);
    if (relative_index(vm, ARG(0), len, 0, &start) < 0) return VAL_EXCEPTION;
    uint64_t ins = argc > 2 ? (uint64_t)argc - 2 : 0;
    if (argc == 0) skip = 0;
    else if (argc == 1) skip = len - start;
    else {
        double sc;
        if (to_integer_or_infinity(vm, argv[1], &sc) < 0) return VAL_EXCEPTION;
        if (sc < 0) sc = 0;
        skip = sc > (double)(len - start) ? len - start : (uint64_t)sc;
    }
    double newlen = (double)len + (double)ins - (double)skip;
    if (newlen > MAX_SAFE_INT) return vm_throw_type_error(vm, "Invalid array length");
    a = array_create(vm, (uint64_t)newlen);
    if (a == VAL_EXCEPTION) return a;
    uint64_t i = 0, r = start + skip;
    vm->meter += (uint64_t)newlen;
    for (; i < start; i++) {
        v = get_k(vm, o, i);
        if (v == VAL_EXCEPTION) return v;
        if (cdp_k(vm, a, i, v) < 0) return VAL_EXCEPTION;
    }
    for (uint64_t j = 0; j < ins; j++, i++)
        if (cdp_k(vm, a, i, argv[2 + j]) < 0) return VAL_EXCEPTION;
    for (; i < (uint64_t)newlen; i++, r++) {
        v = get_k(vm, o, r);
        if (v == VAL_EXCEPTION) return v;
        if (cdp_k(vm, a, i, v) < 0) return VAL_EXCEPTION;
    }
    return a;
}

/* Array.prototype.with(index, value). */
NATIVE(Array_prototype_with) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    uint64_t len;
    Value o = this_obj_len(vm, this_val, &len), a = VAL_UNDEFINED, v = VAL_UNDEFINED, value = ARG(1);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o); vm_root(vm, &a); vm_root(vm, &v); vm_root(vm, &value);
    double rel;
    if (to_integer_or_infinity(vm, ARG(0), &rel) < 0) return VAL_EXCEPTION;
    double act = rel >= 0 ? rel : (double)len + rel;
    if (act >= (double)len || act < 0) return vm_throw_range_error(vm, "Invalid index : %.0f", rel);
    a = array_create(vm, len);
    if (a == VAL_EXCEPTION) return a;
    vm->meter += len;
    for (uint64_t k = 0; k < len; k++) {
        if (vm_meter_poll(vm, k, k)) return VAL_EXCEPTION;
        if (k == (uint64_t)act) v = value;
        else { v = get_k(vm, o, k); if (v == VAL_EXCEPTION) return v; }
        if (cdp_k(vm, a, k, v) < 0) return VAL_EXCEPTION;
    }
    return a;
}

/* ---------------------------------------------------------------------------------------
 * Array iterators
 * ------------------------------------------------------------------------------------- */

/* CreateArrayIterator: Array.prototype.keys / values / entries (magic = kind). */
NATIVE(Array_prototype_iterator) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func;
    Value o = to_object(vm, this_val);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    Value it = obj_new(vm, vm_intrinsic(vm, INTR_ArrayIteratorPrototype), CLASS_ITERATOR);
    if (it == VAL_EXCEPTION) return it;
    *obj_slot(vm, it, 0) = o;
    *obj_slot(vm, it, 1) = val_int(0);
    *obj_slot(vm, it, 2) = val_int(ITER_ARRAY_BASE + magic);
    return it;
}

/* %ArrayIteratorPrototype%.next(). */
NATIVE(ArrayIterator_next) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        !val_is_int(*obj_slot(vm, this_val, 2)) || (val_to_int(*obj_slot(vm, this_val, 2)) & ~0xff) != ITER_ARRAY_BASE)
        return vm_throw_type_error(vm, "next method called on incompatible receiver");
    Value o = *obj_slot(vm, this_val, 0);
    if (o == VAL_UNDEFINED) return iter_result(vm, VAL_UNDEFINED, true);
    double index = num_value(*obj_slot(vm, this_val, 1));
    int kind = val_to_int(*obj_slot(vm, this_val, 2)) & 0xff;
    uint64_t len;
    Value it = this_val;
    vm_root(vm, &o); vm_root(vm, &it);
    ClassId cls = obj_class(vm, o);
    if (cls == CLASS_ARRAY) len = array_length(vm, o);
    else if (cls == CLASS_TYPED_ARRAY) {
        /* TypedArrayLength; TypeError when detached or out of bounds */
        if (typed_array_length(vm, o, &len) < 0) return VAL_EXCEPTION;
    } else if (length_of_array_like(vm, o, &len) < 0) return VAL_EXCEPTION;
    if (index >= (double)len) {
        *obj_slot(vm, it, 0) = VAL_UNDEFINED;
        return iter_result(vm, VAL_UNDEFINED, true);
    }
    *obj_slot(vm, it, 1) = val_number(index + 1);
    Value key = val_number(index);
    if (kind == ITK_KEYS) return iter_result(vm, key, false);
    Value v = get_k(vm, o, (uint64_t)index);
    if (v == VAL_EXCEPTION) return v;
    if (kind == ITK_VALUES) return iter_result(vm, v, false);
    Value pair[2] = { key, v };
    Value a = array_from_values(vm, pair, 2);
    if (a == VAL_EXCEPTION) return a;
    return iter_result(vm, a, false);
}

/* %IteratorPrototype%[Symbol.iterator](): return this. */
NATIVE(IteratorPrototype_iterator) {
    (void)vm; UNUSED_ARGS;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef array_ctor_defs[] = {
    { "Array", Array_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef array_static_defs[] = {
    { "from", Array_from, 1, NDEF_METHOD, 0, 0 },
    { "fromAsync", Array_fromAsync, 1, NDEF_METHOD, 0, 0 },
    { "isArray", Array_isArray, 1, NDEF_METHOD, 0, 0 },
    { "of", Array_of, 0, NDEF_METHOD, 0, 0 },
    { "[Symbol.species]", Array_species, 0, NDEF_GETTER, 0, 0 },
};
static const NativeDef array_proto_defs[] = {
    { "at", Array_prototype_at, 1, NDEF_METHOD, 0, 0 },
    { "concat", Array_prototype_concat, 1, NDEF_METHOD, 0, 0 },
    { "copyWithin", Array_prototype_copyWithin, 2, NDEF_METHOD, 0, 0 },
    { "entries", Array_prototype_iterator, 0, NDEF_METHOD, ITK_ENTRIES, 0 },
    { "every", Array_prototype_iterate, 1, NDEF_METHOD, IT_EVERY, 0 },
    { "fill", Array_prototype_fill, 1, NDEF_METHOD, 0, 0 },
    { "filter", Array_prototype_iterate, 1, NDEF_METHOD, IT_FILTER, 0 },
    { "find", Array_prototype_find, 1, NDEF_METHOD, 0, 0 },
    { "findIndex", Array_prototype_find, 1, NDEF_METHOD, 1, 0 },
    { "findLast", Array_prototype_find, 1, NDEF_METHOD, 2, 0 },
    { "findLastIndex", Array_prototype_find, 1, NDEF_METHOD, 3, 0 },
    { "flat", Array_prototype_flat, 0, NDEF_METHOD, 0, 0 },
    { "flatMap", Array_prototype_flatMap, 1, NDEF_METHOD, 0, 0 },
    { "forEach", Array_prototype_iterate, 1, NDEF_METHOD, IT_FOREACH, 0 },
    { "includes", Array_prototype_indexOf, 1, NDEF_METHOD, 1, 0 },
    { "indexOf", Array_prototype_indexOf, 1, NDEF_METHOD, 0, 0 },
    { "join", Array_prototype_join, 1, NDEF_METHOD, 0, 0 },
    { "keys", Array_prototype_iterator, 0, NDEF_METHOD, ITK_KEYS, 0 },
    { "lastIndexOf", Array_prototype_lastIndexOf, 1, NDEF_METHOD, 0, 0 },
    { "map", Array_prototype_iterate, 1, NDEF_METHOD, IT_MAP, 0 },
    { "pop", Array_prototype_pop, 0, NDEF_METHOD, 0, 0 },
    { "push", Array_prototype_push, 1, NDEF_METHOD, 0, 0 },
    { "reduce", Array_prototype_reduce, 1, NDEF_METHOD, 0, 0 },
    { "reduceRight", Array_prototype_reduce, 1, NDEF_METHOD, 1, 0 },
    { "reverse", Array_prototype_reverse, 0, NDEF_METHOD, 0, 0 },
    { "shift", Array_prototype_shift, 0, NDEF_METHOD, 0, 0 },
    { "slice", Array_prototype_slice, 2, NDEF_METHOD, 0, 0 },
    { "some", Array_prototype_iterate, 1, NDEF_METHOD, IT_SOME, 0 },
    { "sort", Array_prototype_sort, 1, NDEF_METHOD, 0, 0 },
    { "splice", Array_prototype_splice, 2, NDEF_METHOD, 0, 0 },
    { "toLocaleString", Array_prototype_join, 0, NDEF_METHOD, 1, 0 },
    { "toReversed", Array_prototype_toReversed, 0, NDEF_METHOD, 0, 0 },
    { "toSorted", Array_prototype_toSorted, 1, NDEF_METHOD, 0, 0 },
    { "toSpliced", Array_prototype_toSpliced, 2, NDEF_METHOD, 0, 0 },
    { "toString", Array_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "unshift", Array_prototype_unshift, 1, NDEF_METHOD, 0, 0 },
    { "values", Array_prototype_iterator, 0, NDEF_METHOD, ITK_VALUES, 0 },
    { "with", Array_prototype_with, 2, NDEF_METHOD, 0, 0 },
};
static const NativeDef array_iter_defs[] = {
    { "next", ArrayIterator_next, 0, NDEF_METHOD, 0, 0 },
};
static const NativeDef iterator_proto_defs[] = {
    { "[Symbol.iterator]", IteratorPrototype_iterator, 0, NDEF_METHOD, 0, 0 },
};

/* Native closures made at run time (registered so that snapshots can name them). */
static const NativeDef array_internal_defs[] = {
    { "", Array_fromAsync_continue, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", Array_fromAsync_continue, 1, NDEF_CTOR_ONLY, 1, 0 },
};

const NativeTable array_tables[] = {
    NATIVE_TABLE("Array constructor", array_ctor_defs),
    NATIVE_TABLE("Array", array_static_defs),
    NATIVE_TABLE("Array.prototype", array_proto_defs),
    NATIVE_TABLE("%ArrayIteratorPrototype%", array_iter_defs),
    NATIVE_TABLE("%IteratorPrototype%", iterator_proto_defs),
    NATIVE_TABLE("Array.fromAsync internals", array_internal_defs),
};
const size_t array_tables_count = sizeof(array_tables) / sizeof(array_tables[0]);

static int init_array_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = vm_intrinsic(vm, INTR_ArrayPrototype), ctor = VAL_UNDEFINED, p = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &p);
    if (!val_is_object(proto)) {
        proto = array_new(vm, 0);
        if (proto == VAL_EXCEPTION) return -1;
        obj_words(vm, proto)[OBJ_PROTO] = vm_intrinsic(vm, INTR_ObjectPrototype);
        vm_set_intrinsic(vm, INTR_ArrayPrototype, proto);
    }
    ctor = vm_make_constructor(vm, &array_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_Array, ctor);
    if (vm_install(vm, ctor, array_static_defs, sizeof array_static_defs / sizeof array_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, array_proto_defs, sizeof array_proto_defs / sizeof array_proto_defs[0]) < 0) return -1;
    p = obj_get(vm, proto, ATOM(vm, values), proto);
    if (p == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_ArrayProto_values, p);
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_iterator), p, PROP_METHOD) < 0) return -1;
    /* [Symbol.unscopables] */
    p = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (p == VAL_EXCEPTION) return -1;
    static const char *const unscopables[] = {
        "at", "copyWithin", "entries", "fill", "find", "findIndex", "findLast", "findLastIndex",
        "flat", "flatMap", "includes", "keys", "toReversed", "toSorted", "toSpliced", "values",
    };
    for (size_t i = 0; i < sizeof unscopables / sizeof unscopables[0]; i++) {
        Value k = atom_from_cstr(vm, unscopables[i]);
        if (k == VAL_EXCEPTION || obj_define_fast(vm, p, k, VAL_TRUE, PROP_DEFAULT) < 0) return -1;
    }
    if (obj_define_fast(vm, proto, vm_wks(vm, WKS_unscopables), p, PROP_CONFIGURABLE) < 0) return -1;
    /* %IteratorPrototype% */
    p = vm_intrinsic(vm, INTR_IteratorPrototype);
    if (!val_is_object(p)) {
        p = obj_new_plain(vm);
        if (p == VAL_EXCEPTION) return -1;
        vm_set_intrinsic(vm, INTR_IteratorPrototype, p);
    }
    if (vm_install(vm, p, iterator_proto_defs, 1) < 0) return -1;
    /* %ArrayIteratorPrototype% */
    p = obj_new(vm, vm_intrinsic(vm, INTR_IteratorPrototype), CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, array_iter_defs, 1) < 0) return -1;
    Value tag = str_from_cstr(vm, "Array Iterator");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, p, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, INTR_ArrayIteratorPrototype, p);
    return vm_define_global(vm, "Array", ctor);
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_array(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_array_body(vm);
    vm->nroots = root_mark;
    return r;
}
