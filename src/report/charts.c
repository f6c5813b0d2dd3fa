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
	const double W = (double)rp->width, H = 220, L = 70, R = 20, T = 12,
	    B = 34;
	struct point *p = xcalloc(s->n + 1, sizeof(*p));
	double lo = INFINITY, hi = -INFINITY, *x, y, plo, phi, med, mad, *d;
	double ahead = 7, span, tx, ty;
	pp_time t0, t1, tend;
	size_t i, n = 0, col, ncols;
	char a[48], b[48], ts[PP_TIME_LEN], te[PP_TIME_LEN];
	const char *cls;
	struct ols o;
	int fit;
	FILE *fp = rp->fp;

	for (i = 0; i < s->n; i++)
		if (rp->window <= 0 || s->t[i] >= rp->newest -
		    time_of_sec(rp->window)) {
			p[n].t = s->t[i];
			p[n++].v = s->v[i];
		}
	if (n == 0) {
		free(p);
		return;
	}
	qsort(p, n, sizeof(*p), cmp_point);
	x = xcalloc(n, sizeof(*x));
	d = xcalloc(n, sizeof(*d));
	for (i = 0; i < n; i++) {
		x[i] = time_days(p[i].t - p[0].t);
		d[i] = p[i].v;
		lo = fmin(lo, p[i].v);
		hi = fmax(hi, p[i].v);
	}
	fit = n >= 3 && ols_fit(x, d, n, &o) == 0;
	t0 = p[0].t;
	t1 = p[n - 1].t;
	tend = fit ? t1 + time_of_days(ahead) : t1;
	if (fit) {
		ols_predict(&o, x[n - 1] + ahead, 0.95, &y, &plo, &phi);
		lo = fmin(lo, plo);
		hi = fmax(hi, phi);
	}
	if (hi == lo) {
		hi += hi != 0 ? fabs(hi) * 0.1 : 1;
		lo -= lo != 0 ? fabs(lo) * 0.1 : 1;
	}
	span = tend > t0 ? (double)(tend - t0) : 1;
#define PX(t) (L + ((double)((t) - t0)) / span * (W - L - R))
#define PY(v) (T + (hi - (v)) / (hi - lo) * (H - T - B))
	(void)med;
	(void)mad;

	fprintf(fp, "<figure class=\"chart\" id=\"c%d\">\n<figcaption>", id);
	html_escape(fp, s->label);
	fprintf(fp, " <span class=\"n\">(%zu points)</span></figcaption>\n",
	    n);
	fprintf(fp, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\">\n", W, H, W, H);
	/* axes and their labels */
	fprintf(fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.1f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", L, H - B, W - R, H - B);
	fprintf(fp, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" "
	    "x2=\"%.0f\" y2=\"%.1f\"/>\n", L, T, L, H - B);
	fmt_human(hi, s->unit, a);
	fmt_human(lo, s->unit, b);
	fprintf(fp, "<text class=\"yl\" x=\"%.0f\" y=\"%.0f\">", L - 4,
	    T + 8);
	html_escape(fp, a);
	fprintf(fp, "</text>\n<text class=\"yl\" x=\"%.0f\" y=\"%.0f\">",
	    L - 4, H - B);
	html_escape(fp, b);
	fputs("</text>\n", fp);
	for (i = 0; i < 3; i++) {
		pp_time at = t0 + (pp_time)((double)(tend - t0) * (double)i /
		    2);

		date_label(at, ts);
		fprintf(fp, "<text class=\"xl\" x=\"%.1f\" y=\"%.0f\" "
		    "text-anchor=\"%s\">", PX(at), H - B + 16,
		    i == 0 ? "start" : i == 1 ? "middle" : "end");
		html_escape(fp, ts);
		fputs("</text>\n", fp);
	}
	/* forecast band and line */
	if (fit) {
		double y0, l0, h0;

		ols_predict(&o, x[n - 1], 0.95, &y0, &l0, &h0);
		fprintf(fp, "<polygon class=\"band\" points=\"%.1f,%.1f "
		    "%.1f,%.1f %.1f,%.1f %.1f,%.1f\"><title>forecast, 95%% "
		    "prediction interval</title></polygon>\n", PX(t1), PY(h0),
		    PX(tend), PY(phi), PX(tend), PY(plo), PX(t1), PY(l0));
		fprintf(fp, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n", PX(t0), PY(o.intercept),
		    PX(tend), PY(o.intercept + o.slope * (x[n - 1] + ahead)));
	}
	/* points: every one, or the extremes of each pixel column */
	ncols = (size_t)(W - L - R);
	fprintf(fp, "<g class=\"pts\" data-series=\"%d\">\n", id);
	for (col = 0, i = 0; i < n; col++) {
		size_t j = i, imin = i, imax = i;
		double cx = PX(p[i].t);

		if (n > 2 * ncols) {
			while (j < n && (size_t)(PX(p[j].t) - L) <= (size_t)(cx -
			    L)) {
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
	/* change points */
	for (i = 0; i < s->nmarks; i++) {
		if (s->marks[i] < t0 || s->marks[i] > tend)
			continue;
		tx = PX(s->marks[i]);
		date_label(s->marks[i], ts);
		cls = known_word(s->mark_sev[i], change_classes);
		fprintf(fp, "<line class=\"change%s%s\" x1=\"%.1f\" "
		    "y1=\"%.0f\" x2=\"%.1f\" y2=\"%.1f\"><title>change "
		    "point ", *cls != '\0' ? " " : "", cls, tx, T, tx, H - B);
		html_escape(fp, ts);
		fputs(": ", fp);
		html_escape(fp, s->mark_sev[i]);
		fprintf(fp, "</title></line>\n<text class=\"cl\" x=\"%.1f\" "
		    "y=\"%.0f\">", tx + 3, T + 10);
		html_escape(fp, s->mark_sev[i]);
		fputs("</text>\n", fp);
	}
#undef PX
#undef PY
	fprintf(fp, "</svg>\n</figure>\n");
	free(p);
	free(x);
	free(d);
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
