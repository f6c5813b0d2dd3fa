/*
 * Markdown output: a GitHub-flavoured table per block of records with
 * the same names, for $GITHUB_STEP_SUMMARY and pull request comments.
 */
#include <string.h>

#include "wr_fmt.h"

/*
 * A cell's text: '|' would end the cell, so it is escaped; a line break
 * would end the row, so it becomes <br> (CRLF, LF and CR alike).
 */
static void
md_cell(struct buf *b, const char *s)
{
	size_t n;

	buf_add(b, "| ", 2);
	for (;;) {
		n = strcspn(s, "|\\\r\n");
		buf_add(b, s, n);
		s += n;
		switch (*s) {
		case '\0':
			buf_addc(b, ' ');
			return;
		case '|':
			buf_add(b, "\\|", 2);
			break;
		case '\\':		/* else \| would read as | */
			buf_add(b, "\\\\", 2);
			break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* FALLTHROUGH */
		default:
			buf_add(b, "<br>", 4);
			break;
		}
		s++;
	}
}

void
md_header(const struct rec *h, const int *num, struct buf *b)
{
	size_t j;

	for (j = 0; j < h->n; j++)
		md_cell(b, h->name[j]);
	buf_add(b, "|\n", 2);
	for (j = 0; j < h->n; j++)
		buf_adds(b, num[j] ? "| ---: " : "| --- ");
	buf_add(b, "|\n", 2);
}

void
md_row(const struct rec *r, struct buf *b)
{
	size_t j;

	for (j = 0; j < r->n; j++)
		md_cell(b, rec_val(r, j));
	buf_add(b, "|\n", 2);
}
