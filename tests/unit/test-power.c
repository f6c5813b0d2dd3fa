/*
 * Unit tests of power.c: the noncentral t and the two-sample t-test's
 * power and sample size.  Expected values from R 4.2.2: pt(q, df, ncp,
 * lower.tail = FALSE) and power.t.test (strict = FALSE, the default).
 */
#include <math.h>
#include <stdio.h>

#include "tap.h"
#include "power.h"

static void
test_nct(void)
{
	/* R 4.2.2: pt(2.5, 10, ncp = 2.8, lower.tail = FALSE) */
	tap_near(nct_sf(2.5, 10, 2.8), 0.625761343386508, 1e-10,
	    "noncentral t, small df");
	/* R 4.2.2: pt(-1, 4, ncp = 0.5, lower.tail = FALSE) */
	tap_near(nct_sf(-1, 4, 0.5), 0.913850430963048, 1e-10,
	    "noncentral t, below 0");
	/* R 4.2.2: pt(1.96, 1000, ncp = 4, lower.tail = FALSE) */
	tap_near(nct_sf(1.96, 1000, 4), 0.979251649631148, 1e-10,
	    "noncentral t, large df");
	/* R 4.2.2: pt(1.96, 1e6, ncp = 2.8, lower.tail = FALSE) */
	tap_near(nct_sf(1.96, 1e6, 2.8), 0.799545717944755, 1e-10,
	    "noncentral t, df above 4e5 (A&S 26.7.10)");
	/* R 4.2.2: pt(0, 58, ncp = -1, lower.tail = FALSE) = pnorm(-1) */
	tap_near(nct_sf(0, 58, -1), 0.158655253931457, 1e-12,
	    "noncentral t at 0 is the normal's");
	tap_ok(isnan(nct_sf(1, 0, 1)), "noncentral t: no df, no value");
}

static void
test_size(void)
{
	/* R 4.2.2: power.t.test(n = 6, delta = 2, sd = 1)$power */
	tap_near(t2_power(6, 2, 1, 0.05), 0.876417636880615, 1e-10,
	    "power of the t-test at n = 6");
	/* R 4.2.2: power.t.test(delta = 3, sd = 1, power = 0.8)$n = 3.07;
	 * the normal approximation says 1.74, so 2 */
	tap_near(t2_sample_size(3, 1, 0.05, 0.8), 4, 0,
	    "sample size at n = 3 (3.07 up to 4)");
	/* R 4.2.2: power.t.test(delta = 2, sd = 1, power = 0.8)$n */
	tap_near(t2_sample_size(2, 1, 0.05, 0.8), ceil(5.09000814871002), 0,
	    "sample size, small (5.09 up to 6)");
	/* R 4.2.2: power.t.test(delta = 1, sd = 1, power = 0.8)$n */
	tap_near(t2_sample_size(1, 1, 0.05, 0.8), ceil(16.7147681423283), 0,
	    "sample size (16.7 up to 17)");
	/* R 4.2.2: power.t.test(delta = 0.05, sd = 0.3, power = 0.8)$n */
	tap_near(t2_sample_size(0.05, 0.3, 0.05, 0.8),
	    ceil(566.081306564861), 0, "sample size (566.08 up to 567)");
	/* R 4.2.2: power.t.test(delta = 0.04, sd = 0.3, power = 0.8)$n:
	 * --mde 5% less --min-effect 1% */
	tap_near(t2_sample_size(0.04, 0.3, 0.05, 0.8),
	    ceil(883.960359576998), 0, "sample size (883.96 up to 884)");
	/* R 4.2.2: power.t.test(delta = 0.001, sd = 0.3, sig.level = 0.01,
	 * power = 0.9)$n */
	tap_near(t2_sample_size(0.001, 0.3, 0.01, 0.9),
	    ceil(2678291.34920002), 0, "sample size, large (2678292)");
	tap_ok(isnan(t2_sample_size(0, 0.3, 0.05, 0.8)),
	    "sample size: no difference, no size");
	tap_ok(isnan(t2_sample_size(1e-300, 1, 0.05, 0.8)),
	    "sample size: above 1e15, no size");
}

int
main(void)
{
	test_nct();
	test_size();
	return tap_done();
}
