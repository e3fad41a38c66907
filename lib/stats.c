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

/* o ln(o/e) with 0 ln 0 = 0 */
static double xlogx(double o, double e)
{
	return o > 0 ? o * log(o / e) : 0.0;
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
	e[0] = n_a * n_b / n;
	e[1] = n_a * (n - n_b) / n;
	e[2] = (n - n_a) * n_b / n;
	e[3] = (n - n_a) * (n - n_b) / n;
	for (int i = 0; i < 4; i++) {
		if (e[i] <= 0)
			continue;  /* an empty margin: that cell adds nothing */
		double d = o[i] - e[i];
		double dy = fabs(d) - 0.5;
		g2 += xlogx(o[i], e[i]);
		chi2 += d * d / e[i];
		if (dy > 0)
			yates += dy * dy / e[i];
	}
	g2 *= 2;
	if (g2 < 0)
		g2 = 0;  /* rounding below zero */
	a->expected = e[0];
	a->pmi = (n_ab > 0 && e[0] > 0) ? log2(n_ab / e[0]) : -INFINITY;
	a->npmi = n_ab <= 0 ? -1.0 : (n_ab >= n ? 1.0 : a->pmi / -log2(n_ab / n));
	a->t = n_ab > 0 ? (n_ab - e[0]) / sqrt(n_ab) : NAN;
	a->z = e[0] > 0 ? (n_ab - e[0]) / sqrt(e[0]) : NAN;
	a->g2 = g2;
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
