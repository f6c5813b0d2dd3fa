/*
 * Unit tests of field matches (match.h): how a pattern is classified,
 * exact, prefix, suffix and fnmatch(3) globs with their edge cases, the
 * fast paths agreeing with fnmatch, matches read from a configuration
 * mapping (and the exit 3 when it is not one), and records.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "match.h"
#include "rec.h"
#include "tap.h"

static void
test_has_glob(void)
{
	static const char *const yes[] = { "*", "?", "[", "a*", "*a", "a?b",
	    "[ab]", "x[", "**", NULL };
	static const char *const no[] = { "", "abc", "a.b", "a\\b", "]",
	    "{a,b}", "a+b", "^a$", "a.+", NULL };
	size_t i;
	char *m;

	for (i = 0; yes[i] != NULL; i++) {
		m = xasprintf("has_glob(\"%s\") is 1", yes[i]);
		tap_ok(has_glob(yes[i]) == 1, m);
		free(m);
	}
	for (i = 0; no[i] != NULL; i++) {
		m = xasprintf("has_glob(\"%s\") is 0", no[i]);
		tap_ok(has_glob(no[i]) == 0, m);
		free(m);
	}
}

static void
test_kind(void)
{
	static const struct {
		const char	*p;
		int		 kind;
		size_t		 len;
	} t[] = {
		{ "web", MATCH_EXACT, 3 },
		{ "", MATCH_EXACT, 0 },
		{ "a\\b", MATCH_EXACT, 3 },
		{ "web*", MATCH_PREFIX, 3 },
		{ "a*", MATCH_PREFIX, 1 },
		{ "*.log", MATCH_SUFFIX, 4 },
		{ "*x", MATCH_SUFFIX, 1 },
		{ "*", MATCH_GLOB, 1 },
		{ "**", MATCH_GLOB, 2 },
		{ "*web*", MATCH_GLOB, 5 },
		{ "web?", MATCH_GLOB, 4 },
		{ "w?b*", MATCH_GLOB, 4 },
		{ "[wW]eb", MATCH_GLOB, 6 },
		{ "web[0-9]*", MATCH_GLOB, 9 },
		{ "*.l?g", MATCH_GLOB, 5 },
		{ "a*b", MATCH_GLOB, 3 },
		{ "web\\*", MATCH_GLOB, 5 },
		{ "w\\eb*", MATCH_GLOB, 5 },
		{ "*\\.log", MATCH_GLOB, 6 },
		{ "*.lo\\g", MATCH_GLOB, 6 },
		{ "?", MATCH_GLOB, 1 },
		{ "[", MATCH_GLOB, 1 },
	};
	size_t i, len;
	int k;
	char *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = 12345;
		k = matcher_kind(t[i].p, &len);
		m = xasprintf("matcher_kind(\"%s\") = %d, len %zu", t[i].p,
		    t[i].kind, t[i].len);
		if (!tap_ok(k == t[i].kind && len == t[i].len, m))
			printf("#   got %d, len %zu\n", k, len);
		free(m);
	}
}

static struct matcher
mk(const char *field, const char *pattern)
{
	struct matcher m;

	m.field = interns(field);
	m.pattern = pattern;
	m.glob = matcher_kind(pattern, &m.len);
	return m;
}

static const struct {
	const char	*p;
	const char	*v;
	int		 match;
} cases[] = {
	/* exact */
	{ "web", "web", 1 }, { "web", "web1", 0 }, { "web", "we", 0 },
	{ "web", "Web", 0 }, { "web", "", 0 }, { "", "", 1 },
	{ "", "x", 0 }, { "a\\b", "a\\b", 1 }, { "a\\b", "ab", 0 },
	{ "web ", "web", 0 },
	/* prefix */
	{ "web*", "web", 1 }, { "web*", "web-1", 1 }, { "web*", "we", 0 },
	{ "web*", "xweb", 0 }, { "web*", "", 0 }, { "web*", "WEB1", 0 },
	{ "a*", "a/b/c", 1 }, { "a*", "a\n", 1 },
	/* suffix */
	{ "*.log", "app.log", 1 }, { "*.log", ".log", 1 },
	{ "*.log", "log", 0 }, { "*.log", "app.log.1", 0 },
	{ "*.log", "a/b.log", 1 }, { "*.log", "", 0 }, { "*x", "x", 1 },
	{ "*.log", "app.LOG", 0 },
	/* whole-value globs */
	{ "*", "", 1 }, { "*", "anything/at all", 1 }, { "*", ".hidden", 1 },
	{ "**", "", 1 }, { "*web*", "myweb1", 1 }, { "*web*", "web", 1 },
	{ "*web*", "wbe", 0 }, { "web?", "web1", 1 }, { "web?", "web", 0 },
	{ "web?", "web12", 0 }, { "?", "", 0 }, { "?", "/", 1 },
	{ "[wW]eb", "Web", 1 }, { "[wW]eb", "xeb", 0 },
	{ "web[0-9]*", "web7x", 1 }, { "web[0-9]*", "webx", 0 },
	{ "[!a]*", "b", 1 }, { "[!a]*", "a", 0 }, { "[^a]", "b", 1 },
	{ "[]]", "]", 1 }, { "[*]", "*", 1 }, { "[*]", "x", 0 },
	{ "a*b", "ab", 1 }, { "a*b", "axxb", 1 }, { "a*b", "abx", 0 },
	{ "web\\*", "web*", 1 }, { "web\\*", "web1", 0 },
	{ "*\\.log", "x.log", 1 }, { "*\\?", "a?", 1 }, { "*\\?", "ab", 0 },
	{ "w\\eb*", "web1", 1 },
	{ "[", "[", 1 }, { "x[", "x[", 1 }, { "x[", "x", 0 },
};

static void
test_match(void)
{
	struct matcher m;
	size_t i;
	char *msg;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = mk("f", cases[i].p);
		msg = xasprintf("\"%s\" %s \"%s\"", cases[i].p,
		    cases[i].match ? "matches" : "does not match", cases[i].v);
		tap_ok(matcher_match(&m, cases[i].v) == cases[i].match, msg);
		free(msg);
	}
}

/* The direct comparisons say what fnmatch(pattern, value, 0) says. */
static void
test_agrees_with_fnmatch(void)
{
	static const char *const pats[] = { "web", "web*", "*.log", "*",
	    "a*", "*a", "ab*", "*ab", "", "*b*", "a\\*", "\\a*", "*\\a",
	    NULL };
	static const char *const vals[] = { "", "a", "b", "ab", "ba", "aab",
	    "abb", "web", "web.log", ".log", "a*", "*", "\\a", "a\\",
	    "x.log", "weblog", NULL };
	struct matcher m;
	size_t i, j, bad = 0;

	for (i = 0; pats[i] != NULL; i++) {
		m = mk("f", pats[i]);
		for (j = 0; vals[j] != NULL; j++)
			if (matcher_match(&m, vals[j]) !=
			    (fnmatch(pats[i], vals[j], 0) == 0)) {
				if (bad++ == 0)
					printf("#   \"%s\" on \"%s\"\n",
					    pats[i], vals[j]);
			}
	}
	tap_ok(bad == 0, "every kind agrees with fnmatch(3)");
}

/* Configuration nodes by hand: a mapping at in.yaml:line:col. */
static struct cnode *
node(enum cnode_type t, const char *str, unsigned long line,
    unsigned long col)
{
	struct cnode *n = xcalloc(1, sizeof(*n));

	n->type = t;
	n->str = str != NULL ? xstrdup(str) : NULL;
	n->file = "in.yaml";
	n->line = line;
	n->col = col;
	return n;
}

static void
map_put(struct cnode *m, struct cnode *k, struct cnode *v)
{
	m->keys = xreallocarray(m->keys, m->n + 1, sizeof(*m->keys));
	m->vals = xreallocarray(m->vals, m->n + 1, sizeof(*m->vals));
	m->keys[m->n] = k;
	m->vals[m->n] = v;
	m->n++;
}

static void
node_free(struct cnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys != NULL)
			node_free(n->keys[i]);
		node_free(n->vals[i]);
	}
	free(n->keys);
	free(n->vals);
	free(n->str);
	free(n);
}

static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

/* Runs fn(arg) in a child; its wait status, and its stderr in err. */
static int
run_child(void (*fn)(const void *), const void *arg, char *err,
    size_t errsz)
{
	int pfd[2], status;
	pid_t pid;
	ssize_t n;
	size_t len = 0;

	if (pipe(pfd) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		pp_die_errno(PP_EXIT_SYS, "fork");
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 2);
		close(pfd[1]);
		on_exit(exit_now, NULL);
		fn(arg);
		_exit(0);
	}
	close(pfd[1]);
	while (len < errsz - 1 && ((n = read(pfd[0], err + len,
	    errsz - 1 - len)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	err[len] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void
dies(void (*fn)(const void *), const void *arg, int status,
    const char *want, const char *what)
{
	char err[1024], *m;
	int st = run_child(fn, arg, err, sizeof(err));

	m = xasprintf("%s: exit %d", what, status);
	if (!tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == status, m))
		printf("#   wait status %d\n", st);
	free(m);
	m = xasprintf("%s: message", what);
	tap_str(err, want, m);
	free(m);
}

static void
matchers_child(const void *arg)
{
	size_t n = 0;

	(void)matchers_of(arg, NULL, &n);
}

static void
test_matchers(void)
{
	struct cnode *map = node(CN_MAP, NULL, 3, 5);
	struct cnode *seq = node(CN_SEQ, NULL, 7, 9);
	struct cnode *bad = node(CN_MAP, NULL, 1, 1);
	struct matcher *v;
	struct rec r;
	size_t n = 0;

	map_put(map, node(CN_SCALAR, "host", 3, 5), node(CN_SCALAR, "web*", 3,
	    11));
	map_put(map, node(CN_SCALAR, "file", 4, 5), node(CN_SCALAR, "*.log", 4,
	    11));
	map_put(map, node(CN_SCALAR, "env", 5, 5), node(CN_SCALAR, "prod", 5,
	    10));

	v = matchers_of(map, NULL, &n);
	tap_ok(n == 3, "matchers_of: one match per key");
	tap_ok(v[0].field == interns("host") && v[1].field == interns("file")
	    && v[2].field == interns("env"), "fields interned, in order");
	tap_ok(v[0].pattern == map->vals[0]->str,
	    "the pattern is borrowed from the configuration");
	tap_ok(v[0].glob == MATCH_PREFIX && v[0].len == 4 - 1 &&
	    v[1].glob == MATCH_SUFFIX && v[1].len == 4 &&
	    v[2].glob == MATCH_EXACT && v[2].len == 4,
	    "each classified by matcher_kind");
	v = matchers_of(map, v, &n);
	tap_ok(n == 6 && v[3].field == interns("host") &&
	    v[5].glob == MATCH_EXACT, "matchers_of appends to v");
	n = 3;

	rec_init(&r);
	rec_put(&r, "env", "prod");
	rec_put(&r, "host", "web-3");
	rec_put(&r, "file", "/var/app.log");
	tap_ok(matchers_hold(v, n, &r) == 1, "every match holds");
	tap_ok(matchers_hold(v, 0, &r) == 1, "no matches: always holds");
	tap_ok(matchers_hold(v, 1, &r) == 1, "the first alone holds");
	rec_set(&r, interns("env"), "dev");
	tap_ok(matchers_hold(v, n, &r) == 0, "one that fails: none hold");
	tap_ok(matchers_hold(v, 2, &r) == 1, "the two that hold");
	rec_clear(&r);
	rec_put(&r, "host", "web-3");
	rec_put(&r, "file", "a.log");
	tap_ok(matchers_hold(v, n, &r) == 0, "a missing field never holds");
	rec_put(&r, "env", "");
	tap_ok(matchers_hold(v, n, &r) == 0, "an empty value is not prod");
	rec_clear(&r);
	tap_ok(matchers_hold(v, 0, &r) == 1,
	    "no matches hold for an empty record");
	tap_ok(matchers_hold(v, 1, &r) == 0,
	    "a match never holds for an empty record");
	rec_free(&r);
	free(v);

	n = 0;
	v = matchers_of(bad, NULL, &n);
	tap_ok(n == 0 && v == NULL, "an empty mapping: no matches");

	dies(matchers_child, seq, PP_EXIT_DATA,
	    "test-match: in.yaml:7:9: expected a mapping from field to value "
	    "or glob\n", "a sequence for a mapping");
	map_put(bad, node(CN_SCALAR, "host", 2, 3), node(CN_SEQ, NULL, 2, 9));
	dies(matchers_child, bad, PP_EXIT_DATA,
	    "test-match: in.yaml:2:9: expected a single value\n",
	    "a sequence for a pattern");

	node_free(map);
	node_free(seq);
	node_free(bad);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_has_glob();
	test_kind();
	test_match();
	test_agrees_with_fnmatch();
	test_matchers();
	return tap_done();
}
