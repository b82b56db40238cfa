/* compiler_pattern.c — destructuring: binding patterns (declarations, parameters, catch,
 * for-in/of heads) and assignment patterns, with defaults, rest elements and iterator
 * closing on abrupt completion. The value to destructure is on the operand stack. */
#include <string.h>
#include "compiler_int.h"

int is_pattern(AstNode *n) {
    return n && (n->kind == AST_ObjectPattern || n->kind == AST_ArrayPattern);
}

/* PAT_* mode -> emit_ident_put init kind (0 assign, 1 let, 2 const, 3 var). */
static int init_kind(int mode) {
    switch (mode) {
    case PAT_INIT: return 1;
    case PAT_CONST: return 2;
    case PAT_VAR: return 3;
    default: return 0;
    }
}

/* Name (string) of an identifier target, for anonymous function naming; 0 otherwise. */
static Value target_name(Comp *c, AstNode *t) {
    if (t && t->kind == AST_Identifier) return comp_string(c, t->u.ident.name.chars, t->u.ident.name.len);
    return 0;
}

/* Apply a default: [v] -> [v or default]. */
static void emit_default(Comp *c, AstNode *dflt, AstNode *target) {
    int32_t l = new_label(c);
    emit_op(c, OP_dup);
    emit_jump(c, OP_jmp_not_undefined, l);
    emit_op(c, OP_drop);
    Value nm = target_name(c, target);
    if (nm) compile_expr_named(c, dflt, nm);
    else compile_expr(c, dflt);
    bind_label(c, l);
}

/* A destructuring assignment target whose reference is evaluated before its value is
 * obtained (member expressions in assignment patterns): base parts kept in temporaries. */
typedef struct TargetRef {
    int kind;               /* 0 none (identifier / nested pattern), 1 field, 2 elem, 3 private, 4 super,
                             * 5 identifier resolved through with / eval scopes (object in t1) */
    uint32_t t1, t2, t3;    /* temporaries */
    Value atom;             /* field name */
} TargetRef;

/* Is t a member-expression target of an assignment pattern? */
static int is_member_target(AstNode *t, int mode) {
    return mode == PAT_ASSIGN && t && t->kind == AST_MemberExpression;
}

/* Evaluate the reference parts of target t (before its value is produced). */
static void target_begin(Comp *c, AstNode *t, int mode, TargetRef *r) {
    memset(r, 0, sizeof *r);
    if (t && t->kind == AST_Identifier) {
        /* ResolveBinding happens before the value is fetched (observable through with) */
        int32_t tmp = emit_dyn_ref_begin(c, t);
        if (tmp >= 0) { r->kind = 5; r->t1 = (uint32_t)tmp; }
        return;
    }
    if (!is_member_target(t, mode)) return;
    AstMember *m = &t->u.member;
    if (m->object->kind == AST_Super) {
        r->kind = 4;
        r->t1 = new_local(c, 0); r->t2 = new_local(c, 0); r->t3 = new_local(c, 0);
        emit_this(c, t);
        emit_put_loc(c, r->t1);
        if (m->computed) compile_expr(c, m->property);
        else emit_push_value(c, prop_static_key(c, m->property));
        emit_put_loc(c, r->t2);
        emit_func_pseudo(c, " func", t);
        emit_op(c, OP_super_base);
        emit_put_loc(c, r->t3);
        return;
    }
    r->t1 = new_local(c, 0);
    compile_expr(c, m->object);
    emit_put_loc(c, r->t1);
    if (m->property->kind == AST_PrivateIdentifier) {
        r->kind = 3;
        r->t2 = new_local(c, 0);
        AstStr nm = m->property->u.ident.name;
        uint16_t *s = carena_alloc(c, (nm.len + 1) * sizeof(uint16_t));
        s[0] = '#';
        if (nm.len) memcpy(s + 1, nm.chars, nm.len * sizeof(uint16_t));
        Resolved rs;
        scope_resolve(c, c->scope, c->func, s, nm.len + 1, &rs);
        if (!rs.var) comp_error(c, t, "undeclared private name");
        emit_var_get(c, rs.var, rs.scope, 0);
        emit_put_loc(c, r->t2);
    } else if (m->computed) {
        r->kind = 2;
        r->t2 = new_local(c, 0);
        compile_expr(c, m->property);
        emit_put_loc(c, r->t2);
    } else {
        r->kind = 1;
        r->atom = prop_key_atom(c, m->property);
        if (!r->atom) {
            r->kind = 2;
            r->t2 = new_local(c, 0);
            compile_expr(c, m->property);
            emit_put_loc(c, r->t2);
        }
    }
}

/* Store [v] into target t, whose reference parts target_begin evaluated. */
static void target_end(Comp *c, AstNode *t, int mode, TargetRef *r) {
    switch (r->kind) {
    case 1:   /* v -> obj v */
        emit_get_loc(c, r->t1);
        emit_op(c, OP_swap);
        emit_pos(c, t);
        emit_atom_ic_op(c, OP_put_field, r->atom);
        return;
    case 2:   /* v -> obj key v */
        emit_get_loc(c, r->t1);
        emit_get_loc(c, r->t2);
        emit_op(c, OP_rot3l);
        emit_pos(c, t);
        emit_op(c, OP_put_elem);
        return;
    case 3:
        emit_get_loc(c, r->t1);
        emit_get_loc(c, r->t2);
        emit_op(c, OP_rot3l);
        emit_ic_op(c, OP_put_private);
        return;
    case 4:   /* v -> this key func v */
        emit_get_loc(c, r->t1);
        emit_get_loc(c, r->t2);
        emit_get_loc(c, r->t3);
        emit_op(c, OP_rot4l);
        emit_op(c, OP_put_super);
        return;
    case 5:
        emit_dyn_ref_put_init(c, t, (int32_t)r->t1, init_kind(mode));
        return;
    default:
        break;
    }
    if (t->kind == AST_Identifier) {
        emit_ident_put(c, t, init_kind(mode));
        return;
    }
    compile_pattern(c, t, mode);
}

/* Store [v] into a simple assignment target (reference evaluated now). */
static void store_target(Comp *c, AstNode *t, int mode) {
    if (t->kind == AST_Identifier) {
        emit_ident_put(c, t, init_kind(mode));
        return;
    }
    if (t->kind == AST_MemberExpression && mode == PAT_ASSIGN) {
        /* [v]: evaluate the reference into temporaries, then store */
        uint32_t tv = new_local(c, 0);
        emit_put_loc(c, tv);
        TargetRef r;
        target_begin(c, t, mode, &r);
        emit_get_loc(c, tv);
        target_end(c, t, mode, &r);
        return;
    }
    comp_error(c, t, "Invalid destructuring assignment target");
}

/* Split an element into its target and default (NULL when none). */
static AstNode *element_target(AstNode *e, AstNode **dflt) {
    if (e->kind == AST_AssignmentPattern) {
        *dflt = e->u.assignment_pattern.right;
        return e->u.assignment_pattern.left;
    }
    *dflt = NULL;
    return e;
}

/* Bind/assign [v] to an element target that may carry a default (AssignmentPattern). */
static void bind_element(Comp *c, AstNode *t, int mode) {
    if (t->kind == AST_AssignmentPattern) {
        emit_default(c, t->u.assignment_pattern.right, t->u.assignment_pattern.left);
        compile_pattern(c, t->u.assignment_pattern.left, mode);
        return;
    }
    compile_pattern(c, t, mode);
}

/* Push the static key of a non-computed property key node. */
static void push_static_key(Comp *c, AstNode *key) {
    emit_push_value(c, prop_static_key(c, key));
}

static void compile_object_pattern(Comp *c, AstNode *p, int mode) {
    AstList *props = &p->u.object.properties;
    int has_rest = props->count && props->items[props->count - 1]->kind == AST_RestElement;
    emit_pos(c, p);
    emit_op(c, OP_require_coercible);
    uint32_t *key_locs = has_rest ? carena_alloc(c, (props->count + 1) * sizeof(uint32_t)) : NULL;
    for (uint32_t i = 0; i < props->count; i++) {
        AstNode *e = props->items[i];
        if (e->kind == AST_RestElement) {
            /* [v] k1 .. kn -> rest */
            for (uint32_t j = 0; j < i; j++) {
                AstNode *pe = props->items[j];
                if (pe->u.property.computed) emit_get_loc(c, key_locs[j]);
                else push_static_key(c, pe->u.property.key);
            }
            emit_op_u16(c, OP_object_rest, (uint16_t)i);
            compile_pattern(c, e->u.argument_expression.argument, mode);
            return;
        }
        AstProperty *pr = &e->u.property;
        AstNode *dflt;
        AstNode *tgt = element_target(pr->value, &dflt);
        uint32_t kloc = 0;
        if (pr->computed) {
            compile_expr(c, pr->key);
            emit_op(c, OP_to_propkey);
            kloc = new_local(c, 0);
            emit_put_loc(c, kloc);
            if (has_rest) key_locs[i] = kloc;
        }
        TargetRef ref;
        target_begin(c, tgt, mode, &ref);
        emit_op(c, OP_dup);
        if (pr->computed) {
            emit_get_loc(c, kloc);
            emit_op(c, OP_get_elem);
        } else {
            Value k = prop_key_atom(c, pr->key);
            emit_pos(c, e);
            if (k) {
                emit_atom_ic_op(c, OP_get_field, k);
            } else {
                push_static_key(c, pr->key);
                emit_op(c, OP_get_elem);
            }
        }
        if (dflt) emit_default(c, dflt, tgt);
        target_end(c, tgt, mode, &ref);
    }
    emit_op(c, OP_drop);
}

static void compile_array_pattern(Comp *c, AstNode *p, int mode) {
    AstList *el = &p->u.array.elements;
    emit_pos(c, p);
    emit_ic2_op(c, OP_get_iterator);
    emit_op(c, OP_push_false);
    int32_t d = c->func->depth - 3;
    Ctl *t = ctl_push(c, CTL_DESTRUCT);
    t->depth = d;
    int32_t lhandler = new_label(c);
    uint32_t start = c->func->code_len;
    for (uint32_t i = 0; i < el->count; i++) {
        AstNode *e = el->items[i];
        if (!e) {
            emit_op(c, OP_destr_next);
            emit_op(c, OP_drop);
            continue;
        }
        if (e->kind == AST_RestElement) {
            AstNode *tgt = e->u.argument_expression.argument;
            TargetRef ref;
            target_begin(c, tgt, mode, &ref);
            emit_op(c, OP_destr_rest);
            target_end(c, tgt, mode, &ref);
            continue;
        }
        AstNode *dflt;
        AstNode *tgt = element_target(e, &dflt);
        TargetRef ref;
        target_begin(c, tgt, mode, &ref);
        emit_op(c, OP_destr_next);
        if (dflt) emit_default(c, dflt, tgt);
        target_end(c, tgt, mode, &ref);
    }
    uint32_t end = c->func->code_len;
    ctl_pop(c);
    emit_op(c, OP_destr_close);
    int32_t lend = new_label(c);
    emit_jump(c, OP_jmp, lend);
    add_handler(c, start, end, lhandler, d + 3);
    bind_label(c, lhandler);
    /* iter next done exc -> exc iter next done */
    emit_op(c, OP_rot4r);
    emit_op(c, OP_destr_close_silent);
    emit_op(c, OP_throw);
    bind_label(c, lend);
}

void compile_pattern(Comp *c, AstNode *pattern, int mode) {
    switch (pattern->kind) {
    case AST_ObjectPattern: compile_object_pattern(c, pattern, mode); break;
    case AST_ArrayPattern: compile_array_pattern(c, pattern, mode); break;
    case AST_AssignmentPattern: bind_element(c, pattern, mode); break;
    case AST_Identifier:
    case AST_MemberExpression:
        store_target(c, pattern, mode);
        break;
    case AST_CallExpression:
        if (!c->func->strict && mode == PAT_ASSIGN) {
            /* Annex B: evaluate the call, then a ReferenceError */
            int32_t d0 = c->func->depth;
            emit_op(c, OP_drop);
            compile_expr(c, pattern);
            emit_op(c, OP_drop);
            emit_atom_u8_op(c, OP_throw_error, comp_atom_ascii(c, "Invalid left-hand side in assignment"), TE_REFERENCE);
            set_depth(c, d0 - 1);
            break;
        }
        comp_error(c, pattern, "Invalid destructuring target");
    default:
        comp_error(c, pattern, "Invalid destructuring target");
    }
}
