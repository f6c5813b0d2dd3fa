/*
 * pp-report's input side: each record sorted into the section that
 * shows it (a table of another program's output, a cost sum, a series
 * to chart), and the change points put on their series.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "metric.h"
#include "money.h"
#include "report.h"
#include "units.h"


static int
has(const struct rec *r, const char *f)
{
	return rec_get(r, interns(f)) != NULL;
}

void
table_add(struct table *t, const struct rec *r)
{
	size_t i, j;
	char **row;

	if (t->ncols == 0) {
		t->cols = xcalloc(r->n, sizeof(*t->cols));
		for (i = 0; i < r->n; i++)
			t->cols[i] = r->name[i];
		t->ncols = r->n;
	}
	row = xcalloc(t->ncols, sizeof(*row));
	for (j = 0; j < t->ncols; j++) {
		const char *v = rec_get(r, t->cols[j]);

		row[j] = xstrdup(v != NULL ? v : "");
	}
	t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof(*t->rows));
	t->rows[t->nrows++] = row;
}

void
table_free(struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	free(t->rows);
	free(t->cols);
}

/* The label of a record's series: metric {name=value, ...}. */
static char *
series_label(const struct report *rp, const struct rec *r)
{
	struct buf b = BUF_INIT;
	const char *m = rec_get(r, mnames()->metric);
	size_t i;
	int first = 1;

	buf_adds(&b, m != NULL ? m : "value");
	for (i = 0; i < r->n; i++) {
		if (!metric_is_label(&rp->c, r->name[i]))
			continue;
		buf_printf(&b, "%s%s=%s", first ? " {" : ", ", r->name[i],
		    rec_val(r, i));
		first = 0;
	}
	if (!first)
		buf_addc(&b, '}');
	return buf_nul(&b);
}

/* Adds an amount to the sum of key k: exact, as money always is. */
static void
money_add_to(struct hmap *h, const char *k, money m)
{
	struct hmap_entry *e = hmap_put(h, k, strlen(k));

	if (e->val == NULL)
		e->val = xcalloc(1, sizeof(money));
	if (money_add(*(money *)e->val, m, (money *)e->val) != 0)
		pp_die(PP_EXIT_DATA, "the cost of '%s' overflows (more than "
		    "9.2e9)", k);
}

/*
 * A cost record's amount, exact from its text, in the report's one
 * currency (the first cost record's): -1, with a bad record said, for
 * another currency or an amount that is no decimal.
 */
static int
cost_amount(struct report *rp, const struct rec *r, const char *text,
    money *m)
{
	static const struct decimal one = { 1, 0 };
	const char *u = rec_get(r, mnames()->unit);
	struct decimal d;

	u = interns(u != NULL ? u : "");
	if (rp->currency == NULL)
		rp->currency = u;
	if (u != rp->currency) {
		pp_badrec(r->file, r->line, "a cost in '%s', the report's are "
		    "in '%s': left out of the sums", u, rp->currency);
		return -1;
	}
	if (decimal_parse(text, &d) != 0 || money_line(&d, &one, &one,
	    m) != 0) {
		pp_badrec(r->file, r->line, "field 'value': '%s' is not an "
		    "amount of money (a decimal of at most 18 digits)", text);
		return -1;
	}
	return 0;
}

/* Sorts a record into its section by the fields it has. */
void
take(struct report *rp, const struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *text, *m, *u, *base;
	struct hmap_entry *e;
	struct series *s;
	double v, f;
	pp_time t;

	if (has(r, "slope") && has(r, "direction"))
		table_add(&rp->summary, r);
	else if (has(r, "before") && has(r, "after") && has(r, "severity")) {
		table_add(&rp->changes, r);
	} else if ((text = rec_get(r, interns("anomaly"))) != NULL &&
	    (has(r, "score") || has(r, "zscore")) && *text != '\0')
		table_add(&rp->anomalies, r);
	else if (has(r, "budget") && has(r, "observed"))
		table_add(&rp->violations, r);
	else if (has(r, "budget") && has(r, "compliance_pct"))
		table_add(&rp->budgets, r);
	else if (has(r, "variant") && has(r, "verdict"))
		table_add(&rp->abtests, r);
	else if (has(r, "decision"))
		table_add(&rp->decisions, r);
	else if ((has(r, "type") && (has(r, "impact") ||
	    has(r, "impact_s") || has(r, "savings"))))
		table_add(&rp->findings, r);
	else if ((m = rec_get(r, mn->metric)) != NULL &&
	    strcmp(m, "cost") == 0 && has(r, "category") &&
	    metric_value(r, &rp->c, &v, &text) == 0) {
		int period = has(r, "period");
		money amt;

		if (cost_amount(rp, r, rec_get(r, rp->c.field), &amt) != 0)
			return;
		money_add_to(period ? &rp->period_by_cat : &rp->cost_by_cat,
		    rec_get(r, interns("category")), amt);
		if (metric_time(r, &rp->c, &t, &text) == 0) {
			char day[PP_TIME_LEN];

			time_format(t - t % PP_TIME_DAY, day);
			day[10] = '\0';
			money_add_to(period ? &rp->period_by_day :
			    &rp->cost_by_day, day, amt);
		}
		table_add(&rp->costs, r);
	} else if (metric_value(r, &rp->c, &v, &text) == 0 &&
	    metric_time(r, &rp->c, &t, &text) == 0) {
		u = rec_get(r, mn->unit);
		if (unit_base(u, &base, &f) == 0)
			v *= f;
		else
			base = "";
		series_key(r, &rp->c, &rp->key);
		e = hmap_put(&rp->series, rp->key.p, rp->key.len);
		if ((s = e->val) == NULL) {
			s = e->val = xcalloc(1, sizeof(*s));
			s->label = series_label(rp, r);
			m = rec_get(r, mn->metric);
			s->metric = interns(m != NULL ? m : "value");
			s->unit = interns(base);
			s->better = metric_better(&rp->mc, s->metric, base);
		}
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->t = xreallocarray(s->t, s->cap, sizeof(*s->t));
			s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
		}
		s->t[s->n] = t;
		s->v[s->n++] = v;
		if (t > rp->newest)
			rp->newest = t;
	}
}

static void
free_sums(struct hmap *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->ent[i].val);
	hmap_free(h);
	hmap_init(h);
}

void
settle_costs(struct report *rp)
{
	struct hmap t;

	if (rp->cost_by_cat.n > 0 || rp->cost_by_day.n > 0)
		return;
	t = rp->cost_by_cat;
	rp->cost_by_cat = rp->period_by_cat;
	rp->period_by_cat = t;
	t = rp->cost_by_day;
	rp->cost_by_day = rp->period_by_day;
	rp->period_by_day = t;
}

/*
 * Change points onto their series' charts, once everything is read: a
 * series is named by a change's labels less the fields of a change.
 */
void
attach_marks(struct report *rp)
{
	static const char *const cf[] = { "before", "after", "change_pct",
	    "p_value", "direction", "severity", NULL };
	const struct table *t = &rp->changes;
	struct hmap_entry *e;
	struct series *s;
	struct rec lab;
	const char *sev, *text;
	size_t i, j, k;
	pp_time ts;

	rec_init(&lab);
	for (i = 0; i < t->nrows; i++) {
		rec_clear(&lab);
		sev = "";
		for (j = 0; j < t->ncols; j++) {
			if (strcmp(t->cols[j], "severity") == 0)
				sev = t->rows[i][j];
			for (k = 0; cf[k] != NULL; k++)
				if (strcmp(t->cols[j], cf[k]) == 0)
					break;
			if (cf[k] == NULL)
				rec_add(&lab, t->cols[j], t->rows[i][j],
				    strlen(t->rows[i][j]), 0);
		}
		series_key(&lab, &rp->c, &rp->key);
		e = hmap_get(&rp->series, rp->key.p, rp->key.len);
		if (e == NULL || metric_time(&lab, &rp->c, &ts, &text) != 0)
			continue;
		s = e->val;
		s->marks = xreallocarray(s->marks, s->nmarks + 1,
		    sizeof(*s->marks));
		s->mark_sev = xreallocarray(s->mark_sev, s->nmarks + 1,
		    sizeof(*s->mark_sev));
		s->marks[s->nmarks] = ts;
		s->mark_sev[s->nmarks++] = xstrdup(sev);
	}
	rec_free(&lab);
}

void
report_free(struct report *rp)
{
	size_t i, j;

	for (i = 0; i < rp->series.n; i++) {
		struct series *s = rp->series.ent[i].val;

		for (j = 0; j < s->nmarks; j++)
			free(s->mark_sev[j]);
		free(s->mark_sev);
		free(s->marks);
		free(s->label);
		free(s->t);
		free(s->v);
		free(s);
	}
	hmap_free(&rp->series);
	free_sums(&rp->cost_by_cat);
	free_sums(&rp->cost_by_day);
	free_sums(&rp->period_by_cat);
	free_sums(&rp->period_by_day);
	table_free(&rp->summary);
	table_free(&rp->changes);
	table_free(&rp->anomalies);
	table_free(&rp->violations);
	table_free(&rp->budgets);
	table_free(&rp->abtests);
	table_free(&rp->decisions);
	table_free(&rp->costs);
	table_free(&rp->findings);
}
