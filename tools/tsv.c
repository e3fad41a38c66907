/* tsv.c - tally tsv: rewrite a CSV table as tab-separated values, for
 * gnuplot (whose CSV reader cuts quoted fields at commas), cut and awk. */
#include <getopt.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

static void usage(FILE *fp)
{
	fputs("usage: tally tsv [-o FILE] [FILE.csv]\n"
	      "\n"
	      "Rewrite a CSV table (RFC 4180, with a header; - or none reads stdin) as\n"
	      "tab-separated values: one line per record, fields unquoted, and any tab,\n"
	      "CR or LF inside a field written as a space.  The charts in plots/ read\n"
	      "tally's CSV through it.\n"
	      "\n"
	      "  -o, --output FILE       write to FILE atomically instead of stdout\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "Examples:\n"
	      "  tally tsv tests/data/layout/edges.csv\n"
	      "  tally tokens corpus/ | tally tsv | cut -f 7 | sort | uniq -c | sort -rn | head\n",
	      fp);
}

static void field(tly_out *o, const char *s, size_t len)
{
	size_t from = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			tly_out_write(o, s + from, i - from);
			tly_out_write(o, " ", 1);
			from = i + 1;
		}
	}
	tly_out_write(o, s + from, len - from);
}

int tsv_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}
	};
	const char *output = NULL;
	int opt, r;

	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': output = tly_opt_str("-o", optarg, "a file name"); break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (argc - optind > 1)
		tly_usage_error("one table at most, not %d files", argc - optind);

	tly_err err = {0};
	tly_table *t = tly_table_open(optind < argc ? argv[optind] : "-", &err);
	if (!t)
		tly_die_err(&err);
	tly_out *out = tly_out_open(output, &err);
	if (!out) {
		tly_table_close(t);
		tly_die_err(&err);
	}
	size_t n = tly_table_ncols(t);
	for (size_t i = 0; i < n; i++) {
		const char *name = tly_table_colname(t, i);
		if (i)
			tly_out_write(out, "\t", 1);
		field(out, name, strlen(name));
	}
	tly_out_write(out, "\n", 1);
	while ((r = tly_table_next(t, &err)) > 0) {
		for (size_t i = 0; i < n; i++) {
			size_t len;
			const char *s = tly_table_get(t, i, &len);
			if (i)
				tly_out_write(out, "\t", 1);
			field(out, s, len);
		}
		tly_out_write(out, "\n", 1);
	}
	tly_table_close(t);
	if (r < 0)
		tly_die_err(&err);
	return tly_finish(out);
}
