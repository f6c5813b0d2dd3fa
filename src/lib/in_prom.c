/*
 * The Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text
 * (pp(7) OTHER TOOLS' FORMATS): a metric record per sample, its labels
 * as labels, its unit from # UNIT or from the name's suffix.  Parsed by
 * hand, one pass a line, with no allocation once the buffers have grown:
 * a scrape of a big exporter is read at millions of samples a second.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "import.h"
#include "units.h"

enum ptype {
	T_UNTYPED, T_COUNTER, T_GAUGE, T_HISTOGRAM, T_SUMMARY, T_INFO,
	T_STATESET, T_GAUGEHISTOGRAM, T_UNKNOWN
};

static const char *const type_names[] = {
	"untyped", "counter", "gauge", "histogram", "summary", "info",
	"stateset", "gaugehistogram", "unknown"
};

/* A label of the sample being read: its value is vals.p + off. */
struct label {
	const char	*name;		/* interned */
	size_t		 off, len;
};

struct prom {
	const char	*fmt;		/* "Prometheus", "OpenMetrics" */
	const char	*what;
	int		 om;		/* timestamps are seconds */
	int		 good;		/* a line of the format was read */
	/* The family of the last # HELP, # TYPE or # UNIT line. */
	struct buf	 fam;
	enum ptype	 type;
	struct buf	 unit;		/* from # UNIT; empty if none */
	/* The sample being read: text copies and its labels. */
	struct buf	 name;
	struct buf	 vals;
	struct buf	 text;
	struct label	*lab;
	size_t		 nlab, caplab;
	/* The label names of the last sample, by position. */
	const char	**seen;
	size_t		 nseen;
};

/* The fields of a metric record, which a label cannot be. */
static const char *f_ts, *f_metric, *f_value, *f_unit;

static struct prom *
prom_state(struct imp *m)
{
	void **st = imp_state(m);
	struct prom *p;

	if (*st != NULL)
		return *st;
	p = xcalloc(1, sizeof(*p));
	if (f_ts == NULL) {
		f_ts = interns("ts");
		f_metric = interns("metric");
		f_value = interns("value");
		f_unit = interns("unit");
	}
	*st = p;
	return p;
}

static void
prom_end(struct imp *m)
{
	struct prom *p = *imp_state(m);

	if (p == NULL)
		return;
	buf_free(&p->fam);
	buf_free(&p->unit);
	buf_free(&p->name);
	buf_free(&p->vals);
	buf_free(&p->text);
	free(p->lab);
	free(p->seen);
	free(p);
}

/*
 * A bad line: "Prometheus sample 'x': ...", or "not a Prometheus text
 * exposition: sample 'x': ..." if nothing of the format came before.
 */
#define prom_bad(m, p, ...) \
	imp_bad_line((m), &(p)->good, (p)->fmt, (p)->what, __VA_ARGS__)

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':';
}

static int
name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* The length of the token at s[0, n): up to a blank or the end. */
static size_t
token(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && !is_blank(s[i]); i++)
		;
	return i;
}

static size_t
blanks(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_blank(s[i]); i++)
		;
	return i;
}

/* The family a metadata line names: a new one forgets type and unit. */
static void
set_family(struct prom *p, const char *name, size_t n)
{
	if (p->fam.len == n && memcmp(p->fam.p, name, n) == 0)
		return;
	p->fam.len = 0;
	buf_add(&p->fam, name, n);
	p->type = T_UNTYPED;
	p->unit.len = 0;
}

static void
meta_type(struct imp *m, struct prom *p, const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strlen(type_names[i]) == n &&
		    memcmp(type_names[i], t, n) == 0) {
			p->type = (enum ptype)i;
			/* Types that only OpenMetrics has. */
			if (p->type >= T_INFO)
				p->om = 1;
			return;
		}
	prom_bad(m, p, "# TYPE %.*s: unknown type '%.*s'", (int)p->fam.len,
	    p->fam.p, (int)n, t);
}

/* OpenMetrics' unit names as pp's base units; others as written. */
static void
meta_unit(struct prom *p, const char *u, size_t n)
{
	p->om = 1;
	p->unit.len = 0;
	if (n == 7 && memcmp(u, "seconds", 7) == 0)
		buf_adds(&p->unit, "s");
	else
		buf_add(&p->unit, u, n);
}

/* A line starting with '#': # HELP, # TYPE, # UNIT, # EOF, a comment. */
static void
meta(struct imp *m, struct prom *p, const char *s, size_t n)
{
	size_t i = 1, k, nl;
	const char *kw;

	i += blanks(s + i, n - i);
	kw = s + i;
	k = token(kw, n - i);
	if (k == 3 && memcmp(kw, "EOF", 3) == 0) {
		p->om = 1;
		return;
	}
	if (k != 4 || (memcmp(kw, "HELP", 4) != 0 &&
	    memcmp(kw, "TYPE", 4) != 0 && memcmp(kw, "UNIT", 4) != 0))
		return;				/* a comment */
	i += k;
	i += blanks(s + i, n - i);
	for (nl = 0; i + nl < n && name_char(s[i + nl]); nl++)
		;
	if (nl == 0 || !name_start(s[i])) {
		prom_bad(m, p, "# %.4s: no metric name", kw);
		return;
	}
	set_family(p, s + i, nl);
	p->good = 1;
	i += nl;
	i += blanks(s + i, n - i);
	k = token(s + i, n - i);
	if (kw[0] == 'T')
		meta_type(m, p, s + i, k);
	else if (kw[0] == 'U' && k > 0)
		meta_unit(p, s + i, k);
}

/* 1 if name[0, n) is the family's or the family's with suffix suf. */
static int
family_of(const struct prom *p, const char *name, size_t n, const char **suf)
{
	static const char *const sufs[] = {
		"", "_total", "_created", "_bucket", "_count", "_sum",
		"_gcount", "_gsum", "_info"
	};
	size_t i, fl = p->fam.len;

	if (fl == 0 || n < fl || memcmp(name, p->fam.p, fl) != 0)
		return 0;
	for (i = 0; i < sizeof(sufs) / sizeof(sufs[0]); i++)
		if (strlen(sufs[i]) == n - fl &&
		    memcmp(sufs[i], name + fl, n - fl) == 0) {
			*suf = sufs[i];
			return 1;
		}
	return 0;
}

static int
ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

const char *
prom_name_unit(const char *name, size_t n)
{
	size_t bl = n;

	if (ends(name, bl, "_total"))
		bl -= 6;
	if (ends(name, bl, "_seconds"))
		return "s";
	if (ends(name, bl, "_bytes"))
		return "bytes";
	if (ends(name, bl, "_ratio"))
		return "ratio";
	if (ends(name, bl, "_percent"))
		return "percent";
	if (bl < n)
		return "count";
	return NULL;
}

/*
 * The unit of sample name[0, n): _created is a time in seconds, the
 * counts of a histogram or summary (_bucket, _count, _gcount) counts;
 * then the family's # UNIT; then the name's (the family's if the sample
 * is one of its) suffix after any _total: _seconds is s, _bytes bytes,
 * _ratio ratio, _percent percent; then count for a counter or a name
 * ending in _total; else none.
 */
static const char *
sample_unit(struct prom *p, const char *name, size_t n)
{
	const char *suf = NULL, *base = name, *u;
	size_t bl = n;
	int mine = family_of(p, name, n, &suf);

	if (ends(name, n, "_created"))
		return "s";
	if (mine) {
		if ((p->type == T_HISTOGRAM || p->type == T_SUMMARY ||
		    p->type == T_GAUGEHISTOGRAM) &&
		    (strcmp(suf, "_bucket") == 0 ||
		    strcmp(suf, "_count") == 0 || strcmp(suf, "_gcount") == 0))
			return "count";
		if (p->unit.len > 0)
			return buf_nul(&p->unit);
		base = p->fam.p;
		bl = p->fam.len;
	}
	if ((u = prom_name_unit(base, bl)) != NULL)
		return u;
	if (mine && p->type == T_COUNTER)
		return "count";
	return NULL;
}

/* The interned name of the label at position i, s[0, n). */
static const char *
label_name(struct prom *p, size_t i, const char *s, size_t n)
{
	const char *name;

	if (i < p->nseen && strncmp(p->seen[i], s, n) == 0 &&
	    p->seen[i][n] == '\0')
		return p->seen[i];
	name = intern(s, n);
	/* As Prometheus does when a label clashes with its own. */
	if (name == f_ts || name == f_metric || name == f_value ||
	    name == f_unit) {
		char b[64];

		snprintf(b, sizeof(b), "exported_%s", name);
		name = interns(b);
	}
	if (i >= p->nseen) {
		p->seen = xreallocarray(p->seen, i + 1, sizeof(*p->seen));
		p->nseen = i + 1;
	}
	p->seen[i] = name;
	return name;
}

/*
 * A label value from s[0, n) just after its opening quote, unescaped
 * into p->vals: the length read with the closing quote, or 0 with the
 * problem said.
 */
static size_t
label_value(struct imp *m, struct prom *p, const char *s, size_t n,
    const char *sample, const char *lname)
{
	size_t i;

	for (i = 0; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\') {
			buf_addc(&p->vals, s[i]);
			continue;
		}
		if (++i == n)
			break;
		if (s[i] == '\\' || s[i] == '"')
			buf_addc(&p->vals, s[i]);
		else if (s[i] == 'n')
			buf_addc(&p->vals, '\n');
		else {
			prom_bad(m, p, "sample '%s': bad escape '\\%c' in the "
			    "value of label '%s'", sample, s[i], lname);
			return 0;
		}
	}
	if (i >= n) {
		prom_bad(m, p, "sample '%s': unterminated value of label "
		    "'%s'", sample, lname);
		return 0;
	}
	return i + 1;
}

/* Room for one more label; the new one. */
static struct label *
new_label(struct prom *p)
{
	if (p->nlab == p->caplab) {
		p->caplab = p->caplab ? p->caplab * 2 : 16;
		p->lab = xreallocarray(p->lab, p->caplab, sizeof(*p->lab));
	}
	return &p->lab[p->nlab++];
}

/*
 * The labels of sample from s[0, n) just after '{': the length read
 * with the '}', or 0 with the problem said.
 */
static size_t
labels(struct imp *m, struct prom *p, const char *s, size_t n,
    const char *sample)
{
	struct label *l;
	size_t i = 0, k, j, v;

	for (;;) {
		i += blanks(s + i, n - i);
		if (i < n && s[i] == '}')
			return i + 1;
		for (k = 0; i + k < n && name_char(s[i + k]); k++)
			;
		if (k == 0 || (s[i] >= '0' && s[i] <= '9')) {
			prom_bad(m, p, "sample '%s': no label name at '%.*s'",
			    sample, (int)(n - i < 20 ? n - i : 20), s + i);
			return 0;
		}
		l = new_label(p);
		l->name = label_name(p, p->nlab - 1, s + i, k);
		for (j = 0; j + 1 < p->nlab; j++)
			if (p->lab[j].name == l->name) {
				prom_bad(m, p, "sample '%s': label '%s' "
				    "repeated", sample, l->name);
				return 0;
			}
		i += k;
		i += blanks(s + i, n - i);
		if (i < n && s[i] == '=')
			i++;
		else {
			prom_bad(m, p, "sample '%s': no '=' after label '%s'",
			    sample, l->name);
			return 0;
		}
		i += blanks(s + i, n - i);
		if (i < n && s[i] == '"')
			i++;
		else {
			prom_bad(m, p, "sample '%s': the value of label '%s' is "
			    "not quoted", sample, l->name);
			return 0;
		}
		l->off = p->vals.len;
		if ((v = label_value(m, p, s + i, n - i, sample, l->name)) == 0)
			return 0;
		l->len = p->vals.len - l->off;
		buf_addc(&p->vals, '\0');
		i += v;
		i += blanks(s + i, n - i);
		if (i < n && s[i] == ',')
			i++;
		else if (i >= n || s[i] != '}') {
			prom_bad(m, p, "sample '%s': no ',' or '}' after label "
			    "'%s'", sample, l->name);
			return 0;
		}
	}
}

/* Milliseconds since the epoch, a whole number, as a pp_time. */
static int
parse_ms(const char *s, pp_time *t)
{
	int64_t v = 0;
	int neg = *s == '-';

	s += neg;
	if (*s == '\0')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX / 1000 - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (*s != '\0')
		return -1;
	*t = (neg ? -v : v) * 1000;
	return 0;
}

/*
 * The time of a sample, ts: milliseconds in the Prometheus format,
 * seconds in OpenMetrics; a number with a fraction is always seconds.
 */
static int
sample_time(struct prom *p, const char *ts, char out[PP_TIME_LEN])
{
	pp_time t;

	if (ts[strspn(ts, "-0123456789.")] != '\0')
		return -1;
	if (p->om || strchr(ts, '.') != NULL) {
		if (time_parse(ts, &t) != 0)
			return -1;
	} else if (parse_ms(ts, &t) != 0)
		return -1;
	time_format(t, out);
	return 0;
}

/* The value text of sample: 0 if it is a finite number. */
static int
check_value(struct imp *m, struct prom *p, const char *sample,
    const char *v)
{
	double d;
	const char *s = v + (*v == '+' || *v == '-');

	if (parse_double(v, &d) == 0)
		return 0;
	if (strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 ||
	    strcasecmp(s, "infinity") == 0 || parse_double(v, &d) == PARSE_RANGE)
		prom_bad(m, p, "sample '%s': value '%s' is not a finite number",
		    sample, v);
	else
		prom_bad(m, p, "sample '%s': value '%s' is not a number",
		    sample, v);
	return -1;
}

/* The text of s[0, n) in p->text; its offset there. */
static size_t
keep(struct prom *p, const char *s, size_t n)
{
	size_t off = p->text.len;

	buf_add(&p->text, s, n);
	buf_addc(&p->text, '\0');
	return off;
}

/* After the name and labels: " value [timestamp] [# exemplar]". */
static void
sample_rest(struct imp *m, struct prom *p, const char *s, size_t n,
    const char *name, const char *unit)
{
	char tsb[PP_TIME_LEN];
	const char *ts = NULL;
	size_t i = blanks(s, n), k, voff, toff = 0;
	struct rec *r;

	if ((k = token(s + i, n - i)) == 0) {
		prom_bad(m, p, "sample '%s': no value", name);
		return;
	}
	voff = keep(p, s + i, k);
	i += k;
	i += blanks(s + i, n - i);
	if (i < n && s[i] != '#') {
		k = token(s + i, n - i);
		toff = keep(p, s + i, k);
		i += k;
		i += blanks(s + i, n - i);
	}
	if (i < n && s[i] != '#') {
		prom_bad(m, p, "sample '%s': '%.*s' after the timestamp", name,
		    (int)(n - i), s + i);
		return;
	}
	if (check_value(m, p, name, p->text.p + voff) != 0)
		return;
	if (toff != 0) {
		if (sample_time(p, p->text.p + toff, tsb) != 0) {
			prom_bad(m, p, "sample '%s': timestamp '%s' is not a "
			    "time in %s", name, p->text.p + toff,
			    p->om ? "seconds" : "milliseconds");
			return;
		}
		ts = tsb;
	}
	r = imp_metric(m, ts, name, p->text.p + voff, unit);
	for (k = 0; k < p->nlab; k++)
		rec_add(r, p->lab[k].name, p->vals.p + p->lab[k].off,
		    p->lab[k].len, 0);
	p->good = 1;
}

static void
sample(struct imp *m, struct prom *p, const char *s, size_t n)
{
	const char *name, *unit;
	size_t i, k;

	for (k = 0; k < n && name_char(s[k]); k++)
		;
	if (k == 0 || !name_start(s[0])) {
		prom_bad(m, p, "line: no metric name at '%.*s'",
		    (int)(n < 20 ? n : 20), s);
		return;
	}
	p->name.len = p->text.len = p->vals.len = 0;
	p->nlab = 0;
	buf_add(&p->name, s, k);
	name = buf_nul(&p->name);
	unit = sample_unit(p, s, k);
	i = k;
	if (i < n && s[i] == '{') {
		if ((k = labels(m, p, s + i + 1, n - i - 1, name)) == 0)
			return;
		i += 1 + k;
	} else if (i < n && !is_blank(s[i])) {
		prom_bad(m, p, "sample '%s': '%c' after the metric name", name,
		    s[i]);
		return;
	}
	sample_rest(m, p, s + i, n - i, name, unit);
}

static void
prom_line(struct imp *m, struct prom *p, const char *s, size_t n)
{
	size_t i = blanks(s, n);

	s += i;
	n -= i;
	if (n == 0)
		return;
	if (s[0] == '#')
		meta(m, p, s, n);
	else
		sample(m, p, s, n);
}

static void
prom_text(struct imp *m, const char *s, size_t n)
{
	struct prom *p = prom_state(m);

	if (p->fmt == NULL) {
		p->fmt = "Prometheus";
		p->what = "a Prometheus text exposition";
	}
	prom_line(m, p, s, n);
}

static void
om_text(struct imp *m, const char *s, size_t n)
{
	struct prom *p = prom_state(m);

	if (p->fmt == NULL) {
		p->fmt = "OpenMetrics";
		p->what = "an OpenMetrics text exposition";
		p->om = 1;
	}
	prom_line(m, p, s, n);
}

/* Both formats start with metadata: # HELP or # TYPE. */
static int
sniff(const char *s, size_t n)
{
	return (n >= 7 && memcmp(s, "# HELP ", 7) == 0) ||
	    (n >= 7 && memcmp(s, "# TYPE ", 7) == 0);
}

const struct importer import_prometheus = {
	.name = "prometheus",
	.what = "a Prometheus text exposition",
	.sniff_line = sniff,
	.line = prom_text,
	.end = prom_end,
};

const struct importer import_openmetrics = {
	.name = "openmetrics",
	.what = "an OpenMetrics text exposition",
	.line = om_text,
	.end = prom_end,
};
