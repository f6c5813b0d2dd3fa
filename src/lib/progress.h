/*
 * Progress of a long read on standard error: one line rewritten in
 * place, on a terminal only and never with -q (pp(7), DIAGNOSTICS,
 * Progress).
 */
#ifndef PP_PROGRESS_H
#define PP_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* Nothing is shown before this many seconds, then at most this often. */
#define PROGRESS_DELAY		0.5
#define PROGRESS_PERIOD		0.25
/* The clock is read once in so many records or bytes, not per record. */
#define PROGRESS_EVERY_RECS	1024
#define PROGRESS_EVERY_BYTES	(64 * 1024)

struct progress {
	int		 on;
	const char	*name;		/* the input read, borrowed */
	unsigned long	 nrec;		/* records read */
	int64_t		 nbytes;	/* bytes read */
	int64_t		 total;		/* bytes of all inputs, -1: unknown */
	unsigned long	 check_rec;	/* read the clock at this count */
	int64_t		 check_bytes;	/* or at this many bytes */
	double		 t0;		/* the monotonic clock at the start */
	double		 next;		/* the earliest time to show again */
	int		 cols;		/* the terminal's width */
};

/* Whether progress is wanted: standard error a terminal, and not -q. */
int	 progress_wanted(int quiet);
/*
 * Starts counting the read of the inputs paths (none, or "-", is
 * standard input), whose total size is known when all are regular
 * files.  With on 0 nothing is ever shown.  The paths must outlive p.
 */
void	 progress_start(struct progress *p, int on, char *const *paths,
	    size_t npaths);
/* Names the input now read (borrowed until the next call or the end). */
void	 progress_input(struct progress *p, const char *name);
/* Reads the clock and maybe shows the line: progress_add's slow path. */
void	 progress_check(struct progress *p);
/* Clears p's line if it is shown, and stops counting. */
void	 progress_end(struct progress *p);
/*
 * Clears the progress line, if one is shown, so that a message starts
 * at the beginning of a line (diag.c calls it before every message).
 */
void	 progress_clear(void);
/*
 * The text of a progress line ("pp-trend: big.csv: 1.2M records  850k
 * rec/s  42%  left ~3.1s"), the percentage and what is left only when
 * total >= 0, in buf of size bytes (truncated to fit).  Returns its
 * length.
 */
size_t	 progress_format(char *buf, size_t size, const char *prog,
	    const char *name, unsigned long nrec, int64_t nbytes,
	    int64_t total, double elapsed);

/* Seconds as a progress line shows them: 4.2s, 3m05s, 2h07m. */
void	 progress_seconds(double sec, char buf[32]);

/* Counts records and bytes read: cheap, for it runs once a line. */
static inline void
progress_add(struct progress *p, unsigned long nrec, size_t nbytes)
{
	if (!p->on)
		return;
	p->nrec += nrec;
	p->nbytes += (int64_t)nbytes;
	if (p->nrec >= p->check_rec || p->nbytes >= p->check_bytes)
		progress_check(p);
}

#endif
