/*
 * Field matches.  Prefix and suffix globs, the common ones, are compared
 * directly; any other goes through fnmatch(3).
 */
#include <fnmatch.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "match.h"

int
has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

int
matcher_kind(const char *p, size_t *len)
{
	size_t n = strlen(p);

	*len = n;
	if (!has_glob(p))
		return MATCH_EXACT;
	if (n > 1 && p[n - 1] == '*' && strpbrk(p, "*?[\\") == p + n - 1) {
		*len = n - 1;
		return MATCH_PREFIX;
	}
	if (n > 1 && p[0] == '*' && !has_glob(p + 1) && !strchr(p, '\\')) {
		*len = n - 1;
		return MATCH_SUFFIX;
	}
	return MATCH_GLOB;
}

int
matcher_match(const struct matcher *m, const char *v)
{
	size_t n;

	switch (m->glob) {
	case MATCH_EXACT:
		return strcmp(m->pattern, v) == 0;
	case MATCH_PREFIX:
		return strncmp(m->pattern, v, m->len) == 0;
	case MATCH_SUFFIX:
		n = strlen(v);
		return n >= m->len && memcmp(v + n - m->len, m->pattern + 1,
		    m->len) == 0;
	default:
		return fnmatch(m->pattern, v, 0) == 0;
	}
}

struct matcher *
matchers_of(const struct cnode *m, struct matcher *v, size_t *n)
{
	size_t i;

	conf_expect(m, CN_MAP, "a mapping from field to value or glob");
	for (i = 0; i < m->n; i++) {
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[*n].field = interns(m->keys[i]->str);
		v[*n].pattern = conf_string(m->vals[i]);
		v[*n].glob = matcher_kind(v[*n].pattern, &v[*n].len);
		(*n)++;
	}
	return v;
}

int
matchers_hold(const struct matcher *m, size_t n, const struct rec *r)
{
	const char *v;
	size_t i;

	for (i = 0; i < n; i++)
		if ((v = rec_get(r, m[i].field)) == NULL ||
		    !matcher_match(&m[i], v))
			return 0;
	return 1;
}
