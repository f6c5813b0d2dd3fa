/*
 * Files a program owns (histories, state files): opened under an
 * exclusive lock and replaced whole (a temporary file, fsync, rename),
 * so that a crash leaves the old file or the new one, never a mix.
 * The formats are the programs' own: pp-alert keeps "key TAB time"
 * lines, pp-optimize a CSV of findings; both lock and replace here.
 */
#ifndef PP_STATE_H
#define PP_STATE_H

#include <stddef.h>

#include "buf.h"

/*
 * Opens path with flags (O_CREAT creates it 0644) and takes an exclusive
 * flock on the file that path names when the lock is granted: a file
 * renamed over the one waited on is opened again.  -1 with errno if it
 * cannot be opened.
 */
int	 open_locked(const char *path, int flags);

/* Writes all of p to fd; -1 with errno if a write fails. */
int	 write_all(int fd, const char *p, size_t n);

/*
 * Replaces path with contents: a temporary file in the same directory,
 * fsync, rename, fsync of the directory.  Exits 4 on failure.
 */
void	 file_replace(const char *path, const char *data, size_t len,
	    int mode);

/*
 * Locks the state file path for reading and then replacing it, creating
 * it empty if it is missing; exits 4 naming it if it cannot be opened.
 * The lock is held until the descriptor returned is closed.
 */
int	 statefile_lock(const char *path);
/*
 * Replaces the state file path with the bytes of b (mode 0644), with
 * the signals that stop a run (SIGHUP, SIGINT, SIGTERM) held until it
 * is done, so that no temporary file is left behind.
 */
void	 statefile_replace(const char *path, const struct buf *b);

#endif
