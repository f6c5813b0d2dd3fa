/*
 * A gate's verdicts for CI (gate.h).  JUnit XML as Jenkins, GitLab and
 * the GitHub test reporters read it: <testsuites> holding one <testsuite>
 * of <testcase>s, a failed check with a <failure>, a skipped one with
 * <skipped/>; a warning passes, its message in <system-out>.  The
 * elements and attributes are those of the Jenkins (Ant) junit-4.xsd
 * schema, which has no skipped count on <testsuites>.  GitHub Actions
 * annotations are workflow commands, one line each: "::error
 * title=CLASSNAME NAME::MESSAGE", escaped as the Actions toolkit escapes
 * them (% CR LF in the data; also : and , in a property).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "gate.h"

struct gcase {
	char		*classname, *name, *message;
	enum gate_verdict v;
};

struct gate {
	char		*suite;
	FILE		*junit, *github;
	struct gcase	*c;
	size_t		 n, cap;
};

struct gate *
gate_open(const char *suite, FILE *junit, FILE *github)
{
	struct gate *g = xcalloc(1, sizeof(*g));

	g->suite = xstrdup(suite);
	g->junit = junit;
	g->github = github;
	return g;
}

void
gate_case(struct gate *g, const char *classname, const char *name,
    enum gate_verdict v, const char *message)
{
	struct gcase *c;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->c = xreallocarray(g->c, g->cap, sizeof(*g->c));
	}
	c = &g->c[g->n++];
	c->classname = xstrdup(classname);
	c->name = xstrdup(name);
	c->message = xstrdup(message != NULL ? message : "");
	c->v = v;
}

/* Text for XML, in an attribute or an element: no markup, valid chars. */
static void
xml_add(struct buf *b, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		switch (*p) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&apos;");
			break;
		case '\t':
		case '\n':
		case '\r':
			buf_printf(b, "&#%d;", *p);
			break;
		default:
			/* XML 1.0 has no other control characters */
			buf_addc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
		}
}

static void
write_junit(const struct gate *g, struct buf *b)
{
	size_t i, fail = 0, skip = 0;

	for (i = 0; i < g->n; i++) {
		fail += g->c[i].v == GATE_FAIL;
		skip += g->c[i].v == GATE_SKIP;
	}
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_adds(b, "<testsuites name=\"");
	xml_add(b, g->suite);
	/* the schema's testsuites has no skipped */
	buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
	    g->n, fail);
	buf_adds(b, "  <testsuite name=\"");
	xml_add(b, g->suite);
	buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
	    "skipped=\"%zu\">\n", g->n, fail, skip);
	for (i = 0; i < g->n; i++) {
		const struct gcase *c = &g->c[i];

		buf_adds(b, "    <testcase classname=\"");
		xml_add(b, c->classname);
		buf_adds(b, "\" name=\"");
		xml_add(b, c->name);
		if (c->v == GATE_PASS) {
			buf_adds(b, "\"/>\n");
			continue;
		}
		buf_adds(b, "\">\n");
		if (c->v == GATE_FAIL) {
			buf_adds(b, "      <failure message=\"");
			xml_add(b, c->message);
			buf_adds(b, "\" type=\"failure\">");
			xml_add(b, c->message);
			buf_adds(b, "</failure>\n");
		} else if (c->v == GATE_SKIP) {
			buf_adds(b, "      <skipped message=\"");
			xml_add(b, c->message);
			buf_adds(b, "\"/>\n");
		} else {
			buf_adds(b, "      <system-out>warning: ");
			xml_add(b, c->message);
			buf_adds(b, "</system-out>\n");
		}
		buf_adds(b, "    </testcase>\n");
	}
	buf_adds(b, "  </testsuite>\n</testsuites>\n");
}

/* A workflow command's data (prop 0) or property value (prop 1). */
static void
gh_add(struct buf *b, const char *s, int prop)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '%':
			buf_adds(b, "%25");
			break;
		case '\r':
			buf_adds(b, "%0D");
			break;
		case '\n':
			buf_adds(b, "%0A");
			break;
		case ':':
		case ',':
			if (prop) {
				buf_adds(b, *s == ':' ? "%3A" : "%2C");
				break;
			}
			/* FALLTHROUGH */
		default:
			buf_addc(b, *s);
		}
}

static void
write_github(const struct gate *g, struct buf *b)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		const struct gcase *c = &g->c[i];

		if (c->v != GATE_FAIL && c->v != GATE_WARN)
			continue;
		buf_adds(b, c->v == GATE_FAIL ? "::error title=" :
		    "::warning title=");
		gh_add(b, c->classname, 1);
		gh_add(b, " ", 1);
		gh_add(b, c->name, 1);
		buf_adds(b, "::");
		gh_add(b, c->message, 0);
		buf_addc(b, '\n');
	}
}

static void
put(FILE *fp, const struct buf *b, const char *what)
{
	/* no annotations: b->p may be NULL, which fwrite must not get */
	if ((b->len > 0 && fwrite(b->p, 1, b->len, fp) != b->len) ||
	    fflush(fp) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s: write error", what);
}

void
gate_close(struct gate *g)
{
	struct buf b = { 0 };
	size_t i;

	if (g == NULL)
		return;
	if (g->junit != NULL) {
		write_junit(g, &b);
		put(g->junit, &b, "JUnit XML");
	}
	if (g->github != NULL) {
		b.len = 0;
		write_github(g, &b);
		put(g->github, &b, "GitHub annotations");
	}
	buf_free(&b);
	for (i = 0; i < g->n; i++) {
		free(g->c[i].classname);
		free(g->c[i].name);
		free(g->c[i].message);
	}
	free(g->c);
	free(g->suite);
	free(g);
}
