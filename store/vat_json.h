/* vat_json.h — strict JSON (RFC 8259) for the vat store: a parsed document as a flat array
 * of nodes over the input bytes, string decoding, and JSON string quoting (vat_syscall.h
 * uses it for the syscalls a vat makes, docs/vat-store.md "Syscalls").
 *
 * Invariants:
 *  - Nodes are in document order (preorder). Node i's value occupies bytes
 *    [start, start + len) of the input; its subtree is nodes i..end-1, so its first child
 *    (if any) is i + 1 and its next sibling is `end`. An object's children alternate key
 *    (a string node) and value.
 *  - Every error message is a function of the input bytes alone (the store records them
 *    as syscall answers, which must be deterministic). */
#ifndef CRYO_VAT_JSON_H
#define CRYO_VAT_JSON_H

#include <stddef.h>
#include <stdint.h>

#define VJ_DEPTH_MAX 256                 /* deepest nesting below the top value */
#define VJ_NODES_MAX ((size_t)1 << 20)   /* most values in one document */

/* The JSON value types. */
typedef enum VjType { VJ_NULL, VJ_FALSE, VJ_TRUE, VJ_NUMBER, VJ_STRING, VJ_ARRAY, VJ_OBJECT } VjType;

/* One value of a document. */
typedef struct VjNode {
    VjType type;                 /* its type */
    size_t start;                /* first byte in the input */
    size_t len;                  /* its byte length (strings: quotes included) */
    size_t end;                  /* index of the node after its subtree */
    size_t count;                /* array: elements; object: members (key/value pairs) */
} VjNode;

/* A parsed document. */
typedef struct VjDoc {
    const uint8_t *src;          /* the input (not owned) */
    size_t n;                    /* its length */
    VjNode *nodes;               /* the values, in preorder (malloc'd) */
    size_t nnodes;               /* their count */
    size_t cap;                  /* capacity of nodes */
} VjDoc;

/* A growable byte buffer (NUL after the last byte). */
typedef struct VjBuf {
    uint8_t *p;                  /* the bytes, malloc'd */
    size_t n;                    /* bytes used */
    size_t cap;                  /* bytes allocated */
    int oom;                     /* an allocation failed: the contents are incomplete */
} VjBuf;

/* Parse one JSON value (white space around it allowed, nothing else). 0, or -1 with the
 * message in msg (e.g. "unterminated string", "unexpected bytes after the syscall"). */
int vj_parse(VjDoc *d, const uint8_t *p, size_t n, char *msg, size_t cap);
void vj_free(VjDoc *d);
/* The k-th element of array node `arr` (index), or 0 when there is none. */
size_t vj_elem(const VjDoc *d, size_t arr, size_t k);
/* The value of member `key` of object node `obj`: its index, 0 when absent, or -1 when the
 * key appears more than once. */
long vj_member(const VjDoc *d, size_t obj, const char *key);
/* Decode string node i into b (appended). */
void vj_string(const VjDoc *d, size_t i, VjBuf *b);

/* Append n bytes to b (or note out of memory). */
void vj_put(VjBuf *b, const void *p, size_t n);
/* Append bytes as a JSON string (quotes included): `"`, `\` and control characters
 * escaped, WTF-8 surrogates as \uXXXX, other well-formed UTF-8 raw, other bytes U+FFFD. */
void vj_quote(VjBuf *b, const uint8_t *s, size_t n);

#endif
