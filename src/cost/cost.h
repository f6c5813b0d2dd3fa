/*
 * pp-cost's modules: price sheets and the pricing of one record.
 */
#ifndef PP_COST_H
#define PP_COST_H

#include <stddef.h>

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

/* Reads prices: (one sheet, or a list by since); exits 3 at a bad node. */
void	 prices_load(const struct cnode *root, struct prices *);
void	 prices_free(struct prices *);
/* The sheet in force at t. */
struct sheet *prices_at(struct prices *, pp_time t);
/*
 * The first rule of the sheet that takes the record (whose metric is
 * metric), or NULL.
 */
const struct rule *rule_for(struct sheet *, const char *metric,
	    const struct rec *);

#endif
