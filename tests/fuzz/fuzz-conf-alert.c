/* Fuzzes pp-alert's alerts: section through its loader. */
#define main pp_alert_main
int	 pp_alert_main(int, char *[]);
#include "../../src/pp-alert.c"
#undef main

#define PROG	"pp-alert"
#define CHECK	check

/* What load_config allocated (pp-alert keeps it until it exits). */
static void
free_config(struct alert_run *a)
{
	size_t i;

	for (i = 0; i < a->nrcv; i++) {
		free(a->rcv[i].name);
		free(a->rcv[i].target);
		free(a->rcv[i].subject);
		free(a->rcv[i].headers);
	}
	free(a->rcv);
	for (i = 0; i < a->nroutes; i++)
		free(a->routes[i].m);
	free(a->routes);
	free(a->c.group_by);
	free(a->dedup);
}

static void
check(struct cnode *root)
{
	struct alert_run a;

	memset(&a, 0, sizeof(a));
	pp_common_init(&a.c);
	a.repeat = -1;
	load_config(&a, root);
	free_config(&a);
}

#include "fuzz-conf.h"
