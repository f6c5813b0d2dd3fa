/*
 * A record: an ordered list of (name, text value) fields.
 */
#ifndef PP_REC_H
#define PP_REC_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"

/* Field flags: how a JSON Lines value was written, for writing it back. */
#define RF_RAW	0x01	/* the text is JSON (array, true, false) */
#define RF_NULL	0x02	/* JSON null; the text is empty */

struct rec {
	size_t		 n;	/* number of fields */
	size_t		 cap;
	const char	**name;	/* interned (see intern) */
	size_t		*off;	/* value i is at vals.p + off[i] */
	unsigned char	*flags;
	struct buf	 vals;	/* NUL-separated values */
	/* Where the record came from (file borrowed from the reader). */
	const char	*file;
	unsigned long	 line;
	/* The record's text as read, for passing a bad record through. */
	struct buf	 raw;
	/*
	 * Fields [0, plain_n) written as CSV are exactly the plain_len bytes
	 * at plain: a CSV line that needed no quotes, which writers copy
	 * whole.  Borrowed from the reader; 0 once a field changes.
	 */
	size_t		 plain_n;
	const char	*plain;
	size_t		 plain_len;
	/* Non-NULL if the record is malformed: what is wrong. */
	const char	*bad;
	char		 badmsg[256];
};

void	 rec_init(struct rec *);
void	 rec_free(struct rec *);
void	 rec_clear(struct rec *);
/* Copies src into dst (names stay shared: they are interned). */
void	 rec_copy(struct rec *dst, const struct rec *src);
/* Appends a field; name must be interned. */
void	 rec_add(struct rec *, const char *name, const char *val, size_t len,
	    unsigned char flags);
/*
 * Appends the fields of s (len bytes, no NUL needed) split at sep, with
 * names unset (NULL) for the caller to fill in.  Returns their number.
 */
size_t	 rec_add_split(struct rec *, const char *s, size_t len, char sep);
/*
 * Appends a field (name unset) whose NUL-terminated value is already in
 * r->vals at offset off.
 */
/* Makes room for n fields. */
void	 rec_reserve(struct rec *, size_t n);

static inline void
rec_add_field(struct rec *r, size_t off)
{
	if (r->n == r->cap)
		rec_reserve(r, r->n + 1);
	r->name[r->n] = NULL;
	r->off[r->n] = off;
	r->flags[r->n] = 0;
	r->n++;
}

/* Appends the field name (interned here) with the text val. */
void	 rec_put(struct rec *, const char *name, const char *val);
/* Appends a number as fmt_num writes it, or empty if not finite. */
void	 rec_put_num(struct rec *, const char *name, double v);
/* Replaces the value of name, or appends the field. */
void	 rec_set(struct rec *, const char *name, const char *val);
/* Marks the record malformed with a message. */
void	 rec_vsetbad(struct rec *, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	 rec_setbad(struct rec *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

static inline const char *
rec_val(const struct rec *r, size_t i)
{
	return r->vals.p + r->off[i];
}

/* Index of the field called name (interned), or -1. */
static inline long
rec_find(const struct rec *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->name[i] == name)
			return (long)i;
	return -1;
}

/* The value of the field called name (interned), or NULL.  Borrowed. */
static inline const char *
rec_get(const struct rec *r, const char *name)
{
	long i = rec_find(r, name);

	return i < 0 ? NULL : rec_val(r, (size_t)i);
}

/* 1 if both records have the same names in the same order. */
int	 rec_same_names(const struct rec *, const char *const *names,
	    size_t n);
/*
 * The index of the first of the n interned names that repeats an earlier
 * one, or -1.  Linear in n.
 */
long	 names_dup(const char *const *names, size_t n);

#endif
