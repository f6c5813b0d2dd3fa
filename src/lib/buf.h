/*
 * A growable byte buffer and the process-wide table of interned field
 * names.
 */
#ifndef PP_BUF_H
#define PP_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*p;	/* owned; NUL-terminated after buf_nul */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT	{ NULL, 0, 0 }

/* Makes room for more bytes; returns the (moved) contents. */
char	*buf_grow(struct buf *, size_t more) __attribute__((returns_nonnull));
void	 buf_free(struct buf *);

static inline void
buf_add(struct buf *b, const void *s, size_t n)
{
	char *p = b->p;

	if (n == 0)
		return;
	if (p == NULL || b->cap - b->len < n + 1)
		p = buf_grow(b, n + 1);
	memcpy(p + b->len, s, n);
	b->len += n;
}

static inline void
buf_addc(struct buf *b, char c)
{
	char *p = b->p;

	if (p == NULL || b->cap - b->len < 2)
		p = buf_grow(b, 2);
	p[b->len++] = c;
}

static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Terminates the contents with a NUL that len does not count. */
static inline char *
buf_nul(struct buf *b)
{
	char *p = b->p;

	if (p == NULL || b->cap - b->len < 1)
		p = buf_grow(b, 1);
	p[b->len] = '\0';
	return p;
}

void	 buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Returns the one stable copy of a field name, so that names compare
 * by pointer.  The copy lives until the process ends.
 * Threads: any thread may call it; the table is under a lock.
 */
const char *intern(const char *s, size_t len);
static inline const char *
interns(const char *s)
{
	return intern(s, strlen(s));
}

#endif
