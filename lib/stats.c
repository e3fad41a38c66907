/* stats.c - association measures for 2x2 tables and multiple-testing
 * control, shared by colloc, keyness and cooc.  Distributions come from GSL. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>
#include <stdlib.h>

#include "tally.h"

double tly_chi2_q(double x, double df)
{
	if (!(x > 0))
		return 1.0;
	/* one degree of freedom (every 2x2 test): P(Z^2 > x) = erfc(sqrt(x/2)),
	 * which GSL computes several times faster than the incomplete gamma
	 * function behind gsl_cdf_chisq_Q, to the same accuracy (relative error
	 * below 6e-14 against 40-digit mpmath from 1e-8 to 1e3; docs/performance.md) */
	if (df == 1)
		return gsl_sf_erfc(sqrt(x / 2));
	return gsl_cdf_chisq_Q(x, df);
}

/* e h(x), h(x) = (1 + x) ln(1 + x) - x: the share of G2 / 2 of a cell
 * with expected count e and observed count e (1 + x), o > 0 */
static double g2_share(double e, double x)
{
	if (fabs(x) < 0.01) {
		/* h(x) = sum over k >= 2 of (-1)^k x^k / (k (k - 1)); the terms
		 * past k = 9 are below 1e-17 of the sum */
		double sum = 0, p = x * x;
		for (int k = 2; k <= 9; k++) {
			sum += (k & 1 ? -p : p) / (k * (k - 1));
			p *= x;
		}
		return e * sum;
	}
	return e * ((1 + x) * log1p(x) - x);
}

double tly_g2_cell(double o, double e)
{
	if (!(e > 0))
		return 0.0;  /* an empty margin: that cell adds nothing */
	if (!(o > 0))
		return e;    /* 0 ln 0 = 0 */
	return g2_share(e, (o - e) / e);
}

double tly_idf(uint64_t n, uint64_t df)
{
	/* n / df rounds away the digits that matter when df is close to n
	 * (n past about 10^7): then log1p of the small difference */
	if (2 * df > n)
		return log1p((double)(n - df) / (double)df) / M_LN10;
	return log10((double)n / (double)df);
}

double tly_det2(double a, double d, double b, double c)
{
	double p = b * c;
	double r = fma(b, c, -p);  /* b c = p + r exactly */

	/* a d - p = (a d - b c) + r is an integer small enough to be held
	 * exactly, so fma gives it exactly, and taking r off it is exact too */
	return fma(a, d, -p) - r;
}

int tly_assoc_2x2(double n_ab, double n_a, double n_b, double n, tly_assoc *a)
{
	double o[4], e[4], g2 = 0, chi2 = 0, yates = 0;

	if (n <= 0 || n_ab < 0 || n_ab > n_a || n_ab > n_b || n_a > n || n_b > n ||
	    n_a + n_b - n_ab > n)
		return -1;
	o[0] = n_ab;
	o[1] = n_a - n_ab;
	o[2] = n_b - n_ab;
	o[3] = n - n_a - n_b + n_ab;
	/* row total x column total, and e = rc / n */
	double rc[4] = {n_a * n_b, n_a * (n - n_b), (n - n_a) * n_b, (n - n_a) * (n - n_b)};
	/* every cell's o - e is +-D / n with D = n o11 - n_a n_b, an integer
	 * worked out exactly: o - e and (o - e) / e taken from the rounded e
	 * would keep only the digits of e that o does not share, few when o is
	 * large and near e (10 587 against 10 586.99978) */
	double D = tly_det2(n_ab, n, n_a, n_b);
	static const double sign[4] = {1, -1, -1, 1};
	/* Yates: |o - e| - 0.5 = (2 |D| - n) / 2n, the numerator exact */
	double dy = (fabs(2 * D) - n) / (2 * n);
	double tg[4], tc[4], ty[4];
	for (int i = 0; i < 4; i++) {
		e[i] = rc[i] / n;
		double d = sign[i] * D / n;
		tg[i] = !(e[i] > 0) ? 0 : !(o[i] > 0) ? e[i] : g2_share(e[i], sign[i] * D / rc[i]);
		tc[i] = e[i] > 0 ? d * d / e[i] : 0;
		ty[i] = e[i] > 0 && dy > 0 ? dy * dy / e[i] : 0;
	}
	/* summed as (o11 + o22) + (o12 + o21): the same bits for a table and
	 * its transpose (a and b swapped), so that equal statistics sort as
	 * ties */
	g2 = 2 * ((tg[0] + tg[3]) + (tg[1] + tg[2]));
	chi2 = (tc[0] + tc[3]) + (tc[1] + tc[2]);
	yates = (ty[0] + ty[3]) + (ty[1] + ty[2]);
	double d0 = D / n;
	a->expected = e[0];
	/* log2(o11 / e11), near 0 as log2(1 + D / rc) to keep its digits */
	double x0 = D / rc[0];
	a->pmi = !(n_ab > 0 && e[0] > 0) ? -INFINITY :
	         fabs(x0) < 0.5 ? log1p(x0) / log(2.0) : log2(n_ab / e[0]);
	a->npmi = n_ab <= 0 ? -1.0 : (n_ab >= n ? 1.0 : a->pmi / -log2(n_ab / n));
	a->t = n_ab > 0 ? d0 / sqrt(n_ab) : NAN;
	a->z = e[0] > 0 ? d0 / sqrt(e[0]) : NAN;
	a->g2 = g2;
	a->g2_signed = D < 0 ? -g2 : g2;
	a->g2_row = 2 * (tg[0] + tg[1]);
	a->g2_p = tly_chi2_q(g2, 1);
	a->chi2 = chi2;
	a->chi2_p = tly_chi2_q(chi2, 1);
	a->chi2_yates = yates;
	a->chi2_yates_p = tly_chi2_q(yates, 1);
	a->dice = n_a + n_b > 0 ? 2 * n_ab / (n_a + n_b) : 0;
	a->logdice = a->dice > 0 ? 14 + log2(a->dice) : -INFINITY;
	return 0;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_p(const void *x, const void *y)
{
	const struct pidx *a = x, *b = y;

	if (a->p < b->p)
		return -1;
	if (a->p > b->p)
		return 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void tly_bh(const double *p, size_t m, double *q)
{
	struct pidx *s;
	double run = 1.0;

	if (m == 0)
		return;
	s = xmalloc(m * sizeof *s);
	for (size_t i = 0; i < m; i++) {
		s[i].p = isnan(p[i]) ? 1.0 : p[i];
		s[i].i = i;
	}
	qsort(s, m, sizeof *s, cmp_p);
	for (size_t k = m; k-- > 0;) {
		double v = s[k].p * (double)m / (double)(k + 1);
		if (v < run)
			run = v;
		q[s[k].i] = run;
	}
	free(s);
}
