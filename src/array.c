/* array.c — the Array exotic object (ECMA-262 10.4.2) and array helpers.
 * An array keeps its length in class slot 0 (a number) and whether it is writable in slot 1.
 * Elements use the ordinary storage of object.c (fast elements or shape). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "shape.h"

int obj_elements_reserve(VM *vm, Value obj, uint32_t need);
int obj_make_slow_elements(VM *vm, Value obj);
Value ordinary_own_keys_ext(VM *vm, Value obj, uint32_t extra_indices);

#define ARR_LEN 0
#define ARR_LEN_WRITABLE 1

uint32_t array_length(VM *vm, Value arr) {
    return (uint32_t)num_value(obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN]);
}

static inline void set_len(VM *vm, Value arr, uint32_t len) {
    obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN] = len <= 0x7FFFFFFFu ? val_int((int32_t)len) : val_double((double)len);
}

static inline int len_writable(VM *vm, Value arr) {
    return obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN_WRITABLE] != VAL_FALSE;
}

Value array_new(VM *vm, uint32_t len) {
    Value a = obj_new(vm, vm_intrinsic(vm, INTR_ArrayPrototype), CLASS_ARRAY);
    if (a == VAL_EXCEPTION) return a;
    set_len(vm, a, len);
    obj_words(vm, a)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_TRUE;
    if (len && len <= 4096 && obj_elements_reserve(vm, a, len) < 0) return VAL_EXCEPTION;
    return a;
}

Value array_from_values(VM *vm, const Value *v, uint32_t n) {
    Value a = obj_new(vm, vm_intrinsic(vm, INTR_ArrayPrototype), CLASS_ARRAY);
    if (a == VAL_EXCEPTION) return a;
    obj_words(vm, a)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_TRUE;
    set_len(vm, a, n);
    if (n) {
        if (obj_elements_reserve(vm, a, n) < 0) return VAL_EXCEPTION;
        memcpy(CELL_VALUES(CELL(vm, val_ref(obj_words(vm, a)[OBJ_ELEMENTS]))), v, (size_t)n * sizeof(Value));
    }
    return a;
}

int array_push(VM *vm, Value arr, Value v) {
    VM_ROOT_SCOPE(vm);
    uint32_t len = array_length(vm, arr);
    CellHeader *h = obj_header(vm, arr);
    if (!(h->flags & OF_SLOW_ELEMENTS) && (h->flags & OF_EXTENSIBLE) && len_writable(vm, arr) && len < 0x7FFFFFFFu) {
        if (obj_elements_reserve(vm, arr, len + 1) < 0) return -1;
        CELL_VALUES(CELL(vm, val_ref(obj_words(vm, arr)[OBJ_ELEMENTS])))[len] = v;
        set_len(vm, arr, len + 1);
        return 0;
    }
    vm_root(vm, &arr);
    if (obj_create_data_property_throw(vm, arr, key_from_index(vm, len), v) < 0) return -1;
    return 0;
}

/* Delete arr's index keys >= newlen held in its shape, highest first (ArraySetLength step
 * 17.b; `skip_ints` skips keys stored as ints, which fast elements hold instead). Returns 0,
 * -1 on error, or 1 when a non-configurable key stopped it, with its index in *stopped. */
static int delete_shape_index_keys(VM *vm, Value arr, uint32_t newlen, int skip_ints, uint32_t *stopped) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &arr);
    Value keys = ordinary_own_keys_ext(vm, arr, 0);
    if (keys == VAL_EXCEPTION) return -1;
    vm_root(vm, &keys);
    for (uint32_t k = list_count(vm, keys); k-- > 0;) {
        uint32_t ix;
        Value key = list_items(vm, keys)[k];
        if ((skip_ints && val_is_int(key)) || !key_is_index(vm, key, &ix) || ix < newlen) continue;
        int r = ordinary_delete(vm, arr, key);
        if (r < 0) return -1;
        if (!r) { *stopped = ix; return 1; }
    }
    return 0;
}

/* ArraySetLength (10.4.2.4). */
int array_set_length(VM *vm, Value arr, const PropDesc *desc) {
    VM_ROOT_SCOPE(vm);
    if (!(desc->has & DESC_HAS_VALUE)) {
        PropDesc cur;
        desc_data(&cur, obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN], len_writable(vm, arr) ? PROP_WRITABLE : 0);
        if (!validate_and_apply_descriptor(vm, VAL_UNDEFINED, ATOM(vm, length), false, desc, &cur, true)) return 0;
        if ((desc->has & DESC_HAS_WRITABLE) && !(desc->flags & PROP_WRITABLE))
            obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_FALSE;
        return 1;
    }
    vm_root(vm, &arr);
    PropDesc nd = *desc;
    vm_root(vm, &nd.value);
    uint32_t newlen;
    if (to_uint32(vm, desc->value, &newlen) < 0) return -1;
    double numlen;
    if (to_number_double(vm, nd.value, &numlen) < 0) return -1;
    if ((double)newlen != numlen) { vm_throw_range_error(vm, "Invalid array length"); return -1; }
    nd.value = val_number(newlen);
    uint32_t oldlen = array_length(vm, arr);
    PropDesc cur;
    desc_data(&cur, obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN], len_writable(vm, arr) ? PROP_WRITABLE : 0);
    if (newlen >= oldlen) {
        if (!validate_and_apply_descriptor(vm, VAL_UNDEFINED, ATOM(vm, length), false, &nd, &cur, true)) return 0;
        set_len(vm, arr, newlen);
        if ((nd.has & DESC_HAS_WRITABLE) && !(nd.flags & PROP_WRITABLE))
            obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_FALSE;
        return 1;
    }
    if (!len_writable(vm, arr)) return 0;
    int new_writable = !((nd.has & DESC_HAS_WRITABLE) && !(nd.flags & PROP_WRITABLE));
    nd.has &= (uint8_t)~DESC_HAS_WRITABLE;
    if (!validate_and_apply_descriptor(vm, VAL_UNDEFINED, ATOM(vm, length), false, &nd, &cur, true)) return 0;
    CellHeader *h = obj_header(vm, arr);
    if (!(h->flags & OF_SLOW_ELEMENTS)) {
        Value e = obj_words(vm, arr)[OBJ_ELEMENTS];
        if (e != VAL_UNDEFINED) {
            uint32_t cap = CELL(vm, val_ref(e))->size - 1;
            Value *ev = CELL_VALUES(CELL(vm, val_ref(e)));
            for (uint32_t i = newlen; i < cap && i < oldlen; i++) ev[i] = VAL_HOLE;
        }
    }
    /* index keys held in the shape: all of them with slow elements, those >= 2^31 (which
     * never live in fast elements) otherwise */
    if ((h->flags & OF_SLOW_ELEMENTS) || oldlen > 0x80000000u) {
        uint32_t stopped;
        int r = delete_shape_index_keys(vm, arr, newlen, !(h->flags & OF_SLOW_ELEMENTS), &stopped);
        if (r < 0) return -1;
        if (r) {   /* a non-configurable element stops the truncation just above it */
            set_len(vm, arr, stopped + 1);
            if (!new_writable) obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_FALSE;
            return 0;
        }
    }
    set_len(vm, arr, newlen);
    if (!new_writable) obj_words(vm, arr)[OBJ_SLOT0 + ARR_LEN_WRITABLE] = VAL_FALSE;
    return 1;
}

static int array_get_own_property(VM *vm, Value obj, Value key, PropDesc *d) {
    if (key == ATOM(vm, length)) {
        desc_data(d, obj_words(vm, obj)[OBJ_SLOT0 + ARR_LEN], len_writable(vm, obj) ? PROP_WRITABLE : 0);
        return 1;
    }
    return ordinary_get_own_property(vm, obj, key, d);
}

static int array_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc) {
    if (key == ATOM(vm, length)) return array_set_length(vm, obj, desc);
    uint32_t idx;
    if (key_is_index(vm, key, &idx)) {
        uint32_t len = array_length(vm, obj);
        if (idx >= len && !len_writable(vm, obj)) return 0;
        int r = ordinary_define_own_property(vm, obj, key, desc);
        if (r <= 0) return r;
        if (idx >= len) set_len(vm, obj, idx + 1);
        return 1;
    }
    return ordinary_define_own_property(vm, obj, key, desc);
}

static int array_has(VM *vm, Value obj, Value key) {
    if (key == ATOM(vm, length)) return 1;
    return ordinary_has_property(vm, obj, key);
}

static Value array_get(VM *vm, Value obj, Value key, Value receiver) {
    if (key == ATOM(vm, length)) return obj_words(vm, obj)[OBJ_SLOT0 + ARR_LEN];
    return ordinary_get(vm, obj, key, receiver);
}

/* Whether no object on the prototype chain starting at p has (or could intercept) index i. */
static int proto_chain_index_free(VM *vm, Value p, uint32_t i) {
    while (p != VAL_NULL) {
        ClassId c = obj_class(vm, p);
        if (c != CLASS_OBJECT && c != CLASS_ARRAY) return 0;
        if (obj_header(vm, p)->flags & OF_SLOW_ELEMENTS) {
            int f;
            if (shape_find(vm, obj_words(vm, p)[OBJ_SHAPE], val_int((int32_t)i), &f) >= 0) return 0;
        } else if (array_get_fast(vm, p, i) != VAL_HOLE) {
            return 0;
        }
        p = obj_words(vm, p)[OBJ_PROTO];
    }
    return 1;
}

static int array_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    if (receiver == obj && val_is_int(key)) {
        CellHeader *h = obj_header(vm, obj);
        uint32_t i = (uint32_t)val_to_int(key);
        if (!(h->flags & OF_SLOW_ELEMENTS)) {
            Value e = obj_words(vm, obj)[OBJ_ELEMENTS];
            uint32_t cap = e == VAL_UNDEFINED ? 0 : CELL(vm, val_ref(e))->size - 1;
            if (i < cap && CELL_VALUES(CELL(vm, val_ref(e)))[i] != VAL_HOLE) {
                CELL_VALUES(CELL(vm, val_ref(e)))[i] = v;
                return 1;
            }
            uint32_t len = array_length(vm, obj);
            if (i == len && (h->flags & OF_EXTENSIBLE) && len_writable(vm, obj) &&
                proto_chain_index_free(vm, obj_words(vm, obj)[OBJ_PROTO], i)) {
                if (obj_elements_reserve(vm, obj, i + 1) < 0) return -1;
                CELL_VALUES(CELL(vm, val_ref(obj_words(vm, obj)[OBJ_ELEMENTS])))[i] = v;
                set_len(vm, obj, i + 1);
                return 1;
            }
        }
    }
    return ordinary_set(vm, obj, key, v, receiver);
}

static int array_delete(VM *vm, Value obj, Value key) {
    if (key == ATOM(vm, length)) return 0;
    return ordinary_delete(vm, obj, key);
}

static Value array_own_keys(VM *vm, Value obj) {
    Value keys = ordinary_own_keys_ext(vm, obj, 0);
    if (keys == VAL_EXCEPTION) return keys;
    uint32_t n = list_count(vm, keys);
    Value out = list_new(vm, n + 1);
    if (out == VAL_EXCEPTION) return out;
    Value *src = list_items(vm, keys), *dst = list_items(vm, out);
    uint32_t o = 0, i = 0, ix;
    while (i < n && key_is_index(vm, src[i], &ix)) dst[o++] = src[i++];
    dst[o++] = ATOM(vm, length);
    while (i < n) dst[o++] = src[i++];
    return out;
}

const ClassOps array_class_ops = {
    .name = "Array",
    .get_own_property = array_get_own_property,
    .define_own_property = array_define_own_property,
    .has_property = array_has,
    .get = array_get,
    .set = array_set,
    .delete_property = array_delete,
    .own_keys = array_own_keys,
};

/* ------------------------------------------------------------------------------------ */
/* Helpers used by built-ins                                                              */
/* ------------------------------------------------------------------------------------ */

int length_of_array_like(VM *vm, Value obj, uint64_t *len) {
    if (val_is_object(obj) && obj_class(vm, obj) == CLASS_ARRAY) {
        *len = array_length(vm, obj);
        return 0;
    }
    Value v = obj_get_v(vm, obj, ATOM(vm, length));
    if (v == VAL_EXCEPTION) return -1;
    return to_length(vm, v, len);
}

Value create_list_from_array_like(VM *vm, Value obj, uint32_t *count) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(obj)) return vm_throw_type_error(vm, "CreateListFromArrayLike called on non-object");
    vm_root(vm, &obj);
    uint64_t len;
    if (length_of_array_like(vm, obj, &len) < 0) return VAL_EXCEPTION;
    if (len > 10000000) return vm_throw_range_error(vm, "Too many arguments in function call");
    Value list = list_new(vm, (uint32_t)len);
    if (list == VAL_EXCEPTION) return list;
    vm_root(vm, &list);
    for (uint32_t i = 0; i < (uint32_t)len; i++) {
        Value v = obj_get_index(vm, obj, i);
        if (v == VAL_EXCEPTION) return v;
        list_items(vm, list)[i] = v;
    }
    if (count) *count = (uint32_t)len;
    return list;
}

int vm_is_array(VM *vm, Value v) {
    while (val_is_object(v)) {
        ClassId c = obj_class(vm, v);
        if (c == CLASS_ARRAY) return 1;
        if (c != CLASS_PROXY) return 0;
        Value handler = obj_words(vm, v)[OBJ_SLOT0 + 1];
        if (handler == VAL_NULL) {
            vm_throw_type_error(vm, "Cannot perform 'IsArray' on a proxy that has been revoked");
            return -1;
        }
        v = obj_words(vm, v)[OBJ_SLOT0];
    }
    return 0;
}

Value array_species_create(VM *vm, Value orig, uint64_t len) {
    VM_ROOT_SCOPE(vm);
    int isarr = vm_is_array(vm, orig);
    if (isarr < 0) return VAL_EXCEPTION;
    if (!isarr) {
        if (len > 0xFFFFFFFFull) return vm_throw_range_error(vm, "Invalid array length");
        return array_new(vm, (uint32_t)len);
    }
    vm_root(vm, &orig);
    Value c = obj_get(vm, orig, ATOM(vm, constructor), orig);
    if (c == VAL_EXCEPTION) return c;
    if (vm_is_constructor(vm, c)) {
        /* another realm's %Array% counts as undefined (10.4.2.3 step 5) */
        Value realm = vm_function_realm(vm, c);
        if (realm == VAL_NULL) return vm_throw_type_error(vm, "Cannot get the realm of a revoked proxy");
        if (realm != vm->roots[ROOT_REALM] && c == realm_intrinsic(vm, realm, INTR_Array)) c = VAL_UNDEFINED;
    }
    if (val_is_object(c)) {
        vm_root(vm, &c);
        c = obj_get(vm, c, vm_wks(vm, WKS_species), c);
        if (c == VAL_EXCEPTION) return c;
        if (c == VAL_NULL) c = VAL_UNDEFINED;
    }
    if (c == VAL_UNDEFINED) {
        if (len > 0xFFFFFFFFull) return vm_throw_range_error(vm, "Invalid array length");
        return array_new(vm, (uint32_t)len);
    }
    if (!vm_is_constructor(vm, c)) return vm_throw_type_error(vm, "object.constructor[Symbol.species] is not a constructor");
    Value arg = val_number((double)len);
    return vm_construct(vm, c, 1, &arg, c);
}
