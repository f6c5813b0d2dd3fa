/*
 * Google Benchmark's --benchmark_format=json output (pp(7) OTHER TOOLS'
 * FORMATS): each entry of "benchmarks", a repetition or an aggregate of
 * the repetitions, becomes a record per measure: real_time, cpu_time,
 * the rates and the user's counters.
 */
#include <stdio.h>
#include <string.h>

#include "import.h"
#include "units.h"

#define WHAT	"Google Benchmark JSON"

static int
sniff_json(struct json_object *o)
{
	struct json_object *ctx = imp_get(o, "context");
	struct json_object *b = imp_get(o, "benchmarks");

	return ctx != NULL && json_object_is_type(ctx, json_type_object) &&
	    b != NULL && json_object_is_type(b, json_type_array);
}

/* The members of an entry that are no user counter. */
static int
known(const char *k)
{
	static const char *const names[] = {
		"name", "family_index", "per_family_instance_index",
		"run_name", "run_type", "repetitions", "repetition_index",
		"threads", "iterations", "real_time", "cpu_time", "time_unit",
		"aggregate_name", "aggregate_unit", "bytes_per_second",
		"items_per_second", "error_occurred", "error_message", "label",
		"big_o", "real_coefficient", "cpu_coefficient", "rms",
		"complexity_n",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(k, names[i]) == 0)
			return 1;
	return 0;
}

/* The factor of a time_unit to seconds, or 0 if it is none. */
static double
time_scale(const char *u)
{
	if (u == NULL)
		return 0;
	if (strcmp(u, "ns") == 0)
		return 1e9;
	if (strcmp(u, "us") == 0)
		return 1e6;
	if (strcmp(u, "ms") == 0)
		return 1e3;
	if (strcmp(u, "s") == 0)
		return 1;
	return 0;
}

/* What the records of one entry share. */
struct entry {
	const char	*ts;		/* NULL: the input's time */
	const char	*bench;
	const char	*aggregate;	/* NULL for a repetition */
	const char	*label;		/* the entry's SetLabel, or NULL */
	double		 threads;
	double		 run;		/* 0: none */
	int		 ratio;		/* a cv: every value is a ratio */
};

static void
add(struct imp *m, const struct entry *e, const char *metric, double v,
    const char *unit)
{
	struct rec *r;
	char b[32];

	if (e->ratio)
		unit = "ratio";
	r = imp_metric_num(m, e->ts, metric, v, unit);
	imp_label(r, "benchmark", e->bench, strlen(e->bench));
	if (e->aggregate != NULL)
		imp_label(r, "aggregate", e->aggregate, strlen(e->aggregate));
	if (e->threads > 1) {
		fmt_double(e->threads, b);
		imp_label(r, "threads", b, strlen(b));
	}
	if (e->label != NULL)
		imp_label(r, "label", e->label, strlen(e->label));
	if (e->run > 0) {
		fmt_double(e->run, b);
		imp_label(r, "run", b, strlen(b));
	}
}

/* The labels of entry i; -1 after a bad record, 1 to skip it. */
static int
entry_of(struct imp *m, struct json_object *b, size_t i, struct entry *e)
{
	const char *type = imp_string(imp_get(b, "run_type"));
	double d;

	if ((e->bench = imp_string(imp_get(b, "run_name"))) == NULL &&
	    (e->bench = imp_string(imp_get(b, "name"))) == NULL) {
		imp_bad(m, WHAT " benchmarks[%zu]: no \"name\" string", i);
		return -1;
	}
	e->aggregate = NULL;
	e->ratio = 0;
	e->run = 0;
	if (type != NULL && strcmp(type, "aggregate") == 0) {
		if ((e->aggregate = imp_string(imp_get(b,
		    "aggregate_name"))) == NULL) {
			imp_bad(m, WHAT " benchmarks[%zu] (%s): an aggregate "
			    "without an \"aggregate_name\" string", i,
			    e->bench);
			return -1;
		}
		/* Complexity fits have no times of their own. */
		if (strcmp(e->aggregate, "BigO") == 0 ||
		    strcmp(e->aggregate, "RMS") == 0)
			return 1;
		e->ratio = imp_string(imp_get(b, "aggregate_unit")) != NULL &&
		    strcmp(imp_string(imp_get(b, "aggregate_unit")),
		    "percentage") == 0;
	} else if (imp_number(imp_get(b, "repetition_index"), &d) == 0)
		e->run = d + 1;
	if (imp_get(b, "error_occurred") != NULL &&
	    json_object_get_boolean(imp_get(b, "error_occurred"))) {
		const char *msg = imp_string(imp_get(b, "error_message"));

		imp_bad(m, WHAT " benchmarks[%zu] (%s): the benchmark failed: "
		    "%s", i, e->bench, msg != NULL ? msg : "no message");
		return -1;
	}
	if (imp_number(imp_get(b, "threads"), &e->threads) != 0)
		e->threads = 1;
	e->label = imp_string(imp_get(b, "label"));
	if (e->label != NULL && *e->label == '\0')
		e->label = NULL;
	return 0;
}

static void
entry(struct imp *m, struct json_object *b, size_t i, const char *ts)
{
	static const char *const times[] = { "real_time", "cpu_time" };
	const char *tu = imp_string(imp_get(b, "time_unit"));
	struct entry e;
	double t[2], scale, v;
	size_t k;

	if (!json_object_is_type(b, json_type_object)) {
		imp_bad(m, WHAT " benchmarks[%zu]: not an object", i);
		return;
	}
	e.ts = ts;
	if (entry_of(m, b, i, &e) != 0)
		return;
	if ((scale = time_scale(tu)) == 0) {
		imp_bad(m, WHAT " benchmarks[%zu] (%s): time_unit '%s' is not "
		    "ns, us, ms or s", i, e.bench, tu != NULL ? tu : "");
		return;
	}
	for (k = 0; k < 2; k++)
		if (imp_number(imp_get(b, times[k]), &t[k]) != 0) {
			imp_bad(m, WHAT " benchmarks[%zu] (%s): %s is not a "
			    "number", i, e.bench, times[k]);
			return;
		}
	for (k = 0; k < 2; k++)
		add(m, &e, times[k], e.ratio ? t[k] :
		    imp_scaled(imp_get(b, times[k]), 1 / scale), "s");
	if (imp_number(imp_get(b, "bytes_per_second"), &v) == 0)
		add(m, &e, "bytes_per_second", v, "bytes/s");
	if (imp_number(imp_get(b, "items_per_second"), &v) == 0)
		add(m, &e, "items_per_second", v, "count/s");
	json_object_object_foreach(b, key, val) {
		if (!known(key) && imp_number(val, &v) == 0)
			add(m, &e, key, v, "count");
	}
}

static void
json_doc(struct imp *m, struct json_object *o)
{
	struct json_object *list = imp_get(o, "benchmarks");
	const char *date = imp_string(imp_get(imp_get(o, "context"), "date"));
	char ts[PP_TIME_LEN];
	pp_time t;
	size_t i, n;

	if (list == NULL || !json_object_is_type(list, json_type_array)) {
		imp_bad(m, "not %s: no \"benchmarks\" array",
		    "Google Benchmark --benchmark_format=json output");
		return;
	}
	/* The time the run started, or the input's. */
	if (date != NULL && time_parse(date, &t) == 0)
		time_format(t, ts);
	else
		ts[0] = '\0';
	n = json_object_array_length(list);
	for (i = 0; i < n; i++)
		entry(m, json_object_array_get_idx(list, i), i,
		    ts[0] != '\0' ? ts : NULL);
}

const struct importer import_gbench = {
	.name = "gbench",
	.what = "Google Benchmark --benchmark_format=json output",
	.sniff_json = sniff_json,
	.json = json_doc,
};
