/* api.c — the public embedding API (include/cryo.h) over the internal one (vm.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../include/cryo.h"
#include "vm.h"
#include "snapshot.h"

cryo_vm *cryo_new(void) { return vm_new(0); }
void cryo_free(cryo_vm *vm) { vm_free(vm); }

/* Finish an API call: forget C roots (the embedder holds no rooted locals). */
static int api_done(VM *vm, Value r, cryo_value *out) {
    vm->nroots = 0;
    if (r == VAL_EXCEPTION) return -1;
    if (out) *out = r;
    return 0;
}

int cryo_eval(cryo_vm *vm, const char *src, size_t len, const char *filename, cryo_value *result) {
    return api_done(vm, vm_eval_script(vm, src, len, filename ? filename : "<eval>"), result);
}

int cryo_eval_module(cryo_vm *vm, const char *src, size_t len, const char *filename) {
    return api_done(vm, vm_eval_module(vm, src, len, filename ? filename : "<module>"), NULL);
}

int cryo_call(cryo_vm *vm, cryo_value fn, cryo_value this_val, int argc, const cryo_value *argv, cryo_value *result) {
    return api_done(vm, vm_call(vm, fn, this_val, argc, argv), result);
}

int cryo_get_global(cryo_vm *vm, const char *name, cryo_value *out) {
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return api_done(vm, key, NULL);
    Value g = vm_intrinsic(vm, INTR_GlobalObject);
    return api_done(vm, obj_get(vm, g, key, g), out);
}

int cryo_set_global(cryo_vm *vm, const char *name, cryo_value v) {
    VM_ROOT_SCOPE(vm);
    vm_root(vm, &v);
    Value key = atom_from_cstr(vm, name);
    if (key == VAL_EXCEPTION) return api_done(vm, key, NULL);
    int r = obj_set_throw(vm, vm_intrinsic(vm, INTR_GlobalObject), key, v);
    return api_done(vm, r < 0 ? VAL_EXCEPTION : VAL_UNDEFINED, NULL);
}

/* The native trampoline for public-API host functions: magic indexes vm->api_fns. */
static Value api_trampoline(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)nt; (void)func;
    if (magic < 0 || (uint32_t)magic >= vm->api_fn_count) return vm_throw_type_error(vm, "host function is not available");
    cryo_host_fn fn = (cryo_host_fn)vm->api_fns[magic];
    return fn(vm, this_val, argc, argv);
}

/* Add fn to the VM's table; returns its native id or -1. */
static int api_register(cryo_vm *vm, const char *name, cryo_host_fn fn, int length) {
    void (**n)(void) = realloc(vm->api_fns, (vm->api_fn_count + 1) * sizeof(*n));
    if (!n) return -1;
    vm->api_fns = n;
    int magic = (int)vm->api_fn_count;
    vm->api_fns[vm->api_fn_count++] = (void (*)(void))fn;
    return vm_register_host_function_magic(vm, name, api_trampoline, length, magic);
}

int cryo_register_host_function(cryo_vm *vm, const char *name, cryo_host_fn fn, int length) {
    return api_register(vm, name, fn, length) < 0 ? -1 : 0;
}

int cryo_register_global_function(cryo_vm *vm, const char *name, cryo_host_fn fn, int length) {
    int id = api_register(vm, name, fn, length);
    if (id < 0) return -1;
    Value f = vm_new_native_function(vm, vm->natives[id], vm_intrinsic(vm, INTR_FunctionPrototype));
    if (f == VAL_EXCEPTION) return api_done(vm, f, NULL);
    int r = vm_define_global(vm, name, f);
    vm->nroots = 0;
    return r < 0 ? -1 : 0;
}

int cryo_new_realm(cryo_vm *vm, cryo_value *global) {
    Value realm = realm_new(vm);
    return api_done(vm, realm == VAL_EXCEPTION ? realm : realm_intrinsic(vm, realm, INTR_GlobalObject), global);
}

int cryo_run_jobs(cryo_vm *vm) {
    int r = vm_run_jobs(vm);
    vm->nroots = 0;
    return r < 0 ? -1 : 0;
}

int cryo_snapshot_detach(cryo_vm *vm, char *err, size_t errcap) {
    if (heap_unmap_file(vm) == 0) return 0;
    if (err && errcap) snprintf(err, errcap, "snapshot: cannot copy the mapped heap: %s", strerror(errno));
    return -1;
}

size_t cryo_trim_memory(cryo_vm *vm) {
    return heap_trim(vm);
}

char *cryo_take_exception(cryo_vm *vm) {
    VM_ROOT_SCOPE(vm);
    if (!vm->has_exception) return NULL;
    if (vm->uncatchable) {
        int kind = vm->uncatchable;
        vm_take_exception(vm);
        return strdup(kind == 2 ? "out of memory" : kind == 3 ? "stack overflow" : "too much computation");
    }
    Value e = vm_take_exception(vm);
    vm_root(vm, &e);
    Value s = to_string(vm, e);
    char *r = NULL;
    if (s == VAL_EXCEPTION) { vm_take_exception(vm); r = strdup("exception"); }
    else r = str_to_utf8(vm, s, NULL);
    vm->nroots = 0;
    return r;
}

cryo_value cryo_throw_error(cryo_vm *vm, const char *type, const char *message) {
    static const char *const names[ERR_KIND_COUNT] = { "Error", "EvalError", "RangeError", "ReferenceError",
                                                       "SyntaxError", "TypeError", "URIError", "AggregateError",
                                                       "SuppressedError" };
    ErrorKind k = ERR_ERROR;
    for (int i = 0; i < ERR_KIND_COUNT; i++)
        if (type && !strcmp(type, names[i])) k = (ErrorKind)i;
    return vm_throw_error(vm, k, "%s", message ? message : "");
}

cryo_value cryo_undefined(void) { return VAL_UNDEFINED; }
cryo_value cryo_null(void) { return VAL_NULL; }
cryo_value cryo_bool(int b) { return val_bool(b); }
cryo_value cryo_number(double d) { return val_number(d); }
cryo_value cryo_string(cryo_vm *vm, const char *utf8, size_t len) { return str_from_utf8(vm, utf8, len); }
int cryo_is_undefined(cryo_value v) { return v == VAL_UNDEFINED; }

int cryo_to_number(cryo_vm *vm, cryo_value v, double *out) {
    int r = to_number_double(vm, v, out);
    vm->nroots = 0;
    return r;
}

char *cryo_to_utf8(cryo_vm *vm, cryo_value v, size_t *len) {
    Value s = to_string(vm, v);
    vm->nroots = 0;
    if (s == VAL_EXCEPTION) return NULL;
    return str_to_utf8(vm, s, len);
}

int cryo_snapshot_write_fd(cryo_vm *vm, int fd, int compress, char *sha256_hex, char *err, size_t errcap) {
    SnapInfo info;
    if (snap_write_fd(vm, fd, compress ? SNAP_COMPRESS : 0, &info, err, errcap) < 0) return -1;
    if (sha256_hex) snap_hex(info.sha256, sha256_hex);
    return 0;
}

int cryo_snapshot_write_path(cryo_vm *vm, const char *path, int compress, char *sha256_hex, char *err, size_t errcap) {
    SnapInfo info;
    if (snap_write_path(vm, path, compress ? SNAP_COMPRESS : 0, &info, err, errcap) < 0) return -1;
    if (sha256_hex) snap_hex(info.sha256, sha256_hex);
    return 0;
}

int cryo_snapshot_write_stream(cryo_vm *vm, cryo_write_fn write, void *write_ctx, int compress,
                               char *sha256_hex, char *err, size_t errcap) {
    SnapInfo info;
    if (snap_write(vm, write, write_ctx, compress ? SNAP_COMPRESS : 0, &info, err, errcap) < 0) return -1;
    if (sha256_hex) snap_hex(info.sha256, sha256_hex);
    return 0;
}

cryo_vm *cryo_snapshot_read_stream(cryo_read_fn read, void *read_ctx, int (*setup)(cryo_vm *vm, void *ctx),
                                   void *ctx, char *err, size_t errcap) {
    return snap_load(read, read_ctx, setup, ctx, NULL, err, errcap);
}

cryo_vm *cryo_snapshot_read_fd(int fd, int (*setup)(cryo_vm *vm, void *ctx), void *ctx, char *err, size_t errcap) {
    return snap_load_fd(fd, setup, ctx, NULL, err, errcap);
}

cryo_vm *cryo_snapshot_read_path(const char *path, int (*setup)(cryo_vm *vm, void *ctx), void *ctx, char *err, size_t errcap) {
    return snap_load_path(path, setup, ctx, NULL, err, errcap);
}

uint64_t cryo_meter(cryo_vm *vm) { return vm->meter; }
void cryo_meter_reset(cryo_vm *vm, uint64_t limit) { vm->meter = 0; vm->meter_limit = limit; }
