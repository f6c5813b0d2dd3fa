/*
 * pp-sample: collect measurements (run a command, watch a process or the
 * host), downsample a record stream, flag anomalies online, and keep a
 * history file.
 */
#include <sys/resource.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "metric.h"
#include "rd.h"
#include "sample.h"
#include "stats.h"
#include "units.h"

enum {
	OPT_WARMUP = OPT_LOCAL, OPT_DURATION, OPT_TIMEOUT, OPT_PREPARE,
	OPT_NAME, OPT_LABEL, OPT_SHELL, OPT_SHOW_OUTPUT, OPT_WIDE, OPT_PID,
	OPT_SYSTEM, OPT_RATE, OPT_SAMPLE_KEY, OPT_SEED, OPT_KEEP,
	OPT_ANOMALY, OPT_WINDOW, OPT_MIN_SAMPLES, OPT_ROBUST,
	OPT_ANOMALIES_ONLY, OPT_HISTORY, OPT_RETAIN, OPT_SELF
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "runs",		required_argument,	NULL, 'n' },
	{ "interval",		required_argument,	NULL, 'i' },
	{ "warmup",		required_argument,	NULL, OPT_WARMUP },
	{ "duration",		required_argument,	NULL, OPT_DURATION },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "prepare",		required_argument,	NULL, OPT_PREPARE },
	{ "name",		required_argument,	NULL, OPT_NAME },
	{ "label",		required_argument,	NULL, OPT_LABEL },
	{ "shell",		no_argument,		NULL, OPT_SHELL },
	{ "show-output",	no_argument,		NULL, OPT_SHOW_OUTPUT },
	{ "wide",		no_argument,		NULL, OPT_WIDE },
	{ "pid",		required_argument,	NULL, OPT_PID },
	{ "system",		no_argument,		NULL, OPT_SYSTEM },
	{ "rate",		required_argument,	NULL, OPT_RATE },
	{ "sample-key",		required_argument,	NULL, OPT_SAMPLE_KEY },
	{ "seed",		required_argument,	NULL, OPT_SEED },
	{ "keep",		required_argument,	NULL, OPT_KEEP },
	{ "anomaly",		optional_argument,	NULL, OPT_ANOMALY },
	{ "window",		required_argument,	NULL, OPT_WINDOW },
	{ "min-samples",	required_argument,	NULL, OPT_MIN_SAMPLES },
	{ "robust",		no_argument,		NULL, OPT_ROBUST },
	{ "anomalies-only",	no_argument,		NULL, OPT_ANOMALIES_ONLY },
	{ "history",		required_argument,	NULL, OPT_HISTORY },
	{ "retain",		required_argument,	NULL, OPT_RETAIN },
	{ "self",		no_argument,		NULL, OPT_SELF },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-sample [options] [-n RUNS] [--warmup N] [-i INTERVAL]\n"
"                 [--duration D] [--timeout D] [--prepare CMD] [--name NAME]\n"
"                 [--label K=V]... -- COMMAND [ARG...]\n"
"       pp-sample [options] --pid PID | --system [-i INTERVAL] [--duration D]\n"
"       pp-sample [options] [--rate P] [--sample-key FIELD | --seed N]\n"
"                 [--keep FIELD=VALUE]... [FILE...]\n"
"\n"
"Collect performance measurements as metric records.\n"
"Run a command, watch a process or the host, or filter records from files\n"
"or standard input; flag anomalies online; keep a history file.\n"
"\n"
"Command mode (after --):\n"
"  -n, --runs N             recorded runs (default 10; with -i or --duration\n"
"                           and no -n: until the duration ends)\n"
"      --warmup N           unrecorded runs first (default 0)\n"
"  -i, --interval D         start runs at fixed times D apart (e.g. 1s)\n"
"      --duration D         start no run after D\n"
"      --timeout D          kill a run after D and record timed_out\n"
"      --prepare CMD        run CMD with /bin/sh before every run, untimed\n"
"      --name NAME          the command label (default: the command)\n"
"      --label K=V          add a label to every record (repeatable)\n"
"      --shell              run the command with /bin/sh -c\n"
"      --show-output        send the command's output to standard error\n"
"                           (default: /dev/null)\n"
"      --wide               one record per run, one column per metric\n"
"Watch mode:\n"
"      --pid PID            sample /proc/PID every interval (default 1s)\n"
"      --system             sample the host every interval\n"
"Filter mode (records from FILEs or standard input):\n"
"      --rate P             keep P%% of records (0 < P <= 100)\n"
"      --sample-key FIELD   keep or drop by a hash of FIELD (deterministic)\n"
"      --seed N             keep at random, reproducibly\n"
"      --keep FIELD=VALUE   never drop such records (repeatable)\n"
"Anomaly flags (any mode):\n"
"      --anomaly[=SIGMA]    flag values SIGMA sd from the baseline (default 3)\n"
"      --window N           baseline: the last N values of a series (100)\n"
"      --min-samples N      no flag before N values (default 30)\n"
"      --robust             median and MAD instead of mean and sd\n"
"      --anomalies-only     write only flagged records\n"
"History and overhead:\n"
"      --history FILE       also append every record written to FILE\n"
"      --retain D           drop history older than D (default 30d; 0 keeps\n"
"                           all)\n"
"      --self               add sampler.cpu_time and sampler.overhead\n"
"\n"
"%s"
"\n"
"Durations take a unit: ns, us, ms, s, m, h, d, w.  See pp-sample(1).\n",
	    pp_common_help);
}

static struct hist *history;	/* flushed at exit, even a fatal one */

static void
flush_history(void)
{
	hist_flush(history);
}

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_flag = 1;
	stop_signal = sig;
}

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

/*
 * The factor from a record's unit to its base unit (ms: 0.001), so that
 * a series that mixes ms and s is scored on one scale.  The last unit
 * seen is remembered: a stream rarely changes units.
 */
static double
unit_factor(const struct rec *r)
{
	static char last[32];
	static double factor = 1;
	const char *u, *base;

	if ((u = rec_get(r, mnames()->unit)) == NULL || *u == '\0')
		return 1;
	if (strcmp(u, last) != 0) {
		if (unit_base(u, &base, &factor) != 0)
			factor = 1;
		snprintf(last, sizeof(last), "%s", u);
		if (strcmp(u, last) != 0)	/* too long to remember */
			last[0] = '\0';
	}
	return factor;
}

/* Where a value lies against its series' baseline. */
static int
anomaly(struct sampler *s, struct rec *r)
{
	const struct metric_names *mn = mnames();
	struct hmap_entry *e;
	struct window *w;
	const char *text, *flag = "";
	char z[32] = "", base[32] = "";
	double x, center, spread, score, unit;

	if (metric_value(r, &s->c, &x, &text) != 0)
		return -1;
	unit = unit_factor(r);
	x *= unit;
	series_key(r, &s->c, &s->key);
	e = hmap_put(&s->series, s->key.p, s->key.len);
	if ((w = e->val) == NULL) {
		w = e->val = xmalloc(sizeof(*w));
		window_init(w, (size_t)s->window);
	}
	if ((long)w->n >= s->min_samples) {
		if (s->robust) {
			/*
			 * The modified z-score of Iglewicz and Hoaglin
			 * (1993): MAD_Z (x - median) / MAD.
			 */
			window_median_mad(w, &center, &spread);
			spread /= MAD_Z;
		} else
			window_mean_sd(w, &center, &spread);
		/*
		 * Values near the largest double overflow the mean: what
		 * is not a finite number is left empty, as no reader
		 * takes inf or nan back.
		 */
		if (isfinite(center / unit))	/* in the record's unit */
			fmt_num(center / unit, base);
		if (!isfinite(center))
			;
		else if (spread > 0) {
			score = (x - center) / spread;
			if (isfinite(score))
				fmt_num(score, z);
			if (fabs(score) >= s->sigma)
				flag = score > 0 ? "high" : "low";
		} else if (spread == 0 && x != center)
			flag = x > center ? "high" : "low";
	}
	if (isfinite(x))	/* not when its base unit overflows */
		window_add(w, x);
	rec_set(r, mn->zscore, z);
	rec_set(r, mn->baseline, base);
	rec_set(r, mn->anomaly, flag);
	return *flag != '\0';
}

struct sumstat {
	const char	*unit;
	double		*v;
	size_t		 n;
	size_t		 cap;
};

static void
summary_value(struct sampler *s, const char *metric, const char *unit,
    double x)
{
	struct hmap_entry *e;
	struct sumstat *st;

	e = hmap_put(&s->stats, metric, strlen(metric));
	if ((st = e->val) == NULL) {
		st = e->val = xcalloc(1, sizeof(*st));
		st->unit = interns(unit != NULL ? unit : "");
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->v = xreallocarray(st->v, st->cap, sizeof(*st->v));
	}
	st->v[st->n++] = x;
}

static void
summary_add(struct sampler *s, const struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *m, *text, *unit;
	double x;
	size_t i;

	if (s->wide) {
		for (i = 0; i < r->n; i++)
			if ((unit = measure_unit(r->name[i])) != NULL &&
			    parse_double(rec_val(r, i), &x) == 0)
				summary_value(s, r->name[i], unit, x);
		return;
	}
	if ((m = rec_get(r, mn->metric)) != NULL &&
	    metric_value(r, &s->c, &x, &text) == 0)
		summary_value(s, m, rec_get(r, mn->unit), x);
}

static void
summary_print(struct sampler *s)
{
	char mean[48], sd[48], med[48], lo[48], hi[48];
	struct moments mo;
	struct sumstat *st;
	size_t i, j;

	for (i = 0; i < s->stats.n; i++) {
		st = s->stats.ent[i].val;
		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < st->n; j++)
			moments_add(&mo, st->v[j]);
		fmt_human(mo.mean, st->unit, mean);
		fmt_human(moments_sd(&mo), st->unit, sd);
		fmt_human(stat_median(st->v, st->n), st->unit, med);
		fmt_human(mo.min, st->unit, lo);
		fmt_human(mo.max, st->unit, hi);
		printf("%-22s %10s ± %-10s  median %10s   %10s … %s\n",
		    s->stats.ent[i].key, mean, sd, med, lo, hi);
	}
	printf("%ld run%s, %ld failed\n", s->nruns, s->nruns == 1 ? "" : "s",
	    s->nfailed);
}

void
emit(struct sampler *s, struct rec *r)
{
	if (s->sigma > 0 && anomaly(s, r) == 0 && s->anomalies_only)
		return;
	if (s->summary)
		summary_add(s, r);
	else
		wr_record(s->out, r);
	if (s->hist != NULL)
		hist_add(s->hist, r);
}

static void
check_overhead(struct sampler *s, double overhead, double elapsed)
{
	if (overhead > 0.02 && elapsed >= 1 && !s->overhead_warned) {
		pp_warn("own overhead is %.1f%% of the elapsed time (over 2%%)",
		    overhead * 100);
		s->overhead_warned = 1;
	}
}

/* Own CPU time so far, and its share of the elapsed time. */
static void
self_measure(struct sampler *s, double *cpu, double *overhead)
{
	struct rusage ru;
	double elapsed;

	getrusage(RUSAGE_SELF, &ru);
	*cpu = timeval_sec(&ru.ru_utime) + timeval_sec(&ru.ru_stime);
	elapsed = mono_now() - s->start_mono;
	*overhead = elapsed > 0 ? *cpu / elapsed : 0;
	check_overhead(s, *overhead, elapsed);
}

void
self_columns(struct sampler *s, struct rec *wide)
{
	char num[32];
	double cpu, overhead;

	self_measure(s, &cpu, &overhead);
	rec_set(wide, interns("sampler.cpu_time"), fmt_num(cpu, num));
	rec_set(wide, interns("sampler.overhead"), fmt_num(overhead, num));
}

void
emit_self(struct sampler *s, const struct rec *labels)
{
	static const char *const metric[] = { "sampler.cpu_time",
	    "sampler.overhead" };
	static const char *const unit[] = { "s", "ratio" };
	struct rec r;
	char ts[PP_TIME_LEN], num[32];
	double v[2];
	size_t k;

	self_measure(s, &v[0], &v[1]);
	if (s->summary)
		return;
	time_format(time_now(), ts);
	rec_init(&r);
	for (k = 0; k < 2; k++) {
		metric_rec(&r, ts, metric[k], fmt_num(v[k], num), unit[k],
		    labels);
		emit(s, &r);
	}
	rec_free(&r);
}

static int
kept_always(const struct sampler *s, const struct rec *r)
{
	const char *v;
	size_t i;

	for (i = 0; i < s->nkeeps; i++)
		if ((v = rec_get(r, s->keeps[i].name)) != NULL &&
		    strcmp(v, s->keeps[i].value) == 0)
			return 1;
	return 0;
}

static void
pass_bad(struct sampler *s, struct rd *rd, const struct rec *r,
    int same_fmt, const char *why)
{
	pp_badrec(r->file, r->line, "%s%s", why, same_fmt ? "" :
	    s->c.nmetrics > 0 ? " (not passed through: --metrics changes "
	    "the records)" : " (not passed through: the output format "
	    "differs)");
	if (same_fmt)
		wr_pass(s->out, rd);
}

/* sample_rate, times the one of a stream sampled before. */
static void
set_rate(struct rec *r, const char *name, double rate)
{
	const char *old = rec_get(r, name);
	char buf[32];
	double prev;

	if (old != NULL && parse_double(old, &prev) == 0 && prev > 0 &&
	    prev <= 1)
		rate *= prev;
	rec_set(r, name, fmt_num(rate, buf));
}

static void
filter(struct sampler *s, char **files, size_t nfiles)
{
	const char *n_rate = mnames()->sample_rate;
	struct rdopts ro;
	struct rec *r;
	struct rd *rd;
	unsigned long long state = s->seed_set ? s->seed :
	    (unsigned long long)time_now() ^ ((unsigned long long)getpid() << 32), h;
	const char *v;
	char why[300];
	double u;
	int out_fmt, same, always;

	pp_common_rdopts(&s->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	out_fmt = s->c.out_fmt != FMT_AUTO ? s->c.out_fmt : rd_format(rd);
	s->out = wr_open(stdout, "standard output", out_fmt);
	same = out_fmt == rd_format(rd) && s->c.nmetrics == 0;
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pass_bad(s, rd, r, same, r->bad);
			continue;
		}
		always = kept_always(s, r);
		if (s->rate < 1 && !always) {
			if (s->sample_key != NULL) {
				if ((v = rec_get(r, s->sample_key)) == NULL) {
					snprintf(why, sizeof(why), "field "
					    "'%s' is missing", s->sample_key);
					pass_bad(s, rd, r, same, why);
					continue;
				}
				h = hash_bytes(v, strlen(v));
				h = splitmix64(&h);
			} else
				h = splitmix64(&state);
			u = (double)(h >> 11) * 0x1.0p-53;
			if (u >= s->rate)
				continue;
		}
		if (s->rate_set)
			set_rate(r, n_rate, always ? 1 : s->rate);
		if (s->sigma > 0) {
			const char *text;
			double x;
			int e = metric_value(r, &s->c, &x, &text);

			if (e != 0) {
				if (e > 0)
					snprintf(why, sizeof(why), "field "
					    "'%s' is missing", s->c.field);
				else
					snprintf(why, sizeof(why), "field "
					    "'%s': '%.200s' is not a number",
					    s->c.field, text);
				pass_bad(s, rd, r, same, why);
				continue;
			}
		}
		emit(s, r);
	}
	rd_close(rd);
}

static void
parse_options(int argc, char *argv[], struct sampler *s, char ***files,
    size_t *nfiles)
{
	int ch, command_only = 0, filter_only = 0, window_set = 0,
	    min_set = 0, dashdash;
	const char *first_cmd_opt = NULL, *first_filter_opt = NULL;
	double d;
	long pid;

	/* Where "--" stands before getopt moves operands around it. */
	for (dashdash = 1; dashdash < argc &&
	    strcmp(argv[dashdash], "--") != 0; dashdash++)
		;
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "i:n:", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&s->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case 'n':
			s->runs = opt_count("-n", optarg, 1,
			    OPT_COUNT_MAX);
			s->runs_set = 1;
			command_only = 1;
			first_cmd_opt = "-n";
			break;
		case 'i':
			s->interval = opt_duration("-i", optarg, 0);
			break;
		case OPT_WARMUP:
			s->warmup = opt_count("--warmup", optarg, 0,
			    OPT_COUNT_MAX);
			command_only = 1;
			first_cmd_opt = "--warmup";
			break;
		case OPT_DURATION:
			s->duration = opt_duration("--duration", optarg, 0);
			break;
		case OPT_TIMEOUT:
			s->timeout = opt_duration("--timeout", optarg, 0);
			command_only = 1;
			first_cmd_opt = "--timeout";
			break;
		case OPT_PREPARE:
			s->prepare = optarg;
			command_only = 1;
			first_cmd_opt = "--prepare";
			break;
		case OPT_NAME:
			s->name = optarg;
			break;
		case OPT_LABEL:
			s->labels = opt_label("--label", optarg, s->labels,
			    &s->nlabels);
			break;
		case OPT_SHELL:
			s->shell = 1;
			command_only = 1;
			first_cmd_opt = "--shell";
			break;
		case OPT_SHOW_OUTPUT:
			s->show_output = 1;
			command_only = 1;
			first_cmd_opt = "--show-output";
			break;
		case OPT_WIDE:
			s->wide = 1;
			break;
		case OPT_PID:
			if (parse_long(optarg, 1, 0x7fffffffL, &pid) != 0)
				pp_usage_error("--pid: '%s' is not a process "
				    "id", optarg);
			s->pid = pid;
			break;
		case OPT_SYSTEM:
			s->system = 1;
			break;
		case OPT_RATE:
			s->rate = opt_percent("--rate", optarg, 0, 1,
			    PCT_LO_OPEN);
			s->rate_set = 1;
			filter_only = 1;
			first_filter_opt = "--rate";
			break;
		case OPT_SAMPLE_KEY:
			if (*optarg == '\0')
				pp_usage_error("--sample-key: a field name is "
				    "required");
			s->sample_key = interns(optarg);
			filter_only = 1;
			first_filter_opt = "--sample-key";
			break;
		case OPT_SEED:
			if (parse_long(optarg, 0, 0x7fffffffffffffffL,
			    &pid) != 0)
				pp_usage_error("--seed: '%s' is not a whole "
				    "number from 0", optarg);
			s->seed = (unsigned long long)pid;
			s->seed_set = 1;
			filter_only = 1;
			first_filter_opt = "--seed";
			break;
		case OPT_KEEP:
			s->keeps = opt_label("--keep", optarg, s->keeps,
			    &s->nkeeps);
			filter_only = 1;
			first_filter_opt = "--keep";
			break;
		case OPT_ANOMALY:
			s->sigma = 3;
			if (optarg == NULL)
				break;
			if (parse_double(optarg, &d) != 0 || d <= 0)
				pp_usage_error("--anomaly: '%s' is not a "
				    "positive number of standard deviations",
				    optarg);
			s->sigma = d;
			break;
		case OPT_WINDOW:
			s->window = opt_count("--window", optarg, 2,
			    OPT_COUNT_MAX);
			window_set = 1;
			break;
		case OPT_MIN_SAMPLES:
			s->min_samples = opt_count("--min-samples", optarg, 2,
			    OPT_COUNT_MAX);
			min_set = 1;
			break;
		case OPT_ROBUST:
			s->robust = 1;
			break;
		case OPT_ANOMALIES_ONLY:
			s->anomalies_only = 1;
			break;
		case OPT_HISTORY:
			if (*optarg == '\0')
				pp_usage_error("--history: a file name is "
				    "required");
			s->history = optarg;
			break;
		case OPT_RETAIN:
			s->retain = opt_duration("--retain", optarg, 1);
			break;
		case OPT_SELF:
			s->self = 1;
			break;
		default:
			pp_usage_try();
		}
	}
	if (optind > 0 && strcmp(argv[optind - 1], "--") == 0 &&
	    optind < argc) {
		if (argc - optind != argc - dashdash - 1)
			pp_usage_error("'%s' stands before --: the command "
			    "comes after --, and files go with no command",
			    argv[optind]);
		s->argv = argv + optind;
	}
	else {
		*files = argv + optind;
		*nfiles = (size_t)(argc - optind);
	}

	if (s->pid != 0 && s->system)
		pp_usage_error("--pid and --system: choose one");
	if ((s->pid != 0 || s->system) && s->argv != NULL)
		pp_usage_error("--%s cannot be combined with a command",
		    s->pid != 0 ? "pid" : "system");
	if (command_only && s->argv == NULL)
		pp_usage_error("%s needs a command: pp-sample %s ... -- "
		    "COMMAND", first_cmd_opt, first_cmd_opt);
	if (filter_only && (s->argv != NULL || s->pid != 0 || s->system))
		pp_usage_error("%s filters records: it takes no command, "
		    "--pid or --system", first_filter_opt);
	if ((s->pid != 0 || s->system) && *nfiles > 0)
		pp_usage_error("--%s reads no files: '%s'", s->pid != 0 ?
		    "pid" : "system", (*files)[0]);
	if (s->argv == NULL && s->pid == 0 && !s->system) {
		if (s->interval > 0)
			pp_usage_error("-i needs a command, --pid or --system");
		if (s->duration > 0)
			pp_usage_error("--duration needs a command, --pid or "
			    "--system");
		if (s->wide)
			pp_usage_error("--wide needs a command, --pid or "
			    "--system");
		if (s->name != NULL || s->nlabels > 0)
			pp_usage_error("--%s needs a command, --pid or "
			    "--system", s->name != NULL ? "name" : "label");
	}
	if (s->sample_key != NULL && s->seed_set)
		pp_usage_error("--sample-key and --seed: choose one");
	if ((s->sample_key != NULL || s->seed_set) && !s->rate_set)
		pp_usage_error("%s needs --rate", s->sample_key != NULL ?
		    "--sample-key" : "--seed");
	if (s->nkeeps > 0 && !s->rate_set)
		pp_usage_error("--keep needs --rate");
	if (s->sigma == 0 && (s->robust || s->anomalies_only || window_set ||
	    min_set))
		pp_usage_error("--%s needs --anomaly", s->robust ? "robust" :
		    s->anomalies_only ? "anomalies-only" : window_set ?
		    "window" : "min-samples");
	if (!min_set && s->window < s->min_samples)
		s->min_samples = s->window;
	if (s->min_samples > s->window)
		pp_usage_error("--min-samples %ld is more than --window %ld",
		    s->min_samples, s->window);
	if (s->sigma > 0 && s->wide)
		pp_usage_error("--anomaly scores long records: it cannot be "
		    "combined with --wide");
	if (s->self && s->argv == NULL && s->pid == 0 && !s->system)
		pp_usage_error("--self needs a command, --pid or --system");
	if (s->name != NULL && s->system)
		pp_usage_error("--name names a command or a process, not "
		    "--system");
	if (s->retain > 0 && s->history == NULL)
		pp_usage_error("--retain needs --history");
	if (s->argv != NULL && !s->runs_set && s->interval == 0 &&
	    s->duration == 0)
		s->runs = 10;
	if ((s->pid != 0 || s->system) && s->interval == 0)
		s->interval = 1;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/*
	 * Restarted: a write or a lock is not cut short; sleeps and
	 * sigtimedwait are never restarted (signal(7)), so a stop is seen.
	 */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
main(int argc, char *argv[])
{
	struct sampler s;
	struct metric_conf mc;
	struct cnode *conf;
	char **files = NULL;
	size_t nfiles = 0, i;
	int status, retain_set;

	pp_setprog(argv[0]);
	memset(&s, 0, sizeof(s));
	pp_common_init(&s.c);
	s.window = 100;
	s.min_samples = 30;
	s.rate = 1;
	s.retain = -1;
	s.stop = &stop_flag;
	hmap_init(&s.series);
	hmap_init(&s.stats);
	parse_options(argc, argv, &s, &files, &nfiles);
	retain_set = s.retain >= 0;
	if (!retain_set)
		s.retain = 30 * 86400.0;

	/* pp-sample has no section of its own; the file is still checked. */
	conf = conf_load(s.c.config);
	conf_metrics(conf, &mc);

	if (s.pid != 0)
		watch_check_pid(s.pid);
	s.start_mono = mono_now();
	if (s.history != NULL) {
		if (s.retain > 0)
			hist_prune(s.history, time_now() -
			    time_of_sec(s.retain), &s.c);
		s.hist = history = hist_open(s.history);
		atexit(flush_history);
	}
	if (s.argv != NULL || s.pid != 0 || s.system) {
		s.summary = s.argv != NULL && s.c.out_fmt == FMT_AUTO &&
		    isatty(STDOUT_FILENO);
		s.progress = s.argv != NULL && !s.c.quiet &&
		    isatty(STDERR_FILENO);
		s.out = wr_open(stdout, "standard output",
		    pp_output_format(&s.c, 0, FMT_CSV));
		install_signals();
		if (s.argv != NULL)
			run_command(&s);
		else if (s.pid != 0)
			watch_pid(&s);
		else
			watch_system(&s);
	} else
		filter(&s, files, nfiles);

	if (s.summary)
		summary_print(&s);
	if (s.argv != NULL || s.pid != 0 || s.system) {
		double cpu, overhead;

		self_measure(&s, &cpu, &overhead);	/* warns over 2% */
	}
	wr_close(s.out);
	hist_close(s.hist);
	history = NULL;
	pp_badrec_finish();
	status = pp_close_stdout(PP_EXIT_OK);

	for (i = 0; i < s.series.n; i++) {
		window_free(s.series.ent[i].val);
		free(s.series.ent[i].val);
	}
	hmap_free(&s.series);
	buf_free(&s.key);
	for (i = 0; i < s.stats.n; i++) {
		struct sumstat *st = s.stats.ent[i].val;

		free(st->v);
		free(st);
	}
	hmap_free(&s.stats);
	metric_conf_free(&mc);
	conf_free(conf);
	free(s.labels);
	free(s.keeps);
	pp_common_free(&s.c);
	if (stop_flag && s.argv != NULL && status == PP_EXIT_OK) {
		/* An interrupted benchmark dies of its signal, as it should. */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return status;
}
