/*
 * Unit tests of numbers, units and time (units.h): strict parsing, unit
 * conversion factors, RFC 3339 and epoch times, number formatting.
 * Epoch values come from Python 3: calendar.timegm(...) of the same
 * UTC date and time.
 */
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "units.h"
#include "tap.h"

/* s with control characters as C escapes, for test names. */
static const char *
vis(const char *s)
{
	static char b[4][128];
	static int k;
	char *p = b[k = (k + 1) % 4];
	size_t n = 0;

	for (; *s != '\0' && n < sizeof(b[0]) - 5; s++) {
		if ((unsigned char)*s >= 0x20) {
			p[n++] = *s;
			continue;
		}
		n += (size_t)snprintf(p + n, 5, "\\x%02x", (unsigned)*s);
	}
	p[n] = '\0';
	return p;
}

static void
test_parse_double(void)
{
	static const struct {
		const char	*s;
		double		 v;
	} ok[] = {
		{ "1", 1 }, { "-1.5", -1.5 }, { "0.25", 0.25 },
		{ "1e3", 1000 }, { "1E-3", 0.001 }, { "-0", 0 },
		{ "123.456e-2", 1.23456 }, { "1e308", 1e308 },
		{ "1700000000.25", 1700000000.25 },
		/* Underflow is no error: the nearest denormal, or zero. */
		{ "1e-310", 1e-310 }, { "-1e-310", -1e-310 },
		{ "4.9406564584124654e-324", 4.9406564584124654e-324 },
		{ "4.940656458e-324", 4.9406564584124654e-324 },
		{ "1e-400", 0 },
	};
	static const char *const bad[] = { "", " 1", "1 ", "1x", "x1",
	    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x10", "0X1p3",
	    "1,5", "1.2.3", "--1", "\t1", "\n1", "1\n",
	    "\r1", "\v1", "\f1", "e5", "-", ".", NULL };
	double v;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -12345;
		m = xasprintf("parse_double(\"%s\")", ok[i].s);
		tap_ok(parse_double(ok[i].s, &v) == 0 && v == ok[i].v, m);
		free(m);
	}
	for (i = 0; bad[i] != NULL; i++) {
		m = xasprintf("parse_double rejects \"%s\"", vis(bad[i]));
		tap_ok(parse_double(bad[i], &v) == -1, m);
		free(m);
	}
	/* A number only too large says so, for a message that says so. */
	tap_ok(parse_double("1e999", &v) == PARSE_RANGE,
	    "parse_double: \"1e999\" is out of range");
	tap_ok(parse_double("-1e999", &v) == PARSE_RANGE,
	    "parse_double: \"-1e999\" is out of range");
	tap_ok(parse_double("1e-400", &v) == 0 && v == 0,
	    "parse_double: \"1e-400\" underflows to 0");
	tap_ok(parse_double("4.9406564584124654e-324", &v) == 0 && v > 0,
	    "parse_double reads the smallest denormal");
}

static void
test_parse_long(void)
{
	long v;

	tap_ok(parse_long("42", 0, 100, &v) == 0 && v == 42,
	    "parse_long 42 in [0,100]");
	tap_ok(parse_long("0", 0, 100, &v) == 0 && v == 0,
	    "parse_long 0 at min");
	tap_ok(parse_long("100", 0, 100, &v) == 0 && v == 100,
	    "parse_long 100 at max");
	tap_ok(parse_long("101", 0, 100, &v) == PARSE_RANGE, "parse_long above max");
	tap_ok(parse_long("-1", 0, 100, &v) == PARSE_RANGE, "parse_long below min");
	tap_ok(parse_long("-5", -10, 10, &v) == 0 && v == -5,
	    "parse_long negative in range");
	tap_ok(parse_long("9223372036854775807", 0, LONG_MAX, &v) == 0 &&
	    v == LONG_MAX, "parse_long LONG_MAX");
	tap_ok(parse_long("9223372036854775808", 0, LONG_MAX, &v) ==
	    PARSE_RANGE,
	    "parse_long overflow");
	tap_ok(parse_long("-9223372036854775809", LONG_MIN, 0, &v) ==
	    PARSE_RANGE,
	    "parse_long underflow");
	tap_ok(parse_long("-9223372036854775808", LONG_MIN, 0, &v) == 0 &&
	    v == LONG_MIN, "parse_long LONG_MIN");
	tap_ok(parse_long("", 0, 100, &v) == -1, "parse_long rejects \"\"");
	tap_ok(parse_long(" 1", 0, 100, &v) == -1,
	    "parse_long rejects \" 1\"");
	tap_ok(parse_long("1 ", 0, 100, &v) == -1,
	    "parse_long rejects \"1 \"");
	tap_ok(parse_long("+1", 0, 100, &v) == -1,
	    "parse_long rejects \"+1\"");
	tap_ok(parse_long("1.5", 0, 100, &v) == -1,
	    "parse_long rejects \"1.5\"");
	tap_ok(parse_long("1e2", 0, 1000, &v) == -1,
	    "parse_long rejects \"1e2\"");
	tap_ok(parse_long("0x10", 0, 100, &v) == -1,
	    "parse_long rejects \"0x10\"");
	tap_ok(parse_long("10x", 0, 100, &v) == -1,
	    "parse_long rejects \"10x\"");
	tap_ok(parse_long("-", -10, 10, &v) == -1,
	    "parse_long rejects \"-\"");
	tap_ok(parse_long("\t1", 0, 100, &v) == -1,
	    "parse_long rejects \"\\t1\"");
	tap_ok(parse_long("\n1", 0, 100, &v) == -1,
	    "parse_long rejects \"\\n1\"");
	tap_ok(parse_long("1e20", 1, 1000, &v) == PARSE_RANGE,
	    "parse_long: \"1e20\" is a number out of range");
	tap_ok(parse_long("2.5", 1, 1000, &v) == PARSE_BAD,
	    "parse_long: \"2.5\" in range is no whole number");
}

static void
test_parse_duration(void)
{
	static const struct {
		const char	*s;
		double		 sec;
	} ok[] = {
		{ "500ms", 0.5 }, { "1.5h", 5400 }, { "30d", 2592000 },
		{ "2w", 1209600 }, { "0", 0 }, { "90s", 90 },
		{ "5m", 300 }, { "5min", 300 }, { "250us", 0.00025 },
		{ "100ns", 1e-7 }, { "1e3ms", 1 }, { "1e-3s", 0.001 },
	};
	static const char *const bad[] = { "5x", "-1s", "", "ms", "s",
	    "5 s", " 5s", "5s ", "5ms5", "5S", "5sec", "nan", "infs", "1e999s",
	    "-1", "5e", "1.2.3s", NULL };
	double v;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -1;
		m = xasprintf("parse_duration(\"%s\") = %g", ok[i].s,
		    ok[i].sec);
		if (!tap_ok(parse_duration(ok[i].s, &v) == 0 &&
		    fabs(v - ok[i].sec) <= 1e-12 * fabs(ok[i].sec), m))
			printf("#   got %.17g\n", v);
		free(m);
	}
	for (i = 0; bad[i] != NULL; i++) {
		m = xasprintf("parse_duration rejects \"%s\"", bad[i]);
		tap_ok(parse_duration(bad[i], &v) < 0, m);
		free(m);
	}
	/* A bare number is no duration (only 0 is 0 in every unit). */
	tap_ok(parse_duration("30", &v) == PARSE_NOUNIT && v == 30,
	    "parse_duration: \"30\" has no unit");
	tap_ok(parse_duration("0.5", &v) == PARSE_NOUNIT,
	    "parse_duration: \"0.5\" has no unit");
	tap_ok(parse_duration("1e300w", &v) == PARSE_RANGE,
	    "parse_duration: \"1e300w\" is past a century");
	/* Records' duration fields: a bare number is seconds (pp(7)). */
	tap_ok(parse_seconds("2", &v) == 0 && v == 2,
	    "parse_seconds(\"2\") = 2");
	tap_ok(parse_seconds("250ms", &v) == 0 && v == 0.25,
	    "parse_seconds(\"250ms\") = 0.25");
	tap_ok(parse_seconds("fast", &v) == PARSE_BAD,
	    "parse_seconds rejects \"fast\"");
}

static void
test_parse_size_percent(void)
{
	static const struct {
		const char	*s;
		double		 v;
	} sizes[] = {
		{ "2GiB", 2147483648.0 }, { "512KB", 512000 }, { "100", 100 },
		{ "1.5KiB", 1536 }, { "3MB", 3e6 }, { "1MiB", 1048576 },
		{ "10B", 10 }, { "2GB", 2e9 }, { "1TB", 1e12 },
		{ "1TiB", 1099511627776.0 },
	}, pcts[] = {
		{ "80%", 0.8 }, { "80", 0.8 }, { "0.5%", 0.005 },
		{ "100%", 1 }, { "0%", 0 }, { "12.5", 0.125 },
	};
	static const char *const badsize[] = { "", "KB", "2GiBs", "-1KB",
	    "2 GiB", "x", "1e999B", NULL };
	static const char *const badpct[] = { "", "%", "80%%", "x%", "80 %",
	    " 80", "nan%", "%80", NULL };
	double v;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		v = -1;
		m = xasprintf("parse_size(\"%s\")", sizes[i].s);
		if (!tap_ok(parse_size(sizes[i].s, &v) == 0 &&
		    v == sizes[i].v, m))
			printf("#   got %.17g\n", v);
		free(m);
	}
	for (i = 0; badsize[i] != NULL; i++) {
		m = xasprintf("parse_size rejects \"%s\"", badsize[i]);
		tap_ok(parse_size(badsize[i], &v) == -1, m);
		free(m);
	}
	/* found by make fuzz: a size past a double's range was inf */
	tap_ok(parse_size("6E300TB", &v) == PARSE_RANGE,
	    "parse_size: \"6E300TB\" is out of range");
	tap_ok(parse_duration("1e308w", &v) == PARSE_RANGE,
	    "parse_duration: \"1e308w\" is out of range");
	for (i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		v = -1;
		m = xasprintf("parse_percent(\"%s\")", pcts[i].s);
		if (!tap_ok(parse_percent(pcts[i].s, &v) == 0 &&
		    fabs(v - pcts[i].v) <= 1e-15, m))
			printf("#   got %.17g\n", v);
		free(m);
	}
	for (i = 0; badpct[i] != NULL; i++) {
		m = xasprintf("parse_percent rejects \"%s\"", badpct[i]);
		tap_ok(parse_percent(badpct[i], &v) == -1, m);
		free(m);
	}
}

static void
test_unit_base(void)
{
	static const struct {
		const char	*unit;
		const char	*base;
		double		 factor;
	} t[] = {
		{ "s", "s", 1 }, { "ms", "s", 0.001 }, { "us", "s", 1e-6 },
		{ "ns", "s", 1e-9 }, { "min", "s", 60 }, { "h", "s", 3600 },
		{ "bytes", "bytes", 1 }, { "B", "bytes", 1 },
		{ "KB", "bytes", 1000 }, { "KiB", "bytes", 1024 },
		{ "MB", "bytes", 1e6 }, { "MiB", "bytes", 1048576 },
		{ "GB", "bytes", 1e9 }, { "GiB", "bytes", 1073741824.0 },
		{ "USD", "USD", 1 }, { "EUR", "EUR", 1 },
		{ "count", "count", 1 }, { "percent", "percent", 1 },
		{ "ratio", "ratio", 1 },
	};
	const char *base;
	double f;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		base = NULL;
		f = -1;
		m = xasprintf("unit_base(\"%s\") = (%s, %g)", t[i].unit,
		    t[i].base, t[i].factor);
		if (!tap_ok(unit_base(t[i].unit, &base, &f) == 0 &&
		    base != NULL && strcmp(base, t[i].base) == 0 &&
		    f == t[i].factor, m))
			printf("#   got (%s, %.17g)\n", base ? base : "(null)",
			    f);
		free(m);
	}
	tap_ok(unit_base("", &base, &f) == -1, "unit_base(\"\") is -1");
}

#define S	INT64_C(1000000)

static void
test_time_parse(void)
{
	static const struct {
		const char	*s;
		pp_time		 t;
	} ok[] = {
		/* Python: calendar.timegm((2023,11,14,22,13,20)) */
		{ "2023-11-14T22:13:20Z", 1700000000 * S },
		{ "2023-11-15T03:43:20+05:30", 1700000000 * S },
		{ "2023-11-14T14:13:20-08:00", 1700000000 * S },
		{ "2023-11-14T22:13:20+00:00", 1700000000 * S },
		{ "2023-11-14T22:13:20-00:00", 1700000000 * S },
		{ "2023-11-14t22:13:20z", 1700000000 * S },
		{ "2023-11-14 22:13:20Z", 1700000000 * S },
		{ "2023-11-14T22:13:20.1Z", 1700000000 * S + 100000 },
		{ "2023-11-14T22:13:20.12Z", 1700000000 * S + 120000 },
		{ "2023-11-14T22:13:20.123Z", 1700000000 * S + 123000 },
		{ "2023-11-14T22:13:20.1234Z", 1700000000 * S + 123400 },
		{ "2023-11-14T22:13:20.12345Z", 1700000000 * S + 123450 },
		{ "2023-11-14T22:13:20.123456Z", 1700000000 * S + 123456 },
		{ "2023-11-14T22:13:20.1234567Z", 1700000000 * S + 123456 },
		{ "2023-11-14T22:13:20.12345678Z", 1700000000 * S + 123456 },
		{ "2023-11-14T22:13:20.123456789Z", 1700000000 * S + 123456 },
		{ "2023-11-14T22:13:20.999999999Z", 1700000000 * S + 999999 },
		{ "2023-11-14T22:13:20.000001Z", 1700000000 * S + 1 },
		{ "2023-11-15T03:43:20.25+05:30", 1700000000 * S + 250000 },
		/* Python: calendar.timegm((2024,2,29,0,0,0)) */
		{ "2024-02-29T00:00:00Z", 1709164800 * S },
		/* Python: calendar.timegm((2000,2,29,12,0,0)) */
		{ "2000-02-29T12:00:00Z", 951825600 * S },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1969-12-31T23:59:59Z", -1 * S },
		{ "1969-12-31T23:59:59.5Z", -S / 2 },
		/* Python: calendar.timegm((1960,1,1,0,0,0)) */
		{ "1960-01-01T00:00:00Z", INT64_C(-315619200) * S },
		/* Python: calendar.timegm((1900,1,1,0,0,0)) */
		{ "1900-01-01T00:00:00Z", INT64_C(-2208988800) * S },
		/* Python: calendar.timegm((2038,1,19,3,14,8)) */
		{ "2038-01-19T03:14:08Z", INT64_C(2147483648) * S },
		/* Python: calendar.timegm((9999,12,31,23,59,59)) */
		{ "9999-12-31T23:59:59Z", INT64_C(253402300799) * S },
		{ "1700000000.25", 1700000000 * S + 250000 },
		{ "1700000000", 1700000000 * S },
		{ "0", 0 },
		{ "-1.5", -3 * S / 2 },
		{ "-0.5", -S / 2 },
		{ "-86400", -86400 * S },
		{ "1.1234567", S + 123456 },
	};
	static const char *const bad[] = {
		"", "abc", "2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z",
		"2023-00-10T00:00:00Z", "2023-04-31T00:00:00Z",
		"2023-01-00T00:00:00Z", "1900-02-29T00:00:00Z",
		"2023-01-01T24:00:00Z", "2023-01-01T00:60:00Z",
		"2023-11-14T22:13:20", "2023-11-14T22:13:20+0530",
		"2023-11-14T22:13:20+05", "2023-11-14T22:13:20.Z",
		"2023-11-14T22:13:20Zjunk", "2023-11-14T22:13:20 Z",
		"2023-11-14X22:13:20Z", "2023-1-14T22:13:20Z",
		"2023-11-14T2:13:20Z", "2023-11-14T22:13Z",
		"2023-11-14T22:13:20+24:00", "1e9", "1.2.3", "--1", "1x",
		"+1", ".", "-", " 1", "1 ", "99999999999999999999", NULL
	};
	pp_time t;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		t = INT64_MIN;
		m = xasprintf("time_parse(\"%s\")", ok[i].s);
		if (!tap_ok(time_parse(ok[i].s, &t) == 0 && t == ok[i].t, m))
			printf("#   got %lld\n#  want %lld\n", (long long)t,
			    (long long)ok[i].t);
		free(m);
	}
	for (i = 0; bad[i] != NULL; i++) {
		m = xasprintf("time_parse rejects \"%s\"", bad[i]);
		tap_ok(time_parse(bad[i], &t) == -1, m);
		free(m);
	}
}

static void
test_time_format(void)
{
	static const struct {
		pp_time		 t;
		const char	*s;
	} t[] = {
		{ 1700000000 * S + 250000, "2023-11-14T22:13:20.250000Z" },
		{ 0, "1970-01-01T00:00:00.000000Z" },
		{ 1, "1970-01-01T00:00:00.000001Z" },
		{ -1, "1969-12-31T23:59:59.999999Z" },
		{ -S, "1969-12-31T23:59:59.000000Z" },
		{ -S / 2, "1969-12-31T23:59:59.500000Z" },
		{ -86400 * S, "1969-12-31T00:00:00.000000Z" },
		{ INT64_C(-315619200) * S + 500000,
		  "1960-01-01T00:00:00.500000Z" },
		{ INT64_C(-2208988800) * S, "1900-01-01T00:00:00.000000Z" },
		/* Python: datetime(1,1,1,tzinfo=timezone.utc).timestamp() */
		{ INT64_C(-62135596800) * S, "0001-01-01T00:00:00.000000Z" },
		{ 1709164800 * S, "2024-02-29T00:00:00.000000Z" },
		/* Python: calendar.timegm((2100,3,1,0,0,0)) */
		{ INT64_C(4107542400) * S - 1, "2100-02-28T23:59:59.999999Z" },
		{ INT64_C(253402300799) * S + 999999,
		  "9999-12-31T23:59:59.999999Z" },
	};
	char buf[PP_TIME_LEN], *m;
	pp_time back, x;
	uint64_t seed = 88172645463325252ULL;
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = xasprintf("time_format(%lld)", (long long)t[i].t);
		tap_str(time_format(t[i].t, buf), t[i].s, m);
		free(m);
	}
	tap_ok(time_format(0, buf) == buf, "time_format returns buf");

	/* Round trip over years 1 to 9999 (xorshift64 times). */
	for (i = 0; i < 100000; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		x = INT64_C(-62135596800) * S + (pp_time)(seed %
		    (uint64_t)((INT64_C(253402300799) + 62135596800) * S));
		time_format(x, buf);
		if (time_parse(buf, &back) != 0 || back != x) {
			if (bad++ == 0)
				printf("#   %lld -> %s -> %lld\n",
				    (long long)x, buf, (long long)back);
		}
	}
	tap_ok(bad == 0, "time_format then time_parse: 100000 round trips");
	tap_ok(time_now() > 1700000000 * S, "time_now is after 2023");
}

/* Significant digits of a %g text. */
static int
sigdigits(const char *s)
{
	int n = 0, started = 0, zeros = 0;
	int whole = strchr(s, '.') == NULL && strchr(s, 'e') == NULL;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s >= '1' && *s <= '9')
			started = 1;
		if (started && *s >= '0' && *s <= '9') {
			n++;
			zeros = *s == '0' ? zeros + 1 : 0;
		}
	}
	/* the zeros that end a whole number in digits are not significant */
	return whole ? n - zeros : n;
}

/* parse_scaled: expected doubles from Python 3.11, float("<text>e<k>"). */
static void
test_parse_scaled(void)
{
	static const struct {
		const char	*s;
		int		 k;
		const char	*want;	/* fmt_double of the result */
	} t[] = {
		{ "0.009", -3, "9e-06" },	/* 0.009 / 1000: 8.999999999999999e-06 */
		{ "1001.734", -3, "1.001734" },
		{ "0.017", -3, "1.7e-05" },
		{ "1.1", -9, "1.1e-09" },
		{ "3.7023168074818005e+02", -9, "3.7023168074818003e-07" },
		{ "5", 3, "5000" },
		{ "-2.5", 0, "-2.5" },
	};
	char buf[32], *m;
	double d;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = xasprintf("parse_scaled(%s, %d)", t[i].s, t[i].k);
		tap_ok(parse_scaled(t[i].s, t[i].k, &d) == 0, m);
		tap_str(fmt_double(d, buf), t[i].want, m);
		free(m);
	}
	tap_ok(parse_scaled("1e308", 10, &d) == -1,
	    "parse_scaled: beyond the largest double is -1, never inf");
	tap_ok(parse_scaled("abc", -3, &d) == -1,
	    "parse_scaled: no number is -1");
}

static void
test_fmt_double(void)
{
	static const struct {
		double		 v;
		const char	*s;
	} t[] = {
		{ 0.1, "0.1" }, { 0.5, "0.5" }, { 1, "1" }, { -2.5, "-2.5" },
		{ 0, "0" }, { 0.1 + 0.2, "0.30000000000000004" },
		{ 1.0 / 3, "0.3333333333333333" }, { 1e21, "1e+21" },
		{ 123456789, "123456789" }, { 1e-7, "1e-07" },
		{ 9007199254740992.0, "9007199254740992" },
		{ 1700000000.25, "1700000000.25" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
		{ 2.2250738585072014e-308, "2.2250738585072014e-308" },
		{ 5e-324, "5e-324" },
		/* whole numbers in digits, as people and other tools write them */
		{ 10, "10" }, { 1500, "1500" }, { -300, "-300" },
		{ 2e6, "2000000" }, { 1e14, "100000000000000" },
		{ 1e15, "1e+15" }, { 1e-5, "1e-05" },
	};
	char buf[32], fewer[400], *m;
	uint64_t seed = 0x9e3779b97f4a7c15ULL, bits;
	double v;
	size_t i;
	int bad_rt = 0, bad_short = 0, d;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = xasprintf("fmt_double(%.17g)", t[i].v);
		tap_str(fmt_double(t[i].v, buf), t[i].s, m);
		free(m);
	}
	/* Random normal doubles: read back equal, one digit fewer not. */
	for (i = 0; i < 200000; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		bits = seed;
		memcpy(&v, &bits, sizeof(v));
		if (!isnormal(v))
			continue;
		fmt_double(v, buf);
		if (strtod(buf, NULL) != v) {
			if (bad_rt++ == 0)
				printf("#   %.17g -> %s\n", v, buf);
			continue;
		}
		d = sigdigits(buf);
		if (d > 1) {
			snprintf(fewer, sizeof(fewer), "%.*g", d - 1, v);
			if (strtod(fewer, NULL) == v && bad_short++ == 0)
				printf("#   %.17g -> %s, but %s\n", v, buf,
				    fewer);
		}
	}
	tap_ok(bad_rt == 0, "fmt_double: random doubles read back equal");
	tap_ok(bad_short == 0, "fmt_double: random doubles, shortest");
}

static void
test_fmt_num(void)
{
	static const struct {
		double		 v;
		const char	*s;
	} t[] = {
		{ 0, "0" }, { -0.0, "0" }, { 1.0 / 3, "0.3333333333" },
		{ 0.1 + 0.2, "0.3" }, { -1.5, "-1.5" },
		{ 1234567.891, "1234567.891" }, { 1e-5, "1e-05" },
		{ 12345678901.0, "1.23456789e+10" }, { 2.0 / 3, "0.6666666667" },
		{ 100, "100" }, { -1e-11, "-1e-11" },
		/* Ten digits of DBL_MAX round up past it: down instead. */
		{ DBL_MAX, "1.797693134e+308" },
		{ -DBL_MAX, "-1.797693134e+308" },
		{ 1.7976931345e308, "1.797693134e+308" },
		{ 1.7976931335e308, "1.797693134e+308" },
		{ 1.797693133e308, "1.797693133e+308" },
		{ 4.9406564584124654e-324, "4.940656458e-324" },
	};
	/* Whatever fmt_num writes, parse_double reads. */
	const double edge[] = { DBL_MAX, -DBL_MAX, nextafter(DBL_MAX, 0),
	    1.7976931345e308, 1.7976931344999e308, 1e308, DBL_MIN, -DBL_MIN,
	    4.9406564584124654e-324, -4.9406564584124654e-324, 1e-310,
	    2.2250738585072009e-308, 1e-300 };
	char buf[32], *m;
	double v;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = xasprintf("fmt_num(%.17g)", t[i].v);
		tap_str(fmt_num(t[i].v, buf), t[i].s, m);
		free(m);
	}
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		m = xasprintf("fmt_num(%.17g) reads back", edge[i]);
		if (!tap_ok(parse_double(fmt_num(edge[i], buf), &v) == 0 &&
		    isfinite(v) && (v < 0) == (edge[i] < 0), m))
			printf("#   wrote '%s'\n", buf);
		free(m);
	}
	tap_str(fmt_num(INFINITY, buf), "inf", "fmt_num(inf): no number");
	tap_ok(parse_double(buf, &v) == -1, "fmt_num(inf) is not read");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_parse_double();
	test_parse_long();
	test_parse_duration();
	test_parse_size_percent();
	test_unit_base();
	test_time_parse();
	test_time_format();
	test_fmt_double();
	test_parse_scaled();
	test_fmt_num();
	return tap_done();
}
