/*
 * Regression and hypothesis tests.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "diag.h"
#include "power.h"
#include "stats.h"
#include "htest.h"

int
ols_fit(const double *x, const double *y, size_t n, struct ols *o)
{
	double xbar = 0, ybar = 0, sxx = 0, sxy = 0, syy = 0, dx, dy, sse;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->n = n;
	if (n < 3)
		return -1;
	for (i = 0; i < n; i++) {
		xbar += x[i];
		ybar += y[i];
	}
	xbar /= (double)n;
	ybar /= (double)n;
	for (i = 0; i < n; i++) {
		dx = x[i] - xbar;
		dy = y[i] - ybar;
		sxx += dx * dx;
		sxy += dx * dy;
		syy += dy * dy;
	}
	if (sxx <= 0)
		return -1;
	o->slope = sxy / sxx;
	o->intercept = ybar - o->slope * xbar;
	o->xbar = xbar;
	o->sxx = sxx;
	/*
	 * The residuals themselves: Syy - b Sxy cancels to a few digits on
	 * a near-exact line, and the slope's interval grows with the error.
	 */
	sse = 0;
	for (i = 0; i < n; i++) {
		dy = (y[i] - ybar) - o->slope * (x[i] - xbar);
		sse += dy * dy;
	}
	o->s2 = sse / (double)(n - 2);
	o->se_slope = sqrt(o->s2 / sxx);
	o->r2 = syy > 0 ? 1 - sse / syy : 0;
	/* Values near DBL_MAX overflow the sums: no line to tell. */
	if (!isfinite(o->slope) || !isfinite(o->intercept) ||
	    !isfinite(o->s2))
		return -1;
	return 0;
}

int
p_below(double p, double alpha)
{
	return p < alpha - fabs(alpha) * 1e-12;
}

double
t_quantile(double conf, double df)
{
	return gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, df);
}

void
ols_slope_ci(const struct ols *o, double conf, double *lo, double *hi)
{
	double t = t_quantile(conf, (double)o->n - 2);

	*lo = o->slope - t * o->se_slope;
	*hi = o->slope + t * o->se_slope;
}

void
ols_predict(const struct ols *o, double x0, double conf, double *y,
    double *lo, double *hi)
{
	double t = t_quantile(conf, (double)o->n - 2), dx = x0 - o->xbar, se;

	*y = o->intercept + o->slope * x0;
	se = sqrt(o->s2 * (1 + 1 / (double)o->n + dx * dx / o->sxx));
	*lo = *y - t * se;
	*hi = *y + t * se;
}

/*
 * The number of arrangements of the U statistic for sizes m and n, from
 * the generating function prod_{k=1..m} (1 - q^(n+k)) / (1 - q^k)
 * (Mann & Whitney 1947); counts[u] for u in [0, mn].
 */
static double *
u_counts(size_t m, size_t n)
{
	size_t deg = m * n, k, u;
	double *c = xcalloc(deg + 1, sizeof(*c));

	c[0] = 1;
	for (k = 1; k <= m; k++) {
		/* multiply by 1 - q^(n+k), from the top down */
		for (u = deg; u >= n + k; u--)
			c[u] -= c[u - n - k];
		/* divide by 1 - q^k: a running sum with stride k */
		for (u = k; u <= deg; u++)
			c[u] += c[u - k];
	}
	return c;
}

double
mann_whitney_exact(size_t na, size_t nb, double w)
{
	double *c = u_counts(na, nb), total = 0, tail = 0, p;
	size_t deg = na * nb, u, q;

	for (u = 0; u <= deg; u++)
		total += c[u];
	/*
	 * As R: P(W >= w) above the middle, else P(W <= w).  The upper
	 * tail is summed as the lower one of deg - w (the distribution is
	 * symmetric), whose counts are the exact small ones.
	 */
	if (w > (double)deg / 2) {
		q = deg - (size_t)ceil(w);
		for (u = 0; u <= q; u++)
			tail += c[u];
	} else {
		q = (size_t)floor(w);
		for (u = 0; u <= q; u++)
			tail += c[u];
	}
	free(c);
	p = 2 * tail / total;
	return p > 1 ? 1 : p;
}

struct ranked {
	double	 v;
	int	 from_a;
};

static int
cmp_ranked(const void *x, const void *y)
{
	double a = ((const struct ranked *)x)->v;
	double b = ((const struct ranked *)y)->v;

	return (a > b) - (a < b);
}

double
mann_whitney(const double *a, size_t na, const double *b, size_t nb,
    double *w)
{
	struct ranked *all;
	size_t n = na + nb, i, j, t;
	double ranksum = 0, ties = 0, rank, z, sigma, corr, p;

	*w = NAN;
	if (na == 0 || nb == 0)
		return NAN;
	all = xcalloc(n, sizeof(*all));
	for (i = 0; i < na; i++) {
		all[i].v = a[i];
		all[i].from_a = 1;
	}
	for (i = 0; i < nb; i++)
		all[na + i].v = b[i];
	qsort(all, n, sizeof(*all), cmp_ranked);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		t = j - i;
		rank = ((double)i + 1 + (double)j) / 2;	/* mean rank */
		for (size_t k = i; k < j; k++)
			if (all[k].from_a)
				ranksum += rank;
		if (t > 1)
			ties += (double)t * (double)t * (double)t - (double)t;
	}
	free(all);
	*w = ranksum - (double)na * ((double)na + 1) / 2;
	if (na < 50 && nb < 50 && ties == 0)
		return mann_whitney_exact(na, nb, *w);
	z = *w - (double)na * (double)nb / 2;
	sigma = sqrt((double)na * (double)nb / 12 * (((double)n + 1) -
	    ties / ((double)n * ((double)n - 1))));
	if (sigma == 0)
		return 1;
	corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
	z = (z - corr) / sigma;
	p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
	return p > 1 ? 1 : p;
}

struct idx_value {
	double	 v;
	size_t	 i;
};

static int
cmp_idx_value(const void *x, const void *y)
{
	double a = ((const struct idx_value *)x)->v;
	double b = ((const struct idx_value *)y)->v;

	return (a > b) - (a < b);
}

/*
 * The point farthest from the mean is always the smallest or the largest
 * left, so the values are sorted once and removed from either end, with
 * the sums kept around the median: O(n log n) however many are tested.
 */
double
mann_whitney_sorted(const double *a, size_t na, const double *b, size_t nb,
    double *w)
{
	size_t i = 0, j = 0, pos = 0, ta, tb, t;
	double ranksum = 0, ties = 0, v, rank, n = (double)(na + nb), z;
	double sigma, corr, p;

	*w = NAN;
	if (na == 0 || nb == 0)
		return NAN;
	/* Merge: each run of equal values shares its mean rank. */
	while (i < na || j < nb) {
		v = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
		for (ta = 0; i < na && a[i] == v; i++)
			ta++;
		for (tb = 0; j < nb && b[j] == v; j++)
			tb++;
		t = ta + tb;
		rank = (double)pos + ((double)t + 1) / 2;
		ranksum += rank * (double)ta;
		if (t > 1)
			ties += (double)t * (double)t * (double)t - (double)t;
		pos += t;
	}
	*w = ranksum - (double)na * ((double)na + 1) / 2;
	if (na < 50 && nb < 50 && ties == 0)
		return mann_whitney_exact(na, nb, *w);
	z = *w - (double)na * (double)nb / 2;
	sigma = sqrt((double)na * (double)nb / 12 * ((n + 1) -
	    ties / (n * (n - 1))));
	if (sigma == 0)
		return 1;
	corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
	z = (z - corr) / sigma;
	p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
	return p > 1 ? 1 : p;
}

double
mann_whitney_exact_ties(const double *a, size_t na, const double *b,
    size_t nb, double *w)
{
	size_t n = na + nb, i = 0, j = 0, pos = 0, ta, tb, t, k, s, top;
	long *r2 = xcalloc(n + 1, sizeof(*r2)), obs = 0, sum;
	double *cnt, lo = 0, hi = 0, total = 0, v, p;

	*w = NAN;
	if (na == 0 || nb == 0) {
		free(r2);
		return NAN;
	}
	/* doubled midranks, all integers; the observed doubled rank sum */
	while (i < na || j < nb) {
		v = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
		for (ta = 0; i < na && a[i] == v; i++)
			ta++;
		for (tb = 0; j < nb && b[j] == v; j++)
			tb++;
		t = ta + tb;
		for (k = 0; k < t; k++)
			r2[pos + k] = (long)(2 * pos + t + 1);
		obs += (long)(2 * pos + t + 1) * (long)ta;
		pos += t;
	}
	*w = (double)obs / 2 - (double)na * ((double)na + 1) / 2;
	/* cnt[k][s]: ways to choose k of the first items with sum s */
	for (top = 0, k = 0; k < na; k++)
		top += (size_t)r2[n - 1 - k];
	cnt = xcalloc((na + 1) * (top + 1), sizeof(*cnt));
	cnt[0] = 1;
	for (i = 0; i < n; i++)
		for (k = (i + 1 < na ? i + 1 : na); k >= 1; k--)
			for (s = top; s >= (size_t)r2[i]; s--)
				cnt[k * (top + 1) + s] += cnt[(k - 1) *
				    (top + 1) + s - (size_t)r2[i]];
	for (sum = 0; sum <= (long)top; sum++) {
		double c = cnt[na * (top + 1) + (size_t)sum];

		total += c;
		if (sum <= obs)
			lo += c;
		if (sum >= obs)
			hi += c;
	}
	free(cnt);
	free(r2);
	p = 2 * fmin(lo, hi) / total;
	return p > 1 ? 1 : p;
}

size_t
esd_outliers(const double *v, size_t n, double alpha, size_t max_out,
    unsigned char *out)
{
	struct idx_value *s;
	size_t *idx = xcalloc(max_out + 1, sizeof(*idx));
	size_t lo = 0, hi, k, i, found = 0, nk;
	double shift, sum = 0, sumsq = 0, mean, var, sd, dl, dh, r, d;
	double lambda, t, p;

	memset(out, 0, n);
	if (n < 3) {
		free(idx);
		return 0;
	}
	s = xcalloc(n, sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].v = v[i];
		s[i].i = i;
	}
	qsort(s, n, sizeof(*s), cmp_idx_value);
	shift = s[n / 2].v;
	for (i = 0; i < n; i++) {
		d = s[i].v - shift;
		sum += d;
		sumsq += d * d;
	}
	hi = n - 1;
	for (k = 0; k < max_out && n - k > 2; k++) {
		nk = n - k;
		mean = sum / (double)nk;
		var = (sumsq - sum * mean) / (double)(nk - 1);
		sd = var > 0 ? sqrt(var) : 0;
		if (sd == 0)
			break;
		dl = fabs(s[lo].v - shift - mean);
		dh = fabs(s[hi].v - shift - mean);
		if (dh >= dl) {
			r = dh / sd;
			idx[k] = s[hi].i;
			d = s[hi--].v - shift;
		} else {
			r = dl / sd;
			idx[k] = s[lo].i;
			d = s[lo++].v - shift;
		}
		sum -= d;
		sumsq -= d * d;
		/* lambda_i with n - i + 1 values before the i-th removal */
		p = 1 - alpha / (2 * (double)nk);
		t = gsl_cdf_tdist_Pinv(p, (double)nk - 2);
		lambda = ((double)nk - 1) * t / sqrt(((double)nk - 2 + t * t) *
		    (double)nk);
		if (r > lambda)
			found = k + 1;
	}
	for (k = 0; k < found; k++)
		out[idx[k]] = 1;
	free(idx);
	free(s);
	return found;
}

double
welch_test(const double *a, size_t na, const double *b, size_t nb,
    double conf, struct welch *w)
{
	struct moments ma, mb;
	double va, vb, q;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->p = w->t = w->lo = w->hi = w->diff = w->df = NAN;
	if (na < 2 || nb < 2)
		return NAN;
	memset(&ma, 0, sizeof(ma));
	memset(&mb, 0, sizeof(mb));
	for (i = 0; i < na; i++)
		moments_add(&ma, a[i]);
	for (i = 0; i < nb; i++)
		moments_add(&mb, b[i]);
	va = ma.m2 / (double)(na - 1) / (double)na;
	vb = mb.m2 / (double)(nb - 1) / (double)nb;
	w->diff = mb.mean - ma.mean;
	w->se = sqrt(va + vb);
	if (w->se == 0)
		return NAN;	/* the difference, and no interval */
	w->t = w->diff / w->se;
	w->df = (va + vb) * (va + vb) / (va * va / (double)(na - 1) +
	    vb * vb / (double)(nb - 1));
	w->p = 2 * gsl_cdf_tdist_Q(fabs(w->t), w->df);
	q = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, w->df);
	w->lo = w->diff - q * w->se;
	w->hi = w->diff + q * w->se;
	return w->p;
}

struct pidx {
	double	 p;
	size_t	 i;
};

static int
cmp_pidx(const void *x, const void *y)
{
	double a = ((const struct pidx *)x)->p, b = ((const struct pidx *)y)->p;

	return (a > b) - (a < b);
}

static struct pidx *
sorted_p(const double *p, size_t n)
{
	struct pidx *s = xcalloc(n ? n : 1, sizeof(*s));
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].p = p[i];
		s[i].i = i;
	}
	qsort(s, n, sizeof(*s), cmp_pidx);
	return s;
}

/* As R's p.adjust(p, "holm"): max over j <= i of (n - j) p_(j), capped. */
void
p_adjust_holm(const double *p, size_t n, double *out)
{
	struct pidx *s = sorted_p(p, n);
	double run = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = fmin(1, (double)(n - i) * s[i].p);
		run = fmax(run, v);
		out[s[i].i] = run;
	}
	free(s);
}

/* As R's p.adjust(p, "BH"): min over j >= i of n p_(j) / j, capped. */
void
p_adjust_bh(const double *p, size_t n, double *out)
{
	struct pidx *s = sorted_p(p, n);
	double run = 1, v;
	size_t i;

	for (i = n; i-- > 0;) {
		v = fmin(1, (double)n * s[i].p / (double)(i + 1));
		run = fmin(run, v);
		out[s[i].i] = run;
	}
	free(s);
}

double
chisq_gof(const double *count, const double *weight, size_t k,
    double *stat)
{
	double total = 0, wsum = 0, e, x2 = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		total += count[i];
		wsum += weight[i];
	}
	for (i = 0; i < k; i++) {
		e = total * weight[i] / wsum;
		if (e > 0)
			x2 += (count[i] - e) * (count[i] - e) / e;
		else if (count[i] > 0) {
			/* counts where none were expected: no chance at all */
			*stat = INFINITY;
			return 0;
		}
	}
	*stat = x2;
	return k > 1 ? gsl_cdf_chisq_Q(x2, (double)(k - 1)) : NAN;
}

void
median_ci(const double *v, size_t n, double conf, double *lo, double *hi)
{
	size_t k;

	*lo = *hi = NAN;
	if (n == 0)
		return;
	/*
	 * [v_(k+1), v_(n-k)] (1-based) covers the median with probability
	 * 1 - 2 P(B <= k), B ~ Binomial(n, 1/2): take the largest k that
	 * keeps it at least conf.
	 */
	for (k = 0; k + 1 < (n + 1) / 2 &&
	    1 - 2 * gsl_cdf_binomial_P((unsigned)(k + 1), 0.5, (unsigned)n) >=
	    conf; k++)
		;
	*lo = v[k];
	*hi = v[n - 1 - k];
}

double
sample_size(double delta, double sd, double alpha, double power)
{
	return t2_sample_size(delta, sd, alpha, power);
}

/*
 * Doubles as unsigned integers in the same order, so that a bisection
 * over them ends on one value in at most 64 steps.
 */
static uint64_t
dbl_key(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	return b >> 63 ? ~b : b | (uint64_t)1 << 63;
}

static double
key_dbl(uint64_t k)
{
	double x;

	k = k >> 63 ? k & ~((uint64_t)1 << 63) : ~k;
	memcpy(&x, &k, sizeof(x));
	return x;
}

/* How many of the differences b_j - a_i are at most t: O(na + nb). */
static uint64_t
diffs_le(const double *a, size_t na, const double *b, size_t nb, double t)
{
	uint64_t n = 0;
	size_t i = 0, j;

	/* b_j - a_i <= t for the a_i from i on; i rises as b_j grows */
	for (j = 0; j < nb; j++) {
		while (i < na && b[j] - a[i] > t)
			i++;
		n += na - i;
	}
	return n;
}

/*
 * The k-th smallest (1-based) of the na nb differences b_j - a_i of
 * sorted a and b, never listed: the least double t with at least k
 * differences at most t, by bisection over the doubles' order.
 */
static double
diff_kth(const double *a, size_t na, const double *b, size_t nb,
    uint64_t k)
{
	uint64_t lo = dbl_key(b[0] - a[na - 1]), hi = dbl_key(b[nb - 1] - a[0]);
	uint64_t mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (diffs_le(a, na, b, nb, key_dbl(mid)) >= k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return key_dbl(lo) + 0.0;	/* -0 as 0 */
}

/* Whether sorted a and b have a value twice, within or across them. */
static int
any_ties(const double *a, size_t na, const double *b, size_t nb)
{
	size_t i, j;

	for (i = 1; i < na; i++)
		if (a[i] == a[i - 1])
			return 1;
	for (j = 1; j < nb; j++)
		if (b[j] == b[j - 1])
			return 1;
	for (i = 0, j = 0; i < na && j < nb;)
		if (a[i] == b[j])
			return 1;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	return 0;
}

/* The sum of t^3 - t over the runs of t equal values of sorted v. */
static double
tie_sum(const double *v, size_t n)
{
	double s = 0, t;
	size_t i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j] == v[i]; j++)
			;
		t = (double)(j - i);
		s += t * t * t - t;
	}
	return s;
}

/*
 * R's qwilcox(p, na, nb): the least q with P(W <= q) >= p, p lowered by
 * 10 DBL_EPSILON as R does so that a sum of rounded terms still meets it.
 */
static uint64_t
wilcox_quantile(double p, size_t na, size_t nb)
{
	double *c = u_counts(na, nb), total = 0, run = 0;
	size_t deg = na * nb, q;

	for (q = 0; q <= deg; q++)
		total += c[q];
	p -= 10 * DBL_EPSILON;
	for (q = 0; q < deg; q++) {
		run += c[q] / total;
		if (run >= p)
			break;
	}
	free(c);
	return q;
}

void
hodges_lehmann(const double *a, size_t na, const double *b, size_t nb,
    double conf, double *est, double *lo, double *hi)
{
	uint64_t n = (uint64_t)na * nb, k;
	double zq, sigma, c, nn = (double)(na + nb);

	*est = *lo = *hi = NAN;
	if (na == 0 || nb == 0)
		return;
	*est = n % 2 ? diff_kth(a, na, b, nb, n / 2 + 1) :
	    (diff_kth(a, na, b, nb, n / 2) + diff_kth(a, na, b, nb,
	    n / 2 + 1)) / 2;
	if (na < 50 && nb < 50 && !any_ties(a, na, b, nb)) {
		/* R: qu <- qwilcox(alpha/2, ...); diffs[c(qu, mn + 1 - qu)] */
		k = wilcox_quantile((1 - conf) / 2, na, nb);
		if (k == 0)
			k = 1;
	} else {
		/*
		 * R inverts the corrected normal test by a root search;
		 * between two differences the shifted samples tie only
		 * within themselves, and (U - mn/2 - 1/2) / sigma passes
		 * z at a difference: count floor(c) of them from the top.
		 */
		zq = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
		sigma = sqrt((double)na * (double)nb / 12 * ((nn + 1) -
		    (tie_sum(a, na) + tie_sum(b, nb)) / (nn * (nn - 1))));
		c = floor((double)n / 2 + 0.5 + zq * sigma);
		k = c >= (double)n ? 1 : (uint64_t)((double)n - c);
		if (k == 0)
			k = 1;
	}
	if (k > n)
		k = n;
	*lo = diff_kth(a, na, b, nb, k);
	*hi = diff_kth(a, na, b, nb, n + 1 - k);
}

int
shift_verdict(double p, double alpha, double lo, double hi,
    double min_effect)
{
	if (!p_below(p, alpha))
		return 0;
	if (hi < -min_effect)
		return -1;
	if (lo > min_effect)
		return 1;
	return 0;
}
