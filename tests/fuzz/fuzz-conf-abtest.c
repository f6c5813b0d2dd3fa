/* Fuzzes pp-abtest's abtest: section (and metrics:) through its loader. */
#define main pp_abtest_main
int	 pp_abtest_main(int, char *[]);
#include "../../src/pp-abtest.c"
#undef main

#define PROG	"pp-abtest"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct ab ab;

	memset(&ab, 0, sizeof(ab));
	pp_common_init(&ab.c);
	conf_metrics(root, &ab.mc);
	load_config(&ab, root);
	metric_conf_free(&ab.mc);
}

#include "fuzz-conf.h"
