/*
 * Detectors of calls repeated in a trace: debouncing (bursts of the very
 * same call) and memoization (a function again with the same arguments).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimize.h"

static int
cmp_call(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;
	int d = strcmp(a->call, b->call);

	return d != 0 ? d : span_cmp_start(x, y);
}

static int
cmp_fn(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;
	int d;

	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	if ((d = strcmp(a->args, b->args)) != 0)
		return d;
	return span_cmp_start(x, y);
}

/*
 * Debouncing: bursts of the very same call, each within the window of
 * the one before.  Memoization: a function called again with the same
 * arguments in one trace.
 */
void
detect_repeats(struct run *run, const struct tview *v)
{
	const struct trace *t = v->t;
	struct span **c = v->c;
	const struct limits *l = &run->lim;
	struct finding *f;
	size_t i, j, k, n;
	double sum;

	for (n = 0, i = 0; i < t->n; i++)
		if (t->s[i].call != NULL && !t->s[i].bound &&
		    !isnan(t->s[i].start))
			c[n++] = &t->s[i];
	qsort(c, n, sizeof(*c), cmp_call);
	for (i = 0; i < n; i = j) {
		sum = c[i]->dur;
		for (j = i + 1; j < n && strcmp(c[j]->call, c[i]->call) ==
		    0 && c[j]->start - c[j - 1]->start <=
		    l->debounce_window + TIME_EPS; j++)
			sum += c[j]->dur;
		if ((double)(j - i) < l->debounce_min_calls || j - i < 2)
			continue;
		/* debounced, the last call of the burst is the one made */
		f = finding_get(run, F_DEBOUNCE, c[i]->target, NULL, t);
		f->window = l->debounce_window;
		f->impact_s += sum - c[j - 1]->dur;
		f->impact_calls += (double)(j - i - 1);
	}
	for (n = 0, i = 0; i < t->n; i++)
		if (t->s[i].fn != NULL && t->s[i].args != NULL)
			c[n++] = &t->s[i];
	qsort(c, n, sizeof(*c), cmp_fn);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && c[j]->fn == c[i]->fn &&
		    strcmp(c[j]->args, c[i]->args) == 0; j++)
			continue;
		if ((double)(j - i) < l->memo_min_calls || j - i < 2)
			continue;
		f = finding_get(run, F_MEMO, c[i]->fn, NULL, t);
		for (k = i + 1; k < j; k++)
			f->impact_s += c[k]->dur;
		f->impact_calls += (double)(j - i - 1);
	}
}
