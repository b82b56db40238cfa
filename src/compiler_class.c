/* compiler_class.c — classes: ClassDefinitionEvaluation (heritage, constructor, methods,
 * accessors, private names, computed keys), the synthetic instance-field initializer and
 * static initializer functions, static blocks, and default constructors. */
#include <string.h>
#include "compiler_int.h"

/* "#name" private name of a PrivateIdentifier, resolved to its class-scope variable. */
static void emit_private_sym(Comp *c, AstNode *pid) {
    AstStr nm = pid->u.ident.name;
    uint16_t *s = carena_alloc(c, (nm.len + 1) * sizeof(uint16_t));
    s[0] = '#';
    if (nm.len) memcpy(s + 1, nm.chars, nm.len * sizeof(uint16_t));
    Resolved r;
    scope_resolve(c, c->scope, c->func, s, nm.len + 1, &r);
    if (!r.var || r.var->kind != SV_PRIVATE) comp_error(c, pid, "undeclared private name");
    emit_var_get(c, r.var, r.scope, 0);
}

/* Static function name for a method key: "name", "#name", "get name", "set name";
 * 0 for computed keys. */
Value method_name(Comp *c, AstNode *key, int computed, int kind_prefix) {
    if (computed) return 0;
    VM *vm = c->vm;
    Value base;
    if (key->kind == AST_PrivateIdentifier) {
        AstStr nm = key->u.ident.name;
        uint16_t *s = carena_alloc(c, (nm.len + 1) * sizeof(uint16_t));
        s[0] = '#';
        if (nm.len) memcpy(s + 1, nm.chars, nm.len * sizeof(uint16_t));
        base = comp_string(c, s, nm.len + 1);
    } else {
        Value k = prop_key_atom(c, key);
        if (k) {
            base = k;
        } else if (key->kind == AST_NumericLiteral) {
            base = str_from_double(vm, key->u.number.value);
            if (base == VAL_EXCEPTION) comp_oom(c);
        } else if (key->kind == AST_StringLiteral) {
            base = comp_string(c, key->u.string.value.chars, key->u.string.value.len);
        } else {
            return 0;
        }
    }
    if (!kind_prefix) return base;
    Value pre = kind_prefix == DM_GETTER ? ATOM(vm, get_) : ATOM(vm, set_);
    Value s = str_concat(vm, pre, base);
    if (s != VAL_EXCEPTION) s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) comp_oom(c);
    return s;
}

/* Push the canonical key of a non-computed, non-private element key. */
static void emit_element_key(Comp *c, AstNode *key) {
    Value k = prop_key_atom(c, key);
    if (k) { emit_push_value(c, k); return; }
    Value s;
    if (key->kind == AST_NumericLiteral) {
        s = str_from_double(c->vm, key->u.number.value);
        if (s == VAL_EXCEPTION) comp_oom(c);
    } else {
        s = comp_string(c, key->u.string.value.chars, key->u.string.value.len);
    }
    Value kk = key_from_string(c->vm, s);
    if (kk == VAL_EXCEPTION) comp_oom(c);
    emit_push_value(c, kk);
}

/* Compile a method's FunctionExpression with a static name; leaves the closure. */
static void emit_method_closure(Comp *c, AstNode *fnode, Value name) {
    CFunc *f = cmap_get(c, fnode->u.function.info);
    if (!f) comp_error(c, fnode, "internal compiler error: method");
    if (name) f->name = name;
    compile_nested_function(c, fnode);
    emit_closure(c, f);
}

/* ---------------------------------------------------------------------------------------
 * Synthetic functions
 * ------------------------------------------------------------------------------------- */

/* Prologue shared by synthetic method-like functions (top scope with pseudo variables). */
static void synthetic_prologue(Comp *c, CFunc *f) {
    CScope *top = f->top;
    scope_assign(c, top);
    c->scope = top;
    if (top->has_env) emit_op_u32(c, OP_push_env, (uint32_t)scope_desc_const(c, top));
    if (f->this_var && f->this_var->store == VS_ENV) { emit_op(c, OP_push_this); emit_var_put(c, f->this_var, top, 0); }
    if (f->new_target_var && f->new_target_var->store == VS_ENV) { emit_op(c, OP_push_new_target); emit_var_put(c, f->new_target_var, top, 0); }
    if (f->func_var && f->func_var->store == VS_ENV) { emit_op(c, OP_push_func); emit_var_put(c, f->func_var, top, 0); }
    emit_tdz_init(c, top);
}

/* The private-name record of a PrivateIdentifier key. */
static const AstPrivateName *find_private(AstClassBody *body, AstNode *key) {
    for (uint32_t i = 0; i < body->private_count; i++)
        if (ast_str_eq(body->privates[i].name, key->u.ident.name)) return &body->privates[i];
    return NULL;
}

/* Push the hidden variable holding the closure of private method element e. */
static void emit_method_var(Comp *c, CClass *cls, AstClassBody *body, AstNode *e) {
    for (uint32_t i = 0; i < body->body.count; i++) {
        if (body->body.items[i] != e) continue;
        CVar *mv = cls->method_vars[i];
        Resolved r;
        scope_resolve(c, c->scope, c->func, mv->name, mv->len, &r);
        if (!r.var) comp_error(c, e, "internal compiler error: private method");
        emit_var_get(c, r.var, r.scope, 0);
        return;
    }
    comp_error(c, e, "internal compiler error: private method element");
}

/* Field definitions of one kind (instance / static) into `this`. */
static void emit_field_defs(Comp *c, CClass *cls, int is_static) {
    AstClassBody *body = &cls->node->u.klass.body->u.class_body;
    if (!is_static) {
        /* private methods and accessors first (PrivateMethodOrAccessorAdd) */
        for (uint32_t i = 0; i < body->body.count; i++) {
            AstNode *e = body->body.items[i];
            if (e->kind != AST_MethodDefinition || e->u.method.is_static ||
                e->u.method.key->kind != AST_PrivateIdentifier)
                continue;
            const AstPrivateName *pn = find_private(body, e->u.method.key);
            if (pn && pn->kind == AST_PRIVATE_ACCESSOR) {
                if (e != pn->node) continue;   /* emitted with the first accessor */
                AstNode *getter = pn->node->u.method.kind == AST_METHOD_GET ? pn->node : pn->node2;
                AstNode *setter = getter == pn->node ? pn->node2 : pn->node;
                emit_op(c, OP_push_this);
                emit_private_sym(c, e->u.method.key);
                emit_method_var(c, cls, body, getter);
                emit_method_var(c, cls, body, setter);
                emit_op(c, OP_define_private_pair);
                emit_op(c, OP_drop);
                continue;
            }
            emit_op(c, OP_push_this);
            emit_private_sym(c, e->u.method.key);
            emit_method_var(c, cls, body, e);
            uint8_t kind = e->u.method.kind == AST_METHOD_GET ? 2 : e->u.method.kind == AST_METHOD_SET ? 3 : 1;
            emit_op_u8(c, OP_define_private, kind);
            emit_op(c, OP_drop);
        }
    }
    for (uint32_t i = 0; i < body->body.count; i++) {
        AstNode *e = body->body.items[i];
        if (is_static && e->kind == AST_StaticBlock) {
            CFunc *bf = cmap_get(c, e->u.static_block.info);
            if (!bf) comp_error(c, e, "internal compiler error: static block");
            bf->name = ATOM(c->vm, empty);
            CFunc *saved_func = c->func;
            CScope *saved_scope = c->scope;
            c->func = bf;
            compile_function_body(c, bf);
            Value fd = finish_function(c, bf);
            c->func = saved_func;
            c->scope = saved_scope;
            bf->name = fd;
            emit_op(c, OP_push_this);
            emit_closure(c, bf);
            emit_op(c, OP_set_home);
            emit_op(c, OP_swap);
            emit_op_u16(c, OP_call, 0);
            emit_op(c, OP_drop);
            continue;
        }
        if (e->kind != AST_PropertyDefinition || e->u.field.is_static != is_static) continue;
        AstField *fd = &e->u.field;
        emit_pos(c, e);
        emit_op(c, OP_push_this);
        if (fd->key->kind == AST_PrivateIdentifier) {
            emit_private_sym(c, fd->key);
            Value nm = method_name(c, fd->key, 0, 0);
            if (fd->value) compile_expr_named(c, fd->value, nm);
            else emit_op(c, OP_push_undefined);
            emit_op_u8(c, OP_define_private, 0);
        } else if (fd->computed) {
            CVar *kv = cls->key_vars[i];
            Resolved r;
            scope_resolve(c, c->scope, c->func, kv->name, kv->len, &r);
            emit_var_get(c, r.var, r.scope, 0);
            if (fd->value) {
                compile_expr(c, fd->value);
                if (is_anonymous_fn(fd->value)) emit_op_u8(c, OP_set_name_computed, 0);
            } else {
                emit_op(c, OP_push_undefined);
            }
            emit_op(c, OP_define_elem);
        } else {
            Value nm = method_name(c, fd->key, 0, 0);
            Value k = prop_key_atom(c, fd->key);
            if (k) {
                if (fd->value) compile_expr_named(c, fd->value, nm);
                else emit_op(c, OP_push_undefined);
                emit_atom_ic_op(c, OP_define_field, k);
            } else {
                emit_element_key(c, fd->key);
                if (fd->value) compile_expr_named(c, fd->value, nm);
                else emit_op(c, OP_push_undefined);
                emit_op(c, OP_define_elem);
            }
        }
        emit_op(c, OP_drop);
    }
}

/* Body of a synthetic function (field / static initializer, static block, default ctor). */
void compile_synthetic_body(Comp *c, CFunc *f) {
    f->depth = 0;
    switch (f->kind) {
    case CFK_FIELD_INIT:
    case CFK_STATIC_INIT:
        synthetic_prologue(c, f);
        emit_field_defs(c, f->cls, f->kind == CFK_STATIC_INIT);
        emit_op(c, OP_return_undef);
        break;
    case CFK_STATIC_BLOCK: {
        AstNode *blk = f->node;
        synthetic_prologue(c, f);
        emit_scope_functions(c, f->info->scope);
        compile_stmt_list(c, &blk->u.static_block.body);
        if (c->func->depth >= 0) emit_op(c, OP_return_undef);
        break;
    }
    case CFK_DEFAULT_CTOR:
        if (f->is_derived) {
            emit_op(c, OP_push_func);
            emit_op(c, OP_push_new_target);
            emit_op(c, OP_super_call_forward);
            emit_op(c, OP_bind_this);
            emit_op(c, OP_push_func);
            emit_op(c, OP_swap);
            emit_op(c, OP_init_fields);
            emit_op(c, OP_return);
        } else {
            if (f->has_fields) {
                emit_op(c, OP_push_func);
                emit_op(c, OP_push_this);
                emit_op(c, OP_init_fields);
                emit_op(c, OP_drop);
            }
            emit_op(c, OP_return_undef);
        }
        break;
    default:
        comp_error(c, f->node, "internal compiler error: synthetic function");
    }
}

/* Compile a synthetic function and return it (its funcdef in f->name). */
static CFunc *finish_synthetic(Comp *c, CFunc *f) {
    CFunc *saved_func = c->func;
    CScope *saved_scope = c->scope;
    c->func = f;
    compile_synthetic_body(c, f);
    Value fd = finish_function(c, f);
    c->func = saved_func;
    c->scope = saved_scope;
    f->name = fd;
    return f;
}

/* ---------------------------------------------------------------------------------------
 * ClassDefinitionEvaluation
 * ------------------------------------------------------------------------------------- */

void compile_class(Comp *c, AstNode *n, Value name, int is_decl) {
    (void)is_decl;
    VM *vm = c->vm;
    AstClass *k = &n->u.klass;
    AstClassBody *body = &k->body->u.class_body;
    CClass *cls = cmap_get(c, n);
    if (!cls) comp_error(c, n, "internal compiler error: class not analyzed");
    Value cname = k->id ? comp_string(c, k->id->u.ident.name.chars, k->id->u.ident.name.len)
                        : (name ? name : ATOM(vm, empty));
    CScope *s = cls->scope;
    CScope *saved_scope = c->scope;
    emit_pos(c, n);
    enter_scope(c, s);
    /* private names */
    for (uint32_t i = 0; i < s->nvars; i++) {
        CVar *v = s->vars[i];
        if (v->kind != SV_PRIVATE) continue;
        emit_atom_op(c, OP_new_private_name, cvar_atom(c, v));
        emit_var_put(c, v, s, 0);
    }
    /* heritage */
    if (k->super_class) compile_expr(c, k->super_class);
    else emit_op(c, OP_push_undefined);
    emit_push_value(c, cname);
    /* constructor */
    CFunc *ctor;
    AstNode *ctor_def = body->constructor;
    if (ctor_def) {
        AstNode *fnode = ctor_def->u.method.value;
        ctor = cmap_get(c, fnode->u.function.info);
        if (!ctor) comp_error(c, n, "internal compiler error: constructor");
        ctor->name = cname;
        ctor->has_fields = cls->field_init != NULL && !ctor->is_derived;
        ctor->src_start = k->src_start;
        ctor->src_end = k->src_end;
        compile_nested_function(c, fnode);
    } else {
        ctor = cfunc_new(c, c->func, NULL, n, CFK_DEFAULT_CTOR);
        ctor->strict = 1;
        ctor->is_class_ctor = 1;
        ctor->is_method = 1;
        ctor->is_derived = k->super_class != NULL;
        ctor->has_fields = cls->field_init != NULL;
        ctor->src_start = k->src_start;
        ctor->src_end = k->src_end;
        ctor->name = cname;
        finish_synthetic(c, ctor);
    }
    cls->ctor = ctor;
    uint32_t kc = add_const(c, ctor->name);
    emit_u8(c, OP_class_create);
    emit_u32(c, kc);
    emit_u8(c, k->super_class ? 1 : 0);
    adjust_depth(c, 0);   /* heritage name -> ctor proto */
    /* elements: [ctor proto] */
    for (uint32_t i = 0; i < body->body.count; i++) {
        AstNode *e = body->body.items[i];
        if (e->kind == AST_MethodDefinition) {
            AstMethod *m = &e->u.method;
            if (m->kind == AST_METHOD_CONSTRUCTOR) continue;
            uint8_t dm = m->kind == AST_METHOD_GET ? DM_GETTER : m->kind == AST_METHOD_SET ? DM_SETTER : DM_METHOD;
            emit_pos(c, e);
            emit_op(c, m->is_static ? OP_over : OP_dup);    /* target */
            if (m->key->kind == AST_PrivateIdentifier) {
                emit_method_closure(c, m->value, method_name(c, m->key, 0, dm));
                emit_op(c, OP_set_home);
                if (m->is_static) {
                    const AstPrivateName *pn = find_private(body, m->key);
                    if (pn && pn->kind == AST_PRIVATE_ACCESSOR) {
                        /* keep the first accessor in a temporary; define both at the second */
                        CVar *mv = cls->method_vars[i];
                        if (!mv) {
                            char nm[32];
                            snprintf(nm, sizeof nm, " spm%u", i);
                            mv = cls->method_vars[i] = scope_declare_ascii(c, s, nm, SV_HIDDEN);
                            mv->store = VS_LOC;
                            mv->loc = (int32_t)new_local(c, 0);
                        }
                        if (e == pn->node) {
                            emit_var_put(c, mv, s, 0);
                            emit_op(c, OP_drop);
                            continue;
                        }
                        /* target fn2: fetch fn1 (the other accessor) */
                        uint32_t other = 0;
                        for (uint32_t j = 0; j < body->body.count; j++) if (body->body.items[j] == pn->node) other = j;
                        CVar *ov = cls->method_vars[other];
                        uint32_t tmp = new_local(c, 0);
                        emit_put_loc(c, tmp);           /* target */
                        emit_private_sym(c, m->key);    /* target sym */
                        if (dm == DM_GETTER) {
                            emit_get_loc(c, tmp);
                            emit_var_get(c, ov, s, 0);
                        } else {
                            emit_var_get(c, ov, s, 0);
                            emit_get_loc(c, tmp);
                        }
                        emit_op(c, OP_define_private_pair);
                        emit_op(c, OP_drop);
                        continue;
                    }
                    /* target fn -> target sym fn -> define_private */
                    emit_private_sym(c, m->key);
                    emit_op(c, OP_swap);
                    emit_op_u8(c, OP_define_private, (uint8_t)(dm == DM_GETTER ? 2 : dm == DM_SETTER ? 3 : 1));
                    emit_op(c, OP_drop);
                } else {
                    CVar *mv = cls->method_vars[i];
                    emit_var_put(c, mv, s, 0);
                    emit_op(c, OP_drop);
                }
                continue;
            }
            if (m->computed) {
                compile_expr(c, m->key);
                emit_op(c, OP_to_propkey);
                emit_method_closure(c, m->value, 0);
                emit_op_u8(c, OP_define_method_computed, dm);
            } else {
                Value key = prop_key_atom(c, m->key);
                emit_method_closure(c, m->value, method_name(c, m->key, 0, dm));
                if (key) {
                    emit_atom_u8_op(c, OP_define_method, key, dm);
                } else {
                    emit_element_key(c, m->key);
                    emit_op(c, OP_swap);
                    emit_op_u8(c, OP_define_method_computed, (uint8_t)(dm | DM_NO_HOME * 0));
                }
            }
            emit_op(c, OP_drop);
        } else if (e->kind == AST_PropertyDefinition && e->u.field.computed) {
            compile_expr(c, e->u.field.key);
            emit_op(c, OP_to_propkey);
            emit_var_put(c, cls->key_vars[i], s, 0);
        }
    }
    /* instance field initializer */
    if (cls->field_init) {
        finish_synthetic(c, cls->field_init);
        emit_op(c, OP_dup);
        emit_closure(c, cls->field_init);
        emit_op(c, OP_set_home);
        emit_op(c, OP_nip);
        emit_op(c, OP_swap);
        emit_op(c, OP_rot3r);
        emit_op(c, OP_class_fields);
        emit_op(c, OP_swap);
    }
    /* the inner class-name binding */
    if (k->id) {
        CVar *v = scope_find_local(s, k->id->u.ident.name.chars, k->id->u.ident.name.len);
        if (v && v->kind == SV_CLASS_NAME) {
            emit_op(c, OP_over);
            emit_var_put(c, v, s, 0);
        }
    }
    /* static elements */
    if (cls->static_init) {
        finish_synthetic(c, cls->static_init);
        emit_op(c, OP_over);
        emit_closure(c, cls->static_init);
        emit_op(c, OP_set_home);
        emit_op(c, OP_swap);
        emit_op_u16(c, OP_call, 0);
        emit_op(c, OP_drop);
    }
    emit_op(c, OP_drop);
    leave_scope(c, s);
    c->scope = saved_scope;
}
