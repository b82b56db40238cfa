/* scope.c — compile-time scope analysis (pass 1 of the compiler).
 *
 * Builds a CScope per scope-creating construct (functions, blocks, loops, switch, catch,
 * with, classes) holding its declared variables, resolves every identifier reference and
 * marks variables that are referenced from another function (captured: they must live in a
 * heap environment), decides which let/const/class references need a TDZ check, and notes
 * dynamic scopes (with objects, sloppy-eval var objects) that references must consult at
 * run time. Code generation (compiler*.c) walks the same tree and finds these scopes through
 * the pointer map (cmap_get).
 */
#include <stdlib.h>
#include <string.h>
#include "compiler_int.h"

/* ---------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------- */

/* 1 if the UTF-16 name equals the ASCII string a. */
int name_eq_ascii(const uint16_t *s, uint32_t len, const char *a) {
    uint32_t i = 0;
    for (; a[i]; i++)
        if (i >= len || s[i] != (uint8_t)a[i]) return 0;
    return i == len;
}

/* UTF-16 copy of an ASCII string in the arena. */
static const uint16_t *ascii16(Comp *c, const char *a, uint32_t *len) {
    uint32_t n = (uint32_t)strlen(a);
    uint16_t *s = carena_alloc(c, (n + 1) * sizeof(uint16_t));
    for (uint32_t i = 0; i < n; i++) s[i] = (uint8_t)a[i];
    *len = n;
    return s;
}

/* "#name" for a private identifier (arena). */
static const uint16_t *private_name16(Comp *c, AstStr name, uint32_t *len) {
    uint16_t *s = carena_alloc(c, (name.len + 1) * sizeof(uint16_t));
    s[0] = '#';
    if (name.len) memcpy(s + 1, name.chars, name.len * sizeof(uint16_t));
    *len = name.len + 1;
    return s;
}

/* ---------------------------------------------------------------------------------------
 * Scopes and variables
 * ------------------------------------------------------------------------------------- */

/* Registry of every scope (for finalization). */
typedef struct ScopeList {
    CScope **items;
    uint32_t n, cap;
} ScopeList;
static ScopeList *comp_scopes(Comp *c) {
    static const char key;   /* a unique map key for the list */
    ScopeList *l = cmap_get(c, &key);
    if (!l) {
        l = carena_alloc(c, sizeof(ScopeList));
        cmap_put(c, &key, l);
    }
    return l;
}

CScope *scope_new(Comp *c, CScope *parent, CFunc *f, uint8_t kind, const void *key) {
    CScope *s = carena_alloc(c, sizeof(CScope));
    s->parent = parent;
    s->func = f;
    s->key = key;
    s->kind = kind;
    s->desc_const = -1;
    s->comp = c;
    if (key) cmap_put(c, key, s);
    ScopeList *l = comp_scopes(c);
    if (l->n == l->cap) {
        uint32_t ncap = l->cap ? l->cap * 2 : 64;
        CScope **items = carena_alloc(c, ncap * sizeof(CScope *));
        if (l->n) memcpy(items, l->items, l->n * sizeof(CScope *));
        l->items = items;
        l->cap = ncap;
    }
    l->items[l->n++] = s;
    return s;
}

/* Hash of a UTF-16 name (FNV-1a over the code units). */
static uint32_t name_hash(const uint16_t *name, uint32_t len) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++) h = (h ^ name[i]) * 16777619u;
    return h;
}

/* Scopes with more variables than this get a name index (a program's top-level function
 * can declare thousands: TypeScript's has ~9,000, and a linear search made the compiler
 * quadratic). */
#define SCOPE_INDEX_MIN 16

/* Bring s's name index up to date with vars[0..nvars): new variables are added; the array
 * is only ever appended to or reordered, so indexed entries stay valid. */
static void scope_index_update(CScope *s) {
    if (s->indexed == s->nvars && s->index) return;
    if (!s->index || s->nvars * 2 > s->index_cap) {
        uint32_t cap = 64;
        while (cap < s->nvars * 4) cap *= 2;
        s->index = carena_alloc(s->comp, cap * sizeof(CVar *));
        memset(s->index, 0, cap * sizeof(CVar *));
        s->index_cap = cap;
        s->indexed = 0;
    }
    for (; s->indexed < s->nvars; s->indexed++) {
        CVar *v = s->vars[s->indexed];
        uint32_t i = name_hash(v->name, v->len) & (s->index_cap - 1);
        while (s->index[i] && !(s->index[i]->len == v->len &&
                                (v->len == 0 || memcmp(s->index[i]->name, v->name, v->len * sizeof(uint16_t)) == 0)))
            i = (i + 1) & (s->index_cap - 1);
        s->index[i] = v;   /* a later duplicate name wins, as in the linear search */
    }
}

CVar *scope_find_local(CScope *s, const uint16_t *name, uint32_t len) {
    if (s->nvars > SCOPE_INDEX_MIN && s->comp) {
        scope_index_update(s);
        uint32_t i = name_hash(name, len) & (s->index_cap - 1);
        for (CVar *v; (v = s->index[i]) != NULL; i = (i + 1) & (s->index_cap - 1))
            if (v->len == len && (len == 0 || memcmp(v->name, name, len * sizeof(uint16_t)) == 0)) return v;
        return NULL;
    }
    for (uint32_t i = s->nvars; i-- > 0;) {
        CVar *v = s->vars[i];
        if (v->len == len && (len == 0 || memcmp(v->name, name, len * sizeof(uint16_t)) == 0))
            return v;
    }
    return NULL;
}

CVar *scope_declare(Comp *c, CScope *s, const uint16_t *name, uint32_t len, uint8_t kind) {
    CVar *v = scope_find_local(s, name, len);
    if (v) return v;
    v = carena_alloc(c, sizeof(CVar));
    v->name = name;
    v->len = len;
    v->kind = kind;
    v->arg = -1;
    v->loc = -1;
    v->idx = -1;
    v->init_end = UINT32_MAX;
    v->is_lexical_decl = (kind == SV_LET || kind == SV_CONST || kind == SV_CLASS);
    if (s->func && s->func->force_env) v->captured = 1;
    if (s->kind == SCOPE_MODULE) v->captured = 1;
    if (s->nvars == s->cap) {
        uint32_t ncap = s->cap ? s->cap * 2 : 8;
        CVar **vars = carena_alloc(c, ncap * sizeof(CVar *));
        if (s->nvars) memcpy(vars, s->vars, s->nvars * sizeof(CVar *));
        s->vars = vars;
        s->cap = ncap;
    }
    s->vars[s->nvars++] = v;
    return v;
}

CVar *scope_declare_ascii(Comp *c, CScope *s, const char *name, uint8_t kind) {
    uint32_t len;
    const uint16_t *n = ascii16(c, name, &len);
    return scope_declare(c, s, n, len, kind);
}

/* AstBindKind -> SV_* */
static uint8_t bind_kind_sv(uint8_t k) {
    switch (k) {
    case AST_BIND_LET: return SV_LET;
    case AST_BIND_CONST: return SV_CONST;
    case AST_BIND_CLASS: return SV_CLASS;
    case AST_BIND_CATCH: return SV_CATCH;
    case AST_BIND_IMPORT: return SV_IMPORT;
    case AST_BIND_CLASS_NAME: return SV_CLASS_NAME;
    default: return SV_VAR;
    }
}

/* Declare the lexical names of an AstScope in s. */
static void declare_lexicals(Comp *c, CScope *s, const AstScope *as) {
    if (!as) return;
    for (uint32_t i = 0; i < as->lexical_count; i++) {
        const AstBinding *b = &as->lexical[i];
        CVar *v = scope_declare(c, s, b->name.chars, b->name.len, bind_kind_sv(b->kind));
        v->is_lexical_decl = 1;
    }
}

CFunc *cfunc_new(Comp *c, CFunc *parent, AstFuncInfo *info, AstNode *node, uint8_t kind) {
    CFunc *f = carena_alloc(c, sizeof(CFunc));
    f->parent = parent;
    f->info = info;
    f->node = node;
    f->kind = kind;
    f->completion_loc = -1;
    f->ret_loc = -1;
    f->ret_label = -1;
    f->using_loc = -1;
    f->nlocals = LOC_RESERVED;
    f->last_op_pos = -1;
    if (info) {
        f->strict = info->is_strict;
        f->is_arrow = info->is_arrow;
        f->is_generator = info->is_generator;
        f->is_async = info->is_async;
        f->force_env = info->has_direct_eval || info->inner_has_direct_eval;
        f->has_eval = info->has_direct_eval;
        f->src_start = info->src_start;
        f->src_end = info->src_end;
    }
    if (node) {
        f->line = node->line;
        f->column = node->column;
    }
    if (node && info) cmap_put(c, info, f);
    return f;
}

/* ---------------------------------------------------------------------------------------
 * Resolution
 * ------------------------------------------------------------------------------------- */

void scope_resolve(Comp *c, CScope *from, CFunc *f, const uint16_t *name, uint32_t len,
                   Resolved *r) {
    memset(r, 0, sizeof(*r));
    for (CScope *s = from; s; s = s->parent) {
        CVar *v = scope_find_local(s, name, len);
        if (v) {
            r->var = v;
            r->scope = s;
            r->crosses_func = (s->func != f);
            if (c->in_analysis && r->crosses_func) v->captured = 1;
            return;
        }
        if (s->dyn) {
            if (r->ndyn == (int)(sizeof(r->dyn) / sizeof(r->dyn[0])))
                comp_error(c, NULL, "too many nested with statements");
            r->dyn[r->ndyn++] = s;
            if (c->in_analysis && s->func != f && s->nvars) s->vars[0]->captured = 1;
        }
    }
}

int scope_hops(CScope *from, CScope *target) {
    int hops = 0;
    for (CScope *s = from; s && s != target; s = s->parent)
        if (s->has_env) hops++;
    return hops;
}

int scope_needs_tdz(CVar *v, CScope *vscope, CFunc *f, uint32_t pos) {
    if (v->kind != SV_LET && v->kind != SV_CONST && v->kind != SV_CLASS &&
        v->kind != SV_CLASS_NAME && v->kind != SV_THIS && !v->tdz_param)
        return 0;
    if (v->kind == SV_THIS) return vscope->func && vscope->func->is_derived;
    if (vscope->func != f || vscope->outer) return 1;
    if (vscope->is_switch) return 1;
    if (v->init_end == UINT32_MAX || pos < v->init_end) return 1;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * The analysis walk
 * ------------------------------------------------------------------------------------- */

static void an_node(Comp *c, AstNode *n);
static void an_cb(void *ctx, AstNode *child) { an_node((Comp *)ctx, child); }
static void an_children(Comp *c, AstNode *n) { ast_visit_children(n, an_cb, c); }
static void an_list(Comp *c, AstList *l) {
    for (uint32_t i = 0; i < l->count; i++)
        if (l->items[i]) an_node(c, l->items[i]);
}

/* Resolve a name reference at source offset pos (marks captures / TDZ needs). */
static void an_ref(Comp *c, const uint16_t *name, uint32_t len, uint32_t pos, int is_binding) {
    Resolved r;
    scope_resolve(c, c->scope, c->func, name, len, &r);
    if (r.var && !is_binding && scope_needs_tdz(r.var, r.scope, c->func, pos))
        r.var->needs_tdz = 1;
}

static void an_ref_ascii(Comp *c, const char *name, uint32_t pos) {
    uint32_t len;
    const uint16_t *s = ascii16(c, name, &len);
    an_ref(c, s, len, pos, 0);
}

/* Set init_end of the let/const names bound by a declarator's pattern. */
static void an_set_init_end(Comp *c, AstNode *pat, uint32_t end) {
    if (!pat) return;
    switch (pat->kind) {
    case AST_Identifier: {
        CVar *v = scope_find_local(c->scope, pat->u.ident.name.chars, pat->u.ident.name.len);
        if (v && v->init_end == UINT32_MAX) v->init_end = end;
        break;
    }
    case AST_ArrayPattern:
        for (uint32_t i = 0; i < pat->u.array.elements.count; i++)
            an_set_init_end(c, pat->u.array.elements.items[i], end);
        break;
    case AST_ObjectPattern:
        for (uint32_t i = 0; i < pat->u.object.properties.count; i++) {
            AstNode *p = pat->u.object.properties.items[i];
            an_set_init_end(c, p->kind == AST_Property ? p->u.property.value : p, end);
        }
        break;
    case AST_AssignmentPattern: an_set_init_end(c, pat->u.assignment_pattern.left, end); break;
    case AST_RestElement: an_set_init_end(c, pat->u.argument_expression.argument, end); break;
    default: break;
    }
}

/* Declare the function's pseudo variables (non-arrow functions and synthetic methods). */
static void declare_pseudo(Comp *c, CFunc *f, CScope *s) {
    f->this_var = scope_declare_ascii(c, s, " this", SV_THIS);
    f->new_target_var = scope_declare_ascii(c, s, " new.target", SV_NEW_TARGET);
    f->func_var = scope_declare_ascii(c, s, " func", SV_FUNC);
}

/* Analyze a function-like node (declaration, expression, arrow, method value). */
static void an_function(Comp *c, AstNode *n) {
    AstFunction *fn = &n->u.function;
    AstFuncInfo *info = fn->info;
    CFunc *f = cfunc_new(c, c->func, info, n, CFK_NORMAL);
    switch (info->kind) {
    case AST_FUNC_METHOD: f->is_method = 1; break;
    case AST_FUNC_GETTER: f->is_method = 1; f->is_getter = 1; break;
    case AST_FUNC_SETTER: f->is_method = 1; f->is_setter = 1; break;
    case AST_FUNC_CLASS_CONSTRUCTOR: f->is_method = 1; f->is_class_ctor = 1; break;
    case AST_FUNC_DERIVED_CONSTRUCTOR:
        f->is_method = 1; f->is_class_ctor = 1; f->is_derived = 1; break;
    default: break;
    }
    CFunc *saved_func = c->func;
    CScope *saved_scope = c->scope;
    c->func = f;
    CScope *top = scope_new(c, saved_scope, f, SCOPE_FUNCTION, NULL);
    f->top = top;
    f->param_scope = top;
    if (!f->is_arrow) declare_pseudo(c, f, top);
    /* Parameters. */
    int simple = info->has_simple_params;
    for (uint32_t i = 0; i < info->param_count; i++) {
        const AstBinding *b = &info->params[i];
        CVar *v = scope_declare(c, top, b->name.chars, b->name.len, SV_VAR);
        v->is_param = 1;
        if (simple) v->arg = (int32_t)i;
        else v->tdz_param = 1;
    }
    f->nparams = 0;
    for (uint32_t i = 0; i < fn->params.count; i++)
        if (fn->params.items[i]->kind != AST_RestElement) f->nparams = i + 1;
    f->length = info->length;
    /* The arguments object. */
    if (!f->is_arrow && (info->uses_arguments || info->has_direct_eval) &&
        !info->params_have_arguments &&
        !(!info->has_param_expressions && info->body_declares_arguments)) {
        f->arguments_var = scope_declare_ascii(c, top, "arguments", SV_ARGUMENTS);
        if (!f->strict && simple) {
            f->mapped_args = 1;
            for (uint32_t i = 0; i < top->nvars; i++)
                if (top->vars[i]->is_param) top->vars[i]->captured = 1;
        }
    }
    /* The var scope. */
    CScope *vs = top;
    if (info->has_param_expressions) vs = scope_new(c, top, f, SCOPE_FUNCTION, NULL);
    vs->is_var_scope = 1;
    if (vs != top) top->kind = SCOPE_PARAMS;
    f->var_scope = vs;
    const AstScope *as = info->scope;
    for (uint32_t i = 0; i < as->var_count; i++) {
        const AstBinding *b = &as->vars[i];
        CVar *v = scope_declare(c, vs, b->name.chars, b->name.len, SV_VAR);
        if (b->annexb) v->annexb = 1;
    }
    declare_lexicals(c, vs, as);
    if (f->has_eval && !f->strict) {
        /* sloppy direct eval: an object for eval-declared vars, in the function's top scope
         * (so that evals in parameter expressions can use it too) */
        f->sloppy_eval_vars = 1;
        f->evalvars_var = scope_declare_ascii(c, top, " evalvars", SV_EVAL_VARS);
        f->evalvars_var->captured = 1;
        top->dyn = SV_EVAL_VARS;
        /* the dynamic object must be vars[0] of its scope for resolution */
        for (uint32_t i = top->nvars - 1; i > 0; i--) top->vars[i] = top->vars[i - 1];
        top->vars[0] = f->evalvars_var;
    }
    /* Own name of a named function expression (unless shadowed). */
    if (info->is_named_expression && fn->id) {
        AstStr nm = fn->id->u.ident.name;
        if (!scope_find_local(top, nm.chars, nm.len) && !scope_find_local(vs, nm.chars, nm.len)) {
            f->funcname_var = scope_declare(c, top, nm.chars, nm.len, SV_FUNC_NAME);
        }
    }
    /* Parameter patterns / defaults (in the parameter scope). */
    c->scope = top;
    for (uint32_t i = 0; i < fn->params.count; i++) {
        AstNode *p = fn->params.items[i];
        an_node(c, p);
        if (!simple) an_set_init_end(c, p, p->end);
    }
    /* Body. */
    c->scope = vs;
    if (fn->expression) {
        an_node(c, fn->body);
    } else {
        an_list(c, &fn->body->u.block.body);
    }
    c->func = saved_func;
    c->scope = saved_scope;
}

/* Analyze a block-like scope node. */
static CScope *an_push_scope(Comp *c, const AstScope *as, uint8_t kind, const void *key) {
    CScope *s = scope_new(c, c->scope, c->func, kind, key);
    declare_lexicals(c, s, as);
    c->scope = s;
    return s;
}

static void an_node(Comp *c, AstNode *n) {
    if (!n) return;
    switch (n->kind) {
    case AST_Identifier:
        if (n->u.ident.is_reference || n->u.ident.is_binding)
            an_ref(c, n->u.ident.name.chars, n->u.ident.name.len, n->start, n->u.ident.is_binding);
        return;
    case AST_PrivateIdentifier: {
        uint32_t len;
        const uint16_t *s = private_name16(c, n->u.ident.name, &len);
        an_ref(c, s, len, n->start, 0);
        return;
    }
    case AST_ThisExpression:
        an_ref_ascii(c, " this", n->start);
        return;
    case AST_Super:
        an_ref_ascii(c, " this", n->start);
        an_ref_ascii(c, " func", n->start);
        an_ref_ascii(c, " new.target", n->start);
        return;
    case AST_MetaProperty:
        if (n->u.meta_property.kind == AST_META_NEW_TARGET) an_ref_ascii(c, " new.target", n->start);
        return;
    case AST_FunctionDeclaration:
    case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        an_function(c, n);
        return;
    case AST_ClassDeclaration:
    case AST_ClassExpression:
        analyze_class(c, n);
        return;
    case AST_BlockStatement: {
        CScope *saved = c->scope;
        an_push_scope(c, n->u.block.scope, SCOPE_BLOCK, n->u.block.scope);
        an_list(c, &n->u.block.body);
        c->scope = saved;
        return;
    }
    case AST_ForStatement: {
        CScope *saved = c->scope;
        an_push_scope(c, n->u.for_statement.scope, SCOPE_BLOCK, n->u.for_statement.scope);
        an_node(c, n->u.for_statement.init);
        an_node(c, n->u.for_statement.test);
        an_node(c, n->u.for_statement.update);
        an_node(c, n->u.for_statement.body);
        c->scope = saved;
        return;
    }
    case AST_ForInStatement:
    case AST_ForOfStatement: {
        CScope *saved = c->scope;
        an_push_scope(c, n->u.for_in.scope, SCOPE_BLOCK, n->u.for_in.scope);
        an_node(c, n->u.for_in.right);
        /* bindings of the head are initialized after the head expression, before the body */
        if (n->u.for_in.left->kind == AST_VariableDeclaration) {
            AstList *d = &n->u.for_in.left->u.var_decl.declarations;
            for (uint32_t i = 0; i < d->count; i++) {
                uint32_t e = n->u.for_in.right->end > n->u.for_in.left->end ? n->u.for_in.right->end : n->u.for_in.left->end;
                an_set_init_end(c, d->items[i]->u.declarator.id, e);
            }
        }
        an_node(c, n->u.for_in.left);
        an_node(c, n->u.for_in.body);
        c->scope = saved;
        return;
    }
    case AST_SwitchStatement: {
        an_node(c, n->u.switch_statement.discriminant);
        CScope *saved = c->scope;
        CScope *s = an_push_scope(c, n->u.switch_statement.scope, SCOPE_BLOCK, n->u.switch_statement.scope);
        s->is_switch = 1;
        an_list(c, &n->u.switch_statement.cases);
        c->scope = saved;
        return;
    }
    case AST_CatchClause: {
        CScope *saved = c->scope;
        an_push_scope(c, n->u.catch_clause.scope, SCOPE_BLOCK, n->u.catch_clause.scope);
        an_node(c, n->u.catch_clause.param);
        an_node(c, n->u.catch_clause.body);
        c->scope = saved;
        return;
    }
    case AST_WithStatement: {
        an_node(c, n->u.with_statement.object);
        CScope *saved = c->scope;
        CScope *s = scope_new(c, c->scope, c->func, SCOPE_BLOCK, n);
        scope_declare_ascii(c, s, " with", SV_WITH);
        s->dyn = SV_WITH;
        c->scope = s;
        an_node(c, n->u.with_statement.body);
        c->scope = saved;
        return;
    }
    case AST_VariableDeclarator:
        an_node(c, n->u.declarator.id);
        an_node(c, n->u.declarator.init);
        an_set_init_end(c, n->u.declarator.id, n->end);
        return;
    case AST_LabeledStatement:
        an_node(c, n->u.labeled.body);
        return;
    case AST_MemberExpression:
        an_node(c, n->u.member.object);
        if (n->u.member.computed || n->u.member.property->kind == AST_PrivateIdentifier)
            an_node(c, n->u.member.property);
        return;
    case AST_Property:
        if (n->u.property.computed) an_node(c, n->u.property.key);
        an_node(c, n->u.property.value);
        return;
    case AST_CallExpression:
        if (n->u.call.is_direct_eval) {
            /* eval code may read any of these */
            an_ref_ascii(c, " this", n->start);
            an_ref_ascii(c, " func", n->start);
            an_ref_ascii(c, " new.target", n->start);
            an_ref_ascii(c, "arguments", n->start);
        }
        an_children(c, n);
        return;
    case AST_ExportNamedDeclaration:
        if (n->u.export_named.declaration) an_node(c, n->u.export_named.declaration);
        if (!n->u.export_named.source) {
            for (uint32_t i = 0; i < n->u.export_named.specifiers.count; i++) {
                AstNode *sp = n->u.export_named.specifiers.items[i];
                AstNode *local = sp->u.export_specifier.local;
                if (local->kind == AST_Identifier)
                    an_ref(c, local->u.ident.name.chars, local->u.ident.name.len, local->start, 1);
            }
        }
        return;
    case AST_ImportDeclaration:
    case AST_ExportAllDeclaration:
        return;
    default:
        an_children(c, n);
        return;
    }
}

/* ---------------------------------------------------------------------------------------
 * Classes
 * ------------------------------------------------------------------------------------- */

void analyze_class(Comp *c, AstNode *n) {
    AstClass *k = &n->u.klass;
    AstClassBody *body = &k->body->u.class_body;
    CClass *cls = carena_alloc(c, sizeof(CClass));
    cls->node = n;
    cls->derived = k->super_class != NULL;
    cls->nelems = body->body.count;
    cls->key_vars = carena_alloc(c, (cls->nelems + 1) * sizeof(CVar *));
    cls->method_vars = carena_alloc(c, (cls->nelems + 1) * sizeof(CVar *));
    cmap_put(c, n, cls);
    CScope *saved = c->scope;
    CScope *s = scope_new(c, c->scope, c->func, SCOPE_BLOCK, k->scope);
    cls->scope = s;
    declare_lexicals(c, s, k->scope);
    for (uint32_t i = 0; i < body->private_count; i++) {
        uint32_t len;
        const uint16_t *nm = private_name16(c, body->privates[i].name, &len);
        scope_declare(c, s, nm, len, SV_PRIVATE);
    }
    c->scope = s;
    if (k->super_class) an_node(c, k->super_class);
    /* Element keys and methods (evaluated in the class definition's context). */
    for (uint32_t i = 0; i < body->body.count; i++) {
        AstNode *e = body->body.items[i];
        if (e->kind == AST_MethodDefinition) {
            if (e->u.method.computed) an_node(c, e->u.method.key);
            an_node(c, e->u.method.value);
            if (e->u.method.key->kind == AST_PrivateIdentifier && !e->u.method.is_static) {
                char nm[32];
                snprintf(nm, sizeof nm, " pm%u", i);
                cls->method_vars[i] = scope_declare_ascii(c, s, nm, SV_HIDDEN);
                cls->has_instance_init = 1;
            }
        } else if (e->kind == AST_PropertyDefinition) {
            if (e->u.field.computed) {
                an_node(c, e->u.field.key);
                char nm[32];
                snprintf(nm, sizeof nm, " key%u", i);
                cls->key_vars[i] = scope_declare_ascii(c, s, nm, SV_HIDDEN);
            }
            if (e->u.field.is_static) cls->has_static_init = 1;
            else cls->has_instance_init = 1;
        } else if (e->kind == AST_StaticBlock) {
            cls->has_static_init = 1;
        }
    }
    /* Synthetic initializer functions. */
    for (int pass = 0; pass < 2; pass++) {
        int is_static = pass == 1;
        if (is_static ? !cls->has_static_init : !cls->has_instance_init) continue;
        CFunc *f = cfunc_new(c, c->func, NULL, n, is_static ? CFK_STATIC_INIT : CFK_FIELD_INIT);
        f->strict = 1;
        f->is_method = 1;
        f->class_node = n;
        f->cls = cls;
        for (uint32_t i = 0; i < body->body.count; i++) {
            AstNode *e = body->body.items[i];
            if (e->kind == AST_PropertyDefinition && e->u.field.is_static == is_static &&
                e->u.field.info && (e->u.field.info->has_direct_eval || e->u.field.info->inner_has_direct_eval))
                f->force_env = 1, f->has_eval |= e->u.field.info->has_direct_eval;
        }
        CScope *top = scope_new(c, s, f, SCOPE_FUNCTION, NULL);
        top->is_var_scope = 1;
        top->scope_flags = SCF_FIELD_INIT | SCF_METHOD;
        f->top = f->param_scope = f->var_scope = top;
        declare_pseudo(c, f, top);
        if (is_static) cls->static_init = f; else cls->field_init = f;
        CFunc *saved_func = c->func;
        c->func = f;
        c->scope = top;
        for (uint32_t i = 0; i < body->body.count; i++) {
            AstNode *e = body->body.items[i];
            if (e->kind == AST_PropertyDefinition && e->u.field.is_static == is_static) {
                if (e->u.field.key->kind == AST_PrivateIdentifier) an_node(c, e->u.field.key);
                an_node(c, e->u.field.value);
            } else if (e->kind == AST_MethodDefinition && !is_static && !e->u.method.is_static &&
                       e->u.method.key->kind == AST_PrivateIdentifier) {
                an_node(c, e->u.method.key);
                an_ref(c, cls->method_vars[i]->name, cls->method_vars[i]->len, e->start, 0);
            } else if (e->kind == AST_PropertyDefinition && e->u.field.computed) {
                /* keys of the other kind are not referenced from this function */
            }
            if (e->kind == AST_PropertyDefinition && e->u.field.is_static == is_static &&
                e->u.field.computed)
                an_ref(c, cls->key_vars[i]->name, cls->key_vars[i]->len, e->start, 0);
            if (is_static && e->kind == AST_StaticBlock) {
                AstFuncInfo *bi = e->u.static_block.info;
                CFunc *bf = cfunc_new(c, f, bi, e, CFK_STATIC_BLOCK);
                bf->is_method = 1;
                bf->strict = 1;
                CScope *bt = scope_new(c, top, bf, SCOPE_FUNCTION, NULL);
                bt->is_var_scope = 1;
                bf->top = bf->param_scope = bf->var_scope = bt;
                declare_pseudo(c, bf, bt);
                for (uint32_t j = 0; j < bi->scope->var_count; j++)
                    scope_declare(c, bt, bi->scope->vars[j].name.chars, bi->scope->vars[j].name.len, SV_VAR);
                declare_lexicals(c, bt, bi->scope);
                c->func = bf;
                c->scope = bt;
                an_list(c, &e->u.static_block.body);
                c->func = f;
                c->scope = top;
            }
        }
        c->func = saved_func;
        c->scope = s;
    }
    c->scope = saved;
}

/* ---------------------------------------------------------------------------------------
 * Program entry and finalization
 * ------------------------------------------------------------------------------------- */

/* Decide which scopes get an environment. */
static void finalize_scopes(Comp *c) {
    ScopeList *l = comp_scopes(c);
    for (uint32_t i = 0; i < l->n; i++) {
        CScope *s = l->items[i];
        if (s->outer) { s->has_env = 1; continue; }
        s->has_env = 0;
        for (uint32_t j = 0; j < s->nvars; j++)
            if (s->vars[j]->captured) { s->has_env = 1; break; }
    }
}

void scope_analyze_program(Comp *c, CFunc *top) {
    c->in_analysis = 1;
    AstNode *prog = c->ast->root;
    CFunc *saved_func = c->func;
    CScope *saved_scope = c->scope;
    c->func = top;
    c->scope = top->var_scope;
    AstList *body = &prog->u.program.body;
    for (uint32_t i = 0; i < body->count; i++) an_node(c, body->items[i]);
    c->func = saved_func;
    c->scope = saved_scope;
    c->in_analysis = 0;
    finalize_scopes(c);
}

/* ---------------------------------------------------------------------------------------
 * Storage assignment (code generation time)
 * ------------------------------------------------------------------------------------- */

void scope_assign(Comp *c, CScope *s) {
    if (s->assigned) return;
    s->assigned = 1;
    if (s->outer) return;
    CFunc *f = s->func;
    for (uint32_t i = 0; i < s->nvars; i++) {
        CVar *v = s->vars[i];
        if (v->captured) {
            v->store = VS_ENV;
            v->idx = (int32_t)s->env_size++;
            continue;
        }
        switch (v->kind) {
        case SV_THIS: v->store = VS_THIS; break;
        case SV_FUNC: v->store = VS_FUNC; break;
        case SV_NEW_TARGET: v->store = VS_NEW_TARGET; break;
        default:
            if (v->is_param && v->arg >= 0 && s == f->param_scope) {
                v->store = VS_ARG;
            } else {
                v->store = VS_LOC;
                v->loc = (int32_t)new_local(c, cvar_atom(c, v));
            }
            break;
        }
    }
}

/* Build (once per function) the scope descriptor constant of s. */
int32_t scope_desc_const(Comp *c, CScope *s) {
    if (s->desc_const >= 0) return s->desc_const;
    VM *vm = c->vm;
    Value d = misc_new(vm, MISC_SCOPE, (int)(SD_VARS + 2 * s->env_size));
    if (d == VAL_EXCEPTION) comp_oom(c);
    uint32_t flags = s->kind | s->scope_flags;
    CFunc *f = s->func;
    if (f) {
        if (f->strict) flags |= SCF_STRICT;
        if (s == f->top) {
            if (f->is_arrow) flags |= SCF_ARROW;
            if (f->is_method) flags |= SCF_METHOD;
            if (f->is_derived) flags |= SCF_DERIVED;
            if (f->is_class_ctor) flags |= SCF_CLASS_CTOR;
        }
    }
    Value *w = vm_cell_values(vm, val_ref(d));
    w[SD_KIND] = val_int((int32_t)flags);
    w[SD_COUNT] = val_int((int32_t)s->env_size);
    for (uint32_t i = 0; i < s->nvars; i++) {
        CVar *v = s->vars[i];
        if (v->store != VS_ENV) continue;
        Value a = cvar_atom(c, v);
        w = vm_cell_values(vm, val_ref(d));
        w[SD_VARS + 2 * v->idx] = a;
        w[SD_VARS + 2 * v->idx + 1] = val_int(v->kind | (v->is_param ? SVF_PARAM : 0) |
                                              (v->is_param && v->arg >= 0 ? (v->arg + 1) << 8 : 0));
    }
    s->desc_const = (int32_t)add_const(c, d);
    return s->desc_const;
}

/* ---------------------------------------------------------------------------------------
 * Generic child visitor
 * ------------------------------------------------------------------------------------- */

#define V(x) do { if (x) fn(ctx, (x)); } while (0)
static void visit_list(AstList *l, void (*fn)(void *, AstNode *), void *ctx) {
    for (uint32_t i = 0; i < l->count; i++) V(l->items[i]);
}

void ast_visit_children(AstNode *n, void (*fn)(void *ctx, AstNode *child), void *ctx) {
    switch (n->kind) {
    case AST_Program: visit_list(&n->u.program.body, fn, ctx); break;
    case AST_TemplateLiteral: visit_list(&n->u.template.expressions, fn, ctx); break;
    case AST_TaggedTemplateExpression: V(n->u.tagged_template.tag); V(n->u.tagged_template.quasi); break;
    case AST_ExpressionStatement: V(n->u.expression_statement.expression); break;
    case AST_BlockStatement: visit_list(&n->u.block.body, fn, ctx); break;
    case AST_WithStatement: V(n->u.with_statement.object); V(n->u.with_statement.body); break;
    case AST_ReturnStatement:
    case AST_ThrowStatement: V(n->u.argument_statement.argument); break;
    case AST_LabeledStatement: V(n->u.labeled.body); break;
    case AST_IfStatement:
        V(n->u.if_statement.test); V(n->u.if_statement.consequent); V(n->u.if_statement.alternate);
        break;
    case AST_SwitchStatement:
        V(n->u.switch_statement.discriminant); visit_list(&n->u.switch_statement.cases, fn, ctx);
        break;
    case AST_SwitchCase: V(n->u.switch_case.test); visit_list(&n->u.switch_case.consequent, fn, ctx); break;
    case AST_TryStatement:
        V(n->u.try_statement.block); V(n->u.try_statement.handler); V(n->u.try_statement.finalizer);
        break;
    case AST_CatchClause: V(n->u.catch_clause.param); V(n->u.catch_clause.body); break;
    case AST_WhileStatement:
    case AST_DoWhileStatement: V(n->u.while_statement.test); V(n->u.while_statement.body); break;
    case AST_ForStatement:
        V(n->u.for_statement.init); V(n->u.for_statement.test); V(n->u.for_statement.update);
        V(n->u.for_statement.body);
        break;
    case AST_ForInStatement:
    case AST_ForOfStatement: V(n->u.for_in.left); V(n->u.for_in.right); V(n->u.for_in.body); break;
    case AST_FunctionDeclaration:
    case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        V(n->u.function.id); visit_list(&n->u.function.params, fn, ctx); V(n->u.function.body);
        break;
    case AST_VariableDeclaration: visit_list(&n->u.var_decl.declarations, fn, ctx); break;
    case AST_VariableDeclarator: V(n->u.declarator.id); V(n->u.declarator.init); break;
    case AST_ClassDeclaration:
    case AST_ClassExpression: V(n->u.klass.id); V(n->u.klass.super_class); V(n->u.klass.body); break;
    case AST_ClassBody: visit_list(&n->u.class_body.body, fn, ctx); break;
    case AST_ArrayExpression:
    case AST_ArrayPattern: visit_list(&n->u.array.elements, fn, ctx); break;
    case AST_ObjectExpression:
    case AST_ObjectPattern: visit_list(&n->u.object.properties, fn, ctx); break;
    case AST_Property:
        if (n->u.property.computed) V(n->u.property.key);
        V(n->u.property.value);
        break;
    case AST_UnaryExpression: V(n->u.unary.argument); break;
    case AST_UpdateExpression: V(n->u.update.argument); break;
    case AST_BinaryExpression:
    case AST_LogicalExpression:
    case AST_AssignmentExpression: V(n->u.binary.left); V(n->u.binary.right); break;
    case AST_ConditionalExpression:
        V(n->u.conditional.test); V(n->u.conditional.consequent); V(n->u.conditional.alternate);
        break;
    case AST_CallExpression:
    case AST_NewExpression: V(n->u.call.callee); visit_list(&n->u.call.arguments, fn, ctx); break;
    case AST_MemberExpression:
        V(n->u.member.object);
        if (n->u.member.computed || n->u.member.property->kind == AST_PrivateIdentifier)
            V(n->u.member.property);
        break;
    case AST_ChainExpression: V(n->u.chain.expression); break;
    case AST_SequenceExpression: visit_list(&n->u.sequence.expressions, fn, ctx); break;
    case AST_YieldExpression: V(n->u.yield.argument); break;
    case AST_AwaitExpression:
    case AST_SpreadElement:
    case AST_RestElement: V(n->u.argument_expression.argument); break;
    case AST_ImportExpression: V(n->u.import_expression.source); V(n->u.import_expression.options); break;
    case AST_MethodDefinition:
        if (n->u.method.computed) V(n->u.method.key);
        V(n->u.method.value);
        break;
    case AST_PropertyDefinition:
        if (n->u.field.computed) V(n->u.field.key);
        V(n->u.field.value);
        break;
    case AST_StaticBlock: visit_list(&n->u.static_block.body, fn, ctx); break;
    case AST_AssignmentPattern: V(n->u.assignment_pattern.left); V(n->u.assignment_pattern.right); break;
    case AST_ExportNamedDeclaration: V(n->u.export_named.declaration); break;
    case AST_ExportDefaultDeclaration: V(n->u.export_default.declaration); break;
    default: break;
    }
}
#undef V
