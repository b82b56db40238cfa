/* fuzz_eval.c — libFuzzer target for the whole engine on hostile source text: the lexer,
 * parser, early errors, scope analysis, compiler and interpreter, and whatever built-ins the
 * program reaches. Each input is compiled and run as a classic script in a fresh VM with a
 * small heap and a computron limit (so loops and runaway recursion end), then its promise
 * jobs are drained. The fresh VM is loaded from a snapshot of a new realm taken once (far
 * cheaper than building the realm each time, and it exercises the loader too). Any crash, sanitizer report or heap-verification failure is a bug: bad
 * input must give an exception, never more. Build and run: `make fuzz-eval`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vm.h"
#include "snapshot.h"

/* The snapshot of a fresh realm, written once. */
static uint8_t *fresh_image;
static size_t fresh_len, fresh_cap;

/* SnapWriteFn collecting the image in memory. */
static int collect(void *ctx, const void *buf, size_t n) {
    (void)ctx;
    if (fresh_len + n > fresh_cap) {
        size_t cap = fresh_cap ? fresh_cap * 2 : (1u << 20);
        while (cap < fresh_len + n) cap *= 2;
        uint8_t *p = realloc(fresh_image, cap);
        if (!p) return -1;
        fresh_image = p;
        fresh_cap = cap;
    }
    memcpy(fresh_image + fresh_len, buf, n);
    fresh_len += n;
    return 0;
}

/* A VM with a fresh realm, from the image (made on first use). */
static VM *fresh_vm(void) {
    char err[256];
    if (!fresh_image) {
        VM *vm = vm_new(0);
        if (!vm || snap_write(vm, collect, NULL, 0, NULL, err, sizeof err) < 0) abort();
        vm_free(vm);
    }
    return snap_load_buffer(fresh_image, fresh_len, NULL, NULL, NULL, err, sizeof err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    VM *vm = fresh_vm();
    if (!vm) abort();
    vm->memory_limit = (size_t)24 << 20;
    vm->meter_limit = 300000;
    /* an exact-size copy: a lexer reading past the end is caught by ASan */
    char *src = malloc(size ? size : 1);
    if (!src) { vm_free(vm); return 0; }
    memcpy(src, data, size);
    Value r = vm_eval_script(vm, src, size, "fuzz.js");
    if (r == VAL_EXCEPTION) vm_take_exception(vm);
    if (!vm->uncatchable && vm_run_jobs(vm) < 0) vm_take_exception(vm);
    vm->nroots = 0;
    vm_safepoint_slow(vm);
    if (heap_verify(vm) != 0) abort();
    free(src);
    vm_free(vm);
    return 0;
}
