/*
 * Metric records.
 */
#include <string.h>

#include "diag.h"

#include "metric.h"

const struct metric_names *
mnames(void)
{
	static struct metric_names n;

	if (n.ts == NULL) {
		n.ts = interns("ts");
		n.timestamp = interns("timestamp");
		n.time = interns("time");
		n.attime = interns("@timestamp");
		n.metric = interns("metric");
		n.value = interns("value");
		n.unit = interns("unit");
		n.run = interns("run");
		n.command = interns("command");
		n.sample_rate = interns("sample_rate");
		n.zscore = interns("zscore");
		n.baseline = interns("baseline");
		n.anomaly = interns("anomaly");
		n.timed_out = interns("timed_out");
	}
	return &n;
}

void
rec_append(struct rec *r, const struct rec *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		rec_add(r, src->name[i], rec_val(src, i),
		    strlen(rec_val(src, i)), src->flags[i]);
}

void
metric_rec(struct rec *r, const char *ts, const char *metric,
    const char *value, const char *unit, const struct rec *labels)
{
	const struct metric_names *n = mnames();

	rec_clear(r);
	rec_add(r, n->ts, ts, strlen(ts), 0);
	rec_add(r, n->metric, metric, strlen(metric), 0);
	rec_add(r, n->value, value, strlen(value), 0);
	rec_add(r, n->unit, unit, strlen(unit), 0);
	if (labels != NULL)
		rec_append(r, labels);
}

int
metric_time(const struct rec *r, const struct pp_common *c, pp_time *t,
    const char **text)
{
	const struct metric_names *n = mnames();
	const char *v = NULL;

	if (c->time_field != NULL)
		v = rec_get(r, c->time_field);
	else if ((v = rec_get(r, n->ts)) == NULL &&
	    (v = rec_get(r, n->timestamp)) == NULL &&
	    (v = rec_get(r, n->time)) == NULL)
		v = rec_get(r, n->attime);
	*text = v;
	if (v == NULL || *v == '\0')
		return 1;
	return time_parse(v, t) == 0 ? 0 : -1;
}

int
metric_time_checked(const struct rec *r, const struct pp_common *c,
    pp_time *t)
{
	const struct metric_names *n = mnames();
	const char *const alias[] = { n->ts, n->timestamp, n->time,
	    n->attime };
	const char *name = c->time_field, *v = NULL;
	size_t i;

	if (name != NULL)
		v = rec_get(r, name);
	else
		for (i = 0; i < 4 && v == NULL; i++)
			if ((v = rec_get(r, alias[i])) != NULL)
				name = alias[i];
	if (v == NULL)
		pp_badrec(r->file, r->line, "no time field (%s)", c->time_field ?
		    c->time_field : "ts, timestamp, time or @timestamp");
	else if (*v == '\0')
		pp_badrec(r->file, r->line, "field '%s' is empty", name);
	else if (time_parse(v, t) != 0)
		pp_badrec(r->file, r->line, "field '%s': '%s' is not a time",
		    name, v);
	else
		return 0;
	return -1;
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
metric_value_checked(const struct rec *r, const struct pp_common *c,
    double *v)
{
	const char *text;
	int got;

	if ((got = metric_value(r, c, v, &text)) == 0)
		return 0;
	if (got > 0)
		pp_badrec(r->file, r->line, "field '%s' is missing", c->field);
	else
		pp_badrec(r->file, r->line, "field '%s': '%s' is not a number",
		    c->field, text);
	return -1;
}

int
metric_is_label(const struct pp_common *c, const char *name)
{
	const struct metric_names *n = mnames();
	size_t i;

	if (c->group_set) {
		for (i = 0; i < c->ngroup; i++)
			if (c->group_by[i] == name)
				return 1;
		return 0;
	}
	if (name == c->field || name == c->time_field || name == n->metric ||
	    name == n->unit || name == n->run)
		return 0;
	if (c->time_field == NULL && (name == n->ts || name == n->timestamp ||
	    name == n->time || name == n->attime))
		return 0;
	/* Fields pp's own tools add to a record are never part of a series. */
	return name != n->sample_rate && name != n->zscore &&
	    name != n->baseline && name != n->anomaly && name != n->timed_out;
}

void
series_key(const struct rec *r, const struct pp_common *c, struct buf *key)
{
	/*
	 * The labels of the last record's names, in name order: records of
	 * one CSV header share them, so they are found once per header.
	 */
	static const char *names[64];
	static size_t nnames = (size_t)-1, idx[64], nidx;
	static const struct pp_common *cached;
	const char *m;
	size_t i, j;

	key->len = 0;
	if ((m = rec_get(r, mnames()->metric)) != NULL)
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
	if (cached != c || r->n != nnames || r->n > 64 || (r->n > 0 &&
	    memcmp(names, r->name, r->n * sizeof(*names)) != 0)) {
		/*
		 * Labels in name order: JSON objects have no order, so the
		 * same series must not depend on the order of its fields.
		 */
		for (i = 0, nidx = 0; i < r->n; i++) {
			if (!metric_is_label(c, r->name[i]))
				continue;
			if (nidx == sizeof(idx) / sizeof(idx[0]))
				break;
			for (j = nidx; j > 0 && strcmp(r->name[idx[j - 1]],
			    r->name[i]) > 0; j--)
				idx[j] = idx[j - 1];
			idx[j] = i;
			nidx++;
		}
		cached = c;
		nnames = r->n <= 64 ? r->n : (size_t)-1;
		if (r->n > 0 && r->n <= 64)	/* no name array if none */
			memcpy(names, r->name, r->n * sizeof(*names));
	}
	for (j = 0; j < nidx; j++) {
		buf_addc(key, '\037');
		buf_adds(key, r->name[idx[j]]);
		buf_addc(key, '=');
		buf_adds(key, rec_val(r, idx[j]));
	}
}
