/* iterator_helpers.c — the Iterator constructor, Iterator.from, the Iterator.prototype helper
 * methods (ECMA-262 2025, 27.1.3) and their two prototypes, %WrapForValidIteratorPrototype%
 * and %IteratorHelperPrototype%.
 *
 * The spec writes the lazy helpers (map, filter, take, drop, flatMap) as abstract closures
 * run as generators. Here each helper is a CLASS_ITERATOR object whose whole state lives in
 * the heap, so a helper suspended half way survives a snapshot like any other object:
 *   slot [0]  a list (CELL_ARRAY) of HS_* Values: underlying iterator and its next method,
 *             the callback or the remaining count, the counter, flatMap's inner iterator;
 *   slot [1]  the generator state, IH_* (suspended-start, suspended-yield, executing, done);
 *   slot [2]  IH_TAG_BASE + the helper kind (HK_*).
 * Each call of next() runs the closure from where it stopped to its next Yield (a C step
 * function per kind). Wrappers made by Iterator.from are CLASS_ITERATOR objects too:
 * [0] iterator, [1] next method, [2] WRAP_TAG. Both tags sit apart from the other
 * CLASS_ITERATOR families (array 0x100, Map 0x200, Set 0x300, string 0x400, regexp 0x500).
 */
#include <math.h>
#include "builtins.h"

#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)
#define UNUSED_ARGS (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic

#define IH_TAG_BASE 0x600
#define WRAP_TAG 0x700

/* Helper kinds (magic of the creating method, slot [2] - IH_TAG_BASE). */
enum { HK_MAP = 0, HK_FILTER, HK_TAKE, HK_DROP, HK_FLATMAP, HK_COUNT };
/* Generator states of a helper (slot [1]). */
enum { IH_START = 0, IH_YIELD = 1, IH_RUNNING = 2, IH_DONE = 3 };
/* The helper's state list (slot [0]). */
enum {
    HS_ITER = 0,       /* the underlying iterator ([[UnderlyingIterator]].[[Iterator]]) */
    HS_NEXT,           /* its next method */
    HS_ARG,            /* the mapper / predicate, or the remaining count (take, drop) */
    HS_COUNTER,        /* number of values passed to the callback so far */
    HS_INNER,          /* flatMap: the inner iterator while one is alive, else undefined */
    HS_INNER_NEXT,     /* flatMap: its next method */
    HS_COUNT
};
/* Eager methods (magic of Iterator_prototype_consume). */
enum { EK_FOREACH = 0, EK_SOME, EK_EVERY, EK_FIND };

/* ---------------------------------------------------------------------------------------
 * Small protocol pieces
 * ------------------------------------------------------------------------------------- */

/* GetIteratorFlattenable(obj, primitive handling): strings are iterated only when
 * `allow_strings` (iterate-string-primitives); other primitives throw. -1 on throw. */
static int get_iterator_flattenable(VM *vm, Value obj, int allow_strings, IterRecord *rec) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    if (!val_is_object(obj) && !(allow_strings && val_is_string(obj))) {
        vm_throw_type_error(vm, "value is not an iterator or iterable object");
        return -1;
    }
    Value method = obj_get_method(vm, obj, vm_wks(vm, WKS_iterator));
    if (method == VAL_EXCEPTION) return -1;
    Value it = obj;
    if (method != VAL_UNDEFINED) {
        it = vm_call(vm, method, obj, 0, NULL);
        if (it == VAL_EXCEPTION) return -1;
    }
    if (!val_is_object(it)) {
        vm_throw_type_error(vm, "the iterator is not an object");
        return -1;
    }
    return iter_get_direct(vm, it, rec);
}

/* Throw the pending error through IteratorClose(iterated, throw completion): always -1. */
static int close_throw(VM *vm, Value iterator) {
    VM_ROOT_SCOPE(vm);
    IterRecord rec = { iterator, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    iter_close(vm, &rec, 1);
    return -1;
}

/* The receiver checks the helper methods share: `this` must be an object (TypeError, no
 * close); then the argument check `bad` (a message, or NULL when the argument is fine)
 * throws a TypeError through IteratorClose of `this`. -1 on throw. */
static int check_receiver(VM *vm, Value this_val, const char *bad) {
    if (!val_is_object(this_val)) {
        vm_throw_type_error(vm, "Iterator.prototype method called on a non-object");
        return -1;
    }
    if (bad) {
        vm_throw_type_error(vm, "%s", bad);
        return close_throw(vm, this_val);
    }
    return 0;
}

/* The tag word of a CLASS_ITERATOR object, or -1 for anything else. */
static int iterator_tag(VM *vm, Value v) {
    if (!val_is_object(v) || obj_class(vm, v) != CLASS_ITERATOR || !val_is_int(*obj_slot(vm, v, 2))) return -1;
    return val_to_int(*obj_slot(vm, v, 2));
}

/* ---------------------------------------------------------------------------------------
 * The Iterator constructor and Iterator.from
 * ------------------------------------------------------------------------------------- */

/* Iterator() (27.1.3.1): abstract; only subclasses construct. */
NATIVE(Iterator_constructor) {
    (void)this_val; (void)argc; (void)argv; (void)magic;
    if (new_target == VAL_UNDEFINED || new_target == func)
        return vm_throw_type_error(vm, "Iterator cannot be constructed directly");
    return obj_create_from_constructor(vm, new_target, INTR_IteratorPrototype, CLASS_OBJECT);
}

/* Iterator.from(O) (27.1.3.2.1). */
NATIVE(Iterator_from) {
    VM_ROOT_SCOPE(vm);
    UNUSED_ARGS;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    if (get_iterator_flattenable(vm, argv[0], 1, &rec) < 0) return VAL_EXCEPTION;
    int has = ordinary_has_instance(vm, vm_intrinsic(vm, INTR_Iterator), rec.iterator);
    if (has < 0) return VAL_EXCEPTION;
    if (has) return rec.iterator;
    Value w = obj_new(vm, vm_intrinsic(vm, INTR_WrapForValidIteratorPrototype), CLASS_ITERATOR);
    if (w == VAL_EXCEPTION) return w;
    *obj_slot(vm, w, 0) = rec.iterator;
    *obj_slot(vm, w, 1) = rec.next;
    *obj_slot(vm, w, 2) = val_int(WRAP_TAG);
    return w;
}

/* %WrapForValidIteratorPrototype%.next / .return (magic 1) (27.1.3.2.1.1-2). */
NATIVE(WrapForValid_method) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (iterator_tag(vm, this_val) != WRAP_TAG || !val_is_object(*obj_slot(vm, this_val, 0)))
        return vm_throw_type_error(vm, "not a wrapped iterator");
    Value it = *obj_slot(vm, this_val, 0);
    if (magic == 0) return vm_call(vm, *obj_slot(vm, this_val, 1), it, 0, NULL);
    vm_root(vm, &it);
    Value ret = obj_get_method(vm, it, ATOM(vm, return_));
    if (ret == VAL_EXCEPTION) return ret;
    if (ret == VAL_UNDEFINED) return iter_result(vm, VAL_UNDEFINED, true);
    return vm_call(vm, ret, it, 0, NULL);
}

/* ---------------------------------------------------------------------------------------
 * %IteratorHelperPrototype%: one resumption of the closure per kind
 * ------------------------------------------------------------------------------------- */

/* Run the helper `h` (state executing) to its next Yield: 1 with *out, 0 when the closure
 * returned, -1 on throw. Reads and writes its state list as it goes. */
static int helper_step(VM *vm, Value h, Value *out) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &h);
    Value st = *obj_slot(vm, h, 0);
    vm_root(vm, &st);
    int kind = val_to_int(*obj_slot(vm, h, 2)) - IH_TAG_BASE;
    IterRecord rec = { list_items(vm, st)[HS_ITER], list_items(vm, st)[HS_NEXT], 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    Value v = VAL_UNDEFINED;
    vm_root(vm, &v);
    int r;
    switch (kind) {
    case HK_MAP: case HK_FILTER:
        for (;;) {
            r = iter_step_value(vm, &rec, &v);
            if (r <= 0) return r;
            Value args[2] = { v, list_items(vm, st)[HS_COUNTER] };
            Value res = vm_call(vm, list_items(vm, st)[HS_ARG], VAL_UNDEFINED, 2, args);
            if (res == VAL_EXCEPTION) return close_throw(vm, rec.iterator);
            list_items(vm, st)[HS_COUNTER] = val_number(num_value(list_items(vm, st)[HS_COUNTER]) + 1);
            if (kind == HK_MAP) { *out = res; return 1; }
            if (to_boolean(vm, res)) { *out = v; return 1; }
        }
    case HK_TAKE: {
        double remaining = num_value(list_items(vm, st)[HS_ARG]);
        if (remaining == 0) return iter_close(vm, &rec, 0) < 0 ? -1 : 0;
        if (remaining != INFINITY) list_items(vm, st)[HS_ARG] = val_number(remaining - 1);
        r = iter_step_value(vm, &rec, &v);
        if (r <= 0) return r;
        *out = v;
        return 1;
    }
    case HK_DROP:
        for (;;) {
            double remaining = num_value(list_items(vm, st)[HS_ARG]);
            if (remaining <= 0) break;
            if (remaining != INFINITY) list_items(vm, st)[HS_ARG] = val_number(remaining - 1);
            r = iter_step_value(vm, &rec, NULL);
            if (r <= 0) return r;
        }
        r = iter_step_value(vm, &rec, &v);
        if (r <= 0) return r;
        *out = v;
        return 1;
    case HK_FLATMAP: {
        IterRecord inner = { list_items(vm, st)[HS_INNER], list_items(vm, st)[HS_INNER_NEXT], 0 };
        vm_root(vm, &inner.iterator);
        vm_root(vm, &inner.next);
        for (;;) {
            if (inner.iterator != VAL_UNDEFINED) {
                r = iter_step_value(vm, &inner, &v);
                if (r < 0) return close_throw(vm, rec.iterator);
                if (r > 0) { *out = v; return 1; }
                inner.iterator = inner.next = VAL_UNDEFINED;
                list_items(vm, st)[HS_INNER] = list_items(vm, st)[HS_INNER_NEXT] = VAL_UNDEFINED;
            }
            r = iter_step_value(vm, &rec, &v);
            if (r <= 0) return r;
            Value args[2] = { v, list_items(vm, st)[HS_COUNTER] };
            Value mapped = vm_call(vm, list_items(vm, st)[HS_ARG], VAL_UNDEFINED, 2, args);
            if (mapped == VAL_EXCEPTION) return close_throw(vm, rec.iterator);
            if (get_iterator_flattenable(vm, mapped, 0, &inner) < 0) return close_throw(vm, rec.iterator);
            list_items(vm, st)[HS_INNER] = inner.iterator;
            list_items(vm, st)[HS_INNER_NEXT] = inner.next;
            list_items(vm, st)[HS_COUNTER] = val_number(num_value(list_items(vm, st)[HS_COUNTER]) + 1);
        }
    }
    default:
        vm_throw_type_error(vm, "corrupt iterator helper");
        return -1;
    }
}

/* Validate `this` as an iterator helper (GeneratorValidate with brand "Iterator Helper"):
 * its state, or -1 after throwing. The layout is checked too (a helper may come from a
 * snapshot, which is untrusted input): a state list of HS_COUNT Values and a known state;
 * the iterators are objects; the other Values may be anything (calls on them throw, numbers
 * are read as numbers). */
static int helper_validate(VM *vm, Value h) {
    int tag = iterator_tag(vm, h);
    if (tag < IH_TAG_BASE || tag >= IH_TAG_BASE + HK_COUNT)
        return vm_throw_type_error(vm, "not an Iterator Helper"), -1;
    Value st = *obj_slot(vm, h, 0), sv = *obj_slot(vm, h, 1);
    if (!val_is_cell(st) || CELL(vm, val_ref(st))->kind != CELL_ARRAY || list_count(vm, st) != HS_COUNT ||
        !val_is_int(sv) || val_to_int(sv) < IH_START || val_to_int(sv) > IH_DONE ||
        !val_is_object(list_items(vm, st)[HS_ITER]) ||
        (list_items(vm, st)[HS_INNER] != VAL_UNDEFINED && !val_is_object(list_items(vm, st)[HS_INNER])))
        return vm_throw_type_error(vm, "corrupt Iterator Helper"), -1;
    int state = val_to_int(sv);
    if (state == IH_RUNNING) return vm_throw_type_error(vm, "Iterator Helper is already running"), -1;
    return state;
}

/* %IteratorHelperPrototype%.next() (27.1.2.1): GeneratorResume. */
NATIVE(IteratorHelper_next) {
    VM_ROOT_SCOPE(vm);
    UNUSED_ARGS;
    vm_root(vm, &this_val);
    int state = helper_validate(vm, this_val);
    if (state < 0) return VAL_EXCEPTION;
    if (state == IH_DONE) return iter_result(vm, VAL_UNDEFINED, true);
    *obj_slot(vm, this_val, 1) = val_int(IH_RUNNING);
    Value v = VAL_UNDEFINED;
    vm_root(vm, &v);
    int r = helper_step(vm, this_val, &v);
    *obj_slot(vm, this_val, 1) = val_int(r > 0 ? IH_YIELD : IH_DONE);
    if (r < 0) return VAL_EXCEPTION;
    return iter_result(vm, v, r == 0);
}

/* %IteratorHelperPrototype%.return() (27.1.2.2): close the underlying iterator (and
 * flatMap's inner one first) as a return completion resumed at the Yield would. */
NATIVE(IteratorHelper_return) {
    VM_ROOT_SCOPE(vm);
    UNUSED_ARGS;
    vm_root(vm, &this_val);
    int state = helper_validate(vm, this_val);
    if (state < 0) return VAL_EXCEPTION;
    if (state == IH_DONE) return iter_result(vm, VAL_UNDEFINED, true);
    Value st = *obj_slot(vm, this_val, 0);
    vm_root(vm, &st);
    IterRecord rec = { list_items(vm, st)[HS_ITER], VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    if (state == IH_START) {
        *obj_slot(vm, this_val, 1) = val_int(IH_DONE);
        if (iter_close(vm, &rec, 0) < 0) return VAL_EXCEPTION;
        return iter_result(vm, VAL_UNDEFINED, true);
    }
    *obj_slot(vm, this_val, 1) = val_int(IH_RUNNING);
    int r = 0;
    IterRecord inner = { list_items(vm, st)[HS_INNER], VAL_UNDEFINED, 0 };
    vm_root(vm, &inner.iterator);
    if (val_to_int(*obj_slot(vm, this_val, 2)) == IH_TAG_BASE + HK_FLATMAP && inner.iterator != VAL_UNDEFINED) {
        if (iter_close(vm, &inner, 0) < 0) r = close_throw(vm, rec.iterator);
    }
    if (r == 0) r = iter_close(vm, &rec, 0);
    *obj_slot(vm, this_val, 1) = val_int(IH_DONE);
    if (r < 0) return VAL_EXCEPTION;
    return iter_result(vm, VAL_UNDEFINED, true);
}

/* ---------------------------------------------------------------------------------------
 * Iterator.prototype: lazy helpers
 * ------------------------------------------------------------------------------------- */

/* Iterator.prototype.map / filter / flatMap (callback) and take / drop (limit): check the
 * arguments (closing `this` when they are bad), then make the helper (27.1.3.2.x). */
NATIVE(Iterator_prototype_helper) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    vm_root(vm, &this_val);
    Value arg = argv[0];
    vm_root(vm, &arg);
    if (magic == HK_TAKE || magic == HK_DROP) {
        if (check_receiver(vm, this_val, NULL) < 0) return VAL_EXCEPTION;
        double lim;
        if (to_number_double(vm, arg, &lim) < 0) return close_throw(vm, this_val), VAL_EXCEPTION;
        if (isnan(lim) || (isfinite(lim) && lim > 9007199254740991.0)) {
            vm_throw_range_error(vm, "%s: the limit is NaN or above 2^53 - 1", magic == HK_TAKE ? "take" : "drop");
            return close_throw(vm, this_val), VAL_EXCEPTION;
        }
        lim = to_integer_double(lim);
        if (lim < 0) {
            vm_throw_range_error(vm, "%s: the limit is negative", magic == HK_TAKE ? "take" : "drop");
            return close_throw(vm, this_val), VAL_EXCEPTION;
        }
        arg = val_number(lim + 0.0);
    } else {
        if (check_receiver(vm, this_val, vm_is_callable(vm, arg) ? NULL : "the callback is not a function") < 0)
            return VAL_EXCEPTION;
    }
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    if (iter_get_direct(vm, this_val, &rec) < 0) return VAL_EXCEPTION;
    Value st = list_new(vm, HS_COUNT);
    if (st == VAL_EXCEPTION) return st;
    list_items(vm, st)[HS_ITER] = rec.iterator;
    list_items(vm, st)[HS_NEXT] = rec.next;
    list_items(vm, st)[HS_ARG] = arg;
    list_items(vm, st)[HS_COUNTER] = val_int(0);
    vm_root(vm, &st);
    Value h = obj_new(vm, vm_intrinsic(vm, INTR_IteratorHelperPrototype), CLASS_ITERATOR);
    if (h == VAL_EXCEPTION) return h;
    *obj_slot(vm, h, 0) = st;
    *obj_slot(vm, h, 1) = val_int(IH_START);
    *obj_slot(vm, h, 2) = val_int(IH_TAG_BASE + magic);
    return h;
}

/* ---------------------------------------------------------------------------------------
 * Iterator.prototype: eager methods
 * ------------------------------------------------------------------------------------- */

/* Iterator.prototype.reduce(reducer [, initialValue]) (27.1.3.2.9). */
NATIVE(Iterator_prototype_reduce) {
    VM_ROOT_SCOPE(vm);
    UNUSED_ARGS;
    vm_root(vm, &this_val);
    if (check_receiver(vm, this_val, vm_is_callable(vm, argv[0]) ? NULL : "reduce: the reducer is not a function") < 0)
        return VAL_EXCEPTION;
    Value fn = argv[0], acc = VAL_UNDEFINED, v = VAL_UNDEFINED;
    vm_root(vm, &fn); vm_root(vm, &acc); vm_root(vm, &v);
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    double counter = 0;
    int have_initial = argc >= 2;
    if (have_initial) acc = argv[1];
    if (iter_get_direct(vm, this_val, &rec) < 0) return VAL_EXCEPTION;
    if (!have_initial) {
        int r = iter_step_value(vm, &rec, &acc);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return vm_throw_type_error(vm, "reduce of an empty iterator with no initial value");
        counter = 1;
    }
    for (;;) {
        int r = iter_step_value(vm, &rec, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return acc;
        Value args[3] = { acc, v, val_number(counter) };
        Value res = vm_call(vm, fn, VAL_UNDEFINED, 3, args);
        if (res == VAL_EXCEPTION) return close_throw(vm, rec.iterator), VAL_EXCEPTION;
        acc = res;
        counter++;
    }
}

/* Iterator.prototype.toArray() (27.1.3.2.12). */
NATIVE(Iterator_prototype_toArray) {
    VM_ROOT_SCOPE(vm);
    UNUSED_ARGS;
    vm_root(vm, &this_val);
    if (check_receiver(vm, this_val, NULL) < 0) return VAL_EXCEPTION;
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    if (iter_get_direct(vm, this_val, &rec) < 0) return VAL_EXCEPTION;
    Value arr = array_new(vm, 0), v = VAL_UNDEFINED;
    if (arr == VAL_EXCEPTION) return arr;
    vm_root(vm, &arr); vm_root(vm, &v);
    for (;;) {
        int r = iter_step_value(vm, &rec, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return arr;
        if (array_push(vm, arr, v) < 0) return VAL_EXCEPTION;
    }
}

/* Iterator.prototype.forEach / some / every / find (magic EK_*) (27.1.3.2.4-11). */
NATIVE(Iterator_prototype_consume) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    vm_root(vm, &this_val);
    if (check_receiver(vm, this_val, vm_is_callable(vm, argv[0]) ? NULL : "the callback is not a function") < 0)
        return VAL_EXCEPTION;
    Value fn = argv[0], v = VAL_UNDEFINED;
    vm_root(vm, &fn); vm_root(vm, &v);
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    if (iter_get_direct(vm, this_val, &rec) < 0) return VAL_EXCEPTION;
    for (double counter = 0;; counter++) {
        int r = iter_step_value(vm, &rec, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return magic == EK_SOME ? VAL_FALSE : magic == EK_EVERY ? VAL_TRUE : VAL_UNDEFINED;
        Value args[2] = { v, val_number(counter) };
        Value res = vm_call(vm, fn, VAL_UNDEFINED, 2, args);
        if (res == VAL_EXCEPTION) return close_throw(vm, rec.iterator), VAL_EXCEPTION;
        if (magic == EK_FOREACH) continue;
        bool truthy = to_boolean(vm, res);
        if (truthy == (magic == EK_EVERY)) continue;
        if (iter_close(vm, &rec, 0) < 0) return VAL_EXCEPTION;
        return magic == EK_SOME ? VAL_TRUE : magic == EK_EVERY ? VAL_FALSE : v;
    }
}

/* ---------------------------------------------------------------------------------------
 * Iterator.prototype.constructor and [Symbol.toStringTag]: accessors (27.1.3.2.1, .14)
 * ------------------------------------------------------------------------------------- */

/* The getters: magic 0 = constructor (%Iterator%), 1 = toStringTag ("Iterator"). */
NATIVE(Iterator_prototype_weird_get) {
    UNUSED_ARGS;
    if (magic == 0) return vm_intrinsic(vm, INTR_Iterator);
    return str_from_cstr(vm, "Iterator");
}

/* SetterThatIgnoresPrototypeProperties(this, %Iterator.prototype%, key, v) (magic as above). */
NATIVE(Iterator_prototype_weird_set) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func;
    vm_root(vm, &this_val);
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "setter called on a non-object");
    if (this_val == vm_intrinsic(vm, INTR_IteratorPrototype))
        return vm_throw_type_error(vm, "cannot set this property of Iterator.prototype");
    Value key = magic == 0 ? ATOM(vm, constructor) : vm_wks(vm, WKS_toStringTag);
    vm_root(vm, &key);
    PropDesc d;
    int has = obj_get_own_property(vm, this_val, key, &d);
    if (has < 0) return VAL_EXCEPTION;
    if (!has) return obj_create_data_property_throw(vm, this_val, key, argv[0]) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
    return obj_set_throw(vm, this_val, key, argv[0]) < 0 ? VAL_EXCEPTION : VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef iterator_ctor_defs[] = {
    { "Iterator", Iterator_constructor, 0, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef iterator_static_defs[] = {
    { "from", Iterator_from, 1, NDEF_METHOD, 0, 0 },
};
static const NativeDef iterator_proto_helper_defs[] = {
    { "constructor", Iterator_prototype_weird_get, 0, NDEF_GETTER, 0, 0 },
    { "constructor", Iterator_prototype_weird_set, 1, NDEF_SETTER, 0, 0 },
    { "[Symbol.toStringTag]", Iterator_prototype_weird_get, 0, NDEF_GETTER, 1, 0 },
    { "[Symbol.toStringTag]", Iterator_prototype_weird_set, 1, NDEF_SETTER, 1, 0 },
    { "drop", Iterator_prototype_helper, 1, NDEF_METHOD, HK_DROP, 0 },
    { "every", Iterator_prototype_consume, 1, NDEF_METHOD, EK_EVERY, 0 },
    { "filter", Iterator_prototype_helper, 1, NDEF_METHOD, HK_FILTER, 0 },
    { "find", Iterator_prototype_consume, 1, NDEF_METHOD, EK_FIND, 0 },
    { "flatMap", Iterator_prototype_helper, 1, NDEF_METHOD, HK_FLATMAP, 0 },
    { "forEach", Iterator_prototype_consume, 1, NDEF_METHOD, EK_FOREACH, 0 },
    { "map", Iterator_prototype_helper, 1, NDEF_METHOD, HK_MAP, 0 },
    { "reduce", Iterator_prototype_reduce, 1, NDEF_METHOD, 0, 0 },
    { "some", Iterator_prototype_consume, 1, NDEF_METHOD, EK_SOME, 0 },
    { "take", Iterator_prototype_helper, 1, NDEF_METHOD, HK_TAKE, 0 },
    { "toArray", Iterator_prototype_toArray, 0, NDEF_METHOD, 0, 0 },
};
static const NativeDef wrap_for_valid_defs[] = {
    { "next", WrapForValid_method, 0, NDEF_METHOD, 0, 0 },
    { "return", WrapForValid_method, 0, NDEF_METHOD, 1, 0 },
};
static const NativeDef iterator_helper_proto_defs[] = {
    { "next", IteratorHelper_next, 0, NDEF_METHOD, 0, 0 },
    { "return", IteratorHelper_return, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable iterator_helpers_tables[] = {
    NATIVE_TABLE("Iterator constructor", iterator_ctor_defs),
    NATIVE_TABLE("Iterator", iterator_static_defs),
    NATIVE_TABLE("Iterator.prototype", iterator_proto_helper_defs),
    NATIVE_TABLE("%WrapForValidIteratorPrototype%", wrap_for_valid_defs),
    NATIVE_TABLE("%IteratorHelperPrototype%", iterator_helper_proto_defs),
};
const size_t iterator_helpers_tables_count = sizeof(iterator_helpers_tables) / sizeof(iterator_helpers_tables[0]);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Create %Iterator%, fill %Iterator.prototype% (made by the array family) and make the two
 * helper prototypes. */
static int init_iterator_helpers_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = vm_intrinsic(vm, INTR_IteratorPrototype), ctor = VAL_UNDEFINED, p = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &p);
    ctor = vm_new_native_function(vm, &iterator_ctor_defs[0], vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    obj_header(vm, ctor)->flags |= OF_CONSTRUCTOR;
    if (obj_define_fast(vm, ctor, ATOM(vm, prototype), proto, 0) < 0) return -1;
    vm_set_intrinsic(vm, INTR_Iterator, ctor);
    if (vm_install(vm, ctor, iterator_static_defs, COUNT(iterator_static_defs)) < 0) return -1;
    if (vm_install(vm, proto, iterator_proto_helper_defs, COUNT(iterator_proto_helper_defs)) < 0) return -1;
    p = obj_new(vm, proto, CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, wrap_for_valid_defs, COUNT(wrap_for_valid_defs)) < 0) return -1;
    vm_set_intrinsic(vm, INTR_WrapForValidIteratorPrototype, p);
    p = obj_new(vm, proto, CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, iterator_helper_proto_defs, COUNT(iterator_helper_proto_defs)) < 0) return -1;
    vm_set_intrinsic(vm, INTR_IteratorHelperPrototype, p);
    Value tag = str_from_cstr(vm, "Iterator Helper");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, p, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    return vm_define_global(vm, "Iterator", ctor);
}

/* Family initialization (C roots registered while building are released on return). */
int init_iterator_helpers(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_iterator_helpers_body(vm);
    vm->nroots = root_mark;
    return r;
}
