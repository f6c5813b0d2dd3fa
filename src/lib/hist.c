/*
 * History files.  A writer opens the file for each batch, takes the
 * lock, and checks that the path still names the file it locked: a
 * pruner may have renamed a new file over it while it waited.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "hist.h"
#include "metric.h"
#include "rd.h"
#include "wr.h"

#define HIST_BATCH	65536

struct hist {
	char		*path;
	int		 fmt;
	const char	**hdr;		/* names of the first record */
	size_t		 nhdr;
	int		 checked;	/* the file's header was compared */
	int		 flushing;	/* in hist_flush: an exit must not flush */
	int		 swept;		/* stale temporary files were removed */
	struct buf	 pending;	/* formatted records */
	struct buf	 header;	/* formatted header line */
};

int
hist_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot != NULL && (strcmp(dot, ".jsonl") == 0 ||
	    strcmp(dot, ".json") == 0 || strcmp(dot, ".ndjson") == 0))
		return FMT_JSON;
	if (dot != NULL && strcmp(dot, ".tsv") == 0)
		return FMT_TSV;
	return FMT_CSV;
}

/* The file a link names, so that a rename replaces the file, not the link. */
static char *
resolve(const char *path)
{
	char *real = realpath(path, NULL);

	return real != NULL ? real : xstrdup(path);
}

struct hist *
hist_open(const char *path)
{
	struct hist *h = xcalloc(1, sizeof(*h));

	h->path = resolve(path);
	h->fmt = hist_format(path);
	return h;
}

/* Whether name is base, '.' and six characters of mkstemp's. */
static int
is_temp_name(const char *name, const char *base, size_t blen)
{
	size_t i;
	char c;

	if (strncmp(name, base, blen) != 0 || name[blen] != '.' ||
	    strlen(name + blen + 1) != 6)
		return 0;
	for (i = blen + 1; (c = name[i]) != '\0'; i++)
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')))
			return 0;
	return 1;
}

/*
 * Removes the temporary files that a pruner killed before its rename
 * left beside the history: regular files of ours named like it plus
 * '.' and six characters (file_replace's mkstemp pattern).  Called
 * under the history's lock, which a pruner holds for as long as its
 * temporary file exists, so none of them is in use.
 */
static void
sweep_temps(const char *path)
{
	char *dcopy = xstrdup(path), *bcopy = xstrdup(path), *dir, *base;
	struct dirent *de;
	struct stat st;
	size_t blen;
	DIR *d;

	dir = dirname(dcopy);
	base = basename(bcopy);
	blen = strlen(base);
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (!is_temp_name(de->d_name, base, blen) ||
			    fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) != 0 ||
			    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
				continue;
			if (unlinkat(dirfd(d), de->d_name, 0) == 0)
				pp_warn("%s%s%s: removed, a temporary file "
				    "left by an interrupted prune",
				    strcmp(dir, ".") == 0 ? "" : dir,
				    strcmp(dir, ".") == 0 ? "" : "/",
				    de->d_name);
		}
		closedir(d);
	}
	free(dcopy);
	free(bcopy);
}

/*
 * A failed append: cuts the file back to size, where our bytes began,
 * so that no part of a record stays, and exits 4.  The records are
 * dropped first, so that the flush at exit does not try again.
 */
static void __attribute__((noreturn))
append_failed(struct hist *h, int fd, const struct stat *st, off_t size)
{
	int saved = errno;

	h->pending.len = 0;
	if (S_ISREG(st->st_mode))
		(void)ftruncate(fd, size);
	close(fd);
	errno = saved;
	pp_die_errno(PP_EXIT_SYS, "%s: write error", h->path);
}

/*
 * A writer killed in the middle of an append leaves a last line without
 * its newline.  It is ended before anything is appended, so that it
 * stays a bad record of its own that readers report and skip, never the
 * start of the next record.  A CSV line torn inside a quoted field (an
 * odd number of quotes since the last newline) gets its closing quote
 * too, or the quote would take in the records after it; a torn record
 * with a newline inside quotes is counted from that newline, and may be
 * misjudged.  Returns the bytes written, or -1 with errno.
 */
static ssize_t
end_torn_tail(int fd, int fmt, off_t size, const char *path)
{
	char buf[4096];
	off_t off = size;
	ssize_t n, i;
	size_t quotes = 0;
	int nl = 0;

	if (pread(fd, buf, 1, size - 1) != 1)
		pp_die_errno(PP_EXIT_SYS, "%s: read error", path);
	if (buf[0] == '\n')
		return 0;
	while (fmt == FMT_CSV && off > 0 && !nl) {
		n = off < (off_t)sizeof(buf) ? (ssize_t)off :
		    (ssize_t)sizeof(buf);
		off -= n;
		if (pread(fd, buf, (size_t)n, off) != n)
			pp_die_errno(PP_EXIT_SYS, "%s: read error", path);
		for (i = n - 1; i >= 0 && !nl; i--) {
			if (buf[i] == '\n')
				nl = 1;
			else if (buf[i] == '"')
				quotes++;
		}
	}
	if (quotes % 2 == 1)
		return write_all(fd, "\"\n", 2) == 0 ? 2 : -1;
	return write_all(fd, "\n", 1) == 0 ? 1 : -1;
}

/* Compares the header line of the file with ours; exits 3 if it differs. */
static void
check_header(struct hist *h, int fd)
{
	char *buf = xmalloc(h->header.len + 2);
	ssize_t n;
	char *nl;

	if ((n = pread(fd, buf, h->header.len + 1, 0)) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s: read error", h->path);
	buf[n] = '\0';
	nl = strchr(buf, '\n');
	if (nl != NULL && (size_t)(nl - buf + 1) == h->header.len &&
	    memcmp(buf, h->header.p, h->header.len) == 0) {
		free(buf);
		return;
	}
	/* The message quotes the file's whole first line (up to 4 KiB). */
	free(buf);
	buf = xmalloc(4096 + 4);
	if ((n = pread(fd, buf, 4096, 0)) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s: read error", h->path);
	buf[n] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	else if (n == 4096)
		strcpy(buf + n, "...");
	h->header.p[h->header.len - 1] = '\0';
	h->pending.len = 0;	/* those records belong to no header here */
	pp_posmsg(h->path, 1, 0, "the header '%s' differs from the fields "
	    "of the records, '%s': use another history file (a JSON Lines "
	    "history, .jsonl, takes any fields)", buf, h->header.p);
	exit(PP_EXIT_DATA);
}

void
hist_flush(struct hist *h)
{
	struct stat st;
	off_t size;
	ssize_t n;
	int fd;

	if (h == NULL || h->pending.len == 0 || h->flushing)
		return;
	h->flushing = 1;	/* an exit from in here must not come back */
	fd = open_locked(h->path, O_RDWR | O_APPEND | O_CREAT);
	if (fd < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", h->path);
	if (fstat(fd, &st) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", h->path);
	size = st.st_size;
	if (S_ISREG(st.st_mode) && !h->swept) {
		sweep_temps(h->path);
		h->swept = 1;
	}
	if (S_ISREG(st.st_mode) && size > 0) {
		if ((n = end_torn_tail(fd, h->fmt, size, h->path)) < 0)
			append_failed(h, fd, &st, size);
		size += n;
	}
	if (h->fmt != FMT_JSON) {
		/* Every time: the file may have been rotated or pruned. */
		if (size == 0) {
			if (write_all(fd, h->header.p, h->header.len) != 0)
				append_failed(h, fd, &st, size);
		} else if (!h->checked)
			check_header(h, fd);
		h->checked = 1;
	}
	if (write_all(fd, h->pending.p, h->pending.len) != 0)
		append_failed(h, fd, &st, size);
	if (close(fd) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s: write error", h->path);
	h->pending.len = 0;
	h->flushing = 0;
}

void
hist_add(struct hist *h, const struct rec *r)
{
	if (h->fmt != FMT_JSON) {
		if (h->hdr == NULL) {
			h->hdr = xreallocarray(NULL, r->n, sizeof(*h->hdr));
			if (r->n > 0)	/* no names array to copy */
				memcpy(h->hdr, r->name,
				    r->n * sizeof(*h->hdr));
			h->nhdr = r->n;
			wr_format_header(h->fmt, r, &h->header);
		} else if (!rec_same_names(r, h->hdr, h->nhdr)) {
			pp_posmsg(h->path, 0, 0, "the records' fields "
			    "changed: a %s history keeps one header (a JSON "
			    "Lines history, .jsonl, takes any fields)",
			    fmt_name(h->fmt));
			exit(PP_EXIT_DATA);
		}
	}
	wr_format_record(h->fmt, r, &h->pending);
	if (h->pending.len >= HIST_BATCH)
		hist_flush(h);
}

void
hist_close(struct hist *h)
{
	if (h == NULL)
		return;
	hist_flush(h);
	free(h->path);
	free(h->hdr);
	buf_free(&h->pending);
	buf_free(&h->header);
	free(h);
}

unsigned long
hist_prune(const char *name, pp_time cutoff, const struct pp_common *c)
{
	char *path = resolve(name);
	struct rdopts ro;
	struct stat st;
	struct buf out = BUF_INIT;
	const struct rec *r;
	const char *const *hdr, *text;
	const char **last = NULL;
	size_t nhdr, nlast = 0;
	unsigned long dropped = 0;
	struct rd *rd;
	char *paths[1];
	pp_time t;
	int fd;

	if ((fd = open_locked(path, O_RDONLY)) < 0) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	}
	if (fstat(fd, &st) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	if (!S_ISREG(st.st_mode)) {
		/* A device or a pipe: nothing to rewrite, or to read. */
		close(fd);
		free(path);
		return 0;
	}
	sweep_temps(path);
	memset(&ro, 0, sizeof(ro));
	ro.fmt = hist_format(path);
	ro.keep_raw = 1;
	paths[0] = path;
	rd = rd_open(paths, 1, &ro);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad == NULL && metric_time(r, c, &t, &text) == 0 &&
		    t < cutoff) {
			dropped++;
			continue;
		}
		hdr = rd_header(rd, &nhdr);
		if (hdr != NULL && (last == NULL || nlast != nhdr ||
		    (nhdr > 0 &&
		    memcmp(last, hdr, nhdr * sizeof(*hdr)) != 0))) {
			struct rec h;

			/* A header, or a new block's, before its records. */
			if (last != NULL)
				buf_addc(&out, '\n');
			last = xreallocarray(last, nhdr, sizeof(*last));
			if (nhdr > 0)
				memcpy(last, hdr, nhdr * sizeof(*hdr));
			nlast = nhdr;
			rec_init(&h);
			h.name = (const char **)last;
			h.n = nhdr;
			wr_format_header(ro.fmt, &h, &out);
		}
		buf_add(&out, r->raw.p, r->raw.len);
		if (r->raw.len > 0 && r->raw.p[r->raw.len - 1] != '\n')
			buf_addc(&out, '\n');
	}
	rd_close(rd);
	if (dropped > 0)
		file_replace(path, out.p != NULL ? out.p : "", out.len,
		    st.st_mode & 07777);
	close(fd);		/* the lock goes with it */
	buf_free(&out);
	free(last);
	free(path);
	return dropped;
}
