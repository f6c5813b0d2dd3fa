/*
 * Record writers: CSV (quoted only where needed), TSV (escaped), JSON
 * Lines (flat objects, numbers as numbers), and, for output only, table
 * (aligned, for people), OpenMetrics (gauges; wr_openmetrics.c) and
 * Markdown (GitHub tables; wr_markdown.c).
 */
#ifndef PP_WR_H
#define PP_WR_H

#include <stdio.h>

#include "rec.h"

struct wr;

/*
 * Writes records to fp in format fmt (not FMT_AUTO; never FMT_JUNIT,
 * which aborts: JUnit is a gate's document, gate.h); name is how errors
 * name the stream.  fp stays the caller's.
 */
struct wr *wr_open(FILE *fp, const char *name, int fmt);
/*
 * What a writer shows of each record (pp(7), -F and --precision): the
 * fields named or matched by a glob in fields, in that order (a record
 * with none of them is not written); or, when fields is NULL, every
 * field but, in a table, those in hide (unless that leaves none).
 * precision is the significant digits of a table's and Markdown's
 * numbers (human.h), 0 for the default.  The view is borrowed.
 */
struct wr_view {
	const char	**fields;
	size_t		 nfields;
	const char	**hide;
	size_t		 nhide;
	int		 precision;
};
void	 wr_set_view(struct wr *, const struct wr_view *);
/*
 * Writes one record.  A CSV or TSV writer starts a new block (a blank
 * line and a header) when the names change.  A write error exits 4.
 */
void	 wr_record(struct wr *, const struct rec *);
/*
 * Makes names the current CSV or TSV header, starting a new block if
 * another one is current: a bad record passed through goes under the
 * header of its input.
 */
void	 wr_header(struct wr *, const char *const *names, size_t n);
/* Writes text as it is: a bad record passed through unchanged. */
void	 wr_raw(struct wr *, const char *text, size_t len);
struct rd;
/*
 * Passes the reader's last record through as it was read, under the
 * header of its input (wr_header, for CSV and TSV): how filters write a
 * bad record.  The writer must be of the reader's format.
 */
void	 wr_pass(struct wr *, struct rd *);
/*
 * Flushes (a table, OpenMetrics and Markdown are written only now) and
 * frees; exits 4 on error.
 */
void	 wr_close(struct wr *);

/* Appends r's header line (CSV or TSV) to b. */
void	 wr_format_header(int fmt, const struct rec *r, struct buf *b);
/* Appends r as one line of format fmt (not table) to b. */
void	 wr_format_record(int fmt, const struct rec *r, struct buf *b);

/* 1 if s is a JSON number (RFC 8259 grammar). */
int	 is_json_number(const char *s);

/* Appends one CSV field to b, quoted only where needed. */
void	 csv_field(struct buf *b, const char *s);

#endif
