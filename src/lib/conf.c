/*
 * YAML configuration through libyaml's event parser.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "conf.h"
#include "diag.h"
#include "units.h"

/* The sections of pp-config(5); any other top-level key is a typo. */
static const char *const sections[] = {
	"metrics", "budgets", "prices", "alerts", "optimize", "trend",
	"abtest", NULL
};

void
conf_die(const struct cnode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_vposmsg(n->file, n->line, n->col, fmt, ap);
	va_end(ap);
	exit(PP_EXIT_DATA);
}

static struct cnode *
node_new(enum cnode_type t, const char *file, const yaml_mark_t *m)
{
	struct cnode *n = xcalloc(1, sizeof(*n));

	n->type = t;
	n->file = file;
	n->line = m->line + 1;
	n->col = m->column + 1;
	return n;
}

static void
parse_fail(yaml_parser_t *p, const char *file)
{
	const yaml_mark_t *m = p->problem != NULL ? &p->problem_mark :
	    &p->context_mark;

	pp_posmsg(file, m->line + 1, m->column + 1, "%s%s%s",
	    p->problem != NULL ? p->problem : "YAML error",
	    p->context != NULL ? " " : "",
	    p->context != NULL ? p->context : "");
	exit(PP_EXIT_DATA);
}

static void
next_event(yaml_parser_t *p, yaml_event_t *e, const char *file)
{
	if (!yaml_parser_parse(p, e))
		parse_fail(p, file);
}

static struct cnode *parse_node(yaml_parser_t *, yaml_event_t *,
	    const char *);

static void
add_child(struct cnode *n, struct cnode *key, struct cnode *val)
{
	n->vals = xreallocarray(n->vals, n->n + 1, sizeof(*n->vals));
	n->vals[n->n] = val;
	if (key != NULL) {
		n->keys = xreallocarray(n->keys, n->n + 1, sizeof(*n->keys));
		n->keys[n->n] = key;
	}
	n->n++;
}

/* Builds the node that starts with event e (which it deletes). */
static struct cnode *
parse_node(yaml_parser_t *p, yaml_event_t *e, const char *file)
{
	struct cnode *n, *key, *val;
	yaml_event_t ev;
	size_t i;

	switch (e->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(CN_SCALAR, file, &e->start_mark);
		n->str = xstrndup((const char *)e->data.scalar.value,
		    e->data.scalar.length);
		yaml_event_delete(e);
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(CN_SEQ, file, &e->start_mark);
		yaml_event_delete(e);
		for (;;) {
			next_event(p, &ev, file);
			if (ev.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&ev);
				return n;
			}
			add_child(n, NULL, parse_node(p, &ev, file));
		}
	case YAML_MAPPING_START_EVENT:
		n = node_new(CN_MAP, file, &e->start_mark);
		yaml_event_delete(e);
		for (;;) {
			next_event(p, &ev, file);
			if (ev.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&ev);
				return n;
			}
			key = parse_node(p, &ev, file);
			if (key->type != CN_SCALAR)
				conf_die(key, "a key must be a plain name");
			for (i = 0; i < n->n; i++)
				if (strcmp(n->keys[i]->str, key->str) == 0)
					conf_die(key, "duplicate key '%s'",
					    key->str);
			next_event(p, &ev, file);
			val = parse_node(p, &ev, file);
			add_child(n, key, val);
		}
	case YAML_ALIAS_EVENT:
		n = node_new(CN_SCALAR, file, &e->start_mark);
		conf_die(n, "aliases are not supported");
	default:
		n = node_new(CN_SCALAR, file, &e->start_mark);
		conf_die(n, "unexpected YAML event");
	}
}

struct cnode *
conf_load(const char *path)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct cnode *root = NULL;
	FILE *fp;
	char *file;

	if (path == NULL)
		path = getenv("PP_CONFIG");
	if (path == NULL || *path == '\0')
		return NULL;
	if ((fp = fopen(path, "r")) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	{
		struct stat st;

		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			pp_die_errno(PP_EXIT_SYS, "%s", path);
		}
	}
	file = xstrdup(path);
	if (!yaml_parser_initialize(&p))
		pp_die(PP_EXIT_SYS, "out of memory");
	yaml_parser_set_input_file(&p, fp);
	for (;;) {
		next_event(&p, &e, file);
		if (e.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (e.type == YAML_DOCUMENT_START_EVENT && root != NULL) {
			struct cnode *at = node_new(CN_SCALAR, file,
			    &e.start_mark);

			conf_die(at, "only one YAML document is allowed");
		}
		if (e.type == YAML_STREAM_START_EVENT ||
		    e.type == YAML_DOCUMENT_START_EVENT ||
		    e.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		root = parse_node(&p, &e, file);
	}
	yaml_parser_delete(&p);
	if (ferror(fp))
		pp_die_errno(PP_EXIT_SYS, "%s: read error", path);
	fclose(fp);
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };

		root = node_new(CN_MAP, file, &m);
		root->owns_file = 1;
		return root;
	}
	root->owns_file = 1;
	if (root->type == CN_SCALAR && *root->str == '\0') {
		root->type = CN_MAP;
		return root;
	}
	conf_expect(root, CN_MAP, "a mapping of sections");
	conf_check_keys(root, sections);
	return root;
}

void
conf_free(struct cnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys != NULL)
			conf_free(n->keys[i]);
		conf_free(n->vals[i]);
	}
	free(n->keys);
	free(n->vals);
	free(n->str);
	if (n->owns_file)
		free((char *)n->file);
	free(n);
}

struct cnode *
conf_get(const struct cnode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != CN_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->vals[i];
	return NULL;
}

void
conf_check_keys(const struct cnode *map, const char *const *allowed)
{
	size_t i, j;

	if (map == NULL || map->type != CN_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(map->keys[i]->str, allowed[j]) == 0)
				break;
		if (allowed[j] == NULL)
			conf_die(map->keys[i], "unknown key '%s'",
			    map->keys[i]->str);
	}
}

void
conf_expect(const struct cnode *n, enum cnode_type t, const char *what)
{
	if (n->type != t)
		conf_die(n, "expected %s", what);
}

const char *
conf_string(const struct cnode *n)
{
	conf_expect(n, CN_SCALAR, "a single value");
	return n->str;
}

double
conf_number(const struct cnode *n)
{
	double v;

	if (parse_double(conf_string(n), &v) != 0)
		conf_die(n, "'%s' is not a number", n->str);
	return v;
}

double
conf_duration(const struct cnode *n)
{
	double v;

	if (parse_duration(conf_string(n), &v) != 0)
		conf_die(n, "'%s' is not a duration (e.g. 500ms, 30d)",
		    n->str);
	return v;
}

double
conf_size(const struct cnode *n)
{
	double v;

	if (parse_size(conf_string(n), &v) != 0)
		conf_die(n, "'%s' is not a size (e.g. 512KiB, 2GB)", n->str);
	return v;
}

double
conf_percent(const struct cnode *n)
{
	double v;

	if (parse_percent(conf_string(n), &v) != 0)
		conf_die(n, "'%s' is not a percentage (e.g. 80%%)", n->str);
	return v;
}

int
conf_bool(const struct cnode *n)
{
	const char *s = conf_string(n);

	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		return 0;
	conf_die(n, "'%s' is not true or false", s);
}

void
conf_metrics(const struct cnode *root, struct metric_conf *mc)
{
	static const char *const keys[] = { "better", "unit", NULL };
	const struct cnode *sec = conf_get(root, "metrics"), *v, *b, *u;
	size_t i;

	mc->v = NULL;
	mc->n = 0;
	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping from metric name to properties");
	mc->v = xcalloc(sec->n, sizeof(*mc->v));
	for (i = 0; i < sec->n; i++) {
		v = sec->vals[i];
		conf_expect(v, CN_MAP, "a mapping such as {better: lower}");
		conf_check_keys(v, keys);
		mc->v[i].pattern = sec->keys[i]->str;
		if ((b = conf_get(v, "better")) != NULL) {
			if (strcmp(conf_string(b), "higher") == 0)
				mc->v[i].better = BETTER_HIGHER;
			else if (strcmp(b->str, "lower") == 0)
				mc->v[i].better = BETTER_LOWER;
			else
				conf_die(b, "better: '%s' is not higher or "
				    "lower", b->str);
		}
		if ((u = conf_get(v, "unit")) != NULL)
			mc->v[i].unit = conf_string(u);
	}
	mc->n = sec->n;
}

const struct metric_props *
metric_props(const struct metric_conf *mc, const char *metric)
{
	size_t i;

	for (i = 0; i < mc->n; i++)
		if (strcmp(mc->v[i].pattern, metric) == 0)
			return &mc->v[i];
	for (i = 0; i < mc->n; i++)
		if (fnmatch(mc->v[i].pattern, metric, 0) == 0)
			return &mc->v[i];
	return NULL;
}

void
metric_conf_free(struct metric_conf *mc)
{
	free(mc->v);
	mc->v = NULL;
	mc->n = 0;
}
