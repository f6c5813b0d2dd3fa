/*
 * pp-optimize: optimisation opportunities found in span records, each
 * with its evidence and an impact estimated from the spans themselves.
 *
 * Spans are gathered per trace; at the end each trace is linked (parents,
 * children, cycles broken) and handed to the detectors, which add to
 * findings keyed by type and normalised target.  The work is in
 * src/optimize/ (optimize.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "opts.h"
#include "state.h"
#include "units.h"

enum {
	OPT_STATE = OPT_LOCAL, OPT_BEFORE, OPT_AFTER, OPT_ALPHA, OPT_OTLP,
	OPT_APPLY, OPT_ROLLBACK, OPT_MEASURE, OPT_REASON
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "before",		required_argument,	NULL, OPT_BEFORE },
	{ "after",		required_argument,	NULL, OPT_AFTER },
	{ "alpha",		required_argument,	NULL, OPT_ALPHA },
	{ "otlp",		no_argument,		NULL, OPT_OTLP },
	{ "apply",		required_argument,	NULL, OPT_APPLY },
	{ "rollback",		required_argument,	NULL, OPT_ROLLBACK },
	{ "measure",		required_argument,	NULL, OPT_MEASURE },
	{ "runs",		required_argument,	NULL, 'n' },
	{ "reason",		required_argument,	NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-optimize [options] [--state FILE] [FILE ...]\n"
"       pp-optimize --state FILE status ID applied|rejected|open\n"
"                   [--reason TEXT]\n"
"       pp-optimize [options] verify ID --before FILE --after FILE\n"
"       pp-optimize [options] --state FILE try ID --apply CMD\n"
"                   --rollback CMD --measure CMD [-n N]\n"
"\n"
"Find optimisation opportunities in span records (N+1 calls to batch,\n"
"sequential calls to parallelise, calls to cache or memoize, bursts to\n"
"debounce, connections to pool, slow queries, missing indexes,\n"
"uncompressed responses, loads to defer), each with the time, calls and\n"
"bytes it would save, estimated from the spans; keep their status\n"
"across runs; verify a change against the spans before and after it;\n"
"try a change, timed before and after, and roll it back unless faster.\n"
"\n"
"Spans: trace_id, span_id, parent_span_id, name, op, start, duration,\n"
"and OpenTelemetry attributes (db.query.text or db.statement, db.system,\n"
"http.request.method or http.method, url.full or http.url,\n"
"server.address or net.peer.name, http.response.body.size, ...).\n"
"\n"
"Options:\n"
"      --otlp               the input is the OpenTelemetry file exporter's\n"
"                           OTLP/JSON lines (resourceSpans)\n"
"      --state FILE         each finding's status across runs: new, open,\n"
"                           applied, rejected, kept, rolled_back, resolved\n"
"      --reason TEXT        status: why\n"
"      --before FILE        verify: the spans before the change\n"
"      --after FILE         verify: the spans after it\n"
"      --alpha A            verify, try: the significance level (default\n"
"                           0.05)\n"
"      --apply CMD          try: the sh -c command that makes the change\n"
"      --rollback CMD       try: the one that undoes it\n"
"      --measure CMD        try: the one timed (its wall time), N times\n"
"                           before the change and N after\n"
"  -n, --runs N             try: runs a side (default 10)\n"
"Thresholds: the optimize: section of the configuration (pp-config(5)).\n"
"\n"
"%s"
"\n"
"Exit status: 0 done (verify, try: keep), 1 verify, try: rollback, 2 usage\n"
"error, "
"3 bad data or configuration, 4 a file could not be read or written.\n"
"See pp-optimize(1).\n",
	    pp_common_help);
}

/* The program's own options. */
struct local {
	const char	*state, *reason;
	char		*before, *after;
	struct tryopts	 t;
	int		 runs_given;
};

/* Parses the options into run's common ones and l; returns optind. */
static int
parse_options(int argc, char *argv[], struct run *run, struct local *l)
{
	int ch;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "n:", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&run->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case 'n':
			l->t.n = (size_t)opt_count("-n", optarg, 2, 10000);
			l->runs_given = 1;
			break;
		case OPT_STATE:
			l->state = optarg;
			break;
		case OPT_OTLP:
			run->otlp = 1;
			break;
		case OPT_BEFORE:
			l->before = optarg;
			break;
		case OPT_AFTER:
			l->after = optarg;
			break;
		case OPT_APPLY:
			l->t.apply = optarg;
			break;
		case OPT_ROLLBACK:
			l->t.rollback = optarg;
			break;
		case OPT_MEASURE:
			l->t.measure = optarg;
			break;
		case OPT_REASON:
			l->reason = optarg;
			break;
		case OPT_ALPHA:
			if (parse_double(optarg, &l->t.alpha) != 0 ||
			    l->t.alpha <= 0 || l->t.alpha >= 0.5)
				pp_usage_error("--alpha: '%s' is not a level "
				    "above 0 and below 0.5", optarg);
			break;
		default:
			pp_usage_try();
		}
	}
	return optind;
}

/* Refuses each option given without its command. */
static void
refuse_options(const char *cmd, const struct local *l)
{
	const struct tryopts *t = &l->t;

	if ((l->before != NULL || l->after != NULL) &&
	    strcmp(cmd, "verify") != 0)
		pp_usage_error("--before and --after go with verify");
	if ((t->apply != NULL || t->rollback != NULL || t->measure != NULL ||
	    l->runs_given) && strcmp(cmd, "try") != 0)
		pp_usage_error("--apply, --rollback, --measure and -n go with "
		    "try");
	if (l->reason != NULL && strcmp(cmd, "status") != 0)
		pp_usage_error("--reason goes with status");
	/* one line: the state file is read line by line */
	if (l->reason != NULL &&
	    l->reason[strcspn(l->reason, "\n\r")] != '\0')
		pp_usage_error("--reason: a reason is one line");
}

/* The try command's checks and run.  Returns the exit status. */
static int
try_command(struct run *run, const struct local *l, char **args,
    size_t nargs)
{
	const struct tryopts *t = &l->t;
	size_t least;

	if (nargs != 2 || t->apply == NULL || t->rollback == NULL ||
	    t->measure == NULL)
		pp_usage_error("try: give a finding's id, --apply CMD, "
		    "--rollback CMD and --measure CMD");
	if (l->state == NULL)
		pp_usage_error("try: give the state file with --state");
	if (t->n < (least = try_min_runs(t->alpha)))
		pp_usage_error("-n: %zu runs a side cannot give a p-value "
		    "below --alpha %g: give -n %zu or more", t->n, t->alpha,
		    least);
	return try_change(&run->c, l->state, args[1], t,
	    pp_output_format(&run->c, 1, FMT_CSV));
}

int
main(int argc, char *argv[])
{
	struct run run;
	struct hmap st;
	struct local l = { NULL, NULL, NULL, NULL,
	    { NULL, NULL, NULL, 10, 0.05 }, 0 };
	const char *cmd;
	char **files;
	size_t nfiles;
	int fmt, status, fd = -1;

	pp_setprog(argv[0]);
	memset(&run, 0, sizeof(run));
	pp_common_init(&run.c);
	files = argv + parse_options(argc, argv, &run, &l);
	nfiles = (size_t)(argc - (files - argv));
	pp_junit_refuse(&run.c);
	pp_common_refuse(&run.c, PP_NO_FIELD | PP_NO_GROUP | PP_NO_TIME,
	    (const char *const[]){ "spans are read by the fields of "
	    "pp-optimize(1) SPANS: duration, not a value field",
	    "findings group spans by their statement and route, not by -g",
	    "a span's time is its start field" });
	cmd = nfiles > 0 ? files[0] : "";
	refuse_options(cmd, &l);
	if (strcmp(cmd, "status") == 0)
		return pp_close_stdout(state_set_status(l.state, files + 1,
		    nfiles - 1, l.reason));
	if (strcmp(cmd, "try") == 0)
		return pp_close_stdout(try_command(&run, &l, files, nfiles));
	if (strcmp(cmd, "verify") == 0 && (nfiles != 2 || l.before == NULL ||
	    l.after == NULL))
		pp_usage_error("verify: give a finding's id, --before FILE and "
		    "--after FILE");
	normalize_init();
	load_limits(run.c.config, &run.lim);
	run_init(&run, NULL);
	cost_load(&run);
	if (strcmp(cmd, "verify") == 0) {
		run.keep = 1;
		fmt = run_read(&run, &l.before, 1);
		fmt = pp_output_format(&run.c, 1, fmt);
		status = verify(&run, files[1], l.after, l.t.alpha, fmt);
		run_notes(&run);
		pp_badrec_finish();
		run_free(&run);
		pp_common_free(&run.c);
		return pp_close_stdout(status);
	}

	fmt = run_read(&run, files, nfiles);
	fmt = pp_output_format(&run.c, 1, fmt);
	if (l.state != NULL) {
		/* under its lock from reading to replacing */
		fd = statefile_lock(l.state);
		hmap_init(&st);
		state_load(l.state, &st);
	}
	findings_report(&run, fmt, l.state != NULL ? &st : NULL);
	if (l.state != NULL) {
		state_save(l.state, &st);
		state_free(&st);
		close(fd);
	}
	run_notes(&run);
	pp_badrec_finish();
	run_free(&run);
	pp_common_free(&run.c);
	return pp_close_stdout(PP_EXIT_OK);
}
