/*
 * pp-budget's checks for CI (gate.h): one testcase per budget, failing
 * when the budget fails the run, a warning when it has violations that
 * do not, and its worst violation in the message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "buf.h"
#include "gate.h"
#include "human.h"

/* A relative difference for people: "+39%", "+4.5%", "+101%". */
static void
add_pct(struct buf *m, double pct)
{
	buf_printf(m, fabs(pct) >= 99.5 ? "%+.0f%%" : "%+.2g%%", pct);
}

/* "api.response_time p95 695 ms over the error limit 500 ms (+39%)". */
static void
limit_message(const struct budget *b, const struct counts *c,
    struct buf *m)
{
	const char *unit = b->stat == ST_COUNT ? "count" : b->stat ==
	    ST_RATE ? "count/s" : *b->base_unit != '\0' ? b->base_unit :
	    b->record_unit != NULL ? b->record_unit : "";
	char obs[PP_HUMAN_LEN], lim[PP_HUMAN_LEN], ts[PP_TIME_LEN];
	int higher = b->better == BETTER_HIGHER;

	buf_printf(m, "%s", b->metric);
	if (b->stat != ST_EACH)
		buf_printf(m, " %s", b->stat_name);
	buf_printf(m, " %s %s the %s limit %s", fmt_human(c->vobs, unit, obs),
	    higher ? "under" : "over", severity_str(c->vsev),
	    fmt_human(c->vlimit, unit, lim));
	if (c->vlimit != 0) {
		buf_adds(m, " (");
		add_pct(m, (c->vobs / c->vlimit - 1) * 100);
		buf_adds(m, ")");
	}
	buf_printf(m, " at %s", time_format(c->vt, ts));
	if (c->checks > 1)
		buf_printf(m, "; %zu of %zu checks beyond a limit", c->nviol,
		    c->checks);
}

/* Too little data: none at all, or a window below min_samples. */
static void
data_message(const struct budget *b, const struct counts *c,
    struct buf *m)
{
	char ts[PP_TIME_LEN];

	if (b->nrecords == 0)
		buf_printf(m, "no data: no record of %s in scope %s",
		    b->metric, b->scope_name);
	else if (b->stat == ST_RATE && (long)c->thin_n >= b->min_samples)
		buf_printf(m, "insufficient data: the values at %s span no "
		    "time", time_format(c->thin_t, ts));
	else
		buf_printf(m, "insufficient data: %zu value%s in the window "
		    "at %s, min_samples %ld", c->thin_n, c->thin_n == 1 ? "" :
		    "s", time_format(c->thin_t, ts), b->min_samples);
}

/* The verdict of one budget, its message in m. */
static enum gate_verdict
verdict(const struct budget *b, const struct counts *c, struct buf *m)
{
	int thin = b->nrecords == 0 || c->thin;

	if (b->enforcement == ENF_OFF) {
		buf_adds(m, "enforcement off");
		return GATE_SKIP;
	}
	if (c->nviol > 0)
		limit_message(b, c, m);
	else if (thin)
		data_message(b, c, m);
	else
		return GATE_PASS;
	if (b->waiver != NULL)
		buf_printf(m, " (waived: %s)", b->waiver);
	else if (b->enforcement == ENF_WARNING)
		buf_adds(m, " (enforcement warning)");
	if (c->failed)
		return GATE_FAIL;
	if (c->nviol == 0 && b->on_missing == MISS_PASS)
		return b->nrecords == 0 ? GATE_SKIP : GATE_PASS;
	return GATE_WARN;
}

void
budget_gate(struct run *run)
{
	struct gate *g;
	struct buf cls = BUF_INIT, name = BUF_INIT, msg = BUF_INIT;
	enum gate_verdict v;
	size_t bi;

	g = gate_open("pp-budget", run->junit ? stdout : NULL, run->github ?
	    stderr : NULL);
	for (bi = 0; bi < run->bs.n; bi++) {
		const struct budget *b = &run->bs.b[bi];

		cls.len = name.len = msg.len = 0;
		buf_printf(&cls, "pp-budget.%s", b->metric);
		buf_adds(&name, b->name);
		if (strcmp(b->scope_name, "global") != 0)
			buf_printf(&name, " (scope %s)", b->scope_name);
		v = verdict(b, &run->counts[bi], &msg);
		gate_case(g, buf_nul(&cls), buf_nul(&name), v, buf_nul(&msg));
	}
	gate_close(g);
	buf_free(&cls);
	buf_free(&name);
	buf_free(&msg);
}
