/* vm.h — the engine's internal API: the VM, the object model, strings, atoms, conversions,
 * calls and errors. Every engine file includes this header; include/cryo.h is the public
 * embedding API built on top of it.
 *
 * Conventions (read heap.h for the GC invariants, which this header relies on):
 *  - A function returning Value returns VAL_EXCEPTION when it threw; the thrown value is in
 *    vm->exception. A function returning int returns -1 when it threw, else 0/1 (false/true).
 *  - "may run JS" in a comment means the call can reach a safe point (and so a collection):
 *    keep live Values rooted across it and re-derive heap pointers after it (heap.h).
 *  - Property keys (PropKey) are Values of one of three forms: a non-negative int32 (an
 *    array index below 2^31), an interned string (atom; array indices >= 2^31 are atoms too,
 *    flagged STR_INDEX), or a symbol. vm_to_property_key() produces them.
 */
#ifndef CRYO_VM_H
#define CRYO_VM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "value.h"
#include "heap.h"

#define CRYO_VERSION "0.1.0"

/* ---------------------------------------------------------------------------------------
 * Predefined atoms, well-known symbols, intrinsics, roots
 * ------------------------------------------------------------------------------------- */

typedef enum AtomId {
#define DEF(c, s) ATOM_##c,
#include "atoms.def"
#undef DEF
    ATOM_COUNT
} AtomId;

typedef enum WellKnownSymbol {
#define DEF(c, s) WKS_##c,
#include "wellknown.def"
#undef DEF
    WKS_COUNT
} WellKnownSymbol;

typedef enum IntrinsicId {
#define DEF(c) INTR_##c,
#include "intrinsics.def"
#undef DEF
    INTR_COUNT
} IntrinsicId;

/* The VM's fixed, ordered root list (C2: collection and snapshot start here, in this order). */
typedef enum RootId {
    ROOT_REALM,            /* current realm: a realm cell (see "Realms" below) */
    ROOT_ATOM_TABLE,       /* weak intern table of atoms (CELL_ARRAY; see atom.c) */
    ROOT_SYMBOL_REGISTRY,  /* Symbol.for registry: a Map-like table key string -> symbol */
    ROOT_EMPTY_SHAPE,      /* the root shape with no properties */
    ROOT_JOB_HEAD,         /* first pending job record (CELL_MISC) or undefined */
    ROOT_JOB_TAIL,         /* last pending job record or undefined */
    ROOT_HOST_DATA,        /* an object for the embedder/host (worker state etc.) */
    ROOT_PREDEF_ATOMS,     /* CELL_ARRAY of ATOM_COUNT predefined atom strings */
    ROOT_WKS,              /* CELL_ARRAY of WKS_COUNT well-known symbols */
    ROOT_ID_COUNTER,       /* number: last identity id handed out (objects, symbols) */
    ROOT_MODULE_MAP,       /* module registry (specifier -> module record) */
    ROOT_PENDING_REJECTIONS, /* CELL_ARRAY list of rejected promises with no handler yet */
    ROOT_COUNT
} RootId;

/* ---------------------------------------------------------------------------------------
 * Object classes: each object's class selects its internal-method table and the number of
 * class-specific internal slots that follow the common object words.
 * ------------------------------------------------------------------------------------- */

typedef enum ClassId {
    CLASS_OBJECT = 0,      /* ordinary object */
    CLASS_ARRAY,           /* Array exotic: [0] = length (number), [1] = length writable (bool) */
    CLASS_FUNCTION,        /* bytecode closure: funcdef, env, home object, fields, class ctor info */
    CLASS_NATIVE_FUNCTION, /* C function: native id, magic, realm, data0, data1 */
    CLASS_BOUND_FUNCTION,  /* bound function: target, bound this, bound args array */
    CLASS_ERROR,           /* Error instance: [0] stack string (or undefined) */
    CLASS_BOOLEAN,         /* wrapper: [0] primitive */
    CLASS_NUMBER,          /* wrapper: [0] primitive */
    CLASS_STRING,          /* String exotic wrapper: [0] primitive */
    CLASS_SYMBOL,          /* wrapper: [0] primitive */
    CLASS_BIGINT,          /* wrapper: [0] primitive */
    CLASS_DATE,            /* [0] time value (number) */
    CLASS_ARGUMENTS,       /* unmapped arguments object */
    CLASS_MAPPED_ARGUMENTS,/* mapped arguments: [0] env cell, [1] mapping array (index -> env slot) */
    CLASS_MAP,             /* [0] table cell */
    CLASS_SET,             /* [0] table cell */
    CLASS_WEAKMAP,         /* [0] weak table cell */
    CLASS_WEAKSET,         /* [0] weak table cell */
    CLASS_WEAKREF,         /* [0] target (weak) */
    CLASS_FINALIZATION_REGISTRY, /* [0] cleanup callback, [1] cells list */
    CLASS_PROMISE,         /* [0] state, [1] result, [2] reactions list, [3] is_handled */
    CLASS_GENERATOR,       /* [0] state, [1] saved frame cell, [2] funcdef/closure, [3] queue (async gen) */
    CLASS_ASYNC_GENERATOR, /* same layout as CLASS_GENERATOR */
    CLASS_ASYNC_FUNCTION_STATE, /* suspended async function activation (not user visible) */
    CLASS_ITERATOR,        /* built-in iterator objects (array/string/map/set/regexp string): [0] target, [1] index, [2] kind */
    CLASS_REGEXP,          /* [0] source, [1] flags, [2] compiled program, [3] lastIndex cache */
    CLASS_PROXY,           /* [0] target, [1] handler (null when revoked) */
    CLASS_ARRAY_BUFFER,    /* [0] bytes cell, [1] byte length, [2] detached flag, [3] max length */
    CLASS_TYPED_ARRAY,     /* [0] buffer, [1] byte offset, [2] length, [3] element type */
    CLASS_DATA_VIEW,       /* [0] buffer, [1] byte offset, [2] byte length */
    CLASS_MODULE_NAMESPACE,/* [0] module record */
    CLASS_FOR_IN_ITERATOR, /* [0] object, [1] keys array, [2] index */
    CLASS_HOST,            /* host object for embedders: [0..3] data */
    CLASS_RAW_JSON,        /* JSON.rawJSON result ([[IsRawJSON]]): no slots; frozen, null proto */
    CLASS_COUNT
} ClassId;

/* Word offsets inside every object cell (after the CellHeader). */
enum {
    OBJ_SHAPE = 0,         /* cell Value: the object's CELL_SHAPE */
    OBJ_PROTO = 1,         /* object Value or null: [[Prototype]] */
    OBJ_SLOTS = 2,         /* cell Value: CELL_ARRAY of property values, or undefined */
    OBJ_ELEMENTS = 3,      /* cell Value: CELL_ARRAY of fast indexed elements, or undefined */
    OBJ_ID = 4,            /* int Value: identity hash id (0 until first needed) */
    OBJ_SLOT0 = 5,         /* first class-specific internal slot */
    OBJ_BASE_WORDS = 5
};

/* Object header flag bits (CellHeader.flags of a CELL_OBJECT). */
enum {
    OF_EXTENSIBLE = 1 << 0,   /* [[Extensible]] */
    OF_CALLABLE = 1 << 1,     /* has [[Call]] */
    OF_CONSTRUCTOR = 1 << 2,  /* has [[Construct]] */
    OF_SLOW_ELEMENTS = 1 << 3,/* indexed properties live in the shape (no fast elements) */
    OF_CLASS_CTOR = 1 << 4,   /* class constructor: [[Call]] throws */
    OF_HTMLDDA = 1 << 5,      /* test262 $262.IsHTMLDDA */
    OF_FROZEN_ELEMENTS = 1 << 6, /* fast elements are non-writable & non-configurable */
    OF_SEALED_ELEMENTS = 1 << 7  /* fast elements are non-configurable */
};

/* Number of class-specific internal slots per class (index by ClassId). */
extern const uint8_t class_slot_count[CLASS_COUNT];

/* ---------------------------------------------------------------------------------------
 * Property attributes and descriptors
 * ------------------------------------------------------------------------------------- */

enum {
    PROP_WRITABLE = 1 << 0,
    PROP_ENUMERABLE = 1 << 1,
    PROP_CONFIGURABLE = 1 << 2,
    PROP_ACCESSOR = 1 << 3,     /* slot holds an accessor pair cell (getter, setter) */
    PROP_DEFAULT = PROP_WRITABLE | PROP_ENUMERABLE | PROP_CONFIGURABLE, /* plain assignment */
    PROP_METHOD = PROP_WRITABLE | PROP_CONFIGURABLE /* built-in methods: not enumerable */
};

/* A property descriptor (ECMA-262 6.2.6). `has_*` bits say which fields are present. */
typedef struct PropDesc {
    Value value;           /* [[Value]] (data descriptor) */
    Value get;             /* [[Get]] (accessor descriptor), undefined when absent */
    Value set;             /* [[Set]] (accessor descriptor), undefined when absent */
    uint8_t flags;         /* PROP_WRITABLE/ENUMERABLE/CONFIGURABLE values */
    uint8_t has;           /* which fields are present: DESC_HAS_* bits */
} PropDesc;

enum {
    DESC_HAS_VALUE = 1 << 0,
    DESC_HAS_GET = 1 << 1,
    DESC_HAS_SET = 1 << 2,
    DESC_HAS_WRITABLE = 1 << 3,
    DESC_HAS_ENUMERABLE = 1 << 4,
    DESC_HAS_CONFIGURABLE = 1 << 5,
};

/* ---------------------------------------------------------------------------------------
 * Internal methods per class. A NULL entry means "ordinary behaviour".
 * ------------------------------------------------------------------------------------- */

typedef struct ClassOps {
    const char *name;      /* class name for debugging */
    /* [[GetOwnProperty]]: -1 throw, 0 absent, 1 present (desc filled). May run JS (Proxy). */
    int (*get_own_property)(VM *vm, Value obj, Value key, PropDesc *desc);
    /* [[DefineOwnProperty]]: -1 throw, 0 rejected, 1 done. */
    int (*define_own_property)(VM *vm, Value obj, Value key, const PropDesc *desc);
    /* [[HasProperty]]. */
    int (*has_property)(VM *vm, Value obj, Value key);
    /* [[Get]]. */
    Value (*get)(VM *vm, Value obj, Value key, Value receiver);
    /* [[Set]]: -1 throw, 0 failed, 1 done. */
    int (*set)(VM *vm, Value obj, Value key, Value v, Value receiver);
    /* [[Delete]]. */
    int (*delete_property)(VM *vm, Value obj, Value key);
    /* [[OwnPropertyKeys]]: returns a key list (see obj_own_keys). */
    Value (*own_keys)(VM *vm, Value obj);
    /* [[GetPrototypeOf]] / [[SetPrototypeOf]] / [[IsExtensible]] / [[PreventExtensions]]. */
    Value (*get_prototype_of)(VM *vm, Value obj);
    int (*set_prototype_of)(VM *vm, Value obj, Value proto);
    int (*is_extensible)(VM *vm, Value obj);
    int (*prevent_extensions)(VM *vm, Value obj);
    /* [[Call]] and [[Construct]]. */
    Value (*call)(VM *vm, Value f, Value this_val, int argc, const Value *argv);
    Value (*construct)(VM *vm, Value f, int argc, const Value *argv, Value new_target);
} ClassOps;

extern const ClassOps *class_ops[CLASS_COUNT];

/* ---------------------------------------------------------------------------------------
 * Native (C) functions
 * ------------------------------------------------------------------------------------- */

/* A native function. argv has at least max(argc, declared length) entries; missing ones
 * are undefined. new_target is undefined for a [[Call]]. `func` is the function object
 * (for natives that keep data in their slots); `magic` is the table entry's magic number.
 * The C root stack (vm_root) is reset to its entry height when the native returns. */
typedef Value (*NativeFn)(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                          Value func, int magic);

/* Kinds of entries in a NativeDef table (how vm_install installs them). */
enum {
    NDEF_METHOD,           /* a method: writable, configurable, not enumerable */
    NDEF_GETTER,           /* accessor getter (merged with a NDEF_SETTER of the same name) */
    NDEF_SETTER,           /* accessor setter */
    NDEF_CTOR_ONLY,        /* registered for id lookup only; not installed as a property */
};

/* One native function entry. `name` is the property name, "[Symbol.xxx]" for a well-known
 * symbol key. Tables are static and their order is part of the native-table signature. */
typedef struct NativeDef {
    const char *name;      /* property name / function name */
    NativeFn fn;           /* the C function */
    uint8_t length;        /* value of the function's "length" property */
    uint8_t kind;          /* NDEF_* */
    int16_t magic;         /* passed to fn */
    uint8_t attrs;         /* property attributes when installed (0 = default for kind) */
} NativeDef;

/* A named table of natives; the list of all tables (in builtins.c) fixes native ids. */
typedef struct NativeTable {
    const char *name;      /* e.g. "Array.prototype"; unique */
    const NativeDef *defs; /* entries */
    uint32_t count;        /* number of entries */
} NativeTable;

#define NATIVE_TABLE(nm, arr) { nm, arr, (uint32_t)(sizeof(arr) / sizeof((arr)[0])) }

/* ---------------------------------------------------------------------------------------
 * The VM
 * ------------------------------------------------------------------------------------- */

/* One frame of the interpreter (lives in the C frame array; Values it holds are rooted). */
typedef struct Frame Frame;
struct GcState;

/* Error constructors vm_throw_error() can make. */
typedef enum ErrorKind {
    ERR_ERROR, ERR_EVAL, ERR_RANGE, ERR_REFERENCE, ERR_SYNTAX, ERR_TYPE, ERR_URI,
    ERR_AGGREGATE, ERR_SUPPRESSED, ERR_KIND_COUNT
} ErrorKind;

struct VM {
    /* heap (heap.c) */
    uint8_t *base;            /* base of the current semispace; Ref r lives at base + 8*r */
    uint8_t *other;           /* base of the other semispace (collection target) */
    size_t reserve_bytes;     /* virtual size of each semispace */
    size_t top;               /* bump pointer: bytes used in the current space */
    size_t committed;         /* the current space may have pages touched up to here (beyond
                                 top: pages kept from an earlier cycle); see heap_trim */
    size_t other_committed;   /* the same for the other space (its retained prefix) */
    uint8_t *mapped;          /* start of a semispace whose first mapped_bytes are a private
                                 mapping of a snapshot file (snapshot.c), or NULL */
    size_t mapped_bytes;      /* length of that mapping (a whole number of pages) */
    size_t memory_limit;      /* hard limit on live bytes (0 = reserve size) */
    uint64_t alloc_since_gc;  /* bytes allocated since the last collection (logical counter) */
    uint64_t gc_threshold;    /* collect at the next safe point once alloc_since_gc exceeds it */
    uint64_t live_after_gc;   /* bytes live after the last collection */
    uint64_t gc_count;        /* number of collections so far */
    int gc_stress;            /* collect at every safe point (CRYO_GC_STRESS / --gc-stress) */
    int gc_poison;            /* fill fresh memory with random bytes before zeroing (tests C2) */
    int gc_verify;            /* run heap_verify after every collection (CRYO_GC_VERIFY) */
    int shape_index_off;      /* set while a collection allocates (cleanup jobs): shared shapes build
                                 no lookup index then (shape.h), so a snapshot never holds one */
    uint32_t strpack_min;     /* the snapshot writer packs UTF-16 strings of at least this many units
                                 (STRPACK_MIN_LEN; test knob CRYO_STRPACK_MIN changes snapshot bytes) */
    int oom;                  /* set when an allocation failed; safe point raises RangeError */
    Ref src_text_ref;         /* a packed source-text cell (BYTES_SOURCE | BYTES_PACKED) whose
                                 decoded text is cached in src_text, or 0; every collection
                                 clears it (cells move), never part of a snapshot */
    uint8_t *src_text;        /* that text (malloc'd), for Function.prototype.toString */
    size_t src_text_len;      /* its length in bytes */

    Value roots[ROOT_COUNT];  /* the fixed root list (RootId) */

    /* C roots: addresses of C locals holding Values (vm_root). */
    Value **croots;           /* array of registered addresses */
    size_t nroots;            /* number in use */
    size_t croots_cap;        /* capacity */

    /* interpreter state (interp.c) */
    Value *stack;             /* the VM value stack (fixed address, never reallocated) */
    Value *stack_end;         /* one past the last usable slot */
    Value *sp;                /* first free slot */
    Frame *frames;            /* frame records (fixed array) */
    int frame_count;          /* frames in use */
    int frame_cap;            /* capacity of frames */
    int c_depth;              /* nesting of C-level interpreter entries / native recursion */
    int c_depth_limit;        /* limit before "Maximum call stack size exceeded" */
    uintptr_t c_stack_floor;  /* lowest C stack address recursion may reach (vm_stack_exhausted) */
    int stack_overflow_fatal; /* host policy: reaching c_stack_floor is an uncatchable termination
                                 (uncatchable = 3), not a RangeError: the depth at which the C
                                 stack runs out depends on the compiler, so a catchable error
                                 there would let replicas diverge (the worker sets this and a
                                 deterministic c_depth_limit) */

    Value exception;          /* the pending exception when a call returned VAL_EXCEPTION */
    int has_exception;        /* nonzero while an exception is pending */
    int uncatchable;          /* nonzero: the pending exception is a termination: 1 meter,
                                 2 out of memory, 3 fatal stack overflow */

    /* metering (DESIGN C7) */
    uint64_t meter;           /* computrons used in the current delivery */
    uint64_t meter_limit;     /* 0 = no limit */
    uint64_t meter_next_check;/* the interpreter checks the limit when meter passes this */

    /* native function table (builtins then host functions, append-only) */
    const NativeDef **natives;/* flattened table: native id -> def */
    uint32_t native_count;    /* number of entries */
    uint32_t native_cap;      /* capacity */
    uint32_t builtin_native_count; /* entries coming from the built-in tables */
    uint64_t native_signature;/* hash of all native names in order, host ones included */
    uint64_t builtin_signature; /* the same over the built-in natives only (snapshot header) */
    struct NativeIndex *native_index; /* C-side (fn, magic) -> id lookup (vm.c) */
    int snap_stand_in_hosts;  /* set by an inspecting loader's host setup: host functions a
                                 snapshot names but this program lacks get stand-ins that
                                 throw when called, instead of refusing the snapshot */

    /* collector hooks */
    void (*trace_extra_roots)(VM *vm, struct GcState *gc); /* interpreter roots beyond vm->stack */
    void (*after_gc)(VM *vm);  /* refresh caches that hold derived pointers */

    /* host hooks */
    void *host_opaque;        /* embedder data */
    void (**api_fns)(void);   /* public-API host functions, indexed by their native magic */
    uint32_t api_fn_count;    /* entries in api_fns */
    void (*print_hook)(VM *vm, const char *utf8, size_t len); /* print/console.log output */
    int test262;              /* install the $262 host object */
    int strict_global;        /* evaluate scripts as strict */
    const char *current_filename; /* for error messages during compilation */
};

/* C roots (heap.h): register the address of a C local; the scope's mark and its pop. */
static inline void vm_root(VM *vm, Value *slot) {
    if (vm->nroots == vm->croots_cap) vm_root_grow(vm);
    vm->croots[vm->nroots++] = slot;
}
static inline size_t vm_root_mark(VM *vm) { return vm->nroots; }
static inline void vm_root_scope_end(VmRootScope *s) { s->vm->nroots = s->mark; }

/* Create a VM with a fresh realm. `reserve_bytes` 0 = default. NULL on failure. */
VM *vm_new(size_t reserve_bytes);
/* Create a VM with a heap, stacks and native table but no realm (the snapshot loader fills
 * the heap and roots). */
VM *vm_new_bare(size_t reserve_bytes);
void vm_free(VM *vm);

/* Whether the C stack is nearly used up: every recursion in C (interpreter re-entry,
 * natives calling JS, JSON, the compiler) checks this and throws RangeError "Maximum call
 * stack size exceeded" instead of overflowing. The floor is set from RLIMIT_STACK when the
 * VM is created (vm_set_stack_base for VMs used from other threads). */
static inline bool vm_stack_exhausted(VM *vm) {
    char here;
    return (uintptr_t)&here < vm->c_stack_floor || vm->c_depth >= vm->c_depth_limit;
}
/* Record the calling thread's stack as the one the VM runs on; `size` 0 = RLIMIT_STACK. */
void vm_set_stack_base(VM *vm, size_t size);

/* Collect if needed (cheap inline check). Only call where it is safe (see heap.h). */
static inline void vm_safepoint(VM *vm) {
    if (vm->alloc_since_gc >= vm->gc_threshold || vm->gc_stress) vm_safepoint_slow(vm);
}

static inline Value *vm_cell_values(VM *vm, Ref r) { return CELL_VALUES(CELL(vm, r)); }
static inline Value *obj_words(VM *vm, Value obj) { return CELL_VALUES(CELL(vm, val_ref(obj))); }
static inline CellHeader *obj_header(VM *vm, Value obj) { return CELL(vm, val_ref(obj)); }
static inline ClassId obj_class(VM *vm, Value obj) { return (ClassId)CELL(vm, val_ref(obj))->aux; }
static inline Value *obj_slot(VM *vm, Value obj, int i) { return &obj_words(vm, obj)[OBJ_SLOT0 + i]; }

/* Predefined atom / well-known symbol / intrinsic / root access. */
static inline Value vm_atom(VM *vm, AtomId a) { return vm_cell_values(vm, val_ref(vm->roots[ROOT_PREDEF_ATOMS]))[a]; }
#define ATOM(vm, name) vm_atom(vm, ATOM_##name)
static inline Value vm_wks(VM *vm, WellKnownSymbol s) { return vm_cell_values(vm, val_ref(vm->roots[ROOT_WKS]))[s]; }
static inline Value vm_intrinsic(VM *vm, IntrinsicId i) { return vm_cell_values(vm, val_ref(vm->roots[ROOT_REALM]))[i]; }
static inline void vm_set_intrinsic(VM *vm, IntrinsicId i, Value v) { vm_cell_values(vm, val_ref(vm->roots[ROOT_REALM]))[i] = v; }

/* Realms (ECMA-262 9.3). A realm is a CELL_ARRAY of INTR_COUNT Values, its intrinsics in
 * intrinsics.def order, which include its global object, global this value, global lexical
 * bindings (INTR_GlobalLexicals), template registry and the shapes its functions give fresh
 * objects (INTR_FunctionShapes, funcdef.h). A VM has any number of realms, all
 * plain heap cells (kept alive by what refers to them); vm->roots[ROOT_REALM] is the current
 * one. Every function object knows its [[Realm]]: a closure through its function template
 * (FD_REALM: the realm that compiled it), a native function in NFN_REALM (the realm current
 * when it was made), bound functions and proxies through their targets (vm_function_realm).
 * INVARIANT (stated once, here): while a closure's frame runs, the current realm is its
 * FD_REALM, and while a native runs, its NFN_REALM. A call into another realm switches the
 * current realm, and every exit from the callee (return, throw, generator or async
 * suspension) restores the caller's (interp.h FRAME_REALM, function.c native_call); jobs run
 * in the realm their record names (JOB_REALM). Realm cells are validated on load like the
 * root one (snapshot_check.c). */
static inline Value realm_intrinsic(VM *vm, Value realm, IntrinsicId i) { return vm_cell_values(vm, val_ref(realm))[i]; }
/* A new realm with all its intrinsics and global object (CreateRealm + SetRealmGlobalObject
 * + SetDefaultGlobalBindings); the current realm is unchanged. VAL_EXCEPTION on OOM. */
Value realm_new(VM *vm);
/* GetFunctionRealm(f) (10.2.4.2): the realm of a function object, through bound-function and
 * proxy targets; the current realm for other values. VAL_NULL when a revoked proxy is met
 * (the caller throws its TypeError). Never allocates. */
Value vm_function_realm(VM *vm, Value f);

/* Next identity id (objects' OBJ_ID, symbols): a deterministic counter (C5). */
uint32_t vm_next_id(VM *vm);

/* ---------------------------------------------------------------------------------------
 * Errors (error.c)
 * ------------------------------------------------------------------------------------- */

/* Throw `v`. Returns VAL_EXCEPTION. */
Value vm_throw(VM *vm, Value v);
/* Throw a new error of `kind` with a printf-formatted message. Returns VAL_EXCEPTION. */
Value vm_throw_error(VM *vm, ErrorKind kind, const char *fmt, ...);
Value vm_throw_type_error(VM *vm, const char *fmt, ...);
Value vm_throw_range_error(VM *vm, const char *fmt, ...);
Value vm_throw_reference_error(VM *vm, const char *fmt, ...);
Value vm_throw_syntax_error(VM *vm, const char *fmt, ...);
/* Throw the uncatchable "out of memory" / "too much computation" terminations. */
Value vm_throw_out_of_memory(VM *vm);
Value vm_throw_stack_overflow(VM *vm);
/* Take the pending exception (clears it). */
Value vm_take_exception(VM *vm);
/* Make an error object of `kind` with message string `msg` (no throw). */
Value vm_make_error(VM *vm, ErrorKind kind, Value msg);
/* Format a value for error messages ("x is not a function"): short, never runs JS. */
void vm_describe_value(VM *vm, Value v, char *buf, size_t cap);

/* ---------------------------------------------------------------------------------------
 * Strings (jsstring.c). A string Value references a CELL_STRING (flat) or CELL_ROPE.
 * ------------------------------------------------------------------------------------- */

/* The fixed part of a flat string cell body. */
typedef struct StrHeader {
    uint32_t len;          /* length in UTF-16 code units */
    uint32_t hash;         /* content hash, 0 until first needed (str_hash); every string
                              copied by the collector has it computed, so heaps after a
                              collection (and snapshots) hold it for all strings */
} StrHeader;

enum {
    STR_LATIN1 = 1 << 0,   /* chars are uint8_t (all < 256); else uint16_t */
    STR_ATOM = 1 << 1,     /* interned in the atom table */
    STR_INDEX = 1 << 2,    /* an atom that is a canonical array index >= 2^31 */
    STR_NOT_INDEX = 1 << 3,/* known not to be a canonical array index */
    STR_PACKED = 1 << 4,   /* a packed string (StrPacked below); no other flag is set */
    STR_NO_PACK = 1 << 5,  /* a flat UTF-16 string the snapshot writer found not worth packing:
                              it does not try again (only on strings it would try) */
};

/* A packed string is a CELL_STRING with flag STR_PACKED whose body is a StrPacked followed
 * by payload_len bytes: its characters as WTF-8 (raw_len bytes), compressed (strpack.c;
 * byte format in docs/snapshot-format.md), zero-padded to a word.
 * INVARIANTS:
 *  - Only the snapshot writer's collection makes packed strings (snap_write, at a quiescent
 *    point: no C code holds a flat string it will read after the snapshot). It packs every
 *    flat, non-atom UTF-16 string of at least vm->strpack_min units whose packed cell is at
 *    most 3/4 of the flat cell, so packing is a function of the characters alone (C2); the
 *    others it tried get STR_NO_PACK (BYTES_NO_PACK for source text) and are not tried again.
 *  - A packed string is not flat: str_is_flat() is false and its characters are read through
 *    str_flatten(), which decodes them into a flat UTF-16 string and caches that in `cache`.
 *    The collector traces `cache` (a string the program reads keeps its flat form, instead
 *    of being decoded again after every collection) except in the snapshot writer's
 *    collection, which resets it to undefined: snapshots never hold it.
 *  - len and hash are those of the flat string (hash never 0); its characters are not all
 *    Latin-1 (a flat string with them would be Latin-1, and so is never packed). */
typedef struct StrPacked {
    StrHeader sh;          /* length in UTF-16 units and content hash, as for a flat string */
    Value cache;           /* the flat form (str_flatten), or undefined; see above */
    uint32_t raw_len;      /* bytes of WTF-8 the payload decompresses to */
    uint32_t payload_len;  /* bytes of compressed payload after this struct */
} StrPacked;

#define STRPACK_MIN_LEN 512   /* default vm->strpack_min: shorter strings are never packed */

/* CELL_BYTES header flags. A function template's source text kept as UTF-8 (FD_SOURCE) is a
 * BYTES_SOURCE cell; the snapshot writer's collection packs one of at least vm->strpack_min
 * bytes whose packed cell is at most 3/4 of it like a packed string: BYTES_SOURCE |
 * BYTES_PACKED, body {u32 raw_len (the original cell's body bytes, zero padding included),
 * u32 payload_len} then the compressed bytes (the same coder, without the WTF-8 step).
 * Only vm_function_source reads these cells (strpack_unpack_bytes). */
enum {
    BYTES_SOURCE = 1 << 0,    /* UTF-8 source text of function templates */
    BYTES_PACKED = 1 << 1,    /* ... stored compressed (with BYTES_SOURCE only) */
    BYTES_NO_PACK = 1 << 2,   /* ... found not worth packing (with BYTES_SOURCE only) */
};

#define STR_MAX_LEN ((1u << 30) - 24)  /* longest string (RangeError beyond) */

static inline StrHeader *str_header(VM *vm, Value s) { return (StrHeader *)CELL_VALUES(CELL(vm, val_ref(s))); }
static inline int str_is_flat(VM *vm, Value s) {
    const CellHeader *h = CELL(vm, val_ref(s));
    return h->kind == CELL_STRING && !(h->flags & STR_PACKED);
}
static inline int str_is_latin1(VM *vm, Value s) { return CELL(vm, val_ref(s))->flags & STR_LATIN1; }
static inline const uint8_t *str_latin1(VM *vm, Value s) { return (const uint8_t *)(str_header(vm, s) + 1); }
static inline const uint16_t *str_utf16(VM *vm, Value s) { return (const uint16_t *)(str_header(vm, s) + 1); }
/* Length of any string (flat or rope). */
uint32_t str_length(VM *vm, Value s);
/* Code unit i of a FLAT string. */
static inline uint16_t str_at(VM *vm, Value s, uint32_t i) {
    return str_is_latin1(vm, s) ? str_latin1(vm, s)[i] : str_utf16(vm, s)[i];
}
/* The flat form of s (flattens a rope or unpacks a packed string, caching the result).
 * VAL_EXCEPTION on OOM. */
Value str_flatten(VM *vm, Value s);
/* Packed strings (strpack.c). The flat form of packed string s (decoded once, then cached
 * until the next snapshot is written); VAL_EXCEPTION on OOM. */
Value strpack_flatten(VM *vm, Value s);
/* Decode packed string cell h into its sh.len units at dst; -1 if its data is malformed. */
int strpack_decode_units(const CellHeader *h, uint16_t *dst);
/* The body bytes of a BYTES_SOURCE cell, unpacked if packed: a malloc'd copy (*len bytes;
 * the caller frees), or NULL when out of memory or the packed data is malformed. */
uint8_t *strpack_unpack_bytes(const CellHeader *h, size_t *len);
/* Validate the flags and, when packed, the data of a CELL_BYTES cell; NULL or what is wrong. */
const char *strpack_check_bytes(const CellHeader *h);
/* Validate a packed string cell completely (decodes it); NULL, or what is wrong. in_file:
 * as read from a snapshot, whose packed strings hold no cached flat form. */
const char *strpack_check(const CellHeader *h, int in_file);

Value str_from_latin1(VM *vm, const uint8_t *chars, size_t len);
Value str_from_utf16(VM *vm, const uint16_t *chars, size_t len);  /* narrows when possible */
Value str_from_utf8(VM *vm, const char *utf8, size_t len);        /* invalid bytes -> U+FFFD */
Value str_from_cstr(VM *vm, const char *cstr);                     /* UTF-8, NUL-terminated */
Value str_from_char(VM *vm, uint16_t c);                           /* one code unit (cached for < 256) */
Value str_from_codepoint(VM *vm, uint32_t cp);
Value str_from_double(VM *vm, double d);                           /* Number::toString(d) */
Value str_from_int(VM *vm, int64_t i);
/* A new uninitialized flat string to fill: sets *out to its chars. Its hash is computed on
 * first use (str_hash), so filling it is all the caller must do. */
Value str_alloc_latin1(VM *vm, size_t len, uint8_t **out);
Value str_alloc_utf16(VM *vm, size_t len, uint16_t **out);
/* Concatenation (may build a rope). */
Value str_concat(VM *vm, Value a, Value b);
/* Substring [start, end) of any string. */
Value str_substring(VM *vm, Value s, uint32_t start, uint32_t end);
/* Equality / ordering of contents (any strings). */
bool str_equals(VM *vm, Value a, Value b);
int str_compare(VM *vm, Value a, Value b);  /* <0, 0, >0 by UTF-16 code units */
/* Content hash of a flat string (FNV-1a over code units; deterministic). */
uint32_t str_hash_chars(const void *chars, size_t len, int latin1);
/* Content hash of a FLAT string, computed on first use and stored in its header (strings
 * are hashed lazily: most never become keys). Never 0. */
static inline uint32_t str_hash(VM *vm, Value s) {
    StrHeader *sh = str_header(vm, s);
    if (!sh->hash) sh->hash = str_hash_chars(sh + 1, sh->len, str_is_latin1(vm, s));
    return sh->hash;
}
/* Index of needle in hay at or after `from`, or -1. */
int64_t str_index_of(VM *vm, Value hay, Value needle, uint32_t from);
/* UTF-8 copy (malloc'd, NUL-terminated; lone surrogates become U+FFFD). Caller frees. */
char *str_to_utf8(VM *vm, Value s, size_t *len_out);
/* Code point at index i of a flat string (surrogate pairs combined). */
uint32_t str_codepoint_at(VM *vm, Value s, uint32_t i, uint32_t *units);

/* A growable C-side buffer for building strings; holds no heap references. */
typedef struct StrBuilder {
    VM *vm;                /* owning VM */
    uint8_t *buf;          /* chars (Latin-1 until a wide char arrives, then UTF-16) */
    size_t len;            /* code units used */
    size_t cap;            /* capacity in code units */
    int wide;              /* buf holds uint16_t */
    int failed;            /* allocation failed or STR_MAX_LEN exceeded */
} StrBuilder;

void sb_init(StrBuilder *sb, VM *vm);
void sb_free(StrBuilder *sb);
void sb_append_char(StrBuilder *sb, uint16_t c);
void sb_append_codepoint(StrBuilder *sb, uint32_t cp);
void sb_append_latin1(StrBuilder *sb, const uint8_t *s, size_t n);
void sb_append_utf16(StrBuilder *sb, const uint16_t *s, size_t n);
void sb_append_cstr(StrBuilder *sb, const char *s);   /* ASCII/UTF-8 */
void sb_append_string(StrBuilder *sb, Value s);       /* any string Value */
/* Finish: the built string (frees the buffer). VAL_EXCEPTION (RangeError) on failure. */
Value sb_finish(StrBuilder *sb);

/* ---------------------------------------------------------------------------------------
 * Atoms and symbols (atom.c)
 * ------------------------------------------------------------------------------------- */

/* The interned string with the same contents as string `s`. */
Value atom_intern(VM *vm, Value s);
Value atom_from_cstr(VM *vm, const char *s);
Value atom_from_latin1(VM *vm, const uint8_t *s, size_t len);
Value atom_from_utf16(VM *vm, const uint16_t *s, size_t len);
/* A new symbol with description `desc` (string or undefined). */
Value symbol_new(VM *vm, Value desc);
/* Symbol's [[Description]]. */
Value symbol_description(VM *vm, Value sym);
/* Symbol cells (CELL_SYMBOL, VALUES): [0] description (string/undefined), [1] id (int),
 * [2] flags (int, SYM_*). Private names (#x) are symbols flagged SYM_PRIVATE: they are never
 * listed by own_keys, never passed to Proxy traps, and are accessed with the ordinary_*
 * operations on the object itself. */
enum { SYM_DESC = 0, SYM_ID = 1, SYM_FLAGS = 2 };
enum { SYM_PRIVATE = 1, SYM_REGISTERED = 2 };
Value symbol_new_private(VM *vm, Value desc);
static inline int symbol_is_private(VM *vm, Value sym) {
    return val_to_int(vm_cell_values(vm, val_ref(sym))[SYM_FLAGS]) & SYM_PRIVATE;
}
/* Canonical property key for any string: int for indices < 2^31, else an atom. */
Value key_from_string(VM *vm, Value s);
/* Property key for array index i (int or index atom). */
Value key_from_index(VM *vm, uint32_t i);
/* If key is an array index, store it in *idx and return true. */
bool key_is_index(VM *vm, Value key, uint32_t *idx);
/* Key as a string Value (ints converted) — for messages and own_keys results. */
Value key_to_string(VM *vm, Value key);
/* Hash of a property key (deterministic). */
uint32_t key_hash(VM *vm, Value key);

/* ---------------------------------------------------------------------------------------
 * Objects and properties (object.c, shape.c, array.c)
 * ------------------------------------------------------------------------------------- */

/* A new object of class `cls` with prototype `proto` (object or null), extensible, with its
 * class slots set to undefined. VAL_EXCEPTION on OOM. */
Value obj_new(VM *vm, Value proto, ClassId cls);
/* A new ordinary object whose prototype is %Object.prototype%. */
Value obj_new_plain(VM *vm);
/* Identity hash id of an object (assigned on first use). */
uint32_t obj_id(VM *vm, Value obj);

/* The internal methods (dispatch through class_ops, ordinary fallback). */
int obj_get_own_property(VM *vm, Value obj, Value key, PropDesc *desc);   /* may run JS */
int obj_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc); /* may run JS */
int obj_has_property(VM *vm, Value obj, Value key);                       /* may run JS */
Value obj_get(VM *vm, Value obj, Value key, Value receiver);             /* may run JS */
int obj_set(VM *vm, Value obj, Value key, Value v, Value receiver);      /* may run JS */
int obj_delete(VM *vm, Value obj, Value key);                            /* may run JS */
/* [[OwnPropertyKeys]]: a key list — a CELL_ARRAY cell Value (val_cell) whose words are the
 * PropKeys in spec order (indices ascending, then strings, then symbols, in insertion order;
 * private names never appear). Count = CELL(vm, ref)->size - 1; read it with list_count() /
 * list_items(). The same "list" form is used by create_list_from_array_like and
 * iter_to_list. Convert int keys with key_to_string before showing them to JavaScript. */
Value obj_own_keys(VM *vm, Value obj);                                   /* may run JS */
static inline uint32_t list_count(VM *vm, Value list) { return CELL(vm, val_ref(list))->size - 1; }
static inline Value *list_items(VM *vm, Value list) { return CELL_VALUES(CELL(vm, val_ref(list))); }
/* A new list (CELL_ARRAY) of n Values, all undefined. VAL_EXCEPTION on OOM. */
Value list_new(VM *vm, uint32_t n);
Value obj_get_prototype_of(VM *vm, Value obj);                           /* may run JS */
int obj_set_prototype_of(VM *vm, Value obj, Value proto);                /* may run JS */
int obj_is_extensible(VM *vm, Value obj);                                /* may run JS */
int obj_prevent_extensions(VM *vm, Value obj);                           /* may run JS */

/* The ordinary versions (exotic classes call these for the parts they don't override). */
int ordinary_get_own_property(VM *vm, Value obj, Value key, PropDesc *desc);
int ordinary_define_own_property(VM *vm, Value obj, Value key, const PropDesc *desc);
int ordinary_has_property(VM *vm, Value obj, Value key);
Value ordinary_get(VM *vm, Value obj, Value key, Value receiver);
int ordinary_set(VM *vm, Value obj, Value key, Value v, Value receiver);
int ordinary_delete(VM *vm, Value obj, Value key);
Value ordinary_own_keys(VM *vm, Value obj);
int ordinary_set_prototype_of(VM *vm, Value obj, Value proto);
/* ValidateAndApplyPropertyDescriptor (10.1.6.3) for exotic objects that keep their own store. */
bool validate_and_apply_descriptor(VM *vm, Value obj, Value key, bool extensible,
                                   const PropDesc *desc, const PropDesc *current, bool has_current);

/* Convenience layers (spec abstract operations, 7.3). */
Value obj_get_v(VM *vm, Value v, Value key);            /* GetV: works on primitives too */
Value obj_get_atom(VM *vm, Value obj, AtomId a);         /* Get(obj, atom) */
Value obj_get_index(VM *vm, Value obj, uint32_t i);      /* Get(obj, ToString(i)) */
int obj_set_throw(VM *vm, Value obj, Value key, Value v);/* Set(O, P, V, true) */
int obj_set_index(VM *vm, Value obj, uint32_t i, Value v); /* Set(O, i, V, true) */
int obj_create_data_property(VM *vm, Value obj, Value key, Value v);        /* CreateDataProperty */
int obj_create_data_property_throw(VM *vm, Value obj, Value key, Value v);  /* ...OrThrow */
int obj_define_property_throw(VM *vm, Value obj, Value key, const PropDesc *d); /* DefinePropertyOrThrow */
int obj_delete_throw(VM *vm, Value obj, Value key);                         /* DeletePropertyOrThrow */
Value obj_get_method(VM *vm, Value v, Value key);        /* GetMethod: undefined if nullish */
int obj_has_own_property(VM *vm, Value obj, Value key);  /* HasOwnProperty */
/* Define a data property directly on a fresh/ordinary object, bypassing checks (used while
 * building objects the engine owns: literals, built-ins). The key must not exist yet or
 * must be a data property; returns -1 only on OOM. */
int obj_define_fast(VM *vm, Value obj, Value key, Value v, int attrs);
/* Make room in obj's slot array (OBJ_SLOTS) for index `slot`: the capacity doubles, at
 * least 4. -1 on OOM (no exception set). Allocates only. */
int obj_slots_reserve(VM *vm, Value obj, uint32_t slot);
/* Same, for an accessor property (getter/setter may be undefined). */
int obj_define_accessor_fast(VM *vm, Value obj, Value key, Value getter, Value setter, int attrs);
/* SetIntegrityLevel / TestIntegrityLevel (sealed = 0, frozen = 1). */
int obj_set_integrity(VM *vm, Value obj, int frozen);
int obj_test_integrity(VM *vm, Value obj, int frozen);
/* EnumerableOwnProperties kind: 0 keys, 1 values, 2 entries. Returns an array. */
Value obj_enumerable_own(VM *vm, Value obj, int kind);
/* The keys a for-in over obj visits (EnumerateObjectProperties: own then inherited
 * enumerable string keys, shadowed ones skipped), as a list of strings. */
Value obj_for_in_keys(VM *vm, Value obj);
/* OrdinaryCreateFromConstructor: prototype from new_target.prototype or the fallback. */
Value obj_create_from_constructor(VM *vm, Value new_target, IntrinsicId fallback_proto, ClassId cls);
/* GetPrototypeFromConstructor. */
Value get_prototype_from_constructor(VM *vm, Value ctor, IntrinsicId fallback);

/* Property descriptor <-> object (FromPropertyDescriptor / ToPropertyDescriptor). */
Value desc_to_object(VM *vm, const PropDesc *d);
int desc_from_object(VM *vm, Value obj, PropDesc *d);   /* -1 on throw; may run JS */
static inline void desc_init(PropDesc *d) { d->value = d->get = d->set = VAL_UNDEFINED; d->flags = 0; d->has = 0; }
static inline void desc_data(PropDesc *d, Value v, int flags) {
    d->value = v; d->get = d->set = VAL_UNDEFINED; d->flags = (uint8_t)flags;
    d->has = DESC_HAS_VALUE | DESC_HAS_WRITABLE | DESC_HAS_ENUMERABLE | DESC_HAS_CONFIGURABLE;
}

/* Arrays (array.c). */
Value array_new(VM *vm, uint32_t len);                   /* new Array with length len (holes) */
Value array_from_values(VM *vm, const Value *v, uint32_t n);  /* dense array */
int array_push(VM *vm, Value arr, Value v);              /* append (array must be ours, extensible) */
uint32_t array_length(VM *vm, Value arr);                /* length of a CLASS_ARRAY */
int array_set_length(VM *vm, Value arr, const PropDesc *desc); /* ArraySetLength */
/* Fast-path element read of a CLASS_ARRAY or object with fast elements: VAL_HOLE if absent. */
Value array_get_fast(VM *vm, Value obj, uint32_t i);
/* LengthOfArrayLike (may run JS). Returns -1 on throw, else length in *len. */
int length_of_array_like(VM *vm, Value obj, uint64_t *len);
/* CreateListFromArrayLike: a list (see obj_own_keys) of the elements. */
Value create_list_from_array_like(VM *vm, Value obj, uint32_t *count);
/* ArraySpeciesCreate. */
Value array_species_create(VM *vm, Value orig, uint64_t len);
/* IsArray (sees through proxies). -1 on throw (revoked proxy). */
int vm_is_array(VM *vm, Value v);

/* Accessor pairs are CELL_MISC(MISC_ACCESSOR) cells with two Values: getter, setter. */
typedef enum MiscKind {
    MISC_ACCESSOR = 1,     /* [getter, setter] */
    MISC_JOB,              /* [next, function, arg0, arg1, arg2, realm] pending job record */
    MISC_REACTION,         /* promise reaction record */
    MISC_MAP_TABLE,        /* Map/Set hash table header */
    MISC_TEMPLATE,         /* cached template object */
    MISC_MODULE,           /* module record */
    MISC_SCOPE,            /* scope descriptor for dynamic name lookup */
    MISC_FRAME,            /* a saved interpreter frame (generator/async) */
    MISC_HOST,             /* host-defined record */
} MiscKind;

Value misc_new(VM *vm, MiscKind kind, int nvalues);       /* all undefined */

/* ---------------------------------------------------------------------------------------
 * Abstract operations: conversions and comparisons (conv.c)
 * ------------------------------------------------------------------------------------- */

typedef enum { HINT_DEFAULT, HINT_NUMBER, HINT_STRING } PrimitiveHint;

Value to_primitive(VM *vm, Value v, PrimitiveHint hint);   /* may run JS */
bool to_boolean(VM *vm, Value v);
Value to_number(VM *vm, Value v);                          /* number Value; may run JS */
Value to_numeric(VM *vm, Value v);                         /* number or bigint; may run JS */
int to_number_double(VM *vm, Value v, double *out);        /* -1 on throw; may run JS */
Value to_string(VM *vm, Value v);                          /* string Value; may run JS */
Value to_object(VM *vm, Value v);                          /* throws TypeError on nullish */
Value to_property_key(VM *vm, Value v);                    /* PropKey; may run JS */
int to_int32(VM *vm, Value v, int32_t *out);               /* may run JS */
int to_uint32(VM *vm, Value v, uint32_t *out);             /* may run JS */
int to_integer_or_infinity(VM *vm, Value v, double *out);  /* may run JS */
int to_length(VM *vm, Value v, uint64_t *out);             /* may run JS */
int to_index(VM *vm, Value v, uint64_t *out);              /* may run JS */
double to_integer_double(double d);                        /* truncation toward 0, NaN -> 0 */
Value number_to_string(VM *vm, Value num);                 /* Number::toString(x, 10) */
double string_to_number(VM *vm, Value s);                  /* StringToNumber */
bool same_value(VM *vm, Value a, Value b);
bool same_value_zero(VM *vm, Value a, Value b);
bool strict_equals(VM *vm, Value a, Value b);
int loose_equals(VM *vm, Value a, Value b);                /* -1 on throw; may run JS */
Value typeof_value(VM *vm, Value v);                       /* atom string */
int vm_instance_of(VM *vm, Value v, Value target);         /* InstanceofOperator; may run JS */
int ordinary_has_instance(VM *vm, Value c, Value o);       /* may run JS */
bool vm_is_callable(VM *vm, Value v);
bool vm_is_constructor(VM *vm, Value v);
int vm_species_constructor(VM *vm, Value obj, IntrinsicId default_ctor, Value *out);
int is_regexp(VM *vm, Value v);                            /* IsRegExp; may run JS */
static inline double num_value(Value v) { return val_to_number_unchecked(v); }

/* ---------------------------------------------------------------------------------------
 * Functions and calls (function.c, interp.c)
 * ------------------------------------------------------------------------------------- */

/* [[Call]] / [[Construct]] any value (TypeError when not callable/constructor). May run JS.
 * argv is copied onto the VM stack before anything runs, so it need not be rooted. */
Value vm_call(VM *vm, Value f, Value this_val, int argc, const Value *argv);
/* Indirect eval of `src`, a string the caller made just for this (the worker's `e` command):
 * as %eval%(src), but the compiled functions keep the source text in their own compact form
 * (UTF-8 when it holds characters above U+00FF) instead of sharing `src` (function.c). */
Value vm_indirect_eval_transient(VM *vm, Value src);
Value vm_construct(VM *vm, Value f, int argc, const Value *argv, Value new_target);
/* Invoke(V, P, args): call method `key` of v. */
Value vm_invoke(VM *vm, Value v, Value key, int argc, const Value *argv);

/* A native function object for the NativeDef `def` (its id must be registered). */
Value vm_new_native_function(VM *vm, const NativeDef *def, Value proto);
/* A native function object made at run time (resolve functions, etc.): fn must appear in a
 * registered table; looked up by (fn, magic). `length` and `name` set as usual. */
Value vm_new_native_closure(VM *vm, NativeFn fn, int magic, const char *name, int length);
/* Native function slots: data0/data1 Values for closures made with vm_new_native_closure. */
enum { NFN_ID = 0, NFN_MAGIC = 1, NFN_REALM = 2, NFN_DATA0 = 3, NFN_DATA1 = 4, NFN_DATA2 = 5 };
/* Install every entry of `defs` as properties of obj (methods, accessors). -1 on OOM. */
int vm_install(VM *vm, Value obj, const NativeDef *defs, size_t n);
/* Make a constructor function + prototype pair: the constructor is `ctor_def`, the prototype
 * object `proto` gets "constructor"; ctor gets "prototype" (non-writable etc). */
Value vm_make_constructor(VM *vm, const NativeDef *ctor_def, Value proto, Value ctor_proto);
/* Define a global property (writable, configurable, not enumerable). */
int vm_define_global(VM *vm, const char *name, Value v);
/* SetFunctionName / SetFunctionLength helpers (define own "name" / "length"). */
int fn_set_name(VM *vm, Value f, Value key_or_name, const char *prefix);
int fn_set_length(VM *vm, Value f, double len);

/* Register a host function by name (append-only; C1). Returns its native id or -1. */
int vm_register_host_function(VM *vm, const char *name, NativeFn fn, int length);
/* Same, with a magic number passed to fn (one C function serving several names). */
int vm_register_host_function_magic(VM *vm, const char *name, NativeFn fn, int length, int magic);
/* Look up a native id by (fn, magic); -1 if not registered. */
int vm_native_id(VM *vm, NativeFn fn, int magic);


/* ---------------------------------------------------------------------------------------
 * Iterators (iterator.c)
 * ------------------------------------------------------------------------------------- */

/* An Iterator Record (7.4.1). Keep its Values rooted across calls (vm_root each field). */
typedef struct IterRecord {
    Value iterator;        /* the iterator object */
    Value next;            /* its next method */
    int done;              /* [[Done]] */
} IterRecord;

/* GetIterator(obj, sync/async). -1 on throw. may run JS */
int iter_get(VM *vm, Value obj, int async, IterRecord *rec);
/* GetIteratorDirect: the record { obj, Get(obj, "next") } of an iterator object. -1 on throw. */
int iter_get_direct(VM *vm, Value obj, IterRecord *rec);
/* IteratorStep + IteratorValue: 1 and *value when a value came, 0 when done, -1 on throw.
 * With value NULL, IteratorStep alone: "value" is not read. */
int iter_step_value(VM *vm, IterRecord *rec, Value *value);
/* IteratorClose with a normal completion (-1 if closing threw) — or, when `completion_threw`
 * is set, with a throw completion (the pending exception is kept, errors from return() are
 * ignored). */
int iter_close(VM *vm, IterRecord *rec, int completion_threw);
/* CreateIterResultObject(value, done). */
Value iter_result(VM *vm, Value value, bool done);
/* CreateAsyncFromSyncIterator(sync) (generator.c): *rec becomes the async-from-sync
 * iterator's record. sync's fields must be rooted by the caller. -1 on throw. */
int iter_async_from_sync_record(VM *vm, const IterRecord *sync, IterRecord *rec);
/* IterableToList: a list (see obj_own_keys); *count receives the length. */
Value iter_to_list(VM *vm, Value iterable, uint32_t *count);

/* ---------------------------------------------------------------------------------------
 * Promises (builtins/promise.c) — used by async functions and the host
 * ------------------------------------------------------------------------------------- */

enum { PROMISE_PENDING = 0, PROMISE_FULFILLED = 1, PROMISE_REJECTED = 2 };
enum { PROMISE_SLOT_STATE = 0, PROMISE_SLOT_RESULT = 1, PROMISE_SLOT_REACTIONS = 2, PROMISE_SLOT_HANDLED = 3 };

/* A new pending %Promise%. */
Value promise_new(VM *vm);
/* PromiseResolve(%Promise%, v): v itself when it is a %Promise% with the same constructor. */
Value promise_resolve_value(VM *vm, Value v);
/* Resolve / reject a promise made by promise_new (the "resolve function" semantics, incl.
 * thenable adoption via a job). -1 on OOM. */
int promise_resolve(VM *vm, Value promise, Value resolution);
int promise_reject(VM *vm, Value promise, Value reason);
/* PerformPromiseThen(promise, on_fulfilled, on_rejected, result_capability_promise_or_undefined).
 * Handlers may be undefined. */
int promise_then(VM *vm, Value promise, Value on_fulfilled, Value on_rejected, Value result_promise);
/* Await(v) for the activation suspended in `state` (an async function state or an async
 * generator): PromiseResolve(%Promise%, v) then PerformPromiseThen with continuations that
 * resume `state` (await_resume) when the promise settles. -1 with an exception pending. */
int promise_await(VM *vm, Value state, Value v);
/* Resume the activation suspended at an await in `state` with the settled value (rejected:
 * thrown at the await). -1 with an exception pending when it must be reported (generator.c). */
int await_resume(VM *vm, Value state, Value value, int rejected);
/* NewPromiseCapability(C): fills promise, resolve, reject. -1 on throw. may run JS */
int promise_new_capability(VM *vm, Value ctor, Value *promise, Value *resolve, Value *reject);

/* ---------------------------------------------------------------------------------------
 * Scripts, eval, jobs (interp.c, compiler.c, job.c)
 * ------------------------------------------------------------------------------------- */

/* Compile and run a classic script in the global scope. Returns the completion value. */
Value vm_eval_script(VM *vm, const char *src, size_t len, const char *filename);
/* Compile and run a module file (and its imports). Returns undefined or VAL_EXCEPTION. */
Value vm_eval_module(VM *vm, const char *src, size_t len, const char *filename);
/* Enqueue a job: call fn(args...) later. -1 on OOM. */
int vm_enqueue_job(VM *vm, Value fn, int argc, const Value *argv);
/* The uncatchable "too much computation" termination (DESIGN C7); no allocation. */
Value vm_throw_too_much_computation(VM *vm);
/* For long loops inside built-ins over array-likes, whose length may be up to 2^53 - 1 while
 * they hold nothing (so neither memory nor JavaScript callbacks bound the loop): every 4096
 * iterations, whether charging the `done` iterations so far would pass the computron limit.
 * If so it charges them and leaves the termination pending (the caller returns its exception
 * value). The loops still charge their whole count when they finish, so counts are the same;
 * only a delivery that is over its limit ends earlier, at a deterministic iteration. */
static inline bool vm_meter_poll(VM *vm, uint64_t iter, uint64_t done) {
    if ((iter & 4095) != 4095 || !vm->meter_limit || vm->meter + done <= vm->meter_limit) return false;
    vm->meter += done;
    vm_throw_too_much_computation(vm);
    return true;
}
/* Run jobs until the queue is empty. Returns -1 if a job threw (exception pending).
 * ClearKeptObjects (9.10) runs on entry (the script or job that ran before has ended) and
 * after every job, so WeakRef targets are kept alive only for the job that touched them. */
int vm_run_jobs(VM *vm);
/* ClearKeptObjects (9.10): forget the targets WeakRef construction and deref() kept alive. */
void weakref_clear_kept_objects(VM *vm);

/* The realm set-up: create all intrinsics and the global object (realm.c / builtins). */
int realm_init(VM *vm);

/* The current call stack as text ("    at f (file:line:col)" lines) for Error "stack". */
Value vm_capture_stack(VM *vm);
/* The source text of a function object (Function.prototype.toString). */
Value vm_function_source(VM *vm, Value f);
/* Misc helpers. */
void vm_print_value(VM *vm, FILE *f, Value v);  /* debugging: never runs JS */

#endif
