/*
 * pp-alert's routing and grouping: which receivers take a record, what
 * was sent within the repeat interval, and one message per group.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "diag.h"

struct group {
	char		*key;
	struct rec	*recs;
	size_t		 n;
};

struct hmap *
groups_new(const struct alert_run *a)
{
	struct hmap *groups = xcalloc(a->nrcv, sizeof(*groups));
	size_t i;

	for (i = 0; i < a->nrcv; i++)
		hmap_init(&groups[i]);
	return groups;
}

/*
 * The receivers that take r, in hit (room for nrcv): every one without
 * routes, else the first route that matches, on with continue: true.
 */
static size_t
route_record(const struct alert_run *a, const struct rec *r, size_t *hit)
{
	size_t nhit = 0, i, j;

	if (a->nroutes == 0)
		for (i = 0; i < a->nrcv; i++)
			hit[nhit++] = i;
	for (i = 0; i < a->nroutes; i++)
		if (matchers_hold(a->routes[i].m, a->routes[i].nm, r)) {
			for (j = 0; j < nhit; j++)
				if (hit[j] == a->routes[i].receiver)
					break;
			if (j == nhit && nhit < a->nrcv)
				hit[nhit++] = a->routes[i].receiver;
			if (!a->routes[i].cont)
				break;
		}
	return nhit;
}

void
group_record(const struct alert_run *a, struct hmap *groups,
    const struct rec *r, struct buf *key)
{
	size_t nhit, *hit = xcalloc(a->nrcv + 1, sizeof(*hit));
	char fp[17];
	size_t i, j;

	nhit = route_record(a, r, hit);
	fingerprint(a, r, fp);
	for (i = 0; i < nhit; i++) {
		struct hmap_entry *e;
		struct group *gr;

		key->len = 0;
		buf_printf(key, "%s\037%s", a->rcv[hit[i]].name, fp);
		if ((e = hmap_get(&a->sent, key->p, key->len)) != NULL &&
		    time_sec(a->start - (pp_time)(intptr_t)e->val) <
		    a->repeat)
			continue;	/* sent within the interval */
		key->len = 0;
		for (j = 0; j < a->c.ngroup; j++) {
			const char *v = rec_get(r, a->c.group_by[j]);

			buf_printf(key, "%s%s=%s", j ? "," : "",
			    a->c.group_by[j], v ? v : "");
		}
		e = hmap_put(&groups[hit[i]], key->p ? key->p : "",
		    key->len);
		if ((gr = e->val) == NULL) {
			gr = e->val = xcalloc(1, sizeof(*gr));
			gr->key = e->key;
		}
		gr->recs = xreallocarray(gr->recs, gr->n + 1,
		    sizeof(*gr->recs));
		rec_init(&gr->recs[gr->n]);
		rec_copy(&gr->recs[gr->n++], r);
	}
	free(hit);
}

void
groups_send(struct alert_run *a, struct hmap *groups)
{
	size_t i, j, g;

	for (i = 0; i < a->nrcv; i++)
		for (g = 0; g < groups[i].n; g++) {
			struct group *gr = groups[i].ent[g].val;
			struct message m;

			memset(&m, 0, sizeof(m));
			m.rcv = &a->rcv[i];
			m.alerts = gr->n;
			m.group = gr->key;
			payload_build(a, &m, gr->recs, gr->n);
			send_message(a, &m, 0, gr->recs);
			buf_free(&m.body);
			free(m.subject);
			for (j = 0; j < gr->n; j++)
				rec_free(&gr->recs[j]);
			free(gr->recs);
			free(gr);
		}
}

void
groups_free(const struct alert_run *a, struct hmap *groups)
{
	size_t i;

	for (i = 0; i < a->nrcv; i++)
		hmap_free(&groups[i]);
	free(groups);
}
