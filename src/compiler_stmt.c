/* compiler_stmt.c — code generation for statements: declarations, blocks, control flow
 * (if, loops, for-in/of/await, switch, labels, break/continue, return), try/catch/finally,
 * with, and the top level of scripts, eval code and dynamic functions.
 *
 * Non-local exits walk the control stack (Ctl) from the innermost entry outwards, emitting
 * the cleanup each construct needs: pop_env for scope environments, closing iterators of
 * for-of loops, dropping for-in iterators, and `gosub` into finally blocks.
 */
#include <string.h>
#include "compiler_int.h"

/* Labels waiting to be attached to the next loop (LabeledStatement bodies). */
typedef struct PendingLabels {
    const AstStr *names[8];
    uint32_t n;
} PendingLabels;
static const char pending_key;

static PendingLabels *pending(Comp *c) {
    PendingLabels *p = cmap_get(c, &pending_key);
    if (!p) {
        p = carena_alloc(c, sizeof(PendingLabels));
        cmap_put(c, &pending_key, p);
    }
    return p;
}

/* Move pending labels onto a new loop entry. */
static void take_labels(Comp *c, Ctl *t) {
    PendingLabels *p = pending(c);
    for (uint32_t i = 0; i < p->n && t->nlabels < 8; i++) t->labels[t->nlabels++] = p->names[i];
    p->n = 0;
}

static void clear_labels(Comp *c) { pending(c)->n = 0; }

static int ctl_has_label(Ctl *t, const AstStr *name) {
    for (uint32_t i = 0; i < t->nlabels; i++)
        if (ast_str_eq(*t->labels[i], *name)) return 1;
    return 0;
}

/* Completion value bookkeeping (scripts / eval). */
static void completion_undefined(Comp *c) {
    if (c->func->completion_loc < 0) return;
    emit_op(c, OP_push_undefined);
    emit_put_loc(c, (uint32_t)c->func->completion_loc);
}

/* ---------------------------------------------------------------------------------------
 * Non-local exits
 * ------------------------------------------------------------------------------------- */

/* Drop values down to depth `target` (from the tracked depth *d). */
static void drop_to(Comp *c, int32_t *d, int32_t target) {
    while (*d > target) {
        emit_op(c, OP_drop);
        (*d)--;
    }
}

/* Emit the cleanup for leaving entry t entirely (not its target behaviour). */
static void emit_ctl_cleanup(Comp *c, Ctl *t, int32_t *d) {
    switch (t->kind) {
    case CTL_ENV:
        emit_op(c, OP_pop_env);
        break;
    case CTL_FOR_OF:
        drop_to(c, d, t->depth + 2);
        emit_op(c, OP_iter_close);
        *d = t->depth;
        break;
    case CTL_FOR_AWAIT: {
        drop_to(c, d, t->depth + 2);
        int32_t lno = new_label(c);
        emit_jump(c, OP_iter_get_return, lno);
        emit_op(c, OP_await);
        emit_op(c, OP_check_object);
        emit_op(c, OP_drop);
        bind_label(c, lno);
        *d = t->depth;
        break;
    }
    case CTL_FOR_IN:
        drop_to(c, d, t->depth + 1);
        emit_op(c, OP_drop);
        *d = t->depth;
        break;
    case CTL_DESTRUCT:
        drop_to(c, d, t->depth + 3);
        emit_op(c, OP_destr_close);
        *d = t->depth;
        break;
    case CTL_FINALLY:
        drop_to(c, d, t->depth);
        emit_jump(c, OP_gosub, t->finally_label);
        break;
    case CTL_FINALLY_BODY:
        /* leaving a finally body abruptly: drop its return offset */
        drop_to(c, d, t->depth - 1);
        break;
    case CTL_SWITCH:
        drop_to(c, d, t->depth - 1);
        break;
    default:
        break;
    }
}

/* break / continue */
static void compile_jump_stmt(Comp *c, AstNode *n, int is_continue) {
    const AstStr *label = n->u.jump.label ? &n->u.jump.label->u.ident.name : NULL;
    int32_t d = c->func->depth;
    int32_t saved_depth = d;
    for (Ctl *t = c->func->ctl; t; t = t->prev) {
        int is_target = 0;
        if (is_continue) {
            if (t->continue_label >= 0 && (!label || ctl_has_label(t, label))) is_target = 1;
        } else if (t->break_label >= 0) {
            if (label ? ctl_has_label(t, label) : (t->kind != CTL_LABEL)) is_target = 1;
        }
        if (is_target) {
            if (is_continue) {
                int32_t cd = t->kind == CTL_FOR_OF || t->kind == CTL_FOR_AWAIT ? t->depth + 2 :
                             t->kind == CTL_FOR_IN ? t->depth + 1 : t->depth;
                drop_to(c, &d, cd);
                c->func->depth = d;
                emit_jump(c, OP_jmp, t->continue_label);
            } else {
                if (t->kind == CTL_FOR_OF || t->kind == CTL_FOR_AWAIT || t->kind == CTL_FOR_IN)
                    emit_ctl_cleanup(c, t, &d);
                else if (t->kind == CTL_SWITCH)
                    drop_to(c, &d, t->depth);
                else
                    drop_to(c, &d, t->depth);
                c->func->depth = d;
                emit_jump(c, OP_jmp, t->break_label);
            }
            (void)saved_depth;
            return;
        }
        emit_ctl_cleanup(c, t, &d);
        c->func->depth = d;
    }
    comp_error(c, n, "Illegal %s statement", is_continue ? "continue" : "break");
}

/* Return the value on the stack, leaving every enclosing construct properly. */
/* Derived constructors: a returned undefined becomes the (checked) this binding. */
static void emit_derived_return_fixup(Comp *c) {
    CFunc *f = c->func;
    if (!f->is_derived) return;
    static const uint16_t nm[] = { ' ', 't', 'h', 'i', 's' };
    Resolved r;
    scope_resolve(c, c->scope, f, nm, 5, &r);
    if (r.var && r.var->store == VS_ENV) {
        int32_t l = new_label(c);
        emit_op(c, OP_dup);
        emit_jump(c, OP_jmp_not_undefined, l);
        emit_op(c, OP_drop);
        emit_var_get(c, r.var, r.scope, 1);
        bind_label(c, l);
    }
}

/* Return the value on the stack, leaving every enclosing construct properly. */
void emit_return(Comp *c) {
    CFunc *f = c->func;
    int needs_cleanup = 0;
    for (Ctl *t = f->ctl; t; t = t->prev)
        if (t->kind == CTL_FINALLY || t->kind == CTL_FOR_OF || t->kind == CTL_FOR_AWAIT ||
            t->kind == CTL_DESTRUCT || t->kind == CTL_FINALLY_BODY)
            needs_cleanup = 1;
    if (!needs_cleanup) {
        emit_derived_return_fixup(c);
        emit_op(c, OP_return);
        return;
    }
    if (f->ret_loc < 0) f->ret_loc = (int32_t)new_local(c, 0);
    emit_put_loc(c, (uint32_t)f->ret_loc);
    int32_t d = f->depth;
    CScope *saved_scope = c->scope;
    for (Ctl *t = f->ctl; t; t = t->prev) {
        emit_ctl_cleanup(c, t, &d);
        f->depth = d;
    }
    emit_get_loc(c, (uint32_t)f->ret_loc);
    if (f->is_derived) c->scope = f->var_scope;   /* every block env was popped above */
    emit_derived_return_fixup(c);
    c->scope = saved_scope;
    emit_op(c, OP_return);
}

/* ---------------------------------------------------------------------------------------
 * Declarations
 * ------------------------------------------------------------------------------------- */

/* The pattern mode binding a declaration of kind k (AstVarKind). */
static int decl_mode(int k) {
    return k == AST_VAR_VAR ? PAT_VAR : k == AST_VAR_LET ? PAT_INIT : PAT_CONST;
}

/* `using` / `await using`: add the value on the stack to the current region's resources. */
static void emit_using_add(Comp *c, int kind) {
    if (kind != AST_VAR_USING && kind != AST_VAR_AWAIT_USING) return;
    if (c->func->using_loc < 0) comp_error(c, NULL, "internal compiler error: using outside a region");
    emit_op_u16(c, kind == AST_VAR_USING ? OP_using_add : OP_using_add_async, (uint16_t)c->func->using_loc);
}

static void compile_var_decl(Comp *c, AstNode *n) {
    AstVarDecl *vd = &n->u.var_decl;
    int mode = decl_mode(vd->kind);
    for (uint32_t i = 0; i < vd->declarations.count; i++) {
        AstNode *d = vd->declarations.items[i];
        AstNode *id = d->u.declarator.id;
        AstNode *init = d->u.declarator.init;
        emit_pos(c, d);
        if (init && vd->kind == AST_VAR_VAR && id->kind == AST_Identifier) {
            int32_t tmp = emit_dyn_ref_begin(c, id);
            if (tmp >= 0) {
                compile_expr_named(c, init, comp_string(c, id->u.ident.name.chars, id->u.ident.name.len));
                emit_dyn_ref_put(c, id, tmp);
                continue;
            }
        }
        if (!init) {
            if (vd->kind == AST_VAR_VAR) continue;
            emit_op(c, OP_push_undefined);
        } else if (id->kind == AST_Identifier) {
            compile_expr_named(c, init, comp_string(c, id->u.ident.name.chars, id->u.ident.name.len));
        } else {
            compile_expr(c, init);
        }
        emit_using_add(c, vd->kind);
        compile_pattern(c, id, mode);
    }
}

/* Annex B.3.3: at a block-level function declaration, copy the block binding to the var. */
static void compile_annexb_copy(Comp *c, AstNode *fn) {
    AstNode *id = fn->u.function.id;
    AstStr nm = id->u.ident.name;
    if (c->func->kind == CFK_NORMAL && name_eq_ascii(nm.chars, nm.len, "arguments")) return;
    emit_var_ref(c, nm.chars, nm.len, REF_GET, NULL);
    if (c->func->kind == CFK_EVAL && !c->func->strict) {
        /* the var lives in the caller's variable environment (or is a global) */
        emit_name_put_from(c, c->func->var_scope->parent, nm.chars, nm.len);
        return;
    }
    Resolved r;
    scope_resolve(c, c->func->var_scope, c->func, nm.chars, nm.len, &r);
    if (r.var && r.var->kind != SV_PRIVATE) {
        emit_var_put(c, r.var, r.scope, 0);
    } else {
        emit_atom_ic_op(c, OP_put_global, comp_atom(c, nm.chars, nm.len));
    }
}

/* ---------------------------------------------------------------------------------------
 * Blocks and scopes
 * ------------------------------------------------------------------------------------- */

/* ---------------------------------------------------------------------------------------
 * Disposal regions (ES2026 explicit resource management)
 *
 * The statements of a block, function body, module or loop that declare `using` bindings
 * run inside a region: a frame variable holds the region's dispose capability (dispose.h, a
 * heap object, so a generator suspended inside survives a snapshot), and leaving the region
 * in any way runs DisposeResources like a finally block: fall-through, break, continue and
 * return `gosub` the disposal subroutine (Ctl CTL_FINALLY), a throw is recorded as the
 * completion first. A sync region disposes in one instruction; an `await using` region
 * loops using_step / await so that each Await suspends the frame.
 * ------------------------------------------------------------------------------------- */

/* A region being compiled. */
typedef struct UsingRegion {
    uint32_t cap_loc;       /* frame variable holding the dispose capability */
    uint32_t env_loc;       /* LOC_ENV at entry, restored by the throw handler */
    int32_t ldispose;       /* the disposal subroutine (gosub target) */
    int32_t lhandler;       /* the throw handler */
    uint32_t start;         /* first code offset of the protected range */
    int32_t depth;          /* operand stack depth at entry */
    int32_t saved_loc;      /* the enclosing region's using_loc */
    int is_async;           /* some `await using`: the disposal awaits */
} UsingRegion;

/* 0 when a statement list declares no `using` bindings directly, 1 for `using` only, 2 when
 * some are `await using`. */
static int list_using_kind(const AstList *list) {
    int k = 0;
    for (uint32_t i = 0; i < list->count; i++) {
        const AstNode *n = list->items[i];
        if (n->kind != AST_VariableDeclaration) continue;
        if (n->u.var_decl.kind == AST_VAR_AWAIT_USING) return 2;
        if (n->u.var_decl.kind == AST_VAR_USING) k = 1;
    }
    return k;
}

/* The region kind a declaration makes (0 for var / let / const). */
static int decl_using_kind(const AstNode *n) {
    if (!n || n->kind != AST_VariableDeclaration) return 0;
    return n->u.var_decl.kind == AST_VAR_AWAIT_USING ? 2 : n->u.var_decl.kind == AST_VAR_USING ? 1 : 0;
}

/* Enter a region: a new capability, the saved environment, the finally-like control entry.
 * `pending` values on the stack (a for-of value about to be bound) are consumed inside it. */
static void using_begin(Comp *c, UsingRegion *r, int is_async, int pending) {
    CFunc *f = c->func;
    r->is_async = is_async;
    r->depth = f->depth < 0 ? -1 : f->depth - pending;
    r->env_loc = new_local(c, 0);
    emit_op_u16(c, OP_get_loc, LOC_ENV);
    emit_put_loc(c, r->env_loc);
    r->cap_loc = new_local(c, 0);
    emit_op_u16(c, OP_using_init, (uint16_t)r->cap_loc);
    r->ldispose = new_label(c);
    r->lhandler = new_label(c);
    Ctl *t = ctl_push(c, CTL_FINALLY);
    t->finally_label = r->ldispose;
    t->depth = r->depth;
    r->start = f->code_len;
    r->saved_loc = f->using_loc;
    f->using_loc = (int32_t)r->cap_loc;
}

/* Leave a region: dispose on fall-through, the throw handler, the disposal subroutine. */
static void using_end(Comp *c, UsingRegion *r) {
    CFunc *f = c->func;
    f->using_loc = r->saved_loc;
    uint32_t end = f->code_len;
    ctl_pop(c);
    uint16_t cap = (uint16_t)r->cap_loc;
    int32_t lend = new_label(c);
    emit_jump(c, OP_gosub, r->ldispose);
    emit_jump(c, OP_jmp, lend);
    add_handler(c, r->start, end, r->lhandler, r->depth);
    bind_label(c, r->lhandler);
    emit_get_loc(c, r->env_loc);
    emit_op_u16(c, OP_put_loc, LOC_ENV);
    emit_op_u16(c, OP_using_record, cap);
    emit_jump(c, OP_gosub, r->ldispose);   /* ends by throwing the recorded completion */
    emit_jump(c, OP_jmp, lend);
    bind_label(c, r->ldispose);
    if (!r->is_async) {
        emit_op_u16(c, OP_using_dispose, cap);
    } else {
        int32_t lloop = new_label(c), ldone = new_label(c), lerr = new_label(c);
        int32_t d = f->depth;   /* the return offset is on the stack */
        bind_label(c, lloop);
        emit_op_u16(c, OP_using_step, cap);
        emit_jump(c, OP_jmp_true, ldone);
        uint32_t astart = f->code_len;
        emit_op(c, OP_await);
        uint32_t aend = f->code_len;
        emit_op(c, OP_drop);
        emit_jump(c, OP_jmp, lloop);
        /* a rejected Await is a throw completion of that resource's disposal */
        add_handler(c, astart, aend, lerr, d);
        bind_label(c, lerr);
        emit_op_u16(c, OP_using_record, cap);
        emit_jump(c, OP_jmp, lloop);
        bind_label(c, ldone);
        emit_op(c, OP_drop);
        emit_op_u16(c, OP_using_finish, cap);
    }
    emit_op(c, OP_ret);
    bind_label(c, lend);
}

void compile_stmt_list(Comp *c, AstList *list) {
    int uk = list_using_kind(list);
    UsingRegion r;
    if (uk) using_begin(c, &r, uk == 2, 0);
    for (uint32_t i = 0; i < list->count; i++) compile_stmt(c, list->items[i]);
    if (uk) using_end(c, &r);
}

static void compile_block(Comp *c, AstNode *n) {
    CScope *s = cmap_get(c, n->u.block.scope);
    if (!s) comp_error(c, n, "internal compiler error: block scope");
    enter_scope(c, s);
    emit_scope_functions(c, n->u.block.scope);
    compile_stmt_list(c, &n->u.block.body);
    leave_scope(c, s);
}

/* ---------------------------------------------------------------------------------------
 * Loops
 * ------------------------------------------------------------------------------------- */

static Ctl *push_loop(Comp *c, CtlKind kind) {
    Ctl *t = ctl_push(c, kind);
    t->break_label = new_label(c);
    t->continue_label = new_label(c);
    take_labels(c, t);
    return t;
}

static void compile_while(Comp *c, AstNode *n) {
    completion_undefined(c);
    Ctl *t = push_loop(c, CTL_LOOP);
    int32_t lbody = new_label(c);
    label_set_depth(c, lbody, c->func->depth);
    emit_jump(c, OP_jmp, t->continue_label);
    bind_label(c, lbody);
    compile_stmt(c, n->u.while_statement.body);
    bind_label(c, t->continue_label);
    emit_pos(c, n->u.while_statement.test);
    compile_cond_jump(c, n->u.while_statement.test, 1, lbody);
    bind_label(c, t->break_label);
    ctl_pop(c);
}

static void compile_do_while(Comp *c, AstNode *n) {
    completion_undefined(c);
    Ctl *t = push_loop(c, CTL_LOOP);
    int32_t lbody = new_label(c);
    bind_label(c, lbody);
    compile_stmt(c, n->u.while_statement.body);
    bind_label(c, t->continue_label);
    emit_pos(c, n->u.while_statement.test);
    compile_cond_jump(c, n->u.while_statement.test, 1, lbody);
    bind_label(c, t->break_label);
    ctl_pop(c);
}

static void compile_for(Comp *c, AstNode *n) {
    AstFor *fo = &n->u.for_statement;
    completion_undefined(c);
    CScope *s = cmap_get(c, fo->scope);
    PendingLabels saved = *pending(c);
    clear_labels(c);
    if (s) enter_scope(c, s);
    int uk = decl_using_kind(fo->init);
    UsingRegion ur;
    if (uk) using_begin(c, &ur, uk == 2, 0);
    int per_iter = s && s->has_env && fo->init && fo->init->kind == AST_VariableDeclaration &&
                   fo->init->u.var_decl.kind != AST_VAR_VAR;
    if (fo->init) {
        if (fo->init->kind == AST_VariableDeclaration) compile_var_decl(c, fo->init);
        else compile_expr_drop(c, fo->init);
    }
    if (per_iter) emit_op(c, OP_copy_env);
    *pending(c) = saved;
    Ctl *t = push_loop(c, CTL_LOOP);
    int32_t lbody = new_label(c), ltest = new_label(c);
    label_set_depth(c, lbody, c->func->depth);
    emit_jump(c, OP_jmp, ltest);
    bind_label(c, lbody);
    compile_stmt(c, fo->body);
    bind_label(c, t->continue_label);
    if (per_iter) emit_op(c, OP_copy_env);
    if (fo->update) compile_expr_drop(c, fo->update);
    bind_label(c, ltest);
    if (fo->test) {
        emit_pos(c, fo->test);
        compile_cond_jump(c, fo->test, 1, lbody);
    } else {
        emit_jump(c, OP_jmp, lbody);
    }
    bind_label(c, t->break_label);
    ctl_pop(c);
    if (uk) using_end(c, &ur);
    if (s) leave_scope(c, s);
}

/* Bind the iteration value on the stack to the for-in/of head. */
static void bind_for_head(Comp *c, AstNode *left) {
    if (left->kind == AST_VariableDeclaration) {
        AstVarDecl *vd = &left->u.var_decl;
        AstNode *id = vd->declarations.items[0]->u.declarator.id;
        emit_using_add(c, vd->kind);
        compile_pattern(c, id, decl_mode(vd->kind));
    } else {
        compile_pattern(c, left, PAT_ASSIGN);
    }
}

static void compile_for_in_of(Comp *c, AstNode *n) {
    AstForIn *fi = &n->u.for_in;
    int is_of = n->kind == AST_ForOfStatement;
    int is_await = is_of && fi->is_await;
    completion_undefined(c);
    CScope *s = cmap_get(c, fi->scope);
    PendingLabels saved = *pending(c);
    clear_labels(c);
    /* Annex B: for (var x = init in o) */
    if (!is_of && fi->left->kind == AST_VariableDeclaration) {
        AstNode *d = fi->left->u.var_decl.declarations.items[0];
        if (d->u.declarator.init) {
            AstNode *id = d->u.declarator.id;
            compile_expr_named(c, d->u.declarator.init, comp_string(c, id->u.ident.name.chars, id->u.ident.name.len));
            compile_pattern(c, id, PAT_VAR);
        }
    }
    /* the head expression is evaluated with the loop's bindings in their TDZ */
    if (s) enter_scope(c, s);
    compile_expr(c, fi->right);
    if (s) leave_scope(c, s);
    emit_pos(c, fi->right);
    *pending(c) = saved;
    Ctl *t;
    int32_t lnext = new_label(c);
    if (!is_of) {
        emit_op(c, OP_for_in_start);
        t = push_loop(c, CTL_FOR_IN);
        t->depth = c->func->depth - 1;
        int32_t ldone_in = new_label(c);
        bind_label(c, t->continue_label);
        bind_label(c, lnext);
        emit_jump(c, OP_for_in_next, ldone_in);
        if (s) enter_scope(c, s);
        bind_for_head(c, fi->left);
        compile_stmt(c, fi->body);
        if (s) leave_scope(c, s);
        emit_jump(c, OP_jmp, lnext);
        bind_label(c, ldone_in);
        emit_op(c, OP_drop);
        bind_label(c, t->break_label);
        ctl_pop(c);
        return;
    }
    if (is_await) emit_op(c, OP_get_async_iterator);
    else emit_ic2_op(c, OP_get_iterator);
    t = push_loop(c, is_await ? CTL_FOR_AWAIT : CTL_FOR_OF);
    t->depth = c->func->depth - 2;
    int32_t ldone = new_label(c), lhandler = new_label(c);
    bind_label(c, t->continue_label);
    if (is_await) {
        emit_op(c, OP_iter_call_next);
        emit_op(c, OP_await);
        emit_op(c, OP_check_object);
        emit_jump(c, OP_iter_result, ldone);
    } else {
        emit_jump(c, OP_for_of_next, ldone);
    }
    uint32_t start = c->func->code_len;
    if (s) enter_scope(c, s);
    int uk = decl_using_kind(fi->left);   /* each iteration's binding is disposed after it */
    UsingRegion ur;
    if (uk) using_begin(c, &ur, uk == 2, 1);
    bind_for_head(c, fi->left);
    compile_stmt(c, fi->body);
    if (uk) using_end(c, &ur);
    if (s) leave_scope(c, s);
    uint32_t end = c->func->code_len;
    emit_jump(c, OP_jmp, t->continue_label);
    /* exception inside: close the iterator, rethrow */
    add_handler(c, start, end, lhandler, t->depth + 2);
    bind_label(c, lhandler);
    emit_op(c, OP_rot3r);
    emit_op(c, OP_iter_close_silent);
    emit_op(c, OP_throw);
    bind_label(c, ldone);
    emit_op(c, OP_drop);
    emit_op(c, OP_drop);
    bind_label(c, t->break_label);
    ctl_pop(c);
}

/* ---------------------------------------------------------------------------------------
 * switch, labels, try, with
 * ------------------------------------------------------------------------------------- */

static void compile_switch(Comp *c, AstNode *n) {
    AstSwitch *sw = &n->u.switch_statement;
    completion_undefined(c);
    compile_expr(c, sw->discriminant);
    CScope *s = cmap_get(c, sw->scope);
    clear_labels(c);
    Ctl *t = ctl_push(c, CTL_SWITCH);
    t->break_label = new_label(c);
    if (s) enter_scope(c, s);
    if (s) emit_scope_functions(c, sw->scope);
    uint32_t ncases = sw->cases.count;
    int32_t *labels = carena_alloc(c, (ncases + 1) * sizeof(int32_t));
    int32_t ldefault = -1;
    for (uint32_t i = 0; i < ncases; i++) {
        labels[i] = new_label(c);
        AstNode *cs = sw->cases.items[i];
        if (!cs->u.switch_case.test) { ldefault = labels[i]; continue; }
        emit_op(c, OP_dup);
        compile_expr(c, cs->u.switch_case.test);
        emit_pos(c, cs);
        emit_op(c, OP_strict_eq);
        emit_jump(c, OP_jmp_true, labels[i]);
    }
    int32_t lend = new_label(c);
    emit_jump(c, OP_jmp, ldefault >= 0 ? ldefault : lend);
    for (uint32_t i = 0; i < ncases; i++) {
        bind_label(c, labels[i]);
        compile_stmt_list(c, &sw->cases.items[i]->u.switch_case.consequent);
    }
    bind_label(c, lend);
    if (s) leave_scope(c, s);
    /* break lands here with the discriminant still on the stack */
    bind_label(c, t->break_label);
    emit_op(c, OP_drop);
    ctl_pop(c);
}

static void compile_labeled(Comp *c, AstNode *n) {
    AstNode *body = n->u.labeled.body;
    PendingLabels *p = pending(c);
    if (p->n < 8) p->names[p->n++] = &n->u.labeled.label->u.ident.name;
    switch (body->kind) {
    case AST_WhileStatement: case AST_DoWhileStatement: case AST_ForStatement:
    case AST_ForInStatement: case AST_ForOfStatement: case AST_LabeledStatement:
        compile_stmt(c, body);
        return;
    default:
        break;
    }
    Ctl *t = ctl_push(c, CTL_LABEL);
    t->break_label = new_label(c);
    take_labels(c, t);
    compile_stmt(c, body);
    bind_label(c, t->break_label);
    ctl_pop(c);
}

static void compile_try(Comp *c, AstNode *n) {
    AstTry *tr = &n->u.try_statement;
    completion_undefined(c);
    clear_labels(c);
    CFunc *f = c->func;
    int32_t d = f->depth;
    uint32_t env_loc = new_local(c, 0);
    emit_op_u16(c, OP_get_loc, LOC_ENV);
    emit_put_loc(c, env_loc);
    Ctl *tf = NULL;
    int32_t lfin = -1, lfin_handler = -1;
    uint32_t fstart = 0;
    if (tr->finalizer) {
        lfin = new_label(c);
        lfin_handler = new_label(c);
        tf = ctl_push(c, CTL_FINALLY);
        tf->finally_label = lfin;
        fstart = f->code_len;
    }
    if (tr->handler) {
        int32_t lcatch = new_label(c), lafter = new_label(c);
        ctl_push(c, CTL_TRY_CATCH);
        uint32_t start = f->code_len;
        compile_block(c, tr->block);
        uint32_t end = f->code_len;
        ctl_pop(c);
        emit_jump(c, OP_jmp, lafter);
        add_handler(c, start, end, lcatch, d);
        bind_label(c, lcatch);
        emit_get_loc(c, env_loc);
        emit_op_u16(c, OP_put_loc, LOC_ENV);
        AstCatch *cc = &tr->handler->u.catch_clause;
        CScope *s = cmap_get(c, cc->scope);
        if (s) enter_scope(c, s);
        if (cc->param) compile_pattern(c, cc->param, PAT_INIT);
        else emit_op(c, OP_drop);
        compile_block(c, cc->body);
        if (s) leave_scope(c, s);
        bind_label(c, lafter);
    } else {
        compile_block(c, tr->block);
    }
    if (tr->finalizer) {
        uint32_t fend = f->code_len;
        ctl_pop(c);
        int32_t lend = new_label(c);
        emit_jump(c, OP_gosub, lfin);
        emit_jump(c, OP_jmp, lend);
        add_handler(c, fstart, fend, lfin_handler, d);
        bind_label(c, lfin_handler);
        uint32_t exc_loc = new_local(c, 0);
        emit_get_loc(c, env_loc);
        emit_op_u16(c, OP_put_loc, LOC_ENV);
        emit_put_loc(c, exc_loc);
        emit_jump(c, OP_gosub, lfin);
        emit_get_loc(c, exc_loc);
        emit_op(c, OP_throw);
        bind_label(c, lfin);
        /* the finally body: completion value is saved/restored around it */
        int32_t saved_comp = -1;
        if (f->completion_loc >= 0) {
            /* the finally block's own value only survives an abrupt exit from it */
            saved_comp = (int32_t)new_local(c, 0);
            emit_get_loc(c, (uint32_t)f->completion_loc);
            emit_put_loc(c, (uint32_t)saved_comp);
            emit_op(c, OP_push_undefined);
            emit_put_loc(c, (uint32_t)f->completion_loc);
        }
        Ctl *tb = ctl_push(c, CTL_FINALLY_BODY);
        (void)tb;
        compile_block(c, tr->finalizer);
        ctl_pop(c);
        if (saved_comp >= 0) {
            emit_get_loc(c, (uint32_t)saved_comp);
            emit_put_loc(c, (uint32_t)f->completion_loc);
        }
        emit_op(c, OP_ret);
        bind_label(c, lend);
    }
}

static void compile_with(Comp *c, AstNode *n) {
    completion_undefined(c);
    compile_expr(c, n->u.with_statement.object);
    emit_pos(c, n);
    emit_op(c, OP_to_object);
    CScope *s = cmap_get(c, n);
    if (!s) comp_error(c, n, "internal compiler error: with scope");
    clear_labels(c);
    enter_scope(c, s);
    emit_var_put(c, s->vars[0], s, 0);
    compile_stmt(c, n->u.with_statement.body);
    leave_scope(c, s);
}

/* ---------------------------------------------------------------------------------------
 * Statements
 * ------------------------------------------------------------------------------------- */

void compile_stmt(Comp *c, AstNode *n) {
    if (!n) return;
    if (n->kind != AST_LabeledStatement && n->kind != AST_ForStatement && n->kind != AST_WhileStatement &&
        n->kind != AST_DoWhileStatement && n->kind != AST_ForInStatement && n->kind != AST_ForOfStatement)
        clear_labels(c);
    emit_pos(c, n);
    switch (n->kind) {
    case AST_ExpressionStatement:
        if (c->func->completion_loc >= 0) {
            compile_expr(c, n->u.expression_statement.expression);
            emit_put_loc(c, (uint32_t)c->func->completion_loc);
        } else {
            compile_expr_drop(c, n->u.expression_statement.expression);
        }
        break;
    case AST_VariableDeclaration: compile_var_decl(c, n); break;
    case AST_FunctionDeclaration:
        if (n->u.function.annexb) compile_annexb_copy(c, n);
        break;
    case AST_ClassDeclaration:
        compile_class(c, n, 0, 1);
        emit_ident_put(c, n->u.klass.id, 1);
        break;
    case AST_BlockStatement: compile_block(c, n); break;
    case AST_EmptyStatement: break;
    case AST_DebuggerStatement: emit_op(c, OP_debugger); break;
    case AST_IfStatement: {
        AstIf *s = &n->u.if_statement;
        completion_undefined(c);
        int32_t lelse = new_label(c), lend = new_label(c);
        compile_cond_jump(c, s->test, 0, lelse);
        compile_stmt(c, s->consequent);
        if (s->alternate) {
            emit_jump(c, OP_jmp, lend);
            bind_label(c, lelse);
            compile_stmt(c, s->alternate);
            bind_label(c, lend);
        } else {
            bind_label(c, lelse);
        }
        break;
    }
    case AST_WhileStatement: compile_while(c, n); break;
    case AST_DoWhileStatement: compile_do_while(c, n); break;
    case AST_ForStatement: compile_for(c, n); break;
    case AST_ForInStatement:
    case AST_ForOfStatement: compile_for_in_of(c, n); break;
    case AST_ReturnStatement:
        if (n->u.argument_statement.argument) {
            compile_expr(c, n->u.argument_statement.argument);
            if (c->func->is_async && c->func->is_generator) emit_op(c, OP_await);
        } else {
            emit_op(c, OP_push_undefined);
        }
        emit_return(c);
        break;
    case AST_ThrowStatement:
        compile_expr(c, n->u.argument_statement.argument);
        emit_pos(c, n);
        emit_op(c, OP_throw);
        break;
    case AST_BreakStatement: compile_jump_stmt(c, n, 0); break;
    case AST_ContinueStatement: compile_jump_stmt(c, n, 1); break;
    case AST_LabeledStatement: compile_labeled(c, n); break;
    case AST_SwitchStatement: compile_switch(c, n); break;
    case AST_TryStatement: compile_try(c, n); break;
    case AST_WithStatement: compile_with(c, n); break;
    case AST_ImportDeclaration:
        break;
    case AST_ExportNamedDeclaration:
        if (n->u.export_named.declaration) compile_stmt(c, n->u.export_named.declaration);
        break;
    case AST_ExportDefaultDeclaration: {
        AstNode *d = n->u.export_default.declaration;
        if (d->kind == AST_FunctionDeclaration) break;   /* hoisted */
        if (d->kind == AST_ClassDeclaration) {
            compile_class(c, d, d->u.klass.id ? 0 : ATOM(c->vm, default_), 1);
            if (d->u.klass.id) emit_ident_put(c, d->u.klass.id, 1);
            else {
                static const uint16_t def[] = { '*', 'd', 'e', 'f', 'a', 'u', 'l', 't', '*' };
                emit_var_ref(c, def, 9, REF_INIT, NULL);
            }
            break;
        }
        compile_expr_named(c, d, ATOM(c->vm, default_));
        {
            static const uint16_t def[] = { '*', 'd', 'e', 'f', 'a', 'u', 'l', 't', '*' };
            emit_var_ref(c, def, 9, REF_INIT, NULL);
        }
        break;
    }
    case AST_ExportAllDeclaration:
        break;
    default:
        comp_error(c, n, "unsupported statement (%s)", ast_kind_name((AstKind)n->kind));
    }
}

/* ---------------------------------------------------------------------------------------
 * Top level
 * ------------------------------------------------------------------------------------- */

/* GlobalDeclarationInstantiation descriptor: CELL_ARRAY of (name, kind) pairs; kinds:
 * 0 var, 1 function, 2 let, 3 const, 4 class. */
static uint32_t global_decl_const(Comp *c, const AstScope *as) {
    uint32_t n = as->var_count + as->lexical_count;
    Ref r = heap_alloc_values(c->vm, CELL_ARRAY, 0, 2 * (size_t)n, VAL_UNDEFINED);
    if (!r) comp_oom(c);
    uint32_t k = 0;
    for (uint32_t i = 0; i < as->var_count; i++) {
        Value a = comp_atom(c, as->vars[i].name.chars, as->vars[i].name.len);
        Value *w = vm_cell_values(c->vm, r);
        w[2 * k] = a;
        w[2 * k + 1] = val_int(as->vars[i].kind == AST_BIND_FUNCTION ? 1 : 0);
        k++;
    }
    for (uint32_t i = 0; i < as->lexical_count; i++) {
        Value a = comp_atom(c, as->lexical[i].name.chars, as->lexical[i].name.len);
        Value *w = vm_cell_values(c->vm, r);
        uint8_t bk = as->lexical[i].kind;
        w[2 * k] = a;
        w[2 * k + 1] = val_int(bk == AST_BIND_CONST ? 3 : bk == AST_BIND_CLASS ? 4 : 2);
        k++;
    }
    return add_const(c, val_cell(r));
}

/* Build the scope chain of a direct eval's caller from its run-time env chain. */
static CScope *outer_scopes(Comp *c, Value env) {
    VM *vm = c->vm;
    CScope *first = NULL, *last = NULL;
    while (val_is_cell(env)) {
        Value *w = vm_cell_values(vm, val_ref(env));
        Value desc = w[ENV_SCOPE];
        CScope *s = carena_alloc(c, sizeof(CScope));
        s->comp = c;
        s->outer = 1;
        s->has_env = 1;
        s->assigned = 1;
        s->desc_const = -1;
        if (val_is_cell(desc)) {
            Value *dw = vm_cell_values(vm, val_ref(desc));
            int32_t kind = val_to_int(dw[SD_KIND]);
            int32_t n = val_to_int(dw[SD_COUNT]);
            s->kind = (uint8_t)(kind & SCOPE_KIND_MASK);
            s->scope_flags = (uint32_t)kind & ~(uint32_t)SCOPE_KIND_MASK;
            s->strict = (kind & SCF_STRICT) != 0;
            s->vars = carena_alloc(c, (size_t)(n + 1) * sizeof(CVar *));
            s->cap = (uint32_t)n + 1;
            for (int32_t i = 0; i < n; i++) {
                dw = vm_cell_values(vm, val_ref(desc));
                Value name = dw[SD_VARS + 2 * i];
                int32_t info = val_to_int(dw[SD_VARS + 2 * i + 1]);
                if (!val_is_string(name)) continue;
                CVar *v = carena_alloc(c, sizeof(CVar));
                uint32_t len = str_length(vm, name);
                uint16_t *chars = carena_alloc(c, (len + 1) * sizeof(uint16_t));
                for (uint32_t j = 0; j < len; j++) chars[j] = str_at(vm, name, j);
                v->name = chars;
                v->len = len;
                v->kind = (uint8_t)(info & SV_KIND_MASK);
                v->is_param = (info & SVF_PARAM) != 0;
                v->captured = 1;
                v->store = VS_ENV;
                v->idx = i;
                v->arg = v->loc = -1;
                v->init_end = UINT32_MAX;
                v->atom = name;
                v->is_lexical_decl = v->kind == SV_LET || v->kind == SV_CONST || v->kind == SV_CLASS;
                if (v->kind == SV_WITH) s->dyn = SV_WITH;
                if (v->kind == SV_EVAL_VARS) s->dyn = SV_EVAL_VARS;
                s->vars[s->nvars++] = v;
                w = vm_cell_values(vm, val_ref(env));
            }
            /* the dynamic object must be vars[0] */
            for (uint32_t i = 0; i < s->nvars; i++) {
                if (s->vars[i]->kind == SV_WITH || s->vars[i]->kind == SV_EVAL_VARS) {
                    CVar *t = s->vars[0]; s->vars[0] = s->vars[i]; s->vars[i] = t;
                    break;
                }
            }
        }
        w = vm_cell_values(vm, val_ref(env));
        if (last) last->parent = s; else first = s;
        last = s;
        env = w[ENV_PARENT];
    }
    return first;
}

/* The nearest function-level var scope among the eval's outer scopes (or NULL = global). */
static CScope *outer_var_scope(CScope *s) {
    for (; s; s = s->parent) {
        uint8_t k = s->kind;
        if (k == SCOPE_FUNCTION || k == SCOPE_PARAMS || k == SCOPE_EVAL || k == SCOPE_MODULE) return s;
    }
    return NULL;
}

/* EvalDeclarationInstantiation conflict check: a sloppy eval's var name may not be declared
 * lexically in any scope between the eval and its variable environment (catch parameters
 * excepted, Annex B.3.4), nor lexically in the variable environment itself. */
static void eval_var_conflicts(Comp *c, const AstScope *as, CScope *varscope) {
    for (uint32_t i = 0; i < as->var_count; i++) {
        const AstBinding *b = &as->vars[i];
        for (CScope *s = c->outer_scope; s; s = s->parent) {
            CVar *v = scope_find_local(s, b->name.chars, b->name.len);
            /* bindings between the eval and its variable environment conflict (catch
             * parameters excepted, B.3.4); in the variable environment only lexical ones; an
             * eval in parameter expressions also conflicts with the parameters */
            int conflict = 0;
            if (v && v->kind != SV_THIS && v->kind != SV_NEW_TARGET && v->kind != SV_FUNC &&
                v->kind != SV_EVAL_VARS && v->kind != SV_WITH) {
                if (s != varscope) conflict = v->kind != SV_CATCH && v->kind != SV_FUNC_NAME;
                else conflict = v->is_lexical_decl || s->kind == SCOPE_PARAMS;
            }
            if (conflict) {
                char nm[128];
                uint32_t k = 0;
                for (; k < b->name.len && k < sizeof nm - 1; k++) nm[k] = (char)(b->name.chars[k] < 128 ? b->name.chars[k] : '?');
                nm[k] = 0;
                comp_error(c, b->node, "Identifier '%s' has already been declared", nm);
            }
            if (s == varscope) break;
        }
    }
}

/* The eval-vars object variable for eval code whose variable environment is vs (its scope in
 * *where), or NULL. */
static CVar *eval_vars_of(CScope *vs, CScope **where) {
    if (vs->nvars && vs->vars[0]->kind == SV_EVAL_VARS) { *where = vs; return vs->vars[0]; }
    CScope *p = vs->parent;
    if (vs->kind == SCOPE_FUNCTION && p && p->kind == SCOPE_PARAMS && p->nvars && p->vars[0]->kind == SV_EVAL_VARS) {
        *where = p;
        return p->vars[0];
    }
    return NULL;
}

static void compile_script_top(Comp *c, CFunc *f) {
    AstProgram *p = &c->ast->root->u.program;
    f->depth = 0;
    c->scope = f->var_scope;
    scope_assign(c, f->var_scope);
    emit_op_u32(c, OP_global_decl, global_decl_const(c, p->scope));
    emit_scope_functions(c, p->scope);
    f->completion_loc = (int32_t)new_local(c, 0);
    compile_stmt_list(c, &p->body);
    emit_get_loc(c, (uint32_t)f->completion_loc);
    emit_op(c, OP_return);
}

static void compile_eval_top(Comp *c, CFunc *f) {
    AstProgram *p = &c->ast->root->u.program;
    const AstScope *as = p->scope;
    f->depth = 0;
    CScope *top = f->var_scope;
    scope_assign(c, top);
    c->scope = top;
    if (top->has_env) emit_op_u32(c, OP_push_env, (uint32_t)scope_desc_const(c, top));
    emit_tdz_init(c, top);
    f->completion_loc = (int32_t)new_local(c, 0);
    if (!f->strict) {
        /* sloppy: vars and functions go to the caller's variable environment */
        CScope *vs = outer_var_scope(c->outer_scope);
        eval_var_conflicts(c, as, vs);
        if (!vs && as->var_count) {
            /* global variable environment: check every declaration before creating any
             * (kinds 5 eval var, 6 eval function: see iop_global_decl) */
            Ref r = heap_alloc_values(c->vm, CELL_ARRAY, 0, 2 * (size_t)as->var_count, VAL_UNDEFINED);
            if (!r) comp_oom(c);
            for (uint32_t i = 0; i < as->var_count; i++) {
                Value a = comp_atom(c, as->vars[i].name.chars, as->vars[i].name.len);
                Value *w = vm_cell_values(c->vm, r);
                w[2 * i] = a;
                w[2 * i + 1] = val_int(as->vars[i].kind == AST_BIND_FUNCTION ? 6 : 5);
            }
            emit_op_u32(c, OP_global_decl, add_const(c, val_cell(r)));
        }
        for (uint32_t i = 0; i < as->var_count; i++) {
            const AstBinding *b = &as->vars[i];
            Value a = comp_atom(c, b->name.chars, b->name.len);
            if (vs && scope_find_local(vs, b->name.chars, b->name.len)) continue;
            if (vs) {
                CScope *evs;
                CVar *ev = eval_vars_of(vs, &evs);
                if (!ev) continue;
                int is_fn = b->kind == AST_BIND_FUNCTION;
                if (is_fn) continue;   /* defined with its value below */
                emit_var_get(c, ev, evs, 0);
                emit_op(c, OP_push_undefined);
                emit_atom_u8_op(c, OP_eval_var_decl, a, 0);
            } else {
                if (b->kind == AST_BIND_FUNCTION) continue;
                emit_op(c, OP_push_undefined);
                emit_atom_u8_op(c, OP_init_global, a, 4);
            }
        }
        for (uint32_t i = 0; i < as->function_count; i++) {
            AstNode *fn = as->functions[i];
            AstStr nm = fn->u.function.id->u.ident.name;
            CFunc *nf = compile_nested_function(c, fn);
            Value a = comp_atom(c, nm.chars, nm.len);
            if (vs && scope_find_local(vs, nm.chars, nm.len)) {
                emit_closure(c, nf);
                emit_var_ref(c, nm.chars, nm.len, REF_PUT, NULL);
            } else if (vs) {
                CScope *evs;
                CVar *ev = eval_vars_of(vs, &evs);
                if (!ev) comp_error(c, fn, "internal compiler error: eval var object");
                emit_var_get(c, ev, evs, 0);
                emit_closure(c, nf);
                emit_atom_u8_op(c, OP_eval_var_decl, a, 1);
            } else {
                emit_closure(c, nf);
                emit_atom_u8_op(c, OP_init_global, a, 5);
            }
        }
    } else {
        emit_scope_functions(c, as);
    }
    compile_stmt_list(c, &p->body);
    emit_get_loc(c, (uint32_t)f->completion_loc);
    emit_op(c, OP_return);
}

/* ---------------------------------------------------------------------------------------
 * Modules
 * ------------------------------------------------------------------------------------- */

static const uint16_t star_default16[] = { '*', 'd', 'e', 'f', 'a', 'u', 'l', 't', '*' };

/* A growable list of Values in the arena. */
typedef struct VList {
    Value *v;
    uint32_t n, cap;
} VList;

static void vl_push(Comp *c, VList *l, Value v) {
    if (l->n == l->cap) {
        uint32_t ncap = l->cap ? l->cap * 2 : 16;
        Value *nv = carena_alloc(c, ncap * sizeof(Value));
        if (l->n) memcpy(nv, l->v, l->n * sizeof(Value));
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = v;
}

static Value vl_cell(Comp *c, VList *l) {
    if (!l->n) return VAL_UNDEFINED;   /* empty (a cell always has at least one word) */
    Ref r = heap_alloc_values(c->vm, CELL_ARRAY, 0, l->n, VAL_UNDEFINED);
    if (!r) comp_oom(c);
    if (l->n) memcpy(vm_cell_values(c->vm, r), l->v, l->n * sizeof(Value));
    return val_cell(r);
}

/* Name string of an Identifier / StringLiteral module export or import name. */
static Value module_name(Comp *c, AstNode *n) {
    if (n->kind == AST_StringLiteral) return comp_atom(c, n->u.string.value.chars, n->u.string.value.len);
    return comp_atom(c, n->u.ident.name.chars, n->u.ident.name.len);
}

/* Index of a module request (ModuleRequest Record: specifier string literal and its `type`
 * import attribute, NULL when absent), added when new. req holds the specifiers, types
 * the parallel `type` values (undefined when absent). */
static int32_t module_request(Comp *c, VList *req, VList *types, AstNode *src, AstNode *type) {
    Value s = comp_atom(c, src->u.string.value.chars, src->u.string.value.len);
    Value t = type ? comp_atom(c, type->u.string.value.chars, type->u.string.value.len) : VAL_UNDEFINED;
    for (uint32_t i = 0; i < req->n; i++)
        if (req->v[i] == s && types->v[i] == t) return (int32_t)i;
    vl_push(c, req, s);
    vl_push(c, types, t);
    return (int32_t)req->n - 1;
}

/* Env index of a module-scope variable. */
static int32_t module_var_idx(Comp *c, CScope *top, const uint16_t *name, uint32_t len, const AstNode *at) {
    CVar *v = scope_find_local(top, name, len);
    if (!v || v->store != VS_ENV) comp_error(c, at, "internal compiler error: module binding");
    return v->idx;
}

static void compile_module_top(Comp *c, CFunc *f) {
    AstProgram *p = &c->ast->root->u.program;
    VM *vm = c->vm;
    f->depth = 0;
    CScope *top = f->var_scope;
    scope_assign(c, top);
    c->scope = top;
    int32_t desc_k = scope_desc_const(c, top);
    VList req = { 0 }, req_types = { 0 }, imports = { 0 }, locals = { 0 }, indirect = { 0 }, stars = { 0 }, funcs = { 0 };
    /* module-level function declarations: instantiated at link time */
    for (uint32_t i = 0; i < p->scope->function_count; i++) {
        AstNode *fn = p->scope->functions[i];
        AstNode *id = fn->u.function.id;
        CFunc *nf = cmap_get(c, fn->u.function.info);
        if (nf && !id) nf->name = ATOM(vm, default_);
        nf = compile_nested_function(c, fn);
        vl_push(c, &funcs, nf->name);
        if (id) vl_push(c, &funcs, val_int(module_var_idx(c, top, id->u.ident.name.chars, id->u.ident.name.len, fn)));
        else vl_push(c, &funcs, val_int(module_var_idx(c, top, star_default16, 9, fn)));
    }
    /* import / export entries */
    for (uint32_t i = 0; i < p->body.count; i++) {
        AstNode *n = p->body.items[i];
        switch (n->kind) {
        case AST_ImportDeclaration: {
            int32_t r = module_request(c, &req, &req_types, n->u.import_decl.source, n->u.import_decl.with_type);
            AstList *sp = &n->u.import_decl.specifiers;
            for (uint32_t j = 0; j < sp->count; j++) {
                AstNode *s1 = sp->items[j];
                AstNode *local = s1->u.import_specifier.local;
                vl_push(c, &imports, val_int(r));
                if (s1->kind == AST_ImportNamespaceSpecifier) vl_push(c, &imports, VAL_NULL);
                else if (s1->kind == AST_ImportDefaultSpecifier) vl_push(c, &imports, ATOM(vm, default_));
                else vl_push(c, &imports, module_name(c, s1->u.import_specifier.imported));
                vl_push(c, &imports, val_int(module_var_idx(c, top, local->u.ident.name.chars, local->u.ident.name.len, local)));
            }
            break;
        }
        case AST_ExportNamedDeclaration: {
            AstExportNamed *en = &n->u.export_named;
            if (en->declaration) {
                AstNode *d = en->declaration;
                if (d->kind == AST_VariableDeclaration) {
                    /* every bound name of the declaration */
                    for (uint32_t k = 0; k < p->scope->var_count + p->scope->lexical_count; k++) {
                        const AstBinding *b = k < p->scope->var_count ? &p->scope->vars[k] : &p->scope->lexical[k - p->scope->var_count];
                        if (!b->node || b->node->start < d->start || b->node->end > d->end) continue;
                        if (b->kind == AST_BIND_IMPORT) continue;
                        Value nm = comp_atom(c, b->name.chars, b->name.len);
                        int dup = 0;
                        for (uint32_t q = 0; q < locals.n; q += 2) if (locals.v[q] == nm) dup = 1;
                        if (dup) continue;
                        vl_push(c, &locals, nm);
                        vl_push(c, &locals, val_int(module_var_idx(c, top, b->name.chars, b->name.len, d)));
                    }
                } else {
                    AstNode *id = d->kind == AST_FunctionDeclaration ? d->u.function.id : d->u.klass.id;
                    vl_push(c, &locals, comp_atom(c, id->u.ident.name.chars, id->u.ident.name.len));
                    vl_push(c, &locals, val_int(module_var_idx(c, top, id->u.ident.name.chars, id->u.ident.name.len, id)));
                }
                break;
            }
            int32_t r = en->source ? module_request(c, &req, &req_types, en->source, en->with_type) : -1;
            for (uint32_t j = 0; j < en->specifiers.count; j++) {
                AstNode *sp = en->specifiers.items[j];
                AstNode *local = sp->u.export_specifier.local;
                Value exported = module_name(c, sp->u.export_specifier.exported);
                if (r >= 0) {
                    vl_push(c, &indirect, exported);
                    vl_push(c, &indirect, val_int(r));
                    vl_push(c, &indirect, module_name(c, local));
                    continue;
                }
                CVar *v = scope_find_local(top, local->u.ident.name.chars, local->u.ident.name.len);
                if (!v) comp_error(c, local, "Export '%s' is not defined in module", "?");
                if (v->kind == SV_IMPORT) {
                    /* re-export of an import: find its import entry */
                    int found = 0;
                    for (uint32_t q = 0; q < imports.n; q += 3) {
                        if (val_to_int(imports.v[q + 2]) != v->idx) continue;
                        vl_push(c, &indirect, exported);
                        vl_push(c, &indirect, imports.v[q]);
                        vl_push(c, &indirect, imports.v[q + 1]);
                        found = 1;
                        break;
                    }
                    if (found) continue;
                }
                vl_push(c, &locals, exported);
                vl_push(c, &locals, val_int(v->idx));
            }
            break;
        }
        case AST_ExportDefaultDeclaration: {
            AstNode *d = n->u.export_default.declaration;
            AstNode *id = (d->kind == AST_FunctionDeclaration) ? d->u.function.id :
                          (d->kind == AST_ClassDeclaration) ? d->u.klass.id : NULL;
            vl_push(c, &locals, ATOM(vm, default_));
            if (id) vl_push(c, &locals, val_int(module_var_idx(c, top, id->u.ident.name.chars, id->u.ident.name.len, id)));
            else vl_push(c, &locals, val_int(module_var_idx(c, top, star_default16, 9, d)));
            break;
        }
        case AST_ExportAllDeclaration: {
            int32_t r = module_request(c, &req, &req_types, n->u.export_all.source, n->u.export_all.with_type);
            if (n->u.export_all.exported) {
                vl_push(c, &indirect, module_name(c, n->u.export_all.exported));
                vl_push(c, &indirect, val_int(r));
                vl_push(c, &indirect, VAL_NULL);
            } else {
                vl_push(c, &stars, val_int(r));
            }
            break;
        }
        default:
            break;
        }
    }
    compile_stmt_list(c, &p->body);
    if (c->func->depth >= 0) emit_op(c, OP_return_undef);
    Value fd = finish_function(c, f);
    VList info = { 0 };
    vl_push(c, &info, fd);
    vl_push(c, &info, f->consts[desc_k]);
    vl_push(c, &info, vl_cell(c, &req));
    vl_push(c, &info, vl_cell(c, &imports));
    vl_push(c, &info, vl_cell(c, &locals));
    vl_push(c, &info, vl_cell(c, &indirect));
    vl_push(c, &info, vl_cell(c, &stars));
    vl_push(c, &info, vl_cell(c, &funcs));
    vl_push(c, &info, val_bool(f->is_async));
    vl_push(c, &info, vl_cell(c, &req_types));
    f->name = vl_cell(c, &info);
}

/* Analyze and compile the whole program; f->name receives the result funcdef. */
void compile_toplevel(Comp *c, CFunc *f) {
    AstProgram *p = &c->ast->root->u.program;
    const CompileOptions *opt = c->opt;
    f->info = p->func;
    f->strict = p->func->is_strict;
    f->src_start = 0;
    f->src_end = (uint32_t)c->ast->source_len;
    f->line = 1;
    f->column = 1;
    f->name = ATOM(c->vm, empty);
    switch (opt->kind) {
    case COMPILE_SCRIPT:
    case COMPILE_DYNAMIC_FUNCTION:
        f->kind = CFK_SCRIPT;
        f->force_env = p->func->has_direct_eval || p->func->inner_has_direct_eval;
        f->has_eval = p->func->has_direct_eval;
        f->top = f->param_scope = f->var_scope = scope_new(c, NULL, f, SCOPE_FUNCTION, p->scope);
        f->var_scope->is_var_scope = 1;
        break;
    case COMPILE_EVAL: {
        f->kind = CFK_EVAL;
        c->eval_flags = opt->eval_flags;
        if (opt->eval_flags & CEF_STRICT) f->strict = 1;
        c->outer_scope = (opt->eval_flags & CEF_DIRECT) ? outer_scopes(c, opt->eval_env) : NULL;
        f->force_env = p->func->has_direct_eval || p->func->inner_has_direct_eval;
        CScope *top = scope_new(c, c->outer_scope, f, SCOPE_EVAL, p->scope);
        top->is_var_scope = 1;
        f->top = f->param_scope = f->var_scope = top;
        for (uint32_t i = 0; i < p->scope->lexical_count; i++) {
            const AstBinding *b = &p->scope->lexical[i];
            CVar *v = scope_declare(c, top, b->name.chars, b->name.len,
                                    b->kind == AST_BIND_CONST ? SV_CONST : b->kind == AST_BIND_CLASS ? SV_CLASS : SV_LET);
            v->is_lexical_decl = 1;
        }
        if (f->strict) {
            for (uint32_t i = 0; i < p->scope->var_count; i++)
                scope_declare(c, top, p->scope->vars[i].name.chars, p->scope->vars[i].name.len, SV_VAR);
        }
        break;
    }
    case COMPILE_MODULE: {
        f->kind = CFK_MODULE;
        f->strict = 1;
        f->is_async = p->func->is_async || p->func->contains_await;
        c->is_module = 1;
        f->force_env = p->func->has_direct_eval || p->func->inner_has_direct_eval;
        CScope *top = scope_new(c, NULL, f, SCOPE_MODULE, p->scope);
        top->is_var_scope = 1;
        f->top = f->param_scope = f->var_scope = top;
        for (uint32_t i = 0; i < p->scope->var_count; i++)
            scope_declare(c, top, p->scope->vars[i].name.chars, p->scope->vars[i].name.len, SV_VAR);
        for (uint32_t i = 0; i < p->scope->lexical_count; i++) {
            const AstBinding *b = &p->scope->lexical[i];
            uint8_t k = b->kind == AST_BIND_LET ? SV_LET : b->kind == AST_BIND_CONST ? SV_CONST :
                        b->kind == AST_BIND_CLASS ? SV_CLASS : b->kind == AST_BIND_IMPORT ? SV_IMPORT : SV_VAR;
            CVar *v = scope_declare(c, top, b->name.chars, b->name.len, k);
            v->is_lexical_decl = k == SV_LET || k == SV_CONST || k == SV_CLASS;
        }
        break;
    }
    }
    scope_analyze_program(c, f);
    c->func = f;
    if (opt->kind == COMPILE_MODULE) {
        compile_module_top(c, f);
        return;
    }
    if (opt->kind == COMPILE_EVAL) compile_eval_top(c, f);
    else compile_script_top(c, f);
    Value fd = finish_function(c, f);
    if (opt->kind == COMPILE_DYNAMIC_FUNCTION) {
        /* the single FunctionExpression's template is the first funcdef constant */
        AstNode *st = p->body.count ? p->body.items[0] : NULL;
        if (!st || st->kind != AST_ExpressionStatement)
            comp_error(c, c->ast->root, "internal compiler error: dynamic function");
        CFunc *inner = cmap_get(c, st->u.expression_statement.expression->u.function.info);
        if (!inner) comp_error(c, c->ast->root, "internal compiler error: dynamic function");
        fd = inner->name;
    }
    f->name = fd;
}
