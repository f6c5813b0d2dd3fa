/*
 * pp-abtest: assign units to variants deterministically (GrowthBook's
 * bucketing), compare variants statistically, name a winner, and gate a
 * branch against main in CI.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "bucket.h"
#include "conf.h"
#include "diag.h"
#include "hmap.h"
#include "metric.h"
#include "rd.h"
#include "stats.h"
#include "htest.h"
#include "units.h"
#include "wr.h"

enum { TEST_MW, TEST_WELCH, TEST_QUANTILE };
enum { CORR_HOLM, CORR_BH, CORR_NONE };
static const struct opt_word test_words[] = {
	{ "mw", TEST_MW }, { "welch", TEST_WELCH }, { NULL, 0 }
};
static const struct opt_word correct_words[] = {
	{ "holm", CORR_HOLM }, { "bh", CORR_BH }, { "none", CORR_NONE },
	{ NULL, 0 }
};
enum { V_CONTROL, V_FASTER, V_SLOWER, V_NO_CHANGE, V_INSUFFICIENT, V_SRM };

static const char *const verdicts[] = { "control", "faster", "slower",
    "no_change", "insufficient_data", "srm" };

enum {
	OPT_KEY_FIELD = OPT_LOCAL, OPT_VARIANTS, OPT_SEED, OPT_COVERAGE,
	OPT_VARIANT_FIELD, OPT_CONTROL, OPT_TEST, OPT_LOG, OPT_QUANTILE,
	OPT_RESAMPLES, OPT_CONFIDENCE, OPT_CORRECT, OPT_MIN_EFFECT,
	OPT_MIN_SAMPLES, OPT_WEIGHTS, OPT_FAIL_ON, OPT_SEQUENTIAL, OPT_PLAN,
	OPT_MDE, OPT_POWER, OPT_SD
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "key-field",		required_argument,	NULL, OPT_KEY_FIELD },
	{ "variants",		required_argument,	NULL, OPT_VARIANTS },
	{ "seed",		required_argument,	NULL, OPT_SEED },
	{ "coverage",		required_argument,	NULL, OPT_COVERAGE },
	{ "variant-field",	required_argument,	NULL, OPT_VARIANT_FIELD },
	{ "control",		required_argument,	NULL, OPT_CONTROL },
	{ "test",		required_argument,	NULL, OPT_TEST },
	{ "log",		no_argument,		NULL, OPT_LOG },
	{ "quantile",		required_argument,	NULL, OPT_QUANTILE },
	{ "resamples",		required_argument,	NULL, OPT_RESAMPLES },
	{ "confidence",		required_argument,	NULL, OPT_CONFIDENCE },
	{ "correct",		required_argument,	NULL, OPT_CORRECT },
	{ "min-effect",		required_argument,	NULL, OPT_MIN_EFFECT },
	{ "min-samples",	required_argument,	NULL, OPT_MIN_SAMPLES },
	{ "weights",		required_argument,	NULL, OPT_WEIGHTS },
	{ "fail-on",		required_argument,	NULL, OPT_FAIL_ON },
	{ "sequential",		no_argument,		NULL, OPT_SEQUENTIAL },
	{ "plan",		no_argument,		NULL, OPT_PLAN },
	{ "mde",		required_argument,	NULL, OPT_MDE },
	{ "power",		required_argument,	NULL, OPT_POWER },
	{ "sd",			required_argument,	NULL, OPT_SD },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-abtest assign --key-field FIELD --variants NAME=W,NAME=W...\n"
"                 [--seed NAME] [--coverage P] [--variant-field F] [FILE...]\n"
"       pp-abtest analyze [--control NAME] [--test mw|welch] [--log]\n"
"                 [--quantile Q [--seed N] [--resamples N]] [--confidence P]\n"
"                 [--correct holm|bh|none] [--min-effect P] [--min-samples N]\n"
"                 [--weights NAME=W,...] [--sequential] [--fail-on slower]\n"
"                 [--variant-field F] [FILE...]\n"
"       pp-abtest analyze --plan --mde P [--power P] [--sd S | FILE]\n"
"\n"
"Split units between variants reproducibly, and decide from measurements\n"
"whether a variant is faster, slower or no different.\n"
"\n"
"assign:\n"
"      --key-field FIELD    the unit to assign (user_id, run, host ...)\n"
"      --variants N=W,...   variants and their weights\n"
"      --seed NAME          the experiment's name (default empty)\n"
"      --coverage P         assign P%% of units, the rest stay empty (100)\n"
"analyze:\n"
"      --variant-field F    the field naming the variant (default variant)\n"
"      --control NAME       the baseline (default: the first variant seen)\n"
"      --test mw|welch      Mann-Whitney (default) or Welch's t-test\n"
"      --log                Welch on log values: ratio of geometric means\n"
"      --quantile Q         compare quantile Q with a bootstrap interval\n"
"      --seed N             the bootstrap's seed (default 1)\n"
"      --resamples N        bootstrap resamples (default 10000)\n"
"      --confidence P       of intervals, and 1 - alpha (default 95%%)\n"
"      --correct METHOD     holm (default), bh or none, over variants\n"
"      --min-effect P       significant only if the interval clears P (1%%)\n"
"      --min-samples N      fewer in an arm is insufficient_data (5)\n"
"      --weights N=W,...    expected split for the sample ratio check\n"
"      --sequential         always-valid p-values (mixture SPRT)\n"
"      --fail-on slower     exit 1 when a variant is significantly slower\n"
"      --plan               sample size per arm (with --mde, --power, --sd)\n"
"\n"
"%s"
"\n"
"See pp-abtest(1).\n", pp_common_help);
}

struct arm {
	char	*name;
	double	*v;
	size_t	 n, cap;
};

struct metric_set {
	const char	*name;
	int		 better;
	const char	*unit;
	struct arm	*arms;
	size_t		 narms;
};

struct ab {
	struct pp_common c;
	int		 analyze;
	/* assign */
	const char	*key_field;
	char		**vnames;
	double		*weights;
	size_t		 nv;
	const char	*seed;
	double		 coverage;
	/* analyze */
	const char	*variant_field;
	const char	*control;
	int		 test, log, correct, sequential, fail_slower, plan;
	double		 quantile, confidence, min_effect, mde, power, sd;
	long		 resamples, min_samples;
	unsigned long long bseed;
	char		**wnames;
	double		*wvals;
	size_t		 nw;
	struct metric_conf mc;
	struct hmap	 metrics;
	char		**vlist;	/* every variant, in order of appearance */
	size_t		 nvlist;
	struct wr	*out;
	struct rec	 r;
	int		 failed;
};

static void
parse_weights(const char *opt, const char *arg, char ***names, double **w,
    size_t *n)
{
	const char *p = arg, *q, *eq;
	double v, sum = 0;
	char num[64];

	while (*p != '\0') {
		q = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(q - p));
		if (eq == NULL || eq == p || (size_t)(q - eq - 1) >= sizeof(num))
			pp_usage_error("%s: '%s' is not NAME=WEIGHT,...", opt,
			    arg);
		memcpy(num, eq + 1, (size_t)(q - eq - 1));
		num[q - eq - 1] = '\0';
		if (parse_percent(num, &v) != 0 || v < 0)
			pp_usage_error("%s: '%s': weight '%s' is not a number "
			    "of 0 or more", opt, arg, num);
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		*w = xreallocarray(*w, *n + 1, sizeof(**w));
		(*names)[*n] = xstrndup(p, (size_t)(eq - p));
		(*w)[*n] = v;
		sum += v;
		(*n)++;
		p = *q ? q + 1 : q;
	}
	if (*n == 0 || sum <= 0)
		pp_usage_error("%s: '%s': the weights sum to 0", opt, arg);
	for (size_t i = 0; i < *n; i++)
		(*w)[i] /= sum;
}

/* --- assign ---------------------------------------------------------- */

static void
assign(struct ab *ab, char **files, size_t nfiles)
{
	const char *n_key = interns(ab->key_field);
	const char *n_var = interns(ab->variant_field);
	double *ranges = xcalloc(2 * ab->nv, sizeof(*ranges));
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	const char *key;
	int i, fmt;

	gb_bucket_ranges(ab->nv, ab->coverage, ab->weights, ab->nv, ranges);
	pp_common_rdopts(&ab->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&ab->c, 0, rd_format(rd));
	ab->out = wr_open(stdout, "standard output", fmt);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			if (fmt == rd_format(rd))
				wr_pass(ab->out, rd);
			continue;
		}
		if ((key = rec_get(r, n_key)) == NULL || *key == '\0') {
			pp_badrec(r->file, r->line, "field '%s' is missing: "
			    "no variant", ab->key_field);
			i = -1;
		} else
			i = gb_choose(gb_hash(ab->seed, key, 2), ranges,
			    ab->nv);
		rec_set(r, n_var, i >= 0 ? ab->vnames[i] : "");
		wr_record(ab->out, r);
	}
	rd_close(rd);
	free(ranges);
}

/* --- analyze --------------------------------------------------------- */

/* The index of a variant among all the metrics' variants. */
static size_t
variant_index(struct ab *ab, const char *name)
{
	size_t i;

	for (i = 0; i < ab->nvlist; i++)
		if (strcmp(ab->vlist[i], name) == 0)
			return i;
	ab->vlist = xreallocarray(ab->vlist, ab->nvlist + 1,
	    sizeof(*ab->vlist));
	ab->vlist[ab->nvlist] = xstrdup(name);
	return ab->nvlist++;
}

static struct arm *
arm_of(struct metric_set *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->narms; i++)
		if (strcmp(m->arms[i].name, name) == 0)
			return &m->arms[i];
	m->arms = xreallocarray(m->arms, m->narms + 1, sizeof(*m->arms));
	memset(&m->arms[m->narms], 0, sizeof(*m->arms));
	m->arms[m->narms].name = xstrdup(name);
	return &m->arms[m->narms++];
}

static void
read_values(struct ab *ab, char **files, size_t nfiles)
{
	const struct metric_names *mn = mnames();
	const char *n_var = interns(ab->variant_field);
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap_entry *e;
	struct metric_set *m;
	struct arm *a;
	const char *var, *metric, *text, *u, *base;
	const struct metric_props *mp;
	double v, f;
	int got;

	pp_common_rdopts(&ab->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	ab->c.out_fmt = pp_output_format(&ab->c, 1, rd_format(rd));
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			continue;
		}
		if ((var = rec_get(r, n_var)) == NULL || *var == '\0') {
			if (!ab->plan)
				continue;	/* not in the experiment */
			var = "all";	/* a pilot: all its values */
		}
		if ((got = metric_value(r, &ab->c, &v, &text)) != 0) {
			if (got > 0)
				pp_badrec(r->file, r->line, "field '%s' is "
				    "missing", ab->c.field);
			else
				pp_badrec(r->file, r->line, "field '%s': '%s' "
				    "is not a number", ab->c.field, text);
			continue;
		}
		u = rec_get(r, mn->unit);
		if (unit_base(u, &base, &f) == 0)
			v *= f;
		else
			base = "";
		if (ab->log && v <= 0) {
			pp_badrec(r->file, r->line, "field '%s': '%s' is not "
			    "positive: no logarithm", ab->c.field, text);
			continue;
		}
		metric = rec_get(r, mn->metric);
		if (metric == NULL)
			metric = "";
		e = hmap_put(&ab->metrics, metric, strlen(metric));
		if ((m = e->val) == NULL) {
			m = e->val = xcalloc(1, sizeof(*m));
			m->name = e->key;
			m->unit = interns(base);
			mp = metric_props(&ab->mc, metric);
			m->better = mp != NULL ? mp->better : BETTER_LOWER;
		}
		(void)variant_index(ab, var);
		a = arm_of(m, var);
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 64;
			a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
		}
		a->v[a->n++] = ab->log ? log(v) : v;
	}
	rd_close(rd);
}

/* The quantile q of a resample (with replacement) of sorted v. */
static double
resample_quantile(const double *v, size_t n, double q, double *tmp,
    unsigned long long *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = v[splitmix64(state) % n];
	return stat_quantile(tmp, n, q);
}

struct compare {
	double	 diff, diff_pct, lo, hi, pct_lo, pct_hi, stat, p;
	const char *test;
};

/*
 * The difference of medians and its interval from the two medians'
 * order-statistic intervals, as Price & Bonett (2002) combine them: the
 * difference on the raw scale, the ratio on the log scale.
 */
static void
median_diff(const struct arm *c, const struct arm *v, double conf,
    struct compare *k)
{
	double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
	double mc = stat_quantile_sorted(c->v, c->n, 0.5);
	double mv = stat_quantile_sorted(v->v, v->n, 0.5);
	double cl, ch, vl, vh, lc, lv;

	median_ci(c->v, c->n, conf, &cl, &ch);
	median_ci(v->v, v->n, conf, &vl, &vh);
	median_diff_of(mc, cl, ch, mv, vl, vh, conf, &k->diff, &k->lo,
	    &k->hi);
	if (mc > 0 && mv > 0 && cl > 0 && vl > 0) {
		lc = (log(ch) - log(cl)) / (2 * z);
		lv = (log(vh) - log(vl)) / (2 * z);
		k->diff_pct = (mv / mc - 1) * 100;
		k->pct_lo = (exp(log(mv / mc) - z * sqrt(lc * lc + lv * lv)) -
		    1) * 100;
		k->pct_hi = (exp(log(mv / mc) + z * sqrt(lc * lc + lv * lv)) -
		    1) * 100;
	} else {
		k->diff_pct = mc != 0 ? k->diff / fabs(mc) * 100 : NAN;
		k->pct_lo = mc != 0 ? k->lo / fabs(mc) * 100 : NAN;
		k->pct_hi = mc != 0 ? k->hi / fabs(mc) * 100 : NAN;
	}
}

static double
mean_of(const struct arm *a)
{
	double s = 0;
	size_t i;

	for (i = 0; i < a->n; i++)
		s += a->v[i];
	return s / (double)a->n;
}

static void
compare(struct ab *ab, const struct arm *c, const struct arm *v,
    struct compare *k)
{
	struct welch w;
	double mc, *bc, *bv, *d, q = ab->quantile;
	unsigned long long st = ab->bseed;
	long i, below = 0, above = 0;
	size_t lo, hi;

	memset(k, 0, sizeof(*k));
	if (ab->test == TEST_QUANTILE) {
		double qc = stat_quantile_sorted(c->v, c->n, q);
		double qv = stat_quantile_sorted(v->v, v->n, q);

		bc = xcalloc(c->n, sizeof(*bc));
		bv = xcalloc(v->n, sizeof(*bv));
		d = xcalloc((size_t)ab->resamples, sizeof(*d));
		for (i = 0; i < ab->resamples; i++) {
			d[i] = resample_quantile(v->v, v->n, q, bv, &st) -
			    resample_quantile(c->v, c->n, q, bc, &st);
			below += d[i] <= 0;
			above += d[i] >= 0;
		}
		stat_sort(d, (size_t)ab->resamples);
		lo = (size_t)floor((1 - ab->confidence) / 2 *
		    (double)ab->resamples);
		hi = (size_t)ceil((1 + ab->confidence) / 2 *
		    (double)ab->resamples) - 1;
		if (hi >= (size_t)ab->resamples)
			hi = (size_t)ab->resamples - 1;
		k->diff = qv - qc;
		k->lo = d[lo];
		k->hi = d[hi];
		k->diff_pct = qc != 0 ? k->diff / fabs(qc) * 100 : NAN;
		k->pct_lo = qc != 0 ? k->lo / fabs(qc) * 100 : NAN;
		k->pct_hi = qc != 0 ? k->hi / fabs(qc) * 100 : NAN;
		/* the percentile bootstrap's two-sided p-value */
		k->p = fmin(1, 2 * (double)(below < above ? below : above) /
		    (double)ab->resamples);
		k->stat = k->diff;
		k->test = "bootstrap";
		free(bc);
		free(bv);
		free(d);
		return;
	}
	if (ab->test == TEST_WELCH) {
		k->p = welch_test(c->v, c->n, v->v, v->n, ab->confidence, &w);
		k->stat = w.t;
		k->test = ab->log ? "welch-log" : "welch";
		if (ab->log) {
			/* the ratio of geometric means */
			k->diff = exp(w.diff);
			k->diff_pct = (exp(w.diff) - 1) * 100;
			k->pct_lo = (exp(w.lo) - 1) * 100;
			k->pct_hi = (exp(w.hi) - 1) * 100;
			k->lo = exp(w.lo);
			k->hi = exp(w.hi);
		} else {
			mc = mean_of(c);
			k->diff = w.diff;
			k->lo = w.lo;
			k->hi = w.hi;
			k->diff_pct = mc != 0 ? w.diff / fabs(mc) * 100 : NAN;
			k->pct_lo = mc != 0 ? w.lo / fabs(mc) * 100 : NAN;
			k->pct_hi = mc != 0 ? w.hi / fabs(mc) * 100 : NAN;
		}
	} else {
		/* exact, ties included, up to 50 a side; else normal */
		if (c->n <= 50 && v->n <= 50)
			k->p = mann_whitney_exact_ties(c->v, c->n, v->v, v->n,
			    &k->stat);
		else
			k->p = mann_whitney_sorted(c->v, c->n, v->v, v->n,
			    &k->stat);
		k->test = "mann-whitney";
		median_diff(c, v, ab->confidence, k);
	}
}

/*
 * The mixture sequential probability ratio test of the difference of
 * means (Johari, Pekelis & Walsh 2017, "Always valid inference"): with
 * V the variance of the difference and tau^2 the mixing variance (the
 * minimum effect, squared), Lambda = sqrt(V / (V + tau^2))
 * exp(d^2 tau^2 / (2 V (V + tau^2))); p = min(1, 1 / Lambda), and the
 * always-valid interval d +- sqrt(V (V + tau^2) / tau^2 (ln((V + tau^2)
 * / V) + 2 ln(1 / alpha))).
 */
static void
sequential(struct ab *ab, const struct arm *c, const struct arm *v,
    struct compare *k)
{
	struct moments mc, mv;
	double V, tau2, d, lam, half, alpha = 1 - ab->confidence, base;
	size_t i;

	memset(&mc, 0, sizeof(mc));
	memset(&mv, 0, sizeof(mv));
	for (i = 0; i < c->n; i++)
		moments_add(&mc, c->v[i]);
	for (i = 0; i < v->n; i++)
		moments_add(&mv, v->v[i]);
	V = moments_sd(&mc) * moments_sd(&mc) / (double)c->n +
	    moments_sd(&mv) * moments_sd(&mv) / (double)v->n;
	base = fabs(mc.mean);
	tau2 = ab->min_effect * base * ab->min_effect * base;
	if (tau2 <= 0)
		tau2 = V > 0 ? V : 1;
	d = mv.mean - mc.mean;
	k->test = "msprt";
	k->diff = d;
	if (V <= 0) {
		k->p = d == 0 ? 1 : 0;
		k->lo = k->hi = d;
	} else {
		lam = sqrt(V / (V + tau2)) * exp(d * d * tau2 /
		    (2 * V * (V + tau2)));
		k->p = fmin(1, 1 / lam);
		half = sqrt(V * (V + tau2) / tau2 * (log((V + tau2) / V) +
		    2 * log(1 / alpha)));
		k->lo = d - half;
		k->hi = d + half;
	}
	k->stat = k->p > 0 ? 1 / k->p : NAN;	/* Lambda, when finite */
	k->diff_pct = base != 0 ? d / base * 100 : NAN;
	k->pct_lo = base != 0 ? k->lo / base * 100 : NAN;
	k->pct_hi = base != 0 ? k->hi / base * 100 : NAN;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct outcome {
	int	 verdict;
	double	 ratio;		/* variant / control, better below 1 */
	double	 sd, mean_c;
	size_t	 n;
};

static void
arm_record(struct ab *ab, const struct metric_set *m, const struct arm *a,
    const char *control)
{
	struct rec *r = &ab->r;
	double lo, hi, *v = a->v;

	rec_clear(r);
	rec_put(r, "metric", m->name);
	rec_put(r, "variant", a->name);
	rec_put(r, "control", control);
	rec_put(r, "unit", m->unit);
	rec_put_num(r, "n", (double)a->n);
	if (ab->log) {
		/* back from log values: geometric mean, medians */
		double s = 0;
		size_t i;

		for (i = 0; i < a->n; i++)
			s += v[i];
		rec_put_num(r, "mean", exp(s / (double)a->n));
	} else
		rec_put_num(r, "mean", mean_of(a));
	{
		struct moments mo;
		size_t i;

		memset(&mo, 0, sizeof(mo));
		for (i = 0; i < a->n; i++)
			moments_add(&mo, v[i]);
		rec_put_num(r, "sd", moments_sd(&mo));
	}
	median_ci(v, a->n, ab->confidence, &lo, &hi);
	rec_put_num(r, "median", ab->log ? exp(stat_quantile_sorted(v, a->n,
	    0.5)) : stat_quantile_sorted(v, a->n, 0.5));
	rec_put_num(r, "median_lo", ab->log ? exp(lo) : lo);
	rec_put_num(r, "median_hi", ab->log ? exp(hi) : hi);
	rec_put_num(r, "p95", ab->log ? exp(stat_quantile_sorted(v, a->n, 0.95)) :
	    stat_quantile_sorted(v, a->n, 0.95));
}

static void
analyze_metric(struct ab *ab, struct metric_set *m, struct outcome **outs,
    size_t *nouts, int *srm_any)
{
	struct arm *c = NULL;
	struct compare *k;
	double *p, *padj, *counts, *w, st, srm_p = NAN, alpha;
	size_t i, j, nv;
	int srm;

	for (i = 0; i < m->narms; i++)
		qsort(m->arms[i].v, m->arms[i].n, sizeof(double), cmp_dbl);
	if (m->narms < 2)
		pp_die(PP_EXIT_DATA, "only one variant ('%s')%s%s: nothing to "
		    "compare", m->arms[0].name, *m->name ? " of " : "",
		    m->name);
	if (ab->control != NULL) {
		for (i = 0; i < m->narms; i++)
			if (strcmp(m->arms[i].name, ab->control) == 0)
				c = &m->arms[i];
		if (c == NULL)
			pp_usage_error("--control: '%s' is not a variant in "
			    "the data", ab->control);
	} else
		c = &m->arms[0];
	/* The sample ratio check: counts against the expected split. */
	counts = xcalloc(m->narms, sizeof(*counts));
	w = xcalloc(m->narms, sizeof(*w));
	for (i = 0; i < m->narms; i++) {
		counts[i] = (double)m->arms[i].n;
		w[i] = ab->nw > 0 ? -1 : 1;
		for (j = 0; j < ab->nw; j++)
			if (strcmp(ab->wnames[j], m->arms[i].name) == 0)
				w[i] = ab->wvals[j];
		if (w[i] < 0)
			pp_die(PP_EXIT_DATA, "--weights: variant '%s' of the "
			    "data has no weight", m->arms[i].name);
	}
	srm_p = chisq_gof(counts, w, m->narms, &st);
	srm = srm_p < 0.001;
	if (srm)
		*srm_any = 1;
	free(counts);
	free(w);

	nv = m->narms - 1;
	k = xcalloc(nv, sizeof(*k));
	p = xcalloc(nv, sizeof(*p));
	padj = xcalloc(nv, sizeof(*padj));
	for (i = 0, j = 0; i < m->narms; i++) {
		if (&m->arms[i] == c)
			continue;
		if (ab->sequential)
			sequential(ab, c, &m->arms[i], &k[j]);
		else
			compare(ab, c, &m->arms[i], &k[j]);
		p[j] = isnan(k[j].p) ? 1 : k[j].p;
		j++;
	}
	if (ab->correct == CORR_HOLM)
		p_adjust_holm(p, nv, padj);
	else if (ab->correct == CORR_BH)
		p_adjust_bh(p, nv, padj);
	else
		memcpy(padj, p, nv * sizeof(*p));

	alpha = 1 - ab->confidence;
	arm_record(ab, m, c, c->name);
	rec_put(&ab->r, "diff", "");
	rec_put(&ab->r, "diff_pct", "");
	rec_put(&ab->r, "diff_lo", "");
	rec_put(&ab->r, "diff_hi", "");
	rec_put(&ab->r, "diff_pct_lo", "");
	rec_put(&ab->r, "diff_pct_hi", "");
	rec_put(&ab->r, "test", "");
	rec_put(&ab->r, "statistic", "");
	rec_put(&ab->r, "p_value", "");
	rec_put(&ab->r, "p_adjusted", "");
	rec_put_num(&ab->r, "srm_p", srm_p);
	rec_put(&ab->r, "verdict", verdicts[V_CONTROL]);
	wr_record(ab->out, &ab->r);
	for (i = 0, j = 0; i < m->narms; i++) {
		struct arm *a = &m->arms[i];
		struct outcome o;
		int v;

		if (a == c)
			continue;
		if (srm)
			v = V_SRM;
		else if ((long)a->n < ab->min_samples ||
		    (long)c->n < ab->min_samples)
			v = V_INSUFFICIENT;
		else if (padj[j] < alpha && (k[j].pct_lo > ab->min_effect * 100 ||
		    k[j].pct_hi < -ab->min_effect * 100))
			v = (k[j].diff_pct < 0) == (m->better == BETTER_LOWER) ?
			    V_FASTER : V_SLOWER;
		else
			v = V_NO_CHANGE;
		if (v == V_SLOWER && ab->fail_slower)
			ab->failed = 1;
		arm_record(ab, m, a, c->name);
		rec_put_num(&ab->r, "diff", k[j].diff);
		rec_put_num(&ab->r, "diff_pct", k[j].diff_pct);
		rec_put_num(&ab->r, "diff_lo", k[j].lo);
		rec_put_num(&ab->r, "diff_hi", k[j].hi);
		rec_put_num(&ab->r, "diff_pct_lo", k[j].pct_lo);
		rec_put_num(&ab->r, "diff_pct_hi", k[j].pct_hi);
		rec_put(&ab->r, "test", k[j].test);
		rec_put_num(&ab->r, "statistic", k[j].stat);
		rec_put_num(&ab->r, "p_value", k[j].p);
		rec_put_num(&ab->r, "p_adjusted", padj[j]);
		rec_put_num(&ab->r, "srm_p", srm_p);
		rec_put(&ab->r, "verdict", verdicts[v]);
		wr_record(ab->out, &ab->r);

		memset(&o, 0, sizeof(o));
		o.verdict = v;
		o.ratio = 1 + k[j].diff_pct / 100;
		if (m->better == BETTER_HIGHER && o.ratio > 0)
			o.ratio = 1 / o.ratio;
		{
			struct moments mo;
			size_t t;

			memset(&mo, 0, sizeof(mo));
			for (t = 0; t < c->n; t++)
				moments_add(&mo, c->v[t]);
			o.sd = moments_sd(&mo);
			o.mean_c = mo.mean;
		}
		o.n = a->n < c->n ? a->n : c->n;
		{
			size_t vi = variant_index(ab, a->name);

			outs[vi] = xreallocarray(outs[vi], nouts[vi] + 1,
			    sizeof(**outs));
			outs[vi][nouts[vi]++] = o;
		}
		j++;
	}
	free(k);
	free(p);
	free(padj);
}

/* The last record: the winner and the decision, over every metric. */
static void
decide(struct ab *ab, struct outcome **outs, size_t *nouts, int srm_any)
{
	struct rec *r = &ab->r;
	const char *winner = "", *decision;
	double best = INFINITY, gm, needed = 0, need;
	size_t i, j;
	int any_slower = 0, any_judged = 0, faster, slower;

	for (i = 0; i < ab->nvlist; i++) {
		if (nouts[i] == 0)
			continue;
		faster = slower = 0;
		gm = 0;
		for (j = 0; j < nouts[i]; j++) {
			any_judged |= outs[i][j].verdict != V_INSUFFICIENT;
			faster |= outs[i][j].verdict == V_FASTER;
			slower |= outs[i][j].verdict == V_SLOWER;
			gm += log(outs[i][j].ratio > 0 ? outs[i][j].ratio : 1);
			if (outs[i][j].verdict == V_NO_CHANGE &&
			    outs[i][j].mean_c != 0 && ab->min_effect > 0) {
				/* on logs the effect is log(1 + e) */
				need = sample_size(ab->log ?
				    log1p(ab->min_effect) : ab->min_effect *
				    fabs(outs[i][j].mean_c), outs[i][j].sd,
				    1 - ab->confidence, 0.8);
				if (need > (double)outs[i][j].n && need > needed)
					needed = need;
			}
		}
		gm = exp(gm / (double)nouts[i]);
		any_slower |= slower;
		if (faster && !slower && gm < best) {
			best = gm;
			winner = ab->vlist[i];
		}
	}
	if (srm_any)
		decision = "stop_srm";
	else if (*winner != '\0')
		decision = "promote";
	else if (!any_judged) {
		/* too few values anywhere: more are needed, at least so many */
		decision = "continue";
		needed = (double)ab->min_samples;
	} else if (any_slower || needed == 0)
		decision = "keep_control";
	else
		decision = "continue";
	rec_clear(r);
	rec_put(r, "metric", "");
	rec_put(r, "variant", "");
	rec_put(r, "winner", srm_any ? "" : winner);
	rec_put(r, "decision", decision);
	rec_put_num(r, "gmean_ratio", isinf(best) || srm_any ? NAN : best);
	rec_put_num(r, "needed_per_arm", strcmp(decision, "continue") == 0 ?
	    needed : NAN);
	wr_record(ab->out, r);
}

static void
plan(struct ab *ab, char **files, size_t nfiles)
{
	struct rec *r = &ab->r;
	double alpha = 1 - ab->confidence, sd, mean;
	size_t i, j;

	if (ab->sd > 0) {
		rec_clear(r);
		rec_put(r, "metric", "");
		rec_put_num(r, "mde_pct", ab->mde * 100);
		rec_put_num(r, "power", ab->power);
		rec_put_num(r, "alpha", alpha);
		rec_put_num(r, "cv", ab->sd);
		rec_put_num(r, "n_per_arm", sample_size(ab->mde, ab->sd, alpha,
		    ab->power));
		wr_record(ab->out, r);
		return;
	}
	(void)files;
	(void)nfiles;
	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;
		struct moments mo;

		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < m->arms[0].n; j++)
			moments_add(&mo, m->arms[0].v[j]);
		sd = moments_sd(&mo);
		mean = mo.mean;
		rec_clear(r);
		rec_put(r, "metric", m->name);
		rec_put_num(r, "mde_pct", ab->mde * 100);
		rec_put_num(r, "power", ab->power);
		rec_put_num(r, "alpha", alpha);
		rec_put_num(r, "cv", mean != 0 ? sd / fabs(mean) : NAN);
		rec_put_num(r, "n_per_arm", mean != 0 && sd > 0 ?
		    sample_size(ab->mde * fabs(mean), sd, alpha, ab->power) :
		    NAN);
		wr_record(ab->out, r);
	}
}

/* Given on the command line: the abtest: section does not override. */
enum { G_CONFIDENCE, G_MIN_EFFECT, G_MIN_SAMPLES, G_CORRECT, G_TEST,
	G_RESAMPLES, G_N };
static int given[G_N];

/*
 * The abtest: section: defaults for analyze.  Every value is checked;
 * an option given on the command line wins.
 */
static void
load_config(struct ab *ab, const struct cnode *root)
{
	static const char *const keys[] = { "confidence", "min_effect",
	    "min_samples", "correct", "test", "resamples", NULL };
	const struct cnode *sec = conf_get(root, "abtest"), *n;
	double v;

	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping of abtest settings");
	conf_check_keys(sec, keys);
	if ((n = conf_get(sec, "confidence")) != NULL) {
		v = conf_percent(n);
		if (v <= 0 || v >= 1)
			conf_die(n, "confidence: '%s' is not between 0%% and "
			    "100%%", n->str);
		if (!given[G_CONFIDENCE])
			ab->confidence = v;
	}
	if ((n = conf_get(sec, "min_effect")) != NULL) {
		if ((v = conf_percent(n)) < 0 || v > 10)
			conf_die(n, "min_effect: '%s' is not from 0%% to "
			    "1000%%", n->str);
		if (!given[G_MIN_EFFECT])
			ab->min_effect = v;
	}
	if ((n = conf_get(sec, "min_samples")) != NULL) {
		v = conf_number(n);
		if (v < 5 || v > 1e9 || v != floor(v))
			conf_die(n, "min_samples: '%s' is not a whole number "
			    "from 5 to 1000000000", n->str);
		if (!given[G_MIN_SAMPLES])
			ab->min_samples = (long)v;
	}
	if ((n = conf_get(sec, "correct")) != NULL) {
		int c = conf_word(n, "correct", correct_words);

		if (!given[G_CORRECT])
			ab->correct = c;
	}
	if ((n = conf_get(sec, "test")) != NULL) {
		int t = conf_word(n, "test", test_words);

		if (!given[G_TEST])
			ab->test = t;
	}
	if ((n = conf_get(sec, "resamples")) != NULL) {
		v = conf_number(n);
		if (v < 100 || v > 1e7 || v != floor(v))
			conf_die(n, "resamples: '%s' is not a whole number "
			    "from 100 to 10000000", n->str);
		if (!given[G_RESAMPLES])
			ab->resamples = (long)v;
	}
}

static void
parse_options(int argc, char *argv[], struct ab *ab, char ***files,
    size_t *nfiles)
{
	int ch;
	long n;
	double v;

	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		}
		if (argc >= 2 && (strcmp(argv[1], "-V") == 0 ||
		    strcmp(argv[1], "--version") == 0))
			pp_common_opt(&ab->c, 'V', NULL);
		pp_usage_error("a command is needed: assign or analyze");
	}
	if (strcmp(argv[1], "analyze") == 0)
		ab->analyze = 1;
	else if (strcmp(argv[1], "assign") != 0)
		pp_usage_error("unknown command '%s': assign or analyze",
		    argv[1]);
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&ab->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_KEY_FIELD:
			ab->key_field = optarg;
			break;
		case OPT_VARIANTS:
			parse_weights("--variants", optarg, &ab->vnames,
			    &ab->weights, &ab->nv);
			break;
		case OPT_SEED:
			ab->seed = optarg;
			if (ab->analyze) {
				if (parse_long(optarg, 0, 0x7fffffffL, &n) != 0)
					pp_usage_error("--seed: '%s' is not a "
					    "whole number", optarg);
				ab->bseed = (unsigned long long)n;
			}
			break;
		case OPT_COVERAGE:
			ab->coverage = opt_percent("--coverage", optarg, 0, 1,
			    0);
			break;
		case OPT_VARIANT_FIELD:
			ab->variant_field = optarg;
			break;
		case OPT_CONTROL:
			ab->control = optarg;
			break;
		case OPT_TEST:
			given[G_TEST] = 1;
			ab->test = opt_word("--test", optarg, test_words);
			break;
		case OPT_LOG:
			ab->log = 1;
			break;
		case OPT_QUANTILE:
			if (parse_double(optarg, &v) != 0 || v <= 0 || v >= 1)
				pp_usage_error("--quantile: '%s' is not a "
				    "number between 0 and 1", optarg);
			ab->quantile = v;
			ab->test = TEST_QUANTILE;
			given[G_TEST] = 1;
			break;
		case OPT_RESAMPLES:
			ab->resamples = opt_count("--resamples", optarg, 100,
			    10000000);
			given[G_RESAMPLES] = 1;
			break;
		case OPT_CONFIDENCE:
			ab->confidence = opt_percent("--confidence", optarg,
			    0.5, 1, PCT_LO_OPEN | PCT_HI_OPEN);
			given[G_CONFIDENCE] = 1;
			break;
		case OPT_CORRECT:
			given[G_CORRECT] = 1;
			ab->correct = opt_word("--correct", optarg,
			    correct_words);
			break;
		case OPT_MIN_EFFECT:
			ab->min_effect = opt_percent("--min-effect", optarg,
			    0, 10, 0);
			given[G_MIN_EFFECT] = 1;
			break;
		case OPT_MIN_SAMPLES:
			ab->min_samples = opt_count("--min-samples", optarg, 5,
			    OPT_COUNT_MAX);
			given[G_MIN_SAMPLES] = 1;
			break;
		case OPT_WEIGHTS:
			parse_weights("--weights", optarg, &ab->wnames,
			    &ab->wvals, &ab->nw);
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "slower") != 0)
				pp_usage_error("--fail-on: '%s' is not slower",
				    optarg);
			ab->fail_slower = 1;
			break;
		case OPT_SEQUENTIAL:
			ab->sequential = 1;
			break;
		case OPT_PLAN:
			ab->plan = 1;
			break;
		case OPT_MDE:
			ab->mde = opt_percent("--mde", optarg, 0, 10,
			    PCT_LO_OPEN | PCT_HI_OPEN);
			break;
		case OPT_POWER:
			ab->power = opt_percent("--power", optarg, 0, 1,
			    PCT_LO_OPEN | PCT_HI_OPEN);
			break;
		case OPT_SD:
			if (parse_percent(optarg, &v) != 0 || v <= 0)
				pp_usage_error("--sd: '%s' is not a positive "
				    "coefficient of variation (e.g. 30%%)",
				    optarg);
			/* a bare number is the ratio itself, not percent */
			ab->sd = strchr(optarg, '%') != NULL ? v : v * 100;
			break;
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	if (ab->log && ab->sequential)
		pp_usage_error("--log and --sequential: choose one");
	if (ab->log) {
		if (given[G_TEST] && ab->test != TEST_WELCH)
			pp_usage_error("--log runs Welch's test on log values: "
			    "it goes with --test welch only");
		ab->test = TEST_WELCH;
		given[G_TEST] = 1;
	}
	if (!ab->analyze) {
		if (ab->key_field == NULL || ab->nv == 0)
			pp_usage_error("assign needs --key-field and --variants");
		if (ab->seed == NULL)
			ab->seed = "";
	} else if (ab->plan && ab->mde <= 0)
		pp_usage_error("--plan needs --mde");
	else if (ab->plan && ab->sd <= 0 && *nfiles == 0)
		pp_usage_error("--plan needs --sd or a pilot FILE");
}

int
main(int argc, char *argv[])
{
	struct ab ab;
	struct cnode *conf;
	struct outcome **outs;
	size_t *nouts, i, j, maxarms = 0;
	char **files;
	size_t nfiles;
	int srm_any = 0;

	pp_setprog(argv[0]);
	memset(&ab, 0, sizeof(ab));
	pp_common_init(&ab.c);
	ab.coverage = 1;
	ab.variant_field = "variant";
	ab.confidence = 0.95;
	ab.min_effect = 0.01;
	ab.min_samples = 5;
	ab.resamples = 10000;
	ab.bseed = 1;
	ab.power = 0.8;
	hmap_init(&ab.metrics);
	rec_init(&ab.r);
	parse_options(argc, argv, &ab, &files, &nfiles);
	conf = conf_load(ab.c.config);
	conf_metrics(conf, &ab.mc);
	load_config(&ab, conf);

	if (!ab.analyze) {
		assign(&ab, files, nfiles);
	} else if (ab.plan && ab.sd > 0) {
		ab.out = wr_open(stdout, "standard output",
		    pp_output_format(&ab.c, 1, FMT_CSV));
		plan(&ab, files, nfiles);
	} else {
		read_values(&ab, files, nfiles);
		ab.out = wr_open(stdout, "standard output", ab.c.out_fmt);
		if (ab.metrics.n == 0)
			pp_die(PP_EXIT_DATA, "no records with a variant field "
			    "('%s') and a value", ab.variant_field);
		if (ab.plan)
			plan(&ab, files, nfiles);
		else {
			/* --weights names every variant, before any output */
			for (i = 0; ab.nw > 0 && i < ab.metrics.n; i++) {
				struct metric_set *m = ab.metrics.ent[i].val;
				size_t k;

				for (j = 0; j < m->narms; j++) {
					for (k = 0; k < ab.nw; k++)
						if (strcmp(ab.wnames[k],
						    m->arms[j].name) == 0)
							break;
					if (k == ab.nw)
						pp_die(PP_EXIT_DATA, "--weights: "
						    "variant '%s' of the data "
						    "has no weight",
						    m->arms[j].name);
				}
			}
			/* --control is in every metric, before any output */
			for (i = 0; ab.control != NULL && i < ab.metrics.n;
			    i++) {
				struct metric_set *m = ab.metrics.ent[i].val;

				for (j = 0; j < m->narms; j++)
					if (strcmp(m->arms[j].name,
					    ab.control) == 0)
						break;
				if (j == m->narms && m->narms > 1)
					pp_usage_error("--control: '%s' is not "
					    "a variant in the data", ab.control);
			}
			maxarms = ab.nvlist;
			outs = xcalloc(maxarms, sizeof(*outs));
			nouts = xcalloc(maxarms, sizeof(*nouts));
			for (i = 0; i < ab.metrics.n; i++)
				analyze_metric(&ab, ab.metrics.ent[i].val,
				    outs, nouts, &srm_any);
			decide(&ab, outs, nouts, srm_any);
			for (i = 0; i < maxarms; i++)
				free(outs[i]);
			free(outs);
			free(nouts);
		}
	}
	wr_close(ab.out);
	pp_badrec_finish();

	for (i = 0; i < ab.metrics.n; i++) {
		struct metric_set *m = ab.metrics.ent[i].val;

		for (j = 0; j < m->narms; j++) {
			free(m->arms[j].name);
			free(m->arms[j].v);
		}
		free(m->arms);
		free(m);
	}
	hmap_free(&ab.metrics);
	for (i = 0; i < ab.nvlist; i++)
		free(ab.vlist[i]);
	free(ab.vlist);
	for (i = 0; i < ab.nv; i++)
		free(ab.vnames[i]);
	free(ab.vnames);
	free(ab.weights);
	for (i = 0; i < ab.nw; i++)
		free(ab.wnames[i]);
	free(ab.wnames);
	free(ab.wvals);
	rec_free(&ab.r);
	metric_conf_free(&ab.mc);
	conf_free(conf);
	pp_common_free(&ab.c);
	return pp_close_stdout(ab.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
