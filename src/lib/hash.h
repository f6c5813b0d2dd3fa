/*
 * Hashing: FNV-1a in 32 and 64 bits (draft-eastlake-fnv), the stable
 * hex ids made from it, and splitmix64, the seeded stream of sampling
 * and the bootstrap.
 */
#ifndef PP_HASH_H
#define PP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV32_BASIS	0x811c9dc5u
#define FNV32_PRIME	0x01000193u

/* FNV-1a, 64 bits: the hash of the series map and of sampling keys. */
static inline unsigned long long
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* FNV-1a, 32 bits. */
uint32_t fnv1a32(const void *s, size_t n);
/* Goes on hashing the NUL-terminated s from h (FNV32_BASIS to start). */
uint32_t fnv1a32_str(uint32_t h, const char *s);

/* The id of n bytes: their 64-bit FNV-1a in 16 hex digits; returns id. */
#define HASH_ID_LEN	17
char	*hash_id(const void *p, size_t n, char id[HASH_ID_LEN]);

/*
 * splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014): advances *state and returns the
 * next value; also a good mixer of a 64-bit key.
 */
static inline unsigned long long
splitmix64(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
