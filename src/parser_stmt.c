/* parser_stmt.c - statements, declarations, functions, classes and module items. */
#include <string.h>

#include "parser_impl.h"

static AstNode *parse_statement(Parser *p, int flags);
static AstNode *parse_block(Parser *p, AstScopeKind kind);

/* parse_statement flags */
enum {
    ST_LABELLED_FN_OK = 1, /* a labelled FunctionDeclaration may follow (sloppy, list item) */
    ST_IF_BODY = 2         /* the clause of an if statement (B.3.4 function declarations) */
};

/* ------------------------------------------------------------------------------------
 * Directive prologues and statement lists
 * ---------------------------------------------------------------------------------- */

/* Applies the retroactive checks needed when a function body turned out to be strict, and
 * the parameter rules that depend on strictness / simplicity. */
static void pcheck_params_final(Parser *p, FuncCtx *fc, int became_strict) {
    if (fc->dup_params && (fc->strict || !fc->simple_params || fc->is_method))
        perr(p, fc->dup_param_pos, "duplicate parameter name not allowed in this context");
    if (became_strict) {
        for (uint32_t i = 0; i < fc->params.count; i++) pcheck_binding_name(p, fc->params.items[i].node);
        if (fc->name) pcheck_binding_name(p, fc->name);
    }
}

/* 1 if the string token spans exactly "use strict" / 'use strict' in the source. */
static int pis_use_strict_token(Parser *p, const Token *t) {
    if (t->end - t->start != 12) return 0;
    const char *s = p->ast->source + t->start;
    return memcmp(s + 1, "use strict", 10) == 0;
}

AstNode *parse_block_body(Parser *p, AstNode *container, int is_func_body) {
    FuncCtx *fc = p->fn;
    uint32_t base = p->stk_len;
    int prologue = 1;
    uint32_t octal_pos = 0;
    int became_strict = 0;
    while (TOK.type != TOK_EOF && !(TOK.type == TOK_RBRACE && is_func_body)) {
        if (prologue) {
            if (TOK.type == TOK_STRING) {
                Token st = TOK;
                AstNode *stmt = parse_statement_list_item(p);
                pstk_push(p, stmt);
                AstNode *e = stmt->kind == AST_ExpressionStatement ? stmt->u.expression_statement.expression : NULL;
                if (e && e->kind == AST_StringLiteral && !e->parenthesized && e->start == st.start &&
                    e->end == st.end) {
                    stmt->u.expression_statement.is_directive = 1;
                    if (st.octal && !octal_pos) octal_pos = st.start + 1;
                    if (pis_use_strict_token(p, &st)) {
                        stmt->u.expression_statement.is_use_strict = 1;
                        fc->info->has_use_strict = 1;
                        if (!fc->simple_params)
                            perr(p, st.start, "\"use strict\" not allowed in function with non-simple parameters");
                        if (!p->strict) {
                            p->strict = 1;
                            fc->strict = 1;
                            became_strict = 1;
                        }
                    }
                    if (p->strict && octal_pos)
                        perr(p, octal_pos - 1, "octal escape sequences are not allowed in strict mode");
                    continue;
                }
                prologue = 0;
                continue;
            }
            prologue = 0;
        }
        pstk_push(p, parse_statement_list_item(p));
    }
    if (is_func_body) pcheck_params_final(p, fc, became_strict);
    AstList l = pstk_list(p, base);
    if (container->kind == AST_Program) container->u.program.body = l;
    else container->u.block.body = l;
    return container;
}

/* Parses StatementListItems until '}' (not consumed) into a list. */
static AstList parse_statement_list(Parser *p) {
    uint32_t base = p->stk_len;
    while (TOK.type != TOK_RBRACE && TOK.type != TOK_EOF) pstk_push(p, parse_statement_list_item(p));
    return pstk_list(p, base);
}

/* ------------------------------------------------------------------------------------
 * Variable declarations
 * ---------------------------------------------------------------------------------- */

/* Parses `var|let|const` declarations (current token is the keyword). in_for: 1 inside a
 * for head (initializers optional, [~In]). */
static AstNode *parse_var_decl(Parser *p, AstVarKind kind, int in_for) {
    AstNode *n = pnode(p, AST_VariableDeclaration);
    n->u.var_decl.kind = (uint8_t)kind;
    int is_using = kind == AST_VAR_USING || kind == AST_VAR_AWAIT_USING;
    pnext(p);
    if (kind == AST_VAR_AWAIT_USING) pnext(p);
    uint32_t base = p->stk_len;
    int bk = kind == AST_VAR_VAR ? AST_BIND_VAR : kind == AST_VAR_LET ? AST_BIND_LET : AST_BIND_CONST;
    for (;;) {
        AstNode *d = pnode(p, AST_VariableDeclarator);
        if (is_using && TOK.type != TOK_NAME)
            perr(p, TOK.start, "using declarations may not contain binding patterns");
        d->u.declarator.id = parse_binding_target(p, bk);
        if (peat(p, TOK_ASSIGN)) {
            d->u.declarator.init = parse_assignment(p, in_for ? PE_NO_IN : 0);
        } else if (!in_for) {
            if (kind == AST_VAR_CONST) perr(p, TOK.start, "missing initializer in const declaration");
            if (is_using) perr(p, TOK.start, "missing initializer in using declaration");
            if (d->u.declarator.id->kind != AST_Identifier)
                perr(p, TOK.start, "missing initializer in destructuring declaration");
        }
        pstk_push(p, pfinish(p, d));
        if (!peat(p, TOK_COMMA)) break;
    }
    n->u.var_decl.declarations = pstk_list(p, base);
    return pfinish(p, n);
}

/* 1 if the current `let` token starts a LexicalDeclaration (next token is a binding
 * identifier, '[' or '{'). */
static int plet_is_declaration(Parser *p) {
    Token nt;
    ppeek(p, &nt);
    if (nt.type == TOK_LBRACKET || nt.type == TOK_LBRACE) return 1;
    if (nt.type != TOK_NAME) return 0;
    if (nt.kw >= KW_FIRST_RESERVED && nt.kw <= KW_LAST_RESERVED && !nt.escaped) return 0;
    /* `let` followed by an identifier on the next line is still a declaration, except
       when that identifier is a contextual word that cannot start a binding in sloppy
       code... all identifiers can, so: */
    return 1;
}

/* Whether the current token starts a `using` declaration (1) or an `await using` declaration
 * (2) (ES2026 14.3.1): `using` [no LineTerminator here] BindingIdentifier, or `await` [no LT]
 * `using` [no LT] BindingIdentifier in [+Await] code; 0 otherwise (`using` is then an
 * identifier: `using in o`, `using\nx`, `using[0]`). In a for head (in_for), `using of` not
 * followed by `=` is the identifier followed by `of` (`for (using of of xs)`). */
static int pusing_declaration(Parser *p, int in_for) {
    if (TOK.type != TOK_NAME || TOK.escaped) return 0;
    Token a, b;
    if (TOK.kw == KW_USING) {
        ppeek(p, &a);
        b = a;
    } else if (TOK.kw == KW_AWAIT && p->fn->is_async && !p->fn->static_block) {
        ppeek2(p, &a, &b);
        if (a.type != TOK_NAME || a.kw != KW_USING || a.escaped || a.nl_before) return 0;
    } else {
        return 0;
    }
    if (b.type != TOK_NAME || b.nl_before) return 0;
    if (b.kw >= KW_FIRST_RESERVED && b.kw <= KW_LAST_RESERVED && !b.escaped) return 0;
    if (in_for && TOK.kw == KW_USING && b.kw == KW_OF && !b.escaped) {
        /* `for (using of = e;;)` declares `of`; `for (using of xs)` iterates */
        Token after;
        ppeek2(p, &a, &after);
        if (after.type != TOK_ASSIGN) return 0;
    }
    return TOK.kw == KW_USING ? 1 : 2;
}

/* A `using` / `await using` declaration in a statement list (kind from pusing_declaration),
 * with the early errors of its position: not at the top level of a script or eval code, not
 * directly in a case clause. */
static AstNode *parse_using_decl(Parser *p, int kind) {
    AstScopeKind sk = (AstScopeKind)p->scope->kind;
    if (sk == AST_SCOPE_SCRIPT || sk == AST_SCOPE_EVAL)
        perr(p, TOK.start, "using declarations are not allowed at the top level of a script");
    if (sk == AST_SCOPE_SWITCH)
        perr(p, TOK.start, "using declarations are not allowed directly in a case clause");
    if (kind == 2) pfn_flag(p, FF_AWAIT);
    AstNode *n = parse_var_decl(p, kind == 2 ? AST_VAR_AWAIT_USING : AST_VAR_USING, 0);
    psemicolon(p);
    return pfinish(p, n);
}

/* ------------------------------------------------------------------------------------
 * Statements
 * ---------------------------------------------------------------------------------- */

static AstNode *parse_block(Parser *p, AstScopeKind kind) {
    AstNode *n = pnode(p, AST_BlockStatement);
    pexpect(p, TOK_LBRACE);
    pscope_push(p, kind);
    n->u.block.body = parse_statement_list(p);
    n->u.block.scope = pscope_pop(p);
    pexpect(p, TOK_RBRACE);
    return pfinish(p, n);
}

/* Marks the labels that directly label the statement starting at `start` as loop
 * labels. */
static void pmark_loop_labels(Parser *p, uint32_t start) {
    FuncCtx *fc = p->fn;
    for (uint32_t i = fc->label_count; i-- > 0;) {
        if (fc->labels[i].stmt_start != start) break;
        fc->labels[i].is_loop = 1;
    }
}

/* Parses the body of an iteration statement. */
static AstNode *parse_loop_body(Parser *p) {
    FuncCtx *fc = p->fn;
    fc->loop_depth++;
    fc->break_depth++;
    AstNode *b = parse_statement(p, 0);
    fc->loop_depth--;
    fc->break_depth--;
    return b;
}

/* for / for-in / for-of / for-await-of. */
static AstNode *parse_for(Parser *p) {
    uint32_t start = TOK.start;
    AstNode *n = pnode(p, AST_ForStatement);
    pmark_loop_labels(p, start);
    pnext(p);
    int is_await = 0;
    if (pis_name(p, KW_AWAIT)) {
        if (!(p->fn->is_async) || p->fn->static_block)
            perr(p, TOK.start, "for await is only valid in async functions and modules");
        is_await = 1;
        pfn_flag(p, FF_AWAIT);
        pnext(p);
    }
    pexpect(p, TOK_LPAREN);
    pscope_push(p, AST_SCOPE_FOR);
    AstNode *init = NULL;
    int init_is_decl = 0;
    Token first = TOK;
    int using_kind = pusing_declaration(p, 1);
    if (TOK.type == TOK_SEMI) {
        /* no init */
    } else if (using_kind) {
        if (using_kind == 2) pfn_flag(p, FF_AWAIT);
        init = parse_var_decl(p, using_kind == 2 ? AST_VAR_AWAIT_USING : AST_VAR_USING, 1);
        init_is_decl = 1;
    } else if (pis_name(p, KW_VAR)) {
        init = parse_var_decl(p, AST_VAR_VAR, 1);
        init_is_decl = 1;
    } else if ((pis_name(p, KW_CONST)) || (pis_name(p, KW_LET) && plet_is_declaration(p))) {
        init = parse_var_decl(p, pis_name(p, KW_CONST) ? AST_VAR_CONST : AST_VAR_LET, 1);
        init_is_decl = 1;
    } else {
        uint32_t saved = p->pending_cover;
        init = parse_expression(p, PE_NO_IN | PE_COVER);
        int is_of = pis_name(p, KW_OF);
        if (is_of || (TOK.type == TOK_NAME && TOK.kw == KW_IN && !TOK.escaped)) {
            if (first.type == TOK_NAME && first.kw == KW_LET && !first.escaped && is_of)
                perr(p, first.start, "for-of loop variable may not start with 'let'");
            if (is_of && !is_await && first.type == TOK_NAME && first.kw == KW_ASYNC && !first.escaped &&
                init->kind == AST_Identifier && !init->parenthesized)
                perr(p, first.start, "for-of loop variable may not be 'async'");
            if ((init->kind == AST_ObjectExpression || init->kind == AST_ArrayExpression) && !init->parenthesized)
                init = pto_assign_target(p, init);
            else
                pcheck_simple_target(p, init, 0);
        }
        pcommit_cover(p, saved);
    }
    int is_in = TOK.type == TOK_NAME && TOK.kw == KW_IN && !TOK.escaped;
    int is_of = pis_name(p, KW_OF);
    if (is_of && TOK.escaped) is_of = 0;
    if (is_in || is_of) {
        if (is_await && !is_of) perr(p, TOK.start, "for await requires 'of'");
        if (is_in && using_kind) perr(p, TOK.start, "for-in loop variable may not be a using declaration");
        if (init_is_decl) {
            AstList ds = init->u.var_decl.declarations;
            if (ds.count != 1) perr(p, init->start, "only one variable declaration allowed in a for-%s loop", is_in ? "in" : "of");
            AstNode *d = ds.items[0];
            if (d->u.declarator.init) {
                /* B.3.5: for (var x = e in o) in sloppy code with a simple binding */
                if (!(is_in && !p->strict && init->u.var_decl.kind == AST_VAR_VAR &&
                      d->u.declarator.id->kind == AST_Identifier))
                    perr(p, d->start, "for-%s loop variable declaration may not have an initializer",
                         is_in ? "in" : "of");
            }
        }
        n->kind = is_in ? AST_ForInStatement : AST_ForOfStatement;
        pnext(p);
        AstNode *right = is_in ? parse_expression(p, 0) : parse_assignment(p, 0);
        pexpect(p, TOK_RPAREN);
        AstNode *body = parse_loop_body(p);
        n->u.for_in.left = init;
        n->u.for_in.right = right;
        n->u.for_in.body = body;
        n->u.for_in.is_await = (uint8_t)is_await;
        n->u.for_in.scope = pscope_pop(p);
        return pfinish(p, n);
    }
    if (is_await) perr(p, TOK.start, "for await requires 'of'");
    if (init_is_decl) {
        AstList ds = init->u.var_decl.declarations;
        for (uint32_t i = 0; i < ds.count; i++) {
            AstNode *d = ds.items[i];
            if (!d->u.declarator.init) {
                if (init->u.var_decl.kind == AST_VAR_CONST)
                    perr(p, d->start, "missing initializer in const declaration");
                if (using_kind) perr(p, d->start, "missing initializer in using declaration");
                if (d->u.declarator.id->kind != AST_Identifier)
                    perr(p, d->start, "missing initializer in destructuring declaration");
            }
        }
    }
    pexpect(p, TOK_SEMI);
    AstNode *test = TOK.type == TOK_SEMI ? NULL : parse_expression(p, 0);
    pexpect(p, TOK_SEMI);
    AstNode *update = TOK.type == TOK_RPAREN ? NULL : parse_expression(p, 0);
    pexpect(p, TOK_RPAREN);
    AstNode *body = parse_loop_body(p);
    n->u.for_statement.init = init;
    n->u.for_statement.test = test;
    n->u.for_statement.update = update;
    n->u.for_statement.body = body;
    n->u.for_statement.scope = pscope_pop(p);
    return pfinish(p, n);
}

/* Parses a parenthesized condition `( Expression )`. */
static AstNode *parse_paren_condition(Parser *p) {
    pexpect(p, TOK_LPAREN);
    AstNode *e = parse_expression(p, 0);
    pexpect(p, TOK_RPAREN);
    return e;
}

/* The clause of an if statement: B.3.4 allows a plain function declaration in sloppy
 * code, treated as if wrapped in a block. */
static AstNode *parse_if_clause(Parser *p) {
    if (pis_name(p, KW_FUNCTION) && !p->strict) {
        AstNode *blk = pnode(p, AST_BlockStatement);
        pscope_push(p, AST_SCOPE_BLOCK);
        AstNode *f = parse_function(p, &TOK, 0, 1, 0);
        if (f->u.function.is_generator)
            perr(p, f->start, "generator declarations are not allowed in an if statement clause");
        pdeclare_function(p, f, 0);
        AstNode **items = palloc(p, sizeof(AstNode *));
        items[0] = f;
        blk->u.block.body.items = items;
        blk->u.block.body.count = 1;
        blk->u.block.scope = pscope_pop(p);
        return pfinish(p, blk);
    }
    return parse_statement(p, ST_IF_BODY);
}

/* switch statement. */
static AstNode *parse_switch(Parser *p) {
    AstNode *n = pnode(p, AST_SwitchStatement);
    pnext(p);
    n->u.switch_statement.discriminant = parse_paren_condition(p);
    pexpect(p, TOK_LBRACE);
    pscope_push(p, AST_SCOPE_SWITCH);
    p->fn->break_depth++;
    uint32_t base = p->stk_len;
    int seen_default = 0;
    while (TOK.type != TOK_RBRACE) {
        AstNode *c = pnode(p, AST_SwitchCase);
        if (pis_name(p, KW_CASE)) {
            pnext(p);
            c->u.switch_case.test = parse_expression(p, 0);
        } else if (pis_name(p, KW_DEFAULT)) {
            if (seen_default) perr(p, TOK.start, "more than one default clause in switch statement");
            seen_default = 1;
            pnext(p);
        } else {
            punexpected(p);
        }
        pexpect(p, TOK_COLON);
        uint32_t b2 = p->stk_len;
        while (TOK.type != TOK_RBRACE && TOK.type != TOK_EOF && !pis_name(p, KW_CASE) &&
               !pis_name(p, KW_DEFAULT))
            pstk_push(p, parse_statement_list_item(p));
        /* stk holds [cases..., stmts...]: take the statements off the top */
        c->u.switch_case.consequent = pstk_list(p, b2);
        pstk_push(p, pfinish(p, c));
    }
    n->u.switch_statement.cases = pstk_list(p, base);
    p->fn->break_depth--;
    n->u.switch_statement.scope = pscope_pop(p);
    pexpect(p, TOK_RBRACE);
    return pfinish(p, n);
}

/* try statement. */
static AstNode *parse_try(Parser *p) {
    AstNode *n = pnode(p, AST_TryStatement);
    pnext(p);
    n->u.try_statement.block = parse_block(p, AST_SCOPE_BLOCK);
    if (pis_name(p, KW_CATCH)) {
        AstNode *c = pnode(p, AST_CatchClause);
        pnext(p);
        PScope *cs = pscope_push(p, AST_SCOPE_CATCH);
        if (peat(p, TOK_LPAREN)) {
            AstNode *param = parse_binding_target(p, AST_BIND_CATCH);
            cs->catch_simple = param->kind == AST_Identifier;
            c->u.catch_clause.param = param;
            pexpect(p, TOK_RPAREN);
        }
        /* body block: its lexical names must not clash with the parameter names */
        AstNode *b = pnode(p, AST_BlockStatement);
        pexpect(p, TOK_LBRACE);
        PScope *bs = pscope_push(p, AST_SCOPE_BLOCK);
        bs->catch_body = 1;
        b->u.block.body = parse_statement_list(p);
        b->u.block.scope = pscope_pop(p);
        pexpect(p, TOK_RBRACE);
        c->u.catch_clause.body = pfinish(p, b);
        c->u.catch_clause.scope = pscope_pop(p);
        n->u.try_statement.handler = pfinish(p, c);
    }
    if (pis_name(p, KW_FINALLY)) {
        pnext(p);
        n->u.try_statement.finalizer = parse_block(p, AST_SCOPE_BLOCK);
    }
    if (!n->u.try_statement.handler && !n->u.try_statement.finalizer)
        perr(p, TOK.start, "missing catch or finally after try");
    return pfinish(p, n);
}

/* break / continue. */
static AstNode *parse_jump(Parser *p, int is_continue) {
    AstNode *n = pnode(p, is_continue ? AST_ContinueStatement : AST_BreakStatement);
    pnext(p);
    FuncCtx *fc = p->fn;
    if (TOK.type == TOK_NAME && !TOK.nl_before &&
        !(TOK.kw >= KW_FIRST_RESERVED && TOK.kw <= KW_LAST_RESERVED && !TOK.escaped)) {
        pcheck_ident(p, &TOK, 0);
        AstNode *id = pnode(p, AST_Identifier);
        id->u.ident.name = TOK.str;
        id->u.ident.escaped = TOK.escaped;
        pnext(p);
        pfinish(p, id);
        uint32_t i;
        for (i = fc->label_count; i-- > 0;) {
            if (pstr_eq(fc->labels[i].name, id->u.ident.name)) break;
        }
        if (i == (uint32_t)-1) perr(p, id->start, "undefined label");
        if (is_continue && !fc->labels[i].is_loop)
            perr(p, id->start, "continue label does not denote an iteration statement");
        n->u.jump.label = id;
    } else if (is_continue ? !fc->loop_depth : !fc->break_depth) {
        perr(p, n->start, is_continue ? "continue outside of a loop" : "break outside of a loop or switch");
    }
    psemicolon(p);
    return pfinish(p, n);
}

/* Labelled statement after `label :` was recognized (label already parsed). */
static AstNode *parse_labelled(Parser *p, AstNode *label, int flags) {
    FuncCtx *fc = p->fn;
    AstStr name = label->u.ident.name;
    for (uint32_t i = 0; i < fc->label_count; i++)
        if (pstr_eq(fc->labels[i].name, name)) perr(p, label->start, "label has already been declared");
    pexpect(p, TOK_COLON);
    if (fc->label_count == fc->label_cap) {
        uint32_t nc = fc->label_cap ? fc->label_cap * 2 : 8;
        PLabel *nl = ptmp(p, nc * sizeof(PLabel));
        if (fc->label_count) memcpy(nl, fc->labels, fc->label_count * sizeof(PLabel));
        fc->labels = nl;
        fc->label_cap = nc;
    }
    /* labels directly labelling this labelled statement now label its body */
    for (uint32_t i = fc->label_count; i-- > 0;) {
        if (fc->labels[i].stmt_start != label->start) break;
        fc->labels[i].stmt_start = TOK.start;
    }
    PLabel *l = &fc->labels[fc->label_count++];
    l->name = name;
    l->stmt_start = TOK.start;
    l->is_loop = 0;
    AstNode *n = pnode_at(p, AST_LabeledStatement, label);
    label->u.ident.is_reference = 0;
    n->u.labeled.label = label;
    AstNode *body;
    if (pis_name(p, KW_FUNCTION)) {
        if (p->strict) perr(p, TOK.start, "in strict mode code, functions can only be declared at top level or inside a block");
        if (!(flags & ST_LABELLED_FN_OK))
            perr(p, TOK.start, "a labelled function declaration is not allowed here");
        body = parse_function(p, &TOK, 0, 1, 0);
        if (body->u.function.is_generator)
            perr(p, body->start, "generator declarations cannot be labelled");
        pdeclare_function(p, body, 1);
    } else {
        body = parse_statement(p, flags & ST_LABELLED_FN_OK);
    }
    fc->label_count--;
    n->u.labeled.body = body;
    return pfinish(p, n);
}

/* Statement (not a declaration). */
static AstNode *parse_statement(Parser *p, int flags) {
    penter(p);
    AstNode *n;
    FuncCtx *fc = p->fn;
    switch (TOK.type) {
    case TOK_LBRACE:
        n = parse_block(p, AST_SCOPE_BLOCK);
        pleave(p);
        return n;
    case TOK_SEMI:
        n = pnode(p, AST_EmptyStatement);
        pnext(p);
        pleave(p);
        return pfinish(p, n);
    case TOK_NAME:
        if (TOK.escaped) break;
        switch (TOK.kw) {
        case KW_VAR:
            n = parse_var_decl(p, AST_VAR_VAR, 0);
            psemicolon(p);
            pleave(p);
            return pfinish(p, n);
        case KW_IF:
            n = pnode(p, AST_IfStatement);
            pnext(p);
            n->u.if_statement.test = parse_paren_condition(p);
            n->u.if_statement.consequent = parse_if_clause(p);
            if (pis_name(p, KW_ELSE)) {
                pnext(p);
                n->u.if_statement.alternate = parse_if_clause(p);
            }
            pleave(p);
            return pfinish(p, n);
        case KW_FOR:
            n = parse_for(p);
            pleave(p);
            return n;
        case KW_WHILE:
            n = pnode(p, AST_WhileStatement);
            pmark_loop_labels(p, TOK.start);
            pnext(p);
            n->u.while_statement.test = parse_paren_condition(p);
            n->u.while_statement.body = parse_loop_body(p);
            pleave(p);
            return pfinish(p, n);
        case KW_DO:
            n = pnode(p, AST_DoWhileStatement);
            pmark_loop_labels(p, TOK.start);
            pnext(p);
            n->u.while_statement.body = parse_loop_body(p);
            if (!pis_name(p, KW_WHILE)) punexpected(p);
            pnext(p);
            n->u.while_statement.test = parse_paren_condition(p);
            peat(p, TOK_SEMI); /* ASI always applies after do-while's ')' */
            pleave(p);
            return pfinish(p, n);
        case KW_CONTINUE:
        case KW_BREAK:
            n = parse_jump(p, TOK.kw == KW_CONTINUE);
            pleave(p);
            return n;
        case KW_RETURN:
            if (!fc->allow_return || !fc->parent)
                perr(p, TOK.start, "return not in a function");
            n = pnode(p, AST_ReturnStatement);
            pnext(p);
            if (TOK.type != TOK_SEMI && TOK.type != TOK_RBRACE && TOK.type != TOK_EOF && !TOK.nl_before)
                n->u.argument_statement.argument = parse_expression(p, 0);
            psemicolon(p);
            pleave(p);
            return pfinish(p, n);
        case KW_WITH:
            if (p->strict) perr(p, TOK.start, "strict mode code may not include a with statement");
            n = pnode(p, AST_WithStatement);
            pnext(p);
            n->u.with_statement.object = parse_paren_condition(p);
            pfn_flag(p, FF_WITH);
            n->u.with_statement.body = parse_statement(p, 0);
            pleave(p);
            return pfinish(p, n);
        case KW_SWITCH:
            n = parse_switch(p);
            pleave(p);
            return n;
        case KW_THROW:
            n = pnode(p, AST_ThrowStatement);
            pnext(p);
            if (TOK.nl_before) perr(p, TOK.start, "illegal newline after throw");
            n->u.argument_statement.argument = parse_expression(p, 0);
            psemicolon(p);
            pleave(p);
            return pfinish(p, n);
        case KW_TRY:
            n = parse_try(p);
            pleave(p);
            return n;
        case KW_DEBUGGER:
            n = pnode(p, AST_DebuggerStatement);
            pnext(p);
            psemicolon(p);
            pleave(p);
            return pfinish(p, n);
        case KW_FUNCTION:
            perr(p, TOK.start, p->strict ? "in strict mode code, functions can only be declared at top level or inside a block"
                                         : "function declarations are not allowed in this statement position");
        case KW_CLASS:
            perr(p, TOK.start, "class declarations are not allowed in this statement position");
        case KW_CONST:
            perr(p, TOK.start, "lexical declarations are not allowed in this statement position");
        case KW_LET: {
            Token nt;
            ppeek(p, &nt);
            if (nt.type == TOK_LBRACKET)
                perr(p, TOK.start, "lexical declarations are not allowed in this statement position");
            if (!p->strict && !nt.nl_before && (nt.type == TOK_NAME || nt.type == TOK_LBRACE) &&
                !(nt.type == TOK_NAME && nt.kw >= KW_FIRST_RESERVED && nt.kw <= KW_LAST_RESERVED && !nt.escaped))
                perr(p, TOK.start, "lexical declarations are not allowed in this statement position");
            break;
        }
        case KW_ASYNC: {
            Token nt;
            ppeek(p, &nt);
            if (nt.type == TOK_NAME && nt.kw == KW_FUNCTION && !nt.escaped && !nt.nl_before)
                perr(p, TOK.start, "async function declarations are not allowed in this statement position");
            break;
        }
        case KW_IMPORT: {
            Token nt;
            ppeek(p, &nt);
            if (nt.type != TOK_LPAREN && nt.type != TOK_DOT)
                perr(p, TOK.start, p->is_module ? "import declarations may only appear at top level of a module"
                                                : "cannot use import statement outside a module");
            break;
        }
        case KW_EXPORT:
            perr(p, TOK.start, p->is_module ? "export declarations may only appear at top level of a module"
                                            : "unexpected token 'export'");
        default:
            break;
        }
        break;
    default:
        break;
    }
    /* expression statement or labelled statement */
    Token first = TOK;
    AstNode *e = parse_expression(p, 0);
    if (e->kind == AST_Identifier && !e->parenthesized && first.type == TOK_NAME && TOK.type == TOK_COLON &&
        e->start == first.start && e->end == first.end) {
        n = parse_labelled(p, e, flags);
        pleave(p);
        return n;
    }
    n = pnode_pos(p, AST_ExpressionStatement, first.start, first.line, first.col);
    n->u.expression_statement.expression = e;
    psemicolon(p);
    pleave(p);
    return pfinish(p, n);
}

AstNode *parse_statement_list_item(Parser *p) {
    if (TOK.type == TOK_NAME && !TOK.escaped) {
        AstNode *n;
        switch (TOK.kw) {
        case KW_FUNCTION:
            penter(p);
            n = parse_function(p, &TOK, 0, 1, 0);
            pdeclare_function(p, n, 0);
            pleave(p);
            return n;
        case KW_CLASS:
            penter(p);
            n = parse_class(p, 1, 0);
            pleave(p);
            return n;
        case KW_CONST:
            n = parse_var_decl(p, AST_VAR_CONST, 0);
            psemicolon(p);
            return pfinish(p, n);
        case KW_LET:
            if (plet_is_declaration(p)) {
                n = parse_var_decl(p, AST_VAR_LET, 0);
                psemicolon(p);
                return pfinish(p, n);
            }
            break;
        case KW_USING: case KW_AWAIT: {
            int uk = pusing_declaration(p, 0);
            if (uk) return parse_using_decl(p, uk);
            break;
        }
        case KW_ASYNC: {
            Token nt;
            ppeek(p, &nt);
            if (nt.type == TOK_NAME && nt.kw == KW_FUNCTION && !nt.escaped && !nt.nl_before) {
                penter(p);
                Token start = TOK;
                pnext(p);
                n = parse_function(p, &start, 1, 1, 0);
                pdeclare_function(p, n, 0);
                pleave(p);
                return n;
            }
            break;
        }
        default:
            break;
        }
    }
    return parse_statement(p, p->strict ? 0 : ST_LABELLED_FN_OK);
}

/* ------------------------------------------------------------------------------------
 * Functions
 * ---------------------------------------------------------------------------------- */

/* Parses `( FormalParameters )` into fnode's params for the current function context. */
static void parse_formal_params(Parser *p, AstNode *fnode, FuncCtx *fc) {
    pexpect(p, TOK_LPAREN);
    fc->in_params = 1;
    uint32_t base = p->stk_len;
    while (TOK.type != TOK_RPAREN) {
        if (TOK.type == TOK_ELLIPSIS) {
            AstNode *r = pnode(p, AST_RestElement);
            pnext(p);
            r->u.argument_expression.argument = parse_binding_target(p, -1);
            if (TOK.type == TOK_ASSIGN) perr(p, TOK.start, "rest parameter may not have a default initializer");
            pstk_push(p, pfinish(p, r));
            fc->simple_params = 0;
            fc->length_done = 1;
            if (TOK.type != TOK_RPAREN) perr(p, TOK.start, "rest parameter must be last formal parameter");
            break;
        }
        AstNode *el = parse_binding_element(p, -1);
        if (el->kind != AST_Identifier) fc->simple_params = 0;
        if (el->kind == AST_AssignmentPattern) fc->length_done = 1;
        if (!fc->length_done) fc->length++;
        pstk_push(p, el);
        if (TOK.type != TOK_RPAREN) pexpect(p, TOK_COMMA);
    }
    fnode->u.function.params = pstk_list(p, base);
    fc->in_params = 0;
    pexpect(p, TOK_RPAREN);
}

/* Parses `{ FunctionBody }` into fnode's body. */
static void parse_function_body(Parser *p, AstNode *fnode) {
    AstNode *blk = pnode(p, AST_BlockStatement);
    pexpect(p, TOK_LBRACE);
    parse_block_body(p, blk, 1);
    pexpect(p, TOK_RBRACE);
    blk->u.block.scope = p->fn->top->out;
    fnode->u.function.body = pfinish(p, blk);
}

void parse_function_rest(Parser *p, AstNode *fnode, FuncCtx *fc, int is_method) {
    (void)is_method;
    parse_formal_params(p, fnode, fc);
    parse_function_body(p, fnode);
}

AstNode *parse_function(Parser *p, const Token *start_tok, int is_async, int is_decl,
                        int allow_anonymous) {
    /* current token: `function`; start_tok: `async` or `function` */
    uint32_t start_off = start_tok->start;
    AstNode *n = pnode_pos(p, is_decl ? AST_FunctionDeclaration : AST_FunctionExpression,
                              start_off, start_tok->line, start_tok->col);
    pnext(p);
    int is_gen = peat(p, TOK_STAR);
    Token name_tok;
    int has_name = 0;
    if (TOK.type == TOK_NAME) {
        name_tok = TOK;
        has_name = 1;
        if (is_decl) pcheck_ident(p, &TOK, 1);
        pnext(p);
    } else if (!(is_decl && allow_anonymous) && is_decl) {
        punexpected(p);
    }
    FuncCtx *fc = pfunc_push(p, AST_FUNC_NORMAL, is_async, is_gen);
    AstNode *id = NULL;
    if (has_name) {
        if (!is_decl) {
            pcheck_ident(p, &name_tok, 1);
            fc->info->is_named_expression = 1;
        }
        id = pnode_pos(p, AST_Identifier, name_tok.start, name_tok.line, name_tok.col);
        id->end = name_tok.end;
        id->u.ident.name = name_tok.str;
        id->u.ident.is_binding = 1;
        id->u.ident.escaped = name_tok.escaped;
        fc->name = id;
    }
    n->u.function.id = id;
    n->u.function.is_async = (uint8_t)is_async;
    n->u.function.is_generator = (uint8_t)is_gen;
    n->u.function.info = fc->info;
    parse_function_rest(p, n, fc, 0);
    pfunc_pop(p, fc, start_off);
    return pfinish(p, n);
}

AstNode *parse_method_function(Parser *p, AstFuncKind kind, int is_async, int is_generator,
                               uint32_t src_start, int allow_super_call) {
    (void)allow_super_call;
    AstNode *n = pnode(p, AST_FunctionExpression);
    FuncCtx *fc = pfunc_push(p, kind, is_async, is_generator);
    n->u.function.is_async = (uint8_t)is_async;
    n->u.function.is_generator = (uint8_t)is_generator;
    n->u.function.info = fc->info;
    parse_formal_params(p, n, fc);
    if (kind == AST_FUNC_GETTER && n->u.function.params.count != 0)
        perr(p, n->start, "getter must not have any formal parameters");
    if (kind == AST_FUNC_SETTER) {
        if (n->u.function.params.count != 1)
            perr(p, n->start, "setter must have exactly one formal parameter");
        if (n->u.function.params.items[0]->kind == AST_RestElement)
            perr(p, n->start, "setter function argument must not be a rest parameter");
    }
    parse_function_body(p, n);
    pfunc_pop(p, fc, src_start);
    return pfinish(p, n);
}

/* ------------------------------------------------------------------------------------
 * Classes
 * ---------------------------------------------------------------------------------- */

/* Adds a private name declaration to the current class, enforcing the duplicate rules
 * (a getter and a setter with the same staticness may share a name). */
static void pprivate_declare(Parser *p, AstNode *key, AstPrivateKind kind, int is_static, AstNode *member) {
    PClass *c = p->cls;
    AstStr name = key->u.ident.name;
    if (ast_str_eq_ascii(name, "constructor")) perr(p, key->start, "classes may not have a private field named '#constructor'");
    for (uint32_t i = 0; i < c->decl_count; i++) {
        AstPrivateName *d = &c->decl[i];
        if (!pstr_eq(d->name, name)) continue;
        if (d->is_static == is_static &&
            ((d->kind == AST_PRIVATE_GETTER && kind == AST_PRIVATE_SETTER) ||
             (d->kind == AST_PRIVATE_SETTER && kind == AST_PRIVATE_GETTER))) {
            d->kind = AST_PRIVATE_ACCESSOR;
            d->node2 = member;
            return;
        }
        char buf[64];
        uint32_t k = 0;
        for (uint32_t j = 0; j < name.len && k < 60; j++) buf[k++] = name.chars[j] < 128 ? (char)name.chars[j] : '?';
        buf[k] = 0;
        perr(p, key->start, "private name '#%s' has already been declared", buf);
    }
    if (c->decl_count == c->decl_cap) {
        uint32_t nc = c->decl_cap ? c->decl_cap * 2 : 8;
        AstPrivateName *nd = ptmp(p, nc * sizeof(AstPrivateName));
        if (c->decl_count) memcpy(nd, c->decl, c->decl_count * sizeof(AstPrivateName));
        c->decl = nd;
        c->decl_cap = nc;
    }
    AstPrivateName *d = &c->decl[c->decl_count++];
    memset(d, 0, sizeof *d);
    d->name = name;
    d->kind = (uint8_t)kind;
    d->is_static = (uint8_t)is_static;
    d->node = member;
}

/* 1 if a non-computed key node has the string value `lit`. */
static int pkey_is(AstNode *key, const char *lit) {
    if (key->kind == AST_Identifier) return ast_str_eq_ascii(key->u.ident.name, lit);
    if (key->kind == AST_StringLiteral) return ast_str_eq_ascii(key->u.string.value, lit);
    return 0;
}

/* 1 if the token after the current one ends a class element name (so the current word
 * is itself the name rather than a modifier). */
static int pnext_ends_name(Parser *p, int check_nl) {
    Token nt;
    ppeek(p, &nt);
    if (check_nl == 1 && nt.nl_before) return 1;
    if (check_nl == 2 && nt.type == TOK_STAR) return 1; /* `get *g(){}` is never an accessor */
    return nt.type == TOK_LPAREN || nt.type == TOK_ASSIGN || nt.type == TOK_SEMI ||
           nt.type == TOK_RBRACE || nt.type == TOK_EOF;
}

/* Parses a class static block `static { ... }` (current token: `{`). */
static AstNode *parse_static_block(Parser *p, uint32_t start) {
    AstNode *n = pnode(p, AST_StaticBlock);
    n->start = start;
    FuncCtx *fc = pfunc_push(p, AST_FUNC_STATIC_BLOCK, 0, 0);
    pexpect(p, TOK_LBRACE);
    n->u.static_block.body = parse_statement_list(p);
    pexpect(p, TOK_RBRACE);
    pfunc_pop(p, fc, start);
    n->u.static_block.info = fc->info;
    return pfinish(p, n);
}

/* Parses one class element into the stack (or nothing for ';'). */
static void parse_class_element(Parser *p, int derived, AstNode **ctor) {
    if (peat(p, TOK_SEMI)) return;
    uint32_t start = TOK.start;
    uint32_t line = TOK.line, col = TOK.col;
    int is_static = 0, is_async = 0, is_gen = 0;
    int accessor = 0; /* 1 get, 2 set */
    if (pis_name(p, KW_STATIC) && !pnext_ends_name(p, 0)) {
        pnext(p);
        is_static = 1;
        if (TOK.type == TOK_LBRACE) {
            pstk_push(p, parse_static_block(p, start));
            return;
        }
    }
    uint32_t src_start = TOK.start;
    if (pis_name(p, KW_ASYNC) && !pnext_ends_name(p, 1)) {
        pnext(p);
        is_async = 1;
    }
    if (TOK.type == TOK_STAR) {
        pnext(p);
        is_gen = 1;
    }
    if (!is_async && !is_gen && (pis_name(p, KW_GET) || pis_name(p, KW_SET)) && !pnext_ends_name(p, 2)) {
        accessor = TOK.kw == KW_GET ? 1 : 2;
        pnext(p);
    }
    int computed = 0;
    AstNode *key = parse_property_name(p, &computed, 1);
    int is_private = key->kind == AST_PrivateIdentifier;
    if (TOK.type == TOK_LPAREN) {
        AstNode *m = pnode_pos(p, AST_MethodDefinition, start, line, col);
        m->u.method.key = key;
        m->u.method.computed = (uint8_t)computed;
        m->u.method.is_static = (uint8_t)is_static;
        AstMethodKind mk = accessor == 1 ? AST_METHOD_GET : accessor == 2 ? AST_METHOD_SET : AST_METHOD_METHOD;
        AstFuncKind fk = accessor == 1 ? AST_FUNC_GETTER : accessor == 2 ? AST_FUNC_SETTER : AST_FUNC_METHOD;
        if (!computed && !is_private && !is_static && pkey_is(key, "constructor")) {
            if (accessor) perr(p, key->start, "class constructor may not be an accessor");
            if (is_gen) perr(p, key->start, "class constructor may not be a generator");
            if (is_async) perr(p, key->start, "class constructor may not be an async method");
            if (*ctor) perr(p, key->start, "a class may only have one constructor");
            mk = AST_METHOD_CONSTRUCTOR;
            fk = derived ? AST_FUNC_DERIVED_CONSTRUCTOR : AST_FUNC_CLASS_CONSTRUCTOR;
            *ctor = m;
        }
        if (!computed && !is_private && is_static && pkey_is(key, "prototype"))
            perr(p, key->start, "classes may not have a static property named 'prototype'");
        if (is_private)
            pprivate_declare(p, key, accessor == 1 ? AST_PRIVATE_GETTER : accessor == 2 ? AST_PRIVATE_SETTER : AST_PRIVATE_METHOD,
                             is_static, m);
        m->u.method.kind = (uint8_t)mk;
        m->u.method.value = parse_method_function(p, fk, is_async, is_gen, src_start, 0);
        pstk_push(p, pfinish(p, m));
        return;
    }
    if (is_async || is_gen || accessor) punexpected(p);
    /* field definition */
    AstNode *f = pnode_pos(p, AST_PropertyDefinition, start, line, col);
    f->u.field.key = key;
    f->u.field.computed = (uint8_t)computed;
    f->u.field.is_static = (uint8_t)is_static;
    if (!computed && !is_private && (pkey_is(key, "constructor") || (is_static && pkey_is(key, "prototype"))))
        perr(p, key->start, "classes may not have a field named '%s'", pkey_is(key, "constructor") ? "constructor" : "prototype");
    if (is_private) pprivate_declare(p, key, AST_PRIVATE_FIELD, is_static, f);
    if (peat(p, TOK_ASSIGN)) {
        uint32_t istart = TOK.start;
        FuncCtx *fc = pfunc_push(p, AST_FUNC_FIELD_INIT, 0, 0);
        f->u.field.value = parse_assignment(p, 0);
        pfunc_pop(p, fc, istart);
        f->u.field.info = fc->info;
    }
    psemicolon(p);
    pstk_push(p, pfinish(p, f));
}

AstNode *parse_class(Parser *p, int is_decl, int allow_anonymous) {
    AstNode *n = pnode(p, is_decl ? AST_ClassDeclaration : AST_ClassExpression);
    uint32_t start = TOK.start;
    uint8_t saved_strict = p->strict;
    p->strict = 1;
    pnext(p);
    AstNode *id = NULL;
    if (TOK.type == TOK_NAME && !(TOK.kw == KW_EXTENDS && !TOK.escaped)) {
        pcheck_ident(p, &TOK, 1);
        id = pnode(p, AST_Identifier);
        id->u.ident.name = TOK.str;
        id->u.ident.is_binding = 1;
        id->u.ident.escaped = TOK.escaped;
        pnext(p);
        pfinish(p, id);
    } else if (is_decl && !allow_anonymous) {
        punexpected(p);
    }
    n->u.klass.id = id;
    pscope_push(p, AST_SCOPE_CLASS);
    if (id) {
        AstNode *inner = pnode_pos(p, AST_Identifier, id->start, id->line, id->column);
        *inner = *id;
        pdeclare_lexical(p, inner, AST_BIND_CLASS_NAME);
    }
    if (pis_name(p, KW_EXTENDS)) {
        pnext(p);
        n->u.klass.super_class = parse_lhs_expression(p);
    }
    PClass pc;
    memset(&pc, 0, sizeof pc);
    pc.parent = p->cls;
    p->cls = &pc;
    AstNode *body = pnode(p, AST_ClassBody);
    pexpect(p, TOK_LBRACE);
    uint32_t base = p->stk_len;
    AstNode *ctor = NULL;
    while (TOK.type != TOK_RBRACE) {
        if (TOK.type == TOK_EOF) punexpected(p);
        parse_class_element(p, n->u.klass.super_class != NULL, &ctor);
    }
    body->u.class_body.body = pstk_list(p, base);
    body->u.class_body.constructor = ctor;
    pexpect(p, TOK_RBRACE);
    pfinish(p, body);
    /* private names */
    if (pc.decl_count) {
        body->u.class_body.privates = palloc(p, pc.decl_count * sizeof(AstPrivateName));
        memcpy(body->u.class_body.privates, pc.decl, pc.decl_count * sizeof(AstPrivateName));
        body->u.class_body.private_count = pc.decl_count;
    }
    p->cls = pc.parent;
    for (uint32_t i = 0; i < pc.ref_count; i++) {
        uint32_t j;
        for (j = 0; j < pc.decl_count; j++)
            if (pstr_eq(pc.decl[j].name, pc.refs[i])) break;
        if (j == pc.decl_count) pprivate_ref(p, pc.refs[i], pc.ref_pos[i]);
    }
    n->u.klass.body = body;
    n->u.klass.scope = pscope_pop(p);
    n->u.klass.src_start = start;
    p->strict = saved_strict;
    pfinish(p, n);
    n->u.klass.src_end = n->end;
    if (is_decl && id) pdeclare_lexical(p, id, AST_BIND_CLASS);
    return n;
}

/* ------------------------------------------------------------------------------------
 * Modules
 * ---------------------------------------------------------------------------------- */

/* 1 if s contains a lone surrogate. */
static int pstr_has_lone_surrogate(AstStr s) {
    for (uint32_t i = 0; i < s.len; i++) {
        uint16_t c = s.chars[i];
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 1 < s.len && s.chars[i + 1] >= 0xDC00 && s.chars[i + 1] <= 0xDFFF) { i++; continue; }
            return 1;
        }
        if (c >= 0xDC00 && c <= 0xDFFF) return 1;
    }
    return 0;
}

/* ModuleExportName: IdentifierName or a well-formed StringLiteral. */
static AstNode *parse_module_export_name(Parser *p) {
    if (TOK.type == TOK_STRING) {
        AstNode *s = parse_string_literal(p);
        if (pstr_has_lone_surrogate(s->u.string.value))
            perr(p, s->start, "module export name must be a well-formed Unicode string");
        return s;
    }
    if (TOK.type != TOK_NAME) punexpected(p);
    return parse_identifier_name(p);
}

/* Records an exported name (duplicate exports are errors). */
static void padd_export_name(Parser *p, AstNode *name_node) {
    AstStr s = name_node->kind == AST_StringLiteral ? name_node->u.string.value : name_node->u.ident.name;
    s = lex_intern(&p->lx, s.chars, s.len);
    if (pset_find(&p->exported, s) >= 0) {
        char buf[64];
        uint32_t k = 0;
        for (uint32_t i = 0; i < s.len && k < 60; i++) buf[k++] = s.chars[i] < 128 ? (char)s.chars[i] : '?';
        buf[k] = 0;
        perr(p, name_node->start, "duplicate export of '%s'", buf);
    }
    pset_add(p, &p->exported, s, 0, name_node);
}

/* Records the bound names of a pattern as exported names. */
static void pexport_pattern_names(Parser *p, AstNode *pat) {
    if (!pat) return;
    switch (pat->kind) {
    case AST_Identifier: padd_export_name(p, pat); break;
    case AST_ObjectPattern:
        for (uint32_t i = 0; i < pat->u.object.properties.count; i++) {
            AstNode *pr = pat->u.object.properties.items[i];
            pexport_pattern_names(p, pr->kind == AST_Property ? pr->u.property.value : pr);
        }
        break;
    case AST_ArrayPattern:
        for (uint32_t i = 0; i < pat->u.array.elements.count; i++) pexport_pattern_names(p, pat->u.array.elements.items[i]);
        break;
    case AST_AssignmentPattern: pexport_pattern_names(p, pat->u.assignment_pattern.left); break;
    case AST_RestElement: pexport_pattern_names(p, pat->u.argument_expression.argument); break;
    default: break;
    }
}

/* Whether two attribute keys have the same string value. */
static int pattr_key_eq(AstStr a, AstStr b) {
    return a.len == b.len && (a.len == 0 || memcmp(a.chars, b.chars, a.len * sizeof *a.chars) == 0);
}

/* An optional WithClause after a module specifier: `with { key: "value", ... }` (ECMA-262
 * 16.2.2). A duplicate `type` key is an early SyntaxError; `type` is the only key cryo
 * supports (HostGetSupportedImportAttributes), so any other key (duplicated or not) is a
 * SyntaxError too (ParseModule's AllImportAttributesSupported check). Returns the
 * `type` value's StringLiteral, or NULL. */
static AstNode *parse_with_clause(Parser *p) {
    if (!pis_name(p, KW_WITH)) return NULL;
    pnext(p);
    pexpect(p, TOK_LBRACE);
    AstNode *type = NULL;
    uint32_t bad_at = 0;
    int bad = 0;
    while (TOK.type != TOK_RBRACE) {
        if (TOK.type != TOK_STRING && TOK.type != TOK_NAME) punexpected(p);
        uint32_t key_at = TOK.start;
        AstStr key = TOK.type == TOK_STRING ? parse_string_literal(p)->u.string.value : TOK.str;
        if (TOK.type == TOK_NAME) pnext(p);
        pexpect(p, TOK_COLON);
        if (TOK.type != TOK_STRING) punexpected(p);
        AstNode *value = parse_string_literal(p);
        static const uint16_t type16[] = { 't', 'y', 'p', 'e' };
        AstStr ts = { type16, 4 };
        if (pattr_key_eq(key, ts)) {
            if (type) perr(p, key_at, "duplicate import attribute key");
            type = value;
        } else if (!bad) {
            bad = 1;
            bad_at = key_at;
        }
        if (TOK.type != TOK_RBRACE) pexpect(p, TOK_COMMA);
    }
    pnext(p);
    if (bad) perr(p, bad_at, "unsupported import attribute (only 'type' is supported)");
    return type;
}

/* `from "specifier"` and an optional WithClause (its `type` value into *with_type). */
static AstNode *parse_from_clause(Parser *p, AstNode **with_type) {
    if (!pis_name(p, KW_FROM)) punexpected(p);
    pnext(p);
    if (TOK.type != TOK_STRING) punexpected(p);
    AstNode *src = parse_string_literal(p);
    *with_type = parse_with_clause(p);
    return src;
}

/* Parses a binding identifier for an import (declared as an import binding). */
static AstNode *parse_import_binding(Parser *p) {
    if (TOK.type != TOK_NAME) punexpected(p);
    pcheck_ident(p, &TOK, 1);
    AstNode *id = pnode(p, AST_Identifier);
    id->u.ident.name = TOK.str;
    id->u.ident.is_binding = 1;
    id->u.ident.escaped = TOK.escaped;
    pnext(p);
    pfinish(p, id);
    return id;
}

static AstNode *parse_import_declaration(Parser *p) {
    AstNode *n = pnode(p, AST_ImportDeclaration);
    pnext(p);
    uint32_t base = p->stk_len;
    if (TOK.type == TOK_STRING) {
        n->u.import_decl.source = parse_string_literal(p);
        n->u.import_decl.with_type = parse_with_clause(p);
        psemicolon(p);
        n->u.import_decl.specifiers = pstk_list(p, base);
        return pfinish(p, n);
    }
    int need_more = 1;
    if (TOK.type == TOK_NAME) {
        AstNode *s = pnode(p, AST_ImportDefaultSpecifier);
        s->u.import_specifier.local = parse_import_binding(p);
        pstk_push(p, pfinish(p, s));
        need_more = peat(p, TOK_COMMA);
    }
    if (need_more) {
        if (TOK.type == TOK_STAR) {
            AstNode *s = pnode(p, AST_ImportNamespaceSpecifier);
            pnext(p);
            if (!pis_name(p, KW_AS)) punexpected(p);
            pnext(p);
            s->u.import_specifier.local = parse_import_binding(p);
            pstk_push(p, pfinish(p, s));
        } else if (TOK.type == TOK_LBRACE) {
            pnext(p);
            while (TOK.type != TOK_RBRACE) {
                AstNode *s = pnode(p, AST_ImportSpecifier);
                Token nt = TOK;
                AstNode *imported = parse_module_export_name(p);
                s->u.import_specifier.imported = imported;
                if (pis_name(p, KW_AS)) {
                    pnext(p);
                    s->u.import_specifier.local = parse_import_binding(p);
                } else {
                    if (imported->kind == AST_StringLiteral) perr(p, imported->start, "string import name requires 'as'");
                    pcheck_ident(p, &nt, 1);
                    AstNode *local = pnode_at(p, AST_Identifier, imported);
                    local->end = imported->end;
                    local->u.ident.name = imported->u.ident.name;
                    local->u.ident.is_binding = 1;
                    local->u.ident.escaped = imported->u.ident.escaped;
                    s->u.import_specifier.local = local;
                }
                pstk_push(p, pfinish(p, s));
                if (TOK.type != TOK_RBRACE) pexpect(p, TOK_COMMA);
            }
            pnext(p);
        } else {
            punexpected(p);
        }
    }
    n->u.import_decl.specifiers = pstk_list(p, base);
    for (uint32_t i = 0; i < n->u.import_decl.specifiers.count; i++) {
        AstNode *s = n->u.import_decl.specifiers.items[i];
        AstNode *local = s->u.import_specifier.local;
        PScope *top = p->scope;
        AstStr name = local->u.ident.name;
        if (pset_find(&top->lex, name) >= 0 || pset_find(&top->vars, name) >= 0) {
            char buf[64];
            uint32_t k = 0;
            for (uint32_t j = 0; j < name.len && k < 60; j++) buf[k++] = name.chars[j] < 128 ? (char)name.chars[j] : '?';
            buf[k] = 0;
            perr(p, local->start, "identifier '%s' has already been declared", buf);
        }
        PName *e = pset_add(p, &top->lex, name, AST_BIND_IMPORT, s);
        (void)e;
    }
    n->u.import_decl.source = parse_from_clause(p, &n->u.import_decl.with_type);
    psemicolon(p);
    return pfinish(p, n);
}

/* Declares the module binding "*default*" (anonymous default exports). */
static void pdeclare_star_default(Parser *p, AstNode *decl, AstBindKind kind) {
    PScope *top = p->scope;
    pset_add(p, &top->lex, p->s_star_default, (uint8_t)kind, decl);
}

static AstNode *parse_export_declaration(Parser *p) {
    AstNode *start_tok_node = pnode(p, AST_ExportNamedDeclaration);
    pnext(p);
    if (TOK.type == TOK_STAR) {
        AstNode *n = start_tok_node;
        n->kind = AST_ExportAllDeclaration;
        pnext(p);
        if (pis_name(p, KW_AS)) {
            pnext(p);
            n->u.export_all.exported = parse_module_export_name(p);
            padd_export_name(p, n->u.export_all.exported);
        }
        n->u.export_all.source = parse_from_clause(p, &n->u.export_all.with_type);
        psemicolon(p);
        return pfinish(p, n);
    }
    if (pis_name(p, KW_DEFAULT)) {
        AstNode *n = start_tok_node;
        n->kind = AST_ExportDefaultDeclaration;
        AstNode *dn = pnode(p, AST_Identifier);
        dn->u.ident.name = p->s_default;
        pnext(p);
        pfinish(p, dn);
        padd_export_name(p, dn);
        AstNode *d;
        if (pis_name(p, KW_FUNCTION)) {
            d = parse_function(p, &TOK, 0, 1, 1);
            pdeclare_function(p, d, 0);
            if (!d->u.function.id) pdeclare_star_default(p, d, AST_BIND_FUNCTION);
        } else if (pis_name(p, KW_CLASS)) {
            d = parse_class(p, 1, 1);
            if (!d->u.klass.id) pdeclare_star_default(p, d, AST_BIND_CLASS);
        } else {
            Token nt;
            d = NULL;
            if (pis_name(p, KW_ASYNC)) {
                ppeek(p, &nt);
                if (nt.type == TOK_NAME && nt.kw == KW_FUNCTION && !nt.escaped && !nt.nl_before) {
                    Token s = TOK;
                    pnext(p);
                    d = parse_function(p, &s, 1, 1, 1);
                    pdeclare_function(p, d, 0);
                    if (!d->u.function.id) pdeclare_star_default(p, d, AST_BIND_FUNCTION);
                }
            }
            if (!d) {
                d = parse_assignment(p, 0);
                psemicolon(p);
                pdeclare_star_default(p, n, AST_BIND_CONST);
            }
        }
        n->u.export_default.declaration = d;
        return pfinish(p, n);
    }
    AstNode *n = start_tok_node;
    if (TOK.type == TOK_LBRACE) {
        pnext(p);
        uint32_t base = p->stk_len;
        uint32_t refs_base = p->export_refs.count;
        int has_string_local = 0;
        uint32_t string_local_pos = 0;
        PNodeVec reserved_locals = {0};
        while (TOK.type != TOK_RBRACE) {
            AstNode *s = pnode(p, AST_ExportSpecifier);
            Token lt = TOK;
            AstNode *local = parse_module_export_name(p);
            if (local->kind == AST_StringLiteral && !has_string_local) {
                has_string_local = 1;
                string_local_pos = local->start;
            }
            if (local->kind == AST_Identifier) {
                if ((lt.kw >= KW_FIRST_RESERVED && lt.kw <= KW_LAST_RESERVED) ||
                    (lt.kw >= KW_FIRST_STRICT_RESERVED && lt.kw <= KW_LAST_STRICT_RESERVED) || lt.kw == KW_AWAIT)
                    pvec_push(p, &reserved_locals, local);
            }
            s->u.export_specifier.local = local;
            if (pis_name(p, KW_AS)) {
                pnext(p);
                s->u.export_specifier.exported = parse_module_export_name(p);
            } else {
                /* same name, separate node (the local one may become a reference) */
                AstNode *ex = pnode_pos(p, (AstKind)local->kind, local->start, local->line, local->column);
                *ex = *local;
                s->u.export_specifier.exported = ex;
            }
            padd_export_name(p, s->u.export_specifier.exported);
            pstk_push(p, pfinish(p, s));
            if (local->kind == AST_Identifier) pvec_push(p, &p->export_refs, local);
            if (TOK.type != TOK_RBRACE) pexpect(p, TOK_COMMA);
        }
        pnext(p);
        n->u.export_named.specifiers = pstk_list(p, base);
        if (pis_name(p, KW_FROM)) {
            n->u.export_named.source = parse_from_clause(p, &n->u.export_named.with_type);
            p->export_refs.count = refs_base; /* re-exports need no local bindings */
        } else {
            if (has_string_local) perr(p, string_local_pos, "string export name requires 'from'");
            if (reserved_locals.count) perr(p, reserved_locals.items[0]->start, "unexpected reserved word in export list");
            for (uint32_t i = 0; i < n->u.export_named.specifiers.count; i++) {
                AstNode *loc = n->u.export_named.specifiers.items[i]->u.export_specifier.local;
                loc->u.ident.is_reference = 1;
                loc->u.ident.name = lex_intern(&p->lx, loc->u.ident.name.chars, loc->u.ident.name.len);
            }
        }
        psemicolon(p);
        return pfinish(p, n);
    }
    AstNode *d = NULL;
    if (pis_name(p, KW_VAR)) {
        d = parse_var_decl(p, AST_VAR_VAR, 0);
        psemicolon(p);
    } else if (pis_name(p, KW_LET)) {
        d = parse_var_decl(p, AST_VAR_LET, 0);
        psemicolon(p);
    } else if (pis_name(p, KW_CONST)) {
        d = parse_var_decl(p, AST_VAR_CONST, 0);
        psemicolon(p);
    } else if (pis_name(p, KW_FUNCTION)) {
        d = parse_function(p, &TOK, 0, 1, 0);
        pdeclare_function(p, d, 0);
    } else if (pis_name(p, KW_CLASS)) {
        d = parse_class(p, 1, 0);
    } else if (pis_name(p, KW_ASYNC)) {
        Token nt;
        ppeek(p, &nt);
        if (!(nt.type == TOK_NAME && nt.kw == KW_FUNCTION && !nt.escaped && !nt.nl_before)) punexpected(p);
        Token s = TOK;
        pnext(p);
        d = parse_function(p, &s, 1, 1, 0);
        pdeclare_function(p, d, 0);
    } else {
        punexpected(p);
    }
    if (d->kind == AST_VariableDeclaration) {
        for (uint32_t i = 0; i < d->u.var_decl.declarations.count; i++)
            pexport_pattern_names(p, d->u.var_decl.declarations.items[i]->u.declarator.id);
    } else if (d->kind == AST_FunctionDeclaration) {
        padd_export_name(p, d->u.function.id);
    } else {
        padd_export_name(p, d->u.klass.id);
    }
    n->u.export_named.declaration = d;
    if (d->kind != AST_VariableDeclaration) pfinish(p, n);
    else pfinish(p, n);
    return n;
}

void parse_module_item_list(Parser *p, AstNode *root) {
    uint32_t base = p->stk_len;
    while (TOK.type != TOK_EOF) {
        if (pis_name(p, KW_IMPORT)) {
            Token nt;
            ppeek(p, &nt);
            if (nt.type != TOK_LPAREN && nt.type != TOK_DOT) {
                pstk_push(p, parse_import_declaration(p));
                continue;
            }
        } else if (pis_name(p, KW_EXPORT)) {
            pstk_push(p, parse_export_declaration(p));
            continue;
        }
        pstk_push(p, parse_statement_list_item(p));
    }
    root->u.program.body = pstk_list(p, base);
}
