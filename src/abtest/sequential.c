/*
 * pp-abtest --sequential: the mixture sequential probability ratio
 * test, whose p-values stay valid however often they are looked at.
 */
#include <math.h>
#include <string.h>

#include "abtest.h"
#include "stats.h"

/*
 * The mixture sequential probability ratio test of the difference of
 * means (Johari, Pekelis & Walsh 2017, "Always valid inference"): with
 * V the variance of the difference and tau^2 the mixing variance (the
 * minimum effect, squared), Lambda = sqrt(V / (V + tau^2))
 * exp(d^2 tau^2 / (2 V (V + tau^2))); p = min(1, 1 / Lambda), and the
 * always-valid interval d +- sqrt(V (V + tau^2) / tau^2 (ln((V + tau^2)
 * / V) + 2 ln(1 / alpha))).
 */
void
sequential(struct ab *ab, const struct arm *c, const struct arm *v,
    struct compare *k)
{
	struct moments mc, mv;
	double V, tau2, d, lam, half, alpha = 1 - ab->confidence, base;
	size_t i;

	memset(&mc, 0, sizeof(mc));
	memset(&mv, 0, sizeof(mv));
	for (i = 0; i < c->n; i++)
		moments_add(&mc, c->v[i]);
	for (i = 0; i < v->n; i++)
		moments_add(&mv, v->v[i]);
	V = moments_sd(&mc) * moments_sd(&mc) / (double)c->n +
	    moments_sd(&mv) * moments_sd(&mv) / (double)v->n;
	base = fabs(mc.mean);
	tau2 = ab->min_effect * base * ab->min_effect * base;
	if (tau2 <= 0)
		tau2 = V > 0 ? V : 1;
	d = mv.mean - mc.mean;
	k->test = "msprt";
	k->diff = d;
	if (V <= 0) {
		k->p = d == 0 ? 1 : 0;
		k->lo = k->hi = d;
	} else {
		lam = sqrt(V / (V + tau2)) * exp(d * d * tau2 /
		    (2 * V * (V + tau2)));
		k->p = fmin(1, 1 / lam);
		half = sqrt(V * (V + tau2) / tau2 * (log((V + tau2) / V) +
		    2 * log(1 / alpha)));
		k->lo = d - half;
		k->hi = d + half;
	}
	k->stat = k->p > 0 ? 1 / k->p : NAN;	/* Lambda, when finite */
	k->diff_pct = base != 0 ? d / base * 100 : NAN;
	k->pct_lo = base != 0 ? k->lo / base * 100 : NAN;
	k->pct_hi = base != 0 ? k->hi / base * 100 : NAN;
}
