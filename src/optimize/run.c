/*
 * A run: the spans of files read trace by trace, each trace analysed when
 * the next begins, and what was left out noted at the end.
 */
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "otlp.h"
#include "rd.h"
#include "rec.h"

void
run_init(struct run *run, const struct run *like)
{
	if (like != NULL) {
		run->c = like->c;
		run->lim = like->lim;
		run->otlp = like->otlp;
	}
	hmap_init(&run->traces);
	hmap_init(&run->findings);
	hmap_init(&run->queries);
	/* calls seen once are forgotten beyond this many */
	run->calls_cap = 1 << 14;
}

static void
spans_free(struct trace *t)
{
	t->n = 0;
	t->arena.len = 0;
}

/* Analyses a trace; its spans are kept only for verify. */
static void
trace_done(struct run *run, struct trace *t)
{
	detect_trace(run, t);
	t->done = 1;
	if (!run->keep) {
		spans_free(t);
		free(t->s);
		t->s = NULL;
		t->cap = 0;
		buf_free(&t->arena);
	}
}

/*
 * Reads the spans of files and finds what they show; the format read.
 * Each trace is analysed when a span of another follows it, so that
 * memory holds one trace at a time, unless the run keeps every span.
 */
struct reading {
	struct run	*run;
	struct trace	*cur;
	struct buf	 tmp;
};

static void
take_span(struct rec *r, void *arg)
{
	struct reading *rg = arg;
	struct trace *t;

	if (r->bad != NULL) {
		pp_badrec(r->file, r->line, "%s", r->bad);
		return;
	}
	t = span_add(rg->run, r, &rg->tmp);
	/* a trace is analysed when the next begins */
	if (t != NULL && rg->cur != NULL && t != rg->cur && !rg->run->keep)
		trace_done(rg->run, rg->cur);
	if (t != NULL)
		rg->cur = t;
}

int
run_read(struct run *run, char **files, size_t nfiles)
{
	struct reading rg = { run, NULL, BUF_INIT };
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct trace *t;
	size_t i;
	int fmt;

	if (run->otlp) {
		otlp_read(files, nfiles, take_span, &rg);
		fmt = FMT_JSON;
	} else {
		pp_common_rdopts(&run->c, &ro);
		rd = rd_open(files, nfiles, &ro);
		while ((r = rd_next(rd)) != NULL)
			take_span(r, &rg);
		fmt = rd_format(rd);
		rd_close(rd);
	}
	buf_free(&rg.tmp);
	for (i = 0; i < run->traces.n; i++) {
		t = run->traces.ent[i].val;
		if (!t->done)
			trace_done(run, t);
	}
	detect_totals(run);
	return fmt;
}

void
run_notes(const struct run *run)
{
	if (run->no_target > 0)
		pp_warn("%zu database or HTTP spans had no statement, URL or "
		    "route (db.query.text, db.statement, url.full, http.url, "
		    "http.route): left out of the findings on calls", run->no_target);
	if (run->no_args > 0)
		pp_warn("%zu function spans had no arguments "
		    "(code.function.args or args): left out of memoization",
		    run->no_args);
	if (run->no_size > 0)
		pp_warn("%zu HTTP spans had no encoded and decoded body sizes "
		    "(http.response.body.size and "
		    "http.response_content_length_uncompressed): left out of "
		    "compression", run->no_size);
}

void
run_free(struct run *run)
{
	size_t i;

	for (i = 0; i < run->findings.n; i++) {
		struct finding *f = run->findings.ent[i].val;

		free(f->example);
		free(f);
	}
	for (i = 0; i < run->traces.n; i++) {
		struct trace *t = run->traces.ent[i].val;

		spans_free(t);
		free(t->s);
		buf_free(&t->arena);
		free(t->id);
		free(t);
	}
	hmap_free(&run->traces);
	hmap_free(&run->findings);
	hmap_free(&run->queries);
	buf_free(&run->scratch);
	cost_free(run);
}
