/*
 * Progress of a long read on standard error, in the look of pp-sample's
 * progress of runs: one line, rewritten in place with "\r" and cleared
 * with "\r\033[K" before anything else is said on standard error.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "progress.h"

/* The progress whose line is on the terminal, for progress_clear. */
static struct progress *shown;

int
progress_wanted(int quiet)
{
	return !quiet && isatty(STDERR_FILENO);
}

/* The bytes of all inputs, or -1 if one is not a regular file. */
static int64_t
total_size(char *const *paths, size_t npaths)
{
	struct stat st;
	int64_t total = 0;
	size_t i;
	int r;

	for (i = 0; i < npaths || (npaths == 0 && i == 0); i++) {
		if (npaths == 0 || strcmp(paths[i], "-") == 0)
			r = fstat(STDIN_FILENO, &st);
		else
			r = stat(paths[i], &st);
		if (r != 0 || !S_ISREG(st.st_mode))
			return -1;
		total += (int64_t)st.st_size;
	}
	return total;
}

void
progress_start(struct progress *p, int on, char *const *paths,
    size_t npaths)
{
	struct winsize ws;

	memset(p, 0, sizeof(*p));
	if (!on)
		return;
	p->on = 1;
	p->name = "<stdin>";
	p->total = total_size(paths, npaths);
	p->check_rec = PROGRESS_EVERY_RECS;
	p->check_bytes = PROGRESS_EVERY_BYTES;
	p->t0 = mono_now();
	p->next = p->t0 + PROGRESS_DELAY;
	/* A line wider than the terminal wraps, and "\r" then rewrites
	 * only its last row. */
	p->cols = 80;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		p->cols = ws.ws_col;
}

void
progress_input(struct progress *p, const char *name)
{
	p->name = name;
}

/* A count or a rate as people read it: 999, 1.2k, 850k, 1.2M. */
static void
human_num(double v, char buf[16])
{
	static const char units[] = "kMGTP";
	size_t i;

	if (v < 999.5) {
		snprintf(buf, 16, "%.0f", v);
		return;
	}
	for (i = 0; i < sizeof(units) - 2 && v / 1000 >= 999.5; i++)
		v /= 1000;
	v /= 1000;
	if (v < 9.95)
		snprintf(buf, 16, "%.1f%c", v, units[i]);
	else
		snprintf(buf, 16, "%.0f%c", v, units[i]);
}

void
progress_seconds(double sec, char buf[32])
{
	if (sec < 60)
		snprintf(buf, 32, "%.1fs", sec);
	else if (sec < 3600)
		snprintf(buf, 32, "%dm%02ds", (int)sec / 60, (int)sec % 60);
	else if (sec < 1e8)
		snprintf(buf, 32, "%dh%02dm", (int)sec / 3600,
		    (int)sec / 60 % 60);
	else
		snprintf(buf, 32, "ages");
}

size_t
progress_format(char *buf, size_t size, const char *prog, const char *name,
    unsigned long nrec, int64_t nbytes, int64_t total, double elapsed)
{
	char n[16], rate[16], left[32];
	double pct;
	int len;

	human_num((double)nrec, n);
	human_num(elapsed > 0 ? (double)nrec / elapsed : 0, rate);
	if (total > 0 && nbytes > 0 && elapsed > 0) {
		if (nbytes > total)
			nbytes = total;
		pct = floor(100.0 * (double)nbytes / (double)total);
		progress_seconds(elapsed * (double)(total - nbytes) /
		    (double)nbytes, left);
		len = snprintf(buf, size, "%s: %s: %s record%s  %s rec/s  "
		    "%.0f%%  left ~%s", prog, name, n, nrec == 1 ? "" : "s",
		    rate, pct, left);
	} else
		len = snprintf(buf, size, "%s: %s: %s record%s  %s rec/s",
		    prog, name, n, nrec == 1 ? "" : "s", rate);
	if (len < 0)
		len = 0;
	if (size > 0 && (size_t)len >= size)
		len = (int)size - 1;
	return (size_t)len;
}

static void
show(struct progress *p, double now)
{
	static int registered;
	char line[512];
	size_t len, max = (size_t)p->cols - 1;

	len = progress_format(line, sizeof(line), pp_getprog(), p->name,
	    p->nrec, p->nbytes, p->total, now - p->t0);
	if (len > max) {
		/* Cut at the width, not within a UTF-8 character. */
		len = max;
		while (len > 0 && ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
		line[len] = '\0';
	}
	if (!registered) {
		/* An exit while the line is shown leaves no trace of it. */
		atexit(progress_clear);
		registered = 1;
	}
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	shown = p;
}

void
progress_check(struct progress *p)
{
	double now;

	p->check_rec = p->nrec + PROGRESS_EVERY_RECS;
	p->check_bytes = p->nbytes + PROGRESS_EVERY_BYTES;
	now = mono_now();
	if (now < p->next)
		return;
	show(p, now);
	p->next = now + PROGRESS_PERIOD;
}

void
progress_end(struct progress *p)
{
	if (shown == p)
		progress_clear();
	p->on = 0;
}

void
progress_clear(void)
{
	if (shown == NULL)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	shown = NULL;
}
