#!/bin/sh
# check_root_scopes.sh — list functions that call vm_root without opening VM_ROOT_SCOPE
# first (heap.h). Exits 1 when any is found. A helper that deliberately registers roots in
# its caller's scope marks those lines with the words "caller's root scope".
bad=0
for f in "$@"; do
    out=$(grep -n "VM_ROOT_SCOPE\|^[a-zA-Z].*(.*{\$\|vm_root(" "$f" | awk -v F="$f" '/VM_ROOT_SCOPE/{s=1} /\{$/ && !/VM_ROOT_SCOPE/ && !/vm_root/{fn=$0; s=0} /vm_root\(/ && !/^[0-9]+:void vm_root\(/ && !/^[0-9]+:[ \t]*(\*|\/\*|\/\/)/ && !/caller.s root scope/{ if(!s) print F ": missing VM_ROOT_SCOPE in " fn}' | sort -u)
    if [ -n "$out" ]; then echo "$out"; bad=1; fi
done
exit $bad
