/*
 * pp-sample watch mode: samples /proc/PID (--pid) or the host
 * (--system) at fixed ticks, without drift.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "metric.h"
#include "sample.h"
#include "units.h"

struct proc_sample {
	double		 cpu;		/* utime + stime, seconds */
	double		 rss;		/* bytes */
	long		 threads;
	long		 fds;		/* -1: not readable */
	double		 rbytes;	/* -1: /proc/PID/io not readable */
	double		 wbytes;
	double		 at;		/* monotonic seconds */
};

struct host_sample {
	unsigned long long busy, total, ctxt;
	double		 used, avail, load1;
	double		 at;
};

void
watch_check_pid(long pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (pid <= 0 || access(path, R_OK) != 0)
		pp_usage_error("--pid: no process %ld", pid);
}

/* Reads a small /proc file into buf; 0 on success. */
static int
slurp(const char *path, char *buf, size_t size)
{
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return n > 0 ? 0 : -1;
}

/* Reads /proc/PID; returns -1 once the process has gone (or is a zombie). */
static int
read_proc(long pid, struct proc_sample *p)
{
	static long tck, page;
	char path[64], buf[4096], *q, state;
	unsigned long utime, stime;
	long threads, rss;
	struct dirent *de;
	DIR *d;

	if (tck == 0) {
		tck = sysconf(_SC_CLK_TCK);
		page = sysconf(_SC_PAGESIZE);
	}
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (slurp(path, buf, sizeof(buf)) != 0)
		return -1;
	/* The name may hold spaces and parentheses: parse after the last ')'. */
	if ((q = strrchr(buf, ')')) == NULL)
		return -1;
	if (sscanf(q + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%lu %lu %*d %*d %*d %*d %ld %*d %*u %*u %ld", &state, &utime,
	    &stime, &threads, &rss) != 5)
		return -1;
	if (state == 'Z' || state == 'X')
		return -1;
	p->at = mono_now();
	p->cpu = (double)(utime + stime) / (double)tck;
	p->rss = (double)rss * (double)page;
	p->threads = threads;
	p->fds = -1;
	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	if ((d = opendir(path)) != NULL) {
		p->fds = 0;
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				p->fds++;
		closedir(d);
	}
	p->rbytes = p->wbytes = -1;
	snprintf(path, sizeof(path), "/proc/%ld/io", pid);
	if (slurp(path, buf, sizeof(buf)) == 0) {
		if ((q = strstr(buf, "\nread_bytes: ")) != NULL)
			p->rbytes = strtod(q + 13, NULL);
		if ((q = strstr(buf, "\nwrite_bytes: ")) != NULL)
			p->wbytes = strtod(q + 14, NULL);
	}
	return 0;
}

/* Collects one tick's metrics, long or wide, then emits them. */
struct tick {
	struct sampler	*s;
	const struct rec *labels;
	char		 ts[PP_TIME_LEN];
	struct rec	 r;
};

static void
tick_begin(struct tick *t, struct sampler *s, const struct rec *labels)
{
	t->s = s;
	t->labels = labels;
	time_format(time_now(), t->ts);
	rec_clear(&t->r);
	if (s->wide) {
		rec_add(&t->r, mnames()->ts, t->ts, strlen(t->ts), 0);
		rec_append(&t->r, labels);
	}
}

static void
tick_metric(struct tick *t, const char *metric, double v, const char *unit)
{
	char num[32];

	if (v == (double)(long long)v && fabs(v) < 9007199254740992.0)
		snprintf(num, sizeof(num), "%lld", (long long)v);
	else
		fmt_num(v, num);
	if (t->s->wide) {
		rec_add(&t->r, interns(metric), num, strlen(num), 0);
		return;
	}
	metric_rec(&t->r, t->ts, metric, num, unit, t->labels);
	emit(t->s, &t->r);
}

static void
tick_end(struct tick *t)
{
	if (t->s->wide) {
		if (t->s->self)
			self_columns(t->s, &t->r);
		emit(t->s, &t->r);
	} else if (t->s->self)
		emit_self(t->s, t->labels);
	if (t->s->hist != NULL)
		hist_flush(t->s->hist);
	fflush(stdout);
	if (ferror(stdout))
		pp_die_errno(PP_EXIT_SYS, "standard output: write error");
}

static void
add_label(struct rec *r, const char *name, const char *value)
{
	rec_add(r, interns(name), value, strlen(value), 0);
}

static void
user_labels(const struct sampler *s, struct rec *r)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		rec_add(r, s->labels[i].name, s->labels[i].value,
		    strlen(s->labels[i].value), 0);
}

int
watch_next_tick(struct sampler *s, double t0, long *k)
{
	double now, next;

	(*k)++;
	next = t0 + (double)*k * s->interval;
	now = mono_now();
	if (now > next + s->interval) {
		long missed = (long)((now - next) / s->interval);

		pp_warn("%ld tick%s missed", missed, missed == 1 ? "" : "s");
		*k += missed;
		next = t0 + (double)*k * s->interval;
	}
	if (s->duration > 0 && next - t0 > s->duration + 1e-9)
		return 0;
	sleep_until(next, s->stop);
	return !*s->stop;
}

void
watch_pid(struct sampler *s)
{
	struct proc_sample a, b;
	struct tick t;
	struct rec labels;
	char path[64], comm[256], num[32];
	double t0, dt;
	long k = 0;
	size_t n;

	if (read_proc(s->pid, &a) != 0)
		pp_usage_error("--pid: no process %ld", s->pid);
	snprintf(path, sizeof(path), "/proc/%ld/comm", s->pid);
	if (slurp(path, comm, sizeof(comm)) != 0)
		strcpy(comm, "?");
	n = strcspn(comm, "\n");
	comm[n] = '\0';
	rec_init(&labels);
	rec_init(&t.r);
	snprintf(num, sizeof(num), "%ld", s->pid);
	add_label(&labels, "command", s->name != NULL ? s->name : comm);
	add_label(&labels, "pid", num);
	user_labels(s, &labels);
	if (a.rbytes < 0)
		pp_warn("/proc/%ld/io is not readable: no io_read_bytes or "
		    "io_write_bytes", s->pid);
	if (a.fds < 0)
		pp_warn("/proc/%ld/fd is not readable: no open_fds", s->pid);
	t0 = a.at;
	while (watch_next_tick(s, t0, &k)) {
		if (read_proc(s->pid, &b) != 0)
			break;		/* the process has ended */
		dt = b.at - a.at;
		tick_begin(&t, s, &labels);
		tick_metric(&t, "cpu_utilization", dt > 0 ?
		    (b.cpu - a.cpu) / dt : 0, "ratio");
		tick_metric(&t, "rss", b.rss, "bytes");
		tick_metric(&t, "threads", (double)b.threads, "count");
		if (b.fds >= 0)
			tick_metric(&t, "open_fds", (double)b.fds, "count");
		if (a.rbytes >= 0 && b.rbytes >= 0) {
			tick_metric(&t, "io_read_bytes", b.rbytes - a.rbytes,
			    "bytes");
			tick_metric(&t, "io_write_bytes", b.wbytes - a.wbytes,
			    "bytes");
		}
		tick_end(&t);
		a = b;
	}
	rec_free(&labels);
	rec_free(&t.r);
}

static int
read_host(struct host_sample *h)
{
	char buf[16384], *q;
	unsigned long long v[10];
	double total = 0, avail = -1;
	int i, n;

	memset(v, 0, sizeof(v));
	if (slurp("/proc/stat", buf, sizeof(buf)) != 0)
		return -1;
	n = sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
	    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n < 4)
		return -1;
	h->total = 0;
	for (i = 0; i < 8; i++)
		h->total += v[i];
	h->busy = h->total - v[3] - v[4];	/* less idle and iowait */
	h->ctxt = 0;
	if ((q = strstr(buf, "\nctxt ")) != NULL)
		h->ctxt = strtoull(q + 6, NULL, 10);
	if (slurp("/proc/meminfo", buf, sizeof(buf)) != 0)
		return -1;
	if ((q = strstr(buf, "MemTotal:")) != NULL)
		total = strtod(q + 9, NULL) * 1024;
	if ((q = strstr(buf, "MemAvailable:")) != NULL)
		avail = strtod(q + 13, NULL) * 1024;
	h->avail = avail;
	h->used = avail >= 0 ? total - avail : -1;
	if (slurp("/proc/loadavg", buf, sizeof(buf)) != 0)
		return -1;
	h->load1 = strtod(buf, NULL);
	h->at = mono_now();
	return 0;
}

void
watch_system(struct sampler *s)
{
	struct host_sample a, b;
	struct tick t;
	struct rec labels;
	char host[256];
	double t0, dt;
	long k = 0;

	if (read_host(&a) != 0)
		pp_die_errno(PP_EXIT_SYS, "/proc");
	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	rec_init(&labels);
	rec_init(&t.r);
	add_label(&labels, "host", host);
	user_labels(s, &labels);
	t0 = a.at;
	while (watch_next_tick(s, t0, &k)) {
		if (read_host(&b) != 0)
			pp_die_errno(PP_EXIT_SYS, "/proc");
		dt = b.at - a.at;
		tick_begin(&t, s, &labels);
		tick_metric(&t, "cpu_utilization", b.total > a.total ?
		    (double)(b.busy - a.busy) / (double)(b.total - a.total) :
		    0, "ratio");
		if (b.used >= 0) {
			tick_metric(&t, "memory_used", b.used, "bytes");
			tick_metric(&t, "memory_available", b.avail, "bytes");
		}
		tick_metric(&t, "load1", b.load1, "count");
		tick_metric(&t, "context_switches", dt > 0 ?
		    (double)(b.ctxt - a.ctxt) / dt : 0, "count");
		tick_end(&t);
		a = b;
	}
	rec_free(&labels);
	rec_free(&t.r);
}
