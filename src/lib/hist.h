/*
 * History files: records appended whole under flock(2) with O_APPEND, so
 * that concurrent writers never interleave, and pruned by rewriting to a
 * temporary file, fsync and rename under the same lock, so that a crash
 * at any point leaves a whole file.  Under the lock, a writer first ends
 * a last line left without its newline by a writer that was killed, and
 * removes the temporary files of pruners that were killed.
 */
#ifndef PP_HIST_H
#define PP_HIST_H

#include "buf.h"
#include "opts.h"
#include "rec.h"
#include "state.h"
#include "units.h"

struct hist;

/* The format a history file is kept in, from its name (.jsonl, .tsv). */
int	 hist_format(const char *path);
/* Opens (creating on the first append) the history at path. */
struct hist *hist_open(const char *path);
/* Queues a record; CSV and TSV histories keep the fields of their header. */
void	 hist_add(struct hist *, const struct rec *);
/*
 * Appends what is queued, whole, under the lock.  A failed write exits
 * 4 after cutting the file back to where the append began.
 */
void	 hist_flush(struct hist *);
/* Flushes and frees. */
void	 hist_close(struct hist *);

/*
 * Drops the records of path older than cutoff (records without a
 * readable time are kept) by rewriting the file under the lock.
 * Returns the number dropped.  c names the time field.
 */
unsigned long hist_prune(const char *path, pp_time cutoff,
	    const struct pp_common *c);

#endif
