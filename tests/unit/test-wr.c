/*
 * Unit tests of the record writers (wr.h): CSV quoting, blocks, TSV
 * escapes, JSON Lines values, table alignment, and round trips through
 * the readers.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "diag.h"
#include "rd.h"
#include "rec.h"
#include "wr.h"
#include "tap.h"

/* A record from "name=value" strings (NULL-ended); flags all 0. */
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

/* An in-memory output stream. */
struct mem {
	FILE	*fp;
	char	*p;
	size_t	 len;
};

static void
mem_open(struct mem *m)
{
	m->p = NULL;
	m->len = 0;
	if ((m->fp = open_memstream(&m->p, &m->len)) == NULL)
		pp_die_errno(PP_EXIT_SYS, "open_memstream");
}

/* Closes the stream; m->p is the text written (the caller frees it). */
static const char *
mem_close(struct mem *m)
{
	fclose(m->fp);
	return m->p;
}

/* Writes records (each a NULL-ended kv list) in fmt; returns the text. */
static char *
write_recs(int fmt, const char *const *const *recs, size_t n)
{
	struct mem m;
	struct wr *w;
	struct rec r;
	size_t i;

	rec_init(&r);
	mem_open(&m);
	w = wr_open(m.fp, "<mem>", fmt);
	for (i = 0; i < n; i++) {
		mkrec(&r, recs[i]);
		wr_record(w, &r);
	}
	wr_close(w);
	mem_close(&m);
	rec_free(&r);
	return m.p;
}

static void
test_csv(void)
{
	static const char *const r1[] = { "plain=x", "comma=a,b",
	    "quote=say \"hi\"", "cr=a\rb", "lf=a\nb", "space= s ", "empty=",
	    NULL };
	static const char *const r2[] = { "plain=1", "comma=2", "quote=3",
	    "cr=4", "lf=5", "space=6", "empty=7", NULL };
	static const char *const *recs[] = { r1, r2 };
	char *out;

	out = write_recs(FMT_CSV, recs, 2);
	tap_str(out, "plain,comma,quote,cr,lf,space,empty\n"
	    "x,\"a,b\",\"say \"\"hi\"\"\",\"a\rb\",\"a\nb\", s ,\n"
	    "1,2,3,4,5,6,7\n",
	    "csv: quoted only where needed; header once");
	free(out);
}

static void
test_csv_field(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "abc", "abc" },
		{ "", "" },
		{ " lead and trail ", " lead and trail " },
		{ "a,b", "\"a,b\"" },
		{ "\"", "\"\"\"\"" },
		{ "x\"\"y", "\"x\"\"\"\"y\"" },
		{ "\r", "\"\r\"" },
		{ "\n", "\"\n\"" },
		{ "tab\there", "tab\there" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "'single'", "'single'" },
	};
	struct buf b = BUF_INIT;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b.len = 0;
		csv_field(&b, t[i].in);
		m = xasprintf("csv_field %zu", i);
		tap_str(buf_nul(&b), t[i].out, m);
		free(m);
	}
	buf_free(&b);
}

static void
test_csv_blocks(void)
{
	static const char *const a1[] = { "a=1", "b=2", NULL };
	static const char *const a2[] = { "a=3", "b=4", NULL };
	static const char *const c1[] = { "c=5", NULL };
	static const char *const ba[] = { "b=6", "a=7", NULL };
	static const char *const a3[] = { "a=8", "b=9", NULL };
	static const char *const *recs[] = { a1, a2, c1, ba, a3 };
	char *out;

	out = write_recs(FMT_CSV, recs, 5);
	tap_str(out, "a,b\n1,2\n3,4\n\nc\n5\n\nb,a\n6,7\n\na,b\n8,9\n",
	    "csv: a new block (blank line, header) when names change");
	free(out);

	out = write_recs(FMT_TSV, recs, 5);
	tap_str(out, "a\tb\n1\t2\n3\t4\n\nc\n5\n\nb\ta\n6\t7\n\na\tb\n8\t9\n",
	    "tsv: a new block when names change");
	free(out);

	out = write_recs(FMT_JSON, recs, 5);
	tap_str(out, "{\"a\":1,\"b\":2}\n{\"a\":3,\"b\":4}\n{\"c\":5}\n"
	    "{\"b\":6,\"a\":7}\n{\"a\":8,\"b\":9}\n",
	    "json: no header, no blocks");
	free(out);

	out = write_recs(FMT_CSV, recs, 0);
	tap_str(out, "", "csv: no records, no output");
	free(out);
}

static void
test_tsv(void)
{
	static const char *const r1[] = { "t\tn=a\tb", "nl=a\nb", "cr=a\rb",
	    "bs=a\\b", "all=\\\t\n\r\\", "plain=x, \"y\"", NULL };
	static const char *const *recs[] = { r1 };
	char *out;

	out = write_recs(FMT_TSV, recs, 1);
	tap_str(out, "t\\tn\tnl\tcr\tbs\tall\tplain\n"
	    "a\\tb\ta\\nb\ta\\rb\ta\\\\b\t\\\\\\t\\n\\r\\\\\tx, \"y\"\n",
	    "tsv: escapes in the header and values");
	free(out);
}

static void
test_is_json_number(void)
{
	static const char *const yes[] = { "0", "1", "-0", "-0.5", "1e3",
	    "1E3", "1e+3", "1e-3", "123.456", "-12.5e-10", "10", "0.0",
	    "1.50", NULL };
	static const char *const no[] = { "", "-", "01", "-01", "1.", ".5",
	    "NaN", "nan", "Infinity", "inf", "1e", "1e+", "+1", " 1", "1 ",
	    "0x10", "1,5", "1.2.3", "--1", "1e3.5", "abc", "true", "null",
	    "00", NULL };
	size_t i;
	char *m;

	for (i = 0; yes[i] != NULL; i++) {
		m = xasprintf("is_json_number(\"%s\") is 1", yes[i]);
		tap_ok(is_json_number(yes[i]) == 1, m);
		free(m);
	}
	for (i = 0; no[i] != NULL; i++) {
		m = xasprintf("is_json_number(\"%s\") is 0", no[i]);
		tap_ok(is_json_number(no[i]) == 0, m);
		free(m);
	}
}

static void
test_json(void)
{
	struct mem m;
	struct wr *w;
	struct rec r;
	struct json_object *o, *v;
	const char *out;

	rec_init(&r);
	rec_add(&r, interns("n"), "1.50", 4, 0);
	rec_add(&r, interns("neg"), "-0.5", 4, 0);
	rec_add(&r, interns("e"), "1e3", 3, 0);
	rec_add(&r, interns("lead0"), "007", 3, 0);
	rec_add(&r, interns("s"), "a\"b\\c", 5, 0);
	rec_add(&r, interns("ctl"), "\x01\x1f", 2, 0);
	rec_add(&r, interns("null"), "", 0, RF_NULL);
	rec_add(&r, interns("empty"), "", 0, 0);
	rec_add(&r, interns("arr"), "[1,\"x\"]", 7, RF_RAW);
	rec_add(&r, interns("t"), "true", 4, RF_RAW);
	rec_add(&r, interns("str_true"), "true", 4, 0);
	rec_add(&r, interns("utf8"), "caf\xc3\xa9", 5, 0);
	rec_add(&r, interns("na\"me"), "x", 1, 0);
	mem_open(&m);
	w = wr_open(m.fp, "<mem>", FMT_JSON);
	wr_record(w, &r);
	wr_close(w);
	out = mem_close(&m);
	tap_str(out, "{\"n\":1.50,\"neg\":-0.5,\"e\":1e3,\"lead0\":\"007\","
	    "\"s\":\"a\\\"b\\\\c\",\"ctl\":\"\\u0001\\u001f\",\"null\":null,"
	    "\"empty\":\"\",\"arr\":[1,\"x\"],\"t\":true,"
	    "\"str_true\":\"true\",\"utf8\":\"caf\xc3\xa9\","
	    "\"na\\\"me\":\"x\"}\n",
	    "json: numbers bare, strings escaped, null, raw");
	free(m.p);

	/* Whitespace controls: any valid escape, the same string back. */
	rec_clear(&r);
	rec_add(&r, interns("ws"), "a\nb\rc\td\be\ff", 11, 0);
	mem_open(&m);
	w = wr_open(m.fp, "<mem>", FMT_JSON);
	wr_record(w, &r);
	wr_close(w);
	out = mem_close(&m);
	tap_ok(strchr(out, '\n') == out + strlen(out) - 1 &&
	    strchr(out, '\r') == NULL && strchr(out, '\t') == NULL &&
	    strchr(out, '\b') == NULL && strchr(out, '\f') == NULL,
	    "json: no raw control characters in the line");
	o = json_tokener_parse(out);
	tap_ok(o != NULL && json_object_object_get_ex(o, "ws", &v) &&
	    json_object_get_string_len(v) == 11 &&
	    memcmp(json_object_get_string(v), "a\nb\rc\td\be\ff", 11) == 0,
	    "json: control characters read back by json-c");
	json_object_put(o);
	free(m.p);
	rec_free(&r);
}

/*
 * Every JSON number written reads back as the same text: not -0, which
 * json-c reads as 0, nor anything not finite.
 */
static void
test_json_numbers(void)
{
	static const char *const r1[] = { "z=-0", "zf=-0.0", "z0=0",
	    "big=18446744073709551616", "max=1.7976931348623157e308",
	    "tiny=4.9406564584124654e-324", "inf=inf", "ninf=-inf",
	    "nan=nan", "Inf=Infinity", NULL };
	static const char *const *recs[] = { r1 };
	char *out;

	out = write_recs(FMT_JSON, recs, 1);
	tap_str(out, "{\"z\":\"-0\",\"zf\":-0.0,\"z0\":0,"
	    "\"big\":18446744073709551616,"
	    "\"max\":1.7976931348623157e308,"
	    "\"tiny\":4.9406564584124654e-324,\"inf\":\"inf\","
	    "\"ninf\":\"-inf\",\"nan\":\"nan\",\"Inf\":\"Infinity\"}\n",
	    "json: -0 and what is not finite are strings");
	free(out);
}

static void
test_table(void)
{
	static const char *const r1[] = { "name=a", "value=1.5", "host=h1",
	    NULL };
	static const char *const r2[] = { "name=longer", "value=10",
	    "host=h22", NULL };
	static const char *const r3[] = { "name=caf\xc3\xa9", "value=",
	    "host=h", NULL };
	static const char *const r4[] = { "x=-2e3", "note=ok", NULL };
	static const char *const r5[] = { "x=3", "note=10", NULL };
	static const char *const *recs[] = { r1, r2, r3, r4, r5 };
	char *out;

	out = write_recs(FMT_TABLE, recs, 5);
	tap_str(out,
	    "name    value  host\n"
	    "a         1.5  h1\n"
	    "longer     10  h22\n"
	    "caf\xc3\xa9           h\n"
	    "\n"
	    "    x  note\n"
	    "-2000  ok\n"
	    "    3  10\n",
	    "table: numeric columns right-aligned, text left, blocks");
	free(out);

	out = write_recs(FMT_TABLE, recs, 0);
	tap_str(out, "", "table: no records, no output");
	free(out);
}

static void
test_raw_and_format(void)
{
	struct mem m;
	struct wr *w;
	struct rec r;
	struct buf b = BUF_INIT;
	static const char *const kv[] = { "a=1", "b=x,y", NULL };

	mem_open(&m);
	w = wr_open(m.fp, "<mem>", FMT_CSV);
	wr_raw(w, "bad,line\n", 9);
	wr_raw(w, "no newline", 10);
	wr_close(w);
	mem_close(&m);
	tap_str(m.p, "bad,line\nno newline\n",
	    "wr_raw: text as is, a newline added if missing");
	free(m.p);

	rec_init(&r);
	mkrec(&r, kv);
	wr_format_header(FMT_CSV, &r, &b);
	wr_format_record(FMT_CSV, &r, &b);
	wr_format_header(FMT_TSV, &r, &b);
	wr_format_record(FMT_TSV, &r, &b);
	wr_format_record(FMT_JSON, &r, &b);
	tap_str(buf_nul(&b), "a,b\n1,\"x,y\"\na\tb\n1\tx,y\n"
	    "{\"a\":1,\"b\":\"x,y\"}\n", "wr_format_header and _record");
	buf_free(&b);
	rec_free(&r);
}

/* Reads text in fmt and writes it back in the same format. */
static char *
round_trip(const char *text, int fmt)
{
	char path[] = "/tmp/test-wr.XXXXXX";
	char *paths[1];
	struct rdopts o;
	struct rd *rd;
	struct wr *w;
	struct mem m;
	const struct rec *r;
	int fd;

	if ((fd = mkstemp(path)) < 0 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    close(fd) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	paths[0] = path;
	memset(&o, 0, sizeof(o));
	o.fmt = fmt;
	rd = rd_open(paths, 1, &o);
	mem_open(&m);
	w = wr_open(m.fp, "<mem>", fmt);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL)
			wr_raw(w, r->raw.p, r->raw.len);
		else
			wr_record(w, r);
	}
	rd_close(rd);
	wr_close(w);
	mem_close(&m);
	unlink(path);
	return m.p;
}

static void
test_round_trip(void)
{
	static const struct {
		const char	*text;
		int		 fmt;
		const char	*what;
	} t[] = {
		{ "name,note,n\n"
		  "plain,\"a,b\",1\n"
		  "\"multi\nline\",\"say \"\"hi\"\"\",2\n"
		  " sp ,,3\n"
		  "\"two\n\nblank\",\"cr\r\nlf\",4\n",
		  FMT_CSV, "csv: quotes and embedded newlines" },
		{ "a,b\n1,2\n\nc\n3\n\n\"x,y\"\n4\n", FMT_CSV,
		  "csv: blocks" },
		{ "a,b\n1,2\nbad\n3,4\n", FMT_CSV,
		  "csv: a bad record passed through" },
		{ "a\tb\nx\\ty\tz\\\\w\\n\n\nc\n\\r\n", FMT_TSV,
		  "tsv: escapes and blocks" },
		{ "{\"a\":1.50,\"b\":\"x\\\"y\",\"c\":null,\"d\":[1,2],"
		  "\"e\":true,\"f\":1e3}\n{\"g\":-0.25}\n", FMT_JSON,
		  "json: values" },
		{ "a\n\"\"\n", FMT_CSV,
		  "csv: a one-column record with an empty value" },
		{ "a\n\\\n2\n", FMT_TSV,
		  "tsv: a one-column record with an empty value" },
		{ "\"\"\n1\n\"\"\n", FMT_CSV,
		  "csv: a header of one empty name" },
		{ "\\\n1\n\\\n", FMT_TSV,
		  "tsv: a header of one empty name" },
		{ ",a\n1,2\n", FMT_CSV, "csv: an empty name among others" },
		{ "\ta\n1\t\\\\\n", FMT_TSV,
		  "tsv: an empty name among others, a backslash" },
		{ "{\"\":\"\"}\n", FMT_JSON, "json: an empty name and value" },
	};
	size_t i;
	char *out, *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = round_trip(t[i].text, t[i].fmt);
		m = xasprintf("round trip %s", t[i].what);
		tap_str(out, t[i].text, m);
		free(m);
		free(out);
	}
	out = round_trip("{\"a\":{\"b\":1,\"c\":{\"d\":\"x\"}}}\n", FMT_JSON);
	tap_str(out, "{\"a.b\":1,\"a.c.d\":\"x\"}\n",
	    "round trip json: nested objects written flat");
	free(out);
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

/* A write error is exit 4 naming the stream. */
static void
test_write_error(void)
{
	int pfd[2], status;
	pid_t pid;
	char msg[512];
	ssize_t n;
	size_t len = 0;

	if (pipe(pfd) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		static const char *const kv[] = { "a=1", NULL };
		struct rec r;
		struct wr *w;
		FILE *fp;
		int i;

		dup2(pfd[1], 2);
		close(pfd[0]);
		on_exit(exit_now, NULL);
		if ((fp = fopen("/dev/full", "w")) == NULL)
			_exit(99);
		rec_init(&r);
		mkrec(&r, kv);
		w = wr_open(fp, "/dev/full", FMT_CSV);
		for (i = 0; i < 10000; i++)
			wr_record(w, &r);
		wr_close(w);
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], msg + len, sizeof(msg) - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (!tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == PP_EXIT_SYS,
	    "/dev/full: exit 4"))
		printf("#   status %d\n", status);
	tap_str(msg, "test-wr: /dev/full: write error: No space left on "
	    "device\n", "/dev/full: the message names the stream");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_csv();
	test_csv_field();
	test_csv_blocks();
	test_tsv();
	test_is_json_number();
	test_json();
	test_json_numbers();
	test_table();
	test_raw_and_format();
	test_round_trip();
	test_write_error();
	return tap_done();
}
