/*
 * Unit tests of numbers for people (human.h): significant digits,
 * durations, sizes, money to the cent from exact text, p-values,
 * percentages, times, and the field rules that pick among them.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "human.h"
#include "rec.h"
#include "tap.h"

static void
num(double x, const char *unit, int p, const char *want)
{
	struct buf b = { 0 };
	char what[128];

	human_number(&b, x, unit, p);
	snprintf(what, sizeof(what), "%.17g %s at %d reads %s", x,
	    unit ? unit : "(none)", p, want);
	tap_str(buf_nul(&b), want, what);
	buf_free(&b);
}

static void
test_numbers(void)
{
	num(0.1199305785, "s", 0, "120 ms");
	num(0.1093319081, "s", 0, "109 ms");
	num(0.1093319081, "s", 5, "109.33 ms");
	num(1.5, "s", 0, "1.5 s");
	num(0.9996, "s", 0, "1 s");
	num(0.9994, "s", 0, "999 ms");
	num(2.5e-6, "s", 0, "2.5 µs");
	num(4.2e-9, "s", 0, "4.2 ns");
	num(0, "s", 0, "0 s");
	num(95.3, "s", 0, "1m 35s");
	num(7500, "s", 0, "2h 05m");
	num(3 * 86400 + 4 * 3600, "s", 0, "3d 4h");
	num(-0.0042, "s", 0, "-4.2 ms");
	num(120, "ms", 0, "120 ms");
	num(1.4 * 1073741824, "bytes", 0, "1.4 GiB");
	num(512, "bytes", 0, "512 B");
	num(1023.9, "bytes", 0, "1 KiB");
	num(2, "MiB", 0, "2 MiB");
	num(55.55555556, "percent", 0, "55.6%");
	num(16.2505475, "USD", 0, "16.25 USD");
	num(0.000312, "USD", 0, "0.000312 USD");
	num(0, "USD", 0, "0.00 USD");
	num(2.457547354e-23, NULL, 0, "2.46e-23");
	num(35708, NULL, 0, "35708");
	num(1234.5678, NULL, 0, "1235");
	num(0.41, "ratio", 0, "0.41");
	num(121, "count", 0, "121");
	num(-0.00001, NULL, 2, "-1e-05");
	num(3.14159, "req", 0, "3.14 req");
	/* scaled by multiplying: no noise at 15 digits */
	num(1e-7, "s", 15, "100 ns");
	num(3700, "ms", 15, "3.7 s");
	num(-0.0005, "s", 15, "-500 µs");
	/* past the range of a whole number of seconds: days in digits */
	num(1e30, "s", 0, "1.16e+25 d");
	num(-1e30, "s", 0, "-1.16e+25 d");
}

static void
field(const char *names, const char *vals, const char *name, int p,
    const char *want)
{
	struct rec r;
	struct buf b = { 0 };
	char what[160];
	const char *v;

	rec_init(&r);
	/* names and vals: comma-separated, the same count */
	while (*names != '\0') {
		size_t nl = strcspn(names, ","), vl = strcspn(vals, ",");

		rec_add(&r, intern(names, nl), vals, vl, 0);
		names += nl + (names[nl] == ',');
		vals += vl + (vals[vl] == ',');
	}
	v = rec_get(&r, interns(name));
	human_field(&b, &r, name, v != NULL ? v : "", p);
	snprintf(what, sizeof(what), "field %s '%s' reads %s", name,
	    v != NULL ? v : "", want);
	tap_str(buf_nul(&b), want, what);
	buf_free(&b);
	rec_free(&r);
}

static void
test_fields(void)
{
	const char *t = "metric,unit,p50,slope,wow_pct,wow_p,n,ts,r2";
	const char *v = "api,s,0.1201,0.002088662783,28.89352818,"
	    "1.673469728e-12,121,2026-12-04T15:52:18.120173Z,0.7206738039";

	field(t, v, "p50", 0, "120 ms");
	field(t, v, "slope", 0, "2.09 ms/d");
	field(t, v, "wow_pct", 0, "28.9%");
	field(t, v, "wow_p", 0, "<0.001");
	field(t, v, "n", 0, "121");
	field(t, v, "ts", 0, "2026-12-04 15:52:18Z");
	field(t, v, "r2", 0, "0.721");
	field(t, v, "metric", 0, "api");
	field("p_value", "0.0321", "p_value", 0, "0.032");
	/* Money from its text, half to even at the cent. */
	field("metric,value,unit", "cost,3.0864175,USD", "value", 0,
	    "3.09 USD");
	field("metric,value,unit", "cost,0.125,USD", "value", 0, "0.12 USD");
	field("metric,value,unit", "cost,0.135,USD", "value", 0, "0.14 USD");
	field("metric,value,unit", "cost,-2.5,USD", "value", 0, "-2.50 USD");
	/* half a cent is not below it: to the cent, half to even */
	field("metric,value,unit", "cost,0.005,USD", "value", 0, "0.00 USD");
	field("metric,value,unit", "cost,0.0049,USD", "value", 0,
	    "0.0049 USD");
	field("category,cost,currency", "llm,16.2505475,EUR", "cost", 0,
	    "16.25 EUR");
	field("cost_per_execution,currency", "0.0003125,USD",
	    "cost_per_execution", 0, "0.000313 USD");
	field("impact_s,impact_bytes", "1.2,1048576", "impact_s", 0, "1.2 s");
	field("impact_s,impact_bytes", "1.2,1048576", "impact_bytes", 0,
	    "1 MiB");
	field("value,unit", "0.5,bytes", "value", 0, "0.5 B");
	field("value", "0.5", "value", 0, "0.5");
	field("observed,unit", "abc,s", "observed", 0, "abc");
	field("observed,unit", ",s", "observed", 0, "");
}

static void
scale(double max, const char *unit, const char *want, double factor)
{
	double f;
	char what[96];

	snprintf(what, sizeof(what), "scale of %g %s is %s", max,
	    unit ? unit : "(none)", want);
	tap_str(human_scale(max, unit, &f), want, what);
	tap_near(f, factor, 1e-12, what);
}

static void
test_scales(void)
{
	scale(0.17, "s", "ms", 1e-3);
	scale(2.5, "s", "s", 1);
	scale(5e-6, "s", "µs", 1e-6);
	scale(7200, "s", "h", 3600);
	scale(170, "ms", "ms", 1);
	scale(3e9, "bytes", "GiB", 1073741824);
	scale(80, "percent", "%", 1);
	scale(16, "USD", "USD", 1);
	scale(16, NULL, "", 1);
	scale(16, "count", "", 1);
}

int
main(void)
{
	test_numbers();
	test_fields();
	test_scales();
	return tap_done();
}
