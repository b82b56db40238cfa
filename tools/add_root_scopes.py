#!/usr/bin/env python3
"""Insert VM_ROOT_SCOPE(vm); at the start of every C function body that calls vm_root and
lacks one (heap.h: every function that roots locals must open a root scope).
Usage: tools/add_root_scopes.py FILE.c ...   (rewrites in place; prints what it changed)"""
import re, sys

def process(path):
    src = open(path).read()
    out, i, changed = [], 0, 0
    # function definitions: a line starting at column 0 with '(' and ending with '{'
    pat = re.compile(r'^[A-Za-z_][^;{}\n]*\([^;{}]*\)\s*\{[ \t]*$', re.M)
    pos = 0
    for m in pat.finditer(src):
        start = m.end()
        # find the matching closing brace of the body
        depth, j = 1, start
        while j < len(src) and depth:
            c = src[j]
            if c == '{': depth += 1
            elif c == '}': depth -= 1
            elif c == '"' or c == "'":
                q = c; j += 1
                while j < len(src) and src[j] != q:
                    j += 2 if src[j] == '\\' else 1
            elif src.startswith('/*', j):
                j = src.find('*/', j) + 1
            elif src.startswith('//', j):
                j = src.find('\n', j)
            j += 1
        body = src[start:j]
        if 'vm_root(' in body and 'VM_ROOT_SCOPE' not in body:
            vmname = 'vm'
            sig = m.group(0)
            mm = re.search(r'VM \*(\w+)', sig)
            if mm: vmname = mm.group(1)
            out.append(src[pos:start])
            out.append(f'\n    VM_ROOT_SCOPE({vmname});')
            pos = start
            changed += 1
    out.append(src[pos:])
    if changed:
        open(path, 'w').write(''.join(out))
        print(f'{path}: {changed} functions')

for p in sys.argv[1:]:
    process(p)
