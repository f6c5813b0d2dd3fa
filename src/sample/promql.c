/*
 * pp-sample --prometheus: the history a Prometheus-compatible store
 * keeps (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics), read
 * through its HTTP API (/api/v1/query_range, /api/v1/query) and written
 * as metric records.  A range longer than the servers' limit of 11,000
 * points a series is asked for in pages, each written before the next
 * is asked for: memory is one page, whatever the range.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "diag.h"
#include "http.h"
#include "import.h"
#include "metric.h"
#include "progress.h"
#include "sample.h"
#include "units.h"

struct prom {
	struct sampler	*s;
	CURL		*curl;
	struct curl_slist *hdrs;
	struct buf	 url;		/* the endpoint asked */
	struct buf	 form;		/* the request's body */
	struct buf	 body;		/* the answer */
	char		 err[CURL_ERROR_SIZE];
	struct rec	 out;
	struct rec	 labels;
	struct progress	 prog;
	unsigned long	 nonfinite;	/* NaN and infinite samples left out */
};

void
prom_header(struct sampler *s, const char *opt, const char *arg, int env)
{
	const char *eq = strchr(arg, '='), *val;
	char *h;

	if (eq == NULL || eq == arg)
		pp_usage_error("%s: '%s' is not NAME=%s", opt, arg,
		    env ? "VARIABLE" : "VALUE");
	if (strcspn(arg, ": \t\r\n") < (size_t)(eq - arg))
		pp_usage_error("%s: '%.*s' is not a header name", opt,
		    (int)(eq - arg), arg);
	val = eq + 1;
	if (env && (val = getenv(eq + 1)) == NULL)
		pp_usage_error("%s: the environment has no %s", opt, eq + 1);
	if (strpbrk(val, "\r\n") != NULL)
		pp_usage_error("%s: the value of %.*s has a line break", opt,
		    (int)(eq - arg), arg);
	h = xasprintf("%.*s: %s", (int)(eq - arg), arg, val);
	s->headers = xreallocarray(s->headers, s->nheaders + 1,
	    sizeof(*s->headers));
	s->headers[s->nheaders++] = h;
}

/* A time as the API takes it: Unix seconds, to the microsecond. */
static void
api_time(pp_time t, char out[40])
{
	int64_t us = t % 1000000;
	char *p;

	if (us < 0)
		us += 1000000;
	snprintf(out, 40, "%lld.%06lld", (long long)((t - us) / 1000000),
	    (long long)us);
	p = out + strlen(out) - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
}

/* Appends &name=value to the form, the value URL-encoded. */
static void
form_add(struct prom *p, const char *name, const char *value)
{
	char *esc;

	if ((esc = lc.easy_escape(p->curl, value, 0)) == NULL)
		pp_die(PP_EXIT_SYS, "out of memory");
	if (p->form.len > 0)
		buf_addc(&p->form, '&');
	buf_adds(&p->form, name);
	buf_addc(&p->form, '=');
	buf_adds(&p->form, esc);
	lc.free(esc);
}

/* The server's URL without a trailing / or an API path given with it. */
static void
set_base(struct prom *p)
{
	static const char *const api[] = { "/api/v1/query_range",
	    "/api/v1/query", "/api/v1", "/" };
	const char *u = p->s->prom;
	size_t n = strlen(u), i, k;

	for (i = 0; i < sizeof(api) / sizeof(api[0]); i++) {
		k = strlen(api[i]);
		if (n > k && strcmp(u + n - k, api[i]) == 0)
			n -= k;
	}
	buf_add(&p->url, u, n);
}

static void
prom_init(struct prom *p, struct sampler *s)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->s = s;
	set_base(p);
	rec_init(&p->out);
	rec_init(&p->labels);
	p->curl = curl_start(&p->body, p->err, s->stop,
	    s->timeout > 0 ? s->timeout : 120);
	for (i = 0; i < s->nheaders; i++)
		p->hdrs = lc.slist_append(p->hdrs, s->headers[i]);
	p->hdrs = lc.slist_append(p->hdrs, "Accept: application/json");
	/*
	 * No compression: a server spends longer on it than a network
	 * saves (Prometheus takes 0.7 s longer to answer a page of 11,000
	 * points of 50 series, 12 MB, gzipped than as it is).
	 */
	lc.easy_setopt(p->curl, CURLOPT_ACCEPT_ENCODING, NULL);
	lc.easy_setopt(p->curl, CURLOPT_HTTPHEADER, p->hdrs);
	progress_start(&p->prog, progress_wanted(s->c.quiet), NULL, 0);
	p->prog.total = -1;
	progress_input(&p->prog, s->prom);
}

static void
prom_free(struct prom *p)
{
	progress_end(&p->prog);
	curl_stop(p->curl);
	lc.slist_free_all(p->hdrs);
	buf_free(&p->url);
	buf_free(&p->form);
	buf_free(&p->body);
	rec_free(&p->out);
	rec_free(&p->labels);
}

/* The start of the answer's text, for a message: one line, cut short. */
static const char *
body_text(struct prom *p)
{
	size_t n = p->body.len < 200 ? p->body.len : 200, i;

	buf_nul(&p->body);
	for (i = 0; i < n; i++)
		if (p->body.p[i] == '\n' || p->body.p[i] == '\r')
			break;
	p->body.p[i] = '\0';
	return p->body.p;
}

/*
 * The server's error answer: a query it refused (bad_data, execution)
 * is exit 3, anything else (timeout, canceled, unavailable, internal)
 * exit 4, with its message.
 */
static void
api_error(struct prom *p, struct json_object *o, long status)
{
	struct json_object *v;
	const char *type = NULL, *msg = NULL;

	if (json_object_object_get_ex(o, "errorType", &v))
		type = imp_string(v);
	if (json_object_object_get_ex(o, "error", &v))
		msg = imp_string(v);
	if (type == NULL)
		type = "no errorType";
	if (msg == NULL)
		msg = "no message";
	if (strcmp(type, "bad_data") == 0 || strcmp(type, "execution") == 0)
		pp_die(PP_EXIT_DATA, "%s: the server refused the query "
		    "(%s, HTTP status %ld): %s", buf_nul(&p->url), type,
		    status, msg);
	pp_die(PP_EXIT_SYS, "%s: the server failed (%s, HTTP status %ld): %s",
	    buf_nul(&p->url), type, status, msg);
}

/* Exits 3 if the answer is partial: warnings, or VictoriaMetrics' flag. */
static void
check_partial(struct prom *p, struct json_object *o)
{
	struct json_object *v, *w;
	const char *msg;
	size_t n;

	if (json_object_object_get_ex(o, "isPartial", &v) &&
	    json_object_get_boolean(v))
		pp_die(PP_EXIT_DATA, "%s: partial response (isPartial): some "
		    "of the data is missing", buf_nul(&p->url));
	if (!json_object_object_get_ex(o, "warnings", &v) ||
	    !json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) == 0)
		return;
	w = json_object_array_get_idx(v, 0);
	if ((msg = imp_string(w)) == NULL)
		msg = json_object_to_json_string(w);
	pp_die(PP_EXIT_DATA, "%s: partial response: %s%s", buf_nul(&p->url),
	    msg, n > 1 ? " (and more warnings)" : "");
}

/*
 * POSTs the form to the API path and returns the answer's "data"
 * object (in *root, to be put by the caller); exits on any failure.
 * NULL if a signal cut the transfer short.
 */
static struct json_object *
api_call(struct prom *p, const char *path, struct json_object **root)
{
	size_t base = p->url.len;
	struct json_object *o, *v;
	const char *st;
	long status = 0;
	CURLcode rc;

	buf_adds(&p->url, path);
	lc.easy_setopt(p->curl, CURLOPT_URL, buf_nul(&p->url));
	lc.easy_setopt(p->curl, CURLOPT_POSTFIELDS, buf_nul(&p->form));
	p->body.len = 0;
	p->err[0] = '\0';
	rc = lc.easy_perform(p->curl);
	if (rc == CURLE_ABORTED_BY_CALLBACK && *p->s->stop)
		return NULL;
	if (rc != CURLE_OK)
		pp_die(PP_EXIT_SYS, "%s: %s", buf_nul(&p->url),
		    p->err[0] != '\0' ? p->err : lc.easy_strerror(rc));
	lc.easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &status);
	o = json_tokener_parse(buf_nul(&p->body));
	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "status", &v) ||
	    (st = imp_string(v)) == NULL)
		pp_die(PP_EXIT_SYS, "%s: HTTP status %ld and no answer of the "
		    "Prometheus API: '%s'", buf_nul(&p->url), status,
		    body_text(p));
	if (strcmp(st, "success") != 0)
		api_error(p, o, status);
	if (status != 200)
		pp_die(PP_EXIT_SYS, "%s: HTTP status %ld, not 200",
		    buf_nul(&p->url), status);
	check_partial(p, o);
	if (!json_object_object_get_ex(o, "data", &v) ||
	    !json_object_is_type(v, json_type_object))
		pp_die(PP_EXIT_SYS, "%s: the answer has no data",
		    buf_nul(&p->url));
	p->url.len = base;
	*root = o;
	return v;
}

/* A series' labels as PromQL writes them, {a="x", b="y"}, in p->form. */
static const char *
promql_labels(struct prom *p, struct json_object *metric)
{
	const char *v;

	p->form.len = 0;
	buf_addc(&p->form, '{');
	if (metric != NULL && json_object_is_type(metric, json_type_object)) {
		json_object_object_foreach(metric, k, val) {
			if ((v = imp_string(val)) == NULL)
				continue;
			if (p->form.len > 1)
				buf_adds(&p->form, ", ");
			buf_adds(&p->form, k);
			buf_adds(&p->form, "=\"");
			buf_adds(&p->form, v);
			buf_addc(&p->form, '"');
		}
	}
	buf_addc(&p->form, '}');
	return buf_nul(&p->form);
}

/* p->labels: the series' labels but __name__, then --label's. */
static const char *
series_labels(struct prom *p, struct json_object *metric)
{
	const struct sampler *s = p->s;
	const char *name = s->name, *v;
	size_t i;

	rec_clear(&p->labels);
	if (metric != NULL && json_object_is_type(metric, json_type_object)) {
		json_object_object_foreach(metric, k, val) {
			if ((v = imp_string(val)) == NULL)
				continue;
			if (strcmp(k, "__name__") == 0) {
				if (name == NULL)
					name = v;
				continue;
			}
			sample_label(s, &p->labels, interns(k), v);
		}
	}
	for (i = 0; i < s->nlabels; i++)
		rec_add(&p->labels, s->labels[i].name, s->labels[i].value,
		    strlen(s->labels[i].value), 0);
	if (name == NULL)
		pp_die(PP_EXIT_DATA, "%s: a series has no __name__ (%s): the "
		    "query computes it; name it with --name",
		    buf_nul(&p->url), promql_labels(p, metric));
	return name;
}

/* Emits sample [time, "value"] of series name; 0, or -1 if it is bad. */
static int
sample(struct prom *p, const char *name, const char *unit,
    struct json_object *pair)
{
	struct json_object *t, *v;
	const char *text;
	char ts[PP_TIME_LEN];
	double sec, x;

	if (!json_object_is_type(pair, json_type_array) ||
	    json_object_array_length(pair) != 2)
		return -1;
	t = json_object_array_get_idx(pair, 0);
	v = json_object_array_get_idx(pair, 1);
	if ((!json_object_is_type(t, json_type_double) &&
	    !json_object_is_type(t, json_type_int)) ||
	    (text = imp_string(v)) == NULL)
		return -1;
	/* Go writes NaN, +Inf and -Inf, which no record holds. */
	if (strcmp(text, "NaN") == 0 || strcmp(text + (*text == '+' ||
	    *text == '-'), "Inf") == 0) {
		p->nonfinite++;
		return 0;
	}
	if (parse_double(text, &x) != 0 || !isfinite(x))
		return -1;
	/* The API's times are milliseconds, written as seconds. */
	sec = json_object_get_double(t);
	time_format((pp_time)llround(sec * 1000) * 1000, ts);
	metric_rec(&p->out, ts, name, text, unit != NULL ? unit : "",
	    &p->labels);
	emit(p->s, &p->out);
	progress_add(&p->prog, 1, 0);
	return 0;
}

/* One series of a matrix or a vector: its samples as records. */
static void
series(struct prom *p, struct json_object *o)
{
	struct json_object *metric = NULL, *vals;
	const char *name, *unit;
	size_t i, n;

	if (!json_object_is_type(o, json_type_object))
		pp_die(PP_EXIT_SYS, "%s: a result that is no series",
		    buf_nul(&p->url));
	json_object_object_get_ex(o, "metric", &metric);
	name = series_labels(p, metric);
	unit = prom_name_unit(name, strlen(name));
	if (json_object_object_get_ex(o, "values", &vals)) {
		n = json_object_array_length(vals);
		for (i = 0; i < n; i++)
			if (sample(p, name, unit,
			    json_object_array_get_idx(vals, i)) != 0)
				pp_die(PP_EXIT_SYS, "%s: a sample that is no "
				    "[time, \"value\"]", buf_nul(&p->url));
	} else if (json_object_object_get_ex(o, "value", &vals) &&
	    sample(p, name, unit, vals) != 0)
		pp_die(PP_EXIT_SYS, "%s: a sample that is no [time, "
		    "\"value\"]", buf_nul(&p->url));
	progress_add(&p->prog, 0, 0);
}

/* The records of one answer's data; flushed with the history. */
static void
take(struct prom *p, struct json_object *data)
{
	struct json_object *type, *res;
	const char *t = NULL;
	size_t i, n;

	if (json_object_object_get_ex(data, "resultType", &type))
		t = imp_string(type);
	if (!json_object_object_get_ex(data, "result", &res) || t == NULL)
		pp_die(PP_EXIT_SYS, "%s: the answer has no result",
		    buf_nul(&p->url));
	if (strcmp(t, "scalar") == 0) {
		series_labels(p, NULL);
		if (sample(p, p->s->name, NULL, res) != 0)
			pp_die(PP_EXIT_SYS, "%s: a scalar that is no [time, "
			    "\"value\"]", buf_nul(&p->url));
	} else if (strcmp(t, "matrix") == 0 || strcmp(t, "vector") == 0) {
		n = json_object_array_length(res);
		for (i = 0; i < n; i++)
			series(p, json_object_array_get_idx(res, i));
	} else
		pp_die(PP_EXIT_DATA, "%s: the query gives a %s, not numbers",
		    buf_nul(&p->url), t);
	if (p->s->hist != NULL)
		hist_flush(p->s->hist);
	fflush(stdout);
	if (ferror(stdout))
		pp_die_errno(PP_EXIT_SYS, "standard output: write error");
}

/* Asks for [from, to] at the step, and writes what comes back. */
static int
ask(struct prom *p, pp_time from, pp_time to, int instant)
{
	struct json_object *root = NULL, *data;
	char t[40];

	p->form.len = 0;
	form_add(p, "query", p->s->query);
	if (instant) {
		if (p->s->end_set) {
			api_time(p->s->end, t);
			form_add(p, "time", t);
		}
	} else {
		api_time(from, t);
		form_add(p, "start", t);
		api_time(to, t);
		form_add(p, "end", t);
		api_time(p->s->step, t);
		form_add(p, "step", t);
	}
	data = api_call(p, instant ? "/api/v1/query" : "/api/v1/query_range",
	    &root);
	if (data == NULL)
		return -1;
	take(p, data);
	json_object_put(root);
	return 0;
}

void
prom_read(struct sampler *s)
{
	struct prom p;
	pp_time from, last, page;

	prom_init(&p, s);
	if (s->start_set || s->range > 0) {
		page = s->step * (PROM_MAX_POINTS - 1);
		for (from = s->start; from <= s->end && !*s->stop;
		    from = last + s->step) {
			last = s->end - from > page ? from + page : s->end;
			if (ask(&p, from, last, 0) != 0)
				break;
		}
	} else
		ask(&p, 0, 0, 1);
	if (p.nonfinite > 0)
		pp_warn("%s: %lu samples were NaN or infinite: left out",
		    s->prom, p.nonfinite);
	prom_free(&p);
}
