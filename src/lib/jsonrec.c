/*
 * JSON objects as records: nested objects flattened, names joined with
 * a dot; numbers keep the text they were written with.
 */
#include <stdint.h>
#include <string.h>

#include "jsonrec.h"

/* json-c reads integers as 64-bit and clamps larger ones. */
static int
json_clamped(struct json_object *v)
{
	return json_object_get_int64(v) == INT64_MIN ||
	    json_object_get_uint64(v) == UINT64_MAX ||
	    (json_object_get_int64(v) == INT64_MAX &&
	    json_object_get_uint64(v) > (uint64_t)INT64_MAX);
}

/* 1 if an array (or an object in one) holds a clamped integer. */
static int
json_clamped_in(struct json_object *v)
{
	size_t i, n;

	switch (json_object_get_type(v)) {
	case json_type_int:
		return json_clamped(v);
	case json_type_array:
		n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			if (json_clamped_in(json_object_array_get_idx(v, i)))
				return 1;
		return 0;
	case json_type_object: {
		json_object_object_foreach(v, k, e) {
			(void)k;
			if (json_clamped_in(e))
				return 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/*
 * Appends the fields of the object o to r, the names of a nested one
 * (top 0) after key and a dot; adds to *found what it found.
 */
static void
json_flatten(struct rec *r, int *found, struct json_object *o,
    struct buf *key, int top)
{
	size_t keep = key->len;
	const char *s;

	json_object_object_foreach(o, k, v) {
		key->len = keep;
		if (!top)
			buf_addc(key, '.');
		buf_adds(key, k);
		switch (json_object_get_type(v)) {
		case json_type_object:
			*found |= JF_NESTED;
			json_flatten(r, found, v, key, 0);
			continue;
		case json_type_null:
			rec_add(r, intern(key->p, key->len), "", 0, RF_NULL);
			continue;
		case json_type_string:
			rec_add(r, intern(key->p, key->len),
			    json_object_get_string(v),
			    (size_t)json_object_get_string_len(v), 0);
			continue;
		case json_type_array:
			if (json_clamped_in(v)) {
				rec_setbad(r, "field '%s': integer out of "
				    "the 64-bit range in an array",
				    buf_nul(key));
				continue;
			}
			/* FALLTHROUGH */
		case json_type_boolean:
			s = json_object_to_json_string_ext(v,
			    JSON_C_TO_STRING_PLAIN |
			    JSON_C_TO_STRING_NOSLASHESCAPE);
			rec_add(r, intern(key->p, key->len), s, strlen(s),
			    RF_RAW);
			continue;
		case json_type_int:
			/* The line is read again, the integer quoted. */
			if (json_clamped(v)) {
				*found |= JF_BIGINT;
				continue;
			}
			/* FALLTHROUGH */
		default:
			/* Numbers keep the text they were written with. */
			s = json_object_get_string(v);
			rec_add(r, intern(key->p, key->len), s, strlen(s), 0);
			continue;
		}
	}
	key->len = keep;
}

int
json_to_rec(struct rec *r, struct json_object *o, struct buf *key)
{
	int found = 0;

	key->len = 0;
	json_flatten(r, &found, o, key, 1);
	return found;
}

/*
 * 1 if the JSON text holds the escape \u0000: a NUL byte in a string,
 * which a C string would cut short.  A backslash before the escape's
 * own makes it text ("\\u0000"); most lines have no backslash at all.
 */
int
json_has_nul(const char *s, size_t n)
{
	const char *q, *p;
	size_t i, run;

	if ((p = memchr(s, '\\', n)) == NULL)
		return 0;
	while ((q = memmem(p, n - (size_t)(p - s), "\\u0000", 6)) != NULL) {
		for (i = (size_t)(q - s), run = 1; i > 0 && s[i - 1] == '\\';
		    i--)
			run++;
		if (run % 2 == 1)
			return 1;
		p = q + 1;
	}
	return 0;
}
