/*
 * pp-trend: per series of a history, the trend and its direction,
 * forecasts, week over week and month over month, change points and
 * anomalies, and a gate for the nightly job.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "hmap.h"
#include "metric.h"
#include "rd.h"
#include "stats.h"
#include "htest.h"
#include "trend.h"
#include "units.h"

enum mode { M_SUMMARY, M_CHANGES, M_ANOMALIES, M_FORECAST };

enum {
	OPT_CHANGES = OPT_LOCAL, OPT_ANOMALIES, OPT_FORECAST, OPT_WINDOW,
	OPT_MIN_CHANGE, OPT_TZ, OPT_MAX_PVALUE, OPT_MIN_MAGNITUDE, OPT_METHOD,
	OPT_THRESHOLD, OPT_ALPHA, OPT_MAX_OUTLIERS, OPT_PERIOD, OPT_MODEL,
	OPT_SMOOTHING, OPT_TREND_SMOOTHING, OPT_CONFIDENCE, OPT_FAIL_ON
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "changes",		no_argument,		NULL, OPT_CHANGES },
	{ "anomalies",		no_argument,		NULL, OPT_ANOMALIES },
	{ "forecast",		required_argument,	NULL, OPT_FORECAST },
	{ "window",		required_argument,	NULL, OPT_WINDOW },
	{ "min-change",		required_argument,	NULL, OPT_MIN_CHANGE },
	{ "tz",			required_argument,	NULL, OPT_TZ },
	{ "max-pvalue",		required_argument,	NULL, OPT_MAX_PVALUE },
	{ "min-magnitude",	required_argument,	NULL, OPT_MIN_MAGNITUDE },
	{ "method",		required_argument,	NULL, OPT_METHOD },
	{ "threshold",		required_argument,	NULL, OPT_THRESHOLD },
	{ "alpha",		required_argument,	NULL, OPT_ALPHA },
	{ "max-outliers",	required_argument,	NULL, OPT_MAX_OUTLIERS },
	{ "period",		required_argument,	NULL, OPT_PERIOD },
	{ "model",		required_argument,	NULL, OPT_MODEL },
	{ "smoothing",		required_argument,	NULL, OPT_SMOOTHING },
	{ "trend-smoothing",	required_argument,	NULL, OPT_TREND_SMOOTHING },
	{ "confidence",		required_argument,	NULL, OPT_CONFIDENCE },
	{ "fail-on",		required_argument,	NULL, OPT_FAIL_ON },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-trend [options] [--window D] [--min-change P] [--tz ZONE]\n"
"                [--fail-on SEVERITY] [FILE...]\n"
"       pp-trend [options] --changes [--max-pvalue P] [--min-magnitude P]\n"
"                [FILE...]\n"
"       pp-trend [options] --anomalies [--method mad|esd] [--threshold T]\n"
"                [--alpha A] [--max-outliers P] [FILE...]\n"
"       pp-trend [options] --forecast H [--period D] [--model linear|holt]\n"
"                [--smoothing A] [--trend-smoothing B] [FILE...]\n"
"\n"
"Analyse metric records per series: trend and direction, forecasts, week\n"
"over week and month over month, change points and anomalies.\n"
"\n"
"Modes (one per run; the summary is the default):\n"
"      --changes            one record per confirmed change point\n"
"      --anomalies          one record per abnormal point\n"
"      --forecast H         forecast records for the next H periods\n"
"Analysis:\n"
"      --window D           analyse the last D before the newest record\n"
"                           (default 30d; all for everything)\n"
"      --min-change P       a trend smaller than P over the window is\n"
"                           stable (default 5%%)\n"
"      --confidence P       of intervals (default 95%%)\n"
"      --tz ZONE            calendar weeks and months in ZONE (default UTC)\n"
"      --fail-on SEVERITY   exit 1 on a regression of at least minor,\n"
"                           moderate or major in the window\n"
"Change points:\n"
"      --max-pvalue P       confirm a change below this p (default 0.001)\n"
"      --min-magnitude P    and of at least P (default 5%%)\n"
"Anomalies:\n"
"      --method mad|esd     robust score or generalized ESD (default mad)\n"
"      --threshold T        robust score limit (default 3.5)\n"
"      --alpha A            ESD significance (default 0.05)\n"
"      --max-outliers P     ESD: at most P of the points (default 10%%)\n"
"Forecasts:\n"
"      --period D           one forecast per D (default 1d)\n"
"      --model linear|holt  least-squares line (default) or Holt\n"
"      --smoothing A        Holt's level parameter (default: fitted)\n"
"      --trend-smoothing B  Holt's trend parameter (default: fitted)\n"
"\n"
"%s"
"\n"
"See pp-trend(1).\n", pp_common_help);
}

struct trend {
	struct pp_common c;
	struct trend_opts o;
	enum mode	 mode;
	int		 fail_on;	/* SEV_NONE: no gate */
	struct metric_conf mc;
	struct hmap	 series;
	struct buf	 key;
	pp_time		 newest;
	int		 any;
	int		 failed;	/* a regression passed --fail-on */
	struct wr	*out;
	struct rec	 r;
	int		 table;
};

/* --method and --model: the value is t->o.esd or t->o.holt. */
static const struct opt_word method_words[] = {
	{ "mad", 0 }, { "esd", 1 }, { NULL, 0 }
};
static const struct opt_word model_words[] = {
	{ "linear", 0 }, { "holt", 1 }, { NULL, 0 }
};

static double
opt_number(const char *opt, const char *arg, double lo, double hi)
{
	double v;

	if (parse_double(arg, &v) != 0 || v < lo || v > hi)
		pp_usage_error("%s: '%s' is not a number from %g to %g", opt,
		    arg, lo, hi);
	return v;
}

/* trend: in the configuration; options given on the command line win. */
static void
load_config(struct trend *t, const struct cnode *root, const int *given)
{
	static const char *const keys[] = { "window", "min_change",
	    "confidence", "max_pvalue", "min_magnitude", "severity", "tz",
	    NULL };
	static const char *const bands[] = { "moderate", "major", NULL };
	const struct cnode *sec = conf_get(root, "trend"), *n, *b;
	double v;

	conf_metrics(root, &t->mc);
	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping of trend settings");
	conf_check_keys(sec, keys);
	/* Every value is checked; one given on the command line wins. */
	if ((n = conf_get(sec, "window")) != NULL) {
		if (strcmp(conf_string(n), "all") == 0)
			v = 0;
		else if ((v = conf_duration(n)) <= 0)
			conf_die(n, "window: '%s' is not a positive duration",
			    n->str);
		if (!given[0])
			t->o.window = v;
	}
	if ((n = conf_get(sec, "min_change")) != NULL) {
		if ((v = conf_percent(n)) < 0)
			conf_die(n, "min_change: '%s' is negative", n->str);
		if (!given[1])
			t->o.min_change = v;
	}
	if ((n = conf_get(sec, "confidence")) != NULL) {
		v = conf_percent(n);
		if (v <= 0 || v >= 1)
			conf_die(n, "confidence: '%s' is not between 0%% and "
			    "100%%", n->str);
		if (!given[2])
			t->o.confidence = v;
	}
	if ((n = conf_get(sec, "max_pvalue")) != NULL) {
		v = conf_number(n);
		if (v <= 0 || v > 1)
			conf_die(n, "max_pvalue: '%s' is not in (0, 1]",
			    n->str);
		if (!given[3])
			t->o.max_pvalue = v;
	}
	if ((n = conf_get(sec, "min_magnitude")) != NULL) {
		if ((v = conf_percent(n)) < 0)
			conf_die(n, "min_magnitude: '%s' is negative", n->str);
		if (!given[4])
			t->o.min_magnitude = v;
	}
	if ((n = conf_get(sec, "tz")) != NULL) {
		if (cal_set_zone(conf_string(n)) != 0)
			conf_die(n, "tz: unknown time zone '%s'", n->str);
		if (given[5])
			(void)cal_set_zone(t->o.tz);	/* --tz wins */
		else
			t->o.tz = n->str;
	}
	if ((n = conf_get(sec, "severity")) != NULL) {
		conf_expect(n, CN_MAP, "a mapping such as {moderate: 0.2, "
		    "major: 0.5}");
		conf_check_keys(n, bands);
		if ((b = conf_get(n, "moderate")) != NULL)
			t->o.band_moderate = conf_number(b);
		if ((b = conf_get(n, "major")) != NULL)
			t->o.band_major = conf_number(b);
		if (t->o.band_moderate <= 0 ||
		    t->o.band_major <= t->o.band_moderate)
			conf_die(n, "severity: need 0 < moderate < major "
			    "(|ln(after/before)|), got %g and %g",
			    t->o.band_moderate, t->o.band_major);
	}
}

static void
parse_options(int argc, char *argv[], struct trend *t, char ***files,
    size_t *nfiles, int *given)
{
	int ch, modes = 0, method_given = 0;
	long h;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&t->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_CHANGES:
			t->mode = M_CHANGES;
			modes++;
			break;
		case OPT_ANOMALIES:
			t->mode = M_ANOMALIES;
			modes++;
			break;
		case OPT_FORECAST:
			if (parse_long(optarg, 1, 100000, &h) != 0)
				pp_usage_error("--forecast: '%s' is not a "
				    "whole number of periods from 1", optarg);
			t->o.horizon = h;
			t->mode = M_FORECAST;
			modes++;
			break;
		case OPT_WINDOW:
			if (strcmp(optarg, "all") == 0)
				t->o.window = 0;
			else
				t->o.window = opt_duration("--window", optarg,
				    0);
			given[0] = 1;
			break;
		case OPT_MIN_CHANGE:
			t->o.min_change = opt_percent("--min-change", optarg, 0,
			    PCT_MAX, 0);
			given[1] = 1;
			break;
		case OPT_CONFIDENCE:
			t->o.confidence = opt_percent("--confidence", optarg, 0,
			    0.9999, PCT_LO_OPEN);
			given[2] = 1;
			break;
		case OPT_MAX_PVALUE:
			t->o.max_pvalue = opt_number("--max-pvalue", optarg,
			    1e-300, 1);
			given[3] = 1;
			break;
		case OPT_MIN_MAGNITUDE:
			t->o.min_magnitude = opt_percent("--min-magnitude",
			    optarg, 0, PCT_MAX, 0);
			given[4] = 1;
			break;
		case OPT_TZ:
			if (cal_set_zone(optarg) != 0)
				pp_usage_error("--tz: unknown time zone '%s' "
				    "(an IANA name such as Europe/Paris, or "
				    "+HH:MM)", optarg);
			t->o.tz = optarg;
			given[5] = 1;
			break;
		case OPT_METHOD:
			t->o.esd = opt_word("--method", optarg, method_words);
			method_given = 1;
			break;
		case OPT_THRESHOLD:
			t->o.threshold = opt_number("--threshold", optarg,
			    1e-9, 1e9);
			break;
		case OPT_ALPHA:
			t->o.alpha = opt_number("--alpha", optarg, 1e-12,
			    0.5);
			break;
		case OPT_MAX_OUTLIERS:
			t->o.max_outliers = opt_percent("--max-outliers",
			    optarg, 0, 0.5, PCT_LO_OPEN);
			break;
		case OPT_PERIOD:
			t->o.period = opt_duration("--period", optarg, 0);
			break;
		case OPT_MODEL:
			t->o.holt = opt_word("--model", optarg, model_words);
			break;
		case OPT_SMOOTHING:
			t->o.holt_alpha = opt_number("--smoothing", optarg,
			    1e-9, 1);
			break;
		case OPT_TREND_SMOOTHING:
			t->o.holt_beta = opt_number("--trend-smoothing",
			    optarg, 0, 1);
			break;
		case OPT_FAIL_ON:
			if ((t->fail_on = severity_parse(optarg)) < 0)
				pp_usage_error("--fail-on: '%s' is not minor, "
				    "moderate or major", optarg);
			break;
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	if (modes > 1)
		pp_usage_error("--changes, --anomalies and --forecast: choose "
		    "one");
	if (t->mode != M_FORECAST && (t->o.holt || t->o.holt_alpha >= 0 ||
	    t->o.holt_beta >= 0))
		pp_usage_error("--model, --smoothing and --trend-smoothing go "
		    "with --forecast");
	if ((t->o.holt_alpha >= 0 || t->o.holt_beta >= 0) && !t->o.holt)
		pp_usage_error("--smoothing and --trend-smoothing need "
		    "--model holt");
	if (t->mode != M_ANOMALIES && method_given)
		pp_usage_error("--method goes with --anomalies");
}

/* Reads every record into its series; bad records are skipped. */
static void
read_input(struct trend *t, char **files, size_t nfiles)
{
	const struct metric_names *mn = mnames();
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap_entry *e;
	struct series *s;
	const struct metric_props *mp;
	const char *text, *unit, *base;
	double v, factor;
	pp_time ts;
	int got;
	size_t i;

	pp_common_rdopts(&t->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	t->c.out_fmt = pp_output_format(&t->c, 1, rd_format(rd));
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			continue;
		}
		if (metric_time_checked(r, &t->c, &ts) != 0)
			continue;
		if ((got = metric_value(r, &t->c, &v, &text)) != 0) {
			if (got > 0)
				pp_badrec(r->file, r->line, "field '%s' is "
				    "missing", t->c.field);
			else
				pp_badrec(r->file, r->line, "field '%s': '%s' "
				    "is not a number", t->c.field, text);
			continue;
		}
		unit = rec_get(r, mn->unit);
		if (unit_base(unit, &base, &factor) != 0) {
			base = "";
			factor = 1;
		}
		series_key(r, &t->c, &t->key);
		e = hmap_put(&t->series, t->key.p, t->key.len);
		if ((s = e->val) == NULL) {
			s = e->val = xcalloc(1, sizeof(*s));
			rec_init(&s->labels);
			text = rec_get(r, mn->metric);
			rec_add(&s->labels, mn->metric, text ? text : "",
			    text ? strlen(text) : 0, 0);
			s->metric = rec_val(&s->labels, 0);
			for (i = 0; i < r->n; i++)
				if (metric_is_label(&t->c, r->name[i]) &&
				    r->name[i] != mn->metric)
					rec_add(&s->labels, r->name[i],
					    rec_val(r, i),
					    strlen(rec_val(r, i)), 0);
			rec_add(&s->labels, mn->unit, base, strlen(base), 0);
			s->metric = rec_val(&s->labels, 0);
			mp = metric_props(&t->mc, s->metric);
			s->better = mp != NULL ? mp->better : BETTER_LOWER;
		}
		series_add(s, ts, v * factor);
		if (!t->any || ts > t->newest)
			t->newest = ts;
		t->any = 1;
	}
	rd_close(rd);
}

static void
put_time(struct rec *r, const char *name, pp_time t)
{
	char buf[PP_TIME_LEN];

	rec_put(r, name, time_format(t, buf));
}

/* The labels of a series, then its unit last (as a metric record). */
static void
put_labels(struct rec *r, const struct series *s, int with_unit)
{
	size_t i;

	for (i = 0; i + 1 < s->labels.n; i++)
		rec_add(r, s->labels.name[i], rec_val(&s->labels, i),
		    strlen(rec_val(&s->labels, i)), 0);
	if (with_unit)
		rec_add(r, s->labels.name[i], rec_val(&s->labels, i),
		    strlen(rec_val(&s->labels, i)), 0);
}

static double
days(pp_time t, pp_time t0)
{
	return time_days(t - t0);
}

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

/* 1 if a change passes --fail-on. */
static int
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

/*
 * The summary of a series into r, and in *failed whether it passes
 * --fail-on: it writes nothing shared, so threads may run it.
 */
static void
summary(const struct trend *t, struct series *s, struct rec *r, int *failed)
{
	static const double ahead[] = { 1, 7, 30 };
	static const char *const fname[] = { "forecast_1d", "forecast_7d",
	    "forecast_30d" };
	struct moments mo;
	struct ols o;
	struct change *ch;
	double *x, *v, lo, hi, y, wdays, pct, p, worst_ln = -1;
	size_t n = s->n - s->from, i, nch, k;
	const char *dir;
	char name[32];
	int worst = SEV_NONE, fit;
	pp_time wk, mo_start;

	rec_clear(r);
	put_labels(r, s, 1);
	memset(&mo, 0, sizeof(mo));
	for (i = s->from; i < s->n; i++)
		moments_add(&mo, s->v[i]);
	rec_put_num(r, "n", (double)n);
	put_time(r, "first_ts", s->t[s->from]);
	put_time(r, "last_ts", s->t[s->n - 1]);
	rec_put_num(r, "mean", mo.mean);
	rec_put_num(r, "sd", moments_sd(&mo));
	rec_put_num(r, "min", mo.min);
	v = series_window_values(s, &n);
	rec_put_num(r, "p50", stat_quantile(v, n, 0.5));
	rec_put_num(r, "p95", stat_quantile(v, n, 0.95));
	free(v);
	rec_put_num(r, "max", mo.max);

	x = xcalloc(n, sizeof(*x));
	for (i = 0; i < n; i++)
		x[i] = days(s->t[s->from + i], s->t[s->from]);
	fit = ols_fit(x, s->v + s->from, n, &o) == 0;
	free(x);
	if (fit) {
		ols_slope_ci(&o, t->o.confidence, &lo, &hi);
		rec_put_num(r, "slope", o.slope);
		rec_put_num(r, "slope_lo", lo);
		rec_put_num(r, "slope_hi", hi);
		pct = mo.mean != 0 ? o.slope / fabs(mo.mean) * 100 : NAN;
		rec_put_num(r, "slope_pct", pct);
		rec_put_num(r, "r2", o.r2);
		wdays = t->o.window > 0 ? t->o.window / 86400 :
		    days(s->t[s->n - 1], s->t[s->from]);
		dir = "stable";
		if ((lo > 0 || hi < 0) && !isnan(pct) &&
		    fabs(pct) * wdays >= t->o.min_change * 100)
			dir = (o.slope > 0) == (s->better == BETTER_LOWER) ?
			    "degrading" : "improving";
		rec_put(r, "direction", dir);
		for (k = 0; k < 3; k++) {
			ols_predict(&o, days(s->t[s->n - 1], s->t[s->from]) +
			    ahead[k], t->o.confidence, &y, &lo, &hi);
			rec_put_num(r, fname[k], y);
			snprintf(name, sizeof(name), "%s_lo", fname[k]);
			rec_put_num(r, name, lo);
			snprintf(name, sizeof(name), "%s_hi", fname[k]);
			rec_put_num(r, name, hi);
		}
	} else {
		static const char *const empty[] = { "slope", "slope_lo",
		    "slope_hi", "slope_pct", "r2" };

		for (k = 0; k < 5; k++)
			rec_put(r, empty[k], "");
		/* Fewer than 3 points, or all at one time: no trend to tell. */
		rec_put(r, "direction", "insufficient_data");
		for (k = 0; k < 3; k++) {
			rec_put(r, fname[k], "");
			snprintf(name, sizeof(name), "%s_lo", fname[k]);
			rec_put(r, name, "");
			snprintf(name, sizeof(name), "%s_hi", fname[k]);
			rec_put(r, name, "");
		}
	}
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

	nch = find_changes(s, &t->o, &ch);
	*failed = gates(t, ch, nch);
	for (i = 0; i < nch; i++) {
		double m = fabs(log(ch[i].after / ch[i].before));

		if (ch[i].regression && (ch[i].severity > worst ||
		    (ch[i].severity == worst && m > worst_ln))) {
			worst = ch[i].severity;
			worst_ln = m;
		}
	}
	free(ch);
	rec_put_num(r, "changes", (double)nch);
	rec_put(r, "severity", severity_name(worst));
	if (t->table) {
		struct buf b = BUF_INIT;

		sparkline(s, &b);
		rec_put(r, "trend", b.p);
		buf_free(&b);
	}
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
		put_time(r, "ts", s->t[ch[i].at]);
		put_labels(r, s, 1);
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
	put_time(r, "ts", s->t[i]);
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
			x[i] = days(s->t[s->from + i], s->t[s->from]);
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
			ols_predict(&o, days(at, s->t[s->from]),
			    t->o.confidence, &f, &lo, &hi);
		if (!isfinite(f))
			break;		/* the line runs past DBL_MAX */
		rec_clear(r);
		put_time(r, "ts", at);
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
static void
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

int
main(int argc, char *argv[])
{
	struct trend t;
	struct cnode *conf;
	char **files;
	size_t nfiles, i;
	int given[6] = { 0 };

	pp_setprog(argv[0]);
	memset(&t, 0, sizeof(t));
	pp_common_init(&t.c);
	t.o.window = 30 * 86400.0;
	t.o.min_change = 0.05;
	t.o.confidence = 0.95;
	t.o.max_pvalue = 0.001;
	t.o.min_magnitude = 0.05;
	t.o.band_moderate = 0.2;
	t.o.band_major = 0.5;
	t.o.threshold = 3.5;
	t.o.alpha = 0.05;
	t.o.max_outliers = 0.1;
	t.o.period = 86400;
	t.o.holt_alpha = t.o.holt_beta = -1;
	hmap_init(&t.series);
	rec_init(&t.r);
	parse_options(argc, argv, &t, &files, &nfiles, given);
	conf = conf_load(t.c.config);
	load_config(&t, conf, given);

	read_input(&t, files, nfiles);
	t.table = t.c.out_fmt == FMT_TABLE;
	t.out = wr_open(stdout, "standard output", t.c.out_fmt);
	for (i = 0; i < t.series.n; i++) {
		struct series *s = t.series.ent[i].val;
		size_t np;

		series_prepare(s, t.newest, t.o.window);
		if (t.mode != M_FORECAST || !t.o.holt || s->from == s->n)
			continue;
		/* Before any output: Holt holds one value per period. */
		np = (size_t)(time_sec(s->t[s->n - 1] - s->t[s->from]) /
		    t.o.period) + 1;
		if (np > 100000)
			pp_usage_error("--period: the window holds %zu periods "
			    "of %g s, more than 100000: choose a longer period",
			    np, t.o.period);
	}
	if (t.mode == M_SUMMARY)
		summaries(&t);
	for (i = 0; i < t.series.n && t.mode != M_SUMMARY; i++) {
		struct series *s = t.series.ent[i].val;

		if (s->from == s->n)
			continue;	/* nothing inside the window */
		switch (t.mode) {
		case M_SUMMARY:
			break;
		case M_CHANGES:
			changes(&t, s);
			break;
		case M_ANOMALIES:
			anomalies(&t, s);
			break;
		case M_FORECAST:
			forecast(&t, s);
			break;
		}
		if (t.fail_on != SEV_NONE && t.mode != M_SUMMARY &&
		    t.mode != M_CHANGES) {
			struct change *ch;
			size_t nch = find_changes(s, &t.o, &ch);

			gate(&t, ch, nch);
			free(ch);
		}
	}
	wr_close(t.out);
	pp_badrec_finish();

	for (i = 0; i < t.series.n; i++)
		series_free(t.series.ent[i].val);
	hmap_free(&t.series);
	buf_free(&t.key);
	rec_free(&t.r);
	metric_conf_free(&t.mc);
	conf_free(conf);
	pp_common_free(&t.c);
	return pp_close_stdout(t.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
