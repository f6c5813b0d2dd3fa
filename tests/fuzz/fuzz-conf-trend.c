/* Fuzzes pp-trend's trend: section (and metrics:) through its loader. */
#define main pp_trend_main
int	 pp_trend_main(int, char *[]);
#include "../../src/pp-trend.c"
#undef main

#define PROG	"pp-trend"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct trend t;
	int given[6] = { 0 };

	memset(&t, 0, sizeof(t));
	pp_common_init(&t.c);
	load_config(&t, root, given);
	metric_conf_free(&t.mc);
}

#include "fuzz-conf.h"
