/*
 * Unit tests of the series hash map (hmap.h): many keys, insertion
 * order, keys that differ only in length or after a NUL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hmap.h"
#include "tap.h"

#define NKEYS	100000

static void
test_many(void)
{
	struct hmap h;
	struct hmap_entry *e;
	char key[64];
	size_t i, n, bad_put = 0, bad_get = 0, bad_order = 0, bad_again = 0;

	hmap_init(&h);
	tap_ok(hmap_get(&h, "x", 1) == NULL, "empty map: get is NULL");
	for (i = 0; i < NKEYS; i++) {
		/* Descending numbers, so order is not sorted order. */
		n = (size_t)snprintf(key, sizeof(key), "series.%zu",
		    (size_t)NKEYS - i);
		e = hmap_put(&h, key, n);
		if (e == NULL || e->val != NULL || e->klen != n ||
		    memcmp(e->key, key, n) != 0 || e->key[n] != '\0') {
			bad_put++;
			continue;
		}
		e->val = (void *)(uintptr_t)(i + 1);
	}
	tap_ok(bad_put == 0, "put 100000 new keys: new entries, val NULL");
	tap_ok(h.n == NKEYS, "100000 entries");
	tap_ok(h.nslot > h.n && (h.nslot & (h.nslot - 1)) == 0,
	    "slots: a power of two, more than the entries");

	for (i = 0; i < NKEYS; i++) {
		n = (size_t)snprintf(key, sizeof(key), "series.%zu",
		    (size_t)NKEYS - i);
		e = hmap_get(&h, key, n);
		if (e == NULL || e->val != (void *)(uintptr_t)(i + 1))
			bad_get++;
		/* Insertion order: entry i is the i-th key put. */
		if (h.ent[i].klen != n || memcmp(h.ent[i].key, key, n) != 0)
			bad_order++;
	}
	tap_ok(bad_get == 0, "get finds every key with its value");
	tap_ok(bad_order == 0, "entries are in insertion order");

	/* Putting again returns the same entry and keeps the value. */
	for (i = 0; i < NKEYS; i += 7) {
		n = (size_t)snprintf(key, sizeof(key), "series.%zu",
		    (size_t)NKEYS - i);
		e = hmap_put(&h, key, n);
		if (e != &h.ent[i] || e->val != (void *)(uintptr_t)(i + 1))
			bad_again++;
	}
	tap_ok(bad_again == 0, "put of a known key gives its entry");
	tap_ok(h.n == NKEYS, "put of known keys adds nothing");

	tap_ok(hmap_get(&h, "series.0", 8) == NULL,
	    "get of an absent key is NULL");
	tap_ok(hmap_get(&h, "series.100001", 13) == NULL,
	    "get of another absent key is NULL");
	tap_ok(hmap_get(&h, "series.1", 7) == NULL,
	    "get of a prefix of a key is NULL");
	hmap_free(&h);
	tap_ok(h.n == 0 && h.ent == NULL && h.slot == NULL,
	    "hmap_free leaves an empty map");
	tap_ok(hmap_get(&h, "series.1", 8) == NULL, "get after free is NULL");
	e = hmap_put(&h, "again", 5);
	tap_ok(e != NULL && h.n == 1, "the map is usable after free");
	hmap_free(&h);
}

static void
test_nul_keys(void)
{
	static const struct {
		const char	*k;
		size_t		 len;
	} keys[] = {
		{ "", 0 }, { "a", 1 }, { "a\0", 2 }, { "a\0b", 3 },
		{ "a\0c", 3 }, { "\0", 1 }, { "\0\0", 2 }, { "ab", 2 },
		{ "cpu\037host=a", 10 }, { "cpu\037host=a\037", 11 },
	};
	const size_t nk = sizeof(keys) / sizeof(keys[0]);
	struct hmap h;
	struct hmap_entry *e;
	size_t i, j;
	int distinct = 1, found = 1;

	hmap_init(&h);
	for (i = 0; i < nk; i++) {
		e = hmap_put(&h, keys[i].k, keys[i].len);
		if (e->val != NULL)
			distinct = 0;
		e->val = (void *)&keys[i];
	}
	tap_ok(distinct && h.n == nk,
	    "keys with NULs or different lengths are distinct");
	for (i = 0; i < nk; i++) {
		e = hmap_get(&h, keys[i].k, keys[i].len);
		if (e == NULL || e->val != (const void *)&keys[i] ||
		    e->klen != keys[i].len ||
		    memcmp(e->key, keys[i].k, keys[i].len) != 0)
			found = 0;
	}
	tap_ok(found, "each key finds its own entry");
	for (i = 0, j = 0; i < nk; i++)
		if (h.ent[i].val == (const void *)&keys[i])
			j++;
	tap_ok(j == nk, "NUL keys in insertion order");
	tap_ok(hmap_get(&h, "a\0d", 3) == NULL, "a\\0d is absent");
	tap_ok(hmap_get(&h, "a\0b\0", 4) == NULL, "a\\0b\\0 is absent");
	hmap_free(&h);
}

/* Keys that collide in the low bits of their hash still all fit. */
static void
test_collisions(void)
{
	struct hmap h;
	struct hmap_entry *e;
	char key[32];
	size_t i, n, got = 0;
	unsigned long long want;

	hmap_init(&h);
	/* Collect 300 keys whose hashes agree in the low 12 bits. */
	want = hash_bytes("k0", 2) & 0xfff;
	for (i = 0; got < 300 && i < 10000000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "k%zu", i);
		if ((hash_bytes(key, n) & 0xfff) != want)
			continue;
		e = hmap_put(&h, key, n);
		e->val = (void *)(uintptr_t)(got + 1);
		got++;
	}
	tap_ok(got == 300 && h.n == 300, "300 keys with colliding slots");
	for (i = 0, got = 0; i < h.n; i++) {
		e = hmap_get(&h, h.ent[i].key, h.ent[i].klen);
		if (e == &h.ent[i] && e->val == (void *)(uintptr_t)(i + 1))
			got++;
	}
	tap_ok(got == 300, "each colliding key finds its entry");
	hmap_free(&h);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_many();
	test_nul_keys();
	test_collisions();
	return tap_done();
}
