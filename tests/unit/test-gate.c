/*
 * Unit tests of a gate's CI output (gate.h): the JUnit XML document,
 * exactly, its escapes, and the GitHub Actions annotations with the
 * Actions toolkit's escapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "tap.h"

/* An in-memory stream, its text read back after gate_close. */
struct mem {
	FILE	*fp;
	char	*p;
	size_t	 len;
};

static FILE *
mem_open(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	m->fp = open_memstream(&m->p, &m->len);
	return m->fp;
}

static void
mem_close(struct mem *m)
{
	fclose(m->fp);
}

static void
test_junit(void)
{
	struct mem x, gh;
	struct gate *g;

	g = gate_open("pp-budget", mem_open(&x), mem_open(&gh));
	gate_case(g, "pp-budget.wall_time", "build", GATE_PASS, NULL);
	gate_case(g, "pp-budget.wall_time", "test", GATE_FAIL,
	    "wall_time median 2.013 ms over the error limit 1 ms (+101%)");
	gate_case(g, "pp-budget.rss", "nightly", GATE_WARN, "a warning");
	gate_case(g, "pp-budget.rss", "off", GATE_SKIP, "no data");
	gate_close(g);
	mem_close(&x);
	mem_close(&gh);
	tap_str(x.p,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"pp-budget\" tests=\"4\" failures=\"1\" "
	    "errors=\"0\">\n"
	    "  <testsuite name=\"pp-budget\" tests=\"4\" failures=\"1\" "
	    "errors=\"0\" skipped=\"1\">\n"
	    "    <testcase classname=\"pp-budget.wall_time\" name=\"build\"/>\n"
	    "    <testcase classname=\"pp-budget.wall_time\" name=\"test\">\n"
	    "      <failure message=\"wall_time median 2.013 ms over the "
	    "error limit 1 ms (+101%)\" type=\"failure\">wall_time median "
	    "2.013 ms over the error limit 1 ms (+101%)</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"pp-budget.rss\" name=\"nightly\">\n"
	    "      <system-out>warning: a warning</system-out>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"pp-budget.rss\" name=\"off\">\n"
	    "      <skipped message=\"no data\"/>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "</testsuites>\n", "JUnit: pass, failure, warning, skipped");
	tap_str(gh.p,
	    "::error title=pp-budget.wall_time test::wall_time median 2.013 "
	    "ms over the error limit 1 ms (+101%25)\n"
	    "::warning title=pp-budget.rss nightly::a warning\n",
	    "annotations: an error and a warning, no pass or skip");
	free(x.p);
	free(gh.p);
}

static void
test_escapes(void)
{
	struct mem x, gh;
	struct gate *g;

	g = gate_open("a&b", mem_open(&x), mem_open(&gh));
	gate_case(g, "c<d>", "e\"f'g", GATE_FAIL,
	    "1 & 2 < 3 > 0 \"q\" 'a'\ttab\nline\rcr\x01\x1f\x7f end");
	gate_close(g);
	mem_close(&x);
	mem_close(&gh);
	tap_str(x.p,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"a&amp;b\" tests=\"1\" failures=\"1\" "
	    "errors=\"0\">\n"
	    "  <testsuite name=\"a&amp;b\" tests=\"1\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\">\n"
	    "    <testcase classname=\"c&lt;d&gt;\" name=\"e&quot;f&apos;g\">\n"
	    "      <failure message=\"1 &amp; 2 &lt; 3 &gt; 0 &quot;q&quot; "
	    "&apos;a&apos;&#9;tab&#10;line&#13;cr??? end\" type=\"failure\">"
	    "1 &amp; 2 &lt; 3 &gt; 0 &quot;q&quot; &apos;a&apos;&#9;tab&#10;"
	    "line&#13;cr??? end</failure>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "</testsuites>\n",
	    "JUnit: & < > \" ' escaped, tab, LF, CR as references, other "
	    "controls as ?");
	tap_str(gh.p,
	    "::error title=c<d> e\"f'g::1 & 2 < 3 > 0 \"q\" 'a'\ttab%0Aline"
	    "%0Dcr\x01\x1f\x7f end\n",
	    "annotation: LF and CR escaped in the message");
	free(x.p);
	free(gh.p);

	g = gate_open("s", NULL, mem_open(&gh));
	gate_case(g, "pp-trend.t", "host=a,b:c", GATE_WARN,
	    "50% at 10:00, up\r\n");
	gate_case(g, "k", "100%", GATE_FAIL, "a: b, c %0A");
	gate_close(g);
	mem_close(&gh);
	tap_str(gh.p,
	    "::warning title=pp-trend.t host=a%2Cb%3Ac::50%25 at 10:00, "
	    "up%0D%0A\n"
	    "::error title=k 100%25::a: b, c %250A\n",
	    "annotations: %25 %0A %0D everywhere, %3A %2C in the title only");
	free(gh.p);
}

static void
test_empty(void)
{
	struct mem x;
	struct gate *g;

	g = gate_open("pp-cost", mem_open(&x), NULL);
	gate_close(g);
	mem_close(&x);
	tap_str(x.p,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"pp-cost\" tests=\"0\" failures=\"0\" "
	    "errors=\"0\">\n"
	    "  <testsuite name=\"pp-cost\" tests=\"0\" failures=\"0\" "
	    "errors=\"0\" skipped=\"0\">\n"
	    "  </testsuite>\n"
	    "</testsuites>\n", "JUnit: no checks");
	free(x.p);
	g = gate_open("pp-cost", NULL, mem_open(&x));
	gate_case(g, "pp-cost", "coverage", GATE_PASS, "");
	gate_case(g, "pp-cost", "coverage", GATE_SKIP, "no records");
	gate_close(g);
	mem_close(&x);
	tap_str(x.p, "", "annotations: none for a pass or a skip");
	free(x.p);
	gate_close(NULL);
	tap_ok(1, "gate_close(NULL)");
}

int
main(void)
{
	test_junit();
	test_escapes();
	test_empty();
	return tap_done();
}
