/*
 * pp-abtest's fixed-horizon comparisons of a variant with the control:
 * Mann-Whitney with the difference of medians, Welch's t-test (on log
 * values: the ratio of geometric means), the bootstrap of a quantile.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "abtest.h"
#include "diag.h"
#include "hash.h"
#include "htest.h"
#include "stats.h"

/* The quantile q of a resample (with replacement) of sorted v. */
static double
resample_quantile(const double *v, size_t n, double q, double *tmp,
    unsigned long long *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = v[splitmix64(state) % n];
	return stat_quantile(tmp, n, q);
}

/*
 * The difference of medians and its interval from the two medians'
 * order-statistic intervals, as Price & Bonett (2002) combine them: the
 * difference on the raw scale, the ratio on the log scale.
 */
static void
median_diff(const struct arm *c, const struct arm *v, double conf,
    struct compare *k)
{
	double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
	double mc = stat_quantile_sorted(c->v, c->n, 0.5);
	double mv = stat_quantile_sorted(v->v, v->n, 0.5);
	double cl, ch, vl, vh, lc, lv;

	median_ci(c->v, c->n, conf, &cl, &ch);
	median_ci(v->v, v->n, conf, &vl, &vh);
	median_diff_of(mc, cl, ch, mv, vl, vh, conf, &k->diff, &k->lo,
	    &k->hi);
	if (mc > 0 && mv > 0 && cl > 0 && vl > 0) {
		lc = (log(ch) - log(cl)) / (2 * z);
		lv = (log(vh) - log(vl)) / (2 * z);
		k->diff_pct = (mv / mc - 1) * 100;
		k->pct_lo = (exp(log(mv / mc) - z * sqrt(lc * lc + lv * lv)) -
		    1) * 100;
		k->pct_hi = (exp(log(mv / mc) + z * sqrt(lc * lc + lv * lv)) -
		    1) * 100;
	} else {
		k->diff_pct = mc != 0 ? k->diff / fabs(mc) * 100 : NAN;
		k->pct_lo = mc != 0 ? k->lo / fabs(mc) * 100 : NAN;
		k->pct_hi = mc != 0 ? k->hi / fabs(mc) * 100 : NAN;
	}
}

double
mean_of(const struct arm *a)
{
	double s = 0;
	size_t i;

	for (i = 0; i < a->n; i++)
		s += a->v[i];
	return s / (double)a->n;
}

void
compare(struct ab *ab, const struct arm *c, const struct arm *v,
    struct compare *k)
{
	struct welch w;
	double mc, *bc, *bv, *d, q = ab->quantile;
	unsigned long long st = ab->bseed;
	long i, below = 0, above = 0;
	size_t lo, hi;

	memset(k, 0, sizeof(*k));
	if (ab->test == TEST_QUANTILE) {
		double qc = stat_quantile_sorted(c->v, c->n, q);
		double qv = stat_quantile_sorted(v->v, v->n, q);

		bc = xcalloc(c->n, sizeof(*bc));
		bv = xcalloc(v->n, sizeof(*bv));
		d = xcalloc((size_t)ab->resamples, sizeof(*d));
		for (i = 0; i < ab->resamples; i++) {
			d[i] = resample_quantile(v->v, v->n, q, bv, &st) -
			    resample_quantile(c->v, c->n, q, bc, &st);
			below += d[i] <= 0;
			above += d[i] >= 0;
		}
		stat_sort(d, (size_t)ab->resamples);
		lo = (size_t)floor((1 - ab->confidence) / 2 *
		    (double)ab->resamples);
		hi = (size_t)ceil((1 + ab->confidence) / 2 *
		    (double)ab->resamples) - 1;
		if (hi >= (size_t)ab->resamples)
			hi = (size_t)ab->resamples - 1;
		k->diff = qv - qc;
		k->lo = d[lo];
		k->hi = d[hi];
		k->diff_pct = qc != 0 ? k->diff / fabs(qc) * 100 : NAN;
		k->pct_lo = qc != 0 ? k->lo / fabs(qc) * 100 : NAN;
		k->pct_hi = qc != 0 ? k->hi / fabs(qc) * 100 : NAN;
		/* the percentile bootstrap's two-sided p-value */
		k->p = fmin(1, 2 * (double)(below < above ? below : above) /
		    (double)ab->resamples);
		k->stat = k->diff;
		k->test = "bootstrap";
		free(bc);
		free(bv);
		free(d);
		return;
	}
	if (ab->test == TEST_WELCH) {
		k->p = welch_test(c->v, c->n, v->v, v->n, ab->confidence, &w);
		k->stat = w.t;
		k->test = ab->log ? "welch-log" : "welch";
		if (ab->log) {
			/* the ratio of geometric means */
			k->diff = exp(w.diff);
			k->diff_pct = (exp(w.diff) - 1) * 100;
			k->pct_lo = (exp(w.lo) - 1) * 100;
			k->pct_hi = (exp(w.hi) - 1) * 100;
			k->lo = exp(w.lo);
			k->hi = exp(w.hi);
		} else {
			mc = mean_of(c);
			k->diff = w.diff;
			k->lo = w.lo;
			k->hi = w.hi;
			k->diff_pct = mc != 0 ? w.diff / fabs(mc) * 100 : NAN;
			k->pct_lo = mc != 0 ? w.lo / fabs(mc) * 100 : NAN;
			k->pct_hi = mc != 0 ? w.hi / fabs(mc) * 100 : NAN;
		}
	} else {
		/* exact, ties included, up to 50 a side; else normal */
		if (c->n <= 50 && v->n <= 50)
			k->p = mann_whitney_exact_ties(c->v, c->n, v->v, v->n,
			    &k->stat);
		else
			k->p = mann_whitney_sorted(c->v, c->n, v->v, v->n,
			    &k->stat);
		k->test = "mann-whitney";
		median_diff(c, v, ab->confidence, k);
	}
}
