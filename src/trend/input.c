/*
 * pp-trend's input: every record read into the series it belongs to,
 * values in their base unit, then each series sorted and windowed.
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "metric.h"
#include "rd.h"
#include "trend.h"

/* Reads every record into its series; bad records are skipped. */
void
read_input(struct trend *t, char **files, size_t nfiles)
{
	const struct metric_names *mn = mnames();
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap_entry *e;
	struct series *s;
	const char *text, *unit, *base;
	double v, factor;
	pp_time ts;
	size_t i;

	pp_common_rdopts(&t->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	t->c.out_fmt = pp_output_format(&t->c, 1, rd_format(rd));
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			continue;
		}
		if (metric_time_checked(r, &t->c, &ts) != 0)
			continue;
		if (t->o.until_set && ts > t->o.until)
			continue;	/* after the time analysed */
		if (metric_value_checked(r, &t->c, &v) != 0)
			continue;
		unit = rec_get(r, mn->unit);
		if (unit_base(unit, &base, &factor) != 0) {
			base = "";
			factor = 1;
		}
		series_key(r, &t->c, &t->key);
		e = hmap_put(&t->series, t->key.p, t->key.len);
		if ((s = e->val) == NULL) {
			s = e->val = xcalloc(1, sizeof(*s));
			rec_init(&s->labels);
			text = rec_get(r, mn->metric);
			rec_add(&s->labels, mn->metric, text ? text : "",
			    text ? strlen(text) : 0, 0);
			s->metric = rec_val(&s->labels, 0);
			for (i = 0; i < r->n; i++)
				if (metric_is_label(&t->c, r->name[i]) &&
				    r->name[i] != mn->metric)
					rec_add(&s->labels, r->name[i],
					    rec_val(r, i),
					    strlen(rec_val(r, i)), 0);
			rec_add(&s->labels, mn->unit, base, strlen(base), 0);
			s->metric = rec_val(&s->labels, 0);
			s->better = metric_better(&t->mc, s->metric, base);
		}
		series_add(s, ts, v * factor);
		if (!t->any || ts > t->newest)
			t->newest = ts;
		t->any = 1;
	}
	rd_close(rd);
	/* Every part of a history split by series counts back from one time. */
	if (t->o.until_set && t->any)
		t->newest = t->o.until;
}

void
prepare_series(struct trend *t)
{
	size_t i;

	for (i = 0; i < t->series.n; i++) {
		struct series *s = t->series.ent[i].val;
		size_t np;

		series_prepare(s, t->newest, t->o.window);
		if (t->mode != M_FORECAST || !t->o.holt || s->from == s->n)
			continue;
		/* Before any output: Holt holds one value per period. */
		np = (size_t)(time_sec(s->t[s->n - 1] - s->t[s->from]) /
		    t->o.period) + 1;
		if (np > 100000)
			pp_usage_error("--period: the window holds %zu periods "
			    "of %g s, more than 100000: choose a longer period",
			    np, t->o.period);
	}
}

void
free_series(struct trend *t)
{
	size_t i;

	for (i = 0; i < t->series.n; i++)
		series_free(t->series.ent[i].val);
	hmap_free(&t->series);
	buf_free(&t->key);
}
