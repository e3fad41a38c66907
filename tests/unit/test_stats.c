/* test_stats.c - association measures and BH against values computed
 * independently in Python (math.log, math.erfc for the chi-squared tail:
 * Q(x, 1) = erfc(sqrt(x / 2))); see the script in the commit that added it. */
#include <math.h>

#include "unit.h"

#define REL(a, b) CHECK_NEAR((a), (b), 1e-9 * fabs(b) + 1e-300)

TEST(idf_near_one)
{
	/* log10(n / df), 50-digit values from Python's decimal */
	REL(tly_idf(10000001, 10000000), 4.3429446018852918013670197358779471618453412629402e-8);
	REL(tly_idf(1000000000, 999999999), 4.3429448212039906874751966015182710486574770618792e-10);
	REL(tly_idf(3, 2), 0.17609125905568124208128900853062228243193898272858);
	CHECK(tly_idf(10, 1) == 1.0);
	CHECK(tly_idf(7, 7) == 0.0);
}

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

TEST(g2_near_expected)
{
	/* the shares of G2 when o is near e, where o ln(o / e) and o - e cancel
	 * (mpmath at 50 digits: o ln(o / e) - (o - e)) */
	static const double cell[][3] = {
		{1, 1.0001, 4.9996666916635656e-9},
		{100, 99.99, 5.0003333583404499e-7},
		{5, 5.05, 0.000248345734159584},
		{1e6, 1e6 + 1, 4.9999966666691667e-7},
		{3, 1.5, 0.57944154167983593},
		{1, 200, 193.70168263345196},
	};
	tly_assoc a, b;

	for (size_t i = 0; i < sizeof cell / sizeof *cell; i++)
		CHECK_NEAR(tly_g2_cell(cell[i][0], cell[i][1]), cell[i][2], 1e-12 * cell[i][2]);
	CHECK(tly_g2_cell(0, 2.5) == 2.5);
	CHECK(tly_g2_cell(3, 0) == 0);
	/* one in 10,000 against one in 10,001 (keyness): G2 5.00000001875e-9,
	 * which the sum of o ln(o / e) over the cells gave as 4.9986e-9; and
	 * one in 500,000 against one in 500,001, which it gave as 0 */
	CHECK(tly_assoc_2x2(1, 2, 10000, 20001, &a) == 0);
	CHECK_NEAR(a.g2, 5.0000000187500001e-9, 1e-11 * 5e-9);
	CHECK_NEAR(a.g2_p, 0.99994358104158645, 1e-12);
	CHECK(tly_assoc_2x2(1, 2, 500000, 1000001, &a) == 0);
	CHECK_NEAR(a.g2, 2.000000000003e-12, 1e-8 * 2e-12);
	/* large counts near their expected value: a = 10587 in 100,003 words
	 * against 13,070 in 123,457, so e11 = 10586.99978...; o - e taken from
	 * the rounded e kept only 8 of the digits (mpmath at 50 digits) */
	CHECK(tly_assoc_2x2(10587, 23657, 100003, 223460, &a) == 0);
	CHECK_NEAR(a.g2, 9.1939371646935217e-12, 1e-12 * 9.2e-12);
	CHECK_NEAR(a.g2_row, 8.2206042559383522e-12, 1e-12 * 8.2e-12);
	CHECK_NEAR(a.chi2, 9.1939371753245584e-12, 1e-12 * 9.2e-12);
	CHECK_NEAR(a.pmi, 2.9881191855857806e-08, 1e-12 * 3e-8);
	CHECK_NEAR(a.t, 2.1311294423317596e-06, 1e-12 * 2.1e-6);
	CHECK_NEAR(a.z, 2.131129464401804e-06, 1e-12 * 2.1e-6);
	CHECK(tly_det2(10587, 123457, 13070, 100003) == 49);
	CHECK(tly_det2(3e15, 3e15 + 1, 3e15 - 1, 3e15 + 2) == 2);
	/* a table and its transpose give the same bits */
	CHECK(tly_assoc_2x2(2, 464, 45, 313541, &a) == 0);
	CHECK(tly_assoc_2x2(2, 45, 464, 313541, &b) == 0);
	REL(a.g2, 9.8348216111268945);
	CHECK(a.g2 == b.g2 && a.chi2 == b.chi2 && a.chi2_yates == b.chi2_yates);
}

TEST(chi2_tail)
{
	/* Q(x; 1) = erfc(sqrt(x / 2)) and Q(x; 2) = exp(-x / 2), from mpmath at 40
	 * digits, over the range the tools meet (down to the edge of subnormals) */
	static const double one[][2] = {
		{1e-08, 9.9992021154405269e-1},
		{0.001, 9.7477287936996039e-1},
		{0.5, 4.7950012218695346e-1},
		{1, 3.173105078629141e-1},
		{3.841458820694124, 5.0000000000000058e-2},
		{10, 1.5654022580025497e-3},
		{50, 1.5374597944280349e-12},
		{100, 1.5239706048321052e-23},
		{400, 5.5072482372124674e-89},
		{1000, 1.7958327848007262e-219},
		{1400, 2.1010145162642175e-306},
	};
	for (size_t i = 0; i < sizeof one / sizeof *one; i++)
		CHECK_NEAR(tly_chi2_q(one[i][0], 1), one[i][1], 1e-12 * one[i][1]);
	CHECK_NEAR(tly_chi2_q(0.5, 2), 0.77880078307140487, 1e-12);
	CHECK_NEAR(tly_chi2_q(7, 2), 0.030197383422318501, 1e-14);
	CHECK_NEAR(tly_chi2_q(300, 2), 7.1750959731644104e-66, 1e-77);
	CHECK(tly_chi2_q(0, 1) == 1.0);
	CHECK(tly_chi2_q(-3, 1) == 1.0);
	CHECK(tly_chi2_q(NAN, 1) == 1.0);
}
