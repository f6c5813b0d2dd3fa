/*
 * The detectors' driver: each trace linked (parents, children, cycles
 * broken) and handed to the detectors of the table, each in its file.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hash.h"
#include "hmap.h"
#include "optimize.h"

/*
 * Links each span to its parent: a parent that never appears makes the
 * span a root, and a cycle of parent links is broken (and reported) at
 * the span where it is found.
 */
static void
link_trace(struct run *run, struct trace *t)
{
	unsigned char *state;
	size_t i, j, k, size, *idx;
	int cycle;

	/* the spans by id: open addressing, index + 1 (the first wins) */
	for (size = 16; size < 2 * t->n; size *= 2)
		continue;
	idx = xcalloc(size, sizeof(*idx));
	for (i = 0; i < t->n; i++) {
		for (j = hash_bytes(t->s[i].id, strlen(t->s[i].id)) &
		    (size - 1); idx[j] != 0 && strcmp(t->s[idx[j] - 1].id,
		    t->s[i].id) != 0; j = (j + 1) & (size - 1))
			continue;
		if (idx[j] == 0)
			idx[j] = i + 1;
	}
	for (i = 0; i < t->n; i++) {
		t->s[i].up = SIZE_MAX;
		if (t->s[i].parent == NULL)
			continue;
		for (j = hash_bytes(t->s[i].parent, strlen(t->s[i].parent)) &
		    (size - 1); idx[j] != 0; j = (j + 1) & (size - 1))
			if (strcmp(t->s[idx[j] - 1].id, t->s[i].parent) == 0) {
				t->s[i].up = idx[j] - 1;
				break;
			}
	}
	free(idx);
	/* 0 unseen, 1 on the current path, 2 done */
	state = xcalloc(t->n, 1);
	for (i = 0; i < t->n; i++) {
		for (j = i; j != SIZE_MAX && state[j] == 0; j = t->s[j].up)
			state[j] = 1;
		/* the walk came back to a span of its own: a cycle */
		cycle = j != SIZE_MAX && state[j] == 1;
		for (k = i; k != SIZE_MAX && state[k] == 1; k = t->s[k].up)
			state[k] = 2;
		if (cycle) {
			pp_warn("trace %s: parent links form a cycle through "
			    "span %s; it is read as a root", t->id,
			    t->s[j].id);
			run->cycles++;
			t->s[j].up = SIZE_MAX;
		}
	}
	free(state);
}

/*
 * The detectors: each trace's, then at the end of the run those that
 * conclude across traces (in this order).
 */
static const struct detector {
	const char	*name;
	void		(*trace)(struct run *, const struct tview *);
	void		(*end)(struct run *);
} detectors[] = {
	{ "caching", caching_collect, caching_end },
	{ "query_optimization, indexing", queries_collect, queries_end },
	{ "compression", detect_compression, NULL },
	{ "batching, parallelization", detect_siblings, NULL },
	{ "lazy_loading", detect_lazy, NULL },
	{ "debouncing, memoization", detect_repeats, NULL },
	{ "connection_pooling", detect_pooling, NULL }
};
#define NDETECTORS (sizeof(detectors) / sizeof(detectors[0]))

void
detect_trace(struct run *run, struct trace *t)
{
	struct tview v;
	double longest = 0;
	size_t i;

	span_fix(t);
	link_trace(run, t);
	v.t = t;
	v.lo = INFINITY;
	v.hi = -INFINITY;
	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (!isnan(s->start)) {
			v.lo = fmin(v.lo, s->start);
			v.hi = fmax(v.hi, s->start + s->dur);
		}
		longest = fmax(longest, s->dur);
	}
	/* from the first start to the last end, and no less than a span */
	t->dur = fmax(v.hi > v.lo ? v.hi - v.lo : 0, longest);
	run->total_time += t->dur;
	v.c = xcalloc(t->n, sizeof(*v.c));
	v.first = xcalloc(t->n + 1, sizeof(*v.first));
	v.next = xcalloc(t->n, sizeof(*v.next));
	/* children lists, by parent (index n: the roots) */
	for (i = 0; i <= t->n; i++)
		v.first[i] = SIZE_MAX;
	for (i = t->n; i-- > 0;) {
		size_t p = t->s[i].up == SIZE_MAX ? t->n : t->s[i].up;

		v.next[i] = v.first[p];
		v.first[p] = i;
	}
	for (i = 0; i < t->n; i++)
		t->s[i].leaf = v.first[i] == SIZE_MAX;
	for (i = 0; i < NDETECTORS; i++)
		if (detectors[i].trace != NULL)
			detectors[i].trace(run, &v);
	free(v.c);
	free(v.first);
	free(v.next);
}

/*
 * Whether a finding saves enough to be worth a change: min_saving in a
 * trace on average (a total would grow with the traces read: 50 health
 * checks of 1 ms are no finding), and min_share of its traces' time.
 */
static int
worth(const struct limits *l, const struct finding *f)
{
	if (f->traces == 0 || f->impact_s / (double)f->traces <
	    l->min_saving - TIME_EPS)
		return 0;
	return f->trace_time <= 0 ||
	    f->impact_s / f->trace_time >= l->min_share - 1e-9;
}

/* Drops the findings that save too little, keeping the order of the rest. */
static void
drop_small(struct run *run)
{
	struct hmap kept;
	struct hmap_entry *e;
	size_t i;

	hmap_init(&kept);
	for (i = 0; i < run->findings.n; i++) {
		struct hmap_entry *old = &run->findings.ent[i];

		if (worth(&run->lim, old->val)) {
			e = hmap_put(&kept, old->key, old->klen);
			e->val = old->val;
		} else {
			free(((struct finding *)old->val)->example);
			free(old->val);
		}
	}
	hmap_free(&run->findings);
	run->findings = kept;
}

void
detect_totals(struct run *run)
{
	size_t i;

	for (i = 0; i < NDETECTORS; i++)
		if (detectors[i].end != NULL)
			detectors[i].end(run);
	drop_small(run);
}
