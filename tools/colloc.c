/* colloc.c - tally colloc: collocations of adjacent terms (or within a
 * window), with the whole set of association measures of a 2x2 table. */
#include <getopt.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

enum { OPT_WINDOW = 0x2000, OPT_MIN_COUNT, OPT_TOP, OPT_CROSS_PUNCT };

static void usage(FILE *fp)
{
	fputs("usage: tally colloc [options] [FILE...]\n"
	      "\n"
	      "Find collocations: ordered pairs of terms (a, b) with b right after a, or\n"
	      "with --window K at most K positions after a, within one sentence.  For\n"
	      "each pair, in the 2x2 table of all N pair occurrences counted:\n"
	      "  w1,w2,count,w1_count,w2_count,expected,pmi,npmi,t,z,g2,g2_p,chi2,chi2_p,\n"
	      "  dice,logdice,q\n"
	      "  count      O = occurrences of the pair\n"
	      "  w1_count   R = pairs with w1 first; w2_count C = pairs with w2 second\n"
	      "  expected   E = R * C / N\n"
	      "  pmi        log2(O / E)                  (Church & Hanks 1990)\n"
	      "  npmi       pmi / -log2(O / N)           (Bouma 2009)\n"
	      "  t          (O - E) / sqrt(O)\n"
	      "  z          (O - E) / sqrt(E)\n"
	      "  g2         2 sum o ln(o / e) over the four cells (Dunning 1993), negative\n"
	      "             when O < E; g2_p its chi-squared (1 df) upper tail\n"
	      "  chi2       Pearson's sum (o - e)^2 / e; chi2_p its upper tail\n"
	      "  dice       2 O / (R + C); logdice = 14 + log2(dice) (Rychly 2008)\n"
	      "  q          Benjamini-Hochberg q-value of g2_p over all pairs tested\n"
	      "Sorted by g2 (descending), then count (descending), then w1, w2.\n"
	      "\n"
	      "      --window K          pairs up to K positions apart, 1 to 100 (default 1:\n"
	      "                          adjacent); stopwords hold positions but never pair\n"
	      "      --min-count N       test only pairs seen at least N times (default 2)\n"
	      "      --top N             only the first N rows\n"
	      "      --cross-punct       let pairs span punctuation within a sentence\n"
	      "\n",
	      fp);
	tly_term_usage(fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally colloc --stopwords en --top 20 corpus/\n"
	      "  tally colloc --window 5 --min-count 3 corpus/\n",
	      fp);
}

struct prow {
	double g2;
	size_t row;
};

static int cmp_prow(const void *x, const void *y)
{
	const struct prow *a = x, *b = y;

	if (a->g2 != b->g2)
		return a->g2 > b->g2 ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

/* The pairs' statistics and rows are worked out over the threads, in
 * parts of at least this many pairs. */
#define PAIRS_PER_THREAD 20000

/* What the parts share: the counted rows, and by row the pair's term ids,
 * its statistics and its place in the output order. */
struct cdata {
	tly_terms *t;
	const tly_trow *rows;
	uint32_t *pid;        /* by row: w1's and w2's term ids */
	uint64_t *f1, *f2;    /* by term: pairs with it first, second */
	double npairs;
	tly_assoc *as;        /* by tested row */
	struct prow *pr;      /* the tested rows, sorted for output */
	double *p, *q;        /* by tested row: g2_p, and its BH q-value */
	atomic_int bad;
};

static void pair_ids(void *arg, size_t k, size_t a, size_t b)
{
	struct cdata *d = arg;

	(void)k;
	for (size_t i = a; i < b; i++)
		tly_terms_key_ids(d->t, d->rows[i].key, d->pid + 2 * i);
}

static void pair_stats(void *arg, size_t k, size_t a, size_t b)
{
	struct cdata *d = arg;

	(void)k;
	for (size_t i = a; i < b; i++) {
		double o = (double)d->rows[i].count;
		if (tly_assoc_2x2(o, (double)d->f1[d->pid[2 * i]], (double)d->f2[d->pid[2 * i + 1]],
		                  d->npairs, &d->as[i]) < 0)
			atomic_store(&d->bad, 1);
		d->pr[i].g2 = d->as[i].g2_signed;
		d->pr[i].row = i;
		d->p[i] = d->as[i].g2_p;
	}
}

/* Output row k: the k-th tested pair in g2 order. */
static void pair_row(tly_out *out, size_t k, void *arg, tly_buf *scratch)
{
	const struct cdata *d = arg;
	size_t i = d->pr[k].row, len;
	const tly_assoc *a = &d->as[i];
	const uint32_t *ids = d->pid + 2 * i;
	const char *s;

	(void)scratch;
	s = tly_terms_term(d->t, ids[0], &len);
	tly_csv_field(out, s, len);
	s = tly_terms_term(d->t, ids[1], &len);
	tly_csv_field(out, s, len);
	tly_csv_uint(out, d->rows[i].count);
	tly_csv_uint(out, d->f1[ids[0]]);
	tly_csv_uint(out, d->f2[ids[1]]);
	tly_csv_real(out, a->expected);
	tly_csv_real(out, a->pmi);
	tly_csv_real(out, a->npmi);
	tly_csv_real(out, a->t);
	tly_csv_real(out, a->z);
	tly_csv_real(out, d->pr[k].g2);
	tly_csv_real(out, a->g2_p);
	tly_csv_real(out, a->chi2);
	tly_csv_real(out, a->chi2_p);
	tly_csv_real(out, a->dice);
	tly_csv_real(out, a->logdice);
	tly_csv_real(out, d->q[i]);
	tly_csv_end(out);
}

int colloc_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"window", required_argument, 0, OPT_WINDOW},
		{"min-count", required_argument, 0, OPT_MIN_COUNT},
		{"top", required_argument, 0, OPT_TOP},
		{"cross-punct", no_argument, 0, OPT_CROSS_PUNCT},
		TLY_TERM_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_termcli tc;
	long min_count = 2, top = 0;
	int opt;

	tly_common_init(&c);
	tly_term_init(&tc);
	tc.o.window = 1;
	while ((opt = getopt_long(argc, argv, TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg) || tly_term_opt(&tc, opt, optarg))
			continue;
		switch (opt) {
		case OPT_WINDOW:
			tc.o.window = (int)tly_opt_long("--window", optarg, 1, 100);
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

	tly_err err = {0};
	tly_terms *t = tly_terms_new(&tc.o);
	if (tly_terms_count(t, argv + optind, argc - optind, &c.in, &c.tok, tc.threads, NULL,
	                    NULL, &err) < 0) {
		tly_terms_free(t);
		tly_term_free(&tc);
		tly_die_err(&err);
	}
	tly_warn_replaced(tly_terms_replaced(t));

	size_t nrows, nt = tly_terms_nterms(t), m = 0;
	const tly_trow *rows = tly_terms_rows(t, &nrows);
	uint64_t npairs = 0;
	struct cdata d = {.t = t, .rows = rows};
	size_t parts = tly_parallel_parts(nrows, tc.threads, PAIRS_PER_THREAD);

	if (tly_terms_ngroups(t))
		tly_terms_group_stats(t, 0, NULL, NULL, &npairs);
	d.npairs = (double)npairs;
	d.pid = xmalloc((nrows ? nrows : 1) * 2 * sizeof *d.pid);
	tly_parallel(nrows, parts, pair_ids, &d);
	d.f1 = xcalloc(nt ? nt : 1, sizeof *d.f1);
	d.f2 = xcalloc(nt ? nt : 1, sizeof *d.f2);
	for (size_t i = 0; i < nrows; i++) {
		d.f1[d.pid[2 * i]] += rows[i].count;
		d.f2[d.pid[2 * i + 1]] += rows[i].count;
	}
	/* test the pairs seen often enough: the rows are by count, descending */
	while (m < nrows && rows[m].count >= (uint64_t)min_count)
		m++;
	d.as = xmalloc((m ? m : 1) * sizeof *d.as);
	d.pr = xmalloc((m ? m : 1) * sizeof *d.pr);
	d.p = xmalloc((m ? m : 1) * sizeof *d.p);
	d.q = xmalloc((m ? m : 1) * sizeof *d.q);
	atomic_init(&d.bad, 0);
	tly_parallel(m, tly_parallel_parts(m, tc.threads, PAIRS_PER_THREAD), pair_stats, &d);
	if (atomic_load(&d.bad))
		tly_die(TLY_EXIT_DATA, "internal error: inconsistent pair counts");
	tly_bh(d.p, m, d.q);
	qsort(d.pr, m, sizeof *d.pr, cmp_prow);

	tly_out *out = tly_common_out(&c);
	tly_csv_header(out, "w1,w2,count,w1_count,w2_count,expected,pmi,npmi,t,z,g2,g2_p,"
	                    "chi2,chi2_p,dice,logdice,q");
	tly_out_rows(out, top && (size_t)top < m ? (size_t)top : m, tc.threads, pair_row, &d);
	free(d.pid);
	free(d.f1);
	free(d.f2);
	free(d.pr);
	free(d.as);
	free(d.p);
	free(d.q);
	tly_terms_free(t);
	tly_term_free(&tc);
	return tly_finish(out);
}
