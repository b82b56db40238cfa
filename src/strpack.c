/* strpack.c — packed strings: long UTF-16 strings kept compressed in the heap.
 *
 * The representation and its invariants are stated in vm.h (STR_PACKED); the byte format is
 * normative in docs/snapshot-format.md ("Packed strings"). In short: a packed string is a
 * CELL_STRING whose characters are stored as WTF-8 (UTF-8 that also encodes lone
 * surrogates) compressed by the small LZ77 coder below. Only the snapshot writer's
 * collection packs, and it packs every flat UTF-16 string of at least vm->strpack_min units
 * whose packed cell is at most 3/4 of the flat cell, so whether and how a string is packed
 * is a function of its characters alone (C2). The compressor is ours and fixed: its output
 * never depends on a library version, the build or memory contents.
 *
 * LZ stream: a sequence of commands, each
 *     varint L, then L literal bytes, then — unless the stream ends here — varint M, varint D
 * meaning "append the L literals, then copy M+4 bytes starting D+1 bytes back in the output"
 * (the copy may overlap its own output). Varints are LEB128, at most 5 bytes. */
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "gc_weak.h"

#define LZ_MIN_MATCH 4
#define LZ_WINDOW_BITS 16
#define LZ_WINDOW (1u << LZ_WINDOW_BITS)   /* matches reach at most this far back */
#define LZ_MAX_HASH_BITS 15
#define LZ_INDEX_ALL 32                    /* matches up to this long have every position indexed */
#define LZ_CHAIN_DEPTH 8                   /* candidates tried per position */

/* Encode u[0..len) as WTF-8 (a surrogate pair is one 4-byte sequence, a lone surrogate a
 * 3-byte one) into out, which has room for 3 * len bytes; returns the bytes written. */
static size_t wtf8_encode(const uint16_t *u, uint32_t len, uint8_t *out) {
    uint8_t *start = out;
    for (uint32_t i = 0; i < len; i++) {
        uint32_t c = u[i];
        if (c < 0x80) { *out++ = (uint8_t)c; continue; }
        if (c < 0x800) { *out++ = (uint8_t)(0xC0 | (c >> 6)); *out++ = (uint8_t)(0x80 | (c & 0x3F)); continue; }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            uint32_t cp = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00u);
            *out++ = (uint8_t)(0xF0 | (cp >> 18));
            *out++ = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
            *out++ = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (uint8_t)(0x80 | (cp & 0x3F));
            continue;
        }
        *out++ = (uint8_t)(0xE0 | (c >> 12));
        *out++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        *out++ = (uint8_t)(0x80 | (c & 0x3F));
    }
    return (size_t)(out - start);
}

/* Decode exactly n bytes of WTF-8 into exactly len units at dst. Returns the largest unit
 * seen, or -1 when the bytes are not WTF-8 or do not make exactly len units. */
static int32_t wtf8_decode(const uint8_t *p, size_t n, uint16_t *dst, uint32_t len) {
    const uint8_t *end = p + n;
    uint32_t k = 0, max = 0;
    while (p < end) {
        uint32_t c = *p++, cp, need, min;
        if (c < 0x80) { cp = c; need = 0; min = 0; }
        else if (c >= 0xC2 && c <= 0xDF) { cp = c & 0x1F; need = 1; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { cp = c & 0x0F; need = 2; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { cp = c & 0x07; need = 3; min = 0x10000; }
        else return -1;
        if ((size_t)(end - p) < need) return -1;
        for (uint32_t j = 0; j < need; j++) {
            if ((p[j] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (p[j] & 0x3Fu);
        }
        p += need;
        if (cp < min || cp > 0x10FFFF) return -1;
        if (cp >= 0x10000) {
            if (len - k < 2) return -1;
            cp -= 0x10000;
            dst[k++] = (uint16_t)(0xD800 + (cp >> 10));
            dst[k++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
            max = 0xDC00;
            continue;
        }
        if (k == len) return -1;
        dst[k++] = (uint16_t)cp;
        if (cp > max) max = cp;
    }
    return k == len ? (int32_t)max : -1;
}

/* Append the LEB128 varint v at *o; returns the new end. */
static uint8_t *put_varint(uint8_t *o, uint32_t v) {
    while (v >= 0x80) { *o++ = (uint8_t)(v | 0x80); v >>= 7; }
    *o++ = (uint8_t)v;
    return o;
}

/* Read a varint from [*p, end) into *v; -1 when truncated or longer than 5 bytes. */
static int get_varint(const uint8_t **p, const uint8_t *end, uint32_t *v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (*p == end) return -1;
        uint8_t b = *(*p)++;
        x |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            if (x > 0xFFFFFFFFu) return -1;
            *v = (uint32_t)x;
            return 0;
        }
    }
    return -1;
}

/* Hash of the 4 bytes at p, into `bits` bits (byte order fixed, not the host's). */
static inline uint32_t lz_hash4(const uint8_t *p, unsigned bits) {
    uint32_t x = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return (x * 2654435761u) >> (32 - bits);
}

/* Length of the common prefix of a and b, at most max bytes (8 bytes at a time). */
static inline size_t lz_common(const uint8_t *a, const uint8_t *b, size_t max) {
    size_t l = 0;
    while (l + 8 <= max) {
        uint64_t x, y;
        memcpy(&x, a + l, 8);
        memcpy(&y, b + l, 8);
        if (x != y) break;
        l += 8;
    }
    while (l < max && a[l] == b[l]) l++;
    return l;
}

/* Worst-case size of the LZ stream for n input bytes: a command of 4 matched bytes can take
 * 5 bytes (a 1-byte literal count, a 1-byte length, a 3-byte distance), and the final
 * literal count up to 5. */
static size_t lz_bound(size_t n) { return n + (n >> 1) + 32; }

/* Compress in[0..n) into out (lz_bound(n) bytes). Greedy parse with hash chains of bounded
 * depth over a 64 KiB window; deterministic. `head`/`prev` are scratch tables of 2^15 and
 * LZ_WINDOW entries. Returns the compressed length. */
static size_t lz_compress(const uint8_t *in, size_t n, uint8_t *out, uint32_t *head, uint32_t *prev) {
    unsigned bits = 10;
    while (bits < LZ_MAX_HASH_BITS && ((size_t)1 << bits) < n) bits++;
    memset(head, 0, sizeof(uint32_t) << bits);
    uint8_t *o = out;
    size_t pos = 0, lit = 0;
    while (n >= LZ_MIN_MATCH && pos + LZ_MIN_MATCH <= n) {
        uint32_t h = lz_hash4(in + pos, bits);
        size_t best = 0, best_dist = 0;
        uint32_t cand = head[h];
        for (int depth = 0; cand && depth < LZ_CHAIN_DEPTH; depth++) {
            size_t c = cand - 1;
            if (pos - c >= LZ_WINDOW) break;
            if (best == 0 || in[c + best] == in[pos + best]) {
                size_t max = n - pos, l = lz_common(in + c, in + pos, max);
                if (l > best) { best = l; best_dist = pos - c; }
                if (l == max) break;   /* matches to the end: nothing can be longer */
            }
            cand = prev[c & (LZ_WINDOW - 1)];
        }
        prev[pos & (LZ_WINDOW - 1)] = head[h];
        head[h] = (uint32_t)pos + 1;
        if (best < LZ_MIN_MATCH) { pos++; continue; }
        o = put_varint(o, (uint32_t)(pos - lit));
        memcpy(o, in + lit, pos - lit);
        o += pos - lit;
        o = put_varint(o, (uint32_t)(best - LZ_MIN_MATCH));
        o = put_varint(o, (uint32_t)(best_dist - 1));
        /* index the positions inside the match too (better matches later); of a long
         * match only the last 15 (the others would mostly repeat it: on repetitive text
         * indexing them all was half the packing time) */
        size_t stop = pos + best;
        if (best > LZ_INDEX_ALL) pos = stop - 16;
        for (pos++; pos < stop; pos++) {
            if (pos + LZ_MIN_MATCH > n) { pos = stop; break; }
            uint32_t hh = lz_hash4(in + pos, bits);
            prev[pos & (LZ_WINDOW - 1)] = head[hh];
            head[hh] = (uint32_t)pos + 1;
        }
        lit = pos;
    }
    o = put_varint(o, (uint32_t)(n - lit));
    memcpy(o, in + lit, n - lit);
    o += n - lit;
    return (size_t)(o - out);
}

/* Decompress in[0..n) into exactly out_len bytes at out. 0, or -1 when the stream is
 * malformed (a copy reaching before the start, output too long or too short). */
static int lz_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t out_len) {
    const uint8_t *p = in, *end = in + n;
    size_t k = 0;
    while (p < end) {
        uint32_t lit, m, d;
        if (get_varint(&p, end, &lit) < 0 || lit > (size_t)(end - p) || lit > out_len - k) return -1;
        memcpy(out + k, p, lit);
        p += lit;
        k += lit;
        if (p == end) break;
        if (get_varint(&p, end, &m) < 0 || get_varint(&p, end, &d) < 0) return -1;
        size_t len = (size_t)m + LZ_MIN_MATCH, dist = (size_t)d + 1;
        if (dist > k || len > out_len - k) return -1;
        uint8_t *to = out + k;
        const uint8_t *from = to - dist;
        k += len;
        if (dist >= len) { memcpy(to, from, len); continue; }
        if (dist >= 8) {   /* each 8-byte step reads only bytes already written */
            for (; len >= 8; len -= 8, to += 8, from += 8) memcpy(to, from, 8);
        }
        while (len--) *to++ = *from++;
    }
    return k == out_len ? 0 : -1;
}

/* ------------------------------------------------------------------------------------ */
/* The entropy stage: the LZ stream's bytes, Huffman-coded (one code for the whole stream). */

#define HUF_MAX_BITS 12                 /* longest code; the decoder's table has 2^12 entries */
#define HUF_HEADER (1 + 4 + 128)        /* mode byte, u32 LZ stream length, 256 4-bit lengths */

/* Optimal code lengths for the byte frequencies freq[256] (0 for absent bytes), then limited
 * to HUF_MAX_BITS: over-long codes are cut to the limit and, while the lengths overfill the
 * code space, the lowest-numbered byte with the longest code below the limit gets one bit
 * longer. Ties are broken by byte value throughout, so the result is a function of freq. */
static void huf_lengths(const uint32_t *freq, uint8_t *len) {
    uint16_t order[256];
    uint64_t w[511];
    int16_t parent[511];
    uint8_t depth[511];
    int n = 0;
    memset(len, 0, 256);
    for (int s = 0; s < 256; s++)
        if (freq[s]) order[n++] = (uint16_t)s;
    if (n == 0) return;
    if (n == 1) { len[order[0]] = 1; return; }
    for (int i = 1; i < n; i++) {   /* insertion sort by (frequency, byte) */
        uint16_t s = order[i];
        int j = i;
        for (; j > 0 && (freq[order[j - 1]] > freq[s] || (freq[order[j - 1]] == freq[s] && order[j - 1] > s)); j--)
            order[j] = order[j - 1];
        order[j] = s;
    }
    for (int i = 0; i < n; i++) w[i] = freq[order[i]];
    /* two queues: sorted leaves [leaf, n) and internal nodes [inner, next) in creation order */
    int leaf = 0, inner = n, next = n;
    for (int k = 0; k < n - 1; k++) {
        int pick[2];
        for (int j = 0; j < 2; j++)
            pick[j] = (leaf < n && (inner == next || w[leaf] <= w[inner])) ? leaf++ : inner++;
        w[next] = w[pick[0]] + w[pick[1]];
        parent[pick[0]] = parent[pick[1]] = (int16_t)next;
        next++;
    }
    depth[next - 1] = 0;
    for (int i = next - 2; i >= 0; i--) depth[i] = (uint8_t)(depth[parent[i]] + 1 > 255 ? 255 : depth[parent[i]] + 1);
    uint32_t kraft = 0;   /* in units of 2^-HUF_MAX_BITS */
    for (int i = 0; i < n; i++) {
        int d = depth[i] > HUF_MAX_BITS ? HUF_MAX_BITS : depth[i];
        len[order[i]] = (uint8_t)d;
        kraft += 1u << (HUF_MAX_BITS - d);
    }
    while (kraft > (1u << HUF_MAX_BITS)) {
        int best = -1;
        for (int s = 0; s < 256; s++)
            if (len[s] && len[s] < HUF_MAX_BITS && (best < 0 || len[s] > len[best])) best = s;
        kraft -= 1u << (HUF_MAX_BITS - len[best] - 1);
        len[best]++;
    }
}

/* Canonical codes for lengths len[256]: shorter codes first, then by byte value. */
static void huf_codes(const uint8_t *len, uint16_t *code) {
    uint16_t count[HUF_MAX_BITS + 1] = {0}, next[HUF_MAX_BITS + 2];
    for (int s = 0; s < 256; s++) count[len[s]]++;
    count[0] = 0;
    uint32_t c = 0;
    for (int b = 1; b <= HUF_MAX_BITS; b++) {
        c = (c + count[b - 1]) << 1;
        next[b] = (uint16_t)c;
    }
    for (int s = 0; s < 256; s++)
        if (len[s]) code[s] = next[len[s]]++;
}

/* Huffman-code the n bytes at in into out (room for HUF_HEADER + 2n bytes): mode byte 1,
 * u32 n, the 4-bit code length of each byte value (low nibble first), then the codes,
 * most significant bit first, the last byte zero-padded. Returns the bytes written. */
static size_t huf_encode(const uint8_t *in, size_t n, uint8_t *out) {
    uint32_t freq[256] = {0};
    uint8_t len[256];
    uint16_t code[256];
    for (size_t i = 0; i < n; i++) freq[in[i]]++;
    huf_lengths(freq, len);
    huf_codes(len, code);
    uint8_t *o = out;
    *o++ = 1;
    for (int i = 0; i < 4; i++) *o++ = (uint8_t)(n >> (8 * i));
    for (int s = 0; s < 256; s += 2) *o++ = (uint8_t)(len[s] | (len[s + 1] << 4));
    uint64_t acc = 0;
    unsigned nbits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << len[in[i]]) | code[in[i]];
        nbits += len[in[i]];
        while (nbits >= 8) { nbits -= 8; *o++ = (uint8_t)(acc >> nbits); }
    }
    if (nbits) *o++ = (uint8_t)(acc << (8 - nbits));
    return (size_t)(o - out);
}

/* Decode a mode-1 payload (in[0..n), mode byte included) into its LZ stream: a malloc'd
 * buffer of *out_len bytes, or NULL when the payload is malformed or memory is short. */
static uint8_t *huf_decode(const uint8_t *in, size_t n, size_t max_len, size_t *out_len) {
    if (n < HUF_HEADER) return NULL;
    size_t m = (size_t)in[1] | ((size_t)in[2] << 8) | ((size_t)in[3] << 16) | ((size_t)in[4] << 24);
    if (m > max_len) return NULL;
    uint8_t len[256];
    for (int s = 0; s < 256; s += 2) { len[s] = in[5 + s / 2] & 15; len[s + 1] = in[5 + s / 2] >> 4; }
    uint32_t kraft = 0;
    for (int s = 0; s < 256; s++) {
        if (len[s] > HUF_MAX_BITS) return NULL;
        if (len[s]) kraft += 1u << (HUF_MAX_BITS - len[s]);
    }
    if (kraft > (1u << HUF_MAX_BITS)) return NULL;
    uint16_t code[256];
    huf_codes(len, code);
    /* table: the next HUF_MAX_BITS bits -> (byte << 4 | code length); 0 = no code */
    uint16_t *table = calloc((size_t)1 << HUF_MAX_BITS, sizeof(uint16_t));
    uint8_t *out = malloc(m ? m : 1);
    if (!table || !out) { free(table); free(out); return NULL; }
    for (int s = 0; s < 256; s++) {
        if (!len[s]) continue;
        uint32_t first = (uint32_t)code[s] << (HUF_MAX_BITS - len[s]), count = 1u << (HUF_MAX_BITS - len[s]);
        for (uint32_t i = 0; i < count; i++) table[first + i] = (uint16_t)(s << 4 | len[s]);
    }
    const uint8_t *p = in + HUF_HEADER, *end = in + n;
    size_t total_bits = 8 * (size_t)(end - p), used = 0;
    uint64_t acc = 0;
    unsigned nbits = 0;
    for (size_t k = 0; k < m; k++) {
        if (nbits < HUF_MAX_BITS) {
            if (end - p >= 8) {
                /* refill whole bytes, as many as fit below bit 63, from one 8-byte read */
                uint64_t w = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
                             (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | (uint64_t)p[7];
                unsigned take = (63 - nbits) >> 3;
                acc = (acc << (8 * take)) | (w >> (64 - 8 * take));
                p += take;
                nbits += 8 * take;
            } else {
                while (nbits < HUF_MAX_BITS) {   /* past the end, zero bits: caught by `used` below */
                    acc = (acc << 8) | (p < end ? *p++ : 0);
                    nbits += 8;
                }
            }
        }
        uint16_t e = table[(acc >> (nbits - HUF_MAX_BITS)) & ((1u << HUF_MAX_BITS) - 1)];
        unsigned l = e & 15;
        if (!e || used + l > total_bits) { free(table); free(out); return NULL; }
        out[k] = (uint8_t)(e >> 4);
        nbits -= l;
        used += l;
    }
    free(table);
    if (total_bits - used >= 8) { free(out); return NULL; }   /* whole bytes left over */
    *out_len = m;
    return out;
}

/* Decode a payload (either mode) into exactly out_len bytes at out; 0, or -1 if malformed. */
static int pack_decode(const uint8_t *in, size_t n, uint8_t *out, size_t out_len) {
    if (n == 0) return -1;
    if (in[0] == 0) return lz_decompress(in + 1, n - 1, out, out_len);
    if (in[0] != 1) return -1;
    size_t m;
    uint8_t *lz = huf_decode(in, n, lz_bound(out_len), &m);
    if (!lz) return -1;
    int r = lz_decompress(lz, m, out, out_len);
    free(lz);
    return r;
}

/* Whether a payload of `len` bytes at p fills the `room` bytes after a packed cell's fixed
 * part exactly (up to word padding): 0, 1 when it does not fit, 2 when the padding is not
 * zero (canonical bytes). */
static int payload_fits(const uint8_t *p, size_t room, uint32_t len) {
    if (len > room || room - len >= 8) return 1;
    for (size_t i = len; i < room; i++)
        if (p[i]) return 2;
    return 0;
}

/* Decode packed string cell h into its len units at dst. Returns the largest unit, or -1
 * when the cell's data is malformed (only a hostile snapshot can have that). */
static int32_t packed_decode(const CellHeader *h, uint16_t *dst) {
    const StrPacked *sp = (const StrPacked *)CELL_VALUES(h);
    size_t body = ((size_t)h->size - 1) * 8;
    if (body < sizeof(StrPacked) || sp->payload_len > body - sizeof(StrPacked)) return -1;
    if (sp->raw_len > (size_t)sp->sh.len * 3 || sp->raw_len < sp->sh.len) return -1;   /* 1-3 bytes a unit */
    uint8_t *raw = malloc(sp->raw_len ? sp->raw_len : 1);
    if (!raw) return -2;
    int32_t r = -1;
    if (pack_decode((const uint8_t *)(sp + 1), sp->payload_len, raw, sp->raw_len) == 0)
        r = wtf8_decode(raw, sp->raw_len, dst, sp->sh.len);
    free(raw);
    return r;
}

int strpack_decode_units(const CellHeader *h, uint16_t *dst) {
    int32_t r = packed_decode(h, dst);
    return r < 0 ? -1 : 0;
}

const char *strpack_check(const CellHeader *h, int in_file) {
    const StrPacked *sp = (const StrPacked *)CELL_VALUES(h);
    size_t body = ((size_t)h->size - 1) * 8;
    if (body < sizeof(StrPacked)) return "packed string cell too small";
    if (h->flags != STR_PACKED) return "bad packed string flags";
    if (sp->sh.len == 0 || sp->sh.len > STR_MAX_LEN) return "bad packed string length";
    if (sp->sh.hash == 0) return "packed string without its hash";
    if (in_file && sp->cache != VAL_UNDEFINED) return "packed string with a cached flat form";
    switch (payload_fits((const uint8_t *)(sp + 1), body - sizeof(StrPacked), sp->payload_len)) {
    case 1: return "packed string payload does not fit its cell";
    case 2: return "packed string padding is not zero";
    }
    uint16_t *units = malloc((size_t)sp->sh.len * 2);
    if (!units) return "out of memory checking a packed string";
    int32_t max = packed_decode(h, units);
    free(units);
    if (max == -2) return "out of memory checking a packed string";
    if (max < 0) return "corrupt packed string data";
    if (max < 0x100) return "packed string whose characters are all Latin-1";
    return NULL;
}

Value strpack_flatten(VM *vm, Value s) {
    CellHeader *h = CELL(vm, val_ref(s));
    StrPacked *sp = (StrPacked *)CELL_VALUES(h);
    if (sp->cache != VAL_UNDEFINED) return sp->cache;
    uint16_t *d;
    Value flat = str_alloc_utf16(vm, sp->sh.len, &d);
    if (flat == VAL_EXCEPTION) return flat;
    h = CELL(vm, val_ref(s));   /* allocation does not move cells (no safe point), but be plain */
    sp = (StrPacked *)CELL_VALUES(h);
    int32_t r = packed_decode(h, d);
    if (r == -2) return vm_throw_out_of_memory(vm);
    if (r < 0) return vm_throw_type_error(vm, "corrupt packed string");
    str_header(vm, flat)->hash = sp->sh.hash;
    sp->cache = flat;   /* traced; the snapshot writer's collection drops it (see vm.h) */
    return flat;
}

/* Make room for `need` bytes of scratch and the compressor's tables; -1 when out of memory. */
static int pack_scratch(GcState *gc, size_t need) {
    if (need > gc->pack_cap) {
        size_t cap = need + (need >> 1);
        uint8_t *b = realloc(gc->pack_buf, cap);
        if (!b) return -1;
        gc->pack_buf = b;
        gc->pack_cap = cap;
    }
    if (!gc->pack_tables) {
        gc->pack_tables = malloc(sizeof(uint32_t) * (((size_t)1 << LZ_MAX_HASH_BITS) + LZ_WINDOW));
        if (!gc->pack_tables) return -1;
    }
    return 0;
}

/* Scratch bytes pack_encode needs after its input for n input bytes. */
static size_t pack_need(size_t n) { return 1 + lz_bound(n) + HUF_HEADER + 2 * lz_bound(n); }

/* Encode n bytes at in (pack_need(n) bytes of scratch at out) as a payload: mode 0, the LZ
 * stream; or mode 1, that stream Huffman-coded, when that is smaller. Returns where the
 * payload starts (inside out) and its length in *plen. */
static const uint8_t *pack_encode(GcState *gc, const uint8_t *in, size_t n, uint8_t *out, size_t *plen) {
    out[0] = 0;
    size_t lz = lz_compress(in, n, out + 1, gc->pack_tables, gc->pack_tables + ((size_t)1 << LZ_MAX_HASH_BITS));
    uint8_t *h = out + 1 + lz;
    size_t hl = huf_encode(out + 1, lz, h);
    if (hl < lz + 1) { *plen = hl; return h; }
    *plen = lz + 1;
    return out;
}

/* The body of a packed BYTES_SOURCE cell: lengths, then the payload. */
typedef struct BytesPacked {
    uint32_t raw_len;      /* body bytes of the unpacked cell (a multiple of 8) */
    uint32_t payload_len;  /* bytes of compressed payload after this struct */
} BytesPacked;

/* strpack_gc_copy for a BYTES_SOURCE cell. */
static Ref pack_bytes_copy(GcState *gc, CellHeader *h) {
    size_t raw_len = ((size_t)h->size - 1) * 8, zlen;
    if (pack_scratch(gc, pack_need(raw_len)) < 0) return 0;
    const uint8_t *z = pack_encode(gc, (const uint8_t *)CELL_VALUES(h), raw_len, gc->pack_buf, &zlen);
    size_t words = heap_words_for_bytes(sizeof(BytesPacked) + zlen);
    if (words * 4 > (size_t)h->size * 3) {
        h->flags |= BYTES_NO_PACK;   /* copied with the flag: never tried again */
        return 0;
    }
    Ref r = gc_alloc_to(gc, CELL_BYTES, 0, words);
    CellHeader *n = (CellHeader *)(gc->to + ((size_t)r << 3));
    n->flags = BYTES_SOURCE | BYTES_PACKED;
    BytesPacked *bp = (BytesPacked *)CELL_VALUES(n);
    bp->raw_len = (uint32_t)raw_len;
    bp->payload_len = (uint32_t)zlen;
    memcpy(bp + 1, z, zlen);
    return r;
}

uint8_t *strpack_unpack_bytes(const CellHeader *h, size_t *len) {
    size_t body = ((size_t)h->size - 1) * 8;
    if (!(h->flags & BYTES_PACKED)) {
        uint8_t *out = malloc(body ? body : 1);
        if (out) memcpy(out, CELL_VALUES(h), body);
        *len = body;
        return out;
    }
    const BytesPacked *bp = (const BytesPacked *)CELL_VALUES(h);
    if (body < sizeof(BytesPacked) || bp->payload_len > body - sizeof(BytesPacked)) return NULL;
    uint8_t *out = malloc(bp->raw_len ? bp->raw_len : 1);
    if (!out) return NULL;
    if (pack_decode((const uint8_t *)(bp + 1), bp->payload_len, out, bp->raw_len) < 0) { free(out); return NULL; }
    *len = bp->raw_len;
    return out;
}

const char *strpack_check_bytes(const CellHeader *h) {
    if (h->flags == 0 || h->flags == BYTES_SOURCE || h->flags == (BYTES_SOURCE | BYTES_NO_PACK)) return NULL;
    if (h->flags != (BYTES_SOURCE | BYTES_PACKED)) return "bad bytes cell flags";
    size_t body = ((size_t)h->size - 1) * 8;
    const BytesPacked *bp = (const BytesPacked *)CELL_VALUES(h);
    if (body < sizeof(BytesPacked)) return "packed source cell too small";
    switch (payload_fits((const uint8_t *)(bp + 1), body - sizeof(BytesPacked), bp->payload_len)) {
    case 1: return "packed source payload does not fit its cell";
    case 2: return "packed source padding is not zero";
    }
    if (bp->raw_len % 8 || bp->raw_len > STR_MAX_LEN * 3u) return "bad packed source length";
    size_t n;
    uint8_t *text = strpack_unpack_bytes(h, &n);
    if (!text) return "corrupt packed source data (or out of memory)";
    free(text);
    return NULL;
}

Ref strpack_gc_copy(GcState *gc, CellHeader *h) {
    if (h->kind == CELL_BYTES) return pack_bytes_copy(gc, h);
    const StrHeader *sh = (const StrHeader *)CELL_VALUES(h);
    const uint16_t *u = (const uint16_t *)(sh + 1);
    uint32_t len = sh->len;
    size_t cap = (size_t)len * 3, zlen;
    if (pack_scratch(gc, cap + pack_need(cap)) < 0) return 0;
    uint8_t *raw = gc->pack_buf;
    size_t raw_len = wtf8_encode(u, len, raw);
    const uint8_t *z = pack_encode(gc, raw, raw_len, gc->pack_buf + cap, &zlen);
    size_t words = heap_words_for_bytes(sizeof(StrPacked) + zlen);
    /* worth it only when the packed cell is at most 3/4 of the flat one */
    if (words * 4 > (size_t)h->size * 3) {
        h->flags |= STR_NO_PACK;   /* copied with the flag: never tried again */
        return 0;
    }
    uint32_t hash = sh->hash ? sh->hash : str_hash_chars(u, len, 0);
    Ref r = gc_alloc_to(gc, CELL_STRING, 0, words);
    CellHeader *n = (CellHeader *)(gc->to + ((size_t)r << 3));
    n->flags = STR_PACKED;
    StrPacked *sp = (StrPacked *)CELL_VALUES(n);
    sp->sh.len = len;
    sp->sh.hash = hash;
    sp->cache = VAL_UNDEFINED;
    sp->raw_len = (uint32_t)raw_len;
    sp->payload_len = (uint32_t)zlen;
    memcpy(sp + 1, z, zlen);
    return r;
}
