/*
 * Forecasts.  Holt's linear exponential smoothing (Holt 1957) on the
 * means of regular periods, its two parameters fitted by least squares
 * of the one-step-ahead errors unless given, as R's HoltWinters(gamma =
 * FALSE) does, with its prediction variance: var(e) (1 + sum_{j<h}
 * psi_j^2), psi_j = alpha (1 + j beta) (Yar & Chatfield 1990), and
 * normal quantiles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "diag.h"
#include "stats.h"
#include "trend.h"

double *
period_means(const struct series *s, double period, size_t *n,
    pp_time *last_start)
{
	pp_time last = s->t[s->n - 1], step = time_of_sec(period);
	size_t i, k, np, prev;
	double *sum, *y;
	size_t *cnt;

	/* Periods end at the newest point, so that the last one is whole. */
	np = (size_t)((last - s->t[s->from]) / step) + 1;
	sum = xcalloc(np, sizeof(*sum));
	cnt = xcalloc(np, sizeof(*cnt));
	for (i = s->from; i < s->n; i++) {
		k = np - 1 - (size_t)((last - s->t[i]) / step);
		sum[k] += s->v[i];
		cnt[k]++;
	}
	y = xcalloc(np, sizeof(*y));
	/* Empty periods are interpolated between their neighbours. */
	for (k = 0, prev = 0; k < np; k++) {
		if (cnt[k] == 0)
			continue;
		y[k] = sum[k] / (double)cnt[k];
		for (i = prev + 1; i < k; i++)
			y[i] = y[prev] + (y[k] - y[prev]) *
			    (double)(i - prev) / (double)(k - prev);
		prev = k;
	}
	*n = np;
	*last_start = last;
	free(sum);
	free(cnt);
	return y;
}

/*
 * Runs the recursions from level y[1] and slope y[1] - y[0], as R's
 * HoltWinters(gamma = FALSE) does; returns the sum of squared one-step
 * errors from the third value on, and their sample variance in *var.
 */
static double
holt_run(const double *y, size_t n, double a, double b, double *level,
    double *slope, double *var)
{
	double l = y[1], t = y[1] - y[0], sse = 0, e, lp;
	struct moments m;
	size_t i;

	memset(&m, 0, sizeof(m));
	for (i = 2; i < n; i++) {
		e = y[i] - (l + t);
		sse += e * e;
		moments_add(&m, e);
		lp = l;
		l = a * y[i] + (1 - a) * (l + t);
		t = b * (l - lp) + (1 - b) * t;
	}
	*level = l;
	*slope = t;
	if (var != NULL) {
		double sd = moments_sd(&m);

		*var = sd * sd;
	}
	return sse;
}

int
holt_fit(const double *y, size_t n, double alpha, double beta,
    struct holt *h)
{
	double best = INFINITY, sse, l, t, a, b, ba = 0.5, bb = 0.5, step;
	int round;

	if (n < 4)
		return -1;
	if (alpha >= 0 && beta >= 0) {
		ba = alpha;
		bb = beta;
	} else {
		/* A grid, then two finer grids around the best point. */
		for (round = 0, step = 0.05; round < 3; round++, step /= 10) {
			double ca = ba, cb = bb;

			for (a = ca - 10 * step; a <= ca + 10 * step + 1e-12;
			    a += step) {
				if ((alpha >= 0 ? alpha : a) <= 0 ||
				    (alpha >= 0 ? alpha : a) > 1)
					continue;
				for (b = cb - 10 * step; b <= cb + 10 * step +
				    1e-12; b += step) {
					double aa = alpha >= 0 ? alpha : a;
					double bv = beta >= 0 ? beta : b;

					if (bv < 0 || bv > 1)
						continue;
					sse = holt_run(y, n, aa, bv, &l, &t, NULL);
					if (sse < best) {
						best = sse;
						ba = aa;
						bb = bv;
					}
				}
			}
		}
	}
	(void)holt_run(y, n, ba, bb, &l, &t, &h->s2);
	h->alpha = ba;
	h->beta = bb;
	h->level = l;
	h->slope = t;
	h->n = n;
	/* Values near DBL_MAX overflow the sums: no forecast to tell. */
	if (!isfinite(l) || !isfinite(t) || !isfinite(h->s2))
		return -1;
	return 0;
}

void
holt_forecast(const struct holt *h, size_t steps, double conf, double *y,
    double *lo, double *hi)
{
	double hh = (double)steps, a = h->alpha, b = h->beta, var, z;

	*y = h->level + hh * h->slope;
	/* sum over j < h of (alpha (1 + j beta))^2, in closed form */
	var = h->s2 * (1 + a * a * (hh - 1) * (1 + b * hh +
	    b * b * hh * (2 * hh - 1) / 6));
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
	*lo = *y - z * sqrt(var);
	*hi = *y + z * sqrt(var);
}
