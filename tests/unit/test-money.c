/*
 * Unit tests of money.c: exact decimals, line items rounded half to even
 * once, exact sums.  Expected amounts are computed by hand (and checked
 * with Python's decimal module, which is exact).
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "money.h"
#include "tap.h"

static money
line(const char *q, const char *p, const char *per)
{
	struct decimal dq, dp, dper;
	money m = -1;

	if (decimal_parse(q, &dq) != 0 || decimal_parse(p, &dp) != 0 ||
	    decimal_parse(per, &dper) != 0 || money_line(&dq, &dp, &dper,
	    &m) != 0)
		return -999;
	return m;
}

int
main(int argc, char *argv[])
{
	struct decimal d;
	char buf[MONEY_LEN];
	money m, sum = 0;
	int i, ok;

	(void)argc;
	pp_setprog(argv[0]);
	tap_ok(decimal_parse("2.50", &d) == 0 && d.mant == 25 && d.scale == 1,
	    "decimal 2.50 (its trailing zero says nothing)");
	tap_ok(decimal_parse("-0.0004", &d) == 0 && d.mant == -4 &&
	    d.scale == 4, "decimal -0.0004");
	tap_ok(decimal_parse("1e3", &d) == 0 && d.mant == 1000 && d.scale == 0,
	    "decimal 1e3");
	tap_ok(decimal_parse("1.5E-3", &d) == 0 && d.mant == 15 &&
	    d.scale == 4, "decimal 1.5E-3");
	tap_ok(decimal_parse("0.000", &d) == 0 && d.mant == 0, "decimal 0.000");
	tap_ok(decimal_parse("abc", &d) == -1 && decimal_parse("", &d) == -1 &&
	    decimal_parse("1.2.3", &d) == -1 && decimal_parse(".", &d) == -1 &&
	    decimal_parse("1e", &d) == -1, "not decimals");
	tap_ok(decimal_parse("1234567890123456789", &d) == DECIMAL_RANGE,
	    "19 significant digits are too many, not no number");
	tap_ok(decimal_parse("1e20", &d) == DECIMAL_RANGE,
	    "1e20 is too large, not no number");
	tap_ok(decimal_parse("1e-40", &d) == DECIMAL_RANGE &&
	    decimal_parse("0e999", &d) == 0 && d.mant == 0,
	    "1e-40 is too small; 0e999 is 0");
	/* 0.978579732138 TB is 978579732138 B: the factor's 10^12 cancels */
	tap_ok(decimal_parse("0.978579732138", &d) == 0 &&
	    decimal_scale(&d, 1000000000000LL, 0) == 0 &&
	    d.mant == 978579732138LL && d.scale == 0,
	    "0.978579732138 TB in bytes");
	/* 1.38590304253591e-7 d is 0.0119742022875102624 s: 86400 = 864e2 */
	tap_ok(decimal_parse("0.000000138590304253591", &d) == 0 &&
	    decimal_scale(&d, 86400, 0) == 0 && d.mant == 119742022875102624LL &&
	    d.scale == 19, "0.000000138590304253591 d in seconds");
	/* 1,234,567 tokens at 2.50 per 1M: 3.0864175 */
	tap_ok(line("1234567", "2.50", "1000000") == 3086417500LL,
	    "tokens at a price per million");
	/* 3600.5 s at 0.0000166667 per s: 0.06000845335 -> ...453 */
	tap_ok(line("3600.5", "0.0000166667", "1") == 60008453LL,
	    "cpu seconds, rounded to the nano");
	/* half to even: 0.5 nano -> 0, 1.5 -> 2, 2.5 -> 2, 3.5 -> 4 */
	tap_ok(line("1", "0.0000000005", "1") == 0, "half even: 0.5 to 0");
	tap_ok(line("3", "0.0000000005", "1") == 2, "half even: 1.5 to 2");
	tap_ok(line("5", "0.0000000005", "1") == 2, "half even: 2.5 to 2");
	tap_ok(line("7", "0.0000000005", "1") == 4, "half even: 3.5 to 4");
	tap_ok(line("-3", "0.0000000005", "1") == -2,
	    "half even, negative: -1.5 to -2");
	/* 10 GB at 0.09 per GB (10^9 bytes) */
	tap_ok(line("10000000000", "0.09", "1000000000") == 900000000LL,
	    "egress per GB");
	/* a GiB held for a 730-hour month at 0.023 per GiB-month */
	tap_ok(line("2821793513472000", "0.023", "2821793513472000") ==
	    23000000LL, "storage per GiB-month in byte-seconds");
	/* a million items of 0.0004 sum to exactly 400 */
	for (i = 0, ok = 1; i < 1000000; i++) {
		m = line("1", "0.0004", "1");
		ok &= money_add(sum, m, &sum) == 0;
	}
	tap_ok(ok && sum == 400 * MONEY_UNIT, "a million small items: 400");
	tap_ok(strcmp(money_format(sum, buf), "400.00") == 0, "format 400.00");
	tap_ok(strcmp(money_format(400000, buf), "0.0004") == 0,
	    "format 0.0004");
	tap_ok(strcmp(money_format(-60008453, buf), "-0.060008453") == 0,
	    "format -0.060008453");
	tap_ok(money_add((money)(((unsigned __int128)1 << 127) - 1), 1, &m) ==
	    -1, "sum overflow (past 1.7e29 units) is refused");
	/* 128-bit amounts: 9e12 x 9e9 is 8.1e22 units, exact */
	{
		struct decimal q, p, one = { 1, 0 };

		tap_ok(decimal_parse("9000000000000", &q) == 0 &&
		    decimal_parse("9000000000", &p) == 0 &&
		    money_line(&q, &p, &one, &m) == 0 &&
		    strcmp(money_format(m, buf), "81000000000000000000000.00") ==
		    0, "an amount of 8.1e22 units");
		tap_ok(decimal_parse("900000000000000000", &q) == 0 &&
		    money_line(&q, &q, &one, &m) == -1,
		    "an amount beyond 1.7e29 units is refused");
	}
	return tap_done();
}
