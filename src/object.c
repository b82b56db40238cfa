/* object.c — objects and the ordinary internal methods (ECMA-262 10.1), dispatch through
 * per-class tables, property descriptors, and the String exotic wrapper.
 *
 * Storage of own properties:
 *  - named properties (and, with OF_SLOW_ELEMENTS, indexed ones): the shape maps key ->
 *    slot index and flags; values in the OBJ_SLOTS CELL_ARRAY (accessor properties hold a
 *    MISC_ACCESSOR cell [getter, setter]);
 *  - indexed properties below 2^31 of objects without OF_SLOW_ELEMENTS: the OBJ_ELEMENTS
 *    CELL_ARRAY, VAL_HOLE where absent; these are always plain data properties
 *    {writable, enumerable, configurable}. Any other attribute combination on an index
 *    moves all elements into the shape (obj_make_slow_elements). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "shape.h"

extern const ClassOps array_class_ops;
extern const ClassOps string_class_ops;
extern const ClassOps proxy_class_ops;
extern const ClassOps bound_function_class_ops;
extern const ClassOps typed_array_class_ops;
extern const ClassOps function_class_ops;
extern const ClassOps native_function_class_ops;
extern const ClassOps mapped_arguments_class_ops;
extern const ClassOps module_namespace_class_ops;

const uint8_t class_slot_count[CLASS_COUNT] = {
    [CLASS_OBJECT] = 0, [CLASS_ARRAY] = 2, [CLASS_FUNCTION] = 8, [CLASS_NATIVE_FUNCTION] = 6,
    [CLASS_BOUND_FUNCTION] = 3, [CLASS_ERROR] = 1, [CLASS_BOOLEAN] = 1, [CLASS_NUMBER] = 1,
    [CLASS_STRING] = 1, [CLASS_SYMBOL] = 1, [CLASS_BIGINT] = 1, [CLASS_DATE] = 1,
    [CLASS_ARGUMENTS] = 0, [CLASS_MAPPED_ARGUMENTS] = 2, [CLASS_MAP] = 1, [CLASS_SET] = 1,
    [CLASS_WEAKMAP] = 1, [CLASS_WEAKSET] = 1, [CLASS_WEAKREF] = 1,
    [CLASS_FINALIZATION_REGISTRY] = 2, [CLASS_PROMISE] = 4, [CLASS_GENERATOR] = 6,
    [CLASS_ASYNC_GENERATOR] = 6, [CLASS_ASYNC_FUNCTION_STATE] = 6, [CLASS_ITERATOR] = 3,
    [CLASS_REGEXP] = 4, [CLASS_PROXY] = 2, [CLASS_ARRAY_BUFFER] = 4, [CLASS_TYPED_ARRAY] = 4,
    [CLASS_DATA_VIEW] = 3, [CLASS_MODULE_NAMESPACE] = 2, [CLASS_FOR_IN_ITERATOR] = 3,
    [CLASS_HOST] = 4, [CLASS_RAW_JSON] = 0,
};

/* Every class's internal methods, fixed at compile time (a VM loaded from a snapshot runs no
 * initialization code, so nothing here may depend on realm set-up). */
const ClassOps *class_ops[CLASS_COUNT] = {
    [CLASS_ARRAY] = &array_class_ops,
    [CLASS_STRING] = &string_class_ops,
    [CLASS_PROXY] = &proxy_class_ops,
    [CLASS_BOUND_FUNCTION] = &bound_function_class_ops,
    [CLASS_TYPED_ARRAY] = &typed_array_class_ops,
    [CLASS_FUNCTION] = &function_class_ops,
    [CLASS_NATIVE_FUNCTION] = &native_function_class_ops,
    [CLASS_MAPPED_ARGUMENTS] = &mapped_arguments_class_ops,
    [CLASS_MODULE_NAMESPACE] = &module_namespace_class_ops,
};

void vm_set_class_ops(ClassId cls, const ClassOps *ops) { class_ops[cls] = ops; }

/* ------------------------------------------------------------------------------------ */
/* Creation                                                                               */
/* ------------------------------------------------------------------------------------ */

Value obj_new(VM *vm, Value proto, ClassId cls) {
    size_t n = OBJ_BASE_WORDS + class_slot_count[cls];
    Ref r = heap_alloc_values(vm, CELL_OBJECT, (uint16_t)cls, n, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    CellHeader *h = CELL(vm, r);
    h->flags = OF_EXTENSIBLE;
    Value *w = CELL_VALUES(h);
    w[OBJ_SHAPE] = vm->roots[ROOT_EMPTY_SHAPE];
    w[OBJ_PROTO] = proto;
    w[OBJ_ID] = val_int(0);
    return val_object(r);
}

Value obj_new_plain(VM *vm) { return obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT); }

uint32_t obj_id(VM *vm, Value obj) {
    Value *w = obj_words(vm, obj);
    if (w[OBJ_ID] == val_int(0)) w[OBJ_ID] = val_int((int32_t)vm_next_id(vm));
    return (uint32_t)val_to_int(w[OBJ_ID]);
}

Value list_new(VM *vm, uint32_t n) {
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, n, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    return val_cell(r);
}

Value misc_new(VM *vm, MiscKind kind, int nvalues) {
    Ref r = heap_alloc_values(vm, CELL_MISC, (uint16_t)kind, (size_t)nvalues, VAL_UNDEFINED);
    if (!r) return vm_throw_out_of_memory(vm);
    return val_cell(r);
}

/* ------------------------------------------------------------------------------------ */
/* Raw storage helpers                                                                    */
/* ------------------------------------------------------------------------------------ */

static inline int has_fast_elements(VM *vm, Value obj) {
    return !(obj_header(vm, obj)->flags & OF_SLOW_ELEMENTS);
}

/* Capacity of obj's elements array (0 if none). */
static inline uint32_t elem_cap(VM *vm, Value obj) {
    Value e = obj_words(vm, obj)[OBJ_ELEMENTS];
    return e == VAL_UNDEFINED ? 0 : CELL(vm, val_ref(e))->size - 1;
}

static inline Value *elem_ptr(VM *vm, Value obj) {
    return CELL_VALUES(CELL(vm, val_ref(obj_words(vm, obj)[OBJ_ELEMENTS])));
}

Value array_get_fast(VM *vm, Value obj, uint32_t i) {
    if (!has_fast_elements(vm, obj) || i >= elem_cap(vm, obj)) return VAL_HOLE;
    return elem_ptr(vm, obj)[i];
}

/* Ensure obj's elements array can hold index i. -1 on OOM. */
int obj_elements_reserve(VM *vm, Value obj, uint32_t need) {
    uint32_t cap = elem_cap(vm, obj);
    if (need <= cap) return 0;
    uint32_t ncap = cap < 4 ? 4 : cap + cap / 2;
    if (ncap < need) ncap = need;
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, ncap, VAL_HOLE);
    if (!r) { vm_throw_out_of_memory(vm); return -1; }
    if (cap) memcpy(CELL_VALUES(CELL(vm, r)), elem_ptr(vm, obj), (size_t)cap * sizeof(Value));
    obj_words(vm, obj)[OBJ_ELEMENTS] = val_cell(r);
    return 0;
}

/* Whether storing index i in fast elements keeps them reasonably dense: within 1024 of the
 * current capacity, or below twice it with at least a quarter of the indices up to i in use.
 * (Without the occupancy test, keys 1, 2, 4, 8, ... 2^28 — a TypeScript flags enum — grew a
 * dense array of 2^28 holes.) The occupancy count scans the elements; it only runs when the
 * capacity would at least double-step, so it is amortised by the geometric growth. */
static int fast_index_ok(VM *vm, Value obj, uint32_t i) {
    if (i > 0x7FFFFFFEu) return 0;
    uint32_t cap = elem_cap(vm, obj);
    if (i < cap) return 1;
    if (i < cap + 1024) return 1;
    if (i >= cap * 2) return 0;
    const Value *e = elem_ptr(vm, obj);
    uint32_t used = 0;
    for (uint32_t k = 0; k < cap; k++) used += e[k] != VAL_HOLE;
    return (uint64_t)used * 4 >= i;
}

/* Read slot `slot` of obj's named-property storage. */
static inline Value slot_get(VM *vm, Value obj, uint32_t slot) {
    return CELL_VALUES(CELL(vm, val_ref(obj_words(vm, obj)[OBJ_SLOTS])))[slot];
}
static inline void slot_set(VM *vm, Value obj, uint32_t slot, Value v) {
    CELL_VALUES(CELL(vm, val_ref(obj_words(vm, obj)[OBJ_SLOTS])))[slot] = v;
}

/* Append a new named property (key must be absent). -1 on OOM. */
int obj_slots_reserve(VM *vm, Value obj, uint32_t slot) {
    Value slots = obj_words(vm, obj)[OBJ_SLOTS];
    uint32_t cap = slots == VAL_UNDEFINED ? 0 : CELL(vm, val_ref(slots))->size - 1;
    if (slot < cap) return 0;
    uint32_t ncap = cap < 4 ? 4 : cap * 2;
    while (ncap <= slot) ncap *= 2;
    Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, ncap, VAL_UNDEFINED);
    if (!r) return -1;
    if (cap) memcpy(CELL_VALUES(CELL(vm, r)), CELL_VALUES(CELL(vm, val_ref(slots))), (size_t)cap * sizeof(Value));
    obj_words(vm, obj)[OBJ_SLOTS] = val_cell(r);
    return 0;
}

static int prop_add(VM *vm, Value obj, Value key, Value v, int flags) {
    Value shape = obj_words(vm, obj)[OBJ_SHAPE];
    if (!(CELL(vm, val_ref(shape))->flags & SHAPE_DICT) && shape_entry_count(vm, shape) >= SHAPE_MAX_SHARED) {
        if (shape_make_dict(vm, obj) < 0) { vm_throw_out_of_memory(vm); return -1; }
        shape = obj_words(vm, obj)[OBJ_SHAPE];
    }
    Value ns = shape_add(vm, shape, key, flags);
    if (ns == VAL_EXCEPTION) { vm_throw_out_of_memory(vm); return -1; }
    uint32_t slot = shape_entry_count(vm, ns) - 1;
    if (obj_slots_reserve(vm, obj, slot) < 0) { vm_throw_out_of_memory(vm); return -1; }
    obj_words(vm, obj)[OBJ_SHAPE] = ns;
    slot_set(vm, obj, slot, v);
    return 0;
}

/* A new accessor pair cell. */
static Value accessor_new(VM *vm, Value getter, Value setter) {
    Value a = misc_new(vm, MISC_ACCESSOR, 2);
    if (a == VAL_EXCEPTION) return a;
    Value *w = vm_cell_values(vm, val_ref(a));
    w[0] = getter;
    w[1] = setter;
    return a;
}

/* Move all fast elements into the shape as ordinary properties. -1 on OOM. */
int obj_make_slow_elements(VM *vm, Value obj) {
    CellHeader *h = obj_header(vm, obj);
    if (h->flags & OF_SLOW_ELEMENTS) return 0;
    uint32_t cap = elem_cap(vm, obj);
    if (shape_make_dict(vm, obj) < 0) { vm_throw_out_of_memory(vm); return -1; }
    for (uint32_t i = 0; i < cap; i++) {
        Value v = elem_ptr(vm, obj)[i];
        if (v == VAL_HOLE) continue;
        if (prop_add(vm, obj, val_int((int32_t)i), v, PROP_DEFAULT) < 0) return -1;
    }
    obj_words(vm, obj)[OBJ_ELEMENTS] = VAL_UNDEFINED;
    obj_header(vm, obj)->flags |= OF_SLOW_ELEMENTS;
    return 0;
}

int obj_define_fast(VM *vm, Value obj, Value key, Value v, int attrs) {
    if (val_is_int(key) && has_fast_elements(vm, obj) && attrs == PROP_DEFAULT &&
        fast_index_ok(vm, obj, (uint32_t)val_to_int(key))) {
        uint32_t i = (uint32_t)val_to_int(key);
        if (obj_elements_reserve(vm, obj, i + 1) < 0) return -1;
        elem_ptr(vm, obj)[i] = v;
        return 0;
    }
    if (val_is_int(key) && has_fast_elements(vm, obj))
        if (obj_make_slow_elements(vm, obj) < 0) return -1;
    int flags;
    int slot = shape_find(vm, obj_words(vm, obj)[OBJ_SHAPE], key, &flags);
    if (slot >= 0) {
        if (flags != attrs && shape_set_flags(vm, obj, (uint32_t)slot, attrs) == VAL_EXCEPTION) {
            vm_throw_out_of_memory(vm);
            return -1;
        }
        slot_set(vm, obj, (uint32_t)slot, v);
        return 0;
    }
    return prop_add(vm, obj, key, v, attrs);
}

int obj_define_accessor_fast(VM *vm, Value obj, Value key, Value getter, Value setter, int attrs) {
    Value a = accessor_new(vm, getter, setter);
    if (a == VAL_EXCEPTION) return -1;
    if (val_is_int(key) && obj_make_slow_elements(vm, obj) < 0) return -1;
    return obj_define_fast(vm, obj, key, a, (attrs & ~PROP_WRITABLE) | PROP_ACCESSOR);
}

/* ------------------------------------------------------------------------------------ */
/* Ordinary internal methods                                                              */
/* ------------------------------------------------------------------------------------ */

/* Fill desc from a stored (value, flags) pair. */
static void desc_from_stored(VM *vm, PropDesc *d, Value v, int flags) {
    if (flags & PROP_ACCESSOR) {
        Value *w = vm_cell_values(vm, val_ref(v));
        d->value = VAL_UNDEFINED;
        d->get = w[0];
        d->set = w[1];
        d->flags = (uint8_t)(flags & (PROP_ENUMERABLE | PROP_CONFIGURABLE));
        d->has = DESC_HAS_GET | DESC_HAS_SET | DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE;
    } else {
        desc_data(d, v, flags & (PROP_WRITABLE | PROP_ENUMERABLE | PROP_CONFIGURABLE));
    }
}

int ordinary_get_own_property(VM *vm, Value obj, Value key, PropDesc *desc) {
    if (val_is_int(key) && has_fast_elements(vm, obj)) {
        Value v = array_get_fast(vm, obj, (uint32_t)val_to_int(key));
        if (v == VAL_HOLE) return 0;
        desc_data(desc, v, PROP_DEFAULT);
        return 1;
    }
    int flags;
    int slot = shape_find(vm, obj_words(vm, obj)[OBJ_SHAPE], key, &flags);
    if (slot < 0) return 0;
    desc_from_stored(vm, desc, slot_get(vm, obj, (uint32_t)slot), flags);
    return 1;
}

static inline int desc_is_accessor(const PropDesc *d) { return (d->has & (DESC_HAS_GET | DESC_HAS_SET)) != 0; }
static inline int desc_is_data(const PropDesc *d) { return (d->has & (DESC_HAS_VALUE | DESC_HAS_WRITABLE)) != 0; }

/* Store a complete descriptor as obj's own property (creating or replacing). -1 on OOM. */
static int store_property(VM *vm, Value obj, Value key, const PropDesc *d) {
    int flags = d->flags & (PROP_ENUMERABLE | PROP_CONFIGURABLE);
    Value stored;
    if (desc_is_accessor(d)) {
        stored = accessor_new(vm, d->get, d->set);
        if (stored == VAL_EXCEPTION) return -1;
        flags |= PROP_ACCESSOR;
    } else {
        stored = d->value;
        flags |= d->flags & PROP_WRITABLE;
    }
    if (flags & PROP_ACCESSOR) {
        if (val_is_int(key) && obj_make_slow_elements(vm, obj) < 0) return -1;
        return obj_define_fast(vm, obj, key, stored, flags);
    }
    return obj_define_fast(vm, obj, key, stored, flags);
}

bool validate_and_apply_descriptor(VM *vm, Value obj, Value key, bool extensible,
                                   const PropDesc *desc, const PropDesc *current, bool has_current) {
    if (!has_current) {
        if (!extensible) return false;
        if (obj == VAL_UNDEFINED) return true;
        PropDesc full;
        desc_init(&full);
        if (desc_is_accessor(desc)) {
            full.get = desc->get;
            full.set = desc->set;
            full.has = DESC_HAS_GET | DESC_HAS_SET;
        } else {
            full.value = (desc->has & DESC_HAS_VALUE) ? desc->value : VAL_UNDEFINED;
            full.has = DESC_HAS_VALUE;
            if ((desc->has & DESC_HAS_WRITABLE) && (desc->flags & PROP_WRITABLE)) full.flags |= PROP_WRITABLE;
        }
        if ((desc->has & DESC_HAS_ENUMERABLE) && (desc->flags & PROP_ENUMERABLE)) full.flags |= PROP_ENUMERABLE;
        if ((desc->has & DESC_HAS_CONFIGURABLE) && (desc->flags & PROP_CONFIGURABLE)) full.flags |= PROP_CONFIGURABLE;
        return store_property(vm, obj, key, &full) == 0;
    }
    if (desc->has == 0) return true;
    int cur_conf = current->flags & PROP_CONFIGURABLE;
    if (!cur_conf) {
        if ((desc->has & DESC_HAS_CONFIGURABLE) && (desc->flags & PROP_CONFIGURABLE)) return false;
        if ((desc->has & DESC_HAS_ENUMERABLE) &&
            ((desc->flags & PROP_ENUMERABLE) != (current->flags & PROP_ENUMERABLE))) return false;
        int generic = !desc_is_accessor(desc) && !desc_is_data(desc);
        if (!generic && desc_is_accessor(desc) != desc_is_accessor(current)) return false;
        if (desc_is_accessor(current)) {
            if ((desc->has & DESC_HAS_GET) && !same_value(vm, desc->get, current->get)) return false;
            if ((desc->has & DESC_HAS_SET) && !same_value(vm, desc->set, current->set)) return false;
        } else if (!(current->flags & PROP_WRITABLE)) {
            if ((desc->has & DESC_HAS_WRITABLE) && (desc->flags & PROP_WRITABLE)) return false;
            if ((desc->has & DESC_HAS_VALUE) && !same_value(vm, desc->value, current->value)) return false;
        }
    }
    if (obj == VAL_UNDEFINED) return true;
    /* merge */
    PropDesc n;
    desc_init(&n);
    int cur_acc = desc_is_accessor(current);
    if (desc_is_data(desc) && cur_acc) {
        n.value = (desc->has & DESC_HAS_VALUE) ? desc->value : VAL_UNDEFINED;
        n.has = DESC_HAS_VALUE;
        n.flags = (desc->has & DESC_HAS_WRITABLE) ? (desc->flags & PROP_WRITABLE) : 0;
    } else if (desc_is_accessor(desc) && !cur_acc) {
        n.get = (desc->has & DESC_HAS_GET) ? desc->get : VAL_UNDEFINED;
        n.set = (desc->has & DESC_HAS_SET) ? desc->set : VAL_UNDEFINED;
        n.has = DESC_HAS_GET | DESC_HAS_SET;
    } else if (cur_acc) {
        n.get = (desc->has & DESC_HAS_GET) ? desc->get : current->get;
        n.set = (desc->has & DESC_HAS_SET) ? desc->set : current->set;
        n.has = DESC_HAS_GET | DESC_HAS_SET;
    } else {
        n.value = (desc->has & DESC_HAS_VALUE) ? desc->value : current->value;
        n.has = DESC_HAS_VALUE;
        n.flags = (desc->has & DESC_HAS_WRITABLE) ? (desc->flags & PROP_WRITABLE) : (current->flags & PROP_WRITABLE);
    }
    n.flags |= (desc->has & DESC_HAS_ENUMERABLE) ? (desc->flags & PROP_ENUMERABLE) : (current->flags & PROP_ENUMERABLE);
    n.flags |= (desc->has & DESC_HAS_CONFIGURABLE) ? (desc->flags & PROP_CONFIGURABLE) : (current->flags & PROP_CONFIGURABLE);
    return store_property(vm, obj, key, &n) == 0;
}

int ordinary_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc) {
    PropDesc cur;
    int has = ordinary_get_own_property(vm, obj, key, &cur);
    int ext = (obj_header(vm, obj)->flags & OF_EXTENSIBLE) != 0;
    /* fast path: plain default data property on fast elements */
    if (!has && ext && val_is_int(key) && has_fast_elements(vm, obj) &&
        desc->has == (DESC_HAS_VALUE | DESC_HAS_WRITABLE | DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE) &&
        desc->flags == PROP_DEFAULT) {
        return obj_define_fast(vm, obj, key, desc->value, PROP_DEFAULT) < 0 ? -1 : 1;
    }
    vm->oom = vm->oom;
    bool ok = validate_and_apply_descriptor(vm, obj, key, ext, desc, &cur, has != 0);
    if (!ok && vm->has_exception) return -1;
    return ok ? 1 : 0;
}

int ordinary_has_property(VM *vm, Value obj, Value key) {
    for (;;) {
        PropDesc d;
        int r = obj_get_own_property(vm, obj, key, &d);
        if (r) return r;
        Value proto = obj_get_prototype_of(vm, obj);
        if (proto == VAL_EXCEPTION) return -1;
        if (proto == VAL_NULL) return 0;
        obj = proto;
        const ClassOps *ops = class_ops[obj_class(vm, obj)];
        if (ops && ops->has_property) return ops->has_property(vm, obj, key);
    }
}

/* Call a getter from an accessor cell. */
static Value call_getter(VM *vm, Value accessor, Value receiver) {
    Value g = vm_cell_values(vm, val_ref(accessor))[0];
    if (g == VAL_UNDEFINED) return VAL_UNDEFINED;
    return vm_call(vm, g, receiver, 0, NULL);
}

Value ordinary_get(VM *vm, Value obj, Value key, Value receiver) {
    for (;;) {
        ClassId cls = obj_class(vm, obj);
        const ClassOps *ops = class_ops[cls];
        if (cls == CLASS_ARRAY) {
            /* arrays store everything ordinarily except "length" */
            if (key == ATOM(vm, length)) return obj_words(vm, obj)[OBJ_SLOT0];
            ops = NULL;
        }
        if (ops && ops->get_own_property) {
            PropDesc d;
            int r = ops->get_own_property(vm, obj, key, &d);
            if (r < 0) return VAL_EXCEPTION;
            if (r) {
                if (d.has & DESC_HAS_VALUE) return d.value;
                if (d.get == VAL_UNDEFINED) return VAL_UNDEFINED;
                return vm_call(vm, d.get, receiver, 0, NULL);
            }
        } else if (val_is_int(key) && has_fast_elements(vm, obj)) {
            Value v = array_get_fast(vm, obj, (uint32_t)val_to_int(key));
            if (v != VAL_HOLE) return v;
            if (obj_class(vm, obj) == CLASS_STRING) { /* unreachable: String has ops */ }
        } else {
            int flags;
            int slot = shape_find(vm, obj_words(vm, obj)[OBJ_SHAPE], key, &flags);
            if (slot >= 0) {
                Value v = slot_get(vm, obj, (uint32_t)slot);
                if (flags & PROP_ACCESSOR) return call_getter(vm, v, receiver);
                return v;
            }
        }
        Value proto;
        ops = class_ops[cls];
        if (ops && ops->get_prototype_of) {
            proto = ops->get_prototype_of(vm, obj);
            if (proto == VAL_EXCEPTION) return proto;
        } else {
            proto = obj_words(vm, obj)[OBJ_PROTO];
        }
        if (proto == VAL_NULL) return VAL_UNDEFINED;
        obj = proto;
        ops = class_ops[obj_class(vm, obj)];
        if (ops && ops->get) return ops->get(vm, obj, key, receiver);
    }
}

int ordinary_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    VM_ROOT_SCOPE(vm);
    /* fast path: receiver == obj overwriting an own writable data property it stores */
    if (receiver == obj) {
        if (val_is_int(key) && has_fast_elements(vm, obj)) {
            uint32_t i = (uint32_t)val_to_int(key);
            if (i < elem_cap(vm, obj) && elem_ptr(vm, obj)[i] != VAL_HOLE) {
                elem_ptr(vm, obj)[i] = v;
                return 1;
            }
        } else if (!val_is_int(key)) {
            int flags;
            int slot = shape_find(vm, obj_words(vm, obj)[OBJ_SHAPE], key, &flags);
            if (slot >= 0 && (flags & (PROP_WRITABLE | PROP_ACCESSOR)) == PROP_WRITABLE) {
                slot_set(vm, obj, (uint32_t)slot, v);
                return 1;
            }
        }
    }
    vm_root(vm, &obj);
    vm_root(vm, &key);
    vm_root(vm, &v);
    vm_root(vm, &receiver);
    PropDesc own;
    int has = obj_get_own_property(vm, obj, key, &own);
    if (has < 0) return -1;
    if (!has) {
        Value parent = obj_get_prototype_of(vm, obj);
        if (parent == VAL_EXCEPTION) return -1;
        if (parent != VAL_NULL) return obj_set(vm, parent, key, v, receiver);
        desc_data(&own, VAL_UNDEFINED, PROP_DEFAULT);
    }
    if (!desc_is_accessor(&own)) {
        if (!(own.flags & PROP_WRITABLE)) return 0;
        if (!val_is_object(receiver)) return 0;
        PropDesc ex;
        int hx = obj_get_own_property(vm, receiver, key, &ex);
        if (hx < 0) return -1;
        if (hx) {
            if (desc_is_accessor(&ex)) return 0;
            if (!(ex.flags & PROP_WRITABLE)) return 0;
            PropDesc vd;
            desc_init(&vd);
            vd.value = v;
            vd.has = DESC_HAS_VALUE;
            return obj_define_own_property(vm, receiver, key, &vd);
        }
        return obj_create_data_property(vm, receiver, key, v);
    }
    if (own.set == VAL_UNDEFINED) return 0;
    Value r = vm_call(vm, own.set, receiver, 1, &v);
    return r == VAL_EXCEPTION ? -1 : 1;
}

int ordinary_delete(VM *vm, Value obj, Value key) {
    if (val_is_int(key) && has_fast_elements(vm, obj)) {
        uint32_t i = (uint32_t)val_to_int(key);
        if (i < elem_cap(vm, obj)) elem_ptr(vm, obj)[i] = VAL_HOLE;
        return 1;
    }
    int flags;
    int slot = shape_find(vm, obj_words(vm, obj)[OBJ_SHAPE], key, &flags);
    if (slot < 0) return 1;
    if (!(flags & PROP_CONFIGURABLE)) return 0;
    if (shape_delete(vm, obj, (uint32_t)slot) < 0) { vm_throw_out_of_memory(vm); return -1; }
    return 1;
}

/* Sort ints ascending (small helper for key ordering). */
static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Collect obj's ordinary own keys, with `extra_indices` leading index keys [0, n) first
 * (used by String wrappers). */
Value ordinary_own_keys_ext(VM *vm, Value obj, uint32_t extra_indices) {
    uint32_t cap = has_fast_elements(vm, obj) ? elem_cap(vm, obj) : 0;
    Value shape = obj_words(vm, obj)[OBJ_SHAPE];
    uint32_t n = shape_entry_count(vm, shape);
    uint32_t nidx = 0, total = extra_indices;
    for (uint32_t i = 0; i < cap; i++)
        if (elem_ptr(vm, obj)[i] != VAL_HOLE) total++;
    uint32_t *idx = NULL;
    for (uint32_t i = 0; i < n; i++) {
        Value k = shape_key_at(vm, shape, i);
        if (k == VAL_EMPTY) continue;
        if (val_is_symbol(k) && symbol_is_private(vm, k)) continue;
        total++;
    }
    Value list = list_new(vm, total);
    if (list == VAL_EXCEPTION) return list;
    Value *out = list_items(vm, list);
    uint32_t o = 0;
    for (uint32_t i = 0; i < extra_indices; i++) out[o++] = val_int((int32_t)i);
    for (uint32_t i = 0; i < cap; i++)
        if (elem_ptr(vm, obj)[i] != VAL_HOLE) out[o++] = val_int((int32_t)i);
    /* index keys stored in the shape (slow elements / huge indices), ascending */
    for (uint32_t i = 0; i < n; i++) {
        Value k = shape_key_at(vm, shape, i);
        uint32_t ix;
        if (k != VAL_EMPTY && key_is_index(vm, k, &ix)) nidx++;
    }
    if (nidx) {
        idx = malloc(sizeof(uint32_t) * nidx);
        if (!idx) return vm_throw_out_of_memory(vm);
        uint32_t j = 0;
        for (uint32_t i = 0; i < n; i++) {
            Value k = shape_key_at(vm, shape, i);
            uint32_t ix;
            if (k != VAL_EMPTY && key_is_index(vm, k, &ix)) idx[j++] = ix;
        }
        qsort(idx, nidx, sizeof(uint32_t), cmp_u32);
        for (uint32_t j2 = 0; j2 < nidx; j2++) {
            Value k = key_from_index(vm, idx[j2]);
            if (k == VAL_EXCEPTION) { free(idx); return k; }
            out = list_items(vm, list);
            out[o++] = k;
        }
        free(idx);
    }
    out = list_items(vm, list);
    for (uint32_t i = 0; i < n; i++) {
        Value k = shape_key_at(vm, shape, i);
        uint32_t ix;
        if (k == VAL_EMPTY || val_is_symbol(k) || key_is_index(vm, k, &ix)) continue;
        out[o++] = k;
    }
    for (uint32_t i = 0; i < n; i++) {
        Value k = shape_key_at(vm, shape, i);
        if (k == VAL_EMPTY || !val_is_symbol(k) || symbol_is_private(vm, k)) continue;
        out[o++] = k;
    }
    return list;
}

Value ordinary_own_keys(VM *vm, Value obj) { return ordinary_own_keys_ext(vm, obj, 0); }

int ordinary_set_prototype_of(VM *vm, Value obj, Value proto) {
    Value cur = obj_words(vm, obj)[OBJ_PROTO];
    if (cur == proto) return 1;
    /* %Object.prototype% is an immutable prototype exotic object (10.4.7) */
    if (obj == vm_intrinsic(vm, INTR_ObjectPrototype)) return 0;
    if (!(obj_header(vm, obj)->flags & OF_EXTENSIBLE)) return 0;
    Value p = proto;
    while (p != VAL_NULL) {
        if (p == obj) return 0;
        const ClassOps *ops = class_ops[obj_class(vm, p)];
        if (ops && ops->get_prototype_of) break;
        p = obj_words(vm, p)[OBJ_PROTO];
    }
    obj_words(vm, obj)[OBJ_PROTO] = proto;
    return 1;
}

/* ------------------------------------------------------------------------------------ */
/* Dispatch                                                                               */
/* ------------------------------------------------------------------------------------ */

#define OPS(obj) class_ops[obj_class(vm, obj)]

int obj_get_own_property(VM *vm, Value obj, Value key, PropDesc *desc) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->get_own_property) return ops->get_own_property(vm, obj, key, desc);
    return ordinary_get_own_property(vm, obj, key, desc);
}

int obj_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->define_own_property) return ops->define_own_property(vm, obj, key, desc);
    return ordinary_define_own_property(vm, obj, key, desc);
}

int obj_has_property(VM *vm, Value obj, Value key) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->has_property) return ops->has_property(vm, obj, key);
    return ordinary_has_property(vm, obj, key);
}

Value obj_get(VM *vm, Value obj, Value key, Value receiver) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->get) return ops->get(vm, obj, key, receiver);
    return ordinary_get(vm, obj, key, receiver);
}

int obj_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->set) return ops->set(vm, obj, key, v, receiver);
    return ordinary_set(vm, obj, key, v, receiver);
}

int obj_delete(VM *vm, Value obj, Value key) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->delete_property) return ops->delete_property(vm, obj, key);
    return ordinary_delete(vm, obj, key);
}

Value obj_own_keys(VM *vm, Value obj) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->own_keys) return ops->own_keys(vm, obj);
    return ordinary_own_keys(vm, obj);
}

Value obj_get_prototype_of(VM *vm, Value obj) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->get_prototype_of) return ops->get_prototype_of(vm, obj);
    return obj_words(vm, obj)[OBJ_PROTO];
}

int obj_set_prototype_of(VM *vm, Value obj, Value proto) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->set_prototype_of) return ops->set_prototype_of(vm, obj, proto);
    return ordinary_set_prototype_of(vm, obj, proto);
}

int obj_is_extensible(VM *vm, Value obj) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->is_extensible) return ops->is_extensible(vm, obj);
    return (obj_header(vm, obj)->flags & OF_EXTENSIBLE) != 0;
}

int obj_prevent_extensions(VM *vm, Value obj) {
    const ClassOps *ops = OPS(obj);
    if (ops && ops->prevent_extensions) return ops->prevent_extensions(vm, obj);
    obj_header(vm, obj)->flags &= (uint8_t)~OF_EXTENSIBLE;
    return 1;
}

/* ------------------------------------------------------------------------------------ */
/* Abstract operations on objects (7.3)                                                    */
/* ------------------------------------------------------------------------------------ */

Value obj_get_v(VM *vm, Value v, Value key) {
    if (val_is_object(v)) return obj_get(vm, v, key, v);
    if (val_is_nullish(v)) {
        char kb[64];
        Value ks = key_to_string(vm, key);
        if (val_is_string(ks)) {
            char *u = str_to_utf8(vm, ks, NULL);
            snprintf(kb, sizeof kb, "%s", u ? u : "?");
            free(u);
        } else {
            snprintf(kb, sizeof kb, "Symbol()");
        }
        return vm_throw_type_error(vm, "Cannot read properties of %s (reading '%s')",
                                   v == VAL_NULL ? "null" : "undefined", kb);
    }
    /* primitives: string own properties, else the prototype */
    if (val_is_string(v)) {
        if (key == ATOM(vm, length)) return val_int((int32_t)str_length(vm, v));
        uint32_t i;
        if (key_is_index(vm, key, &i)) {
            if (i < str_length(vm, v)) {
                Value f = str_flatten(vm, v);
                if (f == VAL_EXCEPTION) return f;
                return str_from_char(vm, str_at(vm, f, i));
            }
        }
        return obj_get(vm, vm_intrinsic(vm, INTR_StringPrototype), key, v);
    }
    IntrinsicId p;
    if (val_is_number(v)) p = INTR_NumberPrototype;
    else if (val_is_bool(v)) p = INTR_BooleanPrototype;
    else if (val_is_symbol(v)) p = INTR_SymbolPrototype;
    else p = INTR_BigIntPrototype;
    return obj_get(vm, vm_intrinsic(vm, p), key, v);
}

Value obj_get_atom(VM *vm, Value obj, AtomId a) { return obj_get_v(vm, obj, vm_atom(vm, a)); }

Value obj_get_index(VM *vm, Value obj, uint32_t i) {
    if (val_is_object(obj) && (!class_ops[obj_class(vm, obj)] || !class_ops[obj_class(vm, obj)]->get)) {
        Value v = array_get_fast(vm, obj, i);
        if (v != VAL_HOLE) return v;
    }
    Value k = key_from_index(vm, i);
    if (k == VAL_EXCEPTION) return k;
    return obj_get_v(vm, obj, k);
}

int obj_set_throw(VM *vm, Value obj, Value key, Value v) {
    int r = obj_set(vm, obj, key, v, obj);
    if (r == 0) {
        Value ks = key_to_string(vm, key);
        char *u = val_is_string(ks) ? str_to_utf8(vm, ks, NULL) : NULL;
        vm_throw_type_error(vm, "Cannot assign to read only property '%s' of object", u ? u : "symbol");
        free(u);
        return -1;
    }
    return r;
}

int obj_set_index(VM *vm, Value obj, uint32_t i, Value v) {
    Value k = key_from_index(vm, i);
    if (k == VAL_EXCEPTION) return -1;
    return obj_set_throw(vm, obj, k, v);
}

int obj_create_data_property(VM *vm, Value obj, Value key, Value v) {
    PropDesc d;
    desc_data(&d, v, PROP_DEFAULT);
    return obj_define_own_property(vm, obj, key, &d);
}

int obj_create_data_property_throw(VM *vm, Value obj, Value key, Value v) {
    int r = obj_create_data_property(vm, obj, key, v);
    if (r == 0) { vm_throw_type_error(vm, "Cannot define property"); return -1; }
    return r;
}

int obj_define_property_throw(VM *vm, Value obj, Value key, const PropDesc *d) {
    int r = obj_define_own_property(vm, obj, key, d);
    if (r == 0) {
        Value ks = key_to_string(vm, key);
        char *u = val_is_string(ks) ? str_to_utf8(vm, ks, NULL) : NULL;
        vm_throw_type_error(vm, "Cannot redefine property: %s", u ? u : "symbol");
        free(u);
        return -1;
    }
    return r;
}

int obj_delete_throw(VM *vm, Value obj, Value key) {
    int r = obj_delete(vm, obj, key);
    if (r == 0) {
        Value ks = key_to_string(vm, key);
        char *u = val_is_string(ks) ? str_to_utf8(vm, ks, NULL) : NULL;
        vm_throw_type_error(vm, "Cannot delete property '%s'", u ? u : "symbol");
        free(u);
        return -1;
    }
    return r;
}

Value obj_get_method(VM *vm, Value v, Value key) {
    Value f = obj_get_v(vm, v, key);
    if (f == VAL_EXCEPTION || val_is_nullish(f)) return f == VAL_EXCEPTION ? f : VAL_UNDEFINED;
    if (!vm_is_callable(vm, f)) return vm_throw_type_error(vm, "method is not a function");
    return f;
}

int obj_has_own_property(VM *vm, Value obj, Value key) {
    PropDesc d;
    return obj_get_own_property(vm, obj, key, &d);
}

int obj_set_integrity(VM *vm, Value obj, int frozen) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    int r = obj_prevent_extensions(vm, obj);
    if (r <= 0) return r;
    /* An object with ordinary property semantics whose properties all live in a shared shape
     * (no indexed elements): one shared transition does what defining each property would,
     * and objects of one shape frozen alike keep sharing a shape. */
    const ClassOps *ops = OPS(obj);
    Value *ow = obj_words(vm, obj);
    if ((!ops || (!ops->define_own_property && !ops->get_own_property && !ops->own_keys)) &&
        ow[OBJ_ELEMENTS] == VAL_UNDEFINED && !(obj_header(vm, obj)->flags & OF_SLOW_ELEMENTS) &&
        !(CELL(vm, val_ref(ow[OBJ_SHAPE]))->flags & SHAPE_DICT)) {
        Value ns = shape_with_integrity(vm, ow[OBJ_SHAPE], frozen);
        if (ns == VAL_EXCEPTION) return -1;
        obj_words(vm, obj)[OBJ_SHAPE] = ns;
        return 1;
    }
    Value keys = obj_own_keys(vm, obj);
    if (keys == VAL_EXCEPTION) return -1;
    vm_root(vm, &keys);
    uint32_t n = list_count(vm, keys);
    for (uint32_t i = 0; i < n; i++) {
        Value k = list_items(vm, keys)[i];
        PropDesc d;
        desc_init(&d);
        if (!frozen) {
            d.has = DESC_HAS_CONFIGURABLE;
        } else {
            PropDesc cur;
            int h = obj_get_own_property(vm, obj, k, &cur);
            if (h < 0) return -1;
            if (!h) continue;
            d.has = DESC_HAS_CONFIGURABLE;
            if (!desc_is_accessor(&cur)) d.has |= DESC_HAS_WRITABLE;
        }
        k = list_items(vm, keys)[i];
        if (obj_define_property_throw(vm, obj, k, &d) < 0) return -1;
    }
    return 1;
}

int obj_test_integrity(VM *vm, Value obj, int frozen) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    int r = obj_is_extensible(vm, obj);
    if (r < 0) return -1;
    if (r) return 0;
    Value keys = obj_own_keys(vm, obj);
    if (keys == VAL_EXCEPTION) return -1;
    vm_root(vm, &keys);
    uint32_t n = list_count(vm, keys);
    for (uint32_t i = 0; i < n; i++) {
        PropDesc cur;
        int h = obj_get_own_property(vm, obj, list_items(vm, keys)[i], &cur);
        if (h < 0) return -1;
        if (!h) continue;
        if (cur.flags & PROP_CONFIGURABLE) return 0;
        if (frozen && !desc_is_accessor(&cur) && (cur.flags & PROP_WRITABLE)) return 0;
    }
    return 1;
}

Value obj_enumerable_own(VM *vm, Value obj, int kind) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value keys = obj_own_keys(vm, obj);
    if (keys == VAL_EXCEPTION) return keys;
    vm_root(vm, &keys);
    Value result = array_new(vm, 0);
    if (result == VAL_EXCEPTION) return result;
    vm_root(vm, &result);
    uint32_t n = list_count(vm, keys);
    for (uint32_t i = 0; i < n; i++) {
        Value k = list_items(vm, keys)[i];
        if (val_is_symbol(k)) continue;
        PropDesc d;
        int h = obj_get_own_property(vm, obj, k, &d);
        if (h < 0) return VAL_EXCEPTION;
        if (!h || !(d.flags & PROP_ENUMERABLE)) continue;
        k = list_items(vm, keys)[i];
        Value ks = key_to_string(vm, k);
        if (ks == VAL_EXCEPTION) return ks;
        if (kind == 0) {
            if (array_push(vm, result, ks) < 0) return VAL_EXCEPTION;
            continue;
        }
        vm_root(vm, &ks);
        Value v = obj_get(vm, obj, list_items(vm, keys)[i], obj);
        if (v == VAL_EXCEPTION) return v;
        if (kind == 1) {
            if (array_push(vm, result, v) < 0) return VAL_EXCEPTION;
        } else {
            Value pair[2] = { ks, v };
            Value e = array_from_values(vm, pair, 2);
            if (e == VAL_EXCEPTION || array_push(vm, result, e) < 0) return VAL_EXCEPTION;
        }
    }
    return result;
}

Value obj_for_in_keys(VM *vm, Value obj) {
    VM_ROOT_SCOPE(vm);
    /* visited keys so far (strings/ints), to skip shadowed ones: a simple growable list */
    vm_root(vm, &obj);
    Value out = list_new(vm, 8);
    if (out == VAL_EXCEPTION) return out;
    vm_root(vm, &out);
    Value seen = list_new(vm, 8);
    if (seen == VAL_EXCEPTION) return seen;
    vm_root(vm, &seen);
    uint32_t nout = 0, nseen = 0;
    Value keys = VAL_UNDEFINED;
    vm_root(vm, &keys);
    while (obj != VAL_NULL) {
        keys = obj_own_keys(vm, obj);
        if (keys == VAL_EXCEPTION) return keys;
        uint32_t n = list_count(vm, keys);
        for (uint32_t i = 0; i < n; i++) {
            Value k = list_items(vm, keys)[i];
            if (val_is_symbol(k)) continue;
            int dup = 0;
            for (uint32_t j = 0; j < nseen; j++)
                if (list_items(vm, seen)[j] == k) { dup = 1; break; }
            if (dup) continue;
            PropDesc d;
            int h = obj_get_own_property(vm, obj, k, &d);
            if (h < 0) return VAL_EXCEPTION;
            if (!h) continue;
            k = list_items(vm, keys)[i];
            if (nseen == list_count(vm, seen)) {
                Value ns = list_new(vm, nseen * 2);
                if (ns == VAL_EXCEPTION) return ns;
                memcpy(list_items(vm, ns), list_items(vm, seen), nseen * sizeof(Value));
                seen = ns;
            }
            list_items(vm, seen)[nseen++] = k;
            if (!(d.flags & PROP_ENUMERABLE)) continue;
            Value ks = key_to_string(vm, k);
            if (ks == VAL_EXCEPTION) return ks;
            if (nout == list_count(vm, out)) {
                Value no = list_new(vm, nout * 2);
                if (no == VAL_EXCEPTION) return no;
                memcpy(list_items(vm, no), list_items(vm, out), nout * sizeof(Value));
                out = no;
            }
            list_items(vm, out)[nout++] = ks;
        }
        Value p = obj_get_prototype_of(vm, obj);
        if (p == VAL_EXCEPTION) return p;
        obj = p;
    }
    Value res = list_new(vm, nout);
    if (res == VAL_EXCEPTION) return res;
    memcpy(list_items(vm, res), list_items(vm, out), nout * sizeof(Value));
    return res;
}

Value get_prototype_from_constructor(VM *vm, Value ctor, IntrinsicId fallback) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(ctor)) return vm_intrinsic(vm, fallback);
    vm_root(vm, &ctor);   /* the Get may run a getter or a proxy trap */
    Value proto = obj_get(vm, ctor, ATOM(vm, prototype), ctor);
    if (proto == VAL_EXCEPTION) return proto;
    if (!val_is_object(proto)) {
        /* the fallback comes from the constructor's realm */
        Value realm = vm_function_realm(vm, ctor);
        if (realm == VAL_NULL) return vm_throw_type_error(vm, "Cannot get the realm of a revoked proxy");
        return realm_intrinsic(vm, realm, fallback);
    }
    return proto;
}

Value obj_create_from_constructor(VM *vm, Value new_target, IntrinsicId fallback_proto, ClassId cls) {
    Value proto = get_prototype_from_constructor(vm, new_target, fallback_proto);
    if (proto == VAL_EXCEPTION) return proto;
    return obj_new(vm, proto, cls);
}

Value desc_to_object(VM *vm, const PropDesc *d) {
    if (d->has == 0 && d->value == VAL_UNDEFINED) { /* caller passes has=0 for "undefined" */ }
    Value o = obj_new_plain(vm);
    if (o == VAL_EXCEPTION) return o;
    if (d->has & DESC_HAS_VALUE) obj_define_fast(vm, o, ATOM(vm, value), d->value, PROP_DEFAULT);
    if (d->has & DESC_HAS_WRITABLE) obj_define_fast(vm, o, ATOM(vm, writable), val_bool(d->flags & PROP_WRITABLE), PROP_DEFAULT);
    if (d->has & DESC_HAS_GET) obj_define_fast(vm, o, ATOM(vm, get), d->get, PROP_DEFAULT);
    if (d->has & DESC_HAS_SET) obj_define_fast(vm, o, ATOM(vm, set), d->set, PROP_DEFAULT);
    if (d->has & DESC_HAS_ENUMERABLE) obj_define_fast(vm, o, ATOM(vm, enumerable), val_bool(d->flags & PROP_ENUMERABLE), PROP_DEFAULT);
    if (d->has & DESC_HAS_CONFIGURABLE) obj_define_fast(vm, o, ATOM(vm, configurable), val_bool(d->flags & PROP_CONFIGURABLE), PROP_DEFAULT);
    return o;
}

int desc_from_object(VM *vm, Value obj, PropDesc *d) {
    VM_ROOT_SCOPE(vm);
    desc_init(d);
    if (!val_is_object(obj)) { vm_throw_type_error(vm, "Property description must be an object"); return -1; }
    vm_root(vm, &obj);
    static const AtomId names[6] = { ATOM_enumerable, ATOM_configurable, ATOM_value, ATOM_writable, ATOM_get, ATOM_set };
    static const uint8_t bits[6] = { DESC_HAS_ENUMERABLE, DESC_HAS_CONFIGURABLE, DESC_HAS_VALUE, DESC_HAS_WRITABLE, DESC_HAS_GET, DESC_HAS_SET };
    Value vals[6];
    for (int i = 0; i < 6; i++) {
        vals[i] = VAL_UNDEFINED;
        vm_root(vm, &vals[i]);
    }
    for (int i = 0; i < 6; i++) {
        int h = obj_has_property(vm, obj, vm_atom(vm, names[i]));
        if (h < 0) return -1;
        if (!h) continue;
        Value v = obj_get(vm, obj, vm_atom(vm, names[i]), obj);
        if (v == VAL_EXCEPTION) return -1;
        vals[i] = v;
        d->has |= bits[i];
    }
    if (d->has & DESC_HAS_ENUMERABLE) d->flags |= to_boolean(vm, vals[0]) ? PROP_ENUMERABLE : 0;
    if (d->has & DESC_HAS_CONFIGURABLE) d->flags |= to_boolean(vm, vals[1]) ? PROP_CONFIGURABLE : 0;
    if (d->has & DESC_HAS_VALUE) d->value = vals[2];
    if (d->has & DESC_HAS_WRITABLE) d->flags |= to_boolean(vm, vals[3]) ? PROP_WRITABLE : 0;
    if (d->has & DESC_HAS_GET) {
        if (vals[4] != VAL_UNDEFINED && !vm_is_callable(vm, vals[4])) {
            vm_throw_type_error(vm, "Getter must be a function");
            return -1;
        }
        d->get = vals[4];
    }
    if (d->has & DESC_HAS_SET) {
        if (vals[5] != VAL_UNDEFINED && !vm_is_callable(vm, vals[5])) {
            vm_throw_type_error(vm, "Setter must be a function");
            return -1;
        }
        d->set = vals[5];
    }
    if ((d->has & (DESC_HAS_GET | DESC_HAS_SET)) && (d->has & (DESC_HAS_VALUE | DESC_HAS_WRITABLE))) {
        vm_throw_type_error(vm, "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* String exotic objects (10.4.3)                                                          */
/* ------------------------------------------------------------------------------------ */

/* The wrapped string's own index/length property, if key names one. */
static int string_own(VM *vm, Value obj, Value key, PropDesc *d) {
    Value s = obj_words(vm, obj)[OBJ_SLOT0];
    if (key == ATOM(vm, length)) {
        desc_data(d, val_int((int32_t)str_length(vm, s)), 0);
        return 1;
    }
    uint32_t i;
    if (key_is_index(vm, key, &i) && i < str_length(vm, s)) {
        Value f = str_flatten(vm, s);
        if (f == VAL_EXCEPTION) return -1;
        Value c = str_from_char(vm, str_at(vm, f, i));
        if (c == VAL_EXCEPTION) return -1;
        desc_data(d, c, PROP_ENUMERABLE);
        return 1;
    }
    return 0;
}

static int string_get_own_property(VM *vm, Value obj, Value key, PropDesc *d) {
    int r = string_own(vm, obj, key, d);
    if (r) return r;
    return ordinary_get_own_property(vm, obj, key, d);
}

static int string_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc) {
    PropDesc cur;
    int r = string_own(vm, obj, key, &cur);
    if (r < 0) return -1;
    if (r) return validate_and_apply_descriptor(vm, VAL_UNDEFINED, key, false, desc, &cur, true) ? 1 : 0;
    return ordinary_define_own_property(vm, obj, key, desc);
}

static Value string_own_keys(VM *vm, Value obj) {
    return ordinary_own_keys_ext(vm, obj, str_length(vm, obj_words(vm, obj)[OBJ_SLOT0]));
}

/* own_keys for String: "length" must come among the string keys; it is not stored in the
 * shape, so insert it right after the indices. */
static Value string_own_keys_full(VM *vm, Value obj) {
    Value keys = string_own_keys(vm, obj);
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

static int string_delete(VM *vm, Value obj, Value key) {
    PropDesc d;
    int r = string_own(vm, obj, key, &d);
    if (r < 0) return -1;
    if (r) return 0;
    return ordinary_delete(vm, obj, key);
}

static Value string_get(VM *vm, Value obj, Value key, Value receiver) {
    PropDesc d;
    int r = string_own(vm, obj, key, &d);
    if (r < 0) return VAL_EXCEPTION;
    if (r) return d.value;
    return ordinary_get(vm, obj, key, receiver);
}

static int string_has(VM *vm, Value obj, Value key) {
    PropDesc d;
    int r = string_own(vm, obj, key, &d);
    if (r) return r;
    return ordinary_has_property(vm, obj, key);
}

static int string_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    PropDesc d;
    int r = string_own(vm, obj, key, &d);
    if (r < 0) return -1;
    if (r && receiver == obj) return 0;
    return ordinary_set(vm, obj, key, v, receiver);
}

const ClassOps string_class_ops = {
    .name = "String",
    .get_own_property = string_get_own_property,
    .define_own_property = string_define_own_property,
    .has_property = string_has,
    .get = string_get,
    .set = string_set,
    .delete_property = string_delete,
    .own_keys = string_own_keys_full,
};
