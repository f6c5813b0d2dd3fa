/*
 * Evaluating budgets: which records a budget takes, the statistic of a
 * window, the severity a value reaches.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "diag.h"
#include "stats.h"

int
budget_matches(const struct budget *b, const struct rec *r)
{
	return matchers_hold(b->m, b->nm, r);
}

void
budget_add(struct budget *b, pp_time t, double v)
{
	long long w = b->window > 0 ? (long long)floor(time_sec(t) /
	    b->window) : 0;
	struct hmap_entry *e = hmap_put(&b->windows, &w, sizeof(w));
	struct acc *a;

	if ((a = e->val) == NULL) {
		a = e->val = xcalloc(1, sizeof(*a));
		a->start = w;
		a->first = t;
		a->min = a->max = v;
	}
	if (t < a->first)
		a->first = t;
	if (t > a->last || a->n == 0)
		a->last = t;
	a->n++;
	a->sum += v;
	if (v < a->min)
		a->min = v;
	if (v > a->max)
		a->max = v;
	if (b->stat == ST_MEDIAN || b->stat == ST_QUANTILE) {
		if (a->n > a->cap) {
			a->cap = a->cap ? a->cap * 2 : 16;
			a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
		}
		a->v[a->n - 1] = v;
	}
	b->nrecords++;
}

double
acc_stat(struct acc *a, int stat, double q, double window)
{
	switch (stat) {
	case ST_MEAN:
		return a->sum / (double)a->n;
	case ST_MEDIAN:
		return stat_quantile(a->v, a->n, 0.5);
	case ST_QUANTILE:
		return stat_quantile(a->v, a->n, q);
	case ST_MIN:
		return a->min;
	case ST_MAX:
		return a->max;
	case ST_SUM:
		return a->sum;
	case ST_COUNT:
		return (double)a->n;
	case ST_RATE:
		return window > 0 ? (double)a->n / window : NAN;
	default:
		return NAN;
	}
}

int
budget_check(const struct budget *b, double v, double *limit)
{
	int k, worst = SEV_PASS;
	double l;

	*limit = NAN;
	for (k = SEV_WARNING; k <= SEV_CRITICAL; k++) {
		if (!b->lim[k].set)
			continue;
		l = b->lim[k].value;
		if (b->lim[k].relative)
			l = b->baseline * (b->better == BETTER_HIGHER ?
			    1 - l : 1 + l);
		if (b->better == BETTER_HIGHER ? v < l : v > l) {
			worst = k;
			*limit = l;
		} else if (worst == SEV_PASS && isnan(*limit))
			*limit = l;	/* the first limit, for the record */
	}
	return worst;
}

void
acc_free(struct acc *a)
{
	if (a != NULL)
		free(a->v);
}
