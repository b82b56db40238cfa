/* interp_ops.c — slow paths of the interpreter: generic operators (ToPrimitive / ToNumeric /
 * BigInt), property access with inline-cache filling, globals and global declarations,
 * dynamic scopes (with, sloppy eval), object and class literals, private names, super,
 * iteration (for-of, for-in, destructuring, yield*), templates, spread.
 *
 * Every helper receives its operands as pointers to VM stack slots (traced by the
 * collector) and may run JavaScript; it returns 0 on success and -1 with an exception
 * pending (see interp_int.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "interp_int.h"
#include "dispose.h"
#include "bigint.h"
#include "jsmath.h"
#include "regexp.h"
#include "builtins/builtins.h"
#include <stdatomic.h>

/* ---------------------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------------------- */

/* Describe a property key for messages (UTF-8, caller frees). */
static char *key_text(VM *vm, Value key) {
    if (val_is_symbol(key)) {
        Value d = symbol_description(vm, key);
        if (val_is_string(d)) {
            char *s = str_to_utf8(vm, d, NULL);
            if (!s) return NULL;
            size_t n = strlen(s);
            char *r = malloc(n + 9);
            if (r) snprintf(r, n + 9, "Symbol(%s)", s);
            free(s);
            return r;
        }
        char *r = malloc(9);
        if (r) strcpy(r, "Symbol()");
        return r;
    }
    Value s = key_to_string(vm, key);
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); return NULL; }
    if (!val_is_string(s)) return NULL;
    return str_to_utf8(vm, s, NULL);
}

static Value throw_nullish_read(VM *vm, Value base, Value key) {
    char *k = key_text(vm, key);
    Value r = vm_throw_type_error(vm, "Cannot read properties of %s (reading '%s')",
                                  base == VAL_NULL ? "null" : "undefined", k ? k : "?");
    free(k);
    return r;
}

static Value throw_nullish_write(VM *vm, Value base, Value key) {
    char *k = key_text(vm, key);
    Value r = vm_throw_type_error(vm, "Cannot set properties of %s (setting '%s')",
                                  base == VAL_NULL ? "null" : "undefined", k ? k : "?");
    free(k);
    return r;
}

static Value throw_readonly(VM *vm, Value obj, Value key) {
    char *k = key_text(vm, key);
    char buf[128];
    vm_describe_value(vm, obj, buf, sizeof buf);
    Value r = vm_throw_type_error(vm, "Cannot assign to read only property '%s' of object '%s'", k ? k : "?", buf);
    free(k);
    return r;
}

int iop_tdz_error(VM *vm, Value name) {
    char *n = val_is_string(name) ? str_to_utf8(vm, name, NULL) : NULL;
    vm_throw_reference_error(vm, "Cannot access '%s' before initialization", n ? n : "variable");
    free(n);
    return -1;
}

int iop_throw_error(VM *vm, int kind, Value atom) {
    char *t = val_is_string(atom) ? str_to_utf8(vm, atom, NULL) : NULL;
    switch (kind) {
    case TE_CONST_ASSIGN: vm_throw_type_error(vm, "Assignment to constant variable."); break;
    case TE_NOT_DEFINED: vm_throw_reference_error(vm, "%s is not defined", t ? t : "?"); break;
    case TE_TDZ: vm_throw_reference_error(vm, "Cannot access '%s' before initialization", t ? t : "?"); break;
    case TE_SUPER_NOT_CALLED:
        vm_throw_reference_error(vm, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
        break;
    case TE_SYNTAX: vm_throw_syntax_error(vm, "%s", t ? t : ""); break;
    case TE_REFERENCE: vm_throw_reference_error(vm, "%s", t ? t : ""); break;
    default: vm_throw_type_error(vm, "%s", t ? t : ""); break;
    }
    free(t);
    return -1;
}

/* A new inline-cache array for template fd with `ways` entries per site, stored in FD_IC;
 * the entries of its current array, if any, are copied into each site's first ones. 0 when
 * the heap limit refuses it (vm->oom is set: the next safe point collects). */
static Value ic_alloc(VM *vm, Value fd, uint32_t ways) {
    uint32_t nic = fd_info(vm, fd)->nic;
    Ref r = heap_alloc_values(vm, CELL_ARRAY, (uint16_t)ways, (size_t)nic * ways * IC_ENTRY_WORDS, VAL_UNDEFINED);
    if (!r) return 0;
    Value old = fd_get(vm, fd, FD_IC);
    if (val_is_cell(old)) {
        uint32_t from = CELL(vm, val_ref(old))->aux;
        const Value *src = vm_cell_values(vm, val_ref(old));
        Value *dst = vm_cell_values(vm, r);
        for (uint32_t i = 0; i < nic; i++)
            memcpy(dst + (size_t)i * ways * IC_ENTRY_WORDS, src + (size_t)i * from * IC_ENTRY_WORDS,
                   (size_t)(from < ways ? from : ways) * IC_ENTRY_WORDS * sizeof(Value));
    }
    vm_cell_values(vm, val_ref(fd))[FD_IC] = val_cell(r);
    return val_cell(r);
}

/* Write an IC entry for site `ic` of the function in *fnslot: property sites keep the
 * entries most recently filled (this one first); global sites use entry 0 only. The
 * template's first fill allocates its FD_IC array with one entry per site; a property site
 * filled again while its entry is in use grows it to IC_ENTRIES per site (funcdef.h).
 * heap_alloc never collects, so the Values passed in stay valid; the interpreter picks the
 * new array up at its RELOAD after the slow path. If the allocation fails (vm->oom is set)
 * the site is just not cached. */
static void ic_fill5(VM *vm, Value *fnslot, uint32_t ic, Value shape, uint32_t slot, int cls, int kind,
                     Value extra, Value extra2, Value extra3) {
    if (ic == IC_NONE || slot > 0x1FFFFF || !fnslot) return;
    Value fd = fn_funcdef(vm, *fnslot);
    if (ic >= fd_info(vm, fd)->nic) return;
    Value ics = fd_get(vm, fd, FD_IC);
    if (!val_is_cell(ics) && !(ics = ic_alloc(vm, fd, 1))) return;
    int global = kind == IC_GLOBAL_LEX || kind == IC_GLOBAL_OBJ || kind == IC_GLOBAL_CONST;
    uint32_t ways = CELL(vm, val_ref(ics))->aux;
    Value *e = vm_cell_values(vm, val_ref(ics)) + (size_t)ic * ways * IC_ENTRY_WORDS;
    if (!global && ways < IC_ENTRIES && val_is_int(e[1])) {
        if (!(ics = ic_alloc(vm, fd, IC_ENTRIES))) return;
        ways = IC_ENTRIES;
        e = vm_cell_values(vm, val_ref(ics)) + (size_t)ic * ways * IC_ENTRY_WORDS;
    }
    if (!global)
        memmove(e + IC_ENTRY_WORDS, e, (ways - 1) * IC_ENTRY_WORDS * sizeof(Value));
    e[0] = shape;
    e[1] = val_int((int32_t)((slot << IC_SLOT_SHIFT) | ((uint32_t)cls << 3) | (uint32_t)kind));
    e[2] = extra;
    e[3] = extra2;
    e[4] = extra3;
}

static void ic_fill4(VM *vm, Value *fnslot, uint32_t ic, Value shape, uint32_t slot, int cls, int kind,
                     Value extra, Value extra2) {
    ic_fill5(vm, fnslot, ic, shape, slot, cls, kind, extra, extra2, VAL_UNDEFINED);
}

static void ic_fill(VM *vm, Value *fnslot, uint32_t ic, Value shape, uint32_t slot, int cls, int kind, Value extra) {
    ic_fill4(vm, fnslot, ic, shape, slot, cls, kind, extra, VAL_UNDEFINED);
}

/* Ordinary named-property behaviour for key on objects of class cls. */
static int plain_for_key(VM *vm, ClassId cls, Value key) {
    if (class_is_plain(cls)) return 1;
    return cls == CLASS_ARRAY && (val_is_symbol(key) || (val_is_string(key) && key != ATOM(vm, length)));
}

/* ---------------------------------------------------------------------------------------
 * Operators
 * ------------------------------------------------------------------------------------- */

static BigOp bigop_for(int op) {
    switch (op) {
    case OP_add: return BIG_ADD;
    case OP_sub: return BIG_SUB;
    case OP_mul: return BIG_MUL;
    case OP_div: return BIG_DIV;
    case OP_mod: return BIG_MOD;
    case OP_pow: return BIG_POW;
    case OP_shl: return BIG_SHL;
    case OP_sar: return BIG_SAR;
    case OP_shr: return BIG_SHR;
    case OP_band: return BIG_AND;
    case OP_bor: return BIG_OR;
    default: return BIG_XOR;
    }
}

/* Number operator on doubles / int32s. */
static Value number_binop(VM *vm, int op, Value a, Value b) {
    double x = num_value(a), y = num_value(b);
    switch (op) {
    case OP_add: return val_number(x + y);
    case OP_sub: return val_number(x - y);
    case OP_mul: return val_number(x * y);
    case OP_div: return val_number(x / y);
    case OP_mod: return val_number(fmod(x, y));
    case OP_pow: return val_number(jsmath_pow(x, y));
    default: break;
    }
    int32_t xi, yi;
    to_int32(vm, a, &xi);
    to_int32(vm, b, &yi);
    switch (op) {
    case OP_shl: return val_int((int32_t)((uint32_t)xi << (yi & 31)));
    case OP_sar: return val_int(xi >> (yi & 31));
    case OP_shr: return val_number((double)((uint32_t)xi >> (yi & 31)));
    case OP_band: return val_int(xi & yi);
    case OP_bor: return val_int(xi | yi);
    default: return val_int(xi ^ yi);
    }
}

/* IsLessThan(x, y): 1 true, 0 false, 2 undefined, -1 throw. Operands already primitive. */
static int less_than(VM *vm, Value *px, Value *py) {
    if (val_is_string(*px) && val_is_string(*py)) return str_compare(vm, *px, *py) < 0;
    if (val_is_bigint(*px) && val_is_string(*py)) {
        Value b = bigint_from_string(vm, *py);
        if (b == VAL_EXCEPTION) return -1;
        if (b == VAL_UNDEFINED) return 2;
        return bigint_compare(vm, *px, b) < 0;
    }
    if (val_is_string(*px) && val_is_bigint(*py)) {
        Value a = bigint_from_string(vm, *px);
        if (a == VAL_EXCEPTION) return -1;
        if (a == VAL_UNDEFINED) return 2;
        return bigint_compare(vm, a, *py) < 0;
    }
    Value nx = to_numeric(vm, *px);
    if (nx == VAL_EXCEPTION) return -1;
    *px = nx;
    Value ny = to_numeric(vm, *py);
    if (ny == VAL_EXCEPTION) return -1;
    *py = ny;
    nx = *px;
    if (val_is_number(nx) && val_is_number(ny)) {
        double x = num_value(nx), y = num_value(ny);
        if (x != x || y != y) return 2;
        return x < y;
    }
    if (val_is_bigint(nx) && val_is_bigint(ny)) return bigint_compare(vm, nx, ny) < 0;
    if (val_is_bigint(nx)) {
        int c = bigint_compare_double(vm, nx, num_value(ny));
        return c == -2 ? 2 : c < 0;
    }
    int c = bigint_compare_double(vm, ny, num_value(nx));
    return c == -2 ? 2 : c > 0;
}

int iop_binary(VM *vm, Value *sp, int op) {
    Value *a = &sp[-2], *b = &sp[-1];
    switch (op) {
    case OP_instanceof: {
        int r = vm_instance_of(vm, *a, *b);
        if (r < 0) return -1;
        *a = val_bool(r);
        return 0;
    }
    case OP_lt: case OP_le: case OP_gt: case OP_ge: {
        Value x = to_primitive(vm, *a, HINT_NUMBER);
        if (x == VAL_EXCEPTION) return -1;
        *a = x;
        Value y = to_primitive(vm, *b, HINT_NUMBER);
        if (y == VAL_EXCEPTION) return -1;
        *b = y;
        int r;
        if (op == OP_lt) { r = less_than(vm, a, b); if (r == 2) r = 0; }
        else if (op == OP_gt) { r = less_than(vm, b, a); if (r == 2) r = 0; }
        else if (op == OP_le) { r = less_than(vm, b, a); if (r >= 0) r = (r == 0); }
        else { r = less_than(vm, a, b); if (r >= 0) r = (r == 0); }
        if (r < 0) return -1;
        *a = val_bool(r);
        return 0;
    }
    case OP_add: {
        Value x = to_primitive(vm, *a, HINT_DEFAULT);
        if (x == VAL_EXCEPTION) return -1;
        *a = x;
        Value y = to_primitive(vm, *b, HINT_DEFAULT);
        if (y == VAL_EXCEPTION) return -1;
        *b = y;
        if (val_is_string(*a) || val_is_string(*b)) {
            Value sx = to_string(vm, *a);
            if (sx == VAL_EXCEPTION) return -1;
            *a = sx;
            Value sy = to_string(vm, *b);
            if (sy == VAL_EXCEPTION) return -1;
            Value r = str_concat(vm, *a, sy);
            if (r == VAL_EXCEPTION) return -1;
            *a = r;
            return 0;
        }
        break;
    }
    default:
        break;
    }
    Value x = to_numeric(vm, *a);
    if (x == VAL_EXCEPTION) return -1;
    *a = x;
    Value y = to_numeric(vm, *b);
    if (y == VAL_EXCEPTION) return -1;
    *b = y;
    x = *a;
    if (val_is_bigint(x) || val_is_bigint(y)) {
        if (!(val_is_bigint(x) && val_is_bigint(y))) {
            vm_throw_type_error(vm, "Cannot mix BigInt and other types, use explicit conversions");
            return -1;
        }
        Value r = bigint_binary(vm, bigop_for(op), x, y);
        if (r == VAL_EXCEPTION) return -1;
        *a = r;
        return 0;
    }
    *a = number_binop(vm, op, x, y);
    return 0;
}

int iop_unary(VM *vm, Value *sp, int op) {
    Value *a = &sp[-1];
    if (op == OP_plus) {
        Value n = to_number(vm, *a);
        if (n == VAL_EXCEPTION) return -1;
        *a = n;
        return 0;
    }
    Value n = to_numeric(vm, *a);
    if (n == VAL_EXCEPTION) return -1;
    *a = n;
    if (val_is_bigint(n)) {
        Value r;
        switch (op) {
        case OP_neg: r = bigint_negate(vm, n); break;
        case OP_bnot: r = bigint_bitnot(vm, n); break;
        case OP_inc: r = bigint_inc(vm, n, 1); break;
        case OP_dec: r = bigint_inc(vm, n, -1); break;
        default: r = n; break;
        }
        if (r == VAL_EXCEPTION) return -1;
        *a = r;
        return 0;
    }
    switch (op) {
    case OP_neg: *a = val_number(-num_value(n)); break;
    case OP_inc: *a = val_number(num_value(n) + 1); break;
    case OP_dec: *a = val_number(num_value(n) - 1); break;
    case OP_bnot: {
        int32_t i;
        to_int32(vm, n, &i);
        *a = val_int(~i);
        break;
    }
    default: break;
    }
    return 0;
}

int iop_to_bigint(VM *vm, Value *slot) {
    Value s = *slot;
    char *t = str_to_utf8(vm, s, NULL);
    if (!t) { vm_throw_out_of_memory(vm); return -1; }
    Value b = bigint_from_literal(vm, t, strlen(t));
    free(t);
    if (b == VAL_EXCEPTION) return -1;
    *slot = b;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Properties
 * ------------------------------------------------------------------------------------- */

int iop_call_getter(VM *vm, Value *thisslot, Value pair, Value *out) {
    Value getter = vm_cell_values(vm, val_ref(pair))[0];
    if (!vm_is_callable(vm, getter)) {   /* an accessor without [[Get]] */
        *out = VAL_UNDEFINED;
        return 0;
    }
    Value v = vm_call(vm, getter, *thisslot, 0, NULL);
    if (v == VAL_EXCEPTION) return -1;
    *out = v;
    return 0;
}

/* The value of a property found in a slot by iop_get_field_to: a data value, or for an
 * accessor (its slot holds the pair cell) the result of calling its getter on *objslot. */
static int field_slot_value(VM *vm, Value *objslot, Value v, int flags, Value *out) {
    if (flags & PROP_ACCESSOR) return iop_call_getter(vm, objslot, v, out);
    *out = v;
    return 0;
}

int iop_get_field_to(VM *vm, Value *objslot, Value key, Value *out, Value *fnslot, uint32_t ic) {
    Value obj = *objslot;
    if (val_is_object(obj)) {
        ClassId cls = obj_class(vm, obj);
        /* own, prototype and grand-prototype properties of shared shapes are cached (IC_OWN,
         * IC_PROTO, IC_PROTO2 with the holders' shapes); an accessor's entry yields its pair
         * cell (the interpreter calls the getter) */
        static const int kinds[3] = { IC_OWN, IC_PROTO, IC_PROTO2 };
        Value holder = obj, shapes[3] = { VAL_UNDEFINED, VAL_UNDEFINED, VAL_UNDEFINED };
        for (int depth = 0; depth < 3; depth++) {
            if (depth) holder = obj_words(vm, holder)[OBJ_PROTO];
            if (!val_is_object(holder) || !plain_for_key(vm, obj_class(vm, holder), key)) break;
            shapes[depth] = obj_words(vm, holder)[OBJ_SHAPE];
            if (shape_is_dict(vm, shapes[depth])) break;
            int flags;
            int j = shape_find(vm, shapes[depth], key, &flags);
            if (j >= 0) {
                ic_fill4(vm, fnslot, ic, shapes[0], (uint32_t)j, cls, kinds[depth],
                         depth >= 1 ? shapes[1] : VAL_UNDEFINED, depth == 2 ? shapes[2] : VAL_UNDEFINED);
                return field_slot_value(vm, objslot, obj_slots_ptr(vm, holder)[j], flags, out);
            }
        }
        Value v = obj_get(vm, obj, key, obj);
        if (v == VAL_EXCEPTION) return -1;
        *out = v;
        return 0;
    }
    if (val_is_nullish(obj)) {
        throw_nullish_read(vm, obj, key);
        return -1;
    }
    if (val_is_string(obj) && val_is_string(key) && key != ATOM(vm, length)) {
        /* not an own property of the string (those are "length" and indices below 2^30) */
        Value sp = vm_intrinsic(vm, INTR_StringPrototype);
        Value pshape = obj_words(vm, sp)[OBJ_SHAPE];
        if (val_is_object(sp) && !shape_is_dict(vm, pshape)) {
            int pf;
            int j = shape_find(vm, pshape, key, &pf);
            if (j >= 0 && !(pf & PROP_ACCESSOR)) {
                ic_fill(vm, fnslot, ic, pshape, (uint32_t)j, IC_CLASS_PRIM_STRING, IC_PROTO, VAL_UNDEFINED);
                *out = obj_slots_ptr(vm, sp)[j];
                return 0;
            }
        }
    }
    Value v = obj_get_v(vm, obj, key);
    if (v == VAL_EXCEPTION) return -1;
    *out = v;
    return 0;
}

int iop_get_field(VM *vm, Value *slot, Value key, Value *fnslot, uint32_t ic) {
    return iop_get_field_to(vm, slot, key, slot, fnslot, ic);
}

/* Set with a primitive base: ToObject(base).[[Set]](key, v, base). */
static int set_on_primitive(VM *vm, Value *objslot, Value key, Value *valslot, int strict) {
    VM_ROOT_SCOPE(vm);
    if (val_is_nullish(*objslot)) {
        throw_nullish_write(vm, *objslot, key);
        return -1;
    }
    Value o = to_object(vm, *objslot);
    if (o == VAL_EXCEPTION) return -1;
    vm_root(vm, &key);
    int r = obj_set(vm, o, key, *valslot, *objslot);
    if (r < 0) return -1;
    if (!r && strict) {
        throw_readonly(vm, *objslot, key);
        return -1;
    }
    return 0;
}

int iop_put_field(VM *vm, Value *objslot, Value key, Value *valslot, int strict, Value *fnslot, uint32_t ic) {
    VM_ROOT_SCOPE(vm);
    Value obj = *objslot;
    if (!val_is_object(obj)) return set_on_primitive(vm, objslot, key, valslot, strict);
    ClassId cls = obj_class(vm, obj);
    Value add_from = VAL_UNDEFINED;
    if (plain_for_key(vm, cls, key)) {
        Value shape = obj_words(vm, obj)[OBJ_SHAPE];
        if (!shape_is_dict(vm, shape)) {
            int flags;
            int idx = shape_find(vm, shape, key, &flags);
            if (idx >= 0 && (flags & PROP_WRITABLE) && !(flags & PROP_ACCESSOR)) {
                ic_fill(vm, fnslot, ic, shape, (uint32_t)idx, cls, IC_OWN, VAL_UNDEFINED);
                obj_slots_ptr(vm, obj)[idx] = *valslot;
                return 0;
            }
            /* a new property: cache the transition when no prototype has the key */
            if (idx < 0 && class_is_plain(cls) && val_is_string(key) && (obj_header(vm, obj)->flags & OF_EXTENSIBLE)) {
                int ok = 1;
                for (Value p = obj_words(vm, obj)[OBJ_PROTO]; val_is_object(p); p = obj_words(vm, p)[OBJ_PROTO]) {
                    int pf;
                    if (!class_is_plain(obj_class(vm, p)) || shape_find(vm, obj_words(vm, p)[OBJ_SHAPE], key, &pf) >= 0) {
                        ok = 0;
                        break;
                    }
                }
                if (ok) add_from = shape;
            }
        }
    }
    vm_root(vm, &key);   /* setters / proxy traps may collect (the interpreter drops the root) */
    vm_root(vm, &add_from);
    int r = obj_set(vm, obj, key, *valslot, obj);
    if (r < 0) return -1;
    if (r && add_from != VAL_UNDEFINED) {
        obj = *objslot;
        Value ns = obj_words(vm, obj)[OBJ_SHAPE];
        int nf;
        int idx = ns != add_from && !shape_is_dict(vm, ns) ? shape_find(vm, ns, key, &nf) : -1;
        if (idx >= 0 && nf == PROP_DEFAULT && (uint32_t)idx + 1 == shape_entry_count(vm, ns)) {
            Value p1s = VAL_UNDEFINED, p2s = VAL_UNDEFINED;
            Value p1 = obj_words(vm, obj)[OBJ_PROTO];
            if (val_is_object(p1) && !shape_is_dict(vm, obj_words(vm, p1)[OBJ_SHAPE])) {
                p1s = obj_words(vm, p1)[OBJ_SHAPE];
                Value p2 = obj_words(vm, p1)[OBJ_PROTO];
                if (val_is_object(p2) && !shape_is_dict(vm, obj_words(vm, p2)[OBJ_SHAPE])) p2s = obj_words(vm, p2)[OBJ_SHAPE];
            }
            ic_fill5(vm, fnslot, ic, add_from, (uint32_t)idx, cls, IC_ADD, ns, p1s, p2s);
        }
    }
    if (!r && strict) {
        throw_readonly(vm, *objslot, key);
        return -1;
    }
    return 0;
}

int iop_get_elem(VM *vm, Value *objslot, Value *keyslot, Value *out) {
    if (val_is_nullish(*objslot)) {
        Value k = *keyslot;
        if (val_is_object(k)) k = ATOM(vm, object);
        throw_nullish_read(vm, *objslot, k);
        return -1;
    }
    Value k = to_property_key(vm, *keyslot);
    if (k == VAL_EXCEPTION) return -1;
    *keyslot = k;
    Value obj = *objslot;
    Value v = val_is_object(obj) ? obj_get(vm, obj, k, obj) : obj_get_v(vm, obj, k);
    if (v == VAL_EXCEPTION) return -1;
    *out = v;
    return 0;
}

int iop_put_elem(VM *vm, Value *objslot, Value *keyslot, Value *valslot, int strict) {
    if (val_is_nullish(*objslot)) {
        Value k = *keyslot;
        if (val_is_object(k)) k = ATOM(vm, object);
        throw_nullish_write(vm, *objslot, k);
        return -1;
    }
    Value k = to_property_key(vm, *keyslot);
    if (k == VAL_EXCEPTION) return -1;
    *keyslot = k;
    if (!val_is_object(*objslot)) return set_on_primitive(vm, objslot, k, valslot, strict);
    /* appending to a plain dense array */
    Value obj = *objslot;
    if (val_is_int(k) && obj_class(vm, obj) == CLASS_ARRAY) {
        CellHeader *h = obj_header(vm, obj);
        Value *w = CELL_VALUES(h);
        if (!(h->flags & (OF_SLOW_ELEMENTS | OF_FROZEN_ELEMENTS | OF_SEALED_ELEMENTS)) && (h->flags & OF_EXTENSIBLE) &&
            val_is_int(w[OBJ_SLOT0]) && val_to_int(k) == val_to_int(w[OBJ_SLOT0]) &&
            w[OBJ_PROTO] == vm_intrinsic(vm, INTR_ArrayPrototype)) {
            Value ap = vm_intrinsic(vm, INTR_ArrayPrototype), op = vm_intrinsic(vm, INTR_ObjectPrototype);
            if (obj_words(vm, ap)[OBJ_ELEMENTS] == VAL_UNDEFINED && !(obj_header(vm, ap)->flags & OF_SLOW_ELEMENTS) &&
                obj_words(vm, op)[OBJ_ELEMENTS] == VAL_UNDEFINED && !(obj_header(vm, op)->flags & OF_SLOW_ELEMENTS) &&
                obj_words(vm, ap)[OBJ_PROTO] == op) {
                if (array_push(vm, obj, *valslot) < 0) return -1;
                return 0;
            }
        }
    }
    int r = obj_set(vm, obj, k, *valslot, obj);
    if (r < 0) return -1;
    if (!r && strict) {
        throw_readonly(vm, *objslot, k);
        return -1;
    }
    return 0;
}

int iop_get_length(VM *vm, Value *slot) {
    return iop_get_field_to(vm, slot, ATOM(vm, length), slot, NULL, IC_NONE);
}

int iop_delete(VM *vm, Value *sp, int strict) {
    Value *o = &sp[-2], *k = &sp[-1];
    if (val_is_nullish(*o)) {
        vm_throw_type_error(vm, "Cannot convert undefined or null to object");
        return -1;
    }
    Value key = to_property_key(vm, *k);
    if (key == VAL_EXCEPTION) return -1;
    *k = key;
    Value obj = to_object(vm, *o);
    if (obj == VAL_EXCEPTION) return -1;
    *o = obj;
    int r = obj_delete(vm, obj, *k);
    if (r < 0) return -1;
    if (!r && strict) {
        char *t = key_text(vm, *k);
        char buf[128];
        vm_describe_value(vm, *o, buf, sizeof buf);
        vm_throw_type_error(vm, "Cannot delete property '%s' of %s", t ? t : "?", buf);
        free(t);
        return -1;
    }
    *o = val_bool(r);
    return 0;
}

int iop_in(VM *vm, Value *sp) {
    Value *k = &sp[-2], *o = &sp[-1];
    if (!val_is_object(*o)) {
        char buf[128], kb[128];
        vm_describe_value(vm, *o, buf, sizeof buf);
        char *t = val_is_object(*k) ? NULL : key_text(vm, *k);
        if (!t) vm_describe_value(vm, *k, kb, sizeof kb);
        vm_throw_type_error(vm, "Cannot use 'in' operator to search for '%s' in %s", t ? t : kb, buf);
        free(t);
        return -1;
    }
    Value key = to_property_key(vm, *k);
    if (key == VAL_EXCEPTION) return -1;
    *k = key;
    int r = obj_has_property(vm, *o, *k);
    if (r < 0) return -1;
    *k = val_bool(r);
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Globals
 * ------------------------------------------------------------------------------------- */

Value iop_global_lexicals(VM *vm) {
    Value lex = vm_intrinsic(vm, INTR_GlobalLexicals);
    if (val_is_object(lex)) return lex;
    lex = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (lex == VAL_EXCEPTION) return lex;
    vm_set_intrinsic(vm, INTR_GlobalLexicals, lex);
    return lex;
}

/* Find a real lexical declaration (not a VarNames marker) in the global lexicals: slot or -1. */
static int lex_find(VM *vm, Value lex, Value atom, int *flags) {
    int idx = shape_find(vm, obj_words(vm, lex)[OBJ_SHAPE], atom, flags);
    if (idx < 0) return -1;
    if (obj_slots_ptr(vm, lex)[idx] == VAL_EMPTY) return -2;   /* var name marker */
    return idx;
}

static Value throw_not_defined(VM *vm, Value atom) {
    char *t = str_to_utf8(vm, atom, NULL);
    vm_throw_reference_error(vm, "%s is not defined", t ? t : "?");
    free(t);
    return VAL_EXCEPTION;
}

int iop_global_has(VM *vm, Value atom) {
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    int flags;
    if (lex_find(vm, lex, atom, &flags) >= 0) return 1;
    return obj_has_property(vm, vm_intrinsic(vm, INTR_GlobalObject), atom);
}

int iop_get_global(VM *vm, Value atom, Value *out, int typeof_mode, Value *fnslot, uint32_t ic) {
    VM_ROOT_SCOPE(vm);
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    int flags;
    int idx = lex_find(vm, lex, atom, &flags);
    if (idx >= 0) {
        Value v = obj_slots_ptr(vm, lex)[idx];
        if (v == VAL_UNINIT) return iop_tdz_error(vm, atom);
        if (!(flags & PROP_WRITABLE))   /* an initialized const never changes */
            ic_fill(vm, fnslot, ic, VAL_TRUE, 0, 0, IC_GLOBAL_CONST, v);
        else
            ic_fill(vm, fnslot, ic, obj_words(vm, lex)[OBJ_SHAPE], (uint32_t)idx, 0, IC_GLOBAL_LEX, VAL_UNDEFINED);
        *out = v;
        return 0;
    }
    Value g = vm_intrinsic(vm, INTR_GlobalObject);
    if (class_is_plain(obj_class(vm, g))) {
        Value gshape = obj_words(vm, g)[OBJ_SHAPE];
        int gf;
        int j = shape_find(vm, gshape, atom, &gf);
        if (j >= 0 && !(gf & PROP_ACCESSOR)) {
            Value lshape = obj_words(vm, lex)[OBJ_SHAPE];
            if (!shape_is_dict(vm, lshape))
                ic_fill(vm, fnslot, ic, gshape, (uint32_t)j, 0, IC_GLOBAL_OBJ, lshape);
            *out = obj_slots_ptr(vm, g)[j];
            return 0;
        }
    }
    vm_root(vm, &atom);   /* proxies on the global's prototype chain may run JavaScript */
    int has = obj_has_property(vm, g, atom);
    if (has < 0) return -1;
    if (!has) {
        if (typeof_mode) { *out = VAL_UNDEFINED; return 0; }
        throw_not_defined(vm, atom);
        return -1;
    }
    g = vm_intrinsic(vm, INTR_GlobalObject);
    Value v = obj_get(vm, g, atom, g);
    if (v == VAL_EXCEPTION) return -1;
    *out = v;
    return 0;
}

int iop_put_global(VM *vm, Value atom, Value *valslot, int strict, Value *fnslot, uint32_t ic) {
    VM_ROOT_SCOPE(vm);
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    int flags;
    int idx = lex_find(vm, lex, atom, &flags);
    if (idx >= 0) {
        Value *sl = obj_slots_ptr(vm, lex);
        if (sl[idx] == VAL_UNINIT) return iop_tdz_error(vm, atom);
        if (!(flags & PROP_WRITABLE)) {
            vm_throw_type_error(vm, "Assignment to constant variable.");
            return -1;
        }
        sl[idx] = *valslot;
        return 0;
    }
    Value g = vm_intrinsic(vm, INTR_GlobalObject);
    if (class_is_plain(obj_class(vm, g))) {
        Value gshape = obj_words(vm, g)[OBJ_SHAPE];
        int gf;
        int j = shape_find(vm, gshape, atom, &gf);
        if (j >= 0 && (gf & PROP_WRITABLE) && !(gf & PROP_ACCESSOR)) {
            Value lshape = obj_words(vm, lex)[OBJ_SHAPE];
            if (!shape_is_dict(vm, lshape))
                ic_fill(vm, fnslot, ic, gshape, (uint32_t)j, 0, IC_GLOBAL_OBJ, lshape);
            obj_slots_ptr(vm, g)[j] = *valslot;
            return 0;
        }
    }
    vm_root(vm, &atom);
    if (strict) {
        int has = obj_has_property(vm, g, atom);
        if (has < 0) return -1;
        if (!has) { throw_not_defined(vm, atom); return -1; }
        g = vm_intrinsic(vm, INTR_GlobalObject);
    }
    int r = obj_set(vm, g, atom, *valslot, g);
    if (r < 0) return -1;
    if (!r && strict) {
        throw_readonly(vm, vm_intrinsic(vm, INTR_GlobalObject), atom);
        return -1;
    }
    return 0;
}

/* Global var names need no separate record: since ES2024 (no [[VarNames]]), a later
 * lexical declaration only conflicts with a non-configurable global property. */
static int add_var_name(VM *vm, Value atom) {
    (void)vm; (void)atom;
    return 0;
}

/* CreateGlobalFunctionBinding(N, V, D). */
static int create_global_function(VM *vm, Value atom, Value *valslot, int deletable) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &atom);
    Value g = vm_intrinsic(vm, INTR_GlobalObject);
    PropDesc cur;
    int has = obj_get_own_property(vm, g, atom, &cur);
    if (has < 0) return -1;
    PropDesc d;
    if (!has || (cur.flags & PROP_CONFIGURABLE)) {
        desc_data(&d, *valslot, PROP_WRITABLE | PROP_ENUMERABLE | (deletable ? PROP_CONFIGURABLE : 0));
    } else {
        desc_init(&d);
        d.value = *valslot;
        d.has = DESC_HAS_VALUE;
    }
    g = vm_intrinsic(vm, INTR_GlobalObject);
    if (obj_define_property_throw(vm, g, atom, &d) < 0) return -1;
    g = vm_intrinsic(vm, INTR_GlobalObject);
    if (obj_set(vm, g, atom, *valslot, g) < 0) return -1;
    return add_var_name(vm, atom);
}

int iop_init_global(VM *vm, Value atom, Value *valslot, int kind) {
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    switch (kind) {
    case 1:
    case 2: {
        int flags;
        int idx = lex_find(vm, lex, atom, &flags);
        if (idx >= 0) {
            obj_slots_ptr(vm, lex)[idx] = *valslot;
            return 0;
        }
        return obj_define_fast(vm, lex, atom, *valslot, kind == 2 ? PROP_ENUMERABLE : PROP_DEFAULT);
    }
    case 3: return create_global_function(vm, atom, valslot, 0);
    case 5: {
        int flags;
        if (lex_find(vm, lex, atom, &flags) >= 0) goto redeclared;
        return create_global_function(vm, atom, valslot, 1);
    }
    case 4: {
        int flags;
        if (lex_find(vm, lex, atom, &flags) >= 0) goto redeclared;
        Value g = vm_intrinsic(vm, INTR_GlobalObject);
        int has = obj_has_own_property(vm, g, atom);
        if (has < 0) return -1;
        if (!has) {
            int ext = obj_is_extensible(vm, vm_intrinsic(vm, INTR_GlobalObject));
            if (ext < 0) return -1;
            if (ext) {
                PropDesc d;
                desc_data(&d, VAL_UNDEFINED, PROP_DEFAULT);
                if (obj_define_property_throw(vm, vm_intrinsic(vm, INTR_GlobalObject), atom, &d) < 0) return -1;
            }
        }
        return add_var_name(vm, atom);
    }
    default:
        return 0;
    }
redeclared: {
        char *t = str_to_utf8(vm, atom, NULL);
        vm_throw_syntax_error(vm, "Identifier '%s' has already been declared", t ? t : "?");
        free(t);
        return -1;
    }
}

int iop_global_decl(VM *vm, Value desc) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &desc);
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    uint32_t n = list_count(vm, desc) / 2;
    /* checks first (GlobalDeclarationInstantiation steps 3-11) */
    for (uint32_t i = 0; i < n; i++) {
        Value atom = list_items(vm, desc)[2 * i];
        int kind = val_to_int(list_items(vm, desc)[2 * i + 1]);
        int flags;
        int idx = shape_find(vm, obj_words(vm, lex)[OBJ_SHAPE], atom, &flags);
        Value g = vm_intrinsic(vm, INTR_GlobalObject);
        /* any kind: an existing global lexical binding of the name conflicts */
        if (idx >= 0 && obj_slots_ptr(vm, lex)[idx] != VAL_EMPTY) goto redeclared;
        PropDesc d;
        int has = obj_get_own_property(vm, g, atom, &d);
        if (has < 0) return -1;
        if (kind >= 2 && kind < 5) {   /* lexical: a non-configurable global property conflicts */
            if (has && !(d.flags & PROP_CONFIGURABLE)) goto redeclared;
            continue;
        }
        /* var / function (1), eval var (5) / eval function (6): must be definable */
        g = vm_intrinsic(vm, INTR_GlobalObject);
        if (!has) {
            int ext = obj_is_extensible(vm, g);
            if (ext < 0) return -1;
            if (!ext) goto cannot_declare;
        } else if ((kind == 1 || kind == 6) && !(d.flags & PROP_CONFIGURABLE) &&
                   ((d.flags & PROP_ACCESSOR) || !(d.flags & PROP_WRITABLE) || !(d.flags & PROP_ENUMERABLE))) {
            goto cannot_declare;
        }
        continue;
    redeclared: {
            char *t = str_to_utf8(vm, atom, NULL);
            vm_throw_syntax_error(vm, "Identifier '%s' has already been declared", t ? t : "?");
            free(t);
            return -1;
        }
    cannot_declare: {
            char *t = str_to_utf8(vm, atom, NULL);
            vm_throw_type_error(vm, "Cannot redefine property: %s", t ? t : "?");
            free(t);
            return -1;
        }
    }
    /* create the bindings */
    for (uint32_t i = 0; i < n; i++) {
        Value atom = list_items(vm, desc)[2 * i];
        int kind = val_to_int(list_items(vm, desc)[2 * i + 1]);
        if (kind >= 5) continue;   /* created by init_global */
        if (kind >= 2) {
            lex = vm_intrinsic(vm, INTR_GlobalLexicals);
            if (obj_define_fast(vm, lex, atom, VAL_UNINIT, kind == 3 ? PROP_ENUMERABLE : PROP_DEFAULT) < 0) return -1;
        } else if (kind == 0) {
            Value g = vm_intrinsic(vm, INTR_GlobalObject);
            int has = obj_has_own_property(vm, g, atom);
            if (has < 0) return -1;
            if (!has) {
                PropDesc d;
                desc_data(&d, VAL_UNDEFINED, PROP_WRITABLE | PROP_ENUMERABLE);
                if (obj_define_property_throw(vm, vm_intrinsic(vm, INTR_GlobalObject), atom, &d) < 0) return -1;
            }
            atom = list_items(vm, desc)[2 * i];
            if (add_var_name(vm, atom) < 0) return -1;
        }
    }
    return 0;
}

int iop_delete_global(VM *vm, Value atom, Value *out) {
    Value lex = iop_global_lexicals(vm);
    if (lex == VAL_EXCEPTION) return -1;
    int flags;
    if (lex_find(vm, lex, atom, &flags) >= 0) { *out = VAL_FALSE; return 0; }
    Value g = vm_intrinsic(vm, INTR_GlobalObject);
    int has = obj_has_own_property(vm, g, atom);
    if (has < 0) return -1;
    if (!has) {
        /* not an own property: true unless found on the prototype chain (nothing to do) */
        *out = VAL_TRUE;
        return 0;
    }
    int r = obj_delete(vm, vm_intrinsic(vm, INTR_GlobalObject), atom);
    if (r < 0) return -1;
    if (r) {
        lex = vm_intrinsic(vm, INTR_GlobalLexicals);
        int idx = shape_find(vm, obj_words(vm, lex)[OBJ_SHAPE], atom, &flags);
        if (idx >= 0 && obj_slots_ptr(vm, lex)[idx] == VAL_EMPTY && ordinary_delete(vm, lex, atom) < 0) return -1;
    }
    *out = val_bool(r);
    return 0;
}

int iop_has_binding(VM *vm, Value *objslot, Value atom, int is_with) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(*objslot)) return 0;
    vm_root(vm, &atom);   /* proxy traps may collect (the interpreter drops the root) */
    int r = is_with ? obj_has_property(vm, *objslot, atom) : obj_has_own_property(vm, *objslot, atom);
    if (r <= 0 || !is_with) return r;
    Value u = obj_get(vm, *objslot, vm_wks(vm, WKS_unscopables), *objslot);
    if (u == VAL_EXCEPTION) return -1;
    if (val_is_object(u)) {
        Value b = obj_get(vm, u, atom, u);
        if (b == VAL_EXCEPTION) return -1;
        if (to_boolean(vm, b)) return 0;
    }
    return 1;
}

int iop_eval_var_decl(VM *vm, Value *sp, Value atom, int is_fn) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &atom);
    Value *o = &sp[-2], *v = &sp[-1];
    if (is_fn) return obj_create_data_property_throw(vm, *o, atom, *v) < 0 ? -1 : 0;
    int has = obj_has_own_property(vm, *o, atom);
    if (has < 0) return -1;
    if (has) return 0;
    return obj_create_data_property_throw(vm, *o, atom, VAL_UNDEFINED) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------------------------------
 * Object and class literals
 * ------------------------------------------------------------------------------------- */

int iop_define_field(VM *vm, Value *sp, Value key, Value *fnslot, uint32_t ic) {
    Value obj = sp[-2];
    if (obj_class(vm, obj) == CLASS_OBJECT && (obj_header(vm, obj)->flags & OF_EXTENSIBLE)) {
        int flags;
        Value sh = obj_words(vm, obj)[OBJ_SHAPE];
        if (shape_find(vm, sh, key, &flags) < 0) {
            if (obj_define_fast(vm, obj, key, sp[-1], PROP_DEFAULT) < 0) return -1;
            /* cache the transition (shared shapes only: dictionary shapes are per object) */
            Value ns = obj_words(vm, sp[-2])[OBJ_SHAPE];
            if (!shape_is_dict(vm, sh) && !shape_is_dict(vm, ns) && ns != sh) {
                int idx = shape_find(vm, ns, key, &flags);
                if (idx >= 0 && flags == PROP_DEFAULT && (uint32_t)idx + 1 == shape_entry_count(vm, ns))
                    ic_fill5(vm, fnslot, ic, sh, (uint32_t)idx, CLASS_OBJECT, IC_ADD, ns, VAL_UNDEFINED, VAL_UNDEFINED);
            }
            return 0;
        }
    }
    return obj_create_data_property_throw(vm, sp[-2], key, sp[-1]) < 0 ? -1 : 0;
}

int iop_define_elem(VM *vm, Value *sp) {
    Value k = to_property_key(vm, sp[-2]);
    if (k == VAL_EXCEPTION) return -1;
    sp[-2] = k;
    return obj_create_data_property_throw(vm, sp[-3], sp[-2], sp[-1]) < 0 ? -1 : 0;
}

int iop_define_method(VM *vm, Value *objslot, Value *keyslot, Value *fnslot, int flags) {
    int kind = flags & DM_KIND_MASK;
    if (flags & 0x100) {
        if (iop_set_name(vm, fnslot, keyslot, kind == DM_GETTER ? "get" : kind == DM_SETTER ? "set" : NULL) < 0)
            return -1;
    }
    Value f = *fnslot;
    if (!(flags & DM_NO_HOME) && val_is_object(f) && obj_class(vm, f) == CLASS_FUNCTION)
        *obj_slot(vm, f, FN_HOME) = *objslot;
    PropDesc d;
    desc_init(&d);
    int en = (flags & DM_ENUMERABLE) ? PROP_ENUMERABLE : 0;
    if (kind == DM_METHOD) {
        desc_data(&d, *fnslot, PROP_WRITABLE | PROP_CONFIGURABLE | en);
    } else {
        d.flags = (uint8_t)(PROP_CONFIGURABLE | en);
        d.has = DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE;
        if (kind == DM_GETTER) { d.get = *fnslot; d.has |= DESC_HAS_GET; }
        else { d.set = *fnslot; d.has |= DESC_HAS_SET; }
    }
    return obj_define_property_throw(vm, *objslot, *keyslot, &d) < 0 ? -1 : 0;
}

int iop_copy_data_props(VM *vm, Value *target, Value *src, Value *excl, int nexcl) {
    VM_ROOT_SCOPE(vm);
    if (val_is_nullish(*src)) return 0;
    Value from = to_object(vm, *src);
    if (from == VAL_EXCEPTION) return -1;
    *src = from;
    Value keys = obj_own_keys(vm, from);
    if (keys == VAL_EXCEPTION) return -1;
    size_t mark = vm->nroots;
    vm_root(vm, &keys);
    uint32_t n = list_count(vm, keys);
    for (uint32_t i = 0; i < n; i++) {
        Value k = list_items(vm, keys)[i];
        if (k == VAL_UNDEFINED) continue;   /* empty lists hold one undefined word */
        int skip = 0;
        for (int j = 0; j < nexcl; j++)
            if (same_value(vm, excl[j], k)) { skip = 1; break; }
        if (skip) continue;
        PropDesc d;
        int has = obj_get_own_property(vm, *src, k, &d);
        if (has < 0) { vm->nroots = mark; return -1; }
        if (!has || !(d.flags & PROP_ENUMERABLE)) continue;
        k = list_items(vm, keys)[i];
        Value v = obj_get(vm, *src, k, *src);
        if (v == VAL_EXCEPTION) { vm->nroots = mark; return -1; }
        k = list_items(vm, keys)[i];
        if (obj_create_data_property(vm, *target, k, v) < 0) { vm->nroots = mark; return -1; }
    }
    vm->nroots = mark;
    return 0;
}

int iop_set_proto(VM *vm, Value *sp) {
    Value v = sp[-1];
    if (!val_is_object(v) && v != VAL_NULL) return 0;
    return obj_set_prototype_of(vm, sp[-2], v) < 0 ? -1 : 0;
}

int iop_set_name(VM *vm, Value *fnslot, Value *keyslot, const char *prefix) {
    Value f = *fnslot;
    if (!val_is_object(f)) return 0;
    PropDesc d;
    int has = ordinary_get_own_property(vm, f, ATOM(vm, name), &d);
    if (has && !((d.has & DESC_HAS_VALUE) && val_is_string(d.value) && str_length(vm, d.value) == 0)) return 0;
    return fn_set_name(vm, *fnslot, *keyslot, prefix) < 0 ? -1 : 0;
}

int iop_template_object(VM *vm, Value *fnslot, uint32_t k, Value *out) {
    Value fd = fn_funcdef(vm, *fnslot);
    Value site = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[k];
    if (val_is_object(site)) { *out = site; return 0; }
    uint32_t n = list_count(vm, site) / 2;
    /* no JavaScript runs below: plain allocation only */
    Value raw = array_from_values(vm, list_items(vm, site) + n, n);
    if (raw == VAL_EXCEPTION) return -1;
    site = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[k];
    Value tpl = array_from_values(vm, list_items(vm, site), n);
    if (tpl == VAL_EXCEPTION) return -1;
    if (obj_define_fast(vm, tpl, ATOM(vm, raw), raw, 0) < 0) return -1;
    if (obj_set_integrity(vm, raw, 1) < 0) return -1;
    if (obj_set_integrity(vm, tpl, 1) < 0) return -1;
    vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[k] = tpl;
    *out = tpl;
    return 0;
}

int iop_regexp(VM *vm, Value *fnslot, uint32_t k, Value *out) {
    Value fd = fn_funcdef(vm, *fnslot);
    Value site = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[k];
    Value *w = vm_cell_values(vm, val_ref(site));
    if (!val_is_cell(w[2])) {
        Value prog = regexp_compile(vm, w[0], w[1]);
        if (prog == VAL_EXCEPTION) return -1;
        fd = fn_funcdef(vm, *fnslot);
        site = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[k];
        vm_cell_values(vm, val_ref(site))[2] = prog;
    }
    w = vm_cell_values(vm, val_ref(site));
    Value r = regexp_create_with_program(vm, w[0], w[1], w[2]);
    if (r == VAL_EXCEPTION) return -1;
    *out = r;
    return 0;
}

int iop_class_create(VM *vm, Value *sp, Value fd, int has_heritage) {
    VM_ROOT_SCOPE(vm);
    Value *heritage = &sp[-2], *name = &sp[-1];
    vm_root(vm, &fd);   /* the heritage's "prototype" getter may collect (the interpreter drops the root) */
    Value proto_parent = vm_intrinsic(vm, INTR_ObjectPrototype);
    Value ctor_parent = vm_intrinsic(vm, INTR_FunctionPrototype);
    if (has_heritage) {
        Value h = *heritage;
        if (h == VAL_NULL) {
            proto_parent = VAL_NULL;
        } else if (!vm_is_constructor(vm, h)) {
            char buf[128];
            vm_describe_value(vm, h, buf, sizeof buf);
            vm_throw_type_error(vm, "Class extends value %s is not a constructor or null", buf);
            return -1;
        } else {
            Value pp = obj_get(vm, h, ATOM(vm, prototype), h);
            if (pp == VAL_EXCEPTION) return -1;
            if (!val_is_object(pp) && pp != VAL_NULL) {
                char buf[128];
                vm_describe_value(vm, pp, buf, sizeof buf);
                vm_throw_type_error(vm, "Class extends value does not have valid prototype property %s", buf);
                return -1;
            }
            proto_parent = pp;
            ctor_parent = *heritage;
        }
    }
    /* proto_parent / ctor_parent stay valid: no JavaScript runs below */
    Value proto = obj_new(vm, proto_parent, CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    Value env = vm->stack[vm->frames[vm->frame_count - 1].vars + LOC_ENV];
    Value f = closure_new(vm, fd, env, proto);
    if (f == VAL_EXCEPTION) return -1;
    obj_words(vm, f)[OBJ_PROTO] = ctor_parent;
    if (fn_set_name(vm, f, *name, NULL) < 0) return -1;
    if (obj_define_fast(vm, f, ATOM(vm, prototype), proto, 0) < 0) return -1;
    if (obj_define_fast(vm, proto, ATOM(vm, constructor), f, PROP_METHOD) < 0) return -1;
    sp[-2] = f;
    sp[-1] = proto;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Private names and super
 * ------------------------------------------------------------------------------------- */

static void throw_private(VM *vm, const char *fmt, Value sym) {
    Value d = symbol_description(vm, sym);
    char *t = val_is_string(d) ? str_to_utf8(vm, d, NULL) : NULL;
    vm_throw_type_error(vm, fmt, t ? t : "#?");
    free(t);
}

/* Object environment records (with): GetBindingValue / SetMutableBinding check
 * HasProperty again (the binding may have gone since it was resolved). */
static Value throw_not_defined(VM *vm, Value atom);

int iop_with_get(VM *vm, Value *sp, Value atom, int strict) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &atom);
    if (val_is_object(sp[-1])) {
        int r = obj_has_property(vm, sp[-1], atom);
        if (r < 0) return -1;
        if (!r) {
            if (strict) { throw_not_defined(vm, atom); return -1; }
            sp[-1] = VAL_UNDEFINED;
            return 0;
        }
    }
    Value v = obj_get_v(vm, sp[-1], atom);
    if (v == VAL_EXCEPTION) return -1;
    sp[-1] = v;
    return 0;
}

int iop_with_put(VM *vm, Value *sp, Value atom, int strict) {
    VM_ROOT_SCOPE(vm);
    if (!val_is_object(sp[-2])) return 0;
    vm_root(vm, &atom);
    int r = obj_has_property(vm, sp[-2], atom);
    if (r < 0) return -1;
    if (!r && strict) { throw_not_defined(vm, atom); return -1; }
    r = obj_set(vm, sp[-2], atom, sp[-1], sp[-2]);
    if (r < 0) return -1;
    if (!r && strict) { throw_readonly(vm, sp[-2], atom); return -1; }
    return 0;
}

/* get_private / put_private: the generic path, then cache (shape, slot, private name) when
 * the member is a writable data property in a shared shape. */
int iop_private_ic(VM *vm, Value *sp, int op, Value *fnslot, uint32_t ic) {
    Value obj = op == 0 ? sp[-2] : sp[-3];
    Value sym = op == 0 ? sp[-1] : sp[-2];
    if (ic != IC_NONE && val_is_object(obj)) {
        Value sh = obj_words(vm, obj)[OBJ_SHAPE];
        int flags;
        int idx = shape_is_dict(vm, sh) ? -1 : shape_find(vm, sh, sym, &flags);
        if (idx >= 0 && !(flags & PROP_ACCESSOR) && (op == 0 || (flags & PROP_WRITABLE)) && idx <= 0x1FFFFF)
            ic_fill5(vm, fnslot, ic, sh, (uint32_t)idx, obj_class(vm, obj), IC_OWN, sym, VAL_UNDEFINED, VAL_UNDEFINED);
    }
    return iop_private(vm, sp, op, 0);
}

int iop_private(VM *vm, Value *sp, int op, int flags) {
    if (op == 4) {   /* obj sym getter setter -> obj */
        PropDesc d;
        if (!val_is_object(sp[-4])) {
            vm_throw_type_error(vm, "Cannot define private member on non-object");
            return -1;
        }
        if (ordinary_get_own_property(vm, sp[-4], sp[-3], &d) > 0) {
            throw_private(vm, "Cannot initialize %s twice on the same object", sp[-3]);
            return -1;
        }
        return obj_define_accessor_fast(vm, sp[-4], sp[-3], sp[-2], sp[-1], 0) < 0 ? -1 : 0;
    }
    if (op == 3) {   /* sym obj -> bool */
        if (!val_is_object(sp[-1])) {
            char buf[128];
            vm_describe_value(vm, sp[-1], buf, sizeof buf);
            Value d = symbol_description(vm, sp[-2]);
            char *t = val_is_string(d) ? str_to_utf8(vm, d, NULL) : NULL;
            vm_throw_type_error(vm, "Cannot use 'in' operator to search for '%s' in %s", t ? t : "#?", buf);
            free(t);
            return -1;
        }
        PropDesc d;
        int has = ordinary_get_own_property(vm, sp[-1], sp[-2], &d);
        sp[-2] = val_bool(has > 0);
        return 0;
    }
    int base = op == 0 ? -2 : -3;
    Value *obj = &sp[base], *sym = &sp[base + 1];
    if (!val_is_object(*obj)) {
        if (op == 2) {
            vm_throw_type_error(vm, "Cannot define private member on non-object");
            return -1;
        }
        throw_private(vm, op == 0 ? "Cannot read private member %s from an object whose class did not declare it"
                                  : "Cannot write private member %s to an object whose class did not declare it", *sym);
        return -1;
    }
    PropDesc d;
    int has = ordinary_get_own_property(vm, *obj, *sym, &d);
    if (has < 0) return -1;
    switch (op) {
    case 0:
        if (!has) {
            throw_private(vm, "Cannot read private member %s from an object whose class did not declare it", *sym);
            return -1;
        }
        if (d.has & DESC_HAS_VALUE) { sp[-2] = d.value; return 0; }
        if (d.get == VAL_UNDEFINED) {
            throw_private(vm, "'%s' was defined without a getter", *sym);
            return -1;
        }
        {
            Value r = vm_call(vm, d.get, *obj, 0, NULL);
            if (r == VAL_EXCEPTION) return -1;
            sp[-2] = r;
        }
        return 0;
    case 1:
        if (!has) {
            throw_private(vm, "Cannot write private member %s to an object whose class did not declare it", *sym);
            return -1;
        }
        if (!(d.has & DESC_HAS_VALUE)) {
            if (d.set == VAL_UNDEFINED) {
                throw_private(vm, "'%s' was defined without a setter", *sym);
                return -1;
            }
            Value r = vm_call(vm, d.set, *obj, 1, &sp[-1]);
            return r == VAL_EXCEPTION ? -1 : 0;
        }
        if (!(d.flags & PROP_WRITABLE)) {
            throw_private(vm, "Private method '%s' is not writable", *sym);
            return -1;
        }
        return obj_define_fast(vm, *obj, *sym, sp[-1], PROP_WRITABLE) < 0 ? -1 : 0;
    default: {
        int kind = flags;
        if (has) {
            throw_private(vm, "Cannot initialize %s twice on the same object", *sym);
            return -1;
        }
        if (kind == 0) return obj_define_fast(vm, *obj, *sym, sp[-1], PROP_WRITABLE) < 0 ? -1 : 0;
        if (kind == 1) return obj_define_fast(vm, *obj, *sym, sp[-1], 0) < 0 ? -1 : 0;
        Value getter = has ? d.get : VAL_UNDEFINED, setter = has ? d.set : VAL_UNDEFINED;
        if (kind == 2) getter = sp[-1]; else setter = sp[-1];
        return obj_define_accessor_fast(vm, *obj, *sym, getter, setter, 0) < 0 ? -1 : 0;
    }
    }
}

/* put: 0 get [this key base], 1 sloppy put / 2 strict put [this key base v], 3 super_base [func]. */
int iop_super(VM *vm, Value *sp, int put) {
    if (put == 3) {
        Value func = sp[-1];
        Value home = val_is_object(func) && obj_class(vm, func) == CLASS_FUNCTION ? *obj_slot(vm, func, FN_HOME) : VAL_UNDEFINED;
        if (!val_is_object(home)) {
            vm_throw_syntax_error(vm, "'super' keyword unexpected here");
            return -1;
        }
        Value proto = obj_get_prototype_of(vm, home);
        if (proto == VAL_EXCEPTION) return -1;
        sp[-1] = proto;
        return 0;
    }
    int strict = put == 2;
    int base = put ? -4 : -3;
    Value *thisv = &sp[base], *key = &sp[base + 1], *proto = &sp[base + 2];
    if (!val_is_object(*proto)) {
        if (put) throw_nullish_write(vm, *proto, val_is_symbol(*key) || val_is_string(*key) || val_is_int(*key) ? *key : ATOM(vm, empty));
        else throw_nullish_read(vm, *proto, val_is_symbol(*key) || val_is_string(*key) || val_is_int(*key) ? *key : ATOM(vm, empty));
        return -1;
    }
    Value k = to_property_key(vm, *key);
    if (k == VAL_EXCEPTION) return -1;
    *key = k;
    if (!put) {
        Value v = obj_get(vm, *proto, *key, *thisv);
        if (v == VAL_EXCEPTION) return -1;
        *thisv = v;
        return 0;
    }
    int r = obj_set(vm, *proto, *key, sp[-1], *thisv);
    if (r < 0) return -1;
    if (!r && strict) {
        throw_readonly(vm, *thisv, *key);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Arrays and spread
 * ------------------------------------------------------------------------------------- */

/* %ArrayIteratorPrototype%.next's entry in array.c's native table (static data, the same
 * for every VM of the process), looked up once. */
static _Atomic(const NativeDef *) array_iter_next;

const NativeDef *interp_array_iter_next_def(void) {
    const NativeDef *d = atomic_load_explicit(&array_iter_next, memory_order_relaxed);
    if (d) return d;
    for (size_t t = 0; t < array_tables_count; t++) {
        if (strcmp(array_tables[t].name, "%ArrayIteratorPrototype%") != 0) continue;
        for (uint32_t i = 0; i < array_tables[t].count; i++)
            if (strcmp(array_tables[t].defs[i].name, "next") == 0) d = &array_tables[t].defs[i];
    }
    static const NativeDef none = { "", NULL, 0, 0, 0, 0 };
    if (!d) d = &none;   /* never matches a registered native */
    atomic_store_explicit(&array_iter_next, d, memory_order_relaxed);
    return d;
}

int iop_array_append(VM *vm, Value *sp) { return array_push(vm, sp[-2], sp[-1]) < 0 ? -1 : 0; }

/* obj[key] through the inline cache `ic` of the running function when it hits (own, first
 * or second prototype data property). 1 = *out set. No JavaScript runs. */
static int ic_probe(VM *vm, Value *fnslot, uint32_t ic, Value obj, Value *out) {
    if (ic == IC_NONE || !fnslot || !val_is_object(obj)) return 0;
    Value ics = fd_get(vm, fn_funcdef(vm, *fnslot), FD_IC);
    if (!val_is_cell(ics)) return 0;
    uint32_t stride = CELL(vm, val_ref(ics))->aux * IC_ENTRY_WORDS;
    Value *e = vm_cell_values(vm, val_ref(ics)) + ic * stride;
    Value *w = obj_words(vm, obj);
    for (Value *const e_end = e + stride; e < e_end; e += IC_ENTRY_WORDS) {
        if (e[0] != w[OBJ_SHAPE]) continue;
        int32_t info = val_to_int(e[1]);
        uint32_t slot = (uint32_t)info >> IC_SLOT_SHIFT;
        int kind = info & 7;
        Value v;
        if (kind == IC_OWN) {
            v = vm_cell_values(vm, val_ref(w[OBJ_SLOTS]))[slot];
        } else {
            if (obj_header(vm, obj)->aux != (uint16_t)((info >> 3) & 127)) return 0;
            Value p = w[OBJ_PROTO];
            if (!val_is_object(p) || obj_words(vm, p)[OBJ_SHAPE] != e[2]) return 0;
            if (kind == IC_PROTO) {
                v = vm_cell_values(vm, val_ref(obj_words(vm, p)[OBJ_SLOTS]))[slot];
            } else {
                if (kind != IC_PROTO2) return 0;
                Value p2 = obj_words(vm, p)[OBJ_PROTO];
                if (!val_is_object(p2) || obj_words(vm, p2)[OBJ_SHAPE] != e[3]) return 0;
                v = vm_cell_values(vm, val_ref(obj_words(vm, p2)[OBJ_SLOTS]))[slot];
            }
        }
        if (val_is_cell(v)) return 0;   /* an accessor's pair: not a plain value */
        *out = v;
        return 1;
    }
    return 0;
}

/* GetIterator(*slot, sync) with the method and `next` lookups cached in the inline caches
 * ic and ic + 1: *slot (the iterable) becomes the iterator, *nextslot its next method. Both
 * slots are rooted stack slots; vm->sp must be above them. */
static int get_iterator_ic(VM *vm, Value *slot, Value *nextslot, Value *fnslot, uint32_t ic) {
    Value key = vm_wks(vm, WKS_iterator);
    if (!ic_probe(vm, fnslot, ic, *slot, nextslot)) {
        if (val_is_nullish(*slot)) {
            char buf[128];
            vm_describe_value(vm, *slot, buf, sizeof buf);
            vm_throw_type_error(vm, "%s is not iterable (cannot read property Symbol(Symbol.iterator))", buf);
            return -1;
        }
        if (iop_get_field_to(vm, slot, key, nextslot, fnslot, ic) < 0) return -1;
    }
    if (val_is_nullish(*nextslot) || !vm_is_callable(vm, *nextslot)) {
        char buf[128];
        vm_describe_value(vm, *slot, buf, sizeof buf);
        vm_throw_type_error(vm, "%s is not iterable", buf);
        return -1;
    }
    Value it = vm_call(vm, *nextslot, *slot, 0, NULL);
    if (it == VAL_EXCEPTION) return -1;
    if (!val_is_object(it)) {
        vm_throw_type_error(vm, "Result of the Symbol.iterator method is not an object");
        return -1;
    }
    *slot = it;
    uint32_t ic2 = ic == IC_NONE ? IC_NONE : ic + 1;
    if (ic_probe(vm, fnslot, ic2, it, nextslot)) return 0;
    return iop_get_field_to(vm, slot, ATOM(vm, next), nextslot, fnslot, ic2);
}

/* Whether iterating `src` is the built-in iteration of a dense array, so that its elements
 * can be read directly: src is an array with fast elements and no hole below its length,
 * its @@iterator (cached at site ic of *fnslot) is %Array.prototype.values%, and
 * %ArrayIteratorPrototype%.next is the built-in next. The iterator object and its steps are
 * then unobservable (a hole would make a step read the prototype chain). Allocates nothing. */
static int array_iteration_is_builtin(VM *vm, Value src, Value *fnslot, uint32_t ic) {
    if (!val_is_object(src)) return 0;
    CellHeader *h = obj_header(vm, src);
    if (h->aux != CLASS_ARRAY || (h->flags & OF_SLOW_ELEMENTS)) return 0;
    Value m;
    if (!ic_probe(vm, fnslot, ic, src, &m) || m != vm_intrinsic(vm, INTR_ArrayProto_values)) return 0;
    Value aip = vm_intrinsic(vm, INTR_ArrayIteratorPrototype);
    Value shape = obj_words(vm, aip)[OBJ_SHAPE];
    int flags;
    int j = shape_find(vm, shape, ATOM(vm, next), &flags);
    if (j < 0 || (flags & PROP_ACCESSOR)) return 0;
    Value next = obj_slots_ptr(vm, aip)[j];
    if (!val_is_object(next) || obj_header(vm, next)->aux != CLASS_NATIVE_FUNCTION) return 0;
    int id = val_to_int(obj_slot(vm, next, 0)[NFN_ID]);
    if ((uint32_t)id >= vm->native_count || vm->natives[id] != interp_array_iter_next_def()) return 0;
    uint32_t len = array_length(vm, src);
    for (uint32_t i = 0; i < len; i++)
        if (array_get_fast(vm, src, i) == VAL_HOLE) return 0;
    return 1;
}

int iop_array_spread(VM *vm, Value *sp, Value *fnslot, uint32_t ic) {
    /* arr iterable -> arr; the iterator record lives in two slots above sp */
    if (array_iteration_is_builtin(vm, sp[-1], fnslot, ic)) {
        uint32_t len = array_length(vm, sp[-1]);
        for (uint32_t i = 0; i < len; i++)
            if (array_push(vm, sp[-2], array_get_fast(vm, sp[-1], i)) < 0) return -1;
        return 0;
    }
    IterRecord rec;
    Value *saved_sp = vm->sp;
    sp[0] = sp[-1];
    sp[1] = VAL_UNDEFINED;
    vm->sp = sp + 2;
    if (get_iterator_ic(vm, &sp[0], &sp[1], fnslot, ic) < 0) { vm->sp = saved_sp; return -1; }
    for (;;) {
        Value v;
        int r = array_iter_step_fast(vm, sp[0], sp[1], &v);
        if (r == 0) break;
        if (r == 1) {
            if (array_push(vm, sp[-2], v) < 0) { vm->sp = saved_sp; return -1; }
            continue;
        }
        rec.iterator = sp[0];
        rec.next = sp[1];
        rec.done = 0;
        r = iter_step_value(vm, &rec, &v);
        if (r < 0) { vm->sp = saved_sp; return -1; }
        if (r == 0) break;
        if (array_push(vm, sp[-2], v) < 0) { vm->sp = saved_sp; return -1; }
    }
    vm->sp = saved_sp;
    return 0;
}

int iop_spread_to_stack(VM *vm, Value *arrslot, Value **spp, Value *limit) {
    Value arr = *arrslot;
    uint32_t n = array_length(vm, arr);
    Value *sp = arrslot;
    if (sp + n > limit) {
        vm_throw_stack_overflow(vm);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        Value v = array_get_fast(vm, arr, i);
        sp[i] = v == VAL_HOLE ? VAL_UNDEFINED : v;
    }
    *spp = sp + n;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Iteration
 * ------------------------------------------------------------------------------------- */

int iop_get_iterator(VM *vm, Value *sp, int async, Value *fnslot, uint32_t ic) {
    if (!async) {
        Value *saved = vm->sp;
        sp[0] = VAL_UNDEFINED;
        vm->sp = sp + 1;
        int r = get_iterator_ic(vm, &sp[-1], &sp[0], fnslot, ic);
        vm->sp = saved;
        return r;
    }
    IterRecord rec;
    if (val_is_nullish(sp[-1])) {
        char buf[128];
        vm_describe_value(vm, sp[-1], buf, sizeof buf);
        vm_throw_type_error(vm, "%s is not iterable (cannot read property Symbol(Symbol.iterator))", buf);
        return -1;
    }
    if (iter_get(vm, sp[-1], async, &rec) < 0) return -1;
    sp[-1] = rec.iterator;
    sp[0] = rec.next;
    return 0;
}

int iop_iter_next(VM *vm, Value *sp, Value *out) {
    Value r = vm_call(vm, sp[-1], sp[-2], 0, NULL);
    if (r == VAL_EXCEPTION) return -1;
    if (!val_is_object(r)) {
        char buf[128];
        vm_describe_value(vm, r, buf, sizeof buf);
        vm_throw_type_error(vm, "Iterator result %s is not an object", buf);
        return -1;
    }
    *out = r;
    return 0;
}

int iop_iter_done_value(VM *vm, Value *slot, int *done) {
    Value d = obj_get(vm, *slot, ATOM(vm, done), *slot);
    if (d == VAL_EXCEPTION) return -1;
    if (to_boolean(vm, d)) { *done = 1; return 0; }
    *done = 0;
    Value v = obj_get(vm, *slot, ATOM(vm, value), *slot);
    if (v == VAL_EXCEPTION) return -1;
    *slot = v;
    return 0;
}

int iop_iter_close(VM *vm, Value *sp, int silent) {
    Value *it = &sp[-2];
    /* a `next` slot of VAL_HOLE marks an iterator already being closed: if return() throws,
     * the enclosing handler must not close it a second time */
    if (sp[-1] == VAL_HOLE) return 0;
    sp[-1] = VAL_HOLE;
    Value ret = obj_get_method(vm, *it, ATOM(vm, return_));
    if (ret == VAL_EXCEPTION) {
        if (silent && !vm->uncatchable) { vm_take_exception(vm); return 0; }
        return -1;
    }
    if (ret == VAL_UNDEFINED) return 0;
    Value r = vm_call(vm, ret, *it, 0, NULL);
    if (r == VAL_EXCEPTION) {
        if (silent && !vm->uncatchable) { vm_take_exception(vm); return 0; }
        return -1;
    }
    if (!silent && !val_is_object(r)) {
        char buf[128];
        vm_describe_value(vm, r, buf, sizeof buf);
        vm_throw_type_error(vm, "Iterator result %s is not an object", buf);
        return -1;
    }
    return 0;
}

int iop_iter_get_return(VM *vm, Value *sp, int *absent) {
    if (sp[-1] == VAL_HOLE) { *absent = 1; return 0; }
    sp[-1] = VAL_HOLE;
    Value ret = obj_get_method(vm, sp[-2], ATOM(vm, return_));
    if (ret == VAL_EXCEPTION) return -1;
    if (ret == VAL_UNDEFINED) { *absent = 1; return 0; }
    *absent = 0;
    Value r = vm_call(vm, ret, sp[-2], 0, NULL);
    if (r == VAL_EXCEPTION) return -1;
    sp[-2] = r;
    return 0;
}

int iop_destr_next(VM *vm, Value *sp) {
    /* iter next done -> iter next done value */
    if (sp[-1] == VAL_TRUE) { sp[0] = VAL_UNDEFINED; return 0; }
    Value fv;
    int fr = array_iter_step_fast(vm, sp[-3], sp[-2], &fv);
    if (fr >= 0) {
        sp[0] = fr ? fv : VAL_UNDEFINED;
        sp[-1] = val_bool(!fr);
        return 0;
    }
    sp[-1] = VAL_TRUE;
    Value r = vm_call(vm, sp[-2], sp[-3], 0, NULL);
    if (r == VAL_EXCEPTION) return -1;
    if (!val_is_object(r)) {
        char buf[128];
        vm_describe_value(vm, r, buf, sizeof buf);
        vm_throw_type_error(vm, "Iterator result %s is not an object", buf);
        return -1;
    }
    Value *saved = vm->sp;
    sp[0] = r;
    vm->sp = sp + 1;
    Value d = obj_get(vm, sp[0], ATOM(vm, done), sp[0]);
    if (d == VAL_EXCEPTION) { vm->sp = saved; return -1; }
    if (to_boolean(vm, d)) {
        sp[0] = VAL_UNDEFINED;
        vm->sp = saved;
        return 0;
    }
    Value v = obj_get(vm, sp[0], ATOM(vm, value), sp[0]);
    vm->sp = saved;
    if (v == VAL_EXCEPTION) return -1;
    sp[0] = v;
    sp[-1] = VAL_FALSE;
    return 0;
}

int iop_destr_rest(VM *vm, Value *sp) {
    Value *saved = vm->sp;
    Value arr = array_new(vm, 0);
    if (arr == VAL_EXCEPTION) return -1;
    sp[0] = arr;
    vm->sp = sp + 1;
    if (sp[-1] != VAL_TRUE) {
        sp[-1] = VAL_TRUE;
        IterRecord rec;
        for (;;) {
            rec.iterator = sp[-3];
            rec.next = sp[-2];
            rec.done = 0;
            Value v;
            int r = iter_step_value(vm, &rec, &v);
            if (r < 0) { vm->sp = saved; return -1; }
            if (r == 0) break;
            if (array_push(vm, sp[0], v) < 0) { vm->sp = saved; return -1; }
        }
    }
    vm->sp = saved;
    return 0;
}

int iop_destr_close(VM *vm, Value *sp, int silent) {
    if (sp[-1] == VAL_TRUE) return 0;
    sp[-1] = VAL_TRUE;   /* closing: a throw from return() must not close it again */
    return iop_iter_close(vm, sp - 1, silent);
}

/* for-in iterator: CLASS_FOR_IN_ITERATOR [0] object, [1] key list, [2] index. */
int iop_for_in_start(VM *vm, Value *slot) {
    VM_ROOT_SCOPE(vm);
    Value obj = *slot;
    Value keys;
    if (val_is_nullish(obj)) {
        keys = list_new(vm, 0);
        if (keys == VAL_EXCEPTION) return -1;
        obj = VAL_UNDEFINED;
    } else {
        obj = to_object(vm, obj);
        if (obj == VAL_EXCEPTION) return -1;
        *slot = obj;
        keys = obj_for_in_keys(vm, obj);
        if (keys == VAL_EXCEPTION) return -1;
    }
    size_t mark = vm->nroots;
    vm_root(vm, &keys);
    Value it = obj_new(vm, VAL_NULL, CLASS_FOR_IN_ITERATOR);
    vm->nroots = mark;
    if (it == VAL_EXCEPTION) return -1;
    *obj_slot(vm, it, 0) = *slot;
    *obj_slot(vm, it, 1) = keys;
    *obj_slot(vm, it, 2) = val_int(0);
    *slot = it;
    return 0;
}

int iop_for_in_next(VM *vm, Value *slot, Value *out) {
    for (;;) {
        Value it = *slot;
        Value keys = *obj_slot(vm, it, 1);
        int32_t i = val_to_int(*obj_slot(vm, it, 2));
        if ((uint32_t)i >= list_count(vm, keys)) return 0;
        *obj_slot(vm, it, 2) = val_int(i + 1);
        Value key = list_items(vm, keys)[i];
        if (!val_is_string(key)) continue;   /* empty lists hold one undefined word */
        Value obj = *obj_slot(vm, it, 0);
        /* skip properties deleted before being visited */
        Value pk = key_from_string(vm, key);
        if (pk == VAL_EXCEPTION) return -1;
        if (obj_class(vm, obj) != CLASS_PROXY) {
            int has = obj_has_property(vm, obj, pk);
            if (has < 0) return -1;
            if (!has) continue;
            it = *slot;
            key = list_items(vm, *obj_slot(vm, it, 1))[i];
        }
        *out = key;
        return 1;
    }
}

/* yield*: iter next recv mode -> iter next result mode (see compiler_expr.c). Modes beyond
 * RESUME_RETURN: 3 = return with no return method (result = received value),
 * 4 = throw with no throw method (result = return() result or undefined). */
int iop_delegate_step(VM *vm, Value *sp, int async) {
    Value *it = &sp[-4], *next = &sp[-3], *recv = &sp[-2];
    int mode = val_to_int(sp[-1]);
    Value r;
    if (mode == RESUME_NEXT) {
        if (!async && val_is_object(*it) && obj_header(vm, *it)->aux == CLASS_GENERATOR && gen_is_builtin_next(vm, *next))
            r = gen_next_result(vm, it, recv);
        else
            r = vm_call(vm, *next, *it, 1, recv);
        if (r == VAL_EXCEPTION) return -1;
    } else if (mode == RESUME_THROW) {
        Value m = obj_get_method(vm, *it, ATOM(vm, throw_));
        if (m == VAL_EXCEPTION) return -1;
        if (m == VAL_UNDEFINED) {
            /* close the iterator, then TypeError */
            Value ret = obj_get_method(vm, *it, ATOM(vm, return_));
            if (ret == VAL_EXCEPTION) return -1;
            if (ret != VAL_UNDEFINED) {
                Value rr = vm_call(vm, ret, *it, 0, NULL);
                if (rr == VAL_EXCEPTION) return -1;
                if (async) { sp[-2] = rr; sp[-1] = val_int(4); return 0; }
                if (!val_is_object(rr)) {
                    vm_throw_type_error(vm, "Iterator result is not an object");
                    return -1;
                }
            }
            if (async) { sp[-2] = VAL_UNDEFINED; sp[-1] = val_int(5); return 0; }
            vm_throw_type_error(vm, "The iterator does not provide a 'throw' method");
            return -1;
        }
        r = vm_call(vm, m, *it, 1, recv);
        if (r == VAL_EXCEPTION) return -1;
    } else {
        Value m = obj_get_method(vm, *it, ATOM(vm, return_));
        if (m == VAL_EXCEPTION) return -1;
        if (m == VAL_UNDEFINED) {
            sp[-1] = val_int(3);
            return 0;   /* result = received value */
        }
        r = vm_call(vm, m, *it, 1, recv);
        if (r == VAL_EXCEPTION) return -1;
    }
    sp[-2] = r;
    return 0;
}

int iop_delegate_check(VM *vm, Value *sp, int *which) {
    int mode = val_to_int(sp[-1]);
    Value *res = &sp[-2];
    if (mode == 3) { *which = 1; return 0; }
    if (mode == 4 || mode == 5) {
        if (mode == 4 && !val_is_object(*res)) {
            vm_throw_type_error(vm, "Iterator result is not an object");
            return -1;
        }
        vm_throw_type_error(vm, "The iterator does not provide a 'throw' method");
        return -1;
    }
    if (!val_is_object(*res)) {
        char buf[128];
        vm_describe_value(vm, *res, buf, sizeof buf);
        vm_throw_type_error(vm, "Iterator result %s is not an object", buf);
        return -1;
    }
    Value d = obj_get(vm, *res, ATOM(vm, done), *res);
    if (d == VAL_EXCEPTION) return -1;
    if (!to_boolean(vm, d)) {
        /* not done: sync generators yield the result object itself, async ones its value */
        Value fd = fn_funcdef(vm, vm->stack[vm->frames[vm->frame_count - 1].base]);
        if (fd_info(vm, fd)->flags & FDF_ASYNC) {
            Value v = obj_get(vm, *res, ATOM(vm, value), *res);
            if (v == VAL_EXCEPTION) return -1;
            *res = v;
        }
        *which = 0;
        return 0;
    }
    Value v = obj_get(vm, *res, ATOM(vm, value), *res);
    if (v == VAL_EXCEPTION) return -1;
    *res = v;
    *which = mode == RESUME_RETURN ? 1 : 2;
    return 0;
}

Value iop_describe_callee(VM *vm, Value f) {
    char buf[128];
    vm_describe_value(vm, f, buf, sizeof buf);
    return str_from_cstr(vm, buf);
}

/* ---------------------------------------------------------------------------------------
 * Explicit resource management (`using` regions, compiler_stmt.c; dispose.h)
 * ------------------------------------------------------------------------------------- */

int iop_using(VM *vm, Value *sp, Value *cap, int op) {
    switch (op) {
    case OP_using_init: {
        Value c = dispose_cap_new(vm);
        if (c == VAL_EXCEPTION) return -1;
        *cap = c;
        return 0;
    }
    case OP_using_add: return dispose_add_value(vm, *cap, sp[-1], DH_SYNC);
    case OP_using_add_async: return dispose_add_value(vm, *cap, sp[-1], DH_ASYNC);
    case OP_using_record: return dispose_record(vm, *cap, sp[-1]);
    case OP_using_dispose: return dispose_run_sync(vm, *cap);
    case OP_using_step: {
        Value v = VAL_UNDEFINED;
        int r = dispose_step(vm, *cap, &v);
        if (r < 0) return -1;
        sp[0] = v;
        sp[1] = val_bool(r == 0);
        return 0;
    }
    case OP_using_finish: return dispose_finish(vm, *cap);
    default: return 0;
    }
}
