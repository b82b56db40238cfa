/* fuzz_snapshot.c — libFuzzer target for the snapshot loader (DESIGN C6: snapshot files are
 * untrusted input). The integrity checksum and hash are not checked here (snap_verify = 0) so that
 * mutated inputs reach header parsing and the heap validator; a successful load then walks
 * the heap like `cryo snapshot info` and writes the heap back out. Build: `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "vm.h"
#include "snapshot.h"


static int discard(void *ctx, const void *buf, size_t n) { (void)ctx; (void)buf; (void)n; return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    snap_verify = 0;
    char err[256];
    VM *vm = snap_load_buffer(data, size, NULL, NULL, NULL, err, sizeof err);
    if (!vm) return 0;
    if (heap_verify(vm) != 0) abort();          /* the validator let a broken heap through */
    snap_write(vm, discard, NULL, 0, NULL, err, sizeof err);
    vm_free(vm);
    return 0;
}
