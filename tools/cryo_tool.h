/* cryo_tool.h — subcommands of the cryo command line. */
#ifndef CRYO_TOOL_H
#define CRYO_TOOL_H
/* `cryo snapshot ...` (argv without "cryo snapshot"). Returns the exit code. */
int cryo_snapshot_main(int argc, char **argv);
/* `cryo vat ...` (argv without "cryo vat"): the vat store, tools/cryo_vat.c. */
int cryo_vat_main(int argc, char **argv);
/* Define the $262 object test262 expects (`cryo --test262`). -1 on failure. */
struct VM;
int test262_install(struct VM *vm);
/* Register $262's host functions without creating anything (the host setup of a snapshot
 * load: a heap written by `cryo --test262` refers to them by name). 0 or -1. */
int test262_register(struct VM *vm, void *ctx);
#endif
