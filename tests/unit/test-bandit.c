/*
 * Unit tests of pp-abtest's bandit arithmetic (src/abtest/bandit.c):
 * Thompson sampling in seeded simulations, the floors and the rounding
 * of the weights, and the expected counts of the sample ratio check
 * over periods of different weights.
 * References: SciPy 1.10 (Debian's python3-scipy), scipy.stats.chisquare
 * and scipy.stats.norm.cdf, the calls given beside each number.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "htest.h"
/* bandit.c's functions need no other module of pp-abtest */
#include "../../src/abtest/bandit.c"

static void
test_clear_winner(void)
{
	/* 90 against 100 with a standard error of 0.3: never the control */
	struct tarm a[2] = { { 100, 10, 1000 }, { 90, 10, 1000 } };
	double share[2], w[2];

	thompson(a, 2, BETTER_LOWER, 10000, 1, share);
	tap_near(share[1], 1, 0, "the clearly faster arm is best in every draw");
	bandit_floor(share, 2, 0, 0.05, 0, w);
	tap_near(w[0], 0.05, 1e-12, "the control keeps the minimum weight");
	tap_near(w[1], 0.95, 1e-12, "the better arm gets 1 - the minimum");
	/* a throughput: higher is better, so the control wins */
	thompson(a, 2, BETTER_HIGHER, 10000, 1, share);
	tap_near(share[0], 1, 0, "better higher turns the choice round");
}

static void
test_equal_arms(void)
{
	/*
	 * Equal arms: each share is a binomial proportion of 10000 draws,
	 * of standard deviation 0.005 (two arms) or 0.0047 (three); the
	 * tolerance, 0.02, is four of them.
	 */
	struct tarm a[3] = { { 100, 10, 50 }, { 100, 10, 50 },
	    { 100, 10, 50 } };
	double share[3], w[3];

	thompson(a, 2, BETTER_LOWER, 10000, 7, share);
	tap_near(share[0], 0.5, 0.02, "two equal arms: half each (first)");
	tap_near(share[0] + share[1], 1, 1e-12, "the shares sum to 1");
	bandit_floor(share, 2, 0, 0.05, 0, w);
	tap_near(w[0], 0.5, 0.02, "two equal arms: weights about equal");
	thompson(a, 3, BETTER_LOWER, 10000, 7, share);
	tap_near(share[0], 1.0 / 3, 0.02, "three equal arms: a third (1)");
	tap_near(share[1], 1.0 / 3, 0.02, "three equal arms: a third (2)");
	tap_near(share[2], 1.0 / 3, 0.02, "three equal arms: a third (3)");
}

static void
test_posterior(void)
{
	/*
	 * Means 100 and 101, standard errors 1: the first is best with
	 * probability Phi(1 / sqrt(2)); scipy.stats.norm.cdf(1/2**.5) =
	 * 0.7602499389065233.  40000 draws: a standard deviation of
	 * 0.0021, tolerance 0.01.
	 */
	struct tarm a[2] = { { 100, 10, 100 }, { 101, 10, 100 } };
	double share[2];

	thompson(a, 2, BETTER_LOWER, 40000, 3, share);
	tap_near(share[0], 0.7602499389065233, 0.01,
	    "the share of draws is the posterior probability of best");
}

static void
test_seed(void)
{
	struct tarm a[2] = { { 100, 10, 20 }, { 99, 10, 20 } };
	double s1[2], s2[2], s3[2];

	thompson(a, 2, BETTER_LOWER, 1000, 42, s1);
	thompson(a, 2, BETTER_LOWER, 1000, 42, s2);
	thompson(a, 2, BETTER_LOWER, 1000, 43, s3);
	tap_ok(s1[0] == s2[0] && s1[1] == s2[1], "the same seed, the same "
	    "shares");
	tap_ok(s1[0] != s3[0], "another seed, other shares");
}

static void
test_ties(void)
{
	/* no spread: the arms tie in every draw and share it */
	struct tarm a[2] = { { 5, 0, 10 }, { 5, 0, 10 } };
	double share[2];

	thompson(a, 2, BETTER_LOWER, 100, 1, share);
	tap_near(share[0], 0.5, 1e-12, "tied arms split each draw");
}

static void
test_floor_round(void)
{
	double share[3] = { 0.2, 0.3, 0.5 }, w[3], third[3];
	long fl[3] = { 4000, 1000, 1000 }, bp[3];
	long f0[3] = { 0, 0, 0 }, f3[3] = { 0, 0, 3334 };

	/* floors 0.3 (the control's), 0.1, 0.1; the rest, 0.5, by share */
	bandit_floor(share, 3, 0, 0.1, 0.3, w);
	tap_near(w[0], 0.4, 1e-12, "the control: its floor and its share");
	tap_near(w[1], 0.25, 1e-12, "arm 2: floor 0.1 + 0.5 * 0.3");
	tap_near(w[2], 0.35, 1e-12, "arm 3: floor 0.1 + 0.5 * 0.5");
	bandit_round(w, 3, fl, bp);
	tap_ok(bp[0] == 4000 && bp[1] == 2500 && bp[2] == 3500,
	    "exact weights stay as they are in ten-thousandths");
	third[0] = third[1] = third[2] = 1.0 / 3;
	bandit_round(third, 3, f0, bp);
	tap_ok(bp[0] + bp[1] + bp[2] == 10000 && bp[0] == 3334 &&
	    bp[1] == 3333, "thirds: the largest remainder takes the rest");
	bandit_round(third, 3, f3, bp);
	tap_ok(bp[2] == 3334 && bp[0] + bp[1] + bp[2] == 10000,
	    "a floor between buckets is raised to the next");
}

static void
test_expected(void)
{
	/*
	 * The fixture tests/fixtures/pp-abtest/bandit-periods.csv: 115 and
	 * 85 records at 50/50, 42 and 158 at 20/80, 27 and 173 at 10/90.
	 * scipy.stats.chisquare([184, 416], f_exp=[160, 440]):
	 * statistic 4.909090909090909, pvalue 0.026715698447179477.
	 */
	char ctl[] = "control", cache[] = "cache", a0[] = "a", b0[] = "b";
	char c0[] = "c", other[] = "other";
	char *n1[] = { ctl, cache }, *n2[] = { cache, ctl };
	char *n3[] = { a0, b0, c0 };
	struct period per[3];
	double pc[3] = { 115, 42, 27 }, pv[3] = { 85, 158, 173 };
	double w1[] = { 0.5, 0.5 }, w2[] = { 0.8, 0.2 }, w3[] = { 0.9, 0.1 };
	double *pn[2] = { pc, pv }, exp[3], count[3] = { 184, 416, 0 }, st, p;
	size_t missing;

	memset(per, 0, sizeof(per));
	per[0].names = n1, per[0].w = w1, per[0].n = 2, per[0].from = 0;
	per[1].names = n2, per[1].w = w2, per[1].n = 2, per[1].from = 10;
	per[2].names = n2, per[2].w = w3, per[2].n = 2, per[2].from = 20;
	tap_ok(period_expected(per, 3, n1, pn, 2, exp, &missing) == 0,
	    "every arm has a weight");
	tap_near(exp[0], 160, 1e-12, "expected control: 100 + 40 + 20");
	tap_near(exp[1], 440, 1e-12, "expected cache: 100 + 160 + 180");
	p = chisq_gof(count, exp, 2, &st);
	tap_near(st, 4.909090909090909, 1e-9, "chi-square as SciPy's");
	tap_near(p, 0.026715698447179477, 1e-9, "p-value as SciPy's");

	/*
	 * Three arms, two periods of 1:1:1 and 50:25:25, 100 records each:
	 * scipy.stats.chisquare([100, 47, 53], f_exp=[100/3 + 50,
	 * 100/3 + 25, 100/3 + 25]): statistic 6.0228571428571405, pvalue
	 * 0.04922131235020739.
	 */
	{
		double a[2] = { 30, 70 }, b[2] = { 35, 12 }, c[2] = { 35, 18 };
		double wa[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
		double wb[] = { 0.5, 0.25, 0.25 };
		double *pn3[3] = { a, b, c }, cnt[3] = { 100, 47, 53 };

		per[0].names = n3, per[0].w = wa, per[0].n = 3;
		per[1].names = n3, per[1].w = wb, per[1].n = 3;
		tap_ok(period_expected(per, 2, n3, pn3, 3, exp, &missing) ==
		    0, "three arms: every arm has a weight");
		p = chisq_gof(cnt, exp, 3, &st);
		tap_near(st, 6.0228571428571405, 1e-9,
		    "three arms: chi-square as SciPy's");
		tap_near(p, 0.04922131235020739, 1e-9,
		    "three arms: p-value as SciPy's");
	}
	per[0].names = n1, per[0].w = w1, per[0].n = 2;
	per[1].names = n1, per[1].w = w1, per[1].n = 2;
	{
		char *nx[] = { ctl, other };

		tap_ok(period_expected(per, 2, nx, pn, 2, exp, &missing) ==
		    -1 && missing == 1, "an arm named in no period");
	}
}

static void
test_period_of(void)
{
	struct ab ab;
	struct period per[2];

	memset(&ab, 0, sizeof(ab));
	memset(per, 0, sizeof(per));
	per[0].from = 100;
	per[1].from = 200;
	ab.periods = per;
	ab.nperiods = 2;
	tap_ok(period_of(&ab, 99) == -1, "before the first period: none");
	tap_ok(period_of(&ab, 100) == 0, "a period begins at its from");
	tap_ok(period_of(&ab, 199) == 0, "and ends before the next");
	tap_ok(period_of(&ab, 200) == 1, "the last goes on for ever");
}

int
main(void)
{
	test_clear_winner();
	test_equal_arms();
	test_posterior();
	test_seed();
	test_ties();
	test_floor_round();
	test_expected();
	test_period_of();
	return tap_done();
}
