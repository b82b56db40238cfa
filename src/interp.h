/* interp.h — the bytecode interpreter: frames, calls, opcodes, and the entry points the
 * rest of the engine uses (compile + run, generator / async resumption, disassembly).
 *
 * Frame layout on the VM value stack (vm->stack), for a frame whose function Value sits at
 * stack index `base`:
 *
 *   base            the function object being run
 *   base + 1        this (VAL_UNINIT in a derived constructor before super())
 *   base + 2 ...    argument slots: max(argc, nparams) Values (missing ones undefined)
 *   vars ...        frame variables: LOC_ENV, LOC_NEW_TARGET, LOC_GEN, then user variables
 *   stack0 ...      the operand stack (grows up to vm->sp)
 *
 * INVARIANTS (stated once, here):
 *  - struct Frame holds no Value: every Value a frame uses is on vm->stack below vm->sp,
 *    which the collector traces. (No interp_trace_roots is needed.)
 *  - The interpreter stores vm->sp and the frame's pc before any operation that may reach a
 *    safe point, and re-derives its bytecode / constant / inline-cache pointers afterwards.
 *  - JS-to-JS calls do not recurse on the C stack; vm_call from C does (bounded by
 *    vm->c_depth_limit). Frames marked FRAME_ENTRY return to the C caller that pushed them.
 */
#ifndef CRYO_INTERP_H
#define CRYO_INTERP_H

#include <stdio.h>
#include "vm.h"
#include "funcdef.h"

/* Opcodes (opcodes.def). */
typedef enum Opcode {
#define DEF(name, size, npop, npush, fmt) OP_##name,
#include "opcodes.def"
#undef DEF
    OP_COUNT
} Opcode;

/* Operand formats (see opcodes.def). */
typedef enum OpFormat {
    OPF_none, OPF_u8, OPF_i8, OPF_u16, OPF_i32, OPF_u32, OPF_const, OPF_atom, OPF_atom_ic,
    OPF_atom_u8, OPF_label, OPF_label_u8, OPF_atom_label, OPF_loc, OPF_arg, OPF_env,
    OPF_u16_const, OPF_const_u8, OPF_label2, OPF_loc_atom_ic
} OpFormat;

/* Static description of an opcode. */
typedef struct OpInfo {
    const char *name;       /* mnemonic */
    uint8_t size;           /* bytes including the opcode */
    int8_t n_pop;           /* values popped (-1: depends on the operand) */
    int8_t n_push;          /* values pushed */
    uint8_t fmt;            /* OpFormat */
} OpInfo;

extern const OpInfo op_info[OP_COUNT];

/* Frame flags. */
enum {
    FRAME_ENTRY = 1 << 0,       /* returning from this frame returns to C */
    FRAME_CONSTRUCT = 1 << 1,   /* [[Construct]]: apply the constructor return rules */
    FRAME_GENERATOR = 1 << 2,   /* a (possibly async) generator activation */
    FRAME_ASYNC = 1 << 3,       /* an async function activation: returns/throws settle a promise */
    FRAME_ASYNC_GEN = 1 << 4,   /* an async generator activation */
    FRAME_MODULE = 1 << 5,      /* a module body (async when it has top-level await) */
    FRAME_REALM = 1 << 6,       /* the call switched the current realm (vm.h "Realms"): every
                                   exit restores the caller's, which is the realm of the
                                   function of the frame below, or for a FRAME_ENTRY frame
                                   the realm cell its C entry saved at stack[base - 1] */
};

/* One activation record. Holds only indices and flags (see INVARIANTS above). */
struct Frame {
    uint32_t base;          /* stack index of the function Value */
    uint32_t vars;          /* stack index of frame variable 0 */
    uint32_t stack0;        /* stack index of the operand stack bottom */
    uint32_t pc;            /* bytecode offset of the next instruction (saved on calls) */
    int32_t argc;           /* actual argument count */
    uint32_t nargs;         /* argument slots: max(argc, nparams) */
    uint32_t flags;         /* FRAME_* */
    uint32_t reserved;      /* zero */
};

/* Run the frame on top of vm->frames (pushed by interp_push_frame) until the FRAME_ENTRY
 * frame returns; its result (or VAL_EXCEPTION) is returned and the stack is popped to the
 * frame's base. */
Value interp_run(VM *vm);

/* Push a frame for closure `f` whose function Value, this and arguments are already at
 * vm->stack[base .. base + 2 + argc). Pads the arguments, initializes the variables, sets
 * vm->sp, makes f's realm current. Returns 0, or -1 with an exception (stack overflow)
 * pending. A FRAME_ENTRY frame for a function of another realm than the current one needs
 * the current realm at stack[base - 1] (FRAME_REALM), as interp_call_closure leaves it. */
int interp_push_frame(VM *vm, uint32_t base, int argc, Value new_target, uint32_t flags);

/* [[Call]] / [[Construct]] of a CLASS_FUNCTION object from C (re-enters the interpreter). */
Value interp_call_closure(VM *vm, Value f, Value this_val, int argc, const Value *argv,
                          Value new_target);

/* Resume a suspended generator / async frame saved in `saved` (SF_* layout): `mode` is
 * RESUME_NEXT / RESUME_THROW / RESUME_RETURN, `value` the sent value. Returns the value the
 * frame yields / returns, or VAL_EXCEPTION. *done_out (if non-NULL) is set to 1 when the frame
 * completed (returned) and 0 when it suspended again. */
enum { RESUME_NEXT = 0, RESUME_THROW = 1, RESUME_RETURN = 2 };
Value interp_resume(VM *vm, Value saved, int mode, Value value, int *done_out);

/* Compile `src` as a script / eval / module and return a closure over `env` (or the
 * global scope when env is undefined). VAL_EXCEPTION with a SyntaxError on failure. */
/* Parse and compile a whole script or module (is_module) from source: the top-level funcdef
 * (script) or module info, or VAL_EXCEPTION with a SyntaxError naming file:line:column. */
Value interp_compile_program(VM *vm, const char *src, size_t len, const char *filename, int is_module);
Value interp_compile_script(VM *vm, const char *src, size_t len, const char *filename);

/* The line/column of bytecode offset pc in funcdef fd (0/0 when unknown). */
void interp_pc_position(VM *vm, Value fd, uint32_t pc, uint32_t *line, uint32_t *column);

/* Disassemble a funcdef (and nested ones) to `out`. */
void disasm_funcdef(VM *vm, Value fd, FILE *out);

/* Compile FILE's text (as a module when filename ends in .mjs) and print its bytecode.
 * Returns 0, or -1 after printing a syntax error. For `cryo --dump-bytecode`. */
int vm_dump_bytecode(VM *vm, const char *src, size_t len, const char *filename, FILE *out);



/* Class operations for the classes this subsystem owns (installed by interp_init_classes,
 * which realm set-up calls once per VM before creating functions). */
extern const ClassOps function_class_ops;
extern const ClassOps native_function_class_ops;
extern const ClassOps mapped_arguments_class_ops;
extern const ClassOps module_namespace_class_ops;
void interp_init_classes(VM *vm);

/* Realm intrinsics this subsystem creates (GeneratorFunction, AsyncFunction, ... their
 * prototypes, %AsyncFromSyncIteratorPrototype%, eval, the Function constructor pieces).
 * Called by realm set-up after Object/Function prototypes exist. -1 on OOM. */
int interp_init_realm(VM *vm);

/* The native tables of this subsystem (generator / async generator prototype methods,
 * eval, Function constructors, ...), for the native id registry. */
extern const NativeTable interp_native_tables[];
extern const size_t interp_native_tables_count;

#endif
