/* Fuzzes pp-budget's budgets: section (and metrics:) through its loader. */
#include <string.h>

#include "budget.h"

#define PROG	"pp-budget"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct budgets bs;

	memset(&bs, 0, sizeof(bs));
	/* 2026-01-01: waivers expire against a fixed time */
	budgets_load(root, &bs, -1, (pp_time)1767225600 * 1000000);
	budgets_free(&bs);
}

#include "fuzz-conf.h"
