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
	pp_time		 t0, t1, tend;
	struct ols	 o;
	int		 fit;
	FILE		*fp;
};

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
chart_scale(struct frame *g)
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
	g->fit = g->n >= 3 && ols_fit(g->x, g->d, g->n, &g->o) == 0;
	g->t0 = g->p[0].t;
	g->t1 = g->p[g->n - 1].t;
	g->tend = g->fit ? g->t1 + time_of_days(g->ahead) : g->t1;
	if (g->fit) {
		ols_predict(&g->o, g->x[g->n - 1] + g->ahead, 0.95, &y,
		    &g->plo, &g->phi);
		g->lo = fmin(g->lo, g->plo);
		g->hi = fmax(g->hi, g->phi);
	}
	if (g->hi == g->lo) {
		g->hi += g->hi != 0 ? fabs(g->hi) * 0.1 : 1;
		g->lo -= g->lo != 0 ? fabs(g->lo) * 0.1 : 1;
	}
	g->span = g->tend > g->t0 ? (double)(g->tend - g->t0) : 1;
}

/* The caption, the frame of the SVG, and the axes with their labels. */
static void
chart_axes(const struct frame *g, const struct series *s, int id)
{
	char a[48], b[48], ts[PP_TIME_LEN];
	size_t i;

	fprintf(g->fp, "<figure class=\"chart\" id=\"c%d\">\n<figcaption>", id);
	html_escape(g->fp, s->label);
	fprintf(g->fp, " <span class=\"n\">(%zu points)</span></figcaption>\n",
	    g->n);
	fprintf(g->fp, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\">\n", g->W, g->H, g->W, g->H);
	/* axes and their labels */
	fprintf(g->fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.1f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", g->L, g->H - g->B, g->W - g->R,
	    g->H - g->B);
	fprintf(g->fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", g->L, g->T, g->L, g->H - g->B);
	fmt_human(g->hi, s->unit, a);
	fmt_human(g->lo, s->unit, b);
	fprintf(g->fp, "<text class=\"yl\" x=\"%.0f\" y=\"%.0f\">", g->L - 4,
	    g->T + 8);
	html_escape(g->fp, a);
	fprintf(g->fp, "</text>\n<text class=\"yl\" x=\"%.0f\" y=\"%.0f\">",
	    g->L - 4, g->H - g->B);
	html_escape(g->fp, b);
	fputs("</text>\n", g->fp);
	for (i = 0; i < 3; i++) {
		pp_time at = g->t0 + (pp_time)((double)(g->tend - g->t0) *
		    (double)i / 2);

		date_label(at, ts);
		fprintf(g->fp, "<text class=\"xl\" x=\"%.1f\" y=\"%.0f\" "
		    "text-anchor=\"%s\">", PX(at), g->H - g->B + 16,
		    i == 0 ? "start" : i == 1 ? "middle" : "end");
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

		ols_predict(&g->o, g->x[g->n - 1], 0.95, &y0, &l0, &h0);
		fprintf(g->fp, "<polygon class=\"band\" points=\"%.1f,%.1f "
		    "%.1f,%.1f %.1f,%.1f %.1f,%.1f\"><title>forecast, 95%% "
		    "prediction interval</title></polygon>\n", PX(g->t1),
		    PY(h0), PX(g->tend), PY(g->phi), PX(g->tend), PY(g->plo),
		    PX(g->t1), PY(l0));
		fprintf(g->fp, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n", PX(g->t0),
		    PY(g->o.intercept), PX(g->tend), PY(g->o.intercept +
		    g->o.slope * (g->x[g->n - 1] + g->ahead)));
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
	char a[48], te[PP_TIME_LEN];

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
			fmt_human(p[q].v, s->unit, a);
			fprintf(fp, "<circle class=\"%s\" cx=\"%.1f\" "
			    "cy=\"%.1f\" r=\"%s\"><title>", anom ? "anom" :
			    "pt", tx, ty, anom ? "4" : "1.8");
			html_escape(fp, te);
			fputc(' ', fp);
			html_escape(fp, a);
			fprintf(fp, "%s</title></circle>\n", anom ?
			    " (anomaly)" : "");
		}
		i = j;
	}
	fprintf(fp, "</g>\n");
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
		fprintf(fp, "</title></line>\n<text class=\"cl\" x=\"%.1f\" "
		    "y=\"%.0f\">", tx + 3, g->T + 10);
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
	g.T = 12;
	g.B = 34;
	g.ahead = 7;
	g.fp = rp->fp;
	chart_points(rp, s, &g);
	if (g.n == 0) {
		free(g.p);
		return;
	}
	chart_scale(&g);
	chart_axes(&g, s, id);
	chart_forecast(&g);
	chart_dots(&g, s, id);
	chart_marks(&g, s);
	fprintf(g.fp, "</svg>\n</figure>\n");
	free(g.p);
	free(g.x);
	free(g.d);
}

/* Horizontal bars of a numeric column, labelled by another. */
void
bars(FILE *fp, const struct table *t, const char *label, const char *value,
    const char *unit)
{
	size_t i, li = 0, vi = 0, j;
	double v, max = 0;
	char a[48];

	for (j = 0; j < t->ncols; j++) {
		if (strcmp(t->cols[j], label) == 0)
			li = j + 1;
		if (strcmp(t->cols[j], value) == 0)
			vi = j + 1;
	}
	if (li == 0 || vi == 0)
		return;
	for (i = 0; i < t->nrows; i++)
		if (parse_double(t->rows[i][vi - 1], &v) == 0)
			max = fmax(max, fabs(v));
	fputs("<div class=\"bars\">\n", fp);
	for (i = 0; i < t->nrows; i++) {
		if (parse_double(t->rows[i][vi - 1], &v) != 0)
			continue;
		fmt_human(v, unit, a);
		fputs("<div class=\"bar\"><span class=\"bl\">", fp);
		html_escape(fp, t->rows[i][li - 1]);
		fprintf(fp, "</span><span class=\"bb\" style=\"width:%.1f%%\">"
		    "</span><span class=\"bv\">", max > 0 ? 80 * fabs(v) / max :
		    0);
		html_escape(fp, a);
		fputs("</span></div>\n", fp);
	}
	fputs("</div>\n", fp);
}

/*
 * Per variant of each metric: the median and its confidence interval as
 * a dot on a whisker, and the p95 as a tick, on one scale per metric.
 */
void
ab_chart(FILE *fp, const struct table *t, long width)
{
	long cm = col(t, "metric"), cv = col(t, "variant"), cmed = col(t,
	    "median"), clo = col(t, "median_lo"), chi = col(t, "median_hi"),
	    c95 = col(t, "p95"), cver = col(t, "verdict"), cu = col(t, "unit");
	double lo = INFINITY, hi = -INFINITY, v[4], W = (double)width, L = 160,
	    R = 20, y;
	size_t i, k, rows = 0;
	char a[48];

	if (cv < 0 || cmed < 0 || clo < 0 || chi < 0)
		return;
	for (i = 0; i < t->nrows; i++)
		for (k = 0; k < 4; k++) {
			long c = k == 0 ? cmed : k == 1 ? clo : k == 2 ? chi :
			    c95;

			if (c >= 0 && parse_double(t->rows[i][c], &v[0]) == 0) {
				lo = fmin(lo, v[0]);
				hi = fmax(hi, v[0]);
			}
		}
	if (!(hi > lo))
		return;
	fprintf(fp, "<svg class=\"ab\" viewBox=\"0 0 %.0f %zu\" width=\"%.0f\" "
	    "height=\"%zu\" role=\"img\">\n", W, 24 * t->nrows + 24, W,
	    24 * t->nrows + 24);
#define AX(x) (L + ((x) - lo) / (hi - lo) * (W - L - R))
	for (i = 0; i < t->nrows; i++) {
		if (parse_double(t->rows[i][cmed], &v[0]) != 0 ||
		    parse_double(t->rows[i][clo], &v[1]) != 0 ||
		    parse_double(t->rows[i][chi], &v[2]) != 0)
			continue;
		y = 16 + 24 * (double)rows++;
		fprintf(fp, "<text class=\"yl\" x=\"%.0f\" y=\"%.1f\">", L - 6,
		    y + 4);
		if (cm >= 0 && *t->rows[i][cm] != '\0') {
			html_escape(fp, t->rows[i][cm]);
			fputs(" ", fp);
		}
		html_escape(fp, t->rows[i][cv]);
		fputs("</text>\n", fp);
		fmt_human(v[0], cu >= 0 ? t->rows[i][cu] : "", a);
		fprintf(fp, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/><circle class=\"%s\" cx=\"%.1f\" "
		    "cy=\"%.1f\" r=\"4\"><title>median ", AX(v[1]), y, AX(v[2]),
		    y, cver >= 0 && strcmp(t->rows[i][cver], "slower") == 0 ?
		    "anom" : "pt", AX(v[0]), y);
		html_escape(fp, a);
		fputs(", ", fp);
		html_escape(fp, cver >= 0 ? t->rows[i][cver] : "");
		fputs("</title></circle>\n", fp);
		if (c95 >= 0 && parse_double(t->rows[i][c95], &v[3]) == 0)
			fprintf(fp, "<line class=\"axis\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"><title>p95"
			    "</title></line>\n", AX(v[3]), y - 6, AX(v[3]),
			    y + 6);
	}
#undef AX
	fputs("</svg>\n", fp);
}
