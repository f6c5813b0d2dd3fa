/* Fuzzes pp-abtest's abtest: section (and metrics:) through its loader. */
#include <string.h>

#include "abtest.h"

#define PROG	"pp-abtest"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct ab ab;
	int given[G_N] = { 0 };

	memset(&ab, 0, sizeof(ab));
	pp_common_init(&ab.c);
	conf_metrics(root, &ab.mc);
	ab_load_config(&ab, root, given);
	ab_free(&ab);		/* the weights */
	metric_conf_free(&ab.mc);
}

#include "fuzz-conf.h"
