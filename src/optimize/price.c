/*
 * The money a finding would save, with a prices: section (the price
 * sheets of pp-cost(1)): its calls, seconds and bytes, each priced by
 * the rule of a usage metric, exactly, in nano-units.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "diag.h"
#include "hmap.h"
#include "money.h"
#include "optimize.h"
#include "prices.h"
#include "rec.h"

struct costs {
	struct cnode	*conf;		/* the rules' strings live here */
	struct prices	 p;
	struct sheet	*sh;		/* the sheet in force now */
	struct hmap	 kinds;		/* interned target (pointer) -> kind + 1 */
	struct rec	 r;		/* what a rule is matched against */
};

/* The usage metrics a finding's savings are priced as. */
#define M_SECONDS	"compute.seconds"
#define M_BYTES		"network.egress"

void
cost_load(struct run *run)
{
	struct costs *k;
	struct cnode *root;

	run->costs = NULL;
	if ((root = conf_load(run->c.config)) == NULL)
		return;
	k = xcalloc(1, sizeof(*k));
	prices_load(root, &k->p);
	if (k->p.n == 0) {
		conf_free(root);
		free(k);
		return;
	}
	k->conf = root;
	k->sh = prices_at(&k->p, time_now());
	hmap_init(&k->kinds);
	rec_init(&k->r);
	run->costs = k;
}

void
cost_kind(struct run *run, const char *target, enum kind kind)
{
	struct hmap_entry *e;

	/* targets are interned: the pointer is the key */
	e = hmap_put(&run->costs->kinds, &target, sizeof(target));
	e->val = (void *)(uintptr_t)(kind + 1);
}

/* The metric the calls of f are priced as, or NULL. */
static const char *
calls_metric(const struct costs *k, const struct finding *f)
{
	const struct hmap_entry *e;

	if (f->type == F_POOLING)
		return "connections";
	if (f->type == F_MEMO)
		return "function.calls";
	e = hmap_get(&k->kinds, &f->target, sizeof(f->target));
	if (e == NULL)
		return NULL;
	switch ((int)(uintptr_t)e->val - 1) {
	case K_DB:
		return "db.queries";
	case K_HTTP:
		return "api.calls";
	default:
		return NULL;
	}
}

/*
 * Adds x of metric (a quantity of per_kind) to *sum at its rule's price;
 * 1 if priced, 0 if no rule takes it or the rule's per is of another
 * kind, -1 beyond what an amount holds.
 */
static int
cost_part(struct costs *k, const struct finding *f, const char *metric,
    double x, int per_kind, money *sum)
{
	const struct rule *ru;
	struct decimal q;
	char text[64];
	money m;

	if (!(x > 0) || metric == NULL)
		return 0;
	rec_clear(&k->r);
	rec_put(&k->r, "metric", metric);
	rec_put(&k->r, "type", ftype_name[f->type]);
	rec_put(&k->r, "target", f->target);
	if ((ru = rule_for(k->sh, metric, &k->r)) == NULL ||
	    (ru->per_kind != -1 && ru->per_kind != per_kind))
		return 0;
	/* to the microsecond, as spans are read; whole calls and bytes */
	snprintf(text, sizeof(text), "%.*f", per_kind == PER_TIME &&
	    x < 1e12 ? 6 : 0, x);
	if (decimal_parse(text, &q) != 0 ||
	    money_line(&q, &ru->price, &ru->per, &m) != 0 ||
	    money_add(*sum, m, sum) != 0)
		return -1;
	return 1;
}

void
cost_put(struct run *run, const struct finding *f, struct rec *r)
{
	struct costs *k = run->costs;
	money sum = 0;
	char buf[MONEY_LEN];
	int a, b, c;

	if (k == NULL)
		return;
	if (f == NULL || k->sh == NULL) {
		rec_put(r, "impact_cost", "");
		rec_put(r, "currency", "");
		return;
	}
	a = cost_part(k, f, calls_metric(k, f), f->impact_calls, PER_COUNT,
	    &sum);
	b = cost_part(k, f, M_SECONDS, f->impact_s, PER_TIME, &sum);
	/* the bytes of lazy loading are memory held, not sent */
	c = cost_part(k, f, f->type == F_COMPRESSION ? M_BYTES : NULL,
	    f->impact_bytes, PER_BYTES, &sum);
	if (a < 0 || b < 0 || c < 0) {
		pp_warn("the saving of %s '%s' is beyond 9.2e9 %s: left "
		    "empty", ftype_name[f->type], f->target, k->sh->currency);
		a = b = c = 0;
	}
	rec_put(r, "impact_cost", a + b + c > 0 ? money_format(sum, buf) : "");
	rec_put(r, "currency", a + b + c > 0 ? k->sh->currency : "");
}

void
cost_free(struct run *run)
{
	struct costs *k = run->costs;

	if (k == NULL)
		return;
	hmap_free(&k->kinds);
	rec_free(&k->r);
	prices_free(&k->p);
	conf_free(k->conf);
	free(k);
	run->costs = NULL;
}
