/*
 * pp-cost's modules: price sheets (prices.c), the pricing of one record
 * and the coverage (price.c), breakdowns, periods and the forecast
 * (report.c), savings (suggest.c).
 */
#ifndef PP_COST_H
#define PP_COST_H

#include <stddef.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "opts.h"
#include "hmap.h"
#include "match.h"
#include "money.h"
#include "prices.h"
#include "rec.h"
#include "units.h"
#include "wr.h"

/* What pp-cost writes, how it prices, the periods of --report. */
enum { OUT_ANNOTATE, OUT_RECORDS, OUT_BY, OUT_REPORT, OUT_TOP,
	OUT_FORECAST, OUT_SUGGEST };
enum { MODE_AUTO, MODE_CALCULATE, MODE_DISPLAY };
enum { P_DAILY, P_WEEKLY, P_MONTHLY };

/* One group of --by: its key's values, and its totals. */
struct group {
	char		**vals;
	money		 cost;
	size_t		 n;
	struct hmap	 execs;		/* distinct execution ids */
	double		 seconds;
	int		 has_seconds;
};

/* Totals of a calendar period for a category. */
struct period {
	pp_time		 start;
	const char	*category;
	money		 cost;
	size_t		 n;
};

/* One run of pp-cost: its options, totals and what it collects. */
struct cost {
	struct pp_common c;
	struct prices	 p;
	int		 out, mode, period;
	long		 top;
	const char	**by;
	size_t		 nby;
	double		 require, compression;
	pp_time		 since, until;
	int		 since_set, until_set;
	const char	*exec_field;
	const char	*currency;
	const char	*n_cost, *n_currency, *n_category, *n_rule;
	int		 need_time;	/* sheets, periods, gauges, filters */
	pp_time		 now;		/* the sheet of records without time */
	const char	*last_unit, *last_base;
	char		 last_unit_buf[32];
	int64_t		 last_mul;
	int		 last_div10;
	struct wr	*out_w;		/* NULL: no records (junit) */
	int		 junit, github;	/* --output-format junit, --github */
	struct rec	 r;
	size_t		 nrec, npriced;
	money		 total;
	struct hmap	 unpriced;	/* metric -> count */
	struct hmap	 groups;
	struct hmap	 periods;	/* start + category -> struct period */
	struct hmap	 gauges;	/* series -> last time of a gauge */
	struct buf	 key;
	/* --suggest */
	struct hmap	 models;	/* model -> money and usage */
	struct hmap	 prompts;	/* prompt hash -> count, money */
	struct hmap	 calls;		/* api key -> times */
	money		 llm, egress;
	double		 egress_bytes;
};

struct model_use {
	money		 cost;
	const struct rule *rule;
	struct decimal	 usage;	/* summed as a double below */
	double		 qty;
	const char	*metric;
	struct model_use *next;	/* other metrics of the same model */
};

struct prompt_use {
	size_t	 n;
	money	 first, repeats;
};

struct call_times {
	double	*t;
	size_t	 n, cap;
	money	 cost;
};

/* price.c */
/*
 * Prices one record: 0 with *amount, *rule (NULL for the record's own
 * cost) and *currency, or -1 if it stays unpriced (a warning said why
 * where it was bad).  *qty is the priced quantity in base units, or NaN.
 */
int	 price_record(struct cost *, const struct rec *r, pp_time t,
	    int has_time, money *amount, const struct rule **rule,
	    const char **currency, double *qty);
/* Counts a record of metric as unpriced. */
void	 cost_unpriced(struct cost *, const char *metric);
/*
 * Says on stderr (unless --quiet) how many records were priced; returns
 * PP_EXIT_FAIL if that is below --require-coverage, else PP_EXIT_OK.
 */
int	 cost_coverage(const struct cost *);
/* part of whole as a percentage for people, cut to one decimal: "95.0%". */
char	*cost_share_text(size_t part, size_t whole, char buf[32]);

/* report.c */
/* Puts m into r as field name, formatted exactly. */
void	 put_money(struct rec *r, const char *name, money m);
/* Writes r with its cost, currency, category and price rule. */
void	 write_annotated(struct cost *, struct rec *r, int ok, money m,
	    const struct rule *ru, const char *currency);
/* Writes a cost metric record for the priced record r. */
void	 write_cost_record(struct cost *, const struct rec *r, pp_time t,
	    int has_time, money m, const struct rule *ru, const char *currency);
/* Adds a priced record to its group of --by. */
void	 add_group(struct cost *, const struct rec *r, const struct rule *ru,
	    money m);
/* Adds m to the period of t for category. */
void	 add_period(struct cost *, pp_time t, const char *category, money m);
/* The groups, largest first; limit 0 for all of them. */
void	 write_groups(struct cost *, size_t limit);
/* The periods, in time, each with its change from the one before. */
void	 write_report(struct cost *);
/* The next day, week and month from daily totals (a warning if few). */
void	 write_forecast(struct cost *);

/* suggest.c */
/* Keeps what --suggest needs of a priced record at t (0 for none). */
void	 add_evidence(struct cost *, const struct rec *r, pp_time t,
	    const struct rule *ru, money m, double qty);
/* The suggestions with their savings: model, caching, batching, egress. */
void	 write_suggestions(struct cost *);

/*
 * take.c: prices one record of rd (written in fmt) and hands it to the
 * output; *t is its time when it is read.  cost_gate: --require-coverage
 * as a check for CI (gate.h).
 */
void	 cost_take(struct cost *, struct rd *rd, int fmt, struct rec *r,
	    pp_time *t);
void	 cost_gate(const struct cost *);

#endif
