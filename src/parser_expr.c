/* parser_expr.c - expressions, literals, templates, binding patterns and the cover
 * grammars (object/array literal -> pattern, parenthesized expression -> arrow
 * parameters, async call -> async arrow head).
 *
 * Cover bookkeeping: a CoverInitializedName (`{a = 1}`) or a duplicate `__proto__` in an
 * object literal is valid only if the literal later becomes a pattern. Each one
 * increments p->pending_cover when parsed; converting the literal to a pattern
 * decrements it. A parse_assignment() that is not a cover context (no PE_COVER) checks at
 * its end that the count is back to what it was at its start (pcommit_cover).
 */
#include <string.h>

#include "parser_impl.h"

static AstNode *parse_unary(Parser *p, int flags);
static AstNode *parse_primary(Parser *p, int flags);
static AstNode *parse_subscripts(Parser *p, AstNode *e, int no_call);
static AstNode *parse_template(Parser *p, int tagged);
static AstNode *pto_binding(Parser *p, AstNode *n);
static AstNode *parse_object_literal(Parser *p);
static AstNode *parse_array_literal(Parser *p);

/* Kind of binding for parse_binding_target: AstBindKind, -1 parameter, or: */
#define PK_NODECL (-2) /* parse only; declare later */

static inline int pis_arrow(const AstNode *e) {
    return e->kind == AST_ArrowFunctionExpression && !e->parenthesized;
}

void pcommit_cover(Parser *p, uint32_t saved) {
    if (p->pending_cover > saved) {
        if (p->pending_is_proto)
            perr(p, p->pending_pos, "duplicate __proto__ fields are not allowed in object literals");
        perr(p, p->pending_pos, "invalid shorthand property initializer");
    }
}

/* ------------------------------------------------------------------------------------
 * Identifiers and literals
 * ---------------------------------------------------------------------------------- */

/* A property / member name (any IdentifierName; not a reference). */
AstNode *parse_identifier_name(Parser *p) {
    if (TOK.type != TOK_NAME) punexpected(p);
    AstNode *id = pnode(p, AST_Identifier);
    id->u.ident.name = TOK.str;
    id->u.ident.escaped = TOK.escaped;
    pnext(p);
    return pfinish(p, id);
}

/* Checks the current token as an IdentifierReference and builds the node. */
static AstNode *parse_identifier_reference(Parser *p) {
    pcheck_ident(p, &TOK, 0);
    FuncCtx *fc = p->fn;
    if (TOK.kw == KW_ARGUMENTS) {
        if (fc->no_arguments) perr(p, TOK.start, "'arguments' is not allowed in class field initializer or static initialization block");
        pfn_flag(p, FF_ARGUMENTS);
    }
    AstNode *id = pnode(p, AST_Identifier);
    id->u.ident.name = TOK.str;
    id->u.ident.is_reference = 1;
    id->u.ident.escaped = TOK.escaped;
    pnext(p);
    return pfinish(p, id);
}

AstNode *parse_string_literal(Parser *p) {
    if (TOK.octal && p->strict)
        perr(p, TOK.bad_escape, TOK.octal == LEX_OCTAL_89_ESCAPE ? "\\8 and \\9 are not allowed in strict mode"
                                                                : "octal escape sequences are not allowed in strict mode");
    AstNode *n = pnode(p, AST_StringLiteral);
    n->u.string.value = TOK.str;
    pnext(p);
    return pfinish(p, n);
}

/* Numeric literal (strict-mode legacy octal checks). */
static AstNode *parse_number_literal(Parser *p) {
    if (TOK.octal && p->strict)
        perr(p, TOK.start, TOK.octal == LEX_OCTAL_LEGACY_NUMBER ? "octal literals are not allowed in strict mode"
                                                               : "decimals with leading zeros are not allowed in strict mode");
    AstNode *n = pnode(p, AST_NumericLiteral);
    n->u.number.value = TOK.num;
    pnext(p);
    return pfinish(p, n);
}

static AstNode *parse_bigint_literal(Parser *p) {
    AstNode *n = pnode(p, AST_BigIntLiteral);
    n->u.bigint.digits = TOK.digits;
    n->u.bigint.len = TOK.digits_len;
    n->u.bigint.radix = TOK.radix;
    pnext(p);
    return pfinish(p, n);
}

/* Regular expression literal: the current token is '/' or '/='. */
static AstNode *parse_regexp(Parser *p) {
    lex_rescan_regexp(&p->lx);
    AstNode *n = pnode(p, AST_RegExpLiteral);
    n->u.regexp.pattern = TOK.str;
    n->u.regexp.flags = TOK.raw;
    AstStr f = TOK.raw;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < f.len; i++) {
        const char *all = "dgimsuyv";
        const char *q = f.chars[i] < 128 ? strchr(all, (int)f.chars[i]) : NULL;
        if (!q || !f.chars[i]) perr(p, TOK.start, "invalid regular expression flags");
        uint32_t bit = 1u << (q - all);
        if (seen & bit) perr(p, TOK.start, "duplicate flag in regular expression");
        seen |= bit;
    }
    if ((seen & (1u << 5)) && (seen & (1u << 7)))
        perr(p, TOK.start, "regular expression flags 'u' and 'v' cannot be combined");
    if (p->opt->validate_regexp) {
        char msg[200];
        msg[0] = 0;
        if (p->opt->validate_regexp(p->opt->regexp_ctx, TOK.str.chars, TOK.str.len, f.chars, f.len, msg,
                                    sizeof msg))
            perr(p, TOK.start, "invalid regular expression: %s", msg[0] ? msg : "syntax error");
    }
    pnext(p);
    return pfinish(p, n);
}

/* Template literal (current token is a TOK_TEMPLATE head or full template). */
static AstNode *parse_template(Parser *p, int tagged) {
    AstNode *n = pnode(p, AST_TemplateLiteral);
    uint32_t qbase = p->stk_len;
    /* quasis and expressions alternate on the stack; split at the end */
    uint32_t count = 0;
    for (;;) {
        if (TOK.type != TOK_TEMPLATE) punexpected(p);
        if (!tagged && TOK.tmpl_invalid) perr(p, TOK.bad_escape, "invalid escape sequence in template literal");
        AstNode *q = pnode(p, AST_TemplateElement);
        q->u.template_element.raw = TOK.raw;
        q->u.template_element.cooked = TOK.str;
        q->u.template_element.has_cooked = !TOK.tmpl_invalid;
        q->u.template_element.tail = TOK.tmpl_tail;
        /* element positions exclude the delimiters */
        q->start = TOK.start + 1;
        q->column = TOK.col + 1;
        q->end = TOK.end - (TOK.tmpl_tail ? 1 : 2);
        pstk_push(p, q);
        count++;
        if (TOK.tmpl_tail) {
            pnext(p);
            break;
        }
        pnext(p);
        pstk_push(p, parse_expression(p, 0));
        if (TOK.type != TOK_RBRACE) punexpected(p);
        lex_rescan_template(&p->lx);
    }
    uint32_t total = p->stk_len - qbase;
    AstNode **all = p->stk + qbase;
    AstList qs = {palloc(p, count * sizeof(AstNode *)), count};
    AstList es = {NULL, total - count};
    if (es.count) es.items = palloc(p, es.count * sizeof(AstNode *));
    for (uint32_t i = 0, qi = 0, ei = 0; i < total; i++) {
        if (i % 2 == 0) qs.items[qi++] = all[i];
        else es.items[ei++] = all[i];
    }
    p->stk_len = qbase;
    n->u.template.quasis = qs;
    n->u.template.expressions = es;
    return pfinish(p, n);
}

/* ------------------------------------------------------------------------------------
 * Targets and patterns
 * ---------------------------------------------------------------------------------- */

/* Checks an Identifier used as an assignment target (strict eval/arguments). */
static void pcheck_target_ident(Parser *p, AstNode *id) {
    if (p->strict && (pstr_eq(id->u.ident.name, p->s_eval) || pstr_eq(id->u.ident.name, p->s_arguments)))
        perr(p, id->start, "assignment to '%s' is not allowed in strict mode",
             pstr_eq(id->u.ident.name, p->s_eval) ? "eval" : "arguments");
}

void pcheck_simple_target(Parser *p, AstNode *n, int for_update) {
    if (n->kind == AST_Identifier) {
        pcheck_target_ident(p, n);
        return;
    }
    if (n->kind == AST_MemberExpression) return;
    /* Annex B (web compat): in sloppy code a call is accepted as the target of `=`,
       arithmetic compound assignment, ++/-- and for-in/of heads; it throws a
       ReferenceError at run time. for_update 3 = logical assignment (never allowed). */
    if (n->kind == AST_CallExpression && !p->strict && for_update != 3) return;
    if (for_update == 1 || for_update == 2)
        perr(p, n->start, "invalid left-hand side expression in %s operation", for_update == 1 ? "prefix" : "postfix");
    perr(p, n->start, "invalid assignment target");
}

/* Counts the pending cover items that an object literal carries (CoverInitializedName
 * properties and duplicate __proto__) and removes them from p->pending_cover. */
static void pconsume_object_cover(Parser *p, AstNode *obj) {
    uint32_t protos = 0;
    for (uint32_t i = 0; i < obj->u.object.properties.count; i++) {
        AstNode *pr = obj->u.object.properties.items[i];
        if (pr->kind != AST_Property) continue;
        if (pr->reserved & NB_COVER_INIT) {
            pr->reserved &= (uint8_t)~NB_COVER_INIT;
            p->pending_cover--;
        }
        if (pr->u.property.is_proto) protos++;
    }
    if (protos > 1) p->pending_cover -= protos - 1;
}

static AstNode *pto_assign_elem(Parser *p, AstNode *n);

AstNode *pto_assign_target(Parser *p, AstNode *n) {
    switch (n->kind) {
    case AST_Identifier:
        pcheck_target_ident(p, n);
        return n;
    case AST_MemberExpression:
        return n;
    case AST_ObjectExpression: {
        if (n->parenthesized) break;
        pconsume_object_cover(p, n);
        n->kind = AST_ObjectPattern;
        AstList ps = n->u.object.properties;
        for (uint32_t i = 0; i < ps.count; i++) {
            AstNode *pr = ps.items[i];
            if (pr->kind == AST_SpreadElement) {
                if (i + 1 != ps.count || (n->reserved & NB_TRAILING_COMMA))
                    perr(p, pr->start, "rest element must be last element");
                AstNode *arg = pr->u.argument_expression.argument;
                if (arg->kind != AST_Identifier && arg->kind != AST_MemberExpression)
                    perr(p, arg->start, "invalid rest element");
                pto_assign_target(p, arg);
                pr->kind = AST_RestElement;
                continue;
            }
            if (pr->u.property.method || pr->u.property.kind != AST_PROP_INIT)
                perr(p, pr->start, "invalid destructuring assignment target");
            pr->u.property.is_proto = 0;
            AstNode *v = pr->u.property.value;
            if (pr->u.property.shorthand && v->kind == AST_AssignmentPattern) {
                pcheck_target_ident(p, v->u.assignment_pattern.left);
                continue;
            }
            if (pr->u.property.shorthand) {
                pcheck_target_ident(p, v);
                continue;
            }
            pr->u.property.value = pto_assign_elem(p, v);
        }
        return n;
    }
    case AST_ArrayExpression: {
        if (n->parenthesized) break;
        n->kind = AST_ArrayPattern;
        AstList es = n->u.array.elements;
        for (uint32_t i = 0; i < es.count; i++) {
            AstNode *e = es.items[i];
            if (!e) continue;
            if (e->kind == AST_SpreadElement) {
                if (i + 1 != es.count || (n->reserved & NB_TRAILING_COMMA))
                    perr(p, e->start, "rest element must be last element");
                AstNode *arg = e->u.argument_expression.argument;
                if (arg->kind == AST_AssignmentExpression && !arg->parenthesized)
                    perr(p, arg->start, "rest element may not have a default initializer");
                e->u.argument_expression.argument = pto_assign_target(p, arg);
                e->kind = AST_RestElement;
                continue;
            }
            es.items[i] = pto_assign_elem(p, e);
        }
        return n;
    }
    case AST_ObjectPattern:
    case AST_ArrayPattern:
        if (!n->parenthesized) return n;
        break;
    default:
        break;
    }
    if (n->kind == AST_ChainExpression)
        perr(p, n->start, "invalid assignment target: optional chain");
    perr(p, n->start, "invalid destructuring assignment target");
}

/* An element of an array pattern / value of an object pattern property. */
static AstNode *pto_assign_elem(Parser *p, AstNode *n) {
    if (n->kind == AST_AssignmentExpression && !n->parenthesized && n->u.binary.op == AST_OP_ASSIGN) {
        AstNode *l = n->u.binary.left;
        AstNode *r = n->u.binary.right;
        n->kind = AST_AssignmentPattern;
        n->u.assignment_pattern.left = l;
        n->u.assignment_pattern.right = r;
        return n;
    }
    return pto_assign_target(p, n);
}

/* Converts an expression (or an already-converted assignment pattern) into a binding
 * pattern for arrow parameters. */
static AstNode *pto_binding_elem(Parser *p, AstNode *n) {
    if ((n->kind == AST_AssignmentExpression && n->u.binary.op == AST_OP_ASSIGN) ||
        n->kind == AST_AssignmentPattern) {
        if (n->parenthesized) perr(p, n->start, "invalid destructuring target");
        AstNode *l = n->kind == AST_AssignmentPattern ? n->u.assignment_pattern.left : n->u.binary.left;
        AstNode *r = n->kind == AST_AssignmentPattern ? n->u.assignment_pattern.right : n->u.binary.right;
        n->kind = AST_AssignmentPattern;
        n->u.assignment_pattern.left = pto_binding(p, l);
        n->u.assignment_pattern.right = r;
        return n;
    }
    return pto_binding(p, n);
}

static AstNode *pto_binding(Parser *p, AstNode *n) {
    if (n->parenthesized) perr(p, n->start, "invalid destructuring target");
    switch (n->kind) {
    case AST_Identifier:
        if (p->strict && (pstr_eq(n->u.ident.name, p->s_eval) || pstr_eq(n->u.ident.name, p->s_arguments)))
            perr(p, n->start, "unexpected eval or arguments in strict mode");
        n->u.ident.is_binding = 1;
        n->u.ident.is_reference = 0;
        return n;
    case AST_ObjectExpression:
    case AST_ObjectPattern: {
        if (n->kind == AST_ObjectExpression) pconsume_object_cover(p, n);
        n->kind = AST_ObjectPattern;
        AstList ps = n->u.object.properties;
        for (uint32_t i = 0; i < ps.count; i++) {
            AstNode *pr = ps.items[i];
            if (pr->kind == AST_SpreadElement || pr->kind == AST_RestElement) {
                if (i + 1 != ps.count || (n->reserved & NB_TRAILING_COMMA))
                    perr(p, pr->start, "rest element must be last element");
                AstNode *arg = pr->u.argument_expression.argument;
                if (arg->kind != AST_Identifier) perr(p, arg->start, "invalid rest element");
                pr->u.argument_expression.argument = pto_binding(p, arg);
                pr->kind = AST_RestElement;
                continue;
            }
            if (pr->u.property.method || pr->u.property.kind != AST_PROP_INIT)
                perr(p, pr->start, "invalid destructuring target");
            pr->u.property.is_proto = 0;
            pr->u.property.value = pto_binding_elem(p, pr->u.property.value);
        }
        return n;
    }
    case AST_ArrayExpression:
    case AST_ArrayPattern: {
        n->kind = AST_ArrayPattern;
        AstList es = n->u.array.elements;
        for (uint32_t i = 0; i < es.count; i++) {
            AstNode *e = es.items[i];
            if (!e) continue;
            if (e->kind == AST_SpreadElement || e->kind == AST_RestElement) {
                if (i + 1 != es.count || (n->reserved & NB_TRAILING_COMMA))
                    perr(p, e->start, "rest element must be last element");
                AstNode *arg = e->u.argument_expression.argument;
                if ((arg->kind == AST_AssignmentExpression || arg->kind == AST_AssignmentPattern) && !arg->parenthesized)
                    perr(p, arg->start, "rest element may not have a default initializer");
                e->u.argument_expression.argument = pto_binding(p, arg);
                e->kind = AST_RestElement;
                continue;
            }
            es.items[i] = pto_binding_elem(p, e);
        }
        return n;
    }
    default:
        perr(p, n->start, "invalid destructuring target");
    }
}

/* 1 if a (binding) pattern contains an initializer or a computed key. */
static int pcontains_expression(const AstNode *n) {
    if (!n) return 0;
    switch (n->kind) {
    case AST_AssignmentPattern: return 1;
    case AST_RestElement: return pcontains_expression(n->u.argument_expression.argument);
    case AST_ArrayPattern:
        for (uint32_t i = 0; i < n->u.array.elements.count; i++)
            if (pcontains_expression(n->u.array.elements.items[i])) return 1;
        return 0;
    case AST_ObjectPattern:
        for (uint32_t i = 0; i < n->u.object.properties.count; i++) {
            const AstNode *pr = n->u.object.properties.items[i];
            if (pr->kind == AST_Property) {
                if (pr->u.property.computed) return 1;
                if (pcontains_expression(pr->u.property.value)) return 1;
            } else if (pcontains_expression(pr)) {
                return 1;
            }
        }
        return 0;
    default: return 0;
    }
}

/* ------------------------------------------------------------------------------------
 * Binding patterns (declarations, parameters, catch)
 * ---------------------------------------------------------------------------------- */

/* Declares a binding identifier by kind (see parse_binding_target). */
static void pbind(Parser *p, AstNode *id, int kind) {
    if (kind == PK_NODECL) {
        id->u.ident.is_binding = 1;
        return;
    }
    pdeclare_pattern(p, id, kind);
}

/* BindingIdentifier node from the current token. */
static AstNode *parse_binding_identifier(Parser *p, int kind) {
    if (TOK.type != TOK_NAME) punexpected(p);
    pcheck_ident(p, &TOK, 1);
    AstNode *id = pnode(p, AST_Identifier);
    id->u.ident.name = TOK.str;
    id->u.ident.is_binding = 1;
    id->u.ident.escaped = TOK.escaped;
    pnext(p);
    pfinish(p, id);
    pbind(p, id, kind);
    return id;
}

AstNode *parse_binding_element(Parser *p, int kind) {
    AstNode *t = parse_binding_target(p, kind);
    if (TOK.type == TOK_ASSIGN) {
        AstNode *a = pnode_at(p, AST_AssignmentPattern, t);
        pnext(p);
        if (p->fn->in_params) p->fn->has_param_expr = 1;
        a->u.assignment_pattern.left = t;
        a->u.assignment_pattern.right = parse_assignment(p, 0);
        return pfinish(p, a);
    }
    return t;
}

AstNode *parse_binding_target(Parser *p, int kind) {
    penter(p);
    AstNode *n;
    if (TOK.type == TOK_LBRACKET) {
        n = pnode(p, AST_ArrayPattern);
        pnext(p);
        uint32_t base = p->stk_len;
        while (TOK.type != TOK_RBRACKET) {
            if (TOK.type == TOK_COMMA) {
                pnext(p);
                pstk_push(p, NULL);
                continue;
            }
            if (TOK.type == TOK_ELLIPSIS) {
                AstNode *r = pnode(p, AST_RestElement);
                pnext(p);
                r->u.argument_expression.argument = parse_binding_target(p, kind);
                pstk_push(p, pfinish(p, r));
                if (TOK.type != TOK_RBRACKET) perr(p, TOK.start, "rest element must be last element");
                break;
            }
            pstk_push(p, parse_binding_element(p, kind));
            if (TOK.type != TOK_RBRACKET) pexpect(p, TOK_COMMA);
        }
        pnext(p);
        n->u.array.elements = pstk_list(p, base);
    } else if (TOK.type == TOK_LBRACE) {
        n = pnode(p, AST_ObjectPattern);
        pnext(p);
        uint32_t base = p->stk_len;
        while (TOK.type != TOK_RBRACE) {
            if (TOK.type == TOK_ELLIPSIS) {
                AstNode *r = pnode(p, AST_RestElement);
                pnext(p);
                r->u.argument_expression.argument = parse_binding_identifier(p, kind);
                pstk_push(p, pfinish(p, r));
                if (TOK.type != TOK_RBRACE) perr(p, TOK.start, "rest element must be last element");
                break;
            }
            AstNode *pr = pnode(p, AST_Property);
            Token kt = TOK;
            int computed = 0;
            AstNode *key = parse_property_name(p, &computed, 0);
            if (computed && p->fn->in_params) p->fn->has_param_expr = 1;
            pr->u.property.key = key;
            pr->u.property.computed = (uint8_t)computed;
            if (peat(p, TOK_COLON)) {
                pr->u.property.value = parse_binding_element(p, kind);
            } else {
                if (computed || kt.type != TOK_NAME) punexpected(p);
                pcheck_ident(p, &kt, 1);
                AstNode *id = pnode_at(p, AST_Identifier, key);
                id->end = key->end;
                id->u.ident.name = key->u.ident.name;
                id->u.ident.escaped = key->u.ident.escaped;
                pbind(p, id, kind);
                pr->u.property.shorthand = 1;
                if (TOK.type == TOK_ASSIGN) {
                    AstNode *a = pnode_at(p, AST_AssignmentPattern, id);
                    pnext(p);
                    if (p->fn->in_params) p->fn->has_param_expr = 1;
                    a->u.assignment_pattern.left = id;
                    a->u.assignment_pattern.right = parse_assignment(p, 0);
                    pr->u.property.value = pfinish(p, a);
                } else {
                    pr->u.property.value = id;
                }
            }
            pstk_push(p, pfinish(p, pr));
            if (TOK.type != TOK_RBRACE) pexpect(p, TOK_COMMA);
        }
        pnext(p);
        n->u.object.properties = pstk_list(p, base);
    } else {
        n = parse_binding_identifier(p, kind);
        pleave(p);
        return n;
    }
    pleave(p);
    return pfinish(p, n);
}

/* ------------------------------------------------------------------------------------
 * Property names, object and array literals
 * ---------------------------------------------------------------------------------- */

AstNode *parse_property_name(Parser *p, int *computed, int allow_private) {
    *computed = 0;
    switch (TOK.type) {
    case TOK_NAME:
        return parse_identifier_name(p);
    case TOK_STRING:
        return parse_string_literal(p);
    case TOK_NUMBER:
        return parse_number_literal(p);
    case TOK_BIGINT:
        return parse_bigint_literal(p);
    case TOK_LBRACKET: {
        pnext(p);
        *computed = 1;
        AstNode *e = parse_assignment(p, 0);
        pexpect(p, TOK_RBRACKET);
        return e;
    }
    case TOK_PRIVATE_NAME:
        if (allow_private) {
            AstNode *n = pnode(p, AST_PrivateIdentifier);
            n->u.ident.name = TOK.str;
            n->u.ident.escaped = TOK.escaped;
            pnext(p);
            return pfinish(p, n);
        }
        /* FALLTHROUGH */
    default:
        punexpected(p);
    }
}

/* 1 if the key (non-computed) is __proto__ (identifier or string). */
static int pkey_is_proto(Parser *p, const AstNode *key) {
    if (key->kind == AST_Identifier) return pstr_eq(key->u.ident.name, p->s_proto);
    if (key->kind == AST_StringLiteral) return pstr_eq(key->u.string.value, p->s_proto);
    return 0;
}

/* 1 if the token after the current one ends a property name (so the current word is the
 * name rather than a get/set/async modifier). */
static int pobj_next_ends_name(Parser *p, int check_nl) {
    Token nt;
    ppeek(p, &nt);
    if (check_nl && nt.nl_before) return 1;
    return nt.type == TOK_LPAREN || nt.type == TOK_COLON || nt.type == TOK_COMMA || nt.type == TOK_RBRACE ||
           nt.type == TOK_ASSIGN || nt.type == TOK_EOF;
}

static AstNode *parse_object_literal(Parser *p) {
    AstNode *n = pnode(p, AST_ObjectExpression);
    pnext(p);
    uint32_t base = p->stk_len;
    uint32_t protos = 0;
    while (TOK.type != TOK_RBRACE) {
        if (TOK.type == TOK_ELLIPSIS) {
            AstNode *s = pnode(p, AST_SpreadElement);
            pnext(p);
            s->u.argument_expression.argument = parse_assignment(p, PE_COVER);
            pstk_push(p, pfinish(p, s));
            if (TOK.type != TOK_RBRACE) {
                pexpect(p, TOK_COMMA);
                n->reserved |= NB_TRAILING_COMMA;
            }
            continue;
        }
        AstNode *pr = pnode(p, AST_Property);
        uint32_t src_start = TOK.start;
        int is_async = 0, is_gen = 0, accessor = 0;
        if (pis_name(p, KW_ASYNC) && !pobj_next_ends_name(p, 1)) {
            pnext(p);
            is_async = 1;
        }
        if (TOK.type == TOK_STAR) {
            pnext(p);
            is_gen = 1;
        }
        if (!is_async && !is_gen && (pis_name(p, KW_GET) || pis_name(p, KW_SET)) && !pobj_next_ends_name(p, 0)) {
            accessor = TOK.kw == KW_GET ? 1 : 2;
            pnext(p);
        }
        Token kt = TOK;
        int computed = 0;
        AstNode *key = parse_property_name(p, &computed, 0);
        pr->u.property.key = key;
        pr->u.property.computed = (uint8_t)computed;
        if (is_async || is_gen || accessor || TOK.type == TOK_LPAREN) {
            AstFuncKind fk = accessor == 1 ? AST_FUNC_GETTER : accessor == 2 ? AST_FUNC_SETTER : AST_FUNC_METHOD;
            if (TOK.type != TOK_LPAREN) punexpected(p);
            pr->u.property.kind = accessor == 1 ? AST_PROP_GET : accessor == 2 ? AST_PROP_SET : AST_PROP_INIT;
            pr->u.property.method = !accessor;
            pr->u.property.value = parse_method_function(p, fk, is_async, is_gen, src_start, 0);
        } else if (peat(p, TOK_COLON)) {
            pr->u.property.value = parse_assignment(p, PE_COVER);
            if (!computed && pkey_is_proto(p, key)) {
                pr->u.property.is_proto = 1;
                if (++protos > 1) {
                    p->pending_cover++;
                    p->pending_pos = key->start;
                    p->pending_is_proto = 1;
                }
            }
        } else if (!computed && kt.type == TOK_NAME) {
            /* shorthand: IdentifierReference (or CoverInitializedName) */
            pcheck_ident(p, &kt, 0);
            if (kt.kw == KW_ARGUMENTS) {
                if (p->fn->no_arguments)
                    perr(p, kt.start, "'arguments' is not allowed in class field initializer or static initialization block");
                pfn_flag(p, FF_ARGUMENTS);
            }
            AstNode *id = pnode_at(p, AST_Identifier, key);
            id->end = key->end;
            id->u.ident.name = key->u.ident.name;
            id->u.ident.is_reference = 1;
            id->u.ident.escaped = key->u.ident.escaped;
            pr->u.property.shorthand = 1;
            if (TOK.type == TOK_ASSIGN) {
                AstNode *a = pnode_at(p, AST_AssignmentPattern, id);
                pnext(p);
                a->u.assignment_pattern.left = id;
                a->u.assignment_pattern.right = parse_assignment(p, 0);
                pr->u.property.value = pfinish(p, a);
                pr->reserved |= NB_COVER_INIT;
                p->pending_cover++;
                p->pending_pos = kt.start;
                p->pending_is_proto = 0;
            } else {
                pr->u.property.value = id;
            }
        } else {
            punexpected(p);
        }
        pstk_push(p, pfinish(p, pr));
        if (TOK.type != TOK_RBRACE) pexpect(p, TOK_COMMA);
    }
    pnext(p);
    n->u.object.properties = pstk_list(p, base);
    return pfinish(p, n);
}

static AstNode *parse_array_literal(Parser *p) {
    AstNode *n = pnode(p, AST_ArrayExpression);
    pnext(p);
    uint32_t base = p->stk_len;
    while (TOK.type != TOK_RBRACKET) {
        if (TOK.type == TOK_COMMA) {
            pnext(p);
            pstk_push(p, NULL);
            continue;
        }
        AstNode *e;
        int spread = 0;
        if (TOK.type == TOK_ELLIPSIS) {
            e = pnode(p, AST_SpreadElement);
            pnext(p);
            e->u.argument_expression.argument = parse_assignment(p, PE_COVER);
            pfinish(p, e);
            spread = 1;
        } else {
            e = parse_assignment(p, PE_COVER);
        }
        pstk_push(p, e);
        if (TOK.type != TOK_RBRACKET) {
            pexpect(p, TOK_COMMA);
            if (spread) n->reserved |= NB_TRAILING_COMMA;
        }
    }
    pnext(p);
    n->u.array.elements = pstk_list(p, base);
    return pfinish(p, n);
}

/* ------------------------------------------------------------------------------------
 * Arrow functions
 * ---------------------------------------------------------------------------------- */

/* State saved around a region that may turn out to be arrow parameters. */
typedef struct PArrowCover {
    uint32_t yield_pos, await_pos, await_ident_pos; /* outer values */
    uint32_t flags;       /* outer function flags */
    uint32_t info_mark;   /* p->info_count at the start */
    uint32_t pending;     /* p->pending_cover at the start */
} PArrowCover;

static void parrow_cover_begin(Parser *p, PArrowCover *c) {
    c->yield_pos = p->yield_pos;
    c->await_pos = p->await_pos;
    c->await_ident_pos = p->await_ident_pos;
    p->yield_pos = p->await_pos = p->await_ident_pos = 0;
    c->flags = p->fn->flags;
    p->fn->flags = 0;
    c->info_mark = p->info_count;
    c->pending = p->pending_cover;
}

/* Ends the region as an ordinary expression: merges the recorded positions and flags. */
static void parrow_cover_end_expr(Parser *p, PArrowCover *c) {
    if (c->yield_pos) p->yield_pos = c->yield_pos;
    if (c->await_pos) p->await_pos = c->await_pos;
    if (c->await_ident_pos) p->await_ident_pos = c->await_ident_pos;
    p->fn->flags |= c->flags;
}

/* Ends the region as arrow parameters: checks yield/await, returns the flags to give the
 * arrow. */
static uint32_t parrow_cover_end_arrow(Parser *p, PArrowCover *c, int is_async) {
    if (p->yield_pos) perr(p, p->yield_pos - 1, "yield expression not allowed in formal parameters");
    if (p->await_pos) perr(p, p->await_pos - 1, "await expression not allowed in formal parameters");
    if (is_async && p->await_ident_pos)
        perr(p, p->await_ident_pos - 1, "'await' is not a valid parameter name in an async function");
    uint32_t inner = p->fn->flags;
    p->fn->flags = c->flags | inner;
    uint32_t await_ident = p->await_ident_pos;
    p->yield_pos = c->yield_pos;
    p->await_pos = c->await_pos;
    p->await_ident_pos = c->await_ident_pos ? c->await_ident_pos : await_ident;
    return inner;
}

/* Builds an arrow function from already-parsed parameters (converted to patterns) and
 * parses `=> body`. */
static AstNode *parse_arrow(Parser *p, AstNode **params, uint32_t n, uint32_t start, uint32_t line,
                            uint32_t col, int is_async, uint32_t flags, uint32_t info_mark, int no_in) {
    if (TOK.type != TOK_ARROW || TOK.nl_before) punexpected(p);
    AstNode *fnode = pnode_pos(p, AST_ArrowFunctionExpression, start, line, col);
    FuncCtx *outer = p->fn;
    FuncCtx *fc = pfunc_push(p, AST_FUNC_ARROW, is_async, 0);
    fc->flags |= flags & FF_PROPAGATE;
    /* functions created inside the parameters belong to the arrow */
    for (uint32_t i = info_mark; i < p->info_count - 1; i++)
        if (p->infos[i]->parent == outer->info) p->infos[i]->parent = fc->info;
    uint32_t base = p->stk_len;
    for (uint32_t i = 0; i < n; i++) {
        AstNode *pm = params[i];
        pdeclare_pattern(p, pm, -1);
        if (pm->kind != AST_Identifier) fc->simple_params = 0;
        if (pcontains_expression(pm)) fc->has_param_expr = 1;
        if (pm->kind == AST_AssignmentPattern || pm->kind == AST_RestElement) fc->length_done = 1;
        if (!fc->length_done) fc->length++;
        pstk_push(p, pm);
    }
    fnode->u.function.params = pstk_list(p, base);
    fnode->u.function.is_async = (uint8_t)is_async;
    fnode->u.function.info = fc->info;
    pnext(p); /* => */
    if (TOK.type == TOK_LBRACE) {
        AstNode *blk = pnode(p, AST_BlockStatement);
        pnext(p);
        /* parse_block_body applies the parameter checks */
        parse_block_body(p, blk, 1);
        pexpect(p, TOK_RBRACE);
        blk->u.block.scope = fc->top->out;
        fnode->u.function.body = pfinish(p, blk);
    } else {
        if (fc->dup_params) perr(p, fc->dup_param_pos, "duplicate parameter name not allowed in this context");
        fnode->u.function.expression = 1;
        fnode->u.function.body = parse_assignment(p, no_in ? PE_NO_IN : 0);
    }
    pfunc_pop(p, fc, start);
    return pfinish(p, fnode);
}

/* `( ... )`: a parenthesized expression or arrow parameters. */
static AstNode *parse_paren(Parser *p, int flags) {
    Token open = TOK;
    pnext(p);
    PArrowCover cv;
    parrow_cover_begin(p, &cv);
    uint32_t base = p->stk_len;
    AstNode *rest = NULL;
    uint32_t trailing_comma = 0;
    while (TOK.type != TOK_RPAREN) {
        if (TOK.type == TOK_ELLIPSIS) {
            rest = pnode(p, AST_RestElement);
            pnext(p);
            rest->u.argument_expression.argument = parse_binding_target(p, PK_NODECL);
            pfinish(p, rest);
            if (TOK.type == TOK_ASSIGN) perr(p, TOK.start, "rest parameter may not have a default initializer");
            if (TOK.type != TOK_RPAREN) perr(p, TOK.start, "rest parameter must be last formal parameter");
            break;
        }
        pstk_push(p, parse_assignment(p, PE_COVER));
        if (TOK.type == TOK_RPAREN) break;
        pexpect(p, TOK_COMMA);
        if (TOK.type == TOK_RPAREN) trailing_comma = p->prev_end;
    }
    uint32_t close = TOK.start;
    pexpect(p, TOK_RPAREN);
    uint32_t n = p->stk_len - base;
    if (TOK.type == TOK_ARROW && !TOK.nl_before) {
        uint32_t fl = parrow_cover_end_arrow(p, &cv, 0);
        for (uint32_t i = 0; i < n; i++) p->stk[base + i] = pto_binding_elem(p, p->stk[base + i]);
        if (rest) pstk_push(p, rest);
        if (p->pending_cover != cv.pending) pcommit_cover(p, cv.pending);
        uint32_t cnt = p->stk_len - base;
        AstNode **ps = cnt ? ptmp(p, cnt * sizeof(AstNode *)) : NULL;
        if (cnt) memcpy(ps, p->stk + base, cnt * sizeof(AstNode *));
        p->stk_len = base;
        return parse_arrow(p, ps, cnt, open.start, open.line, open.col, 0, fl, cv.info_mark, flags & PE_NO_IN);
    }
    parrow_cover_end_expr(p, &cv);
    if (n == 0 || rest || trailing_comma) {
        if (rest) perr(p, rest->start, "unexpected rest element in parenthesized expression");
        if (n == 0) perr(p, close, "unexpected token ')'");
        perr(p, trailing_comma - 1, "unexpected trailing comma in parenthesized expression");
    }
    AstNode *e;
    if (n == 1) {
        e = p->stk[base];
        p->stk_len = base;
    } else {
        AstNode *first = p->stk[base];
        e = pnode_at(p, AST_SequenceExpression, first);
        e->u.sequence.expressions = pstk_list(p, base);
        e->end = e->u.sequence.expressions.items[n - 1]->end;
    }
    e->parenthesized = 1;
    return e;
}

/* ------------------------------------------------------------------------------------
 * Primary expressions
 * ---------------------------------------------------------------------------------- */

/* 1 if the token can start an AssignmentExpression (used for `yield`'s operand). */
static int pstarts_expression(const Token *t) {
    switch (t->type) {
    case TOK_NAME:
        return !(t->kw == KW_IN || t->kw == KW_INSTANCEOF) || t->escaped;
    case TOK_NUMBER: case TOK_BIGINT: case TOK_STRING: case TOK_TEMPLATE: case TOK_PRIVATE_NAME:
    case TOK_SLASH: case TOK_SLASH_ASSIGN: case TOK_LPAREN: case TOK_LBRACKET: case TOK_LBRACE:
    case TOK_PLUS: case TOK_MINUS: case TOK_BANG: case TOK_TILDE: case TOK_INC: case TOK_DEC:
        return 1;
    default:
        return 0;
    }
}

/* 1 if the token two ahead of the current one is `=>` (for `async x =>`). */
static int ppeek2_is_arrow(Parser *p) {
    LexState saved = p->lx.st;
    lex_next(&p->lx);
    lex_next(&p->lx);
    int r = p->lx.st.tok.type == TOK_ARROW;
    p->lx.st = saved;
    return r;
}

static AstNode *parse_primary(Parser *p, int flags) {
    FuncCtx *fc = p->fn;
    switch (TOK.type) {
    case TOK_NAME:
        if (!TOK.escaped) {
            switch (TOK.kw) {
            case KW_THIS: {
                AstNode *n = pnode(p, AST_ThisExpression);
                pfn_flag(p, FF_THIS);
                pnext(p);
                return pfinish(p, n);
            }
            case KW_NULL: {
                AstNode *n = pnode(p, AST_NullLiteral);
                pnext(p);
                return pfinish(p, n);
            }
            case KW_TRUE:
            case KW_FALSE: {
                AstNode *n = pnode(p, AST_BooleanLiteral);
                n->u.boolean.value = TOK.kw == KW_TRUE;
                pnext(p);
                return pfinish(p, n);
            }
            case KW_FUNCTION:
                return parse_function(p, &TOK, 0, 0, 0);
            case KW_CLASS:
                return parse_class(p, 0, 0);
            case KW_ASYNC: {
                Token nt;
                ppeek(p, &nt);
                if (nt.nl_before) break;
                if (nt.type == TOK_NAME && nt.kw == KW_FUNCTION && !nt.escaped) {
                    Token start = TOK;
                    pnext(p);
                    return parse_function(p, &start, 1, 0, 0);
                }
                if (nt.type == TOK_NAME && !(nt.kw >= KW_FIRST_RESERVED && nt.kw <= KW_LAST_RESERVED && !nt.escaped) &&
                    ppeek2_is_arrow(p)) {
                    /* async x => ... */
                    Token at = TOK;
                    pnext(p);
                    PArrowCover cv;
                    parrow_cover_begin(p, &cv);
                    if (TOK.kw == KW_AWAIT) perr(p, TOK.start, "'await' is not a valid parameter name in an async function");
                    AstNode *id = parse_identifier_reference(p);
                    uint32_t fl = parrow_cover_end_arrow(p, &cv, 1);
                    pto_binding(p, id);
                    AstNode **ps = ptmp(p, sizeof(AstNode *));
                    ps[0] = id;
                    return parse_arrow(p, ps, 1, at.start, at.line, at.col, 1, fl, cv.info_mark, flags & PE_NO_IN);
                }
                break;
            }
            case KW_NEW:
            case KW_SUPER:
            case KW_IMPORT:
                /* handled by parse_lhs; reaching here means e.g. `new` in a bad spot */
                punexpected(p);
            default:
                break;
            }
        }
        return parse_identifier_reference(p);
    case TOK_NUMBER:
        return parse_number_literal(p);
    case TOK_BIGINT:
        return parse_bigint_literal(p);
    case TOK_STRING:
        return parse_string_literal(p);
    case TOK_TEMPLATE:
        return parse_template(p, 0);
    case TOK_SLASH:
    case TOK_SLASH_ASSIGN:
        return parse_regexp(p);
    case TOK_LPAREN:
        return parse_paren(p, flags);
    case TOK_LBRACKET:
        return parse_array_literal(p);
    case TOK_LBRACE:
        return parse_object_literal(p);
    default:
        (void)fc;
        punexpected(p);
    }
}

/* ------------------------------------------------------------------------------------
 * Left-hand-side expressions
 * ---------------------------------------------------------------------------------- */

/* Parses `( arguments )` into the stack; returns 1 if a comma followed a spread element
 * (trailing). cover: arguments may become async arrow parameters. */
static AstList parse_arguments(Parser *p, int cover, int *trailing_after_spread) {
    pexpect(p, TOK_LPAREN);
    uint32_t base = p->stk_len;
    *trailing_after_spread = 0;
    while (TOK.type != TOK_RPAREN) {
        int spread = 0;
        if (TOK.type == TOK_ELLIPSIS) {
            AstNode *s = pnode(p, AST_SpreadElement);
            pnext(p);
            s->u.argument_expression.argument = parse_assignment(p, cover ? PE_COVER : 0);
            pstk_push(p, pfinish(p, s));
            spread = 1;
        } else {
            pstk_push(p, parse_assignment(p, cover ? PE_COVER : 0));
        }
        if (TOK.type == TOK_RPAREN) break;
        pexpect(p, TOK_COMMA);
        if (spread) *trailing_after_spread = 1;
    }
    pnext(p);
    return pstk_list(p, base);
}

/* super.x / super[x] / super(...) */
static AstNode *parse_super(Parser *p) {
    AstNode *s = pnode(p, AST_Super);
    FuncCtx *fc = p->fn;
    pnext(p);
    pfinish(p, s);
    if (TOK.type == TOK_LPAREN) {
        if (!fc->allow_super_call) perr(p, s->start, "'super' keyword unexpected here");
        pfn_flag(p, FF_SUPER_CALL | FF_THIS);
        AstNode *c = pnode_at(p, AST_CallExpression, s);
        c->u.call.callee = s;
        int tc;
        c->u.call.arguments = parse_arguments(p, 0, &tc);
        return pfinish(p, c);
    }
    if (TOK.type == TOK_DOT || TOK.type == TOK_LBRACKET) {
        if (!fc->allow_super_prop) perr(p, s->start, "'super' keyword unexpected here");
        pfn_flag(p, FF_SUPER_PROP | FF_THIS);
        AstNode *m = pnode_at(p, AST_MemberExpression, s);
        m->u.member.object = s;
        if (peat(p, TOK_DOT)) {
            if (TOK.type == TOK_PRIVATE_NAME) perr(p, TOK.start, "unexpected private name after super");
            m->u.member.property = parse_identifier_name(p);
        } else {
            pnext(p);
            m->u.member.computed = 1;
            m->u.member.property = parse_expression(p, 0);
            pexpect(p, TOK_RBRACKET);
        }
        return pfinish(p, m);
    }
    perr(p, s->start, "'super' keyword unexpected here");
}

/* import(...) / import.meta */
static AstNode *parse_import_expr(Parser *p, int in_new) {
    AstNode *kw = pnode(p, AST_Identifier);
    kw->u.ident.name = TOK.str;
    pnext(p);
    pfinish(p, kw);
    if (TOK.type == TOK_DOT) {
        pnext(p);
        if (!(pis_name(p, KW_META))) {
            if (TOK.type == TOK_NAME && TOK.kw == KW_META) perr(p, TOK.start, "'meta' must not contain escaped characters");
            punexpected(p);
        }
        if (!p->is_module) perr(p, kw->start, "cannot use 'import.meta' outside a module");
        AstNode *m = pnode_at(p, AST_MetaProperty, kw);
        m->u.meta_property.meta = kw;
        m->u.meta_property.property = parse_identifier_name(p);
        m->u.meta_property.kind = AST_META_IMPORT_META;
        return pfinish(p, m);
    }
    if (in_new) perr(p, kw->start, "cannot use new with import");
    if (TOK.type != TOK_LPAREN) punexpected(p);
    AstNode *n = pnode_at(p, AST_ImportExpression, kw);
    pnext(p);
    n->u.import_expression.source = parse_assignment(p, 0);
    /* import(specifier, options) with optional trailing commas (ES2025) */
    if (peat(p, TOK_COMMA) && TOK.type != TOK_RPAREN) {
        n->u.import_expression.options = parse_assignment(p, 0);
        peat(p, TOK_COMMA);
    }
    pexpect(p, TOK_RPAREN);
    return pfinish(p, n);
}

/* new MemberExpression Arguments? / new.target */
static AstNode *parse_new(Parser *p) {
    penter(p);
    AstNode *kw = pnode(p, AST_Identifier);
    kw->u.ident.name = TOK.str;
    pnext(p);
    pfinish(p, kw);
    if (TOK.type == TOK_DOT) {
        pnext(p);
        if (!pis_name(p, KW_TARGET)) {
            if (TOK.type == TOK_NAME && TOK.kw == KW_TARGET) perr(p, TOK.start, "'target' must not contain escaped characters");
            punexpected(p);
        }
        if (!p->fn->allow_new_target) perr(p, kw->start, "new.target expression is not allowed here");
        pfn_flag(p, FF_NEW_TARGET);
        AstNode *m = pnode_at(p, AST_MetaProperty, kw);
        m->u.meta_property.meta = kw;
        m->u.meta_property.property = parse_identifier_name(p);
        m->u.meta_property.kind = AST_META_NEW_TARGET;
        pfinish(p, m);
        pleave(p);
        return m;
    }
    AstNode *callee;
    if (pis_name(p, KW_NEW)) callee = parse_new(p);
    else if (pis_name(p, KW_SUPER)) callee = parse_super(p);
    else if (pis_name(p, KW_IMPORT)) callee = parse_import_expr(p, 1);
    else callee = parse_primary(p, 0);
    if (pis_arrow(callee)) perr(p, callee->start, "invalid arrow function after new");
    if (callee->kind == AST_CallExpression && callee->u.call.callee->kind == AST_Super && !callee->parenthesized)
        perr(p, callee->start, "cannot use new with super call");
    callee = parse_subscripts(p, callee, 1);
    AstNode *n = pnode_at(p, AST_NewExpression, kw);
    n->u.call.callee = callee;
    if (TOK.type == TOK_LPAREN) {
        int tc;
        n->u.call.arguments = parse_arguments(p, 0, &tc);
    }
    pleave(p);
    return pfinish(p, n);
}

/* Applies member accesses, calls, optional chains and tagged templates to e. With no_call
 * (the callee of `new`), stops before '(' and rejects '?.'. */
static AstNode *parse_subscripts(Parser *p, AstNode *e, int no_call) {
    int in_chain = 0;
    AstNode *first = e;
    uint32_t links = 0, entered = 0;
    for (;;) {
        int optional = 0;
        /* each link nests the tree one level deeper: account for it (see PARSE_CHAIN_WEIGHT) */
        if (++links % PARSE_CHAIN_WEIGHT == 0) {
            penter(p);
            entered++;
        }
        if (TOK.type == TOK_QDOT) {
            if (no_call) perr(p, TOK.start, "invalid optional chain from new expression");
            if (e->kind == AST_Super) punexpected(p);
            pnext(p);
            in_chain = 1;
            optional = 1;
            if (TOK.type == TOK_LPAREN) goto call;
            if (TOK.type == TOK_LBRACKET) goto computed;
            if (TOK.type == TOK_TEMPLATE) perr(p, TOK.start, "invalid tagged template on optional chain");
            goto dot;
        }
        switch (TOK.type) {
        case TOK_DOT:
            pnext(p);
        dot : {
            AstNode *m = pnode_at(p, AST_MemberExpression, first);
            m->u.member.object = e;
            m->u.member.optional = (uint8_t)optional;
            if (TOK.type == TOK_PRIVATE_NAME) {
                AstNode *pn = pnode(p, AST_PrivateIdentifier);
                pn->u.ident.name = TOK.str;
                pn->u.ident.escaped = TOK.escaped;
                pprivate_ref(p, TOK.str, TOK.start);
                pnext(p);
                m->u.member.property = pfinish(p, pn);
            } else {
                m->u.member.property = parse_identifier_name(p);
            }
            e = pfinish(p, m);
            continue;
        }
        case TOK_LBRACKET:
            computed : {
                pnext(p);
                AstNode *m = pnode_at(p, AST_MemberExpression, first);
                m->u.member.object = e;
                m->u.member.optional = (uint8_t)optional;
                m->u.member.computed = 1;
                m->u.member.property = parse_expression(p, 0);
                pexpect(p, TOK_RBRACKET);
                e = pfinish(p, m);
                continue;
            }
        case TOK_LPAREN:
            if (no_call) goto done;
        call : {
            AstNode *c = pnode_at(p, AST_CallExpression, first);
            c->u.call.callee = e;
            c->u.call.optional = (uint8_t)optional;
            int tc;
            c->u.call.arguments = parse_arguments(p, 0, &tc);
            if (!optional && e->kind == AST_Identifier && pstr_eq(e->u.ident.name, p->s_eval) && !in_chain) {
                c->u.call.is_direct_eval = 1;
                pfn_flag(p, FF_EVAL);
            }
            e = pfinish(p, c);
            continue;
        }
        case TOK_TEMPLATE: {
            if (in_chain) perr(p, TOK.start, "invalid tagged template on optional chain");
            AstNode *t = pnode_at(p, AST_TaggedTemplateExpression, first);
            t->u.tagged_template.tag = e;
            t->u.tagged_template.quasi = parse_template(p, 1);
            e = pfinish(p, t);
            continue;
        }
        default:
            goto done;
        }
    }
done:
    p->depth -= entered;
    if (in_chain) {
        AstNode *ch = pnode_at(p, AST_ChainExpression, first);
        ch->u.chain.expression = e;
        ch->end = e->end;
        e = ch;
    }
    return e;
}

/* LeftHandSideExpression (with calls). */
static AstNode *parse_lhs(Parser *p, int flags) {
    AstNode *e;
    if (TOK.type == TOK_NAME && !TOK.escaped) {
        if (TOK.kw == KW_NEW) {
            e = parse_new(p);
            return parse_subscripts(p, e, 0);
        }
        if (TOK.kw == KW_SUPER) {
            e = parse_super(p);
            return parse_subscripts(p, e, 0);
        }
        if (TOK.kw == KW_IMPORT) {
            e = parse_import_expr(p, 0);
            return parse_subscripts(p, e, 0);
        }
        if (TOK.kw == KW_ASYNC) {
            /* async ( ... ) => : the async arrow cover */
            Token at = TOK;
            e = parse_primary(p, flags);
            if (e->kind == AST_Identifier && e->start == at.start && e->end == at.end && TOK.type == TOK_LPAREN &&
                !TOK.nl_before) {
                PArrowCover cv;
                parrow_cover_begin(p, &cv);
                int tc;
                AstList args = parse_arguments(p, 1, &tc);
                if (TOK.type == TOK_ARROW && !TOK.nl_before) {
                    uint32_t fl = parrow_cover_end_arrow(p, &cv, 1);
                    for (uint32_t i = 0; i < args.count; i++) {
                        AstNode *a = args.items[i];
                        if (a->kind == AST_SpreadElement) {
                            if (i + 1 != args.count || tc) perr(p, a->start, "rest parameter must be last formal parameter");
                            AstNode *arg = a->u.argument_expression.argument;
                            if (arg->kind == AST_AssignmentExpression && !arg->parenthesized)
                                perr(p, arg->start, "rest parameter may not have a default initializer");
                            a->u.argument_expression.argument = pto_binding(p, arg);
                            a->kind = AST_RestElement;
                        } else {
                            args.items[i] = pto_binding_elem(p, a);
                        }
                    }
                    if (p->pending_cover != cv.pending) pcommit_cover(p, cv.pending);
                    return parse_arrow(p, args.items, args.count, at.start, at.line, at.col, 1, fl, cv.info_mark,
                                       flags & PE_NO_IN);
                }
                parrow_cover_end_expr(p, &cv);
                AstNode *c = pnode_at(p, AST_CallExpression, e);
                c->u.call.callee = e;
                c->u.call.arguments = args;
                e = pfinish(p, c);
            }
            if (pis_arrow(e)) return e;
            return parse_subscripts(p, e, 0);
        }
    }
    e = parse_primary(p, flags);
    if (pis_arrow(e)) return e;
    return parse_subscripts(p, e, 0);
}

AstNode *parse_lhs_expression(Parser *p) {
    penter(p);
    AstNode *e = parse_lhs(p, 0);
    if (pis_arrow(e)) perr(p, e->start, "unexpected arrow function");
    pleave(p);
    return e;
}

/* ------------------------------------------------------------------------------------
 * Unary, binary, conditional, assignment
 * ---------------------------------------------------------------------------------- */

/* 1 if n is (through parentheses) a member expression with a private name. */
static int pis_private_member(const AstNode *n) {
    if (n->kind == AST_ChainExpression) n = n->u.chain.expression;
    return n->kind == AST_MemberExpression && n->u.member.property &&
           n->u.member.property->kind == AST_PrivateIdentifier;
}

static AstNode *parse_unary(Parser *p, int flags) {
    penter(p);
    AstNode *n;
    AstOp op;
    switch (TOK.type) {
    case TOK_BANG: op = AST_OP_NOT; goto unary;
    case TOK_TILDE: op = AST_OP_BITNOT; goto unary;
    case TOK_PLUS: op = AST_OP_POS; goto unary;
    case TOK_MINUS: op = AST_OP_NEG; goto unary;
    case TOK_INC:
    case TOK_DEC: {
        n = pnode(p, AST_UpdateExpression);
        n->u.update.op = TOK.type == TOK_INC ? AST_OP_INC : AST_OP_DEC;
        n->u.update.prefix = 1;
        pnext(p);
        AstNode *a = parse_unary(p, flags);
        pcheck_simple_target(p, a, 1);
        n->u.update.argument = a;
        pleave(p);
        return pfinish(p, n);
    }
    case TOK_NAME:
        if (TOK.escaped) break;
        if (TOK.kw == KW_TYPEOF) { op = AST_OP_TYPEOF; goto unary; }
        if (TOK.kw == KW_VOID) { op = AST_OP_VOID; goto unary; }
        if (TOK.kw == KW_DELETE) { op = AST_OP_DELETE; goto unary; }
        if (TOK.kw == KW_AWAIT && (p->fn->is_async || p->fn->static_block)) {
            FuncCtx *fc = p->fn;
            if (fc->static_block) perr(p, TOK.start, "await is not allowed in class static initialization block");
            if (fc->in_params) perr(p, TOK.start, "await expression not allowed in formal parameters");
            n = pnode(p, AST_AwaitExpression);
            if (!p->await_pos) p->await_pos = TOK.start + 1;
            pnext(p);
            pfn_flag(p, FF_AWAIT);
            n->u.argument_expression.argument = parse_unary(p, flags);
            pleave(p);
            return pfinish(p, n);
        }
        break;
    default:
        break;
    }
    {
        AstNode *e = parse_lhs(p, flags);
        if (pis_arrow(e)) {
            pleave(p);
            return e;
        }
        if ((TOK.type == TOK_INC || TOK.type == TOK_DEC) && !TOK.nl_before) {
            pcheck_simple_target(p, e, 2);
            n = pnode_at(p, AST_UpdateExpression, e);
            n->u.update.op = TOK.type == TOK_INC ? AST_OP_INC : AST_OP_DEC;
            n->u.update.argument = e;
            pnext(p);
            e = pfinish(p, n);
        }
        pleave(p);
        return e;
    }
unary:
    n = pnode(p, AST_UnaryExpression);
    n->u.unary.op = (uint8_t)op;
    pnext(p);
    {
        AstNode *a = parse_unary(p, flags);
        if (pis_arrow(a)) perr(p, a->start, "unexpected arrow function");
        if (op == AST_OP_DELETE) {
            if (p->strict && a->kind == AST_Identifier)
                perr(p, n->start, "delete of an unqualified identifier in strict mode");
            if (pis_private_member(a)) perr(p, n->start, "private fields cannot be deleted");
        }
        n->u.unary.argument = a;
    }
    pleave(p);
    return pfinish(p, n);
}

/* Binary operator table: precedence (0 = not a binary operator) and AstOp. */
static int pbinary_op(Parser *p, int flags, AstOp *op) {
    switch (TOK.type) {
    case TOK_NULLISH: *op = AST_OP_NULLISH; return 1;
    case TOK_OR: *op = AST_OP_OR; return 2;
    case TOK_AND: *op = AST_OP_AND; return 3;
    case TOK_PIPE: *op = AST_OP_BITOR; return 4;
    case TOK_CARET: *op = AST_OP_BITXOR; return 5;
    case TOK_AMP: *op = AST_OP_BITAND; return 6;
    case TOK_EQ: *op = AST_OP_EQ; return 7;
    case TOK_NE: *op = AST_OP_NE; return 7;
    case TOK_SEQ: *op = AST_OP_STRICT_EQ; return 7;
    case TOK_SNE: *op = AST_OP_STRICT_NE; return 7;
    case TOK_LT: *op = AST_OP_LT; return 8;
    case TOK_GT: *op = AST_OP_GT; return 8;
    case TOK_LE: *op = AST_OP_LE; return 8;
    case TOK_GE: *op = AST_OP_GE; return 8;
    case TOK_SHL: *op = AST_OP_SHL; return 9;
    case TOK_SAR: *op = AST_OP_SAR; return 9;
    case TOK_SHR: *op = AST_OP_SHR; return 9;
    case TOK_PLUS: *op = AST_OP_ADD; return 10;
    case TOK_MINUS: *op = AST_OP_SUB; return 10;
    case TOK_STAR: *op = AST_OP_MUL; return 11;
    case TOK_SLASH: *op = AST_OP_DIV; return 11;
    case TOK_PERCENT: *op = AST_OP_MOD; return 11;
    case TOK_EXP: *op = AST_OP_EXP; return 12;
    case TOK_NAME:
        if (TOK.escaped) return 0;
        if (TOK.kw == KW_INSTANCEOF) { *op = AST_OP_INSTANCEOF; return 8; }
        if (TOK.kw == KW_IN && !(flags & PE_NO_IN)) { *op = AST_OP_IN; return 8; }
        return 0;
    default:
        return 0;
    }
}

static inline int pis_logical_or_and(const AstNode *n) {
    return n->kind == AST_LogicalExpression && !n->parenthesized &&
           (n->u.binary.op == AST_OP_OR || n->u.binary.op == AST_OP_AND);
}

static inline int pis_nullish(const AstNode *n) {
    return n->kind == AST_LogicalExpression && !n->parenthesized && n->u.binary.op == AST_OP_NULLISH;
}

/* Precedence climbing over binary operators with precedence > min_prec. */
static AstNode *parse_binary(Parser *p, int flags, int min_prec) {
    AstNode *left;
    if (TOK.type == TOK_PRIVATE_NAME) {
        /* PrivateIdentifier in ShiftExpression */
        Token nt;
        ppeek(p, &nt);
        if (!(nt.type == TOK_NAME && nt.kw == KW_IN && !nt.escaped) || (flags & PE_NO_IN) || min_prec >= 8)
            punexpected(p);
        left = pnode(p, AST_PrivateIdentifier);
        left->u.ident.name = TOK.str;
        left->u.ident.escaped = TOK.escaped;
        pprivate_ref(p, TOK.str, TOK.start);
        pnext(p);
        pfinish(p, left);
    } else {
        left = parse_unary(p, flags);
        if (pis_arrow(left)) return left;
    }
    uint32_t links = 0, entered = 0;
    for (;;) {
        AstOp op;
        int prec = pbinary_op(p, flags, &op);
        if (!prec || prec <= min_prec) break;
        if (++links % PARSE_CHAIN_WEIGHT == 0) { /* left-nested chains deepen the tree */
            penter(p);
            entered++;
        }
        if (op == AST_OP_EXP && !left->parenthesized &&
            (left->kind == AST_UnaryExpression || left->kind == AST_AwaitExpression))
            perr(p, TOK.start, "unary operator used immediately before exponentiation expression; parentheses are required");
        pnext(p);
        penter(p);
        AstNode *right = parse_binary(p, flags, op == AST_OP_EXP ? prec - 1 : prec);
        pleave(p);
        if (pis_arrow(right)) perr(p, right->start, "unexpected arrow function");
        AstKind k = (op == AST_OP_OR || op == AST_OP_AND || op == AST_OP_NULLISH) ? AST_LogicalExpression
                                                                                  : AST_BinaryExpression;
        if (op == AST_OP_NULLISH && (pis_logical_or_and(left) || pis_logical_or_and(right)))
            perr(p, left->start, "cannot mix ?? with || or && without parentheses");
        if ((op == AST_OP_OR || op == AST_OP_AND) && (pis_nullish(left) || pis_nullish(right)))
            perr(p, left->start, "cannot mix ?? with || or && without parentheses");
        AstNode *n = pnode_at(p, k, left);
        n->u.binary.op = (uint8_t)op;
        n->u.binary.left = left;
        n->u.binary.right = right;
        left = pfinish(p, n);
    }
    p->depth -= entered;
    if (left->kind == AST_PrivateIdentifier) punexpected(p);
    return left;
}

static AstNode *parse_conditional(Parser *p, int flags) {
    AstNode *test = parse_binary(p, flags, 0);
    if (pis_arrow(test) || TOK.type != TOK_QUESTION) return test;
    AstNode *n = pnode_at(p, AST_ConditionalExpression, test);
    pnext(p);
    n->u.conditional.test = test;
    n->u.conditional.consequent = parse_assignment(p, 0);
    pexpect(p, TOK_COLON);
    n->u.conditional.alternate = parse_assignment(p, flags & PE_NO_IN);
    return pfinish(p, n);
}

/* Assignment operator of the current token, or -1. */
static int passign_op(Parser *p) {
    switch (TOK.type) {
    case TOK_ASSIGN: return AST_OP_ASSIGN;
    case TOK_PLUS_ASSIGN: return AST_OP_ADD_ASSIGN;
    case TOK_MINUS_ASSIGN: return AST_OP_SUB_ASSIGN;
    case TOK_STAR_ASSIGN: return AST_OP_MUL_ASSIGN;
    case TOK_SLASH_ASSIGN: return AST_OP_DIV_ASSIGN;
    case TOK_PERCENT_ASSIGN: return AST_OP_MOD_ASSIGN;
    case TOK_EXP_ASSIGN: return AST_OP_EXP_ASSIGN;
    case TOK_SHL_ASSIGN: return AST_OP_SHL_ASSIGN;
    case TOK_SAR_ASSIGN: return AST_OP_SAR_ASSIGN;
    case TOK_SHR_ASSIGN: return AST_OP_SHR_ASSIGN;
    case TOK_PIPE_ASSIGN: return AST_OP_BITOR_ASSIGN;
    case TOK_CARET_ASSIGN: return AST_OP_BITXOR_ASSIGN;
    case TOK_AMP_ASSIGN: return AST_OP_BITAND_ASSIGN;
    case TOK_OR_ASSIGN: return AST_OP_OR_ASSIGN;
    case TOK_AND_ASSIGN: return AST_OP_AND_ASSIGN;
    case TOK_NULLISH_ASSIGN: return AST_OP_NULLISH_ASSIGN;
    default: return -1;
    }
}

/* yield [no LineTerminator here] * AssignmentExpression / yield AssignmentExpression? */
static AstNode *parse_yield(Parser *p, int flags) {
    FuncCtx *fc = p->fn;
    if (fc->in_params) perr(p, TOK.start, "yield expression not allowed in formal parameters");
    AstNode *n = pnode(p, AST_YieldExpression);
    if (!p->yield_pos) p->yield_pos = TOK.start + 1;
    pfn_flag(p, FF_YIELD);
    pnext(p);
    if (!TOK.nl_before) {
        if (TOK.type == TOK_STAR) {
            pnext(p);
            n->u.yield.delegate = 1;
            n->u.yield.argument = parse_assignment(p, flags & PE_NO_IN);
        } else if (pstarts_expression(&TOK)) {
            n->u.yield.argument = parse_assignment(p, flags & PE_NO_IN);
        }
    }
    return pfinish(p, n);
}

AstNode *parse_assignment(Parser *p, int flags) {
    penter(p);
    if (pis_name(p, KW_YIELD) && p->fn->is_generator) {
        AstNode *y = parse_yield(p, flags);
        pleave(p);
        return y;
    }
    uint32_t saved = p->pending_cover;
    Token first = TOK;
    AstNode *left = parse_conditional(p, flags);
    if (pis_arrow(left)) {
        pleave(p);
        return left;
    }
    if (TOK.type == TOK_ARROW && left->kind == AST_Identifier && !left->parenthesized &&
        left->start == first.start && left->end == first.end) {
        /* x => ... */
        if (TOK.nl_before) punexpected(p);
        pto_binding(p, left);
        AstNode **ps = ptmp(p, sizeof(AstNode *));
        ps[0] = left;
        AstNode *a = parse_arrow(p, ps, 1, first.start, first.line, first.col, 0, 0, p->info_count, flags & PE_NO_IN);
        pleave(p);
        return a;
    }
    int op = passign_op(p);
    if (op >= 0) {
        if (op == AST_OP_ASSIGN) {
            if ((left->kind == AST_ObjectExpression || left->kind == AST_ArrayExpression) && !left->parenthesized)
                left = pto_assign_target(p, left);
            else
                pcheck_simple_target(p, left, 0);
        } else {
            int logical = op == AST_OP_OR_ASSIGN || op == AST_OP_AND_ASSIGN || op == AST_OP_NULLISH_ASSIGN;
            pcheck_simple_target(p, left, logical ? 3 : 0);
        }
        AstNode *n = pnode_at(p, AST_AssignmentExpression, left);
        n->u.binary.op = (uint8_t)op;
        n->u.binary.left = left;
        pnext(p);
        n->u.binary.right = parse_assignment(p, flags & PE_NO_IN);
        if (!(flags & PE_COVER)) pcommit_cover(p, saved);
        pleave(p);
        return pfinish(p, n);
    }
    if (!(flags & PE_COVER)) pcommit_cover(p, saved);
    pleave(p);
    return left;
}

AstNode *parse_expression(Parser *p, int flags) {
    AstNode *e = parse_assignment(p, flags);
    if (TOK.type != TOK_COMMA) return e;
    uint32_t base = p->stk_len;
    pstk_push(p, e);
    while (peat(p, TOK_COMMA)) pstk_push(p, parse_assignment(p, flags));
    AstNode *n = pnode_at(p, AST_SequenceExpression, e);
    n->u.sequence.expressions = pstk_list(p, base);
    return pfinish(p, n);
}
