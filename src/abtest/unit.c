/*
 * pp-abtest analyze --unit-field: the values of a unit (a user, a host)
 * are not independent, so each unit's values of a metric become one
 * value, their mean, median or sum, before any test or count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "abtest.h"
#include "diag.h"
#include "stats.h"

/* A unit's variant, over every metric. */
struct unit {
	size_t	 vi;		/* into ab->vlist */
	int	 mixed;		/* seen in two variants: left out */
};

/* A unit's values of one metric so far: a running sum, and the values
 * themselves only for the median. */
struct uagg {
	struct unit *u;
	double	 sum;
	size_t	 n, cap;
	double	*v;
};

void
unit_add(struct ab *ab, struct metric_set *m, const struct rec *r,
    const char *key, size_t vi, double v)
{
	struct hmap_entry *e;
	struct unit *u;
	struct uagg *g;
	size_t len = strlen(key);

	e = hmap_put(&ab->units, key, len);
	if ((u = e->val) == NULL) {
		u = e->val = xcalloc(1, sizeof(*u));
		u->vi = vi;
	} else if (u->vi != vi && !u->mixed) {
		/* once per unit: its later records go unsaid */
		pp_badrec(r->file, r->line, "unit '%s' is in variant '%s' "
		    "and in '%s': left out", key, ab->vlist[u->vi],
		    ab->vlist[vi]);
		u->mixed = 1;
	}
	if (u->mixed)
		return;
	e = hmap_put(&m->byunit, key, len);
	if ((g = e->val) == NULL) {
		g = e->val = xcalloc(1, sizeof(*g));
		g->u = u;
	}
	g->sum += v;
	g->n++;
	if (ab->unit_agg == AGG_MEDIAN) {
		if (g->n > g->cap) {
			g->cap = g->cap ? g->cap * 2 : 8;
			g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
		}
		g->v[g->n - 1] = v;
	}
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The one value of a unit. */
static double
unit_value(const struct ab *ab, struct uagg *g)
{
	switch (ab->unit_agg) {
	case AGG_SUM:
		return g->sum;
	case AGG_MEDIAN:
		qsort(g->v, g->n, sizeof(*g->v), cmp_dbl);
		return stat_quantile_sorted(g->v, g->n, 0.5);
	default:
		return g->sum / (double)g->n;
	}
}

void
unit_finish(struct ab *ab)
{
	size_t i, j;
	double x;

	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;

		for (j = 0; j < m->byunit.n; j++) {
			struct uagg *g = m->byunit.ent[j].val;

			if (!g->u->mixed) {
				x = unit_value(ab, g);
				/* a sum or mean of positive values is one */
				arm_push(arm_of(m, ab->vlist[g->u->vi]),
				    ab->log ? log(x) : x);
			}
			free(g->v);
			free(g);
		}
		hmap_free(&m->byunit);
		hmap_init(&m->byunit);
	}
}

void
unit_free(struct ab *ab)
{
	size_t i;

	for (i = 0; i < ab->units.n; i++)
		free(ab->units.ent[i].val);
	hmap_free(&ab->units);
}
