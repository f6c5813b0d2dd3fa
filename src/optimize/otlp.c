/*
 * OTLP/JSON, as the OpenTelemetry collector's file exporter writes it:
 * {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":..., ...}]}]}]}
 * with 64-bit integers as strings and attribute values wrapped by type.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "diag.h"
#include "otlp.h"
#include "progress.h"

static const char *const kinds[] = {
	"", "internal", "server", "client", "producer", "consumer"
};

static struct json_object *
member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *
str_member(struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* A nanosecond time: a string of digits, or a number. */
static int
nanos(struct json_object *o, const char *key, uint64_t *ns)
{
	struct json_object *v = member(o, key);
	const char *s;
	char *end;

	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int)) {
		*ns = (uint64_t)json_object_get_int64(v);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	errno = 0;
	*ns = strtoull(s, &end, 10);
	return *s == '\0' || *end != '\0' || errno != 0 ? -1 : 0;
}

static void
add(struct rec *r, const char *name, const char *val)
{
	rec_add(r, intern(name, strlen(name)), val, strlen(val), 0);
}

/* An attribute value (AnyValue) as text; NULL for arrays and maps. */
static const char *
any_value(struct json_object *v, char buf[64])
{
	struct json_object *x;

	if ((x = member(v, "stringValue")) != NULL ||
	    (x = member(v, "intValue")) != NULL)
		return json_object_get_string(x);
	if ((x = member(v, "doubleValue")) != NULL) {
		snprintf(buf, 64, "%.17g", json_object_get_double(x));
		return buf;
	}
	if ((x = member(v, "boolValue")) != NULL)
		return json_object_get_boolean(x) ? "true" : "false";
	return NULL;
}

static void
span_rec(struct json_object *sp, struct rec *r)
{
	struct json_object *attrs, *kind;
	const char *v;
	char buf[64];
	uint64_t t0, t1;
	size_t i, n;

	if ((v = str_member(sp, "traceId")) != NULL)
		add(r, "trace_id", v);
	if ((v = str_member(sp, "spanId")) != NULL)
		add(r, "span_id", v);
	if ((v = str_member(sp, "parentSpanId")) != NULL)
		add(r, "parent_span_id", v);
	if ((v = str_member(sp, "name")) != NULL)
		add(r, "name", v);
	kind = member(sp, "kind");
	if (kind != NULL && json_object_is_type(kind, json_type_int) &&
	    json_object_get_int(kind) > 0 && json_object_get_int(kind) < 6)
		add(r, "op", kinds[json_object_get_int(kind)]);
	if (nanos(sp, "startTimeUnixNano", &t0) == 0) {
		snprintf(buf, sizeof(buf), "%" PRIu64 ".%09" PRIu64,
		    t0 / 1000000000, t0 % 1000000000);
		add(r, "start", buf);
		if (nanos(sp, "endTimeUnixNano", &t1) == 0 && t1 >= t0) {
			snprintf(buf, sizeof(buf), "%" PRIu64 "ns", t1 - t0);
			add(r, "duration", buf);
		}
	}
	attrs = member(sp, "attributes");
	n = attrs != NULL && json_object_is_type(attrs, json_type_array) ?
	    json_object_array_length(attrs) : 0;
	for (i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(attrs, i);
		const char *key = str_member(a, "key");

		if (key != NULL && (v = any_value(member(a, "value"), buf)) !=
		    NULL)
			add(r, key, v);
	}
}

/* The spans of one export request. */
static int
request(struct json_object *req, struct rec *r, const char *file,
    unsigned long line, void (*fn)(struct rec *, void *), void *arg)
{
	struct json_object *rs, *ss, *spans;
	size_t i, j, k;

	if ((rs = member(req, "resourceSpans")) == NULL ||
	    !json_object_is_type(rs, json_type_array))
		return -1;
	for (i = 0; i < json_object_array_length(rs); i++) {
		ss = member(json_object_array_get_idx(rs, i), "scopeSpans");
		if (ss == NULL)	/* before OTLP 0.19 */
			ss = member(json_object_array_get_idx(rs, i),
			    "instrumentationLibrarySpans");
		if (ss == NULL || !json_object_is_type(ss, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(ss); j++) {
			spans = member(json_object_array_get_idx(ss, j),
			    "spans");
			if (spans == NULL ||
			    !json_object_is_type(spans, json_type_array))
				continue;
			for (k = 0; k < json_object_array_length(spans); k++) {
				rec_clear(r);
				r->file = file;
				r->line = line;
				span_rec(json_object_array_get_idx(spans, k),
				    r);
				fn(r, arg);
			}
		}
	}
	return 0;
}

void
otlp_read(char *const *paths, size_t npaths,
    void (*fn)(struct rec *, void *), void *arg)
{
	static char dash_name[] = "-";
	static char *const dash[] = { dash_name };
	struct json_tokener *tok = json_tokener_new();
	struct json_object *req;
	struct progress prog;
	struct rec r;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;
	unsigned long lineno;
	const char *name;
	FILE *fp;

	if (npaths == 0) {
		paths = dash;
		npaths = 1;
	}
	rec_init(&r);
	progress_start(&prog, progress_wanted(pp_is_quiet()), paths, npaths);
	for (i = 0; i < npaths; i++) {
		if (strcmp(paths[i], "-") == 0) {
			fp = stdin;
			name = "<stdin>";
		} else if ((fp = fopen(paths[i], "r")) == NULL) {
			pp_die_errno(PP_EXIT_SYS, "%s", paths[i]);
		} else {
			name = paths[i];
		}
		progress_input(&prog, name);
		for (lineno = 1; (len = getline(&line, &cap, fp)) > 0;
		    lineno++) {
			progress_add(&prog, 0, (size_t)len);
			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r'))
				line[--len] = '\0';
			if (len == 0)
				continue;
			progress_add(&prog, 1, 0);
			json_tokener_reset(tok);
			req = json_tokener_parse_ex(tok, line, (int)len);
			/* one object, and nothing after it but blanks */
			if (req != NULL) {
				size_t end = json_tokener_get_parse_end(tok);

				while (end < (size_t)len && (line[end] == ' ' ||
				    line[end] == '\t'))
					end++;
				if (end < (size_t)len) {
					json_object_put(req);
					req = NULL;
				}
			}
			if (req == NULL || json_tokener_get_error(tok) !=
			    json_tokener_success || request(req, &r, name,
			    lineno, fn, arg) != 0)
				pp_badrec(name, lineno, "not an OTLP/JSON "
				    "export request (an object with "
				    "resourceSpans)");
			json_object_put(req);
		}
		if (ferror(fp))
			pp_die_errno(PP_EXIT_SYS, "%s", name);
		if (fp != stdin)
			fclose(fp);
	}
	progress_end(&prog);
	free(line);
	rec_free(&r);
	json_tokener_free(tok);
}
