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

enum { OPT_STATE = OPT_LOCAL, OPT_BEFORE, OPT_AFTER, OPT_ALPHA, OPT_OTLP };

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "before",		required_argument,	NULL, OPT_BEFORE },
	{ "after",		required_argument,	NULL, OPT_AFTER },
	{ "alpha",		required_argument,	NULL, OPT_ALPHA },
	{ "otlp",		no_argument,		NULL, OPT_OTLP },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-optimize [options] [--state FILE] [FILE ...]\n"
"       pp-optimize --state FILE status ID applied|rejected|open\n"
"       pp-optimize [options] verify ID --before FILE --after FILE\n"
"\n"
"Find optimisation opportunities in span records (N+1 calls to batch,\n"
"sequential calls to parallelise, calls to cache or memoize, bursts to\n"
"debounce, connections to pool, slow queries, missing indexes,\n"
"uncompressed responses, loads to defer), each with the time, calls and\n"
"bytes it would save, estimated from the spans; keep their status\n"
"across runs; verify a change against the spans before and after it.\n"
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
"                           applied, rejected, resolved\n"
"      --before FILE        verify: the spans before the change\n"
"      --after FILE         verify: the spans after it\n"
"      --alpha A            verify: the significance level (default 0.05)\n"
"Thresholds: the optimize: section of the configuration (pp-config(5)).\n"
"\n"
"%s"
"\n"
"Exit status: 0 done (verify: keep), 1 verify: rollback, 2 usage error,\n"
"3 bad data or configuration, 4 a file could not be read or written.\n"
"See pp-optimize(1).\n",
	    pp_common_help);
}

int
main(int argc, char *argv[])
{
	struct run run;
	struct hmap st;
	const char *state = NULL;
	char *before = NULL, *after = NULL;
	char **files;
	size_t nfiles;
	double alpha = 0.05;
	int ch, fmt, status, fd = -1;

	pp_setprog(argv[0]);
	memset(&run, 0, sizeof(run));
	pp_common_init(&run.c);
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&run.c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_STATE:
			state = optarg;
			break;
		case OPT_OTLP:
			run.otlp = 1;
			break;
		case OPT_BEFORE:
			before = optarg;
			break;
		case OPT_AFTER:
			after = optarg;
			break;
		case OPT_ALPHA:
			if (parse_double(optarg, &alpha) != 0 || alpha <= 0 ||
			    alpha >= 0.5)
				pp_usage_error("--alpha: '%s' is not a level "
				    "above 0 and below 0.5", optarg);
			break;
		default:
			pp_usage_try();
		}
	}
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	pp_junit_refuse(&run.c);
	pp_common_refuse(&run.c, PP_NO_FIELD | PP_NO_GROUP | PP_NO_TIME,
	    (const char *const[]){ "spans are read by the fields of "
	    "pp-optimize(1) SPANS: duration, not a value field",
	    "findings group spans by their statement and route, not by -g",
	    "a span's time is its start field" });
	if (nfiles > 0 && strcmp(files[0], "status") == 0)
		return pp_close_stdout(state_set_status(state, files + 1,
		    nfiles - 1));
	if (nfiles > 0 && strcmp(files[0], "verify") == 0) {
		if (nfiles != 2 || before == NULL || after == NULL)
			pp_usage_error("verify: give a finding's id, "
			    "--before FILE and --after FILE");
	} else if (before != NULL || after != NULL) {
		pp_usage_error("--before and --after go with verify");
	}
	normalize_init();
	load_limits(run.c.config, &run.lim);
	run_init(&run, NULL);
	cost_load(&run);
	if (nfiles > 0 && strcmp(files[0], "verify") == 0) {
		run.keep = 1;
		fmt = run_read(&run, &before, 1);
		fmt = pp_output_format(&run.c, 1, fmt);
		status = verify(&run, files[1], after, alpha, fmt);
		run_notes(&run);
		pp_badrec_finish();
		run_free(&run);
		pp_common_free(&run.c);
		return pp_close_stdout(status);
	}

	fmt = run_read(&run, files, nfiles);
	fmt = pp_output_format(&run.c, 1, fmt);
	if (state != NULL) {
		/* under its lock from reading to replacing */
		fd = statefile_lock(state);
		hmap_init(&st);
		state_load(state, &st);
	}
	findings_report(&run, fmt, state != NULL ? &st : NULL);
	if (state != NULL) {
		state_save(state, &st);
		state_free(&st);
		close(fd);
	}
	run_notes(&run);
	pp_badrec_finish();
	run_free(&run);
	pp_common_free(&run.c);
	return pp_close_stdout(PP_EXIT_OK);
}
