/*
 * Unit tests of history files (hist.h) in a temporary directory: the
 * format from the name, appends with one header, torn last lines, the
 * lock (a writer waits; a file renamed over the one waited on is opened
 * again), concurrent writers, stale temporary files, retention, a write
 * that fails (cut back, exit 4), and file_replace.
 */
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hist.h"
#include "opts.h"
#include "rd.h"
#include "rec.h"
#include "tap.h"

static char *dir;

/* A path in the test directory; the caller frees it. */
static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
}

/* The contents of path (the caller frees it), or NULL if none. */
static char *
get_file(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_nul(&b);
}

static int
file_is(const char *path, const char *want, const char *what)
{
	char *got = get_file(path);
	int ok = tap_str(got, want, what);

	free(got);
	return ok;
}

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

/* Appends records (each a NULL-ended kv list) to the history at path. */
static void
append(const char *path, const char *const *const *recs, size_t n)
{
	struct hist *h = hist_open(path);
	struct rec r;
	size_t i;

	rec_init(&r);
	for (i = 0; i < n; i++) {
		mkrec(&r, recs[i]);
		hist_add(h, &r);
	}
	hist_close(h);
	rec_free(&r);
}

static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

/* Starts fn(arg) in a child with standard error into *errfd. */
static pid_t
start_child(void (*fn)(const void *), const void *arg, int *errfd)
{
	int pfd[2];
	pid_t pid;

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
	*errfd = pfd[0];
	return pid;
}

/* Reads the child's standard error to its end and waits for it. */
static int
finish_child(pid_t pid, int errfd, char *err, size_t sz)
{
	size_t len = 0;
	ssize_t n;
	int status;

	while (len < sz - 1 && ((n = read(errfd, err + len, sz - 1 - len)) >
	    0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	err[len] = '\0';
	close(errfd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void
expect(void (*fn)(const void *), const void *arg, int status,
    const char *want_err, const char *what)
{
	char err[4096], *m;
	int fd, st;
	pid_t pid = start_child(fn, arg, &fd);

	st = finish_child(pid, fd, err, sizeof(err));
	m = xasprintf("%s: exit %d", what, status);
	if (!tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == status, m))
		printf("#   wait status %d (exit %d)\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	free(m);
	if (want_err != NULL) {
		m = xasprintf("%s: stderr", what);
		tap_str(err, want_err, m);
		free(m);
	}
}

static void
test_format(void)
{
	static const struct {
		const char	*path;
		int		 fmt;
	} t[] = {
		{ "h.jsonl", FMT_JSON }, { "h.json", FMT_JSON },
		{ "h.ndjson", FMT_JSON }, { "/a/b/h.tsv", FMT_TSV },
		{ "h.csv", FMT_CSV }, { "history", FMT_CSV },
		{ "h.jsonl.bak", FMT_CSV }, { "h.JSONL", FMT_CSV },
		{ "d.jsonl/h", FMT_CSV }, { ".tsv", FMT_TSV }, { "", FMT_CSV },
		{ "h.tsv.", FMT_CSV },
	};
	size_t i;
	char *m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = xasprintf("hist_format(\"%s\") is %s", t[i].path,
		    fmt_name(t[i].fmt));
		tap_ok(hist_format(t[i].path) == t[i].fmt, m);
		free(m);
	}
}

static const char *const r1[] = { "ts=2024-01-01T00:00:00Z", "value=1",
    NULL };
static const char *const r2[] = { "ts=2024-01-02T00:00:00Z", "value=2",
    NULL };
static const char *const r3[] = { "ts=2024-01-03T00:00:00Z", "value=3",
    NULL };

static void
test_append(void)
{
	static const char *const *one[] = { r1 }, *const *two[] = { r2, r3 };
	static const char *const t1[] = { "a=x\ty", "b=1", NULL };
	static const char *const j1[] = { "ts=1", "n=2", NULL };
	static const char *const j2[] = { "host=h", NULL };
	static const char *const *tsv[] = { t1 }, *const *json[] = { j1, j2 };
	char *p = tpath("a.csv"), *q = tpath("a.tsv"), *j = tpath("a.jsonl");
	char *e = tpath("empty.csv");
	struct hist *h;
	struct rec r;

	h = hist_open(p);
	rec_init(&r);
	mkrec(&r, r1);
	hist_add(h, &r);
	tap_ok(access(p, F_OK) != 0 && errno == ENOENT,
	    "hist_add queues: no file before the flush");
	hist_flush(h);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n",
	    "hist_flush creates the file with its header");
	hist_flush(h);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n",
	    "a flush with nothing queued writes nothing");
	mkrec(&r, r2);
	hist_add(h, &r);
	hist_close(h);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n"
	    "2024-01-02T00:00:00Z,2\n", "hist_close flushes; no second header");
	append(p, two, 2);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n"
	    "2024-01-02T00:00:00Z,2\n2024-01-02T00:00:00Z,2\n"
	    "2024-01-03T00:00:00Z,3\n",
	    "another history on the same file: the header once");

	/* Emptied (rotated or pruned to nothing): the header again. */
	h = hist_open(p);
	mkrec(&r, r1);
	hist_add(h, &r);
	hist_flush(h);
	if (truncate(p, 0) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", p);
	hist_add(h, &r);
	hist_close(h);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n",
	    "an emptied file gets its header again");

	append(q, tsv, 1);
	file_is(q, "a\tb\nx\\ty\t1\n", "a TSV history");
	append(j, json, 2);
	append(j, one, 1);
	file_is(j, "{\"ts\":1,\"n\":2}\n{\"host\":\"h\"}\n"
	    "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}\n",
	    "a JSON Lines history takes any fields, no header");

	h = hist_open(e);
	hist_close(h);
	tap_ok(access(e, F_OK) != 0, "a history never added to: no file");
	hist_close(NULL);
	hist_flush(NULL);
	tap_ok(1, "hist_close(NULL), hist_flush(NULL) are harmless");

	rec_free(&r);
	free(p);
	free(q);
	free(j);
	free(e);
}

/* More than a batch is written before the close. */
static void
test_batches(void)
{
	char *p = tpath("big.csv"), *text;
	char val[64];
	const char *kv[3] = { "ts=2024-01-01T00:00:00Z", val, NULL };
	struct hist *h = hist_open(p);
	struct rec r;
	size_t i, lines = 0;
	struct stat st;

	rec_init(&r);
	for (i = 0; i < 5000; i++) {
		snprintf(val, sizeof(val), "value=%zu", i);
		mkrec(&r, kv);
		hist_add(h, &r);
	}
	tap_ok(stat(p, &st) == 0 && st.st_size >= 65536,
	    "64 KiB queued are appended before the close");
	hist_close(h);
	text = get_file(p);
	for (i = 0; text != NULL && text[i] != '\0'; i++)
		lines += text[i] == '\n';
	tap_ok(lines == 5001 && text != NULL &&
	    strncmp(text, "ts,value\n2024-01-01T00:00:00Z,0\n", 32) == 0 &&
	    strstr(text, "\n2024-01-01T00:00:00Z,4999\n") != NULL,
	    "every record once, after one header");
	free(text);
	rec_free(&r);
	free(p);
}

struct hdr_case {
	const char	*path;
	const char *const *kv[2];
	size_t		 n;
};

static void
c_append(const void *arg)
{
	const struct hdr_case *c = arg;

	append(c->path, c->kv, c->n);
}

static void
test_headers(void)
{
	static const char *const other[] = { "ts=1", "value=2", "host=h",
	    NULL };
	char *p = tpath("hdr.csv"), *q = tpath("change.csv");
	char *t = tpath("change.tsv"), *want;
	struct hdr_case c;

	put_file(p, "a,b\n1,2\n");
	c.path = p;
	c.kv[0] = r1;
	c.n = 1;
	want = xasprintf("test-hist: %s:1: the header 'a,b' differs from the "
	    "fields of the records, 'ts,value': use another history file (a "
	    "JSON Lines history, .jsonl, takes any fields)\n", p);
	expect(c_append, &c, PP_EXIT_DATA, want,
	    "another header in the file: exit 3");
	free(want);
	file_is(p, "a,b\n1,2\n", "and the file is left as it was");

	/* The message quotes the file's whole header, not a cut of it. */
	put_file(p, "ts,value,host\n1,2,h\n");
	want = xasprintf("test-hist: %s:1: the header 'ts,value,host' differs "
	    "from the fields of the records, 'ts,value': use another history "
	    "file (a JSON Lines history, .jsonl, takes any fields)\n", p);
	expect(c_append, &c, PP_EXIT_DATA, want,
	    "a header with a field more: exit 3");
	free(want);
	file_is(p, "ts,value,host\n1,2,h\n", "and the file is left as it was");
	put_file(p, "ts\n1\n");
	want = xasprintf("test-hist: %s:1: the header 'ts' differs from the "
	    "fields of the records, 'ts,value': use another history file (a "
	    "JSON Lines history, .jsonl, takes any fields)\n", p);
	expect(c_append, &c, PP_EXIT_DATA, want,
	    "a header with a field less: exit 3");
	free(want);

	c.path = q;
	c.kv[1] = other;
	c.n = 2;
	want = xasprintf("test-hist: %s: the records' fields changed: a csv "
	    "history keeps one header (a JSON Lines history, .jsonl, takes "
	    "any fields)\n", q);
	expect(c_append, &c, PP_EXIT_DATA, want,
	    "fields that change in a CSV history: exit 3");
	free(want);
	c.path = t;
	want = xasprintf("test-hist: %s: the records' fields changed: a tsv "
	    "history keeps one header (a JSON Lines history, .jsonl, takes "
	    "any fields)\n", t);
	expect(c_append, &c, PP_EXIT_DATA, want,
	    "fields that change in a TSV history: exit 3");
	free(want);
	free(p);
	free(q);
	free(t);
}

/* A last line left without its newline is ended before the append. */
static void
test_torn(void)
{
	static const char *const *one[] = { r1 };
	static const char *const j1[] = { "ts=1", NULL };
	static const char *const *json[] = { j1 };
	static const char *const t1[] = { "ts=1", "value=2", NULL };
	static const char *const *tsv[] = { t1 };
	char *p = tpath("torn.csv"), *j = tpath("torn.jsonl");
	char *t = tpath("torn.tsv"), *want;
	struct buf b = BUF_INIT;
	size_t i;

	put_file(p, "ts,value\n2024-01-02T00:00:00Z,2");
	append(p, one, 1);
	file_is(p, "ts,value\n2024-01-02T00:00:00Z,2\n"
	    "2024-01-01T00:00:00Z,1\n", "csv: a torn line is ended");

	put_file(p, "ts,value\n2024-01-02T00:00:00Z,\"2");
	append(p, one, 1);
	file_is(p, "ts,value\n2024-01-02T00:00:00Z,\"2\"\n"
	    "2024-01-01T00:00:00Z,1\n",
	    "csv: torn inside quotes: the quote closed, then the newline");

	put_file(p, "ts,value\nx,\"a\"\"b");
	append(p, one, 1);
	file_is(p, "ts,value\nx,\"a\"\"b\"\n2024-01-01T00:00:00Z,1\n",
	    "csv: three quotes are inside quotes");

	put_file(p, "ts,value\nx,\"a\"\"b\"");
	append(p, one, 1);
	file_is(p, "ts,value\nx,\"a\"\"b\"\n2024-01-01T00:00:00Z,1\n",
	    "csv: four quotes are not");

	put_file(p, "ts,value\n2024-01-02T00:00:00Z,2\n");
	append(p, one, 1);
	file_is(p, "ts,value\n2024-01-02T00:00:00Z,2\n"
	    "2024-01-01T00:00:00Z,1\n", "csv: a whole last line: nothing added");

	/* A torn line longer than the 4096-byte reads, quote at its start. */
	buf_adds(&b, "ts,value\nx,\"");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	put_file(p, buf_nul(&b));
	append(p, one, 1);
	buf_adds(&b, "\"\n2024-01-01T00:00:00Z,1\n");
	file_is(p, buf_nul(&b), "csv: a quote 10000 bytes back is found");
	buf_free(&b);

	/* The header itself torn: it is a line of its own. */
	put_file(p, "ts,val");
	want = xasprintf("test-hist: %s:1: the header 'ts,val' differs from "
	    "the fields of the records, 'ts,value': use another history file "
	    "(a JSON Lines history, .jsonl, takes any fields)\n", p);
	{
		struct hdr_case c;

		c.path = p;
		c.kv[0] = r1;
		c.n = 1;
		expect(c_append, &c, PP_EXIT_DATA, want,
		    "csv: a torn header is no header of ours");
	}
	free(want);
	file_is(p, "ts,val\n", "and it was ended first, under the lock");

	/* A header torn before its newline is ours once ended. */
	put_file(p, "ts,value");
	append(p, one, 1);
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n",
	    "csv: a header without its newline, ended, then the records");

	put_file(j, "{\"ts\":0}\n{\"ts\":\"a\"\"");
	append(j, json, 1);
	file_is(j, "{\"ts\":0}\n{\"ts\":\"a\"\"\n{\"ts\":1}\n",
	    "json: a torn line is ended, no quote added");

	put_file(t, "ts\tvalue\n0\t\"x");
	append(t, tsv, 1);
	file_is(t, "ts\tvalue\n0\t\"x\n1\t2\n",
	    "tsv: a torn line is ended, no quote added");
	free(p);
	free(j);
	free(t);
}

/* Temporary files of a killed pruner are removed; nothing else is. */
static void
c_sweep(const void *arg)
{
	static const char *const *one[] = { r1 };

	append(arg, one, 1);
}

static void
test_sweep(void)
{
	static const char *const keep[] = { "sw.csv.abc12", "sw.csv.abc-12",
	    "sw.csv.ABCDEFG", "sw.csv.abc_12", "sw.csvXabcdef", "xsw.csv.abcdef",
	    "sw.csv", NULL };
	char *p = tpath("sw.csv"), *tmp = tpath("sw.csv.Ab12Z9");
	char *sub = tpath("sw.csv.dirXYZ"), *lnk = tpath("sw.csv.lnk123");
	char *want, *k;
	size_t i;
	int all = 1;

	for (i = 0; keep[i] != NULL; i++) {
		k = tpath(keep[i]);
		put_file(k, i == 6 ? "ts,value\n" : "x\n");
		free(k);
	}
	put_file(tmp, "stale\n");
	if (mkdir(sub, 0755) != 0 || symlink(tmp, lnk) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", sub);
	want = xasprintf("test-hist: %s: removed, a temporary file left by an "
	    "interrupted prune\n", tmp);
	expect(c_sweep, p, 0, want, "a stale temporary file is removed");
	free(want);
	tap_ok(access(tmp, F_OK) != 0, "it is gone");
	for (i = 0; keep[i] != NULL; i++) {
		k = tpath(keep[i]);
		if (access(k, F_OK) != 0) {
			printf("#   %s was removed\n", keep[i]);
			all = 0;
		}
		free(k);
	}
	tap_ok(all, "files not named like one are kept");
	tap_ok(access(sub, F_OK) == 0, "a directory named like one is kept");
	{
		struct stat st;

		tap_ok(lstat(lnk, &st) == 0 && S_ISLNK(st.st_mode),
		    "a symbolic link named like one is kept");
	}
	file_is(p, "ts,value\n2024-01-01T00:00:00Z,1\n", "and the append done");
	expect(c_sweep, p, 0, "", "no stale file: nothing said");
	rmdir(sub);
	unlink(lnk);
	free(p);
	free(tmp);
	free(sub);
	free(lnk);
}

static void
msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * A child forked while the parent holds a lock shares the parent's open
 * file, and with it the lock: it closes its copy first.
 */
struct held {
	const char	*path;
	int		 fd;
};

static void
c_append_held(const void *arg)
{
	const struct held *h = arg;

	close(h->fd);
	c_sweep(h->path);
}

/* A writer waits for the lock; the file is whole when it is granted. */
static void
test_lock(void)
{
	char *p = tpath("lock.csv"), err[256];
	struct held held;
	int fd, efd, st;
	pid_t pid;

	put_file(p, "ts,value\n2024-01-02T00:00:00Z,2");	/* torn */
	if ((fd = open(p, O_RDWR | O_APPEND)) < 0 || flock(fd, LOCK_EX) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", p);
	held.path = p;
	held.fd = fd;
	pid = start_child(c_append_held, &held, &efd);
	msleep(300);
	tap_ok(waitpid(pid, &st, WNOHANG) == 0,
	    "a writer waits while another holds the lock");
	file_is(p, "ts,value\n2024-01-02T00:00:00Z,2",
	    "and has not touched the file");
	/* The holder finishes its line, then lets go. */
	if (write(fd, "\n", 1) != 1)
		pp_die_errno(PP_EXIT_SYS, "%s", p);
	close(fd);
	st = finish_child(pid, efd, err, sizeof(err));
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && err[0] == '\0',
	    "the writer goes on once the lock is let go");
	file_is(p, "ts,value\n2024-01-02T00:00:00Z,2\n"
	    "2024-01-01T00:00:00Z,1\n",
	    "it appended after the holder's whole line");
	free(p);
}

static void
c_open_locked(const void *arg)
{
	const struct held *h = arg;
	struct stat a, b;
	int fd;

	close(h->fd);
	arg = h->path;
	fd = open_locked(arg, O_RDWR | O_APPEND);

	if (fd < 0)
		_exit(10);
	if (fstat(fd, &a) != 0 || stat(arg, &b) != 0)
		_exit(11);
	if (a.st_ino != b.st_ino)
		_exit(12);
	if (write(fd, "child\n", 6) != 6)
		_exit(13);
	_exit(0);
}

static void
test_open_locked(void)
{
	char *p = tpath("ol.csv"), *np = tpath("ol.new"), *q = tpath("ol.none");
	char err[256];
	struct held held;
	struct stat st;
	int fd, efd, status;
	mode_t old;
	pid_t pid;

	errno = 0;
	tap_ok(open_locked(q, O_RDONLY) == -1 && errno == ENOENT,
	    "open_locked of a missing file: -1, ENOENT");
	old = umask(0);
	fd = open_locked(q, O_RDWR | O_CREAT);
	umask(old);
	tap_ok(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == 0644, "O_CREAT creates it 0644");
	tap_ok(flock(fd, LOCK_EX | LOCK_NB) == 0,
	    "the lock is ours (taken again without blocking)");
	{
		int fd2 = open(q, O_RDONLY);

		tap_ok(fd2 >= 0 && flock(fd2, LOCK_EX | LOCK_NB) == -1 &&
		    errno == EWOULDBLOCK, "another open file cannot lock it");
		if (fd2 >= 0)
			close(fd2);
	}
	close(fd);

	/* Renamed over while waited on: the new file is locked. */
	put_file(p, "old\n");
	put_file(np, "new\n");
	if ((fd = open(p, O_RDWR)) < 0 || flock(fd, LOCK_EX) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", p);
	held.path = p;
	held.fd = fd;
	pid = start_child(c_open_locked, &held, &efd);
	msleep(200);
	tap_ok(waitpid(pid, &status, WNOHANG) == 0,
	    "open_locked waits for the lock");
	if (rename(np, p) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", np);
	close(fd);
	status = finish_child(pid, efd, err, sizeof(err));
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "a file renamed over the one waited on is opened again");
	file_is(p, "new\nchild\n", "the child wrote to the new file");
	unlink(q);
	free(p);
	free(np);
	free(q);
}

/* Writers at once: every record whole, each writer's in its order. */
struct writer {
	const char	*path;
	int		 id;
};

#define NWRITERS	4
#define NRECS		3000

static void
c_writer(const void *arg)
{
	const struct writer *w = arg;
	char wid[32], seq[32], pad[80];
	const char *kv[4] = { wid, seq, pad, NULL };
	struct hist *h = hist_open(w->path);
	struct rec r;
	int i;

	snprintf(wid, sizeof(wid), "w=%d", w->id);
	snprintf(pad, sizeof(pad), "pad=%060d", w->id);
	rec_init(&r);
	for (i = 0; i < NRECS; i++) {
		snprintf(seq, sizeof(seq), "i=%d", i);
		mkrec(&r, kv);
		hist_add(h, &r);
		if (i % 1000 == 999)
			hist_flush(h);
	}
	hist_close(h);
	rec_free(&r);
}

static void
test_writers(void)
{
	char *p = tpath("many.jsonl"), *text, *line, *save = NULL;
	struct writer w[NWRITERS];
	pid_t pid[NWRITERS];
	int efd[NWRITERS], next[NWRITERS], st, k, wid, seq, bad = 0, n = 0;
	int exits = 0;
	char err[256], pad[160];

	for (k = 0; k < NWRITERS; k++) {
		w[k].path = p;
		w[k].id = k;
		next[k] = 0;
		pid[k] = start_child(c_writer, &w[k], &efd[k]);
	}
	for (k = 0; k < NWRITERS; k++) {
		st = finish_child(pid[k], efd[k], err, sizeof(err));
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && err[0] == '\0')
			exits++;
	}
	tap_ok(exits == NWRITERS, "4 writers at once: each exits 0");
	text = get_file(p);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (sscanf(line, "{\"w\":%d,\"i\":%d,", &wid, &seq) != 2 ||
		    wid < 0 || wid >= NWRITERS || seq != next[wid]) {
			if (bad++ == 0)
				printf("#   line %d: %.60s\n", n, line);
			continue;
		}
		snprintf(pad, sizeof(pad), "{\"w\":%d,\"i\":%d,\"pad\":"
		    "\"%060d\"}", wid, seq, wid);
		if (strcmp(line, pad) != 0 && bad++ == 0)
			printf("#   line %d: %.60s\n", n, line);
		next[wid]++;
	}
	tap_ok(n == NWRITERS * NRECS, "every record is there");
	tap_ok(bad == 0, "whole, and each writer's in order");
	free(text);
	free(p);
}

/* Retention. */
static void
test_prune(void)
{
	char *p = tpath("old.csv"), *j = tpath("old.jsonl");
	char *lnk = tpath("old-link.csv"), *none = tpath("none.csv");
	struct pp_common c;
	struct stat a, b;
	pp_time cut;

	pp_common_init(&c);
	put_file(p, "ts,value\n"
	    "2024-01-01T00:00:00Z,1\n"
	    "2024-01-02T00:00:00Z,2\n"
	    "soon,3\n"
	    "2024-01-03T00:00:00Z,4\n"
	    "bad\n"
	    ",5\n"
	    "2024-01-04T00:00:00Z,\"x,y\"\n");
	if (chmod(p, 0600) != 0 || stat(p, &a) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", p);
	time_parse("2024-01-03T00:00:00Z", &cut);
	tap_ok(hist_prune(p, cut, &c) == 2, "hist_prune: 2 records older");
	file_is(p, "ts,value\n"
	    "soon,3\n"
	    "2024-01-03T00:00:00Z,4\n"
	    "bad\n"
	    ",5\n"
	    "2024-01-04T00:00:00Z,\"x,y\"\n",
	    "the cutoff itself is kept, and records without a time");
	tap_ok(stat(p, &b) == 0 && (b.st_mode & 07777) == 0600,
	    "the file keeps its mode");
	tap_ok(a.st_ino != b.st_ino, "the file was replaced, not rewritten");
	tap_ok(hist_prune(p, cut, &c) == 0, "again: none dropped");
	tap_ok(stat(p, &a) == 0 && a.st_ino == b.st_ino,
	    "none dropped: the file is not replaced");

	time_parse("2030-01-01T00:00:00Z", &cut);
	tap_ok(hist_prune(p, cut, &c) == 2, "a later cutoff: 2 more");
	file_is(p, "ts,value\nsoon,3\nbad\n,5\n",
	    "only records without a readable time stay");

	/* All dropped: an empty file; the next append writes the header. */
	put_file(p, "ts,value\n2024-01-01T00:00:00Z,1\n");
	tap_ok(hist_prune(p, cut, &c) == 1, "the only record dropped");
	file_is(p, "", "nothing left: an empty file");
	{
		static const char *const *one[] = { r2 };

		append(p, one, 1);
		file_is(p, "ts,value\n2024-01-02T00:00:00Z,2\n",
		    "an append after it writes the header");
	}

	/* TSV: the header written back with its escapes. */
	{
		char *t = tpath("old.tsv");

		put_file(t, "ts\ta\\tb\n2024-01-01T00:00:00Z\tx\\ty\n"
		    "2025-01-01T00:00:00Z\t\\n\n");
		time_parse("2024-06-01T00:00:00Z", &cut);
		tap_ok(hist_prune(t, cut, &c) == 1, "TSV: 1 dropped");
		file_is(t, "ts\ta\\tb\n2025-01-01T00:00:00Z\t\\n\n",
		    "TSV: header and records as they were");
		free(t);
	}

	/* Another time field; JSON Lines. */
	put_file(j, "{\"when\":\"2024-01-01T00:00:00Z\",\"ts\":\"2031-01-01"
	    "T00:00:00Z\"}\n{\"when\":\"2024-06-01T00:00:00Z\"}\n{\"x\":1}\n"
	    "not json\n{\"when\":1700000000}\n");
	c.time_field = interns("when");
	time_parse("2024-02-01T00:00:00Z", &cut);
	tap_ok(hist_prune(j, cut, &c) == 2, "--time-field when: 2 dropped");
	file_is(j, "{\"when\":\"2024-06-01T00:00:00Z\"}\n{\"x\":1}\n"
	    "not json\n", "JSON Lines: lines kept as they were");
	c.time_field = NULL;

	/* Through a symbolic link: the file is replaced, the link stays. */
	put_file(p, "ts,value\n2024-01-01T00:00:00Z,1\n2025-01-01T00:00:00Z,2\n");
	if (symlink(p, lnk) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", lnk);
	tap_ok(hist_prune(lnk, cut, &c) == 1, "through a link: 1 dropped");
	tap_ok(lstat(lnk, &a) == 0 && S_ISLNK(a.st_mode),
	    "the link is still a link");
	file_is(p, "ts,value\n2025-01-01T00:00:00Z,2\n",
	    "the file it names was pruned");

	tap_ok(hist_prune(none, cut, &c) == 0, "a missing history: 0");
	tap_ok(access(none, F_OK) != 0, "and it is not created");
	tap_ok(hist_prune("/dev/null", cut, &c) == 0, "/dev/null: 0");

	/* Blocks: a header change in the file is kept with its records. */
	put_file(p, "ts,value\n2024-01-01T00:00:00Z,1\n2024-06-01T00:00:00Z,2\n"
	    "\nts,value,host\n2024-01-01T00:00:00Z,3,h\n"
	    "2024-06-01T00:00:00Z,4,h\n");
	tap_ok(hist_prune(p, cut, &c) == 2, "two blocks: one from each");
	file_is(p, "ts,value\n2024-06-01T00:00:00Z,2\n"
	    "\nts,value,host\n2024-06-01T00:00:00Z,4,h\n",
	    "each block keeps its header");
	put_file(p, "ts,value\n2024-01-01T00:00:00Z,1\n"
	    "\nts,value,host\n2024-06-01T00:00:00Z,4,h\n");
	tap_ok(hist_prune(p, cut, &c) == 1, "a block emptied");
	file_is(p, "ts,value,host\n2024-06-01T00:00:00Z,4,h\n",
	    "an emptied block leaves no header");

	unlink(lnk);
	free(p);
	free(j);
	free(lnk);
	free(none);
}

/* A prune sweeps stale temporary files too. */
static void
c_prune(const void *arg)
{
	struct pp_common c;

	pp_common_init(&c);
	_exit((int)hist_prune(arg, 0, &c));
}

static void
test_prune_sweep(void)
{
	char *p = tpath("ps.csv"), *tmp = tpath("ps.csv.zzzzzz"), *want;

	put_file(p, "ts,value\n2024-01-01T00:00:00Z,1\n");
	put_file(tmp, "half a prune");
	want = xasprintf("test-hist: %s: removed, a temporary file left by an "
	    "interrupted prune\n", tmp);
	expect(c_prune, p, 0, want, "hist_prune removes a stale temporary");
	free(want);
	tap_ok(access(tmp, F_OK) != 0, "it is gone");
	free(p);
	free(tmp);
}

/* A failed append: exit 4, the file cut back to where it began. */
static void
c_full(const void *arg)
{
	static const char *const *two[] = { r1, r2 };
	struct rlimit rl;
	struct stat st;

	if (strcmp(arg, "/dev/full") != 0) {
		signal(SIGXFSZ, SIG_IGN);
		if (stat(arg, &st) != 0)
			_exit(98);
		rl.rlim_cur = rl.rlim_max = (rlim_t)st.st_size + 30;
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(99);
	}
	append(arg, two, 2);
}

static void
test_write_error(void)
{
	char *p = tpath("full.csv"), *want;
	const char *before = "ts,value\n2024-01-03T00:00:00Z,3\n";

	expect(c_full, "/dev/full", PP_EXIT_SYS,
	    "test-hist: /dev/full: write error: No space left on device\n",
	    "an append to /dev/full");
	put_file(p, before);
	want = xasprintf("test-hist: %s: write error: File too large\n", p);
	expect(c_full, p, PP_EXIT_SYS, want,
	    "an append past the file size limit");
	file_is(p, before, "the file is cut back to where the append began");

	/* A torn line is ended before the append: that newline stays. */
	put_file(p, "ts,value\n2024-01-03T00:00:00Z,3");
	expect(c_full, p, PP_EXIT_SYS, want,
	    "a torn file, then an append past the limit");
	file_is(p, before, "cut back to after the torn line's newline");
	free(want);
	free(p);
}

static void
c_replace(const void *arg)
{
	file_replace(arg, "x", 1, 0644);
}

static void
test_replace(void)
{
	char *p = tpath("rep.txt"), err[512];
	const char *want;
	struct stat st;
	int fd, status;
	pid_t pid;
	struct dirent *de;
	DIR *d;
	int left = 0;

	file_replace(p, "one\n", 4, 0640);
	file_is(p, "one\n", "file_replace creates");
	tap_ok(stat(p, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "with the mode given");
	file_replace(p, "two\nlines\n", 10, 0600);
	file_is(p, "two\nlines\n", "file_replace replaces");
	tap_ok(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "with the new mode");
	file_replace(p, "", 0, 0644);
	file_is(p, "", "file_replace with nothing: an empty file");
	if ((d = opendir(dir)) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", dir);
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "rep.txt.", 8) == 0)
			left++;
	closedir(d);
	tap_ok(left == 0, "file_replace leaves no temporary file");

	pid = start_child(c_replace, "/nonexistent-dir/f", &fd);
	status = finish_child(pid, fd, err, sizeof(err));
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == PP_EXIT_SYS,
	    "file_replace in a missing directory: exit 4");
	want = "test-hist: /nonexistent-dir/f.";
	tap_ok(strncmp(err, want, strlen(want)) == 0 &&
	    strlen(err) == strlen(want) + 6 + strlen(": No such file or "
	    "directory\n") && strcmp(err + strlen(want) + 6, ": No such file "
	    "or directory\n") == 0, "and names its temporary file");
	if (strncmp(err, want, strlen(want)) != 0)
		printf("#   got '%s'\n", err);
	free(p);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

int
main(int argc, char *argv[])
{
	char tmpl[] = "/tmp/test-hist.XXXXXX";
	int rc;

	(void)argc;
	pp_setprog(argv[0]);
	if (mkdtemp(tmpl) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", tmpl);
	/* The name hist_open resolves to, for the messages. */
	if ((dir = realpath(tmpl, NULL)) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", tmpl);
	test_format();
	test_append();
	test_batches();
	test_headers();
	test_torn();
	test_sweep();
	test_lock();
	test_open_locked();
	test_writers();
	test_prune();
	test_prune_sweep();
	test_write_error();
	test_replace();
	rc = tap_done();
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return rc;
}
