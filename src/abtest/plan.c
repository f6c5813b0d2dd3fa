/*
 * pp-abtest analyze --plan: the sample size per arm with which the
 * verdict finds a difference of --mde with probability --power, from a
 * coefficient of variation or a pilot's values.
 */
#include <math.h>
#include <string.h>

#include "abtest.h"
#include "diag.h"
#include "power.h"
#include "stats.h"

/*
 * A verdict of faster or slower needs p below alpha and the interval
 * clear of --min-effect: for a true difference of --mde, the interval's
 * near end must be above the margin, which is a t-test of mde -
 * min_effect, a test of superiority by a margin.  Sizing for mde alone
 * (as if the margin were 0) gives the verdict about half the power.
 * delta is relative to the mean, sd the coefficient of variation.
 */
static double
plan_n(const struct ab *ab, double delta, double sd)
{
	return t2_sample_size(delta - ab->min_effect, sd, 1 - ab->confidence,
	    ab->power);
}

static void
plan_record(struct ab *ab, const char *metric, double cv, double n)
{
	struct rec *r = &ab->r;

	rec_clear(r);
	rec_put(r, "metric", metric);
	rec_put_num(r, "mde_pct", ab->mde * 100);
	rec_put_num(r, "min_effect_pct", ab->min_effect * 100);
	rec_put_num(r, "power", ab->power);
	rec_put_num(r, "alpha", 1 - ab->confidence);
	rec_put_num(r, "cv", cv);
	rec_put_num(r, "n_per_arm", n);
	wr_record(ab->out, r);
}

void
plan(struct ab *ab, char **files, size_t nfiles)
{
	double sd, mean, cv;
	size_t i, j;

	(void)files;
	(void)nfiles;
	if (ab->mde <= ab->min_effect)
		pp_usage_error("--plan: --mde %g%% is not above --min-effect "
		    "%g%%: no number of values shows a difference of at least "
		    "--min-effect when the true one is --mde", ab->mde * 100,
		    ab->min_effect * 100);
	if (ab->sd > 0) {
		plan_record(ab, "", ab->sd, plan_n(ab, ab->mde, ab->sd));
		return;
	}
	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;
		struct moments mo;

		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < m->arms[0].n; j++)
			moments_add(&mo, m->arms[0].v[j]);
		sd = moments_sd(&mo);
		mean = mo.mean;
		cv = mean != 0 ? sd / fabs(mean) : NAN;
		plan_record(ab, m->name, cv, mean != 0 && sd > 0 ?
		    plan_n(ab, ab->mde, cv) : NAN);
	}
}
