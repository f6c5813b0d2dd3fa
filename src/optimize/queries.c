/*
 * Detectors of slow statements across traces: query optimisation (a slow
 * p95) and indexing (a WHERE that reads much for little).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "stats.h"

/* The median of the known values of v, NAN if none. */
static double
known_median(double *v, size_t n)
{
	size_t i, k;

	for (i = 0, k = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	return k > 0 ? stat_median(v, k) : NAN;
}

/* The statements' calls, kept for the end of the run. */
void
queries_collect(struct run *run, const struct tview *v)
{
	struct trace *t = v->t;
	struct hmap_entry *e;
	struct qstat *q;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (s->kind != K_DB)
			continue;
		e = hmap_put(&run->queries, s->target,
		    strlen(s->target));
		if ((q = e->val) == NULL) {
			q = e->val = xcalloc(1, sizeof(*q));
			q->example = xstrdup(t->id);
			q->select = s->readonly;
		}
		if (q->last_trace != t) {
			q->last_trace = t;
			q->traces++;
			q->trace_time += t->dur;
		}
		if (q->n == q->cap) {
			q->cap = q->cap ? 2 * q->cap : 8;
			q->d = xreallocarray(q->d, q->cap,
			    sizeof(*q->d));
			q->rows = xreallocarray(q->rows, q->cap,
			    sizeof(*q->rows));
		}
		q->rows[q->n] = s->rows;
		q->d[q->n++] = s->dur;
		q->full_scans += (size_t)s->full_scan;
	}
}

/*
 * Slow statements: query optimisation (a p95 at slow_query or more), or
 * indexing (a SELECT with a WHERE, index_slow_p95); the time above the
 * threshold is what a better plan or an index could save.  A statement
 * slow in every call is slow: its median says nothing of its plan.
 */
void
queries_end(struct run *run)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	struct trace t0;
	size_t i, j;
	double p95, over, rows, slow;
	enum ftype type;

	memset(&t0, 0, sizeof(t0));
	for (i = 0; i < run->queries.n; i++) {
		struct qstat *q = run->queries.ent[i].val;
		const char *target = run->queries.ent[i].key;

		stat_sort(q->d, q->n);
		p95 = stat_quantile_sorted(q->d, q->n, 0.95);
		rows = known_median(q->rows, q->n);
		/* a SELECT with a WHERE that reads much for little */
		slow = NAN;
		type = F_NTYPES;
		if (q->select && strstr(target, " WHERE ") != NULL &&
		    p95 >= l->index_slow_p95 && (q->full_scans > 0 ||
		    (!isnan(rows) && rows <= l->index_max_rows))) {
			type = F_INDEX;
			slow = l->index_slow_p95;
		} else if (p95 >= l->slow_query) {
			type = F_QUERY;
			slow = l->slow_query;
		}
		if (type != F_NTYPES) {
			for (over = 0, j = 0; j < q->n; j++)
				over += fmax(0, q->d[j] - slow);
			t0.id = q->example;
			f = finding_get(run, type, interns(target), NULL,
			    &t0);
			f->occurrences = q->n;
			f->traces = q->traces;
			f->trace_time = q->trace_time;
			f->impact_s = over;
			f->p95 = p95;
			f->median = stat_quantile_sorted(q->d, q->n, 0.5);
			f->slow = slow;
			f->rows = rows;
			f->full_scans = q->full_scans;
		}
		free(q->d);
		free(q->rows);
		free(q->example);
		free(q);
	}
}
