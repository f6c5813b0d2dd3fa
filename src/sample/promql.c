/*
 * pp-sample --prometheus: the history a Prometheus-compatible store
 * keeps (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics), read
 * through its HTTP API (/api/v1/query_range, /api/v1/query) and written
 * as metric records.  A range longer than the servers' limit of 11,000
 * points a series is asked for in pages, each written before the next
 * is asked for: memory is one page, whatever the range.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
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
	unsigned long	 nonfinite;	/* NaN, infinite: left out */
	unsigned long	 nseries;	/* series answered */
	int		 written;	/* a page's records were written */
	char		 from[PP_TIME_LEN];	/* the page asked for */
};

/*
 * Exits with status and the message, saying, once a page was written,
 * that the range is incomplete: a history appended to holds the pages
 * before the one that failed.
 */
static void __attribute__((format(printf, 3, 4), noreturn))
prom_die(struct prom *p, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->written)
		pp_die(status, "%s; the records before %s were written, the "
		    "rest of the range was not", msg, p->from);
	pp_die(status, "%s", msg);
}

void
prom_check_url(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	size_t n = strcspn(host, "/");

	if (strpbrk(url, "?#") != NULL)
		pp_usage_error("--prometheus: '%s' has a query or a fragment: "
		    "give the address the API is under, such as "
		    "http://127.0.0.1:9090", url);
	if (memchr(host, '@', n) != NULL)
		pp_usage_error("--prometheus: the URL has a user and password, "
		    "which anyone can read on the command line: give them "
		    "with --header-env Authorization=VARIABLE");
}

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
	if (env && *val == '\0')
		pp_usage_error("%s: %s is empty", opt, eq + 1);
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
	uint64_t a = t < 0 ? -(uint64_t)t : (uint64_t)t;
	char *p;

	snprintf(out, 40, "%s%llu.%06llu", t < 0 ? "-" : "",
	    (unsigned long long)(a / 1000000),
	    (unsigned long long)(a % 1000000));
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

/* The server's URL without an API path given with it, nor a last /. */
static void
set_base(struct prom *p)
{
	static const char *const api[] = { "/api/v1/query_range",
	    "/api/v1/query", "/api/v1" };
	const char *u = p->s->prom;
	size_t n = strlen(u), i, k;

	while (n > 0 && u[n - 1] == '/')
		n--;
	for (i = 0; i < sizeof(api) / sizeof(api[0]); i++) {
		k = strlen(api[i]);
		if (n > k && memcmp(u + n - k, api[i], k) == 0) {
			n -= k;
			break;
		}
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
		prom_die(p, PP_EXIT_DATA, "%s: the server refused the query "
		    "(%s, HTTP status %ld): %s", buf_nul(&p->url), type,
		    status, msg);
	prom_die(p, PP_EXIT_SYS, "%s: the server failed (%s, HTTP status "
	    "%ld): %s",
	    buf_nul(&p->url), type, status, msg);
}

/*
 * Exits 3 if the answer is partial: VictoriaMetrics' flag, or a warning
 * of a store (Thanos' when a store did not answer).  PromQL's own notes
 * (Prometheus 2.46 to 2.52 put them among the warnings) are not: its
 * warnings are said, its infos left out.
 */
static void
check_partial(struct prom *p, struct json_object *o)
{
	struct json_object *v;
	const char *msg;
	size_t i, n;

	if (json_object_object_get_ex(o, "isPartial", &v) &&
	    json_object_get_boolean(v))
		prom_die(p, PP_EXIT_DATA, "%s: partial response (isPartial): "
		    "some of the data is missing", buf_nul(&p->url));
	if (!json_object_object_get_ex(o, "warnings", &v) ||
	    !json_object_is_type(v, json_type_array))
		return;
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		if ((msg = imp_string(json_object_array_get_idx(v, i))) == NULL)
			msg = json_object_to_json_string(
			    json_object_array_get_idx(v, i));
		if (strncmp(msg, "PromQL info:", 12) == 0)
			continue;
		if (strncmp(msg, "PromQL warning:", 15) == 0) {
			pp_warn("%s: %s", buf_nul(&p->url), msg);
			continue;
		}
		prom_die(p, PP_EXIT_DATA, "%s: partial response: %s",
		    buf_nul(&p->url), msg);
	}
}

/* What an HTTP status that is no API's answer says to check. */
static const char *
status_hint(long status)
{
	if (status == 401 || status == 403)
		return ": the server wants credentials: give them with "
		    "--header-env Authorization=VARIABLE";
	if (status == 404)
		return ": is the URL the address the API is under? (Mimir "
		    "and Cortex: http://host:port/prometheus)";
	return "";
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
	if (rc == CURLE_ABORTED_BY_CALLBACK && *p->s->stop) {
		p->url.len = base;
		return NULL;
	}
	if (rc != CURLE_OK)
		prom_die(p, PP_EXIT_SYS, "%s: %s%s", buf_nul(&p->url),
		    p->err[0] != '\0' ? p->err : lc.easy_strerror(rc),
		    rc == CURLE_OPERATION_TIMEDOUT ? " (a longer --timeout, "
		    "or a shorter range or --step, may help)" : "");
	lc.easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &status);
	o = json_tokener_parse(buf_nul(&p->body));
	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "status", &v) ||
	    (st = imp_string(v)) == NULL)
		prom_die(p, PP_EXIT_SYS, "%s: HTTP status %ld and no answer of "
		    "the Prometheus API: '%s'%s", buf_nul(&p->url), status,
		    body_text(p), status_hint(status));
	if (strcmp(st, "success") != 0)
		api_error(p, o, status);
	if (status != 200)
		prom_die(p, PP_EXIT_SYS, "%s: HTTP status %ld, not 200",
		    buf_nul(&p->url), status);
	check_partial(p, o);
	if (!json_object_object_get_ex(o, "data", &v) ||
	    !json_object_is_type(v, json_type_object))
		prom_die(p, PP_EXIT_SYS, "%s: the answer has no data",
		    buf_nul(&p->url));
	p->url.len = base;
	*root = o;
	return v;
}

/*
 * A series' labels but its name as PromQL writes them, {a="x", b="y"},
 * in p->form.
 */
static const char *
promql_labels(struct prom *p, struct json_object *metric)
{
	const char *v;

	p->form.len = 0;
	buf_addc(&p->form, '{');
	if (metric != NULL && json_object_is_type(metric, json_type_object)) {
		json_object_object_foreach(metric, k, val) {
			if ((v = imp_string(val)) == NULL ||
			    strcmp(k, "__name__") == 0)
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
		prom_die(p, PP_EXIT_DATA, "%s: a series has no __name__ (%s): "
		    "the query computes it; name it with --name",
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
	if (!(fabs(sec) < 1e11))
		return -1;
	time_format((pp_time)llround(sec * 1000) * 1000, ts);
	metric_rec(&p->out, ts, name, text, unit != NULL ? unit : "",
	    &p->labels);
	emit(p->s, &p->out);
	progress_add(&p->prog, 1, 0);
	return 0;
}

/* Exits 4 if pair, a sample of series name, is there: a bad one. */
static void
bad_sample(struct prom *p, const char *name, struct json_object *metric,
    struct json_object *pair)
{
	char b[64];

	if (pair == NULL)
		return;
	snprintf(b, sizeof(b), "%s", json_object_to_json_string(pair));
	prom_die(p, PP_EXIT_SYS, "%s: %s%s: '%s' is no sample [time, "
	    "\"value\"]", buf_nul(&p->url), name, promql_labels(p, metric),
	    b);
}

/* One series of a matrix or a vector: its samples as records. */
static void
series(struct prom *p, struct json_object *o)
{
	struct json_object *metric = NULL, *vals;
	const char *name, *unit;
	size_t i, n;

	if (!json_object_is_type(o, json_type_object))
		prom_die(p, PP_EXIT_SYS, "%s: a result that is no series",
		    buf_nul(&p->url));
	json_object_object_get_ex(o, "metric", &metric);
	name = series_labels(p, metric);
	unit = prom_name_unit(name, strlen(name));
	p->nseries++;
	if (json_object_object_get_ex(o, "values", &vals)) {
		if (!json_object_is_type(vals, json_type_array))
			prom_die(p, PP_EXIT_SYS, "%s: the values of %s%s are "
			    "no array", buf_nul(&p->url), name,
			    promql_labels(p, metric));
		n = json_object_array_length(vals);
		for (i = 0; i < n; i++)
			bad_sample(p, name, metric, sample(p, name, unit,
			    json_object_array_get_idx(vals, i)) != 0 ?
			    json_object_array_get_idx(vals, i) : NULL);
	} else if (json_object_object_get_ex(o, "value", &vals))
		bad_sample(p, name, metric, sample(p, name, unit, vals) != 0 ?
		    vals : NULL);
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
		prom_die(p, PP_EXIT_SYS, "%s: the answer has no result",
		    buf_nul(&p->url));
	if (strcmp(t, "scalar") == 0) {
		p->nseries++;
		series_labels(p, NULL);
		if (sample(p, p->s->name, NULL, res) != 0)
			prom_die(p, PP_EXIT_SYS, "%s: a scalar that is no "
			    "[time, \"value\"]", buf_nul(&p->url));
	} else if (strcmp(t, "matrix") == 0 || strcmp(t, "vector") == 0) {
		if (!json_object_is_type(res, json_type_array))
			prom_die(p, PP_EXIT_SYS, "%s: the result is no array",
			    buf_nul(&p->url));
		n = json_object_array_length(res);
		for (i = 0; i < n; i++)
			series(p, json_object_array_get_idx(res, i));
	} else
		prom_die(p, PP_EXIT_DATA, "%s: the query gives a %s, not "
		    "numbers", buf_nul(&p->url), t);
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

/*
 * A range in pages of PROM_MAX_POINTS points a series at the step, the
 * first of a page one step after the last of the one before; 0, or -1
 * if a signal cut it short.
 */
static int
read_range(struct prom *p)
{
	const struct sampler *s = p->s;
	pp_time from = s->start, last, page = INT64_MAX;

	if (s->step <= INT64_MAX / (PROM_MAX_POINTS - 1))
		page = s->step * (PROM_MAX_POINTS - 1);
	for (;;) {
		last = s->end - from > page ? from + page : s->end;
		time_format(from, p->from);
		if (*s->stop || ask(p, from, last, 0) != 0)
			return -1;
		p->written = 1;
		if (s->end - last < s->step)
			return 0;
		from = last + s->step;
	}
}

void
prom_read(struct sampler *s)
{
	struct prom p;
	int rc;

	prom_init(&p, s);
	if (s->start_set || s->range > 0)
		rc = read_range(&p);
	else
		rc = ask(&p, 0, 0, 1);
	if (rc != 0 && p.written)
		pp_warn("%s: interrupted: the records before %s were written, "
		    "the rest of the range was not", buf_nul(&p.url), p.from);
	if (p.nonfinite > 0)
		pp_warn("%s: %lu samples were NaN or infinite: left out",
		    buf_nul(&p.url), p.nonfinite);
	if (rc == 0 && p.nseries == 0)
		pp_warn("%s: the query matched no series: nothing was written",
		    buf_nul(&p.url));
	prom_free(&p);
}
