/*
 * pp-alert's payloads: the alert's fingerprint, Alertmanager's webhook
 * (version 4), Slack blocks, a plain-text mail, records for a command.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "alert.h"
#include "diag.h"
#include "hash.h"
#include "metric.h"
#include "units.h"

static int
is_time_field(const struct alert_run *a, const char *name)
{
	return name == a->c.time_field || strcmp(name, "ts") == 0 ||
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

void
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
			    !is_time_field(a, r->name[i]) &&
			    r->name[i] != a->c.field)
				buf_printf(&k, "%s=%s\037", r->name[i],
				    rec_val(r, i));
	hash_id(k.p, k.len, out);
	buf_free(&k);
}

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
		if (i == n && !is_time_field(a, name))
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
			if (!is_time_field(a, recs[i].name[j]))
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

void
payload_build(struct alert_run *a, struct message *m, struct rec *recs,
    size_t n)
{
	switch (m->rcv->kind) {
	case R_WEBHOOK:
		webhook_body(a, m, recs, n, m->rcv->name);
		break;
	case R_SLACK:
		slack_body(m, recs, n);
		break;
	case R_EMAIL:
		email_body(a, m, recs, n);
		break;
	default:
		exec_body(a, m, recs, n);
		break;
	}
}
