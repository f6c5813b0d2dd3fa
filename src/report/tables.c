/*
 * pp-report's tables: other programs' records as HTML tables, and the
 * order of violations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void
write_table(FILE *fp, const struct table *t, const char *const *only)
{
	const char *cls;
	size_t i, j, k;

	fputs("<div class=\"tw\"><table>\n<tr>", fp);
	for (j = 0; j < t->ncols; j++) {
		for (k = 0; only != NULL && only[k] != NULL; k++)
			if (strcmp(only[k], t->cols[j]) == 0)
				break;
		if (only != NULL && only[k] == NULL)
			continue;
		fputs("<th>", fp);
		html_escape(fp, t->cols[j]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (j = 0; j < t->ncols; j++) {
			for (k = 0; only != NULL && only[k] != NULL; k++)
				if (strcmp(only[k], t->cols[j]) == 0)
					break;
			if (only != NULL && only[k] == NULL)
				continue;
			cls = known_word(t->rows[i][j], cell_classes);
			if (*cls != '\0')
				fprintf(fp, "<td class=\"v-%s\">", cls);
			else
				fputs("<td>", fp);
			html_escape(fp, t->rows[i][j]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table></div>\n", fp);
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
