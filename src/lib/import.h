/*
 * Readers of the formats other tools write (pp(7) OTHER TOOLS' FORMATS):
 * each turns what a benchmark or a metrics tool wrote into metric
 * records.  rd.c drives them: it hands an importer the input a line at a
 * time, or a JSON value at a time, and returns the records it made.
 *
 * An importer adds records with imp_metric (a metric record of pp(7):
 * ts, metric, value, unit, then labels with imp_label) or imp_bad.  A
 * record is borrowed until the importer returns.
 */
#ifndef PP_IMPORT_H
#define PP_IMPORT_H

#include <stddef.h>

#include <json-c/json.h>

#include "clock.h"
#include "rec.h"

struct imp;

struct importer {
	const char	*name;		/* the --input-format name */
	const char	*what;		/* "a hyperfine --export-json document" */
	/* JSON formats: 1 if the value is one of this format's. */
	int		(*sniff_json)(struct json_object *);
	/* Text formats: 1 if the first line that is not empty is this one's. */
	int		(*sniff_line)(const char *s, size_t n);
	/* A JSON format: one call per JSON value of the input. */
	void		(*json)(struct imp *, struct json_object *);
	/* A text format: one call per line, without its line end. */
	void		(*line)(struct imp *, const char *s, size_t n);
	/* A CSV-based format: one call per record the CSV reader read. */
	void		(*rec)(struct imp *, const struct rec *);
	/* At the end of an input, if not NULL: frees imp_state. */
	void		(*end)(struct imp *);
};

/* The importers, in the order detection tries them; NULL ends. */
extern const struct importer *const importers[];
/* The generic JSON document: an object, or an array of objects. */
extern const struct importer import_json_doc;

/* The importer of the name; NULL if none. */
const struct importer *import_find(const char *name);
/* The importer whose sniff_line takes line s; NULL if none. */
const struct importer *import_sniff_line(const char *s, size_t n);
/* The importer whose sniff_json takes o; NULL if none. */
const struct importer *import_sniff_json(struct json_object *o);

/*
 * A new import of file (its name as messages show it), read by fmt
 * (import_json_doc: the first value says which format, if any).  t is
 * the time records get that carry none of their own: the file's
 * modification time, or the time of reading for standard input.
 */
struct imp *imp_open(const struct importer *fmt, const char *file,
	    pp_time t);
/* Gives the import the next line (without its line end), number lineno. */
void	 imp_feed(struct imp *, const char *s, size_t n, unsigned long lineno);
/* Gives a CSV-based import (fmt->rec) the next record read. */
void	 imp_record(struct imp *, const struct rec *);
/* The input ended. */
void	 imp_finish(struct imp *);
/* The next record made, or NULL when the import needs more input. */
struct rec *imp_next(struct imp *);
void	 imp_close(struct imp *);

/* For importers. */

/* The line being read (of a JSON value: the line where it starts). */
unsigned long imp_lineno(const struct imp *);
/* The time of the input as RFC 3339 (see imp_open). */
const char *imp_time(const struct imp *);
/* The importer's own state, NULL until it sets one. */
void	**imp_state(struct imp *);

/*
 * A new metric record: ts (imp_time() if NULL), metric, value and unit
 * (none if NULL).  Labels follow with imp_label.
 */
struct rec *imp_metric(struct imp *, const char *ts, const char *metric,
	    const char *value, const char *unit);
/* As imp_metric, value a number written as fmt_double does. */
struct rec *imp_metric_num(struct imp *, const char *ts, const char *metric,
	    double value, const char *unit);
/*
 * Appends a label name=value (n bytes) to r; a name r has already
 * becomes exported_NAME (pp(7)), and one it has twice is left out.
 */
void	 imp_label(struct rec *r, const char *name, const char *value,
	    size_t n);
/* A new record with the fields of the JSON object o, flattened. */
struct rec *imp_object(struct imp *, struct json_object *o);
/* A bad record at the current line, with the text of what was wrong. */
void	 imp_bad(struct imp *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * A bad line of a text format: "KIND MESSAGE" once a line of the format
 * has been read (*seen), else "not WHAT: MESSAGE", for then the input
 * may be no such format at all.  *seen is 1 after.
 */
void	 imp_bad_line(struct imp *, int *seen, const char *kind,
	    const char *what, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* JSON helpers: a member of o by name, NULL if o is no object. */
struct json_object *imp_get(struct json_object *o, const char *name);
/* A JSON number's value; 0 if v is a finite number, -1 if not. */
int	 imp_number(struct json_object *v, double *d);
/*
 * The JSON number v (or a string holding one) times f, rounded once: for
 * f a power of ten the decimal point moves in v's own text, so that
 * 0.009 ms is 9e-06 s, not 8.999999999999999e-06.  NaN if v is no
 * finite number or the product is not finite.
 */
double	 imp_scaled(struct json_object *v, double f);
/* A JSON string's text; NULL if v is no string. */
const char *imp_string(struct json_object *v);

/*
 * The unit a Prometheus metric name name[0, n) says by its suffix after
 * any _total: _seconds s, _bytes bytes, _ratio ratio, _percent percent;
 * else count for a name ending in _total; else NULL.
 */
const char *prom_name_unit(const char *name, size_t n);

#endif
