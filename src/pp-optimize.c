/*
 * pp-optimize: optimisation opportunities found in span records, each
 * with its evidence and an impact estimated from the spans themselves.
 *
 * Spans are gathered per trace; at the end each trace is linked (parents,
 * children, cycles broken) and handed to the detectors, which add to
 * findings keyed by type and normalised target.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "state.h"
#include "hmap.h"
#include "opts.h"
#include "otlp.h"
#include "rd.h"
#include "rec.h"
#include "stats.h"
#include "htest.h"
#include "units.h"
#include "wr.h"

/* The thresholds: the optimize: section of pp-config(5). */
struct limits {
	double		 batch_min_calls;
	double		 batch_min_total;
	double		 parallel_min_span;
	double		 parallel_max_gap;
	double		 cache_min_calls;
	double		 memo_min_calls;
	double		 debounce_window;
	double		 debounce_min_calls;
	double		 pool_min_connects;
	double		 query_slow_p95;
	double		 index_slow_p95;
	double		 index_max_rows;
	double		 compress_min_size;
	double		 compress_ratio;	/* compressed size over size */
	double		 lazy_start;		/* the first part of a trace */
	double		 lazy_min_duration;
};

static const struct limits default_limits = {
	.batch_min_calls = 5, .batch_min_total = 0.050,
	.parallel_min_span = 0.030, .parallel_max_gap = 0.005,
	.cache_min_calls = 2, .memo_min_calls = 2,
	.debounce_window = 0.015, .debounce_min_calls = 5,
	.pool_min_connects = 2,
	.query_slow_p95 = 1.0, .index_slow_p95 = 0.100, .index_max_rows = 10,
	.compress_min_size = 300000, .compress_ratio = 0.25,
	.lazy_start = 0.10, .lazy_min_duration = 0.010
};

enum kind { K_OTHER, K_DB, K_HTTP, K_CONNECT };

/* Times are read to the microsecond: closer than this is the same. */
#define TIME_EPS	1e-6

enum ftype { F_BATCHING, F_PARALLEL, F_CACHING, F_MEMO, F_DEBOUNCE,
    F_POOLING, F_QUERY, F_INDEX, F_COMPRESSION, F_LAZY, F_NTYPES };

static const char *const ftype_name[F_NTYPES] = {
	"batching", "parallelization", "caching", "memoization",
	"debouncing", "connection_pooling", "query_optimization", "indexing",
	"compression", "lazy_loading"
};
/*
 * easy: a configuration or schema change; medium: a local code change;
 * hard: a change of architecture.
 */
static const char *const ftype_difficulty[F_NTYPES] = {
	"medium", "medium", "medium", "easy", "medium", "easy", "medium",
	"easy", "easy", "hard"
};

struct span {
	/* in the trace's arena: offset + 1, 0 for none (see span_fix) */
	size_t		 id_o, parent_o, call_o, args_o;
	char		*id;
	char		*parent;
	const char	*name;		/* interned */
	const char	*target;	/* interned normalised call, or NULL */
	const char	*host;		/* interned server address, or NULL */
	char		*call;		/* the call with its parameters */
	const char	*fn;		/* interned function name, or NULL */
	char		*args;		/* its arguments, or NULL */
	enum kind	 kind;
	int		 readonly;	/* a SELECT or a GET: cacheable */
	int		 bound;		/* parameters as placeholders: unknown */
	int		 full_scan;	/* a plan attribute says so */
	int		 load;		/* a load or initialisation span */
	int		 leaf;		/* no span names it as parent */
	double		 rows;		/* rows returned, NAN if unknown */
	double		 memory;	/* bytes a load span holds, or NAN */
	double		 start;		/* seconds since the epoch */
	double		 dur;
	double		 bytes;		/* response body, NAN if unknown */
	double		 decoded;	/* its decoded size, NAN if unknown */
	size_t		 up;		/* index of the parent, or SIZE_MAX */
};

struct trace {
	char		*id;
	struct span	*s;
	size_t		 n, cap;
	struct buf	 arena;		/* the spans' strings */
	int		 done;		/* analysed, its spans freed */
};

struct finding {
	enum ftype	 type;
	const char	*target;	/* interned */
	const char	*detail;	/* interned, for the suggestion */
	size_t		 occurrences;
	size_t		 traces;
	const struct trace *last_trace;	/* to count each trace once */
	char		*example;
	double		 impact_s;
	double		 impact_calls;
	double		 impact_bytes;
	double		 p95, median;	/* query optimisation, indexing */
	double		 rows;
	size_t		 full_scans;
	double		 window;	/* debouncing */
};

/* A normalised statement's calls, for query optimisation. */
struct qstat {
	double		*d;
	double		*rows;		/* returned, NAN if unknown */
	size_t		 full_scans;
	int		 select;
	size_t		 n, cap;
	size_t		 traces;
	const struct trace *last_trace;
	char		*example;
};

/*
 * Calls with their parameters, across traces, for caching: an open
 * addressing table by a 64-bit hash of the call (0 marks a free slot);
 * among a million calls one pair in ten million shares a hash.
 */
struct callstat {
	unsigned long long h;
	const char	*target;
	size_t		 n;
	double		 first;
	double		 total;
	char		*example;
	const struct trace *last_trace;
	size_t		 traces;
};

struct run {
	struct pp_common c;
	struct hmap	 traces;
	struct hmap	 findings;
	struct callstat	*calls;
	size_t		 ncalls, calls_size;	/* used, slots */
	struct hmap	 queries;
	struct buf	 scratch;
	double		 total_time;	/* the traces' durations, summed */
	size_t		 nspans;
	size_t		 no_target;	/* DB and HTTP spans without one */
	size_t		 no_size;	/* HTTP spans without body sizes */
	size_t		 no_args;	/* function spans without arguments */
	struct limits	 lim;
	int		 keep;		/* every span, to the end (verify) */
	size_t		 calls_cap;	/* calls remembered for caching */
	int		 otlp;		/* the input is OTLP/JSON */
	size_t		 cycles;
};

enum { OPT_STATE = OPT_LOCAL, OPT_BEFORE, OPT_AFTER, OPT_ALPHA, OPT_OTLP };

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "before",		required_argument,	NULL, OPT_BEFORE },
	{ "after",		required_argument,	NULL, OPT_AFTER },
	{ "alpha",		required_argument,	NULL, OPT_ALPHA },
	{ "otlp",		no_argument,		NULL, OPT_OTLP },
	{ NULL, 0, NULL, 0 }
};

enum lkind { L_COUNT, L_DURATION, L_SIZE, L_RATIO };

/* The keys, in the order of the fields of load_limits. */
static const struct {
	const char	*key;
	enum lkind	 kind;
} limit_keys[] = {
#define LK(k, kind) { #k, kind }
	LK(batch_min_calls, L_COUNT),
	LK(batch_min_total, L_DURATION),
	LK(parallel_min_span, L_DURATION),
	LK(parallel_max_gap, L_DURATION),
	LK(cache_min_calls, L_COUNT),
	LK(memo_min_calls, L_COUNT),
	LK(debounce_window, L_DURATION),
	LK(debounce_min_calls, L_COUNT),
	LK(pool_min_connects, L_COUNT),
	LK(query_slow_p95, L_DURATION),
	LK(index_slow_p95, L_DURATION),
	LK(index_max_rows, L_COUNT),
	LK(compress_min_size, L_SIZE),
	LK(compress_ratio, L_RATIO),
	LK(lazy_start, L_RATIO),
	LK(lazy_min_duration, L_DURATION)
#undef LK
};
#define NLIMITS (sizeof(limit_keys) / sizeof(limit_keys[0]))

/* The thresholds: the defaults, and the optimize: section over them. */
static void
load_limits(const char *path, struct limits *l)
{
	const char *allowed[NLIMITS + 1];
	struct cnode *root, *sec, *v;
	double x = 0;
	size_t i;

	double *const field[] = {
		&l->batch_min_calls, &l->batch_min_total,
		&l->parallel_min_span, &l->parallel_max_gap,
		&l->cache_min_calls, &l->memo_min_calls, &l->debounce_window,
		&l->debounce_min_calls, &l->pool_min_connects,
		&l->query_slow_p95, &l->index_slow_p95, &l->index_max_rows,
		&l->compress_min_size, &l->compress_ratio, &l->lazy_start,
		&l->lazy_min_duration
	};
	_Static_assert(sizeof(field) / sizeof(field[0]) == NLIMITS,
	    "a field for each key");

	*l = default_limits;
	if ((root = conf_load(path)) == NULL)
		return;
	if ((sec = conf_get(root, "optimize")) != NULL) {
		conf_expect(sec, CN_MAP, "a map of thresholds");
		for (i = 0; i < NLIMITS; i++)
			allowed[i] = limit_keys[i].key;
		allowed[NLIMITS] = NULL;
		conf_check_keys(sec, allowed);
		for (i = 0; i < NLIMITS; i++) {
			if ((v = conf_get(sec, limit_keys[i].key)) == NULL)
				continue;
			switch (limit_keys[i].kind) {
			case L_COUNT:
				x = conf_number(v);
				if (x > 1e9)
					conf_die(v, "%s: '%s' is too large (at "
					    "most 1000000000)",
					    limit_keys[i].key, v->str);
				if (x < 1 || x != floor(x))
					conf_die(v, "%s: '%s' is not a whole "
					    "number of at least 1",
					    limit_keys[i].key, v->str);
				break;
			case L_DURATION:
				x = conf_duration(v);
				break;
			case L_SIZE:
				x = conf_size(v);
				break;
			case L_RATIO:
				x = conf_percent(v);
				if (x <= 0 || x > 1)
					conf_die(v, "%s: '%s' is not above 0%% "
					    "and at most 100%%",
					    limit_keys[i].key, v->str);
				break;
			}
			*field[i] = x;
		}
	}
	conf_free(root);
}

static void
usage(void)
{
	printf(
"usage: pp-optimize [options] [--state FILE] [FILE ...]\n"
"       pp-optimize --state FILE status ID applied|rejected|open\n"
"       pp-optimize [options] verify ID --before FILE --after FILE\n"
"Find optimisation opportunities in span records (N+1 calls to batch,\n"
"sequential calls to parallelise, calls to cache or memoize, bursts to\n"
"debounce, connections to pool, slow queries, missing indexes,\n"
"uncompressed responses, loads to defer), each with the time, calls and\n"
"bytes it would save, estimated from the spans; keep their status\n"
"across runs; verify a change against the spans before and after it.\n"
"\n"
"Spans: trace_id, span_id, parent_span_id, name, op, start, duration,\n"
"and OpenTelemetry attributes (db.query.text or db.statement, db.system,\n"
"http.request.method or http.method, url.full or http.url,\n"
"server.address or net.peer.name, http.response.body.size, ...).\n"
"\n"
"Options:\n"
"      --otlp               the input is the OpenTelemetry file exporter's\n"
"                           OTLP/JSON lines (resourceSpans)\n"
"      --state FILE         each finding's status across runs: new, open,\n"
"                           applied, rejected, resolved\n"
"      --before FILE        verify: the spans before the change\n"
"      --after FILE         verify: the spans after it\n"
"      --alpha A            verify: the significance level (default 0.05)\n"
"Thresholds: the optimize: section of the configuration (pp-config(5)).\n"
"\n"
"%s"
"\n"
"Exit status: 0 done (verify: keep), 1 verify: rollback, 2 usage error,\n"
"3 bad data or configuration, 4 a file could not be read or written.\n"
"See pp-optimize(1).\n",
	    pp_common_help);
}

/* The fields a span is read from, in the order of attr_text. */
enum attr {
	A_TRACE, A_SPAN, A_PARENT, A_NAME, A_OP, A_START, A_DUR,
	A_STMT, A_STMT_OLD, A_DBSYS, A_METHOD, A_METHOD_OLD,
	A_URL, A_URL_OLD, A_URL_TARGET, A_ROUTE,
	A_HOST, A_HOST_OLD, A_HOST_HTTP, A_SIZE, A_SIZE_OLD,
	A_DECODED, A_DECODED_OLD, A_FN, A_FN_OLD, A_ARGS, A_ARGS_OLD,
	A_ROWS, A_PLAN, A_PLAN_OLD, A_MEM, A_MEM_OLD, A_N
};

static const char *const attr_text[A_N] = {
	"trace_id", "span_id", "parent_span_id", "name", "op", "start",
	"duration", "db.query.text", "db.statement", "db.system",
	"http.request.method", "http.method", "url.full", "http.url",
	"http.target", "http.route", "server.address", "net.peer.name",
	"http.host", "http.response.body.size",
	"http.response_content_length", "http.response.body.decoded_size",
	"http.response_content_length_uncompressed", "code.function.name",
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


/* Letters, digits and _ $ . : the characters of SQL words and numbers. */
static unsigned char word_char[256];

static void
word_init(void)
{
	int c;

	for (c = 0; c < 256; c++)
		word_char[c] = isalnum(c) || c == '_' || c == '$' || c == '.';
}

static inline int
is_word(char c)
{
	return word_char[(unsigned char)c];
}

static int
is_keyword(const char *w, size_t n)
{
	/* by length: the words of 2 to 9 letters, one string each */
	static const char *const kw[10] = {
		NULL, NULL,
		" as by in is on or ",
		" all and asc avg end max min not set sum ",
		" case desc else from into join left like null then when "
		    "with ",
		" count group inner limit order outer right union where ",
		" delete exists having insert offset select update values ",
		" between ",
		" distinct ",
		" returning "
	};
	char low[12];
	const char *p;
	size_t i;

	if (n < 2 || n > 9)
		return 0;
	low[0] = ' ';
	for (i = 0; i < n; i++)
		low[i + 1] = (char)tolower((unsigned char)w[i]);
	low[n + 1] = ' ';
	low[n + 2] = '\0';
	/* the words of a length are n + 1 apart */
	for (p = kw[n]; p[1] != '\0'; p += n + 1)
		if (memcmp(p, low, n + 2) == 0)
			return 1;
	return 0;
}

/*
 * A SQL statement with its literals replaced by '?', IN lists folded to
 * one '?', keywords upper-cased and white space collapsed, so that
 * "where id = 7" and "WHERE id=8" are one statement.
 */
static void
sql_normalize(const char *s, struct buf *out)
{
	size_t start, i;

	out->len = 0;
	while (*s != '\0') {
		if (isspace((unsigned char)*s)) {
			while (isspace((unsigned char)*s))
				s++;
			if (out->len > 0 && *s != '\0')
				buf_addc(out, ' ');
			continue;
		}
		if (*s == '\'' || *s == '"') {
			char q = *s++;

			if (q == '"') {
				/* a quoted identifier stays */
				buf_addc(out, q);
				while (*s != '\0' && *s != q)
					buf_addc(out, *s++);
				if (*s != '\0')
					buf_addc(out, *s++);
				continue;
			}
			while (*s != '\0') {
				if (*s == q && s[1] == q)
					s += 2;
				else if (*s == q)
					break;
				else
					s++;
			}
			if (*s != '\0')
				s++;
			buf_addc(out, '?');
			continue;
		}
		if (isdigit((unsigned char)*s) || (*s == '$' &&
		    isdigit((unsigned char)s[1])) || (*s == '-' &&
		    isdigit((unsigned char)s[1]) && out->len > 0 &&
		    strchr("=<>(, ", out->p[out->len - 1]) != NULL)) {
			s++;
			while (is_word(*s))
				s++;
			buf_addc(out, '?');
			continue;
		}
		if (is_word(*s)) {
			start = out->len;
			while (is_word(*s))
				buf_addc(out, *s++);
			/* keywords upper-cased, names as they are */
			if (is_keyword(out->p + start, out->len - start))
				for (i = start; i < out->len; i++)
					out->p[i] = (char)toupper(
					    (unsigned char)out->p[i]);
			continue;
		}
		if (*s == '(' ) {
			/* (?, ?, ?) becomes (?) */
			const char *p = s + 1;
			int only = 1, any = 0;

			while (*p != '\0' && *p != ')') {
				if (*p == '\'') {
					p++;
					while (*p != '\0' && *p != '\'')
						p++;
					if (*p != '\0')
						p++;
					any = 1;
				} else if (isdigit((unsigned char)*p) ||
				    *p == '?' || *p == '$' || *p == '-' ||
				    *p == '.') {
					p++;
					any = 1;
				} else if (*p == ',' ||
				    isspace((unsigned char)*p)) {
					p++;
				} else {
					only = 0;
					break;
				}
			}
			if (only && any && *p == ')') {
				buf_adds(out, "(?)");
				s = p + 1;
				continue;
			}
		}
		if (*s == ',' || *s == '=' || *s == '<' || *s == '>' ||
		    *s == '(' || *s == ')') {
			/* no space around punctuation */
			if (out->len > 0 && out->p[out->len - 1] == ' ')
				out->len--;
			buf_addc(out, *s++);
			if (s[-1] == ',' || s[-1] == '=' || s[-1] == '<' ||
			    s[-1] == '>' || s[-1] == '(')
				while (isspace((unsigned char)*s))
					s++;
			continue;
		}
		buf_addc(out, *s++);
	}
	while (out->len > 0 && (out->p[out->len - 1] == ' ' ||
	    out->p[out->len - 1] == ';'))
		out->len--;
	buf_nul(out);
}

/*
 * A URL without scheme, host and query values, its numeric and
 * id-like path segments as '?': "https://h/users/42?x=1" is
 * "/users/?" with "?x=?".
 */
static void
url_normalize(const char *s, struct buf *out)
{
	const char *p, *seg;
	size_t n, i, digits, hex;

	out->len = 0;
	/* a scheme: letters, digits, + - . before "://", at the start */
	for (p = s; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		continue;
	if (p > s && strncmp(p, "://", 3) == 0) {
		s = p + 3;
		while (*s != '\0' && *s != '/' && *s != '?')
			s++;
	}
	while (*s != '\0' && *s != '?' && *s != '#') {
		if (*s == '/') {
			buf_addc(out, *s++);
			continue;
		}
		seg = s;
		while (*s != '\0' && *s != '/' && *s != '?' && *s != '#')
			s++;
		n = (size_t)(s - seg);
		for (i = 0, digits = 0, hex = 0; i < n; i++) {
			if (isdigit((unsigned char)seg[i]))
				digits++;
			if (isxdigit((unsigned char)seg[i]) || seg[i] == '-')
				hex++;
		}
		if (digits == n || (hex == n && n >= 8 && digits > 0))
			buf_addc(out, '?');
		else
			buf_add(out, seg, n);
	}
	if (out->len == 0)
		buf_addc(out, '/');
	if (*s == '?') {
		s++;
		buf_addc(out, '?');
		while (*s != '\0' && *s != '#') {
			while (*s != '\0' && *s != '=' && *s != '&' &&
			    *s != '#')
				buf_addc(out, *s++);
			if (*s == '=') {
				buf_adds(out, "=?");
				while (*s != '\0' && *s != '&' && *s != '#')
					s++;
			}
			if (*s == '&')
				buf_addc(out, *s++);
		}
	}
	buf_nul(out);
}

static int
starts_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (isspace((unsigned char)*s) || *s == '(')
		s++;
	return strncasecmp(s, w, n) == 0 && !is_word(s[n]);
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
static void
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
static int
has_placeholder(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			while (s[1] != '\0' && s[1] != '\'')
				s++;
			if (s[1] != '\0')
				s++;
		} else if (*s == '?' || (*s == '$' &&
		    isdigit((unsigned char)s[1]))) {
			return 1;
		}
	}
	return 0;
}

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

/* Reads one span into its trace, which it returns; NULL if skipped. */
static struct trace *
add_span(struct run *run, const struct rec *r, struct buf *tmp)
{
	const char *tid, *v, *stmt, *url, *method, *op;
	struct hmap_entry *e;
	struct trace *t;
	struct span *s;
	double d;
	pp_time pt;
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
	s = &t->s[t->n++];
	memset(s, 0, sizeof(*s));
	s->dur = d;
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
	op = a[A_OP];
	stmt = attr_any(a, A_STMT, 2);
	url = attr_any(a, A_URL, 3);
	method = attr_any(a, A_METHOD, 2);
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
	if (stmt != NULL) {
		s->kind = K_DB;
		sql_normalize(stmt, tmp);
		s->target = intern(tmp->p, tmp->len);
		s->call_o = arena_add(t, stmt);
		s->bound = has_placeholder(stmt);
		s->readonly = starts_word(stmt, "select");
		if ((v = a[A_ROWS]) != NULL &&
		    parse_double(v, &d) == 0)
			s->rows = d;
		if ((v = attr_any(a, A_PLAN, 2)) != NULL)
			s->full_scan = is_full_scan(v);
	} else if ((url != NULL || ((v = a[A_ROUTE]) != NULL &&
	    *v != '\0')) &&
	    (op == NULL || strstr(op, "server") == NULL)) {
		/* a call made; the server side of one is no call */
		s->kind = K_HTTP;
		if (url != NULL)
			url_normalize(url, tmp);
		else {
			tmp->len = 0;
			buf_adds(tmp, v);
		}
		buf_printf(&run->scratch, "%s %s", method != NULL ? method :
		    "GET", buf_nul(tmp));
		s->target = intern(run->scratch.p, run->scratch.len);
		run->scratch.len = 0;
		s->call_o = t->arena.len + 1;
		buf_printf(&t->arena, "%s %s", method != NULL ? method :
		    "GET", url != NULL ? url : s->target);
		buf_addc(&t->arena, '\0');
		s->readonly = method == NULL || strcasecmp(method, "GET") ==
		    0 || strcasecmp(method, "HEAD") == 0;
		/* a route template says nothing of the parameters */
		s->bound = url == NULL || strchr(url, '{') != NULL;
		if ((v = attr_any(a, A_SIZE, 2)) != NULL &&
		    parse_double(v, &d) == 0)
			s->bytes = d;
		if ((v = attr_any(a, A_DECODED, 2)) != NULL &&
		    parse_double(v, &d) == 0)
			s->decoded = d;
		if (isnan(s->bytes) || isnan(s->decoded))
			run->no_size++;
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

static struct finding *
finding_get(struct run *run, enum ftype type, const char *target,
    const char *detail, const struct trace *t)
{
	struct buf *key = &run->scratch;
	struct hmap_entry *e;
	struct finding *f;

	/* the scratch buffer, as add_span uses it: no allocation per event */
	key->len = 0;
	buf_printf(key, "%s\n%s", ftype_name[type], target);
	e = hmap_put(&run->findings, key->p, key->len);
	key->len = 0;
	if ((f = e->val) == NULL) {
		f = e->val = xcalloc(1, sizeof(*f));
		f->type = type;
		f->target = target;
		f->detail = detail;
		f->example = xstrdup(t->id);
	}
	f->occurrences++;
	if (f->last_trace != t) {
		f->last_trace = t;
		f->traces++;
	}
	return f;
}

static int
cmp_start(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;

	/* spans without a start last, so that the order is total */
	if (isnan(a->start) || isnan(b->start))
		return isnan(a->start) - isnan(b->start);
	return a->start < b->start ? -1 : a->start > b->start;
}

static int
cmp_target(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return cmp_start(x, y);
}

/*
 * Links each span to its parent: a parent that never appears makes the
 * span a root, and a cycle of parent links is broken (and reported) at
 * the span where it is found.
 */
static void
link_trace(struct run *run, struct trace *t)
{
	unsigned char *state;
	size_t i, j, k, size, *idx;
	int cycle;

	/* the spans by id: open addressing, index + 1 (the first wins) */
	for (size = 16; size < 2 * t->n; size *= 2)
		continue;
	idx = xcalloc(size, sizeof(*idx));
	for (i = 0; i < t->n; i++) {
		for (j = hash_bytes(t->s[i].id, strlen(t->s[i].id)) &
		    (size - 1); idx[j] != 0 && strcmp(t->s[idx[j] - 1].id,
		    t->s[i].id) != 0; j = (j + 1) & (size - 1))
			continue;
		if (idx[j] == 0)
			idx[j] = i + 1;
	}
	for (i = 0; i < t->n; i++) {
		t->s[i].up = SIZE_MAX;
		if (t->s[i].parent == NULL)
			continue;
		for (j = hash_bytes(t->s[i].parent, strlen(t->s[i].parent)) &
		    (size - 1); idx[j] != 0; j = (j + 1) & (size - 1))
			if (strcmp(t->s[idx[j] - 1].id, t->s[i].parent) == 0) {
				t->s[i].up = idx[j] - 1;
				break;
			}
	}
	free(idx);
	/* 0 unseen, 1 on the current path, 2 done */
	state = xcalloc(t->n, 1);
	for (i = 0; i < t->n; i++) {
		for (j = i; j != SIZE_MAX && state[j] == 0; j = t->s[j].up)
			state[j] = 1;
		/* the walk came back to a span of its own: a cycle */
		cycle = j != SIZE_MAX && state[j] == 1;
		for (k = i; k != SIZE_MAX && state[k] == 1; k = t->s[k].up)
			state[k] = 2;
		if (cycle) {
			pp_warn("trace %s: parent links form a cycle through "
			    "span %s; it is read as a root", t->id,
			    t->s[j].id);
			run->cycles++;
			t->s[j].up = SIZE_MAX;
		}
	}
	free(state);
}

static void
detect_children(struct run *run, const struct trace *t, struct span **c,
    size_t n, const struct span *parent)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	size_t i, j, k;
	double sum, longest, end;
	int differ;

	/* batching: one statement or route with other parameters, repeated */
	qsort(c, n, sizeof(*c), cmp_target);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && c[j]->target == c[i]->target; j++)
			continue;
		if (c[i]->target == NULL || (double)(j - i) <
		    l->batch_min_calls)
			continue;
		for (sum = 0, differ = 0, k = i; k < j; k++) {
			sum += c[k]->dur;
			if (c[k]->bound ||
			    strcmp(c[k]->call, c[i]->call) != 0)
				differ = 1;
		}
		/* the very same call repeated is caching or debouncing */
		if (!differ || sum < l->batch_min_total)
			continue;
		f = finding_get(run, F_BATCHING, c[i]->target,
		    parent != NULL ? parent->name : NULL, t);
		f->impact_s += sum - sum / (double)(j - i);
		f->impact_calls += (double)(j - i - 1);
	}
	/* parallelization: runs of sequential siblings, each long enough */
	qsort(c, n, sizeof(*c), cmp_start);
	for (i = 0; i < n; i = j) {
		if (isnan(c[i]->start) || c[i]->dur < l->parallel_min_span) {
			j = i + 1;
			continue;
		}
		end = c[i]->start + c[i]->dur;
		sum = longest = c[i]->dur;
		for (j = i + 1; j < n; j++) {
			if (isnan(c[j]->start) ||
			    c[j]->dur < l->parallel_min_span ||
			    c[j]->start < end - TIME_EPS ||
			    c[j]->start - end > l->parallel_max_gap + TIME_EPS ||
			    (c[j]->target != NULL &&
			    c[j]->target == c[j - 1]->target))
				break;
			end = c[j]->start + c[j]->dur;
			sum += c[j]->dur;
			longest = fmax(longest, c[j]->dur);
		}
		if (j - i < 2)
			continue;
		f = finding_get(run, F_PARALLEL, parent != NULL ?
		    parent->name : c[i]->name, NULL, t);
		f->impact_s += sum - longest;
	}
}

/* Connections to a host made again in a trace: all after the first. */
static void
detect_pooling(struct run *run, const struct trace *t)
{
	struct finding *f;
	struct hmap hosts;
	struct hmap_entry *e;
	size_t i, *cnt;

	hmap_init(&hosts);
	for (i = 0; i < t->n; i++) {
		if (t->s[i].kind != K_CONNECT || t->s[i].host == NULL)
			continue;
		e = hmap_put(&hosts, t->s[i].host, strlen(t->s[i].host));
		if (e->val == NULL)
			e->val = xcalloc(2, sizeof(size_t));
		++*(size_t *)e->val;
	}
	for (i = 0; i < t->n; i++) {
		const struct span *s = &t->s[i];

		if (s->kind != K_CONNECT || s->host == NULL)
			continue;
		cnt = hmap_get(&hosts, s->host, strlen(s->host))->val;
		/* cnt[1]: the connections seen so far */
		if ((double)cnt[0] < run->lim.pool_min_connects ||
		    cnt[1]++ == 0)
			continue;
		f = finding_get(run, F_POOLING, s->host, NULL, t);
		f->impact_s += s->dur;
		f->impact_calls += 1;
	}
	for (i = 0; i < hosts.n; i++)
		free(hosts.ent[i].val);
	hmap_free(&hosts);
}

static int
cmp_call(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;
	int d = strcmp(a->call, b->call);

	return d != 0 ? d : cmp_start(x, y);
}

static int
cmp_fn(const void *x, const void *y)
{
	const struct span *a = *(const struct span *const *)x;
	const struct span *b = *(const struct span *const *)y;
	int d;

	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	if ((d = strcmp(a->args, b->args)) != 0)
		return d;
	return cmp_start(x, y);
}

/*
 * Debouncing: bursts of the very same call, each within the window of
 * the one before.  Memoization: a function called again with the same
 * arguments in one trace.
 */
static void
detect_repeats(struct run *run, const struct trace *t, struct span **c)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	size_t i, j, k, n;
	double sum;

	for (n = 0, i = 0; i < t->n; i++)
		if (t->s[i].call != NULL && !t->s[i].bound &&
		    !isnan(t->s[i].start))
			c[n++] = &t->s[i];
	qsort(c, n, sizeof(*c), cmp_call);
	for (i = 0; i < n; i = j) {
		sum = c[i]->dur;
		for (j = i + 1; j < n && strcmp(c[j]->call, c[i]->call) ==
		    0 && c[j]->start - c[j - 1]->start <=
		    l->debounce_window + TIME_EPS; j++)
			sum += c[j]->dur;
		if ((double)(j - i) < l->debounce_min_calls || j - i < 2)
			continue;
		/* debounced, the last call of the burst is the one made */
		f = finding_get(run, F_DEBOUNCE, c[i]->target, NULL, t);
		f->window = l->debounce_window;
		f->impact_s += sum - c[j - 1]->dur;
		f->impact_calls += (double)(j - i - 1);
	}
	for (n = 0, i = 0; i < t->n; i++)
		if (t->s[i].fn != NULL && t->s[i].args != NULL)
			c[n++] = &t->s[i];
	qsort(c, n, sizeof(*c), cmp_fn);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && c[j]->fn == c[i]->fn &&
		    strcmp(c[j]->args, c[i]->args) == 0; j++)
			continue;
		if ((double)(j - i) < l->memo_min_calls || j - i < 2)
			continue;
		f = finding_get(run, F_MEMO, c[i]->fn, NULL, t);
		for (k = i + 1; k < j; k++)
			f->impact_s += c[k]->dur;
		f->impact_calls += (double)(j - i - 1);
	}
}

/*
 * Bounds the calls remembered for caching: when there are calls_cap,
 * those seen once are forgotten (a repeat farther apart than that many
 * other calls is not seen); if most were repeats the cap doubles.
 */
static struct callstat *
calls_slot(struct callstat *v, size_t size, unsigned long long h)
{
	size_t i;

	for (i = h & (size - 1); v[i].h != 0 && v[i].h != h;
	    i = (i + 1) & (size - 1))
		continue;
	return &v[i];
}

/* Moves the calls into a table of size slots, those seen once only if all. */
static void
calls_rehash(struct run *run, size_t size, int all)
{
	struct callstat *v = xcalloc(size, sizeof(*v));
	size_t i;

	run->ncalls = 0;
	for (i = 0; i < run->calls_size; i++) {
		struct callstat *cs = &run->calls[i];

		if (cs->h == 0)
			continue;
		if (all || cs->n >= 2) {
			*calls_slot(v, size, cs->h) = *cs;
			run->ncalls++;
		} else {
			free(cs->example);
		}
	}
	free(run->calls);
	run->calls = v;
	run->calls_size = size;
}

/* The call's entry, made if new. */
static struct callstat *
calls_get(struct run *run, const char *call)
{
	unsigned long long h = hash_bytes(call, strlen(call));
	struct callstat *cs;

	if (h == 0)
		h = 1;
	if (run->ncalls + 1 > run->calls_size / 2) {
		if (run->calls_size / 2 >= run->calls_cap) {
			calls_rehash(run, run->calls_size, 0);
			/* mostly repeats: room for more */
			if (run->ncalls > run->calls_size / 4)
				run->calls_cap *= 2;
		}
		if (run->ncalls + 1 > run->calls_size / 2)
			calls_rehash(run, run->calls_size ?
			    2 * run->calls_size : 1024, 1);
	}
	cs = calls_slot(run->calls, run->calls_size, h);
	if (cs->h == 0) {
		cs->h = h;
		run->ncalls++;
	}
	return cs;
}

static void
detect_trace(struct run *run, struct trace *t)
{
	const struct limits *l = &run->lim;
	struct span **c = xcalloc(t->n, sizeof(*c));
	size_t *first = xcalloc(t->n + 1, sizeof(*first));
	size_t *next = xcalloc(t->n, sizeof(*next));
	double lo = INFINITY, hi = -INFINITY, longest = 0;
	struct finding *f;
	struct callstat *cs;
	struct qstat *q;
	struct hmap_entry *e;
	size_t i, j, n;

	span_fix(t);
	link_trace(run, t);
	for (i = 0; i < t->n; i++) {
		struct span *s = &t->s[i];

		if (!isnan(s->start)) {
			lo = fmin(lo, s->start);
			hi = fmax(hi, s->start + s->dur);
		}
		longest = fmax(longest, s->dur);
		if (s->kind == K_DB) {
			e = hmap_put(&run->queries, s->target,
			    strlen(s->target));
			if ((q = e->val) == NULL) {
				q = e->val = xcalloc(1, sizeof(*q));
				q->example = xstrdup(t->id);
				q->select = s->readonly;
			}
			if (q->last_trace != t) {
				q->last_trace = t;
				q->traces++;
			}
			if (q->n == q->cap) {
				q->cap = q->cap ? 2 * q->cap : 8;
				q->d = xreallocarray(q->d, q->cap,
				    sizeof(*q->d));
				q->rows = xreallocarray(q->rows, q->cap,
				    sizeof(*q->rows));
			}
			q->rows[q->n] = s->rows;
			q->d[q->n++] = s->dur;
			q->full_scans += (size_t)s->full_scan;
		}
		if (s->call != NULL && s->readonly && !s->bound) {
			cs = calls_get(run, s->call);
			if (cs->n == 0) {
				cs->target = s->target;
				cs->first = s->dur;
			}
			if (cs->n == 1)
				cs->example = xstrdup(t->id);
			cs->n++;
			cs->total += s->dur;
			if (cs->last_trace != t) {
				cs->last_trace = t;
				cs->traces++;
			}
		}
		if (s->kind == K_HTTP && !isnan(s->bytes) &&
		    !isnan(s->decoded) && s->bytes >= l->compress_min_size &&
		    s->bytes == s->decoded) {
			f = finding_get(run, F_COMPRESSION, s->target, NULL,
			    t);
			f->impact_bytes += s->bytes * (1 - l->compress_ratio);
			f->impact_s += s->dur * (1 - l->compress_ratio);
		}
	}
	/* from the first start to the last end, and no less than a span */
	run->total_time += fmax(hi > lo ? hi - lo : 0, longest);
	/* children lists, by parent (index n: the roots) */
	for (i = 0; i <= t->n; i++)
		first[i] = SIZE_MAX;
	for (i = t->n; i-- > 0;) {
		size_t p = t->s[i].up == SIZE_MAX ? t->n : t->s[i].up;

		next[i] = first[p];
		first[p] = i;
	}
	for (i = 0; i <= t->n; i++) {
		for (n = 0, j = first[i]; j != SIZE_MAX; j = next[j])
			c[n++] = &t->s[j];
		if (i < t->n)
			t->s[i].leaf = n == 0;
		if (n >= 2)
			detect_children(run, t, c, n,
			    i < t->n ? &t->s[i] : NULL);
	}
	/* lazy loading: a leaf that loads early, and that nothing reads */
	for (i = 0; i < t->n && hi > lo; i++) {
		const struct span *s = &t->s[i];

		if (!s->load || !s->leaf || s->up == SIZE_MAX ||
		    isnan(s->start) || s->dur < l->lazy_min_duration ||
		    s->start > lo + l->lazy_start * (hi - lo))
			continue;
		f = finding_get(run, F_LAZY, s->name, NULL, t);
		f->impact_s += s->dur;
		if (!isnan(s->memory))
			f->impact_bytes += s->memory;
	}
	detect_repeats(run, t, c);
	detect_pooling(run, t);
	free(c);
	free(first);
	free(next);
}

/* The median of the known values of v, NAN if none. */
static double
known_median(double *v, size_t n)
{
	size_t i, k;

	for (i = 0, k = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	return k > 0 ? stat_median(v, k) : NAN;
}

/* Calls repeated with the same parameters, and slow statements. */
static void
detect_totals(struct run *run)
{
	const struct limits *l = &run->lim;
	struct finding *f;
	struct trace t0;
	size_t i, j;
	double med, p95, over, rows;
	enum ftype type;

	memset(&t0, 0, sizeof(t0));
	for (i = 0; i < run->calls_size; i++) {
		struct callstat *cs = &run->calls[i];

		if (cs->h == 0)
			continue;
		if ((double)cs->n >= l->cache_min_calls && cs->n >= 2) {
			t0.id = cs->example;
			f = finding_get(run, F_CACHING, cs->target, NULL, &t0);
			f->occurrences += cs->n - 1;
			f->impact_s += cs->total - cs->first;
			f->impact_calls += (double)(cs->n - 1);
			/* the traces of its most widespread parameters */
			f->last_trace = &t0;
			f->traces = cs->traces > f->traces ? cs->traces :
			    f->traces;
		}
		free(cs->example);
	}
	free(run->calls);
	run->calls = NULL;
	run->ncalls = run->calls_size = 0;
	for (i = 0; i < run->queries.n; i++) {
		struct qstat *q = run->queries.ent[i].val;
		const char *target = run->queries.ent[i].key;

		stat_sort(q->d, q->n);
		p95 = stat_quantile_sorted(q->d, q->n, 0.95);
		rows = known_median(q->rows, q->n);
		/* a SELECT with a WHERE that reads much for little */
		if (q->select && strstr(target, " WHERE ") != NULL &&
		    p95 >= l->index_slow_p95 && (q->full_scans > 0 ||
		    (!isnan(rows) && rows <= l->index_max_rows)))
			type = F_INDEX;
		else if (p95 >= l->query_slow_p95)
			type = F_QUERY;
		else
			type = F_NTYPES;
		if (type != F_NTYPES) {
			med = stat_quantile_sorted(q->d, q->n, 0.5);
			for (over = 0, j = 0; j < q->n; j++)
				over += fmax(0, q->d[j] - med);
			t0.id = q->example;
			f = finding_get(run, type, interns(target), NULL,
			    &t0);
			f->occurrences = q->n;
			f->traces = q->traces;
			f->impact_s = over;
			f->p95 = p95;
			f->median = med;
			f->rows = rows;
			f->full_scans = q->full_scans;
		}
		free(q->d);
		free(q->rows);
		free(q->example);
		free(q);
	}
}

static const char *
confidence(const struct finding *f)
{
	if (f->traces >= 10 || f->occurrences >= 30)
		return "high";
	if (f->traces >= 3 || f->occurrences >= 5)
		return "medium";
	return "low";
}

static void
suggestion(const struct finding *f, struct buf *b)
{
	char n1[32], n2[32];

	b->len = 0;
	switch (f->type) {
	case F_BATCHING:
		buf_printf(b, "Fetch the rows of '%s' in one call (an IN list, "
		    "a join or a batch request) instead of one call per row%s%s%s",
		    f->target, f->detail != NULL ? " under '" : "",
		    f->detail != NULL ? f->detail : "",
		    f->detail != NULL ? "'" : "");
		break;
	case F_PARALLEL:
		buf_printf(b, "Run the sequential calls under '%s' "
		    "concurrently: they do not overlap and none waits on "
		    "another's result in the trace", f->target);
		break;
	case F_CACHING:
		buf_printf(b, "Cache the result of '%s': the same call with "
		    "the same parameters ran again %s times", f->target,
		    fmt_num(f->impact_calls, n1));
		break;
	case F_POOLING:
		buf_printf(b, "Reuse connections to %s (a connection pool or "
		    "keep-alive): it was connected to again %s times",
		    f->target, fmt_num(f->impact_calls, n1));
		break;
	case F_QUERY:
		buf_printf(b, "Examine the plan of '%s': p95 %s s against a "
		    "median of %s s", f->target, fmt_num(f->p95, n1),
		    fmt_num(f->median, n2));
		break;
	case F_COMPRESSION:
		buf_printf(b, "Compress the responses of '%s' (gzip or br): "
		    "they are sent as large as they are", f->target);
		break;
	case F_MEMO:
		buf_printf(b, "Memoize %s: within a trace it ran again with "
		    "the same arguments, %s times in %zu traces", f->target,
		    fmt_num(f->impact_calls, n1), f->traces);
		break;
	case F_DEBOUNCE:
		buf_printf(b, "Debounce '%s': it was made in bursts, each "
		    "call within %s ms of the one before; one call per burst "
		    "saves %s calls", f->target,
		    fmt_num(f->window * 1000, n1),
		    fmt_num(f->impact_calls, n2));
		break;
	case F_INDEX:
		if (f->full_scans > 0)
			buf_printf(b, "Add an index for the WHERE of '%s': "
			    "its plan scans the whole table (%zu of %zu "
			    "calls)", f->target, f->full_scans,
			    f->occurrences);
		else
			buf_printf(b, "Add an index for the WHERE of '%s': "
			    "p95 %s s to return a median of %s rows",
			    f->target, fmt_num(f->p95, n1),
			    fmt_num(f->rows, n2));
		break;
	case F_LAZY:
		buf_printf(b, "Defer '%s' until its result is first needed: "
		    "it runs at the start of the trace and no span under it "
		    "reads it", f->target);
		break;
	case F_NTYPES:
		break;
	}
	buf_nul(b);
}

static int
cmp_finding(const void *x, const void *y)
{
	const struct finding *a = *(const struct finding *const *)x;
	const struct finding *b = *(const struct finding *const *)y;

	if (a->impact_s != b->impact_s)
		return a->impact_s > b->impact_s ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return strcmp(a->target, b->target);
}

static const char *const ftype_title[F_NTYPES] = {
	"N+1 calls to batch", "sequential calls to parallelise",
	"repeated calls to cache", "repeated function calls to memoize",
	"bursts of calls to debounce", "connections to pool",
	"slow query", "query without a usable index",
	"uncompressed responses", "work at start to load lazily"
};

/* The stable id of a finding: FNV-1a of its type and target. */
static void
finding_id(enum ftype type, const char *target, char id[17])
{
	struct buf key = BUF_INIT;

	buf_printf(&key, "%s\n%s", ftype_name[type], target);
	hash_id(key.p, key.len, id);
	buf_free(&key);
}

/* --- the state of findings across runs ------------------------------- */

/* A finding of the state file. */
struct sentry {
	char		*type, *target, *status, *first, *last;
	int		 seen;
};

static const char *n_id, *n_type, *n_target, *n_status, *n_first, *n_last;

static const char *
rec_str(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name);

	return v != NULL ? v : "";
}

static void
sentry_free(struct sentry *e)
{
	if (e == NULL)
		return;
	free(e->type);
	free(e->target);
	free(e->status);
	free(e->first);
	free(e->last);
	free(e);
}

/* Reads the state file (which may be empty) into id -> sentry. */
static void
state_load(const char *path, struct hmap *st)
{
	char *paths[1];
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct sentry *e;
	struct hmap_entry *h;
	const char *id;

	n_id = interns("id");
	n_type = interns("type");
	n_target = interns("target");
	n_status = interns("status");
	n_first = interns("first_seen");
	n_last = interns("last_seen");
	memset(&ro, 0, sizeof(ro));
	ro.fmt = FMT_CSV;
	paths[0] = (char *)path;
	rd = rd_open(paths, 1, &ro);
	/* anything but a state file is left as it is: exit 3 */
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL)
			pp_die(PP_EXIT_DATA, "%s:%lu: %s: not a state file of "
			    "pp-optimize; it is left as it is", path, r->line,
			    r->bad);
		if ((id = rec_get(r, n_id)) == NULL || *id == '\0' ||
		    rec_get(r, n_status) == NULL)
			pp_die(PP_EXIT_DATA, "%s:%lu: no id or status: not a "
			    "state file of pp-optimize; it is left as it is",
			    path, r->line);
		h = hmap_put(st, id, strlen(id));
		/* an id twice: the last wins */
		sentry_free(h->val);
		e = xcalloc(1, sizeof(*e));
		e->type = xstrdup(rec_str(r, n_type));
		e->target = xstrdup(rec_str(r, n_target));
		e->status = xstrdup(rec_str(r, n_status));
		e->first = xstrdup(rec_str(r, n_first));
		e->last = xstrdup(rec_str(r, n_last));
		h->val = e;
	}
	rd_close(rd);
}

static void
state_save(const char *path, const struct hmap *st)
{
	struct buf out = BUF_INIT;
	struct rec r;
	size_t i;

	rec_init(&r);
	for (i = 0; i < st->n; i++) {
		const struct sentry *e = st->ent[i].val;

		rec_clear(&r);
		rec_set(&r, n_id, st->ent[i].key);
		rec_set(&r, n_type, e->type);
		rec_set(&r, n_target, e->target);
		rec_set(&r, n_status, e->status);
		rec_set(&r, n_first, e->first);
		rec_set(&r, n_last, e->last);
		if (i == 0)
			wr_format_header(FMT_CSV, &r, &out);
		wr_format_record(FMT_CSV, &r, &out);
	}
	statefile_replace(path, &out);
	rec_free(&r);
	buf_free(&out);
}

static void
state_free(struct hmap *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		sentry_free(st->ent[i].val);
	hmap_free(st);
}

static void
set_str(char **p, const char *v)
{
	free(*p);
	*p = xstrdup(v);
}

/*
 * The status of a finding seen now: new the first time, applied and
 * rejected as the user said, open otherwise.
 */
static const char *
state_see(struct hmap *st, const char *id, const struct finding *f,
    const char *now)
{
	struct hmap_entry *h = hmap_put(st, id, strlen(id));
	struct sentry *e = h->val;

	if (e == NULL) {
		e = h->val = xcalloc(1, sizeof(*e));
		e->type = xstrdup(ftype_name[f->type]);
		e->target = xstrdup(f->target);
		e->status = xstrdup("new");
		e->first = xstrdup(now);
		e->last = xstrdup(now);
		e->seen = 1;
		return e->status;
	}
	if (strcmp(e->status, "applied") != 0 &&
	    strcmp(e->status, "rejected") != 0)
		set_str(&e->status, "open");
	set_str(&e->last, now);
	e->seen = 1;
	return e->status;
}

/* --- output ----------------------------------------------------------- */

static void
report(struct run *run, int fmt, struct hmap *st)
{
	struct finding **fs = xcalloc(run->findings.n + 1, sizeof(*fs));
	struct wr *w = wr_open(stdout, "standard output", fmt);
	struct buf b = BUF_INIT;
	struct rec r;
	char num[32], id[17], now[PP_TIME_LEN];
	size_t i;

	time_format(time_now(), now);
	for (i = 0; i < run->findings.n; i++)
		fs[i] = run->findings.ent[i].val;
	qsort(fs, run->findings.n, sizeof(*fs), cmp_finding);
	rec_init(&r);
	for (i = 0; i < run->findings.n; i++) {
		const struct finding *f = fs[i];

		finding_id(f->type, f->target, id);
		rec_clear(&r);
		rec_put(&r, "id", id);
		rec_put(&r, "type", ftype_name[f->type]);
		rec_put(&r, "title", ftype_title[f->type]);
		rec_put(&r, "target", f->target);
		snprintf(num, sizeof(num), "%zu", f->occurrences);
		rec_put(&r, "occurrences", num);
		snprintf(num, sizeof(num), "%zu", f->traces);
		rec_put(&r, "traces", num);
		rec_put(&r, "example_trace_id", f->example);
		rec_put_num(&r, "impact_s", f->impact_s);
		rec_put_num(&r, "impact_pct", run->total_time > 0 ?
		    f->impact_s / run->total_time * 100 : NAN);
		rec_put_num(&r, "impact_calls", f->impact_calls);
		rec_put_num(&r, "impact_bytes", f->impact_bytes);
		rec_put(&r, "difficulty", ftype_difficulty[f->type]);
		rec_put(&r, "confidence", confidence(f));
		suggestion(f, &b);
		rec_put(&r, "suggestion", b.p);
		if (st != NULL)
			rec_put(&r, "status", state_see(st, id, f,
			    now));
		wr_record(w, &r);
	}
	/* findings of the state no longer seen: resolved now */
	for (i = 0; st != NULL && i < st->n; i++) {
		struct sentry *e = st->ent[i].val;
		size_t k;

		if (e->seen || strcmp(e->status, "resolved") == 0)
			continue;
		set_str(&e->status, "resolved");
		rec_clear(&r);
		rec_put(&r, "id", st->ent[i].key);
		rec_put(&r, "type", e->type);
		for (k = 0; k < F_NTYPES; k++)
			if (strcmp(e->type, ftype_name[k]) == 0)
				break;
		rec_put(&r, "title", k < F_NTYPES ?
		    ftype_title[k] : "");
		rec_put(&r, "target", e->target);
		rec_put(&r, "occurrences", "0");
		rec_put(&r, "traces", "0");
		rec_put(&r, "example_trace_id", "");
		rec_put(&r, "impact_s", "0");
		rec_put(&r, "impact_pct", "0");
		rec_put(&r, "impact_calls", "0");
		rec_put(&r, "impact_bytes", "0");
		rec_put(&r, "difficulty", k < F_NTYPES ?
		    ftype_difficulty[k] : "");
		rec_put(&r, "confidence", "");
		rec_put(&r, "suggestion", "");
		rec_put(&r, "status", "resolved");
		wr_record(w, &r);
	}
	wr_close(w);
	rec_free(&r);
	buf_free(&b);
	free(fs);
}

/* --- reading and freeing a run ---------------------------------------- */

static void
run_init(struct run *run, const struct run *like)
{
	if (like != NULL) {
		run->c = like->c;
		run->lim = like->lim;
		run->otlp = like->otlp;
	}
	hmap_init(&run->traces);
	hmap_init(&run->findings);
	hmap_init(&run->queries);
	/* calls seen once are forgotten beyond this many */
	run->calls_cap = 1 << 14;
}

static void
spans_free(struct trace *t)
{
	t->n = 0;
	t->arena.len = 0;
}

/* Analyses a trace; its spans are kept only for verify. */
static void
trace_done(struct run *run, struct trace *t)
{
	detect_trace(run, t);
	t->done = 1;
	if (!run->keep) {
		spans_free(t);
		free(t->s);
		t->s = NULL;
		t->cap = 0;
		buf_free(&t->arena);
	}
}

/*
 * Reads the spans of files and finds what they show; the format read.
 * Each trace is analysed when a span of another follows it, so that
 * memory holds one trace at a time, unless the run keeps every span.
 */
struct reading {
	struct run	*run;
	struct trace	*cur;
	struct buf	 tmp;
};

static void
take_span(struct rec *r, void *arg)
{
	struct reading *rg = arg;
	struct trace *t;

	if (r->bad != NULL) {
		pp_badrec(r->file, r->line, "%s", r->bad);
		return;
	}
	t = add_span(rg->run, r, &rg->tmp);
	/* a trace is analysed when the next begins */
	if (t != NULL && rg->cur != NULL && t != rg->cur && !rg->run->keep)
		trace_done(rg->run, rg->cur);
	if (t != NULL)
		rg->cur = t;
}

static int
run_read(struct run *run, char **files, size_t nfiles)
{
	struct reading rg = { run, NULL, BUF_INIT };
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct trace *t;
	size_t i;
	int fmt;

	if (run->otlp) {
		otlp_read(files, nfiles, take_span, &rg);
		fmt = FMT_JSON;
	} else {
		pp_common_rdopts(&run->c, &ro);
		rd = rd_open(files, nfiles, &ro);
		while ((r = rd_next(rd)) != NULL)
			take_span(r, &rg);
		fmt = rd_format(rd);
		rd_close(rd);
	}
	buf_free(&rg.tmp);
	for (i = 0; i < run->traces.n; i++) {
		t = run->traces.ent[i].val;
		if (!t->done)
			trace_done(run, t);
	}
	detect_totals(run);
	return fmt;
}

static void
run_notes(const struct run *run)
{
	if (run->no_target > 0)
		pp_warn("%zu database or HTTP spans had no statement, URL or "
		    "route (db.query.text, db.statement, url.full, http.url, "
		    "http.route): left out of the findings on calls", run->no_target);
	if (run->no_args > 0)
		pp_warn("%zu function spans had no arguments "
		    "(code.function.args or args): left out of memoization",
		    run->no_args);
	if (run->no_size > 0)
		pp_warn("%zu HTTP spans had no encoded and decoded body sizes "
		    "(http.response.body.size and "
		    "http.response_content_length_uncompressed): left out of "
		    "compression", run->no_size);
}

static void
run_free(struct run *run)
{
	size_t i;

	for (i = 0; i < run->findings.n; i++) {
		struct finding *f = run->findings.ent[i].val;

		free(f->example);
		free(f);
	}
	for (i = 0; i < run->traces.n; i++) {
		struct trace *t = run->traces.ent[i].val;

		spans_free(t);
		free(t->s);
		buf_free(&t->arena);
		free(t->id);
		free(t);
	}
	hmap_free(&run->traces);
	hmap_free(&run->findings);
	hmap_free(&run->queries);
	buf_free(&run->scratch);
}

/* --- verify ------------------------------------------------------------ */

/* The root of a trace: its longest span without a parent. */
static const struct span *
trace_root(const struct trace *t)
{
	const struct span *root = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->s[i].up == SIZE_MAX && (root == NULL ||
		    t->s[i].dur > root->dur))
			root = &t->s[i];
	return root;
}

/*
 * The time a trace spends on a finding's target: for batching and
 * parallelization the parent's duration (the change shortens it), for
 * the others the sum of the target's spans.  -1 if none is in it.
 */
static double
target_time(const struct trace *t, const struct finding *f)
{
	const struct span *s;
	double sum = 0;
	size_t i, n = 0;
	int hit;

	for (i = 0; i < t->n; i++) {
		s = &t->s[i];
		switch (f->type) {
		case F_BATCHING:
			hit = f->detail != NULL ? s->name == f->detail :
			    s->up == SIZE_MAX;
			break;
		case F_PARALLEL:
		case F_LAZY:
			hit = s->name == f->target;
			break;
		case F_MEMO:
			hit = s->fn == f->target;
			break;
		case F_POOLING:
			hit = s->kind == K_CONNECT && s->host == f->target;
			break;
		default:
			hit = s->target == f->target;
			break;
		}
		if (hit) {
			sum += s->dur;
			n++;
		}
	}
	return n > 0 ? sum : -1;
}

/*
 * The per-trace times of a target over the traces that have it, and
 * over those whose root is one of roots (those of the traces before
 * that had it), which count 0 if it is gone from them.
 */
static double *
target_times(const struct run *run, const struct finding *f,
    struct hmap *roots, int add_roots, size_t *n)
{
	double *v = xcalloc(run->traces.n + 1, sizeof(*v)), x;
	const struct span *root;
	size_t i;

	*n = 0;
	for (i = 0; i < run->traces.n; i++) {
		const struct trace *t = run->traces.ent[i].val;

		x = target_time(t, f);
		root = trace_root(t);
		if (x >= 0) {
			v[(*n)++] = x;
			if (add_roots && root != NULL)
				hmap_put(roots, root->name,
				    strlen(root->name));
		} else if (!add_roots && root != NULL && hmap_get(roots,
		    root->name, strlen(root->name)) != NULL) {
			v[(*n)++] = 0;
		}
	}
	return v;
}

static int
verify(struct run *before, const char *id, char *after_path, double alpha,
    int fmt)
{
	struct run after;
	struct finding *f = NULL;
	struct hmap roots;
	struct wr *w;
	struct rec r;
	double *b, *a, p, w_stat, mb, ma, diff, lo, hi, est;
	char num[32], fid[17];
	size_t nb, na, i;
	const char *decision;

	for (i = 0; i < before->findings.n; i++) {
		struct finding *g = before->findings.ent[i].val;

		finding_id(g->type, g->target, fid);
		if (strcmp(fid, id) == 0)
			f = g;
	}
	if (f == NULL)
		pp_die(PP_EXIT_DATA, "verify: no finding %s in the spans "
		    "before: run pp-optimize on them to list the ids", id);
	memset(&after, 0, sizeof(after));
	run_init(&after, before);
	after.keep = 1;
	run_read(&after, &after_path, 1);

	hmap_init(&roots);
	b = target_times(before, f, &roots, 1, &nb);
	a = target_times(&after, f, &roots, 0, &na);
	hmap_free(&roots);
	if (na < 2 || nb < 2)
		pp_die(PP_EXIT_DATA, "verify: %zu traces before and %zu after "
		    "have the finding's target '%s': at least 2 each are "
		    "needed", nb, na, f->target);
	stat_sort(b, nb);
	stat_sort(a, na);
	if (nb <= 50 && na <= 50)
		p = mann_whitney_exact_ties(b, nb, a, na, &w_stat);
	else
		p = mann_whitney_sorted(b, nb, a, na, &w_stat);
	mb = stat_quantile_sorted(b, nb, 0.5);
	ma = stat_quantile_sorted(a, na, 0.5);
	/* the difference of medians, as pp-abtest gives it */
	median_diff_ci(b, nb, a, na, 1 - alpha, &diff, &lo, &hi);
	est = f->impact_s / (double)nb;
	decision = p < alpha && diff < 0 ? "keep" : "rollback";

	rec_init(&r);
	rec_put(&r, "id", id);
	rec_put(&r, "type", ftype_name[f->type]);
	rec_put(&r, "target", f->target);
	snprintf(num, sizeof(num), "%zu", nb);
	rec_put(&r, "traces_before", num);
	snprintf(num, sizeof(num), "%zu", na);
	rec_put(&r, "traces_after", num);
	rec_put_num(&r, "median_before_s", mb);
	rec_put_num(&r, "median_after_s", ma);
	rec_put_num(&r, "diff_s", diff);
	rec_put_num(&r, "diff_lo_s", lo);
	rec_put_num(&r, "diff_hi_s", hi);
	rec_put_num(&r, "p_value", p);
	rec_put_num(&r, "estimated_s", est);
	rec_put_num(&r, "measured_s", -diff);
	rec_put(&r, "decision", decision);
	w = wr_open(stdout, "standard output", fmt);
	wr_record(w, &r);
	wr_close(w);
	rec_free(&r);
	if (strcmp(decision, "rollback") == 0)
		pp_warn("rollback: %s", diff >= 0 ? "the target takes no "
		    "less time after the change" : "the gain is not "
		    "significant");
	free(a);
	free(b);
	run_notes(&after);
	run_free(&after);
	return strcmp(decision, "keep") == 0 ? PP_EXIT_OK : PP_EXIT_FAIL;
}

/* --- main -------------------------------------------------------------- */

static int
set_status(const char *state, char **args, size_t nargs)
{
	struct hmap st;
	struct hmap_entry *h;
	int fd;

	if (state == NULL)
		pp_usage_error("status: give the state file with --state");
	if (nargs != 2)
		pp_usage_error("status: give a finding's id and one of "
		    "applied, rejected or open");
	if (strcmp(args[1], "applied") != 0 &&
	    strcmp(args[1], "rejected") != 0 && strcmp(args[1], "open") != 0)
		pp_usage_error("status: '%s' is not applied, rejected or "
		    "open", args[1]);
	if ((fd = open_locked(state, O_RDWR)) < 0 && errno == ENOENT)
		pp_die(PP_EXIT_DATA, "status: %s does not exist: a run with "
		    "--state %s makes it", state, state);
	if (fd < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", state);
	hmap_init(&st);
	state_load(state, &st);
	if ((h = hmap_get(&st, args[0], strlen(args[0]))) == NULL)
		pp_die(PP_EXIT_DATA, "status: no finding %s in %s", args[0],
		    state);
	set_str(&((struct sentry *)h->val)->status, args[1]);
	state_save(state, &st);
	state_free(&st);
	close(fd);
	return PP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct run run;
	struct hmap st;
	const char *state = NULL;
	char *before = NULL, *after = NULL;
	char **files;
	size_t nfiles;
	double alpha = 0.05;
	int ch, fmt, status, fd = -1;

	pp_setprog(argv[0]);
	memset(&run, 0, sizeof(run));
	pp_common_init(&run.c);
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&run.c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_STATE:
			state = optarg;
			break;
		case OPT_OTLP:
			run.otlp = 1;
			break;
		case OPT_BEFORE:
			before = optarg;
			break;
		case OPT_AFTER:
			after = optarg;
			break;
		case OPT_ALPHA:
			if (parse_double(optarg, &alpha) != 0 || alpha <= 0 ||
			    alpha >= 0.5)
				pp_usage_error("--alpha: '%s' is not a level "
				    "above 0 and below 0.5", optarg);
			break;
		default:
			pp_usage_try();
		}
	}
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	if (nfiles > 0 && strcmp(files[0], "status") == 0)
		return pp_close_stdout(set_status(state, files + 1,
		    nfiles - 1));
	if (nfiles > 0 && strcmp(files[0], "verify") == 0) {
		if (nfiles != 2 || before == NULL || after == NULL)
			pp_usage_error("verify: give a finding's id, "
			    "--before FILE and --after FILE");
	} else if (before != NULL || after != NULL) {
		pp_usage_error("--before and --after go with verify");
	}
	word_init();
	load_limits(run.c.config, &run.lim);
	run_init(&run, NULL);
	if (nfiles > 0 && strcmp(files[0], "verify") == 0) {
		run.keep = 1;
		fmt = run_read(&run, &before, 1);
		fmt = pp_output_format(&run.c, 1, fmt);
		status = verify(&run, files[1], after, alpha, fmt);
		run_notes(&run);
		pp_badrec_finish();
		run_free(&run);
		pp_common_free(&run.c);
		return pp_close_stdout(status);
	}

	fmt = run_read(&run, files, nfiles);
	fmt = pp_output_format(&run.c, 1, fmt);
	if (state != NULL) {
		/* under its lock from reading to replacing */
		fd = statefile_lock(state);
		hmap_init(&st);
		state_load(state, &st);
	}
	report(&run, fmt, state != NULL ? &st : NULL);
	if (state != NULL) {
		state_save(state, &st);
		state_free(&st);
		close(fd);
	}
	run_notes(&run);
	pp_badrec_finish();
	run_free(&run);
	pp_common_free(&run.c);
	return pp_close_stdout(PP_EXIT_OK);
}
