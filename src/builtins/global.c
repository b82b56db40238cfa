/* global.c — value properties and functions of the global object (ECMA-262 19.1, 19.2):
 * globalThis, NaN, Infinity, undefined, isNaN, isFinite, parseInt / parseFloat (the same
 * function objects as Number.parseInt / Number.parseFloat, made by number.c), the URI
 * functions, Annex B escape / unescape, and the host output functions print and
 * console.log / error / warn / info / debug.
 *
 * Output: the arguments converted like String(x) (symbols print as "Symbol(desc)"), joined
 * by single spaces and terminated by "\n", are passed as one UTF-8 buffer (newline
 * included) to vm->print_hook when set, else written to stdout.
 */
#include <stdlib.h>
#include "builtins.h"

/* isNaN(number) / isFinite(number) (19.2.3, 19.2.2); magic 1 = isFinite. */
static Value global_isNaN(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                          Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    double d;
    if (to_number_double(vm, argv[0], &d) < 0) return VAL_EXCEPTION;
    if (magic) return val_bool(d == d && d - d == 0);
    return val_bool(d != d);
}

/* ---------------------------------------------------------------------------------------
 * URI handling (19.2.6)
 * ------------------------------------------------------------------------------------- */

/* Characters never escaped: ASCII word characters and "-.!~*'()". */
static int uri_always_unescaped(uint16_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
        return 1;
    return c != 0 && c < 128 && strchr("-.!~*'()", (int)c) != NULL;
}

/* uriReserved plus "#": the extra set of encodeURI and the preserved set of decodeURI. */
static int uri_reserved_or_hash(uint16_t c) {
    return c != 0 && c < 128 && strchr(";/?:@&=+$,#", (int)c) != NULL;
}

static const char uri_hex[] = "0123456789ABCDEF";

/* Appends "%XY" for byte b. */
static void uri_append_byte(StrBuilder *sb, unsigned b) {
    sb_append_char(sb, '%');
    sb_append_char(sb, (uint16_t)uri_hex[(b >> 4) & 15]);
    sb_append_char(sb, (uint16_t)uri_hex[b & 15]);
}

/* Encode(string, extraUnescaped) (19.2.6.5); magic 1 = encodeURI (reserved kept). */
static Value global_encodeURI(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                              Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint32_t k = 0; k < len; k++) {
        uint16_t c = str_at(vm, s, k);
        if (uri_always_unescaped(c) || (magic && uri_reserved_or_hash(c))) {
            sb_append_char(&sb, c);
            continue;
        }
        uint32_t cp = c;
        if (c >= 0xDC00 && c <= 0xDFFF) goto bad;
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (k + 1 >= len) goto bad;
            uint16_t d = str_at(vm, s, k + 1);
            if (d < 0xDC00 || d > 0xDFFF) goto bad;
            cp = 0x10000 + (((uint32_t)c - 0xD800) << 10) + ((uint32_t)d - 0xDC00);
            k++;
        }
        if (cp < 0x80) {
            uri_append_byte(&sb, cp);
        } else if (cp < 0x800) {
            uri_append_byte(&sb, 0xC0 | (cp >> 6));
            uri_append_byte(&sb, 0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            uri_append_byte(&sb, 0xE0 | (cp >> 12));
            uri_append_byte(&sb, 0x80 | ((cp >> 6) & 0x3F));
            uri_append_byte(&sb, 0x80 | (cp & 0x3F));
        } else {
            uri_append_byte(&sb, 0xF0 | (cp >> 18));
            uri_append_byte(&sb, 0x80 | ((cp >> 12) & 0x3F));
            uri_append_byte(&sb, 0x80 | ((cp >> 6) & 0x3F));
            uri_append_byte(&sb, 0x80 | (cp & 0x3F));
        }
    }
    return sb_finish(&sb);
bad:
    sb_free(&sb);
    return vm_throw_error(vm, ERR_URI, "URI malformed");
}

/* Value of a hex digit, or -1. */
static int uri_hex_value(uint16_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The byte of "%XY" at position k of flat string s (s[k] is '%'), or -1. */
static int uri_byte_at(VM *vm, Value s, uint32_t k, uint32_t len) {
    if (k + 2 >= len || str_at(vm, s, k) != '%') return -1;
    int h = uri_hex_value(str_at(vm, s, k + 1)), l = uri_hex_value(str_at(vm, s, k + 2));
    if (h < 0 || l < 0) return -1;
    return h * 16 + l;
}

/* Decode(string, preservedSet) (19.2.6.6); magic 1 = decodeURI (reserved kept escaped). */
static Value global_decodeURI(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                              Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint32_t k = 0; k < len; k++) {
        uint16_t c = str_at(vm, s, k);
        if (c != '%') { sb_append_char(&sb, c); continue; }
        uint32_t start = k;
        int b = uri_byte_at(vm, s, k, len);
        if (b < 0) goto bad;
        k += 2;
        if (b < 0x80) {
            if (magic && uri_reserved_or_hash((uint16_t)b)) {
                for (uint32_t i = start; i <= k; i++) sb_append_char(&sb, str_at(vm, s, i));
            } else {
                sb_append_char(&sb, (uint16_t)b);
            }
            continue;
        }
        int n;
        uint32_t cp, min;
        if ((b & 0xE0) == 0xC0) { n = 2; cp = (uint32_t)b & 0x1F; min = 0x80; }
        else if ((b & 0xF0) == 0xE0) { n = 3; cp = (uint32_t)b & 0x0F; min = 0x800; }
        else if ((b & 0xF8) == 0xF0) { n = 4; cp = (uint32_t)b & 0x07; min = 0x10000; }
        else goto bad;
        for (int j = 1; j < n; j++) {
            k++;
            int cb = uri_byte_at(vm, s, k, len);
            if (cb < 0 || (cb & 0xC0) != 0x80) goto bad;
            k += 2;
            cp = (cp << 6) | ((uint32_t)cb & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto bad;
        sb_append_codepoint(&sb, cp);
    }
    return sb_finish(&sb);
bad:
    sb_free(&sb);
    return vm_throw_error(vm, ERR_URI, "URI malformed");
}

/* escape(string) (B.2.1.1). */
static Value global_escape(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                           Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint32_t k = 0; k < len; k++) {
        uint16_t c = str_at(vm, s, k);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            (c < 128 && c != 0 && strchr("@*_+-./", (int)c))) {
            sb_append_char(&sb, c);
        } else if (c < 256) {
            uri_append_byte(&sb, c);
        } else {
            sb_append_cstr(&sb, "%u");
            for (int sh = 12; sh >= 0; sh -= 4) sb_append_char(&sb, (uint16_t)uri_hex[(c >> sh) & 15]);
        }
    }
    return sb_finish(&sb);
}

/* unescape(string) (B.2.1.2). */
static Value global_unescape(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                             Value func, int magic) {
    (void)this_val; (void)argc; (void)new_target; (void)func; (void)magic;
    Value s = to_string(vm, argv[0]);
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint32_t k = 0; k < len; k++) {
        uint16_t c = str_at(vm, s, k);
        if (c == '%') {
            if (k + 5 < len && str_at(vm, s, k + 1) == 'u') {
                int v = 0, ok = 1;
                for (uint32_t j = 2; j < 6; j++) {
                    int h = uri_hex_value(str_at(vm, s, k + j));
                    if (h < 0) { ok = 0; break; }
                    v = v * 16 + h;
                }
                if (ok) { sb_append_char(&sb, (uint16_t)v); k += 5; continue; }
            }
            if (k + 2 < len) {
                int h = uri_hex_value(str_at(vm, s, k + 1)), l = uri_hex_value(str_at(vm, s, k + 2));
                if (h >= 0 && l >= 0) { sb_append_char(&sb, (uint16_t)(h * 16 + l)); k += 2; continue; }
            }
        }
        sb_append_char(&sb, c);
    }
    return sb_finish(&sb);
}

/* ---------------------------------------------------------------------------------------
 * Host output: print and console.*
 * ------------------------------------------------------------------------------------- */

/* Writes one line (the arguments like String(x), space separated) to the output. */
static Value global_print(VM *vm, Value this_val, int argc, Value *argv, Value new_target,
                          Value func, int magic) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    StrBuilder sb;
    sb_init(&sb, vm);
    for (int i = 0; i < argc; i++) {
        if (i) sb_append_char(&sb, ' ');
        Value v = argv[i];
        if (val_is_symbol(v)) {
            Value desc = symbol_description(vm, v);
            sb_append_cstr(&sb, "Symbol(");
            if (val_is_string(desc)) sb_append_string(&sb, desc);
            sb_append_char(&sb, ')');
            continue;
        }
        v = to_string(vm, v);
        if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
        sb_append_string(&sb, v);
    }
    sb_append_char(&sb, '\n');
    Value line = sb_finish(&sb);
    if (line == VAL_EXCEPTION) return line;
    size_t n = 0;
    char *utf8 = str_to_utf8(vm, line, &n);
    if (!utf8) return vm_throw_out_of_memory(vm);
    if (vm->print_hook) vm->print_hook(vm, utf8, n);
    else fwrite(utf8, 1, n, stdout);
    free(utf8);
    return VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Tables and initialization
 * ------------------------------------------------------------------------------------- */

static const NativeDef global_defs[] = {
    { "isFinite", global_isNaN, 1, NDEF_METHOD, 1, 0 },
    { "isNaN", global_isNaN, 1, NDEF_METHOD, 0, 0 },
    { "decodeURI", global_decodeURI, 1, NDEF_METHOD, 1, 0 },
    { "decodeURIComponent", global_decodeURI, 1, NDEF_METHOD, 0, 0 },
    { "encodeURI", global_encodeURI, 1, NDEF_METHOD, 1, 0 },
    { "encodeURIComponent", global_encodeURI, 1, NDEF_METHOD, 0, 0 },
    { "escape", global_escape, 1, NDEF_METHOD, 0, 0 },
    { "unescape", global_unescape, 1, NDEF_METHOD, 0, 0 },
    { "print", global_print, 0, NDEF_METHOD, 0, 0 },
};

/* Every (function, magic) pair is distinct: a native function object finds its table entry
 * (and so its [[InitialName]] for Function.prototype.toString) by that pair; global_print
 * ignores magic. */
static const NativeDef console_defs[] = {
    { "log", global_print, 0, NDEF_METHOD, 5, 0 },
    { "error", global_print, 0, NDEF_METHOD, 1, 0 },
    { "warn", global_print, 0, NDEF_METHOD, 2, 0 },
    { "info", global_print, 0, NDEF_METHOD, 3, 0 },
    { "debug", global_print, 0, NDEF_METHOD, 4, 0 },
};

const NativeTable global_tables[] = {
    NATIVE_TABLE("global", global_defs),
    NATIVE_TABLE("console", console_defs),
};
const size_t global_tables_count = sizeof(global_tables) / sizeof(global_tables[0]);

/* Defines a constant global (non-writable, non-enumerable, non-configurable). */
static int global_const(VM *vm, Value global, AtomId name, Value v) {
    return obj_define_fast(vm, global, vm_atom(vm, name), v, 0);
}

/* Copies the data property `name` of `from` to the global object (same function object). */
static int global_copy(VM *vm, Value from, const char *name) {
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    PropDesc d;
    if (!val_is_object(from) || ordinary_get_own_property(vm, from, key, &d) != 1) return 0;
    return vm_define_global(vm, name, d.value);
}

/* Fills the global object: functions, constants, globalThis, console. */
int init_global(VM *vm) {
    Value global = vm_intrinsic(vm, INTR_GlobalObject);
    if (!val_is_object(global)) return -1;
    if (vm_install(vm, global, global_defs, sizeof(global_defs) / sizeof(global_defs[0])) < 0)
        return -1;
    if (global_const(vm, global, ATOM_NaN, VAL_NAN_BITS) < 0 ||
        global_const(vm, global, ATOM_Infinity, val_double(1.0 / 0.0)) < 0 ||
        global_const(vm, global, ATOM_undefined, VAL_UNDEFINED) < 0)
        return -1;
    Value this_value = vm_intrinsic(vm, INTR_GlobalThisValue);
    if (!val_is_object(this_value)) this_value = global;
    if (vm_define_global(vm, "globalThis", this_value) < 0) return -1;
    Value number = vm_intrinsic(vm, INTR_Number);
    if (global_copy(vm, number, "parseInt") < 0 || global_copy(vm, number, "parseFloat") < 0)
        return -1;
    Value console = obj_new_plain(vm);
    if (console == VAL_EXCEPTION) return -1;
    if (vm_install(vm, console, console_defs, sizeof(console_defs) / sizeof(console_defs[0])) < 0)
        return -1;
    return vm_define_global(vm, "console", console);
}
