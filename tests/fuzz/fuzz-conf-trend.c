/* Fuzzes pp-trend's trend: section (and metrics:) through its loader. */
#include "trend.h"

#define PROG	"pp-trend"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct trend t;
	int given[TG_N] = { 0 };

	trend_init(&t);
	trend_load_config(&t, root, given);
	metric_conf_free(&t.mc);
}

#include "fuzz-conf.h"
