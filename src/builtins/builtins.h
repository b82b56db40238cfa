/* builtins.h — the built-in library families (see families.def) and shared helpers. */
#ifndef CRYO_BUILTINS_H
#define CRYO_BUILTINS_H

#include "../vm.h"

#define FAMILY(n) extern const NativeTable n##_tables[]; extern const size_t n##_tables_count; int init_##n(VM *vm);
#include "families.def"
#undef FAMILY

/* Throw a TypeError unless this_val is an object of class `cls`; returns the object or
 * VAL_EXCEPTION. `what` names the method for the message ("Map.prototype.get"). */
Value builtin_this_class(VM *vm, Value this_val, ClassId cls, const char *what);
/* %IteratorPrototype%[@@dispose] and %AsyncIteratorPrototype%[@@asyncDispose] (disposable.c);
 * run after interp_init_realm has made both prototypes. */
int disposable_init_iterators(VM *vm);
/* JSON.parse(text) without a reviver (json.c; ParseJSONModule of module.c); text is a
 * string. */
Value json_parse(VM *vm, Value text);

#endif
