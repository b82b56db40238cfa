/* unicode_fallback.c - crude stand-ins for the src/unicode.c identifier and white-space
 * classes, used ONLY by the standalone parser test build (tools/parsecheck.sh) when
 * src/unicode.c is absent. Never link this into the engine.
 *
 * ASCII is exact; above ASCII, Latin-1 letters and everything from U+0370 on except the
 * Unicode white space, General Punctuation block and U+FEFF count as identifier
 * characters. */
#include <stdint.h>

int uni_is_space(uint32_t cp);
int uni_is_id_start(uint32_t cp);
int uni_is_id_continue(uint32_t cp);

int uni_is_space(uint32_t cp) {
    return cp == 0x09 || cp == 0x0B || cp == 0x0C || cp == 0x20 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
           cp == 0xFEFF;
}

int uni_is_id_start(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '$' || cp == '_';
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return 1;
    if (cp >= 0xC0 && cp <= 0x2FF) return cp != 0xD7 && cp != 0xF7;
    if (cp < 0x370 || uni_is_space(cp)) return 0;
    if (cp >= 0x2000 && cp <= 0x206F) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return cp <= 0x10FFFF;
}

int uni_is_id_continue(uint32_t cp) {
    if (cp < 0x80) return uni_is_id_start(cp) || (cp >= '0' && cp <= '9');
    if (cp == 0x200C || cp == 0x200D) return 1;
    if (cp >= 0x300 && cp <= 0x36F) return 1; /* combining marks */
    return uni_is_id_start(cp);
}
