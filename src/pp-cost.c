/*
 * pp-cost: exact money from usage records and a YAML price sheet;
 * breakdowns, periods, top drivers, a forecast, savings, coverage.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "conf.h"
#include "cost.h"
#include "diag.h"
#include "hmap.h"
#include "metric.h"
#include "money.h"
#include "rd.h"
#include "stats.h"
#include "htest.h"
#include "wr.h"

enum { OUT_ANNOTATE, OUT_RECORDS, OUT_BY, OUT_REPORT, OUT_TOP,
	OUT_FORECAST, OUT_SUGGEST };
enum { MODE_AUTO, MODE_CALCULATE, MODE_DISPLAY };
enum { P_DAILY, P_WEEKLY, P_MONTHLY };
static const struct opt_word mode_words[] = {
	{ "auto", MODE_AUTO }, { "calculate", MODE_CALCULATE },
	{ "display", MODE_DISPLAY }, { NULL, 0 }
};
static const struct opt_word period_words[] = {
	{ "daily", P_DAILY }, { "weekly", P_WEEKLY },
	{ "monthly", P_MONTHLY }, { NULL, 0 }
};

enum {
	OPT_MODE = OPT_LOCAL, OPT_COST_RECORDS, OPT_BY, OPT_REPORT, OPT_TOP,
	OPT_FORECAST, OPT_SUGGEST, OPT_REQUIRE_COVERAGE, OPT_SINCE, OPT_UNTIL,
	OPT_TZ, OPT_EXECUTION_FIELD, OPT_COMPRESSION_RATIO
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "mode",		required_argument,	NULL, OPT_MODE },
	{ "cost-records",	no_argument,		NULL, OPT_COST_RECORDS },
	{ "by",			required_argument,	NULL, OPT_BY },
	{ "report",		required_argument,	NULL, OPT_REPORT },
	{ "top",		required_argument,	NULL, OPT_TOP },
	{ "forecast",		no_argument,		NULL, OPT_FORECAST },
	{ "suggest",		no_argument,		NULL, OPT_SUGGEST },
	{ "require-coverage",	required_argument,	NULL, OPT_REQUIRE_COVERAGE },
	{ "since",		required_argument,	NULL, OPT_SINCE },
	{ "until",		required_argument,	NULL, OPT_UNTIL },
	{ "tz",			required_argument,	NULL, OPT_TZ },
	{ "execution-field",	required_argument,	NULL, OPT_EXECUTION_FIELD },
	{ "compression-ratio",	required_argument,	NULL, OPT_COMPRESSION_RATIO },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-cost [options] -c FILE [--mode auto|calculate|display]\n"
"               [--cost-records | --by FIELD,... | --top N [--by FIELD,...] |\n"
"               --report daily|weekly|monthly | --forecast | --suggest]\n"
"               [--since T] [--until T] [--tz ZONE]\n"
"               [--require-coverage P] [FILE...]\n"
"\n"
"Price usage records exactly with the prices: section of a YAML file.\n"
"Money is exact: decimal prices, 128-bit products, half-even rounding once\n"
"per line item, exact totals.\n"
"\n"
"Output (every usage record with its cost by default):\n"
"      --cost-records       cost metric records (metric cost), for pp-trend\n"
"                           and pp-budget\n"
"      --by FIELD,...       totals per group, with share and per-execution\n"
"      --top N              the N largest groups of --by (default category)\n"
"      --report PERIOD      totals per day, week or month and category\n"
"      --forecast           the next day, week and month from daily totals\n"
"      --suggest            savings, with the evidence and the amounts\n"
"Pricing:\n"
"      --mode M             auto: a record's own cost field wins (default);\n"
"                           calculate: always the sheet; display: only cost\n"
"      --since T, --until T only records in [T, T) (dates or RFC 3339)\n"
"      --tz ZONE            calendar days, weeks and months (default UTC)\n"
"      --execution-field F  the execution id for cost per execution\n"
"                           (default execution_id)\n"
"      --compression-ratio R  the compressed share of egress assumed by\n"
"                           --suggest (default 0.3)\n"
"      --require-coverage P exit 1 when less than P%% of records is priced\n"
"\n"
"%s"
"\n"
"See pp-cost(1) and pp-config(5).\n", pp_common_help);
}

/* One group of --by: its key's values, and its totals. */
struct group {
	char		**vals;
	money		 cost;
	size_t		 n;
	struct hmap	 execs;		/* distinct execution ids */
	double		 seconds;
	int		 has_seconds;
};

/* Totals of a calendar period for a category. */
struct period {
	pp_time		 start;
	const char	*category;
	money		 cost;
	size_t		 n;
};

struct cost {
	struct pp_common c;
	struct prices	 p;
	int		 out, mode, period;
	long		 top;
	const char	**by;
	size_t		 nby;
	double		 require, compression;
	pp_time		 since, until;
	int		 since_set, until_set;
	const char	*exec_field;
	const char	*currency;
	const char	*n_cost, *n_currency, *n_category, *n_rule;
	int		 need_time;	/* sheets, periods, gauges, filters */
	pp_time		 now;		/* the sheet of records without time */
	const char	*last_unit, *last_base;
	char		 last_unit_buf[32];
	int64_t		 last_mul;
	int		 last_div10;
	struct wr	*out_w;
	struct rec	 r;
	size_t		 nrec, npriced;
	money		 total;
	struct hmap	 unpriced;	/* metric -> count */
	struct hmap	 groups;
	struct hmap	 periods;	/* start + category -> struct period */
	struct hmap	 gauges;	/* series -> last time of a gauge */
	struct buf	 key;
	/* --suggest */
	struct hmap	 models;	/* model -> money and usage */
	struct hmap	 prompts;	/* prompt hash -> count, money */
	struct hmap	 calls;		/* api key -> times */
	money		 llm, egress;
	double		 egress_bytes;
};

struct model_use {
	money		 cost;
	const struct rule *rule;
	struct decimal	 usage;	/* summed as a double below */
	double		 qty;
	const char	*metric;
	struct model_use *next;	/* other metrics of the same model */
};

struct prompt_use {
	size_t	 n;
	money	 first, repeats;
};

struct call_times {
	double	*t;
	size_t	 n, cap;
	money	 cost;
};

static void
put_money(struct rec *r, const char *name, money m)
{
	char buf[32];

	rec_put(r, name, money_format(m, buf));
}

/* A record unit to base units: an integer factor over a power of ten. */
static void
unit_factor(const char *u, int64_t *mul, int *div10, const char **base)
{
	const struct pp_unit *pu = unit_find(u, UNIT_RECORD);

	*mul = pu != NULL ? pu->mul : 1;
	*div10 = pu != NULL ? pu->div10 : 0;
	/* count, tokens, calls ...: as they are */
	*base = pu != NULL ? pu->base : u != NULL ? u : "";
}

static void
unpriced(struct cost *k, const char *metric)
{
	struct hmap_entry *e = hmap_put(&k->unpriced, metric,
	    strlen(metric));

	e->val = (void *)((size_t)e->val + 1);
}

/*
 * Prices one record: 0 with *amount, *rule (NULL for the record's own
 * cost) and *currency, or -1 if it stays unpriced (a warning said why
 * where it was bad).
 */
static int
price(struct cost *k, const struct rec *r, pp_time t, int has_time,
    money *amount, const struct rule **rule, const char **currency,
    double *qty_out)
{
	const char *ttext;
	const struct metric_names *mn = mnames();
	const char *own = rec_get(r, k->n_cost), *metric, *v, *u, *base;
	struct sheet *sh;
	struct decimal q, one = { 1, 0 };
	int64_t mul;
	int div10;
	const struct rule *ru;

	*rule = NULL;
	*qty_out = NAN;
	if (own != NULL && *own != '\0' && k->mode != MODE_CALCULATE) {
		if (decimal_parse(own, &q) != 0 ||
		    money_line(&q, &one, &one, amount) != 0) {
			pp_badrec(r->file, r->line, "field 'cost': '%s' is not "
			    "an amount", own);
			return -1;
		}
		*currency = rec_get(r, k->n_currency);
		if (*currency == NULL || **currency == '\0')
			*currency = k->currency;
		if (strcmp(*currency, k->currency) != 0) {
			pp_badrec(r->file, r->line, "field 'currency': '%s' is "
			    "not the sheet's %s: not added", *currency,
			    k->currency);
			return -1;
		}
		return 0;
	}
	if (k->mode == MODE_DISPLAY || k->p.n == 0)
		return -1;
	sh = prices_at(&k->p, has_time ? t : k->now);
	if (sh == NULL)
		return -1;
	metric = rec_get(r, mn->metric);
	if ((ru = rule_for(sh, metric != NULL ? metric : "", r)) == NULL)
		return -1;
	if ((v = rec_get(r, k->c.field)) == NULL || *v == '\0') {
		pp_badrec(r->file, r->line, "field '%s' is missing",
		    k->c.field);
		return -1;
	}
	if (decimal_parse(v, &q) != 0) {
		pp_badrec(r->file, r->line, "field '%s': '%s' is not a number",
		    k->c.field, v);
		return -1;
	}
	if (q.mant < 0) {
		pp_badrec(r->file, r->line, "field '%s': '%s' is negative: no "
		    "cost", k->c.field, v);
		return -1;
	}
	u = rec_get(r, mn->unit);
	/* a stream rarely changes units: the last one is remembered */
	if (u != NULL && k->last_unit != NULL && strcmp(u, k->last_unit) == 0) {
		mul = k->last_mul;
		div10 = k->last_div10;
		base = k->last_base;
	} else {
		unit_factor(u, &mul, &div10, &base);
		if (u != NULL && strlen(u) < sizeof(k->last_unit_buf)) {
			strcpy(k->last_unit_buf, u);
			k->last_unit = k->last_unit_buf;
			k->last_mul = mul;
			k->last_div10 = div10;
			k->last_base = base;
		}
	}
	if (decimal_scale(&q, mul, div10) != 0) {
		pp_badrec(r->file, r->line, "field '%s': '%s' is too large",
		    k->c.field, v);
		return -1;
	}
	if ((ru->per_kind == PER_TIME && strcmp(base, "s") != 0) ||
	    (ru->per_kind == PER_BYTES && strcmp(base, "bytes") != 0) ||
	    (ru->per_kind == PER_BYTE_TIME && strcmp(base, "bytes") != 0 &&
	    strcmp(base, "byte-seconds") != 0)) {
		pp_badrec(r->file, r->line, "unit '%s' does not go with %s's "
		    "per '%s'", u != NULL ? u : "", ru->name, ru->per_text);
		return -1;
	}
	if (ru->per_kind == PER_BYTE_TIME && strcmp(base, "bytes") == 0) {
		/*
		 * A gauge of bytes over time: a sample pays for the time
		 * since the last sample of its series (the first for none).
		 */
		struct hmap_entry *e;
		pp_time last;

		if (!has_time && metric_time(r, &k->c, &t, &ttext) != 0) {
			pp_badrec(r->file, r->line, "a storage gauge needs a "
			    "time");
			return -1;
		}
		series_key(r, &k->c, &k->key);
		e = hmap_put(&k->gauges, k->key.p, k->key.len);
		last = e->val != NULL ? *(pp_time *)e->val : t;
		if (e->val == NULL)
			e->val = xmalloc(sizeof(pp_time));
		if (t < last)
			last = t;	/* out of order: no time passed */
		else
			*(pp_time *)e->val = t;
		/* microseconds: quantity x us / 10^6 is byte-seconds */
		{
			int64_t d = t - last;
			int d10 = 6;

			while (d10 > 0 && d % 10 == 0) {
				d /= 10;
				d10--;
			}
			if (decimal_scale(&q, d, d10) != 0)
				d10 = -1;
			if (d10 >= 0)
				goto scaled;
		}
		{
			pp_badrec(r->file, r->line, "field '%s': too large",
			    k->c.field);
			return -1;
		}
	}
scaled:
	if (money_line(&q, &ru->price, &ru->per, amount) != 0) {
		pp_badrec(r->file, r->line, "the cost is beyond 9.2e9 %s",
		    sh->currency);
		return -1;
	}
	*rule = ru;
	*currency = sh->currency;
	*qty_out = (double)q.mant;
	for (div10 = q.scale; div10 > 0; div10--)
		*qty_out /= 10;
	return 0;
}

static void
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
		pp_die(PP_EXIT_DATA, "a total is beyond 9.2e9 %s", k->currency);
	g->n++;
	if ((ex = rec_get(r, k->exec_field)) != NULL && *ex != '\0')
		hmap_put(&g->execs, ex, strlen(ex));
	if ((d = rec_get(r, interns("duration"))) != NULL &&
	    parse_double(d, &sec) == 0) {
		g->seconds += sec;
		g->has_seconds = 1;
	}
}

static void
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
		pp_die(PP_EXIT_DATA, "a total is beyond 9.2e9 %s", k->currency);
	p->n++;
}

static void
add_evidence(struct cost *k, const struct rec *r, pp_time t,
    const struct rule *ru, money m, double qty)
{
	const char *model, *ph, *metric = rec_get(r, mnames()->metric), *cat;
	struct hmap_entry *e;

	cat = ru != NULL ? ru->category : "";
	if (strcmp(cat, "llm") == 0) {
		(void)money_add(k->llm, m, &k->llm);
		model = rec_get(r, interns("model"));
		if (model == NULL)
			model = rec_get(r, interns("gen_ai.request.model"));
		if (model != NULL && ru != NULL) {
			struct model_use *u;

			k->key.len = 0;
			buf_adds(&k->key, model);
			buf_addc(&k->key, '\037');
			buf_adds(&k->key, metric != NULL ? metric : "");
			e = hmap_put(&k->models, k->key.p, k->key.len);
			if ((u = e->val) == NULL) {
				u = e->val = xcalloc(1, sizeof(*u));
				u->rule = ru;
				u->metric = interns(metric != NULL ? metric :
				    "");
			}
			(void)money_add(u->cost, m, &u->cost);
			u->qty += qty;
		}
		ph = rec_get(r, interns("prompt_hash"));
		if (ph == NULL)
			ph = rec_get(r, interns("gen_ai.prompt.hash"));
		if (ph != NULL && *ph != '\0') {
			struct prompt_use *pu;

			k->key.len = 0;
			buf_adds(&k->key, ph);
			buf_addc(&k->key, '\037');
			buf_adds(&k->key, metric != NULL ? metric : "");
			e = hmap_put(&k->prompts, k->key.p, k->key.len);
			if ((pu = e->val) == NULL)
				pu = e->val = xcalloc(1, sizeof(*pu));
			if (pu->n++ == 0)
				pu->first = m;
			else
				(void)money_add(pu->repeats, m, &pu->repeats);
		}
	}
	if (strcmp(cat, "network") == 0) {
		(void)money_add(k->egress, m, &k->egress);
		if (!isnan(qty))
			k->egress_bytes += qty;
	}
	if (strcmp(cat, "api") == 0) {
		struct call_times *ct;
		const char *in = rec_get(r, interns("integration"));

		k->key.len = 0;
		buf_adds(&k->key, metric != NULL ? metric : "");
		buf_addc(&k->key, '\037');
		buf_adds(&k->key, in != NULL ? in : "");
		e = hmap_put(&k->calls, k->key.p, k->key.len);
		if ((ct = e->val) == NULL)
			ct = e->val = xcalloc(1, sizeof(*ct));
		if (ct->n == ct->cap) {
			ct->cap = ct->cap ? ct->cap * 2 : 64;
			ct->t = xreallocarray(ct->t, ct->cap, sizeof(*ct->t));
		}
		ct->t[ct->n++] = time_sec(t);
		(void)money_add(ct->cost, m, &ct->cost);
	}
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;

	return (x->cost < y->cost) - (x->cost > y->cost);
}

static void
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
			char buf[32];

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

static void
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
static void
write_forecast(struct cost *k)
{
	static const struct {
		const char	*name;
		int		 days;
	} hz[] = { { "day", 1 }, { "week", 7 }, { "month", 30 } };
	struct period **p = xcalloc(k->periods.n + 1, sizeof(*p));
	struct rec *r = &k->r;
	double *x, *y, sum, sx, var, t, yhat, lo, hi;
	char ts[PP_TIME_LEN], buf[32];
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

static void
suggestion(struct cost *k, const char *type, const char *evidence,
    money savings, const char *basis)
{
	struct rec *r = &k->r;

	rec_clear(r);
	rec_put(r, "type", type);
	put_money(r, "savings", savings);
	rec_put(r, "currency", k->currency);
	rec_put(r, "evidence", evidence);
	rec_put(r, "basis", basis);
	wr_record(k->out_w, r);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
write_suggestions(struct cost *k)
{
	char ev[512], basis[512], a[32], b[32];
	struct model_use *top = NULL, *u;
	money by_model, top_cost = 0, save;
	size_t i, j, n;

	/* A model that takes most of the LLM spend, and a cheaper one. */
	for (i = 0; i < k->models.n; i++) {
		const char *name = k->models.ent[i].key;
		size_t len = strcspn(name, "\037");

		by_model = 0;
		for (j = 0; j < k->models.n; j++)
			if (strncmp(k->models.ent[j].key, name, len) == 0 &&
			    k->models.ent[j].key[len] == '\037')
				by_model += ((struct model_use *)
				    k->models.ent[j].val)->cost;
		if (by_model > top_cost) {
			top_cost = by_model;
			top = k->models.ent[i].val;
		}
	}
	if (top != NULL && k->llm > 0 && money_double(top_cost) >=
	    0.5 * money_double(k->llm)) {
		const char *topname = NULL;
		size_t tl = 0;

		for (i = 0; i < k->models.n; i++)
			if (k->models.ent[i].val == top) {
				topname = k->models.ent[i].key;
				tl = strcspn(topname, "\037");
			}
		save = 0;
		basis[0] = '\0';
		for (i = 0; i < k->models.n && topname != NULL; i++) {
			u = k->models.ent[i].val;
			if (strncmp(k->models.ent[i].key, topname, tl) != 0 ||
			    k->models.ent[i].key[tl] != '\037')
				continue;
			/* the cheapest rule of the sheet for this metric */
			for (j = 0; j < k->p.s[k->p.n - 1].nrules; j++) {
				const struct rule *c =
				    &k->p.s[k->p.n - 1].rules[j];
				money alt;
				struct decimal q;

				if (c->metric == NULL ||
				    strcmp(c->metric, u->metric) != 0 ||
				    c == u->rule || c->per.mant == 0)
					continue;
				q.mant = (int64_t)llround(u->qty);
				q.scale = 0;
				if (money_line(&q, &c->price, &c->per,
				    &alt) != 0 || alt >= u->cost)
					continue;
				if (u->cost - alt > save) {
					save = u->cost - alt;
					snprintf(basis, sizeof(basis), "%s at "
					    "%s's price (%s per %s) instead of "
					    "%s", u->metric, c->name,
					    c->price.mant ? money_format(
					    money_from_double((double)
					    c->price.mant / pow(10,
					    c->price.scale)), a) : "0",
					    c->per_text, u->rule->name);
				}
			}
		}
		snprintf(ev, sizeof(ev), "%.*s takes %s of %s LLM spend "
		    "(%.1f%%)", (int)tl, topname != NULL ? topname : "",
		    money_format(top_cost, a), money_format(k->llm, b),
		    100 * money_double(top_cost) / money_double(k->llm));
		if (save > 0)
			suggestion(k, "cheaper_model", ev, save, basis);
	}
	/* Identical prompts: caching saves every repeat. */
	save = 0;
	n = 0;
	for (i = 0; i < k->prompts.n; i++) {
		struct prompt_use *pu = k->prompts.ent[i].val;

		if (pu->n > 1) {
			save += pu->repeats;
			n += pu->n - 1;
		}
	}
	if (n > 0) {
		snprintf(ev, sizeof(ev), "%zu repeated prompts (same "
		    "prompt_hash)", n);
		suggestion(k, "caching", ev, save, "the cost of every repeat "
		    "after the first");
	}
	/* Bursts of calls: batching saves all but one call of a burst. */
	save = 0;
	n = 0;
	for (i = 0; i < k->calls.n; i++) {
		struct call_times *ct = k->calls.ent[i].val;
		size_t start = 0, calls = 0, bursts = 0;

		qsort(ct->t, ct->n, sizeof(*ct->t), cmp_dbl);
		for (j = 1; j <= ct->n; j++)
			if (j == ct->n || ct->t[j] - ct->t[j - 1] >= 1.0) {
				if (j - start >= 10) {
					calls += j - start;
					bursts++;
				}
				start = j;
			}
		if (calls > 0 && ct->n > 0) {
			money per = money_div(ct->cost, (int64_t)ct->n);

			save += per * (money)(calls - bursts);
			n += calls;
		}
	}
	if (n > 0) {
		snprintf(ev, sizeof(ev), "%zu calls in bursts of 10 or more "
		    "less than 1 s apart", n);
		suggestion(k, "batching", ev, save, "one call per burst "
		    "instead of each, at the mean price per call");
	}
	/* Egress: compression at the assumed ratio. */
	if (k->egress > 0) {
		snprintf(ev, sizeof(ev), "egress costs %s (%.1f%% of %s), "
		    "%.0f bytes", money_format(k->egress, a),
		    k->total != 0 ? 100 * money_double(k->egress) /
		    money_double(k->total) : 0, money_format(k->total, b),
		    k->egress_bytes);
		snprintf(basis, sizeof(basis), "compressed to %g of its "
		    "size (--compression-ratio)", k->compression);
		suggestion(k, "compression", ev, money_from_double(
		    money_double(k->egress) * (1 - k->compression)), basis);
	}
}

static pp_time
opt_time(const char *opt, const char *arg)
{
	char day[64];
	pp_time t = 0;

	snprintf(day, sizeof(day), "%sT00:00:00Z", arg);
	if (time_parse(strlen(arg) == 10 ? day : arg, &t) != 0)
		pp_usage_error("%s: '%s' is not a date (2026-01-31) or an RFC "
		    "3339 time", opt, arg);
	return t;
}

static void
parse_options(int argc, char *argv[], struct cost *k, char ***files,
    size_t *nfiles)
{
	int ch, outs = 0;
	double v;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&k->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_MODE:
			k->mode = opt_word("--mode", optarg, mode_words);
			break;
		case OPT_COST_RECORDS:
			k->out = OUT_RECORDS;
			outs++;
			break;
		case OPT_BY:
			free(k->by);
			k->by = pp_split_names(optarg, &k->nby);
			if (k->nby == 0)
				pp_usage_error("--by: '%s' names no field",
				    optarg);
			if (k->out != OUT_TOP && k->out != OUT_BY) {
				k->out = OUT_BY;
				outs++;
			}
			break;
		case OPT_REPORT:
			k->period = opt_word("--report", optarg, period_words);
			k->out = OUT_REPORT;
			outs++;
			break;
		case OPT_TOP:
			k->top = opt_count("--top", optarg, 1, 1000000);
			if (k->out == OUT_BY)
				outs--;
			k->out = OUT_TOP;
			outs++;
			break;
		case OPT_FORECAST:
			k->out = OUT_FORECAST;
			k->period = P_DAILY;
			outs++;
			break;
		case OPT_SUGGEST:
			k->out = OUT_SUGGEST;
			outs++;
			break;
		case OPT_REQUIRE_COVERAGE:
			k->require = opt_percent("--require-coverage", optarg,
			    0, 1, 0);
			break;
		case OPT_SINCE:
			k->since = opt_time("--since", optarg);
			k->since_set = 1;
			break;
		case OPT_UNTIL:
			k->until = opt_time("--until", optarg);
			k->until_set = 1;
			break;
		case OPT_TZ:
			if (cal_set_zone(optarg) != 0)
				pp_usage_error("--tz: unknown time zone '%s' "
				    "(an IANA name such as Europe/Paris, or "
				    "+HH:MM)", optarg);
			break;
		case OPT_EXECUTION_FIELD:
			k->exec_field = interns(optarg);
			break;
		case OPT_COMPRESSION_RATIO:
			if (parse_double(optarg, &v) != 0 || v < 0 || v >= 1)
				pp_usage_error("--compression-ratio: '%s' is "
				    "not a ratio from 0 to below 1", optarg);
			k->compression = v;
			break;
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	if (outs > 1)
		pp_usage_error("--cost-records, --by, --top, --report, "
		    "--forecast and --suggest: choose one (--top takes --by)");
	if (k->out == OUT_TOP && k->nby == 0) {
		k->by = pp_split_names("category", &k->nby);
	}
}

int
main(int argc, char *argv[])
{
	const struct metric_names *mn;
	struct cost k;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	char **files, buf[32];
	size_t nfiles, i;
	const struct rule *ru;
	const char *cur, *metric, *ttext;
	money m;
	double qty;
	pp_time t = 0;
	int fmt, has_time, ok, status;

	pp_setprog(argv[0]);
	memset(&k, 0, sizeof(k));
	pp_common_init(&k.c);
	k.exec_field = interns("execution_id");
	k.compression = 0.3;
	k.require = -1;
	rec_init(&k.r);
	hmap_init(&k.unpriced);
	hmap_init(&k.groups);
	hmap_init(&k.periods);
	hmap_init(&k.gauges);
	hmap_init(&k.models);
	hmap_init(&k.prompts);
	hmap_init(&k.calls);
	parse_options(argc, argv, &k, &files, &nfiles);
	conf = conf_load(k.c.config);
	{
		struct metric_conf mc;

		conf_metrics(conf, &mc);	/* checked, like everywhere */
		metric_conf_free(&mc);
	}
	prices_load(conf, &k.p);
	if (k.p.n == 0 && k.mode != MODE_DISPLAY)
		pp_die(PP_EXIT_DATA, "no price sheet: the configuration has no "
		    "prices: section (or use --mode display)");
	k.currency = k.p.n > 0 ? k.p.s[k.p.n - 1].currency : "USD";
	k.now = time_now();
	k.n_cost = interns("cost");
	k.n_currency = interns("currency");
	k.n_category = interns("category");
	k.n_rule = interns("price_rule");
	/* A record's time is read only when something needs it. */
	k.need_time = k.p.n > 1 || k.since_set || k.until_set ||
	    k.out == OUT_REPORT || k.out == OUT_FORECAST ||
	    k.out == OUT_SUGGEST;

	mn = mnames();
	pp_common_rdopts(&k.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&k.c, k.out != OUT_ANNOTATE &&
	    k.out != OUT_RECORDS, rd_format(rd));
	k.out_w = wr_open(stdout, "standard output", fmt);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			k.nrec++;
			unpriced(&k, "(malformed)");
			if (k.out == OUT_ANNOTATE && fmt == rd_format(rd))
				wr_pass(k.out_w, rd);
			continue;
		}
		has_time = 0;
		if (k.need_time) {
			if (metric_time_checked(r, &k.c, &t) != 0) {
				k.nrec++;
				unpriced(&k, "(no time)");
				continue;
			}
			has_time = 1;
		}
		if ((k.since_set || k.until_set) && has_time &&
		    ((k.since_set && t < k.since) ||
		    (k.until_set && t >= k.until)))
			continue;
		k.nrec++;
		metric = rec_get(r, mn->metric);
		ok = price(&k, r, t, has_time, &m, &ru, &cur, &qty) == 0;
		if (ok) {
			k.npriced++;
			if (money_add(k.total, m, &k.total) != 0)
				pp_die(PP_EXIT_DATA, "%s:%lu: the total is "
				    "beyond 9.2e9 %s", r->file, r->line,
				    k.currency);
		} else
			unpriced(&k, metric != NULL ? metric : "");
		switch (k.out) {
		case OUT_ANNOTATE:
			rec_set(r, k.n_cost, ok ? money_format(m, buf) : "");
			rec_set(r, k.n_currency, ok ? cur : "");
			rec_set(r, k.n_category, ok && ru != NULL ?
			    ru->category : rec_get(r, k.n_category) != NULL ?
			    rec_get(r, k.n_category) : "");
			rec_set(r, k.n_rule, ok ? ru != NULL ? ru->name :
			    "record" : "");
			wr_record(k.out_w, r);
			break;
		case OUT_RECORDS:
			if (!ok)
				break;
			rec_clear(&k.r);
			if (has_time || metric_time(r, &k.c, &t, &ttext) == 0) {
				char ts[PP_TIME_LEN];

				rec_put(&k.r, "ts", time_format(t, ts));
			}
			rec_put(&k.r, "metric", "cost");
			put_money(&k.r, "value", m);
			rec_put(&k.r, "unit", cur);
			rec_put(&k.r, "category", ru != NULL ? ru->category : "");
			rec_put(&k.r, "price_rule", ru != NULL ? ru->name :
			    "record");
			rec_put(&k.r, "usage_metric", metric != NULL ? metric : "");
			for (i = 0; i < r->n; i++)
				if (metric_is_label(&k.c, r->name[i]) &&
				    r->name[i] != k.n_cost &&
				    r->name[i] != k.n_currency &&
				    r->name[i] != k.n_category &&
				    r->name[i] != k.n_rule &&
				    strcmp(r->name[i], "usage_metric") != 0)
					rec_add(&k.r, r->name[i],
					    rec_val(r, i),
					    strlen(rec_val(r, i)), 0);
			wr_record(k.out_w, &k.r);
			break;
		case OUT_BY:
		case OUT_TOP:
			if (ok)
				add_group(&k, r, ru, m);
			break;
		case OUT_REPORT:
		case OUT_FORECAST:
			if (ok && has_time)
				add_period(&k, t, ru != NULL ? ru->category :
				    rec_get(r, k.n_category) != NULL ?
				    rec_get(r, k.n_category) : "", m);
			break;
		case OUT_SUGGEST:
			if (ok)
				add_evidence(&k, r, has_time ? t : 0, ru, m,
				    qty);
			break;
		}
	}
	rd_close(rd);
	if (k.out == OUT_BY)
		write_groups(&k, 0);
	else if (k.out == OUT_TOP)
		write_groups(&k, (size_t)k.top);
	else if (k.out == OUT_REPORT)
		write_report(&k);
	else if (k.out == OUT_FORECAST)
		write_forecast(&k);
	else if (k.out == OUT_SUGGEST)
		write_suggestions(&k);
	wr_close(k.out_w);
	pp_badrec_finish();

	/* Coverage: always said, for the "100% cost tracking" check. */
	if (!k.c.quiet) {
		struct buf list = BUF_INIT;

		for (i = 0; i < k.unpriced.n && i < 5; i++) {
			buf_printf(&list, "%s%s (%zu)", i > 0 ? ", " : "",
			    *k.unpriced.ent[i].key ? k.unpriced.ent[i].key :
			    "no metric", (size_t)k.unpriced.ent[i].val);
		}
		if (k.unpriced.n > 5)
			buf_printf(&list, ", ...");
		fprintf(stderr, "%s: priced %zu of %zu records (%s%%), %s %s"
		    "%s%s\n", pp_getprog(), k.npriced, k.nrec,
		    fmt_num(k.nrec > 0 ? 100.0 * (double)k.npriced /
		    (double)k.nrec : 100, buf), money_format(k.total,
		    (char[32]){ 0 }), k.currency, k.unpriced.n > 0 ?
		    "; unpriced: " : "", k.unpriced.n > 0 ? list.p : "");
		buf_free(&list);
	}
	status = PP_EXIT_OK;
	if (k.require >= 0 && k.nrec > 0 &&
	    (double)k.npriced < k.require * (double)k.nrec - 1e-9) {
		pp_warn("coverage %s%% is below --require-coverage %s%%",
		    fmt_num(100.0 * (double)k.npriced / (double)k.nrec, buf),
		    fmt_num(k.require * 100, (char[32]){ 0 }));
		status = PP_EXIT_FAIL;
	}

	for (i = 0; i < k.groups.n; i++) {
		struct group *g = k.groups.ent[i].val;
		size_t j;

		for (j = 0; j < k.nby; j++)
			free(g->vals[j]);
		free(g->vals);
		hmap_free(&g->execs);
		free(g);
	}
	hmap_free(&k.groups);
	for (i = 0; i < k.periods.n; i++)
		free(k.periods.ent[i].val);
	hmap_free(&k.periods);
	for (i = 0; i < k.gauges.n; i++)
		free(k.gauges.ent[i].val);
	hmap_free(&k.gauges);
	for (i = 0; i < k.models.n; i++)
		free(k.models.ent[i].val);
	hmap_free(&k.models);
	for (i = 0; i < k.prompts.n; i++)
		free(k.prompts.ent[i].val);
	hmap_free(&k.prompts);
	for (i = 0; i < k.calls.n; i++) {
		struct call_times *ct = k.calls.ent[i].val;

		free(ct->t);
		free(ct);
	}
	hmap_free(&k.calls);
	hmap_free(&k.unpriced);
	buf_free(&k.key);
	rec_free(&k.r);
	prices_free(&k.p);
	conf_free(conf);
	free(k.by);
	pp_common_free(&k.c);
	return pp_close_stdout(status);
}
