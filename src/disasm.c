/* disasm.c — bytecode disassembler (`cryo --dump-bytecode FILE`). */
#include <stdlib.h>
#include <string.h>
#include "interp_int.h"
#include "compiler.h"
#include "parser.h"
#include "regexp.h"

/* Print a constant briefly. */
static void print_const(VM *vm, Value v, FILE *out) {
    if (val_is_cell(v)) {
        CellHeader *h = CELL(vm, val_ref(v));
        switch (h->kind) {
        case CELL_FUNCDEF: {
            Value name = vm_cell_values(vm, val_ref(v))[FD_NAME];
            char *s = val_is_string(name) ? str_to_utf8(vm, name, NULL) : NULL;
            fprintf(out, "<function %s>", s && *s ? s : "(anonymous)");
            free(s);
            return;
        }
        case CELL_MISC: fprintf(out, "<scope>"); return;
        case CELL_ARRAY: fprintf(out, "<list %u>", h->size - 1); return;
        default: fprintf(out, "<cell>"); return;
        }
    }
    char buf[96];
    vm_describe_value(vm, v, buf, sizeof buf);
    fputs(buf, out);
}

static void disasm_one(VM *vm, Value fd, FILE *out, int depth) {
    FuncDefInfo *fi = fd_info(vm, fd);
    Value name = fd_get(vm, fd, FD_NAME);
    char *nm = val_is_string(name) ? str_to_utf8(vm, name, NULL) : NULL;
    fprintf(out, "%*sfunction %s (line %u): params %u, locals %u, stack %u, flags 0x%x, %u bytes\n", depth * 2, "",
            nm && *nm ? nm : "(anonymous)", fi->line, fi->nparams, fi->nlocals, fi->max_stack, fi->flags, fi->code_len);
    free(nm);
    Value cv = fd_get(vm, fd, FD_CONSTS);
    uint32_t nconsts = val_is_cell(cv) ? CELL(vm, val_ref(cv))->size - 1 : 0;
    uint32_t pc = 0;
    uint32_t len = fi->code_len;
    while (pc < len) {
        const uint8_t *code = fd_code(vm, fd);
        Opcode op = (Opcode)code[pc];
        if (op >= OP_COUNT) {
            fprintf(out, "%*s%5u: <bad opcode %u>\n", depth * 2, "", pc, op);
            break;
        }
        const OpInfo *oi = &op_info[op];
        const uint8_t *a = code + pc + 1;
        uint32_t next = pc + oi->size;
        fprintf(out, "%*s%5u: %-22s", depth * 2, "", pc, oi->name);
        Value *consts = nconsts ? vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS))) : NULL;
        switch (oi->fmt) {
        case OPF_u8: fprintf(out, "%u", a[0]); break;
        case OPF_i8: fprintf(out, "%d", (int8_t)a[0]); break;
        case OPF_u16: case OPF_loc: case OPF_arg: fprintf(out, "%u", rd_u16le(a)); break;
        case OPF_i32: fprintf(out, "%d", rd_i32le(a)); break;
        case OPF_u32: fprintf(out, "%u", rd_u32le(a)); break;
        case OPF_const: case OPF_atom: case OPF_atom_ic: case OPF_atom_u8: case OPF_const_u8: {
            uint32_t k = rd_u32le(a);
            fprintf(out, "#%u ", k);
            if (k < nconsts) print_const(vm, consts[k], out);
            if (oi->fmt == OPF_atom_ic) fprintf(out, " ic%u", rd_u16le(a + 4));
            if (oi->fmt == OPF_atom_u8 || oi->fmt == OPF_const_u8) fprintf(out, " %u", a[4]);
            break;
        }
        case OPF_label: fprintf(out, "-> %u", next + (uint32_t)rd_i32le(a)); break;
        case OPF_label_u8: fprintf(out, "-> %u, %u", next + (uint32_t)rd_i32le(a), a[4]); break;
        case OPF_label2: fprintf(out, "-> %u, -> %u", next + (uint32_t)rd_i32le(a), next + (uint32_t)rd_i32le(a + 4)); break;
        case OPF_atom_label: {
            uint32_t k = rd_u32le(a);
            if (k < nconsts) print_const(vm, consts[k], out);
            fprintf(out, " -> %u", next + (uint32_t)rd_i32le(a + 4));
            break;
        }
        case OPF_env: fprintf(out, "%u, %u", a[0], rd_u16le(a + 1)); break;
        case OPF_loc_atom_ic: {
            uint32_t k = rd_u32le(a + 2);
            fprintf(out, "loc%u #%u ", rd_u16le(a), k);
            if (k < nconsts) print_const(vm, consts[k], out);
            fprintf(out, " ic%u", rd_u16le(a + 6));
            break;
        }
        case OPF_u16_const: fprintf(out, "%u #%u", rd_u16le(a), rd_u32le(a + 2)); break;
        default: break;
        }
        fputc('\n', out);
        pc = next;
    }
    if (fi->nhandlers) {
        const HandlerEntry *h = (const HandlerEntry *)vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_HANDLERS)));
        for (uint32_t i = 0; i < fi->nhandlers; i++)
            fprintf(out, "%*s  handler [%u, %u) -> %u depth %u\n", depth * 2, "", h[i].start, h[i].end, h[i].target, h[i].depth);
    }
    for (uint32_t i = 0; i < nconsts; i++) {
        Value c = vm_cell_values(vm, val_ref(fd_get(vm, fd, FD_CONSTS)))[i];
        if (val_is_cell(c) && CELL(vm, val_ref(c))->kind == CELL_FUNCDEF) {
            fputc('\n', out);
            disasm_one(vm, c, out, depth + 1);
        }
    }
}

void disasm_funcdef(VM *vm, Value fd, FILE *out) { disasm_one(vm, fd, out, 0); }

int vm_dump_bytecode(VM *vm, const char *src, size_t len, const char *filename, FILE *out) {
    size_t n = strlen(filename);
    int module = n > 4 && strcmp(filename + n - 4, ".mjs") == 0;
    ParseOptions po;
    memset(&po, 0, sizeof po);
    po.validate_regexp = regexp_validate_literal;
    po.filename = filename;
    po.is_module = module;
    ParseError err;
    Ast *ast = parse_program(src, len, &po, &err);
    if (!ast) {
        fprintf(stderr, "SyntaxError: %s\n", err.message);
        return -1;
    }
    CompileOptions co;
    memset(&co, 0, sizeof co);
    co.kind = module ? COMPILE_MODULE : COMPILE_SCRIPT;
    co.filename = filename;
    co.eval_env = VAL_UNDEFINED;
    Value fd = compile_program(vm, ast, &co);
    ast_free(ast);
    if (fd == VAL_EXCEPTION) {
        Value e = vm_take_exception(vm);
        Value s = to_string(vm, e);
        char *t = s != VAL_EXCEPTION && val_is_string(s) ? str_to_utf8(vm, s, NULL) : NULL;
        fprintf(stderr, "%s\n", t ? t : "compile error");
        free(t);
        return -1;
    }
    disasm_funcdef(vm, fd, out);
    return 0;
}
