/*
 * Record writers.  Each record is formatted into one buffer and written
 * with one fwrite, so records are whole even on a shared file.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "human.h"
#include "progress.h"
#include "rd.h"
#include "wr.h"
#include "wr_fmt.h"

struct wr {
	FILE		*fp;
	const char	*name;
	int		 fmt;
	const char	**hdr;
	size_t		 nhdr;
	size_t		 hdrcap;
	int		 started;
	struct buf	 line;
	struct rec	*rows;		/* table, markdown: held until wr_close */
	size_t		 nrows;
	size_t		 rowcap;
	struct om	*om;		/* openmetrics: held until wr_close */
	const struct wr_view *view;	/* NULL: every field as it is */
	unsigned char	*matched;	/* view->fields that matched a field */
	struct rec	 shown;		/* the record as the view shows it */
	size_t		 given;		/* records given to wr_record */
};

/* Formats written only at wr_close, for which a header means nothing. */
static int
held(int fmt)
{
	return fmt == FMT_TABLE || fmt == FMT_MARKDOWN ||
	    fmt == FMT_OPENMETRICS;
}

struct wr *
wr_open(FILE *fp, const char *name, int fmt)
{
	struct wr *w;

	/* A gate writes JUnit through gate.h: a records writer never. */
	if (fmt == FMT_JUNIT)
		abort();
	w = xcalloc(1, sizeof(*w));
	w->fp = fp;
	w->name = name;
	w->fmt = fmt == FMT_AUTO ? FMT_CSV : fmt;
	if (w->fmt == FMT_OPENMETRICS)
		w->om = om_new();
	return w;
}

int
is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* Bytes that make a CSV field need quotes (and end it: NUL). */
static const unsigned char csv_special[256] = {
	[0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1
};

void
csv_field(struct buf *b, const char *s)
{
	const char *q;
	size_t n = 0;

	while (!csv_special[(unsigned char)s[n]])
		n++;
	if (s[n] == '\0') {
		buf_add(b, s, n);
		return;
	}
	buf_addc(b, '"');
	while ((q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addc(b, '"');
		s = q + 1;
	}
	buf_adds(b, s);
	buf_addc(b, '"');
}

static void
tsv_field(struct buf *b, const char *s)
{
	size_t n;

	for (;;) {
		n = strcspn(s, "\t\n\r\\");
		buf_add(b, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		default:
			buf_add(b, "\\\\", 2);
			break;
		}
		s++;
	}
}

static void
json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;

	buf_addc(b, '"');
	for (;;) {
		for (n = 0; s[n] != '\0' && s[n] != '"' && s[n] != '\\' &&
		    (unsigned char)s[n] >= 0x20; n++)
			;
		buf_add(b, s, n);
		s += n;
		if (*s == '\0')
			break;
		buf_addc(b, '\\');
		switch (*s) {
		case '"':
		case '\\':
			buf_addc(b, *s);
			break;
		case '\n':
			buf_addc(b, 'n');
			break;
		case '\r':
			buf_addc(b, 'r');
			break;
		case '\t':
			buf_addc(b, 't');
			break;
		default:
			buf_add(b, "u00", 3);
			buf_addc(b, hex[(unsigned char)*s >> 4]);
			buf_addc(b, hex[*s & 0xf]);
			break;
		}
		s++;
	}
	buf_addc(b, '"');
}

static void
flush_line(struct wr *w)
{
	progress_clear();	/* records on the terminal start a line */
	if (fwrite(w->line.p, 1, w->line.len, w->fp) != w->line.len)
		pp_die_errno(PP_EXIT_SYS, "%s: write error", w->name);
	w->line.len = 0;
}

/*
 * A line of one empty field would read as a blank line, which ends a
 * block: CSV writes it "", TSV a lone backslash (pp(7)).
 */
static int
one_empty(int fmt, const char *s, struct buf *b)
{
	if (*s != '\0')
		return 0;
	if (fmt == FMT_TSV)
		buf_add(b, "\\\n", 2);
	else
		buf_add(b, "\"\"\n", 3);
	return 1;
}

void
wr_format_header(int fmt, const struct rec *r, struct buf *b)
{
	size_t i;

	if (r->n == 1 && one_empty(fmt, r->name[0], b))
		return;
	for (i = 0; i < r->n; i++) {
		if (fmt == FMT_TSV) {
			if (i > 0)
				buf_addc(b, '\t');
			tsv_field(b, r->name[i]);
		} else {
			if (i > 0)
				buf_addc(b, ',');
			csv_field(b, r->name[i]);
		}
	}
	buf_addc(b, '\n');
}

void
wr_format_record(int fmt, const struct rec *r, struct buf *b)
{
	size_t i;

	switch (fmt) {
	case FMT_JSON:
		buf_addc(b, '{');
		for (i = 0; i < r->n; i++) {
			const char *v = rec_val(r, i);

			if (i > 0)
				buf_addc(b, ',');
			json_string(b, r->name[i]);
			buf_addc(b, ':');
			if (r->flags[i] & RF_NULL)
				buf_add(b, "null", 4);
			else if ((r->flags[i] & RF_RAW) || (is_json_number(v) &&
			    strcmp(v, "-0") != 0))	/* json-c reads 0 */
				buf_adds(b, v);
			else
				json_string(b, v);
		}
		buf_add(b, "}\n", 2);
		break;
	case FMT_TSV:
		if (r->n == 1 && one_empty(fmt, rec_val(r, 0), b))
			break;
		for (i = 0; i < r->n; i++) {
			if (i > 0)
				buf_addc(b, '\t');
			tsv_field(b, rec_val(r, i));
		}
		buf_addc(b, '\n');
		break;
	default:
		if (r->n == 1 && one_empty(fmt, rec_val(r, 0), b))
			break;
		i = 0;
		if (r->plain_n > 0 && r->plain_n <= r->n) {
			buf_add(b, r->plain, r->plain_len);
			i = r->plain_n;
		}
		for (; i < r->n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			csv_field(b, rec_val(r, i));
		}
		buf_addc(b, '\n');
		break;
	}
}

void
wr_set_view(struct wr *w, const struct wr_view *v)
{
	w->view = v;
	free(w->matched);
	w->matched = v != NULL && v->nfields > 0 ?
	    xcalloc(v->nfields, 1) : NULL;
}

/* Is name the pattern, or matched by it as a glob? */
static int
matches(const char *pattern, const char *name)
{
	return pattern == name || (strpbrk(pattern, "*?[") != NULL &&
	    fnmatch(pattern, name, 0) == 0);
}

/* Is name one of the list's, or matched by one of its globs? */
static int
in_list(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (matches(list[i], name))
			return 1;
	return 0;
}

static void
show_field(struct rec *to, const struct rec *r, size_t j)
{
	const char *v = rec_val(r, j);

	rec_add(to, r->name[j], v, strlen(v), r->flags[j]);
}

/*
 * The record as the view shows it: r itself when the view keeps every
 * field, NULL when it keeps none.
 */
static const struct rec *
view_of(struct wr *w, const struct rec *r)
{
	const struct wr_view *v = w->view;
	size_t i, j, k;

	if (v == NULL || r->n == 0 ||
	    (v->nfields == 0 && (v->nhide == 0 || (w->fmt != FMT_TABLE &&
	    w->fmt != FMT_MARKDOWN))))
		return r;
	rec_clear(&w->shown);
	if (v->nfields > 0) {
		/* In the list's order; a field once, at its first entry. */
		for (i = 0; i < v->nfields; i++)
			for (j = 0; j < r->n; j++) {
				if (!matches(v->fields[i], r->name[j]))
					continue;
				w->matched[i] = 1;
				for (k = 0; k < w->shown.n &&
				    w->shown.name[k] != r->name[j]; k++)
					;
				if (k == w->shown.n)
					show_field(&w->shown, r, j);
			}
		return w->shown.n > 0 ? &w->shown : NULL;
	}
	for (j = 0; j < r->n; j++)
		if (!in_list(v->hide, v->nhide, r->name[j]))
			show_field(&w->shown, r, j);
	return w->shown.n > 0 ? &w->shown : r;
}

/*
 * Holds the fields of shown, a view of full, as a person reads them
 * (human.h: full's unit and currency say what the numbers are, even
 * when the view leaves them out), marking the ones that were numbers.
 */
static void
hold(struct wr *w, const struct rec *full, const struct rec *shown)
{
	struct rec *row;
	struct buf b = BUF_INIT;
	size_t j;

	if (w->nrows == w->rowcap) {
		w->rowcap = w->rowcap ? w->rowcap * 2 : 64;
		w->rows = xreallocarray(w->rows, w->rowcap, sizeof(*w->rows));
	}
	row = &w->rows[w->nrows++];
	rec_init(row);
	for (j = 0; j < shown->n; j++) {
		const char *v = rec_val(shown, j);

		b.len = 0;
		human_field(&b, full, shown->name[j], v, w->view != NULL ?
		    w->view->precision : 0);
		rec_add(row, shown->name[j], b.len > 0 ? b.p : "", b.len,
		    (unsigned char)(shown->flags[j] |
		    (wr_looks_numeric(v) ? RF_NUMERIC : 0)));
	}
	buf_free(&b);
}

void
wr_record(struct wr *w, const struct rec *r)
{
	const struct rec *full = r;

	w->given++;
	if ((r = view_of(w, r)) == NULL)
		return;
	if (w->fmt == FMT_OPENMETRICS) {
		om_add(w->om, r);
		return;
	}
	/* A Markdown table of no columns cannot be written. */
	if (w->fmt == FMT_MARKDOWN && r->n == 0)
		return;
	if (w->fmt == FMT_TABLE || w->fmt == FMT_MARKDOWN) {
		hold(w, full, r);
		return;
	}
	if (w->fmt != FMT_JSON &&
	    (!w->started || !rec_same_names(r, w->hdr, w->nhdr))) {
		/* A new block: a blank line, then the new header. */
		if (w->started)
			buf_addc(&w->line, '\n');
		w->started = 1;
		if (r->n > w->hdrcap) {
			w->hdrcap = r->n;
			w->hdr = xreallocarray(w->hdr, w->hdrcap,
			    sizeof(*w->hdr));
		}
		if (r->n > 0)
			memcpy(w->hdr, r->name, r->n * sizeof(*r->name));
		w->nhdr = r->n;
		wr_format_header(w->fmt, r, &w->line);
	}
	wr_format_record(w->fmt, r, &w->line);
	flush_line(w);
}

void
wr_header(struct wr *w, const char *const *names, size_t n)
{
	struct rec r;

	if (w->fmt == FMT_JSON || held(w->fmt))
		return;
	if (w->started && w->nhdr == n && (n == 0 ||
	    memcmp(w->hdr, names, n * sizeof(*names)) == 0))
		return;
	rec_init(&r);
	r.name = (const char **)names;
	r.n = n;
	if (w->started)
		buf_addc(&w->line, '\n');
	w->started = 1;
	if (n > w->hdrcap) {
		w->hdrcap = n;
		w->hdr = xreallocarray(w->hdr, n, sizeof(*w->hdr));
	}
	if (n > 0)
		memcpy(w->hdr, names, n * sizeof(*names));
	w->nhdr = n;
	wr_format_header(w->fmt, &r, &w->line);
	flush_line(w);
}

void
wr_raw(struct wr *w, const char *text, size_t len)
{
	if (held(w->fmt) || len == 0)
		return;
	buf_add(&w->line, text, len);
	if (len > 0 && text[len - 1] != '\n')
		buf_addc(&w->line, '\n');
	flush_line(w);
}

/* Display width of UTF-8 text: one column per code point. */
static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
wr_looks_numeric(const char *s)
{
	char *end;

	if (*s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

static void
pad(struct buf *b, size_t n)
{
	while (n-- > 0)
		buf_addc(b, ' ');
}

void
wr_numeric_columns(const struct rec *rows, size_t from, size_t to, int *num)
{
	size_t i, j;

	for (j = 0; j < rows[from].n; j++)
		num[j] = 1;
	for (i = from; i < to; i++)
		for (j = 0; j < rows[from].n; j++)
			if (*rec_val(&rows[i], j) != '\0' &&
			    !(rows[i].flags[j] & RF_NUMERIC))
				num[j] = 0;
}

/* Writes rows [from, to), which share names, as one aligned block. */
static void
table_block(struct wr *w, size_t from, size_t to, const int *num)
{
	const struct rec *h = &w->rows[from];
	size_t *wid, i, j, cw;

	wid = xcalloc(h->n, sizeof(*wid));
	for (j = 0; j < h->n; j++)
		wid[j] = width(h->name[j]);
	for (i = from; i < to; i++)
		for (j = 0; j < h->n; j++)
			if ((cw = width(rec_val(&w->rows[i], j))) > wid[j])
				wid[j] = cw;
	for (j = 0; j < h->n; j++) {
		if (j > 0)
			buf_add(&w->line, "  ", 2);
		if (num[j])
			pad(&w->line, wid[j] - width(h->name[j]));
		buf_adds(&w->line, h->name[j]);
		if (!num[j] && j + 1 < h->n)
			pad(&w->line, wid[j] - width(h->name[j]));
	}
	buf_addc(&w->line, '\n');
	flush_line(w);
	for (i = from; i < to; i++) {
		for (j = 0; j < h->n; j++) {
			const char *v = rec_val(&w->rows[i], j);

			if (j > 0)
				buf_add(&w->line, "  ", 2);
			if (num[j])
				pad(&w->line, wid[j] - width(v));
			buf_adds(&w->line, v);
			if (!num[j] && j + 1 < h->n)
				pad(&w->line, wid[j] - width(v));
		}
		buf_addc(&w->line, '\n');
		flush_line(w);
	}
	free(wid);
}

/* Writes rows [from, to), which share names, as one Markdown table. */
static void
markdown_block(struct wr *w, size_t from, size_t to, const int *num)
{
	size_t i;

	md_header(&w->rows[from], num, &w->line);
	flush_line(w);
	for (i = from; i < to; i++) {
		md_row(&w->rows[i], &w->line);
		flush_line(w);
	}
}

/*
 * Writes the held rows as blocks of consecutive rows with the same
 * names, a blank line between blocks: a table or Markdown tables.
 */
static void
write_blocks(struct wr *w)
{
	size_t i, from;
	int *num;

	for (from = 0, i = 1; i <= w->nrows; i++) {
		if (i < w->nrows && rec_same_names(&w->rows[i],
		    w->rows[from].name, w->rows[from].n))
			continue;
		if (from > 0) {
			buf_addc(&w->line, '\n');
			flush_line(w);
		}
		num = xcalloc(w->rows[from].n + 1, sizeof(*num));
		wr_numeric_columns(w->rows, from, i, num);
		if (w->fmt == FMT_MARKDOWN)
			markdown_block(w, from, i, num);
		else
			table_block(w, from, i, num);
		free(num);
		from = i;
	}
	for (i = 0; i < w->nrows; i++)
		rec_free(&w->rows[i]);
	free(w->rows);
}

/* Writes the families held, each whole, and the end of the exposition. */
static void
write_openmetrics(struct wr *w)
{
	size_t i;

	for (i = 0; i < om_nfamilies(w->om); i++) {
		om_format_family(w->om, i, &w->line);
		flush_line(w);
	}
	buf_adds(&w->line, OM_EOF);
	flush_line(w);
	om_free(w->om);
}

/* A name in -F that no record had is most likely a typo: say so. */
static void
warn_unmatched(const struct wr *w)
{
	size_t i;

	if (w->matched == NULL || w->given == 0)
		return;
	for (i = 0; i < w->view->nfields; i++)
		if (!w->matched[i])
			pp_warn("--fields: no record has a field '%s'",
			    w->view->fields[i]);
}

void
wr_close(struct wr *w)
{
	if (w == NULL)
		return;
	if (w->fmt == FMT_TABLE || w->fmt == FMT_MARKDOWN)
		write_blocks(w);
	else if (w->fmt == FMT_OPENMETRICS)
		write_openmetrics(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		pp_die_errno(PP_EXIT_SYS, "%s: write error", w->name);
	warn_unmatched(w);
	rec_free(&w->shown);
	free(w->matched);
	buf_free(&w->line);
	free(w->hdr);
	free(w);
}

void
wr_pass(struct wr *w, struct rd *rd)
{
	const char *const *hdr;
	const char *raw;
	size_t n;

	if ((hdr = rd_header(rd, &n)) != NULL)
		wr_header(w, hdr, n);
	raw = rd_raw(rd, &n);
	wr_raw(w, raw, n);
}
