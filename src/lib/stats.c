/*
 * Descriptive statistics.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "stats.h"

void
moments_add(struct moments *m, double x)
{
	double d;

	if (m->n == 0 || x < m->min)
		m->min = x;
	if (m->n == 0 || x > m->max)
		m->max = x;
	m->n++;
	d = x - m->mean;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

double
moments_sd(const struct moments *m)
{
	return m->n < 2 ? 0 : sqrt(m->m2 / (double)(m->n - 1));
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Hoare's selection: the k-th smallest of v[0..n-1], reordering v. */
static double
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, i, j;
	double pivot, t;

	while (lo < hi) {
		pivot = v[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

double
stat_median(double *v, size_t n)
{
	double a, b;
	size_t i;

	if (n == 0)
		return NAN;
	a = select_kth(v, n, n / 2);
	if (n % 2 == 1)
		return a;
	/* The lower middle is the largest value below position n/2. */
	b = v[0];
	for (i = 1; i < n / 2; i++)
		if (v[i] > b)
			b = v[i];
	return (a + b) / 2;
}

double
stat_quantile(double *v, size_t n, double p)
{
	double h, lo, hi;
	size_t i, k;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * p;
	k = (size_t)floor(h);
	lo = select_kth(v, n, k);
	if (k + 1 >= n || h == (double)k)
		return lo;
	/* The next order statistic is the least value above position k. */
	hi = v[k + 1];
	for (i = k + 2; i < n; i++)
		if (v[i] < hi)
			hi = v[i];
	return lo + (h - (double)k) * (hi - lo);
}

double
stat_quantile_sorted(const double *v, size_t n, double p)
{
	double h, lo;
	size_t i;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * p;
	i = (size_t)floor(h);
	lo = v[i];
	if (i + 1 >= n)
		return lo;
	return lo + (h - (double)i) * (v[i + 1] - lo);
}

void
window_init(struct window *w, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->cap = cap;
	w->v = xcalloc(cap, sizeof(*w->v));
}

void
window_free(struct window *w)
{
	if (w == NULL)
		return;
	free(w->v);
	free(w->scratch);
	w->v = w->scratch = NULL;
}

/*
 * Welford's update, run forwards to add a value and backwards to drop
 * the oldest (a sliding-window variant of Knuth, TAOCP vol. 2, 4.2.2),
 * on values less a shift taken from the window, so that values far from
 * zero with a small spread (1e9 +- 0.01) keep their digits.  The window
 * is recounted exactly (two passes, re-centred on its newest value) every
 * cap additions, when an outlier leaves (its removal would cancel m2),
 * and when a value lands far from the shift (a level change).
 */
static void
window_rebuild(struct window *w)
{
	double sum = 0, d;
	size_t i;

	w->shift = w->v[(w->head + w->cap - 1) % w->cap];
	for (i = 0; i < w->n; i++)
		sum += w->v[i] - w->shift;
	w->mean = sum / (double)w->n;
	w->m2 = 0;
	for (i = 0; i < w->n; i++) {
		d = w->v[i] - w->shift - w->mean;
		w->m2 += d * d;
	}
	w->since = 0;
}

void
window_add(struct window *w, double x)
{
	double y, d, term;
	int exact = 0;

	if (w->n == 0)
		w->shift = x;
	if (w->n == w->cap) {
		y = w->v[w->head] - w->shift;
		if (w->n == 1) {
			w->mean = w->m2 = 0;
		} else {
			d = y - w->mean;
			w->mean -= d / (double)(w->n - 1);
			term = d * (y - w->mean);
			exact = term > 1e6 * (w->m2 - term);
			w->m2 -= term;
		}
		w->n--;
	}
	w->v[w->head] = x;
	w->head = (w->head + 1) % w->cap;
	w->n++;
	x -= w->shift;
	d = x - w->mean;
	w->mean += d / (double)w->n;
	w->m2 += d * (x - w->mean);
	if (x * x > 1e6 * (w->m2 / (double)w->n) && w->n > 1)
		exact = 1;
	if (++w->since >= w->cap || exact)
		window_rebuild(w);
}

void
window_mean_sd(struct window *w, double *mean, double *sd)
{
	*mean = w->shift + w->mean;
	*sd = w->n < 2 || w->m2 <= 0 ? 0 :
	    sqrt(w->m2 / (double)(w->n - 1));
}

void
window_median_mad(struct window *w, double *median, double *mad)
{
	size_t i;

	if (w->scratch == NULL)
		w->scratch = xcalloc(w->cap, sizeof(*w->scratch));
	memcpy(w->scratch, w->v, w->n * sizeof(*w->v));
	*median = stat_median(w->scratch, w->n);
	for (i = 0; i < w->n; i++)
		w->scratch[i] = fabs(w->v[i] - *median);
	*mad = stat_median(w->scratch, w->n);
}

void
stat_sort(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
}

double
stat_mad(double *v, size_t n, double *median)
{
	size_t i;

	*median = stat_median(v, n);
	for (i = 0; i < n; i++)
		v[i] = fabs(v[i] - *median);
	return stat_median(v, n);
}
