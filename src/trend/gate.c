/*
 * pp-trend --fail-on for CI (gate.h): one testcase per series, failing
 * when a regression of its window passes --fail-on, each such change in
 * the message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gate.h"
#include "human.h"
#include "trend.h"

/* The labels of a series as "host=a bench=b"; its metric when none. */
static void
series_name(const struct series *s, struct buf *b)
{
	size_t i;

	/* labels holds the metric first and the unit last */
	for (i = 1; i + 1 < s->labels.n; i++)
		buf_printf(b, "%s%s=%s", i > 1 ? " " : "", s->labels.name[i],
		    rec_val(&s->labels, i));
	if (b->len == 0)
		buf_adds(b, s->metric);
}

/* "2026-11-05T00:00:00.000000Z: 1.2 ms → 1.8 ms (+50%), major regression" */
static void
change_message(const struct series *s, const struct change *ch,
    struct buf *m)
{
	const char *unit = rec_val(&s->labels, s->labels.n - 1);
	char ts[PP_TIME_LEN], a[PP_HUMAN_LEN], b[PP_HUMAN_LEN];
	double pct = (ch->after / ch->before - 1) * 100;

	buf_printf(m, "%s: %s \u2192 %s", time_format(s->t[ch->at], ts),
	    fmt_human(ch->before, unit, a), fmt_human(ch->after, unit, b));
	if (ch->before != 0 && isfinite(pct))
		buf_printf(m, fabs(pct) >= 99.5 ? " (%+.0f%%)" : " (%+.2g%%)",
		    pct);
	buf_printf(m, ", %s regression", severity_name(ch->severity));
}

/* The verdict of one series, its message in m. */
static enum gate_verdict
verdict(struct trend *t, const struct series *s, struct buf *m)
{
	struct change *ch;
	size_t i, n;
	int fail = 0;

	if (s->from == s->n) {
		buf_adds(m, "no points in the window");
		return GATE_SKIP;
	}
	n = find_changes(s, &t->o, &ch);
	for (i = 0; i < n; i++)
		if (ch[i].regression && ch[i].severity >= t->fail_on) {
			if (fail++ > 0)
				buf_adds(m, "; ");
			change_message(s, &ch[i], m);
		}
	free(ch);
	if (fail)
		t->failed = 1;
	return fail ? GATE_FAIL : GATE_PASS;
}

void
trend_gate(struct trend *t)
{
	struct gate *g;
	struct buf cls = BUF_INIT, name = BUF_INIT, msg = BUF_INIT;
	enum gate_verdict v;
	size_t i;

	g = gate_open("pp-trend", t->junit ? stdout : NULL, t->github ?
	    stderr : NULL);
	for (i = 0; i < t->series.n; i++) {
		const struct series *s = t->series.ent[i].val;

		cls.len = name.len = msg.len = 0;
		buf_printf(&cls, "pp-trend.%s", s->metric);
		series_name(s, &name);
		v = verdict(t, s, &msg);
		gate_case(g, buf_nul(&cls), buf_nul(&name), v, buf_nul(&msg));
	}
	gate_close(g);
	buf_free(&cls);
	buf_free(&name);
	buf_free(&msg);
}
