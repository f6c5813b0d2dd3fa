/*
 * pp-cost's output of priced records: each record annotated or as a cost
 * metric, totals per group of --by, per period of --report, and the
 * forecast from daily totals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cost.h"
#include "diag.h"
#include "htest.h"
#include "metric.h"
#include "stats.h"

void
put_money(struct rec *r, const char *name, money m)
{
	char buf[MONEY_LEN];

	rec_put(r, name, money_format(m, buf));
}

void
write_annotated(struct cost *k, struct rec *r, int ok, money m,
    const struct rule *ru, const char *cur)
{
	char buf[MONEY_LEN];

	rec_set(r, k->n_cost, ok ? money_format(m, buf) : "");
	rec_set(r, k->n_currency, ok ? cur : "");
	rec_set(r, k->n_category, ok && ru != NULL ?
	    ru->category : rec_get(r, k->n_category) != NULL ?
	    rec_get(r, k->n_category) : "");
	rec_set(r, k->n_rule, ok ? ru != NULL ? ru->name :
	    "record" : "");
	wr_record(k->out_w, r);
}

void
write_cost_record(struct cost *k, const struct rec *r, pp_time t,
    int has_time, money m, const struct rule *ru, const char *cur)
{
	const char *metric = rec_get(r, mnames()->metric), *ttext;
	size_t i;

	rec_clear(&k->r);
	if (has_time || metric_time(r, &k->c, &t, &ttext) == 0) {
		char ts[PP_TIME_LEN];

		rec_put(&k->r, "ts", time_format(t, ts));
	}
	rec_put(&k->r, "metric", "cost");
	put_money(&k->r, "value", m);
	rec_put(&k->r, "unit", cur);
	rec_put(&k->r, "category", ru != NULL ? ru->category : "");
	rec_put(&k->r, "price_rule", ru != NULL ? ru->name :
	    "record");
	rec_put(&k->r, "usage_metric", metric != NULL ? metric : "");
	for (i = 0; i < r->n; i++)
		if (metric_is_label(&k->c, r->name[i]) &&
		    r->name[i] != k->n_cost &&
		    r->name[i] != k->n_currency &&
		    r->name[i] != k->n_category &&
		    r->name[i] != k->n_rule &&
		    strcmp(r->name[i], "usage_metric") != 0)
			rec_add(&k->r, r->name[i],
			    rec_val(r, i),
			    strlen(rec_val(r, i)), 0);
	wr_record(k->out_w, &k->r);
}

void
add_group(struct cost *k, const struct rec *r, const struct rule *ru,
    money m)
{
	struct hmap_entry *e;
	struct group *g;
	const char *v, *ex, *d;
	size_t i;
	double sec;

	k->key.len = 0;
	for (i = 0; i < k->nby; i++) {
		v = strcmp(k->by[i], "category") == 0 && ru != NULL ?
		    ru->category : strcmp(k->by[i], "price_rule") == 0 &&
		    ru != NULL ? ru->name : rec_get(r, k->by[i]);
		buf_adds(&k->key, v != NULL ? v : "");
		buf_addc(&k->key, '\037');
	}
	e = hmap_put(&k->groups, k->key.p, k->key.len);
	if ((g = e->val) == NULL) {
		g = e->val = xcalloc(1, sizeof(*g));
		g->vals = xcalloc(k->nby, sizeof(*g->vals));
		for (i = 0, v = e->key; i < k->nby; i++) {
			size_t n = strcspn(v, "\037");

			g->vals[i] = xstrndup(v, n);
			v += n + 1;
		}
		hmap_init(&g->execs);
	}
	if (money_add(g->cost, m, &g->cost) != 0)
		pp_die(PP_EXIT_DATA, "a total is beyond 1.7e29 %s", k->currency);
	g->n++;
	if ((ex = rec_get(r, k->exec_field)) != NULL && *ex != '\0')
		hmap_put(&g->execs, ex, strlen(ex));
	if ((d = rec_get(r, interns("duration"))) != NULL &&
	    parse_double(d, &sec) == 0) {
		g->seconds += sec;
		g->has_seconds = 1;
	}
}

void
add_period(struct cost *k, pp_time t, const char *category, money m)
{
	struct hmap_entry *e;
	struct period *p;
	pp_time start;

	start = k->period == P_MONTHLY ? cal_month_start(t) :
	    k->period == P_WEEKLY ? cal_week_start(t) : cal_day_start(t);
	k->key.len = 0;
	buf_add(&k->key, &start, sizeof(start));
	buf_adds(&k->key, category);
	e = hmap_put(&k->periods, k->key.p, k->key.len);
	if ((p = e->val) == NULL) {
		p = e->val = xcalloc(1, sizeof(*p));
		p->start = start;
		p->category = interns(category);
	}
	if (money_add(p->cost, m, &p->cost) != 0)
		pp_die(PP_EXIT_DATA, "a total is beyond 1.7e29 %s", k->currency);
	p->n++;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;

	return (x->cost < y->cost) - (x->cost > y->cost);
}

void
write_groups(struct cost *k, size_t limit)
{
	struct group **g = xcalloc(k->groups.n + 1, sizeof(*g));
	struct rec *r = &k->r;
	size_t i, j;

	for (i = 0; i < k->groups.n; i++)
		g[i] = k->groups.ent[i].val;
	qsort(g, k->groups.n, sizeof(*g), cmp_group);
	for (i = 0; i < k->groups.n && (limit == 0 || i < limit); i++) {
		rec_clear(r);
		if (limit > 0)
			rec_put_num(r, "rank", (double)(i + 1));
		for (j = 0; j < k->nby; j++)
			rec_put(r, k->by[j], g[i]->vals[j]);
		put_money(r, "cost", g[i]->cost);
		rec_put(r, "currency", k->currency);
		rec_put_num(r, "share_pct", k->total != 0 ? 100 *
		    money_double(g[i]->cost) / money_double(k->total) : NAN);
		rec_put_num(r, "n", (double)g[i]->n);
		rec_put(r, "cost_per_execution", "");
		if (g[i]->execs.n > 0) {
			char buf[MONEY_LEN];

			r->n--;
			rec_put(r, "cost_per_execution", money_format(money_div(
			    g[i]->cost, (int64_t)g[i]->execs.n), buf));
		}
		rec_put_num(r, "cost_per_second", g[i]->has_seconds &&
		    g[i]->seconds > 0 ? money_double(g[i]->cost) /
		    g[i]->seconds : NAN);
		wr_record(k->out_w, r);
	}
	free(g);
}

static int
cmp_period(const void *a, const void *b)
{
	const struct period *x = *(const struct period *const *)a;
	const struct period *y = *(const struct period *const *)b;
	int c;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	c = strcmp(x->category, y->category);
	return c;
}

void
write_report(struct cost *k)
{
	struct period **p = xcalloc(k->periods.n + 1, sizeof(*p));
	struct rec *r = &k->r;
	char ts[PP_TIME_LEN];
	size_t i, j;
	double prev;

	for (i = 0; i < k->periods.n; i++)
		p[i] = k->periods.ent[i].val;
	qsort(p, k->periods.n, sizeof(*p), cmp_period);
	for (i = 0; i < k->periods.n; i++) {
		pp_time before = k->period == P_MONTHLY ?
		    cal_prev_month(p[i]->start) : k->period == P_WEEKLY ?
		    cal_prev_week(p[i]->start) : p[i]->start - PP_TIME_DAY;

		if (k->period == P_DAILY)
			before = cal_day_start(p[i]->start - 1);
		prev = NAN;
		for (j = 0; j < i; j++)
			if (p[j]->start == before && p[j]->category ==
			    p[i]->category)
				prev = money_double(p[j]->cost);
		rec_clear(r);
		rec_put(r, "ts", time_format(p[i]->start, ts));
		rec_put(r, "metric", "cost");
		put_money(r, "value", p[i]->cost);
		rec_put(r, "unit", k->currency);
		rec_put(r, "period", k->period == P_MONTHLY ? "month" :
		    k->period == P_WEEKLY ? "week" : "day");
		rec_put(r, "category", p[i]->category);
		rec_put_num(r, "n", (double)p[i]->n);
		rec_put_num(r, "change_pct", !isnan(prev) && prev != 0 ?
		    (money_double(p[i]->cost) / prev - 1) * 100 : NAN);
		wr_record(k->out_w, r);
	}
	free(p);
}

/*
 * Forecasts from daily totals: the least-squares line through them, and
 * for a sum of the next h days, sum y_i with the variance s^2 (h + h^2 /
 * n + (sum (x_i - xbar))^2 / Sxx) of independent new days.
 */
void
write_forecast(struct cost *k)
{
	static const struct {
		const char	*name;
		int		 days;
	} hz[] = { { "day", 1 }, { "week", 7 }, { "month", 30 } };
	struct period **p = xcalloc(k->periods.n + 1, sizeof(*p));
	struct rec *r = &k->r;
	double *x, *y, sum, sx, var, t, yhat, lo, hi;
	char ts[PP_TIME_LEN], buf[MONEY_LEN];
	size_t i, nd = 0, h;
	struct ols o;
	pp_time last;

	/* One total a day, over the categories. */
	for (i = 0; i < k->periods.n; i++)
		p[i] = k->periods.ent[i].val;
	qsort(p, k->periods.n, sizeof(*p), cmp_period);
	x = xcalloc(k->periods.n + 1, sizeof(*x));
	y = xcalloc(k->periods.n + 1, sizeof(*y));
	for (i = 0; i < k->periods.n; i++) {
		double d = floor(time_days(p[i]->start - p[0]->start) + 0.5);

		if (nd == 0 || x[nd - 1] != d) {
			x[nd] = d;
			y[nd++] = 0;
		}
		y[nd - 1] += money_double(p[i]->cost);
	}
	if (ols_fit(x, y, nd, &o) != 0) {
		pp_warn("--forecast needs daily totals of at least 3 days, "
		    "found %zu", nd);
		free(x);
		free(y);
		free(p);
		return;
	}
	last = p[k->periods.n - 1]->start;
	t = t_quantile(0.95, (double)nd - 2);
	for (h = 0; h < 3; h++) {
		sum = sx = 0;
		for (i = 1; i <= (size_t)hz[h].days; i++) {
			sum += o.intercept + o.slope * (x[nd - 1] + (double)i);
			sx += x[nd - 1] + (double)i - o.xbar;
		}
		var = o.s2 * ((double)hz[h].days + (double)hz[h].days *
		    (double)hz[h].days / (double)nd + sx * sx / o.sxx);
		yhat = sum;
		lo = yhat - t * sqrt(var);
		hi = yhat + t * sqrt(var);
		rec_clear(r);
		rec_put(r, "ts", time_format(cal_next_day(last), ts));
		rec_put(r, "metric", "cost");
		rec_put(r, "value", money_format(money_from_double(yhat), buf));
		rec_put(r, "unit", k->currency);
		rec_put(r, "horizon", hz[h].name);
		rec_put(r, "lo", money_format(money_from_double(lo), buf));
		rec_put(r, "hi", money_format(money_from_double(hi), buf));
		rec_put_num(r, "days", (double)nd);
		wr_record(k->out_w, r);
	}
	free(x);
	free(y);
	free(p);
}
