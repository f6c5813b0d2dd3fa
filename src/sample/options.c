/*
 * pp-sample's own options: each value parsed and stored in the sampler,
 * and what it says of the mode noted for the checks of the main.
 */
#include <string.h>

#include "diag.h"
#include "sample.h"
#include "units.h"

static struct label *
opt_label(const char *opt, const char *arg, struct label *v, size_t *n)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		pp_usage_error("%s: '%s' is not NAME=VALUE", opt, arg);
	v = xreallocarray(v, *n + 1, sizeof(*v));
	v[*n].name = intern(arg, (size_t)(eq - arg));
	v[*n].value = eq + 1;
	(*n)++;
	return v;
}

/* Command mode's options; 0 if ch is not one. */
static int
command_opt(struct sampler *s, int ch, const char *arg, struct seen *k)
{
	switch (ch) {
	case 'n':
		s->runs = opt_count("-n", arg, 1,
		    OPT_COUNT_MAX);
		s->runs_set = 1;
		k->runs_opt = 1;
		k->first_runs_opt = "-n";
		break;
	case 'i':
		s->interval = opt_duration("-i", arg, 0);
		break;
	case OPT_WARMUP:
		s->warmup = opt_count("--warmup", arg, 0,
		    OPT_COUNT_MAX);
		k->command_only = 1;
		k->first_cmd_opt = "--warmup";
		break;
	case OPT_DURATION:
		s->duration = opt_duration("--duration", arg, 0);
		break;
	case OPT_TIMEOUT:
		s->timeout = opt_duration("--timeout", arg, 0);
		k->runs_opt = 1;
		k->first_runs_opt = "--timeout";
		break;
	case OPT_PREPARE:
		s->prepare = arg;
		k->command_only = 1;
		k->first_cmd_opt = "--prepare";
		break;
	case OPT_NAME:
		s->name = arg;
		break;
	case OPT_LABEL:
		s->labels = opt_label("--label", arg, s->labels,
		    &s->nlabels);
		break;
	case OPT_SHELL:
		s->shell = 1;
		k->command_only = 1;
		k->first_cmd_opt = "--shell";
		break;
	case OPT_SHOW_OUTPUT:
		s->show_output = 1;
		k->command_only = 1;
		k->first_cmd_opt = "--show-output";
		break;
	case OPT_WIDE:
		s->wide = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Watch and filter mode's options; 0 if ch is not one. */
static int
source_opt(struct sampler *s, int ch, const char *arg, struct seen *k)
{
	long v;

	switch (ch) {
	case OPT_PID:
		if (parse_long(arg, 1, 0x7fffffffL, &v) != 0)
			pp_usage_error("--pid: '%s' is not a process "
			    "id", arg);
		s->pid = v;
		break;
	case OPT_SYSTEM:
		s->system = 1;
		break;
	case OPT_SCRAPE:
		scrape_check_url("--scrape", arg);
		s->scrape = arg;
		break;
	case OPT_RATE:
		s->rate = opt_percent("--rate", arg, 0, 1,
		    PCT_LO_OPEN);
		s->rate_set = 1;
		k->filter_only = 1;
		k->first_filter_opt = "--rate";
		break;
	case OPT_SAMPLE_KEY:
		if (*arg == '\0')
			pp_usage_error("--sample-key: a field name is "
			    "required");
		s->sample_key = interns(arg);
		k->filter_only = 1;
		k->first_filter_opt = "--sample-key";
		break;
	case OPT_SEED:
		if (parse_long(arg, 0, 0x7fffffffffffffffL,
		    &v) != 0)
			pp_usage_error("--seed: '%s' is not a whole "
			    "number from 0", arg);
		s->seed = (unsigned long long)v;
		s->seed_set = 1;
		k->filter_only = 1;
		k->first_filter_opt = "--seed";
		break;
	case OPT_KEEP:
		s->keeps = opt_label("--keep", arg, s->keeps,
		    &s->nkeeps);
		k->filter_only = 1;
		k->first_filter_opt = "--keep";
		break;
	default:
		return 0;
	}
	return 1;
}

/* --prometheus's options; 0 if ch is not one. */
static int
prom_opt(struct sampler *s, int ch, const char *arg, struct seen *k)
{
	switch (ch) {
	case OPT_PROMETHEUS:
		scrape_check_url("--prometheus", arg);
		prom_check_url(arg);
		s->prom = arg;
		return 1;
	case OPT_QUERY:
		if (*arg == '\0')
			pp_usage_error("--query: a PromQL expression is "
			    "required");
		s->query = arg;
		break;
	case OPT_START:
		s->start = opt_time("--start", arg);
		s->start_set = 1;
		break;
	case OPT_END:
		s->end = opt_time("--end", arg);
		s->end_set = 1;
		break;
	case OPT_RANGE:
		s->range = time_of_sec(opt_duration("--range", arg, 0));
		break;
	case OPT_STEP:
		s->step = time_of_sec(opt_duration("--step", arg, 0));
		if (s->step < 1000 || s->step % 1000 != 0)
			pp_usage_error("--step: '%s' is not a whole number of "
			    "milliseconds, the resolution of Prometheus' "
			    "times", arg);
		break;
	case OPT_HTTP_HEADER:
	case OPT_HTTP_HEADER_ENV:
		prom_header(s, ch == OPT_HTTP_HEADER ? "--header" :
		    "--header-env", arg, ch == OPT_HTTP_HEADER_ENV);
		break;
	default:
		return 0;
	}
	if (k->first_prom_opt == NULL)
		k->first_prom_opt = ch == OPT_QUERY ? "--query" :
		    ch == OPT_START ? "--start" : ch == OPT_END ? "--end" :
		    ch == OPT_RANGE ? "--range" : ch == OPT_STEP ? "--step" :
		    ch == OPT_HTTP_HEADER ? "--header" : "--header-env";
	return 1;
}

/* Anomaly, history and --self options; 0 if ch is not one. */
static int
flag_opt(struct sampler *s, int ch, const char *arg, struct seen *k)
{
	double d;

	switch (ch) {
	case OPT_ANOMALY:
		s->sigma = 3;
		if (arg == NULL)
			break;
		if (parse_double(arg, &d) != 0 || d <= 0)
			pp_usage_error("--anomaly: '%s' is not a "
			    "positive number of standard deviations",
			    arg);
		s->sigma = d;
		break;
	case OPT_WINDOW:
		s->window = opt_count("--window", arg, 2,
		    OPT_COUNT_MAX);
		k->window_set = 1;
		break;
	case OPT_MIN_SAMPLES:
		s->min_samples = opt_count("--min-samples", arg, 2,
		    OPT_COUNT_MAX);
		k->min_set = 1;
		break;
	case OPT_ROBUST:
		s->robust = 1;
		break;
	case OPT_ANOMALIES_ONLY:
		s->anomalies_only = 1;
		break;
	case OPT_HISTORY:
		if (*arg == '\0')
			pp_usage_error("--history: a file name is "
			    "required");
		s->history = arg;
		break;
	case OPT_RETAIN:
		s->retain = opt_duration("--retain", arg, 1);
		break;
	case OPT_SELF:
		s->self = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

int
sample_opt(struct sampler *s, int ch, const char *arg, struct seen *k)
{
	return command_opt(s, ch, arg, k) || source_opt(s, ch, arg, k) ||
	    prom_opt(s, ch, arg, k) || flag_opt(s, ch, arg, k);
}
