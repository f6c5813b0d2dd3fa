/*
 * pp-optimize's modules: the spans, traces, findings and run they share,
 * and what each module provides.  src/pp-optimize.c is above them all.
 */
#ifndef PP_OPTIMIZE_H
#define PP_OPTIMIZE_H

#include <stddef.h>

#include "buf.h"
#include "hmap.h"
#include "opts.h"
#include "rec.h"

/* The thresholds: the optimize: section of pp-config(5). */
struct limits {
	double		 batch_min_calls;
	double		 batch_min_total;
	double		 parallel_min_span;
	double		 parallel_max_gap;	/* the least gap allowed */
	double		 parallel_gap_share;	/* of the shorter call */
	double		 cache_min_calls;
	double		 memo_min_calls;
	double		 debounce_window;
	double		 debounce_min_calls;
	double		 pool_min_connects;
	double		 slow_query;
	double		 index_slow_p95;
	double		 index_max_rows;
	double		 compress_min_size;
	double		 compress_ratio;	/* compressed size over size */
	double		 lazy_start;		/* the first part of a trace */
	double		 lazy_min_duration;
	double		 min_saving;		/* a trace, on average */
	double		 min_share;		/* of its traces' time */
};

enum kind { K_OTHER, K_DB, K_HTTP, K_CONNECT };

/* Times are read to the microsecond: closer than this is the same. */
#define TIME_EPS	1e-6

enum ftype { F_BATCHING, F_PARALLEL, F_CACHING, F_MEMO, F_DEBOUNCE,
    F_POOLING, F_QUERY, F_INDEX, F_COMPRESSION, F_LAZY, F_NTYPES };

/* The name of each type, as the type field writes it. */
extern const char *const ftype_name[F_NTYPES];

struct span {
	/* in the trace's arena: offset + 1, 0 for none (see span_fix) */
	size_t		 id_o, parent_o, call_o, args_o;
	char		*id;
	char		*parent;
	const char	*name;		/* interned */
	const char	*target;	/* interned normalised call, or NULL */
	const char	*host;		/* interned server address, or NULL */
	char		*call;		/* the call with its parameters */
	const char	*fn;		/* interned function name, or NULL */
	char		*args;		/* its arguments, or NULL */
	enum kind	 kind;
	int		 readonly;	/* a SELECT or a GET: cacheable */
	int		 bound;		/* parameters as placeholders: unknown */
	int		 full_scan;	/* a plan attribute says so */
	int		 load;		/* a load or initialisation span */
	int		 leaf;		/* no span names it as parent */
	double		 rows;		/* rows returned, NAN if unknown */
	double		 memory;	/* bytes a load span holds, or NAN */
	double		 start;		/* seconds since the epoch */
	double		 dur;
	double		 bytes;		/* response body, NAN if unknown */
	double		 decoded;	/* its decoded size, NAN if unknown */
	size_t		 up;		/* index of the parent, or SIZE_MAX */
};

struct trace {
	char		*id;
	struct span	*s;
	size_t		 n, cap;
	struct buf	 arena;		/* the spans' strings */
	double		 dur;		/* first start to last end */
	int		 done;		/* analysed, its spans freed */
};

struct finding {
	enum ftype	 type;
	const char	*target;	/* interned */
	const char	*detail;	/* interned, for the suggestion */
	size_t		 occurrences;
	size_t		 traces;
	const struct trace *last_trace;	/* to count each trace once */
	double		 trace_time;	/* the durations of those traces */
	char		*example;
	double		 impact_s;
	double		 impact_calls;
	double		 impact_bytes;
	double		 p95, median;	/* query optimisation, indexing */
	double		 slow;		/* their threshold */
	double		 rows;
	size_t		 full_scans;
	double		 window;	/* debouncing */
};

/* A normalised statement's calls, for query optimisation. */
struct qstat {
	double		*d;
	double		*rows;		/* returned, NAN if unknown */
	size_t		 full_scans;
	int		 select;
	size_t		 n, cap;
	size_t		 traces;
	double		 trace_time;
	const struct trace *last_trace;
	char		*example;
};

/*
 * Calls with their parameters, across traces, for caching: an open
 * addressing table by a 64-bit hash of the call (0 marks a free slot);
 * among a million calls one pair in ten million shares a hash.
 */
struct callstat {
	unsigned long long h;
	const char	*target;
	size_t		 n;
	double		 first;
	double		 total;
	char		*example;
	const struct trace *last_trace;
	size_t		 traces;
	double		 trace_time;
};

struct run {
	struct pp_common c;
	struct hmap	 traces;
	struct hmap	 findings;
	struct callstat	*calls;
	size_t		 ncalls, calls_size;	/* used, slots */
	struct hmap	 queries;
	struct buf	 scratch;
	double		 total_time;	/* the traces' durations, summed */
	size_t		 nspans;
	size_t		 no_target;	/* DB and HTTP spans without one */
	size_t		 no_size;	/* HTTP spans without body sizes */
	size_t		 no_args;	/* function spans without arguments */
	struct limits	 lim;
	int		 keep;		/* every span, to the end (verify) */
	size_t		 calls_cap;	/* calls remembered for caching */
	int		 otlp;		/* the input is OTLP/JSON */
	size_t		 cycles;
	struct costs	*costs;		/* the prices: section, or NULL */
};


/*
 * A finding of the state file: its columns, then why its status is what
 * it is, when it was set, and the effect its last try measured.
 */
enum sx { SX_REASON, SX_CHANGED, SX_DIFF, SX_LO, SX_HI, SX_P, SX_N };
struct sentry {
	char		*type, *target, *status, *first, *last;
	char		*x[SX_N];
	int		 seen;
};

/* limits.c */

/*
 * Sets *l to the defaults and the optimize: section of the configuration
 * file path (none: the defaults) over them; a bad value exits 3 with its
 * file, line and column.
 */
void	 load_limits(const char *path, struct limits *l);

/* normalize.c */

/* Fills the table of SQL word characters: before the first normalising. */
void	 normalize_init(void);
/* Sets out to the SQL statement s normalised: literals as '?'. */
void	 sql_normalize(const char *s, struct buf *out);
/* Sets out to the URL s without scheme, host, ids and query values. */
void	 url_normalize(const char *s, struct buf *out);
/* Appends the host of URL s to out, without user or port; none: nothing. */
void	 url_host(const char *s, struct buf *out);
/* Whether s begins with the word w, in any case, after space or '('. */
int	 starts_word(const char *s, const char *w);
/* Whether SQL s has bind placeholders (? or $1) outside its literals. */
int	 has_placeholder(const char *s);

/* span.c */

/*
 * Reads the span r into its trace of run->traces, which it returns (owned
 * by the run); NULL if r is skipped as a bad record.  tmp is scratch.
 */
struct trace *span_add(struct run *run, const struct rec *r, struct buf *tmp);
/* Points the spans of t at their strings, once its arena is complete. */
void	 span_fix(struct trace *t);
/* qsort orders of span pointers: by start (unknown last), by target. */
int	 span_cmp_start(const void *x, const void *y);
int	 span_cmp_target(const void *x, const void *y);

/* findings.c */

/*
 * The finding of type and target (interned), made if new with detail and
 * t's id as its example, its occurrences and traces counted for t.
 * Owned by run->findings.
 */
struct finding *finding_get(struct run *run, enum ftype type,
	    const char *target, const char *detail, const struct trace *t);
/* Sets id to the stable id of a finding: FNV-1a of its type and target. */
void	 finding_id(enum ftype type, const char *target, char id[17]);
/*
 * Writes the findings of run in fmt to standard output, by impact; with
 * st (the state file's entries) each with its status, and those of st no
 * longer seen as resolved.
 */
void	 findings_report(struct run *run, int fmt, struct hmap *st);

/* detect.c: the detector table */

/* Links the spans of t to their parents and runs the trace's detectors. */
void	 detect_trace(struct run *run, struct trace *t);
/* Runs the detectors that conclude at the end of the run. */
void	 detect_totals(struct run *run);

/*
 * What a trace's detectors are given: the trace, linked; its first start
 * and last end (lo > hi: no start known); scratch room for t->n span
 * pointers; and the children lists, by parent (index t->n: the roots),
 * first[i] and next[j] (SIZE_MAX ends a list).
 */
struct tview {
	struct trace	*t;
	double		 lo, hi;
	struct span	**c;
	size_t		*first, *next;
};

/* siblings.c: batching and parallelization, among a span's children. */
void	 detect_siblings(struct run *run, const struct tview *v);
/* repeats.c: debouncing and memoization. */
void	 detect_repeats(struct run *run, const struct tview *v);
/* pooling.c: connection pooling. */
void	 detect_pooling(struct run *run, const struct tview *v);
/* single.c: compression and lazy loading, span by span. */
void	 detect_compression(struct run *run, const struct tview *v);
void	 detect_lazy(struct run *run, const struct tview *v);
/* caching.c: calls with the same parameters, across traces. */
void	 caching_collect(struct run *run, const struct tview *v);
void	 caching_end(struct run *run);
/* queries.c: slow statements, across traces. */
void	 queries_collect(struct run *run, const struct tview *v);
void	 queries_end(struct run *run);

/* state.c */

/* Reads the state file path (which may be empty) into id -> sentry. */
void	 state_load(const char *path, struct hmap *st);
/* Replaces the state file path with the entries of st. */
void	 state_save(const char *path, const struct hmap *st);
void	 state_free(struct hmap *st);
/* Sets *p to a copy of v, freeing the old. */
void	 state_set_str(char **p, const char *v);
/*
 * The status of the finding of type and target, id, seen now: new the
 * first time, applied and rejected as the user said, open otherwise.
 * Borrowed from st.
 */
const char *state_see(struct hmap *st, const char *id, const char *type,
	    const char *target, const char *now);
/* Whether status was set by the status command or a try, and stays. */
int	 state_decided(const char *status);
/*
 * Locks the existing state file and loads it into st for the command
 * cmd; exits 3 if it does not exist.  Returns the descriptor that holds
 * the lock.
 */
int	 state_open(const char *state, const char *cmd, struct hmap *st);
/* The entry id of st, loaded from state; exits 3 naming cmd if none. */
struct sentry *state_find(struct hmap *st, const char *state,
	    const char *cmd, const char *id);
/*
 * The status command: sets the status of the finding args[0] of the
 * state file to args[1], with reason (NULL: none); a usage error exits 2.
 * Returns the exit status.
 */
int	 state_set_status(const char *state, char **args, size_t nargs,
	    const char *reason);

/* try.c */

/* What try runs: sh -c commands, runs a side, and the test's level. */
struct tryopts {
	const char	*apply, *rollback, *measure;
	size_t		 n;
	double		 alpha;
};
/*
 * The try command: measures, applies, measures again, and keeps the
 * change or rolls it back; the outcome goes into the state file and, as
 * a record in fmt, to standard output.  Returns the exit status.
 */
int	 try_change(struct pp_common *c, const char *state, const char *id,
	    const struct tryopts *o, int fmt);
/*
 * The fewest runs a side with which the exact test can give a p-value
 * below alpha.
 */
size_t	 try_min_runs(double alpha);

/* price.c: the money a finding saves, with a prices: section */

/* Sets run->costs from the prices: section of -c (none: NULL). */
void	 cost_load(struct run *run);
/* With run->costs: notes that target (interned) is a call of kind. */
void	 cost_kind(struct run *run, const char *target, enum kind kind);
/*
 * With run->costs, puts f's impact_cost and currency into r (empty if
 * no rule prices f, or f is NULL); without, nothing.
 */
void	 cost_put(struct run *run, const struct finding *f, struct rec *r);
void	 cost_free(struct run *run);

/* run.c */

/* Prepares run, with the options and thresholds of like if not NULL. */
void	 run_init(struct run *run, const struct run *like);
/*
 * Reads the spans of files and finds what they show; returns the format
 * read.  Each trace is analysed when a span of another follows it,
 * unless run->keep (every span to the end, for verify).
 */
int	 run_read(struct run *run, char **files, size_t nfiles);
/* Warns of the spans left out of findings for want of attributes. */
void	 run_notes(const struct run *run);
void	 run_free(struct run *run);

/* verify.c */

/*
 * Compares the target of finding id of before (kept) in its traces and
 * those of after_path; writes the result in fmt.  Returns PP_EXIT_OK to
 * keep, PP_EXIT_FAIL to roll back; an unknown id exits 3.
 */
int	 verify(struct run *before, const char *id, char *after_path,
	    double alpha, int fmt);

#endif
