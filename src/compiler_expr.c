/* compiler_expr.c — code generation for expressions: literals, operators, assignments,
 * member access, calls (incl. super, spread, optional chains, direct eval), templates,
 * object/array literals, functions, yield / yield* / await. */
#include <math.h>
#include <string.h>
#include "compiler_int.h"

/* Current optional-chain "nullish" label (-1 outside a chain). */
static int32_t chain_label_of(Comp *c);
static void set_chain_label(Comp *c, int32_t l);

/* Map key for the chain label (per compile). */
static const char chain_key;

static int32_t chain_label_of(Comp *c) {
    intptr_t v = (intptr_t)cmap_get(c, &chain_key);
    return (int32_t)v - 1;
}
static void set_chain_label(Comp *c, int32_t l) { cmap_put(c, &chain_key, (void *)(intptr_t)(l + 1)); }

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

int is_anonymous_fn(AstNode *n) {
    if (!n) return 0;
    switch (n->kind) {
    case AST_FunctionExpression: return n->u.function.id == NULL;
    case AST_ArrowFunctionExpression: return 1;
    case AST_ClassExpression: return n->u.klass.id == NULL;
    default: return 0;
    }
}

/* Canonical property key Value for a non-computed key node (Identifier, string, number,
 * bigint). Array-index keys come back as ints, others as atoms. */
static Value static_key(Comp *c, AstNode *key) {
    VM *vm = c->vm;
    switch (key->kind) {
    case AST_Identifier:
    case AST_PrivateIdentifier:
        return comp_atom(c, key->u.ident.name.chars, key->u.ident.name.len);
    case AST_StringLiteral: {
        Value s = comp_string(c, key->u.string.value.chars, key->u.string.value.len);
        Value k = key_from_string(vm, s);
        if (k == VAL_EXCEPTION) comp_oom(c);
        return k;
    }
    case AST_NumericLiteral: {
        Value s = str_from_double(vm, key->u.number.value);
        if (s == VAL_EXCEPTION) comp_oom(c);
        Value k = key_from_string(vm, s);
        if (k == VAL_EXCEPTION) comp_oom(c);
        return k;
    }
    case AST_BigIntLiteral: {
        /* decimal string of the literal */
        const char *d = key->u.bigint.digits;
        if (key->u.bigint.radix == 10) {
            Value s = str_from_cstr(vm, d);
            if (s == VAL_EXCEPTION) comp_oom(c);
            Value k = key_from_string(vm, s);
            if (k == VAL_EXCEPTION) comp_oom(c);
            return k;
        }
        /* small non-decimal literals: convert through a double when exact */
        double v = 0;
        for (uint32_t i = 0; i < key->u.bigint.len; i++) {
            int dv = d[i] <= '9' ? d[i] - '0' : d[i] - 'a' + 10;
            v = v * key->u.bigint.radix + dv;
        }
        if (v > 9007199254740991.0) comp_error(c, key, "BigInt property key too large");
        Value s = str_from_double(vm, v);
        if (s == VAL_EXCEPTION) comp_oom(c);
        Value k = key_from_string(vm, s);
        if (k == VAL_EXCEPTION) comp_oom(c);
        return k;
    }
    default:
        comp_error(c, key, "unsupported property key");
    }
}

Value prop_static_key(Comp *c, AstNode *key) { return static_key(c, key); }

Value prop_key_atom(Comp *c, AstNode *key) {
    Value k = static_key(c, key);
    return val_is_string(k) ? k : 0;
}

/* The function-name string for a static key (for SetFunctionName). */
static Value key_name_string(Comp *c, Value k) {
    if (val_is_int(k)) {
        Value s = str_from_int(c->vm, val_to_int(k));
        if (s == VAL_EXCEPTION) comp_oom(c);
        return s;
    }
    return k;
}

/* Push a static key (int / atom) and return it. */
static void emit_static_key(Comp *c, Value k) { emit_push_value(c, k); }

/* Resolve a private name "#x" and push its symbol. */
static void emit_private_name(Comp *c, AstNode *pid) {
    AstStr nm = pid->u.ident.name;
    uint16_t *s = carena_alloc(c, (nm.len + 1) * sizeof(uint16_t));
    s[0] = '#';
    if (nm.len) memcpy(s + 1, nm.chars, nm.len * sizeof(uint16_t));
    Resolved r;
    scope_resolve(c, c->scope, c->func, s, nm.len + 1, &r);
    if (!r.var || r.var->kind != SV_PRIVATE) comp_error(c, pid, "Private field '#%.*s' must be declared in an enclosing class", 0, "");
    emit_var_get(c, r.var, r.scope, 0);
}

/* ---------------------------------------------------------------------------------------
 * Functions
 * ------------------------------------------------------------------------------------- */

void compile_function_expr(Comp *c, AstNode *n, Value name) {
    CFunc *f = cmap_get(c, n->u.function.info);
    if (!f) comp_error(c, n, "internal compiler error: function not analyzed");
    if (name && !n->u.function.id && !f->name) f->name = name;
    compile_nested_function(c, n);
    emit_closure(c, f);
}

void compile_expr_named(Comp *c, AstNode *n, Value name) {
    if (!is_anonymous_fn(n)) { compile_expr(c, n); return; }
    if (n->kind == AST_ClassExpression) compile_class(c, n, name, 0);
    else compile_function_expr(c, n, name);
}

/* ---------------------------------------------------------------------------------------
 * Templates
 * ------------------------------------------------------------------------------------- */

void compile_template_literal(Comp *c, AstNode *n) {
    AstTemplate *t = &n->u.template;
    AstNode *q0 = t->quasis.items[0];
    emit_push_value(c, comp_string(c, q0->u.template_element.cooked.chars, q0->u.template_element.cooked.len));
    for (uint32_t i = 0; i < t->expressions.count; i++) {
        compile_expr(c, t->expressions.items[i]);
        emit_op(c, OP_to_string);
        emit_op(c, OP_add);
        AstNode *q = t->quasis.items[i + 1];
        if (q->u.template_element.cooked.len) {
            emit_push_value(c, comp_string(c, q->u.template_element.cooked.chars, q->u.template_element.cooked.len));
            emit_op(c, OP_add);
        }
    }
}

/* Template site constant: CELL_ARRAY [cooked0 .. cookedN-1, raw0 .. rawN-1]. */
static uint32_t template_site(Comp *c, AstNode *quasi) {
    AstTemplate *t = &quasi->u.template;
    uint32_t n = t->quasis.count;
    Ref r = heap_alloc_values(c->vm, CELL_ARRAY, 0, 2 * n, VAL_UNDEFINED);
    if (!r) comp_oom(c);
    Value site = val_cell(r);
    for (uint32_t i = 0; i < n; i++) {
        AstTemplateElement *e = &t->quasis.items[i]->u.template_element;
        Value cooked = e->has_cooked ? comp_string(c, e->cooked.chars, e->cooked.len) : VAL_UNDEFINED;
        Value raw = comp_string(c, e->raw.chars, e->raw.len);
        Value *w = vm_cell_values(c->vm, r);
        w[i] = cooked;
        w[n + i] = raw;
    }
    CFunc *f = c->func;   /* never shared: each site has its own entry */
    f->consts = f->consts;
    uint32_t k = f->nconsts;
    add_const(c, site);
    if (f->nconsts == k) comp_error(c, quasi, "internal compiler error: template site");
    return k;
}

/* ---------------------------------------------------------------------------------------
 * Calls
 * ------------------------------------------------------------------------------------- */

void compile_call_args(Comp *c, AstList *args, int *spread, int *argc) {
    int has_spread = 0;
    for (uint32_t i = 0; i < args->count; i++)
        if (args->items[i]->kind == AST_SpreadElement) has_spread = 1;
    if (!has_spread) {
        if (args->count > 0xFFFF) comp_error(c, NULL, "too many arguments");
        for (uint32_t i = 0; i < args->count; i++) compile_expr(c, args->items[i]);
        *spread = 0;
        *argc = (int)args->count;
        return;
    }
    emit_op_u16(c, OP_array_new, 0);
    for (uint32_t i = 0; i < args->count; i++) {
        AstNode *a = args->items[i];
        if (a->kind == AST_SpreadElement) {
            compile_expr(c, a->u.argument_expression.argument);
            emit_ic2_op(c, OP_array_spread);
        } else {
            compile_expr(c, a);
            emit_op(c, OP_array_append);
        }
    }
    *spread = 1;
    *argc = 0;
}

/* Emit `super(...)`: leaves the new this on the stack. */
static void compile_super_call(Comp *c, AstNode *n) {
    emit_func_pseudo(c, " func", n);
    emit_func_pseudo(c, " new.target", n);
    int spread, argc;
    compile_call_args(c, &n->u.call.arguments, &spread, &argc);
    emit_pos(c, n);
    if (spread) emit_op(c, OP_super_call_spread);
    else emit_op_u16(c, OP_super_call, (uint16_t)argc);
    /* bind this */
    static const uint16_t nm[] = { ' ', 't', 'h', 'i', 's' };
    Resolved r;
    scope_resolve(c, c->scope, c->func, nm, 5, &r);
    if (!r.var) comp_error(c, n, "'super' keyword unexpected here");
    if (r.var->store == VS_THIS) {
        emit_op(c, OP_bind_this);
    } else if (r.var->store == VS_ENV) {
        int hops = scope_hops(c->scope, r.scope);
        emit_u8(c, OP_init_this_env);
        emit_u8(c, (uint8_t)hops);
        emit_u16(c, (uint16_t)r.var->idx);
    } else {
        comp_error(c, n, "internal compiler error: this binding");
    }
    emit_func_pseudo(c, " func", n);
    emit_op(c, OP_swap);
    emit_op(c, OP_init_fields);
}

/* Push [this key func] for a super property reference `super.x` / `super[x]`. */
static void emit_super_ref(Comp *c, AstNode *m) {
    emit_this(c, m);
    if (m->u.member.computed) compile_expr(c, m->u.member.property);
    else emit_static_key(c, static_key(c, m->u.member.property));
    emit_func_pseudo(c, " func", m);
    emit_op(c, OP_super_base);
}

/* Compile the callee of a call into [f this]. */
static void compile_callee(Comp *c, AstNode *callee) {
    if (callee->kind == AST_MemberExpression) {
        AstMember *m = &callee->u.member;
        if (m->object->kind == AST_Super) {
            emit_super_ref(c, callee);
            emit_op(c, OP_get_super);
            emit_this(c, callee);
            return;
        }
        compile_expr(c, m->object);
        if (m->optional) emit_jump_u8(c, OP_chain_check, chain_label_of(c), 0);
        emit_pos(c, callee);
        if (m->property->kind == AST_PrivateIdentifier) {
            emit_op(c, OP_dup);
            emit_private_name(c, m->property);
            emit_ic_op(c, OP_get_private);
            emit_op(c, OP_swap);
        } else if (m->computed) {
            compile_expr(c, m->property);
            emit_op(c, OP_get_elem_method);
        } else {
            Value k = static_key(c, m->property);
            if (val_is_int(k)) {
                emit_push_value(c, k);
                emit_op(c, OP_get_elem_method);
            } else {
                emit_atom_ic_op(c, OP_get_method, k);
            }
        }
        return;
    }
    if (callee->kind == AST_Identifier) {
        emit_pos(c, callee);
        emit_var_ref(c, callee->u.ident.name.chars, callee->u.ident.name.len, REF_CALL, callee);
        return;
    }
    if (callee->kind == AST_ChainExpression && callee->u.chain.expression->kind == AST_MemberExpression) {
        /* (a?.b)() keeps the reference: this = a */
        int32_t saved = chain_label_of(c);
        int32_t lnull = new_label(c), lend = new_label(c);
        set_chain_label(c, lnull);
        compile_callee(c, callee->u.chain.expression);
        set_chain_label(c, saved);
        emit_jump(c, OP_jmp, lend);
        bind_label(c, lnull);
        emit_op(c, OP_push_undefined);
        bind_label(c, lend);
        return;
    }
    compile_expr(c, callee);
    emit_op(c, OP_push_undefined);
}

/* Direct-eval site descriptor (CEF_* flags of the calling context) as an int constant. */
static uint32_t eval_site_const(Comp *c) {
    uint32_t flags = CEF_DIRECT;
    if (c->func->strict) flags |= CEF_STRICT;
    /* find the nearest non-arrow function */
    CFunc *f = c->func;
    while (f && f->is_arrow) f = f->parent;
    if (f && f->kind != CFK_SCRIPT && f->kind != CFK_MODULE && f->kind != CFK_EVAL) {
        flags |= CEF_IN_FUNCTION;
        if (f->is_method || f->kind == CFK_FIELD_INIT || f->kind == CFK_STATIC_INIT || f->kind == CFK_STATIC_BLOCK)
            flags |= CEF_IN_METHOD;
        if (f->is_derived) flags |= CEF_IN_DERIVED_CTOR;
        if (f->kind == CFK_FIELD_INIT || f->kind == CFK_STATIC_INIT) flags |= CEF_IN_FIELD_INIT;
    } else if (f && f->kind == CFK_EVAL) {
        flags |= c->eval_flags & (CEF_IN_FUNCTION | CEF_IN_METHOD | CEF_IN_DERIVED_CTOR | CEF_IN_FIELD_INIT);
    }
    return add_const(c, val_int((int32_t)flags));
}

static void compile_call(Comp *c, AstNode *n) {
    AstCall *call = &n->u.call;
    if (call->callee->kind == AST_Super) {
        compile_super_call(c, n);
        return;
    }
    compile_callee(c, call->callee);
    if (call->optional) emit_jump_u8(c, OP_chain_check, chain_label_of(c), 1);
    int spread, argc;
    compile_call_args(c, &call->arguments, &spread, &argc);
    emit_pos(c, n);
    if (call->is_direct_eval) {
        uint32_t k = eval_site_const(c);
        if (spread) {
            emit_op_u32(c, OP_eval_spread, k);
        } else {
            emit_u8(c, OP_eval);
            emit_u16(c, (uint16_t)argc);
            emit_u32(c, k);
            adjust_depth(c, 1 - (argc + 2));
        }
        return;
    }
    record_callsite(c, call->callee);
    if (spread) emit_op(c, OP_call_spread);
    else emit_op_u16(c, OP_call, (uint16_t)argc);
}

static void compile_new(Comp *c, AstNode *n) {
    compile_expr(c, n->u.call.callee);
    emit_op(c, OP_dup);
    int spread, argc;
    compile_call_args(c, &n->u.call.arguments, &spread, &argc);
    emit_pos(c, n);
    record_callsite(c, n->u.call.callee);
    if (spread) emit_op(c, OP_new_spread);
    else emit_op_u16(c, OP_new, (uint16_t)argc);
}

static void compile_tagged_template(Comp *c, AstNode *n) {
    AstNode *quasi = n->u.tagged_template.quasi;
    compile_callee(c, n->u.tagged_template.tag);
    uint32_t k = template_site(c, quasi);
    emit_op_u32(c, OP_template_object, k);
    AstList *ex = &quasi->u.template.expressions;
    for (uint32_t i = 0; i < ex->count; i++) compile_expr(c, ex->items[i]);
    emit_pos(c, n);
    record_callsite(c, n->u.tagged_template.tag);
    emit_op_u16(c, OP_call, (uint16_t)(ex->count + 1));
}

/* ---------------------------------------------------------------------------------------
 * Member access
 * ------------------------------------------------------------------------------------- */

static void compile_member(Comp *c, AstNode *n) {
    AstMember *m = &n->u.member;
    if (m->object->kind == AST_Super) {
        emit_super_ref(c, n);
        emit_pos(c, n);
        emit_op(c, OP_get_super);
        return;
    }
    compile_expr(c, m->object);
    if (m->optional) emit_jump_u8(c, OP_chain_check, chain_label_of(c), 0);
    emit_pos(c, n);
    if (m->property->kind == AST_PrivateIdentifier) {
        emit_private_name(c, m->property);
        emit_ic_op(c, OP_get_private);
    } else if (m->computed) {
        AstNode *p = m->property;
        if (p->kind == AST_StringLiteral || (p->kind == AST_NumericLiteral)) {
            Value k = static_key(c, p);
            if (val_is_string(k) && !(p->kind == AST_NumericLiteral)) {
                emit_atom_ic_op(c, OP_get_field, k);
                return;
            }
            emit_push_value(c, k);
            emit_op(c, OP_get_elem);
            return;
        }
        compile_expr(c, p);
        emit_op(c, OP_get_elem);
    } else {
        AstStr nm = m->property->u.ident.name;
        if (name_eq_ascii(nm.chars, nm.len, "length")) {
            emit_op(c, OP_get_length);
            return;
        }
        emit_atom_ic_op(c, OP_get_field, comp_atom(c, nm.chars, nm.len));
    }
}

/* ---------------------------------------------------------------------------------------
 * Assignment targets (references)
 * ------------------------------------------------------------------------------------- */

/* Kinds of evaluated references. */
enum { REFK_NAME, REFK_FIELD, REFK_ELEM, REFK_PRIVATE, REFK_SUPER, REFK_DYN, REFK_INVALID };

/* Evaluate the base parts of a simple assignment target, returning its kind. Pushes:
 * NAME: nothing; FIELD: obj; ELEM: obj key; PRIVATE: obj sym; SUPER: this key func. */
static int emit_ref_base(Comp *c, AstNode *t, Value *atom_out) {
    *atom_out = 0;
    if (t->kind == AST_Identifier) {
        int32_t tmp = emit_dyn_ref_begin(c, t);
        if (tmp >= 0) { *atom_out = val_int(tmp); return REFK_DYN; }
        return REFK_NAME;
    }
    if (t->kind == AST_CallExpression && !c->func->strict) {
        /* Annex B: a call as an assignment target is a ReferenceError at run time */
        int32_t d0 = c->func->depth;
        compile_expr(c, t);
        emit_op(c, OP_drop);
        emit_atom_u8_op(c, OP_throw_error, comp_atom_ascii(c, "Invalid left-hand side in assignment"), TE_REFERENCE);
        set_depth(c, d0);
        return REFK_INVALID;
    }
    if (t->kind != AST_MemberExpression) comp_error(c, t, "Invalid assignment target");
    AstMember *m = &t->u.member;
    if (m->object->kind == AST_Super) {
        /* the key is converted by the read (compound assignment, emit_ref_get_keep) or by
         * put_super after the right-hand side (simple assignment) */
        emit_super_ref(c, t);
        return REFK_SUPER;
    }
    compile_expr(c, m->object);
    if (m->property->kind == AST_PrivateIdentifier) {
        emit_private_name(c, m->property);
        return REFK_PRIVATE;
    }
    if (m->computed) {
        compile_expr(c, m->property);
        return REFK_ELEM;
    }
    Value k = static_key(c, m->property);
    *atom_out = k;
    return REFK_FIELD;
}

/* Read the reference keeping its base parts: NAME -> v; FIELD obj -> obj v;
 * ELEM obj key -> obj key' v; PRIVATE obj sym -> obj sym v; SUPER this key func -> ... v. */
static void emit_ref_get_keep(Comp *c, AstNode *t, int kind, Value atom) {
    emit_pos(c, t);
    switch (kind) {
    case REFK_NAME: emit_ident_get(c, t); break;
    case REFK_DYN: emit_dyn_ref_get(c, t, val_to_int(atom)); break;
    case REFK_INVALID: emit_op(c, OP_push_undefined); break;
    case REFK_FIELD: emit_atom_ic_op(c, OP_get_field2, atom); break;
    case REFK_ELEM: emit_op(c, OP_get_elem2); break;
    case REFK_PRIVATE:
        emit_op(c, OP_dup2);
        emit_ic_op(c, OP_get_private);
        break;
    case REFK_SUPER: {
        /* this key func -> this key func v */
        uint32_t t0 = new_local(c, 0), t1 = new_local(c, 0), t2 = new_local(c, 0);
        emit_put_loc(c, t2); emit_put_loc(c, t1); emit_put_loc(c, t0);
        if (t->u.member.computed) {   /* ToPropertyKey once, before the read */
            emit_get_loc(c, t1); emit_op(c, OP_to_propkey); emit_put_loc(c, t1);
        }
        emit_get_loc(c, t0); emit_get_loc(c, t1); emit_get_loc(c, t2);
        emit_get_loc(c, t0); emit_get_loc(c, t1); emit_get_loc(c, t2);
        emit_op(c, OP_get_super);
        break;
    }
    }
}

/* Store the value on top into the reference whose base parts are below it; when
 * keep, leave the value on the stack. */
static void emit_ref_put(Comp *c, AstNode *t, int kind, Value atom, int keep) {
    switch (kind) {
    case REFK_NAME:
        if (keep) emit_op(c, OP_dup);
        emit_ident_put(c, t, 0);
        break;
    case REFK_DYN:
        if (keep) emit_op(c, OP_dup);
        emit_dyn_ref_put(c, t, val_to_int(atom));
        break;
    case REFK_INVALID:
        if (!keep) emit_op(c, OP_drop);
        break;
    case REFK_FIELD:
        if (keep) { emit_op(c, OP_dup); emit_op(c, OP_rot3r); }
        if (val_is_int(atom)) {
            /* obj v -> obj key v */
            emit_push_value(c, atom);
            emit_op(c, OP_swap);
            emit_op(c, OP_put_elem);
        } else {
            emit_atom_ic_op(c, OP_put_field, atom);
        }
        break;
    case REFK_ELEM:
        if (keep) { emit_op(c, OP_dup); emit_op(c, OP_rot4r); }
        emit_op(c, OP_put_elem);
        break;
    case REFK_PRIVATE:
        if (keep) { emit_op(c, OP_dup); emit_op(c, OP_rot4r); }
        emit_ic_op(c, OP_put_private);
        break;
    case REFK_SUPER:
        if (keep) { emit_op(c, OP_dup); emit_op(c, OP_rot5r); }
        emit_op(c, OP_put_super);
        break;
    }
}

static Opcode binop_for(int op) {
    switch (op) {
    case AST_OP_ADD: case AST_OP_ADD_ASSIGN: return OP_add;
    case AST_OP_SUB: case AST_OP_SUB_ASSIGN: return OP_sub;
    case AST_OP_MUL: case AST_OP_MUL_ASSIGN: return OP_mul;
    case AST_OP_DIV: case AST_OP_DIV_ASSIGN: return OP_div;
    case AST_OP_MOD: case AST_OP_MOD_ASSIGN: return OP_mod;
    case AST_OP_EXP: case AST_OP_EXP_ASSIGN: return OP_pow;
    case AST_OP_SHL: case AST_OP_SHL_ASSIGN: return OP_shl;
    case AST_OP_SAR: case AST_OP_SAR_ASSIGN: return OP_sar;
    case AST_OP_SHR: case AST_OP_SHR_ASSIGN: return OP_shr;
    case AST_OP_BITAND: case AST_OP_BITAND_ASSIGN: return OP_band;
    case AST_OP_BITOR: case AST_OP_BITOR_ASSIGN: return OP_bor;
    case AST_OP_BITXOR: case AST_OP_BITXOR_ASSIGN: return OP_bxor;
    case AST_OP_EQ: return OP_eq;
    case AST_OP_NE: return OP_ne;
    case AST_OP_STRICT_EQ: return OP_strict_eq;
    case AST_OP_STRICT_NE: return OP_strict_ne;
    case AST_OP_LT: return OP_lt;
    case AST_OP_LE: return OP_le;
    case AST_OP_GT: return OP_gt;
    case AST_OP_GE: return OP_ge;
    case AST_OP_IN: return OP_in;
    case AST_OP_INSTANCEOF: return OP_instanceof;
    default: return OP_nop;
    }
}

/* Assignment expression; `keep` leaves the value on the stack. */
/* Can evaluating n run no user code at all (so it cannot create a global binding)? */
static int expr_is_inert(Comp *c, AstNode *n) {
    switch (n->kind) {
    case AST_NumericLiteral: case AST_StringLiteral: case AST_BooleanLiteral: case AST_NullLiteral:
    case AST_BigIntLiteral: case AST_RegExpLiteral: case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        return 1;
    case AST_TemplateLiteral:
        return n->u.template.expressions.count == 0;
    case AST_Identifier: {
        Resolved r;
        scope_resolve(c, c->scope, c->func, n->u.ident.name.chars, n->u.ident.name.len, &r);
        return r.var != NULL && r.ndyn == 0;
    }
    default:
        return 0;
    }
}

/* Is identifier t an unresolved (global) reference in strict code? */
static int is_strict_global_ref(Comp *c, AstNode *t) {
    if (!c->func->strict || t->kind != AST_Identifier) return 0;
    Resolved r;
    scope_resolve(c, c->scope, c->func, t->u.ident.name.chars, t->u.ident.name.len, &r);
    return (r.var == NULL || r.var->kind == SV_PRIVATE) && r.ndyn == 0;
}

static void compile_assign(Comp *c, AstNode *n, int keep) {
    AstBinary *b = &n->u.binary;
    AstNode *t = b->left;
    if (b->op == AST_OP_ASSIGN) {
        if (t->kind == AST_ObjectPattern || t->kind == AST_ArrayPattern) {
            compile_expr(c, b->right);
            if (keep) emit_op(c, OP_dup);
            compile_pattern(c, t, PAT_ASSIGN);
            return;
        }
        Value atom;
        int kind = emit_ref_base(c, t, &atom);
        /* strict code: a reference unresolvable before the right-hand side runs stays so
         * (PutValue throws even when the right-hand side created the global) */
        int32_t resolved_tmp = -1;
        if (kind == REFK_NAME && is_strict_global_ref(c, t) && !expr_is_inert(c, b->right)) {
            emit_atom_op(c, OP_global_resolvable, comp_atom(c, t->u.ident.name.chars, t->u.ident.name.len));
            resolved_tmp = (int32_t)new_local(c, 0);
            emit_put_loc(c, (uint32_t)resolved_tmp);
        }
        if ((kind == REFK_NAME || kind == REFK_DYN) && !t->parenthesized)
            compile_expr_named(c, b->right, comp_string(c, t->u.ident.name.chars, t->u.ident.name.len));
        else
            compile_expr(c, b->right);
        emit_pos(c, n);
        if (resolved_tmp >= 0) {
            int32_t lok = new_label(c);
            int32_t d0 = c->func->depth;
            emit_get_loc(c, (uint32_t)resolved_tmp);
            emit_jump(c, OP_jmp_true, lok);
            emit_atom_u8_op(c, OP_throw_error, comp_atom(c, t->u.ident.name.chars, t->u.ident.name.len), TE_NOT_DEFINED);
            set_depth(c, d0);
            bind_label(c, lok);
        }
        emit_ref_put(c, t, kind, atom, keep);
        return;
    }
    Value atom;
    int kind = emit_ref_base(c, t, &atom);
    if (b->op == AST_OP_AND_ASSIGN || b->op == AST_OP_OR_ASSIGN || b->op == AST_OP_NULLISH_ASSIGN) {
        int32_t lskip = new_label(c), lend = new_label(c);
        emit_ref_get_keep(c, t, kind, atom);
        emit_op(c, OP_dup);
        emit_jump(c, b->op == AST_OP_AND_ASSIGN ? OP_jmp_false :
                     b->op == AST_OP_OR_ASSIGN ? OP_jmp_true : OP_jmp_not_nullish, lskip);
        emit_op(c, OP_drop);
        if (kind == REFK_NAME || kind == REFK_DYN)
            compile_expr_named(c, b->right, comp_string(c, t->u.ident.name.chars, t->u.ident.name.len));
        else
            compile_expr(c, b->right);
        emit_ref_put(c, t, kind, atom, keep);
        emit_jump(c, OP_jmp, lend);
        bind_label(c, lskip);
        /* stack: base parts + v */
        int nbase = (kind == REFK_NAME || kind == REFK_DYN || kind == REFK_INVALID) ? 0 : kind == REFK_FIELD ? 1 : kind == REFK_SUPER ? 3 : 2;
        if (keep) {
            for (int i = 0; i < nbase; i++) emit_op(c, OP_nip);
        } else {
            for (int i = 0; i <= nbase; i++) emit_op(c, OP_drop);
        }
        bind_label(c, lend);
        return;
    }
    emit_ref_get_keep(c, t, kind, atom);
    compile_expr(c, b->right);
    emit_pos(c, n);
    emit_op(c, binop_for(b->op));
    emit_ref_put(c, t, kind, atom, keep);
}

/* ++ / -- */
static void compile_update(Comp *c, AstNode *n, int keep) {
    AstUpdate *u = &n->u.update;
    AstNode *t = u->argument;
    Opcode op = u->op == AST_OP_INC ? OP_inc : OP_dec;
    if (t->kind == AST_Identifier && !keep) {
        Resolved r;
        scope_resolve(c, c->scope, c->func, t->u.ident.name.chars, t->u.ident.name.len, &r);
        /* a frame variable that needs no TDZ check here (var, or let past its declaration) */
        if (r.var && !r.ndyn && r.var->store == VS_LOC &&
            (r.var->kind == SV_VAR ||
             (r.var->kind == SV_LET && !scope_needs_tdz(r.var, r.scope, c->func, n->start)))) {
            emit_op_u16(c, u->op == AST_OP_INC ? OP_inc_loc : OP_dec_loc, (uint16_t)r.var->loc);
            return;
        }
    }
    Value atom;
    int kind = emit_ref_base(c, t, &atom);
    emit_ref_get_keep(c, t, kind, atom);
    emit_pos(c, n);
    if (!keep || u->prefix) {
        emit_op(c, op);
        emit_ref_put(c, t, kind, atom, keep);
        return;
    }
    /* postfix with value: base.. old -> old base.. new */
    emit_op(c, OP_to_numeric);
    emit_op(c, OP_dup);
    switch (kind) {
    case REFK_NAME: case REFK_DYN: case REFK_INVALID: break;
    case REFK_FIELD: emit_op(c, OP_rot3r); break;
    case REFK_ELEM: case REFK_PRIVATE: emit_op(c, OP_rot4r); break;
    case REFK_SUPER: emit_op(c, OP_rot5r); break;
    }
    emit_op(c, op);
    emit_ref_put(c, t, kind, atom, 0);
}

/* ---------------------------------------------------------------------------------------
 * Literals
 * ------------------------------------------------------------------------------------- */

static void compile_array(Comp *c, AstNode *n) {
    AstList *el = &n->u.array.elements;
    uint32_t i = 0, prefix = 0;
    while (prefix < el->count && prefix < 64 && (!el->items[prefix] || el->items[prefix]->kind != AST_SpreadElement))
        prefix++;
    for (; i < prefix; i++) {
        if (el->items[i]) compile_expr(c, el->items[i]);
        else emit_op(c, OP_push_hole);
    }
    emit_op_u16(c, OP_array_new, (uint16_t)prefix);
    for (; i < el->count; i++) {
        AstNode *e = el->items[i];
        if (!e) {
            emit_op(c, OP_array_hole);
        } else if (e->kind == AST_SpreadElement) {
            compile_expr(c, e->u.argument_expression.argument);
            emit_ic2_op(c, OP_array_spread);
        } else {
            compile_expr(c, e);
            emit_op(c, OP_array_append);
        }
    }
}

static void compile_object(Comp *c, AstNode *n) {
    emit_op(c, OP_object_new);
    AstList *props = &n->u.object.properties;
    for (uint32_t i = 0; i < props->count; i++) {
        AstNode *p = props->items[i];
        if (p->kind == AST_SpreadElement) {
            compile_expr(c, p->u.argument_expression.argument);
            emit_op(c, OP_copy_data_props);
            continue;
        }
        AstProperty *pr = &p->u.property;
        if (pr->is_proto) {
            compile_expr(c, pr->value);
            emit_op(c, OP_set_proto);
            continue;
        }
        int is_method = pr->method || pr->kind != AST_PROP_INIT;
        uint8_t dm = (uint8_t)(DM_ENUMERABLE | (pr->kind == AST_PROP_GET ? DM_GETTER : pr->kind == AST_PROP_SET ? DM_SETTER : DM_METHOD));
        if (pr->computed) {
            compile_expr(c, pr->key);
            emit_op(c, OP_to_propkey);
            if (is_method) {
                compile_function_expr(c, pr->value, 0);
                emit_op_u8(c, OP_define_method_computed, dm);
            } else {
                compile_expr(c, pr->value);
                if (is_anonymous_fn(pr->value)) emit_op_u8(c, OP_set_name_computed, 0);
                emit_op(c, OP_define_elem);
            }
            continue;
        }
        Value k = static_key(c, pr->key);
        if (is_method) {
            compile_function_expr(c, pr->value, method_name(c, pr->key, 0, dm & DM_KIND_MASK));
            if (val_is_int(k)) {
                emit_push_value(c, k);
                emit_op(c, OP_swap);
                emit_op_u8(c, OP_define_method_computed, dm);
            } else {
                emit_atom_u8_op(c, OP_define_method, k, dm);
            }
            continue;
        }
        if (val_is_int(k)) {
            emit_push_value(c, k);
            compile_expr_named(c, pr->value, key_name_string(c, k));
            emit_op(c, OP_define_elem);
        } else {
            compile_expr_named(c, pr->value, k);
            emit_atom_ic_op(c, OP_define_field, k);
        }
    }
}

/* ---------------------------------------------------------------------------------------
 * Generators and async
 * ------------------------------------------------------------------------------------- */

/* After a yield: [recv mode] -> [recv], handling throw/return resumptions. */
static void emit_resume(Comp *c) {
    int32_t lret = new_label(c), lcont = new_label(c);
    emit_jump(c, OP_resume_check, lret);
    emit_jump(c, OP_jmp, lcont);
    bind_label(c, lret);
    if (c->func->is_async) emit_op(c, OP_await);
    emit_return(c);
    bind_label(c, lcont);
}

static void compile_yield(Comp *c, AstNode *n) {
    AstYield *y = &n->u.yield;
    int async = c->func->is_async;
    if (!y->delegate) {
        if (y->argument) compile_expr(c, y->argument);
        else emit_op(c, OP_push_undefined);
        emit_pos(c, n);
        if (async) emit_op(c, OP_await);
        emit_op(c, OP_yield);
        emit_resume(c);
        return;
    }
    compile_expr(c, y->argument);
    emit_pos(c, n);
    if (async) emit_op(c, OP_get_async_iterator);
    else emit_ic2_op(c, OP_get_iterator);
    emit_op(c, OP_push_undefined);
    emit_push_int(c, RESUME_NEXT);
    int32_t lloop = new_label(c), lret = new_label(c), ldone = new_label(c), lend = new_label(c);
    bind_label(c, lloop);
    emit_op_u8(c, OP_delegate_step, (uint8_t)async);
    if (async) {
        emit_op(c, OP_swap);
        emit_op(c, OP_await);
        emit_op(c, OP_swap);
    }
    emit_label2(c, OP_delegate_check, lret, ldone);
    emit_op(c, async ? OP_yield : OP_yield_raw);
    if (async) {
        /* AsyncGeneratorUnwrapYieldResumption: a return resumption awaits its value first;
         * a rejection turns it into a throw resumption. [iter next recv mode] */
        int32_t lawait_exc = new_label(c);
        emit_op(c, OP_dup);
        emit_push_int(c, RESUME_RETURN);
        emit_op(c, OP_strict_eq);
        emit_jump(c, OP_jmp_false, lloop);
        emit_op(c, OP_drop);
        int32_t d = c->func->depth - 1;   /* [iter next] */
        uint32_t start = c->func->code_len;
        emit_op(c, OP_await);
        uint32_t end = c->func->code_len;
        emit_push_int(c, RESUME_RETURN);
        emit_jump(c, OP_jmp, lloop);
        add_handler(c, start, end, lawait_exc, d);
        bind_label(c, lawait_exc);   /* [iter next exc] */
        emit_push_int(c, RESUME_THROW);
    }
    emit_jump(c, OP_jmp, lloop);
    bind_label(c, lret);
    emit_return(c);
    bind_label(c, ldone);
    emit_jump(c, OP_jmp, lend);
    bind_label(c, lend);
}

/* ---------------------------------------------------------------------------------------
 * Conditions
 * ------------------------------------------------------------------------------------- */

void compile_cond_jump(Comp *c, AstNode *n, int jump_if_true, int32_t label) {
    if (n->kind == AST_UnaryExpression && n->u.unary.op == AST_OP_NOT) {
        compile_cond_jump(c, n->u.unary.argument, !jump_if_true, label);
        return;
    }
    if (n->kind == AST_LogicalExpression && n->u.binary.op != AST_OP_NULLISH) {
        int is_and = n->u.binary.op == AST_OP_AND;
        if (is_and != jump_if_true) {
            /* (a && b) jump-if-false: a false -> label; b false -> label.
               (a || b) jump-if-true: a true -> label; b true -> label. */
            compile_cond_jump(c, n->u.binary.left, jump_if_true, label);
            compile_cond_jump(c, n->u.binary.right, jump_if_true, label);
        } else {
            int32_t skip = new_label(c);
            compile_cond_jump(c, n->u.binary.left, !jump_if_true, skip);
            compile_cond_jump(c, n->u.binary.right, jump_if_true, label);
            bind_label(c, skip);
        }
        return;
    }
    if (n->kind == AST_BinaryExpression && n->u.binary.left->kind != AST_PrivateIdentifier) {
        int op = n->u.binary.op;
        AstNode *l = n->u.binary.left, *r = n->u.binary.right;
        Opcode fused = OP_nop;
        switch (op) {
        case AST_OP_LT: fused = jump_if_true ? OP_lt_jmp_true : OP_lt_jmp_false; break;
        case AST_OP_LE: fused = jump_if_true ? OP_le_jmp_true : OP_le_jmp_false; break;
        case AST_OP_GT: fused = jump_if_true ? OP_gt_jmp_true : OP_gt_jmp_false; break;
        case AST_OP_GE: fused = jump_if_true ? OP_ge_jmp_true : OP_ge_jmp_false; break;
        case AST_OP_STRICT_EQ: case AST_OP_STRICT_NE: {
            int eq_jump = (op == AST_OP_STRICT_EQ) == jump_if_true;   /* jump when equal? */
            if (r->kind == AST_NullLiteral || l->kind == AST_NullLiteral) {
                compile_expr(c, r->kind == AST_NullLiteral ? l : r);
                emit_jump(c, eq_jump ? OP_jmp_null : OP_jmp_not_null, label);
                return;
            }
            fused = eq_jump ? OP_seq_jmp_true : OP_seq_jmp_false;
            break;
        }
        default: break;
        }
        if (fused != OP_nop) {
            compile_expr(c, l);
            compile_expr(c, r);
            emit_pos(c, n);
            emit_jump(c, fused, label);
            return;
        }
    }
    compile_expr(c, n);
    emit_jump(c, jump_if_true ? OP_jmp_true : OP_jmp_false, label);
}

/* ---------------------------------------------------------------------------------------
 * Expressions
 * ------------------------------------------------------------------------------------- */

static void compile_unary(Comp *c, AstNode *n) {
    AstUnary *u = &n->u.unary;
    AstNode *a = u->argument;
    switch (u->op) {
    case AST_OP_TYPEOF:
        if (a->kind == AST_Identifier) {
            emit_var_ref(c, a->u.ident.name.chars, a->u.ident.name.len, REF_GET_TYPEOF, a);
        } else {
            compile_expr(c, a);
        }
        emit_op(c, OP_typeof);
        return;
    case AST_OP_DELETE: {
        AstNode *t = a;
        int32_t lchain = -1, saved = chain_label_of(c);
        if (t->kind == AST_ChainExpression) {
            lchain = new_label(c);
            set_chain_label(c, lchain);
            t = t->u.chain.expression;
        }
        if (t->kind == AST_MemberExpression && t->u.member.object->kind != AST_Super) {
            compile_expr(c, t->u.member.object);
            if (t->u.member.optional) emit_jump_u8(c, OP_chain_check, chain_label_of(c), 0);
            if (t->u.member.computed) compile_expr(c, t->u.member.property);
            else emit_static_key(c, static_key(c, t->u.member.property));
            emit_pos(c, n);
            emit_op(c, c->func->strict ? OP_delete_elem_strict : OP_delete_elem);
        } else if (t->kind == AST_MemberExpression) {
            /* delete super.x: ReferenceError after evaluating the key */
            emit_this(c, t);
            emit_op(c, OP_drop);
            if (t->u.member.computed) { compile_expr(c, t->u.member.property); emit_op(c, OP_drop); }
            emit_atom_u8_op(c, OP_throw_error, comp_atom_ascii(c, "Unsupported reference to 'super'"), TE_REFERENCE);
            set_depth(c, c->func->depth < 0 ? -1 : c->func->depth);
            emit_op(c, OP_push_true);
        } else if (t->kind == AST_Identifier) {
            emit_var_ref(c, t->u.ident.name.chars, t->u.ident.name.len, REF_DELETE, t);
        } else {
            compile_expr(c, t);
            emit_op(c, OP_drop);
            emit_op(c, OP_push_true);
        }
        if (lchain >= 0) {
            /* a nullish base makes the whole delete true */
            int32_t lend = new_label(c);
            emit_jump(c, OP_jmp, lend);
            bind_label(c, lchain);
            emit_op(c, OP_drop);
            emit_op(c, OP_push_true);
            bind_label(c, lend);
            set_chain_label(c, saved);
        }
        return;
    }
    case AST_OP_VOID:
        compile_expr(c, a);
        emit_op(c, OP_drop);
        emit_op(c, OP_push_undefined);
        return;
    case AST_OP_NEG:
        if (a->kind == AST_NumericLiteral) {
            emit_push_number(c, -a->u.number.value);
            return;
        }
        compile_expr(c, a);
        emit_op(c, OP_neg);
        return;
    case AST_OP_POS: compile_expr(c, a); emit_op(c, OP_plus); return;
    case AST_OP_NOT: compile_expr(c, a); emit_op(c, OP_not); return;
    case AST_OP_BITNOT: compile_expr(c, a); emit_op(c, OP_bnot); return;
    default: comp_error(c, n, "unsupported unary operator");
    }
}

static void compile_expr_keep(Comp *c, AstNode *n, int keep);

void compile_expr(Comp *c, AstNode *n) { compile_expr_keep(c, n, 1); }

void compile_expr_drop(Comp *c, AstNode *n) { compile_expr_keep(c, n, 0); }

static void compile_expr_keep(Comp *c, AstNode *n, int keep) {
    VM *vm = c->vm;
    switch (n->kind) {
    case AST_AssignmentExpression:
        compile_assign(c, n, keep);
        return;
    case AST_UpdateExpression:
        compile_update(c, n, keep);
        return;
    case AST_SequenceExpression: {
        AstList *l = &n->u.sequence.expressions;
        for (uint32_t i = 0; i < l->count; i++) {
            if (i + 1 < l->count) compile_expr_drop(c, l->items[i]);
            else compile_expr_keep(c, l->items[i], keep);
        }
        return;
    }
    default:
        break;
    }
    switch (n->kind) {
    case AST_NumericLiteral: emit_push_number(c, n->u.number.value); break;
    case AST_StringLiteral:
        emit_push_value(c, comp_string(c, n->u.string.value.chars, n->u.string.value.len));
        break;
    case AST_BooleanLiteral: emit_op(c, n->u.boolean.value ? OP_push_true : OP_push_false); break;
    case AST_NullLiteral: emit_op(c, OP_push_null); break;
    case AST_BigIntLiteral: {
        Value s;
        if (n->u.bigint.radix == 10) {
            s = str_from_cstr(vm, n->u.bigint.digits);
        } else {
            char buf[8];
            snprintf(buf, sizeof buf, "0%c", n->u.bigint.radix == 16 ? 'x' : n->u.bigint.radix == 8 ? 'o' : 'b');
            s = str_from_cstr(vm, buf);
            if (s == VAL_EXCEPTION) comp_oom(c);
            Value d = str_from_cstr(vm, n->u.bigint.digits);
            if (d == VAL_EXCEPTION) comp_oom(c);
            s = str_concat(vm, s, d);
            if (s != VAL_EXCEPTION) s = str_flatten(vm, s);
        }
        if (s == VAL_EXCEPTION) comp_oom(c);
        emit_push_value(c, s);
        emit_op(c, OP_to_bigint);
        break;
    }
    case AST_RegExpLiteral: {
        /* site: CELL_ARRAY [pattern, flags, compiled program (filled at first use)] */
        Ref r = heap_alloc_values(vm, CELL_ARRAY, 0, 3, VAL_UNDEFINED);
        if (!r) comp_oom(c);
        Value pat = comp_string(c, n->u.regexp.pattern.chars, n->u.regexp.pattern.len);
        vm_cell_values(vm, r)[0] = pat;
        Value fl = comp_string(c, n->u.regexp.flags.chars, n->u.regexp.flags.len);
        vm_cell_values(vm, r)[1] = fl;
        emit_pos(c, n);
        emit_op_u32(c, OP_regexp, add_const(c, val_cell(r)));
        break;
    }
    case AST_TemplateLiteral: compile_template_literal(c, n); break;
    case AST_TaggedTemplateExpression: compile_tagged_template(c, n); break;
    case AST_Identifier: {
        AstStr nm = n->u.ident.name;
        if (name_eq_ascii(nm.chars, nm.len, "undefined")) {
            Resolved r;
            scope_resolve(c, c->scope, c->func, nm.chars, nm.len, &r);
            if (!r.var && !r.ndyn) { emit_op(c, OP_push_undefined); break; }
        }
        emit_ident_get(c, n);
        break;
    }
    case AST_ThisExpression: emit_this(c, n); break;
    case AST_ArrayExpression: compile_array(c, n); break;
    case AST_ObjectExpression: compile_object(c, n); break;
    case AST_FunctionExpression:
    case AST_ArrowFunctionExpression:
        compile_function_expr(c, n, 0);
        break;
    case AST_ClassExpression: compile_class(c, n, 0, 0); break;
    case AST_UnaryExpression: compile_unary(c, n); break;
    case AST_BinaryExpression: {
        AstBinary *b = &n->u.binary;
        if (b->op == AST_OP_IN && b->left->kind == AST_PrivateIdentifier) {
            emit_private_name(c, b->left);
            compile_expr(c, b->right);
            emit_pos(c, n);
            emit_op(c, OP_private_in);
            break;
        }
        compile_expr(c, b->left);
        compile_expr(c, b->right);
        emit_pos(c, n);
        emit_op(c, binop_for(b->op));
        break;
    }
    case AST_LogicalExpression: {
        AstBinary *b = &n->u.binary;
        int32_t l = new_label(c);
        compile_expr(c, b->left);
        emit_op(c, OP_dup);
        emit_jump(c, b->op == AST_OP_AND ? OP_jmp_false : b->op == AST_OP_OR ? OP_jmp_true : OP_jmp_not_nullish, l);
        emit_op(c, OP_drop);
        compile_expr(c, b->right);
        bind_label(c, l);
        break;
    }
    case AST_ConditionalExpression: {
        int32_t lelse = new_label(c), lend = new_label(c);
        compile_cond_jump(c, n->u.conditional.test, 0, lelse);
        compile_expr(c, n->u.conditional.consequent);
        emit_jump(c, OP_jmp, lend);
        bind_label(c, lelse);
        compile_expr(c, n->u.conditional.alternate);
        bind_label(c, lend);
        break;
    }
    case AST_CallExpression: compile_call(c, n); break;
    case AST_NewExpression: compile_new(c, n); break;
    case AST_MemberExpression: compile_member(c, n); break;
    case AST_ChainExpression: {
        int32_t saved = chain_label_of(c);
        int32_t l = new_label(c);
        set_chain_label(c, l);
        compile_expr(c, n->u.chain.expression);
        bind_label(c, l);
        set_chain_label(c, saved);
        break;
    }
    case AST_YieldExpression: compile_yield(c, n); break;
    case AST_AwaitExpression:
        compile_expr(c, n->u.argument_expression.argument);
        emit_pos(c, n);
        emit_op(c, OP_await);
        break;
    case AST_ImportExpression:
        compile_expr(c, n->u.import_expression.source);
        if (n->u.import_expression.options) compile_expr(c, n->u.import_expression.options);
        else emit_op(c, OP_push_undefined);
        emit_pos(c, n);
        emit_op(c, OP_import_dynamic);
        break;
    case AST_MetaProperty:
        if (n->u.meta_property.kind == AST_META_NEW_TARGET) emit_func_pseudo(c, " new.target", n);
        else emit_op(c, OP_import_meta);
        break;
    case AST_Super:
        comp_error(c, n, "'super' keyword unexpected here");
    case AST_ClassDeclaration:
    case AST_FunctionDeclaration:
    default:
        comp_error(c, n, "unsupported expression (%s)", ast_kind_name((AstKind)n->kind));
    }
    if (!keep) emit_op(c, OP_drop);
}
