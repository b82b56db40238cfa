/* lexer.h - ECMAScript tokenizer used by the parser.
 *
 * The lexer is context-free except for two things the parser drives explicitly:
 *  - a '/' or '/=' is always returned as a punctuator; when the parser is at a point
 *    where a primary expression is expected it calls lex_rescan_regexp() to re-read it
 *    as a RegularExpressionLiteral;
 *  - a '}' is always returned as a punctuator; when it closes a template substitution
 *    the parser calls lex_rescan_template() to read the TemplateMiddle / TemplateTail.
 * Everything that depends on strictness (legacy octal literals and escapes, strict
 * reserved words) is only recorded in the token and checked by the parser, so tokens
 * read ahead before a "use strict" directive need no re-lexing.
 *
 * Invariant: lx->src[lx->limit] == 0 (a sentinel); bytes beyond limit are never read.
 * Errors: the lexer calls lx->fail(lx->fail_ctx, offset, message), which must not
 * return (the parser longjmps out).
 */
#ifndef CRYO_LEXER_H
#define CRYO_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/* Token types. */
typedef enum TokType {
    TOK_EOF,
    TOK_NAME,         /* IdentifierName (keywords included: see Token.kw) */
    TOK_PRIVATE_NAME, /* #name (str = name without '#') */
    TOK_NUMBER,       /* NumericLiteral (num) */
    TOK_BIGINT,       /* BigInt literal (digits/digits_len/radix) */
    TOK_STRING,       /* StringLiteral (str = value) */
    TOK_TEMPLATE,     /* template piece (str = cooked, raw = raw) */
    TOK_REGEXP,       /* only from lex_rescan_regexp (str = body, raw = flags) */
    /* punctuators */
    TOK_LBRACE, TOK_RBRACE, TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET,
    TOK_DOT, TOK_ELLIPSIS, TOK_SEMI, TOK_COMMA, TOK_QUESTION, TOK_QDOT, TOK_COLON,
    TOK_ARROW,
    TOK_LT, TOK_GT, TOK_LE, TOK_GE, TOK_EQ, TOK_NE, TOK_SEQ, TOK_SNE,
    TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_PERCENT, TOK_EXP,
    TOK_INC, TOK_DEC, TOK_SHL, TOK_SAR, TOK_SHR, TOK_AMP, TOK_PIPE, TOK_CARET,
    TOK_BANG, TOK_TILDE, TOK_AND, TOK_OR, TOK_NULLISH,
    TOK_ASSIGN, TOK_PLUS_ASSIGN, TOK_MINUS_ASSIGN, TOK_STAR_ASSIGN, TOK_SLASH_ASSIGN,
    TOK_PERCENT_ASSIGN, TOK_EXP_ASSIGN, TOK_SHL_ASSIGN, TOK_SAR_ASSIGN, TOK_SHR_ASSIGN,
    TOK_AMP_ASSIGN, TOK_PIPE_ASSIGN, TOK_CARET_ASSIGN, TOK_AND_ASSIGN, TOK_OR_ASSIGN,
    TOK_NULLISH_ASSIGN,
    TOK_COUNT
} TokType;

/* Word ids for TOK_NAME (and the keyword-ness of a name). Reserved words first (up to
 * KW_LAST_RESERVED), then strict-mode reserved words, then contextual words. */
#define LEX_KEYWORD_LIST(X)                                                               \
    X(AWAIT_RESERVED_DUMMY, "")                                                           \
    X(BREAK, "break") X(CASE, "case") X(CATCH, "catch") X(CLASS, "class")                 \
    X(CONST, "const") X(CONTINUE, "continue") X(DEBUGGER, "debugger")                     \
    X(DEFAULT, "default") X(DELETE, "delete") X(DO, "do") X(ELSE, "else")                 \
    X(ENUM, "enum") X(EXPORT, "export") X(EXTENDS, "extends") X(FALSE, "false")           \
    X(FINALLY, "finally") X(FOR, "for") X(FUNCTION, "function") X(IF, "if")               \
    X(IMPORT, "import") X(IN, "in") X(INSTANCEOF, "instanceof") X(NEW, "new")             \
    X(NULL, "null") X(RETURN, "return") X(SUPER, "super") X(SWITCH, "switch")             \
    X(THIS, "this") X(THROW, "throw") X(TRUE, "true") X(TRY, "try") X(TYPEOF, "typeof")   \
    X(VAR, "var") X(VOID, "void") X(WHILE, "while") X(WITH, "with")                       \
    /* strict mode reserved words */                                                      \
    X(IMPLEMENTS, "implements") X(INTERFACE, "interface") X(LET, "let")                   \
    X(PACKAGE, "package") X(PRIVATE, "private") X(PROTECTED, "protected")                 \
    X(PUBLIC, "public") X(STATIC, "static") X(YIELD, "yield")                             \
    /* contextual words */                                                                \
    X(AWAIT, "await") X(ASYNC, "async") X(OF, "of") X(GET, "get") X(SET, "set")           \
    X(TARGET, "target") X(META, "meta") X(FROM, "from") X(AS, "as")                       \
    X(EVAL, "eval") X(ARGUMENTS, "arguments") X(CONSTRUCTOR, "constructor")               \
    X(PROTOTYPE, "prototype") X(PROTO, "__proto__") X(USING, "using")                     \
    X(USE_STRICT_DUMMY, "")

typedef enum LexKeyword {
#define LEX_KW_ENUM_(name, text) KW_##name,
    LEX_KEYWORD_LIST(LEX_KW_ENUM_)
#undef LEX_KW_ENUM_
    KW_COUNT
} LexKeyword;

#define KW_NONE KW_AWAIT_RESERVED_DUMMY      /* an ordinary identifier */
#define KW_FIRST_RESERVED KW_BREAK
#define KW_LAST_RESERVED KW_WITH
#define KW_FIRST_STRICT_RESERVED KW_IMPLEMENTS
#define KW_LAST_STRICT_RESERVED KW_YIELD

/* Token.octal values */
enum {
    LEX_OCTAL_NONE = 0,
    LEX_OCTAL_LEGACY_NUMBER = 1,   /* 017 */
    LEX_OCTAL_NONOCTAL_DECIMAL = 2,/* 08, 09.5 */
    LEX_OCTAL_ESCAPE = 3,          /* "\01", "\7" (and "\0" followed by 8/9) */
    LEX_OCTAL_89_ESCAPE = 4        /* "\8", "\9" */
};

/* One token. */
typedef struct Token {
    uint8_t type;         /* TokType */
    uint8_t kw;           /* TOK_NAME: LexKeyword (KW_NONE for other names) */
    uint8_t nl_before;    /* a line terminator precedes the token (also inside comments) */
    uint8_t escaped;      /* TOK_NAME / TOK_PRIVATE_NAME: spelled with \u escapes;
                             TOK_STRING: contained any escape or line continuation */
    uint8_t octal;        /* TOK_NUMBER / TOK_STRING: LEX_OCTAL_* (strict-mode error) */
    uint8_t tmpl_tail;    /* TOK_TEMPLATE: ends with '`' (else with "${") */
    uint8_t tmpl_invalid; /* TOK_TEMPLATE: has an invalid escape (cooked undefined) */
    uint8_t radix;        /* TOK_BIGINT: 2, 8, 10 or 16 */
    uint32_t start;       /* byte offset of the first character */
    uint32_t end;         /* byte offset past the last character */
    uint32_t line;        /* 1-based line */
    uint32_t col;         /* 1-based column in UTF-16 units */
    uint32_t bad_escape;  /* TOK_TEMPLATE with tmpl_invalid: offset of the bad escape;
                             TOK_STRING with octal: offset of the escape */
    double num;           /* TOK_NUMBER value */
    AstStr str;           /* NAME / PRIVATE_NAME (interned), STRING value, TEMPLATE
                             cooked, REGEXP body */
    AstStr raw;           /* TEMPLATE raw value, REGEXP flags */
    const char *digits;   /* TOK_BIGINT digits (arena, NUL-terminated) */
    uint32_t digits_len;  /* TOK_BIGINT digit count */
} Token;

/* Interning table for identifier names: equal names share one AstStr.chars. */
typedef struct LexInternEntry {
    uint32_t hash;        /* hash of the UTF-16 name; 0 = empty slot */
    uint32_t len;         /* code units */
    const uint16_t *chars;/* arena-owned */
    uint8_t kw;           /* LexKeyword */
} LexInternEntry;

/* Position state (saved / restored for lookahead). */
typedef struct LexState {
    uint32_t pos;         /* next byte to read */
    uint32_t line;        /* current line (1-based) */
    uint32_t line_start;  /* byte offset where the current line starts */
    uint32_t line_adj;    /* bytes minus UTF-16 units consumed on this line so far */
    Token tok;            /* current token */
} LexState;

typedef void (*LexFailFn)(void *ctx, uint32_t offset, const char *message);

typedef struct Lexer {
    const uint8_t *src;   /* source; src[limit] == 0 */
    uint32_t limit;       /* end of the text to tokenize */
    uint32_t begin;       /* start of the text to tokenize (hashbang only here) */
    uint8_t is_module;    /* Module goal: no HTML-like comments */
    uint8_t wtf8;         /* accept encoded lone surrogates */
    uint8_t allow_hashbang; /* a #! comment is allowed at `begin` */
    uint8_t at_start;     /* no token read yet (an HTML close comment may start a line) */
    LexState st;          /* position and current token */
    AstArena *arena;      /* where strings go */
    LexFailFn fail;       /* error callback (does not return) */
    void *fail_ctx;       /* its context */
    uint16_t *buf;        /* scratch buffer for decoded strings (malloc) */
    uint32_t buf_len;     /* used units */
    uint32_t buf_cap;     /* capacity in units */
    uint16_t *buf2;       /* second scratch buffer (template raw strings) */
    uint32_t buf2_len;    /* used units */
    uint32_t buf2_cap;    /* capacity */
    LexInternEntry *intern; /* interning table (malloc), power-of-two capacity */
    uint32_t intern_cap;  /* slots */
    uint32_t intern_count;/* used slots */
} Lexer;

/* Prepares lx to tokenize src[begin..limit) (src[limit] must be 0). Positions are
 * offsets into src; line counting starts at `line`/`line_start`. Does not read a token.
 * Returns 0, or -1 on out of memory. */
int lex_init(Lexer *lx, const char *src, uint32_t begin, uint32_t limit, uint32_t line,
             uint32_t line_start, AstArena *arena, LexFailFn fail, void *fail_ctx);

/* Frees the lexer's scratch buffers and interning table (not the arena). */
void lex_free(Lexer *lx);

/* Reads the next token into lx->st.tok. */
void lex_next(Lexer *lx);

/* Re-reads the current '/' or '/=' token as a regular expression literal. */
void lex_rescan_regexp(Lexer *lx);

/* Re-reads the current '}' token as the continuation of a template (TemplateMiddle or
 * TemplateTail). */
void lex_rescan_template(Lexer *lx);

/* Interns a UTF-16 name (returns the shared copy). */
AstStr lex_intern(Lexer *lx, const uint16_t *chars, uint32_t len);

/* Interns a name held in static storage (never copied; must outlive the Ast). */
AstStr lex_intern_static(Lexer *lx, const uint16_t *chars, uint32_t len);

/* Interns an ASCII name. */
AstStr lex_intern_ascii(Lexer *lx, const char *s);

/* Name of a token type for messages ("'('", "identifier", ...). */
const char *lex_token_name(TokType t);

/* Keyword spelling ("" for KW_NONE). */
const char *lex_keyword_text(LexKeyword kw);

/* Decodes one UTF-8 (or WTF-8 when wtf8) sequence at s[0..avail); returns its length
 * (1..4) and stores the code point, or returns 0 for an invalid sequence. */
int lex_decode_utf8(const uint8_t *s, size_t avail, int wtf8, uint32_t *cp);

#endif /* CRYO_LEXER_H */
