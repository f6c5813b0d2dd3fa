/*
 * Diagnostics, exit status and allocation for every pp program.
 * One formatter for all that is said on standard error.
 */
#ifndef PP_DIAG_H
#define PP_DIAG_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

/* The exit status of every program; the numbers are documented in pp(7). */
enum pp_exit {
	PP_EXIT_OK = 0,		/* success */
	PP_EXIT_FAIL = 1,	/* the check ran and failed */
	PP_EXIT_USAGE = 2,	/* bad option or option value */
	PP_EXIT_DATA = 3,	/* bad data or configuration */
	PP_EXIT_SYS = 4,	/* I/O, memory, a command that could not start */
	PP_EXIT_HOLD = 5	/* pp-abtest rollout: neither advanced nor back */
};

/* Sets the program name used as the prefix of every message. */
void	 pp_setprog(const char *argv0);
const char *pp_getprog(void);

/* "prog: what" and exit. */
void	 pp_die(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/* "prog: what: strerror(errno)" and exit. */
void	 pp_die_errno(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/* A usage error: one line, then "Try 'prog --help'.", exit 2. */
void	 pp_usage_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/*
 * After a bad option that getopt_long has already named: "Try 'prog
 * --help'." and exit 2.
 */
void	 pp_usage_try(void) __attribute__((noreturn));
/* "prog: what" without exiting. */
void	 pp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line:col: what"; line or col 0 leaves that part out. */
void	 pp_posmsg(const char *file, unsigned long line, unsigned long col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 pp_vposmsg(const char *file, unsigned long line, unsigned long col,
	    const char *fmt, va_list ap);
/* "prog: file:line: what" and exit with status: a bad file's line. */
void	 pp_die_at(int status, const char *file, unsigned long line,
	    const char *fmt, ...)
	    __attribute__((format(printf, 4, 5), noreturn));

/*
 * Bad records: at most PP_MAX_WARNINGS are printed, then one count at
 * the end (pp_badrec_finish).  With strict set, the first is fatal
 * (exit 3).
 */
#define PP_MAX_WARNINGS	10
void	 pp_badrec_strict(int strict);
void	 pp_badrec(const char *file, unsigned long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
unsigned long pp_badrec_count(void);
void	 pp_badrec_finish(void);
/* Silences warnings (-q); errors are still said. */
void	 pp_quiet(int quiet);
int	 pp_is_quiet(void);

/*
 * Flushes and closes standard output; a failed write turns status
 * into PP_EXIT_SYS after saying why.  Returns the status to exit with.
 */
int	 pp_close_stdout(int status);
/* Checks a stream after writing: exits 4 naming it if it failed. */
void	 pp_check_write(FILE *fp, const char *name);

/* Allocation that exits 4 on failure; the caller owns the result. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
