/*
 * pp-sample: collect measurements (run a command, watch a process or the
 * host), downsample a record stream, flag anomalies online, and keep a
 * history file.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "metric.h"
#include "sample.h"
#include "units.h"

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
	{ "scrape",		required_argument,	NULL, OPT_SCRAPE },
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
	{ "prometheus",		required_argument,	NULL, OPT_PROMETHEUS },
	{ "query",		required_argument,	NULL, OPT_QUERY },
	{ "start",		required_argument,	NULL, OPT_START },
	{ "end",		required_argument,	NULL, OPT_END },
	{ "range",		required_argument,	NULL, OPT_RANGE },
	{ "step",		required_argument,	NULL, OPT_STEP },
	{ "header",		required_argument,	NULL, OPT_HTTP_HEADER },
	{ "header-env",		required_argument,	NULL, OPT_HTTP_HEADER_ENV },
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
"       pp-sample [options] --scrape URL [-i INTERVAL] [-n COUNT]\n"
"                 [--duration D] [--timeout D]\n"
"       pp-sample [options] --prometheus URL --query PROMQL [--start T]\n"
"                 [--end T] [--range D] [--step D] [--name NAME]\n"
"                 [--header NAME=VALUE] [--header-env NAME=VARIABLE]\n"
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
"      --scrape URL         GET a Prometheus /metrics URL every interval:\n"
"                           gauges as they are, counters as NAME.rate per\n"
"                           second (none at the first scrape); -n COUNT\n"
"                           scrapes; --timeout D a request (default the\n"
"                           interval, at most 10s); exit 4 if none succeeds\n"
"History mode (a Prometheus-compatible store's HTTP API):\n"
"      --prometheus URL     the server (Prometheus, Thanos, Mimir, Cortex,\n"
"                           VictoriaMetrics), e.g. http://127.0.0.1:9090\n"
"      --query PROMQL       the expression; a record a sample, the metric\n"
"                           its __name__ (or --name), its labels as labels\n"
"      --start T, --end T   the range: RFC 3339, Unix seconds or now (--end\n"
"                           defaults to now, or --start plus --range);\n"
"                           neither --start nor --range: an instant query\n"
"                           at --end\n"
"      --range D            the range's length (two of --start, --end and\n"
"                           --range at most)\n"
"      --step D             the range's resolution, whole milliseconds\n"
"                           (default 1m); asked in requests of at most\n"
"                           11000 points a series\n"
"      --header NAME=VALUE  send an HTTP header (repeatable)\n"
"      --header-env NAME=VARIABLE\n"
"                           send header NAME with the value of environment\n"
"                           VARIABLE: tokens stay off the command line\n"
"      --timeout D          a request's limit (default 2m)\n"
"                           Exit 3: the server refused the query or\n"
"                           answered in part; exit 4: it could not answer.\n"
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

/* Exits 2 if --scrape goes with options of another mode. */
static void
check_scrape(const struct sampler *s, const struct seen *k, char **files,
    size_t nfiles)
{
	if (s->scrape == NULL)
		return;
	if (s->pid != 0 || s->system)
		pp_usage_error("--scrape and --%s: choose one", s->pid != 0 ?
		    "pid" : "system");
	if (s->argv != NULL)
		pp_usage_error("--scrape cannot be combined with a command");
	if (k->filter_only)
		pp_usage_error("%s filters records: it takes no --scrape",
		    k->first_filter_opt);
	if (nfiles > 0)
		pp_usage_error("--scrape reads no files: '%s'", files[0]);
	if (s->wide)
		pp_usage_error("--wide cannot be combined with --scrape: the "
		    "samples of a scrape have labels of their own");
	if (s->name != NULL)
		pp_usage_error("--name names a command or a process, not "
		    "--scrape");
}

/* Exits 2 if the range's options disagree; sets the range. */
static void
prom_range(struct sampler *s)
{
	char a[PP_TIME_LEN], b[PP_TIME_LEN];

	if (s->start_set && s->end_set && s->range > 0)
		pp_usage_error("--start, --end and --range: give two of them "
		    "at most");
	if (!s->start_set && s->range == 0) {
		if (s->step > 0)
			pp_usage_error("--step needs --start or --range: with "
			    "neither the query is an instant");
		return;
	}
	if (!s->end_set)
		s->end = s->start_set && s->range > 0 ? s->start + s->range :
		    time_now();
	if (!s->start_set)
		s->start = s->end - s->range;
	if (s->step == 0)
		s->step = time_of_sec(60);
	if (s->start > s->end && s->end_set)
		pp_usage_error("--start %s is after --end %s",
		    time_format(s->start, a), time_format(s->end, b));
	if (s->start > s->end)
		pp_usage_error("--start %s is in the future (now is %s)",
		    time_format(s->start, a), time_format(s->end, b));
}

/* Exits 2 if --prometheus goes with options of another mode. */
static void
check_prom(struct sampler *s, const struct seen *k, char **files,
    size_t nfiles)
{
	if (s->prom == NULL) {
		if (k->first_prom_opt != NULL)
			pp_usage_error("%s needs --prometheus URL",
			    k->first_prom_opt);
		return;
	}
	if (s->query == NULL)
		pp_usage_error("--prometheus needs --query PROMQL: the "
		    "expression to read, such as 'up' or "
		    "'rate(http_requests_total[5m])'");
	if (s->scrape != NULL || s->pid != 0 || s->system)
		pp_usage_error("--prometheus and --%s: choose one",
		    s->scrape != NULL ? "scrape" : s->pid != 0 ? "pid" :
		    "system");
	if (s->argv != NULL)
		pp_usage_error("--prometheus cannot be combined with a "
		    "command");
	if (k->filter_only)
		pp_usage_error("%s filters records: it takes no --prometheus",
		    k->first_filter_opt);
	if (nfiles > 0)
		pp_usage_error("--prometheus reads no files: '%s'", files[0]);
	if (s->wide)
		pp_usage_error("--wide cannot be combined with --prometheus: "
		    "its series have labels of their own");
	if (s->runs_set || s->interval > 0 || s->duration > 0)
		pp_usage_error("%s: --prometheus reads a range, not ticks: "
		    "give two of --start, --end and --range, and --step",
		    s->runs_set ?
		    "-n" : s->interval > 0 ? "-i" : "--duration");
	if (s->self)
		pp_usage_error("--self measures a sampler that watches; "
		    "--prometheus reads what was measured");
	prom_range(s);
}

/* Exits 2 if the options mix modes or need a mode they are not in. */
static void
check_modes(struct sampler *s, const struct seen *k, char **files,
    size_t nfiles)
{
	check_scrape(s, k, files, nfiles);
	check_prom(s, k, files, nfiles);
	if (s->pid != 0 && s->system)
		pp_usage_error("--pid and --system: choose one");
	if ((s->pid != 0 || s->system) && s->argv != NULL)
		pp_usage_error("--%s cannot be combined with a command",
		    s->pid != 0 ? "pid" : "system");
	if (k->command_only && s->argv == NULL)
		pp_usage_error("%s needs a command: pp-sample %s ... -- "
		    "COMMAND", k->first_cmd_opt, k->first_cmd_opt);
	if (k->runs_opt && s->argv == NULL && s->scrape == NULL &&
	    (s->prom == NULL || s->runs_set))
		pp_usage_error("%s needs a command: pp-sample %s ... -- "
		    "COMMAND", k->first_runs_opt, k->first_runs_opt);
	if (k->filter_only && (s->argv != NULL || s->pid != 0 || s->system))
		pp_usage_error("%s filters records: it takes no command, "
		    "--pid or --system", k->first_filter_opt);
	if ((s->pid != 0 || s->system) && nfiles > 0)
		pp_usage_error("--%s reads no files: '%s'", s->pid != 0 ?
		    "pid" : "system", files[0]);
	if (s->argv == NULL && s->pid == 0 && !s->system &&
	    s->scrape == NULL && s->prom == NULL) {
		if (s->interval > 0)
			pp_usage_error("-i needs a command, --pid, --system or "
			    "--scrape");
		if (s->duration > 0)
			pp_usage_error("--duration needs a command, --pid, "
			    "--system or --scrape");
		if (s->wide)
			pp_usage_error("--wide needs a command, --pid or "
			    "--system");
		if (s->name != NULL || s->nlabels > 0)
			pp_usage_error("--%s needs a command, --pid, --system "
			    "or --scrape", s->name != NULL ? "name" : "label");
	}
}

/* Exits 2 on a combination of flags that needs another; sets defaults. */
static void
check_flags(struct sampler *s, const struct seen *k)
{
	if (s->sample_key != NULL && s->seed_set)
		pp_usage_error("--sample-key and --seed: choose one");
	if ((s->sample_key != NULL || s->seed_set) && !s->rate_set)
		pp_usage_error("%s needs --rate", s->sample_key != NULL ?
		    "--sample-key" : "--seed");
	if (s->nkeeps > 0 && !s->rate_set)
		pp_usage_error("--keep needs --rate");
	if (s->sigma == 0 && (s->robust || s->anomalies_only ||
	    k->window_set || k->min_set))
		pp_usage_error("--%s needs --anomaly", s->robust ? "robust" :
		    s->anomalies_only ? "anomalies-only" : k->window_set ?
		    "window" : "min-samples");
	if (!k->min_set && s->window < s->min_samples)
		s->min_samples = s->window;
	if (s->min_samples > s->window)
		pp_usage_error("--min-samples %ld is more than --window %ld",
		    s->min_samples, s->window);
	if (s->sigma > 0 && s->wide)
		pp_usage_error("--anomaly scores long records: it cannot be "
		    "combined with --wide");
	if (s->self && s->argv == NULL && s->pid == 0 && !s->system &&
	    s->scrape == NULL)
		pp_usage_error("--self needs a command, --pid, --system or "
		    "--scrape");
	if (s->name != NULL && s->system)
		pp_usage_error("--name names a command or a process, not "
		    "--system");
	if (s->retain > 0 && s->history == NULL)
		pp_usage_error("--retain needs --history");
	if (s->argv != NULL && !s->runs_set && s->interval == 0 &&
	    s->duration == 0)
		s->runs = 10;
	if ((s->pid != 0 || s->system || s->scrape != NULL) &&
	    s->interval == 0)
		s->interval = 1;
}

static void
parse_options(int argc, char *argv[], struct sampler *s, char ***files,
    size_t *nfiles)
{
	struct seen k;
	int ch, dashdash;

	memset(&k, 0, sizeof(k));
	/* Where "--" stands before getopt moves operands around it. */
	for (dashdash = 1; dashdash < argc &&
	    strcmp(argv[dashdash], "--") != 0; dashdash++)
		;
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "i:n:", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&s->c, ch, optarg))
			continue;
		if (ch == 'h') {
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		}
		if (!sample_opt(s, ch, optarg, &k))
			pp_usage_try();
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

	check_modes(s, &k, *files, *nfiles);
	check_flags(s, &k);
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
	size_t nfiles = 0;
	int status, retain_set, watching, run_status = PP_EXIT_OK;

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
	pp_junit_refuse(&s.c);
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
	watching = s.argv != NULL || s.pid != 0 || s.system ||
	    s.scrape != NULL;
	if (watching) {
		s.summary = s.argv != NULL && s.c.out_fmt == FMT_AUTO &&
		    isatty(STDOUT_FILENO);
		s.progress = s.argv != NULL && !s.c.quiet &&
		    isatty(STDERR_FILENO);
		s.out = pp_open_output(&s.c, pp_output_format(&s.c, 0,
		    FMT_CSV), NULL);
		install_signals();
		if (s.argv != NULL)
			run_command(&s);
		else if (s.pid != 0)
			watch_pid(&s);
		else if (s.scrape != NULL)
			run_status = watch_scrape(&s);
		else
			watch_system(&s);
	} else if (s.prom != NULL) {
		s.out = pp_open_output(&s.c, pp_output_format(&s.c, 0,
		    FMT_CSV), NULL);
		install_signals();
		prom_read(&s);
	} else
		filter(&s, files, nfiles);

	if (s.summary)
		summary_print(&s);
	if (watching) {
		double cpu, overhead;

		self_measure(&s, &cpu, &overhead);	/* warns over 2% */
	}
	wr_close(s.out);
	hist_close(s.hist);
	history = NULL;
	pp_badrec_finish();
	status = pp_close_stdout(run_status);

	emit_free(&s);
	metric_conf_free(&mc);
	conf_free(conf);
	free(s.labels);
	free(s.keeps);
	while (s.nheaders > 0)
		free(s.headers[--s.nheaders]);
	free(s.headers);
	pp_common_free(&s.c);
	if (stop_flag && (s.argv != NULL || s.prom != NULL) &&
	    status == PP_EXIT_OK) {
		/*
		 * An interrupted benchmark, or read of a range, dies of its
		 * signal, as it should: its records are not all there.
		 */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return status;
}
