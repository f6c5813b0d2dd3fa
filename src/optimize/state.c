/*
 * The --state file: each finding's status across runs (new, open,
 * applied, rejected, resolved), read, updated and replaced under a lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "rd.h"
#include "rec.h"
#include "state.h"
#include "wr.h"

static const char *n_id, *n_type, *n_target, *n_status, *n_first, *n_last;

static const char *
rec_str(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name);

	return v != NULL ? v : "";
}

static void
sentry_free(struct sentry *e)
{
	if (e == NULL)
		return;
	free(e->type);
	free(e->target);
	free(e->status);
	free(e->first);
	free(e->last);
	free(e);
}

/* Reads the state file (which may be empty) into id -> sentry. */
void
state_load(const char *path, struct hmap *st)
{
	char *paths[1];
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct sentry *e;
	struct hmap_entry *h;
	const char *id;

	n_id = interns("id");
	n_type = interns("type");
	n_target = interns("target");
	n_status = interns("status");
	n_first = interns("first_seen");
	n_last = interns("last_seen");
	memset(&ro, 0, sizeof(ro));
	ro.fmt = FMT_CSV;
	paths[0] = (char *)path;
	rd = rd_open(paths, 1, &ro);
	/* anything but a state file is left as it is: exit 3 */
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL)
			pp_die(PP_EXIT_DATA, "%s:%lu: %s: not a state file of "
			    "pp-optimize; it is left as it is", path, r->line,
			    r->bad);
		if ((id = rec_get(r, n_id)) == NULL || *id == '\0' ||
		    rec_get(r, n_status) == NULL)
			pp_die(PP_EXIT_DATA, "%s:%lu: no id or status: not a "
			    "state file of pp-optimize; it is left as it is",
			    path, r->line);
		h = hmap_put(st, id, strlen(id));
		/* an id twice: the last wins */
		sentry_free(h->val);
		e = xcalloc(1, sizeof(*e));
		e->type = xstrdup(rec_str(r, n_type));
		e->target = xstrdup(rec_str(r, n_target));
		e->status = xstrdup(rec_str(r, n_status));
		e->first = xstrdup(rec_str(r, n_first));
		e->last = xstrdup(rec_str(r, n_last));
		h->val = e;
	}
	rd_close(rd);
}

void
state_save(const char *path, const struct hmap *st)
{
	struct buf out = BUF_INIT;
	struct rec r;
	size_t i;

	rec_init(&r);
	for (i = 0; i < st->n; i++) {
		const struct sentry *e = st->ent[i].val;

		rec_clear(&r);
		rec_set(&r, n_id, st->ent[i].key);
		rec_set(&r, n_type, e->type);
		rec_set(&r, n_target, e->target);
		rec_set(&r, n_status, e->status);
		rec_set(&r, n_first, e->first);
		rec_set(&r, n_last, e->last);
		if (i == 0)
			wr_format_header(FMT_CSV, &r, &out);
		wr_format_record(FMT_CSV, &r, &out);
	}
	statefile_replace(path, &out);
	rec_free(&r);
	buf_free(&out);
}

void
state_free(struct hmap *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		sentry_free(st->ent[i].val);
	hmap_free(st);
}

void
state_set_str(char **p, const char *v)
{
	free(*p);
	*p = xstrdup(v);
}

/*
 * The status of a finding seen now: new the first time, applied and
 * rejected as the user said, open otherwise.
 */
const char *
state_see(struct hmap *st, const char *id, const char *type,
    const char *target, const char *now)
{
	struct hmap_entry *h = hmap_put(st, id, strlen(id));
	struct sentry *e = h->val;

	if (e == NULL) {
		e = h->val = xcalloc(1, sizeof(*e));
		e->type = xstrdup(type);
		e->target = xstrdup(target);
		e->status = xstrdup("new");
		e->first = xstrdup(now);
		e->last = xstrdup(now);
		e->seen = 1;
		return e->status;
	}
	if (strcmp(e->status, "applied") != 0 &&
	    strcmp(e->status, "rejected") != 0)
		state_set_str(&e->status, "open");
	state_set_str(&e->last, now);
	e->seen = 1;
	return e->status;
}

/* The status command. */
int
state_set_status(const char *state, char **args, size_t nargs)
{
	struct hmap st;
	struct hmap_entry *h;
	int fd;

	if (state == NULL)
		pp_usage_error("status: give the state file with --state");
	if (nargs != 2)
		pp_usage_error("status: give a finding's id and one of "
		    "applied, rejected or open");
	if (strcmp(args[1], "applied") != 0 &&
	    strcmp(args[1], "rejected") != 0 && strcmp(args[1], "open") != 0)
		pp_usage_error("status: '%s' is not applied, rejected or "
		    "open", args[1]);
	if ((fd = open_locked(state, O_RDWR)) < 0 && errno == ENOENT)
		pp_die(PP_EXIT_DATA, "status: %s does not exist: a run with "
		    "--state %s makes it", state, state);
	if (fd < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", state);
	hmap_init(&st);
	state_load(state, &st);
	if ((h = hmap_get(&st, args[0], strlen(args[0]))) == NULL)
		pp_die(PP_EXIT_DATA, "status: no finding %s in %s", args[0],
		    state);
	state_set_str(&((struct sentry *)h->val)->status, args[1]);
	state_save(state, &st);
	state_free(&st);
	close(fd);
	return PP_EXIT_OK;
}
