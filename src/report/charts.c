/*
 * pp-report's charts, as inline SVG: a series' trend with its forecast,
 * change points and anomalies; bars; the A/B tests' intervals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "htest.h"
#include "report.h"
#include "stats.h"
#include "human.h"
#include "units.h"

struct point {
	pp_time	 t;
	double	 v;
};

/*
 * Is point i abnormal against the 30 before it?  The modified z-score
 * of Iglewicz and Hoaglin, MAD_Z (x - median) / MAD, over 3.5, with at
 * least 10 points of baseline: a level shift is flagged while it is
 * new, not forever after.
 */
static int
anomalous(const struct point *p, size_t i)
{
	double w[30], med, mad;
	size_t k, n = i < 30 ? i : 30;

	if (n < 10)
		return 0;
	for (k = 0; k < n; k++)
		w[k] = p[i - n + k].v;
	mad = stat_mad(w, n, &med);
	return mad > 0 && MAD_Z * fabs(p[i].v - med) / mad > 3.5;
}

static int
cmp_point(const void *a, const void *b)
{
	pp_time x = ((const struct point *)a)->t, y = ((const struct point *)b)->t;

	return (x > y) - (x < y);
}

/* A chart's points, scales and fit, shared by its drawing steps. */
struct frame {
	double		 W, H, L, R, T, B;	/* size and margins */
	struct point	*p;		/* n points, by time */
	size_t		 n;
	double		*x, *d;		/* days since p[0], values */
	double		 lo, hi, span, ahead, plo, phi;
	double		 step, factor;	/* y ticks, in base units */
	const char	*yunit;		/* the y axis' unit, for people */
	pp_time		 t0, t1, tend;
	size_t		 k0;		/* the first point fitted */
	struct ols	 o;
	int		 fit;
	FILE		*fp;
};

/*
 * A tick step for [*lo, *hi], which must be finite with *lo < *hi: 1,
 * 2, 2.5 or 5 times a power of ten, the smallest that needs at most 5
 * intervals, so 4 to 6 ticks; *lo and *hi widened to multiples of it.
 */
static double
nice_step(double *lo, double *hi)
{
	static const double m[] = { 1, 2, 2.5, 5 };
	double p, step = *hi - *lo, a, b;
	int i, k;

	p = pow(10, floor(log10((*hi - *lo) / 10)));
	for (k = 0; k < 4; k++, p *= 10)
		for (i = 0; i < 4; i++) {
			step = m[i] * p;
			a = floor(*lo / step + 1e-9) * step;
			b = ceil(*hi / step - 1e-9) * step;
			if ((b - a) / step <= 5 + 1e-9) {
				*lo = a;
				*hi = b;
				return step;
			}
		}
	return step;
}

/* nice_step for values shown divided by factor: a step of 250 µs, not
 * of 256 ns; in base units. */
static double
scaled_step(double *lo, double *hi, double factor)
{
	double step;

	*lo /= factor;
	*hi /= factor;
	step = nice_step(lo, hi);
	*lo *= factor;
	*hi *= factor;
	return step * factor;
}

/* The digits after the point that ticks step apart need. */
static int
tick_digits(double step)
{
	int d = 0;

	while (d < 9 && fabs(step * pow(10, d) - nearbyint(step * pow(10,
	    d))) > 1e-6 * step * pow(10, d))
		d++;
	return d;
}

/* A tick's label: v / factor with digits digits, "-0" as "0". */
static void
tick_label(FILE *fp, double v, double factor, int digits)
{
	char a[48];

	v /= factor;
	if (fabs(v) < 1e-12)
		v = 0;
	snprintf(a, sizeof(a), "%.*f", digits, v);
	html_escape(fp, a);
}

#define PX(t) (g->L + ((double)((t) - g->t0)) / g->span * (g->W - g->L - g->R))
#define PY(v) (g->T + (g->hi - (v)) / (g->hi - g->lo) * (g->H - g->T - g->B))

/* The points of s inside --window, by time, into g->p and g->n. */
static void
chart_points(const struct report *rp, const struct series *s,
    struct frame *g)
{
	size_t i;

	g->p = xcalloc(s->n + 1, sizeof(*g->p));
	g->n = 0;
	for (i = 0; i < s->n; i++)
		if (rp->window <= 0 || s->t[i] >= rp->newest -
		    time_of_sec(rp->window)) {
			g->p[g->n].t = s->t[i];
			g->p[g->n++].v = s->v[i];
		}
	if (g->n > 0)
		qsort(g->p, g->n, sizeof(*g->p), cmp_point);
}

/* The least-squares fit, its forecast, and the scales around them. */
static void
chart_scale(struct frame *g, const struct series *s)
{
	double y;
	size_t i;

	g->lo = INFINITY;
	g->hi = -INFINITY;
	g->x = xcalloc(g->n, sizeof(*g->x));
	g->d = xcalloc(g->n, sizeof(*g->d));
	for (i = 0; i < g->n; i++) {
		g->x[i] = time_days(g->p[i].t - g->p[0].t);
		g->d[i] = g->p[i].v;
		g->lo = fmin(g->lo, g->p[i].v);
		g->hi = fmax(g->hi, g->p[i].v);
	}
	g->t0 = g->p[0].t;
	g->t1 = g->p[g->n - 1].t;
	/* a step is not a slope: fit what follows the last change */
	g->k0 = 0;
	for (i = 0; i < s->nmarks; i++)
		if (s->marks[i] > g->t0 && s->marks[i] <= g->t1)
			while (g->k0 < g->n && g->p[g->k0].t < s->marks[i])
				g->k0++;
	g->fit = g->n - g->k0 >= 3 && ols_fit(g->x + g->k0, g->d + g->k0,
	    g->n - g->k0, &g->o) == 0;
	/* 7 days ahead, or a quarter of a shorter series' span */
	g->ahead = fmin(7, time_days(g->t1 - g->t0) / 4);
	g->tend = g->fit && g->ahead > 0 ? g->t1 + time_of_days(g->ahead) :
	    g->t1;
	if (g->fit) {
		ols_predict(&g->o, g->x[g->n - 1] + g->ahead, 0.95, &y,
		    &g->plo, &g->phi);
		g->lo = fmin(g->lo, g->plo);
		g->hi = fmax(g->hi, g->phi);
	}
	if (g->hi == g->lo) {
		/* a flat series: its value amid an axis of its own size */
		y = g->hi != 0 ? fabs(g->hi) * 0.1 : 1;
		g->hi += y;
		g->lo = g->lo >= 0 && g->lo - y < 0 ? 0 : g->lo - y;
	}
	g->yunit = human_scale(fmax(fabs(g->lo), fabs(g->hi)), s->unit,
	    &g->factor);
	g->step = scaled_step(&g->lo, &g->hi, g->factor);
	g->span = g->tend > g->t0 ? (double)(g->tend - g->t0) : 1;
}

/* The y axis: gridlines at the ticks, their labels, its unit. */
static void
chart_yaxis(const struct frame *g)
{
	int k, nt = (int)nearbyint((g->hi - g->lo) / g->step);
	int digits = tick_digits(g->step / g->factor);
	double v, y;

	for (k = 0; k <= nt; k++) {
		v = g->lo + g->step * k;
		y = PY(v);
		fprintf(g->fp, "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" "
		    "x2=\"%.0f\" y2=\"%.1f\"/>\n<text class=\"yl\" "
		    "x=\"%.0f\" y=\"%.1f\">", g->L, y, g->W - g->R, y,
		    g->L - 6, y + 4);
		tick_label(g->fp, v, g->factor, digits);
		fputs("</text>\n", g->fp);
	}
	if (*g->yunit != '\0') {
		fprintf(g->fp, "<text class=\"yl\" x=\"%.0f\" y=\"%.0f\">",
		    g->L - 6, g->T - 8);
		html_escape(g->fp, g->yunit);
		fputs("</text>\n", g->fp);
	}
}

/* The caption, the frame of the SVG, and the axes with their labels. */
static void
chart_axes(const struct frame *g, const struct series *s, int id)
{
	char ts[PP_TIME_LEN];
	size_t i;
	int days = g->tend - g->t0 >= 3 * PP_TIME_DAY;

	fprintf(g->fp, "<figure class=\"chart\" id=\"c%d\">\n<figcaption>", id);
	html_escape(g->fp, s->label);
	fprintf(g->fp, " <span class=\"n\">(%zu points", g->n);
	if (*g->yunit != '\0') {
		fputs(", ", g->fp);
		html_escape(g->fp, g->yunit);
	}
	fputs(")</span></figcaption>\n", g->fp);
	fprintf(g->fp, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\">\n", g->W, g->H, g->W, g->H);
	chart_yaxis(g);
	fprintf(g->fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.1f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", g->L, g->H - g->B, g->W - g->R,
	    g->H - g->B);
	fprintf(g->fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", g->L, g->T, g->L, g->H - g->B);
	for (i = 0; i < 3; i++) {
		pp_time at = g->t0 + (pp_time)((double)(g->tend - g->t0) *
		    (double)i / 2);

		date_label(at, ts);
		if (days)
			ts[10] = '\0';
		fprintf(g->fp, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n<text class=\"xl\" "
		    "x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">", PX(at),
		    g->H - g->B, PX(at), g->H - g->B + 4, PX(at),
		    g->H - g->B + 16, i == 0 ? "start" : i == 1 ? "middle" :
		    "end");
		html_escape(g->fp, ts);
		fputs("</text>\n", g->fp);
	}
}

/* The forecast band and the fitted line. */
static void
chart_forecast(const struct frame *g)
{
	if (g->fit) {
		double y0, l0, h0;

		pp_time tk = g->p[g->k0].t;

		ols_predict(&g->o, g->x[g->n - 1], 0.95, &y0, &l0, &h0);
		fprintf(g->fp, "<polygon class=\"band\" points=\"%.1f,%.1f "
		    "%.1f,%.1f %.1f,%.1f %.1f,%.1f\"><title>forecast, 95%% "
		    "prediction interval</title></polygon>\n", PX(g->t1),
		    PY(h0), PX(g->tend), PY(g->phi), PX(g->tend), PY(g->plo),
		    PX(g->t1), PY(l0));
		fprintf(g->fp, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n", PX(tk),
		    PY(g->o.intercept + g->o.slope * g->x[g->k0]), PX(g->tend),
		    PY(g->o.intercept + g->o.slope * (g->x[g->n - 1] +
		    g->ahead)));
	}
}

/* The points: every one, or the extremes of each pixel column. */
static void
chart_dots(const struct frame *g, const struct series *s, int id)
{
	const struct point *p = g->p;
	FILE *fp = g->fp;
	size_t i, n = g->n, col, ncols;
	double tx, ty;
	char te[PP_TIME_LEN];
	struct buf a = BUF_INIT;

	ncols = (size_t)(g->W - g->L - g->R);
	fprintf(fp, "<g class=\"pts\" data-series=\"%d\">\n", id);
	for (col = 0, i = 0; i < n; col++) {
		size_t j = i, imin = i, imax = i;
		double cx = PX(p[i].t);

		if (n > 2 * ncols) {
			while (j < n && (size_t)(PX(p[j].t) - g->L) <=
			    (size_t)(cx - g->L)) {
				if (p[j].v < p[imin].v)
					imin = j;
				if (p[j].v > p[imax].v)
					imax = j;
				j++;
			}
		} else
			j = i + 1;
		for (size_t k = 0; k < 2; k++) {
			size_t q = k == 0 ? imin : imax;
			int anom;

			if (k == 1 && imax == imin)
				break;
			anom = anomalous(p, q);
			tx = PX(p[q].t);
			ty = PY(p[q].v);
			date_label(p[q].t, te);
			a.len = 0;
			human_number(&a, p[q].v, s->unit, 0);
			buf_nul(&a);
			fprintf(fp, "<circle class=\"%s\" cx=\"%.1f\" "
			    "cy=\"%.1f\" r=\"%s\"><title>", anom ? "anom" :
			    "pt", tx, ty, anom ? "4" : "1.8");
			html_escape(fp, te);
			fputc(' ', fp);
			html_escape(fp, a.p);
			fprintf(fp, "%s</title></circle>\n", anom ?
			    " (anomaly)" : "");
		}
		i = j;
	}
	fprintf(fp, "</g>\n");
	buf_free(&a);
}

/* The change points of s inside the chart, with their severity. */
static void
chart_marks(const struct frame *g, const struct series *s)
{
	FILE *fp = g->fp;
	const char *cls;
	char ts[PP_TIME_LEN];
	double tx;
	size_t i;
	int right;

	for (i = 0; i < s->nmarks; i++) {
		if (s->marks[i] < g->t0 || s->marks[i] > g->tend)
			continue;
		tx = PX(s->marks[i]);
		date_label(s->marks[i], ts);
		cls = known_word(s->mark_sev[i], change_classes);
		fprintf(fp, "<line class=\"change%s%s\" x1=\"%.1f\" "
		    "y1=\"%.0f\" x2=\"%.1f\" y2=\"%.1f\"><title>change "
		    "point ", *cls != '\0' ? " " : "", cls, tx, g->T, tx,
		    g->H - g->B);
		html_escape(fp, ts);
		fputs(": ", fp);
		html_escape(fp, s->mark_sev[i]);
		/* after the line, or before it if it would not fit */
		right = tx + 3 + 7 * (double)strlen(s->mark_sev[i]) <
		    g->W - 2;
		fprintf(fp, "</title></line>\n<text class=\"cl\" x=\"%.1f\" "
		    "y=\"%.0f\" text-anchor=\"%s\">", right ? tx + 3 : tx - 3,
		    g->T + 10, right ? "start" : "end");
		html_escape(fp, s->mark_sev[i]);
		fputs("</text>\n", fp);
	}
}

#undef PX
#undef PY

/*
 * One chart: points (reduced to the min and max of each pixel column when
 * there are more than twice the columns), the least-squares line, the
 * forecast 7 days ahead with its 95% prediction band, change points,
 * anomalies (modified z-score over 3.5).  Hovering a point shows its time
 * and value (an SVG title: no script needed).
 */
void
chart(struct report *rp, struct series *s, int id)
{
	struct frame g;

	memset(&g, 0, sizeof(g));
	g.W = (double)rp->width;
	g.H = 220;
	g.L = 70;
	g.R = 20;
	g.T = 24;
	g.B = 34;
	g.fp = rp->fp;
	chart_points(rp, s, &g);
	if (g.n == 0) {
		free(g.p);
		return;
	}
	chart_scale(&g, s);
	chart_axes(&g, s, id);
	chart_forecast(&g);
	chart_dots(&g, s, id);
	chart_marks(&g, s);
	fprintf(g.fp, "</svg>\n</figure>\n");
	free(g.p);
	free(g.x);
	free(g.d);
}

/*
 * Horizontal bars of a numeric column, labelled by one or two others;
 * its numbers are in unit, or, for NULL, in each row's currency.
 */
void
bars(FILE *fp, const struct table *t, const char *label, const char *label2,
    const char *value, const char *unit)
{
	long li = col(t, label), l2 = label2 != NULL ? col(t, label2) : -1,
	    vi = col(t, value), ci = col(t, "currency");
	const char *u;
	struct buf a = BUF_INIT;
	double v, max = 0;
	size_t i;

	if (li < 0 || vi < 0)
		return;
	for (i = 0; i < t->nrows; i++)
		if (parse_double(t->rows[i][vi], &v) == 0)
			max = fmax(max, fabs(v));
	fputs("<div class=\"bars\">\n", fp);
	for (i = 0; i < t->nrows; i++) {
		if (parse_double(t->rows[i][vi], &v) != 0)
			continue;
		a.len = 0;
		u = unit != NULL ? unit : ci >= 0 ? t->rows[i][ci] : "";
		if (human_money(&a, t->rows[i][vi], u, 0) != 0)
			human_number(&a, v, u, 0);
		buf_nul(&a);
		fputs("<div class=\"bar\"><span class=\"bl\">", fp);
		html_escape(fp, t->rows[i][li]);
		if (l2 >= 0 && *t->rows[i][l2] != '\0') {
			fputs(": ", fp);
			html_escape(fp, t->rows[i][l2]);
		}
		fprintf(fp, "</span><span class=\"bb\" style=\"width:%.1f%%\">"
		    "</span><span class=\"bv\">", max > 0 ? 50 * fabs(v) / max :
		    0);
		html_escape(fp, a.p);
		fputs("</span></div>\n", fp);
	}
	fputs("</div>\n", fp);
	buf_free(&a);
}

/* A horizontal axis of an interval chart, L to W - R at y, with its
 * ticks' gridlines up to top. */
struct haxis {
	double		 lo, hi, step, factor, L, W, R;
	const char	*unit;
};

#define AX(x) (a->L + ((x) - a->lo) / (a->hi - a->lo) * (a->W - a->L - a->R))

static void
haxis_draw(FILE *fp, const struct haxis *a, double top, double y)
{
	int k, nt = (int)nearbyint((a->hi - a->lo) / a->step);
	int digits = tick_digits(a->step / a->factor);
	double v;

	for (k = 0; k <= nt; k++) {
		v = a->lo + a->step * k;
		fprintf(fp, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.0f\" "
		    "x2=\"%.1f\" y2=\"%.0f\"/>\n<text class=\"xl\" x=\"%.1f\" "
		    "y=\"%.0f\" text-anchor=\"middle\">", AX(v), top, AX(v), y,
		    AX(v), y + 14);
		tick_label(fp, v, a->factor, digits);
		fputs("</text>\n", fp);
	}
	fprintf(fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
	    "y2=\"%.0f\"/>\n", a->L, y, a->W - a->R, y);
	if (a->lo <= 0 && a->hi >= 0)
		fprintf(fp, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.0f\" "
		    "x2=\"%.1f\" y2=\"%.0f\"><title>no difference</title>"
		    "</line>\n", AX(0), top, AX(0), y);
}

/* A row's numbers in columns c[0..3] into v; the first three needed. */
static int
row_values(const struct table *t, size_t i, const long c[4], double v[4])
{
	size_t k;

	v[3] = NAN;
	for (k = 0; k < 4; k++)
		if (c[k] < 0 || parse_double(t->rows[i][c[k]], &v[k]) != 0) {
			if (k < 3)
				return -1;
			v[3] = NAN;
		}
	return 0;
}

/*
 * One panel of the A/B chart: per row with numbers in c[0..2] (a point
 * and its interval) a dot on a whisker, and c[3] (a p95) as a tick, on
 * one axis, with a zero line when 0 is on it.
 */
static void
ab_panel(FILE *fp, const struct table *t, long width, const long c[4],
    const char *unit, const char *title)
{
	long cm = col(t, "metric"), cv = col(t, "variant"),
	    cver = col(t, "verdict");
	struct haxis ax = { INFINITY, -INFINITY, 1, 1, 160, 0, 24, "" };
	struct haxis *a = &ax;
	double v[4], y, H;
	size_t i, rows = 0;
	struct buf b = BUF_INIT;

	ax.W = (double)width;
	/* the labels above their rows: room for the plot at any width */
	ax.L = 24;
	for (i = 0; i < t->nrows; i++)
		if (row_values(t, i, c, v) == 0) {
			ax.lo = fmin(ax.lo, fmin(v[1], isnan(v[3]) ? v[1] :
			    v[3]));
			ax.hi = fmax(ax.hi, fmax(v[2], isnan(v[3]) ? v[2] :
			    v[3]));
			rows++;
		}
	if (rows == 0 || !(ax.hi >= ax.lo))
		return;
	if (c[0] == col(t, "diff_pct")) {
		ax.lo = fmin(ax.lo, 0);
		ax.hi = fmax(ax.hi, 0);
	}
	if (ax.hi == ax.lo) {
		ax.hi += ax.hi != 0 ? fabs(ax.hi) * 0.1 : 1;
		ax.lo -= ax.lo != 0 ? fabs(ax.lo) * 0.1 : 1;
	}
	ax.unit = human_scale(fmax(fabs(ax.lo), fabs(ax.hi)), unit,
	    &ax.factor);
	ax.step = scaled_step(&ax.lo, &ax.hi, ax.factor);
	H = 32 * (double)rows + 8 + 22;
	fputs("<p class=\"n\">", fp);
	html_escape(fp, title);
	if (*ax.unit != '\0') {
		fputs(" (", fp);
		html_escape(fp, ax.unit);
		fputc(')', fp);
	}
	fprintf(fp, "</p>\n<svg class=\"ab\" viewBox=\"0 0 %ld %.0f\" "
	    "width=\"%ld\" height=\"%.0f\" role=\"img\">\n", width, H,
	    width, H);
	haxis_draw(fp, a, 4, H - 22);
	for (i = 0, rows = 0; i < t->nrows; i++) {
		if (row_values(t, i, c, v) != 0)
			continue;
		y = 26 + 32 * (double)rows++;
		fprintf(fp, "<text class=\"xl\" x=\"%.0f\" y=\"%.1f\">",
		    ax.L, y - 9);
		if (cm >= 0 && *t->rows[i][cm] != '\0') {
			html_escape(fp, t->rows[i][cm]);
			fputs(" ", fp);
		}
		if (cv >= 0)
			html_escape(fp, t->rows[i][cv]);
		fputs("</text>\n", fp);
		b.len = 0;
		human_number(&b, v[0], unit, 0);
		buf_nul(&b);
		fprintf(fp, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/><circle class=\"%s\" cx=\"%.1f\" "
		    "cy=\"%.1f\" r=\"4\"><title>", AX(v[1]), y, AX(v[2]), y,
		    cver >= 0 && strcmp(t->rows[i][cver], "slower") == 0 ?
		    "anom" : "pt", AX(v[0]), y);
		html_escape(fp, b.p);
		fputs(", ", fp);
		html_escape(fp, cver >= 0 ? t->rows[i][cver] : "");
		fputs("</title></circle>\n", fp);
		if (!isnan(v[3]))
			fprintf(fp, "<line class=\"axis\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"><title>p95"
			    "</title></line>\n", AX(v[3]), y - 6, AX(v[3]),
			    y + 6);
	}
	fputs("</svg>\n", fp);
	buf_free(&b);
}

#undef AX

/*
 * The A/B tests: each arm's median with its confidence interval and its
 * p95, then each arm's difference from the control in percent with its
 * interval, about a zero line.
 */
void
ab_chart(FILE *fp, const struct table *t, long width)
{
	long cu = col(t, "unit");
	const long med[4] = { col(t, "median"), col(t, "median_lo"),
	    col(t, "median_hi"), col(t, "p95") };
	const long dif[4] = { col(t, "diff_pct"), col(t, "diff_pct_lo"),
	    col(t, "diff_pct_hi"), -1 };

	/* one unit for the axis: the first row's */
	ab_panel(fp, t, width, med, cu >= 0 && t->nrows > 0 ?
	    t->rows[0][cu] : NULL, "median, its 95% interval and p95 (tick)");
	ab_panel(fp, t, width, dif, "percent",
	    "difference from the control, 95% interval");
}

/*
 * The percentages of a daily field, separated by spaces, into a new
 * array of *n; NULL when there is none or one is no number in [0, 100]:
 * such a row is left out of the chart, as bars leaves out its rows.
 */
static double *
daily_values(const char *s, size_t *n)
{
	char *copy = xstrdup(s), *tok, *save = NULL;
	double *v = NULL;
	size_t cap = 0;

	*n = 0;
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (parse_double(tok, &v[*n]) != 0 || v[*n] < 0 ||
		    v[*n] > 100) {
			*n = 0;
			break;
		}
		(*n)++;
	}
	free(copy);
	if (*n == 0) {
		free(v);
		return NULL;
	}
	return v;
}

/*
 * The dates of a days field ("2026-11-01 2026-11-02"), as day numbers
 * into a new array, if there are exactly n, dates in ascending order;
 * else NULL.
 */
static long long *
daily_dates(const char *s, size_t n)
{
	char *copy = xstrdup(s), *tok, *save = NULL, full[32];
	long long *d = xcalloc(n + 1, sizeof(*d));
	size_t k = 0;
	pp_time t;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save), k++) {
		if (k == n || strlen(tok) != 10)
			break;
		snprintf(full, sizeof(full), "%sT00:00:00Z", tok);
		if (time_parse(full, &t) != 0)
			break;
		d[k] = (long long)(t / PP_TIME_DAY);
		if (k > 0 && d[k] <= d[k - 1])
			break;		/* as pp-budget writes them: ascending */
	}
	free(copy);
	if (k != n || tok != NULL) {
		free(d);
		return NULL;
	}
	return d;
}

/* Where the compliance chart's bars go: by date, or one after another. */
struct cgeom {
	double		 L, R, W, h;
	long long	 d0;		/* the first date, when dated */
	size_t		 slots;		/* days from the first to the last */
	int		 dated;
};

/* One budget's row of the compliance chart, its top at y. */
static void
compliance_row(FILE *fp, const char *name, const double *v,
    const long long *d, size_t n, double y, const struct cgeom *g)
{
	double bw = fmin(12, (g->W - g->L - g->R) /
	    (double)(g->dated ? g->slots : n)), x;
	char day[PP_TIME_LEN];
	size_t k;

	fprintf(fp, "<text class=\"xl\" x=\"%.0f\" y=\"%.0f\">", g->L,
	    y - 5);
	html_escape(fp, name);
	fprintf(fp, "</text>\n<line class=\"grid\" x1=\"%.0f\" y1=\"%.0f\" "
	    "x2=\"%.0f\" y2=\"%.0f\"/>\n<line class=\"axis\" x1=\"%.0f\" "
	    "y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n", g->L, y, g->W - g->R,
	    y, g->L, y + g->h, g->W - g->R, y + g->h);
	for (k = 0; k < n; k++) {
		x = g->L + bw * (double)(g->dated ? (size_t)(d[k] - g->d0) :
		    k);
		fprintf(fp, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\"><title>",
		    v[k] < 100 ? "anom" : "pt", x, y + g->h * (1 - v[k] / 100),
		    fmax(1, bw - 1), g->h * v[k] / 100);
		if (g->dated) {
			time_format((pp_time)d[k] * PP_TIME_DAY, day);
			fprintf(fp, "%.10s: %.1f%%", day, v[k]);
		} else
			fprintf(fp, "day %zu of %zu: %.1f%%", k + 1, n, v[k]);
		fputs("</title></rect>\n", fp);
	}
}

/* The dates under a dated compliance chart: the first, middle and last. */
static void
compliance_dates(FILE *fp, const struct cgeom *g, double y)
{
	double bw = fmin(12, (g->W - g->L - g->R) / (double)g->slots);
	static const char *const anchor[] = { "start", "middle", "end" };
	char day[PP_TIME_LEN];
	size_t k, at[3] = { 0, g->slots / 2, g->slots - 1 };

	for (k = 0; k < 3; k++) {
		if ((k == 1 && g->slots < 5) || (k == 2 && g->slots < 2))
			continue;
		time_format((pp_time)(g->d0 + (long long)at[k]) * PP_TIME_DAY,
		    day);
		fprintf(fp, "<text class=\"xl\" x=\"%.1f\" y=\"%.0f\" "
		    "text-anchor=\"%s\">%.10s</text>\n", g->L + bw *
		    ((double)at[k] + (k == 0 ? 0 : k == 1 ? 0.5 : 1)), y,
		    anchor[k], day);
	}
}

/*
 * pp-budget --report --by-day's compliance per day, a row of bars per
 * budget, 0 to 100% high, its name above it.  With the days field, bars
 * stand at their dates on one time axis for every budget, dates under
 * it; without it, the days a budget made checks, oldest first.
 */
void
compliance_chart(FILE *fp, const struct table *t, long width)
{
	long cb = col(t, "budget"), cd = col(t, "daily"),
	    cdays = col(t, "days");
	struct cgeom g = { 8, 24, (double)width, 24, 0, 0, 1 };
	double **v, rh = 44;
	long long **d, lo = 0, hi = 0;
	size_t i, rows = 0, *n;

	if (cb < 0 || cd < 0)
		return;
	v = xcalloc(t->nrows + 1, sizeof(*v));
	d = xcalloc(t->nrows + 1, sizeof(*d));
	n = xcalloc(t->nrows + 1, sizeof(*n));
	for (i = 0; i < t->nrows; i++) {
		if ((v[i] = daily_values(t->rows[i][cd], &n[i])) == NULL)
			continue;
		rows++;
		if (cdays >= 0)
			d[i] = daily_dates(t->rows[i][cdays], n[i]);
		if (d[i] == NULL)
			g.dated = 0;
		else if (rows == 1 || d[i][0] < lo)
			lo = d[i][0];
		if (d[i] != NULL && (rows == 1 || d[i][n[i] - 1] > hi))
			hi = d[i][n[i] - 1];
	}
	g.d0 = lo;
	g.slots = g.dated && rows > 0 ? (size_t)(hi - lo + 1) : 0;
	if (g.dated && (hi < lo || g.slots > 3660))
		g.dated = 0;		/* a decade of bars reads as nothing */
	if (rows > 0) {
		double ht = rh * (double)rows + 4 + (g.dated ? 16 : 0);

		fprintf(fp, "<svg class=\"daily\" viewBox=\"0 0 %ld %.0f\" "
		    "width=\"%ld\" height=\"%.0f\" role=\"img\">\n", width,
		    ht, width, ht);
		for (i = 0, rows = 0; i < t->nrows; i++)
			if (v[i] != NULL)
				compliance_row(fp, t->rows[i][cb], v[i], d[i],
				    n[i], 18 + rh * (double)rows++, &g);
		if (g.dated)
			compliance_dates(fp, &g, rh * (double)rows + 14);
		fputs(g.dated ? "</svg>\n<p class=\"n\">A bar for each UTC "
		    "day with checks, at its date; its height: that day's "
		    "compliance, 0 to 100%.</p>\n" : "</svg>\n<p class=\"n\">"
		    "A bar for each UTC day with checks, oldest first; its "
		    "height: that day's compliance, 0 to 100%.</p>\n", fp);
	}
	for (i = 0; i < t->nrows; i++)
		free(d[i]);
	free(d);
	for (i = 0; i < t->nrows; i++)
		free(v[i]);
	free(v);
	free(n);
}
