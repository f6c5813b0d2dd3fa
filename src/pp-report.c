/*
 * pp-report: records in, one self-contained HTML file out: trend charts
 * with their line, forecast band, change points and anomalies; week and
 * month comparisons; budgets; A/B tests; costs; findings.  Inline SVG,
 * a little inline JavaScript, no external request.
 * The work is in src/report/.
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
#include "report.h"
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

static void
parse_options(int argc, char *argv[], struct report *rp)
{
	int ch;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "o:", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&rp->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case 'o':
			rp->out = optarg;
			break;
		case OPT_TITLE:
			rp->title = optarg;
			break;
		case OPT_WINDOW:
			if (strcmp(optarg, "all") == 0)
				rp->window = 0;
			else
				rp->window = opt_duration("--window", optarg, 0);
			break;
		case OPT_WIDTH:
			rp->width = opt_count("--width", optarg, 200, 4000);
			break;
		default:
			pp_usage_try();
		}
	}
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
	size_t nfiles;

	pp_setprog(argv[0]);
	memset(&rp, 0, sizeof(rp));
	pp_common_init(&rp.c);
	rp.title = "pp report";
	rp.width = 720;
	hmap_init(&rp.series);
	hmap_init(&rp.cost_by_cat);
	hmap_init(&rp.cost_by_day);
	hmap_init(&rp.period_by_cat);
	hmap_init(&rp.period_by_day);
	parse_options(argc, argv, &rp);
	pp_junit_refuse(&rp.c);
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
	settle_costs(&rp);
	if (rp.out != NULL) {
		if ((rp.fp = fopen(rp.out, "w")) == NULL)
			pp_die_errno(PP_EXIT_SYS, "%s", rp.out);
	} else
		rp.fp = stdout;
	rp.fields_seen = xcalloc(rp.c.view.nfields + 1, 1);
	write_report(&rp);
	fields_unseen(&rp);
	if (rp.out != NULL) {
		if (fflush(rp.fp) != 0 || ferror(rp.fp) || fclose(rp.fp) != 0)
			pp_die_errno(PP_EXIT_SYS, "%s: write error", rp.out);
		if (!rp.c.quiet)
			fprintf(stderr, "%s: wrote %s\n", pp_getprog(), rp.out);
	}
	pp_badrec_finish();

	report_free(&rp);
	buf_free(&rp.key);
	metric_conf_free(&rp.mc);
	conf_free(conf);
	free(rp.fields_seen);
	pp_common_free(&rp.c);
	return pp_close_stdout(PP_EXIT_OK);
}
