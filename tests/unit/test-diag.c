/*
 * Unit tests of diagnostics, exit status and allocation (diag.h): the
 * exact text and status of every message and exit, run in a child
 * process with standard output and standard error captured.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "tap.h"

#ifdef __SANITIZE_ADDRESS__
/* An allocation too large is NULL (and exit 4), not a sanitizer abort. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

/*
 * A child that exits on purpose ends at once with its status: under
 * AddressSanitizer, no leak report joins the standard error tested.
 */
static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

static void
slurp(int fd, char *buf, size_t sz)
{
	size_t len = 0;
	ssize_t n;

	while (len < sz - 1 && ((n = read(fd, buf + len, sz - 1 - len)) > 0 ||
	    (n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	buf[len] = '\0';
	close(fd);
}

/*
 * Runs fn(arg) in a child, standard output and error into pipes (or
 * standard output to /dev/full with full set); returns the wait status.
 */
static int
run_child(void (*fn)(const void *), const void *arg, int full, char *out,
    char *err, size_t sz)
{
	int opipe[2], epipe[2], status, fd;
	pid_t pid;

	if (pipe(opipe) != 0 || pipe(epipe) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		pp_die_errno(PP_EXIT_SYS, "fork");
	if (pid == 0) {
		close(opipe[0]);
		close(epipe[0]);
		if (full) {
			if ((fd = open("/dev/full", O_WRONLY)) < 0)
				_exit(99);
			dup2(fd, 1);
			close(fd);
		} else
			dup2(opipe[1], 1);
		dup2(epipe[1], 2);
		close(opipe[1]);
		close(epipe[1]);
		on_exit(exit_now, NULL);
		fn(arg);
		_exit(0);
	}
	close(opipe[1]);
	close(epipe[1]);
	slurp(opipe[0], out, sz);
	slurp(epipe[0], err, sz);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Checks that fn(arg) exits with status, printing out and err exactly. */
static void
expect(void (*fn)(const void *), const void *arg, int full, int status,
    const char *want_out, const char *want_err, const char *what)
{
	char out[4096], err[4096], *m;
	int st = run_child(fn, arg, full, out, err, sizeof(out));

#ifdef __SANITIZE_ADDRESS__
	/* The sanitizer's own word on an allocation too large. */
	if (strncmp(err, "==", 2) == 0 && strstr(err, "WARNING: "
	    "AddressSanitizer failed to allocate") != NULL &&
	    strchr(err, '\n') != NULL)
		memmove(err, strchr(err, '\n') + 1,
		    strlen(strchr(err, '\n') + 1) + 1);
#endif

	m = xasprintf("%s: exit %d", what, status);
	if (!tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == status, m))
		printf("#   wait status %d (exit %d)\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	free(m);
	m = xasprintf("%s: stderr", what);
	tap_str(err, want_err, m);
	free(m);
	if (want_out != NULL) {
		m = xasprintf("%s: stdout", what);
		tap_str(out, want_out, m);
		free(m);
	}
}

static void
test_prog(const char *argv0)
{
	pp_setprog("/usr/local/bin/pp-cost");
	tap_str(pp_getprog(), "pp-cost", "pp_setprog keeps the base name");
	pp_setprog(NULL);
	tap_str(pp_getprog(), "pp-cost", "pp_setprog(NULL) changes nothing");
	pp_setprog("pp-trend");
	tap_str(pp_getprog(), "pp-trend", "a name without a slash");
	pp_setprog(argv0);
	tap_str(pp_getprog(), "test-diag", "and back");
}

/* Child bodies. */
static void
c_posmsg(const void *arg)
{
	(void)arg;
	pp_posmsg("in.csv", 3, 4, "bad value '%s'", "x");
	pp_posmsg("in.csv", 3, 0, "no column");
	pp_posmsg("in.csv", 0, 5, "no line, so no column");
	pp_posmsg(NULL, 3, 4, "no file, so no position");
	pp_posmsg("", 1, 1, "an empty name");
	pp_posmsg("a b.csv", 10, 200, "%d%%", 50);
}

static void
c_warn(const void *arg)
{
	(void)arg;
	pp_warn("one %d", 1);
	pp_quiet(1);
	if (!pp_is_quiet())
		_exit(10);
	pp_warn("hidden");
	pp_quiet(0);
	if (pp_is_quiet())
		_exit(11);
	pp_warn("two");
}

static void
c_die(const void *arg)
{
	(void)arg;
	printf("before");	/* buffered: flushed before the message */
	pp_die(PP_EXIT_DATA, "bad %s at %d", "x", 7);
}

static void
c_die_quiet(const void *arg)
{
	(void)arg;
	pp_quiet(1);
	pp_die(PP_EXIT_FAIL, "errors are still said");
}

static void
c_die_errno(const void *arg)
{
	(void)arg;
	printf("out");
	errno = ENOENT;
	pp_die_errno(PP_EXIT_SYS, "%s", "/no/such");
}

static void
c_die_errno_real(const void *arg)
{
	(void)arg;
	if (open("/nonexistent-dir/x", O_RDONLY) >= 0)
		_exit(98);
	pp_die_errno(PP_EXIT_SYS, "open %s", "/nonexistent-dir/x");
}

static void
c_usage(const void *arg)
{
	(void)arg;
	pp_usage_error("-n: '%s' is not a count", "x");
}

static void
c_badrec(const void *arg)
{
	int n = *(const int *)arg, i;

	for (i = 1; i <= n; i++)
		pp_badrec("in.csv", (unsigned long)i + 1, "bad %d", i);
	pp_badrec_finish();
	_exit((int)pp_badrec_count());
}

static void
c_badrec_quiet(const void *arg)
{
	int i;

	(void)arg;
	pp_quiet(1);
	for (i = 0; i < 12; i++)
		pp_badrec("in.csv", 2, "hidden");
	pp_badrec_finish();
	_exit((int)pp_badrec_count());
}

static void
c_badrec_noline(const void *arg)
{
	(void)arg;
	pp_badrec("in.csv", 0, "no line");
	pp_badrec(NULL, 4, "no file");
	_exit((int)pp_badrec_count());
}

static void
c_badrec_strict(const void *arg)
{
	if (arg != NULL)
		pp_quiet(1);
	pp_badrec_strict(1);
	pp_badrec("in.csv", 5, "expected %d fields", 3);
	pp_badrec("in.csv", 6, "never said");
	_exit(0);
}

static void
c_close_stdout(const void *arg)
{
	int want = *(const int *)arg;

	printf("some output\n");
	_exit(pp_close_stdout(want));
}

static void
c_check_write_full(const void *arg)
{
	FILE *fp;

	(void)arg;
	if ((fp = fopen("/dev/full", "w")) == NULL)
		_exit(99);
	fputs("x\n", fp);
	fflush(fp);
	pp_check_write(fp, "/dev/full");
	_exit(0);
}

static void
c_check_write_ok(const void *arg)
{
	(void)arg;
	printf("fine\n");
	fflush(stdout);
	pp_check_write(stdout, "<stdout>");
	_exit(7);
}

static void
c_alloc(const void *arg)
{
	int which = *(const int *)arg;
	volatile size_t huge = SIZE_MAX;

	switch (which) {
	case 0:
		(void)xmalloc(huge);
		break;
	case 1:
		(void)xcalloc(huge / 2, 4);
		break;
	case 2:
		(void)xrealloc(NULL, huge);
		break;
	case 3:
		(void)xreallocarray(NULL, huge / 2 + 1, 2);
		break;
	default:
		(void)xreallocarray(NULL, 2, huge / 2 + 1);
		break;
	}
	_exit(0);
}

static void
test_messages(void)
{
	static const int twelve = 12, ten = 10, one = 1, ok = 0, fail = 1;

	expect(c_posmsg, NULL, 0, 0, "",
	    "test-diag: in.csv:3:4: bad value 'x'\n"
	    "test-diag: in.csv:3: no column\n"
	    "test-diag: in.csv: no line, so no column\n"
	    "test-diag: no file, so no position\n"
	    "test-diag: :1:1: an empty name\n"
	    "test-diag: a b.csv:10:200: 50%\n",
	    "pp_posmsg: file:line:col, parts left out");
	expect(c_warn, NULL, 0, 0, "",
	    "test-diag: one 1\ntest-diag: two\n",
	    "pp_warn: said unless quiet");
	expect(c_die, NULL, 0, PP_EXIT_DATA, "before",
	    "test-diag: bad x at 7\n",
	    "pp_die: the message, standard output flushed");
	expect(c_die_quiet, NULL, 0, PP_EXIT_FAIL, "",
	    "test-diag: errors are still said\n", "pp_die when quiet");
	expect(c_die_errno, NULL, 0, PP_EXIT_SYS, "out",
	    "test-diag: /no/such: No such file or directory\n",
	    "pp_die_errno: strerror of errno");
	expect(c_die_errno_real, NULL, 0, PP_EXIT_SYS, "",
	    "test-diag: open /nonexistent-dir/x: No such file or directory\n",
	    "pp_die_errno after a failed open");
	expect(c_usage, NULL, 0, PP_EXIT_USAGE, "",
	    "test-diag: -n: 'x' is not a count\n"
	    "Try 'test-diag --help'.\n",
	    "pp_usage_error: one line, the hint, exit 2");

	expect(c_badrec, &twelve, 0, 12, "",
	    "test-diag: in.csv:2: bad 1\n"
	    "test-diag: in.csv:3: bad 2\n"
	    "test-diag: in.csv:4: bad 3\n"
	    "test-diag: in.csv:5: bad 4\n"
	    "test-diag: in.csv:6: bad 5\n"
	    "test-diag: in.csv:7: bad 6\n"
	    "test-diag: in.csv:8: bad 7\n"
	    "test-diag: in.csv:9: bad 8\n"
	    "test-diag: in.csv:10: bad 9\n"
	    "test-diag: in.csv:11: bad 10\n"
	    "test-diag: 12 bad records in all (2 not shown)\n",
	    "pp_badrec: 12 bad records, 10 said, then the count");
	expect(c_badrec, &ten, 0, 10, "",
	    "test-diag: in.csv:2: bad 1\n"
	    "test-diag: in.csv:3: bad 2\n"
	    "test-diag: in.csv:4: bad 3\n"
	    "test-diag: in.csv:5: bad 4\n"
	    "test-diag: in.csv:6: bad 5\n"
	    "test-diag: in.csv:7: bad 6\n"
	    "test-diag: in.csv:8: bad 7\n"
	    "test-diag: in.csv:9: bad 8\n"
	    "test-diag: in.csv:10: bad 9\n"
	    "test-diag: in.csv:11: bad 10\n",
	    "pp_badrec: 10 bad records, all said, no count");
	expect(c_badrec, &one, 0, 1, "", "test-diag: in.csv:2: bad 1\n",
	    "pp_badrec: one");
	expect(c_badrec_quiet, NULL, 0, 12, "", "",
	    "pp_badrec when quiet: counted, not said");
	expect(c_badrec_noline, NULL, 0, 2, "",
	    "test-diag: in.csv: no line\ntest-diag: no file\n",
	    "pp_badrec without a line or a file");
	expect(c_badrec_strict, NULL, 0, PP_EXIT_DATA, "",
	    "test-diag: in.csv:5: expected 3 fields\n",
	    "pp_badrec strict: the first is fatal");
	expect(c_badrec_strict, "", 0, PP_EXIT_DATA, "",
	    "test-diag: in.csv:5: expected 3 fields\n",
	    "pp_badrec strict and quiet: still said");
	tap_ok(pp_badrec_count() == 0, "the children's count is their own");

	expect(c_close_stdout, &ok, 0, 0, "some output\n", "",
	    "pp_close_stdout: the status given");
	expect(c_close_stdout, &fail, 0, 1, "some output\n", "",
	    "pp_close_stdout: a failure status kept");
	expect(c_close_stdout, &ok, 1, PP_EXIT_SYS, NULL,
	    "test-diag: write error: No space left on device\n",
	    "pp_close_stdout on /dev/full: exit 4");
	expect(c_close_stdout, &fail, 1, PP_EXIT_SYS, NULL,
	    "test-diag: write error: No space left on device\n",
	    "pp_close_stdout on /dev/full turns 1 into 4");
	expect(c_check_write_full, NULL, 0, PP_EXIT_SYS, "",
	    "test-diag: /dev/full: write error: No space left on device\n",
	    "pp_check_write on a failed stream: exit 4");
	expect(c_check_write_ok, NULL, 0, 7, "fine\n", "",
	    "pp_check_write on a good stream: no exit");
}

static void
test_alloc(void)
{
	static const int which[] = { 0, 1, 2, 3, 4 };
	static const char *const what[] = { "xmalloc(SIZE_MAX)",
	    "xcalloc(SIZE_MAX / 2, 4)", "xrealloc(NULL, SIZE_MAX)",
	    "xreallocarray overflowing n * size",
	    "xreallocarray overflowing, size large" };
	unsigned char *p;
	char *s;
	size_t i;
	int zero = 1;

	p = xmalloc(0);
	tap_ok(p != NULL, "xmalloc(0) is not NULL");
	free(p);
	p = xcalloc(0, 0);
	tap_ok(p != NULL, "xcalloc(0, 0) is not NULL");
	free(p);
	p = xcalloc(100, 3);
	for (i = 0; i < 300; i++)
		if (p[i] != 0)
			zero = 0;
	tap_ok(zero, "xcalloc zeroes");
	memset(p, 7, 300);
	p = xrealloc(p, 1000);
	tap_ok(p[0] == 7 && p[299] == 7, "xrealloc keeps the contents");
	p = xrealloc(p, 0);
	tap_ok(p != NULL, "xrealloc to 0 is not NULL");
	free(p);
	p = xreallocarray(NULL, 10, 8);
	p[79] = 1;
	p = xreallocarray(p, 20, 8);
	tap_ok(p[79] == 1, "xreallocarray keeps the contents");
	free(p);
	p = xreallocarray(NULL, 0, 8);
	tap_ok(p != NULL, "xreallocarray of 0 is not NULL");
	free(p);

	s = xstrdup("");
	tap_str(s, "", "xstrdup(\"\")");
	free(s);
	s = xstrdup("abc");
	tap_str(s, "abc", "xstrdup");
	free(s);
	s = xstrndup("abcdef", 3);
	tap_str(s, "abc", "xstrndup cuts at n");
	free(s);
	s = xstrndup("ab", 10);
	tap_str(s, "ab", "xstrndup of a shorter string");
	free(s);
	s = xstrndup("abc", 0);
	tap_str(s, "", "xstrndup of 0 bytes");
	free(s);
	s = xasprintf("%s=%d %.2f", "n", -3, 0.5);
	tap_str(s, "n=-3 0.50", "xasprintf");
	free(s);
	s = xasprintf("%0500d", 1);
	tap_ok(strlen(s) == 500 && s[499] == '1' && s[0] == '0',
	    "xasprintf of 500 characters");
	free(s);
	s = xasprintf("%s", "");
	tap_str(s, "", "xasprintf of nothing");
	free(s);

	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++)
		expect(c_alloc, &which[i], 0, PP_EXIT_SYS, "",
		    "test-diag: out of memory\n", what[i]);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_prog(argv[0]);
	test_messages();
	test_alloc();
	return tap_done();
}
