/*
 * OpenMetrics output: every record's samples as gauges, grouped into
 * metric families, in text that both OpenMetrics 1.0 and the Prometheus
 * text format 0.0.4 (node_exporter's textfile collector) read.
 *
 * What both accept: "# HELP" text escapes only backslash and newline
 * (0.0.4 refuses \" there, OpenMetrics refuses a bare '"': quotes become
 * '), "# UNIT" only where the name ends in the unit (0.0.4 reads it as a
 * comment), no sample timestamps (the textfile collector refuses them),
 * each series once (node_exporter refuses a repeated one), and "# EOF"
 * last (a comment to 0.0.4).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "metric.h"
#include "units.h"
#include "wr_fmt.h"

struct family {
	char		*help;
	const char	*unit;		/* "seconds", "bytes", "ratio" or NULL */
	struct hmap	 samples;	/* label text -> value text (owned) */
};

struct label {
	size_t		 name, val;	/* offsets into om->labtext */
	size_t		 seq;		/* the field's place in the record */
	const char	*np;		/* the name, once labtext stops moving */
};

struct om {
	struct hmap	 fams;		/* family name -> struct family */
	struct label	*lab;		/* the record's labels */
	size_t		 nlab, labcap;
	struct buf	 labtext;	/* their names and escaped values */
	struct buf	 labels;	/* the record's formatted label set */
	struct buf	 name, help;
};

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* The length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/*
 * Appends s escaped for a label value (help 0) or a HELP line (help 1);
 * bytes that are no UTF-8 become U+FFFD, which both formats require.
 */
static void
om_text(struct buf *b, const char *s, int help)
{
	size_t n;

	for (; *s != '\0'; s += n) {
		if ((n = utf8_len((const unsigned char *)s)) == 0) {
			buf_adds(b, replacement);
			n = 1;
		} else if (*s == '\\')
			buf_add(b, "\\\\", 2);
		else if (*s == '\n')
			buf_add(b, "\\n", 2);
		else if (*s == '"')
			buf_adds(b, help ? "'" : "\\\"");
		else
			buf_add(b, s, n);
	}
}

/*
 * Appends s as a name: [a-zA-Z_][a-zA-Z0-9_]*, and for a label no
 * leading "__" (reserved).  Every other character becomes one '_' (':'
 * too, which metric names may have but Prometheus keeps for recording
 * rules), a leading digit gets '_' before it, and "" is "_".
 */
static void
om_name(struct buf *b, const char *s, int label)
{
	size_t start = b->len, n;
	int c;

	if (*s >= '0' && *s <= '9')
		buf_addc(b, '_');
	for (; *s != '\0'; s += n) {
		c = (unsigned char)*s;
		if ((n = utf8_len((const unsigned char *)s)) == 0)
			n = 1;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_')
			buf_addc(b, (char)c);
		else
			buf_addc(b, '_');
	}
	if (b->len == start)
		buf_addc(b, '_');
	if (label)
		while (b->len - start > 1 && b->p[start] == '_' &&
		    b->p[start + 1] == '_') {
			memmove(b->p + start, b->p + start + 1,
			    b->len - start - 1);
			b->len--;
		}
}

/*
 * v as fmt_double writes it (the shortest text that reads back), but
 * whole numbers below 1e17 in digits: 30, not 3e+01.
 */
static void
om_number(double v, char out[32])
{
	const char *x;
	long e;

	fmt_double(v, out);
	if ((x = strstr(out, "e+")) != NULL && (e = strtol(x + 2, NULL,
	    10)) < 17)
		snprintf(out, 32, "%.*g", (int)e + 1, v);
}

/*
 * The number text s (parse_double's grammar) times mul / 10^div10, as
 * fmt_double writes it.  The digits times mul are a whole number and
 * strtod rounds that with its exponent once, so 106.86 ms is 0.10686 s,
 * not 0.10686000000000001; past 19 digits or 64 bits the double v is
 * multiplied instead.  -1 if the result is no finite number.
 */
static int
om_scaled(const char *s, double v, int64_t mul, int div10, char out[32])
{
	unsigned long long m = 0;
	long e = 0, x;
	int nd = 0, frac = 0, neg = 0, exact = 1;
	char num[64];

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.')
			frac = 1;
		else if (m == 0 && *s == '0')
			e -= frac;
		else if (nd++ < 19) {
			m = m * 10 + (unsigned long long)(*s - '0');
			e -= frac;
		} else
			exact = 0;
	}
	if (*s == 'e' || *s == 'E') {
		x = strtol(s + 1, NULL, 10);	/* LONG_MIN or MAX past it */
		if (x > INT_MIN / 2 && x < INT_MAX / 2)
			e += x;
		else
			exact = 0;
	}
	if (exact && m <= ULLONG_MAX / (unsigned long long)mul &&
	    e > INT_MIN / 2 && e < INT_MAX / 2) {
		snprintf(num, sizeof(num), "%s%llue%ld", neg ? "-" : "",
		    m * (unsigned long long)mul, e - div10);
		v = strtod(num, NULL);
	} else
		v *= (double)mul / pow(10, div10);
	if (!isfinite(v))
		return -1;
	om_number(v, out);
	return 0;
}

/* 1 for an RFC 3339 time: a label of it would make a series per run. */
static int
is_time_text(const char *s)
{
	pp_time t;
	double v;

	return parse_double(s, &v) != 0 && time_parse(s, &t) == 0;
}

static void
label_add(struct om *om, const char *name, const char *val, size_t seq)
{
	struct label *l;

	if (om->nlab == om->labcap) {
		om->labcap = om->labcap ? om->labcap * 2 : 16;
		om->lab = xreallocarray(om->lab, om->labcap, sizeof(*om->lab));
	}
	l = &om->lab[om->nlab++];
	l->seq = seq;
	l->name = om->labtext.len;
	om_name(&om->labtext, name, 1);
	buf_addc(&om->labtext, '\0');
	l->val = om->labtext.len;
	om_text(&om->labtext, val, 0);
	buf_addc(&om->labtext, '\0');
}

static int
label_cmp(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	int c = strcmp(x->np, y->np);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Formats the labels added into om->labels, sorted by name so that a
 * series is one text whatever the order of its fields; of two fields
 * whose names become one, the first is kept.
 */
static void
labels_format(struct om *om)
{
	size_t i;
	int first = 1;

	om->labels.len = 0;
	for (i = 0; i < om->nlab; i++)
		om->lab[i].np = om->labtext.p + om->lab[i].name;
	if (om->nlab > 1)
		qsort(om->lab, om->nlab, sizeof(*om->lab), label_cmp);
	for (i = 0; i < om->nlab; i++) {
		if (i > 0 && strcmp(om->lab[i].np, om->lab[i - 1].np) == 0)
			continue;
		buf_addc(&om->labels, first ? '{' : ',');
		first = 0;
		buf_adds(&om->labels, om->lab[i].np);
		buf_add(&om->labels, "=\"", 2);
		buf_adds(&om->labels, om->labtext.p + om->lab[i].val);
		buf_addc(&om->labels, '"');
	}
	if (!first)
		buf_addc(&om->labels, '}');
	buf_nul(&om->labels);
	om->nlab = 0;
	om->labtext.len = 0;
}

/* Sets the sample of om->name with om->labels to val. */
static void
sample_put(struct om *om, const char *help, const char *unit,
    const char *val)
{
	struct hmap_entry *e;
	struct family *f;

	e = hmap_put(&om->fams, buf_nul(&om->name), om->name.len);
	if ((f = e->val) == NULL) {
		f = e->val = xcalloc(1, sizeof(*f));
		om->help.len = 0;
		om_text(&om->help, help, 1);
		f->help = xstrdup(buf_nul(&om->help));
		f->unit = unit;
		hmap_init(&f->samples);
	}
	e = hmap_put(&f->samples, om->labels.p, om->labels.len);
	free(e->val);
	e->val = xstrdup(val);
}

/* Fields of a metric record that are not the labels of its series. */
static int
not_label(const char *name)
{
	const struct metric_names *m = mnames();

	return name == m->ts || name == m->timestamp || name == m->time ||
	    name == m->attime || name == m->metric || name == m->value ||
	    name == m->unit || name == m->run || name == m->sample_rate ||
	    name == m->zscore || name == m->baseline || name == m->anomaly ||
	    name == m->timed_out;
}

/*
 * A metric record: one sample of its metric, in the base unit with the
 * unit's suffix, labelled with its series' labels (pp(7)).
 */
static void
metric_sample(struct om *om, const struct rec *r, const char *metric,
    const char *value)
{
	const struct pp_unit *u = NULL;
	const char *unit = rec_get(r, mnames()->unit), *om_unit = NULL;
	char num[32], suffix[16];
	double v;
	size_t i;

	if (*metric == '\0' || parse_double(value, &v) != 0)
		return;
	if (unit != NULL)
		u = unit_find(unit, UNIT_RECORD);
	if (om_scaled(value, v, u ? u->mul : 1, u ? u->div10 : 0, num) != 0)
		return;
	if (unit != NULL) {
		const char *base = u != NULL ? u->base : unit;

		if (strcmp(base, "s") == 0)
			om_unit = "seconds";
		else if (strcmp(base, "bytes") == 0)
			om_unit = "bytes";
		else if (strcmp(base, "ratio") == 0)
			om_unit = "ratio";
	}
	om->name.len = 0;
	om_name(&om->name, metric, 0);
	if (om_unit != NULL) {
		snprintf(suffix, sizeof(suffix), "_%s", om_unit);
		if (om->name.len < strlen(suffix) || strcmp(buf_nul(&om->name) +
		    om->name.len - strlen(suffix), suffix) != 0)
			buf_adds(&om->name, suffix);
	}
	for (i = 0; i < r->n; i++) {
		const char *lv = rec_val(r, i);

		if (!not_label(r->name[i]) && *lv != '\0' && !is_time_text(lv))
			label_add(om, r->name[i], lv, i);
	}
	/* A unit without a suffix stays known as a label. */
	if (om_unit == NULL && unit != NULL && *unit != '\0')
		label_add(om, mnames()->unit, unit, r->n);
	labels_format(om);
	sample_put(om, metric, om_unit, num);
}

static int
is_time_name(const char *name)
{
	const struct metric_names *m = mnames();

	return name == m->ts || name == m->timestamp || name == m->time ||
	    name == m->attime;
}

/*
 * Another record (a summary, a report): a sample pp_F per field F that
 * is a number, labelled with its fields that are text.
 */
static void
field_samples(struct om *om, const struct rec *r)
{
	char num[32];
	double v;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const char *fv = rec_val(r, i);

		if (!is_time_name(r->name[i]) && *fv != '\0' &&
		    parse_double(fv, &v) != 0 && !is_time_text(fv))
			label_add(om, r->name[i], fv, i);
	}
	labels_format(om);
	for (i = 0; i < r->n; i++) {
		const char *fv = rec_val(r, i);

		if (is_time_name(r->name[i]) || parse_double(fv, &v) != 0 ||
		    om_scaled(fv, v, 1, 0, num) != 0)
			continue;
		om->name.len = 0;
		buf_add(&om->name, "pp_", 3);
		om_name(&om->name, r->name[i], 0);
		sample_put(om, r->name[i], NULL, num);
	}
}

struct om *
om_new(void)
{
	struct om *om = xcalloc(1, sizeof(*om));

	hmap_init(&om->fams);
	return om;
}

void
om_add(struct om *om, const struct rec *r)
{
	const char *metric = rec_get(r, mnames()->metric);
	const char *value = rec_get(r, mnames()->value);

	if (metric != NULL && value != NULL)
		metric_sample(om, r, metric, value);
	else
		field_samples(om, r);
}

size_t
om_nfamilies(const struct om *om)
{
	return om->fams.n;
}

void
om_format_family(const struct om *om, size_t i, struct buf *b)
{
	const struct hmap_entry *e = &om->fams.ent[i];
	const struct family *f = e->val;
	size_t j;

	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", e->key, f->help,
	    e->key);
	if (f->unit != NULL)
		buf_printf(b, "# UNIT %s %s\n", e->key, f->unit);
	for (j = 0; j < f->samples.n; j++)
		buf_printf(b, "%s%s %s\n", e->key, f->samples.ent[j].key,
		    (const char *)f->samples.ent[j].val);
}

void
om_free(struct om *om)
{
	size_t i, j;

	if (om == NULL)
		return;
	for (i = 0; i < om->fams.n; i++) {
		struct family *f = om->fams.ent[i].val;

		for (j = 0; j < f->samples.n; j++)
			free(f->samples.ent[j].val);
		hmap_free(&f->samples);
		free(f->help);
		free(f);
	}
	hmap_free(&om->fams);
	free(om->lab);
	buf_free(&om->labtext);
	buf_free(&om->labels);
	buf_free(&om->name);
	buf_free(&om->help);
	free(om);
}
