/*
 * pp-report: records in, one self-contained HTML file out: trend charts
 * with their line, forecast band, change points and anomalies; week and
 * month comparisons; budgets; A/B tests; costs; findings.  Inline SVG,
 * a little inline JavaScript, no external request.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "diag.h"
#include "hmap.h"
#include "metric.h"
#include "rd.h"
#include "stats.h"
#include "htest.h"
#include "units.h"

enum { OPT_TITLE = OPT_LOCAL, OPT_WINDOW, OPT_WIDTH };

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "output",	required_argument,	NULL, 'o' },
	{ "title",	required_argument,	NULL, OPT_TITLE },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ "width",	required_argument,	NULL, OPT_WIDTH },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-report [options] [-o FILE] [--title T] [--window D] [FILE...]\n"
"\n"
"Render records as one self-contained HTML dashboard.\n"
"Metric records become trend charts; the outputs of pp-trend, pp-budget,\n"
"pp-abtest, pp-cost and pp-optimize are recognized by their fields and\n"
"get sections of their own.  The page makes no external request.\n"
"\n"
"  -o, --output FILE        write the HTML to FILE (default: standard output)\n"
"      --title T            the page's title (default: pp report)\n"
"      --window D           chart the last D before the newest point (all)\n"
"      --width N            chart width in pixels (default 720)\n"
"\n"
"%s"
"\n"
"See pp-report(1).\n", pp_common_help);
}

/* A charted series: its points (times and values in base units). */
struct series {
	char		*label;		/* metric and labels, for people */
	const char	*metric;
	const char	*unit;
	int		 better;
	pp_time		*t;
	double		*v;
	size_t		 n, cap;
	pp_time		*marks;		/* change points */
	char		**mark_sev;
	size_t		 nmarks;
};

/* Other programs' records, kept as rows of text for their sections. */
struct table {
	const char	**cols;
	size_t		 ncols;
	char		***rows;
	size_t		 nrows;
};

struct report {
	struct pp_common c;
	const char	*out, *title;
	double		 window;
	long		 width;
	struct metric_conf mc;
	struct hmap	 series;
	struct buf	 key;
	pp_time		 newest;
	struct table	 summary, changes, anomalies, violations, budgets,
			 abtests, decisions, costs, findings;
	struct hmap	 cost_by_cat, cost_by_day;
	FILE		*fp;
};

static int
has(const struct rec *r, const char *f)
{
	return rec_get(r, interns(f)) != NULL;
}

static void
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

static void
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

static void
money_add_to(struct hmap *h, const char *k, double v)
{
	struct hmap_entry *e = hmap_put(h, k, strlen(k));

	if (e->val == NULL)
		e->val = xcalloc(1, sizeof(double));
	*(double *)e->val += v;
}

/* Sorts a record into its section by the fields it has. */
static void
take(struct report *rp, const struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *text, *m, *u, *base;
	struct hmap_entry *e;
	struct series *s;
	const struct metric_props *mp;
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
		money_add_to(&rp->cost_by_cat, rec_get(r, interns("category")),
		    v);
		if (metric_time(r, &rp->c, &t, &text) == 0) {
			char day[PP_TIME_LEN];

			time_format(t - t % PP_TIME_DAY, day);
			day[10] = '\0';
			money_add_to(&rp->cost_by_day, day, v);
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
			mp = metric_props(&rp->mc, s->metric);
			s->better = mp != NULL ? mp->better : BETTER_LOWER;
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

/*
 * Change points onto their series' charts, once everything is read: a
 * series is named by a change's labels less the fields of a change.
 */
static void
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

/* --- HTML ------------------------------------------------------------- */

/*
 * The one way text gets into the page, as element content or as an
 * attribute value between double quotes: every value of the input, of
 * the options and of the configuration, and every number and time
 * formatted from them, is written through it.
 */
static void
html_escape(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(*s, fp);
		}
}

static void
date_label(pp_time t, char buf[PP_TIME_LEN])
{
	time_format(t, buf);
	buf[16] = '\0';		/* YYYY-MM-DDTHH:MM */
	buf[10] = ' ';
}

/*
 * Class names come from fixed lists, never from the input: the
 * severities of pp-trend's change points, for their lines, and the
 * values that the style sheet colours, for table cells ("v-" and the
 * value).
 */
static const char *const change_classes[] = { "minor", "moderate", "major",
    NULL };
static const char *const cell_classes[] = { "degrading", "slower", "error",
    "critical", "major", "improving", "faster", "pass", NULL };

/* v when it is one of words, else "". */
static const char *
known_word(const char *v, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(v, words[i]) == 0)
			return words[i];
	return "";
}

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
static void
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

static void
write_table(FILE *fp, const struct table *t, const char *const *only)
{
	const char *cls;
	size_t i, j, k;

	fputs("<div class=\"tw\"><table>\n<tr>", fp);
	for (j = 0; j < t->ncols; j++) {
		for (k = 0; only != NULL && only[k] != NULL; k++)
			if (strcmp(only[k], t->cols[j]) == 0)
				break;
		if (only != NULL && only[k] == NULL)
			continue;
		fputs("<th>", fp);
		html_escape(fp, t->cols[j]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (j = 0; j < t->ncols; j++) {
			for (k = 0; only != NULL && only[k] != NULL; k++)
				if (strcmp(only[k], t->cols[j]) == 0)
					break;
			if (only != NULL && only[k] == NULL)
				continue;
			cls = known_word(t->rows[i][j], cell_classes);
			if (*cls != '\0')
				fprintf(fp, "<td class=\"v-%s\">", cls);
			else
				fputs("<td>", fp);
			html_escape(fp, t->rows[i][j]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table></div>\n", fp);
}

/* Horizontal bars of a numeric column, labelled by another. */
static void
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

/* The column index of name in t, or -1. */
static long
col(const struct table *t, const char *name)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j], name) == 0)
			return (long)j;
	return -1;
}

/*
 * Per variant of each metric: the median and its confidence interval as
 * a dot on a whisker, and the p95 as a tick, on one scale per metric.
 */
static void
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

static int
sev_rank(const char *s)
{
	return strcmp(s, "critical") == 0 ? 0 : strcmp(s, "error") == 0 ? 1 :
	    strcmp(s, "warning") == 0 ? 2 : 3;
}

static long sort_col;

static int
cmp_row(const void *a, const void *b)
{
	char *const *x = *(char **const *)a, *const *y = *(char **const *)b;

	return sev_rank(x[sort_col]) - sev_rank(y[sort_col]);
}

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
"h1{font-size:1.4em}section{margin:1em 0}summary{font-weight:600;"
"font-size:1.15em;cursor:pointer}figure{margin:1em 0}figcaption{font-"
"family:monospace}.n{color:#777}svg{max-width:100%;height:auto;"
"background:#fff}.axis{stroke:#999}.yl{font-size:11px;text-anchor:end;"
"fill:#555}.xl{font-size:11px;fill:#555}.pt{fill:#3465a4}.anom{fill:"
"#cc0000}.fit{stroke:#f57900;stroke-width:1.5}.band{fill:#fcaf3e;"
"opacity:.35}.change{stroke:#75507b;stroke-width:2;stroke-dasharray:4 3}"
".change.major{stroke:#cc0000}.cl{font-size:11px;fill:#75507b}table{"
"border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
"padding:2px 6px;text-align:left}.v-degrading,.v-slower,.v-error,"
".v-critical,.v-major{color:#cc0000;font-weight:600}.v-improving,"
".v-faster,.v-pass{color:#4e9a06;font-weight:600}.bar{display:flex;"
"align-items:center;margin:2px 0}.bl{width:14em;font-family:monospace}"
".bb{display:inline-block;height:12px;background:#3465a4;margin:0 6px}"
".hidden .pts{display:none}.tw{overflow-x:auto}"
"@media print{summary{list-style:none}}";

static const char script[] =
"document.querySelectorAll('figure.chart figcaption').forEach(function(c)"
"{c.style.cursor='pointer';c.title='click to show or hide the points';"
"c.addEventListener('click',function(){c.parentNode.classList.toggle("
"'hidden');});});";

static void
section(FILE *fp, const char *title, const char *id)
{
	fputs("<section id=\"", fp);
	html_escape(fp, id);
	fputs("\"><details open><summary>", fp);
	html_escape(fp, title);
	fputs("</summary>\n", fp);
}

static void
end_section(FILE *fp)
{
	fputs("</details></section>\n", fp);
}

static void
write_report(struct report *rp)
{
	static const char *const cmp_cols[] = { "metric", "host", "n",
	    "mean", "p95", "slope_pct", "direction", "wow_pct", "wow_p",
	    "mom_pct", "mom_p", "changes", "severity", NULL };
	FILE *fp = rp->fp;
	size_t i;
	char now[PP_TIME_LEN];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", fp);
	html_escape(fp, rp->title);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_escape(fp, rp->title);
	fputs("</h1>\n<p class=\"n\">made ", fp);
	html_escape(fp, time_format(time_now(), now));
	fputs(" by pp-report</p>\n", fp);
	if (rp->series.n > 0) {
		section(fp, "Trends", "trends");
		for (i = 0; i < rp->series.n; i++)
			chart(rp, rp->series.ent[i].val, (int)i);
		end_section(fp);
	}
	if (rp->summary.nrows > 0) {
		section(fp, "Comparisons: week over week, month over month",
		    "comparisons");
		write_table(fp, &rp->summary, cmp_cols);
		end_section(fp);
	}
	if (rp->changes.nrows > 0) {
		section(fp, "Change points", "changes");
		write_table(fp, &rp->changes, NULL);
		end_section(fp);
	}
	if (rp->anomalies.nrows > 0) {
		section(fp, "Anomalies", "anomalies");
		write_table(fp, &rp->anomalies, NULL);
		end_section(fp);
	}
	if (rp->budgets.nrows > 0 || rp->violations.nrows > 0) {
		section(fp, "Budgets", "budgets");
		if (rp->budgets.nrows > 0) {
			bars(fp, &rp->budgets, "budget", "compliance_pct",
			    "%");
			write_table(fp, &rp->budgets, NULL);
		}
		if (rp->violations.nrows > 0) {
			/* the worst first */
			if ((sort_col = col(&rp->violations, "severity")) >= 0)
				qsort(rp->violations.rows, rp->violations.nrows,
				    sizeof(*rp->violations.rows), cmp_row);
			write_table(fp, &rp->violations, NULL);
		}
		end_section(fp);
	}
	if (rp->abtests.nrows > 0 || rp->decisions.nrows > 0) {
		section(fp, "A/B tests", "abtests");
		if (rp->abtests.nrows > 0) {
			ab_chart(fp, &rp->abtests, rp->width);
			write_table(fp, &rp->abtests, NULL);
		}
		if (rp->decisions.nrows > 0)
			write_table(fp, &rp->decisions, NULL);
		end_section(fp);
	}
	if (rp->costs.nrows > 0) {
		struct table cat = { 0 }, day = { 0 };
		struct rec r;
		char num[32];
		size_t k;

		section(fp, "Costs", "costs");
		rec_init(&r);
		for (k = 0; k < 2; k++) {
			struct hmap *h = k == 0 ? &rp->cost_by_cat :
			    &rp->cost_by_day;

			for (i = 0; i < h->n; i++) {
				rec_clear(&r);
				rec_add(&r, interns(k == 0 ? "category" :
				    "day"), h->ent[i].key, h->ent[i].klen, 0);
				fmt_num(*(double *)h->ent[i].val, num);
				rec_add(&r, interns("cost"), num, strlen(num),
				    0);
				table_add(k == 0 ? &cat : &day, &r);
			}
		}
		rec_free(&r);
		fputs("<h3>By category</h3>\n", fp);
		bars(fp, &cat, "category", "cost", "USD");
		fputs("<h3>By day</h3>\n", fp);
		bars(fp, &day, "day", "cost", "USD");
		table_free(&cat);
		table_free(&day);
		end_section(fp);
	}
	if (rp->findings.nrows > 0) {
		section(fp, "Findings", "findings");
		bars(fp, &rp->findings, "type", "impact", "s");
		/* pp-optimize's, labelled by their target */
		bars(fp, &rp->findings, "target", "impact_s", "s");
		bars(fp, &rp->findings, "type", "savings", "USD");
		write_table(fp, &rp->findings, NULL);
		end_section(fp);
	}
	fprintf(fp, "<script>%s</script>\n</body>\n</html>\n", script);
}

int
main(int argc, char *argv[])
{
	struct report rp;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	char **files;
	size_t nfiles, i, j;
	int ch;

	pp_setprog(argv[0]);
	memset(&rp, 0, sizeof(rp));
	pp_common_init(&rp.c);
	rp.title = "pp report";
	rp.width = 720;
	hmap_init(&rp.series);
	hmap_init(&rp.cost_by_cat);
	hmap_init(&rp.cost_by_day);
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "o:", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&rp.c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case 'o':
			rp.out = optarg;
			break;
		case OPT_TITLE:
			rp.title = optarg;
			break;
		case OPT_WINDOW:
			if (strcmp(optarg, "all") == 0)
				rp.window = 0;
			else
				rp.window = opt_duration("--window", optarg, 0);
			break;
		case OPT_WIDTH:
			rp.width = opt_count("--width", optarg, 200, 4000);
			break;
		default:
			pp_usage_try();
		}
	}
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	conf = conf_load(rp.c.config);
	conf_metrics(conf, &rp.mc);

	pp_common_rdopts(&rp.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			continue;
		}
		take(&rp, r);
	}
	rd_close(rd);
	attach_marks(&rp);
	if (rp.out != NULL) {
		if ((rp.fp = fopen(rp.out, "w")) == NULL)
			pp_die_errno(PP_EXIT_SYS, "%s", rp.out);
	} else
		rp.fp = stdout;
	write_report(&rp);
	if (rp.out != NULL) {
		if (fflush(rp.fp) != 0 || ferror(rp.fp) || fclose(rp.fp) != 0)
			pp_die_errno(PP_EXIT_SYS, "%s: write error", rp.out);
		if (!rp.c.quiet)
			fprintf(stderr, "%s: wrote %s\n", pp_getprog(), rp.out);
	}
	pp_badrec_finish();

	for (i = 0; i < rp.series.n; i++) {
		struct series *s = rp.series.ent[i].val;

		for (j = 0; j < s->nmarks; j++)
			free(s->mark_sev[j]);
		free(s->mark_sev);
		free(s->marks);
		free(s->label);
		free(s->t);
		free(s->v);
		free(s);
	}
	hmap_free(&rp.series);
	for (i = 0; i < rp.cost_by_cat.n; i++)
		free(rp.cost_by_cat.ent[i].val);
	for (i = 0; i < rp.cost_by_day.n; i++)
		free(rp.cost_by_day.ent[i].val);
	hmap_free(&rp.cost_by_cat);
	hmap_free(&rp.cost_by_day);
	table_free(&rp.summary);
	table_free(&rp.changes);
	table_free(&rp.anomalies);
	table_free(&rp.violations);
	table_free(&rp.budgets);
	table_free(&rp.abtests);
	table_free(&rp.decisions);
	table_free(&rp.costs);
	table_free(&rp.findings);
	buf_free(&rp.key);
	metric_conf_free(&rp.mc);
	conf_free(conf);
	pp_common_free(&rp.c);
	return pp_close_stdout(PP_EXIT_OK);
}
