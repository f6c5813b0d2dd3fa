/*
 * JSON objects as records (pp(7) RECORDS, json): the JSON Lines reader
 * and the readers of JSON documents share it.
 */
#ifndef PP_JSONREC_H
#define PP_JSONREC_H

#include <json-c/json.h>

#include "buf.h"
#include "rec.h"

/* What json_to_rec found. */
#define JF_NESTED	0x01	/* a nested object */
#define JF_BIGINT	0x02	/* an integer beyond 64 bits, not in an array:
				   left out, for json-c clamped it */

/*
 * Appends the fields of the JSON object o to r: a nested object's names
 * joined to its own with a dot, null an empty value (RF_NULL), arrays and
 * booleans their JSON text (RF_RAW), numbers the text they were written
 * with.  An array holding an integer beyond 64 bits makes r bad.  key is
 * scratch space.  Returns the JF_* found.
 */
int	 json_to_rec(struct rec *r, struct json_object *o, struct buf *key);

/*
 * 1 if the JSON text s[0, n) holds the escape \u0000: a NUL byte in a
 * string, which a C string would cut short (pp(7): a bad record).
 */
int	 json_has_nul(const char *s, size_t n);

#endif
