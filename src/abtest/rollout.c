/*
 * pp-abtest rollout: a coverage schedule walked one step per run, as the
 * comparison allows: on, held, or back to 0% for good.  The state file
 * keeps the schedule and the step, replaced whole under a lock.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abtest.h"
#include "diag.h"
#include "state.h"
#include "units.h"

#define DEFAULT_SCHEDULE	"5,25,50,100"

enum { R_START, R_ADVANCE, R_COMPLETE, R_HOLD, R_ROLLBACK, R_ROLLED_BACK };

static const char *const decisions[] = { "start", "advance", "complete",
    "hold", "rollback", "rolled_back" };

/* What the state file holds: step 0 is a new rollout. */
struct rstate {
	double	*sched;
	size_t	 nsched;
	size_t	 step;		/* 1-based: sched[step - 1] is in force */
	unsigned long step_line;
	int	 rolled_back;
	char	*reason;	/* of the roll back */
};

/* 0 with *sched, *n set, or -1 if arg is no schedule. */
static int
schedule_parse(const char *arg, double **sched, size_t *n)
{
	const char *p = arg, *q;
	char num[64];
	double v;

	*sched = NULL;
	*n = 0;
	while (*p != '\0') {
		q = p + strcspn(p, ",");
		if ((size_t)(q - p) >= sizeof(num))
			goto bad;
		memcpy(num, p, (size_t)(q - p));
		num[q - p] = '\0';
		if (parse_percent(num, &v) != 0 || v <= 0 || v > 1 ||
		    (*n > 0 && v <= (*sched)[*n - 1]))
			goto bad;
		*sched = xreallocarray(*sched, *n + 1, sizeof(**sched));
		(*sched)[(*n)++] = v;
		p = *q ? q + 1 : q;
		if (*q && *p == '\0')
			goto bad;	/* a trailing comma */
	}
	if (*n > 0)
		return 0;
bad:
	free(*sched);
	*sched = NULL;
	*n = 0;
	return -1;
}

void
parse_schedule(const char *arg, double **sched, size_t *n)
{
	if (schedule_parse(arg, sched, n) != 0)
		pp_usage_error("--schedule: '%s' is not percentages above 0 "
		    "and at most 100, increasing, such as %s", arg,
		    DEFAULT_SCHEDULE);
}

/* Appends the schedule as --schedule reads it: "5,25,50,100". */
static void
schedule_text(struct buf *b, const double *sched, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%.10g", i ? "," : "", sched[i] * 100);
}

/* One "key value" line of the state file, line ln, into st. */
static void
state_line(const char *path, unsigned long ln, char *s, struct rstate *st)
{
	char *v = strchr(s, ' ');
	long n;

	if (v == NULL)
		pp_die_at(PP_EXIT_DATA, path, ln, "'%s' is not 'key value'", s);
	*v++ = '\0';
	if (strcmp(s, "schedule") == 0) {
		free(st->sched);
		if (schedule_parse(v, &st->sched, &st->nsched) != 0)
			pp_die_at(PP_EXIT_DATA, path, ln, "schedule '%s' is "
			    "not percentages above 0 and at most 100, "
			    "increasing", v);
	} else if (strcmp(s, "step") == 0) {
		if (parse_long(v, 1, 1000000, &n) != 0)
			pp_die_at(PP_EXIT_DATA, path, ln, "step '%s' is not "
			    "a whole number from 1", v);
		st->step = (size_t)n;
		st->step_line = ln;
	} else if (strcmp(s, "status") == 0) {
		if (strcmp(v, "active") != 0 && strcmp(v, "rolled_back") != 0)
			pp_die_at(PP_EXIT_DATA, path, ln, "status '%s' is "
			    "not active or rolled_back", v);
		st->rolled_back = strcmp(v, "rolled_back") == 0;
	} else if (strcmp(s, "reason") == 0) {
		free(st->reason);
		st->reason = xstrdup(v);
	} else
		pp_die_at(PP_EXIT_DATA, path, ln, "unknown key '%s'", s);
}

/* Reads the state from fd, locked; an empty file is a new rollout. */
static void
state_read(const char *path, int fd, struct rstate *st)
{
	struct buf b = BUF_INIT;
	char chunk[4096], *p, *nl;
	unsigned long ln = 0;
	ssize_t r;

	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0)
			pp_die_errno(PP_EXIT_SYS, "%s", path);
		buf_add(&b, chunk, (size_t)r);
	}
	if (b.len == 0)
		return;
	if (memchr(b.p, '\0', b.len) != NULL)
		pp_die_at(PP_EXIT_DATA, path, 0, "a NUL byte: not a state "
		    "file of pp-abtest rollout");
	if (b.p[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	for (p = buf_nul(&b); (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		ln++;
		if (*p != '#' && *p != '\0')
			state_line(path, ln, p, st);
	}
	buf_free(&b);
	if (st->sched == NULL || st->step == 0)
		pp_die_at(PP_EXIT_DATA, path, 0, "no %s: not a state file of "
		    "pp-abtest rollout", st->sched == NULL ? "schedule" :
		    "step");
	if (st->step > st->nsched)
		pp_die_at(PP_EXIT_DATA, path, st->step_line, "step %zu is "
		    "beyond the %zu of the schedule", st->step, st->nsched);
}

/* Writes st to path; a line each, so a reason's line breaks are spaces. */
static void
state_write(const char *path, const struct rstate *st)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_adds(&b, "# pp-abtest rollout: the state of a rollout; remove "
	    "the file to start again\nschedule ");
	schedule_text(&b, st->sched, st->nsched);
	buf_printf(&b, "\nstep %zu\nstatus %s\n", st->step,
	    st->rolled_back ? "rolled_back" : "active");
	if (st->reason != NULL) {
		for (p = st->reason; (p = strpbrk(p, "\r\n")) != NULL; p++)
			*p = ' ';
		buf_printf(&b, "reason %s\n", st->reason);
	}
	statefile_replace(path, &b);
	buf_free(&b);
}

/*
 * The comparison of the data so far, as analyze makes it: R_ROLLBACK
 * when a variant is slower, R_HOLD when the data cannot say yet, else
 * R_ADVANCE; *why says why (owned by the caller).
 */
static int
judge(struct ab *ab, char **files, size_t nfiles, char **why)
{
	size_t i;
	int v;

	read_values(ab, files, nfiles);
	if (ab->metrics.n == 0) {
		*why = xasprintf("no records with a variant field ('%s') and "
		    "a value yet", ab->variant_field);
		return R_HOLD;
	}
	for (i = 0; i < ab->metrics.n; i++) {
		const struct metric_set *m = ab->metrics.ent[i].val;

		if (m->narms < 2) {
			*why = m->narms == 0 ? xasprintf("no unit in one "
			    "variant only%s%s so far", *m->name ? " in " : "",
			    m->name) : xasprintf("only the variant '%s'%s%s "
			    "so far", m->arms[0].name, *m->name ? " in " : "",
			    m->name);
			return R_HOLD;
		}
	}
	analyze(ab);	/* ab->out is NULL: no records */
	if (ab->nverdict[V_SLOWER] > 0) {
		*why = xstrdup(ab->why[V_SLOWER]);
		return R_ROLLBACK;
	}
	for (v = V_SRM; v >= V_INSUFFICIENT; v--)
		if (ab->nverdict[v] > 0) {
			*why = xstrdup(ab->why[v]);
			return R_HOLD;
		}
	if (strcmp(ab->decision, "continue") == 0) {
		*why = xasprintf("inconclusive: no change of %g%% shown or "
		    "ruled out; %.0f %s per arm needed", ab->min_effect * 100,
		    ab->needed, ab->unit_field ? "units" : "values");
		return R_HOLD;
	}
	*why = xstrdup(ab->why[V_FASTER] != NULL ? ab->why[V_FASTER] :
	    "no variant is slower");
	return R_ADVANCE;
}

/* What was decided: a coverage on its own, or a record with why. */
static void
rollout_output(struct ab *ab, int report, int d, double prev, double cov,
    const struct rstate *st, const char *why)
{
	struct rec *r = &ab->r;

	if (!report) {
		printf("%.10g%%\n", cov * 100);
		return;
	}
	ab->out = pp_open_output(&ab->c, ab->c.out_fmt, NULL);
	rec_clear(r);
	rec_put(r, "decision", decisions[d]);
	rec_put_num(r, "coverage_pct", cov * 100);
	rec_put_num(r, "previous_pct", prev * 100);
	rec_put_num(r, "step", st->rolled_back ? 0 : (double)st->step);
	rec_put_num(r, "steps", (double)st->nsched);
	rec_put(r, "reason", why);
	wr_record(ab->out, r);
}

/* A later --schedule than the state's is an error: the state's stays. */
static void
check_schedule(const struct ab *ab, const struct rstate *st)
{
	size_t i;

	if (ab->schedule_arg == NULL)
		return;
	for (i = 0; i < st->nsched && st->nsched == ab->nschedule; i++)
		if (fabs(st->sched[i] - ab->schedule[i]) > 1e-12)
			break;
	if (i != st->nsched || st->nsched != ab->nschedule) {
		struct buf b = BUF_INIT;

		schedule_text(&b, st->sched, st->nsched);
		pp_usage_error("--schedule: '%s' is not the schedule of %s, "
		    "%s: remove the state file to change it",
		    ab->schedule_arg, ab->state, buf_nul(&b));
	}
}

/* The next state of st by the comparison; the decision. */
static int
rollout_step(struct ab *ab, char **files, size_t nfiles, struct rstate *st,
    char **why)
{
	int d;

	if (st->rolled_back) {
		*why = xstrdup(st->reason != NULL ? st->reason : "");
		return R_ROLLED_BACK;
	}
	if (st->step == 0) {
		st->step = 1;
		*why = xstrdup("a new rollout: the first step");
		return R_START;
	}
	d = judge(ab, files, nfiles, why);
	if (d == R_ROLLBACK) {
		st->rolled_back = 1;
		st->reason = xstrdup(*why);
	} else if (d == R_ADVANCE && st->step == st->nsched)
		d = R_COMPLETE;
	else if (d == R_ADVANCE)
		st->step++;
	return d;
}

int
rollout(struct ab *ab, char **files, size_t nfiles)
{
	struct rstate st;
	double prev, cov;
	char *why = NULL, *p;
	int fd, d, report = ab->c.out_fmt != FMT_AUTO;

	memset(&st, 0, sizeof(st));
	fd = statefile_lock(ab->state);
	state_read(ab->state, fd, &st);
	if (st.sched == NULL) {
		if (ab->schedule_arg == NULL)
			parse_schedule(DEFAULT_SCHEDULE, &ab->schedule,
			    &ab->nschedule);
		st.sched = xcalloc(ab->nschedule, sizeof(*st.sched));
		memcpy(st.sched, ab->schedule, ab->nschedule *
		    sizeof(*st.sched));
		st.nsched = ab->nschedule;
	} else
		check_schedule(ab, &st);
	prev = st.rolled_back || st.step == 0 ? 0 : st.sched[st.step - 1];
	d = rollout_step(ab, files, nfiles, &st, &why);
	cov = st.rolled_back ? 0 : st.sched[st.step - 1];
	rollout_output(ab, report, d, prev, cov, &st, why);
	/*
	 * The coverage reaches its reader before the state moves on: a run
	 * whose output is lost leaves the state as it was.
	 */
	wr_close(ab->out);
	ab->out = NULL;
	if (fflush(stdout) == 0 && !ferror(stdout) && d != R_ROLLED_BACK &&
	    d != R_HOLD)
		state_write(ab->state, &st);
	/* Said once, even with -q, on one line: cron mails it to a person. */
	if (d == R_ROLLBACK) {
		for (p = why; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		fprintf(stderr, "%s: rolled back to 0%%: %s\n", pp_getprog(),
		    why);
	}
	close(fd);
	free(why);
	free(st.sched);
	free(st.reason);
	if (d == R_ROLLBACK || d == R_ROLLED_BACK)
		return PP_EXIT_FAIL;
	return d == R_HOLD ? PP_EXIT_HOLD : PP_EXIT_OK;
}
