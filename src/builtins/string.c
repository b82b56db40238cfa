/* string.c — the String constructor, String.prototype and %StringIteratorPrototype%
 * (ECMA-262 22.1, Annex B.2.2).
 *
 * Strings are worked on in flat form (str_flatten); C pointers to characters are re-derived
 * after anything that may run JavaScript (argument conversions, callbacks).
 *
 * localeCompare is deterministic and locale-free: both strings are brought to NFC and then
 * compared by UTF-16 code units (so canonically equivalent strings compare equal).
 * toLocaleLowerCase / toLocaleUpperCase are toLowerCase / toUpperCase (no locale).
 *
 * String iterators are CLASS_ITERATOR objects: [0] the string (undefined once done),
 * [1] next index, [2] ITER_STRING_BASE.
 */
#include <math.h>
#include <stdlib.h>
#include "builtins.h"
#include "../unicode.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define ITER_STRING_BASE 0x400
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

/* RequireObjectCoercible(this) + ToString, flattened. */
static Value this_str(VM *vm, Value this_val, const char *name) {
    if (val_is_nullish(this_val))
        return vm_throw_type_error(vm, "String.prototype.%s called on null or undefined", name);
    Value s = val_is_string(this_val) ? this_val : to_string(vm, this_val);
    if (s == VAL_EXCEPTION) return s;
    return str_flatten(vm, s);
}

/* ToString(v), flattened. */
static Value to_flat_string(VM *vm, Value v) {
    Value s = val_is_string(v) ? v : to_string(vm, v);
    if (s == VAL_EXCEPTION) return s;
    return str_flatten(vm, s);
}

/* ToIntegerOrInfinity with an int fast path. -1 on throw. */
static int to_int_inf(VM *vm, Value v, double *out) {
    if (val_is_int(v)) { *out = val_to_int(v); return 0; }
    if (v == VAL_UNDEFINED) { *out = 0; return 0; }
    return to_integer_or_infinity(vm, v, out);
}

/* Clamp d into [lo, hi]. */
static double clampd(double d, double lo, double hi) { return d < lo ? lo : d > hi ? hi : d; }

/* Whether flat string s has `needle` at index pos (flat both). */
static bool str_match_at(VM *vm, Value s, uint32_t pos, Value needle) {
    uint32_t n = str_header(vm, needle)->len;
    if (pos + (uint64_t)n > str_header(vm, s)->len) return false;
    for (uint32_t i = 0; i < n; i++) if (str_at(vm, s, pos + i) != str_at(vm, needle, i)) return false;
    return true;
}

/* A malloc'd UTF-16 copy of flat string s (NULL on OOM). */
static uint16_t *utf16_copy(VM *vm, Value s, uint32_t *len) {
    uint32_t n = str_header(vm, s)->len;
    uint16_t *b = malloc((size_t)(n ? n : 1) * 2);
    if (!b) return NULL;
    if (str_is_latin1(vm, s)) { const uint8_t *p = str_latin1(vm, s); for (uint32_t i = 0; i < n; i++) b[i] = p[i]; }
    else memcpy(b, str_utf16(vm, s), (size_t)n * 2);
    *len = n;
    return b;
}

static bool is_trim_space(uint32_t c) {
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13);
    return uni_is_space(c) || uni_is_line_terminator(c);
}

/* The RegExp constructor (for match/search/matchAll), or a TypeError. */
static Value regexp_create(VM *vm, Value pattern, Value flags) {
    Value re = vm_intrinsic(vm, INTR_RegExp);
    if (!val_is_object(re)) return vm_throw_type_error(vm, "RegExp is not available");
    Value args[2] = { pattern, flags };
    return vm_construct(vm, re, 2, args, re);
}

/* ---------------------------------------------------------------------------------------
 * The String constructor and static methods
 * ------------------------------------------------------------------------------------- */

/* String(value) (22.1.1.1). */
NATIVE(String_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic;
    vm_root(vm, &new_target);   /* ToString below may run JavaScript (and collect) */
    Value s;
    if (argc == 0) s = ATOM(vm, empty);
    else if (new_target == VAL_UNDEFINED && val_is_symbol(argv[0])) {
        Value d = symbol_description(vm, argv[0]);
        StrBuilder sb;
        sb_init(&sb, vm);
        sb_append_cstr(&sb, "Symbol(");
        if (d != VAL_UNDEFINED) sb_append_string(&sb, d);
        sb_append_char(&sb, ')');
        return sb_finish(&sb);
    } else {
        s = to_string(vm, argv[0]);
        if (s == VAL_EXCEPTION) return s;
    }
    if (new_target == VAL_UNDEFINED) return s;
    vm_root(vm, &s);
    Value proto = get_prototype_from_constructor(vm, new_target, INTR_StringPrototype);
    if (proto == VAL_EXCEPTION) return proto;
    Value o = obj_new(vm, proto, CLASS_STRING);
    if (o == VAL_EXCEPTION) return o;
    *obj_slot(vm, o, 0) = s;
    return o;
}

/* String.fromCharCode(...codeUnits). */
NATIVE(String_fromCharCode) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    if (argc == 1 && val_is_int(argv[0])) return str_from_char(vm, (uint16_t)val_to_int(argv[0]));
    StrBuilder sb;
    sb_init(&sb, vm);
    for (int i = 0; i < argc; i++) {
        uint32_t u;
        if (val_is_int(argv[i])) u = (uint32_t)val_to_int(argv[i]);
        else if (to_uint32(vm, argv[i], &u) < 0) { sb_free(&sb); return VAL_EXCEPTION; }
        sb_append_char(&sb, (uint16_t)u);
    }
    vm->meter += (uint64_t)argc;
    return sb_finish(&sb);
}

/* String.fromCodePoint(...codePoints). */
NATIVE(String_fromCodePoint) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    StrBuilder sb;
    sb_init(&sb, vm);
    for (int i = 0; i < argc; i++) {
        double d;
        if (val_is_int(argv[i])) d = val_to_int(argv[i]);
        else {
            Value n = to_number(vm, argv[i]);
            if (n == VAL_EXCEPTION) { sb_free(&sb); return n; }
            d = num_value(n);
        }
        if (d != floor(d) || d < 0 || d > 0x10FFFF) {
            sb_free(&sb);
            Value n = val_number(d);
            Value ds = number_to_string(vm, n);
            if (ds == VAL_EXCEPTION) return ds;
            char *u = str_to_utf8(vm, ds, NULL);
            Value r = vm_throw_range_error(vm, "Invalid code point %s", u ? u : "?");
            free(u);
            return r;
        }
        sb_append_codepoint(&sb, (uint32_t)d);
    }
    vm->meter += (uint64_t)argc;
    return sb_finish(&sb);
}

/* String.raw(template, ...substitutions). */
NATIVE(String_raw) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value cooked = to_object(vm, ARG(0)), raw = VAL_UNDEFINED, v = VAL_UNDEFINED;
    if (cooked == VAL_EXCEPTION) return cooked;
    vm_root(vm, &cooked); vm_root(vm, &raw); vm_root(vm, &v);
    raw = obj_get_atom(vm, cooked, ATOM_raw);
    if (raw == VAL_EXCEPTION) return raw;
    raw = to_object(vm, raw);
    if (raw == VAL_EXCEPTION) return raw;
    uint64_t n;
    if (length_of_array_like(vm, raw, &n) < 0) return VAL_EXCEPTION;
    if (n == 0) return ATOM(vm, empty);
    StrBuilder sb;
    sb_init(&sb, vm);
    for (uint64_t i = 0;; i++) {
        Value key = i <= 0x7FFFFFFF ? val_int((int32_t)i) : key_from_string(vm, str_from_int(vm, (int64_t)i));
        v = obj_get(vm, raw, key, raw);
        if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
        v = to_string(vm, v);
        if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
        sb_append_string(&sb, v);
        if (i + 1 == n) break;
        if (i + 1 < (uint64_t)argc) {
            v = to_string(vm, argv[i + 1]);
            if (v == VAL_EXCEPTION) { sb_free(&sb); return v; }
            sb_append_string(&sb, v);
        }
    }
    return sb_finish(&sb);
}

/* ---------------------------------------------------------------------------------------
 * Character access
 * ------------------------------------------------------------------------------------- */

/* String.prototype.at(index). */
NATIVE(String_prototype_at) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "at");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    double rel;
    if (to_int_inf(vm, ARG(0), &rel) < 0) return VAL_EXCEPTION;
    uint32_t len = str_header(vm, s)->len;
    double k = rel >= 0 ? rel : len + rel;
    if (k < 0 || k >= len) return VAL_UNDEFINED;
    return str_from_char(vm, str_at(vm, s, (uint32_t)k));
}

/* String.prototype.charAt / charCodeAt / codePointAt (magic 0 / 1 / 2). */
NATIVE(String_prototype_charAt) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    static const char *names[] = { "charAt", "charCodeAt", "codePointAt" };
    Value s;
    if (val_is_string(this_val) && str_is_flat(vm, this_val)) s = this_val;
    else s = this_str(vm, this_val, names[magic]);
    if (s == VAL_EXCEPTION) return s;
    double pos;
    Value p = ARG(0);
    if (val_is_int(p)) pos = val_to_int(p);
    else {
        vm_root(vm, &s);
        if (to_int_inf(vm, p, &pos) < 0) return VAL_EXCEPTION;
    }
    uint32_t len = str_header(vm, s)->len;
    if (pos < 0 || pos >= len) return magic == 0 ? ATOM(vm, empty) : magic == 1 ? VAL_NAN_BITS : VAL_UNDEFINED;
    uint32_t i = (uint32_t)pos;
    if (magic == 0) return str_from_char(vm, str_at(vm, s, i));
    if (magic == 1) return val_int(str_at(vm, s, i));
    uint32_t units;
    return val_int((int32_t)str_codepoint_at(vm, s, i, &units));
}

/* String.prototype.concat(...args). */
NATIVE(String_prototype_concat) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value r = this_str(vm, this_val, "concat");
    if (r == VAL_EXCEPTION) return r;
    vm_root(vm, &r);
    for (int i = 0; i < argc; i++) {
        Value a = to_string(vm, argv[i]);
        if (a == VAL_EXCEPTION) return a;
        r = str_concat(vm, r, a);
        if (r == VAL_EXCEPTION) return r;
    }
    return r;
}

/* ---------------------------------------------------------------------------------------
 * Searching
 * ------------------------------------------------------------------------------------- */

/* startsWith / endsWith / includes (magic 0 / 1 / 2). */
NATIVE(String_prototype_startsWith) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    static const char *names[] = { "startsWith", "endsWith", "includes" };
    Value s = this_str(vm, this_val, names[magic]), search = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &search);
    int re = is_regexp(vm, ARG(0));
    if (re < 0) return VAL_EXCEPTION;
    if (re) return vm_throw_type_error(vm, "First argument to String.prototype.%s must not be a regular expression", names[magic]);
    search = to_flat_string(vm, ARG(0));
    if (search == VAL_EXCEPTION) return search;
    uint32_t len = str_header(vm, s)->len;
    double pos;
    if (magic == 1) {
        if (ARG(1) == VAL_UNDEFINED) pos = len;
        else if (to_int_inf(vm, argv[1], &pos) < 0) return VAL_EXCEPTION;
    } else if (to_int_inf(vm, ARG(1), &pos) < 0) return VAL_EXCEPTION;
    uint32_t p = (uint32_t)clampd(pos, 0, len);
    uint32_t sl = str_header(vm, search)->len;
    if (magic == 0) return val_bool(str_match_at(vm, s, p, search));
    if (magic == 1) return val_bool(sl <= p && str_match_at(vm, s, p - sl, search));
    vm->meter += len;
    return val_bool(str_index_of(vm, s, search, p) >= 0);
}

/* String.prototype.indexOf(searchString, position). */
NATIVE(String_prototype_indexOf) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "indexOf"), search = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &search);
    search = to_flat_string(vm, ARG(0));
    if (search == VAL_EXCEPTION) return search;
    double pos;
    if (to_int_inf(vm, ARG(1), &pos) < 0) return VAL_EXCEPTION;
    uint32_t len = str_header(vm, s)->len;
    vm->meter += len / 8;
    return val_number((double)str_index_of(vm, s, search, (uint32_t)clampd(pos, 0, len)));
}

/* String.prototype.lastIndexOf(searchString, position). */
NATIVE(String_prototype_lastIndexOf) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "lastIndexOf"), search = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &search);
    search = to_flat_string(vm, ARG(0));
    if (search == VAL_EXCEPTION) return search;
    double num;
    if (to_number_double(vm, ARG(1), &num) < 0) return VAL_EXCEPTION;
    double pos = num != num ? INFINITY : to_integer_double(num);
    uint32_t len = str_header(vm, s)->len, sl = str_header(vm, search)->len;
    if (sl > len) return val_int(-1);
    double start = clampd(pos, 0, len - sl);
    for (int64_t i = (int64_t)start; i >= 0; i--)
        if (str_match_at(vm, s, (uint32_t)i, search)) return val_number((double)i);
    return val_int(-1);
}

/* ---------------------------------------------------------------------------------------
 * Unicode: isWellFormed, toWellFormed, normalize, case mapping, localeCompare
 * ------------------------------------------------------------------------------------- */

/* String.prototype.isWellFormed / toWellFormed (magic 0 / 1). */
NATIVE(String_prototype_isWellFormed) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    Value s = this_str(vm, this_val, magic ? "toWellFormed" : "isWellFormed");
    if (s == VAL_EXCEPTION) return s;
    if (str_is_latin1(vm, s)) return magic ? s : VAL_TRUE;
    uint32_t n = str_header(vm, s)->len, i = 0;
    const uint16_t *p = str_utf16(vm, s);
    for (; i < n; i++) {
        uint16_t c = p[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF) { i++; continue; }
        if (c >= 0xD800 && c <= 0xDFFF) break;
    }
    if (i == n) return magic ? s : VAL_TRUE;
    if (!magic) return VAL_FALSE;
    uint16_t *out;
    Value r = str_alloc_utf16(vm, n, &out);
    if (r == VAL_EXCEPTION) return r;
    p = str_utf16(vm, s);
    for (i = 0; i < n; i++) {
        uint16_t c = p[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF) {
            out[i] = c; out[i + 1] = p[i + 1]; i++; continue;
        }
        out[i] = (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
    }
    return r;
}

/* Normalize flat string s to form (enum uni_nf). */
static Value normalize_str(VM *vm, Value s, int form) {
    uint32_t n = str_header(vm, s)->len;
    if (str_is_latin1(vm, s)) {
        const uint8_t *p = str_latin1(vm, s);
        uint32_t i = 0;
        while (i < n && p[i] < 0x80) i++;
        if (i == n || form == UNI_NFC) return s;  /* Latin-1 text is always in NFC */
    }
    uint32_t len;
    uint16_t *b = utf16_copy(vm, s, &len);
    if (!b) return vm_throw_out_of_memory(vm);
    uint16_t *out = NULL;
    size_t olen = 0;
    int rc = uni_normalize(b, len, form, &out, &olen);
    free(b);
    if (rc) return vm_throw_out_of_memory(vm);
    vm->meter += len;
    Value r = str_from_utf16(vm, out, olen);
    free(out);
    return r;
}

/* String.prototype.normalize(form). */
NATIVE(String_prototype_normalize) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "normalize");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    int form = UNI_NFC;
    if (ARG(0) != VAL_UNDEFINED) {
        Value f = to_flat_string(vm, argv[0]);
        if (f == VAL_EXCEPTION) return f;
        static const char *forms[] = { "NFC", "NFD", "NFKC", "NFKD" };
        static const int ids[] = { UNI_NFC, UNI_NFD, UNI_NFKC, UNI_NFKD };
        form = -1;
        for (int i = 0; i < 4; i++) {
            size_t fl = strlen(forms[i]);
            if (str_header(vm, f)->len != fl) continue;
            size_t j = 0;
            while (j < fl && str_at(vm, f, (uint32_t)j) == (uint16_t)forms[i][j]) j++;
            if (j == fl) { form = ids[i]; break; }
        }
        if (form < 0) return vm_throw_range_error(vm, "The normalization form should be one of NFC, NFD, NFKC, NFKD.");
    }
    return normalize_str(vm, s, form);
}

/* toLowerCase / toUpperCase (magic 0 lower, 1 upper; +2 for the toLocale* names). */
NATIVE(String_prototype_toLowerCase) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    static const char *names[] = { "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase" };
    Value s = this_str(vm, this_val, names[magic]);
    if (s == VAL_EXCEPTION) return s;
    int upper = magic & 1;
    uint32_t n = str_header(vm, s)->len;
    vm->meter += n;
    if (str_is_latin1(vm, s)) {
        const uint8_t *p = str_latin1(vm, s);
        uint32_t i = 0;
        bool change = false;
        for (; i < n; i++) {
            uint8_t c = p[i];
            if (c >= 0x80) break;
            if (upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) change = true;
        }
        if (i == n) {
            if (!change) return s;
            uint8_t *out;
            Value r = str_alloc_latin1(vm, n, &out);
            if (r == VAL_EXCEPTION) return r;
            p = str_latin1(vm, s);
            for (i = 0; i < n; i++) {
                uint8_t c = p[i];
                if (upper && c >= 'a' && c <= 'z') c -= 32;
                else if (!upper && c >= 'A' && c <= 'Z') c += 32;
                out[i] = c;
            }
            return r;
        }
    }
    uint32_t len;
    uint16_t *b = utf16_copy(vm, s, &len);
    if (!b) return vm_throw_out_of_memory(vm);
    uint16_t *out = malloc((size_t)(len ? len : 1) * 3 * sizeof(uint16_t));
    if (!out) { free(b); return vm_throw_out_of_memory(vm); }
    size_t olen = upper ? uni_to_upper_utf16(b, len, out) : uni_to_lower_utf16(b, len, out);
    free(b);
    Value r = olen > STR_MAX_LEN ? vm_throw_range_error(vm, "Invalid string length") : str_from_utf16(vm, out, olen);
    free(out);
    return r;
}

/* String.prototype.localeCompare(that): NFC, then code-unit order (deterministic). */
NATIVE(String_prototype_localeCompare) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "localeCompare"), t = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &t);
    t = to_flat_string(vm, ARG(0));
    if (t == VAL_EXCEPTION) return t;
    s = normalize_str(vm, s, UNI_NFC);
    if (s == VAL_EXCEPTION) return s;
    t = normalize_str(vm, t, UNI_NFC);
    if (t == VAL_EXCEPTION) return t;
    int c = str_compare(vm, s, t);
    return val_int(c < 0 ? -1 : c > 0 ? 1 : 0);
}

/* ---------------------------------------------------------------------------------------
 * Building: padStart/padEnd, repeat, slice, substring, substr, trim
 * ------------------------------------------------------------------------------------- */

/* String.prototype.padStart / padEnd (magic 0 start, 1 end). */
NATIVE(String_prototype_padStart) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    Value s = this_str(vm, this_val, magic ? "padEnd" : "padStart"), fill = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &fill);
    uint64_t max;
    if (to_length(vm, ARG(0), &max) < 0) return VAL_EXCEPTION;
    uint32_t len = str_header(vm, s)->len;
    if (max <= len) return s;
    if (ARG(1) == VAL_UNDEFINED) fill = str_from_char(vm, ' ');
    else fill = to_flat_string(vm, argv[1]);
    if (fill == VAL_EXCEPTION) return fill;
    uint32_t fl = str_header(vm, fill)->len;
    if (fl == 0) return s;
    if (max > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    uint64_t padlen = max - len;
    StrBuilder sb;
    sb_init(&sb, vm);
    if (magic) sb_append_string(&sb, s);
    for (uint64_t i = 0; i < padlen && !sb.failed; i += fl) {
        uint64_t take = padlen - i < fl ? padlen - i : fl;
        if (take == fl) sb_append_string(&sb, fill);
        else for (uint32_t j = 0; j < take; j++) sb_append_char(&sb, str_at(vm, fill, j));
    }
    if (!magic) sb_append_string(&sb, s);
    vm->meter += max;
    return sb_finish(&sb);
}

/* String.prototype.repeat(count). */
NATIVE(String_prototype_repeat) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "repeat");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    double n;
    if (to_int_inf(vm, ARG(0), &n) < 0) return VAL_EXCEPTION;
    if (n < 0 || n == INFINITY) {
        char buf[32];
        if (n == INFINITY) snprintf(buf, sizeof buf, "Infinity");
        else snprintf(buf, sizeof buf, "%.0f", n);
        return vm_throw_range_error(vm, "Invalid count value: %s", buf);
    }
    uint32_t len = str_header(vm, s)->len;
    if (n == 0 || len == 0) return ATOM(vm, empty);
    if ((double)len * n > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    uint64_t total = (uint64_t)(len * n);
    vm->meter += total;
    if (str_is_latin1(vm, s)) {
        uint8_t *out;
        Value r = str_alloc_latin1(vm, total, &out);
        if (r == VAL_EXCEPTION) return r;
        const uint8_t *p = str_latin1(vm, s);
        if (len == 1) memset(out, p[0], total);
        else {
            memcpy(out, p, len);
            uint64_t done = len;
            while (done < total) {
                uint64_t c = done < total - done ? done : total - done;
                memcpy(out + done, out, c);
                done += c;
            }
        }
        return r;
    }
    uint16_t *out;
    Value r = str_alloc_utf16(vm, total, &out);
    if (r == VAL_EXCEPTION) return r;
    memcpy(out, str_utf16(vm, s), (size_t)len * 2);
    uint64_t done = len;
    while (done < total) {
        uint64_t c = done < total - done ? done : total - done;
        memcpy(out + done, out, c * 2);
        done += c;
    }
    return r;
}

/* String.prototype.slice(start, end). */
NATIVE(String_prototype_slice) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "slice");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    uint32_t len = str_header(vm, s)->len;
    double a, b = len;
    if (to_int_inf(vm, ARG(0), &a) < 0) return VAL_EXCEPTION;
    if (ARG(1) != VAL_UNDEFINED && to_int_inf(vm, argv[1], &b) < 0) return VAL_EXCEPTION;
    double from = a < 0 ? fmax(len + a, 0) : fmin(a, len);
    double to = b < 0 ? fmax(len + b, 0) : fmin(b, len);
    if (from >= to) return ATOM(vm, empty);
    return str_substring(vm, s, (uint32_t)from, (uint32_t)to);
}

/* String.prototype.substring(start, end). */
NATIVE(String_prototype_substring) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "substring");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    uint32_t len = str_header(vm, s)->len;
    double a, b = len;
    if (to_int_inf(vm, ARG(0), &a) < 0) return VAL_EXCEPTION;
    if (ARG(1) != VAL_UNDEFINED && to_int_inf(vm, argv[1], &b) < 0) return VAL_EXCEPTION;
    a = clampd(a, 0, len); b = clampd(b, 0, len);
    if (a > b) { double t = a; a = b; b = t; }
    return str_substring(vm, s, (uint32_t)a, (uint32_t)b);
}

/* String.prototype.substr(start, length) (Annex B). */
NATIVE(String_prototype_substr) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "substr");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    uint32_t size = str_header(vm, s)->len;
    double start, length = size;
    if (to_int_inf(vm, ARG(0), &start) < 0) return VAL_EXCEPTION;
    if (start == -INFINITY) start = 0;
    else if (start < 0) start = fmax(size + start, 0);
    else start = fmin(start, size);
    if (ARG(1) != VAL_UNDEFINED && to_int_inf(vm, argv[1], &length) < 0) return VAL_EXCEPTION;
    double end = fmin(start + length, size);
    if (start >= end) return ATOM(vm, empty);
    return str_substring(vm, s, (uint32_t)start, (uint32_t)end);
}

/* trim / trimStart / trimEnd (magic bit0 = start, bit1 = end). */
NATIVE(String_prototype_trim) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    Value s = this_str(vm, this_val, magic == 3 ? "trim" : magic == 1 ? "trimStart" : "trimEnd");
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_header(vm, s)->len, a = 0, b = len;
    if (magic & 1) while (a < b && is_trim_space(str_at(vm, s, a))) a++;
    if (magic & 2) while (b > a && is_trim_space(str_at(vm, s, b - 1))) b--;
    return str_substring(vm, s, a, b);
}

/* thisStringValue: toString / valueOf. */
NATIVE(String_prototype_valueOf) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    if (val_is_string(this_val)) return this_val;
    if (val_is_object(this_val) && obj_class(vm, this_val) == CLASS_STRING) return *obj_slot(vm, this_val, 0);
    return vm_throw_type_error(vm, "String.prototype.%s requires that 'this' be a String", magic ? "valueOf" : "toString");
}

/* ---------------------------------------------------------------------------------------
 * replace / replaceAll / split / match / matchAll / search
 * ------------------------------------------------------------------------------------- */

/* GetSubstitution (22.1.3.19.1): append the expansion of template `repl` to sb.
 * captures[0, ncap) are the capture Values (undefined or strings), rooted by the caller;
 * named is the named-captures object or undefined. -1 on throw (sb left to the caller). */
static int get_substitution_inner(VM *vm, StrBuilder *sb, Value matched, Value str, uint32_t position,
                                  const Value *captures, int ncap, Value named, Value repl);
static int get_substitution(VM *vm, StrBuilder *sb, Value matched, Value str, uint32_t position,
                            const Value *captures, int ncap, Value named, Value repl) {
    size_t mark = vm->nroots;
    int r = get_substitution_inner(vm, sb, matched, str, position, captures, ncap, named, repl);
    vm->nroots = mark;
    return r;
}
static int get_substitution_inner(VM *vm, StrBuilder *sb, Value matched, Value str, uint32_t position,
                                  const Value *captures, int ncap, Value named, Value repl) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &matched); vm_root(vm, &str); vm_root(vm, &named); vm_root(vm, &repl);
    uint32_t rl = str_header(vm, repl)->len, slen = str_header(vm, str)->len;
    uint32_t mlen = str_length(vm, matched);
    uint32_t i = 0;
    while (i < rl) {
        uint16_t c = str_at(vm, repl, i);
        if (c != '$' || i + 1 >= rl) { sb_append_char(sb, c); i++; continue; }
        uint16_t d = str_at(vm, repl, i + 1);
        if (d == '$') { sb_append_char(sb, '$'); i += 2; }
        else if (d == '&') { sb_append_string(sb, matched); i += 2; }
        else if (d == '`') {
            Value pre = str_substring(vm, str, 0, position);
            if (pre == VAL_EXCEPTION) return -1;
            sb_append_string(sb, pre);
            i += 2;
        } else if (d == '\'') {
            uint32_t tail = position + mlen < slen ? position + mlen : slen;
            Value post = str_substring(vm, str, tail, slen);
            if (post == VAL_EXCEPTION) return -1;
            sb_append_string(sb, post);
            i += 2;
        } else if (d >= '0' && d <= '9') {
            int digits = (i + 2 < rl && str_at(vm, repl, i + 2) >= '0' && str_at(vm, repl, i + 2) <= '9') ? 2 : 1;
            int index = digits == 2 ? (d - '0') * 10 + (str_at(vm, repl, i + 2) - '0') : d - '0';
            if (digits == 2 && index > ncap) { digits = 1; index = d - '0'; }
            if (index >= 1 && index <= ncap) {
                Value cap = captures[index - 1];
                if (cap != VAL_UNDEFINED) sb_append_string(sb, cap);
            } else {
                for (int k = 0; k <= digits; k++) sb_append_char(sb, str_at(vm, repl, i + (uint32_t)k));
            }
            i += 1 + (uint32_t)digits;
        } else if (d == '<') {
            uint32_t gt = i + 2;
            while (gt < rl && str_at(vm, repl, gt) != '>') gt++;
            if (gt >= rl || named == VAL_UNDEFINED) { sb_append_char(sb, '$'); sb_append_char(sb, '<'); i += 2; continue; }
            Value name = str_substring(vm, repl, i + 2, gt);
            if (name == VAL_EXCEPTION) return -1;
            Value key = key_from_string(vm, name);
            if (key == VAL_EXCEPTION) return -1;
            Value cap = obj_get(vm, named, key, named);
            if (cap == VAL_EXCEPTION) return -1;
            if (cap != VAL_UNDEFINED) {
                cap = to_string(vm, cap);
                if (cap == VAL_EXCEPTION) return -1;
                sb_append_string(sb, cap);
            }
            i = gt + 1;
        } else { sb_append_char(sb, '$'); i++; }
    }
    return 0;
}

/* Exported for the RegExp family: GetSubstitution into a new string. */
Value string_get_substitution(VM *vm, Value matched, Value str, uint32_t position,
                              const Value *captures, int ncap, Value named, Value repl);
Value string_get_substitution(VM *vm, Value matched, Value str, uint32_t position,
                              const Value *captures, int ncap, Value named, Value repl) {
    StrBuilder sb;
    sb_init(&sb, vm);
    str = str_flatten(vm, str);
    repl = str_flatten(vm, repl);
    if (str == VAL_EXCEPTION || repl == VAL_EXCEPTION) { sb_free(&sb); return VAL_EXCEPTION; }
    if (get_substitution(vm, &sb, matched, str, position, captures, ncap, named, repl) < 0) { sb_free(&sb); return VAL_EXCEPTION; }
    return sb_finish(&sb);
}

/* If v is not nullish and has method `sym`, call it (this = v) with args; *called = 1. */
static Value delegate_body(VM *vm, Value v, WellKnownSymbol sym, int nargs, Value *args, int *called) {
    VM_ROOT_SCOPE(vm);
    *called = 0;
    if (!val_is_object(v)) return VAL_UNDEFINED;   /* only objects are asked (ES2025) */
    vm_root(vm, &v);
    for (int i = 0; i < nargs; i++) vm_root(vm, &args[i]);
    Value m = obj_get_method(vm, v, vm_wks(vm, sym));
    if (m == VAL_EXCEPTION) { *called = 1; return m; }
    if (m == VAL_UNDEFINED) return VAL_UNDEFINED;
    *called = 1;
    return vm_call(vm, m, v, nargs, args);
}

/* delegate with the C roots it registers released on return. */
static Value delegate(VM *vm, Value v, WellKnownSymbol sym, int nargs, Value *args, int *called) {
    size_t root_mark = vm->nroots;
    Value r = delegate_body(vm, v, sym, nargs, args, called);
    vm->nroots = root_mark;
    return r;
}

/* String.prototype.replace / replaceAll (magic 0 / 1). */
NATIVE(String_prototype_replace) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    const char *name = magic ? "replaceAll" : "replace";
    if (val_is_nullish(this_val)) return vm_throw_type_error(vm, "String.prototype.%s called on null or undefined", name);
    vm_root(vm, &this_val);
    Value sv = ARG(0), rv = ARG(1), s = VAL_UNDEFINED, search = VAL_UNDEFINED, pos_list = VAL_UNDEFINED;
    vm_root(vm, &sv); vm_root(vm, &rv); vm_root(vm, &s); vm_root(vm, &search); vm_root(vm, &pos_list);
    if (!val_is_nullish(sv)) {
        if (magic) {
            int re = is_regexp(vm, sv);
            if (re < 0) return VAL_EXCEPTION;
            if (re) {
                Value flags = obj_get_atom(vm, sv, ATOM_flags);
                if (flags == VAL_EXCEPTION) return flags;
                if (val_is_nullish(flags)) return vm_throw_type_error(vm, "String.prototype.replaceAll called with a non-global RegExp argument");
                flags = to_flat_string(vm, flags);
                if (flags == VAL_EXCEPTION) return flags;
                bool g = false;
                for (uint32_t i = 0; i < str_header(vm, flags)->len; i++) if (str_at(vm, flags, i) == 'g') g = true;
                if (!g) return vm_throw_type_error(vm, "replaceAll must be called with a global RegExp");
            }
        }
        int called;
        Value args[2] = { this_val, rv };
        Value r = delegate(vm, sv, WKS_replace, 2, args, &called);
        if (called) return r;
    }
    s = to_flat_string(vm, this_val);
    if (s == VAL_EXCEPTION) return s;
    search = to_flat_string(vm, sv);
    if (search == VAL_EXCEPTION) return search;
    bool functional = vm_is_callable(vm, rv);
    if (!functional) {
        rv = to_flat_string(vm, rv);
        if (rv == VAL_EXCEPTION) return rv;
    }
    uint32_t slen = str_header(vm, s)->len, sl = str_header(vm, search)->len;
    /* positions of the matches */
    uint32_t npos = 0, cap = 0;
    int64_t p = str_index_of(vm, s, search, 0);
    while (p >= 0) {
        if (npos == cap) {
            Value nl = list_new(vm, cap ? cap * 2 : 4);
            if (nl == VAL_EXCEPTION) return nl;
            if (npos) memcpy(vm_cell_values(vm, val_ref(nl)), vm_cell_values(vm, val_ref(pos_list)), npos * sizeof(Value));
            pos_list = nl;
            cap = cap ? cap * 2 : 4;
        }
        vm_cell_values(vm, val_ref(pos_list))[npos++] = val_int((int32_t)p);
        if (!magic) break;
        uint64_t next = (uint64_t)p + (sl ? sl : 1);
        if (next > slen) break;
        p = str_index_of(vm, s, search, (uint32_t)next);
    }
    if (npos == 0) return s;
    vm->meter += slen;
    StrBuilder sb;
    sb_init(&sb, vm);
    uint32_t end_last = 0;
    for (uint32_t k = 0; k < npos; k++) {
        uint32_t at = (uint32_t)val_to_int(vm_cell_values(vm, val_ref(pos_list))[k]);
        Value pre = str_substring(vm, s, end_last, at);
        if (pre == VAL_EXCEPTION) { sb_free(&sb); return pre; }
        sb_append_string(&sb, pre);
        if (functional) {
            Value args[3] = { search, val_int((int32_t)at), s };
            Value r = vm_call(vm, rv, VAL_UNDEFINED, 3, args);
            if (r == VAL_EXCEPTION) { sb_free(&sb); return r; }
            r = to_string(vm, r);
            if (r == VAL_EXCEPTION) { sb_free(&sb); return r; }
            sb_append_string(&sb, r);
        } else if (get_substitution(vm, &sb, search, s, at, NULL, 0, VAL_UNDEFINED, rv) < 0) {
            sb_free(&sb);
            return VAL_EXCEPTION;
        }
        end_last = at + sl;
    }
    if (end_last < slen) {
        Value post = str_substring(vm, s, end_last, slen);
        if (post == VAL_EXCEPTION) { sb_free(&sb); return post; }
        sb_append_string(&sb, post);
    }
    return sb_finish(&sb);
}

/* String.prototype.split(separator, limit). */
NATIVE(String_prototype_split) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(this_val)) return vm_throw_type_error(vm, "String.prototype.split called on null or undefined");
    vm_root(vm, &this_val);
    Value sep = ARG(0), limit = ARG(1), s = VAL_UNDEFINED, r = VAL_UNDEFINED, a = VAL_UNDEFINED;
    vm_root(vm, &sep); vm_root(vm, &limit); vm_root(vm, &s); vm_root(vm, &r); vm_root(vm, &a);
    if (!val_is_nullish(sep)) {
        int called;
        Value args[2] = { this_val, limit };
        Value res = delegate(vm, sep, WKS_split, 2, args, &called);
        if (called) return res;
    }
    s = to_flat_string(vm, this_val);
    if (s == VAL_EXCEPTION) return s;
    uint32_t lim = 0xFFFFFFFFu;
    if (limit != VAL_UNDEFINED && to_uint32(vm, limit, &lim) < 0) return VAL_EXCEPTION;
    r = to_flat_string(vm, sep);
    if (r == VAL_EXCEPTION) return r;
    a = array_new(vm, 0);
    if (a == VAL_EXCEPTION) return a;
    if (lim == 0) return a;
    if (sep == VAL_UNDEFINED) {
        if (array_push(vm, a, s) < 0) return VAL_EXCEPTION;
        return a;
    }
    uint32_t slen = str_header(vm, s)->len, rl = str_header(vm, r)->len;
    vm->meter += slen;
    if (rl == 0) {
        uint32_t n = slen < lim ? slen : lim;
        for (uint32_t i = 0; i < n; i++) {
            Value c = str_from_char(vm, str_at(vm, s, i));
            if (c == VAL_EXCEPTION || array_push(vm, a, c) < 0) return VAL_EXCEPTION;
        }
        return a;
    }
    if (slen == 0) {
        if (array_push(vm, a, s) < 0) return VAL_EXCEPTION;
        return a;
    }
    uint32_t q, p = 0, count = 0;
    int64_t found = str_index_of(vm, s, r, 0);
    while (found >= 0) {
        q = (uint32_t)found;
        Value t = str_substring(vm, s, p, q);
        if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) return VAL_EXCEPTION;
        if (++count == lim) return a;
        p = q + rl;
        found = str_index_of(vm, s, r, p);
    }
    Value t = str_substring(vm, s, p, slen);
    if (t == VAL_EXCEPTION || array_push(vm, a, t) < 0) return VAL_EXCEPTION;
    return a;
}

/* String.prototype.match / search (magic 0 / 1). */
NATIVE(String_prototype_match) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    const char *name = magic ? "search" : "match";
    if (val_is_nullish(this_val)) return vm_throw_type_error(vm, "String.prototype.%s called on null or undefined", name);
    vm_root(vm, &this_val);
    Value re = ARG(0), s = VAL_UNDEFINED, rx = VAL_UNDEFINED;
    vm_root(vm, &re); vm_root(vm, &s); vm_root(vm, &rx);
    WellKnownSymbol sym = magic ? WKS_search : WKS_match;
    if (!val_is_nullish(re)) {
        int called;
        Value args[1] = { this_val };
        Value r = delegate(vm, re, sym, 1, args, &called);
        if (called) return r;
    }
    s = to_string(vm, this_val);
    if (s == VAL_EXCEPTION) return s;
    rx = regexp_create(vm, re, VAL_UNDEFINED);
    if (rx == VAL_EXCEPTION) return rx;
    return vm_invoke(vm, rx, vm_wks(vm, sym), 1, &s);
}

/* String.prototype.matchAll(regexp). */
NATIVE(String_prototype_matchAll) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (val_is_nullish(this_val)) return vm_throw_type_error(vm, "String.prototype.matchAll called on null or undefined");
    vm_root(vm, &this_val);
    Value re = ARG(0), s = VAL_UNDEFINED, rx = VAL_UNDEFINED;
    vm_root(vm, &re); vm_root(vm, &s); vm_root(vm, &rx);
    if (!val_is_nullish(re)) {
        int isre = is_regexp(vm, re);
        if (isre < 0) return VAL_EXCEPTION;
        if (isre) {
            Value flags = obj_get_atom(vm, re, ATOM_flags);
            if (flags == VAL_EXCEPTION) return flags;
            if (val_is_nullish(flags)) return vm_throw_type_error(vm, "String.prototype.matchAll called with a non-global RegExp argument");
            flags = to_flat_string(vm, flags);
            if (flags == VAL_EXCEPTION) return flags;
            bool g = false;
            for (uint32_t i = 0; i < str_header(vm, flags)->len; i++) if (str_at(vm, flags, i) == 'g') g = true;
            if (!g) return vm_throw_type_error(vm, "String.prototype.matchAll called with a non-global RegExp argument");
        }
        int called;
        Value args[1] = { this_val };
        Value r = delegate(vm, re, WKS_matchAll, 1, args, &called);
        if (called) return r;
    }
    s = to_string(vm, this_val);
    if (s == VAL_EXCEPTION) return s;
    Value g = str_from_char(vm, 'g');
    if (g == VAL_EXCEPTION) return g;
    rx = regexp_create(vm, re, g);
    if (rx == VAL_EXCEPTION) return rx;
    return vm_invoke(vm, rx, vm_wks(vm, WKS_matchAll), 1, &s);
}

/* ---------------------------------------------------------------------------------------
 * Annex B HTML methods
 * ------------------------------------------------------------------------------------- */

static const struct { const char *name, *tag, *attr; } html_methods[] = {
    { "anchor", "a", "name" }, { "big", "big", NULL }, { "blink", "blink", NULL },
    { "bold", "b", NULL }, { "fixed", "tt", NULL }, { "fontcolor", "font", "color" },
    { "fontsize", "font", "size" }, { "italics", "i", NULL }, { "link", "a", "href" },
    { "small", "small", NULL }, { "strike", "strike", NULL }, { "sub", "sub", NULL },
    { "sup", "sup", NULL },
};

/* CreateHTML(this, tag, attribute, value) (B.2.2.2.1); magic indexes html_methods. */
NATIVE(String_prototype_html) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    Value s = this_str(vm, this_val, html_methods[magic].name), v = VAL_UNDEFINED;
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s); vm_root(vm, &v);
    const char *attr = html_methods[magic].attr;
    if (attr) {
        v = to_flat_string(vm, ARG(0));
        if (v == VAL_EXCEPTION) return v;
    }
    StrBuilder sb;
    sb_init(&sb, vm);
    sb_append_char(&sb, '<');
    sb_append_cstr(&sb, html_methods[magic].tag);
    if (attr) {
        sb_append_char(&sb, ' ');
        sb_append_cstr(&sb, attr);
        sb_append_cstr(&sb, "=\"");
        uint32_t n = str_header(vm, v)->len;
        for (uint32_t i = 0; i < n; i++) {
            uint16_t c = str_at(vm, v, i);
            if (c == '"') sb_append_cstr(&sb, "&quot;");
            else sb_append_char(&sb, c);
        }
        sb_append_char(&sb, '"');
    }
    sb_append_char(&sb, '>');
    sb_append_string(&sb, s);
    sb_append_cstr(&sb, "</");
    sb_append_cstr(&sb, html_methods[magic].tag);
    sb_append_char(&sb, '>');
    return sb_finish(&sb);
}

/* ---------------------------------------------------------------------------------------
 * String iterator
 * ------------------------------------------------------------------------------------- */

/* String.prototype[Symbol.iterator](). */
NATIVE(String_prototype_iterator) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value s = this_str(vm, this_val, "[Symbol.iterator]");
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    Value it = obj_new(vm, vm_intrinsic(vm, INTR_StringIteratorPrototype), CLASS_ITERATOR);
    if (it == VAL_EXCEPTION) return it;
    *obj_slot(vm, it, 0) = s;
    *obj_slot(vm, it, 1) = val_int(0);
    *obj_slot(vm, it, 2) = val_int(ITER_STRING_BASE);
    return it;
}

/* %StringIteratorPrototype%.next(). */
NATIVE(StringIterator_next) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_ITERATOR ||
        *obj_slot(vm, this_val, 2) != val_int(ITER_STRING_BASE))
        return vm_throw_type_error(vm, "String Iterator.prototype.next called on incompatible receiver");
    Value s = *obj_slot(vm, this_val, 0);
    if (s == VAL_UNDEFINED) return iter_result(vm, VAL_UNDEFINED, true);
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t i = (uint32_t)val_to_int(*obj_slot(vm, this_val, 1));
    if (i >= str_header(vm, s)->len) {
        *obj_slot(vm, this_val, 0) = VAL_UNDEFINED;
        return iter_result(vm, VAL_UNDEFINED, true);
    }
    uint32_t units;
    uint32_t cp = str_codepoint_at(vm, s, i, &units);
    *obj_slot(vm, this_val, 1) = val_int((int32_t)(i + units));
    Value r = units == 1 ? str_from_char(vm, (uint16_t)cp) : str_substring(vm, s, i, i + 2);
    if (r == VAL_EXCEPTION) return r;
    return iter_result(vm, r, false);
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef string_ctor_defs[] = {
    { "String", String_constructor, 1, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef string_static_defs[] = {
    { "fromCharCode", String_fromCharCode, 1, NDEF_METHOD, 0, 0 },
    { "fromCodePoint", String_fromCodePoint, 1, NDEF_METHOD, 0, 0 },
    { "raw", String_raw, 1, NDEF_METHOD, 0, 0 },
};
static const NativeDef string_proto_defs[] = {
    { "at", String_prototype_at, 1, NDEF_METHOD, 0, 0 },
    { "charAt", String_prototype_charAt, 1, NDEF_METHOD, 0, 0 },
    { "charCodeAt", String_prototype_charAt, 1, NDEF_METHOD, 1, 0 },
    { "codePointAt", String_prototype_charAt, 1, NDEF_METHOD, 2, 0 },
    { "concat", String_prototype_concat, 1, NDEF_METHOD, 0, 0 },
    { "endsWith", String_prototype_startsWith, 1, NDEF_METHOD, 1, 0 },
    { "includes", String_prototype_startsWith, 1, NDEF_METHOD, 2, 0 },
    { "indexOf", String_prototype_indexOf, 1, NDEF_METHOD, 0, 0 },
    { "isWellFormed", String_prototype_isWellFormed, 0, NDEF_METHOD, 0, 0 },
    { "lastIndexOf", String_prototype_lastIndexOf, 1, NDEF_METHOD, 0, 0 },
    { "localeCompare", String_prototype_localeCompare, 1, NDEF_METHOD, 0, 0 },
    { "match", String_prototype_match, 1, NDEF_METHOD, 0, 0 },
    { "matchAll", String_prototype_matchAll, 1, NDEF_METHOD, 0, 0 },
    { "normalize", String_prototype_normalize, 0, NDEF_METHOD, 0, 0 },
    { "padEnd", String_prototype_padStart, 1, NDEF_METHOD, 1, 0 },
    { "padStart", String_prototype_padStart, 1, NDEF_METHOD, 0, 0 },
    { "repeat", String_prototype_repeat, 1, NDEF_METHOD, 0, 0 },
    { "replace", String_prototype_replace, 2, NDEF_METHOD, 0, 0 },
    { "replaceAll", String_prototype_replace, 2, NDEF_METHOD, 1, 0 },
    { "search", String_prototype_match, 1, NDEF_METHOD, 1, 0 },
    { "slice", String_prototype_slice, 2, NDEF_METHOD, 0, 0 },
    { "split", String_prototype_split, 2, NDEF_METHOD, 0, 0 },
    { "startsWith", String_prototype_startsWith, 1, NDEF_METHOD, 0, 0 },
    { "substr", String_prototype_substr, 2, NDEF_METHOD, 0, 0 },
    { "substring", String_prototype_substring, 2, NDEF_METHOD, 0, 0 },
    { "toLocaleLowerCase", String_prototype_toLowerCase, 0, NDEF_METHOD, 2, 0 },
    { "toLocaleUpperCase", String_prototype_toLowerCase, 0, NDEF_METHOD, 3, 0 },
    { "toLowerCase", String_prototype_toLowerCase, 0, NDEF_METHOD, 0, 0 },
    { "toString", String_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
    { "toUpperCase", String_prototype_toLowerCase, 0, NDEF_METHOD, 1, 0 },
    { "toWellFormed", String_prototype_isWellFormed, 0, NDEF_METHOD, 1, 0 },
    { "trim", String_prototype_trim, 0, NDEF_METHOD, 3, 0 },
    { "trimEnd", String_prototype_trim, 0, NDEF_METHOD, 2, 0 },
    { "trimStart", String_prototype_trim, 0, NDEF_METHOD, 1, 0 },
    { "valueOf", String_prototype_valueOf, 0, NDEF_METHOD, 1, 0 },
    { "[Symbol.iterator]", String_prototype_iterator, 0, NDEF_METHOD, 0, 0 },
    { "anchor", String_prototype_html, 1, NDEF_METHOD, 0, 0 },
    { "big", String_prototype_html, 0, NDEF_METHOD, 1, 0 },
    { "blink", String_prototype_html, 0, NDEF_METHOD, 2, 0 },
    { "bold", String_prototype_html, 0, NDEF_METHOD, 3, 0 },
    { "fixed", String_prototype_html, 0, NDEF_METHOD, 4, 0 },
    { "fontcolor", String_prototype_html, 1, NDEF_METHOD, 5, 0 },
    { "fontsize", String_prototype_html, 1, NDEF_METHOD, 6, 0 },
    { "italics", String_prototype_html, 0, NDEF_METHOD, 7, 0 },
    { "link", String_prototype_html, 1, NDEF_METHOD, 8, 0 },
    { "small", String_prototype_html, 0, NDEF_METHOD, 9, 0 },
    { "strike", String_prototype_html, 0, NDEF_METHOD, 10, 0 },
    { "sub", String_prototype_html, 0, NDEF_METHOD, 11, 0 },
    { "sup", String_prototype_html, 0, NDEF_METHOD, 12, 0 },
};
static const NativeDef string_iter_defs[] = {
    { "next", StringIterator_next, 0, NDEF_METHOD, 0, 0 },
};

const NativeTable string_tables[] = {
    NATIVE_TABLE("String constructor", string_ctor_defs),
    NATIVE_TABLE("String", string_static_defs),
    NATIVE_TABLE("String.prototype", string_proto_defs),
    NATIVE_TABLE("%StringIteratorPrototype%", string_iter_defs),
};
const size_t string_tables_count = sizeof(string_tables) / sizeof(string_tables[0]);

static int init_string_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = vm_intrinsic(vm, INTR_StringPrototype), ctor = VAL_UNDEFINED, p = VAL_UNDEFINED;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &p);
    if (!val_is_object(proto)) {
        proto = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_STRING);
        if (proto == VAL_EXCEPTION) return -1;
        *obj_slot(vm, proto, 0) = ATOM(vm, empty);
        vm_set_intrinsic(vm, INTR_StringPrototype, proto);
    }
    ctor = vm_make_constructor(vm, &string_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_set_intrinsic(vm, INTR_String, ctor);
    if (vm_install(vm, ctor, string_static_defs, sizeof string_static_defs / sizeof string_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, string_proto_defs, sizeof string_proto_defs / sizeof string_proto_defs[0]) < 0) return -1;
    /* Annex B aliases: trimLeft/trimRight are the same function objects */
    p = obj_get(vm, proto, atom_from_cstr(vm, "trimStart"), proto);
    if (p == VAL_EXCEPTION || obj_define_fast(vm, proto, atom_from_cstr(vm, "trimLeft"), p, PROP_METHOD) < 0) return -1;
    p = obj_get(vm, proto, atom_from_cstr(vm, "trimEnd"), proto);
    if (p == VAL_EXCEPTION || obj_define_fast(vm, proto, atom_from_cstr(vm, "trimRight"), p, PROP_METHOD) < 0) return -1;
    /* %StringIteratorPrototype% */
    Value ip = vm_intrinsic(vm, INTR_IteratorPrototype);
    p = obj_new(vm, val_is_object(ip) ? ip : vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (p == VAL_EXCEPTION || vm_install(vm, p, string_iter_defs, 1) < 0) return -1;
    Value tag = str_from_cstr(vm, "String Iterator");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, p, vm_wks(vm, WKS_toStringTag), tag, PROP_CONFIGURABLE) < 0) return -1;
    vm_set_intrinsic(vm, INTR_StringIteratorPrototype, p);
    return vm_define_global(vm, "String", ctor);
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_string(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_string_body(vm);
    vm->nroots = root_mark;
    return r;
}
