/*
 * pp-budget's modules: budgets as configured, and their evaluation.
 */
#ifndef PP_BUDGET_H
#define PP_BUDGET_H

#include <stddef.h>

#include "conf.h"
#include "hmap.h"
#include "match.h"
#include "opts.h"
#include "rec.h"
#include "units.h"
#include "wr.h"

enum enforcement { ENF_STRICT, ENF_WARNING, ENF_OFF };
enum on_missing { MISS_FAIL, MISS_WARN, MISS_PASS };
/* strict, warning, off: the enforcement option's and key's words. */
extern const struct opt_word enforcement_words[];
enum severity { SEV_PASS = 0, SEV_WARNING, SEV_ERROR, SEV_CRITICAL };
enum stat_kind { ST_EACH, ST_MEAN, ST_MEDIAN, ST_MIN, ST_MAX, ST_QUANTILE,
	ST_SUM, ST_COUNT, ST_RATE };

struct scope {
	const char	*name;
	struct matcher	*m;		/* its own and its ancestors' */
	size_t		 nm;
	int		 enforcement;	/* -1: inherited */
	const struct cnode *node;	/* for messages */
	const char	*parent;
	int		 resolved;
};

/* A limit, in the metric's base unit, or relative to a baseline. */
struct limit {
	int		 set;
	double		 value;
	int		 relative;	/* value is a ratio of the baseline */
};

struct budget {
	const char	*name;
	const char	*metric;	/* exact name or glob */
	int		 metric_glob;
	const char	*metric_i;	/* interned, when exact */
	const char	*scope_name;	/* "global" when none */
	struct matcher	*m;
	size_t		 nm;
	int		 stat;
	double		 q;		/* ST_QUANTILE: 0.95 for p95 */
	char		 stat_name[16];
	double		 window;	/* seconds; 0: all */
	struct limit	 lim[4];	/* by severity; [0] unused */
	long		 for_n;		/* consecutive failing windows */
	const char	*message;
	int		 enforcement;
	long		 min_samples;
	int		 on_missing;
	int		 better;	/* BETTER_LOWER or BETTER_HIGHER */
	const char	*base_unit;	/* of the limits, "" if none */
	const char	*record_unit;	/* base unit of the first record */
	double		 baseline;	/* resolved, NaN if none */
	int		 baseline_stat;	/* -1: a value */
	double		 baseline_q;
	const char	*waiver;	/* reason, when waived now */
	const char	*recommendation;
	struct hmap	 windows;	/* window start -> struct acc */
	size_t		 nrecords;
};

/* The values of one window of one budget (numbers, never records). */
struct acc {
	long long	 start;		/* window index */
	size_t		 n;
	double		 sum, min, max;
	double		*v;		/* kept for median and quantiles */
	size_t		 cap;
	pp_time		 first;
	pp_time		 last;
};

struct budgets {
	struct budget	*b;
	size_t		 n;
	struct scope	*s;
	size_t		 ns;
};

/* config.c: reads budgets: (and metrics:), or exits 3 at the bad node. */
void	 budgets_load(const struct cnode *root, struct budgets *,
	    int enforcement_override, pp_time now);
void	 budgets_free(struct budgets *);
const char *severity_str(int);
int	 stat_parse(const char *, int *kind, double *q);

/* eval.c */
int	 budget_matches(const struct budget *, const struct rec *);
void	 budget_add(struct budget *, pp_time t, double v);
/* The statistic of a window. */
double	 acc_stat(struct acc *, int stat, double q, double window);
/* The severity a value reaches against the budget's limits. */
int	 budget_check(const struct budget *, double v, double *limit);
void	 acc_free(struct acc *);

/* What the checks of one budget (or the total) came to. */
struct counts {
	size_t	 checks, passed, fail[4], no_data, waived;
	int	 worst;
	struct hmap days;	/* day number -> struct day */
	/* For a gate (gate.c): the worst violation, and the verdict. */
	int	 failed;	/* this budget fails the run */
	size_t	 nviol;		/* violations reported, waived or not */
	int	 vsev;		/* the worst one's severity; SEV_PASS: none */
	double	 vobs, vlimit;
	pp_time	 vt;
	int	 thin;		/* a window too thin to judge */
	size_t	 thin_n;	/* its values */
	pp_time	 thin_t;
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

/* One run of pp-budget: its options, budgets, counts and output. */
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
	int		 junit, github;	/* --output-format junit, --github */
};

/* check.c: takes records, checks values and windows, writes violations. */
/* The enforcement's word: strict, warning or off. */
const char *enforcement_str(int);
/*
 * The value of a record in its base unit, and in *unit that unit
 * (interned, or NULL when the unit is unknown); 0 on success, -1 after
 * reporting a bad record.
 */
int	 record_value(struct run *, const struct rec *, double *v,
	    const char **unit);
/* 1 if metric (NULL: none) is the budget's metric or matches its glob. */
int	 metric_matches(const struct budget *, const char *metric);
/*
 * Feeds r to every budget that takes it; returns the worst severity its
 * value reaches (-1: no budget took it), that budget's name in hit.
 */
int	 budgets_take(struct run *, const struct rec *, struct buf *hit);
/* After the input: the windows of each budget, and budgets without data. */
void	 evaluate(struct run *);
/* Frees the counts, streaks and takers (not the budgets). */
void	 run_free(struct run *);

/* report.c: writes the --report records. */
void	 report(struct run *);

/*
 * gate.c: one check per budget for CI, as JUnit XML on standard output
 * (run->junit) and annotations on standard error (run->github).
 */
void	 budget_gate(struct run *);

/*
 * baseline.c: resolves baseline: stats from the --baseline records;
 * exits 2 if a budget needs --baseline and none was given, 3 if the
 * file has no records for one.
 */
void	 load_baselines(struct run *);

#endif
