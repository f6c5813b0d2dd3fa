/*
 * Reading a span record into its trace: the attributes it is read from,
 * its kind (database call, HTTP call, connection, load) and target.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "rec.h"
#include "units.h"

/* The fields a span is read from, in the order of attr_text. */
enum attr {
	A_TRACE, A_SPAN, A_PARENT, A_NAME, A_OP, A_START, A_DUR,
	A_STMT, A_STMT_OLD, A_DBSYS, A_METHOD, A_METHOD_OLD,
	A_URL, A_URL_OLD, A_URL_TARGET, A_ROUTE,
	A_HOST, A_HOST_OLD, A_HOST_HTTP, A_SIZE, A_SIZE_OLD,
	A_DECODED, A_DECODED_OLD, A_DECODED_SENTRY, A_XFER, A_FN, A_FN_OLD, A_ARGS, A_ARGS_OLD,
	A_ROWS, A_PLAN, A_PLAN_OLD, A_MEM, A_MEM_OLD, A_N
};

static const char *const attr_text[A_N] = {
	"trace_id", "span_id", "parent_span_id", "name", "op", "start",
	"duration", "db.query.text", "db.statement", "db.system",
	"http.request.method", "http.method", "url.full", "http.url",
	"http.target", "http.route", "server.address", "net.peer.name",
	"http.host", "http.response.body.size",
	"http.response_content_length", "http.response.body.decoded_size",
	"http.response_content_length_uncompressed",
	"http.decoded_response_content_length", "http.response_transfer_size",
	"code.function.name",
	"code.function", "code.function.args", "args",
	"db.response.returned_rows", "db.query.plan", "db.plan",
	"process.memory.usage", "memory"
};

/*
 * The values of a record by attribute.  The field-to-attribute map is
 * kept while the records have the same names (as a CSV file's all do).
 */
static void
attrs_of(const struct rec *r, const char *a[A_N])
{
	static const char **names;
	static int *slot;
	static size_t n, cap;
	static const char *interned[A_N];
	size_t i, k;

	if (interned[0] == NULL)
		for (k = 0; k < A_N; k++)
			interned[k] = interns(attr_text[k]);
	if (names == NULL || r->n != n || (n > 0 &&
	    memcmp(r->name, names, n * sizeof(*names)) != 0)) {
		if (names == NULL || r->n > cap) {
			cap = r->n > 0 ? r->n : 1;
			names = xreallocarray(names, cap, sizeof(*names));
			slot = xreallocarray(slot, cap, sizeof(*slot));
		}
		n = r->n;
		if (n > 0)	/* a span without fields has no names array */
			memcpy(names, r->name, n * sizeof(*names));
		for (i = 0; i < n; i++)
			for (slot[i] = -1, k = 0; k < A_N; k++)
				if (names[i] == interned[k]) {
					slot[i] = (int)k;
					break;
				}
	}
	for (k = 0; k < A_N; k++)
		a[k] = NULL;
	for (i = 0; i < n; i++)
		if (slot[i] >= 0 && a[slot[i]] == NULL)
			a[slot[i]] = rec_val(r, i);
}

/* The first of k attributes from x that is there and not empty. */
static const char *
attr_any(const char *const a[A_N], enum attr x, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (a[x + i] != NULL && *a[x + i] != '\0')
			return a[x + i];
	return NULL;
}


static int
is_connect(const char *name, const char *op)
{
	const char *w[] = { "connect", "tls", "handshake", "ssl" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcasestr(name, w[i]) != NULL ||
		    (op != NULL && strcasestr(op, w[i]) != NULL))
			return 1;
	return 0;
}

/* Copies s into the arena of t: its offset + 1. */
static size_t
arena_add(struct trace *t, const char *s)
{
	size_t off = t->arena.len;

	buf_add(&t->arena, s, strlen(s) + 1);
	return off + 1;
}

/* Points the spans of t at their strings, once the arena is complete. */
void
span_fix(struct trace *t)
{
	const char *base = t->arena.p;
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct span *s = &t->s[i];

		s->id = s->id_o ? (char *)base + s->id_o - 1 : NULL;
		s->parent = s->parent_o ? (char *)base + s->parent_o - 1 :
		    NULL;
		s->call = s->call_o ? (char *)base + s->call_o - 1 : NULL;
		s->args = s->args_o ? (char *)base + s->args_o - 1 : NULL;
	}
}

/* SQL with bind placeholders (? or $1) outside its string literals. */
/* A query plan that reads a whole table. */
static int
is_full_scan(const char *plan)
{
	static const char *const w[] = { "seq scan", "full scan",
	    "table scan", "scan table", "full table", "type: all",
	    "\"type\":\"all\"" };
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcasestr(plan, w[i]) != NULL)
			return 1;
	/* SQLite: "SCAN t", as against "SEARCH t USING INDEX" */
	return strncmp(plan, "SCAN ", 5) == 0;
}

/* A span that loads or initialises: its name or op begins so. */
static int
is_load(const char *name, const char *op)
{
	static const char *const w[] = { "load", "preload", "init",
	    "import", "warm" };
	size_t i, n;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		n = strlen(w[i]);
		if (strncasecmp(name, w[i], n) == 0 ||
		    (op != NULL && strncasecmp(op, w[i], n) == 0))
			return 1;
	}
	return 0;
}

/* The trace of id tid, made if new, with room for one more span. */
static struct trace *
trace_of(struct run *run, const struct rec *r, const char *tid)
{
	struct hmap_entry *e;
	struct trace *t;

	e = hmap_put(&run->traces, tid, strlen(tid));
	if (e->val == NULL) {
		t = e->val = xcalloc(1, sizeof(*t));
		t->id = xstrdup(tid);
	}
	t = e->val;
	if (t->done) {
		if (!pp_is_quiet())
			pp_posmsg(r->file, r->line, 0, "trace %s came "
			    "before and was analysed: these spans are read "
			    "as a trace of their own (sort the spans by "
			    "trace_id)", t->id);
		t->done = 0;
		t->n = 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->s = xreallocarray(t->s, t->cap, sizeof(*t->s));
	}
	return t;
}

/* A database call: its statement stmt, normalised as its target. */
static void
span_db(struct run *run, struct span *s, struct trace *t,
    const char *const a[A_N], const char *stmt, struct buf *tmp)
{
	const char *v;
	double d;

	s->kind = K_DB;
	sql_normalize(stmt, tmp);
	s->target = intern(tmp->p, tmp->len);
	if (run->costs != NULL)
		cost_kind(run, s->target, K_DB);
	s->call_o = arena_add(t, stmt);
	s->bound = has_placeholder(stmt);
	s->readonly = starts_word(stmt, "select");
	if ((v = a[A_ROWS]) != NULL &&
	    parse_double(v, &d) == 0)
		s->rows = d;
	if ((v = attr_any(a, A_PLAN, 2)) != NULL)
		s->full_scan = is_full_scan(v);
}

/*
 * The body sizes of an HTTP response: as sent (OpenTelemetry's, and
 * Sentry's http.response_content_length) and decoded (Sentry's
 * http.decoded_response_content_length too).  Sentry's transfer size,
 * headers included, stands in for the size as sent when that is
 * missing: no smaller than the decoded body, the body went as it is.
 * A transfer size of 0 is a response read from a cache: nothing was
 * sent, so there is nothing to compress.
 */
static void
span_sizes(struct run *run, struct span *s, const char *const a[A_N])
{
	const char *v;
	double d, xfer = NAN;

	if ((v = attr_any(a, A_SIZE, 2)) != NULL &&
	    parse_double(v, &d) == 0)
		s->bytes = d;
	if ((v = attr_any(a, A_DECODED, 3)) != NULL &&
	    parse_double(v, &d) == 0)
		s->decoded = d;
	if ((v = a[A_XFER]) != NULL && parse_double(v, &d) == 0)
		xfer = d;
	if (xfer == 0)
		s->bytes = s->decoded = 0;
	else if (isnan(s->bytes) && !isnan(xfer) && !isnan(s->decoded))
		s->bytes = xfer >= s->decoded ? s->decoded : xfer;
	if (isnan(s->bytes) || isnan(s->decoded))
		run->no_size++;
}

/* An HTTP call: its url (or else its route), normalised as its target. */
static void
span_http(struct run *run, struct span *s, struct trace *t,
    const char *const a[A_N], const char *url, const char *route,
    struct buf *tmp)
{
	const char *method = attr_any(a, A_METHOD, 2);

	s->kind = K_HTTP;
	if (url != NULL)
		url_normalize(url, tmp);
	else {
		tmp->len = 0;
		buf_adds(tmp, route);
	}
	buf_printf(&run->scratch, "%s %s", method != NULL ? method :
	    "GET", buf_nul(tmp));
	s->target = intern(run->scratch.p, run->scratch.len);
	if (run->costs != NULL)
		cost_kind(run, s->target, K_HTTP);
	run->scratch.len = 0;
	s->call_o = t->arena.len + 1;
	buf_printf(&t->arena, "%s %s", method != NULL ? method :
	    "GET", url != NULL ? url : s->target);
	buf_addc(&t->arena, '\0');
	s->readonly = method == NULL || strcasecmp(method, "GET") ==
	    0 || strcasecmp(method, "HEAD") == 0;
	/* a route template says nothing of the parameters */
	s->bound = url == NULL || strchr(url, '{') != NULL;
	span_sizes(run, s, a);
}

/* The fields every span has, and a function's name and arguments. */
static void
span_common(struct run *run, const struct rec *r, struct span *s,
    struct trace *t, const char *const a[A_N])
{
	const char *v;
	double d;
	pp_time pt;

	s->start = NAN;
	if ((v = a[A_START]) != NULL && *v != '\0') {
		if (time_parse(v, &pt) == 0)
			s->start = time_sec(pt);
		else
			pp_badrec(r->file, r->line, "start '%s' is not a "
			    "time (RFC 3339 or epoch seconds): the span is "
			    "left out of parallelization", v);
	}
	v = a[A_SPAN];
	s->id_o = arena_add(t, v != NULL ? v : "");
	v = a[A_PARENT];
	s->parent_o = v != NULL && *v != '\0' ? arena_add(t, v) : 0;
	v = a[A_NAME];
	s->name = interns(v != NULL ? v : "");
	v = attr_any(a, A_HOST, 3);
	s->host = v != NULL ? interns(v) : NULL;
	s->bytes = s->decoded = s->rows = s->memory = NAN;
	if ((v = attr_any(a, A_FN, 2)) != NULL) {
		s->fn = interns(v);
		if ((v = attr_any(a, A_ARGS, 2)) != NULL)
			s->args_o = arena_add(t, v);
		else
			run->no_args++;
	}
	if ((v = attr_any(a, A_MEM, 2)) != NULL && parse_size(v, &d) == 0)
		s->memory = d;
}

/* Reads one span into its trace, which it returns; NULL if skipped. */
struct trace *
span_add(struct run *run, const struct rec *r, struct buf *tmp)
{
	const char *tid, *v, *stmt, *url, *op;
	struct trace *t;
	struct span *s;
	double d;
	const char *a[A_N];

	attrs_of(r, a);
	if ((tid = a[A_TRACE]) == NULL || *tid == '\0') {
		pp_badrec(r->file, r->line, "span without a trace_id: "
		    "skipped");
		return NULL;
	}
	if ((v = a[A_DUR]) == NULL || *v == '\0') {
		pp_badrec(r->file, r->line, "span without a duration: "
		    "skipped");
		return NULL;
	}
	if (parse_seconds(v, &d) != 0) {
		pp_badrec(r->file, r->line, "duration '%s' is not a "
		    "duration (seconds, or 250ms, 1.5s): skipped", v);
		return NULL;
	}
	t = trace_of(run, r, tid);
	s = &t->s[t->n++];
	memset(s, 0, sizeof(*s));
	s->dur = d;
	span_common(run, r, s, t, a);
	op = a[A_OP];
	stmt = attr_any(a, A_STMT, 2);
	url = attr_any(a, A_URL, 3);
	if (stmt != NULL) {
		span_db(run, s, t, a, stmt, tmp);
	} else if ((url != NULL || ((v = a[A_ROUTE]) != NULL &&
	    *v != '\0')) &&
	    (op == NULL || strstr(op, "server") == NULL)) {
		/* a call made; the server side of one is no call */
		span_http(run, s, t, a, url, v, tmp);
	} else if (is_connect(s->name, op)) {
		s->kind = K_CONNECT;
	} else if (is_load(s->name, op)) {
		s->load = 1;
	} else if ((a[A_DBSYS] != NULL && *a[A_DBSYS] != '\0') ||
	    (op != NULL &&
	    (strncmp(op, "db", 2) == 0 || strcmp(op, "http.client") == 0))) {
		/* a call, but nothing says which */
		run->no_target++;
	}
	run->nspans++;
	return t;
}

int
span_cmp_start(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;

	/* spans without a start last, so that the order is total */
	if (isnan(a->start) || isnan(b->start))
		return isnan(a->start) - isnan(b->start);
	return a->start < b->start ? -1 : a->start > b->start;
}

int
span_cmp_target(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return span_cmp_start(x, y);
}
