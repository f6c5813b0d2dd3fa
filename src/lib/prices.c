/*
 * Price sheets: rules matched in order, prices as exact decimals, per
 * quantities with units (1M tokens, 1GB, 1GiB-month); shared by pp-cost
 * and pp-optimize.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "prices.h"
#include "units.h"

/* The kind of quantity a per unit prices, by its base unit. */
static int
per_kind(const struct pp_unit *u)
{
	if (strcmp(u->base, "s") == 0)
		return PER_TIME;
	if (strcmp(u->base, "bytes") == 0)
		return PER_BYTES;
	return PER_COUNT;
}

static void
parse_per(const struct cnode *n, double hours_per_month, struct rule *r)
{
	const char *s = conf_string(n), *u;
	const struct pp_unit *pu;
	char num[64], unit[32];
	size_t len, ul;
	int month = 0;

	len = strspn(s, "0123456789.");
	if (len >= sizeof(num))
		conf_die(n, "per: '%s' is not a quantity such as 1M or 1GB", s);
	memcpy(num, s, len);
	num[len] = '\0';
	if (len == 0)
		strcpy(num, "1");
	if (decimal_parse(num, &r->per) != 0 || r->per.mant <= 0)
		conf_die(n, "per: '%s' is not a quantity such as 1M or 1GB", s);
	for (u = s + len; *u == ' '; u++)
		;
	ul = strlen(u);
	if (ul > 6 && strcmp(u + ul - 6, "-month") == 0) {
		month = 1;
		ul -= 6;
	}
	if (ul >= sizeof(unit))
		conf_die(n, "per: unknown unit in '%s'", s);
	memcpy(unit, u, ul);
	unit[ul] = '\0';
	if ((pu = unit_find(unit, UNIT_PER)) == NULL)
		conf_die(n, "per: unknown unit '%s' (K M G, ns us ms s min h "
		    "d, B KB MB GB TB KiB MiB GiB TiB, or a size-month)", unit);
	if (month && per_kind(pu) != PER_BYTES)
		conf_die(n, "per: '%s': only a size can be per month", s);
	if (decimal_scale(&r->per, pu->mul, pu->div10) != 0)
		conf_die(n, "per: '%s' is too large", s);
	r->per_kind = per_kind(pu);
	if (month) {
		/* byte-seconds in a month of hours_per_month hours */
		if (decimal_scale(&r->per, (int64_t)(hours_per_month * 3600),
		    0) != 0)
			conf_die(n, "per: '%s' is too large", s);
		r->per_kind = PER_BYTE_TIME;
	}
	r->per_text = s;
}

static void
load_sheet(const struct cnode *sec, struct sheet *sh, int with_since)
{
	static const char *const keys[] = { "currency", "hours_per_month",
	    "rules", "since", NULL };
	static const char *const rkeys[] = { "name", "match", "category",
	    "price", "per", NULL };
	const struct cnode *n, *rules, *it, *v;
	char day[64];
	size_t i, j;
	int rc;

	conf_expect(sec, CN_MAP, "a price sheet: currency and rules");
	conf_check_keys(sec, keys);
	sh->currency = "USD";
	if ((n = conf_get(sec, "currency")) != NULL) {
		sh->currency = conf_string(n);
		if (strlen(sh->currency) != 3)
			conf_die(n, "currency: '%s' is not an ISO 4217 code "
			    "such as USD", n->str);
	}
	sh->hours_per_month = 730;
	if ((n = conf_get(sec, "hours_per_month")) != NULL &&
	    (sh->hours_per_month = conf_number(n)) <= 0)
		conf_die(n, "hours_per_month: '%s' is not positive", n->str);
	if ((n = conf_get(sec, "since")) != NULL) {
		snprintf(day, sizeof(day), "%sT00:00:00Z", conf_string(n));
		if (time_parse(strlen(n->str) == 10 ? day : n->str,
		    &sh->since) != 0)
			conf_die(n, "since: '%s' is not a date (2026-01-01) or "
			    "an RFC 3339 time", n->str);
	} else if (with_since)
		conf_die(sec, "each of several price sheets needs since:");
	if ((rules = conf_get(sec, "rules")) == NULL)
		conf_die(sec, "a price sheet needs rules:");
	conf_expect(rules, CN_SEQ, "a list of rules");
	sh->rules = xcalloc(rules->n + 1, sizeof(*sh->rules));
	for (i = 0; i < rules->n; i++) {
		struct rule *r = &sh->rules[i];

		it = rules->vals[i];
		conf_expect(it, CN_MAP, "a rule: match, category, price, per");
		conf_check_keys(it, rkeys);
		if ((v = conf_get(it, "match")) == NULL)
			conf_die(it, "a rule needs match:");
		r->m = matchers_of(v, NULL, &r->nm);
		for (j = 0; j < r->nm; j++)
			if (strcmp(r->m[j].field, "metric") == 0) {
				r->metric = r->m[j].pattern;
				r->metric_kind = r->m[j].glob;
				r->metric_len = r->m[j].len;
			}
		if ((v = conf_get(it, "name")) != NULL)
			r->name = conf_string(v);
		else {
			r->name = xasprintf("rule %zu", i + 1);
			r->name_owned = 1;
		}
		r->category = (v = conf_get(it, "category")) != NULL ?
		    conf_string(v) : "";
		if ((v = conf_get(it, "price")) == NULL)
			conf_die(it, "a rule needs price:");
		if ((rc = decimal_parse(conf_string(v), &r->price)) ==
		    DECIMAL_RANGE)
			conf_die(v, "price: '%s' has more than 18 significant "
			    "digits", v->str);
		if (rc != 0)
			conf_die(v, "price: '%s' is not a decimal such as "
			    "\"0.0004\"", v->str);
		if (r->price.mant < 0)
			conf_die(v, "price: '%s' is negative", v->str);
		if ((v = conf_get(it, "per")) != NULL)
			parse_per(v, sh->hours_per_month, r);
		else {
			r->per.mant = 1;
			r->per.scale = 0;
			r->per_kind = -1;	/* one of whatever unit */
			r->per_text = "1";
		}
	}
	sh->nrules = rules->n;
	hmap_init(&sh->takers);
}

static int
cmp_sheet(const void *a, const void *b)
{
	pp_time x = ((const struct sheet *)a)->since;
	pp_time y = ((const struct sheet *)b)->since;

	return (x > y) - (x < y);
}

void
prices_load(const struct cnode *root, struct prices *p)
{
	const struct cnode *sec = conf_get(root, "prices");
	size_t i;

	memset(p, 0, sizeof(*p));
	if (sec == NULL)
		return;
	if (sec->type == CN_SEQ) {
		if (sec->n == 0)
			conf_die(sec, "prices: the list of sheets is empty");
		p->s = xcalloc(sec->n, sizeof(*p->s));
		for (i = 0; i < sec->n; i++)
			load_sheet(sec->vals[i], &p->s[i], 1);
		p->n = sec->n;
		for (i = 1; i < p->n; i++)
			if (strcmp(p->s[i].currency, p->s[0].currency) != 0)
				conf_die(conf_get(sec->vals[i], "currency") ?
				    conf_get(sec->vals[i], "currency") :
				    sec->vals[i], "currency: every sheet must "
				    "be in one currency (%s, %s)",
				    p->s[0].currency, p->s[i].currency);
		qsort(p->s, p->n, sizeof(*p->s), cmp_sheet);
	} else {
		p->s = xcalloc(1, sizeof(*p->s));
		load_sheet(sec, &p->s[0], 0);
		p->n = 1;
	}
}

struct sheet *
prices_at(struct prices *p, pp_time t)
{
	size_t i;
	struct sheet *s = NULL;

	for (i = 0; i < p->n; i++)
		if (p->s[i].since <= t || p->n == 1)
			s = &p->s[i];
	return s;
}

struct takers {
	size_t	*idx;
	size_t	 n;
};

const struct rule *
rule_for(struct sheet *sh, const char *metric, const struct rec *r)
{
	struct hmap_entry *e;
	struct takers *tk;
	struct matcher mm;
	size_t i;

	/* The rules that may take a metric, found once per metric name. */
	e = hmap_put(&sh->takers, metric, strlen(metric));
	if ((tk = e->val) == NULL) {
		tk = e->val = xcalloc(1, sizeof(*tk));
		for (i = 0; i < sh->nrules; i++) {
			if (sh->rules[i].metric != NULL) {
				mm.pattern = sh->rules[i].metric;
				mm.glob = sh->rules[i].metric_kind;
				mm.len = sh->rules[i].metric_len;
				if (!matcher_match(&mm, metric))
					continue;
			}
			tk->idx = xreallocarray(tk->idx, tk->n + 1,
			    sizeof(*tk->idx));
			tk->idx[tk->n++] = i;
		}
	}
	for (i = 0; i < tk->n; i++)
		if (matchers_hold(sh->rules[tk->idx[i]].m,
		    sh->rules[tk->idx[i]].nm, r))
			return &sh->rules[tk->idx[i]];
	return NULL;
}

void
prices_free(struct prices *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		struct sheet *sh = &p->s[i];

		for (j = 0; j < sh->takers.n; j++) {
			struct takers *tk = sh->takers.ent[j].val;

			free(tk->idx);
			free(tk);
		}
		hmap_free(&sh->takers);
		for (j = 0; j < sh->nrules; j++) {
			free(sh->rules[j].m);
			if (sh->rules[j].name_owned)
				free((char *)sh->rules[j].name);
		}
		free(sh->rules);
	}
	free(p->s);
}
