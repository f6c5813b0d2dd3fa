/*
 * Unit tests of pp-abtest's Bayesian engine (src/abtest/bayes.c, built
 * in here: the unit tests link libpp only).  Expected values from SciPy
 * 1.10.1 (Debian's python3-scipy), with
 *   from math import sqrt, exp
 *   from scipy.stats import norm
 *   from scipy.integrate import quad
 *   rel = lambda mc, vc, nc, mv, vv, nv: ((mv - mc) / abs(mc),
 *       vv / (mc**2 * nv) + vc * mv**2 / (mc**4 * nc))
 *   q = lambda f, mu, sd, a, b: quad(lambda x: f(x) * norm.pdf(x, mu,
 *       sd), a, b, epsabs=1e-20, epsrel=1e-13)[0]
 * the expected losses by numerical integration (q), not by the closed
 * forms that bayes.c uses.  Then a seeded A/A simulation: the chance to
 * win is at least 95% about 5% of the time.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "../../src/abtest/bayes.c"

/* got within rel of want, relative however small want is. */
static void
near_rel(double got, double want, double rel, const char *what)
{
	if (!tap_ok(fabs(got - want) <= rel * fabs(want), what))
		printf("#   got %.17g\n#  want %.17g\n", got, want);
}

/* c: mean 100, sd 20, n 50; v: mean 95, sd 18, n 60; flat prior. */
static void
test_relative(void)
{
	struct summary c = { 100, 400, 50 }, v = { 95, 324, 60 };
	struct posterior p;

	tap_ok(bayes_posterior(&c, &v, 0, BETTER_LOWER, 0, 0, 0.95, &p) == 0,
	    "relative: a posterior");
	/* d, V = rel(100, 400, 50, 95, 324, 60); mu, sd = d, sqrt(V) */
	near_rel(p.mu, -0.05, 1e-12, "relative: mean");
	near_rel(p.sd, 0.03552463933666322, 1e-12, "relative: sd, delta method");
	/* norm.cdf(0, mu, sd) */
	near_rel(p.ctw, 0.9203565331941956, 1e-10, "relative: chance to win, lower better");
	/* q(lambda x: x, mu, sd, 0, mu + 40*sd) */
	near_rel(p.loss, 0.0012813292912496924, 1e-9, "relative: expected loss, lower better");
	/* norm.ppf(0.025, mu, sd), norm.ppf(0.975, mu, sd) */
	near_rel(p.lo, -0.1196270136636348, 1e-10, "relative: interval, low end");
	near_rel(p.hi, 0.019627013663634785, 1e-9, "relative: interval, high end");

	tap_ok(bayes_posterior(&c, &v, 0, BETTER_HIGHER, 0, 0, 0.95, &p) == 0,
	    "relative, higher better: a posterior");
	/* norm.sf(0, mu, sd) */
	near_rel(p.ctw, 0.07964346680580442, 1e-10, "relative: chance to win, higher better");
	/* q(lambda x: -x, mu, sd, mu - 40*sd, 0) */
	near_rel(p.loss, 0.05128132929124972, 1e-9, "relative: expected loss, higher better");
}

/* The same data, a normal prior of mean 0 and sd 2%. */
static void
test_prior(void)
{
	struct summary c = { 100, 400, 50 }, v = { 95, 324, 60 };
	struct posterior p;

	tap_ok(bayes_posterior(&c, &v, 0, BETTER_LOWER, 0, 0.02, 0.95, &p) ==
	    0, "prior: a posterior");
	/* prec = 1/V + 1/0.02**2; mu, sd = (d/V + 0/0.02**2)/prec, sqrt(1/prec) */
	near_rel(p.mu, -0.012033694344163657, 1e-10, "prior: mean shrunk towards 0");
	near_rel(p.sd, 0.017427864047171435, 1e-10, "prior: sd");
	/* norm.cdf(0, mu, sd) */
	near_rel(p.ctw, 0.7550556621957913, 1e-10, "prior: chance to win");
	/* q(lambda x: x, mu, sd, 0, mu + 40*sd) */
	near_rel(p.loss, 0.002530449307700402, 1e-9, "prior: expected loss");
	/* norm.ppf(0.025, mu, sd), norm.ppf(0.975, mu, sd) */
	near_rel(p.lo, -0.04619168020408014, 1e-10, "prior: interval, low end");
	near_rel(p.hi, 0.022124291515752823, 1e-10, "prior: interval, high end");
}

/* Log means: c 2.0 (variance 0.09, n 40), v 1.95 (0.0784, 45). */
static void
test_log(void)
{
	struct summary c = { 2.0, 0.09, 40 }, v = { 1.95, 0.0784, 45 };
	struct posterior p;

	tap_ok(bayes_posterior(&c, &v, 1, BETTER_LOWER, 0, 0, 0.90, &p) == 0,
	    "log: a posterior");
	/* d, V = 1.95 - 2.0, 0.0784/45 + 0.09/40; mu, sd = d, sqrt(V) */
	near_rel(p.sd, 0.06318403455163513, 1e-12, "log: sd");
	/* norm.cdf(0, mu, sd) */
	near_rel(p.ctw, 0.78562694490605, 1e-10, "log: chance to win");
	/* q(lambda x: exp(x) - 1, mu, sd, 0, mu + 40*sd) */
	near_rel(p.loss, 0.007953419412149441, 1e-9, "log: expected loss, lower better");
	/* norm.ppf(0.05, mu, sd), norm.ppf(0.95, mu, sd) */
	near_rel(p.lo, -0.15392848839768425, 1e-10, "log: 90% interval, low end");
	near_rel(p.hi, 0.05392848839768413, 1e-9, "log: 90% interval, high end");

	tap_ok(bayes_posterior(&c, &v, 1, BETTER_HIGHER, 0, 0, 0.90, &p) == 0,
	    "log, higher better: a posterior");
	/* q(lambda x: 1 - exp(x), mu, sd, mu - 40*sd, 0) */
	near_rel(p.loss, 0.0548233389588316, 1e-9, "log: expected loss, higher better");

	/* a prior of mean 0.01 and sd 0.03 on the log ratio */
	tap_ok(bayes_posterior(&c, &v, 1, BETTER_HIGHER, 0.01, 0.03, 0.90,
	    &p) == 0, "log, prior: a posterior");
	/* prec = 1/V + 1/0.03**2; mu, sd = (d/V + 0.01/0.03**2)/prec, sqrt(1/prec) */
	near_rel(p.mu, -0.0010379286849875166, 1e-9, "log, prior: mean");
	near_rel(p.sd, 0.027100388737528975, 1e-10, "log, prior: sd");
	/* norm.sf(0, mu, sd) */
	near_rel(p.ctw, 0.4847244837515138, 1e-10, "log, prior: chance to win");
	/* q(lambda x: 1 - exp(x), mu, sd, mu - 40*sd, 0) */
	near_rel(p.loss, 0.011146089366324188, 1e-9, "log, prior: expected loss");
}

/* A negative control mean: the change is relative to its size. */
static void
test_negative(void)
{
	struct summary c = { -50, 25, 30 }, v = { -45, 16, 30 };
	struct posterior p;

	tap_ok(bayes_posterior(&c, &v, 0, BETTER_HIGHER, 0, 0, 0.95, &p) == 0,
	    "negative control mean: a posterior");
	/* d, V = rel(-50, 25, 30, -45, 16, 30); mu, sd = d, sqrt(V) */
	near_rel(p.mu, 0.1, 1e-12, "negative control mean: +10%");
	near_rel(p.sd, 0.0219848432637882, 1e-12, "negative control mean: sd");
	/* norm.sf(0, mu, sd) */
	near_rel(p.ctw, 0.9999972996504046, 1e-12, "negative control mean: chance to win");
	/* q(lambda x: -x, mu, sd, mu - 40*sd, 0), 4.5 sd from the mean */
	near_rel(p.loss, 1.2018806349031014e-08, 1e-7, "negative control mean: expected loss far in the tail");
}

static void
test_none(void)
{
	struct summary c = { 100, 400, 50 }, v = { 95, 324, 60 };
	struct summary one = { 95, 0, 1 }, zero = { 0, 1, 10 };
	struct summary flat_c = { 3, 0, 10 }, flat_v = { 4, 0, 10 };
	struct posterior p;

	tap_ok(bayes_posterior(&c, &one, 0, BETTER_LOWER, 0, 0, 0.95, &p) ==
	    -1, "one value in an arm: no posterior");
	tap_ok(bayes_posterior(&zero, &v, 0, BETTER_LOWER, 0, 0, 0.95, &p) ==
	    -1, "a control mean of 0: no relative change");
	tap_ok(bayes_posterior(&zero, &v, 1, BETTER_LOWER, 0, 0, 0.95, &p) ==
	    0, "a control mean log of 0 is no obstacle with logs");
	tap_ok(bayes_posterior(&flat_c, &flat_v, 0, BETTER_LOWER, 0, 0, 0.95,
	    &p) == -1, "no variance: no posterior");
}

/*
 * One A/A experiment: n values of the same distribution in each arm
 * (normal, mean 10 and sd 2; with logs, log-normal with sigma 0.5, by
 * their logarithms); its chance to win, lower better.
 */
static double
aa_once(gsl_rng *r, size_t n, int logs)
{
	struct moments m[2];
	struct summary s[2];
	struct posterior p;
	size_t a, i;
	double x;

	for (a = 0; a < 2; a++) {
		memset(&m[a], 0, sizeof(m[a]));
		for (i = 0; i < n; i++) {
			x = logs ? log(gsl_ran_lognormal(r, 0, 0.5)) :
			    10 + gsl_ran_gaussian(r, 2);
			moments_add(&m[a], x);
		}
		s[a].mean = m[a].mean;
		s[a].var = moments_sd(&m[a]) * moments_sd(&m[a]);
		s[a].n = n;
	}
	if (bayes_posterior(&s[0], &s[1], logs, BETTER_LOWER, 0, 0, 0.95,
	    &p) != 0)
		return NAN;
	return p.ctw;
}

/*
 * 2000 A/A experiments of 100 values an arm, seeded (MT19937, seed 19):
 * with a flat prior the chance to win is about uniform, so it is at
 * least 95% in about 5% of them, and at most 5% in about as many.  The
 * counts of a calibrated engine are binomial (2000, 0.05): mean 100, sd
 * 9.75; the test takes 71 to 129, within 3 sd.
 */
static void
test_aa(int logs)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int i, win = 0, lose = 0, nan = 0;
	double ctw;
	char what[80];

	gsl_rng_set(r, 19);
	for (i = 0; i < 2000; i++) {
		ctw = aa_once(r, 100, logs);
		nan += isnan(ctw);
		win += ctw >= 0.95;
		lose += ctw <= 0.05;
	}
	gsl_rng_free(r);
	printf("# A/A%s: %d of 2000 at or above 95%%, %d at or below 5%%\n",
	    logs ? " on logs" : "", win, lose);
	tap_ok(nan == 0, "A/A: a posterior every time");
	snprintf(what, sizeof(what), "A/A%s: chance to win >= 95%% in 71 to "
	    "129 of 2000", logs ? " on logs" : "");
	tap_ok(win >= 71 && win <= 129, what);
	snprintf(what, sizeof(what), "A/A%s: chance to win <= 5%% in 71 to "
	    "129 of 2000", logs ? " on logs" : "");
	tap_ok(lose >= 71 && lose <= 129, what);
}

int
main(void)
{
	test_relative();
	test_prior();
	test_log();
	test_negative();
	test_none();
	test_aa(0);
	test_aa(1);
	return tap_done();
}
