/* host.c — the host globals of cryo-worker: issueCommand, setImmediate, gc,
 * currentMeterLimit, resetMeter, performance.now, TextEncoder, TextDecoder, Base64, harden
 * (print is the engine's own). See docs/worker-protocol.md for what each one does.
 *
 * Host data. vm->roots[ROOT_HOST_DATA] is a list (CELL_ARRAY) of HD_COUNT Values:
 *   [HD_VERSION]      int HOST_DATA_VERSION
 *   [HD_IMM_HEAD]     first pending setImmediate record, or undefined
 *   [HD_IMM_TAIL]     last pending setImmediate record, or undefined
 *   [HD_COMPUTRONS]   number: computrons of every finished delivery (performance.now)
 *   [HD_ENCODER_PROTO] the original TextEncoder.prototype
 *   [HD_DECODER_PROTO] the original TextDecoder.prototype
 * A setImmediate record is a MISC_HOST record of IMM_WORDS Values: next record (or
 * undefined), the callback, and a list of extra arguments (or undefined).
 * TextEncoder / TextDecoder instances are CLASS_HOST objects whose slot 0 holds the int tag
 * TAG_ENCODER / TAG_DECODER (never a cell, unlike the engine's own CLASS_HOST holders);
 * a decoder's slot 1 is its fatal flag and slot 2 its ignoreBOM flag (booleans).
 *
 * Rooting: engine functions register their own locals with vm_root and leave them on the C
 * root stack until the enclosing native returns. A collection later in the same native
 * would then write through those dead addresses, so the natives here note the root-stack
 * height after rooting their own locals (`mark`) and cut the stack back to it after every
 * engine call that may have rooted something, before anything that may collect. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "worker.h"
#include "builtins/typedarray.h"

#define HOST_DATA_VERSION 1
enum { HD_VERSION, HD_IMM_HEAD, HD_IMM_TAIL, HD_COMPUTRONS, HD_ENCODER_PROTO, HD_DECODER_PROTO, HD_COUNT };
enum { IMM_NEXT, IMM_CALLBACK, IMM_ARGS, IMM_WORDS };
enum { TAG_ENCODER = 0x43455431, TAG_DECODER = 0x43445431 };   /* "CET1", "CDT1" */

#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)
/* Argument i, or undefined when not passed (argv only has the declared length). */
#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define UNUSED_NATIVE_ARGS (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic

/* ---------------------------------------------------------------------------------------
 * Host data access
 * ------------------------------------------------------------------------------------- */

static Value *host_data(VM *vm) { return list_items(vm, vm->roots[ROOT_HOST_DATA]); }

int host_present(VM *vm) { return val_is_cell(vm->roots[ROOT_HOST_DATA]); }

int host_check(VM *vm, char *err, size_t errcap) {
    Value hd = vm->roots[ROOT_HOST_DATA];
    if (hd == VAL_UNDEFINED) return 0;
    const char *why = NULL;
    if (!val_is_cell(hd) || CELL(vm, val_ref(hd))->kind != CELL_ARRAY || list_count(vm, hd) != HD_COUNT)
        why = "host data is not a list of the expected size";
    else {
        Value *d = host_data(vm);
        if (d[HD_VERSION] != val_int(HOST_DATA_VERSION)) why = "host data version differs";
        else if (d[HD_IMM_HEAD] != VAL_UNDEFINED || d[HD_IMM_TAIL] != VAL_UNDEFINED)
            why = "setImmediate queue is not empty";
        else if (!val_is_number(d[HD_COMPUTRONS]) || !(num_value(d[HD_COMPUTRONS]) >= 0))
            why = "bad computron total";
        else if (!val_is_object(d[HD_ENCODER_PROTO]) || !val_is_object(d[HD_DECODER_PROTO]))
            why = "bad TextEncoder / TextDecoder prototype";
    }
    if (why) {
        snprintf(err, errcap, "snapshot: bad worker host data: %s", why);
        return -1;
    }
    return 0;
}

/* The pending setImmediate records (host data slots). */
int host_has_immediate(VM *vm) {
    return host_present(vm) && val_is_cell(host_data(vm)[HD_IMM_HEAD]);
}

/* Whether v is a host object with tag `tag` (a TextEncoder / TextDecoder instance). */
static bool host_is_tagged(VM *vm, Value v, int tag) {
    return val_is_object(v) && obj_class(vm, v) == CLASS_HOST && *obj_slot(vm, v, 0) == val_int(tag);
}

/* ---------------------------------------------------------------------------------------
 * Byte helpers
 * ------------------------------------------------------------------------------------- */

Value host_array_buffer(VM *vm, const uint8_t *bytes, size_t len) {
    Value ab = arraybuffer_allocate(vm, VAL_UNDEFINED, len, -1);
    if (ab == VAL_EXCEPTION) return ab;
    if (len) memcpy(ab_bytes(vm, ab), bytes, len);
    return ab;
}

int host_array_buffer_bytes(VM *vm, Value v, const uint8_t **bytes, size_t *len) {
    if (!is_array_buffer(vm, v)) return 0;
    if (ab_is_detached(vm, v)) { *bytes = (const uint8_t *)""; *len = 0; return 1; }
    *len = (size_t)ab_byte_length(vm, v);
    *bytes = *len ? ab_bytes(vm, v) : (const uint8_t *)"";
    return 1;
}

/* The bytes of a BufferSource (ArrayBuffer, typed array or DataView). 1 when v is one (a
 * detached or out-of-bounds view gives no bytes), 0 when it is not, -1 if it threw. */
static int host_buffer_source(VM *vm, Value v, const uint8_t **bytes, size_t *len) {
    if (host_array_buffer_bytes(vm, v, bytes, len)) return 1;
    if (!val_is_object(v)) return 0;
    ClassId c = obj_class(vm, v);
    if (c != CLASS_TYPED_ARRAY && c != CLASS_DATA_VIEW) return 0;
    Value buf = *obj_slot(vm, v, c == CLASS_TYPED_ARRAY ? TA_BUFFER : DV_BUFFER);
    *bytes = (const uint8_t *)"";
    *len = 0;
    if (!is_array_buffer(vm, buf) || ab_is_detached(vm, buf)) return 1;
    uint64_t blen = ab_byte_length(vm, buf);
    Value off_v = *obj_slot(vm, v, c == CLASS_TYPED_ARRAY ? TA_OFFSET : DV_OFFSET);
    uint64_t off = val_is_number(off_v) ? (uint64_t)num_value(off_v) : 0;
    uint64_t n;
    if (c == CLASS_TYPED_ARRAY) {
        uint64_t count;
        if (typed_array_length(vm, v, &count) < 0) { vm_take_exception(vm); return 1; }
        Value t = *obj_slot(vm, v, TA_TYPE);
        int type = val_is_int(t) ? val_to_int(t) : 0;
        if (type < 0 || type >= TA_TYPE_COUNT) return 1;
        n = count * ta_type_size[type];
    } else {
        Value l = *obj_slot(vm, v, DV_LENGTH);
        n = val_is_number(l) ? (uint64_t)num_value(l) : (blen > off ? blen - off : 0);
    }
    if (off > blen || n > blen - off) return 1;
    *bytes = ab_bytes(vm, buf) + off;
    *len = (size_t)n;
    return 1;
}

/* A fresh Uint8Array over a new ArrayBuffer holding a copy of bytes. */
static Value host_uint8_array(VM *vm, const uint8_t *bytes, size_t len) {
    size_t mark = vm->nroots;
    Value ab = host_array_buffer(vm, bytes, len);
    vm->nroots = mark;
    if (ab == VAL_EXCEPTION) return ab;
    Value ctor = ta_hidden(vm, TAH_CTOR0 + TA_UINT8);
    Value r = vm_construct(vm, ctor, 1, &ab, ctor);
    vm->nroots = mark;
    return r;
}

/* ---------------------------------------------------------------------------------------
 * issueCommand, setImmediate, gc, metering, performance
 * ------------------------------------------------------------------------------------- */

/* issueCommand(query: ArrayBuffer): ArrayBuffer — a synchronous request to the parent. */
NATIVE(host_issueCommand) {
    UNUSED_NATIVE_ARGS;
    const uint8_t *q;
    size_t n;
    if (!host_array_buffer_bytes(vm, ARG(0), &q, &n))
        return vm_throw_type_error(vm, "issueCommand: argument must be an ArrayBuffer");
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy) return vm_throw_out_of_memory(vm);
    memcpy(copy, q, n);
    uint8_t *answer;
    size_t alen;
    worker_issue_command(vm, copy, n, &answer, &alen);
    free(copy);
    Value r = host_array_buffer(vm, answer, alen);
    free(answer);
    return r;
}

/* setImmediate(callback, ...args): run callback(...args) once the promise jobs of the
 * current delivery have drained. Returns undefined. */
NATIVE(host_setImmediate) {
    UNUSED_NATIVE_ARGS;
    VM_ROOT_SCOPE(vm);
    if (!vm_is_callable(vm, ARG(0))) return vm_throw_type_error(vm, "setImmediate: callback is not a function");
    Value args = VAL_UNDEFINED;
    if (argc > 1) {
        args = list_new(vm, (uint32_t)(argc - 1));
        if (args == VAL_EXCEPTION) return args;
        for (int i = 1; i < argc; i++) list_items(vm, args)[i - 1] = argv[i];
    }
    vm_root(vm, &args);
    Value rec = misc_new(vm, MISC_HOST, IMM_WORDS);
    if (rec == VAL_EXCEPTION) return rec;
    Value *w = vm_cell_values(vm, val_ref(rec));
    w[IMM_CALLBACK] = ARG(0);
    w[IMM_ARGS] = args;
    Value *d = host_data(vm);
    if (val_is_cell(d[HD_IMM_TAIL])) vm_cell_values(vm, val_ref(d[HD_IMM_TAIL]))[IMM_NEXT] = rec;
    else d[HD_IMM_HEAD] = rec;
    d[HD_IMM_TAIL] = rec;
    return VAL_UNDEFINED;
}

int host_run_immediate(VM *vm) {
    size_t mark = vm->nroots;
    Value *d = host_data(vm);
    Value rec = d[HD_IMM_HEAD];
    if (!val_is_cell(rec)) return 0;
    Value *w = vm_cell_values(vm, val_ref(rec));
    d[HD_IMM_HEAD] = w[IMM_NEXT];
    if (!val_is_cell(w[IMM_NEXT])) d[HD_IMM_TAIL] = VAL_UNDEFINED;
    Value cb = w[IMM_CALLBACK], args = w[IMM_ARGS];
    int n = val_is_cell(args) ? (int)list_count(vm, args) : 0;
    Value r = vm_call(vm, cb, VAL_UNDEFINED, n, n ? list_items(vm, args) : NULL);
    vm->nroots = mark;
    return r == VAL_EXCEPTION ? -1 : 0;
}

/* gc(): a full collection now (deterministic: C3). */
NATIVE(host_gc) {
    UNUSED_NATIVE_ARGS;
    gc_collect(vm);
    return VAL_UNDEFINED;
}

/* currentMeterLimit(): the current delivery's computron limit (0 = none). */
NATIVE(host_currentMeterLimit) {
    UNUSED_NATIVE_ARGS;
    return val_number((double)vm->meter_limit);
}

/* A meter argument: ToNumber, then clamped to an integer in [0, 2^53]. */
static int host_meter_arg(VM *vm, Value v, uint64_t *out) {
    double d;
    if (to_number_double(vm, v, &d) < 0) return -1;
    if (!(d > 0)) d = 0;
    if (d > 9007199254740992.0) d = 9007199254740992.0;
    *out = (uint64_t)d;
    return 0;
}

/* resetMeter(limit, index): set the limit and the meter; returns the previous meter. */
NATIVE(host_resetMeter) {
    UNUSED_NATIVE_ARGS;
    uint64_t limit, index;
    size_t mark = vm->nroots;
    if (host_meter_arg(vm, ARG(0), &limit) < 0) return VAL_EXCEPTION;
    vm->nroots = mark;
    if (host_meter_arg(vm, ARG(1), &index) < 0) return VAL_EXCEPTION;
    uint64_t before = vm->meter;
    vm->meter_limit = limit;
    vm->meter = index;
    vm->meter_next_check = 0;
    return val_number((double)before);
}

void host_add_computrons(VM *vm, uint64_t n) {
    if (!host_present(vm)) return;
    Value *d = host_data(vm);
    d[HD_COMPUTRONS] = val_number(num_value(d[HD_COMPUTRONS]) + (double)n);
}

/* performance.now(): a deterministic clock — the computrons the vat has used so far (every
 * finished delivery plus the current one). */
NATIVE(host_performance_now) {
    UNUSED_NATIVE_ARGS;
    return val_number(num_value(host_data(vm)[HD_COMPUTRONS]) + (double)vm->meter);
}

/* ---------------------------------------------------------------------------------------
 * UTF-8 (WHATWG Encoding: the UTF-8 encoder and decoder)
 * ------------------------------------------------------------------------------------- */

/* Construct-time prototype: new_target.prototype when it is an object, else `fallback`. */
static Value host_proto_from(VM *vm, Value new_target, Value fallback) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &fallback);
    Value p = obj_get(vm, new_target, ATOM(vm, prototype), new_target);
    vm->nroots = mark;
    if (p == VAL_EXCEPTION) return p;
    return val_is_object(p) ? p : fallback;
}

/* new TextEncoder() */
NATIVE(host_TextEncoder) {
    UNUSED_NATIVE_ARGS;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "TextEncoder constructor requires 'new'");
    Value proto = host_proto_from(vm, new_target, host_data(vm)[HD_ENCODER_PROTO]);
    if (proto == VAL_EXCEPTION) return proto;
    Value o = obj_new(vm, proto, CLASS_HOST);
    if (o == VAL_EXCEPTION) return o;
    *obj_slot(vm, o, 0) = val_int(TAG_ENCODER);
    return o;
}

/* TextEncoder.prototype.encode(input = ""): a Uint8Array of input's UTF-8 bytes (lone
 * surrogates become U+FFFD). */
NATIVE(host_TextEncoder_encode) {
    UNUSED_NATIVE_ARGS;
    if (!host_is_tagged(vm, this_val, TAG_ENCODER)) return vm_throw_type_error(vm, "TextEncoder.prototype.encode: not a TextEncoder");
    size_t mark = vm->nroots;
    Value s = ARG(0) == VAL_UNDEFINED ? ATOM(vm, empty) : to_string(vm, ARG(0));
    vm->nroots = mark;
    if (s == VAL_EXCEPTION) return s;
    size_t n = 0;
    char *u = str_to_utf8(vm, s, &n);
    if (!u) return vm_throw_out_of_memory(vm);
    Value r = host_uint8_array(vm, (const uint8_t *)u, n);
    free(u);
    return r;
}

/* TextEncoder.prototype.encodeInto(source, destination: Uint8Array): {read, written}. */
NATIVE(host_TextEncoder_encodeInto) {
    UNUSED_NATIVE_ARGS;
    VM_ROOT_SCOPE(vm);
    if (!host_is_tagged(vm, this_val, TAG_ENCODER)) return vm_throw_type_error(vm, "TextEncoder.prototype.encodeInto: not a TextEncoder");
    size_t mark = vm->nroots;
    Value s = to_string(vm, ARG(0));
    vm->nroots = mark;
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    vm_root(vm, &s);
    Value dst = ARG(1);
    if (!is_typed_array(vm, dst) || *obj_slot(vm, dst, TA_TYPE) != val_int(TA_UINT8))
        return vm_throw_type_error(vm, "TextEncoder.prototype.encodeInto: destination must be a Uint8Array");
    const uint8_t *cb;
    size_t cap;
    host_buffer_source(vm, dst, &cb, &cap);
    uint8_t *out = (uint8_t *)cb;
    uint32_t len = str_length(vm, s), i = 0;
    size_t written = 0;
    while (i < len) {
        uint32_t units = 1, cp = str_codepoint_at(vm, s, i, &units);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        size_t need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (written + need > cap) break;
        uint8_t *p = out + written;
        if (need == 1) p[0] = (uint8_t)cp;
        else if (need == 2) { p[0] = (uint8_t)(0xC0 | (cp >> 6)); p[1] = (uint8_t)(0x80 | (cp & 0x3F)); }
        else if (need == 3) {
            p[0] = (uint8_t)(0xE0 | (cp >> 12)); p[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
            p[2] = (uint8_t)(0x80 | (cp & 0x3F));
        } else {
            p[0] = (uint8_t)(0xF0 | (cp >> 18)); p[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
            p[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); p[3] = (uint8_t)(0x80 | (cp & 0x3F));
        }
        written += need;
        i += units ? units : 1;
    }
    Value r = obj_new_plain(vm);
    if (r == VAL_EXCEPTION) return r;
    vm_root(vm, &r);
    if (obj_create_data_property(vm, r, atom_from_cstr(vm, "read"), val_number(i)) < 0 ||
        obj_create_data_property(vm, r, atom_from_cstr(vm, "written"), val_number((double)written)) < 0)
        return VAL_EXCEPTION;
    return r;
}

/* get TextEncoder.prototype.encoding / TextDecoder.prototype.encoding: "utf-8". */
NATIVE(host_encoding_getter) {
    UNUSED_NATIVE_ARGS;
    if (!host_is_tagged(vm, this_val, TAG_ENCODER) && !host_is_tagged(vm, this_val, TAG_DECODER))
        return vm_throw_type_error(vm, "encoding getter called on an incompatible receiver");
    return str_from_cstr(vm, "utf-8");
}

/* Whether label (already trimmed, any case) names UTF-8 (the WHATWG labels). */
static bool host_is_utf8_label(const char *s, size_t n) {
    static const char *const labels[] = { "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8",
                                          "unicode20utf8", "x-unicode20utf8" };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t l = strlen(labels[i]);
        if (l != n) continue;
        size_t k = 0;
        while (k < n) {
            char c = s[k];
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != labels[i][k]) break;
            k++;
        }
        if (k == n) return true;
    }
    return false;
}

/* Read a boolean member of a dictionary argument (undefined / null = all defaults). */
static int host_dict_bool(VM *vm, Value dict, const char *name, bool *out) {
    *out = false;
    if (dict == VAL_UNDEFINED || dict == VAL_NULL) return 0;
    if (!val_is_object(dict)) { vm_throw_type_error(vm, "options must be an object"); return -1; }
    size_t mark = vm->nroots;
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    Value v = obj_get(vm, dict, key, dict);
    vm->nroots = mark;
    if (v == VAL_EXCEPTION) return -1;
    *out = to_boolean(vm, v);
    return 0;
}

/* new TextDecoder(label = "utf-8", { fatal, ignoreBOM }) — UTF-8 only. */
NATIVE(host_TextDecoder) {
    UNUSED_NATIVE_ARGS;
    if (new_target == VAL_UNDEFINED) return vm_throw_type_error(vm, "TextDecoder constructor requires 'new'");
    if (ARG(0) != VAL_UNDEFINED) {
        size_t mark = vm->nroots;
        Value l = to_string(vm, ARG(0));
        vm->nroots = mark;
        if (l == VAL_EXCEPTION) return l;
        size_t n = 0;
        char *u = str_to_utf8(vm, l, &n);
        if (!u) return vm_throw_out_of_memory(vm);
        size_t a = 0, b = n;
        while (a < b && (u[a] == ' ' || u[a] == '\t' || u[a] == '\n' || u[a] == '\f' || u[a] == '\r')) a++;
        while (b > a && (u[b - 1] == ' ' || u[b - 1] == '\t' || u[b - 1] == '\n' || u[b - 1] == '\f' || u[b - 1] == '\r')) b--;
        bool ok = host_is_utf8_label(u + a, b - a);
        free(u);
        if (!ok) return vm_throw_range_error(vm, "TextDecoder: only the utf-8 encoding is supported");
    }
    bool fatal, ignore_bom;
    if (host_dict_bool(vm, ARG(1), "fatal", &fatal) < 0 || host_dict_bool(vm, ARG(1), "ignoreBOM", &ignore_bom) < 0)
        return VAL_EXCEPTION;
    Value proto = host_proto_from(vm, new_target, host_data(vm)[HD_DECODER_PROTO]);
    if (proto == VAL_EXCEPTION) return proto;
    Value o = obj_new(vm, proto, CLASS_HOST);
    if (o == VAL_EXCEPTION) return o;
    Value *s = obj_slot(vm, o, 0);
    s[0] = val_int(TAG_DECODER);
    s[1] = val_bool(fatal);
    s[2] = val_bool(ignore_bom);
    return o;
}

/* Decode UTF-8 (WHATWG: one U+FFFD per maximal ill-formed subsequence). With fatal, any
 * error throws a TypeError. A leading BOM is dropped unless ignore_bom. */
static Value host_utf8_decode(VM *vm, const uint8_t *p, size_t n, bool fatal, bool ignore_bom) {
    StrBuilder sb;
    sb_init(&sb, vm);
    size_t i = 0;
    if (!ignore_bom && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    uint32_t cp = 0, needed = 0, seen = 0, lower = 0x80, upper = 0xBF;
    while (i < n) {
        uint8_t b = p[i];
        if (needed == 0) {
            i++;
            if (b < 0x80) {
                size_t j = i;
                while (j < n && p[j] < 0x80) j++;
                sb_append_latin1(&sb, p + i - 1, j - i + 1);
                i = j;
                continue;
            }
            if (b >= 0xC2 && b <= 0xDF) { needed = 1; cp = b & 0x1F; }
            else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;
                if (b == 0xED) upper = 0x9F;
                needed = 2; cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;
                needed = 3; cp = b & 0x07;
            } else goto bad;
            continue;
        }
        if (b < lower || b > upper) {
            /* the byte is not consumed: it starts the next sequence */
            cp = needed = seen = 0; lower = 0x80; upper = 0xBF;
            goto bad;
        }
        i++;
        lower = 0x80; upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        if (++seen == needed) {
            sb_append_codepoint(&sb, cp);
            cp = needed = seen = 0;
        }
        continue;
    bad:
        if (fatal) { sb_free(&sb); return vm_throw_type_error(vm, "TextDecoder: the encoded data is not valid UTF-8"); }
        sb_append_char(&sb, 0xFFFD);
    }
    if (needed) {
        if (fatal) { sb_free(&sb); return vm_throw_type_error(vm, "TextDecoder: the encoded data is not valid UTF-8"); }
        sb_append_char(&sb, 0xFFFD);
    }
    return sb_finish(&sb);
}

/* TextDecoder.prototype.decode(input?, { stream }) — input is an ArrayBuffer, a typed
 * array or a DataView; streaming is not supported (TypeError). */
NATIVE(host_TextDecoder_decode) {
    UNUSED_NATIVE_ARGS;
    if (!host_is_tagged(vm, this_val, TAG_DECODER)) return vm_throw_type_error(vm, "TextDecoder.prototype.decode: not a TextDecoder");
    const uint8_t *p;
    size_t n;
    if (ARG(0) != VAL_UNDEFINED && host_buffer_source(vm, ARG(0), &p, &n) == 0)
        return vm_throw_type_error(vm, "TextDecoder.prototype.decode: input must be an ArrayBuffer or a view");
    bool stream;
    if (host_dict_bool(vm, ARG(1), "stream", &stream) < 0) return VAL_EXCEPTION;
    if (stream) return vm_throw_type_error(vm, "TextDecoder.prototype.decode: the stream option is not supported");
    if (ARG(0) == VAL_UNDEFINED) return ATOM(vm, empty);
    host_buffer_source(vm, ARG(0), &p, &n);   /* re-derive: the options getters may have run JS */
    Value *s = obj_slot(vm, this_val, 0);
    return host_utf8_decode(vm, p, n, s[1] == VAL_TRUE, s[2] == VAL_TRUE);
}

/* get TextDecoder.prototype.fatal / ignoreBOM (magic selects the slot). */
static Value host_decoder_flag(VM *vm, Value this_val, int slot, const char *what) {
    if (!host_is_tagged(vm, this_val, TAG_DECODER)) return vm_throw_type_error(vm, "%s getter called on an incompatible receiver", what);
    return *obj_slot(vm, this_val, slot) == VAL_TRUE ? VAL_TRUE : VAL_FALSE;
}
NATIVE(host_TextDecoder_fatal) { UNUSED_NATIVE_ARGS; return host_decoder_flag(vm, this_val, 1, "fatal"); }
NATIVE(host_TextDecoder_ignoreBOM) { UNUSED_NATIVE_ARGS; return host_decoder_flag(vm, this_val, 2, "ignoreBOM"); }

/* ---------------------------------------------------------------------------------------
 * Base64 (RFC 4648 standard alphabet, with padding)
 * ------------------------------------------------------------------------------------- */

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64.encode(data): data is an ArrayBuffer or a view (its bytes) or anything else
 * (the UTF-8 bytes of its string). Returns the base64 string. */
NATIVE(host_Base64_encode) {
    UNUSED_NATIVE_ARGS;
    const uint8_t *p;
    size_t n;
    char *owned = NULL;
    if (host_buffer_source(vm, ARG(0), &p, &n) == 0) {
        size_t mark = vm->nroots;
        Value s = to_string(vm, ARG(0));
        vm->nroots = mark;
        if (s == VAL_EXCEPTION) return s;
        owned = str_to_utf8(vm, s, &n);
        if (!owned) return vm_throw_out_of_memory(vm);
        p = (const uint8_t *)owned;
    }
    if (n > (size_t)STR_MAX_LEN / 4 * 3) { free(owned); return vm_throw_range_error(vm, "Base64.encode: input too large"); }
    size_t olen = (n + 2) / 3 * 4;
    uint8_t *out;
    Value r = str_alloc_latin1(vm, olen, &out);
    if (r == VAL_EXCEPTION) { free(owned); return r; }
    if (!owned) host_buffer_source(vm, ARG(0), &p, &n);   /* re-derive after allocating */
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t x = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = (uint8_t)b64_alphabet[x >> 18];
        out[o++] = (uint8_t)b64_alphabet[(x >> 12) & 63];
        out[o++] = (uint8_t)b64_alphabet[(x >> 6) & 63];
        out[o++] = (uint8_t)b64_alphabet[x & 63];
    }
    if (i < n) {
        uint32_t x = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
        out[o++] = (uint8_t)b64_alphabet[x >> 18];
        out[o++] = (uint8_t)b64_alphabet[(x >> 12) & 63];
        out[o++] = i + 1 < n ? (uint8_t)b64_alphabet[(x >> 6) & 63] : '=';
        out[o++] = '=';
    }
    free(owned);
    return r;
}

/* Value of one base64 character, or -1. */
static int b64_value(uint16_t c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Base64.decode(string): an ArrayBuffer. ASCII white space is ignored and the padding is
 * optional (WHATWG forgiving-base64); any other character is a SyntaxError. */
NATIVE(host_Base64_decode) {
    UNUSED_NATIVE_ARGS;
    size_t mark = vm->nroots;
    Value s = to_string(vm, ARG(0));
    vm->nroots = mark;
    if (s == VAL_EXCEPTION) return s;
    s = str_flatten(vm, s);
    if (s == VAL_EXCEPTION) return s;
    uint32_t len = str_length(vm, s);
    uint8_t *out = malloc((size_t)len / 4 * 3 + 3);
    if (!out) return vm_throw_out_of_memory(vm);
    size_t o = 0, nchars = 0, npad = 0;
    uint32_t acc = 0;
    for (uint32_t i = 0; i < len; i++) {
        uint16_t c = str_at(vm, s, i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') continue;
        if (c == '=') { npad++; continue; }
        int v = b64_value(c);
        if (v < 0 || npad) { free(out); return vm_throw_syntax_error(vm, "Base64.decode: invalid character"); }
        acc = acc << 6 | (uint32_t)v;
        if (++nchars % 4 == 0) {
            out[o++] = (uint8_t)(acc >> 16); out[o++] = (uint8_t)(acc >> 8); out[o++] = (uint8_t)acc;
            acc = 0;
        }
    }
    size_t rem = nchars % 4;
    if (rem == 1 || npad > 2 || (npad && (rem + npad) % 4 != 0)) {
        free(out);
        return vm_throw_syntax_error(vm, "Base64.decode: invalid length or padding");
    }
    if (rem == 2) out[o++] = (uint8_t)(acc >> 4);
    else if (rem == 3) { out[o++] = (uint8_t)(acc >> 10); out[o++] = (uint8_t)(acc >> 2); }
    Value r = host_array_buffer(vm, out, o);
    free(out);
    return r;
}

/* ---------------------------------------------------------------------------------------
 * harden
 * ------------------------------------------------------------------------------------- */

/* Append v to the work queue *q (a list: [0] = count, then items), growing it. -1 OOM. */
static int harden_push(VM *vm, Value *q, Value v) {
    if (!val_is_object(v)) return 0;
    uint32_t n = (uint32_t)val_to_int(list_items(vm, *q)[0]);
    uint32_t cap = list_count(vm, *q) - 1;
    if (n == cap) {
        if (cap >= (1u << 28)) { vm_throw_range_error(vm, "harden: object graph too large"); return -1; }
        Value nq = list_new(vm, cap * 2 + 1);
        if (nq == VAL_EXCEPTION) return -1;
        memcpy(list_items(vm, nq), list_items(vm, *q), (cap + 1) * sizeof(Value));
        *q = nq;
    }
    list_items(vm, *q)[1 + n] = v;
    list_items(vm, *q)[0] = val_int((int32_t)(n + 1));
    return 0;
}

/* Whether an own key of a typed array is an integer index (those elements stay writable). */
static bool harden_is_index_key(VM *vm, Value key) {
    uint32_t idx;
    if (key_is_index(vm, key, &idx)) return true;
    return val_is_string(key) && (CELL(vm, val_ref(key))->flags & STR_INDEX);
}

/* A typed array's elements cannot be frozen (SES treats typed arrays the same way), so its
 * "frozen" state is: not extensible, every named (non-index) own property non-configurable
 * and, for data properties, non-writable. With `apply` 0, test that state (1 / 0 / -1
 * threw); with `apply` 1, establish it (1, 0 when refused, -1 threw). */
static int harden_typed_array_step(VM *vm, Value obj, int apply) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    Value keys = VAL_UNDEFINED;
    vm_root(vm, &obj);
    vm_root(vm, &keys);
    size_t inner = vm->nroots;
    int r;
    if (apply) {
        r = obj_prevent_extensions(vm, obj);          /* 1 done, 0 refused, -1 threw */
    } else {
        int ext = obj_is_extensible(vm, obj);
        r = ext < 0 ? -1 : !ext;                       /* extensible: not hardened */
    }
    vm->nroots = inner;
    if (r == 1) {
        keys = obj_own_keys(vm, obj);
        vm->nroots = inner;
        if (keys == VAL_EXCEPTION) r = -1;
    }
    uint32_t n = r == 1 ? list_count(vm, keys) : 0;
    for (uint32_t i = 0; i < n && r == 1; i++) {
        Value k = list_items(vm, keys)[i];
        if (harden_is_index_key(vm, k)) continue;
        PropDesc cur, d;
        int h = obj_get_own_property(vm, obj, k, &cur);
        vm->nroots = inner;
        if (h < 0) { r = -1; break; }
        if (h == 0) continue;
        bool accessor = (cur.has & (DESC_HAS_GET | DESC_HAS_SET)) != 0;
        bool frozen = !(cur.flags & PROP_CONFIGURABLE) && (accessor || !(cur.flags & PROP_WRITABLE));
        if (!apply) {
            if (!frozen) r = 0;
            continue;
        }
        desc_init(&d);
        d.has = DESC_HAS_CONFIGURABLE;
        if (!accessor) d.has |= DESC_HAS_WRITABLE;
        if (obj_define_property_throw(vm, obj, list_items(vm, keys)[i], &d) < 0) r = -1;
        vm->nroots = inner;
    }
    vm->nroots = mark;
    return r;
}

/* Whether obj counts as hardened already: frozen; for a typed array, frozen as far as a
 * typed array can be (harden_typed_array_step). 1 / 0 / -1 threw. */
static int harden_done(VM *vm, Value obj) {
    size_t mark = vm->nroots;
    int r;
    if (!is_typed_array(vm, obj)) r = obj_test_integrity(vm, obj, 1);
    else r = harden_typed_array_step(vm, obj, 0);
    vm->nroots = mark;
    return r;
}

/* harden(root): freeze root and everything reachable from it through own properties
 * (values and accessor functions) and prototypes, breadth first, with an explicit queue in
 * the heap (no C recursion). An object that is already frozen is taken as hardened and not
 * walked again. Returns root. */
NATIVE(host_harden) {
    UNUSED_NATIVE_ARGS;
    VM_ROOT_SCOPE(vm);
    Value root = ARG(0);
    if (!val_is_object(root)) return root;
    Value q = list_new(vm, 17), cur = VAL_UNDEFINED, keys = VAL_UNDEFINED;
    if (q == VAL_EXCEPTION) return q;
    list_items(vm, q)[0] = val_int(0);
    vm_root(vm, &q); vm_root(vm, &cur); vm_root(vm, &keys);
    if (harden_push(vm, &q, root) < 0) return VAL_EXCEPTION;
    size_t mark = vm->nroots;
    for (uint32_t head = 1; head <= (uint32_t)val_to_int(list_items(vm, q)[0]); head++) {
        cur = list_items(vm, q)[head];
        list_items(vm, q)[head] = VAL_UNDEFINED;
        int done = harden_done(vm, cur);
        vm->nroots = mark;
        if (done < 0) return VAL_EXCEPTION;
        if (done) continue;
        int r = is_typed_array(vm, cur) ? harden_typed_array_step(vm, cur, 1) : obj_set_integrity(vm, cur, 1);
        vm->nroots = mark;
        if (r < 0) return VAL_EXCEPTION;
        if (r == 0) return vm_throw_type_error(vm, "harden: cannot freeze an object");
        Value proto = obj_get_prototype_of(vm, cur);
        vm->nroots = mark;
        if (proto == VAL_EXCEPTION || harden_push(vm, &q, proto) < 0) return VAL_EXCEPTION;
        keys = obj_own_keys(vm, cur);
        vm->nroots = mark;
        if (keys == VAL_EXCEPTION) return VAL_EXCEPTION;
        uint32_t n = list_count(vm, keys);
        for (uint32_t i = 0; i < n; i++) {
            PropDesc d;
            int h = obj_get_own_property(vm, cur, list_items(vm, keys)[i], &d);
            vm->nroots = mark;
            if (h < 0) return VAL_EXCEPTION;
            if (!h) continue;
            if (d.has & (DESC_HAS_GET | DESC_HAS_SET)) {
                if (harden_push(vm, &q, d.get) < 0 || harden_push(vm, &q, d.set) < 0) return VAL_EXCEPTION;
            } else if (harden_push(vm, &q, d.value) < 0) {
                return VAL_EXCEPTION;
            }
        }
    }
    return ARG(0);
}

/* ---------------------------------------------------------------------------------------
 * Registration and installation
 * ------------------------------------------------------------------------------------- */

/* The host function table, in registration order (append only: snapshots name these). */
typedef struct HostFn {
    const char *name;      /* registered name (snapshot NATV entry) */
    NativeFn fn;           /* the C function */
    int length;            /* "length" of the function object */
} HostFn;

static const HostFn host_fns[] = {
    { "issueCommand", host_issueCommand, 1 },
    { "setImmediate", host_setImmediate, 1 },
    { "gc", host_gc, 0 },
    { "currentMeterLimit", host_currentMeterLimit, 0 },
    { "resetMeter", host_resetMeter, 2 },
    { "performance.now", host_performance_now, 0 },
    { "TextEncoder", host_TextEncoder, 0 },
    { "TextEncoder.prototype.encode", host_TextEncoder_encode, 0 },
    { "TextEncoder.prototype.encodeInto", host_TextEncoder_encodeInto, 2 },
    { "TextEncoder.prototype.encoding", host_encoding_getter, 0 },
    { "TextDecoder", host_TextDecoder, 0 },
    { "TextDecoder.prototype.decode", host_TextDecoder_decode, 0 },
    { "TextDecoder.prototype.fatal", host_TextDecoder_fatal, 0 },
    { "TextDecoder.prototype.ignoreBOM", host_TextDecoder_ignoreBOM, 0 },
    { "Base64.encode", host_Base64_encode, 1 },
    { "Base64.decode", host_Base64_decode, 1 },
    { "harden", host_harden, 1 },
};
enum { HOST_FN_COUNT = sizeof host_fns / sizeof host_fns[0] };

/* The snapshot header's native signature covers the built-in natives only
 * (docs/snapshot-format.md); host functions are matched by name through the NATV section.
 * vm_register_host_function folds each host name into vm->native_signature as well, which
 * would make a worker's snapshots unreadable (the loader compares the signature before it
 * registers host functions), so the built-in signature is restored after registering. */
int host_register(VM *vm, void *ctx) {
    (void)ctx;
    uint64_t builtin_signature = vm->native_signature;
    for (int i = 0; i < HOST_FN_COUNT; i++)
        if (vm_register_host_function(vm, host_fns[i].name, host_fns[i].fn, host_fns[i].length) < 0) return -1;
    vm->native_signature = builtin_signature;
    return 0;
}

/* The function object for host function i, named `name` (prefix "get" for getters). */
static Value host_make_fn(VM *vm, int i, const char *name, const char *prefix) {
    VM_ROOT_SCOPE(vm);
    int id = vm_native_id(vm, host_fns[i].fn, 0);
    if (id < 0) return vm_throw_type_error(vm, "host function %s is not registered", host_fns[i].name);
    Value f = vm_new_native_function(vm, vm->natives[id], vm_intrinsic(vm, INTR_FunctionPrototype));
    if (f == VAL_EXCEPTION || !name) return f;
    vm_root(vm, &f);
    Value a = atom_from_cstr(vm, name);
    if (a == VAL_EXCEPTION || fn_set_name(vm, f, a, prefix) < 0) return VAL_EXCEPTION;
    return f;
}

/* Index of a host function by its C function. */
static int host_index(NativeFn fn) {
    for (int i = 0; i < HOST_FN_COUNT; i++)
        if (host_fns[i].fn == fn) return i;
    return 0;
}

/* Define method `name` (host function fn) on obj. */
static int host_method(VM *vm, Value obj, NativeFn fn, const char *name) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value f = host_make_fn(vm, host_index(fn), name, NULL);
    if (f == VAL_EXCEPTION) return -1;
    vm_root(vm, &f);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, obj, key, f, PROP_METHOD);
}

/* Define accessor `name` (getter only) on obj. */
static int host_getter(VM *vm, Value obj, NativeFn fn, const char *name) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value f = host_make_fn(vm, host_index(fn), name, "get");
    if (f == VAL_EXCEPTION) return -1;
    vm_root(vm, &f);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return -1;
    return obj_define_accessor_fast(vm, obj, key, f, VAL_UNDEFINED, PROP_CONFIGURABLE);
}

/* Define obj[Symbol.toStringTag] = tag (configurable only). */
static int host_to_string_tag(VM *vm, Value obj, const char *tag) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &obj);
    Value s = str_from_cstr(vm, tag);
    if (s == VAL_EXCEPTION) return -1;
    return obj_define_fast(vm, obj, vm_wks(vm, WKS_toStringTag), s, PROP_CONFIGURABLE);
}

/* Make a constructor (host function fn) with a fresh prototype; stores the prototype in
 * host data slot `slot` and defines the global `name`. */
static int host_class(VM *vm, NativeFn fn, const char *name, int slot, Value *proto_out) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new_plain(vm);
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto);
    int id = vm_native_id(vm, fn, 0);
    if (id < 0) return -1;
    Value ctor = vm_make_constructor(vm, vm->natives[id], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    vm_root(vm, &ctor);
    host_data(vm)[slot] = proto;
    if (host_to_string_tag(vm, proto, name) < 0 || vm_define_global(vm, name, ctor) < 0) return -1;
    *proto_out = proto;
    return 0;
}

int host_install(VM *vm) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    int rc = -1;
    Value hd = list_new(vm, HD_COUNT);
    if (hd == VAL_EXCEPTION) goto out;
    Value *d = list_items(vm, hd);
    for (int i = 0; i < HD_COUNT; i++) d[i] = VAL_UNDEFINED;
    d[HD_VERSION] = val_int(HOST_DATA_VERSION);
    d[HD_COMPUTRONS] = val_int(0);
    vm->roots[ROOT_HOST_DATA] = hd;

    static const struct { NativeFn fn; const char *name; } globals[] = {
        { host_issueCommand, "issueCommand" }, { host_setImmediate, "setImmediate" },
        { host_gc, "gc" }, { host_currentMeterLimit, "currentMeterLimit" },
        { host_resetMeter, "resetMeter" }, { host_harden, "harden" },
    };
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        Value f = host_make_fn(vm, host_index(globals[i].fn), NULL, NULL);
        if (f == VAL_EXCEPTION || vm_define_global(vm, globals[i].name, f) < 0) goto out;
    }
    Value perf = obj_new_plain(vm), b64 = VAL_UNDEFINED, proto = VAL_UNDEFINED;
    vm_root(vm, &perf); vm_root(vm, &b64); vm_root(vm, &proto);
    if (perf == VAL_EXCEPTION || host_method(vm, perf, host_performance_now, "now") < 0 ||
        vm_define_global(vm, "performance", perf) < 0)
        goto out;
    b64 = obj_new_plain(vm);
    if (b64 == VAL_EXCEPTION || host_method(vm, b64, host_Base64_encode, "encode") < 0 ||
        host_method(vm, b64, host_Base64_decode, "decode") < 0 || vm_define_global(vm, "Base64", b64) < 0)
        goto out;
    if (host_class(vm, host_TextEncoder, "TextEncoder", HD_ENCODER_PROTO, &proto) < 0 ||
        host_method(vm, proto, host_TextEncoder_encode, "encode") < 0 ||
        host_method(vm, proto, host_TextEncoder_encodeInto, "encodeInto") < 0 ||
        host_getter(vm, proto, host_encoding_getter, "encoding") < 0)
        goto out;
    if (host_class(vm, host_TextDecoder, "TextDecoder", HD_DECODER_PROTO, &proto) < 0 ||
        host_method(vm, proto, host_TextDecoder_decode, "decode") < 0 ||
        host_getter(vm, proto, host_encoding_getter, "encoding") < 0 ||
        host_getter(vm, proto, host_TextDecoder_fatal, "fatal") < 0 ||
        host_getter(vm, proto, host_TextDecoder_ignoreBOM, "ignoreBOM") < 0)
        goto out;
    rc = 0;
out:
    vm->nroots = mark;
    return rc;
}

/* ---------------------------------------------------------------------------------------
 * C-side hooks
 * ------------------------------------------------------------------------------------- */

/* The engine's Date.now source (builtins/date.c). The worker gives JavaScript no clock:
 * Date.now() is NaN and new Date() an invalid date (DESIGN C5), as in an SES compartment. */
extern double (*cryo_date_now_hook)(VM *vm);
static double host_date_now(VM *vm) { (void)vm; return NAN; }

static int host_print_meter;   /* -p: prefix print() lines with the meter */

/* print() output: straight to fd 1 (unbuffered, so it interleaves with the protocol). */
static void host_print(VM *vm, const char *utf8, size_t len) {
    if (host_print_meter) {
        char pre[32];
        int n = snprintf(pre, sizeof pre, "[%llu] ", (unsigned long long)vm->meter);
        if (write(1, pre, (size_t)n) < 0) return;
    }
    while (len > 0) {
        ssize_t w = write(1, utf8, len);
        if (w <= 0) return;
        utf8 += w;
        len -= (size_t)w;
    }
}

void host_set_hooks(VM *vm, int print_meter) {
    cryo_date_now_hook = host_date_now;
    host_print_meter = print_meter;
    vm->print_hook = host_print;
}
