/* parser_impl.h - internal declarations shared by parser.c, parser_stmt.c and
 * parser_expr.c. Not a public interface: include parser.h instead.
 *
 * Error handling: every syntax error (and allocation failure) longjmps to the setjmp in
 * the entry point, which frees the temporary arena and the tree. Hence parse functions
 * return their result directly and never check for failure.
 *
 * Two arenas: p->arena belongs to the Ast (nodes, strings, scopes that the compiler
 * reads); p->tmp holds parse-time bookkeeping (scopes, name sets, contexts) and is freed
 * when parsing ends.
 */
#ifndef CRYO_PARSER_IMPL_H
#define CRYO_PARSER_IMPL_H

#include <setjmp.h>
#include <stdint.h>

#include "ast.h"
#include "lexer.h"
#include "parser.h"

/* A declared name during parsing. Names are interned, so equal names have equal chars
 * pointers. */
typedef struct PName {
    AstStr name;          /* interned name */
    uint8_t kind;         /* AstBindKind */
    uint8_t plain_func;   /* declared by a plain FunctionDeclaration (B.3.2.4 dups) */
    uint8_t annexb;       /* var created by Annex B hoisting */
    AstNode *node;        /* declaring node */
} PName;

/* An insertion-ordered set of names with a hash index once it grows. */
typedef struct PNameSet {
    PName *items;         /* entries in insertion order */
    uint32_t count;       /* used entries */
    uint32_t cap;         /* allocated entries */
    uint32_t *index;      /* open addressing: entry index + 1, 0 = empty */
    uint32_t index_cap;   /* slots (power of two) or 0 when not indexed */
} PNameSet;

/* A growable array of node pointers (tmp arena). */
typedef struct PNodeVec {
    AstNode **items;      /* entries */
    uint32_t count;       /* used */
    uint32_t cap;         /* allocated */
} PNodeVec;

typedef struct FuncCtx FuncCtx;
typedef struct PScope PScope;

/* A parse-time scope. Kept (in the tmp arena) after it closes, for Annex B checks. */
struct PScope {
    PScope *parent;       /* enclosing scope (NULL at the top) */
    uint8_t kind;         /* AstScopeKind */
    uint8_t is_var_scope; /* function body / program / static block / field init */
    uint8_t catch_simple; /* CATCH scope whose parameter is a plain identifier */
    uint8_t catch_body;   /* the block that is the body of a catch clause */
    uint8_t is_func_top;  /* the top-level scope of a function body (has params) */
    PNameSet lex;         /* lexically declared names */
    PNameSet var_seen;    /* names var-declared in this scope or nested blocks */
    PNameSet vars;        /* var scopes: VarDeclaredNames (deduplicated) */
    PNodeVec funcs;       /* function declarations directly in this scope */
    FuncCtx *fn;          /* owning function context */
    AstScope *out;        /* the AstScope filled when the scope closes */
};

/* A label in the current function. */
typedef struct PLabel {
    AstStr name;          /* interned label */
    uint32_t stmt_start;  /* start offset of the labelled statement body */
    uint8_t is_loop;      /* labels an iteration statement */
} PLabel;

/* An Annex B.3.3 candidate: a block-level plain function declaration in sloppy code. */
typedef struct PAnnexB {
    AstNode *fn;          /* the FunctionDeclaration */
    PScope *scope;        /* the block scope that declares it */
} PAnnexB;

/* Function flags accumulated while parsing (copied into AstFuncInfo at the end). */
enum {
    FF_THIS = 1 << 0,
    FF_ARGUMENTS = 1 << 1,
    FF_EVAL = 1 << 2,
    FF_INNER_EVAL = 1 << 3,
    FF_SUPER_PROP = 1 << 4,
    FF_SUPER_CALL = 1 << 5,
    FF_NEW_TARGET = 1 << 6,
    FF_YIELD = 1 << 7,
    FF_AWAIT = 1 << 8,
    FF_WITH = 1 << 9
};
#define FF_PROPAGATE (FF_THIS | FF_ARGUMENTS | FF_EVAL | FF_INNER_EVAL | FF_SUPER_PROP | \
                      FF_SUPER_CALL | FF_NEW_TARGET)

/* Per-function parse context. */
struct FuncCtx {
    FuncCtx *parent;      /* enclosing function context (NULL for the program) */
    AstFuncInfo *info;    /* output */
    uint8_t kind;         /* AstFuncKind */
    uint8_t is_async;     /* [+Await] for the body */
    uint8_t is_generator; /* [+Yield] for the body */
    uint8_t is_arrow;     /* arrow function */
    uint8_t strict;       /* body is strict */
    uint8_t in_params;    /* currently parsing the formal parameters */
    uint8_t allow_super_prop; /* super.x allowed (methods, fields, static blocks) */
    uint8_t allow_super_call; /* super() allowed (derived constructors) */
    uint8_t allow_new_target; /* new.target allowed */
    uint8_t allow_return; /* return allowed */
    uint8_t no_arguments; /* `arguments` forbidden (field initializers, static blocks) */
    uint8_t static_block; /* class static block (await reserved) */
    uint8_t simple_params;/* IsSimpleParameterList */
    uint8_t has_param_expr; /* parameters contain expressions */
    uint8_t dup_params;   /* a parameter name occurs twice */
    uint8_t is_method;    /* UniqueFormalParameters (methods, arrows) */
    uint32_t flags;       /* FF_* */
    uint32_t dup_param_pos; /* offset of the first duplicate parameter */
    PScope *top;          /* function top-level (var) scope */
    PNameSet params;      /* parameter names */
    PLabel *labels;       /* label stack */
    uint32_t label_count; /* labels in use */
    uint32_t label_cap;   /* allocated labels */
    uint32_t loop_depth;  /* enclosing iteration statements */
    uint32_t break_depth; /* enclosing iteration + switch statements */
    PAnnexB *annexb;      /* Annex B candidates */
    uint32_t annexb_count;/* used */
    uint32_t annexb_cap;  /* allocated */
    uint32_t length;      /* ExpectedArgumentCount */
    uint8_t length_done;  /* a default or rest ended the count */
    uint8_t saved_strict; /* p->strict when the context was entered */
    uint32_t saved_yield_pos;       /* p->yield_pos when entered */
    uint32_t saved_await_pos;       /* p->await_pos when entered */
    uint32_t saved_await_ident_pos; /* p->await_ident_pos when entered */
    AstNode *name;        /* function name Identifier (for retroactive strict checks) */
};

/* Private-name bookkeeping for one class body. */
typedef struct PClass {
    struct PClass *parent;/* enclosing class */
    AstPrivateName *decl; /* declared private names (tmp) */
    uint32_t decl_count;  /* used */
    uint32_t decl_cap;    /* allocated */
    AstStr *refs;         /* referenced private names not yet resolved */
    uint32_t *ref_pos;    /* their offsets */
    uint32_t ref_count;   /* used */
    uint32_t ref_cap;     /* allocated */
} PClass;

/* Left-nested chains built by loops (a+b+c..., a.b.c..., f()()...) count one nesting level
 * per PARSE_CHAIN_WEIGHT links, so trees stay within PARSE_CHAIN_WEIGHT * max_depth. */
#define PARSE_CHAIN_WEIGHT 4

/* Expression parse flags. */
enum {
    PE_NO_IN = 1,         /* the `in` operator is not allowed ([~In]) */
    PE_COVER = 2          /* result may still become a pattern (caller validates) */
};

/* Parser-internal bits in AstNode.reserved. */
enum {
    NB_TRAILING_COMMA = 1,/* array/object/call: trailing comma after a spread element */
    NB_COVER_INIT = 2,    /* Property: CoverInitializedName `a = 1` */
    NB_ARROW_START = 4    /* Identifier `async` directly at an arrow-capable position */
};

/* The parser. */
typedef struct Parser {
    Lexer lx;             /* tokenizer; lx.st.tok is the current token */
    Ast *ast;             /* result being built */
    AstArena *arena;      /* == ast->arena */
    AstArena *tmp;        /* parse-time allocations */
    const ParseOptions *opt; /* options (never NULL) */
    const char *filename; /* for messages */
    ParseError *err;      /* error output (may be NULL) */
    jmp_buf jb;           /* error exit */
    uint8_t strict;       /* current code is strict */
    uint8_t is_module;    /* Module goal */
    uint8_t in_class_heritage; /* unused (reserved) */
    FuncCtx *fn;          /* current function context */
    PScope *scope;        /* current scope */
    PClass *cls;          /* current class private scope */
    uint32_t depth;       /* current nesting depth */
    uint32_t max_depth;   /* nesting limit */
    uint32_t prev_end;    /* end offset of the last consumed token */
    uint32_t pending_cover; /* CoverInitializedName / duplicate __proto__ not yet
                               turned into patterns */
    uint32_t pending_pos; /* offset of the latest pending item */
    uint8_t pending_is_proto; /* the latest pending item is a duplicate __proto__ */
    uint32_t yield_pos;   /* offset+1 of the first YieldExpression in the cover region */
    uint32_t await_pos;   /* offset+1 of the first AwaitExpression in the cover region */
    uint32_t await_ident_pos; /* offset+1 of the first `await` identifier there */
    AstNode **stk;        /* scratch node stack for building lists */
    uint32_t stk_len;     /* used */
    uint32_t stk_cap;     /* allocated */
    AstFuncInfo **infos;  /* every function info created, in order */
    uint32_t info_count;  /* used */
    uint32_t info_cap;    /* allocated */
    PNameSet exported;    /* module: exported names (duplicates are errors) */
    PNodeVec export_refs; /* module: local Identifiers referenced by export lists */
    /* frequently compared names (interned) */
    AstStr s_eval, s_arguments, s_async, s_let, s_constructor, s_prototype, s_proto,
        s_default, s_star_default, s_use_strict, s_await, s_yield, s_static, s_of,
        s_target, s_meta, s_anonymous;
} Parser;

#define TOK (p->lx.st.tok)

/* ---- parser.c: infrastructure ---- */
void perr(Parser *p, uint32_t off, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((noreturn, format(printf, 3, 4)))
#endif
    ;
void poom(Parser *p)
#ifdef __GNUC__
    __attribute__((noreturn))
#endif
    ;
void *palloc(Parser *p, size_t size);
void *ptmp(Parser *p, size_t size);
void pnext(Parser *p);
int peat(Parser *p, TokType t);
void pexpect(Parser *p, TokType t);
void punexpected(Parser *p)
#ifdef __GNUC__
    __attribute__((noreturn))
#endif
    ;
void psemicolon(Parser *p);
int pis_name(Parser *p, LexKeyword kw);
int ppeek(Parser *p, Token *out);
void ppeek2(Parser *p, Token *first, Token *second);
void penter(Parser *p);
void pleave(Parser *p);
AstNode *pnode(Parser *p, AstKind kind);
AstNode *pnode_at(Parser *p, AstKind kind, const AstNode *first);
AstNode *pnode_pos(Parser *p, AstKind kind, uint32_t start, uint32_t line, uint32_t col);
AstNode *pfinish(Parser *p, AstNode *n);
void pstk_push(Parser *p, AstNode *n);
AstList pstk_list(Parser *p, uint32_t base);
int pstr_eq(AstStr a, AstStr b);
void pfn_flag(Parser *p, uint32_t bit);
AstFuncInfo *pnew_info(Parser *p, AstFuncKind kind);

/* name sets */
int pset_find(const PNameSet *s, AstStr name);
PName *pset_add(Parser *p, PNameSet *s, AstStr name, uint8_t kind, AstNode *node);
void pvec_push(Parser *p, PNodeVec *v, AstNode *n);

/* scopes and declarations */
PScope *pscope_push(Parser *p, AstScopeKind kind);
AstScope *pscope_pop(Parser *p);
void pdeclare_var(Parser *p, AstNode *id);
void pdeclare_lexical(Parser *p, AstNode *id, AstBindKind kind);
void pdeclare_function(Parser *p, AstNode *fn, int labelled);
void pdeclare_pattern(Parser *p, AstNode *pat, int kind); /* kind: AstBindKind or -1 param */

/* functions */
FuncCtx *pfunc_push(Parser *p, AstFuncKind kind, int is_async, int is_generator);
void pfunc_pop(Parser *p, FuncCtx *fc, uint32_t src_start);
void pcheck_binding_name(Parser *p, AstNode *id);
void pcheck_ident(Parser *p, const Token *t, int binding);

/* private names */
void pprivate_ref(Parser *p, AstStr name, uint32_t pos);

/* ---- parser_stmt.c ---- */
AstNode *parse_statement_list_item(Parser *p);
AstNode *parse_function(Parser *p, const Token *start_tok, int is_async, int is_decl,
                        int allow_anonymous);
AstNode *parse_class(Parser *p, int is_decl, int allow_anonymous);
void parse_function_rest(Parser *p, AstNode *fnode, FuncCtx *fc, int is_method);
AstNode *parse_method_function(Parser *p, AstFuncKind kind, int is_async, int is_generator,
                               uint32_t src_start, int allow_super_call);
AstNode *parse_block_body(Parser *p, AstNode *blk, int is_func_body);
void parse_module_item_list(Parser *p, AstNode *root);

/* ---- parser_expr.c ---- */
AstNode *parse_expression(Parser *p, int flags);
AstNode *parse_assignment(Parser *p, int flags);
AstNode *parse_lhs_expression(Parser *p);
AstNode *parse_binding_target(Parser *p, int kind);
AstNode *parse_binding_element(Parser *p, int kind);
AstNode *parse_property_name(Parser *p, int *computed, int allow_private);
AstNode *parse_identifier_name(Parser *p);
AstNode *parse_string_literal(Parser *p);
void pcheck_simple_target(Parser *p, AstNode *n, int for_update);
AstNode *pto_assign_target(Parser *p, AstNode *n);
void pcommit_cover(Parser *p, uint32_t saved);

#endif /* CRYO_PARSER_IMPL_H */
