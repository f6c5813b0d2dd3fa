/*
 * Metric records.
 */
#include <string.h>

#include "metric.h"

static const char *n_ts, *n_timestamp, *n_time, *n_attime, *n_metric,
    *n_unit, *n_run;
/* Fields pp's own tools add to a record: never part of a series. */
static const char *added[6];

static void
names(void)
{
	static const char *const add[] = { "sample_rate", "zscore",
	    "baseline", "anomaly", "timed_out", NULL };
	size_t i;

	if (n_ts != NULL)
		return;
	n_ts = interns("ts");
	n_timestamp = interns("timestamp");
	n_time = interns("time");
	n_attime = interns("@timestamp");
	n_metric = interns("metric");
	n_unit = interns("unit");
	n_run = interns("run");
	for (i = 0; add[i] != NULL; i++)
		added[i] = interns(add[i]);
}

int
metric_time(const struct rec *r, const struct pp_common *c, pp_time *t,
    const char **text)
{
	const char *v = NULL;

	names();
	if (c->time_field != NULL)
		v = rec_get(r, c->time_field);
	else if ((v = rec_get(r, n_ts)) == NULL &&
	    (v = rec_get(r, n_timestamp)) == NULL &&
	    (v = rec_get(r, n_time)) == NULL)
		v = rec_get(r, n_attime);
	*text = v;
	if (v == NULL || *v == '\0')
		return 1;
	return time_parse(v, t) == 0 ? 0 : -1;
}

int
metric_value(const struct rec *r, const struct pp_common *c, double *v,
    const char **text)
{
	const char *s = rec_get(r, c->field);

	*text = s;
	if (s == NULL || *s == '\0')
		return 1;
	return parse_double(s, v) == 0 ? 0 : -1;
}

int
metric_is_label(const struct pp_common *c, const char *name)
{
	size_t i;

	names();
	if (c->group_set) {
		for (i = 0; i < c->ngroup; i++)
			if (c->group_by[i] == name)
				return 1;
		return 0;
	}
	if (name == c->field || name == c->time_field || name == n_metric ||
	    name == n_unit || name == n_run)
		return 0;
	if (c->time_field == NULL && (name == n_ts || name == n_timestamp ||
	    name == n_time || name == n_attime))
		return 0;
	for (i = 0; added[i] != NULL; i++)
		if (name == added[i])
			return 0;
	return 1;
}

void
series_key(const struct rec *r, const struct pp_common *c, struct buf *key)
{
	const char *m;
	size_t i, j, n, idx[64];

	names();
	key->len = 0;
	if ((m = rec_get(r, n_metric)) != NULL)
		buf_adds(key, m);
	if (c->group_set) {
		for (i = 0; i < c->ngroup; i++) {
			const char *v = rec_get(r, c->group_by[i]);

			buf_addc(key, '\037');
			buf_adds(key, c->group_by[i]);
			buf_addc(key, '=');
			if (v != NULL)
				buf_adds(key, v);
		}
		return;
	}
	/*
	 * Labels in name order: JSON objects have no order, so the same
	 * series must not depend on the order its fields came in.
	 */
	for (i = 0, n = 0; i < r->n; i++) {
		if (!metric_is_label(c, r->name[i]))
			continue;
		if (n == sizeof(idx) / sizeof(idx[0]))
			break;
		for (j = n; j > 0 && strcmp(r->name[idx[j - 1]],
		    r->name[i]) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	for (j = 0; j < n; j++) {
		buf_addc(key, '\037');
		buf_adds(key, r->name[idx[j]]);
		buf_addc(key, '=');
		buf_adds(key, rec_val(r, idx[j]));
	}
}
