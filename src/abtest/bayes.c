/*
 * pp-abtest --engine bayes: the posterior of a variant's change against
 * the control, after GrowthBook's effect model, with its chance to win,
 * expected loss and credible interval, and the verdict they give.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "abtest.h"
#include "stats.h"

const struct opt_word ab_engine_words[] = {
	{ "freq", ENGINE_FREQ }, { "bayes", ENGINE_BAYES }, { NULL, 0 }
};

/*
 * E[max(0, L)] for L normal with mean m and sd s, the expected loss of
 * GrowthBook's risk: s phi(m/s) + m Phi(m/s).  Rounding can leave it a
 * hair below 0 far in the tail, where it is 0.
 */
static double
normal_loss(double m, double s)
{
	double t = m / s;

	return fmax(0, s * gsl_ran_ugaussian_pdf(t) + m *
	    gsl_cdf_ugaussian_P(t));
}

/*
 * The same of the ratio R = exp(D), D normal (mu, s), in relative terms:
 * E[max(0, R - 1)] = exp(mu + s^2/2) Phi(mu/s + s) - Phi(mu/s) when a
 * higher ratio is the loss, E[max(0, 1 - R)] = Phi(-mu/s) - exp(mu +
 * s^2/2) Phi(-mu/s - s) when a lower one is: the partial expectations
 * of the log-normal distribution.
 */
static double
lognormal_loss(double mu, double s, int higher_loses)
{
	double t = mu / s, e = exp(mu + s * s / 2);

	if (higher_loses)
		return fmax(0, e * gsl_cdf_ugaussian_P(t + s) -
		    gsl_cdf_ugaussian_P(t));
	return fmax(0, gsl_cdf_ugaussian_P(-t) - e *
	    gsl_cdf_ugaussian_P(-t - s));
}

/*
 * The data's estimate of d and its variance V.  The relative change by
 * the delta method (GrowthBook's statistical details, "Lift"): d =
 * (m_v - m_c) / |m_c|, V = s_v^2 / (m_c^2 n_v) + s_c^2 m_v^2 / (m_c^4
 * n_c); of log means, d = m_v - m_c, V = s_v^2 / n_v + s_c^2 / n_c.
 */
static int
estimate(const struct summary *c, const struct summary *v, int logs,
    double *d, double *V)
{
	double mc = c->mean, mc2 = mc * mc;

	if (c->n < 2 || v->n < 2)
		return -1;
	if (logs) {
		*d = v->mean - c->mean;
		*V = v->var / (double)v->n + c->var / (double)c->n;
	} else {
		if (mc == 0)
			return -1;
		*d = (v->mean - mc) / fabs(mc);
		*V = v->var / (mc2 * (double)v->n) + c->var * v->mean *
		    v->mean / (mc2 * mc2 * (double)c->n);
	}
	return *V > 0 && isfinite(*V) && isfinite(*d) ? 0 : -1;
}

int
bayes_posterior(const struct summary *c, const struct summary *v, int logs,
    int better, double prior_mean, double prior_sd, double conf,
    struct posterior *p)
{
	double d, V, prec, z, t;
	int lower = better != BETTER_HIGHER;

	memset(p, 0, sizeof(*p));
	if (estimate(c, v, logs, &d, &V) != 0)
		return -1;
	if (prior_sd > 0) {
		/* normal prior, normal likelihood: precisions add */
		prec = 1 / V + 1 / (prior_sd * prior_sd);
		p->mu = (d / V + prior_mean / (prior_sd * prior_sd)) / prec;
		p->sd = sqrt(1 / prec);
	} else {
		p->mu = d;
		p->sd = sqrt(V);
	}
	t = p->mu / p->sd;
	/* better is below 0 when lower is better, above 0 otherwise */
	p->ctw = gsl_cdf_ugaussian_P(lower ? -t : t);
	if (logs)
		p->loss = lognormal_loss(p->mu, p->sd, lower);
	else
		p->loss = normal_loss(lower ? p->mu : -p->mu, p->sd);
	z = gsl_cdf_ugaussian_Pinv((1 + conf) / 2);
	p->lo = p->mu - z * p->sd;
	p->hi = p->mu + z * p->sd;
	return 0;
}

/* The mean and the sample variance of a's values. */
static void
summarize(const struct arm *a, struct summary *s)
{
	struct moments mo;
	size_t i;

	memset(&mo, 0, sizeof(mo));
	for (i = 0; i < a->n; i++)
		moments_add(&mo, a->v[i]);
	s->mean = mo.mean;
	s->var = moments_sd(&mo) * moments_sd(&mo);
	s->n = a->n;
}

void
bayes(const struct ab *ab, const struct metric_set *m, const struct arm *c,
    const struct arm *v, struct compare *k)
{
	struct summary sc, sv;
	struct posterior p;
	double base;

	memset(k, 0, sizeof(*k));
	summarize(c, &sc);
	summarize(v, &sv);
	base = fabs(sc.mean);
	k->test = ab->log ? "bayes-log" : "bayes";
	k->stat = k->p = NAN;
	if (bayes_posterior(&sc, &sv, ab->log, m->better, ab->prior_mean,
	    ab->prior_sd, ab->confidence, &p) != 0) {
		/* no posterior: the observed change, no interval */
		k->diff = ab->log ? exp(sv.mean - sc.mean) : sv.mean - sc.mean;
		k->diff_pct = ab->log ? expm1(sv.mean - sc.mean) * 100 :
		    base != 0 ? k->diff / base * 100 : NAN;
		k->lo = k->hi = k->pct_lo = k->pct_hi = NAN;
		k->ctw = k->loss = NAN;
		return;
	}
	if (ab->log) {
		/* back from logs: ratios of geometric means */
		k->diff = exp(p.mu);
		k->lo = exp(p.lo);
		k->hi = exp(p.hi);
		k->diff_pct = expm1(p.mu) * 100;
		k->pct_lo = expm1(p.lo) * 100;
		k->pct_hi = expm1(p.hi) * 100;
	} else {
		k->diff = p.mu * base;
		k->lo = p.lo * base;
		k->hi = p.hi * base;
		k->diff_pct = p.mu * 100;
		k->pct_lo = p.lo * 100;
		k->pct_hi = p.hi * 100;
	}
	k->ctw = p.ctw;
	k->loss = p.loss;
}

int
bayes_verdict(const struct ab *ab, const struct compare *k)
{
	if (isnan(k->ctw))
		return V_NO_CHANGE;
	if (k->ctw >= ab->win_threshold && k->loss <= ab->max_risk)
		return V_FASTER;
	if (1 - k->ctw >= ab->win_threshold)
		return V_SLOWER;
	return V_NO_CHANGE;
}
