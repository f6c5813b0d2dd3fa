/*
 * pp-cost's pricing of one record: its own cost, or the sheet's rule
 * times its quantity in base units (gauges of bytes over time too), and
 * the coverage of what could be priced.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cost.h"
#include "diag.h"
#include "metric.h"

/* A record unit to base units: an integer factor over a power of ten. */
static void
unit_factor(const char *u, int64_t *mul, int *div10, const char **base)
{
	const struct pp_unit *pu = unit_find(u, UNIT_RECORD);

	*mul = pu != NULL ? pu->mul : 1;
	*div10 = pu != NULL ? pu->div10 : 0;
	/* count, tokens, calls ...: as they are */
	*base = pu != NULL ? pu->base : u != NULL ? u : "";
}

void
cost_unpriced(struct cost *k, const char *metric)
{
	struct hmap_entry *e = hmap_put(&k->unpriced, metric,
	    strlen(metric));

	e->val = (void *)((size_t)e->val + 1);
}

/* The record's own cost field, in the sheet's currency. */
static int
price_own(struct cost *k, const struct rec *r, const char *own,
    money *amount, const char **currency)
{
	struct decimal q, one = { 1, 0 };

	if (decimal_parse(own, &q) != 0 ||
	    money_line(&q, &one, &one, amount) != 0) {
		pp_badrec(r->file, r->line, "field 'cost': '%s' is not "
		    "an amount", own);
		return -1;
	}
	*currency = rec_get(r, k->n_currency);
	if (*currency == NULL || **currency == '\0')
		*currency = k->currency;
	if (strcmp(*currency, k->currency) != 0) {
		pp_badrec(r->file, r->line, "field 'currency': '%s' is "
		    "not the sheet's %s: not added", *currency,
		    k->currency);
		return -1;
	}
	return 0;
}

/*
 * Scales the quantity q (the text v) of r to base units, which must go
 * with the rule's per; *base is the base unit.
 */
static int
price_scale(struct cost *k, const struct rec *r, const struct rule *ru,
    const char *v, struct decimal *q, const char **basep)
{
	const struct metric_names *mn = mnames();
	const char *u, *base;
	int64_t mul;
	int div10;

	u = rec_get(r, mn->unit);
	/* a stream rarely changes units: the last one is remembered */
	if (u != NULL && k->last_unit != NULL && strcmp(u, k->last_unit) == 0) {
		mul = k->last_mul;
		div10 = k->last_div10;
		base = k->last_base;
	} else {
		unit_factor(u, &mul, &div10, &base);
		if (u != NULL && strlen(u) < sizeof(k->last_unit_buf)) {
			strcpy(k->last_unit_buf, u);
			k->last_unit = k->last_unit_buf;
			k->last_mul = mul;
			k->last_div10 = div10;
			k->last_base = base;
		}
	}
	if (decimal_scale(q, mul, div10) != 0) {
		pp_badrec(r->file, r->line, "field '%s': '%s' is too large: "
		    "in its base unit it needs more than 18 significant "
		    "digits", k->c.field, v);
		return -1;
	}
	if ((ru->per_kind == PER_TIME && strcmp(base, "s") != 0) ||
	    (ru->per_kind == PER_BYTES && strcmp(base, "bytes") != 0) ||
	    (ru->per_kind == PER_BYTE_TIME && strcmp(base, "bytes") != 0 &&
	    strcmp(base, "byte-seconds") != 0)) {
		pp_badrec(r->file, r->line, "unit '%s' does not go with %s's "
		    "per '%s'", u != NULL ? u : "", ru->name, ru->per_text);
		return -1;
	}
	*basep = base;
	return 0;
}

/*
 * A gauge of bytes over time: a sample pays for the time since the last
 * sample of its series (the first for none); q becomes byte-seconds.
 */
static int
price_gauge(struct cost *k, const struct rec *r, pp_time t, int has_time,
    struct decimal *q)
{
	const char *ttext;
	struct hmap_entry *e;
	pp_time last;

	if (!has_time && metric_time(r, &k->c, &t, &ttext) != 0) {
		pp_badrec(r->file, r->line, "a storage gauge needs a "
		    "time");
		return -1;
	}
	series_key(r, &k->c, &k->key);
	e = hmap_put(&k->gauges, k->key.p, k->key.len);
	last = e->val != NULL ? *(pp_time *)e->val : t;
	if (e->val == NULL)
		e->val = xmalloc(sizeof(pp_time));
	if (t < last)
		last = t;	/* out of order: no time passed */
	else
		*(pp_time *)e->val = t;
	/* microseconds: quantity x us / 10^6 is byte-seconds */
	{
		int64_t d = t - last;
		int d10 = 6;

		while (d10 > 0 && d % 10 == 0) {
			d /= 10;
			d10--;
		}
		if (decimal_scale(q, d, d10) != 0)
			d10 = -1;
		if (d10 >= 0)
			return 0;
	}
	pp_badrec(r->file, r->line, "field '%s': too large",
	    k->c.field);
	return -1;
}

int
price_record(struct cost *k, const struct rec *r, pp_time t, int has_time,
    money *amount, const struct rule **rule, const char **currency,
    double *qty_out)
{
	const struct metric_names *mn = mnames();
	const char *own = rec_get(r, k->n_cost), *metric, *v, *base;
	struct sheet *sh;
	struct decimal q;
	int div10, rc;
	const struct rule *ru;

	*rule = NULL;
	*qty_out = NAN;
	if (own != NULL && *own != '\0' && k->mode != MODE_CALCULATE)
		return price_own(k, r, own, amount, currency);
	if (k->mode == MODE_DISPLAY || k->p.n == 0)
		return -1;
	sh = prices_at(&k->p, has_time ? t : k->now);
	if (sh == NULL)
		return -1;
	metric = rec_get(r, mn->metric);
	if ((ru = rule_for(sh, metric != NULL ? metric : "", r)) == NULL)
		return -1;
	if ((v = rec_get(r, k->c.field)) == NULL || *v == '\0') {
		pp_badrec(r->file, r->line, "field '%s' is missing",
		    k->c.field);
		return -1;
	}
	if ((rc = decimal_parse(v, &q)) != 0) {
		pp_badrec(r->file, r->line, rc == DECIMAL_RANGE ?
		    "field '%s': '%s' is too large to price exactly (at most "
		    "18 significant digits, below 9.2e18)" :
		    "field '%s': '%s' is not a number", k->c.field, v);
		return -1;
	}
	if (q.mant < 0) {
		pp_badrec(r->file, r->line, "field '%s': '%s' is negative: no "
		    "cost", k->c.field, v);
		return -1;
	}
	if (price_scale(k, r, ru, v, &q, &base) != 0)
		return -1;
	if (ru->per_kind == PER_BYTE_TIME && strcmp(base, "bytes") == 0 &&
	    price_gauge(k, r, t, has_time, &q) != 0)
		return -1;
	if (money_line(&q, &ru->price, &ru->per, amount) != 0) {
		pp_badrec(r->file, r->line, "the cost is beyond 1.7e29 %s",
		    sh->currency);
		return -1;
	}
	*rule = ru;
	*currency = sh->currency;
	*qty_out = (double)q.mant;
	for (div10 = q.scale; div10 > 0; div10--)
		*qty_out /= 10;
	return 0;
}

char *
cost_share_text(size_t part, size_t whole, char buf[32])
{
	double pct = whole > 0 ? 100.0 * (double)part / (double)whole : 100;

	/* Cut, not rounded: 99.96% of records priced is not 100%. */
	snprintf(buf, 32, "%.1f%%", floor(pct * 10) / 10);
	return buf;
}

int
cost_coverage(const struct cost *k)
{
	char buf[32];
	size_t i;
	int status;

	/* Coverage: always said, for the "100% cost tracking" check. */
	if (!k->c.quiet) {
		struct buf list = BUF_INIT;

		for (i = 0; i < k->unpriced.n && i < 5; i++) {
			buf_printf(&list, "%s%s (%zu)", i > 0 ? ", " : "",
			    *k->unpriced.ent[i].key ? k->unpriced.ent[i].key :
			    "no metric", (size_t)k->unpriced.ent[i].val);
		}
		if (k->unpriced.n > 5)
			buf_printf(&list, ", ...");
		fprintf(stderr, "%s: priced %zu of %zu records (%s), %s %s"
		    "%s%s\n", pp_getprog(), k->npriced, k->nrec,
		    cost_share_text(k->npriced, k->nrec, buf),
		    money_format(k->total,
		    (char[MONEY_LEN]){ 0 }), k->currency, k->unpriced.n > 0 ?
		    "; unpriced: " : "", k->unpriced.n > 0 ? list.p : "");
		buf_free(&list);
	}
	status = PP_EXIT_OK;
	if (k->require >= 0 && k->nrec > 0 &&
	    (double)k->npriced < k->require * (double)k->nrec - 1e-9) {
		pp_warn("coverage %s is below --require-coverage %s%%",
		    cost_share_text(k->npriced, k->nrec, buf),
		    fmt_num(k->require * 100, (char[32]){ 0 }));
		status = PP_EXIT_FAIL;
	}
	return status;
}
