/*
 * Delivery: HTTP POST through libcurl (webhook, Slack), sendmail -t -i,
 * or a command's standard input; retried with exponential backoff on
 * timeouts, connection errors and 5xx answers.
 */
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "alert.h"
#include "diag.h"

extern char **environ;

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

/*
 * Writes body to the standard input of sh -c cmd and waits: the child
 * starts with SIGPIPE at its default and the signal mask of the caller
 * of deliver (mask), whatever pp-alert holds while it delivers.
 */
static void
pipe_to(const char *cmd, const struct buf *body, const sigset_t *mask,
    struct delivery *d)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t def;
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)cmd, NULL };
	int fds[2], st, e;
	pid_t pid;
	size_t off = 0;
	ssize_t w;

	if (pipe(fds) != 0) {
		snprintf(d->error, sizeof(d->error), "pipe: %s",
		    strerror(errno));
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawnattr_init(&attr);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, mask);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK);
	e = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[0]);
	if (e != 0) {
		close(fds[1]);
		snprintf(d->error, sizeof(d->error), "/bin/sh: %s",
		    strerror(e));
		return;
	}
	while (off < body->len) {
		if ((w = write(fds[1], body->p + off, body->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			break;	/* the command stopped reading: its status says */
		}
		off += (size_t)w;
	}
	close(fds[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		d->ok = 1;
	else {
		snprintf(d->error, sizeof(d->error), "'%s' exited with status "
		    "%d", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
		    WTERMSIG(st));
		d->retryable = 1;
	}
}

/*
 * A receiver that goes away while it is written to must not end the
 * run: SIGPIPE is held while a message is delivered, and one that the
 * delivery raised is dropped, so that the write fails with EPIPE
 * instead.  Standard output keeps the default, as in every pp program:
 * a reader that is gone ends the run quietly.
 */
static void
sigpipe_hold(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	sigprocmask(SIG_BLOCK, &s, old);
}

static void
sigpipe_release(const sigset_t *old)
{
	struct timespec zero = { 0, 0 };
	sigset_t s, pending;

	if (sigismember(old, SIGPIPE))
		return;		/* held before: not ours to drop */
	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE))
		(void)sigtimedwait(&s, NULL, &zero);
	sigprocmask(SIG_SETMASK, old, NULL);
}

void
deliver(const struct message *m, int retries, double timeout,
    double backoff, const char *sendmail, struct delivery *d)
{
	struct buf cmd = BUF_INIT;
	struct timespec ts;
	sigset_t mask;
	double wait = backoff;

	memset(d, 0, sizeof(*d));
	sigpipe_hold(&mask);
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
			pipe_to(buf_nul(&cmd), &m->body, &mask, d);
			break;
		default:
			pipe_to(m->rcv->target, &m->body, &mask, d);
			break;
		}
		if (d->ok || !d->retryable || d->attempts > retries)
			break;
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - floor(wait)) * 1e9);
		nanosleep(&ts, NULL);
		wait *= 2;
	}
	sigpipe_release(&mask);
	buf_free(&cmd);
}
