/* compiler.h — AST (ast.h) -> bytecode function templates (funcdef.h).
 *
 * The compiler runs in two passes over a parsed program:
 *   1. scope analysis (scope.c): builds a tree of scopes with their variables, resolves
 *      every identifier reference and marks variables captured by inner functions (or by
 *      direct eval), decides TDZ checks;
 *   2. code generation (compiler*.c): emits bytecode, placing uncaptured variables in frame
 *      slots and captured ones in heap environments.
 * No JavaScript runs while compiling, so the compiler may hold heap Values in C memory
 * (no safe point can be reached; heap.h).
 */
#ifndef CRYO_COMPILER_H
#define CRYO_COMPILER_H

#include "vm.h"
#include "ast.h"

/* What is being compiled. */
typedef enum CompileKind {
    COMPILE_SCRIPT,         /* a classic script (global code) */
    COMPILE_MODULE,         /* a module body */
    COMPILE_EVAL,           /* eval code (direct when opt->eval_env is an env / function context) */
    COMPILE_DYNAMIC_FUNCTION/* CreateDynamicFunction: Program wrapping one FunctionExpression */
} CompileKind;

/* Flags describing the context of a direct eval (from the calling function). */
enum {
    CEF_DIRECT = 1 << 0,        /* direct eval (else indirect: global scope) */
    CEF_STRICT = 1 << 1,        /* the caller is strict */
    CEF_IN_FUNCTION = 1 << 2,   /* inside a non-arrow function (new.target allowed) */
    CEF_IN_METHOD = 1 << 3,     /* super property allowed */
    CEF_IN_DERIVED_CTOR = 1 << 4,/* super call allowed */
    CEF_IN_FIELD_INIT = 1 << 5, /* inside a class field initializer (arguments forbidden) */
};

typedef struct CompileOptions {
    CompileKind kind;       /* what the Ast is */
    const char *filename;   /* for messages and stack traces */
    Value eval_env;         /* direct eval: the caller's current env (CELL_ENV) or undefined */
    uint32_t eval_flags;    /* CEF_* */
    Value source_string;    /* the source text as a JS string (undefined: made from the Ast) */
} CompileOptions;

/* Compile a parsed program. Returns a CELL_FUNCDEF Value for its top-level code, or
 * VAL_EXCEPTION (SyntaxError / out of memory thrown). For COMPILE_DYNAMIC_FUNCTION the
 * result is the funcdef of the function expression itself. */
Value compile_program(VM *vm, Ast *ast, const CompileOptions *opt);

/* Atom for a UTF-16 name (interned). VAL_EXCEPTION on OOM. */
Value compiler_atom(VM *vm, const uint16_t *s, uint32_t len);

#endif
