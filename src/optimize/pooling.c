/*
 * The connection-pooling detector: a host connected to again in a trace.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "optimize.h"

/* Connections to a host made again in a trace: all after the first. */
void
detect_pooling(struct run *run, const struct tview *v)
{
	const struct trace *t = v->t;
	struct finding *f;
	struct hmap hosts;
	struct hmap_entry *e;
	size_t i, *cnt;

	hmap_init(&hosts);
	for (i = 0; i < t->n; i++) {
		if (t->s[i].kind != K_CONNECT || t->s[i].host == NULL)
			continue;
		e = hmap_put(&hosts, t->s[i].host, strlen(t->s[i].host));
		if (e->val == NULL)
			e->val = xcalloc(2, sizeof(size_t));
		++*(size_t *)e->val;
	}
	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (s->kind != K_CONNECT || s->host == NULL)
			continue;
		cnt = hmap_get(&hosts, s->host, strlen(s->host))->val;
		/* cnt[1]: the connections seen so far */
		if ((double)cnt[0] < run->lim.pool_min_connects ||
		    cnt[1]++ == 0)
			continue;
		f = finding_get(run, F_POOLING, s->host, NULL, t);
		f->impact_s += s->dur;
		f->impact_calls += 1;
	}
	for (i = 0; i < hosts.n; i++)
		free(hosts.ent[i].val);
	hmap_free(&hosts);
}
