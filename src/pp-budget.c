/*
 * pp-budget: check metric records against the budgets of a YAML file;
 * report violations, compliance or annotated records; fail the build
 * when strict enforcement says so.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "conf.h"
#include "diag.h"
#include "metric.h"
#include "rd.h"
#include "stats.h"
#include "units.h"
#include "wr.h"

enum {
	OPT_ENFORCEMENT = OPT_LOCAL, OPT_REPORT, OPT_ANNOTATE, OPT_BY_DAY,
	OPT_BASELINE
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "enforcement",	required_argument,	NULL, OPT_ENFORCEMENT },
	{ "report",		no_argument,		NULL, OPT_REPORT },
	{ "annotate",		no_argument,		NULL, OPT_ANNOTATE },
	{ "by-day",		no_argument,		NULL, OPT_BY_DAY },
	{ "baseline",		required_argument,	NULL, OPT_BASELINE },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-budget [options] -c FILE [--enforcement strict|warning|off]\n"
"                 [--report [--by-day] | --annotate] [--baseline FILE]\n"
"                 [FILE...]\n"
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
"Checking:\n"
"      --enforcement E      strict, warning or off for every budget\n"
"      --baseline FILE      records for budgets with a baseline: stat\n"
"\n"
"%s"
"\n"
"See pp-budget(1) and pp-config(5).\n", pp_common_help);
}

struct counts {
	size_t	 checks, passed, fail[4], no_data, waived;
	int	 worst;
	struct hmap days;	/* day number -> struct day */
};

struct day {
	long long d;
	size_t	 checks, passed;
};

/* The budgets that take a metric name, found once per name. */
struct takers {
	size_t	*idx;
	size_t	 n;
};

struct run {
	struct pp_common c;
	struct hmap	 takers;	/* metric name -> struct takers */
	struct budgets	 bs;
	int		 report, annotate, by_day, enforcement;
	const char	*baseline;
	struct counts	*counts;
	long		*streak;	/* consecutive failing checks */
	struct wr	*out;
	struct rec	 r;
	int		 failed;
	int		 table;
};

static const char *
enforcement_str(int e)
{
	return e == ENF_STRICT ? "strict" : e == ENF_WARNING ? "warning" :
	    "off";
}

/* The value of a record in its base unit; 0 on success. */
static int
record_value(struct run *run, const struct rec *r, double *v,
    const char **unit)
{
	const char *text, *u, *base;
	double f;
	int got;

	if ((got = metric_value(r, &run->c, v, &text)) != 0) {
		if (got > 0)
			pp_badrec(r->file, r->line, "field '%s' is missing",
			    run->c.field);
		else
			pp_badrec(r->file, r->line, "field '%s': '%s' is not "
			    "a number", run->c.field, text);
		return -1;
	}
	u = rec_get(r, mnames()->unit);
	*unit = NULL;
	if (unit_base(u, &base, &f) == 0) {
		*v *= f;
		*unit = interns(base);
	}
	return 0;
}

static int metric_matches(const struct budget *, const char *);

static const struct takers *
takers_of(struct run *run, const char *metric)
{
	struct hmap_entry *e = hmap_put(&run->takers, metric, strlen(metric));
	struct takers *tk;
	size_t bi;

	if ((tk = e->val) != NULL)
		return tk;
	tk = e->val = xcalloc(1, sizeof(*tk));
	for (bi = 0; bi < run->bs.n; bi++)
		if (run->bs.b[bi].enforcement != ENF_OFF &&
		    metric_matches(&run->bs.b[bi], metric)) {
			tk->idx = xreallocarray(tk->idx, tk->n + 1,
			    sizeof(*tk->idx));
			tk->idx[tk->n++] = bi;
		}
	return tk;
}

static int
metric_matches(const struct budget *b, const char *metric)
{
	if (metric == NULL)
		return 0;
	return b->metric_glob ? fnmatch(b->metric, metric, 0) == 0 :
	    strcmp(b->metric, metric) == 0;
}

/* A check's outcome, counted for the report and the exit status. */
static void
count(struct run *run, size_t bi, pp_time t, int sev, int pending)
{
	struct budget *b = &run->bs.b[bi];
	struct counts *c = &run->counts[bi];
	long long d = (long long)floor(time_days(t));
	struct hmap_entry *e;
	struct day *dy;

	c->checks++;
	if (sev == SEV_PASS || pending)
		c->passed++;
	else if (b->waiver != NULL)
		c->waived++;
	else {
		c->fail[sev]++;
		if (sev > c->worst)
			c->worst = sev;
		if (sev >= SEV_ERROR && b->enforcement == ENF_STRICT)
			run->failed = 1;
	}
	if (!run->by_day)
		return;
	e = hmap_put(&c->days, &d, sizeof(d));
	if ((dy = e->val) == NULL) {
		dy = e->val = xcalloc(1, sizeof(*dy));
		dy->d = d;
	}
	dy->checks++;
	if (sev == SEV_PASS || pending || b->waiver != NULL)
		dy->passed++;
}

static void
violation(struct run *run, const struct budget *b, pp_time t, double obs,
    double limit, const char *severity, size_t n)
{
	struct rec *r = &run->r;
	char ts[PP_TIME_LEN];
	double over;

	if (run->report || run->annotate)
		return;
	rec_clear(r);
	rec_put(r, "ts", time_format(t, ts));
	rec_put(r, "budget", b->name);
	rec_put(r, "scope", b->scope_name);
	rec_put(r, "metric", b->metric);
	rec_put(r, "stat", b->stat_name);
	rec_put_num(r, "observed", obs);
	rec_put_num(r, "limit", limit);
	rec_put(r, "unit", b->stat == ST_COUNT ? "count" : b->stat == ST_RATE ?
	    "count/s" : *b->base_unit != '\0' ?
	    b->base_unit : b->record_unit != NULL ? b->record_unit : "");
	rec_put(r, "severity", severity);
	over = limit != 0 ? (b->better == BETTER_HIGHER ? 1 - obs / limit :
	    obs / limit - 1) * 100 : NAN;
	rec_put_num(r, "over_pct", over);
	rec_put_num(r, "n", (double)n);
	rec_put(r, "enforcement", enforcement_str(b->enforcement));
	rec_put(r, "message", b->message != NULL ? b->message : "");
	rec_put(r, "recommendation", b->recommendation);
	rec_put(r, "waived", b->waiver != NULL ? b->waiver : "");
	wr_record(run->out, r);
}

/* One check of a value; reports it when it fails for long enough. */
static void
check(struct run *run, size_t bi, pp_time t, double v, size_t n)
{
	struct budget *b = &run->bs.b[bi];
	double limit;
	int sev = budget_check(b, v, &limit), pending;

	if (sev == SEV_PASS)
		run->streak[bi] = 0;
	else
		run->streak[bi]++;
	pending = sev != SEV_PASS && run->streak[bi] < b->for_n;
	count(run, bi, t, sev, pending);
	if (sev != SEV_PASS && !pending)
		violation(run, b, t, v, limit, severity_str(sev), n);
}

static int
cmp_acc(const void *x, const void *y)
{
	const struct acc *a = *(const struct acc *const *)x;
	const struct acc *b = *(const struct acc *const *)y;

	return (a->start > b->start) - (a->start < b->start);
}

/* After the input: the windows of each budget, and budgets without data. */
static void
evaluate(struct run *run)
{
	struct budget *b;
	struct acc **w;
	size_t bi, i;
	double span;
	pp_time t;

	for (bi = 0; bi < run->bs.n; bi++) {
		b = &run->bs.b[bi];
		if (b->enforcement == ENF_OFF)
			continue;
		if (b->nrecords == 0) {
			run->counts[bi].no_data++;
			if (b->on_missing != MISS_PASS) {
				violation(run, b, time_now(), NAN, NAN,
				    "no_data", 0);
				if (b->on_missing == MISS_FAIL &&
				    b->enforcement == ENF_STRICT &&
				    b->waiver == NULL)
					run->failed = 1;
			}
			continue;
		}
		if (b->stat == ST_EACH)
			continue;
		w = xcalloc(b->windows.n, sizeof(*w));
		for (i = 0; i < b->windows.n; i++)
			w[i] = b->windows.ent[i].val;
		qsort(w, b->windows.n, sizeof(*w), cmp_acc);
		for (i = 0; i < b->windows.n; i++) {
			t = b->window > 0 ? time_of_sec((double)w[i]->start *
			    b->window) : w[i]->first;
			if ((long)w[i]->n < b->min_samples) {
				/* Too few to judge: said, never a pass. */
				run->counts[bi].no_data++;
				violation(run, b, t, NAN, NAN,
				    "insufficient_data", w[i]->n);
				if (b->on_missing == MISS_FAIL &&
				    b->enforcement == ENF_STRICT &&
				    b->waiver == NULL)
					run->failed = 1;
				continue;
			}
			/* a rate over all the input: over its time span */
			span = b->window > 0 ? b->window :
			    time_sec(w[i]->last - w[i]->first);
			if (b->stat == ST_RATE && !(span > 0)) {
				run->counts[bi].no_data++;
				violation(run, b, t, NAN, NAN,
				    "insufficient_data", w[i]->n);
				continue;
			}
			check(run, bi, t, acc_stat(w[i], b->stat, b->q, span),
			    w[i]->n);
		}
		free(w);
	}
}

static const char *const spark[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇",
    "█" };

static int
cmp_day(const void *x, const void *y)
{
	const struct day *a = *(const struct day *const *)x;
	const struct day *b = *(const struct day *const *)y;

	return (a->d > b->d) - (a->d < b->d);
}

static void
report(struct run *run)
{
	struct rec *r = &run->r;
	struct counts tot;
	size_t bi, i, k;
	struct buf days = BUF_INIT;
	char num[32];

	memset(&tot, 0, sizeof(tot));
	for (bi = 0; bi <= run->bs.n; bi++) {
		const struct budget *b = bi < run->bs.n ? &run->bs.b[bi] :
		    NULL;
		struct counts *c = b != NULL ? &run->counts[bi] : &tot;

		if (b != NULL && b->enforcement == ENF_OFF)
			continue;
		rec_clear(r);
		rec_put(r, "budget", b != NULL ? b->name : "total");
		rec_put(r, "metric", b != NULL ? b->metric : "");
		rec_put(r, "scope", b != NULL ? b->scope_name : "");
		rec_put(r, "stat", b != NULL ? b->stat_name : "");
		rec_put_num(r, "checks", (double)c->checks);
		rec_put_num(r, "passed", (double)c->passed);
		rec_put_num(r, "failed_warning", (double)c->fail[SEV_WARNING]);
		rec_put_num(r, "failed_error", (double)c->fail[SEV_ERROR]);
		rec_put_num(r, "failed_critical", (double)c->fail[SEV_CRITICAL]);
		rec_put_num(r, "no_data", (double)c->no_data);
		rec_put_num(r, "waived", (double)c->waived);
		rec_put_num(r, "compliance_pct", c->checks > 0 ?
		    100.0 * (double)(c->passed + c->waived) /
		    (double)c->checks : NAN);
		rec_put(r, "worst", c->checks == 0 && c->no_data > 0 ? "no_data" :
		    severity_str(c->worst));
		rec_put(r, "enforcement", b != NULL ?
		    enforcement_str(b->enforcement) : "");
		if (run->by_day) {
			struct day **d = xcalloc(c->days.n + 1, sizeof(*d));

			days.len = 0;
			for (i = 0; i < c->days.n; i++)
				d[i] = c->days.ent[i].val;
			qsort(d, c->days.n, sizeof(*d), cmp_day);
			for (i = 0; i < c->days.n; i++) {
				double pct = 100.0 * (double)d[i]->passed /
				    (double)d[i]->checks;

				if (run->table) {
					k = (size_t)(pct / 100 * 7 + 0.5);
					buf_adds(&days, spark[k]);
				} else {
					if (i > 0)
						buf_addc(&days, ' ');
					buf_adds(&days, fmt_num(pct, num));
				}
			}
			buf_nul(&days);
			rec_put(r, run->table ? "trend" : "daily", days.p);
			free(d);
		}
		wr_record(run->out, r);
		if (b == NULL)
			break;
		tot.checks += c->checks;
		tot.passed += c->passed;
		for (k = 0; k < 4; k++)
			tot.fail[k] += c->fail[k];
		tot.no_data += c->no_data;
		tot.waived += c->waived;
		if (c->worst > tot.worst)
			tot.worst = c->worst;
		for (i = 0; run->by_day && i < c->days.n; i++) {
			struct day *src = c->days.ent[i].val, *dst;
			struct hmap_entry *e = hmap_put(&tot.days, &src->d,
			    sizeof(src->d));

			if ((dst = e->val) == NULL) {
				dst = e->val = xcalloc(1, sizeof(*dst));
				dst->d = src->d;
			}
			dst->checks += src->checks;
			dst->passed += src->passed;
		}
	}
	for (i = 0; i < tot.days.n; i++)
		free(tot.days.ent[i].val);
	hmap_free(&tot.days);
	buf_free(&days);
}

/* Resolves baseline: stats from the --baseline records. */
static void
load_baselines(struct run *run)
{
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	const char *m;
	size_t bi, need = 0;
	char *paths[1];
	double v;
	pp_time t;
	const char *text;

	for (bi = 0; bi < run->bs.n; bi++)
		if (run->bs.b[bi].baseline_stat >= 0) {
			need++;
			if (run->baseline == NULL)
				pp_usage_error("budget '%s' takes its baseline "
				    "from --baseline FILE",
				    run->bs.b[bi].name);
		}
	if (need == 0)
		return;
	pp_common_rdopts(&run->c, &ro);
	paths[0] = (char *)run->baseline;
	rd = rd_open(paths, 1, &ro);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL || metric_time(r, &run->c, &t, &text) != 0 ||
		    record_value(run, r, &v, &text) != 0)
			continue;
		m = rec_get(r, mnames()->metric);
		for (bi = 0; bi < run->bs.n; bi++) {
			struct budget *b = &run->bs.b[bi];

			if (b->baseline_stat >= 0 && metric_matches(b, m) &&
			    budget_matches(b, r)) {
				int keep = b->stat;
				double keepw = b->window;

				/* into window 0, kept whole for quantiles */
				b->stat = ST_QUANTILE;
				b->window = 0;
				budget_add(b, t, v);
				b->stat = keep;
				b->window = keepw;
			}
		}
	}
	rd_close(rd);
	for (bi = 0; bi < run->bs.n; bi++) {
		struct budget *b = &run->bs.b[bi];
		struct acc *a;

		if (b->baseline_stat < 0)
			continue;
		if (b->windows.n == 0)
			pp_die(PP_EXIT_DATA, "%s: no records for budget '%s' "
			    "(metric %s): no baseline", run->baseline, b->name,
			    b->metric);
		a = b->windows.ent[0].val;
		b->baseline = acc_stat(a, b->baseline_stat, b->baseline_q,
		    NAN);
		acc_free(a);
		free(a);
		hmap_free(&b->windows);
		hmap_init(&b->windows);
		b->nrecords = 0;
	}
}

static void
parse_options(int argc, char *argv[], struct run *run, char ***files,
    size_t *nfiles)
{
	int ch;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
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
}

int
main(int argc, char *argv[])
{
	const struct metric_names *mn;
	struct run run;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	char **files;
	size_t nfiles, bi, i;
	const char *metric, *names, *unit = NULL;
	const char *n_status = interns("budget_status");
	const char *n_budget = interns("budget");
	const struct takers *tk;
	struct buf hit = BUF_INIT;
	double v, limit;
	pp_time t;
	int sev, worst, fmt;

	pp_setprog(argv[0]);
	memset(&run, 0, sizeof(run));
	pp_common_init(&run.c);
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

	mn = mnames();
	pp_common_rdopts(&run.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&run.c, !run.annotate, rd_format(rd));
	run.table = fmt == FMT_TABLE;
	run.out = wr_open(stdout, "standard output", fmt);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			/* passed through unchanged, as filters do */
			if (run.annotate && fmt == rd_format(rd))
				wr_pass(run.out, rd);
			continue;
		}
		metric = rec_get(r, mn->metric);
		worst = -1;
		names = "";
		hit.len = 0;
		tk = takers_of(&run, metric != NULL ? metric : "");
		for (i = 0; i < tk->n; i++) {
			struct budget *b = &run.bs.b[bi = tk->idx[i]];

			if (!budget_matches(b, r))
				continue;
			if (worst < 0) {
				/* The first budget that takes the record. */
				if (record_value(&run, r, &v, &unit) != 0)
					break;
				if (metric_time_checked(r, &run.c, &t) != 0)
					break;
				worst = SEV_PASS;
			}
			if (unit != NULL && *b->base_unit != '\0' &&
			    b->stat != ST_COUNT && b->stat != ST_RATE &&
			    strcmp(unit, b->base_unit) != 0) {
				/* 0.6 s is not 600 of anything else */
				pp_badrec(r->file, r->line, "unit '%s' is not "
				    "in %s, the unit of budget '%s'",
				    rec_get(r, mn->unit), b->base_unit,
				    b->name);
				continue;
			}
			if (b->record_unit == NULL && unit != NULL)
				b->record_unit = unit;
			if (b->stat == ST_EACH)
				check(&run, bi, t, v, 1);
			else
				budget_add(b, t, v);
			if (run.annotate) {
				sev = budget_check(b, v, &limit);
				if (b->waiver != NULL && sev > SEV_PASS)
					sev = SEV_PASS;
				if (sev > worst || hit.len == 0) {
					worst = sev;
					hit.len = 0;
					buf_adds(&hit, b->name);
				}
			}
			if (b->stat == ST_EACH)
				b->nrecords++;
		}
		if (run.annotate) {
			rec_set(r, n_status, worst < 0 ? "" :
			    severity_str(worst));
			rec_set(r, n_budget, hit.len > 0 ? buf_nul(&hit) :
			    names);
			wr_record(run.out, r);
		}
	}
	rd_close(rd);
	evaluate(&run);
	if (run.report)
		report(&run);
	wr_close(run.out);
	pp_badrec_finish();

	for (bi = 0; bi < run.bs.n; bi++) {
		for (i = 0; i < run.counts[bi].days.n; i++)
			free(run.counts[bi].days.ent[i].val);
		hmap_free(&run.counts[bi].days);
	}
	for (i = 0; i < run.takers.n; i++) {
		struct takers *x = run.takers.ent[i].val;

		free(x->idx);
		free(x);
	}
	hmap_free(&run.takers);
	free(run.counts);
	free(run.streak);
	buf_free(&hit);
	rec_free(&run.r);
	budgets_free(&run.bs);
	conf_free(conf);
	pp_common_free(&run.c);
	return pp_close_stdout(run.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
