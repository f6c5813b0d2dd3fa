/*
 * Unit tests of growable buffers and interned names (buf.h): appends,
 * growth, NUL termination, buf_printf, interning by pointer and the
 * FNV-1a hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "tap.h"

/* A buffer's invariants: len fits, and the bytes so far are want. */
static int
holds(const struct buf *b, const char *want, size_t n)
{
	return b->len == n && b->cap > b->len && b->p != NULL &&
	    memcmp(b->p, want, n) == 0;
}

static void
test_empty(void)
{
	struct buf b = BUF_INIT;

	tap_ok(b.p == NULL && b.len == 0 && b.cap == 0,
	    "BUF_INIT is empty, nothing allocated");
	buf_add(&b, "x", 0);
	tap_ok(b.p == NULL && b.len == 0 && b.cap == 0,
	    "buf_add of 0 bytes allocates nothing");
	buf_adds(&b, "");
	tap_ok(b.p == NULL && b.len == 0, "buf_adds(\"\") allocates nothing");
	tap_str(buf_nul(&b), "", "buf_nul of an empty buffer is \"\"");
	tap_ok(b.len == 0 && b.cap >= 1, "buf_nul does not count the NUL");
	buf_free(&b);
	tap_ok(b.p == NULL && b.len == 0 && b.cap == 0,
	    "buf_free leaves an empty buffer");
	buf_free(&b);
	tap_ok(b.p == NULL, "buf_free twice is harmless");
	buf_free(NULL);
	tap_ok(1, "buf_free(NULL) is harmless");
	buf_printf(&b, "%s", "");
	tap_ok(b.len == 0 && b.p != NULL && b.p[0] == '\0',
	    "buf_printf of nothing: empty, NUL-terminated");
	buf_free(&b);
}

static void
test_add(void)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_adds(&b, "abc");
	buf_addc(&b, ',');
	buf_add(&b, "defXYZ", 3);
	tap_ok(holds(&b, "abc,def", 7), "buf_adds, buf_addc, buf_add");
	tap_str(buf_nul(&b), "abc,def", "buf_nul terminates");
	tap_ok(b.len == 7, "buf_nul leaves len");
	buf_addc(&b, '\0');
	buf_adds(&b, "g");
	tap_ok(b.len == 9 && memcmp(b.p, "abc,def\0g", 9) == 0,
	    "a NUL byte is content like any other");
	b.len = 0;
	tap_str(buf_nul(&b), "", "len = 0 empties the buffer for reuse");
	buf_add(&b, "\x00\xff\x80", 3);
	tap_ok(holds(&b, "\x00\xff\x80", 3), "binary bytes kept");
	b.len = 0;
	p = buf_grow(&b, 10);
	tap_ok(p == b.p && b.cap - b.len >= 10,
	    "buf_grow returns the contents with room for more");
	buf_free(&b);
}

/* Growth keeps every byte, through many doublings. */
static void
test_growth(void)
{
	struct buf b = BUF_INIT, c = BUF_INIT;
	size_t i, bad = 0;
	char big[1000];

	for (i = 0; i < 100000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	for (i = 0; i < b.len; i++)
		if (b.p[i] != (char)('a' + i % 26))
			bad++;
	tap_ok(b.len == 100000 && bad == 0 && b.cap > b.len,
	    "100000 buf_addc: every byte in place");
	tap_ok(strlen(buf_nul(&b)) == 100000, "then one NUL after them");

	memset(big, 'x', sizeof(big));
	for (i = 0; i < 300; i++)
		buf_add(&c, big, sizeof(big) - i);
	tap_ok(c.len == 300 * 1000 - 299 * 300 / 2,
	    "buf_add of blocks larger than the capacity");
	for (i = bad = 0; i < c.len; i++)
		if (c.p[i] != 'x')
			bad++;
	tap_ok(bad == 0, "and every byte is there");

	/* Exactly at the boundary: 63 bytes, then 1, then the NUL. */
	buf_free(&c);
	buf_add(&c, big, 63);
	buf_addc(&c, 'y');
	buf_nul(&c);
	tap_ok(c.len == 64 && c.p[63] == 'y' && c.p[64] == '\0' &&
	    c.cap > 64, "a NUL after a full first block grows the buffer");
	buf_free(&c);
	buf_free(&b);
}

static void
test_printf(void)
{
	struct buf b = BUF_INIT;
	char want[600];
	size_t i;

	buf_printf(&b, "%d-%s", 42, "x");
	tap_ok(holds(&b, "42-x", 4) && b.p[4] == '\0',
	    "buf_printf appends, NUL-terminated");
	buf_printf(&b, "|%5.2f|", 3.14159);
	tap_str(b.p, "42-x| 3.14|", "buf_printf appends again");
	tap_ok(b.len == 11, "buf_printf counts no NUL");

	/* Longer than the first block, twice over. */
	for (i = 0; i < 500; i++)
		want[i] = (char)('0' + i % 10);
	want[500] = '\0';
	b.len = 0;
	buf_printf(&b, "%s", want);
	buf_printf(&b, "%.*s", 50, want);
	tap_ok(b.len == 550 && memcmp(b.p, want, 500) == 0 &&
	    memcmp(b.p + 500, want, 50) == 0 && b.p[550] == '\0',
	    "buf_printf longer than the capacity");
	buf_adds(&b, "!");
	tap_ok(b.len == 551 && b.p[550] == '!',
	    "buf_adds after buf_printf overwrites its NUL");
	buf_free(&b);
}

static void
test_intern(void)
{
	const char *a, *b, *e, *first;
	char name[32];
	size_t i, bad = 0;
	char tmp[] = "zebra";

	a = interns("host");
	b = intern("hostname", 4);
	tap_ok(a == b, "intern: the same text is the same pointer");
	tap_str(a, "host", "intern: the copy holds the text");
	first = interns(tmp);
	tap_ok(first != tmp, "intern copies");
	tmp[0] = 'g';
	tap_str(first, "zebra", "the copy outlives changes to the original");
	tap_ok(interns("zebra") == first, "and is found again by its text");
	tap_ok(interns("Host") != a, "intern is case-sensitive");
	tap_ok(interns("host ") != a, "a trailing space is another name");
	e = interns("");
	tap_ok(e != NULL && *e == '\0', "intern of \"\" is \"\"");
	tap_ok(intern(NULL, 0) == e, "intern(NULL, 0) is the \"\" name");
	tap_ok(intern("xyz", 0) == e, "intern(s, 0) is the \"\" name");
	tap_ok(intern("a,b", 1) == interns("a"), "intern of a prefix");
	/* Text with a NUL inside is no other name's, and read in bounds. */
	tap_ok(intern("ab\0cd", 5) != interns("ab"),
	    "intern: a NUL inside is not the name before it (make asan)");
	tap_ok(intern("ab\0cd", 5) != NULL, "and interning it twice is safe");

	/* Stable across the table's growth. */
	first = interns("name-0");
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "name-%zu", i);
		if (i > 0 && interns(name) == first)
			bad++;
	}
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "name-%zu", i);
		a = interns(name);
		if (strcmp(a, name) != 0 || interns(name) != a)
			bad++;
	}
	tap_ok(bad == 0, "20000 names: distinct, stable, each its own text");
	tap_ok(interns("name-0") == first,
	    "a name keeps its pointer when the table grows");
	tap_str(interns("host"), "host", "an early name survives the growth");
}

/*
 * FNV-1a 64 test vectors from the reference code of Fowler, Noll and Vo
 * (http://www.isthe.com/chongo/tech/comp/fnv/), checked with Python.
 */
static void
test_hash(void)
{
	tap_ok(hash_bytes("", 0) == 0xcbf29ce484222325ULL,
	    "hash_bytes(\"\") is the offset basis");
	tap_ok(hash_bytes("a", 1) == 0xaf63dc4c8601ec8cULL,
	    "hash_bytes(\"a\")");
	tap_ok(hash_bytes("foobar", 6) == 0x85944171f73967e8ULL,
	    "hash_bytes(\"foobar\")");
	tap_ok(hash_bytes("foobarbaz", 6) == 0x85944171f73967e8ULL,
	    "hash_bytes reads n bytes only");
	tap_ok(hash_bytes("ab", 2) != hash_bytes("ba", 2),
	    "hash_bytes depends on order");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_empty();
	test_add();
	test_growth();
	test_printf();
	test_intern();
	test_hash();
	return tap_done();
}
