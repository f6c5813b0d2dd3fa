/*
 * A hash map from a series key (bytes) to per-series state, iterated in
 * the order keys were first seen so that output is deterministic.
 */
#ifndef PP_HMAP_H
#define PP_HMAP_H

#include <stddef.h>

#include "hash.h"

struct hmap_entry {
	char		*key;	/* owned by the map, NUL-terminated */
	size_t		 klen;
	unsigned long long hash;
	void		*val;	/* the caller's */
};

struct hmap {
	struct hmap_entry *ent;	/* in insertion order */
	size_t		 n;
	size_t		 entcap;
	size_t		*slot;	/* index + 1 into ent; 0 is empty */
	size_t		 nslot;	/* a power of two */
};

void	 hmap_init(struct hmap *);
/* The entry for key, or NULL. */
struct hmap_entry *hmap_get(const struct hmap *, const void *key, size_t);
/* The entry for key, made with val NULL if it is new. */
struct hmap_entry *hmap_put(struct hmap *, const void *key, size_t);
/* Frees the map's memory; each val is the caller's to free first. */
void	 hmap_free(struct hmap *);

#endif
