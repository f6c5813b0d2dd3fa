/*
 * Descriptive statistics and the rolling baseline of online anomaly
 * flags.  Distributions and tests (later programs) use GSL.
 */
#ifndef PP_STATS_H
#define PP_STATS_H

#include <stddef.h>

/* Welford's running mean and variance (Knuth, TAOCP vol. 2, 4.2.2). */
struct moments {
	size_t	 n;
	double	 mean;
	double	 m2;
	double	 min;
	double	 max;
};

void	 moments_add(struct moments *, double);
/* Sample standard deviation (n - 1); 0 for fewer than two values. */
double	 moments_sd(const struct moments *);

/* The median of v[0..n-1], which it reorders; NaN when n is 0. */
double	 stat_median(double *v, size_t n);
/* The R type 7 quantile of v[0..n-1] by selection, reordering v. */
double	 stat_quantile(double *v, size_t n, double p);
/*
 * The modified z-score of Iglewicz and Hoaglin (1993), MAD_Z (x -
 * median) / MAD, scores a value against the median and the median
 * absolute deviation.  MAD_Z is the MAD of the standard normal,
 * qnorm(0.75) (R: qnorm(0.75)), which the book rounds to 0.6745; a
 * MAD over MAD_Z estimates the standard deviation.
 */
#define MAD_Z	0.6744897501960817
/*
 * The median of v[0..n-1] in *median and the (unscaled) MAD as the
 * result; v is overwritten with the absolute deviations.  NaN when n is 0.
 */
double	 stat_mad(double *v, size_t n, double *median);
/* Sorts v ascending. */
void	 stat_sort(double *v, size_t n);
/* Linear-interpolation quantile (R type 7) of sorted v. */
double	 stat_quantile_sorted(const double *v, size_t n, double p);

/*
 * The last `cap` values of a series: the baseline an incoming value is
 * scored against before it joins.
 */
struct window {
	double	*v;		/* ring of cap values */
	size_t	 cap;
	size_t	 n;		/* values held, <= cap */
	size_t	 head;		/* next slot to write */
	double	 shift;		/* a recent value: the rest is kept around it */
	double	 mean;		/* of (x - shift) over the values held */
	double	 m2;		/* sum of squared deviations from the mean */
	size_t	 since;		/* additions since mean and m2 were rebuilt */
	double	*scratch;	/* for the median, cap values */
};

void	 window_init(struct window *, size_t cap);
void	 window_free(struct window *);
void	 window_add(struct window *, double);
/* Mean and sample sd of the window. */
void	 window_mean_sd(struct window *, double *mean, double *sd);
/* Median and MAD (unscaled) of the window. */
void	 window_median_mad(struct window *, double *median, double *mad);

#endif
