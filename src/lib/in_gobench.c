/*
 * The Go benchmark format (pp(7) OTHER TOOLS' FORMATS), as go test
 * -bench writes it and benchstat reads it: configuration lines "key:
 * value" label the benchmark lines after them; each value and unit of
 * a benchmark line is one metric record.  Other lines are ignored.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "import.h"
#include "units.h"

#define WHAT		"Go benchmark format"
#define MAX_CONFIG	64	/* configuration labels held at once */
#define NUM_MAX		64	/* longest number read, with a suffix */

struct config {
	const char	*name;		/* interned */
	char		*value;		/* owned */
	size_t		 len;
};

struct gobench {
	struct config	 conf[MAX_CONFIG];
	size_t		 nconf;
	struct hmap	 runs;		/* name as printed: count so far */
	const char	*n_benchmark, *n_procs, *n_run;
	int		 started;	/* a line other than blank was read */
	int		 refused;	/* the input is not of this format */
};

extern const struct importer import_gobench;

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the key of a configuration line, or 0 if it is none. */
static size_t
config_key(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; i < n && s[i] != ':'; i++)
		if (is_space(s[i]) || (s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	if (i == n || (i + 1 < n && !is_space(s[i + 1])))
		return 0;
	return i;
}

/* 1 if s starts a benchmark line: "Benchmark", then no lower case. */
static int
is_bench(const char *s, size_t n)
{
	return n >= 9 && memcmp(s, "Benchmark", 9) == 0 &&
	    (n == 9 || !(s[9] >= 'a' && s[9] <= 'z'));
}

static int
sniff(const char *s, size_t n)
{
	static const char *const conf[] = {
		"goos: ", "goarch: ", "pkg: ", "cpu: "
	};
	size_t i;

	for (i = 0; i < sizeof(conf) / sizeof(conf[0]); i++)
		if (n >= strlen(conf[i]) &&
		    memcmp(s, conf[i], strlen(conf[i])) == 0)
			return 1;
	if (n < 10 || memcmp(s, "Benchmark", 9) != 0 ||
	    !((s[9] >= 'A' && s[9] <= 'Z') || is_digit(s[9]) || s[9] == '_'))
		return 0;
	for (i = 10; i < n && !is_space(s[i]); i++)
		;
	if (i == n)
		return 0;
	while (i < n && is_space(s[i]))
		i++;
	return i < n && is_digit(s[i]);
}

static struct gobench *
state(struct imp *m)
{
	void **st = imp_state(m);
	struct gobench *g;

	if (*st != NULL)
		return *st;
	g = xcalloc(1, sizeof(*g));
	hmap_init(&g->runs);
	g->n_benchmark = interns("benchmark");
	g->n_procs = interns("procs");
	g->n_run = interns("run");
	*st = g;
	return g;
}

static void
end(struct imp *m)
{
	struct gobench *g = *imp_state(m);
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nconf; i++)
		free(g->conf[i].value);
	hmap_free(&g->runs);
	free(g);
}

/* A configuration line: sets, replaces or (empty) removes a label. */
static void
config(struct imp *m, struct gobench *g, const char *s, size_t n,
    size_t klen)
{
	static const char *const taken[] = {
		"ts", "metric", "value", "unit", "benchmark", "procs", "run"
	};
	const char *v = s + klen + 1, *name;
	size_t vlen = n - klen - 1, i;

	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		if (strlen(taken[i]) == klen && memcmp(s, taken[i], klen) == 0) {
			imp_bad(m, WHAT ": configuration key '%s' is a field "
			    "of pp's metric records", taken[i]);
			return;
		}
	while (vlen > 0 && is_space(*v))
		v++, vlen--;
	while (vlen > 0 && is_space(v[vlen - 1]))
		vlen--;
	name = intern(s, klen);
	for (i = 0; i < g->nconf && g->conf[i].name != name; i++)
		;
	if (i < g->nconf && g->conf[i].len == vlen &&
	    memcmp(g->conf[i].value, v, vlen) == 0)
		return;
	/* Another package or machine: the runs are counted afresh. */
	hmap_free(&g->runs);
	hmap_init(&g->runs);
	if (i < g->nconf) {
		free(g->conf[i].value);
		if (vlen == 0) {
			memmove(&g->conf[i], &g->conf[i + 1],
			    (g->nconf - i - 1) * sizeof(g->conf[0]));
			g->nconf--;
			return;
		}
	} else if (vlen == 0) {
		return;
	} else if (g->nconf == MAX_CONFIG) {
		imp_bad(m, WHAT ": more than %d configuration keys",
		    MAX_CONFIG);
		return;
	} else
		g->conf[g->nconf++].name = name;
	g->conf[i].value = xmalloc(vlen + 1);
	memcpy(g->conf[i].value, v, vlen);
	g->conf[i].value[vlen] = '\0';
	g->conf[i].len = vlen;
}

struct field {
	const char	*p;
	size_t		 n;
};

/* Splits s at runs of white space into at most max fields. */
static size_t
split(const char *s, size_t n, struct field *f, size_t max)
{
	size_t i = 0, nf = 0, start;

	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			return nf;
		start = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (nf == max)
			return max + 1;
		f[nf].p = s + start;
		f[nf++].n = i - start;
	}
}

/*
 * The value of f as a double, times 10^exp10: the exponent is added to
 * the text, so that "126.4" ns is the double nearest 1.264e-07 s.
 */
static int
number(const struct field *f, int exp10, double *d)
{
	char b[NUM_MAX + 8];

	if (f->n == 0 || f->n > NUM_MAX)
		return -1;
	memcpy(b, f->p, f->n);
	b[f->n] = '\0';
	if (exp10 != 0) {
		/* "1.5e+03": the exponents add up. */
		char *e = memchr(b, 'e', f->n), *end;
		long x = 0;

		if (e == NULL)
			e = memchr(b, 'E', f->n);
		if (e != NULL) {
			x = strtol(e + 1, &end, 10);
			if (end == e + 1 || *end != '\0' || x < -999 ||
			    x > 999)
				return -1;
		} else
			e = b + f->n;
		snprintf(e, sizeof(b) - (size_t)(e - b), "e%ld", x + exp10);
	}
	return parse_double(b, d) != 0 ? -1 : 0;
}

/*
 * The metric, unit and power of ten of a Go unit.  Units of its own
 * ("elems/op", "ns/insert") name the metric, '/' read as "_per_".
 */
static const char *
metric_of(const struct field *u, const char **unit, int *exp10)
{
	static const struct {
		const char *go, *metric, *unit;
		int exp10;
	} known[] = {
		{ "ns/op", "time_per_op", "s", -9 },
		{ "sec/op", "time_per_op", "s", 0 },
		{ "B/op", "bytes_per_op", "bytes", 0 },
		{ "allocs/op", "allocs_per_op", "count", 0 },
		{ "MB/s", "throughput", "bytes/s", 6 },
		{ "B/s", "throughput", "bytes/s", 0 },
	};
	char b[256];
	size_t i, j;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].go) == u->n &&
		    memcmp(known[i].go, u->p, u->n) == 0) {
			*unit = known[i].unit;
			*exp10 = known[i].exp10;
			return known[i].metric;
		}
	*unit = "count";
	*exp10 = 0;
	for (i = j = 0; i < u->n && j + 6 < sizeof(b); i++) {
		if (u->p[i] == '/') {
			memcpy(b + j, "_per_", 5);
			j += 5;
		} else
			b[j++] = u->p[i];
	}
	return intern(b, j);
}

/*
 * The text of f times 10^exp10 as fmt_double writes the double it reads
 * as ("%.*g" with the fewest digits that read back), made from the
 * digits themselves: fmt_double tries one precision after another, and
 * that was most of the time of reading.  Up to 15 significant digits
 * are a double's own shortest text (DBL_DIG), so this is the same
 * text; -1 for more, and fmt_double does it.
 */
static int
shift(const struct field *f, int exp10, char out[32])
{
	char dig[16] = { 0 };
	const char *p = f->p, *end = f->p + f->n;
	long e10 = exp10, x;
	int nd = 0, point = 0, neg = 0, e, i;
	char *o = out;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p != 'e' && *p != 'E'; p++) {
		if (*p == '.') {
			point = 1;
			continue;
		}
		if (nd == 0 && *p == '0') {
			e10 -= point;		/* 0.00123 */
			continue;
		}
		if (nd == 15)
			return -1;
		dig[nd++] = *p;
		e10 += !point;			/* 123.4 */
	}
	if (p < end) {
		x = strtol(p + 1, NULL, 10);
		e10 += x;
	}
	while (nd > 0 && dig[nd - 1] == '0')
		nd--;
	if (nd == 0) {
		strcpy(out, "0");
		return 0;
	}
	e = (int)(e10 - 1);			/* of the first digit */
	if (e < -300 || e > 300)
		return -1;
	if (neg)
		*o++ = '-';
	if (e < -4 || e >= nd) {
		*o++ = dig[0];
		if (nd > 1)
			*o++ = '.';
		for (i = 1; i < nd; i++)
			*o++ = dig[i];
		*o++ = 'e';
		*o++ = e < 0 ? '-' : '+';
		if (e < 0)
			e = -e;
		if (e >= 100)
			*o++ = (char)('0' + e / 100);
		*o++ = (char)('0' + e / 10 % 10);
		*o++ = (char)('0' + e % 10);
		*o = '\0';
		return 0;
	}
	if (e < 0) {
		*o++ = '0';
		*o++ = '.';
		for (i = -1; i > e; i--)
			*o++ = '0';
	}
	for (i = 0; i < nd; i++) {
		if (i == e + 1 && e >= 0)
			*o++ = '.';
		*o++ = dig[i];
	}
	*o = '\0';
	return 0;
}

/*
 * A record of value v: a value in a base unit already keeps its text
 * as Go wrote it ("920", "100.0"), a converted one is as fmt_double
 * writes it.
 */
static struct rec *
value(struct imp *m, const char *metric, const struct field *f, int exp10,
    double v, const char *unit)
{
	char b[NUM_MAX + 1];

	if (exp10 == 0) {
		memcpy(b, f->p, f->n);
		b[f->n] = '\0';
	} else if (shift(f, exp10, b) != 0)
		return imp_metric_num(m, NULL, metric, v, unit);
	return imp_metric(m, NULL, metric, b, unit);
}

/* The run number of benchmark name, counted from 1. */
static unsigned long
next_run(struct gobench *g, const struct field *name)
{
	struct hmap_entry *e = hmap_put(&g->runs, name->p, name->n);
	uintptr_t run = (uintptr_t)e->val + 1;

	e->val = (void *)run;
	return run;
}

/* The labels of one record of a benchmark line. */
static void
labels(struct gobench *g, struct rec *r, const struct field *bench,
    const struct field *procs, const char *run, size_t runlen)
{
	size_t i;

	rec_add(r, g->n_benchmark, bench->p, bench->n, 0);
	if (procs->n > 0)
		rec_add(r, g->n_procs, procs->p, procs->n, 0);
	for (i = 0; i < g->nconf; i++)
		rec_add(r, g->conf[i].name, g->conf[i].value, g->conf[i].len,
		    0);
	rec_add(r, g->n_run, run, runlen, 0);
}

/* The fields of a benchmark line, the name's "-GOMAXPROCS" split off. */
#define MAX_FIELDS	64
static void
bench_line(struct imp *m, struct gobench *g, const char *s, size_t n)
{
	struct field f[MAX_FIELDS], bench, procs = { NULL, 0 };
	const char *metric, *unit;
	char run[24];
	double v[MAX_FIELDS / 2];
	size_t nf, i, runlen;
	int exp10, namelen;

	nf = split(s, n, f, MAX_FIELDS);
	if (nf == 1)		/* the name alone, before logs or a failure */
		return;
	namelen = f[0].n > 100 ? 100 : (int)f[0].n;
	if (nf > MAX_FIELDS) {
		imp_bad(m, WHAT ": %.*s: more than %d fields", namelen,
		    f[0].p, MAX_FIELDS);
		return;
	}
	for (i = 0; i < f[1].n && is_digit(f[1].p[i]); i++)
		;
	if (i == 0 || i < f[1].n) {
		imp_bad(m, WHAT ": %.*s: iteration count '%.*s' is not a "
		    "whole number", namelen, f[0].p,
		    f[1].n > 40 ? 40 : (int)f[1].n, f[1].p);
		return;
	}
	if (nf == 2) {
		imp_bad(m, WHAT ": %.*s: no value and unit after the "
		    "iteration count", namelen, f[0].p);
		return;
	}
	if (nf % 2 != 0) {
		imp_bad(m, WHAT ": %.*s: value '%.*s' has no unit", namelen,
		    f[0].p, f[nf - 1].n > 40 ? 40 : (int)f[nf - 1].n,
		    f[nf - 1].p);
		return;
	}
	for (i = 2; i < nf; i += 2) {
		metric_of(&f[i + 1], &unit, &exp10);
		if (number(&f[i], exp10, &v[i / 2]) != 0) {
			imp_bad(m, WHAT ": %.*s: value '%.*s' of '%.*s' is "
			    "not a number", namelen, f[0].p,
			    f[i].n > 40 ? 40 : (int)f[i].n, f[i].p,
			    f[i + 1].n > 40 ? 40 : (int)f[i + 1].n,
			    f[i + 1].p);
			return;
		}
	}
	bench = f[0];
	for (i = bench.n; i > 0 && is_digit(bench.p[i - 1]); i--)
		;
	if (i > 1 && i < bench.n && bench.p[i - 1] == '-') {
		procs.p = bench.p + i;
		procs.n = bench.n - i;
		bench.n = i - 1;
	}
	runlen = (size_t)snprintf(run, sizeof(run), "%lu",
	    next_run(g, &f[0]));
	for (i = 2; i < nf; i += 2) {
		metric = metric_of(&f[i + 1], &unit, &exp10);
		labels(g, value(m, metric, &f[i], exp10, v[i / 2], unit),
		    &bench, &procs, run, runlen);
	}
}

/* 1 if s is a line of go test's own ("PASS", "ok  \tpkg\t0.1s"). */
static int
is_go_test(const char *s, size_t n)
{
	static const char *const start[] = {
		"PASS", "FAIL", "ok", "?", "===", "---"
	};
	size_t i, k;

	for (i = 0; i < sizeof(start) / sizeof(start[0]); i++) {
		k = strlen(start[i]);
		if (n >= k && memcmp(s, start[i], k) == 0 &&
		    (n == k || is_space(s[k]) || start[i][0] == '-' ||
		    start[i][0] == '='))
			return 1;
	}
	return 0;
}

static void
line(struct imp *m, const char *s, size_t n)
{
	struct gobench *g = state(m);
	size_t klen;

	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (g->refused || n == 0)
		return;
	klen = config_key(s, n);
	if (!g->started) {
		/* Read as gobench by --input-format: is it? */
		g->started = 1;
		if (!is_bench(s, n) && klen == 0 && !is_go_test(s, n)) {
			imp_bad(m, "not %s: '%.*s' is neither a configuration "
			    "line nor a benchmark line", import_gobench.what,
			    n > 40 ? 40 : (int)n, s);
			g->refused = 1;
			return;
		}
	}
	if (is_bench(s, n))
		bench_line(m, g, s, n);
	else if (klen > 0)
		config(m, g, s, n, klen);
}

const struct importer import_gobench = {
	.name = "gobench",
	.what = "Go benchmark output (go test -bench)",
	.sniff_line = sniff,
	.line = line,
	.end = end,
};
