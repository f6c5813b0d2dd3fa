/*
 * Unit tests of the record readers (rd.h): CSV per RFC 4180, TSV
 * escapes, JSON Lines flattening, format detection and --metrics.
 */
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "rd.h"
#include "rec.h"
#include "tap.h"

static char	 tmpdir[] = "/tmp/test-rd.XXXXXX";
/* Fixed, so that a reader's pointer into it stays valid. */
static char	*tmpfiles[256];
static size_t	 ntmp;

/* Writes len bytes of text to a new temporary file; returns its path. */
static char *
tmpfile_with(const char *text, size_t len)
{
	char *path = xasprintf("%s/in.XXXXXX", tmpdir);
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	if (ntmp == sizeof(tmpfiles) / sizeof(tmpfiles[0]))
		pp_die(PP_EXIT_SYS, "too many temporary files");
	tmpfiles[ntmp++] = path;
	return path;
}

static char *
tmps(const char *text)
{
	return tmpfile_with(text, strlen(text));
}

/* A reader of one file with text in format fmt (FMT_AUTO detects). */
static struct rd *
open_text(const char *text, int fmt, char **path)
{
	struct rdopts o;

	memset(&o, 0, sizeof(o));
	o.fmt = fmt;
	/* The reader keeps the array of paths: one slot per reader. */
	tmps(text);
	if (path != NULL)
		*path = tmpfiles[ntmp - 1];
	return rd_open(&tmpfiles[ntmp - 1], 1, &o);
}

/* The fields of r as "name=value|name=value". */
static const char *
show(const struct rec *r)
{
	static struct buf b;
	size_t i;

	if (r == NULL)
		return "(end)";
	b.len = 0;
	for (i = 0; i < r->n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, r->name[i]);
		buf_addc(&b, '=');
		buf_adds(&b, rec_val(r, i));
	}
	return buf_nul(&b);
}

static const char *
raw(const struct rec *r)
{
	static struct buf b;

	b.len = 0;
	if (r != NULL && r->raw.len > 0)
		buf_add(&b, r->raw.p, r->raw.len);
	return buf_nul(&b);
}

/* Checks the next record: its fields, line and that it is good. */
static void
next_good(struct rd *rd, const char *want, unsigned long line,
    const char *what)
{
	const struct rec *r = rd_next(rd);
	char *m;

	m = xasprintf("%s: fields", what);
	tap_str(show(r), want, m);
	free(m);
	m = xasprintf("%s: not bad", what);
	if (!tap_ok(r != NULL && r->bad == NULL, m) && r != NULL)
		printf("#   bad: %s\n", r->bad);
	free(m);
	m = xasprintf("%s: line %lu", what, line);
	if (!tap_ok(r != NULL && r->line == line, m) && r != NULL)
		printf("#   got line %lu\n", r->line);
	free(m);
}

/* Checks the next record is bad with message msg, raw text and line. */
static void
next_bad(struct rd *rd, const char *msg, const char *rawtext,
    unsigned long line, const char *what)
{
	const struct rec *r = rd_next(rd);
	char *m;

	m = xasprintf("%s: bad message", what);
	tap_str(r != NULL ? r->bad : NULL, msg, m);
	free(m);
	m = xasprintf("%s: raw text kept", what);
	tap_str(raw(r), rawtext, m);
	free(m);
	m = xasprintf("%s: line %lu", what, line);
	if (!tap_ok(r != NULL && r->line == line, m) && r != NULL)
		printf("#   got line %lu\n", r->line);
	free(m);
}

static void
next_end(struct rd *rd, const char *what)
{
	const struct rec *r = rd_next(rd);
	char *m = xasprintf("%s: end of input", what);

	if (!tap_ok(r == NULL, m))
		printf("#   got '%s'\n", show(r));
	free(m);
}

static void
test_csv_basic(void)
{
	struct rd *rd;
	char *path;
	const struct rec *r;
	const char *const *h;
	size_t nh;

	rd = open_text("a,b,c\n1,2,3\nx,,z\n", FMT_AUTO, &path);
	tap_ok(rd_format(rd) == FMT_CSV, "csv: detected as CSV");
	r = rd_next(rd);
	tap_str(show(r), "a=1|b=2|c=3", "csv: plain row");
	tap_ok(r != NULL && r->line == 2, "csv: first data row is line 2");
	tap_ok(r != NULL && r->file != NULL && strcmp(r->file, path) == 0,
	    "csv: record names its file");
	tap_str(rd_file(rd), path, "csv: rd_file is the path");
	tap_ok(r != NULL && r->name[0] == interns("a"),
	    "csv: names are interned");
	h = rd_header(rd, &nh);
	tap_ok(h != NULL && nh == 3 && h[0] == interns("a") &&
	    h[1] == interns("b") && h[2] == interns("c"),
	    "csv: rd_header gives the header");
	{
		size_t len;
		const char *t = rd_raw(rd, &len);

		tap_ok(len == 6 && memcmp(t, "1,2,3\n", 6) == 0,
		    "csv: rd_raw gives the text of a good row");
	}
	next_good(rd, "a=x|b=|c=z", 3, "csv: empty middle field");
	next_end(rd, "csv basic");
	next_end(rd, "csv basic, again");
	rd_close(rd);
}

static void
test_csv_quotes(void)
{
	struct rd *rd;

	rd = open_text("name,note\n"
	    "\"a,b\",\"x\"\"y\"\"\"\n"
	    "\"\",\"\"\"\"\n"
	    "\"multi\nline\",\"two\n\nblank\"\n"
	    "after,3\n", FMT_AUTO, NULL);
	next_good(rd, "name=a,b|note=x\"y\"", 2,
	    "csv: quoted comma and doubled quotes");
	next_good(rd, "name=|note=\"", 3, "csv: empty quoted, lone quote");
	next_good(rd, "name=multi\nline|note=two\n\nblank", 4,
	    "csv: embedded newlines keep the first line's number");
	next_good(rd, "name=after|note=3", 8,
	    "csv: line numbers continue after a multi-line record");
	next_end(rd, "csv quotes");
	rd_close(rd);

	/* The raw text of a multi-line record is all its lines. */
	rd = open_text("a,b\n\"x\ny\",2\n", FMT_AUTO, NULL);
	{
		const struct rec *r = rd_next(rd);

		tap_str(raw(r), "\"x\ny\",2\n",
		    "csv: raw text of a multi-line record");
	}
	rd_close(rd);
}

static void
test_csv_crlf_spaces(void)
{
	struct rd *rd;

	rd = open_text("a,b\r\n 1 , two \r\n\"q\"\"\",\"x\r\ny\"\r\n3,4\r\n",
	    FMT_AUTO, NULL);
	next_good(rd, "a= 1 |b= two ", 2, "csv: CRLF, spaces preserved");
	next_good(rd, "a=q\"|b=x\r\ny", 3,
	    "csv: CRLF with quotes; CRLF inside quotes kept");
	next_good(rd, "a=3|b=4", 5, "csv: CRLF after a multi-line record");
	next_end(rd, "csv crlf");
	rd_close(rd);

	rd = open_text("\"a b\", c \n\" 1\",2 \n", FMT_AUTO, NULL);
	next_good(rd, "a b= 1| c =2 ", 2,
	    "csv: spaces in quoted header and fields");
	next_end(rd, "csv spaces");
	rd_close(rd);
}

static void
test_csv_no_final_newline(void)
{
	struct rd *rd;

	rd = open_text("a,b\n1,2", FMT_AUTO, NULL);
	next_good(rd, "a=1|b=2", 2, "csv: last line without newline");
	next_end(rd, "csv no newline");
	rd_close(rd);

	rd = open_text("a,b\n1,\"two\nlines\"", FMT_AUTO, NULL);
	next_good(rd, "a=1|b=two\nlines", 2,
	    "csv: quoted last record without newline");
	next_end(rd, "csv quoted no newline");
	rd_close(rd);

	rd = open_text("a,b\r\n1,2\r\n3,4", FMT_AUTO, NULL);
	next_good(rd, "a=1|b=2", 2, "csv: CRLF file, first row");
	next_good(rd, "a=3|b=4", 3, "csv: CRLF file, last row no newline");
	next_end(rd, "csv crlf no newline");
	rd_close(rd);
}

static void
test_csv_bad(void)
{
	struct rd *rd;
	const struct rec *r;

	rd = open_text("a,b\n1,2,3\n4\n5,6\n", FMT_AUTO, NULL);
	next_bad(rd, "expected 2 fields, found 3", "1,2,3\n", 2,
	    "csv: too many fields");
	next_bad(rd, "expected 2 fields, found 1", "4\n", 3,
	    "csv: too few fields");
	next_good(rd, "a=5|b=6", 4, "csv: good row after ragged rows");
	next_end(rd, "csv ragged");
	rd_close(rd);

	rd = open_text("a,b\n\"x\",\"y\",\"z\"\n", FMT_AUTO, NULL);
	next_bad(rd, "expected 2 fields, found 3", "\"x\",\"y\",\"z\"\n", 2,
	    "csv: ragged quoted row");
	rd_close(rd);

	rd = open_text("a,b\n1,\"x\"y\n2,b\"c\n3,4\n", FMT_AUTO, NULL);
	next_bad(rd, "malformed quoted field", "1,\"x\"y\n", 2,
	    "csv: text after a closing quote");
	next_bad(rd, "malformed quoted field", "2,b\"c\n", 3,
	    "csv: quote inside an unquoted field");
	next_good(rd, "a=3|b=4", 4, "csv: good row after malformed quotes");
	next_end(rd, "csv malformed");
	rd_close(rd);

	/*
	 * A quote that never closes is bad on its first line; the lines
	 * after it are read again.
	 */
	rd = open_text("a,b\n1,2\n3,\"open\nstill open\n5,6\n", FMT_AUTO,
	    NULL);
	next_good(rd, "a=1|b=2", 2, "csv: row before unterminated quote");
	next_bad(rd, "unterminated quoted field", "3,\"open\n", 3,
	    "csv: unterminated quote at EOF");
	next_bad(rd, "expected 2 fields, found 1", "still open\n", 4,
	    "csv: the line after an unterminated quote is read again");
	next_good(rd, "a=5|b=6", 5, "csv: and so is the rest");
	next_end(rd, "csv unterminated");
	rd_close(rd);

	rd = open_text("a,b\n3,\"open", FMT_AUTO, NULL);
	next_bad(rd, "unterminated quoted field", "3,\"open", 2,
	    "csv: unterminated quote, no final newline");
	next_end(rd, "csv unterminated no newline");
	rd_close(rd);

	/* A bad record has no fields. */
	rd = open_text("a,b\n1\n", FMT_AUTO, NULL);
	r = rd_next(rd);
	tap_ok(r != NULL && r->bad != NULL && r->n == 0,
	    "csv: a bad record has no fields");
	rd_close(rd);
}

/* A quoted field spans at most 1000 lines and 1 MiB (pp(7)). */
static void
test_csv_limits(void)
{
	struct buf b = BUF_INIT;
	struct rd *rd;
	const struct rec *r;
	size_t i, good;
	int ok;

	buf_adds(&b, "a,b\n0,\"open\n");
	for (i = 1; i <= 1500; i++)
		buf_printf(&b, "%zu,x\n", i);
	rd = open_text(buf_nul(&b), FMT_AUTO, NULL);
	next_bad(rd, "unterminated quoted field (not closed within 1000 "
	    "lines)", "0,\"open\n", 2, "csv: a quote open for 1000 lines");
	for (good = 0, ok = 1; (r = rd_next(rd)) != NULL; good++)
		if (r->bad != NULL || r->line != good + 3)
			ok = 0;
	tap_ok(ok && good == 1500, "csv: every line after it read again");
	rd_close(rd);

	/* 999 more lines that close the quote are one record. */
	b.len = 0;
	buf_adds(&b, "a,b\n0,\"open\n");
	for (i = 1; i < 999; i++)
		buf_adds(&b, "x\n");
	buf_adds(&b, "end\"\n1,2\n");
	rd = open_text(buf_nul(&b), FMT_AUTO, NULL);
	r = rd_next(rd);
	tap_ok(r != NULL && r->bad == NULL && r->n == 2 &&
	    strlen(rec_val(r, 1)) == 5 + 2 * 998 + 3,
	    "csv: a quoted field of 1000 lines is read");
	next_good(rd, "a=1|b=2", 1002, "csv: the row after it");
	rd_close(rd);

	b.len = 0;
	buf_adds(&b, "a,b\n0,\"open\n1,");
	for (i = 0; i < 600 * 1024; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\n2,");
	for (i = 0; i < 600 * 1024; i++)
		buf_addc(&b, 'y');
	buf_adds(&b, "\n3,4\n");
	rd = open_text(buf_nul(&b), FMT_AUTO, NULL);
	next_bad(rd, "unterminated quoted field (not closed within 1 MiB)",
	    "0,\"open\n", 2, "csv: a quote open for 1 MiB");
	r = rd_next(rd);
	tap_ok(r != NULL && r->bad == NULL && r->line == 3 &&
	    strlen(rec_val(r, 1)) == 600 * 1024, "csv: the long line after it");
	r = rd_next(rd);
	tap_ok(r != NULL && r->bad == NULL && r->line == 4,
	    "csv: the second long line");
	next_good(rd, "a=3|b=4", 5, "csv: the row after them");
	rd_close(rd);
	buf_free(&b);
}

static void
test_csv_blocks(void)
{
	struct rd *rd;
	const char *const *h;
	size_t nh;

	rd = open_text("a,b\n1,2\n\nc,d,e\n3,4,5\n\r\n\nf\n6\n", FMT_AUTO,
	    NULL);
	next_good(rd, "a=1|b=2", 2, "csv block 1");
	next_good(rd, "c=3|d=4|e=5", 5, "csv block 2 after a blank line");
	h = rd_header(rd, &nh);
	tap_ok(nh == 3 && h[2] == interns("e"), "csv: rd_header of block 2");
	next_good(rd, "f=6", 9, "csv block 3 after blank lines (one CRLF)");
	next_end(rd, "csv blocks");
	rd_close(rd);

	/* A header only, and an empty file. */
	rd = open_text("a,b\n", FMT_AUTO, NULL);
	next_end(rd, "csv header only");
	rd_close(rd);
	rd = open_text("", FMT_AUTO, NULL);
	tap_ok(rd_format(rd) == FMT_CSV, "empty file: format CSV");
	next_end(rd, "empty file");
	rd_close(rd);

	/* A quoted header. */
	rd = open_text("\"x,y\",\"q\"\"\"\n1,2\n", FMT_AUTO, NULL);
	next_good(rd, "x,y=1|q\"=2", 2, "csv: quoted header names");
	rd_close(rd);
}

static void
test_csv_more(void)
{
	struct rd *rd;
	const char *const *h;
	size_t nh;

	/*
	 * A malformed quote on the second line of a record: the record is
	 * bad on its first line, and the second is read again.
	 */
	rd = open_text("a,b\n1,\"abc\ndef\"x\n3,4\n", FMT_AUTO, NULL);
	next_bad(rd, "malformed quoted field", "1,\"abc\n", 2,
	    "csv: malformed quote in a multi-line record");
	next_bad(rd, "malformed quoted field", "def\"x\n", 3,
	    "csv: its second line read again");
	next_good(rd, "a=3|b=4", 4, "csv: good row after it");
	next_end(rd, "csv malformed multi-line");
	rd_close(rd);

	/* A byte-order mark is not part of the first name. */
	rd = open_text("\xef\xbb\xbf" "a,b\n1,2\n", FMT_AUTO, NULL);
	next_good(rd, "a=1|b=2", 2, "csv: BOM before a plain header");
	rd_close(rd);
	rd = open_text("\xef\xbb\xbf\"a\",b\n1,2\n", FMT_AUTO, NULL);
	next_good(rd, "a=1|b=2", 2, "csv: BOM before a quoted header");
	rd_close(rd);
	rd = open_text("\xef\xbb\xbf" "a\tb\n1\t2\n", FMT_AUTO, NULL);
	tap_ok(rd_format(rd) == FMT_TSV, "tsv: BOM, detected");
	next_good(rd, "a=1|b=2", 2, "tsv: BOM before the header");
	rd_close(rd);
	rd = open_text("\xef\xbb\xbf{\"a\":1}\n", FMT_AUTO, NULL);
	tap_ok(rd_format(rd) == FMT_JSON, "json: BOM, detected");
	next_good(rd, "a=1", 1, "json: BOM before the first object");
	h = rd_header(rd, &nh);
	tap_ok(h == NULL && nh == 0, "json: rd_header is NULL");
	rd_close(rd);
}

static void
test_stdin(void)
{
	struct rd *rd;
	const struct rec *r;
	char *path = tmps("a,b\n1,2\n");
	char *dash[] = { (char *)"-" };

	if (freopen(path, "r", stdin) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	rd = rd_open(NULL, 0, NULL);
	r = rd_next(rd);
	tap_str(show(r), "a=1|b=2", "stdin: no paths reads standard input");
	tap_str(rd_file(rd), "<stdin>", "stdin: named <stdin>");
	tap_str(r != NULL ? r->file : NULL, "<stdin>",
	    "stdin: record file is <stdin>");
	next_end(rd, "stdin");
	rd_close(rd);

	if (freopen(path, "r", stdin) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	rd = rd_open(dash, 1, NULL);
	next_good(rd, "a=1|b=2", 2, "stdin: '-' reads standard input");
	tap_str(rd_file(rd), "<stdin>", "stdin: '-' named <stdin>");
	rd_close(rd);
}

/* A child that exits on purpose ends at once (no sanitizer report). */
static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

/* A duplicate header column is fatal: exit 3, file and line named. */
static void
test_dup_header(void)
{
	char *path = tmps("a,b\n1,2\n\nx,y,x\n3,4,5\n");
	char err[1024], *want;
	int pfd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pfd) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct rd *rd;
		char *paths[1];

		close(pfd[0]);
		dup2(pfd[1], 2);
		on_exit(exit_now, NULL);
		paths[0] = path;
		rd = rd_open(paths, 1, NULL);
		while (rd_next(rd) != NULL)
			;
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], err + len, sizeof(err) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (len += (size_t)n) == sizeof(err) - 1)
			break;
	}
	err[len] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == PP_EXIT_DATA,
	    "duplicate header column: exit 3");
	want = xasprintf("test-rd: %s:4: duplicate column 'x' in the header\n",
	    path);
	tap_str(err, want, "duplicate header column: message");
	free(want);
}

/* names_dup: a few names by compares, many through a set. */
static void
test_names_dup(void)
{
	const char *n[40];
	char name[16];
	size_t i;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		n[i] = interns(name);
	}
	tap_ok(names_dup(n, 0) == -1 && names_dup(n, 1) == -1 &&
	    names_dup(n, 16) == -1 && names_dup(n, 40) == -1,
	    "names_dup: distinct names");
	n[9] = n[3];
	tap_ok(names_dup(n, 16) == 9, "names_dup: a repeat among 16");
	tap_ok(names_dup(n, 40) == 9, "names_dup: a repeat among 40");
	n[9] = interns("c9");
	n[39] = n[0];
	tap_ok(names_dup(n, 40) == 39, "names_dup: the last repeats the first");
}

static void
test_two_files(void)
{
	char *paths[2];
	struct rd *rd;
	struct rdopts o;

	memset(&o, 0, sizeof(o));
	paths[0] = tmps("a,b\n1,2\n");
	paths[1] = tmps("{\"m\":1}\n");
	rd = rd_open(paths, 2, &o);
	tap_ok(rd_format(rd) == FMT_CSV, "two files: format of the first");
	next_good(rd, "a=1|b=2", 2, "two files: CSV record");
	tap_str(rd_file(rd), paths[0], "two files: first name");
	next_good(rd, "m=1", 1, "two files: JSON record of the second");
	tap_str(rd_file(rd), paths[1], "two files: second name");
	next_end(rd, "two files");
	rd_close(rd);
}

static void
test_tsv(void)
{
	struct rd *rd;

	rd = open_text("a\tb\tc\nx\\ty\tz\\\\w\tl1\\nl2\\r\n"
	    " sp \t\t,\n", FMT_AUTO, NULL);
	tap_ok(rd_format(rd) == FMT_TSV, "tsv: detected");
	next_good(rd, "a=x\ty|b=z\\w|c=l1\nl2\r", 2, "tsv: escapes");
	next_good(rd, "a= sp |b=|c=,", 3,
	    "tsv: spaces kept, empty field, comma is data");
	next_end(rd, "tsv");
	rd_close(rd);

	rd = open_text("a\tb\n1\t2\t3\n\"q\"\t\"r\"\r\n\nc\n4", FMT_TSV, NULL);
	next_bad(rd, "expected 2 fields, found 3", "1\t2\t3\n", 2,
	    "tsv: ragged row");
	next_good(rd, "a=\"q\"|b=\"r\"", 3,
	    "tsv: quotes are data, CRLF stripped");
	next_good(rd, "c=4", 6, "tsv: new block, no final newline");
	next_end(rd, "tsv blocks");
	rd_close(rd);
}

static void
test_json(void)
{
	struct rd *rd;
	const struct rec *r;
	long i;

	rd = open_text("{\"ts\":\"2024-01-01T00:00:00Z\",\"a\":{\"b\":1,"
	    "\"c\":{\"d\":\"x\"}},\"e\":2}\n"
	    "{\"n\":1.50,\"m\":1e3,\"k\":-0.5,\"j\":1E+3,\"i\":7}\n"
	    "{\"arr\":[1, \"two\" ,{\"x\":null}],\"t\":true,\"f\":false,"
	    "\"z\":null,\"s\":\"q\\\"\\\\\\n\\u00e9\"}\n"
	    "  \n"
	    "{\"a\":1}  \r\n", FMT_AUTO, NULL);
	tap_ok(rd_format(rd) == FMT_JSON, "json: detected");
	next_good(rd, "ts=2024-01-01T00:00:00Z|a.b=1|a.c.d=x|e=2", 1,
	    "json: nested objects flattened with '.'");
	r = rd_next(rd);
	tap_str(show(r), "n=1.50|m=1e3|k=-0.5|j=1E+3|i=7",
	    "json: numbers keep their literal text");
	tap_ok(r != NULL && r->n == 5 && r->flags[0] == 0 &&
	    r->flags[1] == 0, "json: numbers have no flags");
	r = rd_next(rd);
	tap_str(show(r),
	    "arr=[1,\"two\",{\"x\":null}]|t=true|f=false|z=|s=q\"\\\n\xc3\xa9",
	    "json: array as JSON text, booleans, null, string escapes");
	if (r != NULL && r->n == 5) {
		tap_ok(r->flags[0] == RF_RAW, "json: array has RF_RAW");
		tap_ok(r->flags[1] == RF_RAW, "json: true has RF_RAW");
		tap_ok(r->flags[2] == RF_RAW, "json: false has RF_RAW");
		tap_ok(r->flags[3] == RF_NULL, "json: null has RF_NULL");
		tap_ok(r->flags[4] == 0, "json: string has no flag");
	} else
		tap_ok(0, "json: flags (record missing)");
	next_good(rd, "a=1", 5,
	    "json: blank line skipped; trailing space and CRLF");
	next_end(rd, "json");
	rd_close(rd);

	rd = open_text("{\"a\":1}\n"
	    "{\"a\":\n"
	    "[1,2]\n"
	    "\"str\"\n"
	    "{bad}\n"
	    "{\"a\":1}{\"b\":2}\n"
	    "{\"b\":2}", FMT_AUTO, NULL);
	next_good(rd, "a=1", 1, "json: good line");
	next_bad(rd, "malformed JSON: unexpected end of line", "{\"a\":\n", 2,
	    "json: truncated object");
	next_bad(rd, "not a JSON object", "[1,2]\n", 3, "json: an array line");
	next_bad(rd, "not a JSON object", "\"str\"\n", 4,
	    "json: a string line");
	r = rd_next(rd);
	tap_ok(r != NULL && r->bad != NULL &&
	    strncmp(r->bad, "malformed JSON: ", 16) == 0 &&
	    strlen(r->bad) > 16, "json: {bad} is malformed JSON");
	tap_str(raw(r), "{bad}\n", "json: {bad} raw text kept");
	next_bad(rd, "malformed JSON: unexpected character",
	    "{\"a\":1}{\"b\":2}\n", 6, "json: two objects on a line");
	next_good(rd, "b=2", 7, "json: last line without newline");
	next_end(rd, "json bad");
	rd_close(rd);

	/*
	 * json-c reads integers as 64-bit: -0 becomes 0 (documented in
	 * pp(7)), a 64-bit one keeps its text, and so does a larger one,
	 * except in an array, where it would be changed.
	 */
	rd = open_text("{\"neg0\":-0,\"ns\":1700000000123456789}\n"
	    "{\"big\":123456789012345678901234567890,\"s\":\"\\\"1234567890"
	    "1234567890\",\"o\":{\"u\":18446744073709551616,"
	    "\"m\":-9223372036854775809},\"x\":1.5e400}\n"
	    "{\"u\":18446744073709551615,\"i\":-9223372036854775808}\n"
	    "{\"a\":[1,18446744073709551616],\"b\":18446744073709551616}\n",
	    FMT_AUTO, NULL);
	r = rd_next(rd);
	i = r != NULL ? rec_find(r, interns("neg0")) : -1;
	tap_str(i >= 0 ? rec_val(r, (size_t)i) : NULL, "0",
	    "json: -0 reads as 0");
	i = r != NULL ? rec_find(r, interns("ns")) : -1;
	tap_str(i >= 0 ? rec_val(r, (size_t)i) : NULL,
	    "1700000000123456789", "json: a 64-bit integer keeps its text");
	next_good(rd, "big=123456789012345678901234567890|"
	    "s=\"12345678901234567890|o.u=18446744073709551616|"
	    "o.m=-9223372036854775809|x=1.5e400", 2,
	    "json: integers beyond 64 bits keep their text");
	next_good(rd, "u=18446744073709551615|i=-9223372036854775808", 3,
	    "json: the 64-bit extremes keep their text");
	next_bad(rd, "field 'a': integer out of the 64-bit range in an array",
	    "{\"a\":[1,18446744073709551616],\"b\":18446744073709551616}\n",
	    4, "json: an integer beyond 64 bits in an array is a bad record");
	next_end(rd, "json integers");
	rd_close(rd);
}

static void
test_json_names(void)
{
	struct rd *rd;

	rd = open_text("{\"a\":{\"b\":1},\"a.b\":2}\n"
	    "{\"a.b\":2,\"a\":{\"b\":1}}\n"
	    "{\"a\":{\"b\":{\"c\":1}},\"a.b\":{\"c\":2},\"d\":3}\n"
	    "{\"\":{\"a\":1},\"a\":2,\"b\":{\"\":3}}\n"
	    "{\"\":1}\n", FMT_JSON, NULL);
	next_bad(rd, "duplicate field 'a.b' after flattening",
	    "{\"a\":{\"b\":1},\"a.b\":2}\n", 1,
	    "json: a nested name and a dotted one");
	next_bad(rd, "duplicate field 'a.b' after flattening",
	    "{\"a.b\":2,\"a\":{\"b\":1}}\n", 2,
	    "json: the dotted name first");
	next_bad(rd, "duplicate field 'a.b.c' after flattening",
	    "{\"a\":{\"b\":{\"c\":1}},\"a.b\":{\"c\":2},\"d\":3}\n", 3,
	    "json: two nested objects");
	next_good(rd, ".a=1|a=2|b.=3", 4,
	    "json: an empty name is joined with a dot like any other");
	next_good(rd, "=1", 5, "json: an empty name");
	next_end(rd, "json names");
	rd_close(rd);

	/* A NUL byte would cut a value or a name short. */
	rd = open_text("{\"a\":\"x\\u0000y\",\"b\":1}\n"
	    "{\"a\\u0000b\":1}\n"
	    "{\"a\":\"x\\\\u0000y\"}\n"
	    "{\"a\":\"\\\\\\u0000\"}\n"
	    "{\"a\":\"\\u0001\"}\n", FMT_JSON, NULL);
	next_bad(rd, "a string holds a NUL byte (\\u0000)",
	    "{\"a\":\"x\\u0000y\",\"b\":1}\n", 1, "json: NUL in a value");
	next_bad(rd, "a string holds a NUL byte (\\u0000)",
	    "{\"a\\u0000b\":1}\n", 2, "json: NUL in a name");
	next_good(rd, "a=x\\u0000y", 3, "json: an escaped backslash, then u0000");
	next_bad(rd, "a string holds a NUL byte (\\u0000)",
	    "{\"a\":\"\\\\\\u0000\"}\n", 4,
	    "json: an escaped backslash, then NUL");
	next_good(rd, "a=\001", 5, "json: other control characters are kept");
	next_end(rd, "json NUL");
	rd_close(rd);
}

static void
test_detect(void)
{
	static const struct {
		const char	*text;
		int		 fmt;
		const char	*what;
	} t[] = {
		{ "{\"a\":1}\n", FMT_JSON, "'{' is JSON" },
		{ "  {\"a\":1}\n", FMT_JSON, "spaces then '{' is JSON" },
		{ "a\tb\n1\t2\n", FMT_TSV, "tab, no comma is TSV" },
		{ "a\tb,c\n1\t2,3\n", FMT_CSV, "tab and comma is CSV" },
		{ "a,b\n1,2\n", FMT_CSV, "comma is CSV" },
		{ "value\n1\n", FMT_CSV, "one column is CSV" },
		{ "a\n{\"x\":1}\n", FMT_CSV, "only the first line counts" },
		{ "", FMT_CSV, "empty is CSV" },
	};
	struct rd *rd;
	size_t i;
	char *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rd = open_text(t[i].text, FMT_AUTO, NULL);
		m = xasprintf("detect: %s", t[i].what);
		if (!tap_ok(rd_format(rd) == t[i].fmt, m))
			printf("#   got %s\n", fmt_name(rd_format(rd)));
		free(m);
		rd_close(rd);
	}

	/* An explicit format wins over detection. */
	rd = open_text("a\tb,c\n1\t2,3\n", FMT_TSV, NULL);
	tap_ok(rd_format(rd) == FMT_TSV, "detect: --input-format wins");
	next_good(rd, "a=1|b,c=2,3", 2, "explicit TSV reads tabs");
	rd_close(rd);

	tap_ok(fmt_parse_in("csv") == FMT_CSV && fmt_parse_in("tsv") == FMT_TSV &&
	    fmt_parse_in("json") == FMT_JSON &&
	    fmt_parse_in("jsonl") == FMT_JSON &&
	    fmt_parse_in("table") == -1 && fmt_parse_in("xml") == -1 &&
	    fmt_parse_in("") == -1 && fmt_parse_in("markdown") == -1 &&
	    fmt_parse_in("openmetrics") >= FMT_IMPORT &&
	    fmt_parse_in("hyperfine") >= FMT_IMPORT, "fmt_parse_in");
	tap_ok(fmt_parse_out("csv") == FMT_CSV &&
	    fmt_parse_out("table") == FMT_TABLE &&
	    fmt_parse_out("openmetrics") == FMT_OPENMETRICS &&
	    fmt_parse_out("markdown") == FMT_MARKDOWN &&
	    fmt_parse_out("hyperfine") == -1 && fmt_parse_out("xml") == -1,
	    "fmt_parse_out");
	tap_str(fmt_name(FMT_JSON), "json", "fmt_name json");
	tap_str(fmt_name(FMT_TSV), "tsv", "fmt_name tsv");
}

static void
test_metrics(void)
{
	const char *m[3];
	struct rdopts o;
	struct rd *rd;
	char *paths[1];
	const struct rec *r;

	m[0] = interns("cpu");
	m[1] = interns("mem");
	m[2] = interns("absent");
	memset(&o, 0, sizeof(o));
	o.metrics = m;
	o.nmetrics = 3;
	paths[0] = tmps("ts,host,cpu,mem,run\n"
	    "t1,h1,0.5,100,1\n"
	    "t2,h2,,200,2\n"
	    "t3,h3,,,3\n"
	    "t4,h4,0.7\n"
	    "t5,h5,0.9,300,5\n");
	rd = rd_open(paths, 1, &o);
	r = rd_next(rd);
	tap_str(show(r), "ts=t1|host=h1|run=1|metric=cpu|value=0.5",
	    "metrics: first metric of a wide row");
	tap_ok(r != NULL && r->line == 2, "metrics: keeps the line");
	{
		size_t len;
		const char *t = rd_raw(rd, &len);

		tap_ok(len == 16 && memcmp(t, "t1,h1,0.5,100,1\n", 16) == 0,
		    "metrics: rd_raw gives the wide row's text");
	}
	next_good(rd, "ts=t1|host=h1|run=1|metric=mem|value=100", 2,
	    "metrics: second metric of the wide row");
	next_good(rd, "ts=t2|host=h2|run=2|metric=mem|value=200", 3,
	    "metrics: an empty cell is skipped");
	next_bad(rd, "expected 5 fields, found 3", "t4,h4,0.7\n", 5,
	    "metrics: a row of empty cells gives nothing; a ragged row is bad");
	next_good(rd, "ts=t5|host=h5|run=5|metric=cpu|value=0.9", 6,
	    "metrics: next row, first metric");
	next_good(rd, "ts=t5|host=h5|run=5|metric=mem|value=300", 6,
	    "metrics: next row, second metric");
	next_end(rd, "metrics");
	rd_close(rd);

	/* The order of --metrics, not of the columns. */
	m[0] = interns("mem");
	m[1] = interns("cpu");
	o.nmetrics = 2;
	paths[0] = tmps("cpu,mem\n1,2\n");
	rd = rd_open(paths, 1, &o);
	next_good(rd, "metric=mem|value=2", 2, "metrics: --metrics order (1)");
	next_good(rd, "metric=cpu|value=1", 2, "metrics: --metrics order (2)");
	next_end(rd, "metrics order");
	rd_close(rd);

	/* JSON Lines: null is an empty cell; flags follow the value. */
	paths[0] = tmps("{\"host\":\"h\",\"cpu\":1.50,\"mem\":null}\n"
	    "{\"host\":\"h\",\"cpu\":[1,2]}\n");
	rd = rd_open(paths, 1, &o);
	next_good(rd, "host=h|metric=cpu|value=1.50", 1,
	    "metrics: JSON null skipped, number text kept");
	r = rd_next(rd);
	tap_str(show(r), "host=h|metric=cpu|value=[1,2]",
	    "metrics: JSON array value");
	tap_ok(r != NULL && r->n == 3 && r->flags[2] == RF_RAW,
	    "metrics: the value keeps RF_RAW");
	next_end(rd, "metrics json");
	rd_close(rd);

	/* A row with none of the columns is bad, and passed through. */
	paths[0] = tmps("a,b\n1,2\n");
	rd = rd_open(paths, 1, &o);
	next_bad(rd, "none of the --metrics columns is present", "1,2\n", 2,
	    "metrics: no metric column");
	next_end(rd, "metrics none");
	rd_close(rd);
}

int
main(int argc, char *argv[])
{
	size_t i;

	(void)argc;
	pp_setprog(argv[0]);
	if (mkdtemp(tmpdir) == NULL)
		pp_die_errno(PP_EXIT_SYS, "mkdtemp");
	test_csv_basic();
	test_csv_quotes();
	test_csv_crlf_spaces();
	test_csv_no_final_newline();
	test_csv_bad();
	test_csv_limits();
	test_csv_blocks();
	test_csv_more();
	test_dup_header();
	test_names_dup();
	test_two_files();
	test_stdin();
	test_tsv();
	test_json();
	test_json_names();
	test_detect();
	test_metrics();
	for (i = 0; i < ntmp; i++) {
		unlink(tmpfiles[i]);
		free(tmpfiles[i]);
	}
	rmdir(tmpdir);
	return tap_done();
}
