/*
 * pp-budget --baseline: budgets whose limits are relative to a statistic
 * of other records get that statistic from the --baseline file.
 */
#include <math.h>
#include <stdlib.h>

#include "budget.h"
#include "diag.h"
#include "metric.h"
#include "rd.h"

/* Resolves baseline: stats from the --baseline records. */
void
load_baselines(struct run *run)
{
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	const char *m;
	size_t bi, need = 0;
	char *paths[1];
	double v;
	pp_time t;
	const char *text;

	for (bi = 0; bi < run->bs.n; bi++)
		if (run->bs.b[bi].baseline_stat >= 0) {
			need++;
			if (run->baseline == NULL)
				pp_usage_error("budget '%s' takes its baseline "
				    "from --baseline FILE",
				    run->bs.b[bi].name);
		}
	if (need == 0)
		return;
	pp_common_rdopts(&run->c, &ro);
	ro.header = NULL;	/* for the operands, not the baseline */
	ro.nheader = 0;
	paths[0] = (char *)run->baseline;
	rd = rd_open(paths, 1, &ro);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL || metric_time(r, &run->c, &t, &text) != 0 ||
		    record_value(run, r, &v, &text) != 0)
			continue;
		m = rec_get(r, mnames()->metric);
		for (bi = 0; bi < run->bs.n; bi++) {
			struct budget *b = &run->bs.b[bi];

			if (b->baseline_stat >= 0 && metric_matches(b, m) &&
			    budget_matches(b, r)) {
				int keep = b->stat;
				double keepw = b->window;

				/* into window 0, kept whole for quantiles */
				b->stat = ST_QUANTILE;
				b->window = 0;
				budget_add(b, t, v);
				b->stat = keep;
				b->window = keepw;
			}
		}
	}
	rd_close(rd);
	for (bi = 0; bi < run->bs.n; bi++) {
		struct budget *b = &run->bs.b[bi];
		struct acc *a;

		if (b->baseline_stat < 0)
			continue;
		if (b->windows.n == 0)
			pp_die(PP_EXIT_DATA, "%s: no records for budget '%s' "
			    "(metric %s): no baseline", run->baseline, b->name,
			    b->metric);
		a = b->windows.ent[0].val;
		b->baseline = acc_stat(a, b->baseline_stat, b->baseline_q,
		    NAN);
		acc_free(a);
		free(a);
		hmap_free(&b->windows);
		hmap_init(&b->windows);
		b->nrecords = 0;
	}
}
