/*
 * FNV-1a 32 and the hex ids of FNV-1a 64 (hash.h).
 */
#include <stdio.h>

#include "hash.h"

uint32_t
fnv1a32_str(uint32_t h, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		h ^= *p;
		h *= FNV32_PRIME;
	}
	return h;
}

uint32_t
fnv1a32(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = FNV32_BASIS;

	while (n-- > 0) {
		h ^= *s++;
		h *= FNV32_PRIME;
	}
	return h;
}

char *
hash_id(const void *p, size_t n, char id[HASH_ID_LEN])
{
	snprintf(id, HASH_ID_LEN, "%016llx", hash_bytes(p != NULL ? p : "",
	    n));
	return id;
}
