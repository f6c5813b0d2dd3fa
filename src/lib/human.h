/*
 * Numbers for people: what a table, a Markdown table, a report or a
 * message shows.  Durations and sizes in a readable unit ("109 ms",
 * "1.4 GiB"), money to the cent ("16.25 USD"), p-values as "<0.001" or
 * "0.032", percentages with one decimal ("35.3%"), other numbers with a
 * few significant digits.  Machine formats (CSV, TSV, JSON) never come
 * here: they stay exact.
 */
#ifndef PP_HUMAN_H
#define PP_HUMAN_H

#include "buf.h"
#include "rec.h"

/* Significant digits unless --precision says otherwise. */
#define HUMAN_PRECISION	3

/*
 * Appends x in unit for people: s (and ms, us, ns, min, h, d) as a
 * duration, bytes (and KB ... TiB) as a size, percent as "35.3%", an ISO
 * 4217 currency to the cent, count, ratio, another unit or none (NULL
 * or "") as a plain number, another unit after it.  precision is the
 * number of significant digits, 0 for HUMAN_PRECISION.
 */
void	 human_number(struct buf *b, double x, const char *unit, int precision);

/*
 * Appends an amount of money to the cent from its exact decimal text
 * ("0.015" is "0.02 USD", half to even): 0, or -1 if cur is no ISO 4217
 * code or text no decimal, with nothing appended.
 */
int	 human_money(struct buf *b, const char *text, const char *cur,
	    int precision);

/*
 * Appends the value of field name of record r as a person reads it.
 * The field's name and the record say what it is: a time (ts, *_ts), a
 * p-value (p_value, p_adjusted, *_p), a percentage (*_pct), a duration
 * (*_s) or size (*_bytes), money (cost, amount, total, price, cost_*
 * savings beside a currency field), a statistic of the record's values (value,
 * mean, sd, min, max, median, pNN, before, after, baseline, observed,
 * limit, diff, forecast_* ...: in the record's unit), or a plain number.
 * Text that is no number is appended as it is.
 */
void	 human_field(struct buf *b, const struct rec *r, const char *name,
	    const char *value, int precision);

/*
 * The unit the numbers of field name of record r are in, as
 * human_number takes it ("s", "bytes", "percent", "USD"), or NULL if
 * they are plain numbers; *per_day is set for a slope (unit per day).
 */
const char *human_field_unit(const struct rec *r, const char *name,
	    int *per_day);

/*
 * For an axis or a column that shows numbers of unit up to |max| in one
 * scale: sets *factor (divide the values by it) and returns the label
 * of the scale ("ms", "GiB", "USD", "%"; "" for plain numbers).
 */
const char *human_scale(double max, const char *unit, double *factor);

/* human_number at the default precision into a buffer of its own. */
#define PP_HUMAN_LEN	48
char	*fmt_human(double v, const char *unit, char buf[PP_HUMAN_LEN]);
/* human_number at precision into a buffer of its own. */
char	*human_text(double v, const char *unit, int precision,
	    char buf[PP_HUMAN_LEN]);

#endif
