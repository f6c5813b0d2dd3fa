/*
 * Records: names are interned, values live in one buffer per record
 * so that a record is reused from line to line without allocation.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hash.h"
#include "rec.h"
#include "units.h"

void
rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
}

void
rec_free(struct rec *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->off);
	free(r->flags);
	buf_free(&r->vals);
	buf_free(&r->raw);
	rec_init(r);
}

void
rec_clear(struct rec *r)
{
	r->n = 0;
	r->vals.len = 0;
	r->raw.len = 0;
	r->bad = NULL;
	r->line = 0;
	r->plain_n = 0;
}

void
rec_reserve(struct rec *r, size_t n)
{
	if (n <= r->cap)
		return;
	r->cap = r->cap ? r->cap * 2 : 16;
	if (r->cap < n)
		r->cap = n;
	r->name = xreallocarray(r->name, r->cap, sizeof(*r->name));
	r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
	r->flags = xreallocarray(r->flags, r->cap, 1);
}

void
rec_add(struct rec *r, const char *name, const char *val, size_t len,
    unsigned char flags)
{
	rec_reserve(r, r->n + 1);
	r->name[r->n] = name;
	r->off[r->n] = r->vals.len;
	r->flags[r->n] = flags;
	buf_add(&r->vals, val, len);
	buf_addc(&r->vals, '\0');
	r->n++;
}

void
rec_set(struct rec *r, const char *name, const char *val)
{
	long i = rec_find(r, name);

	if (i < 0) {
		rec_add(r, name, val, strlen(val), 0);
		return;
	}
	if ((size_t)i < r->plain_n)
		r->plain_n = 0;
	r->off[i] = r->vals.len;
	r->flags[i] = 0;
	buf_adds(&r->vals, val);
	buf_addc(&r->vals, '\0');
}

void
rec_copy(struct rec *dst, const struct rec *src)
{
	rec_clear(dst);
	if (src->n > 0) {	/* a record never filled has NULL arrays */
		rec_reserve(dst, src->n);
		memcpy(dst->name, src->name, src->n * sizeof(*src->name));
		memcpy(dst->off, src->off, src->n * sizeof(*src->off));
		memcpy(dst->flags, src->flags, src->n);
	}
	dst->n = src->n;
	if (src->vals.len > 0)
		buf_add(&dst->vals, src->vals.p, src->vals.len);
	if (src->raw.len > 0)
		buf_add(&dst->raw, src->raw.p, src->raw.len);
	dst->file = src->file;
	dst->line = src->line;
	dst->plain_n = 0;	/* the reader's line is not the copy's */
	if (src->bad != NULL) {
		memcpy(dst->badmsg, src->bad, strnlen(src->bad,
		    sizeof(dst->badmsg) - 1) + 1);
		dst->badmsg[sizeof(dst->badmsg) - 1] = '\0';
		dst->bad = dst->badmsg;
	}
}

void
rec_vsetbad(struct rec *r, const char *fmt, va_list ap)
{
	vsnprintf(r->badmsg, sizeof(r->badmsg), fmt, ap);
	r->bad = r->badmsg;
}

void
rec_setbad(struct rec *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rec_vsetbad(r, fmt, ap);
	va_end(ap);
}

int
rec_same_names(const struct rec *r, const char *const *names, size_t n)
{
	return r->n == n && (n == 0 ||
	    memcmp(r->name, names, n * sizeof(*names)) == 0);
}

long
names_dup(const char *const *names, size_t n)
{
	const char **set;
	size_t i, j, cap;
	long dup = -1;

	if (n <= 16) {		/* a few compares beat a table */
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (names[j] == names[i])
					return (long)i;
		return -1;
	}
	/* Interned names are equal if their pointers are: a set of those. */
	for (cap = 64; cap < 2 * n; cap *= 2)
		;
	set = xcalloc(cap, sizeof(*set));
	for (i = 0; i < n && dup < 0; i++) {
		for (j = hash_bytes(&names[i], sizeof(names[i])) & (cap - 1);
		    set[j] != NULL; j = (j + 1) & (cap - 1))
			if (set[j] == names[i]) {
				dup = (long)i;
				break;
			}
		set[j] = names[i];
	}
	free(set);
	return dup;
}

size_t
rec_add_split(struct rec *r, const char *s, size_t len, char sep)
{
	size_t base = r->vals.len, first = r->n;
	char *p, *q, *end;

	buf_add(&r->vals, s, len);
	buf_addc(&r->vals, '\0');
	p = r->vals.p + base;
	end = p + len;
	for (;;) {
		rec_reserve(r, r->n + 1);
		r->name[r->n] = NULL;
		r->off[r->n] = (size_t)(p - r->vals.p);
		r->flags[r->n] = 0;
		r->n++;
		if ((q = memchr(p, sep, (size_t)(end - p))) == NULL)
			break;
		*q = '\0';
		p = q + 1;
	}
	return r->n - first;
}

void
rec_put(struct rec *r, const char *name, const char *val)
{
	rec_add(r, interns(name), val, strlen(val), 0);
}

void
rec_put_num(struct rec *r, const char *name, double v)
{
	char buf[32];

	rec_put(r, name, isfinite(v) ? fmt_num(v, buf) : "");
}
