/*
 * verify: a finding's target in the traces before a change and after it,
 * compared with a Mann-Whitney test and the Hodges-Lehmann shift; keep or
 * rollback.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hmap.h"
#include "htest.h"
#include "optimize.h"
#include "rec.h"
#include "stats.h"
#include "wr.h"

/* The root of a trace: its longest span without a parent. */
static const struct span *
trace_root(const struct trace *t)
{
	const struct span *root = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->s[i].up == SIZE_MAX && (root == NULL ||
		    t->s[i].dur > root->dur))
			root = &t->s[i];
	return root;
}

/*
 * The time a trace spends on a finding's target: for batching and
 * parallelization the parent's duration (the change shortens it), for
 * the others the sum of the target's spans.  -1 if none is in it.
 */
static double
target_time(const struct trace *t, const struct finding *f)
{
	const struct span *s;
	double sum = 0;
	size_t i, n = 0;
	int hit;

	for (i = 0; i < t->n; i++) {
		s = &t->s[i];
		switch (f->type) {
		case F_BATCHING:
			hit = f->detail != NULL ? s->name == f->detail :
			    s->up == SIZE_MAX;
			break;
		case F_PARALLEL:
		case F_LAZY:
			hit = s->name == f->target;
			break;
		case F_MEMO:
			hit = s->fn == f->target;
			break;
		case F_POOLING:
			hit = s->kind == K_CONNECT && s->host == f->target;
			break;
		default:
			hit = s->target == f->target;
			break;
		}
		if (hit) {
			sum += s->dur;
			n++;
		}
	}
	return n > 0 ? sum : -1;
}

/*
 * The per-trace times of a target over the traces that have it, and
 * over those whose root is one of roots (those of the traces before
 * that had it), which count 0 if it is gone from them.
 */
static double *
target_times(const struct run *run, const struct finding *f,
    struct hmap *roots, int add_roots, size_t *n)
{
	double *v = xcalloc(run->traces.n + 1, sizeof(*v)), x;
	const struct span *root;
	size_t i;

	*n = 0;
	for (i = 0; i < run->traces.n; i++) {
		const struct trace *t = run->traces.ent[i].val;

		x = target_time(t, f);
		root = trace_root(t);
		if (x >= 0) {
			v[(*n)++] = x;
			if (add_roots && root != NULL)
				hmap_put(roots, root->name,
				    strlen(root->name));
		} else if (!add_roots && root != NULL && hmap_get(roots,
		    root->name, strlen(root->name)) != NULL) {
			v[(*n)++] = 0;
		}
	}
	return v;
}

int
verify(struct run *before, const char *id, char *after_path, double alpha,
    int fmt)
{
	struct run after;
	struct finding *f = NULL;
	struct hmap roots;
	struct wr *w;
	struct rec r;
	double *b, *a, p, w_stat, mb, ma, diff, lo, hi, est;
	char num[32], fid[17];
	size_t nb, na, i;
	const char *decision;

	for (i = 0; i < before->findings.n; i++) {
		struct finding *g = before->findings.ent[i].val;

		finding_id(g->type, g->target, fid);
		if (strcmp(fid, id) == 0)
			f = g;
	}
	if (f == NULL)
		pp_die(PP_EXIT_DATA, "verify: no finding %s in the spans "
		    "before: run pp-optimize on them to list the ids", id);
	memset(&after, 0, sizeof(after));
	run_init(&after, before);
	after.keep = 1;
	run_read(&after, &after_path, 1);

	hmap_init(&roots);
	b = target_times(before, f, &roots, 1, &nb);
	a = target_times(&after, f, &roots, 0, &na);
	hmap_free(&roots);
	if (na < 2 || nb < 2)
		pp_die(PP_EXIT_DATA, "verify: %zu traces before and %zu after "
		    "have the finding's target '%s': at least 2 each are "
		    "needed", nb, na, f->target);
	stat_sort(b, nb);
	stat_sort(a, na);
	if (nb <= 50 && na <= 50)
		p = mann_whitney_exact_ties(b, nb, a, na, &w_stat);
	else
		p = mann_whitney_sorted(b, nb, a, na, &w_stat);
	mb = stat_quantile_sorted(b, nb, 0.5);
	ma = stat_quantile_sorted(a, na, 0.5);
	/* the shift and the verdict as pp-abtest gives them (no min-effect) */
	hodges_lehmann(b, nb, a, na, 1 - alpha, &diff, &lo, &hi);
	est = f->impact_s / (double)nb;
	decision = shift_verdict(p, alpha, lo, hi, 0) < 0 ? "keep" :
	    "rollback";

	rec_init(&r);
	rec_put(&r, "id", id);
	rec_put(&r, "type", ftype_name[f->type]);
	rec_put(&r, "target", f->target);
	snprintf(num, sizeof(num), "%zu", nb);
	rec_put(&r, "traces_before", num);
	snprintf(num, sizeof(num), "%zu", na);
	rec_put(&r, "traces_after", num);
	rec_put_num(&r, "median_before_s", mb);
	rec_put_num(&r, "median_after_s", ma);
	rec_put_num(&r, "diff_s", diff);
	rec_put_num(&r, "diff_lo_s", lo);
	rec_put_num(&r, "diff_hi_s", hi);
	rec_put_num(&r, "p_value", p);
	rec_put_num(&r, "estimated_s", est);
	rec_put_num(&r, "measured_s", -diff);
	rec_put(&r, "decision", decision);
	w = pp_open_output(&before->c, fmt, NULL);
	wr_record(w, &r);
	wr_close(w);
	rec_free(&r);
	if (strcmp(decision, "rollback") == 0)
		pp_warn("rollback: %s", diff >= 0 ? "the target takes no "
		    "less time after the change" : "the gain is not "
		    "significant");
	free(a);
	free(b);
	run_notes(&after);
	run_free(&after);
	return strcmp(decision, "keep") == 0 ? PP_EXIT_OK : PP_EXIT_FAIL;
}
