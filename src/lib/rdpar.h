/*
 * Reading several inputs at once (rd.h, rdopts.jobs): threads parse the
 * inputs into batches of records, and rd_next takes them in the order
 * of the inputs.  For rd.c only, which calls these in place of its own
 * when it reads with jobs, and gives rdpar.c its readers of one input.
 */
#ifndef PP_RDPAR_H
#define PP_RDPAR_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "progress.h"
#include "rd.h"

struct rdpar;

/*
 * Whether to read the inputs on threads: with jobs, of which standard
 * input once at most, since two readers of it at once would share its
 * lines out, and more than one input, or one big file of JSON Lines.
 */
int	 rdpar_wanted(char *const *paths, size_t npaths,
	    const struct rdopts *o);
/*
 * Starts reading the inputs on o->jobs threads, and waits for the
 * format of the first (an error opening it is said and exits).  The
 * paths, o and prog (counting what rdpar_next returns) must outlive it.
 */
struct rdpar *rdpar_open(char *const *paths, size_t npaths,
	    const struct rdopts *o, struct progress *prog);
int	 rdpar_format(const struct rdpar *);
/* As rd_next, rd_raw, rd_file and rd_header. */
struct rec *rdpar_next(struct rdpar *);
const char *rdpar_raw(struct rdpar *, size_t *len);
const char *rdpar_file(const struct rdpar *);
const char *const *rdpar_header(const struct rdpar *, size_t *n);
/* Stops the threads, and frees all; NULL is nothing. */
void	 rdpar_close(struct rdpar *);

/* What is fatal in an input, as rd_die says it. */
struct rd_fail {
	int		 status;	/* the exit status */
	int		 errnum;	/* strerror after the message if not 0 */
	const char	*file;
	unsigned long	 line;		/* 0: none */
	char		 msg[1024];	/* "": the file alone, with errnum */
};
void	 rd_die(const struct rd_fail *) __attribute__((noreturn));

/*
 * For rdpar.c: *rdp, a reader of the one input *path, whose fatal errors
 * go to fail(arg, f), which must not return; *rdp is set before the
 * input is opened, so that the reader of an input that fails to open is
 * there to close.  With end >= 0 or start > 0 it reads the lines that
 * start in [start, end) of a JSON Lines file (end < 0: to its end),
 * numbered from 1.
 */
void	 rd_open_one(struct rd **rdp, char *const *path,
	    const struct rdopts *o,
	    void (*fail)(void *, const struct rd_fail *), void *arg,
	    off_t start, off_t end);
/*
 * Whether the file rd reads is the one of device dev and inode ino, and
 * at least size bytes long.
 */
int	 rd_same_file(const struct rd *rd, dev_t dev, ino_t ino, off_t size);
/*
 * Whether *path is a regular file of JSON Lines (not another tool's
 * JSON), whose lines may be read in ranges; 0 if it cannot be read.
 */
int	 rd_jsonl(char *const *path, const struct rdopts *o);
/* Whether the reader reads another tool's format (import.h). */
int	 rd_importing(const struct rd *);
/* The bytes it has read, and the lines. */
int64_t	 rd_bytes(const struct rd *);
unsigned long rd_lines(const struct rd *);

#endif
