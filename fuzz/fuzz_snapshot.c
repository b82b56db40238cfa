/* fuzz_snapshot.c — libFuzzer target for the snapshot loader (DESIGN C6: snapshot files are
 * untrusted input). The integrity checksum and hash are not checked here (snap_verify = 0) so that
 * mutated inputs reach header parsing and the heap validator; a successful load then walks
 * the heap like `cryo snapshot info` and writes the heap back out. Inputs of even length are
 * loaded from a file (a memfd: the heap image is mapped when its offset is page-aligned),
 * odd ones from a buffer (the image is read), so both ways in are fuzzed. Build: `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vm.h"
#include "snapshot.h"


static int discard(void *ctx, const void *buf, size_t n) { (void)ctx; (void)buf; (void)n; return 0; }

/* A memfd holding the input, positioned at its start; -1 when none could be made. */
static int input_file(const uint8_t *data, size_t size) {
    int fd = memfd_create("snapshot", MFD_CLOEXEC);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) { close(fd); return -1; }
        done += (size_t)w;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) { close(fd); return -1; }
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    snap_verify = 0;
    char err[256];
    int fd = size % 2 == 0 ? input_file(data, size) : -1;
    VM *vm = fd >= 0 ? snap_load_fd(fd, NULL, NULL, NULL, err, sizeof err)
                     : snap_load_buffer(data, size, NULL, NULL, NULL, err, sizeof err);
    if (vm) {
        if (heap_verify(vm) != 0) abort();          /* the validator let a broken heap through */
        snap_write(vm, discard, NULL, 0, NULL, err, sizeof err);
        vm_free(vm);
    }
    if (fd >= 0) close(fd);
    return 0;
}
