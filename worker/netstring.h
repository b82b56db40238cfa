/* netstring.h — netstring framing for the worker protocol (docs/worker-protocol.md).
 *
 * A netstring is `LEN:BYTES,` where LEN is the decimal byte count of BYTES. This reader is
 * strict: LEN is 1 to 10 ASCII digits with no leading zero (except "0" itself), no sign and
 * no white space, and the byte after BYTES must be ','. Anything else is a syntax error, a
 * LEN above the caller's maximum is refused before any of BYTES is read, and end of input
 * is reported separately when it comes before a frame's first byte (a clean close) and
 * inside a frame (a truncated frame).
 *
 * The reader buffers input from its file descriptor; nothing else may read that
 * descriptor while a reader is attached to it. Writers use one writev() per frame (retried
 * on short writes and EINTR), so a frame is never interleaved with other output. */
#ifndef CRYO_WORKER_NETSTRING_H
#define CRYO_WORKER_NETSTRING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* Largest frame body the worker accepts or sends (1 GiB). */
#define NS_MAX_FRAME ((size_t)1 << 30)

/* Result of ns_read. */
typedef enum NsStatus {
    NS_OK = 0,          /* a whole frame was read */
    NS_EOF,             /* end of input before the first byte of a frame */
    NS_TRUNCATED,       /* end of input inside a frame */
    NS_IO_ERROR,        /* read() failed (errno kept) */
    NS_SYNTAX,          /* malformed frame: bad length prefix or missing ',' */
    NS_TOO_LONG,        /* the length prefix exceeds the maximum */
    NS_NO_MEMORY,       /* the body could not be allocated */
} NsStatus;

/* A buffered reader over one file descriptor. */
typedef struct NsReader {
    int fd;             /* descriptor read from */
    size_t pos;         /* next unread byte in buf */
    size_t len;         /* bytes valid in buf */
    const char *detail; /* what was wrong with the last NS_SYNTAX frame */
    uint8_t buf[1 << 16]; /* read-ahead buffer */
} NsReader;

/* Attach a reader to fd. */
void ns_reader_init(NsReader *r, int fd);
/* Read one frame whose body is at most max_len bytes. On NS_OK *body is a malloc'd copy of
 * the body (with one extra NUL byte after it, not counted in *len); the caller frees it. */
NsStatus ns_read(NsReader *r, size_t max_len, uint8_t **body, size_t *len);
/* A short English description of a status ("malformed netstring" ...). */
const char *ns_status_message(NsStatus st);
/* The same, with the reader's detail for NS_SYNTAX ("malformed netstring: missing ','"). */
void ns_describe(const NsReader *r, NsStatus st, char *buf, size_t cap);
/* Write one frame whose body is the concatenation of parts[0..n) (n <= 8). Returns 0, or
 * -1 with errno set when the write failed. */
int ns_write(int fd, const struct iovec *parts, int n);
/* Write all of buf to fd (short writes and EINTR retried). 0, or -1 with errno. */
int ns_write_all(int fd, const void *buf, size_t n);

#endif
