/* tally.c - the tally binary: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

struct cmd {
	const char *name;
	int (*main)(int, char **);
	const char *summary;
};

/* One entry per tool, in alphabetical order. */
static const struct cmd cmds[] = {
	{"colloc", colloc_main, "collocations with PMI, t, z, G2, chi2, Dice, logDice, BH q"},
	{"cooc", cooc_main, "co-occurrence of entities or terms with association measures"},
	{"entities", entities_main, "mentions of countries, capitals and leaders"},
	{"keyness", keyness_main, "target vs reference: G2, chi2, log ratio, %DIFF, BH q"},
	{"kwic", kwic_main, "keyword in context: matches of a token pattern with context"},
	{"layout", layout_main, "positions for drawing a network (force-directed, seeded)"},
	{"merge", merge_main, "combine partial results (--partial) into one run's output"},
	{"ngrams", ngrams_main, "n-gram counts within sentences"},
	{"terms", terms_main, "term frequencies, document frequencies, tf-idf, Zipf fit"},
	{"tokens", tokens_main, "one row per token (or sentence) with offsets"},
	{"tone", tone_main, "tone (VADER valence) of sentences, documents, groups, entities"},
	{"tsv", tsv_main, "rewrite a CSV table as tab-separated values (for gnuplot)"},
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: tally <tool> [options] [FILE...]\n\n"
	            "A statistical text-analysis toolkit: each tool reads documents\n"
	            "(files, directories, manifests, CSV corpora, stdin) and writes CSV.\n\n"
	            "Tools:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(fp, "\n'tally <tool> --help' describes a tool; man tally-<tool> has more.\n"
	            "'tally --version' prints the version.\n");
}

int main(int argc, char **argv)
{
	static char prog[64];

	if (argc < 2) {
		usage(stderr);
		return TLY_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0 && strcmp(argv[2], "help") != 0) {
			static char help[] = "--help";
			static char *args[3];
			args[0] = argv[2];
			args[1] = help;
			argv = args;
			argc = 2;
		} else {
			usage(stdout);
			return TLY_EXIT_OK;
		}
	} else if (strcmp(argv[1], "--version") == 0) {
		printf("tally %s\n", TALLY_VERSION);
		return TLY_EXIT_OK;
	} else if (argv[1][0] == '-' && argv[1][1]) {
		/* an option before any tool: a typo of --help or --version, or a
		 * tool's option put before the tool's name */
		static const char *const own[] = {"help", "version"};
		const char *o = argv[1] + 1 + (argv[1][1] == '-');
		const char *near = tly_suggest(o, strcspn(o, "="), own, 2, 0);
		fprintf(stderr, "tally: unrecognized option '%s'\n", argv[1]);
		if (near)
			fprintf(stderr, "tally: did you mean --%s?\n", near);
		else
			fprintf(stderr, "tally: a tool's options follow its name: "
			        "tally <tool> [options] [FILE...]\n");
		fprintf(stderr, "Try 'tally --help' for more information.\n");
		return TLY_EXIT_USAGE;
	} else {
		argv++;
		argc--;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		if (strcmp(argv[0], cmds[i].name) == 0) {
			snprintf(prog, sizeof prog, "tally %s", cmds[i].name);
			tly_set_prog(prog);
			argv[0] = prog;  /* getopt's messages name the tool */
			return cmds[i].main(argc, argv);
		}
	}
	const char *names[sizeof cmds / sizeof *cmds];
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		names[i] = cmds[i].name;
	const char *near = tly_suggest(argv[0], strlen(argv[0]), names,
	                               sizeof cmds / sizeof *cmds, 0);
	if (near)
		fprintf(stderr, "tally: '%s' is not a tally tool; did you mean '%s'? "
		        "('tally --help' lists them)\n", argv[0], near);
	else
		fprintf(stderr, "tally: '%s' is not a tally tool; 'tally --help' lists them\n",
		        argv[0]);
	return TLY_EXIT_USAGE;
}
