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
#endif
