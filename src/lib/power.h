/*
 * The power of Student's two-sample t-test, two-sided, and the sample
 * size per arm that reaches a power: R's power.t.test (strict = FALSE).
 */
#ifndef PP_POWER_H
#define PP_POWER_H

/* P(T > t) for T noncentral t with df degrees of freedom and
 * noncentrality ncp; NAN if df is not above 0. */
double	 nct_sf(double t, double df, double ncp);

/*
 * The power of the two-sided two-sample t-test at level alpha, n values
 * per arm, for a true difference delta when the standard deviation is sd:
 * P(T > t(1 - alpha/2, 2n - 2)), T noncentral t with 2n - 2 degrees of
 * freedom and noncentrality sqrt(n/2) delta/sd.  The other tail, where
 * the test finds the wrong sign, is not counted.
 */
double	 t2_power(double n, double delta, double sd, double alpha);

/*
 * The smallest n per arm, at least 2, whose t2_power reaches power:
 * R's power.t.test(delta = delta, sd = sd, sig.level = alpha,
 * power = power)$n rounded up.  NAN if delta or sd is not above 0, or
 * n would be above 1e15.
 */
double	 t2_sample_size(double delta, double sd, double alpha, double power);

#endif /* PP_POWER_H */
