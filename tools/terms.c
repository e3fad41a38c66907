/* terms.c - tally terms: term frequencies, document frequencies and tf-idf,
 * overall or per group (--by), and the Zipf rank/frequency fit (--zipf). */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

enum { OPT_BY = 0x2000, OPT_MIN_COUNT, OPT_TOP, OPT_ZIPF, OPT_ZIPF_RANKS };

static void usage(FILE *fp)
{
	fputs("usage: tally terms [options] [FILE...]\n"
	      "\n"
	      "Count terms and write one CSV row per term:\n"
	      "  term,count,docs,freq_per_million,tf_idf\n"
	      "sorted by count (descending), then term (byte order).  With N documents\n"
	      "and T terms counted (stopwords excluded):\n"
	      "  count             occurrences of the term\n"
	      "  docs              documents containing it (document frequency, df)\n"
	      "  freq_per_million  count / T * 1000000\n"
	      "  tf_idf            count * log10(N / docs), the sum over documents of the\n"
	      "                    raw-count tf-idf weights (0 in a one-document corpus)\n"
	      "\n"
	      "      --by COL            one row per group and term: COL,term,count,...\n"
	      "                          where COL is any metadata column (date, month,\n"
	      "                          year, doc, ...); N, T and docs are counted within\n"
	      "                          each group; groups sort by value (bytes)\n"
	      "      --min-count N       only terms counted at least N times (default 1)\n"
	      "      --top N             only the first N rows (of each group)\n"
	      "      --zipf              rank/frequency with the Zipf fit instead:\n"
	      "                          rank,term,count,fitted,in_fit,exponent,\n"
	      "                          exponent_se,intercept,r_squared,n_fit\n"
	      "                          log10(count) = intercept - exponent * log10(rank)\n"
	      "                          by least squares over the ranks in the fit\n"
	      "      --zipf-ranks LO:HI  ranks fitted (default 1 to the last rank with\n"
	      "                          count >= 2, leaving out the hapax tail)\n"
	      "\n",
	      fp);
	tly_term_usage(fp);
	tly_partial_usage(fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally terms --stopwords en --top 20 corpus/\n"
	      "  tally terms --by month --stopwords en --top 10 corpus/\n"
	      "  tally terms --zipf corpus/ > zipf.csv\n",
	      fp);
}

struct byctx {
	const char *col;
};

static int by_group(void *ctx, tly_doc *d, const char **group, tly_err *err)
{
	const struct byctx *b = ctx;

	if (tly_doc_need_meta(d, b->col, "--by", group, err) < 0)
		return -1;
	return 1;
}

/* The Zipf fit over ranks lo..hi of the sorted rows. */
struct zipf {
	double exponent, se, intercept, r2;
	size_t n;
};

static void zipf_fit(const tly_trow *rows, size_t lo, size_t hi, struct zipf *z)
{
	size_t n = hi >= lo ? hi - lo + 1 : 0;
	double *x, *y, c0, c1, cov00, cov01, cov11, sumsq, mean = 0, sst = 0;

	z->exponent = z->se = z->intercept = z->r2 = NAN;
	z->n = n;
	if (n < 2)
		return;
	x = xmalloc(n * sizeof *x);
	y = xmalloc(n * sizeof *y);
	for (size_t i = 0; i < n; i++) {
		x[i] = log10((double)(lo + i));
		y[i] = log10((double)rows[lo + i - 1].count);
		mean += y[i];
	}
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		sst += (y[i] - mean) * (y[i] - mean);
	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
	z->exponent = -c1;
	z->intercept = c0;
	z->se = n > 2 ? sqrt(cov11) : NAN;
	z->r2 = sst > 0 ? 1 - sumsq / sst : NAN;
	free(x);
	free(y);
}

static void parse_ranks(const char *arg, size_t *lo, size_t *hi)
{
	char *end;
	unsigned long long a, b;
	const char *p = arg + strspn(arg, "0123456789");

	/* digits only on both sides (strtoull would take " 5", "+5", "-5") */
	if (p == arg || *p != ':' || p[1 + strspn(p + 1, "0123456789")] || !p[1])
		tly_usage_error("--zipf-ranks must be LO:HI with 1 <= LO < HI, not \"%s\"", arg);
	errno = 0;
	a = strtoull(arg, &end, 10);
	b = strtoull(p + 1, &end, 10);
	if (errno || a < 1 || b <= a || b > SIZE_MAX)
		tly_usage_error("--zipf-ranks must be LO:HI with 1 <= LO < HI, not \"%s\"", arg);
	*lo = (size_t)a;
	*hi = (size_t)b;
}

int terms_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"by", required_argument, 0, OPT_BY},
		{"min-count", required_argument, 0, OPT_MIN_COUNT},
		{"top", required_argument, 0, OPT_TOP},
		{"zipf", no_argument, 0, OPT_ZIPF},
		{"zipf-ranks", required_argument, 0, OPT_ZIPF_RANKS},
		TLY_TERM_LONGOPTS,
		TLY_PARTIAL_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_termcli tc;
	tly_partial P = {0};
	struct byctx by = {0};
	long min_count = 1, top = 0;
	int zipf = 0, opt;
	size_t zlo = 0, zhi = 0;

	tly_common_init(&c);
	tly_term_init(&tc);
	while ((opt = getopt_long(argc, argv, TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg) || tly_term_opt(&tc, opt, optarg) ||
		    tly_partial_opt(&P, opt))
			continue;
		switch (opt) {
		case OPT_BY:
			by.col = tly_opt_str("--by", optarg, "a column name");
			break;
		case OPT_MIN_COUNT:
			min_count = tly_opt_long("--min-count", optarg, 1, __LONG_MAX__);
			break;
		case OPT_TOP:
			top = tly_opt_long("--top", optarg, 1, __LONG_MAX__);
			break;
		case OPT_ZIPF:
			zipf = 1;
			break;
		case OPT_ZIPF_RANKS:
			parse_ranks(optarg, &zlo, &zhi);
			zipf = 1;
			break;
		case 'h': usage(stdout); return TLY_EXIT_OK;
		default: tly_bad_option(argv, longopts);
		}
	}
	if (zipf && by.col)
		tly_usage_error("--zipf and --by cannot be combined");
	tly_term_setup(&tc, &c);
	tly_partial_begin(&P, &c, "terms", argc, argv, optind, longopts, TLY_COMMON_SHORTOPTS);

	tly_err err = {0};
	tly_terms *t = tly_terms_new(&tc.o);
	if (P.merge ? tly_terms_read_partial(t, P.merge, &err) < 0
	            : tly_terms_count(t, argv + optind, argc - optind, &c.in, &c.tok, tc.threads,
	                              by.col ? by_group : NULL, &by, &err) < 0) {
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

	size_t nrows;
	const tly_trow *rows = tly_terms_rows(t, &nrows);
	tly_out *out = tly_common_out(&c);
	tly_buf key = {0};

	if (zipf) {
		struct zipf z;
		size_t lo = zlo, hi = zhi;

		if (!zlo) {
			lo = 1;
			for (hi = 0; hi < nrows && rows[hi].count >= 2; hi++)
				;
		}
		if (hi > nrows)
			hi = nrows;
		zipf_fit(rows, lo, hi, &z);
		if (zlo && z.n < 3)
			tly_warn("--zipf-ranks %zu:%zu holds %zu of the %zu ranks, so the "
			         "fit is %s", zlo, zhi, z.n, nrows,
			         z.n < 2 ? "NA" : "a line through 2 points (exponent_se NA)");
		tly_csv_header(out, "rank,term,count,fitted,in_fit,exponent,exponent_se,"
		                    "intercept,r_squared,n_fit");
		for (size_t i = 0, shown = 0; i < nrows; i++) {
			if (rows[i].count < (uint64_t)min_count || (top && shown >= (size_t)top))
				break;
			shown++;
			tly_buf_clear(&key);
			tly_terms_key_text(t, rows[i].key, &key);
			tly_csv_uint(out, i + 1);
			tly_csv_field(out, key.data, key.len);
			tly_csv_uint(out, rows[i].count);
			tly_csv_real(out, pow(10, z.intercept - z.exponent * log10((double)(i + 1))));
			tly_csv_int(out, i + 1 >= lo && i + 1 <= hi);
			tly_csv_real(out, z.exponent);
			tly_csv_real(out, z.se);
			tly_csv_real(out, z.intercept);
			tly_csv_real(out, z.r2);
			tly_csv_uint(out, z.n);
			tly_csv_end(out);
		}
	} else {
		tly_buf hdr = {0};

		if (by.col) {
			tly_buf_adds(&hdr, by.col);
			tly_buf_addc(&hdr, ',');
		}
		tly_buf_adds(&hdr, "term,count,docs,freq_per_million,tf_idf");
		tly_csv_header(out, hdr.data);
		tly_buf_free(&hdr);
		tly_terms_write_rows(out, t, (uint64_t)min_count, (size_t)top, by.col != NULL, 1,
		                     tc.threads);
	}
	tly_buf_free(&key);
	tly_terms_free(t);
	tly_term_free(&tc);
	return tly_finish(out);
}
