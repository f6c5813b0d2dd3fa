/*
 * OTLP/JSON metrics (pp(7) OTHER TOOLS' FORMATS): ExportMetricsService
 * requests as the OpenTelemetry collector's file exporter writes them,
 * one a line.  A record per gauge and sum point; histograms as their
 * count, sum and cumulative buckets.  Units are UCUM: ms, By, {request}.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "units.h"

static int
sniff_json(struct json_object *o)
{
	return json_object_is_type(imp_get(o, "resourceMetrics"),
	    json_type_array);
}

/* What a metric is: its name, pp unit and factor, where it is. */
struct metric {
	const char	*name;
	const char	*unit;
	double		 f;
	struct json_object *resattrs;	/* the resource's attributes */
};

/* The pp unit of a UCUM unit, and the factor to it. */
static const char *
ucum(const char *u, double *f)
{
	static const struct {
		const char *ucum, *pp;
		double f;
	} tab[] = {
		{ "ns", "s", 1e-9 }, { "us", "s", 1e-6 }, { "ms", "s", 1e-3 },
		{ "s", "s", 1 }, { "min", "s", 60 }, { "h", "s", 3600 },
		{ "d", "s", 86400 }, { "By", "bytes", 1 },
		{ "KBy", "bytes", 1e3 }, { "MBy", "bytes", 1e6 },
		{ "GBy", "bytes", 1e9 }, { "KiBy", "bytes", 1024 },
		{ "MiBy", "bytes", 1048576 }, { "GiBy", "bytes", 1073741824 },
		{ "1", "ratio", 1 }, { "%", "percent", 1 },
	};
	size_t i, n;

	*f = 1;
	if (u == NULL || *u == '\0')
		return "count";
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(u, tab[i].ucum) == 0) {
			*f = tab[i].f;
			return tab[i].pp;
		}
	n = strlen(u);
	if (u[0] == '{' && u[n - 1] == '}' && strchr(u + 1, '{') == NULL)
		return "count";			/* an annotation: {request} */
	return u;
}

/* A number written as JSON number or, as OTLP/JSON writes int64, text. */
static int
number(struct json_object *v, double *d)
{
	const char *s;

	if (imp_number(v, d) == 0)
		return 0;
	if ((s = imp_string(v)) == NULL)
		return -1;
	return parse_double(s, d) == 0 ? 0 : -1;
}

/* An attribute's value (an AnyValue) as text; arrays and maps as JSON. */
static const char *
any_text(struct json_object *v, char buf[32])
{
	struct json_object *x;
	double d;

	if ((x = imp_get(v, "stringValue")) != NULL ||
	    (x = imp_get(v, "intValue")) != NULL)
		return json_object_get_string(x);
	if ((x = imp_get(v, "doubleValue")) != NULL)
		return number(x, &d) == 0 ? fmt_double(d, buf) :
		    json_object_get_string(x);
	if ((x = imp_get(v, "boolValue")) != NULL)
		return json_object_get_boolean(x) ? "true" : "false";
	if ((x = imp_get(v, "arrayValue")) != NULL ||
	    (x = imp_get(v, "kvlistValue")) != NULL ||
	    (x = imp_get(v, "bytesValue")) != NULL)
		return json_object_to_json_string_ext(x,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	return "";
}

/* Labels from attributes (imp_label: a name the record has is renamed). */
static void
attr_labels(struct rec *r, struct json_object *attrs)
{
	char buf[32];
	const char *k, *v;
	size_t i, n;

	if (!json_object_is_type(attrs, json_type_array))
		return;
	n = json_object_array_length(attrs);
	for (i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(attrs, i);

		if ((k = imp_string(imp_get(a, "key"))) == NULL)
			continue;
		v = any_text(imp_get(a, "value"), buf);
		imp_label(r, k, v, strlen(v));
	}
}

/* A record of the point p of metric mt: "NAME.suffix", or NAME. */
static struct rec *
point_rec(struct imp *m, const char *ts, const struct metric *mt,
    struct json_object *p, const char *suffix, double v, const char *unit)
{
	char name[512];
	struct rec *r;

	if (suffix != NULL)
		snprintf(name, sizeof(name), "%s.%s", mt->name, suffix);
	r = imp_metric_num(m, ts, suffix != NULL ? name : mt->name, v, unit);
	attr_labels(r, mt->resattrs);
	attr_labels(r, imp_get(p, "attributes"));
	return r;
}

/* The time of point p: timeUnixNano, else the input's; -1 if bad. */
static int
point_time(struct imp *m, const struct metric *mt, struct json_object *p,
    char ts[PP_TIME_LEN])
{
	struct json_object *v = imp_get(p, "timeUnixNano");
	const char *s;
	char *end;
	uint64_t ns;

	if (v == NULL) {
		snprintf(ts, PP_TIME_LEN, "%s", imp_time(m));
		return 0;
	}
	if (json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) >= 0)
		ns = (uint64_t)json_object_get_int64(v);
	else if ((s = imp_string(v)) != NULL && *s >= '0' && *s <= '9') {
		errno = 0;
		ns = strtoull(s, &end, 10);
		if (*end != '\0' || errno != 0 || ns > INT64_MAX)
			goto bad;
	} else
		goto bad;
	time_format((pp_time)(ns / 1000), ts);
	return 0;
bad:
	imp_bad(m, "otlp-metrics metric '%s': \"timeUnixNano\" is not a "
	    "number of nanoseconds", mt->name);
	return -1;
}

/* A gauge or sum point: asDouble or asInt. */
static void
number_point(struct imp *m, const struct metric *mt, struct json_object *p)
{
	struct json_object *v = imp_get(p, "asDouble");
	const char *field = "asDouble";
	char ts[PP_TIME_LEN];
	double d;

	if (v == NULL) {
		v = imp_get(p, "asInt");
		field = "asInt";
	}
	if (v == NULL) {
		imp_bad(m, "otlp-metrics metric '%s': a point without "
		    "\"asDouble\" or \"asInt\"", mt->name);
		return;
	}
	if (number(v, &d) != 0) {
		imp_bad(m, "otlp-metrics metric '%s': \"%s\" '%s' is not a "
		    "number", mt->name, field, json_object_get_string(v));
		return;
	}
	if (point_time(m, mt, p, ts) == 0)
		point_rec(m, ts, mt, p, NULL, imp_scaled(v, mt->f), mt->unit);
}

/*
 * The buckets of a histogram point as cumulative counts, label le the
 * upper bound in the record's unit, the last "+Inf".
 */
static void
buckets(struct imp *m, const char *ts, const struct metric *mt,
    struct json_object *p)
{
	struct json_object *bc = imp_get(p, "bucketCounts");
	struct json_object *eb = imp_get(p, "explicitBounds");
	size_t i, n, nb;
	double c = 0, b = 0, sum = 0;
	char le[32];
	struct rec *r;
	long k;

	if (!json_object_is_type(bc, json_type_array) ||
	    (n = json_object_array_length(bc)) == 0)
		return;
	nb = json_object_is_type(eb, json_type_array) ?
	    json_object_array_length(eb) : 0;
	if (n != nb + 1) {
		imp_bad(m, "otlp-metrics metric '%s': %zu \"bucketCounts\" "
		    "for %zu \"explicitBounds\"", mt->name, n, nb);
		return;
	}
	for (i = 0; i < n; i++)		/* all buckets, or none */
		if (number(json_object_array_get_idx(bc, i), &c) != 0 ||
		    (i < nb && number(json_object_array_get_idx(eb, i), &b)
		    != 0)) {
			imp_bad(m, "otlp-metrics metric '%s': bucket %zu is "
			    "not a number", mt->name, i);
			return;
		}
	for (i = 0; i < n; i++) {
		number(json_object_array_get_idx(bc, i), &c);
		if (i < nb)
			number(json_object_array_get_idx(eb, i), &b);
		sum += c;
		if (i < nb)
			fmt_double(imp_scaled(json_object_array_get_idx(eb, i),
			    mt->f), le);
		else
			snprintf(le, sizeof(le), "+Inf");
		r = point_rec(m, ts, mt, p, "bucket", sum, "count");
		/* the bound is the bucket's own: an attribute le yields */
		if ((k = rec_find(r, interns("le"))) >= 0 &&
		    rec_find(r, interns("exported_le")) < 0)
			r->name[k] = interns("exported_le");
		if (rec_find(r, interns("le")) < 0)
			imp_label(r, "le", le, strlen(le));
	}
}

/* A histogram point (explicit or exponential): count, sum, min, max. */
static void
histogram_point(struct imp *m, const struct metric *mt, struct json_object *p,
    int explicit)
{
	static const char *const field[] = { "count", "sum", "min", "max" };
	char ts[PP_TIME_LEN];
	struct json_object *v;
	size_t i;
	double d;

	if (point_time(m, mt, p, ts) != 0)
		return;
	for (i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		if ((v = imp_get(p, field[i])) == NULL)
			continue;
		if (number(v, &d) != 0) {
			imp_bad(m, "otlp-metrics metric '%s': \"%s\" '%s' is "
			    "not a number", mt->name, field[i],
			    json_object_get_string(v));
			continue;
		}
		if (i == 0)
			point_rec(m, ts, mt, p, field[i], d, "count");
		else
			point_rec(m, ts, mt, p, field[i], imp_scaled(v, mt->f),
			    mt->unit);
	}
	if (explicit)
		buckets(m, ts, mt, p);
}

static void
metric(struct imp *m, struct json_object *o, struct json_object *resattrs)
{
	static const char *const kinds[] = { "gauge", "sum", "histogram",
	    "exponentialHistogram" };
	struct json_object *k = NULL, *pts;
	struct metric mt;
	size_t i, j, n;

	if ((mt.name = imp_string(imp_get(o, "name"))) == NULL) {
		imp_bad(m, "otlp-metrics: a metric without a \"name\"");
		return;
	}
	mt.unit = ucum(imp_string(imp_get(o, "unit")), &mt.f);
	mt.resattrs = resattrs;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((k = imp_get(o, kinds[i])) != NULL)
			break;
	if (k == NULL && imp_get(o, "summary") != NULL) {
		imp_bad(m, "otlp-metrics metric '%s': summary points are not "
		    "read", mt.name);
		return;
	}
	pts = imp_get(k, "dataPoints");
	if (k == NULL || !json_object_is_type(pts, json_type_array)) {
		imp_bad(m, "otlp-metrics metric '%s': no gauge, sum or "
		    "histogram with \"dataPoints\"", mt.name);
		return;
	}
	n = json_object_array_length(pts);
	for (j = 0; j < n; j++) {
		struct json_object *p = json_object_array_get_idx(pts, j);

		if (i < 2)		/* gauge, sum */
			number_point(m, &mt, p);
		else
			histogram_point(m, &mt, p, i == 2);
	}
}

/* The elements of the array name of o; 0 if there is none. */
static size_t
elements(struct json_object *o, const char *name, struct json_object **a)
{
	*a = imp_get(o, name);
	return json_object_is_type(*a, json_type_array) ?
	    json_object_array_length(*a) : 0;
}

static void
json_value(struct imp *m, struct json_object *o)
{
	struct json_object *rms, *sms, *ms, *rm, *sm, *attrs;
	size_t i, j, k, nrm, nsm, nm;

	if (!json_object_is_type(imp_get(o, "resourceMetrics"),
	    json_type_array)) {
		imp_bad(m, "not an OTLP/JSON metrics request: no "
		    "\"resourceMetrics\" array");
		return;
	}
	nrm = elements(o, "resourceMetrics", &rms);
	for (i = 0; i < nrm; i++) {
		rm = json_object_array_get_idx(rms, i);
		attrs = imp_get(imp_get(rm, "resource"), "attributes");
		nsm = elements(rm, "scopeMetrics", &sms);
		for (j = 0; j < nsm; j++) {
			sm = json_object_array_get_idx(sms, j);
			nm = elements(sm, "metrics", &ms);
			for (k = 0; k < nm; k++)
				metric(m, json_object_array_get_idx(ms, k),
				    attrs);
		}
	}
}

const struct importer import_otlp_metrics = {
	.name = "otlp-metrics",
	.what = "an OTLP/JSON metrics request",
	.sniff_json = sniff_json,
	.json = json_value,
};
