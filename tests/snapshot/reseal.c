/* reseal.c — test helper for tests/snapshot/corrupt.py: recompute the trailer (identity and
 * fast checksum, docs/snapshot-format.md) of each uncompressed snapshot file named, in place,
 * so that a deliberately corrupted file gets past the integrity check to the parser and the
 * validator. Build: cc -Isrc reseal.c build/libcryo.a -lzstd -lcrypto -lm. Exit 1 on I/O error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "snapshot.h"

/* Trailer layout: {"HASH", 0, 40} header (16), SHA-256 (32), checksum (8), "CRYOEND!" (8). */
static int reseal(const char *path) {
    FILE *f = fopen(path, "r+b");
    if (!f) { perror(path); return -1; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    if (n < 64) { fclose(f); fprintf(stderr, "%s: too short\n", path); return -1; }
    unsigned char *d = malloc((size_t)n);
    rewind(f);
    if (!d || fread(d, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(d); perror(path); return -1; }
    size_t t = (size_t)n - 64;
    if (snap_identity(d, (size_t)n, d + t + 16) < 0) {   /* a lying header: hash it whole */
        unsigned len = 0;
        EVP_Digest(d, t, d + t + 16, &len, EVP_sha256(), NULL);
    }
    SnapSum s;
    snap_sum_init(&s);
    snap_sum_update(&s, d, t + 48);
    uint64_t sum = snap_sum_final(&s);
    memcpy(d + t + 48, &sum, 8);
    rewind(f);
    int rc = fwrite(d, 1, (size_t)n, f) == (size_t)n ? 0 : -1;
    if (fclose(f) != 0) rc = -1;
    free(d);
    return rc;
}

int main(int argc, char **argv) {
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (reseal(argv[i]) < 0) rc = 1;
    return rc;
}
