/*
 * The power of Student's two-sample t-test and the sample size that
 * reaches a given power, as R's power.t.test computes them.
 */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "power.h"

/*
 * P(T <= t) for T noncentral t with df degrees of freedom and
 * noncentrality ncp, t >= 0: Lenth's algorithm AS 243
 * (Applied Statistics 38, 1989), the series of incomplete beta functions
 * of Guenther (1978) in Poisson weights, odd and even terms apart.
 */
static double
nct_cdf_series(double t, double df, double ncp)
{
	double x, rxb, lambda, p, q, s, a, b, lbeta, xodd, xeven, godd,
	    geven, sum;
	int it;

	if (t == 0)
		return gsl_cdf_ugaussian_P(-ncp);
	rxb = df / (t * t + df);	/* 1 - x, without cancellation */
	x = t * t / (t * t + df);
	lambda = ncp * ncp;
	p = 0.5 * exp(-0.5 * lambda);
	if (p == 0)
		return 0;		/* ncp above 38: nothing below t */
	q = sqrt(2 / M_PI) * p * ncp;
	s = -0.5 * expm1(-0.5 * lambda);
	a = 0.5;
	b = 0.5 * df;
	rxb = pow(rxb, b);
	lbeta = 0.5 * log(M_PI) + gsl_sf_lngamma(b) - gsl_sf_lngamma(0.5 + b);
	xodd = gsl_cdf_beta_P(x, a, b);
	godd = 2 * rxb * exp(a * log(x) - lbeta);
	xeven = b * x < DBL_EPSILON ? b * x : 1 - rxb;
	geven = b * x * rxb;
	sum = p * xodd + q * xeven;
	for (it = 1; it <= 1000; it++) {
		a += 1;
		xodd -= godd;
		xeven -= geven;
		godd *= x * (a + b - 1) / a;
		geven *= x * (a + b - 0.5) / (a + 0.5);
		p *= lambda / (2 * it);
		q *= lambda / (2 * it + 1);
		sum += p * xodd + q * xeven;
		s -= p;
		/* the Poisson weights are spent, or what is left is small */
		if (s <= 0 || fabs(2 * s * (xodd - godd)) < 1e-12)
			break;
	}
	sum += gsl_cdf_ugaussian_P(-ncp);
	return sum < 1 ? sum : 1;
}

/* P(T <= t), t >= 0, any ncp. */
static double
nct_cdf(double t, double df, double ncp)
{
	double s;

	if (isinf(t))
		return 1;
	if (df > 4e5) {
		/* Abramowitz & Stegun 26.7.10: nearly normal */
		s = 1 / (4 * df);
		return gsl_cdf_gaussian_P(t * (1 - s) - ncp,
		    sqrt(1 + t * t * 2 * s));
	}
	return nct_cdf_series(t, df, ncp);
}

double
nct_sf(double t, double df, double ncp)
{
	if (isnan(t) || isnan(df) || isnan(ncp) || df <= 0)
		return NAN;
	/* by symmetry: P(T > t; ncp) = P(T < -t; -ncp) */
	if (t < 0)
		return nct_cdf(-t, df, -ncp);
	return 1 - nct_cdf(t, df, ncp);
}

double
t2_power(double n, double delta, double sd, double alpha)
{
	double df = 2 * (n - 1);

	return nct_sf(gsl_cdf_tdist_Qinv(alpha / 2, df), df,
	    sqrt(n / 2) * delta / sd);
}

double
t2_sample_size(double delta, double sd, double alpha, double power)
{
	double z, n;

	if (!(delta > 0) || !(sd > 0) || !isfinite(delta / sd))
		return NAN;
	/* the normal approximation, never above the t-test's n */
	z = gsl_cdf_ugaussian_Pinv(1 - alpha / 2) +
	    gsl_cdf_ugaussian_Pinv(power);
	n = ceil(2 * z * z * sd * sd / (delta * delta));
	if (!(n <= 1e15))
		return NAN;
	if (n < 2)
		n = 2;
	/* heavier tails than the normal's: a few more, at small n */
	while (t2_power(n, delta, sd, alpha) < power)
		n++;
	return n;
}
