/*
 * pp-abtest assign: the variant of each record's unit, by GrowthBook's
 * deterministic bucketing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "abtest.h"
#include "bucket.h"
#include "diag.h"
#include "rd.h"

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
	ab->out = wr_open(stdout, "standard output", fmt);
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
