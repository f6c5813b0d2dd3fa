/*
 * Detectors of a span's children: batching (one call repeated with other
 * parameters) and parallelization (sequential calls that could overlap).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "optimize.h"

/* The gap allowed between sequential calls a and b. */
static double
max_gap(const struct limits *l, const struct span *a, const struct span *b)
{
	return fmax(l->parallel_max_gap, l->parallel_gap_share *
	    fmin(a->dur, b->dur)) + TIME_EPS;
}

/* Among the children c[0..n) of parent (NULL: the roots). */
static void
detect_children(struct run *run, const struct trace *t, struct span **c,
    size_t n, const struct span *parent)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	size_t i, j, k;
	double sum, longest, end;
	int differ;

	/* batching: one statement or route with other parameters, repeated */
	qsort(c, n, sizeof(*c), span_cmp_target);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && c[j]->target == c[i]->target; j++)
			continue;
		if (c[i]->target == NULL || (double)(j - i) <
		    l->batch_min_calls)
			continue;
		for (sum = 0, differ = 0, k = i; k < j; k++) {
			sum += c[k]->dur;
			if (c[k]->bound ||
			    strcmp(c[k]->call, c[i]->call) != 0)
				differ = 1;
		}
		/* the very same call repeated is caching or debouncing */
		if (!differ || sum < l->batch_min_total)
			continue;
		f = finding_get(run, F_BATCHING, c[i]->target,
		    parent != NULL ? parent->name : NULL, t);
		f->impact_s += sum - sum / (double)(j - i);
		f->impact_calls += (double)(j - i - 1);
	}
	/*
	 * parallelization: runs of sequential siblings, each long enough,
	 * each gap at most parallel_max_gap or a share of the shorter of
	 * the calls on either side (code between two 200 ms calls takes
	 * some milliseconds; a gap as long as the calls is work of its own)
	 */
	qsort(c, n, sizeof(*c), span_cmp_start);
	for (i = 0; i < n; i = j) {
		if (isnan(c[i]->start) || c[i]->dur < l->parallel_min_span) {
			j = i + 1;
			continue;
		}
		end = c[i]->start + c[i]->dur;
		sum = longest = c[i]->dur;
		for (j = i + 1; j < n; j++) {
			if (isnan(c[j]->start) ||
			    c[j]->dur < l->parallel_min_span ||
			    c[j]->start < end - TIME_EPS ||
			    c[j]->start - end > max_gap(l, c[j - 1], c[j]) ||
			    (c[j]->target != NULL &&
			    c[j]->target == c[j - 1]->target))
				break;
			end = c[j]->start + c[j]->dur;
			sum += c[j]->dur;
			longest = fmax(longest, c[j]->dur);
		}
		if (j - i < 2)
			continue;
		f = finding_get(run, F_PARALLEL, parent != NULL ?
		    parent->name : c[i]->name, NULL, t);
		f->impact_s += sum - longest;
	}
}


/* Each span's children, and the roots, as siblings. */
void
detect_siblings(struct run *run, const struct tview *v)
{
	const struct trace *t = v->t;
	struct span **c = v->c;
	size_t i, j, n;

	for (i = 0; i <= t->n; i++) {
		for (n = 0, j = v->first[i]; j != SIZE_MAX; j = v->next[j])
			c[n++] = &t->s[j];
		if (n >= 2)
			detect_children(run, t, c, n,
			    i < t->n ? &t->s[i] : NULL);
	}
}
