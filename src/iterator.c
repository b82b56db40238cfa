/* iterator.c — the iterator protocol helpers (ECMA-262 7.4). */
#include "vm.h"

int iter_get(VM *vm, Value obj, int async, IterRecord *rec) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value method;
    if (async) {
        method = obj_get_method(vm, obj, vm_wks(vm, WKS_asyncIterator));
        if (method == VAL_EXCEPTION) return -1;
        if (method == VAL_UNDEFINED) {
            /* CreateAsyncFromSyncIterator is provided by the function subsystem */
            extern int iter_async_from_sync(VM *vm, Value obj, IterRecord *rec);
            return iter_async_from_sync(vm, obj, rec);
        }
    } else {
        method = obj_get_method(vm, obj, vm_wks(vm, WKS_iterator));
        if (method == VAL_EXCEPTION) return -1;
    }
    if (method == VAL_UNDEFINED || !vm_is_callable(vm, method)) {
        vm_throw_type_error(vm, "object is not iterable");
        return -1;
    }
    Value it = vm_call(vm, method, obj, 0, NULL);
    if (it == VAL_EXCEPTION) return -1;
    if (!val_is_object(it)) {
        vm_throw_type_error(vm, "Result of the Symbol.iterator method is not an object");
        return -1;
    }
    return iter_get_direct(vm, it, rec);
}

int iter_get_direct(VM *vm, Value obj, IterRecord *rec) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value next = obj_get(vm, obj, ATOM(vm, next), obj);
    if (next == VAL_EXCEPTION) return -1;
    rec->iterator = obj;
    rec->next = next;
    rec->done = 0;
    return 0;
}

int iter_step_value(VM *vm, IterRecord *rec, Value *value) {
    VM_ROOT_SCOPE(vm);
    Value r = vm_call(vm, rec->next, rec->iterator, 0, NULL);
    if (r == VAL_EXCEPTION) { rec->done = 1; return -1; }
    if (!val_is_object(r)) {
        rec->done = 1;
        vm_throw_type_error(vm, "Iterator result is not an object");
        return -1;
    }
    vm_root(vm, &r);
    Value d = obj_get(vm, r, ATOM(vm, done), r);
    if (d == VAL_EXCEPTION) { rec->done = 1; return -1; }
    if (to_boolean(vm, d)) { rec->done = 1; return 0; }
    if (!value) return 1;   /* IteratorStep: the value is not read */
    Value v = obj_get(vm, r, ATOM(vm, value), r);
    if (v == VAL_EXCEPTION) { rec->done = 1; return -1; }
    *value = v;
    return 1;
}

int iter_close(VM *vm, IterRecord *rec, int completion_threw) {
    VM_ROOT_SCOPE(vm);
    Value saved_exc = VAL_UNDEFINED;
    int saved_unc = 0;
    if (completion_threw) {
        if (vm->uncatchable) return -1;
        saved_exc = vm_take_exception(vm);
        saved_unc = 0;
        vm_root(vm, &saved_exc);
    }
    Value it = rec->iterator;
    vm_root(vm, &it);
    Value ret = obj_get_method(vm, it, ATOM(vm, return_));
    Value r = VAL_UNDEFINED;
    if (ret != VAL_EXCEPTION && ret != VAL_UNDEFINED) r = vm_call(vm, ret, it, 0, NULL);
    if (completion_threw) {
        if (vm->uncatchable) return -1;
        if (ret == VAL_EXCEPTION || r == VAL_EXCEPTION) vm_take_exception(vm);
        vm_throw(vm, saved_exc);
        vm->uncatchable = saved_unc;
        return -1;
    }
    if (ret == VAL_EXCEPTION || r == VAL_EXCEPTION) return -1;
    if (ret != VAL_UNDEFINED && !val_is_object(r)) {
        vm_throw_type_error(vm, "Iterator result is not an object");
        return -1;
    }
    return 0;
}

Value iter_result(VM *vm, Value value, bool done) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &value);
    Value o = obj_new_plain(vm);
    if (o == VAL_EXCEPTION) return o;
    if (obj_define_fast(vm, o, ATOM(vm, value), value, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    if (obj_define_fast(vm, o, ATOM(vm, done), val_bool(done), PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    return o;
}

Value iter_to_list(VM *vm, Value iterable, uint32_t *count) {
    VM_ROOT_SCOPE(vm);
    IterRecord rec = { VAL_UNDEFINED, VAL_UNDEFINED, 0 };
    vm_root(vm, &rec.iterator);
    vm_root(vm, &rec.next);
    if (iter_get(vm, iterable, 0, &rec) < 0) return VAL_EXCEPTION;
    Value list = list_new(vm, 8);
    if (list == VAL_EXCEPTION) return list;
    vm_root(vm, &list);
    uint32_t n = 0;
    for (;;) {
        Value v = VAL_UNDEFINED;
        int r = iter_step_value(vm, &rec, &v);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) break;
        if (n == list_count(vm, list)) {
            vm_root(vm, &v);
            Value nl = list_new(vm, n * 2);
            if (nl == VAL_EXCEPTION) return nl;
            for (uint32_t i = 0; i < n; i++) list_items(vm, nl)[i] = list_items(vm, list)[i];
            list = nl;
        }
        list_items(vm, list)[n++] = v;
    }
    Value out = list_new(vm, n);
    if (out == VAL_EXCEPTION) return out;
    for (uint32_t i = 0; i < n; i++) list_items(vm, out)[i] = list_items(vm, list)[i];
    if (count) *count = n;
    return out;
}
