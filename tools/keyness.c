/* keyness.c - tally keyness: which terms a target corpus uses more (or
 * less) than a reference corpus, with G2, chi2, log ratio and %DIFF. */
#include <getopt.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tally.h"
#include "tools.h"

enum { OPT_TARGET = 0x2000, OPT_REFERENCE, OPT_MIN_COUNT, OPT_TOP };

static void usage(FILE *fp)
{
	fputs("usage: tally keyness --target SEL [--reference SEL] [options] [FILE...]\n"
	      "       tally keyness [options] TARGET REFERENCE\n"
	      "\n"
	      "Compare term frequencies in a target and a reference and write one CSV row\n"
	      "per term:\n"
	      "  term,target_count,reference_count,target_pm,reference_pm,g2,g2_p,g2_q,\n"
	      "  g2_2term,chi2,chi2_p,chi2_yates,chi2_yates_p,log_ratio,pct_diff\n"
	      "With a, b the term's counts and c, d all terms counted in target and\n"
	      "reference (stopwords excluded), N = c + d, in the 2x2 table\n"
	      "  term: a, b; other terms: c - a, d - b\n"
	      "  target_pm     a / c * 1000000 (reference_pm likewise)\n"
	      "  g2            Dunning's log-likelihood over the four cells (Dunning 1993),\n"
	      "                2 sum o ln(o / e), e = row total * column total / N;\n"
	      "                signed: negative when a / c < b / d (underused in target)\n"
	      "  g2_p, g2_q    its chi-squared (1 df) upper tail and Benjamini-Hochberg\n"
	      "                q-value over all terms tested\n"
	      "  g2_2term      Rayson & Garside's (2000) two-cell form, 2 (a ln(a / E1) +\n"
	      "                b ln(b / E2)), E1 = c (a + b) / N, E2 = d (a + b) / N; signed\n"
	      "  chi2, chi2_yates  Pearson's chi-squared without and with Yates's\n"
	      "                correction, and their p-values\n"
	      "  log_ratio     log2((a / c) / (b / d)) (Hardie 2014); a zero count\n"
	      "                is taken as 0.5\n"
	      "  pct_diff      %DIFF = (a / c - b / d) * 100 / (b / d) (Gabrielatos &\n"
	      "                Marchi 2012); Inf when b = 0\n"
	      "Sorted by g2 (descending), then term (byte order).\n"
	      "\n"
	      "      --target SEL        documents in the target: an id, a glob on ids\n"
	      "                          (\"003_*\") or a metadata condition COL OP VALUE with\n"
	      "                          OP = != < <= > >= or ~ (glob), e.g. date>=2026-02-01;\n"
	      "                          repeat to add more (any may match)\n"
	      "      --reference SEL     documents in the reference (default: all others);\n"
	      "                          documents in neither are left out\n"
	      "      --min-count N       test only terms with a + b >= N (default 1)\n"
	      "      --top N             only the first N rows\n"
	      "Without --target, the first operand is the target corpus and the second\n"
	      "the reference corpus (each a file, directory, manifest or CSV corpus).\n"
	      "\n",
	      fp);
	tly_term_usage(fp);
	tly_common_usage(fp);
	fputs("\nExamples:\n"
	      "  tally keyness --target 'date>=2026-02-01' --reference 'date<2026-02-01' "
	      "corpus/\n"
	      "  tally keyness --stopwords en --target kind=teaser --top 20 corpus/\n",
	      fp);
}

struct sel {
	tly_docsel **target, **reference;
	size_t ntarget, nreference;
	const char *fixed;  /* two-corpora mode: the group of every document */
};

static int any(tly_docsel **s, size_t n, tly_doc *d, tly_err *err)
{
	for (size_t i = 0; i < n; i++) {
		int r = tly_docsel_match(s[i], d, err);
		if (r != 0)
			return r;
	}
	return 0;
}

static int side(void *ctx, tly_doc *d, const char **group, tly_err *err)
{
	struct sel *s = ctx;
	int t, r;

	if (s->fixed) {
		*group = s->fixed;
		return 1;
	}
	if ((t = any(s->target, s->ntarget, d, err)) < 0)
		goto missing;
	if (s->nreference) {
		if ((r = any(s->reference, s->nreference, d, err)) < 0)
			goto missing;
		if (t && r)
			return tly_err_set(err, TLY_EXIT_DATA, "%s: document %s is selected by both "
			                   "--target and --reference", tly_doc_origin(d),
			                   tly_doc_id(d));
	} else {
		r = !t;
	}
	if (!t && !r)
		return 0;
	*group = t ? "target" : "reference";
	return 1;
missing:
	{
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof err->msg - n, "; check --target and --reference");
	}
	return -1;
}

struct krow {
	double g2;
	uint32_t rank;  /* the term's place in byte order */
	size_t term;    /* term id */
	size_t idx;     /* index of its tests (as, p, q) */
};

static int cmp_krow(const void *x, const void *y)
{
	const struct krow *a = x, *b = y;

	if (a->g2 != b->g2)
		return a->g2 > b->g2 ? -1 : 1;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* The terms' tests and rows are worked out over the threads, in parts of
 * at least this many terms. */
#define TERMS_PER_THREAD 20000

/* What the parts share: the counts by term id, the terms tested (in k, by
 * test index until sorted) and their tests. */
struct kdata {
	tly_terms *t;
	const uint64_t *ca, *cb;  /* target and reference counts by term */
	double c1, d1, n;         /* target, reference and all terms counted */
	uint32_t *rank;
	struct krow *k;
	tly_assoc *as;            /* by test index */
	double *p, *q;            /* by test index: g2_p, and its BH q-value */
	atomic_int bad;
};

static void term_stats(void *arg, size_t part, size_t lo, size_t hi)
{
	struct kdata *d = arg;

	(void)part;
	for (size_t j = lo; j < hi; j++) {
		size_t i = d->k[j].term;
		double a = (double)d->ca[i], b = (double)d->cb[i];
		if (tly_assoc_2x2(a, a + b, d->c1, d->n, &d->as[j]) < 0)
			atomic_store(&d->bad, 1);
		d->k[j].g2 = a / d->c1 < b / d->d1 ? -d->as[j].g2 : d->as[j].g2;
		d->k[j].rank = d->rank[i];
		d->k[j].idx = j;
		d->p[j] = d->as[j].g2_p;
	}
}

/* Output row j: the j-th tested term in g2 order. */
static void term_row(tly_out *out, size_t j, void *arg, tly_buf *scratch)
{
	const struct kdata *d = arg;
	size_t i = d->k[j].term, len;
	const tly_assoc *x = &d->as[d->k[j].idx];
	const char *s = tly_terms_term(d->t, (uint32_t)i, &len);
	double a = (double)d->ca[i], b = (double)d->cb[i], c1 = d->c1, d1 = d->d1;
	/* the first row's two cells (term: a, b) of g2's table: each share is
	 * >= 0 and the same as in g2, which adds the other two, so |g2| >=
	 * |g2_2term| */
	double g2t = x->g2_row;
	double pa = a / c1, pb = b / d1;
	/* log ratio and %DIFF from a d - b c, exact, so that they keep their
	 * digits when a / c is near b / d (the log ratio then as log2(1 + x));
	 * a zero count is 0.5, so the counts are doubled to stay whole */
	double a2 = a > 0 ? 2 * a : 1, b2 = b > 0 ? 2 * b : 1;
	double xr = tly_det2(a2, d1, b2, c1) / (b2 * c1);
	double lr = fabs(xr) < 0.5 ? log1p(xr) / log(2.0) : log2((a2 / c1) / (b2 / d1));

	(void)scratch;
	tly_csv_field(out, s, len);
	tly_csv_uint(out, d->ca[i]);
	tly_csv_uint(out, d->cb[i]);
	tly_csv_real(out, pa * 1e6);
	tly_csv_real(out, pb * 1e6);
	tly_csv_real(out, d->k[j].g2);
	tly_csv_real(out, x->g2_p);
	tly_csv_real(out, d->q[d->k[j].idx]);
	tly_csv_real(out, pa < pb ? -g2t : g2t);
	tly_csv_real(out, x->chi2);
	tly_csv_real(out, x->chi2_p);
	tly_csv_real(out, x->chi2_yates);
	tly_csv_real(out, x->chi2_yates_p);
	tly_csv_real(out, lr);
	tly_csv_real(out, b > 0 ? tly_det2(a, d1, b, c1) * 100 / (b * c1) : INFINITY);
	tly_csv_end(out);
}

static void add_sels(tly_docsel ***v, size_t *n, const char *spec)
{
	tly_err err = {0};
	tly_docsel *s = tly_docsel_new(spec, &err);

	if (!s)
		tly_usage_error("%s", err.msg);
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

static void free_sels(struct sel *s)
{
	for (size_t i = 0; i < s->ntarget; i++)
		tly_docsel_free(s->target[i]);
	for (size_t i = 0; i < s->nreference; i++)
		tly_docsel_free(s->reference[i]);
	free(s->target);
	free(s->reference);
}

int keyness_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"target", required_argument, 0, OPT_TARGET},
		{"reference", required_argument, 0, OPT_REFERENCE},
		{"min-count", required_argument, 0, OPT_MIN_COUNT},
		{"top", required_argument, 0, OPT_TOP},
		TLY_TERM_LONGOPTS,
		TLY_COMMON_LONGOPTS,
		{0, 0, 0, 0}
	};
	tly_common c;
	tly_termcli tc;
	struct sel sel = {0};
	long min_count = 1, top = 0;
	int opt;

	tly_common_init(&c);
	tly_term_init(&tc);
	while ((opt = getopt_long(argc, argv, TLY_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (tly_common_opt(&c, opt, optarg) || tly_term_opt(&tc, opt, optarg))
			continue;
		switch (opt) {
		case OPT_TARGET:
			add_sels(&sel.target, &sel.ntarget, optarg);
			break;
		case OPT_REFERENCE:
			add_sels(&sel.reference, &sel.nreference, optarg);
			break;
		case OPT_MIN_COUNT:
			min_count = tly_opt_long("--min-count", optarg, 1, __LONG_MAX__);
			break;
		case OPT_TOP:
			top = tly_opt_long("--top", optarg, 1, __LONG_MAX__);
			break;
		case 'h': usage(stdout); free_sels(&sel); return TLY_EXIT_OK;
		default: free_sels(&sel); tly_bad_option(argv, longopts);
		}
	}
	if (!sel.ntarget && sel.nreference) {
		free_sels(&sel);
		tly_usage_error("--reference needs --target");
	}
	if (!sel.ntarget && argc - optind != 2) {
		free_sels(&sel);
		tly_usage_error("give --target to select documents, or two corpora: TARGET "
		                "REFERENCE");
	}
	tly_term_setup(&tc, &c);

	tly_err err = {0};
	tly_terms *t = tly_terms_new(&tc.o);
	uint32_t gt = tly_terms_group_id(t, "target"), gr = tly_terms_group_id(t, "reference");
	int r;
	if (sel.ntarget) {
		r = tly_terms_count(t, argv + optind, argc - optind, &c.in, &c.tok, tc.threads, side,
		                    &sel, &err);
	} else {
		sel.fixed = "target";
		r = tly_terms_count(t, argv + optind, 1, &c.in, &c.tok, tc.threads, side, &sel, &err);
		sel.fixed = "reference";
		if (r == 0)
			r = tly_terms_count(t, argv + optind + 1, 1, &c.in, &c.tok, tc.threads, side,
			                    &sel, &err);
	}
	size_t nref = sel.nreference;
	free_sels(&sel);
	uint64_t tdocs, rdocs, nt, nr;
	tly_terms_group_stats(t, gt, &tdocs, &nt, NULL);
	tly_terms_group_stats(t, gr, &rdocs, &nr, NULL);
	if (r == 0 && tdocs == 0)
		r = tly_err_set(&err, TLY_EXIT_DATA, "the target is empty: --target selects no "
		                "document");
	else if (r == 0 && rdocs == 0)
		r = tly_err_set(&err, TLY_EXIT_DATA, "the reference is empty: %s",
		                nref ? "--reference selects no document"
		                     : "no document is left for it");
	else if (r == 0 && (nt == 0 || nr == 0))
		r = tly_err_set(&err, TLY_EXIT_DATA, "the %s has no terms to compare",
		                nt == 0 ? "target" : "reference");
	if (r < 0) {
		tly_terms_free(t);
		tly_term_free(&tc);
		tly_die_err(&err);
	}
	tly_warn_replaced(tly_terms_replaced(t));

	/* counts by term id */
	size_t nrows, nterms = tly_terms_nterms(t), m = 0;
	const tly_trow *rows = tly_terms_rows(t, &nrows);
	uint64_t *ca = xcalloc(nterms ? nterms : 1, sizeof *ca);
	uint64_t *cb = xcalloc(nterms ? nterms : 1, sizeof *cb);
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].group == gt)
			ca[rows[i].key] = rows[i].count;
		else
			cb[rows[i].key] = rows[i].count;
	}
	struct kdata d = {.t = t, .ca = ca, .cb = cb, .c1 = (double)nt, .d1 = (double)nr};
	d.n = d.c1 + d.d1;
	d.rank = tly_terms_term_ranks(t);
	d.k = xmalloc((nterms ? nterms : 1) * sizeof *d.k);
	for (size_t i = 0; i < nterms; i++)  /* the terms tested */
		if (ca[i] + cb[i] >= (uint64_t)min_count && ca[i] + cb[i] > 0)
			d.k[m++].term = i;
	d.as = xmalloc((m ? m : 1) * sizeof *d.as);
	d.p = xmalloc((m ? m : 1) * sizeof *d.p);
	d.q = xmalloc((m ? m : 1) * sizeof *d.q);
	atomic_init(&d.bad, 0);
	tly_parallel(m, tly_parallel_parts(m, tc.threads, TERMS_PER_THREAD), term_stats, &d);
	if (atomic_load(&d.bad))
		tly_die(TLY_EXIT_DATA, "internal error: inconsistent keyness counts");
	tly_bh(d.p, m, d.q);
	qsort(d.k, m, sizeof *d.k, cmp_krow);

	tly_out *out = tly_common_out(&c);
	tly_csv_header(out, "term,target_count,reference_count,target_pm,reference_pm,g2,g2_p,"
	                    "g2_q,g2_2term,chi2,chi2_p,chi2_yates,chi2_yates_p,log_ratio,"
	                    "pct_diff");
	tly_out_rows(out, top && (size_t)top < m ? (size_t)top : m, tc.threads, term_row, &d);
	free(d.rank);
	free(ca);
	free(cb);
	free(d.k);
	free(d.as);
	free(d.p);
	free(d.q);
	tly_terms_free(t);
	tly_term_free(&tc);
	return tly_finish(out);
}
