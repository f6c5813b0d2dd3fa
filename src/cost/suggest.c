/*
 * pp-cost's --suggest: the evidence kept from priced records (LLM models
 * and prompts, egress, bursts of API calls) and the savings it shows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"
#include "diag.h"
#include "metric.h"

void
add_evidence(struct cost *k, const struct rec *r, pp_time t,
    const struct rule *ru, money m, double qty)
{
	const char *model, *ph, *metric = rec_get(r, mnames()->metric), *cat;
	struct hmap_entry *e;

	cat = ru != NULL ? ru->category : "";
	if (strcmp(cat, "llm") == 0) {
		(void)money_add(k->llm, m, &k->llm);
		model = rec_get(r, interns("model"));
		if (model == NULL)
			model = rec_get(r, interns("gen_ai.request.model"));
		if (model != NULL && ru != NULL) {
			struct model_use *u;

			k->key.len = 0;
			buf_adds(&k->key, model);
			buf_addc(&k->key, '\037');
			buf_adds(&k->key, metric != NULL ? metric : "");
			e = hmap_put(&k->models, k->key.p, k->key.len);
			if ((u = e->val) == NULL) {
				u = e->val = xcalloc(1, sizeof(*u));
				u->rule = ru;
				u->metric = interns(metric != NULL ? metric :
				    "");
			}
			(void)money_add(u->cost, m, &u->cost);
			u->qty += qty;
		}
		ph = rec_get(r, interns("prompt_hash"));
		if (ph == NULL)
			ph = rec_get(r, interns("gen_ai.prompt.hash"));
		if (ph != NULL && *ph != '\0') {
			struct prompt_use *pu;

			k->key.len = 0;
			buf_adds(&k->key, ph);
			buf_addc(&k->key, '\037');
			buf_adds(&k->key, metric != NULL ? metric : "");
			e = hmap_put(&k->prompts, k->key.p, k->key.len);
			if ((pu = e->val) == NULL)
				pu = e->val = xcalloc(1, sizeof(*pu));
			if (pu->n++ == 0)
				pu->first = m;
			else
				(void)money_add(pu->repeats, m, &pu->repeats);
		}
	}
	if (strcmp(cat, "network") == 0) {
		(void)money_add(k->egress, m, &k->egress);
		if (!isnan(qty))
			k->egress_bytes += qty;
	}
	if (strcmp(cat, "api") == 0) {
		struct call_times *ct;
		const char *in = rec_get(r, interns("integration"));

		k->key.len = 0;
		buf_adds(&k->key, metric != NULL ? metric : "");
		buf_addc(&k->key, '\037');
		buf_adds(&k->key, in != NULL ? in : "");
		e = hmap_put(&k->calls, k->key.p, k->key.len);
		if ((ct = e->val) == NULL)
			ct = e->val = xcalloc(1, sizeof(*ct));
		if (ct->n == ct->cap) {
			ct->cap = ct->cap ? ct->cap * 2 : 64;
			ct->t = xreallocarray(ct->t, ct->cap, sizeof(*ct->t));
		}
		ct->t[ct->n++] = time_sec(t);
		(void)money_add(ct->cost, m, &ct->cost);
	}
}

static void
suggestion(struct cost *k, const char *type, const char *evidence,
    money savings, const char *basis)
{
	struct rec *r = &k->r;

	rec_clear(r);
	rec_put(r, "type", type);
	put_money(r, "savings", savings);
	rec_put(r, "currency", k->currency);
	rec_put(r, "evidence", evidence);
	rec_put(r, "basis", basis);
	wr_record(k->out_w, r);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * A model that takes most of the LLM spend, and the cheapest other rule
 * of the sheet for its metrics.
 */
static void
suggest_model(struct cost *k)
{
	char ev[512], basis[512], a[MONEY_LEN], b[MONEY_LEN];
	struct model_use *top = NULL, *u;
	money by_model, top_cost = 0, save;
	size_t i, j;

	for (i = 0; i < k->models.n; i++) {
		const char *name = k->models.ent[i].key;
		size_t len = strcspn(name, "\037");

		by_model = 0;
		for (j = 0; j < k->models.n; j++)
			if (strncmp(k->models.ent[j].key, name, len) == 0 &&
			    k->models.ent[j].key[len] == '\037')
				by_model += ((struct model_use *)
				    k->models.ent[j].val)->cost;
		if (by_model > top_cost) {
			top_cost = by_model;
			top = k->models.ent[i].val;
		}
	}
	if (top != NULL && k->llm > 0 && money_double(top_cost) >=
	    0.5 * money_double(k->llm)) {
		const char *topname = NULL;
		size_t tl = 0;

		for (i = 0; i < k->models.n; i++)
			if (k->models.ent[i].val == top) {
				topname = k->models.ent[i].key;
				tl = strcspn(topname, "\037");
			}
		save = 0;
		basis[0] = '\0';
		for (i = 0; i < k->models.n && topname != NULL; i++) {
			u = k->models.ent[i].val;
			if (strncmp(k->models.ent[i].key, topname, tl) != 0 ||
			    k->models.ent[i].key[tl] != '\037')
				continue;
			/* the cheapest rule of the sheet for this metric */
			for (j = 0; j < k->p.s[k->p.n - 1].nrules; j++) {
				const struct rule *c =
				    &k->p.s[k->p.n - 1].rules[j];
				money alt;
				struct decimal q;

				if (c->metric == NULL ||
				    strcmp(c->metric, u->metric) != 0 ||
				    c == u->rule || c->per.mant == 0)
					continue;
				q.mant = (int64_t)llround(u->qty);
				q.scale = 0;
				if (money_line(&q, &c->price, &c->per,
				    &alt) != 0 || alt >= u->cost)
					continue;
				if (u->cost - alt > save) {
					save = u->cost - alt;
					snprintf(basis, sizeof(basis), "%s at "
					    "%s's price (%s per %s) instead of "
					    "%s", u->metric, c->name,
					    c->price.mant ? money_format(
					    money_from_double((double)
					    c->price.mant / pow(10,
					    c->price.scale)), a) : "0",
					    c->per_text, u->rule->name);
				}
			}
		}
		snprintf(ev, sizeof(ev), "%.*s takes %s of %s LLM spend "
		    "(%.1f%%)", (int)tl, topname != NULL ? topname : "",
		    money_format(top_cost, a), money_format(k->llm, b),
		    100 * money_double(top_cost) / money_double(k->llm));
		if (save > 0)
			suggestion(k, "cheaper_model", ev, save, basis);
	}
}

/* Identical prompts: caching saves every repeat. */
static void
suggest_caching(struct cost *k)
{
	char ev[512];
	money save;
	size_t i, n;

	save = 0;
	n = 0;
	for (i = 0; i < k->prompts.n; i++) {
		struct prompt_use *pu = k->prompts.ent[i].val;

		if (pu->n > 1) {
			save += pu->repeats;
			n += pu->n - 1;
		}
	}
	if (n > 0) {
		snprintf(ev, sizeof(ev), "%zu repeated prompts (same "
		    "prompt_hash)", n);
		suggestion(k, "caching", ev, save, "the cost of every repeat "
		    "after the first");
	}
}

/* Bursts of calls: batching saves all but one call of a burst. */
static void
suggest_batching(struct cost *k)
{
	char ev[512];
	money save;
	size_t i, j, n;

	save = 0;
	n = 0;
	for (i = 0; i < k->calls.n; i++) {
		struct call_times *ct = k->calls.ent[i].val;
		size_t start = 0, calls = 0, bursts = 0;

		qsort(ct->t, ct->n, sizeof(*ct->t), cmp_dbl);
		for (j = 1; j <= ct->n; j++)
			if (j == ct->n || ct->t[j] - ct->t[j - 1] >= 1.0) {
				if (j - start >= 10) {
					calls += j - start;
					bursts++;
				}
				start = j;
			}
		if (calls > 0 && ct->n > 0) {
			money per = money_div(ct->cost, (int64_t)ct->n);

			save += per * (money)(calls - bursts);
			n += calls;
		}
	}
	if (n > 0) {
		snprintf(ev, sizeof(ev), "%zu calls in bursts of 10 or more "
		    "less than 1 s apart", n);
		suggestion(k, "batching", ev, save, "one call per burst "
		    "instead of each, at the mean price per call");
	}
}

/* Egress: compression at the assumed ratio. */
static void
suggest_compression(struct cost *k)
{
	char ev[512], basis[512], a[MONEY_LEN], b[MONEY_LEN];

	if (k->egress > 0) {
		snprintf(ev, sizeof(ev), "egress costs %s (%.1f%% of %s), "
		    "%.0f bytes", money_format(k->egress, a),
		    k->total != 0 ? 100 * money_double(k->egress) /
		    money_double(k->total) : 0, money_format(k->total, b),
		    k->egress_bytes);
		snprintf(basis, sizeof(basis), "compressed to %g of its "
		    "size (--compression-ratio)", k->compression);
		suggestion(k, "compression", ev, money_from_double(
		    money_double(k->egress) * (1 - k->compression)), basis);
	}
}

void
write_suggestions(struct cost *k)
{
	suggest_model(k);
	suggest_caching(k);
	suggest_batching(k);
	suggest_compression(k);
}
