/*
 * pp-abtest analyze --plan: the sample size per arm that detects --mde
 * with --power, from a coefficient of variation or a pilot's values.
 */
#include <math.h>
#include <string.h>

#include "abtest.h"
#include "htest.h"
#include "stats.h"

void
plan(struct ab *ab, char **files, size_t nfiles)
{
	struct rec *r = &ab->r;
	double alpha = 1 - ab->confidence, sd, mean;
	size_t i, j;

	if (ab->sd > 0) {
		rec_clear(r);
		rec_put(r, "metric", "");
		rec_put_num(r, "mde_pct", ab->mde * 100);
		rec_put_num(r, "power", ab->power);
		rec_put_num(r, "alpha", alpha);
		rec_put_num(r, "cv", ab->sd);
		rec_put_num(r, "n_per_arm", sample_size(ab->mde, ab->sd, alpha,
		    ab->power));
		wr_record(ab->out, r);
		return;
	}
	(void)files;
	(void)nfiles;
	for (i = 0; i < ab->metrics.n; i++) {
		struct metric_set *m = ab->metrics.ent[i].val;
		struct moments mo;

		memset(&mo, 0, sizeof(mo));
		for (j = 0; j < m->arms[0].n; j++)
			moments_add(&mo, m->arms[0].v[j]);
		sd = moments_sd(&mo);
		mean = mo.mean;
		rec_clear(r);
		rec_put(r, "metric", m->name);
		rec_put_num(r, "mde_pct", ab->mde * 100);
		rec_put_num(r, "power", ab->power);
		rec_put_num(r, "alpha", alpha);
		rec_put_num(r, "cv", mean != 0 ? sd / fabs(mean) : NAN);
		rec_put_num(r, "n_per_arm", mean != 0 && sd > 0 ?
		    sample_size(ab->mde * fabs(mean), sd, alpha, ab->power) :
		    NAN);
		wr_record(ab->out, r);
	}
}
