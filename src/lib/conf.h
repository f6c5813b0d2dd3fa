/*
 * YAML configuration (libyaml): a tree of nodes that keep their file,
 * line and column, so that every complaint points at its place.
 */
#ifndef PP_CONF_H
#define PP_CONF_H

#include <stddef.h>

enum cnode_type { CN_SCALAR, CN_MAP, CN_SEQ };

struct cnode {
	enum cnode_type	 type;
	char		*str;		/* scalar text */
	size_t		 n;		/* entries of a map or sequence */
	struct cnode	**keys;		/* map: key scalars */
	struct cnode	**vals;		/* map values, sequence items */
	const char	*file;
	unsigned long	 line;		/* 1-based */
	unsigned long	 col;		/* 1-based */
	int		 owns_file;	/* the root frees file */
};

/*
 * Loads a YAML file.  path NULL means $PP_CONFIG, and neither means no
 * configuration (NULL).  A file that cannot be read exits 4; bad YAML,
 * duplicate keys, aliases, or a top-level key that is no section of
 * pp-config(5) exit 3 with file:line:col.  The tree is the caller's.
 */
struct cnode *conf_load(const char *path);
void	 conf_free(struct cnode *);

/* The value of key in a map, or NULL (also if map is NULL). */
struct cnode *conf_get(const struct cnode *map, const char *key);
/* Exits 3 at the first key of map that is not in allowed (NULL-ended). */
void	 conf_check_keys(const struct cnode *map, const char *const *allowed);
/* Exits 3 unless node is of the given type, naming what was expected. */
void	 conf_expect(const struct cnode *, enum cnode_type, const char *what);
/* "prog: file:line:col: what" and exit 3. */
struct opt_word;
/*
 * The value of n, a keyword of tab (opts.h); otherwise fatal at n:
 * "key: 'word' is not a, b or c".
 */
int	 conf_word(const struct cnode *n, const char *key,
	    const struct opt_word *tab);
void	 conf_die(const struct cnode *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

/* Typed scalars: each exits 3 at the node if the text is not one. */
double	 conf_number(const struct cnode *);
double	 conf_duration(const struct cnode *);
double	 conf_size(const struct cnode *);
double	 conf_percent(const struct cnode *);
int	 conf_bool(const struct cnode *);
const char *conf_string(const struct cnode *);

/*
 * The shared metrics: section, a map from metric name or glob to its
 * properties.
 */
enum { BETTER_UNSET = -1, BETTER_LOWER = 0, BETTER_HIGHER = 1 };
struct metric_props {
	const char	*pattern;
	int		 better;	/* BETTER_UNSET if not given */
	const char	*unit;		/* NULL if not given */
};
struct metric_conf {
	struct metric_props *v;
	size_t		 n;
};
/* Reads and checks metrics: from root (which may be NULL). */
void	 conf_metrics(const struct cnode *root, struct metric_conf *);
/* The properties of a metric: the first exact match, else first glob. */
const struct metric_props *metric_props(const struct metric_conf *,
	    const char *metric);
void	 metric_conf_free(struct metric_conf *);
/*
 * Whether a higher or a lower value of metric, in unit (NULL if none),
 * is better: the better: of its metrics: entry if it has one; else
 * higher for a rate, a unit ending in "/s" (B/s, MB/s, ops/s, req/s),
 * and for a name containing "throughput" or "hit_ratio" in any case;
 * else lower.
 */
int	 metric_better(const struct metric_conf *, const char *metric,
	    const char *unit);

#endif
