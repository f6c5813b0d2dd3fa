/*
 * pp-alert's configuration: receivers (from options and the alerts:
 * section), routes, and the section's grouping and deduplication.
 */
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "diag.h"

struct receiver *
add_receiver(struct alert_run *a, const char *name, int kind,
    const char *target)
{
	struct receiver *r;

	a->rcv = xreallocarray(a->rcv, a->nrcv + 1, sizeof(*a->rcv));
	r = &a->rcv[a->nrcv++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->kind = kind;
	r->target = xstrdup(target);
	return r;
}

/* The headers: of a receiver, each a mapping {env: VARIABLE}. */
static void
load_headers(struct receiver *r, const struct cnode *v)
{
	size_t j;

	conf_expect(v, CN_MAP, "a mapping from header to {env: VARIABLE}");
	for (j = 0; j < v->n; j++) {
		static const char *const hk[] = { "env", NULL };
		const struct cnode *e;

		conf_expect(v->vals[j], CN_MAP, "{env: VARIABLE}: header "
		    "values come from the environment");
		conf_check_keys(v->vals[j], hk);
		if ((e = conf_get(v->vals[j], "env")) == NULL)
			conf_die(v->vals[j], "a header needs env:");
		r->headers = xreallocarray(r->headers, r->nheaders + 1,
		    sizeof(*r->headers));
		r->headers[r->nheaders].name = v->keys[j]->str;
		r->headers[r->nheaders++].env = conf_string(e);
	}
}

/* One receiver of receivers: a name and exactly one target. */
static void
load_receiver(struct alert_run *a, const struct cnode *it)
{
	static const char *const rkeys[] = { "name", "webhook", "slack",
	    "email", "exec", "headers", "subject", NULL };
	static const char *const kinds[] = { "webhook", "slack", "email",
	    "exec" };
	const struct cnode *v;
	struct receiver *r;
	size_t j;
	int k, found;

	conf_expect(it, CN_MAP, "a receiver: name and a target");
	conf_check_keys(it, rkeys);
	if ((v = conf_get(it, "name")) == NULL)
		conf_die(it, "a receiver needs a name");
	(void)conf_string(v);
	for (k = 0, found = -1; k < 4; k++)
		if (conf_get(it, kinds[k]) != NULL) {
			if (found >= 0)
				conf_die(conf_get(it, kinds[k]), "receiver "
				    "'%s' has two targets", v->str);
			found = k;
		}
	if (found < 0)
		conf_die(it, "receiver '%s' has no target (webhook, slack, "
		    "email or exec)", v->str);
	for (j = 0; j < a->nrcv; j++)
		if (strcmp(a->rcv[j].name, v->str) == 0)
			conf_die(v, "receiver '%s' is defined twice", v->str);
	v = conf_get(it, kinds[found]);
	if (found <= R_SLACK && strncmp(conf_string(v), "http://", 7) != 0 &&
	    strncmp(v->str, "https://", 8) != 0)
		conf_die(v, "'%s' is not an http:// or https:// URL", v->str);
	if (found == R_EMAIL && strchr(conf_string(v), '@') == NULL)
		conf_die(v, "'%s' is not an address", v->str);
	r = add_receiver(a, conf_get(it, "name")->str, found, conf_string(v));
	if ((v = conf_get(it, "subject")) != NULL)
		r->subject = xstrdup(conf_string(v));
	if ((v = conf_get(it, "headers")) != NULL)
		load_headers(r, v);
}

/* routes: each a match, a receiver by name, continue. */
static void
load_routes(struct alert_run *a, const struct cnode *n)
{
	static const char *const routekeys[] = { "match", "receiver",
	    "continue", NULL };
	const struct cnode *it, *v;
	size_t i, j;

	conf_expect(n, CN_SEQ, "a list of routes");
	a->routes = xcalloc(n->n + 1, sizeof(*a->routes));
	for (i = 0; i < n->n; i++) {
		it = n->vals[i];
		conf_expect(it, CN_MAP, "a route: match, receiver");
		conf_check_keys(it, routekeys);
		if ((v = conf_get(it, "receiver")) == NULL)
			conf_die(it, "a route needs a receiver");
		for (j = 0; j < a->nrcv; j++)
			if (strcmp(a->rcv[j].name, conf_string(v)) == 0)
				break;
		if (j == a->nrcv)
			conf_die(v, "unknown receiver '%s'", v->str);
		a->routes[i].receiver = j;
		if ((v = conf_get(it, "match")) != NULL)
			a->routes[i].m = matchers_of(v, NULL,
			    &a->routes[i].nm);
		if ((v = conf_get(it, "continue")) != NULL)
			a->routes[i].cont = conf_bool(v);
	}
	a->nroutes = n->n;
}

/* group_by, dedup_key and repeat_interval, unless options gave them. */
static void
load_fields(struct alert_run *a, const struct cnode *sec)
{
	const struct cnode *n;
	size_t i;

	if ((n = conf_get(sec, "group_by")) != NULL)
		conf_expect(n, CN_SEQ, "a list of fields");
	if ((n = conf_get(sec, "dedup_key")) != NULL)
		conf_expect(n, CN_SEQ, "a list of fields");
	if ((n = conf_get(sec, "group_by")) != NULL && !a->c.group_set) {
		a->c.group_by = xcalloc(n->n + 1, sizeof(*a->c.group_by));
		for (i = 0; i < n->n; i++)
			a->c.group_by[i] = interns(conf_string(n->vals[i]));
		a->c.ngroup = n->n;
		a->c.group_set = 1;
	}
	if ((n = conf_get(sec, "dedup_key")) != NULL && a->ndedup == 0) {
		conf_expect(n, CN_SEQ, "a list of fields");
		a->dedup = xcalloc(n->n + 1, sizeof(*a->dedup));
		for (i = 0; i < n->n; i++)
			a->dedup[i] = interns(conf_string(n->vals[i]));
		a->ndedup = n->n;
	}
	if ((n = conf_get(sec, "repeat_interval")) != NULL) {
		double d = conf_duration(n);	/* checked, even overridden */

		if (a->repeat < 0)
			a->repeat = d;
	}
}

void
load_config(struct alert_run *a, const struct cnode *root)
{
	static const char *const keys[] = { "receivers", "routes",
	    "group_by", "dedup_key", "repeat_interval", NULL };
	const struct cnode *sec = conf_get(root, "alerts"), *n;
	size_t i;

	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping with receivers: and routes:");
	conf_check_keys(sec, keys);
	if ((n = conf_get(sec, "receivers")) != NULL) {
		conf_expect(n, CN_SEQ, "a list of receivers");
		for (i = 0; i < n->n; i++)
			load_receiver(a, n->vals[i]);
	}
	if ((n = conf_get(sec, "routes")) != NULL)
		load_routes(a, n);
	load_fields(a, sec);
}

void
config_free(struct alert_run *a)
{
	size_t i;

	for (i = 0; i < a->nrcv; i++) {
		free(a->rcv[i].name);
		free(a->rcv[i].target);
		free(a->rcv[i].subject);
		if (a->rcv[i].headers != a->hdrs)
			free(a->rcv[i].headers);
	}
	for (i = 0; i < a->nhdrs; i++)
		free((char *)a->hdrs[i].name);
	free(a->hdrs);
	free(a->rcv);
	for (i = 0; i < a->nroutes; i++)
		free(a->routes[i].m);
	free(a->routes);
	free(a->dedup);
}
