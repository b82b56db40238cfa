/* base64.c — Uint8Array to/from base64 and hex (ES2026, ECMA-262 23.2.x "Uint8Array"):
 * Uint8Array.fromBase64 / fromHex and Uint8Array.prototype.toBase64 / toHex /
 * setFromBase64 / setFromHex, with the abstract operations FromBase64 and FromHex.
 *
 * The decoders never run JavaScript and never allocate: they read a flat string and write
 * straight into a byte buffer (the target Uint8Array's bytes for setFrom*, a temporary
 * malloc'd buffer for from*), one whole chunk at a time, so the bytes written before an
 * error are exactly the spec's [[Bytes]] of the failing record. Work is metered at one
 * computron per input character or output byte (DESIGN C7).
 */
#include <stdlib.h>
#include <string.h>
#include "typedarray.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)

/* lastChunkHandling option values. */
typedef enum LastChunk { LCH_LOOSE, LCH_STRICT, LCH_STOP_BEFORE_PARTIAL } LastChunk;

/* The outcome of FromBase64 / FromHex (the spec's Record, bytes written in place). */
typedef struct DecodeResult {
    uint32_t read;         /* [[Read]]: code units of the input consumed */
    size_t written;        /* length of [[Bytes]] */
    const char *error;     /* NULL for ~none~, else the SyntaxError's message */
} DecodeResult;

/* A flat string's code units (exactly one of the two pointers is set). */
typedef struct CharView {
    const uint8_t *latin1; /* one byte per code unit, or NULL */
    const uint16_t *utf16; /* two bytes per code unit, or NULL */
    uint32_t length;       /* number of code units */
} CharView;

static inline uint16_t cv_at(const CharView *cv, uint32_t i) {
    return cv->latin1 ? cv->latin1[i] : cv->utf16[i];
}

/* The view of flat string s (valid until the next allocation). */
static CharView char_view(VM *vm, Value s) {
    CharView cv = { NULL, NULL, str_length(vm, s) };
    if (str_is_latin1(vm, s)) cv.latin1 = str_latin1(vm, s);
    else cv.utf16 = str_utf16(vm, s);
    return cv;
}

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The 6-bit value of base64 character c in the chosen alphabet, or -1. */
static int b64_digit(uint16_t c, bool url) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (url ? '-' : '+')) return 62;
    if (c == (url ? '_' : '/')) return 63;
    return -1;
}

/* The value of hex digit c, or -1. */
static int hex_digit(uint16_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* SkipAsciiWhitespace: the first index >= i that is not TAB, LF, FF, CR or SPACE. */
static uint32_t skip_ascii_ws(const CharView *cv, uint32_t i) {
    while (i < cv->length) {
        uint16_t c = cv_at(cv, i);
        if (c != 0x09 && c != 0x0A && c != 0x0C && c != 0x0D && c != 0x20) break;
        i++;
    }
    return i;
}

/* DecodeBase64Chunk for a partial chunk of n = 2 or 3 digits: appends n - 1 bytes to out.
 * With throw_on_extra_bits, nonzero bits left over in the last digit are an error. */
static const char *decode_partial_chunk(const uint8_t *d, int n, bool throw_on_extra_bits, uint8_t *out) {
    uint32_t bits = (uint32_t)d[0] << 18 | (uint32_t)d[1] << 12 | (n == 3 ? (uint32_t)d[2] << 6 : 0);
    if (throw_on_extra_bits && (n == 2 ? (bits & 0xFFFF) : (bits & 0xFF)))
        return "base64 input has nonzero padding bits";
    out[0] = (uint8_t)(bits >> 16);
    if (n == 3) out[1] = (uint8_t)(bits >> 8);
    return NULL;
}

/* FromBase64(string, alphabet, lastChunkHandling, max): decodes into out (room for max
 * bytes; SIZE_MAX = no limit, then out has room for 3 bytes per 4 input code units + 3). */
static DecodeResult from_base64(const CharView *cv, bool url, LastChunk lch, size_t max, uint8_t *out) {
    DecodeResult r = { 0, 0, NULL };
    if (max == 0) return r;
    uint8_t chunk[4];
    int clen = 0;
    uint32_t i = 0, len = cv->length;
    for (;;) {
        i = skip_ascii_ws(cv, i);
        if (i == len) {
            if (clen > 0) {
                if (lch == LCH_STOP_BEFORE_PARTIAL) return r;
                if (lch == LCH_STRICT || clen == 1) {
                    r.error = clen == 1 ? "base64 input ends with a lone character"
                                        : "base64 input ends with an unpadded partial chunk";
                    return r;
                }
                decode_partial_chunk(chunk, clen, false, out + r.written);
                r.written += (size_t)clen - 1;
            }
            r.read = len;
            return r;
        }
        uint16_t c = cv_at(cv, i++);
        if (c == '=') {
            if (clen < 2) { r.error = "unexpected '=' in base64 input"; return r; }
            i = skip_ascii_ws(cv, i);
            if (clen == 2) {
                if (i == len) {
                    if (lch == LCH_STOP_BEFORE_PARTIAL) return r;
                    r.error = "base64 input is missing a '='";
                    return r;
                }
                if (cv_at(cv, i) == '=') i = skip_ascii_ws(cv, i + 1);
            }
            if (i < len) { r.error = "unexpected characters after base64 padding"; return r; }
            const char *err = decode_partial_chunk(chunk, clen, lch == LCH_STRICT, out + r.written);
            if (err) { r.error = err; return r; }
            r.written += (size_t)clen - 1;
            r.read = len;
            return r;
        }
        int d = b64_digit(c, url);
        if (d < 0) {
            r.error = url ? "invalid character in base64url input" : "invalid character in base64 input";
            return r;
        }
        size_t remaining = max - r.written;
        if ((remaining == 1 && clen == 2) || (remaining == 2 && clen == 3)) return r;
        chunk[clen++] = (uint8_t)d;
        if (clen == 4) {
            uint32_t bits = (uint32_t)chunk[0] << 18 | (uint32_t)chunk[1] << 12 | (uint32_t)chunk[2] << 6 | chunk[3];
            out[r.written] = (uint8_t)(bits >> 16);
            out[r.written + 1] = (uint8_t)(bits >> 8);
            out[r.written + 2] = (uint8_t)bits;
            r.written += 3;
            clen = 0;
            r.read = i;
            if (r.written == max) return r;
        }
    }
}

/* FromHex(string, max): decodes into out (room for max bytes, or length / 2). */
static DecodeResult from_hex(const CharView *cv, size_t max, uint8_t *out) {
    DecodeResult r = { 0, 0, NULL };
    if (cv->length % 2) { r.error = "hex input has an odd length"; return r; }
    while (r.read < cv->length && r.written < max) {
        int hi = hex_digit(cv_at(cv, r.read)), lo = hex_digit(cv_at(cv, r.read + 1));
        if (hi < 0 || lo < 0) { r.error = "invalid character in hex input"; return r; }
        out[r.written++] = (uint8_t)(hi << 4 | lo);
        r.read += 2;
    }
    return r;
}

/* ---------------------------------------------------------------------------------------
 * Arguments and options
 * ------------------------------------------------------------------------------------- */

/* ValidateUint8Array(v) for method `what`: -1 and a TypeError unless v is a Uint8Array. */
static int validate_uint8array(VM *vm, Value v, const char *what) {
    if (!is_typed_array(vm, v) || val_to_int(*obj_slot(vm, v, TA_TYPE)) != TA_UINT8) {
        vm_throw_type_error(vm, "Uint8Array.prototype.%s: this is not a Uint8Array", what);
        return -1;
    }
    return 0;
}

/* Get(options, name) for a string-valued enumeration option: the index in `names` of its
 * value (0, the default, when undefined), or -1 on a throw: options neither undefined nor an
 * object (GetOptionsObject), a throwing getter, or a value that is not one of the names. */
static int get_enum_option(VM *vm, Value opts, const char *name, const char *const *names, int n) {
    if (opts == VAL_UNDEFINED) return 0;
    if (!val_is_object(opts)) {
        vm_throw_type_error(vm, "options must be an object");
        return -1;
    }
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &opts);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    Value v = obj_get(vm, opts, key, opts);
    if (v == VAL_EXCEPTION) return -1;
    if (v == VAL_UNDEFINED) return 0;
    if (val_is_string(v)) {
        if (!str_is_flat(vm, v) && (v = str_flatten(vm, v)) == VAL_EXCEPTION) return -1;
        uint32_t len = str_length(vm, v);
        for (int k = 0; k < n; k++) {
            uint32_t i = 0;
            if (strlen(names[k]) != len) continue;
            while (i < len && str_at(vm, v, i) == (uint8_t)names[k][i]) i++;
            if (i == len) return k;
        }
    }
    vm_throw_type_error(vm, n == 2 ? "%s must be \"%s\" or \"%s\"" : "%s must be \"%s\", \"%s\" or \"%s\"",
                        name, names[0], names[1], n > 2 ? names[2] : "");
    return -1;
}

/* The "alphabet" option: 0 base64, 1 base64url, -1 on a throw. */
static int get_alphabet(VM *vm, Value opts) {
    static const char *const names[] = { "base64", "base64url" };
    return get_enum_option(vm, opts, "alphabet", names, 2);
}

/* The "lastChunkHandling" option (a LastChunk), or -1 on a throw. */
static int get_last_chunk_handling(VM *vm, Value opts) {
    static const char *const names[] = { "loose", "strict", "stop-before-partial" };
    return get_enum_option(vm, opts, "lastChunkHandling", names, 3);
}

/* The options of fromBase64 / setFromBase64 in spec order: alphabet (*url: 0 base64, 1
 * base64url), then lastChunkHandling (*lch). -1 on a throw. */
static int get_decode_options(VM *vm, Value opts, int *url, int *lch) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &opts);
    if ((*url = get_alphabet(vm, opts)) < 0) return -1;
    return (*lch = get_last_chunk_handling(vm, opts)) < 0 ? -1 : 0;
}

/* Throw a TypeError unless v is a string (the `string` argument of the decoders). */
static int require_string(VM *vm, Value v, const char *what) {
    if (val_is_string(v)) return 0;
    vm_throw_type_error(vm, "%s: the argument must be a string", what);
    return -1;
}

/* The bytes [offset, offset + len) of typed array ta, or -1 and a TypeError when ta is
 * detached or out of bounds (GetUint8ArrayBytes, without the copy). */
static int uint8_view(VM *vm, Value ta, uint64_t *offset, uint64_t *len) {
    if (typed_array_length(vm, ta, len) < 0) return -1;
    *offset = (uint64_t)num_value(*obj_slot(vm, ta, TA_OFFSET));
    return 0;
}

static inline uint8_t *uint8_bytes(VM *vm, Value ta, uint64_t offset) {
    return ab_bytes(vm, *obj_slot(vm, ta, TA_BUFFER)) + offset;
}

/* ---------------------------------------------------------------------------------------
 * The built-ins
 * ------------------------------------------------------------------------------------- */

/* Uint8Array.fromBase64 (magic 0) and Uint8Array.fromHex (magic 1). */
static Value Uint8Array_from(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)new_target; (void)func;
    Value s = ARG(0);
    if (require_string(vm, s, magic ? "Uint8Array.fromHex" : "Uint8Array.fromBase64") < 0) return VAL_EXCEPTION;
    vm_root(vm, &s);
    int url = 0, lch = LCH_LOOSE;
    if (!magic && get_decode_options(vm, ARG(1), &url, &lch) < 0) return VAL_EXCEPTION;
    if (!str_is_flat(vm, s) && (s = str_flatten(vm, s)) == VAL_EXCEPTION) return VAL_EXCEPTION;
    uint32_t len = str_length(vm, s);
    size_t cap = magic ? len / 2 : (size_t)len / 4 * 3 + 3;
    uint8_t *tmp = malloc(cap ? cap : 1);
    if (!tmp) return vm_throw_out_of_memory(vm);
    CharView cv = char_view(vm, s);
    DecodeResult r = magic ? from_hex(&cv, SIZE_MAX, tmp) : from_base64(&cv, url, (LastChunk)lch, SIZE_MAX, tmp);
    vm->meter += len;
    if (r.error) { free(tmp); return vm_throw_syntax_error(vm, "%s", r.error); }
    Value ta = typed_array_new(vm, TA_UINT8, r.written);
    if (ta != VAL_EXCEPTION && r.written) memcpy(uint8_bytes(vm, ta, 0), tmp, r.written);
    free(tmp);
    return ta;
}

/* Uint8Array.prototype.setFromBase64 (magic 0) and setFromHex (magic 1): decode into this
 * array's bytes; the bytes of every whole chunk before an error stay written. Returns
 * { read, written }. */
static Value Uint8Array_prototype_setFrom(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    const char *what = magic ? "setFromHex" : "setFromBase64";
    if (validate_uint8array(vm, this_val, what) < 0) return VAL_EXCEPTION;
    Value s = ARG(0);
    if (require_string(vm, s, what) < 0) return VAL_EXCEPTION;
    vm_root(vm, &this_val); vm_root(vm, &s);
    int url = 0, lch = LCH_LOOSE;
    if (!magic && get_decode_options(vm, ARG(1), &url, &lch) < 0) return VAL_EXCEPTION;
    if (!str_is_flat(vm, s) && (s = str_flatten(vm, s)) == VAL_EXCEPTION) return VAL_EXCEPTION;
    uint64_t offset, len;
    if (uint8_view(vm, this_val, &offset, &len) < 0) return VAL_EXCEPTION;
    /* no allocation from here until the decode is done: both pointers stay valid */
    CharView cv = char_view(vm, s);
    uint8_t *out = len ? uint8_bytes(vm, this_val, offset) : NULL;
    DecodeResult r = magic ? from_hex(&cv, (size_t)len, out) : from_base64(&cv, url, (LastChunk)lch, (size_t)len, out);
    vm->meter += r.read + r.written;
    if (r.error) return vm_throw_syntax_error(vm, "%s", r.error);
    Value res = obj_new(vm, vm_intrinsic(vm, INTR_ObjectPrototype), CLASS_OBJECT);
    if (res == VAL_EXCEPTION) return res;
    vm_root(vm, &res);
    Value key = atom_from_cstr(vm, "read");
    if (key == VAL_EXCEPTION || obj_create_data_property_throw(vm, res, key, val_number((double)r.read)) < 0)
        return VAL_EXCEPTION;
    key = atom_from_cstr(vm, "written");
    if (key == VAL_EXCEPTION || obj_create_data_property_throw(vm, res, key, val_number((double)r.written)) < 0)
        return VAL_EXCEPTION;
    return res;
}

/* Uint8Array.prototype.toBase64 ([options]). */
static Value Uint8Array_prototype_toBase64(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    if (validate_uint8array(vm, this_val, "toBase64") < 0) return VAL_EXCEPTION;
    Value opts = ARG(0), pad = VAL_UNDEFINED;
    vm_root(vm, &this_val); vm_root(vm, &opts);
    int url = get_alphabet(vm, opts);
    if (url < 0) return VAL_EXCEPTION;
    if (opts != VAL_UNDEFINED) {   /* an object: get_alphabet checked */
        Value key = atom_from_cstr(vm, "omitPadding");
        if (key == VAL_EXCEPTION || (pad = obj_get(vm, opts, key, opts)) == VAL_EXCEPTION) return VAL_EXCEPTION;
    }
    bool omit_padding = to_boolean(vm, pad);
    uint64_t offset, n;
    if (uint8_view(vm, this_val, &offset, &n) < 0) return VAL_EXCEPTION;
    uint64_t full = n / 3, rest = n % 3;
    uint64_t outlen = 4 * full + (rest == 0 ? 0 : omit_padding ? rest + 1 : 4);
    if (outlen > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    uint8_t *o;
    Value str = str_alloc_latin1(vm, (size_t)outlen, &o);
    if (str == VAL_EXCEPTION) return str;
    const uint8_t *in = n ? uint8_bytes(vm, this_val, offset) : NULL;   /* after the allocation */
    const char *alpha = url ? b64_url : b64_std;
    for (uint64_t k = 0; k < full; k++, in += 3) {
        uint32_t bits = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
        *o++ = (uint8_t)alpha[bits >> 18];
        *o++ = (uint8_t)alpha[(bits >> 12) & 63];
        *o++ = (uint8_t)alpha[(bits >> 6) & 63];
        *o++ = (uint8_t)alpha[bits & 63];
    }
    if (rest) {
        uint32_t bits = (uint32_t)in[0] << 16 | (rest == 2 ? (uint32_t)in[1] << 8 : 0);
        *o++ = (uint8_t)alpha[bits >> 18];
        *o++ = (uint8_t)alpha[(bits >> 12) & 63];
        if (rest == 2) *o++ = (uint8_t)alpha[(bits >> 6) & 63];
        if (!omit_padding) {
            *o++ = '=';
            if (rest == 1) *o++ = '=';
        }
    }
    vm->meter += outlen;
    return str;
}

/* Uint8Array.prototype.toHex (). */
static Value Uint8Array_prototype_toHex(VM *vm, Value this_val, int argc, Value *argv, Value new_target, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    if (validate_uint8array(vm, this_val, "toHex") < 0) return VAL_EXCEPTION;
    uint64_t offset, n;
    if (uint8_view(vm, this_val, &offset, &n) < 0) return VAL_EXCEPTION;
    if (2 * n > STR_MAX_LEN) return vm_throw_range_error(vm, "Invalid string length");
    vm_root(vm, &this_val);
    uint8_t *o;
    Value str = str_alloc_latin1(vm, (size_t)(2 * n), &o);
    if (str == VAL_EXCEPTION) return str;
    const uint8_t *in = n ? uint8_bytes(vm, this_val, offset) : NULL;   /* after the allocation */
    static const char digits[] = "0123456789abcdef";
    for (uint64_t k = 0; k < n; k++) {
        *o++ = (uint8_t)digits[in[k] >> 4];
        *o++ = (uint8_t)digits[in[k] & 15];
    }
    vm->meter += 2 * n;
    return str;
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef u8_static_defs[] = {
    { "fromBase64", Uint8Array_from, 1, NDEF_METHOD, 0, 0 },
    { "fromHex", Uint8Array_from, 1, NDEF_METHOD, 1, 0 },
};
static const NativeDef u8_proto_defs[] = {
    { "toBase64", Uint8Array_prototype_toBase64, 0, NDEF_METHOD, 0, 0 },
    { "toHex", Uint8Array_prototype_toHex, 0, NDEF_METHOD, 0, 0 },
    { "setFromBase64", Uint8Array_prototype_setFrom, 1, NDEF_METHOD, 0, 0 },
    { "setFromHex", Uint8Array_prototype_setFrom, 1, NDEF_METHOD, 1, 0 },
};

const NativeTable base64_tables[] = {
    NATIVE_TABLE("Uint8Array", u8_static_defs),
    NATIVE_TABLE("Uint8Array.prototype", u8_proto_defs),
};
const size_t base64_tables_count = sizeof(base64_tables) / sizeof(base64_tables[0]);

/* Install the methods on %Uint8Array% and %Uint8Array.prototype% (made by typedarray.c). */
int init_base64(VM *vm) {
    if (vm_install(vm, ta_hidden(vm, TAH_CTOR0 + TA_UINT8), u8_static_defs,
                   sizeof u8_static_defs / sizeof u8_static_defs[0]) < 0) return -1;
    return vm_install(vm, ta_hidden(vm, TAH_PROTO0 + TA_UINT8), u8_proto_defs,
                      sizeof u8_proto_defs / sizeof u8_proto_defs[0]);
}
