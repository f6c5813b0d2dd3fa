/*
 * hyperfine's exports (pp(7) OTHER TOOLS' FORMATS).  --export-json: a
 * record per run of each command, as pp-sample writes them: wall_time
 * from times, exit_status from exit_codes and max_rss from
 * memory_usage_byte where present; labels command, the parameters and
 * run.  --export-csv: the statistics of each command, one record each.
 */
#include <stdio.h>
#include <string.h>

#include "import.h"
#include "units.h"

static int
sniff_json(struct json_object *o)
{
	struct json_object *res = imp_get(o, "results"), *e;

	if (res == NULL || !json_object_is_type(res, json_type_array) ||
	    json_object_array_length(res) == 0)
		return 0;
	e = json_object_array_get_idx(res, 0);
	return imp_string(imp_get(e, "command")) != NULL &&
	    imp_get(e, "times") != NULL;
}

/* The run-th number of the array name of result, or -1. */
static int
nth(struct json_object *result, const char *name, size_t run, double *v)
{
	struct json_object *a = imp_get(result, name);

	if (a == NULL || !json_object_is_type(a, json_type_array) ||
	    run >= json_object_array_length(a))
		return -1;
	return imp_number(json_object_array_get_idx(a, run), v);
}

/* The labels of a run: command, the parameters, run. */
static void
labels(struct rec *r, const char *command, struct json_object *params,
    size_t run)
{
	char b[32];

	imp_label(r, "command", command, strlen(command));
	if (params != NULL && json_object_is_type(params, json_type_object)) {
		json_object_object_foreach(params, k, v) {
			/* a JSON null is no text; run is the run's */
			const char *s = v != NULL ? json_object_get_string(v) :
			    "";

			imp_label(r, strcmp(k, "run") == 0 ? "exported_run" :
			    k, s, strlen(s));
		}
	}
	snprintf(b, sizeof(b), "%zu", run + 1);
	imp_label(r, "run", b, strlen(b));
}

static void
result(struct imp *m, struct json_object *res, size_t i)
{
	struct json_object *times = imp_get(res, "times"), *params;
	const char *command = imp_string(imp_get(res, "command"));
	size_t run, n;
	double v;

	if (command == NULL) {
		imp_bad(m, "hyperfine results[%zu]: no \"command\" string", i);
		return;
	}
	if (times == NULL || !json_object_is_type(times, json_type_array)) {
		imp_bad(m, "hyperfine results[%zu]: no \"times\" array", i);
		return;
	}
	params = imp_get(res, "parameters");
	n = json_object_array_length(times);
	for (run = 0; run < n; run++) {
		if (nth(res, "times", run, &v) != 0 || v < 0) {
			imp_bad(m, "hyperfine results[%zu].times[%zu]: not a "
			    "time in seconds", i, run);
			continue;
		}
		labels(imp_metric_num(m, NULL, "wall_time", v, "s"), command,
		    params, run);
		if (nth(res, "exit_codes", run, &v) == 0)
			labels(imp_metric_num(m, NULL, "exit_status", v,
			    "count"), command, params, run);
		if (nth(res, "memory_usage_byte", run, &v) == 0)
			labels(imp_metric_num(m, NULL, "max_rss", v, "bytes"),
			    command, params, run);
	}
}

static void
json_doc(struct imp *m, struct json_object *o)
{
	struct json_object *res = imp_get(o, "results");
	size_t i, n;

	if (res == NULL || !json_object_is_type(res, json_type_array)) {
		imp_bad(m, "not a hyperfine --export-json document: no "
		    "\"results\" array");
		return;
	}
	n = json_object_array_length(res);
	for (i = 0; i < n; i++)
		result(m, json_object_array_get_idx(res, i), i);
}

const struct importer import_hyperfine = {
	.name = "hyperfine",
	.what = "a hyperfine --export-json document",
	.sniff_json = sniff_json,
	.json = json_doc,
};

/* --export-csv: the header hyperfine writes, parameter columns after. */
#define CSV_HEADER	"command,mean,stddev,median,user,system,min,max"

static int
sniff_csv(const char *s, size_t n)
{
	size_t h = sizeof(CSV_HEADER) - 1;

	return n >= h && memcmp(s, CSV_HEADER, h) == 0 &&
	    (n == h || s[h] == ',' || s[h] == '\r');
}

static void
csv_row(struct imp *m, const struct rec *in)
{
	static const struct {
		const char *col, *metric;
	} stat[] = {
		{ "mean", "wall_time.mean" }, { "stddev", "wall_time.stddev" },
		{ "median", "wall_time.median" }, { "min", "wall_time.min" },
		{ "max", "wall_time.max" }, { "user", "user_time.mean" },
		{ "system", "sys_time.mean" },
	};
	const char *command = rec_get(in, interns("command")), *v;
	struct rec *r;
	size_t i, j;
	double d;

	if (command == NULL) {
		imp_bad(m, "not a hyperfine --export-csv row: no command");
		return;
	}
	for (i = 0; i < sizeof(stat) / sizeof(stat[0]); i++) {
		if ((v = rec_get(in, interns(stat[i].col))) == NULL || *v == '\0')
			continue;
		if (parse_double(v, &d) != 0) {
			imp_bad(m, "field '%s': '%s' is not a number",
			    stat[i].col, v);
			continue;
		}
		r = imp_metric(m, NULL, stat[i].metric, v, "s");
		imp_label(r, "command", command, strlen(command));
		for (j = 0; j < in->n; j++)
			if (strncmp(in->name[j], "parameter_", 10) == 0)
				imp_label(r, in->name[j] + 10, rec_val(in, j),
				    strlen(rec_val(in, j)));
	}
}

const struct importer import_hyperfine_csv = {
	.name = "hyperfine-csv",
	.what = "a hyperfine --export-csv file",
	.sniff_line = sniff_csv,
	.rec = csv_row,
};
