/*
 * pp-trend: per series of a history, the trend and its direction,
 * forecasts, week over week and month over month, change points and
 * anomalies, and a gate for the nightly job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "metric.h"
#include "trend.h"
#include "units.h"

/*
 * What a table leaves out unless -F says otherwise: a terminal shows the
 * series, n, p50, p95, slope_pct, direction, forecast_7d, wow_pct,
 * changes and severity; the rest is a --fields all away.
 */
#define TABLE_HIDE	"unit,first_ts,last_ts,mean,sd,min,max,slope," \
	"slope_lo,slope_hi,r2,forecast_1d*,forecast_7d_lo,forecast_7d_hi," \
	"forecast_30d*,wow_p,mom_pct,mom_p"

enum {
	OPT_CHANGES = OPT_LOCAL, OPT_ANOMALIES, OPT_FORECAST, OPT_WINDOW,
	OPT_MIN_CHANGE, OPT_TZ, OPT_MAX_PVALUE, OPT_MIN_MAGNITUDE, OPT_METHOD,
	OPT_THRESHOLD, OPT_ALPHA, OPT_MAX_OUTLIERS, OPT_PERIOD, OPT_MODEL,
	OPT_SMOOTHING, OPT_TREND_SMOOTHING, OPT_CONFIDENCE, OPT_FAIL_ON,
	OPT_GITHUB, OPT_UNTIL
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	PP_PART_LONGOPTS,
	{ "changes",		no_argument,		NULL, OPT_CHANGES },
	{ "anomalies",		no_argument,		NULL, OPT_ANOMALIES },
	{ "forecast",		required_argument,	NULL, OPT_FORECAST },
	{ "window",		required_argument,	NULL, OPT_WINDOW },
	{ "until",		required_argument,	NULL, OPT_UNTIL },
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
	{ "github",		no_argument,		NULL, OPT_GITHUB },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-trend [options] [--window D] [--min-change P] [--tz ZONE]\n"
"                [--fail-on SEVERITY [--github]] [FILE...]\n"
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
"      --until T            analyse as of time T (a date, RFC 3339, Unix\n"
"                           seconds or now): later records are left out,\n"
"                           and the window counts back from T\n"
"      --min-change P       a trend smaller than P over the window is\n"
"                           stable (default 5%%)\n"
"      --confidence P       of intervals (default 95%%)\n"
"      --tz ZONE            calendar weeks and months in ZONE (default UTC)\n"
"      --fail-on SEVERITY   exit 1 on a regression of at least minor,\n"
"                           moderate or major in the window\n"
"      --output-format junit  with --fail-on: a JUnit testcase per series\n"
"      --github             with --fail-on: GitHub Actions annotations on\n"
"                           standard error\n"
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
"%s"
"\n"
"See pp-trend(1).\n", pp_common_help,
    pp_part_help);
}

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

/* What the options seen so far ask of the mode. */
struct seen {
	int		 modes;		/* how many of the modes */
	int		 method_given;
};

/* The modes and the options of each; 0 if ch is not one. */
static int
mode_opt(struct trend *t, int ch, const char *arg, struct seen *k)
{
	long h;

	switch (ch) {
	case OPT_CHANGES:
		t->mode = M_CHANGES;
		k->modes++;
		break;
	case OPT_ANOMALIES:
		t->mode = M_ANOMALIES;
		k->modes++;
		break;
	case OPT_FORECAST:
		if (parse_long(arg, 1, 100000, &h) != 0)
			pp_usage_error("--forecast: '%s' is not a "
			    "whole number of periods from 1", arg);
		t->o.horizon = h;
		t->mode = M_FORECAST;
		k->modes++;
		break;
	case OPT_METHOD:
		t->o.esd = opt_word("--method", arg, method_words);
		k->method_given = 1;
		break;
	case OPT_THRESHOLD:
		t->o.threshold = opt_number("--threshold", arg,
		    1e-9, 1e9);
		break;
	case OPT_ALPHA:
		t->o.alpha = opt_number("--alpha", arg, 1e-12,
		    0.5);
		break;
	case OPT_MAX_OUTLIERS:
		t->o.max_outliers = opt_percent("--max-outliers",
		    arg, 0, 0.5, PCT_LO_OPEN);
		break;
	case OPT_PERIOD:
		t->o.period = opt_duration("--period", arg, 0);
		break;
	case OPT_MODEL:
		t->o.holt = opt_word("--model", arg, model_words);
		break;
	case OPT_SMOOTHING:
		t->o.holt_alpha = opt_number("--smoothing", arg,
		    1e-9, 1);
		break;
	case OPT_TREND_SMOOTHING:
		t->o.holt_beta = opt_number("--trend-smoothing",
		    arg, 0, 1);
		break;
	case OPT_FAIL_ON:
		if ((t->fail_on = severity_parse(arg)) < 0)
			pp_usage_error("--fail-on: '%s' is not minor, "
			    "moderate or major", arg);
		break;
	case OPT_GITHUB:
		t->github = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * The settings the configuration also holds, each marked in given[] so
 * that the command line wins; 0 if ch is not one.
 */
static int
setting_opt(struct trend *t, int ch, const char *arg, int *given)
{
	switch (ch) {
	case OPT_WINDOW:
		if (strcmp(arg, "all") == 0)
			t->o.window = 0;
		else
			t->o.window = opt_duration("--window", arg,
			    0);
		given[TG_WINDOW] = 1;
		break;
	case OPT_UNTIL:
		t->o.until = opt_time("--until", arg);
		t->o.until_set = 1;
		break;
	case OPT_MIN_CHANGE:
		t->o.min_change = opt_percent("--min-change", arg, 0,
		    PCT_MAX, 0);
		given[TG_MIN_CHANGE] = 1;
		break;
	case OPT_CONFIDENCE:
		t->o.confidence = opt_percent("--confidence", arg, 0,
		    0.9999, PCT_LO_OPEN);
		given[TG_CONFIDENCE] = 1;
		break;
	case OPT_MAX_PVALUE:
		t->o.max_pvalue = opt_number("--max-pvalue", arg,
		    1e-300, 1);
		given[TG_MAX_PVALUE] = 1;
		break;
	case OPT_MIN_MAGNITUDE:
		t->o.min_magnitude = opt_percent("--min-magnitude",
		    arg, 0, PCT_MAX, 0);
		given[TG_MIN_MAGNITUDE] = 1;
		break;
	case OPT_TZ:
		if (cal_set_zone(arg) != 0)
			pp_usage_error("--tz: unknown time zone '%s' "
			    "(an IANA name such as Europe/Paris, or "
			    "+HH:MM)", arg);
		t->o.tz = arg;
		given[TG_TZ] = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Exits 2 on options that do not go together. */
static void
check_options(struct trend *t, const struct seen *k)
{
	if (k->modes > 1)
		pp_usage_error("--changes, --anomalies and --forecast: choose "
		    "one");
	if (t->mode != M_FORECAST && (t->o.holt || t->o.holt_alpha >= 0 ||
	    t->o.holt_beta >= 0))
		pp_usage_error("--model, --smoothing and --trend-smoothing go "
		    "with --forecast");
	if ((t->o.holt_alpha >= 0 || t->o.holt_beta >= 0) && !t->o.holt)
		pp_usage_error("--smoothing and --trend-smoothing need "
		    "--model holt");
	if (t->mode != M_ANOMALIES && k->method_given)
		pp_usage_error("--method goes with --anomalies");
	t->junit = t->c.out_fmt == FMT_JUNIT;
	if (t->fail_on == SEV_NONE) {
		pp_junit_refuse(&t->c);
		if (t->github)
			pp_usage_error("--github goes with --fail-on");
	}
	if (t->junit && t->mode != M_SUMMARY)
		pp_usage_error("--output-format junit writes one testcase per "
		    "series, no records: not with --%s", t->mode ==
		    M_CHANGES ? "changes" : t->mode == M_ANOMALIES ?
		    "anomalies" : "forecast");
}

static void
parse_options(int argc, char *argv[], struct trend *t, char ***files,
    size_t *nfiles, int *given)
{
	struct seen k = { 0, 0 };
	int ch;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT PP_PART_SHORT,
	    longopts, NULL)) != -1) {
		if (pp_common_opt(&t->c, ch, optarg))
			continue;
		if (ch == 'h') {
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		}
		if (!mode_opt(t, ch, optarg, &k) &&
		    !setting_opt(t, ch, optarg, given))
			pp_usage_try();
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	check_options(t, &k);
}

int
main(int argc, char *argv[])
{
	struct trend t;
	struct cnode *conf;
	char **files;
	size_t nfiles;
	int given[TG_N] = { 0 };

	pp_setprog(argv[0]);
	trend_init(&t);
	t.c.jobs = pp_ncores();
	parse_options(argc, argv, &t, &files, &nfiles, given);
	conf = conf_load(t.c.config);
	trend_load_config(&t, conf, given);

	read_input(&t, files, nfiles);
	t.table = t.c.out_fmt == FMT_TABLE;
	prepare_series(&t);
	if (!t.junit) {
		t.out = pp_open_output(&t.c, t.c.out_fmt, TABLE_HIDE);
		if (t.mode == M_SUMMARY)
			summaries(&t);
		else
			report_series(&t);
		wr_close(t.out);
	}
	if (t.junit || t.github)
		trend_gate(&t);
	pp_badrec_finish();

	free_series(&t);
	rec_free(&t.r);
	metric_conf_free(&t.mc);
	conf_free(conf);
	pp_common_free(&t.c);
	return pp_close_stdout(t.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
