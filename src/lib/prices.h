/*
 * Price sheets, the prices: section of pp-config(5): rules matched in
 * order, prices as exact decimals, per quantities with units (1M
 * tokens, 1GB, 1GiB-month).  pp-cost prices records with them and
 * pp-optimize the savings of its findings.
 */
#ifndef PP_PRICES_H
#define PP_PRICES_H

#include <stddef.h>

#include "clock.h"
#include "conf.h"
#include "hmap.h"
#include "match.h"
#include "money.h"
#include "rec.h"
#include "units.h"

/* What a price is per: a quantity in base units, of a kind. */
enum { PER_COUNT, PER_TIME, PER_BYTES, PER_BYTE_TIME };

struct rule {
	const char	*name;		/* "rule N" unless named */
	int		 name_owned;
	struct matcher	*m;
	size_t		 nm;
	const char	*metric;	/* the metric match's pattern, or NULL */
	int		 metric_kind;
	size_t		 metric_len;
	const char	*category;
	struct decimal	 price;
	struct decimal	 per;		/* in base units */
	int		 per_kind;
	const char	*per_text;
};

struct sheet {
	pp_time		 since;		/* 0: always */
	const char	*currency;
	double		 hours_per_month;
	struct rule	*rules;
	size_t		 nrules;
	struct hmap	 takers;	/* metric name -> rule indices */
};

struct prices {
	struct sheet	*s;
	size_t		 n;		/* sorted by since */
};

/*
 * Reads the prices: section of root (none: p->n is 0); exits 3 at a bad
 * node.  The rules borrow their strings from root, which must outlive p.
 */
void	 prices_load(const struct cnode *root, struct prices *);
void	 prices_free(struct prices *);
/* The sheet in force at t, or NULL; borrowed from p. */
struct sheet *prices_at(struct prices *, pp_time t);
/*
 * The first rule of the sheet that takes the record (whose metric is
 * metric), or NULL.
 */
const struct rule *rule_for(struct sheet *, const char *metric,
	    const struct rec *);

#endif
