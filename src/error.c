/* error.c — throwing errors from C, and describing values for messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "vm.h"

static const IntrinsicId error_proto_of[ERR_KIND_COUNT] = {
    INTR_ErrorPrototype, INTR_EvalErrorPrototype, INTR_RangeErrorPrototype,
    INTR_ReferenceErrorPrototype, INTR_SyntaxErrorPrototype, INTR_TypeErrorPrototype,
    INTR_URIErrorPrototype, INTR_AggregateErrorPrototype, INTR_SuppressedErrorPrototype,
};

Value vm_throw(VM *vm, Value v) {
    vm->exception = v;
    vm->has_exception = 1;
    return VAL_EXCEPTION;
}

Value vm_take_exception(VM *vm) {
    Value v = vm->exception;
    vm->exception = VAL_UNDEFINED;
    vm->has_exception = 0;
    vm->uncatchable = 0;
    return v;
}

Value vm_make_error(VM *vm, ErrorKind kind, Value msg) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &msg);
    Value proto = vm_intrinsic(vm, error_proto_of[kind]);
    if (!val_is_object(proto)) proto = VAL_NULL;   /* during realm set-up */
    Value e = obj_new(vm, proto, CLASS_ERROR);
    if (e == VAL_EXCEPTION) return e;
    vm_root(vm, &e);
    if (msg != VAL_UNDEFINED && obj_define_fast(vm, e, ATOM(vm, message), msg, PROP_METHOD) < 0) return VAL_EXCEPTION;
    Value stack = vm_capture_stack(vm);
    if (stack == VAL_EXCEPTION) return stack;
    if (obj_define_fast(vm, e, ATOM(vm, stack), stack, PROP_METHOD) < 0) return VAL_EXCEPTION;
    return e;
}

/* Format and throw an error of `kind`. */
static Value throw_vf(VM *vm, ErrorKind kind, const char *fmt, va_list ap) {
    if (vm->uncatchable) return VAL_EXCEPTION;
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    Value msg = str_from_cstr(vm, buf);
    if (msg == VAL_EXCEPTION) return msg;
    Value e = vm_make_error(vm, kind, msg);
    if (e == VAL_EXCEPTION) return e;
    return vm_throw(vm, e);
}

Value vm_throw_error(VM *vm, ErrorKind kind, const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    Value r = throw_vf(vm, kind, fmt, ap);
    va_end(ap);
    return r;
}

#define THROWER(name, kind) \
    Value name(VM *vm, const char *fmt, ...) { \
        va_list ap; va_start(ap, fmt); \
        Value r = throw_vf(vm, kind, fmt, ap); \
        va_end(ap); \
        return r; \
    }
THROWER(vm_throw_type_error, ERR_TYPE)
THROWER(vm_throw_range_error, ERR_RANGE)
THROWER(vm_throw_reference_error, ERR_REFERENCE)
THROWER(vm_throw_syntax_error, ERR_SYNTAX)

Value vm_throw_out_of_memory(VM *vm) {
    /* uncatchable: no allocation here (the heap may be exhausted) */
    vm->exception = ATOM(vm, empty);
    vm->has_exception = 1;
    vm->uncatchable = 2;
    vm->oom = 1;
    return VAL_EXCEPTION;
}

Value vm_throw_too_much_computation(VM *vm) {
    vm->exception = ATOM(vm, empty);
    vm->has_exception = 1;
    vm->uncatchable = 1;
    return VAL_EXCEPTION;
}

Value vm_throw_stack_overflow(VM *vm) {
    char here;
    if (vm->stack_overflow_fatal && (uintptr_t)&here < vm->c_stack_floor) {
        /* the C stack itself ran out: a termination (no allocation, nothing can catch it) */
        vm->exception = ATOM(vm, empty);
        vm->has_exception = 1;
        vm->uncatchable = 3;
        return VAL_EXCEPTION;
    }
    return vm_throw_range_error(vm, "Maximum call stack size exceeded");
}

void vm_describe_value(VM *vm, Value v, char *buf, size_t cap) {
    if (val_is_string(v)) {
        char *u = str_to_utf8(vm, v, NULL);
        snprintf(buf, cap, "\"%s\"", u ? u : "");
        free(u);
    } else if (val_is_number(v)) {
        Value s = number_to_string(vm, v);
        char *u = s == VAL_EXCEPTION ? NULL : str_to_utf8(vm, s, NULL);
        snprintf(buf, cap, "%s", u ? u : "number");
        free(u);
    } else if (v == VAL_UNDEFINED) snprintf(buf, cap, "undefined");
    else if (v == VAL_NULL) snprintf(buf, cap, "null");
    else if (v == VAL_TRUE) snprintf(buf, cap, "true");
    else if (v == VAL_FALSE) snprintf(buf, cap, "false");
    else if (val_is_symbol(v)) {
        Value d = symbol_description(vm, v);
        char *u = val_is_string(d) ? str_to_utf8(vm, d, NULL) : NULL;
        snprintf(buf, cap, "Symbol(%s)", u ? u : "");
        free(u);
    } else if (val_is_bigint(v)) snprintf(buf, cap, "a BigInt");
    else if (val_is_object(v)) {
        if (vm_is_callable(vm, v)) snprintf(buf, cap, "function");
        else if (obj_class(vm, v) == CLASS_ARRAY) snprintf(buf, cap, "array");
        else snprintf(buf, cap, "#<Object>");
    } else snprintf(buf, cap, "value");
}
