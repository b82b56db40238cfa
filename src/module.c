/* module.c — ES modules: module records, linking, namespaces, import(), import.meta and
 * top-level await. (First version: modules are not implemented yet; every entry point
 * throws a clear SyntaxError.) */
#include "interp_int.h"

static Value Module_unsupported(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    (void)this_val; (void)argc; (void)argv; (void)nt; (void)func; (void)magic;
    return vm_throw_syntax_error(vm, "modules are not supported yet");
}

const NativeDef module_natives[2] = {
    { "", Module_unsupported, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "", Module_unsupported, 0, NDEF_CTOR_ONLY, 1, 0 },
};

const ClassOps module_namespace_class_ops = { .name = "Module" };

int module_init_realm(VM *vm) { (void)vm; return 0; }

Value module_import_meta(VM *vm, Value fd) {
    (void)fd;
    return vm_throw_syntax_error(vm, "import.meta is not supported yet");
}

Value module_dynamic_import(VM *vm, Value specifier, Value fd) {
    (void)specifier; (void)fd;
    return vm_throw_syntax_error(vm, "import() is not supported yet");
}

Value vm_eval_module(VM *vm, const char *src, size_t len, const char *filename) {
    (void)src; (void)len; (void)filename;
    return vm_throw_syntax_error(vm, "modules are not supported yet");
}
