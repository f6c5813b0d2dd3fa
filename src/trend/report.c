/*
 * pp-trend's record modes: change points, anomalies and forecasts, one
 * record each, the --fail-on gate, and the helpers that fill a record
 * with a time and a series' labels.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "metric.h"
#include "stats.h"
#include "htest.h"
#include "trend.h"

void
trend_put_time(struct rec *r, const char *name, pp_time t)
{
	char buf[PP_TIME_LEN];

	rec_put(r, name, time_format(t, buf));
}

/* The labels of a series, then its unit last (as a metric record). */
void
trend_put_labels(struct rec *r, const struct series *s, int with_unit)
{
	size_t i;

	for (i = 0; i + 1 < s->labels.n; i++)
		rec_add(r, s->labels.name[i], rec_val(&s->labels, i),
		    strlen(rec_val(&s->labels, i)), 0);
	if (with_unit)
		rec_add(r, s->labels.name[i], rec_val(&s->labels, i),
		    strlen(rec_val(&s->labels, i)), 0);
}

double
trend_days(pp_time t, pp_time t0)
{
	return time_days(t - t0);
}

/* 1 if a change passes --fail-on. */
int
gates(const struct trend *t, const struct change *ch, size_t n)
{
	size_t i;

	for (i = 0; i < n && t->fail_on != SEV_NONE; i++)
		if (ch[i].regression && ch[i].severity >= t->fail_on)
			return 1;
	return 0;
}

static void
gate(struct trend *t, const struct change *ch, size_t n)
{
	if (gates(t, ch, n))
		t->failed = 1;
}

static void
changes(struct trend *t, struct series *s)
{
	struct rec *r = &t->r;
	struct change *ch;
	size_t i, n = find_changes(s, &t->o, &ch);

	gate(t, ch, n);
	for (i = 0; i < n; i++) {
		rec_clear(r);
		trend_put_time(r, "ts", s->t[ch[i].at]);
		trend_put_labels(r, s, 1);
		rec_put_num(r, "before", ch[i].before);
		rec_put_num(r, "after", ch[i].after);
		rec_put_num(r, "change_pct", ch[i].before != 0 ?
		    (ch[i].after / ch[i].before - 1) * 100 : NAN);
		rec_put_num(r, "p_value", ch[i].p);
		rec_put(r, "direction", ch[i].regression ? "degrading" :
		    "improving");
		rec_put(r, "severity", severity_name(ch[i].severity));
		wr_record(t->out, r);
	}
	free(ch);
}

static void
anomaly_record(struct trend *t, struct series *s, size_t i, double score,
    double baseline, const char *method)
{
	struct rec *r = &t->r;
	char buf[32];

	rec_clear(r);
	trend_put_time(r, "ts", s->t[i]);
	rec_put(r, "metric", s->metric);
	fmt_num(s->v[i], buf);
	rec_put(r, "value", buf);
	rec_put(r, "unit", rec_val(&s->labels, s->labels.n - 1));
	for (size_t k = 1; k + 1 < s->labels.n; k++)
		rec_add(r, s->labels.name[k], rec_val(&s->labels, k),
		    strlen(rec_val(&s->labels, k)), 0);
	rec_put_num(r, "score", score);
	rec_put_num(r, "baseline", baseline);
	rec_put(r, "anomaly", s->v[i] > baseline ? "high" : "low");
	rec_put(r, "method", method);
	wr_record(t->out, r);
}

static void
anomalies(struct trend *t, struct series *s)
{
	size_t n, i, k, max_out;
	double *v = series_window_values(s, &n), med, mad, score, mean, sd;
	unsigned char *out;
	struct moments mo;

	if (n < 3) {
		free(v);
		return;
	}
	if (t->o.esd) {
		max_out = (size_t)floor(t->o.max_outliers * (double)n);
		out = xcalloc(n, 1);
		memset(&mo, 0, sizeof(mo));
		for (i = s->from; i < s->n; i++)
			moments_add(&mo, s->v[i]);
		mean = mo.mean;
		sd = moments_sd(&mo);
		k = max_out > 0 ? esd_outliers(s->v + s->from, n, t->o.alpha,
		    max_out, out) : 0;
		for (i = 0; k > 0 && i < n; i++)
			if (out[i])
				anomaly_record(t, s, s->from + i, sd > 0 ?
				    (s->v[s->from + i] - mean) / sd : NAN,
				    mean, "esd");
		free(out);
		free(v);
		return;
	}
	/*
	 * The modified z-score of Iglewicz and Hoaglin (1993),
	 * MAD_Z (x - median) / MAD; with MAD 0, the mean absolute
	 * deviation times 1.2533 stands in (IBM SPSS's convention).
	 */
	mad = stat_mad(v, n, &med) / MAD_Z;
	if (mad == 0) {
		for (i = 0, mad = 0; i < n; i++)
			mad += fabs(s->v[s->from + i] - med);
		mad = mad / (double)n * 1.2533141373155;
	}
	free(v);
	if (mad == 0)
		return;
	for (i = s->from; i < s->n; i++) {
		score = (s->v[i] - med) / mad;
		if (fabs(score) > t->o.threshold)
			anomaly_record(t, s, i, score, med, "mad");
	}
}

static void
forecast(struct trend *t, struct series *s)
{
	struct rec *r = &t->r;
	struct ols o;
	struct holt h;
	double *x, *y, f, lo, hi;
	size_t n = s->n - s->from, i, np;
	pp_time last, at;
	char buf[32];

	if (n < 3)
		return;
	if (t->o.holt) {
		y = period_means(s, t->o.period, &np, &last);
		if (holt_fit(y, np, t->o.holt_alpha, t->o.holt_beta, &h) != 0) {
			free(y);
			return;
		}
		free(y);
	} else {
		x = xcalloc(n, sizeof(*x));
		for (i = 0; i < n; i++)
			x[i] = trend_days(s->t[s->from + i], s->t[s->from]);
		i = (size_t)ols_fit(x, s->v + s->from, n, &o);
		free(x);
		if (i != 0)
			return;
		last = s->t[s->n - 1];
	}
	for (i = 1; i <= (size_t)t->o.horizon; i++) {
		at = last + time_of_sec((double)i * t->o.period);
		if (t->o.holt)
			holt_forecast(&h, i, t->o.confidence, &f, &lo, &hi);
		else
			ols_predict(&o, trend_days(at, s->t[s->from]),
			    t->o.confidence, &f, &lo, &hi);
		if (!isfinite(f))
			break;		/* the line runs past DBL_MAX */
		rec_clear(r);
		trend_put_time(r, "ts", at);
		rec_put(r, "metric", s->metric);
		fmt_num(f, buf);
		rec_put(r, "value", buf);
		rec_put(r, "unit", rec_val(&s->labels, s->labels.n - 1));
		for (size_t k = 1; k + 1 < s->labels.n; k++)
			rec_add(r, s->labels.name[k], rec_val(&s->labels, k),
			    strlen(rec_val(&s->labels, k)), 0);
		rec_put_num(r, "lo", lo);
		rec_put_num(r, "hi", hi);
		rec_put_num(r, "horizon", (double)i);
		rec_put(r, "model", t->o.holt ? "holt" : "linear");
		if (t->o.holt) {
			rec_put_num(r, "alpha", h.alpha);
			rec_put_num(r, "beta", h.beta);
		}
		wr_record(t->out, r);
	}
}

void
report_series(struct trend *t)
{
	size_t i;

	for (i = 0; i < t->series.n && t->mode != M_SUMMARY; i++) {
		struct series *s = t->series.ent[i].val;

		if (s->from == s->n)
			continue;	/* nothing inside the window */
		switch (t->mode) {
		case M_SUMMARY:
			break;
		case M_CHANGES:
			changes(t, s);
			break;
		case M_ANOMALIES:
			anomalies(t, s);
			break;
		case M_FORECAST:
			forecast(t, s);
			break;
		}
		if (t->fail_on != SEV_NONE && t->mode != M_SUMMARY &&
		    t->mode != M_CHANGES) {
			struct change *ch;
			size_t nch = find_changes(s, &t->o, &ch);

			gate(t, ch, nch);
			free(ch);
		}
	}
}
