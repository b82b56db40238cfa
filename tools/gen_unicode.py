#!/usr/bin/env python3
"""Generate src/unicode_tables.c and src/unicode_emoji.c from the Unicode Character
Database (UCD) and the emoji sequence files of UTS #51.

Usage:
    python3 tools/gen_unicode.py [UCD_DIR] [OUTPUT] [EMOJI_OUTPUT]

Regenerating the Unicode 17.0.0 tables (the UCD files and the emoji sequence files of the
same version both come out of a clone or bare mirror of unicode-org/unicodetools at REPO):

    python3 tools/ucd_from_git.py REPO 17.0.0 /tmp/ucd-17
    python3 tools/gen_unicode.py /tmp/ucd-17

UCD_DIR defaults to /usr/share/unicode (Debian package `unicode-data`; for a newer Unicode
version copy the released text files out of the unicode-org/unicodetools repository with
tools/ucd_from_git.py, or rebuild them from npm with tools/ucd_json_to_txt.py), OUTPUT to
src/unicode_tables.c relative to the repository root, EMOJI_OUTPUT to src/unicode_emoji.c.
UCD_DIR must hold emoji/emoji-sequences.txt and emoji/emoji-zwj-sequences.txt (from
unicodetools/data/emoji/X.Y/, copied there by ucd_from_git.py) of the emoji version X.Y
of the UCD version X.Y.Z, else the script stops.  The output is deterministic: the same
UCD files always give the same bytes.  The table layouts and C types are declared in
src/unicode.h (section "Internal tables"); this script must stay in step with it.

What is generated (all code points are uint32_t):
  * three-level lookup tries (struct uni_trie8 / uni_trie16) for
      - info:   gc + ID_Start/ID_Continue/Cased/Case_Ignorable flags (index into uni_info_recs)
      - case:   index into uni_case_recs (simple upper/lower/fold deltas, RegExp /i orbit
                deltas, full SpecialCasing mappings); with uni_case_gaps, the long runs
                of code points the RegExp /i case closure can skip
      - ccc:    canonical combining class
      - decomp: index into uni_decomp_pool (full canonical and full compatibility
                decompositions, precomputed recursively; Hangul is algorithmic, not here)
  * uni_comp_pairs: canonical composition pairs (Full_Composition_Exclusion removed)
  * property data for RegExp \\p{..}: run tables for General_Category, Script and
    Script_Extensions; range tables for the binary properties
    (delta-coded varints with a checkpoint index); a sorted name table with every alias
    from PropertyAliases.txt / PropertyValueAliases.txt.
  * in src/unicode_emoji.c, the properties of strings for RegExp \\p{..} with the v flag
    (ECMAScript table "Binary Unicode properties of strings"): per property its single
    code points as ranges and its sequences (length, code points) from
    emoji-sequences.txt / emoji-zwj-sequences.txt; RGI_Emoji is the union of the other six.
"""

import os
import re
import sys

MAX_CP = 0x110000

# General_Category values in the order of enum uni_gc in src/unicode.h.
GC_NAMES = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
            "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So",
            "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
GC_INDEX = {n: i for i, n in enumerate(GC_NAMES)}

# Flag bits of an info record (must match UNI_INFO_* in src/unicode.h).
INFO_GC_BITS = 5
F_ID_START = 1 << 5
F_ID_CONTINUE = 1 << 6
F_CASED = 1 << 7
F_CASE_IGNORABLE = 1 << 8

# Property kinds (must match enum uni_prop_kind in src/unicode.h).
PK_RANGES, PK_GC, PK_SC, PK_SCX = 0, 1, 2, 3
# Name spaces of the name table (must match enum uni_name_space in src/unicode.h).
NS_LONE, NS_GC, NS_SC, NS_PROP = 0, 1, 2, 3

# Binary properties listed by ECMAScript (table "Binary Unicode property aliases"), with
# the UCD file each comes from.  Any, ASCII and Assigned are computed here.
BINARY_PROPS = [
    ("ASCII", None), ("ASCII_Hex_Digit", "PropList.txt"),
    ("Alphabetic", "DerivedCoreProperties.txt"), ("Any", None), ("Assigned", None),
    ("Bidi_Control", "PropList.txt"), ("Bidi_Mirrored", "extracted/DerivedBinaryProperties.txt"),
    ("Case_Ignorable", "DerivedCoreProperties.txt"), ("Cased", "DerivedCoreProperties.txt"),
    ("Changes_When_Casefolded", "DerivedCoreProperties.txt"),
    ("Changes_When_Casemapped", "DerivedCoreProperties.txt"),
    ("Changes_When_Lowercased", "DerivedCoreProperties.txt"),
    ("Changes_When_NFKC_Casefolded", "DerivedNormalizationProps.txt"),
    ("Changes_When_Titlecased", "DerivedCoreProperties.txt"),
    ("Changes_When_Uppercased", "DerivedCoreProperties.txt"),
    ("Dash", "PropList.txt"), ("Default_Ignorable_Code_Point", "DerivedCoreProperties.txt"),
    ("Deprecated", "PropList.txt"), ("Diacritic", "PropList.txt"),
    ("Emoji", "emoji/emoji-data.txt"), ("Emoji_Component", "emoji/emoji-data.txt"),
    ("Emoji_Modifier", "emoji/emoji-data.txt"), ("Emoji_Modifier_Base", "emoji/emoji-data.txt"),
    ("Emoji_Presentation", "emoji/emoji-data.txt"),
    ("Extended_Pictographic", "emoji/emoji-data.txt"), ("Extender", "PropList.txt"),
    ("Grapheme_Base", "DerivedCoreProperties.txt"),
    ("Grapheme_Extend", "DerivedCoreProperties.txt"), ("Hex_Digit", "PropList.txt"),
    ("IDS_Binary_Operator", "PropList.txt"), ("IDS_Trinary_Operator", "PropList.txt"),
    ("ID_Continue", "DerivedCoreProperties.txt"), ("ID_Start", "DerivedCoreProperties.txt"),
    ("Ideographic", "PropList.txt"), ("Join_Control", "PropList.txt"),
    ("Logical_Order_Exception", "PropList.txt"), ("Lowercase", "DerivedCoreProperties.txt"),
    ("Math", "DerivedCoreProperties.txt"), ("Noncharacter_Code_Point", "PropList.txt"),
    ("Pattern_Syntax", "PropList.txt"), ("Pattern_White_Space", "PropList.txt"),
    ("Quotation_Mark", "PropList.txt"), ("Radical", "PropList.txt"),
    ("Regional_Indicator", "PropList.txt"), ("Sentence_Terminal", "PropList.txt"),
    ("Soft_Dotted", "PropList.txt"), ("Terminal_Punctuation", "PropList.txt"),
    ("Unified_Ideograph", "PropList.txt"), ("Uppercase", "DerivedCoreProperties.txt"),
    ("Variation_Selector", "PropList.txt"), ("White_Space", "PropList.txt"),
    ("XID_Continue", "DerivedCoreProperties.txt"), ("XID_Start", "DerivedCoreProperties.txt"),
]

# Properties of strings (ECMAScript table "Binary Unicode properties of strings") with the
# file that lists each; RGI_Emoji (last) is the union of the others (UTS #51 ED-27).
STRING_PROPS = [
    ("Basic_Emoji", "emoji/emoji-sequences.txt"),
    ("Emoji_Keycap_Sequence", "emoji/emoji-sequences.txt"),
    ("RGI_Emoji_Flag_Sequence", "emoji/emoji-sequences.txt"),
    ("RGI_Emoji_Modifier_Sequence", "emoji/emoji-sequences.txt"),
    ("RGI_Emoji_Tag_Sequence", "emoji/emoji-sequences.txt"),
    ("RGI_Emoji_ZWJ_Sequence", "emoji/emoji-zwj-sequences.txt"),
]
STRING_PROP_UNION = "RGI_Emoji"

HANGUL_SBASE, HANGUL_SCOUNT = 0xAC00, 11172

# Ranges per checkpoint of the binary property streams (UNI_PROP_GROUP in src/unicode.h).
PROP_GROUP = 8


def die(msg):
    sys.stderr.write("gen_unicode.py: " + msg + "\n")
    sys.exit(1)


def data_lines(path):
    """Yield the ';'-split, stripped fields of every non-comment line of a UCD file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [x.strip() for x in line.split(";")]


def parse_range(s):
    """'0041..005A' or '00C0' -> (first, last)."""
    if ".." in s:
        a, b = s.split("..")
        return int(a, 16), int(b, 16)
    v = int(s, 16)
    return v, v


def file_version(path):
    """The version in a UCD file's first line, e.g. '# PropList-15.0.0.txt' -> '15.0.0'."""
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    m = re.search(r"-(\d+\.\d+\.\d+)\.txt", first)
    return m.group(1) if m else None


class UCD:
    """All data read from the UCD directory, as per-code-point arrays and dicts."""

    def __init__(self, d):
        self.dir = d
        self.version = file_version(self.path("DerivedCoreProperties.txt"))
        if not self.version:
            die("cannot read the Unicode version from DerivedCoreProperties.txt")
        for f in ("PropList.txt", "Scripts.txt", "DerivedNormalizationProps.txt",
                  "CaseFolding.txt", "SpecialCasing.txt", "ScriptExtensions.txt",
                  "CompositionExclusions.txt", "PropertyAliases.txt",
                  "PropertyValueAliases.txt", "extracted/DerivedBinaryProperties.txt"):
            v = file_version(self.path(f))
            if v != self.version:
                die("%s is version %s, expected %s" % (f, v, self.version))
        self.read_unicode_data()
        self.read_special_casing()
        self.read_case_folding()
        self.read_props()
        self.read_aliases()
        self.read_scripts()
        self.read_sequences()

    def path(self, name):
        return os.path.join(self.dir, name)

    def read_unicode_data(self):
        self.gc = [0] * MAX_CP            # General_Category index (Cn = 0)
        self.ccc = [0] * MAX_CP           # Canonical_Combining_Class
        self.decomp = {}                  # cp -> (is_compat, [cps]) one level, as listed
        self.upper = {}                   # simple mappings, only where they differ
        self.lower = {}
        first = None
        for f in data_lines(self.path("UnicodeData.txt")):
            cp = int(f[0], 16)
            name, gc, ccc = f[1], GC_INDEX[f[2]], int(f[3])
            if name.endswith(", First>"):
                first = cp
                continue
            lo = first if name.endswith(", Last>") else cp
            first = None
            for c in range(lo, cp + 1):
                self.gc[c] = gc
                self.ccc[c] = ccc
            if f[5]:
                parts = f[5].split()
                compat = parts[0].startswith("<")
                if compat:
                    parts = parts[1:]
                self.decomp[cp] = (compat, [int(x, 16) for x in parts])
            if f[12]:
                self.upper[cp] = int(f[12], 16)
            if f[13]:
                self.lower[cp] = int(f[13], 16)

    def read_special_casing(self):
        """Unconditional full mappings only (no condition field)."""
        self.full_upper = {}
        self.full_lower = {}
        for f in data_lines(self.path("SpecialCasing.txt")):
            # fields: code; lower; title; upper; [condition;] (trailing '' from the last ';')
            fields = [x for x in f]
            if len(fields) > 4 and fields[4]:
                continue  # conditional (Final_Sigma, language-sensitive): not here
            cp = int(fields[0], 16)
            lower = [int(x, 16) for x in fields[1].split()]
            upper = [int(x, 16) for x in fields[3].split()]
            if lower != [cp]:
                self.full_lower[cp] = lower
            if upper != [cp]:
                self.full_upper[cp] = upper

    def read_case_folding(self):
        self.fold = {}
        for f in data_lines(self.path("CaseFolding.txt")):
            if f[1] in ("C", "S"):
                self.fold[int(f[0], 16)] = int(f[2], 16)

    def read_props(self):
        """Binary properties: name -> set of code points."""
        wanted = {}
        for name, fname in BINARY_PROPS:
            if fname:
                wanted.setdefault(fname, set()).add(name)
        wanted.setdefault("DerivedNormalizationProps.txt", set()).add("Full_Composition_Exclusion")
        self.props = {}
        for fname, names in sorted(wanted.items()):
            for f in data_lines(self.path(fname)):
                if len(f) < 2 or f[1] not in names:
                    continue
                if fname == "DerivedNormalizationProps.txt" and len(f) > 2:
                    continue  # a property with a value, not binary
                a, b = parse_range(f[0])
                self.props.setdefault(f[1], set()).update(range(a, b + 1))
        for name, fname in BINARY_PROPS:
            if fname and name not in self.props:
                die("property %s not found in %s" % (name, fname))
        self.props["ASCII"] = set(range(0, 0x80))

    def read_aliases(self):
        """Property and value aliases."""
        self.prop_aliases = {}      # long name -> [all names]
        for f in data_lines(self.path("PropertyAliases.txt")):
            self.prop_aliases[f[1]] = f
        self.gc_aliases = []        # [short, long, extra...]
        self.sc_aliases = []
        for f in data_lines(self.path("PropertyValueAliases.txt")):
            if f[0] == "gc":
                self.gc_aliases.append(f[1:])
            elif f[0] == "sc":
                self.sc_aliases.append(f[1:])

    def read_scripts(self):
        self.script_names = [a[1] for a in self.sc_aliases]          # long names
        short_to_idx = {a[0]: i for i, a in enumerate(self.sc_aliases)}
        long_to_idx = {a[1]: i for i, a in enumerate(self.sc_aliases)}
        if len(self.script_names) > 255:
            die("too many scripts for the packed run table")
        unknown = short_to_idx["Zzzz"]
        self.script = [unknown] * MAX_CP
        for f in data_lines(self.path("Scripts.txt")):
            a, b = parse_range(f[0])
            s = long_to_idx[f[1]]
            for c in range(a, b + 1):
                self.script[c] = s
        self.scx = {}               # cp -> tuple of script indices (sorted)
        for f in data_lines(self.path("ScriptExtensions.txt")):
            a, b = parse_range(f[0])
            v = tuple(sorted(short_to_idx[x] for x in f[1].split()))
            for c in range(a, b + 1):
                self.scx[c] = v

    def read_sequences(self):
        """Properties of strings: name -> (set of single code points, set of tuples of 2+
        code points).  The files must be of the emoji version X.Y of UCD version X.Y.Z."""
        major_minor = ".".join(self.version.split(".")[:2])
        self.seqs = {name: (set(), set()) for name, _ in STRING_PROPS}
        for fname in sorted(set(f for _, f in STRING_PROPS)):
            path = self.path(fname)
            if not os.path.exists(path):
                die("no %s in %s (tools/ucd_from_git.py copies it)" % (fname, self.dir))
            with open(path, encoding="utf-8") as f:
                head = f.read(2000)
            if not re.search(r"^# Version: " + re.escape(major_minor) + r"\s*$", head, re.M):
                die("%s is not emoji version %s" % (fname, major_minor))
            for f in data_lines(path):
                if len(f) < 2 or f[1] not in self.seqs:
                    die("%s: unknown type field in %r" % (fname, f))
                singles, strings = self.seqs[f[1]]
                if ".." in f[0]:
                    a, b = parse_range(f[0])
                    singles.update(range(a, b + 1))
                    continue
                cps = tuple(int(x, 16) for x in f[0].split())
                if len(cps) == 1:
                    singles.add(cps[0])
                else:
                    strings.add(cps)
        for name, _ in STRING_PROPS:
            if not self.seqs[name][0] and not self.seqs[name][1]:
                die("property of strings %s has no data" % name)


# ----------------------------------------------------------------------------------------
# Derived data


def full_decomposition(ucd, cp, compat):
    """Fully decompose cp (canonical only, or canonical+compatibility); Hangul excluded."""
    if HANGUL_SBASE <= cp < HANGUL_SBASE + HANGUL_SCOUNT:
        s = cp - HANGUL_SBASE
        out = [0x1100 + s // 588, 0x1161 + (s % 588) // 28]
        if s % 28:
            out.append(0x11A7 + s % 28)
        return out
    d = ucd.decomp.get(cp)
    if d is None or (d[0] and not compat):
        return [cp]
    out = []
    for c in d[1]:
        out.extend(full_decomposition(ucd, c, compat))
    return out


def full_upper(ucd, cp):
    if cp in ucd.full_upper:
        return ucd.full_upper[cp]
    return [ucd.upper.get(cp, cp)]


def full_lower(ucd, cp):
    if cp in ucd.full_lower:
        return ucd.full_lower[cp]
    return [ucd.lower.get(cp, cp)]


def legacy_canonicalize(ucd, ch):
    """ECMAScript Canonicalize(rer, ch) for IgnoreCase without the u/v flag (code units)."""
    if ch > 0xFFFF or 0xD800 <= ch <= 0xDFFF:
        return ch
    u = full_upper(ucd, ch)
    if len(u) != 1 or u[0] > 0xFFFF:
        return ch
    cu = u[0]
    if ch >= 128 and cu < 128:
        return ch
    return cu


# The shortest run of case-free code points listed in uni_case_gaps.
CASE_GAP_MIN = 256


def case_gaps(orbit_u, orbit_l):
    """The runs (first, last) of at least CASE_GAP_MIN code points that are in neither
    orbit map, i.e. whose Canonicalize class is a singleton in both modes, ascending."""
    gaps, start = [], 0
    for c in range(MAX_CP + 1):
        if c == MAX_CP or c in orbit_u or c in orbit_l:
            if c - start >= CASE_GAP_MIN:
                gaps.append((start, c - 1))
            start = c + 1
    return gaps


def orbit_deltas(canon, domain):
    """For each x in domain whose class {y : canon(y) == canon(x)} has 2+ members, the delta
    to the next member of the class in ascending order, wrapping around (a cycle)."""
    classes = {}
    for x in domain:
        classes.setdefault(canon(x), []).append(x)
    out = {}
    for members in classes.values():
        if len(members) < 2:
            continue
        members.sort()
        for i, x in enumerate(members):
            out[x] = members[(i + 1) % len(members)] - x
    return out


def to_ranges(cps):
    """Sorted set of code points -> list of (first, last) ranges."""
    out = []
    for c in sorted(cps):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return [tuple(r) for r in out]


def runs(values):
    """Per-code-point values -> list of (start, value) where the value changes."""
    out = []
    prev = None
    for c, v in enumerate(values):
        if v != prev:
            out.append((c, v))
            prev = v
    return out


# ----------------------------------------------------------------------------------------
# Three-level trie


class Trie:
    """cp -> value as top[cp >> (mid_bits + leaf_bits)] -> mid block -> leaf block.

    Identical blocks are stored once.  The bit widths are chosen to minimise the size in
    bytes, with top and mid as uint16_t and the leaf as uint8_t or uint16_t."""

    def __init__(self, values, leaf_size):
        best = None
        for lb in range(3, 9):
            leaf, leaf_ids = self.dedupe(values, lb)
            for mb in range(2, 9):
                mid, mid_ids = self.dedupe(leaf_ids, mb)
                size = len(leaf) * leaf_size + len(mid) * 2 + len(mid_ids) * 2
                if len(leaf) >> lb > 0xFFFF or len(mid) >> mb > 0xFFFF:
                    continue
                if best is None or size < best[0]:
                    best = (size, lb, mb, leaf, mid, mid_ids)
        self.size, self.leaf_bits, self.mid_bits, self.leaf, self.mid, self.top = best
        if max(values) >= (1 << (8 * leaf_size)):
            die("trie value too large for its leaf type")
        for c in range(0, MAX_CP, 997):      # self-check
            assert self.get(c) == values[c]

    @staticmethod
    def dedupe(vals, bits):
        """Split vals into blocks of 1 << bits; return (concatenated unique blocks, block ids)."""
        n = 1 << bits
        seen = {}
        data = []
        ids = []
        for i in range(0, len(vals), n):
            t = tuple(vals[i:i + n])
            k = seen.get(t)
            if k is None:
                k = len(seen)
                seen[t] = k
                data.extend(t)
            ids.append(k)
        return data, ids

    def get(self, c):
        lb, mb = self.leaf_bits, self.mid_bits
        m = self.top[c >> (lb + mb)]
        l = self.mid[(m << mb) + ((c >> lb) & ((1 << mb) - 1))]
        return self.leaf[(l << lb) + (c & ((1 << lb) - 1))]


# ----------------------------------------------------------------------------------------
# C output


class Out:
    """Accumulates the generated C text and the byte sizes of the tables."""

    def __init__(self):
        self.parts = []
        self.sizes = []

    def w(self, s=""):
        self.parts.append(s + "\n")

    def array(self, ctype, name, values, elem_size, comment, fmt="%d"):
        """Emit `const ctype name[N] = {...};` wrapped at 100 columns."""
        self.sizes.append((name, len(values) * elem_size))
        self.w("/* %s */" % comment)
        self.w("const %s %s[%d] = {" % (ctype, name, len(values)))
        line = "    "
        for v in values:
            item = (fmt % v) + ","
            if len(line) + len(item) > 100:
                self.w(line)
                line = "    "
            line += item
        if line.strip():
            self.w(line)
        self.w("};")
        self.w()

    def header(self, name, about, cmdline):
        """The opening comment of a generated file (about: lines describing its source) and
        the #include of unicode.h."""
        self.w("/* %s: GENERATED FILE, do not edit by hand." % name)
        self.w(" *")
        for line in about:
            self.w(" * " + line)
        self.w(" * Produced by: %s" % cmdline)
        self.w(" * Layouts and types are declared in unicode.h (\"Internal tables\"); the lookup code")
        self.w(" * is in unicode.c. */")
        self.w()
        self.w("#include \"unicode.h\"")
        self.w()

    def result(self):
        """(text, summary of the table sizes)."""
        text = "".join(self.parts)
        total = sum(s for _, s in self.sizes)
        summary = "\n".join("    %-22s %7d bytes" % s for s in self.sizes)
        summary += "\n    %-22s %7d bytes (numeric tables; source %d bytes)" % (
            "total", total, len(text))
        return text, summary

    def trie(self, name, t, leaf_type, comment):
        size = 1 if leaf_type == "uint8_t" else 2
        self.array("uint16_t", name + "_top", t.top, 2, comment + ": top level")
        self.array("uint16_t", name + "_mid", t.mid, 2, comment + ": middle level")
        self.array(leaf_type, name + "_leaf", t.leaf, size, comment + ": leaves")
        kind = "uni_trie8" if size == 1 else "uni_trie16"
        self.w("const struct %s %s = {" % (kind, name))
        self.w("    %s_top, %s_mid, %s_leaf, %d, %d" % (name, name, name, t.mid_bits, t.leaf_bits))
        self.w("};")
        self.w()


def c_string(s):
    return '"' + s + '"'


def generate(ucd, cmdline):
    o = Out()
    o.header("unicode_tables.c", ["Unicode Character Database version %s (UCD text files: Debian's unicode-data, tools/ucd_from_git.py or tools/ucd_json_to_txt.py)." % ucd.version], cmdline)
    o.w("/* The generator's view of enum uni_gc and the record bits must match unicode.h. */")
    for i, n in enumerate(GC_NAMES):
        o.w("_Static_assert(UNI_GC_%s == %d, \"enum uni_gc out of step with gen_unicode.py\");"
            % (n, i))
    o.w("_Static_assert(UNI_INFO_ID_START == %d && UNI_INFO_ID_CONTINUE == %d &&"
        % (F_ID_START, F_ID_CONTINUE))
    o.w("               UNI_INFO_CASED == %d && UNI_INFO_CASE_IGNORABLE == %d,"
        % (F_CASED, F_CASE_IGNORABLE))
    o.w("               \"info bits out of step with gen_unicode.py\");")
    o.w("_Static_assert(UNI_PROP_GROUP == %d, \"UNI_PROP_GROUP out of step\");" % PROP_GROUP)
    o.w()
    o.w("const char uni_version[] = \"%s\";" % ucd.version)
    o.w()

    # ---- info trie: gc + flags
    ids, idc = ucd.props["ID_Start"], ucd.props["ID_Continue"]
    cased, ci = ucd.props["Cased"], ucd.props["Case_Ignorable"]
    recs = {}
    rec_list = []
    vals = [0] * MAX_CP
    for c in range(MAX_CP):
        r = ucd.gc[c]
        if c in ids:
            r |= F_ID_START
        if c in idc:
            r |= F_ID_CONTINUE
        if c in cased:
            r |= F_CASED
        if c in ci:
            r |= F_CASE_IGNORABLE
        k = recs.get(r)
        if k is None:
            k = recs[r] = len(rec_list)
            rec_list.append(r)
        vals[c] = k
    o.array("uint16_t", "uni_info_recs", rec_list, 2,
            "Info records: General_Category (low 5 bits) | UNI_INFO_* flags")
    o.trie("uni_info_trie", Trie(vals, 1), "uint8_t", "Code point -> uni_info_recs index")

    # ---- case trie
    special = [0]      # pool of full-mapping code points; index 0 unused so 0 means "none"
    special_idx = {}

    def add_special(seq):
        t = tuple(seq)
        if t not in special_idx:
            if len(seq) > 3:
                die("full case mapping longer than 3")
            special_idx[t] = (len(special) << 2) | len(seq)
            special.extend(seq)
        return special_idx[t]

    orbit_u = orbit_deltas(lambda c: ucd.fold.get(c, c), range(MAX_CP))
    orbit_l = orbit_deltas(lambda c: legacy_canonicalize(ucd, c), range(0x10000))
    case_recs = {(0, 0, 0, 0, 0, 0, 0): 0}
    case_list = [(0, 0, 0, 0, 0, 0, 0)]
    vals = [0] * MAX_CP
    for c in range(MAX_CP):
        su = add_special(ucd.full_upper[c]) if c in ucd.full_upper else 0
        sl = add_special(ucd.full_lower[c]) if c in ucd.full_lower else 0
        r = (ucd.upper.get(c, c) - c, ucd.lower.get(c, c) - c, ucd.fold.get(c, c) - c,
             orbit_u.get(c, 0), orbit_l.get(c, 0), su, sl)
        k = case_recs.get(r)
        if k is None:
            k = case_recs[r] = len(case_list)
            case_list.append(r)
        vals[c] = k
    if len(special) >= 1 << 14:
        die("special case pool too large")
    o.sizes.append(("uni_case_recs", len(case_list) * 24))
    o.w("/* Case records: simple upper, lower and fold deltas; RegExp /i orbit deltas (u mode,")
    o.w(" * legacy mode); full upper and lower mappings from SpecialCasing.txt as")
    o.w(" * (offset << 2 | length) into uni_special_case, 0 if none. */")
    o.w("const struct uni_case_rec uni_case_recs[%d] = {" % len(case_list))
    for r in case_list:
        o.w("    { %d, %d, %d, %d, %d, %d, %d }," % r)
    o.w("};")
    o.w()
    o.array("uint32_t", "uni_special_case", special, 4,
            "Full case mappings (unconditional SpecialCasing.txt entries)", "0x%04X")
    o.trie("uni_case_trie", Trie(vals, 2), "uint16_t", "Code point -> uni_case_recs index")
    gaps = case_gaps(orbit_u, orbit_l)
    o.array("uint32_t", "uni_case_gaps", [x for g in gaps for x in g], 4,
            "Runs { first, last } of at least %d code points whose RegExp /i classes are "
            "singletons in both modes" % CASE_GAP_MIN, "0x%04X")
    o.w("const uint32_t uni_case_gaps_len = %d;" % len(gaps))
    o.w()

    # ---- combining class trie
    o.trie("uni_ccc_trie", Trie(ucd.ccc, 1), "uint8_t", "Code point -> Canonical_Combining_Class")

    # ---- decompositions: pool of [header, canonical..., compatibility...] entries
    pool = [0]         # index 0 = "no decomposition"
    vals = [0] * MAX_CP
    for c in sorted(ucd.decomp):
        canon = full_decomposition(ucd, c, False)
        compat = full_decomposition(ucd, c, True)
        if canon == [c]:
            canon = []
        if len(canon) >= 32 or len(compat) >= 32:
            die("decomposition too long")
        if any(HANGUL_SBASE <= x < HANGUL_SBASE + HANGUL_SCOUNT for x in canon + compat):
            die("decomposition of U+%04X contains a Hangul syllable" % c)
        vals[c] = len(pool)
        same = compat == canon
        pool.append(len(canon) | (0 if same else len(compat)) << 5)
        pool.extend(canon)
        if not same:
            pool.extend(compat)
    o.array("uint32_t", "uni_decomp_pool", pool, 4,
            "Decompositions: header (canonical length | compatibility length << 5) followed by\n"
            " * the full canonical decomposition, then the full compatibility decomposition.\n"
            " * Canonical length 0: none; compatibility length 0: same as the canonical one")
    o.trie("uni_decomp_trie", Trie(vals, 2), "uint16_t",
           "Code point -> header index in uni_decomp_pool (0 = none)")

    # ---- composition pairs
    excl = ucd.props["Full_Composition_Exclusion"]
    derived_excl = set()
    for c, (compat, seq) in ucd.decomp.items():
        if compat:
            continue
        if len(seq) == 1 or ucd.ccc[c] != 0 or ucd.ccc[seq[0]] != 0:
            derived_excl.add(c)
    for f in data_lines(ucd.path("CompositionExclusions.txt")):
        derived_excl.add(int(f[0], 16))
    if derived_excl != excl:
        die("Full_Composition_Exclusion does not match its derivation")
    pairs = []
    for c, (compat, seq) in ucd.decomp.items():
        if not compat and len(seq) == 2 and c not in excl:
            pairs.append((seq[0], seq[1], c))
    pairs.sort()
    o.sizes.append(("uni_comp_pairs", len(pairs) * 12))
    o.w("/* Canonical composition pairs { first, second, composite } sorted by (first, second);")
    o.w(" * Full_Composition_Exclusion removed, Hangul algorithmic (not here). */")
    o.w("const struct uni_comp_pair uni_comp_pairs[%d] = {" % len(pairs))
    line = "    "
    for p in pairs:
        item = "{%d,%d,%d}," % p
        if len(line) + len(item) > 100:
            o.w(line)
            line = "    "
        line += item
    o.w(line)
    o.w("};")
    o.w("const uint32_t uni_comp_pairs_len = %d;" % len(pairs))
    o.w()

    # ---- property data: runs for gc / script / scx
    gc_runs = runs(ucd.gc)
    o.array("uint32_t", "uni_gc_runs", [(s << 5) | v for s, v in gc_runs], 4,
            "General_Category runs: (first code point << 5) | gc; a run lasts to the next")
    o.w("const uint32_t uni_gc_runs_len = %d;" % len(gc_runs))
    o.w()
    sc_runs = runs(ucd.script)
    o.array("uint32_t", "uni_sc_runs", [(s << 8) | v for s, v in sc_runs], 4,
            "Script runs: (first code point << 8) | script index")
    o.w("const uint32_t uni_sc_runs_len = %d;" % len(sc_runs))
    o.w()
    sets = []
    set_idx = {}
    for v in sorted(set(ucd.scx.values())):
        set_idx[v] = len(sets) + 1
        sets.append(v)
    if len(sets) + 1 > 255:
        die("too many Script_Extensions sets")
    set_off = []
    set_pool = []
    for v in sets:
        set_off.append((len(set_pool) << 8) | len(v))
        set_pool.extend(v)
    scx_vals = [set_idx[ucd.scx[c]] if c in ucd.scx else 0 for c in range(MAX_CP)]
    scx_runs = runs(scx_vals)
    o.array("uint32_t", "uni_scx_runs", [(s << 8) | v for s, v in scx_runs], 4,
            "Script_Extensions runs: (first code point << 8) | set; set 0 = none,\n"
            " * use Script; set k = uni_scx_sets[k - 1]")
    o.w("const uint32_t uni_scx_runs_len = %d;" % len(scx_runs))
    o.w()
    o.array("uint32_t", "uni_scx_sets", set_off, 4,
            "Script_Extensions sets: (offset << 8) | count into uni_scx_set_pool")
    o.array("uint8_t", "uni_scx_set_pool", set_pool, 1,
            "Script indices of the Script_Extensions sets, ascending in each set")

    # ---- binary property ranges, delta-coded: for each range [first, last] the varints
    # (first - previous last - 1) and (last - first), previous last starting at -1.  Every
    # PROP_GROUP ranges a checkpoint (code point after the previous range, byte offset)
    # in uni_prop_index allows a binary search.
    stream = []
    index = []
    descs = []          # (kind, a, b, comment)
    names = []          # (name, namespace, value)

    def varint(v):
        while v >= 0x80:
            stream.append((v & 0x7F) | 0x80)
            v >>= 7
        stream.append(v)

    all_gc = (1 << len(GC_NAMES)) - 1
    for name, fname in BINARY_PROPS:
        d = len(descs)
        if name == "Any":
            descs.append((PK_GC, all_gc, 0, name))
        elif name == "Assigned":
            descs.append((PK_GC, all_gc & ~1, 0, name))
        else:
            rl = to_ranges(ucd.props[name])
            descs.append((PK_RANGES, len(index) // 2, len(rl), name))
            prev_last = -1
            for i, (a, b) in enumerate(rl):
                if i % PROP_GROUP == 0:
                    index.extend((prev_last + 1, len(stream)))
                varint(a - prev_last - 1)
                varint(b - a)
                prev_last = b
        aliases = ucd.prop_aliases.get(name, [name])
        for a in sorted(set(aliases) | {name}):
            names.append((a, NS_LONE, d))
    o.array("uint8_t", "uni_prop_stream", stream, 1,
            "Binary property ranges, delta-coded as varints (7 bits per byte, low first,\n"
            " * 0x80 = more): per range (first - previous last - 1), (last - first)")
    o.array("uint32_t", "uni_prop_index", index, 4,
            "Checkpoints every UNI_PROP_GROUP ranges: { code point after the previous range,\n"
            " * offset in uni_prop_stream }")
    # gc values (usable alone or as General_Category=value)
    groups = {"L": ["Lu", "Ll", "Lt", "Lm", "Lo"], "LC": ["Lu", "Ll", "Lt"],
              "M": ["Mn", "Mc", "Me"], "N": ["Nd", "Nl", "No"],
              "P": ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"],
              "S": ["Sm", "Sc", "Sk", "So"], "Z": ["Zs", "Zl", "Zp"],
              "C": ["Cc", "Cf", "Cs", "Co", "Cn"]}
    for al in ucd.gc_aliases:
        short = al[0]
        members = groups.get(short, [short])
        mask = 0
        for m in members:
            mask |= 1 << GC_INDEX[m]
        d = len(descs)
        descs.append((PK_GC, mask, 0, "gc=" + al[1]))
        for a in sorted(set(al)):
            names.append((a, NS_LONE, d))
            names.append((a, NS_GC, d))
    # scripts: the handle of Script=X is len(descs) + i, of Script_Extensions=X
    # len(descs) + script count + i (no descriptors)
    for i, al in enumerate(ucd.sc_aliases):
        for a in sorted(set(al)):
            names.append((a, NS_SC, i))
    # non-binary property names
    for long_name, kind in (("General_Category", PK_GC), ("Script", PK_SC),
                            ("Script_Extensions", PK_SCX)):
        for a in sorted(set(ucd.prop_aliases[long_name])):
            names.append((a, NS_PROP, kind))
    o.sizes.append(("uni_prop_descs", len(descs) * 12))
    o.w("/* Property descriptors; a handle from uni_lookup_property below")
    o.w(" * uni_prop_descs_len is an index here.  RANGES: a = first checkpoint in")
    o.w(" * uni_prop_index (pairs), b = number of ranges; GC: a = mask of 1 << uni_gc. */")
    o.w("const struct uni_prop_desc uni_prop_descs[%d] = {" % len(descs))
    for kind, a, b, cm in descs:
        kname = ["UNI_PK_RANGES", "UNI_PK_GC", "UNI_PK_SC", "UNI_PK_SCX"][kind]
        o.w("    { %s, 0x%X, %d }, /* %s */" % (kname, a, b, cm))
    o.w("};")
    o.w("const uint32_t uni_prop_descs_len = %d;" % len(descs))
    o.w()
    names.sort(key=lambda x: (x[1], x[0]))
    seen = set()
    for n, ns, _ in names:
        if (n, ns) in seen:
            die("duplicate name %s in name space %d" % (n, ns))
        seen.add((n, ns))
    o.sizes.append(("uni_prop_names", len(names) * 8))
    o.w("/* Property and value names with all aliases, sorted by (space, strcmp order).")
    o.w(" * LONE: binary property or gc value -> descriptor; GC: gc value -> descriptor;")
    o.w(" * SC: script value -> script index; PROP: General_Category / Script /")
    o.w(" * Script_Extensions -> UNI_PK_GC / UNI_PK_SC / UNI_PK_SCX. */")
    o.w("const struct uni_prop_name uni_prop_names[%d] = {" % len(names))
    nsn = ["UNI_NS_LONE", "UNI_NS_GC", "UNI_NS_SC", "UNI_NS_PROP"]
    for n, ns, d in names:
        o.w("    { %s, %s, %d }," % (c_string(n), nsn[ns], d))
    o.w("};")
    o.w("const uint32_t uni_prop_names_len = %d;" % len(names))
    o.w()
    o.w("const char *const uni_script_names[%d] = {" % len(ucd.script_names))
    for i in range(0, len(ucd.script_names), 4):
        o.w("    " + " ".join(c_string(s) + "," for s in ucd.script_names[i:i + 4]))
    o.w("};")
    o.w("const uint32_t uni_script_count = %d;" % len(ucd.script_names))
    return o.result()


def generate_emoji(ucd, cmdline):
    """The text of src/unicode_emoji.c: the properties of strings (see unicode.h)."""
    o = Out()
    o.header("unicode_emoji.c", [
        "Properties of strings for RegExp \\p{..} with the v flag, from the emoji sequence",
        "files of emoji version %s (emoji-sequences.txt, emoji-zwj-sequences.txt) that go"
        % ".".join(ucd.version.split(".")[:2]),
        "with the Unicode Character Database %s." % ucd.version], cmdline)
    o.w("const char uni_emoji_version[] = \"%s\";" % ucd.version)
    o.w()
    ranges, pool, props = [], [], []
    for i, (name, _) in enumerate(STRING_PROPS):
        singles, strings = ucd.seqs[name]
        rl = to_ranges(singles)
        r0, p0 = len(ranges) // 2, len(pool)
        for a, b in rl:
            ranges.extend((a, b))
        for t in sorted(strings):
            pool.append(len(t))
            pool.extend(t)
        props.append((name, r0, len(rl), p0, len(pool) - p0, len(strings), 1 << i))
    props.append((STRING_PROP_UNION, 0, 0, 0, 0, 0, (1 << len(STRING_PROPS)) - 1))
    o.array("uint32_t", "uni_seq_ranges", ranges, 4,
            "Single code points of the properties of strings: { first, last } ranges,\n"
            " * ascending within each property")
    o.array("uint32_t", "uni_seq_pool", pool, 4,
            "Sequences of the properties of strings: length (>= 2), then the code points;\n"
            " * sorted by code points within each property")
    o.sizes.append(("uni_seq_props", len(props) * 28))
    o.w("/* The properties of strings (handle = index); a property with more than one bit in")
    o.w(" * parts is the union of the properties of those indices and has no data itself. */")
    o.w("const struct uni_seq_prop uni_seq_props[%d] = {" % len(props))
    for name, r0, nr, p0, pw, ns, parts in props:
        o.w("    { %s, %d, %d, %d, %d, %d, 0x%X }," % (c_string(name), r0, nr, p0, pw, ns, parts))
    o.w("};")
    o.w("const uint32_t uni_seq_props_len = %d;" % len(props))
    return o.result()


def main():
    ucd_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "src", "unicode_tables.c")
    emoji_out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "src", "unicode_emoji.c")
    if not os.path.exists(os.path.join(ucd_dir, "UnicodeData.txt")):
        die("no UnicodeData.txt in %s (apt-get install unicode-data)" % ucd_dir)
    ucd = UCD(ucd_dir)
    cmd = "python3 tools/gen_unicode.py %s src/unicode_tables.c" % ucd_dir
    text, summary = generate(ucd, cmd)
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    sys.stderr.write("wrote %s (Unicode %s)\n%s\n" % (out, ucd.version, summary))
    text, summary = generate_emoji(ucd, cmd)
    with open(emoji_out, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    sys.stderr.write("wrote %s (emoji sequences)\n%s\n" % (emoji_out, summary))


if __name__ == "__main__":
    main()
