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
#include <strings.h>

#include <yaml.h>

#include "conf.h"
#include "diag.h"
#include "opts.h"
#include "units.h"

/*
 * Nesting deeper than this is no configuration of pp's (which needs four
 * levels), and a recursive descent must not run out of stack on it.
 */
#define CONF_MAX_DEPTH	64

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

/* The whole configuration file, for positions the reader cannot give. */
struct text {
	const unsigned char	*p;
	size_t			 len;
};

static void
parse_fail(yaml_parser_t *p, const char *file, const struct text *t)
{
	const yaml_mark_t *m = p->problem != NULL ? &p->problem_mark :
	    &p->context_mark;
	unsigned long line = m->line + 1, col = m->column + 1;
	size_t i, end;

	/*
	 * libyaml's reader (a NUL, a control character, bad UTF-8) gives a
	 * byte offset, not a mark: count lines and characters up to it.
	 */
	if (p->error == YAML_READER_ERROR) {
		end = p->problem_offset < t->len ? p->problem_offset : t->len;
		line = col = 1;
		for (i = 0; i < end; i++)
			if (t->p[i] == '\n') {
				line++;
				col = 1;
			} else if ((t->p[i] & 0xC0) != 0x80)
				col++;
		if (end < t->len) {
			pp_posmsg(file, line, col, "%s (byte 0x%02X): a "
			    "configuration is UTF-8 text", p->problem,
			    (unsigned)t->p[end]);
			exit(PP_EXIT_DATA);
		}
	}
	pp_posmsg(file, line, col, "%s%s%s",
	    p->problem != NULL ? p->problem : "YAML error",
	    p->context != NULL ? " " : "",
	    p->context != NULL ? p->context : "");
	exit(PP_EXIT_DATA);
}

struct parse {
	yaml_parser_t	 parser;
	const char	*file;
	struct text	 text;
};

static void
next_event(struct parse *ps, yaml_event_t *e)
{
	if (!yaml_parser_parse(&ps->parser, e))
		parse_fail(&ps->parser, ps->file, &ps->text);
}

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
parse_node(struct parse *ps, yaml_event_t *e, int depth)
{
	const char *file = ps->file;
	struct cnode *n, *key, *val;
	yaml_event_t ev;
	size_t i;

	if (depth > CONF_MAX_DEPTH) {
		n = node_new(CN_SCALAR, file, &e->start_mark);
		conf_die(n, "nested more than %d levels deep",
		    CONF_MAX_DEPTH);
	}
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
			next_event(ps, &ev);
			if (ev.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&ev);
				return n;
			}
			add_child(n, NULL, parse_node(ps, &ev, depth + 1));
		}
	case YAML_MAPPING_START_EVENT:
		n = node_new(CN_MAP, file, &e->start_mark);
		yaml_event_delete(e);
		for (;;) {
			next_event(ps, &ev);
			if (ev.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&ev);
				return n;
			}
			key = parse_node(ps, &ev, depth + 1);
			if (key->type != CN_SCALAR)
				conf_die(key, "a key must be a plain name");
			for (i = 0; i < n->n; i++)
				if (strcmp(n->keys[i]->str, key->str) == 0)
					conf_die(key, "duplicate key '%s'",
					    key->str);
			next_event(ps, &ev);
			val = parse_node(ps, &ev, depth + 1);
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

/* Reads all of fp (a configuration is small) into *t; exits 4 on error. */
static void
read_all(FILE *fp, const char *path, struct text *t)
{
	unsigned char *p = NULL;
	size_t len = 0, cap = 0, n;

	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			p = xrealloc(p, cap);
		}
		n = fread(p + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp))
		pp_die_errno(PP_EXIT_SYS, "%s: read error", path);
	t->p = p;
	t->len = len;
}

struct cnode *
conf_load(const char *path)
{
	struct parse ps;
	yaml_event_t e;
	struct cnode *root = NULL;
	struct metric_conf mc;
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
	read_all(fp, path, &ps.text);
	fclose(fp);
	ps.file = file;
	if (!yaml_parser_initialize(&ps.parser))
		pp_die(PP_EXIT_SYS, "out of memory");
	yaml_parser_set_input_string(&ps.parser, ps.text.p, ps.text.len);
	for (;;) {
		next_event(&ps, &e);
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
		root = parse_node(&ps, &e, 1);
	}
	yaml_parser_delete(&ps.parser);
	free((void *)ps.text.p);
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
	/* metrics: is every program's: each checks it the same way. */
	conf_metrics(root, &mc);
	metric_conf_free(&mc);
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

	switch (parse_double(conf_string(n), &v)) {
	case 0:
		return v;
	case PARSE_RANGE:
		conf_die(n, "'%s' is too large a number", n->str);
	default:
		conf_die(n, "'%s' is not a number", n->str);
	}
}

double
conf_duration(const struct cnode *n)
{
	double v;

	switch (parse_duration(conf_string(n), &v)) {
	case 0:
		return v;
	case PARSE_NOUNIT:
		conf_die(n, "'%s' has no unit: write %ss, %sm, %sh or %sd",
		    n->str, n->str, n->str, n->str, n->str);
	case PARSE_RANGE:
		conf_die(n, "'%s' is longer than a century", n->str);
	default:
		conf_die(n, "'%s' is not a duration (e.g. 500ms, 30d)",
		    n->str);
	}
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
		mc->v[i].better = BETTER_UNSET;
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

/* Does s contain word, letters in any case? */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/*
 * A rate or a throughput is better higher, as benchstat takes any unit
 * ending in "/s" to be; the configuration says otherwise for the rare
 * rate that is not (errors/s).
 */
int
metric_better(const struct metric_conf *mc, const char *metric,
    const char *unit)
{
	const struct metric_props *mp = metric_props(mc, metric);
	size_t n;

	if (mp != NULL && mp->better != BETTER_UNSET)
		return mp->better;
	if (unit == NULL && mp != NULL)
		unit = mp->unit;
	n = unit != NULL ? strlen(unit) : 0;
	if (n > 2 && strcmp(unit + n - 2, "/s") == 0)
		return BETTER_HIGHER;
	if (has_word(metric, "throughput") || has_word(metric, "hit_ratio"))
		return BETTER_HIGHER;
	return BETTER_LOWER;
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

int
conf_word(const struct cnode *n, const char *key, const struct opt_word *tab)
{
	const char *s = conf_string(n);
	struct buf b = BUF_INIT;
	int v;

	if ((v = word_find(tab, s)) >= 0)
		return v;
	word_list(tab, &b);
	conf_die(n, "%s: '%s' is not %s", key, s, b.p);
}
