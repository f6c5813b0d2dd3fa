/*
 * pp-sample's filter mode: downsample a record stream by rate, by a hash
 * of a key field or at random, keeping --keep records always.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "hash.h"
#include "metric.h"
#include "rd.h"
#include "sample.h"
#include "units.h"

static int
kept_always(const struct sampler *s, const struct rec *r)
{
	const char *v;
	size_t i;

	for (i = 0; i < s->nkeeps; i++)
		if ((v = rec_get(r, s->keeps[i].name)) != NULL &&
		    strcmp(v, s->keeps[i].value) == 0)
			return 1;
	return 0;
}

static void
pass_bad(struct sampler *s, struct rd *rd, const struct rec *r,
    int same_fmt, const char *why)
{
	pp_badrec(r->file, r->line, "%s%s", why, same_fmt ? "" :
	    s->c.nmetrics > 0 ? " (not passed through: --metrics changes "
	    "the records)" : " (not passed through: the output format "
	    "differs)");
	if (same_fmt)
		wr_pass(s->out, rd);
}

/* sample_rate, times the one of a stream sampled before. */
static void
set_rate(struct rec *r, const char *name, double rate)
{
	const char *old = rec_get(r, name);
	char buf[32];
	double prev;

	if (old != NULL && parse_double(old, &prev) == 0 && prev > 0 &&
	    prev <= 1)
		rate *= prev;
	rec_set(r, name, fmt_num(rate, buf));
}

void
filter(struct sampler *s, char **files, size_t nfiles)
{
	const char *n_rate = mnames()->sample_rate;
	struct rdopts ro;
	struct rec *r;
	struct rd *rd;
	unsigned long long state = s->seed_set ? s->seed :
	    (unsigned long long)time_now() ^ ((unsigned long long)getpid() << 32), h;
	const char *v;
	char why[300];
	double u;
	int out_fmt, same, always;

	pp_common_rdopts(&s->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	out_fmt = s->c.out_fmt != FMT_AUTO ? s->c.out_fmt : rd_format(rd);
	s->out = pp_open_output(&s->c, out_fmt, NULL);
	same = out_fmt == rd_format(rd) && s->c.nmetrics == 0;
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pass_bad(s, rd, r, same, r->bad);
			continue;
		}
		always = kept_always(s, r);
		if (s->rate < 1 && !always) {
			if (s->sample_key != NULL) {
				if ((v = rec_get(r, s->sample_key)) == NULL) {
					snprintf(why, sizeof(why), "field "
					    "'%s' is missing", s->sample_key);
					pass_bad(s, rd, r, same, why);
					continue;
				}
				h = hash_bytes(v, strlen(v));
				h = splitmix64(&h);
			} else
				h = splitmix64(&state);
			u = (double)(h >> 11) * 0x1.0p-53;
			if (u >= s->rate)
				continue;
		}
		if (s->rate_set)
			set_rate(r, n_rate, always ? 1 : s->rate);
		if (s->sigma > 0) {
			const char *text;
			double x;
			int e = metric_value(r, &s->c, &x, &text);

			if (e != 0) {
				if (e > 0)
					snprintf(why, sizeof(why), "field "
					    "'%s' is missing", s->c.field);
				else
					snprintf(why, sizeof(why), "field "
					    "'%s': '%.200s' is not a number",
					    s->c.field, text);
				pass_bad(s, rd, r, same, why);
				continue;
			}
		}
		emit(s, r);
	}
	rd_close(rd);
}
