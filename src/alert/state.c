/*
 * pp-alert's state: what was sent to which receiver when, kept in a
 * locked file so that an alert is sent again only after its interval.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "state.h"

static void
state_load(struct alert_run *a)
{
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	long long t;

	if (a->state == NULL || (fp = fopen(a->state, "r")) == NULL)
		return;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((tab = strrchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		t = strtoll(tab + 1, NULL, 10);
		hmap_put(&a->sent, line, strlen(line))->val =
		    (void *)(intptr_t)t;
	}
	free(line);
	fclose(fp);
}

/*
 * Writes what was sent recently: a temporary file, fsync, rename.  The
 * signals that stop a run wait until it is done, so that no temporary
 * file is left behind.
 */
static void
state_save(struct alert_run *a)
{
	struct buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < a->sent.n; i++) {
		long long t = (long long)(intptr_t)a->sent.ent[i].val;

		if (time_sec(a->start - t) >= a->repeat)
			continue;	/* past its interval: forgotten */
		buf_printf(&out, "%s\t%lld\n", a->sent.ent[i].key, t);
	}
	statefile_replace(a->state, &out);
	buf_free(&out);
}

/*
 * Counts the alerts of a message as sent to its receiver, and saves the
 * state at once: a run stopped later, by a signal too, sends them again
 * to no receiver that has them.
 */
void
state_record(struct alert_run *a, const struct receiver *rcv,
    const struct rec *recs, size_t n)
{
	struct buf key = BUF_INIT;
	char fp[17];
	size_t i;

	if (a->state == NULL || recs == NULL)
		return;
	for (i = 0; i < n; i++) {
		fingerprint(a, &recs[i], fp);
		key.len = 0;
		buf_printf(&key, "%s\037%s", rcv->name, fp);
		hmap_put(&a->sent, key.p, key.len)->val =
		    (void *)(intptr_t)a->start;
	}
	buf_free(&key);
	if (a->saves)
		state_save(a);
}

static struct alert_run *saving;

static void
save_at_exit(void)
{
	struct alert_run *a = saving;

	saving = NULL;		/* once, even if saving fails */
	if (a != NULL)
		state_save(a);
}

int
state_open(struct alert_run *a)
{
	int lockfd = -1;

	/* The state, under its lock for the whole run. */
	if (a->state != NULL && !a->dry_run) {
		lockfd = statefile_lock(a->state);
		state_load(a);
		/* what was sent is saved even if the run ends on an error */
		a->saves = 1;
		saving = a;
		atexit(save_at_exit);
	}
	return lockfd;
}

void
state_close(struct alert_run *a, int lockfd)
{
	if (lockfd >= 0) {
		saving = NULL;
		state_save(a);
		close(lockfd);
	}
}
