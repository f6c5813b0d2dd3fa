/*
 * pp-trend's modules: the series it holds and what each analysis needs.
 */
#ifndef PP_TREND_H
#define PP_TREND_H

#include <stddef.h>

#include "calendar.h"
#include "conf.h"
#include "hmap.h"
#include "metric.h"
#include "opts.h"
#include "rec.h"
#include "units.h"
#include "wr.h"

/* One series: its labels and its points, 8 bytes of value each. */
struct series {
	struct rec	 labels;	/* metric, the labels, unit */
	const char	*metric;	/* borrowed from labels */
	int		 better;	/* BETTER_LOWER or BETTER_HIGHER */
	pp_time		*t;
	double		*v;		/* in the base unit */
	size_t		 n;
	size_t		 cap;
	int		 unsorted;	/* a point came before the one before */
	size_t		 from;		/* first point inside --window */
};

/* A change point, confirmed. */
struct change {
	size_t		 at;		/* index of the first point after it */
	double		 before;	/* median before */
	double		 after;		/* median after */
	double		 p;		/* p-value, Bonferroni-corrected */
	int		 severity;	/* SEV_MINOR ... */
	int		 regression;	/* a change for the worse */
};

enum { SEV_NONE = 0, SEV_MINOR, SEV_MODERATE, SEV_MAJOR };

struct trend_opts {
	double		 window;	/* seconds; 0: all */
	pp_time		 until;		/* --until: the newest time, if set */
	int		 until_set;
	double		 min_change;	/* ratio, for direction */
	double		 confidence;
	double		 max_pvalue;	/* change confirmation */
	double		 min_magnitude;	/* ratio */
	double		 band_moderate;	/* |ln(after/before)| from here */
	double		 band_major;
	const char	*tz;		/* NULL: UTC */
	int		 esd;		/* anomalies: ESD, else MAD */
	double		 threshold;	/* MAD score */
	double		 alpha;		/* ESD */
	double		 max_outliers;	/* ESD: ratio of points */
	double		 period;	/* forecast: seconds */
	long		 horizon;	/* forecast periods */
	int		 holt;
	double		 holt_alpha;	/* < 0: fitted */
	double		 holt_beta;
};

/* series.c */
void	 series_add(struct series *, pp_time t, double v);
/* Sorts by time (when needed) and sets from for the window ending at newest. */
void	 series_prepare(struct series *, pp_time newest, double window);
void	 series_free(struct series *);
/* The values of the window, a copy the caller frees. */
double	*series_window_values(const struct series *, size_t *n);

/* changes.c: confirmed change points of the window's points. */
size_t	 find_changes(const struct series *, const struct trend_opts *,
	    struct change **out);
const char *severity_name(int);
int	 severity_parse(const char *);

/* forecast.c */
struct holt {
	double	 alpha, beta, level, slope, s2;
	size_t	 n;
};
/*
 * Means per period of the window's points, periods ending at the newest
 * point (*last_start), empty ones interpolated.
 */
double	*period_means(const struct series *, double period, size_t *n,
	    pp_time *last_start);
/* Fits Holt's linear method; alpha or beta < 0 are fitted by least squares. */
int	 holt_fit(const double *y, size_t n, double alpha, double beta,
	    struct holt *);
/* The h-step forecast and its prediction interval at level conf. */
void	 holt_forecast(const struct holt *, size_t steps, double conf, double *y,
	    double *lo, double *hi);

enum mode { M_SUMMARY, M_CHANGES, M_ANOMALIES, M_FORECAST };

/* What pp-trend holds: its options, the series read, the output. */
struct trend {
	struct pp_common c;
	struct trend_opts o;
	enum mode	 mode;
	int		 fail_on;	/* SEV_NONE: no gate */
	struct metric_conf mc;
	struct hmap	 series;
	struct buf	 key;
	pp_time		 newest;
	int		 any;
	int		 failed;	/* a regression passed --fail-on */
	int		 junit, github;	/* --output-format junit, --github */
	struct wr	*out;
	struct rec	 r;
	int		 table;
};

/*
 * config.c: trend_init sets every default of t; trend_load_config reads
 * the trend: section (and metrics:) of root, each value checked (exit 3 at
 * its place); a setting with given[TG_...] set keeps the option's value.
 */
enum { TG_WINDOW, TG_MIN_CHANGE, TG_CONFIDENCE, TG_MAX_PVALUE,
	TG_MIN_MAGNITUDE, TG_TZ, TG_N };
void	 trend_init(struct trend *t);
void	 trend_load_config(struct trend *t, const struct cnode *root,
	    const int *given);

/*
 * input.c: reads every record of the files (none: standard input) into
 * t->series, sets t->newest and t->c.out_fmt; bad records are skipped.
 */
void	 read_input(struct trend *t, char **files, size_t nfiles);
/*
 * Sorts each series and marks its window; exits 2 before any output when
 * a Holt forecast would hold more than 100000 periods.
 */
void	 prepare_series(struct trend *t);
/* Frees every series, the table and the key buffer. */
void	 free_series(struct trend *t);

/* summary.c: writes one summary record per series with points to t->out. */
void	 summaries(struct trend *t);

/*
 * report.c: writes the records of --changes, --anomalies or --forecast
 * for every series with points in its window; sets t->failed.
 */
void	 report_series(struct trend *t);
/* 1 if a change of ch[0..n) passes --fail-on. */
int	 gates(const struct trend *t, const struct change *ch, size_t n);
/*
 * gate.c: one check per series for CI, failing when a regression passes
 * --fail-on: JUnit XML on standard output (t->junit) and annotations on
 * standard error (t->github); sets t->failed.
 */
void	 trend_gate(struct trend *t);
/* Sets field name of r to the time t, formatted. */
void	 trend_put_time(struct rec *r, const char *name, pp_time t);
/* Adds the labels of s to r, then its unit if with_unit. */
void	 trend_put_labels(struct rec *r, const struct series *s,
	    int with_unit);
/* The span from t0 to t in days. */
double	 trend_days(pp_time t, pp_time t0);

#endif
