/*
 * Metric records (DESIGN.md, pp(7)): their time, value and series.
 */
#ifndef PP_METRIC_H
#define PP_METRIC_H

#include "buf.h"
#include "opts.h"
#include "rec.h"
#include "units.h"

/* The interned names of the fields that pp's records share. */
struct metric_names {
	const char	*ts, *timestamp, *time, *attime;	/* @timestamp */
	const char	*metric, *value, *unit, *run, *command;
	const char	*sample_rate, *zscore, *baseline, *anomaly, *timed_out;
};
/* The names, interned on the first call; never freed. */
const struct metric_names *mnames(void);

/*
 * Makes r the metric record ts, metric, value, unit, then the fields of
 * labels (which may be NULL).
 */
void	 metric_rec(struct rec *r, const char *ts, const char *metric,
	    const char *value, const char *unit, const struct rec *labels);
/* Appends the fields of src to r (names stay interned). */
void	 rec_append(struct rec *r, const struct rec *src);

/*
 * The time of a record from --time-field, else ts, timestamp, time or
 * @timestamp.  Returns 0 with *t set, 1 if there is no such field, -1 if
 * its text is no time; *text is the value found (borrowed), or NULL.
 */
int	 metric_time(const struct rec *, const struct pp_common *, pp_time *t,
	    const char **text);
/*
 * metric_time, saying what is wrong as a bad record (pp_badrec): no time
 * field, an empty one, or one that is no time, naming the field.
 * Returns 0 with *t set, or -1.
 */
int	 metric_time_checked(const struct rec *, const struct pp_common *,
	    pp_time *t);

/*
 * The value of a record (the -f field, default value).  Returns 0 with
 * *v set, 1 if there is no such field or it is empty, -1 if it is no
 * number; *text as for metric_time.
 */
int	 metric_value(const struct rec *, const struct pp_common *, double *v,
	    const char **text);
/*
 * metric_value, reporting a record without the field, with an empty one
 * or with one that is no number as a bad record.  Returns 0 with *v set,
 * or -1.
 */
int	 metric_value_checked(const struct rec *, const struct pp_common *,
	    double *v);
/*
 * Is name a label of a series?  Not the time, the value, the unit, the
 * run number nor a field that pp tools add to a record.  With -g, only
 * the labels named there.
 */
int	 metric_is_label(const struct pp_common *, const char *name);
/*
 * The key of the record's series: its metric and its labels, as
 * "metric\037name=value\037...", labels in name order (the first 64
 * count).  Replaces the contents of key.
 */
void	 series_key(const struct rec *, const struct pp_common *,
	    struct buf *key);

#endif
