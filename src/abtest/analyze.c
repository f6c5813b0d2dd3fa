/*
 * pp-abtest analyze: values read by metric and variant, a record per
 * arm with its verdict against the control (after the sample ratio
 * check and the correction over variants), and the decision.  Also
 * bandit's reading: the values of one metric, weighed by bandit.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abtest.h"
#include "diag.h"
#include "htest.h"
#include "human.h"
#include "rd.h"
#include "stats.h"
#include "units.h"

static const char *const verdicts[] = { "control", "faster", "slower",
    "no_change", "insufficient_data", "srm" };

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

struct arm *
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

void
arm_push(struct arm *a, double v)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	a->v[a->n++] = v;
}

/*
 * The period of --weights-file that record r falls in, or -1, a bad
 * record, when it has no time or one before the first period.
 */
static long
record_period(const struct ab *ab, const struct rec *r)
{
	pp_time t;
	long pi;

	if (metric_time_checked(r, &ab->c, &t) != 0)
		return -1;
	if ((pi = period_of(ab, t)) < 0) {
		char tb[PP_TIME_LEN];

		pp_badrec(r->file, r->line, "time %s is before the first "
		    "period of %s", time_format(t, tb), ab->weights_file);
	}
	return pi;
}

/* Appends v to a, and counts it in period pi of --weights-file (-1: none). */
static void
value_add(const struct ab *ab, struct arm *a, double v, long pi)
{
	arm_push(a, ab->log ? log(v) : v);
	if (pi < 0)
		return;
	if (a->pn == NULL)
		a->pn = xcalloc(ab->nperiods, sizeof(*a->pn));
	a->pn[pi]++;
}

void
read_values(struct ab *ab, char **files, size_t nfiles)
{
	const struct metric_names *mn = mnames();
	const char *n_var = interns(ab->variant_field);
	const char *n_unit = ab->unit_field ? interns(ab->unit_field) : NULL;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap_entry *e;
	struct metric_set *m;
	const char *var, *metric, *u, *base, *key = NULL;
	double v, f;
	size_t vi;
	long pi = -1;

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
		if (metric_value_checked(r, &ab->c, &v) != 0)
			continue;
		if (ab->nperiods > 0 && (pi = record_period(ab, r)) < 0)
			continue;
		if (n_unit != NULL && ((key = rec_get(r, n_unit)) == NULL ||
		    *key == '\0')) {
			pp_badrec(r->file, r->line, "field '%s' is missing: "
			    "no unit", ab->unit_field);
			continue;
		}
		u = rec_get(r, mn->unit);
		if (unit_base(u, &base, &f) == 0)
			v *= f;
		else
			base = "";
		if (ab->log && v <= 0) {
			pp_badrec(r->file, r->line, "field '%s': '%s' is not "
			    "positive: no logarithm", ab->c.field,
			    rec_get(r, ab->c.field));
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
			m->better = metric_better(&ab->mc, metric, base);
			hmap_init(&m->byunit);
		}
		vi = variant_index(ab, var);
		if (n_unit != NULL)
			unit_add(ab, m, r, key, vi, v);
		else
			value_add(ab, arm_of(m, var), v, pi);
	}
	rd_close(rd);
	if (n_unit != NULL)
		unit_finish(ab);
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

/* Sorts every arm's values; the control arm, ab->control. */
static struct arm *
control_of(struct ab *ab, struct metric_set *m)
{
	struct arm *c = NULL;
	size_t i;

	for (i = 0; i < m->narms; i++) {
		qsort(m->arms[i].v, m->arms[i].n, sizeof(double), cmp_dbl);
		if (strcmp(m->arms[i].name, ab->control) == 0)
			c = &m->arms[i];
	}
	if (c == NULL)
		abort();	/* check_variants saw that it is there */
	return c;
}

/*
 * The expected counts of m's arms from the periods of --weights-file,
 * into w: the sum over periods of the period's count times the weight
 * of the arm then.
 */
static void
srm_expected(const struct ab *ab, const struct metric_set *m, double *w)
{
	char **names = xcalloc(m->narms, sizeof(*names));
	double **pn = xcalloc(m->narms, sizeof(*pn));
	double *zero = xcalloc(ab->nperiods, sizeof(*zero));
	size_t i, missing;

	for (i = 0; i < m->narms; i++) {
		names[i] = m->arms[i].name;
		pn[i] = m->arms[i].pn != NULL ? m->arms[i].pn : zero;
	}
	if (period_expected(ab->periods, ab->nperiods, names, pn, m->narms,
	    w, &missing) != 0)
		pp_die(PP_EXIT_DATA, "%s: variant '%s' of the data has no "
		    "weight in any period", ab->weights_file,
		    m->arms[missing].name);
	free(names);
	free(pn);
	free(zero);
}

/*
 * The sample ratio check: counts against the expected split, that of
 * --weights, or of the periods of --weights-file.
 */
static double
srm_check(const struct ab *ab, const struct metric_set *m)
{
	double *counts, *w, st, srm_p;
	size_t i, j;

	counts = xcalloc(m->narms, sizeof(*counts));
	w = xcalloc(m->narms, sizeof(*w));
	for (i = 0; i < m->narms; i++) {
		counts[i] = (double)m->arms[i].n;
		w[i] = ab->nw > 0 ? -1 : 1;
		for (j = 0; j < ab->nw; j++)
			if (strcmp(ab->wnames[j], m->arms[i].name) == 0)
				w[i] = ab->wvals[j];
		if (w[i] < 0)
			pp_die(PP_EXIT_DATA, "%s: variant '%s' of the "
			    "data has no weight", ab->wsource,
			    m->arms[i].name);
	}
	/* expected counts in proportion are weights all the same */
	if (ab->nperiods > 0)
		srm_expected(ab, m, w);
	srm_p = chisq_gof(counts, w, m->narms, &st);
	free(counts);
	free(w);
	return srm_p;
}

/* Each variant against c into k[], and the p-values corrected into padj[]. */
static void
compare_all(struct ab *ab, const struct metric_set *m, const struct arm *c,
    struct compare *k, double *padj)
{
	size_t i, j, nv = m->narms - 1;
	double *p = xcalloc(nv, sizeof(*p));

	for (i = 0, j = 0; i < m->narms; i++) {
		if (&m->arms[i] == c)
			continue;
		if (ab->engine == ENGINE_BAYES)
			bayes(ab, m, c, &m->arms[i], &k[j]);
		else if (ab->sequential)
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
	free(p);
}

static void
control_record(struct ab *ab, const struct metric_set *m,
    const struct arm *c, double srm_p)
{
	arm_record(ab, m, c, c->name);
	rec_put(&ab->r, "diff", "");
	rec_put(&ab->r, "diff_pct", "");
	rec_put(&ab->r, "diff_lo", "");
	rec_put(&ab->r, "diff_hi", "");
	rec_put(&ab->r, "diff_pct_lo", "");
	rec_put(&ab->r, "diff_pct_hi", "");
	rec_put(&ab->r, "test", "");
	if (ab->engine == ENGINE_BAYES) {
		rec_put(&ab->r, "chance_to_win", "");
		rec_put(&ab->r, "expected_loss", "");
	} else {
		rec_put(&ab->r, "statistic", "");
		rec_put(&ab->r, "p_value", "");
		rec_put(&ab->r, "p_adjusted", "");
	}
	rec_put_num(&ab->r, "srm_p", srm_p);
	rec_put(&ab->r, "verdict", verdicts[V_CONTROL]);
	if (ab->out != NULL)
		wr_record(ab->out, &ab->r);
}

/* The verdict of variant a against control c, k its comparison. */
static int
verdict_of(const struct ab *ab, const struct metric_set *m,
    const struct arm *a, const struct arm *c, const struct compare *k,
    double padj, int srm)
{
	double alpha = 1 - ab->confidence;
	int d;

	if (srm)
		return V_SRM;
	else if ((long)a->n < ab->min_samples ||
	    (long)c->n < ab->min_samples)
		return V_INSUFFICIENT;
	if (ab->engine == ENGINE_BAYES)
		return bayes_verdict(ab, k);
	d = shift_verdict(padj, alpha, k->pct_lo, k->pct_hi,
	    ab->min_effect * 100);
	if (d == 0)
		return V_NO_CHANGE;
	return (d < 0) == (m->better == BETTER_LOWER) ? V_FASTER : V_SLOWER;
}

static void
variant_record(struct ab *ab, const struct metric_set *m,
    const struct arm *a, const struct arm *c, const struct compare *k,
    double padj, double srm_p, int v)
{
	arm_record(ab, m, a, c->name);
	rec_put_num(&ab->r, "diff", k->diff);
	rec_put_num(&ab->r, "diff_pct", k->diff_pct);
	rec_put_num(&ab->r, "diff_lo", k->lo);
	rec_put_num(&ab->r, "diff_hi", k->hi);
	rec_put_num(&ab->r, "diff_pct_lo", k->pct_lo);
	rec_put_num(&ab->r, "diff_pct_hi", k->pct_hi);
	rec_put(&ab->r, "test", k->test);
	if (ab->engine == ENGINE_BAYES) {
		/* the loss in percent, as diff_pct */
		rec_put_num(&ab->r, "chance_to_win", k->ctw);
		rec_put_num(&ab->r, "expected_loss", k->loss * 100);
	} else {
		rec_put_num(&ab->r, "statistic", k->stat);
		rec_put_num(&ab->r, "p_value", k->p);
		rec_put_num(&ab->r, "p_adjusted", padj);
	}
	rec_put_num(&ab->r, "srm_p", srm_p);
	rec_put(&ab->r, "verdict", verdicts[v]);
	if (ab->out != NULL)
		wr_record(ab->out, &ab->r);
}

/*
 * The check of variant a against control c for CI (gate.h): slower
 * fails, a sample ratio mismatch warns, too few values skip.
 */
static void
gate_arm(struct ab *ab, const struct metric_set *m, const struct arm *a,
    const struct arm *c, const struct compare *k, double padj,
    double srm_p, int v)
{
	struct buf cls = BUF_INIT, msg = BUF_INIT;
	enum gate_verdict gv = GATE_PASS;
	const char *what = ab->unit_field != NULL ? "unit" : "value";

	if (ab->gate == NULL)
		return;
	buf_printf(&cls, "pp-abtest.%s", m->name);
	if (v == V_SLOWER) {
		gv = GATE_FAIL;
		buf_printf(&msg, "%s slower than %s: %+.3g%% (%.3g%% interval "
		    "%+.3g%% to %+.3g%%), ", a->name, c->name, k->diff_pct,
		    ab->confidence * 100, k->pct_lo, k->pct_hi);
		if (ab->engine == ENGINE_BAYES)
			buf_printf(&msg, "%s chance to win %.2g", k->test,
			    k->ctw);
		else
			buf_printf(&msg, "%s p %.2g", k->test, padj);
	} else if (v == V_SRM) {
		gv = GATE_WARN;
		buf_printf(&msg, "sample ratio mismatch: %zu %ss of %s, "
		    "%zu of %s (p %.2g)", a->n, what, a->name, c->n, c->name,
		    srm_p);
	} else if (v == V_INSUFFICIENT) {
		gv = GATE_SKIP;
		buf_printf(&msg, "insufficient data: %zu %s%s of %s, %zu "
		    "of %s, %ld needed", a->n, what, a->n == 1 ? "" : "s",
		    a->name, c->n, c->name, ab->min_samples);
	}
	gate_case(ab->gate, buf_nul(&cls), a->name, gv, buf_nul(&msg));
	buf_free(&cls);
	buf_free(&msg);
}

/* Keeps a's outcome against c for the decision, under a's variant. */
static void
add_outcome(struct ab *ab, const struct metric_set *m, const struct arm *a,
    const struct arm *c, const struct compare *k, int v,
    struct outcome **outs, size_t *nouts)
{
	struct outcome o;

	memset(&o, 0, sizeof(o));
	o.verdict = v;
	o.ratio = 1 + k->diff_pct / 100;
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
}

/* Appends x, a percentage, signed, for people. */
static void
pct_text(struct buf *b, double x)
{
	if (x > 0)
		buf_adds(b, "+");
	human_number(b, x, "percent", 0);
}

/*
 * Counts verdict v of a against c, and says the first of each kind in
 * ab->why, for rollout's reasons.
 */
static void
note_verdict(struct ab *ab, const struct metric_set *m, const struct arm *a,
    const struct arm *c, const struct compare *k, int v)
{
	struct buf b = BUF_INIT;
	const char *what = ab->unit_field != NULL ? "units" : "values";
	const char *of = *m->name ? " in " : "";

	if (ab->nverdict[v]++ > 0)
		return;
	if (v == V_SLOWER) {
		buf_printf(&b, "%s is slower than %s%s%s: ", a->name, c->name,
		    of, m->name);
		pct_text(&b, k->diff_pct);
		buf_printf(&b, ", %g%% interval ", ab->confidence * 100);
		pct_text(&b, k->pct_lo);
		buf_adds(&b, " to ");
		pct_text(&b, k->pct_hi);
	} else if (v == V_SRM)
		buf_printf(&b, "sample ratio mismatch%s%s: the %s are not "
		    "split as expected (p < 0.001)", of, m->name, what);
	else if (v == V_INSUFFICIENT)
		buf_printf(&b, "too few %s%s%s: %zu of %s, %zu of %s, %ld "
		    "needed", what, of, m->name, a->n, a->name, c->n, c->name,
		    ab->min_samples);
	else if (v == V_FASTER)
		buf_printf(&b, "%s is faster than %s%s%s", a->name, c->name,
		    of, m->name);
	else
		return;
	ab->why[v] = xstrdup(buf_nul(&b));
	buf_free(&b);
}

static void
analyze_metric(struct ab *ab, struct metric_set *m, struct outcome **outs,
    size_t *nouts, int *srm_any)
{
	struct arm *c;
	struct compare *k;
	double *padj, srm_p;
	size_t i, j, nv;
	int srm;

	c = control_of(ab, m);
	srm_p = srm_check(ab, m);
	srm = srm_p < 0.001;
	if (srm)
		*srm_any = 1;

	nv = m->narms - 1;
	k = xcalloc(nv, sizeof(*k));
	padj = xcalloc(nv, sizeof(*padj));
	compare_all(ab, m, c, k, padj);
	control_record(ab, m, c, srm_p);
	for (i = 0, j = 0; i < m->narms; i++) {
		struct arm *a = &m->arms[i];
		int v;

		if (a == c)
			continue;
		v = verdict_of(ab, m, a, c, &k[j], padj[j], srm);
		if (v == V_SLOWER && ab->fail_slower)
			ab->failed = 1;
		note_verdict(ab, m, a, c, &k[j], v);
		variant_record(ab, m, a, c, &k[j], padj[j], srm_p, v);
		gate_arm(ab, m, a, c, &k[j], padj[j], srm_p, v);
		add_outcome(ab, m, a, c, &k[j], v, outs, nouts);
		j++;
	}
	free(k);
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
	ab->decision = decision;
	ab->needed = needed;
	rec_clear(r);
	rec_put(r, "metric", "");
	rec_put(r, "variant", "");
	rec_put(r, "winner", srm_any ? "" : winner);
	rec_put(r, "decision", decision);
	rec_put_num(r, "gmean_ratio", isinf(best) || srm_any ? NAN : best);
	rec_put_num(r, "needed_per_arm", strcmp(decision, "continue") == 0 ?
	    needed : NAN);
	if (ab->out != NULL)
		wr_record(ab->out, r);
}

/* Two variants or more in each metric. */
static void
check_arms(const struct ab *ab)
{
	size_t i;

	for (i = 0; i < ab->metrics.n; i++) {
		const struct metric_set *m = ab->metrics.ent[i].val;

		if (m->narms == 0)
			pp_die(PP_EXIT_DATA, "no unit in one variant only%s%s: "
			    "nothing to compare", *m->name ? " of " : "",
			    m->name);
		if (m->narms < 2)
			pp_die(PP_EXIT_DATA, "only one variant ('%s')%s%s: "
			    "nothing to compare", m->arms[0].name,
			    *m->name ? " of " : "", m->name);
	}
}

/*
 * Sets ab->control: --control; else a variant named control; else the
 * first of the weights.  Never the first variant seen, which depends on
 * the order of the records.  Returns where it came from.
 */
static const char *
choose_control(struct ab *ab)
{
	size_t i;

	if (ab->control != NULL)
		return "--control";
	for (i = 0; i < ab->nvlist; i++)
		if (strcmp(ab->vlist[i], "control") == 0) {
			ab->control = ab->vlist[i];
			return "the variant named control";
		}
	if (ab->nw > 0) {
		ab->control = ab->wnames[0];
		return strcmp(ab->wsource, "--weights") == 0 ?
		    "the first of --weights" : "the first of abtest: weights";
	}
	pp_usage_error("no control: name it with --control, call a variant "
	    "'control' or list it first in --weights");
}

/* --weights names every variant, the control is in every metric. */
static void
check_variants(struct ab *ab, const char *source)
{
	size_t i, j;

	for (i = 0; ab->nw > 0 && i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;
		size_t k;

		for (j = 0; j < m->narms; j++) {
			for (k = 0; k < ab->nw; k++)
				if (strcmp(ab->wnames[k],
				    m->arms[j].name) == 0)
					break;
			if (k == ab->nw)
				pp_die(PP_EXIT_DATA, "%s: variant '%s' of the "
				    "data has no weight", ab->wsource,
				    m->arms[j].name);
		}
	}
	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;

		for (j = 0; j < m->narms; j++)
			if (strcmp(m->arms[j].name, ab->control) == 0)
				break;
		if (j < m->narms)
			continue;
		if (strcmp(source, "--control") == 0)
			pp_usage_error("--control: '%s' is not a variant in "
			    "the data", ab->control);
		pp_die(PP_EXIT_DATA, "the control, '%s' (%s), has no values%s%s",
		    ab->control, source, *m->name ? " of " : "", m->name);
	}
}

/* With --weights-file, every variant of the data is named by a period. */
static void
check_periods(const struct ab *ab)
{
	size_t i, j, p, k;

	for (i = 0; ab->nperiods > 0 && i < ab->metrics.n; i++) {
		const struct metric_set *m = ab->metrics.ent[i].val;

		for (j = 0; j < m->narms; j++) {
			for (p = 0; p < ab->nperiods; p++) {
				for (k = 0; k < ab->periods[p].n; k++)
					if (strcmp(ab->periods[p].names[k],
					    m->arms[j].name) == 0)
						break;
				if (k < ab->periods[p].n)
					break;
			}
			if (p == ab->nperiods)
				pp_die(PP_EXIT_DATA, "%s: variant '%s' of the "
				    "data has no weight in any period",
				    ab->weights_file, m->arms[j].name);
		}
	}
}

void
ab_check(struct ab *ab)
{
	check_arms(ab);
	check_periods(ab);
	check_variants(ab, choose_control(ab));
}

void
analyze(struct ab *ab)
{
	struct outcome **outs;
	size_t *nouts, i, maxarms;
	int srm_any = 0;

	ab_check(ab);	/* before any output */
	maxarms = ab->nvlist;
	outs = xcalloc(maxarms, sizeof(*outs));
	nouts = xcalloc(maxarms, sizeof(*nouts));
	for (i = 0; i < ab->metrics.n; i++)
		analyze_metric(ab, ab->metrics.ent[i].val,
		    outs, nouts, &srm_any);
	decide(ab, outs, nouts, srm_any);
	for (i = 0; i < maxarms; i++)
		free(outs[i]);
	free(outs);
	free(nouts);
}

/* The one metric of the data, whose arms the bandit weighs. */
static struct metric_set *
bandit_metric(struct ab *ab)
{
	if (ab->metrics.n == 0)
		pp_die(PP_EXIT_DATA, "no records with a variant field ('%s') "
		    "and a value", ab->variant_field);
	if (ab->metrics.n > 1) {
		const struct metric_set *m0 = ab->metrics.ent[0].val;
		const struct metric_set *m1 = ab->metrics.ent[1].val;

		pp_die(PP_EXIT_DATA, "the data has %zu metrics ('%s', '%s'%s): "
		    "a bandit weighs the variants of one", ab->metrics.n,
		    m0->name, m1->name, ab->metrics.n > 2 ? ", ..." : "");
	}
	return ab->metrics.ent[0].val;
}

/* The shares of the arms of m, by Thompson sampling or equal. */
static void
bandit_shares(const struct ab *ab, const struct metric_set *m,
    double *share)
{
	struct tarm *t = xcalloc(m->narms, sizeof(*t));
	struct moments mo;
	size_t i, j;
	int few = 0;

	for (i = 0; i < m->narms; i++) {
		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < m->arms[i].n; j++)
			moments_add(&mo, m->arms[i].v[j]);
		t[i].mean = mo.mean;
		t[i].sd = moments_sd(&mo);
		t[i].n = m->arms[i].n;
		few |= (long)t[i].n < ab->min_samples;
	}
	if (few)	/* no evidence yet: explore evenly */
		for (i = 0; i < m->narms; i++)
			share[i] = 1.0 / (double)m->narms;
	else
		thompson(t, m->narms, m->better, ab->draws,
		    (unsigned long)ab->bseed, share);
	free(t);
}

/*
 * The arms of m in an order of their own, the control first, then by
 * name: the draws and the --variants written are the same whatever
 * the order of the records, and assign keeps each unit's variant.
 */
static void
arms_order(struct metric_set *m, const char *control)
{
	struct arm a;
	size_t i, j;

	for (i = 1; i < m->narms; i++) {
		a = m->arms[i];
		for (j = i; j > 0 && (strcmp(a.name, control) == 0 ||
		    (strcmp(m->arms[j - 1].name, control) != 0 &&
		    strcmp(a.name, m->arms[j - 1].name) < 0)); j--)
			m->arms[j] = m->arms[j - 1];
		m->arms[j] = a;
	}
}

/* The floors of k variants that sum to over 100%: a usage error. */
static void __attribute__((noreturn))
min_weight_error(const struct ab *ab, size_t k)
{
	if (ab->control_weight > ab->min_weight && k == 2)
		pp_usage_error("--min-weight %g%% for the other variant and "
		    "--control-weight %g%% sum to over 100%%",
		    ab->min_weight * 100, ab->control_weight * 100);
	if (ab->control_weight > ab->min_weight)
		pp_usage_error("--min-weight %g%% for each of %zu other "
		    "variants and --control-weight %g%% sum to over 100%%",
		    ab->min_weight * 100, k - 1, ab->control_weight * 100);
	pp_usage_error("--min-weight %g%% for each of %zu variants sums to "
	    "over 100%%", ab->min_weight * 100, k);
}

void
bandit(struct ab *ab, char **files, size_t nfiles)
{
	struct metric_set *m;
	double *share, *w, cfloor;
	long *bp, *fbp;
	size_t i, c = 0;

	read_values(ab, files, nfiles);
	m = bandit_metric(ab);
	ab_check(ab);
	arms_order(m, ab->control);
	for (i = 0; i < m->narms; i++) {
		if (strcmp(m->arms[i].name, ab->control) == 0)
			c = i;
		if (strpbrk(m->arms[i].name, ",=") != NULL)
			pp_die(PP_EXIT_DATA, "variant '%s' has a ',' or '=': "
			    "no --variants can name it", m->arms[i].name);
	}
	cfloor = fmax(ab->min_weight, ab->control_weight);
	if (cfloor == 0)
		pp_usage_error("--min-weight 0%%: the control needs a weight "
		    "above 0, or the comparison ends: give --control-weight");
	if (cfloor + ab->min_weight * (double)(m->narms - 1) > 1 + 1e-9)
		min_weight_error(ab, m->narms);
	share = xcalloc(m->narms, sizeof(*share));
	w = xcalloc(m->narms, sizeof(*w));
	bp = xcalloc(m->narms, sizeof(*bp));
	fbp = xcalloc(m->narms, sizeof(*fbp));
	bandit_shares(ab, m, share);
	bandit_floor(share, m->narms, c, ab->min_weight, ab->control_weight,
	    w);
	for (i = 0; i < m->narms; i++)
		fbp[i] = (long)ceil((i == c ? cfloor : ab->min_weight) * BANDIT_BP -
		    1e-7);
	bandit_round(w, m->narms, fbp, bp);
	for (i = 0; i < m->narms; i++)
		printf("%s%s=%ld.%02ld", i ? "," : "", m->arms[i].name,
		    bp[i] / 100, bp[i] % 100);
	printf("\n");
	free(share);
	free(w);
	free(bp);
	free(fbp);
}

void
ab_free(struct ab *ab)
{
	size_t i, j;

	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;

		for (j = 0; j < m->narms; j++) {
			free(m->arms[j].name);
			free(m->arms[j].v);
			free(m->arms[j].pn);
		}
		free(m->arms);
		free(m);
	}
	hmap_free(&ab->metrics);
	unit_free(ab);
	for (i = 0; i < ab->nvlist; i++)
		free(ab->vlist[i]);
	free(ab->vlist);
	for (i = 0; i < ab->nv; i++)
		free(ab->vnames[i]);
	free(ab->vnames);
	free(ab->weights);
	for (i = 0; i < ab->nw; i++)
		free(ab->wnames[i]);
	free(ab->wnames);
	free(ab->wvals);
	periods_free(ab);
	for (i = 0; i < V_N; i++)
		free(ab->why[i]);
	free(ab->schedule);
}
