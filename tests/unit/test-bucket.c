/*
 * Unit tests of bucket.c against GrowthBook's SDK test cases
 * (growthbook/growthbook, packages/sdk-js/test/cases.json at commit
 * 021bf498f75c8491c156184ca1b3a1fbafa1d64e: "hash", "getBucketRange",
 * "chooseVariation"), and FNV-1a against draft-eastlake-fnv.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "diag.h"
#include "tap.h"

static const struct {
	const char	*seed, *value;
	int		 version;
	double		 want;
} hashes[] = {
	{ "", "a", 1, 0.22 },
	{ "", "b", 1, 0.077 },
	{ "b", "a", 1, 0.946 },
	{ "ef", "d", 1, 0.652 },
	{ "asdf", "8952klfjas09ujk", 1, 0.549 },
	{ "", "123", 1, 0.011 },
	{ "", "___)((*\":&", 1, 0.563 },
	{ "seed", "a", 2, 0.0505 },
	{ "seed", "b", 2, 0.2696 },
	{ "foo", "ab", 2, 0.2575 },
	{ "foo", "def", 2, 0.2019 },
	{ "89123klj", "8952klfjas09ujkasdf", 2, 0.124 },
	{ "90850943850283058242805", "123", 2, 0.7516 },
	{ "()**(%$##$%#$#", "___)((*\":&", 2, 0.0128 },
};

static const struct {
	const char	*what;
	size_t		 k;
	double		 coverage;
	const double	*weights;
	size_t		 nweights;
	const double	*want;
} ranges[] = {
	{ "normal 50/50", 2, 1, NULL, 0, (const double[]){ 0, 0.5, 0.5, 1 } },
	{ "reduced coverage", 2, 0.5, NULL, 0, (const double[]){ 0, 0.25, 0.5, 0.75 } },
	{ "zero coverage", 2, 0, NULL, 0, (const double[]){ 0, 0, 0.5, 0.5 } },
	{ "4 variations", 4, 1, NULL, 0, (const double[]){ 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1 } },
	{ "uneven weights", 2, 1, (const double[]){ 0.4, 0.6 }, 2, (const double[]){ 0, 0.4, 0.4, 1 } },
	{ "uneven weights, 3 variations", 3, 1, (const double[]){ 0.2, 0.3, 0.5 }, 3, (const double[]){ 0, 0.2, 0.2, 0.5, 0.5, 1 } },
	{ "uneven weights, reduced coverage, 3 variations", 3, 0.2, (const double[]){ 0.2, 0.3, 0.5 }, 3, (const double[]){ 0, 0.04, 0.2, 0.26, 0.5, 0.6 } },
	{ "negative coverage", 2, -0.2, NULL, 0, (const double[]){ 0, 0, 0.5, 0.5 } },
	{ "coverage above 1", 2, 1.5, NULL, 0, (const double[]){ 0, 0.5, 0.5, 1 } },
	{ "weights sum below 1", 2, 1, (const double[]){ 0.4, 0.1 }, 2, (const double[]){ 0, 0.5, 0.5, 1 } },
	{ "weights sum above 1", 2, 1, (const double[]){ 0.7, 0.6 }, 2, (const double[]){ 0, 0.5, 0.5, 1 } },
	{ "weights.length not equal to num variations", 4, 1, (const double[]){ 0.4, 0.4, 0.2 }, 3, (const double[]){ 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1 } },
	{ "weights sum almost equals 1", 2, 1, (const double[]){ 0.4, 0.5999 }, 2, (const double[]){ 0, 0.4, 0.4, 0.9999 } },
};

static const struct {
	const char	*what;
	double		 n;
	size_t		 k;
	const double	*ranges;
	int		 want;
} chooses[] = {
	{ "even range, 0.2", 0.2, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 0 },
	{ "even range, 0.4", 0.4, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 0 },
	{ "even range, 0.6", 0.6, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 1 },
	{ "even range, 0.8", 0.8, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 1 },
	{ "even range, 0", 0, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 0 },
	{ "even range, 0.5", 0.5, 2, (const double[]){ 0, 0.5, 0.5, 1 }, 1 },
	{ "reduced range, 0.2", 0.2, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, 0 },
	{ "reduced range, 0.4", 0.4, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, -1 },
	{ "reduced range, 0.6", 0.6, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, 1 },
	{ "reduced range, 0.8", 0.8, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, -1 },
	{ "reduced range, 0.25", 0.25, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, -1 },
	{ "reduced range, 0.5", 0.5, 2, (const double[]){ 0, 0.25, 0.5, 0.75 }, 1 },
	{ "zero range", 0.5, 3, (const double[]){ 0, 0.5, 0.5, 0.5, 0.5, 1 }, 2 },
};

int
main(int argc, char *argv[])
{
	double r[16];
	size_t i, j;
	char *m;
	int ok;

	(void)argc;
	pp_setprog(argv[0]);
	/* draft-eastlake-fnv: FNV-1a 32 of "", "a", "foobar" */
	tap_ok(fnv1a32("", 0) == 0x811c9dc5u, "fnv1a32 of the empty string");
	tap_ok(fnv1a32("a", 1) == 0xe40c292cu, "fnv1a32 of a");
	tap_ok(fnv1a32("foobar", 6) == 0xbf9cf968u, "fnv1a32 of foobar");
	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		m = xasprintf("gb_hash(\"%s\", \"%s\", v%d)", hashes[i].seed,
		    hashes[i].value, hashes[i].version);
		tap_near(gb_hash(hashes[i].seed, hashes[i].value,
		    hashes[i].version), hashes[i].want, 1e-12, m);
		free(m);
	}
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		gb_bucket_ranges(ranges[i].k, ranges[i].coverage,
		    ranges[i].weights, ranges[i].nweights, r);
		for (j = 0, ok = 1; j < 2 * ranges[i].k; j++)
			if (fabs(r[j] - ranges[i].want[j]) > 1e-9)
				ok = 0;
		m = xasprintf("bucket ranges: %s", ranges[i].what);
		tap_ok(ok, m);
		free(m);
	}
	for (i = 0; i < sizeof(chooses) / sizeof(chooses[0]); i++) {
		m = xasprintf("choose variation: %s", chooses[i].what);
		tap_ok(gb_choose(chooses[i].n, chooses[i].ranges,
		    chooses[i].k) == chooses[i].want, m);
		free(m);
	}
	tap_ok(gb_hash("a", "b", 99) == -1, "an unknown hash version");
	return tap_done();
}
