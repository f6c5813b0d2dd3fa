/*
 * pp-abtest bandit's arithmetic: weights for the variants by Thompson
 * sampling, with floors, in assign's buckets; and the periods of
 * --weights-file, the splits a bandit put in force over time, whose
 * expected counts the sample ratio check uses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "abtest.h"
#include "diag.h"
#include "rd.h"
#include "units.h"


void
thompson(const struct tarm *a, size_t k, int better, long draws,
    unsigned long seed, double *share)
{
	gsl_rng *rng;
	double *se, x, best = 0;
	size_t i, nt, *tied;
	long d;

	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		pp_die(PP_EXIT_SYS, "out of memory");
	gsl_rng_set(rng, seed);
	se = xcalloc(k, sizeof(*se));
	tied = xcalloc(k, sizeof(*tied));
	for (i = 0; i < k; i++) {
		se[i] = a[i].n > 0 ? a[i].sd / sqrt((double)a[i].n) : 0;
		share[i] = 0;
	}
	for (d = 0; d < draws; d++) {
		for (i = 0, nt = 0; i < k; i++) {
			x = a[i].mean + gsl_ran_gaussian(rng, se[i]);
			if (better == BETTER_HIGHER)
				x = -x;
			if (nt == 0 || x < best) {
				best = x;
				tied[0] = i;
				nt = 1;
			} else if (x == best)
				tied[nt++] = i;
		}
		/* equal arms of no spread tie in every draw: share it */
		for (i = 0; i < nt; i++)
			share[tied[i]] += 1.0 / (double)nt;
	}
	for (i = 0; i < k; i++)
		share[i] /= (double)draws;
	free(se);
	free(tied);
	gsl_rng_free(rng);
}

void
bandit_floor(const double *share, size_t k, size_t control, double floor_w,
    double control_w, double *w)
{
	double rest = 1;
	size_t i;

	for (i = 0; i < k; i++) {
		w[i] = i == control && control_w > floor_w ? control_w : floor_w;
		rest -= w[i];
	}
	if (rest < 0)
		rest = 0;
	for (i = 0; i < k; i++)
		w[i] += rest * share[i];
}

void
bandit_round(const double *w, size_t k, const long *floor_bp, long *bp)
{
	double *rem = xcalloc(k, sizeof(*rem));
	long left = BANDIT_BP;
	size_t i, top;

	for (i = 0; i < k; i++) {
		/* a hair over, so that 0.05 is 500 and not 499 */
		bp[i] = (long)floor(w[i] * BANDIT_BP + 1e-7);
		rem[i] = w[i] * BANDIT_BP - (double)bp[i];
		left -= bp[i];
	}
	for (; left > 0; left--) {
		for (i = 1, top = 0; i < k; i++)
			if (rem[i] > rem[top])
				top = i;
		bp[top]++;
		rem[top] = -1;
	}
	/* a floor that is no whole bucket: up, from the largest */
	for (i = 0; i < k; i++)
		while (bp[i] < floor_bp[i]) {
			size_t j;

			for (j = 1, top = 0; j < k; j++)
				if (bp[j] - floor_bp[j] > bp[top] - floor_bp[top])
					top = j;
			if (bp[top] <= floor_bp[top])
				break;
			bp[top]--;
			bp[i]++;
		}
	free(rem);
}

/* The NAME=WEIGHT,... of a period into p, scaled; NULL or what is wrong. */
static const char *
period_weights(const char *s, struct period *p)
{
	const char *q, *eq;
	double v, sum = 0;
	char num[64];
	size_t i;

	while (*s != '\0') {
		q = s + strcspn(s, ",");
		eq = memchr(s, '=', (size_t)(q - s));
		if (eq == NULL || eq == s || (size_t)(q - eq - 1) >= sizeof(num))
			return "is not NAME=WEIGHT,...";
		memcpy(num, eq + 1, (size_t)(q - eq - 1));
		num[q - eq - 1] = '\0';
		if (parse_percent(num, &v) != 0 || v < 0)
			return "has a weight that is not a number of 0 or more";
		p->names = xreallocarray(p->names, p->n + 1, sizeof(*p->names));
		p->w = xreallocarray(p->w, p->n + 1, sizeof(*p->w));
		p->names[p->n] = xstrndup(s, (size_t)(eq - s));
		p->w[p->n++] = v;
		sum += v;
		s = *q ? q + 1 : q;
	}
	if (p->n == 0 || sum <= 0)
		return "has weights that sum to 0";
	for (i = 0; i < p->n; i++)
		p->w[i] /= sum;
	return NULL;
}

/* One record of the weights file, the period after those read. */
static void
period_add(struct ab *ab, const struct rec *r, const char *n_from,
    const char *n_w)
{
	struct period *p;
	const char *from, *ws, *bad;
	pp_time t;

	if (r->bad != NULL)
		pp_die_at(PP_EXIT_DATA, r->file, r->line, "%s", r->bad);
	if ((from = rec_get(r, n_from)) == NULL || *from == '\0')
		pp_die_at(PP_EXIT_DATA, r->file, r->line,
		    "field 'from' is missing");
	if ((ws = rec_get(r, n_w)) == NULL || *ws == '\0')
		pp_die_at(PP_EXIT_DATA, r->file, r->line,
		    "field 'weights' is missing");
	if (time_parse(from, &t) != 0)
		pp_die_at(PP_EXIT_DATA, r->file, r->line,
		    "field 'from': '%s' is not a time", from);
	if (ab->nperiods > 0 && t <= ab->periods[ab->nperiods - 1].from)
		pp_die_at(PP_EXIT_DATA, r->file, r->line,
		    "field 'from': '%s' is not after the period before", from);
	ab->periods = xreallocarray(ab->periods, ab->nperiods + 1,
	    sizeof(*ab->periods));
	p = &ab->periods[ab->nperiods++];
	memset(p, 0, sizeof(*p));
	p->from = t;
	p->line = r->line;
	if ((bad = period_weights(ws, p)) != NULL)
		pp_die_at(PP_EXIT_DATA, r->file, r->line,
		    "field 'weights': '%s' %s", ws, bad);
}

void
periods_load(struct ab *ab)
{
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	const char *n_from = interns("from"), *n_w = interns("weights");

	memset(&ro, 0, sizeof(ro));
	ro.fmt = FMT_AUTO;
	rd = rd_open(&ab->weights_file, 1, &ro);
	while ((r = rd_next(rd)) != NULL)
		period_add(ab, r, n_from, n_w);
	rd_close(rd);
	if (ab->nperiods == 0)
		pp_die(PP_EXIT_DATA, "%s: no periods: a header 'from,weights' "
		    "and a record for each split", ab->weights_file);
}

long
period_of(const struct ab *ab, pp_time t)
{
	size_t lo = 0, hi = ab->nperiods, mid;

	/* the first period whose from is after t, less one */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ab->periods[mid].from <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

int
period_expected(const struct period *per, size_t np, char *const *names,
    double *const *pn, size_t k, double *exp, size_t *missing)
{
	double *w = xcalloc(k, sizeof(*w)), n, sum;
	int *named = xcalloc(k, sizeof(*named));
	size_t i, j, p;
	int rc = 0;

	for (i = 0; i < k; i++)
		exp[i] = 0;
	for (p = 0; p < np; p++) {
		for (i = 0, n = 0, sum = 0; i < k; i++) {
			w[i] = 0;
			for (j = 0; j < per[p].n; j++)
				if (strcmp(per[p].names[j], names[i]) == 0) {
					w[i] = per[p].w[j];
					named[i] = 1;
				}
			n += pn[i][p];
			sum += w[i];
		}
		/* the split of the metric's arms, as --weights does */
		for (i = 0; i < k && sum > 0; i++)
			exp[i] += n * w[i] / sum;
	}
	for (i = 0; i < k; i++)
		if (!named[i]) {
			*missing = i;
			rc = -1;
			break;
		}
	free(w);
	free(named);
	return rc;
}

void
periods_free(struct ab *ab)
{
	size_t i, j;

	for (i = 0; i < ab->nperiods; i++) {
		for (j = 0; j < ab->periods[i].n; j++)
			free(ab->periods[i].names[j]);
		free(ab->periods[i].names);
		free(ab->periods[i].w);
	}
	free(ab->periods);
	ab->periods = NULL;
	ab->nperiods = 0;
}
