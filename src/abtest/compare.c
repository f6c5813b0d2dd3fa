/*
 * pp-abtest's fixed-horizon comparisons of a variant with the control:
 * Mann-Whitney with the Hodges-Lehmann shift, Welch's t-test (on log
 * values: the ratio of geometric means), the bootstrap of a quantile.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
 * The Hodges-Lehmann shift of v against c and its interval, the one the
 * Mann-Whitney test inverts, so that the interval leaves out 0 when the
 * test rejects; in percent, as a share of the control's median.
 */
static void
hl_shift(const struct arm *c, const struct arm *v, double conf,
    struct compare *k)
{
	double mc = stat_quantile_sorted(c->v, c->n, 0.5);

	hodges_lehmann(c->v, c->n, v->v, v->n, conf, &k->diff, &k->lo,
	    &k->hi);
	k->diff_pct = mc != 0 ? k->diff / fabs(mc) * 100 : NAN;
	k->pct_lo = mc != 0 ? k->lo / fabs(mc) * 100 : NAN;
	k->pct_hi = mc != 0 ? k->hi / fabs(mc) * 100 : NAN;
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
		hl_shift(c, v, ab->confidence, k);
	}
}
