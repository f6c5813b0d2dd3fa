/*
 * Findings: made and counted by the detectors, then ranked by impact,
 * given an id and a suggestion, and written with their status.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "hmap.h"
#include "human.h"
#include "optimize.h"
#include "rec.h"
#include "units.h"
#include "wr.h"

/*
 * What a table leaves out unless -F says otherwise: a terminal shows a
 * finding's type, target, occurrences, impact, difficulty and
 * confidence; its id, example trace and suggestion are a --fields away.
 */
#define OPTIMIZE_TABLE_HIDE	"id,title,traces,example_trace_id," \
	"impact_calls,impact_bytes,suggestion"

const char *const ftype_name[F_NTYPES] = {
	"batching", "parallelization", "caching", "memoization",
	"debouncing", "connection_pooling", "query_optimization", "indexing",
	"compression", "lazy_loading"
};
/*
 * easy: a configuration or schema change; medium: a local code change;
 * hard: a change of architecture.
 */
static const char *const ftype_difficulty[F_NTYPES] = {
	"medium", "medium", "medium", "easy", "medium", "easy", "medium",
	"easy", "easy", "hard"
};

struct finding *
finding_get(struct run *run, enum ftype type, const char *target,
    const char *detail, const struct trace *t)
{
	struct buf *key = &run->scratch;
	struct hmap_entry *e;
	struct finding *f;

	/* the scratch buffer, as span_add uses it: no allocation per event */
	key->len = 0;
	buf_printf(key, "%s\n%s", ftype_name[type], target);
	e = hmap_put(&run->findings, key->p, key->len);
	key->len = 0;
	if ((f = e->val) == NULL) {
		f = e->val = xcalloc(1, sizeof(*f));
		f->type = type;
		f->target = target;
		f->detail = detail;
		f->example = xstrdup(t->id);
	}
	f->occurrences++;
	if (f->last_trace != t) {
		f->last_trace = t;
		f->traces++;
	}
	return f;
}
static const char *
confidence(const struct finding *f)
{
	if (f->traces >= 10 || f->occurrences >= 30)
		return "high";
	if (f->traces >= 3 || f->occurrences >= 5)
		return "medium";
	return "low";
}

static void
suggestion(const struct finding *f, struct buf *b)
{
	char n1[32], n2[32], h1[PP_HUMAN_LEN], h2[PP_HUMAN_LEN];

	b->len = 0;
	switch (f->type) {
	case F_BATCHING:
		buf_printf(b, "Fetch the rows of '%s' in one call (an IN list, "
		    "a join or a batch request) instead of one call per row%s%s%s",
		    f->target, f->detail != NULL ? " under '" : "",
		    f->detail != NULL ? f->detail : "",
		    f->detail != NULL ? "'" : "");
		break;
	case F_PARALLEL:
		buf_printf(b, "Run the sequential calls under '%s' "
		    "concurrently: they do not overlap and none waits on "
		    "another's result in the trace", f->target);
		break;
	case F_CACHING:
		buf_printf(b, "Cache the result of '%s': the same call with "
		    "the same parameters ran again %s times", f->target,
		    fmt_num(f->impact_calls, n1));
		break;
	case F_POOLING:
		buf_printf(b, "Reuse connections to %s (a connection pool or "
		    "keep-alive): it was connected to again %s times",
		    f->target, fmt_num(f->impact_calls, n1));
		break;
	case F_QUERY:
		buf_printf(b, "Examine the plan of '%s': p95 %s against a "
		    "median of %s", f->target, fmt_human(f->p95, "s", h1),
		    fmt_human(f->median, "s", h2));
		break;
	case F_COMPRESSION:
		buf_printf(b, "Compress the responses of '%s' (gzip or br): "
		    "they are sent as large as they are", f->target);
		break;
	case F_MEMO:
		buf_printf(b, "Memoize %s: within a trace it ran again with "
		    "the same arguments, %s times in %zu traces", f->target,
		    fmt_num(f->impact_calls, n1), f->traces);
		break;
	case F_DEBOUNCE:
		buf_printf(b, "Debounce '%s': it was made in bursts, each "
		    "call within %s of the one before; one call per burst "
		    "saves %s calls", f->target,
		    fmt_human(f->window, "s", h1),
		    fmt_num(f->impact_calls, n2));
		break;
	case F_INDEX:
		if (f->full_scans > 0)
			buf_printf(b, "Add an index for the WHERE of '%s': "
			    "its plan scans the whole table (%zu of %zu "
			    "calls)", f->target, f->full_scans,
			    f->occurrences);
		else
			buf_printf(b, "Add an index for the WHERE of '%s': "
			    "p95 %s to return a median of %s rows",
			    f->target, fmt_human(f->p95, "s", h1),
			    fmt_num(f->rows, n2));
		break;
	case F_LAZY:
		buf_printf(b, "Defer '%s' until its result is first needed: "
		    "it runs at the start of the trace and no span under it "
		    "reads it", f->target);
		break;
	case F_NTYPES:
		break;
	}
	buf_nul(b);
}

static int
cmp_finding(const void *x, const void *y)
{
	const struct finding *a = *(const struct finding *const *)x;
	const struct finding *b = *(const struct finding *const *)y;

	if (a->impact_s != b->impact_s)
		return a->impact_s > b->impact_s ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return strcmp(a->target, b->target);
}

static const char *const ftype_title[F_NTYPES] = {
	"N+1 calls to batch", "sequential calls to parallelise",
	"repeated calls to cache", "repeated function calls to memoize",
	"bursts of calls to debounce", "connections to pool",
	"slow query", "query without a usable index",
	"uncompressed responses", "work at start to load lazily"
};

/* The stable id of a finding: FNV-1a of its type and target. */
void
finding_id(enum ftype type, const char *target, char id[17])
{
	struct buf key = BUF_INIT;

	buf_printf(&key, "%s\n%s", ftype_name[type], target);
	hash_id(key.p, key.len, id);
	buf_free(&key);
}


/* The findings by impact, each with its status; then those resolved. */
void
findings_report(struct run *run, int fmt, struct hmap *st)
{
	struct finding **fs = xcalloc(run->findings.n + 1, sizeof(*fs));
	struct wr *w = pp_open_output(&run->c, fmt, OPTIMIZE_TABLE_HIDE);
	struct buf b = BUF_INIT;
	struct rec r;
	char num[32], id[17], now[PP_TIME_LEN];
	size_t i;

	time_format(time_now(), now);
	for (i = 0; i < run->findings.n; i++)
		fs[i] = run->findings.ent[i].val;
	qsort(fs, run->findings.n, sizeof(*fs), cmp_finding);
	rec_init(&r);
	for (i = 0; i < run->findings.n; i++) {
		const struct finding *f = fs[i];

		finding_id(f->type, f->target, id);
		rec_clear(&r);
		rec_put(&r, "id", id);
		rec_put(&r, "type", ftype_name[f->type]);
		rec_put(&r, "title", ftype_title[f->type]);
		rec_put(&r, "target", f->target);
		snprintf(num, sizeof(num), "%zu", f->occurrences);
		rec_put(&r, "occurrences", num);
		snprintf(num, sizeof(num), "%zu", f->traces);
		rec_put(&r, "traces", num);
		rec_put(&r, "example_trace_id", f->example);
		rec_put_num(&r, "impact_s", f->impact_s);
		rec_put_num(&r, "impact_pct", run->total_time > 0 ?
		    f->impact_s / run->total_time * 100 : NAN);
		rec_put_num(&r, "impact_calls", f->impact_calls);
		rec_put_num(&r, "impact_bytes", f->impact_bytes);
		cost_put(run, f, &r);
		rec_put(&r, "difficulty", ftype_difficulty[f->type]);
		rec_put(&r, "confidence", confidence(f));
		suggestion(f, &b);
		rec_put(&r, "suggestion", b.p);
		if (st != NULL)
			rec_put(&r, "status", state_see(st, id,
			    ftype_name[f->type], f->target, now));
		wr_record(w, &r);
	}
	/* findings of the state no longer seen: resolved now */
	for (i = 0; st != NULL && i < st->n; i++) {
		struct sentry *e = st->ent[i].val;
		size_t k;

		if (e->seen || strcmp(e->status, "resolved") == 0)
			continue;
		state_set_str(&e->status, "resolved");
		rec_clear(&r);
		rec_put(&r, "id", st->ent[i].key);
		rec_put(&r, "type", e->type);
		for (k = 0; k < F_NTYPES; k++)
			if (strcmp(e->type, ftype_name[k]) == 0)
				break;
		rec_put(&r, "title", k < F_NTYPES ?
		    ftype_title[k] : "");
		rec_put(&r, "target", e->target);
		rec_put(&r, "occurrences", "0");
		rec_put(&r, "traces", "0");
		rec_put(&r, "example_trace_id", "");
		rec_put(&r, "impact_s", "0");
		rec_put(&r, "impact_pct", "0");
		rec_put(&r, "impact_calls", "0");
		rec_put(&r, "impact_bytes", "0");
		cost_put(run, NULL, &r);
		rec_put(&r, "difficulty", k < F_NTYPES ?
		    ftype_difficulty[k] : "");
		rec_put(&r, "confidence", "");
		rec_put(&r, "suggestion", "");
		rec_put(&r, "status", "resolved");
		wr_record(w, &r);
	}
	wr_close(w);
	rec_free(&r);
	buf_free(&b);
	free(fs);
}
