/*
 * pp-abtest's modules: the experiment's settings and values, assignment,
 * the statistical comparisons, the verdicts and the sample-size plan.
 */
#ifndef PP_ABTEST_H
#define PP_ABTEST_H

#include <stddef.h>

#include "clock.h"
#include "conf.h"
#include "hmap.h"
#include "metric.h"
#include "opts.h"
#include "rec.h"
#include "gate.h"
#include "wr.h"

enum { TEST_MW, TEST_WELCH, TEST_QUANTILE };
enum { CORR_HOLM, CORR_BH, CORR_NONE };
enum { V_CONTROL, V_FASTER, V_SLOWER, V_NO_CHANGE, V_INSUFFICIENT, V_SRM,
	V_N };
enum { CMD_ASSIGN, CMD_ANALYZE, CMD_BANDIT, CMD_ROLLOUT };

enum { AGG_MEAN, AGG_MEDIAN, AGG_SUM };
enum { ENGINE_FREQ, ENGINE_BAYES };

/* One variant's values of one metric, sorted once they are all read. */
struct arm {
	char	*name;
	double	*v;
	size_t	 n, cap;
	double	*pn;		/* --weights-file: the count of each period */
};

/* A period of --weights-file: the split in force from a time on. */
struct period {
	pp_time	 from;
	char	**names;
	double	*w;		/* scaled to sum to 1 */
	size_t	 n;
	unsigned long line;	/* of the weights file, for messages */
};

/* One metric's arms; name is borrowed from the metrics map's key. */
struct metric_set {
	const char	*name;
	int		 better;
	const char	*unit;
	struct arm	*arms;
	size_t		 narms;
	struct hmap	 byunit;	/* --unit-field: unit -> struct uagg */
};

/* The options, what was read, and the output, for both commands. */
struct ab {
	struct pp_common c;
	int		 cmd;		/* CMD_ASSIGN ... */
	int		 analyze;	/* reads values: analyze, bandit, rollout */
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
	const char	*unit_field;	/* NULL: each value is a unit */
	int		 unit_agg;	/* AGG_MEAN, AGG_MEDIAN or AGG_SUM */
	struct hmap	 units;		/* unit -> struct unit: its variant */
	int		 test, log, correct, sequential, fail_slower, plan;
	double		 quantile, confidence, min_effect, mde, power, sd;
	long		 resamples, min_samples;
	unsigned long long bseed;
	char		**wnames;
	double		*wvals;
	size_t		 nw;
	const char	*wsource;	/* "--weights" or "abtest: weights" */
	/* --engine bayes: thresholds as ratios; prior_sd 0 is a flat prior */
	int		 engine;
	double		 win_threshold, max_risk, prior_mean, prior_sd;
	char		*weights_file;	/* --weights-file (optarg) */
	struct period	*periods;	/* in order of their from */
	size_t		 nperiods;
	/* bandit */
	long		 draws;
	double		 min_weight, control_weight;
	/* rollout */
	const char	*state;
	const char	*schedule_arg;	/* NULL: the default schedule */
	double		*schedule;	/* coverages, increasing, as ratios */
	size_t		 nschedule;
	/* what analyze found, for rollout */
	size_t		 nverdict[V_N];
	char		*why[V_N];	/* the first of each verdict, said */
	const char	*decision;	/* static */
	double		 needed;
	struct metric_conf mc;
	struct hmap	 metrics;
	char		**vlist;	/* every variant, in order of appearance */
	size_t		 nvlist;
	struct wr	*out;		/* NULL: no records (junit) */
	struct gate	*gate;		/* NULL: no CI output */
	int		 junit, github;	/* --output-format junit, --github */
	struct rec	 r;
	int		 failed;
};

/*
 * A variant against the control: the difference and the test's result;
 * of --engine bayes, the chance to win and the expected loss (a ratio
 * to the control) instead of the statistic and the p-value.
 */
struct compare {
	double	 diff, diff_pct, lo, hi, pct_lo, pct_hi, stat, p;
	double	 ctw, loss;
	const char *test;	/* a static string */
};

/* config.c */

/* The words of --test, --correct and --unit-agg (and of their keys). */
extern const struct opt_word ab_test_words[], ab_correct_words[],
	    ab_agg_words[];

/* Given on the command line: the abtest: section does not override. */
enum { G_CONFIDENCE, G_MIN_EFFECT, G_MIN_SAMPLES, G_CORRECT, G_TEST,
	G_RESAMPLES, G_UNIT_FIELD, G_UNIT_AGG, G_WEIGHTS, G_N };

/*
 * The abtest: section of root: defaults for analyze, each checked (exit 3
 * at its place); a setting with given[G_...] set keeps the option's value.
 */
void	 ab_load_config(struct ab *, const struct cnode *root,
	    const int *given);

/* assign.c */

/* Adds ab->variant_field to every record of files, written to stdout;
 * opens ab->out. */
void	 assign(struct ab *, char **, size_t);
/* Parses arg, NAME=WEIGHT,... (weights as numbers or percentages), onto
 * names, w and n, the weights scaled to sum to 1; the names are the
 * caller's to free.  A usage error (exit 2) names opt. */
void	 parse_weights(const char *opt, const char *arg, char ***names,
	    double **w, size_t *n);

/* analyze.c */

/* The arm of variant name in m, made empty if it is new. */
struct arm *arm_of(struct metric_set *, const char *name);
/* Appends v to a's values. */
void	 arm_push(struct arm *, double v);

/* Reads the values of files into ab->metrics, by metric and variant;
 * sets ab->c.out_fmt.  Exits 3 on an unreadable file. */
void	 read_values(struct ab *, char **, size_t);
/* Writes a record per arm of each metric and the decision to ab->out;
 * sets ab->failed when --fail-on slower is met.  Exits 3 when the data
 * cannot be compared. */
void	 analyze(struct ab *);
/* Frees what ab holds of the metrics and the variants. */
void	 ab_free(struct ab *);
/*
 * The checks of analyze before any output: two variants or more in every
 * metric (exit 3), and the control, chosen as analyze chooses it, in
 * every metric (exit 2 or 3).
 */
void	 ab_check(struct ab *);

/* bandit.c */

/* Assign's buckets: a weight is a whole number of ten-thousandths. */
#define BANDIT_BP	10000

/* One arm of Thompson sampling: its mean, sd and number of values. */
struct tarm {
	double	 mean, sd;
	size_t	 n;
};

/*
 * The share of draws in which each of the k arms is best, into share[k]:
 * each draw takes every arm's mean from its normal posterior
 * N(mean, sd^2/n), better lower or higher (BETTER_*), with GSL's
 * MT19937 seeded with seed.  Ties split the draw.
 */
void	 thompson(const struct tarm *, size_t k, int better, long draws,
	    unsigned long seed, double *share);
/*
 * The weights w[k] from the shares: every arm at least floor_w, arm
 * control at least control_w, and the rest, 1 less the floors, split by
 * the shares.  The floors must not sum to more than 1.
 */
void	 bandit_floor(const double *share, size_t k, size_t control,
	    double floor_w, double control_w, double *w);
/*
 * The weights w[k] in ten-thousandths that sum to 10000 (assign's
 * buckets), by the largest remainders, none below its floor_bp.
 */
void	 bandit_round(const double *w, size_t k, const long *floor_bp,
	    long *bp);
/* The bandit command: reads files, writes the --variants line. */
void	 bandit(struct ab *, char **, size_t);
/* Reads ab->weights_file into ab->periods; exits 3 at a bad line. */
void	 periods_load(struct ab *);
/*
 * The period of time t: the last whose from is not after it, or -1 when
 * t is before the first.
 */
long	 period_of(const struct ab *, pp_time t);
/*
 * The expected counts exp[k] of arms names[k] whose counts per period are
 * pn[k][p]: the sum over periods of the period's count times the arm's
 * weight then, the weights of the k arms scaled to sum to 1 in each
 * period.  Returns -1 with *missing the arm named in no period.
 */
int	 period_expected(const struct period *, size_t np, char *const *names,
	    double *const *pn, size_t k, double *exp, size_t *missing);
void	 periods_free(struct ab *);

/* rollout.c */

/*
 * Parses --schedule: percentages, increasing, above 0 and at most 100,
 * onto *sched and *n (owned by the caller).  A usage error (exit 2).
 */
void	 parse_schedule(const char *arg, double **sched, size_t *n);
/* The rollout command; returns the exit status. */
int	 rollout(struct ab *, char **, size_t);

/* unit.c */

/* Adds v, of record r in variant vi, to the aggregate of unit key in m;
 * the first record of a unit in a second variant is a bad record, and
 * the unit is left out. */
void	 unit_add(struct ab *, struct metric_set *, const struct rec *r,
	    const char *key, size_t vi, double v);
/* Puts one value per unit (its aggregate) into the arms of every metric,
 * leaving out the units seen in two variants; frees the aggregates. */
void	 unit_finish(struct ab *);
/* Frees ab->units. */
void	 unit_free(struct ab *);

/* compare.c */

/* Mean of a's values. */
double	 mean_of(const struct arm *);
/* Fills k with the fixed-horizon test of v against c (both sorted):
 * Mann-Whitney, Welch's t-test or the bootstrap of a quantile. */
void	 compare(struct ab *, const struct arm *, const struct arm *,
	    struct compare *);

/* sequential.c */

/* Fills k with the mixture SPRT of v against c: always-valid p-value
 * and interval. */
void	 sequential(struct ab *, const struct arm *, const struct arm *,
	    struct compare *);

/* bayes.c */

/* The words of --engine. */
extern const struct opt_word ab_engine_words[];

/* A sample's summary: its mean, sample variance and size. */
struct summary {
	double	 mean, var;
	size_t	 n;
};

/* The posterior of the change of a variant against the control. */
struct posterior {
	double	 mu, sd;	/* of d: relative change, or of log means */
	double	 ctw;		/* the chance that the variant is better */
	double	 loss;		/* E[max(0, loss)], relative to the control */
	double	 lo, hi;	/* credible interval of d */
};

/*
 * The posterior of d, the change of v against c, better BETTER_LOWER or
 * BETTER_HIGHER: with logs 0, d = (v.mean - c.mean) / |c.mean| by the
 * delta method; with logs 1, the means being of logarithms, d = v.mean -
 * c.mean.  A normal prior of d when prior_sd > 0, flat otherwise; conf
 * the level of the interval.  Returns -1 when there is none: an arm
 * with fewer than 2 values, a control mean of 0 without logs, or no
 * variance.
 */
int	 bayes_posterior(const struct summary *c, const struct summary *v,
	    int logs, int better, double prior_mean, double prior_sd,
	    double conf, struct posterior *);
/* Fills k with the posterior of v against control c (both of m). */
void	 bayes(const struct ab *, const struct metric_set *m,
	    const struct arm *c, const struct arm *v, struct compare *k);
/* V_FASTER, V_SLOWER or V_NO_CHANGE of k by --win-threshold and
 * --max-risk. */
int	 bayes_verdict(const struct ab *, const struct compare *k);

/* plan.c */

/* Writes the sample size per arm for --mde, from --sd or from each
 * metric's pilot values in ab->metrics. */
void	 plan(struct ab *, char **, size_t);

#endif /* PP_ABTEST_H */
