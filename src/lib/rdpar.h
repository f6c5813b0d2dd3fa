/*
 * Reading several inputs at once (rd.h, rdopts.jobs): threads parse the
 * inputs into batches of records, and rd_next takes them in the order
 * of the inputs.  For rd.c only, which calls these in place of its own
 * when it reads with jobs, and gives rdpar.c its readers of one input.
 */
#ifndef PP_RDPAR_H
#define PP_RDPAR_H

#include <stddef.h>
#include <stdint.h>

#include "progress.h"
#include "rd.h"

struct rdpar;

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

/*
 * For rdpar.c: a reader of the one input *path, whose fatal errors go to
 * fail(arg, status, errnum, text), which must not return; rd_die says
 * them as rd.c would have.
 */
struct rd *rd_open_one(char *const *path, const struct rdopts *o,
	    void (*fail)(void *, int, int, const char *), void *arg);
void	 rd_die(int status, int errnum, const char *text)
	    __attribute__((noreturn));
/* Whether the reader reads another tool's format (import.h). */
int	 rd_importing(const struct rd *);
/* The bytes it has read. */
int64_t	 rd_bytes(const struct rd *);

#endif
