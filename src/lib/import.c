/*
 * The frame of the importers (import.h): the table, the records made,
 * and JSON values read across lines with json-c's incremental parser, so
 * that a pretty-printed document and one value a line read alike.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "jsonrec.h"
#include "units.h"

/* A JSON value may hold at most this much text, and nest this deep. */
#define JSON_MAX_BYTES	((size_t)256 * 1024 * 1024)
#define JSON_MAX_DEPTH	64

extern const struct importer import_hyperfine, import_hyperfine_csv;
extern const struct importer import_gobench, import_gbench;
extern const struct importer import_prometheus, import_openmetrics;
extern const struct importer import_perf;
extern const struct importer import_pytest_benchmark, import_k6,
    import_otlp_metrics;

const struct importer *const importers[] = {
	&import_hyperfine,
	&import_hyperfine_csv,
	&import_gobench,
	&import_gbench,
	&import_prometheus,
	&import_openmetrics,
	&import_perf,
	&import_pytest_benchmark,
	&import_k6,
	&import_otlp_metrics,
	NULL
};

struct imp {
	const struct importer *fmt;
	const char	*file;
	char		 ts[PP_TIME_LEN];
	unsigned long	 lineno;	/* of the line or value being read */
	void		*state;
	/*
	 * The records made, q[pos, n) not yet taken; each allocated once,
	 * for a record's bad points into the record itself.
	 */
	struct rec	**q;
	size_t		 n, pos, cap;
	/* JSON: the value being read. */
	struct json_tokener *tok;
	int		 in_value;	/* part of a value has been read */
	int		 skip_rest;	/* after an error in a value of lines */
	int		 value_nul;	/* the value holds \u0000 */
	size_t		 value_bytes;
	unsigned long	 value_line;	/* where the value starts */
	int		 sniffed;	/* import_json_doc asked the first value */
	/*
	 * An array document's elements become records one at a time, as
	 * they are taken: a record each at once would hold far more than
	 * the document.
	 */
	struct json_object *arr;
	size_t		 arr_i;
	unsigned long	 arr_line;
	struct buf	 key;
};

const struct importer *
import_find(const char *name)
{
	size_t i;

	for (i = 0; importers[i] != NULL; i++)
		if (strcmp(importers[i]->name, name) == 0)
			return importers[i];
	return NULL;
}

const struct importer *
import_sniff_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; importers[i] != NULL; i++)
		if (importers[i]->sniff_line != NULL &&
		    importers[i]->sniff_line(s, n))
			return importers[i];
	return NULL;
}

const struct importer *
import_sniff_json(struct json_object *o)
{
	size_t i;

	for (i = 0; importers[i] != NULL; i++)
		if (importers[i]->sniff_json != NULL &&
		    importers[i]->sniff_json(o))
			return importers[i];
	return NULL;
}

struct imp *
imp_open(const struct importer *fmt, const char *file, pp_time t)
{
	struct imp *m = xcalloc(1, sizeof(*m));

	m->fmt = fmt;
	m->file = file;
	time_format(t, m->ts);
	if (fmt->json != NULL) {
		if ((m->tok = json_tokener_new_ex(JSON_MAX_DEPTH)) == NULL)
			pp_die(PP_EXIT_SYS, "out of memory");
		json_tokener_set_flags(m->tok, JSON_TOKENER_STRICT);
	}
	return m;
}

void
imp_close(struct imp *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->fmt->end != NULL)
		m->fmt->end(m);
	json_object_put(m->arr);
	for (i = 0; i < m->cap; i++) {
		rec_free(m->q[i]);
		free(m->q[i]);
	}
	free(m->q);
	if (m->tok != NULL)
		json_tokener_free(m->tok);
	buf_free(&m->key);
	free(m);
}

unsigned long
imp_lineno(const struct imp *m)
{
	return m->lineno;
}

const char *
imp_time(const struct imp *m)
{
	return m->ts;
}

void **
imp_state(struct imp *m)
{
	return &m->state;
}

static void	 doc_element(struct imp *);

struct rec *
imp_next(struct imp *m)
{
	if (m->pos < m->n)
		return m->q[m->pos++];
	m->n = m->pos = 0;
	if (m->arr != NULL) {
		if (m->arr_i < json_object_array_length(m->arr)) {
			doc_element(m);
			return m->q[m->pos++];
		}
		json_object_put(m->arr);
		m->arr = NULL;
	}
	return NULL;
}

/* A new empty record at the end of the queue. */
static struct rec *
imp_rec(struct imp *m)
{
	struct rec *r;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->q = xreallocarray(m->q, m->cap, sizeof(*m->q));
		for (size_t i = m->n; i < m->cap; i++) {
			m->q[i] = xmalloc(sizeof(*m->q[i]));
			rec_init(m->q[i]);
		}
	}
	r = m->q[m->n++];
	rec_clear(r);
	r->file = m->file;
	r->line = m->lineno;
	return r;
}

struct rec *
imp_metric(struct imp *m, const char *ts, const char *metric,
    const char *value, const char *unit)
{
	static const char *n_ts, *n_metric, *n_value, *n_unit;
	struct rec *r = imp_rec(m);

	if (n_ts == NULL) {
		n_ts = interns("ts");
		n_metric = interns("metric");
		n_value = interns("value");
		n_unit = interns("unit");
	}
	ts = ts != NULL ? ts : m->ts;
	rec_add(r, n_ts, ts, strlen(ts), 0);
	rec_add(r, n_metric, metric, strlen(metric), 0);
	rec_add(r, n_value, value, strlen(value), 0);
	if (unit != NULL)
		rec_add(r, n_unit, unit, strlen(unit), 0);
	return r;
}

struct rec *
imp_metric_num(struct imp *m, const char *ts, const char *metric,
    double value, const char *unit)
{
	char b[32];

	return imp_metric(m, ts, metric, fmt_double(value, b), unit);
}

void
imp_label(struct rec *r, const char *name, const char *value, size_t n)
{
	const char *in = interns(name);
	char b[256];

	if (rec_find(r, in) >= 0) {
		/* As Prometheus does when a label clashes with its own. */
		snprintf(b, sizeof(b), "exported_%s", name);
		if (rec_find(r, in = interns(b)) >= 0)
			return;
	}
	rec_add(r, in, value, n, 0);
}

void
imp_bad(struct imp *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rec_vsetbad(imp_rec(m), fmt, ap);
	va_end(ap);
}

void
imp_bad_line(struct imp *m, int *seen, const char *kind, const char *what,
    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (*seen)
		imp_bad(m, "%s %s", kind, msg);
	else
		imp_bad(m, "not %s: %s", what, msg);
	*seen = 1;
}

struct rec *
imp_object(struct imp *m, struct json_object *o)
{
	struct rec *r = imp_rec(m);
	const char *s;
	long d;
	int found;

	found = json_to_rec(r, o, &m->key);
	if ((found & JF_BIGINT) && r->bad == NULL)
		rec_setbad(r, "integer out of the 64-bit range");
	if ((found & JF_NESTED) && r->bad == NULL &&
	    (d = names_dup(r->name, r->n)) >= 0)
		rec_setbad(r, "duplicate field '%s' after flattening",
		    r->name[d]);
	if (r->bad != NULL) {
		r->n = 0;
		/* passed through as read, but for a number json-c clamped */
		if (!(found & JF_BIGINT)) {
			s = json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN |
			    JSON_C_TO_STRING_NOSLASHESCAPE);
			buf_adds(&r->raw, s);
		}
	}
	return r;
}

struct json_object *
imp_get(struct json_object *o, const char *name)
{
	struct json_object *v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, name, &v))
		return NULL;
	return v;
}

int
imp_number(struct json_object *v, double *d)
{
	if (v == NULL || !(json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)))
		return -1;
	*d = json_object_get_double(v);
	return isfinite(*d) ? 0 : -1;	/* json-c reads 1e999 as inf */
}

double
imp_scaled(struct json_object *v, double f)
{
	const char *s;
	double d, p;
	int k;

	if (v == NULL)
		return NAN;
	if (json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_string))
		s = json_object_get_string(v);
	else
		return NAN;
	/* f = 10^k, k in [-24, 24]: the decimal point moves in the text */
	for (k = -24, p = 1e-24; k <= 24; k++, p *= 10)
		if (fabs(f - p) <= p * 1e-12)
			break;
	if (k <= 24)
		return parse_scaled(s, k, &d) == 0 ? d : NAN;
	if (parse_scaled(s, 0, &d) != 0)
		return NAN;
	d *= f;
	return isfinite(d) ? d : NAN;
}

const char *
imp_string(struct json_object *v)
{
	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * The generic document: an object is a record, an array one record per
 * element; the first value may instead be one of a tool's documents.
 */
static void
doc_value(struct imp *m, struct json_object *o)
{
	if (json_object_is_type(o, json_type_object)) {
		imp_object(m, o);
		return;
	}
	if (!json_object_is_type(o, json_type_array)) {
		imp_bad(m, "a JSON document is an object or an array of "
		    "objects, not %s", json_type_to_name(
		    json_object_get_type(o)));
		return;
	}
	/* Two arrays on a line: what is left of the first is made now. */
	while (m->arr != NULL && m->arr_i < json_object_array_length(m->arr))
		doc_element(m);
	json_object_put(m->arr);
	m->arr = json_object_get(o);
	m->arr_i = 0;
	m->arr_line = m->lineno;
}

/* The record of the next element of the array document m->arr. */
static void
doc_element(struct imp *m)
{
	struct json_object *e = json_object_array_get_idx(m->arr, m->arr_i++);
	unsigned long at = m->lineno;

	m->lineno = m->arr_line;
	if (json_object_is_type(e, json_type_object))
		imp_object(m, e);
	else
		imp_bad(m, "element %zu of the array is not a JSON object",
		    m->arr_i);
	m->lineno = at;
}

const struct importer import_json_doc = {
	.name = "json",
	.what = "a JSON document",
	.json = doc_value,
};

/* A whole JSON value: to the format the input is read as. */
static void
json_value(struct imp *m, struct json_object *o)
{
	const struct importer *f;

	if (!m->sniffed && m->fmt == &import_json_doc) {
		m->sniffed = 1;
		if ((f = import_sniff_json(o)) != NULL)
			m->fmt = f;
	}
	m->fmt->json(m, o);
}

/* The next part of a JSON value, s[0, n) then a line end. */
static void
json_feed(struct imp *m, const char *s, size_t n)
{
	struct json_object *o;
	enum json_tokener_error e;
	unsigned long at;
	size_t i, end;

	while (n > 0) {
		for (i = 0; !m->in_value && i < n && (s[i] == ' ' ||
		    s[i] == '\t' || s[i] == '\r' || s[i] == '\n'); i++)
			;
		s += i;
		n -= i;
		if (n == 0)
			return;
		if (!m->in_value) {
			m->in_value = 1;
			m->value_bytes = 0;
			m->value_line = m->lineno;
			m->value_nul = 0;
		}
		if (json_has_nul(s, n))
			m->value_nul = 1;
		if ((m->value_bytes += n) > JSON_MAX_BYTES) {
			imp_bad(m, "a JSON value of more than 256 MiB (the "
			    "rest of the input is skipped)");
			m->skip_rest = 1;
			break;
		}
		o = json_tokener_parse_ex(m->tok, s, (int)n);
		e = json_tokener_get_error(m->tok);
		if (e == json_tokener_continue)
			return;
		if (e != json_tokener_success) {
			if (m->value_line < m->lineno) {
				/* No telling where the next value starts. */
				imp_bad(m, "malformed JSON in %s: %s (the rest "
				    "of the input is skipped)", m->fmt->what,
				    json_tokener_error_desc(e));
				m->skip_rest = 1;
			} else
				imp_bad(m, "malformed JSON in %s: %s",
				    m->fmt->what, json_tokener_error_desc(e));
			break;
		}
		end = json_tokener_get_parse_end(m->tok);
		m->in_value = 0;
		json_tokener_reset(m->tok);
		s += end;
		n -= end;
		if (o == NULL) {		/* the literal null */
			imp_bad(m, "%s is not null", m->fmt->what);
			continue;
		}
		at = m->lineno;
		m->lineno = m->value_line;	/* records say where it starts */
		if (m->value_nul)
			imp_bad(m, "a string holds a NUL byte (\\u0000)");
		else
			json_value(m, o);
		m->lineno = at;
		json_object_put(o);
	}
	/* After an error, reading resumes at the next line. */
	json_tokener_reset(m->tok);
	m->in_value = 0;
}

void
imp_feed(struct imp *m, const char *s, size_t n, unsigned long lineno)
{
	m->lineno = lineno;
	if (m->fmt->line != NULL) {
		if (memchr(s, '\0', n) != NULL)
			imp_bad(m, "a NUL byte in a line of %s", m->fmt->what);
		else
			m->fmt->line(m, s, n);
		return;
	}
	if (m->skip_rest)
		return;
	json_feed(m, s, n);
	if (m->in_value)		/* a line end is white space */
		json_feed(m, "\n", 1);
}

void
imp_record(struct imp *m, const struct rec *in)
{
	m->lineno = in->line;
	m->fmt->rec(m, in);
}

void
imp_finish(struct imp *m)
{
	if (m->tok != NULL && m->in_value) {
		m->lineno = m->value_line;
		imp_bad(m, "malformed JSON in %s: the input ends inside a "
		    "value", m->fmt->what);
		json_tokener_reset(m->tok);
		m->in_value = 0;
	}
}
