/*
 * pp-alert: deliver records as alerts (webhook in Alertmanager's format,
 * Slack, email, a command), grouped, deduplicated across runs, retried,
 * and spooled so that nothing is lost when a receiver is down.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "alert.h"
#include "conf.h"
#include "diag.h"
#include "state.h"
#include "hmap.h"
#include "metric.h"
#include "rd.h"
#include "wr.h"

enum {
	OPT_WEBHOOK = OPT_LOCAL, OPT_SLACK, OPT_EMAIL, OPT_EXEC, OPT_DEDUP_KEY,
	OPT_REPEAT_INTERVAL, OPT_STATE, OPT_SPOOL, OPT_DRY_RUN, OPT_RETRIES,
	OPT_TIMEOUT, OPT_BACKOFF, OPT_SENDMAIL, OPT_SUBJECT, OPT_HEADER_ENV
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "webhook",		required_argument,	NULL, OPT_WEBHOOK },
	{ "slack",		required_argument,	NULL, OPT_SLACK },
	{ "email",		required_argument,	NULL, OPT_EMAIL },
	{ "exec",		required_argument,	NULL, OPT_EXEC },
	{ "dedup-key",		required_argument,	NULL, OPT_DEDUP_KEY },
	{ "repeat-interval",	required_argument,	NULL, OPT_REPEAT_INTERVAL },
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "spool",		required_argument,	NULL, OPT_SPOOL },
	{ "dry-run",		no_argument,		NULL, OPT_DRY_RUN },
	{ "retries",		required_argument,	NULL, OPT_RETRIES },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "backoff",		required_argument,	NULL, OPT_BACKOFF },
	{ "sendmail",		required_argument,	NULL, OPT_SENDMAIL },
	{ "subject",		required_argument,	NULL, OPT_SUBJECT },
	{ "header-env",		required_argument,	NULL, OPT_HEADER_ENV },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-alert [options] [--webhook URL] [--slack URL] [--email ADDR]\n"
"                [--exec CMD] [-g FIELDS] [--dedup-key FIELDS]\n"
"                [--repeat-interval D] [--state FILE] [--spool DIR]\n"
"                [--dry-run] [FILE...]\n"
"\n"
"Deliver records as alerts: anomalies, violations, change points,\n"
"findings.  Receivers and routes may also come from the alerts: section.\n"
"\n"
"Receivers:\n"
"      --webhook URL        POST Alertmanager's webhook payload (version 4)\n"
"      --slack URL          a Slack incoming-webhook message, 1 a second\n"
"      --email ADDR         a plain-text mail through sendmail -t -i\n"
"      --exec CMD           the records on CMD's standard input (sh -c)\n"
"      --header-env H=VAR   a webhook header whose value is $VAR\n"
"      --subject TEMPLATE   the mail subject; {{field}} is a field's value\n"
"      --sendmail PATH      (default /usr/sbin/sendmail)\n"
"Grouping and deduplication:\n"
"  -g, --group-by FIELDS    one message per group of these values\n"
"      --dedup-key FIELDS   what makes two alerts the same (default: every\n"
"                           field but the time and the measured values)\n"
"      --repeat-interval D  send the same alert again after D (default 4h)\n"
"      --state FILE         what was sent when (needed for dedup)\n"
"Delivery:\n"
"      --retries N          after a timeout, connection error or 5xx (3)\n"
"      --timeout D          of one attempt (default 10s)\n"
"      --backoff D          the first wait between attempts (500ms)\n"
"      --spool DIR          keep what could not be sent; sent first next run\n"
"      --dry-run            print the payloads instead of sending them\n"
"\n"
"%s"
"\n"
"See pp-alert(1) and pp-config(5).\n", pp_common_help);
}

struct route {
	struct matcher	*m;
	size_t		 nm;
	size_t		 receiver;
	int		 cont;
};

struct alert_run {
	struct pp_common c;
	struct receiver	*rcv;
	size_t		 nrcv;
	struct route	*routes;
	size_t		 nroutes;
	const char	**dedup;
	size_t		 ndedup;
	double		 repeat;
	const char	*state, *spool, *sendmail, *subject;
	int		 dry_run, retries;
	double		 timeout, backoff;
	struct header	*hdrs;		/* --header-env, for --webhook */
	size_t		 nhdrs;
	int		 in_fmt;
	struct wr	*log;
	struct rec	 r;
	int		 failed;
	double		 last_slack;
	struct hmap	 sent;		/* receiver + fingerprint -> time */
	pp_time		 start;		/* of the run: the time of what it sends */
	int		 saves;		/* the state is saved after each message */
	unsigned long	 spooled;
};

static const char *time_field;	/* --time-field, interned */

static int
is_time_field(const char *name)
{
	return name == time_field || strcmp(name, "ts") == 0 ||
	    strcmp(name, "timestamp") == 0 || strcmp(name, "time") == 0 ||
	    strcmp(name, "@timestamp") == 0;
}

/* Fields of measured values: not labels, not part of the dedup key. */
static int
is_value_field(const char *name)
{
	static const char *const v[] = { "ts", "timestamp", "time",
	    "@timestamp", "value", "zscore", "baseline", "observed",
	    "over_pct", "score", "p_value", "statistic", "n", "change_pct",
	    "before", "after", "limit", "lo", "hi", "savings", "cost", NULL };
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(name, v[i]) == 0)
			return 1;
	return 0;
}

/* The alert's identity: FNV-1a 64 of its dedup fields, in hex. */
static void
fingerprint(const struct alert_run *a, const struct rec *r, char out[17])
{
	struct buf k = BUF_INIT;
	size_t i;

	if (a->ndedup > 0) {
		for (i = 0; i < a->ndedup; i++) {
			const char *v = rec_get(r, a->dedup[i]);

			buf_printf(&k, "%s=%s\037", a->dedup[i], v ? v : "");
		}
	} else
		for (i = 0; i < r->n; i++)
			if (!is_value_field(r->name[i]) &&
			    !is_time_field(r->name[i]) &&
			    r->name[i] != a->c.field)
				buf_printf(&k, "%s=%s\037", r->name[i],
				    rec_val(r, i));
	hash_id(k.p, k.len, out);
	buf_free(&k);
}

/* --- the state of what was sent -------------------------------------- */

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
static void
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

/* --- payloads --------------------------------------------------------- */

static json_object *
jstr(const char *s)
{
	return json_object_new_string(s);
}

static void
webhook_body(struct alert_run *a, struct message *m, struct rec *recs,
    size_t n, const char *rname)
{
	json_object *o = json_object_new_object(), *alerts, *al, *lab, *ann;
	json_object *gl = json_object_new_object(), *cl, *ca;
	char fp[17], ts[PP_TIME_LEN];
	const char *text;
	pp_time t;
	size_t i, j;

	json_object_object_add(o, "version", jstr("4"));
	json_object_object_add(o, "groupKey", jstr(m->group));
	json_object_object_add(o, "truncatedAlerts",
	    json_object_new_int(0));
	json_object_object_add(o, "status", jstr("firing"));
	json_object_object_add(o, "receiver", jstr(rname));
	for (j = 0; j < a->c.ngroup; j++) {
		const char *v = n > 0 ? rec_get(&recs[0], a->c.group_by[j]) :
		    NULL;

		json_object_object_add(gl, a->c.group_by[j], jstr(v ? v : ""));
	}
	json_object_object_add(o, "groupLabels", gl);
	cl = json_object_new_object();
	ca = json_object_new_object();
	/* common labels: the label fields equal in every alert */
	for (j = 0; n > 0 && j < recs[0].n; j++) {
		const char *name = recs[0].name[j], *v = rec_val(&recs[0], j);

		for (i = 1; i < n; i++) {
			const char *w = rec_get(&recs[i], name);

			if (w == NULL || strcmp(w, v) != 0)
				break;
		}
		if (i == n && !is_time_field(name))
			json_object_object_add(is_value_field(name) ? ca : cl,
			    name, jstr(v));
	}
	json_object_object_add(o, "commonLabels", cl);
	json_object_object_add(o, "commonAnnotations", ca);
	json_object_object_add(o, "externalURL", jstr(""));
	alerts = json_object_new_array();
	for (i = 0; i < n; i++) {
		al = json_object_new_object();
		lab = json_object_new_object();
		ann = json_object_new_object();
		for (j = 0; j < recs[i].n; j++)
			if (!is_time_field(recs[i].name[j]))
				json_object_object_add(is_value_field(
				    recs[i].name[j]) ? ann : lab,
				    recs[i].name[j],
				    jstr(rec_val(&recs[i], j)));
		json_object_object_add(al, "status", jstr("firing"));
		json_object_object_add(al, "labels", lab);
		json_object_object_add(al, "annotations", ann);
		if (metric_time(&recs[i], &a->c, &t, &text) != 0)
			t = time_now();
		json_object_object_add(al, "startsAt", jstr(time_format(t,
		    ts)));
		json_object_object_add(al, "endsAt",
		    jstr("0001-01-01T00:00:00Z"));
		json_object_object_add(al, "generatorURL", jstr(""));
		fingerprint(a, &recs[i], fp);
		json_object_object_add(al, "fingerprint", jstr(fp));
		json_object_array_add(alerts, al);
	}
	json_object_object_add(o, "alerts", alerts);
	buf_adds(&m->body, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* A title for people: the fields that say what is wrong. */
static void
title(const struct rec *r, struct buf *b)
{
	static const char *const keys[] = { "budget", "metric", "severity",
	    "anomaly", "direction", "type", "verdict", NULL };
	const char *v;
	size_t i;
	int any = 0;

	for (i = 0; keys[i] != NULL; i++)
		if ((v = rec_get(r, interns(keys[i]))) != NULL && *v != '\0') {
			buf_printf(b, "%s%s", any ? " " : "", v);
			any = 1;
		}
	if (!any)
		buf_adds(b, "alert");
}

static void
slack_body(struct message *m, struct rec *recs, size_t n)
{
	json_object *o = json_object_new_object(), *blocks, *blk, *txt;
	struct buf b = BUF_INIT;
	size_t i, j;

	buf_printf(&b, "%zu alert%s from pp%s%s", n, n == 1 ? "" : "s",
	    *m->group ? ": " : "", m->group);
	json_object_object_add(o, "text", jstr(buf_nul(&b)));
	blocks = json_object_new_array();
	for (i = 0; i < n && i < 50; i++) {
		b.len = 0;
		buf_adds(&b, "*");
		title(&recs[i], &b);
		buf_adds(&b, "*");
		for (j = 0; j < recs[i].n; j++)
			buf_printf(&b, "\n%s: %s", recs[i].name[j],
			    rec_val(&recs[i], j));
		blk = json_object_new_object();
		txt = json_object_new_object();
		json_object_object_add(txt, "type", jstr("mrkdwn"));
		json_object_object_add(txt, "text", jstr(buf_nul(&b)));
		json_object_object_add(blk, "type", jstr("section"));
		json_object_object_add(blk, "text", txt);
		json_object_array_add(blocks, blk);
	}
	json_object_object_add(o, "blocks", blocks);
	buf_adds(&m->body, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	buf_free(&b);
}

/*
 * The subject template: {{field}} is the first alert's value, {{count}}
 * the number of alerts.  Returns -1 (and leaves what could be made) when
 * a field is missing.
 */
static int
render(const char *tpl, const struct rec *r, size_t n, struct buf *out)
{
	const char *p = tpl, *q, *e, *v;
	char name[128];
	int ok = 0;

	while ((q = strstr(p, "{{")) != NULL && (e = strstr(q, "}}")) !=
	    NULL) {
		buf_add(out, p, (size_t)(q - p));
		snprintf(name, sizeof(name), "%.*s", (int)(e - q - 2), q + 2);
		if (strcmp(name, "count") == 0)
			buf_printf(out, "%zu", n);
		else if ((v = rec_get(r, interns(name))) != NULL)
			buf_adds(out, v);
		else
			ok = -1;
		p = e + 2;
	}
	buf_adds(out, p);
	return ok;
}

static void
email_body(struct alert_run *a, struct message *m, struct rec *recs,
    size_t n)
{
	struct buf subj = BUF_INIT;
	size_t i, j;

	const char *tpl = m->rcv->subject != NULL ? m->rcv->subject :
	    a->subject;

	if (tpl == NULL)
		buf_printf(&subj, "pp: %zu alert%s", n, n == 1 ? "" : "s");
	else if (render(tpl, &recs[0], n, &subj) != 0) {
		pp_warn("%s: the subject template names a field the alert "
		    "does not have: sent with the raw record", m->rcv->name);
		subj.len = 0;
		buf_printf(&subj, "pp: %zu alert%s", n, n == 1 ? "" : "s");
	}
	/* a value with a line break must not add a header (Bcc:) */
	for (i = 0; i < subj.len; i++)
		if (subj.p[i] == '\n' || subj.p[i] == '\r')
			subj.p[i] = ' ';
	buf_printf(&m->body, "To: %s\nSubject: %s\nContent-Type: text/plain; "
	    "charset=utf-8\n\n", m->rcv->target, buf_nul(&subj));
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&m->body, '\n');
		for (j = 0; j < recs[i].n; j++)
			buf_printf(&m->body, "%s: %s\n", recs[i].name[j],
			    rec_val(&recs[i], j));
	}
	m->subject = xstrdup(buf_nul(&subj));
	buf_free(&subj);
}

static void
exec_body(struct alert_run *a, struct message *m, struct rec *recs,
    size_t n)
{
	size_t i;
	int fmt = a->in_fmt == FMT_TABLE || a->in_fmt == FMT_AUTO ? FMT_CSV :
	    a->in_fmt;

	for (i = 0; i < n; i++) {
		if (fmt != FMT_JSON && (i == 0 || !rec_same_names(&recs[i],
		    recs[i - 1].name, recs[i - 1].n))) {
			if (i > 0)
				buf_addc(&m->body, '\n');
			wr_format_header(fmt, &recs[i], &m->body);
		}
		wr_format_record(fmt, &recs[i], &m->body);
	}
}

/* --- delivery, spool and log ----------------------------------------- */

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
static int
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
static void
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

/*
 * Sends what the spool holds, oldest first; keeps what fails again.
 * A command is never taken from a file: a message for an exec receiver
 * goes to today's receiver of that name, or stays in the spool.
 */
static void
spool_flush(struct alert_run *a)
{
	struct receiver rcv;
	struct message m;
	struct dirent *de;
	char **names = NULL, *path, *text, *body, *p;
	const char *kind;
	size_t n = 0, i, k;
	long size, kn;
	int ready;
	FILE *fp;
	DIR *d;

	if (a->spool == NULL)
		return;
	/* one run at a time sends the spool: the others wait */
	path = xasprintf("%s/.lock", a->spool);
	if (open_locked(path, O_RDWR | O_CREAT) < 0)
		pp_die_errno(PP_EXIT_SYS, "%s", path);
	free(path);
	if ((d = opendir(a->spool)) == NULL)
		pp_die_errno(PP_EXIT_SYS, "%s", a->spool);
	while ((de = readdir(d)) != NULL)
		if (strlen(de->d_name) > 4 && strcmp(de->d_name +
		    strlen(de->d_name) - 4, ".msg") == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", a->spool, names[i]);
		if ((fp = fopen(path, "r")) == NULL) {
			free(path);
			continue;
		}
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
			free(path);
			continue;
		}
		*body = '\0';
		body += 2;
		kind = NULL;
		for (p = strtok(text, "\n"); p != NULL; p = strtok(NULL, "\n")) {
			if (strncmp(p, "receiver ", 9) == 0)
				rcv.name = p + 9;
			else if (strncmp(p, "kind ", 5) == 0)
				kind = p + 5;
			else if (strncmp(p, "target ", 7) == 0)
				rcv.target = p + 7;
			else if (strncmp(p, "alerts ", 7) == 0)
				m.alerts = (size_t)atol(p + 7);
		}
		ready = 0;
		if (kind == NULL || rcv.name == NULL)
			pp_warn("%s: not a spooled message: left alone", path);
		else if (parse_long(kind, R_WEBHOOK, R_EXEC, &kn) != 0)
			pp_warn("%s: unknown kind '%s': left alone", path, kind);
		else {
			rcv.kind = (int)kn;
			if (rcv.kind == R_EXEC)
				rcv.target = NULL;	/* never a command of a file */
			/* today's target and headers for a receiver of that name */
			for (k = 0; k < a->nrcv; k++)
				if (strcmp(a->rcv[k].name, rcv.name) == 0 &&
				    a->rcv[k].kind == rcv.kind) {
					rcv.target = a->rcv[k].target;
					rcv.headers = a->rcv[k].headers;
					rcv.nheaders = a->rcv[k].nheaders;
				}
			if (rcv.target != NULL)
				ready = 1;
			else if (rcv.kind == R_EXEC)
				pp_warn("%s: no exec receiver '%s' in this run: "
				    "kept in the spool", path, rcv.name);
			else
				pp_warn("%s: not a spooled message: left alone",
				    path);
		}
		if (ready) {
			m.rcv = &rcv;
			buf_adds(&m.body, body);
			m.group = (char *)"";
			if (send_message(a, &m, 1, NULL) && !a->dry_run)
				unlink(path);
			buf_free(&m.body);
		}
		free(text);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* --- configuration ---------------------------------------------------- */

static struct receiver *
add_receiver(struct alert_run *a, const char *name, int kind,
    const char *target)
{
	struct receiver *r;

	a->rcv = xreallocarray(a->rcv, a->nrcv + 1, sizeof(*a->rcv));
	r = &a->rcv[a->nrcv++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->kind = kind;
	r->target = xstrdup(target);
	return r;
}

static void
load_config(struct alert_run *a, const struct cnode *root)
{
	static const char *const keys[] = { "receivers", "routes",
	    "group_by", "dedup_key", "repeat_interval", NULL };
	static const char *const rkeys[] = { "name", "webhook", "slack",
	    "email", "exec", "headers", "subject", NULL };
	static const char *const kinds[] = { "webhook", "slack", "email",
	    "exec" };
	static const char *const routekeys[] = { "match", "receiver",
	    "continue", NULL };
	const struct cnode *sec = conf_get(root, "alerts"), *n, *it, *v;
	struct receiver *r;
	size_t i, j;
	int k, found;

	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping with receivers: and routes:");
	conf_check_keys(sec, keys);
	if ((n = conf_get(sec, "receivers")) != NULL) {
		conf_expect(n, CN_SEQ, "a list of receivers");
		for (i = 0; i < n->n; i++) {
			it = n->vals[i];
			conf_expect(it, CN_MAP, "a receiver: name and a target");
			conf_check_keys(it, rkeys);
			if ((v = conf_get(it, "name")) == NULL)
				conf_die(it, "a receiver needs a name");
			(void)conf_string(v);
			for (k = 0, found = -1; k < 4; k++)
				if (conf_get(it, kinds[k]) != NULL) {
					if (found >= 0)
						conf_die(conf_get(it, kinds[k]),
						    "receiver '%s' has two "
						    "targets", v->str);
					found = k;
				}
			if (found < 0)
				conf_die(it, "receiver '%s' has no target "
				    "(webhook, slack, email or exec)", v->str);
			for (j = 0; j < a->nrcv; j++)
				if (strcmp(a->rcv[j].name, v->str) == 0)
					conf_die(v, "receiver '%s' is defined "
					    "twice", v->str);
			it = n->vals[i];
			v = conf_get(it, kinds[found]);
			if (found <= R_SLACK && strncmp(conf_string(v),
			    "http://", 7) != 0 && strncmp(v->str, "https://",
			    8) != 0)
				conf_die(v, "'%s' is not an http:// or https:// "
				    "URL", v->str);
			if (found == R_EMAIL && strchr(conf_string(v), '@') ==
			    NULL)
				conf_die(v, "'%s' is not an address", v->str);
			r = add_receiver(a, conf_get(it, "name")->str, found,
			    conf_string(v));
			if ((v = conf_get(it, "subject")) != NULL)
				r->subject = xstrdup(conf_string(v));
			if ((v = conf_get(it, "headers")) != NULL) {
				conf_expect(v, CN_MAP, "a mapping from header "
				    "to {env: VARIABLE}");
				for (j = 0; j < v->n; j++) {
					static const char *const hk[] = { "env",
					    NULL };
					const struct cnode *e;

					conf_expect(v->vals[j], CN_MAP, "{env: "
					    "VARIABLE}: header values come "
					    "from the environment");
					conf_check_keys(v->vals[j], hk);
					if ((e = conf_get(v->vals[j], "env")) ==
					    NULL)
						conf_die(v->vals[j], "a header "
						    "needs env:");
					r->headers = xreallocarray(r->headers,
					    r->nheaders + 1,
					    sizeof(*r->headers));
					r->headers[r->nheaders].name =
					    v->keys[j]->str;
					r->headers[r->nheaders++].env =
					    conf_string(e);
				}
			}
		}
	}
	if ((n = conf_get(sec, "routes")) != NULL) {
		conf_expect(n, CN_SEQ, "a list of routes");
		a->routes = xcalloc(n->n + 1, sizeof(*a->routes));
		for (i = 0; i < n->n; i++) {
			it = n->vals[i];
			conf_expect(it, CN_MAP, "a route: match, receiver");
			conf_check_keys(it, routekeys);
			if ((v = conf_get(it, "receiver")) == NULL)
				conf_die(it, "a route needs a receiver");
			for (j = 0; j < a->nrcv; j++)
				if (strcmp(a->rcv[j].name, conf_string(v)) == 0)
					break;
			if (j == a->nrcv)
				conf_die(v, "unknown receiver '%s'", v->str);
			a->routes[i].receiver = j;
			if ((v = conf_get(it, "match")) != NULL)
				a->routes[i].m = matchers_of(v, NULL,
				    &a->routes[i].nm);
			if ((v = conf_get(it, "continue")) != NULL)
				a->routes[i].cont = conf_bool(v);
		}
		a->nroutes = n->n;
	}
	if ((n = conf_get(sec, "group_by")) != NULL)
		conf_expect(n, CN_SEQ, "a list of fields");
	if ((n = conf_get(sec, "dedup_key")) != NULL)
		conf_expect(n, CN_SEQ, "a list of fields");
	if ((n = conf_get(sec, "group_by")) != NULL && !a->c.group_set) {
		a->c.group_by = xcalloc(n->n + 1, sizeof(*a->c.group_by));
		for (i = 0; i < n->n; i++)
			a->c.group_by[i] = interns(conf_string(n->vals[i]));
		a->c.ngroup = n->n;
		a->c.group_set = 1;
	}
	if ((n = conf_get(sec, "dedup_key")) != NULL && a->ndedup == 0) {
		conf_expect(n, CN_SEQ, "a list of fields");
		a->dedup = xcalloc(n->n + 1, sizeof(*a->dedup));
		for (i = 0; i < n->n; i++)
			a->dedup[i] = interns(conf_string(n->vals[i]));
		a->ndedup = n->n;
	}
	if ((n = conf_get(sec, "repeat_interval")) != NULL) {
		double d = conf_duration(n);	/* checked, even overridden */

		if (a->repeat < 0)
			a->repeat = d;
	}
}

/* --- main ------------------------------------------------------------- */

struct group {
	char		*key;
	struct rec	*recs;
	size_t		 n;
};

int
main(int argc, char *argv[])
{
	struct alert_run a;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap *groups;	/* per receiver: group key -> struct group */
	struct buf key = BUF_INIT;
	char **files, fp[17];
	size_t nfiles, i, j, g;
	int ch, lockfd = -1;
	long n;
	pp_time now;

	pp_setprog(argv[0]);
	memset(&a, 0, sizeof(a));
	now = a.start = time_now();
	pp_common_init(&a.c);
	a.retries = 3;
	a.timeout = 10;
	a.backoff = 0.5;
	a.repeat = -1;
	a.sendmail = "/usr/sbin/sendmail";
	a.subject = NULL;	/* "pp: N alerts" */
	rec_init(&a.r);
	hmap_init(&a.sent);
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&a.c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_WEBHOOK:
			check_url("--webhook", optarg);
			add_receiver(&a, "webhook", R_WEBHOOK, optarg);
			break;
		case OPT_SLACK:
			check_url("--slack", optarg);
			add_receiver(&a, "slack", R_SLACK, optarg);
			break;
		case OPT_EMAIL:
			if (strchr(optarg, '@') == NULL)
				pp_usage_error("--email: '%s' is not an "
				    "address", optarg);
			add_receiver(&a, "email", R_EMAIL, optarg);
			break;
		case OPT_EXEC:
			add_receiver(&a, "exec", R_EXEC, optarg);
			break;
		case OPT_DEDUP_KEY:
			free(a.dedup);
			a.dedup = pp_split_names(optarg, &a.ndedup);
			break;
		case OPT_REPEAT_INTERVAL:
			a.repeat = opt_duration("--repeat-interval", optarg,
			    1);
			break;
		case OPT_STATE:
			a.state = optarg;
			break;
		case OPT_SPOOL:
			a.spool = optarg;
			break;
		case OPT_DRY_RUN:
			a.dry_run = 1;
			break;
		case OPT_RETRIES:
			n = opt_count("--retries", optarg, 0, 100);
			a.retries = (int)n;
			break;
		case OPT_TIMEOUT:
			a.timeout = opt_duration("--timeout", optarg, 1);
			if (a.timeout <= 0)
				pp_usage_error("--timeout: '%s' is not a "
				    "positive duration", optarg);
			break;
		case OPT_BACKOFF:
			a.backoff = opt_duration("--backoff", optarg, 1);
			break;
		case OPT_SENDMAIL:
			a.sendmail = optarg;
			break;
		case OPT_SUBJECT:
			a.subject = optarg;
			break;
		case OPT_HEADER_ENV: {
			const char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg || eq[1] == '\0')
				pp_usage_error("--header-env: '%s' is not "
				    "HEADER=VARIABLE", optarg);
			a.hdrs = xreallocarray(a.hdrs, a.nhdrs + 1,
			    sizeof(*a.hdrs));
			a.hdrs[a.nhdrs].name = xstrndup(optarg,
			    (size_t)(eq - optarg));
			a.hdrs[a.nhdrs++].env = eq + 1;
			break;
		}
		default:
			pp_usage_try();
		}
	}
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	for (i = 0; i < a.nrcv; i++)
		if (a.rcv[i].kind == R_WEBHOOK) {
			a.rcv[i].headers = a.hdrs;
			a.rcv[i].nheaders = a.nhdrs;
		}
	time_field = a.c.time_field;
	conf = conf_load(a.c.config);
	load_config(&a, conf);
	if (a.nrcv == 0)
		pp_usage_error("no receiver: give --webhook, --slack, --email "
		    "or --exec, or receivers in alerts:");
	if (a.repeat < 0)
		a.repeat = 4 * 3600;
	curl_global_init(CURL_GLOBAL_DEFAULT);

	if (a.spool != NULL)
		spool_check(a.spool);
	/* The state, under its lock for the whole run. */
	if (a.state != NULL && !a.dry_run) {
		lockfd = statefile_lock(a.state);
		state_load(&a);
		/* what was sent is saved even if the run ends on an error */
		a.saves = 1;
		saving = &a;
		atexit(save_at_exit);
	}
	a.log = wr_open(stdout, "standard output", a.c.out_fmt != FMT_AUTO ?
	    a.c.out_fmt : FMT_CSV);
	spool_flush(&a);

	groups = xcalloc(a.nrcv, sizeof(*groups));
	for (i = 0; i < a.nrcv; i++)
		hmap_init(&groups[i]);
	pp_common_rdopts(&a.c, &ro);
	rd = rd_open(files, nfiles, &ro);
	a.in_fmt = rd_format(rd);
	while ((r = rd_next(rd)) != NULL) {
		size_t nhit = 0, *hit = xcalloc(a.nrcv + 1, sizeof(*hit));

		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			free(hit);
			continue;
		}
		/* Routes: the first that matches, on with continue: true. */
		if (a.nroutes == 0)
			for (i = 0; i < a.nrcv; i++)
				hit[nhit++] = i;
		for (i = 0; i < a.nroutes; i++)
			if (matchers_hold(a.routes[i].m, a.routes[i].nm, r)) {
				for (j = 0; j < nhit; j++)
					if (hit[j] == a.routes[i].receiver)
						break;
				if (j == nhit && nhit < a.nrcv)
					hit[nhit++] = a.routes[i].receiver;
				if (!a.routes[i].cont)
					break;
			}
		fingerprint(&a, r, fp);
		for (i = 0; i < nhit; i++) {
			struct hmap_entry *e;
			struct group *gr;

			key.len = 0;
			buf_printf(&key, "%s\037%s", a.rcv[hit[i]].name, fp);
			if ((e = hmap_get(&a.sent, key.p, key.len)) != NULL &&
			    time_sec(now - (pp_time)(intptr_t)e->val) <
			    a.repeat)
				continue;	/* sent within the interval */
			key.len = 0;
			for (j = 0; j < a.c.ngroup; j++) {
				const char *v = rec_get(r, a.c.group_by[j]);

				buf_printf(&key, "%s%s=%s", j ? "," : "",
				    a.c.group_by[j], v ? v : "");
			}
			e = hmap_put(&groups[hit[i]], key.p ? key.p : "",
			    key.len);
			if ((gr = e->val) == NULL) {
				gr = e->val = xcalloc(1, sizeof(*gr));
				gr->key = e->key;
			}
			gr->recs = xreallocarray(gr->recs, gr->n + 1,
			    sizeof(*gr->recs));
			rec_init(&gr->recs[gr->n]);
			rec_copy(&gr->recs[gr->n++], r);
		}
		free(hit);
	}
	rd_close(rd);

	for (i = 0; i < a.nrcv; i++)
		for (g = 0; g < groups[i].n; g++) {
			struct group *gr = groups[i].ent[g].val;
			struct message m;

			memset(&m, 0, sizeof(m));
			m.rcv = &a.rcv[i];
			m.alerts = gr->n;
			m.group = gr->key;
			switch (a.rcv[i].kind) {
			case R_WEBHOOK:
				webhook_body(&a, &m, gr->recs, gr->n,
				    a.rcv[i].name);
				break;
			case R_SLACK:
				slack_body(&m, gr->recs, gr->n);
				break;
			case R_EMAIL:
				email_body(&a, &m, gr->recs, gr->n);
				break;
			default:
				exec_body(&a, &m, gr->recs, gr->n);
				break;
			}
			send_message(&a, &m, 0, gr->recs);
			buf_free(&m.body);
			free(m.subject);
			for (j = 0; j < gr->n; j++)
				rec_free(&gr->recs[j]);
			free(gr->recs);
			free(gr);
		}
	if (lockfd >= 0) {
		saving = NULL;
		state_save(&a);
		close(lockfd);
	}
	wr_close(a.log);
	pp_badrec_finish();
	curl_global_cleanup();

	for (i = 0; i < a.nrcv; i++) {
		hmap_free(&groups[i]);
		free(a.rcv[i].name);
		free(a.rcv[i].target);
		free(a.rcv[i].subject);
		if (a.rcv[i].headers != a.hdrs)
			free(a.rcv[i].headers);
	}
	for (i = 0; i < a.nhdrs; i++)
		free((char *)a.hdrs[i].name);
	free(a.hdrs);
	free(groups);
	free(a.rcv);
	for (i = 0; i < a.nroutes; i++)
		free(a.routes[i].m);
	free(a.routes);
	free(a.dedup);
	hmap_free(&a.sent);
	buf_free(&key);
	rec_free(&a.r);
	conf_free(conf);
	pp_common_free(&a.c);
	return pp_close_stdout(a.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
