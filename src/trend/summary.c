/*
 * pp-trend's default mode: one summary record per series (moments,
 * quantiles, the trend line and its forecasts, week over week and month
 * over month, change points), computed on two threads when there are many.
 */
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "diag.h"
#include "metric.h"
#include "stats.h"
#include "htest.h"
#include "trend.h"

/* The median of s's values in [from, to), all points; NaN if none. */
static double *
values_between(const struct series *s, pp_time from, pp_time to,
    size_t *n)
{
	double *v = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < s->n; i++)
		if (s->t[i] >= from && s->t[i] < to) {
			v = xreallocarray(v, *n + 1, sizeof(*v));
			v[(*n)++] = s->v[i];
		}
	return v;
}

/* Last period against the one before: percent change of medians, p. */
static void
compare_periods(const struct series *s, pp_time cur, pp_time prev,
    pp_time end, double *pct, double *p)
{
	size_t na, nb;
	double *a = values_between(s, cur, end, &na);
	double *b = values_between(s, prev, cur, &nb);
	double ma, mb, w;

	*pct = *p = NAN;
	if (na > 0 && nb > 0) {
		*p = mann_whitney(a, na, b, nb, &w);
		ma = stat_median(a, na);
		mb = stat_median(b, nb);
		if (mb != 0)
			*pct = (ma / mb - 1) * 100;
	}
	free(a);
	free(b);
}

static const char *const spark[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇",
    "█" };

/* A sparkline of the window: up to 16 buckets of time, their means. */
static void
sparkline(const struct series *s, struct buf *b)
{
	double sum[16] = { 0 }, lo = INFINITY, hi = -INFINITY, m;
	size_t cnt[16] = { 0 }, i, k, nb = 16;
	pp_time t0 = s->t[s->from], span = s->t[s->n - 1] - t0;

	b->len = 0;
	if (s->n - s->from < nb)
		nb = s->n - s->from;
	for (i = s->from; i < s->n; i++) {
		k = span > 0 ? (size_t)((double)(s->t[i] - t0) /
		    (double)span * (double)(nb - 1) + 0.5) : 0;
		sum[k] += s->v[i];
		cnt[k]++;
	}
	for (k = 0; k < nb; k++)
		if (cnt[k] > 0) {
			m = sum[k] / (double)cnt[k];
			lo = fmin(lo, m);
			hi = fmax(hi, m);
		}
	for (k = 0; k < nb; k++) {
		if (cnt[k] == 0) {
			buf_addc(b, ' ');
			continue;
		}
		m = sum[k] / (double)cnt[k];
		buf_adds(b, spark[hi > lo ? (int)((m - lo) / (hi - lo) * 7 +
		    0.5) : 3]);
	}
	buf_nul(b);
}

/* Count, first and last time, moments and quantiles of the window. */
static void
summary_stats(struct series *s, struct rec *r, struct moments *mo)
{
	double *v;
	size_t n = s->n - s->from, i;

	memset(mo, 0, sizeof(*mo));
	for (i = s->from; i < s->n; i++)
		moments_add(mo, s->v[i]);
	rec_put_num(r, "n", (double)n);
	trend_put_time(r, "first_ts", s->t[s->from]);
	trend_put_time(r, "last_ts", s->t[s->n - 1]);
	rec_put_num(r, "mean", mo->mean);
	rec_put_num(r, "sd", moments_sd(mo));
	rec_put_num(r, "min", mo->min);
	v = series_window_values(s, &n);
	rec_put_num(r, "p50", stat_quantile(v, n, 0.5));
	rec_put_num(r, "p95", stat_quantile(v, n, 0.95));
	free(v);
	rec_put_num(r, "max", mo->max);
}

static const char *const fname[] = { "forecast_1d", "forecast_7d",
    "forecast_30d" };

/* The fitted line's fields: slope and direction. */
static void
summary_fit(const struct trend *t, const struct series *s, struct rec *r,
    const struct moments *mo, const struct ols *o)
{
	double lo, hi, wdays, pct;
	const char *dir;

	ols_slope_ci(o, t->o.confidence, &lo, &hi);
	rec_put_num(r, "slope", o->slope);
	rec_put_num(r, "slope_lo", lo);
	rec_put_num(r, "slope_hi", hi);
	pct = mo->mean != 0 ? o->slope / fabs(mo->mean) * 100 : NAN;
	rec_put_num(r, "slope_pct", pct);
	rec_put_num(r, "r2", o->r2);
	wdays = t->o.window > 0 ? t->o.window / 86400 :
	    trend_days(s->t[s->n - 1], s->t[s->from]);
	dir = "stable";
	if ((lo > 0 || hi < 0) && !isnan(pct) &&
	    fabs(pct) * wdays >= t->o.min_change * 100)
		dir = (o->slope > 0) == (s->better == BETTER_LOWER) ?
		    "degrading" : "improving";
	rec_put(r, "direction", dir);
}

/*
 * The forecasts, from the line of the points after the last change
 * point (from): the level before a step is not the one to extend.  One
 * further ahead than those points span is empty: a line through seconds
 * of data says nothing of next month.
 */
static void
summary_forecasts(const struct trend *t, const struct series *s,
    size_t from, struct rec *r)
{
	static const double ahead[] = { 1, 7, 30 };
	struct ols o;
	double *x, span, y, lo, hi;
	char name[32];
	size_t k, i, n = s->n - from;
	int fit;

	x = xcalloc(n, sizeof(*x));
	for (i = 0; i < n; i++)
		x[i] = trend_days(s->t[from + i], s->t[from]);
	fit = ols_fit(x, s->v + from, n, &o) == 0;
	free(x);
	span = trend_days(s->t[s->n - 1], s->t[from]);
	for (k = 0; k < 3; k++) {
		y = lo = hi = NAN;
		if (fit && ahead[k] <= span)
			ols_predict(&o, span + ahead[k], t->o.confidence, &y,
			    &lo, &hi);
		rec_put_num(r, fname[k], y);
		snprintf(name, sizeof(name), "%s_lo", fname[k]);
		rec_put_num(r, name, lo);
		snprintf(name, sizeof(name), "%s_hi", fname[k]);
		rec_put_num(r, name, hi);
	}
}

/* The same fields left empty: no line could be fitted. */
static void
summary_nofit(struct rec *r)
{
	static const char *const empty[] = { "slope", "slope_lo",
	    "slope_hi", "slope_pct", "r2" };
	size_t k;

	for (k = 0; k < 5; k++)
		rec_put(r, empty[k], "");
	/* Fewer than 3 points, or all at one time: no trend to tell. */
	rec_put(r, "direction", "insufficient_data");
}

/* Week over week and month over month. */
static void
summary_periods(const struct trend *t, const struct series *s,
    struct rec *r)
{
	double pct, p;
	pp_time wk, mo_start;

	/* Calendar periods hold all the input, not only the window. */
	wk = cal_week_start(t->newest);
	compare_periods(s, wk, cal_prev_week(wk), t->newest + 1, &pct, &p);
	rec_put_num(r, "wow_pct", pct);
	rec_put_num(r, "wow_p", p);
	mo_start = cal_month_start(t->newest);
	compare_periods(s, mo_start, cal_prev_month(mo_start), t->newest + 1,
	    &pct, &p);
	rec_put_num(r, "mom_pct", pct);
	rec_put_num(r, "mom_p", p);
}

/* The change points: their count and the worst regression's severity. */
static void
summary_changes(const struct trend *t, const struct change *ch,
    size_t nch, struct rec *r, int *failed)
{
	double worst_ln = -1;
	size_t i;
	int worst = SEV_NONE;

	*failed = gates(t, ch, nch);
	for (i = 0; i < nch; i++) {
		double m = fabs(log(ch[i].after / ch[i].before));

		if (ch[i].regression && (ch[i].severity > worst ||
		    (ch[i].severity == worst && m > worst_ln))) {
			worst = ch[i].severity;
			worst_ln = m;
		}
	}
	rec_put_num(r, "changes", (double)nch);
	rec_put(r, "severity", severity_name(worst));
}

/*
 * The summary of a series into r, and in *failed whether it passes
 * --fail-on: it writes nothing shared, so threads may run it.
 */
static void
summary(const struct trend *t, struct series *s, struct rec *r, int *failed)
{
	struct moments mo;
	struct ols o;
	struct change *ch;
	double *x;
	size_t n = s->n - s->from, i, nch;
	int fit;

	rec_clear(r);
	trend_put_labels(r, s, 1);
	summary_stats(s, r, &mo);

	x = xcalloc(n, sizeof(*x));
	for (i = 0; i < n; i++)
		x[i] = trend_days(s->t[s->from + i], s->t[s->from]);
	fit = ols_fit(x, s->v + s->from, n, &o) == 0;
	free(x);
	if (fit)
		summary_fit(t, s, r, &mo, &o);
	else
		summary_nofit(r);
	nch = find_changes(s, &t->o, &ch);
	summary_forecasts(t, s, nch > 0 ? ch[nch - 1].at : s->from, r);
	summary_periods(t, s, r);
	summary_changes(t, ch, nch, r, failed);
	free(ch);
	if (t->table) {
		struct buf b = BUF_INIT;

		sparkline(s, &b);
		rec_put(r, "trend", b.p);
		buf_free(&b);
	}
}

struct worker {
	const struct trend *t;
	struct rec	*out;		/* one per series */
	int		*failed;	/* one per series */
	size_t		 from, step;	/* series from, from + step, ... */
};

static void *
summarize(void *arg)
{
	struct worker *w = arg;
	size_t i;

	for (i = w->from; i < w->t->series.n; i += w->step) {
		struct series *s = w->t->series.ent[i].val;

		if (s->from < s->n)
			summary(w->t, s, &w->out[i], &w->failed[i]);
	}
	return NULL;
}

/*
 * The summaries of every series, on two threads when there are many:
 * series are independent, and their records are written in order after.
 * The first series is done alone first, so that every field name is
 * interned before the threads only read the table of names.
 */
void
summaries(struct trend *t)
{
	struct rec *out = xcalloc(t->series.n + 1, sizeof(*out));
	int *failed = xcalloc(t->series.n + 1, sizeof(*failed));
	struct worker w[2], first;
	pthread_t th;
	size_t i, n = t->series.n, f;
	int threaded = 0;

	for (i = 0; i < n; i++)
		rec_init(&out[i]);
	for (f = 0; f < n; f++)		/* the first series with points */
		if (((struct series *)t->series.ent[f].val)->from <
		    ((struct series *)t->series.ent[f].val)->n)
			break;
	first.t = w[0].t = w[1].t = t;
	first.out = w[0].out = w[1].out = out;
	first.failed = w[0].failed = w[1].failed = failed;
	first.from = f;
	first.step = n + 1;
	if (f < n)
		summarize(&first);
	w[0].from = f + 1;
	w[0].step = 1;
	if (n - f > 8) {
		w[1].from = f + 2;
		w[0].step = w[1].step = 2;
		threaded = pthread_create(&th, NULL, summarize, &w[1]) == 0;
		if (!threaded)
			w[0].step = 1;
	}
	summarize(&w[0]);
	if (threaded)
		pthread_join(th, NULL);
	for (i = 0; i < n; i++) {
		struct series *s = t->series.ent[i].val;

		if (s->from < s->n)
			wr_record(t->out, &out[i]);
		if (failed[i])
			t->failed = 1;
		rec_free(&out[i]);
	}
	free(out);
	free(failed);
}
