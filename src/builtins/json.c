/* json.c — the JSON object (ECMA-262 25.5): parse (with reviver) and stringify.
 *
 * JSON.parse is an iterative parser over the flat source string (an explicit container
 * stack in a heap list), so nesting depth is bounded only by memory. It runs no
 * JavaScript, so it may keep C pointers into the source between steps; the reviver walk
 * (InternalizeJSONProperty) runs afterwards and is recursive with the interpreter's C-depth
 * limit (RangeError beyond it).
 *
 * JSON.stringify follows SerializeJSONProperty with the output in a C-side StrBuilder
 * (holds no heap references, so JavaScript may run while it is being filled). Objects are
 * serialized recursively under the C-depth limit; cycles are detected with a heap list of
 * the objects being serialized (TypeError "Converting circular structure to JSON").
 */
#include <math.h>
#include <stdlib.h>
#include "builtins.h"
#include "../shape.h"
#include "../numconv.h"

#define JSON_MAX_DEPTH 4096  /* deepest structure stringify / the reviver walk accept */
#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

/* ---------------------------------------------------------------------------------------
 * JSON.parse
 * ------------------------------------------------------------------------------------- */

/* Parser state over a flat string (latin1 or UTF-16). */
typedef struct JsonParser {
    VM *vm;
    Value src;            /* the flat source string (rooted by the caller) */
    const uint8_t *l1;    /* Latin-1 chars, or NULL */
    const uint16_t *u16;  /* UTF-16 chars, or NULL */
    uint32_t len;         /* length in code units */
    uint32_t pos;         /* current position */
    StrBuilder sb;        /* scratch for strings with escapes */
} JsonParser;

static inline int jp_at(JsonParser *p, uint32_t i) { return p->l1 ? p->l1[i] : p->u16[i]; }
static inline int jp_peek(JsonParser *p) { return p->pos < p->len ? jp_at(p, p->pos) : -1; }

static void jp_skip_ws(JsonParser *p) {
    while (p->pos < p->len) {
        int c = jp_at(p, p->pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->pos++;
    }
}

/* Throw the SyntaxError for the character at the current position. */
static Value jp_error(JsonParser *p) {
    VM *vm = p->vm;
    if (p->pos >= p->len) return vm_throw_syntax_error(vm, "Unexpected end of JSON input");
    int c = jp_at(p, p->pos);
    if (c == '"') return vm_throw_syntax_error(vm, "Unexpected string in JSON at position %u", p->pos);
    if ((c >= '0' && c <= '9') || c == '-')
        return vm_throw_syntax_error(vm, "Unexpected number in JSON at position %u", p->pos);
    char buf[8];
    if (c >= 0x20 && c < 0x7F) { buf[0] = (char)c; buf[1] = 0; }
    else {
        /* UTF-8 of the code unit */
        if (c < 0x80) snprintf(buf, sizeof buf, "\\u%04x", c);
        else if (c < 0x800) { buf[0] = (char)(0xC0 | (c >> 6)); buf[1] = (char)(0x80 | (c & 0x3F)); buf[2] = 0; }
        else { buf[0] = (char)(0xE0 | (c >> 12)); buf[1] = (char)(0x80 | ((c >> 6) & 0x3F)); buf[2] = (char)(0x80 | (c & 0x3F)); buf[3] = 0; }
    }
    return vm_throw_syntax_error(vm, "Unexpected token %s in JSON at position %u", buf, p->pos);
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parse a string token at pos (which is '"'). as_key: return an interned property key. */
static Value jp_string(JsonParser *p, bool as_key) {
    VM *vm = p->vm;
    uint32_t start = ++p->pos, i = start;
    /* fast scan: no escapes */
    while (i < p->len) {
        int c = jp_at(p, i);
        if (c == '"' || c == '\\' || c < 0x20) break;
        i++;
    }
    if (i < p->len && jp_at(p, i) == '"') {
        p->pos = i + 1;
        uint32_t n = i - start;
        if (as_key) {
            if (p->l1) return key_from_string(vm, atom_from_latin1(vm, p->l1 + start, n));
            return key_from_string(vm, atom_from_utf16(vm, p->u16 + start, n));
        }
        if (n == 0) return ATOM(vm, empty);
        if (n == 1) return str_from_char(vm, (uint16_t)jp_at(p, start));
        return p->l1 ? str_from_latin1(vm, p->l1 + start, n) : str_from_utf16(vm, p->u16 + start, n);
    }
    /* slow path with escapes */
    StrBuilder *sb = &p->sb;
    sb->len = 0;
    sb->failed = 0;
    if (p->l1) sb_append_latin1(sb, p->l1 + start, i - start);
    else sb_append_utf16(sb, p->u16 + start, i - start);
    p->pos = i;
    for (;;) {
        if (p->pos >= p->len) return vm_throw_syntax_error(vm, "Unterminated string in JSON at position %u", p->pos);
        int c = jp_at(p, p->pos);
        if (c == '"') { p->pos++; break; }
        if (c < 0x20) return vm_throw_syntax_error(vm, "Bad control character in string literal in JSON at position %u", p->pos);
        if (c != '\\') { sb_append_char(sb, (uint16_t)c); p->pos++; continue; }
        p->pos++;
        if (p->pos >= p->len) return vm_throw_syntax_error(vm, "Unterminated string in JSON at position %u", p->pos);
        c = jp_at(p, p->pos++);
        switch (c) {
        case '"': sb_append_char(sb, '"'); break;
        case '\\': sb_append_char(sb, '\\'); break;
        case '/': sb_append_char(sb, '/'); break;
        case 'b': sb_append_char(sb, 8); break;
        case 'f': sb_append_char(sb, 12); break;
        case 'n': sb_append_char(sb, 10); break;
        case 'r': sb_append_char(sb, 13); break;
        case 't': sb_append_char(sb, 9); break;
        case 'u': {
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int h = p->pos < p->len ? hexval(jp_at(p, p->pos)) : -1;
                if (h < 0) return vm_throw_syntax_error(vm, "Bad Unicode escape in JSON at position %u", p->pos);
                v = v * 16 + h;
                p->pos++;
            }
            sb_append_char(sb, (uint16_t)v);
            break;
        }
        default:
            p->pos--;
            return vm_throw_syntax_error(vm, "Bad escaped character in JSON at position %u", p->pos);
        }
    }
    if (sb->failed) return vm_throw_range_error(vm, "Invalid string length");
    Value r;
    if (as_key) r = sb->wide ? atom_from_utf16(vm, (uint16_t *)sb->buf, sb->len) : atom_from_latin1(vm, sb->buf, sb->len);
    else r = sb->wide ? str_from_utf16(vm, (uint16_t *)sb->buf, sb->len) : str_from_latin1(vm, sb->buf, sb->len);
    if (r == VAL_EXCEPTION || !as_key) return r;
    return key_from_string(vm, r);
}

/* Parse a number token at pos. */
static Value jp_number(JsonParser *p) {
    uint32_t start = p->pos, i = start;
    if (jp_at(p, i) == '-') i++;
    if (i >= p->len) { p->pos = i; return jp_error(p); }
    int c = jp_at(p, i);
    if (c == '0') i++;
    else if (c >= '1' && c <= '9') { while (i < p->len && jp_at(p, i) >= '0' && jp_at(p, i) <= '9') i++; }
    else { p->pos = i; return jp_error(p); }
    bool is_int = true;
    if (i < p->len && jp_at(p, i) == '.') {
        i++;
        is_int = false;
        if (i >= p->len || jp_at(p, i) < '0' || jp_at(p, i) > '9') { p->pos = i; return jp_error(p); }
        while (i < p->len && jp_at(p, i) >= '0' && jp_at(p, i) <= '9') i++;
    }
    if (i < p->len && (jp_at(p, i) == 'e' || jp_at(p, i) == 'E')) {
        i++;
        is_int = false;
        if (i < p->len && (jp_at(p, i) == '+' || jp_at(p, i) == '-')) i++;
        if (i >= p->len || jp_at(p, i) < '0' || jp_at(p, i) > '9') { p->pos = i; return jp_error(p); }
        while (i < p->len && jp_at(p, i) >= '0' && jp_at(p, i) <= '9') i++;
    }
    p->pos = i;
    uint32_t n = i - start;
    if (is_int && n <= 10) {
        int64_t v = 0;
        uint32_t k = start;
        bool neg = jp_at(p, k) == '-';
        if (neg) k++;
        for (; k < i; k++) v = v * 10 + (jp_at(p, k) - '0');
        if (neg) { if (v == 0) return val_double(-0.0); v = -v; }
        return val_number((double)v);
    }
    double d = p->l1 ? num_parse_decimal((const char *)p->l1 + start, n, NULL)
                     : num_parse_decimal16(p->u16 + start, n, NULL);
    return val_number(d);
}

/* Match the literal `word` at pos. */
static bool jp_literal(JsonParser *p, const char *word) {
    uint32_t n = (uint32_t)strlen(word);
    if (p->pos + (uint64_t)n > p->len) return false;
    for (uint32_t k = 0; k < n; k++) if (jp_at(p, p->pos + k) != word[k]) return false;
    p->pos += n;
    return true;
}

/* JSON Parse Records (for the reviver's context argument, json-parse-with-source): a list
 * of REC_WORDS Values made while parsing, one per value of the text:
 *   [REC_VALUE]  the value the text produced ([[Value]])
 *   [REC_A]      primitive: int start offset of its source text; array: a JS array of the
 *                element records ([[Elements]]); object: a null-prototype object mapping
 *                each key to the record of its last value in the text ([[Entries]]);
 *                undefined for an empty array or object
 *   [REC_B]      primitive: int end offset of its source text; else undefined
 * They are internal: JavaScript never sees them. */
enum { REC_VALUE = 0, REC_A, REC_B, REC_WORDS };

/* A new parse record [v, a, b]. */
static Value rec_new(VM *vm, Value v, Value a, Value b) {
    Value r = list_new(vm, REC_WORDS);   /* allocation never collects: v, a, b stay valid */
    if (r == VAL_EXCEPTION) return r;
    Value *w = list_items(vm, r);
    w[REC_VALUE] = v;
    w[REC_A] = a;
    w[REC_B] = b;
    return r;
}

/* Parse the whole text. Returns the value or VAL_EXCEPTION. With rec_out, also builds the
 * JSON Parse Record of the value (above) into *rec_out (a rooted location). */
static Value json_parse_text_body(VM *vm, Value src, Value *rec_out) {
    VM_ROOT_SCOPE(vm);
    JsonParser p;
    p.vm = vm;
    p.src = src;
    p.len = str_header(vm, src)->len;
    p.l1 = str_is_latin1(vm, src) ? str_latin1(vm, src) : NULL;
    p.u16 = p.l1 ? NULL : str_utf16(vm, src);
    p.pos = 0;
    sb_init(&p.sb, vm);
    /* container stack: triples (container, pending key, its records' collection) */
    Value stack = list_new(vm, 48), value = VAL_UNDEFINED, key = VAL_UNDEFINED, vrec = VAL_UNDEFINED;
    if (stack == VAL_EXCEPTION) { sb_free(&p.sb); return stack; }
    vm_root(vm, &stack); vm_root(vm, &value); vm_root(vm, &key); vm_root(vm, &vrec);
    uint32_t depth = 0;
    vm->meter += p.len / 4;
#define FAIL(x) do { Value fail_v_ = (x); (void)fail_v_; sb_free(&p.sb); return VAL_EXCEPTION; } while (0)
    for (;;) {
        /* parse a value */
        jp_skip_ws(&p);
        int c = jp_peek(&p);
        uint32_t vstart = p.pos;
        if (c == '{' || c == '[') {
            p.pos++;
            Value cont = c == '{' ? obj_new_plain(vm) : array_new(vm, 0);
            if (cont == VAL_EXCEPTION) FAIL(cont);
            jp_skip_ws(&p);
            int e = jp_peek(&p);
            if (e == (c == '{' ? '}' : ']')) {
                p.pos++;
                value = cont;
                if (rec_out && (vrec = rec_new(vm, value, VAL_UNDEFINED, VAL_UNDEFINED)) == VAL_EXCEPTION) FAIL(0);
                goto have_value;
            }
            if (c == '{') {
                if (e != '"') FAIL(jp_error(&p));
                key = jp_string(&p, true);
                if (key == VAL_EXCEPTION) FAIL(key);
                jp_skip_ws(&p);
                if (jp_peek(&p) != ':') FAIL(jp_error(&p));
                p.pos++;
            } else key = VAL_EMPTY;
            Value coll = VAL_UNDEFINED;
            if (rec_out) {
                coll = c == '{' ? obj_new(vm, VAL_NULL, CLASS_OBJECT) : array_new(vm, 0);
                if (coll == VAL_EXCEPTION) FAIL(0);
            }
            if (3 * depth + 3 > list_count(vm, stack)) {
                Value ns = list_new(vm, list_count(vm, stack) * 2);
                if (ns == VAL_EXCEPTION) FAIL(ns);
                memcpy(list_items(vm, ns), list_items(vm, stack), 3 * (size_t)depth * sizeof(Value));
                stack = ns;
            }
            list_items(vm, stack)[3 * depth] = cont;
            list_items(vm, stack)[3 * depth + 1] = key;
            list_items(vm, stack)[3 * depth + 2] = coll;
            depth++;
            continue;
        } else if (c == '"') {
            value = jp_string(&p, false);
            if (value == VAL_EXCEPTION) FAIL(value);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            value = jp_number(&p);
            if (value == VAL_EXCEPTION) FAIL(value);
        } else if (c == 't' && jp_literal(&p, "true")) value = VAL_TRUE;
        else if (c == 'f' && jp_literal(&p, "false")) value = VAL_FALSE;
        else if (c == 'n' && jp_literal(&p, "null")) value = VAL_NULL;
        else FAIL(jp_error(&p));
        if (rec_out && (vrec = rec_new(vm, value, val_int((int32_t)vstart), val_int((int32_t)p.pos))) == VAL_EXCEPTION)
            FAIL(0);
    have_value:
        for (;;) {
            if (depth == 0) {
                jp_skip_ws(&p);
                if (p.pos < p.len) FAIL(jp_error(&p));
                sb_free(&p.sb);
                if (rec_out) *rec_out = vrec;
                return value;
            }
            Value cont = list_items(vm, stack)[3 * (depth - 1)];
            Value k = list_items(vm, stack)[3 * (depth - 1) + 1];
            Value coll = list_items(vm, stack)[3 * (depth - 1) + 2];
            if (k == VAL_EMPTY) {
                if (array_push(vm, cont, value) < 0) FAIL(0);
                if (rec_out && array_push(vm, coll, vrec) < 0) FAIL(0);
            } else {
                if (obj_define_fast(vm, cont, k, value, PROP_DEFAULT) < 0) FAIL(0);
                if (rec_out && obj_define_fast(vm, coll, k, vrec, PROP_DEFAULT) < 0) FAIL(0);
            }
            jp_skip_ws(&p);
            int e = jp_peek(&p);
            if (e == ',') {
                p.pos++;
                if (k != VAL_EMPTY) {
                    jp_skip_ws(&p);
                    if (jp_peek(&p) != '"') FAIL(jp_error(&p));
                    key = jp_string(&p, true);
                    if (key == VAL_EXCEPTION) FAIL(key);
                    jp_skip_ws(&p);
                    if (jp_peek(&p) != ':') FAIL(jp_error(&p));
                    p.pos++;
                    list_items(vm, stack)[3 * (depth - 1) + 1] = key;
                }
                break;  /* parse the next value */
            }
            if (e == (k == VAL_EMPTY ? ']' : '}')) {
                p.pos++;
                value = cont;
                if (rec_out && (vrec = rec_new(vm, value, coll, VAL_UNDEFINED)) == VAL_EXCEPTION) FAIL(0);
                depth--;
                list_items(vm, stack)[3 * depth] = VAL_UNDEFINED;
                list_items(vm, stack)[3 * depth + 1] = VAL_UNDEFINED;
                list_items(vm, stack)[3 * depth + 2] = VAL_UNDEFINED;
                continue;
            }
            FAIL(jp_error(&p));
        }
    }
#undef FAIL
}

/* json_parse_text with the C roots it registers released on return. */
static Value json_parse_text(VM *vm, Value src, Value *rec_out) {
    size_t root_mark = vm->nroots;
    Value r = json_parse_text_body(vm, src, rec_out);
    vm->nroots = root_mark;
    return r;
}

Value json_parse(VM *vm, Value text) {
    VM_ROOT_SCOPE(vm);
    text = str_flatten(vm, text);
    if (text == VAL_EXCEPTION) return text;
    vm_root(vm, &text);
    return json_parse_text(vm, text, NULL);
}

/* What the reviver walk carries down (Values rooted by JSON_parse). */
typedef struct Reviver {
    Value fn;              /* the reviver function */
    Value src;             /* the flat source text (for context.source) */
} Reviver;

/* InternalizeJSONProperty(holder, name, reviver, parseRecord) (25.5.1.1 with
 * json-parse-with-source). rec is the JSON Parse Record of the value originally at
 * holder[name], or undefined (~empty~). */
static Value internalize_inner(VM *vm, Value holder, Value name, const Reviver *rv, Value rec, int depth);
static Value internalize(VM *vm, Value holder, Value name, const Reviver *rv, Value rec, int depth) {
    size_t mark = vm->nroots;
    if (depth >= JSON_MAX_DEPTH) return vm_throw_stack_overflow(vm);
    Value r = internalize_inner(vm, holder, name, rv, rec, depth);
    vm->nroots = mark;
    return r;
}
static Value internalize_inner(VM *vm, Value holder, Value name, const Reviver *rv, Value rec, int depth) {
    VM_ROOT_SCOPE(vm);
    Value val = VAL_UNDEFINED, keys = VAL_UNDEFINED, ne = VAL_UNDEFINED, k = VAL_UNDEFINED;
    Value context = VAL_UNDEFINED, sub = VAL_UNDEFINED, records = VAL_UNDEFINED;
    vm_root(vm, &holder); vm_root(vm, &name); vm_root(vm, &rec);
    vm_root(vm, &val); vm_root(vm, &keys); vm_root(vm, &ne); vm_root(vm, &k);
    vm_root(vm, &context); vm_root(vm, &sub); vm_root(vm, &records);
    if (vm_stack_exhausted(vm)) return vm_throw_stack_overflow(vm);
    val = obj_get(vm, holder, name, holder);
    if (val == VAL_EXCEPTION) return val;
    if ((context = obj_new_plain(vm)) == VAL_EXCEPTION) return context;
    if (rec != VAL_UNDEFINED && same_value(vm, list_items(vm, rec)[REC_VALUE], val)) {
        Value *w = list_items(vm, rec);
        if (!val_is_object(val)) {
            Value text = str_substring(vm, rv->src, (uint32_t)val_to_int(w[REC_A]), (uint32_t)val_to_int(w[REC_B]));
            if (text == VAL_EXCEPTION) return text;
            if (obj_define_fast(vm, context, ATOM(vm, source), text, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
        } else {
            records = w[REC_A];
        }
    }
    if (val_is_object(val)) {
        int isarr = vm_is_array(vm, val);
        if (isarr < 0) return VAL_EXCEPTION;

        if (isarr) {
            uint64_t len;
            uint32_t nrec = records != VAL_UNDEFINED ? array_length(vm, records) : 0;
            if (length_of_array_like(vm, val, &len) < 0) { return VAL_EXCEPTION; }
            for (uint64_t i = 0; i < len; i++) {
                k = i <= 0x7FFFFFFF ? val_int((int32_t)i) : key_from_string(vm, str_from_int(vm, (int64_t)i));
                if (k == VAL_EXCEPTION) { return k; }
                sub = i < nrec ? array_get_fast(vm, records, (uint32_t)i) : VAL_UNDEFINED;
                ne = internalize(vm, val, k, rv, sub, depth + 1);
                if (ne == VAL_EXCEPTION) { return ne; }
                int r = ne == VAL_UNDEFINED ? obj_delete(vm, val, k) : obj_create_data_property(vm, val, k, ne);
                if (r < 0) { return VAL_EXCEPTION; }
            }
        } else {
            keys = obj_enumerable_own(vm, val, 0);
            if (keys == VAL_EXCEPTION) { return keys; }
            uint32_t n = array_length(vm, keys);
            for (uint32_t i = 0; i < n; i++) {
                k = key_from_string(vm, array_get_fast(vm, keys, i));
                if (k == VAL_EXCEPTION) { return k; }
                sub = VAL_UNDEFINED;
                if (records != VAL_UNDEFINED) {   /* an internal null-prototype object: no JS runs */
                    PropDesc d;
                    int found = ordinary_get_own_property(vm, records, k, &d);
                    if (found < 0) return VAL_EXCEPTION;
                    if (found) sub = d.value;
                }
                ne = internalize(vm, val, k, rv, sub, depth + 1);
                if (ne == VAL_EXCEPTION) { return ne; }
                int r = ne == VAL_UNDEFINED ? obj_delete(vm, val, k) : obj_create_data_property(vm, val, k, ne);
                if (r < 0) { return VAL_EXCEPTION; }
            }
        }

    }
    Value ns = key_to_string(vm, name);
    if (ns == VAL_EXCEPTION) return ns;
    Value args[3] = { ns, val, context };
    return vm_call(vm, rv->fn, holder, 3, args);
}

/* JSON.parse(text, reviver). */
NATIVE(JSON_parse) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value text = to_string(vm, ARG(0)), root = VAL_UNDEFINED, rec = VAL_UNDEFINED;
    Reviver rv = { ARG(1), VAL_UNDEFINED };
    if (text == VAL_EXCEPTION) return text;
    text = str_flatten(vm, text);
    if (text == VAL_EXCEPTION) return text;
    vm_root(vm, &text); vm_root(vm, &rv.fn); vm_root(vm, &rv.src); vm_root(vm, &root); vm_root(vm, &rec);
    bool reviving = vm_is_callable(vm, rv.fn);
    Value v = json_parse_text(vm, text, reviving ? &rec : NULL);
    if (v == VAL_EXCEPTION || !reviving) return v;
    rv.src = text;
    root = obj_new_plain(vm);
    if (root == VAL_EXCEPTION) return root;
    if (obj_define_fast(vm, root, ATOM(vm, empty), v, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    return internalize(vm, root, ATOM(vm, empty), &rv, rec, 0);
}

/* JSON.rawJSON(text): a frozen null-prototype CLASS_RAW_JSON object whose "rawJSON" is the
 * text of one JSON primitive value (no surrounding white space), which JSON.stringify
 * emits verbatim. */
NATIVE(JSON_rawJSON) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value text = to_string(vm, ARG(0)), obj = VAL_UNDEFINED;
    if (text == VAL_EXCEPTION) return text;
    if ((text = str_flatten(vm, text)) == VAL_EXCEPTION) return text;
    vm_root(vm, &text); vm_root(vm, &obj);
    uint32_t n = str_length(vm, text);
    if (n == 0) return vm_throw_syntax_error(vm, "JSON.rawJSON: empty text");
    uint16_t first = str_at(vm, text, 0), last = str_at(vm, text, n - 1);
    if (first == '\t' || first == '\n' || first == '\r' || first == ' ' ||
        last == '\t' || last == '\n' || last == '\r' || last == ' ')
        return vm_throw_syntax_error(vm, "JSON.rawJSON: the text starts or ends with white space");
    if (first == '{' || first == '[')
        return vm_throw_syntax_error(vm, "JSON.rawJSON: the text must be a primitive value, not an object or array");
    if (json_parse_text(vm, text, NULL) == VAL_EXCEPTION) return VAL_EXCEPTION;
    if ((obj = obj_new(vm, VAL_NULL, CLASS_RAW_JSON)) == VAL_EXCEPTION) return obj;
    Value key = atom_from_cstr(vm, "rawJSON");
    if (key == VAL_EXCEPTION || obj_define_fast(vm, obj, key, text, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    if (obj_set_integrity(vm, obj, 1) < 0) return VAL_EXCEPTION;
    return obj;
}

/* JSON.isRawJSON(O). */
NATIVE(JSON_isRawJSON) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value o = ARG(0);
    return val_bool(val_is_object(o) && obj_class(vm, o) == CLASS_RAW_JSON);
}

/* ---------------------------------------------------------------------------------------
 * JSON.stringify
 * ------------------------------------------------------------------------------------- */

/* Serialization state (25.5.2.1 JSON Serialization Record). Values rooted by the caller. */
typedef struct JsonOut {
    VM *vm;
    StrBuilder sb;        /* output */
    Value replacer;       /* ReplacerFunction or undefined */
    Value plist;          /* PropertyList: list cell of keys, or undefined */
    Value stack;          /* list cell of objects being serialized */
    uint32_t depth;       /* entries used in stack */
    Value gap;            /* gap string (flat) or empty atom */
    uint32_t gap_len;     /* its length */
} JsonOut;

static void out_indent(JsonOut *o) {
    if (!o->gap_len) return;
    sb_append_char(&o->sb, '\n');
    for (uint32_t i = 0; i < o->depth; i++) sb_append_string(&o->sb, o->gap);
}

/* QuoteJSONString(s) appended to sb. */
static void quote_string(VM *vm, StrBuilder *sb, Value s) {
    static const char hex[] = "0123456789abcdef";
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); sb->failed = 1; return; }
    uint32_t n = str_header(vm, s)->len;
    sb_append_char(sb, '"');
    if (str_is_latin1(vm, s)) {
        const uint8_t *p = str_latin1(vm, s);
        uint32_t run = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint8_t c = p[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            if (i > run) sb_append_latin1(sb, p + run, i - run);
            run = i + 1;
            switch (c) {
            case '"': sb_append_cstr(sb, "\\\""); break;
            case '\\': sb_append_cstr(sb, "\\\\"); break;
            case '\b': sb_append_cstr(sb, "\\b"); break;
            case '\f': sb_append_cstr(sb, "\\f"); break;
            case '\n': sb_append_cstr(sb, "\\n"); break;
            case '\r': sb_append_cstr(sb, "\\r"); break;
            case '\t': sb_append_cstr(sb, "\\t"); break;
            default: {
                char b[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
                sb_append_cstr(sb, b);
            }
            }
            p = str_latin1(vm, s);
        }
        if (n > run) sb_append_latin1(sb, p + run, n - run);
    } else {
        for (uint32_t i = 0; i < n; i++) {
            uint16_t c = str_utf16(vm, s)[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                switch (c) {
                case '"': sb_append_cstr(sb, "\\\""); break;
                case '\\': sb_append_cstr(sb, "\\\\"); break;
                case '\b': sb_append_cstr(sb, "\\b"); break;
                case '\f': sb_append_cstr(sb, "\\f"); break;
                case '\n': sb_append_cstr(sb, "\\n"); break;
                case '\r': sb_append_cstr(sb, "\\r"); break;
                case '\t': sb_append_cstr(sb, "\\t"); break;
                default: {
                    char b[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
                    sb_append_cstr(sb, b);
                }
                }
                continue;
            }
            if (c >= 0xD800 && c <= 0xDFFF) {
                const uint16_t *u = str_utf16(vm, s);
                if (c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
                    sb_append_char(sb, c);
                    sb_append_char(sb, u[i + 1]);
                    i++;
                    continue;
                }
                char b[7] = { '\\', 'u', hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15], 0 };
                sb_append_cstr(sb, b);
                continue;
            }
            sb_append_char(sb, c);
        }
    }
    sb_append_char(sb, '"');
}

static int serialize_property(JsonOut *o, Value holder, Value key, Value value_in);

/* Push obj on the cycle stack (TypeError on a cycle). -1 on throw. */
static int json_enter(JsonOut *o, Value obj) {
    VM *vm = o->vm;
    Value *st = list_items(vm, o->stack);
    for (uint32_t i = 0; i < o->depth; i++)
        if (st[i] == obj) { vm_throw_type_error(vm, "Converting circular structure to JSON"); return -1; }
    /* nesting is bounded by its own limit (not the interpreter's C-depth budget, which is
     * small): each level costs a few hundred bytes of C stack */
    if (o->depth >= JSON_MAX_DEPTH  || vm_stack_exhausted(vm)) { vm_throw_stack_overflow(vm); return -1; }
    if (o->depth == list_count(vm, o->stack)) {
        Value ns = list_new(vm, o->depth * 2);
        if (ns == VAL_EXCEPTION) return -1;
        memcpy(list_items(vm, ns), list_items(vm, o->stack), o->depth * sizeof(Value));
        o->stack = ns;
    }
    list_items(vm, o->stack)[o->depth++] = obj;
    return 0;
}

static void json_leave(JsonOut *o) {
    o->depth--;
    list_items(o->vm, o->stack)[o->depth] = VAL_UNDEFINED;
}

/* EnumerableOwnProperties(obj, key) as a list of property keys (VAL_EMPTY-terminated when
 * shorter than the list). Ordinary objects are read from their shape directly. */
static Value enumerable_keys_body(VM *vm, Value obj) {
    VM_ROOT_SCOPE(vm);
    CellHeader *h = obj_header(vm, obj);
    Value e = CELL_VALUES(h)[OBJ_ELEMENTS];
    if (h->aux == CLASS_OBJECT && !(h->flags & OF_SLOW_ELEMENTS) && !val_is_cell(e)) {
        Value shape = CELL_VALUES(h)[OBJ_SHAPE];
        uint32_t total = shape_entry_count(vm, shape), n = 0;
        Value list = list_new(vm, total);
        if (list == VAL_EXCEPTION) return list;
        shape = obj_words(vm, obj)[OBJ_SHAPE];
        for (uint32_t i = 0; i < total; i++) {
            Value k = shape_key_at(vm, shape, i);
            if (k == VAL_EMPTY || val_is_symbol(k) || !(shape_flags_at(vm, shape, i) & PROP_ENUMERABLE)) continue;
            list_items(vm, list)[n++] = k;
        }
        if (n < total) list_items(vm, list)[n] = VAL_EMPTY;
        return list;
    }
    vm_root(vm, &obj);   /* before [[OwnPropertyKeys]]: a proxy's trap may collect */
    Value keys = obj_own_keys(vm, obj);
    if (keys == VAL_EXCEPTION) return keys;
    vm_root(vm, &keys);
    uint32_t total = list_count(vm, keys), n = 0;
    for (uint32_t i = 0; i < total; i++) {
        Value k = list_items(vm, keys)[i];
        if (val_is_symbol(k)) continue;
        PropDesc d;
        int r = obj_get_own_property(vm, obj, k, &d);
        if (r < 0) return VAL_EXCEPTION;
        if (!r || !(d.flags & PROP_ENUMERABLE)) continue;
        list_items(vm, keys)[n++] = list_items(vm, keys)[i];
    }
    if (n < total) list_items(vm, keys)[n] = VAL_EMPTY;
    return keys;
}

/* enumerable_keys with the C roots it registers released on return. */
static Value enumerable_keys(VM *vm, Value obj) {
    size_t root_mark = vm->nroots;
    Value r = enumerable_keys_body(vm, obj);
    vm->nroots = root_mark;
    return r;
}

/* SerializeJSONObject (25.5.2.5). */
static int serialize_object(JsonOut *o, Value value) {
    VM *vm = o->vm;
    VM_ROOT_SCOPE(vm);
    Value keys = VAL_UNDEFINED, k = VAL_UNDEFINED;
    vm_root(vm, &value); vm_root(vm, &keys); vm_root(vm, &k);
    if (json_enter(o, value) < 0) return -1;
    uint32_t n;
    if (o->plist != VAL_UNDEFINED) {
        keys = o->plist;
        n = list_count(vm, keys);
    } else {
        keys = enumerable_keys(vm, value);
        if (keys == VAL_EXCEPTION) return -1;
        n = list_count(vm, keys);
    }
    sb_append_char(&o->sb, '{');
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        k = list_items(vm, keys)[i];
        if (k == VAL_EMPTY) break;
        size_t mark = o->sb.len;
        if (any) sb_append_char(&o->sb, ',');
        if (o->gap_len) {
            sb_append_char(&o->sb, '\n');
            for (uint32_t q = 0; q < o->depth; q++) sb_append_string(&o->sb, o->gap);
        }
        Value ks = key_to_string(vm, k);
        if (ks == VAL_EXCEPTION) return -1;
        quote_string(vm, &o->sb, ks);
        sb_append_char(&o->sb, ':');
        if (o->gap_len) sb_append_char(&o->sb, ' ');
        int r = serialize_property(o, value, k, VAL_EMPTY);
        if (r < 0) return -1;
        if (r == 0) {
            /* undefined: drop what we wrote for this member (a widened buffer stays wide) */
            o->sb.len = mark;
            continue;
        }
        any = true;
    }
    json_leave(o);
    if (any && o->gap_len) {
        sb_append_char(&o->sb, '\n');
        for (uint32_t q = 0; q < o->depth; q++) sb_append_string(&o->sb, o->gap);
    }
    sb_append_char(&o->sb, '}');
    return 0;
}

/* SerializeJSONArray (25.5.2.6). */
static int serialize_array(JsonOut *o, Value value) {
    VM *vm = o->vm;
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &value);
    if (json_enter(o, value) < 0) return -1;
    uint64_t len;
    if (length_of_array_like(vm, value, &len) < 0) return -1;
    sb_append_char(&o->sb, '[');
    for (uint64_t i = 0; i < len; i++) {
        if (i > 0) sb_append_char(&o->sb, ',');
        out_indent(o);
        Value k = i <= 0x7FFFFFFF ? val_int((int32_t)i) : key_from_string(vm, str_from_int(vm, (int64_t)i));
        if (k == VAL_EXCEPTION) return -1;
        Value fast = VAL_EMPTY;
        if (obj_class(vm, value) == CLASS_ARRAY && i <= 0x7FFFFFFF) {
            Value e = array_get_fast(vm, value, (uint32_t)i);
            if (e != VAL_HOLE) fast = e;
        }
        int r = serialize_property(o, value, k, fast);
        if (r < 0) return -1;
        if (r == 0) sb_append_cstr(&o->sb, "null");
        if (o->sb.failed) break;
    }
    json_leave(o);
    if (len > 0) out_indent(o);
    sb_append_char(&o->sb, ']');
    return 0;
}

/* SerializeJSONProperty(key, holder) (25.5.2.2): appends the serialization and returns 1,
 * or returns 0 (undefined: nothing appended), or -1 on throw. value_in is the already-read
 * value (a plain data property) or VAL_EMPTY to read Get(holder, key). */
static int serialize_property_inner(JsonOut *o, Value holder, Value key, Value value_in) {
    VM *vm = o->vm;
    VM_ROOT_SCOPE(vm);
    Value value = value_in;
    vm_root(vm, &holder); vm_root(vm, &key); vm_root(vm, &value);
    if (value == VAL_EMPTY) {
        value = obj_get(vm, holder, key, holder);
        if (value == VAL_EXCEPTION) return -1;
    }
    if (val_is_object(value) || val_is_bigint(value)) {
        Value tj = obj_get_v(vm, value, ATOM(vm, toJSON));
        if (tj == VAL_EXCEPTION) return -1;
        if (vm_is_callable(vm, tj)) {
            Value ks = key_to_string(vm, key);
            if (ks == VAL_EXCEPTION) return -1;
            value = vm_call(vm, tj, value, 1, &ks);
            if (value == VAL_EXCEPTION) return -1;
        }
    }
    if (o->replacer != VAL_UNDEFINED) {
        Value ks = key_to_string(vm, key);
        if (ks == VAL_EXCEPTION) return -1;
        Value args[2] = { ks, value };
        value = vm_call(vm, o->replacer, holder, 2, args);
        if (value == VAL_EXCEPTION) return -1;
    }
    if (val_is_object(value)) {
        switch (obj_class(vm, value)) {
        case CLASS_RAW_JSON: {   /* frozen, null prototype: ! Get(value, "rawJSON") */
            Value key = atom_from_cstr(vm, "rawJSON");
            Value raw = key == VAL_EXCEPTION ? key : obj_get(vm, value, key, value);
            if (raw == VAL_EXCEPTION) return -1;
            sb_append_string(&o->sb, raw);
            return 1;
        }
        case CLASS_NUMBER: {
            Value n = to_number(vm, value);
            if (n == VAL_EXCEPTION) return -1;
            value = n;
            break;
        }
        case CLASS_STRING: {
            Value s = to_string(vm, value);
            if (s == VAL_EXCEPTION) return -1;
            value = s;
            break;
        }
        case CLASS_BOOLEAN: value = *obj_slot(vm, value, 0); break;
        case CLASS_BIGINT: value = *obj_slot(vm, value, 0); break;
        default: break;
        }
    }
    if (value == VAL_NULL) { sb_append_cstr(&o->sb, "null"); return 1; }
    if (value == VAL_TRUE) { sb_append_cstr(&o->sb, "true"); return 1; }
    if (value == VAL_FALSE) { sb_append_cstr(&o->sb, "false"); return 1; }
    if (val_is_string(value)) { quote_string(vm, &o->sb, value); return 1; }
    if (val_is_int(value)) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", val_to_int(value));
        sb_append_cstr(&o->sb, buf);
        return 1;
    }
    if (val_is_double(value)) {
        double d = val_as_double(value);
        if (d != d || d == INFINITY || d == -INFINITY) { sb_append_cstr(&o->sb, "null"); return 1; }
        char buf[40];
        num_to_string(d, buf);
        sb_append_cstr(&o->sb, buf);
        return 1;
    }
    if (val_is_bigint(value)) { vm_throw_type_error(vm, "Do not know how to serialize a BigInt"); return -1; }
    if (val_is_object(value) && !vm_is_callable(vm, value)) {
        int isarr = vm_is_array(vm, value);
        if (isarr < 0) return -1;
        if ((isarr ? serialize_array(o, value) : serialize_object(o, value)) < 0) return -1;
        return 1;
    }
    return 0;
}

/* SerializeJSONProperty with the C roots it registers released afterwards. */
static int serialize_property(JsonOut *o, Value holder, Value key, Value value_in) {
    size_t mark = o->vm->nroots;
    int r = serialize_property_inner(o, holder, key, value_in);
    o->vm->nroots = mark;
    return r;
}

/* JSON.stringify(value, replacer, space) (25.5.2). */
NATIVE(JSON_stringify) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    JsonOut o;
    o.vm = vm;
    o.replacer = VAL_UNDEFINED;
    o.plist = VAL_UNDEFINED;
    o.stack = VAL_UNDEFINED;
    o.depth = 0;
    o.gap = ATOM(vm, empty);
    o.gap_len = 0;
    Value value = ARG(0), replacer = ARG(1), space = ARG(2), v = VAL_UNDEFINED, wrapper = VAL_UNDEFINED;
    vm_root(vm, &o.replacer); vm_root(vm, &o.plist); vm_root(vm, &o.stack); vm_root(vm, &o.gap);
    vm_root(vm, &value); vm_root(vm, &replacer); vm_root(vm, &space); vm_root(vm, &v); vm_root(vm, &wrapper);
    if (val_is_object(replacer)) {
        if (vm_is_callable(vm, replacer)) o.replacer = replacer;
        else {
            int isarr = vm_is_array(vm, replacer);
            if (isarr < 0) return VAL_EXCEPTION;
            if (isarr) {
                uint64_t len;
                if (length_of_array_like(vm, replacer, &len) < 0) return VAL_EXCEPTION;
                if (len > 0x7FFFFFF) return vm_throw_range_error(vm, "Invalid array length");
                o.plist = list_new(vm, (uint32_t)len);
                if (o.plist == VAL_EXCEPTION) return VAL_EXCEPTION;
                uint32_t n = 0;
                for (uint64_t k = 0; k < len; k++) {
                    v = obj_get_index(vm, replacer, (uint32_t)k);
                    if (v == VAL_EXCEPTION) return v;
                    Value item = VAL_UNDEFINED;
                    if (val_is_string(v)) item = v;
                    else if (val_is_number(v)) item = to_string(vm, v);
                    else if (val_is_object(v) && (obj_class(vm, v) == CLASS_STRING || obj_class(vm, v) == CLASS_NUMBER))
                        item = to_string(vm, v);
                    if (item == VAL_EXCEPTION) return item;
                    if (item == VAL_UNDEFINED) continue;
                    item = key_from_string(vm, item);
                    if (item == VAL_EXCEPTION) return item;
                    Value *pl = list_items(vm, o.plist);
                    bool dup = false;
                    for (uint32_t q = 0; q < n; q++) if (pl[q] == item) { dup = true; break; }
                    if (!dup) pl[n++] = item;
                }
                /* shrink to n entries */
                Value np = list_new(vm, n);
                if (np == VAL_EXCEPTION) return np;
                memcpy(list_items(vm, np), list_items(vm, o.plist), n * sizeof(Value));
                o.plist = np;
            }
        }
    }
    if (val_is_object(space)) {
        if (obj_class(vm, space) == CLASS_NUMBER) { space = to_number(vm, space); if (space == VAL_EXCEPTION) return space; }
        else if (obj_class(vm, space) == CLASS_STRING) { space = to_string(vm, space); if (space == VAL_EXCEPTION) return space; }
    }
    if (val_is_number(space)) {
        double d = to_integer_double(num_value(space));
        int n = d > 10 ? 10 : d < 1 ? 0 : (int)d;
        if (n > 0) {
            o.gap = str_from_latin1(vm, (const uint8_t *)"          ", (size_t)n);
            if (o.gap == VAL_EXCEPTION) return VAL_EXCEPTION;
            o.gap_len = (uint32_t)n;
        }
    } else if (val_is_string(space)) {
        uint32_t n = str_length(vm, space);
        if (n > 10) n = 10;
        if (n > 0) {
            o.gap = str_substring(vm, space, 0, n);
            if (o.gap == VAL_EXCEPTION) return VAL_EXCEPTION;
            o.gap = str_flatten(vm, o.gap);
            if (o.gap == VAL_EXCEPTION) return VAL_EXCEPTION;
            o.gap_len = n;
        }
    }
    o.stack = list_new(vm, 16);
    if (o.stack == VAL_EXCEPTION) return VAL_EXCEPTION;
    wrapper = obj_new_plain(vm);
    if (wrapper == VAL_EXCEPTION) return wrapper;
    if (obj_define_fast(vm, wrapper, ATOM(vm, empty), value, PROP_DEFAULT) < 0) return VAL_EXCEPTION;
    sb_init(&o.sb, vm);
    int c_depth = vm->c_depth;
    int r = serialize_property(&o, wrapper, ATOM(vm, empty), value);
    vm->c_depth = c_depth;
    if (r < 0) { sb_free(&o.sb); return VAL_EXCEPTION; }
    if (r == 0) { sb_free(&o.sb); return VAL_UNDEFINED; }
    vm->meter += o.sb.len / 8;
    return sb_finish(&o.sb);
}

static const NativeDef json_defs[] = {
    { "parse", JSON_parse, 2, NDEF_METHOD, 0, 0 },
    { "stringify", JSON_stringify, 3, NDEF_METHOD, 0, 0 },
    { "rawJSON", JSON_rawJSON, 1, NDEF_METHOD, 0, 0 },
    { "isRawJSON", JSON_isRawJSON, 1, NDEF_METHOD, 0, 0 },
};

const NativeTable json_tables[] = {
    NATIVE_TABLE("JSON", json_defs),
};
const size_t json_tables_count = sizeof(json_tables) / sizeof(json_tables[0]);

static int init_json_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value json = obj_new_plain(vm);
    if (json == VAL_EXCEPTION) return -1;
    vm_root(vm, &json);
    if (vm_install(vm, json, json_defs, sizeof json_defs / sizeof json_defs[0]) < 0) return -1;
    Value tag = str_from_cstr(vm, "JSON");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, json, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    return vm_define_global(vm, "JSON", json);
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_json(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_json_body(vm);
    vm->nroots = root_mark;
    return r;
}
