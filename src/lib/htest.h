/*
 * Hypothesis tests and regression shared by the analysing programs:
 * ordinary least squares with confidence and prediction intervals,
 * Mann-Whitney U, Welch, Rosner's generalized ESD, p-value adjustment,
 * chi-square, median intervals, the Hodges-Lehmann shift and sample
 * sizes.  Distributions come
 * from GSL.
 */
#ifndef PP_HTEST_H
#define PP_HTEST_H

#include <stddef.h>

/* A least-squares line y = intercept + slope x (Draper & Smith, ch. 1). */
struct ols {
	size_t	 n;
	double	 slope;
	double	 intercept;
	double	 se_slope;	/* standard error of the slope */
	double	 r2;		/* 1 for a perfect fit; 0 if y is constant */
	double	 s2;		/* residual variance, SSE / (n - 2) */
	double	 xbar;
	double	 sxx;		/* sum of (x - xbar)^2 */
};

/*
 * Fits the line; -1 if n < 3 or every x is the same.  x is shifted by
 * its mean internally, so large x (epoch days) loses no precision.
 */
int	 ols_fit(const double *x, const double *y, size_t n, struct ols *);
/* The slope's confidence interval at level conf (e.g. 0.95), t with n-2 df. */
void	 ols_slope_ci(const struct ols *, double conf, double *lo, double *hi);
/*
 * The prediction at x0 and its prediction interval at level conf: the
 * interval for a new observation, s^2 (1 + 1/n + (x0 - xbar)^2 / sxx).
 */
void	 ols_predict(const struct ols *, double x0, double conf, double *y,
	    double *lo, double *hi);

/*
 * Is p below the level alpha?  A level is a decimal, and 1 - 0.97 in
 * floating point is 0.030000000000000027, above the p of 0.03 that an
 * exact test gives: a p within a relative 1e-12 of alpha is not below
 * it.
 */
int	 p_below(double p, double alpha);

/* The two-sided quantile of Student's t: t such that P(|T| < t) = conf. */
double	 t_quantile(double conf, double df);

/*
 * The Mann-Whitney U test of a against b, two-sided, as R's
 * wilcox.test(a, b, exact = NULL, correct = TRUE): the exact distribution
 * when both samples have fewer than 50 values and there are no ties,
 * else the normal approximation with tie and continuity corrections.
 * Sets *w to R's W (rank sum of a less na(na+1)/2) and returns the
 * p-value; NaN if a sample is empty.  The inputs are not changed.
 */
double	 mann_whitney(const double *a, size_t na, const double *b, size_t nb,
	    double *w);
/* As mann_whitney, for samples already sorted ascending: O(na + nb). */
double	 mann_whitney_sorted(const double *a, size_t na, const double *b,
	    size_t nb, double *w);
/*
 * The exact two-sided p-value of Mann-Whitney's test with ties, from
 * the permutation distribution of a's sum of midranks (every choice of
 * na of the na + nb midranks equally likely): 2 min(P(S <= s), P(S >=
 * s)), at most 1.  For na, nb <= 50 (pp-abtest's "exact, ties
 * included"); sorted samples; *w as in mann_whitney.
 */
double	 mann_whitney_exact_ties(const double *a, size_t na, const double *b,
	    size_t nb, double *w);
/*
 * As mann_whitney, with every tie and approximation rule the same, but
 * always exact when exact is 1 and there are no ties (used by tests).
 */
double	 mann_whitney_exact(size_t na, size_t nb, double w);

/*
 * Rosner's generalized ESD test (Technometrics 25, 1983; NIST e-Handbook
 * 1.3.5.17.3): marks in out[] (0/1) the outliers of v at level alpha,
 * testing at most max_out of them.  Returns how many it marks.
 */
size_t	 esd_outliers(const double *v, size_t n, double alpha, size_t max_out,
	    unsigned char *out);


/*
 * Welch's t-test of the means of a and b (b - a), two-sided, with the
 * Welch-Satterthwaite degrees of freedom (NIST e-Handbook 1.3.5.3) and
 * the confidence interval of the difference at level conf.  Returns the
 * p-value; NaN with fewer than two values a side or no variance.
 */
struct welch {
	double	 diff, t, df, p, lo, hi, se;
};
double	 welch_test(const double *a, size_t na, const double *b, size_t nb,
	    double conf, struct welch *);

/* Holm's and Benjamini-Hochberg's adjusted p-values of p[0..n-1]. */
void	 p_adjust_holm(const double *p, size_t n, double *out);
void	 p_adjust_bh(const double *p, size_t n, double *out);

/*
 * Pearson's chi-square goodness of fit of counts against expected
 * proportions (which it normalizes); returns the p-value (k - 1 df).
 */
double	 chisq_gof(const double *count, const double *weight, size_t k,
	    double *stat);

/*
 * The distribution-free confidence interval of the median from order
 * statistics (the binomial method; Hollander & Wolfe): the sorted
 * values' [k, n - 1 - k] with k the largest such that the coverage is
 * at least conf.  v must be sorted.
 */
void	 median_ci(const double *sorted, size_t n, double conf, double *lo,
	    double *hi);

/*
 * The Hodges-Lehmann shift of b against a, the median of the na nb
 * differences b_j - a_i, and its distribution-free interval at level
 * conf, as R's wilcox.test(b, a, conf.int = TRUE): with fewer than 50
 * values a side and no ties, the differences of ranks qwilcox((1 -
 * conf) / 2) and na nb + 1 less it; else where the normal approximation
 * with continuity and tie corrections crosses its quantiles (R finds
 * these by a root search, to 1e-4).  a and b sorted; the differences are
 * counted, never stored: O((na + nb) 64) time per order statistic.  NaN
 * if a sample is empty.
 */
void	 hodges_lehmann(const double *a, size_t na, const double *b,
	    size_t nb, double conf, double *est, double *lo, double *hi);

/*
 * The verdict of a comparison, pp-abtest's and pp-optimize verify's:
 * -1 (lower) or 1 (higher) if p is below alpha and the interval [lo, hi]
 * of the difference lies wholly beyond -min_effect or min_effect, in the
 * interval's units; else 0.
 */
int	 shift_verdict(double p, double alpha, double lo, double hi,
	    double min_effect);

/*
 * Per-arm sample size for a two-sided test at level alpha with the given
 * power to detect a difference delta when the standard deviation is sd:
 * t2_sample_size of power.h, R's power.t.test; NAN when none.
 */
double	 sample_size(double delta, double sd, double alpha, double power);

#endif
