/* test_stats.c - association measures and BH against values computed
 * independently in Python (math.log, math.erfc for the chi-squared tail:
 * Q(x, 1) = erfc(sqrt(x / 2))); see the script in the commit that added it. */
#include <math.h>

#include "unit.h"

#define REL(a, b) CHECK_NEAR((a), (b), 1e-9 * fabs(b) + 1e-300)

TEST(assoc_10_50_40_10000)
{
	tly_assoc a;

	CHECK(tly_assoc_2x2(10, 50, 40, 10000, &a) == 0);
	REL(a.expected, 0.2);
	REL(a.pmi, 5.643856189774724);
	REL(a.npmi, 0.5663233347786729);
	REL(a.t, 3.0990321069650117);
	REL(a.z, 21.91346617949794);
	REL(a.g2, 63.35913371010133);
	REL(a.g2_p, 1.7225481408125272e-15);
	REL(a.chi2, 484.55127040826636);
	REL(a.chi2_p, 2.184776523979536e-107);
	REL(a.chi2_yates, 436.36858993764);
	REL(a.chi2_yates_p, 6.680183139831173e-97);
	REL(a.dice, 0.2222222222222222);
	REL(a.logdice, 11.830074998557688);
}

TEST(assoc_small_and_negative)
{
	tly_assoc a;

	CHECK(tly_assoc_2x2(3, 3, 3, 20, &a) == 0);  /* a zero cell */
	REL(a.g2, 16.908363512239635);
	REL(a.g2_p, 3.922835970185292e-05);
	REL(a.chi2, 20.0);
	REL(a.chi2_yates, 12.925797770088428);
	REL(a.chi2_yates_p, 0.00032408450511681516);
	REL(a.npmi, 1.0);
	REL(a.logdice, 14.0);
	CHECK(tly_assoc_2x2(1, 100, 200, 1000, &a) == 0);  /* repulsion */
	REL(a.pmi, -4.321928094887363);
	REL(a.t, -19.0);
	REL(a.z, -4.2485291572496005);
	REL(a.g2, 38.64534408449023);
	REL(a.chi2, 25.069444444444446);
	REL(a.logdice, 6.77118130950412);
	/* never together */
	CHECK(tly_assoc_2x2(0, 5, 5, 100, &a) == 0);
	CHECK(isinf(a.pmi) && a.pmi < 0);
	CHECK(a.npmi == -1.0);
	/* inconsistent margins */
	CHECK(tly_assoc_2x2(6, 5, 9, 100, &a) == -1);
	CHECK(tly_assoc_2x2(1, 60, 60, 100, &a) == -1);
}

TEST(bh_qvalues)
{
	const double p[] = {0.01, 0.04, 0.03, 0.2, 0.04};
	double q[5];

	tly_bh(p, 5, q);
	REL(q[0], 0.05);
	REL(q[1], 0.05);
	REL(q[2], 0.05);
	REL(q[3], 0.2);
	REL(q[4], 0.05);
	const double p2[] = {0.5, 0.001};
	tly_bh(p2, 2, q);
	REL(q[0], 0.5);
	REL(q[1], 0.002);
}
