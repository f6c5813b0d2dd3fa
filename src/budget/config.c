/*
 * The budgets: section: defaults, scopes (a tree of field matches),
 * items and waivers, every value checked before any record is read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "buf.h"
#include "diag.h"
#include "units.h"

static const char *const sev_names[] = { "pass", "warning", "error",
    "critical" };

const char *
severity_str(int s)
{
	return s >= SEV_PASS && s <= SEV_CRITICAL ? sev_names[s] : "";
}

int
stat_parse(const char *s, int *kind, double *q)
{
	static const struct {
		const char	*name;
		int		 kind;
	} tab[] = {
		{ "each", ST_EACH }, { "mean", ST_MEAN },
		{ "median", ST_MEDIAN }, { "min", ST_MIN }, { "max", ST_MAX },
		{ "sum", ST_SUM }, { "count", ST_COUNT }, { "rate", ST_RATE },
	};
	size_t i;
	long p;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(s, tab[i].name) == 0) {
			*kind = tab[i].kind;
			return 0;
		}
	/* pNN: p50, p95, p99, p999 (99.9) */
	if (s[0] == 'p' && parse_long(s + 1, 0, 9999, &p) == 0 &&
	    strlen(s) >= 3) {
		*kind = ST_QUANTILE;
		*q = strlen(s) == 3 || p == 100 ? (double)p / 100 : (double)p /
		    pow(10, (double)strlen(s + 1));
		return 0;
	}
	return -1;
}

const struct opt_word enforcement_words[] = {
	{ "strict", ENF_STRICT }, { "warning", ENF_WARNING },
	{ "off", ENF_OFF }, { NULL, 0 }
};

static const struct opt_word on_missing_words[] = {
	{ "fail", MISS_FAIL }, { "warn", MISS_WARN }, { "pass", MISS_PASS },
	{ NULL, 0 }
};

/* Resolves a scope's parent chain into its matchers; exits on a cycle. */
static void
resolve_scope(struct budgets *bs, struct scope *s, int depth)
{
	size_t i;
	struct scope *p = NULL;
	struct matcher *own;
	size_t nown;

	if (s->resolved == 1)
		return;
	if (s->resolved == 2 || depth > (int)bs->ns)
		conf_die(s->node, "scope '%s': its parents make a cycle",
		    s->name);
	if (s->parent == NULL) {
		s->resolved = 1;
		return;
	}
	for (i = 0; i < bs->ns; i++)
		if (strcmp(bs->s[i].name, s->parent) == 0)
			p = &bs->s[i];
	if (p == NULL)
		conf_die(s->node, "scope '%s': unknown parent '%s'", s->name,
		    s->parent);
	s->resolved = 2;
	resolve_scope(bs, p, depth + 1);
	/* The parent's matches first, then this scope's own. */
	own = s->m;
	nown = s->nm;
	s->m = xcalloc(p->nm + nown + 1, sizeof(*s->m));
	if (p->nm > 0)		/* a parent may match everything */
		memcpy(s->m, p->m, p->nm * sizeof(*s->m));
	if (nown > 0)
		memcpy(s->m + p->nm, own, nown * sizeof(*s->m));
	s->nm = p->nm + nown;
	free(own);
	if (s->enforcement < 0)
		s->enforcement = p->enforcement;
	s->resolved = 1;
}

/*
 * A limit: a number with a unit ("400ms", "2GiB", "40 USD", "80%"), a
 * plain number, or a change against the baseline ("+10%").
 */
static void
parse_limit(const struct cnode *n, struct budget *b, const char *metric_unit,
    struct limit *l)
{
	const char *s = conf_string(n), *u, *base;
	char num[64];
	double v, factor;
	size_t len;

	l->set = 1;
	if ((s[0] == '+' || s[0] == '-') && s[strlen(s) - 1] == '%') {
		if (parse_percent(s + (s[0] == '+'), &v) != 0)
			conf_die(n, "'%s' is not a change such as +10%%", s);
		l->relative = 1;
		l->value = v;
		return;
	}
	len = strspn(s, "0123456789.eE+-");
	while (len > 0 && (s[len - 1] == 'e' || s[len - 1] == 'E'))
		len--;
	if (len == 0 || len >= sizeof(num))
		conf_die(n, "'%s' is not a limit such as 500ms or 2GiB", s);
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_double(num, &v) != 0)
		conf_die(n, "'%s' is not a limit such as 500ms or 2GiB", s);
	for (u = s + len; *u == ' '; u++)
		;
	if (*u == '\0') {
		if (metric_unit != NULL && *metric_unit != '\0')
			conf_die(n, "limit '%s' has no unit, and %s is in %s",
			    s, b->metric, metric_unit);
		l->value = v;
		return;
	}
	if (strcmp(u, "%") == 0)
		u = "percent";
	(void)unit_base(u, &base, &factor);
	if (b->base_unit == NULL)
		b->base_unit = base;
	else if (strcmp(b->base_unit, base) != 0)
		conf_die(n, "limit '%s' is in %s, another limit of this "
		    "budget in %s", s, base, b->base_unit);
	if (metric_unit != NULL && *metric_unit != '\0') {
		const char *mb;
		double mf;

		(void)unit_base(metric_unit, &mb, &mf);
		if (strcmp(mb, base) != 0)
			conf_die(n, "limit '%s' is in %s, but %s is in %s", s,
			    base, b->metric, metric_unit);
	}
	l->value = v * factor;
}

static const char *
recommend(const struct budget *b)
{
	const char *m = b->metric, *u = b->base_unit ? b->base_unit : "";

	if (strcmp(u, "s") == 0 || strstr(m, "time") || strstr(m, "latency") ||
	    strstr(m, "duration"))
		return "caching, parallelization, query optimization";
	if (strcmp(u, "bytes") == 0 || strstr(m, "rss") || strstr(m, "mem"))
		return "lazy loading, compression";
	if (strstr(m, "call") || strstr(m, "request") || strstr(m, "api"))
		return "batching, debouncing";
	if (strstr(m, "cost") || (strlen(u) == 3 && u[0] >= 'A' &&
	    u[0] <= 'Z' && u[1] >= 'A' && u[1] <= 'Z'))
		return "caching, batching, a cheaper model";
	return "";
}

/* Limits must be ordered: warning before error before critical. */
static void
check_order(const struct budget *b, const struct cnode *item)
{
	int i, j;

	for (i = SEV_WARNING; i <= SEV_CRITICAL; i++)
		for (j = i + 1; j <= SEV_CRITICAL; j++) {
			const struct limit *a = &b->lim[i], *c = &b->lim[j];

			if (!a->set || !c->set || a->relative != c->relative)
				continue;
			/* a relative limit is a share worse, whichever way */
			if (b->better == BETTER_HIGHER && !a->relative ?
			    a->value < c->value : a->value > c->value)
				conf_die(conf_get(item, sev_names[i]),
				    "%s: %s is past the %s limit, %s (%s is "
				    "better for %s)", sev_names[i],
				    conf_get(item, sev_names[i])->str,
				    sev_names[j], conf_get(item,
				    sev_names[j])->str, b->better ==
				    BETTER_HIGHER ? "higher" : "lower",
				    b->metric);
		}
}

/* name: and metric:; the metric's unit from metrics:, or NULL. */
static const char *
item_metric(struct budgets *bs, struct budget *b, const struct cnode *it,
    const struct metric_conf *mc)
{
	const struct cnode *n;
	const struct metric_props *mp;
	size_t i;

	if ((n = conf_get(it, "name")) == NULL)
		conf_die(it, "a budget needs a name");
	b->name = conf_string(n);
	for (i = 0; bs->b + i < b; i++)
		if (strcmp(bs->b[i].name, b->name) == 0)
			conf_die(n, "budget '%s' is defined twice", b->name);
	if ((n = conf_get(it, "metric")) == NULL)
		conf_die(it, "budget '%s' needs a metric", b->name);
	b->metric = conf_string(n);
	b->metric_glob = has_glob(b->metric);
	b->metric_i = b->metric_glob ? NULL : interns(b->metric);
	mp = metric_props(mc, b->metric);
	b->better = metric_better(mc, b->metric, NULL);
	return mp != NULL ? mp->unit : NULL;
}

/* scope: a named scope (its matchers and enforcement) or an inline one. */
static void
item_scope(struct budgets *bs, struct budget *b, const struct cnode *it)
{
	const struct cnode *n;
	size_t i;

	if ((n = conf_get(it, "scope")) != NULL) {
		if (n->type == CN_MAP) {
			static const char *const skeys[] = { "match", NULL };

			conf_check_keys(n, skeys);
			if (conf_get(n, "match") == NULL)
				conf_die(n, "an inline scope needs match:");
			b->m = matchers_of(conf_get(n, "match"), NULL, &b->nm);
			b->scope_name = "inline";
		} else {
			struct scope *s = NULL;

			for (i = 0; i < bs->ns; i++)
				if (strcmp(bs->s[i].name, conf_string(n)) == 0)
					s = &bs->s[i];
			if (s == NULL)
				conf_die(n, "unknown scope '%s'", n->str);
			b->scope_name = s->name;
			b->m = xcalloc(s->nm + 1, sizeof(*b->m));
			if (s->nm > 0)	/* a scope may match everything */
				memcpy(b->m, s->m, s->nm * sizeof(*b->m));
			b->nm = s->nm;
			if (s->enforcement >= 0)
				b->enforcement = s->enforcement;
		}
	}
}

/* stat: and window:. */
static void
item_stat(struct budget *b, const struct cnode *it)
{
	const struct cnode *n;

	b->stat = ST_EACH;
	strcpy(b->stat_name, "each");
	if ((n = conf_get(it, "stat")) != NULL) {
		if (stat_parse(conf_string(n), &b->stat, &b->q) != 0)
			conf_die(n, "stat '%s' does not exist (each, mean, "
			    "median, min, max, pNN, sum, count or rate)",
			    n->str);
		snprintf(b->stat_name, sizeof(b->stat_name), "%s", n->str);
	}
	if ((n = conf_get(it, "window")) != NULL &&
	    strcmp(conf_string(n), "all") != 0) {
		b->window = conf_duration(n);
		if (b->window <= 0)
			conf_die(n, "window: '%s' is not a positive duration",
			    n->str);
	}
}

/* baseline: a value or a stat of --baseline; relative limits need one. */
static void
item_baseline(struct budget *b, const struct cnode *it, const char *munit)
{
	const struct cnode *n;
	int k;

	b->baseline = NAN;
	b->baseline_stat = -1;
	if ((n = conf_get(it, "baseline")) != NULL) {
		struct limit l = { 0, 0, 0 };
		int kind;
		double q = 0;

		if (stat_parse(conf_string(n), &kind, &q) == 0 &&
		    kind == ST_RATE)
			conf_die(n, "baseline: a rate has no window in the "
			    "baseline file: give a value or another stat");
		if (stat_parse(conf_string(n), &kind, &q) == 0 &&
		    kind != ST_EACH) {
			b->baseline_stat = kind;
			b->baseline_q = q;
		} else {
			parse_limit(n, b, munit, &l);
			if (l.relative)
				conf_die(n, "baseline: '%s' is not a value or "
				    "a stat", n->str);
			b->baseline = l.value;
		}
	}
	for (k = SEV_WARNING; k <= SEV_CRITICAL; k++)
		if (b->lim[k].relative && isnan(b->baseline) &&
		    b->baseline_stat < 0)
			conf_die(conf_get(it, sev_names[k]), "a relative "
			    "limit needs baseline: (a value, or a stat of "
			    "--baseline FILE)");
}

/* for:, message:, enforcement:, min_samples: and on_missing:. */
static void
item_options(struct budget *b, const struct cnode *it, long def_min,
    int def_miss)
{
	const struct cnode *n;

	b->for_n = 1;
	if ((n = conf_get(it, "for")) != NULL) {
		double v = conf_number(n);

		if (v < 1 || v > 1e9 || v != floor(v))
			conf_die(n, "for: '%s' is not a whole number of "
			    "windows from 1 to 1000000000", n->str);
		b->for_n = (long)v;
	}
	if ((n = conf_get(it, "message")) != NULL)
		b->message = conf_string(n);
	if ((n = conf_get(it, "enforcement")) != NULL)
		b->enforcement = conf_word(n, "enforcement", enforcement_words);
	b->min_samples = def_min;
	if ((n = conf_get(it, "min_samples")) != NULL) {
		double v = conf_number(n);

		if (v < 1 || v > 1e9 || v != floor(v))
			conf_die(n, "min_samples: '%s' is not a whole number "
			    "from 1 to 1000000000", n->str);
		b->min_samples = (long)v;
	}
	b->on_missing = def_miss;
	if ((n = conf_get(it, "on_missing")) != NULL)
		b->on_missing = conf_word(n, "on_missing", on_missing_words);
}

static void
load_item(struct budgets *bs, struct budget *b, const struct cnode *it,
    const struct metric_conf *mc, int def_enf, long def_min, int def_miss)
{
	static const char *const keys[] = { "name", "metric", "scope",
	    "stat", "window", "warning", "error", "critical", "for",
	    "message", "baseline", "enforcement", "min_samples",
	    "on_missing", NULL };
	const struct cnode *n;
	const char *munit;
	int k;

	conf_expect(it, CN_MAP, "a budget: a mapping with name and metric");
	conf_check_keys(it, keys);
	munit = item_metric(bs, b, it, mc);
	b->scope_name = "global";
	b->enforcement = def_enf;
	item_scope(bs, b, it);
	item_stat(b, it);
	if (b->stat == ST_COUNT || b->stat == ST_RATE)
		munit = NULL;	/* counts have no unit of the metric's */
	for (k = SEV_WARNING; k <= SEV_CRITICAL; k++)
		if ((n = conf_get(it, sev_names[k])) != NULL)
			parse_limit(n, b, munit, &b->lim[k]);
	if (!b->lim[SEV_WARNING].set && !b->lim[SEV_ERROR].set &&
	    !b->lim[SEV_CRITICAL].set)
		conf_die(it, "budget '%s' has no limit (warning, error or "
		    "critical)", b->name);
	item_baseline(b, it, munit);
	check_order(b, it);
	item_options(b, it, def_min, def_miss);
	if (b->base_unit == NULL)
		b->base_unit = "";
	b->recommendation = recommend(b);
	hmap_init(&b->windows);
}

/* defaults: of enforcement, min_samples and on_missing. */
static void
load_defaults(const struct cnode *d, int *def_enf, long *def_min,
    int *def_miss)
{
	static const char *const dkeys[] = { "enforcement", "min_samples",
	    "on_missing", NULL };
	const struct cnode *n;

	conf_expect(d, CN_MAP, "a mapping of defaults");
	conf_check_keys(d, dkeys);
	if ((n = conf_get(d, "enforcement")) != NULL)
		*def_enf = conf_word(n, "enforcement",
		    enforcement_words);
	if ((n = conf_get(d, "on_missing")) != NULL)
		*def_miss = conf_word(n, "on_missing", on_missing_words);
	if ((n = conf_get(d, "min_samples")) != NULL) {
		double v = conf_number(n);

		if (v < 1 || v > 1e9 || v != floor(v))
			conf_die(n, "min_samples: '%s' is not a whole "
			    "number from 1 to 1000000000", n->str);
		*def_min = (long)v;
	}
}

/* scopes: each with its matchers, parent and enforcement, resolved. */
static void
load_scopes(struct budgets *bs, const struct cnode *n)
{
	static const char *const skeys[] = { "name", "match", "parent",
	    "enforcement", NULL };
	size_t i, j;

	conf_expect(n, CN_SEQ, "a list of scopes");
	bs->s = xcalloc(n->n + 1, sizeof(*bs->s));
	for (i = 0; i < n->n; i++) {
		const struct cnode *s = n->vals[i], *v;

		conf_expect(s, CN_MAP, "a scope: name and match");
		conf_check_keys(s, skeys);
		if ((v = conf_get(s, "name")) == NULL)
			conf_die(s, "a scope needs a name");
		bs->s[i].name = conf_string(v);
		for (j = 0; j < i; j++)
			if (strcmp(bs->s[j].name, v->str) == 0)
				conf_die(v, "scope '%s' is defined "
				    "twice", v->str);
		bs->s[i].node = s;
		bs->s[i].enforcement = -1;
		if ((v = conf_get(s, "match")) != NULL)
			bs->s[i].m = matchers_of(v, NULL,
			    &bs->s[i].nm);
		if ((v = conf_get(s, "parent")) != NULL)
			bs->s[i].parent = conf_string(v);
		if ((v = conf_get(s, "enforcement")) != NULL)
			bs->s[i].enforcement = conf_word(v,
			    "enforcement", enforcement_words);
	}
	bs->ns = n->n;
	for (i = 0; i < bs->ns; i++)
		resolve_scope(bs, &bs->s[i], 0);
}

/* waivers: each names a budget; one not yet expired waives it. */
static void
load_waivers(struct budgets *bs, const struct cnode *n, pp_time now)
{
	static const char *const wkeys[] = { "budget", "until", "reason",
	    NULL };
	const struct cnode *w;
	size_t i, j;

	conf_expect(n, CN_SEQ, "a list of waivers");
	for (i = 0; i < n->n; i++) {
		const struct cnode *v, *bn, *u;
		pp_time until;
		char day[64];

		w = n->vals[i];
		conf_expect(w, CN_MAP, "a waiver: budget, until, "
		    "reason");
		conf_check_keys(w, wkeys);
		if ((bn = conf_get(w, "budget")) == NULL ||
		    (u = conf_get(w, "until")) == NULL)
			conf_die(w, "a waiver needs budget: and until:");
		snprintf(day, sizeof(day), "%sT23:59:59.999999Z",
		    conf_string(u));
		if (time_parse(strlen(u->str) == 10 ? day : u->str,
		    &until) != 0)
			conf_die(u, "until: '%s' is not a date "
			    "(2026-12-31) or an RFC 3339 time", u->str);
		for (j = 0; j < bs->n; j++)
			if (strcmp(bs->b[j].name, conf_string(bn)) == 0)
				break;
		if (j == bs->n)
			conf_die(bn, "waiver for unknown budget '%s'",
			    bn->str);
		v = conf_get(w, "reason");
		if (now <= until)
			bs->b[j].waiver = v != NULL ? conf_string(v) :
			    "waived";
	}
}

void
budgets_load(const struct cnode *root, struct budgets *bs,
    int enforcement_override, pp_time now)
{
	static const char *const top[] = { "defaults", "scopes", "items",
	    "waivers", NULL };
	const struct cnode *sec = conf_get(root, "budgets"), *d, *n, *items;
	struct metric_conf mc;
	int def_enf = ENF_STRICT, def_miss = MISS_FAIL;
	long def_min = 1;
	size_t i;

	memset(bs, 0, sizeof(*bs));
	conf_metrics(root, &mc);
	if (sec == NULL)
		pp_die(PP_EXIT_DATA, "no budgets defined: the configuration "
		    "has no budgets: section (see pp-config(5))");
	conf_expect(sec, CN_MAP, "a mapping with items: (and defaults:, "
	    "scopes:, waivers:)");
	conf_check_keys(sec, top);
	if ((d = conf_get(sec, "defaults")) != NULL)
		load_defaults(d, &def_enf, &def_min, &def_miss);
	if ((n = conf_get(sec, "scopes")) != NULL)
		load_scopes(bs, n);
	if ((items = conf_get(sec, "items")) == NULL || items->type != CN_SEQ ||
	    items->n == 0)
		conf_die(items != NULL ? items : sec, "no budgets defined: "
		    "items: needs at least one budget");
	bs->b = xcalloc(items->n, sizeof(*bs->b));
	for (i = 0; i < items->n; i++, bs->n++)
		load_item(bs, &bs->b[i], items->vals[i], &mc, def_enf, def_min,
		    def_miss);
	if ((n = conf_get(sec, "waivers")) != NULL)
		load_waivers(bs, n, now);
	for (i = 0; i < bs->n && enforcement_override >= 0; i++)
		bs->b[i].enforcement = enforcement_override;
	metric_conf_free(&mc);
}

void
budgets_free(struct budgets *bs)
{
	size_t i, j;

	for (i = 0; i < bs->n; i++) {
		for (j = 0; j < bs->b[i].windows.n; j++) {
			acc_free(bs->b[i].windows.ent[j].val);
			free(bs->b[i].windows.ent[j].val);
		}
		hmap_free(&bs->b[i].windows);
		free(bs->b[i].m);
	}
	for (i = 0; i < bs->ns; i++)
		free(bs->s[i].m);
	free(bs->b);
	free(bs->s);
}
