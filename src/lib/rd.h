/*
 * Record readers: CSV (libcsv), TSV and JSON Lines (json-c), with format
 * detection, file:line positions, ragged-row errors and --metrics (wide
 * to long).
 */
#ifndef PP_RD_H
#define PP_RD_H

#include <stddef.h>

#include "rec.h"

enum pp_fmt {
	FMT_AUTO = 0,
	FMT_CSV,
	FMT_TSV,
	FMT_JSON,
	FMT_TABLE,	/* output only */
	FMT_OPENMETRICS,	/* output only */
	FMT_MARKDOWN,	/* output only */
	FMT_JUNIT,	/* a gate's verdicts (gate.h), never records */
	FMT_IMPORT = 16	/* and on: importers[fmt - FMT_IMPORT] (import.h) */
};

/*
 * Parses the name of a format to read (csv, tsv, json, jsonl, or an
 * importer's name) or to write (csv, tsv, json, jsonl, table, openmetrics,
 * markdown): pp reads openmetrics with an importer and writes it with a
 * writer.  -1 if unknown.
 */
int	 fmt_parse_in(const char *name);
int	 fmt_parse_out(const char *name);
const char *fmt_name(int fmt);

struct rdopts {
	int		 fmt;		/* FMT_AUTO detects per file */
	const char	**metrics;	/* interned names for wide to long */
	size_t		 nmetrics;
	int		 keep_raw;	/* keep every record's text in raw */
	int		 progress;	/* show progress (progress.h) */
	/*
	 * Inputs parsed at once by as many threads (rdpar.c); records
	 * still come in the order of the inputs.  0 or 1: one at a time.
	 */
	int		 jobs;
	/* --header: the interned names of headerless CSV or TSV input. */
	const char	**header;
	size_t		 nheader;
};

struct rd;

/*
 * Opens the inputs (none, or "-", is standard input) and reads enough of
 * the first to know its format.  Exits 4 if a file cannot be opened.
 * The paths must outlive the reader.
 */
struct rd *rd_open(char *const *paths, size_t npaths, const struct rdopts *);
/*
 * The next record, or NULL after the last.  The record is borrowed until
 * the next call, and the caller may add fields to it.  A malformed one
 * has r->bad set and r->raw holding its text (as has every record with
 * keep_raw).  A read error exits 4.  With jobs, an error that is fatal
 * (a file that cannot be opened, a header that names a field twice) is
 * said when the records before it have been returned, as without.
 */
struct rec *rd_next(struct rd *);
/*
 * The text of the last record as read (of the wide record, for a record
 * of --metrics), to pass a record through unchanged.  Borrowed until the
 * next rd_next.  With jobs, only a bad record's text, or any record's
 * with keep_raw, is kept.
 */
const char *rd_raw(struct rd *, size_t *len);
/*
 * The format of the first input (never FMT_AUTO; CSV for an empty one;
 * for another tool's format, json if it is JSON, csv if not).
 */
int	 rd_format(const struct rd *);
/* The current input's name as messages show it ("<stdin>" for stdin). */
const char *rd_file(const struct rd *);
/*
 * The header of the CSV or TSV input the last record came from, as
 * interned names; NULL for JSON Lines.  Borrowed until the next rd_next.
 */
const char *const *rd_header(const struct rd *, size_t *n);
void	 rd_close(struct rd *);

#endif
