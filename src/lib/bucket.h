/*
 * Deterministic assignment to variants: GrowthBook's published bucketing
 * (FNV-1a 32-bit hashing of seed and key, version 2), so that an
 * assignment made here agrees with one made by an SDK that uses it.
 */
#ifndef PP_BUCKET_H
#define PP_BUCKET_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"

/*
 * The bucket of key under seed, in [0, 1): version 2 hashes the decimal
 * text of fnv1a32(seed key) again and keeps 4 digits; version 1 is
 * fnv1a32(key seed) with 3 digits.  -1 for another version.
 */
double	 gb_hash(const char *seed, const char *key, int version);
/*
 * The bucket ranges of k variations: weights (NULL, or not summing to
 * about 1, means equal weights), each range shrunk to coverage of its
 * width from its start, so raising coverage moves no one already in.
 * ranges holds 2k values.
 */
void	 gb_bucket_ranges(size_t k, double coverage, const double *weights,
	    size_t nweights, double *ranges);
/* The variation whose range holds n, or -1. */
int	 gb_choose(double n, const double *ranges, size_t k);

#endif
