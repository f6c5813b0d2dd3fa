/*
 * pp-sample's modules: the state they share and what each provides.
 */
#ifndef PP_SAMPLE_H
#define PP_SAMPLE_H

#include <signal.h>
#include <stddef.h>

#include "clock.h"
#include "hist.h"
#include "hmap.h"
#include "opts.h"
#include "rec.h"
#include "wr.h"

struct label {
	const char	*name;	/* interned */
	const char	*value;
};

struct sampler {
	struct pp_common c;

	/* Command mode. */
	char		**argv;		/* the command; NULL in other modes */
	long		 runs;		/* -n; 0: until --duration */
	int		 runs_set;
	long		 warmup;
	double		 interval;	/* -i, seconds; 0: back to back */
	double		 duration;	/* 0: no limit */
	double		 timeout;	/* 0: none */
	const char	*prepare;
	const char	*name;
	int		 shell;
	int		 show_output;
	int		 wide;
	struct label	*labels;
	size_t		 nlabels;

	/* Watch mode. */
	long		 pid;		/* 0: not watching a process */
	int		 system;
	const char	*scrape;	/* --scrape URL, or NULL */

	/* History mode: --prometheus. */
	const char	*prom;		/* the server's URL, or NULL */
	const char	*query;		/* --query PROMQL */
	pp_time		 start, end;	/* --start, --end */
	int		 start_set, end_set;
	pp_time		 range;		/* --range; 0: none */
	pp_time		 step;		/* --step; 0: none given */
	char		**headers;	/* --header, --header-env: "Name: v" */
	size_t		 nheaders;

	/* Filter mode. */
	double		 rate;		/* kept fraction, (0, 1] */
	int		 rate_set;
	const char	*sample_key;	/* interned, or NULL */
	unsigned long long seed;
	int		 seed_set;
	struct label	*keeps;
	size_t		 nkeeps;

	/* Anomaly flags. */
	double		 sigma;		/* 0: off */
	long		 window;
	long		 min_samples;
	int		 robust;
	int		 anomalies_only;
	struct hmap	 series;
	struct buf	 key;

	/* Output. */
	const char	*history;
	double		 retain;	/* seconds; 0: keep all */
	int		 self;
	int		 summary;	/* people at a terminal: a summary */
	int		 progress;	/* progress lines on stderr */
	struct wr	*out;
	struct hist	*hist;
	struct hmap	 stats;		/* summary: metric -> values */
	double		 start_mono;	/* seconds, CLOCK_MONOTONIC */
	long		 nruns;		/* command mode: runs recorded */
	long		 nfailed;	/* of which failed or timed out */
	int		 overhead_warned;
	volatile sig_atomic_t *stop;	/* set by SIGINT, SIGTERM, SIGHUP */
};

/* pp-sample's long-only options, numbered after the common ones. */
enum {
	OPT_WARMUP = OPT_LOCAL, OPT_DURATION, OPT_TIMEOUT, OPT_PREPARE,
	OPT_NAME, OPT_LABEL, OPT_SHELL, OPT_SHOW_OUTPUT, OPT_WIDE, OPT_PID,
	OPT_SYSTEM, OPT_RATE, OPT_SAMPLE_KEY, OPT_SEED, OPT_KEEP,
	OPT_ANOMALY, OPT_WINDOW, OPT_MIN_SAMPLES, OPT_ROBUST,
	OPT_ANOMALIES_ONLY, OPT_HISTORY, OPT_RETAIN, OPT_SELF, OPT_SCRAPE,
	OPT_PROMETHEUS, OPT_QUERY, OPT_START, OPT_END, OPT_RANGE, OPT_STEP,
	OPT_HTTP_HEADER, OPT_HTTP_HEADER_ENV
};

/* What the options seen so far ask of the mode. */
struct seen {
	int		 command_only;	/* an option of command mode */
	int		 runs_opt;	/* -n or --timeout: command or --scrape */
	const char	*first_runs_opt;
	int		 filter_only;	/* an option of filter mode */
	int		 window_set;
	int		 min_set;
	const char	*first_cmd_opt;
	const char	*first_filter_opt;
	const char	*first_prom_opt;	/* one that needs --prometheus */
};

/*
 * options.c: parses option ch of pp-sample's own with its argument arg
 * (NULL if none) into s and notes it in k; 0 if ch is not one of them.
 * Exits 2 on a bad value.
 */
int	 sample_opt(struct sampler *s, int ch, const char *arg, struct seen *k);

/*
 * emit.c: every record pp-sample makes goes through emit, which scores it
 * (--anomaly), adds it to the summary or writes it to s->out, and appends
 * it to the history.  r is borrowed; emit may set fields on it.
 */
void	 emit(struct sampler *, struct rec *);
/* Emits --self records (sampler.cpu_time, sampler.overhead) with labels. */
void	 emit_self(struct sampler *, const struct rec *labels);
/* Adds the --self measures as columns of a --wide record. */
void	 self_columns(struct sampler *, struct rec *wide);
/* Own CPU time so far and its share of the elapsed time; warns over 2%. */
void	 self_measure(struct sampler *, double *cpu, double *overhead);
/* Prints the terminal summary: one line per metric, then the run count. */
void	 summary_print(struct sampler *);
/* Frees the anomaly series, the key buffer and the summary values. */
void	 emit_free(struct sampler *);

/* filter.c: filter mode; reads the files (none: standard input). */
void	 filter(struct sampler *, char **files, size_t nfiles);

/* run.c: command mode. */
void	 run_command(struct sampler *);
/* The unit of a measure of a run (wall_time: s), or NULL if no measure. */
const char *measure_unit(const char *metric);
/* watch.c: --pid and --system. */
void	 watch_pid(struct sampler *);
void	 watch_system(struct sampler *);
/* Exits 2 if no process has this pid. */
void	 watch_check_pid(long pid);
/*
 * Sleeps until the next tick, k counting them from t0 (ticks missed
 * are skipped, with a warning); 0 when the run is over: a signal, or a
 * tick past --duration.
 */
int	 watch_next_tick(struct sampler *s, double t0, long *k);
/*
 * scrape.c: --scrape.  Scrapes s->scrape every interval until -n
 * scrapes, --duration or a signal; returns the exit status: 4 if every
 * scrape failed, else 0.
 */
int	 watch_scrape(struct sampler *s);
/* Exits 2 unless url is an http:// or https:// URL; opt names it. */
void	 scrape_check_url(const char *opt, const char *url);
/*
 * Adds label name (interned) = val to r as --scrape and --prometheus
 * write it: a name pp's records use (ts, metric, value, unit) or one
 * --label gives too is renamed exported_NAME, as Prometheus does.
 */
void	 sample_label(const struct sampler *s, struct rec *r,
	    const char *name, const char *val);

/*
 * promql.c: --prometheus.  Reads the answer to --query from the
 * server's HTTP API, a range in requests of at most PROM_MAX_POINTS
 * points a series, and emits a metric record a sample.  Exits 3 when
 * the server refuses the query or answers in part, 4 when it cannot be
 * asked.
 */
#define PROM_MAX_POINTS	11000
void	 prom_read(struct sampler *s);
/*
 * Exits 2 if the URL of --prometheus has a query, a fragment, or a
 * user and password, which belong in --header-env, not on argv.
 */
void	 prom_check_url(const char *url);
/* Adds --header NAME=VALUE or --header-env NAME=VAR (env 1) to s. */
void	 prom_header(struct sampler *s, const char *opt, const char *arg,
	    int env);

#endif
