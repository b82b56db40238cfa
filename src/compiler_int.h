/* compiler_int.h — shared internals of the compiler (scope.c, compiler.c, compiler_expr.c,
 * compiler_stmt.c, compiler_pattern.c, compiler_class.c). Not used outside the compiler.
 *
 * Memory: every structure here is allocated from the compile's arena (Comp.arena) and freed
 * with it; heap Values held here stay valid because no safe point is reached while compiling.
 */
#ifndef CRYO_COMPILER_INT_H
#define CRYO_COMPILER_INT_H

#include <setjmp.h>
#include "compiler.h"
#include "interp.h"

typedef struct CFunc CFunc;
typedef struct CScope CScope;
typedef struct Comp Comp;

/* Where a variable lives at run time. */
typedef enum VarStore {
    VS_NONE = 0,        /* not assigned yet */
    VS_LOC,             /* frame variable `loc` */
    VS_ARG,             /* argument slot `arg` */
    VS_ENV,             /* env variable `idx` of its scope's env */
    VS_THIS,            /* the frame's this slot */
    VS_FUNC,            /* the frame's function slot */
    VS_NEW_TARGET       /* frame variable LOC_NEW_TARGET */
} VarStore;

/* A declared variable. */
typedef struct CVar {
    const uint16_t *name;   /* UTF-16 name (arena or AST owned) */
    uint32_t len;           /* name length */
    uint8_t kind;           /* SV_* (funcdef.h) */
    uint8_t captured;       /* referenced from another function / eval: lives in the env */
    uint8_t is_param;       /* a formal parameter */
    uint8_t needs_tdz;      /* some reference needs a TDZ check: initialize to VAL_UNINIT */
    uint8_t store;          /* VarStore (assigned when its scope is first entered in codegen) */
    uint8_t annexb;         /* var created by Annex B function hoisting */
    uint8_t is_lexical_decl;/* let/const/class/block function (for conflict checks) */
    uint8_t tdz_param;      /* parameter of a non-simple list: in its TDZ until bound */
    int32_t arg;            /* argument slot of a parameter (last one wins for duplicates) */
    int32_t loc;            /* frame variable when store == VS_LOC */
    int32_t idx;            /* env index when store == VS_ENV */
    uint32_t init_end;      /* source offset after which the binding is initialized; UINT32_MAX
                               when unknown (TDZ checks are elided for later references) */
    Value atom;             /* interned name (0 until needed) */
} CVar;

/* A scope. */
struct CScope {
    CScope *parent;         /* enclosing scope (may belong to an outer function) */
    CFunc *func;            /* function owning this scope (NULL for eval-outer scopes) */
    const void *key;        /* AstScope / AstNode this scope was made for (map key) */
    uint8_t kind;           /* SCOPE_* (funcdef.h) */
    uint8_t is_var_scope;   /* the function's var scope */
    uint8_t has_env;        /* materialized as a CELL_ENV at run time */
    uint8_t dyn;            /* 0, or SV_WITH / SV_EVAL_VARS: vars[0] holds a dynamic object */
    uint8_t outer;          /* reconstructed from a direct eval caller's env (already exists) */
    uint8_t is_switch;      /* switch case block (TDZ checks never elided) */
    uint8_t assigned;       /* storage assigned (codegen) */
    uint8_t strict;         /* outer scopes: strictness of their code */
    CVar **vars;            /* declared variables */
    uint32_t nvars;
    uint32_t cap;
    Comp *comp;             /* the compilation (its arena holds the name index) */
    CVar **index;           /* open-addressing index of vars by name, NULL while small */
    uint32_t index_cap;     /* slots in index (a power of two) */
    uint32_t indexed;       /* vars[0..indexed) are in the index (order may change after) */
    uint32_t env_size;      /* number of env variables */
    uint32_t scope_flags;   /* SCF_* for the descriptor */
    int32_t desc_const;     /* constant index of the descriptor in func's pool, -1 */
};

/* A jump label. */
typedef struct Label {
    int32_t pos;            /* bytecode offset, -1 until bound */
    int32_t depth;          /* operand stack depth at the label, -1 unknown */
} Label;

/* A jump operand to patch: the i32 at `at` becomes label.pos - `from`. */
typedef struct Patch {
    uint32_t at;
    uint32_t from;
    int32_t label;
} Patch;

/* Kinds of control-stack entries (break/continue/return unwinding). */
typedef enum CtlKind {
    CTL_LOOP,               /* breakable + continuable loop */
    CTL_SWITCH,             /* breakable switch */
    CTL_LABEL,              /* labelled statement (break label only) */
    CTL_FINALLY,            /* try with finally: run the finally (gosub) when leaving */
    CTL_FINALLY_BODY,       /* inside a finally body: the return offset is on the stack */
    CTL_FOR_OF,             /* for-of: close the iterator (2 values: iter next) */
    CTL_FOR_AWAIT,          /* for-await-of: async close */
    CTL_FOR_IN,             /* for-in: drop the iterator (1 value) */
    CTL_ENV,                /* a scope env is pushed: pop it when leaving */
    CTL_TRY_CATCH,          /* try with catch: nothing to do when leaving */
    CTL_DESTRUCT,           /* array destructuring in progress (3 values: iter next done) */
} CtlKind;

/* A control-stack entry. */
typedef struct Ctl {
    struct Ctl *prev;
    uint8_t kind;           /* CtlKind */
    uint8_t is_loop_body;   /* for labels attached to a loop */
    int32_t depth;          /* operand stack depth when entered (values below belong to outer) */
    int32_t break_label;    /* label for break, -1 */
    int32_t continue_label; /* label for continue, -1 */
    int32_t finally_label;  /* CTL_FINALLY: label of the finally body */
    const AstStr *labels[8];/* statement labels attached (break/continue by label) */
    uint32_t nlabels;
} Ctl;

/* Completion-value tracking mode for statement lists (scripts / eval). */

/* A function being compiled. */
struct CFunc {
    CFunc *parent;          /* enclosing function (NULL for the top level) */
    AstFuncInfo *info;      /* AST facts (NULL for synthetic functions) */
    AstNode *node;          /* function / Program / class node */
    CScope *top;            /* outermost scope of the function */
    CScope *var_scope;      /* the var scope */
    CScope *param_scope;    /* scope holding the parameters (== top) */
    uint8_t kind;           /* CFK_* */
    uint8_t strict;
    uint8_t is_arrow;
    uint8_t is_generator;
    uint8_t is_async;
    uint8_t force_env;      /* direct eval here or nested: every variable lives in an env */
    uint8_t has_eval;       /* direct eval in this function (or nested arrows) */
    uint8_t mapped_args;    /* uses a mapped arguments object */
    uint8_t is_derived;     /* derived class constructor */
    uint8_t is_class_ctor;  /* class constructor */
    uint8_t is_method;      /* has a home object */
    uint8_t has_fields;     /* base class constructor whose class has instance fields */
    uint8_t completion;     /* track the completion value (script / eval) */
    uint8_t is_getter, is_setter;
    uint8_t sloppy_eval_vars; /* sloppy direct eval: an " evalvars" object in the var scope */
    CVar *this_var;         /* " this" pseudo variable (non-arrow functions) */
    CVar *new_target_var;   /* " new.target" */
    CVar *func_var;         /* " func" */
    CVar *arguments_var;    /* "arguments" when an arguments object is created */
    CVar *evalvars_var;     /* " evalvars" */
    CVar *funcname_var;     /* own name of a named function expression */
    AstNode *class_node;    /* for class ctors / field inits: the class */
    struct CClass *cls;     /* class being compiled (field init / default ctor) */
    Value name;             /* static function name (string) */
    uint32_t src_start, src_end; /* byte range of the source text */
    uint32_t line, column;
    uint32_t nparams;       /* argument slots */
    uint32_t length;        /* "length" */

    /* code generation state */
    uint8_t *code;          /* bytecode buffer */
    uint32_t code_len, code_cap;
    Value *consts;          /* constant pool */
    uint32_t nconsts, consts_cap;
    uint32_t nlocals;       /* frame variables allocated */
    Value *local_names;     /* name atom per frame variable (or 0) */
    uint32_t local_names_cap;
    uint32_t nic;           /* inline-cache sites */
    LineEntry *lines;
    uint32_t nlines, lines_cap;
    HandlerEntry *handlers;
    uint32_t nhandlers, handlers_cap;
    CallSiteEntry *callsites;   /* callee texts of call sites (error messages) */
    uint32_t ncallsites, callsites_cap;
    Label *labels;
    uint32_t nlabels, labels_cap;
    Patch *patches;
    uint32_t npatches, patches_cap;
    int32_t last_op_pos;    /* peephole: position and opcode of the last push_this / get_loc */
    uint8_t last_op;
    int32_t last_label_pos; /* position of the last bound label (no fusion across it) */
    int32_t depth;          /* current operand stack depth (-1: unreachable) */
    int32_t max_depth;
    Ctl *ctl;               /* control stack */
    CScope *scope;          /* current scope during codegen */
    int32_t completion_loc; /* frame variable holding the completion value, -1 */
    int32_t ret_loc;        /* frame variable for return values crossing finally/for-of */
    int32_t ret_label;      /* shared "return <ret_loc>" label, -1 */
    int32_t using_loc;      /* frame variable holding the dispose capability of the innermost
                               `using` region being compiled, -1 outside any */
    uint32_t last_line, last_col; /* last position recorded in the line table */
    uint32_t nchildren;     /* nested function count (naming) */
};

enum {
    CFK_NORMAL,             /* function / arrow / method / accessor / constructor */
    CFK_SCRIPT,
    CFK_MODULE,
    CFK_EVAL,
    CFK_FIELD_INIT,         /* synthetic instance field initializer */
    CFK_STATIC_INIT,        /* synthetic static initializer */
    CFK_STATIC_BLOCK,       /* class static block */
    CFK_DEFAULT_CTOR,       /* synthetic default constructor */
};

/* Per-class compile data. */
typedef struct CClass {
    AstNode *node;          /* ClassDeclaration / ClassExpression */
    CScope *scope;          /* class scope (name, private names, hidden keys) */
    CFunc *field_init;      /* instance field initializer function or NULL */
    CFunc *static_init;     /* static initializer function or NULL */
    CFunc *ctor;            /* constructor function (explicit or default) */
    CVar **key_vars;        /* hidden variable per computed field key (by element index) */
    CVar **method_vars;     /* hidden variable per private instance method/accessor element */
    uint32_t nelems;
    uint8_t has_instance_init; /* instance fields or private instance methods */
    uint8_t has_static_init;   /* static fields or static blocks */
    uint8_t derived;
} CClass;

/* A pointer-keyed map entry (AST node / scope -> compiler object). Lookups only compare
 * pointers for equality, so results never depend on addresses. */
typedef struct MapEntry {
    const void *key;
    void *value;
} MapEntry;

/* The whole compile. */
struct Comp {
    VM *vm;
    Ast *ast;
    const CompileOptions *opt;
    const char *filename;
    Value filename_str;     /* string */
    Value source_str;       /* whole source: a JS string, or (source_is_utf8) a CELL_BYTES of
                               its UTF-8 text */
    int source_is_utf8;     /* the source came from C (not eval/Function), so it is kept as
                               UTF-8 bytes and funcdef source ranges are byte offsets */
    uint32_t *utf16_offsets;/* byte offset -> UTF-16 offset (source_len + 1 entries) */
    struct ArenaBlock *arena;
    MapEntry *map;          /* open-addressing map */
    uint32_t map_cap, map_count;
    CFunc *func;            /* current function (codegen) / analysis function */
    CScope *scope;          /* current scope (analysis) */
    CScope *outer_scope;    /* eval: reconstructed caller scope chain, or NULL */
    uint8_t is_module;
    uint8_t in_analysis;
    uint8_t eval_strict;
    uint32_t eval_flags;
    jmp_buf fail;           /* longjmp target on error (SyntaxError / OOM already thrown) */
    int failed;
};

/* ---- arena, map, errors (compiler.c) ---- */
void *carena_alloc(Comp *c, size_t size);
void cmap_put(Comp *c, const void *key, void *value);
void *cmap_get(Comp *c, const void *key);
#ifdef __GNUC__
__attribute__((noreturn, format(printf, 3, 4)))
#endif
void comp_error(Comp *c, const AstNode *at, const char *fmt, ...);
#ifdef __GNUC__
__attribute__((noreturn))
#endif
void comp_oom(Comp *c);
Value comp_atom(Comp *c, const uint16_t *s, uint32_t len);
Value comp_atom_ascii(Comp *c, const char *s);
Value comp_string(Comp *c, const uint16_t *s, uint32_t len);
uint32_t comp_utf16_offset(Comp *c, uint32_t byte_offset);

/* ---- scopes (scope.c) ---- */
CScope *scope_new(Comp *c, CScope *parent, CFunc *f, uint8_t kind, const void *key);
CVar *scope_declare(Comp *c, CScope *s, const uint16_t *name, uint32_t len, uint8_t kind);
CVar *scope_declare_ascii(Comp *c, CScope *s, const char *name, uint8_t kind);
CVar *scope_find_local(CScope *s, const uint16_t *name, uint32_t len);
CFunc *cfunc_new(Comp *c, CFunc *parent, AstFuncInfo *info, AstNode *node, uint8_t kind);
void scope_analyze_program(Comp *c, CFunc *top);
int name_eq_ascii(const uint16_t *s, uint32_t len, const char *a);

/* The result of resolving a name from a scope. */
typedef struct Resolved {
    CVar *var;              /* NULL: global (or not found) */
    CScope *scope;          /* scope of var */
    int hops;               /* env hops from the current env to scope's env (VS_ENV) */
    int crosses_func;       /* var belongs to another function */
    CScope *dyn[16];        /* dynamic scopes passed on the way (innermost first) */
    int ndyn;
} Resolved;
void scope_resolve(Comp *c, CScope *from, CFunc *f, const uint16_t *name, uint32_t len,
                   Resolved *r);
/* Env hops from `from` (in function f's codegen) to scope `target`. */
int scope_hops(CScope *from, CScope *target);
/* Assign storage (env index / frame variable) to the variables of scope s. */
void scope_assign(Comp *c, CScope *s);
/* TDZ check needed for a reference at source offset `pos` from function f to v? */
int scope_needs_tdz(CVar *v, CScope *vscope, CFunc *f, uint32_t pos);
/* The scope descriptor constant of s in its function. */
int32_t scope_desc_const(Comp *c, CScope *s);

/* ---- emitter (compiler.c) ---- */
void emit_op(Comp *c, Opcode op);
void emit_u8(Comp *c, uint8_t v);
void emit_u16(Comp *c, uint16_t v);
void emit_u32(Comp *c, uint32_t v);
void emit_op_u8(Comp *c, Opcode op, uint8_t v);
void emit_op_u16(Comp *c, Opcode op, uint16_t v);
void emit_op_u32(Comp *c, Opcode op, uint32_t v);
void emit_push_int(Comp *c, int32_t v);
void emit_push_number(Comp *c, double d);
void emit_push_value(Comp *c, Value v);
void emit_atom_op(Comp *c, Opcode op, Value atom);
void emit_atom_ic_op(Comp *c, Opcode op, Value atom);
void emit_ic_op(Comp *c, Opcode op);   /* op + u16 fresh inline-cache site */
void emit_ic2_op(Comp *c, Opcode op);  /* op + u16 first of two fresh inline-cache sites */
void emit_atom_u8_op(Comp *c, Opcode op, Value atom, uint8_t b);
uint32_t add_const(Comp *c, Value v);
int32_t new_label(Comp *c);
void bind_label(Comp *c, int32_t label);
void emit_jump(Comp *c, Opcode op, int32_t label);
void emit_jump_u8(Comp *c, Opcode op, int32_t label, uint8_t b);
void emit_atom_jump(Comp *c, Opcode op, Value atom, int32_t label);
void emit_label2(Comp *c, Opcode op, int32_t l1, int32_t l2);
void set_depth(Comp *c, int32_t d);
void adjust_depth(Comp *c, int32_t delta);
void label_set_depth(Comp *c, int32_t label, int32_t depth);
void emit_pos(Comp *c, const AstNode *n);
void record_callsite(Comp *c, const AstNode *callee);
uint32_t new_local(Comp *c, Value name_atom);
void emit_get_loc(Comp *c, uint32_t loc);
void emit_put_loc(Comp *c, uint32_t loc);
void add_handler(Comp *c, uint32_t start, uint32_t end, int32_t label, int32_t depth);
Value finish_function(Comp *c, CFunc *f);
Ctl *ctl_push(Comp *c, CtlKind kind);
void ctl_pop(Comp *c);

/* ---- variables (compiler.c) ---- */
typedef enum RefOp { REF_GET, REF_GET_TYPEOF, REF_PUT, REF_INIT, REF_CALL, REF_DELETE } RefOp;
void emit_var_ref(Comp *c, const uint16_t *name, uint32_t len, RefOp op, const AstNode *at);
void emit_var_get(Comp *c, CVar *v, CScope *vs, int check);
void emit_var_put(Comp *c, CVar *v, CScope *vs, int init);
void emit_ident_get(Comp *c, AstNode *id);
/* Assign the value on the stack to `name` resolved starting at scope `from`. */
void emit_name_put_from(Comp *c, CScope *from, const uint16_t *name, uint32_t len);
/* References through with / sloppy-eval scopes: resolve first (into a temporary), then get/put. */
int32_t emit_dyn_ref_begin(Comp *c, AstNode *id);
void emit_dyn_ref_get(Comp *c, AstNode *id, int32_t tmp);
void emit_dyn_ref_put(Comp *c, AstNode *id, int32_t tmp);
void emit_dyn_ref_put_init(Comp *c, AstNode *id, int32_t tmp, int init);
void emit_ident_put(Comp *c, AstNode *id, int init);
void emit_this(Comp *c, const AstNode *at);
void emit_func_pseudo(Comp *c, const char *which, const AstNode *at);
void enter_scope(Comp *c, CScope *s);
void leave_scope(Comp *c, CScope *s);
void emit_scope_functions(Comp *c, const AstScope *as);
void emit_tdz_init(Comp *c, CScope *s);
CFunc *compile_nested_function(Comp *c, AstNode *fn);
void emit_closure(Comp *c, CFunc *f);
Value cvar_atom(Comp *c, CVar *v);

/* ---- expressions (compiler_expr.c) ---- */
void compile_expr(Comp *c, AstNode *n);
void compile_expr_named(Comp *c, AstNode *n, Value name); /* with SetFunctionName */
void compile_expr_drop(Comp *c, AstNode *n);
void compile_cond_jump(Comp *c, AstNode *n, int jump_if_true, int32_t label);
void compile_call_args(Comp *c, AstList *args, int *spread, int *argc);
void compile_template_literal(Comp *c, AstNode *n);
int is_anonymous_fn(AstNode *n);
Value prop_key_atom(Comp *c, AstNode *key);  /* static key of a non-computed property, or 0 */
Value prop_static_key(Comp *c, AstNode *key); /* canonical key (int or atom) of a non-computed key */
void compile_function_expr(Comp *c, AstNode *n, Value name);

/* ---- statements (compiler_stmt.c) ---- */
void compile_stmt(Comp *c, AstNode *n);
void compile_stmt_list(Comp *c, AstList *list);
void compile_function_body(Comp *c, CFunc *f);
void emit_return(Comp *c);  /* value on the stack */
void emit_leave_all_for_return(Comp *c);

/* ---- patterns (compiler_pattern.c) ---- */
/* Bind / assign the value on the stack to `pattern` (pops it). `mode`: PAT_ASSIGN for
 * destructuring assignment, PAT_INIT for declarations (initialize), PAT_VAR for var
 * declarations (plain put). */
enum { PAT_ASSIGN = 0, PAT_INIT = 1, PAT_VAR = 2, PAT_CONST = 3 };
void compile_pattern(Comp *c, AstNode *pattern, int mode);
int is_pattern(AstNode *n);

/* ---- classes (compiler_class.c) ---- */
void compile_class(Comp *c, AstNode *n, Value name, int is_decl);
void analyze_class(Comp *c, AstNode *n);
void compile_synthetic_body(Comp *c, CFunc *f);
/* Static function name of a method key (with "get "/"set " for DM_GETTER/DM_SETTER); 0 if computed. */
Value method_name(Comp *c, AstNode *key, int computed, int kind_prefix);

/* ---- generic AST child visitor (scope.c) ---- */
void ast_visit_children(AstNode *n, void (*fn)(void *ctx, AstNode *child), void *ctx);

#endif
