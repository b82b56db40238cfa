/* errors.c — Error, the NativeErrors and AggregateError (ECMA-262 20.5), plus the
 * non-standard, V8-compatible parts programs expect: an own "stack" data property set at
 * construction (also kept in the CLASS_ERROR slot [0]), Error.captureStackTrace and
 * Error.stackTraceLimit. (src/error.c, the lead's, throws errors from C code.)
 */
#include "builtins.h"

/* Constructor names, by ErrorKind. */
static const char *const error_names[ERR_KIND_COUNT] = {
    "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError",
    "URIError", "AggregateError", "SuppressedError",
};

/* %NativeError.prototype% intrinsic ids, by ErrorKind. */
static const IntrinsicId error_proto_ids[ERR_KIND_COUNT] = {
    INTR_ErrorPrototype, INTR_EvalErrorPrototype, INTR_RangeErrorPrototype,
    INTR_ReferenceErrorPrototype, INTR_SyntaxErrorPrototype, INTR_TypeErrorPrototype,
    INTR_URIErrorPrototype, INTR_AggregateErrorPrototype, INTR_SuppressedErrorPrototype,
};

/* %NativeError% constructor intrinsic ids, by ErrorKind. */
static const IntrinsicId error_ctor_ids[ERR_KIND_COUNT] = {
    INTR_Error, INTR_EvalError, INTR_RangeError, INTR_ReferenceError, INTR_SyntaxError,
    INTR_TypeError, INTR_URIError, INTR_AggregateError, INTR_SuppressedError,
};

/* Defines a writable, configurable, non-enumerable data property on an ordinary object
 * (CreateNonEnumerableDataPropertyOrThrow). */
static int error_define_hidden(VM *vm, Value obj, Value key, Value v) {
    PropDesc d;
    desc_data(&d, v, PROP_WRITABLE | PROP_CONFIGURABLE);
    return obj_define_property_throw(vm, obj, key, &d);
}

/* The "stack" text: `header` then the current call stack lines. Never runs JS. */
static Value error_stack_text(VM *vm, Value header) {
    VM_ROOT_SCOPE(vm);
    Value lines = VAL_UNDEFINED;
    vm_root(vm, &header); vm_root(vm, &lines);
    lines = vm_capture_stack(vm);
    Value r = header;
    if (lines == VAL_EXCEPTION) r = VAL_EXCEPTION;
    else if (val_is_string(lines) && str_length(vm, lines) > 0) {
        r = str_concat(vm, header, str_from_char(vm, '\n'));
        if (r != VAL_EXCEPTION) r = str_concat(vm, r, lines);
    }
    return r;
}

/* Sets the stack of a fresh error object O of kind `kind` with message string msg (or
 * undefined): slot [0] and an own "stack" property. */
static int error_install_stack(VM *vm, Value o, ErrorKind kind, Value msg) {
    VM_ROOT_SCOPE(vm);
    Value header = VAL_UNDEFINED;
    int r = -1;
    vm_root(vm, &o); vm_root(vm, &msg); vm_root(vm, &header);
    header = atom_from_cstr(vm, error_names[kind]);
    if (header == VAL_EXCEPTION) goto done;
    if (val_is_string(msg) && str_length(vm, msg) > 0) {
        header = str_concat(vm, header, atom_from_cstr(vm, ": "));
        if (header == VAL_EXCEPTION) goto done;
        header = str_concat(vm, header, msg);
        if (header == VAL_EXCEPTION) goto done;
    }
    header = error_stack_text(vm, header);
    if (header == VAL_EXCEPTION) goto done;
    if (obj_class(vm, o) == CLASS_ERROR) *obj_slot(vm, o, 0) = header;
    r = error_define_hidden(vm, o, ATOM(vm, stack), header);
done:
    return r;
}

/* The common part of the Error / NativeError / AggregateError constructors (20.5.1.1,
 * 20.5.6.1.1, 20.5.7.1.1): creates O, installs message, cause and stack. */
static Value error_construct(VM *vm, ErrorKind kind, Value new_target, Value func,
                             Value message, Value options) {
    VM_ROOT_SCOPE(vm);
    Value o = VAL_UNDEFINED, msg = VAL_UNDEFINED, cause = VAL_UNDEFINED;
    int has_cause = 0;
    vm_root(vm, &o); vm_root(vm, &msg); vm_root(vm, &cause);
    vm_root(vm, &message); vm_root(vm, &options);
    if (val_is_undefined(new_target)) new_target = func;
    o = obj_create_from_constructor(vm, new_target, error_proto_ids[kind], CLASS_ERROR);
    if (o == VAL_EXCEPTION) goto fail;
    if (!val_is_undefined(message)) {
        msg = to_string(vm, message);
        if (msg == VAL_EXCEPTION) goto fail;
    }
    if (val_is_object(options)) {
        has_cause = obj_has_property(vm, options, ATOM(vm, cause));
        if (has_cause < 0) goto fail;
        if (has_cause) {
            cause = obj_get(vm, options, ATOM(vm, cause), options);
            if (cause == VAL_EXCEPTION) goto fail;
        }
    }
    if (error_install_stack(vm, o, kind, msg) < 0) goto fail;
    if (!val_is_undefined(message) && error_define_hidden(vm, o, ATOM(vm, message), msg) < 0)
        goto fail;
    if (has_cause && error_define_hidden(vm, o, ATOM(vm, cause), cause) < 0) goto fail;
    return o;
fail:
    return VAL_EXCEPTION;
}

/* Error(message, options) and NativeError(message, options); magic = ErrorKind. */
static Value Error_constructor(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                               Value func, int magic) {
    (void)this_val;
    /* argv is only guaranteed up to max(argc, length = 1): options may be absent */
    return error_construct(vm, (ErrorKind)magic, new_target, func, argv[0],
                           argc > 1 ? argv[1] : VAL_UNDEFINED);
}

/* AggregateError(errors, message, options) (20.5.7.1.1). */
static Value AggregateError_constructor(VM *vm, Value this_val, int argc, Value *argv,
                                        Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)magic;
    Value o = error_construct(vm, ERR_AGGREGATE, new_target, func, argv[1],
                              argc > 2 ? argv[2] : VAL_UNDEFINED);
    if (o == VAL_EXCEPTION) return o;
    Value list = VAL_UNDEFINED, arr = VAL_UNDEFINED;
    vm_root(vm, &o); vm_root(vm, &list); vm_root(vm, &arr);
    uint32_t n = 0;
    list = iter_to_list(vm, argv[0], &n);
    if (list == VAL_EXCEPTION) return list;
    arr = array_from_values(vm, n ? vm_cell_values(vm, val_ref(list)) : NULL, n);
    if (arr == VAL_EXCEPTION) return arr;
    if (error_define_hidden(vm, o, ATOM(vm, errors), arr) < 0) return VAL_EXCEPTION;
    return o;
}

/* SuppressedError(error, suppressed, message) (ES2026 20.5.8.1.1): message first, then the
 * own "error" and "suppressed" properties; no options argument. */
static Value SuppressedError_constructor(VM *vm, Value this_val, int argc, Value *argv,
                                         Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)magic;
    Value error = argv[0], suppressed = argc > 1 ? argv[1] : VAL_UNDEFINED;
    vm_root(vm, &error); vm_root(vm, &suppressed);
    Value o = error_construct(vm, ERR_SUPPRESSED, new_target, func,
                              argc > 2 ? argv[2] : VAL_UNDEFINED, VAL_UNDEFINED);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    if (error_define_hidden(vm, o, ATOM(vm, error), error) < 0) return VAL_EXCEPTION;
    if (error_define_hidden(vm, o, ATOM(vm, suppressed), suppressed) < 0) return VAL_EXCEPTION;
    return o;
}

/* The Error.prototype.toString algorithm on any object (20.5.3.4 steps 3-9). */
static Value error_to_string(VM *vm, Value o) {
    VM_ROOT_SCOPE(vm);
    Value name = VAL_UNDEFINED, msg = VAL_UNDEFINED, r = VAL_EXCEPTION;
    vm_root(vm, &o); vm_root(vm, &name); vm_root(vm, &msg);
    name = obj_get(vm, o, ATOM(vm, name), o);
    if (name == VAL_EXCEPTION) goto done;
    name = val_is_undefined(name) ? ATOM(vm, Error) : to_string(vm, name);
    if (name == VAL_EXCEPTION) goto done;
    msg = obj_get(vm, o, ATOM(vm, message), o);
    if (msg == VAL_EXCEPTION) goto done;
    msg = val_is_undefined(msg) ? ATOM(vm, empty) : to_string(vm, msg);
    if (msg == VAL_EXCEPTION) goto done;
    if (str_length(vm, name) == 0) { r = msg; goto done; }
    if (str_length(vm, msg) == 0) { r = name; goto done; }
    StrBuilder sb;
    sb_init(&sb, vm);
    sb_append_string(&sb, name);
    sb_append_cstr(&sb, ": ");
    sb_append_string(&sb, msg);
    r = sb_finish(&sb);
done:
    return r;
}

/* Error.prototype.toString() (20.5.3.4). */
static Value Error_prototype_toString(VM *vm, Value this_val, int argc, Value *argv,
                                      Value new_target, Value func, int magic) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val))
        return vm_throw_type_error(vm, "Error.prototype.toString called on non-object");
    return error_to_string(vm, this_val);
}

/* Error.captureStackTrace(targetObject[, constructorOpt]) (V8): defines an own "stack". */
static Value Error_captureStackTrace(VM *vm, Value this_val, int argc, Value *argv,
                                     Value new_target, Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(argv[0]))
        return vm_throw_type_error(vm, "Invalid argument: Error.captureStackTrace needs an object");
    Value header = error_to_string(vm, argv[0]);
    if (header == VAL_EXCEPTION) return header;
    header = error_stack_text(vm, header);
    if (header == VAL_EXCEPTION) return header;
    if (error_define_hidden(vm, argv[0], ATOM(vm, stack), header) < 0) return VAL_EXCEPTION;
    return VAL_UNDEFINED;
}

/* Error.isError(arg): true for objects with [[ErrorData]]. */
static Value Error_isError(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    return val_bool(val_is_object(argv[0]) && obj_class(vm, argv[0]) == CLASS_ERROR);
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef error_ctor_defs[] = {
    { "Error", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_ERROR, 0 },
    { "EvalError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_EVAL, 0 },
    { "RangeError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_RANGE, 0 },
    { "ReferenceError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_REFERENCE, 0 },
    { "SyntaxError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_SYNTAX, 0 },
    { "TypeError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_TYPE, 0 },
    { "URIError", Error_constructor, 1, NDEF_CTOR_ONLY, ERR_URI, 0 },
    { "AggregateError", AggregateError_constructor, 2, NDEF_CTOR_ONLY, ERR_AGGREGATE, 0 },
    { "SuppressedError", SuppressedError_constructor, 3, NDEF_CTOR_ONLY, ERR_SUPPRESSED, 0 },
};

static const NativeDef error_static_defs[] = {
    { "captureStackTrace", Error_captureStackTrace, 2, NDEF_METHOD, 0, 0 },
    { "isError", Error_isError, 1, NDEF_METHOD, 0, 0 },
};

static const NativeDef error_proto_defs[] = {
    { "toString", Error_prototype_toString, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable errors_tables[] = {
    NATIVE_TABLE("Error.constructors", error_ctor_defs),
    NATIVE_TABLE("Error", error_static_defs),
    NATIVE_TABLE("Error.prototype", error_proto_defs),
};
const size_t errors_tables_count = sizeof(errors_tables) / sizeof(errors_tables[0]);

/* Creates %Error% and the NativeError / AggregateError constructors and prototypes. */
int init_errors(VM *vm) {
    Value error_ctor = VAL_UNDEFINED, error_proto = VAL_UNDEFINED;
    for (int k = 0; k < ERR_KIND_COUNT; k++) {
        Value parent = k == ERR_ERROR ? vm_intrinsic(vm, INTR_ObjectPrototype) : error_proto;
        Value proto = obj_new(vm, parent, CLASS_OBJECT);
        if (proto == VAL_EXCEPTION) return -1;
        Value ctor_proto = k == ERR_ERROR ? vm_intrinsic(vm, INTR_FunctionPrototype) : error_ctor;
        Value ctor = vm_make_constructor(vm, &error_ctor_defs[k], proto, ctor_proto);
        if (ctor == VAL_EXCEPTION) return -1;
        Value name = atom_from_cstr(vm, error_names[k]);
        if (name == VAL_EXCEPTION) return -1;
        if (obj_define_fast(vm, proto, ATOM(vm, name), name, PROP_METHOD) < 0) return -1;
        if (obj_define_fast(vm, proto, ATOM(vm, message), ATOM(vm, empty), PROP_METHOD) < 0)
            return -1;
        if (k == ERR_ERROR) {
            error_ctor = ctor;
            error_proto = proto;
            if (vm_install(vm, proto, error_proto_defs,
                           sizeof(error_proto_defs) / sizeof(error_proto_defs[0])) < 0)
                return -1;
            if (vm_install(vm, ctor, error_static_defs,
                           sizeof(error_static_defs) / sizeof(error_static_defs[0])) < 0)
                return -1;
            Value key = atom_from_cstr(vm, "stackTraceLimit");
            if (key == VAL_EXCEPTION) return -1;
            if (obj_define_fast(vm, ctor, key, val_int(10), PROP_DEFAULT) < 0) return -1;
        }
        vm_set_intrinsic(vm, error_proto_ids[k], proto);
        vm_set_intrinsic(vm, error_ctor_ids[k], ctor);
        if (vm_define_global(vm, error_names[k], ctor) < 0) return -1;
    }
    return 0;
}
