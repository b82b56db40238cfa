/* netstring.c — strict netstring reader and writer (see netstring.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "netstring.h"

void ns_reader_init(NsReader *r, int fd) {
    r->fd = fd;
    r->pos = 0;
    r->len = 0;
    r->detail = "";
}

/* Record what was malformed and return NS_SYNTAX. */
static NsStatus ns_syntax(NsReader *r, const char *detail) {
    r->detail = detail;
    return NS_SYNTAX;
}

/* Refill the buffer. Returns bytes now available, 0 at end of input, -1 on error. */
static long ns_fill(NsReader *r) {
    if (r->pos < r->len) return (long)(r->len - r->pos);
    r->pos = r->len = 0;
    for (;;) {
        ssize_t n = read(r->fd, r->buf, sizeof r->buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        r->len = (size_t)n;
        return (long)n;
    }
}

/* Next byte, or -1 at end of input, -2 on a read error. */
static int ns_getc(NsReader *r) {
    long n = ns_fill(r);
    if (n < 0) return -2;
    if (n == 0) return -1;
    return r->buf[r->pos++];
}

/* Copy exactly n bytes into dst (buffered bytes first, then straight from the fd). */
static NsStatus ns_read_exact(NsReader *r, uint8_t *dst, size_t n) {
    size_t have = r->len - r->pos;
    if (have > n) have = n;
    memcpy(dst, r->buf + r->pos, have);
    r->pos += have;
    dst += have;
    n -= have;
    while (n > 0) {
        ssize_t got = read(r->fd, dst, n > ((size_t)1 << 30) ? ((size_t)1 << 30) : n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return NS_IO_ERROR;
        if (got == 0) return NS_TRUNCATED;
        dst += got;
        n -= (size_t)got;
    }
    return NS_OK;
}

NsStatus ns_read(NsReader *r, size_t max_len, uint8_t **body, size_t *len) {
    *body = NULL;
    *len = 0;
    uint64_t n = 0;
    int digits = 0, c;
    for (;;) {
        c = ns_getc(r);
        if (c == -2) return NS_IO_ERROR;
        if (c == -1) return digits == 0 ? NS_EOF : NS_TRUNCATED;
        if (c == ':') break;
        if (c < '0' || c > '9') return ns_syntax(r, digits ? "bad character in the length" : "the length does not start with a digit");
        if (digits == 1 && n == 0) return ns_syntax(r, "leading zero in the length");
        if (++digits > 10) return ns_syntax(r, "the length has more than 10 digits");
        n = n * 10 + (uint64_t)(c - '0');
    }
    if (digits == 0) return ns_syntax(r, "empty length");
    if (n > max_len) return NS_TOO_LONG;
    uint8_t *b = malloc((size_t)n + 1);
    if (!b) return NS_NO_MEMORY;
    NsStatus st = ns_read_exact(r, b, (size_t)n);
    if (st != NS_OK) { free(b); return st; }
    c = ns_getc(r);
    if (c != ',') {
        free(b);
        return c == -2 ? NS_IO_ERROR : c == -1 ? NS_TRUNCATED : ns_syntax(r, "missing ',' after the body");
    }
    b[n] = 0;
    *body = b;
    *len = (size_t)n;
    return NS_OK;
}

const char *ns_status_message(NsStatus st) {
    switch (st) {
    case NS_OK: return "ok";
    case NS_EOF: return "end of input";
    case NS_TRUNCATED: return "end of input inside a netstring";
    case NS_IO_ERROR: return "read error";
    case NS_SYNTAX: return "malformed netstring";
    case NS_TOO_LONG: return "netstring too long";
    case NS_NO_MEMORY: return "out of memory for a netstring";
    }
    return "netstring error";
}

void ns_describe(const NsReader *r, NsStatus st, char *buf, size_t cap) {
    if (st == NS_SYNTAX && r->detail && *r->detail) snprintf(buf, cap, "%s: %s", ns_status_message(st), r->detail);
    else snprintf(buf, cap, "%s", ns_status_message(st));
}

int ns_write_all(int fd, const void *buf, size_t n) {
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int ns_write(int fd, const struct iovec *parts, int n) {
    if (n < 0 || n > 8) { errno = EINVAL; return -1; }
    struct iovec iov[10];
    size_t total = 0;
    for (int i = 0; i < n; i++) total += parts[i].iov_len;
    char head[24];
    int hl = snprintf(head, sizeof head, "%zu:", total);
    int cnt = 0;
    iov[cnt].iov_base = head;
    iov[cnt++].iov_len = (size_t)hl;
    for (int i = 0; i < n; i++)
        if (parts[i].iov_len) iov[cnt++] = parts[i];
    static char comma[1] = { ',' };
    iov[cnt].iov_base = comma;
    iov[cnt++].iov_len = 1;
    /* writev, then advance through the vector on short writes */
    int first = 0;
    while (first < cnt) {
        ssize_t w = writev(fd, iov + first, cnt - first);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        size_t left = (size_t)w;
        while (first < cnt && left >= iov[first].iov_len) left -= iov[first++].iov_len;
        if (first < cnt && left) {
            iov[first].iov_base = (char *)iov[first].iov_base + left;
            iov[first].iov_len -= left;
        }
    }
    return 0;
}
