/*
 * pp-cost: exact money from usage records and a YAML price sheet;
 * breakdowns, periods, top drivers, a forecast, savings, coverage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "conf.h"
#include "cost.h"
#include "diag.h"
#include "gate.h"
#include "hmap.h"
#include "metric.h"
#include "money.h"
#include "rd.h"
#include "wr.h"

/*
 * A table shows the currency with each amount, and each value in its
 * unit: neither has a column of its own.
 */
#define TABLE_HIDE	"currency,unit"

static const struct opt_word mode_words[] = {
	{ "auto", MODE_AUTO }, { "calculate", MODE_CALCULATE },
	{ "display", MODE_DISPLAY }, { NULL, 0 }
};
static const struct opt_word period_words[] = {
	{ "daily", P_DAILY }, { "weekly", P_WEEKLY },
	{ "monthly", P_MONTHLY }, { NULL, 0 }
};

enum {
	OPT_MODE = OPT_LOCAL, OPT_COST_RECORDS, OPT_BY, OPT_REPORT, OPT_TOP,
	OPT_FORECAST, OPT_SUGGEST, OPT_REQUIRE_COVERAGE, OPT_SINCE, OPT_UNTIL,
	OPT_TZ, OPT_EXECUTION_FIELD, OPT_COMPRESSION_RATIO, OPT_GITHUB
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	PP_PART_LONGOPTS,
	{ "mode",		required_argument,	NULL, OPT_MODE },
	{ "cost-records",	no_argument,		NULL, OPT_COST_RECORDS },
	{ "by",			required_argument,	NULL, OPT_BY },
	{ "report",		required_argument,	NULL, OPT_REPORT },
	{ "top",		required_argument,	NULL, OPT_TOP },
	{ "forecast",		no_argument,		NULL, OPT_FORECAST },
	{ "suggest",		no_argument,		NULL, OPT_SUGGEST },
	{ "require-coverage",	required_argument,	NULL, OPT_REQUIRE_COVERAGE },
	{ "github",		no_argument,		NULL, OPT_GITHUB },
	{ "since",		required_argument,	NULL, OPT_SINCE },
	{ "until",		required_argument,	NULL, OPT_UNTIL },
	{ "tz",			required_argument,	NULL, OPT_TZ },
	{ "execution-field",	required_argument,	NULL, OPT_EXECUTION_FIELD },
	{ "compression-ratio",	required_argument,	NULL, OPT_COMPRESSION_RATIO },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-cost [options] -c FILE [--mode auto|calculate|display]\n"
"               [--cost-records | --by FIELD,... | --top N [--by FIELD,...] |\n"
"               --report daily|weekly|monthly | --forecast | --suggest]\n"
"               [--since T] [--until T] [--tz ZONE]\n"
"               [--require-coverage P [--github]] [FILE...]\n"
"\n"
"Price usage records exactly with the prices: section of a YAML file.\n"
"Money is exact: decimal prices, 128-bit products, half-even rounding once\n"
"per line item, exact totals.\n"
"\n"
"Output (every usage record with its cost by default):\n"
"      --cost-records       cost metric records (metric cost), for pp-trend\n"
"                           and pp-budget\n"
"      --by FIELD,...       totals per group, with share and per-execution\n"
"      --top N              the N largest groups of --by (default category)\n"
"      --report PERIOD      totals per day, week or month and category\n"
"      --forecast           the next day, week and month from daily totals\n"
"      --suggest            savings, with the evidence and the amounts\n"
"Pricing:\n"
"      --mode M             auto: a record's own cost field wins (default);\n"
"                           calculate: always the sheet; display: only cost\n"
"      --since T, --until T only records in [T, T) (dates or RFC 3339)\n"
"      --tz ZONE            calendar days, weeks and months (default UTC)\n"
"      --execution-field F  the execution id for cost per execution\n"
"                           (default execution_id)\n"
"      --compression-ratio R  the compressed share of egress assumed by\n"
"                           --suggest (default 0.3)\n"
"      --require-coverage P exit 1 when less than P%% of records is priced\n"
"      --output-format junit  with --require-coverage: the coverage check\n"
"                           as JUnit, no records\n"
"      --github             with --require-coverage: GitHub Actions\n"
"                           annotations on standard error\n"
"\n"
"%s"
"%s"
"\n"
"See pp-cost(1) and pp-config(5).\n", pp_common_help,
    pp_part_help);
}

static void
parse_options(int argc, char *argv[], struct cost *k, char ***files,
    size_t *nfiles)
{
	int ch, outs = 0;
	double v;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT PP_PART_SHORT,
	    longopts, NULL)) != -1) {
		if (pp_common_opt(&k->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_MODE:
			k->mode = opt_word("--mode", optarg, mode_words);
			break;
		case OPT_COST_RECORDS:
			k->out = OUT_RECORDS;
			outs++;
			break;
		case OPT_BY:
			free(k->by);
			k->by = pp_split_names(optarg, &k->nby);
			if (k->nby == 0)
				pp_usage_error("--by: '%s' names no field",
				    optarg);
			if (k->out != OUT_TOP && k->out != OUT_BY) {
				k->out = OUT_BY;
				outs++;
			}
			break;
		case OPT_REPORT:
			k->period = opt_word("--report", optarg, period_words);
			k->out = OUT_REPORT;
			outs++;
			break;
		case OPT_TOP:
			k->top = opt_count("--top", optarg, 1, 1000000);
			if (k->out == OUT_BY)
				outs--;
			k->out = OUT_TOP;
			outs++;
			break;
		case OPT_FORECAST:
			k->out = OUT_FORECAST;
			k->period = P_DAILY;
			outs++;
			break;
		case OPT_SUGGEST:
			k->out = OUT_SUGGEST;
			outs++;
			break;
		case OPT_REQUIRE_COVERAGE:
			k->require = opt_percent("--require-coverage", optarg,
			    0, 1, 0);
			break;
		case OPT_GITHUB:
			k->github = 1;
			break;
		case OPT_SINCE:
			k->since = opt_time("--since", optarg);
			k->since_set = 1;
			break;
		case OPT_UNTIL:
			k->until = opt_time("--until", optarg);
			k->until_set = 1;
			break;
		case OPT_TZ:
			if (cal_set_zone(optarg) != 0)
				pp_usage_error("--tz: unknown time zone '%s' "
				    "(an IANA name such as Europe/Paris, or "
				    "+HH:MM)", optarg);
			break;
		case OPT_EXECUTION_FIELD:
			k->exec_field = interns(optarg);
			break;
		case OPT_COMPRESSION_RATIO:
			if (parse_double(optarg, &v) != 0 || v < 0 || v >= 1)
				pp_usage_error("--compression-ratio: '%s' is "
				    "not a ratio from 0 to below 1", optarg);
			k->compression = v;
			break;
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	if (outs > 1)
		pp_usage_error("--cost-records, --by, --top, --report, "
		    "--forecast and --suggest: choose one (--top takes --by)");
	k->junit = k->c.out_fmt == FMT_JUNIT;
	if (k->require < 0) {
		pp_junit_refuse(&k->c);
		if (k->github)
			pp_usage_error("--github goes with --require-coverage");
	}
	if (k->junit && outs > 0)
		pp_usage_error("--output-format junit writes the coverage "
		    "check, no records: not with --cost-records, --by, --top, "
		    "--report, --forecast or --suggest");
	if (k->out == OUT_TOP && k->nby == 0) {
		k->by = pp_split_names("category", &k->nby);
	}
}

/* Loads the configuration: the metrics: section checked, the prices. */
static struct cnode *
load_prices(struct cost *k)
{
	struct cnode *conf;

	conf = conf_load(k->c.config);
	{
		struct metric_conf mc;

		conf_metrics(conf, &mc);	/* checked, like everywhere */
		metric_conf_free(&mc);
	}
	prices_load(conf, &k->p);
	if (k->p.n == 0 && k->mode != MODE_DISPLAY)
		pp_die(PP_EXIT_DATA, "no price sheet: the configuration has no "
		    "prices: section (or use --mode display)");
	k->currency = k->p.n > 0 ? k->p.s[k->p.n - 1].currency : "USD";
	return conf;
}

/* Frees what the run collected, its prices and conf. */
static void
cost_free(struct cost *k, struct cnode *conf)
{
	size_t i;

	for (i = 0; i < k->groups.n; i++) {
		struct group *g = k->groups.ent[i].val;
		size_t j;

		for (j = 0; j < k->nby; j++)
			free(g->vals[j]);
		free(g->vals);
		hmap_free(&g->execs);
		free(g);
	}
	hmap_free(&k->groups);
	for (i = 0; i < k->periods.n; i++)
		free(k->periods.ent[i].val);
	hmap_free(&k->periods);
	for (i = 0; i < k->gauges.n; i++)
		free(k->gauges.ent[i].val);
	hmap_free(&k->gauges);
	for (i = 0; i < k->models.n; i++)
		free(k->models.ent[i].val);
	hmap_free(&k->models);
	for (i = 0; i < k->prompts.n; i++)
		free(k->prompts.ent[i].val);
	hmap_free(&k->prompts);
	for (i = 0; i < k->calls.n; i++) {
		struct call_times *ct = k->calls.ent[i].val;

		free(ct->t);
		free(ct);
	}
	hmap_free(&k->calls);
	hmap_free(&k->unpriced);
	buf_free(&k->key);
	rec_free(&k->r);
	prices_free(&k->p);
	conf_free(conf);
	free(k->by);
	pp_common_free(&k->c);
}

int
main(int argc, char *argv[])
{
	struct cost k;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	char **files;
	size_t nfiles;
	pp_time t = 0;
	int fmt, status;

	pp_setprog(argv[0]);
	memset(&k, 0, sizeof(k));
	pp_common_init(&k.c);
	k.c.jobs = pp_ncores();
	k.exec_field = interns("execution_id");
	k.compression = 0.3;
	k.require = -1;
	rec_init(&k.r);
	hmap_init(&k.unpriced);
	hmap_init(&k.groups);
	hmap_init(&k.periods);
	hmap_init(&k.gauges);
	hmap_init(&k.models);
	hmap_init(&k.prompts);
	hmap_init(&k.calls);
	parse_options(argc, argv, &k, &files, &nfiles);
	conf = load_prices(&k);
	k.now = time_now();
	k.n_cost = interns("cost");
	k.n_currency = interns("currency");
	k.n_category = interns("category");
	k.n_rule = interns("price_rule");
	/* A record's time is read only when something needs it. */
	k.need_time = k.p.n > 1 || k.since_set || k.until_set ||
	    k.out == OUT_REPORT || k.out == OUT_FORECAST ||
	    k.out == OUT_SUGGEST;

	pp_common_rdopts(&k.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&k.c, k.out != OUT_ANNOTATE &&
	    k.out != OUT_RECORDS, rd_format(rd));
	if (!k.junit)
		k.out_w = pp_open_output(&k.c, fmt, TABLE_HIDE);
	while ((r = rd_next(rd)) != NULL)
		cost_take(&k, rd, fmt, r, &t);
	rd_close(rd);
	if (k.out == OUT_BY)
		write_groups(&k, 0);
	else if (k.out == OUT_TOP)
		write_groups(&k, (size_t)k.top);
	else if (k.out == OUT_REPORT)
		write_report(&k);
	else if (k.out == OUT_FORECAST)
		write_forecast(&k);
	else if (k.out == OUT_SUGGEST)
		write_suggestions(&k);
	wr_close(k.out_w);
	pp_badrec_finish();
	status = cost_coverage(&k);
	if (k.junit || k.github)
		cost_gate(&k);

	cost_free(&k, conf);
	return pp_close_stdout(status);
}
