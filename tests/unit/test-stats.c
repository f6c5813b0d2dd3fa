/*
 * Unit tests of descriptive statistics (stats.h): moments against R,
 * the quickselect median against a sorted median, R type 7 quantiles,
 * and the rolling window against direct computation.
 * Expected numbers marked "R 4.2" are from R 4.2.2 (Rscript, printed
 * with sprintf("%.17g")).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "stats.h"
#include "tap.h"

static uint64_t seed = 0x2545f4914f6cdd1dULL;

/* xorshift64*: a uniform double in [0, 1). */
static double
uniform(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return (double)((seed * 0x2545f4914f6cdd1dULL) >> 11) / 9007199254740992.0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median by sorting a copy. */
static double
sorted_median(const double *v, size_t n)
{
	double *c = xcalloc(n, sizeof(*c)), m;

	memcpy(c, v, n * sizeof(*v));
	qsort(c, n, sizeof(*c), cmp);
	m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

/* Two-pass mean and sample sd, in long double. */
static void
direct_mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	long double s = 0, ss = 0, m;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	m = s / n;
	for (i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	*mean = (double)m;
	*sd = n > 1 ? (double)sqrtl(ss / (n - 1)) : 0;
}

static void
moments_of(const double *v, size_t n, struct moments *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++)
		moments_add(m, v[i]);
}

static void
test_moments(void)
{
	static const double x1[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	static const double x2[] = { 0.52, 1.73, 2.94, 0.11, 3.85, 2.46, 1.07,
	    0.98, 4.19, 2.6 };
	static const double x3[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	/* NIST StRD NumAcc3 (first three values). */
	static const double x4[] = { 1000000.2, 1000000.1, 1000000.3 };
	struct moments m;

	moments_of(x1, 8, &m);
	/* R 4.2: mean(c(2,4,4,4,5,5,7,9)) */
	tap_near(m.mean, 5, 1e-12, "moments: mean of x1");
	/* R 4.2: sd(c(2,4,4,4,5,5,7,9)) */
	tap_near(moments_sd(&m), 2.1380899352993952, 1e-12, "moments: sd of x1");
	tap_ok(m.n == 8 && m.min == 2 && m.max == 9, "moments: n, min, max");

	moments_of(x2, 10, &m);
	/* R 4.2: mean(c(0.52,1.73,2.94,0.11,3.85,2.46,1.07,0.98,4.19,2.6)) */
	tap_near(m.mean, 2.0449999999999999, 1e-12, "moments: mean of x2");
	/* R 4.2: sd(c(0.52,1.73,2.94,0.11,3.85,2.46,1.07,0.98,4.19,2.6)) */
	tap_near(moments_sd(&m), 1.3902138124923247, 1e-12,
	    "moments: sd of x2");
	tap_ok(m.min == 0.11 && m.max == 4.19, "moments: min, max of x2");

	moments_of(x3, 4, &m);
	/* R 4.2: mean(1e9 + c(4,7,13,16)) */
	tap_near(m.mean, 1000000010, 1e-15, "moments: mean near 1e9");
	/* R 4.2: sd(1e9 + c(4,7,13,16)) */
	tap_near(moments_sd(&m), 5.4772255750516612, 1e-9,
	    "moments: sd near 1e9 (no cancellation)");

	moments_of(x4, 3, &m);
	/* R 4.2: sd(c(1000000.2, 1000000.1, 1000000.3)) */
	tap_near(moments_sd(&m), 0.1000000000349246, 1e-6,
	    "moments: NumAcc3 sd");

	moments_of(x1, 1, &m);
	tap_ok(m.n == 1 && m.mean == 2 && moments_sd(&m) == 0,
	    "moments: one value, sd 0");
	moments_of(x1, 0, &m);
	tap_ok(m.n == 0 && moments_sd(&m) == 0, "moments: no values, sd 0");

	/* Negative values: min and max. */
	memset(&m, 0, sizeof(m));
	moments_add(&m, -3);
	moments_add(&m, -1);
	moments_add(&m, -7);
	tap_ok(m.min == -7 && m.max == -1, "moments: negative min, max");
}

static void
test_median(void)
{
	static const double x2[] = { 0.52, 1.73, 2.94, 0.11, 3.85, 2.46, 1.07,
	    0.98, 4.19, 2.6 };
	static const double x1[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double v[10], *a, *b;
	size_t n, i, trial, bad_odd = 0, bad_even = 0, bad_shape = 0;
	int shape;

	memcpy(v, x2, sizeof(x2));
	/* R 4.2: median(c(0.52,1.73,2.94,0.11,3.85,2.46,1.07,0.98,4.19,2.6)) */
	tap_near(stat_median(v, 10), 2.0949999999999998, 1e-15,
	    "stat_median of x2 (even)");
	memcpy(v, x1, sizeof(x1));
	/* R 4.2: median(c(2,4,4,4,5,5,7,9)) */
	tap_near(stat_median(v, 8), 4.5, 1e-15, "stat_median of x1 (even)");
	v[0] = 3;
	tap_ok(stat_median(v, 1) == 3, "stat_median of one value");
	v[0] = 3;
	v[1] = 1;
	tap_ok(stat_median(v, 2) == 2, "stat_median of two values");
	tap_ok(isnan(stat_median(v, 0)), "stat_median of none is NaN");

	/* Random arrays, with and without ties, odd and even sizes. */
	a = xcalloc(1001, sizeof(*a));
	b = xcalloc(1001, sizeof(*b));
	for (trial = 0; trial < 4000; trial++) {
		n = 1 + (size_t)(uniform() * 1000);
		for (i = 0; i < n; i++)
			a[i] = trial % 2 ? (double)(int)(uniform() * 5) :
			    uniform() * 200 - 100;
		memcpy(b, a, n * sizeof(*a));
		if (stat_median(b, n) != sorted_median(a, n)) {
			if (n % 2)
				bad_odd++;
			else
				bad_even++;
		}
	}
	tap_ok(bad_odd == 0, "stat_median = sorted median, random odd sizes");
	tap_ok(bad_even == 0,
	    "stat_median = sorted median, random even sizes");

	/* Shapes that trouble a quickselect. */
	for (shape = 0; shape < 6; shape++)
		for (n = 1; n <= 64; n++) {
			for (i = 0; i < n; i++)
				switch (shape) {
				case 0:	a[i] = (double)i; break;
				case 1:	a[i] = (double)(n - i); break;
				case 2:	a[i] = 7; break;
				case 3:	a[i] = (double)(i % 2); break;
				case 4:	a[i] = (double)(i < n / 2 ? n - i : i);
					break;
				default: a[i] = i == n / 2 ? -1 : 1; break;
				}
			memcpy(b, a, n * sizeof(*a));
			if (stat_median(b, n) != sorted_median(a, n))
				bad_shape++;
		}
	tap_ok(bad_shape == 0, "stat_median: sorted, reversed, equal, "
	    "alternating, organ-pipe inputs");
	free(a);
	free(b);
}

static void
test_quantile(void)
{
	static const double x2[] = { 0.52, 1.73, 2.94, 0.11, 3.85, 2.46, 1.07,
	    0.98, 4.19, 2.6 };
	static const double p[] = { 0, 0.1, 0.25, 0.5, 0.9, 0.99, 1 };
	/*
	 * R 4.2: quantile(c(0.52,1.73,2.94,0.11,3.85,2.46,1.07,0.98,4.19,
	 * 2.6), c(0,0.1,0.25,0.5,0.9,0.99,1), type = 7)
	 */
	static const double want[] = { 0.11, 0.47899999999999998,
	    1.0024999999999999, 2.0949999999999998, 3.8840000000000003,
	    4.1594000000000007, 4.1900000000000004 };
	static const double x1[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double v[10], w[200];
	size_t i, bad = 0;
	char *m;

	memcpy(v, x2, sizeof(x2));
	stat_sort(v, 10);
	for (i = 1; i < 10; i++)
		if (v[i - 1] > v[i])
			bad++;
	tap_ok(bad == 0 && v[0] == 0.11 && v[9] == 4.19, "stat_sort");
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		m = xasprintf("stat_quantile_sorted(x2, %g) (R type 7)", p[i]);
		tap_near(stat_quantile_sorted(v, 10, p[i]), want[i], 1e-12, m);
		free(m);
	}
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		double u[10];

		memcpy(u, x2, sizeof(x2));
		m = xasprintf("stat_quantile(x2, %g) by selection (R type 7)",
		    p[i]);
		tap_near(stat_quantile(u, 10, p[i]), want[i], 1e-12, m);
		free(m);
	}
	/* Selection against sorting, on random arrays with ties. */
	for (i = 0, bad = 0; i < 2000; i++) {
		size_t n = 1 + (size_t)rand() % 60, j;
		double q = (double)(rand() % 101) / 100, a, b;

		for (j = 0; j < n; j++)
			w[j] = (double)(rand() % 20);
		memcpy(w + 100, w, n * sizeof(*w));
		stat_sort(w + 100, n);
		a = stat_quantile_sorted(w + 100, n, q);
		b = stat_quantile(w, n, q);
		if (fabs(a - b) > 1e-12)
			bad++;
	}
	tap_ok(bad == 0, "stat_quantile = stat_quantile_sorted on 2000 arrays");
	/* R 4.2: quantile(c(2,4,4,4,5,5,7,9), c(0.33, 0.75), type = 7) */
	tap_near(stat_quantile_sorted(x1, 8, 0.33), 4, 1e-12,
	    "stat_quantile_sorted(x1, 0.33)");
	tap_near(stat_quantile_sorted(x1, 8, 0.75), 5.5, 1e-12,
	    "stat_quantile_sorted(x1, 0.75)");
	tap_ok(stat_quantile_sorted(x1, 1, 0.5) == 2 &&
	    stat_quantile_sorted(x1, 1, 1) == 2,
	    "stat_quantile_sorted of one value");
	tap_ok(isnan(stat_quantile_sorted(x1, 0, 0.5)),
	    "stat_quantile_sorted of none is NaN");

	/* The 0.5 quantile is the median. */
	for (i = 0, bad = 0; i < 200; i++)
		w[i] = uniform();
	for (i = 1; i <= 200; i++) {
		double c[200];

		memcpy(c, w, i * sizeof(*w));
		stat_sort(c, i);
		if (stat_quantile_sorted(c, i, 0.5) != sorted_median(w, i))
			bad++;
	}
	tap_ok(bad == 0, "stat_quantile_sorted(0.5) is the median");
}

/* The window's statistics against direct computation on its values. */
static void
check_window(size_t cap, size_t total, double (*gen)(size_t),
    double rel, const char *what)
{
	struct window w;
	double *all = xcalloc(total, sizeof(*all));
	double mean, sd, wmean, wsd, med, mad, wmed, wmad, *dev;
	size_t i, n, from, bad_ms = 0, bad_mm = 0;
	char *m;

	window_init(&w, cap);
	dev = xcalloc(cap, sizeof(*dev));
	for (i = 0; i < total; i++) {
		all[i] = gen(i);
		window_add(&w, all[i]);
		n = i + 1 < cap ? i + 1 : cap;
		from = i + 1 - n;
		direct_mean_sd(all + from, n, &mean, &sd);
		window_mean_sd(&w, &wmean, &wsd);
		if (fabs(wmean - mean) > rel * fabs(mean) ||
		    fabs(wsd - sd) > rel * sd) {
			if (bad_ms++ == 0)
				printf("#   after %zu values: mean %.17g sd %.17g,"
				    " want %.17g %.17g\n", i + 1, wmean, wsd,
				    mean, sd);
		}
		if (i % 97 == 0 || i + 1 == total) {
			size_t j;

			med = sorted_median(all + from, n);
			for (j = 0; j < n; j++)
				dev[j] = fabs(all[from + j] - med);
			mad = sorted_median(dev, n);
			window_median_mad(&w, &wmed, &wmad);
			if (wmed != med || wmad != mad)
				bad_mm++;
		}
	}
	tap_ok(w.n == (total < cap ? total : cap), "window holds cap values");
	m = xasprintf("window_mean_sd = direct, %s", what);
	tap_ok(bad_ms == 0, m);
	free(m);
	m = xasprintf("window_median_mad = direct, %s", what);
	tap_ok(bad_mm == 0, m);
	free(m);
	window_free(&w);
	window_free(NULL);
	free(dev);
	free(all);
}

static double
gen_uniform(size_t i)
{
	(void)i;
	return uniform() * 100;
}

static double
gen_trend(size_t i)
{
	return (double)i * 0.5 + uniform();
}

static double
gen_big(size_t i)
{
	(void)i;
	return 1e9 + uniform() * 0.01;
}

/* A counter at 0 that jumps to 1e9 and then varies a little. */
static double
gen_jump(size_t i)
{
	return i == 0 ? 0 : 1e9 + (double)(i % 7) * 0.1;
}

/* A level shift: 1e9 for a while, then 2e9 with a small spread. */
static double
gen_shift(size_t i)
{
	return i < 100 ? 1e9 : 2e9 + (double)(i % 5) * 0.01;
}

static void
test_window(void)
{
	struct window w;
	double mean, sd, med, mad;
	static const double x2[] = { 0.52, 1.73, 2.94, 0.11, 3.85, 2.46, 1.07,
	    0.98, 4.19, 2.6 };
	size_t i;

	/* Against R on a window that has wrapped. */
	window_init(&w, 10);
	for (i = 0; i < 5; i++)
		window_add(&w, 1000 + (double)i);
	for (i = 0; i < 10; i++)
		window_add(&w, x2[i]);
	window_mean_sd(&w, &mean, &sd);
	/* R 4.2: x2 <- c(0.52,1.73,2.94,0.11,3.85,2.46,1.07,0.98,4.19,2.6) */
	/* R 4.2: mean(x2) */
	tap_near(mean, 2.0449999999999999, 1e-9, "window: mean after wrap");
	/* R 4.2: sd(x2) */
	tap_near(sd, 1.3902138124923247, 1e-9, "window: sd after wrap");
	window_median_mad(&w, &med, &mad);
	/* R 4.2: median(x2); mad(x2, constant = 1) */
	tap_near(med, 2.0949999999999998, 1e-15, "window: median after wrap");
	tap_near(mad, 1.0699999999999998, 1e-12, "window: MAD after wrap");
	window_free(&w);

	window_init(&w, 5);
	window_add(&w, 4);
	window_mean_sd(&w, &mean, &sd);
	tap_ok(mean == 4 && sd == 0, "window: one value, sd 0");
	window_free(&w);

	window_init(&w, 1);
	for (i = 0; i < 10; i++)
		window_add(&w, (double)i);
	window_mean_sd(&w, &mean, &sd);
	window_median_mad(&w, &med, &mad);
	tap_ok(w.n == 1 && mean == 9 && sd == 0 && med == 9 && mad == 0,
	    "window of 1: the last value");
	window_free(&w);

	check_window(50, 30, gen_uniform, 1e-9, "not yet full");
	check_window(50, 5000, gen_uniform, 1e-9, "uniform, cap 50");
	check_window(51, 5000, gen_uniform, 1e-9, "uniform, cap 51");
	check_window(20, 3000, gen_trend, 1e-9, "a trend, cap 20");
	check_window(60, 3000, gen_big, 1e-6, "values around 1e9");
	check_window(10, 1000, gen_jump, 1e-6,
	    "around 1e9 after a first value of 0");
	check_window(10, 1000, gen_shift, 1e-6,
	    "around 2e9 after a level shift from 1e9");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_moments();
	test_median();
	test_quantile();
	test_window();
	return tap_done();
}
