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

/*
 * The points from a to b of s scored against one another: the segment
 * between two change points, so that a step in the level makes the
 * points on either side of it no anomalies of the other's.
 */
static void
anomalies_in(struct trend *t, struct series *s, size_t a, size_t b)
{
	size_t n = b - a, i, k, max_out;
	double *v, med, mad, score, mean, sd;
	unsigned char *out;
	struct moments mo;

	if (n < 3)
		return;
	if (t->o.esd) {
		max_out = (size_t)floor(t->o.max_outliers * (double)n);
		out = xcalloc(n, 1);
		memset(&mo, 0, sizeof(mo));
		for (i = a; i < b; i++)
			moments_add(&mo, s->v[i]);
		mean = mo.mean;
		sd = moments_sd(&mo);
		k = max_out > 0 ? esd_outliers(s->v + a, n, t->o.alpha,
		    max_out, out) : 0;
		for (i = 0; k > 0 && i < n; i++)
			if (out[i])
				anomaly_record(t, s, a + i, sd > 0 ?
				    (s->v[a + i] - mean) / sd : NAN,
				    mean, "esd");
		free(out);
		return;
	}
	/*
	 * The modified z-score of Iglewicz and Hoaglin (1993),
	 * MAD_Z (x - median) / MAD; with MAD 0, the mean absolute
	 * deviation times 1.2533 stands in (IBM SPSS's convention).
	 */
	v = xcalloc(n, sizeof(*v));
	memcpy(v, s->v + a, n * sizeof(*v));
	mad = stat_mad(v, n, &med) / MAD_Z;
	free(v);
	if (mad == 0) {
		for (i = a; i < b; i++)
			mad += fabs(s->v[i] - med);
		mad = mad / (double)n * 1.2533141373155;
	}
	if (mad == 0)
		return;
	for (i = a; i < b; i++) {
		score = (s->v[i] - med) / mad;
		if (fabs(score) > t->o.threshold)
			anomaly_record(t, s, i, score, med, "mad");
	}
}

/* The robust standard deviation of the points from a to b, MAD / MAD_Z. */
static double
spread(const struct series *s, size_t a, size_t b)
{
	double *v, med, sd;

	if (b - a < 2)
		return 0;
	v = xcalloc(b - a, sizeof(*v));
	memcpy(v, s->v + a, (b - a) * sizeof(*v));
	sd = stat_mad(v, b - a, &med) / MAD_Z;
	free(v);
	return sd;
}

/*
 * Each segment of the window between its confirmed change points, on
 * its own.  A change no larger than the spread of the points on either
 * side of it does not cut: it moves no score by much, and the shorter
 * segments would be scored less well.
 */
static void
anomalies(struct trend *t, struct series *s)
{
	struct change *ch;
	size_t i, a = s->from, b, nch = find_changes(s, &t->o, &ch);

	for (i = 0; i < nch; i++) {
		b = i + 1 < nch ? ch[i + 1].at : s->n;
		if (!(fabs(ch[i].after - ch[i].before) >
		    fmax(spread(s, a, ch[i].at), spread(s, ch[i].at, b))))
			continue;
		anomalies_in(t, s, a, ch[i].at);
		a = ch[i].at;
	}
	anomalies_in(t, s, a, s->n);
	free(ch);
}

/* The first point of s after its last confirmed change, else s->from. */
static size_t
current_segment(const struct trend *t, const struct series *s)
{
	struct change *ch;
	size_t from = s->from, nch = find_changes(s, &t->o, &ch);

	if (nch > 0)
		from = ch[nch - 1].at;
	free(ch);
	return from;
}

static void
forecast_record(struct trend *t, const struct series *s, pp_time at,
    size_t h, double f, double lo, double hi, const struct holt *hw)
{
	struct rec *r = &t->r;
	char buf[32];

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
	rec_put_num(r, "horizon", (double)h);
	rec_put(r, "model", hw != NULL ? "holt" : "linear");
	if (hw != NULL) {
		rec_put_num(r, "alpha", hw->alpha);
		rec_put_num(r, "beta", hw->beta);
	}
	wr_record(t->out, r);
}

/*
 * Forecasts from the points after the last change point (seg, a copy
 * of the series whose window starts there), no further ahead than the
 * span of those points: a line through seconds of data says nothing of
 * next month.
 */
static void
forecast(struct trend *t, struct series *s)
{
	struct series seg = *s;
	struct ols o;
	struct holt h;
	double *x, *y, f, lo, hi;
	size_t n, i, np;
	pp_time last, at;
	int rc;

	memset(&h, 0, sizeof(h));
	seg.from = current_segment(t, s);
	n = seg.n - seg.from;
	if (n < 3)
		return;
	if (t->o.holt) {
		y = period_means(&seg, t->o.period, &np, &last);
		rc = holt_fit(y, np, t->o.holt_alpha, t->o.holt_beta, &h);
		free(y);
	} else {
		x = xcalloc(n, sizeof(*x));
		for (i = 0; i < n; i++)
			x[i] = trend_days(seg.t[seg.from + i], seg.t[seg.from]);
		rc = ols_fit(x, seg.v + seg.from, n, &o);
		free(x);
		last = seg.t[seg.n - 1];
	}
	if (rc != 0)
		return;
	for (i = 1; i <= (size_t)t->o.horizon; i++) {
		at = last + time_of_sec((double)i * t->o.period);
		if (at - last > seg.t[seg.n - 1] - seg.t[seg.from])
			break;		/* further ahead than the data span */
		if (t->o.holt)
			holt_forecast(&h, i, t->o.confidence, &f, &lo, &hi);
		else
			ols_predict(&o, trend_days(at, seg.t[seg.from]),
			    t->o.confidence, &f, &lo, &hi);
		if (!isfinite(f))
			break;		/* the line runs past DBL_MAX */
		forecast_record(t, s, at, i, f, lo, hi,
		    t->o.holt ? &h : NULL);
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
