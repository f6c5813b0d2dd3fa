/*
 * Locked files replaced whole: the lock and the atomic replace that
 * history files and the programs' state files share (state.h).
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "state.h"

int
open_locked(const char *path, int flags)
{
	struct stat a, b;
	int fd;

	for (;;) {
		if ((fd = open(path, flags | O_CLOEXEC, 0644)) < 0)
			return -1;
		while (flock(fd, LOCK_EX) != 0)
			if (errno != EINTR)
				pp_die_errno(PP_EXIT_SYS, "%s: lock", path);
		if (fstat(fd, &a) != 0)
			pp_die_errno(PP_EXIT_SYS, "%s", path);
		if (stat(path, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return fd;
		close(fd);	/* replaced while we waited: again */
	}
}

/* Writes all of p; -1 with errno if a write fails. */
int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void
file_replace(const char *path, const char *data, size_t len, int mode)
{
	char *tmp, *dir, *dcopy;
	int fd, dfd;

	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", tmp);
	if (write_all(fd, data, len) != 0) {
		int saved = errno;

		close(fd);
		unlink(tmp);
		errno = saved;
		pp_die_errno(PP_EXIT_SYS, "%s: write error", tmp);
	}
	if (fchmod(fd, (mode_t)mode) != 0 || fsync(fd) != 0 ||
	    close(fd) != 0) {
		unlink(tmp);
		pp_die_errno(PP_EXIT_SYS, "%s", tmp);
	}
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		pp_die_errno(PP_EXIT_SYS, "%s: rename", path);
	}
	dcopy = xstrdup(path);
	dir = dirname(dcopy);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dcopy);
	free(tmp);
}

int
statefile_lock(const char *path)
{
	int fd;

	/* the state is replaced by rename: lock the file it names now */
	if ((fd = open_locked(path, O_RDWR | O_CREAT)) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	return fd;
}

void
statefile_replace(const char *path, const struct buf *b)
{
	sigset_t stop, old;

	sigemptyset(&stop);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	file_replace(path, b->p != NULL ? b->p : "", b->len, 0644);
	sigprocmask(SIG_SETMASK, &old, NULL);
}
