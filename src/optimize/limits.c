/*
 * pp-optimize's thresholds: their defaults and the optimize: section of
 * the configuration (pp-config(5)) over them.
 */
#include <math.h>
#include <stddef.h>

#include "conf.h"
#include "optimize.h"

static const struct limits default_limits = {
	.batch_min_calls = 5, .batch_min_total = 0.050,
	.parallel_min_span = 0.030, .parallel_max_gap = 0.005,
	.parallel_gap_share = 0.10,
	.cache_min_calls = 2, .memo_min_calls = 2,
	.debounce_window = 0.015, .debounce_min_calls = 5,
	.pool_min_connects = 2,
	.slow_query = 0.100, .index_slow_p95 = 0.100, .index_max_rows = 10,
	.compress_min_size = 300000, .compress_ratio = 0.25,
	.lazy_start = 0.10, .lazy_min_duration = 0.010,
	.min_saving = 0.005, .min_share = 0.01
};

enum lkind { L_COUNT, L_DURATION, L_SIZE, L_RATIO };

/* The keys, in the order of the fields of load_limits. */
static const struct {
	const char	*key;
	enum lkind	 kind;
} limit_keys[] = {
#define LK(k, kind) { #k, kind }
	LK(batch_min_calls, L_COUNT),
	LK(batch_min_total, L_DURATION),
	LK(parallel_min_span, L_DURATION),
	LK(parallel_max_gap, L_DURATION),
	LK(parallel_gap_share, L_RATIO),
	LK(cache_min_calls, L_COUNT),
	LK(memo_min_calls, L_COUNT),
	LK(debounce_window, L_DURATION),
	LK(debounce_min_calls, L_COUNT),
	LK(pool_min_connects, L_COUNT),
	LK(slow_query, L_DURATION),
	LK(index_slow_p95, L_DURATION),
	LK(index_max_rows, L_COUNT),
	LK(compress_min_size, L_SIZE),
	LK(compress_ratio, L_RATIO),
	LK(lazy_start, L_RATIO),
	LK(lazy_min_duration, L_DURATION),
	LK(min_saving, L_DURATION),
	LK(min_share, L_RATIO)
#undef LK
};
#define NLIMITS (sizeof(limit_keys) / sizeof(limit_keys[0]))

/* The thresholds: the defaults, and the optimize: section over them. */
void
load_limits(const char *path, struct limits *l)
{
	const char *allowed[NLIMITS + 1];
	struct cnode *root, *sec, *v;
	double x = 0;
	size_t i;

	double *const field[] = {
		&l->batch_min_calls, &l->batch_min_total,
		&l->parallel_min_span, &l->parallel_max_gap,
		&l->parallel_gap_share, &l->cache_min_calls, &l->memo_min_calls, &l->debounce_window,
		&l->debounce_min_calls, &l->pool_min_connects,
		&l->slow_query, &l->index_slow_p95, &l->index_max_rows,
		&l->compress_min_size, &l->compress_ratio, &l->lazy_start,
		&l->lazy_min_duration, &l->min_saving, &l->min_share
	};
	_Static_assert(sizeof(field) / sizeof(field[0]) == NLIMITS,
	    "a field for each key");

	*l = default_limits;
	if ((root = conf_load(path)) == NULL)
		return;
	if ((sec = conf_get(root, "optimize")) != NULL) {
		conf_expect(sec, CN_MAP, "a map of thresholds");
		for (i = 0; i < NLIMITS; i++)
			allowed[i] = limit_keys[i].key;
		allowed[NLIMITS] = NULL;
		conf_check_keys(sec, allowed);
		for (i = 0; i < NLIMITS; i++) {
			if ((v = conf_get(sec, limit_keys[i].key)) == NULL)
				continue;
			switch (limit_keys[i].kind) {
			case L_COUNT:
				x = conf_number(v);
				if (x > 1e9)
					conf_die(v, "%s: '%s' is too large (at "
					    "most 1000000000)",
					    limit_keys[i].key, v->str);
				if (x < 1 || x != floor(x))
					conf_die(v, "%s: '%s' is not a whole "
					    "number of at least 1",
					    limit_keys[i].key, v->str);
				break;
			case L_DURATION:
				x = conf_duration(v);
				break;
			case L_SIZE:
				x = conf_size(v);
				break;
			case L_RATIO:
				x = conf_percent(v);
				if (x <= 0 || x > 1)
					conf_die(v, "%s: '%s' is not above 0%% "
					    "and at most 100%%",
					    limit_keys[i].key, v->str);
				break;
			}
			*field[i] = x;
		}
	}
	conf_free(root);
}

