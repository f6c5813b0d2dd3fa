/*
 * pp-sample command mode: runs a command, one process per run, timed by
 * CLOCK_MONOTONIC and measured by wait4(2) for that child alone.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "metric.h"
#include "progress.h"
#include "sample.h"
#include "units.h"

extern char **environ;

struct result {
	pp_time		 ts;		/* wall clock at the start */
	long long	 wall_ns;
	struct rusage	 ru;
	int		 status;	/* exit status, 128+signal */
	int		 timed_out;
};

/* The command label: --name, or the words of the command joined. */
static char *
command_label(const struct sampler *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (s->name != NULL)
		return xstrdup(s->name);
	for (i = 0; s->argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, s->argv[i]);
	}
	return buf_nul(&b);
}

static int devnull = -1;

static void
spawn_actions(const struct sampler *s, posix_spawn_file_actions_t *fa)
{
	if (devnull < 0 &&
	    (devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		pp_die_errno(PP_EXIT_SYS, "/dev/null");
	posix_spawn_file_actions_init(fa);
	posix_spawn_file_actions_adddup2(fa, devnull, 0);
	if (s->show_output)
		posix_spawn_file_actions_adddup2(fa, 2, 1);
	else {
		posix_spawn_file_actions_adddup2(fa, devnull, 1);
		posix_spawn_file_actions_adddup2(fa, devnull, 2);
	}
}

/*
 * The file that execvp would run for name, found once rather than at
 * every run; NULL if it is not found (posix_spawnp then says why).
 */
static char *
find_program(const char *name)
{
	const char *path = getenv("PATH"), *p, *q;
	char *full;

	if (strchr(name, '/') != NULL || *name == '\0')
		return NULL;
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = q + 1) {
		q = p + strcspn(p, ":");
		full = xasprintf("%.*s%s%s", (int)(q - p), p, q > p ? "/" : "",
		    name);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
		if (*q == '\0')
			return NULL;
	}
}

/* Starts argv; exits 4 naming the command if it cannot be started. */
static pid_t
start(const struct sampler *s, const char *path, char *const argv[],
    int own_group)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none;
	pid_t pid;
	int e;

	spawn_actions(s, &fa);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	if (own_group) {
		posix_spawnattr_setpgroup(&attr, 0);
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
		    POSIX_SPAWN_SETPGROUP);
	} else
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	e = posix_spawnp(&pid, path != NULL ? path : argv[0], &fa, &attr,
	    argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (e != 0) {
		errno = e;
		pp_die_errno(PP_EXIT_SYS, "%s", argv[0]);
	}
	return pid;
}

static int
exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Waits for pid, killing its process group after timeout seconds (0:
 * never).  SIGCHLD is blocked, so sigtimedwait sleeps until the child
 * ends, the time is up, or a signal asks pp-sample to stop.
 */
static void
wait_child(struct sampler *s, pid_t pid, struct result *res)
{
	double deadline = mono_now() + s->timeout, left;
	struct timespec ts;
	sigset_t chld;
	int status, killed = 0;
	pid_t r;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		/* Never blocked in wait4: a stop request is seen at once. */
		r = wait4(pid, &status, WNOHANG, &res->ru);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			pp_die_errno(PP_EXIT_SYS, "wait");
		if (*s->stop && !killed) {
			kill(-pid, SIGTERM);	/* its own process group */
			killed = 1;
		}
		left = s->timeout > 0 ? deadline - mono_now() : 0.1;
		if (s->timeout > 0 && left <= 0 && !res->timed_out) {
			kill(-pid, SIGKILL);
			res->timed_out = 1;
		}
		if (left <= 0 || left > 0.1)
			left = 0.1;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e9);
		(void)sigtimedwait(&chld, NULL, &ts);
	}
	res->status = exit_code(status);
}

static void
run_once(struct sampler *s, const char *path, char *const argv[],
    struct result *res)
{
	struct timespec a, b;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	res->ts = time_now();
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = start(s, path, argv, 1);
	wait_child(s, pid, res);
	clock_gettime(CLOCK_MONOTONIC, &b);
	res->wall_ns = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL +
	    (b.tv_nsec - a.tv_nsec);
}

static void
prepare(struct sampler *s)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c",
	    (char *)s->prepare, NULL };
	struct result res;

	run_once(s, argv[0], argv, &res);
	if (res.status != 0 && !*s->stop)
		pp_die(PP_EXIT_SYS, "--prepare: '%s' failed with exit "
		    "status %d", s->prepare, res.status);
}

struct measure {
	const char	*metric;
	const char	*unit;
};

static const struct measure measures[] = {
	{ "wall_time", "s" }, { "user_time", "s" }, { "sys_time", "s" },
	{ "max_rss", "bytes" }, { "minor_faults", "count" },
	{ "major_faults", "count" }, { "voluntary_switches", "count" },
	{ "involuntary_switches", "count" }, { "exit_status", "count" },
	{ "timed_out", "count" }
};
#define NMEASURES (sizeof(measures) / sizeof(measures[0]))

const char *
measure_unit(const char *metric)
{
	size_t i;

	for (i = 0; i < NMEASURES; i++)
		if (strcmp(metric, measures[i].metric) == 0)
			return measures[i].unit;
	return NULL;
}

static void
measure_text(const struct result *res, size_t i, char buf[32])
{
	switch (i) {
	case 0:
		snprintf(buf, 32, "%lld.%09lld", res->wall_ns / 1000000000LL,
		    res->wall_ns % 1000000000LL);
		break;
	case 1:
		fmt_double(timeval_sec(&res->ru.ru_utime), buf);
		break;
	case 2:
		fmt_double(timeval_sec(&res->ru.ru_stime), buf);
		break;
	case 3:
		/* Linux reports ru_maxrss in KiB. */
		snprintf(buf, 32, "%ld", res->ru.ru_maxrss * 1024L);
		break;
	case 4:
		snprintf(buf, 32, "%ld", res->ru.ru_minflt);
		break;
	case 5:
		snprintf(buf, 32, "%ld", res->ru.ru_majflt);
		break;
	case 6:
		snprintf(buf, 32, "%ld", res->ru.ru_nvcsw);
		break;
	case 7:
		snprintf(buf, 32, "%ld", res->ru.ru_nivcsw);
		break;
	case 8:
		snprintf(buf, 32, "%d", res->status);
		break;
	default:
		snprintf(buf, 32, "%d", res->timed_out);
		break;
	}
}

/* The labels of a run: command, run (empty: none), then --label's. */
static void
run_labels(const struct sampler *s, struct rec *r, const char *command,
    long run)
{
	const struct metric_names *mn = mnames();
	char num[32] = "";
	size_t i;

	rec_clear(r);
	rec_add(r, mn->command, command, strlen(command), 0);
	if (run > 0)
		snprintf(num, sizeof(num), "%ld", run);
	rec_add(r, mn->run, num, strlen(num), 0);
	for (i = 0; i < s->nlabels; i++)
		rec_add(r, s->labels[i].name, s->labels[i].value,
		    strlen(s->labels[i].value), 0);
}

static void
record(struct sampler *s, const struct result *res, const char *command,
    long run)
{
	char ts[PP_TIME_LEN], v[32];
	size_t i, n = s->timeout > 0 ? NMEASURES : NMEASURES - 1;
	struct rec r, labels;

	rec_init(&r);
	rec_init(&labels);
	time_format(res->ts, ts);
	run_labels(s, &labels, command, run);
	if (s->wide) {
		rec_add(&r, mnames()->ts, ts, strlen(ts), 0);
		rec_append(&r, &labels);
		for (i = 0; i < n; i++) {
			measure_text(res, i, v);
			rec_add(&r, interns(measures[i].metric), v, strlen(v),
			    0);
		}
		if (s->self)
			self_columns(s, &r);
		emit(s, &r);
	} else {
		for (i = 0; i < n; i++) {
			measure_text(res, i, v);
			metric_rec(&r, ts, measures[i].metric, v,
			    measures[i].unit, &labels);
			emit(s, &r);
		}
	}
	rec_free(&r);
	rec_free(&labels);
}

static void
progress(const struct sampler *s, long done, double elapsed, double busy)
{
	char el[32], left[32];
	double rest = -1;

	if (!s->progress)
		return;
	progress_seconds(elapsed, el);
	if (s->runs > 0 && done > 0) {
		rest = s->interval > 0 ? (double)(s->runs - done) *
		    s->interval : busy / (double)done *
		    (double)(s->runs - done);
		if (s->duration > 0 && s->duration - elapsed < rest)
			rest = s->duration - elapsed;
	} else if (s->duration > 0)
		rest = s->duration - elapsed;
	if (rest >= 0)
		progress_seconds(rest, left);
	if (s->runs > 0)
		fprintf(stderr, "\r\033[Krun %ld/%ld  elapsed %s", done,
		    s->runs, el);
	else
		fprintf(stderr, "\r\033[Krun %ld  elapsed %s", done, el);
	if (rest >= 0)
		fprintf(stderr, "  left ~%s", left);
	fflush(stderr);
}

void
run_command(struct sampler *s)
{
	char *sh_argv[4] = { (char *)"/bin/sh", (char *)"-c", NULL, NULL };
	char *const *argv = s->argv;
	char *command, *path;
	struct result res;
	struct rec last;
	double t0, next, busy = 0, now;
	long run, tick, i, missed;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	command = command_label(s);
	if (s->shell) {
		struct buf b = BUF_INIT;

		for (i = 0; s->argv[i] != NULL; i++) {
			if (i > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, s->argv[i]);
		}
		sh_argv[2] = buf_nul(&b);
		argv = sh_argv;
	}
	path = find_program(argv[0]);
	for (i = 0; i < s->warmup && !*s->stop; i++) {
		if (s->prepare != NULL)
			prepare(s);
		if (!*s->stop)
			run_once(s, path, argv, &res);
	}
	t0 = mono_now();
	for (run = 1, tick = 0; !*s->stop; run++, tick++) {
		if (s->runs > 0 && run > s->runs)
			break;
		now = mono_now();
		if (s->duration > 0 && now - t0 >= s->duration)
			break;
		if (s->interval > 0) {
			next = t0 + (double)tick * s->interval;
			if (now > next + s->interval * 1e-3 && tick > 0) {
				missed = (long)ceil((now - next) /
				    s->interval);
				pp_warn("run %ld overran the interval: %ld "
				    "tick%s missed", run - 1, missed,
				    missed == 1 ? "" : "s");
				tick += missed;
				next = t0 + (double)tick * s->interval;
			}
			if (s->duration > 0 && next - t0 >= s->duration)
				break;
			sleep_until(next, s->stop);
			if (*s->stop)
				break;
		}
		if (s->prepare != NULL)
			prepare(s);
		if (*s->stop)
			break;
		run_once(s, path, argv, &res);
		if (*s->stop)
			break;		/* cut short: not a measurement */
		busy += (double)res.wall_ns / 1e9;
		s->nruns++;
		if (res.status != 0 || res.timed_out)
			s->nfailed++;
		record(s, &res, command, run);
		if (s->hist != NULL)
			hist_flush(s->hist);
		progress(s, run, mono_now() - t0, busy);
	}
	if (s->progress)
		fputs("\r\033[K", stderr);
	if (s->self && !s->wide) {
		rec_init(&last);
		run_labels(s, &last, command, 0);	/* no run of its own */
		emit_self(s, &last);
		rec_free(&last);
	}
	if (s->shell)
		free(sh_argv[2]);
	free(command);
	free(path);
}
