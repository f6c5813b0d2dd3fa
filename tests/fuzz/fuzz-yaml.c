/*
 * Fuzzes the YAML loader (conf_load: any section, the shared metrics:
 * section) and the lookups of metric properties.
 */
#include "conf.h"

#define PROG	"fuzz-yaml"
#define CHECK	check

static void
check(struct cnode *root)
{
	static const char *const names[] = { "wall_time", "a.latency",
	    "throughput", "", "*" };
	struct metric_conf mc;
	size_t i;

	conf_metrics(root, &mc);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)metric_props(&mc, names[i]);
	metric_conf_free(&mc);
}

#include "fuzz-conf.h"
