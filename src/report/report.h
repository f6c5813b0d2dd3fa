/*
 * pp-report's modules: the records sorted into the page's sections, and
 * the HTML of each: trend charts, tables, bars, the page around them.
 */
#ifndef PP_REPORT_H
#define PP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "hmap.h"
#include "human.h"
#include "opts.h"
#include "rec.h"
#include "units.h"

/* A charted series: its points (times and values in base units). */
struct series {
	char		*label;		/* metric and labels, for people */
	const char	*metric;
	const char	*unit;
	int		 better;
	pp_time		*t;
	double		*v;
	size_t		 n, cap;
	pp_time		*marks;		/* change points */
	char		**mark_sev;
	size_t		 nmarks;
};

/* Other programs' records, kept as rows of text for their sections. */
struct table {
	const char	**cols;
	size_t		 ncols;
	char		***rows;
	size_t		 nrows;
};

/* The options, the records taken, and the page being written. */
struct report {
	struct pp_common c;
	const char	*out, *title;
	double		 window;
	long		 width;
	struct metric_conf mc;
	struct hmap	 series;
	struct buf	 key;
	pp_time		 newest;
	struct table	 summary, changes, anomalies, violations, budgets,
			 abtests, decisions, costs, findings;
	struct hmap	 cost_by_cat, cost_by_day;
	/*
	 * pp-cost --report's totals of a period: the sums when no cost
	 * record came (given both, the records are counted, once).
	 */
	struct hmap	 period_by_cat, period_by_day;
	const char	*currency;	/* of the cost sums: the first's */
	unsigned char	*fields_seen;	/* c.view.fields a table had */
	FILE		*fp;
};

/* What a table shows without -F: its first columns in their order, then
 * (unless only) the others but hide, in the order of the input. */
struct view {
	const char *const *first;
	int		 only;
	const char *const *hide;
};

/* take.c */

/* Sorts r into its section (a table, a cost sum or a series) by the
 * fields it has; r is borrowed, what is kept is copied. */
void	 take(struct report *, const struct rec *);
/* Puts the change points of rp->changes on their series' charts. */
void	 attach_marks(struct report *);
/* After the input: the cost sums from the records, else the periods'. */
void	 settle_costs(struct report *);
/* Appends r's values as a row of t; t's columns are the first row's. */
void	 table_add(struct table *, const struct rec *);
/* Frees t's rows and columns; t itself is the caller's. */
void	 table_free(struct table *);
/* Frees the series, the cost sums and the tables of rp. */
void	 report_free(struct report *);

/* html.c */

/* Writes s to fp, escaped for element content and quoted attributes:
 * the one way text gets into the page. */
void	 html_escape(FILE *, const char *);
/* t as YYYY-MM-DD HH:MM in buf. */
void	 date_label(pp_time, char [PP_TIME_LEN]);
/* v when it is one of the NULL-ended words, else "". */
const char *known_word(const char *, const char *const *);
/* The classes of change points' lines and of table cells. */
extern const char *const change_classes[];
extern const char *const cell_classes[];

/* charts.c */

/* One series' SVG chart, id its number on the page, to rp->fp. */
void	 chart(struct report *, struct series *, int);
/* Horizontal bars of t's numeric column value in unit, labelled by column
 * label and (if not NULL and t has it) label2; nothing when t lacks label
 * or value. */
void	 bars(FILE *, const struct table *, const char *, const char *,
	    const char *, const char *);
/* The A/B tests' medians with their intervals and p95s, and their
 * differences from the control about a zero line, width wide. */
void	 ab_chart(FILE *, const struct table *, long);
/* pp-budget --by-day's compliance per day (column daily) as bars. */
void	 compliance_chart(FILE *, const struct table *, long);

/* tables.c */

/* t as an HTML table to rp->fp, its columns by -F, else as v says. */
void	 write_table(const struct report *, const struct table *,
	    const struct view *);
/* Warns of each name of -F that no table had: most likely a typo. */
void	 fields_unseen(const struct report *);
/* The index of column name in t, or -1. */
long	 col(const struct table *, const char *);
/* Sorts t's rows by their severity column, the worst first; nothing
 * when t has none. */
void	 table_sort_severity(struct table *);

/* page.c */

/* The whole page, to rp->fp. */
void	 write_report(struct report *);

#endif /* PP_REPORT_H */
