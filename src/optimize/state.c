/*
 * The --state file: each finding's status across runs (new, open,
 * applied, rejected, kept, rolled_back, resolved), why, and the effect a
 * try measured; read, updated and replaced under a lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "diag.h"
#include "hmap.h"
#include "optimize.h"
#include "rd.h"
#include "rec.h"
#include "state.h"
#include "units.h"
#include "wr.h"

static const char *n_id, *n_type, *n_target, *n_status, *n_first, *n_last;
/* the columns after last_seen, in the order of enum sx */
static const char *const sx_names[SX_N] = {
	"reason", "changed", "diff_s", "diff_lo_s", "diff_hi_s", "p_value"
};
static const char *n_sx[SX_N];

static const char *
rec_str(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name);

	return v != NULL ? v : "";
}

static void
sentry_free(struct sentry *e)
{
	size_t k;

	if (e == NULL)
		return;
	free(e->type);
	free(e->target);
	free(e->status);
	free(e->first);
	free(e->last);
	for (k = 0; k < SX_N; k++)
		free(e->x[k]);
	free(e);
}

/* A new entry with every column empty. */
static struct sentry *
sentry_new(void)
{
	struct sentry *e = xcalloc(1, sizeof(*e));
	size_t k;

	e->type = xstrdup("");
	e->target = xstrdup("");
	e->status = xstrdup("");
	e->first = xstrdup("");
	e->last = xstrdup("");
	for (k = 0; k < SX_N; k++)
		e->x[k] = xstrdup("");
	return e;
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
	size_t k;

	n_id = interns("id");
	n_type = interns("type");
	n_target = interns("target");
	n_status = interns("status");
	n_first = interns("first_seen");
	n_last = interns("last_seen");
	for (k = 0; k < SX_N; k++)
		n_sx[k] = interns(sx_names[k]);
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
		e = sentry_new();
		state_set_str(&e->type, rec_str(r, n_type));
		state_set_str(&e->target, rec_str(r, n_target));
		state_set_str(&e->status, rec_str(r, n_status));
		state_set_str(&e->first, rec_str(r, n_first));
		state_set_str(&e->last, rec_str(r, n_last));
		/* files of earlier versions have none of these */
		for (k = 0; k < SX_N; k++)
			state_set_str(&e->x[k], rec_str(r, n_sx[k]));
		h->val = e;
	}
	rd_close(rd);
}

void
state_save(const char *path, const struct hmap *st)
{
	struct buf out = BUF_INIT;
	struct rec r;
	size_t i, k;

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
		for (k = 0; k < SX_N; k++)
			rec_set(&r, n_sx[k], e->x[k]);
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
		e = h->val = sentry_new();
		state_set_str(&e->type, type);
		state_set_str(&e->target, target);
		state_set_str(&e->status, "new");
		state_set_str(&e->first, now);
		state_set_str(&e->last, now);
		e->seen = 1;
		return e->status;
	}
	if (!state_decided(e->status))
		state_set_str(&e->status, "open");
	state_set_str(&e->last, now);
	e->seen = 1;
	return e->status;
}

/* Whether a status was given by the user or a try, and stays. */
int
state_decided(const char *status)
{
	return strcmp(status, "applied") == 0 ||
	    strcmp(status, "rejected") == 0 || strcmp(status, "kept") == 0 ||
	    strcmp(status, "rolled_back") == 0 ||
	    strcmp(status, "rollback_failed") == 0;
}

int
state_open(const char *state, const char *cmd, struct hmap *st)
{
	int fd;

	if ((fd = open_locked(state, O_RDWR)) < 0 && errno == ENOENT)
		pp_die(PP_EXIT_DATA, "%s: %s does not exist: a run with "
		    "--state %s makes it", cmd, state, state);
	if (fd < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", state);
	hmap_init(st);
	state_load(state, st);
	return fd;
}

struct sentry *
state_find(struct hmap *st, const char *state, const char *cmd,
    const char *id)
{
	struct hmap_entry *h;

	if ((h = hmap_get(st, id, strlen(id))) == NULL)
		pp_die(PP_EXIT_DATA, "%s: no finding %s in %s", cmd, id,
		    state);
	return h->val;
}

/* The status command. */
int
state_set_status(const char *state, char **args, size_t nargs,
    const char *reason)
{
	struct hmap st;
	struct sentry *e;
	char now[PP_TIME_LEN];
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
	fd = state_open(state, "status", &st);
	e = state_find(&st, state, "status", args[0]);
	state_set_str(&e->status, args[1]);
	/* the reason is that of this status; a try's effect stays */
	state_set_str(&e->x[SX_REASON], reason != NULL ? reason : "");
	state_set_str(&e->x[SX_CHANGED], time_format(time_now(), now));
	state_save(state, &st);
	state_free(&st);
	close(fd);
	return PP_EXIT_OK;
}
