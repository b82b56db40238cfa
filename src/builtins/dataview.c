/* dataview.c — DataView (ECMA-262 25.3), including length-tracking views on resizable
 * buffers (ES2024). Layout in typedarray.h: [DV_BUFFER] buffer, [DV_OFFSET] byte offset,
 * [DV_LENGTH] byte length or undefined (auto). */
#include "typedarray.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

/* A number Value for a byte count below 2^53. */
static inline Value num_u64(uint64_t n) { return val_number((double)n); }

/* MakeDataViewWithBufferWitnessRecord + IsViewOutOfBounds + GetViewByteLength: true when
 * the view is out of bounds (or its buffer detached); else *len = its byte length. */
static bool dv_out_of_bounds(VM *vm, Value view, uint64_t *len) {
    Value *s = obj_slot(vm, view, 0);
    Value buf = s[DV_BUFFER];
    if (!is_array_buffer(vm, buf) || ab_is_detached(vm, buf)) return true;
    uint64_t blen = ab_byte_length(vm, buf), off = (uint64_t)num_value(s[DV_OFFSET]);
    if (off > blen) return true;
    if (s[DV_LENGTH] == VAL_UNDEFINED) {
        *len = blen - off;
        return false;
    }
    uint64_t l = (uint64_t)num_value(s[DV_LENGTH]);
    if (off + l > blen) return true;
    *len = l;
    return false;
}

/* DataView(buffer [, byteOffset [, byteLength]]) (25.3.2.1). */
NATIVE(DataView_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "Constructor DataView requires 'new'");
    Value buffer = ARG(0), length = ARG(2);
    if (!is_array_buffer(vm, buffer)) return vm_throw_type_error(vm, "First argument to DataView constructor must be an ArrayBuffer");
    vm_root(vm, &new_target); vm_root(vm, &buffer); vm_root(vm, &length);
    uint64_t offset, view_len = 0;
    if (to_index(vm, ARG(1), &offset) < 0) return VAL_EXCEPTION;
    if (ab_is_detached(vm, buffer)) return vm_throw_type_error(vm, "Cannot construct a DataView on a detached ArrayBuffer");
    uint64_t blen = ab_byte_length(vm, buffer);
    if (offset > blen) return vm_throw_range_error(vm, "Start offset %.0f is outside the bounds of the buffer", (double)offset);
    bool fixed = ab_is_fixed_length(vm, buffer);
    bool tracking = false;
    if (length == VAL_UNDEFINED) {
        if (fixed) view_len = blen - offset;
        else tracking = true;
    } else {
        if (to_index(vm, length, &view_len) < 0) return VAL_EXCEPTION;
        if (offset + view_len > blen) return vm_throw_range_error(vm, "Invalid DataView length %.0f", (double)view_len);
    }
    Value o = obj_create_from_constructor(vm, new_target, INTR_DataViewPrototype, CLASS_DATA_VIEW);
    if (o == VAL_EXCEPTION) return o;
    if (ab_is_detached(vm, buffer)) return vm_throw_type_error(vm, "Cannot construct a DataView on a detached ArrayBuffer");
    blen = ab_byte_length(vm, buffer);
    if (offset > blen) return vm_throw_range_error(vm, "Start offset %.0f is outside the bounds of the buffer", (double)offset);
    if (length != VAL_UNDEFINED && offset + view_len > blen)
        return vm_throw_range_error(vm, "Invalid DataView length %.0f", (double)view_len);
    Value *s = obj_slot(vm, o, 0);
    s[DV_BUFFER] = buffer;
    s[DV_OFFSET] = num_u64(offset);
    s[DV_LENGTH] = tracking ? VAL_UNDEFINED : num_u64(view_len);
    return o;
}

enum { DVG_BUFFER, DVG_BYTE_LENGTH, DVG_BYTE_OFFSET };

/* get buffer / byteLength / byteOffset (magic selects) (25.3.4.1-3). */
NATIVE(DataView_getter) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    static const char *const names[] = {
        "get DataView.prototype.buffer", "get DataView.prototype.byteLength", "get DataView.prototype.byteOffset",
    };
    Value o = builtin_this_class(vm, this_val, CLASS_DATA_VIEW, names[magic]);
    if (o == VAL_EXCEPTION) return o;
    if (magic == DVG_BUFFER) return *obj_slot(vm, o, DV_BUFFER);
    uint64_t len;
    if (dv_out_of_bounds(vm, o, &len))
        return vm_throw_type_error(vm, "%s: the DataView is detached or out of bounds", names[magic]);
    return magic == DVG_BYTE_LENGTH ? num_u64(len) : *obj_slot(vm, o, DV_OFFSET);
}

/* GetViewValue (25.3.1.5): getInt8 ... getBigUint64 (magic = element type). */
NATIVE(DataView_get) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    TAType t = (TAType)magic;
    Value view = builtin_this_class(vm, this_val, CLASS_DATA_VIEW, "DataView.prototype getter method");
    if (view == VAL_EXCEPTION) return view;
    vm_root(vm, &view);
    uint64_t index;
    if (to_index(vm, ARG(0), &index) < 0) return VAL_EXCEPTION;
    bool little = to_boolean(vm, ARG(1));
    uint64_t size;
    if (dv_out_of_bounds(vm, view, &size)) return vm_throw_type_error(vm, "DataView is detached or out of bounds");
    if (index + ta_type_size[t] > size) return vm_throw_range_error(vm, "Offset is outside the bounds of the DataView");
    uint64_t at = index + (uint64_t)num_value(*obj_slot(vm, view, DV_OFFSET));
    return ta_load(vm, ab_bytes(vm, *obj_slot(vm, view, DV_BUFFER)) + at, t, little);
}

/* SetViewValue (25.3.1.6): setInt8 ... setBigUint64 (magic = element type). */
NATIVE(DataView_set) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    TAType t = (TAType)magic;
    Value view = builtin_this_class(vm, this_val, CLASS_DATA_VIEW, "DataView.prototype setter method");
    if (view == VAL_EXCEPTION) return view;
    Value le = ARG(2);
    vm_root(vm, &view); vm_root(vm, &le);
    uint64_t index;
    if (to_index(vm, ARG(0), &index) < 0) return VAL_EXCEPTION;
    Value v = ta_convert_value(vm, t, ARG(1));
    if (v == VAL_EXCEPTION) return v;
    bool little = to_boolean(vm, le);
    uint64_t size;
    if (dv_out_of_bounds(vm, view, &size)) return vm_throw_type_error(vm, "DataView is detached or out of bounds");
    if (index + ta_type_size[t] > size) return vm_throw_range_error(vm, "Offset is outside the bounds of the DataView");
    uint64_t at = index + (uint64_t)num_value(*obj_slot(vm, view, DV_OFFSET));
    ta_store_value(vm, ab_bytes(vm, *obj_slot(vm, view, DV_BUFFER)) + at, t, v, little);
    return VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef dv_ctor_defs[] = {
    { "DataView", DataView_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef dv_proto_defs[] = {
    { "buffer", DataView_getter, 0, NDEF_GETTER, DVG_BUFFER, 0 },
    { "byteLength", DataView_getter, 0, NDEF_GETTER, DVG_BYTE_LENGTH, 0 },
    { "byteOffset", DataView_getter, 0, NDEF_GETTER, DVG_BYTE_OFFSET, 0 },
    { "getBigInt64", DataView_get, 1, NDEF_METHOD, TA_BIGINT64, 0 },
    { "getBigUint64", DataView_get, 1, NDEF_METHOD, TA_BIGUINT64, 0 },
    { "getFloat32", DataView_get, 1, NDEF_METHOD, TA_FLOAT32, 0 },
    { "getFloat64", DataView_get, 1, NDEF_METHOD, TA_FLOAT64, 0 },
    { "getInt8", DataView_get, 1, NDEF_METHOD, TA_INT8, 0 },
    { "getInt16", DataView_get, 1, NDEF_METHOD, TA_INT16, 0 },
    { "getInt32", DataView_get, 1, NDEF_METHOD, TA_INT32, 0 },
    { "getUint8", DataView_get, 1, NDEF_METHOD, TA_UINT8, 0 },
    { "getUint16", DataView_get, 1, NDEF_METHOD, TA_UINT16, 0 },
    { "getUint32", DataView_get, 1, NDEF_METHOD, TA_UINT32, 0 },
    { "setBigInt64", DataView_set, 2, NDEF_METHOD, TA_BIGINT64, 0 },
    { "setBigUint64", DataView_set, 2, NDEF_METHOD, TA_BIGUINT64, 0 },
    { "setFloat32", DataView_set, 2, NDEF_METHOD, TA_FLOAT32, 0 },
    { "setFloat64", DataView_set, 2, NDEF_METHOD, TA_FLOAT64, 0 },
    { "setInt8", DataView_set, 2, NDEF_METHOD, TA_INT8, 0 },
    { "setInt16", DataView_set, 2, NDEF_METHOD, TA_INT16, 0 },
    { "setInt32", DataView_set, 2, NDEF_METHOD, TA_INT32, 0 },
    { "setUint8", DataView_set, 2, NDEF_METHOD, TA_UINT8, 0 },
    { "setUint16", DataView_set, 2, NDEF_METHOD, TA_UINT16, 0 },
    { "setUint32", DataView_set, 2, NDEF_METHOD, TA_UINT32, 0 },
    { "getFloat16", DataView_get, 1, NDEF_METHOD, TA_FLOAT16, 0 },
    { "setFloat16", DataView_set, 2, NDEF_METHOD, TA_FLOAT16, 0 },
};

const NativeTable dataview_tables[] = {
    NATIVE_TABLE("DataView constructor", dv_ctor_defs),
    NATIVE_TABLE("DataView.prototype", dv_proto_defs),
};
const size_t dataview_tables_count = sizeof(dataview_tables) / sizeof(dataview_tables[0]);

int init_dataview(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT), ctor = VAL_UNDEFINED;
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto); vm_root(vm, &ctor);
    vm_set_intrinsic(vm, INTR_DataViewPrototype, proto);
    ctor = vm_make_constructor(vm, &dv_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    ta_set_hidden(vm, TAH_DATA_VIEW, ctor);
    if (vm_install(vm, proto, dv_proto_defs, sizeof dv_proto_defs / sizeof dv_proto_defs[0]) < 0) return -1;
    Value tag = str_from_cstr(vm, "DataView");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, proto, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    return vm_define_global(vm, "DataView", ctor);
}
