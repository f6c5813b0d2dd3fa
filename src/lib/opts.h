/*
 * The options every pp program takes (pp(7), COMMON OPTIONS), parsed by
 * getopt_long alongside each program's own.
 */
#ifndef PP_OPTS_H
#define PP_OPTS_H

#include <getopt.h>
#include <limits.h>
#include <stddef.h>

#include "buf.h"
#include "clock.h"
#include "rd.h"
#include "wr.h"

#ifndef PP_VERSION
#define PP_VERSION "0.1.0"
#endif

struct pp_common {
	const char	*config;	/* -c, or NULL for $PP_CONFIG */
	int		 in_fmt;	/* FMT_AUTO unless --input-format */
	int		 out_fmt;	/* FMT_AUTO unless --output-format */
	const char	*time_field;	/* interned, NULL: ts and its aliases */
	const char	*field;		/* interned value field ("value") */
	const char	**group_by;	/* interned label names */
	size_t		 ngroup;
	int		 group_set;	/* -g given (maybe empty) */
	const char	**metrics;	/* interned --metrics columns */
	size_t		 nmetrics;
	int		 strict;
	int		 quiet;
	struct wr_view	 view;		/* -F, --precision, table defaults */
	int		 fields_all;	/* -F all */
	int		 jobs;		/* -j: inputs parsed at once (1) */
	const char	**header;	/* --header: interned field names */
	size_t		 nheader;
};

/* Long-only options are numbered from here; a program's own from LOCAL. */
enum {
	OPT_INPUT_FORMAT = CHAR_MAX + 1,
	OPT_OUTPUT_FORMAT,
	OPT_TIME_FIELD,
	OPT_METRICS,
	OPT_STRICT,
	OPT_PRECISION,
	OPT_HEADER,
	OPT_LOCAL = CHAR_MAX + 32
};

/* The short options of the common set, for a program's optstring. */
#define PP_COMMON_SHORT	"F:Vc:f:g:hq"

#define PP_COMMON_LONGOPTS \
	{ "help",		no_argument,		NULL, 'h' }, \
	{ "version",		no_argument,		NULL, 'V' }, \
	{ "config",		required_argument,	NULL, 'c' }, \
	{ "field",		required_argument,	NULL, 'f' }, \
	{ "group-by",		required_argument,	NULL, 'g' }, \
	{ "quiet",		no_argument,		NULL, 'q' }, \
	{ "input-format",	required_argument,	NULL, OPT_INPUT_FORMAT }, \
	{ "output-format",	required_argument,	NULL, OPT_OUTPUT_FORMAT }, \
	{ "time-field",		required_argument,	NULL, OPT_TIME_FIELD }, \
	{ "metrics",		required_argument,	NULL, OPT_METRICS }, \
	{ "strict",		no_argument,		NULL, OPT_STRICT }, \
	{ "fields",		required_argument,	NULL, 'F' }, \
	{ "precision",		required_argument,	NULL, OPT_PRECISION }

/* The common options' lines of --help, shared by every program. */
extern const char pp_common_help[];

/*
 * The options of the programs that read a history in parts (pp-trend,
 * pp-budget, pp-cost; pp(7) SCALE): -j and --header, handled by
 * pp_common_opt.  Such a program sets jobs to pp_ncores() first.
 */
#define PP_PART_SHORT	"j:"
#define PP_PART_LONGOPTS \
	{ "jobs",		required_argument,	NULL, 'j' }, \
	{ "header",		required_argument,	NULL, OPT_HEADER }
extern const char pp_part_help[];
/*
 * The default of -j: the cores this process may run on, at least 1 and
 * at most PP_JOBS_DEFAULT_MAX, for every job holds batches of records
 * (pp(7) SCALE).
 */
#define PP_JOBS_DEFAULT_MAX	8
int	 pp_ncores(void);

void	 pp_common_init(struct pp_common *);
/*
 * Handles option opt if it is a common one (-V prints the version and
 * exits 0; -h is left to the program); returns 1 if it was.  A bad value
 * is a usage error (exit 2).
 */
int	 pp_common_opt(struct pp_common *, int opt, const char *arg);
/*
 * Frees what the common options own (group_by, metrics, header); c
 * stays usable.
 */
void	 pp_common_free(struct pp_common *c);
/*
 * The output format by pp(7)'s rule: --output-format if given; else a
 * table when standard output is a terminal and tty_table is set (a
 * program's records-only outputs, annotations and collectors clear it);
 * else dflt, the input's format or the program's own default.
 */
int	 pp_output_format(const struct pp_common *c, int tty_table, int dflt);
/*
 * Opens the writer of standard output in format fmt, showing what -F and
 * --precision ask; table_hide (a comma-separated list, or NULL) names
 * the program's fields a table leaves out unless -F says otherwise, so
 * that a terminal shows the few a person reads first.
 */
struct wr *pp_open_output(struct pp_common *c, int fmt,
	    const char *table_hide);
/* Splits a comma-separated list into interned names; the array is owned. */
const char **pp_split_names(const char *list, size_t *n);

/*
 * A keyword of an option or a configuration key and its value, in
 * tables that end with a NULL name, as datamash's table of operations.
 */
struct opt_word {
	const char	*name;
	int		 val;
};
/* The value of the word s in tab, or -1. */
int	 word_find(const struct opt_word *tab, const char *s);
/* Appends the words of tab to b as people read a list: "a, b or c". */
void	 word_list(const struct opt_word *tab, struct buf *b);
/*
 * The value of the keyword arg of option opt, one of tab; otherwise a
 * usage error (exit 2): "opt: 'arg' is not a, b or c".
 */
int	 opt_word(const char *opt, const char *arg, const struct opt_word *tab);

/*
 * The value of a duration option in seconds, > 0 (>= 0 with zero_ok).
 * A usage error (exit 2) names the option, the value and the fix: a
 * bare "30" is refused with the units it could have meant.
 */
/*
 * A time option's value: a date (its midnight, UTC), RFC 3339 with any
 * offset, Unix seconds, or now (read once a run); exits 2 on anything
 * else, naming opt.
 */
pp_time	 opt_time(const char *opt, const char *arg);
double	 opt_duration(const char *opt, const char *arg, int zero_ok);

/*
 * The value of a percentage option ("80%" or "80") as a ratio in [lo,
 * hi], lo excluded with PCT_LO_OPEN, hi with PCT_HI_OPEN; hi PCT_MAX
 * sets no upper bound worth saying.  A usage error names the option,
 * the value and the range, in one wording: "from 0 to 100", "above 0
 * and at most 100", "from 0 to below 100", "strictly between 50 and
 * 100", "of 0 or more", "above 0".
 */
#define PCT_LO_OPEN	0x1
#define PCT_HI_OPEN	0x2
#define PCT_MAX		1e9
double	 opt_percent(const char *opt, const char *arg, double lo, double hi,
	    int open);

/*
 * The value of a count option, a whole number in [min, max].  With max
 * OPT_COUNT_MAX, a cap rather than a bound, the error says "from MIN",
 * or "is too large (at most 1000000000)" for a number above it;
 * otherwise "from MIN to MAX".  Exit 2.
 */
#define OPT_COUNT_MAX	1000000000L
long	 opt_count(const char *opt, const char *arg, long min, long max);

/*
 * Refuses --output-format junit in a program or mode that is no gate: a
 * usage error (exit 2) naming the gates.  Only pp-budget, pp-trend
 * --fail-on, pp-abtest analyze --fail-on and pp-cost --require-coverage
 * write JUnit (gate.h).
 */
void	 pp_junit_refuse(const struct pp_common *);

/* The common options a program may have no use for. */
#define PP_NO_FIELD	0x01	/* -f */
#define PP_NO_GROUP	0x02	/* -g */
#define PP_NO_TIME	0x04	/* --time-field */
/*
 * Refuses the common options of flags that were given, as a usage error
 * (exit 2) that says why, rather than accept and ignore them: why[i] is
 * the reason for the i-th flag, low bit first.
 */
void	 pp_common_refuse(const struct pp_common *, unsigned flags,
	    const char *const why[3]);

/* The reader options the common options ask for. */
void	 pp_common_rdopts(const struct pp_common *, struct rdopts *);

#endif
