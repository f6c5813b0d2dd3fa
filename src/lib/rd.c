/*
 * Record readers.  Input is read a line at a time: a CSV line with no
 * quote outside a quoted field is split directly, any other goes through
 * libcsv, which carries quoted newlines over to the next line.  A blank
 * line ends a CSV or TSV block: the next line is a new header (the
 * convention pp's writers use when the fields change).
 *
 * A CSV record that spans lines and goes wrong (its quoted field never
 * ends, or not within CSV_MAX_LINES lines or CSV_MAX_BYTES bytes, or is
 * malformed) is bad on its first line only: the lines after it are read
 * again, so that one stray quote costs one record.
 */
#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#include <json-c/json.h>

#include "clock.h"
#include "diag.h"
#include "import.h"
#include "jsonrec.h"
#include "progress.h"
#include "rd.h"
#include "rdpar.h"

/* How far a CSV record may span lines (pp(7)). */
#define CSV_MAX_LINES	1000
#define CSV_MAX_BYTES	(1024 * 1024)


struct rd {
	struct rdpar	*par;		/* several inputs at once (rdpar.c) */
	/* A reader of rdpar.c hands on what is fatal, to be said in turn. */
	void		(*fail)(void *, const struct rd_fail *);
	void		*fail_arg;
	int64_t		 nbytes;	/* bytes read */
	/* A reader of the lines that start in [start, end) of its file. */
	int		 ranged;
	off_t		 start, end, pos;

	char *const	*paths;
	size_t		 npaths;
	size_t		 next;		/* index of the next path to open */
	struct rdopts	 opts;
	int		 first_fmt;

	FILE		*fp;		/* NULL: no input open */
	const char	*fname;
	int		 fmt;
	char		*line;
	size_t		 linecap;
	ssize_t		 linelen;
	int		 have_line;	/* line holds an unread line */
	unsigned long	 lineno;
	struct buf	 replay;	/* lines to read again, from replay_pos */
	size_t		 replay_pos;

	const char	**hdr;
	size_t		 nhdr;
	size_t		 hdrcap;
	int		 need_hdr;

	struct csv_parser csv;
	int		 csv_done;	/* the parser ended a record */
	int		 csv_inrec;
	int		 raw_line;	/* the record's text is rd->line */

	struct json_tokener *tok;
	int		 jfound;	/* JF_* of the last object */
	struct buf	 jkey;		/* flattened names */
	struct buf	 jline;		/* the line with its big integers quoted */

	struct imp	*imp;		/* another tool's format (import.h) */
	const struct importer *impfmt;
	int		 imp_eof;	/* the import has had all the input */

	struct progress	 prog;		/* records and bytes read so far */

	struct rec	 in;		/* the record as read */
	struct rec	 out;		/* one metric of a wide record */
	size_t		 wide_next;	/* next metric of in to emit */
	int		 wide_active;
};

/* Interned in rd_open, before any thread of rdpar.c reads them. */
static const char *n_metric, *n_value;

static const char *const fmt_names[] = {
	"auto", "csv", "tsv", "json", "table", "openmetrics", "markdown",
	"junit"
};

/* The formats both read and written. */
static int
fmt_parse_both(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "tsv") == 0)
		return FMT_TSV;
	if (strcmp(s, "json") == 0 || strcmp(s, "jsonl") == 0)
		return FMT_JSON;
	return -1;
}

int
fmt_parse_in(const char *s)
{
	size_t i;
	int f;

	if ((f = fmt_parse_both(s)) >= 0)
		return f;
	for (i = 0; importers[i] != NULL; i++)
		if (strcmp(s, importers[i]->name) == 0)
			return FMT_IMPORT + (int)i;
	return -1;
}

int
fmt_parse_out(const char *s)
{
	int f;

	if ((f = fmt_parse_both(s)) >= 0)
		return f;
	if (strcmp(s, "table") == 0)
		return FMT_TABLE;
	if (strcmp(s, "openmetrics") == 0)
		return FMT_OPENMETRICS;
	if (strcmp(s, "markdown") == 0)
		return FMT_MARKDOWN;
	if (strcmp(s, "junit") == 0)
		return FMT_JUNIT;
	return -1;
}

const char *
fmt_name(int fmt)
{
	size_t i;

	if (fmt >= 0 && fmt <= FMT_JUNIT)
		return fmt_names[fmt];
	for (i = 0; importers[i] != NULL; i++)
		if (fmt == FMT_IMPORT + (int)i)
			return importers[i]->name;
	return "?";
}

void
rd_die(const struct rd_fail *f)
{
	if (f->errnum != 0) {
		errno = f->errnum;
		if (f->msg[0] == '\0')
			pp_die_errno(f->status, "%s", f->file);
		pp_die_errno(f->status, "%s: %s", f->file, f->msg);
	}
	pp_posmsg(f->file, f->line, 0, "%s", f->msg);
	exit(f->status);
}

/*
 * What is fatal in reading file, at line if not 0: said at once, or, by
 * a reader of rdpar.c, handed on to be said when the records before it
 * have been used.
 */
static void __attribute__((format(printf, 6, 7), noreturn))
rd_fatal(const struct rd *rd, int status, int errnum, const char *file,
    unsigned long line, const char *fmt, ...)
{
	struct rd_fail f;
	va_list ap;

	f.status = status;
	f.errnum = errnum;
	f.file = file;
	f.line = line;
	va_start(ap, fmt);
	vsnprintf(f.msg, sizeof(f.msg), fmt, ap);
	va_end(ap);
	if (rd->fail != NULL)
		rd->fail(rd->fail_arg, &f);
	rd_die(&f);
}

/* RFC 4180: spaces are part of a field, so libcsv must not trim them. */
static int
csv_nospace(unsigned char c)
{
	(void)c;
	return 0;
}

static void
csv_reset(struct rd *rd)
{
	csv_free(&rd->csv);
	if (csv_init(&rd->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		pp_die(PP_EXIT_SYS, "out of memory");
	csv_set_space_func(&rd->csv, csv_nospace);
	rd->csv_done = rd->csv_inrec = 0;
}

/* Takes the next line of rd->replay into rd->line. */
static void
replay_line(struct rd *rd)
{
	const char *p = rd->replay.p + rd->replay_pos, *nl;
	size_t len = rd->replay.len - rd->replay_pos;

	if ((nl = memchr(p, '\n', len)) != NULL)
		len = (size_t)(nl - p) + 1;
	if (rd->linecap < len + 1) {
		rd->linecap = len + 1;
		rd->line = xrealloc(rd->line, rd->linecap);
	}
	memcpy(rd->line, p, len);
	rd->line[len] = '\0';
	rd->linelen = (ssize_t)len;
	rd->lineno++;
	if ((rd->replay_pos += len) == rd->replay.len)
		rd->replay.len = rd->replay_pos = 0;
}

static int
read_line(struct rd *rd)
{
	if (rd->have_line) {
		rd->have_line = 0;
		return 1;
	}
	if (rd->replay_pos < rd->replay.len) {
		replay_line(rd);
		return 1;
	}
	if (rd->ranged && rd->end >= 0 && rd->pos >= rd->end)
		return 0;	/* the next line is the next range's */
	rd->linelen = getline(&rd->line, &rd->linecap, rd->fp);
	if (rd->linelen < 0) {
		if (ferror(rd->fp))
			rd_fatal(rd, PP_EXIT_SYS, errno, rd->fname, 0,
			    "read error");
		return 0;
	}
	rd->lineno++;
	rd->nbytes += rd->linelen;
	rd->pos += rd->linelen;
	progress_add(&rd->prog, 0, (size_t)rd->linelen);
	return 1;
}

static size_t
chomp_len(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

static int
detect(const char *s, size_t n)
{
	size_t i;
	int tab = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i < n && s[i] == '{')
		return FMT_JSON;
	if (i < n && s[i] == '[') {	/* a JSON array of objects */
		size_t j = i + 1;

		while (j < n && (s[j] == ' ' || s[j] == '\t' ||
		    s[j] == '\r' || s[j] == '\n'))
			j++;
		if (j == n || s[j] == '{')
			return FMT_JSON;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == ',')
			return FMT_CSV;
		if (s[i] == '\t')
			tab = 1;
	}
	return tab ? FMT_TSV : FMT_CSV;
}

/*
 * The importer of a JSON input, from its first line: the generic
 * document if the line is not one whole value (a pretty-printed
 * document, or an array), a tool's format if the value is one of its,
 * or none: JSON Lines.
 */
static const struct importer *
json_import(struct rd *rd)
{
	const struct importer *f = NULL;
	struct json_object *o;
	enum json_tokener_error e;
	size_t body = chomp_len(rd->line, (size_t)rd->linelen), i;

	for (i = 0; i < body && (rd->line[i] == ' ' || rd->line[i] == '\t');
	    i++)
		;
	if (i < body && rd->line[i] == '[')
		return &import_json_doc;
	json_tokener_reset(rd->tok);
	o = json_tokener_parse_ex(rd->tok, rd->line, (int)body);
	e = json_tokener_get_error(rd->tok);
	if (e == json_tokener_continue)
		f = &import_json_doc;
	else if (e == json_tokener_success && o != NULL &&
	    (size_t)json_tokener_get_parse_end(rd->tok) == body)
		f = import_sniff_json(o);
	json_object_put(o);
	json_tokener_reset(rd->tok);
	return f;
}

/* The time of records from an input that has none of its own. */
static pp_time
input_time(struct rd *rd)
{
	struct stat st;

	if (rd->fp != stdin && fstat(fileno(rd->fp), &st) == 0 &&
	    S_ISREG(st.st_mode))
		return (pp_time)st.st_mtim.tv_sec * 1000000 +
		    st.st_mtim.tv_nsec / 1000;
	return time_now();
}

/* Starts an import if the input is another tool's format (import.h). */
static void
choose_import(struct rd *rd)
{
	const struct importer *f = NULL;

	if (rd->fmt >= FMT_IMPORT)
		f = importers[rd->fmt - FMT_IMPORT];
	else if (rd->fmt == FMT_JSON)
		f = json_import(rd);
	else if (rd->opts.fmt == FMT_AUTO)
		f = import_sniff_line(rd->line, chomp_len(rd->line,
		    (size_t)rd->linelen));
	if (f == NULL)
		return;
	rd->impfmt = f;
	rd->imp = imp_open(f, rd->fname, input_time(rd));
	rd->imp_eof = 0;
	if (f->rec != NULL)
		rd->fmt = FMT_CSV;	/* the CSV reader reads its records */
}

/*
 * What rd_format says of the input just opened: records read from
 * another tool's JSON are written as JSON Lines, from its text as CSV,
 * unless --output-format says otherwise.
 */
static int
input_format(const struct rd *rd)
{
	if (rd->impfmt == NULL)
		return rd->fmt;
	return rd->impfmt->json != NULL ? FMT_JSON : FMT_CSV;
}

static void	check_wide(const struct rd *, const char *const *, size_t,
		    unsigned long);

/*
 * --header: the input has no header line, and its fields are named by
 * the option; a blank line ends no block.  Not for JSON (opts.c refuses
 * --input-format json), whose records name their own fields.
 */
static void
given_header(struct rd *rd)
{
	if (rd->fmt == FMT_JSON)
		rd_fatal(rd, PP_EXIT_DATA, 0, rd->fname, rd->lineno, "--header "
		    "names the fields of CSV or TSV input, but this input is "
		    "JSON");
	if (rd->opts.nheader > rd->hdrcap) {
		rd->hdrcap = rd->opts.nheader;
		rd->hdr = xreallocarray(rd->hdr, rd->hdrcap, sizeof(*rd->hdr));
	}
	memcpy(rd->hdr, rd->opts.header, rd->opts.nheader * sizeof(*rd->hdr));
	rd->nhdr = rd->opts.nheader;
	rd->need_hdr = 0;
	if (rd->opts.nmetrics > 0)
		check_wide(rd, rd->hdr, rd->nhdr, rd->lineno);
}

/*
 * A reader of a range but the first starts at the first line that
 * starts in it: the line across its start is the range before's.
 */
static void
seek_range(struct rd *rd)
{
	ssize_t n;
	int c;

	if (fseeko(rd->fp, rd->start - 1, SEEK_SET) != 0)
		rd_fatal(rd, PP_EXIT_SYS, errno, rd->fname, 0, "read error");
	rd->pos = rd->start;
	if ((c = getc(rd->fp)) == '\n' || c == EOF) {
		if (ferror(rd->fp))
			rd_fatal(rd, PP_EXIT_SYS, errno, rd->fname, 0,
			    "read error");
		return;
	}
	if ((n = getline(&rd->line, &rd->linecap, rd->fp)) < 0) {
		if (ferror(rd->fp))
			rd_fatal(rd, PP_EXIT_SYS, errno, rd->fname, 0,
			    "read error");
		return;
	}
	rd->pos += n;
}

/* Opens the next input and reads its first line; 0 when none is left. */
static int
open_next(struct rd *rd)
{
	const char *path;

	if (rd->npaths == 0 && rd->next == 0)
		path = "-";
	else if (rd->next < rd->npaths)
		path = rd->paths[rd->next];
	else
		return 0;
	rd->next++;
	rd->pos = 0;
	if (strcmp(path, "-") == 0) {
		rd->fp = stdin;
		rd->fname = "<stdin>";
	} else {
		if ((rd->fp = fopen(path, "r")) == NULL)
			rd_fatal(rd, PP_EXIT_SYS, errno, path, 0, "%s", "");
		rd->fname = path;
		if (rd->ranged && rd->start > 0)
			seek_range(rd);
	}
	progress_input(&rd->prog, rd->fname);
	rd->lineno = 0;
	rd->need_hdr = 1;
	rd->nhdr = 0;
	rd->have_line = 0;
	rd->replay.len = rd->replay_pos = 0;
	csv_reset(rd);
	/* Blank lines first say nothing of the format: look past them. */
	do {
		if (!read_line(rd)) {
			rd->fmt = rd->opts.fmt != FMT_AUTO ? rd->opts.fmt :
			    FMT_CSV;
			if (rd->ranged && rd->start > 0)
				rd->fmt = FMT_JSON;
			return 1;
		}
		if (rd->lineno == 1 && rd->pos == rd->linelen &&
		    rd->linelen >= 3 &&
		    memcmp(rd->line, "\xef\xbb\xbf", 3) == 0) {
			/* A byte-order mark is no part of the first record,
			 * nor of a blank line before it. */
			memmove(rd->line, rd->line + 3,
			    (size_t)rd->linelen - 2);
			rd->linelen -= 3;
		}
	} while (chomp_len(rd->line, (size_t)rd->linelen) == 0);
	rd->have_line = 1;
	if (rd->ranged && rd->start > 0) {
		/* rdpar.c splits JSON Lines, as its first range showed */
		rd->fmt = FMT_JSON;
		return 1;
	}
	rd->fmt = rd->opts.fmt != FMT_AUTO ? rd->opts.fmt :
	    detect(rd->line, (size_t)rd->linelen);
	if (rd->opts.nheader > 0)
		given_header(rd);
	else
		choose_import(rd);
	return 1;
}

static void
close_cur(struct rd *rd)
{
	if (rd->fp == NULL)
		return;
	imp_close(rd->imp);
	rd->imp = NULL;
	rd->impfmt = NULL;
	if (rd->fp != stdin)
		fclose(rd->fp);
	else
		clearerr(stdin);
	rd->fp = NULL;
}

static struct rd *
rd_new(char *const *paths, size_t npaths, const struct rdopts *o)
{
	struct rd *rd = xcalloc(1, sizeof(*rd));

	rd->paths = paths;
	rd->npaths = npaths;
	if (o != NULL)
		rd->opts = *o;
	if (csv_init(&rd->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		pp_die(PP_EXIT_SYS, "out of memory");
	rd->tok = json_tokener_new();
	if (rd->tok == NULL)
		pp_die(PP_EXIT_SYS, "out of memory");
	json_tokener_set_flags(rd->tok, JSON_TOKENER_STRICT);
	rec_init(&rd->in);
	rec_init(&rd->out);
	return rd;
}

/* Opens the first input: enough to know its format. */
static void
rd_start(struct rd *rd)
{
	if (open_next(rd))
		rd->first_fmt = input_format(rd);
	else
		rd->first_fmt = rd->opts.fmt != FMT_AUTO ? rd->opts.fmt :
		    FMT_CSV;
}

struct rd *
rd_open(char *const *paths, size_t npaths, const struct rdopts *o)
{
	struct rd *rd;

	if (n_metric == NULL) {
		n_metric = interns("metric");
		n_value = interns("value");
	}
	rd = rd_new(paths, npaths, o);
	progress_start(&rd->prog, rd->opts.progress, paths, npaths);
	if (o != NULL && rdpar_wanted(paths, npaths, o)) {
		rd->par = rdpar_open(paths, npaths, &rd->opts, &rd->prog);
		rd->first_fmt = rdpar_format(rd->par);
		return rd;
	}
	rd_start(rd);
	return rd;
}

void
rd_open_one(struct rd **rdp, char *const *path, const struct rdopts *o,
    void (*fail)(void *, const struct rd_fail *), void *arg, off_t start,
    off_t end)
{
	struct rd *rd = *rdp = rd_new(path, 1, o);

	rd->opts.jobs = 0;
	rd->opts.progress = 0;
	rd->fail = fail;
	rd->fail_arg = arg;
	rd->ranged = start > 0 || end >= 0;
	rd->start = start;
	rd->end = end;
	rd_start(rd);
}

int
rd_same_file(const struct rd *rd, dev_t dev, ino_t ino, off_t size)
{
	struct stat st;

	return rd->fp != NULL && fstat(fileno(rd->fp), &st) == 0 &&
	    st.st_dev == dev && st.st_ino == ino && st.st_size >= size;
}

/* rd_jsonl's way out of a failure: the input is not split. */
static void __attribute__((noreturn))
jsonl_fail(void *arg, const struct rd_fail *f)
{
	(void)f;
	longjmp(*(jmp_buf *)arg, 1);
}

int
rd_jsonl(char *const *path, const struct rdopts *o)
{
	struct stat st;
	struct rd *volatile rd = NULL;
	jmp_buf env;
	volatile int ok = 0;

	if (strcmp(*path, "-") == 0 || o->nheader > 0 || o->fmt > FMT_JSON ||
	    stat(*path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (setjmp(env) == 0) {
		rd = rd_new(path, 1, o);
		rd->opts.progress = 0;
		rd->fail = jsonl_fail;
		rd->fail_arg = &env;
		rd_start(rd);
		ok = rd->fmt == FMT_JSON && rd->imp == NULL;
	}
	rd_close(rd);
	return ok;
}

unsigned long
rd_lines(const struct rd *rd)
{
	return rd->lineno;
}

int
rd_importing(const struct rd *rd)
{
	return rd->imp != NULL;
}

int64_t
rd_bytes(const struct rd *rd)
{
	return rd->nbytes;
}

int
rd_format(const struct rd *rd)
{
	return rd->first_fmt;
}

const char *
rd_file(const struct rd *rd)
{
	if (rd->par != NULL)
		return rdpar_file(rd->par);
	return rd->fname != NULL ? rd->fname : "<stdin>";
}

const char *const *
rd_header(const struct rd *rd, size_t *n)
{
	if (rd->par != NULL)
		return rdpar_header(rd->par, n);
	if (rd->fmt == FMT_JSON || rd->imp != NULL) {
		*n = 0;
		return NULL;
	}
	*n = rd->nhdr;
	return rd->hdr;
}

const char *
rd_raw(struct rd *rd, size_t *len)
{
	if (rd->par != NULL)
		return rdpar_raw(rd->par, len);
	if (rd->in.raw.len == 0 && rd->raw_line)
		buf_add(&rd->in.raw, rd->line, (size_t)rd->linelen);
	*len = rd->in.raw.len;
	return rd->in.raw.p;
}

void
rd_close(struct rd *rd)
{
	if (rd == NULL)
		return;
	/* A reader of rdpar.c has none, and leaves progress.c alone. */
	if (rd->prog.on)
		progress_end(&rd->prog);
	rdpar_close(rd->par);
	close_cur(rd);
	csv_free(&rd->csv);
	json_tokener_free(rd->tok);
	rec_free(&rd->in);
	rec_free(&rd->out);
	buf_free(&rd->replay);
	buf_free(&rd->jkey);
	buf_free(&rd->jline);
	free(rd->hdr);
	free(rd->line);
	free(rd);
}

static int
is_metric_col(const struct rd *rd, const char *name)
{
	size_t i;

	for (i = 0; i < rd->opts.nmetrics; i++)
		if (rd->opts.metrics[i] == name)
			return 1;
	return 0;
}

/*
 * --metrics writes the fields metric and value of its own: input that
 * has one already (other than as a --metrics column) is fatal, for a
 * record must never hold two fields of one name.
 */
static void
check_wide(const struct rd *rd, const char *const *names, size_t n,
    unsigned long line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((names[i] == n_metric || names[i] == n_value) &&
		    !is_metric_col(rd, names[i]))
			rd_fatal(rd, PP_EXIT_DATA, 0, rd->fname, line,
			    "input already has a '%s' field; --metrics adds "
			    "its own (rename it, or leave out --metrics)",
			    names[i]);
}

/* Takes the fields of rd->in (names unset) as the new header. */
static void
take_header(struct rd *rd)
{
	size_t i;
	long d;

	if (rd->in.n > rd->hdrcap) {
		rd->hdrcap = rd->in.n;
		rd->hdr = xreallocarray(rd->hdr, rd->hdrcap, sizeof(*rd->hdr));
	}
	for (i = 0; i < rd->in.n; i++) {
		const char *v = rec_val(&rd->in, i);

		/* A byte-order mark is not part of the first name. */
		if (i == 0 && strncmp(v, "\xef\xbb\xbf", 3) == 0)
			v += 3;
		rd->hdr[i] = interns(v);
	}
	if ((d = names_dup(rd->hdr, rd->in.n)) >= 0)
		rd_fatal(rd, PP_EXIT_DATA, 0, rd->fname, rd->in.line,
		    "duplicate column '%s' in the header", rd->hdr[d]);
	if (rd->opts.nmetrics > 0)
		check_wide(rd, rd->hdr, rd->in.n, rd->in.line);
	rd->nhdr = rd->in.n;
	rd->need_hdr = 0;
}

/* Names the fields of rd->in from the header; a ragged row is bad. */
static void
name_fields(struct rd *rd)
{
	size_t i;

	if (rd->in.n != rd->nhdr) {
		rec_setbad(&rd->in, "expected %zu fields, found %zu",
		    rd->nhdr, rd->in.n);
		rd->in.n = 0;
		return;
	}
	for (i = 0; i < rd->in.n; i++)
		rd->in.name[i] = rd->hdr[i];
}

static void
cb_field(void *s, size_t len, void *data)
{
	struct rd *rd = data;

	rec_add(&rd->in, NULL, s != NULL ? s : "", len, 0);
	rd->csv_inrec = 1;
}

static void
cb_record(int c, void *data)
{
	struct rd *rd = data;

	(void)c;
	rd->csv_done = 1;
	rd->csv_inrec = 0;
}

/*
 * Splits a CSV line without quotes in one pass over a copy of it; -1
 * (and nothing added) if it holds a quote, for libcsv to read.  A line
 * without a CR either is also the record's plain CSV text.
 */
static int
fast_split(struct rec *r, const char *line, size_t body)
{
	size_t base = r->vals.len, i, start;
	char *p;
	int cr = 0;

	buf_add(&r->vals, line, body);
	buf_addc(&r->vals, '\0');
	p = r->vals.p + base;
	for (i = 0, start = 0; i < body; i++) {
		if (p[i] == ',') {
			p[i] = '\0';
			rec_add_field(r, base + start);
			start = i + 1;
		} else if (p[i] == '"') {
			r->n = 0;
			r->vals.len = base;
			return -1;
		} else if (p[i] == '\r')
			cr = 1;
	}
	rec_add_field(r, base + start);
	if (!cr) {
		r->plain = line;
		r->plain_len = body;
		r->plain_n = r->n;
	}
	return 0;
}

/*
 * The CSV record in rd->in, begun by a line of firstlen bytes, spanned
 * lines and went wrong: it keeps its first line only, and the lines
 * after that are read again, before any still to be read again.
 */
static void
csv_resume(struct rd *rd, size_t firstlen)
{
	struct buf *raw = &rd->in.raw, again = BUF_INIT;

	if (raw->len > firstlen) {
		buf_add(&again, raw->p + firstlen, raw->len - firstlen);
		if (rd->replay_pos < rd->replay.len)
			buf_add(&again, rd->replay.p + rd->replay_pos,
			    rd->replay.len - rd->replay_pos);
		buf_free(&rd->replay);
		rd->replay = again;
		rd->replay_pos = 0;
		raw->len = firstlen;
		rd->lineno = rd->in.line;
	}
	csv_reset(rd);
}

/* Ends a CSV record at the end of input: an open quote makes it bad. */
static void
csv_end(struct rd *rd, size_t firstlen)
{
	if (csv_fini(&rd->csv, cb_field, cb_record, rd) != 0) {
		rec_setbad(&rd->in, "unterminated quoted field");
		csv_resume(rd, firstlen);
	}
	rd->csv_inrec = 0;
}

/*
 * Reads one CSV record into rd->in (names unset); 0 at end of input.
 * A record on one line without quotes keeps its text in rd->line only
 * (raw_line); one through libcsv gathers its lines in rd->in.raw.
 */
static int
csv_record(struct rd *rd)
{
	size_t n, used, body, firstlen = 0, nlines = 0;
	int started = 0;

	for (;;) {
		if (!read_line(rd)) {
			if (!started)
				return 0;
			csv_end(rd, firstlen);
			return 1;
		}
		n = (size_t)rd->linelen;
		if (!started) {
			body = chomp_len(rd->line, n);
			if (body == 0) {
				rd->need_hdr = rd->opts.nheader == 0;
				continue;
			}
			started = 1;
			rd->in.line = rd->lineno;
			if (fast_split(&rd->in, rd->line, body) == 0) {
				rd->raw_line = 1;
				return 1;
			}
			firstlen = n;
		}
		buf_add(&rd->in.raw, rd->line, n);
		nlines++;
		rd->csv_done = 0;
		used = csv_parse(&rd->csv, rd->line, n, cb_field, cb_record,
		    rd);
		if (used < n) {
			rec_setbad(&rd->in, "malformed quoted field");
			csv_resume(rd, firstlen);
			return 1;
		}
		if (rd->csv_done)
			return 1;
		if (n > 0 && rd->line[n - 1] != '\n') {
			/* The last line had no newline: end the record. */
			csv_end(rd, firstlen);
			return 1;
		}
		if (nlines == CSV_MAX_LINES || rd->in.raw.len >= CSV_MAX_BYTES) {
			if (nlines == CSV_MAX_LINES)
				rec_setbad(&rd->in, "unterminated quoted field "
				    "(not closed within %d lines)",
				    CSV_MAX_LINES);
			else
				rec_setbad(&rd->in, "unterminated quoted field "
				    "(not closed within 1 MiB)");
			csv_resume(rd, firstlen);
			return 1;
		}
	}
}

/* Undoes the escapes of a TSV value in place (the text only shrinks). */
static void
tsv_unescape(char *s)
{
	char *w;

	if ((s = w = strchr(s, '\\')) == NULL)
		return;
	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			*w++ = *s;
			continue;
		}
		switch (*++s) {
		case 't':
			*w++ = '\t';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case '\\':
			*w++ = '\\';
			break;
		default:
			*w++ = '\\';
			*w++ = *s;
			break;
		}
	}
	*w = '\0';
}

static int
tsv_record(struct rd *rd)
{
	size_t body, i;

	for (;;) {
		if (!read_line(rd))
			return 0;
		body = chomp_len(rd->line, (size_t)rd->linelen);
		if (body == 0) {
			rd->need_hdr = rd->opts.nheader == 0;
			continue;
		}
		break;
	}
	rd->in.line = rd->lineno;
	rd->raw_line = 1;
	rec_add_split(&rd->in, rd->line, body, '\t');
	if (memchr(rd->line, '\\', body) == NULL)
		return 1;
	if (body == 1)		/* a lone backslash: one empty field */
		rd->in.vals.p[rd->in.off[0]] = '\0';
	else
		for (i = 0; i < rd->in.n; i++)
			tsv_unescape(rd->in.vals.p + rd->in.off[i]);
	return 1;
}

/*
 * Appends to b the JSON text s with every integer of 19 characters or
 * more that is not in an array put in quotes, so that json-c reads it
 * as the string of its digits: a number keeps its text.
 */
static void
json_quote_bigints(struct buf *b, const char *s, size_t n)
{
	size_t i, j, depth = 0;
	int instr = 0, isint;

	for (i = 0; i < n; i++) {
		if (instr) {
			if (s[i] == '\\' && i + 1 < n)
				buf_addc(b, s[i++]);
			else if (s[i] == '"')
				instr = 0;
			buf_addc(b, s[i]);
			continue;
		}
		if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			for (j = i, isint = 1; j < n && (s[j] == '-' ||
			    s[j] == '+' || (s[j] >= '0' && s[j] <= '9') ||
			    s[j] == '.' || s[j] == 'e' || s[j] == 'E'); j++)
				if (s[j] == '.' || s[j] == 'e' || s[j] == 'E')
					isint = 0;
			if (isint && depth == 0 && j - i >= 19)
				buf_addc(b, '"');
			buf_add(b, s + i, j - i);
			if (isint && depth == 0 && j - i >= 19)
				buf_addc(b, '"');
			i = j - 1;
			continue;
		}
		if (s[i] == '"')
			instr = 1;
		else if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth > 0)
			depth--;
		buf_addc(b, s[i]);
	}
}

/* Flattens the top-level object o into the record, and frees o. */
static void
json_flatten_object(struct rd *rd, struct json_object *o)
{
	rd->jkey.len = 0;
	rd->jfound = json_to_rec(&rd->in, o, &rd->jkey);
	json_object_put(o);
}

static int
json_record(struct rd *rd)
{
	struct json_object *o;
	enum json_tokener_error e;
	size_t body, i;
	long d;

	for (;;) {
		if (!read_line(rd))
			return 0;
		body = chomp_len(rd->line, (size_t)rd->linelen);
		for (i = 0; i < body && (rd->line[i] == ' ' ||
		    rd->line[i] == '\t'); i++)
			;
		if (i < body)
			break;
	}
	rd->in.line = rd->lineno;
	rd->raw_line = 1;
	json_tokener_reset(rd->tok);
	o = json_tokener_parse_ex(rd->tok, rd->line, (int)body);
	e = json_tokener_get_error(rd->tok);
	if (o == NULL || e != json_tokener_success) {
		rec_setbad(&rd->in, "malformed JSON: %s",
		    e == json_tokener_continue ? "unexpected end of line" :
		    json_tokener_error_desc(e));
		json_object_put(o);
		return 1;
	}
	if ((size_t)json_tokener_get_parse_end(rd->tok) < body) {
		rec_setbad(&rd->in, "malformed JSON: text after the object");
		json_object_put(o);
		return 1;
	}
	if (!json_object_is_type(o, json_type_object)) {
		rec_setbad(&rd->in, "not a JSON object");
		json_object_put(o);
		return 1;
	}
	if (json_has_nul(rd->line, body)) {
		rec_setbad(&rd->in, "a string holds a NUL byte (\\u0000)");
		json_object_put(o);
		return 1;
	}
	json_flatten_object(rd, o);
	if ((rd->jfound & JF_BIGINT) && rd->in.bad == NULL) {
		/* Rare: integers beyond 64 bits keep their text. */
		rd->jline.len = 0;
		json_quote_bigints(&rd->jline, rd->line, body);
		rd->in.n = rd->in.vals.len = 0;
		json_tokener_reset(rd->tok);
		o = json_tokener_parse_ex(rd->tok, rd->jline.p,
		    (int)rd->jline.len);
		if (o == NULL || !json_object_is_type(o, json_type_object)) {
			rec_setbad(&rd->in, "malformed JSON");
			json_object_put(o);
			return 1;
		}
		json_flatten_object(rd, o);
		if ((rd->jfound & JF_BIGINT) && rd->in.bad == NULL)
			rec_setbad(&rd->in, "integer out of the 64-bit range");
	}
	/*
	 * Names are unique in an object, so only flattening can repeat
	 * one: {"a":{"b":1},"a.b":2}.
	 */
	if ((rd->jfound & JF_NESTED) && rd->in.bad == NULL &&
	    (d = names_dup(rd->in.name, rd->in.n)) >= 0)
		rec_setbad(&rd->in, "duplicate field '%s' after flattening",
		    rd->in.name[d]);
	return 1;
}

/* Gives the import the next line of the input; 0 when all is given. */
static int
import_feed(struct rd *rd)
{
	if (rd->imp_eof)
		return 0;
	if (!read_line(rd)) {
		imp_finish(rd->imp);
		rd->imp_eof = 1;
		return 1;
	}
	imp_feed(rd->imp, rd->line, chomp_len(rd->line, (size_t)rd->linelen),
	    rd->lineno);
	return 1;
}

/* Reads the next record of any format into rd->in; 0 at end of all. */
static int
read_record(struct rd *rd)
{
	struct rec *q;
	int got;

	for (;;) {
		if (rd->fp == NULL && !open_next(rd)) {
			if (rd->prog.on)	/* all is read */
				progress_end(&rd->prog);
			return 0;
		}
		rec_clear(&rd->in);
		rd->in.file = rd->fname;
		rd->raw_line = 0;
		if (rd->imp != NULL && (q = imp_next(rd->imp)) != NULL) {
			rec_copy(&rd->in, q);
			progress_add(&rd->prog, 1, 0);
			return 1;
		}
		if (rd->imp != NULL && rd->impfmt->rec == NULL) {
			if (!import_feed(rd))
				close_cur(rd);
			continue;
		}
		switch (rd->fmt) {
		case FMT_JSON:
			got = json_record(rd);
			break;
		case FMT_TSV:
			got = tsv_record(rd);
			break;
		default:
			got = csv_record(rd);
			break;
		}
		if (!got) {
			close_cur(rd);
			continue;
		}
		if (rd->fmt != FMT_JSON && rd->in.bad == NULL) {
			if (rd->need_hdr) {
				take_header(rd);
				continue;
			}
			name_fields(rd);
		}
		if (rd->imp != NULL && rd->in.bad == NULL) {
			imp_record(rd->imp, &rd->in);
			continue;
		}
		if (rd->in.bad != NULL)
			rd->in.n = rd->in.plain_n = 0;
		progress_add(&rd->prog, 1, 0);
		if (rd->imp != NULL) {
			/* A bad line of a tool's format is no record of ours. */
			rd->raw_line = 0;
			return 1;
		}
		if (rd->raw_line && (rd->in.bad != NULL || rd->opts.keep_raw))
			buf_add(&rd->in.raw, rd->line, (size_t)rd->linelen);
		return 1;
	}
}

/* The next metric of the wide record rd->in as a long record. */
static struct rec *
wide_next(struct rd *rd)
{
	const char *v;
	size_t i;

	while (rd->wide_next < rd->opts.nmetrics) {
		const char *m = rd->opts.metrics[rd->wide_next++];

		if ((v = rec_get(&rd->in, m)) == NULL || *v == '\0')
			continue;
		rec_clear(&rd->out);
		rd->out.file = rd->in.file;
		rd->out.line = rd->in.line;
		if (rd->in.raw.len > 0)
			buf_add(&rd->out.raw, rd->in.raw.p, rd->in.raw.len);
		for (i = 0; i < rd->in.n; i++)
			if (!is_metric_col(rd, rd->in.name[i]))
				rec_add(&rd->out, rd->in.name[i],
				    rec_val(&rd->in, i),
				    strlen(rec_val(&rd->in, i)),
				    rd->in.flags[i]);
		rec_add(&rd->out, n_metric, m, strlen(m), 0);
		rec_add(&rd->out, n_value, v, strlen(v), rd->in.flags[
		    rec_find(&rd->in, m)]);
		return &rd->out;
	}
	rd->wide_active = 0;
	return NULL;
}

struct rec *
rd_next(struct rd *rd)
{
	struct rec *r;
	size_t i;

	if (rd->par != NULL)
		return rdpar_next(rd->par);
	for (;;) {
		if (rd->wide_active && (r = wide_next(rd)) != NULL)
			return r;
		if (!read_record(rd))
			return NULL;
		if (rd->opts.nmetrics > 0 && rd->impfmt != NULL &&
		    rd->impfmt != &import_json_doc)
			rd_fatal(rd, PP_EXIT_DATA, 0, rd->fname, 0, "--metrics: "
			    "this input is %s, whose records are one metric "
			    "each already", rd->impfmt->what);
		if (rd->opts.nmetrics == 0 || rd->in.bad != NULL)
			return &rd->in;
		if (rd->fmt == FMT_JSON)
			check_wide(rd, rd->in.name, rd->in.n, rd->in.line);
		for (i = 0; i < rd->opts.nmetrics; i++)
			if (rec_find(&rd->in, rd->opts.metrics[i]) >= 0)
				break;
		if (i == rd->opts.nmetrics) {
			size_t len;

			rec_setbad(&rd->in,
			    "none of the --metrics columns is present");
			(void)rd_raw(rd, &len);
			return &rd->in;
		}
		rd->wide_active = 1;
		rd->wide_next = 0;
	}
}
