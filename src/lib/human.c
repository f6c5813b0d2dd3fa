/*
 * Numbers for people.  One home for how pp shows a number to a person,
 * so that a table, a Markdown comment, the HTML report and a gate's
 * message agree: "120 ms" everywhere, never 0.1199305785.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "human.h"
#include "money.h"
#include "units.h"

/* Appends x with p significant digits, never in exponent form between
 * 1e-3 and 1e15, trailing zeros of the fraction dropped. */
static void
sig(struct buf *b, double x, int p)
{
	char t[64];
	double a = fabs(x);
	int e, d;
	size_t n;

	if (x == 0 || !isfinite(x)) {
		buf_adds(b, x == 0 ? "0" : isnan(x) ? "nan" : x > 0 ? "inf" :
		    "-inf");
		return;
	}
	e = (int)floor(log10(a));
	if (e < -3 || e >= 15) {
		snprintf(t, sizeof(t), "%.*g", p, x);
		buf_adds(b, t);
		return;
	}
	d = e >= p - 1 ? 0 : p - 1 - e;
	snprintf(t, sizeof(t), "%.*f", d, x);
	n = strlen(t);
	if (d > 0) {
		while (t[n - 1] == '0')
			n--;
		if (t[n - 1] == '.')
			n--;
	}
	if (n == 2 && t[0] == '-' && t[1] == '0')
		t[0] = '0', n = 1;	/* no "-0" */
	buf_add(b, t, n);
}

/* Seconds: ns, µs, ms or s below a minute; "1m 35s", "2h 05m", "3d 4h"
 * above, where significant digits mean little. */
static void
duration(struct buf *b, double x, int p)
{
	static const struct { double mul; const char *name; } u[] = {
		{ 1e9, "ns" }, { 1e6, "µs" }, { 1e3, "ms" }, { 1, "s" }
	};
	double a = fabs(x);
	long long s;
	size_t i;

	if (a == 0 || !isfinite(a) || a < 59.5) {
		for (i = 3; i > 0 && a * u[i].mul < 0.9995; i--)
			;
		if (a == 0 || !isfinite(a))
			i = 3;
		/* times, not over 1e-9: 100 ns stays 100, not 99.99... */
		sig(b, x * u[i].mul, p);
		buf_addc(b, ' ');
		buf_adds(b, u[i].name);
		return;
	}
	if (a >= 1e12) {	/* past 30,000 years: days, in digits */
		sig(b, x / 86400, p);
		buf_adds(b, " d");
		return;
	}
	s = llround(a);
	if (x < 0)
		buf_addc(b, '-');
	if (s < 3600)
		buf_printf(b, "%lldm %02llds", s / 60, s % 60);
	else if (s < 86400)
		buf_printf(b, "%lldh %02lldm", s / 3600, s / 60 % 60);
	else
		buf_printf(b, "%lldd %lldh", s / 86400, s / 3600 % 24);
}

static const char *const size_units[] = { "B", "KiB", "MiB", "GiB", "TiB",
    "PiB" };

static void
size(struct buf *b, double x, int p)
{
	double a = fabs(x);
	int i;

	for (i = 0; i < 5 && a >= 1024 * 0.9995; i++)
		a /= 1024;
	sig(b, x < 0 ? -a : a, p);
	buf_addc(b, ' ');
	buf_adds(b, size_units[i]);
}

/* An ISO 4217 code: three capital letters. */
static int
is_currency(const char *u)
{
	return isupper((unsigned char)u[0]) && isupper((unsigned char)u[1]) &&
	    isupper((unsigned char)u[2]) && u[3] == '\0';
}

/* Money to the cent; an amount below half a cent that is not zero keeps
 * its significant digits rather than reading as nothing. */
static void
money_double_cents(struct buf *b, double x, const char *cur, int p)
{
	if (x != 0 && fabs(x) < 0.005)
		sig(b, x, p);
	else
		buf_printf(b, "%.2f", x == 0 ? 0.0 : x);
	buf_addc(b, ' ');
	buf_adds(b, cur);
}

/* Money from its exact decimal text: rounded half to even to the cent
 * from the digits, not from a double. */
static int
money_text_cents(struct buf *b, const char *s, const char *cur, int p)
{
	struct decimal d;
	int64_t q, r, half, m;
	int k;

	if (decimal_parse(s, &d) != 0)
		return -1;
	if (d.scale > 2 && d.scale - 2 <= 18) {
		for (m = 1, k = 0; k < d.scale - 2; k++)
			m *= 10;
		q = d.mant / m;
		r = d.mant % m;
		if (r < 0)
			r = -r;
		half = m / 2;
		if (r > half || (r == half && (q % 2 != 0)))
			q += d.mant < 0 ? -1 : 1;
		if (q == 0 && d.mant != 0 && r < half) {
			/* below half a cent: its digits, not 0.00 */
			sig(b, strtod(s, NULL), p);
			buf_addc(b, ' ');
			buf_adds(b, cur);
			return 0;
		}
		d.mant = q;
		d.scale = 2;
	} else if (d.scale > 2 || d.mant > INT64_MAX / 100 ||
	    d.mant < -(INT64_MAX / 100))
		return -1;
	for (; d.scale < 2; d.scale++)
		d.mant *= 10;
	buf_printf(b, "%s%lld.%02lld", d.mant < 0 ? "-" : "",
	    (long long)(d.mant < 0 ? -d.mant : d.mant) / 100,
	    (long long)(d.mant < 0 ? -d.mant : d.mant) % 100);
	buf_addc(b, ' ');
	buf_adds(b, cur);
	return 0;
}

int
human_money(struct buf *b, const char *text, const char *cur, int p)
{
	if (p <= 0)
		p = HUMAN_PRECISION;
	return is_currency(cur) ? money_text_cents(b, text, cur, p) : -1;
}

void
human_number(struct buf *b, double x, const char *unit, int p)
{
	const char *base;
	double f;

	if (p <= 0)
		p = HUMAN_PRECISION;
	if (unit == NULL || *unit == '\0' || strcmp(unit, "count") == 0 ||
	    strcmp(unit, "ratio") == 0) {
		sig(b, x, p);
		return;
	}
	if (strcmp(unit, "percent") == 0 || strcmp(unit, "%") == 0) {
		buf_printf(b, "%.1f%%", fabs(x) < 0.05 ? 0.0 : x);
		return;
	}
	if (is_currency(unit)) {
		money_double_cents(b, x, unit, p);
		return;
	}
	if (unit_base(unit, &base, &f) == 0 && strcmp(base, "s") == 0) {
		duration(b, x * f, p);
		return;
	}
	if (unit_base(unit, &base, &f) == 0 && strcmp(base, "bytes") == 0) {
		size(b, x * f, p);
		return;
	}
	sig(b, x, p);
	buf_addc(b, ' ');
	buf_adds(b, unit);
}

/* Does name end in suffix (and have something before it)? */
static int
ends(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

static int
starts(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* A quantile's name: p50, p95, p999, p95_lo. */
static int
is_quantile(const char *name)
{
	size_t i;

	if (name[0] != 'p' || !isdigit((unsigned char)name[1]))
		return 0;
	for (i = 1; isdigit((unsigned char)name[i]); i++)
		;
	return name[i] == '\0' || name[i] == '_';
}

/* Fields that are statistics of a record's values, so in its unit. */
static int
in_record_unit(const char *name)
{
	static const char *const names[] = {
		"value", "mean", "sd", "stddev", "min", "max", "median",
		"median_lo", "median_hi", "mad", "iqr", "q1", "q3", "before",
		"after", "baseline", "observed", "limit", "expected",
		"threshold", "diff", "diff_lo", "diff_hi", "delta", "lo", "hi",
		"ci_lo", "ci_hi", "slope", "slope_lo", "slope_hi", "sum",
		"total", "actual", "target_value", NULL
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return is_quantile(name) || starts(name, "forecast");
}

/* The names of the fields that give a record's unit, interned once. */
static const char *
name_unit(void)
{
	static const char *n;

	return n != NULL ? n : (n = interns("unit"));
}

static const char *
name_currency(void)
{
	static const char *n;

	return n != NULL ? n : (n = interns("currency"));
}

static int
is_money_name(const char *name)
{
	return strcmp(name, "cost") == 0 || strcmp(name, "amount") == 0 ||
	    strcmp(name, "total") == 0 || strcmp(name, "price") == 0 ||
	    strcmp(name, "savings") == 0 || starts(name, "cost_") ||
	    ends(name, "_cost") || ends(name, "_savings");
}

/* The record's value unit ("unit", or a currency field), or NULL. */
static const char *
record_unit(const struct rec *r)
{
	const char *u;

	if (r == NULL)
		return NULL;
	if ((u = rec_get(r, name_unit())) != NULL && *u != '\0')
		return u;
	if ((u = rec_get(r, name_currency())) != NULL && *u != '\0')
		return u;
	return NULL;
}

const char *
human_field_unit(const struct rec *r, const char *name, int *per_day)
{
	const char *cur;

	*per_day = 0;
	if (ends(name, "_pct") || strstr(name, "_pct_") != NULL ||
	    strcmp(name, "pct") == 0 ||
	    strcmp(name, "share") == 0)
		return "percent";
	if (ends(name, "_s") || ends(name, "_seconds"))
		return "s";
	if (ends(name, "_bytes"))
		return "bytes";
	if (is_money_name(name) && r != NULL &&
	    (cur = rec_get(r, name_currency())) != NULL && *cur != '\0')
		return cur;
	if (in_record_unit(name)) {
		*per_day = starts(name, "slope");
		return record_unit(r);
	}
	return NULL;
}

static int
is_pvalue(const char *name)
{
	return strcmp(name, "p_value") == 0 || strcmp(name, "p_adjusted") ==
	    0 || strcmp(name, "pvalue") == 0 || ends(name, "_p");
}

static int
is_time(const char *name)
{
	return strcmp(name, "ts") == 0 || ends(name, "_ts") ||
	    strcmp(name, "timestamp") == 0 || strcmp(name, "time") == 0;
}

/* "2026-12-04T15:52:18.120173Z" as "2026-12-04 15:52:18Z": seconds are
 * as fine as a person reads a table. */
static void
human_time(struct buf *b, const char *v)
{
	pp_time t;
	char s[PP_TIME_LEN], *dot;

	if (time_parse(v, &t) != 0 || strchr(v, '-') == NULL) {
		buf_adds(b, v);
		return;
	}
	time_format(t, s);
	if ((dot = strchr(s, '.')) != NULL)
		strcpy(dot, "Z");
	if ((dot = strchr(s, 'T')) != NULL)
		*dot = ' ';
	buf_adds(b, s);
}

void
human_field(struct buf *b, const struct rec *r, const char *name,
    const char *value, int p)
{
	const char *unit;
	double x;
	int per_day;

	if (p <= 0)
		p = HUMAN_PRECISION;
	if (is_time(name)) {
		human_time(b, value);
		return;
	}
	if (parse_double(value, &x) != 0) {
		buf_adds(b, value);
		return;
	}
	if (is_pvalue(name)) {
		if (x < 0.001)
			buf_adds(b, "<0.001");
		else
			buf_printf(b, "%.3f", x);
		return;
	}
	unit = human_field_unit(r, name, &per_day);
	if (unit != NULL && is_currency(unit) && !per_day &&
	    money_text_cents(b, value, unit, p) == 0)
		return;
	human_number(b, x, unit, p);
	if (per_day)
		buf_adds(b, "/d");
}

const char *
human_scale(double max, const char *unit, double *factor)
{
	static const struct { double div; const char *name; } t[] = {
		{ 1e-9, "ns" }, { 1e-6, "µs" }, { 1e-3, "ms" }, { 1, "s" },
		{ 60, "min" }, { 3600, "h" }, { 86400, "d" }
	};
	const char *base;
	double a = fabs(max), f;
	size_t i;
	int k;

	*factor = 1;
	if (unit == NULL || *unit == '\0' || strcmp(unit, "count") == 0 ||
	    strcmp(unit, "ratio") == 0)
		return "";
	if (strcmp(unit, "percent") == 0)
		return "%";
	if (unit_base(unit, &base, &f) != 0)
		return unit;
	if (strcmp(base, "s") == 0) {
		a *= f;
		for (i = 6; i > 0 && a < t[i].div; i--)
			;
		*factor = t[i].div / f;
		return t[i].name;
	}
	if (strcmp(base, "bytes") == 0) {
		a *= f;
		for (k = 0; k < 5 && a >= 1024; k++)
			a /= 1024;
		*factor = pow(1024, k) / f;
		return size_units[k];
	}
	return unit;
}

char *
fmt_human(double v, const char *unit, char out[PP_HUMAN_LEN])
{
	return human_text(v, unit, 0, out);
}

char *
human_text(double v, const char *unit, int precision, char out[PP_HUMAN_LEN])
{
	struct buf b = { 0 };

	human_number(&b, v, unit, precision);
	buf_nul(&b);
	snprintf(out, PP_HUMAN_LEN, "%s", b.p);
	buf_free(&b);
	return out;
}
