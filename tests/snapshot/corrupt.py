#!/usr/bin/env python3
"""Corrupt-snapshot fixtures, generated at test time from a snapshot of golden/golden.js.

    python3 tests/snapshot/corrupt.py [--cryo build/cryo] [--san build-san/cryo] [--keep DIR]

Each fixture is fed to `cryo --snapshot-in F -e WALK` and to `cryo snapshot check F` (both map
the heap image of an uncompressed file), every second one also through a pipe (read, not mapped).
Fixtures that are certainly invalid (truncations, flipped bytes with the stored checksum,
lying section lengths, wrong section or cell kind tags, wrong header fields and versions, bad
magic, a damaged zstd layer) must be refused with exit code 1 and a `snapshot:` message.
Fixtures that may happen to be valid (a byte changed in the heap with the checksum and
SHA-256 recomputed: "resealed") must give exit 0 or 1, never a crash, a sanitizer report or
a timeout. With --san, every third fixture also runs through that (ASan+UBSan) build.
Used by tests/snapshot/run.py; prints `N passed, N failed` when run alone."""
import argparse, concurrent.futures, hashlib, os, random, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
M64 = (1 << 64) - 1
HEADER = struct.Struct("<8sII16sBBBBIQIIIIQQ")     # SnapHeader, 80 bytes
SECTION = struct.Struct("<4sIQ")                  # tag, reserved, length
TRAILER = 16 + 32 + 8 + 8                         # HASH header, SHA-256, checksum, "CRYOEND!"
# a script that touches much of golden.js's heap after a (possibly corrupted) restore
WALK = ("for (var k of Object.getOwnPropertyNames(globalThis)) { try { var v = globalThis[k]; "
        "String(v); JSON.stringify(v); if (v && typeof v === 'object') Object.keys(v); } catch (e) {} }"
        "for (var t of [u8, f64]) try { t.fill(7); t.slice(0); } catch (e) {}"
        "try { new Uint8Array(buf).fill(9); dv.setFloat64(8, 1); } catch (e) {}")


class Resealed(bytes):
    """Fixture bytes whose trailer (SHA-256 and checksum) is to be recomputed by reseal.c, so
    that the damage reaches the parser and the validator instead of the integrity check."""


def reseal(data):
    return Resealed(data)


def build_resealer(cryo, tmp):
    """Compile tests/snapshot/reseal.c against the libcryo.a next to cryo; its path or None."""
    lib = os.path.join(os.path.dirname(cryo), "libcryo.a")
    exe = os.path.join(tmp, "reseal")
    cc = os.environ.get("CC", "cc")
    p = subprocess.run([cc, "-std=c11", "-D_GNU_SOURCE", "-O1", "-I" + os.path.join(HERE, "..", "..", "src"),
                        "-o", exe, os.path.join(HERE, "reseal.c"), lib, "-lzstd", "-lcrypto", "-lm"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return exe if p.returncode == 0 else None


def sections(data):
    """[(tag, header offset, payload offset, length)] of the canonical stream."""
    out, at = [], HEADER.size
    for _ in range(7):
        tag, _, length = SECTION.unpack_from(data, at)
        out.append((tag.decode("latin-1"), at, at + 16, length))
        at += 16 + length + (-length % 8)
    return out


def bitmap(data, secs):
    """The cell-start bitmap BMAP encodes: an index with a bit per 8-byte word of the bitmap
    (padded to whole words) marking the words that are not zero, then those words."""
    bm = next(s for s in secs if s[0] == "BMAP")
    heap = next(s for s in secs if s[0] == "HEAP")
    n = ((heap[3] // 8 + 7) // 8 + 7) // 8 * 8          # bitmap bytes
    ix = (n // 8 + 63) // 64 * 8                          # index bytes
    enc = data[bm[2]:bm[2] + bm[3]]
    out, p = bytearray(n), ix
    for i in range(n // 8):
        if enc[i >> 3] >> (i & 7) & 1:
            out[8 * i:8 * i + 8] = enc[p:p + 8]
            p += 8
    return bytes(out)


def cells(data, secs):
    """Byte offsets (in the file) of every cell header, from BMAP."""
    heap = next(s for s in secs if s[0] == "HEAP")
    bits = bitmap(data, secs)
    out = []
    for i, byte in enumerate(bits):
        while byte:
            low = byte & -byte
            out.append(heap[2] + 8 * (8 * i + low.bit_length() - 1))
            byte ^= low
    return out


def put(data, off, fmt, value):
    d = bytearray(data)
    struct.pack_into(fmt, d, off, value)
    return bytes(d)


def fixtures(snap, zsnap, big):
    """Yield (name, bytes, must_refuse); Resealed bytes get their trailer recomputed."""
    rng = random.Random(20261126)
    secs = sections(snap)
    n = len(snap)
    heap = next(s for s in secs if s[0] == "HEAP")
    # truncations: at structure boundaries and spread over the file
    cuts = {0, 1, 7, 8, 12, 40, 79, 80, 81, n - TRAILER, n - TRAILER + 16, n - 16, n - 8, n - 1}
    for _, h, p, length in secs:
        cuts |= {h, h + 8, p, p + length // 2, p + length - 1}
    cuts |= {rng.randrange(n) for _ in range(30)}
    for c in sorted(x for x in cuts if 0 <= x < n):
        yield f"truncated at {c}", snap[:c], True
    # single flipped bytes, the stored checksum kept: everywhere, heap payload included
    spots = {rng.randrange(n) for _ in range(40)} | {rng.randrange(heap[2], heap[2] + heap[3]) for _ in range(30)}
    spots |= {0, 8, 12, 16, 32, 80, n - TRAILER + 20, n - 12, n - 1}
    for s in sorted(spots):
        d = bytearray(snap)
        d[s] ^= 1 << rng.randrange(8)
        yield f"byte {s} flipped", bytes(d), True
    # lying section lengths and wrong section tags (resealed, so the structure is what fails)
    for tag, h, _, length in secs:
        for lie in sorted({0, max(length - 8, 0), length + 8, length + 1, 1 << 32, 1 << 63, M64}):
            if lie != length:
                yield f"{tag} length {length} -> {lie}", reseal(put(snap, h + 8, "<Q", lie)), True
        yield f"{tag} tag -> XXXX", reseal(put(snap, h, "4s", b"XXXX")), True
        yield f"{tag} reserved -> 1", reseal(put(snap, h + 4, "<I", 1)), True
    for (t1, h1, _, _), (t2, _, _, _) in zip(secs, secs[1:]):
        yield f"{t1} tag -> {t2}", reseal(put(snap, h1, "4s", t2.encode())), True
    # header fields: versions, sizes, counts
    hdr = HEADER.unpack_from(snap, 0)
    fields = [("format_version", 8, "<I", [0, hdr[1] - 1, hdr[1] + 1, 0xFFFFFFFF]), ("header_size", 12, "<I", [0, 79, 88]),
              ("engine_version", 16, "16s", [b"cryo-0.0.0", b"\xff" * 16, hdr[3][:-1] + b"x"]),
              ("word_size", 32, "<B", [4, 0]), ("little_endian", 33, "<B", [0, 2]), ("value_format", 34, "<B", [0, 2]),
              ("reserved0", 35, "<B", [1]), ("flags", 36, "<I", [1, 0x80000000]),
              ("native_signature", 40, "<Q", [hdr[9] ^ 1, 0]), ("builtin_natives", 48, "<I", [hdr[10] + 1, 0]),
              ("host_natives", 52, "<I", [1, 0xFFFFFFFF]), ("root_count", 56, "<I", [hdr[12] - 1, hdr[12] + 1]),
              ("section_count", 60, "<I", [5, 7]),
              ("heap_bytes", 64, "<Q", [0, 4, hdr[14] - 8, hdr[14] + 8, hdr[14] + 3, 1 << 40, M64]),
              ("total_bytes", 72, "<Q", [0, hdr[15] - 8, hdr[15] + 8, 1 << 63])]
    for name, off, fmt, values in fields:
        for v in values:
            yield f"header {name} -> {v!r}", reseal(put(snap, off, fmt, v)), True
    for magic in (b"CRYOSNAQ", b"\0" * 8, b"CRYOZST2", b"cryosnap"):
        yield f"magic {magic!r}", magic + snap[8:], True
    yield "empty file", b"", True
    yield "trailing garbage", snap + b"\0" * 8, True
    # cell headers (resealed): impossible kinds and sizes are refused; other valid kinds may pass
    starts = cells(snap, secs)
    picks = sorted(rng.sample(starts, 40))
    for i, at in enumerate(picks):
        kind, size = snap[at], struct.unpack_from("<I", snap, at + 4)[0]
        bad = [0, 1, 13, 255][i % 4]
        yield f"cell at {at}: kind {kind} -> {bad}", reseal(put(snap, at, "<B", bad)), True
        other = 2 + (kind - 2 + 1 + rng.randrange(10)) % 11
        yield f"cell at {at}: kind {kind} -> {other}", reseal(put(snap, at, "<B", other)), False
        for bad_size in (0, size + 1, size - 1 if size > 1 else 0xFFFF, 0xFFFFFFFF):
            yield f"cell at {at}: size {size} -> {bad_size}", reseal(put(snap, at + 4, "<I", bad_size)), True
        yield f"cell at {at}: aux -> 0xFFFF", reseal(put(snap, at + 2, "<H", 0xFFFF)), False
    # class slots the C code relies on (regression: an ArrayBuffer whose length exceeded its
    # data cell passed validation and crashed the process when a view was filled)
    def slot_variants(cls, slot, value):
        d, hit = bytearray(snap), 0
        for at in starts:
            if d[at] == 2 and struct.unpack_from("<H", d, at + 2)[0] == cls:
                struct.pack_into("<Q", d, at + 8 + 8 * (5 + slot), value)
                hit += 1
        return reseal(bytes(d)) if hit else None
    INT = lambda i: (0xFFF9 << 48) | (i & 0xFFFFFFFF)
    for what, cls, slot, value, refuse in (
            ("ArrayBuffer length beyond its data", 27, 1, INT(1 << 20), True),
            ("ArrayBuffer data not bytes", 27, 0, 0xFFFA000000000001, True),
            ("ArrayBuffer detached flag not boolean", 27, 2, INT(1), True),
            ("ArrayBuffer max below length", 27, 3, INT(0), False),
            ("typed array element type out of range", 28, 3, INT(77), True),
            ("typed array buffer not an ArrayBuffer", 28, 0, 0xFFFA000000000001, True),
            ("typed array length beyond its buffer", 28, 2, INT(1 << 20), False),
            ("typed array offset beyond its buffer", 28, 1, INT(1 << 20), False),
            ("DataView length beyond its buffer", 29, 2, INT(1 << 20), False),
            ("DataView offset negative", 29, 1, INT(-8), True),
            # regression: a generator or async function whose saved frame was another cell
            ("generator state out of range", 21, 0, INT(9), True),
            ("generator frame not a frame", 21, 1, INT(5), True),
            ("async function frame not a frame", 23, 0, 0xFFFA000000000001, True),
            ("async function kind out of range", 23, 2, INT(7), True),
            ("RegExp source not a string", 25, 0, INT(3), True),     # regression: String(re) hung
            ("RegExp flags not a string", 25, 1, 0xFFFA000000000000, True)):
        data = slot_variants(cls, slot, value)
        if data is not None:
            yield what, data, refuse
    # Map/Set tables (regression: a Map slot holding another record hung or crashed, and bucket
    # chains were not checked): sizes, counts, chains and obsolete-table links
    heap_at = heap[2]
    tables = [at for at in starts if snap[at] == 12 and struct.unpack_from("<H", snap, at + 2)[0] == 4]
    word = lambda at, i: struct.unpack_from("<Q", snap, at + 8 + 8 * i)[0]
    ref_at = lambda v: heap_at + 8 * (v & 0xFFFFFFFF)
    obsolete = [at for at in tables if word(at, 0) == 0xFFFA000000000000]
    current = [at for at in tables if word(at, 0) != 0xFFFA000000000000 and word(at, 2) & 0xFFFFFFFF > 1]
    for at in current[:3]:
        used = word(at, 2) & 0xFFFFFFFF
        entries = ref_at(word(at, 0))
        cap = (struct.unpack_from("<I", snap, entries + 4)[0] - 1) // 3
        yield f"Map table at {at}: used {used} -> {cap + 1}", reseal(put(snap, at + 8 + 16, "<Q", INT(cap + 1))), True
        yield f"Map table at {at}: live +1", reseal(put(snap, at + 8 + 24, "<Q", word(at, 3) + 1)), True
        yield f"Map table at {at}: chain loops", reseal(put(snap, entries + 8 + 8 * (3 * (used - 1) + 2), "<Q", INT(used - 1))), True
        yield f"Map table at {at}: bucket beyond used", reseal(put(snap, ref_at(word(at, 1)) + 8, "<Q", INT(used))), True
        yield f"Map table at {at}: entries not a list", reseal(put(snap, at + 8, "<Q", word(at, 1) if word(at, 1) != word(at, 0) else 0)), True
    for at in obsolete[:2]:
        self_ref = (0xFFFF << 48) | ((at - heap_at) // 8)
        yield f"obsolete Map table at {at}: links to itself", reseal(put(snap, at + 8 + 32, "<Q", self_ref)), True
        yield f"obsolete Map table at {at}: removed list not ints", reseal(put(snap, at + 8 + 40, "<Q", INT(5))), True
    if not obsolete or not current:
        raise RuntimeError("golden.js no longer holds both an obsolete and a current Map table")
    for what, cls, slot, value in (("Map without a table", 14, 0, INT(3)), ("Set table is a list", 15, 0, word(current[0], 0)),
                                   ("WeakMap with a strong table", 16, 0, (0xFFFF << 48) | ((current[0] - heap_at) // 8))):
        data = slot_variants(cls, slot, value)
        if data is not None:
            yield what, data, True
    # shape transition keys (regression, found by the fuzzer: a transition-table key that was
    # no property key passed validation and crashed the collector's transition rebuild, which
    # hashes the keys; since format 4 the key is the child shape's own key, word 2)
    shapes = [at for at in starts if snap[at] == 7 and word(at, 1) >> 48 == 0xFFFF]
    for at in shapes[:4]:
        t = ref_at(word(at, 1))
        child = t if snap[t] == 7 else ref_at(next(word(t, 1 + i) for i in range(8) if word(t, 1 + i) != 0xFFFA000000000000))
        if word(child, 2) == 0xFFFA000000000000:
            continue   # an integrity shape: no key
        for what, bad in (("a double", 0x4000000000000000), ("an object", (0xFFFB << 48) | (word(at, 1) & 0xFFFFFFFF)),
                          ("a negative index", INT(-2))):
            yield f"shape at {at}: transition key is {what}", reseal(put(snap, child + 8 + 16, "<Q", bad)), True
        if snap[t] == 8:
            slot = next(i for i in range(8) if word(t, 1 + i) != 0xFFFA000000000000)
            yield f"shape at {at}: transition to a non-shape", reseal(put(snap, t + 8 + 8 * (1 + slot), "<Q", INT(1))), True
            yield f"shape at {at}: transition table count", reseal(put(snap, t + 8, "<Q", INT(1))), True
    # shared shapes (format 4: each holds its own key and links to its parent; the validator
    # proves parent chains acyclic and transitions consistent, and that no index is stored)
    shared = [at for at in starts if snap[at] == 7 and not snap[at + 1] & 1 and word(at, 0) >> 48 == 0xFFFF]
    if not shared:
        raise RuntimeError("golden.js no longer holds a shared shape with a parent")
    for at in shared[:3]:
        link = at + 8 + 24
        count, flags = struct.unpack_from("<HH", snap, link)
        self_ref = (0xFFFF << 48) | ((at - heap_at) // 8)
        yield f"shape at {at}: lookup index stored", reseal(put(snap, link + 4, "<I", 8)), True
        yield f"shape at {at}: count {count} -> {count + 1}", reseal(put(snap, link, "<H", count + 1)), True
        yield f"shape at {at}: its own parent", reseal(put(snap, at + 8, "<Q", self_ref)), True
        yield f"shape at {at}: integrity flags with a key", reseal(put(snap, link + 2, "<H", 0x101)), True
        yield f"shape at {at}: accessor flag flipped", reseal(put(snap, at + 1, "<B", snap[at + 1] ^ 4)), True
        # other attributes are a different but consistent shape (its parent's transition to it
        # then just misses, and a second child for the same key may be made): never a crash
        yield f"shape at {at}: own flags {flags} -> {flags ^ 2}", reseal(put(snap, link + 2, "<H", flags ^ 2)), False
        yield f"shape at {at}: parent is not a shape", reseal(put(snap, at + 8, "<Q", INT(3))), True
    roots = [at for at in starts if snap[at] == 7 and not snap[at + 1] & 1 and word(at, 0) == 0xFFFA000000000000]
    for at in roots[:1]:
        yield f"root shape at {at}: count 1", reseal(put(snap, at + 8 + 24, "<H", 1)), True
    dicts = [at for at in starts if snap[at] == 7 and snap[at + 1] & 1]
    for at in dicts[:1]:
        yield f"dictionary shape at {at}: with a parent", reseal(put(snap, at + 8, "<Q", (0xFFFF << 48) | ((shared[0] - heap_at) // 8))), True
    # packed strings (STR_PACKED, docs/snapshot-format.md): every lie about the compressed data
    packed = [at for at in starts if snap[at] == 3 and snap[at + 1] == 16]
    modes = {snap[at + 8 + 24]: at for at in packed}   # payload byte 0: 0 LZ stream, 1 Huffman-coded
    if sorted(modes) != [0, 1]:
        raise RuntimeError("golden.js no longer holds a packed string of each payload mode")
    for at in (modes[0], modes[1]):
        body = at + 8
        size = struct.unpack_from("<I", snap, at + 4)[0]
        plen = struct.unpack_from("<I", snap, body + 20)[0]
        length = struct.unpack_from("<I", snap, body)[0]
        raw = struct.unpack_from("<I", snap, body + 16)[0]
        for what, off, fmt, v in (("len +1", body, "<I", length + 1), ("len -1", body, "<I", length - 1),
                                  ("len 0", body, "<I", 0), ("hash 0", body + 4, "<I", 0),
                                  ("cache is a string", body + 8, "<Q", (0xFFFC << 48) | ((at - heap_at) // 8)),
                                  ("raw_len +1", body + 16, "<I", raw + 1), ("raw_len -1", body + 16, "<I", raw - 1),
                                  ("raw_len huge", body + 16, "<I", 0xFFFFFFFF), ("payload_len +8", body + 20, "<I", plen + 8),
                                  ("payload_len huge", body + 20, "<I", 0xFFFFFFF0),
                                  ("flags Latin-1 too", at + 1, "<B", 17), ("flags atom too", at + 1, "<B", 18)):
            yield f"packed string at {at}: {what}", reseal(put(snap, off, fmt, v)), True
        # one byte shorter drops the final empty literal run: still a valid stream
        yield f"packed string at {at}: payload_len -1", reseal(put(snap, body + 20, "<I", plen - 1)), False
        # the first command's literal count, a copy distance reaching before the start, and
        # every payload byte flipped in turn (each must be refused or decode to valid text)
        yield f"packed string at {at}: unknown payload mode", reseal(put(snap, body + 24, "<B", 2)), True
        if snap[body + 24] == 0:
            yield f"packed string at {at}: literal count beyond payload", reseal(put(snap, body + 25, "<B", 0x7F)), True
        else:
            yield f"packed string at {at}: LZ stream length +1", reseal(put(snap, body + 25, "<I", struct.unpack_from("<I", snap, body + 25)[0] + 1)), True
            yield f"packed string at {at}: code lengths overfull", reseal(put(snap, body + 29, "<Q", 0x1111111111111111)), True
            yield f"packed string at {at}: a code length over 12", reseal(put(snap, body + 29, "<B", 0xDD)), True
        for i in range(plen):
            d = bytearray(snap)
            d[body + 24 + i] ^= 0x55
            yield f"packed string at {at}: payload byte {i} flipped", reseal(bytes(d)), False
        if (size - 1) * 8 > 24 + plen:
            yield f"packed string at {at}: padding not zero", reseal(put(snap, body + 24 + plen, "<B", 1)), True
    latin1 = next(at for at in starts if snap[at] == 3 and snap[at + 1] == 1)
    yield f"Latin-1 string at {latin1}: flagged not worth packing", reseal(put(snap, latin1 + 1, "<B", 1 | 32)), True
    # function templates: FD_IC (word 2) is undefined until the first cache fill, else an
    # array of exactly nic * ways * 5 Values, ways (its header's aux) 1 or 4; nic is
    # FuncDefInfo word 12 after the 11 (FD_NVALUES) Values
    NIC = 8 + 8 * 11 + 4 * 12
    fdefs = [at for at in starts if snap[at] == 10 and word(at, 2) >> 48 == 0xFFFF]
    for at in fdefs[:2]:
        nic = struct.unpack_from("<I", snap, at + NIC)[0]
        for bad in (nic + 1, nic - 1, 0):
            yield f"function template at {at}: nic {nic} -> {bad} beside its caches", reseal(put(snap, at + NIC, "<I", bad)), True
        yield f"function template at {at}: caches are bytes", reseal(put(snap, at + 8 + 16, "<Q", word(at, 0))), True
        ways = struct.unpack_from("<H", snap, ref_at(word(at, 2)) + 2)[0]
        for bad in (0, 2, 5 - ways):
            yield f"function template at {at}: cache ways {ways} -> {bad}", reseal(put(snap, ref_at(word(at, 2)) + 2, "<H", bad)), True
    if not fdefs:
        raise RuntimeError("golden.js no longer holds a function template with inline caches")
    # packed line (word 6, count nlines = info word 10) and call-site (word 9, count info word
    # 13) tables: entries that run off the cell, an over-long varint, a text outside the pool
    for what, field, count in (("line table", 6, 10), ("call-site table", 9, 13)):
        tables = [at for at in starts if snap[at] == 10 and word(at, field) >> 48 == 0xFFFF]
        if not tables:
            raise RuntimeError(f"golden.js no longer holds a function template with a {what}")
        for at in tables[:2]:
            cell = ref_at(word(at, field))
            yield f"function template at {at}: {what} count -> 2^32-1", reseal(put(snap, at + 8 + 8 * 11 + 4 * count, "<I", 0xFFFFFFFF)), True
            yield f"function template at {at}: {what} varint over 32 bits", reseal(put(snap, cell + 8, "<Q", M64)), True
            # the table's cell with a size of 0 or past the image (its size is read before the
            # walk reaches it; regression: a zero size made the cursor's end wrap, fuzz)
            for bad in (0, 0xFFFFFFFF):
                yield f"function template at {at}: {what} cell size -> {bad}", reseal(put(snap, cell + 4, "<I", bad)), True
        if field == 9:
            yield f"function template at {at}: call-site text outside the pool", reseal(put(snap, cell + 8, "<Q", 0x7FFFFFFF00)), True
    # variable names (word 8): an array (possibly shorter than the frame) or undefined
    named = [at for at in starts if snap[at] == 10 and word(at, 8) >> 48 == 0xFFFF]
    for at in named[:2]:
        yield f"function template at {at}: variable names not a list", reseal(put(snap, at + 8 + 8 * 8, "<Q", INT(5))), True
        yield f"function template at {at}: variable names are bytes", reseal(put(snap, at + 8 + 8 * 8, "<Q", word(at, 0))), True
    if not named:
        raise RuntimeError("golden.js no longer holds a function template with named variables")
    # the realm's shared shapes of fresh closures / iterator results (%FunctionShapes%, an
    # internal intrinsic): each entry undefined or a shape of the property count it is for
    with open(os.path.join(HERE, "..", "..", "src", "intrinsics.def")) as f:
        intr = [l.strip()[4:-1] for l in f if l.startswith("DEF(")].index("FunctionShapes")
    root0 = next(s for s in secs if s[0] == "ROOT")
    realm_at = ref_at(struct.unpack_from("<Q", snap, root0[2])[0])
    shapes_v = word(realm_at, intr)
    if shapes_v >> 48 != 0xFFFF:
        raise RuntimeError("golden.js no longer fills the realm's %FunctionShapes%")
    fs_at = ref_at(shapes_v)
    entries = [word(fs_at, k) for k in range(5)]
    yield "%FunctionShapes% not a list", reseal(put(snap, realm_at + 8 + 8 * intr, "<Q", INT(3))), True
    yield "%FunctionShapes% entry not a shape", reseal(put(snap, fs_at + 8, "<Q", shapes_v)), True
    full = [k for k in range(5) if entries[k] >> 48 == 0xFFFF]
    for k in full[:3]:
        other = next((entries[j] for j in full if entries[j] != entries[k]), None)
        if other is not None:
            yield f"%FunctionShapes% entry {k} holds another entry's shape", reseal(put(snap, fs_at + 8 + 8 * k, "<Q", other)), True
    # a line table of two blocks (golden.js longLines): the index's offset of block 1
    long = [at for at in starts if snap[at] == 10 and word(at, 6) >> 48 == 0xFFFF
            and struct.unpack_from("<I", snap, at + 8 + 8 * 11 + 4 * 10)[0] > 32]
    if not long:
        raise RuntimeError("golden.js no longer holds a line table of more than one block")
    cell = ref_at(word(long[0], 6))
    off = struct.unpack_from("<I", snap, cell + 8)[0]
    for bad in (0, off - 1, off + 1, 0xFFFFFFFF):
        yield f"line table block 1 at {bad} instead of {off}", reseal(put(snap, cell + 8, "<I", bad)), True
    # promise records and the job queue (regression, found by the ASan run of these fixtures:
    # a job-queue root pointing at another cell overflowed a stack buffer in the job loop)
    root = next(sec for sec in secs if sec[0] == "ROOT")
    realm = struct.unpack_from("<Q", snap, root[2])[0]
    yield "job queue head is not a job", reseal(put(snap, root[2] + 8 * 4, "<Q", realm)), True
    yield "job queue tail without a head", reseal(put(snap, root[2] + 8 * 5, "<Q", realm)), True
    yield "pending rejections not a list", reseal(put(snap, root[2] + 8 * 11, "<Q", INT(4))), True
    reactions = [at for at in starts if snap[at] == 12 and struct.unpack_from("<H", snap, at + 2)[0] == 3]
    for at in reactions[:2]:
        yield f"reaction at {at}: handler not callable", reseal(put(snap, at + 8 + 8 * 4, "<Q", INT(5))), True
        yield f"reaction at {at}: next is not a reaction", reseal(put(snap, at + 8, "<Q", realm)), True
    if not reactions:
        raise RuntimeError("golden.js no longer holds a pending promise reaction")
    for what, cls, slot, value in (("promise state out of range", 20, 0, INT(7)),
                                   ("promise reactions not a reaction", 20, 2, realm)):
        data = slot_variants(cls, slot, value)
        if data is not None:
            yield what, data, True
    # an image under 1 MiB is not padded; a larger one starts at a multiple of 4 KiB and its
    # padding must be zeros (one canonical encoding)
    if next(s for s in secs if s[0] == "ALGN")[3] or heap[3] >= 1 << 20:
        raise RuntimeError("golden.js's image is padded or no longer under 1 MiB")
    bsecs = sections(big)
    algn, bheap = next(s for s in bsecs if s[0] == "ALGN"), next(s for s in bsecs if s[0] == "HEAP")
    if bheap[3] < 1 << 20 or bheap[2] % 4096 or not algn[3]:
        raise RuntimeError("the 1 MiB heap image does not start at a multiple of 4 KiB")
    for at in (algn[2], algn[2] + algn[3] - 1, rng.randrange(algn[2], algn[2] + algn[3])):
        yield f"ALGN byte {at} not zero", reseal(put(big, at, "<B", 0x20)), True
    for _ in range(5):   # the mapped image: flipped bytes are refused by the checksum
        at = rng.randrange(bheap[2], bheap[2] + bheap[3])
        d = bytearray(big)
        d[at] ^= 1 << rng.randrange(8)
        yield f"mapped image byte {at} flipped", bytes(d), True
    # the cell-start bitmap: a cleared start bit or an extra bit is refused, in the index
    # (the section's length then disagrees) or in a listed word; a listed word of zeros
    bm = next(s for s in secs if s[0] == "BMAP")
    words = ((next(s for s in secs if s[0] == "HEAP")[3] // 8 + 7) // 8 + 7) // 8   # bitmap words
    ix = (words + 63) // 64 * 8                                                        # index bytes
    if bm[3] <= ix:
        raise RuntimeError("golden.js's BMAP lists no word")
    yield "BMAP listed word all zeros", reseal(put(snap, bm[2] + ix, "<Q", 0)), True
    for _ in range(10):
        at = rng.randrange(bm[2], bm[2] + bm[3])
        d = bytearray(snap)
        d[at] ^= 1 << rng.randrange(8)
        yield f"BMAP byte {at} flipped", reseal(bytes(d)), True
    # roots and any heap word (resealed): must never crash
    root = next(s for s in secs if s[0] == "ROOT")
    for r in range(root[3] // 8):
        for v in (0, 0xFFFF000000000001, 0xFFFB000000000001, 0xFFF9000000000000, struct.unpack_from("<Q", snap, root[2] + 8 * ((r + 1) % (root[3] // 8)))[0]):
            yield f"root {r} -> {v:#x}", reseal(put(snap, root[2] + 8 * r, "<Q", v)), False
    for _ in range(60):
        at = rng.randrange(heap[2], heap[2] + heap[3])
        d = bytearray(snap)
        d[at] ^= 1 << rng.randrange(8)
        yield f"heap byte {at} flipped, resealed", reseal(bytes(d)), False
    # the zstd layer
    zn = len(zsnap)
    for c in sorted({0, 8, 15, 16, 19, 20, 100, zn // 3, zn // 2, zn - 5, zn - 4, zn - 1} | {rng.randrange(zn) for _ in range(10)}):
        yield f"zstd truncated at {c}", zsnap[:c], True
    for _ in range(25):
        at = rng.randrange(20, zn - 12)
        d = bytearray(zsnap)
        d[at] ^= 1 << rng.randrange(8)
        yield f"zstd byte {at} flipped", bytes(d), True
    size0 = struct.unpack_from("<I", zsnap, 16)[0]
    for lie in (0, size0 - 1, size0 + 1, 1 << 31, 0xFFFFFFFF):
        yield f"zstd chunk length {size0} -> {lie}", put(zsnap, 16, "<I", lie), True
    canon = struct.unpack_from("<Q", zsnap, 8)[0]
    for lie in (0, canon - 8, canon + 8, M64):
        yield f"zstd canonical size {canon} -> {lie}", put(zsnap, 8, "<Q", lie), True
    yield "zstd terminator missing", zsnap[:-12] + zsnap[-8:], True
    yield "zstd terminator nonzero", zsnap[:-12] + b"\1\0\0\0" + zsnap[-8:], True
    yield "zstd stored checksum missing", zsnap[:-8], True
    for bit in (0, 37, 63):
        d = bytearray(zsnap)
        d[len(d) - 8 + bit // 8] ^= 1 << (bit % 8)
        yield f"zstd stored checksum bit {bit} flipped", bytes(d), True


def run(cmd, timeout=30, stdin=None):
    """(returncode or 'timeout', stderr text); stdin: bytes piped to the command."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, input=stdin,
                           env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return p.returncode, p.stderr.decode("utf-8", "replace")


def verdict(name, rc, err, must_refuse):
    """None when (rc, err) is acceptable, else a description of the failure."""
    if rc == "timeout" or rc < 0 or "Sanitizer" in err or "runtime error" in err:
        return f"{name}: crashed or hung (rc={rc}) {err.strip()[:200]}"
    if must_refuse and (rc != 1 or "snapshot:" not in err):
        return f"{name}: expected exit 1 with a snapshot: message, got rc={rc} {err.strip()[:200]}"
    if not must_refuse and rc not in (0, 1):
        return f"{name}: unexpected exit {rc} {err.strip()[:200]}"
    if rc == 1 and "snapshot:" not in err and "Uncaught" not in err:
        return f"{name}: exit 1 without a message"
    return None


def test(cryo, san=None, keep=None, log=print):
    """Run every fixture; returns (passed, failed)."""
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        base, zbase = os.path.join(tmp, "base.snap"), os.path.join(tmp, "base.z.snap")
        golden = os.path.join(HERE, "golden", "golden.js")
        big = os.path.join(tmp, "big.snap")   # an image over 1 MiB: padded, mapped when loaded
        bigjs = os.path.join(tmp, "big.js")
        with open(bigjs, "w") as f:
            f.write("var big = []; for (var i = 0; i < 20000; i++) big.push({ i, s: 'x' + i });")
        for path, extra in ((base, [golden]), (zbase, [golden, "--compress"]), (big, [bigjs])):
            rc, err = run([cryo] + extra + ["--snapshot-out", path])
            if rc != 0:
                log(f"FAIL corrupt: cannot write the base snapshot: {err.strip()[:200]}")
                return 0, 1
        resealer = build_resealer(cryo, tmp)
        if not resealer:
            log("FAIL corrupt: cannot build tests/snapshot/reseal.c")
            return 0, 1
        snap, zsnap = open(base, "rb").read(), open(zbase, "rb").read()
        check = os.path.join(tmp, "check.snap")
        with open(check, "wb") as f:
            f.write(snap)
        if run([resealer, check])[0] != 0 or open(check, "rb").read() != snap:
            log("FAIL corrupt: resealing an intact snapshot changed it")
            return 0, 1
        outdir = keep or tmp
        items, sealed = [], []
        for i, (name, data, must_refuse) in enumerate(fixtures(snap, zsnap, open(big, "rb").read())):
            path = os.path.join(outdir, f"{i:04d}.snap")
            with open(path, "wb") as f:
                f.write(data)
            items.append((i, name, path, must_refuse))
            if isinstance(data, Resealed):
                sealed.append(path)
        for k in range(0, len(sealed), 200):
            if run([resealer] + sealed[k:k + 200])[0] != 0:
                log("FAIL corrupt: reseal failed")
                return 0, 1

        def one(item):
            i, name, bad, must_refuse = item
            problems = []
            for exe in [cryo] + ([san] if san and i % 3 == 0 else []):
                tag = " san" if exe == san else ""
                rc, err = run([exe, "--snapshot-in", bad, "-e", WALK])
                problems.append(verdict(f"{name} [--snapshot-in{tag}]", rc, err, must_refuse))
                rc, err = run([exe, "snapshot", "check", bad])
                problems.append(verdict(f"{name} [snapshot check{tag}]", rc, err, must_refuse))
            if i % 2:
                # through a pipe: the heap image is read, not mapped from the file
                with open(bad, "rb") as f:
                    rc, err = run([cryo, "--snapshot-in", "/dev/stdin", "-e", WALK], stdin=f.read())
                # (a stream ends where its snapshot ends: bytes after it on a pipe are not read)
                problems.append(verdict(f"{name} [--snapshot-in pipe]", rc, err, must_refuse and name != "trailing garbage"))
            return [p for p in problems if p]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for problems in pool.map(one, items):
                if problems:
                    failed += 1
                    for p in problems:
                        log(f"FAIL corrupt: {p}")
                else:
                    passed += 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cryo", default="build/cryo")
    ap.add_argument("--san", default=None, help="an ASan/UBSan build to run every third fixture through")
    ap.add_argument("--keep", default=None, help="keep the fixtures in this directory")
    args = ap.parse_args()
    p, f = test(os.path.abspath(args.cryo), os.path.abspath(args.san) if args.san else None, args.keep)
    print(f"{p} passed, {f} failed")
    sys.exit(1 if f else 0)


if __name__ == "__main__":
    main()
