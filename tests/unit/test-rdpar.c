/*
 * Unit tests of reading several inputs at once (rd.h jobs, rdpar.c):
 * every record, position, header and bad record's text as one reader
 * gives them, in the same order; what is fatal in its turn; --header.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "rd.h"
#include "rdpar.h"
#include "rec.h"
#include "tap.h"

static char	 tmpdir[] = "/tmp/test-rdpar.XXXXXX";
static char	*tmpfiles[256];
static size_t	 ntmp;

/* Writes text to a new temporary file; returns its path. */
static char *
tmps(const char *text)
{
	char *path = xasprintf("%s/in.%zu", tmpdir, ntmp);
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	if (ntmp == sizeof(tmpfiles) / sizeof(tmpfiles[0]))
		pp_die(PP_EXIT_SYS, "too many temporary files");
	tmpfiles[ntmp++] = path;
	return path;
}

/*
 * All that a program can see of the records of paths read with jobs: a
 * line per record with its file, line, fields, header and, if it is
 * bad, its message and text; then the format of the first input.
 */
static char *
transcript(char **paths, size_t n, int jobs, const char *const *header,
    size_t nheader)
{
	struct buf b = BUF_INIT;
	struct rdopts o;
	struct rd *rd;
	struct rec *r;
	const char *const *h;
	const char *text;
	size_t i, nh, len;

	memset(&o, 0, sizeof(o));
	o.jobs = jobs;
	o.header = (const char **)header;
	o.nheader = nheader;
	rd = rd_open(paths, n, &o);
	buf_printf(&b, "format %s\n", fmt_name(rd_format(rd)));
	while ((r = rd_next(rd)) != NULL) {
		buf_printf(&b, "%s:%lu:", r->file, r->line);
		for (i = 0; i < r->n; i++)
			buf_printf(&b, " %s=%s", r->name[i], rec_val(r, i));
		if ((h = rd_header(rd, &nh)) != NULL) {
			buf_adds(&b, " | header");
			for (i = 0; i < nh; i++)
				buf_printf(&b, " %s", h[i]);
		}
		if (r->bad != NULL) {
			text = rd_raw(rd, &len);
			buf_printf(&b, " | bad %s: %.*s", r->bad, (int)len,
			    text);
		}
		buf_printf(&b, " | file %s\n", rd_file(rd));
	}
	rd_close(rd);
	return buf_nul(&b);
}

/* The transcripts with 2, 3 and 8 jobs are the one with none. */
static void
same_as_one(char **paths, size_t n, const char *what)
{
	static const int jobs[] = { 2, 3, 8 };
	char *one = transcript(paths, n, 1, NULL, 0), *m, *got;
	size_t i;

	for (i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		got = transcript(paths, n, jobs[i], NULL, 0);
		m = xasprintf("%s: -j %d reads as -j 1", what, jobs[i]);
		tap_str(got, one, m);
		free(m);
		free(got);
	}
	free(one);
}

/* CSV with blocks, TSV, JSON Lines and bad records of each. */
static void
test_formats(void)
{
	char *paths[4];

	paths[0] = tmps("ts,metric,value\n1,a,1\n2,a\n\nts,metric,value,"
	    "host\n3,b,2,h1\n4,\"b\n");
	paths[1] = tmps("ts\tmetric\tvalue\n5\tc\t3\n6\tc\n");
	paths[2] = tmps("{\"ts\":7,\"metric\":\"d\",\"value\":4}\n{bad\n"
	    "{\"ts\":8,\"m\":{\"x\":1}}\n");
	paths[3] = tmps("");
	same_as_one(paths, 4, "csv, tsv, json, empty");
	same_as_one(paths + 1, 3, "tsv first");
	same_as_one(paths + 3, 1, "one empty input");
}

/* Inputs of many batches, and more inputs than the window of jobs. */
static void
test_many(void)
{
	struct buf b = BUF_INIT;
	char *paths[40];
	size_t i, j;

	for (i = 0; i < 40; i++) {
		b.len = 0;
		buf_adds(&b, "ts,metric,value\n");
		/* input 5 is long: the others wait for it in the window */
		for (j = 0; j < (i == 5 ? 5000 : i % 3 * 7); j++)
			buf_printf(&b, "%zu,m%zu,%zu\n", j, i, j % 11);
		if (i % 9 == 4)
			buf_adds(&b, "bad\n");
		paths[i] = tmps(buf_nul(&b));
	}
	buf_free(&b);
	same_as_one(paths, 40, "40 inputs, one of 5000 records");
}

/* --header: no header line; a blank line starts no block. */
static void
test_header(void)
{
	static const char *names[] = { "ts", "metric", "value" };
	const char *const *h = (const char *const *)names;
	char *paths[2], *one, *got, *want;

	names[0] = interns("ts");
	names[1] = interns("metric");
	names[2] = interns("value");
	paths[0] = tmps("1,a,1\n\n2,a,2,x\n");
	paths[1] = tmps("3\tb\t3\n");
	one = transcript(paths, 2, 1, h, 3);
	want = xasprintf("format csv\n"
	    "%s:1: ts=1 metric=a value=1 | header ts metric value | file %s\n"
	    "%s:3: | header ts metric value | bad expected 3 fields, found 4: "
	    "2,a,2,x\n | file %s\n"
	    "%s:1: ts=3 metric=b value=3 | header ts metric value | file %s\n",
	    paths[0], paths[0], paths[0], paths[0], paths[1], paths[1]);
	tap_str(one, want, "--header: the records, the bad one and the TSV");
	free(want);
	got = transcript(paths, 2, 2, h, 3);
	tap_str(got, one, "--header: -j 2 reads as -j 1");
	free(one);
	free(got);
}

/* A child that exits on purpose ends at once (no sanitizer report). */
static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

/*
 * Reads paths with jobs (and --metrics if not NULL) in a child that
 * writes the records' lines on standard output; returns the exit
 * status, the start of its output and standard error in out and err,
 * and the count of lines it wrote in *nout.
 */
static int
child_read(char **paths, size_t n, int jobs, const char *metrics,
    char *out, size_t outsz, char *err, size_t errsz, size_t *nout)
{
	int ofd[2], efd[2], status;
	char *bufs[2] = { out, err };
	size_t sizes[2] = { outsz, errsz }, k, len, i;
	char chunk[4096];
	int fds[2];
	ssize_t got;
	pid_t pid;

	if (pipe(ofd) != 0 || pipe(efd) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct rdopts o;
		struct rd *rd;
		struct rec *r;

		close(ofd[0]);
		close(efd[0]);
		dup2(ofd[1], 1);
		dup2(efd[1], 2);
		on_exit(exit_now, NULL);
		memset(&o, 0, sizeof(o));
		o.jobs = jobs;
		if (metrics != NULL) {
			o.metrics = xcalloc(1, sizeof(*o.metrics));
			o.metrics[0] = interns(metrics);
			o.nmetrics = 1;
		}
		rd = rd_open(paths, n, &o);
		while ((r = rd_next(rd)) != NULL)
			printf("%lu\n", r->line);
		fflush(stdout);
		_exit(0);
	}
	close(ofd[1]);
	close(efd[1]);
	fds[0] = ofd[0];
	fds[1] = efd[0];
	/*
	 * Standard output to its end, then standard error, which is one
	 * line, written when the output is: neither pipe fills.
	 */
	*nout = 0;
	for (k = 0; k < 2; k++) {
		len = 0;
		for (;;) {
			got = read(fds[k], chunk, sizeof(chunk));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			for (i = 0; i < (size_t)got; i++) {
				if (k == 0 && chunk[i] == '\n')
					(*nout)++;
				if (len < sizes[k] - 1)
					bufs[k][len++] = chunk[i];
			}
		}
		bufs[k][len] = '\0';
		close(fds[k]);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* What is fatal in an input is said after the records before it. */
static void
test_fatal(void)
{
	char out[4096], err[1024], *paths[4], *want;
	size_t nout;
	int st;

	paths[0] = tmps("a,b\n1,2\n3,4\n");
	paths[1] = tmps("a,b\n5,6\n");
	paths[2] = tmps("a,b\n7,8\n\nx,y,x\n9,9,9\n");
	paths[3] = tmps("a,b\n9,9\n");
	st = child_read(paths, 4, 3, NULL, out, sizeof(out), err, sizeof(err),
	    &nout);
	tap_ok(st == PP_EXIT_DATA, "a duplicate column with -j 3: exit 3");
	tap_str(out, "2\n3\n2\n2\n", "the records before it are read");
	want = xasprintf("test-rdpar: %s:4: duplicate column 'x' in the "
	    "header\n", paths[2]);
	tap_str(err, want, "then the message, as -j 1 says it");
	free(want);

	paths[1] = xasprintf("%s/nosuch", tmpdir);
	st = child_read(paths, 4, 4, NULL, out, sizeof(out), err, sizeof(err),
	    &nout);
	tap_ok(st == PP_EXIT_SYS, "an input that cannot be opened: exit 4");
	tap_str(out, "2\n3\n", "the records of the inputs before it");
	want = xasprintf("test-rdpar: %s: No such file or directory\n",
	    paths[1]);
	tap_str(err, want, "then the message");
	free(want);

	paths[0] = paths[1];
	st = child_read(paths, 2, 2, NULL, out, sizeof(out), err, sizeof(err),
	    &nout);
	tap_ok(st == PP_EXIT_SYS && *out == '\0',
	    "the first input cannot be opened: exit 4 when opened");
	free(paths[1]);
}

/*
 * A big file of JSON Lines, read in ranges of 1 MiB: lines of many
 * lengths, blank ones, bad ones, one of 300 KiB across a range's
 * start; numbered from the start of the file all the same.
 */
static char *
big_jsonl(const char *extra, size_t at)
{
	struct buf b = BUF_INIT;
	char *path;
	size_t i, j;

	for (i = 0; b.len < 3 * 1024 * 1024 + 1000; i++) {
		if (i == at)
			buf_adds(&b, extra);
		if (i % 997 == 5)
			buf_adds(&b, "\n");
		else if (i % 1499 == 7)
			buf_adds(&b, "{\"bad\n");
		else if (i == 9000) {
			buf_adds(&b, "{\"long\":\"");
			for (j = 0; j < 300 * 1024; j++)
				buf_addc(&b, 'x');
			buf_adds(&b, "\"}\n");
		} else
			buf_printf(&b, "{\"ts\":%zu,\"n\":{\"v\":%zu},"
			    "\"pad\":\"%.*s\"}\n", i, i * 7 % 1000,
			    (int)(i % 50), "................................"
			    "..................");
	}
	path = tmps(buf_nul(&b));
	buf_free(&b);
	return path;
}

static void
test_ranges(void)
{
	char *paths[3], out[64], err[1024], *want;
	size_t nout;
	int st;

	paths[0] = big_jsonl("", 0);
	same_as_one(paths, 1, "one big JSON Lines file");
	paths[1] = tmps("a,b\n1,2\n");
	paths[2] = paths[0];
	same_as_one(paths, 3, "big JSON Lines, CSV, the big file again");

	/* --metrics: a line of the second range with a metric field */
	paths[0] = big_jsonl("{\"metric\":\"m\",\"x\":1}\n", 25000);
	st = child_read(paths, 1, 2, "x", out, sizeof(out), err, sizeof(err),
	    &nout);
	/* 25000 lines before it, of which 26 blank (i % 997 == 5) */
	tap_ok(st == PP_EXIT_DATA, "a fatal line in a later range: exit 3");
	if (!tap_ok(nout == 25000 - 26, "after the records before it"))
		printf("#   got %zu records\n", nout);
	want = xasprintf("test-rdpar: %s:25001: input already has a "
	    "'metric' field; --metrics adds its own (rename it, or leave "
	    "out --metrics)\n", paths[0]);
	tap_str(err, want, "its line counted from the start of the file");
	free(want);
}

static void __attribute__((noreturn))
no_fail(void *arg, const struct rd_fail *f)
{
	(void)arg;
	rd_die(f);
}

/* A reader of a range checks the file is the one planned. */
static void
test_same_file(void)
{
	char *path = tmps("{\"a\":1}\n{\"a\":2}\n");
	struct rdopts o;
	struct rd *rd = NULL;
	struct stat st;

	memset(&o, 0, sizeof(o));
	o.fmt = FMT_AUTO;
	rd_open_one(&rd, &path, &o, no_fail, NULL, 0, -1);
	if (stat(path, &st) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	tap_ok(rd_same_file(rd, st.st_dev, st.st_ino, st.st_size),
	    "the file planned is the file read");
	tap_ok(!rd_same_file(rd, st.st_dev, st.st_ino + 1, st.st_size),
	    "another file (replaced by a rename) is not");
	tap_ok(!rd_same_file(rd, st.st_dev, st.st_ino, st.st_size + 1),
	    "a file cut shorter than planned is not");
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
	test_formats();
	test_many();
	test_header();
	test_fatal();
	test_ranges();
	test_same_file();
	for (i = 0; i < ntmp; i++) {
		unlink(tmpfiles[i]);
		free(tmpfiles[i]);
	}
	rmdir(tmpdir);
	return tap_done();
}
