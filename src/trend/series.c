/*
 * Series storage: times and values in two arrays, sorted once if they
 * came out of order.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "trend.h"

void
series_add(struct series *s, pp_time t, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->t = xreallocarray(s->t, s->cap, sizeof(*s->t));
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	if (s->n > 0 && t < s->t[s->n - 1])
		s->unsorted = 1;
	s->t[s->n] = t;
	s->v[s->n] = v;
	s->n++;
}

struct point {
	pp_time	 t;
	double	 v;
	size_t	 i;	/* arrival order: equal times keep it */
};

static int
cmp_point(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

void
series_prepare(struct series *s, pp_time newest, double window)
{
	struct point *p;
	pp_time cut;
	size_t i;

	if (s->unsorted) {
		p = xcalloc(s->n, sizeof(*p));
		for (i = 0; i < s->n; i++) {
			p[i].t = s->t[i];
			p[i].v = s->v[i];
			p[i].i = i;
		}
		qsort(p, s->n, sizeof(*p), cmp_point);
		for (i = 0; i < s->n; i++) {
			s->t[i] = p[i].t;
			s->v[i] = p[i].v;
		}
		free(p);
		s->unsorted = 0;
	}
	s->from = 0;
	if (window > 0) {
		cut = newest - time_of_sec(window);
		while (s->from < s->n && s->t[s->from] < cut)
			s->from++;
	}
}

double *
series_window_values(const struct series *s, size_t *n)
{
	double *v;

	*n = s->n - s->from;
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	memcpy(v, s->v + s->from, *n * sizeof(*v));
	return v;
}

void
series_free(struct series *s)
{
	if (s == NULL)
		return;
	rec_free(&s->labels);
	free(s->t);
	free(s->v);
	free(s);
}
