/*
 * Fuzzes the strict parsers of units.c (numbers, durations, sizes,
 * percentages, units, times) and checks what they promise: a parsed
 * value is in range, a time and a double written out read back the
 * same, fmt_num keeps ten significant digits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "fuzz.h"

static void
check(int ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "fuzz-units: %s: '%s'\n", what, s);
		abort();
	}
}

static void
check_num(double v)
{
	char buf[32], back[32];
	double w;

	if (!isfinite(v))
		return;
	fmt_double(v, buf);
	check(parse_double(buf, &w) == 0 && w == v,
	    "fmt_double does not read back", buf);
	fmt_num(v, buf);
	check(strlen(buf) < sizeof(buf), "fmt_num too long", buf);
	check(strcmp(buf, "-0") != 0, "fmt_num wrote -0", buf);
	check(parse_double(buf, &w) == 0, "fmt_num is no number", buf);
	snprintf(back, sizeof(back), "%.10g", v);
	check(w == strtod(back, NULL) || fabs(w - v) <= 1.5e-9 * fabs(v),
	    "fmt_num is not %.10g", buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[PP_TIME_LEN], back[PP_TIME_LEN];
	const char *base;
	double v, f;
	long l;
	pp_time t, u;

	s = fuzz_str(data, size);
	if (parse_double(s, &v) == 0) {
		check(isfinite(v), "parse_double: not finite", s);
		check_num(v);
	}
	if (parse_long(s, -1000, 1000000, &l) == 0)
		check(l >= -1000 && l <= 1000000, "parse_long: out of range", s);
	switch (parse_duration(s, &v)) {
	case 0:
		check(v >= 0 && v <= 3.2e9,
		    "parse_duration: out of range", s);
		check_num(v);
		break;
	case PARSE_NOUNIT:
		check(isfinite(v), "parse_duration: no unit, no number", s);
		break;
	}
	if (parse_seconds(s, &v) == 0) {
		check(v >= 0 && isfinite(v), "parse_seconds: out of range", s);
		check_num(v);
	}
	if (parse_size(s, &v) == 0) {
		check(isfinite(v), "parse_size: not finite", s);
		check_num(v);
	}
	if (parse_percent(s, &v) == 0) {
		check(isfinite(v), "parse_percent: not finite", s);
		check_num(v);
	}
	if (unit_base(s, &base, &f) == 0)
		check(base != NULL && isfinite(f) && f > 0, "unit_base", s);
	if (time_parse(s, &t) == 0) {
		time_format(t, buf);
		/* Years 0 to 9999 are RFC 3339; the rest need not read back. */
		if (strlen(buf) == 27 && buf[0] != '-') {
			check(time_parse(buf, &u) == 0,
			    "time_format does not read back", buf);
			time_format(u, back);
			check(u == t, "time_format reads back another time",
			    back);
		}
	}
	free(s);
	return 0;
}
