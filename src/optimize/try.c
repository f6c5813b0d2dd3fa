/*
 * try: a change made by one command, timed before and after by running
 * another, kept when it is significantly faster by verify's test and
 * verdict, and otherwise undone by a third; the outcome is recorded in
 * the state file.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "hmap.h"
#include "htest.h"
#include "optimize.h"
#include "rec.h"
#include "stats.h"
#include "units.h"
#include "wr.h"

extern char **environ;

/* What became of a try. */
struct outcome {
	double		*b, *a;		/* the runs' wall times, seconds */
	size_t		 nb, na;
	double		 diff, lo, hi, p;
	const char	*decision, *reason, *status;
	char		 why[64];	/* how a command failed */
};

/*
 * Runs sh -c cmd with standard input from /dev/null and its standard
 * output on standard error, so that ours holds only the record; sets
 * *secs to its wall time.  0 if it exits 0; else sets why to how it
 * ended.  A shell that cannot start exits 4.
 */
static int
shell(const char *cmd, double *secs, char why[64])
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)cmd, NULL };
	struct timespec t0, t1;
	pid_t pid;
	int e, st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0)
		pp_die(PP_EXIT_SYS, "/bin/sh: %s", strerror(e));
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			pp_die_errno(PP_EXIT_SYS, "waitpid");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		snprintf(why, 64, "exit status %d", WEXITSTATUS(st));
	else
		snprintf(why, 64, "signal %d", WTERMSIG(st));
	return -1;
}

/* n runs of the measure command into v; -1 with why at the first failure. */
static int
measure(const char *cmd, size_t n, double *v, char why[64])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (shell(cmd, &v[i], why) != 0)
			return -1;
	return 0;
}

/* The test and verdict of verify, on the runs' wall times. */
static void
compare(struct outcome *o, double alpha)
{
	double w;

	stat_sort(o->b, o->nb);
	stat_sort(o->a, o->na);
	if (o->nb <= 50 && o->na <= 50)
		o->p = mann_whitney_exact_ties(o->b, o->nb, o->a, o->na, &w);
	else
		o->p = mann_whitney_sorted(o->b, o->nb, o->a, o->na, &w);
	hodges_lehmann(o->b, o->nb, o->a, o->na, 1 - alpha, &o->diff, &o->lo,
	    &o->hi);
	switch (shift_verdict(o->p, alpha, o->lo, o->hi, 0)) {
	case -1:
		o->reason = "faster";
		break;
	case 1:
		o->reason = "slower";
		break;
	default:
		o->reason = "no_effect";
		break;
	}
}

/* Applies, measures after, and decides; the rollback is the caller's. */
static void
apply_and_measure(const struct tryopts *t, struct outcome *o)
{
	double secs;

	if (shell(t->apply, &secs, o->why) != 0) {
		o->reason = "apply_failed";
		pp_warn("try: the apply command failed (%s)", o->why);
		return;
	}
	if (measure(t->measure, t->n, o->a, o->why) != 0) {
		o->reason = "measure_failed";
		pp_warn("try: the measure command failed after the change "
		    "(%s)", o->why);
		return;
	}
	o->na = t->n;
	compare(o, t->alpha);
}

/* Writes the outcome into the finding's entry of the state file. */
static void
record_state(const char *state, const char *id, const struct outcome *o)
{
	struct hmap st;
	struct sentry *e;
	char num[32], now[PP_TIME_LEN];
	const double effect[] = { o->diff, o->lo, o->hi, o->p };
	int fd, k;

	fd = state_open(state, "try", &st);
	e = state_find(&st, state, "try", id);
	state_set_str(&e->status, o->status);
	state_set_str(&e->x[SX_REASON], o->reason);
	state_set_str(&e->x[SX_CHANGED], time_format(time_now(), now));
	for (k = 0; k < 4; k++) {
		num[0] = '\0';
		if (o->na > 0)
			fmt_num(effect[k], num);
		state_set_str(&e->x[SX_DIFF + k], num);
	}
	state_save(state, &st);
	state_free(&st);
	close(fd);
}

/* The outcome as one record, verify's fields and the try's. */
static void
report(struct pp_common *c, int fmt, const char *id, const struct sentry *e,
    const struct outcome *o)
{
	struct rec r;
	struct wr *w;
	char num[32];
	double nan = NAN;
	int m = o->na > 0;

	rec_init(&r);
	rec_put(&r, "id", id);
	rec_put(&r, "type", e->type);
	rec_put(&r, "target", e->target);
	snprintf(num, sizeof(num), "%zu", o->nb);
	rec_put(&r, "runs_before", num);
	snprintf(num, sizeof(num), "%zu", o->na);
	rec_put(&r, "runs_after", num);
	rec_put_num(&r, "median_before_s",
	    stat_quantile_sorted(o->b, o->nb, 0.5));
	rec_put_num(&r, "median_after_s",
	    m ? stat_quantile_sorted(o->a, o->na, 0.5) : nan);
	rec_put_num(&r, "diff_s", m ? o->diff : nan);
	rec_put_num(&r, "diff_lo_s", m ? o->lo : nan);
	rec_put_num(&r, "diff_hi_s", m ? o->hi : nan);
	rec_put_num(&r, "p_value", m ? o->p : nan);
	rec_put_num(&r, "measured_s", m ? -o->diff : nan);
	rec_put(&r, "decision", o->decision);
	rec_put(&r, "reason", o->reason);
	rec_put(&r, "status", o->status);
	w = pp_open_output(c, fmt, NULL);
	wr_record(w, &r);
	wr_close(w);
	rec_free(&r);
}

size_t
try_min_runs(double alpha)
{
	double choose = 2;	/* C(2n, n) */
	size_t n = 1;

	/* with no ties the smallest exact two-sided p is 2 / C(2n, n) */
	while (!(2 / choose < alpha - alpha * 1e-12)) {
		n++;
		choose *= (double)(2 * n) * (double)(2 * n - 1) /
		    ((double)n * (double)n);
	}
	return n;
}

int
try_change(struct pp_common *c, const char *state, const char *id,
    const struct tryopts *t, int fmt)
{
	struct hmap st;
	struct sentry *e;
	struct outcome o;
	double secs;
	int fd;

	/* the finding is looked up first; the file is not held meanwhile */
	fd = state_open(state, "try", &st);
	e = state_find(&st, state, "try", id);
	close(fd);
	memset(&o, 0, sizeof(o));
	o.b = xcalloc(t->n, sizeof(*o.b));
	o.a = xcalloc(t->n, sizeof(*o.a));
	if (measure(t->measure, t->n, o.b, o.why) != 0)
		pp_die(PP_EXIT_DATA, "try: the measure command failed before "
		    "the change (%s): nothing was applied", o.why);
	o.nb = t->n;
	stat_sort(o.b, o.nb);
	apply_and_measure(t, &o);
	if (strcmp(o.reason, "faster") == 0) {
		o.decision = "keep";
		o.status = "kept";
	} else {
		o.decision = "rollback";
		o.status = "rolled_back";
		if (shell(t->rollback, &secs, o.why) != 0) {
			pp_warn("try: the rollback command failed (%s): the "
			    "change may still be in place", o.why);
			o.status = "rollback_failed";
		}
	}
	record_state(state, id, &o);
	report(c, fmt, id, e, &o);
	if (strcmp(o.reason, "slower") == 0)
		pp_warn("rollback: the measure command takes more time after "
		    "the change");
	else if (strcmp(o.reason, "no_effect") == 0)
		pp_warn("rollback: the gain is not significant");
	state_free(&st);
	free(o.a);
	free(o.b);
	return strcmp(o.status, "kept") == 0 ? PP_EXIT_OK : PP_EXIT_FAIL;
}
