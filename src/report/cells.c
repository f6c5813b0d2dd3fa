/*
 * pp-report's numbers for people: every table cell and every tick of a
 * chart is written through here, so that the page reads one way.  The
 * shapes are those of the library's human_field, human_number and
 * human_scale, which these stand in for.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/* Is unit an ISO 4217 currency (three capitals)? */
static int
is_currency(const char *u)
{
	return u != NULL && strlen(u) == 3 && isupper((unsigned char)u[0]) &&
	    isupper((unsigned char)u[1]) && isupper((unsigned char)u[2]);
}

/* About three significant digits, whole numbers as they are. */
static void
plain(struct buf *b, double x)
{
	if (fabs(x) >= 1000 && fabs(x) < 1e15)
		buf_printf(b, "%.0f", x);
	else if (x == 0)
		buf_adds(b, "0");
	else
		buf_printf(b, "%.3g", x);
}

void
report_number(struct buf *b, double x, const char *unit, int precision)
{
	static const char *const bu[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double a = fabs(x);
	int i;

	(void)precision;
	if (unit == NULL)
		unit = "";
	if (strcmp(unit, "s") == 0) {
		if (a >= 1 || a == 0 || !isfinite(a))
			buf_printf(b, "%.3g s", x);
		else if (a >= 1e-3)
			buf_printf(b, "%.3g ms", x * 1e3);
		else if (a >= 1e-6)
			buf_printf(b, "%.3g µs", x * 1e6);
		else
			buf_printf(b, "%.3g ns", x * 1e9);
	} else if (strcmp(unit, "bytes") == 0) {
		for (i = 0; i < 4 && a >= 1024; i++, a /= 1024)
			;
		buf_printf(b, "%.3g %s", x < 0 ? -a : a, bu[i]);
	} else if (strcmp(unit, "percent") == 0 || strcmp(unit, "%") == 0)
		buf_printf(b, "%.3g%%", x);
	else if (is_currency(unit))
		buf_printf(b, "%.2f %s", x, unit);
	else
		plain(b, x);
}

const char *
report_scale(double max, const char *unit, double *factor)
{
	static const char *const bu[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double a = fabs(max);
	int i;

	*factor = 1;
	if (unit == NULL)
		return "";
	if (strcmp(unit, "s") == 0) {
		if (a >= 1 || a == 0)
			return "s";
		if (a >= 1e-3)
			return *factor = 1e-3, "ms";
		if (a >= 1e-6)
			return *factor = 1e-6, "µs";
		return *factor = 1e-9, "ns";
	}
	if (strcmp(unit, "bytes") == 0) {
		for (i = 0; i < 4 && a >= 1024; i++, a /= 1024)
			*factor *= 1024;
		return bu[i];
	}
	if (strcmp(unit, "percent") == 0)
		return "%";
	if (is_currency(unit))
		return unit;
	return "";
}

/* Does name end in suffix? */
static int
ends(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* The fields of a record that are in its unit. */
static int
in_unit(const char *name)
{
	static const char *const f[] = { "value", "mean", "sd", "min", "max",
	    "p50", "p90", "p95", "p99", "median", "median_lo", "median_hi",
	    "diff", "diff_lo", "diff_hi", "observed", "limit", "before",
	    "after", "baseline", "expected", NULL };
	size_t i;

	for (i = 0; f[i] != NULL; i++)
		if (strcmp(name, f[i]) == 0)
			return 1;
	return strncmp(name, "forecast_", 9) == 0;
}

void
report_field(struct buf *b, const struct rec *r, const char *name,
    const char *value, int precision)
{
	const char *u = rec_get(r, interns("unit"));
	double x;

	if (parse_double(value, &x) != 0)
		buf_adds(b, value);
	else if (ends(name, "_p") || strcmp(name, "p_value") == 0 ||
	    strcmp(name, "p_adjusted") == 0) {
		if (x < 0.001)
			buf_adds(b, "<0.001");
		else
			buf_printf(b, "%.3f", x);
	} else if (ends(name, "_pct") || ends(name, "_pct_lo") ||
	    ends(name, "_pct_hi"))
		report_number(b, x, "percent", precision);
	else if (ends(name, "_s"))
		report_number(b, x, "s", precision);
	else if (strcmp(name, "cost") == 0 || strcmp(name, "savings") == 0)
		report_number(b, x, is_currency(u) ? u : "USD", precision);
	else if (in_unit(name))
		report_number(b, x, u, precision);
	else
		report_number(b, x, NULL, precision);
}
