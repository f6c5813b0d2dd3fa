/*
 * k6's results (pp(7) OTHER TOOLS' FORMATS): the lines of --out json, a
 * record per Point, and the --summary-export document, a record per
 * statistic of each metric.  k6 writes times in milliseconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "import.h"
#include "units.h"

/* What a metric's values are, from its Metric line's "contains". */
enum { HOLDS_COUNT = 1, HOLDS_TIME, HOLDS_DATA };

static int
sniff_json(struct json_object *o)
{
	const char *type = imp_string(imp_get(o, "type"));
	struct json_object *metrics = imp_get(o, "metrics");

	if (type != NULL && (strcmp(type, "Point") == 0 ||
	    strcmp(type, "Metric") == 0))
		return imp_string(imp_get(o, "metric")) != NULL &&
		    json_object_is_type(imp_get(o, "data"), json_type_object);
	return metrics != NULL &&
	    json_object_is_type(metrics, json_type_object) &&
	    imp_get(o, "root_group") != NULL;
}

/* Each input has its map of metric names to HOLDS_*. */
static struct hmap *
holds_map(struct imp *m)
{
	void **st = imp_state(m);

	if (*st == NULL) {
		*st = xcalloc(1, sizeof(struct hmap));
		hmap_init(*st);
	}
	return *st;
}

static void
end(struct imp *m)
{
	void **st = imp_state(m);

	if (*st != NULL) {
		hmap_free(*st);
		free(*st);
		*st = NULL;
	}
}

static void
metric_line(struct imp *m, const char *name, struct json_object *data)
{
	const char *c = imp_string(imp_get(data, "contains"));
	struct hmap_entry *e;
	int holds;

	if (c == NULL || strcmp(c, "default") == 0)
		holds = HOLDS_COUNT;
	else if (strcmp(c, "time") == 0)
		holds = HOLDS_TIME;
	else if (strcmp(c, "data") == 0)
		holds = HOLDS_DATA;
	else {
		imp_bad(m, "k6 Metric '%s': unknown \"contains\" '%s' (its "
		    "points are counts)", name, c);
		holds = HOLDS_COUNT;
	}
	e = hmap_put(holds_map(m), name, strlen(name));
	e->val = (void *)(uintptr_t)holds;
}

static void
point_line(struct imp *m, const char *name, struct json_object *data)
{
	struct json_object *tags = imp_get(data, "tags");
	const char *t = imp_string(imp_get(data, "time"));
	struct hmap_entry *e;
	char ts[PP_TIME_LEN];
	struct rec *r;
	pp_time pt;
	double v;
	int holds;

	if (imp_number(imp_get(data, "value"), &v) != 0) {
		imp_bad(m, "k6 Point of '%s': no \"value\" number", name);
		return;
	}
	if (t == NULL || time_parse(t, &pt) != 0) {
		imp_bad(m, "k6 Point of '%s': \"time\" is not an RFC 3339 "
		    "time", name);
		return;
	}
	e = hmap_get(holds_map(m), name, strlen(name));
	holds = e != NULL ? (int)(uintptr_t)e->val : HOLDS_COUNT;
	if (holds == HOLDS_TIME)
		r = imp_metric_num(m, time_format(pt, ts), name,
		    imp_scaled(imp_get(data, "value"), 1e-3), "s");
	else
		r = imp_metric_num(m, time_format(pt, ts), name, v,
		    holds == HOLDS_DATA ? "bytes" : "count");
	if (tags == NULL || !json_object_is_type(tags, json_type_object))
		return;
	json_object_object_foreach(tags, k, tv) {
		if (tv != NULL)
			imp_label(r, k, json_object_get_string(tv),
			    strlen(json_object_get_string(tv)));
	}
}

/*
 * The summary export has no "contains": the time metrics are the trends
 * of k6's own names for times, in milliseconds.
 */
static int
is_time(const char *name, size_t n, struct json_object *values)
{
	if (imp_get(values, "avg") == NULL || imp_get(values, "med") == NULL)
		return 0;			/* not a trend */
	return (n > 9 && memcmp(name + n - 9, "_duration", 9) == 0) ||
	    (n > 9 && memcmp(name, "http_req_", 9) == 0) ||
	    (n == 13 && memcmp(name, "ws_connecting", 13) == 0) ||
	    (n == 7 && memcmp(name, "ws_ping", 7) == 0);
}

/*
 * The metric name of a statistic: "p(95)" is "p95", and the "value" of a
 * rate metric (one with "passes") its "rate", as k6 names it elsewhere.
 */
static void
stat_name(char *b, size_t sz, const char *name, size_t n,
    struct json_object *values, const char *key)
{
	size_t k = strlen(key);

	if (k > 3 && key[0] == 'p' && key[1] == '(' && key[k - 1] == ')')
		snprintf(b, sz, "%.*s.p%.*s", (int)n, name, (int)(k - 3),
		    key + 2);
	else if (imp_get(values, "passes") != NULL &&
	    strcmp(key, "value") == 0)
		snprintf(b, sz, "%.*s.rate", (int)n, name);
	else
		snprintf(b, sz, "%.*s.%s", (int)n, name, key);
}

/* The unit of statistic key of metric name, and the factor to it. */
static const char *
stat_unit(const char *name, size_t n, struct json_object *values,
    const char *key, double *f)
{
	int counts = strcmp(key, "count") == 0 || strcmp(key, "passes") == 0 ||
	    strcmp(key, "fails") == 0;

	*f = 1;
	if (imp_get(values, "passes") != NULL && strcmp(key, "value") == 0)
		return "ratio";			/* a rate metric */
	if (is_time(name, n, values) && !counts) {
		*f = 0.001;
		return "s";
	}
	if ((n == 13 && memcmp(name, "data_received", 13) == 0) ||
	    (n == 9 && memcmp(name, "data_sent", 9) == 0))
		return strcmp(key, "rate") == 0 ? "bytes/s" : "bytes";
	if (strcmp(key, "rate") == 0 && imp_get(values, "count") != NULL)
		return "count/s";		/* a counter */
	return "count";
}

/* Tags of a submetric, "name{k:v,k2:v2}", as labels. */
static void
submetric_labels(struct rec *r, const char *s)
{
	char k[256], v[256];
	const char *p, *c, *end;

	while (*s != '\0' && *s != '}') {
		for (p = s; *p != ',' && *p != '}' && *p != '\0'; p++)
			;
		end = p;
		if ((c = memchr(s, ':', (size_t)(end - s))) != NULL &&
		    c - s < (long)sizeof(k) && end - c <= (long)sizeof(v)) {
			snprintf(k, sizeof(k), "%.*s", (int)(c - s), s);
			snprintf(v, sizeof(v), "%.*s", (int)(end - c - 1),
			    c + 1);
			imp_label(r, k, v, strlen(v));
		}
		s = *end == ',' ? end + 1 : end;
	}
}

static void
summary_metric(struct imp *m, const char *full, struct json_object *values)
{
	const char *brace = strchr(full, '{');
	size_t n = brace != NULL ? (size_t)(brace - full) : strlen(full);
	char name[512];
	struct rec *r;
	const char *unit;
	double v, f;

	if (!json_object_is_type(values, json_type_object)) {
		imp_bad(m, "k6 summary metrics.%s: not an object", full);
		return;
	}
	json_object_object_foreach(values, key, jv) {
		if (strcmp(key, "thresholds") == 0)
			continue;
		if (imp_number(jv, &v) != 0) {
			imp_bad(m, "k6 summary metrics.%s.%s: not a number",
			    full, key);
			continue;
		}
		unit = stat_unit(full, n, values, key, &f);
		stat_name(name, sizeof(name), full, n, values, key);
		r = imp_metric_num(m, NULL, name, imp_scaled(jv, f), unit);
		if (brace != NULL)
			submetric_labels(r, brace + 1);
	}
}

static void
json_value(struct imp *m, struct json_object *o)
{
	struct json_object *metrics = imp_get(o, "metrics"), *data;
	const char *type, *name;

	if (metrics != NULL && imp_get(o, "root_group") != NULL &&
	    json_object_is_type(metrics, json_type_object)) {
		json_object_object_foreach(metrics, k, v) {
			summary_metric(m, k, v);
		}
		return;
	}
	type = imp_string(imp_get(o, "type"));
	name = imp_string(imp_get(o, "metric"));
	data = imp_get(o, "data");
	if (type == NULL || name == NULL ||
	    !json_object_is_type(data, json_type_object)) {
		imp_bad(m, "not a k6 --out json line or --summary-export "
		    "document: no \"type\", \"metric\" and \"data\"");
		return;
	}
	if (strcmp(type, "Metric") == 0)
		metric_line(m, name, data);
	else if (strcmp(type, "Point") == 0)
		point_line(m, name, data);
	else
		imp_bad(m, "k6 line of '%s': unknown \"type\" '%s'", name,
		    type);
}

const struct importer import_k6 = {
	.name = "k6",
	.what = "k6 --out json or --summary-export output",
	.sniff_json = sniff_json,
	.json = json_value,
	.end = end,
};
