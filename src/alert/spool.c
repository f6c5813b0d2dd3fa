/*
 * pp-alert's delivery: a message sent (paced for Slack) or kept in the
 * spool, the spool sent again first the next run, and the log of it all.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "diag.h"
#include "state.h"
#include "units.h"

static void
log_delivery(struct alert_run *a, const char *receiver, const char *status,
    size_t alerts, const struct delivery *d)
{
	struct rec *r = &a->r;
	char ts[PP_TIME_LEN], num[32];

	rec_clear(r);
	time_format(time_now(), ts);
	rec_add(r, interns("ts"), ts, strlen(ts), 0);
	rec_add(r, interns("receiver"), receiver, strlen(receiver), 0);
	rec_add(r, interns("status"), status, strlen(status), 0);
	snprintf(num, sizeof(num), "%zu", alerts);
	rec_add(r, interns("alerts"), num, strlen(num), 0);
	num[0] = '\0';
	if (d != NULL && d->http_status > 0)
		snprintf(num, sizeof(num), "%ld", d->http_status);
	rec_add(r, interns("http_status"), num, strlen(num), 0);
	snprintf(num, sizeof(num), "%d", d != NULL ? d->attempts : 0);
	rec_add(r, interns("attempts"), num, strlen(num), 0);
	rec_add(r, interns("error"), d != NULL ? d->error : "",
	    d != NULL ? strlen(d->error) : 0, 0);
	wr_record(a->log, r);
}

/* Keeps a message that could not be sent, to be sent first next time. */
static void
spool_write(struct alert_run *a, const struct message *m)
{
	struct buf b = BUF_INIT;
	char *path;

	buf_printf(&b, "pp-alert spool 1\nreceiver %s\nkind %d\ntarget %s\n"
	    "alerts %zu\n\n", m->rcv->name, m->rcv->kind, m->rcv->target,
	    m->alerts);
	buf_add(&b, m->body.p, m->body.len);
	path = xasprintf("%s/%lld-%ld-%lu.msg", a->spool,
	    (long long)time_now(), (long)getpid(), a->spooled++);
	file_replace(path, b.p, b.len, 0600);
	free(path);
	buf_free(&b);
}

static void
slack_pace(struct alert_run *a)
{
	struct timespec now, ts;
	double t, wait;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	wait = a->last_slack + 1 - t;
	if (a->last_slack > 0 && wait > 0) {
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - floor(wait)) * 1e9);
		nanosleep(&ts, NULL);
		t += wait;
	}
	a->last_slack = t;
}

/*
 * Sends a message; spools it if that fails.  1 if it was delivered.
 * Delivered or spooled, the alerts of recs (none for a message of the
 * spool) count as sent, and are saved before the log says so.
 */
int
send_message(struct alert_run *a, const struct message *m, int from_spool,
    const struct rec *recs)
{
	struct delivery d;

	if (a->dry_run) {
		printf("# %s (%s): %zu alert%s\n", m->rcv->name,
		    m->rcv->target, m->alerts, m->alerts == 1 ? "" : "s");
		fwrite(m->body.p, 1, m->body.len, stdout);
		if (m->body.len == 0 || m->body.p[m->body.len - 1] != '\n')
			putchar('\n');
		return 1;
	}
	if (m->rcv->kind == R_SLACK)
		slack_pace(a);
	deliver(m, a->retries, a->timeout, a->backoff, a->sendmail, &d);
	if (d.ok) {
		state_record(a, m->rcv, recs, m->alerts);
		log_delivery(a, m->rcv->name, from_spool ? "sent_from_spool" :
		    "sent", m->alerts, &d);
		return 1;
	}
	pp_posmsg(NULL, 0, 0, "%s: not delivered: %s", m->rcv->name,
	    d.error);
	a->failed = 1;
	if (a->spool != NULL && !from_spool) {
		/* the spool, not a new copy, will deliver it */
		spool_write(a, m);
		state_record(a, m->rcv, recs, m->alerts);
		log_delivery(a, m->rcv->name, "spooled", m->alerts, &d);
	} else
		log_delivery(a, m->rcv->name, "failed", m->alerts, &d);
	return 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * Creates the spool, or checks the one there is: its files say what is
 * sent where, so it must be the user's own and closed to everyone else.
 */
void
spool_check(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		pp_die_errno(PP_EXIT_SYS, "%s", dir);
	if (stat(dir, &st) != 0)
		pp_die_errno(PP_EXIT_SYS, "%s", dir);
	if (!S_ISDIR(st.st_mode))
		pp_die(PP_EXIT_DATA, "%s: the spool is not a directory", dir);
	if (st.st_uid != geteuid())
		pp_die(PP_EXIT_DATA, "%s: the spool directory is owned by uid "
		    "%ld, not by this user: give a directory of your own",
		    dir, (long)st.st_uid);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		pp_die(PP_EXIT_DATA, "%s: the spool directory is writable by "
		    "group or others: chmod 700 it", dir);
}

/* The names of the spooled messages in dir, sorted: oldest first. */
static char **
spool_list(const char *dir, size_t *np)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", dir);
	while ((de = readdir(d)) != NULL)
		if (strlen(de->d_name) > 4 && strcmp(de->d_name +
		    strlen(de->d_name) - 4, ".msg") == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	*np = n;
	return names;
}

/*
 * Reads the header lines of a spooled message (text, cut up) into rcv
 * and m, and finds today's receiver of its name.  1 if it can be sent.
 * A command is never taken from a file: a message for an exec receiver
 * goes to today's receiver of that name, or stays in the spool.
 */
static int
spool_resolve(const struct alert_run *a, const char *path, char *text,
    struct receiver *rcv, struct message *m)
{
	const char *kind;
	char *p;
	size_t k;
	long kn;
	int ready;

	kind = NULL;
	for (p = strtok(text, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		if (strncmp(p, "receiver ", 9) == 0)
			rcv->name = p + 9;
		else if (strncmp(p, "kind ", 5) == 0)
			kind = p + 5;
		else if (strncmp(p, "target ", 7) == 0)
			rcv->target = p + 7;
		else if (strncmp(p, "alerts ", 7) == 0)
			m->alerts = (size_t)atol(p + 7);
	}
	ready = 0;
	if (kind == NULL || rcv->name == NULL)
		pp_warn("%s: not a spooled message: left alone", path);
	else if (parse_long(kind, R_WEBHOOK, R_EXEC, &kn) != 0)
		pp_warn("%s: unknown kind '%s': left alone", path, kind);
	else {
		rcv->kind = (int)kn;
		if (rcv->kind == R_EXEC)
			rcv->target = NULL;	/* never a command of a file */
		/* today's target and headers for a receiver of that name */
		for (k = 0; k < a->nrcv; k++)
			if (strcmp(a->rcv[k].name, rcv->name) == 0 &&
			    a->rcv[k].kind == rcv->kind) {
				rcv->target = a->rcv[k].target;
				rcv->headers = a->rcv[k].headers;
				rcv->nheaders = a->rcv[k].nheaders;
			}
		if (rcv->target != NULL)
			ready = 1;
		else if (rcv->kind == R_EXEC)
			pp_warn("%s: no exec receiver '%s' in this run: "
			    "kept in the spool", path, rcv->name);
		else
			pp_warn("%s: not a spooled message: left alone",
			    path);
	}
	return ready;
}

/* Sends one spooled message; removes its file once it is delivered. */
static void
spool_send(struct alert_run *a, const char *path)
{
	struct receiver rcv;
	struct message m;
	char *text, *body;
	long size;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return;
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	text = xcalloc((size_t)size + 1, 1);
	if (fread(text, 1, (size_t)size, fp) != (size_t)size)
		size = 0;
	fclose(fp);
	memset(&rcv, 0, sizeof(rcv));
	memset(&m, 0, sizeof(m));
	body = strstr(text, "\n\n");
	if (strncmp(text, "pp-alert spool 1\n", 17) != 0 ||
	    body == NULL) {
		pp_warn("%s: not a spooled message: left alone", path);
		free(text);
		return;
	}
	*body = '\0';
	body += 2;
	if (spool_resolve(a, path, text, &rcv, &m)) {
		m.rcv = &rcv;
		buf_adds(&m.body, body);
		m.group = (char *)"";
		if (send_message(a, &m, 1, NULL) && !a->dry_run)
			unlink(path);
		buf_free(&m.body);
	}
	free(text);
}

void
spool_flush(struct alert_run *a)
{
	char **names, *path;
	size_t n, i;

	if (a->spool == NULL)
		return;
	/* one run at a time sends the spool: the others wait */
	path = xasprintf("%s/.lock", a->spool);
	if (open_locked(path, O_RDWR | O_CREAT) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	free(path);
	names = spool_list(a->spool, &n);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", a->spool, names[i]);
		spool_send(a, path);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
