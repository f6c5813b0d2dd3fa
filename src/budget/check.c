/*
 * pp-budget's checks: which budgets take a record, a value checked against
 * a budget's limits, the windows checked after the input, and the
 * violation records of the default output.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "diag.h"
#include "metric.h"
#include "wr.h"

const char *
enforcement_str(int e)
{
	return e == ENF_STRICT ? "strict" : e == ENF_WARNING ? "warning" :
	    "off";
}

/* The value of a record in its base unit; 0 on success. */
int
record_value(struct run *run, const struct rec *r, double *v,
    const char **unit)
{
	const char *u, *base;
	double f;

	if (metric_value_checked(r, &run->c, v) != 0)
		return -1;
	u = rec_get(r, mnames()->unit);
	*unit = NULL;
	if (unit_base(u, &base, &f) == 0) {
		*v *= f;
		*unit = interns(base);
	}
	return 0;
}

static const struct takers *
takers_of(struct run *run, const char *metric)
{
	struct hmap_entry *e = hmap_put(&run->takers, metric, strlen(metric));
	struct takers *tk;
	size_t bi;

	if ((tk = e->val) != NULL)
		return tk;
	tk = e->val = xcalloc(1, sizeof(*tk));
	for (bi = 0; bi < run->bs.n; bi++)
		if (run->bs.b[bi].enforcement != ENF_OFF &&
		    metric_matches(&run->bs.b[bi], metric)) {
			tk->idx = xreallocarray(tk->idx, tk->n + 1,
			    sizeof(*tk->idx));
			tk->idx[tk->n++] = bi;
		}
	return tk;
}

int
metric_matches(const struct budget *b, const char *metric)
{
	if (metric == NULL)
		return 0;
	return b->metric_glob ? fnmatch(b->metric, metric, 0) == 0 :
	    strcmp(b->metric, metric) == 0;
}

/* A check's outcome, counted for the report and the exit status. */
static void
count(struct run *run, size_t bi, pp_time t, int sev, int pending)
{
	struct budget *b = &run->bs.b[bi];
	struct counts *c = &run->counts[bi];
	long long d = (long long)floor(time_days(t));
	struct hmap_entry *e;
	struct day *dy;

	c->checks++;
	if (sev == SEV_PASS || pending)
		c->passed++;
	else if (b->waiver != NULL)
		c->waived++;
	else {
		c->fail[sev]++;
		if (sev > c->worst)
			c->worst = sev;
		if (sev >= SEV_ERROR && b->enforcement == ENF_STRICT)
			run->failed = c->failed = 1;
	}
	if (!run->by_day)
		return;
	e = hmap_put(&c->days, &d, sizeof(d));
	if ((dy = e->val) == NULL) {
		dy = e->val = xcalloc(1, sizeof(*dy));
		dy->d = d;
	}
	dy->checks++;
	if (sev == SEV_PASS || pending || b->waiver != NULL)
		dy->passed++;
}

static void
violation(struct run *run, const struct budget *b, pp_time t, double obs,
    double limit, const char *severity, size_t n)
{
	struct rec *r = &run->r;
	char ts[PP_TIME_LEN];
	double over;

	if (run->report || run->annotate || run->out == NULL)
		return;
	rec_clear(r);
	rec_put(r, "ts", time_format(t, ts));
	rec_put(r, "budget", b->name);
	rec_put(r, "scope", b->scope_name);
	rec_put(r, "metric", b->metric);
	rec_put(r, "stat", b->stat_name);
	rec_put_num(r, "observed", obs);
	rec_put_num(r, "limit", limit);
	rec_put(r, "unit", b->stat == ST_COUNT ? "count" : b->stat == ST_RATE ?
	    "count/s" : *b->base_unit != '\0' ?
	    b->base_unit : b->record_unit != NULL ? b->record_unit : "");
	rec_put(r, "severity", severity);
	over = limit != 0 ? (b->better == BETTER_HIGHER ? 1 - obs / limit :
	    obs / limit - 1) * 100 : NAN;
	rec_put_num(r, "over_pct", over);
	rec_put_num(r, "n", (double)n);
	rec_put(r, "enforcement", enforcement_str(b->enforcement));
	rec_put(r, "message", b->message != NULL ? b->message : "");
	rec_put(r, "recommendation", b->recommendation);
	rec_put(r, "waived", b->waiver != NULL ? b->waiver : "");
	wr_record(run->out, r);
}

/* The worst violation of a budget so far: the more severe, then the more over. */
static void
keep_worst(struct counts *c, const struct budget *b, pp_time t, double v,
    double limit, int sev)
{
	double over, was;

	c->nviol++;
	over = b->better == BETTER_HIGHER ? limit - v : v - limit;
	was = b->better == BETTER_HIGHER ? c->vlimit - c->vobs :
	    c->vobs - c->vlimit;
	if (sev > c->vsev || (sev == c->vsev && over / fabs(limit) >
	    was / fabs(c->vlimit))) {
		c->vsev = sev;
		c->vobs = v;
		c->vlimit = limit;
		c->vt = t;
	}
}

/* A window too thin to judge: the first one, for a gate's message. */
static void
keep_thin(struct run *run, size_t bi, pp_time t, size_t n, int fails)
{
	struct counts *c = &run->counts[bi];

	if (!c->thin) {
		c->thin = 1;
		c->thin_n = n;
		c->thin_t = t;
	}
	if (fails)
		run->failed = c->failed = 1;
}

/* One check of a value; reports it when it fails for long enough. */
static void
check(struct run *run, size_t bi, pp_time t, double v, size_t n)
{
	struct budget *b = &run->bs.b[bi];
	double limit;
	int sev = budget_check(b, v, &limit), pending;

	if (sev == SEV_PASS)
		run->streak[bi] = 0;
	else
		run->streak[bi]++;
	pending = sev != SEV_PASS && run->streak[bi] < b->for_n;
	count(run, bi, t, sev, pending);
	if (sev != SEV_PASS && !pending) {
		keep_worst(&run->counts[bi], b, t, v, limit, sev);
		violation(run, b, t, v, limit, severity_str(sev), n);
	}
}

static int
cmp_acc(const void *x, const void *y)
{
	const struct acc *a = *(const struct acc *const *)x;
	const struct acc *b = *(const struct acc *const *)y;

	return (a->start > b->start) - (a->start < b->start);
}

/* After the input: the windows of each budget, and budgets without data. */
void
evaluate(struct run *run)
{
	struct budget *b;
	struct acc **w;
	size_t bi, i;
	double span;
	pp_time t;

	for (bi = 0; bi < run->bs.n; bi++) {
		b = &run->bs.b[bi];
		if (b->enforcement == ENF_OFF)
			continue;
		if (b->nrecords == 0) {
			run->counts[bi].no_data++;
			if (b->on_missing != MISS_PASS) {
				violation(run, b, time_now(), NAN, NAN,
				    "no_data", 0);
				if (b->on_missing == MISS_FAIL &&
				    b->enforcement == ENF_STRICT &&
				    b->waiver == NULL)
					run->failed = run->counts[bi].failed =
					    1;
			}
			continue;
		}
		if (b->stat == ST_EACH)
			continue;
		w = xcalloc(b->windows.n, sizeof(*w));
		for (i = 0; i < b->windows.n; i++)
			w[i] = b->windows.ent[i].val;
		qsort(w, b->windows.n, sizeof(*w), cmp_acc);
		for (i = 0; i < b->windows.n; i++) {
			t = b->window > 0 ? time_of_sec((double)w[i]->start *
			    b->window) : w[i]->first;
			if ((long)w[i]->n < b->min_samples) {
				/* Too few to judge: said, never a pass. */
				run->counts[bi].no_data++;
				violation(run, b, t, NAN, NAN,
				    "insufficient_data", w[i]->n);
				keep_thin(run, bi, t, w[i]->n,
				    b->on_missing == MISS_FAIL &&
				    b->enforcement == ENF_STRICT &&
				    b->waiver == NULL);
				continue;
			}
			/* a rate over all the input: over its time span */
			span = b->window > 0 ? b->window :
			    time_sec(w[i]->last - w[i]->first);
			if (b->stat == ST_RATE && !(span > 0)) {
				run->counts[bi].no_data++;
				violation(run, b, t, NAN, NAN,
				    "insufficient_data", w[i]->n);
				keep_thin(run, bi, t, w[i]->n, 0);
				continue;
			}
			check(run, bi, t, acc_stat(w[i], b->stat, b->q, span),
			    w[i]->n);
		}
		free(w);
	}
}

/*
 * Feeds a record to every budget that takes it: checked at once (each)
 * or kept for its window.  Returns the worst severity its value reaches
 * (-1: no budget took it) and sets hit to the name of that budget.
 */
int
budgets_take(struct run *run, const struct rec *r, struct buf *hit)
{
	const struct metric_names *mn = mnames();
	const struct takers *tk;
	const char *metric, *unit = NULL;
	double v = 0, limit;
	pp_time t = 0;
	size_t bi, i;
	int sev, worst;

	metric = rec_get(r, mn->metric);
	worst = -1;
	hit->len = 0;
	tk = takers_of(run, metric != NULL ? metric : "");
	for (i = 0; i < tk->n; i++) {
		struct budget *b = &run->bs.b[bi = tk->idx[i]];

		if (!budget_matches(b, r))
			continue;
		if (worst < 0) {
			/* The first budget that takes the record. */
			if (record_value(run, r, &v, &unit) != 0)
				break;
			if (metric_time_checked(r, &run->c, &t) != 0)
				break;
			worst = SEV_PASS;
		}
		if (unit != NULL && *b->base_unit != '\0' &&
		    b->stat != ST_COUNT && b->stat != ST_RATE &&
		    strcmp(unit, b->base_unit) != 0) {
			/* 0.6 s is not 600 of anything else */
			pp_badrec(r->file, r->line, "unit '%s' is not "
			    "in %s, the unit of budget '%s'",
			    rec_get(r, mn->unit), b->base_unit,
			    b->name);
			continue;
		}
		if (b->record_unit == NULL && unit != NULL)
			b->record_unit = unit;
		if (b->stat == ST_EACH)
			check(run, bi, t, v, 1);
		else
			budget_add(b, t, v);
		if (run->annotate) {
			sev = budget_check(b, v, &limit);
			if (b->waiver != NULL && sev > SEV_PASS)
				sev = SEV_PASS;
			if (sev > worst || hit->len == 0) {
				worst = sev;
				hit->len = 0;
				buf_adds(hit, b->name);
			}
		}
		if (b->stat == ST_EACH)
			b->nrecords++;
	}
	return worst;
}

void
run_free(struct run *run)
{
	size_t bi, i;

	for (bi = 0; bi < run->bs.n; bi++) {
		for (i = 0; i < run->counts[bi].days.n; i++)
			free(run->counts[bi].days.ent[i].val);
		hmap_free(&run->counts[bi].days);
	}
	for (i = 0; i < run->takers.n; i++) {
		struct takers *x = run->takers.ent[i].val;

		free(x->idx);
		free(x);
	}
	hmap_free(&run->takers);
	free(run->counts);
	free(run->streak);
}
