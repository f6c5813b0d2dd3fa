/* Fuzzes pp-cost's prices: section through its loader. */
#include <string.h>

#include "cost.h"

#define PROG	"pp-cost"
#define CHECK	check

static void
check(struct cnode *root)
{
	struct prices p;

	prices_load(root, &p);
	prices_free(&p);
}

#include "fuzz-conf.h"
