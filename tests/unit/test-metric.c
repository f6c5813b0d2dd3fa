/*
 * Unit tests of metric records (metric.h): the time field and its
 * aliases, the value field, labels and series keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "metric.h"
#include "opts.h"
#include "rec.h"
#include "tap.h"

#define S	INT64_C(1000000)

/* A record from "name=value" strings (NULL-ended). */
static void
mkrec(struct rec *r, const char *const *kv)
{
	const char *eq;

	rec_clear(r);
	for (; *kv != NULL; kv++) {
		eq = strchr(*kv, '=');
		rec_add(r, intern(*kv, (size_t)(eq - *kv)), eq + 1,
		    strlen(eq + 1), 0);
	}
}

/* Checks metric_time on kv: its result, time and text. */
static void
check_time(const struct pp_common *c, const char *const *kv, int want,
    pp_time wt, const char *wtext, const char *what)
{
	struct rec r;
	pp_time t = -12345;
	const char *text = (const char *)&t;
	int got;
	char *m;

	rec_init(&r);
	mkrec(&r, kv);
	got = metric_time(&r, c, &t, &text);
	m = xasprintf("%s: returns %d", what, want);
	if (!tap_ok(got == want, m))
		printf("#   got %d\n", got);
	free(m);
	if (want == 0) {
		m = xasprintf("%s: time", what);
		if (!tap_ok(t == wt, m))
			printf("#   got %lld, want %lld\n", (long long)t,
			    (long long)wt);
		free(m);
	}
	m = xasprintf("%s: text", what);
	if (wtext == NULL)
		tap_ok(text == NULL, m);
	else
		tap_str(text, wtext, m);
	free(m);
	rec_free(&r);
}

static void
test_time(void)
{
	static const char *const ts[] = { "metric=cpu",
	    "ts=2023-11-14T22:13:20Z", "value=1", NULL };
	static const char *const timestamp[] = { "timestamp=1700000000.5",
	    NULL };
	static const char *const time_[] = { "time=2023-11-15T03:43:20+05:30",
	    NULL };
	static const char *const attime[] = {
	    "@timestamp=2023-11-14T14:13:20-08:00", NULL };
	static const char *const both[] = { "time=1", "@timestamp=2",
	    "timestamp=3", "ts=4", NULL };
	static const char *const three[] = { "@timestamp=2", "time=1",
	    "timestamp=3", NULL };
	static const char *const two[] = { "@timestamp=2", "time=1", NULL };
	static const char *const none[] = { "metric=cpu", "value=1", NULL };
	static const char *const empty[] = { "ts=", "value=1", NULL };
	static const char *const badts[] = { "ts=yesterday", NULL };
	static const char *const when[] = { "ts=1", "when=2", NULL };
	static const char *const nowhen[] = { "ts=1", NULL };
	static const char *const upper[] = { "TS=1", "Time=2", NULL };
	struct pp_common c;

	pp_common_init(&c);
	check_time(&c, ts, 0, 1700000000 * S, "2023-11-14T22:13:20Z",
	    "metric_time ts");
	check_time(&c, timestamp, 0, 1700000000 * S + S / 2, "1700000000.5",
	    "metric_time timestamp");
	check_time(&c, time_, 0, 1700000000 * S,
	    "2023-11-15T03:43:20+05:30", "metric_time time");
	check_time(&c, attime, 0, 1700000000 * S,
	    "2023-11-14T14:13:20-08:00", "metric_time @timestamp");
	check_time(&c, both, 0, 4 * S, "4", "metric_time: ts comes first");
	check_time(&c, three, 0, 3 * S, "3",
	    "metric_time: timestamp before time and @timestamp");
	check_time(&c, two, 0, 1 * S, "1",
	    "metric_time: time before @timestamp");
	check_time(&c, none, 1, 0, NULL, "metric_time: no time field");
	check_time(&c, empty, 1, 0, "", "metric_time: an empty time");
	check_time(&c, badts, -1, 0, "yesterday",
	    "metric_time: a time that is none");
	check_time(&c, upper, 1, 0, NULL,
	    "metric_time: names are case-sensitive");

	tap_ok(pp_common_opt(&c, OPT_TIME_FIELD, "when") == 1 &&
	    c.time_field == interns("when"), "--time-field when");
	check_time(&c, when, 0, 2 * S, "2", "metric_time --time-field when");
	check_time(&c, nowhen, 1, 0, NULL,
	    "metric_time --time-field: no fallback to ts");
	c.time_field = interns("ts");
	check_time(&c, both, 0, 4 * S, "4", "metric_time --time-field ts");
	c.time_field = interns("@timestamp");
	check_time(&c, both, 0, 2 * S, "2",
	    "metric_time --time-field @timestamp over ts");
}

static void
test_value(void)
{
	static const struct {
		const char	*kv[4];
		int		 want;
		double		 v;
		const char	*text;
		const char	*what;
	} t[] = {
		{ { "metric=cpu", "value=1.5", NULL }, 0, 1.5, "1.5",
		  "a value" },
		{ { "value=-2e3", NULL }, 0, -2000, "-2e3", "exponent" },
		{ { "metric=cpu", NULL }, 1, 0, NULL, "no value field" },
		{ { "value=", NULL }, 1, 0, "", "an empty value" },
		{ { "value=abc", NULL }, -1, 0, "abc", "not a number" },
		{ { "value=nan", NULL }, -1, 0, "nan", "nan" },
		{ { "value=1 ", NULL }, -1, 0, "1 ", "trailing space" },
		{ { "latency=3", NULL }, 1, 0, NULL, "another field" },
	};
	struct pp_common c;
	struct rec r;
	const char *text;
	double v;
	size_t i;
	int got;
	char *m;

	pp_common_init(&c);
	rec_init(&r);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		mkrec(&r, t[i].kv);
		v = -99;
		text = (const char *)&v;
		got = metric_value(&r, &c, &v, &text);
		m = xasprintf("metric_value: %s", t[i].what);
		if (!tap_ok(got == t[i].want && (got != 0 || v == t[i].v) &&
		    (t[i].text == NULL ? text == NULL : text != NULL &&
		    strcmp(text, t[i].text) == 0), m))
			printf("#   got %d, %g, '%s'\n", got, v,
			    text != NULL ? text : "(null)");
		free(m);
	}

	tap_ok(pp_common_opt(&c, 'f', "latency") == 1 &&
	    c.field == interns("latency"), "-f latency");
	mkrec(&r, t[7].kv);
	tap_ok(metric_value(&r, &c, &v, &text) == 0 && v == 3 &&
	    strcmp(text, "3") == 0, "metric_value -f latency");
	mkrec(&r, t[0].kv);
	tap_ok(metric_value(&r, &c, &v, &text) == 1 && text == NULL,
	    "metric_value -f latency: value is not it");
	rec_free(&r);
}

static const char *
key_of(const struct pp_common *c, const char *const *kv)
{
	static struct buf key;
	struct rec r;

	rec_init(&r);
	mkrec(&r, kv);
	/* The contents are replaced, not appended to. */
	buf_adds(&key, "junk");
	series_key(&r, c, &key);
	rec_free(&r);
	return buf_nul(&key);
}

static void
test_series(void)
{
	static const char *const full[] = { "ts=2023-11-14T22:13:20Z",
	    "metric=cpu", "host=a", "value=1.5", "unit=s", "run=3",
	    "region=eu", NULL };
	static const char *const reorder[] = { "region=eu", "value=9",
	    "host=a", "metric=cpu", NULL };
	static const char *const aliases[] = { "timestamp=1", "time=2",
	    "@timestamp=3", "metric=m", "node=n1", NULL };
	static const char *const added[] = { "metric=m", "sample_rate=0.1",
	    "zscore=3", "baseline=2", "anomaly=1", "timed_out=0", "host=h",
	    NULL };
	static const char *const nometric[] = { "host=a", "value=1", NULL };
	static const char *const nolabels[] = { "metric=cpu", "value=1",
	    "ts=1", NULL };
	static const char *const emptylabel[] = { "metric=cpu", "host=",
	    NULL };
	static const char *const nofields[] = { NULL };
	static const char *const latency[] = { "metric=api", "latency=5",
	    "host=a", NULL };
	static const char *const when[] = { "when=5", "metric=m", "host=a",
	    NULL };
	static const char *const json1[] = { "metric=cpu", "host=a",
	    "region=eu", "value=1", NULL };
	static const char *const json2[] = { "value=2", "region=eu",
	    "metric=cpu", "host=a", NULL };
	struct pp_common c;
	char *k1;

	pp_common_init(&c);
	tap_str(key_of(&c, full), "cpu\037host=a\037region=eu",
	    "series_key: labels except ts, value, unit, run");
	tap_ok(strncmp(key_of(&c, reorder), "cpu\037", 4) == 0,
	    "series_key: metric first");
	tap_str(key_of(&c, aliases), "m\037node=n1",
	    "series_key: time aliases are not labels");
	tap_str(key_of(&c, added), "m\037host=h",
	    "series_key: fields pp adds are not labels");
	tap_str(key_of(&c, nometric), "\037host=a",
	    "series_key: no metric field");
	tap_str(key_of(&c, nolabels), "cpu", "series_key: no labels");
	tap_str(key_of(&c, emptylabel), "cpu\037host=",
	    "series_key: an empty label");
	/* found by make fuzz: no fields, no name array to compare */
	tap_str(key_of(&c, nofields), "", "series_key: a record of no fields");
	tap_str(key_of(&c, nofields), "",
	    "series_key: a record of no fields, again");
	/*
	 * A JSON object's members have no order (RFC 8259, section 4):
	 * the same labels in another order are the same series.
	 */
	k1 = xstrdup(key_of(&c, json1));
	tap_str(key_of(&c, json2), k1,
	    "series_key: the same labels in another order, the same key");
	free(k1);

	tap_ok(!metric_is_label(&c, interns("ts")) &&
	    !metric_is_label(&c, interns("value")) &&
	    !metric_is_label(&c, interns("unit")) &&
	    !metric_is_label(&c, interns("run")) &&
	    !metric_is_label(&c, interns("metric")) &&
	    !metric_is_label(&c, interns("@timestamp")) &&
	    metric_is_label(&c, interns("host")) &&
	    metric_is_label(&c, interns("workflow")),
	    "metric_is_label, defaults");

	c.field = interns("latency");
	tap_str(key_of(&c, latency), "api\037host=a",
	    "series_key: the -f field is not a label");
	c.field = interns("value");
	c.time_field = interns("when");
	tap_str(key_of(&c, when), "m\037host=a",
	    "series_key: the --time-field is not a label");
	c.time_field = NULL;

	tap_ok(pp_common_opt(&c, 'g', "region,host") == 1 && c.group_set &&
	    c.ngroup == 2, "-g region,host");
	tap_str(key_of(&c, full), "cpu\037region=eu\037host=a",
	    "series_key -g: only the named labels, in -g order");
	tap_str(key_of(&c, nometric), "\037region=\037host=a",
	    "series_key -g: a missing label is empty");
	tap_ok(metric_is_label(&c, interns("host")) &&
	    !metric_is_label(&c, interns("node")),
	    "metric_is_label -g: only the named");
	tap_ok(pp_common_opt(&c, 'g', "") == 1 && c.group_set &&
	    c.ngroup == 0, "-g ''");
	tap_str(key_of(&c, full), "cpu",
	    "series_key -g '': the metric alone");
	tap_ok(pp_common_opt(&c, 'g', "host,,") == 1 && c.ngroup == 1,
	    "-g host,, (empty names dropped)");
	tap_str(key_of(&c, full), "cpu\037host=a", "series_key -g host");
	free(c.group_by);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_time();
	test_value();
	test_series();
	return tap_done();
}
