/*
 * The common options.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "opts.h"
#include "units.h"

const char pp_common_help[] =
"Common options:\n"
"  -c, --config FILE        YAML configuration (default $PP_CONFIG)\n"
"  -f, --field NAME         the value field (default value)\n"
"  -g, --group-by LIST      labels that name a series (default all)\n"
"      --input-format FMT   csv, tsv or json (default: detected)\n"
"      --output-format FMT  csv, tsv, json, table, openmetrics, markdown or\n"
"                           junit (the gates) (default: as input)\n"
"      --time-field NAME    the time field (default ts, timestamp, time,\n"
"                           @timestamp)\n"
"      --metrics LIST       read wide input: each column named is a metric\n"
"      --strict             the first bad record is fatal (exit 3)\n"
"  -F, --fields LIST        the output fields, in this order (globs; all:\n"
"                           every field; default: all, but a table shows\n"
"                           the few a person reads first)\n"
"      --precision N        significant digits of a table's numbers (3)\n"
"  -q, --quiet              no warnings\n"
"  -h, --help               this help\n"
"  -V, --version            the version\n";

const char pp_part_help[] =
"Reading in parts (pp(7) SCALE):\n"
"  -j, --jobs N             parse N inputs, or ranges of a big JSON Lines\n"
"                           file, at once (default: the number of cores,\n"
"                           at most 8);\n"
"                           records still come in input order\n"
"      --header LIST        CSV or TSV input has no header line: these are\n"
"                           its fields, separated by commas\n";

int
pp_ncores(void)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	/* The cores this process may run on: a container's, a taskset's. */
	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) < n)
		n = CPU_COUNT(&set);
	return n < 1 ? 1 : n > PP_JOBS_DEFAULT_MAX ? PP_JOBS_DEFAULT_MAX :
	    (int)n;
}

void
pp_common_init(struct pp_common *c)
{
	memset(c, 0, sizeof(*c));
	c->in_fmt = FMT_AUTO;
	c->out_fmt = FMT_AUTO;
	c->field = interns("value");
	c->jobs = 1;
}

void
pp_common_free(struct pp_common *c)
{
	free(c->group_by);
	c->group_by = NULL;
	c->ngroup = 0;
	free(c->metrics);
	c->metrics = NULL;
	c->nmetrics = 0;
	free(c->header);
	c->header = NULL;
	c->nheader = 0;
	free(c->view.fields);
	free(c->view.hide);
	memset(&c->view, 0, sizeof(c->view));
}

int
pp_output_format(const struct pp_common *c, int tty_table, int dflt)
{
	if (c->out_fmt != FMT_AUTO)
		return c->out_fmt;
	if (tty_table && isatty(STDOUT_FILENO))
		return FMT_TABLE;
	return dflt;
}

struct wr *
pp_open_output(struct pp_common *c, int fmt, const char *table_hide)
{
	struct wr *w = wr_open(stdout, "standard output", fmt);

	free(c->view.hide);
	c->view.hide = NULL;
	c->view.nhide = 0;
	if (table_hide != NULL && !c->fields_all && c->view.nfields == 0)
		c->view.hide = pp_split_names(table_hide, &c->view.nhide);
	wr_set_view(w, &c->view);
	return w;
}

const char **
pp_split_names(const char *list, size_t *n)
{
	const char **v = NULL;
	const char *p, *q;
	size_t k = 0;

	for (p = list; *p != '\0'; p = *q ? q + 1 : q) {
		q = p + strcspn(p, ",");
		if (q == p)
			continue;
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = intern(p, (size_t)(q - p));
	}
	*n = k;
	return v;
}

/*
 * The names of --header: every one given (an empty one would be a
 * column no row fills as meant), none twice.
 */
static const char **
header_names(const char *list, size_t *n)
{
	const char **v = NULL;
	const char *p, *q;
	size_t k = 0;
	long d;

	if (*list == '\0')
		pp_usage_error("--header: '' names no field");
	for (p = list;; p = q + 1) {
		q = p + strcspn(p, ",");
		if (q == p)
			pp_usage_error("--header: '%s' has an empty name", list);
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = intern(p, (size_t)(q - p));
		if (*q == '\0')
			break;
	}
	if ((d = names_dup(v, k)) >= 0)
		pp_usage_error("--header: '%s' names '%s' twice", list, v[d]);
	*n = k;
	return v;
}

/* --header is for CSV and TSV, whatever the order of the options. */
static void
header_format(const struct pp_common *c)
{
	if (c->nheader > 0 && c->in_fmt != FMT_AUTO && c->in_fmt != FMT_CSV &&
	    c->in_fmt != FMT_TSV)
		pp_usage_error("--header goes with CSV or TSV input, not "
		    "--input-format %s", fmt_name(c->in_fmt));
}

int
pp_common_opt(struct pp_common *c, int opt, const char *arg)
{
	int f;

	switch (opt) {
	case 'V':
		printf("%s (pp) %s\n", pp_getprog(), PP_VERSION);
		exit(pp_close_stdout(PP_EXIT_OK));
	case 'c':
		c->config = arg;
		return 1;
	case 'f':
		if (*arg == '\0')
			pp_usage_error("--field: a field name is required");
		c->field = interns(arg);
		return 1;
	case 'g':
		free(c->group_by);
		c->group_by = pp_split_names(arg, &c->ngroup);
		c->group_set = 1;
		return 1;
	case 'q':
		c->quiet = 1;
		pp_quiet(1);
		return 1;
	case OPT_INPUT_FORMAT:
		if ((f = fmt_parse_in(arg)) < 0)
			pp_usage_error("--input-format: '%s' is not csv, tsv, "
			    "json or another tool's format of pp(7)", arg);
		c->in_fmt = f;
		header_format(c);
		return 1;
	case OPT_OUTPUT_FORMAT:
		if ((f = fmt_parse_out(arg)) < 0)
			pp_usage_error("--output-format: '%s' is not csv, "
			    "tsv, json, table, openmetrics, markdown or junit", arg);
		c->out_fmt = f;
		return 1;
	case OPT_TIME_FIELD:
		if (*arg == '\0')
			pp_usage_error("--time-field: a field name is "
			    "required");
		c->time_field = interns(arg);
		return 1;
	case OPT_METRICS:
		free(c->metrics);
		c->metrics = pp_split_names(arg, &c->nmetrics);
		if (c->nmetrics == 0)
			pp_usage_error("--metrics: '%s' names no column", arg);
		return 1;
	case OPT_STRICT:
		c->strict = 1;
		pp_badrec_strict(1);
		return 1;
	case 'F':
		free(c->view.fields);
		c->view.fields = NULL;
		c->view.nfields = 0;
		c->fields_all = strcmp(arg, "all") == 0;
		if (!c->fields_all)
			c->view.fields = pp_split_names(arg, &c->view.nfields);
		if (!c->fields_all && c->view.nfields == 0)
			pp_usage_error("--fields: '%s' names no field (or "
			    "'all' for every one)", arg);
		return 1;
	case 'j':
		c->jobs = (int)opt_count("--jobs", arg, 1, 256);
		return 1;
	case OPT_HEADER:
		free(c->header);
		c->header = header_names(arg, &c->nheader);
		header_format(c);
		return 1;
	case OPT_PRECISION:
		/* a double holds 15 significant digits, not 17 */
		c->view.precision = (int)opt_count("--precision", arg, 1, 15);
		return 1;
	default:
		return 0;
	}
}

pp_time
opt_time(const char *opt, const char *arg)
{
	static pp_time now;
	char day[64];
	pp_time t;

	/* Read once: --start now --end now is one time. */
	if (strcmp(arg, "now") == 0)
		return now != 0 ? now : (now = time_now());
	/* A date is its midnight, UTC. */
	snprintf(day, sizeof(day), "%sT00:00:00Z", arg);
	if (time_parse(strlen(arg) == 10 && arg[4] == '-' ? day : arg,
	    &t) != 0)
		pp_usage_error("%s: '%s' is not a time: give a date "
		    "(2026-01-31), RFC 3339 (2026-01-31T12:00:00Z), Unix "
		    "seconds or now", opt, arg);
	return t;
}

double
opt_duration(const char *opt, const char *arg, int zero_ok)
{
	double v;

	switch (parse_duration(arg, &v)) {
	case 0:
		if (v > 0 || zero_ok)
			return v;
		break;
	case PARSE_NOUNIT:
		pp_usage_error("%s: '%s' has no unit: write %ss, %sm, %sh or "
		    "%sd", opt, arg, arg, arg, arg, arg);
	case PARSE_RANGE:
		pp_usage_error("%s: '%s' is longer than a century", opt, arg);
	default:
		break;
	}
	pp_usage_error("%s: '%s' is not a%s duration (e.g. 500ms, 1s, 30d)",
	    opt, arg, zero_ok ? "" : " positive");
}

double
opt_percent(const char *opt, const char *arg, double lo, double hi, int open)
{
	int lo_open = (open & PCT_LO_OPEN) != 0, hi_open = (open &
	    PCT_HI_OPEN) != 0;
	double v;

	if (parse_percent(arg, &v) == 0 && v >= lo && v <= hi &&
	    !(lo_open && v == lo) && !(hi_open && v == hi))
		return v;
	if (hi >= PCT_MAX)
		pp_usage_error("%s: '%s' is not a percentage %s %g%s", opt, arg,
		    lo_open ? "above" : "of", lo * 100, lo_open ? "" :
		    " or more");
	if (lo_open && hi_open)
		pp_usage_error("%s: '%s' is not a percentage strictly between "
		    "%g and %g", opt, arg, lo * 100, hi * 100);
	pp_usage_error("%s: '%s' is not a percentage %s %g %s %g", opt, arg,
	    lo_open ? "above" : "from", lo * 100, lo_open ? "and at most" :
	    hi_open ? "to below" : "to", hi * 100);
}

long
opt_count(const char *opt, const char *arg, long min, long max)
{
	long v;
	double d = 0;

	if (parse_long(arg, min, max, &v) == 0)
		return v;
	if (max != OPT_COUNT_MAX)
		pp_usage_error("%s: '%s' is not a whole number from %ld to %ld",
		    opt, arg, min, max);
	if (parse_long(arg, min, max, &v) == PARSE_RANGE &&
	    parse_double(arg, &d) != PARSE_BAD && !(d < (double)max))
		pp_usage_error("%s: '%s' is too large (at most %ld)", opt, arg,
		    max);
	pp_usage_error("%s: '%s' is not a whole number from %ld", opt, arg,
	    min);
}

void
pp_junit_refuse(const struct pp_common *c)
{
	if (c->out_fmt == FMT_JUNIT)
		pp_usage_error("--output-format junit: only the gates write "
		    "JUnit (pp-budget, pp-trend --fail-on, pp-abtest analyze "
		    "--fail-on, pp-cost --require-coverage)");
}

void
pp_common_refuse(const struct pp_common *c, unsigned flags,
    const char *const why[3])
{
	if ((flags & PP_NO_FIELD) && c->field != interns("value"))
		pp_usage_error("-f: %s", why[0]);
	if ((flags & PP_NO_GROUP) && c->group_set)
		pp_usage_error("-g: %s", why[1]);
	if ((flags & PP_NO_TIME) && c->time_field != NULL)
		pp_usage_error("--time-field: %s", why[2]);
}

void
pp_common_rdopts(const struct pp_common *c, struct rdopts *o)
{
	memset(o, 0, sizeof(*o));
	o->fmt = c->in_fmt;
	o->metrics = c->metrics;
	o->nmetrics = c->nmetrics;
	o->progress = !c->quiet && isatty(STDERR_FILENO);
	o->jobs = c->jobs;
	o->header = c->header;
	o->nheader = c->nheader;
}

int
word_find(const struct opt_word *tab, const char *s)
{
	for (; tab->name != NULL; tab++)
		if (strcmp(s, tab->name) == 0)
			return tab->val;
	return -1;
}

void
word_list(const struct opt_word *tab, struct buf *b)
{
	for (; tab->name != NULL; tab++)
		buf_printf(b, "%s%s", tab->name, tab[1].name == NULL ? "" :
		    tab[2].name == NULL ? " or " : ", ");
}

int
opt_word(const char *opt, const char *arg, const struct opt_word *tab)
{
	struct buf b = BUF_INIT;
	int v;

	if ((v = word_find(tab, arg)) >= 0)
		return v;
	word_list(tab, &b);
	pp_usage_error("%s: '%s' is not %s", opt, arg, b.p);
}
