/*
 * The caching detector: calls with the same parameters across traces,
 * remembered in a bounded table and counted at the end of the run.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hash.h"
#include "optimize.h"

/*
 * Bounds the calls remembered for caching: when there are calls_cap,
 * those seen once are forgotten (a repeat farther apart than that many
 * other calls is not seen); if most were repeats the cap doubles.
 */
static struct callstat *
calls_slot(struct callstat *v, size_t size, unsigned long long h)
{
	size_t i;

	for (i = h & (size - 1); v[i].h != 0 && v[i].h != h;
	    i = (i + 1) & (size - 1))
		continue;
	return &v[i];
}

/* Moves the calls into a table of size slots, those seen once only if all. */
static void
calls_rehash(struct run *run, size_t size, int all)
{
	struct callstat *v = xcalloc(size, sizeof(*v));
	size_t i;

	run->ncalls = 0;
	for (i = 0; i < run->calls_size; i++) {
		struct callstat *cs = &run->calls[i];

		if (cs->h == 0)
			continue;
		if (all || cs->n >= 2) {
			*calls_slot(v, size, cs->h) = *cs;
			run->ncalls++;
		} else {
			free(cs->example);
		}
	}
	free(run->calls);
	run->calls = v;
	run->calls_size = size;
}

/*
 * The entry of call to target, made if new: the same statement on two
 * databases, or the same path on two hosts, are two calls.
 */
static struct callstat *
calls_get(struct run *run, const char *call, const char *target)
{
	unsigned long long h = hash_bytes(call, strlen(call));
	struct callstat *cs;

	if (target != NULL)
		h ^= hash_bytes(target, strlen(target)) *
		    0x9e3779b97f4a7c15ULL;
	if (h == 0)
		h = 1;
	if (run->ncalls + 1 > run->calls_size / 2) {
		if (run->calls_size / 2 >= run->calls_cap) {
			calls_rehash(run, run->calls_size, 0);
			/* mostly repeats: room for more */
			if (run->ncalls > run->calls_size / 4)
				run->calls_cap *= 2;
		}
		if (run->ncalls + 1 > run->calls_size / 2)
			calls_rehash(run, run->calls_size ?
			    2 * run->calls_size : 1024, 1);
	}
	cs = calls_slot(run->calls, run->calls_size, h);
	if (cs->h == 0) {
		cs->h = h;
		run->ncalls++;
	}
	return cs;
}


/* The calls with their parameters of a read-only call, counted. */
void
caching_collect(struct run *run, const struct tview *v)
{
	struct trace *t = v->t;
	struct callstat *cs;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (s->call == NULL || !s->readonly || s->bound)
			continue;
		cs = calls_get(run, s->call, s->target);
		if (cs->n == 0) {
			cs->target = s->target;
			cs->first = s->dur;
		}
		if (cs->n == 1)
			cs->example = xstrdup(t->id);
		cs->n++;
		cs->total += s->dur;
		if (cs->last_trace != t) {
			cs->last_trace = t;
			cs->traces++;
			cs->trace_time += t->dur;
		}
	}
}

/* Calls repeated with the same parameters: caching. */
void
caching_end(struct run *run)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	struct trace t0;
	size_t i;

	memset(&t0, 0, sizeof(t0));
	for (i = 0; i < run->calls_size; i++) {
		struct callstat *cs = &run->calls[i];

		if (cs->h == 0)
			continue;
		if ((double)cs->n >= l->cache_min_calls && cs->n >= 2) {
			t0.id = cs->example;
			f = finding_get(run, F_CACHING, cs->target, NULL, &t0);
			f->occurrences += cs->n - 1;
			f->impact_s += cs->total - cs->first;
			f->impact_calls += (double)(cs->n - 1);
			/* the traces of its most widespread parameters */
			f->last_trace = &t0;
			if (cs->traces > f->traces || f->trace_time == 0) {
				f->traces = cs->traces;
				f->trace_time = cs->trace_time;
			}
		}
		free(cs->example);
	}
	free(run->calls);
	run->calls = NULL;
	run->ncalls = run->calls_size = 0;
}
