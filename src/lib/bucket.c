/*
 * GrowthBook's bucketing, from its SDK specification (hash, bucket
 * ranges, chooseVariation); tested against its cases.json.
 */
#include <stdio.h>
#include <string.h>

#include "bucket.h"

double
gb_hash(const char *seed, const char *key, int version)
{
	char num[16], *p = num + sizeof(num);
	uint32_t h;

	if (version == 2) {
		/* the decimal text of the first hash, hashed again */
		h = fnv1a32_str(fnv1a32_str(FNV32_BASIS, seed), key);
		do
			*--p = (char)('0' + h % 10);
		while ((h /= 10) != 0);
		return (double)(fnv1a32(p, (size_t)(num + sizeof(num) - p)) %
		    10000) / 10000;
	}
	if (version == 1)
		return (double)(fnv1a32_str(fnv1a32_str(FNV32_BASIS, key), seed) % 1000) / 1000;
	return -1;
}

void
gb_bucket_ranges(size_t k, double coverage, const double *weights,
    size_t nweights, double *ranges)
{
	double sum = 0, cum = 0, w;
	size_t i;
	int equal = weights == NULL || nweights != k;

	if (coverage < 0)
		coverage = 0;
	if (coverage > 1)
		coverage = 1;
	for (i = 0; !equal && i < k; i++)
		sum += weights[i];
	if (!equal && (sum < 0.99 || sum > 1.01))
		equal = 1;
	for (i = 0; i < k; i++) {
		w = equal ? 1.0 / (double)k : weights[i];
		ranges[2 * i] = cum;
		ranges[2 * i + 1] = cum + coverage * w;
		cum += w;
	}
}

int
gb_choose(double n, const double *ranges, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (n >= ranges[2 * i] && n < ranges[2 * i + 1])
			return (int)i;
	return -1;
}
