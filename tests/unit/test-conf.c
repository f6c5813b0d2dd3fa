/*
 * Unit tests of YAML configuration (conf.h) on the fixtures in
 * tests/fixtures/unit/conf-*.yaml: node positions, lookups, typed
 * scalars, the metrics: section, and the exact messages of the fatal
 * paths (run in a child process).
 */
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "tap.h"

static char *fixdir;

/* The path of a fixture (the caller frees it). */
static char *
fixture(const char *name)
{
	return xasprintf("%s/%s", fixdir, name);
}

/* Finds the fixtures from the working directory or from argv[0]. */
static void
find_fixtures(const char *argv0)
{
	const char *slash;

	if (access("tests/fixtures/unit/conf-good.yaml", R_OK) == 0) {
		fixdir = xstrdup("tests/fixtures/unit");
		return;
	}
	/* build/tests/test-conf -> build/tests/../../tests/fixtures/unit */
	slash = strrchr(argv0, '/');
	fixdir = xasprintf("%.*s/../../tests/fixtures/unit",
	    slash != NULL ? (int)(slash - argv0) : 1,
	    slash != NULL ? argv0 : ".");
}

static int
at(const struct cnode *n, enum cnode_type t, unsigned long line,
    unsigned long col, const char *what)
{
	int ok = n != NULL && n->type == t && n->line == line &&
	    n->col == col;

	if (!tap_ok(ok, what) && n != NULL)
		printf("#   got type %d at %lu:%lu, want type %d at %lu:%lu\n",
		    (int)n->type, n->line, n->col, (int)t, line, col);
	else if (n == NULL && !ok)
		printf("#   got no node\n");
	return ok;
}

static int
scalar_at(const struct cnode *n, const char *str, unsigned long line,
    unsigned long col, const char *what)
{
	char *m = xasprintf("%s: text", what);
	int ok;

	tap_str(n != NULL && n->type == CN_SCALAR ? n->str : NULL, str, m);
	free(m);
	m = xasprintf("%s: at %lu:%lu", what, line, col);
	ok = at(n, CN_SCALAR, line, col, m);
	free(m);
	return ok;
}

/*
 * A child that exits on purpose ends at once with its status: under
 * AddressSanitizer, no leak report (of what the parent had allocated)
 * joins the standard error it is tested on.
 */
static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

/*
 * Runs fn(arg) in a child with standard error into a pipe; returns the
 * wait status and the text said on standard error in err.
 */
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
	for (;;) {
		char sink[512];

		if (len < errsz - 1)
			n = read(pfd[0], err + len, errsz - 1 - len);
		else
			n = read(pfd[0], sink, sizeof(sink));	/* drain */
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
		if (n > 0 && len < errsz - 1)
			len += (size_t)n;
	}
	err[len] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Checks that fn(arg) exits with status and says exactly want. */
static void
dies(void (*fn)(const void *), const void *arg, int status,
    const char *want, const char *what)
{
	char err[2048], *m;
	int st = run_child(fn, arg, err, sizeof(err));

	m = xasprintf("%s: exit %d", what, status);
	if (!tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == status, m))
		printf("#   wait status %d (exit %d)\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	free(m);
	m = xasprintf("%s: message", what);
	tap_str(err, want, m);
	free(m);
}

/* Child bodies. */
static void
load_and_metrics(const void *arg)
{
	struct metric_conf mc;
	struct cnode *root = conf_load(arg);

	conf_metrics(root, &mc);
}

static void
load_only(const void *arg)
{
	(void)conf_load(arg);
}

struct call {
	const char	*file;
	const char	*const *path;	/* keys from the root, NULL-ended */
	int		 op;
};
enum { OP_NUMBER, OP_BOOL, OP_STRING, OP_DURATION, OP_SIZE, OP_PERCENT,
    OP_CHECK_TREND };

static void
typed(const void *arg)
{
	static const char *const trend_keys[] = { "window", NULL };
	const struct call *c = arg;
	struct cnode *n = conf_load(c->file);
	const char *const *k;

	for (k = c->path; *k != NULL; k++)
		n = conf_get(n, *k);
	if (n == NULL)
		_exit(98);
	switch (c->op) {
	case OP_NUMBER:
		conf_number(n);
		break;
	case OP_BOOL:
		conf_bool(n);
		break;
	case OP_STRING:
		conf_string(n);
		break;
	case OP_DURATION:
		conf_duration(n);
		break;
	case OP_SIZE:
		conf_size(n);
		break;
	case OP_PERCENT:
		conf_percent(n);
		break;
	case OP_CHECK_TREND:
		conf_check_keys(n, trend_keys);
		break;
	}
}

static void
test_good(void)
{
	char *path = fixture("conf-good.yaml");
	struct cnode *root, *metrics, *tp, *budgets, *b0, *b1, *labels,
	    *trend, *sample;

	root = conf_load(path);
	tap_ok(root != NULL && root->type == CN_MAP && root->n == 4,
	    "good: root is a map of 4 sections");
	tap_str(root != NULL ? root->file : NULL, path,
	    "good: nodes name their file");
	if (root != NULL && root->n == 4) {
		scalar_at(root->keys[0], "metrics", 2, 1, "good: key metrics");
		scalar_at(root->keys[1], "budgets", 9, 1, "good: key budgets");
		scalar_at(root->keys[2], "trend", 15, 1, "good: key trend");
		scalar_at(root->keys[3], "abtest", 20, 1, "good: key abtest");
	}
	metrics = conf_get(root, "metrics");
	tap_ok(metrics != NULL && metrics->type == CN_MAP && metrics->n == 4,
	    "good: metrics is a map of 4");
	if (metrics != NULL && metrics->n == 4) {
		scalar_at(metrics->keys[0], "throughput", 3, 3,
		    "good: key throughput");
		scalar_at(metrics->keys[1], "*.latency", 4, 3,
		    "good: quoted key *.latency");
		scalar_at(metrics->keys[2], "api.latency", 5, 3,
		    "good: key api.latency");
	}
	tp = conf_get(metrics, "throughput");
	at(tp, CN_MAP, 3, 15, "good: flow map at its '{'");
	scalar_at(conf_get(tp, "better"), "higher", 3, 24,
	    "good: flow map value");
	scalar_at(conf_get(tp, "unit"), "count", 3, 38,
	    "good: second flow map value");
	scalar_at(conf_get(conf_get(metrics, "api.latency"), "better"),
	    "higher", 6, 13, "good: block map value");

	budgets = conf_get(root, "budgets");
	tap_ok(budgets != NULL && budgets->type == CN_SEQ && budgets->n == 2 &&
	    budgets->keys == NULL, "good: budgets is a sequence of 2");
	b0 = budgets != NULL && budgets->n > 0 ? budgets->vals[0] : NULL;
	at(b0, CN_MAP, 10, 5, "good: first item, a map at its first key");
	scalar_at(conf_get(b0, "metric"), "wall_time", 10, 13,
	    "good: first item's metric");
	scalar_at(conf_get(b0, "max"), "500ms", 11, 10,
	    "good: first item's max");
	labels = conf_get(b0, "labels");
	at(labels, CN_SEQ, 12, 13, "good: flow sequence at its '['");
	if (labels != NULL && labels->n == 2) {
		scalar_at(labels->vals[0], "a", 12, 14, "good: flow item a");
		scalar_at(labels->vals[1], "b", 12, 17, "good: flow item b");
	} else
		tap_ok(0, "good: flow sequence of 2");
	b1 = budgets != NULL && budgets->n == 2 ? budgets->vals[1] : NULL;
	scalar_at(conf_get(b1, "max"), "2GiB", 14, 10,
	    "good: second item's max");

	trend = conf_get(root, "trend");
	scalar_at(conf_get(conf_get(conf_get(trend, "nested"), "deep"), "key"),
	    "value", 19, 12, "good: nested maps");
	scalar_at(conf_get(trend, "window"), "30d", 16, 11, "good: window");

	tap_ok(conf_get(NULL, "metrics") == NULL, "conf_get(NULL) is NULL");
	tap_ok(conf_get(root, "nosuch") == NULL, "conf_get of a missing key");
	tap_ok(conf_get(conf_get(trend, "window"), "x") == NULL,
	    "conf_get of a scalar is NULL");
	tap_ok(conf_get(budgets, "metric") == NULL,
	    "conf_get of a sequence is NULL");

	/* Typed scalars. */
	sample = conf_get(root, "abtest");
	tap_near(conf_duration(conf_get(b0, "max")), 0.5, 1e-15,
	    "conf_duration 500ms");
	tap_near(conf_duration(conf_get(trend, "window")), 2592000, 1e-15,
	    "conf_duration 30d");
	tap_near(conf_size(conf_get(b1, "max")), 2147483648.0,
	    1e-15, "conf_size 2GiB");
	tap_near(conf_percent(conf_get(sample, "rate")), 0.8, 1e-15,
	    "conf_percent 80%");
	tap_near(conf_number(conf_get(sample, "ratio")), 0.25, 1e-15,
	    "conf_number 0.25");
	tap_ok(conf_bool(conf_get(sample, "enabled")) == 1,
	    "conf_bool yes");
	tap_ok(conf_bool(conf_get(sample, "off")) == 0, "conf_bool false");
	tap_str(conf_string(conf_get(b0, "metric")), "wall_time",
	    "conf_string");
	conf_free(root);
	conf_free(NULL);
	free(path);
}

static void
test_metrics(void)
{
	char *path = fixture("conf-good.yaml");
	struct cnode *root = conf_load(path);
	struct metric_conf mc;
	const struct metric_props *p;

	conf_metrics(root, &mc);
	tap_ok(mc.n == 4, "metrics: 4 entries");
	p = metric_props(&mc, "throughput");
	tap_ok(p != NULL && p->better == BETTER_HIGHER && p->unit != NULL &&
	    strcmp(p->unit, "count") == 0, "metrics: throughput is higher, count");
	p = metric_props(&mc, "api.latency");
	tap_ok(p != NULL && strcmp(p->pattern, "api.latency") == 0 &&
	    p->better == BETTER_HIGHER && p->unit == NULL,
	    "metrics: exact name beats an earlier glob");
	p = metric_props(&mc, "web.latency");
	tap_ok(p != NULL && strcmp(p->pattern, "*.latency") == 0 &&
	    p->better == BETTER_LOWER && p->unit != NULL &&
	    strcmp(p->unit, "s") == 0, "metrics: *.latency glob");
	p = metric_props(&mc, "a.b.latency");
	tap_ok(p != NULL && strcmp(p->pattern, "*.latency") == 0,
	    "metrics: * matches dots");
	p = metric_props(&mc, "db.query");
	tap_ok(p != NULL && strcmp(p->pattern, "db.*") == 0 &&
	    p->better == BETTER_UNSET && strcmp(p->unit, "ms") == 0,
	    "metrics: better: left out is unset");
	tap_ok(metric_better(&mc, "db.query", NULL) == BETTER_LOWER,
	    "metric_better: lower is the default");
	tap_ok(metric_better(&mc, "db.query", "MB/s") == BETTER_HIGHER,
	    "metric_better: a unit in /s is better higher");
	tap_ok(metric_better(&mc, "db.Throughput", NULL) == BETTER_HIGHER,
	    "metric_better: a throughput, in any case, is better higher");
	tap_ok(metric_better(&mc, "cache_hit_ratio", "ratio") ==
	    BETTER_HIGHER, "metric_better: a hit ratio is better higher");
	tap_ok(metric_better(&mc, "api.latency", NULL) == BETTER_HIGHER &&
	    metric_better(&mc, "web.latency", "ops/s") == BETTER_LOWER,
	    "metric_better: better: in the configuration wins");
	tap_ok(metric_better(&mc, "cpu", "/s") == BETTER_LOWER &&
	    metric_better(&mc, "cpu", "s") == BETTER_LOWER,
	    "metric_better: s and a bare /s are no rates");
	p = metric_props(&mc, "db.latency");
	tap_ok(p != NULL && strcmp(p->pattern, "*.latency") == 0,
	    "metrics: the first matching glob");
	tap_ok(metric_props(&mc, "latency") == NULL,
	    "metrics: *.latency does not match latency");
	tap_ok(metric_props(&mc, "cpu") == NULL, "metrics: no match is NULL");
	tap_ok(metric_props(&mc, "throughput2") == NULL,
	    "metrics: exact means exact");
	metric_conf_free(&mc);
	tap_ok(mc.n == 0 && mc.v == NULL, "metric_conf_free empties");

	conf_metrics(NULL, &mc);
	tap_ok(mc.n == 0 && metric_props(&mc, "x") == NULL,
	    "metrics: no configuration, no entries");
	metric_conf_free(&mc);
	conf_free(root);
	free(path);
}

static void
test_empty_and_env(void)
{
	char *path = fixture("conf-empty.yaml");
	char *good = fixture("conf-good.yaml");
	char *comments = fixture("conf-comments.yaml");
	struct cnode *root;

	root = conf_load(path);
	tap_ok(root != NULL && root->type == CN_MAP && root->n == 0,
	    "empty file: an empty map");
	conf_free(root);
	root = conf_load(comments);
	tap_ok(root != NULL && root->type == CN_MAP && root->n == 0,
	    "comments only: an empty map");
	conf_free(root);

	unsetenv("PP_CONFIG");
	tap_ok(conf_load(NULL) == NULL, "no path, no $PP_CONFIG: NULL");
	setenv("PP_CONFIG", "", 1);
	tap_ok(conf_load(NULL) == NULL, "no path, empty $PP_CONFIG: NULL");
	setenv("PP_CONFIG", good, 1);
	root = conf_load(NULL);
	tap_ok(root != NULL && root->n == 4 && conf_get(root, "trend") != NULL,
	    "$PP_CONFIG used when path is NULL");
	tap_str(root != NULL ? root->file : NULL, good,
	    "$PP_CONFIG: nodes name that file");
	conf_free(root);
	root = conf_load(path);
	tap_ok(root != NULL && root->n == 0, "a path beats $PP_CONFIG");
	conf_free(root);
	unsetenv("PP_CONFIG");
	free(path);
	free(good);
	free(comments);
}

static void
test_fatal(void)
{
	static const struct {
		const char	*file;
		void		(*fn)(const void *);
		const char	*msg;	/* after "test-conf: FILE:" */
	} t[] = {
		{ "conf-typo.yaml", load_and_metrics,
		  "4:5: unknown key 'limt'" },
		{ "conf-section.yaml", load_only, "3:1: unknown key 'budget'" },
		{ "conf-dup.yaml", load_only, "3:3: duplicate key 'cpu'" },
		{ "conf-dup-top.yaml", load_only,
		  "4:1: duplicate key 'trend'" },
		{ "conf-better.yaml", load_and_metrics,
		  "3:13: better: 'sideways' is not higher or lower" },
		{ "conf-alias.yaml", load_only,
		  "3:8: aliases are not supported" },
		{ "conf-notmap.yaml", load_and_metrics,
		  "1:10: expected a mapping from metric name to properties" },
		{ "conf-propnotmap.yaml", load_and_metrics,
		  "2:8: expected a mapping such as {better: lower}" },
		{ "conf-seq.yaml", load_only,
		  "1:1: expected a mapping of sections" },
		{ "conf-twodocs.yaml", load_only,
		  "2:1: only one YAML document is allowed" },
		{ "conf-complexkey.yaml", load_only,
		  "2:5: a key must be a plain name" },
	};
	static const char *const p_window[] = { "trend", "window", NULL };
	static const char *const p_rate[] = { "abtest", "rate", NULL };
	static const char *const p_trend[] = { "trend", NULL };
	static const char *const p_nested[] = { "trend", "nested", NULL };
	static const char *const p_metric[] = { "budgets", NULL };
	static const char *const p_ratio[] = { "abtest", "ratio", NULL };
	static const char *const p_enabled[] = { "abtest", "enabled", NULL };
	char *path, *want, *what, err[2048];
	struct call c;
	size_t i;
	int st;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		path = fixture(t[i].file);
		want = xasprintf("test-conf: %s:%s\n", path, t[i].msg);
		what = xasprintf("fatal %s", t[i].file);
		dies(t[i].fn, path, PP_EXIT_DATA, want, what);
		free(path);
		free(want);
		free(what);
	}

	/* A YAML syntax error: exit 3, one positioned line. */
	path = fixture("conf-syntax.yaml");
	want = xasprintf("test-conf: %s:", path);
	st = run_child(load_only, path, err, sizeof(err));
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == PP_EXIT_DATA,
	    "fatal syntax error: exit 3");
	if (!tap_ok(strncmp(err, want, strlen(want)) == 0 &&
	    strchr(err, '\n') == err + strlen(err) - 1 &&
	    strlen(err) > strlen(want) + 6,
	    "fatal syntax error: prog: file:line:col: one line"))
		printf("#   got '%s'\n", err);
	free(path);
	free(want);

	/* A file that cannot be read is a system error. */
	path = fixture("no-such-file.yaml");
	want = xasprintf("test-conf: %s: No such file or directory\n", path);
	dies(load_only, path, PP_EXIT_SYS, want, "fatal missing file");
	free(path);
	free(want);

	/* Typed scalars name the node. */
	path = fixture("conf-good.yaml");
	c.file = path;
	c.path = p_window;
	c.op = OP_NUMBER;
	want = xasprintf("test-conf: %s:16:11: '30d' is not a number\n", path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_number of 30d");
	free(want);
	c.path = p_rate;
	c.op = OP_BOOL;
	want = xasprintf("test-conf: %s:22:9: '80%%' is not true or false\n",
	    path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_bool of 80%");
	free(want);
	c.path = p_enabled;
	c.op = OP_DURATION;
	want = xasprintf("test-conf: %s:21:12: 'yes' is not a duration "
	    "(e.g. 500ms, 30d)\n", path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_duration of yes");
	free(want);
	c.path = p_ratio;
	c.op = OP_SIZE;
	tap_ok(run_child(typed, &c, err, sizeof(err)) == 0,
	    "conf_size of 0.25 is fine");
	c.path = p_window;
	c.op = OP_PERCENT;
	want = xasprintf("test-conf: %s:16:11: '30d' is not a percentage "
	    "(e.g. 80%%)\n", path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_percent of 30d");
	free(want);
	c.path = p_nested;
	c.op = OP_STRING;
	want = xasprintf("test-conf: %s:18:5: expected a single value\n",
	    path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_string of a map");
	free(want);
	c.path = p_metric;
	c.op = OP_STRING;
	want = xasprintf("test-conf: %s:10:3: expected a single value\n",
	    path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_string of a sequence");
	free(want);
	c.path = p_trend;
	c.op = OP_CHECK_TREND;
	want = xasprintf("test-conf: %s:17:3: unknown key 'nested'\n", path);
	dies(typed, &c, PP_EXIT_DATA, want, "conf_check_keys");
	free(want);
	free(path);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	find_fixtures(argv[0]);
	test_good();
	test_metrics();
	test_empty_and_env();
	test_fatal();
	free(fixdir);
	return tap_done();
}
