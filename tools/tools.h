/* tools.h - the subcommands of tally, one per file in tools/. */
#ifndef TALLY_TOOLS_H
#define TALLY_TOOLS_H

int colloc_main(int argc, char **argv);
int cooc_main(int argc, char **argv);
int entities_main(int argc, char **argv);
int keyness_main(int argc, char **argv);
int kwic_main(int argc, char **argv);
int layout_main(int argc, char **argv);
int merge_main(int argc, char **argv);
int ngrams_main(int argc, char **argv);
int terms_main(int argc, char **argv);
int tokens_main(int argc, char **argv);
int tone_main(int argc, char **argv);
int tsv_main(int argc, char **argv);

#endif
