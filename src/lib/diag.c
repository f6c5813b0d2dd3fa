/*
 * Diagnostics, exit status and allocation for every pp program.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "progress.h"

static const char *prog = "pp";
static int quiet;
static int strict;
static unsigned long nbad;

void
pp_setprog(const char *argv0)
{
	const char *p;

	if (argv0 == NULL)
		return;
	p = strrchr(argv0, '/');
	prog = p != NULL ? p + 1 : argv0;
}

const char *
pp_getprog(void)
{
	return prog;
}

void
pp_quiet(int q)
{
	quiet = q;
}

int
pp_is_quiet(void)
{
	return quiet;
}

void
pp_vposmsg(const char *file, unsigned long line, unsigned long col,
    const char *fmt, va_list ap)
{
	fflush(stdout);
	progress_clear();
	fprintf(stderr, "%s: ", prog);
	if (file != NULL) {
		fprintf(stderr, "%s:", file);
		if (line > 0)
			fprintf(stderr, "%lu:", line);
		if (line > 0 && col > 0)
			fprintf(stderr, "%lu:", col);
		fputc(' ', stderr);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
pp_posmsg(const char *file, unsigned long line, unsigned long col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_vposmsg(file, line, col, fmt, ap);
	va_end(ap);
}

void
pp_die_at(int status, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_vposmsg(file, line, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
pp_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	pp_vposmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
pp_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_vposmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
pp_die_errno(int status, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	fflush(stdout);
	progress_clear();
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	va_end(ap);
	exit(status);
}

void
pp_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_vposmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
	pp_usage_try();
}

void
pp_usage_try(void)
{
	fprintf(stderr, "Try '%s --help'.\n", prog);
	exit(PP_EXIT_USAGE);
}

void
pp_badrec_strict(int s)
{
	strict = s;
}

void
pp_badrec(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	nbad++;
	if (!strict && (quiet || nbad > PP_MAX_WARNINGS))
		return;
	va_start(ap, fmt);
	pp_vposmsg(file, line, 0, fmt, ap);
	va_end(ap);
	if (strict)
		exit(PP_EXIT_DATA);
}

unsigned long
pp_badrec_count(void)
{
	return nbad;
}

void
pp_badrec_finish(void)
{
	if (nbad > PP_MAX_WARNINGS && !quiet)
		pp_posmsg(NULL, 0, 0, "%lu bad records in all (%lu not shown)",
		    nbad, nbad - PP_MAX_WARNINGS);
}

int
pp_close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pp_posmsg(NULL, 0, 0, "write error: %s", strerror(errno));
		fclose(stdout);
		return PP_EXIT_SYS;
	}
	if (fclose(stdout) != 0) {
		pp_posmsg(NULL, 0, 0, "write error: %s", strerror(errno));
		return PP_EXIT_SYS;
	}
	return status;
}

void
pp_check_write(FILE *fp, const char *name)
{
	if (ferror(fp))
		pp_die_errno(PP_EXIT_SYS, "%s: write error", name);
}

static void oom(void) __attribute__((noreturn));

static void
oom(void)
{
	pp_die(PP_EXIT_SYS, "out of memory");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n == 0 ? 1 : n);

	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t sz)
{
	void *p;

	if (sz != 0 && n > (size_t)-1 / sz)
		oom();
	p = realloc(old, n * sz == 0 ? 1 : n * sz);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		oom();
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return p;
}
