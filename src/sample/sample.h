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

/* pp-sample.c: every record pp-sample makes goes through here. */
void	 emit(struct sampler *, struct rec *);
/* Emits --self records (sampler.cpu_time, sampler.overhead) with labels. */
void	 emit_self(struct sampler *, const struct rec *labels);
/* Adds the --self measures as columns of a --wide record. */
void	 self_columns(struct sampler *, struct rec *wide);

/* run.c: command mode. */
void	 run_command(struct sampler *);
/* The unit of a measure of a run (wall_time: s), or NULL if no measure. */
const char *measure_unit(const char *metric);
/* watch.c: --pid and --system. */
void	 watch_pid(struct sampler *);
void	 watch_system(struct sampler *);
/* Exits 2 if no process has this pid. */
void	 watch_check_pid(long pid);

#endif
