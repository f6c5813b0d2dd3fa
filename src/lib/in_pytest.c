/*
 * pytest-benchmark's JSON (pp(7) OTHER TOOLS' FORMATS): --benchmark-json
 * and the files --benchmark-save writes.  With the timings of each round
 * (stats.data): a call_time record per round; without: the statistics.
 */
#include <stdio.h>
#include <string.h>

#include "import.h"
#include "units.h"

static int
sniff_json(struct json_object *o)
{
	struct json_object *b = imp_get(o, "benchmarks");

	if (imp_get(o, "machine_info") == NULL || b == NULL ||
	    !json_object_is_type(b, json_type_array) ||
	    json_object_array_length(b) == 0)
		return 0;
	return imp_get(json_object_array_get_idx(b, 0), "stats") != NULL;
}

/* The labels of a benchmark: benchmark, group and param where given. */
static void
labels(struct rec *r, struct json_object *bench, const char *name)
{
	const char *s;

	imp_label(r, "benchmark", name, strlen(name));
	if ((s = imp_string(imp_get(bench, "group"))) != NULL)
		imp_label(r, "group", s, strlen(s));
	if ((s = imp_string(imp_get(bench, "param"))) != NULL)
		imp_label(r, "param", s, strlen(s));
}

/* A record per round: what a call took, the round's time / iterations. */
static void
rounds(struct imp *m, const char *ts, struct json_object *bench,
    const char *name, size_t i)
{
	struct json_object *data = imp_get(imp_get(bench, "stats"), "data");
	struct rec *r;
	char b[32];
	size_t j, n = json_object_array_length(data);
	double v;

	for (j = 0; j < n; j++) {
		if (imp_number(json_object_array_get_idx(data, j), &v) != 0 ||
		    v < 0) {
			imp_bad(m, "pytest-benchmark benchmarks[%zu].stats."
			    "data[%zu]: not a time in seconds", i, j);
			continue;
		}
		r = imp_metric_num(m, ts, "call_time", v, "s");
		labels(r, bench, name);
		snprintf(b, sizeof(b), "%zu", j + 1);
		imp_label(r, "run", b, strlen(b));
	}
}

/* The statistics pytest-benchmark keeps of a benchmark. */
static void
statistics(struct imp *m, const char *ts, struct json_object *bench,
    const char *name, size_t i)
{
	static const struct {
		const char *key, *metric, *unit;
	} stat[] = {
		{ "min", "call_time.min", "s" },
		{ "max", "call_time.max", "s" },
		{ "mean", "call_time.mean", "s" },
		{ "stddev", "call_time.stddev", "s" },
		{ "median", "call_time.median", "s" },
		{ "iqr", "call_time.iqr", "s" },
		{ "q1", "call_time.q1", "s" },
		{ "q3", "call_time.q3", "s" },
		{ "ld15iqr", "call_time.ld15iqr", "s" },
		{ "hd15iqr", "call_time.hd15iqr", "s" },
		{ "total", "call_time.total", "s" },
		{ "ops", "ops", "count/s" },
		{ "rounds", "rounds", "count" },
		{ "iterations", "iterations", "count" },
		{ "iqr_outliers", "iqr_outliers", "count" },
		{ "stddev_outliers", "stddev_outliers", "count" },
	};
	struct json_object *stats = imp_get(bench, "stats"), *v;
	size_t k;
	double d;

	for (k = 0; k < sizeof(stat) / sizeof(stat[0]); k++) {
		if ((v = imp_get(stats, stat[k].key)) == NULL ||
		    json_object_is_type(v, json_type_null))
			continue;
		if (imp_number(v, &d) != 0) {
			imp_bad(m, "pytest-benchmark benchmarks[%zu].stats.%s: "
			    "not a number", i, stat[k].key);
			continue;
		}
		labels(imp_metric_num(m, ts, stat[k].metric, d, stat[k].unit),
		    bench, name);
	}
}

static void
benchmark(struct imp *m, const char *ts, struct json_object *bench, size_t i)
{
	struct json_object *stats = imp_get(bench, "stats"), *data;
	const char *name = imp_string(imp_get(bench, "fullname"));

	if (name == NULL)
		name = imp_string(imp_get(bench, "name"));
	if (name == NULL) {
		imp_bad(m, "pytest-benchmark benchmarks[%zu]: no \"fullname\" "
		    "or \"name\" string", i);
		return;
	}
	if (stats == NULL || !json_object_is_type(stats, json_type_object)) {
		imp_bad(m, "pytest-benchmark benchmarks[%zu]: no \"stats\" "
		    "object", i);
		return;
	}
	data = imp_get(stats, "data");
	if (data != NULL && json_object_is_type(data, json_type_array))
		rounds(m, ts, bench, name, i);
	else
		statistics(m, ts, bench, name, i);
}

/*
 * The time of the session: "datetime", which pytest-benchmark writes in
 * UTC without an offset (3.x) or with one (4.x).  NULL if there is none.
 */
static const char *
session_time(struct imp *m, struct json_object *o, char buf[PP_TIME_LEN])
{
	const char *s = imp_string(imp_get(o, "datetime"));
	char z[PP_TIME_LEN];
	pp_time t;

	if (s == NULL)
		return NULL;
	if (time_parse(s, &t) == 0)
		return time_format(t, buf);
	if (strlen(s) < sizeof(z) - 1) {
		snprintf(z, sizeof(z), "%sZ", s);
		if (time_parse(z, &t) == 0)
			return time_format(t, buf);
	}
	imp_bad(m, "pytest-benchmark \"datetime\": '%s' is not a time", s);
	return NULL;
}

static void
json_doc(struct imp *m, struct json_object *o)
{
	struct json_object *b = imp_get(o, "benchmarks");
	char buf[PP_TIME_LEN];
	const char *ts;
	size_t i, n;

	if (b == NULL || !json_object_is_type(b, json_type_array)) {
		imp_bad(m, "not a pytest-benchmark JSON document: no "
		    "\"benchmarks\" array");
		return;
	}
	ts = session_time(m, o, buf);
	n = json_object_array_length(b);
	for (i = 0; i < n; i++)
		benchmark(m, ts, json_object_array_get_idx(b, i), i);
}

const struct importer import_pytest_benchmark = {
	.name = "pytest-benchmark",
	.what = "a pytest-benchmark JSON document",
	.sniff_json = sniff_json,
	.json = json_doc,
};
