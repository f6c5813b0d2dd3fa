/*
 * Unit tests of records (rec.h): fields in order, lookups by interned
 * name, duplicate and empty names, replacing values, splitting, copies
 * that share nothing but names, malformed records and names_dup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "rec.h"
#include "tap.h"

/* The record as "name=value;..." ("(null)" for an unset name). */
static const char *
show(const struct rec *r)
{
	static struct buf b;
	size_t i;

	b.len = 0;
	for (i = 0; i < r->n; i++)
		buf_printf(&b, "%s%s=%s", i ? ";" : "",
		    r->name[i] ? r->name[i] : "(null)", rec_val(r, i));
	return buf_nul(&b);
}

static void
test_init_add(void)
{
	struct rec r;
	const char *a = interns("a"), *b = interns("b");
	char nb[2] = "";

	rec_init(&r);
	tap_ok(r.n == 0 && r.cap == 0 && r.name == NULL && r.bad == NULL &&
	    r.vals.len == 0 && r.plain_n == 0, "rec_init: an empty record");
	tap_ok(rec_find(&r, a) == -1 && rec_get(&r, a) == NULL,
	    "no field in an empty record");
	rec_add(&r, a, "1", 1, 0);
	rec_add(&r, b, "two", 3, RF_RAW);
	rec_add(&r, interns("c"), "xyz", 0, RF_NULL);
	tap_str(show(&r), "a=1;b=two;c=", "rec_add: fields in order");
	tap_ok(r.n == 3, "three fields");
	tap_ok(r.flags[0] == 0 && r.flags[1] == RF_RAW &&
	    r.flags[2] == RF_NULL, "flags kept per field");
	tap_ok(rec_find(&r, b) == 1, "rec_find(b) is 1");
	tap_str(rec_get(&r, b), "two", "rec_get(b)");
	tap_ok(rec_find(&r, interns("zz")) == -1, "rec_find of a missing name");
	tap_ok(rec_get(&r, interns("zz")) == NULL, "rec_get of a missing name");
	nb[0] = 'b';
	tap_ok(rec_find(&r, nb) == -1,
	    "names compare by pointer: a copy of \"b\" is not interned");
	rec_add(&r, a, "a,b\0c", 5, 0);
	tap_str(rec_val(&r, 3), "a,b", "a value is its text up to a NUL");
	rec_add(&r, interns("big"), "1234567890", 4, 0);
	tap_str(rec_get(&r, interns("big")), "1234", "rec_add takes len bytes");
	rec_free(&r);
	tap_ok(r.n == 0 && r.name == NULL && r.vals.p == NULL,
	    "rec_free leaves an empty record");
	rec_add(&r, a, "again", 5, 0);
	tap_str(show(&r), "a=again", "a freed record can be filled again");
	rec_free(&r);
	rec_free(NULL);
	tap_ok(1, "rec_free(NULL) is harmless");
}

static void
test_names(void)
{
	struct rec r;
	const char *a = interns("a"), *e = interns("");

	rec_init(&r);
	rec_add(&r, a, "first", 5, 0);
	rec_add(&r, e, "empty-name", 10, 0);
	rec_add(&r, a, "second", 6, 0);
	rec_add(&r, interns("x"), "", 0, 0);
	tap_ok(r.n == 4, "a duplicate name is a field of its own");
	tap_ok(rec_find(&r, a) == 0, "rec_find finds the first duplicate");
	tap_str(rec_get(&r, a), "first", "rec_get is the first duplicate");
	tap_str(rec_val(&r, 2), "second", "the second is still there");
	tap_ok(rec_find(&r, e) == 1, "an empty name is found");
	tap_str(rec_get(&r, e), "empty-name", "the empty name's value");
	tap_str(rec_get(&r, interns("x")), "", "an empty value is \"\"");
	tap_ok(rec_get(&r, interns("x")) != NULL,
	    "an empty value is not a missing field");
	rec_free(&r);
}

/* Fields past the first allocation, and reuse after rec_clear. */
static void
test_growth_clear(void)
{
	struct rec r;
	char name[16], val[16];
	size_t i, bad = 0, cap;

	rec_init(&r);
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		snprintf(val, sizeof(val), "v%zu", i * 7);
		rec_put(&r, name, val);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		snprintf(val, sizeof(val), "v%zu", i * 7);
		if (rec_find(&r, interns(name)) != (long)i ||
		    strcmp(rec_val(&r, i), val) != 0)
			bad++;
	}
	tap_ok(r.n == 1000 && r.cap >= 1000 && bad == 0,
	    "1000 fields: each found at its place with its value");

	cap = r.cap;
	r.line = 9;
	r.raw.len = 0;
	buf_adds(&r.raw, "text");
	rec_setbad(&r, "broken");
	r.plain_n = 2;
	rec_clear(&r);
	tap_ok(r.n == 0 && r.vals.len == 0 && r.raw.len == 0 &&
	    r.bad == NULL && r.line == 0 && r.plain_n == 0,
	    "rec_clear: no fields, no text, not bad");
	tap_ok(r.cap == cap && r.name != NULL,
	    "rec_clear keeps the allocations");
	tap_ok(rec_get(&r, interns("f0")) == NULL, "no field after rec_clear");
	rec_put(&r, "f0", "new");
	tap_str(show(&r), "f0=new", "a cleared record is refilled");
	rec_free(&r);

	rec_init(&r);
	rec_reserve(&r, 100);
	tap_ok(r.cap >= 100 && r.n == 0, "rec_reserve makes room, adds none");
	cap = r.cap;
	rec_reserve(&r, 10);
	tap_ok(r.cap == cap, "rec_reserve never shrinks");
	rec_free(&r);
}

static void
test_set(void)
{
	struct rec r;
	const char *a = interns("a"), *b = interns("b");

	rec_init(&r);
	rec_set(&r, a, "1");
	tap_str(show(&r), "a=1", "rec_set appends a missing field");
	rec_add(&r, b, "[1]", 3, RF_RAW);
	rec_set(&r, b, "plain");
	tap_str(show(&r), "a=1;b=plain", "rec_set replaces in place");
	tap_ok(r.flags[1] == 0, "rec_set clears the flags");
	rec_set(&r, a, "");
	tap_str(show(&r), "a=;b=plain", "rec_set to \"\"");
	rec_set(&r, a, "a much longer value than before, past any block");
	tap_str(rec_get(&r, a),
	    "a much longer value than before, past any block",
	    "rec_set to a longer value");
	tap_str(rec_get(&r, b), "plain", "the other field is untouched");
	tap_ok(r.n == 2, "still two fields");

	/* A duplicate name: the first is replaced. */
	rec_add(&r, a, "dup", 3, 0);
	rec_set(&r, a, "x");
	tap_str(show(&r), "a=x;b=plain;a=dup", "rec_set replaces the first");

	/* The plain CSV line stops covering a field that changes. */
	r.plain = "x,plain";
	r.plain_len = 7;
	r.plain_n = 2;
	rec_set(&r, interns("c"), "new");
	tap_ok(r.plain_n == 2, "appending keeps the plain prefix");
	rec_set(&r, b, "changed");
	tap_ok(r.plain_n == 0, "replacing a plain field ends it");
	r.plain_n = 1;
	rec_set(&r, b, "again");
	tap_ok(r.plain_n == 1, "replacing a field after it keeps it");
	rec_free(&r);
}

static void
test_put(void)
{
	struct rec r;

	rec_init(&r);
	rec_put(&r, "name", "v");
	tap_ok(r.name[0] == interns("name"), "rec_put interns the name");
	rec_put_num(&r, "half", 0.5);
	rec_put_num(&r, "int", 42);
	rec_put_num(&r, "neg", -1.25);
	rec_put_num(&r, "third", 1.0 / 3);
	rec_put_num(&r, "negzero", -0.0);
	rec_put_num(&r, "nan", NAN);
	rec_put_num(&r, "inf", INFINITY);
	rec_put_num(&r, "ninf", -INFINITY);
	tap_str(show(&r), "name=v;half=0.5;int=42;neg=-1.25;"
	    "third=0.3333333333;negzero=0;nan=;inf=;ninf=",
	    "rec_put_num: ten digits, no -0; empty if not finite");
	rec_free(&r);
}

static void
test_split(void)
{
	struct rec r;

	rec_init(&r);
	tap_ok(rec_add_split(&r, "a,b,,c", 6, ',') == 4,
	    "rec_add_split: 4 fields");
	tap_str(show(&r), "(null)=a;(null)=b;(null)=;(null)=c",
	    "names unset, empty field kept");
	rec_clear(&r);
	tap_ok(rec_add_split(&r, "", 0, ',') == 1, "\"\" is one empty field");
	tap_str(show(&r), "(null)=", "the empty field");
	rec_clear(&r);
	tap_ok(rec_add_split(&r, "x,", 2, ',') == 2, "\"x,\" is two fields");
	tap_ok(rec_add_split(&r, ",", 1, ',') == 2, "\",\" is two fields");
	tap_str(show(&r), "(null)=x;(null)=;(null)=;(null)=",
	    "appended after the fields before");
	rec_clear(&r);
	tap_ok(rec_add_split(&r, "p\tq\tr,s", 5, '\t') == 3,
	    "len bytes only, at another separator");
	tap_str(show(&r), "(null)=p;(null)=q;(null)=r",
	    "no NUL needed after len");
	rec_clear(&r);
	rec_put(&r, "k", "v");
	rec_add_split(&r, "1|2", 3, '|');
	r.name[1] = interns("one");
	r.name[2] = interns("two");
	tap_str(show(&r), "k=v;one=1;two=2", "names filled in by the caller");
	tap_str(rec_get(&r, interns("two")), "2", "and found");

	/* rec_add_field: a value already in vals. */
	rec_clear(&r);
	buf_adds(&r.vals, "abc");
	buf_addc(&r.vals, '\0');
	rec_add_field(&r, 0);
	rec_add_field(&r, 1);
	tap_ok(r.n == 2 && r.name[0] == NULL && r.flags[1] == 0,
	    "rec_add_field: fields with names unset");
	tap_str(rec_val(&r, 1), "bc", "rec_add_field: the value at off");
	rec_free(&r);
}

static void
test_copy(void)
{
	struct rec src, dst, empty;
	char longmsg[400];

	rec_init(&src);
	rec_init(&dst);
	rec_init(&empty);
	rec_put(&src, "a", "1");
	rec_add(&src, interns("j"), "[1,2]", 5, RF_RAW);
	rec_add(&src, interns("a"), "dup", 3, 0);
	rec_add(&src, interns(""), "e", 1, 0);
	buf_adds(&src.raw, "1,[1,2],dup,e");
	src.file = "in.csv";
	src.line = 12;
	src.plain = "1";
	src.plain_len = 1;
	src.plain_n = 1;

	rec_put(&dst, "old", "value");
	rec_setbad(&dst, "old trouble");
	rec_copy(&dst, &src);
	tap_str(show(&dst), "a=1;j=[1,2];a=dup;=e", "rec_copy: the fields");
	tap_ok(dst.name[0] == src.name[0] && dst.name[3] == interns(""),
	    "names shared (interned)");
	tap_ok(dst.flags[1] == RF_RAW && dst.flags[0] == 0, "flags copied");
	tap_ok(dst.vals.p != src.vals.p && dst.name != src.name,
	    "values and arrays are the copy's own");
	tap_ok(dst.raw.len == 13 && memcmp(dst.raw.p, "1,[1,2],dup,e", 13) == 0
	    && dst.raw.p != src.raw.p, "raw text copied");
	tap_ok(dst.file == src.file && dst.line == 12, "position copied");
	tap_ok(dst.plain_n == 0, "the reader's plain line is not copied");
	tap_ok(dst.bad == NULL, "a good source: the copy is not bad");

	rec_set(&src, interns("a"), "changed");
	src.vals.p[src.off[1]] = '{';
	tap_str(show(&dst), "a=1;j=[1,2];a=dup;=e",
	    "changing the source leaves the copy");
	rec_set(&dst, interns("j"), "mine");
	tap_str(rec_val(&src, 1), "{1,2]", "changing the copy leaves the source");

	rec_setbad(&src, "expected %d fields, found %d", 3, 2);
	rec_copy(&dst, &src);
	tap_ok(dst.bad == dst.badmsg, "a bad record's copy holds its message");
	tap_str(dst.bad, "expected 3 fields, found 2", "the message copied");
	rec_setbad(&src, "other");
	tap_str(dst.bad, "expected 3 fields, found 2",
	    "the copy's message is its own");

	/* A message not in badmsg, longer than it: cut, terminated. */
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	src.bad = longmsg;
	rec_copy(&dst, &src);
	tap_ok(dst.bad == dst.badmsg && strlen(dst.bad) == 255 &&
	    dst.bad[0] == 'm', "a long message is cut to 255 bytes");

	rec_copy(&dst, &empty);
	tap_ok(dst.n == 0 && dst.bad == NULL && dst.vals.len == 0 &&
	    dst.raw.len == 0, "copying a record never filled empties dst");
	rec_copy(&empty, &src);
	tap_ok(empty.n == src.n, "copying into a record never filled");
	tap_str(rec_val(&empty, 0), "changed", "with its values");
	rec_free(&src);
	rec_free(&dst);
	rec_free(&empty);
}

static void
test_setbad(void)
{
	struct rec r;
	char big[600];

	rec_init(&r);
	rec_setbad(&r, "field %s: '%s'", "ts", "x");
	tap_ok(r.bad == r.badmsg, "rec_setbad points bad at badmsg");
	tap_str(r.bad, "field ts: 'x'", "rec_setbad formats");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rec_setbad(&r, "%s", big);
	tap_ok(strlen(r.bad) == sizeof(r.badmsg) - 1,
	    "a long message is cut to the buffer");
	rec_free(&r);
}

static void
test_same_names(void)
{
	struct rec r;
	const char *ab[] = { interns("a"), interns("b") };
	const char *ba[] = { interns("b"), interns("a") };

	rec_init(&r);
	tap_ok(rec_same_names(&r, NULL, 0), "no fields, no names: the same");
	tap_ok(!rec_same_names(&r, ab, 1), "no fields, one name: not");
	rec_put(&r, "a", "1");
	rec_put(&r, "b", "2");
	tap_ok(rec_same_names(&r, ab, 2), "a,b is a,b");
	tap_ok(!rec_same_names(&r, ba, 2), "a,b is not b,a");
	tap_ok(!rec_same_names(&r, ab, 1), "a,b is not a");
	tap_ok(!rec_same_names(&r, NULL, 0), "a,b is not nothing");
	rec_free(&r);
}

static void
test_names_dup(void)
{
	const char *v[200];
	char name[16];
	size_t i;

	tap_ok(names_dup(NULL, 0) == -1, "names_dup of none");
	v[0] = interns("a");
	tap_ok(names_dup(v, 1) == -1, "names_dup of one");
	v[1] = interns("b");
	v[2] = interns("a");
	v[3] = interns("b");
	tap_ok(names_dup(v, 3) == 2, "a,b,a: the repeat is at 2");
	tap_ok(names_dup(v, 2) == -1, "a,b: none");
	v[1] = interns("");
	v[2] = interns("");
	tap_ok(names_dup(v, 3) == 2, "two empty names repeat");

	/* More than 16: the hashed set. */
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "n%zu", i);
		v[i] = interns(name);
	}
	tap_ok(names_dup(v, 16) == -1, "16 distinct names");
	tap_ok(names_dup(v, 17) == -1, "17 distinct names");
	tap_ok(names_dup(v, 200) == -1, "200 distinct names");
	v[16] = v[0];
	tap_ok(names_dup(v, 17) == 16, "17 names, the last repeats the first");
	tap_ok(names_dup(v, 16) == -1, "the first 16 still distinct");
	v[16] = interns("n16");
	v[150] = v[149];
	v[199] = v[3];
	tap_ok(names_dup(v, 200) == 150, "200 names: the first repeat, 150");
	v[150] = interns("n150");
	tap_ok(names_dup(v, 200) == 199, "200 names: a repeat at the end");
	v[199] = interns("n199");
	v[5] = v[4];
	tap_ok(names_dup(v, 200) == 5, "200 names: a repeat near the start");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_init_add();
	test_names();
	test_growth_clear();
	test_set();
	test_put();
	test_split();
	test_copy();
	test_setbad();
	test_same_names();
	test_names_dup();
	return tap_done();
}
