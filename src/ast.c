/* ast.c - AST arena, node constructor and the tree dumper (see ast.h). */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------
 * Arena: a list of zeroed blocks; allocation is a pointer bump.
 * ---------------------------------------------------------------------------------- */

typedef struct AstBlockHdr {
    struct AstBlockHdr *next; /* previously filled block */
    size_t size;              /* usable bytes after the header */
    size_t used;              /* bytes handed out */
} AstBlockHdr;

struct AstArena {
    AstBlockHdr *head;        /* current block (the newest) */
    size_t total;             /* bytes handed out over all blocks */
};

#define AST_ARENA_BLOCK (64 * 1024)
#define AST_HDR_SIZE ((sizeof(AstBlockHdr) + 15) & ~(size_t)15)

AstArena *ast_arena_new(void) {
    return calloc(1, sizeof(AstArena));
}

void *ast_arena_alloc(AstArena *a, size_t size) {
    size = (size + 7) & ~(size_t)7;
    if (size == 0) size = 8;
    AstBlockHdr *b = a->head;
    if (!b || b->size - b->used < size) {
        if (size > AST_ARENA_BLOCK / 4 && size > (b ? b->size : 0) / 2) {
            /* dedicated block, linked behind the current one so the current block keeps
               serving small requests */
            AstBlockHdr *nb = calloc(1, AST_HDR_SIZE + size);
            if (!nb) return NULL;
            nb->size = size;
            nb->used = size;
            if (b) {
                nb->next = b->next;
                b->next = nb;
            } else {
                a->head = nb;
            }
            a->total += size;
            return (char *)nb + AST_HDR_SIZE;
        }
        /* blocks grow with the arena (small parses stay cheap): 2 KiB .. 64 KiB */
        size_t bsize = a->total < AST_ARENA_BLOCK ? (a->total < 2048 ? 2048 : a->total) : AST_ARENA_BLOCK;
        while (bsize < size) bsize *= 2;
        AstBlockHdr *nb = calloc(1, AST_HDR_SIZE + bsize);
        if (!nb) return NULL;
        nb->size = bsize;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *r = (char *)b + AST_HDR_SIZE + b->used;
    b->used += size;
    a->total += size;
    return r;
}

void ast_arena_free(AstArena *a) {
    if (!a) return;
    AstBlockHdr *b = a->head;
    while (b) {
        AstBlockHdr *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

size_t ast_arena_bytes(const AstArena *a) {
    return a ? a->total : 0;
}

AstNode *ast_node_new(AstArena *a, AstKind kind, uint32_t start, uint32_t line,
                      uint32_t column) {
    AstNode *n = ast_arena_alloc(a, sizeof(AstNode));
    if (!n) return NULL;
    n->kind = (uint16_t)kind;
    n->start = start;
    n->end = start;
    n->line = line;
    n->column = column;
    return n;
}

void ast_free(Ast *ast) {
    if (!ast) return;
    ast_arena_free(ast->arena);
    free(ast);
}

/* ------------------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------------------- */

static const char *const ast_kind_names[AST_KIND_COUNT] = {
#define AST_KIND_NAME_(name) #name,
    AST_KIND_LIST(AST_KIND_NAME_)
#undef AST_KIND_NAME_
};

static const char *const ast_op_names[AST_OP_COUNT] = {
#define AST_OP_NAME_(name, text) text,
    AST_OP_LIST(AST_OP_NAME_)
#undef AST_OP_NAME_
};

const char *ast_kind_name(AstKind kind) {
    return (unsigned)kind < AST_KIND_COUNT ? ast_kind_names[kind] : "?";
}

const char *ast_op_name(AstOp op) {
    return (unsigned)op < AST_OP_COUNT ? ast_op_names[op] : "?";
}

int ast_str_eq_ascii(AstStr s, const char *lit) {
    size_t n = strlen(lit);
    if (n != s.len) return 0;
    for (size_t i = 0; i < n; i++)
        if (s.chars[i] != (unsigned char)lit[i]) return 0;
    return 1;
}

int ast_str_eq(AstStr a, AstStr b) {
    if (a.len != b.len) return 0;
    if (a.chars == b.chars || a.len == 0) return 1;
    return memcmp(a.chars, b.chars, a.len * sizeof(uint16_t)) == 0;
}

/* ------------------------------------------------------------------------------------
 * Dumper
 * ---------------------------------------------------------------------------------- */

/* Prints a UTF-16 string as a quoted UTF-8 string with escapes. */
static void dump_str(FILE *out, AstStr s) {
    fputc('"', out);
    for (uint32_t i = 0; i < s.len; i++) {
        uint32_t c = s.chars[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.len && s.chars[i + 1] >= 0xDC00 &&
            s.chars[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s.chars[i + 1] - 0xDC00);
            i++;
        }
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc((int)c, out);
        } else if (c == '\n') {
            fputs("\\n", out);
        } else if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF)) {
            fprintf(out, "\\u%04X", (unsigned)c);
        } else if (c < 0x80) {
            fputc((int)c, out);
        } else if (c < 0x800) {
            fputc((int)(0xC0 | (c >> 6)), out);
            fputc((int)(0x80 | (c & 0x3F)), out);
        } else if (c < 0x10000) {
            fputc((int)(0xE0 | (c >> 12)), out);
            fputc((int)(0x80 | ((c >> 6) & 0x3F)), out);
            fputc((int)(0x80 | (c & 0x3F)), out);
        } else {
            fputc((int)(0xF0 | (c >> 18)), out);
            fputc((int)(0x80 | ((c >> 12) & 0x3F)), out);
            fputc((int)(0x80 | ((c >> 6) & 0x3F)), out);
            fputc((int)(0x80 | (c & 0x3F)), out);
        }
    }
    fputc('"', out);
}

static void dump_node(FILE *out, const AstNode *n, int ind, const char *field);

static void dump_indent(FILE *out, int ind) {
    for (int i = 0; i < ind; i++) fputs("  ", out);
}

static void dump_list(FILE *out, AstList l, int ind, const char *field) {
    dump_indent(out, ind);
    fprintf(out, "%s: [%u]\n", field, (unsigned)l.count);
    for (uint32_t i = 0; i < l.count; i++) {
        if (l.items[i]) {
            dump_node(out, l.items[i], ind + 1, NULL);
        } else {
            dump_indent(out, ind + 1);
            fputs("(hole)\n", out);
        }
    }
}

static const char *const bind_kind_names[] = {"var", "let", "const", "class", "function",
                                              "catch", "import", "class-name"};

/* Prints the declarations of a scope (one line per list). */
static void dump_scope(FILE *out, const AstScope *s, int ind) {
    if (!s || (!s->lexical_count && !s->var_count && !s->function_count)) return;
    if (s->lexical_count) {
        dump_indent(out, ind);
        fputs("lexical:", out);
        for (uint32_t i = 0; i < s->lexical_count; i++) {
            fputc(' ', out);
            fputs(bind_kind_names[s->lexical[i].kind], out);
            fputc(' ', out);
            dump_str(out, s->lexical[i].name);
        }
        fputc('\n', out);
    }
    if (s->var_count) {
        dump_indent(out, ind);
        fputs("vars:", out);
        for (uint32_t i = 0; i < s->var_count; i++) {
            fputc(' ', out);
            fputs(bind_kind_names[s->vars[i].kind], out);
            if (s->vars[i].annexb) fputs("(annexB)", out);
            fputc(' ', out);
            dump_str(out, s->vars[i].name);
        }
        fputc('\n', out);
    }
    if (s->function_count) {
        dump_indent(out, ind);
        fputs("functions:", out);
        for (uint32_t i = 0; i < s->function_count; i++) {
            const AstNode *f = s->functions[i];
            fputc(' ', out);
            if (f->u.function.id) dump_str(out, f->u.function.id->u.ident.name);
            else fputs("*default*", out);
        }
        fputc('\n', out);
    }
}

static const char *const func_kind_names[] = {
    "normal", "arrow", "method", "getter", "setter", "constructor", "derived-constructor",
    "field-init", "static-block", "script", "module", "eval"};

/* Prints an AstFuncInfo summary. */
static void dump_info(FILE *out, const AstFuncInfo *f, int ind) {
    if (!f) return;
    dump_indent(out, ind);
    fprintf(out, "func: %s", func_kind_names[f->kind]);
    if (f->is_async) fputs(" async", out);
    if (f->is_generator) fputs(" generator", out);
    if (f->is_strict) fputs(" strict", out);
    if (!f->has_simple_params) fputs(" non-simple-params", out);
    if (f->has_param_expressions) fputs(" param-exprs", out);
    if (f->uses_arguments) fputs(" arguments", out);
    if (f->uses_this) fputs(" this", out);
    if (f->has_direct_eval) fputs(" eval", out);
    if (f->inner_has_direct_eval) fputs(" inner-eval", out);
    if (f->uses_super_property) fputs(" super.x", out);
    if (f->uses_super_call) fputs(" super()", out);
    if (f->uses_new_target) fputs(" new.target", out);
    if (f->contains_yield) fputs(" yield", out);
    if (f->contains_await) fputs(" await", out);
    if (f->has_with) fputs(" with", out);
    fprintf(out, " length=%u src=%u..%u", (unsigned)f->length, (unsigned)f->src_start,
            (unsigned)f->src_end);
    if (f->param_count) {
        fputs(" params:", out);
        for (uint32_t i = 0; i < f->param_count; i++) {
            fputc(' ', out);
            dump_str(out, f->params[i].name);
        }
    }
    fputc('\n', out);
    dump_scope(out, f->scope, ind);
}

/* Prints one node and its children. */
static void dump_node(FILE *out, const AstNode *n, int ind, const char *field) {
    dump_indent(out, ind);
    if (field) fprintf(out, "%s: ", field);
    if (!n) {
        fputs("null\n", out);
        return;
    }
    fprintf(out, "%s", ast_kind_name((AstKind)n->kind));
    const int c = ind + 1;
    switch ((AstKind)n->kind) {
    case AST_Identifier:
    case AST_PrivateIdentifier:
        fputc(' ', out);
        dump_str(out, n->u.ident.name);
        if (n->u.ident.is_binding) fputs(" binding", out);
        if (n->u.ident.is_reference) fputs(" ref", out);
        break;
    case AST_NumericLiteral:
        fprintf(out, " %.17g", n->u.number.value);
        break;
    case AST_StringLiteral:
        fputc(' ', out);
        dump_str(out, n->u.string.value);
        break;
    case AST_BooleanLiteral:
        fputs(n->u.boolean.value ? " true" : " false", out);
        break;
    case AST_BigIntLiteral:
        fprintf(out, " radix=%u %s", (unsigned)n->u.bigint.radix, n->u.bigint.digits);
        break;
    case AST_RegExpLiteral:
        fputc(' ', out);
        dump_str(out, n->u.regexp.pattern);
        fputc(' ', out);
        dump_str(out, n->u.regexp.flags);
        break;
    case AST_TemplateElement:
        fputs(" raw=", out);
        dump_str(out, n->u.template_element.raw);
        if (n->u.template_element.has_cooked) {
            fputs(" cooked=", out);
            dump_str(out, n->u.template_element.cooked);
        } else {
            fputs(" cooked=undefined", out);
        }
        if (n->u.template_element.tail) fputs(" tail", out);
        break;
    case AST_UnaryExpression:
        fprintf(out, " %s", ast_op_name((AstOp)n->u.unary.op));
        break;
    case AST_UpdateExpression:
        fprintf(out, " %s%s", ast_op_name((AstOp)n->u.update.op),
                n->u.update.prefix ? " prefix" : " postfix");
        break;
    case AST_BinaryExpression:
    case AST_LogicalExpression:
    case AST_AssignmentExpression:
        fprintf(out, " %s", ast_op_name((AstOp)n->u.binary.op));
        break;
    case AST_VariableDeclaration:
        fprintf(out, " %s", n->u.var_decl.kind == AST_VAR_VAR   ? "var"
                            : n->u.var_decl.kind == AST_VAR_LET ? "let"
                            : n->u.var_decl.kind == AST_VAR_CONST ? "const"
                            : n->u.var_decl.kind == AST_VAR_USING ? "using"
                                                                : "await using");
        break;
    case AST_Property:
        fprintf(out, " %s", n->u.property.kind == AST_PROP_INIT  ? "init"
                            : n->u.property.kind == AST_PROP_GET ? "get"
                                                                 : "set");
        if (n->u.property.method) fputs(" method", out);
        if (n->u.property.shorthand) fputs(" shorthand", out);
        if (n->u.property.computed) fputs(" computed", out);
        if (n->u.property.is_proto) fputs(" __proto__", out);
        break;
    case AST_MethodDefinition: {
        static const char *const mk[] = {"constructor", "method", "get", "set"};
        fprintf(out, " %s", mk[n->u.method.kind]);
        if (n->u.method.is_static) fputs(" static", out);
        if (n->u.method.computed) fputs(" computed", out);
        break;
    }
    case AST_PropertyDefinition:
        if (n->u.field.is_static) fputs(" static", out);
        if (n->u.field.computed) fputs(" computed", out);
        break;
    case AST_MemberExpression:
        if (n->u.member.computed) fputs(" computed", out);
        if (n->u.member.optional) fputs(" optional", out);
        break;
    case AST_CallExpression:
        if (n->u.call.optional) fputs(" optional", out);
        if (n->u.call.is_direct_eval) fputs(" direct-eval", out);
        break;
    case AST_YieldExpression:
        if (n->u.yield.delegate) fputs(" delegate", out);
        break;
    case AST_ForOfStatement:
        if (n->u.for_in.is_await) fputs(" await", out);
        break;
    case AST_FunctionDeclaration:
    case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        if (n->u.function.is_async) fputs(" async", out);
        if (n->u.function.is_generator) fputs(" generator", out);
        if (n->u.function.expression) fputs(" expression", out);
        if (n->u.function.annexb) fputs(" annexB", out);
        break;
    case AST_ExpressionStatement:
        if (n->u.expression_statement.is_directive) fputs(" directive", out);
        break;
    case AST_Program:
        fputs(n->u.program.source_type == AST_SOURCE_MODULE ? " module" : " script", out);
        break;
    case AST_MetaProperty:
        fputs(n->u.meta_property.kind == AST_META_NEW_TARGET ? " new.target" : " import.meta",
              out);
        break;
    default:
        break;
    }
    if (n->parenthesized) fputs(" (parenthesized)", out);
    fprintf(out, " @%u:%u\n", (unsigned)n->line, (unsigned)n->column);

    switch ((AstKind)n->kind) {
    case AST_Program:
        dump_info(out, n->u.program.func, c);
        dump_list(out, n->u.program.body, c, "body");
        break;
    case AST_TemplateLiteral:
        dump_list(out, n->u.template.quasis, c, "quasis");
        dump_list(out, n->u.template.expressions, c, "expressions");
        break;
    case AST_TaggedTemplateExpression:
        dump_node(out, n->u.tagged_template.tag, c, "tag");
        dump_node(out, n->u.tagged_template.quasi, c, "quasi");
        break;
    case AST_ExpressionStatement:
        dump_node(out, n->u.expression_statement.expression, c, "expression");
        break;
    case AST_BlockStatement:
        dump_scope(out, n->u.block.scope, c);
        dump_list(out, n->u.block.body, c, "body");
        break;
    case AST_WithStatement:
        dump_node(out, n->u.with_statement.object, c, "object");
        dump_node(out, n->u.with_statement.body, c, "body");
        break;
    case AST_ReturnStatement:
    case AST_ThrowStatement:
        if (n->u.argument_statement.argument)
            dump_node(out, n->u.argument_statement.argument, c, "argument");
        break;
    case AST_LabeledStatement:
        dump_node(out, n->u.labeled.label, c, "label");
        dump_node(out, n->u.labeled.body, c, "body");
        break;
    case AST_BreakStatement:
    case AST_ContinueStatement:
        if (n->u.jump.label) dump_node(out, n->u.jump.label, c, "label");
        break;
    case AST_IfStatement:
        dump_node(out, n->u.if_statement.test, c, "test");
        dump_node(out, n->u.if_statement.consequent, c, "consequent");
        if (n->u.if_statement.alternate)
            dump_node(out, n->u.if_statement.alternate, c, "alternate");
        break;
    case AST_SwitchStatement:
        dump_scope(out, n->u.switch_statement.scope, c);
        dump_node(out, n->u.switch_statement.discriminant, c, "discriminant");
        dump_list(out, n->u.switch_statement.cases, c, "cases");
        break;
    case AST_SwitchCase:
        dump_node(out, n->u.switch_case.test, c, "test");
        dump_list(out, n->u.switch_case.consequent, c, "consequent");
        break;
    case AST_TryStatement:
        dump_node(out, n->u.try_statement.block, c, "block");
        if (n->u.try_statement.handler) dump_node(out, n->u.try_statement.handler, c, "handler");
        if (n->u.try_statement.finalizer)
            dump_node(out, n->u.try_statement.finalizer, c, "finalizer");
        break;
    case AST_CatchClause:
        dump_scope(out, n->u.catch_clause.scope, c);
        dump_node(out, n->u.catch_clause.param, c, "param");
        dump_node(out, n->u.catch_clause.body, c, "body");
        break;
    case AST_WhileStatement:
    case AST_DoWhileStatement:
        dump_node(out, n->u.while_statement.test, c, "test");
        dump_node(out, n->u.while_statement.body, c, "body");
        break;
    case AST_ForStatement:
        dump_scope(out, n->u.for_statement.scope, c);
        dump_node(out, n->u.for_statement.init, c, "init");
        dump_node(out, n->u.for_statement.test, c, "test");
        dump_node(out, n->u.for_statement.update, c, "update");
        dump_node(out, n->u.for_statement.body, c, "body");
        break;
    case AST_ForInStatement:
    case AST_ForOfStatement:
        dump_scope(out, n->u.for_in.scope, c);
        dump_node(out, n->u.for_in.left, c, "left");
        dump_node(out, n->u.for_in.right, c, "right");
        dump_node(out, n->u.for_in.body, c, "body");
        break;
    case AST_FunctionDeclaration:
    case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        dump_info(out, n->u.function.info, c);
        dump_node(out, n->u.function.id, c, "id");
        dump_list(out, n->u.function.params, c, "params");
        dump_node(out, n->u.function.body, c, "body");
        break;
    case AST_VariableDeclaration:
        dump_list(out, n->u.var_decl.declarations, c, "declarations");
        break;
    case AST_VariableDeclarator:
        dump_node(out, n->u.declarator.id, c, "id");
        dump_node(out, n->u.declarator.init, c, "init");
        break;
    case AST_ClassDeclaration:
    case AST_ClassExpression:
        dump_scope(out, n->u.klass.scope, c);
        dump_node(out, n->u.klass.id, c, "id");
        dump_node(out, n->u.klass.super_class, c, "superClass");
        dump_node(out, n->u.klass.body, c, "body");
        break;
    case AST_ClassBody:
        if (n->u.class_body.private_count) {
            dump_indent(out, c);
            fputs("privates:", out);
            for (uint32_t i = 0; i < n->u.class_body.private_count; i++) {
                fputs(" #", out);
                dump_str(out, n->u.class_body.privates[i].name);
            }
            fputc('\n', out);
        }
        dump_list(out, n->u.class_body.body, c, "body");
        break;
    case AST_ArrayExpression:
    case AST_ArrayPattern:
        dump_list(out, n->u.array.elements, c, "elements");
        break;
    case AST_ObjectExpression:
    case AST_ObjectPattern:
        dump_list(out, n->u.object.properties, c, "properties");
        break;
    case AST_Property:
        dump_node(out, n->u.property.key, c, "key");
        dump_node(out, n->u.property.value, c, "value");
        break;
    case AST_UnaryExpression:
        dump_node(out, n->u.unary.argument, c, "argument");
        break;
    case AST_UpdateExpression:
        dump_node(out, n->u.update.argument, c, "argument");
        break;
    case AST_BinaryExpression:
    case AST_LogicalExpression:
    case AST_AssignmentExpression:
        dump_node(out, n->u.binary.left, c, "left");
        dump_node(out, n->u.binary.right, c, "right");
        break;
    case AST_ConditionalExpression:
        dump_node(out, n->u.conditional.test, c, "test");
        dump_node(out, n->u.conditional.consequent, c, "consequent");
        dump_node(out, n->u.conditional.alternate, c, "alternate");
        break;
    case AST_CallExpression:
    case AST_NewExpression:
        dump_node(out, n->u.call.callee, c, "callee");
        dump_list(out, n->u.call.arguments, c, "arguments");
        break;
    case AST_MemberExpression:
        dump_node(out, n->u.member.object, c, "object");
        dump_node(out, n->u.member.property, c, "property");
        break;
    case AST_ChainExpression:
        dump_node(out, n->u.chain.expression, c, "expression");
        break;
    case AST_SequenceExpression:
        dump_list(out, n->u.sequence.expressions, c, "expressions");
        break;
    case AST_YieldExpression:
        if (n->u.yield.argument) dump_node(out, n->u.yield.argument, c, "argument");
        break;
    case AST_AwaitExpression:
    case AST_SpreadElement:
    case AST_RestElement:
        dump_node(out, n->u.argument_expression.argument, c, "argument");
        break;
    case AST_ImportExpression:
        dump_node(out, n->u.import_expression.source, c, "source");
        if (n->u.import_expression.options) dump_node(out, n->u.import_expression.options, c, "options");
        break;
    case AST_MethodDefinition:
        dump_node(out, n->u.method.key, c, "key");
        dump_node(out, n->u.method.value, c, "value");
        break;
    case AST_PropertyDefinition:
        dump_node(out, n->u.field.key, c, "key");
        if (n->u.field.info) dump_info(out, n->u.field.info, c);
        dump_node(out, n->u.field.value, c, "value");
        break;
    case AST_StaticBlock:
        dump_info(out, n->u.static_block.info, c);
        dump_list(out, n->u.static_block.body, c, "body");
        break;
    case AST_AssignmentPattern:
        dump_node(out, n->u.assignment_pattern.left, c, "left");
        dump_node(out, n->u.assignment_pattern.right, c, "right");
        break;
    case AST_ImportDeclaration:
        dump_list(out, n->u.import_decl.specifiers, c, "specifiers");
        dump_node(out, n->u.import_decl.source, c, "source");
        break;
    case AST_ImportSpecifier:
    case AST_ImportDefaultSpecifier:
    case AST_ImportNamespaceSpecifier:
        if (n->u.import_specifier.imported)
            dump_node(out, n->u.import_specifier.imported, c, "imported");
        dump_node(out, n->u.import_specifier.local, c, "local");
        break;
    case AST_ExportNamedDeclaration:
        if (n->u.export_named.declaration)
            dump_node(out, n->u.export_named.declaration, c, "declaration");
        dump_list(out, n->u.export_named.specifiers, c, "specifiers");
        if (n->u.export_named.source) dump_node(out, n->u.export_named.source, c, "source");
        break;
    case AST_ExportSpecifier:
        dump_node(out, n->u.export_specifier.local, c, "local");
        dump_node(out, n->u.export_specifier.exported, c, "exported");
        break;
    case AST_ExportDefaultDeclaration:
        dump_node(out, n->u.export_default.declaration, c, "declaration");
        break;
    case AST_ExportAllDeclaration:
        dump_node(out, n->u.export_all.exported, c, "exported");
        dump_node(out, n->u.export_all.source, c, "source");
        break;
    case AST_MetaProperty:
    default:
        break;
    }
}

void ast_dump(FILE *out, const AstNode *node) {
    dump_node(out, node, 0, NULL);
}
