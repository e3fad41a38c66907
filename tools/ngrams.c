/* ngrams.c - tally ngrams: counts of n-grams that never cross a sentence. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

enum { OPT_BY = 0x2000, OPT_MIN_COUNT, OPT_TOP, OPT_CROSS_PUNCT };

static void usage(FILE *fp)
{
	fputs("usage: tally ngrams [-n N] [options] [FILE...]\n"
	      "\n"
	      "Count n-grams (runs of N consecutive terms) and write one CSV row each:\n"
	      "  ngram,count,docs,freq_per_million\n"
	      "ngram is its terms joined by single spaces; docs the documents holding it;\n"
	      "freq_per_million = count / G * 1000000 with G the number of n-grams counted.\n"
	      "Sorted by count (descending), then ngram (byte order).  An n-gram never\n"
	      "crosses the end of a sentence, punctuation (unless --cross-punct) or a\n"
	      "stopword: stopwords are gaps, as with quanteda's padding; the clitic 's is\n"
	      "skipped (\"Vietnam's economy\" gives \"vietnam economy\").\n"
	      "\n"
	      "  -n N                    terms per n-gram, 2 to 5 (default 2)\n"
	      "      --by COL            counts per group: COL,ngram,... (see tally terms)\n"
	      "      --min-count N       only n-grams counted at least N times (default 1)\n"
	      "      --top N             only the first N rows (of each group)\n"
	      "      --cross-punct       let n-grams span punctuation (commas, quotes,\n"
	      "                          dashes...) within a sentence\n"
	      "\n",
	      fp);
	tly_term_usage(fp);
	tly_partial_usage(fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally ngrams -n 2 --top 20 corpus/\n"
	      "  tally ngrams -n 3 --stopwords en --min-count 2 corpus/\n",
	      fp);
}

static int by_group(void *ctx, tly_doc *d, const char **group, tly_err *err)
{
	if (tly_doc_need_meta(d, ctx, "--by", group, err) < 0)
		return -1;
	return 1;
}

int ngrams_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"by", required_argument, 0, OPT_BY},
		{"min-count", required_argument, 0, OPT_MIN_COUNT},
		{"top", required_argument, 0, OPT_TOP},
		{"cross-punct", no_argument, 0, OPT_CROSS_PUNCT},
		TLY_TERM_LONGOPTS,
		TLY_PARTIAL_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_termcli tc;
	tly_partial P = {0};
	const char *by = NULL;
	long min_count = 1, top = 0;
	int opt;

	tly_common_init(&c);
	tly_term_init(&tc);
	tc.o.n = 2;
	while ((opt = getopt_long(argc, argv, "n:" TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg) || tly_term_opt(&tc, opt, optarg) ||
		    tly_partial_opt(&P, opt))
			continue;
		switch (opt) {
		case 'n':
			tc.o.n = (int)tly_opt_long("-n", optarg, 2, 5);
			break;
		case OPT_BY:
			by = tly_opt_str("--by", optarg, "a column name");
			break;
		case OPT_MIN_COUNT:
			min_count = tly_opt_long("--min-count", optarg, 1, __LONG_MAX__);
			break;
		case OPT_TOP:
			top = tly_opt_long("--top", optarg, 1, __LONG_MAX__);
			break;
		case OPT_CROSS_PUNCT:
			tc.o.cross_punct = 1;
			break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	tly_term_setup(&tc, &c);
	tly_partial_begin(&P, &c, "ngrams", argc, argv, optind, longopts, "n:" TLY_COMMON_SHORTOPTS);

	tly_err err = {0};
	tly_terms *t = tly_terms_new(&tc.o);
	if (P.merge ? tly_terms_read_partial(t, P.merge, &err) < 0
	            : tly_terms_count(t, argv + optind, argc - optind, &c.in, &c.tok, tc.threads,
	                              by ? by_group : NULL, (void *)by, &err) < 0) {
		tly_terms_free(t);
		tly_term_free(&tc);
		tly_die_err(&err);
	}
	tly_warn_replaced(tly_terms_replaced(t));
	if (P.w) {
		tly_terms_write_partial(t, P.w);
		tly_terms_free(t);
		tly_term_free(&tc);
		return tly_partial_end(&P, NULL);
	}

	tly_out *out = tly_common_out(&c);
	tly_buf hdr = {0};

	if (by) {
		tly_buf_adds(&hdr, by);
		tly_buf_addc(&hdr, ',');
	}
	tly_buf_adds(&hdr, "ngram,count,docs,freq_per_million");
	tly_csv_header(out, hdr.data);
	tly_terms_write_rows(out, t, (uint64_t)min_count, (size_t)top, by != NULL, 0, tc.threads);
	tly_buf_free(&hdr);
	tly_terms_free(t);
	tly_term_free(&tc);
	return tly_finish(out);
}
