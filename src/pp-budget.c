/*
 * pp-budget: check metric records against the budgets of a YAML file;
 * report violations, compliance or annotated records; fail the build
 * when strict enforcement says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "conf.h"
#include "diag.h"
#include "metric.h"
#include "rd.h"
#include "units.h"
#include "wr.h"

/*
 * What a table leaves out unless -F says otherwise: the counts by
 * severity, and a violation's message and recommendation, which
 * CSV and JSON carry in full.
 */
#define TABLE_HIDE	"failed_warning,failed_error,failed_critical," \
	"enforcement,unit,message,recommendation"

enum {
	OPT_ENFORCEMENT = OPT_LOCAL, OPT_REPORT, OPT_ANNOTATE, OPT_BY_DAY,
	OPT_BASELINE, OPT_GITHUB
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	PP_PART_LONGOPTS,
	{ "enforcement",	required_argument,	NULL, OPT_ENFORCEMENT },
	{ "report",		no_argument,		NULL, OPT_REPORT },
	{ "annotate",		no_argument,		NULL, OPT_ANNOTATE },
	{ "by-day",		no_argument,		NULL, OPT_BY_DAY },
	{ "baseline",		required_argument,	NULL, OPT_BASELINE },
	{ "github",		no_argument,		NULL, OPT_GITHUB },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-budget [options] -c FILE [--enforcement strict|warning|off]\n"
"                 [--report [--by-day] | --annotate] [--baseline FILE]\n"
"                 [--github] [FILE...]\n"
"\n"
"Check metric records against performance budgets.\n"
"Budgets come from the budgets: section of the configuration: a metric, a\n"
"scope of records, a statistic over windows of time, and limits per\n"
"severity.  Under strict enforcement an error or a critical violation, or a\n"
"budget without data, exits 1: the CI gate.\n"
"\n"
"Output (violations by default, one record per failing budget window):\n"
"      --report             one record per budget: checks, compliance, worst\n"
"      --by-day             with --report: compliance per day\n"
"      --annotate           every record, with budget_status and budget\n"
"      --output-format junit  one JUnit testcase per budget, no records\n"
"      --github             GitHub Actions annotations on standard error\n"
"Checking:\n"
"      --enforcement E      strict, warning or off for every budget\n"
"      --baseline FILE      records for budgets with a baseline: stat\n"
"\n"
"%s"
"%s"
"\n"
"See pp-budget(1) and pp-config(5).\n", pp_common_help,
    pp_part_help);
}

static void
parse_options(int argc, char *argv[], struct run *run, char ***files,
    size_t *nfiles)
{
	int ch;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT PP_PART_SHORT,
	    longopts, NULL)) != -1) {
		if (pp_common_opt(&run->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_ENFORCEMENT:
			run->enforcement = opt_word("--enforcement", optarg,
			    enforcement_words);
			break;
		case OPT_REPORT:
			run->report = 1;
			break;
		case OPT_ANNOTATE:
			run->annotate = 1;
			break;
		case OPT_BY_DAY:
			run->by_day = 1;
			break;
		case OPT_BASELINE:
			run->baseline = optarg;
			break;
		case OPT_GITHUB:
			run->github = 1;
			break;
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	if (run->report && run->annotate)
		pp_usage_error("--report and --annotate: choose one");
	if (run->by_day && !run->report)
		pp_usage_error("--by-day goes with --report");
	pp_common_refuse(&run->c, PP_NO_GROUP, (const char *const[]){ NULL,
	    "a budget's series are chosen by its metric and scope (match: "
	    "in budgets:), not by -g", NULL });
	run->junit = run->c.out_fmt == FMT_JUNIT;
	if (run->junit && (run->report || run->annotate))
		pp_usage_error("--output-format junit writes one testcase per "
		    "budget, no records: not with --%s", run->report ?
		    "report" : "annotate");
}

int
main(int argc, char *argv[])
{
	struct run run;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	char **files;
	size_t nfiles, bi;
	const char *n_status = interns("budget_status");
	const char *n_budget = interns("budget");
	struct buf hit = BUF_INIT;
	int worst, fmt;

	pp_setprog(argv[0]);
	memset(&run, 0, sizeof(run));
	pp_common_init(&run.c);
	run.c.jobs = pp_ncores();
	run.enforcement = -1;
	rec_init(&run.r);
	hmap_init(&run.takers);
	parse_options(argc, argv, &run, &files, &nfiles);
	if ((conf = conf_load(run.c.config)) == NULL)
		pp_die(PP_EXIT_DATA, "no budgets defined: give -c FILE or set "
		    "PP_CONFIG");
	budgets_load(conf, &run.bs, run.enforcement, time_now());
	run.counts = xcalloc(run.bs.n, sizeof(*run.counts));
	run.streak = xcalloc(run.bs.n, sizeof(*run.streak));
	for (bi = 0; bi < run.bs.n; bi++)
		hmap_init(&run.counts[bi].days);
	load_baselines(&run);

	pp_common_rdopts(&run.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&run.c, !run.annotate, rd_format(rd));
	run.table = fmt == FMT_TABLE;
	if (!run.junit)
		run.out = pp_open_output(&run.c, fmt, TABLE_HIDE);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			/* passed through unchanged, as filters do */
			if (run.annotate && fmt == rd_format(rd))
				wr_pass(run.out, rd);
			continue;
		}
		worst = budgets_take(&run, r, &hit);
		if (run.annotate) {
			rec_set(r, n_status, worst < 0 ? "" :
			    severity_str(worst));
			rec_set(r, n_budget, hit.len > 0 ? buf_nul(&hit) : "");
			wr_record(run.out, r);
		}
	}
	rd_close(rd);
	evaluate(&run);
	if (run.report)
		report(&run);
	if (run.out != NULL)
		wr_close(run.out);
	if (run.junit || run.github)
		budget_gate(&run);
	pp_badrec_finish();

	run_free(&run);
	buf_free(&hit);
	rec_free(&run.r);
	budgets_free(&run.bs);
	conf_free(conf);
	pp_common_free(&run.c);
	return pp_close_stdout(run.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
