/*
 * Change points.  Candidates come from binary segmentation of the
 * window's values under a mean-shift model (Scott & Knott 1974;
 * Vostrikova 1981): the split that most reduces the sum of squares is
 * kept while the reduction passes a penalty of 3 sigma^2 ln n, sigma
 * estimated robustly from the first differences, so that the steps
 * themselves do not inflate it.  Each candidate is then confirmed, as
 * Hunter and Apache Otava do, by a two-sample test of the points just
 * before it against the points just after it (at most LOCAL a side,
 * never across a neighbouring candidate): Mann-Whitney p, or Welch's
 * when a side is short, below --max-pvalue and a change of the medians
 * of at least --min-magnitude.
 * Both sides are first levelled by the slope common to all segments
 * (the pooled within-segment regression of an analysis of covariance),
 * so that a drift, which binary segmentation cuts into pieces, is no
 * step: what is compared is the level just before the change against
 * the level just after it.
 * Benchmark histories are autocorrelated: taken as independent, the slow
 * swings of AR(1) noise of lag-1 autocorrelation 0.5 gave 0.5 to 0.85
 * false change points a series of 50 to 500 points.  The lag-1
 * autocorrelation rho of the residuals within segments inflates both
 * stages: the penalty by the long-run variance (lr_factor), the tests by
 * an effective sample size n (1 - rho) / (1 + rho) a side (Bartlett 1946;
 * Zwiers & von Storch 1995).  bench/changepoints measures both.
 *
 * Binary segmentation is O(n log n) when its splits are even, and at most
 * CAND_MAX scans of the window when they are not; PELT, the other usual
 * choice, is quadratic on a series without changes, too slow for long
 * histories.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "diag.h"
#include "stats.h"
#include "htest.h"
#include "trend.h"

#define MIN_SEG	5	/* points in the smallest segment */
#define SHORT_SEG 3	/* the same, in a short window */
#define SHORT_N	30	/* points in a window that is not short */
#define SMALL_SIDE 10	/* a side of fewer points is tested by Welch */
#define LOCAL	100	/* points a side for the confirming test */
#define CAND_MAX 256	/* candidates of a window at most */
#define RHO_MAX	0.95	/* the noise's lag-1 autocorrelation at most */
#define RHO_BIAS_M 6	/* segments of fewer points a mean: no correction */
#define RHO_ROUNDS 3	/* segmentations for an autocorrelated window */

static const char *const sev_names[] = { "", "minor", "moderate", "major" };

const char *
severity_name(int s)
{
	return s >= SEV_NONE && s <= SEV_MAJOR ? sev_names[s] : "";
}

int
severity_parse(const char *s)
{
	int i;

	for (i = SEV_MINOR; i <= SEV_MAJOR; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

/* Robust noise level: MAD of the first differences, over sqrt 2. */
static double
noise_sd(const double *v, size_t n)
{
	double *d, med, mad;
	size_t i;

	if (n < 3)
		return 0;
	d = xcalloc(n - 1, sizeof(*d));
	for (i = 0; i + 1 < n; i++)
		d[i] = v[i + 1] - v[i];
	mad = stat_mad(d, n - 1, &med);
	free(d);
	return mad / MAD_Z / sqrt(2);
}

/*
 * The fewest points of a part.  Five a part make the confirming test
 * able to see a step, but a nightly benchmark's window of 10 to 20 points
 * would then miss a step 4 points from either end: a short window's
 * parts may have 3, which Welch's test confirms only on a clear step.
 */
static size_t
min_part(size_t n)
{
	return n < SHORT_N ? SHORT_SEG : MIN_SEG;
}

/* A part of the window and its best split, to be split if worth it. */
struct part {
	size_t	 a, b, k;
	double	 gain;
};

static int
cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

/* Prefix sums of the centred values, s1 and s2, and the noise penalty. */
struct sums {
	double	*s1, *s2;
	size_t	 min;		/* points in the smallest part */
};

/* The sum of squares of [a, b) about its mean. */
static double
ss(const struct sums *z, size_t a, size_t b)
{
	double d = z->s1[b] - z->s1[a];

	return (z->s2[b] - z->s2[a]) - d * d / (double)(b - a);
}

/* The best split of [a, b): p->k (0 for none) and its gain. */
static void
best_split(const struct sums *z, size_t a, size_t b, struct part *p)
{
	double c, gain;
	size_t k;

	p->a = a;
	p->b = b;
	p->k = 0;
	p->gain = 0;
	if (b - a < 2 * z->min)
		return;
	c = ss(z, a, b);
	for (k = a + z->min; k + z->min <= b; k++) {
		gain = c - ss(z, a, k) - ss(z, k, b);
		if (gain > p->gain) {
			p->gain = gain;
			p->k = k;
		}
	}
}

/* A max-heap of parts by gain. */
static void
heap_push(struct part *h, size_t *n, struct part p)
{
	size_t i = (*n)++, up;

	for (; i > 0 && h[up = (i - 1) / 2].gain < p.gain; i = up)
		h[i] = h[up];
	h[i] = p;
}

static struct part
heap_pop(struct part *h, size_t *n)
{
	struct part top = h[0], last = h[--*n];
	size_t i = 0, c;

	for (; (c = 2 * i + 1) < *n; i = c) {
		if (c + 1 < *n && h[c + 1].gain > h[c].gain)
			c++;
		if (h[c].gain <= last.gain)
			break;
		h[i] = h[c];
	}
	h[i] = last;
	return top;
}

/*
 * Candidates by binary segmentation; returns how many, sorted.  The
 * penalty is inflate times 3 sigma^2 ln n (see lr_factor).  Parts
 * are split in order of decreasing gain, at most CAND_MAX times: the
 * same candidates as splitting in any order when there are fewer, and
 * bounded time when a long window splits unevenly again and again (a
 * sawtooth or a daily cycle), each split costing a scan of its part.
 */
static size_t
segment(const double *v, size_t n, double inflate, size_t **out)
{
	struct sums z;
	struct part *heap, p, l, r;
	double mean = 0, sigma, beta, c;
	size_t *cand = NULL, nc = 0, nh = 0, i;

	*out = NULL;
	z.min = min_part(n);
	if (n < 2 * z.min)
		return 0;
	for (i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	/* Prefix sums of the centred values keep their digits. */
	z.s1 = xcalloc(n + 1, sizeof(*z.s1));
	z.s2 = xcalloc(n + 1, sizeof(*z.s2));
	for (i = 0; i < n; i++) {
		c = v[i] - mean;
		z.s1[i + 1] = z.s1[i] + c;
		z.s2[i + 1] = z.s2[i] + c * c;
	}
	sigma = noise_sd(v, n);
	beta = 3 * inflate * sigma * sigma * log((double)n);
	if (beta <= 0)
		beta = 1e-12 * (z.s2[n] > 0 ? z.s2[n] : 1);
	heap = xcalloc(2 * CAND_MAX + 2, sizeof(*heap));
	best_split(&z, 0, n, &p);
	heap_push(heap, &nh, p);
	while (nh > 0 && nc < CAND_MAX) {
		p = heap_pop(heap, &nh);
		if (p.k == 0 || p.gain <= beta)
			break;		/* the best left is not worth it */
		cand = xreallocarray(cand, nc + 1, sizeof(*cand));
		cand[nc++] = p.k;
		best_split(&z, p.a, p.k, &l);
		best_split(&z, p.k, p.b, &r);
		heap_push(heap, &nh, l);
		heap_push(heap, &nh, r);
	}
	free(heap);
	free(z.s1);
	free(z.s2);
	if (nc > 1)
		qsort(cand, nc, sizeof(*cand), cmp_size);
	*out = cand;
	return nc;
}

/*
 * The common slope of the segments between candidates: the pooled
 * within-segment regression (an analysis of covariance with a level per
 * segment), over the whole window, so that it is estimated from all the
 * points while each step only moves a level.  Its variance is s2 / sxx,
 * s2 the residual variance with df degrees of freedom.
 */
struct slope {
	double	 b, s2, sxx, df;
};

static void
common_slope(const double *v, size_t n, const size_t *cand, size_t nc,
    struct slope *sl)
{
	double sxy = 0, sxx = 0, syy = 0, mx, mv, dx;
	size_t seg, a, b, i, nseg = 0;

	for (seg = 0; seg <= nc; seg++) {
		a = seg > 0 ? cand[seg - 1] : 0;
		b = seg < nc ? cand[seg] : n;
		if (b - a < 2)
			continue;
		nseg++;
		mx = mv = 0;
		for (i = a; i < b; i++) {
			mx += (double)i;
			mv += v[i];
		}
		mx /= (double)(b - a);
		mv /= (double)(b - a);
		for (i = a; i < b; i++) {
			dx = (double)i - mx;
			sxy += dx * (v[i] - mv);
			sxx += dx * dx;
			syy += (v[i] - mv) * (v[i] - mv);
		}
	}
	sl->b = sxx > 0 ? sxy / sxx : 0;
	sl->sxx = sxx;
	sl->df = (double)n - (double)nseg - 1;
	sl->s2 = sxx > 0 && sl->df > 0 ?
	    fmax(0, syy - sl->b * sxy) / sl->df : 0;
}

/*
 * The lag-1 autocorrelation of the noise: that of the residuals of the
 * segments between candidates about their levels and the common slope,
 * pooled (the sums of lagged products and of squares of all segments,
 * lags never across a candidate), clamped to [0, RHO_MAX].  Removing a
 * mean from m points biases the estimate down by about (1 + 3 rho) / m
 * (Marriott & Pope 1954), which is corrected for with m the mean length
 * of the segments (when at least RHO_BIAS_M: below, the correction would
 * be mostly noise).  Each segment's level is also fitted to where the
 * swings put it, so that the residuals still understate rho; and one
 * window's estimate has a standard error of about sqrt((1 - rho^2) / n).
 * What is returned is the estimate plus one standard error: on 50 points
 * of rho 0.5, the estimate alone left 0.05 false change points a series,
 * its upper bound 0.02, while on independent noise it is clamped to 0 or
 * near it and a step of 10% at cv 5% is found as often as before.
 */
static double
noise_rho(const double *v, size_t n, const size_t *cand, size_t nc,
    double slope)
{
	double num = 0, den = 0, mv, mx, r, prev, rho, m;
	size_t seg, a, b, i;

	for (seg = 0; seg <= nc; seg++) {
		a = seg > 0 ? cand[seg - 1] : 0;
		b = seg < nc ? cand[seg] : n;
		if (b - a < 2)
			continue;
		mx = mv = 0;
		for (i = a; i < b; i++) {
			mx += (double)i;
			mv += v[i];
		}
		mx /= (double)(b - a);
		mv /= (double)(b - a);
		prev = 0;
		for (i = a; i < b; i++) {
			r = v[i] - mv - slope * ((double)i - mx);
			if (i > a)
				num += r * prev;
			den += r * r;
			prev = r;
		}
	}
	if (!(den > 0))
		return 0;
	rho = num / den;
	m = (double)n / (double)(nc + 1);
	if (m >= RHO_BIAS_M)
		rho = (m * rho + 1) / (m - 3);
	rho += sqrt(fmax(0, 1 - rho * rho) / (double)n);
	return fmin(RHO_MAX, fmax(0, rho));
}

/*
 * What the segmentation penalty is multiplied by for noise of lag-1
 * autocorrelation rho.  A split's reduction of the sum of squares is,
 * without a step, about the variance of the difference of the two
 * parts' means times their harmonic size: for AR(1) noise with
 * innovations of variance s_e^2 that is the long-run variance
 * s_e^2 / (1 - rho)^2 (Bartlett 1946), not the marginal variance
 * s_e^2 / (1 - rho^2).  The first differences, from which sigma comes,
 * have the variance 2 s_e^2 / (1 + rho): sigma^2 estimates
 * s_e^2 / (1 + rho), and the long-run variance is that times
 * (1 + rho) / (1 - rho)^2, 6 for rho 0.5.
 */
static double
lr_factor(double rho)
{
	return (1 + rho) / ((1 - rho) * (1 - rho));
}

/*
 * Candidates of a window whose noise may be autocorrelated: segmented
 * first as if independent, then again with the penalty for the rho of
 * the residuals, re-estimated from the fewer segments, until the
 * candidates stay the same (at most RHO_ROUNDS times).  A window whose
 * first differences have a MAD of 0 has no noise to correct for: its
 * residuals are the steps that the segmentation left (a sawtooth of more
 * teeth than CAND_MAX), not noise.
 */
static size_t
candidates(const double *v, size_t n, size_t **cand, struct slope *sl,
    double *rho)
{
	size_t nc, next, i, *c;

	*rho = 0;
	nc = segment(v, n, 1, cand);
	common_slope(v, n, *cand, nc, sl);
	if (!(noise_sd(v, n) > 0))
		return nc;	/* no noise, none autocorrelated */
	for (i = 0; i < RHO_ROUNDS; i++) {
		*rho = noise_rho(v, n, *cand, nc, sl->b);
		if (*rho <= 0)
			break;
		next = segment(v, n, lr_factor(*rho), &c);
		if (next == nc && (nc == 0 ||
		    memcmp(c, *cand, nc * sizeof(*c)) == 0)) {
			free(c);
			break;
		}
		free(*cand);
		*cand = c;
		nc = next;
		common_slope(v, n, *cand, nc, sl);
	}
	return nc;
}

/* The points of [lo, hi) less the slope times their distance from k. */
static void
level(const double *v, size_t lo, size_t hi, size_t k, double slope,
    double *out)
{
	size_t i;

	for (i = lo; i < hi; i++)
		out[i - lo] = v[i] - slope * ((double)i - (double)k);
}

/*
 * Welch's t-test of the means of the levelled sides, bw before and aw
 * after, whose centres are d points apart.  The levelling moved them by
 * the common slope times d, so the slope's variance, d^2 s2 / sxx, adds
 * to the variance of the difference, as a third term of the Welch-
 * Satterthwaite degrees of freedom (NIST e-Handbook 1.3.5.3); the slope,
 * fitted within segments, is uncorrelated with the sides' means.
 * Without that term a slope fitted on few points, taken as exact, turns
 * its own error into steps.  Noise of lag-1 autocorrelation rho makes
 * each of the three variances (1 + rho) / (1 - rho) times larger, the
 * variance of a mean of AR(1) noise for large n, and their degrees of
 * freedom those of n (1 - rho) / (1 + rho) points (at least 1).  Sides
 * without any noise differ surely (p 0) if their means do.
 */
static double
welch_levelled(const double *bw, size_t nb, const double *aw, size_t na,
    double d, const struct slope *sl, double rho)
{
	struct moments mb, ma;
	double u[3], df[3], var = 0, den = 0, t, f = (1 + rho) / (1 - rho);
	size_t i;

	memset(&mb, 0, sizeof(mb));
	memset(&ma, 0, sizeof(ma));
	for (i = 0; i < nb; i++)
		moments_add(&mb, bw[i]);
	for (i = 0; i < na; i++)
		moments_add(&ma, aw[i]);
	u[0] = mb.m2 / (double)(nb - 1) / (double)nb;
	u[1] = ma.m2 / (double)(na - 1) / (double)na;
	u[2] = sl->sxx > 0 ? d * d * sl->s2 / sl->sxx : 0;
	df[0] = (double)nb / f - 1;
	df[1] = (double)na / f - 1;
	df[2] = sl->df / f;
	for (i = 0; i < 3; i++) {
		u[i] *= f;
		df[i] = fmax(1, df[i]);
		var += u[i];
		if (u[i] > 0)
			den += u[i] * u[i] / df[i];
	}
	if (!(var > 0))
		return ma.mean != mb.mean ? 0 : 1;
	t = (ma.mean - mb.mean) / sqrt(var);
	return 2 * gsl_cdf_tdist_Q(fabs(t), var * var / den);
}

/*
 * The p-value of the two levelled sides of the candidate at k, from lo
 * to hi.  Mann-Whitney cannot go below 2/C(nb + na, nb): 0.0079 with 5
 * points a side, 0.0043 with 6 against 5, so a short window's steps could
 * never pass 0.001.  A side of fewer than SMALL_SIDE points is tested
 * instead by Welch's t-test of the means, as Hunter does; with few
 * points a side, its few degrees of freedom make it ask for a step of
 * many times the noise.  With noise of lag-1 autocorrelation rho, the
 * z of Mann-Whitney's p-value (its normal equivalent, so that an exact
 * p keeps its meaning) is multiplied by sqrt((1 - rho) / (1 + rho)): the
 * variance of the rank sum is that much larger, as for a mean, and a
 * little less (the ranks' autocorrelation is below rho), so that the
 * test is, if anything, conservative.
 */
static double
side_test(const double *bw, const double *aw, size_t lo, size_t k,
    size_t hi, const struct slope *sl, double rho)
{
	double w, p;

	if (k - lo < SMALL_SIDE || hi - k < SMALL_SIDE)
		return welch_levelled(bw, k - lo, aw, hi - k,
		    (double)(hi - lo) / 2, sl, rho);
	p = mann_whitney(bw, k - lo, aw, hi - k, &w);
	if (rho <= 0 || !(p > 0 && p < 1))
		return p;
	return 2 * gsl_cdf_ugaussian_Q(gsl_cdf_ugaussian_Qinv(p / 2) *
	    sqrt((1 - rho) / (1 + rho)));
}

static int
severity_of(double before, double after, const struct trend_opts *o)
{
	double m;

	if (before > 0 && after > 0)
		m = fabs(log(after / before));
	else
		m = log1p(fabs(after - before) / fmax(fabs(before), 1e-300));
	if (m < o->band_moderate)
		return SEV_MINOR;
	return m < o->band_major ? SEV_MODERATE : SEV_MAJOR;
}

size_t
find_changes(const struct series *s, const struct trend_opts *o,
    struct change **out)
{
	const double *v = s->v + s->from;
	size_t n = s->n - s->from, *cand, nc, i, lo, hi, nf = 0, nb, na;
	struct change *ch = NULL;
	struct slope sl;
	double *bw, *aw, before, after, p, rel, rho;

	*out = NULL;
	nc = candidates(v, n, &cand, &sl, &rho);
	for (i = 0; i < nc; i++) {
		lo = i > 0 ? cand[i - 1] : 0;
		hi = i + 1 < nc ? cand[i + 1] : n;
		if (cand[i] - lo > LOCAL)
			lo = cand[i] - LOCAL;
		if (hi - cand[i] > LOCAL)
			hi = cand[i] + LOCAL;
		nb = cand[i] - lo;
		na = hi - cand[i];
		if (nb < min_part(n) || na < min_part(n))
			continue;
		bw = xcalloc(nb, sizeof(*bw));
		aw = xcalloc(na, sizeof(*aw));
		level(v, lo, cand[i], cand[i], sl.b, bw);
		level(v, cand[i], hi, cand[i], sl.b, aw);
		/* Bonferroni: each candidate is one more test. */
		p = fmin(1, side_test(bw, aw, lo, cand[i], hi, &sl, rho) *
		    (double)nc);
		before = stat_median(bw, nb);
		after = stat_median(aw, na);
		free(bw);
		free(aw);
		rel = before != 0 ? fabs(after / before - 1) :
		    after != 0 ? INFINITY : 0;
		if (!(p < o->max_pvalue) || rel < o->min_magnitude)
			continue;
		ch = xreallocarray(ch, nf + 1, sizeof(*ch));
		ch[nf].at = s->from + cand[i];
		ch[nf].before = before;
		ch[nf].after = after;
		ch[nf].p = p;
		ch[nf].severity = severity_of(before, after, o);
		ch[nf].regression = s->better == BETTER_HIGHER ?
		    after < before : after > before;
		nf++;
	}
	free(cand);
	*out = ch;
	return nf;
}
