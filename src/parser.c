/* parser.c - parser infrastructure: errors, tokens, node building, name sets, scopes and
 * declarations (early errors for redeclarations, Annex B.3.3 function hoisting), function
 * contexts, private names, and the entry points of parser.h.
 *
 * Statements, functions, classes and modules are in parser_stmt.c; expressions and
 * patterns in parser_expr.c. Shared declarations: parser_impl.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#include "parser_impl.h"

/* ------------------------------------------------------------------------------------
 * Positions and errors
 * ---------------------------------------------------------------------------------- */

void parse_offset_to_line_col(const char *src, size_t len, size_t offset, uint32_t *line,
                              uint32_t *column) {
    const uint8_t *s = (const uint8_t *)src;
    uint32_t ln = 1, col = 1;
    if (offset > len) offset = len;
    size_t i = 0;
    while (i < offset) {
        uint8_t c = s[i];
        if (c == '\n') { ln++; col = 1; i++; continue; }
        if (c == '\r') {
            i++;
            if (i < offset && s[i] == '\n') i++;
            ln++;
            col = 1;
            continue;
        }
        if (c < 0x80) { col++; i++; continue; }
        uint32_t cp;
        int n = lex_decode_utf8(s + i, len - i, 1, &cp);
        if (n == 0) { col++; i++; continue; }
        i += (size_t)n;
        if (cp == 0x2028 || cp == 0x2029) { ln++; col = 1; continue; }
        col += cp >= 0x10000 ? 2 : 1;
    }
    *line = ln;
    *column = col;
}

/* Fills p->err (if any) and unwinds to the entry point. */
#ifdef __GNUC__
__attribute__((noreturn))
#endif
static void perr_v(Parser *p, uint32_t off, int oom, const char *fmt, va_list ap) {
    if (p->err) {
        ParseError *e = p->err;
        vsnprintf(e->detail, sizeof e->detail, fmt, ap);
        uint32_t line = 1, col = 1;
        if (p->ast && p->ast->source)
            parse_offset_to_line_col(p->ast->source, p->ast->source_len, off, &line, &col);
        e->line = line;
        e->column = col;
        e->offset = off;
        e->out_of_memory = oom;
        snprintf(e->message, sizeof e->message, "%s:%u:%u: %s", p->filename, (unsigned)line,
                 (unsigned)col, e->detail);
    }
    longjmp(p->jb, 1);
}

void perr(Parser *p, uint32_t off, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, off, 0, fmt, ap);
    va_end(ap);
}

/* Out of memory: reported like a syntax error with out_of_memory set. */
void poom(Parser *p) {
    if (p->err) {
        snprintf(p->err->detail, sizeof p->err->detail, "out of memory");
        snprintf(p->err->message, sizeof p->err->message, "%s: out of memory", p->filename);
        p->err->out_of_memory = 1;
        p->err->line = p->err->column = 0;
        p->err->offset = 0;
    }
    longjmp(p->jb, 1);
}

/* Lexer error callback. */
static void plex_fail(void *ctx, uint32_t off, const char *msg) {
    Parser *p = ctx;
    if (!strcmp(msg, "out of memory")) poom(p);
    perr(p, off, "%s", msg);
}

void *palloc(Parser *p, size_t size) {
    void *r = ast_arena_alloc(p->arena, size);
    if (!r) poom(p);
    return r;
}

void *ptmp(Parser *p, size_t size) {
    void *r = ast_arena_alloc(p->tmp, size);
    if (!r) poom(p);
    return r;
}

/* ------------------------------------------------------------------------------------
 * Tokens
 * ---------------------------------------------------------------------------------- */

void pnext(Parser *p) {
    p->prev_end = TOK.end;
    lex_next(&p->lx);
}

int peat(Parser *p, TokType t) {
    if (TOK.type == t) {
        pnext(p);
        return 1;
    }
    return 0;
}

void punexpected(Parser *p) {
    const Token *t = &TOK;
    if (t->type == TOK_NAME) {
        char buf[64];
        uint32_t n = t->str.len < 40 ? t->str.len : 40, k = 0;
        for (uint32_t i = 0; i < n; i++) buf[k++] = t->str.chars[i] < 128 ? (char)t->str.chars[i] : '?';
        buf[k] = 0;
        if (t->kw >= KW_FIRST_RESERVED && t->kw <= KW_LAST_RESERVED)
            perr(p, t->start, "unexpected token '%s'", buf);
        perr(p, t->start, "unexpected identifier '%s'", buf);
    }
    if (t->type == TOK_EOF) perr(p, t->start, "unexpected end of input");
    perr(p, t->start, "unexpected %s", lex_token_name((TokType)t->type));
}

void pexpect(Parser *p, TokType t) {
    if (TOK.type != t) {
        if (TOK.type == TOK_EOF) perr(p, TOK.start, "unexpected end of input, expected %s",
                                      lex_token_name(t));
        punexpected(p);
    }
    pnext(p);
}

/* Automatic semicolon insertion (12.10): a ';', or before '}' / end of input / a token
 * preceded by a line terminator. */
void psemicolon(Parser *p) {
    if (TOK.type == TOK_SEMI) {
        pnext(p);
        return;
    }
    if (TOK.type == TOK_RBRACE || TOK.type == TOK_EOF || TOK.nl_before) return;
    punexpected(p);
}

/* 1 if the current token is the unescaped word kw. */
int pis_name(Parser *p, LexKeyword kw) {
    return TOK.type == TOK_NAME && TOK.kw == kw && !TOK.escaped;
}

/* Reads the token after the current one into *out without consuming anything. */
int ppeek(Parser *p, Token *out) {
    LexState saved = p->lx.st;
    lex_next(&p->lx);
    *out = p->lx.st.tok;
    p->lx.st = saved;
    return out->type;
}

/* Reads the two tokens after the current one without consuming anything. */
void ppeek2(Parser *p, Token *first, Token *second) {
    LexState saved = p->lx.st;
    lex_next(&p->lx);
    *first = p->lx.st.tok;
    lex_next(&p->lx);
    *second = p->lx.st.tok;
    p->lx.st = saved;
}

void penter(Parser *p) {
    if (++p->depth > p->max_depth) perr(p, TOK.start, "too deeply nested");
}

void pleave(Parser *p) {
    p->depth--;
}

/* ------------------------------------------------------------------------------------
 * Nodes and lists
 * ---------------------------------------------------------------------------------- */

AstNode *pnode(Parser *p, AstKind kind) {
    AstNode *n = ast_node_new(p->arena, kind, TOK.start, TOK.line, TOK.col);
    if (!n) poom(p);
    return n;
}

AstNode *pnode_at(Parser *p, AstKind kind, const AstNode *first) {
    AstNode *n = ast_node_new(p->arena, kind, first->start, first->line, first->column);
    if (!n) poom(p);
    return n;
}

AstNode *pnode_pos(Parser *p, AstKind kind, uint32_t start, uint32_t line, uint32_t col) {
    AstNode *n = ast_node_new(p->arena, kind, start, line, col);
    if (!n) poom(p);
    return n;
}

AstNode *pfinish(Parser *p, AstNode *n) {
    n->end = p->prev_end;
    return n;
}

void pstk_push(Parser *p, AstNode *n) {
    if (p->stk_len == p->stk_cap) {
        uint32_t nc = p->stk_cap ? p->stk_cap * 2 : 256;
        AstNode **ns = realloc(p->stk, nc * sizeof(AstNode *));
        if (!ns) poom(p);
        p->stk = ns;
        p->stk_cap = nc;
    }
    p->stk[p->stk_len++] = n;
}

AstList pstk_list(Parser *p, uint32_t base) {
    AstList l = {NULL, p->stk_len - base};
    if (l.count) {
        l.items = palloc(p, l.count * sizeof(AstNode *));
        memcpy(l.items, p->stk + base, l.count * sizeof(AstNode *));
    }
    p->stk_len = base;
    return l;
}

int pstr_eq(AstStr a, AstStr b) {
    return ast_str_eq(a, b);
}

void pvec_push(Parser *p, PNodeVec *v, AstNode *n) {
    if (v->count == v->cap) {
        uint32_t nc = v->cap ? v->cap * 2 : 4;
        AstNode **ni = ptmp(p, nc * sizeof(AstNode *));
        if (v->count) memcpy(ni, v->items, v->count * sizeof(AstNode *));
        v->items = ni;
        v->cap = nc;
    }
    v->items[v->count++] = n;
}

/* ------------------------------------------------------------------------------------
 * Name sets (names are interned: equal names have equal chars pointers)
 * ---------------------------------------------------------------------------------- */

static inline uint32_t pname_hash(AstStr s) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < s.len; i++) h = (h ^ s.chars[i]) * 16777619u;
    return h;
}

static inline int pname_same(AstStr a, AstStr b) {
    return a.chars == b.chars && a.len == b.len;
}

/* Rebuilds the hash index with room for the current entries. */
static void pset_reindex(Parser *p, PNameSet *s) {
    uint32_t cap = 16;
    while (cap < s->count * 3) cap *= 2;
    s->index = ptmp(p, cap * sizeof(uint32_t));
    s->index_cap = cap;
    for (uint32_t i = 0; i < s->count; i++) {
        uint32_t j = pname_hash(s->items[i].name) & (cap - 1);
        while (s->index[j]) j = (j + 1) & (cap - 1);
        s->index[j] = i + 1;
    }
}

int pset_find(const PNameSet *s, AstStr name) {
    if (s->index_cap) {
        uint32_t mask = s->index_cap - 1;
        uint32_t j = pname_hash(name) & mask;
        while (s->index[j]) {
            uint32_t i = s->index[j] - 1;
            if (pname_same(s->items[i].name, name)) return (int)i;
            j = (j + 1) & mask;
        }
        return -1;
    }
    for (uint32_t i = 0; i < s->count; i++)
        if (pname_same(s->items[i].name, name)) return (int)i;
    return -1;
}

PName *pset_add(Parser *p, PNameSet *s, AstStr name, uint8_t kind, AstNode *node) {
    if (s->count == s->cap) {
        uint32_t nc = s->cap ? s->cap * 2 : 4;
        PName *ni = ptmp(p, nc * sizeof(PName));
        if (s->count) memcpy(ni, s->items, s->count * sizeof(PName));
        s->items = ni;
        s->cap = nc;
    }
    PName *e = &s->items[s->count++];
    memset(e, 0, sizeof *e);
    e->name = name;
    e->kind = kind;
    e->node = node;
    if (s->count > 8) {
        if (!s->index_cap || s->count * 2 > s->index_cap) {
            pset_reindex(p, s);
        } else {
            uint32_t mask = s->index_cap - 1;
            uint32_t j = pname_hash(name) & mask;
            while (s->index[j]) j = (j + 1) & mask;
            s->index[j] = s->count;
        }
    }
    return e;
}

/* Copies a name set into an arena array of AstBinding. */
static AstBinding *pset_export(Parser *p, const PNameSet *s) {
    if (!s->count) return NULL;
    AstBinding *b = palloc(p, s->count * sizeof(AstBinding));
    for (uint32_t i = 0; i < s->count; i++) {
        b[i].name = s->items[i].name;
        b[i].kind = s->items[i].kind;
        b[i].annexb = s->items[i].annexb;
        b[i].node = s->items[i].node;
    }
    return b;
}

/* Prints a name into buf as ASCII-ish text for messages. */
static const char *pname_text(AstStr s, char *buf, size_t cap) {
    size_t k = 0;
    for (uint32_t i = 0; i < s.len && k + 1 < cap; i++)
        buf[k++] = s.chars[i] < 128 && s.chars[i] >= 32 ? (char)s.chars[i] : '?';
    buf[k] = 0;
    return buf;
}

static void predeclared(Parser *p, AstNode *id) {
    char buf[80];
    perr(p, id->start, "identifier '%s' has already been declared",
         pname_text(id->u.ident.name, buf, sizeof buf));
}

/* ------------------------------------------------------------------------------------
 * Scopes
 * ---------------------------------------------------------------------------------- */

PScope *pscope_push(Parser *p, AstScopeKind kind) {
    PScope *s = ptmp(p, sizeof(PScope));
    memset(s, 0, sizeof *s);
    s->parent = p->scope;
    s->kind = (uint8_t)kind;
    s->is_var_scope = kind == AST_SCOPE_SCRIPT || kind == AST_SCOPE_MODULE ||
                      kind == AST_SCOPE_EVAL || kind == AST_SCOPE_FUNCTION ||
                      kind == AST_SCOPE_STATIC_BLOCK;
    s->fn = p->fn;
    s->out = palloc(p, sizeof(AstScope));
    s->out->kind = (uint8_t)kind;
    p->scope = s;
    return s;
}

/* 1 if declaring `var name` in the block `from` would clash with a lexical declaration
 * between `from` and its var scope (inclusive), ignoring simple catch parameters. */
static int pvar_would_clash(PScope *from, AstStr name) {
    for (PScope *s = from; s; s = s->parent) {
        if (pset_find(&s->lex, name) >= 0 && !(s->kind == AST_SCOPE_CATCH && s->catch_simple))
            return 1;
        if (s->is_var_scope) return 0;
    }
    return 0;
}

/* Annex B.3.3: decides which block-level functions of the var scope s (closing) also get
 * a var binding. */
static void pannexb_resolve(Parser *p, PScope *s) {
    FuncCtx *fc = s->fn;
    if (!fc || s != fc->top || !fc->annexb_count) return;
    int function_code = s->kind == AST_SCOPE_FUNCTION;
    for (uint32_t i = 0; i < fc->annexb_count; i++) {
        AstNode *f = fc->annexb[i].fn;
        AstStr name = f->u.function.id->u.ident.name;
        if (pvar_would_clash(fc->annexb[i].scope->parent, name)) continue;
        if (function_code && pset_find(&fc->params, name) >= 0) continue;
        f->u.function.annexb = 1;
        if (function_code && pname_same(name, p->s_arguments)) continue;
        if (pset_find(&s->vars, name) < 0) {
            PName *e = pset_add(p, &s->vars, name, AST_BIND_VAR, f);
            e->annexb = 1;
        }
    }
}

AstScope *pscope_pop(Parser *p) {
    PScope *s = p->scope;
    AstScope *o = s->out;
    if (s->is_var_scope && !(s->fn && s->fn->strict)) pannexb_resolve(p, s);
    o->lexical = pset_export(p, &s->lex);
    o->lexical_count = s->lex.count;
    o->vars = pset_export(p, &s->vars);
    o->var_count = s->vars.count;
    if (s->funcs.count) {
        /* functionsToInitialize: last declaration of each name wins, in source order */
        PNameSet seen = {0};
        uint32_t n = s->funcs.count, k = 0;
        AstNode **tmp = ptmp(p, n * sizeof(AstNode *));
        for (uint32_t i = n; i-- > 0;) {
            AstNode *f = s->funcs.items[i];
            AstStr name = f->u.function.id ? f->u.function.id->u.ident.name : p->s_star_default;
            if (pset_find(&seen, name) >= 0) continue;
            pset_add(p, &seen, name, 0, f);
            tmp[k++] = f;
        }
        o->functions = palloc(p, k * sizeof(AstNode *));
        for (uint32_t i = 0; i < k; i++) o->functions[i] = tmp[k - 1 - i];
        o->function_count = k;
    }
    p->scope = s->parent;
    return o;
}

/* ------------------------------------------------------------------------------------
 * Declarations
 * ---------------------------------------------------------------------------------- */

void pdeclare_var(Parser *p, AstNode *id) {
    AstStr name = id->u.ident.name;
    for (PScope *s = p->scope; s; s = s->parent) {
        if (pset_find(&s->lex, name) >= 0 && !(s->kind == AST_SCOPE_CATCH && s->catch_simple))
            predeclared(p, id);
        if (s->is_var_scope) {
            if (pset_find(&s->vars, name) < 0) pset_add(p, &s->vars, name, AST_BIND_VAR, id);
            return;
        }
        if (pset_find(&s->var_seen, name) < 0) pset_add(p, &s->var_seen, name, AST_BIND_VAR, id);
    }
}

/* Checks that a new lexical name does not clash in scope s. */
static void plexical_check(Parser *p, PScope *s, AstNode *id) {
    AstStr name = id->u.ident.name;
    if (s->is_var_scope ? pset_find(&s->vars, name) >= 0 : pset_find(&s->var_seen, name) >= 0)
        predeclared(p, id);
    if (s->is_func_top && s->fn && pset_find(&s->fn->params, name) >= 0) predeclared(p, id);
    if (s->catch_body && s->parent && pset_find(&s->parent->lex, name) >= 0) predeclared(p, id);
}

void pdeclare_lexical(Parser *p, AstNode *id, AstBindKind kind) {
    PScope *s = p->scope;
    AstStr name = id->u.ident.name;
    if (pset_find(&s->lex, name) >= 0) predeclared(p, id);
    plexical_check(p, s, id);
    pset_add(p, &s->lex, name, (uint8_t)kind, id);
}

void pdeclare_function(Parser *p, AstNode *fn, int labelled) {
    PScope *s = p->scope;
    AstNode *id = fn->u.function.id;
    int plain = !fn->u.function.is_async && !fn->u.function.is_generator;
    if (!id) {
        /* export default function () {}: binds *default* */
        pvec_push(p, &s->funcs, fn);
        return;
    }
    AstStr name = id->u.ident.name;
    if (s->is_var_scope && s->kind != AST_SCOPE_MODULE) {
        /* top level of a script / function / eval: var-scoped */
        if (pset_find(&s->lex, name) >= 0) predeclared(p, id);
        int i = pset_find(&s->vars, name);
        if (i < 0) pset_add(p, &s->vars, name, AST_BIND_FUNCTION, fn);
        else s->vars.items[i].kind = AST_BIND_FUNCTION;
        pvec_push(p, &s->funcs, fn);
        return;
    }
    int i = pset_find(&s->lex, name);
    if (i >= 0) {
        PName *e = &s->lex.items[i];
        if (!p->strict && e->plain_func && plain && s->kind != AST_SCOPE_MODULE) {
            e->node = fn;
        } else {
            predeclared(p, id);
        }
    } else {
        plexical_check(p, s, id);
        PName *e = pset_add(p, &s->lex, name, AST_BIND_FUNCTION, fn);
        e->plain_func = (uint8_t)plain;
    }
    pvec_push(p, &s->funcs, fn);
    if (!p->strict && plain && !labelled && s->kind != AST_SCOPE_MODULE) {
        FuncCtx *fc = p->fn;
        if (fc->annexb_count == fc->annexb_cap) {
            uint32_t nc = fc->annexb_cap ? fc->annexb_cap * 2 : 4;
            PAnnexB *na = ptmp(p, nc * sizeof(PAnnexB));
            if (fc->annexb_count) memcpy(na, fc->annexb, fc->annexb_count * sizeof(PAnnexB));
            fc->annexb = na;
            fc->annexb_cap = nc;
        }
        fc->annexb[fc->annexb_count].fn = fn;
        fc->annexb[fc->annexb_count].scope = s;
        fc->annexb_count++;
    }
}

/* Declares a formal parameter name of the current function. */
static void pdeclare_param(Parser *p, AstNode *id) {
    FuncCtx *fc = p->fn;
    AstStr name = id->u.ident.name;
    if (pset_find(&fc->params, name) >= 0) {
        if (!fc->dup_params) fc->dup_param_pos = id->start;
        fc->dup_params = 1;
    }
    pset_add(p, &fc->params, name, AST_BIND_VAR, id);
}

void pdeclare_pattern(Parser *p, AstNode *pat, int kind) {
    if (!pat) return;
    switch (pat->kind) {
    case AST_Identifier:
        pat->u.ident.is_binding = 1;
        pat->u.ident.is_reference = 0;
        if (kind < 0) {
            pdeclare_param(p, pat);
        } else if (kind == AST_BIND_VAR) {
            pdeclare_var(p, pat);
        } else {
            if ((kind == AST_BIND_LET || kind == AST_BIND_CONST || kind == AST_BIND_CLASS) &&
                pname_same(pat->u.ident.name, p->s_let))
                perr(p, pat->start, "let is disallowed as a lexically bound name");
            pdeclare_lexical(p, pat, (AstBindKind)kind);
        }
        break;
    case AST_ObjectPattern:
        for (uint32_t i = 0; i < pat->u.object.properties.count; i++) {
            AstNode *pr = pat->u.object.properties.items[i];
            if (pr->kind == AST_Property) pdeclare_pattern(p, pr->u.property.value, kind);
            else pdeclare_pattern(p, pr, kind);
        }
        break;
    case AST_ArrayPattern:
        for (uint32_t i = 0; i < pat->u.array.elements.count; i++)
            pdeclare_pattern(p, pat->u.array.elements.items[i], kind);
        break;
    case AST_AssignmentPattern:
        pdeclare_pattern(p, pat->u.assignment_pattern.left, kind);
        break;
    case AST_RestElement:
        pdeclare_pattern(p, pat->u.argument_expression.argument, kind);
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------------------------
 * Function contexts
 * ---------------------------------------------------------------------------------- */

AstFuncInfo *pnew_info(Parser *p, AstFuncKind kind) {
    AstFuncInfo *f = palloc(p, sizeof(AstFuncInfo));
    f->kind = (uint8_t)kind;
    f->parent = p->fn ? p->fn->info : NULL;
    if (p->info_count == p->info_cap) {
        uint32_t nc = p->info_cap ? p->info_cap * 2 : 64;
        AstFuncInfo **ni = realloc(p->infos, nc * sizeof(AstFuncInfo *));
        if (!ni) poom(p);
        p->infos = ni;
        p->info_cap = nc;
    }
    p->infos[p->info_count++] = f;
    return f;
}

void pfn_flag(Parser *p, uint32_t bit) {
    p->fn->flags |= bit;
    bit &= FF_PROPAGATE; /* yield/await/with belong to the function itself */
    if (!bit) return;
    for (FuncCtx *c = p->fn; c->is_arrow && c->parent; c = c->parent) c->parent->flags |= bit;
}

FuncCtx *pfunc_push(Parser *p, AstFuncKind kind, int is_async, int is_generator) {
    FuncCtx *fc = ptmp(p, sizeof(FuncCtx));
    memset(fc, 0, sizeof *fc);
    FuncCtx *up = p->fn;
    fc->info = pnew_info(p, kind);
    fc->parent = up;
    fc->kind = (uint8_t)kind;
    fc->is_async = (uint8_t)is_async;
    fc->is_generator = (uint8_t)is_generator;
    fc->is_arrow = kind == AST_FUNC_ARROW;
    fc->strict = p->strict;
    fc->saved_strict = p->strict;
    fc->simple_params = 1;
    fc->allow_return = 1;
    fc->saved_yield_pos = p->yield_pos;
    fc->saved_await_pos = p->await_pos;
    fc->saved_await_ident_pos = p->await_ident_pos;
    p->yield_pos = p->await_pos = p->await_ident_pos = 0;
    switch (kind) {
    case AST_FUNC_ARROW:
        if (up) {
            fc->allow_super_prop = up->allow_super_prop;
            fc->allow_super_call = up->allow_super_call;
            fc->allow_new_target = up->allow_new_target;
            fc->no_arguments = up->no_arguments;
        }
        fc->is_method = 1;
        break;
    case AST_FUNC_METHOD:
    case AST_FUNC_GETTER:
    case AST_FUNC_SETTER:
    case AST_FUNC_CLASS_CONSTRUCTOR:
        fc->allow_super_prop = 1;
        fc->allow_new_target = 1;
        fc->is_method = 1;
        break;
    case AST_FUNC_DERIVED_CONSTRUCTOR:
        fc->allow_super_prop = 1;
        fc->allow_super_call = 1;
        fc->allow_new_target = 1;
        fc->is_method = 1;
        break;
    case AST_FUNC_FIELD_INIT:
        fc->allow_super_prop = 1;
        fc->allow_new_target = 1;
        fc->no_arguments = 1;
        fc->allow_return = 0;
        break;
    case AST_FUNC_STATIC_BLOCK:
        fc->allow_super_prop = 1;
        fc->allow_new_target = 1;
        fc->no_arguments = 1;
        fc->allow_return = 0;
        fc->static_block = 1;
        break;
    default:
        fc->allow_new_target = 1;
        break;
    }
    p->fn = fc;
    AstScopeKind sk = kind == AST_FUNC_STATIC_BLOCK ? AST_SCOPE_STATIC_BLOCK : AST_SCOPE_FUNCTION;
    fc->top = pscope_push(p, sk);
    fc->top->is_func_top = 1;
    return fc;
}

void pfunc_pop(Parser *p, FuncCtx *fc, uint32_t src_start) {
    AstFuncInfo *f = fc->info;
    /* close any scopes left open by the body parser, then the top scope */
    while (p->scope != fc->top) pscope_pop(p);
    f->scope = pscope_pop(p);
    f->is_async = fc->is_async;
    f->is_generator = fc->is_generator;
    f->is_arrow = fc->is_arrow;
    f->is_strict = fc->strict;
    f->has_simple_params = fc->simple_params;
    f->has_param_expressions = fc->has_param_expr;
    uint32_t fl = fc->flags;
    f->uses_arguments = (fl & FF_ARGUMENTS) != 0;
    f->uses_this = (fl & FF_THIS) != 0;
    f->has_direct_eval = (fl & FF_EVAL) != 0;
    f->inner_has_direct_eval = (fl & FF_INNER_EVAL) != 0;
    f->uses_super_property = (fl & FF_SUPER_PROP) != 0;
    f->uses_super_call = (fl & FF_SUPER_CALL) != 0;
    f->uses_new_target = (fl & FF_NEW_TARGET) != 0;
    f->contains_yield = (fl & FF_YIELD) != 0;
    f->contains_await = (fl & FF_AWAIT) != 0;
    f->has_with = (fl & FF_WITH) != 0;
    f->length = fc->length;
    f->src_start = src_start;
    f->src_end = p->prev_end;
    f->params = pset_export(p, &fc->params);
    f->param_count = fc->params.count;
    for (uint32_t i = 0; i < fc->params.count; i++)
        if (pname_same(fc->params.items[i].name, p->s_arguments)) f->params_have_arguments = 1;
    for (uint32_t i = 0; i < f->scope->lexical_count; i++)
        if (pname_same(f->scope->lexical[i].name, p->s_arguments)) f->body_declares_arguments = 1;
    for (uint32_t i = 0; i < f->scope->function_count; i++) {
        AstNode *id = f->scope->functions[i]->u.function.id;
        if (id && pname_same(id->u.ident.name, p->s_arguments)) f->body_declares_arguments = 1;
    }
    p->fn = fc->parent;
    p->strict = fc->saved_strict;
    p->yield_pos = fc->saved_yield_pos;
    p->await_pos = fc->saved_await_pos;
    p->await_ident_pos = fc->saved_await_ident_pos;
    if (p->fn && (fl & (FF_EVAL | FF_INNER_EVAL))) pfn_flag(p, FF_INNER_EVAL);
}

/* ------------------------------------------------------------------------------------
 * Identifier checks
 * ---------------------------------------------------------------------------------- */

/* Word id of an interned name (KW_NONE for ordinary names). */
static LexKeyword pname_kw(Parser *p, AstStr name) {
    (void)p;
    /* names are interned; the lexer's table knows keywords, so re-lex is not needed:
       compare against the keyword spellings */
    if (name.len < 2 || name.len > 10) return KW_NONE;
    for (int k = KW_FIRST_RESERVED; k < KW_COUNT; k++) {
        const char *t = lex_keyword_text((LexKeyword)k);
        if (t[0] && ast_str_eq_ascii(name, t)) return (LexKeyword)k;
    }
    return KW_NONE;
}

/* Checks a name used as a binding identifier under the current strictness (used for
 * retroactive checks after a "use strict" directive). */
void pcheck_binding_name(Parser *p, AstNode *id) {
    LexKeyword kw = pname_kw(p, id->u.ident.name);
    char buf[64];
    if (kw >= KW_FIRST_STRICT_RESERVED && kw <= KW_LAST_STRICT_RESERVED && p->strict)
        perr(p, id->start, "unexpected strict mode reserved word '%s'",
             pname_text(id->u.ident.name, buf, sizeof buf));
    if (p->strict && (kw == KW_EVAL || kw == KW_ARGUMENTS))
        perr(p, id->start, "unexpected '%s' in strict mode",
             pname_text(id->u.ident.name, buf, sizeof buf));
}

void pcheck_ident(Parser *p, const Token *t, int binding) {
    LexKeyword kw = (LexKeyword)t->kw;
    if (kw == KW_NONE) return;
    char buf[64];
    if (kw >= KW_FIRST_RESERVED && kw <= KW_LAST_RESERVED) {
        if (t->escaped)
            perr(p, t->start, "keyword '%s' must not contain escaped characters",
                 lex_keyword_text(kw));
        perr(p, t->start, "unexpected reserved word '%s'", lex_keyword_text(kw));
    }
    if (kw >= KW_FIRST_STRICT_RESERVED && kw <= KW_LAST_STRICT_RESERVED && p->strict)
        perr(p, t->start, "unexpected strict mode reserved word '%s'", lex_keyword_text(kw));
    if (kw == KW_YIELD) {
        if (p->fn->is_generator || p->strict)
            perr(p, t->start, "unexpected 'yield' as an identifier here");
        return;
    }
    if (kw == KW_AWAIT) {
        if (p->is_module || p->fn->is_async || p->fn->static_block)
            perr(p, t->start, "unexpected 'await' as an identifier here");
        if (!p->await_ident_pos) p->await_ident_pos = t->start + 1;
        return;
    }
    if (binding && p->strict && (kw == KW_EVAL || kw == KW_ARGUMENTS))
        perr(p, t->start, "unexpected '%s' in strict mode", pname_text(t->str, buf, sizeof buf));
}

/* ------------------------------------------------------------------------------------
 * Private names
 * ---------------------------------------------------------------------------------- */

void pprivate_ref(Parser *p, AstStr name, uint32_t pos) {
    PClass *c = p->cls;
    if (!c) {
        for (uint32_t i = 0; i < p->opt->private_name_count; i++)
            if (pstr_eq(p->opt->private_names[i], name)) return;
        char buf[64];
        perr(p, pos, "private field '#%s' must be declared in an enclosing class",
             pname_text(name, buf, sizeof buf));
    }
    if (c->ref_count == c->ref_cap) {
        uint32_t nc = c->ref_cap ? c->ref_cap * 2 : 8;
        AstStr *nr = ptmp(p, nc * sizeof(AstStr));
        uint32_t *np = ptmp(p, nc * sizeof(uint32_t));
        if (c->ref_count) {
            memcpy(nr, c->refs, c->ref_count * sizeof(AstStr));
            memcpy(np, c->ref_pos, c->ref_count * sizeof(uint32_t));
        }
        c->refs = nr;
        c->ref_pos = np;
        c->ref_cap = nc;
    }
    c->refs[c->ref_count] = name;
    c->ref_pos[c->ref_count] = pos;
    c->ref_count++;
}

/* ------------------------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------------------- */

/* Sets up a parser over an owned copy of src (with room for `extra` more bytes). */
static int pinit(Parser *p, const ParseOptions *opt, ParseError *err) {
    static const ParseOptions defaults;
    p->opt = opt ? opt : &defaults;
    p->err = err;
    p->filename = p->opt->filename ? p->opt->filename : "<input>";
    p->max_depth = p->opt->max_depth ? p->opt->max_depth : PARSE_DEFAULT_MAX_DEPTH;
    if (err) memset(err, 0, sizeof *err);
    p->ast = calloc(1, sizeof(Ast));
    if (!p->ast) return -1;
    p->ast->arena = ast_arena_new();
    p->tmp = ast_arena_new();
    if (!p->ast->arena || !p->tmp) return -1;
    p->arena = p->ast->arena;
    return 0;
}

/* Frees everything but the Ast (and the Ast too when fail). */
static void pcleanup(Parser *p, int fail) {
    lex_free(&p->lx);
    free(p->stk);
    free(p->infos);
    ast_arena_free(p->tmp);
    if (fail) {
        ast_free(p->ast);
        p->ast = NULL;
    }
}

/* Reports an out-of-memory or oversize failure before parsing started. */
static void pearly_fail(ParseError *err, const char *filename, const char *msg, int oom) {
    if (!err) return;
    memset(err, 0, sizeof *err);
    snprintf(err->detail, sizeof err->detail, "%s", msg);
    snprintf(err->message, sizeof err->message, "%s: %s", filename ? filename : "<input>", msg);
    err->out_of_memory = oom;
}

/* Interns the names the parser compares often (static UTF-16 storage, no copies). */
static void pintern_common(Parser *p) {
    Lexer *lx = &p->lx;
#define PINTERN_(field, text) \
    p->field = lex_intern_static(lx, (const uint16_t *)u"" text, (uint32_t)(sizeof(text) - 1))
    PINTERN_(s_eval, "eval");
    PINTERN_(s_arguments, "arguments");
    PINTERN_(s_async, "async");
    PINTERN_(s_let, "let");
    PINTERN_(s_constructor, "constructor");
    PINTERN_(s_prototype, "prototype");
    PINTERN_(s_proto, "__proto__");
    PINTERN_(s_default, "default");
    PINTERN_(s_star_default, "*default*");
    PINTERN_(s_use_strict, "use strict");
    PINTERN_(s_await, "await");
    PINTERN_(s_yield, "yield");
    PINTERN_(s_static, "static");
    PINTERN_(s_of, "of");
    PINTERN_(s_target, "target");
    PINTERN_(s_meta, "meta");
    PINTERN_(s_anonymous, "anonymous");
#undef PINTERN_
}

/* Copies src into the arena as the Ast's source (NUL-terminated). */
static char *pcopy_source(Parser *p, const char *src, size_t len) {
    char *copy = ast_arena_alloc(p->arena, len + 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, src, len);
    copy[len] = 0;
    p->ast->source = copy;
    p->ast->source_len = len;
    return copy;
}

/* Checks the module-level rules that need the whole module (15.2.1.1). */
static void pcheck_module_exports(Parser *p, PScope *top) {
    for (uint32_t i = 0; i < p->export_refs.count; i++) {
        AstNode *id = p->export_refs.items[i];
        AstStr name = id->u.ident.name;
        if (pset_find(&top->lex, name) < 0 && pset_find(&top->vars, name) < 0) {
            char buf[64];
            perr(p, id->start, "export '%s' is not defined in module",
                 pname_text(name, buf, sizeof buf));
        }
    }
}

/* Parses the statements of a Script / eval body / Module after the first token. */
static void pparse_program_body(Parser *p, AstNode *root) {
    if (p->is_module) {
        parse_module_item_list(p, root);
    } else {
        parse_block_body(p, root, 0);
    }
}

/* Runs a parse step under the error trap; frees the parser; returns the Ast or NULL. */
static Ast *prun(Parser *p, void (*step)(Parser *, const void *), const void *arg) {
    if (setjmp(p->jb)) {
        pcleanup(p, 1);
        free(p);
        return NULL;
    }
    step(p, arg);
    Ast *ast = p->ast;
    pcleanup(p, 0);
    free(p);
    return ast;
}

/* Parses a program after setup (errors longjmp out of here). */
static void pparse_program_inner(Parser *p, const void *arg) {
    size_t len = *(const size_t *)arg;
    const ParseOptions *o = p->opt;
    p->is_module = o->is_module != 0;
    p->lx.is_module = p->is_module;
    p->lx.wtf8 = o->wtf8 != 0;
    p->lx.allow_hashbang = 1;
    pintern_common(p);
    p->strict = (o->strict || o->is_module) ? 1 : 0;

    AstFuncKind fk = o->is_module ? AST_FUNC_MODULE : o->is_eval ? AST_FUNC_EVAL : AST_FUNC_SCRIPT;
    /* program context */
    FuncCtx *fc = ptmp(p, sizeof(FuncCtx));
    memset(fc, 0, sizeof *fc);
    fc->info = pnew_info(p, fk);
    fc->kind = (uint8_t)fk;
    fc->is_async = (uint8_t)p->is_module;
    fc->strict = p->strict;
    fc->saved_strict = p->strict;
    fc->simple_params = 1;
    fc->allow_new_target = (uint8_t)(o->allow_new_target || o->eval_in_function);
    fc->allow_super_prop = (uint8_t)(o->allow_super_property != 0);
    fc->allow_super_call = (uint8_t)(o->allow_super_call != 0);
    fc->no_arguments = (uint8_t)(o->in_class_field_init != 0);
    p->fn = fc;
    AstScopeKind sk = o->is_module ? AST_SCOPE_MODULE : o->is_eval ? AST_SCOPE_EVAL : AST_SCOPE_SCRIPT;
    fc->top = pscope_push(p, sk);
    fc->top->is_func_top = 1;

    pnext(p);
    AstNode *root = pnode(p, AST_Program);
    root->start = 0;
    root->line = 1;
    root->column = 1;
    root->u.program.source_type = o->is_module ? AST_SOURCE_MODULE : AST_SOURCE_SCRIPT;
    pparse_program_body(p, root);
    if (TOK.type != TOK_EOF) punexpected(p);
    if (p->is_module) pcheck_module_exports(p, fc->top);
    pfunc_pop(p, fc, 0);
    root->end = (uint32_t)len;
    fc->info->src_end = (uint32_t)len;
    fc->info->is_async = fc->is_async && (fc->flags & FF_AWAIT) ? 1 : 0;
    root->u.program.func = fc->info;
    root->u.program.scope = fc->info->scope;
    p->ast->root = root;
}

Ast *parse_program(const char *src, size_t len, const ParseOptions *opt, ParseError *err) {
    const char *fname = opt && opt->filename ? opt->filename : "<input>";
    if (len >= 0xFFFFFF00u) {
        pearly_fail(err, fname, "source text too large", 0);
        return NULL;
    }
    Parser *p = calloc(1, sizeof(Parser));
    if (!p) {
        pearly_fail(err, fname, "out of memory", 1);
        return NULL;
    }
    if (pinit(p, opt, err) < 0 || !pcopy_source(p, src, len)) {
        if (p->ast) ast_free(p->ast);
        ast_arena_free(p->tmp);
        free(p);
        pearly_fail(err, fname, "out of memory", 1);
        return NULL;
    }
    if (lex_init(&p->lx, p->ast->source, 0, (uint32_t)len, 1, 0, p->arena, plex_fail, p) < 0) {
        pcleanup(p, 1);
        free(p);
        pearly_fail(err, fname, "out of memory", 1);
        return NULL;
    }
    size_t lenv = len;
    return prun(p, pparse_program_inner, &lenv);
}

/* Positions of the synthesized dynamic-function source text. */
typedef struct PDynamic {
    ParseFunctionKind kind;  /* function kind */
    uint32_t params_start;   /* parameters text range */
    uint32_t params_end;
    uint32_t body_start;     /* body text range */
    uint32_t body_end;
    uint32_t total;          /* whole source length */
} PDynamic;

/* Parses the parameters and the body of a dynamic function (errors longjmp out). */
static void pparse_dynamic_inner(Parser *p, const void *arg) {
    const PDynamic *dd = arg;
    ParseFunctionKind kind = dd->kind;
    uint32_t params_start = dd->params_start, params_end = dd->params_end;
    uint32_t body_start = dd->body_start, body_end = dd->body_end;
    size_t k = dd->total;
    char *text = (char *)p->ast->source;
    const ParseOptions *o = p->opt;
    int is_async = kind == PARSE_FUNC_ASYNC || kind == PARSE_FUNC_ASYNC_GENERATOR;
    int is_gen = kind == PARSE_FUNC_GENERATOR || kind == PARSE_FUNC_ASYNC_GENERATOR;

    /* the program around the function: a sloppy global script */
    FuncCtx *pc = ptmp(p, sizeof(FuncCtx));
    memset(pc, 0, sizeof *pc);
    pc->info = pnew_info(p, AST_FUNC_SCRIPT);
    pc->kind = AST_FUNC_SCRIPT;
    pc->simple_params = 1;
    p->fn = pc;
    pc->top = pscope_push(p, AST_SCOPE_SCRIPT);
    pc->top->is_func_top = 1;

    uint32_t line, col;
    /* parameters alone: lex only params_start..params_end */
    char saved_byte = text[params_end];
    text[params_end] = 0;
    if (lex_init(&p->lx, text, params_start, params_end, 1, 0, p->arena, plex_fail, p) < 0)
        poom(p);
    p->lx.wtf8 = o->wtf8 != 0;
    p->lx.at_start = 0; /* the parameters follow "anonymous(" on the same line */
    pintern_common(p);
    parse_offset_to_line_col(text, k, params_start, &line, &col);
    p->lx.st.line = line;
    p->lx.st.line_start = params_start - (col - 1);

    AstNode *root = pnode_pos(p, AST_Program, 0, 1, 1);
    AstNode *fnode = pnode_pos(p, AST_FunctionExpression, 0, 1, 1);
    fnode->u.function.is_async = (uint8_t)is_async;
    fnode->u.function.is_generator = (uint8_t)is_gen;
    FuncCtx *fc = pfunc_push(p, AST_FUNC_NORMAL, is_async, is_gen);
    fnode->u.function.info = fc->info;
    fc->in_params = 1;
    pnext(p);
    {
        /* FormalParameters[~Yield/+Yield, ~Await/+Await] up to the end of the text */
        uint32_t base = p->stk_len;
        while (TOK.type != TOK_EOF) {
            if (TOK.type == TOK_ELLIPSIS) {
                AstNode *r = pnode(p, AST_RestElement);
                pnext(p);
                r->u.argument_expression.argument = parse_binding_target(p, -1);
                pfinish(p, r);
                fc->simple_params = 0;
                fc->length_done = 1;
                pstk_push(p, r);
                if (TOK.type != TOK_EOF) perr(p, TOK.start, "rest parameter must be last formal parameter");
                break;
            }
            AstNode *el = parse_binding_element(p, -1);
            if (el->kind != AST_Identifier) fc->simple_params = 0;
            if (el->kind == AST_AssignmentPattern) fc->length_done = 1;
            if (!fc->length_done) fc->length++;
            pstk_push(p, el);
            if (TOK.type == TOK_EOF) break;
            pexpect(p, TOK_COMMA);
        }
        fnode->u.function.params = pstk_list(p, base);
    }
    fc->in_params = 0;
    text[params_end] = saved_byte;

    /* body alone */
    saved_byte = text[body_end];
    text[body_end] = 0;
    parse_offset_to_line_col(text, k, body_start, &line, &col);
    p->lx.begin = body_start;
    p->lx.limit = body_end;
    p->lx.allow_hashbang = 0;
    p->lx.at_start = 1; /* the body text follows a line feed */
    p->lx.st.pos = body_start;
    p->lx.st.line = line;
    p->lx.st.line_start = body_start - (col - 1);
    p->lx.st.line_adj = 0;
    pnext(p);
    AstNode *blk = pnode_pos(p, AST_BlockStatement, body_start - 2, line - 1, 3);
    parse_block_body(p, blk, 1);
    if (TOK.type != TOK_EOF) punexpected(p);
    text[body_end] = saved_byte;
    blk->end = (uint32_t)k;
    blk->u.block.scope = NULL; /* set by pfunc_pop below */
    p->prev_end = (uint32_t)k;
    fnode->u.function.body = blk;
    fnode->end = (uint32_t)k;
    pfunc_pop(p, fc, 0);
    blk->u.block.scope = fc->info->scope;
    fc->info->src_end = (uint32_t)k;

    AstNode *stmt = pnode_pos(p, AST_ExpressionStatement, 0, 1, 1);
    stmt->end = (uint32_t)k;
    stmt->u.expression_statement.expression = fnode;
    AstNode **items = palloc(p, sizeof(AstNode *));
    items[0] = stmt;
    root->u.program.body.items = items;
    root->u.program.body.count = 1;
    root->end = (uint32_t)k;
    root->u.program.source_type = AST_SOURCE_SCRIPT;
    pfunc_pop(p, pc, 0);
    pc->info->src_end = (uint32_t)k;
    root->u.program.func = pc->info;
    root->u.program.scope = pc->info->scope;
    p->ast->root = root;
}

Ast *parse_dynamic_function(ParseFunctionKind kind, const char *params, size_t params_len,
                            const char *body, size_t body_len, const ParseOptions *opt,
                            ParseError *err) {
    static const char *const prefixes[] = {"function", "function*", "async function",
                                           "async function*"};
    const char *fname = opt && opt->filename ? opt->filename : "<input>";
    if ((unsigned)kind > PARSE_FUNC_ASYNC_GENERATOR) kind = PARSE_FUNC_NORMAL;
    const char *prefix = prefixes[kind];
    size_t plen = strlen(prefix);
    /* "<prefix> anonymous(" P "\n) {\n" body "\n}" */
    size_t total = plen + 11 + params_len + 5 + body_len + 2;
    if (params_len >= 0x7FFFFF00u || body_len >= 0x7FFFFF00u || total >= 0xFFFFFF00u) {
        pearly_fail(err, fname, "source text too large", 0);
        return NULL;
    }
    Parser *p = calloc(1, sizeof(Parser));
    if (!p) {
        pearly_fail(err, fname, "out of memory", 1);
        return NULL;
    }
    char *text = NULL;
    if (pinit(p, opt, err) == 0) text = ast_arena_alloc(p->arena, total + 1);
    if (!text) {
        if (p->ast) ast_free(p->ast);
        ast_arena_free(p->tmp);
        free(p);
        pearly_fail(err, fname, "out of memory", 1);
        return NULL;
    }
    size_t k = 0;
    memcpy(text + k, prefix, plen);
    k += plen;
    memcpy(text + k, " anonymous(", 11);
    k += 11;
    uint32_t params_start = (uint32_t)k;
    if (params_len) memcpy(text + k, params, params_len);
    k += params_len;
    uint32_t params_end = (uint32_t)k;
    memcpy(text + k, "\n) {\n", 5);
    k += 5;
    uint32_t body_start = (uint32_t)k;
    if (body_len) memcpy(text + k, body, body_len);
    k += body_len;
    uint32_t body_end = (uint32_t)k;
    memcpy(text + k, "\n}", 2);
    k += 2;
    text[k] = 0;
    p->ast->source = text;
    p->ast->source_len = k;

    PDynamic d = {kind, params_start, params_end, body_start, body_end, (uint32_t)k};
    return prun(p, pparse_dynamic_inner, &d);
}

