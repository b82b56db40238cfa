/* regexp.c — the RegExp constructor, RegExp.prototype and %RegExpStringIteratorPrototype%
 * (ECMA-262 22.2.4-22.2.9, Annex B.2.4 compile), plus the hooks for regular expression
 * literals (regexp_create_from_literal). The engine itself is src/regexp*.c.
 *
 * A RegExp object is CLASS_REGEXP with slots [0] [[OriginalSource]] (string), [1]
 * [[OriginalFlags]] (string), [2] the compiled program (a CELL_BYTES cell, see regexp.h),
 * [3] unused (undefined); its "lastIndex" is an ordinary own data property (writable, not
 * enumerable, not configurable) created by RegExpAlloc.
 *
 * GC discipline: every function that vm_roots its locals opens a VM_ROOT_SCOPE (heap.h), so
 * no root outlives its frame. Every step that may run JavaScript (property gets, ToString/ToLength of
 * user values, exec/replacer calls, species constructors) keeps the Values still needed in
 * vm_root'ed locals and re-derives string character pointers afterwards. Matching and
 * building result arrays only allocate (no safe point), so those steps use plain locals.
 *
 * Fast paths that are not observable: when "exec" resolves (through data properties of
 * ordinary objects only) to the built-in exec, RegExpExec runs RegExpBuiltinExec directly
 * instead of Get + Call; Symbol.split with %RegExp% as the species constructor searches
 * forwards with the engine instead of trying each position with the sticky splitter.
 *
 * %RegExpStringIteratorPrototype% iterators are CLASS_ITERATOR objects: [0] the regexp
 * (undefined once done), [1] the string, [2] ITER_REGEXP_BASE | global (1) | unicode (2).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "builtins.h"
#include "../regexp.h"
#include "../unicode.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)
#define ITER_REGEXP_BASE 0x500
enum { RS_SOURCE = 0, RS_FLAGS = 1, RS_PROGRAM = 2, RS_NAMES = 3 };

/* GetSubstitution, in builtins/string.c. captures[0..ncap) must be rooted by the caller. */
Value string_get_substitution(VM *vm, Value matched, Value str, uint32_t position,
                              const Value *captures, int ncap, Value named, Value repl);

NATIVE(RegExp_prototype_exec);

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

/* A property key from a C string (interned). */
static Value key_of(VM *vm, const char *s) { return atom_from_cstr(vm, s); }

/* ToString(v), flattened. May run JS. */
static Value to_flat_string(VM *vm, Value v) {
    Value s = val_is_string(v) ? v : to_string(vm, v);
    if (s == VAL_EXCEPTION) return s;
    return str_flatten(vm, s);
}

/* Whether v is an initialized RegExp object (has [[RegExpMatcher]]). */
static int is_regexp_obj(VM *vm, Value v) {
    return val_is_object(v) && obj_class(vm, v) == CLASS_REGEXP && val_is_cell(*obj_slot(vm, v, RS_PROGRAM));
}

/* RE_FLAG_* of a RegExp object (from its [[OriginalFlags]], via the program). */
static uint32_t re_flags(VM *vm, Value re) { return regexp_flags(vm, *obj_slot(vm, re, RS_PROGRAM)); }

/* Set(R, "lastIndex", v, true). */
static int set_last_index(VM *vm, Value r, double v) {
    return obj_set_throw(vm, r, ATOM(vm, lastIndex), val_number(v));
}

/* AdvanceStringIndex(S, index, unicode) for a flat S. */
static double advance_index(VM *vm, Value s, double index, int unicode) {
    if (!unicode) return index + 1;
    uint32_t len = str_header(vm, s)->len;
    if (index + 1 >= len) return index + 1;
    uint32_t i = (uint32_t)index;
    uint16_t c = str_at(vm, s, i);
    if (c >= 0xD800 && c <= 0xDBFF) {
        uint16_t d = str_at(vm, s, i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) return index + 2;
    }
    return index + 1;
}

/* Whether flat string s contains code unit c. */
static int str_has_char(VM *vm, Value s, uint16_t c) {
    uint32_t n = str_header(vm, s)->len;
    for (uint32_t i = 0; i < n; i++) if (str_at(vm, s, i) == c) return 1;
    return 0;
}

/* Capture indices of one match (2 * n int32). */
typedef struct Caps {
    int32_t *v;            /* the slots (local or malloc'd) */
    uint32_t n;            /* number of groups incl. 0 */
    int32_t local[32];     /* storage for up to 16 groups */
} Caps;

static int caps_init(VM *vm, Caps *c, uint32_t n) {
    c->n = n;
    c->v = 2 * (size_t)n <= sizeof c->local / sizeof c->local[0] ? c->local : malloc(2 * (size_t)n * sizeof(int32_t));
    if (!c->v) { vm_throw_out_of_memory(vm); return -1; }
    return 0;
}
static void caps_free(Caps *c) { if (c->v && c->v != c->local) free(c->v); c->v = NULL; }

/* Whether the "exec" property of r resolves, through own data properties of ordinary
 * objects only, to the current realm's built-in RegExp.prototype.exec (so Get(r, "exec") +
 * Call can be replaced by RegExpBuiltinExec without any observable difference). The "exec"
 * key and that function are kept in the RegExp constructor's data slots (init_regexp).
 * Never runs JS. */
static int exec_is_builtin(VM *vm, Value r) {
    Value ctor = vm_intrinsic(vm, INTR_RegExp);
    if (!val_is_object(r) || !val_is_object(ctor)) return 0;
    Value key = *obj_slot(vm, ctor, NFN_DATA0), exec_fn = *obj_slot(vm, ctor, NFN_DATA1);
    if (!val_is_string(key) || !val_is_object(exec_fn)) return 0;
    Value o = r;
    for (int depth = 0; depth < 64 && val_is_object(o); depth++) {
        ClassId c = obj_class(vm, o);
        if (c != CLASS_REGEXP && c != CLASS_OBJECT) return 0;
        PropDesc d;
        int has = ordinary_get_own_property(vm, o, key, &d);
        if (has < 0) { vm_take_exception(vm); return 0; }
        if (has) return (d.has & DESC_HAS_VALUE) && d.value == exec_fn;
        o = obj_words(vm, o)[OBJ_PROTO];
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * RegExpAlloc, RegExpInitialize, RegExpCreate
 * ------------------------------------------------------------------------------------- */

/* RegExpAlloc(newTarget) (22.2.3.2). May run JS (the prototype lookup). */
static Value regexp_alloc(VM *vm, Value new_target) {
    Value o = obj_create_from_constructor(vm, new_target, INTR_RegExpPrototype, CLASS_REGEXP);
    if (o == VAL_EXCEPTION) return o;
    if (obj_define_fast(vm, o, ATOM(vm, lastIndex), VAL_UNDEFINED, PROP_WRITABLE) < 0) return VAL_EXCEPTION;
    return o;
}

/* Store source, flags and program into o, then Set(o, "lastIndex", 0, true). */
static Value regexp_set_program(VM *vm, Value o, Value p, Value f, Value prog) {
    *obj_slot(vm, o, RS_SOURCE) = p;
    *obj_slot(vm, o, RS_FLAGS) = f;
    *obj_slot(vm, o, RS_PROGRAM) = prog;
    *obj_slot(vm, o, RS_NAMES) = VAL_UNDEFINED;
    if (set_last_index(vm, o, 0) < 0) return VAL_EXCEPTION;
    return o;
}

/* A small per-realm cache of compiled programs, so that a regular expression literal in a
 * loop (or new RegExp of the same source) does not recompile: a list cell of
 * 3 * RE_CACHE_SIZE Values (pattern, flags, program) in the RegExp constructor's NFN_DATA2
 * slot, direct-mapped by the strings' content hashes. Programs are immutable and failed
 * compilations are never cached, so the cache is not observable; it lives in the heap and
 * depends only on the program's history (deterministic, snapshotted with the realm). */
#define RE_CACHE_SIZE 32

/* regexp_compile(p, f) through the cache (p, f flat strings). Allocates only. */
static Value compile_cached(VM *vm, Value p, Value f) {
    Value ctor = vm_intrinsic(vm, INTR_RegExp);
    if (!val_is_object(ctor) || obj_class(vm, ctor) != CLASS_NATIVE_FUNCTION) return regexp_compile(vm, p, f);
    uint32_t h = (str_hash(vm, p) * 31u + str_hash(vm, f)) % RE_CACHE_SIZE;
    Value cache = *obj_slot(vm, ctor, NFN_DATA2);
    if (val_is_cell(cache) && CELL(vm, val_ref(cache))->kind == CELL_ARRAY && list_count(vm, cache) == 3 * RE_CACHE_SIZE) {
        Value *e = list_items(vm, cache) + 3 * h;
        if (val_is_string(e[0]) && val_is_string(e[1]) && val_is_cell(e[2]) &&
            str_equals(vm, e[0], p) && str_equals(vm, e[1], f))
            return e[2];
    } else cache = VAL_UNDEFINED;
    Value prog = regexp_compile(vm, p, f);
    if (prog == VAL_EXCEPTION) return prog;
    if (cache == VAL_UNDEFINED) {
        cache = list_new(vm, 3 * RE_CACHE_SIZE);
        if (cache == VAL_EXCEPTION) return cache;
        *obj_slot(vm, ctor, NFN_DATA2) = cache;
    }
    Value *e = list_items(vm, cache) + 3 * h;
    e[0] = p;
    e[1] = f;
    e[2] = prog;
    return prog;
}

/* RegExpInitialize(obj, pattern, flags) (22.2.3.3). May run JS (ToString). */
static Value regexp_initialize(VM *vm, Value obj, Value pattern, Value flags) {
    VM_ROOT_SCOPE(vm);
    Value p = VAL_UNDEFINED, f = VAL_UNDEFINED;
    vm_root(vm, &obj); vm_root(vm, &flags); vm_root(vm, &p); vm_root(vm, &f);
    p = pattern == VAL_UNDEFINED ? ATOM(vm, empty) : to_flat_string(vm, pattern);
    if (p == VAL_EXCEPTION) return p;
    f = flags == VAL_UNDEFINED ? ATOM(vm, empty) : to_flat_string(vm, flags);
    if (f == VAL_EXCEPTION) return f;
    Value prog = compile_cached(vm, p, f);
    if (prog == VAL_EXCEPTION) return prog;
    return regexp_set_program(vm, obj, p, f, prog);
}


Value regexp_create_with_program(VM *vm, Value pattern, Value flags, Value program) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &pattern); vm_root(vm, &flags); vm_root(vm, &program);
    Value o = obj_new(vm, vm_intrinsic(vm, INTR_RegExpPrototype), CLASS_REGEXP);
    if (o == VAL_EXCEPTION) return o;
    if (obj_define_fast(vm, o, ATOM(vm, lastIndex), VAL_UNDEFINED, PROP_WRITABLE) < 0) return VAL_EXCEPTION;
    return regexp_set_program(vm, o, pattern, flags, program);
}


Value regexp_create_from_literal(VM *vm, Value pattern, Value flags) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &pattern); vm_root(vm, &flags);
    pattern = str_flatten(vm, pattern);
    if (pattern == VAL_EXCEPTION) return pattern;
    flags = str_flatten(vm, flags);
    if (flags == VAL_EXCEPTION) return flags;
    Value prog = compile_cached(vm, pattern, flags);
    if (prog == VAL_EXCEPTION) return prog;
    return regexp_create_with_program(vm, pattern, flags, prog);
}


/* ---------------------------------------------------------------------------------------
 * The constructor
 * ------------------------------------------------------------------------------------- */

/* RegExp(pattern, flags) (22.2.4.1). */
NATIVE(RegExp_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)magic;
    Value pattern = ARG(0), flags = ARG(1), nt = new_target, p = VAL_UNDEFINED, f = VAL_UNDEFINED;
    vm_root(vm, &pattern); vm_root(vm, &flags); vm_root(vm, &nt); vm_root(vm, &p); vm_root(vm, &f);
    int is_re = is_regexp(vm, pattern);
    if (is_re < 0) return VAL_EXCEPTION;
    if (nt == VAL_UNDEFINED) {
        nt = func;
        if (is_re && flags == VAL_UNDEFINED) {
            Value pc = obj_get(vm, pattern, ATOM(vm, constructor), pattern);
            if (pc == VAL_EXCEPTION) return pc;
            if (same_value(vm, nt, pc)) return pattern;
        }
    }
    if (is_regexp_obj(vm, pattern)) {
        p = *obj_slot(vm, pattern, RS_SOURCE);
        f = flags == VAL_UNDEFINED ? *obj_slot(vm, pattern, RS_FLAGS) : flags;
    } else if (is_re) {
        p = obj_get(vm, pattern, ATOM(vm, source), pattern);
        if (p == VAL_EXCEPTION) return p;
        if (flags == VAL_UNDEFINED) {
            f = obj_get(vm, pattern, ATOM(vm, flags), pattern);
            if (f == VAL_EXCEPTION) return f;
        } else f = flags;
    } else {
        p = pattern;
        f = flags;
    }
    Value o = regexp_alloc(vm, nt);
    if (o == VAL_EXCEPTION) return o;
    return regexp_initialize(vm, o, p, f);
}

/* get RegExp[Symbol.species]. */
NATIVE(RegExp_species) {
    (void)vm; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return this_val;
}

/* ---------------------------------------------------------------------------------------
 * RegExpBuiltinExec and RegExpExec
 * ------------------------------------------------------------------------------------- */

/* The matching part of RegExpBuiltinExec(R, S) (22.2.7.2): reads lastIndex, runs the
 * matcher, updates lastIndex. S must be flat. Returns 1 with the captures in *caps
 * (caps_init'ed here; the caller frees), 0 for no match, -1 on throw. anchor: RE_ANCHOR_*.
 * May run JS (ToLength of lastIndex). */
static int builtin_exec_raw(VM *vm, Value r, Value s, Caps *caps, int anchor, Value *ok_prog) {
    VM_ROOT_SCOPE(vm);
    caps->v = NULL;
    if (!is_regexp_obj(vm, r)) { vm_throw_type_error(vm, "RegExp.prototype.exec called on an incompatible receiver"); return -1; }
    vm_root(vm, &r); vm_root(vm, &s);
    Value li = obj_get(vm, r, ATOM(vm, lastIndex), r);
    if (li == VAL_EXCEPTION) return -1;
    uint64_t last_index;
    if (val_is_int(li) && val_to_int(li) >= 0) last_index = (uint64_t)val_to_int(li);
    else if (to_length(vm, li, &last_index) < 0) return -1;
    Value prog = *obj_slot(vm, r, RS_PROGRAM);
    /* program cells are immutable: one check per native call is enough. ok_prog (rooted by
     * the caller, or NULL) remembers the program already checked. */
    int trusted = ok_prog && *ok_prog == prog;
    if (!trusted) {
        if (regexp_program_valid(vm, prog) < 0) return -1;
        if (ok_prog) *ok_prog = prog;
    }
    uint32_t flags = regexp_flags(vm, prog);
    int gs = (flags & (RE_FLAG_G | RE_FLAG_Y)) != 0;
    if (!gs) last_index = 0;
    uint32_t len = str_header(vm, s)->len;
    if (last_index > len) {
        if (gs && set_last_index(vm, r, 0) < 0) return -1;
        return 0;
    }
    if (caps_init(vm, caps, regexp_ncaps(vm, prog)) < 0) return -1;
    int m = regexp_exec_anchored(vm, prog, s, (uint32_t)last_index, caps->v, anchor | RE_ANCHOR_CHECKED);
    if (m < 0) { caps_free(caps); return -1; }
    if (!m) {
        caps_free(caps);
        if (gs && set_last_index(vm, r, 0) < 0) return -1;
        return 0;
    }
    if (gs && set_last_index(vm, r, caps->v[1]) < 0) { caps_free(caps); return -1; }
    return 1;
}


/* Substring of flat s for capture i, or undefined. Allocates only. */
static Value capture_value(VM *vm, Value s, const Caps *c, uint32_t i) {
    int32_t a = c->v[2 * i], b = c->v[2 * i + 1];
    if (a < 0 || b < 0) return VAL_UNDEFINED;
    return str_substring(vm, s, (uint32_t)a, (uint32_t)b);
}

/* Whether v (from the RS_NAMES cache) is usable as a group-name key: an interned string
 * (group names are identifiers, never array indices). */
static int is_name_key(VM *vm, Value v) {
    return val_is_string(v) && (CELL(vm, val_ref(v))->flags & STR_ATOM);
}

/* The group names of regexp r as property keys (RS_NAMES, built on first use): a list cell
 * of ncaps Values, undefined for unnamed groups. Only allocates (no JS). */
static Value group_names(VM *vm, Value r) {
    Value prog = *obj_slot(vm, r, RS_PROGRAM);
    uint32_t n = regexp_ncaps(vm, prog);
    Value l = *obj_slot(vm, r, RS_NAMES);
    if (val_is_cell(l) && CELL(vm, val_ref(l))->kind == CELL_ARRAY && list_count(vm, l) == n) return l;
    l = list_new(vm, n);
    if (l == VAL_EXCEPTION) return l;
    for (uint32_t i = 1; i < n; i++) {
        Value k = regexp_group_name(vm, prog, i);
        if (k == VAL_EXCEPTION) return k;
        if (k != VAL_UNDEFINED) {
            k = key_from_string(vm, k);
            if (k == VAL_EXCEPTION) return k;
        }
        list_items(vm, l)[i] = k;
    }
    *obj_slot(vm, r, RS_NAMES) = l;
    return l;
}

/* The match result array of RegExpBuiltinExec (steps 20-35) for captures c of regexp r
 * on flat s. Only allocates (no JS), so plain locals are safe. */
static Value exec_result(VM *vm, Value r, Value s, const Caps *c) {
    Value prog = *obj_slot(vm, r, RS_PROGRAM);
    uint32_t n = c->n, flags = regexp_flags(vm, prog);
    int has_groups = regexp_has_named_groups(vm, prog);
    vm->meter += n;
    Value vals_local[16], *vals = n <= 16 ? vals_local : malloc(n * sizeof(Value));
    if (!vals) return vm_throw_out_of_memory(vm);
    Value a = VAL_EXCEPTION, groups = VAL_UNDEFINED, names_local[16], *names = NULL;
    for (uint32_t i = 0; i < n; i++) {
        vals[i] = capture_value(vm, s, c, i);
        if (vals[i] == VAL_EXCEPTION) goto out;
    }
    a = array_from_values(vm, vals, n);
    if (a == VAL_EXCEPTION) goto out;
    if (obj_define_fast(vm, a, ATOM(vm, index), val_int(c->v[0]), PROP_DEFAULT) < 0 ||
        obj_define_fast(vm, a, ATOM(vm, input), s, PROP_DEFAULT) < 0) { a = VAL_EXCEPTION; goto out; }
    if (has_groups) {
        Value nl = group_names(vm, r);
        if (nl == VAL_EXCEPTION) { a = nl; goto out; }
        names = names_local;
        if (n > 16 && !(names = malloc(n * sizeof(Value)))) { a = vm_throw_out_of_memory(vm); goto out; }
        memcpy(names, list_items(vm, nl), n * sizeof(Value));
        groups = obj_new(vm, VAL_NULL, CLASS_OBJECT);
        if (groups == VAL_EXCEPTION) { a = groups; goto out; }
        for (uint32_t i = 1; i < n; i++) {
            if (!is_name_key(vm, names[i])) { names[i] = VAL_UNDEFINED; continue; }
            /* duplicate names (in different alternatives): the group that participated wins;
             * a later group of a name already matched is left out (groupNames gets
             * undefined) */
            int matched = 0;
            for (uint32_t k = 1; k < i; k++)
                if (names[k] == names[i] && c->v[2 * k] >= 0 && c->v[2 * k + 1] >= 0) matched = 1;
            if (matched) { names[i] = VAL_UNDEFINED; continue; }
            if (obj_define_fast(vm, groups, names[i], vals[i], PROP_DEFAULT) < 0) { a = VAL_EXCEPTION; goto out; }
        }
    }
    if (obj_define_fast(vm, a, ATOM(vm, groups), groups, PROP_DEFAULT) < 0) { a = VAL_EXCEPTION; goto out; }
    if (flags & RE_FLAG_D) {
        /* MakeMatchIndicesIndexPairArray */
        Value igroups = VAL_UNDEFINED;
        if (has_groups) {
            igroups = obj_new(vm, VAL_NULL, CLASS_OBJECT);
            if (igroups == VAL_EXCEPTION) { a = igroups; goto out; }
        }
        for (uint32_t i = 0; i < n; i++) {
            if (c->v[2 * i] < 0 || c->v[2 * i + 1] < 0) vals[i] = VAL_UNDEFINED;
            else {
                Value pair[2] = { val_int(c->v[2 * i]), val_int(c->v[2 * i + 1]) };
                vals[i] = array_from_values(vm, pair, 2);
                if (vals[i] == VAL_EXCEPTION) { a = VAL_EXCEPTION; goto out; }
            }
            if (i > 0 && has_groups && names[i] != VAL_UNDEFINED &&
                obj_define_fast(vm, igroups, names[i], vals[i], PROP_DEFAULT) < 0) { a = VAL_EXCEPTION; goto out; }
        }
        Value ind = array_from_values(vm, vals, n);
        if (ind == VAL_EXCEPTION || obj_define_fast(vm, ind, ATOM(vm, groups), igroups, PROP_DEFAULT) < 0 ||
            obj_define_fast(vm, a, ATOM(vm, indices), ind, PROP_DEFAULT) < 0) { a = VAL_EXCEPTION; goto out; }
    }
out:
    if (vals != vals_local) free(vals);
    if (names && names != names_local) free(names);
    return a;
}

/* RegExpBuiltinExec(R, S): the result array or null. S flat. May run JS. */
static Value builtin_exec(VM *vm, Value r, Value s, Value *ok_prog) {
    VM_ROOT_SCOPE(vm);
    Caps c;
    vm_root(vm, &r); vm_root(vm, &s);
    int m = builtin_exec_raw(vm, r, s, &c, RE_ANCHOR_DEFAULT, ok_prog);
    if (m < 0) return VAL_EXCEPTION;
    if (!m) return VAL_NULL;
    Value a = exec_result(vm, r, s, &c);
    caps_free(&c);
    return a;
}


/* RegExpExec(R, S) (22.2.7.1): the result object or null. S flat. May run JS. */
static Value regexp_exec_generic(VM *vm, Value r, Value s, Value *ok_prog) {
    VM_ROOT_SCOPE(vm);
    if (exec_is_builtin(vm, r)) return builtin_exec(vm, r, s, ok_prog);
    vm_root(vm, &r); vm_root(vm, &s);
    Value exec = obj_get(vm, r, key_of(vm, "exec"), r);
    if (exec == VAL_EXCEPTION) return exec;
    if (vm_is_callable(vm, exec)) {
        Value res = vm_call(vm, exec, r, 1, &s);
        if (res == VAL_EXCEPTION) return res;
        if (!val_is_object(res) && res != VAL_NULL) return vm_throw_type_error(vm, "exec result must be an object or null");
        return res;
    }
    if (!is_regexp_obj(vm, r)) return vm_throw_type_error(vm, "RegExp exec method called on an incompatible receiver");
    return builtin_exec(vm, r, s, ok_prog);
}


/* Like RegExpExec but only reports whether there was a match and, for a match, the
 * matched string (*matched, when non-NULL: ToString(Get(result, "0"))). 1 / 0 / -1. */
static int regexp_exec_matched(VM *vm, Value r, Value s, Value *matched, Value *ok_prog) {
    VM_ROOT_SCOPE(vm);
    if (exec_is_builtin(vm, r)) {
        Caps c;
        vm_root(vm, &r); vm_root(vm, &s);
        int m = builtin_exec_raw(vm, r, s, &c, RE_ANCHOR_DEFAULT, ok_prog);
        if (m <= 0) return m;
        if (matched) {
            *matched = str_substring(vm, s, (uint32_t)c.v[0], (uint32_t)c.v[1]);
            caps_free(&c);
            if (*matched == VAL_EXCEPTION) return -1;
        } else caps_free(&c);
        return 1;
    }
    Value res = regexp_exec_generic(vm, r, s, ok_prog);
    if (res == VAL_EXCEPTION) return -1;
    if (res == VAL_NULL) return 0;
    if (matched) {
        vm_root(vm, &res);
        Value m = obj_get_index(vm, res, 0);
        if (m == VAL_EXCEPTION) return -1;
        m = to_flat_string(vm, m);
        if (m == VAL_EXCEPTION) return -1;
        *matched = m;
    }
    return 1;
}


/* ---------------------------------------------------------------------------------------
 * RegExp.prototype methods
 * ------------------------------------------------------------------------------------- */

/* RegExp.prototype.exec(string) (22.2.6.2). */
NATIVE(RegExp_prototype_exec) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!is_regexp_obj(vm, this_val)) return vm_throw_type_error(vm, "RegExp.prototype.exec called on an incompatible receiver");
    Value r = this_val;
    vm_root(vm, &r);
    Value s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    return builtin_exec(vm, r, s, NULL);
}

/* RegExp.prototype.test(S) (22.2.6.16). */
NATIVE(RegExp_prototype_test) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype.test called on a non-object");
    Value r = this_val;
    vm_root(vm, &r);
    Value s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    int m = regexp_exec_matched(vm, r, s, NULL, NULL);
    if (m < 0) return VAL_EXCEPTION;
    return val_bool(m);
}

/* Flag getters: global, ignoreCase, ... (22.2.6.*; magic = RE_FLAG_* bit). */
NATIVE(RegExp_prototype_flag) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp flag getter called on a non-object");
    if (!is_regexp_obj(vm, this_val)) {
        if (this_val == vm_intrinsic(vm, INTR_RegExpPrototype)) return VAL_UNDEFINED;
        return vm_throw_type_error(vm, "RegExp flag getter called on an incompatible receiver");
    }
    return val_bool((re_flags(vm, this_val) & (uint32_t)magic) != 0);
}

/* get RegExp.prototype.flags (22.2.6.4). */
NATIVE(RegExp_prototype_flags) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype.flags getter called on a non-object");
    static const struct { const char *name; char c; } order[] = {
        { "hasIndices", 'd' }, { "global", 'g' }, { "ignoreCase", 'i' }, { "multiline", 'm' },
        { "dotAll", 's' }, { "unicode", 'u' }, { "unicodeSets", 'v' }, { "sticky", 'y' },
    };
    Value r = this_val;
    vm_root(vm, &r);
    uint8_t out[8];
    size_t n = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        Value k = key_of(vm, order[i].name);
        if (k == VAL_EXCEPTION) return k;
        Value v = obj_get(vm, r, k, r);
        if (v == VAL_EXCEPTION) return v;
        if (to_boolean(vm, v)) out[n++] = (uint8_t)order[i].c;
    }
    return str_from_latin1(vm, out, n);
}

/* EscapeRegExpPattern (22.2.6.13.1): source text that re-parses to the same pattern. */
static Value escape_pattern(VM *vm, Value src) {
    uint32_t n = str_header(vm, src)->len;
    if (n == 0) return str_from_cstr(vm, "(?:)");
    StrBuilder sb;
    sb_init(&sb, vm);
    int in_class = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint16_t c = str_at(vm, src, i);
        if (c == '\\' && i + 1 < n) {
            uint16_t d = str_at(vm, src, i + 1);
            sb_append_char(&sb, '\\');
            i++;
            if (d == '\n') sb_append_char(&sb, 'n');
            else if (d == '\r') sb_append_char(&sb, 'r');
            else if (d == 0x2028) sb_append_cstr(&sb, "u2028");
            else if (d == 0x2029) sb_append_cstr(&sb, "u2029");
            else sb_append_char(&sb, d);
            continue;
        }
        if (c == '[') in_class = 1;
        else if (c == ']') in_class = 0;
        if (c == '/' && !in_class) sb_append_cstr(&sb, "\\/");
        else if (c == '\n') sb_append_cstr(&sb, "\\n");
        else if (c == '\r') sb_append_cstr(&sb, "\\r");
        else if (c == 0x2028) sb_append_cstr(&sb, "\\u2028");
        else if (c == 0x2029) sb_append_cstr(&sb, "\\u2029");
        else sb_append_char(&sb, c);
    }
    return sb_finish(&sb);
}

/* get RegExp.prototype.source (22.2.6.13). */
NATIVE(RegExp_prototype_source) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype.source getter called on a non-object");
    if (!is_regexp_obj(vm, this_val)) {
        if (this_val == vm_intrinsic(vm, INTR_RegExpPrototype)) return str_from_cstr(vm, "(?:)");
        return vm_throw_type_error(vm, "RegExp.prototype.source getter called on an incompatible receiver");
    }
    Value src = str_flatten(vm, *obj_slot(vm, this_val, RS_SOURCE));
    if (src == VAL_EXCEPTION) return src;
    return escape_pattern(vm, src);
}

/* RegExp.prototype.toString() (22.2.6.17). */
NATIVE(RegExp_prototype_toString) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype.toString called on a non-object");
    Value r = this_val, p = VAL_UNDEFINED, f = VAL_UNDEFINED;
    vm_root(vm, &r); vm_root(vm, &p); vm_root(vm, &f);
    p = obj_get(vm, r, ATOM(vm, source), r);
    if (p == VAL_EXCEPTION) return p;
    p = to_string(vm, p);
    if (p == VAL_EXCEPTION) return p;
    f = obj_get(vm, r, ATOM(vm, flags), r);
    if (f == VAL_EXCEPTION) return f;
    f = to_string(vm, f);
    if (f == VAL_EXCEPTION) return f;
    StrBuilder sb;
    sb_init(&sb, vm);
    sb_append_char(&sb, '/');
    sb_append_string(&sb, p);
    sb_append_char(&sb, '/');
    sb_append_string(&sb, f);
    return sb_finish(&sb);
}

/* RegExp.prototype.compile(pattern, flags) (Annex B.2.4.1). */
NATIVE(RegExp_prototype_compile) {
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_REGEXP)
        return vm_throw_type_error(vm, "RegExp.prototype.compile called on an incompatible receiver");
    Value o = this_val, pattern = ARG(0), flags = ARG(1);
    if (is_regexp_obj(vm, pattern)) {
        if (flags != VAL_UNDEFINED) return vm_throw_type_error(vm, "Cannot supply flags when constructing one RegExp from another");
        flags = *obj_slot(vm, pattern, RS_FLAGS);
        pattern = *obj_slot(vm, pattern, RS_SOURCE);
    }
    return regexp_initialize(vm, o, pattern, flags);
}

/* Get(rx, "flags") as a flat string. May run JS. */
static Value get_flags_string(VM *vm, Value rx) {
    Value f = obj_get(vm, rx, ATOM(vm, flags), rx);
    if (f == VAL_EXCEPTION) return f;
    return to_flat_string(vm, f);
}

/* RegExp.prototype[Symbol.match](string) (22.2.6.8). */
NATIVE(RegExp_prototype_match) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype[Symbol.match] called on a non-object");
    Value rx = this_val, s = VAL_UNDEFINED, flags = VAL_UNDEFINED, a = VAL_UNDEFINED, m = VAL_UNDEFINED;
    Value ok_prog = VAL_UNDEFINED;   /* the program already checked in this call (see builtin_exec_raw) */
    vm_root(vm, &rx); vm_root(vm, &s); vm_root(vm, &flags); vm_root(vm, &a); vm_root(vm, &m); vm_root(vm, &ok_prog);
    s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    flags = get_flags_string(vm, rx);
    if (flags == VAL_EXCEPTION) return flags;
    if (!str_has_char(vm, flags, 'g')) return regexp_exec_generic(vm, rx, s, NULL);
    int full_unicode = str_has_char(vm, flags, 'u') || str_has_char(vm, flags, 'v');
    if (set_last_index(vm, rx, 0) < 0) return VAL_EXCEPTION;
    a = array_new(vm, 0);
    if (a == VAL_EXCEPTION) return a;
    uint32_t n = 0;
    for (;;) {
        int r = regexp_exec_matched(vm, rx, s, &m, &ok_prog);
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return n == 0 ? VAL_NULL : a;
        if (array_push(vm, a, m) < 0) return VAL_EXCEPTION;
        vm->meter++;
        if (str_length(vm, m) == 0) {
            Value li = obj_get(vm, rx, ATOM(vm, lastIndex), rx);
            if (li == VAL_EXCEPTION) return li;
            uint64_t this_index;
            if (to_length(vm, li, &this_index) < 0) return VAL_EXCEPTION;
            if (set_last_index(vm, rx, advance_index(vm, s, (double)this_index, full_unicode)) < 0) return VAL_EXCEPTION;
        }
        n++;
    }
}

/* RegExp.prototype[Symbol.search](string) (22.2.6.12). */
NATIVE(RegExp_prototype_search) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype[Symbol.search] called on a non-object");
    Value rx = this_val, s = VAL_UNDEFINED, prev = VAL_UNDEFINED, res = VAL_UNDEFINED;
    vm_root(vm, &rx); vm_root(vm, &s); vm_root(vm, &prev); vm_root(vm, &res);
    s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    prev = obj_get(vm, rx, ATOM(vm, lastIndex), rx);
    if (prev == VAL_EXCEPTION) return prev;
    if (!same_value(vm, prev, val_int(0)) && obj_set_throw(vm, rx, ATOM(vm, lastIndex), val_int(0)) < 0) return VAL_EXCEPTION;
    res = regexp_exec_generic(vm, rx, s, NULL);
    if (res == VAL_EXCEPTION) return res;
    Value cur = obj_get(vm, rx, ATOM(vm, lastIndex), rx);
    if (cur == VAL_EXCEPTION) return cur;
    if (!same_value(vm, cur, prev) && obj_set_throw(vm, rx, ATOM(vm, lastIndex), prev) < 0) return VAL_EXCEPTION;
    if (res == VAL_NULL) return val_int(-1);
    return obj_get(vm, res, ATOM(vm, index), res);
}

/* RegExp.prototype[Symbol.replace](string, replaceValue) (22.2.6.11). */
NATIVE(RegExp_prototype_replace) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype[Symbol.replace] called on a non-object");
    Value rx = this_val, s = VAL_UNDEFINED, rv = ARG(1), flags = VAL_UNDEFINED, results = VAL_UNDEFINED;
    Value res = VAL_UNDEFINED, matched = VAL_UNDEFINED, named = VAL_UNDEFINED, repl = VAL_UNDEFINED;
    vm_root(vm, &rx); vm_root(vm, &s); vm_root(vm, &rv); vm_root(vm, &flags); vm_root(vm, &results);
    Value ok_prog = VAL_UNDEFINED;
    vm_root(vm, &res); vm_root(vm, &matched); vm_root(vm, &named); vm_root(vm, &repl); vm_root(vm, &ok_prog);
    s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    uint32_t len_s = str_header(vm, s)->len;
    bool functional = vm_is_callable(vm, rv);
    if (!functional) {
        rv = to_flat_string(vm, rv);
        if (rv == VAL_EXCEPTION) return rv;
    }
    flags = get_flags_string(vm, rx);
    if (flags == VAL_EXCEPTION) return flags;
    int global = str_has_char(vm, flags, 'g');
    int full_unicode = 0;
    if (global) {
        full_unicode = str_has_char(vm, flags, 'u') || str_has_char(vm, flags, 'v');
        if (set_last_index(vm, rx, 0) < 0) return VAL_EXCEPTION;
    }
    results = array_new(vm, 0);
    if (results == VAL_EXCEPTION) return results;
    for (;;) {
        res = regexp_exec_generic(vm, rx, s, &ok_prog);
        if (res == VAL_EXCEPTION) return res;
        if (res == VAL_NULL) break;
        if (array_push(vm, results, res) < 0) return VAL_EXCEPTION;
        if (!global) break;
        matched = obj_get_index(vm, res, 0);
        if (matched == VAL_EXCEPTION) return matched;
        matched = to_string(vm, matched);
        if (matched == VAL_EXCEPTION) return matched;
        if (str_length(vm, matched) == 0) {
            Value li = obj_get(vm, rx, ATOM(vm, lastIndex), rx);
            if (li == VAL_EXCEPTION) return li;
            uint64_t this_index;
            if (to_length(vm, li, &this_index) < 0) return VAL_EXCEPTION;
            if (set_last_index(vm, rx, advance_index(vm, s, (double)this_index, full_unicode)) < 0) return VAL_EXCEPTION;
        }
    }
    StrBuilder sb;
    sb_init(&sb, vm);
    uint32_t next_pos = 0;
    uint32_t nres = array_length(vm, results);
    Value *caps = NULL;
    uint32_t caps_cap = 0;
    size_t root_mark = vm->nroots;
    for (uint32_t k = 0; k < nres; k++) {
        vm->nroots = root_mark;
        res = array_get_fast(vm, results, k);
        uint64_t rlen;
        if (length_of_array_like(vm, res, &rlen) < 0) goto fail;
        uint64_t ncap = rlen > 0 ? rlen - 1 : 0;
        if (ncap > 0xFFFFF) { vm_throw_range_error(vm, "too many captures"); goto fail; }
        matched = obj_get_index(vm, res, 0);
        if (matched == VAL_EXCEPTION) goto fail;
        matched = to_flat_string(vm, matched);
        if (matched == VAL_EXCEPTION) goto fail;
        uint32_t match_len = str_header(vm, matched)->len;
        Value posv = obj_get(vm, res, ATOM(vm, index), res);
        if (posv == VAL_EXCEPTION) goto fail;
        double posd;
        if (to_integer_or_infinity(vm, posv, &posd) < 0) goto fail;
        uint32_t position = posd < 0 ? 0 : posd > len_s ? len_s : (uint32_t)posd;
        /* captures: a C array whose slots are registered as roots: caps[0] = matched,
         * caps[1..ncap] = captures, then position, S and groups (the replacer's arguments) */
        if (ncap + 4 > caps_cap) {
            uint32_t nc = (uint32_t)ncap + 4;
            Value *c2 = realloc(caps, nc * sizeof(Value));
            if (!c2) { vm_throw_out_of_memory(vm); goto fail; }
            caps = c2;
            caps_cap = nc;
        }
        for (uint32_t i = 0; i < ncap + 4; i++) { caps[i] = VAL_UNDEFINED; vm_root(vm, &caps[i]); }
        caps[0] = matched;
        for (uint32_t i = 1; i <= ncap; i++) {
            Value cv = obj_get_index(vm, res, i);
            if (cv == VAL_EXCEPTION) goto fail;
            if (cv != VAL_UNDEFINED) {
                caps[i] = cv;
                cv = to_string(vm, cv);
                if (cv == VAL_EXCEPTION) goto fail;
            }
            caps[i] = cv;
        }
        named = obj_get(vm, res, ATOM(vm, groups), res);
        if (named == VAL_EXCEPTION) goto fail;
        if (functional) {
            uint32_t nargs = (uint32_t)ncap + 3;
            caps[ncap + 1] = val_int((int32_t)position);
            caps[ncap + 2] = s;
            if (named != VAL_UNDEFINED) caps[nargs++] = named;
            repl = vm_call(vm, rv, VAL_UNDEFINED, (int)nargs, caps);
            if (repl == VAL_EXCEPTION) goto fail;
            repl = to_string(vm, repl);
            if (repl == VAL_EXCEPTION) goto fail;
        } else {
            if (named != VAL_UNDEFINED) {
                named = to_object(vm, named);
                if (named == VAL_EXCEPTION) goto fail;
            }
            /* a template without '$' is itself */
            if (!str_has_char(vm, rv, '$')) repl = rv;
            else {
                repl = string_get_substitution(vm, matched, s, position, caps + 1, (int)ncap, named, rv);
                if (repl == VAL_EXCEPTION) goto fail;
            }
        }
        if (position >= next_pos) {
            if (position > next_pos) {
                if (str_is_latin1(vm, s)) sb_append_latin1(&sb, str_latin1(vm, s) + next_pos, position - next_pos);
                else sb_append_utf16(&sb, str_utf16(vm, s) + next_pos, position - next_pos);
            }
            sb_append_string(&sb, repl);
            next_pos = position + match_len;
            vm->meter += match_len + 1;
        }
    }
    vm->nroots = root_mark;
    free(caps);
    if (next_pos < len_s) {
        if (str_is_latin1(vm, s)) sb_append_latin1(&sb, str_latin1(vm, s) + next_pos, len_s - next_pos);
        else sb_append_utf16(&sb, str_utf16(vm, s) + next_pos, len_s - next_pos);
    }
    vm->meter += len_s / 8;
    return sb_finish(&sb);
fail:
    vm->nroots = root_mark;
    free(caps);
    sb_free(&sb);
    return VAL_EXCEPTION;
}

/* RegExp.prototype[Symbol.split](string, limit) (22.2.6.14). */
NATIVE(RegExp_prototype_split) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype[Symbol.split] called on a non-object");
    Value rx = this_val, s = VAL_UNDEFINED, c = VAL_UNDEFINED, flags = VAL_UNDEFINED, splitter = VAL_UNDEFINED;
    Value a = VAL_UNDEFINED, z = VAL_UNDEFINED, t = VAL_UNDEFINED, limit = ARG(1);
    vm_root(vm, &rx); vm_root(vm, &s); vm_root(vm, &c); vm_root(vm, &flags); vm_root(vm, &splitter);
    Value ok_prog = VAL_UNDEFINED;
    vm_root(vm, &a); vm_root(vm, &z); vm_root(vm, &t); vm_root(vm, &limit); vm_root(vm, &ok_prog);
    s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    if (vm_species_constructor(vm, rx, INTR_RegExp, &c) < 0) return VAL_EXCEPTION;
    flags = get_flags_string(vm, rx);
    if (flags == VAL_EXCEPTION) return flags;
    int unicode = str_has_char(vm, flags, 'u') || str_has_char(vm, flags, 'v');
    Value new_flags = flags;
    if (!str_has_char(vm, flags, 'y')) {
        new_flags = str_concat(vm, flags, str_from_char(vm, 'y'));
        if (new_flags == VAL_EXCEPTION) return new_flags;
        flags = new_flags;
    }
    Value args[2] = { rx, flags };
    splitter = vm_construct(vm, c, 2, args, c);
    if (splitter == VAL_EXCEPTION) return splitter;
    a = array_new(vm, 0);
    if (a == VAL_EXCEPTION) return a;
    uint32_t lim = 0xFFFFFFFFu;
    if (limit != VAL_UNDEFINED && to_uint32(vm, limit, &lim) < 0) return VAL_EXCEPTION;
    if (lim == 0) return a;
    uint32_t size = str_header(vm, s)->len;
    if (size == 0) {
        z = regexp_exec_generic(vm, splitter, s, NULL);
        if (z == VAL_EXCEPTION) return z;
        if (z != VAL_NULL) return a;
        if (array_push(vm, a, s) < 0) return VAL_EXCEPTION;
        return a;
    }
    uint32_t len_a = 0, p = 0;
    double q = 0;
    /* fast path: our own splitter whose exec is the built-in one */
    int fast = c == vm_intrinsic(vm, INTR_RegExp) && is_regexp_obj(vm, splitter) && exec_is_builtin(vm, splitter);
    while (q < size) {
        double e;
        uint32_t match_start = (uint32_t)q;
        if (fast) {
            Caps cp;
            if (set_last_index(vm, splitter, q) < 0) return VAL_EXCEPTION;
            int m = builtin_exec_raw(vm, splitter, s, &cp, RE_ANCHOR_SEARCH, &ok_prog);
            if (m < 0) return VAL_EXCEPTION;
            if (!m) break;
            match_start = (uint32_t)cp.v[0];
            e = cp.v[1];
            if (match_start >= size) { caps_free(&cp); break; }
            if (e > size) e = size;
            if (e == p) { caps_free(&cp); q = advance_index(vm, s, match_start, unicode); continue; }
            t = str_substring(vm, s, p, match_start);
            if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) { caps_free(&cp); return VAL_EXCEPTION; }
            if (++len_a == lim) { caps_free(&cp); return a; }
            p = (uint32_t)e;
            for (uint32_t i = 1; i < cp.n; i++) {
                t = capture_value(vm, s, &cp, i);
                if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) { caps_free(&cp); return VAL_EXCEPTION; }
                if (++len_a == lim) { caps_free(&cp); return a; }
            }
            caps_free(&cp);
            q = p;
            continue;
        }
        if (set_last_index(vm, splitter, q) < 0) return VAL_EXCEPTION;
        z = regexp_exec_generic(vm, splitter, s, &ok_prog);
        if (z == VAL_EXCEPTION) return z;
        if (z == VAL_NULL) { q = advance_index(vm, s, q, unicode); continue; }
        Value li = obj_get(vm, splitter, ATOM(vm, lastIndex), splitter);
        if (li == VAL_EXCEPTION) return li;
        uint64_t el;
        if (to_length(vm, li, &el) < 0) return VAL_EXCEPTION;
        e = el < size ? (double)el : size;
        if (e == p) { q = advance_index(vm, s, q, unicode); continue; }
        t = str_substring(vm, s, p, match_start);
        if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) return VAL_EXCEPTION;
        if (++len_a == lim) return a;
        p = (uint32_t)e;
        uint64_t ncap;
        if (length_of_array_like(vm, z, &ncap) < 0) return VAL_EXCEPTION;
        ncap = ncap > 0 ? ncap - 1 : 0;
        for (uint64_t i = 1; i <= ncap; i++) {
            t = obj_get_index(vm, z, (uint32_t)i);
            if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) return VAL_EXCEPTION;
            if (++len_a == lim) return a;
        }
        q = p;
    }
    t = str_substring(vm, s, p, size);
    if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) return VAL_EXCEPTION;
    return a;
}

/* RegExp.prototype[Symbol.matchAll](string) (22.2.6.9). */
NATIVE(RegExp_prototype_matchAll) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "RegExp.prototype[Symbol.matchAll] called on a non-object");
    Value r = this_val, s = VAL_UNDEFINED, c = VAL_UNDEFINED, flags = VAL_UNDEFINED, matcher = VAL_UNDEFINED;
    vm_root(vm, &r); vm_root(vm, &s); vm_root(vm, &c); vm_root(vm, &flags); vm_root(vm, &matcher);
    s = to_flat_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    if (vm_species_constructor(vm, r, INTR_RegExp, &c) < 0) return VAL_EXCEPTION;
    flags = get_flags_string(vm, r);
    if (flags == VAL_EXCEPTION) return flags;
    Value args[2] = { r, flags };
    matcher = vm_construct(vm, c, 2, args, c);
    if (matcher == VAL_EXCEPTION) return matcher;
    Value li = obj_get(vm, r, ATOM(vm, lastIndex), r);
    if (li == VAL_EXCEPTION) return li;
    uint64_t last_index;
    if (to_length(vm, li, &last_index) < 0) return VAL_EXCEPTION;
    if (set_last_index(vm, matcher, (double)last_index) < 0) return VAL_EXCEPTION;
    int global = str_has_char(vm, flags, 'g');
    int unicode = str_has_char(vm, flags, 'u') || str_has_char(vm, flags, 'v');
    Value it = obj_new(vm, vm_intrinsic(vm, INTR_RegExpStringIteratorPrototype), CLASS_ITERATOR);
    if (it == VAL_EXCEPTION) return it;
    *obj_slot(vm, it, 0) = matcher;
    *obj_slot(vm, it, 1) = s;
    *obj_slot(vm, it, 2) = val_int(ITER_REGEXP_BASE | global | unicode << 1);
    return it;
}

/* %RegExpStringIteratorPrototype%.next() (22.2.9.2.1). */
NATIVE(RegExpStringIterator_next) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        !val_is_int(*obj_slot(vm, this_val, 2)) || (val_to_int(*obj_slot(vm, this_val, 2)) & ~0xff) != ITER_REGEXP_BASE)
        return vm_throw_type_error(vm, "%%RegExpStringIteratorPrototype%%.next called on an incompatible receiver");
    Value it = this_val, r = *obj_slot(vm, this_val, 0), s = *obj_slot(vm, this_val, 1), m = VAL_UNDEFINED;
    if (r == VAL_UNDEFINED) return iter_result(vm, VAL_UNDEFINED, true);
    int kind = val_to_int(*obj_slot(vm, this_val, 2));
    int global = kind & 1, unicode = (kind >> 1) & 1;
    vm_root(vm, &it); vm_root(vm, &r); vm_root(vm, &s); vm_root(vm, &m);
    m = regexp_exec_generic(vm, r, s, NULL);
    if (m == VAL_EXCEPTION) return m;
    if (m == VAL_NULL) {
        *obj_slot(vm, it, 0) = VAL_UNDEFINED;
        return iter_result(vm, VAL_UNDEFINED, true);
    }
    if (!global) {
        *obj_slot(vm, it, 0) = VAL_UNDEFINED;
        return iter_result(vm, m, false);
    }
    Value ms = obj_get_index(vm, m, 0);
    if (ms == VAL_EXCEPTION) return ms;
    ms = to_string(vm, ms);
    if (ms == VAL_EXCEPTION) return ms;
    if (str_length(vm, ms) == 0) {
        Value li = obj_get(vm, r, ATOM(vm, lastIndex), r);
        if (li == VAL_EXCEPTION) return li;
        uint64_t this_index;
        if (to_length(vm, li, &this_index) < 0) return VAL_EXCEPTION;
        if (set_last_index(vm, r, advance_index(vm, s, (double)this_index, unicode)) < 0) return VAL_EXCEPTION;
    }
    return iter_result(vm, m, false);
}

/* ---------------------------------------------------------------------------------------
 * RegExp.escape (ES2025 22.2.5.1)
 * ------------------------------------------------------------------------------------- */

/* Append "\xHH" (c <= 0xFF) or "\uHHHH" with lowercase hex digits. */
static void sb_append_hex_escape(StrBuilder *sb, uint32_t c) {
    static const char digits[] = "0123456789abcdef";
    int n = c <= 0xFF ? 2 : 4;
    sb_append_char(sb, '\\');
    sb_append_char(sb, n == 2 ? 'x' : 'u');
    for (int i = n - 1; i >= 0; i--) sb_append_char(sb, (uint16_t)digits[(c >> (4 * i)) & 15]);
}

/* EncodeForRegExpEscape(c) (22.2.5.1.1), appended to sb. */
static void regexp_escape_code_point(StrBuilder *sb, uint32_t c) {
    static const char control[] = "tnvfr";   /* ControlEscape letters of U+0009..U+000D */
    if (c < 128 && strchr("^$\\.*+?()[]{}|/", (int)c) && c) {
        sb_append_char(sb, '\\');
        sb_append_char(sb, (uint16_t)c);
    } else if (c >= 0x09 && c <= 0x0D) {
        sb_append_char(sb, '\\');
        sb_append_char(sb, (uint16_t)control[c - 0x09]);
    } else if ((c < 128 && c && strchr(",-=<>#&!%:;@~'`\"", (int)c)) || uni_is_space(c) ||
               c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029 || (c >= 0xD800 && c <= 0xDFFF)) {
        sb_append_hex_escape(sb, c);   /* a lone surrogate, or a code point below U+10000 */
    } else {
        sb_append_codepoint(sb, c);
    }
}

/* RegExp.escape(S): S with every character that could mean something in a pattern escaped. */
NATIVE(RegExp_escape) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_string(argv[0])) return vm_throw_type_error(vm, "RegExp.escape: the argument is not a string");
    Value s = str_flatten(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    uint32_t len = str_length(vm, s);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint32_t i = 0; i < len;) {
        uint32_t units = 1;
        uint32_t c = str_codepoint_at(vm, s, i, &units);
        if (i == 0 && c < 128 && ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            sb_append_hex_escape(&sb, c);
        else
            regexp_escape_code_point(&sb, c);
        i += units;
    }
    vm->meter += len;
    return sb_finish(&sb);
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef regexp_ctor_def[] = {
    { "RegExp", RegExp_constructor, 2, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef regexp_static_defs[] = {
    { "[Symbol.species]", RegExp_species, 0, NDEF_GETTER, 0, 0 },
    { "escape", RegExp_escape, 1, NDEF_METHOD, 0, 0 },
};
static const NativeDef regexp_proto_defs[] = {
    { "exec", RegExp_prototype_exec, 1, NDEF_METHOD, 0, 0 },
    { "dotAll", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_S, 0 },
    { "flags", RegExp_prototype_flags, 0, NDEF_GETTER, 0, 0 },
    { "global", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_G, 0 },
    { "hasIndices", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_D, 0 },
    { "ignoreCase", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_I, 0 },
    { "[Symbol.match]", RegExp_prototype_match, 1, NDEF_METHOD, 0, 0 },
    { "[Symbol.matchAll]", RegExp_prototype_matchAll, 1, NDEF_METHOD, 0, 0 },
    { "multiline", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_M, 0 },
    { "[Symbol.replace]", RegExp_prototype_replace, 2, NDEF_METHOD, 0, 0 },
    { "[Symbol.search]", RegExp_prototype_search, 1, NDEF_METHOD, 0, 0 },
    { "source", RegExp_prototype_source, 0, NDEF_GETTER, 0, 0 },
    { "[Symbol.split]", RegExp_prototype_split, 2, NDEF_METHOD, 0, 0 },
    { "sticky", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_Y, 0 },
    { "test", RegExp_prototype_test, 1, NDEF_METHOD, 0, 0 },
    { "toString", RegExp_prototype_toString, 0, NDEF_METHOD, 0, 0 },
    { "unicode", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_U, 0 },
    { "unicodeSets", RegExp_prototype_flag, 0, NDEF_GETTER, RE_FLAG_V, 0 },
    { "compile", RegExp_prototype_compile, 2, NDEF_METHOD, 0, 0 },
};
static const NativeDef regexp_iter_defs[] = {
    { "next", RegExpStringIterator_next, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable regexp_tables[] = {
    NATIVE_TABLE("RegExp constructor", regexp_ctor_def),
    NATIVE_TABLE("RegExp", regexp_static_defs),
    NATIVE_TABLE("RegExp.prototype", regexp_proto_defs),
    NATIVE_TABLE("%RegExpStringIteratorPrototype%", regexp_iter_defs),
};
const size_t regexp_tables_count = sizeof(regexp_tables) / sizeof(regexp_tables[0]);

int init_regexp(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = VAL_UNDEFINED, ctor = VAL_UNDEFINED, it = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &it);
    proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (proto == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_RegExpPrototype, proto);
    ctor = vm_make_constructor(vm, &regexp_ctor_def[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_RegExp, ctor);
    if (vm_install(vm, ctor, regexp_static_defs, sizeof regexp_static_defs / sizeof regexp_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, regexp_proto_defs, sizeof regexp_proto_defs / sizeof regexp_proto_defs[0]) < 0) return -1;
    /* data slots of the constructor: the "exec" key and %RegExp.prototype.exec% */
    Value exec_key = key_of(vm, "exec");
    if (exec_key == VAL_EXCEPTION) return -1;
    *obj_slot(vm, ctor, NFN_DATA0) = exec_key;
    Value exec_fn = obj_get(vm, proto, exec_key, proto);
    if (exec_fn == VAL_EXCEPTION) return -1;
    *obj_slot(vm, ctor, NFN_DATA1) = exec_fn;
    Value ip = vm_intrinsic(vm, INTR_IteratorPrototype);
    it = obj_new(vm, val_is_object(ip) ? ip : vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (it == VAL_EXCEPTION) return -1;
    if (vm_install(vm, it, regexp_iter_defs, 1) < 0) return -1;
    Value tag = str_from_cstr(vm, "RegExp String Iterator");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, it, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, INTR_RegExpStringIteratorPrototype, it);
    return vm_define_global(vm, "RegExp", ctor);
}
