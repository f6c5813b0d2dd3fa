/*
 * pp-sample's output path: every record goes through emit, which flags
 * anomalies, gathers the terminal summary and feeds the history; and the
 * --self measures of the sampler's own cost.
 */
#include <sys/resource.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "metric.h"
#include "sample.h"
#include "stats.h"
#include "human.h"
#include "units.h"

/*
 * The factor from a record's unit to its base unit (ms: 0.001), so that
 * a series that mixes ms and s is scored on one scale.  The last unit
 * seen is remembered: a stream rarely changes units.
 */
static double
unit_factor(const struct rec *r)
{
	static char last[32];
	static double factor = 1;
	const char *u, *base;

	if ((u = rec_get(r, mnames()->unit)) == NULL || *u == '\0')
		return 1;
	if (strcmp(u, last) != 0) {
		if (unit_base(u, &base, &factor) != 0)
			factor = 1;
		snprintf(last, sizeof(last), "%s", u);
		if (strcmp(u, last) != 0)	/* too long to remember */
			last[0] = '\0';
	}
	return factor;
}

/* Where a value lies against its series' baseline. */
static int
anomaly(struct sampler *s, struct rec *r)
{
	const struct metric_names *mn = mnames();
	struct hmap_entry *e;
	struct window *w;
	const char *text, *flag = "";
	char z[32] = "", base[32] = "";
	double x, center, spread, score, unit;

	if (metric_value(r, &s->c, &x, &text) != 0)
		return -1;
	unit = unit_factor(r);
	x *= unit;
	series_key(r, &s->c, &s->key);
	e = hmap_put(&s->series, s->key.p, s->key.len);
	if ((w = e->val) == NULL) {
		w = e->val = xmalloc(sizeof(*w));
		window_init(w, (size_t)s->window);
	}
	if ((long)w->n >= s->min_samples) {
		if (s->robust) {
			/*
			 * The modified z-score of Iglewicz and Hoaglin
			 * (1993): MAD_Z (x - median) / MAD.
			 */
			window_median_mad(w, &center, &spread);
			spread /= MAD_Z;
		} else
			window_mean_sd(w, &center, &spread);
		/*
		 * Values near the largest double overflow the mean: what
		 * is not a finite number is left empty, as no reader
		 * takes inf or nan back.
		 */
		if (isfinite(center / unit))	/* in the record's unit */
			fmt_num(center / unit, base);
		if (!isfinite(center))
			;
		else if (spread > 0) {
			score = (x - center) / spread;
			if (isfinite(score))
				fmt_num(score, z);
			if (fabs(score) >= s->sigma)
				flag = score > 0 ? "high" : "low";
		} else if (spread == 0 && x != center)
			flag = x > center ? "high" : "low";
	}
	if (isfinite(x))	/* not when its base unit overflows */
		window_add(w, x);
	rec_set(r, mn->zscore, z);
	rec_set(r, mn->baseline, base);
	rec_set(r, mn->anomaly, flag);
	return *flag != '\0';
}

struct sumstat {
	const char	*unit;
	double		*v;
	size_t		 n;
	size_t		 cap;
};

static void
summary_value(struct sampler *s, const char *metric, const char *unit,
    double x)
{
	struct hmap_entry *e;
	struct sumstat *st;

	e = hmap_put(&s->stats, metric, strlen(metric));
	if ((st = e->val) == NULL) {
		st = e->val = xcalloc(1, sizeof(*st));
		st->unit = interns(unit != NULL ? unit : "");
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->v = xreallocarray(st->v, st->cap, sizeof(*st->v));
	}
	st->v[st->n++] = x;
}

static void
summary_add(struct sampler *s, const struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *m, *text, *unit;
	double x;
	size_t i;

	if (s->wide) {
		for (i = 0; i < r->n; i++)
			if ((unit = measure_unit(r->name[i])) != NULL &&
			    parse_double(rec_val(r, i), &x) == 0)
				summary_value(s, r->name[i], unit, x);
		return;
	}
	if ((m = rec_get(r, mn->metric)) != NULL &&
	    metric_value(r, &s->c, &x, &text) == 0)
		summary_value(s, m, rec_get(r, mn->unit), x);
}

void
summary_print(struct sampler *s)
{
	char mean[48], sd[48], med[48], lo[48], hi[48];
	struct moments mo;
	struct sumstat *st;
	size_t i, j;
	int p = s->c.view.precision;

	for (i = 0; i < s->stats.n; i++) {
		st = s->stats.ent[i].val;
		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < st->n; j++)
			moments_add(&mo, st->v[j]);
		human_text(mo.mean, st->unit, p, mean);
		human_text(moments_sd(&mo), st->unit, p, sd);
		human_text(stat_median(st->v, st->n), st->unit, p, med);
		human_text(mo.min, st->unit, p, lo);
		human_text(mo.max, st->unit, p, hi);
		printf("%-22s %10s ± %-10s  median %10s   %10s … %s\n",
		    s->stats.ent[i].key, mean, sd, med, lo, hi);
	}
	printf("%ld run%s, %ld failed\n", s->nruns, s->nruns == 1 ? "" : "s",
	    s->nfailed);
}

void
emit(struct sampler *s, struct rec *r)
{
	if (s->sigma > 0 && anomaly(s, r) == 0 && s->anomalies_only)
		return;
	if (s->summary)
		summary_add(s, r);
	else
		wr_record(s->out, r);
	if (s->hist != NULL)
		hist_add(s->hist, r);
}

static void
check_overhead(struct sampler *s, double overhead, double elapsed)
{
	if (overhead > 0.02 && elapsed >= 1 && !s->overhead_warned) {
		pp_warn("own overhead is %.1f%% of the elapsed time (over 2%%)",
		    overhead * 100);
		s->overhead_warned = 1;
	}
}

/* Own CPU time so far, and its share of the elapsed time. */
void
self_measure(struct sampler *s, double *cpu, double *overhead)
{
	struct rusage ru;
	double elapsed;

	getrusage(RUSAGE_SELF, &ru);
	*cpu = timeval_sec(&ru.ru_utime) + timeval_sec(&ru.ru_stime);
	elapsed = mono_now() - s->start_mono;
	*overhead = elapsed > 0 ? *cpu / elapsed : 0;
	check_overhead(s, *overhead, elapsed);
}

void
self_columns(struct sampler *s, struct rec *wide)
{
	char num[32];
	double cpu, overhead;

	self_measure(s, &cpu, &overhead);
	rec_set(wide, interns("sampler.cpu_time"), fmt_num(cpu, num));
	rec_set(wide, interns("sampler.overhead"), fmt_num(overhead, num));
}

void
emit_self(struct sampler *s, const struct rec *labels)
{
	static const char *const metric[] = { "sampler.cpu_time",
	    "sampler.overhead" };
	static const char *const unit[] = { "s", "ratio" };
	struct rec r;
	char ts[PP_TIME_LEN], num[32];
	double v[2];
	size_t k;

	self_measure(s, &v[0], &v[1]);
	if (s->summary)
		return;
	time_format(time_now(), ts);
	rec_init(&r);
	for (k = 0; k < 2; k++) {
		metric_rec(&r, ts, metric[k], fmt_num(v[k], num), unit[k],
		    labels);
		emit(s, &r);
	}
	rec_free(&r);
}

void
emit_free(struct sampler *s)
{
	size_t i;

	for (i = 0; i < s->series.n; i++) {
		window_free(s->series.ent[i].val);
		free(s->series.ent[i].val);
	}
	hmap_free(&s->series);
	buf_free(&s->key);
	for (i = 0; i < s->stats.n; i++) {
		struct sumstat *st = s->stats.ent[i].val;

		free(st->v);
		free(st);
	}
	hmap_free(&s->stats);
}
