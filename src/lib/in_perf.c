/*
 * perf stat -x, output (pp(7) OTHER TOOLS' FORMATS): a metric record per
 * counter row, the event's count or time in base units; -A's CPU, the
 * thread of --per-thread, the aggregate of --per-core and its kin, and
 * -G's cgroup as labels; the times from "# started on" and -I.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "import.h"
#include "units.h"

/* perf writes at most a dozen fields; more is no perf stat row. */
#define PERF_MAXF	16
/* Fields before the value: -I's time, an aggregate and its CPU count. */
#define PERF_MAXPRE	3

#define STARTED		"# started on "

struct perf {
	int		 good;		/* a line of the format was read */
	int		 have_start;
	pp_time		 start;		/* of the "# started on" line */
	char		 start_ts[PP_TIME_LEN];
	struct buf	 line;		/* the row, fields NUL-separated */
	const char	*f[PERF_MAXF];
	size_t		 nf;
};

static struct perf *
perf_state(struct imp *m)
{
	void **st = imp_state(m);

	if (*st == NULL)
		*st = xcalloc(1, sizeof(struct perf));
	return *st;
}

static void
perf_end(struct imp *m)
{
	struct perf *p = *imp_state(m);

	if (p == NULL)
		return;
	buf_free(&p->line);
	free(p);
}

/*
 * A bad row: "perf stat -x, row: ...", or "not perf stat -x, output:
 * ..." if nothing of the format came before.
 */
#define perf_bad(m, p, ...) \
	imp_bad_line((m), &(p)->good, "perf stat -x, row:", \
	    "perf stat -x, output", __VA_ARGS__)

static int
is_number(const char *s)
{
	double d;

	return parse_double(s, &d) == 0;
}

/* An event perf could not count: no value, and no problem either. */
static int
not_counted(const char *s)
{
	return strcmp(s, "<not supported>") == 0 ||
	    strcmp(s, "<not counted>") == 0;
}

static int
value_like(const char *s)
{
	return is_number(s) || not_counted(s);
}

/*
 * "# started on Fri Dec  4 13:45:10 2026": ctime(3) of the local time
 * perf started; the time of the rows after it.
 */
static void
started(struct perf *p, const char *s, size_t n)
{
	struct tm tm;
	char b[64];
	const char *end;
	time_t t;

	n -= sizeof(STARTED) - 1;
	if (n >= sizeof(b))
		return;
	memcpy(b, s + sizeof(STARTED) - 1, n);
	b[n] = '\0';
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(b, "%a %b %d %H:%M:%S %Y", &tm)) == NULL ||
	    *end != '\0')
		return;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return;
	p->start = (pp_time)t * 1000000;
	p->have_start = 1;
	time_format(p->start, p->start_ts);
}

/* Splits the row s[0, n) at commas into p->f; -1 if too many fields. */
static int
split(struct perf *p, const char *s, size_t n)
{
	size_t i, at = 0;

	p->line.len = 0;
	buf_add(&p->line, s, n);
	buf_nul(&p->line);
	p->nf = 0;
	for (i = 0; i <= n; i++) {
		if (i < n && p->line.p[i] != ',')
			continue;
		if (p->nf == PERF_MAXF)
			return -1;
		p->line.p[i] = '\0';
		p->f[p->nf++] = p->line.p + at;
		at = i + 1;
	}
	return 0;
}

/*
 * The labels of the fields before the value, f[0, k) after -I's time:
 * "CPU3" (-A) is cpu 3; another lone field is --per-thread's thread
 * ("comm-pid"); a field and a count are --per-core's (or --per-socket's,
 * --per-die's, --per-node's) aggregate and its number of CPUs.  -1 if
 * the fields are none of these; r may be NULL to ask just that.
 */
static int
prefix_labels(struct rec *r, const char *const *f, size_t k)
{
	const char *s;

	if (k == 1 && r != NULL) {
		s = f[0];
		if (strncmp(s, "CPU", 3) == 0 && s[3] != '\0' &&
		    strspn(s + 3, "0123456789") == strlen(s + 3))
			imp_label(r, "cpu", s + 3, strlen(s + 3));
		else
			imp_label(r, "thread", s, strlen(s));
	} else if (k == 2) {
		if (!is_number(f[1]))
			return -1;
		if (r != NULL)
			imp_label(r, "aggr", f[0], strlen(f[0]));
	} else if (k > 2)
		return -1;
	return 0;
}

/*
 * The value in the unit perf wrote (msec, ns, MiB ...) as a base unit,
 * or NULL if it needs no change; *unit is the unit it is in.
 */
static const char *
base_value(const char *v, const char **unit, char b[32])
{
	const struct pp_unit *u;
	const char *name = *unit;
	double d;

	if (*name == '\0') {
		*unit = "count";
		return NULL;
	}
	if (strcmp(name, "msec") == 0)
		name = "ms";
	if ((u = unit_find(name, UNIT_RECORD)) == NULL)
		return NULL;
	if (u->mul == 1 && u->div10 == 0) {
		*unit = u->base;	/* B is bytes, its value as written */
		return NULL;
	}
	/* 0.42 ms is 0.42e-3 s, the double nearest 0.00042 */
	if (parse_scaled(v, -u->div10, &d) != 0)
		return NULL;
	*unit = u->base;
	return fmt_double(d * (double)u->mul, b);
}

/* The index of the value: a number that a unit, not a number, follows. */
static size_t
find_value(const struct perf *p)
{
	size_t i;

	for (i = 0; i <= PERF_MAXPRE && i + 2 < p->nf; i++)
		if (value_like(p->f[i]) && !value_like(p->f[i + 1]))
			return i;
	return p->nf;
}

static void
row(struct imp *m, struct perf *p)
{
	char tsb[PP_TIME_LEN], vb[32];
	const char *ts = p->have_start ? p->start_ts : NULL, *unit, *t0, *v;
	size_t i = find_value(p), j = 0;
	struct rec *r;
	pp_time t;

	if (i == p->nf) {
		perf_bad(m, p, "no count followed by a unit and an event");
		return;
	}
	if (*p->f[i + 2] == '\0') {
		perf_bad(m, p, "no event name");
		return;
	}
	/* -I: the first field is the seconds since perf started. */
	t0 = p->f[0] + strspn(p->f[0], " ");
	if (i > 0 && (i != 2 || !is_number(p->f[1])) && time_parse(t0, &t) ==
	    0 && strchr(t0, '-') == NULL) {
		ts = p->have_start ? time_format(p->start + t, tsb) : NULL;
		j = 1;
	}
	if (prefix_labels(NULL, p->f + j, i - j) != 0) {
		perf_bad(m, p, "%zu fields before the value", i - j);
		return;
	}
	if (not_counted(p->f[i])) {
		p->good = 1;
		return;
	}
	unit = p->f[i + 1];
	if ((v = base_value(p->f[i], &unit, vb)) == NULL)
		v = p->f[i];
	r = imp_metric(m, ts, p->f[i + 2], v, unit);
	prefix_labels(r, p->f + j, i - j);
	/* -G's cgroup comes after the event; -r's noise ends in '%'. */
	if (i + 4 < p->nf && *p->f[i + 3] != '\0' && !is_number(p->f[i + 3]) &&
	    p->f[i + 3][strlen(p->f[i + 3]) - 1] != '%')
		imp_label(r, "cgroup", p->f[i + 3], strlen(p->f[i + 3]));
	p->good = 1;
}

static void
perf_line(struct imp *m, const char *s, size_t n)
{
	struct perf *p = perf_state(m);
	size_t h = sizeof(STARTED) - 1;

	if (n == 0)
		return;
	if (s[0] == '#') {
		if (n > h && memcmp(s, STARTED, h) == 0)
			started(p, s, n);
		return;
	}
	if (split(p, s, n) != 0) {
		perf_bad(m, p, "more than %d fields", PERF_MAXF);
		return;
	}
	row(m, p);
}

/* Only perf stat -o's first line says what the file is. */
static int
sniff(const char *s, size_t n)
{
	size_t h = sizeof(STARTED) - 1;

	return n > h && memcmp(s, STARTED, h) == 0;
}

const struct importer import_perf = {
	.name = "perf",
	.what = "perf stat -x, output",
	.sniff_line = sniff,
	.line = perf_line,
	.end = perf_end,
};
