/*
 * Reading several inputs at once.  The inputs are cut into tasks: a
 * whole input, or, for a big file of JSON Lines, whose lines stand
 * alone, a range of RANGE_BYTES of its lines.  Up to jobs threads each
 * parse one task at a time into batches of records, and rd_next takes
 * the batches in the order of the tasks, so that a program sees the
 * same records in the same order, with the same line numbers, as when
 * it reads one input after another.
 *
 * Memory is bounded: a thread starts a task only within WINDOW tasks of
 * the one the program reads, and a task holds at most QUEUE_MAX batches
 * ahead of the program (a range, which is small, QUEUE_RANGE).  So
 * threads parse ranges of one file at once, but of other inputs only
 * the batches they may hold.  No deadlock: the task the program waits
 * for was started before any later one, so a thread parses it.
 *
 * What is fatal in an input (it cannot be opened or read, its header
 * names a field twice) ends its thread, and is said when the program
 * has taken the records before it, as one reader would have said it.
 * Another tool's format is parsed by one thread at a time, for the
 * importers keep names they intern in statics.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "rdpar.h"

#define BATCH_RECS	1024	/* records in a batch */
#define QUEUE_MAX	3	/* batches a whole input holds ahead */
#define QUEUE_RANGE	16	/* and a range: of 80-byte lines, all of it */
#define RANGE_BYTES	(1024 * 1024)
#define WINDOW(p)	((p)->nw + 1)

/* One record of a batch, and what rd_header and plain CSV need of it. */
struct slot {
	struct rec	 r;
	struct buf	 plain;		/* the text r.plain points to */
	size_t		 plain_n;
	size_t		 hdr;		/* its header: names[hdr ...] */
	size_t		 nhdr;
	int		 has_hdr;	/* CSV or TSV: rd_header is not NULL */
};

struct batch {
	struct batch	*next;
	struct slot	 s[BATCH_RECS];
	size_t		 n;
	const char	**names;	/* the headers of the slots, interned */
	size_t		 nnames, namescap;
	size_t		 last_hdr;	/* where the last header starts */
	int64_t		 bytes;		/* read for these records */
};

/* An input, or a range of one. */
struct task {
	size_t		 path;		/* its input: paths[path] */
	const char	*name;		/* as messages show it */
	off_t		 start, end;	/* a range, or 0 and -1 */
	dev_t		 dev;		/* a range's file, as planned */
	ino_t		 ino;
	off_t		 size;
	size_t		 qmax;		/* batches it may hold */
	struct batch	*head, *tail;	/* parsed, not yet taken */
	size_t		 nqueued;
	int		 fmt;		/* rd_format, once opened */
	int		 opened;
	int		 done;		/* all its batches are queued */
	unsigned long	 nlines;	/* then the lines it read */
	int		 failed;	/* or what is fatal: */
	struct rd_fail	 fail;
};

struct worker {
	struct rdpar	*p;
	pthread_t	 th;
	int		 started;
	size_t		 in;		/* the task it parses */
	struct rd	*rd;		/* its reader, NULL between inputs */
	struct batch	*b;		/* the batch it fills */
	int		 imp_locked;
};

struct rdpar {
	char *const	*paths;
	size_t		 npaths;
	struct rdopts	 o;
	struct progress	*prog;
	struct task	*in;
	size_t		 nin;
	struct worker	*w;
	size_t		 nw;

	pthread_mutex_t	 mu;		/* all below, and the inputs */
	pthread_cond_t	 more;		/* a batch queued, an input opened */
	pthread_cond_t	 room;		/* a batch taken, the window moved */
	int		 nwait_more;	/* threads waiting on each, for */
	int		 nwait_room;	/* a wakeup costs more than a test */
	pthread_mutex_t	 imp_mu;	/* another tool's format */
	size_t		 next_in;	/* the next task to start */
	size_t		 cur_in;	/* the task the program reads */
	int		 stop;
	struct batch	*free;		/* batches to reuse */

	/* The program's side. */
	struct batch	*cur;		/* the batch it takes records from */
	size_t		 pos;		/* the next slot of cur */
	struct slot	*last;		/* the slot last returned */
	unsigned long	 base;		/* lines of the ranges before cur_in */
};

static void
lock(struct rdpar *p)
{
	pthread_mutex_lock(&p->mu);
}

static void
unlock(struct rdpar *p)
{
	pthread_mutex_unlock(&p->mu);
}

/* Waits on c (more or room), p->mu held. */
static void
wait_on(struct rdpar *p, pthread_cond_t *c)
{
	int *n = c == &p->more ? &p->nwait_more : &p->nwait_room;

	(*n)++;
	pthread_cond_wait(c, &p->mu);
	(*n)--;
}

/* Wakes those waiting on c, p->mu held. */
static void
wake(struct rdpar *p, pthread_cond_t *c)
{
	if ((c == &p->more ? p->nwait_more : p->nwait_room) > 0)
		pthread_cond_broadcast(c);
}

/* A batch to fill, reused if one is free.  Under p->mu. */
static struct batch *
batch_get(struct rdpar *p)
{
	struct batch *b = p->free;
	size_t i;

	if (b != NULL) {
		p->free = b->next;
	} else {
		b = xcalloc(1, sizeof(*b));
		for (i = 0; i < BATCH_RECS; i++)
			rec_init(&b->s[i].r);
	}
	b->next = NULL;
	b->n = b->nnames = b->last_hdr = 0;
	b->bytes = 0;
	return b;
}

/* Under p->mu. */
static void
batch_put(struct rdpar *p, struct batch *b)
{
	b->next = p->free;
	p->free = b;
}

static void
batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < BATCH_RECS; i++) {
		rec_free(&b->s[i].r);
		buf_free(&b->s[i].plain);
	}
	free(b->names);
	free(b);
}

/* The header of a slot: the last one of the batch if it is the same. */
static void
slot_header(struct batch *b, struct slot *s, const char *const *h,
    size_t n)
{
	s->has_hdr = h != NULL;
	s->nhdr = n;
	if (h == NULL || n == 0) {
		s->hdr = 0;
		return;
	}
	if (b->nnames > 0 && b->nnames - b->last_hdr == n &&
	    memcmp(b->names + b->last_hdr, h, n * sizeof(*h)) == 0) {
		s->hdr = b->last_hdr;
		return;
	}
	if (b->nnames + n > b->namescap) {
		b->namescap = (b->nnames + n) * 2;
		b->names = xreallocarray(b->names, b->namescap,
		    sizeof(*b->names));
	}
	memcpy(b->names + b->nnames, h, n * sizeof(*h));
	s->hdr = b->last_hdr = b->nnames;
	b->nnames += n;
}

/* Copies the record r just read by rd into the batch. */
static void
batch_add(struct batch *b, struct rd *rd, const struct rec *r)
{
	struct slot *s = &b->s[b->n++];
	const char *const *h;
	size_t n;

	rec_copy(&s->r, r);
	s->plain_n = 0;
	if (r->plain_n > 0) {
		s->plain.len = 0;
		buf_add(&s->plain, r->plain, r->plain_len);
		s->plain_n = r->plain_n;
	}
	h = rd_header(rd, &n);
	slot_header(b, s, h, n);
}

static void
imp_lock(struct worker *w)
{
	pthread_mutex_lock(&w->p->imp_mu);
	w->imp_locked = 1;
}

static void
imp_unlock(struct worker *w)
{
	if (!w->imp_locked)
		return;
	w->imp_locked = 0;
	pthread_mutex_unlock(&w->p->imp_mu);
}

/*
 * Queues the worker's batch, last of its task if eof, once the task
 * has room; 0 (and the batch is free again) if the reading stops.
 */
static int
push(struct worker *w, int eof)
{
	struct rdpar *p = w->p;
	struct task *in = &p->in[w->in];
	struct batch *b = w->b;
	int go;

	w->b = NULL;
	lock(p);
	while (!p->stop && in->nqueued >= in->qmax)
		wait_on(p, &p->room);
	if (p->stop || b->n == 0) {
		batch_put(p, b);
	} else {
		if (in->tail != NULL)
			in->tail->next = b;
		else
			in->head = b;
		in->tail = b;
		in->nqueued++;
	}
	if (eof) {
		in->nlines = rd_lines(w->rd);
		in->done = 1;
	}
	wake(p, &p->more);
	go = !p->stop;
	unlock(p);
	return go;
}

/*
 * rd.c's fail hook: the records read so far go first, then what is
 * fatal, and the thread ends; its reader is closed by rdpar_close.
 */
static void __attribute__((noreturn))
fail(void *arg, const struct rd_fail *f)
{
	struct worker *w = arg;
	struct rdpar *p = w->p;
	struct task *in = &p->in[w->in];

	imp_unlock(w);
	if (w->b != NULL)
		(void)push(w, 0);
	lock(p);
	in->failed = 1;
	in->fail = *f;
	wake(p, &p->more);
	unlock(p);
	pthread_exit(NULL);
}

/*
 * A file read in ranges that is not the one planned, replaced or cut
 * short: ranges of two files would lose lines or read some twice.
 */
static void __attribute__((noreturn))
changed(struct worker *w, const struct task *in)
{
	struct rd_fail f;

	memset(&f, 0, sizeof(f));
	f.status = PP_EXIT_SYS;
	f.file = in->name;
	snprintf(f.msg, sizeof(f.msg), "the file changed while it was read "
	    "in ranges (-j): read it again, or with -j 1 (which reads it "
	    "from one open file)");
	fail(w, &f);
}

/* Parses task w->in into batches. */
static void
parse_input(struct worker *w)
{
	struct rdpar *p = w->p;
	struct task *in = &p->in[w->in];
	struct rec *r = NULL;
	int64_t seen = 0;
	int eof;

	imp_lock(w);	/* opening asks the importers whose format it is */
	rd_open_one(&w->rd, &p->paths[in->path], &p->o, fail, w, in->start,
	    in->end);
	imp_unlock(w);
	if ((in->start > 0 || in->end >= 0) &&
	    !rd_same_file(w->rd, in->dev, in->ino, in->size))
		changed(w, in);
	lock(p);
	in->fmt = rd_format(w->rd);
	in->opened = 1;
	wake(p, &p->more);
	w->b = batch_get(p);
	unlock(p);
	for (;;) {
		if (rd_importing(w->rd))
			imp_lock(w);
		eof = 0;
		while (w->b->n < BATCH_RECS && !eof)
			if ((r = rd_next(w->rd)) != NULL)
				batch_add(w->b, w->rd, r);
			else
				eof = 1;
		imp_unlock(w);
		w->b->bytes = rd_bytes(w->rd) - seen;
		seen += w->b->bytes;
		if (!push(w, eof) || eof)
			break;
		lock(p);
		w->b = batch_get(p);
		unlock(p);
	}
	rd_close(w->rd);
	w->rd = NULL;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct rdpar *p = w->p;

	for (;;) {
		lock(p);
		while (!p->stop && p->next_in < p->nin &&
		    p->next_in >= p->cur_in + WINDOW(p))
			wait_on(p, &p->room);
		if (p->stop || p->next_in >= p->nin) {
			unlock(p);
			return NULL;
		}
		w->in = p->next_in++;
		unlock(p);
		parse_input(w);
	}
}

/*
 * What is fatal in task in, said now, its line counted from the start
 * of its file; p->mu is held.
 */
static void __attribute__((noreturn))
die_of(struct rdpar *p, struct task *in)
{
	struct rd_fail f = in->fail;

	unlock(p);
	if (f.line > 0)
		f.line += p->base;
	rd_die(&f);
}

/* Whether the one input paths[0] is split into ranges. */
static int
splits(char *const *paths, const struct rdopts *o)
{
	struct stat st;

	return strcmp(paths[0], "-") != 0 && stat(paths[0], &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size >= 2 * RANGE_BYTES &&
	    rd_jsonl(paths, o);
}

/* Adds the tasks of input i: itself, or its ranges. */
static void
add_tasks(struct rdpar *p, size_t i)
{
	struct stat st;
	off_t at, size = 0;
	struct task *t;

	memset(&st, 0, sizeof(st));

	if (strcmp(p->paths[i], "-") != 0 && stat(p->paths[i], &st) == 0 &&
	    S_ISREG(st.st_mode))
		size = st.st_size;
	at = 0;
	/* Whole: small, not a regular file, or not JSON Lines. */
	do {
		p->in = xreallocarray(p->in, p->nin + 1, sizeof(*p->in));
		t = &p->in[p->nin++];
		memset(t, 0, sizeof(*t));
		t->path = i;
		t->name = strcmp(p->paths[i], "-") == 0 ? "<stdin>" :
		    p->paths[i];
		t->start = at;
		t->end = -1;
		t->dev = st.st_dev;
		t->ino = st.st_ino;
		t->size = size;
		t->qmax = QUEUE_MAX;
		if (at == 0 && !splits(&p->paths[i], &p->o))
			break;
		t->qmax = QUEUE_RANGE;
		if (size - at >= 2 * RANGE_BYTES)
			t->end = at + RANGE_BYTES;
		at = t->end;
	} while (at >= 0);
}

int
rdpar_wanted(char *const *paths, size_t npaths, const struct rdopts *o)
{
	size_t i, nstdin = 0;

	if (o->jobs < 2 || npaths == 0)
		return 0;
	for (i = 0; i < npaths; i++)
		if (strcmp(paths[i], "-") == 0)
			nstdin++;
	return nstdin < 2 && (npaths > 1 || splits(paths, o));
}

struct rdpar *
rdpar_open(char *const *paths, size_t npaths, const struct rdopts *o,
    struct progress *prog)
{
	struct rdpar *p = xcalloc(1, sizeof(*p));
	size_t i;
	int e;

	p->paths = paths;
	p->npaths = npaths;
	p->o = *o;
	p->prog = prog;
	for (i = 0; i < npaths; i++)
		add_tasks(p, i);
	p->nw = (size_t)o->jobs < p->nin ? (size_t)o->jobs : p->nin;
	p->w = xcalloc(p->nw, sizeof(*p->w));
	pthread_mutex_init(&p->mu, NULL);
	pthread_mutex_init(&p->imp_mu, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->room, NULL);
	for (i = 0; i < p->nw; i++) {
		p->w[i].p = p;
		if ((e = pthread_create(&p->w[i].th, NULL, work,
		    &p->w[i])) != 0) {
			if (i == 0) {
				errno = e;
				pp_die_errno(PP_EXIT_SYS, "cannot start a "
				    "thread");
			}
			break;	/* fewer threads do as well */
		}
		p->w[i].started = 1;
	}
	progress_input(prog, p->in[0].name);
	lock(p);
	while (!p->in[0].opened && !p->in[0].failed)
		wait_on(p, &p->more);
	if (!p->in[0].opened)
		die_of(p, &p->in[0]);
	unlock(p);
	return p;
}

int
rdpar_format(const struct rdpar *p)
{
	return p->in[0].fmt;
}

/* Takes the next batch into p->cur; 0 after the last task. */
static int
take_batch(struct rdpar *p)
{
	struct task *in;

	lock(p);
	if (p->cur != NULL)
		batch_put(p, p->cur);
	p->cur = NULL;
	p->last = NULL;
	while (p->cur_in < p->nin) {
		in = &p->in[p->cur_in];
		if (in->head != NULL) {
			p->cur = in->head;
			if ((in->head = p->cur->next) == NULL)
				in->tail = NULL;
			in->nqueued--;
			wake(p, &p->room);
			unlock(p);
			p->pos = 0;
			progress_add(p->prog, 0, (size_t)p->cur->bytes);
			return 1;
		}
		if (in->failed)
			die_of(p, in);
		if (in->done) {
			p->base += in->nlines;
			if (++p->cur_in < p->nin &&
			    p->in[p->cur_in].path != in->path) {
				p->base = 0;
				progress_input(p->prog, p->in[p->cur_in].name);
			}
			wake(p, &p->room);
			continue;
		}
		wait_on(p, &p->more);
	}
	unlock(p);
	return 0;
}

struct rec *
rdpar_next(struct rdpar *p)
{
	struct slot *s;

	for (;;) {
		if (p->cur != NULL && p->pos < p->cur->n) {
			s = &p->cur->s[p->pos++];
			if (s->plain_n > 0) {
				s->r.plain = s->plain.p;
				s->r.plain_len = s->plain.len;
				s->r.plain_n = s->plain_n;
			}
			s->r.line += p->base;
			p->last = s;
			progress_add(p->prog, 1, 0);
			return &s->r;
		}
		if (!take_batch(p)) {
			if (p->prog->on)
				progress_end(p->prog);
			return NULL;
		}
	}
}

const char *
rdpar_raw(struct rdpar *p, size_t *len)
{
	if (p->last == NULL) {
		*len = 0;
		return "";
	}
	*len = p->last->r.raw.len;
	return p->last->r.raw.p;
}

const char *
rdpar_file(const struct rdpar *p)
{
	return p->in[p->cur_in < p->nin ? p->cur_in : p->nin - 1].name;
}

const char *const *
rdpar_header(const struct rdpar *p, size_t *n)
{
	if (p->last == NULL || !p->last->has_hdr) {
		*n = 0;
		return NULL;
	}
	*n = p->last->nhdr;
	return p->cur->names + p->last->hdr;
}

void
rdpar_close(struct rdpar *p)
{
	struct batch *b;
	size_t i;

	if (p == NULL)
		return;
	lock(p);
	p->stop = 1;
	wake(p, &p->room);
	wake(p, &p->more);
	unlock(p);
	for (i = 0; i < p->nw; i++) {
		if (!p->w[i].started)
			continue;
		pthread_join(p->w[i].th, NULL);
		rd_close(p->w[i].rd);	/* of an input that failed */
		if (p->w[i].b != NULL)
			batch_free(p->w[i].b);
	}
	for (i = 0; i < p->nin; i++)
		while ((b = p->in[i].head) != NULL) {
			p->in[i].head = b->next;
			batch_free(b);
		}
	while ((b = p->free) != NULL) {
		p->free = b->next;
		batch_free(b);
	}
	if (p->cur != NULL)
		batch_free(p->cur);
	pthread_mutex_destroy(&p->mu);
	pthread_mutex_destroy(&p->imp_mu);
	pthread_cond_destroy(&p->more);
	pthread_cond_destroy(&p->room);
	free(p->in);
	free(p->w);
	free(p);
}
