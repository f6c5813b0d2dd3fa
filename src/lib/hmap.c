/*
 * Open addressing with linear probing over indices into an entry array.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hmap.h"

void
hmap_init(struct hmap *h)
{
	memset(h, 0, sizeof(*h));
}

static size_t
find(const struct hmap *h, const void *key, size_t len,
    unsigned long long hash)
{
	size_t i, e;

	for (i = hash & (h->nslot - 1); (e = h->slot[i]) != 0;
	    i = (i + 1) & (h->nslot - 1)) {
		const struct hmap_entry *x = &h->ent[e - 1];

		if (x->hash == hash && x->klen == len &&
		    memcmp(x->key, key, len) == 0)
			break;
	}
	return i;
}

struct hmap_entry *
hmap_get(const struct hmap *h, const void *key, size_t len)
{
	size_t i;

	if (h->nslot == 0)
		return NULL;
	i = find(h, key, len, hash_bytes(key, len));
	return h->slot[i] ? &h->ent[h->slot[i] - 1] : NULL;
}

static void
rehash(struct hmap *h)
{
	size_t i, j;

	free(h->slot);
	h->nslot = h->nslot ? h->nslot * 2 : 64;
	h->slot = xcalloc(h->nslot, sizeof(*h->slot));
	for (i = 0; i < h->n; i++) {
		for (j = h->ent[i].hash & (h->nslot - 1); h->slot[j] != 0;
		    j = (j + 1) & (h->nslot - 1))
			;
		h->slot[j] = i + 1;
	}
}

struct hmap_entry *
hmap_put(struct hmap *h, const void *key, size_t len)
{
	unsigned long long hash = hash_bytes(key, len);
	struct hmap_entry *x;
	size_t i;

	if ((h->n + 1) * 2 > h->nslot)
		rehash(h);
	i = find(h, key, len, hash);
	if (h->slot[i])
		return &h->ent[h->slot[i] - 1];
	if (h->n == h->entcap) {
		h->entcap = h->entcap ? h->entcap * 2 : 16;
		h->ent = xreallocarray(h->ent, h->entcap, sizeof(*h->ent));
	}
	x = &h->ent[h->n];
	x->key = xmalloc(len + 1);
	memcpy(x->key, key, len);
	x->key[len] = '\0';
	x->klen = len;
	x->hash = hash;
	x->val = NULL;
	h->slot[i] = ++h->n;
	return x;
}

void
hmap_free(struct hmap *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->ent[i].key);
	free(h->ent);
	free(h->slot);
	hmap_init(h);
}
