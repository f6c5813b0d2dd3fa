/*
 * Detectors of single spans: compression (a large response sent as large
 * as it is) and lazy loading (a load early in a trace that nothing reads).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "optimize.h"

void
detect_compression(struct run *run, const struct tview *v)
{
	const struct limits *l = &run->lim;
	const struct trace *t = v->t;
	struct finding *f;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (s->kind == K_HTTP && !isnan(s->bytes) &&
		    !isnan(s->decoded) && s->bytes >= l->compress_min_size &&
		    s->bytes == s->decoded) {
			f = finding_get(run, F_COMPRESSION, s->target, NULL,
			    t);
			f->impact_bytes += s->bytes * (1 - l->compress_ratio);
			f->impact_s += s->dur * (1 - l->compress_ratio);
		}
	}
}

/* A leaf that loads early, and that nothing reads. */
void
detect_lazy(struct run *run, const struct tview *v)
{
	const struct limits *l = &run->lim;
	const struct trace *t = v->t;
	double lo = v->lo, hi = v->hi;
	struct finding *f;
	size_t i;

	for (i = 0; i < t->n && hi > lo; i++) {
		const struct span *s = &t->s[i];

		if (!s->load || !s->leaf || s->up == SIZE_MAX ||
		    isnan(s->start) || s->dur < l->lazy_min_duration ||
		    s->start > lo + l->lazy_start * (hi - lo))
			continue;
		f = finding_get(run, F_LAZY, s->name, NULL, t);
		f->impact_s += s->dur;
		if (!isnan(s->memory))
			f->impact_bytes += s->memory;
	}
}
