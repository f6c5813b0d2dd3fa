/*
 * Delivery: HTTP POST through libcurl (webhook, Slack), sendmail -t -i,
 * or a command's standard input; retried with exponential backoff on
 * timeouts, connection errors and 5xx answers.
 */
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "alert.h"
#include "diag.h"

void
check_url(const char *what, const char *url)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		pp_usage_error("%s: '%s' is not an http:// or https:// URL",
		    what, url);
}

static size_t
discard(char *p, size_t size, size_t n, void *u)
{
	(void)p;
	(void)u;
	return size * n;
}

static void
post(const struct message *m, double timeout, struct delivery *d)
{
	struct curl_slist *h = NULL;
	struct buf line = BUF_INIT;
	CURLcode rc;
	CURL *c;
	size_t i;
	const char *v;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(d->error, sizeof(d->error), "curl could not start");
		d->retryable = 0;
		return;
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	for (i = 0; i < m->rcv->nheaders; i++) {
		/* values only from the environment, never the command line */
		if ((v = getenv(m->rcv->headers[i].env)) == NULL)
			continue;
		line.len = 0;
		buf_printf(&line, "%s: %s", m->rcv->headers[i].name, v);
		h = curl_slist_append(h, buf_nul(&line));
	}
	curl_easy_setopt(c, CURLOPT_URL, m->rcv->target);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, m->body.p);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)m->body.len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "pp-alert");
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		snprintf(d->error, sizeof(d->error), "%s",
		    curl_easy_strerror(rc));
		d->retryable = 1;
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &d->http_status);
		if (d->http_status >= 200 && d->http_status < 300)
			d->ok = 1;
		else {
			snprintf(d->error, sizeof(d->error), "HTTP %ld",
			    d->http_status);
			d->retryable = d->http_status >= 500;
		}
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&line);
}

/* Writes body to the standard input of sh -c cmd; the exit status. */
static void
pipe_to(const char *cmd, const struct buf *body, struct delivery *d)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	FILE *p = popen(cmd, "w");
	int st;

	if (p == NULL) {
		snprintf(d->error, sizeof(d->error), "%s: %s", cmd,
		    strerror(errno));
		signal(SIGPIPE, old);
		return;
	}
	if (body->len > 0)
		(void)fwrite(body->p, 1, body->len, p);
	st = pclose(p);
	signal(SIGPIPE, old);
	if (st == 0)
		d->ok = 1;
	else {
		snprintf(d->error, sizeof(d->error), "'%s' exited with status "
		    "%d", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
		    WTERMSIG(st));
		d->retryable = 1;
	}
}

void
deliver(const struct message *m, int retries, double timeout,
    double backoff, const char *sendmail, struct delivery *d)
{
	struct buf cmd = BUF_INIT;
	struct timespec ts;
	double wait = backoff;

	memset(d, 0, sizeof(*d));
	for (;;) {
		d->attempts++;
		d->error[0] = '\0';
		d->retryable = 0;
		switch (m->rcv->kind) {
		case R_WEBHOOK:
		case R_SLACK:
			post(m, timeout, d);
			break;
		case R_EMAIL:
			cmd.len = 0;
			buf_printf(&cmd, "'%s' -t -i", sendmail);
			pipe_to(buf_nul(&cmd), &m->body, d);
			break;
		default:
			pipe_to(m->rcv->target, &m->body, d);
			break;
		}
		if (d->ok || !d->retryable || d->attempts > retries)
			break;
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - floor(wait)) * 1e9);
		nanosleep(&ts, NULL);
		wait *= 2;
	}
	buf_free(&cmd);
}
