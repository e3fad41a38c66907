/* tools.h - the subcommands of tally, one per file in tools/. */
#ifndef TALLY_TOOLS_H
#define TALLY_TOOLS_H

int terms_main(int argc, char **argv);
int tokens_main(int argc, char **argv);

#endif
