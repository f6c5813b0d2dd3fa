/*
 * Growable buffers and interned names.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "diag.h"

char *
buf_grow(struct buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 64;

	while (cap - b->len < more) {
		if (cap > (size_t)-1 / 2)
			pp_die(PP_EXIT_SYS, "out of memory");
		cap *= 2;
	}
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
	return b->p;
}

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		pp_die(PP_EXIT_SYS, "formatting error");
	if (b->cap - b->len < (size_t)n + 1)
		buf_grow(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/*
 * Interned names: open addressing over a power-of-two table, under a
 * lock, for the readers of several inputs at once (rdpar.c) intern the
 * names of headers and JSON keys while the program interns its own.
 * Each thread first looks in a small cache of its own, so that the few
 * names that JSON Lines repeat on every line take no lock: a name, once
 * interned, never moves.
 */
#define ICACHE	256
static const char **itab;
static size_t icap, icount;
static pthread_mutex_t ilock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local const char *icache[ICACHE];

static const char *intern_locked(const char *, size_t, unsigned long long);

const char *
intern(const char *s, size_t len)
{
	unsigned long long h;
	const char *p, **c;

	if (len == 0)
		s = "";		/* s may be NULL (an empty buffer) */
	h = hash_bytes(s, len);
	c = &icache[h & (ICACHE - 1)];
	if ((p = *c) != NULL && strnlen(p, len + 1) == len &&
	    memcmp(p, s, len) == 0)
		return p;
	pthread_mutex_lock(&ilock);
	p = intern_locked(s, len, h);
	pthread_mutex_unlock(&ilock);
	*c = p;
	return p;
}

static const char *
intern_locked(const char *s, size_t len, unsigned long long h)
{
	unsigned long long oh;
	size_t i, j;
	const char **old;
	size_t oldcap;
	char *copy;

	if (icount * 2 >= icap) {
		old = itab;
		oldcap = icap;
		icap = icap ? icap * 2 : 256;
		itab = xcalloc(icap, sizeof(*itab));
		for (i = 0; i < oldcap; i++) {
			if (old[i] == NULL)
				continue;
			oh = hash_bytes(old[i], strlen(old[i]));
			for (j = oh & (icap - 1); itab[j] != NULL;
			    j = (j + 1) & (icap - 1))
				;
			itab[j] = old[i];
		}
		free(old);
	}
	for (j = h & (icap - 1); itab[j] != NULL; j = (j + 1) & (icap - 1))
		/* strnlen: s may hold a NUL, and a name be shorter than len */
		if (strncmp(itab[j], s, len) == 0 &&
		    strnlen(itab[j], len + 1) == len)
			return itab[j];
	copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	itab[j] = copy;
	icount++;
	return copy;
}
