/* parser.h - ECMAScript 2023 parser: UTF-8 source text -> AST (src/ast.h).
 *
 * The parser performs every static-semantics early error of the specification (except
 * RegExp pattern syntax, which is delegated to ParseOptions.validate_regexp when given),
 * decides regexp-vs-division and ASI itself, and fills in the scope / function facts
 * described in ast.h.
 *
 * Errors: a SyntaxError is reported through ParseError, whose message is formatted
 * "file:line:column: message". Nesting deeper than ParseOptions.max_depth gives the
 * SyntaxError "too deeply nested" (never a stack overflow). Out of memory is reported the
 * same way with err->out_of_memory set.
 */
#ifndef CRYO_PARSER_H
#define CRYO_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/* Description of a syntax error. */
typedef struct ParseError {
    char message[512];   /* "file:line:column: message" (NUL-terminated, truncated) */
    char detail[384];    /* the bare message (for the SyntaxError object) */
    uint32_t line;       /* 1-based line of the error */
    uint32_t column;     /* 1-based column (UTF-16 units) of the error */
    uint32_t offset;     /* byte offset of the error in the source */
    int out_of_memory;   /* 1 if the failure was an allocation failure */
} ParseError;

/* Optional RegExp pattern validator, called for every regular expression literal after
 * its flags were checked (only d g i m s u y v, no duplicates, not both u and v; a hook
 * that does not support v should reject it). Returns 0 if the pattern is
 * valid; otherwise nonzero, writing a NUL-terminated message into msg (may be empty).
 * When ParseOptions.validate_regexp is NULL every pattern is accepted. */
typedef int (*ParseRegExpValidator)(void *ctx, const uint16_t *pattern, uint32_t pattern_len,
                                    const uint16_t *flags, uint32_t flags_len, char *msg,
                                    size_t msg_size);

/* How to parse. A zero-initialized struct means: a sloppy-mode script. */
typedef struct ParseOptions {
    const char *filename;        /* used in messages; NULL means "<input>" */
    int is_module;               /* parse as a Module (strict, import/export, TLA) */
    int strict;                  /* start in strict mode (e.g. direct eval from strict
                                    code) */
    int is_eval;                 /* eval code (Program scope kind AST_SCOPE_EVAL) */
    int eval_in_function;        /* direct eval inside a non-arrow function (or an
                                    arrow inside one): allows new.target */
    int allow_new_target;        /* allow new.target at the top level (direct eval in a
                                    function) */
    int allow_super_property;    /* allow super.x at the top level (direct eval in a
                                    method) */
    int allow_super_call;        /* allow super() at the top level (direct eval in a
                                    derived constructor) */
    int in_class_field_init;     /* direct eval in a class field initializer: the
                                    identifier `arguments` is an error (also set
                                    allow_new_target and allow_super_property) */
    int wtf8;                    /* source came from a JS string: accept encoded lone
                                    surrogates (ED A0..BF xx) as code points */
    const AstStr *private_names; /* private names (without '#') visible at the eval
                                    site (direct eval inside class bodies) */
    uint32_t private_name_count; /* entries in private_names */
    ParseRegExpValidator validate_regexp; /* RegExp pattern hook (may be NULL) */
    void *regexp_ctx;            /* passed to validate_regexp */
    uint32_t max_depth;          /* nesting limit; 0 means PARSE_DEFAULT_MAX_DEPTH */
} ParseOptions;

/* Default nesting limit. The limit counts recursion of the parser (statements,
 * expressions, patterns, functions, classes: a parenthesized expression costs about two
 * units) plus one unit per 4 links of a left-nested chain (a+b+c..., a.b.c(), ...). Hence
 * no path from the root of a tree to a leaf is longer than about 4 * max_depth nodes, a
 * bound later passes that recurse over the tree can rely on. */
#define PARSE_DEFAULT_MAX_DEPTH 1000

/* Parses a Script (or a Module when opt->is_module, or eval code when opt->is_eval).
 * src need not be NUL-terminated; it is copied into the returned Ast. opt may be NULL.
 * Returns NULL on error (filling *err if err is non-NULL). */
Ast *parse_program(const char *src, size_t len, const ParseOptions *opt, ParseError *err);

/* CreateDynamicFunction kinds. */
typedef enum ParseFunctionKind {
    PARSE_FUNC_NORMAL,          /* Function(...) */
    PARSE_FUNC_GENERATOR,       /* GeneratorFunction(...) */
    PARSE_FUNC_ASYNC,           /* AsyncFunction(...) */
    PARSE_FUNC_ASYNC_GENERATOR  /* AsyncGeneratorFunction(...) */
} ParseFunctionKind;

/* Parses the parameters and body of a dynamically created function exactly as
 * CreateDynamicFunction requires: params must parse as FormalParameters on their own
 * and body as a FunctionBody on their own (so `Function("/ *", "* /){")` fails), then
 * the whole text
 *     "<prefix> anonymous(" params "\n) {\n" body "\n}"
 * (prefix "function", "function*", "async function", "async function*") is the
 * function's source text (Ast.source). params/body are UTF-8, or WTF-8 when opt->wtf8.
 * Only opt->filename, opt->wtf8, opt->validate_regexp, opt->regexp_ctx and
 * opt->max_depth are used (dynamic functions are sloppy scripts in the global scope).
 * On success the root is a Program (script) whose body is a single ExpressionStatement
 * holding the FunctionExpression; its id is NULL (the runtime names it "anonymous"; the
 * name is not bound inside the function). Returns NULL on error. */
Ast *parse_dynamic_function(ParseFunctionKind kind, const char *params, size_t params_len,
                            const char *body, size_t body_len, const ParseOptions *opt,
                            ParseError *err);

/* Converts a byte offset in src[0..len) to a 1-based line and a 1-based column counted
 * in UTF-16 code units (line terminators: LF, CR, CRLF, U+2028, U+2029). */
void parse_offset_to_line_col(const char *src, size_t len, size_t offset, uint32_t *line,
                              uint32_t *column);

#endif /* CRYO_PARSER_H */
