/*
 * Field matches of the configuration: a field's value must equal a text,
 * or match a shell glob ("web*", "*.log" and the like; fnmatch(3)).
 */
#ifndef PP_MATCH_H
#define PP_MATCH_H

#include <stddef.h>

#include "conf.h"
#include "rec.h"

enum { MATCH_EXACT, MATCH_PREFIX, MATCH_SUFFIX, MATCH_GLOB };

struct matcher {
	const char	*field;		/* interned */
	const char	*pattern;	/* borrowed from the configuration */
	int		 glob;		/* MATCH_*: how it is compared */
	size_t		 len;		/* of the prefix or suffix */
};

/* How a pattern is matched: "web*" as a prefix, "*.log" as a suffix. */
int	 matcher_kind(const char *pattern, size_t *len);
int	 matcher_match(const struct matcher *, const char *value);
/* 1 if s holds a glob character. */
int	 has_glob(const char *s);
/*
 * Appends the matches of a configuration mapping (field: pattern) to v,
 * which grows; exits 3 at a node that is not one.
 */
struct matcher *matchers_of(const struct cnode *m, struct matcher *v,
	    size_t *n);
/* 1 if every match holds for the record (a missing field never does). */
int	 matchers_hold(const struct matcher *, size_t n, const struct rec *);

#endif
