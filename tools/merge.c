/* merge.c - tally merge: combine partial results (tool --partial) into the
 * output of one run over all the documents, or into one partial again.
 *
 * The partials' header names the tool and the options that decide the
 * result; merge checks that every partial agrees, then runs that tool's own
 * code with those options, reading the merged records instead of documents,
 * so that the finishing arithmetic and the CSV it writes are the same code
 * as a single run's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

static void usage(FILE *fp)
{
	fputs("usage: tally merge [options] PARTIAL...\n"
	      "\n"
	      "Combine partial results (written by tally terms, ngrams, entities, cooc or\n"
	      "tone with --partial, each over a set of whole documents) into the output of\n"
	      "one run of that tool over all the documents, byte for byte.  Every partial\n"
	      "must come from the same tool with the same options (they are recorded in\n"
	      "it).  Counts add; rows written per document or mention (entities, tone by\n"
	      "sentence, paragraph or document) come in the order the partials are given.\n"
	      "Partials are read one record at a time (a k-way merge): memory is bounded\n"
	      "by the merged vocabulary, not by the size of the partials.\n"
	      "\n"
	      "      --partial           write the merged partial instead of the output (to\n"
	      "                          merge again later, or as a Hadoop combiner)\n"
	      "      --streaming         read key<TAB>value lines sorted by LC_ALL=C sort\n"
	      "                          (from stdin or one file), as a Hadoop Streaming\n"
	      "                          reducer gets them; with --partial, write such lines\n"
	      "  -o, --output FILE       write to FILE (atomically) instead of stdout\n"
	      "      --quiet             never show progress (as in every tool)\n"
	      "  -h, --help              this help\n"
	      "\n"
	      "Examples:\n"
	      "  tally terms --partial --stopwords en corpus/000_*.txt > p1.csv\n"
	      "  tally terms --partial --stopwords en corpus/003_*.txt > p2.csv\n"
	      "  tally merge p1.csv p2.csv > terms.csv\n"
	      "  for f in corpus/*.txt; do tally terms --partial --streaming < \"$f\"; done |\n"
	      "      LC_ALL=C sort | tally merge --streaming > terms.csv\n",
	      fp);
}

struct tool {
	const char *name;
	int (*main)(int, char **);
};

static const struct tool tools[] = {
	{"cooc", cooc_main},
	{"entities", entities_main},
	{"ngrams", ngrams_main},
	{"terms", terms_main},
	{"tone", tone_main},
};

int merge_main(int argc, char **argv)
{
	enum { O_PARTIAL = 1, O_STREAMING, O_QUIET };
	static const struct option longopts[] = {
		{"partial", no_argument, 0, O_PARTIAL},
		{"streaming", no_argument, 0, O_STREAMING},
		{"output", required_argument, 0, 'o'},
		{"quiet", no_argument, 0, O_QUIET},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}
	};
	int opt, partial = 0, streaming = 0, quiet = 0;
	const char *output = NULL;

	while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (opt) {
		case O_PARTIAL: partial = 1; break;
		case O_STREAMING: streaming = 1; break;
		case O_QUIET: quiet = 1; break;
		case 'o': output = tly_opt_str("-o", optarg, "a file name"); break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (!streaming && optind >= argc)
		tly_usage_error("no partial to merge (give the files, or --streaming for stdin)");

	tly_err err = {0};
	tly_pmerge *m = tly_pm_open(argv + optind, argc - optind, streaming, &err);
	if (!m)
		tly_die_err(&err);

	if (partial) {
		if (!tly_pm_has_header(m) && !streaming) {
			tly_pm_free(m);
			tly_die(TLY_EXIT_DATA, "no partial header in the input: nothing says which tool "
			        "made it");
		}
		tly_out *out = tly_out_open(output, &err);
		if (!out) {
			tly_pm_free(m);
			tly_die_err(&err);
		}
		size_t n = tly_pm_nopts(m);
		char **opts = xcalloc(n + 1, sizeof *opts);
		for (size_t i = 0; i < n; i++)
			opts[i] = (char *)tly_pm_opt(m, i);
		tly_pwriter *w = tly_pw_new(out, streaming, tly_pm_tool(m), opts, n);
		free(opts);
		int rc = tly_pm_copy(m, w, &err);
		tly_pw_close(w);
		tly_pm_free(m);
		if (rc < 0)
			tly_die_err(&err);
		return tly_finish(out);
	}
	if (!tly_pm_has_header(m)) {
		tly_pm_free(m);
		tly_die(TLY_EXIT_DATA, "no partial header in the input (a reducer of several? "
		        "write partials with --partial and merge those)");
	}
	const char *tool = tly_pm_tool(m);
	int (*tmain)(int, char **) = NULL;
	for (size_t i = 0; i < sizeof tools / sizeof *tools; i++)
		if (strcmp(tools[i].name, tool) == 0)
			tmain = tools[i].main;
	if (!tmain) {
		char name[40];
		snprintf(name, sizeof name, "%s", tool);  /* tool is m's */
		tly_pm_free(m);
		tly_die(TLY_EXIT_DATA, "partials of tally %s cannot be merged", name);
	}
	/* the tool's own command line: its recorded options, and where to write */
	size_t n = tly_pm_nopts(m), k = 0;
	char **targv = xcalloc(n + 6, sizeof *targv);
	targv[k++] = argv[0];
	for (size_t i = 0; i < n; i++)
		targv[k++] = (char *)tly_pm_opt(m, i);
	if (output) {
		targv[k++] = "--output";
		targv[k++] = (char *)output;
	}
	if (quiet)
		targv[k++] = "--quiet";
	targv[k] = NULL;
	tly_pm_set_active(m);
	optind = 1;
	opterr = 0;  /* an option the tool rejects is the partial's error (tly_bad_option) */
	int rc = tmain((int)k, targv);
	tly_pm_set_active(NULL);
	tly_pm_free(m);
	free(targv);
	return rc;
}
