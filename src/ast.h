/* ast.h - the abstract syntax tree produced by the parser (src/parser.c).
 *
 * The tree follows ESTree (ES2022 edition): the same node type names and the same field
 * names, translated to C (camelCase -> snake_case; C keywords get an is_ prefix:
 * `static` -> is_static, `await` -> is_await, `async` -> is_async, `generator` ->
 * is_generator).
 *
 * Invariants (stated once, here):
 *  - Every node, list and string belongs to the arena of its Ast (a few keyword-like
 *    identifier names point to static storage instead); ast_free() releases the whole
 *    tree at once. Nothing in a tree is ever freed individually.
 *  - Identifier names (Identifier, PrivateIdentifier, bound names in scopes and
 *    parameter lists) are interned per Ast: equal names have equal `chars` pointers.
 *  - Node positions: `line` and `column` are 1-based; the column counts UTF-16 code units
 *    from the start of the line. `start`/`end` are byte offsets into Ast.source (UTF-8),
 *    end exclusive.
 *  - Every name and string value (identifier names, string literal values, template
 *    cooked/raw strings, regexp pattern/flags, module export names) is UTF-16 (AstStr).
 *    String literal values may contain lone surrogates; identifier names never do.
 *  - Lists (AstList) are arrays of node pointers. An entry is NULL only where ESTree
 *    allows null: holes in ArrayExpression / ArrayPattern.
 *  - Parentheses leave no node (as in ESTree); the expression inside gets parenthesized=1.
 *  - Every scope-creating node has a non-NULL AstScope (possibly empty), see below.
 *    AstScopes are never shared, except that a function's body BlockStatement carries
 *    the same AstScope as its AstFuncInfo, so an AstScope address can key a side table.
 *  - Depth: no root-to-leaf path is longer than about 4 * ParseOptions.max_depth nodes
 *    (see parser.h), so passes may recurse over the tree.
 *  - Every function-like construct has a non-NULL AstFuncInfo (see below); for
 *    PropertyDefinition it is NULL when the field has no initializer.
 */
#ifndef CRYO_AST_H
#define CRYO_AST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct AstNode AstNode;
typedef struct AstArena AstArena;
typedef struct AstScope AstScope;
typedef struct AstFuncInfo AstFuncInfo;

/* A UTF-16 string (not NUL-terminated). chars may be NULL when len == 0. */
typedef struct AstStr {
    const uint16_t *chars; /* code units, arena-owned */
    uint32_t len;          /* number of code units */
} AstStr;

/* A list of nodes. */
typedef struct AstList {
    AstNode **items; /* arena-owned array of count node pointers */
    uint32_t count;  /* number of entries */
} AstList;

/* ---------------------------------------------------------------------------------------
 * Node kinds (ESTree names). X(name) for each kind, in a fixed order.
 * ------------------------------------------------------------------------------------ */
#define AST_KIND_LIST(X)                                                                  \
    /* programs and identifiers */                                                        \
    X(Program)                                                                            \
    X(Identifier)               /* u.ident */                                             \
    X(PrivateIdentifier)        /* u.ident: name without the '#' */                       \
    /* literals (ESTree "Literal" split by value type) */                                 \
    X(NumericLiteral)           /* u.number */                                            \
    X(StringLiteral)            /* u.string */                                            \
    X(BooleanLiteral)           /* u.boolean */                                           \
    X(NullLiteral)              /* no fields */                                           \
    X(BigIntLiteral)            /* u.bigint */                                            \
    X(RegExpLiteral)            /* u.regexp */                                            \
    X(TemplateLiteral)          /* u.template */                                          \
    X(TemplateElement)          /* u.template_element */                                  \
    X(TaggedTemplateExpression) /* u.tagged_template */                                   \
    /* statements */                                                                      \
    X(ExpressionStatement)      /* u.expression_statement */                              \
    X(BlockStatement)           /* u.block */                                             \
    X(EmptyStatement)                                                                     \
    X(DebuggerStatement)                                                                  \
    X(WithStatement)            /* u.with_statement */                                    \
    X(ReturnStatement)          /* u.argument_statement */                                \
    X(LabeledStatement)         /* u.labeled */                                           \
    X(BreakStatement)           /* u.jump */                                              \
    X(ContinueStatement)        /* u.jump */                                              \
    X(IfStatement)              /* u.if_statement */                                      \
    X(SwitchStatement)          /* u.switch_statement */                                  \
    X(SwitchCase)               /* u.switch_case */                                       \
    X(ThrowStatement)           /* u.argument_statement */                                \
    X(TryStatement)             /* u.try_statement */                                     \
    X(CatchClause)              /* u.catch_clause */                                      \
    X(WhileStatement)           /* u.while_statement */                                   \
    X(DoWhileStatement)         /* u.while_statement */                                   \
    X(ForStatement)             /* u.for_statement */                                     \
    X(ForInStatement)           /* u.for_in */                                            \
    X(ForOfStatement)           /* u.for_in (is_await for `for await`) */                 \
    /* declarations */                                                                    \
    X(FunctionDeclaration)      /* u.function */                                          \
    X(VariableDeclaration)      /* u.var_decl */                                          \
    X(VariableDeclarator)       /* u.declarator */                                        \
    X(ClassDeclaration)         /* u.klass */                                             \
    /* expressions */                                                                     \
    X(ThisExpression)                                                                     \
    X(Super)                                                                              \
    X(ArrayExpression)          /* u.array */                                             \
    X(ObjectExpression)         /* u.object */                                            \
    X(Property)                 /* u.property (object literals and ObjectPattern) */      \
    X(FunctionExpression)       /* u.function */                                          \
    X(ArrowFunctionExpression)  /* u.function */                                          \
    X(ClassExpression)          /* u.klass */                                             \
    X(UnaryExpression)          /* u.unary */                                             \
    X(UpdateExpression)         /* u.update */                                            \
    X(BinaryExpression)         /* u.binary */                                            \
    X(LogicalExpression)        /* u.binary */                                            \
    X(AssignmentExpression)     /* u.binary */                                            \
    X(ConditionalExpression)    /* u.conditional */                                       \
    X(CallExpression)           /* u.call */                                              \
    X(NewExpression)            /* u.call */                                              \
    X(MemberExpression)         /* u.member */                                            \
    X(ChainExpression)          /* u.chain */                                             \
    X(SequenceExpression)       /* u.sequence */                                          \
    X(YieldExpression)          /* u.yield */                                             \
    X(AwaitExpression)          /* u.argument_expression */                               \
    X(ImportExpression)         /* u.import_expression */                                 \
    X(MetaProperty)             /* u.meta_property */                                     \
    X(SpreadElement)            /* u.argument_expression */                               \
    /* classes */                                                                         \
    X(ClassBody)                /* u.class_body */                                        \
    X(MethodDefinition)         /* u.method */                                            \
    X(PropertyDefinition)       /* u.field */                                             \
    X(StaticBlock)              /* u.static_block */                                      \
    /* patterns */                                                                        \
    X(ObjectPattern)            /* u.object (Property with pattern values, RestElement) */\
    X(ArrayPattern)             /* u.array (NULL for elisions) */                         \
    X(RestElement)              /* u.argument_expression */                               \
    X(AssignmentPattern)        /* u.assignment_pattern */                                \
    /* modules */                                                                         \
    X(ImportDeclaration)        /* u.import_decl */                                       \
    X(ImportSpecifier)          /* u.import_specifier */                                  \
    X(ImportDefaultSpecifier)   /* u.import_specifier (imported == NULL) */               \
    X(ImportNamespaceSpecifier) /* u.import_specifier (imported == NULL) */               \
    X(ExportNamedDeclaration)   /* u.export_named */                                      \
    X(ExportSpecifier)          /* u.export_specifier */                                  \
    X(ExportDefaultDeclaration) /* u.export_default */                                    \
    X(ExportAllDeclaration)     /* u.export_all */

typedef enum AstKind {
#define AST_KIND_ENUM_(name) AST_##name,
    AST_KIND_LIST(AST_KIND_ENUM_)
#undef AST_KIND_ENUM_
    AST_KIND_COUNT
} AstKind;

/* ---------------------------------------------------------------------------------------
 * Operators: X(enum suffix, source spelling). One enum for unary, update, binary,
 * logical and assignment operators; the node kind says which group applies.
 * ------------------------------------------------------------------------------------ */
#define AST_OP_LIST(X)                                                                    \
    /* UnaryExpression */                                                                 \
    X(NEG, "-") X(POS, "+") X(NOT, "!") X(BITNOT, "~")                                    \
    X(TYPEOF, "typeof") X(VOID, "void") X(DELETE, "delete")                               \
    /* UpdateExpression */                                                                \
    X(INC, "++") X(DEC, "--")                                                             \
    /* BinaryExpression */                                                                \
    X(EQ, "==") X(NE, "!=") X(STRICT_EQ, "===") X(STRICT_NE, "!==")                       \
    X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=")                                         \
    X(SHL, "<<") X(SAR, ">>") X(SHR, ">>>")                                               \
    X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(MOD, "%") X(EXP, "**")              \
    X(BITOR, "|") X(BITXOR, "^") X(BITAND, "&")                                           \
    X(IN, "in") X(INSTANCEOF, "instanceof")                                               \
    /* LogicalExpression */                                                               \
    X(OR, "||") X(AND, "&&") X(NULLISH, "??")                                             \
    /* AssignmentExpression */                                                            \
    X(ASSIGN, "=")                                                                        \
    X(ADD_ASSIGN, "+=") X(SUB_ASSIGN, "-=") X(MUL_ASSIGN, "*=") X(DIV_ASSIGN, "/=")       \
    X(MOD_ASSIGN, "%=") X(EXP_ASSIGN, "**=")                                              \
    X(SHL_ASSIGN, "<<=") X(SAR_ASSIGN, ">>=") X(SHR_ASSIGN, ">>>=")                       \
    X(BITOR_ASSIGN, "|=") X(BITXOR_ASSIGN, "^=") X(BITAND_ASSIGN, "&=")                   \
    X(OR_ASSIGN, "||=") X(AND_ASSIGN, "&&=") X(NULLISH_ASSIGN, "?\?=")

typedef enum AstOp {
#define AST_OP_ENUM_(name, text) AST_OP_##name,
    AST_OP_LIST(AST_OP_ENUM_)
#undef AST_OP_ENUM_
    AST_OP_COUNT
} AstOp;

/* VariableDeclaration.kind */
/* USING / AWAIT_USING: ES2026 `using` / `await using` (const bindings whose values are
 * disposed when the enclosing block, body or loop iteration is left). */
typedef enum AstVarKind { AST_VAR_VAR, AST_VAR_LET, AST_VAR_CONST, AST_VAR_USING, AST_VAR_AWAIT_USING } AstVarKind;

/* Property.kind (object literal members) */
typedef enum AstPropKind { AST_PROP_INIT, AST_PROP_GET, AST_PROP_SET } AstPropKind;

/* MethodDefinition.kind */
typedef enum AstMethodKind {
    AST_METHOD_CONSTRUCTOR,
    AST_METHOD_METHOD,
    AST_METHOD_GET,
    AST_METHOD_SET
} AstMethodKind;

/* Program.source_type */
typedef enum AstSourceType { AST_SOURCE_SCRIPT, AST_SOURCE_MODULE } AstSourceType;

/* MetaProperty.kind (meta/property are also given as Identifiers, as in ESTree) */
typedef enum AstMetaKind { AST_META_NEW_TARGET, AST_META_IMPORT_META } AstMetaKind;

/* ---------------------------------------------------------------------------------------
 * Scopes and declarations.
 *
 * Scope-creating nodes carry an AstScope listing what the scope declares, so the
 * compiler can hoist without re-walking:
 *   Program                 u.program.scope       (script / module / eval top level)
 *   function bodies         AstFuncInfo.scope     (FunctionDeclaration/Expression/Arrow,
 *                                                  methods, accessors, constructors)
 *   class field initializer AstFuncInfo.scope     (always empty: initializers declare
 *                                                  nothing outside nested functions)
 *   StaticBlock             AstFuncInfo.scope     (var + lexical, like a function body)
 *   BlockStatement          u.block.scope
 *   ForStatement/ForIn/Of   u.for_statement.scope / u.for_in.scope (let/const of the head)
 *   SwitchStatement         u.switch_statement.scope (the case block)
 *   CatchClause             u.catch_clause.scope  (the catch parameter names; the body
 *                                                  BlockStatement has its own scope)
 *   ClassDeclaration/Expr   u.klass.scope         (the inner, immutable class name)
 *
 * `lexical` lists the LexicallyDeclaredNames with their kind, in source order, unique
 * (in sloppy mode duplicate block-level function declarations are allowed; the name then
 * appears once, with the last declaration as `node`).
 * Top-level function declarations of a script, eval code or function body are NOT
 * lexical (they are var-scoped, per spec); in a module they are lexical.
 *
 * `vars` (only for var scopes: program, function body, static block; empty elsewhere)
 * lists the VarDeclaredNames, unique, in order of first occurrence: `var` declarations
 * anywhere in the scope (not in nested functions), top-level function declarations
 * (kind AST_BIND_FUNCTION) and, in sloppy mode, the Annex B.3.3 hoisted names of
 * block-level functions (kind AST_BIND_VAR, annexb = 1, only when the name is not
 * otherwise var-declared, is not a parameter name and is not "arguments").
 * Parameter names are NOT in vars (see AstFuncInfo.params).
 *
 * Module scopes: imports are lexical (AST_BIND_IMPORT, node = the Import*Specifier).
 * Anonymous default exports bind the name "*default*": `export default function () {}`
 * (kind FUNCTION, node = the FunctionDeclaration whose id is NULL, also in `functions`),
 * `export default class {}` (kind CLASS, node = the ClassDeclaration) and
 * `export default <expression>;` (kind CONST, node = the ExportDefaultDeclaration).
 *
 * `functions` lists the function declarations to instantiate on scope entry, per
 * spec "functionsToInitialize": one per name, the last declaration of each name wins,
 * in source order of those winners. For var scopes these are the top-level function
 * declarations (for a module: also top-level, though they are lexical there); for
 * blocks / switch case blocks, the block-level function declarations.
 * ------------------------------------------------------------------------------------ */
typedef enum AstBindKind {
    AST_BIND_VAR,        /* var (or an Annex B hoisted function name) */
    AST_BIND_LET,        /* let */
    AST_BIND_CONST,      /* const */
    AST_BIND_CLASS,      /* class declaration (mutable, like let) */
    AST_BIND_FUNCTION,   /* function / generator / async function declaration */
    AST_BIND_CATCH,      /* catch parameter (mutable) */
    AST_BIND_IMPORT,     /* module import binding (immutable, indirect) */
    AST_BIND_CLASS_NAME  /* a class's inner name binding (immutable) */
} AstBindKind;

/* One declared name. */
typedef struct AstBinding {
    AstStr name;      /* bound name */
    uint8_t kind;     /* AstBindKind */
    uint8_t annexb;   /* 1: var binding created only by Annex B.3.3 function hoisting */
    AstNode *node;    /* declaring node: the binding Identifier, FunctionDeclaration,
                         ClassDeclaration, or Import*Specifier */
} AstBinding;

typedef enum AstScopeKind {
    AST_SCOPE_SCRIPT,       /* script top level */
    AST_SCOPE_MODULE,       /* module top level */
    AST_SCOPE_EVAL,         /* eval code top level */
    AST_SCOPE_FUNCTION,     /* function body (also field initializer) */
    AST_SCOPE_STATIC_BLOCK, /* class static block */
    AST_SCOPE_BLOCK,        /* block statement */
    AST_SCOPE_FOR,          /* for / for-in / for-of head */
    AST_SCOPE_SWITCH,       /* switch case block */
    AST_SCOPE_CATCH,        /* catch parameter */
    AST_SCOPE_CLASS         /* class (inner name) */
} AstScopeKind;

struct AstScope {
    uint8_t kind;              /* AstScopeKind */
    AstBinding *lexical;       /* lexically declared names (see above) */
    uint32_t lexical_count;    /* entries in lexical */
    AstBinding *vars;          /* var-declared names (var scopes only) */
    uint32_t var_count;        /* entries in vars */
    AstNode **functions;       /* FunctionDeclaration nodes to instantiate on entry */
    uint32_t function_count;   /* entries in functions */
};

/* A private name declared by a class body. */
typedef enum AstPrivateKind {
    AST_PRIVATE_FIELD,    /* #x = ... */
    AST_PRIVATE_METHOD,   /* #x() {} */
    AST_PRIVATE_GETTER,   /* get #x() {} only */
    AST_PRIVATE_SETTER,   /* set #x(v) {} only */
    AST_PRIVATE_ACCESSOR  /* both get #x and set #x (same staticness) */
} AstPrivateKind;

typedef struct AstPrivateName {
    AstStr name;       /* without the '#' */
    uint8_t kind;      /* AstPrivateKind */
    uint8_t is_static; /* declared static */
    AstNode *node;     /* first declaring MethodDefinition / PropertyDefinition */
    AstNode *node2;    /* for AST_PRIVATE_ACCESSOR: the other accessor, else NULL */
} AstPrivateName;

/* ---------------------------------------------------------------------------------------
 * Function facts. One per function-like construct: FunctionDeclaration,
 * FunctionExpression (including every method, getter, setter and class constructor,
 * which are FunctionExpression values of Property / MethodDefinition), arrow function,
 * class field initializer (PropertyDefinition with a value), StaticBlock, and Program.
 * ------------------------------------------------------------------------------------ */
typedef enum AstFuncKind {
    AST_FUNC_NORMAL,          /* function declaration / expression */
    AST_FUNC_ARROW,           /* arrow function */
    AST_FUNC_METHOD,          /* object or class method (incl. generator/async methods) */
    AST_FUNC_GETTER,          /* get accessor */
    AST_FUNC_SETTER,          /* set accessor */
    AST_FUNC_CLASS_CONSTRUCTOR, /* explicit constructor of a base class */
    AST_FUNC_DERIVED_CONSTRUCTOR, /* explicit constructor of a class with `extends` */
    AST_FUNC_FIELD_INIT,      /* class field initializer expression */
    AST_FUNC_STATIC_BLOCK,    /* class static block */
    AST_FUNC_SCRIPT,          /* Program: script */
    AST_FUNC_MODULE,          /* Program: module */
    AST_FUNC_EVAL             /* Program: eval code */
} AstFuncKind;

struct AstFuncInfo {
    uint8_t kind;               /* AstFuncKind */
    uint8_t is_async;           /* async function / arrow / method; module with TLA */
    uint8_t is_generator;       /* generator (function* / *method) */
    uint8_t is_arrow;           /* arrow function */
    uint8_t is_strict;          /* strict code (directive, class body, module, or
                                   inherited from the enclosing code) */
    uint8_t has_use_strict;     /* body has its own "use strict" directive */
    uint8_t has_simple_params;  /* IsSimpleParameterList: only plain identifiers */
    uint8_t has_param_expressions; /* ContainsExpression of the parameters (defaults or
                                   computed keys): needs a separate var environment */
    uint8_t uses_arguments;     /* `arguments` referenced here or in nested arrows
                                   (also in parameter defaults) */
    uint8_t uses_this;          /* `this` here or in nested arrows (a derived
                                   constructor's super() counts) */
    uint8_t has_direct_eval;    /* a call `eval(...)` (callee the bare identifier eval,
                                   possibly parenthesized) here or in nested arrows */
    uint8_t inner_has_direct_eval; /* some nested function of any kind (transitively)
                                   has a direct eval */
    uint8_t uses_super_property;/* super.x / super[x] here or in nested arrows */
    uint8_t uses_super_call;    /* super(...) here or in nested arrows */
    uint8_t uses_new_target;    /* new.target here or in nested arrows */
    uint8_t contains_yield;     /* a yield expression in this (generator) function */
    uint8_t contains_await;     /* an await expression / for-await in this function
                                   (for modules: top-level await) */
    uint8_t has_with;           /* a with statement here (not in nested functions) */
    uint8_t is_named_expression;/* FunctionExpression with its own name binding */
    uint8_t params_have_arguments; /* a parameter is named "arguments" */
    uint8_t body_declares_arguments; /* a top-level function or lexical declaration
                                   of the body is named "arguments" */
    uint32_t length;            /* ExpectedArgumentCount of the parameters */
    uint32_t src_start;         /* byte range of the whole function's source text in */
    uint32_t src_end;           /*   Ast.source (for Function.prototype.toString) */
    AstBinding *params;         /* BoundNames of the formal parameters, in order; may
                                   contain duplicates (sloppy simple lists only) */
    uint32_t param_count;       /* entries in params */
    AstScope *scope;            /* the body's declarations (non-NULL) */
    AstFuncInfo *parent;        /* the enclosing function-like (NULL for Program) */
};

/* ---------------------------------------------------------------------------------------
 * Per-kind payloads.
 * ------------------------------------------------------------------------------------ */

typedef struct AstProgram {     /* Program */
    AstList body;               /* statements, directives and module items */
    uint8_t source_type;        /* AstSourceType */
    AstScope *scope;            /* top-level declarations (== func->scope) */
    AstFuncInfo *func;          /* strictness, eval/this/arguments usage, TLA */
} AstProgram;

typedef struct AstIdent {       /* Identifier, PrivateIdentifier */
    AstStr name;                /* StringValue (escapes decoded) */
    uint8_t is_binding;         /* 1: BindingIdentifier (declares the name) */
    uint8_t is_reference;       /* 1: IdentifierReference (a variable read or an
                                   assignment target in an expression or
                                   AssignmentPattern) */
    uint8_t escaped;            /* source spelling contained \u escapes */
} AstIdent;
/* Identifier roles: is_binding=1 for names being declared (var/let/const/params/
 * function/class names, catch params, import locals). is_reference=1 for variable
 * uses, including targets of plain assignment / destructuring assignment / update.
 * Both 0: property keys (non-computed), member property names, labels, meta-property
 * parts, import/export specifier names that are not local bindings. */

typedef struct AstNumber { double value; } AstNumber;          /* NumericLiteral */
typedef struct AstString { AstStr value; } AstString;          /* StringLiteral */
typedef struct AstBoolean { uint8_t value; } AstBoolean;       /* BooleanLiteral */

typedef struct AstBigInt {      /* BigIntLiteral */
    const char *digits;         /* ASCII digits in `radix`, no prefix, no separators, no
                                   'n'; hex digits lower-case; NUL-terminated */
    uint32_t len;               /* number of digits */
    uint8_t radix;              /* 2, 8, 10 or 16 */
} AstBigInt;

typedef struct AstRegExp {      /* RegExpLiteral */
    AstStr pattern;             /* BodyText (source between the slashes) */
    AstStr flags;               /* FlagText */
} AstRegExp;

typedef struct AstTemplate {    /* TemplateLiteral */
    AstList quasis;             /* TemplateElement x (expressions.count + 1) */
    AstList expressions;        /* substitutions */
} AstTemplate;

typedef struct AstTemplateElement { /* TemplateElement */
    AstStr cooked;              /* TV; meaningless when has_cooked == 0 */
    AstStr raw;                 /* TRV (CR and CRLF normalized to LF) */
    uint8_t has_cooked;         /* 0: invalid escape in a tagged template (cooked is
                                   undefined) */
    uint8_t tail;               /* last element */
} AstTemplateElement;

typedef struct AstTaggedTemplate { /* TaggedTemplateExpression */
    AstNode *tag;               /* expression */
    AstNode *quasi;             /* TemplateLiteral */
} AstTaggedTemplate;

typedef struct AstExpressionStatement { /* ExpressionStatement */
    AstNode *expression;
    uint8_t is_directive;       /* part of a directive prologue */
    uint8_t is_use_strict;      /* the exact directive "use strict" */
} AstExpressionStatement;

typedef struct AstBlock {       /* BlockStatement (also function bodies) */
    AstList body;               /* statements */
    AstScope *scope;            /* non-NULL; for a function body it is the function's
                                   AstFuncInfo.scope */
} AstBlock;

typedef struct AstWith { AstNode *object; AstNode *body; } AstWith; /* WithStatement */

typedef struct AstArgumentStatement { /* ReturnStatement, ThrowStatement */
    AstNode *argument;          /* NULL for a bare `return` */
} AstArgumentStatement;

typedef struct AstLabeled {     /* LabeledStatement */
    AstNode *label;             /* Identifier */
    AstNode *body;              /* statement */
} AstLabeled;

typedef struct AstJump {        /* BreakStatement, ContinueStatement */
    AstNode *label;             /* Identifier or NULL */
} AstJump;

typedef struct AstIf {          /* IfStatement */
    AstNode *test;
    AstNode *consequent;        /* statement (a function declaration in sloppy mode is
                                   wrapped in a synthetic BlockStatement, B.3.4) */
    AstNode *alternate;         /* statement or NULL (same wrapping) */
} AstIf;

typedef struct AstSwitch {      /* SwitchStatement */
    AstNode *discriminant;
    AstList cases;              /* SwitchCase */
    AstScope *scope;            /* the case block's declarations */
} AstSwitch;

typedef struct AstSwitchCase {  /* SwitchCase */
    AstNode *test;              /* NULL for default */
    AstList consequent;         /* statements */
} AstSwitchCase;

typedef struct AstTry {         /* TryStatement */
    AstNode *block;             /* BlockStatement */
    AstNode *handler;           /* CatchClause or NULL */
    AstNode *finalizer;         /* BlockStatement or NULL */
} AstTry;

typedef struct AstCatch {       /* CatchClause */
    AstNode *param;             /* pattern or NULL (`catch {`) */
    AstNode *body;              /* BlockStatement */
    AstScope *scope;            /* parameter names (kind AST_BIND_CATCH) */
} AstCatch;

typedef struct AstWhile {       /* WhileStatement, DoWhileStatement */
    AstNode *test;
    AstNode *body;
} AstWhile;

typedef struct AstFor {         /* ForStatement */
    AstNode *init;              /* VariableDeclaration, expression, or NULL */
    AstNode *test;              /* or NULL */
    AstNode *update;            /* or NULL */
    AstNode *body;
    AstScope *scope;            /* let/const names of init */
} AstFor;

typedef struct AstForIn {       /* ForInStatement, ForOfStatement */
    AstNode *left;              /* VariableDeclaration (one declarator, init NULL except
                                   Annex B `for (var x = 1 in o)`) or an assignment target:
                                   Identifier, MemberExpression, ObjectPattern,
                                   ArrayPattern, or (sloppy code only) a CallExpression
                                   that throws ReferenceError when assigned */
    AstNode *right;
    AstNode *body;
    uint8_t is_await;           /* for await (ForOfStatement only) */
    AstScope *scope;            /* let/const names of left */
} AstForIn;

typedef struct AstFunction {    /* FunctionDeclaration, FunctionExpression, Arrow */
    AstNode *id;                /* binding Identifier or NULL (anonymous / methods /
                                   arrows / `export default function(){}`) */
    AstList params;             /* Identifier, AssignmentPattern, ArrayPattern,
                                   ObjectPattern, RestElement (last only) */
    AstNode *body;              /* BlockStatement, or an expression when expression=1 */
    uint8_t is_async;           /* = info->is_async */
    uint8_t is_generator;       /* = info->is_generator */
    uint8_t expression;         /* arrow with a concise (expression) body */
    uint8_t annexb;             /* FunctionDeclaration in a block (or if-clause) in
                                   sloppy code that also creates/assigns a var binding
                                   per B.3.3: when evaluated, copy the block binding to
                                   the same name in the enclosing var scope */
    AstFuncInfo *info;          /* flags, scope, parameter names, source range */
} AstFunction;

typedef struct AstVarDecl {     /* VariableDeclaration */
    AstList declarations;       /* VariableDeclarator */
    uint8_t kind;               /* AstVarKind */
} AstVarDecl;

typedef struct AstDeclarator {  /* VariableDeclarator */
    AstNode *id;                /* binding pattern */
    AstNode *init;              /* or NULL */
} AstDeclarator;

typedef struct AstClass {       /* ClassDeclaration, ClassExpression */
    AstNode *id;                /* binding Identifier or NULL */
    AstNode *super_class;       /* expression or NULL */
    AstNode *body;              /* ClassBody */
    AstScope *scope;            /* inner class-name binding (AST_BIND_CLASS_NAME) */
    uint32_t src_start;         /* byte range of the class source text */
    uint32_t src_end;           /*   (Function.prototype.toString of the class) */
} AstClass;

typedef struct AstClassBody {   /* ClassBody */
    AstList body;               /* MethodDefinition, PropertyDefinition, StaticBlock */
    AstNode *constructor;       /* the constructor MethodDefinition or NULL */
    AstPrivateName *privates;   /* private names declared by this class */
    uint32_t private_count;     /* entries in privates */
} AstClassBody;

typedef struct AstArray {       /* ArrayExpression, ArrayPattern */
    AstList elements;           /* expression / SpreadElement / pattern / RestElement;
                                   NULL for holes */
} AstArray;

typedef struct AstObject {      /* ObjectExpression, ObjectPattern */
    AstList properties;         /* Property, SpreadElement (expr) / RestElement (pattern) */
} AstObject;

typedef struct AstProperty {    /* Property */
    AstNode *key;               /* Identifier (non-computed name), StringLiteral,
                                   NumericLiteral, BigIntLiteral, or an expression when
                                   computed */
    AstNode *value;             /* expression, FunctionExpression (method/get/set), or a
                                   pattern in ObjectPattern (AssignmentPattern for
                                   defaults: `{a = 1}`) */
    uint8_t kind;               /* AstPropKind */
    uint8_t method;             /* method shorthand `a() {}` */
    uint8_t shorthand;          /* `{a}` / `{a = 1}` */
    uint8_t computed;           /* `[expr]: ...` */
    uint8_t is_proto;           /* `__proto__: v` (non-computed, not shorthand, not a
                                   method): sets the prototype in an ObjectExpression */
} AstProperty;

typedef struct AstUnary {       /* UnaryExpression */
    uint8_t op;                 /* AstOp */
    AstNode *argument;
} AstUnary;

typedef struct AstUpdate {      /* UpdateExpression */
    uint8_t op;                 /* AST_OP_INC / AST_OP_DEC */
    uint8_t prefix;             /* ++x (1) vs x++ (0) */
    AstNode *argument;          /* Identifier or MemberExpression (or, sloppy code only,
                                   a CallExpression: see AstBinary.left) */
} AstUpdate;

typedef struct AstBinary {      /* BinaryExpression, LogicalExpression, Assignment */
    uint8_t op;                 /* AstOp */
    AstNode *left;              /* for `#x in o`: PrivateIdentifier; for assignment: an
                                   Identifier, MemberExpression, (op == ASSIGN only)
                                   ObjectPattern / ArrayPattern, or, in sloppy code only and
                                   not for &&= ||= ??=, a CallExpression (Annex B web
                                   compat: evaluate the call, then throw ReferenceError) */
    AstNode *right;
} AstBinary;

typedef struct AstConditional { /* ConditionalExpression */
    AstNode *test;
    AstNode *consequent;
    AstNode *alternate;
} AstConditional;

typedef struct AstCall {        /* CallExpression, NewExpression */
    AstNode *callee;            /* expression or Super */
    AstList arguments;          /* expressions / SpreadElement */
    uint8_t optional;           /* `f?.()` (CallExpression inside a ChainExpression) */
    uint8_t is_direct_eval;     /* CallExpression whose callee is the bare identifier
                                   `eval` (not optional): a possible direct eval */
} AstCall;

typedef struct AstMember {      /* MemberExpression */
    AstNode *object;            /* expression or Super */
    AstNode *property;          /* Identifier (non-computed), PrivateIdentifier, or an
                                   expression when computed */
    uint8_t computed;           /* o[x] */
    uint8_t optional;           /* o?.x (inside a ChainExpression) */
} AstMember;

typedef struct AstChain {       /* ChainExpression: the extent of an optional chain */
    AstNode *expression;        /* CallExpression or MemberExpression */
} AstChain;

typedef struct AstSequence {    /* SequenceExpression */
    AstList expressions;
} AstSequence;

typedef struct AstYield {       /* YieldExpression */
    AstNode *argument;          /* or NULL */
    uint8_t delegate;           /* yield* */
} AstYield;

typedef struct AstArgumentExpression { /* AwaitExpression, SpreadElement, RestElement */
    AstNode *argument;
} AstArgumentExpression;

typedef struct AstImportExpression { /* ImportExpression: import(source) */
    AstNode *source;
    AstNode *options;           /* second argument (import options), or NULL */
} AstImportExpression;

typedef struct AstMetaProperty { /* MetaProperty */
    AstNode *meta;              /* Identifier "new" / "import" */
    AstNode *property;          /* Identifier "target" / "meta" */
    uint8_t kind;               /* AstMetaKind */
} AstMetaProperty;

typedef struct AstMethod {      /* MethodDefinition */
    AstNode *key;               /* as Property.key, or PrivateIdentifier */
    AstNode *value;             /* FunctionExpression */
    uint8_t kind;               /* AstMethodKind */
    uint8_t computed;
    uint8_t is_static;
} AstMethod;

typedef struct AstField {       /* PropertyDefinition */
    AstNode *key;               /* as Property.key, or PrivateIdentifier */
    AstNode *value;             /* initializer expression or NULL */
    uint8_t computed;
    uint8_t is_static;
    AstFuncInfo *info;          /* the initializer as a function (kind FIELD_INIT,
                                   a method with this/super/new.target); NULL when no
                                   initializer */
} AstField;

typedef struct AstStaticBlock { /* StaticBlock */
    AstList body;               /* statements */
    AstFuncInfo *info;          /* kind STATIC_BLOCK; info->scope has its declarations */
} AstStaticBlock;

typedef struct AstAssignmentPattern { /* AssignmentPattern: target = default */
    AstNode *left;              /* pattern / assignment target */
    AstNode *right;             /* default value */
} AstAssignmentPattern;

typedef struct AstImportDecl {  /* ImportDeclaration */
    AstList specifiers;         /* Import{,Default,Namespace}Specifier */
    AstNode *source;            /* StringLiteral (module specifier) */
    AstNode *with_type;         /* StringLiteral value of the `type` import attribute
                                   (`with { type: "json" }`), or NULL; the parser rejects
                                   every other attribute key */
} AstImportDecl;

typedef struct AstImportSpecifier { /* Import{,Default,Namespace}Specifier */
    AstNode *imported;          /* ImportSpecifier: Identifier or StringLiteral (the
                                   export name in the other module); else NULL */
    AstNode *local;             /* binding Identifier */
} AstImportSpecifier;

typedef struct AstExportNamed { /* ExportNamedDeclaration */
    AstNode *declaration;       /* VariableDeclaration / FunctionDeclaration /
                                   ClassDeclaration, or NULL */
    AstList specifiers;         /* ExportSpecifier (when declaration == NULL) */
    AstNode *source;            /* StringLiteral for `export {...} from "m"`, or NULL */
    AstNode *with_type;         /* `type` import attribute of `source` (AstImportDecl) */
} AstExportNamed;

typedef struct AstExportSpecifier { /* ExportSpecifier */
    AstNode *local;             /* Identifier (a local reference when source == NULL);
                                   Identifier or StringLiteral (an import name) when
                                   re-exporting from a source */
    AstNode *exported;          /* Identifier or StringLiteral */
} AstExportSpecifier;

typedef struct AstExportDefault { /* ExportDefaultDeclaration */
    AstNode *declaration;       /* FunctionDeclaration / ClassDeclaration (id may be
                                   NULL: the binding is then "*default*"), or an
                                   expression */
} AstExportDefault;

typedef struct AstExportAll {   /* ExportAllDeclaration: export * [as name] from "m" */
    AstNode *exported;          /* Identifier or StringLiteral, or NULL */
    AstNode *source;            /* StringLiteral */
    AstNode *with_type;         /* `type` import attribute of `source` (AstImportDecl) */
} AstExportAll;

/* A syntax tree node. */
struct AstNode {
    uint16_t kind;              /* AstKind */
    uint8_t parenthesized;      /* expression was written inside parentheses */
    uint8_t reserved;           /* parser-internal scratch bits; ignore */
    uint32_t line;              /* 1-based line of the first character */
    uint32_t column;            /* 1-based column (UTF-16 units) of the first character */
    uint32_t start;             /* byte offset of the first character in Ast.source */
    uint32_t end;               /* byte offset just past the last character */
    union {
        AstProgram program;
        AstIdent ident;
        AstNumber number;
        AstString string;
        AstBoolean boolean;
        AstBigInt bigint;
        AstRegExp regexp;
        AstTemplate template;
        AstTemplateElement template_element;
        AstTaggedTemplate tagged_template;
        AstExpressionStatement expression_statement;
        AstBlock block;
        AstWith with_statement;
        AstArgumentStatement argument_statement;
        AstLabeled labeled;
        AstJump jump;
        AstIf if_statement;
        AstSwitch switch_statement;
        AstSwitchCase switch_case;
        AstTry try_statement;
        AstCatch catch_clause;
        AstWhile while_statement;
        AstFor for_statement;
        AstForIn for_in;
        AstFunction function;
        AstVarDecl var_decl;
        AstDeclarator declarator;
        AstClass klass;
        AstClassBody class_body;
        AstArray array;
        AstObject object;
        AstProperty property;
        AstUnary unary;
        AstUpdate update;
        AstBinary binary;
        AstConditional conditional;
        AstCall call;
        AstMember member;
        AstChain chain;
        AstSequence sequence;
        AstYield yield;
        AstArgumentExpression argument_expression;
        AstImportExpression import_expression;
        AstMetaProperty meta_property;
        AstMethod method;
        AstField field;
        AstStaticBlock static_block;
        AstAssignmentPattern assignment_pattern;
        AstImportDecl import_decl;
        AstImportSpecifier import_specifier;
        AstExportNamed export_named;
        AstExportSpecifier export_specifier;
        AstExportDefault export_default;
        AstExportAll export_all;
    } u;
};

/* A parsed tree and everything it owns. */
typedef struct Ast {
    AstNode *root;              /* the Program node */
    const char *source;         /* owned copy of the source text (UTF-8, or WTF-8 for
                                   eval/Function sources), NUL-terminated; every node's
                                   start/end and every src_start/src_end index it */
    size_t source_len;          /* bytes in source (excluding the NUL) */
    AstArena *arena;            /* owns all nodes, lists and strings */
} Ast;

/* ---------------------------------------------------------------------------------------
 * Functions.
 * ------------------------------------------------------------------------------------ */

/* Frees the tree, its source copy and everything in its arena. NULL is allowed. */
void ast_free(Ast *ast);

/* Prints an indented tree, one node per line with its fields, to out. */
void ast_dump(FILE *out, const AstNode *node);

/* ESTree name of a node kind ("Program", ...); "?" if out of range. */
const char *ast_kind_name(AstKind kind);

/* Source spelling of an operator ("+=", "typeof", ...); "?" if out of range. */
const char *ast_op_name(AstOp op);

/* 1 if s equals the ASCII string lit. */
int ast_str_eq_ascii(AstStr s, const char *lit);

/* 1 if the two strings are equal. */
int ast_str_eq(AstStr a, AstStr b);

/* Arena (used by the parser; also usable by later passes to hang data on a tree). */
AstArena *ast_arena_new(void);                       /* NULL on out of memory */
void *ast_arena_alloc(AstArena *arena, size_t size); /* 8-aligned, zeroed; NULL on OOM */
void ast_arena_free(AstArena *arena);                /* frees every block */
size_t ast_arena_bytes(const AstArena *arena);       /* bytes allocated so far */

/* New zeroed node of the given kind at the given position (end = start). NULL on OOM. */
AstNode *ast_node_new(AstArena *arena, AstKind kind, uint32_t start, uint32_t line,
                      uint32_t column);

#endif /* CRYO_AST_H */
