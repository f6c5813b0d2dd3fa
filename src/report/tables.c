/*
 * pp-report's tables: other programs' records as HTML tables, their
 * columns in the order people read them, numbers as people read them,
 * and the order of violations.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report.h"

/* Longer text is shown on one line, cut, whole in its tooltip. */
#define LONG_CELL	48

/* Is name one of the NULL-ended names? */
static int
among(const char *name, const char *const *names)
{
	size_t k;

	for (k = 0; names != NULL && names[k] != NULL; k++)
		if (strcmp(names[k], name) == 0)
			return 1;
	return 0;
}

/* Is entry i of -F name, or a glob matching it? */
static int
entry_matches(const struct wr_view *v, size_t i, const char *name)
{
	return v->fields[i] == name || (strpbrk(v->fields[i], "*?[") !=
	    NULL && fnmatch(v->fields[i], name, 0) == 0);
}

/* The first entry of -F that is name or a glob matching it, or -1. */
static long
field_entry(const struct wr_view *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nfields; i++)
		if (entry_matches(v, i, name))
			return (long)i;
	return -1;
}

/*
 * The indices of t's columns to show, in order, into idx (t->ncols
 * long): those -F names or matches, in its order, each once; with -F
 * all, every one; else first, in its order, then (unless only) the
 * others but hide.
 */
static size_t
columns(const struct report *rp, const struct table *t,
    const struct view *v, size_t *idx)
{
	const struct wr_view *fv = &rp->c.view;
	size_t i, j, n = 0;
	long c;

	if (fv->nfields > 0) {
		/* a column once, at its first entry; every entry that
		 * matches one is seen, as the writers of records say */
		for (i = 0; i < fv->nfields; i++)
			for (j = 0; j < t->ncols; j++) {
				if (!entry_matches(fv, i, t->cols[j]))
					continue;
				rp->fields_seen[i] = 1;
				if (field_entry(fv, t->cols[j]) == (long)i)
					idx[n++] = j;
			}
		return n;
	}
	if (rp->c.fields_all) {
		for (j = 0; j < t->ncols; j++)
			idx[n++] = j;
		return n;
	}
	for (i = 0; v->first != NULL && v->first[i] != NULL; i++)
		if ((c = col(t, v->first[i])) >= 0)
			idx[n++] = (size_t)c;
	for (j = 0; !v->only && j < t->ncols; j++)
		if (!among(t->cols[j], v->first) && !among(t->cols[j], v->hide))
			idx[n++] = j;
	return n;
}

void
fields_unseen(const struct report *rp)
{
	size_t i;

	for (i = 0; i < rp->c.view.nfields; i++)
		if (!rp->fields_seen[i])
			pp_warn("--fields: no table has a field '%s'",
			    rp->c.view.fields[i]);
}

/* One cell: its value for people, a long text cut, whole in its tooltip. */
static void
cell(FILE *fp, struct buf *b, const struct rec *r, const char *name,
    const char *value, int precision, int num)
{
	const char *cls = known_word(value, cell_classes);

	b->len = 0;
	human_field(b, r, name, value, precision);
	buf_nul(b);
	if (*cls != '\0')
		fprintf(fp, "<td class=\"v-%s\">", cls);
	else if (strlen(b->p) > LONG_CELL) {
		fputs("<td class=\"long\" title=\"", fp);
		html_escape(fp, b->p);
		fputs("\">", fp);
	} else
		fputs(num ? "<td class=\"num\">" : "<td>", fp);
	html_escape(fp, b->p);
	fputs("</td>", fp);
}

/* A column of numbers (and empty cells) reads right-aligned. */
static int
numeric_column(const struct table *t, size_t j)
{
	size_t i;
	double x;
	int any = 0;

	for (i = 0; i < t->nrows; i++) {
		if (*t->rows[i][j] == '\0')
			continue;
		if (parse_double(t->rows[i][j], &x) != 0)
			return 0;
		any = 1;
	}
	return any;
}

void
write_table(const struct report *rp, const struct table *t,
    const struct view *v)
{
	FILE *fp = rp->fp;
	struct buf b = BUF_INIT;
	struct rec r;
	size_t i, j, n, *idx;
	int *num;

	idx = xcalloc(t->ncols + 1, sizeof(*idx));
	n = columns(rp, t, v, idx);
	num = xcalloc(n + 1, sizeof(*num));
	for (j = 0; j < n; j++)
		num[j] = numeric_column(t, idx[j]);
	rec_init(&r);
	fputs("<div class=\"tw\"><table>\n<tr>", fp);
	for (j = 0; j < n; j++) {
		fputs(num[j] ? "<th class=\"num\">" : "<th>", fp);
		html_escape(fp, t->cols[idx[j]]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < t->nrows; i++) {
		rec_clear(&r);
		for (j = 0; j < t->ncols; j++)
			rec_add(&r, t->cols[j], t->rows[i][j],
			    strlen(t->rows[i][j]), 0);
		fputs("<tr>", fp);
		for (j = 0; j < n; j++)
			cell(fp, &b, &r, t->cols[idx[j]], t->rows[i][idx[j]],
			    rp->c.view.precision, num[j]);
		fputs("</tr>\n", fp);
	}
	fputs("</table></div>\n", fp);
	rec_free(&r);
	buf_free(&b);
	free(num);
	free(idx);
}

/* The column index of name in t, or -1. */
long
col(const struct table *t, const char *name)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j], name) == 0)
			return (long)j;
	return -1;
}

static int
sev_rank(const char *s)
{
	return strcmp(s, "critical") == 0 ? 0 : strcmp(s, "error") == 0 ? 1 :
	    strcmp(s, "warning") == 0 ? 2 : 3;
}

static long sort_col;

static int
cmp_row(const void *a, const void *b)
{
	char *const *x = *(char **const *)a, *const *y = *(char **const *)b;

	return sev_rank(x[sort_col]) - sev_rank(y[sort_col]);
}

void
table_sort_severity(struct table *t)
{
	if ((sort_col = col(t, "severity")) >= 0)
		qsort(t->rows, t->nrows, sizeof(*t->rows), cmp_row);
}
