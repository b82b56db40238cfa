/* funcdef.h — compiled function templates (CELL_FUNCDEF), environments (CELL_ENV), scope
 * descriptors (MISC_SCOPE), closures (CLASS_FUNCTION) and the other heap layouts owned by
 * the compiler / interpreter / function machinery.
 *
 * INVARIANTS (stated once, here):
 *  - Everything below lives in the heap and holds no C pointer (C1). A function template
 *    refers to its bytecode, constants, inline caches, names and tables by Value; all plain
 *    numbers are raw bytes (FuncDefInfo) after the traced Values.
 *  - Bytecode is position independent: jumps are relative, every reference is a constant
 *    pool index, every variable a frame slot or (hops, index) environment coordinate.
 *  - A function template is immutable after compilation except for (a) its inline-cache
 *    array (FD_IC, set once at the first fill, then its contents) and (b) template-object
 *    constants, which are replaced by the template object
 *    the first time the site runs (per-site caching, ECMA-262 13.2.8.4).
 */
#ifndef CRYO_FUNCDEF_H
#define CRYO_FUNCDEF_H

#include "vm.h"

/* ---------------------------------------------------------------------------------------
 * CELL_FUNCDEF (MIXED): hdr.aux = FD_NVALUES traced Values, then a FuncDefInfo.
 * ------------------------------------------------------------------------------------- */
enum {
    FD_CODE = 0,        /* CELL_BYTES: the bytecode */
    FD_CONSTS,          /* CELL_ARRAY: constant pool (numbers, strings, atoms, funcdefs, scope
                           descriptors, template sites), or undefined when empty */
    FD_IC,              /* CELL_ARRAY of the inline caches (see "Inline caches" below), or
                           undefined: a template gets it at its first cache fill (interp_ops.c
                           ic_fill5), so functions that never run, or never cache, have none;
                           readers treat undefined as all-miss */
    FD_NAME,            /* string: the function's static name ("" when anonymous) */
    FD_FILENAME,        /* string: file name (for stack traces) */
    FD_SOURCE,          /* the whole source text the function came from (shared): for code
                           from eval or Function the caller's string (src_start/src_end in
                           UTF-16 units), else CELL_BYTES of its UTF-8 (WTF-8) text,
                           zero-padded (src_start/src_end in bytes) */
    FD_LINES,           /* CELL_BYTES: nlines LineEntry, packed (see "Packed position
                           tables" below), or undefined */
    FD_HANDLERS,        /* CELL_BYTES: HandlerEntry[] (innermost first), or undefined */
    FD_LOCAL_NAMES,     /* CELL_ARRAY: name (atom) or undefined per frame variable, up to
                           the last named one (so possibly shorter than nlocals), or
                           undefined when none is named: read through fd_local_name */
    FD_CALLSITES,       /* CELL_BYTES: ncallsites CallSiteEntry, packed (below), or undefined */
    FD_REALM,           /* the realm cell current when the template was compiled: the
                           [[Realm]] of every closure made from it (vm.h "Realms") */
    FD_NVALUES
};

/* Function template flags (FuncDefInfo.flags). */
enum {
    FDF_STRICT = 1 << 0,        /* strict mode code */
    FDF_ARROW = 1 << 1,         /* arrow function: lexical this/arguments/new.target */
    FDF_GENERATOR = 1 << 2,     /* function* */
    FDF_ASYNC = 1 << 3,         /* async function (with FDF_GENERATOR: async generator) */
    FDF_CLASS_CTOR = 1 << 4,    /* class constructor ([[Call]] throws) */
    FDF_DERIVED = 1 << 5,       /* derived class constructor (this starts uninitialized) */
    FDF_METHOD = 1 << 6,        /* method / accessor (has a home object, not a constructor) */
    FDF_CONSTRUCTOR = 1 << 7,   /* has [[Construct]] (ordinary functions, class ctors) */
    FDF_PROTOTYPE = 1 << 8,     /* closures get an own "prototype" object */
    FDF_SCRIPT = 1 << 9,        /* top level of a script */
    FDF_MODULE = 1 << 10,       /* top level of a module */
    FDF_EVAL = 1 << 11,         /* eval code */
    FDF_FIELD_INIT = 1 << 12,   /* class field initializer (synthetic) */
    FDF_DEFAULT_CTOR = 1 << 13, /* synthesized default class constructor */
    FDF_HAS_FIELDS = 1 << 14,   /* base class ctor whose class has instance fields */
    FDF_STATIC_BLOCK = 1 << 15, /* class static block */
    FDF_GETTER = 1 << 16,       /* get accessor (name prefix for toString/debug) */
    FDF_SETTER = 1 << 17,       /* set accessor */
    FDF_DYNAMIC = 1 << 18,      /* made by the Function constructor (CreateDynamicFunction) */
    FDF_NAMED_EXPR = 1 << 19,   /* function expression with its own name binding */
    FDF_USES_THIS = 1 << 20,    /* reads `this` (or may, through eval): bind it for sloppy calls */
};

/* The raw part of a function template. */
typedef struct FuncDefInfo {
    uint32_t flags;             /* FDF_* */
    uint32_t code_len;          /* bytecode length in bytes */
    uint32_t nparams;           /* formal parameter slots (arguments are padded to this) */
    uint32_t length;            /* value of the "length" property */
    uint32_t nlocals;           /* frame variables, including the LOC_* reserved ones */
    uint32_t max_stack;         /* maximum operand stack depth */
    uint32_t src_start;         /* source text range in FD_SOURCE (see there for the unit) */
    uint32_t src_end;
    uint32_t line;              /* 1-based line / column of the function's start */
    uint32_t column;
    uint32_t nlines;            /* entries in FD_LINES */
    uint32_t nhandlers;         /* entries in FD_HANDLERS */
    uint32_t nic;               /* inline-cache sites */
    uint32_t ncallsites;        /* entries in FD_CALLSITES */
} FuncDefInfo;

/* Line table entry: instructions from `pc` on belong to source position line:column.
 * Entries are sorted by pc. */
typedef struct LineEntry {
    uint32_t pc;
    uint32_t line;
    uint32_t column;
} LineEntry;

/* Exception table entry: a throw at pc in [start, end) resumes at `target` with the operand
 * stack cut to `depth` Values and the exception pushed. Entries are innermost first. */
typedef struct HandlerEntry {
    uint32_t start;
    uint32_t end;
    uint32_t target;
    uint32_t depth;
} HandlerEntry;

/* Shared shapes of freshly built objects, cached per realm in %FunctionShapes%
 * (INTR_FunctionShapes: a CELL_ARRAY of FDC_COUNT, undefined until the first use; each
 * entry undefined until filled, then a shared shape of exactly fdc_entries(k) properties).
 * Shapes do not depend on prototypes, so one entry serves every function template. */
enum {
    FDC_CLOSURE2 = 0,           /* a fresh closure: length, name */
    FDC_CLOSURE3 = 1,           /* ... length, name, prototype */
    FDC_CLOSURE5 = 2,           /* ... length, name, prototype, arguments, caller */
    FDC_PROTO_OBJ = 3,          /* a closure's fresh "prototype" object: constructor */
    FDC_ITER_RESULT = 4,        /* an iterator result: value, done */
    FDC_COUNT = 5
};
/* The property count of the shapes cached in entry k. */
static inline uint32_t fdc_entries(int k) { return (uint32_t)"\2\3\5\1\2"[k]; }

/* Call-site entry: the call / new instruction at `pc` has callee source text constant
 * `text` (a string in the constant pool), for "x is not a function" messages. Entries are
 * sorted by pc. */
typedef struct CallSiteEntry {
    uint32_t pc;
    uint32_t text;
} CallSiteEntry;

/* Packed position tables. FD_LINES and FD_CALLSITES hold their entries as unsigned LEB128
 * varints (7 bits a byte, low group first, high bit = more; at most 5 bytes, a value of at
 * most 32 bits), zero bytes after the last entry up to the cell's end:
 *   FD_LINES: the entries in blocks of FD_LINE_BLOCK (the last one shorter), after an index
 *     of nblocks - 1 u32 (little-endian): the byte offset, from the start of the cell's
 *     payload, of blocks 1 .. nblocks-1 (block 0 follows the index; the blocks are
 *     contiguous). Per entry: pc - previous pc, zz(line - previous line), zz(column -
 *     previous column), the "previous" of each block's first entry being pc 0 and the
 *     template's line / column, so a lookup binary-searches the blocks by their first pc
 *     and then decodes at most one block;
 *   FD_CALLSITES, per entry: pc - previous pc (from 0), text.
 * zz maps a difference mod 2^32 read as signed to unsigned (0, -1, 1, -2 ... -> 0, 1, 2, 3
 * ...), so small steps either way take one byte; all arithmetic is mod 2^32. Tables are
 * decoded on demand (error positions, stack traces, "not a function" messages), front to
 * back. The decoders below are bounds-checked: they never read past the cell and report a
 * truncated stream or an over-long varint, which snapshot_check.c refuses at load. */
typedef struct FdCursor {
    const uint8_t *p;           /* next byte to decode */
    const uint8_t *end;         /* end of the cell's payload */
    uint32_t left;              /* entries not yet decoded */
} FdCursor;

/* A cursor over the `count` entries packed in the CELL_BYTES cell h (NULL: no entries). */
static inline FdCursor fd_cursor(const CellHeader *h, uint32_t count) {
    FdCursor c = { NULL, NULL, 0 };
    if (h) {
        c.p = (const uint8_t *)CELL_VALUES(h);
        c.end = c.p + ((size_t)h->size - 1) * 8;
        c.left = count;
    }
    return c;
}

/* Read one varint. 0, or -1 when the stream ends inside it or it exceeds 32 bits. */
static inline int fd_varint(FdCursor *c, uint32_t *out) {
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (c->p >= c->end) return -1;
        uint8_t b = *c->p++;
        if (shift == 28 && b > 15) return -1;
        v |= (uint32_t)(b & 127) << shift;
        if (!(b & 128)) { *out = v; return 0; }
    }
    return -1;
}

/* The zz mapping of a difference (mod 2^32) and its inverse. */
static inline uint32_t fd_zz(uint32_t d) { return (d << 1) ^ (0u - (d >> 31)); }
static inline uint32_t fd_unzz(uint32_t z) { return (z >> 1) ^ (0u - (z & 1)); }

/* Line table entries per block (the unit of random access). */
#define FD_LINE_BLOCK 32

/* Number of blocks of a packed line table of n entries. */
static inline uint32_t fd_line_blocks(uint32_t n) { return n / FD_LINE_BLOCK + (n % FD_LINE_BLOCK != 0); }

/* A cursor over block k of the packed line table of n entries in the bytes cell h; one with
 * no entries when k is out of range or the index puts the block outside the cell (or
 * inside the index itself). */
static inline FdCursor fd_line_block(const CellHeader *h, uint32_t n, uint32_t k) {
    FdCursor c = fd_cursor(h, 0);
    uint32_t nb = fd_line_blocks(n);
    size_t len = (size_t)(c.end - c.p), head = nb ? ((size_t)nb - 1) * 4 : 0, off = head;
    if (k >= nb || head > len) return c;
    if (k) {
        const uint8_t *q = c.p + ((size_t)k - 1) * 4;
        off = (size_t)q[0] | (size_t)q[1] << 8 | (size_t)q[2] << 16 | (size_t)q[3] << 24;
        if (off < head || off > len) return c;
    }
    c.p += off;
    c.left = k + 1 < nb ? FD_LINE_BLOCK : n - k * FD_LINE_BLOCK;
    return c;
}

/* Decode the next line entry into *e, which holds the previous entry (before the first of
 * a block: pc 0 and the template's line / column). 1 = decoded, 0 = no entries left,
 * -1 = malformed. */
static inline int fd_line_next(FdCursor *c, LineEntry *e) {
    uint32_t dpc, dl, dc;
    if (!c->left) return 0;
    if (fd_varint(c, &dpc) < 0 || fd_varint(c, &dl) < 0 || fd_varint(c, &dc) < 0) return -1;
    c->left--;
    e->pc += dpc;
    e->line += fd_unzz(dl);
    e->column += fd_unzz(dc);
    return 1;
}

/* Decode the next call-site entry into *e (the previous one; pc 0 before the first). 1 =
 * decoded, 0 = no entries left, -1 = malformed. */
static inline int fd_callsite_next(FdCursor *c, CallSiteEntry *e) {
    uint32_t dpc, text;
    if (!c->left) return 0;
    if (fd_varint(c, &dpc) < 0 || fd_varint(c, &text) < 0) return -1;
    c->left--;
    e->pc += dpc;
    e->text = text;
    return 1;
}

/* Reserved frame variables (present in every frame; user variables follow). */
enum {
    LOC_ENV = 0,                /* current environment (CELL_ENV Value) or undefined */
    LOC_NEW_TARGET = 1,         /* new.target (undefined for a [[Call]]) */
    LOC_GEN = 2,                /* generator object / async state object, else undefined */
    LOC_RESERVED = 3            /* first user variable */
};

/* Inline caches: the FD_IC array holds, per site, `ways` entries (its header's aux: 1 or
 * IC_ENTRIES; nic * ways * IC_ENTRY_WORDS Values in all). It starts with one way, enough for
 * the monomorphic sites that most are; the first time a property site is filled while its
 * entry is in use, the array is replaced by one of IC_ENTRIES ways (entries copied).
 * Entries are most recently filled first, of IC_ENTRY_WORDS Values: [0] receiver shape
 * (cell) or undefined, [1] info (int: slot << IC_SLOT_SHIFT | class << 3 | IC_* kind),
 * [2].. kind-specific: the holder's shape (IC_PROTO: the receiver's prototype; IC_PROTO2:
 * [2] its prototype, [3] the holder two levels up), for IC_ADD [2] the new shape and [3],
 * [4] the (non-dictionary) shapes of the first two prototypes, which proved they lack the
 * key; the global lexicals' shape (IC_GLOBAL_OBJ). Global sites use entry 0 only. */
#define IC_ENTRIES 4
#define IC_ENTRY_WORDS 5
#define IC_SLOT_SHIFT 10
enum {
    IC_OWN = 1,                 /* own data property in slot */
    IC_PROTO = 2,               /* data property of the receiver's prototype (depth 1) */
    IC_GLOBAL_LEX = 3,          /* global lexical binding (GlobalLexicals object slot) */
    IC_GLOBAL_OBJ = 4,          /* global object property (not shadowed by a lexical) */
    IC_PROTO2 = 5,              /* data property of the prototype's prototype (depth 2) */
    IC_ADD = 6,                 /* adding a new property: shape transition to [2], slot */
    IC_GLOBAL_CONST = 7,        /* initialized global const: its value is [2] (never changes) */
};
/* The class field of an IC_PROTO entry for a primitive string receiver ([0] is then the
 * shape of %String.prototype%); no object has this class. */
#define IC_CLASS_PRIM_STRING 127
#define IC_NONE 0xFFFFu         /* operand value meaning "no cache at this site" */

/* Accessors into a function template (pointers valid until the next safe point). */
static inline FuncDefInfo *fd_info(VM *vm, Value fd) {
    return (FuncDefInfo *)(vm_cell_values(vm, val_ref(fd)) + FD_NVALUES);
}
static inline Value fd_get(VM *vm, Value fd, int field) { return vm_cell_values(vm, val_ref(fd))[field]; }
/* The [[Realm]] of a closure made from template fd. */
static inline Value fd_realm(VM *vm, Value fd) { return vm_cell_values(vm, val_ref(fd))[FD_REALM]; }
/* The name of frame variable i of template fd (for messages), or undefined. */
static inline Value fd_local_name(VM *vm, Value fd, uint32_t i) {
    Value names = fd_get(vm, fd, FD_LOCAL_NAMES);
    if (!val_is_cell(names) || i >= CELL(vm, val_ref(names))->size - 1) return VAL_UNDEFINED;
    return vm_cell_values(vm, val_ref(names))[i];
}
static inline const uint8_t *fd_code(VM *vm, Value fd) {
    return (const uint8_t *)vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CODE)));
}

/* ---------------------------------------------------------------------------------------
 * CELL_ENV (VALUES): an environment record.
 * ------------------------------------------------------------------------------------- */
enum {
    ENV_PARENT = 0,             /* enclosing env (cell Value) or undefined (global) */
    ENV_SCOPE = 1,              /* scope descriptor (MISC_SCOPE cell) or undefined */
    ENV_VARS = 2                /* first variable */
};

/* ---------------------------------------------------------------------------------------
 * MISC_SCOPE (CELL_MISC, VALUES): describes an env's variables for name lookup at run time
 * (direct eval, debugging). [0] int: SCOPE_* kind | SCF_* flags, [1] int: variable count n,
 * then n pairs [2+2i] name (atom / symbol), [3+2i] int: SV_* kind | SVF_* flags.
 * ------------------------------------------------------------------------------------- */
enum {
    SD_KIND = 0,
    SD_COUNT = 1,
    SD_VARS = 2
};
enum {
    SCOPE_BLOCK = 0,            /* block / for / switch / catch / class scope */
    SCOPE_FUNCTION = 1,         /* a function's top (var) scope */
    SCOPE_PARAMS = 2,           /* a function's parameter scope (separate from vars) */
    SCOPE_EVAL = 3,             /* an eval's own var/lexical scope */
    SCOPE_MODULE = 4,           /* a module's top scope */
    SCOPE_KIND_MASK = 15,
    SCF_STRICT = 1 << 4,        /* the scope's code is strict */
    SCF_ARROW = 1 << 5,         /* function scope of an arrow (no own this) */
    SCF_METHOD = 1 << 6,        /* function scope of a method (super property allowed) */
    SCF_DERIVED = 1 << 7,       /* function scope of a derived ctor (super call allowed) */
    SCF_FIELD_INIT = 1 << 8,    /* field initializer scope */
    SCF_CLASS_CTOR = 1 << 9,    /* class constructor */
};
/* Variable kinds in a scope descriptor / the compiler. */
enum {
    SV_VAR = 0,                 /* var / parameter / function */
    SV_LET,                     /* let (TDZ) */
    SV_CONST,                   /* const (TDZ, immutable) */
    SV_CLASS,                   /* class declaration (TDZ) */
    SV_CATCH,                   /* catch parameter */
    SV_FUNC_NAME,               /* function expression's own name (immutable, silent) */
    SV_CLASS_NAME,              /* class's inner name (immutable, TDZ) */
    SV_IMPORT,                  /* module import (immutable, indirect) */
    SV_THIS,                    /* " this" pseudo variable */
    SV_NEW_TARGET,              /* " new.target" */
    SV_FUNC,                    /* " func": the active function (home object, fields) */
    SV_ARGUMENTS,               /* "arguments" object */
    SV_WITH,                    /* " with": object of a with statement (dynamic scope) */
    SV_EVAL_VARS,               /* " evalvars": var object of a sloppy direct eval site */
    SV_PRIVATE,                 /* "#name": private name symbol */
    SV_HIDDEN,                  /* compiler temporary (never found by name) */
    SV_KIND_MASK = 31,
    SVF_PARAM = 1 << 5,         /* a formal parameter */
};

/* ---------------------------------------------------------------------------------------
 * CLASS_FUNCTION (bytecode closure) internal slots: obj_slot(vm, f, FN_*).
 * ------------------------------------------------------------------------------------- */
enum {
    FN_FUNCDEF = 0,             /* CELL_FUNCDEF Value */
    FN_ENV = 1,                 /* captured environment (CELL_ENV) or undefined (global) */
    FN_HOME = 2,                /* [[HomeObject]] (methods) or undefined */
    FN_FIELDS = 3,              /* class ctor: instance field initializer function, or undefined */
    FN_SLOT_COUNT = 4
};

/* CLASS_GENERATOR / CLASS_ASYNC_GENERATOR internal slots. */
enum {
    GEN_STATE = 0,              /* int: GS_* */
    GEN_FRAME = 1,              /* saved frame (CELL_ARRAY, see SF_*) or undefined */
    GEN_QUEUE = 2,              /* async generator: request queue (CELL_ARRAY ring) or undefined */
    GEN_AUX = 3,                /* async generator: queue count (int) */
    GEN_SLOT_COUNT = 4
};
enum {
    GS_SUSPENDED_START = 0,
    GS_SUSPENDED_YIELD = 1,
    GS_EXECUTING = 2,
    GS_COMPLETED = 3,
    GS_AWAITING_RETURN = 4      /* async generator: awaiting a return value in the queue */
};

/* CLASS_ASYNC_FUNCTION_STATE internal slots (a suspended async function activation). */
enum {
    AFS_FRAME = 0,              /* saved frame or undefined */
    AFS_PROMISE = 1,            /* the function's result promise */
    AFS_KIND = 2,               /* int: 0 async function, 1 async generator (owner in AFS_PROMISE) */
    AFS_SLOT_COUNT = 3
};

/* CLASS_MAPPED_ARGUMENTS internal slots. */
enum {
    MARGS_ENV = 0,              /* the function env holding the parameters */
    MARGS_MAP = 1,              /* CELL_ARRAY: per index, env variable index (int) or undefined
                                   when unmapped */
    MARGS_SLOT_COUNT = 2
};

/* Saved frame (CELL_ARRAY, VALUES): header ints then the frame's Values
 * stack[base .. sp) (function, this, arguments, variables, operand stack). */
enum {
    SF_PC = 0,                  /* int: resume pc (bytecode offset) */
    SF_ARGC = 1,                /* int: actual argument count */
    SF_NARGS = 2,               /* int: argument slots (max(argc, nparams)) */
    SF_FLAGS = 3,               /* int: frame flags */
    SF_NVALUES = 4,             /* int: number of saved Values */
    SF_VALUES = 5               /* first saved Value */
};

/* define_method operand flags. */
enum {
    DM_METHOD = 0,              /* plain method */
    DM_GETTER = 1,
    DM_SETTER = 2,
    DM_KIND_MASK = 3,
    DM_ENUMERABLE = 4,          /* object literal members are enumerable; class members not */
    DM_NO_HOME = 8,             /* do not set [[HomeObject]] (plain function value) */
};

/* throw_error operand kinds. */
enum {
    TE_CONST_ASSIGN = 0,        /* TypeError: Assignment to constant variable. */
    TE_NOT_DEFINED = 1,         /* ReferenceError: <atom> is not defined */
    TE_TDZ = 2,                 /* ReferenceError: Cannot access '<atom>' before initialization */
    TE_SUPER_NOT_CALLED = 3,    /* ReferenceError: Must call super constructor ... */
    TE_TYPE = 4,                /* TypeError: <atom> (verbatim message) */
    TE_SYNTAX = 5,              /* SyntaxError: <atom> (verbatim message) */
    TE_REFERENCE = 6,           /* ReferenceError: <atom> (verbatim message) */
};

/* Heap layout helpers shared by interp.c / function.c / module.c. */

/* Make a new env whose parent is `parent` with `nvars` variables set to `fill`.
 * VAL_EXCEPTION on OOM (exception set). */
Value env_new(VM *vm, Value parent, Value scope_desc, uint32_t nvars, Value fill);

#endif
