/*
 * pp-cost's record loop: pricing each record and handing it to the
 * output the options chose; and the coverage check for CI.
 */
#include <string.h>

#include "cost.h"
#include "diag.h"
#include "gate.h"
#include "metric.h"
#include "units.h"

/*
 * Prices one record of rd (written in fmt) and hands it to the output;
 * *t is its time when it is read.
 */
void
cost_take(struct cost *k, struct rd *rd, int fmt, struct rec *r,
    pp_time *t)
{
	const struct rule *ru;
	const char *cur, *metric;
	money m;
	double qty;
	int has_time, ok;

	if (r->bad != NULL) {
		pp_badrec(r->file, r->line, "%s", r->bad);
		k->nrec++;
		cost_unpriced(k, "(malformed)");
		if (k->out == OUT_ANNOTATE && fmt == rd_format(rd) &&
		    k->out_w != NULL)
			wr_pass(k->out_w, rd);
		return;
	}
	has_time = 0;
	if (k->need_time) {
		if (metric_time_checked(r, &k->c, t) != 0) {
			k->nrec++;
			cost_unpriced(k, "(no time)");
			return;
		}
		has_time = 1;
	}
	if ((k->since_set || k->until_set) && has_time &&
	    ((k->since_set && *t < k->since) ||
	    (k->until_set && *t >= k->until)))
		return;
	k->nrec++;
	metric = rec_get(r, mnames()->metric);
	ok = price_record(k, r, *t, has_time, &m, &ru, &cur, &qty) == 0;
	if (ok) {
		k->npriced++;
		if (money_add(k->total, m, &k->total) != 0)
			pp_die(PP_EXIT_DATA, "%s:%lu: the total is "
			    "beyond 1.7e29 %s", r->file, r->line,
			    k->currency);
	} else
		cost_unpriced(k, metric != NULL ? metric : "");
	if (k->out_w == NULL)
		return;		/* junit: only the coverage */
	switch (k->out) {
	case OUT_ANNOTATE:
		write_annotated(k, r, ok, m, ru, cur);
		break;
	case OUT_RECORDS:
		if (ok)
			write_cost_record(k, r, *t, has_time, m, ru, cur);
		break;
	case OUT_BY:
	case OUT_TOP:
		if (ok)
			add_group(k, r, ru, m);
		break;
	case OUT_REPORT:
	case OUT_FORECAST:
		if (ok && has_time)
			add_period(k, *t, ru != NULL ? ru->category :
			    rec_get(r, k->n_category) != NULL ?
			    rec_get(r, k->n_category) : "", m);
		break;
	case OUT_SUGGEST:
		if (ok)
			add_evidence(k, r, has_time ? *t : 0, ru, m, qty);
		break;
	}
}

/*
 * The coverage check for CI (gate.h): the priced share against
 * --require-coverage, as cost_coverage decides it.
 */
void
cost_gate(const struct cost *k)
{
	struct gate *g;
	struct buf msg = BUF_INIT;
	char got[32], want[32];
	enum gate_verdict v = GATE_PASS;

	g = gate_open("pp-cost", k->junit ? stdout : NULL, k->github ?
	    stderr : NULL);
	if (k->nrec == 0) {
		v = GATE_SKIP;
		buf_adds(&msg, "no records");
	} else if ((double)k->npriced < k->require * (double)k->nrec -
	    1e-9) {
		v = GATE_FAIL;
		buf_printf(&msg, "priced %zu of %zu records (%s), below the "
		    "required %s%%", k->npriced, k->nrec,
		    cost_share_text(k->npriced, k->nrec, got),
		    fmt_num(k->require * 100, want));
	}
	gate_case(g, "pp-cost", "coverage", v, buf_nul(&msg));
	gate_close(g);
	buf_free(&msg);
}
