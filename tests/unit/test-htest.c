/*
 * Unit tests of htest.c (hypothesis tests): least squares, Mann-Whitney U,
 * the Hodges-Lehmann shift, generalized ESD.
 * Expected values from R 4.2.2 (lm, confint, predict, wilcox.test), NIST
 * StRD (Norris) and the NIST/SEMATECH e-Handbook (ESD example, section
 * 1.3.5.17.3).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "tap.h"
#include "stats.h"
#include "htest.h"

/* R: set.seed(1); a <- rnorm(60); b <- rnorm(70, 0.5) */
static const double ra[] = {
	-0.62645381074233242, 0.18364332422208224, -0.83562861241004716,
	1.5952808021377916, 0.32950777181536051, -0.82046838411801526,
	0.48742905242848528, 0.73832470512921733, 0.57578135165349231,
	-0.30538838715635602, 1.511781168450848, 0.38984323641143109,
	-0.62124058054180376, -2.2146998871774999, 1.1249309181431082,
	-0.044933609015230851, -0.016190263098946087, 0.94383621068529922,
	0.82122119509808855, 0.59390132121750883, 0.91897737160821824,
	0.7821363007310671, 0.074564983365190601, -1.9893516958633728,
	0.61982574789471023, -0.056128739529000785, -0.1557955067053293,
	-1.4707523838992744, -0.47815005510862035, 0.41794156019970241,
	1.358679551529044, -0.10278772734299552, 0.38767161155936913,
	-0.053805040582905118, -1.3770595568286066, -0.41499456329967976,
	-0.39428995371034931, -0.059313396711185663, 1.1000253719838831,
	0.76317574845754421, -0.1645235962535869, -0.25336168013650756,
	0.69696337540473741, 0.55666319867365732, -0.6887556945495199,
	-0.70749515696211962, 0.36458196213683031, 0.76853292451541577,
	-0.11234621215022805, 0.88110772645421476, 0.39810588036706807,
	-0.61202639325077124, 0.34111969142442478, -1.1293630960807926,
	1.433023701701037, 1.98039989850586, -0.36722147646650904,
	-1.0441346263165308, 0.56971962744241289, -0.13505460388082435,
};
static const double rb[] = {
	2.9016177605047764, 0.46075999726683076, 1.1897393624507768,
	0.52800215878066603, -0.24327320888240533, 0.68879229951434295,
	-1.3049586288910378, 1.9655548615628859, 0.65325333821189768,
	2.6726116703621527, 0.97550952889966247, -0.20994643092181453,
	1.110726353489055, -0.43409763164425152, -0.75363340023910208,
	0.79144623551746285, 0.056708126781567003, 0.50110535163162417,
	0.57434132415166406, -0.089520946188071937, -0.068668732818501943,
	0.36482138487616794, 1.6780869965732044, -1.023566800429762,
	1.0939461876284216, 0.83295037121351823, 1.5630998372763627,
	0.19581607636569937, 0.87001880991628822, 0.76709879077223109,
	-0.042520030991650359, 1.7078678059831722, 1.6604026156949516,
	1.2002136495149982, 2.0868334545408453, 1.0584864255653039,
	-0.77659220845803656, -0.073265414236886262, -0.72461261489835582,
	0.026599363560688427, -0.1203666772241242, 0.54211587314423526,
	-0.41092164855244551, 0.65802877240407498, -0.15458464391881777,
	2.267287269372646, 1.2167074760172056, 1.4101742294952273,
	0.88418535782634455, 2.1821760805194184, -0.13573645394897704,
	0.038355269639433975, 1.9322822385416629, -0.15069635331036668,
	0.29261925639803454, 0.10719207055801611, 0.18000713145149316,
	0.22088669702344105, 0.99418833126782702, 0.32266951773039365,
	-0.0059574621142574058, 1.8430388251704115, 0.28542059145313126,
	0.32044346995661288, 0.39980925878643803, 1.2126663070514052,
	0.42643559587367363, 0.46236582853295211, -0.18166047875565694,
	0.17572972775368095,
};

/*
 * A line with noise of 1e-7 on values near 1000: Syy - b Sxy cancels
 * all but a few digits, the sum of squared residuals keeps them.  R
 * 4.2.2: x <- 1:20; e <- c(3,-1,4,-1,-5,9,-2,6,-5,3,-5,8,-9,7,-9,3,-2,
 * 3,-8,4); y <- 1000 + 2.5 * x + 1e-7 * e; f <- lm(y ~ x); coef(f);
 * summary(f)$coefficients; confint(f); y printed with %.17g.
 */
static void
test_ols_near_exact(void)
{
	static const double y[] = { 1002.5000003, 1004.9999999,
	    1007.5000004, 1009.9999999, 1012.4999994999999, 1015.0000009,
	    1017.4999998, 1020.0000006, 1022.4999994999999, 1025.0000003,
	    1027.4999995000001, 1030.0000008, 1032.4999991,
	    1035.0000007000001, 1037.4999991, 1040.0000003,
	    1042.4999998000001, 1045.0000003, 1047.4999992,
	    1050.0000004000001 };
	double x[20], lo, hi;
	struct ols o;
	int i;

	for (i = 0; i < 20; i++)
		x[i] = i + 1;
	tap_ok(ols_fit(x, y, 20, &o) == 0, "ols near-exact: fits");
	tap_near(o.slope, 2.4999999862406139, 1e-12, "ols near-exact: slope");
	/* relative: tap_near is absolute below 1 */
	tap_near(o.se_slope / 2.2313183669494016e-08, 1, 1e-6,
	    "ols near-exact: se of slope");
	ols_slope_ci(&o, 0.95, &lo, &hi);
	tap_near(lo, 2.4999999393623544, 1e-13, "ols near-exact: CI low");
	tap_near(hi, 2.5000000331188734, 1e-13, "ols near-exact: CI high");
}

static void
test_ols(void)
{
	static const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const double y[] = { 2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8,
	    16.1, 18.0, 20.2 };
	double xs[10], lo, hi, p, plo, phi;
	struct ols o;
	int i;

	tap_ok(ols_fit(x, y, 10, &o) == 0, "ols: fits");
	/* R: f <- lm(yy ~ xx); coef(f); summary(f); confint(f) */
	tap_near(o.intercept, 2.2469334198890887e-15, 1e-9, "ols: intercept");
	tap_near(o.slope, 2.0072727272727269, 1e-12, "ols: slope");
	tap_near(o.se_slope, 0.018242323567627079, 1e-9, "ols: se of slope");
	tap_near(o.r2, 0.99933968576038901, 1e-12, "ols: r squared");
	ols_slope_ci(&o, 0.95, &lo, &hi);
	tap_near(lo, 1.9652058536900465, 1e-9, "ols: slope CI low");
	tap_near(hi, 2.0493396008554075, 1e-9, "ols: slope CI high");
	/* R: predict(f, data.frame(xx = 15), interval = "prediction") */
	ols_predict(&o, 15, 0.95, &p, &plo, &phi);
	tap_near(p, 30.109090909090906, 1e-12, "ols: prediction");
	tap_near(plo, 29.543139007073748, 1e-9, "ols: prediction low");
	tap_near(phi, 30.675042811108064, 1e-9, "ols: prediction high");
	/* The same line far from zero (epoch days) keeps its digits. */
	for (i = 0; i < 10; i++)
		xs[i] = x[i] + 20000;
	ols_fit(xs, y, 10, &o);
	tap_near(o.slope, 2.0072727272727269, 1e-9, "ols: slope at x+20000");
	test_ols_near_exact();
	tap_ok(ols_fit(x, y, 2, &o) == -1, "ols: two points are too few");
	tap_ok(ols_fit((const double[]){ 1, 1, 1 }, y, 3, &o) == -1,
	    "ols: constant x has no slope");
	tap_ok(ols_fit(x, (const double[]){ 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 },
	    10, &o) == 0 && o.slope == 0 && o.r2 == 0 && o.se_slope == 0,
	    "ols: constant y: slope 0, no division by zero");
}

/* NIST StRD linear regression, Norris (lower difficulty): certified values. */
static void
test_norris(void)
{
	static const double y[] = {
	    0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1,
	    778.9, 559.2, 0.3, 0.1, 778.1, 668.8, 339.3, 448.9, 10.8, 557.7,
	    228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0,
	    998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2
	};
	static const double x[] = {
	    0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6,
	    777.0, 558.2, 0.4, 0.6, 775.5, 666.9, 338.0, 447.5, 11.6, 556.0,
	    228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2,
	    999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5
	};
	struct ols o;

	tap_ok(ols_fit(x, y, 36, &o) == 0, "norris: fits");
	tap_near(o.intercept, -0.262323073774029, 1e-9, "norris: B0");
	tap_near(o.slope, 1.00211681802045, 1e-12, "norris: B1");
	tap_near(o.se_slope, 0.429796848199937e-3, 1e-9, "norris: SD of B1");
	tap_near(sqrt(o.s2), 0.884796396144373, 1e-9, "norris: residual SD");
	tap_near(o.r2, 0.999993745883712, 1e-12, "norris: R squared");
}

static void
test_mann_whitney(void)
{
	static const double x[] = { 0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91,
	    1.64, 0.73, 1.46 };
	static const double y[] = { 1.15, 0.88, 0.9, 0.74, 1.21 };
	static const double x2[] = { 1, 2, 2, 3, 4, 5, 5, 5, 9 };
	static const double y2[] = { 2, 3, 6, 7, 7, 8, 10, 11 };
	double w, p;

	/* R: wilcox.test(x, y): exact, no ties */
	p = mann_whitney(x, 10, y, 5, &w);
	tap_near(w, 35, 0, "mann-whitney exact: W");
	tap_near(p, 0.2544122544122544, 1e-12, "mann-whitney exact: p");
	/* R: wilcox.test(x2, y2): ties, normal with corrections */
	p = mann_whitney(x2, 9, y2, 8, &w);
	tap_near(w, 16.5, 0, "mann-whitney ties: W");
	tap_near(p, 0.065829547950685616, 1e-9, "mann-whitney ties: p");
	/* R: wilcox.test(a, b) with 60 and 70 values: normal */
	p = mann_whitney(ra, 60, rb, 70, &w);
	tap_near(w, 1527, 0, "mann-whitney large: W");
	tap_near(p, 0.0075028968675389116, 1e-9, "mann-whitney large: p");
	{
		double sa[130], sb[130], w2;

		memcpy(sa, ra, sizeof(ra));
		memcpy(sb, rb, sizeof(rb));
		stat_sort(sa, 60);
		stat_sort(sb, 70);
		p = mann_whitney_sorted(sa, 60, sb, 70, &w2);
		tap_near(w2, 1527, 0, "mann-whitney sorted: W");
		tap_near(p, 0.0075028968675389116, 1e-9,
		    "mann-whitney sorted: p");
		memcpy(sa, x2, sizeof(x2));
		memcpy(sb, y2, sizeof(y2));
		stat_sort(sa, 9);
		stat_sort(sb, 8);
		p = mann_whitney_sorted(sa, 9, sb, 8, &w2);
		tap_near(p, 0.065829547950685616, 1e-9,
		    "mann-whitney sorted: ties");
	}
	p = mann_whitney(x, 0, y, 5, &w);
	tap_ok(isnan(p), "mann-whitney: an empty sample gives NaN");
	p = mann_whitney((const double[]){ 1, 1, 1 }, 3,
	    (const double[]){ 1, 1 }, 2, &w);
	tap_near(p, 1, 0, "mann-whitney: all values tied: p 1");
}

static void
test_esd(void)
{
	/* NIST e-Handbook 1.3.5.17.3: Rosner's 54 values, 3 outliers */
	static const double v[] = { -0.25, 0.68, 0.94, 1.15, 1.20, 1.26,
	    1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69,
	    1.70, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.10,
	    2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.40, 2.47, 2.54, 2.62,
	    2.64, 2.90, 2.92, 2.92, 2.93, 3.21, 3.26, 3.30, 3.59, 3.68, 4.30,
	    4.64, 5.34, 5.42, 6.01 };
	unsigned char out[54];
	size_t k;

	k = esd_outliers(v, 54, 0.05, 10, out);
	tap_ok(k == 3, "esd: NIST example has 3 outliers");
	tap_ok(out[53] && out[52] && out[51] && !out[50] && !out[0],
	    "esd: they are 6.01, 5.42 and 5.34");
	k = esd_outliers((const double[]){ 1, 2, 3, 4, 5 }, 5, 0.05, 2, out);
	tap_ok(k == 0, "esd: an even spread has none");
	k = esd_outliers((const double[]){ 4, 4, 4, 4 }, 4, 0.05, 2, out);
	tap_ok(k == 0, "esd: a constant series has none (no division by 0)");
}

static void
test_welch(void)
{
	static const double x[] = { 0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91,
	    1.64, 0.73, 1.46 };
	static const double y[] = { 1.15, 0.88, 0.9, 0.74, 1.21 };
	struct welch w;
	double p;

	/* R 4.2.2: t.test(y, x) (Welch), y - x */
	p = welch_test(x, 10, y, 5, 0.95, &w);
	tap_near(w.t, -2.04138309221007, 1e-9, "welch: t");
	tap_near(w.df, 12.9705384432575, 1e-9, "welch: df");
	tap_near(p, 0.0621013437810785, 1e-8, "welch: p");
	tap_near(w.lo, -0.693724996335104, 1e-9, "welch: CI low");
	tap_near(w.hi, 0.019724996335104, 1e-9, "welch: CI high");
	tap_near(w.diff, -0.337, 1e-12, "welch: difference of means");
	tap_ok(isnan(welch_test(x, 1, y, 5, 0.95, &w)),
	    "welch: one value a side is too few");
}

static void
test_adjust(void)
{
	static const double p[] = { 0.01, 0.04, 0.03, 0.005, 0.2 };
	/* R 4.2.2: p.adjust(p, "holm"), p.adjust(p, "BH") */
	static const double holm[] = { 0.04, 0.09, 0.09, 0.025, 0.2 };
	static const double bh[] = { 0.025, 0.05, 0.05, 0.025, 0.2 };
	double out[5];
	size_t i;
	int ok;

	p_adjust_holm(p, 5, out);
	for (i = 0, ok = 1; i < 5; i++)
		ok &= fabs(out[i] - holm[i]) < 1e-12;
	tap_ok(ok, "p.adjust holm");
	p_adjust_bh(p, 5, out);
	for (i = 0, ok = 1; i < 5; i++)
		ok &= fabs(out[i] - bh[i]) < 1e-12;
	tap_ok(ok, "p.adjust BH");
}

static void
test_chisq_median_size(void)
{
	double st, lo, hi, v[20];
	size_t i;

	/* R 4.2.2: chisq.test(c(5040, 4960), p = c(0.5, 0.5)) */
	tap_near(chisq_gof((const double[]){ 5040, 4960 },
	    (const double[]){ 50, 50 }, 2, &st), 0.423710797166793, 1e-9,
	    "srm chi-square p, two arms");
	tap_near(st, 0.64, 1e-12, "srm chi-square statistic");
	/* R 4.2.2: chisq.test(c(500, 300, 200), p = c(0.5, 0.25, 0.25)) */
	tap_near(chisq_gof((const double[]){ 500, 300, 200 },
	    (const double[]){ 2, 1, 1 }, 3, &st), 4.53999297624849e-05, 1e-8,
	    "srm chi-square p, three arms, weights normalized");
	/* Counts in an arm of weight 0: a split no chance explains. */
	tap_ok(chisq_gof((const double[]){ 500, 3 },
	    (const double[]){ 1, 0 }, 2, &st) == 0 && isinf(st),
	    "srm: counts where none were expected give p 0");
	/* R 4.2.2: k <- qbinom(0.025, 20, 0.5); sort(x)[c(k, 21 - k)] */
	for (i = 0; i < 20; i++)
		v[i] = (double)i + 1;
	median_ci(v, 20, 0.95, &lo, &hi);
	tap_ok(lo == 6 && hi == 15, "median CI by order statistics (6, 15)");
	/* R 4.2.2: power.t.test(delta = 0.05, sd = 0.3, power = 0.8)$n */
	tap_near(sample_size(0.05, 0.3, 0.05, 0.8), ceil(566.081306564861), 0,
	    "sample size per arm (566.08 up to 567)");
}

/*
 * The exact test with ties against its definition: every choice of
 * which values are a's, enumerated (the permutation distribution).
 */
static double
brute_p(const double *all, size_t n, size_t na, double obs2)
{
	double lo = 0, hi = 0, tot = 0, rank[32], s;
	size_t i, j, mask, bits;

	for (i = 0; i < n; i++) {
		double less = 0, eq = 0;

		for (j = 0; j < n; j++) {
			less += all[j] < all[i];
			eq += all[j] == all[i];
		}
		rank[i] = 2 * less + eq + 1;	/* doubled midrank */
	}
	for (mask = 0; mask < (1UL << n); mask++) {
		for (bits = 0, s = 0, i = 0; i < n; i++)
			if (mask >> i & 1) {
				bits++;
				s += rank[i];
			}
		if (bits != na)
			continue;
		tot++;
		lo += s <= obs2 + 1e-9;
		hi += s >= obs2 - 1e-9;
	}
	return fmin(1, 2 * fmin(lo, hi) / tot);
}

static void
test_exact_ties(void)
{
	static const double a[] = { 1, 2, 2, 3, 5, 5, 5, 9 };
	static const double b[] = { 2, 3, 6, 7, 7, 8, 10 };
	double all[15], w, p, obs2;

	memcpy(all, a, sizeof(a));
	memcpy(all + 8, b, sizeof(b));
	p = mann_whitney_exact_ties(a, 8, b, 7, &w);
	obs2 = 2 * (w + 8 * 9 / 2.0);
	tap_near(p, brute_p(all, 15, 8, obs2), 1e-12,
	    "mann-whitney exact with ties = the enumerated distribution");
	/* W = 50.5 - 36: midranks by hand, as R's wilcox.test */
	tap_near(w, 14.5, 0, "mann-whitney exact with ties: W");
	p = mann_whitney_exact_ties((const double[]){ 1, 2, 3 }, 3,
	    (const double[]){ 4, 5, 6 }, 3, &w);
	/* no ties: 2 / C(6,3) = 0.1, as R's wilcox.test(1:3, 4:6) */
	tap_near(p, 0.1, 1e-12, "mann-whitney exact, no ties: as R");
}

/*
 * The Hodges-Lehmann shift and its interval against R 4.2.2's
 * wilcox.test(variant, control, conf.int = TRUE): exact without ties,
 * the normal approximation with ties or 50 values a side, where R finds
 * the ends (and its estimate) by uniroot: run with tol.root = 1e-13, so
 * that they are the crossing points to 1e-9.
 */
static void
test_hodges_lehmann(void)
{
	static const double c1[] = { 9.7, 10.4, 10.9, 11.1, 11.8, 12.1, 12.6,
	    13.0 };
	static const double v1[] = { 8.4, 8.8, 9.1, 9.3, 9.6, 10.0, 10.2,
	    10.6, 10.8, 11.5 };
	static const double c2[] = { 3, 5, 5, 6, 7, 8, 8, 9, 10, 12 };
	static const double v2[] = { 5, 6, 6, 7, 8, 9, 9, 11, 12, 13, 14 };
	double e, lo, hi, *a, *b;
	size_t n = 100000, i;

	/* R: the exact interval, sorted differences 9 and 72 of 80 */
	hodges_lehmann(c1, 8, v1, 10, 0.95, &e, &lo, &hi);
	tap_near(e, -1.6000000000000005, 1e-12, "hodges-lehmann: estimate");
	tap_near(lo, -2.7999999999999989, 1e-12, "hodges-lehmann: lower");
	tap_near(hi, -0.40000000000000036, 1e-12, "hodges-lehmann: upper");
	/* R: conf.level = 0.9 */
	hodges_lehmann(c1, 8, v1, 10, 0.9, &e, &lo, &hi);
	tap_ok(lo == -2.5999999999999996 && hi == -0.59999999999999964,
	    "hodges-lehmann exact at 90%: as R");
	/* R (ties): the estimate 2 is also median(outer(v2, c2, "-")) */
	hodges_lehmann(c2, 10, v2, 11, 0.95, &e, &lo, &hi);
	tap_near(e, 1.99999999999995, 1e-9, "hodges-lehmann with ties");
	tap_near(lo, -1.00000000000004, 1e-9,
	    "hodges-lehmann with ties: lower, normal approximation");
	tap_near(hi, 4.99999999999999, 1e-9,
	    "hodges-lehmann with ties: upper, normal approximation");
	/*
	 * R: i <- 1:100000; a <- sqrt(i); b <- sqrt(i) * 1.001 + 0.05.
	 * 1e10 differences: counted, never stored.
	 */
	a = xcalloc(n, sizeof(*a));
	b = xcalloc(n, sizeof(*b));
	for (i = 0; i < n; i++) {
		a[i] = sqrt((double)(i + 1));
		b[i] = a[i] * 1.001 + 0.05;
	}
	hodges_lehmann(a, n, b, n, 0.95, &e, &lo, &hi);
	/* R's estimate is a root of its W, between the middle differences */
	tap_near(e, 0.287146228824589, 1e-8,
	    "hodges-lehmann, 100000 a side: estimate");
	tap_near(lo, -0.314336620077554, 1e-9,
	    "hodges-lehmann, 100000 a side: lower");
	tap_near(hi, 0.888230239916619, 1e-9,
	    "hodges-lehmann, 100000 a side: upper");
	free(a);
	free(b);
	hodges_lehmann(c1, 0, v1, 10, 0.95, &e, &lo, &hi);
	tap_ok(isnan(e) && isnan(lo) && isnan(hi),
	    "hodges-lehmann of an empty sample: NaN");
	/* the verdict: p below alpha and the interval clear of the effect */
	tap_ok(shift_verdict(0.008, 0.05, -3, 0, 0) == 0,
	    "verdict: p 0.008, interval reaching 0: no change");
	tap_ok(shift_verdict(0.008, 0.05, -3, -0.5, 0) == -1,
	    "verdict: p 0.008, interval below 0: lower");
	tap_ok(shift_verdict(0.008, 0.05, 0.5, 3, 1) == 0,
	    "verdict: interval not clear of the min effect: no change");
	tap_ok(shift_verdict(0.008, 0.05, 1.5, 3, 1) == 1,
	    "verdict: interval above the min effect: higher");
	tap_ok(shift_verdict(0.06, 0.05, 1.5, 3, 1) == 0,
	    "verdict: p above alpha: no change");
}

/* On A/A splits the tests reject at about alpha: 0.03 to 0.07 of 1000. */
static void
test_aa(void)
{
	double a[40], b[40], w, u1, u2;
	size_t i, j, mw = 0, wt = 0;
	struct welch we;

	srand(20261127);
	for (i = 0; i < 1000; i++) {
		for (j = 0; j < 80; j++) {
			/* Box-Muller, lognormal: skewed like timings */
			u1 = (rand() + 1.0) / ((double)RAND_MAX + 2);
			u2 = (rand() + 1.0) / ((double)RAND_MAX + 2);
			u1 = exp(0.5 * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
			if (j < 40)
				a[j] = u1;
			else
				b[j - 40] = u1;
		}
		if (mann_whitney(a, 40, b, 40, &w) < 0.05)
			mw++;
		if (welch_test(a, 40, b, 40, 0.95, &we) < 0.05)
			wt++;
	}
	printf("# A/A false positives: mann-whitney %zu, welch %zu of 1000\n",
	    mw, wt);
	tap_ok(mw >= 30 && mw <= 70, "A/A: Mann-Whitney rejects 3-7%");
	tap_ok(wt >= 30 && wt <= 70, "A/A: Welch rejects 3-7%");
}

static void
test_p_below(void)
{
	tap_ok(1 - 0.97 > 0.03 && 1 - 0.95 > 0.05,
	    "p_below: 1 - 0.97 is above 0.03 in floating point");
	tap_ok(!p_below(0.03, 1 - 0.97), "p_below: p = alpha is not below");
	tap_ok(!p_below(0.05, 1 - 0.95), "p_below: nor at 0.05");
	tap_ok(!p_below(0.1, 1 - 0.9), "p_below: nor at 0.1");
	tap_ok(p_below(0.0299999, 1 - 0.97), "p_below: just below is below");
	tap_ok(p_below(0, 0.05) && !p_below(1, 0.05),
	    "p_below: 0 is below, 1 is not");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_ols();
	test_norris();
	test_mann_whitney();
	test_esd();
	test_welch();
	test_adjust();
	test_chisq_median_size();
	test_exact_ties();
	test_hodges_lehmann();
	test_aa();
	test_p_below();
	return tap_done();
}
