/*
 * The writers of the output-only formats that wr.c holds records for
 * until wr_close: OpenMetrics text (wr_openmetrics.c) and Markdown
 * tables (wr_markdown.c).  Private to the writers.
 */
#ifndef PP_WR_FMT_H
#define PP_WR_FMT_H

#include <stddef.h>

#include "buf.h"
#include "rec.h"

/* 1 if s is not empty and strtod reads it whole: a table's number. */
int	 wr_looks_numeric(const char *s);
/* A held row's field that was a number before human.h wrote it. */
#define RF_NUMERIC	0x80
/*
 * Sets num[j] for each column j of held rows [from, to), which share
 * names: 1 if every value in it was a number or is empty (right-aligned).
 */
void	 wr_numeric_columns(const struct rec *rows, size_t from, size_t to,
	    int *num);

/* Appends a Markdown table's header and separator rows for h to b. */
void	 md_header(const struct rec *h, const int *num, struct buf *b);
/* Appends r as one row of a Markdown table to b. */
void	 md_row(const struct rec *r, struct buf *b);

struct om;

struct om *om_new(void);
/*
 * Adds r's samples: a metric record gives one, another record one per
 * number.  A later sample of the same series replaces an earlier one.
 */
void	 om_add(struct om *, const struct rec *r);
/* The number of metric families added so far. */
size_t	 om_nfamilies(const struct om *);
/* Appends family i (HELP, TYPE, UNIT, samples) to b. */
void	 om_format_family(const struct om *, size_t i, struct buf *b);
/* The line that ends an exposition. */
#define OM_EOF	"# EOF\n"
void	 om_free(struct om *);

#endif
