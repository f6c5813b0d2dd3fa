/*
 * pp-abtest assign: the variant of each record's unit, by GrowthBook's
 * deterministic bucketing, and the NAME=WEIGHT lists of --variants and
 * --weights.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abtest.h"
#include "bucket.h"
#include "diag.h"
#include "rd.h"
#include "units.h"

void
assign(struct ab *ab, char **files, size_t nfiles)
{
	const char *n_key = interns(ab->key_field);
	const char *n_var = interns(ab->variant_field);
	double *ranges = xcalloc(2 * ab->nv, sizeof(*ranges));
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	const char *key;
	int i, fmt;

	gb_bucket_ranges(ab->nv, ab->coverage, ab->weights, ab->nv, ranges);
	pp_common_rdopts(&ab->c, &ro);
	rd = rd_open(files, nfiles, &ro);
	fmt = pp_output_format(&ab->c, 0, rd_format(rd));
	ab->out = pp_open_output(&ab->c, fmt, NULL);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			if (fmt == rd_format(rd))
				wr_pass(ab->out, rd);
			continue;
		}
		if ((key = rec_get(r, n_key)) == NULL || *key == '\0') {
			pp_badrec(r->file, r->line, "field '%s' is missing: "
			    "no variant", ab->key_field);
			i = -1;
		} else
			i = gb_choose(gb_hash(ab->seed, key, 2), ranges,
			    ab->nv);
		rec_set(r, n_var, i >= 0 ? ab->vnames[i] : "");
		wr_record(ab->out, r);
	}
	rd_close(rd);
	free(ranges);
}

void
parse_weights(const char *opt, const char *arg, char ***names, double **w,
    size_t *n)
{
	const char *p = arg, *q, *eq;
	double v, sum = 0;
	char num[64];

	while (*p != '\0') {
		q = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(q - p));
		if (eq == NULL || eq == p || (size_t)(q - eq - 1) >= sizeof(num))
			pp_usage_error("%s: '%s' is not NAME=WEIGHT,...", opt,
			    arg);
		memcpy(num, eq + 1, (size_t)(q - eq - 1));
		num[q - eq - 1] = '\0';
		if (parse_percent(num, &v) != 0 || v < 0)
			pp_usage_error("%s: '%s': weight '%s' is not a number "
			    "of 0 or more", opt, arg, num);
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		*w = xreallocarray(*w, *n + 1, sizeof(**w));
		(*names)[*n] = xstrndup(p, (size_t)(eq - p));
		(*w)[*n] = v;
		sum += v;
		(*n)++;
		p = *q ? q + 1 : q;
	}
	if (*n == 0 || sum <= 0)
		pp_usage_error("%s: '%s': the weights sum to 0", opt, arg);
	for (size_t i = 0; i < *n; i++)
		(*w)[i] /= sum;
}
